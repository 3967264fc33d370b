package server

import (
	"time"

	"github.com/panjf2000/gnet/v2"

	"github.com/corvidcache/corvid/protocol/memcache"
)

// mcAction is what a memcached handler asks of the connection afterwards.
type mcAction uint8

const (
	mcContinue mcAction = iota
	mcClose             // close after writing what is buffered
	mcSuspend           // output bound reached mid-command: run it again when drained
)

// mcHandler runs one parsed command, appending its reply to cs.out.
type mcHandler func(s *Server, cs *conn, r *memcache.Request) mcAction

// mcCommand is one row of the memcached command table.
type mcCommand struct {
	Name    string
	Flags   mcFlags
	Handler mcHandler
}

// mcFlags describe a memcached command (memcached's text_cmd_entries).
type mcFlags uint8

const (
	mcStorage mcFlags = 1 << iota // a data block follows the line
	mcMeta                        // meta protocol
	mcNoReply                     // honours noreply
	mcAdmin                       // administration command
)

// mcCommands is the only place a memcached command is registered; the parser
// has already checked token counts and numbers, so handlers do not.
var mcCommands = [numMCCommands]mcCommand{
	memcache.Get:            {"get", 0, mcGet},
	memcache.Gets:           {"gets", 0, mcGet},
	memcache.Gat:            {"gat", 0, mcGet},
	memcache.Gats:           {"gats", 0, mcGet},
	memcache.Set:            {"set", mcStorage | mcNoReply, mcStore},
	memcache.Add:            {"add", mcStorage | mcNoReply, mcStore},
	memcache.Replace:        {"replace", mcStorage | mcNoReply, mcStore},
	memcache.Append:         {"append", mcStorage | mcNoReply, mcStore},
	memcache.Prepend:        {"prepend", mcStorage | mcNoReply, mcStore},
	memcache.Cas:            {"cas", mcStorage | mcNoReply, mcStore},
	memcache.Incr:           {"incr", mcNoReply, mcIncrDecr},
	memcache.Decr:           {"decr", mcNoReply, mcIncrDecr},
	memcache.Touch:          {"touch", mcNoReply, mcTouch},
	memcache.Delete:         {"delete", mcNoReply, mcDelete},
	memcache.MetaGet:        {"mg", mcMeta, mcMetaGet},
	memcache.MetaSet:        {"ms", mcMeta | mcStorage, mcMetaSet},
	memcache.MetaDelete:     {"md", mcMeta, mcMetaDelete},
	memcache.MetaArithmetic: {"ma", mcMeta, mcMetaArith},
	memcache.MetaNoop:       {"mn", mcMeta, mcMetaNoop},
	memcache.MetaDebug:      {"me", mcMeta, mcMetaDebug},
	memcache.FlushAll:       {"flush_all", mcAdmin | mcNoReply, mcFlushAll},
	memcache.Version:        {"version", mcAdmin, mcVersion},
	memcache.Verbosity:      {"verbosity", mcAdmin | mcNoReply, mcVerbosity},
	memcache.Quit:           {"quit", mcAdmin, mcQuit},
	memcache.Shutdown:       {"shutdown", mcAdmin, mcShutdown},
	memcache.CacheMemlimit:  {"cache_memlimit", mcAdmin | mcNoReply, mcCacheMemlimit},
	memcache.Stats:          {"stats", mcAdmin, mcStats},
	memcache.Slabs:          {"slabs", mcAdmin, mcSlabs},
	memcache.LruCrawler:     {"lru_crawler", mcAdmin, mcLruCrawler},
	memcache.Lru:            {"lru", mcAdmin, mcLru},
	memcache.Watch:          {"watch", mcAdmin, mcWatch},
	memcache.DebugTime:      {"debugtime", mcAdmin, mcDebugTime},
}

// numMCCommands bounds the memcached command enum.
const numMCCommands = int(memcache.MetaDebug) + 1

