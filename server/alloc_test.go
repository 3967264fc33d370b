package server

import (
	"testing"

	"github.com/corvidcache/corvid/protocol/memcache"
)

// newTestServer builds a server (engine, stats, command table) without
// listening.
func newTestServer(t *testing.T) *Server {
	t.Helper()
	cfg := DefaultConfig()
	cfg.RespPort = 0
	cfg.MetricsAddr = ""
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.eng.Close)
	return s
}

// runMC parses one memcached command line and runs its handler, as
// mcTraffic does, returning the reply.
func runMC(t *testing.T, s *Server, cs *conn, line string) string {
	t.Helper()
	cs.out = cs.out[:0]
	if _, err := cs.mcp.Next([]byte(line), &cs.req); err != nil {
		t.Fatalf("%q: %v", line, err)
	}
	mcCommands[cs.req.Cmd].Handler(s, cs, &cs.req)
	return string(cs.out)
}

// TestHitPathsAllocateNothing: a memcached GET hit and a SET, parse and
// handler together, allocate nothing (the engine and the parser assert the
// same for their parts).
func TestHitPathsAllocateNothing(t *testing.T) {
	s := newTestServer(t)
	cs := &conn{s: s, loop: new(loopStats)}
	cs.mcp.MaxItemSize = s.cfg.ItemSizeMax
	set := []byte("set user:1234 0 0 100\r\n" + string(make([]byte, 100)) + "\r\n")
	get := []byte("get user:1234\r\n")
	if got := runMC(t, s, cs, string(set)); got != memcache.ReplyStored {
		t.Fatalf("set: %q", got)
	}
	if got := runMC(t, s, cs, string(get)); len(got) < 100 {
		t.Fatalf("get: %q", got)
	}
	for _, c := range []struct {
		name string
		line []byte
	}{{"get hit", get}, {"set", set}} {
		n := testing.AllocsPerRun(1000, func() {
			cs.out = cs.out[:0]
			cs.mcp.Next(c.line, &cs.req)
			mcCommands[cs.req.Cmd].Handler(s, cs, &cs.req)
			cs.flushStats()
		})
		if n != 0 {
			t.Errorf("%s: %v allocations per command", c.name, n)
		}
	}
}
