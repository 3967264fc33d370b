package engine

import (
	"fmt"
	"sort"
	"testing"
)

func TestRandomKey(t *testing.T) {
	clk := newClock()
	e := newEngine(t, Config{Stripes: 16, Clock: clk})
	if _, ok := e.RandomKey(0, nil); ok {
		t.Fatal("RandomKey of an empty database found a key")
	}
	e.Set(0, []byte("gone"), []byte("v"), 0, clk.Now()+10)
	clk.Advance(20)
	if k, ok := e.RandomKey(0, nil); ok {
		t.Fatalf("RandomKey returned the expired key %q", k)
	}
	seen := map[string]int{}
	for i := 0; i < 20; i++ {
		e.Set(0, []byte(fmt.Sprintf("k%d", i)), []byte("v"), 0, 0)
	}
	e.Set(1, []byte("other"), []byte("v"), 0, 0)
	for i := 0; i < 2000; i++ {
		k, ok := e.RandomKey(0, []byte("x"))
		if !ok || k[0] != 'x' {
			t.Fatalf("RandomKey = %q, %v", k, ok)
		}
		seen[string(k[1:])]++
	}
	if len(seen) != 20 {
		t.Fatalf("2000 picks saw %d of 20 keys: %v", len(seen), seen)
	}
	if seen["other"] != 0 || seen["gone"] != 0 {
		t.Fatalf("picked a key of another database or an expired one: %v", seen)
	}
	var b Batch
	e.LockAll(&b)
	k, ok := b.RandomKey(1, nil)
	b.Unlock()
	if !ok || string(k) != "other" {
		t.Fatalf("Batch.RandomKey(1) = %q, %v", k, ok)
	}
}

func TestScanKeysReportsEachKeyOnce(t *testing.T) {
	// Small tables whose last cluster wraps to slot 0, scanned with small
	// counts, are where a window starting at slot 0 could see the wrapped
	// entries twice.
	for _, nkeys := range []int{1, 7, 41, 500} {
		e := newEngine(t, Config{Stripes: 16})
		for i := 0; i < nkeys; i++ {
			e.Set(2, []byte(fmt.Sprintf("key:%d", i)), []byte("v"), 0, 0)
		}
		for _, count := range []int{1, 2, 3, 5, 10, 1000} {
			scan := func(batch bool) ([]string, []uint64) {
				var keys []string
				var curs []uint64
				cur := uint64(0)
				for n := 0; ; n++ {
					if n > 100000 {
						t.Fatal("scan does not end")
					}
					fn := func(k []byte, _ Kind) { keys = append(keys, string(k)) }
					if batch {
						var b Batch
						e.LockAll(&b)
						cur = b.Scan(2, cur, count, fn)
						b.Unlock()
					} else {
						cur = e.ScanKeys(2, cur, count, fn)
					}
					curs = append(curs, cur)
					if cur == 0 {
						return keys, curs
					}
				}
			}
			a, ca := scan(false)
			b, cb := scan(true)
			seen := map[string]int{}
			for _, k := range a {
				seen[k]++
				if seen[k] > 1 {
					t.Fatalf("%d keys, COUNT %d: %q reported twice", nkeys, count, k)
				}
			}
			if len(seen) != nkeys {
				t.Fatalf("%d keys, COUNT %d: scan found %d", nkeys, count, len(seen))
			}
			if fmt.Sprint(a) != fmt.Sprint(b) || fmt.Sprint(ca) != fmt.Sprint(cb) {
				t.Fatalf("%d keys, COUNT %d: Batch.Scan differs from ScanKeys", nkeys, count)
			}
		}
	}
}

func TestBatchEachAndSwapDB(t *testing.T) {
	e := newEngine(t, Config{Stripes: 16})
	for i := 0; i < 50; i++ {
		e.Set(3, []byte(fmt.Sprintf("a%d", i)), []byte("v"), 0, 0)
	}
	e.Set(4, []byte("b"), []byte("w"), 0, 0)
	var b Batch
	e.LockAll(&b)
	b.SwapDB(3, 4)
	var keys []string
	b.Each(3, func(x *Item) bool {
		keys = append(keys, string(x.Key()))
		x.Unlock() // a no-op for a batch's Item
		return true
	})
	n := 0
	b.Each(4, func(x *Item) bool { n++; return n < 10 })
	b.Unlock()
	sort.Strings(keys)
	if fmt.Sprint(keys) != "[b]" || n != 10 {
		t.Fatalf("after SwapDB: db3 %v, stopped db4 walk at %d", keys, n)
	}
	// Items record their database: a fresh lookup finds them in the new one.
	if v, _, ok := e.Get(3, []byte("b"), nil); !ok || string(v) != "w" {
		t.Fatalf("Get(3, b) = %q, %v", v, ok)
	}
	if e.DBSize(4) != 50 {
		t.Fatalf("DBSize(4) = %d", e.DBSize(4))
	}
}