// mcTraffic serves what a memcached connection sent: parse every complete
// command in the buffer (at most -R per wake-up), run it, and write all the
// replies at once.
func (s *Server) mcTraffic(c gnet.Conn, cs *conn) gnet.Action {
	draining := cs.draining.Load()
	if !cs.resumeIfDrained(c) {
		return gnet.None
	}
	if cs.swallow > 0 && !cs.swallowInput(c) {
		return gnet.None
	}
	now := s.clock.Refresh()
	s.checkPendingFlush()
	buf, _ := c.Peek(-1)
	off, n := 0, 0
	action := gnet.None
	yield, pause := false, false
	limit := s.cfg.ReqsPerEvent
	if draining || cs.closing {
		limit = 1 << 30 // stopping, or the client closed: answer what was read
	}
	// The commands before pfEnd have had their keys prefetched. Prefetching
	// starts after the first command: most reads hold just one, and
	// peeking at it would cost more than its lookup gains.
	pfEnd := 0
	for off < len(buf) {
		if n >= limit {
			yield = true
			break
		}
		if off > 0 && off >= pfEnd {
			pfEnd = s.prefetchCommands(0, buf, off, memcache.PeekKey)
		}
		if cs.overOutputLimit(c) {
			// Past the output bound. A closing client gets no more: gnet
			// makes one last write before it closes the socket, so more
			// output would only be memory held for nothing.
			pause = !cs.closing
			break
		}
		used, err := cs.mcp.Next(buf[off:], &cs.req)
		if err != nil {
			if err == memcache.ErrIncomplete {
				break
			}
			pe, ok := err.(*memcache.Error)
			if !ok {
				action = gnet.Close
				break
			}
			off += used
			cs.ctr[stBytesRead] += uint64(used)
			n++
			if s.mcParseError(cs, pe) == mcClose {
				action = gnet.Close
				break
			}
			if pe.Swallow > 0 {
				if avail := int64(len(buf) - off); pe.Swallow <= avail {
					off += int(pe.Swallow)
					cs.ctr[stBytesRead] += uint64(pe.Swallow)
				} else {
					cs.swallow = pe.Swallow - avail
					cs.ctr[stBytesRead] += uint64(avail)
					off = len(buf)
				}
			}
			continue
		}
		cmd := cs.req.Cmd
		if int(cmd) >= len(mcCommands) || mcCommands[cmd].Handler == nil {
			off += used
			cs.ctr[stBytesRead] += uint64(used)
			n++
			cs.out = append(cs.out, memcache.ReplyError...)
			continue
		}
		cs.cmdCount++
		var t0 time.Time
		if cs.cmdCount%latencySample == 0 {
			t0 = time.Now()
		}
		act := mcCommands[cmd].Handler(s, cs, &cs.req)
		if !t0.IsZero() {
			s.latency.mc[cmd].UpdateDuration(t0)
		}
		if act == mcSuspend {
			// A multi-key get filled the output bound: leave the command
			// in the buffer and resume it (after the keys answered) once
			// the output drains.
			pause = !cs.closing
			break
		}
		off += used
		cs.ctr[stBytesRead] += uint64(used)
		n++
		if act == mcClose {
			cs.closing = true // quit: whatever follows is not for us
			action = gnet.Close
			break
		}
	}
	if off > 0 {
		_, _ = c.Discard(off) // Discard(0) would drop the whole buffer
	}
	cs.lastActive.Store(now / 1000)
	if draining {
		cs.noteDrainInput(len(buf) > 0)
	}
	cs.flush(c, action == gnet.Close || draining || cs.closing || n < 2)
	switch {
	case action == gnet.Close:
	case pause:
		cs.pause(c)
	case yield:
		cs.ctr[stConnYields]++
		_ = c.Wake(nil)
	case draining && cs.drained(c):
		action = gnet.Close
	}
	cs.flushStats()
	return action
}

// swallowInput discards the data block of a refused storage command as it
// arrives. It reports whether the connection is done swallowing.
func (cs *conn) swallowInput(c gnet.Conn) bool {
	n := c.InboundBuffered()
	if int64(n) > cs.swallow {
		n = int(cs.swallow)
	}
	if n > 0 {
		_, _ = c.Discard(n)
	}
	cs.ctr[stBytesRead] += uint64(n)
	cs.swallow -= int64(n)
	return cs.swallow == 0
}

// mcParseError answers a command the parser refused.
func (s *Server) mcParseError(cs *conn, pe *memcache.Error) mcAction {
	r := &cs.req
	if r.Cmd == memcache.FlushAll {
		cs.ctr[stCmdFlush]++ // memcached counts flush_all before checking it
	}
	if r.Cmd == memcache.FlushAll && !s.flushOK {
		// memcached refuses flush_all under -F before looking at its arguments.
		if !r.Noreply {
			cs.out = append(cs.out, "CLIENT_ERROR flush_all not allowed\r\n"...)
		}
		return mcContinue
	}
	cs.out = append(cs.out, pe.Reply...)
	if pe.TooLarge {
		cs.ctr[stStoreTooLarge]++
		// memcached unlinks the old item so that stale data does not
		// outlive a failed SET (and any failed ms).
		if (r.Cmd == memcache.Set || r.Cmd == memcache.MetaSet) && len(r.Key) > 0 {
			s.eng.Delete(0, r.Key)
		}
	}
	if pe.Close {
		return mcClose
	}
	return mcContinue
}

// mcExpire converts a memcached exptime to the engine's absolute Unix ms (0
// for never): up to 30 days it is relative, above it is a Unix time, and a
// negative one is already past.
func mcExpire(exptime, now int64) int64 {
	switch {
	case exptime == 0:
		return 0
	case exptime < 0:
		return 1
	case exptime > 30*24*3600:
		if exptime*1000 <= 1 {
			return 1
		}
		return exptime * 1000
	default:
		return now + exptime*1000
	}
}

// ttlSeconds is memcached's remaining TTL: -1 for none.
func ttlSeconds(exp, now int64) int64 {
	if exp == 0 {
		return -1
	}
	d := exp - now
	if d <= 0 {
		return 0
	}
	return (d + 999) / 1000
}

// expired reports whether an absolute expiry is already past.
func expired(exp, now int64) bool { return exp != 0 && exp <= now }
