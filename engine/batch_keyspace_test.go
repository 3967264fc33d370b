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

func TestBatchScanMatchesScan(t *testing.T) {
	e := newEngine(t, Config{Stripes: 16})
	want := map[string]bool{}
	for i := 0; i < 500; i++ {
		k := fmt.Sprintf("key:%d", i)
		want[k] = true
		e.Set(2, []byte(k), []byte("v"), 0, 0)
	}
	scan := func(batch bool) []string {
		var keys []string
		cur := uint64(0)
		for n := 0; ; n++ {
			if n > 10000 {
				t.Fatal("scan does not end")
			}
			fn := func(k []byte, _ Kind) { keys = append(keys, string(k)) }
			if batch {
				var b Batch
				e.LockAll(&b)
				cur = b.Scan(2, cur, 7, fn)
				b.Unlock()
			} else {
				cur = e.Scan(2, cur, 7, fn)
			}
			if cur == 0 {
				return keys
			}
		}
	}
	a, b := scan(false), scan(true)
	if len(a) != len(want) || len(b) != len(want) {
		t.Fatalf("scan found %d and %d keys, want %d", len(a), len(b), len(want))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("Batch.Scan order differs from Scan at %d: %q vs %q", i, b[i], a[i])
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
