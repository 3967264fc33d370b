package server

// prefetchDepth is how many pipelined commands' keys are prefetched at once.
const prefetchDepth = 16

// prefetchCommands starts loading the index slots, then the items, of the
// keys of the next prefetchDepth whole commands in buf from off (peek finds
// a command's key and length: resp.PeekKey, memcache.PeekKey), so that
// their cache misses overlap (engine.PrefetchKeys). It returns the offset
// up to which it looked; a lone command is left alone.
func (s *Server) prefetchCommands(db int, buf []byte, off int, peek func([]byte) ([]byte, int)) int {
	key, n := peek(buf[off:])
	if n == 0 {
		return len(buf) // not a command peek knows: no more hints this time
	}
	if off+n == len(buf) {
		return off + n // one command: nothing to overlap with
	}
	var keys [prefetchDepth][]byte
	k := 0
	for {
		if key != nil {
			keys[k] = key
			k++
		}
		off += n
		if k == len(keys) || off == len(buf) {
			break
		}
		if key, n = peek(buf[off:]); n == 0 {
			off = len(buf)
			break
		}
	}
	s.eng.PrefetchKeys(db, keys[:k])
	return off
}
