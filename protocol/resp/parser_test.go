package resp

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// parseAll runs Next over b until it stops, as a server's read loop does,
// and returns the commands (args joined by "|" for compact tables), the
// bytes consumed, and the error that stopped it.
func parseAll(p *Parser, b []byte) (cmds []string, used int, err error) {
	var req Request
	for {
		n, err := p.Next(b[used:], &req)
		if err != nil {
			return cmds, used, err
		}
		if n <= 0 {
			panic("BUG: Next returned n <= 0 without an error")
		}
		cmds = append(cmds, joinArgs(req.Args))
		used += n
	}
}

func joinArgs(args [][]byte) string {
	var sb strings.Builder
	for i, a := range args {
		if i > 0 {
			sb.WriteByte('|')
		}
		sb.Write(a)
	}
	return sb.String()
}

// Every reply and close below was checked against redis-server 7.0.15 (see
// TestAgainstRedis, which replays these tables against a real server when
// one is installed). "cmds" are what the server runs before it answers
// with "reply" (empty: it just waits for more bytes, keeping the
// connection open).
var parseTests = []struct {
	in    string
	cmds  []string
	reply string // the protocol error's reply; "" = ErrIncomplete at the end
}{
	// Inline commands.
	{"PING\r\n", []string{"PING"}, ""},
	{"PING\n", []string{"PING"}, ""},
	{"PING", nil, ""},
	{"PING\r", nil, ""},
	{"\r\nPING\r\n", []string{"PING"}, ""},
	{"\n\n  \t \r\nPING\r\n", []string{"PING"}, ""},
	{"\r\n\r\n", nil, ""},
	{"SET  k\t v \r\n", []string{"SET|k|v"}, ""},
	{"ECHO a\vb\r\n", []string{"ECHO|a\vb"}, ""},
	{"ECHO \va\r\n", []string{"ECHO|a"}, ""},
	{"ECHO a\rb\r\n", []string{"ECHO|a|b"}, ""},
	{"ECHO a\r\r\n", []string{"ECHO|a"}, ""},
	{"ECHO \"\\x41\\x4g\\n\"\r\n", []string{"ECHO|Ax4g\n"}, ""},
	{"ECHO \"\\xfF\\X41\\r\\t\\b\\a\\\\\\\"\\q\"\r\n", []string{"ECHO|\xffX41\r\t\b\a\\\"q"}, ""},
	{"ECHO a\"b c\"\r\n", []string{"ECHO|ab c"}, ""},
	{"ECHO \"\" ''\r\n", []string{"ECHO||"}, ""},
	{"ECHO 'it\\'s' 'a\\nb'\r\n", []string{"ECHO|it's|a\\nb"}, ""},
	{"ECHO 'it\\'s'\r\n", []string{"ECHO|it's"}, ""},
	{"ECHO 'a\\nb'\r\n", []string{"ECHO|a\\nb"}, ""},
	{"ECHO \"\"\r\n", []string{"ECHO|"}, ""},
	{"ECHO ''\r\n", []string{"ECHO|"}, ""},
	{"ECHO \"a b\"\r\n", []string{"ECHO|a b"}, ""},
	{"ECHO \"a\"\vb\r\n", []string{"ECHO|a|b"}, ""},
	{"ECHO \"a\" 'b'\r\n", []string{"ECHO|a|b"}, ""},
	{"ECHO \"a\"\r\n", []string{"ECHO|a"}, ""},
	{"ECHO \"a\\\"\r\n", nil, "-ERR Protocol error: unbalanced quotes in request\r\n"},
	{"ECHO \"a\\\r\n", nil, "-ERR Protocol error: unbalanced quotes in request\r\n"},
	{"ECHO \"a\"b\r\n", nil, "-ERR Protocol error: unbalanced quotes in request\r\n"},
	{"ECHO \"a\r\n", nil, "-ERR Protocol error: unbalanced quotes in request\r\n"},
	{"ECHO 'a\r\n", nil, "-ERR Protocol error: unbalanced quotes in request\r\n"},
	{"ECHO 'a'b\r\n", nil, "-ERR Protocol error: unbalanced quotes in request\r\n"},
	{"ECHO \"a\"'b'\r\n", nil, "-ERR Protocol error: unbalanced quotes in request\r\n"},
	{"PING\r\nECHO \"a\r\nPING\r\n", []string{"PING"}, "-ERR Protocol error: unbalanced quotes in request\r\n"},
	// A NUL ends Redis's strchr: the line never ends.
	{"ECHO a\x00b\r\n", nil, ""},
	{"PING\x00\r\n*1\r\n$4\r\nPING\r\n", nil, ""},
	// RESP3 type bytes and stray bulks are inline commands to Redis.
	{"%1\r\n", []string{"%1"}, ""},
	{"~1\r\n", []string{"~1"}, ""},
	{">1\r\n", []string{">1"}, ""},
	{"$4\r\nPING\r\n", []string{"$4", "PING"}, ""},

	// Multibulk.
	{"*1\r\n$4\r\nPING\r\n", []string{"PING"}, ""},
	{"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", []string{"GET|k"}, ""},
	{"*3\r\n$3\r\nSET\r\n$0\r\n\r\n$3\r\na\x00b\r\n", []string{"SET||a\x00b"}, ""},
	{"*1\r\n$4\r\nPI", nil, ""},
	{"*1\r\n$4\r\nPING", nil, ""},
	{"*1\r\n$4\r\nPING\r", nil, ""},
	{"*1\r\n$4\r\n", nil, ""},
	{"*1\r\n$4\r", nil, ""},
	{"*1\r\n$", nil, ""},
	{"*1\r\n", nil, ""},
	{"*1\r", nil, ""},
	{"*", nil, ""},
	{"*0\r\nPING\r\n", []string{"PING"}, ""},
	{"*-1\r\nPING\r\n", []string{"PING"}, ""},
	{"*-5\r\nPING\r\n", []string{"PING"}, ""},
	{"*0\r\n*0\r\n", nil, ""},
	{"*-0\r\nPING\r\n", nil, "-ERR Protocol error: invalid multibulk length\r\n"},
	{"*\r\nPING\r\n", nil, "-ERR Protocol error: invalid multibulk length\r\n"},
	{"*abc\r\nPING\r\n", nil, "-ERR Protocol error: invalid multibulk length\r\n"},
	{"*01\r\n$4\r\nPING\r\n", nil, "-ERR Protocol error: invalid multibulk length\r\n"},
	{"*+1\r\n$4\r\nPING\r\n", nil, "-ERR Protocol error: invalid multibulk length\r\n"},
	{"* 1\r\n$4\r\nPING\r\n", nil, "-ERR Protocol error: invalid multibulk length\r\n"},
	{"*1\n$4\r\nPING\r\n", nil, "-ERR Protocol error: invalid multibulk length\r\n"},
	{"*2147483647\r\n", nil, ""},
	{"*1048577\r\n", nil, ""},
	{"*2147483648\r\n", nil, "-ERR Protocol error: invalid multibulk length\r\n"},
	{"*99999999999999999999\r\n", nil, "-ERR Protocol error: invalid multibulk length\r\n"},
	{"*1\r\n:4\r\nPING\r\n", nil, "-ERR Protocol error: expected '$', got ':'\r\n"},
	{"*1\r\nPING\r\n", nil, "-ERR Protocol error: expected '$', got 'P'\r\n"},
	{"*1\r\n\r\n", nil, "-ERR Protocol error: expected '$', got ' '\r\n"},
	{"*1\r\n\n\r\n", nil, "-ERR Protocol error: expected '$', got ' '\r\n"},
	{"*1\r\n\xff\r\n", nil, "-ERR Protocol error: expected '$', got '\xff'\r\n"},
	{"*1\r\nPING", nil, ""},
	{"*1\r\n$-1\r\n", nil, "-ERR Protocol error: invalid bulk length\r\n"},
	{"*1\r\n$abc\r\n", nil, "-ERR Protocol error: invalid bulk length\r\n"},
	{"*1\r\n$\r\n", nil, "-ERR Protocol error: invalid bulk length\r\n"},
	{"*1\r\n$01\r\nx\r\n", nil, "-ERR Protocol error: invalid bulk length\r\n"},
	{"*1\r\n$536870912\r\n", nil, ""},
	{"*1\r\n$536870913\r\n", nil, "-ERR Protocol error: invalid bulk length\r\n"},
	// Redis skips the two bytes after a count line's '\r' and after a
	// bulk without looking at them.
	{"*1\r\n$4\r\nPINGxx", []string{"PING"}, ""},
	{"*1\r\n$4\r\nPINGxx*1\r\n$4\r\nPING\r\n", []string{"PING", "PING"}, ""},
	{"*1\rX$4\r\nPING\r\n", []string{"PING"}, ""},
	{"*1\r\n$4\rXPING\r\n", []string{"PING"}, ""},
	{"*1\x00\r\n$4\r\nPING\r\n", nil, ""},
	{"*1\r\n$4\r\nPING\r\n*x\r\n", []string{"PING"}, "-ERR Protocol error: invalid multibulk length\r\n"},
	{"PING\r\n*1\r\n$4\r\nPING\r\nPING\r\n", []string{"PING", "PING", "PING"}, ""},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		var p Parser
		cmds, used, err := parseAll(&p, []byte(tt.in))
		if fmt.Sprint(cmds) != fmt.Sprint(tt.cmds) {
			t.Errorf("%q: commands %q, want %q", tt.in, cmds, tt.cmds)
		}
		checkStop(t, tt.in, err, tt.reply)
		if err == ErrIncomplete && used+p.Need() <= len(tt.in) {
			t.Errorf("%q: Need()=%d after %d of %d bytes", tt.in, p.Need(), used, len(tt.in))
		}
	}
}

