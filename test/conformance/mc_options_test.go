package conformance

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corvidcache/corvid/test/harness"
)

// TestDisableCAS (-C): CAS values are 0, and cas never matches (against
// the reference too).
func TestDisableCAS(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "-C")
	checkBoth(t, srv, []string{"-C"}, []step{
		{"set a 0 0 1\r\nx\r\ngets a\r\n", "STORED\r\nVALUE a 0 1 0\r\nx\r\nEND\r\n"},
		{"cas a 0 0 1 0\r\ny\r\n", "EXISTS\r\n"},
		{"cas a 0 0 1 1\r\ny\r\n", "EXISTS\r\n"},
		{"cas nokey 0 0 1 1\r\ny\r\n", "NOT_FOUND\r\n"},
		{"mg a c\r\n", "HD c0\r\n"},
		{"ms a 1 c\r\nz\r\n", "HD c0\r\n"},
		{"ms a 1 C0\r\nz\r\nms a 1 C5\r\nz\r\n", "EX\r\nEX\r\n"},
		{"incr a 1\r\n", "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"},
		{"set n 0 0 1\r\n1\r\nincr n 1\r\ngets n\r\n", "STORED\r\n2\r\nVALUE n 0 1 0\r\n2\r\nEND\r\n"},
	})
	if v := statsOf(t, srv.Dial(t), "settings")["cas_enabled"]; v != "no" {
		t.Errorf("cas_enabled = %q", v)
	}
}

// TestDisableFlush (-F): flush_all is refused before its arguments are
// looked at, and still counted.
func TestDisableFlush(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "-F")
	checkBoth(t, srv, []string{"-F"}, []step{
		{"set a 0 0 1\r\nx\r\n", "STORED\r\n"},
		{"flush_all\r\n", "CLIENT_ERROR flush_all not allowed\r\n"},
		{"flush_all 10\r\n", "CLIENT_ERROR flush_all not allowed\r\n"},
		{"flush_all x\r\n", "CLIENT_ERROR flush_all not allowed\r\n"},
		{"flush_all noreply\r\nmn\r\n", "MN\r\n"},
		{"get a\r\n", "VALUE a 0 1\r\nx\r\nEND\r\n"},
	})
}

// TestFlushCountedAlways: memcached counts every flush_all in cmd_flush,
// before it looks at -F or the arguments.
func TestFlushCountedAlways(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{nil, {"-F"}} {
		srv, _ := startCorvid(t, args...)
		c := srv.Dial(t)
		c.Send("flush_all\r\nflush_all 10\r\nflush_all x\r\nflush_all noreply\r\nmn\r\n")
		c.ReadUntil("MN\r\n")
		if n := statInt(t, statsOf(t, c, ""), "cmd_flush"); n != 4 {
			t.Errorf("%v: cmd_flush = %d, want 4", args, n)
		}
	}
}

// TestDisableEvictions (-M): once memory is full, a set fails with
// SERVER_ERROR out of memory storing object, nothing stored is lost, and
// store_no_memory counts the failures.
func TestDisableEvictions(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "-M", "-m", "8")
	c := srv.Dial(t)
	v := value(8192, 1)
	stored := 0
	for ; stored < 5000; stored++ {
		line := c.Call(setCmd("dash"+strconv.Itoa(stored), 0, 0, v))
		if line != "STORED\r\n" {
			if line != "SERVER_ERROR out of memory storing object\r\n" {
				t.Fatalf("set %d: %q", stored, line)
			}
			break
		}
	}
	if stored == 5000 || stored < 500 {
		t.Fatalf("-M -m 8 stored %d values of 8 KB", stored)
	}
	c.Expect(setCmd("dash"+strconv.Itoa(stored), 0, 0, v), "SERVER_ERROR out of memory storing object\r\n")
	st := statsOf(t, c, "")
	if n := statInt(t, st, "store_no_memory"); n != 2 {
		t.Errorf("store_no_memory = %d, want 2", n)
	}
	if n := statInt(t, st, "evictions"); n != 0 {
		t.Errorf("evictions = %d under -M", n)
	}
	for i := 0; i < stored; i += 37 {
		c.Expect("get dash"+strconv.Itoa(i)+"\r\n", valueReply("dash"+strconv.Itoa(i), 0, v))
	}
	// Deleting makes room again.
	c.Expect("delete dash0\r\ndelete dash1\r\n", "DELETED\r\nDELETED\r\n")
	c.Expect(setCmd("again", 0, 0, v), "STORED\r\n")
}

