package redis_test

import (
	"os/exec"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"

	"github.com/corvidcache/corvid/test/harness"
)

// sorted returns a sorted copy of s.
func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

// TestSetCommands drives every set command with go-redis in RESP2 and
// RESP3; the expected values are redis-server 7.0.15's.
func TestSetCommands(t *testing.T) {
	s := startCorvid(t)
	eachProto(t, s, func(t *testing.T, c *redis.Client) {
		// SADD, SCARD, SISMEMBER, SMISMEMBER, SMEMBERS; intset order.
		check(t, "SADD", c.SAdd(ctx, "s", 3, 1, 2, -5, 10).Val(), 5)
		check(t, "SADD again", c.SAdd(ctx, "s", 2, 7).Val(), 1)
		check(t, "SMEMBERS", c.SMembers(ctx, "s").Val(), []string{"-5", "1", "2", "3", "7", "10"})
		check(t, "OBJECT ENCODING", c.ObjectEncoding(ctx, "s").Val(), "intset")
		check(t, "SCARD", c.SCard(ctx, "s").Val(), 6)
		check(t, "SCARD missing", c.SCard(ctx, "nokey").Val(), 0)
		check(t, "SISMEMBER", c.SIsMember(ctx, "s", 7).Val(), true)
		check(t, "SISMEMBER no", c.SIsMember(ctx, "s", "x").Val(), false)
		check(t, "SMISMEMBER", c.SMIsMember(ctx, "s", 1, "x", 10).Val(), []bool{true, false, true})
		check(t, "SMISMEMBER missing", c.SMIsMember(ctx, "nokey", 1).Val(), []bool{false})
		check(t, "SMEMBERS missing", c.SMembers(ctx, "nokey").Val(), []string{})
		check(t, "SADD word", c.SAdd(ctx, "s", "x").Val(), 1)
		check(t, "OBJECT ENCODING", c.ObjectEncoding(ctx, "s").Val(), "hashtable")
		check(t, "SMEMBERS hashtable", sorted(c.SMembers(ctx, "s").Val()), []string{"-5", "1", "10", "2", "3", "7", "x"})

		// SREM.
		check(t, "SREM", c.SRem(ctx, "s", "x", "nope", 7).Val(), 2)
		check(t, "SREM missing", c.SRem(ctx, "nokey", 1).Val(), 0)
		check(t, "SCARD", c.SCard(ctx, "s").Val(), 5)

		// SMOVE.
		check(t, "SMOVE", c.SMove(ctx, "s", "d", 10).Val(), true)
		check(t, "SMOVE absent", c.SMove(ctx, "s", "d", 99).Val(), false)
		check(t, "SMOVE no source", c.SMove(ctx, "nokey", "d", 1).Val(), false)
		check(t, "SMEMBERS d", c.SMembers(ctx, "d").Val(), []string{"10"})

		// The algebra.
		c.Del(ctx, "s", "t", "d")
		c.SAdd(ctx, "s", 1, 2, 3, 4)
		c.SAdd(ctx, "t", 3, 4, 5)
		check(t, "SINTER", c.SInter(ctx, "s", "t").Val(), []string{"3", "4"})
		check(t, "SINTERCARD", c.SInterCard(ctx, 0, "s", "t").Val(), 2)
		check(t, "SINTERCARD LIMIT", c.SInterCard(ctx, 1, "s", "t").Val(), 1)
		check(t, "SINTERSTORE", c.SInterStore(ctx, "d", "s", "t").Val(), 2)
		check(t, "SMEMBERS d", c.SMembers(ctx, "d").Val(), []string{"3", "4"})
		check(t, "SUNION", c.SUnion(ctx, "s", "t", "nokey").Val(), []string{"1", "2", "3", "4", "5"})
		check(t, "SUNIONSTORE", c.SUnionStore(ctx, "d", "s", "t").Val(), 5)
		check(t, "SDIFF", c.SDiff(ctx, "s", "t").Val(), []string{"1", "2"})
		check(t, "SDIFFSTORE", c.SDiffStore(ctx, "d", "t", "s").Val(), 1)
		check(t, "SMEMBERS d", c.SMembers(ctx, "d").Val(), []string{"5"})
		check(t, "SINTERSTORE empty", c.SInterStore(ctx, "d", "s", "nokey").Val(), 0)
		check(t, "EXISTS d", c.Exists(ctx, "d").Val(), 0)
		check(t, "SDIFF same", c.SDiff(ctx, "s", "s").Val(), []string{})

		// SSCAN.
		keys, cur := c.SScan(ctx, "s", 0, "", 0).Val()
		check(t, "SSCAN", keys, []string{"1", "2", "3", "4"})
		check(t, "SSCAN cursor", cur, 0)
		keys, _ = c.SScan(ctx, "s", 0, "[12]", 1).Val()
		check(t, "SSCAN MATCH", keys, []string{"1", "2"})
		keys, _ = c.SScan(ctx, "nokey", 0, "", 0).Val()
		check(t, "SSCAN missing", keys, []string{})

		// SRANDMEMBER and SPOP.
		if m := c.SRandMember(ctx, "s").Val(); !slices.Contains([]string{"1", "2", "3", "4"}, m) {
			t.Errorf("SRANDMEMBER = %q", m)
		}
		check(t, "SRANDMEMBER all", c.SRandMemberN(ctx, "s", 10).Val(), []string{"1", "2", "3", "4"})
		if r := c.SRandMemberN(ctx, "s", 2).Val(); len(r) != 2 || r[0] == r[1] {
			t.Errorf("SRANDMEMBER 2 = %q", r)
		}
		if r := c.SRandMemberN(ctx, "s", -9).Val(); len(r) != 9 {
			t.Errorf("SRANDMEMBER -9 = %q", r)
		}
		check(t, "SRANDMEMBER missing", c.SRandMemberN(ctx, "nokey", 3).Val(), []string{})
		checkErr(t, "SRANDMEMBER missing", c.SRandMember(ctx, "nokey").Err(), errNil)
		p := c.SPop(ctx, "s").Val()
		check(t, "SCARD after SPOP", c.SCard(ctx, "s").Val(), 3)
		rest := c.SPopN(ctx, "s", 2).Val()
		rest = append(rest, c.SPopN(ctx, "s", 5).Val()...)
		check(t, "SPOP all", sorted(append(rest, p)), []string{"1", "2", "3", "4"})
		check(t, "EXISTS s", c.Exists(ctx, "s").Val(), 0)
		checkErr(t, "SPOP missing", c.SPop(ctx, "nokey").Err(), errNil)
		check(t, "SPOP missing count", c.SPopN(ctx, "nokey", 2).Val(), []string{})

		// Errors.
		c.Set(ctx, "str", "v", 0)
		checkErr(t, "SADD wrong type", c.SAdd(ctx, "str", 1).Err(), errWrongType)
		checkErr(t, "SINTER wrong type", c.SInter(ctx, "nokey", "str").Err(), errWrongType)
		checkErr(t, "SMOVE wrong type", c.SMove(ctx, "t", "str", 3).Err(), errWrongType)
		checkErr(t, "SPOP count", c.SPopN(ctx, "t", -1).Err(), "ERR value is out of range, must be positive")
		checkErr(t, "SINTERCARD", c.Do(ctx, "SINTERCARD", 0, "t").Err(), "ERR numkeys should be greater than 0")
		checkErr(t, "SINTERCARD", c.Do(ctx, "SINTERCARD", 2, "t").Err(), "ERR Number of keys can't be greater than number of args")
		checkErr(t, "SINTERCARD LIMIT", c.Do(ctx, "SINTERCARD", 1, "t", "LIMIT", -1).Err(), "ERR LIMIT can't be negative")
		checkErr(t, "SSCAN cursor", c.Do(ctx, "SSCAN", "t", "x").Err(), "ERR invalid cursor")
		checkErr(t, "SSCAN COUNT", c.Do(ctx, "SSCAN", "t", 0, "COUNT", 0).Err(), errSyntax)
	})
}

