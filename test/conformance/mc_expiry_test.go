package conformance

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestExpiry covers memcached's exptime rules with --debug-time moving the
// clock: relative up to 30 days, a Unix time above, negative already past;
// for set, touch, gat, mg T, ms T, ma T and N.
func TestExpiry(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "--debug-time")
	c := srv.Dial(t)
	now := time.Now().Unix()
	abs := strconv.FormatInt(now+100, 10)
	past := strconv.FormatInt(now-10, 10)
	runSteps(t, c, []step{
		{"set rel 0 10 1\r\na\r\n", "STORED\r\n"},
		{"set month 0 2592000 1\r\na\r\n", "STORED\r\n"},
		{"set over 0 2592001 1\r\na\r\n", "STORED\r\n"}, // a Unix time in 1970
		{"set abs 0 " + abs + " 1\r\na\r\n", "STORED\r\n"},
		{"set past 0 " + past + " 1\r\na\r\n", "STORED\r\n"},
		{"set neg 0 -1 1\r\na\r\n", "STORED\r\n"},
		{"set never 0 0 1\r\na\r\n", "STORED\r\n"},
		{"get over past neg\r\n", "END\r\n"},
		{"mg rel t\r\n", "HD t10\r\n"},
		{"mg month t\r\n", "HD t2592000\r\n"},
		{"mg never t\r\n", "HD t-1\r\n"},
		{"debugtime 9\r\n", "OK\r\n"},
		{"get rel\r\n", "VALUE rel 0 1\r\na\r\nEND\r\n"},
		{"mg rel t\r\n", "HD t1\r\n"},
		{"debugtime 1\r\n", "OK\r\n"},
		{"get rel\r\n", "END\r\n"},
		{"mg rel t\r\n", "EN\r\n"},
		// An expired item is gone for every command.
		{"set rel2 0 1 1\r\n5\r\ndebugtime 1\r\n", "STORED\r\nOK\r\n"},
		{"incr rel2 1\r\ntouch rel2 100\r\nreplace rel2 0 0 1\r\nx\r\nappend rel2 0 0 1\r\nx\r\ncas rel2 0 0 1 1\r\nx\r\ndelete rel2\r\n",
			"NOT_FOUND\r\nNOT_FOUND\r\nNOT_STORED\r\nNOT_STORED\r\nNOT_FOUND\r\nNOT_FOUND\r\n"},
		{"add rel2 0 0 1\r\ny\r\nget rel2\r\n", "STORED\r\nVALUE rel2 0 1\r\ny\r\nEND\r\n"},
		// touch and gat move the expiry, also into the past.
		{"set tt 0 0 1\r\na\r\ntouch tt 5\r\nmg tt t\r\n", "STORED\r\nTOUCHED\r\nHD t5\r\n"},
		{"touch tt -1\r\nget tt\r\n", "TOUCHED\r\nEND\r\n"},
		{"set tt 0 0 1\r\na\r\ntouch tt " + past + "\r\nget tt\r\n", "STORED\r\nTOUCHED\r\nEND\r\n"},
		{"set tt 0 0 1\r\na\r\ngat 7 tt\r\nmg tt t\r\n", "STORED\r\nVALUE tt 0 1\r\na\r\nEND\r\nHD t7\r\n"},
		{"gat 0 tt\r\nmg tt t\r\n", "VALUE tt 0 1\r\na\r\nEND\r\nHD t-1\r\n"},
		{"gat -1 tt\r\nget tt\r\n", "VALUE tt 0 1\r\na\r\nEND\r\nEND\r\n"},
		// Meta commands take the same exptimes.
		{"ms m 1 T20\r\na\r\nmg m t\r\n", "HD\r\nHD t20\r\n"},
		{"mg m T30 t\r\n", "HD t30\r\n"},
		{"mg m T0 t\r\n", "HD t-1\r\n"},
		{"ms m 1 T-1\r\na\r\nmg m\r\n", "HD\r\nEN\r\n"},
		{"ms m 1 T" + past + "\r\na\r\nmg m\r\n", "HD\r\nEN\r\n"},
		{"ma m N40 J5 t v\r\n", "VA 1 t40\r\n5\r\n"},
		{"ma m T50 t\r\n", "HD t50\r\n"},
		{"md m I T60\r\nmg m t\r\n", "HD\r\nHD t60 X W\r\n"},
		{"mg new N15 t\r\n", "HD t15 W\r\n"},
	})
	// The absolute time (the clock moved 11 seconds): alive until it passes.
	line := c.Call("mg abs t\r\n")
	ttl, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(line, "HD t"), "\r\n"))
	if ttl < 84 || ttl > 90 {
		t.Fatalf("absolute exptime now+100, 11 seconds later: %q", line)
	}
	runSteps(t, c, []step{
		{"debugtime 70\r\n", "OK\r\n"},
		{"get abs\r\n", "VALUE abs 0 1\r\na\r\nEND\r\n"},
		{"debugtime 30\r\n", "OK\r\n"},
		{"get abs month never\r\n", "VALUE month 0 1\r\na\r\nVALUE never 0 1\r\na\r\nEND\r\n"},
		{"debugtime 2592000\r\n", "OK\r\n"},
		{"get month never\r\n", "VALUE never 0 1\r\na\r\nEND\r\n"},
	})
}

// TestExpiryStats: get_expired counts reads of expired items, and expired
// items leave curr_items.
func TestExpiryStats(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "--debug-time")
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"set a 0 5 1\r\na\r\nset b 0 5 1\r\nb\r\nset c 0 0 1\r\nc\r\n", "STORED\r\nSTORED\r\nSTORED\r\n"},
		{"debugtime 6\r\n", "OK\r\n"},
		{"get a\r\n", "END\r\n"},
		{"mg b v\r\n", "EN\r\n"},
	})
	st := statsOf(t, c, "")
	if n := statInt(t, st, "get_expired"); n != 2 {
		t.Errorf("get_expired = %d, want 2", n)
	}
	if n := statInt(t, st, "get_misses"); n != 2 {
		t.Errorf("get_misses = %d, want 2", n)
	}
	if !eventually(3*time.Second, func() bool {
		return statInt(t, statsOf(t, c, ""), "curr_items") == 1
	}) {
		t.Errorf("curr_items = %d, want 1 once a and b expired", statInt(t, statsOf(t, c, ""), "curr_items"))
	}
}

// TestDebugTime: the hook answers ERROR unless --debug-time is given; p
// pauses the clock and r resumes it.
func TestDebugTime(t *testing.T) {
	t.Parallel()
	plain, _ := startCorvid(t)
	runSteps(t, plain.Dial(t), []step{
		{"debugtime 10\r\n", "ERROR\r\n"},
		{"debugtime p\r\n", "ERROR\r\n"},
	})
	srv, _ := startCorvid(t, "--debug-time")
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"debugtime\r\n", "ERROR\r\n"},
		{"debugtime x\r\n", "ERROR\r\n"},
		{"set k 0 3 1\r\na\r\n", "STORED\r\n"},
		{"debugtime p\r\n", "OK\r\n"},
	})
	time.Sleep(1100 * time.Millisecond)
	runSteps(t, c, []step{
		{"mg k t\r\n", "HD t3\r\n"},
		{"debugtime r\r\n", "OK\r\n"},
		{"debugtime -2\r\n", "OK\r\n"},
		{"mg k t\r\n", "HD t5\r\n"},
	})
}
