package engine

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync/atomic"
	"testing"
)

// fakeClock is a settable clock (Unix ms).
type fakeClock struct{ ms atomic.Int64 }

func (c *fakeClock) Now() int64       { return c.ms.Load() }
func (c *fakeClock) Advance(ms int64) { c.ms.Add(ms) }
func newClock() *fakeClock            { c := &fakeClock{}; c.ms.Store(1_700_000_000_000); return c }

func newEngine(t testing.TB, cfg Config) *Engine {
	t.Helper()
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

func get(e *Engine, key string) (string, bool) {
	v, _, ok := e.Get(0, []byte(key), nil)
	return string(v), ok
}

func TestSetGetDelete(t *testing.T) {
	e := newEngine(t, Config{})
	if _, ok := get(e, "a"); ok {
		t.Fatal("hit on empty engine")
	}
	cas1, err := e.Set(0, []byte("a"), []byte("hello"), 7, 0)
	if err != nil {
		t.Fatal(err)
	}
	v, m, ok := e.Get(0, []byte("a"), nil)
	if !ok || string(v) != "hello" || m.Flags != 7 || m.CAS != cas1 {
		t.Fatalf("get = %q %+v %v", v, m, ok)
	}
	cas2, _ := e.Set(0, []byte("a"), []byte("world!"), 0, 0)
	if cas2 <= cas1 {
		t.Fatalf("cas not increasing: %d then %d", cas1, cas2)
	}
	if v, _ := get(e, "a"); v != "world!" {
		t.Fatalf("overwrite: %q", v)
	}
	if _, ok := get(e, "a"); !ok {
		t.Fatal("lost")
	}
	// Databases are separate keyspaces.
	if _, _, ok := e.Get(1, []byte("a"), nil); ok {
		t.Fatal("db 1 sees db 0")
	}
	if !e.Delete(0, []byte("a")) || e.Delete(0, []byte("a")) {
		t.Fatal("delete results wrong")
	}
	if st := e.Stats(); st.Items != 0 || st.Bytes != 0 || st.TotalItems != 2 {
		t.Fatalf("stats %+v", st)
	}
}

func TestExpiry(t *testing.T) {
	clk := newClock()
	e := newEngine(t, Config{Clock: clk})
	e.Set(0, []byte("k"), []byte("v"), 0, clk.Now()+1500)
	clk.Advance(1499)
	if _, ok := get(e, "k"); !ok {
		t.Fatal("expired early")
	}
	clk.Advance(1)
	x := e.Lock(0, []byte("k"))
	if x.Found() || !x.Expired() {
		t.Fatalf("found=%v expired=%v at expiry time", x.Found(), x.Expired())
	}
	x.Unlock()
	if st := e.Stats(); st.Items != 0 || st.Reclaimed != 1 {
		t.Fatalf("stats %+v", st)
	}
	// A past expiry stores nothing.
	e.Set(0, []byte("p"), []byte("v"), 0, clk.Now()-1)
	if _, ok := get(e, "p"); ok {
		t.Fatal("stored with past expiry")
	}
}

func TestSweepRemovesExpired(t *testing.T) {
	clk := newClock()
	e := newEngine(t, Config{Clock: clk})
	for i := 0; i < 5000; i++ {
		exp := int64(0)
		if i%2 == 0 {
			exp = clk.Now() + 1000
		}
		e.Set(0, []byte(fmt.Sprint("key", i)), []byte("value"), 0, exp)
	}
	clk.Advance(2000)
	removed := 0
	for i := 0; i < 100 && removed < 2500; i++ {
		removed += e.SweepExpired(1000)
	}
	if removed != 2500 {
		t.Fatalf("removed %d, want 2500", removed)
	}
	if st := e.Stats(); st.Items != 2500 {
		t.Fatalf("items %d", st.Items)
	}
}

func TestLargeChainedValues(t *testing.T) {
	e := newEngine(t, Config{MaxItemSize: 8 << 20, MemoryLimit: 64 << 20})
	for _, n := range []int{0, 1, 1000, 524288 - 100, 524288, 524288 + 1, 1 << 20, 3<<20 + 12345} {
		val := make([]byte, n)
		for i := range val {
			val[i] = byte(i * 7)
		}
		key := fmt.Sprintf("big%d", n)
		if _, err := e.Set(0, []byte(key), val, 1, 0); err != nil {
			t.Fatalf("set %d: %v", n, err)
		}
		got, _, ok := e.Get(0, []byte(key), nil)
		if !ok || !bytes.Equal(got, val) {
			t.Fatalf("size %d: ok=%v len=%d", n, ok, len(got))
		}
	}
	// Append to a chained value keeps every byte.
	x := e.Lock(0, []byte("big1048576"))
	old := x.Value()
	if _, err := x.SetValue(&SetOpts{}, []byte("<<"), old, []byte(">>")); err != nil {
		t.Fatal(err)
	}
	x.Unlock()
	got, _, _ := e.Get(0, []byte("big1048576"), nil)
	if len(got) != 1<<20+4 || string(got[:2]) != "<<" || string(got[len(got)-2:]) != ">>" || got[2+1000] != byte(1000*7%256) {
		t.Fatalf("append to chain: len %d", len(got))
	}
	if _, err := e.Set(0, []byte("huge"), make([]byte, 8<<20), 0, 0); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err = %v", err)
	}
	e.FlushAll()
	if st := e.Stats(); st.Items != 0 || st.Bytes != 0 {
		t.Fatalf("after flush %+v", st)
	}
	for id := 1; id <= e.Slab().NumClasses(); id++ {
		if st := e.Slab().Stats(id); st.Used != 0 || st.Requested != 0 {
			t.Fatalf("class %d still used after flush: %+v", id, st)
		}
	}
}

