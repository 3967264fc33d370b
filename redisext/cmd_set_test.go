package redisext

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// The expected replies below were checked against redis-server 7.0.15.

// arr is the RESP2 array of bulk strings elems.
func arr(elems ...string) string {
	var b []byte
	b = resp.AppendArrayHeader(b, len(elems))
	for _, e := range elems {
		b = resp.AppendBulkString(b, e)
	}
	return string(b)
}

// set3 is the RESP3 set of bulk strings elems.
func set3(elems ...string) string {
	b := resp.AppendSetHeader(nil, len(elems), 3)
	for _, e := range elems {
		b = resp.AppendBulkString(b, e)
	}
	return string(b)
}

func ints(ns ...int) string {
	b := resp.AppendArrayHeader(nil, len(ns))
	for _, n := range ns {
		b = resp.AppendInt(b, int64(n))
	}
	return string(b)
}

const (
	encIntset = "$6\r\nintset\r\n"
	encHT     = "$9\r\nhashtable\r\n"
)

func num(n int) string { return ":" + strconv.Itoa(n) + "\r\n" }

func TestSetBasics(t *testing.T) {
	e := newKV(t)
	wrong := rerr(ErrWrongType)
	e.expect(num(5), "SADD", "s", "3", "1", "2", "-5", "10")
	e.expect(arr("-5", "1", "2", "3", "10"), "SMEMBERS", "s")
	e.expect(encIntset, "OBJECT", "ENCODING", "s")
	e.expect("+set\r\n", "TYPE", "s")
	e.expect(num(1), "SADD", "s", "2", "7")
	e.expect(rZero, "SADD", "s", "7")
	e.expect(arr("-5", "1", "2", "3", "7", "10"), "SMEMBERS", "s")
	e.expect(num(6), "SCARD", "s")
	e.expect(rOne, "SISMEMBER", "s", "7")
	e.expect(rZero, "SISMEMBER", "s", "07")
	e.expect(ints(1, 1, 0, 1, 0), "SMISMEMBER", "s", "1", "2", "x", "7", "9")
	e.expect(ints(1, 1, 0, 1, 0, 1), "SMISMEMBER", "s", "1", "2", "x", "7", "9", "10") // indexed path
	e.expect(ints(0, 0), "SMISMEMBER", "nokey", "1", "2")
	e.expect(rZero, "SCARD", "nokey")
	e.expect(rZero, "SISMEMBER", "nokey", "1")
	e.expect(num(1), "SADD", "s", "x")
	e.expect(encHT, "OBJECT", "ENCODING", "s")
	e.expect(num(1), "SREM", "s", "x")
	e.expect(encHT, "OBJECT", "ENCODING", "s") // never converts back
	e.expect(num(2), "SREM", "s", "1", "2", "nope", "1")
	e.expect(rZero, "SREM", "s", "nope")
	e.expect(rZero, "SREM", "nokey", "1")
	e.expect(num(4), "SREM", "s", "-5", "3", "7", "10")
	e.expect(rZero, "EXISTS", "s") // emptied: deleted

	e.expect(rOK, "SET", "str", "v")
	for _, cmd := range [][]string{{"SADD", "str", "1"}, {"SREM", "str", "1"}, {"SMEMBERS", "str"},
		{"SISMEMBER", "str", "1"}, {"SMISMEMBER", "str", "1"}, {"SCARD", "str"}, {"SPOP", "str"},
		{"SPOP", "str", "1"}, {"SRANDMEMBER", "str"}, {"SRANDMEMBER", "str", "1"}, {"SSCAN", "str", "0"},
		{"SINTER", "str"}, {"SUNION", "str"}, {"SDIFF", "str"}, {"SINTERCARD", "1", "str"},
		{"SINTERSTORE", "d", "str"}, {"SUNIONSTORE", "d", "str"}, {"SDIFFSTORE", "d", "str"}} {
		e.expect(wrong, cmd...)
	}
	e.expect("$1\r\nv\r\n", "GET", "str")

	// Integers are those of string2ll; the others make a hashtable.
	e.expect(num(6), "SADD", "n", "+1", "1", "01", "-0", "0", "-1")
	e.expect(encHT, "OBJECT", "ENCODING", "n")
	if got := bulks(t, e.do("SMEMBERS", "n")); !slices.Equal(got, []string{"+1", "-0", "-1", "0", "01", "1"}) {
		t.Errorf("SMEMBERS n = %q", got)
	}
	e.expect(num(2), "SADD", "m", "9223372036854775807", "-9223372036854775808")
	e.expect(encIntset, "OBJECT", "ENCODING", "m")
	e.expect(arr("-9223372036854775808", "9223372036854775807"), "SMEMBERS", "m")
	e.expect(num(1), "SADD", "m", "9223372036854775808")
	e.expect(encHT, "OBJECT", "ENCODING", "m")
	e.expect(num(1), "SADD", "e", "")
	e.expect(arr(""), "SMEMBERS", "e")
	e.expect(encHT, "OBJECT", "ENCODING", "e")
	e.expect(arr(), "SMEMBERS", "nokey")

	// A set keeps its TTL through updates.
	e.expect(rOne, "EXPIRE", "m", "100")
	e.expect(rOne, "SADD", "m", "z")
	e.expect(rOne, "SREM", "m", "z")
	e.expect(":100\r\n", "TTL", "m")
	e.expect(rerr("ERR wrong number of arguments for 'sadd' command"), "SADD", "m")
}

