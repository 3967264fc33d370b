package conformance

import (
	"testing"
	"time"
)

// TestFlushAll covers flush_all with and without a delay, noreply, and
// that items set right after a flush survive it (against the reference).
func TestFlushAll(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"set a 0 0 1\r\na\r\nset b 0 0 1\r\nb\r\n", "STORED\r\nSTORED\r\n"},
		{"flush_all\r\n", "OK\r\n"},
		{"get a b\r\n", "END\r\n"},
		{"set a 0 0 1\r\nA\r\nget a\r\n", "STORED\r\nVALUE a 0 1\r\nA\r\nEND\r\n"},
		{"flush_all 0\r\nget a\r\n", "OK\r\nEND\r\n"},
		{"set a 0 0 1\r\nA\r\nflush_all noreply\r\nget a\r\n", "STORED\r\nEND\r\n"},
		{"set a 0 0 1\r\nA\r\nflush_all -1\r\nget a\r\n", "STORED\r\nOK\r\nEND\r\n"},
		{"flush_all x\r\n", "CLIENT_ERROR invalid exptime argument\r\n"},
		{"flush_all 0 noreply\r\nmn\r\n", "MN\r\n"},
		// A flush far in the future leaves the items alone for now.
		{"set a 0 0 1\r\nA\r\nflush_all 86400\r\nget a\r\n", "STORED\r\nOK\r\nVALUE a 0 1\r\nA\r\nEND\r\n"},
		// ... and a later flush_all replaces it.
		{"flush_all 0\r\nset a 0 0 1\r\nA\r\n", "OK\r\nSTORED\r\n"},
	})
}

// TestFlushAllDelay: flush_all <delay> removes what was stored before the
// deadline, once it passes (wall clock), and not what is stored after.
func TestFlushAllDelay(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"set a 0 0 1\r\na\r\n", "STORED\r\n"},
		{"flush_all 2\r\n", "OK\r\n"},
		{"get a\r\n", "VALUE a 0 1\r\na\r\nEND\r\n"},
		{"set b 0 0 1\r\nb\r\n", "STORED\r\n"}, // after the command, before the deadline
	})
	if !eventually(4*time.Second, func() bool { return getReply(c, "a") == "END\r\n" }) {
		t.Fatal("flush_all 2: a still there after 4s")
	}
	c.Expect("get b\r\n", "END\r\n")
	c.Expect("set c 0 0 1\r\nc\r\nget c\r\n", "STORED\r\n", valueReply("c", 0, "c"))
	st := statsOf(t, c, "")
	if n := statInt(t, st, "cmd_flush"); n != 1 {
		t.Errorf("cmd_flush = %d, want 1", n)
	}
}

// TestFlushAllDelayDebugTime: with --debug-time, a delayed flush follows
// the server clock, as memcached's does (its flush is checked against
// current_time, which debugtime moves).
func TestFlushAllDelayDebugTime(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "--debug-time")
	runSteps(t, srv.Dial(t), []step{
		{"set a 0 0 1\r\na\r\n", "STORED\r\n"},
		{"flush_all 100\r\n", "OK\r\n"},
		{"get a\r\n", "VALUE a 0 1\r\na\r\nEND\r\n"},
		{"debugtime 101\r\n", "OK\r\n"},
		{"get a\r\n", "END\r\n"},
	})
}

// TestGetFlushed: a get of an item that flush_all removed counts as
// get_flushed (and a miss), as in memcached.
func TestGetFlushed(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"set a 0 0 1\r\na\r\n", "STORED\r\n"},
		{"flush_all\r\n", "OK\r\n"},
		{"get a\r\n", "END\r\n"},
	})
	st := statsOf(t, c, "")
	if statInt(t, st, "get_flushed") != 1 || statInt(t, st, "get_misses") != 1 {
		t.Fatalf("get_flushed = %s, get_misses = %s; want 1 and 1", st["get_flushed"], st["get_misses"])
	}
}
