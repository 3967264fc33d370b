package resp

import (
	"bytes"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startRedis starts redis-server (7.0 is the reference) on a free loopback
// port with extra arguments, or skips the test if it is not installed.
func startRedis(t *testing.T, args ...string) string {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: not starting redis-server")
	}
	bin, err := exec.LookPath("redis-server")
	if err != nil {
		t.Skip("redis-server not installed")
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	addr := "127.0.0.1:" + strconv.Itoa(port)
	args = append([]string{"--port", strconv.Itoa(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
		"--dir", t.TempDir()}, args...)
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	for i := 0; ; i++ {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
			break
		}
		if i == 100 {
			t.Fatalf("redis-server did not start: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	if v, err := exec.Command(bin, "--version").Output(); err == nil && !bytes.Contains(v, []byte("v=7.0.")) {
		t.Logf("warning: the reference is Redis 7.0, this is %s", bytes.TrimSpace(v))
	}
	return addr
}

// exchange sends in on a new connection and returns what the server sent
// back and whether it closed the connection. It waits for the close when
// wantClose, else for wantReplies replies and then a little longer.
func exchange(t *testing.T, addr, in string, wantClose bool, wantReplies int) (out []byte, closed bool) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte(in)); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(2 * time.Second)
	buf := make([]byte, 64<<10)
	for {
		if !wantClose && countReplies(out) >= wantReplies {
			// Give a wrong server a moment to say more or close.
			deadline = time.Now().Add(100 * time.Millisecond)
			wantClose = true // from now on just wait for the deadline
		}
		c.SetReadDeadline(deadline)
		n, err := c.Read(buf)
		out = append(out, buf[:n]...)
		if err == io.EOF {
			return out, true
		}
		var ne net.Error
		if errors.As(err, &ne) && ne.Timeout() {
			return out, false
		}
		if err != nil {
			return out, true // reset: closed
		}
	}
}

func countReplies(b []byte) int {
	n := 0
	for {
		_, used, err := ParseReply(b)
		if err != nil {
			return n
		}
		n++
		b = b[used:]
	}
}

// compareWithRedis checks one table row against a real server: the same
// number of replies before the error, the argument of one-argument ECHOs
// as we split it (ECHO with more arguments is an error reply), and
// the same error reply and close (or no close).
func compareWithRedis(t *testing.T, addr, in string, cmds []string, reply string) {
	out, closed := exchange(t, addr, in, reply != "", len(cmds))
	rest := out
	for i, cmd := range cmds {
		v, n, err := ParseReply(rest)
		if err != nil {
			t.Errorf("%q: redis sent %q: reply %d: %v", in, out, i, err)
			return
		}
		rest = rest[n:]
		if echo, ok := strings.CutPrefix(cmd, "ECHO|"); ok && !strings.Contains(echo, "|") && string(v.Str) != echo {
			t.Errorf("%q: redis echoed %q, we split %q", in, v.Str, echo)
		}
	}
	if string(rest) != reply || closed != (reply != "") {
		t.Errorf("%q: after %d replies redis sent %q (closed: %v), want %q", in, len(cmds), rest, closed, reply)
	}
}

// TestAgainstRedis replays the parser's tables against redis-server: the
// error strings and closes in them are Redis's.
func TestAgainstRedis(t *testing.T) {
	addr := startRedis(t)
	for _, tt := range parseTests {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			compareWithRedis(t, addr, tt.in, tt.cmds, tt.reply)
		})
	}
	limits := []struct {
		in    string
		reply string
	}{
		{strings.Repeat("a", MaxInlineSize), ""},
		{strings.Repeat("a", MaxInlineSize+1), "-ERR Protocol error: too big inline request\r\n"},
		{"*" + strings.Repeat("1", MaxInlineSize-1), ""},
		{"*" + strings.Repeat("1", MaxInlineSize), "-ERR Protocol error: too big mbulk count string\r\n"},
		{"*1\r\n$" + strings.Repeat("1", MaxInlineSize-1), ""},
		{"*1\r\n$" + strings.Repeat("1", MaxInlineSize), "-ERR Protocol error: too big bulk count string\r\n"},
		{"ECHO a\x00" + strings.Repeat("b", MaxInlineSize), "-ERR Protocol error: too big inline request\r\n"},
	}
	for _, tt := range limits {
		t.Run("", func(t *testing.T) {
			t.Parallel()
			compareWithRedis(t, addr, tt.in, nil, tt.reply)
		})
	}
}

