package engine

import (
	"bytes"
	"strings"
	"sync"
	"testing"
)

// lastSet records the last OpSet's value and CAS.
type lastSet struct {
	val []byte
	cas uint64
	n   int
}

func (l *lastSet) Write(r *Record) {
	if r.Op == OpSet {
		l.val = r.Value.AppendTo(l.val[:0])
		l.cas = r.CAS
		l.n++
	}
}

// requested sums the classes' requested bytes.
func requested(e *Engine) int64 {
	var n int64
	for id := 1; id <= e.slab.NumClasses(); id++ {
		n += e.slab.Stats(id).Requested
	}
	return n
}

func TestResize(t *testing.T) {
	clk := newClock()
	e := newEngine(t, Config{Clock: clk})
	log := &lastSet{}
	e.SetWriteLog(log)
	key := []byte("k")
	if _, err := e.Set(0, key, []byte("abc"), 9, clk.Now()+5000); err != nil {
		t.Fatal(err)
	}
	x := e.Lock(0, key)
	cas0 := x.CAS()
	chunk := x.e.slab.ClassOf(x.h).Size()
	grow := chunk - ItemSize(len(key), 0) // the largest value the chunk holds
	if !x.Resize(grow, func(v []byte) {
		if len(v) != grow || string(v[:3]) != "abc" {
			t.Fatalf("edit got %d bytes %q", len(v), v[:3])
		}
		copy(v[3:], strings.Repeat("d", grow-3))
	}) {
		t.Fatal("resize within the chunk refused")
	}
	if x.CAS() == cas0 || log.cas != x.CAS() || log.n != 2 {
		t.Fatalf("cas %d (was %d), logged %d, %d records", x.CAS(), cas0, log.cas, log.n)
	}
	if string(log.val) != "abc"+strings.Repeat("d", grow-3) {
		t.Fatal("the log saw the value before the edit")
	}
	if x.Resize(grow+1, func([]byte) { t.Fatal("edit called") }) {
		t.Fatal("resize past the chunk accepted")
	}
	if x.Flags() != 9 || x.ExpireAt() != clk.Now()+5000 || x.Kind() != KindString {
		t.Fatal("metadata changed")
	}
	x.Unlock()
	st := e.Stats()
	if st.Bytes != int64(ItemSize(1, grow)) || requested(e) != st.Bytes {
		t.Fatalf("bytes %d, requested %d, want %d", st.Bytes, requested(e), ItemSize(1, grow))
	}
	x = e.Lock(0, key)
	if !x.Resize(2, func(v []byte) { v[1] = 'z' }) {
		t.Fatal("shrink refused")
	}
	x.Unlock()
	if v, _ := get(e, "k"); v != "az" {
		t.Fatalf("value %q", v)
	}
	if st := e.Stats(); st.Bytes != int64(ItemSize(1, 2)) || requested(e) != st.Bytes {
		t.Fatalf("bytes %d, requested %d after shrink", st.Bytes, requested(e))
	}
	e.Delete(0, key)
	if st := e.Stats(); st.Bytes != 0 || requested(e) != 0 {
		t.Fatalf("bytes %d, requested %d after delete", st.Bytes, requested(e))
	}
	// No item, or a chained one: refused.
	x = e.Lock(0, key)
	if x.Resize(1, func([]byte) {}) {
		t.Fatal("resize of a missing item")
	}
	x.Unlock()
	big := bytes.Repeat([]byte("b"), e.slab.ChunkMax()+10)
	e.Set(0, key, big, 0, 0)
	x = e.Lock(0, key)
	if x.Resize(len(big), func([]byte) {}) {
		t.Fatal("resize of a chained item")
	}
	x.Unlock()
}

// TestResizeConcurrent resizes keys of shared stripes from several
// goroutines (run with -race) and checks the accounting at the end.
func TestResizeConcurrent(t *testing.T) {
	e := newEngine(t, Config{Stripes: 4})
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 2000; i++ {
				key := []byte{byte('a' + g), byte('0' + i%8)}
				x := e.Lock(0, key)
				if !x.Found() {
					x.Set(&SetOpts{}, make([]byte, 100))
				} else {
					n := 50 + (i*7)%60
					x.Resize(n, func(v []byte) { v[n-1] = byte(i) })
				}
				x.Unlock()
			}
		}(g)
	}
	wg.Wait()
	if st := e.Stats(); st.Bytes != requested(e) {
		t.Fatalf("bytes %d, requested %d", st.Bytes, requested(e))
	}
}
