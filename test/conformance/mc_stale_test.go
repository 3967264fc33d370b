package conformance

import (
	"strings"
	"sync"
	"testing"

	"github.com/corvidcache/corvid/test/harness"
)

// concurrentMG sends the same mg line from n connections at once and
// returns the reply lines (the VA data lines dropped).
func concurrentMG(t *testing.T, srv *harness.Server, n int, cmd string) []string {
	t.Helper()
	conns := make([]*harness.Conn, n)
	for i := range conns {
		conns[i] = srv.Dial(t)
	}
	replies := make([]string, n)
	errs := make([]error, n)
	var start, done sync.WaitGroup
	start.Add(1)
	for i, c := range conns {
		done.Add(1)
		go func() {
			defer done.Done()
			start.Wait()
			if errs[i] = c.TrySend(cmd); errs[i] != nil {
				return
			}
			line, err := c.TryReadLine()
			replies[i], errs[i] = line, err
			if err == nil && strings.HasPrefix(line, "VA ") {
				_, errs[i] = c.TryReadUntil("\r\n")
			}
		}()
	}
	start.Done()
	done.Wait()
	for i, err := range errs {
		if err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
	}
	return replies
}

// countFlag counts the replies whose flags hold the token tok.
func countFlag(replies []string, tok string) int {
	n := 0
	for _, r := range replies {
		for _, f := range strings.Fields(r)[1:] {
			if f == tok {
				n++
			}
		}
	}
	return n
}

// TestStampedeVivify: of many clients that miss at once with N, exactly
// one wins (W) and the others see the placeholder with Z; the winner's
// ms with the CAS it got replaces it and the flags go away.
func TestStampedeVivify(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	const n = 24
	replies := concurrentMG(t, srv, n, "mg hot N30 c t v\r\n")
	if w, z := countFlag(replies, "W"), countFlag(replies, "Z"); w != 1 || z != n-1 {
		t.Fatalf("W %d Z %d, want 1 and %d: %q", w, z, n-1, replies)
	}
	var winner string
	for _, r := range replies {
		if strings.Contains(r, " W") {
			winner = r
		}
		if !strings.HasPrefix(r, "VA 0 ") || !strings.Contains(r, " t30") && !strings.Contains(r, " t29") {
			t.Fatalf("vivified reply %q", r)
		}
	}
	var cas string
	for _, f := range strings.Fields(winner) {
		if f[0] == 'c' {
			cas = f[1:]
		}
	}
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"ms hot 3 C999999 T100\r\nnew\r\n", "EX\r\n"},
		{"ms hot 3 T100 C" + cas + "\r\nnew\r\n", "HD\r\n"},
		{"mg hot v t\r\n", "VA 3 t100\r\nnew\r\n"},
	})
	if w, z := countFlag(concurrentMG(t, srv, 8, "mg hot v\r\n"), "W"), countFlag(concurrentMG(t, srv, 8, "mg hot v\r\n"), "Z"); w != 0 || z != 0 {
		t.Fatalf("after the recache: W %d Z %d", w, z)
	}
}

// TestStampedeRecache: R hands one client a win once the TTL left drops
// below the token; the others see Z until the item is replaced.
func TestStampedeRecache(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "--debug-time")
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"set k 0 100 3\r\nold\r\n", "STORED\r\n"},
		{"mg k R30 v t\r\n", "VA 3 t100\r\nold\r\n"},
		{"debugtime 75\r\n", "OK\r\n"},
	})
	replies := concurrentMG(t, srv, 16, "mg k R30 v\r\n")
	if w, z := countFlag(replies, "W"), countFlag(replies, "Z"); w != 1 || z != 15 {
		t.Fatalf("W %d Z %d, want 1 and 15: %q", w, z, replies)
	}
	runSteps(t, c, []step{
		{"mg k R30 t\r\n", "HD t25 Z\r\n"},
		{"ms k 3 T100\r\nnew\r\n", "HD\r\n"},
		{"mg k R30 v t\r\n", "VA 3 t100\r\nnew\r\n"},
		// No TTL: never a recache win.
		{"set forever 0 0 1\r\nx\r\nmg forever R30\r\n", "STORED\r\nHD\r\n"},
	})
}

// TestServeStale walks memcached's serve-stale sequence (metaget.t): md I
// marks the item stale and bumps its CAS; the first reader wins (X W), the
// next see Z X; an ms with an older CAS and I stores but stays stale with
// its TTL; an ms with the current CAS clears it all.
func TestServeStale(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	c.Expect("set toinv 0 0 3\r\nmoo\r\n", "STORED\r\n")
	oldCAS := casOf(t, c, "toinv")
	runSteps(t, c, []step{
		{"mg toinv s v\r\n", "VA 3 s3\r\nmoo\r\n"},
		{"md toinv I T30\r\n", "HD\r\n"},
	})
	replies := concurrentMG(t, srv, 12, "mg toinv s t v\r\n")
	if w, z, x := countFlag(replies, "W"), countFlag(replies, "Z"), countFlag(replies, "X"); w != 1 || z != 11 || x != 12 {
		t.Fatalf("stale item read by 12: W %d Z %d X %d: %q", w, z, x, replies)
	}
	staleCAS := casOf(t, c, "toinv")
	if staleCAS == oldCAS {
		t.Fatalf("md I kept the CAS %s", oldCAS)
	}
	runSteps(t, c, []step{
		{"ms toinv 1 T90 C0\r\nf\r\n", "EX\r\n"},
		{"ms toinv 1 I T90 C" + oldCAS + "\r\nf\r\n", "HD\r\n"},
		{"mg toinv s t v\r\n", "VA 1 s1 t30 Z X\r\nf\r\n"},
	})
	cur := casOf(t, c, "toinv")
	runSteps(t, c, []step{
		{"ms toinv 1 T90 C" + cur + "\r\ng\r\n", "HD\r\n"},
		{"mg toinv s t v\r\n", "VA 1 s1 t90\r\ng\r\n"},
		// md I on a missing key; md with the wrong CAS.
		{"md nokey I\r\n", "NF\r\n"},
		{"md toinv I C1\r\n", "EX\r\n"},
		// A plain set clears stale and token as well.
		{"md toinv I\r\nmg toinv\r\nset toinv 0 0 1\r\nh\r\nmg toinv\r\n", "HD\r\nHD X W\r\nSTORED\r\nHD\r\n"},
	})
}
