package resp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
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

// FuzzParseReply: no panic; a reply read from bytes reads the same from a
// bufio.Reader; a prefix of a whole reply is incomplete.
func FuzzParseReply(f *testing.F) {
	for _, s := range []string{"+OK\r\n", "*2\r\n$1\r\na\r\n%1\r\n:1\r\n#t\r\n", "|1\r\n+a\r\n+b\r\n,1.5\r\n", "=6\r\ntxt:hi\r\n", "$-1\r\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, n, err := ParseReply(b)
		if err != nil {
			return
		}
		if n <= 0 || n > len(b) {
			t.Fatalf("n = %d of %d", n, len(b))
		}
		rv, rerr := ReadReply(bufio.NewReaderSize(bytes.NewReader(b), 16))
		if rerr != nil || fmt.Sprint(rv) != fmt.Sprint(v) {
			t.Fatalf("ReadReply = %v, %v; ParseReply = %v", rv, rerr, v)
		}
		if _, _, err := ParseReply(b[:n-1]); err != ErrIncomplete {
			t.Fatalf("prefix: %v", err)
		}
	})
}

// FuzzNumbers: no panic; what ParseInt accepts is canonical; what
// ParseFloat accepts, strconv reads the same; LongDouble's printed form
// parses again.
func FuzzNumbers(f *testing.F) {
	for _, s := range []string{"0", "-12", "1.5e3", "0x1p-3", "inf", "1e-4950", "0.1"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if n, ok := ParseInt(b); ok && strconv.FormatInt(n, 10) != string(b) {
			t.Fatalf("ParseInt(%q) = %d", b, n)
		}
		if x, ok := ParseFloat(b); ok {
			s := string(b)
			if i := strings.IndexAny(s, "xX"); i >= 0 && !strings.ContainsAny(s, "pP") {
				s += "p0"
			}
			y, err := strconv.ParseFloat(s, 64)
			if err != nil || math.Float64bits(x) != math.Float64bits(y) {
				t.Fatalf("ParseFloat(%q) = %v, strconv: %v, %v", b, x, y, err)
			}
			AppendDoubleText(nil, x)
			AppendFloatHuman(nil, x)
		}
		if x, ok := ParseLongDouble(b); ok {
			text := x.AppendHuman(nil)
			if _, ok := ParseLongDouble(text); !ok && x.IsFinite() && len(text) < ldMaxChars {
				t.Fatalf("ParseLongDouble(%q) prints %q, which does not parse", b, text)
			}
			x.Add(x)
		}
	})
}
