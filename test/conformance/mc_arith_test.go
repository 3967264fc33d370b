package conformance

import (
	"errors"
	"strings"
	"testing"

	"github.com/bradfitz/gomemcache/memcache"
)

// TestIncrDecrRaw covers incr/decr: in-place rewrites padded with spaces,
// growth into a new item, the floor at 0, non-numeric values, misses,
// flags and TTL kept (against the reference too).
func TestIncrDecrRaw(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	nonNumeric := "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
	checkBoth(t, srv, nil, []step{
		{"incr nokey 1\r\n", "NOT_FOUND\r\n"},
		{"decr nokey 1\r\n", "NOT_FOUND\r\n"},
		{"set n 5 0 1\r\n1\r\n", "STORED\r\n"},
		{"incr n 1\r\n", "2\r\n"},
		{"incr n 8\r\n", "10\r\n"},
		{"get n\r\n", "VALUE n 5 2\r\n10\r\nEND\r\n"},
		{"decr n 9\r\n", "1\r\n"},
		// A shorter number is written in place, padded with spaces.
		{"get n\r\n", "VALUE n 5 2\r\n1 \r\nEND\r\n"},
		{"decr n 100\r\n", "0\r\n"},
		{"incr n 0\r\n", "0\r\n"},
		{"set big 0 0 3\r\n100\r\ndecr big 95\r\nget big\r\n", "STORED\r\n5\r\nVALUE big 0 3\r\n5  \r\nEND\r\n"},
		{"incr big 99995\r\nget big\r\n", "100000\r\nVALUE big 0 6\r\n100000\r\nEND\r\n"},
		{"incr n 4294967296\r\n", "4294967296\r\n"},
		{"incr n 18446744069414584319\r\n", "18446744073709551615\r\n"},
		{"set s 0 0 3\r\nabc\r\nincr s 1\r\ndecr s 1\r\n", "STORED\r\n" + nonNumeric + nonNumeric},
		{"set e 0 0 0\r\n\r\nincr e 1\r\n", "STORED\r\n" + nonNumeric},
		{"set neg 0 0 2\r\n-1\r\nincr neg 1\r\n", "STORED\r\n" + nonNumeric},
		{"set sp 0 0 6\r\n12 abc\r\nincr sp 1\r\nget sp\r\n", "STORED\r\n13\r\nVALUE sp 0 6\r\n13    \r\nEND\r\n"},
		{"set lead 0 0 4\r\n 007\r\nincr lead 1\r\n", "STORED\r\n8\r\n"},
		{"set plus 0 0 2\r\n+4\r\nincr plus 1\r\n", "STORED\r\n5\r\n"},
		{"set long 0 0 20\r\n9                   \r\nincr long 1\r\nget long\r\n", "STORED\r\n10\r\nVALUE long 0 20\r\n10                  \r\nEND\r\n"},
		{"set x 0 0 2\r\n1x\r\nincr x 1\r\n", "STORED\r\n" + nonNumeric},
		// noreply: nothing comes back, the value changes.
		{"set q 0 0 1\r\n5\r\nincr q 3 noreply\r\ndecr q 1 noreply\r\nget q\r\n", "STORED\r\nVALUE q 0 1\r\n7\r\nEND\r\n"},
	})
}

// TestIncrWrap checks the 64-bit wrap of incr (memcached 1.6.18 reads past
// such values, so this one is checked on Corvid only).
func TestIncrWrap(t *testing.T) {
	t.Parallel()
	srv, mc := startCorvid(t)
	runSteps(t, srv.Dial(t), []step{
		{"set w 0 0 20\r\n18446744073709551615\r\n", "STORED\r\n"},
		{"incr w 1\r\n", "0\r\n"},
		{"get w\r\n", "VALUE w 0 20\r\n0                   \r\nEND\r\n"},
		{"set w 0 0 20\r\n18446744073709551615\r\nincr w 2\r\n", "STORED\r\n1\r\n"},
		{"set w 0 0 20\r\n18446744073709551616\r\nincr w 1\r\n", "STORED\r\nCLIENT_ERROR cannot increment or decrement non-numeric value\r\n"},
		{"set w 0 0 19\r\n9223372036854775808\r\nincr w 1\r\n", "STORED\r\n9223372036854775809\r\n"},
		{"decr w 18446744073709551615\r\n", "0\r\n"},
	})
	if err := mc.Set(&memcache.Item{Key: "c", Value: []byte("41")}); err != nil {
		t.Fatal(err)
	}
	if n, err := mc.Increment("c", 1); err != nil || n != 42 {
		t.Fatalf("Increment = %d, %v", n, err)
	}
	if n, err := mc.Decrement("c", 50); err != nil || n != 0 {
		t.Fatalf("Decrement = %d, %v", n, err)
	}
	if _, err := mc.Increment("missing", 1); !errors.Is(err, memcache.ErrCacheMiss) {
		t.Fatalf("Increment missing: %v", err)
	}
}

// TestIncrKeepsItem: incr and decr keep the flags and TTL, also when the
// number grows into a new item.
func TestIncrKeepsItem(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "--debug-time")
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"set k 77 100 2\r\n99\r\n", "STORED\r\n"},
		{"incr k 1\r\n", "100\r\n"},
		{"mg k f t v\r\n", "VA 3 f77 t100\r\n100\r\n"},
		{"decr k 1\r\n", "99\r\n"},
		{"mg k f t v\r\n", "VA 3 f77 t100\r\n99 \r\n"},
		{"debugtime 101\r\n", "OK\r\n"},
		{"incr k 1\r\n", "NOT_FOUND\r\n"},
	})
}

// TestIncrLargeValue: a number padded to a value larger than a slab chunk
// is, for memcached, not a number (chunked items are refused); a large one
// that fits a chunk is rewritten in place.
func TestIncrLargeValue(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	big := "1" + strings.Repeat(" ", 600000)
	mid := "7" + strings.Repeat(" ", 99999)
	checkBoth(t, srv, nil, []step{
		{setCmd("big", 0, 0, big), "STORED\r\n"},
		{"incr big 5\r\n", "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"},
		{setCmd("mid", 0, 0, mid), "STORED\r\n"},
		{"incr mid 5\r\nget mid\r\n", "12\r\n" + valueReply("mid", 0, "12"+strings.Repeat(" ", 99998))},
	})
}
