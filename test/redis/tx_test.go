package redis_test

import (
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestTxGoRedis(t *testing.T) {
	s := startCorvid(t)
	for _, proto := range []int{2, 3} {
		t.Run(fmt.Sprintf("RESP%d", proto), func(t *testing.T) {
			c := newClient(t, s.RespAddr, proto)
			c.Del(ctx, "tx:a", "tx:b")
			var get *redis.StringCmd
			cmds, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Set(ctx, "tx:a", "1", 0)
				p.Incr(ctx, "tx:a")
				get = p.Get(ctx, "tx:a")
				p.MSet(ctx, "tx:b", "x", "tx:c", "y")
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			check(t, "commands", len(cmds), 4)
			check(t, "get in tx", get.Val(), "2")

			// A runtime error is that command's reply; the others run.
			cmds, err = c.TxPipelined(ctx, func(p redis.Pipeliner) error {
				p.Incr(ctx, "tx:b")
				p.Set(ctx, "tx:d", "z", 0)
				return nil
			})
			checkErr(t, "incr of a string", err, "ERR value is not an integer or out of range")
			check(t, "set after the error", c.Get(ctx, "tx:d").Val(), "z")
			_ = cmds
		})
	}
}

// TestTxWatchCounter: many connections doing WATCH/GET/MULTI/INCR/EXEC
// (go-redis's Watch) on one counter reach the exact total.
func TestTxWatchCounter(t *testing.T) {
	s := startCorvid(t)
	const workers, each = 16, 60
	var wg sync.WaitGroup
	var retries, failures sync.Map
	for w := 0; w < workers; w++ {
		c := newClient(t, s.RespAddr, 2+w%2)
		wg.Add(1)
		go func(w int, c *redis.Client) {
			defer wg.Done()
			n := 0
			for done := 0; done < each; {
				err := c.Watch(ctx, func(tx *redis.Tx) error {
					v, err := tx.Get(ctx, "counter").Int()
					if err != nil && err != redis.Nil {
						return err
					}
					_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
						p.Set(ctx, "counter", v+1, 0)
						return nil
					})
					return err
				}, "counter")
				switch {
				case err == nil:
					done++
				case errors.Is(err, redis.TxFailedErr):
					n++
				default:
					failures.Store(w, err)
					return
				}
			}
			retries.Store(w, n)
		}(w, c)
	}
	wg.Wait()
	failures.Range(func(k, v any) bool { t.Errorf("worker %v: %v", k, v); return true })
	total := 0
	retries.Range(func(_, v any) bool { total += v.(int); return true })
	t.Logf("%d optimistic retries", total)
	c := newClient(t, s.RespAddr, 2)
	check(t, "counter", c.Get(ctx, "counter").Val(), strconv.Itoa(workers*each))
}

// TestTxAtomic: MSET-like transactions over keys in many stripes are never
// seen half done by MGET (which locks its keys together).
func TestTxAtomic(t *testing.T) {
	s := startCorvid(t)
	keys := []string{"at:a", "at:b", "at:c", "at:d", "at:e", "at:f"}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		c := newClient(t, s.RespAddr, 2)
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-stop:
					return
				default:
				}
				v := fmt.Sprint(w, ":", i)
				_, err := c.TxPipelined(ctx, func(p redis.Pipeliner) error {
					for _, k := range keys {
						p.Set(ctx, k, v, 0)
					}
					return nil
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}(w)
	}
	r := newClient(t, s.RespAddr, 3)
	deadline := time.Now().Add(2 * time.Second)
	reads := 0
	for time.Now().Before(deadline) {
		vals, err := r.MGet(ctx, keys...).Result()
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range vals[1:] {
			if v != vals[0] {
				t.Fatalf("torn transaction: %v", vals)
			}
		}
		reads++
	}
	close(stop)
	wg.Wait()
	t.Logf("%d consistent reads", reads)
}

