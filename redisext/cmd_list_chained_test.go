package redisext

import (
	"fmt"
	"math/rand"
	"strconv"
	"strings"
	"testing"

	"github.com/corvidcache/corvid/engine"
)

// Lists whose value is chained across slab chunks (past about half a
// megabyte): edited in place like contiguous ones, never copied whole by a
// push, a pop or a read near an end.

// newListKV is newKV with room for lists of several megabytes.
func newListKV(t testing.TB) *kvEnv {
	t.Helper()
	h := &kvHost{maxBulk: "536870912"}
	h.now.Store(kvStart)
	eng, err := engine.New(engine.Config{Clock: kvClock{h}, Stripes: 16, MemoryLimit: 64 << 20, MaxItemSize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(eng.Close)
	c := NewCtx(NewShared(eng, h), NewClient(1, nil, h.Now(), true))
	return &kvEnv{t: t, host: h, eng: eng, c: c}
}

// chained reports whether key's value is chained.
func (e *kvEnv) chained(key string) bool {
	x := e.eng.Lock(0, []byte(key))
	defer x.Unlock()
	_, contiguous := x.Value().Bytes()
	return x.Found() && !contiguous
}

// bulkArray is the RESP array reply of elems.
func bulkArray(elems []string) string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "*%d\r\n", len(elems))
	for _, s := range elems {
		fmt.Fprintf(&sb, "$%d\r\n%s\r\n", len(s), s)
	}
	return sb.String()
}

// TestListChained runs random pushes, pops, moves, trims and reads at
// both ends of a list that grows from nothing to about 1.5 MB (chained)
// and back, against a model; elements of up to a few kilobytes straddle
// the chunk boundaries.
func TestListChained(t *testing.T) {
	e := newListKV(t)
	rng := rand.New(rand.NewSource(7))
	var model []string
	size := 0 // the model's element bytes
	seq := 0
	elem := func() string {
		seq++
		n := rng.Intn(40)
		switch rng.Intn(10) {
		case 0:
			n = 0
		case 1, 2:
			n = 200 + rng.Intn(3000)
		}
		s := strconv.Itoa(seq) + ":"
		return s + strings.Repeat(string(rune('a'+seq%26)), n)
	}
	do := func(want string, args ...string) {
		t.Helper()
		if got := e.do(args...); got != want {
			if len(got) > 200 {
				got = got[:200] + "..."
			}
			if len(want) > 200 {
				want = want[:200] + "..."
			}
			t.Fatalf("%q = %q, want %q (model %d elements, %d bytes)", args, got, want, len(model), size)
		}
	}
	sum := func(s []string) int {
		n := 0
		for _, x := range s {
			n += len(x)
		}
		return n
	}
	end := func(n int) int { return rng.Intn(min(n, 8)) } // an index near an end
	chained, ops := 0, 0
	for phase, target := range []int{1500 << 10, 0} {
		for (phase == 0 && size < target) || (phase == 1 && len(model) > 0) {
			ops++
			grow := rng.Intn(10) < 7
			if phase == 1 {
				grow = !grow
			}
			switch r := rng.Intn(10); {
			case grow && r < 5:
				k := 1 + rng.Intn(3)
				args := []string{"LPUSH", "l"}
				for i := 0; i < k; i++ {
					s := elem()
					args = append(args, s)
					model = append([]string{s}, model...)
					size += len(s)
				}
				do(":"+strconv.Itoa(len(model))+"\r\n", args...)
			case grow:
				k := 1 + rng.Intn(3)
				args := []string{"RPUSH", "l"}
				for i := 0; i < k; i++ {
					s := elem()
					args = append(args, s)
					model = append(model, s)
					size += len(s)
				}
				do(":"+strconv.Itoa(len(model))+"\r\n", args...)
			case len(model) == 0:
				do("$-1\r\n", "LPOP", "l")
			case r < 2:
				do(bulk(model[0]), "LPOP", "l")
				size -= len(model[0])
				model = model[1:]
			case r < 4:
				do(bulk(model[len(model)-1]), "RPOP", "l")
				size -= len(model[len(model)-1])
				model = model[:len(model)-1]
			case r < 5:
				k := min(1+rng.Intn(5), len(model))
				do(bulkArray(model[:k]), "LPOP", "l", strconv.Itoa(k))
				size -= sum(model[:k])
				model = model[k:]
			case r < 6:
				k := min(1+rng.Intn(5), len(model))
				popped := make([]string, k)
				for i := range popped {
					popped[i] = model[len(model)-1-i]
				}
				do("*2\r\n$1\r\nl\r\n"+bulkArray(popped), "LMPOP", "1", "l", "RIGHT", "COUNT", strconv.Itoa(k))
				size -= sum(popped)
				model = model[:len(model)-k]
			case r < 7:
				a, b := rng.Intn(2) == 0, rng.Intn(2) == 0
				var s string
				if a {
					s, model = model[0], model[1:]
				} else {
					s, model = model[len(model)-1], model[:len(model)-1]
				}
				if b {
					model = append([]string{s}, model...)
				} else {
					model = append(model, s)
				}
				where := func(l bool) string {
					if l {
						return "LEFT"
					}
					return "RIGHT"
				}
				do(bulk(s), "LMOVE", "l", "l", where(a), where(b))
			case r < 8:
				i, j := end(len(model)), end(len(model))
				do(bulk(model[i]), "LINDEX", "l", strconv.Itoa(i))
				do(bulk(model[len(model)-1-j]), "LINDEX", "l", strconv.Itoa(-1-j))
				k := rng.Intn(len(model))
				do(bulk(model[k]), "LINDEX", "l", strconv.Itoa(k))
			case r < 9:
				k := rng.Intn(20)
				do(bulkArray(model[:min(k+1, len(model))]), "LRANGE", "l", "0", strconv.Itoa(k))
				do(bulkArray(model[max(len(model)-k-1, 0):]), "LRANGE", "l", strconv.Itoa(-k-1), "-1")
			default:
				a, b := rng.Intn(3), rng.Intn(3)
				if a+b >= len(model) {
					a, b = 0, 0
				}
				do("+OK\r\n", "LTRIM", "l", strconv.Itoa(a), strconv.Itoa(-1-b))
				size -= sum(model[:a]) + sum(model[len(model)-b:])
				model = model[a : len(model)-b]
			}
			if ops%400 == 0 || len(model) == 0 {
				do(":"+strconv.Itoa(len(model))+"\r\n", "LLEN", "l")
				do(bulkArray(model), "LRANGE", "l", "0", "-1")
				if e.chained("l") {
					chained++
				}
			}
		}
	}
	if chained < 5 {
		t.Fatalf("the list was chained at %d checks only (%d ops)", chained, ops)
	}
	do(":0\r\n", "EXISTS", "l")
}

