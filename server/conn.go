package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/panjf2000/gnet/v2"

	"github.com/corvidcache/corvid/protocol/memcache"
	"github.com/corvidcache/corvid/protocol/resp"
)

// maxKeptOut is the output buffer capacity a connection keeps between
// batches; a larger one (after a big multi-get) is dropped (redcon's
// maxBufferCap).
const maxKeptOut = 256 << 10

// maxOutput is the unsent output (reply buffer plus gnet's outbound
// buffer) above which a connection stops being served until it drains to
// half of it.
const maxOutput = 1 << 20

// drainQuiet is how long a stopping server waits without input from a
// connection before closing it.
const drainQuiet = 30 * time.Millisecond

// conn is one client connection's state. It is touched only by the event
// loop that owns the connection, except lastActive and paused (read by the
// ticker).
type conn struct {
	s     *Server
	gc    gnet.Conn
	id    uint64
	resp  bool
	loop  *loopStats
	since int64 // Unix seconds at accept

	// memcached
	mcp     memcache.Parser
	req     memcache.Request
	swallow int64 // data bytes still to discard after a refused storage command
	getSkip int   // keys of the current get already answered (a suspended get)

	// Redis
	rp   resp.Parser
	rreq resp.Request
	rc   *respConn

	out        []byte
	queued     bool // on its loop's writer list, out not yet written
	ctr        [numStats]uint64
	lastActive atomic.Int64 // Unix seconds of the last command
	paused     atomic.Bool  // not read until its output drains
	draining   atomic.Bool  // the server is stopping: answer what was read, then close
	closing    bool         // the client closed: answer what was read, in OnClose
	cmdCount   uint32
	lastInput  time.Time // when input last arrived (for the drain on stop)
}

func (s *Server) newConn(c gnet.Conn) *conn {
	cs := &conn{
		s:     s,
		gc:    c,
		id:    s.conns.nextID.Add(1),
		resp:  s.isRESP(c),
		loop:  s.loops.get(c.EventLoop()),
		since: time.Now().Unix(),
	}
	cs.mcp.MaxItemSize = s.cfg.ItemSizeMax
	cs.mcp.NoCAS = !s.cfg.CASEnabled
	cs.lastActive.Store(cs.since)
	if cs.resp {
		cs.rc = newRespConn(s, cs)
	}
	s.conns.add(cs)
	return cs
}

func (cs *conn) release() {
	cs.out = nil
	cs.gc = nil
}

// flushStats adds the connection's counters to its loop's totals.
func (cs *conn) flushStats() {
	for i := range cs.ctr {
		if v := cs.ctr[i]; v != 0 {
			cs.loop.ctr[i].Add(v)
			cs.ctr[i] = 0
		}
	}
}

// countClass adds to a per-class counter.
func (cs *conn) countClass(id int, st classStat) {
	if id > 0 && id < len(cs.loop.cls) {
		cs.loop.cls[id][st].Add(1)
	}
}

// flush has the output buffer written once the event loop has served every
// connection that was ready with it (loopWriter), like Redis, which writes
// its replies before it sleeps rather than after each client's commands: a
// client that pipelines on several connections is woken once for all their
// replies instead of once per connection. now writes at once: for a
// connection about to close (gnet closes it when OnTraffic returns), and
// for one that sent a single command. Deferring costs an eventfd write
// per batch, and unpipelined clients did not win it back: under
// redis-benchmark GET (-t 2, 50 clients) writing at once took 6.73 µs of
// server CPU per request against 7.37 deferred (medians of 5), while
// pinned pipelines of 16 served 5-10% more deferred.
func (cs *conn) flush(c gnet.Conn, now bool) {
	if len(cs.out) == 0 {
		return
	}
	if now {
		cs.write(c)
		return
	}
	if !cs.queued && !cs.loop.writer.add(cs, c) {
		cs.write(c)
	}
}

// write hands the output buffer to gnet, which writes it (one write(2)) or
// keeps what the socket does not take.
func (cs *conn) write(c gnet.Conn) {
	cs.ctr[stBytesWritten] += uint64(len(cs.out))
	_, _ = c.Write(cs.out)
	if cap(cs.out) > maxKeptOut {
		cs.out = nil
	} else {
		cs.out = cs.out[:0]
	}
}

// loopWriter is one event loop's list of connections with output to write.
// The first connection queued in a batch posts the writer as a task to the
// loop (one eventfd write); gnet runs it after the events it is serving,
// and it writes every queued connection's output. Touched only on the loop.
//
// Deferring pays when a batch serves several connections; under a light
// load (one ready connection per wake-up) the eventfd write is pure cost.
// So the writer defers while its last batch held at least two connections,
// and otherwise writes at once, deferring one reply in sampleEvery to see
// whether batches grew.
//
// Posting costs one small allocation per batch, not per request: gnet's
// Execute wraps the task in a closure, and gnet has no task API without one.
type loopWriter struct {
	pending []*conn
	spare   []*conn
	posted  bool
	last    int // connections in the last batch written
	sample  int // immediate writes left before the next sample
}