func TestTxRaw(t *testing.T) {
	s := startCorvid(t)
	for _, proto := range []string{"2", "3"} {
		t.Run("RESP"+proto, func(t *testing.T) {
			c := dialRaw(t, s.RespAddr)
			c.do("HELLO", proto)
			null := "*-1\r\n"
			if proto == "3" {
				null = "_\r\n"
			}
			steps := [][2]string{
				{"EXEC", "-ERR EXEC without MULTI\r\n"},
				{"DISCARD", "-ERR DISCARD without MULTI\r\n"},
				{"MULTI", "+OK\r\n"},
				{"MULTI", "-ERR MULTI calls can not be nested\r\n"},
				{"WATCH x", "-ERR WATCH inside MULTI is not allowed\r\n"},
				{"SET tr:x 1", "+QUEUED\r\n"},
				{"INCR tr:x", "+QUEUED\r\n"},
				{"EXEC", "*2\r\n+OK\r\n:2\r\n"},
				{"MULTI", "+OK\r\n"},
				{"SET tr:x 5", "+QUEUED\r\n"},
				{"NOSUCH", "-ERR unknown command 'NOSUCH', with args beginning with: \r\n"},
				{"GET", "-ERR wrong number of arguments for 'get' command\r\n"},
				{"EXEC", "-EXECABORT Transaction discarded because of previous errors.\r\n"},
				{"GET tr:x", "$1\r\n2\r\n"},
				{"MULTI", "+OK\r\n"},
				{"EXEC", "*0\r\n"},
				// WATCH invalidated by a write of another connection.
				{"WATCH tr:x", "+OK\r\n"},
				{"@other SET tr:x 9", "+OK\r\n"},
				{"MULTI", "+OK\r\n"},
				{"INCR tr:x", "+QUEUED\r\n"},
				{"EXEC", null},
				{"GET tr:x", "$1\r\n9\r\n"},
				// By FLUSHDB, but not if the key did not exist.
				{"WATCH tr:x", "+OK\r\n"},
				{"@other FLUSHDB", "+OK\r\n"},
				{"MULTI", "+OK\r\n"},
				{"PING", "+QUEUED\r\n"},
				{"EXEC", null},
				{"WATCH tr:none", "+OK\r\n"},
				{"@other FLUSHALL", "+OK\r\n"},
				{"MULTI", "+OK\r\n"},
				{"PING", "+QUEUED\r\n"},
				{"EXEC", "*1\r\n+PONG\r\n"},
				// By SWAPDB if it exists in either database.
				{"SET tr:s 1", "+OK\r\n"},
				{"WATCH tr:s", "+OK\r\n"},
				{"@other SWAPDB 0 1", "+OK\r\n"},
				{"MULTI", "+OK\r\n"},
				{"PING", "+QUEUED\r\n"},
				{"EXEC", null},
				{"WATCH tr:s", "+OK\r\n"},
				{"@other SWAPDB 0 1", "+OK\r\n"},
				{"MULTI", "+OK\r\n"},
				{"PING", "+QUEUED\r\n"},
				{"EXEC", null},
				{"WATCH tr:none", "+OK\r\n"},
				{"@other SWAPDB 0 1", "+OK\r\n"},
				{"MULTI", "+OK\r\n"},
				{"PING", "+QUEUED\r\n"},
				{"EXEC", "*1\r\n+PONG\r\n"},
				// By EXPIRE.
				{"SET tr:x 1", "+OK\r\n"},
				{"WATCH tr:x", "+OK\r\n"},
				{"@other EXPIRE tr:x 100", ":1\r\n"},
				{"MULTI", "+OK\r\n"},
				{"PING", "+QUEUED\r\n"},
				{"EXEC", null},
				// UNWATCH and DISCARD forget.
				{"WATCH tr:x", "+OK\r\n"},
				{"@other SET tr:x 2", "+OK\r\n"},
				{"UNWATCH", "+OK\r\n"},
				{"MULTI", "+OK\r\n"},
				{"GET tr:x", "+QUEUED\r\n"},
				{"EXEC", "*1\r\n$1\r\n2\r\n"},
				{"WATCH tr:x", "+OK\r\n"},
				{"@other SET tr:x 3", "+OK\r\n"},
				{"MULTI", "+OK\r\n"},
				{"DISCARD", "+OK\r\n"},
				{"MULTI", "+OK\r\n"},
				{"GET tr:x", "+QUEUED\r\n"},
				{"EXEC", "*1\r\n$1\r\n3\r\n"},
			}
			other := dialRaw(t, s.RespAddr)
			for _, st := range steps {
				conn, cmd := c, st[0]
				if len(cmd) > 7 && cmd[:7] == "@other " {
					conn, cmd = other, cmd[7:]
				}
				check(t, cmd, conn.do(splitWords(cmd)...), st[1])
			}
		})
	}
}

func splitWords(s string) []string {
	var out []string
	start := -1
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ' ' {
			if start >= 0 {
				out = append(out, s[start:i])
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	return out
}

// TestTxWatchExpiry: a watched key that expires before EXEC makes it fail
// (Redis 7.0), even if nobody read it.
func TestTxWatchExpiry(t *testing.T) {
	s := startCorvid(t)
	c := dialRaw(t, s.RespAddr)
	check(t, "set", c.do("SET", "ex:k", "v", "PX", "100"), "+OK\r\n")
	check(t, "watch", c.do("WATCH", "ex:k"), "+OK\r\n")
	time.Sleep(150 * time.Millisecond)
	c.do("MULTI")
	c.do("PING")
	check(t, "exec", c.do("EXEC"), "*-1\r\n")
}

// TestTxWatchMemcached: a memcached-port set of a watched key fails EXEC.
func TestTxWatchMemcached(t *testing.T) {
	s := startCorvid(t)
	c := dialRaw(t, s.RespAddr)
	check(t, "set", c.do("SET", "shared", "1"), "+OK\r\n")
	check(t, "watch", c.do("WATCH", "shared"), "+OK\r\n")
	mc, err := net.DialTimeout("tcp", s.Addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer mc.Close()
	mc.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := mc.Write([]byte("set shared 0 0 2\r\nmc\r\n")); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 64)
	n, err := mc.Read(buf)
	if err != nil || string(buf[:n]) != "STORED\r\n" {
		t.Fatalf("memcached set: %q %v", buf[:n], err)
	}
	c.do("MULTI")
	c.do("GET", "shared")
	check(t, "exec", c.do("EXEC"), "*-1\r\n")
	// And a memcached write of an unwatched key does not.
	c.do("WATCH", "shared")
	mc.Write([]byte("set other 0 0 1\r\nx\r\n"))
	mc.Read(buf)
	c.do("MULTI")
	c.do("GET", "shared")
	check(t, "exec unrelated", c.do("EXEC"), "*1\r\n$2\r\nmc\r\n")
}
