package engine

import (
	"errors"
	"fmt"
	"testing"
)

// key returns a fixed-width key, so that every test item has the same size.
func key(prefix string, i int) string { return fmt.Sprintf("%s%06d", prefix, i) }

// fill stores 100-byte values under key(prefix, 0..n-1) until memory is
// exactly full (the next store of the same size evicts), returning n.
func fill(t *testing.T, e *Engine, prefix string, exp func(i int) int64) int {
	t.Helper()
	val := make([]byte, 100)
	c := e.Slab().ClassFor(ItemSize(len(key(prefix, 0)), len(val)))
	n := int(e.MemoryLimit()/(1<<20)) * c.PerPage()
	for i := 0; i < n; i++ {
		if _, err := e.Set(0, []byte(key(prefix, i)), val, 0, exp(i)); err != nil {
			t.Fatalf("fill %d: %v", i, err)
		}
	}
	if st := e.Stats(); st.Evictions != 0 || st.Items != int64(n) {
		t.Fatalf("fill: %+v", st)
	}
	return n
}

func has(e *Engine, key string) bool {
	x := e.Lock(0, []byte(key))
	defer x.Unlock()
	return x.Found()
}

func noExp(int) int64 { return 0 }

func TestEvictLRUSecondChance(t *testing.T) {
	for _, p := range []Policy{PolicyLRU, AllKeysLRU} {
		t.Run(p.String(), func(t *testing.T) {
			e := newEngine(t, Config{MemoryLimit: 1 << 20, Policy: p})
			n := fill(t, e, "k", noExp)
			// The oldest item was read: it must not be the next one evicted.
			if _, ok := get(e, key("k", 0)); !ok {
				t.Fatal("k0 gone before pressure")
			}
			for i := 0; i < 10; i++ {
				e.Set(0, []byte(key("new", i)), make([]byte, 100), 0, 0)
			}
			if !has(e, key("k", 0)) {
				t.Fatal("recently read k0 was evicted")
			}
			// k1..k10 were the least recently used: gone, in order; k11 stays.
			for i := 1; i <= 10; i++ {
				if has(e, key("k", i)) {
					t.Fatalf("k%d survived, LRU order broken", i)
				}
			}
			if !has(e, key("k", 11)) || !has(e, key("k", n-1)) {
				t.Fatal("evicted more than needed")
			}
		})
	}
}

func TestEvictNoEviction(t *testing.T) {
	e := newEngine(t, Config{MemoryLimit: 1 << 20, Policy: NoEviction})
	val := make([]byte, 100)
	var err error
	for i := 0; i < 100000 && err == nil; i++ {
		_, err = e.Set(0, []byte(key("k", i)), val, 0, 0)
	}
	if !errors.Is(err, ErrNoMemory) {
		t.Fatalf("err = %v", err)
	}
	if st := e.Stats(); st.Evictions != 0 || !has(e, key("k", 0)) {
		t.Fatalf("evicted under noeviction: %+v", st)
	}
}

func TestEvictVolatileOnlyExpiring(t *testing.T) {
	for _, p := range []Policy{VolatileLRU, VolatileLFU, VolatileRandom, VolatileTTL} {
		t.Run(p.String(), func(t *testing.T) {
			clk := newClock()
			e := newEngine(t, Config{MemoryLimit: 1 << 20, Policy: p, Clock: clk})
			val := make([]byte, 100)
			n := fill(t, e, "k", func(i int) int64 {
				if i%2 == 1 {
					return clk.Now() + 3600_000
				}
				return 0
			})
			// Keep writing persistent keys: only expiring keys may go, then errors.
			var err error
			for i := 0; i < n && err == nil; i++ {
				_, err = e.Set(0, []byte(key("p", i)), val, 0, 0)
			}
			if !errors.Is(err, ErrNoMemory) {
				t.Fatalf("no ErrNoMemory once expiring keys ran out: %v", err)
			}
			for i := 0; i < n; i += 2 {
				if !has(e, key("k", i)) {
					t.Fatalf("persistent k%d evicted", i)
				}
			}
		})
	}
}

