package redisext

import (
	"sync/atomic"
	"testing"
)

// wakeConn is a Conn that counts the wake-ups of a blocked client.
type wakeConn struct{ wakes atomic.Int32 }

func (w *wakeConn) Push([]byte) bool       { return true }
func (w *wakeConn) Close()                 {}
func (w *wakeConn) RemoteAddr() string     { return "127.0.0.1:1" }
func (w *wakeConn) LocalAddr() string      { return "127.0.0.1:2" }
func (w *wakeConn) FD() int                { return -1 }
func (w *wakeConn) OutputBuffered() int    { return 0 }
func (w *wakeConn) Wake()                  { w.wakes.Add(1) }
func (w *wakeConn) woken() int             { return int(w.wakes.Load()) }
func (e *kvEnv) waiter(id uint64) *waitEnv { return newWaitEnv(e, id) }

// waitEnv is a second client on kvEnv's server, which may block.
type waitEnv struct {
	e    *kvEnv
	c    *Ctx
	conn *wakeConn
}

func newWaitEnv(e *kvEnv, id uint64) *waitEnv {
	conn := &wakeConn{}
	e.eng.SetWriteLog(e.c.Watches) // as the server does: writes reach the registry
	return &waitEnv{e: e, c: NewCtx(e.c.Shared, NewClient(id, conn, e.host.Now(), true)), conn: conn}
}

// do runs a command; a blocking one that blocks replies nothing.
func (w *waitEnv) do(args ...string) string {
	w.e.t.Helper()
	b := make([][]byte, len(args))
	for i, a := range args {
		b[i] = []byte(a)
	}
	w.c.Out = w.c.Out[:0]
	w.c.Dispatch(b)
	return string(w.c.Out)
}

// resume returns the reply of the command the client waited in, or
// "blocked".
func (w *waitEnv) resume() string {
	w.c.Out = w.c.Out[:0]
	if w.c.ResumeBlocked() {
		return "blocked"
	}
	return string(w.c.Out)
}

// push runs a command on the main client and serves the ready keys, as the
// server does after every command.
func (e *kvEnv) push(want string, args ...string) {
	e.t.Helper()
	e.expect(want, args...)
	e.c.Blocked.Serve()
}

func TestBlockingServe(t *testing.T) {
	e := newKV(t)
	w := e.waiter(2)
	// Data at once: no blocking.
	e.expect(":2\r\n", "RPUSH", "l", "a", "b")
	if got := w.do("BLPOP", "none", "l", "0"); got != "*2\r\n$1\r\nl\r\n$1\r\na\r\n" {
		t.Fatalf("BLPOP = %q", got)
	}
	if w.c.IsBlocked() {
		t.Fatal("blocked with data")
	}
	// Block, then a push serves it.
	if got := w.do("BRPOP", "x", "y", "0"); got != "" {
		t.Fatalf("BRPOP replied %q while blocking", got)
	}
	if !w.c.IsBlocked() || e.c.Blocked.Blocked() != 1 {
		t.Fatal("not blocked")
	}
	if got := w.resume(); got != "blocked" {
		t.Fatalf("resume = %q", got)
	}
	e.push(rOK, "SET", "y", "str") // another type: keeps waiting
	e.push(":1\r\n", "DEL", "y")
	if w.conn.woken() != 0 {
		t.Fatal("woken by a string")
	}
	e.push(":3\r\n", "RPUSH", "y", "1", "2", "3")
	if w.conn.woken() != 1 {
		t.Fatalf("woken %d times", w.conn.woken())
	}
	e.expect("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", "LRANGE", "y", "0", "-1")
	if got := w.resume(); got != "*2\r\n$1\r\ny\r\n$1\r\n3\r\n" {
		t.Fatalf("served %q", got)
	}
	if w.c.IsBlocked() || e.c.Blocked.Blocked() != 0 {
		t.Fatal("still blocked")
	}
}

func TestBlockingFIFOUnit(t *testing.T) {
	e := newKV(t)
	ws := []*waitEnv{e.waiter(2), e.waiter(3), e.waiter(4)}
	for _, w := range ws {
		w.do("BLPOP", "q", "0")
	}
	e.push(":2\r\n", "RPUSH", "q", "a", "b")
	for i, want := range []string{"*2\r\n$1\r\nq\r\n$1\r\na\r\n", "*2\r\n$1\r\nq\r\n$1\r\nb\r\n", "blocked"} {
		if got := ws[i].resume(); got != want {
			t.Errorf("waiter %d: %q, want %q", i, got, want)
		}
	}
	// The third keeps its place: a later waiter comes after it.
	late := e.waiter(5)
	late.do("BZPOPMIN", "q", "0")
	e.push(":1\r\n", "ZADD", "q2", "1", "m")
	e.push("+OK\r\n", "RENAME", "q2", "q") // a sorted set: serves the zset waiter only
	if got := late.resume(); got != "*3\r\n$1\r\nq\r\n$1\r\nm\r\n$1\r\n1\r\n" {
		t.Errorf("zset waiter: %q", got)
	}
	if got := ws[2].resume(); got != "blocked" {
		t.Errorf("list waiter served by a zset: %q", got)
	}
	e.push(":1\r\n", "LPUSH", "q", "c")
	if got := ws[2].resume(); got != "*2\r\n$1\r\nq\r\n$1\r\nc\r\n" {
		t.Errorf("waiter 2: %q", got)
	}
}

