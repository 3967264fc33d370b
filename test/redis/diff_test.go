package redis_test

import (
	"fmt"
	"math/rand/v2"
	"net"
	"os"
	"os/exec"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/corvidcache/corvid/protocol/resp"
	"github.com/corvidcache/corvid/test/harness"
)

// RedisServerPath is the reference server of the differential test.
const RedisServerPath = "/usr/bin/redis-server"

// startRedis starts the reference redis-server on a free loopback port
// without persistence; it is stopped when the test ends. It skips the test
// when redis-server is missing, unless CORVID_REQUIRE_REFERENCE=1.
func startRedis(t testing.TB) string {
	t.Helper()
	harness.RequireReference(t, RedisServerPath)
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port, err := harness.FreePort()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(RedisServerPath, "--port", strconv.Itoa(port), "--bind", "127.0.0.1",
			"--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "", "--loglevel", "warning")
		var out strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		if err := harness.WaitPort("tcp", addr, harness.StartTimeout); err != nil {
			cmd.Process.Kill()
			<-done
			lastErr = fmt.Errorf("%v: %s", err, out.String())
			continue
		}
		t.Cleanup(func() {
			cmd.Process.Signal(syscall.SIGTERM)
			select {
			case <-done:
			case <-time.After(harness.StopTimeout):
				cmd.Process.Kill()
				<-done
			}
		})
		return addr
	}
	t.Fatalf("redis-server did not start: %v", lastErr)
	return ""
}

// TestDifferential sends seeded random sequences of string and key
// commands (valid and invalid) to Corvid and to a real redis-server and
// compares the replies value for value. Masked: TTL drift (±1 s, ±50 ms
// for millisecond replies), what is random (RANDOMKEY's key, SCAN's
// cursors: a full SCAN is compared as a set of keys), KEYS order, OBJECT
// IDLETIME's value, and OBJECT ENCODING/REFCOUNT of values written by
// APPEND, SETRANGE, INCRBYFLOAT or COPY (Redis remembers how a value was
// made; Corvid derives the encoding from the bytes).
//
// CORVID_DIFF_SEED=n runs only seed n; CORVID_DIFF_OPS sets the sequence
// length.
func TestDifferential(t *testing.T) {
	refAddr := startRedis(t)
	s := startCorvid(t)
	seeds := []uint64{1, 2, 3, 4, 5, 6}
	if v := os.Getenv("CORVID_DIFF_SEED"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		seeds = []uint64{n}
	}
	ops := 2500
	if v := os.Getenv("CORVID_DIFF_OPS"); v != "" {
		ops, _ = strconv.Atoi(v)
	}
	kinds := probeKinds(t, s.RespAddr)
	for _, seed := range seeds {
		proto := 2
		if seed%3 == 0 {
			proto = 3
		}
		t.Run(fmt.Sprintf("seed%d-RESP%d", seed, proto), func(t *testing.T) {
			d := &differ{t: t, a: dialRaw(t, s.RespAddr), b: dialRaw(t, refAddr), g: newGen(seed, kinds)}
			if proto == 3 {
				d.a.do("HELLO", "3")
				d.b.do("HELLO", "3")
			}
			d.send("FLUSHALL")
			for i := 0; i < ops && !t.Failed(); i++ {
				d.step()
			}
		})
	}
}

// probeKinds returns the write commands of the other Redis types Corvid
// answers, so the generator can make keys of the wrong type.
func probeKinds(t testing.TB, addr string) [][]string {
	rc := dialRaw(t, addr)
	var out [][]string
	for _, c := range [][]string{
		{"LPUSH", "\x00", "a"}, {"RPUSH", "\x00", "b"}, {"SADD", "\x00", "m"},
		{"HSET", "\x00", "f", "v"}, {"ZADD", "\x00", "1", "m"},
	} {
		if r := rc.do(c...); !strings.HasPrefix(r, "-ERR unknown command") {
			out = append(out, c)
		}
		rc.do("DEL", c[1])
	}
	return out
}

type differ struct {
	t    *testing.T
	a, b *rawConn // Corvid, Redis
	g    *gen
	log  []string
}

