package server

import (
	"github.com/panjf2000/gnet/v2"

	"github.com/corvidcache/corvid/protocol/resp"
)

// respConn is the Redis-protocol state of a connection.
type respConn struct {
	db    int
	proto int
}

func newRespConn(s *Server, cs *conn) *respConn { return &respConn{proto: resp.RESP2} }

// respTraffic serves what a Redis-protocol connection sent.
func (s *Server) respTraffic(c gnet.Conn, cs *conn) gnet.Action {
	if !cs.resumeIfDrained(c) {
		return gnet.None
	}
	buf, _ := c.Peek(-1)
	off := 0
	action := gnet.None
	pause := false
	for off < len(buf) {
		if cs.overOutputLimit(c) {
			pause = true
			break
		}
		used, err := cs.rp.Next(buf[off:], &cs.rreq)
		if err != nil {
			if err == resp.ErrIncomplete {
				break
			}
			if pe, ok := err.(*resp.Error); ok {
				cs.out = append(cs.out, pe.Reply...)
			}
			action = gnet.Close
			break
		}
		off += used
		if len(cs.rreq.Args) == 0 {
			continue
		}
		cs.ctr[stRespCommands]++
		if s.respDispatch(cs, cs.rreq.Args) {
			action = gnet.Close
			break
		}
	}
	if off > 0 {
		_, _ = c.Discard(off) // Discard(0) would drop the whole buffer
	}
	cs.ctr[stBytesRead] += uint64(off)
	cs.flush(c)
	if pause && action != gnet.Close {
		cs.pause(c)
	}
	cs.flushStats()
	return action
}
