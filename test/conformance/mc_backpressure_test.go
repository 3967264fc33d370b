package conformance

import (
	"bytes"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestBackpressure: a client that pipelines thousands of gets of a 1 MiB
// value and does not read must not make the server buffer the replies
// (RSS stays under the memory limit + 64 MB), other clients are served
// meanwhile, and when the client reads at last it gets every reply, in
// order.
func TestBackpressure(t *testing.T) {
	t.Parallel()
	n := 1200
	if testing.Short() {
		n = 300
	}
	const limitMB = 64
	srv, _ := startCorvid(t, "-m", strconv.Itoa(limitMB))
	big := value(1<<20-itemOverhead("big")-4, 5) // flags take 4 bytes
	setup := srv.Dial(t)
	setup.Expect(setCmd("big", 9, 0, big), "STORED\r\n")

	slow := srv.Dial(t)
	slow.Timeout = 30 * time.Second
	if err := slow.Conn.(*net.TCPConn).SetReadBuffer(64 << 10); err != nil {
		t.Fatal(err)
	}
	slow.Send(strings.Repeat("get big\r\n", n) + "mn\r\n")

	// Meanwhile: RSS stays bounded and another client is served.
	bound := int64(limitMB+64) << 20
	var peak int64
	other := srv.Dial(t)
	deadline := time.Now().Add(1500 * time.Millisecond)
	for i := 0; time.Now().Before(deadline); i++ {
		k := "o" + strconv.Itoa(i%10)
		other.Expect(setCmd(k, 0, 0, "v"+strconv.Itoa(i))+"get "+k+"\r\n",
			"STORED\r\n", valueReply(k, 0, "v"+strconv.Itoa(i)))
		if rss, err := srv.RSS(); err == nil && rss > peak {
			peak = rss
		}
		time.Sleep(20 * time.Millisecond)
	}
	if peak > bound {
		t.Fatalf("RSS peaked at %d MB with a client not reading %d replies of 1 MiB (bound %d MB)", peak>>20, n, bound>>20)
	}

	// Now read everything: every reply whole and in order.
	head := "VALUE big 9 " + strconv.Itoa(len(big)) + "\r\n"
	want := []byte(head + big + "\r\nEND\r\n")
	buf := make([]byte, len(want))
	for i := 0; i < n; i++ {
		slow.SetReadDeadline(time.Now().Add(slow.Timeout))
		if _, err := io.ReadFull(slow.R, buf); err != nil {
			t.Fatalf("reply %d of %d: %v", i, n, err)
		}
		if !bytes.Equal(buf, want) {
			t.Fatalf("reply %d of %d differs: %.80q", i, n, buf)
		}
	}
	slow.Expect("", "MN\r\n")
	if rss, err := srv.RSS(); err == nil && rss > bound {
		t.Errorf("RSS %d MB after the replies were read (bound %d MB)", rss>>20, bound>>20)
	}
	t.Logf("peak RSS while the client did not read: %d MB", peak>>20)
}
