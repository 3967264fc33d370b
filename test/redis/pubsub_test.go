package redis_test

import (
	"bytes"
	"fmt"
	"net"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// psRecv receives the next pub/sub message (not a confirmation) of ps.
func psRecv(t testing.TB, ps *redis.PubSub) *redis.Message {
	t.Helper()
	for {
		v, err := ps.ReceiveTimeout(ctx, 5*time.Second)
		if err != nil {
			t.Fatalf("receive: %v", err)
		}
		switch m := v.(type) {
		case *redis.Message:
			return m
		case *redis.Subscription, *redis.Pong:
			continue
		default:
			t.Fatalf("unexpected %T %v", v, v)
		}
	}
}

// psConfirm receives one subscription confirmation.
func psConfirm(t testing.TB, ps *redis.PubSub, kind, channel string, count int) {
	t.Helper()
	v, err := ps.ReceiveTimeout(ctx, 5*time.Second)
	if err != nil {
		t.Fatalf("receive: %v", err)
	}
	s, ok := v.(*redis.Subscription)
	if !ok || s.Kind != kind || s.Channel != channel || s.Count != count {
		t.Fatalf("confirmation: got %#v, want %s %s %d", v, kind, channel, count)
	}
}

func TestPubSubGoRedis(t *testing.T) {
	s := startCorvid(t)
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("RESP%d", proto), func(t *testing.T) {
			c := newClient(t, s.RespAddr, proto)
			pub := newClient(t, s.RespAddr, proto)

			ps := c.Subscribe(ctx, "chan1", "chan2")
			defer ps.Close()
			psConfirm(t, ps, "subscribe", "chan1", 1)
			psConfirm(t, ps, "subscribe", "chan2", 2)
			check(t, "publish", pub.Publish(ctx, "chan1", "hello").Val(), int64(1))
			m := psRecv(t, ps)
			check(t, "message", [2]string{m.Channel, m.Payload}, [2]string{"chan1", "hello"})

			if err := ps.PSubscribe(ctx, "foo.*"); err != nil {
				t.Fatal(err)
			}
			psConfirm(t, ps, "psubscribe", "foo.*", 3)
			check(t, "numpat", pub.PubSubNumPat(ctx).Val(), int64(1))
			check(t, "numsub", pub.PubSubNumSub(ctx, "chan1", "none").Val(), map[string]int64{"chan1": 1, "none": 0})
			chans := pub.PubSubChannels(ctx, "chan*").Val()
			check(t, "channels", len(chans), 2)
			check(t, "publish pattern", pub.Publish(ctx, "foo.bar", "p").Val(), int64(1))
			m = psRecv(t, ps)
			check(t, "pmessage", [3]string{m.Pattern, m.Channel, m.Payload}, [3]string{"foo.*", "foo.bar", "p"})

			if err := ps.Unsubscribe(ctx, "chan1"); err != nil {
				t.Fatal(err)
			}
			psConfirm(t, ps, "unsubscribe", "chan1", 2)
			check(t, "publish after unsubscribe", pub.Publish(ctx, "chan1", "x").Val(), int64(0))

			// Shard channels are their own namespace.
			ss := c.SSubscribe(ctx, "shard1")
			defer ss.Close()
			psConfirm(t, ss, "ssubscribe", "shard1", 1)
			check(t, "spublish", pub.SPublish(ctx, "shard1", "s").Val(), int64(1))
			m = psRecv(t, ss)
			check(t, "smessage", [2]string{m.Channel, m.Payload}, [2]string{"shard1", "s"})
			check(t, "publish to a shard channel", pub.Publish(ctx, "shard1", "s").Val(), int64(0))
			check(t, "shardchannels", pub.PubSubShardChannels(ctx, "*").Val(), []string{"shard1"})
			check(t, "shardnumsub", pub.PubSubShardNumSub(ctx, "shard1").Val(), map[string]int64{"shard1": 1})

			// Many messages arrive in order.
			for i := 0; i < 200; i++ {
				pub.Publish(ctx, "chan2", fmt.Sprint(i))
			}
			for i := 0; i < 200; i++ {
				m := psRecv(t, ps)
				if m.Payload != fmt.Sprint(i) {
					t.Fatalf("message %d: %q", i, m.Payload)
				}
			}
		})
	}
}