func TestSetIntsetLimit(t *testing.T) {
	e := newKV(t)
	args := []string{"SADD", "a"}
	for i := 512; i > 0; i-- {
		args = append(args, strconv.Itoa(i))
	}
	e.expect(num(512), args...)
	e.expect(encIntset, "OBJECT", "ENCODING", "a")
	got := bulks(t, e.do("SMEMBERS", "a")) // sorted as strings by bulks: check order separately
	if len(got) != 512 {
		t.Fatalf("%d members", len(got))
	}
	v, _, _ := resp.ParseReply([]byte(e.do("SMEMBERS", "a")))
	for i, el := range v.Elems {
		if string(el.Str) != strconv.Itoa(i+1) {
			t.Fatalf("member %d = %q", i, el.Str)
		}
	}
	e.expect(rOne, "SADD", "a", "0")
	e.expect(encHT, "OBJECT", "ENCODING", "a")
	e.expect(num(513), "SCARD", "a")
	// One command adding past the limit.
	args[1] = "b"
	args = append(args, "1000")
	e.expect(num(513), args...)
	e.expect(encHT, "OBJECT", "ENCODING", "b")
}

func TestSetAlgebra(t *testing.T) {
	e := newKV(t)
	e.expect(num(6), "SADD", "s", "3", "1", "2", "-5", "10", "7")
	e.expect(num(6), "SADD", "t", "6", "5", "4", "3", "2", "1")
	e.expect(arr("1", "2", "3"), "SINTER", "s", "t")
	e.expect(arr("1", "2", "3"), "SINTER", "t", "s")
	e.expect(num(3), "SINTERCARD", "2", "s", "t")
	e.expect(num(2), "SINTERCARD", "2", "s", "t", "LIMIT", "2")
	e.expect(num(3), "SINTERCARD", "2", "s", "t", "limit", "0")
	e.expect(num(6), "SINTERCARD", "1", "s", "LIMIT", "9", "LIMIT", "0")
	e.expect(num(3), "SINTERSTORE", "d", "s", "t")
	e.expect(arr("1", "2", "3"), "SMEMBERS", "d")
	e.expect(encIntset, "OBJECT", "ENCODING", "d")
	e.expect(arr("-5", "1", "2", "3", "4", "5", "6", "7", "10"), "SUNION", "s", "t", "nokey")
	e.expect(num(9), "SUNIONSTORE", "u", "s", "nokey", "t")
	e.expect(arr("-5", "1", "2", "3", "4", "5", "6", "7", "10"), "SMEMBERS", "u")
	e.expect(arr("4", "5", "6"), "SDIFF", "t", "s")
	e.expect(arr("-5", "7", "10"), "SDIFF", "s", "t", "nokey")
	e.expect(num(3), "SDIFFSTORE", "d", "t", "s")
	e.expect(arr("4", "5", "6"), "SMEMBERS", "d")
	e.expect(arr(), "SDIFF", "s", "s")
	e.expect(arr(), "SDIFF", "s", "t", "s")
	e.expect(arr(), "SDIFF", "nokey", "s")
	e.expect(arr("-5", "1", "2", "3", "7", "10"), "SDIFF", "s", "nokey")
	e.expect(arr("-5", "1", "2", "3", "7", "10"), "SINTER", "s", "s")
	e.expect(arr(), "SINTER", "s", "nokey")
	e.expect(rZero, "SINTERCARD", "2", "s", "nokey")
	// An empty result deletes the destination, whatever it held.
	e.expect(rOK, "SET", "str", "v")
	e.expect(rZero, "SDIFFSTORE", "str", "s", "s")
	e.expect(rZero, "EXISTS", "str")
	e.expect(rZero, "SINTERSTORE", "d", "s", "nokey")
	e.expect(rZero, "EXISTS", "d")
	e.expect(rOK, "SET", "str", "v")
	e.expect(num(6), "SUNIONSTORE", "str", "s")
	e.expect("+set\r\n", "TYPE", "str")
	// The destination may be a source; its TTL goes, as with SET.
	e.expect(rOne, "EXPIRE", "s", "100")
	e.expect(num(3), "SINTERSTORE", "s", "s", "t")
	e.expect(arr("1", "2", "3"), "SMEMBERS", "s")
	e.expect(":-1\r\n", "TTL", "s")

	// Arguments.
	e.expect(rOK, "SET", "str2", "v")
	e.expect(rerr(errSetNumkeys), "SINTERCARD", "0", "s")
	e.expect(rerr(errSetNumkeys), "SINTERCARD", "abc", "s")
	e.expect(rerr(errSetNumkeys), "SINTERCARD", "-1", "s")
	e.expect(rerr(errSetNumkeysMax), "SINTERCARD", "3", "s")
	e.expect(rerr(errSetLimit), "SINTERCARD", "1", "s", "LIMIT", "-1")
	e.expect(rerr(errSetLimit), "SINTERCARD", "1", "s", "LIMIT", "x")
	e.expect(rerr(ErrSyntax), "SINTERCARD", "1", "s", "LIMIT")
	e.expect(rerr(ErrSyntax), "SINTERCARD", "1", "s", "foo")
	e.expect(rerr(ErrSyntax), "SINTERCARD", "1", "str2", "foo") // options before keys
	e.expect(rOK, "SET", "str2", "v")
	e.expect(rerr(ErrWrongType), "SINTERCARD", "2", "nokey", "str2")
	e.expect(rerr(ErrWrongType), "SINTER", "nokey", "str2")
	e.expect(rerr(ErrWrongType), "SDIFF", "nokey", "str2")
	e.expect(rerr(ErrWrongType), "SUNIONSTORE", "d", "s", "str2")
	e.expect(rerr(ErrWrongType), "SDIFFSTORE", "d", "nokey", "str2")
}