func TestBlockingEnd(t *testing.T) {
	e := newKV(t)
	w := e.waiter(7)
	// Timeout.
	w.do("BLMOVE", "s", "d", "LEFT", "LEFT", "1.5")
	e.c.Blocked.Expire(kvStart + 1499)
	if got := w.resume(); got != "blocked" {
		t.Fatalf("early timeout: %q", got)
	}
	e.c.Blocked.Expire(kvStart + 1500)
	if got := w.resume(); got != "*-1\r\n" {
		t.Fatalf("timeout: %q", got)
	}
	// CLIENT UNBLOCK.
	e.expect(":0\r\n", "CLIENT", "UNBLOCK", "7")
	w.do("BZMPOP", "0", "1", "z", "MIN")
	e.expect(":1\r\n", "CLIENT", "UNBLOCK", "7", "ERROR")
	if got := w.resume(); got != "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n" {
		t.Fatalf("unblock: %q", got)
	}
	w.c.Client.Proto = 3
	w.do("BLPOP", "k", "0")
	e.expect(":1\r\n", "CLIENT", "UNBLOCK", "7", "timeout")
	if got := w.resume(); got != "_\r\n" {
		t.Fatalf("unblock RESP3: %q", got)
	}
	// Disconnect.
	w.do("BLPOP", "k", "0")
	w.c.Disconnect()
	if e.c.Blocked.Blocked() != 0 {
		t.Fatal("a gone client still counts as blocked")
	}
	e.push(":1\r\n", "RPUSH", "k", "v")
	e.expect(":1\r\n", "LLEN", "k")
	if len(e.c.Blocked.keys) != 0 || len(e.c.Blocked.byID) != 0 || len(e.c.Blocked.timeouts) != 0 {
		t.Fatal("registry not empty")
	}
}

func TestBlockingTimeoutArg(t *testing.T) {
	e := newKV(t)
	for _, tc := range []struct {
		arg  string
		want int64 // deadline - now; -1: error
		err  string
	}{
		{"0", 0, ""}, {"1", 1000, ""}, {"0.001", 1, ""}, {"0.0001", 1, ""}, {"-0.0001", 0, ""},
		{"-0", 0, ""}, {"1e-400", 1, ""}, {"0x10", 16000, ""}, {"1.5", 1500, ""},
		{"-1", -1, errTimeoutNegative}, {"inf", -1, errTimeoutNegative}, {"1e400", -1, errTimeoutNegative},
		{"1e20", -1, errTimeoutNegative}, {"nan", -1, errTimeoutFloat}, {" 1", -1, errTimeoutFloat},
		{"", -1, errTimeoutFloat}, {"abc", -1, errTimeoutFloat}, {"1 ", -1, errTimeoutFloat},
	} {
		e.c.Out = e.c.Out[:0]
		d, ok := e.c.blockTimeout([]byte(tc.arg))
		switch {
		case tc.err != "":
			if ok || string(e.c.Out) != rerr(tc.err) {
				t.Errorf("%q: ok=%v reply %q, want %q", tc.arg, ok, e.c.Out, tc.err)
			}
		case !ok:
			t.Errorf("%q: error %q", tc.arg, e.c.Out)
		case tc.want == 0 && d != 0, tc.want != 0 && d-kvStart != tc.want:
			t.Errorf("%q: deadline %d, want now+%d", tc.arg, d-kvStart, tc.want)
		}
	}
}

// TestBlockingNoAlloc: with nobody blocked, the per-command check and
// the write-log hook allocate nothing.
func TestBlockingNoAlloc(t *testing.T) {
	e := newKV(t)
	e.expect(rOK, "SET", "k", "v")
	args := [][]byte{[]byte("SET"), []byte("k"), []byte("v")}
	n := testing.AllocsPerRun(100, func() {
		e.c.Out = e.c.Out[:0]
		e.c.Dispatch(args)
		e.c.Blocked.Serve()
	})
	if n != 0 {
		t.Errorf("SET + Serve: %v allocations", n)
	}
}
