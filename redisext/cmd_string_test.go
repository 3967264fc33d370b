package redisext

import (
	"fmt"
	"strings"
	"testing"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// The expected replies below were checked against redis-server 7.0.15.

func TestSetOptions(t *testing.T) {
	e := newKV(t)
	invalid := func(cmd string) string { return rerr("ERR invalid expire time in '" + cmd + "' command") }
	e.expect(rOK, "SET", "a", "1")
	e.expect(rOK, "SET", "a", "2", "EX", "10", "EX", "20") // the last EX counts
	e.expect(":20\r\n", "TTL", "a")
	e.expect(rOK, "SET", "a", "2", "EX", "abc", "EX", "20") // only the last is parsed
	e.expect(rerr(ErrSyntax), "SET", "a", "2", "EX", "10", "PX", "20")
	e.expect(rerr(ErrSyntax), "SET", "a", "2", "KEEPTTL", "EX", "10")
	e.expect(rerr(ErrSyntax), "SET", "a", "2", "EX", "10", "KEEPTTL")
	e.expect(rerr(ErrSyntax), "SET", "a", "2", "NX", "XX")
	e.expect(rerr(ErrSyntax), "SET", "a", "2", "EX")
	e.expect(rerr(ErrSyntax), "SET", "a", "2", "PERSIST")
	e.expect(rerr(ErrSyntax), "SET", "a", "2", "foo")
	e.expect(":20\r\n", "TTL", "a") // failed SETs change nothing
	e.expect("$1\r\n2\r\n", "SET", "a", "3", "NX", "GET")
	e.expect("$1\r\n2\r\n", "SET", "a", "3", "XX", "GET")
	e.expect(rNull, "SET", "b", "x", "XX", "GET")
	e.expect(rNull, "SET", "b", "x", "XX")
	e.expect(rNull, "SET", "a", "x", "NX")
	e.expect(rNull, "SET", "b", "x", "GET")
	e.expect("$1\r\n3\r\n", "GET", "a")
	e.expect(rOK, "SET", "a", "v", "PXAT", "1") // stored expired: gone
	e.expect(rNull, "GET", "a")
	e.expect(invalid("set"), "SET", "a", "v", "EX", "0")
	e.expect(invalid("set"), "SET", "a", "v", "EX", "-1")
	e.expect(invalid("set"), "SET", "a", "v", "EX", "10000000000000000")
	e.expect(invalid("set"), "SET", "a", "v", "PX", "9223372036854775807")
	e.expect(invalid("set"), "SET", "a", "v", "EXAT", "10000000000000000")
	e.expect(rerr(ErrNotInteger), "SET", "a", "v", "EX", "+5")
	e.expect(rerr(ErrNotInteger), "SET", "a", "v", "EX", "1.5")
	e.expect(rOK, "SET", "a", "v", "PX", "1500")
	e.expect(":2\r\n", "TTL", "a")
	e.expect(rOK, "set", "a", "w", "keepttl")
	e.expect(":1500\r\n", "PTTL", "a")
	e.expect(rOK, "SET", "a", "w", "EXAT", fmt.Sprint(kvStart/1000+100))
	e.expect(fmt.Sprintf(":%d\r\n", kvStart+100000), "PEXPIRETIME", "a")
	e.expect(rOK, "SET", "a", "w", "PXAT", fmt.Sprint(kvStart+5))
	e.expect(":5\r\n", "PTTL", "a")
	e.expect(rOK, "SET", "a", "w")
	e.expect(":-1\r\n", "PTTL", "a") // SET without KEEPTTL drops the TTL

	e.expect(rOne, "SETNX", "n", "1")
	e.expect(rZero, "SETNX", "n", "2")
	e.expect(rOK, "SETEX", "s", "100", "v")
	e.expect(":100\r\n", "TTL", "s")
	e.expect(invalid("setex"), "SETEX", "s", "0", "v")
	e.expect(rerr(ErrNotInteger), "SETEX", "s", "abc", "v")
	e.expect(rOK, "PSETEX", "s", "1000", "v")
	e.expect(":1000\r\n", "PTTL", "s")
	e.expect(invalid("psetex"), "PSETEX", "s", "-5", "v")
	e.expect(rerr("ERR wrong number of arguments for 'setex' command"), "SETEX", "s", "1")
}

func TestGetexGetdelGetset(t *testing.T) {
	e := newKV(t)
	e.do("SET", "s", "v", "EX", "100")
	e.expect("$1\r\nv\r\n", "GETEX", "s")
	e.expect(":100\r\n", "TTL", "s")
	e.expect("$1\r\nv\r\n", "GETEX", "s", "PERSIST")
	e.expect(":-1\r\n", "TTL", "s")
	e.expect(rerr(ErrSyntax), "GETEX", "s", "EX", "100", "PERSIST")
	e.expect(rerr(ErrSyntax), "GETEX", "s", "KEEPTTL")
	e.expect(rerr(ErrSyntax), "GETEX", "s", "NX")
	e.expect(rNull, "GETEX", "missing", "EX", "abc") // the time is checked only for an existing key
	e.expect(rerr(ErrNotInteger), "GETEX", "s", "EX", "abc")
	e.expect(rerr("ERR invalid expire time in 'getex' command"), "GETEX", "s", "EX", "-1")
	e.expect("$1\r\nv\r\n", "GETEX", "s", "PX", "2500")
	e.expect(":2500\r\n", "PTTL", "s")
	e.expect("$1\r\nv\r\n", "GETEX", "s", "EXAT", "1") // past: deleted after the reply
	e.expect(rZero, "EXISTS", "s")

	e.expect(rNull, "GETDEL", "g")
	e.do("SET", "g", "v")
	e.expect("$1\r\nv\r\n", "GETDEL", "g")
	e.expect(rNull, "GETDEL", "g")
	e.expect(rNull, "GETSET", "g", "1")
	e.do("EXPIRE", "g", "100")
	e.expect("$1\r\n1\r\n", "GETSET", "g", "2")
	e.expect(":-1\r\n", "TTL", "g")
}

// withMaxValue lowers the Redis value limit (proto-max-bulk-len) for the
// rest of the test.
func withMaxValue(t *testing.T, n int64) {
	set := func(v int64) {
		SetEncodingLimits(EncodingLimits{HashEntries: 512, HashValue: 64, SetIntset: setMaxIntsetDefault,
			ZSetEntries: 128, ZSetValue: 64, MaxValue: v})
	}
	set(n)
	t.Cleanup(func() { set(512 << 20) })
}

func TestMgetMset(t *testing.T) {
	e := newKV(t)
	e.expect(rerr("ERR wrong number of arguments for 'mset' command"), "MSET", "a", "1", "b")
	e.expect(rerr("ERR wrong number of arguments for 'msetnx' command"), "MSETNX", "a")
	e.expect(rOK, "MSET", "a", "1", "b", "2", "a", "3") // the last one wins
	e.expect("*3\r\n$1\r\n3\r\n$1\r\n2\r\n$-1\r\n", "MGET", "a", "b", "c")
	e.expect(rZero, "MSETNX", "a", "1", "zz", "3")
	e.expect(rZero, "EXISTS", "zz")
	e.expect(rOne, "MSETNX", "zz", "1", "yy", "2")
	e.expect("*2\r\n$1\r\n1\r\n$1\r\n2\r\n", "MGET", "zz", "yy")
	// Past proto-max-bulk-len: refused before anything is written.
	withMaxValue(t, 1<<20)
	big := strings.Repeat("x", 1<<20+1)
	e.expect(rerr(ErrTooLarge), "MSET", "p", "1", "q", big)
	e.expect(rZero, "EXISTS", "p")
}

func TestIncrDecr(t *testing.T) {
	e := newKV(t)
	e.expect(rOne, "INCR", "i")
	e.expect(":11\r\n", "INCRBY", "i", "10")
	e.expect(":6\r\n", "DECRBY", "i", "5")
	e.expect(":5\r\n", "DECR", "i")
	e.expect(rerr(ErrNotInteger), "INCRBY", "i", "abc")
	e.expect(rerr("ERR decrement would overflow"), "DECRBY", "i", "-9223372036854775808")
	e.do("SET", "i", "9223372036854775807")
	e.expect(rerr(ErrOverflow), "INCR", "i")
	e.do("SET", "i", "-9223372036854775808")
	e.expect(rerr(ErrOverflow), "DECR", "i")
	for _, v := range []string{" 1", "1 ", "010", "+1", "1.0", "", "9223372036854775808", "abc"} {
		e.do("SET", "i", v)
		e.expect(rerr(ErrNotInteger), "INCR", "i")
	}
	// The expiry and memcached flags stay; the value is its decimal text.
	x := e.eng.Lock(0, []byte("m"))
	x.Set(&engine.SetOpts{Flags: 7, ExpireAt: kvStart + 100000}, []byte("99"))
	x.Unlock()
	e.expect(":100\r\n", "INCR", "m")
	e.expect(":101\r\n", "INCR", "m") // in place
	e.expect(":100\r\n", "TTL", "m")
	x = e.eng.Lock(0, []byte("m"))
	v, _ := x.Value().Bytes()
	if string(v) != "101" || x.Flags() != 7 {
		t.Fatalf("after INCR: %q flags %d", v, x.Flags())
	}
	x.Unlock()
}

func TestIncrbyfloat(t *testing.T) {
	e := newKV(t)
	e.do("SET", "z", "1.5")
	e.expect("$2\r\n12\r\n", "INCRBYFLOAT", "z", "10.5")
	e.expect("$4\r\n12.1\r\n", "INCRBYFLOAT", "z", "0.1")
	e.expect("$1\r\n0\r\n", "INCRBYFLOAT", "z", "-12.1")
	e.do("SET", "z", "3.0e3")
	e.expect("$22\r\n3000.00000014999999998\r\n", "INCRBYFLOAT", "z", "1.5e-7")
	e.do("SET", "z", "10")
	e.expect("$2\r\n26\r\n", "INCRBYFLOAT", "z", "0x10")
	e.expect(rerr(ErrNotFloat), "INCRBYFLOAT", "z", "abc")
	e.expect(rerr(ErrNotFloat), "INCRBYFLOAT", "z", " 1")
	e.expect(rerr(ErrNotFloat), "INCRBYFLOAT", "z", "nan")
	e.expect(rerr("ERR increment would produce NaN or Infinity"), "INCRBYFLOAT", "z", "inf")
	e.do("SET", "z", "1e4932")
	e.expect(rerr("ERR increment would produce NaN or Infinity"), "INCRBYFLOAT", "z", "1e4932")
	e.do("SET", "z", "x")
	e.expect(rerr(ErrNotFloat), "INCRBYFLOAT", "z", "1")
	e.expect("$3\r\n1.5\r\n", "INCRBYFLOAT", "new", "1.5")
	// No negative zero (tests/unit/type/incr.tcl).
	e.do("DEL", "z")
	e.do("INCRBYFLOAT", "z", "0.024390243902439025")
	e.expect("$1\r\n0\r\n", "INCRBYFLOAT", "z", "-0.024390243902439025")
}

func TestAppendStrlenGetrange(t *testing.T) {
	e := newKV(t)
	e.expect(":5\r\n", "APPEND", "ap", "hello")
	e.expect(":11\r\n", "APPEND", "ap", " world")
	e.expect(":11\r\n", "STRLEN", "ap")
	e.expect(rZero, "STRLEN", "nope")
	for _, c := range []struct{ start, end, want string }{
		{"0", "4", "hello"}, {"-5", "-1", "world"}, {"-1", "-5", ""}, {"5", "1", ""},
		{"0", "-100", "h"}, {"-100", "-100", "h"}, {"100", "200", ""}, {"0", "-1", "hello world"},
		{"-3", "100", "rld"},
	} {
		e.expect(fmt.Sprintf("$%d\r\n%s\r\n", len(c.want), c.want), "GETRANGE", "ap", c.start, c.end)
	}
	e.expect("$0\r\n\r\n", "GETRANGE", "nope", "0", "1")
	e.expect(rerr(ErrNotInteger), "GETRANGE", "ap", "a", "1")
	e.expect("$3\r\nell\r\n", "SUBSTR", "ap", "1", "3")
	e.do("SET", "empty", "")
	e.expect("$0\r\n\r\n", "GETRANGE", "empty", "0", "-1")

	// APPEND keeps memcached flags and the expiry.
	x := e.eng.Lock(0, []byte("m"))
	x.Set(&engine.SetOpts{Flags: 9, ExpireAt: kvStart + 50000}, []byte("ab"))
	x.Unlock()
	e.expect(":4\r\n", "APPEND", "m", "cd")
	e.expect(":50\r\n", "TTL", "m")
	x = e.eng.Lock(0, []byte("m"))
	if x.Flags() != 9 {
		t.Fatalf("APPEND lost the flags: %d", x.Flags())
	}
	x.Unlock()
}

func TestSetrange(t *testing.T) {
	e := newKV(t)
	e.expect(":8\r\n", "SETRANGE", "sr", "5", "abc")
	e.expect("$8\r\n\x00\x00\x00\x00\x00abc\r\n", "GET", "sr")
	e.expect(rerr("ERR offset is out of range"), "SETRANGE", "sr", "-1", "x")
	e.expect(rerr(ErrNotInteger), "SETRANGE", "sr", "x", "x")
	e.expect(":8\r\n", "SETRANGE", "sr", "1", "")
	e.expect(rZero, "SETRANGE", "new", "0", "")
	e.expect(rZero, "EXISTS", "new")
	e.expect(":8\r\n", "SETRANGE", "sr", "0", "XYZ") // in place
	e.expect(":10\r\n", "SETRANGE", "sr", "7", "123")
	e.expect("$10\r\nXYZ\x00\x00ab123\r\n", "GET", "sr")
	e.expect(rerr(ErrTooLarge), "SETRANGE", "sr", "536870911", "xx")
	e.expect(rerr(ErrTooLarge), "SETRANGE", "sr", "9223372036854775807", "xx")
	e.expect(":1048577\r\n", "SETRANGE", "big", "1048576", "x") // past memcached's -I: chained, as Redis allows
	withMaxValue(t, 1<<20)
	e.expect(rerr(ErrTooLarge), "SETRANGE", "sr", fmt.Sprint(1<<20), "x")
	e.do("SET", "ttl", "abc", "EX", "100")
	e.expect(":3\r\n", "SETRANGE", "ttl", "1", "X")
	e.expect(":100\r\n", "TTL", "ttl")
	e.expect("$3\r\naXc\r\n", "GET", "ttl")
}

// Values over half a megabyte are chained across slab chunks: ranges,
// appends and LCS must read them piece by piece.
func TestChainedValues(t *testing.T) {
	e := newKV(t)
	n := 700 << 10
	v := make([]byte, n)
	for i := range v {
		v[i] = byte('a' + i%26)
	}
	e.expect(rOK, "SET", "big", string(v))
	x := e.eng.Lock(0, []byte("big"))
	_, contiguous := x.Value().Bytes()
	x.Unlock()
	if contiguous {
		t.Skip("the engine stores 700 KiB contiguously: nothing chained to test")
	}
	for _, r := range [][2]int{{0, 9}, {n - 10, n - 1}, {300000, 600000}, {524280, 524300}} {
		want := v[r[0] : r[1]+1]
		e.expect(fmt.Sprintf("$%d\r\n%s\r\n", len(want), want), "GETRANGE", "big", fmt.Sprint(r[0]), fmt.Sprint(r[1]))
	}
	e.expect(fmt.Sprintf(":%d\r\n", n+3), "APPEND", "big", "XYZ")
	v = append(v, "XYZ"...)
	e.expect(fmt.Sprintf("$5\r\n%s\r\n", v[len(v)-5:]), "GETRANGE", "big", "-5", "-1")
	e.expect(fmt.Sprintf(":%d\r\n", n+3), "SETRANGE", "big", "524288", "!!")
	copy(v[524288:], "!!")
	e.expect(fmt.Sprintf("$4\r\n%s\r\n", v[524287:524291]), "GETRANGE", "big", "524287", "524290")
	e.expect(fmt.Sprintf("$%d\r\n%s\r\n", len(v), v), "GET", "big")
	e.expect(rerr(ErrNotInteger), "INCR", "big")
	e.expect(rerr(ErrNotFloat), "INCRBYFLOAT", "big", "1")
	e.do("SET", "small", "qX!!Zz")
	e.expect(fmt.Sprintf(":%d\r\n", lcsLen(v, []byte("qX!!Zz"))), "LCS", "big", "small", "LEN")
}

// lcsLen is a plain LCS length (one rolling row), for checking LCS.
func lcsLen(a, b []byte) int {
	row := make([]int, len(b)+1)
	for i := range a {
		diag := 0
		for j := range b {
			up := row[j+1]
			if a[i] == b[j] {
				row[j+1] = diag + 1
			} else if row[j] > row[j+1] {
				row[j+1] = row[j]
			}
			diag = up
		}
	}
	return row[len(b)]
}

func TestLcs(t *testing.T) {
	e := newKV(t)
	e.do("SET", "x", "ohmytext")
	e.do("SET", "y", "mynewtext")
	e.expect("$6\r\nmytext\r\n", "LCS", "x", "y")
	e.expect(":6\r\n", "LCS", "x", "y", "LEN")
	e.expect("*4\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n", "LCS", "x", "y", "IDX")
	e.expect("*4\r\n$7\r\nmatches\r\n*2\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n*3\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n:2\r\n$3\r\nlen\r\n:6\r\n", "LCS", "x", "y", "IDX", "WITHMATCHLEN")
	e.expect("*4\r\n$7\r\nmatches\r\n*1\r\n*3\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n:4\r\n$3\r\nlen\r\n:6\r\n", "LCS", "x", "y", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN")
	e.expect("$0\r\n\r\n", "LCS", "x", "nope")
	e.expect("*4\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:0\r\n", "LCS", "nope", "nope", "IDX")
	e.expect(rerr("ERR If you want both the length and indexes, please just use IDX."), "LCS", "x", "y", "IDX", "LEN")
	e.expect(rerr(ErrSyntax), "LCS", "x", "y", "foo")
	e.expect(rerr(ErrSyntax), "LCS", "x", "y", "MINMATCHLEN")
	e.expect(rerr(ErrNotInteger), "LCS", "x", "y", "MINMATCHLEN", "x")
	x := e.eng.Lock(0, []byte("h"))
	x.Set(&engine.SetOpts{Kind: engine.KindList}, []byte("opaque"))
	x.Unlock()
	e.expect(rerr("ERR The specified keys must contain string values"), "LCS", "x", "h", "foo")
	e.c.Client.Proto = 3
	e.expect("%2\r\n$7\r\nmatches\r\n*2\r\n*2\r\n*2\r\n:4\r\n:7\r\n*2\r\n:5\r\n:8\r\n*2\r\n*2\r\n:2\r\n:3\r\n*2\r\n:0\r\n:1\r\n$3\r\nlen\r\n:6\r\n", "LCS", "x", "y", "IDX")
	e.c.Client.Proto = 2
	// The DP table is bounded by proto-max-bulk-len, as in Redis.
	e.host.maxBulk = "1048576"
	e.do("SET", "p", strings.Repeat("a", 600))
	e.do("SET", "q", strings.Repeat("b", 600))
	e.expect(rerr("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len"), "LCS", "p", "q")
	e.do("SET", "q", strings.Repeat("b", 400))
	e.expect("$0\r\n\r\n", "LCS", "p", "q")
}

func TestNullsInResp3(t *testing.T) {
	e := newKV(t)
	e.c.Client.Proto = 3
	e.expect("_\r\n", "GET", "nope")
	e.expect("*2\r\n_\r\n_\r\n", "MGET", "a", "b")
	e.expect("_\r\n", "SET", "a", "1", "XX")
	e.expect("_\r\n", "RANDOMKEY")
}

// The common commands allocate nothing per call once warm.
func TestHotPathAllocs(t *testing.T) {
	e := newKV(t)
	e.do("SET", "k", "v")
	e.do("SET", "n", "1")
	for _, cmd := range []string{"GET k", "GET nope", "SET k v", "SET k v EX 100", "SETEX k 100 v", "INCR n",
		"INCRBY n 5", "DECR n", "MGET k n nope", "MSET k v n 1", "EXISTS k n", "DEL nope", "TTL k", "PTTL k",
		"EXPIRE k 100", "PERSIST k", "STRLEN k", "GETRANGE k 0 -1", "TYPE k", "GETEX k", "SETNX k v", "TOUCH k"} {
		var args [][]byte
		for _, f := range strings.Fields(cmd) {
			args = append(args, []byte(f))
		}
		e.c.Dispatch(args)
		n := testing.AllocsPerRun(200, func() {
			e.c.Out = e.c.Out[:0]
			e.c.Dispatch(args)
		})
		if n > 0 {
			t.Errorf("%s: %.1f allocations per call", cmd, n)
		}
	}
}

// FuzzStringAndKeyCommands runs the commands of this file with fuzzed
// arguments: every reply must be one well-formed RESP value, and no lock
// may be left held.
func FuzzStringAndKeyCommands(f *testing.F) {
	names := []string{"SET", "GETEX", "GETRANGE", "SETRANGE", "LCS", "INCRBYFLOAT", "INCRBY", "EXPIRE",
		"PEXPIREAT", "SCAN", "COPY", "MOVE", "OBJECT", "KEYS", "MSET", "SWAPDB", "APPEND", "RENAME"}
	for i := range names {
		f.Add(uint8(i), "k", "10", "EX", "100")
	}
	f.Add(uint8(3), "k", "5", "xyz", "")
	f.Add(uint8(4), "k", "k", "IDX", "WITHMATCHLEN")
	f.Add(uint8(9), "0", "MATCH", "*[", "COUNT")
	f.Fuzz(func(t *testing.T, which uint8, a, b, c, d string) {
		e := newKV(t)
		e.do("SET", "k", "ohmytext")
		e.do("SET", "10", "mynewtext")
		name := names[int(which)%len(names)]
		for n := 1; n <= 4; n++ {
			args := append([]string{name}, []string{a, b, c, d}[:n]...)
			r := e.do(args...)
			if _, used, err := resp.ParseReply([]byte(r)); err != nil || used != len(r) {
				t.Fatalf("%q: reply %q (%v)", args, r, err)
			}
		}
		x := e.eng.Lock(0, []byte("k")) // deadlocks if a stripe stayed locked
		x.Unlock()
	})
}