func checkStop(t *testing.T, in string, err error, reply string) {
	t.Helper()
	if reply == "" {
		if err != ErrIncomplete {
			t.Errorf("%q: error %v, want ErrIncomplete", in, err)
		}
		return
	}
	var e *Error
	if !errors.As(err, &e) {
		t.Errorf("%q: error %v, want reply %q", in, err, reply)
		return
	}
	if string(e.Reply) != reply || !e.Close || "-"+e.Msg+"\r\n" != reply || e.Error() != e.Msg {
		t.Errorf("%q: error %+v, want reply %q and Close", in, e, reply)
	}
}

// Limits that need long inputs: checked against Redis as the table above.
func TestParseLimits(t *testing.T) {
	long := func(prefix string, n int, suffix string) string {
		return prefix + strings.Repeat("1", n) + suffix
	}
	tests := []struct {
		in    string
		cmds  []string
		reply string
	}{
		{strings.Repeat("a", MaxInlineSize), nil, ""},
		{strings.Repeat("a", MaxInlineSize+1), nil, "-ERR Protocol error: too big inline request\r\n"},
		{"ECHO " + strings.Repeat("a", MaxInlineSize-6) + "\r\n", []string{"ECHO|" + strings.Repeat("a", MaxInlineSize-6)}, ""},
		{"ECHO " + strings.Repeat("a", MaxInlineSize-5) + "\r\n", nil, "-ERR Protocol error: too big inline request\r\n"},
		{"ECHO a\x00" + strings.Repeat("b", MaxInlineSize), nil, "-ERR Protocol error: too big inline request\r\n"},
		{"ECHO a\x00" + strings.Repeat("b", MaxInlineSize-7), nil, ""},
		{long("*", MaxInlineSize-1, ""), nil, ""},
		{long("*", MaxInlineSize, ""), nil, "-ERR Protocol error: too big mbulk count string\r\n"},
		{long("*1\r\n$", MaxInlineSize-1, ""), nil, ""},
		{long("*1\r\n$", MaxInlineSize, ""), nil, "-ERR Protocol error: too big bulk count string\r\n"},
		// Deterministic where Redis depends on how reads cut the stream:
		// a line must end within MaxInlineSize+1 bytes.
		{strings.Repeat("a", MaxInlineSize) + "\n", []string{strings.Repeat("a", MaxInlineSize)}, ""},
		{strings.Repeat("a", MaxInlineSize+1) + "\n", nil, "-ERR Protocol error: too big inline request\r\n"},
	}
	for _, tt := range tests {
		var p Parser
		cmds, _, err := parseAll(&p, []byte(tt.in))
		if fmt.Sprint(cmds) != fmt.Sprint(tt.cmds) {
			t.Errorf("%.20q...: commands %.40q, want %.40q", tt.in, cmds, tt.cmds)
		}
		checkStop(t, tt.in[:20], err, tt.reply)
	}
}