// send runs a command on both servers and returns both replies.
func (d *differ) send(args ...string) (string, string) {
	d.t.Helper()
	d.log = append(d.log, fmt.Sprintf("%q", args))
	if len(d.log) > 25 {
		d.log = d.log[1:]
	}
	ra, err := d.a.tryDo(args...)
	if err != nil {
		d.t.Fatalf("corvid: %q: %v (got %q)\nlast commands:\n%s", args, err, ra, strings.Join(d.log, "\n"))
	}
	rb, err := d.b.tryDo(args...)
	if err != nil {
		d.t.Fatalf("redis: %q: %v", args, err)
	}
	return ra, rb
}

func (d *differ) fail(args []string, ra, rb, why string) {
	d.t.Helper()
	d.t.Fatalf("%s for %q\ncorvid: %q\nredis:  %q\nlast commands:\n%s", why, args, ra, rb, strings.Join(d.log, "\n"))
}

// step generates one command and compares the replies.
func (d *differ) step() {
	d.t.Helper()
	args, cmp := d.g.next()
	if cmp == cmpScan {
		d.compareScan(args)
		return
	}
	ra, rb := d.send(args...)
	defer d.g.observe(args, ra)
	switch cmp {
	case cmpExact:
		if ra != rb {
			d.fail(args, ra, rb, "replies differ")
		}
	case cmpTTL, cmpPTTL:
		slack := int64(1)
		if cmp == cmpPTTL {
			slack = 50
		}
		na, erra := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(ra, ":")), 10, 64)
		nb, errb := strconv.ParseInt(strings.TrimSpace(strings.TrimPrefix(rb, ":")), 10, 64)
		if ra != rb && (erra != nil || errb != nil || na < 0 || nb < 0 || na-nb > slack || nb-na > slack) {
			d.fail(args, ra, rb, "TTLs differ")
		}
	case cmpShape:
		if ra[0] != rb[0] || (ra[0] == '-' && ra != rb) {
			d.fail(args, ra, rb, "reply types differ")
		}
	case cmpSorted:
		if ra[0] != rb[0] || fmt.Sprint(sortedBulks(ra)) != fmt.Sprint(sortedBulks(rb)) {
			d.fail(args, ra, rb, "key sets differ")
		}
	case cmpRandomKey:
		nullA, nullB := ra[0] == '_' || ra == "$-1\r\n", rb[0] == '_' || rb == "$-1\r\n"
		if nullA != nullB || ra[0] == '-' || rb[0] == '-' {
			d.fail(args, ra, rb, "RANDOMKEY differs")
		}
	}
	// A key stored with EXAT/PXAT in the past is gone at once in Corvid; in
	// Redis it lingers (counted by DBSIZE) until touched: touch it.
	if d.g.touchAfter != "" {
		k := d.g.touchAfter
		d.g.touchAfter = ""
		if ra, rb := d.send("EXISTS", k); ra != rb {
			d.fail([]string{"EXISTS", k}, ra, rb, "replies differ")
		}
	}
}

// compareScan runs a whole SCAN iteration on both and compares the keys.
// A SCAN from another cursor than 0 is compared by its reply type only:
// cursors are the server's own.
func (d *differ) compareScan(args []string) {
	d.t.Helper()
	if args[1] != "0" && args[1] != "" {
		ra, rb := d.send(args...)
		if ra[0] != rb[0] || (ra[0] == '-' && ra != rb) {
			d.fail(args, ra, rb, "reply types differ")
		}
		return
	}
	iterate := func(c *rawConn) ([]string, string) {
		var keys []string
		cur := args[1]
		for n := 0; n < 10000; n++ {
			a := append([]string{"SCAN", cur}, args[2:]...)
			r := c.do(a...)
			if r[0] == '-' {
				return nil, r
			}
			v, _, err := resp.ParseReply([]byte(r))
			if err != nil || len(v.Elems) != 2 {
				return nil, "bad reply " + r
			}
			for _, k := range v.Elems[1].Elems {
				keys = append(keys, string(k.Str))
			}
			cur = string(v.Elems[0].Str)
			if cur == "0" {
				sort.Strings(keys)
				return keys, ""
			}
		}
		return nil, "SCAN does not end"
	}
	d.log = append(d.log, fmt.Sprintf("%q (whole iteration)", args))
	ka, ea := iterate(d.a)
	kb, eb := iterate(d.b)
	if ea != eb || fmt.Sprint(ka) != fmt.Sprint(kb) {
		d.fail(args, fmt.Sprint(ea, ka), fmt.Sprint(eb, kb), "SCAN iterations differ")
	}
}

