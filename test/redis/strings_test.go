package redis_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// check fails the test when got != want (compared as printed).
func check(t testing.TB, what string, got, want any) {
	t.Helper()
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// checkErr fails the test unless err's text is want ("" = no error;
// redis.Nil reads "redis: nil").
func checkErr(t testing.TB, what string, err error, want string) {
	t.Helper()
	got := ""
	if err != nil {
		got = err.Error()
	}
	if got != want {
		t.Errorf("%s: error %q, want %q", what, got, want)
	}
}

const (
	errSyntax    = "ERR syntax error"
	errNotInt    = "ERR value is not an integer or out of range"
	errNotFloat  = "ERR value is not a valid float"
	errWrongType = "WRONGTYPE Operation against a key holding the wrong kind of value"
	errNil       = "redis: nil"
)

// eachProto runs fn against a fresh database with go-redis in RESP2 and in
// RESP3.
func eachProto(t *testing.T, s *server, fn func(t *testing.T, c *redis.Client)) {
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("RESP%d", proto), func(t *testing.T) {
			c := newClient(t, s.RespAddr, proto)
			if err := c.FlushAll(ctx).Err(); err != nil {
				t.Fatal(err)
			}
			fn(t, c)
		})
	}
}

func TestStringCommands(t *testing.T) {
	s := startCorvid(t)
	eachProto(t, s, func(t *testing.T, c *redis.Client) {
		// SET and its options.
		check(t, "SET", c.Set(ctx, "k", "v", 0).Val(), "OK")
		check(t, "GET", c.Get(ctx, "k").Val(), "v")
		checkErr(t, "GET missing", c.Get(ctx, "nope").Err(), errNil)
		check(t, "SET NX", c.SetNX(ctx, "k", "w", 0).Val(), false)
		check(t, "SET XX", c.SetXX(ctx, "k", "w", 0).Val(), true)
		check(t, "SET GET", c.SetArgs(ctx, "k", "x", redis.SetArgs{Get: true}).Val(), "w")
		checkErr(t, "SET GET on a new key", c.SetArgs(ctx, "new", "x", redis.SetArgs{Get: true}).Err(), errNil)
		check(t, "SET NX GET", c.SetArgs(ctx, "k", "y", redis.SetArgs{Mode: "NX", Get: true}).Val(), "x")
		check(t, "SET EX", c.SetArgs(ctx, "k", "y", redis.SetArgs{TTL: 100 * time.Second}).Val(), "OK")
		check(t, "TTL", c.TTL(ctx, "k").Val(), 100*time.Second)
		check(t, "SET KEEPTTL", c.SetArgs(ctx, "k", "z", redis.SetArgs{KeepTTL: true}).Val(), "OK")
		check(t, "TTL after KEEPTTL", c.TTL(ctx, "k").Val(), 100*time.Second)
		at := time.Now().Add(time.Hour).Truncate(time.Second)
		check(t, "SET EXAT", c.SetArgs(ctx, "k", "z", redis.SetArgs{ExpireAt: at}).Val(), "OK")
		check(t, "EXPIRETIME", c.ExpireTime(ctx, "k").Val(), time.Duration(at.Unix())*time.Second)
		check(t, "SET PXAT", c.Do(ctx, "SET", "k", "z", "PXAT", at.UnixMilli()+5).Val(), "OK")
		check(t, "PEXPIRETIME", c.PExpireTime(ctx, "k").Val(), time.Duration(at.UnixMilli()+5)*time.Millisecond)
		checkErr(t, "SET EX PX", c.Do(ctx, "SET", "k", "v", "EX", 1, "PX", 1).Err(), errSyntax)
		checkErr(t, "SET NX XX", c.Do(ctx, "SET", "k", "v", "NX", "XX").Err(), errSyntax)
		checkErr(t, "SET KEEPTTL EX", c.Do(ctx, "SET", "k", "v", "KEEPTTL", "EX", 1).Err(), errSyntax)
		checkErr(t, "SET EX 0", c.Do(ctx, "SET", "k", "v", "EX", 0).Err(), "ERR invalid expire time in 'set' command")
		checkErr(t, "SET EX x", c.Do(ctx, "SET", "k", "v", "EX", "x").Err(), errNotInt)
		checkErr(t, "SET arity", c.Do(ctx, "SET", "k").Err(), "ERR wrong number of arguments for 'set' command")
		check(t, "SET PXAT past", c.Do(ctx, "SET", "k", "v", "PXAT", 1).Val(), "OK")
		check(t, "EXISTS after PXAT past", c.Exists(ctx, "k").Val(), 0)

		check(t, "SETNX", c.SetNX(ctx, "n", "1", 0).Val(), true)
		check(t, "SETNX again", c.Do(ctx, "SETNX", "n", "2").Val(), 0)
		check(t, "SETEX", c.Do(ctx, "SETEX", "e", "50", "v").Val(), "OK")
		check(t, "TTL", c.TTL(ctx, "e").Val(), 50*time.Second)
		checkErr(t, "SETEX 0", c.Do(ctx, "SETEX", "e", 0, "v").Err(), "ERR invalid expire time in 'setex' command")
		check(t, "PSETEX", c.Do(ctx, "PSETEX", "e", 100000, "v").Val(), "OK")
		if d := c.PTTL(ctx, "e").Val(); d <= 99*time.Second || d > 100*time.Second {
			t.Errorf("PTTL after PSETEX = %v", d)
		}

		// GETEX, GETDEL, GETSET.
		check(t, "GETEX", c.GetEx(ctx, "e", 0).Val(), "v")
		check(t, "GETEX EX", c.GetEx(ctx, "e", 20*time.Second).Val(), "v")
		check(t, "TTL", c.TTL(ctx, "e").Val(), 20*time.Second)
		check(t, "GETEX PERSIST", c.Do(ctx, "GETEX", "e", "PERSIST").Val(), "v")
		check(t, "TTL after PERSIST", c.TTL(ctx, "e").Val(), time.Duration(-1))
		checkErr(t, "GETEX missing", c.GetEx(ctx, "nope", time.Second).Err(), errNil)
		checkErr(t, "GETEX bad option", c.Do(ctx, "GETEX", "e", "NX").Err(), errSyntax)
		checkErr(t, "GETEX EX -1", c.Do(ctx, "GETEX", "e", "EX", -1).Err(), "ERR invalid expire time in 'getex' command")
		check(t, "GETDEL", c.GetDel(ctx, "e").Val(), "v")
		checkErr(t, "GETDEL again", c.GetDel(ctx, "e").Err(), errNil)
		checkErr(t, "GETSET new", c.Do(ctx, "GETSET", "gs", "1").Err(), errNil)
		check(t, "GETSET", c.Do(ctx, "GETSET", "gs", "2").Val(), "1")

		// MGET, MSET, MSETNX.
		check(t, "MSET", c.MSet(ctx, "a", "1", "b", "2").Val(), "OK")
		check(t, "MGET", c.MGet(ctx, "a", "b", "nope").Val(), []any{"1", "2", nil})
		check(t, "MSETNX", c.MSetNX(ctx, "a", "9", "c", "3").Val(), false)
		check(t, "MSETNX", c.MSetNX(ctx, "c", "3", "d", "4").Val(), true)
		checkErr(t, "MSET odd", c.Do(ctx, "MSET", "a", "1", "b").Err(), "ERR wrong number of arguments for 'mset' command")

		// Counters.
		check(t, "INCR", c.Incr(ctx, "i").Val(), 1)
		check(t, "INCRBY", c.IncrBy(ctx, "i", 41).Val(), 42)
		check(t, "DECR", c.Decr(ctx, "i").Val(), 41)
		check(t, "DECRBY", c.DecrBy(ctx, "i", 50).Val(), -9)
		check(t, "GET counter", c.Get(ctx, "i").Val(), "-9")
		check(t, "INCR after MSET", c.Incr(ctx, "a").Val(), 2)
		check(t, "INCR after GETSET", c.Incr(ctx, "gs").Val(), 3)
		c.Set(ctx, "t", "abc", 0)
		checkErr(t, "INCR not a number", c.Incr(ctx, "t").Err(), errNotInt)
		checkErr(t, "INCRBY bad", c.Do(ctx, "INCRBY", "i", "1.5").Err(), errNotInt)
		c.Set(ctx, "max", "9223372036854775807", 0)
		checkErr(t, "INCR overflow", c.Incr(ctx, "max").Err(), "ERR increment or decrement would overflow")
		checkErr(t, "DECRBY min", c.Do(ctx, "DECRBY", "i", "-9223372036854775808").Err(), "ERR decrement would overflow")
		check(t, "INCRBYFLOAT", c.IncrByFloat(ctx, "f", 10.5).Val(), 10.5)
		check(t, "INCRBYFLOAT", c.Do(ctx, "INCRBYFLOAT", "f", "0.1").Val(), "10.6")
		check(t, "INCRBYFLOAT exp", c.Do(ctx, "INCRBYFLOAT", "f", "5.0e3").Val(), "5010.60000000000000009") // long double, as Redis
		checkErr(t, "INCRBYFLOAT text", c.Do(ctx, "INCRBYFLOAT", "t", "1").Err(), errNotFloat)
		checkErr(t, "INCRBYFLOAT inf", c.Do(ctx, "INCRBYFLOAT", "f", "inf").Err(), "ERR increment would produce NaN or Infinity")

		// APPEND, STRLEN, GETRANGE, SUBSTR, SETRANGE.
		check(t, "APPEND", c.Append(ctx, "ap", "hello").Val(), 5)
		check(t, "APPEND", c.Append(ctx, "ap", " world").Val(), 11)
		check(t, "STRLEN", c.StrLen(ctx, "ap").Val(), 11)
		check(t, "STRLEN missing", c.StrLen(ctx, "nope").Val(), 0)
		check(t, "GETRANGE", c.GetRange(ctx, "ap", -5, -1).Val(), "world")
		check(t, "GETRANGE", c.GetRange(ctx, "ap", 0, 100).Val(), "hello world")
		check(t, "GETRANGE", c.GetRange(ctx, "ap", -1, -5).Val(), "")
		check(t, "SUBSTR", c.Do(ctx, "SUBSTR", "ap", 0, 4).Val(), "hello")
		check(t, "SETRANGE", c.SetRange(ctx, "ap", 6, "WORLD").Val(), 11)
		check(t, "SETRANGE pad", c.SetRange(ctx, "sr", 3, "x").Val(), 4)
		check(t, "GET padded", []byte(c.Get(ctx, "sr").Val()), []byte{0, 0, 0, 'x'})
		checkErr(t, "SETRANGE -1", c.SetRange(ctx, "sr", -1, "x").Err(), "ERR offset is out of range")
		checkErr(t, "SETRANGE huge", c.SetRange(ctx, "sr", 512<<20, "x").Err(), "ERR string exceeds maximum allowed size (proto-max-bulk-len)")

		// LCS.
		c.MSet(ctx, "x", "ohmytext", "y", "mynewtext")
		lcs := c.LCS(ctx, &redis.LCSQuery{Key1: "x", Key2: "y"}).Val()
		check(t, "LCS", lcs.MatchString, "mytext")
		check(t, "LCS LEN", c.LCS(ctx, &redis.LCSQuery{Key1: "x", Key2: "y", Len: true}).Val().Len, 6)
		idx := c.LCS(ctx, &redis.LCSQuery{Key1: "x", Key2: "y", Idx: true, WithMatchLen: true}).Val()
		check(t, "LCS IDX", fmt.Sprint(idx.Len, idx.Matches), "6 [{{4 7} {5 8} 4} {{2 3} {0 1} 2}]")
		idx = c.LCS(ctx, &redis.LCSQuery{Key1: "x", Key2: "y", Idx: true, MinMatchLen: 4}).Val()
		check(t, "LCS MINMATCHLEN", fmt.Sprint(idx.Len, idx.Matches), "6 [{{4 7} {5 8} 0}]")
		checkErr(t, "LCS LEN IDX", c.Do(ctx, "LCS", "x", "y", "LEN", "IDX").Err(), "ERR If you want both the length and indexes, please just use IDX.")
		checkErr(t, "LCS bad option", c.Do(ctx, "LCS", "x", "y", "FOO").Err(), errSyntax)
	})
}