func TestAgainstRedisRequireAuth(t *testing.T) {
	addr := startRedis(t, "--requirepass", "secret")
	tests := []struct {
		in    string
		reply string
	}{
		{"*10\r\n", ""},
		{"*11\r\n", "-ERR Protocol error: unauthenticated multibulk length\r\n"},
		{"*-11\r\n", ""},
		{"*11\r\n*-1\r\n", "-ERR Protocol error: unauthenticated multibulk length\r\n"},
		{"*1\r\n$16384\r\n", ""},
		{"*1\r\n$16385\r\n", "-ERR Protocol error: unauthenticated bulk length\r\n"},
	}
	for _, tt := range tests {
		var p Parser
		p.RequireAuth = true
		_, _, err := parseAll(&p, []byte(tt.in))
		checkStop(t, tt.in, err, tt.reply)
		t.Run("", func(t *testing.T) {
			t.Parallel()
			compareWithRedis(t, addr, tt.in, nil, tt.reply)
		})
	}
}

// rawConn sends commands and returns the raw bytes of each reply.
type rawConn struct {
	c   net.Conn
	buf []byte
}

func dialRaw(t *testing.T, addr string, proto int) *rawConn {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	r := &rawConn{c: c}
	if proto == RESP3 {
		if v, _, _ := ParseReply(r.do(t, "HELLO", "3")); v.Kind != KindMap {
			t.Fatalf("HELLO 3: %v", v.Kind)
		}
	}
	return r
}

// do sends a command and returns its reply's bytes.
func (r *rawConn) do(t *testing.T, args ...string) []byte {
	t.Helper()
	var cmd []byte
	cmd = AppendArrayHeader(cmd, len(args))
	for _, a := range args {
		cmd = AppendBulkString(cmd, a)
	}
	if _, err := r.c.Write(cmd); err != nil {
		t.Fatal(err)
	}
	return r.next(t)
}

// next returns the next reply's bytes.
func (r *rawConn) next(t *testing.T) []byte {
	t.Helper()
	r.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	tmp := make([]byte, 64<<10)
	for {
		if _, n, err := ParseReply(r.buf); err == nil {
			reply := bytes.Clone(r.buf[:n])
			r.buf = r.buf[n:]
			return reply
		} else if err != ErrIncomplete {
			t.Fatalf("bad reply %q: %v", r.buf, err)
		}
		n, err := r.c.Read(tmp)
		if err != nil {
			t.Fatalf("read: %v (have %q)", err, r.buf)
		}
		r.buf = append(r.buf, tmp[:n]...)
	}
}

