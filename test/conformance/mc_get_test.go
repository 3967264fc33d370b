package conformance

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/bradfitz/gomemcache/memcache"
)

// TestGetFamilyRaw covers get, gets, gat and gats: several keys, repeated
// keys, misses, and the reply layout (against the reference too).
func TestGetFamilyRaw(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"set a 1 0 1\r\nA\r\nset b 2 0 2\r\nBB\r\n", "STORED\r\nSTORED\r\n"},
		{"get a\r\n", "VALUE a 1 1\r\nA\r\nEND\r\n"},
		{"get missing\r\n", "END\r\n"},
		{"get a missing b a\r\n", "VALUE a 1 1\r\nA\r\nVALUE b 2 2\r\nBB\r\nVALUE a 1 1\r\nA\r\nEND\r\n"},
		// Several spaces between keys, a trailing space.
		{"get a   b \r\n", "VALUE a 1 1\r\nA\r\nVALUE b 2 2\r\nBB\r\nEND\r\n"},
		{"gat 0 a b\r\n", "VALUE a 1 1\r\nA\r\nVALUE b 2 2\r\nBB\r\nEND\r\n"},
		{"gat 100 missing\r\n", "END\r\n"},
		{"touch a 0\r\n", "TOUCHED\r\n"},
		{"touch missing 0\r\n", "NOT_FOUND\r\n"},
		// gat with a TTL in the past answers, then the item is gone.
		{"gat -1 a\r\n", "VALUE a 1 1\r\nA\r\nEND\r\n"},
		{"get a\r\n", "END\r\n"},
	})
	c := srv.Dial(t)
	c.Expect("set g 0 0 2\r\ngg\r\n", "STORED\r\n")
	for _, cmd := range []string{"gets g\r\n", "gats 100 g\r\n"} {
		c.Send(cmd)
		f, v := readValue(t, c)
		c.Expect("", "END\r\n")
		if len(f) != 5 || v != "gg" || f[4] != casOf(t, c, "g") {
			t.Fatalf("%q: %v %q", cmd, f, v)
		}
	}
}

// TestGetAndTouchClient checks gat through gomemcache and that touch moves
// the expiry (with --debug-time moving the clock).
func TestGetAndTouchClient(t *testing.T) {
	t.Parallel()
	srv, mc := startCorvid(t, "--debug-time")
	if err := mc.Set(&memcache.Item{Key: "t", Value: []byte("v"), Expiration: 10}); err != nil {
		t.Fatal(err)
	}
	it, err := mc.GetAndTouch("t", 100)
	if err != nil || string(it.Value) != "v" {
		t.Fatalf("gat: %v %v", it, err)
	}
	c := srv.Dial(t)
	c.Expect("debugtime 50\r\n", "OK\r\n")
	if _, err := mc.Get("t"); err != nil {
		t.Fatalf("item gone 50s after gat 100: %v", err)
	}
	if err := mc.Touch("t", 10); err != nil {
		t.Fatal(err)
	}
	c.Expect("debugtime 11\r\n", "OK\r\n")
	if _, err := mc.Get("t"); !errors.Is(err, memcache.ErrCacheMiss) {
		t.Fatalf("item alive 11s after touch 10: %v", err)
	}
	if err := mc.Touch("t", 10); !errors.Is(err, memcache.ErrCacheMiss) {
		t.Fatalf("touch of an expired item: %v", err)
	}
	if _, err := mc.GetAndTouch("t", 10); !errors.Is(err, memcache.ErrCacheMiss) {
		t.Fatalf("gat of an expired item: %v", err)
	}
}

// TestGetManyKeys sends one get with as many keys as fit a line of 2048
// bytes and more (memcached allows long get lines).
func TestGetManyKeys(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	var set, get, want strings.Builder
	get.WriteString("get")
	for i := 0; i < 500; i++ {
		k := "key" + strings.Repeat("x", i%20) + "_" + strconv.Itoa(i)
		set.WriteString(setCmd(k, uint32(i), 0, k))
		get.WriteString(" " + k)
		want.WriteString("VALUE " + k + " " + strconv.Itoa(i) + " " + strconv.Itoa(len(k)) + "\r\n" + k + "\r\n")
	}
	want.WriteString("END\r\n")
	c.Send(set.String())
	c.Expect("", strings.Repeat("STORED\r\n", 500))
	if get.Len() < 8000 {
		t.Fatalf("get line only %d bytes", get.Len())
	}
	c.Expect(get.String()+"\r\n", want.String())
}
