package conformance

import (
	"bytes"
	"io"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corvidcache/corvid/test/harness"
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

// vanishingClients has 20 clients each pipeline 200 gets of a 1 MiB value
// and close without reading.
func vanishingClients(t *testing.T) (*harness.Server, *harness.Conn, string) {
	t.Helper()
	srv, _ := startCorvid(t, "-m", "64")
	big := value(1<<20-itemOverhead("big"), 6)
	c := srv.Dial(t)
	c.Expect(setCmd("big", 0, 0, big), "STORED\r\n")
	var vs []*harness.Conn
	for i := 0; i < 20; i++ {
		v := srv.Dial(t)
		v.Send(strings.Repeat("get big\r\n", 200))
		vs = append(vs, v)
	}
	time.Sleep(200 * time.Millisecond) // the server fills their buffers
	for _, v := range vs {
		v.Close()
	}
	return srv, c, big
}

// TestClientsVanish: clients that ask for many large replies and close
// without reading are cleaned up, and the server keeps serving.
func TestClientsVanish(t *testing.T) {
	t.Parallel()
	srv, c, big := vanishingClients(t)
	c.Expect("get big\r\n", valueReply("big", 0, big))
	if !eventually(5*time.Second, func() bool {
		return statInt(t, statsOf(t, c, ""), "curr_connections") == 1
	}) {
		t.Fatalf("curr_connections stays at %s", statsOf(t, c, "")["curr_connections"])
	}
	if rss, err := srv.RSS(); err == nil && rss > int64(64+64+20*8)<<20 {
		t.Errorf("RSS %d MB with 20 clients not reading (bound: limit + 64 MB + 8 MB a client)", rss>>20)
	}
}

// TestClientsVanishMemory: once such clients are gone, their memory goes
// back (memcached's RSS does not move at all under this load).
func TestClientsVanishMemory(t *testing.T) {
	t.Parallel()
	srv, _, _ := vanishingClients(t)
	var rss int64
	if !eventually(10*time.Second, func() bool {
		rss, _ = srv.RSS()
		return rss <= int64(64+64)<<20
	}) {
		t.Errorf("RSS %d MB 10s after the clients vanished (bound: limit + 64 MB)", rss>>20)
	}
}

// TestMultigetBackpressure: one get naming a 1 MiB item 150 times (a line
// of 600 bytes) asks for 150 MB of replies; the server must not build them
// all in memory (memcached points its iovecs at the item: its RSS does not
// move), and the client gets them all once it reads.
func TestMultigetBackpressure(t *testing.T) {
	t.Parallel()
	const n = 150
	srv, _ := startCorvid(t, "-m", "64")
	big := value(1<<20-itemOverhead("b"), 8)
	c := srv.Dial(t)
	c.Expect(setCmd("b", 0, 0, big), "STORED\r\n")
	slow := srv.Dial(t)
	slow.Timeout = 30 * time.Second
	slow.Send("get" + strings.Repeat(" b", n) + "\r\n")
	var peak int64
	for i := 0; i < 20; i++ {
		if rss, err := srv.RSS(); err == nil && rss > peak {
			peak = rss
		}
		time.Sleep(25 * time.Millisecond)
	}
	c.Expect("version\r\n", "VERSION 1.6.45\r\n")
	one := "VALUE b 0 " + strconv.Itoa(len(big)) + "\r\n" + big + "\r\n"
	for i := 0; i < n; i++ {
		if got := slow.ReadN(len(one)); string(got) != one {
			t.Fatalf("value %d of %d differs", i, n)
		}
	}
	slow.Expect("", "END\r\n")
	if bound := int64(64+64) << 20; peak > bound {
		t.Fatalf("RSS peaked at %d MB for one get of %d x 1 MiB not read (bound %d MB)", peak>>20, n, bound>>20)
	}
}

// TestHalfCloseBounded: a client that pipelines 300 gets of a 1 MiB value,
// shuts down its sending side and reads slowly makes the server meet the
// end of its input with most gets unanswered. The server answers what it
// read as it closes, and that answer must stay within the output bound,
// not 200 MB built in memory: gnet makes one last write and closes the
// socket, so the client gets a prefix of whole replies, in order (from
// memcached it would get all 300).
func TestHalfCloseBounded(t *testing.T) {
	t.Parallel()
	const n = 300
	srv, _ := startCorvid(t, "-m", "64")
	big := value(1<<20-itemOverhead("big"), 7)
	c := srv.Dial(t)
	c.Expect(setCmd("big", 0, 0, big), "STORED\r\n")
	base, err := srv.RSS()
	if err != nil {
		t.Skipf("no RSS here: %v", err)
	}
	h := srv.Dial(t)
	if err := h.Conn.(*net.TCPConn).SetReadBuffer(64 << 10); err != nil {
		t.Fatal(err)
	}
	h.Send(strings.Repeat("get big\r\n", n))
	if err := h.Conn.(*net.TCPConn).CloseWrite(); err != nil {
		t.Fatal(err)
	}
	one := []byte(valueReply("big", 0, big))
	buf := make([]byte, len(one))
	peak, got := base, 0
	h.SetReadDeadline(time.Now().Add(20 * time.Second))
	for ; got < n; got++ {
		if rss, err := srv.RSS(); err == nil && rss > peak {
			peak = rss
		}
		if _, err := io.ReadFull(h.R, buf); err != nil {
			break
		}
		if !bytes.Equal(buf, one) {
			t.Fatalf("reply %d differs: %.60q", got, buf)
		}
		time.Sleep(2 * time.Millisecond) // a slow reader
	}
	t.Logf("%d of %d replies; RSS %d MB, peak %d MB", got, n, base>>20, peak>>20)
	if peak-base > 64<<20 {
		t.Errorf("RSS grew %d MB answering a half-closed client's %d gets of 1 MiB", (peak-base)>>20, n)
	}
	if got == 0 {
		t.Errorf("no reply at all before the close")
	}
	c.Expect("version\r\n", "VERSION 1.6.45\r\n")
}