func TestParseMaxBulkLen(t *testing.T) {
	p := Parser{MaxBulkLen: 3}
	if cmds, _, err := parseAll(&p, []byte("*1\r\n$3\r\nabc\r\n*1\r\n$4\r\n")); len(cmds) != 1 || err != ErrInvalidBulkLength {
		t.Errorf("MaxBulkLen 3: %q, %v", cmds, err)
	}
}

func TestParseRequireAuth(t *testing.T) {
	tests := []struct {
		in    string
		cmds  []string
		reply string
	}{
		{"*10\r\n", nil, ""},
		{"*11\r\n", nil, "-ERR Protocol error: unauthenticated multibulk length\r\n"},
		{"*-11\r\n", nil, ""},
		{"*11\r\n*-1\r\n", nil, "-ERR Protocol error: unauthenticated multibulk length\r\n"},
		{"*1\r\n$16384\r\n", nil, ""},
		{"*1\r\n$16385\r\n", nil, "-ERR Protocol error: unauthenticated bulk length\r\n"},
		{"*0\r\nPING\r\n", []string{"PING"}, ""},
	}
	for _, tt := range tests {
		p := Parser{RequireAuth: true}
		cmds, _, err := parseAll(&p, []byte(tt.in))
		if fmt.Sprint(cmds) != fmt.Sprint(tt.cmds) {
			t.Errorf("%q: commands %q, want %q", tt.in, cmds, tt.cmds)
		}
		checkStop(t, tt.in, err, tt.reply)
	}
}

