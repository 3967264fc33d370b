package resp

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math"
	"reflect"
	"strings"
	"testing"
)

func bulkV(s string) Value { return Value{Kind: KindBulk, Str: []byte(s)} }
func intV(n int64) Value   { return Value{Kind: KindInteger, Int: n} }

func TestParseReply(t *testing.T) {
	tests := []struct {
		in   string
		want Value
	}{
		{"+OK\r\n", Value{Kind: KindSimpleString, Str: []byte("OK")}},
		{"-ERR x y\r\n", Value{Kind: KindError, Str: []byte("ERR x y")}},
		{":-12\r\n", intV(-12)},
		{"$5\r\na\r\nbc\r\n", bulkV("a\r\nbc")},
		{"$0\r\n\r\n", bulkV("")},
		{"$-1\r\n", Value{Kind: KindBulk, Null: true}},
		{"*-1\r\n", Value{Kind: KindArray, Null: true}},
		{"*0\r\n", Value{Kind: KindArray, Elems: []Value{}}},
		{"*2\r\n$1\r\na\r\n:1\r\n", Value{Kind: KindArray, Elems: []Value{bulkV("a"), intV(1)}}},
		{"*2\r\n*1\r\n*0\r\n$-1\r\n", Value{Kind: KindArray, Elems: []Value{
			{Kind: KindArray, Elems: []Value{{Kind: KindArray, Elems: []Value{}}}},
			{Kind: KindBulk, Null: true}}}},
		{"_\r\n", Value{Kind: KindNull, Null: true}},
		{",3.141\r\n", Value{Kind: KindDouble, Float: 3.141, Str: []byte("3.141")}},
		{",-inf\r\n", Value{Kind: KindDouble, Float: math.Inf(-1), Str: []byte("-inf")}},
		{"#t\r\n", Value{Kind: KindBoolean, Bool: true}},
		{"#f\r\n", Value{Kind: KindBoolean}},
		{"!9\r\nERR oops!\r\n", Value{Kind: KindBlobError, Str: []byte("ERR oops!")}},
		{"=6\r\ntxt:hi\r\n", Value{Kind: KindVerbatim, Format: "txt", Str: []byte("hi")}},
		{"(-12345678901234567890\r\n", Value{Kind: KindBigNumber, Str: []byte("-12345678901234567890")}},
		{"%1\r\n+k\r\n:1\r\n", Value{Kind: KindMap, Elems: []Value{{Kind: KindSimpleString, Str: []byte("k")}, intV(1)}}},
		{"~1\r\n#t\r\n", Value{Kind: KindSet, Elems: []Value{{Kind: KindBoolean, Bool: true}}}},
		{">2\r\n$7\r\nmessage\r\n:1\r\n", Value{Kind: KindPush, Elems: []Value{bulkV("message"), intV(1)}}},
		{"|1\r\n+ttl\r\n:3\r\n$1\r\nv\r\n", Value{Kind: KindBulk, Str: []byte("v"), Attrs: []Value{{Kind: KindSimpleString, Str: []byte("ttl")}, intV(3)}}},
	}
	for _, tt := range tests {
		in := []byte(tt.in + "+next\r\n")
		v, n, err := ParseReply(in)
		if err != nil || n != len(tt.in) || !reflect.DeepEqual(v, tt.want) {
			t.Errorf("ParseReply(%q) = %+v, %d, %v; want %+v", tt.in, v, n, err, tt.want)
		}
		for i := 0; i < len(tt.in); i++ {
			if _, _, err := ParseReply(in[:i]); err != ErrIncomplete {
				t.Errorf("ParseReply(%q) = %v, want ErrIncomplete", in[:i], err)
			}
		}
		r := bufio.NewReaderSize(strings.NewReader(string(in)), 16)
		rv, err := ReadReply(r)
		if err != nil || !reflect.DeepEqual(rv, tt.want) {
			t.Errorf("ReadReply(%q) = %+v, %v; want %+v", tt.in, rv, err, tt.want)
		}
		if next, err := ReadReply(r); err != nil || string(next.Str) != "next" {
			t.Errorf("ReadReply after %q = %+v, %v", tt.in, next, err)
		}
		if _, err := ReadReply(r); err != io.EOF {
			t.Errorf("ReadReply at the end: %v, want EOF", err)
		}
		if _, err := ReadReply(bufio.NewReader(strings.NewReader(tt.in[:len(tt.in)-1]))); err != io.ErrUnexpectedEOF {
			t.Errorf("ReadReply(%q) cut short: %v, want ErrUnexpectedEOF", tt.in[:len(tt.in)-1], err)
		}
	}
}

