package resp

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
		{"*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n", "foo", 22},
		{"*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n*1\r\n$4\r\nPING\r\n", "foo", 22},
		{"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n", "k", 31},
		{"*1\r\n$4\r\nPING\r\n", "-", 14},
		{"*2\r\n$3\r\nGET\r\n$0\r\n\r\n", "", 19},
		{"*2\r\n$3\r\nGET\r\n$3\r\nfo", "-", 0},    // incomplete
		{"*2\r\n$3\r\nGET\r\n$3\r\nfoo\r", "-", 0}, // incomplete
		{"GET foo\r\n", "-", 0},                    // inline
		{"*2\r\n$-1\r\n", "-", 0},                  // malformed
		{"*0\r\n", "-", 0},
		{"*1\r\n$99999999999999999\r\n", "-", 0},
		{"*", "-", 0},
	} {
		key, n := PeekKey([]byte(tt.in))
		if n != tt.n || (tt.key == "-") != (key == nil) || (key != nil && string(key) != tt.key) {
			t.Errorf("PeekKey(%q) = %q, %d; want %q, %d", tt.in, key, n, tt.key, tt.n)
		}
	}
	if a := testing.AllocsPerRun(100, func() { PeekKey([]byte("*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n")) }); a != 0 {
		t.Errorf("%v allocations", a)
	}
}

// FuzzPeekKey: PeekKey never panics, and wherever it finds a command, the
// parser reads the same command: same length, same second argument.
func FuzzPeekKey(f *testing.F) {
	f.Add([]byte("*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n"))
	f.Add([]byte("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhello\r\n*1\r\n$4\r\nPING\r\n"))
	f.Add([]byte("*1\r\n$4\r\nPING\r\n"))
	f.Add([]byte("GET foo\r\n"))
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
		if err != nil {
			return // the parser is stricter (CRLF after data, limits)
		}
		if used != n {
			t.Fatalf("PeekKey n %d, parser used %d", n, used)
		}
		var want []byte
		if len(req.Args) > 1 {
			want = req.Args[1]
		}
		if (want == nil) != (key == nil) || !bytes.Equal(want, key) {
			t.Fatalf("PeekKey key %q, parser args %q", key, req.Args)
		}
	})
}
