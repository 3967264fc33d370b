package conformance

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/corvidcache/corvid/test/harness"
)

// stillServing checks, on a new connection, that the server answers and
// still holds the canary item.
func stillServing(t *testing.T, srv *harness.Server) {
	t.Helper()
	c := srv.Dial(t)
	c.Expect("get canary\r\n", valueReply("canary", 3, "alive"))
}

func plantCanary(t *testing.T, srv *harness.Server) {
	t.Helper()
	srv.Dial(t).Expect(setCmd("canary", 3, 0, "alive"), "STORED\r\n")
}

// badCase is bad input, what memcached answers (want, then the
// connection stays usable), or that it closes the connection after want.
type badCase struct {
	name  string
	in    string
	want  string
	close bool
	ref   bool // memcached 1.6.18 answers the same (checked when installed)
}

var badCases = []badCase{
	{name: "garbage line", in: "\x00\xff\xfe garbage\r\n", want: "ERROR\r\n", ref: true},
	{name: "control bytes", in: "\x01\x02\x03\r\n", want: "ERROR\r\n", ref: true},
	{name: "unknown command", in: "bogus\r\n", want: "ERROR\r\n", ref: true},
	{name: "2 GB length", in: "set k 0 0 2147483648\r\n", want: "CLIENT_ERROR bad command line format\r\n", ref: true},
	{name: "4 GB length", in: "set k 0 0 4294967295\r\n", want: "CLIENT_ERROR bad command line format\r\n", ref: true},
	{name: "negative length", in: "set k 0 0 -1\r\n", want: "CLIENT_ERROR bad command line format\r\n", ref: true},
	{name: "length not a number", in: "set k 0 0 abc\r\n", want: "CLIENT_ERROR bad command line format\r\n", ref: true},
	// 1.6.45: the bad chunk, then the "\n" left over is an empty line (1.6.18: ERROR).
	{name: "data longer than length", in: "set k 0 0 1\r\nab\r\n", want: "CLIENT_ERROR bad data chunk\r\nCLIENT_ERROR bad command line format\r\n"},
	{name: "key of 251 bytes, get", in: "get " + strings.Repeat("k", 251) + "\r\n", want: "CLIENT_ERROR bad command line format\r\n", ref: true},
	// 1.6.45 swallows the data block of a refused set (1.6.18 answers ERROR for it too).
	{name: "key of 251 bytes, set", in: "set " + strings.Repeat("k", 251) + " 0 0 1\r\nx\r\n", want: "CLIENT_ERROR bad command line format\r\n"},
	{name: "key of 251 bytes, delete", in: "delete " + strings.Repeat("k", 251) + "\r\n", want: "CLIENT_ERROR bad command line format\r\n", ref: true},
	{name: "key of 251 bytes, mg", in: "mg " + strings.Repeat("k", 251) + " v\r\n", want: "CLIENT_ERROR bad command line format\r\n", ref: true},
	{name: "key of 250 bytes", in: setCmd(strings.Repeat("k", 250), 0, 0, "x"), want: "STORED\r\n", ref: true},
	// A binary-protocol request: Corvid speaks ASCII only, as memcached
	// started with -B ascii; 0x80 starts an unknown command (1.6.45:
	// "\x80" alone is a bad command line).
	{name: "binary protocol byte", in: "\x80\r\n", want: "CLIENT_ERROR bad command line format\r\n"},
	{name: "binary protocol header", in: "\x80\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00 x\r\n", want: "ERROR\r\n"},
	{name: "line over 2048 bytes", in: strings.Repeat("x", 2049), close: true, ref: true},
	{name: "set line over 2048 bytes", in: "set k 0 0 1" + strings.Repeat(" ", 3000), close: true, ref: true},
	{name: "HTTP request", in: "GET / HTTP/1.0\r\n", close: true, ref: true},
	{name: "too many meta flags", in: "mg k" + strings.Repeat(" v", 30) + "\r\n", want: "CLIENT_ERROR options flags are too long\r\n", ref: true},
	{name: "bad base64 key", in: "mg !!!! b v\r\n", want: "CLIENT_ERROR error decoding key\r\n", ref: true},
	{name: "incr by a non-number", in: "incr k abc\r\n", want: "CLIENT_ERROR invalid numeric delta argument\r\n", ref: true},
	{name: "touch with a bad exptime", in: "touch k x\r\n", want: "CLIENT_ERROR invalid exptime argument\r\n", ref: true},
}

