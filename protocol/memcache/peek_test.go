package memcache

import (
	"bytes"
	"testing"
)

func TestPeekKey(t *testing.T) {
	for _, tt := range []struct {
		in  string
		key string // "-" for nil
		n   int
	}{
		{"get foo\r\n", "foo", 9},
		{"get foo bar\r\nget x\r\n", "foo", 13},
		{"gets  foo\n", "foo", 10},
		{"gat 10 foo\r\n", "foo", 12},
		{"set k 0 0 5\r\nhello\r\n", "k", 20},
		{"set k 0 0 5 noreply\r\nhello\r\nget k\r\n", "k", 28},
		{"cas k 0 0 1 99\r\nx\r\n", "k", 19},
		{"ms k 2 T0\r\nhi\r\n", "k", 15},
		{"mg k v t\r\n", "k", 10},
		{"mn\r\n", "-", 4},
		{"version\r\n", "-", 9},
		{"set k 0 0 5\r\nhel", "-", 0}, // data incomplete
		{"get foo", "-", 0},            // line incomplete
		{"set k 0 0\r\n", "-", 0},      // no length
		{"set k 0 0 x\r\nabc\r\n", "-", 0},
		{"\r\n", "-", 0},
	} {
		key, n := PeekKey([]byte(tt.in))
		if n != tt.n || (tt.key == "-") != (key == nil) || (key != nil && string(key) != tt.key) {
			t.Errorf("PeekKey(%q) = %q, %d; want %q, %d", tt.in, key, n, tt.key, tt.n)
		}
	}
	if a := testing.AllocsPerRun(100, func() { PeekKey([]byte("set k 0 0 5\r\nhello\r\n")) }); a != 0 {
		t.Errorf("%v allocations", a)
	}
}

// FuzzPeekKey: PeekKey never panics, and wherever it finds a command the
// parser accepts, the parser reads the same length and the same key.
func FuzzPeekKey(f *testing.F) {
	for _, s := range []string{"get foo bar\r\n", "set k 0 0 5\r\nhello\r\n", "ms k 2 T0\r\nhi\r\nmg k v\r\n",
		"gat 1 a b\r\n", "cas k 0 0 1 9 noreply\r\nx\r\n", "delete k\r\n", "incr k 1\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		key, n := PeekKey(b)
		if n == 0 {
			return
		}
		if n > len(b) {
			t.Fatalf("n %d > len %d", n, len(b))
		}
		var p Parser
		var req Request
		used, err := p.Next(b, &req)
		if err != nil || req.Meta.Base64() {
			return // the parser is stricter, or decodes the key
		}
		if used != n {
			t.Fatalf("PeekKey n %d, parser used %d for %q", n, used, b)
		}
		if req.Key != nil && !bytes.Equal(req.Key, key) {
			t.Fatalf("PeekKey key %q, parser key %q for %q", key, req.Key, b)
		}
	})
}
