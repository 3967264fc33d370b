package resp

import (
	"bytes"
	"errors"
	"io"
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
