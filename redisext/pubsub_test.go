package redisext

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/corvidcache/corvid/engine"
)

// psHost is a Host for tests: the methods these tests need, the rest
// panic (the embedded nil interface).
type psHost struct {
	Host
	now atomic.Int64
}

func (h *psHost) Now() int64          { return h.now.Load() }
func (h *psHost) RequirePass() string { return "" }

// psClock is the engine's clock, shared with the host.
type psClock struct{ h *psHost }

func (c psClock) Now() int64 { return c.h.now.Load() }

// psConn records what is pushed to it.
type psConn struct {
	Conn
	mu     sync.Mutex
	pushed []string
	drop   bool // count only (allocation tests)
	n      atomic.Int64
}

func (c *psConn) RemoteAddr() string  { return "127.0.0.1:1" }
func (c *psConn) LocalAddr() string   { return "127.0.0.1:6379" }
func (c *psConn) FD() int             { return -1 }
func (c *psConn) OutputBuffered() int { return 0 }
func (c *psConn) Close()              {}

func (c *psConn) Push(msg []byte) bool {
	c.n.Add(1)
	if c.drop {
		return true
	}
	c.mu.Lock()
	c.pushed = append(c.pushed, string(msg))
	c.mu.Unlock()
	return true
}

// take returns and forgets what was pushed.
func (c *psConn) take() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := strings.Join(c.pushed, "")
	c.pushed = nil
	return s
}

type psEnv struct {
	t    testing.TB
	host *psHost
	eng  *engine.Engine
	sh   *Shared
	ids  uint64
}

func newPSEnv(t testing.TB) *psEnv {
	h := &psHost{}
	h.now.Store(1_700_000_000_000)
	eng, err := engine.New(engine.Config{MemoryLimit: 64 << 20, Clock: psClock{h}})
	if err != nil {
		t.Fatal(err)
	}
	sh := NewShared(eng, h)
	eng.SetWriteLog(sh.Watches)
	return &psEnv{t: t, host: h, eng: eng, sh: sh}
}

type psClient struct {
	*Ctx
	conn *psConn
}

func (e *psEnv) client() *psClient {
	e.ids++
	conn := &psConn{}
	return &psClient{Ctx: NewCtx(e.sh, NewClient(e.ids, conn, e.host.Now(), true)), conn: conn}
}

// do runs one command (space-separated words) and returns its raw reply.
func (c *psClient) do(cmd string) string {
	var args [][]byte
	for _, w := range strings.Fields(cmd) {
		args = append(args, []byte(w))
	}
	return c.doArgs(args...)
}

func (c *psClient) doArgs(args ...[]byte) string {
	c.Out = c.Out[:0]
	c.Dispatch(args)
	return string(c.Out)
}

func bulk(s string) string { return fmt.Sprintf("$%d\r\n%s\r\n", len(s), s) }

func msg(hdr byte, parts ...string) string {
	s := fmt.Sprintf("%c%d\r\n", hdr, len(parts))
	for _, p := range parts {
		if strings.HasPrefix(p, ":") || p == "$-1" || p == "_" {
			s += p + "\r\n"
		} else {
			s += bulk(p)
		}
	}
	return s
}

func expect(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s:\n got %q\nwant %q", what, got, want)
	}
}