// TestBadInput sends each kind of bad input on its own connection: the
// reply is memcached's, the connection stays usable (or is closed when
// memcached closes it), and the server keeps serving others.
func TestBadInput(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	plantCanary(t, srv)
	var ref *harness.Server
	if refAvailable(t) {
		ref = harness.StartMemcached(t, "-B", "ascii")
		plantCanary(t, ref)
	}
	for _, bc := range badCases {
		servers := []*harness.Server{srv}
		if bc.ref && ref != nil {
			servers = append(servers, ref)
		}
		for _, s := range servers {
			c := s.Dial(t)
			c.Send(bc.in)
			if bc.close {
				got, err := c.TryExpectEOF()
				if err != nil || got != bc.want {
					t.Errorf("%s: %s: got %q (%v), want %q and a close", bc.name, s.Name, got, err, bc.want)
				}
			} else {
				c.Send("mn\r\n")
				got, err := c.TryReadN(len(bc.want) + 4)
				if err != nil || string(got) != bc.want+"MN\r\n" {
					t.Errorf("%s: %s: got %q (%v), want %q then MN", bc.name, s.Name, got, err, bc.want)
				}
			}
			stillServing(t, s)
		}
	}
}

// TestGarbage throws seeded random bytes at the server on many
// connections: every reply line is an error (or the connection closes),
// and the server keeps serving with its data intact.
func TestGarbage(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	plantCanary(t, srv)
	r := rand.New(rand.NewPCG(3, 4))
	var wg sync.WaitGroup
	errs := make(chan string, 1000)
	for i := 0; i < 60; i++ {
		b := make([]byte, 1+r.IntN(4000))
		for j := range b {
			switch r.IntN(20) {
			case 0:
				b[j] = '\n'
			case 1:
				b[j] = ' '
			default:
				b[j] = byte(r.IntN(256))
			}
		}
		if r.IntN(2) == 0 {
			b = append(b, "\r\n"...)
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := harness.TryDial("tcp", srv.Addr)
			if err != nil {
				errs <- err.Error()
				return
			}
			defer c.Close()
			if err := c.TrySend(string(b)); err != nil {
				return // closed by the server: allowed
			}
			out := c.Drain(200 * time.Millisecond)
			for _, line := range strings.SplitAfter(out, "\r\n") {
				if line != "" && !strings.HasPrefix(line, "ERROR") && !strings.HasPrefix(line, "CLIENT_ERROR") &&
					!strings.HasPrefix(line, "SERVER_ERROR") && line != "END\r\n" {
					errs <- "garbage " + strconv.Itoa(i) + ": reply line " + strconv.Quote(line)
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	stillServing(t, srv)
}

// TestRefusedSetSwallowsData: a refused set swallows its data block, even
// a large one that arrives slowly, and the next command is served.
func TestRefusedSetSwallowsData(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	n := 2 << 20
	c.Send("set k 0 0 " + strconv.Itoa(n) + "\r\n")
	data := strings.Repeat("get k\r\n", n/7+1)[:n] // looks like commands: must not run
	for off := 0; off < n; off += 256 << 10 {
		c.Send(data[off:min(off+256<<10, n)])
	}
	c.Send("\r\nversion\r\n")
	c.Expect("", "SERVER_ERROR object too large for cache\r\nVERSION 1.6.45\r\n")
}

// TestConnectionFlood opens more connections than -c allows: the extra
// ones get "ERROR Too many open connections" and are closed, counted in
// rejected_connections; the others keep working, and once they close new
// connections are accepted.
func TestConnectionFlood(t *testing.T) {
	t.Parallel()
	const limit = 10
	srv, _ := startCorvid(t, "-c", strconv.Itoa(limit))
	var conns []*harness.Conn
	for i := 0; i < limit; i++ {
		c := srv.Dial(t)
		c.Expect("version\r\n", "VERSION 1.6.45\r\n")
		conns = append(conns, c)
	}
	var wg sync.WaitGroup
	rejected := make(chan string, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := harness.TryDial("tcp", srv.Addr)
			if err != nil {
				rejected <- "dial: " + err.Error()
				return
			}
			defer c.Close()
			got, err := c.TryExpectEOF()
			if err != nil {
				got += " (" + err.Error() + ")"
			}
			rejected <- got
		}()
	}
	wg.Wait()
	close(rejected)
	for got := range rejected {
		if got != "ERROR Too many open connections\r\n" {
			t.Errorf("connection past -c: %q", got)
		}
	}
	for _, c := range conns {
		c.Expect("version\r\n", "VERSION 1.6.45\r\n")
	}
	st := statsOf(t, conns[0], "")
	if n := statInt(t, st, "rejected_connections"); n != 20 {
		t.Errorf("rejected_connections = %d, want 20", n)
	}
	if n := statInt(t, st, "curr_connections"); n != limit {
		t.Errorf("curr_connections = %d, want %d", n, limit)
	}
	for _, c := range conns[1:] {
		c.Close()
	}
	if !eventually(3*time.Second, func() bool {
		c, err := harness.TryDial("tcp", srv.Addr)
		if err != nil {
			return false
		}
		defer c.Close()
		line, err := c.TryCall("version\r\n")
		return err == nil && line == "VERSION 1.6.45\r\n"
	}) {
		t.Fatal("no new connection accepted after the others closed")
	}
}