// TestEvictions: without -M, a full cache evicts the least recently used
// items, sets keep succeeding, and evictions counts them.
func TestEvictions(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "-m", "8")
	c := srv.Dial(t)
	v := value(8192, 2)
	var b strings.Builder
	const n = 3000 // about 25 MB through an 8 MB cache
	for i := 0; i < n; i++ {
		b.WriteString(setCmd("ev"+strconv.Itoa(i), 0, 0, v))
		if i%100 == 99 {
			c.Send(b.String())
			c.Expect("", strings.Repeat("STORED\r\n", 100))
			b.Reset()
			c.Expect("get ev0\r\n", valueReply("ev0", 0, v)) // keep ev0 recently used
		}
	}
	st := statsOf(t, c, "")
	if statInt(t, st, "evictions") == 0 {
		t.Fatal("no evictions")
	}
	if statInt(t, st, "bytes") > 8<<20 {
		t.Errorf("bytes = %s over an 8 MB limit", st["bytes"])
	}
	c.Expect("get ev"+strconv.Itoa(n-1)+" ev0\r\n", "VALUE ev"+strconv.Itoa(n-1)+" 0 8192\r\n"+v+"\r\nVALUE ev0 0 8192\r\n"+v+"\r\nEND\r\n")
	c.Expect("get ev1\r\n", "END\r\n")
}

// TestUnixSocket (-s, -a): the memcached protocol over a unix socket with
// the mask applied, and no TCP port.
func TestUnixSocket(t *testing.T) {
	t.Parallel()
	sock := filepath.Join(t.TempDir(), "corvid.sock")
	port, err := harness.FreePort()
	if err != nil {
		t.Fatal(err)
	}
	srv := harness.StartCorvid(t, "-s", sock, "-a", "770", "-p", strconv.Itoa(port))
	if err := harness.WaitPort("tcp", "127.0.0.1:"+strconv.Itoa(port), 50*time.Millisecond); err == nil {
		t.Errorf("-s with -p %d: the TCP port accepts too (memcached: -s turns TCP off)", port)
	}
	fi, err := os.Stat(sock)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&os.ModeSocket == 0 || fi.Mode().Perm() != 0o770 {
		t.Errorf("socket mode %v, want socket 0770", fi.Mode())
	}
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"set a 0 0 1\r\nx\r\nget a\r\n", "STORED\r\n" + valueReply("a", 0, "x")},
		{"mg a v\r\nmn\r\n", "VA 1\r\nx\r\nMN\r\n"},
	})
	st := statsOf(t, c, "settings")
	if st["domain_socket"] != sock {
		t.Errorf("domain_socket = %q", st["domain_socket"])
	}
	srv.ExpectExit()
	if code, err := srv.Stop(harness.StopTimeout); err != nil || code != 0 {
		t.Fatalf("stop: %d %v", code, err)
	}
	if _, err := os.Stat(sock); !os.IsNotExist(err) {
		t.Errorf("socket file left behind: %v", err)
	}
}

// TestIdleTimeout (-o idle_timeout): an idle connection is closed and
// counted in idle_kicks; an active one is not.
func TestIdleTimeout(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "-o", "idle_timeout=1")
	idle := srv.Dial(t)
	idle.Expect("version\r\n", "VERSION 1.6.45\r\n")
	active := srv.Dial(t)
	deadline := time.Now().Add(3500 * time.Millisecond)
	for time.Now().Before(deadline) {
		active.Expect("version\r\n", "VERSION 1.6.45\r\n")
		time.Sleep(200 * time.Millisecond)
	}
	idle.Timeout = 3 * time.Second
	if got, err := idle.TryExpectEOF(); err != nil || got != "" {
		t.Fatalf("idle connection: %q %v, want a close", got, err)
	}
	if n := statInt(t, statsOf(t, active, ""), "idle_kicks"); n < 1 {
		t.Errorf("idle_kicks = %d", n)
	}
}
