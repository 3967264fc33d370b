package engine

import (
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
)

// The prefetch hints read the index without its lock: they must stay
// memory-safe while tables grow, shrink and are swapped under them, for any
// hash and any database number, and must not change what lookups find.
func TestPrefetchUnderWrites(t *testing.T) {
	e := newEngine(t, Config{MemoryLimit: 64 << 20, Databases: 4})
	var stop atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		rnd := uint64(1)
		for !stop.Load() {
			rnd = rnd*6364136223846793005 + 1442695040888963407
			for _, db := range []int{-1, 0, 1, 3, 4, 1 << 20} {
				e.PrefetchSlot(db, rnd)
				e.PrefetchItem(db, rnd)
			}
			k := []byte("k" + strconv.Itoa(int(rnd>>40)%5000))
			h := Hash(k)
			e.PrefetchSlot(0, h)
			e.PrefetchItem(0, h)
		}
	}()
	val := []byte("value")
	for round := 0; round < 20; round++ {
		// Fill (tables grow), then delete all (tables shrink), in db 0;
		// swap databases 0 and 1 now and then.
		for i := 0; i < 5000; i++ {
			k := []byte("k" + strconv.Itoa(i))
			x := e.Lock(0, k)
			if _, err := x.Set(&SetOpts{}, val); err != nil {
				t.Fatal(err)
			}
			x.Unlock()
		}
		if round%2 == 1 {
			e.SwapDB(0, 1)
			e.SwapDB(0, 1)
		}
		for i := 0; i < 5000; i++ {
			k := []byte("k" + strconv.Itoa(i))
			x := e.Lock(0, k)
			if b, _ := x.Value().Bytes(); !x.Found() || string(b) != "value" {
				t.Fatalf("round %d: key %s lost", round, k)
			}
			x.Delete()
			x.Unlock()
		}
	}
	stop.Store(true)
	wg.Wait()
}