func TestSetAlgebraEncodings(t *testing.T) {
	e := newKV(t)
	e.expect(num(4), "SADD", "h", "1", "2", "3", "x")
	e.expect(num(2), "SADD", "i", "2", "3")
	e.expect(num(2), "SINTERSTORE", "d", "h", "i")
	e.expect(encIntset, "OBJECT", "ENCODING", "d")
	e.expect(num(1), "SADD", "x", "x")
	e.expect(num(1), "SDIFFSTORE", "d", "h", "x", "i", "i", "i")
	e.expect(encIntset, "OBJECT", "ENCODING", "d")
	e.expect(num(3), "SDIFFSTORE", "d", "h", "x")
	e.expect(encIntset, "OBJECT", "ENCODING", "d")
	// SDIFF by adding the first set whole then removing the others
	// (Redis's algorithm 2, chosen when the others are small): a hashtable
	// first set makes a hashtable result.
	e.expect(num(9), "SADD", "h9", "1", "2", "3", "4", "5", "6", "7", "8", "x")
	e.expect(num(1), "SADD", "y", "y")
	e.expect(num(8), "SDIFFSTORE", "d", "h9", "x", "y")
	e.expect(encHT, "OBJECT", "ENCODING", "d")
	e.expect(num(4), "SUNIONSTORE", "d", "h")
	e.expect(encHT, "OBJECT", "ENCODING", "d")
	e.expect(num(2), "SUNIONSTORE", "d", "i")
	e.expect(encIntset, "OBJECT", "ENCODING", "d")
	e.expect(rOne, "SMOVE", "h", "n", "1")
	e.expect(encIntset, "OBJECT", "ENCODING", "n")
	e.expect(rOne, "SMOVE", "h", "n2", "x")
	e.expect(encHT, "OBJECT", "ENCODING", "n2")
	e.expect(num(3), "SADD", "h2", "5", "6", "x")
	e.expect(rOne, "SREM", "h2", "x")
	e.expect(num(2), "SUNIONSTORE", "d", "h2")
	e.expect(encIntset, "OBJECT", "ENCODING", "d")
}

