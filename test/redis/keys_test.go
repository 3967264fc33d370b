package redis_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestKeyCommands(t *testing.T) {
	s := startCorvid(t)
	eachProto(t, s, func(t *testing.T, c *redis.Client) {
		c.MSet(ctx, "a", "1", "b", "2", "c", "3")
		check(t, "EXISTS", c.Exists(ctx, "a", "a", "b", "nope").Val(), 3)
		check(t, "TYPE", c.Type(ctx, "a").Val(), "string")
		check(t, "TYPE missing", c.Type(ctx, "nope").Val(), "none")
		check(t, "TOUCH", c.Touch(ctx, "a", "nope").Val(), 1)
		check(t, "DEL", c.Del(ctx, "a", "nope").Val(), 1)
		check(t, "UNLINK", c.Unlink(ctx, "b").Val(), 1)
		check(t, "DBSIZE", c.DBSize(ctx).Val(), 1)

		// RENAME, RENAMENX.
		checkErr(t, "RENAME missing", c.Rename(ctx, "nope", "x").Err(), "ERR no such key")
		checkErr(t, "RENAME same missing", c.Rename(ctx, "nope", "nope").Err(), "ERR no such key")
		check(t, "RENAME same", c.Rename(ctx, "c", "c").Val(), "OK")
		check(t, "RENAMENX same", c.RenameNX(ctx, "c", "c").Val(), false)
		c.Expire(ctx, "c", 100*time.Second)
		check(t, "RENAME", c.Rename(ctx, "c", "d").Val(), "OK")
		check(t, "TTL moved", c.TTL(ctx, "d").Val(), 100*time.Second)
		c.Set(ctx, "e", "5", 0)
		check(t, "RENAMENX taken", c.RenameNX(ctx, "d", "e").Val(), false)
		check(t, "RENAME over", c.Rename(ctx, "d", "e").Val(), "OK")
		check(t, "GET", c.Get(ctx, "e").Val(), "3")

		// COPY and MOVE across databases.
		check(t, "COPY", c.Copy(ctx, "e", "f", 0, false).Val(), 1)
		check(t, "COPY taken", c.Copy(ctx, "e", "f", 0, false).Val(), 0)
		check(t, "COPY REPLACE", c.Copy(ctx, "e", "f", 0, true).Val(), 1)
		check(t, "COPY DB", c.Copy(ctx, "e", "e", 3, false).Val(), 1)
		checkErr(t, "COPY same", c.Do(ctx, "COPY", "e", "e").Err(), "ERR source and destination objects are the same")
		checkErr(t, "COPY DB range", c.Do(ctx, "COPY", "e", "e", "DB", 16).Err(), "ERR DB index is out of range")
		check(t, "MOVE", c.Move(ctx, "f", 4).Val(), true)
		check(t, "MOVE missing", c.Move(ctx, "f", 4).Val(), false)
		checkErr(t, "MOVE same", c.Move(ctx, "e", 0).Err(), "ERR source and destination objects are the same")
		checkErr(t, "MOVE bad db", c.Do(ctx, "MOVE", "e", "x").Err(), errNotInt)

		// Expiry.
		check(t, "EXPIRE", c.Expire(ctx, "e", 50*time.Second).Val(), true)
		check(t, "EXPIRE NX", c.ExpireNX(ctx, "e", 10*time.Second).Val(), false)
		check(t, "EXPIRE XX", c.ExpireXX(ctx, "e", 60*time.Second).Val(), true)
		check(t, "EXPIRE GT", c.ExpireGT(ctx, "e", 10*time.Second).Val(), false)
		check(t, "EXPIRE LT", c.ExpireLT(ctx, "e", 10*time.Second).Val(), true)
		check(t, "TTL", c.TTL(ctx, "e").Val(), 10*time.Second)
		if d := c.PTTL(ctx, "e").Val(); d < 9*time.Second || d > 10*time.Second {
			t.Errorf("PTTL = %v", d)
		}
		checkErr(t, "EXPIRE NX XX", c.Do(ctx, "EXPIRE", "e", 1, "NX", "XX").Err(), "ERR NX and XX, GT or LT options at the same time are not compatible")
		checkErr(t, "EXPIRE GT LT", c.Do(ctx, "EXPIRE", "e", 1, "GT", "LT").Err(), "ERR GT and LT options at the same time are not compatible")
		checkErr(t, "EXPIRE foo", c.Do(ctx, "EXPIRE", "e", 1, "foo").Err(), "ERR Unsupported option foo")
		checkErr(t, "EXPIRE overflow", c.Do(ctx, "EXPIRE", "e", "9223372036854776").Err(), "ERR invalid expire time in 'expire' command")
		checkErr(t, "PEXPIRE overflow", c.Do(ctx, "PEXPIRE", "e", "9223372036854770000").Err(), "ERR invalid expire time in 'pexpire' command")
		at := time.Now().Add(time.Hour).Truncate(time.Second)
		check(t, "EXPIREAT", c.ExpireAt(ctx, "e", at).Val(), true)
		check(t, "EXPIRETIME", c.ExpireTime(ctx, "e").Val(), time.Duration(at.Unix())*time.Second)
		check(t, "PEXPIREAT", c.PExpireAt(ctx, "e", at.Add(time.Millisecond)).Val(), true)
		check(t, "PEXPIRETIME", c.PExpireTime(ctx, "e").Val(), time.Duration(at.UnixMilli()+1)*time.Millisecond)
		check(t, "PERSIST", c.Persist(ctx, "e").Val(), true)
		check(t, "PERSIST again", c.Persist(ctx, "e").Val(), false)
		check(t, "TTL none", c.TTL(ctx, "e").Val(), time.Duration(-1))
		check(t, "TTL missing", c.TTL(ctx, "nope").Val(), time.Duration(-2))
		check(t, "PTTL missing", c.PTTL(ctx, "nope").Val(), time.Duration(-2))
		check(t, "EXPIRETIME none", c.ExpireTime(ctx, "e").Val(), time.Duration(-1))
		check(t, "EXPIRE negative", c.Expire(ctx, "e", -time.Second).Val(), true)
		check(t, "EXISTS after", c.Exists(ctx, "e").Val(), 0)
		c.Set(ctx, "short", "v", 0)
		c.PExpire(ctx, "short", 50*time.Millisecond)
		time.Sleep(100 * time.Millisecond)
		checkErr(t, "GET expired", c.Get(ctx, "short").Err(), errNil)

		// KEYS, SCAN, RANDOMKEY.
		c.FlushDB(ctx)
		var want []string
		for i := 0; i < 300; i++ {
			k := fmt.Sprintf("user:%d", i)
			want = append(want, k)
			c.Set(ctx, k, i, 0)
		}
		c.Set(ctx, "other", "x", 0)
		sort.Strings(want)
		keys := c.Keys(ctx, "user:*").Val()
		sort.Strings(keys)
		check(t, "KEYS", strings.Join(keys, ","), strings.Join(want, ","))
		check(t, "KEYS ?", len(c.Keys(ctx, "user:?").Val()), 10)
		check(t, "KEYS escape", c.Keys(ctx, `oth\er`).Val(), []string{"other"})
		seen := map[string]int{}
		var cursor uint64
		for n := 0; ; n++ {
			if n > 1000 {
				t.Fatal("SCAN does not end")
			}
			var page []string
			page, cursor = c.Scan(ctx, cursor, "user:*", 7).Val()
			for _, k := range page {
				seen[k]++
			}
			if cursor == 0 {
				break
			}
		}
		check(t, "SCAN keys", len(seen), 300)
		for k, n := range seen {
			if n != 1 {
				t.Errorf("SCAN reported %s %d times", k, n)
			}
		}
		page, _ := c.ScanType(ctx, 0, "*", 1000, "string").Val()
		check(t, "SCAN TYPE string", len(page), 301)
		page, cur := c.ScanType(ctx, 0, "*", 1000, "hash").Val()
		check(t, "SCAN TYPE hash", fmt.Sprint(len(page), cur), "0 0")
		checkErr(t, "SCAN cursor", c.Do(ctx, "SCAN", "abc").Err(), "ERR invalid cursor")
		checkErr(t, "SCAN COUNT 0", c.Do(ctx, "SCAN", 0, "COUNT", 0).Err(), errSyntax)
		checkErr(t, "SCAN option", c.Do(ctx, "SCAN", 0, "FOO", 1).Err(), errSyntax)
		if k := c.RandomKey(ctx).Val(); k != "other" && !strings.HasPrefix(k, "user:") {
			t.Errorf("RANDOMKEY = %q", k)
		}

		// OBJECT.
		c.Set(ctx, "n", "123", 0)
		c.Set(ctx, "s", "hello", 0)
		c.Set(ctx, "r", strings.Repeat("x", 45), 0)
		check(t, "OBJECT ENCODING int", c.ObjectEncoding(ctx, "n").Val(), "int")
		check(t, "OBJECT ENCODING embstr", c.ObjectEncoding(ctx, "s").Val(), "embstr")
		check(t, "OBJECT ENCODING raw", c.ObjectEncoding(ctx, "r").Val(), "raw")
		checkErr(t, "OBJECT ENCODING missing", c.ObjectEncoding(ctx, "nope").Err(), errNil)
		check(t, "OBJECT REFCOUNT", c.ObjectRefCount(ctx, "s").Val(), 1)
		check(t, "OBJECT IDLETIME", c.ObjectIdleTime(ctx, "s").Val(), time.Duration(0))
		checkErr(t, "OBJECT FREQ", c.ObjectFreq(ctx, "s").Err(), "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.")
		checkErr(t, "OBJECT foo", c.Do(ctx, "OBJECT", "foo", "s").Err(), "ERR unknown subcommand 'foo'. Try OBJECT HELP.")
		help := c.Do(ctx, "OBJECT", "HELP").Val().([]any)
		check(t, "OBJECT HELP", fmt.Sprintf("%d %s", len(help), help[0]), "15 OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")

		// SWAPDB, FLUSHDB, FLUSHALL.
		check(t, "SWAPDB", c.Do(ctx, "SWAPDB", 0, 1).Val(), "OK")
		check(t, "DBSIZE after SWAPDB", c.DBSize(ctx).Val(), 0)
		c.Do(ctx, "SWAPDB", 0, 1)
		check(t, "DBSIZE swapped back", c.DBSize(ctx).Val(), 304)
		checkErr(t, "SWAPDB bad", c.Do(ctx, "SWAPDB", "x", 1).Err(), "ERR invalid first DB index")
		checkErr(t, "SWAPDB range", c.Do(ctx, "SWAPDB", 0, 16).Err(), "ERR DB index is out of range")
		check(t, "FLUSHDB ASYNC", c.FlushDBAsync(ctx).Val(), "OK")
		check(t, "DBSIZE", c.DBSize(ctx).Val(), 0)
		checkErr(t, "FLUSHDB bad", c.Do(ctx, "FLUSHDB", "NOW").Err(), errSyntax)
		check(t, "FLUSHALL", c.FlushAll(ctx).Val(), "OK")
	})
}

