package redis_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/corvidcache/corvid/protocol/resp"
)

// TestHashDifferential sends seeded random sequences of hash commands
// (valid and invalid arguments, wrong types, missing keys, fields and
// values long enough to make Redis switch to a hash table) to Corvid and
// to a real redis-server and compares the replies byte for byte, except
// where Redis's order is its hash table's (HGETALL, HKEYS, HVALS, HSCAN of
// a "hashtable" hash: compared as sets, HSCAN over a whole iteration) and
// what is random (HRANDFIELD: both replies are checked against the hash's
// contents, which are compared first).
//
// CORVID_DIFF_SEED=n runs only seed n; CORVID_DIFF_OPS sets the sequence
// length.
func TestHashDifferential(t *testing.T) {
	refAddr := startRedis(t)
	s := startCorvid(t)
	seeds := []uint64{1, 2, 3, 4}
	if v := os.Getenv("CORVID_DIFF_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		seeds = []uint64{n}
	}
	ops := 2000
	if v := os.Getenv("CORVID_DIFF_OPS"); v != "" {
		ops, _ = strconv.Atoi(v)
	}
	for _, seed := range seeds {
		proto := 2
		if seed%2 == 0 {
			proto = 3
		}
		t.Run(fmt.Sprintf("seed%d-RESP%d", seed, proto), func(t *testing.T) {
			d := &differ{t: t, a: dialRaw(t, s.RespAddr), b: dialRaw(t, refAddr)}
			if proto == 3 {
				d.a.do("HELLO", "3")
				d.b.do("HELLO", "3")
			}
			d.send("FLUSHALL")
			h := &hashGen{r: rand.New(rand.NewPCG(seed, 0x4a5b))}
			for i := 0; i < ops && !t.Failed(); i++ {
				h.step(d)
			}
		})
	}
}

// hashGen makes random hash commands over a few keys.
type hashGen struct{ r *rand.Rand }

var hashKeys = []string{"h1", "h2", "h3", "{h}x", "str"}

func (g *hashGen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

func (g *hashGen) key() string { return hashKeys[g.r.IntN(len(hashKeys))] }

// field is usually one of a few names, sometimes empty or long (past
// hash-max-listpack-value).
func (g *hashGen) field() string {
	switch g.r.IntN(40) {
	case 0:
		return strings.Repeat("F", 65)
	case 1:
		return ""
	case 2:
		return g.pick("10", "-3", "f*", "[f]1")
	}
	return fmt.Sprint("f", g.r.IntN(10))
}

// value is text, an integer (edge cases included), a float, or long.
func (g *hashGen) value() string {
	switch g.r.IntN(12) {
	case 0, 1, 2:
		return strconv.Itoa(g.r.IntN(2000) - 100)
	case 3:
		return g.pick("0", "-1", "9223372036854775807", "-9223372036854775808", "007", "+1", " 1", "1e3", "12.5", "-0.0", "0x10", "", "inf", "nan")
	case 4:
		return fmt.Sprintf("%.3f", g.r.Float64()*1000-500)
	case 5:
		if g.r.IntN(4) == 0 {
			return strings.Repeat("v", 60+g.r.IntN(10)) // around the 64-byte limit
		}
		return strings.Repeat(g.pick("ab", "xyz"), 1+g.r.IntN(10))
	}
	return g.pick("hello", "world", "a", "text with spaces")
}

func (g *hashGen) intArg() string {
	if g.r.IntN(12) == 0 {
		return g.pick("abc", "", "1.5", "+3", "-0", "9223372036854775807", "-9223372036854775808", "99999999999999999999")
	}
	return strconv.Itoa(g.r.IntN(200) - 100)
}

func (g *hashGen) fields(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = g.field()
	}
	return out
}