func TestSetMove(t *testing.T) {
	e := newKV(t)
	e.expect(num(3), "SADD", "s", "1", "2", "3")
	e.expect(rOne, "SMOVE", "s", "d", "2")
	e.expect(arr("1", "3"), "SMEMBERS", "s")
	e.expect(arr("2"), "SMEMBERS", "d")
	e.expect(rZero, "SMOVE", "s", "d", "9")
	e.expect(rZero, "SMOVE", "nokey", "d", "1")
	e.expect(rOne, "SMOVE", "s", "s", "1")
	e.expect(rZero, "SMOVE", "s", "s", "9")
	e.expect(rOK, "SET", "str", "v")
	e.expect(rZero, "SMOVE", "nokey", "str", "1") // a missing source wins
	e.expect(rerr(ErrWrongType), "SMOVE", "s", "str", "1")
	e.expect(rerr(ErrWrongType), "SMOVE", "str", "s", "1")
	e.expect(rerr(ErrWrongType), "SMOVE", "s", "str", "9")
	e.expect(arr("1", "3"), "SMEMBERS", "s")
	e.expect(num(1), "SADD", "d", "1")
	e.expect(rOne, "SMOVE", "s", "d", "1") // already there: still 1
	e.expect(rOne, "SMOVE", "s", "d", "3")
	e.expect(rZero, "EXISTS", "s")
	e.expect(arr("1", "2", "3"), "SMEMBERS", "d")
}

