package harness

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// DefaultTimeout is the deadline of each read and write of a Conn.
const DefaultTimeout = 5 * time.Second

// Conn is a raw protocol connection for tests: writes of exact bytes, reads
// of lines and byte counts, each under a deadline. The methods without an
// error result fail the test (t.Fatal) and so must be called from the
// test's goroutine; the Try variants return the error instead.
type Conn struct {
	net.Conn
	R       *bufio.Reader
	Timeout time.Duration
	t       testing.TB
}

// Dial connects to addr and closes the connection when the test ends.
func Dial(t testing.TB, network, addr string) *Conn {
	t.Helper()
	c, err := TryDial(network, addr)
	if err != nil {
		t.Fatal(err)
	}
	c.t = t
	t.Cleanup(func() { c.Close() })
	return c
}

// TryDial connects to addr; the caller closes the connection.
func TryDial(network, addr string) (*Conn, error) {
	nc, err := net.DialTimeout(network, addr, DefaultTimeout)
	if err != nil {
		return nil, err
	}
	return &Conn{Conn: nc, R: bufio.NewReaderSize(nc, 64<<10), Timeout: DefaultTimeout}, nil
}

func (c *Conn) fatal(err error) {
	if c.t == nil {
		panic(err)
	}
	c.t.Helper()
	c.t.Fatal(err)
}

// TrySend writes s.
func (c *Conn) TrySend(s string) error {
	c.SetWriteDeadline(time.Now().Add(c.Timeout))
	_, err := io.WriteString(c.Conn, s)
	return err
}

// Send writes s, failing the test on error.
func (c *Conn) Send(s string) {
	if c.t != nil {
		c.t.Helper()
	}
	if err := c.TrySend(s); err != nil {
		c.fatal(fmt.Errorf("write %.60q: %w", s, err))
	}
}

// TryReadLine reads one line and returns it with its "\r\n" (or "\n").
func (c *Conn) TryReadLine() (string, error) {
	c.SetReadDeadline(time.Now().Add(c.Timeout))
	line, err := c.R.ReadString('\n')
	if err != nil {
		return line, fmt.Errorf("read line (got %.80q): %w", line, err)
	}
	return line, nil
}

// ReadLine reads one line, "\r\n" included.
func (c *Conn) ReadLine() string {
	if c.t != nil {
		c.t.Helper()
	}
	line, err := c.TryReadLine()
	if err != nil {
		c.fatal(err)
	}
	return line
}

// TryReadN reads exactly n bytes.
func (c *Conn) TryReadN(n int) ([]byte, error) {
	c.SetReadDeadline(time.Now().Add(c.Timeout))
	b := make([]byte, n)
	m, err := io.ReadFull(c.R, b)
	if err != nil {
		return b[:m], fmt.Errorf("read %d bytes (got %d): %w", n, m, err)
	}
	return b, nil
}

// ReadN reads exactly n bytes.
func (c *Conn) ReadN(n int) []byte {
	if c.t != nil {
		c.t.Helper()
	}
	b, err := c.TryReadN(n)
	if err != nil {
		c.fatal(err)
	}
	return b
}

// TryReadUntil reads until what it read ends with suffix.
func (c *Conn) TryReadUntil(suffix string) (string, error) {
	c.SetReadDeadline(time.Now().Add(c.Timeout))
	var buf bytes.Buffer
	for {
		b, err := c.R.ReadByte()
		if err != nil {
			return buf.String(), fmt.Errorf("read until %q (got %.200q): %w", suffix, buf.String(), err)
		}
		buf.WriteByte(b)
		if b == suffix[len(suffix)-1] && bytes.HasSuffix(buf.Bytes(), []byte(suffix)) {
			return buf.String(), nil
		}
	}
}

// ReadUntil reads until what it read ends with suffix, and returns it all.
func (c *Conn) ReadUntil(suffix string) string {
	if c.t != nil {
		c.t.Helper()
	}
	s, err := c.TryReadUntil(suffix)
	if err != nil {
		c.fatal(err)
	}
	return s
}

// Call sends cmd and reads one line.
func (c *Conn) Call(cmd string) string {
	if c.t != nil {
		c.t.Helper()
	}
	c.Send(cmd)
	return c.ReadLine()
}

// TryCall sends cmd and reads one line.
func (c *Conn) TryCall(cmd string) (string, error) {
	if err := c.TrySend(cmd); err != nil {
		return "", err
	}
	return c.TryReadLine()
}

// Expect sends cmd and checks that the next bytes received are exactly
// want, concatenated.
func (c *Conn) Expect(cmd string, want ...string) {
	if c.t != nil {
		c.t.Helper()
	}
	if cmd != "" {
		c.Send(cmd)
	}
	w := strings.Join(want, "")
	got, err := c.TryReadN(len(w))
	if err != nil || string(got) != w {
		c.fatal(fmt.Errorf("after %.200q:\n got %q (%v)\nwant %q", cmd, got, err, w))
	}
}

// TryExpectEOF reads until the server closes the connection and returns
// what came before the close; it fails if the connection stays open past
// the timeout.
func (c *Conn) TryExpectEOF() (string, error) {
	c.SetReadDeadline(time.Now().Add(c.Timeout))
	b, err := io.ReadAll(c.R)
	if err == nil || isReset(err) {
		return string(b), nil
	}
	return string(b), fmt.Errorf("expected the server to close (got %.200q): %w", b, err)
}

// ExpectEOF checks that the server closes the connection after sending
// exactly want.
func (c *Conn) ExpectEOF(want string) {
	if c.t != nil {
		c.t.Helper()
	}
	got, err := c.TryExpectEOF()
	if err != nil {
		c.fatal(err)
	}
	if got != want {
		c.fatal(fmt.Errorf("before close: got %q, want %q", got, want))
	}
}

// Drain reads whatever arrives within d and returns it; it is for
// checking that nothing (more) is sent.
func (c *Conn) Drain(d time.Duration) string {
	c.SetReadDeadline(time.Now().Add(d))
	var buf bytes.Buffer
	_, _ = io.Copy(&buf, c.R)
	return buf.String()
}

func isReset(err error) bool {
	var ne *net.OpError
	return errors.As(err, &ne) && strings.Contains(ne.Err.Error(), "reset")
}