func TestEvictLFUKeepsHotKeys(t *testing.T) {
	for _, p := range []Policy{AllKeysLFU, VolatileLFU} {
		t.Run(p.String(), func(t *testing.T) {
			clk := newClock()
			e := newEngine(t, Config{MemoryLimit: 1 << 20, Policy: p, Clock: clk, LFULogFactor: 1})
			exp := func(int) int64 { return clk.Now() + 3600_000 }
			n := fill(t, e, "k", exp)
			for i := 0; i < n; i += 10 { // every tenth key is hot
				for j := 0; j < 200; j++ {
					get(e, key("k", i))
				}
			}
			for i := 0; i < n/2; i++ {
				e.Set(0, []byte(key("new", i)), make([]byte, 100), 0, clk.Now()+3600_000)
			}
			for i := 0; i < n; i += 10 {
				if !has(e, key("k", i)) {
					t.Fatalf("hot key k%d evicted", i)
				}
			}
			if e.Stats().Evictions < uint64(n/3) {
				t.Fatalf("evictions %d", e.Stats().Evictions)
			}
		})
	}
}

func TestEvictVolatileTTLShortestFirst(t *testing.T) {
	clk := newClock()
	e := newEngine(t, Config{MemoryLimit: 1 << 20, Policy: VolatileTTL, Clock: clk, Samples: 10})
	n := fill(t, e, "k", func(i int) int64 { return clk.Now() + 1000_000 + int64(i)*1000 })
	// Overwrite a quarter of the keyspace's worth: the long-lived quarter stays.
	for i := 0; i < n/4; i++ {
		e.Set(0, []byte(key("new", i)), make([]byte, 100), 0, clk.Now()+1e9)
	}
	for i := n * 3 / 4; i < n; i++ {
		if !has(e, key("k", i)) {
			t.Fatalf("long-TTL k%d (of %d) evicted", i, n)
		}
	}
}

func TestEvictAllKeysRandom(t *testing.T) {
	e := newEngine(t, Config{MemoryLimit: 1 << 20, Policy: AllKeysRandom})
	n := fill(t, e, "k", noExp)
	for i := 0; i < n/2; i++ {
		e.Set(0, []byte(key("new", i)), make([]byte, 100), 0, 0)
	}
	oldGone, newGone := 0, 0
	for i := 0; i < n; i++ {
		if !has(e, key("k", i)) {
			oldGone++
		}
	}
	for i := 0; i < n/2; i++ {
		if !has(e, key("new", i)) {
			newGone++
		}
	}
	// Random, not LRU: some new keys went too, and not only the oldest old ones.
	if newGone == 0 || oldGone == 0 || !has(e, key("k", 0)) && !has(e, key("k", 1)) && !has(e, key("k", 2)) && !has(e, key("k", 3)) && has(e, key("k", n-1)) && oldGone < 5 {
		t.Fatalf("old gone %d, new gone %d", oldGone, newGone)
	}
	if got := e.Stats().Evictions; got != uint64(oldGone+newGone) {
		t.Fatalf("evictions %d != %d", got, oldGone+newGone)
	}
}

// TestPageMovesFollowValueSize: a cache filled with 100-byte values, then
// written with 10 KB values, ends up holding 10 KB values (pages moved).
func TestPageMovesFollowValueSize(t *testing.T) {
	clk := newClock()
	const limit = 16 << 20
	e := newEngine(t, Config{MemoryLimit: limit, Clock: clk})
	fill(t, e, "small", noExp)
	clk.Advance(5000)
	big := make([]byte, 10*1024)
	const rounds = 3 * limit / (10 * 1024)
	for i := 0; i < rounds; i++ {
		if _, err := e.Set(0, []byte(key("big", i)), big, 0, 0); err != nil {
			t.Fatalf("big %d: %v", i, err)
		}
		if i%50 == 0 {
			clk.Advance(1000)
			e.maintainOnce(true)
		}
	}
	stored := 0
	for i := 0; i < rounds; i++ {
		if has(e, key("big", i)) {
			stored++
		}
	}
	capacity := limit / e.Slab().ClassFor(ItemSize(8, len(big))).Size()
	if stored < capacity*8/10 {
		t.Fatalf("stored %d 10 KB values, capacity %d", stored, capacity)
	}
	if done, _ := e.Slab().Moves(); done < 10 {
		t.Fatalf("only %d pages moved", done)
	}
	t.Logf("10 KB values stored: %d of capacity %d; pages moved: %d", stored, capacity, e.Stats().PageMoves)
}