// step generates one command, sends it to both servers and compares.
func (g *hashGen) step(d *differ) {
	d.t.Helper()
	k := g.key()
	switch n := g.r.IntN(40); {
	case n < 8: // HSET / HMSET
		args := []string{g.pick("HSET", "HSET", "HMSET", "hset"), k}
		for i := 0; i <= g.r.IntN(4); i++ {
			args = append(args, g.field(), g.value())
		}
		if g.r.IntN(12) == 0 {
			args = args[:len(args)-1]
		}
		if g.r.IntN(25) == 0 { // many pairs: the indexed path
			for i := 0; i < 12; i++ {
				args = append(args, g.field(), g.value())
			}
		}
		g.exact(d, args...)
	case n < 10:
		g.exact(d, "HSETNX", k, g.field(), g.value())
	case n < 13:
		g.exact(d, "HGET", k, g.field())
	case n < 15:
		g.exact(d, append([]string{"HMGET", k}, g.fields(1+g.r.IntN(12))...)...)
	case n < 18:
		g.exact(d, append([]string{"HDEL", k}, g.fields(1+g.r.IntN([]int{3, 3, 12}[g.r.IntN(3)]))...)...)
	case n < 19:
		g.exact(d, g.pick("HLEN", "HLEN", "TYPE", "EXISTS"), k)
	case n < 20:
		g.exact(d, g.pick("HSTRLEN", "HEXISTS"), k, g.field())
	case n < 22:
		g.exact(d, "HINCRBY", k, g.field(), g.intArg())
	case n < 24:
		incr := g.pick("1.5", "0.1", "-3", "1e3", "2.5e-3", "abc", "inf", "-inf", "10", "-0.1", "0x10", "")
		g.exact(d, "HINCRBYFLOAT", k, g.field(), incr)
	case n < 27:
		g.all(d, g.pick("HGETALL", "HKEYS", "HVALS"), k)
	case n < 29:
		g.scan(d, k)
	case n < 32:
		g.randfield(d, k)
	case n < 34:
		g.exact(d, "OBJECT", "ENCODING", k)
	case n < 35:
		switch g.r.IntN(5) {
		case 0:
			g.exact(d, "SET", "str", g.value())
		case 1:
			g.exact(d, "DEL", k)
		case 2:
			g.exact(d, "COPY", k, g.key(), "REPLACE")
		case 3:
			g.exact(d, "RENAME", k, g.key())
		default:
			g.exact(d, "EXPIRE", k, "1000")
		}
	case n < 36:
		// Wrong arity.
		args := [][]string{{"HSET", k}, {"HSET", k, "f"}, {"HGET", k}, {"HMGET", k}, {"HDEL", k},
			{"HLEN"}, {"HSETNX", k, "f"}, {"HINCRBY", k, "f"}, {"HINCRBYFLOAT", k}, {"HKEYS"},
			{"HGETALL", k, k}, {"HRANDFIELD"}, {"HSCAN", k}, {"HSTRLEN", k}, {"HEXISTS", k, "a", "b"}}
		g.exact(d, args[g.r.IntN(len(args))]...)
	default:
		// A bigger hash now and then, so that the hashtable paths get work.
		args := []string{"HSET", k}
		for i := 0; i < 30; i++ {
			args = append(args, fmt.Sprint("bulk", g.r.IntN(60)), g.value())
		}
		g.exact(d, args...)
	}
}

// exact sends args to both servers and requires equal replies.
func (g *hashGen) exact(d *differ, args ...string) string {
	d.t.Helper()
	ra, rb := d.send(args...)
	if ra != rb {
		d.fail(args, ra, rb, "replies differ")
	}
	return ra
}

// hashtable reports whether Redis holds key as a hash table (the
// encodings are compared too).
func (g *hashGen) hashtable(d *differ, key string) bool {
	return strings.Contains(g.exact(d, "OBJECT", "ENCODING", key), "hashtable")
}

