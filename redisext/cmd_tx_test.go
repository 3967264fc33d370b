package redisext

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/corvidcache/corvid/engine"
)

func TestMultiExecBasics(t *testing.T) {
	e := newPSEnv(t)
	c := e.client()
	for _, tc := range []struct{ cmd, want string }{
		{"EXEC", "-ERR EXEC without MULTI\r\n"},
		{"DISCARD", "-ERR DISCARD without MULTI\r\n"},
		{"MULTI", "+OK\r\n"},
		{"SET a 1", "+QUEUED\r\n"},
		{"GET a", "+QUEUED\r\n"},
		{"PING", "+QUEUED\r\n"},
		{"MULTI", "-ERR MULTI calls can not be nested\r\n"},
		{"WATCH a", "-ERR WATCH inside MULTI is not allowed\r\n"},
		{"EXEC", "*3\r\n+OK\r\n$1\r\n1\r\n+PONG\r\n"},
		{"MULTI", "+OK\r\n"},
		{"SET a 2", "+QUEUED\r\n"},
		{"DISCARD", "+OK\r\n"},
		{"GET a", "$1\r\n1\r\n"},
		{"MULTI", "+OK\r\n"},
		{"EXEC", "*0\r\n"},
		// Errors while queueing doom the transaction.
		{"MULTI", "+OK\r\n"},
		{"SET a 3", "+QUEUED\r\n"},
		{"NOSUCHCMD x", "-ERR unknown command 'NOSUCHCMD', with args beginning with: 'x' \r\n"},
		{"GET", "-ERR wrong number of arguments for 'get' command\r\n"},
		{"SET b 3", "+QUEUED\r\n"},
		{"EXEC", "-EXECABORT Transaction discarded because of previous errors.\r\n"},
		{"GET a", "$1\r\n1\r\n"},
		{"EXEC", "-ERR EXEC without MULTI\r\n"},
		// Runtime errors are per-command replies.
		{"MULTI", "+OK\r\n"},
		{"SET a 4 PX 0", "+QUEUED\r\n"},
		{"SET a 5", "+QUEUED\r\n"},
		{"EXEC", "*2\r\n-ERR invalid expire time in 'set' command\r\n+OK\r\n"},
		{"GET a", "$1\r\n5\r\n"},
	} {
		expect(t, tc.cmd, c.do(tc.cmd), tc.want)
	}
	if c.Client.Multi != nil {
		t.Fatal("still in MULTI")
	}
}

func TestMultiExecRESP3(t *testing.T) {
	e := newPSEnv(t)
	c, other := e.client(), e.client()
	c.Client.Proto = 3
	c.do("WATCH k")
	other.do("SET k v")
	c.do("MULTI")
	c.do("GET k")
	expect(t, "exec", c.do("EXEC"), "_\r\n")
}

func TestWatch(t *testing.T) {
	e := newPSEnv(t)
	c, other := e.client(), e.client()
	run := func(what string, setup func(), want string) {
		t.Helper()
		c.do("SET x 30")
		c.do("WATCH x")
		setup()
		c.do("MULTI")
		c.do("PING")
		expect(t, what, c.do("EXEC"), want)
		// EXEC forgets the watches either way.
		other.do("SET x 1")
		c.do("MULTI")
		c.do("PING")
		expect(t, what+" (again)", c.do("EXEC"), "*1\r\n+PONG\r\n")
	}
	nothing := func() {}
	run("not modified", nothing, "*1\r\n+PONG\r\n")
	run("modified by Redis", func() { other.do("SET x 40") }, "*-1\r\n")
	run("modified by itself", func() { c.do("SET x 40") }, "*-1\r\n")
	run("modified by memcached", func() {
		if _, err := e.eng.Set(0, []byte("x"), []byte("mc"), 5, 0); err != nil {
			t.Fatal(err)
		}
	}, "*-1\r\n")
	run("deleted", func() { e.eng.Delete(0, []byte("x")) }, "*-1\r\n")
	run("other key", func() { other.do("SET y 1") }, "*1\r\n+PONG\r\n")
	run("same key other db", func() { e.eng.Set(1, []byte("x"), []byte("v"), 0, 0) }, "*1\r\n+PONG\r\n")
	run("flushdb", func() { e.eng.FlushDB(0) }, "*-1\r\n")
	run("flushall", func() { e.eng.FlushAll() }, "*-1\r\n")
	run("flushdb of another db", func() { e.eng.FlushDB(1) }, "*1\r\n+PONG\r\n")
	run("unwatch", func() { c.do("UNWATCH"); other.do("SET x 2") }, "*1\r\n+PONG\r\n")
	run("reset", func() { c.do("RESET"); other.do("SET x 2") }, "*1\r\n+PONG\r\n")

	// A flush does not touch a watched key that did not exist.
	c.do("WATCH nokey")
	e.eng.FlushAll()
	c.do("MULTI")
	expect(t, "flush of missing key", c.do("EXEC"), "*0\r\n")

	// DISCARD forgets watches and the dirty state.
	c.do("WATCH x")
	other.do("SET x 10")
	c.do("MULTI")
	c.do("DISCARD")
	c.do("MULTI")
	c.do("GET x")
	expect(t, "after discard", c.do("EXEC"), "*1\r\n$2\r\n10\r\n")

	// WATCH remembers the database.
	c.do("SELECT 5")
	c.do("SET x 30")
	c.do("WATCH x")
	c.do("SELECT 1")
	c.do("SET x 10")
	c.do("SELECT 5")
	c.do("MULTI")
	c.do("PING")
	expect(t, "db of watch", c.do("EXEC"), "*1\r\n+PONG\r\n")
	c.do("SELECT 0")

	// A watched key that expires before EXEC fails it (Redis 7.0).
	c.do("SET t v PX 100")
	c.do("WATCH t")
	e.host.now.Add(200)
	c.do("MULTI")
	c.do("PING")
	expect(t, "expired", c.do("EXEC"), "*-1\r\n")
	// One that had expired already when watched does not.
	c.do("SET t v PX 100")
	e.host.now.Add(200)
	c.do("WATCH t")
	c.do("MULTI")
	c.do("PING")
	expect(t, "stale", c.do("EXEC"), "*1\r\n+PONG\r\n")

	// Closing the connection drops its watches.
	c.do("WATCH x y z")
	if e.sh.Watches.n.Load() != 3 {
		t.Fatalf("watched %d", e.sh.Watches.n.Load())
	}
	c.Disconnect()
	if e.sh.Watches.n.Load() != 0 || len(e.sh.Watches.clients) != 0 {
		t.Fatal("watches left after Disconnect")
	}
}