func TestPubSubBasics(t *testing.T) {
	e := newPSEnv(t)
	sub, pub := e.client(), e.client()
	expect(t, "subscribe", sub.do("SUBSCRIBE chan1 chan2 chan1"),
		msg('*', "subscribe", "chan1", ":1")+msg('*', "subscribe", "chan2", ":2")+msg('*', "subscribe", "chan1", ":2"))
	if n := sub.Client.NSubs.Load(); n != 2 {
		t.Fatalf("NSubs = %d", n)
	}
	expect(t, "publish", pub.do("PUBLISH chan1 hello"), ":1\r\n")
	expect(t, "message", sub.conn.take(), msg('*', "message", "chan1", "hello"))
	expect(t, "publish none", pub.do("PUBLISH other hello"), ":0\r\n")

	// RESP2 subscribed mode allows only a few commands.
	got := sub.do("GET x")
	if !strings.HasPrefix(got, "-ERR Can't execute 'get'") {
		t.Errorf("GET while subscribed: %q", got)
	}
	expect(t, "ping", sub.do("PING"), msg('*', "pong", ""))

	expect(t, "numsub", pub.do("PUBSUB NUMSUB chan1 chan2 nope"),
		"*6\r\n"+bulk("chan1")+":1\r\n"+bulk("chan2")+":1\r\n"+bulk("nope")+":0\r\n")
	expect(t, "channels pattern", pub.do("PUBSUB CHANNELS *1"), "*1\r\n"+bulk("chan1"))

	expect(t, "unsubscribe one", sub.do("UNSUBSCRIBE chan1 nope"),
		msg('*', "unsubscribe", "chan1", ":1")+msg('*', "unsubscribe", "nope", ":1"))
	expect(t, "publish after unsubscribe", pub.do("PUBLISH chan1 x"), ":0\r\n")
	expect(t, "unsubscribe all", sub.do("UNSUBSCRIBE"), msg('*', "unsubscribe", "chan2", ":0"))
	expect(t, "unsubscribe nothing", sub.do("UNSUBSCRIBE"), msg('*', "unsubscribe", "$-1", ":0"))
	expect(t, "punsubscribe nothing", sub.do("PUNSUBSCRIBE"), msg('*', "punsubscribe", "$-1", ":0"))
	if sub.Client.Subscribed() {
		t.Fatal("still subscribed")
	}
	expect(t, "channels empty", pub.do("PUBSUB CHANNELS"), "*0\r\n")
	expect(t, "get after", sub.do("GET x"), "$-1\r\n")
}

func TestPubSubPatterns(t *testing.T) {
	e := newPSEnv(t)
	a, b, pub := e.client(), e.client(), e.client()
	expect(t, "psubscribe", a.do("PSUBSCRIBE foo.* bar.*"),
		msg('*', "psubscribe", "foo.*", ":1")+msg('*', "psubscribe", "bar.*", ":2"))
	b.do("PSUBSCRIBE foo.*")
	b.do("SUBSCRIBE foo.bar")
	expect(t, "numpat", pub.do("PUBSUB NUMPAT"), ":2\r\n")
	expect(t, "publish", pub.do("PUBLISH foo.bar hi"), ":3\r\n")
	expect(t, "a", a.conn.take(), msg('*', "pmessage", "foo.*", "foo.bar", "hi"))
	expect(t, "b", b.conn.take(), msg('*', "message", "foo.bar", "hi")+msg('*', "pmessage", "foo.*", "foo.bar", "hi"))
	expect(t, "no match", pub.do("PUBLISH foo1 hi"), ":0\r\n")
	// Counts mix channels and patterns.
	expect(t, "punsubscribe", b.do("PUNSUBSCRIBE foo.*"), msg('*', "punsubscribe", "foo.*", ":1"))
	expect(t, "numpat after", pub.do("PUBSUB NUMPAT"), ":2\r\n")
	a.do("PUNSUBSCRIBE")
	expect(t, "numpat none", pub.do("PUBSUB NUMPAT"), ":0\r\n")
	expect(t, "publish after", pub.do("PUBLISH foo.bar hi"), ":1\r\n")
}

func TestPubSubShard(t *testing.T) {
	e := newPSEnv(t)
	s, p, pub := e.client(), e.client(), e.client()
	expect(t, "ssubscribe", s.do("SSUBSCRIBE ch"), msg('*', "ssubscribe", "ch", ":1"))
	p.do("PSUBSCRIBE *")
	s.do("SUBSCRIBE ch")
	// Shard counts are their own.
	expect(t, "ssubscribe 2", s.do("SSUBSCRIBE ch2"), msg('*', "ssubscribe", "ch2", ":2"))
	expect(t, "spublish", pub.do("SPUBLISH ch x"), ":1\r\n")
	expect(t, "smessage", s.conn.take(), msg('*', "smessage", "ch", "x"))
	expect(t, "no pattern", p.conn.take(), "")
	expect(t, "publish", pub.do("PUBLISH ch y"), ":2\r\n")
	expect(t, "message", s.conn.take(), msg('*', "message", "ch", "y"))
	expect(t, "shardnumsub", pub.do("PUBSUB SHARDNUMSUB ch zz"), "*4\r\n"+bulk("ch")+":1\r\n"+bulk("zz")+":0\r\n")
	expect(t, "shardchannels", pub.do("PUBSUB SHARDCHANNELS ch2"), "*1\r\n"+bulk("ch2"))
	expect(t, "sunsubscribe", s.do("SUNSUBSCRIBE"),
		msg('*', "sunsubscribe", "ch", ":1")+msg('*', "sunsubscribe", "ch2", ":0"))
	expect(t, "spublish none", pub.do("SPUBLISH ch x"), ":0\r\n")
}

