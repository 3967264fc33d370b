package conformance

import (
	"net"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corvidcache/corvid/bench"
	"github.com/corvidcache/corvid/test/harness"
)

// TestAcceptErrorKeepsServing: when accept fails with EMFILE (here forced
// by a file limit of 64 and more connections than that), gnet stops its
// event loops; Corvid listens again instead of exiting, and keeps its data.
func TestAcceptErrorKeepsServing(t *testing.T) {
	t.Parallel()
	port, err := harness.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	stderr := bench.TailBuffer{Max: 64 << 10}
	cmd := exec.Command("sh", "-c", `ulimit -n 64 && exec "$0" "$@"`, harness.CorvidBin(t),
		"-p", strconv.Itoa(port), "-l", "127.0.0.1", "--resp-port", "0", "--metrics-addr", "", "-t", "1")
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{}) // closed once the process has exited
	var exitErr error
	go func() { exitErr = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
	})
	if err := harness.WaitPort("tcp", addr, harness.StartTimeout); err != nil {
		t.Fatal(err)
	}
	c, err := harness.TryDial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.TrySend("set keep 0 0 4\r\ndata\r\n"); err != nil {
		t.Fatal(err)
	}
	if got, err := c.TryReadLine(); err != nil || got != "STORED\r\n" {
		t.Fatalf("set: %q %v", got, err)
	}
	c.Close()

	// Hold more connections than the process may have files.
	var held []net.Conn
	defer func() {
		for _, h := range held {
			h.Close()
		}
	}()
	for i := 0; i < 100; i++ {
		h, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break // the listen backlog is full
		}
		held = append(held, h)
	}
	deadline := time.Now().Add(10 * time.Second)
	for !strings.Contains(stderr.String(), "listening again") {
		select {
		case <-done:
			t.Fatalf("corvid exited (%v):\n%s", exitErr, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no restart after accept failures:\n%s", stderr.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	for _, h := range held {
		h.Close()
	}
	held = nil
	// Serving again, with the data.
	for {
		c, err := harness.TryDial("tcp", addr)
		if err == nil {
			want := "VALUE keep 0 4\r\ndata\r\nEND\r\n"
			var got []byte
			if err = c.TrySend("get keep\r\n"); err == nil {
				got, err = c.TryReadN(len(want))
			}
			c.Close()
			if err == nil && string(got) == want {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("not serving after the restart (%v):\n%s", err, stderr.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}