func TestExpectedDollarError(t *testing.T) {
	for c := 0; c < 256; c++ {
		e := ExpectedDollarError(byte(c))
		want := fmt.Sprintf("-ERR Protocol error: expected '$', got '%c'\r\n", c)
		if c == '\r' || c == '\n' {
			want = "-ERR Protocol error: expected '$', got ' '\r\n"
		}
		if c >= 0x80 {
			want = "-ERR Protocol error: expected '$', got '" + string([]byte{byte(c)}) + "'\r\n"
		}
		if string(e.Reply) != want {
			t.Errorf("%#x: %q, want %q", c, e.Reply, want)
		}
	}
}

// TestNeed: a server can learn the size of a large bulk before it arrives.
func TestNeed(t *testing.T) {
	var p Parser
	var req Request
	hdr := "*2\r\n$3\r\nSET\r\n$536870912\r\n"
	b := []byte(hdr + "abc")
	if n, err := p.Next(b, &req); n != 0 || err != ErrIncomplete {
		t.Fatalf("Next = %d, %v", n, err)
	}
	if want := len(hdr) + 512<<20 + 2; p.Need() != want {
		t.Fatalf("Need() = %d, want %d", p.Need(), want)
	}
	p.Reset()
	if _, err := p.Next([]byte("*2\r\n$3\r\nSET\r\n$5"), &req); err != ErrIncomplete || p.Need() != len("*2\r\n$3\r\nSET\r\n$5")+1 {
		t.Fatalf("Need() = %d", p.Need())
	}
}

