package redis_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// TestListDifferential sends seeded random sequences of list commands
// (valid and invalid arguments, wrong types, missing keys) to Corvid and to
// a real redis-server and compares the replies byte for byte; list replies
// are deterministic, so nothing is masked. The "big" runs grow lists past
// the largest slab chunk (chained values, rewritten on every write) and
// back, with elements of a few kilobytes.
func TestListDifferential(t *testing.T) {
	refAddr := startRedis(t)
	s := startCorvid(t)
	for _, tc := range []struct {
		seed  uint64
		proto int
		big   bool
		ops   int
	}{{1, 2, false, 2000}, {2, 3, false, 2000}, {3, 2, false, 2000}, {4, 2, true, 1500}, {5, 3, true, 1500}} {
		t.Run(fmt.Sprintf("seed%d-RESP%d-big%v", tc.seed, tc.proto, tc.big), func(t *testing.T) {
			d := &differ{t: t, a: dialRaw(t, s.RespAddr), b: dialRaw(t, refAddr)}
			if tc.proto == 3 {
				d.a.do("HELLO", "3")
				d.b.do("HELLO", "3")
			}
			d.send("FLUSHALL")
			g := &listGen{r: rand.New(rand.NewPCG(tc.seed, 99)), big: tc.big}
			errs, maxLen, maxBytes := 0, 0, 0
			for i := 0; i < tc.ops && !t.Failed(); i++ {
				args := g.next()
				ra, rb := d.send(args...)
				if ra != rb {
					d.fail(args, ra, rb, "replies differ")
				}
				if strings.HasPrefix(ra, "-") {
					errs++
				}
				if args[0] == "LPUSH" || args[0] == "RPUSH" {
					if n, err := strconv.Atoi(strings.TrimSpace(ra[1:])); err == nil {
						maxLen = max(maxLen, n)
					}
					r := d.a.do("MEMORY", "USAGE", args[1])
					if n, err := strconv.Atoi(strings.TrimSpace(r[1:])); err == nil {
						maxBytes = max(maxBytes, n)
					}
				}
			}
			// Not vacuous: most commands succeed and lists grow.
			if errs > tc.ops*2/5 || maxLen < 20 || tc.big && maxBytes < 540<<10 {
				t.Fatalf("%d errors in %d commands, longest list %d, largest %d bytes", errs, tc.ops, maxLen, maxBytes)
			}
			t.Logf("%d errors in %d commands, longest list %d, largest %d bytes", errs, tc.ops, maxLen, maxBytes)
			// The final state, key by key.
			for _, k := range listKeys {
				args := []string{"LRANGE", k, "0", "-1"}
				if ra, rb := d.send(args...); ra != rb {
					d.fail(args, ra, rb, "final contents differ")
				}
			}
		})
	}
}

var listKeys = []string{"l1", "l2", "l3", "str"}

type listGen struct {
	r   *rand.Rand
	big bool
}

// key picks a key, the string one less often.
func (g *listGen) key() string {
	if g.r.IntN(8) == 0 {
		return "str"
	}
	return listKeys[g.r.IntN(3)]
}

func (g *listGen) pick(s ...string) string { return s[g.r.IntN(len(s))] }

func (g *listGen) elem() string {
	if g.big && g.r.IntN(3) == 0 {
		return strings.Repeat(g.pick("x", "y"), 4000+g.r.IntN(12000))
	}
	return g.pick("a", "b", "c", "a", "1", "", "12345", "-7", strings.Repeat("z", 130), strings.Repeat("w", 20000))
}

func (g *listGen) idx() string {
	switch g.r.IntN(10) {
	case 0:
		return g.pick("abc", "9223372036854775807", "-9223372036854775808", "1.5", "", "99999999999999999999")
	case 1:
		return fmt.Sprint(g.r.IntN(400) - 200)
	}
	return fmt.Sprint(g.r.IntN(17) - 8)
}

func (g *listGen) count() string {
	switch g.r.IntN(8) {
	case 0:
		return g.pick("-1", "abc", "0", "9223372036854775807", "-9223372036854775808")
	case 1:
		return fmt.Sprint(g.r.IntN(100))
	}
	return fmt.Sprint(g.r.IntN(4))
}

func (g *listGen) elems(cmd, key string) []string {
	args := []string{cmd, key}
	for n := 1 + g.r.IntN(4); n > 0; n-- {
		args = append(args, g.elem())
	}
	return args
}

func (g *listGen) next() []string {
	k := g.key()
	pushes := []string{"LPUSH", "RPUSH", "LPUSH", "RPUSH", "LPUSHX", "RPUSHX"}
	n := g.r.IntN(100)
	switch {
	case g.big && n < 45, n < 25:
		return g.elems(pushes[g.r.IntN(len(pushes))], k)
	case n < 40:
		cmd := g.pick("LPOP", "RPOP")
		switch g.r.IntN(4) {
		case 0:
			return []string{cmd, k}
		case 1:
			return []string{cmd, k, g.count(), "extra"}
		}
		return []string{cmd, k, g.count()}
	case n < 45:
		return []string{"LLEN", k}
	case n < 52:
		return []string{"LRANGE", k, g.idx(), g.idx()}
	case n < 56:
		return []string{"LINDEX", k, g.idx()}
	case n < 60:
		return []string{"LSET", k, g.idx(), g.elem()}
	case n < 64:
		return []string{"LINSERT", k, g.pick("BEFORE", "AFTER", "after", "middle"), g.elem(), g.elem()}
	case n < 68:
		return []string{"LREM", k, g.pick("0", "1", "-1", "2", "-2", "abc", "-9223372036854775808"), g.elem()}
	case n < 71:
		return []string{"LTRIM", k, g.idx(), g.idx()}
	case n < 77:
		args := []string{"LPOS", k, g.elem()}
		for m := g.r.IntN(4); m > 0; m-- {
			switch g.r.IntN(5) {
			case 0:
				args = append(args, "RANK", g.pick("1", "2", "-1", "-2", "0", "abc", "-9223372036854775808", "5"))
			case 1:
				args = append(args, "COUNT", g.pick("0", "1", "2", "-1", "x"))
			case 2:
				args = append(args, "MAXLEN", g.pick("0", "1", "3", "-1"))
			case 3:
				args = append(args, g.pick("rank", "count", "FOO"))
			}
		}
		return args
	case n < 83:
		return []string{"LMOVE", k, g.key(), g.pick("LEFT", "RIGHT", "left", "up"), g.pick("LEFT", "RIGHT", "right")}
	case n < 86:
		return []string{"RPOPLPUSH", k, g.key()}
	case n < 91:
		nk := 1 + g.r.IntN(3)
		args := []string{"LMPOP", g.pick(fmt.Sprint(nk), fmt.Sprint(nk), "0", "-1", "x", "9")}
		for i := 0; i < nk; i++ {
			args = append(args, g.key())
		}
		args = append(args, g.pick("LEFT", "RIGHT", "right", "mid"))
		switch g.r.IntN(4) {
		case 0:
			args = append(args, "COUNT", g.pick("1", "2", "10", "0", "-1", "x"))
		case 1:
			args = append(args, "COUNT", "2", "COUNT", "3")
		case 2:
			args = append(args, "COUNT")
		}
		return args
	case n < 93:
		return []string{"SET", "str", g.elem()}
	case n < 95:
		return []string{"DEL", k}
	case n < 97:
		return []string{"TYPE", k}
	case n < 98:
		return []string{"OBJECT", "ENCODING", k}
	}
	return []string{"LRANGE", k, "0", "-1"}
}
