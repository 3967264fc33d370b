package redis_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/redis/go-redis/v9"
)

// TestHashCommands drives every hash command through go-redis in RESP2 and
// RESP3 against bin/corvid. The expected values are redis-server 7.0.15's.
func TestHashCommands(t *testing.T) {
	s := startCorvid(t)
	eachProto(t, s, func(t *testing.T, c *redis.Client) {
		// HSET, HMSET, HSETNX, HGET, HMGET.
		check(t, "HSET", c.HSet(ctx, "h", "a", "1", "b", "2", "a", "3").Val(), 2)
		check(t, "HSET map", c.HSet(ctx, "h", map[string]any{"c": "4"}).Val(), 1)
		check(t, "HMSET", c.HMSet(ctx, "h", "d", "5", "b", "20").Val(), true)
		check(t, "HSETNX taken", c.HSetNX(ctx, "h", "a", "x").Val(), false)
		check(t, "HSETNX new", c.HSetNX(ctx, "h", "e", "").Val(), true)
		check(t, "HGET", c.HGet(ctx, "h", "a").Val(), "3")
		_, err := c.HGet(ctx, "h", "zz").Result()
		checkErr(t, "HGET missing field", err, errNil)
		_, err = c.HGet(ctx, "nokey", "a").Result()
		checkErr(t, "HGET missing key", err, errNil)
		check(t, "HMGET", c.HMGet(ctx, "h", "a", "zz", "b").Val(), []any{"3", nil, "20"})
		check(t, "HMGET missing key", c.HMGet(ctx, "nokey", "a").Val(), []any{nil})

		// HLEN, HSTRLEN, HEXISTS, HKEYS, HVALS, HGETALL (in insertion order).
		check(t, "HLEN", c.HLen(ctx, "h").Val(), 5)
		check(t, "HLEN missing", c.HLen(ctx, "nokey").Val(), 0)
		check(t, "HSTRLEN", c.HStrLen(ctx, "h", "b").Val(), 2)
		check(t, "HSTRLEN missing", c.HStrLen(ctx, "h", "zz").Val(), 0)
		check(t, "HEXISTS", c.HExists(ctx, "h", "e").Val(), true)
		check(t, "HEXISTS missing", c.HExists(ctx, "h", "zz").Val(), false)
		check(t, "HKEYS", c.HKeys(ctx, "h").Val(), []string{"a", "b", "c", "d", "e"})
		check(t, "HVALS", c.HVals(ctx, "h").Val(), []string{"3", "20", "4", "5", ""})
		check(t, "HGETALL", c.HGetAll(ctx, "h").Val(), map[string]string{"a": "3", "b": "20", "c": "4", "d": "5", "e": ""})
		check(t, "HGETALL missing", c.HGetAll(ctx, "nokey").Val(), map[string]string{})
		check(t, "HKEYS missing", c.HKeys(ctx, "nokey").Val(), []string{})

		// HINCRBY, HINCRBYFLOAT.
		check(t, "HINCRBY", c.HIncrBy(ctx, "h", "b", 22).Val(), 42)
		check(t, "HINCRBY new", c.HIncrBy(ctx, "h", "n", -7).Val(), -7)
		_, err = c.HIncrBy(ctx, "h", "e", 1).Result()
		checkErr(t, "HINCRBY not an integer", err, "ERR hash value is not an integer")
		c.HSet(ctx, "h", "max", "9223372036854775807")
		_, err = c.HIncrBy(ctx, "h", "max", 1).Result()
		checkErr(t, "HINCRBY overflow", err, "ERR increment or decrement would overflow")
		check(t, "HINCRBYFLOAT", c.HIncrByFloat(ctx, "h", "f", 10.5).Val(), 10.5)
		check(t, "HINCRBYFLOAT", c.HIncrByFloat(ctx, "h", "f", 0.1).Val(), 10.6)
		check(t, "HGET float", c.HGet(ctx, "h", "f").Val(), "10.6")
		check(t, "HINCRBYFLOAT int", c.HIncrByFloat(ctx, "h", "b", 1.5).Val(), 43.5)
		_, err = c.HIncrByFloat(ctx, "h", "e", 1).Result()
		checkErr(t, "HINCRBYFLOAT not a float", err, "ERR hash value is not a float")
		_, err = c.Do(ctx, "HINCRBYFLOAT", "h", "f", "inf").Result()
		checkErr(t, "HINCRBYFLOAT inf", err, "ERR value is NaN or Infinity")
		_, err = c.Do(ctx, "HINCRBY", "h", "f", "x").Result()
		checkErr(t, "HINCRBY bad increment", err, errNotInt)

		// HDEL; the last field takes the key with it.
		check(t, "HDEL", c.HDel(ctx, "h", "a", "zz", "a").Val(), 1)
		check(t, "HDEL missing key", c.HDel(ctx, "nokey", "a").Val(), 0)
		c.HSet(ctx, "small", "x", "1", "y", "2")
		check(t, "HDEL all", c.HDel(ctx, "small", "x", "y").Val(), 2)
		check(t, "EXISTS after HDEL", c.Exists(ctx, "small").Val(), 0)

		// HSCAN: everything at once, cursor 0.
		c.HSet(ctx, "sc", "k1", "v1", "k2", "v2", "other", "v3")
		keys, cur, err := c.HScan(ctx, "sc", 0, "", 0).Result()
		check(t, "HSCAN", fmt.Sprint(keys, cur, err), "[k1 v1 k2 v2 other v3] 0 <nil>")
		keys, cur, err = c.HScan(ctx, "sc", 0, "k*", 1).Result()
		check(t, "HSCAN MATCH", fmt.Sprint(keys, cur, err), "[k1 v1 k2 v2] 0 <nil>")
		keys, cur, err = c.HScan(ctx, "nokey", 0, "", 0).Result()
		check(t, "HSCAN missing", fmt.Sprint(keys, cur, err), "[] 0 <nil>")
		_, err = c.Do(ctx, "HSCAN", "sc", "0", "COUNT", "0").Result()
		checkErr(t, "HSCAN COUNT 0", err, errSyntax)
		_, err = c.Do(ctx, "HSCAN", "sc", "x").Result()
		checkErr(t, "HSCAN bad cursor", err, "ERR invalid cursor")

		// HRANDFIELD.
		f := c.HRandField(ctx, "sc", 1).Val()
		if len(f) != 1 || (f[0] != "k1" && f[0] != "k2" && f[0] != "other") {
			t.Errorf("HRANDFIELD 1 = %v", f)
		}
		all := c.HRandField(ctx, "sc", 10).Val()
		check(t, "HRANDFIELD all", all, []string{"k1", "k2", "other"})
		kv := c.HRandFieldWithValues(ctx, "sc", 10).Val()
		check(t, "HRANDFIELD WITHVALUES", kv, []redis.KeyValue{{Key: "k1", Value: "v1"}, {Key: "k2", Value: "v2"}, {Key: "other", Value: "v3"}})
		kv = c.HRandFieldWithValues(ctx, "sc", -5).Val()
		if len(kv) != 5 {
			t.Errorf("HRANDFIELD -5 WITHVALUES = %v", kv)
		}
		for _, p := range kv {
			if want := map[string]string{"k1": "v1", "k2": "v2", "other": "v3"}[p.Key]; want != p.Value {
				t.Errorf("HRANDFIELD pair %v", p)
			}
		}
		two := c.HRandField(ctx, "sc", 2).Val()
		if len(two) != 2 || two[0] == two[1] {
			t.Errorf("HRANDFIELD 2 = %v", two)
		}
		check(t, "HRANDFIELD missing", len(c.HRandField(ctx, "nokey", 3).Val()), 0)
		v, err := c.Do(ctx, "HRANDFIELD", "nokey").Result()
		check(t, "HRANDFIELD no count, missing", fmt.Sprint(v, " ", err), "<nil> redis: nil")
		v, err = c.Do(ctx, "HRANDFIELD", "sc").Result()
		if s, _ := v.(string); err != nil || (s != "k1" && s != "k2" && s != "other") {
			t.Errorf("HRANDFIELD sc = %v, %v", v, err)
		}
		_, err = c.Do(ctx, "HRANDFIELD", "sc", "-9223372036854775808").Result()
		checkErr(t, "HRANDFIELD min", err, "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
		_, err = c.Do(ctx, "HRANDFIELD", "sc", "1", "WITHVALUE").Result()
		checkErr(t, "HRANDFIELD syntax", err, errSyntax)

		// Wrong type, arity, encoding.
		c.Set(ctx, "str", "x", 0)
		for _, args := range [][]any{{"HSET", "str", "a", "1"}, {"HGET", "str", "a"}, {"HGETALL", "str"},
			{"HDEL", "str", "a"}, {"HINCRBY", "str", "a", "1"}, {"HRANDFIELD", "str"}, {"HSCAN", "str", "0"}} {
			_, err := c.Do(ctx, args...).Result()
			checkErr(t, fmt.Sprint(args), err, errWrongType)
		}
		_, err = c.Do(ctx, "HSET", "h", "a").Result()
		checkErr(t, "HSET odd", err, "ERR wrong number of arguments for 'hset' command")
		check(t, "TYPE", c.Type(ctx, "h").Val(), "hash")
		check(t, "OBJECT ENCODING", c.ObjectEncoding(ctx, "h").Val(), "listpack")
		c.HSet(ctx, "h", "long", strings.Repeat("x", 65))
		check(t, "OBJECT ENCODING long value", c.ObjectEncoding(ctx, "h").Val(), "hashtable")
		c.HDel(ctx, "h", "long")
		check(t, "OBJECT ENCODING stays", c.ObjectEncoding(ctx, "h").Val(), "hashtable")

		// The TTL survives writes; COPY and RENAME carry the hash.
		c.Expire(ctx, "sc", 100e9)
		c.HSet(ctx, "sc", "k4", "v4")
		check(t, "TTL after HSET", c.TTL(ctx, "sc").Val().Seconds(), 100)
		check(t, "COPY", c.Copy(ctx, "sc", "sc2", 0, false).Val(), 1)
		check(t, "HGETALL copy", c.HGetAll(ctx, "sc2").Val(), map[string]string{"k1": "v1", "k2": "v2", "other": "v3", "k4": "v4"})
	})
}

// TestHashRESP3Shapes checks the exact bytes where RESP3 differs: HGETALL
// is a map, HRANDFIELD WITHVALUES nests pairs, a missing field is null.
func TestHashRESP3Shapes(t *testing.T) {
	s := startCorvid(t)
	rc := dialRaw(t, s.RespAddr)
	rc.do("HELLO", "3")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"HSET", "r", "a", "1", "b", "2"}, ":2\r\n"},
		{[]string{"HGETALL", "r"}, "%2\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"},
		{[]string{"HGETALL", "nokey"}, "%0\r\n"},
		{[]string{"HRANDFIELD", "r", "5", "WITHVALUES"}, "*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\nb\r\n$1\r\n2\r\n"},
		{[]string{"HRANDFIELD", "nokey"}, "_\r\n"},
		{[]string{"HMGET", "r", "a", "zz"}, "*2\r\n$1\r\n1\r\n_\r\n"},
		{[]string{"HGET", "r", "zz"}, "_\r\n"},
		{[]string{"HSCAN", "r", "0"}, "*2\r\n$1\r\n0\r\n*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$1\r\n2\r\n"},
		{[]string{"HINCRBYFLOAT", "r", "a", "1.5"}, "$3\r\n2.5\r\n"},
		{[]string{"HSET", "one", "f", "v"}, ":1\r\n"},
		{[]string{"HRANDFIELD", "one", "-2", "WITHVALUES"}, "*2\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"},
		{[]string{"HRANDFIELD", "one", "1", "WITHVALUES"}, "*1\r\n*2\r\n$1\r\nf\r\n$1\r\nv\r\n"},
	} {
		if got := rc.do(c.args...); got != c.want {
			t.Errorf("%q = %q, want %q", c.args, got, c.want)
		}
	}
}