func TestSetPopRandom(t *testing.T) {
	e := newKV(t)
	e.expect(rNull, "SPOP", "nokey")
	e.expect(arr(), "SPOP", "nokey", "3")
	e.expect(rNull, "SRANDMEMBER", "nokey")
	e.expect(arr(), "SRANDMEMBER", "nokey", "5")
	e.expect(arr(), "SRANDMEMBER", "nokey", "-5")
	e.expect(rerr(errSetPositive), "SPOP", "nokey", "-1")
	e.expect(rerr(errSetPositive), "SPOP", "nokey", "x")
	e.expect(rerr(ErrSyntax), "SPOP", "nokey", "1", "2")
	e.expect(rerr(ErrSyntax), "SRANDMEMBER", "nokey", "1", "2")
	e.expect(rerr(ErrNotInteger), "SRANDMEMBER", "nokey", "x")
	e.expect(rerr(errSetRandRange), "SRANDMEMBER", "nokey", "-9223372036854775808")
	e.expect(num(3), "SADD", "s", "3", "1", "2")
	e.expect(arr(), "SPOP", "s", "0")
	e.expect(arr(), "SRANDMEMBER", "s", "0")
	e.expect(arr("1", "2", "3"), "SRANDMEMBER", "s", "3")
	e.expect(arr("1", "2", "3"), "SRANDMEMBER", "s", "30")
	e.expect(arr("1", "2", "3"), "SPOP", "s", "3")
	e.expect(rZero, "EXISTS", "s")

	all := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"}
	e.expect(num(10), append([]string{"SADD", "s"}, all...)...)
	for i := 0; i < 50; i++ {
		r := e.do("SRANDMEMBER", "s")
		if !slices.Contains(all, r[len(r)-3:len(r)-2]) {
			t.Fatalf("SRANDMEMBER = %q", r)
		}
		got := bulks(t, e.do("SRANDMEMBER", "s", "4"))
		if len(got) != 4 || len(slices.Compact(got)) != 4 {
			t.Fatalf("SRANDMEMBER 4 = %q", got)
		}
		got = bulks(t, e.do("SRANDMEMBER", "s", "-20"))
		if len(got) != 20 {
			t.Fatalf("SRANDMEMBER -20 = %q", got)
		}
		for _, g := range got {
			if !slices.Contains(all, g) {
				t.Fatalf("SRANDMEMBER -20 = %q", got)
			}
		}
	}
	// SPOP takes members out, each once.
	var popped []string
	for _, n := range []string{"1", "4", "3"} { // 3 of 2 remaining: the "new set" path
		popped = append(popped, bulks(t, e.do("SPOP", "s", n))...)
	}
	r := e.do("SPOP", "s")
	popped = append(popped, r[len(r)-3:len(r)-2])
	rest := bulks(t, e.do("SMEMBERS", "s"))
	got := append(popped, rest...)
	slices.Sort(got)
	if !slices.Equal(got, all) || len(rest) != 1 {
		t.Fatalf("popped %q, left %q", popped, rest)
	}
	// SPOP leaving few members builds them into a new set, as Redis
	// does: an intset when they are integers; a smaller SPOP keeps the
	// encoding.
	for i := 0; i < 20; i++ {
		e.do("DEL", "h")
		e.expect(num(7), "SADD", "h", "x", "1", "2", "3", "4", "5", "6")
		e.do("SPOP", "h", "6")
		enc := encHT
		if left := bulks(t, e.do("SMEMBERS", "h")); !slices.Contains(left, "x") {
			enc = encIntset
		}
		e.expect(enc, "OBJECT", "ENCODING", "h")
		e.do("DEL", "h")
		e.expect(num(7), "SADD", "h", "x", "1", "2", "3", "4", "5", "6")
		e.do("SPOP", "h", "2")
		e.expect(encHT, "OBJECT", "ENCODING", "h")
	}
}

func TestSetScan(t *testing.T) {
	e := newKV(t)
	scan := func(elems ...string) string { return "*2\r\n$1\r\n0\r\n" + arr(elems...) }
	e.expect(scan(), "SSCAN", "nokey", "0")
	e.expect(scan(), "SSCAN", "nokey", "0", "COUNT", "x") // options come after the lookup
	e.expect(rerr("ERR invalid cursor"), "SSCAN", "nokey", "x")
	e.expect(num(5), "SADD", "s", "10", "1", "3", "-5", "11")
	e.expect(scan("-5", "1", "3", "10", "11"), "SSCAN", "s", "0")
	e.expect(scan("-5", "1", "3", "10", "11"), "SSCAN", "s", "0", "COUNT", "1")
	e.expect(scan("1", "10", "11"), "SSCAN", "s", "0", "MATCH", "1*")
	e.expect(scan("1", "10", "11"), "SSCAN", "s", "0", "match", "1*", "count", "2", "match", "1*")
	e.expect(rerr(ErrSyntax), "SSCAN", "s", "0", "COUNT", "0")
	e.expect(rerr(ErrNotInteger), "SSCAN", "s", "0", "COUNT", "x")
	e.expect(rerr(ErrSyntax), "SSCAN", "s", "0", "TYPE", "set")
	e.expect(rerr(ErrSyntax), "SSCAN", "s", "0", "MATCH")
	e.expect(num(1), "SADD", "e", "")
	e.expect(scan(""), "SSCAN", "e", "0", "MATCH", "*")
	e.expect(scan(), "SSCAN", "e", "0", "MATCH", "**")
}