const sampleEvery = 8

// add queues cs; false if cs should be written now: batches are small, or
// the loop takes no more tasks (it is stopping).
func (w *loopWriter) add(cs *conn, c gnet.Conn) bool {
	if !w.posted {
		if w.last < 2 {
			if w.sample > 0 {
				w.sample--
				return false
			}
			w.sample = sampleEvery
		}
		if c.EventLoop().Execute(context.Background(), w) != nil {
			return false
		}
		w.posted = true
	}
	cs.queued = true
	w.pending = append(w.pending, cs)
	return true
}

// Run implements gnet.Runnable: write every queued connection's output.
// It writes from the list it took, with pending swapped for spare, so a
// connection queued while it writes (a failed write closes the connection,
// and gnet's OnClose serves what it had read) goes to a new batch.
func (w *loopWriter) Run(context.Context) error {
	list := w.pending
	w.pending, w.spare = w.spare[:0], nil
	w.posted = false
	w.last = len(list)
	for i, cs := range list {
		list[i] = nil
		cs.queued = false
		if gc := cs.gc; gc != nil && len(cs.out) > 0 {
			cs.write(gc)
			cs.flushStats()
		}
	}
	w.spare = list[:0]
	return nil
}

// noteDrainInput starts or restarts the quiet time of a connection of a
// stopping server: from its last input, or from the first wake-up once
// stopping (input may still be in the socket, unread).
func (cs *conn) noteDrainInput(input bool) {
	if input || cs.lastInput.IsZero() {
		cs.lastInput = time.Now()
	}
}

// drained reports whether a stopping server may close the connection:
// everything the client sent is answered and written, and it has been
// quiet for drainQuiet. Waiting for a quiet moment first means the socket
// has no unread input when it closes, which would reset the connection and
// lose the replies.
func (cs *conn) drained(c gnet.Conn) bool {
	return c.InboundBuffered() == 0 && c.OutboundBuffered() == 0 && len(cs.out) == 0 &&
		time.Since(cs.lastInput) > drainQuiet
}

// overOutputLimit reports whether the connection's unsent output is past the
// bound above which it stops being read.
func (cs *conn) overOutputLimit(c gnet.Conn) bool {
	return len(cs.out)+c.OutboundBuffered() > cs.s.maxOut
}

// pause stops reading the connection until its output drains: the ticker
// wakes it, and OnTraffic resumes once less than half the bound is left.
func (cs *conn) pause(c gnet.Conn) {
	if !cs.paused.Load() {
		cs.paused.Store(true)
		cs.s.conns.setPaused(cs, true)
	}
	pauseReading(c)
}

// resumeIfDrained clears the pause when enough output has drained. It
// reports whether the connection may be served.
func (cs *conn) resumeIfDrained(c gnet.Conn) bool {
	if !cs.paused.Load() {
		return true
	}
	if c.OutboundBuffered() > cs.s.maxOut/2 {
		pauseReading(c)
		return false
	}
	cs.paused.Store(false)
	cs.s.conns.setPaused(cs, false)
	resumeReading(c)
	return true
}

// connRegistry knows every open connection (for stats conns, idle
// timeouts, CLIENT LIST) and which are paused.
type connRegistry struct {
	nextID   atomic.Uint64
	mu       sync.Mutex
	all      map[*conn]struct{}
	paused   map[*conn]struct{}
	lastIdle int64
}

func (r *connRegistry) add(cs *conn) {
	r.mu.Lock()
	if r.all == nil {
		r.all = map[*conn]struct{}{}
		r.paused = map[*conn]struct{}{}
	}
	r.all[cs] = struct{}{}
	r.mu.Unlock()
}

func (r *connRegistry) remove(cs *conn) {
	r.mu.Lock()
	delete(r.all, cs)
	delete(r.paused, cs)
	r.mu.Unlock()
}

func (r *connRegistry) setPaused(cs *conn, on bool) {
	r.mu.Lock()
	if on {
		r.paused[cs] = struct{}{}
	} else {
		delete(r.paused, cs)
	}
	r.mu.Unlock()
}

// each calls fn for every connection, under the registry lock.
func (r *connRegistry) each(fn func(cs *conn)) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for cs := range r.all {
		fn(cs)
	}
}

// tick wakes paused connections and, once a second, closes idle ones. It
// reports whether some connection is paused.
func (r *connRegistry) tick(s *Server) (paused bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for cs := range r.paused {
		if gc := cs.gc; gc != nil {
			_ = gc.Wake(nil)
		}
	}
	paused = len(r.paused) > 0
	now := s.clock.Now() / 1000 // lastActive is by the server clock
	if s.cfg.IdleTimeout <= 0 || now == r.lastIdle {
		return paused
	}
	r.lastIdle = now
	limit := int64(s.cfg.IdleTimeout)
	for cs := range r.all {
		if cs.resp {
			continue
		}
		if now-cs.lastActive.Load() > limit && !cs.paused.Load() {
			if gc := cs.gc; gc != nil {
				s.idleKicks.Add(1)
				_ = gc.Close()
			}
		}
	}
	return paused
}