func TestLongKeys(t *testing.T) {
	e := newEngine(t, Config{})
	for _, n := range []int{1, 250, 254, 255, 256, 1000, 70000} {
		key := bytes.Repeat([]byte{'k'}, n)
		key[n-1] = byte(n)
		if _, err := e.Set(0, key, []byte("v"), 0, 0); err != nil {
			t.Fatal(n, err)
		}
		if v, _, ok := e.Get(0, key, nil); !ok || string(v) != "v" {
			t.Fatalf("key len %d lost", n)
		}
	}
}

// TestModel runs random operations against the engine and a map with a
// fake clock, with memory large enough that nothing is evicted.
func TestModel(t *testing.T) {
	clk := newClock()
	e := newEngine(t, Config{Clock: clk, MemoryLimit: 256 << 20, MaxItemSize: 4 << 20, Databases: 3})
	type entry struct {
		val   string
		flags uint32
		exp   int64
	}
	model := make([]map[string]entry, 3)
	for i := range model {
		model[i] = map[string]entry{}
	}
	live := func(db int, k string) (entry, bool) {
		en, ok := model[db][k]
		if ok && en.exp != 0 && en.exp <= clk.Now() {
			delete(model[db], k)
			return entry{}, false
		}
		return en, ok
	}
	r := rand.New(rand.NewPCG(1, 2))
	keys := make([]string, 300)
	for i := range keys {
		keys[i] = fmt.Sprintf("key:%d:%s", i, bytes.Repeat([]byte("x"), r.IntN(300)))
	}
	randVal := func() string {
		n := r.IntN(200)
		switch r.IntN(20) {
		case 0:
			n = r.IntN(2 << 20)
		case 1:
			n = 0
		}
		// A short random prefix, then a cheap repeated fill.
		p := fmt.Sprintf("%x", r.Uint64())
		if n <= len(p) {
			return p[:n]
		}
		return p + strings.Repeat(p[:1], n-len(p))
	}
	steps := 30000
	if testing.Short() {
		steps = 4000
	}
	for step := 0; step < steps; step++ {
		db := r.IntN(3)
		k := keys[r.IntN(len(keys))]
		switch op := r.IntN(100); {
		case op < 35:
			v, f := randVal(), r.Uint32()
			exp := int64(0)
			if r.IntN(3) == 0 {
				exp = clk.Now() + int64(r.IntN(5000)) - 500
			}
			if _, err := e.Set(db, []byte(k), []byte(v), f, exp); err != nil {
				t.Fatalf("step %d set: %v", step, err)
			}
			if exp != 0 && exp <= clk.Now() {
				delete(model[db], k)
			} else {
				model[db][k] = entry{v, f, exp}
			}
		case op < 70:
			got, m, ok := e.Get(db, []byte(k), nil)
			want, wok := live(db, k)
			if ok != wok || (ok && (string(got) != want.val || m.Flags != want.flags || m.ExpireAt != want.exp)) {
				t.Fatalf("step %d get %q db %d: got %v %d bytes %+v, want %v %d bytes %+v", step, k[:8], db, ok, len(got), m, wok, len(want.val), want)
			}
		case op < 78:
			ok := e.Delete(db, []byte(k))
			_, wok := live(db, k)
			if ok != wok {
				t.Fatalf("step %d delete: %v want %v", step, ok, wok)
			}
			delete(model[db], k)
		case op < 86: // append / prepend
			add := randVal()
			prepend := r.IntN(2) == 0
			x := e.Lock(db, []byte(k))
			want, wok := live(db, k)
			if x.Found() != wok {
				t.Fatalf("step %d append found %v want %v", step, x.Found(), wok)
			}
			if x.Found() {
				o := SetOpts{Flags: x.Flags(), KeepTTL: true}
				var err error
				if prepend {
					_, err = x.SetValue(&o, []byte(add), x.Value(), nil)
					want.val = add + want.val
				} else {
					_, err = x.SetValue(&o, nil, x.Value(), []byte(add))
					want.val += add
				}
				if errors.Is(err, ErrTooLarge) {
					want.val = model[db][k].val
				} else if err != nil {
					t.Fatal(err)
				}
				model[db][k] = want
			}
			x.Unlock()
		case op < 92: // touch
			exp := int64(0)
			if r.IntN(2) == 0 {
				exp = clk.Now() + int64(r.IntN(4000)) - 200
			}
			x := e.Lock(db, []byte(k))
			want, wok := live(db, k)
			if x.Found() != wok {
				t.Fatalf("step %d touch found %v want %v", step, x.Found(), wok)
			}
			if x.Found() {
				x.SetExpire(exp)
				if exp != 0 && exp <= clk.Now() {
					delete(model[db], k)
				} else {
					want.exp = exp
					model[db][k] = want
				}
			}
			x.Unlock()
		case op < 98:
			clk.Advance(int64(r.IntN(400)))
		case op < 99:
			e.SweepExpired(500)
		default:
			if r.IntN(10) == 0 {
				e.FlushDB(db)
				model[db] = map[string]entry{}
			}
		}
	}
	// Final check of every key, and of the counters.
	total := 0
	for db := range model {
		for _, k := range keys {
			got, _, ok := e.Get(db, []byte(k), nil)
			want, wok := live(db, k)
			if ok != wok || string(got) != want.val {
				t.Fatalf("final %q db %d: %v want %v", k[:8], db, ok, wok)
			}
		}
		total += len(model[db])
	}
	e.SweepExpired(1 << 30)
	if st := e.Stats(); st.Items != int64(total) {
		t.Fatalf("items %d, model %d", st.Items, total)
	}
}

