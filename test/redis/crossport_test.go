package redis_test

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// The two ports share one keyspace (database 0 is memcached's): a value
// stored on one is read on the other, memcached's flags and CAS survive
// Redis reads, and an expiry set on one port is honoured on the other.
func TestCrossPort(t *testing.T) {
	s := startCorvid(t)
	mc := s.Dial(t)
	rc := newClient(t, s.RespAddr, 3)

	// memcached set -> Redis GET, TYPE, STRLEN.
	mc.Expect("set mk 42 0 5\r\nhello\r\n", "STORED\r\n")
	check(t, "GET of a memcached item", rc.Get(ctx, "mk").Val(), "hello")
	check(t, "TYPE", rc.Type(ctx, "mk").Val(), "string")
	check(t, "STRLEN", rc.StrLen(ctx, "mk").Val(), 5)

	// Redis reads leave the flags and the CAS as they were.
	mc.Send("gets mk\r\n")
	before := mc.ReadLine()
	mc.Expect("", "hello\r\nEND\r\n")
	rc.Get(ctx, "mk")
	rc.MGet(ctx, "mk")
	rc.GetRange(ctx, "mk", 0, 1)
	rc.Exists(ctx, "mk")
	rc.Do(ctx, "OBJECT", "ENCODING", "mk")
	rc.Do(ctx, "LCS", "mk", "mk")
	rc.Do(ctx, "GETEX", "mk")
	rc.Do(ctx, "TTL", "mk")
	rc.Do(ctx, "TOUCH", "mk")
	mc.Send("gets mk\r\n")
	after := mc.ReadLine()
	mc.Expect("", "hello\r\nEND\r\n")
	if before != after || !strings.HasPrefix(before, "VALUE mk 42 5 ") {
		t.Fatalf("gets before Redis reads %q, after %q", before, after)
	}

	// APPEND and SETRANGE keep the flags; the value changes.
	check(t, "APPEND", rc.Append(ctx, "mk", "!!").Val(), 7)
	mc.Expect("get mk\r\n", "VALUE mk 42 7\r\nhello!!\r\nEND\r\n")
	check(t, "SETRANGE", rc.SetRange(ctx, "mk", 0, "J").Val(), 7)
	mc.Expect("get mk\r\n", "VALUE mk 42 7\r\nJello!!\r\nEND\r\n")

	// Redis SET -> memcached get with flags 0.
	rc.Set(ctx, "rk", "from redis", 0)
	mc.Expect("get rk\r\n", "VALUE rk 0 10\r\nfrom redis\r\nEND\r\n")
	// A Redis SET replaces a memcached item, flags and all.
	rc.Set(ctx, "mk", "x", 0)
	mc.Expect("get mk\r\n", "VALUE mk 0 1\r\nx\r\nEND\r\n")

	// INCR on a memcached number, and memcached incr on a Redis number.
	mc.Expect("set n 7 0 2\r\n10\r\n", "STORED\r\n")
	check(t, "INCR of a memcached number", rc.Incr(ctx, "n").Val(), 11)
	check(t, "INCRBY", rc.IncrBy(ctx, "n", 89).Val(), 100)
	mc.Expect("get n\r\n", "VALUE n 7 3\r\n100\r\nEND\r\n")
	mc.Expect("incr n 5\r\n", "105\r\n")
	check(t, "GET after memcached incr", rc.Get(ctx, "n").Val(), "105")
	rc.Set(ctx, "rn", "41", 0)
	mc.Expect("incr rn 1\r\n", "42\r\n")
	check(t, "GET", rc.Get(ctx, "rn").Val(), "42")

	// Deletes cross too.
	check(t, "DEL", rc.Del(ctx, "rn").Val(), 1)
	mc.Expect("get rn\r\n", "END\r\n")
	mc.Expect("delete n\r\n", "DELETED\r\n")
	check(t, "EXISTS after memcached delete", rc.Exists(ctx, "n").Val(), 0)

	// Expiry: memcached's exptime is Redis's TTL, and a Redis PEXPIRE makes
	// memcached miss once it passes.
	mc.Expect("set ttl 0 100 1\r\nx\r\n", "STORED\r\n")
	if d := rc.TTL(ctx, "ttl").Val(); d < 99*time.Second || d > 100*time.Second {
		t.Errorf("TTL of a memcached item with exptime 100 = %v", d)
	}
	rc.Set(ctx, "soon", "v", 0)
	check(t, "PEXPIRE", rc.PExpire(ctx, "soon", 100*time.Millisecond).Val(), true)
	mc.Expect("get soon\r\n", "VALUE soon 0 1\r\nv\r\nEND\r\n")
	time.Sleep(200 * time.Millisecond)
	mc.Expect("get soon\r\n", "END\r\n")
	mc.Expect("set soon2 0 0 1\r\nv\r\n", "STORED\r\n")
	check(t, "EXPIRE", rc.Expire(ctx, "soon2", time.Second).Val(), true)
	time.Sleep(1100 * time.Millisecond)
	mc.Expect("get soon2\r\n", "END\r\n")
	// PERSIST clears a memcached exptime.
	check(t, "PERSIST", rc.Persist(ctx, "ttl").Val(), true)
	mc.Expect("mg ttl t\r\n", "HD t-1\r\n")

	// Other databases are not memcached's.
	rc1 := newClient(t, s.RespAddr, 2)
	rc1.Do(ctx, "SELECT", 1)
	check(t, "MOVE", rc.Move(ctx, "rk", 1).Val(), true)
	mc.Expect("get rk\r\n", "END\r\n")
	check(t, "COPY back", rc.Copy(ctx, "mk", "copied", 0, false).Val(), 1)
	mc.Expect("get copied\r\n", "VALUE copied 0 1\r\nx\r\nEND\r\n")
	// FLUSHALL empties what memcached sees.
	rc.FlushAll(ctx)
	mc.Expect("get copied\r\n", "END\r\n")
}

