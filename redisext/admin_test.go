package redisext

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// admConn is a Conn that records what is pushed to it.
type admConn struct {
	mu     sync.Mutex
	pushed []string
	addr   string
}

func (a *admConn) Push(msg []byte) bool {
	a.mu.Lock()
	a.pushed = append(a.pushed, string(msg))
	a.mu.Unlock()
	return true
}
func (a *admConn) Close()              {}
func (a *admConn) RemoteAddr() string  { return a.addr }
func (a *admConn) LocalAddr() string   { return "127.0.0.1:6379" }
func (a *admConn) FD() int             { return 7 }
func (a *admConn) OutputBuffered() int { return 0 }

func (a *admConn) lines() []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]string(nil), a.pushed...)
}

func TestMonitorFeed(t *testing.T) {
	e := newKV(t)
	mon := &admConn{addr: "127.0.0.1:1"}
	m := NewCtx(e.c.Shared, NewClient(2, mon, e.host.Now(), true))
	m.Args = [][]byte{[]byte("monitor")}
	m.Dispatch(m.Args)
	e.c.Client.Conn = &admConn{addr: "127.0.0.1:2"}
	for _, cmd := range [][]string{{"set", "foo", "bar"}, {"multi"}, {"set", "k", "v"}, {"exec"}, {"auth", "pw"}, {"config", "get", "x"}} {
		e.do(cmd...)
	}
	var got []string
	for _, l := range mon.lines() {
		_, rest, _ := strings.Cut(l, " [0 127.0.0.1:2] ")
		got = append(got, strings.TrimSuffix(rest, "\r\n"))
	}
	want := []string{`"set" "foo" "bar"`, `"multi"`, `"set" "k" "v"`, `"exec"`, `"auth" "(redacted)"`}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("MONITOR saw %q, want %q", got, want)
	}
}

func TestHistogram(t *testing.T) {
	for _, v := range []uint64{1, 31, 32, 33, 63, 64, 1000, 1 << 20, 1<<40 + 12345, 1<<63 + 5} {
		i := histIndex(v)
		if histUpper(i) < v || (i > 0 && histUpper(i-1) >= v) {
			t.Errorf("value %d in bucket %d = (%d, %d]", v, i, histUpper(i-1), histUpper(i))
		}
	}
	var h histogram
	for i := 1; i <= 100; i++ {
		h.record(uint64(i) * 1000)
	}
	if p := h.percentile(50); p < 50000 || p > 52000 {
		t.Errorf("p50 = %d", p)
	}
	if p := h.percentile(100); p < 100000 || p > 104000 {
		t.Errorf("p100 = %d", p)
	}
}

func TestPauseWait(t *testing.T) {
	e := newKV(t)
	a := e.c.Admin
	a.pause(pauseWrite, time.Now().UnixMilli()+10000)
	args := func(s ...string) [][]byte {
		b := make([][]byte, len(s))
		for i := range s {
			b[i] = []byte(s[i])
		}
		return b
	}
	if !e.c.PauseWait(args("set", "k", "v")) || e.c.PauseWait(args("get", "k")) {
		t.Error("PAUSE WRITE holds writes only")
	}
	if e.c.PauseWait(args("set", "k")) || e.c.PauseWait(args("nosuch", "k")) {
		t.Error("a command refused anyway (arity, unknown) was held")
	}
	a.unpause()
	if e.c.PauseWait(args("set", "k", "v")) {
		t.Error("held after UNPAUSE")
	}
	a.pause(pauseAll, time.Now().UnixMilli()+20)
	if !e.c.PauseWait(args("get", "k")) {
		t.Error("PAUSE ALL does not hold reads")
	}
	time.Sleep(40 * time.Millisecond)
	if e.c.PauseWait(args("get", "k")) {
		t.Error("pause did not time out")
	}
}

// BenchmarkAfterCall is the per-command cost of the slow log threshold
// check, the latency histogram and the MONITOR check, from every CPU.
func BenchmarkAfterCall(b *testing.B) {
	for _, tracking := range []bool{false, true} {
		name := "tracking=off"
		if tracking {
			name = "tracking=on"
		}
		b.Run(name, func(b *testing.B) {
			e := newKV(b)
			e.c.Admin.Configure(AdminConfig{SlowlogSlowerThan: 10000, SlowlogMaxLen: 128, LatencyTracking: tracking})
			cmd := LookupFullName("get")
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				c := NewCtx(e.c.Shared, NewClient(9, nil, 0, true))
				c.Args = [][]byte{[]byte("get"), []byte("k")}
				c.Cmd = cmd
				for pb.Next() {
					c.afterCall(cmd, 1500*time.Nanosecond)
				}
			})
		})
	}
}