func TestPubSubRESP3(t *testing.T) {
	e := newPSEnv(t)
	sub, sub2 := e.client(), e.client()
	sub.Client.Proto = 3
	expect(t, "subscribe", sub.do("SUBSCRIBE c"), msg('>', "subscribe", "c", ":1"))
	sub2.do("SUBSCRIBE c")
	// A RESP3 client may run any command, and publish to itself: its own
	// message comes before the PUBLISH reply.
	expect(t, "get", sub.do("GET x"), "_\r\n")
	expect(t, "self publish", sub.do("PUBLISH c m"), msg('>', "message", "c", "m")+":2\r\n")
	expect(t, "other", sub2.conn.take(), msg('*', "message", "c", "m"))
	expect(t, "no push to self", sub.conn.take(), "")
	expect(t, "unsubscribe none", sub.do("PUNSUBSCRIBE"), msg('>', "punsubscribe", "_", ":1"))
}

func TestPubSubReplyOff(t *testing.T) {
	e := newPSEnv(t)
	sub := e.client()
	sub.Client.ReplyMode = replyOff
	expect(t, "subscribe", sub.do("SUBSCRIBE c"), msg('*', "subscribe", "c", ":1"))
	expect(t, "ping", sub.do("PING"), "")
	sub.Client.ReplyMode = replySkip
	expect(t, "unsubscribe", sub.do("UNSUBSCRIBE c"), msg('*', "unsubscribe", "c", ":0"))
	if sub.Client.ReplyMode != replyOn {
		t.Fatal("skip not cleared")
	}
}

func TestPubSubDisconnectAndReset(t *testing.T) {
	e := newPSEnv(t)
	a, b, pub := e.client(), e.client(), e.client()
	a.do("SUBSCRIBE c")
	a.do("PSUBSCRIBE c*")
	a.do("SSUBSCRIBE c")
	b.do("SUBSCRIBE c")
	a.Disconnect()
	expect(t, "publish", pub.do("PUBLISH c m"), ":1\r\n")
	expect(t, "spublish", pub.do("SPUBLISH c m"), ":0\r\n")
	expect(t, "numpat", pub.do("PUBSUB NUMPAT"), ":0\r\n")
	if got := b.do("RESET"); got != "+RESET\r\n" {
		t.Fatalf("RESET: %q", got)
	}
	expect(t, "publish after reset", pub.do("PUBLISH c m"), ":0\r\n")
	if b.Client.Subscribed() {
		t.Fatal("subscribed after RESET")
	}
}

func TestPubSubErrors(t *testing.T) {
	e := newPSEnv(t)
	c := e.client()
	for _, tc := range []struct{ cmd, want string }{
		{"PUBSUB", "-ERR wrong number of arguments for 'pubsub' command\r\n"},
		{"PUBSUB NOPE", "-ERR unknown subcommand 'NOPE'. Try PUBSUB HELP.\r\n"},
		{"PUBSUB CHANNELS a b", "-ERR unknown subcommand or wrong number of arguments for 'CHANNELS'. Try PUBSUB HELP.\r\n"},
		{"PUBSUB NUMPAT x", "-ERR wrong number of arguments for 'pubsub|numpat' command\r\n"},
		{"SUBSCRIBE", "-ERR wrong number of arguments for 'subscribe' command\r\n"},
		{"PUBLISH a", "-ERR wrong number of arguments for 'publish' command\r\n"},
		{"PUBSUB NUMSUB", "*0\r\n"},
	} {
		expect(t, tc.cmd, c.do(tc.cmd), tc.want)
	}
	if got := c.do("PUBSUB HELP"); !strings.HasPrefix(got, "*14\r\n+PUBSUB <subcommand>") {
		t.Errorf("HELP: %q", got)
	}
}