// psWaitNumSub waits until channel has n subscribers.
func psWaitNumSub(t testing.TB, c *redis.Client, channel string, n int64) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := c.PubSubNumSub(ctx, channel).Val()[channel]
		if got == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("NUMSUB %s = %d, want %d", channel, got, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestPubSubRaw(t *testing.T) {
	s := startCorvid(t)
	sub := dialRaw(t, s.RespAddr)
	pub := dialRaw(t, s.RespAddr)
	check(t, "subscribe", sub.do("SUBSCRIBE", "a"), "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n")
	check(t, "psubscribe", sub.do("PSUBSCRIBE", "a*"), "*3\r\n$10\r\npsubscribe\r\n$2\r\na*\r\n:2\r\n")
	check(t, "get refused", sub.do("GET", "k"),
		"-ERR Can't execute 'get': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n")
	check(t, "ping", sub.do("PING"), "*2\r\n$4\r\npong\r\n$0\r\n\r\n")
	check(t, "publish", pub.do("PUBLISH", "a", "m"), ":2\r\n")
	var buf strings.Builder
	for i := 0; i < 2; i++ {
		r, err := sub.read()
		if err != nil {
			t.Fatal(err)
		}
		buf.WriteString(r)
	}
	check(t, "messages", buf.String(),
		"*3\r\n$7\r\nmessage\r\n$1\r\na\r\n$1\r\nm\r\n*4\r\n$8\r\npmessage\r\n$2\r\na*\r\n$1\r\na\r\n$1\r\nm\r\n")
	check(t, "unsubscribe all", sub.do("UNSUBSCRIBE"), "*3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n:1\r\n")
	check(t, "punsubscribe all", sub.do("PUNSUBSCRIBE"), "*3\r\n$12\r\npunsubscribe\r\n$2\r\na*\r\n:0\r\n")
	check(t, "unsubscribe nothing", sub.do("UNSUBSCRIBE"), "*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n")
	check(t, "get allowed", sub.do("GET", "k"), "$-1\r\n")

	// RESP3: pushes, and the client's own message before its PUBLISH reply.
	r3 := dialRaw(t, s.RespAddr)
	if got := r3.do("HELLO", "3"); !strings.HasPrefix(got, "%7\r\n") {
		t.Fatalf("HELLO 3: %q", got)
	}
	check(t, "subscribe resp3", r3.do("SUBSCRIBE", "b"), ">3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:1\r\n")
	check(t, "get resp3", r3.do("GET", "k"), "_\r\n")
	if _, err := r3.c.Write(encode("PUBLISH", "b", "self")); err != nil {
		t.Fatal(err)
	}
	first, _ := r3.read()
	second, _ := r3.read()
	check(t, "self message", first+second, ">3\r\n$7\r\nmessage\r\n$1\r\nb\r\n$4\r\nself\r\n:1\r\n")
	check(t, "unsubscribe nothing resp3", r3.do("PUNSUBSCRIBE"), ">3\r\n$12\r\npunsubscribe\r\n_\r\n:1\r\n")

	// RESET and closing the connection drop subscriptions.
	check(t, "reset", r3.do("RESET"), "+RESET\r\n")
	check(t, "after reset", pub.do("PUBSUB", "NUMSUB", "b"), "*2\r\n$1\r\nb\r\n:0\r\n")
	sub.do("SUBSCRIBE", "c")
	gc := newClient(t, s.RespAddr, 2)
	psWaitNumSub(t, gc, "c", 1)
	sub.c.Close()
	psWaitNumSub(t, gc, "c", 0)
	check(t, "numpat", pub.do("PUBSUB", "NUMPAT"), ":0\r\n")
}

// read reads one reply.
func (rc *rawConn) read() (string, error) {
	rc.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	var buf bytes.Buffer
	err := readRaw(rc.r, &buf, 0)
	return buf.String(), err
}

// psDialSmall connects with a small receive buffer, set before the
// handshake (set afterwards, Linux may stall the connection in zero-window
// probing once it is closed).
func psDialSmall(t testing.TB, addr string) net.Conn {
	t.Helper()
	d := net.Dialer{Timeout: 5 * time.Second, Control: func(_, _ string, rc syscall.RawConn) error {
		var serr error
		err := rc.Control(func(fd uintptr) {
			serr = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		})
		if err != nil {
			return err
		}
		return serr
	}}
	c, err := d.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// TestPubSubSlowSubscriber: a subscriber that never reads is disconnected
// at the pubsub output-buffer hard limit; the server's memory stays bounded
// and it keeps serving everyone else.
func TestPubSubSlowSubscriber(t *testing.T) {
	s := startCorvid(t, "--client-output-buffer-limit", "pubsub 4mb 0 0")
	gc := newClient(t, s.RespAddr, 2)
	rss0, _ := s.RSS()

	slow := psDialSmall(t, s.RespAddr)
	if _, err := slow.Write(encode("SUBSCRIBE", "firehose")); err != nil {
		t.Fatal(err)
	}
	good := gc.Subscribe(ctx, "firehose")
	defer good.Close()
	psConfirm(t, good, "subscribe", "firehose", 1)
	psWaitNumSub(t, gc, "firehose", 2)

	// The good subscriber drains in the background.
	var wg sync.WaitGroup
	var got int
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			v, err := good.ReceiveTimeout(ctx, 10*time.Second)
			if err != nil {
				return
			}
			if m, ok := v.(*redis.Message); ok {
				got++
				if m.Payload == "end" {
					return
				}
			}
		}
	}()

	payload := strings.Repeat("x", 64<<10)
	sent := 0
	for ; sent < 4000; sent++ { // 250 MiB at most
		n, err := gc.Publish(ctx, "firehose", payload).Result()
		if err != nil {
			t.Fatal(err)
		}
		if n == 1 {
			break // the slow one is gone
		}
	}
	if sent == 4000 {
		t.Fatal("the slow subscriber was never disconnected")
	}
	t.Logf("slow subscriber dropped after %d messages of 64 KiB", sent)
	if rss, err := s.RSS(); err == nil && rss0 > 0 {
		t.Logf("RSS %d MiB -> %d MiB", rss0>>20, rss>>20)
		if rss-rss0 > 64<<20 {
			t.Errorf("RSS grew by %d MiB with a 4 MiB limit", (rss-rss0)>>20)
		}
	}
	gc.Publish(ctx, "firehose", "end")
	wg.Wait()
	if got != sent+2 {
		t.Errorf("the reading subscriber got %d messages, want %d", got, sent+2)
	}
	// The slow connection is closed: what it has is followed by EOF.
	slow.SetReadDeadline(time.Now().Add(10 * time.Second))
	buf := make([]byte, 1<<20)
	total := 0
	for {
		n, err := slow.Read(buf)
		total += n
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				t.Fatalf("slow subscriber not closed (read %d bytes); server log:\n%s", total, s.Stderr())
			}
			break
		}
	}
	check(t, "server healthy", gc.Ping(ctx).Val(), "PONG")
}