func TestSignalSwapDB(t *testing.T) {
	e := newPSEnv(t)
	c, other := e.client(), e.client()
	check := func(what string, setup func(), want string) {
		t.Helper()
		e.eng.FlushAll()
		setup()
		c.do("WATCH x")
		e.eng.SwapDB(0, 1)
		other.SignalSwapDB(0, 1)
		c.do("MULTI")
		c.do("PING")
		expect(t, what, c.do("EXEC"), want)
	}
	check("exists", func() { e.eng.Set(0, []byte("x"), []byte("1"), 0, 0) }, "*-1\r\n")
	check("exists in the other", func() { e.eng.Set(1, []byte("x"), []byte("1"), 0, 0) }, "*-1\r\n")
	check("in neither", func() { e.eng.Set(1, []byte("y"), []byte("1"), 0, 0) }, "*1\r\n+PONG\r\n")
	// Stale keys count as missing (multi.tcl's SWAPDB ... stale key tests).
	stale := func(db int) {
		e.eng.Set(db, []byte("x"), []byte("old"), 0, e.host.Now()+10)
	}
	check("missing replaced with stale", func() { stale(1); e.host.now.Add(20) }, "*1\r\n+PONG\r\n")
	check("stale replaced with stale", func() { stale(0); stale(1); e.host.now.Add(20) }, "*1\r\n+PONG\r\n")
	check("stale replaced with missing", func() { stale(0); e.host.now.Add(20) }, "*1\r\n+PONG\r\n")
	check("stale replaced with live", func() { stale(0); e.host.now.Add(20); e.eng.Set(1, []byte("x"), []byte("1"), 0, 0) }, "*-1\r\n")
}

// TestExecAtomic: two keys written by one transaction are never seen apart,
// by a reader holding both their stripes.
func TestExecAtomic(t *testing.T) {
	e := newPSEnv(t)
	keys := [][]byte{[]byte("left"), []byte("right"), []byte("middle")}
	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() {
		defer wg.Done()
		c := e.client()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			v := strconv.Itoa(i)
			c.do("MULTI")
			for _, k := range keys {
				c.do("SET " + string(k) + " " + v)
			}
			if got := c.do("EXEC"); got != "*3\r\n+OK\r\n+OK\r\n+OK\r\n" {
				t.Errorf("EXEC: %q", got)
				return
			}
		}
	}()
	var b engine.Batch
	for i := 0; i < 2000; i++ {
		e.eng.LockKeys(&b, keys)
		var vals []string
		for _, k := range keys {
			x := b.Item(0, k)
			if x.Found() {
				vals = append(vals, string(x.Value().AppendTo(nil)))
			} else {
				vals = append(vals, "")
			}
		}
		b.Unlock()
		if vals[0] != vals[1] || vals[1] != vals[2] {
			t.Fatalf("torn transaction: %q", vals)
		}
	}
	close(stop)
	wg.Wait()
}

// TestWatchCounter: optimistic increments by WATCH/GET/MULTI/SET/EXEC from
// many connections reach the exact total.
func TestWatchCounter(t *testing.T) {
	e := newPSEnv(t)
	const workers, each = 8, 100
	var clients []*psClient
	for i := 0; i < workers; i++ {
		clients = append(clients, e.client())
	}
	var wg sync.WaitGroup
	for _, c := range clients {
		wg.Add(1)
		go func(c *psClient) {
			defer wg.Done()
			for done := 0; done < each; {
				c.do("WATCH counter")
				n := 0
				if r := c.do("GET counter"); r != "$-1\r\n" {
					lines := strings.Split(r, "\r\n")
					n, _ = strconv.Atoi(lines[1])
				}
				c.do("MULTI")
				c.do(fmt.Sprintf("SET counter %d", n+1))
				switch r := c.do("EXEC"); r {
				case "*1\r\n+OK\r\n":
					done++
				case "*-1\r\n":
				default:
					t.Errorf("EXEC: %q", r)
					return
				}
			}
		}(c)
	}
	wg.Wait()
	expect(t, "counter", e.client().do("GET counter"), fmt.Sprintf("$3\r\n%d\r\n", workers*each))
}

func TestQueueCopiesArgs(t *testing.T) {
	e := newPSEnv(t)
	c := e.client()
	c.do("MULTI")
	args := [][]byte{[]byte("SET"), []byte("k"), []byte("v1")}
	c.doArgs(args...)
	copy(args[2], "zz") // the connection's buffer is reused
	expect(t, "exec", c.do("EXEC"), "*1\r\n+OK\r\n")
	expect(t, "get", c.do("GET k"), "$2\r\nv1\r\n")
}