// TestHashBig fills a hash past the listpack limits and checks it whole.
func TestHashBig(t *testing.T) {
	s := startCorvid(t)
	c := newClient(t, s.RespAddr, 2)
	want := map[string]string{}
	var args []any
	for i := 0; i < 2000; i++ {
		k, v := fmt.Sprint("field:", i), fmt.Sprint("value:", i*7)
		want[k] = v
		args = append(args, k, v)
	}
	check(t, "HSET", c.HSet(ctx, "big", args...).Val(), 2000)
	check(t, "OBJECT ENCODING", c.ObjectEncoding(ctx, "big").Val(), "hashtable")
	got := c.HGetAll(ctx, "big").Val()
	check(t, "HGETALL", len(got), 2000)
	for k, v := range want {
		if got[k] != v {
			t.Fatalf("HGETALL[%s] = %q, want %q", k, got[k], v)
		}
	}
	// HSCAN to the end gives every pair once.
	seen := map[string]bool{}
	var cur uint64
	for {
		keys, next, err := c.HScan(ctx, "big", cur, "field:1*", 100).Result()
		if err != nil {
			t.Fatal(err)
		}
		for i := 0; i < len(keys); i += 2 {
			seen[keys[i]] = true
		}
		if cur = next; cur == 0 {
			break
		}
	}
	check(t, "HSCAN MATCH field:1*", len(seen), 1111)
	fields := make([]string, 0, 500)
	for i := 0; i < 2000; i += 4 {
		fields = append(fields, fmt.Sprint("field:", i))
	}
	check(t, "HDEL", c.HDel(ctx, "big", fields...).Val(), 500)
	check(t, "HLEN", c.HLen(ctx, "big").Val(), 1500)
	vals := c.HMGet(ctx, "big", "field:0", "field:1", "field:1999", "nope").Val()
	check(t, "HMGET", vals, []any{nil, "value:7", "value:13993", nil})
	keys := c.HKeys(ctx, "big").Val()
	sort.Strings(keys)
	check(t, "HKEYS", len(keys), 1500)
}