func TestScanFullIteration(t *testing.T) {
	e := newEngine(t, Config{MemoryLimit: 64 << 20})
	const n = 20000
	for i := 0; i < n; i++ {
		e.Set(0, []byte(fmt.Sprint("stable", i)), []byte("v"), 0, 0)
	}
	seen := map[string]int{}
	cursor := uint64(0)
	churn := 0
	for {
		cursor = e.Scan(0, cursor, 100, func(key []byte, _ Kind) { seen[string(key)]++ })
		// Churn in between calls: tables grow and shrink under the cursor.
		for j := 0; j < 500; j++ {
			k := []byte(fmt.Sprint("churn", churn))
			e.Set(0, k, []byte("v"), 0, 0)
			if churn%3 != 0 {
				e.Delete(0, k)
			}
			churn++
		}
		if cursor == 0 {
			break
		}
	}
	for i := 0; i < n; i++ {
		k := fmt.Sprint("stable", i)
		if seen[k] != 1 {
			t.Fatalf("%s seen %d times", k, seen[k])
		}
	}
	for k, c := range seen {
		if c != 1 {
			t.Fatalf("%s seen %d times", k, c)
		}
	}
}

func TestWriteLogRecordsReplay(t *testing.T) {
	clk := newClock()
	e := newEngine(t, Config{Clock: clk})
	replica := newEngine(t, Config{Clock: clk})
	e.SetWriteLog(replayer{replica})
	e.Set(0, []byte("a"), []byte("1"), 5, 0)
	e.Set(0, []byte("b"), []byte("2"), 0, clk.Now()+10000)
	x := e.Lock(0, []byte("a"))
	x.SetValue(&SetOpts{Flags: x.Flags()}, nil, x.Value(), []byte("23"))
	x.Unlock()
	e.Delete(0, []byte("b"))
	e.Set(2, []byte("c"), []byte("3"), 0, 0)
	x = e.Lock(2, []byte("c"))
	x.SetExpire(clk.Now() + 5000)
	x.Unlock()
	for _, k := range []struct {
		db  int
		key string
	}{{0, "a"}, {0, "b"}, {2, "c"}} {
		v1, m1, ok1 := e.Get(k.db, []byte(k.key), nil)
		v2, m2, ok2 := replica.Get(k.db, []byte(k.key), nil)
		if ok1 != ok2 || string(v1) != string(v2) || m1.Flags != m2.Flags || m1.ExpireAt != m2.ExpireAt {
			t.Fatalf("%s: primary %q %+v %v, replica %q %+v %v", k.key, v1, m1, ok1, v2, m2, ok2)
		}
	}
	e.FlushAll()
	if replica.Stats().Items != 0 {
		t.Fatal("flush not replayed")
	}
}