func TestSetResp3(t *testing.T) {
	e := newKV(t)
	e.c.Client.Proto = 3
	e.expect(num(3), "SADD", "s", "3", "1", "2")
	e.expect(set3("1", "2", "3"), "SMEMBERS", "s")
	e.expect(set3("1", "2", "3"), "SINTER", "s", "s")
	e.expect(set3("1", "2", "3"), "SUNION", "s", "nokey")
	e.expect(set3("1", "2", "3"), "SDIFF", "s", "nokey")
	e.expect(set3(), "SINTER", "s", "nokey")
	e.expect(set3(), "SMEMBERS", "nokey")
	e.expect(set3(), "SPOP", "nokey", "1")
	e.expect(set3(), "SPOP", "s", "0")
	e.expect("_\r\n", "SPOP", "nokey")
	e.expect("_\r\n", "SRANDMEMBER", "nokey")
	e.expect(arr(), "SRANDMEMBER", "nokey", "2")
	e.expect(arr("1", "2", "3"), "SRANDMEMBER", "s", "3")
	e.expect(ints(1, 0), "SMISMEMBER", "s", "1", "0")
	e.expect("*2\r\n$1\r\n0\r\n"+arr("1", "2", "3"), "SSCAN", "s", "0")
	e.expect(set3("1", "2", "3"), "SPOP", "s", "3")
}

// TestSetEvents checks the keyspace events against those redis-server
// 7.0.15 sent for the same commands (notify-keyspace-events Egsnm).
func TestSetEvents(t *testing.T) {
	e := newKV(t)
	rc := &recConn{}
	sub := NewCtx(e.c.Shared, NewClient(2, rc, e.host.Now(), true))
	sub.Dispatch([][]byte{[]byte("PSUBSCRIBE"), []byte("__keyevent@*")})
	e.c.Shared.Notify.Configure("Egsnm")
	rc.events(t)
	var got []string
	for _, c := range []string{"sadd s 1 2 3", "sadd s 1", "sadd s x", "srem s x y", "srem s nope",
		"smove s d 1", "smove s d 2", "sadd d 2", "smove s d 3", "smove d d 2", "spop d",
		"sadd p 1 2 3 4 5", "spop p 2", "spop p 0", "spop p 5", "sadd a 1 2", "sadd b 2 3",
		"sinterstore i a b", "sinterstore i a nope", "sunionstore u a b", "sdiffstore u a a",
		"sdiffstore dd a b", "srem a 1 2", "smembers nope", "sismember nope x", "scard nope",
		"srandmember nope", "sscan nope 0", "sinter nope b", "sunion b nope", "smove nope b 1", "spop nope"} {
		e.do(strings.Fields(c)...)
		got = append(got, rc.events(t)...)
	}
	want := "new s sadd s sadd s srem s srem s new d sadd d srem s sadd d srem s del s sadd d spop d " +
		"new p sadd p spop p spop p del p new a sadd a new b sadd b new i sinterstore i keymiss nope del i " +
		"new u sunionstore u del u new dd sdiffstore dd srem a del a keymiss nope keymiss nope keymiss nope " +
		"keymiss nope keymiss nope keymiss nope keymiss nope"
	if g := strings.ReplaceAll(strings.Join(got, " "), "0 ", ""); g != want {
		t.Errorf("events\n got %s\nwant %s", g, want)
	}
}