// TestResume feeds frames a byte at a time, as the slowest network would,
// and checks that the resumed parse returns what a fresh parse does, and
// that Args point into the latest buffer.
func TestResume(t *testing.T) {
	in := "\r\n*0\r\n*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$10\r\n0123456789\r\nECHO \"x y\"\r\n*1\r\n$4\r\nPING\r\n"
	want := []string{"SET|key|0123456789", "ECHO|x y", "PING"}
	var p Parser
	var req Request
	var got []string
	var buf []byte
	for i := 0; i < len(in); i++ {
		// A new backing array each time, as a growing connection buffer
		// may have: resumed Args must not point into the old one.
		buf = append(bytes.Clone(buf), in[i])
		for {
			n, err := p.Next(buf, &req)
			if err == ErrIncomplete {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, a := range req.Args {
				if len(a) > 0 && !bytes.Contains(buf, a) {
					t.Errorf("arg %q not in the buffer", a)
				}
			}
			got = append(got, joinArgs(req.Args))
			buf = buf[n:]
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

// TestResumeLinear: a frame of many arguments arriving in small pieces is
// not rescanned from its start each time (the parse would be quadratic, a
// cheap denial of service).
func TestResumeLinear(t *testing.T) {
	const args = 200000
	var frame []byte
	frame = AppendArrayHeader(frame, args)
	for i := 0; i < args; i++ {
		frame = AppendBulkString(frame, "x")
	}
	var p Parser
	var req Request
	calls := 0
	for end := 1024; ; end += 1024 {
		end = min(end, len(frame))
		calls++
		n, err := p.Next(frame[:end], &req)
		if err == ErrIncomplete {
			continue
		}
		if err != nil || n != len(frame) || len(req.Args) != args {
			t.Fatalf("Next = %d, %v, %d args", n, err, len(req.Args))
		}
		break
	}
	// Count the work: with resumption the spans slice holds each argument
	// once; without it each call would re-add all args so far.
	if calls < 1000 {
		t.Fatalf("only %d calls", calls)
	}
	if cap(p.spans) > 2*args {
		t.Errorf("spans grew to %d for %d args", cap(p.spans), args)
	}
}

// TestResumeContractBroken: handing the Parser unrelated bytes after
// ErrIncomplete (without Reset) must not panic.
func TestResumeContractBroken(t *testing.T) {
	var p Parser
	var req Request
	if _, err := p.Next([]byte("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n"), &req); err != ErrIncomplete {
		t.Fatal(err)
	}
	for _, b := range []string{"", "*", "PING\r\n", "*1\r\n$1\r\nx\r\n", "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n"} {
		p.Next([]byte(b), &req)
	}
	p.Reset()
	if n, err := p.Next([]byte("PING\r\n"), &req); n != 6 || err != nil || joinArgs(req.Args) != "PING" {
		t.Errorf("after Reset: %d, %v, %q", n, err, req.Args)
	}
}

func TestArgsCapacity(t *testing.T) {
	var p Parser
	var req Request
	for _, in := range []string{"*2\r\n$3\r\nGET\r\n$1\r\nk\r\n", "GET k\r\n", "GET \"k\"\r\n"} {
		if _, err := p.Next([]byte(in), &req); err != nil {
			t.Fatal(err)
		}
		for _, a := range req.Args {
			if cap(a) != len(a) {
				t.Errorf("%q: arg %q has cap %d", in, a, cap(a))
			}
		}
	}
}

func TestParseAllocs(t *testing.T) {
	tests := map[string]string{
		"multibulk GET": "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n",
		"multibulk SET": "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$100\r\n" + strings.Repeat("v", 100) + "\r\n",
		"inline PING":   "PING\r\n",
		"inline quoted": "SET \"k y\" 'v'\r\n",
		"empty+GET":     "\r\n*0\r\n*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n",
	}
	for name, in := range tests {
		var p Parser
		var req Request
		b := []byte(in)
		allocs := testing.AllocsPerRun(100, func() {
			if n, err := p.Next(b, &req); err != nil || n != len(b) {
				t.Fatalf("%s: %d, %v", name, n, err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocs per Next", name, allocs)
		}
	}
}