// TestPublishAllocs: the publish path allocates nothing of its own, whatever
// the number of subscribers (Push's copy is the server's).
func TestPublishAllocs(t *testing.T) {
	if psRace {
		t.Skip("allocation counts are meaningless under -race")
	}
	e := newPSEnv(t)
	pub := e.client()
	for i := 0; i < 100; i++ {
		c := e.client()
		c.conn.drop = true
		c.do("SUBSCRIBE news")
		c.do("PSUBSCRIBE n*")
	}
	ch, m := []byte("news"), []byte("hello world")
	pub.Publish(ch, m) // warm the pool
	allocs := testing.AllocsPerRun(100, func() {
		if n := e.sh.PubSub.Publish(ch, m, pub.Ctx); n != 200 {
			t.Fatalf("receivers %d", n)
		}
	})
	if allocs != 0 {
		t.Errorf("Publish to 200 subscriptions: %v allocs", allocs)
	}
	// A notification with its class off costs nothing either.
	allocs = testing.AllocsPerRun(100, func() { pub.Notify('$', "set", []byte("k")) })
	if allocs != 0 {
		t.Errorf("Notify (off): %v allocs", allocs)
	}
	e.sh.Notify.Configure("KEA")
	allocs = testing.AllocsPerRun(100, func() { pub.Notify('$', "set", []byte("k")) })
	if allocs != 0 {
		t.Errorf("Notify (on, no subscriber): %v allocs", allocs)
	}
}

func (c *psClient) Publish(ch, m []byte) int { return c.PubSub.Publish(ch, m, c.Ctx) }

// TestPubSubConcurrent races subscribes, unsubscribes and publishes (run
// with -race): every message published while a client is subscribed
// throughout reaches it exactly once.
func TestPubSubConcurrent(t *testing.T) {
	e := newPSEnv(t)
	stable := e.client()
	stable.do("SUBSCRIBE c0")
	stable.do("PSUBSCRIBE c*")
	var clients []*psClient
	for i := 0; i < 8; i++ {
		clients = append(clients, e.client())
	}
	const rounds = 300
	var wg sync.WaitGroup
	for i, c := range clients {
		wg.Add(1)
		go func(i int, c *psClient) {
			defer wg.Done()
			for r := 0; r < rounds; r++ {
				c.do(fmt.Sprintf("SUBSCRIBE c%d c%d", r%3, i))
				c.do("PSUBSCRIBE c* x*")
				c.do("UNSUBSCRIBE")
				c.do("PUNSUBSCRIBE c*")
				if r%10 == 0 {
					c.Disconnect()
					c.Client.Closed.Store(false)
				}
			}
		}(i, c)
	}
	var published atomic.Int64
	for p := 0; p < 2; p++ {
		wg.Add(1)
		pub := e.client()
		go func() {
			defer wg.Done()
			for r := 0; r < rounds*4; r++ {
				pub.do("PUBLISH c0 m")
				pub.do("PUBSUB NUMSUB c0")
				pub.do("PUBSUB CHANNELS")
				published.Add(1)
			}
		}()
	}
	wg.Wait()
	if got, want := stable.conn.n.Load(), 2*published.Load(); got != want {
		t.Errorf("stable subscriber got %d messages, want %d", got, want)
	}
	for _, c := range clients {
		c.Disconnect()
	}
	pub := e.client()
	expect(t, "channels at the end", pub.do("PUBSUB CHANNELS"), "*1\r\n"+bulk("c0"))
	expect(t, "numpat at the end", pub.do("PUBSUB NUMPAT"), ":1\r\n")
	if !bytes.Contains([]byte(stable.conn.take()), []byte("pmessage")) {
		t.Error("no pmessage")
	}
}

// TestPUnsubscribeOrder: PUNSUBSCRIBE without arguments answers in
// subscription order, as Redis's pattern list.
func TestPUnsubscribeOrder(t *testing.T) {
	e := newPSEnv(t)
	c := e.client()
	c.do("PSUBSCRIBE p* c? a b")
	c.do("PUNSUBSCRIBE a")
	expect(t, "punsubscribe", c.do("PUNSUBSCRIBE"),
		msg('*', "punsubscribe", "p*", ":2")+msg('*', "punsubscribe", "c?", ":1")+msg('*', "punsubscribe", "b", ":0"))
	c.do("PSUBSCRIBE z y")
	c.Disconnect()
	if len(e.sh.PubSub.porder) != 0 {
		t.Fatal("pattern order left after Disconnect")
	}
}