// TestAppendAgainstRedis compares the appenders with what Redis sends for
// DEBUG PROTOCOL <type>, which emits each RESP3 type (and its RESP2
// stand-in), and for a few commands.
func TestAppendAgainstRedis(t *testing.T) {
	addr := startRedis(t, "--enable-debug-command", "yes")
	for _, proto := range []int{RESP2, RESP3} {
		c := dialRaw(t, addr, proto)
		var b []byte
		expect := func(got []byte, want []byte, what string) {
			t.Helper()
			if !bytes.Equal(got, want) {
				t.Errorf("RESP%d %s: redis sent %q, we append %q", proto, what, got, want)
			}
		}
		expect(c.do(t, "DEBUG", "PROTOCOL", "string"), AppendBulkString(nil, "Hello World"), "string")
		expect(c.do(t, "DEBUG", "PROTOCOL", "integer"), AppendInt(nil, 12345), "integer")
		expect(c.do(t, "DEBUG", "PROTOCOL", "double"), AppendDouble(nil, 3.141, proto), "double")
		expect(c.do(t, "DEBUG", "PROTOCOL", "bignum"), AppendBigNumber(nil, []byte("1234567999999999999999999999999999999"), proto), "bignum")
		expect(c.do(t, "DEBUG", "PROTOCOL", "null"), AppendNull(nil, proto), "null")
		b = AppendArrayHeader(nil, 3)
		for j := int64(0); j < 3; j++ {
			b = AppendInt(b, j)
		}
		expect(c.do(t, "DEBUG", "PROTOCOL", "array"), b, "array")
		b = AppendSetHeader(nil, 3, proto)
		for j := int64(0); j < 3; j++ {
			b = AppendInt(b, j)
		}
		expect(c.do(t, "DEBUG", "PROTOCOL", "set"), b, "set")
		b = AppendMapHeader(nil, 3, proto)
		for j := int64(0); j < 3; j++ {
			b = AppendInt(b, j)
			b = AppendBool(b, j == 1, proto)
		}
		expect(c.do(t, "DEBUG", "PROTOCOL", "map"), b, "map")
		b = nil
		if proto == RESP3 {
			b = AppendAttributeHeader(b, 1)
			b = AppendBulkString(b, "key-popularity")
			b = AppendArrayHeader(b, 2)
			b = AppendBulkString(b, "key:123")
			b = AppendInt(b, 90)
		}
		b = AppendBulkString(b, "Some real reply following the attribute")
		// ParseReply reads an attribute with the value after it.
		expect(c.do(t, "DEBUG", "PROTOCOL", "attrib"), b, "attrib")
		if proto == RESP3 {
			b = AppendPushHeader(nil, 2, proto)
			b = AppendBulkString(b, "server-cpu-usage")
			b = AppendInt(b, 42)
			expect(c.do(t, "DEBUG", "PROTOCOL", "push"), b, "push")
			expect(c.next(t), AppendBulkString(nil, "Some real reply following the push reply"), "push's reply")
		} else {
			expect(c.do(t, "DEBUG", "PROTOCOL", "push"), AppendError(nil, "ERR RESP2 is not supported by this command"), "push")
		}
		expect(c.do(t, "DEBUG", "PROTOCOL", "true"), AppendBool(nil, true, proto), "true")
		expect(c.do(t, "DEBUG", "PROTOCOL", "false"), AppendBool(nil, false, proto), "false")
		expect(c.do(t, "DEBUG", "PROTOCOL", "verbatim"), AppendVerbatim(nil, []byte("This is a verbatim\nstring"), "txt", proto), "verbatim")

		expect(c.do(t, "GET", "nokey"), AppendNull(nil, proto), "GET miss")
		expect(c.do(t, "BLPOP", "nokey", "0.01"), AppendNullArray(nil, proto), "BLPOP timeout")
		expect(c.do(t, "SET", "k", "v"), AppendOK(nil), "SET")
		expect(c.do(t, "PING"), AppendSimpleString(nil, "PONG"), "PING")
		expect(c.do(t, "INCR", "k"), AppendError(nil, "ERR value is not an integer or out of range"), "INCR")
		expect(c.do(t, "HELLO", "4"), AppendError(nil, "NOPROTO unsupported protocol version"), "HELLO 4")
		expect(c.do(t, "LLEN", "nokey"), AppendInt(nil, 0), "LLEN")
		expect(c.do(t, "DEL", "k"), AppendInt(nil, 1), "DEL")
		c.do(t, "HSET", "h", "a", "1")
		b = AppendMapHeader(nil, 1, proto)
		b = AppendBulkString(b, "a")
		b = AppendBulkString(b, "1")
		expect(c.do(t, "HGETALL", "h"), b, "HGETALL")
		c.do(t, "SET", "n", "-123")
		expect(c.do(t, "STRLEN", "n"), AppendInt(nil, 4), "STRLEN")
		expect(c.do(t, "INCRBY", "n", "-9223372036854775685"), AppendInt(nil, math.MinInt64), "INCRBY")
		expect(c.do(t, "ECHO", ""), AppendBulk(nil, nil), "ECHO")
		expect(c.do(t, "OBJECT", "FREQ", "n"), AppendError(nil, "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust."), "OBJECT FREQ")
		expect(c.do(t, "GETRANGE", "n", "0", "1"), AppendBulkInt(nil, -9), "GETRANGE")
	}
}

