package server

import "github.com/corvidcache/corvid/engine"

// prefetchDepth is how many pipelined commands' keys are prefetched at once.
const prefetchDepth = 16

// prefetchCommands starts loading the index slots, then the items, of the
// keys of the next prefetchDepth whole commands in buf from off (peek finds
// a command's key and length: resp.PeekKey, memcache.PeekKey), so that
// their cache misses overlap (engine.PrefetchSlot). It returns the offset up
// to which it looked; a lone command is left alone.
func (s *Server) prefetchCommands(db int, buf []byte, off int, peek func([]byte) ([]byte, int)) int {
	key, n := peek(buf[off:])
	if n == 0 {
		return len(buf) // not a command peek knows: no more hints this time
	}
	if off+n == len(buf) {
		return off + n // one command: nothing to overlap with
	}
	var hashes [prefetchDepth]uint64
	k := 0
	for {
		if key != nil {
			h := engine.Hash(key)
			s.eng.PrefetchSlot(db, h)
			hashes[k] = h
			k++
		}
		off += n
		if k == len(hashes) || off == len(buf) {
			break
		}
		if key, n = peek(buf[off:]); n == 0 {
			off = len(buf)
			break
		}
	}
	for _, h := range hashes[:k] {
		s.eng.PrefetchItem(db, h)
	}
	return off
}
