//lint:file-ignore SA1019 BRPOPLPUSH is a Redis command under test

package redis_test

import (
	"errors"
	"net"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The blocking commands (BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP,
// BZPOPMIN, BZPOPMAX, BZMPOP) against the real binary, with two event
// loops so that waiters and pushers sit on the same loop and on different
// ones. Replies were checked against redis-server 7.0.15.

// send writes a command without reading its reply.
func (rc *rawConn) send(args ...string) {
	rc.t.Helper()
	rc.c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := rc.c.Write(encode(args...)); err != nil {
		rc.t.Fatal(err)
	}
}

// next reads one reply.
func (rc *rawConn) next() string {
	rc.t.Helper()
	reply, err := rc.read()
	if err != nil {
		rc.t.Fatalf("read: %v (got %q)", err, reply)
	}
	return reply
}

// quiet checks that no reply arrives within d.
func (rc *rawConn) quiet(d time.Duration) {
	rc.t.Helper()
	rc.c.SetReadDeadline(time.Now().Add(d))
	_, err := rc.r.Peek(1)
	var ne net.Error
	if err == nil || !errors.As(err, &ne) || !ne.Timeout() {
		b, _ := rc.r.Peek(rc.r.Buffered())
		rc.t.Fatalf("unexpected reply %q (err %v)", b, err)
	}
	rc.c.SetDeadline(time.Now().Add(10 * time.Second))
}

// waitBlocked waits until INFO reports n blocked clients.
func waitBlocked(t *testing.T, admin *rawConn, n int) {
	t.Helper()
	want := "blocked_clients:" + strconv.Itoa(n) + "\r\n"
	deadline := time.Now().Add(5 * time.Second)
	for {
		info := admin.do("INFO", "clients")
		if strings.Contains(info, want) {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %d blocked clients: %s", n, info)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestBlockingImmediate(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	eachProto(t, s, func(t *testing.T, c *redis.Client) {
		c.RPush(ctx, "l", "a", "b", "c")
		check(t, "BLPOP", c.BLPop(ctx, time.Second, "nokey", "l").Val(), []string{"l", "a"})
		check(t, "BRPOP", c.BRPop(ctx, time.Second, "l").Val(), []string{"l", "c"})
		check(t, "BLMOVE", c.BLMove(ctx, "l", "m", "LEFT", "RIGHT", time.Second).Val(), "b")
		check(t, "LRANGE", c.LRange(ctx, "m", 0, -1).Val(), []string{"b"})
		check(t, "BRPOPLPUSH", c.BRPopLPush(ctx, "m", "n", time.Second).Val(), "b")
		c.RPush(ctx, "l", "1", "2", "3")
		key, vals, err := c.BLMPop(ctx, time.Second, "right", 2, "nokey", "l").Result()
		checkErr(t, "BLMPOP", err, "")
		check(t, "BLMPOP", key+" "+strings.Join(vals, ","), "l 3,2")
		c.ZAdd(ctx, "z", redis.Z{Score: 1, Member: "a"}, redis.Z{Score: 2, Member: "b"}, redis.Z{Score: 3, Member: "c"})
		zk, err := c.BZPopMin(ctx, time.Second, "nokey", "z").Result()
		checkErr(t, "BZPOPMIN", err, "")
		check(t, "BZPOPMIN", zk.Key+" "+zk.Member.(string)+" "+strconv.FormatFloat(zk.Score, 'g', -1, 64), "z a 1")
		zk, _ = c.BZPopMax(ctx, time.Second, "z").Result()
		check(t, "BZPOPMAX", zk.Key+" "+zk.Member.(string), "z c")
		key, zs, err := c.BZMPop(ctx, time.Second, "min", 5, "z").Result()
		checkErr(t, "BZMPOP", err, "")
		check(t, "BZMPOP", key+" "+zs[0].Member.(string), "z b")
		check(t, "EXISTS", c.Exists(ctx, "z").Val(), 0)

		c.Set(ctx, "s", "v", 0)
		checkErr(t, "BLPOP wrong type", c.BLPop(ctx, time.Second, "nokey", "s").Err(), errWrongType)
		checkErr(t, "BZPOPMIN wrong type", c.BZPopMin(ctx, time.Second, "s").Err(), errWrongType)
		checkErr(t, "BLMOVE wrong src", c.BLMove(ctx, "s", "m", "LEFT", "LEFT", time.Second).Err(), errWrongType)
		c.RPush(ctx, "l", "x")
		checkErr(t, "BLMOVE wrong dst", c.BLMove(ctx, "l", "s", "LEFT", "LEFT", time.Second).Err(), errWrongType)
		check(t, "LLEN after", c.LLen(ctx, "l").Val(), 2)

		checkErr(t, "negative timeout", c.Do(ctx, "BLPOP", "k", "-1").Err(), "ERR timeout is negative")
		checkErr(t, "bad timeout", c.Do(ctx, "BLPOP", "k", "abc").Err(), "ERR timeout is not a float or out of range")
		checkErr(t, "inf timeout", c.Do(ctx, "BZPOPMIN", "k", "inf").Err(), "ERR timeout is negative")
		checkErr(t, "BLMPOP numkeys", c.Do(ctx, "BLMPOP", "0", "0", "k", "LEFT").Err(), "ERR numkeys should be greater than 0")
		checkErr(t, "BLMPOP where", c.Do(ctx, "BLMPOP", "0", "1", "k", "UP").Err(), "ERR syntax error")
		checkErr(t, "BLMPOP count", c.Do(ctx, "BLMPOP", "0", "1", "k", "LEFT", "COUNT", "0").Err(), "ERR count should be greater than 0")
		checkErr(t, "BZMPOP where", c.Do(ctx, "BZMPOP", "0", "1", "k", "LEFT").Err(), "ERR syntax error")
		checkErr(t, "BLMOVE where", c.Do(ctx, "BLMOVE", "a", "b", "UP", "LEFT", "0").Err(), "ERR syntax error")
		// where is parsed before the timeout, as Redis does.
		checkErr(t, "BLMPOP order", c.Do(ctx, "BLMPOP", "x", "1", "k", "UP").Err(), "ERR syntax error")
	})
}

// TestBlockingTimeout: a wait ends with a null array after the timeout.
func TestBlockingTimeout(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	rc := dialRaw(t, s.RespAddr)
	for _, cmd := range [][]string{
		{"BLPOP", "a", "b", "0.1"},
		{"BRPOP", "a", "0.05"},
		{"BRPOPLPUSH", "a", "b", "0.05"},
		{"BLMOVE", "a", "b", "LEFT", "RIGHT", "0.05"},
		{"BLMPOP", "0.05", "2", "a", "b", "LEFT"},
		{"BZPOPMIN", "a", "0.05"},
		{"BZPOPMAX", "a", "0.05"},
		{"BZMPOP", "0.05", "1", "a", "MIN", "COUNT", "3"},
	} {
		start := time.Now()
		check(t, cmd[0], rc.do(cmd...), "*-1\r\n")
		if d := time.Since(start); d < 40*time.Millisecond || d > 2*time.Second {
			t.Errorf("%s took %v", cmd[0], d)
		}
	}
	check(t, "HELLO 3", strings.HasPrefix(rc.do("HELLO", "3"), "%"), true)
	check(t, "RESP3 timeout", rc.do("BLPOP", "a", "0.01"), "_\r\n")
	check(t, "RESP3 BLMOVE timeout", rc.do("BLMOVE", "a", "b", "LEFT", "LEFT", "0.01"), "_\r\n")
}

// TestBlockingWakeup: a waiter is served when another client pushes, from
// the same event loop or another one, in both protocols.
func TestBlockingWakeup(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	admin := dialRaw(t, s.RespAddr)
	// Several connections: with two loops, some pairs share one.
	conns := make([]*rawConn, 4)
	for i := range conns {
		conns[i] = dialRaw(t, s.RespAddr)
	}
	for i, w := range conns {
		for j, p := range conns {
			if i == j {
				continue
			}
			key := "k" + strconv.Itoa(i) + strconv.Itoa(j)
			w.send("BLPOP", "other", key, "0")
			waitBlocked(t, admin, 1)
			check(t, "RPUSH", p.do("RPUSH", key, "v"), ":1\r\n")
			check(t, "BLPOP served", w.next(), "*2\r\n$3\r\n"+key+"\r\n$1\r\nv\r\n")
			check(t, "EXISTS", p.do("EXISTS", key), ":0\r\n")
		}
	}
	waitBlocked(t, admin, 0)

	// RESP3 waiter, sorted sets.
	w := conns[0]
	w.do("HELLO", "3")
	w.send("BZPOPMIN", "z", "0")
	waitBlocked(t, admin, 1)
	check(t, "ZADD", conns[1].do("ZADD", "z", "2", "b", "1", "a"), ":2\r\n")
	check(t, "BZPOPMIN served", w.next(), "*3\r\n$1\r\nz\r\n$1\r\na\r\n,1\r\n")
	w.send("BZMPOP", "0", "2", "y", "z", "MAX", "COUNT", "5")
	waitBlocked(t, admin, 0) // z still holds b: served at once
	check(t, "BZMPOP at once", w.next(), "*2\r\n$1\r\nz\r\n*1\r\n*2\r\n$1\r\nb\r\n,2\r\n")
	w.send("BZMPOP", "0", "2", "y", "z", "MAX", "COUNT", "5")
	waitBlocked(t, admin, 1)
	check(t, "ZADD", conns[2].do("ZADD", "y", "1", "a", "2", "b"), ":2\r\n")
	check(t, "BZMPOP served", w.next(), "*2\r\n$1\r\ny\r\n*2\r\n*2\r\n$1\r\nb\r\n,2\r\n*2\r\n$1\r\na\r\n,1\r\n")
	w.do("HELLO", "2")
	w.send("BZPOPMAX", "z", "0")
	waitBlocked(t, admin, 1)
	conns[3].do("ZADD", "z", "1.5", "m")
	check(t, "BZPOPMAX served", w.next(), "*3\r\n$1\r\nz\r\n$1\r\nm\r\n$3\r\n1.5\r\n")

	// BLMPOP with a count.
	w.send("BLMPOP", "0", "2", "a", "b", "RIGHT", "COUNT", "2")
	waitBlocked(t, admin, 1)
	check(t, "RPUSH", conns[1].do("RPUSH", "b", "1", "2", "3"), ":3\r\n")
	check(t, "BLMPOP served", w.next(), "*2\r\n$1\r\nb\r\n*2\r\n$1\r\n3\r\n$1\r\n2\r\n")
	check(t, "LRANGE", conns[1].do("LRANGE", "b", "0", "-1"), "*1\r\n$1\r\n1\r\n")
}

// TestBlockingFIFO: waiters are served in the order they blocked; one push
// of several elements serves several waiters right after it, and its reply
// counts what it pushed.
func TestBlockingFIFO(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	admin := dialRaw(t, s.RespAddr)
	var ws []*rawConn
	for i := 0; i < 4; i++ {
		w := dialRaw(t, s.RespAddr)
		w.send("BRPOP", "q", "0")
		waitBlocked(t, admin, i+1)
		ws = append(ws, w)
	}
	p := dialRaw(t, s.RespAddr)
	// Pipelined: the LLEN runs after the waiters were served.
	p.send("LPUSH", "q", "a", "b", "c")
	p.send("LLEN", "q")
	check(t, "LPUSH", p.next(), ":3\r\n")
	check(t, "LLEN", p.next(), ":0\r\n")
	for i, want := range []string{"a", "b", "c"} {
		check(t, "waiter "+strconv.Itoa(i), ws[i].next(), "*2\r\n$1\r\nq\r\n$1\r\n"+want+"\r\n")
	}
	ws[3].quiet(50 * time.Millisecond)
	waitBlocked(t, admin, 1)
	p.do("RPUSH", "q", "d")
	check(t, "last waiter", ws[3].next(), "*2\r\n$1\r\nq\r\n$1\r\nd\r\n")

	// Inside a transaction: served once EXEC ends, with what is left.
	ws[0].send("BLPOP", "t", "0")
	waitBlocked(t, admin, 1)
	ws[1].send("BLPOP", "t", "0")
	waitBlocked(t, admin, 2)
	p.do("MULTI")
	p.do("RPUSH", "t", "1", "2", "3")
	p.do("LPOP", "t")
	check(t, "EXEC", p.do("EXEC"), "*2\r\n:3\r\n$1\r\n1\r\n")
	check(t, "LLEN", p.do("LLEN", "t"), ":0\r\n")
	check(t, "first", ws[0].next(), "*2\r\n$1\r\nt\r\n$1\r\n2\r\n")
	check(t, "second", ws[1].next(), "*2\r\n$1\r\nt\r\n$1\r\n3\r\n")
}

// TestBlockingMulti: inside MULTI/EXEC a blocking command never blocks
// (Redis's "Blocking commands ignores the timeout").
func TestBlockingMulti(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	rc := dialRaw(t, s.RespAddr)
	rc.do("MULTI")
	for _, cmd := range [][]string{
		{"BLPOP", "empty_list", "0"},
		{"BRPOP", "empty_list", "0"},
		{"BRPOPLPUSH", "empty_list1", "empty_list2", "0"},
		{"BLMOVE", "empty_list1", "empty_list2", "LEFT", "LEFT", "0"},
		{"BZPOPMIN", "empty_zset", "0"},
		{"BZPOPMAX", "empty_zset", "0"},
		{"BLMPOP", "0", "1", "empty_list", "LEFT"},
		{"BZMPOP", "0", "1", "empty_zset", "MIN"},
	} {
		check(t, cmd[0], rc.do(cmd...), "+QUEUED\r\n")
	}
	check(t, "EXEC", rc.do("EXEC"), "*8\r\n*-1\r\n*-1\r\n$-1\r\n$-1\r\n*-1\r\n*-1\r\n*-1\r\n*-1\r\n")
	rc.do("RPUSH", "l", "x")
	rc.do("MULTI")
	rc.do("BLPOP", "l", "0")
	check(t, "EXEC with data", rc.do("EXEC"), "*1\r\n*2\r\n$1\r\nl\r\n$1\r\nx\r\n")
}

// TestBlockingUnblock: CLIENT UNBLOCK, CLIENT KILL and a disconnect end a
// wait; INFO and CLIENT LIST show blocked clients.
func TestBlockingUnblock(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	admin := dialRaw(t, s.RespAddr)
	w := dialRaw(t, s.RespAddr)
	id := strings.TrimSuffix(strings.TrimPrefix(w.do("CLIENT", "ID"), ":"), "\r\n")
	check(t, "UNBLOCK not blocked", admin.do("CLIENT", "UNBLOCK", id), ":0\r\n")
	w.send("BLPOP", "k", "0")
	waitBlocked(t, admin, 1)
	list := admin.do("CLIENT", "LIST", "ID", id)
	check(t, "CLIENT LIST flags", strings.Contains(list, " flags=b ") && strings.Contains(list, " cmd=blpop "), true)
	check(t, "UNBLOCK bad reason", admin.do("CLIENT", "UNBLOCK", id, "FOO"), "-ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR\r\n")
	check(t, "UNBLOCK bad id", admin.do("CLIENT", "UNBLOCK", "x"), "-ERR value is not an integer or out of range\r\n")
	check(t, "UNBLOCK", admin.do("CLIENT", "UNBLOCK", id), ":1\r\n")
	check(t, "unblocked", w.next(), "*-1\r\n")
	waitBlocked(t, admin, 0)
	w.send("BZPOPMIN", "k", "0")
	waitBlocked(t, admin, 1)
	check(t, "UNBLOCK ERROR", admin.do("CLIENT", "UNBLOCK", id, "error"), ":1\r\n")
	check(t, "unblocked error", w.next(), "-UNBLOCKED client unblocked via CLIENT UNBLOCK\r\n")
	check(t, "UNBLOCK again", admin.do("CLIENT", "UNBLOCK", id), ":0\r\n")
	check(t, "still usable", w.do("PING"), "+PONG\r\n")

	// A disconnected waiter leaves nothing behind: the push stays.
	gone := dialRaw(t, s.RespAddr)
	gone.send("BLPOP", "d", "0")
	waitBlocked(t, admin, 1)
	gone.c.Close()
	waitBlocked(t, admin, 0)
	check(t, "RPUSH", admin.do("RPUSH", "d", "x"), ":1\r\n")
	check(t, "LLEN", admin.do("LLEN", "d"), ":1\r\n")

	// CLIENT KILL of a blocked client.
	k := dialRaw(t, s.RespAddr)
	kid := strings.TrimSuffix(strings.TrimPrefix(k.do("CLIENT", "ID"), ":"), "\r\n")
	k.send("BLPOP", "e", "0")
	waitBlocked(t, admin, 1)
	check(t, "CLIENT KILL", admin.do("CLIENT", "KILL", "ID", kid), ":1\r\n")
	waitBlocked(t, admin, 0)
	check(t, "RPUSH", admin.do("RPUSH", "e", "x"), ":1\r\n")
	check(t, "LLEN", admin.do("LLEN", "e"), ":1\r\n")
}

// TestBlockingPipeline: commands pipelined after a blocking one wait for
// it, then run in order.
func TestBlockingPipeline(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	admin := dialRaw(t, s.RespAddr)
	w := dialRaw(t, s.RespAddr)
	var batch []byte
	batch = append(batch, encode("BLPOP", "k", "0")...)
	batch = append(batch, encode("RPUSH", "k", "mine")...)
	batch = append(batch, encode("LRANGE", "k", "0", "-1")...)
	if _, err := w.c.Write(batch); err != nil {
		t.Fatal(err)
	}
	waitBlocked(t, admin, 1)
	w.quiet(100 * time.Millisecond)
	check(t, "LLEN before", admin.do("LLEN", "k"), ":0\r\n") // the RPUSH has not run
	// More input while blocked stays queued too.
	w.send("PING")
	w.quiet(50 * time.Millisecond)
	check(t, "RPUSH", admin.do("RPUSH", "k", "theirs"), ":1\r\n")
	check(t, "BLPOP", w.next(), "*2\r\n$1\r\nk\r\n$6\r\ntheirs\r\n")
	check(t, "RPUSH after", w.next(), ":1\r\n")
	check(t, "LRANGE after", w.next(), "*1\r\n$4\r\nmine\r\n")
	check(t, "PING after", w.next(), "+PONG\r\n")
}

// TestBlockingMove: BLMOVE is served by a push, and its own push serves a
// client blocked on the destination; a destination of the wrong type
// answers WRONGTYPE and leaves the source alone.
func TestBlockingMove(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	admin := dialRaw(t, s.RespAddr)
	mover := dialRaw(t, s.RespAddr)
	popper := dialRaw(t, s.RespAddr)
	mover.send("BLMOVE", "src", "dst", "RIGHT", "LEFT", "0")
	waitBlocked(t, admin, 1)
	popper.send("BLPOP", "dst", "0")
	waitBlocked(t, admin, 2)
	check(t, "RPUSH", admin.do("RPUSH", "src", "a", "b"), ":2\r\n")
	check(t, "BLMOVE", mover.next(), "$1\r\nb\r\n")
	check(t, "BLPOP", popper.next(), "*2\r\n$3\r\ndst\r\n$1\r\nb\r\n")
	check(t, "LRANGE src", admin.do("LRANGE", "src", "0", "-1"), "*1\r\n$1\r\na\r\n")
	check(t, "EXISTS dst", admin.do("EXISTS", "dst"), ":0\r\n")

	admin.do("DEL", "src")
	admin.do("SET", "dst", "str")
	mover.send("BRPOPLPUSH", "src", "dst", "0")
	waitBlocked(t, admin, 1)
	admin.do("RPUSH", "src", "x")
	check(t, "wrong dst", mover.next(), "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n")
	check(t, "src kept", admin.do("LRANGE", "src", "0", "-1"), "*1\r\n$1\r\nx\r\n")
	waitBlocked(t, admin, 0)

	// Self-referential BRPOPLPUSH rotates the list.
	admin.do("DEL", "src")
	mover.send("BRPOPLPUSH", "src", "src", "0")
	waitBlocked(t, admin, 1)
	admin.do("RPUSH", "src", "a", "b", "c")
	check(t, "self", mover.next(), "$1\r\nc\r\n")
	check(t, "rotated", admin.do("LRANGE", "src", "0", "-1"), "*3\r\n$1\r\nc\r\n$1\r\na\r\n$1\r\nb\r\n")
}

// TestBlockingTypeChange: a key that gets another type keeps its waiters
// waiting (Redis 7.0); a key moved into place serves them.
func TestBlockingTypeChange(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	admin := dialRaw(t, s.RespAddr)
	w := dialRaw(t, s.RespAddr)
	w.send("BLPOP", "k", "0")
	waitBlocked(t, admin, 1)
	admin.do("SET", "k", "v")
	admin.do("DEL", "k")
	admin.do("ZADD", "k", "1", "a")
	w.quiet(50 * time.Millisecond)
	waitBlocked(t, admin, 1)
	admin.do("DEL", "k")
	admin.do("RPUSH", "other", "x")
	check(t, "RENAME", admin.do("RENAME", "other", "k"), "+OK\r\n")
	check(t, "served by RENAME", w.next(), "*2\r\n$1\r\nk\r\n$1\r\nx\r\n")

	// A zset waiter and a list waiter on one key: each type serves its own.
	z := dialRaw(t, s.RespAddr)
	z.send("BZPOPMIN", "m", "0")
	waitBlocked(t, admin, 1)
	w.send("BLPOP", "m", "0")
	waitBlocked(t, admin, 2)
	admin.do("RPUSH", "m", "x")
	check(t, "list waiter", w.next(), "*2\r\n$1\r\nm\r\n$1\r\nx\r\n")
	admin.do("ZADD", "m", "3", "q")
	check(t, "zset waiter", z.next(), "*3\r\n$1\r\nm\r\n$1\r\nq\r\n$1\r\n3\r\n")

	// Waiters are per database.
	w.do("SELECT", "1")
	w.send("BLPOP", "k", "0")
	waitBlocked(t, admin, 1)
	admin.do("RPUSH", "k", "db0")
	w.quiet(50 * time.Millisecond)
	admin.do("SELECT", "1")
	admin.do("RPUSH", "k", "db1")
	check(t, "db1 waiter", w.next(), "*2\r\n$1\r\nk\r\n$3\r\ndb1\r\n")
	// SWAPDB brings a list into the waiter's database.
	w.send("BLPOP", "k", "0")
	waitBlocked(t, admin, 1)
	check(t, "SWAPDB", admin.do("SWAPDB", "0", "1"), "+OK\r\n")
	check(t, "SWAPDB serves", w.next(), "*2\r\n$1\r\nk\r\n$3\r\ndb0\r\n")
}

// TestBlockingNotifications: the pop done for a waiter sends its events.
func TestBlockingNotifications(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	admin := dialRaw(t, s.RespAddr)
	admin.do("CONFIG", "SET", "notify-keyspace-events", "KEA")
	sub := dialRaw(t, s.RespAddr)
	sub.do("PSUBSCRIBE", "__keyevent@0__:*")
	w := dialRaw(t, s.RespAddr)
	w.send("BLPOP", "k", "0")
	waitBlocked(t, admin, 1)
	admin.do("RPUSH", "k", "v")
	check(t, "BLPOP", w.next(), "*2\r\n$1\r\nk\r\n$1\r\nv\r\n")
	var events []string
	for i := 0; i < 3; i++ {
		msg := sub.next()
		parts := strings.Split(msg, "\r\n")
		events = append(events, strings.TrimPrefix(parts[6], "__keyevent@0__:"))
	}
	check(t, "events", strings.Join(events, " "), "rpush lpop del")
}

// TestBlockingStress: waiters on two loops and pushers on both; every
// element pushed is popped exactly once, and nobody is left blocked.
func TestBlockingStress(t *testing.T) {
	s := startCorvid(t, "-t", "2")
	const waiters, pushers, perPusher = 6, 3, 200
	keys := []string{"s1", "s2", "s3"}
	got := make(chan string, pushers*perPusher)
	done := make(chan struct{})
	for i := 0; i < waiters; i++ {
		w := dialRaw(t, s.RespAddr)
		go func() {
			for {
				reply, err := w.tryDo("BLPOP", "s1", "s2", "s3", "0.05")
				if err != nil {
					return
				}
				if reply == "*-1\r\n" {
					select {
					case <-done:
						return
					default:
						continue
					}
				}
				parts := strings.Split(reply, "\r\n")
				got <- parts[4]
			}
		}()
	}
	errs := make(chan error, pushers)
	for p := 0; p < pushers; p++ {
		c := newClient(t, s.RespAddr, 2)
		go func() {
			for i := 0; i < perPusher; i++ {
				if err := c.RPush(ctx, keys[i%len(keys)], strconv.Itoa(p)+"-"+strconv.Itoa(i)).Err(); err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for p := 0; p < pushers; p++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	seen := map[string]bool{}
	timeout := time.After(10 * time.Second)
	for len(seen) < pushers*perPusher {
		select {
		case v := <-got:
			if seen[v] {
				t.Fatalf("%s popped twice", v)
			}
			seen[v] = true
		case <-timeout:
			t.Fatalf("popped %d of %d", len(seen), pushers*perPusher)
		}
	}
	close(done)
	admin := dialRaw(t, s.RespAddr)
	for _, k := range keys {
		check(t, "LLEN "+k, admin.do("LLEN", k), ":0\r\n")
	}
	waitBlocked(t, admin, 0)
}
