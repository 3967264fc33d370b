// Package redis_test checks Corvid's Redis port end to end: go-redis v9 in
// RESP2 and RESP3 and raw RESP over TCP against bin/corvid, the keyspace it
// shares with the memcached port, and a differential test against a real
// redis-server.
package redis_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/corvidcache/corvid/test/harness"
)

func TestMain(m *testing.M) { harness.Main(m) }

// server is a Corvid started with both ports.
type server struct {
	*harness.Server
	RespAddr string
}

// startCorvid starts bin/corvid with its memcached port and a RESP port.
func startCorvid(t testing.TB, args ...string) *server {
	t.Helper()
	port, err := harness.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	s := harness.StartCorvid(t, append([]string{"--resp-port", strconv.Itoa(port)}, args...)...)
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	if err := harness.WaitPort("tcp", addr, harness.StartTimeout); err != nil {
		t.Fatalf("RESP port: %v\n%s", err, s.Stderr())
	}
	return &server{Server: s, RespAddr: addr}
}

// newClient connects go-redis to addr with the RESP protocol version proto.
func newClient(t testing.TB, addr string, proto int) *redis.Client {
	t.Helper()
	c := redis.NewClient(&redis.Options{Addr: addr, Protocol: proto, DialTimeout: 5 * time.Second,
		ReadTimeout: 5 * time.Second, WriteTimeout: 5 * time.Second, MaxRetries: -1, PoolSize: 2,
		DisableIdentity: true})
	t.Cleanup(func() { c.Close() })
	if err := c.Ping(context.Background()).Err(); err != nil {
		t.Fatalf("ping %s: %v", addr, err)
	}
	return c
}

// rawConn speaks RESP with exact bytes.
type rawConn struct {
	t testing.TB
	c net.Conn
	r *bufio.Reader
}

func dialRaw(t testing.TB, addr string) *rawConn {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawConn{t: t, c: c, r: bufio.NewReaderSize(c, 64<<10)}
}

// encode returns args as a RESP multibulk request.
func encode(args ...string) []byte {
	b := fmt.Appendf(nil, "*%d\r\n", len(args))
	for _, a := range args {
		b = fmt.Appendf(b, "$%d\r\n%s\r\n", len(a), a)
	}
	return b
}

// do sends one command and returns its reply's exact bytes.
func (rc *rawConn) do(args ...string) string {
	rc.t.Helper()
	reply, err := rc.tryDo(args...)
	if err != nil {
		rc.t.Fatalf("%q: %v", args, err)
	}
	return reply
}

func (rc *rawConn) tryDo(args ...string) (string, error) {
	rc.c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := rc.c.Write(encode(args...)); err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := readRaw(rc.r, &buf, 0); err != nil {
		return buf.String(), err
	}
	return buf.String(), nil
}

// readRaw copies one RESP2/RESP3 reply from r to w, byte for byte.
func readRaw(r *bufio.Reader, w *bytes.Buffer, depth int) error {
	if depth > 64 {
		return fmt.Errorf("reply nested too deep")
	}
	line, err := r.ReadBytes('\n')
	w.Write(line)
	if err != nil {
		return err
	}
	if len(line) < 3 || line[len(line)-2] != '\r' {
		return fmt.Errorf("bad reply line %q", line)
	}
	n := func() (int, error) { return strconv.Atoi(string(line[1 : len(line)-2])) }
	switch line[0] {
	case '+', '-', ':', '_', '#', ',', '(':
		return nil
	case '$', '=', '!':
		k, err := n()
		if err != nil || k < 0 {
			return err
		}
		b := make([]byte, k+2)
		if _, err := ioReadFull(r, b); err != nil {
			return err
		}
		w.Write(b)
		return nil
	case '*', '~', '>', '%', '|':
		k, err := n()
		if err != nil || k < 0 {
			return err
		}
		if line[0] == '%' || line[0] == '|' {
			k *= 2
		}
		for i := 0; i < k; i++ {
			if err := readRaw(r, w, depth+1); err != nil {
				return err
			}
		}
		if line[0] == '|' { // an attribute precedes the real reply
			return readRaw(r, w, depth+1)
		}
		return nil
	}
	return fmt.Errorf("bad reply type %q", line)
}

func ioReadFull(r *bufio.Reader, b []byte) (int, error) {
	n := 0
	for n < len(b) {
		m, err := r.Read(b[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// ctx is the context of go-redis calls.
var ctx = context.Background()
