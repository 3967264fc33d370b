//lint:file-ignore SA1019 the deprecated commands (RPOPLPUSH, ZREVRANGE, ZRANGEBYSCORE...) are Redis commands under test

package redis_test

import (
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// TestListCommands drives every list command through go-redis, in RESP2
// and RESP3, against the real binary.
func TestListCommands(t *testing.T) {
	s := startCorvid(t)
	eachProto(t, s, func(t *testing.T, c *redis.Client) {
		n, err := c.RPush(ctx, "l", "a", "b", "c").Result()
		check(t, "RPUSH", n, 3)
		checkErr(t, "RPUSH", err, "")
		check(t, "LPUSH", c.LPush(ctx, "l", "y", "x").Val(), 5)
		check(t, "LPUSHX missing", c.LPushX(ctx, "nokey", "a").Val(), 0)
		check(t, "RPUSHX", c.RPushX(ctx, "l", "d").Val(), 6)
		check(t, "LRANGE", c.LRange(ctx, "l", 0, -1).Val(), []string{"x", "y", "a", "b", "c", "d"})
		check(t, "LLEN", c.LLen(ctx, "l").Val(), 6)
		check(t, "LINDEX", c.LIndex(ctx, "l", -2).Val(), "c")
		_, err = c.LIndex(ctx, "l", 100).Result()
		checkErr(t, "LINDEX out of range", err, errNil)
		check(t, "LPOP", c.LPop(ctx, "l").Val(), "x")
		check(t, "RPOP", c.RPop(ctx, "l").Val(), "d")
		check(t, "LPOP count", c.LPopCount(ctx, "l", 2).Val(), []string{"y", "a"})
		check(t, "RPOP count", c.RPopCount(ctx, "l", 1).Val(), []string{"c"})
		_, err = c.LPopCount(ctx, "nokey", 2).Result()
		checkErr(t, "LPOP count missing", err, errNil)
		_, err = c.RPop(ctx, "nokey").Result()
		checkErr(t, "RPOP missing", err, errNil)
		checkErr(t, "LSET", c.LSet(ctx, "l", 0, "B").Err(), "")
		checkErr(t, "LSET range", c.LSet(ctx, "l", 5, "B").Err(), "ERR index out of range")
		check(t, "LINSERT", c.LInsertAfter(ctx, "l", "B", "C").Val(), 2)
		check(t, "LINSERT", c.LInsertBefore(ctx, "l", "B", "A").Val(), 3)
		check(t, "LINSERT no pivot", c.LInsertBefore(ctx, "l", "zz", "A").Val(), -1)
		c.RPush(ctx, "l", "A", "A", "B")
		check(t, "LREM", c.LRem(ctx, "l", -2, "A").Val(), 2)
		check(t, "LRANGE", c.LRange(ctx, "l", 0, -1).Val(), []string{"A", "B", "C", "B"})
		check(t, "LPOS", c.LPos(ctx, "l", "B", redis.LPosArgs{Rank: -1}).Val(), 3)
		check(t, "LPOS COUNT", c.LPosCount(ctx, "l", "B", 0, redis.LPosArgs{}).Val(), []int64{1, 3})
		_, err = c.LPos(ctx, "l", "nope", redis.LPosArgs{}).Result()
		checkErr(t, "LPOS none", err, errNil)
		check(t, "LPOS MAXLEN", c.LPos(ctx, "l", "B", redis.LPosArgs{MaxLen: 2}).Val(), 1)
		checkErr(t, "LTRIM", c.LTrim(ctx, "l", 1, -1).Err(), "")
		check(t, "LRANGE", c.LRange(ctx, "l", 0, -1).Val(), []string{"B", "C", "B"})
		check(t, "RPOPLPUSH", c.RPopLPush(ctx, "l", "m").Val(), "B")
		check(t, "LMOVE", c.LMove(ctx, "l", "m", "LEFT", "RIGHT").Val(), "B")
		check(t, "LRANGE m", c.LRange(ctx, "m", 0, -1).Val(), []string{"B", "B"})
		key, vals, err := c.LMPop(ctx, "right", 5, "nokey", "l", "m").Result()
		checkErr(t, "LMPOP", err, "")
		check(t, "LMPOP", key+" "+strings.Join(vals, ","), "l C")
		_, _, err = c.LMPop(ctx, "left", 1, "nokey", "l").Result()
		checkErr(t, "LMPOP none", err, errNil)
		check(t, "OBJECT ENCODING", c.ObjectEncoding(ctx, "m").Val(), "quicklist")
		c.Set(ctx, "s", "v", 0)
		checkErr(t, "LPUSH wrong type", c.LPush(ctx, "s", "a").Err(), errWrongType)
		checkErr(t, "LRANGE wrong type", c.LRange(ctx, "s", 0, 1).Err(), errWrongType)
		checkErr(t, "LMOVE wrong type", c.LMove(ctx, "m", "s", "LEFT", "LEFT").Err(), errWrongType)
		checkErr(t, "LPOP count", c.Do(ctx, "LPOP", "m", "-1").Err(), "ERR value is out of range, must be positive")
		// An emptied list is deleted.
		c.LPopCount(ctx, "m", 10)
		check(t, "EXISTS", c.Exists(ctx, "m").Val(), 0)
	})
}

// TestListLarge grows a list past the largest slab chunk (a chained value)
// and back, through pipelined pushes and pops at both ends.
func TestListLarge(t *testing.T) {
	s := startCorvid(t)
	c := newClient(t, s.RespAddr, 2)
	const n = 150000 // about 750 kB of 3-byte elements
	pipe := c.Pipeline()
	for i := 0; i < n; i++ {
		if i%2 == 0 {
			pipe.LPush(ctx, "big", "xxx")
		} else {
			pipe.RPush(ctx, "big", "yyy")
		}
		if i%1000 == 999 {
			if _, err := pipe.Exec(ctx); err != nil {
				t.Fatal(err)
			}
		}
	}
	pipe.Exec(ctx)
	check(t, "LLEN", c.LLen(ctx, "big").Val(), n)
	check(t, "LINDEX 0", c.LIndex(ctx, "big", 0).Val(), "xxx")
	check(t, "LINDEX -1", c.LIndex(ctx, "big", -1).Val(), "yyy")
	check(t, "LRANGE", len(c.LRange(ctx, "big", 0, 599).Val()), 600)
	for i := 0; i < n; i += 1000 {
		pipe.LPopCount(ctx, "big", 250)
		pipe.RPopCount(ctx, "big", 250)
		pipe.LPop(ctx, "big")
		pipe.RPop(ctx, "big")
	}
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatal(err)
	}
	check(t, "LLEN after pops", c.LLen(ctx, "big").Val(), n-n/1000*502)
}