// TestValueLimits: the Redis port stores values up to proto-max-bulk-len
// (Redis's 512 MB), past memcached's -I, which the memcached port keeps.
func TestValueLimits(t *testing.T) {
	s := startCorvid(t, "-I", "1m")
	mc := s.Dial(t)
	rc := newClient(t, s.RespAddr, 2)
	big := strings.Repeat("v", 3<<20)
	check(t, "SET 3 MB over RESP", rc.Set(ctx, "big", big, 0).Val(), "OK")
	check(t, "GET it back", rc.Get(ctx, "big").Val() == big, true)
	check(t, "APPEND past it", rc.Append(ctx, "big", "tail").Val(), 3<<20+4)
	elems := make([]any, 1000)
	for i := range elems {
		elems[i] = "xxx"
	}
	for i := 0; i < 300; i++ { // a list of ~1.5 MB
		rc.RPush(ctx, "list", elems...)
	}
	check(t, "LLEN", rc.LLen(ctx, "list").Val(), 300000)
	mc.Expect(fmt.Sprintf("set m 0 0 %d\r\n%s\r\n", 2<<20, strings.Repeat("m", 2<<20)),
		"SERVER_ERROR object too large for cache\r\n")
	mc.Send("get big\r\n") // a memcached client may still read what Redis stored
	if line := mc.ReadLine(); line != fmt.Sprintf("VALUE big 0 %d\r\n", 3<<20+4) {
		t.Fatalf("get big: %q", line)
	}
	rc.ConfigSet(ctx, "proto-max-bulk-len", "2mb")
	if err := rc.Append(ctx, "big", "x").Err(); err == nil || !strings.Contains(err.Error(), "proto-max-bulk-len") {
		t.Fatalf("APPEND past a lowered proto-max-bulk-len: %v", err)
	}
}
