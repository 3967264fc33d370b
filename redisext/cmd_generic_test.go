package redisext

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// kvHost is a Host for the key and string command tests: a settable
// clock and proto-max-bulk-len; the other methods panic (nil interface).
type kvHost struct {
	Host
	now     atomic.Int64
	maxBulk string
}

func (h *kvHost) Now() int64          { return h.now.Load() }
func (h *kvHost) RequirePass() string { return "" }
func (h *kvHost) ConfigGet(pattern string) [][2]string {
	if pattern == "proto-max-bulk-len" {
		return [][2]string{{pattern, h.maxBulk}}
	}
	return nil
}

type kvClock struct{ h *kvHost }

func (c kvClock) Now() int64 { return c.h.now.Load() }

// kvEnv runs commands through Dispatch on a real engine, with a fake clock.
type kvEnv struct {
	t    testing.TB
	host *kvHost
	eng  *engine.Engine
	c    *Ctx
}

const kvStart = 1_700_000_000_000

func newKV(t testing.TB) *kvEnv {
	t.Helper()
	h := &kvHost{maxBulk: "536870912"}
	h.now.Store(kvStart)
	eng, err := engine.New(engine.Config{Clock: kvClock{h}, Stripes: 16, MemoryLimit: 32 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Close)
	sh := NewShared(eng, h)
	c := NewCtx(sh, NewClient(1, nil, h.Now(), true))
	return &kvEnv{t: t, host: h, eng: eng, c: c}
}

// do runs one command and returns its raw RESP reply.
func (e *kvEnv) do(args ...string) string {
	e.t.Helper()
	b := make([][]byte, len(args))
	for i, a := range args {
		b[i] = []byte(a)
	}
	e.c.Out = e.c.Out[:0]
	e.c.Dispatch(b)
	if e.c.Batch() != nil && !e.c.inExec {
		e.t.Fatalf("%q left the batch locked", args)
	}
	return string(e.c.Out)
}

// doExec runs one command as EXEC would: with every stripe locked.
func (e *kvEnv) doExec(args ...string) string {
	e.t.Helper()
	e.eng.LockAll(&e.c.batch)
	e.c.inExec = true
	defer func() {
		e.c.inExec = false
		e.c.batch.Unlock()
	}()
	return e.do(args...)
}

// expect runs a command and checks its raw reply.
func (e *kvEnv) expect(want string, args ...string) {
	e.t.Helper()
	if got := e.do(args...); got != want {
		e.t.Errorf("%q = %q, want %q", args, got, want)
	}
}

func (e *kvEnv) advance(ms int64) { e.host.now.Add(ms) }

// bulks decodes an array reply of bulk strings, sorted.
func bulks(t testing.TB, reply string) []string {
	t.Helper()
	v, _, err := resp.ParseReply([]byte(reply))
	if err != nil {
		t.Fatalf("reply %q: %v", reply, err)
	}
	var out []string
	for _, e := range v.Elems {
		out = append(out, string(e.Str))
	}
	sort.Strings(out)
	return out
}

func rerr(msg string) string { return "-" + msg + "\r\n" }

const (
	rOK   = "+OK\r\n"
	rNull = "$-1\r\n"
	rZero = ":0\r\n"
	rOne  = ":1\r\n"
)

func TestParseCursor(t *testing.T) {
	for _, c := range []struct {
		in   string
		want uint64
		ok   bool
	}{
		{"0", 0, true}, {"", 0, true}, {"123", 123, true}, {"+5", 5, true}, {"007", 7, true},
		{"-1", 1<<64 - 1, true}, {"-0", 0, true}, {"18446744073709551615", 1<<64 - 1, true},
		{"18446744073709551616", 0, false}, {" 1", 0, false}, {"1 ", 0, false}, {"+", 0, false},
		{"-", 0, false}, {"abc", 0, false}, {"0x10", 0, false}, {"5\x00junk", 5, true},
	} {
		got, ok := parseCursor([]byte(c.in))
		if ok != c.ok || (ok && got != c.want) {
			t.Errorf("parseCursor(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
		}
	}
}

func TestDelExistsTypeTouch(t *testing.T) {
	e := newKV(t)
	e.do("MSET", "a", "1", "b", "2")
	e.expect(":3\r\n", "EXISTS", "a", "a", "b", "nope")
	e.expect("+string\r\n", "TYPE", "a")
	e.expect("+none\r\n", "TYPE", "nope")
	e.expect(":2\r\n", "TOUCH", "a", "b", "c")
	e.expect(":2\r\n", "DEL", "a", "b", "a", "c")
	e.expect(rZero, "UNLINK", "a")
	e.expect(rZero, "EXISTS", "a")
	e.expect(rerr("ERR wrong number of arguments for 'del' command"), "DEL")
	// Other kinds answer by their Redis type name.
	x := e.eng.Lock(0, []byte("h"))
	x.Set(&engine.SetOpts{Kind: engine.KindHash}, []byte("opaque"))
	x.Unlock()
	e.expect("+hash\r\n", "TYPE", "h")
	e.expect(rerr(ErrWrongType), "GET", "h")
	e.expect("*1\r\n$-1\r\n", "MGET", "h")
	e.expect(rerr(ErrWrongType), "INCR", "h")
	e.expect(rerr(ErrWrongType), "APPEND", "h", "x")
	e.expect(rerr(ErrWrongType), "SET", "h", "v", "GET")
	e.expect(rOK, "SET", "h", "v") // SET overwrites any type
	e.expect("+string\r\n", "TYPE", "h")
}

func TestRenameCopyMove(t *testing.T) {
	e := newKV(t)
	e.expect(rerr(ErrNoSuchKey), "RENAME", "a", "b")
	e.expect(rerr(ErrNoSuchKey), "RENAME", "a", "a")
	e.expect(rerr(ErrNoSuchKey), "RENAMENX", "a", "a")
	e.do("SET", "a", "1", "EX", "100")
	e.expect(rOK, "RENAME", "a", "a")
	e.expect(rZero, "RENAMENX", "a", "a")
	e.expect(rOK, "RENAME", "a", "b")
	e.expect(":100\r\n", "TTL", "b")
	e.expect(rZero, "EXISTS", "a")
	e.do("SET", "c", "3")
	e.expect(rZero, "RENAMENX", "b", "c")
	e.expect(rOne, "RENAMENX", "b", "d")
	e.expect(rOK, "RENAME", "d", "c") // overwrites, and c takes d's TTL
	e.expect(":100\r\n", "TTL", "c")

	// memcached flags travel with the value.
	x := e.eng.Lock(0, []byte("m"))
	x.Set(&engine.SetOpts{Flags: 42}, []byte("mc"))
	x.Unlock()
	e.expect(rOK, "RENAME", "m", "m2")
	e.expect(rOne, "COPY", "m2", "m3")
	for _, k := range []string{"m2", "m3"} {
		x := e.eng.Lock(0, []byte(k))
		if !x.Found() || x.Flags() != 42 {
			t.Errorf("%s: found %v flags %d", k, x.Found(), x.Flags())
		}
		x.Unlock()
	}

	e.expect(rerr(errSameObject), "COPY", "c", "c")
	e.expect(rerr(ErrDBIndex), "COPY", "c", "c", "DB", "16")
	e.expect(rerr(ErrNotInteger), "COPY", "c", "c", "DB", "x")
	e.expect(rerr(ErrSyntax), "COPY", "c", "c", "DB")
	e.expect(rerr(ErrSyntax), "COPY", "c", "e", "FOO")
	e.expect(rZero, "COPY", "nope", "e")
	e.expect(rOne, "COPY", "c", "c", "DB", "1")
	e.expect(rZero, "COPY", "c", "c", "DB", "1")
	e.do("SET", "c", "new")
	e.expect(rOne, "COPY", "c", "c", "db", "1", "replace")
	e.expect(rOK, "SELECT", "1")
	e.expect("$3\r\nnew\r\n", "GET", "c")
	e.expect(":-1\r\n", "TTL", "c") // c's TTL went away with the SET
	e.expect(rOK, "SELECT", "0")

	e.expect(rerr(errSameObject), "MOVE", "c", "0")
	e.expect(rerr(ErrDBIndex), "MOVE", "c", "-1")
	e.expect(rerr(ErrNotInteger), "MOVE", "c", "1.5")
	e.expect(rerr("ERR value is out of range, value must between -2147483648 and 2147483647"), "MOVE", "c", "2147483648")
	e.expect(rerr("ERR invalid second DB index"), "SWAPDB", "0", "2147483648")
	e.expect(rZero, "MOVE", "c", "1") // exists there
	e.expect(rZero, "MOVE", "nope", "1")
	e.do("SET", "mv", "x", "PX", "5000")
	e.expect(rOne, "MOVE", "mv", "2")
	e.expect(rZero, "EXISTS", "mv")
	e.expect(rOK, "SELECT", "2")
	e.expect(":5000\r\n", "PTTL", "mv")
}

func TestExpireFamily(t *testing.T) {
	e := newKV(t)
	e.do("SET", "k", "v")
	e.expect(rZero, "EXPIRE", "nope", "10")
	e.expect(rerr("ERR NX and XX, GT or LT options at the same time are not compatible"), "EXPIRE", "k", "10", "NX", "XX")
	e.expect(rerr("ERR NX and XX, GT or LT options at the same time are not compatible"), "EXPIRE", "k", "10", "gt", "nx")
	e.expect(rerr("ERR GT and LT options at the same time are not compatible"), "EXPIRE", "k", "10", "GT", "LT")
	e.expect(rerr("ERR Unsupported option foo"), "EXPIRE", "k", "10", "foo")
	e.expect(rerr(ErrNotInteger), "EXPIRE", "k", "")
	e.expect(rerr(ErrNotInteger), "EXPIRE", "k", "1.5")
	e.expect(rerr("ERR invalid expire time in 'expire' command"), "EXPIRE", "k", "9223372036854776")
	e.expect(rerr("ERR invalid expire time in 'expire' command"), "EXPIRE", "k", "-9223372036854776")
	e.expect(rerr("ERR invalid expire time in 'expire' command"), "EXPIRE", "k", "9223370399119966")
	e.expect(rerr("ERR invalid expire time in 'pexpire' command"), "PEXPIRE", "k", "9223372036854770000")
	e.expect(":-1\r\n", "TTL", "k")
	e.expect(rZero, "EXPIRE", "k", "100", "XX")
	e.expect(rZero, "EXPIRE", "k", "100", "GT") // no TTL counts as infinite
	e.expect(rOne, "EXPIRE", "k", "100", "LT")
	e.expect(rZero, "EXPIRE", "k", "50", "NX")
	e.expect(rZero, "EXPIRE", "k", "50", "GT")
	e.expect(rOne, "EXPIRE", "k", "200", "GT")
	e.expect(rZero, "EXPIRE", "k", "300", "LT")
	e.expect(rOne, "PEXPIRE", "k", "150500", "XX", "LT")
	e.expect(":151\r\n", "TTL", "k") // rounded to nearest, as Redis
	e.expect(":150500\r\n", "PTTL", "k")
	e.expect(fmt.Sprintf(":%d\r\n", (kvStart+150500+500)/1000), "EXPIRETIME", "k") // rounded too
	e.expect(fmt.Sprintf(":%d\r\n", kvStart+150500), "PEXPIRETIME", "k")
	e.advance(150000)
	e.expect(":1\r\n", "TTL", "k")
	e.advance(499)
	e.expect(":0\r\n", "TTL", "k")
	e.expect(":1\r\n", "PTTL", "k")
	e.expect(rOne, "PERSIST", "k")
	e.expect(rZero, "PERSIST", "k")
	e.expect(rZero, "PERSIST", "nope")
	e.expect(":-2\r\n", "TTL", "nope")
	e.expect(":-2\r\n", "PEXPIRETIME", "nope")
	e.expect(":-1\r\n", "EXPIRETIME", "k")
	e.expect(rOne, "EXPIREAT", "k", fmt.Sprint(kvStart/1000+10000))
	e.expect(rOne, "PEXPIREAT", "k", "9223372036854770000") // capped, still set
	e.expect(rOne, "EXPIRE", "k", "-1")                     // deletes
	e.expect(rZero, "EXISTS", "k")
	e.do("SET", "k", "v")
	e.expect(rOne, "PEXPIREAT", "k", "-9223372036854770000")
	e.expect(":-2\r\n", "TTL", "k")
	e.do("SET", "k", "v", "EX", "1")
	e.advance(1000)
	e.expect(rZero, "EXISTS", "k")
}

func TestKeysScanRandomKey(t *testing.T) {
	e := newKV(t)
	e.expect("*0\r\n", "KEYS", "*")
	e.expect(rNull, "RANDOMKEY")
	e.expect("*2\r\n$1\r\n0\r\n*0\r\n", "SCAN", "0")
	var all []string
	for i := 0; i < 40; i++ {
		k := fmt.Sprintf("key:%d", i)
		all = append(all, k)
		e.do("SET", k, "v")
	}
	e.do("SET", "", "empty key")
	e.do("SET", "gone", "v", "PX", "10")
	e.advance(20)
	sort.Strings(all)
	if got := bulks(t, e.do("KEYS", "key:*")); fmt.Sprint(got) != fmt.Sprint(all) {
		t.Fatalf("KEYS key:* = %v", got)
	}
	if got := bulks(t, e.do("KEYS", "*")); len(got) != 41 || got[0] != "" {
		t.Fatalf("KEYS * = %d keys, first %q", len(got), got[0])
	}
	if got := bulks(t, e.do("KEYS", "key:[1-2]")); fmt.Sprint(got) != "[key:1 key:2]" {
		t.Fatalf("KEYS key:[1-2] = %v", got)
	}
	// A full SCAN reports every key once, in RESP2 and under EXEC alike.
	for _, exec := range []bool{false, true} {
		seen := map[string]int{}
		cur := "0"
		for n := 0; ; n++ {
			if n > 1000 {
				t.Fatal("SCAN does not end")
			}
			var r string
			if exec {
				r = e.doExec("SCAN", cur, "COUNT", "3", "MATCH", "key:*", "TYPE", "STRING")
			} else {
				r = e.do("SCAN", cur, "COUNT", "3", "MATCH", "key:*", "TYPE", "string")
			}
			v, _, perr := resp.ParseReply([]byte(r))
			if perr != nil || len(v.Elems) != 2 {
				t.Fatalf("SCAN reply %q", r)
			}
			for _, k := range v.Elems[1].Elems {
				seen[string(k.Str)]++
			}
			cur = string(v.Elems[0].Str)
			if cur == "0" {
				break
			}
		}
		if len(seen) != 40 {
			t.Fatalf("exec=%v: SCAN saw %d keys", exec, len(seen))
		}
		for k, n := range seen {
			if n != 1 {
				t.Fatalf("exec=%v: SCAN reported %s %d times", exec, k, n)
			}
		}
	}
	if r := e.do("SCAN", "0", "COUNT", "1000", "TYPE", "hash"); r != "*2\r\n$1\r\n0\r\n*0\r\n" {
		t.Fatalf("SCAN TYPE hash = %q", r)
	}
	e.expect(rerr("ERR invalid cursor"), "SCAN", "x")
	e.expect(rerr(ErrSyntax), "SCAN", "0", "COUNT", "0")
	e.expect(rerr(ErrNotInteger), "SCAN", "0", "COUNT", "x")
	e.expect(rerr(ErrSyntax), "SCAN", "0", "MATCH")
	e.expect(rerr(ErrSyntax), "SCAN", "0", "FOO", "bar")
	e.expect("*2\r\n$1\r\n0\r\n*0\r\n", "SCAN", "-1")
	if r := e.do("RANDOMKEY"); !strings.HasPrefix(r, "$") || r == rNull {
		t.Fatalf("RANDOMKEY = %q", r)
	}
	if r := e.doExec("RANDOMKEY"); r == rNull {
		t.Fatalf("RANDOMKEY under EXEC = %q", r)
	}
	if got := bulks(t, e.doExec("KEYS", "key:1?")); len(got) != 10 {
		t.Fatalf("KEYS under EXEC = %v", got)
	}
}

func TestDBSizeFlushSwap(t *testing.T) {
	e := newKV(t)
	e.do("MSET", "a", "1", "b", "2")
	e.expect(":2\r\n", "DBSIZE")
	e.expect(":2\r\n", "DBSIZE")
	e.expect(rerr("ERR invalid first DB index"), "SWAPDB", "x", "1")
	e.expect(rerr("ERR invalid second DB index"), "SWAPDB", "0", "99999999999")
	e.expect(rerr(ErrDBIndex), "SWAPDB", "0", "16")
	e.expect(rOK, "SWAPDB", "0", "1")
	e.expect(rZero, "DBSIZE")
	e.expect(rOK, "SELECT", "1")
	e.expect(":2\r\n", "DBSIZE")
	e.expect(rOK, "SWAPDB", "1", "0") // under EXEC below swaps back
	e.expect(rOK, "SELECT", "0")
	if r := e.doExec("DBSIZE"); r != ":2\r\n" {
		t.Fatalf("DBSIZE under EXEC = %q", r)
	}
	if r := e.doExec("SWAPDB", "0", "1"); r != rOK {
		t.Fatalf("SWAPDB under EXEC = %q", r)
	}
	e.expect(rZero, "DBSIZE")
	e.expect(rerr(ErrSyntax), "FLUSHDB", "foo")
	e.expect(rerr(ErrSyntax), "FLUSHALL", "SYNC", "ASYNC")
	e.expect(rOK, "SELECT", "1")
	e.expect(rOK, "FLUSHDB", "async")
	e.expect(rZero, "DBSIZE")
	e.do("SET", "x", "1")
	e.do("SELECT", "2")
	e.do("SET", "y", "1")
	if r := e.doExec("FLUSHDB"); r != rOK {
		t.Fatalf("FLUSHDB under EXEC = %q", r)
	}
	e.expect(rZero, "DBSIZE")
	e.do("SET", "y", "1")
	e.expect(rOK, "FLUSHALL", "SYNC")
	e.expect(rZero, "DBSIZE")
	e.do("SELECT", "1")
	e.expect(rZero, "DBSIZE")
	e.do("SET", "y", "1")
	if r := e.doExec("FLUSHALL"); r != rOK || e.do("DBSIZE") != rZero {
		t.Fatalf("FLUSHALL under EXEC = %q", r)
	}
}

func TestObject(t *testing.T) {
	e := newKV(t)
	for _, c := range []struct{ v, enc string }{
		{"12", "int"}, {"-9223372036854775808", "int"}, {"9223372036854775808", "embstr"},
		{"012", "embstr"}, {"hello", "embstr"}, {strings.Repeat("x", 44), "embstr"},
		{strings.Repeat("x", 45), "raw"}, {"", "embstr"},
	} {
		e.do("SET", "k", c.v)
		e.expect("$"+fmt.Sprint(len(c.enc))+"\r\n"+c.enc+"\r\n", "OBJECT", "ENCODING", "k")
	}
	e.expect(rNull, "OBJECT", "ENCODING", "nope")
	e.expect(rNull, "OBJECT", "REFCOUNT", "nope")
	e.do("SET", "k", "9999")
	e.expect(":2147483647\r\n", "OBJECT", "REFCOUNT", "k")
	e.do("SET", "k", "10000")
	e.expect(rOne, "OBJECT", "REFCOUNT", "k")
	e.expect(rZero, "object", "idletime", "k")
	e.advance(5000)
	e.expect(":5\r\n", "OBJECT", "IDLETIME", "k")
	e.expect(":5\r\n", "OBJECT", "IDLETIME", "k") // OBJECT does not touch
	e.do("GET", "k")
	e.expect(rZero, "OBJECT", "IDLETIME", "k")
	if r := e.do("OBJECT", "FREQ", "k"); !strings.HasPrefix(r, "-ERR An LFU maxmemory policy is not selected") {
		t.Fatalf("OBJECT FREQ = %q", r)
	}
	e.eng.SetPolicy(engine.AllKeysLFU)
	if r := e.do("OBJECT", "FREQ", "k"); !strings.HasPrefix(r, ":") {
		t.Fatalf("OBJECT FREQ under LFU = %q", r)
	}
	if r := e.do("OBJECT", "IDLETIME", "k"); !strings.HasPrefix(r, "-ERR An LFU maxmemory policy is selected") {
		t.Fatalf("OBJECT IDLETIME under LFU = %q", r)
	}
	e.expect(rerr("ERR unknown subcommand 'foo'. Try OBJECT HELP."), "OBJECT", "foo")
	e.expect(rerr("ERR wrong number of arguments for 'object|encoding' command"), "OBJECT", "ENCODING")
	if r := e.do("OBJECT", "HELP"); !strings.HasPrefix(r, "*15\r\n+OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:\r\n") ||
		!strings.HasSuffix(r, "+HELP\r\n+    Prints this help.\r\n") {
		t.Fatalf("OBJECT HELP = %q", r)
	}
}

func TestCommandTableEntries(t *testing.T) {
	for _, list := range [][]*Command{stringCommands, genericCommands} {
		for _, cmd := range list {
			if cmd.Handler == nil || cmd.Arity == 0 || cmd.Name != strings.ToLower(cmd.Name) || cmd.Since == "" || cmd.Summary == "" {
				t.Errorf("bad entry %+v", cmd)
			}
			if cmd.Flags&(Write|ReadOnly) == 0 && len(cmd.Subcommands) == 0 {
				t.Errorf("%s is neither write nor readonly", cmd.Name)
			}
		}
	}
}

// recConn records what the broker pushes to a subscriber.
type recConn struct {
	Conn
	mu  sync.Mutex
	got [][]byte
}

func (r *recConn) Push(b []byte) bool {
	r.mu.Lock()
	r.got = append(r.got, append([]byte(nil), b...))
	r.mu.Unlock()
	return true
}

// events returns the keyevent notifications received since the last call,
// as "event key" strings.
func (r *recConn) events(t testing.TB) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, b := range r.got {
		for len(b) > 0 {
			v, n, perr := resp.ParseReply(b)
			if perr != nil {
				t.Fatalf("pushed %q: %v", b, perr)
			}
			b = b[n:]
			if len(v.Elems) == 4 && string(v.Elems[0].Str) == "pmessage" {
				ch := string(v.Elems[2].Str)
				_, ev, _ := strings.Cut(ch, "__:")
				db := strings.TrimSuffix(strings.TrimPrefix(ch, "__keyevent@"), "__:"+ev)
				out = append(out, db+" "+ev+" "+string(v.Elems[3].Str))
			}
		}
	}
	r.got = nil
	return out
}

func TestKeyspaceEvents(t *testing.T) {
	e := newKV(t)
	e.c.Eng.SetWriteLog(e.c.Shared.Watches) // as the server does: expiries come from the write log
	rc := &recConn{}
	sub := NewCtx(e.c.Shared, NewClient(2, rc, e.host.Now(), true))
	sub.Dispatch([][]byte{[]byte("PSUBSCRIBE"), []byte("__keyevent@*")})
	e.c.Shared.Notify.Configure("Eg$nmx")
	rc.events(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"SET", "a", "1"}, "[0 new a 0 set a]"},
		{[]string{"SET", "a", "2", "EX", "100"}, "[0 set a 0 expire a]"},
		{[]string{"GET", "nope"}, "[0 keymiss nope]"},
		{[]string{"MGET", "a", "nope"}, "[0 keymiss nope]"},
		{[]string{"OBJECT", "ENCODING", "nope"}, "[]"},
		{[]string{"INCR", "a"}, "[0 incrby a]"},
		{[]string{"INCRBYFLOAT", "f", "1.5"}, "[0 new f 0 incrbyfloat f]"},
		{[]string{"APPEND", "a", "x"}, "[0 append a]"},
		{[]string{"SETRANGE", "s", "2", "x"}, "[0 new s 0 setrange s]"},
		{[]string{"SETRANGE", "s", "2", ""}, "[]"},
		{[]string{"GETEX", "a", "PERSIST"}, "[0 persist a]"},
		{[]string{"GETEX", "a", "PERSIST"}, "[]"},
		{[]string{"EXPIRE", "a", "100"}, "[0 expire a]"},
		{[]string{"PERSIST", "a"}, "[0 persist a]"},
		{[]string{"RENAME", "a", "b"}, "[0 new b 0 rename_from a 0 rename_to b]"},
		{[]string{"COPY", "b", "c", "DB", "3"}, "[3 new c 3 copy_to c]"},
		{[]string{"MOVE", "b", "5"}, "[5 new b 0 move_from b 5 move_to b]"},
		{[]string{"MSET", "x", "1", "f", "2"}, "[0 new x 0 set x 0 set f]"},
		{[]string{"GETDEL", "x"}, "[0 del x]"},
		{[]string{"DEL", "f", "s", "nope"}, "[0 del f 0 del s]"},
		// As in Redis, a past expiry is stored; the key expires (and
		// "expired" is sent) at its next access.
		{[]string{"SET", "p", "v", "PXAT", "1"}, "[0 new p 0 set p 0 expire p]"},
		{[]string{"SET", "p", "v"}, "[0 expired p 0 new p 0 set p]"},
		{[]string{"EXPIRE", "p", "-1"}, "[0 del p]"},
		{[]string{"SETNX", "q", "1"}, "[0 new q 0 set q]"},
		{[]string{"GETSET", "q", "2"}, "[0 set q]"},
		{[]string{"FLUSHALL"}, "[]"},
	} {
		e.do(c.args...)
		if got := fmt.Sprint(rc.events(t)); got != c.want {
			t.Errorf("%q: events %s, want %s", c.args, got, c.want)
		}
	}
}

func FuzzParseCursor(f *testing.F) {
	for _, s := range []string{"0", "", "-1", "18446744073709551615", "18446744073709551616", " 1", "+7", "1\x00x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, ok := parseCursor([]byte(s))
		digits := len(s) > 0 && strings.Trim(s, "0123456789") == ""
		if digits {
			want, err := strconv.ParseUint(s, 10, 64)
			if ok != (err == nil) || (ok && got != want) {
				t.Fatalf("parseCursor(%q) = %d, %v; strconv says %d, %v", s, got, ok, want, err)
			}
		}
	})
}