// all compares HGETALL, HKEYS or HVALS: exactly, or as sets of pairs or
// strings when Redis's order is its hash table's.
func (g *hashGen) all(d *differ, cmd, key string) {
	d.t.Helper()
	if !g.hashtable(d, key) {
		g.exact(d, cmd, key)
		return
	}
	args := []string{cmd, key}
	ra, rb := d.send(args...)
	if ra[0] != rb[0] {
		d.fail(args, ra, rb, "reply types differ")
	}
	pa, pb := replyStrings(ra, cmd == "HGETALL"), replyStrings(rb, cmd == "HGETALL")
	if fmt.Sprint(pa) != fmt.Sprint(pb) {
		d.fail(args, ra, rb, "contents differ")
	}
}

// replyStrings returns the bulk strings of an array or map reply, sorted;
// pairs joins each two into one "k=v".
func replyStrings(r string, pairs bool) []string {
	v, _, err := resp.ParseReply([]byte(r))
	if err != nil {
		return []string{"unparsable " + r}
	}
	var out []string
	for i := 0; i < len(v.Elems); i++ {
		if pairs && i+1 < len(v.Elems) {
			out = append(out, string(v.Elems[i].Str)+"="+string(v.Elems[i+1].Str))
			i++
			continue
		}
		out = append(out, string(v.Elems[i].Str))
	}
	sort.Strings(out)
	return out
}

// scan compares HSCAN: one exact call for a listpack hash (everything,
// cursor 0), a whole iteration compared as a set of pairs otherwise.
func (g *hashGen) scan(d *differ, key string) {
	d.t.Helper()
	cursor := "0"
	if g.r.IntN(8) == 0 {
		cursor = g.pick("abc", " 1", "-1", "", "17")
	}
	var opts []string
	if g.r.IntN(2) == 0 {
		opts = append(opts, "MATCH", g.pick("*", "f*", "f?", "*1", "bulk1*", "nomatch"))
	}
	if g.r.IntN(2) == 0 {
		opts = append(opts, "COUNT", g.pick("1", "2", "5", "100", "0", "x", "-1"))
	}
	if g.r.IntN(12) == 0 {
		opts = append(opts, g.pick("FOO", "TYPE", "MATCH"))
	}
	args := append([]string{"HSCAN", key, cursor}, opts...)
	if !g.hashtable(d, key) {
		g.exact(d, args...)
		return
	}
	ra, rb := d.send(args...)
	if ra[0] == '-' || rb[0] == '-' || cursor != "0" {
		if ra[0] != rb[0] || (ra[0] == '-' && ra != rb) {
			d.fail(args, ra, rb, "reply types differ")
		}
		return
	}
	iterate := func(c *rawConn) []string {
		seen := map[string]bool{}
		cur := "0"
		for n := 0; n < 10000; n++ {
			r := c.do(append([]string{"HSCAN", key, cur}, opts...)...)
			v, _, err := resp.ParseReply([]byte(r))
			if err != nil || len(v.Elems) != 2 {
				return []string{"bad reply " + r}
			}
			el := v.Elems[1].Elems
			for i := 0; i+1 < len(el); i += 2 {
				seen[string(el[i].Str)+"="+string(el[i+1].Str)] = true
			}
			if cur = string(v.Elems[0].Str); cur == "0" {
				break
			}
		}
		var out []string
		for p := range seen {
			out = append(out, p)
		}
		sort.Strings(out)
		return out
	}
	pa, pb := iterate(d.a), iterate(d.b)
	if fmt.Sprint(pa) != fmt.Sprint(pb) {
		d.fail(args, fmt.Sprint(pa), fmt.Sprint(pb), "HSCAN iterations differ")
	}
}