// TestDoubleRepliesAgainstRedis: ZSCORE replies with addReplyDouble and
// INCRBYFLOAT with ld2string's human format; both must match ours for the
// same doubles, given to Redis in hexadecimal so it parses them exactly.
func TestDoubleRepliesAgainstRedis(t *testing.T) {
	addr := startRedis(t)
	rng := rand.New(rand.NewPCG(3, 4))
	fs := floatBits(rng)[:2000]
	fs = append(fs, 3.141, 0.1, 10.6, 1e21, 1e-5, 0x1p-18, math.MaxFloat64)
	for _, proto := range []int{RESP2, RESP3} {
		c := dialRaw(t, addr, proto)
		for _, f := range fs {
			x := strconv.FormatFloat(f, 'x', -1, 64)
			if math.IsInf(f, 0) {
				x = strconv.FormatFloat(f, 'g', -1, 64)
			}
			if math.IsNaN(f) {
				continue
			}
			c.do(t, "ZADD", "z", x, "m")
			if got, want := c.do(t, "ZSCORE", "z", "m"), AppendDouble(nil, f, proto); !bytes.Equal(got, want) {
				t.Errorf("RESP%d ZSCORE of %v: redis sent %q, we append %q", proto, f, got, want)
			}
			if math.IsInf(f, 0) {
				continue
			}
			c.do(t, "DEL", "k")
			if got, want := c.do(t, "INCRBYFLOAT", "k", x), AppendBulk(nil, AppendFloatHuman(nil, f)); !bytes.Equal(got, want) {
				t.Errorf("RESP%d INCRBYFLOAT by %v: redis sent %q, we append %q", proto, f, got, want)
			}
		}
	}
}

// TestIncrByFloatAgainstRedis: LongDouble reproduces INCRBYFLOAT's results.
func TestIncrByFloatAgainstRedis(t *testing.T) {
	addr := startRedis(t)
	c := dialRaw(t, addr, RESP2)
	c.do(t, "SET", "k", "18446744073709551617") // 2^64+1 needs a 65-bit mantissa
	if got := c.do(t, "INCRBYFLOAT", "k", "0"); string(got) != "$20\r\n18446744073709551616\r\n" {
		t.Skipf("this redis-server's long double is not the x87 format: 2^64+1 is %q", got)
	}
	rng := rand.New(rand.NewPCG(7, 8))
	in := decimalInputs(rng, 1000)
	for _, tt := range []string{"10.5", "0.1", "3.0e3", "1e4932", "inf", "-0", "0x1p-16445", "nan", "1e-4960"} {
		in = append(in, tt, "0.1")
	}
	for i := 0; i+1 < len(in); i += 2 {
		cur, incr := in[i], in[i+1]
		c.do(t, "SET", "k", cur)
		got := c.do(t, "INCRBYFLOAT", "k", incr)
		var want []byte
		switch r := incrByFloat(cur, incr); r {
		case "no":
			want = AppendError(nil, "ERR value is not a valid float")
		case "nonfinite":
			want = AppendError(nil, "ERR increment would produce NaN or Infinity")
		default:
			want = AppendBulkString(nil, r)
		}
		if !bytes.Equal(got, want) {
			t.Errorf("SET k %q; INCRBYFLOAT k %q: redis sent %.80q, we compute %.80q", cur, incr, got, want)
		}
	}
}
