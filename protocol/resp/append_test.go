package resp

import (
	"math"
	"strings"
	"testing"
)

// The wire forms below are Redis's (networking.c addReply*); those a
// server can be made to send are also checked against redis-server in
// TestAppendAgainstRedis.
func TestAppend(t *testing.T) {
	tests := []struct {
		name string
		got  []byte
		want string
	}{
		{"OK", AppendOK(nil), "+OK\r\n"},
		{"simple", AppendSimpleString(nil, "PONG"), "+PONG\r\n"},
		{"simple CRLF", AppendSimpleString(nil, "a\r\nb"), "+a  b\r\n"},
		{"error", AppendError(nil, "ERR syntax error"), "-ERR syntax error\r\n"},
		{"error CRLF", AppendError(nil, "ERR bad\r\n"), "-ERR bad  \r\n"},
		{"int", AppendInt(nil, 0), ":0\r\n"},
		{"int min", AppendInt(nil, math.MinInt64), ":-9223372036854775808\r\n"},
		{"bulk", AppendBulk(nil, []byte("a\r\nb")), "$4\r\na\r\nb\r\n"},
		{"bulk nil", AppendBulk(nil, nil), "$0\r\n\r\n"},
		{"bulk string", AppendBulkString(nil, "hello"), "$5\r\nhello\r\n"},
		{"bulk int", AppendBulkInt(nil, -42), "$3\r\n-42\r\n"},
		{"null bulk", AppendNullBulk(nil), "$-1\r\n"},
		{"array", AppendArrayHeader(nil, 3), "*3\r\n"},
		{"array 0", AppendArrayHeader(nil, 0), "*0\r\n"},
		{"null 2", AppendNull(nil, RESP2), "$-1\r\n"},
		{"null 3", AppendNull(nil, RESP3), "_\r\n"},
		{"null array 2", AppendNullArray(nil, RESP2), "*-1\r\n"},
		{"null array 3", AppendNullArray(nil, RESP3), "_\r\n"},
		{"map 2", AppendMapHeader(nil, 3, RESP2), "*6\r\n"},
		{"map 3", AppendMapHeader(nil, 3, RESP3), "%3\r\n"},
		{"set 2", AppendSetHeader(nil, 2, RESP2), "*2\r\n"},
		{"set 3", AppendSetHeader(nil, 2, RESP3), "~2\r\n"},
		{"push 2", AppendPushHeader(nil, 3, RESP2), "*3\r\n"},
		{"push 3", AppendPushHeader(nil, 3, RESP3), ">3\r\n"},
		{"attribute", AppendAttributeHeader(nil, 1), "|1\r\n"},
		{"double 2", AppendDouble(nil, 3.141, RESP2), "$5\r\n3.141\r\n"},
		{"double 3", AppendDouble(nil, 3.141, RESP3), ",3.141\r\n"},
		{"double 0.1", AppendDouble(nil, 0.1, RESP3), ",0.10000000000000001\r\n"},
		{"double inf 2", AppendDouble(nil, math.Inf(1), RESP2), "$3\r\ninf\r\n"},
		{"double -inf 2", AppendDouble(nil, math.Inf(-1), RESP2), "$4\r\n-inf\r\n"},
		{"double inf 3", AppendDouble(nil, math.Inf(1), RESP3), ",inf\r\n"},
		{"double -inf 3", AppendDouble(nil, math.Inf(-1), RESP3), ",-inf\r\n"},
		{"double nan 3", AppendDouble(nil, math.NaN(), RESP3), ",nan\r\n"},
		{"double big 2", AppendDouble(nil, -math.MaxFloat64, RESP2), "$24\r\n-1.7976931348623157e+308\r\n"},
		{"bool 2", AppendBool(nil, true, RESP2), ":1\r\n"},
		{"bool false 2", AppendBool(nil, false, RESP2), ":0\r\n"},
		{"bool 3", AppendBool(nil, true, RESP3), "#t\r\n"},
		{"bool false 3", AppendBool(nil, false, RESP3), "#f\r\n"},
		{"bignum 2", AppendBigNumber(nil, []byte("-123456789012345678901234567890"), RESP2), "$31\r\n-123456789012345678901234567890\r\n"},
		{"bignum 3", AppendBigNumber(nil, []byte("-123456789012345678901234567890"), RESP3), "(-123456789012345678901234567890\r\n"},
		{"verbatim 2", AppendVerbatim(nil, []byte("hi"), "txt", RESP2), "$2\r\nhi\r\n"},
		{"verbatim 3", AppendVerbatim(nil, []byte("hi"), "txt", RESP3), "=6\r\ntxt:hi\r\n"},
		{"verbatim short", AppendVerbatim(nil, []byte(""), "md", RESP3), "=4\r\nmd :\r\n"},
		{"verbatim long", AppendVerbatim(nil, []byte("x"), "markdown", RESP3), "=5\r\nmar:x\r\n"},
		{"human 2", AppendHumanDouble(nil, 10.5, RESP2), "$4\r\n10.5\r\n"},
		{"human 3", AppendHumanDouble(nil, 1.0, RESP3), ",1\r\n"},
		{"human long 2", AppendHumanDouble(nil, 0x1p60, RESP2), "$19\r\n1152921504606846976\r\n"},
		{"appends", AppendInt([]byte("+OK\r\n"), 7), "+OK\r\n:7\r\n"},
	}
	for _, tt := range tests {
		if string(tt.got) != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestAppendAllocs(t *testing.T) {
	dst := make([]byte, 0, 4096)
	val := []byte(strings.Repeat("v", 100))
	allocs := testing.AllocsPerRun(100, func() {
		b := dst[:0]
		b = AppendOK(b)
		b = AppendSimpleString(b, "PONG")
		b = AppendError(b, "ERR x")
		b = AppendInt(b, -12345)
		b = AppendBulk(b, val)
		b = AppendBulkString(b, "abc")
		b = AppendBulkInt(b, 99)
		b = AppendNullBulk(b)
		b = AppendArrayHeader(b, 2)
		for _, proto := range []int{RESP2, RESP3} {
			b = AppendNull(b, proto)
			b = AppendNullArray(b, proto)
			b = AppendMapHeader(b, 2, proto)
			b = AppendSetHeader(b, 2, proto)
			b = AppendPushHeader(b, 2, proto)
			b = AppendDouble(b, 0.1, proto)
			b = AppendDouble(b, math.Inf(-1), proto)
			b = AppendBool(b, true, proto)
			b = AppendBigNumber(b, val[:10], proto)
			b = AppendVerbatim(b, val, "txt", proto)
			b = AppendHumanDouble(b, 1.25, proto)
		}
		b = AppendAttributeHeader(b, 1)
		_ = AppendFloatHuman(b, 3.5)
	})
	if allocs != 0 {
		t.Errorf("%v allocs", allocs)
	}
}