func TestSetInExec(t *testing.T) {
	e := newKV(t)
	e.expect(num(3), "SADD", "a", "1", "2", "3")
	if got := e.doExec("SINTERCARD", "1", "a"); got != num(3) {
		t.Errorf("SINTERCARD in EXEC = %q", got)
	}
	if got := e.doExec("SMEMBERS", "a"); got != arr("1", "2", "3") {
		t.Errorf("SMEMBERS in EXEC = %q", got)
	}
	if got := e.doExec("SMOVE", "a", "b", "1"); got != rOne {
		t.Errorf("SMOVE in EXEC = %q", got)
	}
	e.expect(arr("1"), "SMEMBERS", "b")
}

// TestSetLarge drives sets whose values are chained in the slab (several
// open at once) and checks the algebra against a model.
func TestSetLarge(t *testing.T) {
	e := newKV(t)
	// Two sets of about 600 KB (chained values) whose union still fits
	// the 1 MB item limit.
	const n, shift = 36000, 1000
	model := map[string]map[string]bool{"a": {}, "b": {}}
	for _, k := range []string{"a", "b"} {
		args := []string{"SADD", k}
		for i := 0; i < n; i++ {
			j := i
			if k == "b" {
				j += shift
			}
			m := fmt.Sprintf("member:x:%06d", j)
			args = append(args, m)
			model[k][m] = true
		}
		e.expect(num(n), args...)
	}
	x := e.eng.Lock(0, []byte("a"))
	_, contiguous := x.Value().Bytes()
	x.Unlock()
	if contiguous {
		t.Log("value is contiguous: the chained path is not exercised")
	}
	inter := 0
	for m := range model["a"] {
		if model["b"][m] {
			inter++
		}
	}
	e.expect(num(inter), "SINTERCARD", "2", "a", "b")
	e.expect(num(inter), "SINTERSTORE", "i", "a", "b")
	e.expect(num(2*n-inter), "SUNIONSTORE", "u", "a", "b")
	e.expect(num(n-inter), "SDIFFSTORE", "d", "a", "b")
	e.expect(rOne, "SMOVE", "a", "b", "member:x:000003")
	e.expect(rOne, "SISMEMBER", "b", "member:x:000003")
	e.expect(rZero, "SISMEMBER", "a", "member:x:000003")
	e.expect(rOne, "SMOVE", "a", "b", "member:x:009999") // already in b
	e.expect(rZero, "SISMEMBER", "a", "member:x:009999")
	got := bulks(t, e.do("SDIFF", "b", "a"))
	if len(got) != n-inter+2 {
		t.Errorf("SDIFF b a: %d members, want %d", len(got), n-inter+2)
	}
	e.expect(num(n-2), "SCARD", "a")
}

func TestSetObjectEncodingKind(t *testing.T) {
	if ObjectEncodings[engine.KindSet] == nil {
		t.Fatal("no OBJECT ENCODING for sets")
	}
}

func TestCmpIntText(t *testing.T) {
	vals := []int64{-9223372036854775808, -100, -99, -10, -9, -1, 0, 1, 9, 10, 99, 100, 9223372036854775807}
	for _, a := range vals {
		for _, b := range vals {
			want := 0
			if a < b {
				want = -1
			} else if a > b {
				want = 1
			}
			if got := cmpIntText([]byte(strconv.FormatInt(a, 10)), []byte(strconv.FormatInt(b, 10))); got != want {
				t.Errorf("cmp(%d, %d) = %d", a, b, got)
			}
		}
	}
}

func TestSetSaddAllocs(t *testing.T) {
	e := newKV(t)
	e.do("SADD", "s", "x")
	args := [][]byte{[]byte("SADD"), []byte("s"), []byte("element:000000000000")}
	e.c.Dispatch(args)
	pop := [][]byte{[]byte("SISMEMBER"), []byte("s"), []byte("x")}
	n := testing.AllocsPerRun(100, func() {
		e.c.Out = e.c.Out[:0]
		e.c.Dispatch(args)
		e.c.Dispatch(pop)
	})
	if n > 0 {
		t.Errorf("SADD (existing) + SISMEMBER: %.1f allocs", n)
	}
}