// TestSetRawReplies checks reply bytes in both protocols where go-redis
// hides the difference (RESP3 sets and nulls).
func TestSetRawReplies(t *testing.T) {
	s := startCorvid(t)
	rc := dialRaw(t, s.RespAddr)
	for _, tc := range []struct {
		args   []string
		r2, r3 string
	}{
		{[]string{"SADD", "s", "2", "1"}, ":2\r\n", ":0\r\n"},
		{[]string{"SMEMBERS", "s"}, "*2\r\n$1\r\n1\r\n$1\r\n2\r\n", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
		{[]string{"SUNION", "s"}, "*2\r\n$1\r\n1\r\n$1\r\n2\r\n", "~2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
		{[]string{"SDIFF", "nokey"}, "*0\r\n", "~0\r\n"},
		{[]string{"SPOP", "nokey"}, "$-1\r\n", "_\r\n"},
		{[]string{"SPOP", "nokey", "1"}, "*0\r\n", "~0\r\n"},
		{[]string{"SRANDMEMBER", "nokey"}, "$-1\r\n", "_\r\n"},
		{[]string{"SRANDMEMBER", "s", "5"}, "*2\r\n$1\r\n1\r\n$1\r\n2\r\n", "*2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
		{[]string{"SSCAN", "s", "0"}, "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n", "*2\r\n$1\r\n0\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n"},
		{[]string{"SMISMEMBER", "s", "1", "3"}, "*2\r\n:1\r\n:0\r\n", "*2\r\n:1\r\n:0\r\n"},
	} {
		for _, proto := range []string{"2", "3"} {
			rc.do("HELLO", proto)
			want := tc.r2
			if proto == "3" {
				want = tc.r3
			}
			if got := rc.do(tc.args...); got != want {
				t.Errorf("RESP%s %q = %q, want %q", proto, tc.args, got, want)
			}
		}
	}
}

// TestSetRedisBenchmark runs redis-benchmark's default SADD and SPOP tests
// against Corvid and checks they complete and leave what they should.
func TestSetRedisBenchmark(t *testing.T) {
	harness.RequireReference(t, "redis-benchmark")
	bin, _ := exec.LookPath("redis-benchmark")
	s := startCorvid(t)
	host, port, _ := strings.Cut(s.RespAddr, ":")
	out, err := exec.Command(bin, "-h", host, "-p", port, "-n", "2000", "-c", "4", "-r", "1000",
		"-t", "sadd,spop", "-q").CombinedOutput()
	if err != nil {
		t.Fatalf("redis-benchmark: %v\n%s", err, out)
	}
	for _, name := range []string{"SADD", "SPOP"} {
		if !strings.Contains(string(out), name+": ") || strings.Contains(string(out), "ERR") {
			t.Errorf("redis-benchmark output:\n%s", out)
		}
	}
	c := newClient(t, s.RespAddr, 2)
	// SADD added element:NNNNNNNNNNNN members (at most 1000 of them); the
	// SPOPs that followed took up to 2000 out.
	for _, m := range c.SMembers(ctx, "myset").Val() {
		if n, err := strconv.Atoi(strings.TrimPrefix(m, "element:")); err != nil || n < 0 || n >= 1000 {
			t.Errorf("myset member %q", m)
		}
	}
	if typ := c.Type(ctx, "myset").Val(); typ != "set" && typ != "none" {
		t.Errorf("TYPE myset = %q", typ)
	}
}
