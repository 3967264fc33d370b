package resp

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// fuzzMaxBulk is a small proto-max-bulk-len, so that the fuzzer reaches it.
const fuzzMaxBulk = 64

type parsed struct {
	cmds   [][]string // copies of the args of each command
	inline []bool
	sizes  []int // bytes each Next consumed
	stop   string
}

func stopString(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return string(e.Reply)
	}
	if err == ErrIncomplete {
		return "incomplete"
	}
	return "unexpected error: " + err.Error()
}

func copyArgs(args [][]byte) []string {
	s := make([]string, len(args))
	for i, a := range args {
		s[i] = string(a)
	}
	return s
}

// parseChunks feeds b to one Parser in pieces ending at cuts (and len(b)),
// each time in a new backing array as a connection buffer that grows may
// be, and collects the commands.
func parseChunks(p *Parser, b []byte, cuts []int) parsed {
	var r parsed
	var req Request
	var buf []byte
	prev := 0
	for _, end := range append(cuts, len(b)) {
		buf = append(bytes.Clone(buf), b[prev:end]...)
		prev = end
		for {
			n, err := p.Next(buf, &req)
			if err == ErrIncomplete {
				break
			}
			if err != nil {
				r.stop = stopString(err)
				return r
			}
			r.cmds = append(r.cmds, copyArgs(req.Args))
			r.inline = append(r.inline, req.Inline)
			r.sizes = append(r.sizes, n)
			buf = buf[n:]
		}
	}
	r.stop = "incomplete"
	return r
}

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add([]byte(tt.in))
	}
	for _, s := range []string{
		"*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n",
		"*2\r\n$3\r\nGET\r\n$65\r\n" + string(make([]byte, 65)) + "\r\n",
		"SET \"k\\x41\" 'v w'\r\nGET k\n\n*0\r\n",
		"*11\r\n$1\r\na\r\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		whole := parseChunks(&Parser{MaxBulkLen: fuzzMaxBulk}, b, nil)

		// Anything accepted respects the limits.
		total := 0
		for i, args := range whole.cmds {
			n := whole.sizes[i]
			if n <= 0 || total+n > len(b) {
				t.Fatalf("command %d: consumed %d at %d of %d bytes", i, n, total, len(b))
			}
			total += n
			if len(args) == 0 {
				t.Fatalf("command %d: no args", i)
			}
			for _, a := range args {
				if !whole.inline[i] && len(a) > fuzzMaxBulk {
					t.Fatalf("command %d: bulk of %d bytes > MaxBulkLen", i, len(a))
				}
				if len(a) > MaxInlineSize {
					t.Fatalf("command %d: arg of %d bytes", i, len(a))
				}
			}
			if len(args) > MaxMultibulkLen {
				t.Fatalf("command %d: %d args", i, len(args))
			}
		}

		// Parse -> encode as multibulk -> parse gives the same args.
		var enc []byte
		for _, args := range whole.cmds {
			enc = AppendArrayHeader(enc, len(args))
			for _, a := range args {
				enc = AppendBulkString(enc, a)
			}
		}
		again := parseChunks(&Parser{}, enc, nil)
		if again.stop != "incomplete" || fmt.Sprint(again.cmds) != fmt.Sprint(whole.cmds) || slices.Contains(again.inline, true) {
			t.Fatalf("round trip: %q (%s), want %q", again.cmds, again.stop, whole.cmds)
		}
		if len(enc) > 0 && again.sizes[len(again.sizes)-1] <= 0 {
			t.Fatal("round trip consumed nothing")
		}

		// Splitting the input anywhere gives the same commands and stop.
		check := func(cuts []int) {
			got := parseChunks(&Parser{MaxBulkLen: fuzzMaxBulk}, b, cuts)
			if fmt.Sprint(got.cmds) != fmt.Sprint(whole.cmds) || got.stop != whole.stop {
				t.Fatalf("cut at %v: %q then %q, want %q then %q", cuts, got.cmds, got.stop, whole.cmds, whole.stop)
			}
		}
		if len(b) <= 64 {
			for i := 0; i <= len(b); i++ {
				check([]int{i})
			}
		} else {
			for _, i := range []int{1, len(b) / 3, len(b) / 2, len(b) - 1} {
				check([]int{i})
			}
		}
		if len(b) <= 1024 {
			cuts := make([]int, len(b))
			for i := range cuts {
				cuts[i] = i
			}
			check(cuts) // a byte at a time
		}
	})
}