func sortedBulks(r string) []string {
	v, _, err := resp.ParseReply([]byte(r))
	if err != nil {
		return []string{"unparsable " + r}
	}
	var out []string
	for _, e := range v.Elems {
		out = append(out, string(e.Str))
	}
	sort.Strings(out)
	return out
}

// How a command's replies are compared.
type cmpMode int

const (
	cmpExact cmpMode = iota
	cmpTTL
	cmpPTTL
	cmpShape
	cmpSorted
	cmpScan
	cmpRandomKey
)

// gen makes random commands over a small set of keys.
type gen struct {
	r     *rand.Rand
	kinds [][]string
	db    int // the selected database
	// tainted holds "db:key" for values whose Redis encoding depends on
	// how they were made (APPEND, SETRANGE, INCRBYFLOAT, COPY).
	tainted    map[string]bool
	touchAfter string
}

func newGen(seed uint64, kinds [][]string) *gen {
	return &gen{r: rand.New(rand.NewPCG(seed, 0x5eed)), kinds: kinds, tainted: map[string]bool{}}
}

func (g *gen) isTainted(db int, k string) bool { return g.tainted[fmt.Sprint(db, ":", k)] }

func (g *gen) setTaint(db int, k string, on bool) {
	if on {
		g.tainted[fmt.Sprint(db, ":", k)] = true
	} else {
		delete(g.tainted, fmt.Sprint(db, ":", k))
	}
}

// observe updates the generator's model from Corvid's reply to args (the
// replies were found equal, or are masked).
func (g *gen) observe(args []string, reply string) {
	if len(args) < 2 {
		return
	}
	ok := !strings.HasPrefix(reply, "-")
	if !ok {
		return // nothing changed (the replies are equal, so in Redis neither)
	}
	cmd := strings.ToUpper(args[0])
	k := args[1]
	switch cmd {
	case "SET":
		opts := strings.ToUpper(strings.Join(args[3:], " "))
		if reply == "+OK\r\n" || (ok && strings.Contains(opts, "GET") && !strings.Contains(opts, "X")) {
			g.setTaint(g.db, k, false)
		}
	case "GETSET", "SETEX", "PSETEX", "INCR", "DECR", "INCRBY", "DECRBY":
		if ok {
			g.setTaint(g.db, k, false)
		}
	case "SETNX":
		if reply == ":1\r\n" {
			g.setTaint(g.db, k, false)
		}
	case "MSET", "MSETNX":
		if reply == "+OK\r\n" || reply == ":1\r\n" {
			for i := 1; i+1 < len(args); i += 2 {
				g.setTaint(g.db, args[i], false)
			}
		}
	case "APPEND", "SETRANGE", "INCRBYFLOAT":
		g.setTaint(g.db, k, true)
	case "RENAME", "RENAMENX":
		if reply == "+OK\r\n" || reply == ":1\r\n" {
			g.setTaint(g.db, args[2], g.isTainted(g.db, k))
		}
	case "COPY":
		if reply == ":1\r\n" {
			dst := g.db
			for i := 3; i+1 < len(args); i++ {
				if strings.EqualFold(args[i], "DB") {
					dst, _ = strconv.Atoi(args[i+1])
				}
			}
			g.setTaint(dst, args[2], true)
		}
	case "MOVE":
		if reply == ":1\r\n" {
			dst, _ := strconv.Atoi(args[2])
			g.setTaint(dst, k, g.isTainted(g.db, k))
		}
	case "SELECT":
		if reply == "+OK\r\n" {
			g.db, _ = strconv.Atoi(k)
		}
	case "SWAPDB":
		if reply == "+OK\r\n" {
			a, _ := strconv.Atoi(args[1])
			b, _ := strconv.Atoi(args[2])
			next := map[string]bool{}
			for key := range g.tainted {
				db, name, _ := strings.Cut(key, ":")
				switch db {
				case strconv.Itoa(a):
					db = strconv.Itoa(b)
				case strconv.Itoa(b):
					db = strconv.Itoa(a)
				}
				next[db+":"+name] = true
			}
			g.tainted = next
		}
	}
}

