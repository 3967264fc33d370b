package server

import (
	"context"
	"sync/atomic"

	"github.com/panjf2000/gnet/v2"

	"github.com/corvidcache/corvid/protocol/resp"
	"github.com/corvidcache/corvid/redisext"
)

// respConn is the Redis-protocol side of a connection: its redisext
// context, and the gnet.Conn it pushes pub/sub messages to.
type respConn struct {
	ctx    *redisext.Ctx
	cs     *conn
	gc     gnet.Conn    // for Push from other loops (cs.gc is cleared on close)
	pushed atomic.Int64 // bytes pushed and not yet queued on the loop
	// softSince is when (Unix s) the output went over its class's soft
	// client-output-buffer-limit, 0 if it is under; touched only on the
	// connection's loop.
	softSince int64
}

func newRespConn(s *Server, cs *conn) *respConn {
	rc := &respConn{cs: cs, gc: cs.gc}
	cl := redisext.NewClient(cs.id, rc, s.clock.Now(), s.requirePass() == "")
	rc.ctx = redisext.NewCtx(s.redis, cl)
	cs.rp.MaxBulkLen = s.cfg.ProtoMaxBulkLen
	cs.rp.RequireAuth = !cl.Authenticated
	return rc
}

// respTraffic serves what a Redis-protocol connection sent: every complete
// command in the buffer, replies written once.
func (s *Server) respTraffic(c gnet.Conn, cs *conn) gnet.Action {
	if !cs.resumeIfDrained(c) {
		return gnet.None
	}
	rc := cs.rc
	ctx := rc.ctx
	s.clock.Refresh()
	ctx.StartBatch()
	buf, _ := c.Peek(-1)
	off := 0
	action := gnet.None
	pause := false
	ctx.Out = cs.out
	draining := cs.draining.Load()
	if ctx.IsBlocked() && ctx.ResumeBlocked() {
		// Still in a blocking command (BLPOP...): what it sent since stays
		// buffered until the command is served, times out or is unblocked
		// (Redis leaves it in the query buffer). A stopping server closes
		// it, as Redis does when it shuts down.
		cs.out = ctx.Out
		ctx.Out = nil
		ctx.FlushStats()
		if draining {
			cs.flush(c, true)
			return gnet.Close
		}
		return gnet.None
	}
	cs.rp.MaxBulkLen = s.cfg.ProtoMaxBulkLen // CONFIG SET applies to open connections
	// The commands before pfEnd have had their keys prefetched (from the
	// second command on, as for memcached).
	pfEnd := 0
	cmds := 0
	for off < len(buf) {
		if off > 0 && off >= pfEnd {
			pfEnd = s.prefetchCommands(ctx.DB(), buf, off, resp.PeekKey)
		}
		if len(ctx.Out)+c.OutboundBuffered() > s.maxOut {
			pause = true
			break
		}
		cs.rp.RequireAuth = !ctx.Client.Authenticated
		used, err := cs.rp.Next(buf[off:], &cs.rreq)
		if err != nil {
			if err == resp.ErrIncomplete {
				if lim := s.cfg.ClientQueryBufferLimit; lim > 0 && int64(cs.rp.Need()) > lim {
					ctx.Out = resp.AppendError(ctx.Out, "ERR Protocol error: query buffer limit exceeded")
					action = gnet.Close
				}
				break
			}
			if pe, ok := err.(*resp.Error); ok {
				ctx.Out = append(ctx.Out, pe.Reply...)
			}
			action = gnet.Close
			break
		}
		if len(cs.rreq.Args) > 0 && ctx.PauseWait(cs.rreq.Args) {
			break // CLIENT PAUSE: left unread until the pause ends and wakes us
		}
		off += used
		if len(cs.rreq.Args) == 0 {
			continue
		}
		cs.ctr[stRespCommands]++
		cmds++
		if ctx.Dispatch(cs.rreq.Args) {
			action = gnet.Close
			break
		}
		// Serve the clients blocked on keys the command filled (Redis's
		// handleClientsBlockedOnKeys; one atomic load when none).
		s.redis.Blocked.Serve()
		if ctx.IsBlocked() {
			break // the rest waits until the blocking command ends
		}
	}
	if off > 0 {
		_, _ = c.Discard(off) // Discard(0) would drop the whole buffer
	}
	cs.ctr[stBytesRead] += uint64(off)
	ctx.Client.LastActive.Store(s.clock.Now())
	// client-output-buffer-limit normal (0 0 0 by default: no limit; the
	// unread-output pause above bounds memory either way). A subscribed
	// client is checked against the pubsub class when messages reach it.
	if lim := &s.cfg.ClientOutputBufferLimit[ClientNormal]; (lim.Hard > 0 || lim.Soft > 0) && action != gnet.Close &&
		!ctx.Client.Subscribed() && s.overOutputLimit(ClientNormal, int64(len(ctx.Out)+c.OutboundBuffered()), rc) {
		s.log.Printf("Client id=%d addr=%s scheduled to be closed ASAP for overcoming of output buffer limits.", ctx.Client.ID, rc.RemoteAddr())
		ctx.Out = ctx.Out[:0]
		action = gnet.Close
	}
	cs.out = ctx.Out
	if draining {
		cs.noteDrainInput(off > 0)
	}
	cs.flush(c, action == gnet.Close || draining || cmds < 2)
	ctx.Out = nil
	switch {
	case action == gnet.Close:
	case pause:
		cs.pause(c)
	case draining && !ctx.IsBlocked() && cs.drained(c):
		// Stopping: everything the client sent is answered and written.
		action = gnet.Close
	}
	ctx.FlushStats()
	cs.flushStats()
	return action
}