// Raw RESP where the exact bytes matter: null shapes, array nesting,
// simple-string versus bulk replies, in both protocol versions.
func TestKeyAndStringRawReplies(t *testing.T) {
	s := startCorvid(t)
	for _, proto := range []string{"2", "3"} {
		rc := dialRaw(t, s.RespAddr)
		if proto == "3" {
			if r := rc.do("HELLO", "3"); !strings.HasPrefix(r, "%") {
				t.Fatalf("HELLO 3 = %q", r)
			}
		}
		null := map[string]string{"2": "$-1\r\n", "3": "_\r\n"}[proto]
		rc.do("FLUSHALL")
		for _, c := range []struct {
			args []string
			want string
		}{
			{[]string{"GET", "nope"}, null},
			{[]string{"SET", "k", "v"}, "+OK\r\n"},
			{[]string{"SET", "k", "v", "NX"}, null},
			{[]string{"MGET", "k", "nope"}, "*2\r\n$1\r\nv\r\n" + null},
			{[]string{"TYPE", "k"}, "+string\r\n"},
			{[]string{"GETRANGE", "nope", "0", "1"}, "$0\r\n\r\n"},
			{[]string{"OBJECT", "ENCODING", "nope"}, null},
			{[]string{"SCAN", "0", "MATCH", "zz*"}, "*2\r\n$1\r\n0\r\n*0\r\n"},
			{[]string{"KEYS", "zz*"}, "*0\r\n"},
			{[]string{"INCRBYFLOAT", "f", "1.5"}, "$3\r\n1.5\r\n"},
			{[]string{"TTL", "k"}, ":-1\r\n"},
			{[]string{"LCS", "k", "nope", "IDX"}, map[string]string{"2": "*4\r\n", "3": "%2\r\n"}[proto] +
				"$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n"},
			{[]string{"get", "k", "x"}, "-ERR wrong number of arguments for 'get' command\r\n"},
			{[]string{"object", "encoding"}, "-ERR wrong number of arguments for 'object|encoding' command\r\n"},
			{[]string{"FLUSHDB"}, "+OK\r\n"},
			{[]string{"RANDOMKEY"}, null},
		} {
			if got := rc.do(c.args...); got != c.want {
				t.Errorf("RESP%s %q = %q, want %q", proto, c.args, got, c.want)
			}
		}
	}
}