type replayer struct{ e *Engine }

func (r replayer) Write(rec *Record) {
	switch rec.Op {
	case OpSet:
		r.e.Set(rec.DB, rec.Key, rec.Value.AppendTo(nil), rec.Flags, rec.ExpireAt)
	case OpDelete, OpEvict:
		r.e.Delete(rec.DB, rec.Key)
	case OpExpire:
		x := r.e.Lock(rec.DB, rec.Key)
		x.SetExpire(rec.ExpireAt)
		x.Unlock()
	case OpFlushDB:
		r.e.FlushDB(rec.DB)
	case OpFlushAll:
		r.e.FlushAll()
	}
}

// TestItemMethodsAfterDelete: every method is safe on an Item whose item
// is gone (a touch with a past expiry deletes it mid-command).
func TestItemMethodsAfterDelete(t *testing.T) {
	e := newEngine(t, Config{})
	e.Set(0, []byte("k"), []byte("v"), 1, 0)
	x := e.Lock(0, []byte("k"))
	x.SetExpire(x.Now() - 1)
	if x.Found() {
		t.Fatal("found after past expiry")
	}
	x.Hit()
	x.SetFlags(2)
	x.SetStale(true)
	x.SetTokenSent(true)
	x.SetBinaryKey(true)
	x.SetCAS(0)
	x.SetExpire(0)
	x.Rewrite([]byte("v"), 0)
	x.Delete()
	if x.Kind() != 0 || x.Len() != 0 || x.Flags() != 0 || x.CAS() != 0 || x.ExpireAt() != 0 ||
		x.Fetched() || x.Stale() || x.TokenSent() || x.BinaryKey() || x.IdleSeconds() != 0 ||
		x.LastAccess() != 0 || x.LFU() != 0 || x.Class() != 0 || x.Size() != 0 || x.Value().Len() != 0 {
		t.Fatal("deleted item reads non-zero")
	}
	x.Unlock()
}

// TestScanNoDoubleReport: a window starting at slot 0 must not walk the
// wrapped front cluster again (a key was reported twice with 41 keys in
// 16 stripes at COUNT 2).
func TestScanNoDoubleReport(t *testing.T) {
	for n := 1; n < 200; n += 7 {
		for _, count := range []int{1, 2, 3, 10} {
			e := newEngine(t, Config{Stripes: 16})
			for i := 0; i < n; i++ {
				e.Set(0, []byte(fmt.Sprint("k", i)), []byte("v"), 0, 0)
			}
			seen := map[string]int{}
			for cur := e.Scan(0, 0, count, func(k []byte, _ Kind) { seen[string(k)]++ }); cur != 0; {
				cur = e.Scan(0, cur, count, func(k []byte, _ Kind) { seen[string(k)]++ })
			}
			if len(seen) != n {
				t.Fatalf("n=%d count=%d: saw %d keys", n, count, len(seen))
			}
			for k, c := range seen {
				if c != 1 {
					t.Fatalf("n=%d count=%d: %s reported %d times", n, count, k, c)
				}
			}
			e.Close()
		}
	}
}

func TestFlushLazy(t *testing.T) {
	clk := newClock()
	e := newEngine(t, Config{Clock: clk})
	e.Set(0, []byte("a"), []byte("1"), 0, 0)
	e.Set(0, []byte("c"), []byte("1"), 0, 0)
	e.Set(1, []byte("a"), []byte("1"), 0, 0)
	e.FlushLazy(0)
	x := e.Lock(0, []byte("a"))
	if x.Found() || !x.Flushed() {
		t.Fatalf("found=%v flushed=%v after flush", x.Found(), x.Flushed())
	}
	x.Unlock()
	if _, _, ok := e.Get(1, []byte("a"), nil); !ok {
		t.Fatal("flush of db 0 reached db 1")
	}
	e.Set(0, []byte("b"), []byte("2"), 0, 0)
	clk.Advance(1500)
	if _, ok := get(e, "b"); !ok {
		t.Fatal("item stored after the flush was flushed")
	}
	e.SweepExpired(1 << 20)
	if st := e.Stats(); st.Items != 2 { // db0 "b", db1 "a"
		t.Fatalf("items after sweep %d", st.Items)
	}
}