// Push implements redisext.Conn: queue msg on the connection's event loop.
// A subscriber that does not read is closed once its output passes the
// pubsub client-output-buffer-limit: the messages queued for its loop are
// checked against the hard limit here, its unsent output on the loop once
// each message is written (hard limit, or soft limit for longer than its
// seconds), so neither grows past the limit.
func (rc *respConn) Push(msg []byte) bool {
	gc := rc.gc
	if gc == nil || rc.ctx.Client.Closed.Load() {
		return false
	}
	s := rc.cs.s
	if lim := s.cfg.ClientOutputBufferLimit[ClientPubSub].Hard; lim > 0 && rc.pushed.Load()+int64(len(msg)) > lim {
		if !rc.ctx.Client.Closed.Swap(true) {
			s.log.Printf("Client id=%d addr=%s scheduled to be closed ASAP for overcoming of output buffer limits.", rc.ctx.Client.ID, rc.RemoteAddr())
			_ = gc.Close()
		}
		return false
	}
	b := append([]byte(nil), msg...)
	rc.pushed.Add(int64(len(b)))
	err := gc.EventLoop().Execute(context.Background(), gnet.RunnableFunc(func(context.Context) error {
		rc.pushed.Add(-int64(len(b)))
		cs := rc.cs
		c := cs.gc
		if c == nil {
			return nil // closed meanwhile
		}
		// Behind whatever the connection's commands have queued (its
		// SUBSCRIBE reply may still be waiting for the loop's writer).
		cs.out = append(cs.out, b...)
		cs.flush(c, true)
		if s.overPubsubLimit(c, rc) && !rc.ctx.Client.Closed.Swap(true) {
			s.log.Printf("Client id=%d addr=%s scheduled to be closed ASAP for overcoming of output buffer limits.", rc.ctx.Client.ID, rc.RemoteAddr())
			return c.Close()
		}
		return nil
	}))
	return err == nil
}

// Close implements redisext.Conn.
func (rc *respConn) Close() {
	if gc := rc.cs.gc; gc != nil {
		_ = gc.Close()
	}
}

// RemoteAddr implements redisext.Conn.
func (rc *respConn) RemoteAddr() string {
	if gc := rc.cs.gc; gc != nil && gc.RemoteAddr() != nil {
		return gc.RemoteAddr().String()
	}
	return ""
}

// LocalAddr implements redisext.Conn.
func (rc *respConn) LocalAddr() string {
	if gc := rc.cs.gc; gc != nil && gc.LocalAddr() != nil {
		return gc.LocalAddr().String()
	}
	return ""
}

// FD implements redisext.Conn.
func (rc *respConn) FD() int {
	if gc := rc.cs.gc; gc != nil {
		return gc.Fd()
	}
	return -1
}

// OutputBuffered implements redisext.Conn (read by CLIENT LIST from another
// goroutine: approximate).
func (rc *respConn) OutputBuffered() int { return int(rc.pushed.Load()) }

// overPubsubLimit reports whether a subscriber's unsent output passed the
// client-output-buffer-limit for pubsub clients. It runs on the
// subscriber's loop.
func (s *Server) overPubsubLimit(c gnet.Conn, rc *respConn) bool {
	// Unsent output plus the messages still queued behind it for the loop.
	return s.overOutputLimit(ClientPubSub, int64(c.OutboundBuffered())+rc.pushed.Load(), rc)
}

// overOutputLimit reports whether out bytes of unsent output pass the
// client-output-buffer-limit of class: the hard limit, or the soft limit
// continuously for more than its seconds (Redis's
// checkClientOutputBufferLimits). It runs on the client's loop.
func (s *Server) overOutputLimit(class int, out int64, rc *respConn) bool {
	lim := s.cfg.ClientOutputBufferLimit[class]
	if lim.Hard > 0 && out > lim.Hard {
		return true
	}
	if lim.Soft > 0 && out > lim.Soft {
		now := s.clock.Now() / 1000
		if rc.softSince == 0 {
			rc.softSince = now
			return false
		}
		return now-rc.softSince > lim.Seconds
	}
	rc.softSince = 0
	return false
}

// requirePass returns the configured password.
func (s *Server) requirePass() string {
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	return s.cfg.RequirePass
}
