package redis_test

import (
	"bufio"
	"bytes"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corvidcache/corvid/test/harness"
)

// badInputs are malformed requests; for each, the server must answer what
// redis-server 7.0.15 answers (compared byte for byte, and whether it
// closes), and keep serving other clients.
var badInputs = []struct {
	name, send string
}{
	{"unbalanced quotes", "SET k \"abc\r\n"},
	{"unbalanced single quotes", "SET k 'abc\r\n"},
	{"negative bulk length", "*2\r\n$3\r\nGET\r\n$-5\r\n"},
	{"multibulk -1 then a command", "*-1\r\nPING\r\n"},
	{"multibulk 0 then a command", "*0\r\nPING\r\n"},
	{"1 GB bulk header", "*2\r\n$3\r\nGET\r\n$1073741824\r\n"},
	{"non-number bulk length", "*2\r\n$3\r\nGET\r\n$x\r\n"},
	{"huge multibulk count", "*99999999999\r\n"},
	{"non-RESP bytes", "\x00\x01\x02\xff\r\n"},
	{"nested aggregate", "*1\r\n*1\r\n*1\r\n$4\r\nPING\r\n"},
	{"RESP3 map type byte", "%1\r\n+a\r\n+b\r\n"},
	{"expected dollar", "*1\r\n:5\r\n"},
	{"unknown command", "NOSUCH a b\r\n"},
}

// exchange sends raw bytes and collects what comes back until the server
// closes or stays quiet for a moment.
func exchange(t *testing.T, addr, send string) (reply string, closed bool) {
	t.Helper()
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write([]byte(send)); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	b := make([]byte, 4096)
	for {
		c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
		n, err := c.Read(b)
		buf.Write(b[:n])
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				return buf.String(), false
			}
			return buf.String(), true // EOF or reset: closed
		}
	}
}

func TestBadInputAsRedis(t *testing.T) {
	t.Parallel()
	srv := startCorvid(t)
	ref := startRedis(t)
	other := newClient(t, srv.RespAddr, 2)
	for _, in := range badInputs {
		got, gotClosed := exchange(t, srv.RespAddr, in.send)
		want, wantClosed := exchange(t, ref, in.send)
		if got != want || gotClosed != wantClosed {
			t.Errorf("%s: corvid %q (closed %v), redis %q (closed %v)", in.name, got, gotClosed, want, wantClosed)
		}
		if err := other.Ping(t.Context()).Err(); err != nil {
			t.Fatalf("after %s: another client's PING: %v", in.name, err)
		}
	}
	if srv.Exited() {
		t.Fatal("server exited")
	}
}

// TestPipelineWithoutReadingIsBounded: a client that pipelines GETs of a
// 1 MB value and reads nothing stops being read once its unsent output
// passes a bound, so it cannot exhaust memory (real Redis 7.0 grows to many
// GB here); others are served meanwhile; and when it finally reads, every
// reply arrives, in order. The case is 40,000 GETs
// (CORVID_PIPELINE_GETS=40000, about a minute); the default, 4,000, shows
// the same in a few seconds.
func TestPipelineWithoutReadingIsBounded(t *testing.T) {
	t.Parallel()
	srv := startCorvid(t, "-m", "64")
	cl := newClient(t, srv.RespAddr, 2)
	big := strings.Repeat("v", 1<<20)
	if err := cl.Set(t.Context(), "big", big, 0).Err(); err != nil {
		t.Fatal(err)
	}
	before, err := srv.RSS()
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.DialTimeout("tcp", srv.RespAddr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	n := 4000
	if v, err := strconv.Atoi(os.Getenv("CORVID_PIPELINE_GETS")); err == nil && v > 0 {
		n = v
	}
	req := strings.Repeat("*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n", n)
	sent := make(chan error, 1)
	go func() {
		c.SetWriteDeadline(time.Now().Add(60 * time.Second))
		_, err := io.WriteString(c, req) // blocks once the server stops reading
		sent <- err
	}()
	// While it does not read: memory stays bounded and others are served.
	var peak int64
	for i := 0; i < 20; i++ {
		time.Sleep(100 * time.Millisecond)
		rss, err := srv.RSS()
		if err != nil {
			t.Fatal(err)
		}
		peak = max(peak, rss)
		if err := cl.Ping(t.Context()).Err(); err != nil {
			t.Fatalf("PING while another client does not read: %v", err)
		}
	}
	if grown := peak - before; grown > 128<<20 {
		t.Fatalf("RSS grew %d MB while the client did not read", grown>>20)
	}
	t.Logf("RSS %d MB before, peak %d MB while the client did not read", before>>20, peak>>20)
	// Now it reads: all n replies, each the whole value.
	r := bufio.NewReaderSize(c, 1<<20)
	header := "$" + "1048576" + "\r\n"
	buf := make([]byte, 1<<20+2)
	for i := 0; i < n; i++ {
		c.SetReadDeadline(time.Now().Add(30 * time.Second))
		line, err := r.ReadString('\n')
		if err != nil || line != header {
			t.Fatalf("reply %d: %q %v", i, line, err)
		}
		if _, err := io.ReadFull(r, buf); err != nil || buf[0] != 'v' || buf[len(buf)-2] != '\r' {
			t.Fatalf("reply %d body: %v", i, err)
		}
	}
	if err := <-sent; err != nil {
		t.Fatalf("writing the pipeline: %v", err)
	}
}

var _ = harness.StartTimeout

// TestNormalOutputBufferLimit: with client-output-buffer-limit normal set,
// a client whose replies pile up past the hard limit is disconnected, as
// Redis does; one under it is served; the default (0 0 0) never closes.
func TestNormalOutputBufferLimit(t *testing.T) {
	s := startCorvid(t)
	admin := newClient(t, s.RespAddr, 2)
	admin.Set(ctx, "big", strings.Repeat("x", 64<<10), 0)
	burst := func() (closed bool) {
		rc := dialRaw(t, s.RespAddr)
		var req []byte
		for i := 0; i < 10; i++ { // 640 KB of replies in one batch
			req = append(req, encode("GET", "big")...)
		}
		if _, err := rc.c.Write(req); err != nil {
			t.Fatal(err)
		}
		rc.c.SetReadDeadline(time.Now().Add(3 * time.Second))
		const want = int64(10 * (len("$65536\r\n") + 64<<10 + 2))
		n, err := io.Copy(io.Discard, io.LimitReader(rc.r, want))
		return err != nil || n < want
	}
	if burst() {
		t.Fatal("closed with the default limit (normal 0 0 0)")
	}
	check(t, "CONFIG SET", admin.ConfigSet(ctx, "client-output-buffer-limit", "normal 100kb 0 0").Val(), "OK")
	if !burst() {
		t.Fatal("not closed past the normal hard limit")
	}
	check(t, "PING after", admin.Ping(ctx).Val(), "PONG") // small replies stay under it
}