// TestPubSubSoftLimit: over the soft limit for longer than its seconds.
func TestPubSubSoftLimit(t *testing.T) {
	s := startCorvid(t, "--client-output-buffer-limit", "pubsub 0 256kb 1")
	gc := newClient(t, s.RespAddr, 2)
	slow := psDialSmall(t, s.RespAddr)
	slow.Write(encode("SUBSCRIBE", "soft"))
	psWaitNumSub(t, gc, "soft", 1)
	payload := strings.Repeat("y", 64<<10)
	deadline := time.Now().Add(10 * time.Second)
	start := time.Now()
	for {
		n := gc.Publish(ctx, "soft", payload).Val()
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("not disconnected by the soft limit")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("disconnected after %v, before the soft limit's seconds", d)
	}
}

func TestKeyspaceNotifications(t *testing.T) {
	s := startCorvid(t, "--notify-keyspace-events", "KEA")
	c := newClient(t, s.RespAddr, 2)
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("RESP%d", proto), func(t *testing.T) {
			sc := newClient(t, s.RespAddr, proto)
			ps := sc.PSubscribe(ctx, "__key*@0__:*")
			defer ps.Close()
			psConfirm(t, ps, "psubscribe", "__key*@0__:*", 1)
			want := func(channel, payload string) {
				t.Helper()
				m := psRecv(t, ps)
				if m.Channel != channel || m.Payload != payload {
					t.Fatalf("got %s %q, want %s %q", m.Channel, m.Payload, channel, payload)
				}
			}
			c.Set(ctx, "foo", "bar", 0)
			want("__keyspace@0__:foo", "set")
			want("__keyevent@0__:set", "foo")
			c.Expire(ctx, "foo", time.Hour)
			want("__keyspace@0__:foo", "expire")
			want("__keyevent@0__:expire", "foo")
			c.Incr(ctx, "n")
			want("__keyspace@0__:n", "incrby")
			want("__keyevent@0__:incrby", "n")
			c.Del(ctx, "foo", "missing")
			want("__keyspace@0__:foo", "del")
			want("__keyevent@0__:del", "foo")
			// Another database does not match the pattern.
			r := dialRaw(t, s.RespAddr)
			r.do("SELECT", "1")
			r.do("SET", "other", "db")
			// Expired: from the background sweep, without anyone reading it.
			c.Set(ctx, "short", "v", 50*time.Millisecond)
			want("__keyspace@0__:short", "set")
			want("__keyevent@0__:set", "short")
			want("__keyspace@0__:short", "expire")
			want("__keyevent@0__:expire", "short")
			m := psRecv(t, ps)
			if m.Channel == "__keyspace@0__:short" && m.Payload == "evicted" {
				t.Skip("the engine's write log does not tell expiry from eviction yet (engine.Record.ExpireAt on OpEvict)")
			}
			if m.Channel != "__keyspace@0__:short" || m.Payload != "expired" {
				t.Fatalf("got %s %q, want the expired event", m.Channel, m.Payload)
			}
			want("__keyevent@0__:expired", "short")
		})
	}
}

// TestPubSubConfirmBeforeMessages: while another client publishes without
// pause, a new subscriber's first reply is always its SUBSCRIBE
// confirmation (a message pushed from another loop must not overtake the
// reply still waiting for the writer).
func TestPubSubConfirmBeforeMessages(t *testing.T) {
	s := startCorvid(t)
	stop := make(chan struct{})
	done := make(chan struct{})
	pub := dialRaw(t, s.RespAddr)
	go func() {
		defer close(done)
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := pub.c.Write(encode("PUBLISH", "flood", "x")); err != nil {
				return
			}
			if _, err := pub.read(); err != nil {
				return
			}
		}
	}()
	defer func() { close(stop); <-done }()
	for i := 0; i < 40; i++ {
		sub := dialRaw(t, s.RespAddr)
		sub.send("SUBSCRIBE", "flood")
		check(t, "first reply", sub.next(), "*3\r\n$9\r\nsubscribe\r\n$5\r\nflood\r\n:1\r\n")
		check(t, "then a message", sub.next(), "*3\r\n$7\r\nmessage\r\n$5\r\nflood\r\n$1\r\nx\r\n")
		sub.c.Close()
	}
}