// chainedList makes key a chained list of n "xxx" elements.
func (e *kvEnv) chainedList(key string, n int) {
	args := []string{"RPUSH", key}
	for i := 0; i < 1000; i++ {
		args = append(args, "xxx")
	}
	for i := 0; i < n; i += 1000 {
		e.do(args...)
	}
	if !e.chained(key) {
		e.t.Fatalf("a list of %d elements is not chained", n)
	}
}

// TestListChainedNoCopy: pushes, pops, moves and reads near the ends of a
// chained list allocate nothing and never copy the value (the connection's
// buffer for a copied collection stays empty).
func TestListChainedNoCopy(t *testing.T) {
	e := newListKV(t)
	e.chainedList("l", 200000)
	for _, cmd := range [][]string{
		{"LPUSH", "l", "xxx"}, {"RPUSH", "l", "xxx", "yyy"}, {"LPOP", "l"}, {"RPOP", "l"},
		{"LPOP", "l", "3"}, {"RPOP", "l", "3"}, {"LMPOP", "1", "l", "LEFT", "COUNT", "2"},
		{"LMOVE", "l", "l", "LEFT", "RIGHT"}, {"RPOPLPUSH", "l", "l"}, {"LLEN", "l"},
		{"LINDEX", "l", "5"}, {"LINDEX", "l", "-5"}, {"LRANGE", "l", "0", "99"}, {"LRANGE", "l", "-600", "-1"},
		{"LTRIM", "l", "1", "-2"}, {"LPUSHX", "l", "a", "b"}, {"RPUSHX", "l", "a", "b"},
	} {
		args := make([][]byte, len(cmd))
		for i, a := range cmd {
			args[i] = []byte(a)
		}
		e.c.Dispatch(args) // a push may first regrow an end
		e.c.collBuf = nil
		n := testing.AllocsPerRun(200, func() {
			e.c.Out = e.c.Out[:0]
			e.c.Dispatch(args)
		})
		if n > 0 {
			t.Errorf("%s: %.1f allocations per call", cmd[0], n)
		}
		if cap(e.c.collBuf) > 0 {
			t.Errorf("%s: copied the list (%d bytes)", cmd[0], cap(e.c.collBuf))
		}
		if !e.chained("l") {
			t.Fatalf("%s: the list is no longer chained", cmd[0])
		}
	}
}