// randfield compares HRANDFIELD: errors, nulls and empty replies exactly;
// otherwise each reply must fit the hash (whose contents are compared
// first): the right number of fields, fields of the hash with their
// values, distinct for a positive count, and, for a listpack hash asked
// for all its fields, the same reply as Redis.
func (g *hashGen) randfield(d *differ, key string) {
	d.t.Helper()
	args := []string{"HRANDFIELD", key}
	if g.r.IntN(5) != 0 {
		args = append(args, g.pick("1", "2", "3", "5", "10", "100", "0", "-1", "-3", "-20", "x", "-9223372036854775808", "4611686018427387904"))
		if g.r.IntN(2) == 0 {
			args = append(args, g.pick("WITHVALUES", "WITHVALUES", "withvalues", "FOO"))
		}
	}
	ht := g.hashtable(d, key)
	var pairs string
	if ht {
		var rb string
		pairs, rb = d.send("HGETALL", key)
		if fmt.Sprint(replyStrings(pairs, true)) != fmt.Sprint(replyStrings(rb, true)) {
			d.fail([]string{"HGETALL", key}, pairs, rb, "contents differ")
		}
	} else {
		pairs = g.exact(d, "HGETALL", key)
	}
	contents := map[string]string{}
	if !strings.HasPrefix(pairs, "-") {
		v, _, _ := resp.ParseReply([]byte(pairs))
		for i := 0; i+1 < len(v.Elems); i += 2 {
			contents[string(v.Elems[i].Str)] = string(v.Elems[i+1].Str)
		}
	}
	ra, rb := d.send(args...)
	if ra[0] == '-' || rb[0] == '-' || ra[0] == '_' || rb[0] == '_' || ra == "$-1\r\n" || ra == "*0\r\n" || rb == "*0\r\n" {
		if ra != rb {
			d.fail(args, ra, rb, "replies differ")
		}
		return
	}
	count, withValues := int64(1), false
	if len(args) >= 3 {
		count, _ = strconv.ParseInt(args[2], 10, 64)
		withValues = len(args) == 4
	}
	if !ht && count >= int64(len(contents)) {
		if ra != rb {
			d.fail(args, ra, rb, "replies differ")
		}
		return
	}
	for _, r := range []string{ra, rb} {
		if why := checkRandfield(r, len(args) >= 3, count, withValues, contents); why != "" {
			d.fail(args, ra, rb, "HRANDFIELD reply does not fit the hash: "+why)
		}
	}
}

// checkRandfield says what is wrong with HRANDFIELD reply r for a hash
// with contents, or "".
func checkRandfield(r string, withCount bool, count int64, withValues bool, contents map[string]string) string {
	v, _, err := resp.ParseReply([]byte(r))
	if err != nil {
		return err.Error()
	}
	if !withCount {
		if _, ok := contents[string(v.Str)]; !ok || v.Kind != resp.KindBulk {
			return "not a field"
		}
		return ""
	}
	var got [][2]string
	for i := 0; i < len(v.Elems); i++ {
		e := v.Elems[i]
		switch {
		case withValues && len(e.Elems) == 2: // RESP3
			got = append(got, [2]string{string(e.Elems[0].Str), string(e.Elems[1].Str)})
		case withValues:
			if i+1 >= len(v.Elems) {
				return "odd length"
			}
			got = append(got, [2]string{string(e.Str), string(v.Elems[i+1].Str)})
			i++
		default:
			got = append(got, [2]string{string(e.Str), contents[string(e.Str)]})
		}
	}
	want := count
	if count < 0 {
		want = -count
	} else if int64(len(contents)) < count {
		want = int64(len(contents))
	}
	if int64(len(got)) != want {
		return fmt.Sprintf("%d fields, want %d", len(got), want)
	}
	seen := map[string]bool{}
	for _, p := range got {
		val, ok := contents[p[0]]
		if !ok || val != p[1] {
			return fmt.Sprintf("%q=%q not in the hash", p[0], p[1])
		}
		if count > 0 && seen[p[0]] {
			return fmt.Sprintf("%q twice", p[0])
		}
		seen[p[0]] = true
	}
	return ""
}
