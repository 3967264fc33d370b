package conformance

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/corvidcache/corvid/test/harness"
)

// TestGracefulShutdown: on SIGTERM the server answers the commands it has
// already received, closes the connections, and exits with status 0.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	srv.ExpectExit()
	// A pipeline of small commands.
	pipe := srv.Dial(t)
	var send, want strings.Builder
	for i := 0; i < 500; i++ {
		k := "k" + strconv.Itoa(i)
		send.WriteString(setCmd(k, 0, 0, k) + "get " + k + "\r\n")
		want.WriteString("STORED\r\n" + valueReply(k, 0, k))
	}
	pipe.Send(send.String())

	idle := srv.Dial(t)
	idle.Expect("version\r\n", "VERSION 1.6.45\r\n")

	time.Sleep(100 * time.Millisecond) // the server has read the pipeline
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}

	got, err := io.ReadAll(pipe.R)
	if err != nil && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("pipeline: %v", err)
	}
	if string(got) != want.String() {
		t.Fatalf("pipeline: got %d bytes, want %d; differ at byte %d", len(got), want.Len(), firstDiff(string(got), want.String()))
	}
	if got, err := idle.TryExpectEOF(); err != nil || got != "" {
		t.Fatalf("idle client: %q %v", got, err)
	}
	code, ok := srv.Wait(15 * time.Second)
	if !ok || code != 0 {
		t.Fatalf("exit status %d (exited: %v)", code, ok)
	}
	if err := harness.WaitPort("tcp", srv.Addr, 50*time.Millisecond); err == nil {
		t.Fatal("port still accepting after exit")
	}
}

// TestGracefulShutdownPaused: a connection paused because its replies
// pile up (the client reads slowly) still gets the replies to everything
// it sent before SIGTERM.
func TestGracefulShutdownPaused(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	srv.ExpectExit()
	big := value(512<<10, 7)
	srv.Dial(t).Expect(setCmd("big", 0, 0, big), "STORED\r\n")
	slow := srv.Dial(t)
	slow.Send(strings.Repeat("get big\r\n", 32)) // 16 MB of replies
	time.Sleep(100 * time.Millisecond)
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	one := []byte(valueReply("big", 0, big))
	slow.Timeout = 15 * time.Second
	slow.SetReadDeadline(time.Now().Add(slow.Timeout))
	all, err := io.ReadAll(slow.R)
	if err != nil && !strings.Contains(err.Error(), "reset") {
		t.Fatalf("slow client: %v after %d bytes", err, len(all))
	}
	if len(all) != 32*len(one) || !bytes.Equal(all[:len(one)], one) || !bytes.Equal(all[len(all)-len(one):], one) {
		t.Fatalf("slow client got %d bytes, want %d (32 replies)", len(all), 32*len(one))
	}
	if code, ok := srv.Wait(15 * time.Second); !ok || code != 0 {
		t.Fatalf("exit status %d (exited: %v)", code, ok)
	}
}

// TestGracefulShutdownImmediate: SIGTERM right after a client wrote a
// pipeline: every command it sent is answered (the server reads what is
// left in the socket before it closes; closing with unread input would
// also reset the connection and lose replies already written).
func TestGracefulShutdownImmediate(t *testing.T) {
	t.Parallel()
	for round := 0; round < 3; round++ {
		srv, _ := startCorvid(t)
		srv.ExpectExit()
		c := srv.Dial(t)
		const n = 20000
		c.Send(strings.Repeat("get k\r\n", n))
		if err := srv.Signal(syscall.SIGTERM); err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(c.R)
		if strings.Count(string(got), "END\r\n") != n {
			t.Fatalf("round %d: %d replies of %d before the close (%v)", round, strings.Count(string(got), "END\r\n"), n, err)
		}
		if code, ok := srv.Wait(15 * time.Second); !ok || code != 0 {
			t.Fatalf("exit status %d (exited: %v)", code, ok)
		}
	}
}

// TestShutdownWithIdleClients: once stopping, the server exits
// promptly even with idle clients connected.
func TestShutdownWithIdleClients(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	srv.ExpectExit()
	var conns []*harness.Conn
	for i := 0; i < 50; i++ {
		c := srv.Dial(t)
		c.Expect("version\r\n", "VERSION 1.6.45\r\n")
		conns = append(conns, c)
	}
	start := time.Now()
	if err := srv.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	code, ok := srv.Wait(10 * time.Second)
	if !ok || code != 0 {
		t.Fatalf("exit status %d (exited: %v)", code, ok)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v to stop with 50 idle clients", d)
	}
	for _, c := range conns {
		if got, err := c.TryExpectEOF(); err != nil || got != "" {
			t.Fatalf("idle client: %q %v", got, err)
		}
	}
}