// Keyspace commands inside MULTI/EXEC run under the transaction's locks
// (every stripe for KEYS, SCAN, DBSIZE, SWAPDB, FLUSHDB...).
func TestKeyCommandsInTransaction(t *testing.T) {
	s := startCorvid(t)
	eachProto(t, s, func(t *testing.T, c *redis.Client) {
		c.MSet(ctx, "a", "1", "b", "2")
		var cmds []redis.Cmder
		_, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
			p.Incr(ctx, "a")
			p.Rename(ctx, "b", "c")
			p.Copy(ctx, "c", "c", 1, false)
			p.Move(ctx, "a", 2)
			p.DBSize(ctx)
			p.Keys(ctx, "*")
			p.Scan(ctx, 0, "*", 100)
			p.RandomKey(ctx)
			p.Do(ctx, "SWAPDB", 0, 1)
			p.DBSize(ctx)
			p.FlushDB(ctx)
			p.DBSize(ctx)
			p.Do(ctx, "SWAPDB", 0, 1)
			p.Get(ctx, "c")
			p.LCS(ctx, &redis.LCSQuery{Key1: "c", Key2: "nope"})
			cmds = p.(interface{ Cmds() []redis.Cmder }).Cmds()
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, cmd := range cmds {
			switch v := cmd.(type) {
			case *redis.StatusCmd:
				got = append(got, v.Val())
			case *redis.IntCmd:
				got = append(got, fmt.Sprint(v.Val()))
			case *redis.BoolCmd:
				got = append(got, fmt.Sprint(v.Val()))
			case *redis.StringSliceCmd:
				got = append(got, fmt.Sprint(v.Val()))
			case *redis.ScanCmd:
				keys, cur := v.Val()
				got = append(got, fmt.Sprint(keys, cur))
			case *redis.StringCmd:
				got = append(got, v.Val())
			case *redis.Cmd:
				got = append(got, fmt.Sprint(v.Val()))
			case *redis.LCSCmd:
				got = append(got, fmt.Sprintf("%q", v.Val().MatchString))
			default:
				got = append(got, fmt.Sprintf("%T", cmd))
			}
		}
		want := `[2 OK 1 true 1 [c] [c] 0 c OK 1 OK 0 OK 2 ""]`
		if fmt.Sprint(got) != want {
			t.Fatalf("EXEC replies %v\nwant %s", got, want)
		}
		c.Do(ctx, "SELECT", 2)
		check(t, "moved key", c.Get(ctx, "a").Val(), "2")
	})
}
