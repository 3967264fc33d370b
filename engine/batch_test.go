package engine

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
)

func TestBatchAtomicTransfer(t *testing.T) {
	// Many goroutines move units between counters under batches while others
	// read single keys: the total never changes and nothing deadlocks.
	e := newEngine(t, Config{Stripes: 16})
	const n = 50
	key := func(i int) []byte { return []byte(fmt.Sprintf("acct%d", i)) }
	for i := 0; i < n; i++ {
		e.Set(0, key(i), []byte{100}, 0, 0)
	}
	var wg sync.WaitGroup
	for w := 0; w < 6; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(uint64(w), 1))
			var b Batch
			for i := 0; i < 2000; i++ {
				a, c := r.IntN(n), r.IntN(n)
				if a == c {
					continue
				}
				e.LockKeys(&b, [][]byte{key(a), key(c)})
				xa := b.Item(0, key(a))
				xc := b.Item(0, key(c))
				va, _ := xa.Value().Bytes()
				vc, _ := xc.Value().Bytes()
				if va[0] > 0 {
					na, nc := va[0]-1, vc[0]+1
					xa.Set(&SetOpts{}, []byte{na})
					xc.Set(&SetOpts{}, []byte{nc})
				}
				b.Unlock()
				if i%10 == 0 {
					e.Get(0, key(r.IntN(n)), nil)
				}
			}
		}(w)
	}
	wg.Wait()
	total := 0
	for i := 0; i < n; i++ {
		v, _, ok := e.Get(0, key(i), nil)
		if !ok {
			t.Fatalf("acct%d lost", i)
		}
		total += int(v[0])
	}
	if total != 100*n {
		t.Fatalf("total %d, want %d", total, 100*n)
	}
}

func TestBatchSameKeyAndAll(t *testing.T) {
	e := newEngine(t, Config{})
	e.Set(0, []byte("a"), []byte("1"), 0, 0)
	var b Batch
	e.LockKeys(&b, [][]byte{[]byte("a"), []byte("a")})
	x1 := b.Item(0, []byte("a"))
	x1.Set(&SetOpts{}, []byte("2"))
	x2 := b.Item(0, []byte("a"))
	if x1 != x2 {
		t.Fatal("same key gave two Items")
	}
	if v, _ := x2.Value().Bytes(); string(v) != "2" {
		t.Fatalf("%q", v)
	}
	x2.Unlock() // no-op inside a batch
	b.Unlock()
	e.LockAll(&b)
	if b.DBSize(0) != 1 || b.FlushDB(0) != 1 || b.DBSize(0) != 0 {
		t.Fatal("batch flush")
	}
	b.Unlock()
	if _, ok := get(e, "a"); ok {
		t.Fatal("flushed key still there")
	}
}