// A value larger than half a megabyte is chained across slab chunks.
func TestStringBigValues(t *testing.T) {
	s := startCorvid(t, "-I", "4m")
	c := newClient(t, s.RespAddr, 2)
	big := strings.Repeat("0123456789", 300_000) // 3 MB
	check(t, "SET big", c.Set(ctx, "big", big, 0).Val(), "OK")
	if got := c.Get(ctx, "big").Val(); got != big {
		t.Fatalf("GET big: %d bytes, differ", len(got))
	}
	check(t, "GETRANGE across chunks", c.GetRange(ctx, "big", 1_048_570, 1_048_581).Val(), big[1_048_570:1_048_582])
	check(t, "APPEND", c.Append(ctx, "big", "!").Val(), len(big)+1)
	check(t, "STRLEN", c.StrLen(ctx, "big").Val(), len(big)+1)
	check(t, "SETRANGE", c.SetRange(ctx, "big", 2_000_000, "ABC").Val(), len(big)+1)
	check(t, "GETRANGE", c.GetRange(ctx, "big", 1_999_999, 2_000_003).Val(), "9ABC3")
	// Redis strings are bounded by proto-max-bulk-len, not by memcached's -I.
	huge := strings.Repeat("x", 5<<20)
	check(t, "SET past -I", c.Set(ctx, "huge", huge, 0).Val(), "OK")
	check(t, "STRLEN past -I", c.StrLen(ctx, "huge").Val(), int64(len(huge)))
	checkErr(t, "SETRANGE past proto-max-bulk-len", c.SetRange(ctx, "huge", 512<<20, "x").Err(), "ERR string exceeds maximum allowed size (proto-max-bulk-len)")
	check(t, "still alive", c.Ping(ctx).Val(), "PONG")
	var re redis.Error
	if err := c.Incr(ctx, "big").Err(); !errors.As(err, &re) {
		t.Errorf("INCR big: %v", err)
	}
}