// BenchmarkListChained times a push and a pop at each end of lists of
// 110,000 and 220,000 3-byte elements (0.55 and 1.1 MB, chained; 100,000
// would still fit one chunk): the time per operation does not depend on
// the list's size.
func BenchmarkListChained(b *testing.B) {
	for _, n := range []int{110000, 220000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			e := newListKV(b)
			e.chainedList("l", n)
			cmds := [][][]byte{
				{[]byte("RPUSH"), []byte("l"), []byte("xxx")},
				{[]byte("LPOP"), []byte("l")},
				{[]byte("LPUSH"), []byte("l"), []byte("xxx")},
				{[]byte("RPOP"), []byte("l")},
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e.c.Out = e.c.Out[:0]
				e.c.Dispatch(cmds[i&3])
			}
		})
	}
}

// TestListChainedWatch: an in-place edit of a chained list (logged once,
// after the edit) trips a WATCH on it.
func TestListChainedWatch(t *testing.T) {
	e := newPSEnv(t)
	c, other := e.client(), e.client()
	push := [][]byte{[]byte("RPUSH"), []byte("l")}
	for i := 0; i < 1000; i++ {
		push = append(push, []byte("xxx"))
	}
	for i := 0; i < 120; i++ {
		other.doArgs(push...)
	}
	x := e.eng.Lock(0, []byte("l"))
	_, contiguous := x.Value().Bytes()
	x.Unlock()
	if contiguous {
		t.Fatal("the list is not chained")
	}
	for _, cmd := range []string{"", "RPUSH l a", "LPUSH l b", "LPOP l", "RPOP l", "LTRIM l 1 -2", "LMOVE l l LEFT RIGHT", "LMPOP 1 l RIGHT"} {
		c.do("WATCH l")
		want := "*1\r\n+PONG\r\n"
		if cmd != "" {
			if got := other.do(cmd); strings.HasPrefix(got, "-") {
				t.Errorf("%s: %q", cmd, got)
			}
			want = "*-1\r\n"
		}
		c.do("MULTI")
		c.do("PING")
		if got := c.do("EXEC"); got != want {
			t.Errorf("after %q: EXEC = %q, want %q", cmd, got, want)
		}
	}
	if got := other.do("LLEN l"); got != ":119997\r\n" {
		t.Errorf("LLEN = %q", got)
	}
}

// TestListChainedLimit grows a list at both ends up to the value limit
// (proto-max-bulk-len, lowered to 1 MB here): a push fails (leaving the
// list as it was) only when the list itself, without room, would not fit.
func TestListChainedLimit(t *testing.T) {
	e := newKV(t)
	withMaxValue(t, 1<<20)
	maxItem := valueLimit([]byte("l"))
	batch := []string{"", "l"}
	for i := 0; i < 100; i++ {
		batch = append(batch, "xxx")
	}
	n := 0
	for i := 0; ; i++ {
		batch[0] = []string{"LPUSH", "RPUSH"}[i%2]
		got := e.do(batch...)
		fits := engine.ItemSize(1, listHdr+(n+100)*listEntrySize(3)) <= maxItem
		if fits {
			if got != ":"+strconv.Itoa(n+100)+"\r\n" {
				t.Fatalf("%s at %d elements: %q", batch[0], n, got)
			}
			n += 100
			continue
		}
		if !strings.HasPrefix(got, "-ERR") {
			t.Fatalf("%s past the value limit at %d elements: %q", batch[0], n, got)
		}
		break
	}
	if !e.chained("l") {
		t.Fatal("the list is not chained")
	}
	e.expect(":"+strconv.Itoa(n)+"\r\n", "LLEN", "l")
	e.expect("$3\r\nxxx\r\n", "LINDEX", "l", "-1")
}