var diffKeys = []string{"k1", "k2", "k3", "k4", "n1", "n2", "f1", "{tag}x"}

func (g *gen) key() string { return diffKeys[g.r.IntN(len(diffKeys))] }

func (g *gen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

// value is a string value: text, integers (edge cases included), floats.
func (g *gen) value() string {
	switch g.r.IntN(10) {
	case 0, 1:
		return strconv.Itoa(g.r.IntN(20000) - 100)
	case 2:
		return g.pick("0", "-1", "9223372036854775807", "-9223372036854775808", "9999", "10000", "007", "+1", " 1", "1e3", "12.5", "-0.0", "0x10", "")
	case 3:
		return strings.Repeat(g.pick("ab", "xyz", "7"), 1+g.r.IntN(30))
	case 4:
		return fmt.Sprintf("%.3f", g.r.Float64()*1000-500)
	default:
		return g.pick("hello", "world", "ohmytext", "mynewtext", "a", "abcabcabc", "text with spaces")
	}
}

// intArg is usually a small integer, sometimes an edge case or garbage.
func (g *gen) intArg(lo, hi int) string {
	switch g.r.IntN(20) {
	case 0:
		return g.pick("abc", "", "1.5", "+3", "-0", "9223372036854775807", "-9223372036854775808", "99999999999999999999")
	default:
		return strconv.Itoa(lo + g.r.IntN(hi-lo+1))
	}
}

// ttlSecs is a TTL far enough away not to pass during the test, or an
// invalid one.
func (g *gen) ttlSecs() string {
	if g.r.IntN(8) == 0 {
		return g.pick("0", "-5", "abc", "10000000000000000")
	}
	return strconv.Itoa(100 + g.r.IntN(10000))
}

func (g *gen) setOpts(set bool) ([]string, bool) {
	var opts []string
	past := false
	n := g.r.IntN(4)
	if set && g.r.IntN(3) == 0 {
		n = 0
	}
	now := time.Now()
	for i := 0; i < n; i++ {
		switch g.r.IntN(10) {
		case 0:
			if set {
				opts = append(opts, g.pick("NX", "nx"))
			}
		case 1:
			if set {
				opts = append(opts, "XX")
			}
		case 2:
			if set {
				opts = append(opts, "GET")
			} else {
				opts = append(opts, "PERSIST")
			}
		case 3:
			if set {
				opts = append(opts, "KEEPTTL")
			}
		case 4:
			opts = append(opts, "EX", g.ttlSecs())
		case 5:
			opts = append(opts, "PX", strconv.Itoa(100000+g.r.IntN(10000000)))
		case 6:
			opts = append(opts, "EXAT", strconv.FormatInt(now.Unix()+100+int64(g.r.IntN(10000)), 10))
		case 7:
			opts = append(opts, "PXAT", strconv.FormatInt(now.UnixMilli()+100000+int64(g.r.IntN(1000000)), 10))
		case 8:
			opts = append(opts, g.pick("EXAT", "PXAT"), g.pick("1", "1000"))
			past = true
		case 9:
			opts = append(opts, g.pick("FOO", "EX"))
		}
	}
	return opts, past
}

// next returns the next command and how to compare its replies.
func (g *gen) next() ([]string, cmpMode) {
	k := g.key()
	switch g.r.IntN(62) {
	case 0, 1, 2, 3:
		opts, past := g.setOpts(true)
		if past {
			g.touchAfter = k
		}
		return append([]string{"SET", k, g.value()}, opts...), cmpExact
	case 4, 5:
		return []string{"GET", k}, cmpExact
	case 6:
		opts, past := g.setOpts(false)
		if past {
			g.touchAfter = k
		}
		return append([]string{"GETEX", k}, opts...), cmpExact
	case 7:
		return []string{"GETDEL", k}, cmpExact
	case 8:
		return []string{"GETSET", k, g.value()}, cmpExact
	case 9:
		args := []string{"MGET"}
		for i := 0; i <= g.r.IntN(4); i++ {
			args = append(args, g.key())
		}
		return args, cmpExact
	case 10, 11:
		args := []string{g.pick("MSET", "MSETNX")}
		for i := 0; i <= g.r.IntN(3); i++ {
			args = append(args, g.key(), g.value())
		}
		if g.r.IntN(10) == 0 {
			args = args[:len(args)-1]
		}
		return args, cmpExact
	case 12:
		return []string{"SETNX", k, g.value()}, cmpExact
	case 13:
		return []string{"SETEX", k, g.ttlSecs(), g.value()}, cmpExact
	case 14:
		return []string{"PSETEX", k, g.pick("100000", "5000000", "0", "x"), g.value()}, cmpExact
	case 15, 16:
		return []string{g.pick("INCR", "DECR"), g.pick("n1", "n2", k)}, cmpExact
	case 17, 18:
		return []string{g.pick("INCRBY", "DECRBY"), g.pick("n1", "n2", k), g.intArg(-1000, 1000)}, cmpExact
	case 19, 20:
		incr := g.pick("1.5", "0.1", "-3", "1e3", "2.5e-3", "abc", "inf", "10", "-0.1", "3.0e3", "0x10")
		return []string{"INCRBYFLOAT", g.pick("f1", k), incr}, cmpExact
	case 21:
		return []string{"APPEND", k, g.value()}, cmpExact
	case 22:
		return []string{"STRLEN", k}, cmpExact
	case 23:
		return []string{g.pick("GETRANGE", "SUBSTR"), k, g.intArg(-20, 20), g.intArg(-20, 20)}, cmpExact
	case 24:
		off := g.intArg(-1, 40)
		if g.r.IntN(15) == 0 {
			off = "536870912"
		}
		return []string{"SETRANGE", k, off, g.pick("", "x", "XYZ", "hello")}, cmpExact
	case 25:
		args := []string{"LCS", k, g.key()}
		for i := 0; i < g.r.IntN(3); i++ {
			switch g.r.IntN(5) {
			case 0:
				args = append(args, "LEN")
			case 1:
				args = append(args, "IDX")
			case 2:
				args = append(args, "WITHMATCHLEN")
			case 3:
				args = append(args, "MINMATCHLEN", g.intArg(-1, 5))
			case 4:
				args = append(args, "FOO")
			}
		}
		return args, cmpExact
	case 26, 27:
		args := []string{g.pick("DEL", "UNLINK", "EXISTS", "TOUCH")}
		for i := 0; i <= g.r.IntN(3); i++ {
			args = append(args, g.key())
		}
		return args, cmpExact
	case 28:
		return []string{"TYPE", k}, cmpExact
	case 29:
		dst := g.key()
		return []string{g.pick("RENAME", "RENAMENX"), k, dst}, cmpExact
	case 30:
		args := []string{"COPY", k, g.key()}
		if g.r.IntN(2) == 0 {
			args = append(args, "DB", g.pick("0", "1", "1", "16", "x", "99999999999"))
		}
		if g.r.IntN(2) == 0 {
			args = append(args, "REPLACE")
		}
		if g.r.IntN(15) == 0 {
			args = append(args, "BOGUS")
		}
		return args, cmpExact
	case 31:
		return []string{"MOVE", k, g.pick("0", "1", "1", "2", "16", "-1", "x", "2147483648")}, cmpExact
	case 32, 33:
		cmd := g.pick("EXPIRE", "PEXPIRE", "EXPIREAT", "PEXPIREAT")
		var when string
		now := time.Now()
		switch {
		case g.r.IntN(8) == 0:
			when = g.pick("-1", "0", "abc", "", "9223372036854776", "-9223372036854776", "9223372036854770000")
		case cmd == "EXPIRE":
			when = strconv.Itoa(100 + g.r.IntN(10000))
		case cmd == "PEXPIRE":
			when = strconv.Itoa(100000 + g.r.IntN(10000000))
		case cmd == "EXPIREAT":
			when = strconv.FormatInt(now.Unix()+100+int64(g.r.IntN(10000)), 10)
		default:
			when = strconv.FormatInt(now.UnixMilli()+100000+int64(g.r.IntN(10000000)), 10)
		}
		if (cmd == "PEXPIREAT" && when == "9223372036854770000") || (cmd != "EXPIREAT" && cmd != "EXPIRE" && when == "9223372036854776") {
			// Valid in milliseconds (PEXPIRE 9223372036854770000 is not:
			// the sum overflows), but beyond Corvid's 48-bit expiry (year
			// 10889), which TTL then reports: not compared.
			when = "-1"
		}
		args := []string{cmd, k, when}
		for i := 0; i < g.r.IntN(3); i++ {
			args = append(args, g.pick("NX", "XX", "GT", "LT", "gt", "FOO"))
		}
		return args, cmpExact
	case 34, 35:
		return []string{g.pick("TTL", "EXPIRETIME"), k}, cmpTTL
	case 36:
		return []string{g.pick("PTTL", "PEXPIRETIME"), k}, cmpPTTL
	case 37:
		return []string{"PERSIST", k}, cmpExact
	case 38:
		return []string{"KEYS", g.pick("*", "k*", "?1", "[kn]?", "[^k]*", `\{tag\}*`, "*x", "nomatch", "[a-m]*")}, cmpSorted
	case 39, 40:
		args := []string{"SCAN", "0"}
		if g.r.IntN(10) == 0 {
			args[1] = g.pick("abc", " 1", "-1", "")
		}
		if g.r.IntN(2) == 0 {
			args = append(args, "MATCH", g.pick("*", "k*", "n?", "*1"))
		}
		if g.r.IntN(2) == 0 {
			args = append(args, "COUNT", g.pick("1", "2", "5", "100", "0", "x"))
		}
		if g.r.IntN(3) == 0 {
			args = append(args, "TYPE", g.pick("string", "STRING", "list", "hash", "nosuchtype"))
		}
		if g.r.IntN(15) == 0 {
			args = append(args, "FOO")
		}
		return args, cmpScan
	case 41:
		return []string{"RANDOMKEY"}, cmpRandomKey
	case 42, 43:
		sub := g.pick("ENCODING", "REFCOUNT", "IDLETIME", "FREQ", "encoding")
		args := []string{"OBJECT", sub, k}
		switch {
		case strings.EqualFold(sub, "IDLETIME"):
			return args, cmpShape
		case g.isTainted(g.db, k) && sub != "FREQ":
			return args, cmpShape
		}
		return args, cmpExact
	case 44:
		return [][]string{{"OBJECT", "HELP"}, {"OBJECT", "NOPE", k}, {"OBJECT"}, {"OBJECT", "ENCODING"}}[g.r.IntN(4)], cmpExact
	case 45, 46:
		return []string{"DBSIZE"}, cmpExact
	case 47:
		return []string{"SELECT", g.pick("0", "0", "1")}, cmpExact
	case 48:
		if g.r.IntN(4) == 0 {
			return []string{"SWAPDB", g.pick("0", "1", "x", "16", "2147483648"), g.pick("0", "1", "1", "-1")}, cmpExact
		}
		return []string{"DBSIZE"}, cmpExact
	case 49:
		if g.r.IntN(10) == 0 {
			return []string{g.pick("FLUSHDB", "FLUSHALL"), g.pick("SYNC", "ASYNC", "NOW")}, cmpExact
		}
		return []string{"EXISTS", k}, cmpExact
	case 50:
		// Wrong arity and unknown options.
		return [][]string{{"GET"}, {"SET", k}, {"GETRANGE", k, "0"}, {"INCRBY", k}, {"EXPIRE", k},
			{"RENAME", k}, {"TTL"}, {"SETEX", k, "100"}, {"MOVE", k}, {"LCS", k}, {"DBSIZE", "x"},
			{"SWAPDB", "0"}, {"RANDOMKEY", "x"}, {"KEYS"}, {"SCAN"}, {"TYPE", k, k}}[g.r.IntN(16)], cmpExact
	case 51, 52:
		if len(g.kinds) > 0 {
			c := append([]string(nil), g.kinds[g.r.IntN(len(g.kinds))]...)
			c[1] = k
			return c, cmpExact
		}
		return []string{"GET", k}, cmpExact
	default:
		// More counters on the numeric keys.
		n := g.pick("n1", "n2")
		if g.r.IntN(3) == 0 {
			return []string{"SET", n, g.pick("10", "-5", "9223372036854775806", "-9223372036854775807", "0")}, cmpExact
		}
		if g.r.IntN(2) == 0 {
			return []string{g.pick("INCR", "DECR"), n}, cmpExact
		}
		return []string{g.pick("INCRBY", "DECRBY"), n, g.intArg(-100, 100)}, cmpExact
	}
}
