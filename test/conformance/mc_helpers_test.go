package conformance

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bradfitz/gomemcache/memcache"

	"github.com/corvidcache/corvid/test/harness"
)

// step is one exchange of a raw script: the bytes sent, and exactly the
// bytes expected back before the next step.
type step struct {
	send, want string
}

// runSteps plays steps on c, in order.
func runSteps(t *testing.T, c *harness.Conn, steps []step) {
	t.Helper()
	for _, s := range steps {
		if s.send != "" {
			c.Send(s.send)
		}
		if s.want == "" {
			continue
		}
		got, err := c.TryReadN(len(s.want))
		if err != nil || string(got) != s.want {
			t.Fatalf("%s: after %.300q\n got %.500q (%v)\nwant %.500q", c.RemoteAddr(), s.send, got, err, s.want)
		}
	}
}

// checkBoth plays steps on a fresh connection to srv (Corvid), then, when
// the reference is installed, on a memcached started with refArgs: the
// expectations are checked against the real server too. Use it only where
// memcached 1.6.18 answers as 1.6.45 does.
func checkBoth(t *testing.T, srv *harness.Server, refArgs []string, steps []step) {
	t.Helper()
	runSteps(t, srv.Dial(t), steps)
	if !refAvailable(t) {
		return
	}
	ref := harness.StartMemcached(t, refArgs...)
	runSteps(t, ref.Dial(t), steps)
}

// refAvailable reports whether the reference memcached is installed; when
// it is not and CORVID_REQUIRE_REFERENCE=1, the test fails.
func refAvailable(t *testing.T) bool {
	t.Helper()
	if _, err := exec.LookPath(harness.MemcachedPath); err == nil {
		return true
	}
	if os.Getenv("CORVID_REQUIRE_REFERENCE") == "1" {
		t.Fatalf("reference %s is not installed (CORVID_REQUIRE_REFERENCE=1)", harness.MemcachedPath)
	}
	return false
}

// startCorvid starts Corvid with args plus a gomemcache client for it.
func startCorvid(t *testing.T, args ...string) (*harness.Server, *memcache.Client) {
	t.Helper()
	srv := harness.StartCorvid(t, args...)
	mc := memcache.New(srv.Addr)
	mc.Timeout = 5 * time.Second
	mc.MaxIdleConns = 4
	t.Cleanup(func() { mc.Close() })
	return srv, mc
}

// statsOf returns "stats [group]" as a map.
func statsOf(t *testing.T, c *harness.Conn, group string) map[string]string {
	t.Helper()
	cmd := "stats\r\n"
	if group != "" {
		cmd = "stats " + group + "\r\n"
	}
	c.Send(cmd)
	m := map[string]string{}
	for i := 0; i < 10000; i++ {
		line := c.ReadLine()
		if line == "END\r\n" {
			return m
		}
		f := strings.SplitN(strings.TrimSuffix(line, "\r\n"), " ", 3)
		if len(f) != 3 || f[0] != "STAT" {
			t.Fatalf("stats %s: unexpected line %q", group, line)
		}
		m[f[1]] = f[2]
	}
	t.Fatalf("stats %s: no END", group)
	return nil
}

// statInt returns a numeric stat.
func statInt(t *testing.T, m map[string]string, name string) int64 {
	t.Helper()
	v, ok := m[name]
	if !ok {
		t.Fatalf("no stat %q", name)
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		t.Fatalf("stat %s = %q: %v", name, v, err)
	}
	return n
}

// value returns a deterministic value of n bytes.
func value(n int, seed byte) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = 'a' + (seed+byte(i%251))%26
	}
	return string(b)
}

// setCmd returns a set command with its data block.
func setCmd(key string, flags uint32, exptime int64, v string) string {
	return "set " + key + " " + strconv.FormatUint(uint64(flags), 10) + " " +
		strconv.FormatInt(exptime, 10) + " " + strconv.Itoa(len(v)) + "\r\n" + v + "\r\n"
}

// valueReply is get's reply for one item.
func valueReply(key string, flags uint32, v string) string {
	return "VALUE " + key + " " + strconv.FormatUint(uint64(flags), 10) + " " + strconv.Itoa(len(v)) + "\r\n" + v + "\r\nEND\r\n"
}

// readValue reads a "VALUE k f n [cas]" line and its data block; it returns
// the header fields and the data.
func readValue(t *testing.T, c *harness.Conn) ([]string, string) {
	t.Helper()
	line := c.ReadLine()
	f := strings.Fields(line)
	if len(f) < 4 || f[0] != "VALUE" {
		t.Fatalf("want a VALUE line, got %q", line)
	}
	n, _ := strconv.Atoi(f[3])
	d := c.ReadN(n + 2)
	if string(d[n:]) != "\r\n" {
		t.Fatalf("data block of %s not terminated by CRLF", f[1])
	}
	return f, string(d[:n])
}

// getReply sends "get key" and returns the whole reply.
func getReply(c *harness.Conn, key string) string {
	c.Send("get " + key + "\r\n")
	return c.ReadUntil("END\r\n")
}

// casOf returns the CAS of key, from mg c.
func casOf(t *testing.T, c *harness.Conn, key string) string {
	t.Helper()
	line := c.Call("mg " + key + " c\r\n")
	if !strings.HasPrefix(line, "HD c") {
		t.Fatalf("mg %s c: %q", key, line)
	}
	return strings.Fields(line)[1][1:]
}

// eventually polls cond every 10ms until it holds or d passes.
func eventually(d time.Duration, cond func() bool) bool {
	deadline := time.Now().Add(d)
	for {
		if cond() {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}
