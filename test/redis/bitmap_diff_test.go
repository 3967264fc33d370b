package redis_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"testing"
)

// TestBitmapDifferential sends seeded random bit commands (SETBIT, GETBIT,
// BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO, with valid and invalid
// arguments, ranges in bytes and bits, negative indexes, overflow modes
// and wrong-type keys) to Corvid and to a real redis-server, and compares
// the replies byte for byte.
func TestBitmapDifferential(t *testing.T) {
	refAddr := startRedis(t)
	s := startCorvid(t)
	lists := len(probeKinds(t, s.RespAddr)) > 0 // else no key of another type can be made
	for seed := uint64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			d := &differ{t: t, a: dialRaw(t, s.RespAddr), b: dialRaw(t, refAddr)}
			r := rand.New(rand.NewPCG(seed, 0xb175))
			d.send("FLUSHALL")
			d.send("SET", "str", "foobar")
			d.send("SET", "num", "12345")
			for i := 0; i < 1500 && !t.Failed(); i++ {
				args := bitCommand(r, lists)
				ra, rb := d.send(args...)
				if ra != rb {
					d.fail(args, ra, rb, "replies differ")
				}
			}
		})
	}
}

func bitCommand(r *rand.Rand, lists bool) []string {
	keys := []string{"b1", "b2", "b3", "str", "num", "missing"}
	if lists {
		keys = append(keys, "wrong")
	}
	key := func() string { return keys[r.IntN(len(keys))] }
	pick := func(s ...string) string { return s[r.IntN(len(s))] }
	idx := func() string {
		switch r.IntN(10) {
		case 0:
			return pick("x", "1.5", "", "99999999999999999999")
		case 1, 2:
			return strconv.Itoa(-r.IntN(40))
		}
		return strconv.Itoa(r.IntN(60))
	}
	off := func() string {
		switch r.IntN(12) {
		case 0:
			return pick("-1", "x", "4294967296", "#3", "18446744073709551616")
		case 1:
			return strconv.Itoa(r.IntN(4000))
		}
		return strconv.Itoa(r.IntN(200))
	}
	typ := func() string {
		if r.IntN(15) == 0 {
			return pick("u64", "i65", "u0", "x8", "i", "u-1")
		}
		return fmt.Sprintf("%c%d", "iu"[r.IntN(2)], 1+r.IntN(63))
	}
	val := func() string {
		switch r.IntN(6) {
		case 0:
			return pick("9223372036854775807", "-9223372036854775808", "x", "1e3")
		case 1:
			return strconv.FormatInt(r.Int64N(1<<40)-1<<39, 10)
		}
		return strconv.Itoa(r.IntN(600) - 300)
	}
	switch r.IntN(12) {
	case 0:
		if lists {
			return []string{"LPUSH", "wrong", "x"} // a key of another type
		}
		return []string{"GET", key()}
	case 1, 2:
		return []string{"SETBIT", key(), off(), pick("0", "1", "1", "2", "-1", "x")}
	case 3:
		return []string{"GETBIT", key(), off()}
	case 4:
		a := []string{"BITCOUNT", key()}
		switch r.IntN(4) {
		case 1:
			a = append(a, idx(), idx())
		case 2:
			a = append(a, idx(), idx(), pick("BIT", "byte", "bits"))
		case 3:
			a = append(a, idx())
		}
		return a
	case 5, 6:
		a := []string{"BITPOS", key(), pick("0", "1", "1", "0", "2", "x")}
		n := r.IntN(5)
		if n >= 1 {
			a = append(a, idx())
		}
		if n >= 2 {
			a = append(a, idx())
		}
		if n >= 3 {
			a = append(a, pick("BIT", "BYTE", "bit", "nope"))
		}
		return a
	case 7:
		op := pick("AND", "or", "XOR", "NOT", "nand")
		a := []string{"BITOP", op, pick("b1", "b2", "dest", "str")}
		for n := 1 + r.IntN(3); n > 0; n-- {
			a = append(a, key())
		}
		return a
	case 8:
		return []string{"TYPE", key()}
	default:
		ro := r.IntN(6) == 0
		a := []string{"BITFIELD", key()}
		if ro {
			a[0] = "BITFIELD_RO"
		}
		for n := r.IntN(4); n >= 0; n-- {
			switch r.IntN(5) {
			case 0:
				a = append(a, "GET", typ(), off())
			case 1:
				a = append(a, "SET", typ(), off(), val())
			case 2:
				a = append(a, "INCRBY", typ(), off(), val())
			case 3:
				a = append(a, "OVERFLOW", pick("WRAP", "SAT", "FAIL", "sat", "bogus"))
			default:
				a = append(a, pick("GET", "SET", "INCRBY", "OVERFLOW", "FOO"))
			}
		}
		return a
	}
}