func TestParseReplyErrors(t *testing.T) {
	for _, in := range []string{
		"\r\n", "?\r\n", "+OK\rX", "+a\nb\r\n", ":1.5\r\n", ":+1\r\n", "_x\r\n", "#x\r\n", ",x\r\n", ",nanx\r\n",
		"(12a\r\n", "(\r\n", "$-2\r\n", "$x\r\n", "$1\r\nabc", "=3\r\ntxt\r\n", "=5\r\ntxt-x\r\n", "*-2\r\n",
		"%-1\r\n", "~x\r\n", "$?\r\n", "*?\r\n",
	} {
		if _, _, err := ParseReply([]byte(in)); !errors.Is(err, ErrBadReply) {
			t.Errorf("ParseReply(%q): %v, want ErrBadReply", in, err)
		}
		if _, err := ReadReply(bufio.NewReader(strings.NewReader(in + "\r\n"))); !errors.Is(err, ErrBadReply) {
			t.Errorf("ReadReply(%q): %v, want ErrBadReply", in, err)
		}
	}
}

func TestReplyDepth(t *testing.T) {
	nested := func(depth int) []byte {
		return []byte(strings.Repeat("*1\r\n", depth) + ":1\r\n")
	}
	if _, n, err := ParseReply(nested(MaxReplyDepth)); err != nil || n != len(nested(MaxReplyDepth)) {
		t.Errorf("depth %d: %d, %v", MaxReplyDepth, n, err)
	}
	if _, _, err := ParseReply(nested(MaxReplyDepth + 1)); err != ErrReplyTooDeep {
		t.Errorf("depth %d: %v", MaxReplyDepth+1, err)
	}
	if _, err := ReadReply(bufio.NewReader(bytes.NewReader(nested(MaxReplyDepth + 1)))); err != ErrReplyTooDeep {
		t.Errorf("ReadReply depth %d: %v", MaxReplyDepth+1, err)
	}
	if _, _, err := ParseReply([]byte(strings.Repeat("|1\r\n+a\r\n+b\r\n", MaxReplyDepth+1) + ":1\r\n")); err != ErrReplyTooDeep {
		t.Errorf("nested attributes: %v", err)
	}
}

func TestReadReplyLongLine(t *testing.T) {
	long := strings.Repeat("x", 100000)
	v, err := ReadReply(bufio.NewReaderSize(strings.NewReader("+"+long+"\r\n"), 16))
	if err != nil || string(v.Str) != long {
		t.Errorf("long line: %d bytes, %v", len(v.Str), err)
	}
	// A huge announced bulk is not allocated up front.
	if _, err := ReadReply(bufio.NewReader(strings.NewReader("$2000000000\r\nabc"))); err != io.ErrUnexpectedEOF {
		t.Errorf("short bulk: %v", err)
	}
}

// The appenders' output reads back as what was appended.
func TestAppendParseRoundTrip(t *testing.T) {
	for _, proto := range []int{RESP2, RESP3} {
		var b []byte
		b = AppendMapHeader(b, 2, proto)
		b = AppendBulkString(b, "score")
		b = AppendDouble(b, 1.5, proto)
		b = AppendBulkString(b, "flags")
		b = AppendSetHeader(b, 2, proto)
		b = AppendBool(b, true, proto)
		b = AppendNull(b, proto)
		v, n, err := ParseReply(b)
		if err != nil || n != len(b) {
			t.Fatalf("RESP%d: %v", proto, err)
		}
		if len(v.Elems) != 4 || string(v.Elems[0].Str) != "score" || len(v.Elems[3].Elems) != 2 || !v.Elems[3].Elems[1].Null {
			t.Errorf("RESP%d: %+v", proto, v)
		}
		score := v.Elems[1]
		if proto == RESP3 && (score.Kind != KindDouble || score.Float != 1.5) ||
			proto == RESP2 && string(score.Str) != "1.5" {
			t.Errorf("RESP%d score: %+v", proto, score)
		}
	}
}
