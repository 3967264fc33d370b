//lint:file-ignore SA1019 the deprecated commands (RPOPLPUSH, ZREVRANGE, ZRANGEBYSCORE...) are Redis commands under test

package redis_test

import (
	"context"
	"fmt"
	"math"
	"sort"
	"testing"

	"github.com/redis/go-redis/v9"
)

// TestZset drives every sorted set command through go-redis, in RESP2 and
// RESP3, against Corvid and, where it is installed, the reference
// redis-server too, so the expectations below are checked on both.
func TestZset(t *testing.T) {
	s := startCorvid(t)
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("corvid/resp%d", proto), func(t *testing.T) {
			zsetScenario(t, newClient(t, s.RespAddr, proto))
		})
	}
	t.Run("redis", func(t *testing.T) {
		addr := startRedis(t)
		for _, proto := range []int{2, 3} {
			t.Run(fmt.Sprintf("resp%d", proto), func(t *testing.T) {
				zsetScenario(t, newClient(t, addr, proto))
			})
		}
	})
}

func zsetScenario(t *testing.T, c *redis.Client) {
	ctx := context.Background()
	if err := c.FlushAll(ctx).Err(); err != nil {
		t.Fatal(err)
	}
	z := func(s float64, m string) redis.Z { return redis.Z{Score: s, Member: m} }

	// ZADD and its options, ZINCRBY, ZSCORE, ZMSCORE, ZCARD.
	n, err := c.ZAdd(ctx, "z", z(1, "a"), z(2, "b"), z(3, "c")).Result()
	check(t, "ZADD", n, 3)
	checkErr(t, "ZADD", err, "")
	check(t, "ZADD NX", c.ZAddNX(ctx, "z", z(10, "a"), z(4, "d")).Val(), 1)
	check(t, "ZADD XX CH", c.ZAddArgs(ctx, "z", redis.ZAddArgs{XX: true, Ch: true, Members: []redis.Z{z(1.5, "a"), z(9, "zz")}}).Val(), 1)
	check(t, "ZADD GT CH", c.ZAddArgs(ctx, "z", redis.ZAddArgs{GT: true, Ch: true, Members: []redis.Z{z(1, "a"), z(5, "b")}}).Val(), 1)
	check(t, "ZADD LT", c.ZAddLT(ctx, "z", z(0.5, "a")).Val(), 0)
	f, err := c.ZAddArgsIncr(ctx, "z", redis.ZAddArgs{Members: []redis.Z{z(2, "a")}}).Result()
	check(t, "ZADD INCR", f, 2.5)
	checkErr(t, "ZADD INCR", err, "")
	_, err = c.ZAddArgsIncr(ctx, "z", redis.ZAddArgs{NX: true, Members: []redis.Z{z(2, "a")}}).Result()
	checkErr(t, "ZADD NX INCR on existing", err, errNil)
	checkErr(t, "ZADD NX XX", c.Do(ctx, "ZADD", "z", "NX", "XX", 1, "a").Err(),
		"ERR XX and NX options at the same time are not compatible")
	checkErr(t, "ZADD GT LT", c.Do(ctx, "ZADD", "z", "GT", "LT", 1, "a").Err(), "ERR GT, LT, and/or NX options at the same time are not compatible")
	checkErr(t, "ZADD bad score", c.Do(ctx, "ZADD", "z", "x", "a").Err(), errNotFloat)
	checkErr(t, "ZADD odd", c.Do(ctx, "ZADD", "z", "NX", "1").Err(), errSyntax)
	check(t, "ZINCRBY", c.ZIncrBy(ctx, "z", 0.25, "a").Val(), 2.75)
	c.ZAdd(ctx, "inf", z(math.Inf(1), "p"))
	checkErr(t, "ZINCRBY NaN", c.ZIncrBy(ctx, "inf", math.Inf(-1), "p").Err(), "ERR resulting score is not a number (NaN)")
	check(t, "ZSCORE", c.ZScore(ctx, "z", "b").Val(), 5)
	checkErr(t, "ZSCORE missing", c.ZScore(ctx, "z", "nosuch").Err(), errNil)
	check(t, "ZMSCORE", c.ZMScore(ctx, "z", "a", "nosuch", "c").Val(), []float64{2.75, 0, 3})
	check(t, "ZCARD", c.ZCard(ctx, "z").Val(), 4)
	check(t, "ZCARD missing", c.ZCard(ctx, "nokey").Val(), 0)

	// z = a:2.75 c:3 d:4 b:5
	check(t, "ZRANK", c.ZRank(ctx, "z", "c").Val(), 1)
	check(t, "ZREVRANK", c.ZRevRank(ctx, "z", "c").Val(), 2)
	checkErr(t, "ZRANK missing", c.ZRank(ctx, "z", "nosuch").Err(), errNil)
	check(t, "ZRANGE", c.ZRange(ctx, "z", 0, -1).Val(), []string{"a", "c", "d", "b"})
	check(t, "ZRANGE WITHSCORES", c.ZRangeWithScores(ctx, "z", 1, 2).Val(), []redis.Z{z(3, "c"), z(4, "d")})
	check(t, "ZREVRANGE", c.ZRevRange(ctx, "z", 0, 1).Val(), []string{"b", "d"})
	check(t, "ZREVRANGE WITHSCORES", c.ZRevRangeWithScores(ctx, "z", 0, 0).Val(), []redis.Z{z(5, "b")})
	check(t, "ZRANGE BYSCORE", c.ZRangeArgs(ctx, redis.ZRangeArgs{Key: "z", Start: "(3", Stop: "+inf", ByScore: true}).Val(), []string{"d", "b"})
	check(t, "ZRANGE BYSCORE REV LIMIT", c.ZRangeArgsWithScores(ctx, redis.ZRangeArgs{Key: "z", Start: "+inf", Stop: "-inf", ByScore: true, Rev: true, Offset: 1, Count: 2}).Val(),
		[]redis.Z{z(4, "d"), z(3, "c")})
	check(t, "ZRANGEBYSCORE", c.ZRangeByScore(ctx, "z", &redis.ZRangeBy{Min: "3", Max: "4"}).Val(), []string{"c", "d"})
	check(t, "ZRANGEBYSCORE WITHSCORES", c.ZRangeByScoreWithScores(ctx, "z", &redis.ZRangeBy{Min: "-inf", Max: "(3"}).Val(), []redis.Z{z(2.75, "a")})
	check(t, "ZREVRANGEBYSCORE", c.ZRevRangeByScore(ctx, "z", &redis.ZRangeBy{Min: "3", Max: "+inf", Count: 2}).Val(), []string{"b", "d"})
	check(t, "ZREVRANGEBYSCORE WITHSCORES", c.ZRevRangeByScoreWithScores(ctx, "z", &redis.ZRangeBy{Min: "4", Max: "5"}).Val(), []redis.Z{z(5, "b"), z(4, "d")})
	checkErr(t, "ZRANGEBYSCORE bad", c.ZRangeByScore(ctx, "z", &redis.ZRangeBy{Min: "x", Max: "1"}).Err(), "ERR min or max is not a float")
	checkErr(t, "ZRANGE LIMIT by rank", c.Do(ctx, "ZRANGE", "z", 0, 1, "LIMIT", 0, 1).Err(),
		"ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
	check(t, "ZCOUNT", c.ZCount(ctx, "z", "(2.75", "5").Val(), 3)

	c.ZAdd(ctx, "lex", z(0, "a"), z(0, "b"), z(0, "c"), z(0, "d"))
	check(t, "ZRANGEBYLEX", c.ZRangeByLex(ctx, "lex", &redis.ZRangeBy{Min: "[b", Max: "+"}).Val(), []string{"b", "c", "d"})
	check(t, "ZREVRANGEBYLEX", c.ZRevRangeByLex(ctx, "lex", &redis.ZRangeBy{Min: "-", Max: "(c", Offset: 1, Count: 1}).Val(), []string{"a"})
	check(t, "ZRANGE BYLEX", c.ZRangeArgs(ctx, redis.ZRangeArgs{Key: "lex", Start: "(a", Stop: "[c", ByLex: true}).Val(), []string{"b", "c"})
	check(t, "ZLEXCOUNT", c.ZLexCount(ctx, "lex", "-", "+").Val(), 4)
	checkErr(t, "ZLEXCOUNT bad", c.ZLexCount(ctx, "lex", "a", "+").Err(), "ERR min or max not valid string range item")
	check(t, "ZRANGESTORE", c.ZRangeStore(ctx, "st", redis.ZRangeArgs{Key: "lex", Start: "[b", Stop: "[c", ByLex: true}).Val(), 2)
	check(t, "ZRANGESTORE result", c.ZRange(ctx, "st", 0, -1).Val(), []string{"b", "c"})
	check(t, "ZREMRANGEBYLEX", c.ZRemRangeByLex(ctx, "lex", "[b", "[c").Val(), 2)
	check(t, "ZREMRANGEBYRANK", c.ZRemRangeByRank(ctx, "lex", 0, 0).Val(), 1)
	check(t, "ZREMRANGEBYSCORE", c.ZRemRangeByScore(ctx, "lex", "-inf", "+inf").Val(), 1)
	check(t, "emptied key", c.Exists(ctx, "lex").Val(), 0)

	// Pops.
	check(t, "ZPOPMIN", c.ZPopMin(ctx, "z").Val(), []redis.Z{z(2.75, "a")})
	check(t, "ZPOPMAX 2", c.ZPopMax(ctx, "z", 2).Val(), []redis.Z{z(5, "b"), z(4, "d")})
	check(t, "ZPOPMIN missing", c.ZPopMin(ctx, "nokey", 2).Val(), []redis.Z{})
	c.ZAdd(ctx, "m", z(1, "x"), z(2, "y"), z(3, "w"))
	key, els, err := c.ZMPop(ctx, "max", 2, "nokey", "m").Result()
	check(t, "ZMPOP", fmt.Sprint(key, els), fmt.Sprint("m", []redis.Z{z(3, "w"), z(2, "y")}))
	checkErr(t, "ZMPOP", err, "")
	checkErr(t, "ZMPOP empty", c.ZMPop(ctx, "min", 1, "nokey").Err(), errNil)
	check(t, "ZREM", c.ZRem(ctx, "m", "x", "nosuch").Val(), 1)
	check(t, "ZREM emptied", c.Exists(ctx, "m").Val(), 0)

	// Set operations.
	c.Del(ctx, "z")
	c.ZAdd(ctx, "u1", z(1, "a"), z(2, "b"), z(3, "c"))
	c.ZAdd(ctx, "u2", z(10, "b"), z(20, "c"), z(30, "d"))
	check(t, "ZUNION", c.ZUnion(ctx, redis.ZStore{Keys: []string{"u1", "u2"}}).Val(), []string{"a", "b", "c", "d"})
	check(t, "ZUNION WITHSCORES", c.ZUnionWithScores(ctx, redis.ZStore{Keys: []string{"u1", "u2"}, Weights: []float64{2, 1}, Aggregate: "MAX"}).Val(),
		[]redis.Z{z(2, "a"), z(10, "b"), z(20, "c"), z(30, "d")})
	check(t, "ZINTER", c.ZInter(ctx, &redis.ZStore{Keys: []string{"u1", "u2"}}).Val(), []string{"b", "c"})
	check(t, "ZINTER WITHSCORES", c.ZInterWithScores(ctx, &redis.ZStore{Keys: []string{"u1", "u2"}, Aggregate: "MIN"}).Val(), []redis.Z{z(2, "b"), z(3, "c")})
	check(t, "ZINTERCARD", c.ZInterCard(ctx, 1, "u1", "u2").Val(), 1)
	check(t, "ZDIFF", c.ZDiff(ctx, "u1", "u2").Val(), []string{"a"})
	check(t, "ZDIFF WITHSCORES", c.ZDiffWithScores(ctx, "u2", "u1").Val(), []redis.Z{z(30, "d")})
	check(t, "ZUNIONSTORE", c.ZUnionStore(ctx, "dst", &redis.ZStore{Keys: []string{"u1", "u2"}, Weights: []float64{1, 0.5}}).Val(), 4)
	check(t, "ZUNIONSTORE result", c.ZRangeWithScores(ctx, "dst", 0, -1).Val(), []redis.Z{z(1, "a"), z(7, "b"), z(13, "c"), z(15, "d")})
	check(t, "ZINTERSTORE", c.ZInterStore(ctx, "dst", &redis.ZStore{Keys: []string{"u1", "u2"}}).Val(), 2)
	check(t, "ZDIFFSTORE", c.ZDiffStore(ctx, "dst", "u1", "u1").Val(), 0)
	check(t, "ZDIFFSTORE emptied", c.Exists(ctx, "dst").Val(), 0)
	checkErr(t, "ZUNION numkeys", c.Do(ctx, "ZUNION", 0, "u1").Err(), "ERR at least 1 input key is needed for 'zunion' command")

	// ZRANDMEMBER and ZSCAN.
	r := c.ZRandMember(ctx, "u1", 5).Val()
	sort.Strings(r)
	check(t, "ZRANDMEMBER all", r, []string{"a", "b", "c"})
	check(t, "ZRANDMEMBER -4", len(c.ZRandMember(ctx, "u1", -4).Val()), 4)
	check(t, "ZRANDMEMBER WITHSCORES", len(c.ZRandMemberWithScores(ctx, "u1", 2).Val()), 2)
	keys, cursor, err := c.ZScan(ctx, "u1", 0, "[ab]", 10).Result()
	check(t, "ZSCAN", fmt.Sprint(keys, cursor), fmt.Sprint([]string{"a", "1", "b", "2"}, 0))
	checkErr(t, "ZSCAN", err, "")

	// Wrong types.
	c.Set(ctx, "str", "v", 0)
	checkErr(t, "ZADD WRONGTYPE", c.ZAdd(ctx, "str", z(1, "a")).Err(), errWrongType)
	checkErr(t, "ZRANGE WRONGTYPE", c.ZRange(ctx, "str", 0, -1).Err(), errWrongType)
	checkErr(t, "ZUNION WRONGTYPE", c.ZUnion(ctx, redis.ZStore{Keys: []string{"u1", "str"}}).Err(), errWrongType)
	check(t, "OBJECT ENCODING", c.ObjectEncoding(ctx, "u1").Val(), "listpack")
}

// TestZsetBenchmarkDefaults runs the sorted set commands of
// redis-benchmark's default set as it sends them.
func TestZsetBenchmarkDefaults(t *testing.T) {
	s := startCorvid(t)
	rc := dialRaw(t, s.RespAddr)
	check(t, "ZADD", rc.do("ZADD", "myzset", "0", "element:000000000001"), ":1\r\n")
	check(t, "ZADD", rc.do("ZADD", "myzset", "0", "element:000000000002"), ":1\r\n")
	check(t, "ZPOPMIN", rc.do("ZPOPMIN", "myzset"), "*2\r\n$20\r\nelement:000000000001\r\n$1\r\n0\r\n")
}
