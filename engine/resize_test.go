package engine

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/corvidcache/corvid/slab"
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

// pattern returns n bytes that differ from their neighbours' offsets.
func pattern(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/251)
	}
	return b
}

// TestEditChained edits a chained value in place: reads and writes across
// chunk boundaries, growth into the last chunk's spare room and shrinking,
// refusals, CAS, the write log and the accounting.
func TestEditChained(t *testing.T) {
	clk := newClock()
	e := newEngine(t, Config{Clock: clk, MaxItemSize: 4 << 20})
	log := &lastSet{}
	e.SetWriteLog(log)
	key := []byte("chain")
	cm := e.slab.ChunkMax()
	want := pattern(2*cm + 100)
	if _, err := e.Set(0, key, want, 5, clk.Now()+9000); err != nil {
		t.Fatal(err)
	}
	x := e.Lock(0, key)
	defer func() { x.Unlock() }()
	if !x.it.chained() {
		t.Fatal("value not chained")
	}
	l := layoutChain(len(key), len(want), cm)
	seg := cm - slab.HeaderSize
	capacity := l.first + l.n*seg // what the chain holds
	if layoutChain(len(key), capacity, cm).n != l.n || layoutChain(len(key), capacity+1, cm).n != l.n+1 {
		t.Fatalf("capacity %d miscomputed", capacity)
	}
	// The shortest value the chain holds: about one byte in the last
	// chunk (a few more, as a shorter chunk table leaves the head chunk
	// more room).
	floor := l.first + (l.n-1)*seg + 1
	for layoutChain(len(key), floor, cm).n != l.n {
		floor++
	}
	// The chunk boundaries, and ranges around them.
	bounds := []int{l.first, l.first + seg}
	v := x.Value()
	for _, b := range bounds {
		for _, r := range [][2]int{{b - 3, 6}, {b - 1, 1}, {b, 1}, {b - 5, 5}, {b, 9}, {b - 1000, 1050}} {
			p := make([]byte, r[1])
			if n := v.ReadAt(p, r[0]); n != r[1] || !bytes.Equal(p, want[r[0]:r[0]+r[1]]) {
				t.Fatalf("ReadAt(%d, %d): %d bytes, differ", r[0], r[1], n)
			}
			crosses := r[0] < b && r[0]+r[1] > b
			if p, ok := v.Peek(r[0], r[1]); ok == crosses || ok && !bytes.Equal(p, want[r[0]:r[0]+r[1]]) {
				t.Fatalf("Peek(%d, %d) ok %v, crosses %v", r[0], r[1], ok, crosses)
			}
		}
	}
	p := make([]byte, 10)
	if n := v.ReadAt(p, len(want)-4); n != 4 || !bytes.Equal(p[:4], want[len(want)-4:]) {
		t.Fatalf("ReadAt at the end: %d", n)
	}
	if _, ok := v.Peek(len(want)-4, 5); ok {
		t.Fatal("Peek past the end")
	}

	check := func(what string, n int) {
		t.Helper()
		got := x.Value().AppendTo(nil)
		if !bytes.Equal(got, want) {
			t.Fatalf("%s: value differs (len %d, want %d)", what, len(got), len(want))
		}
		if !bytes.Equal(log.val, want) || log.cas != x.CAS() || log.n != n {
			t.Fatalf("%s: log saw len %d cas %d (item %d), %d records want %d", what, len(log.val), log.cas, x.CAS(), log.n, n)
		}
		if b := x.s.bytes; b != int64(ItemSize(len(key), len(want))) || requested(e) != b {
			t.Fatalf("%s: bytes %d, requested %d, want %d", what, b, requested(e), ItemSize(len(key), len(want)))
		}
		if x.Flags() != 5 || x.ExpireAt() != clk.Now()+9000 || !x.it.chained() {
			t.Fatalf("%s: metadata changed", what)
		}
	}
	// Same length: rewrite ranges that cross both boundaries.
	cas0 := x.CAS()
	if !x.Edit(len(want), func(w ValueEditor) {
		if w.Len() != len(want) {
			t.Fatalf("editor length %d", w.Len())
		}
		for _, b := range bounds {
			q := bytes.Repeat([]byte{'X'}, 20)
			if n := w.WriteAt(q, b-7); n != 20 {
				t.Fatalf("WriteAt wrote %d", n)
			}
			copy(want[b-7:], q)
			r := make([]byte, 20)
			if w.ReadAt(r, b-7); !bytes.Equal(r, q) {
				t.Fatal("ReadAt after WriteAt")
			}
		}
		if q, ok := w.Bytes(3, 4); !ok {
			t.Fatal("Bytes in the head chunk refused")
		} else {
			copy(q, "head")
			copy(want[3:], "head")
		}
	}) {
		t.Fatal("edit of a chained value refused")
	}
	if x.CAS() == cas0 {
		t.Fatal("CAS not bumped")
	}
	check("same length", 2)
	// Grow into the last chunk's spare room, to the brim.
	old := len(want)
	if !x.Edit(capacity, func(w ValueEditor) {
		tail := pattern(capacity - old + 13)[13:]
		if n := w.WriteAt(append(tail, "past the end"...), old); n != len(tail) {
			t.Fatalf("WriteAt at the end wrote %d, want %d", n, len(tail))
		}
		want = append(want, tail...)
	}) {
		t.Fatal("growth within the chain refused")
	}
	check("grown", 3)
	if x.Edit(capacity+1, func(ValueEditor) { t.Fatal("edit called") }) {
		t.Fatal("growth past the chain accepted")
	}
	if x.Edit(floor-1, func(ValueEditor) { t.Fatal("edit called") }) {
		t.Fatal("shrink that frees a chunk accepted")
	}
	check("refused", 3)
	if !x.Edit(floor, func(w ValueEditor) { w.WriteAt([]byte("end"), floor-3) }) {
		t.Fatal("shrink within the last chunk refused")
	}
	want = append(want[:floor-3], "end"...)
	check("shrunk", 4)
	x.Unlock()
	if v, _ := get(e, "chain"); v != string(want) {
		t.Fatal("Get after edits differs")
	}
	x = e.Lock(0, key)
	x.Delete()
	if b := x.s.bytes; b != 0 || requested(e) != 0 {
		t.Fatalf("bytes %d, requested %d after delete", b, requested(e))
	}
	if used := e.slab.Stats(e.slab.NumClasses()).Used; used != 0 {
		t.Fatalf("%d chunks still used after delete", used)
	}
	if x.Edit(0, func(ValueEditor) { t.Fatal("edit called") }) {
		t.Fatal("edit of a missing item")
	}
}

// TestEditContiguous: Edit on a contiguous value behaves as Resize.
func TestEditContiguous(t *testing.T) {
	e := newEngine(t, Config{})
	log := &lastSet{}
	e.SetWriteLog(log)
	key := []byte("k")
	e.Set(0, key, []byte("abcdef"), 0, 0)
	x := e.Lock(0, key)
	defer x.Unlock()
	chunk := e.slab.ClassOf(x.h).Size()
	grow := chunk - ItemSize(len(key), 0)
	if !x.Edit(grow, func(w ValueEditor) {
		b, ok := w.Bytes(0, grow)
		if !ok || string(b[:6]) != "abcdef" {
			t.Fatal("contiguous value not one piece")
		}
		w.WriteAt([]byte("XY"), grow-2)
		w.WriteAt([]byte("12"), 2)
	}) {
		t.Fatal("edit within the chunk refused")
	}
	got := x.Value().AppendTo(nil)
	if string(got[:6]) != "ab12ef" || string(got[grow-2:]) != "XY" || !bytes.Equal(log.val, got) || log.cas != x.CAS() || log.n != 2 {
		t.Fatalf("value %q...%q, log %d records", got[:6], got[grow-2:], log.n)
	}
	if x.Edit(grow+1, func(ValueEditor) { t.Fatal("edit called") }) {
		t.Fatal("edit past the chunk accepted")
	}
	if b := x.s.bytes; b != int64(ItemSize(1, grow)) || requested(e) != b {
		t.Fatalf("bytes %d, requested %d", b, requested(e))
	}
}

// TestEditConcurrent edits chained and contiguous values of shared stripes
// from several goroutines (run with -race), growing and shrinking them,
// and checks their contents and the accounting.
func TestEditConcurrent(t *testing.T) {
	e := newEngine(t, Config{Stripes: 2})
	cm := e.slab.ChunkMax()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 300; i++ {
				key := []byte{byte('a' + g), byte('0' + i%3)}
				x := e.Lock(0, key)
				if !x.Found() {
					size := 100
					if i%3 != 0 {
						size = cm + 1000*(i%3)
					}
					x.Set(&SetOpts{}, make([]byte, size))
				} else {
					n := max(x.Len()+50-i%100, 10)
					x.Edit(n, func(w ValueEditor) {
						w.WriteAt([]byte{byte(i), byte(i >> 8)}, n-2)
						w.WriteAt([]byte{byte(g)}, 0)
					})
					var b [2]byte
					if x.Value().ReadAt(b[:], x.Len()-2); x.Len() == n && (b[0] != byte(i) || b[1] != byte(i>>8)) {
						t.Errorf("read back %v after edit %d", b, i)
					}
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

// TestSetSizeLimit: a store through an item whose limit was raised may
// pass MaxItemSize (chained), one without may not, and the limit lasts
// only until the item is unlocked.
func TestSetSizeLimit(t *testing.T) {
	e := newEngine(t, Config{MemoryLimit: 64 << 20, MaxItemSize: 1 << 20})
	big := make([]byte, 3<<20)
	x := e.Lock(0, []byte("k"))
	if _, err := x.Set(&SetOpts{}, big); err != ErrTooLarge {
		t.Fatalf("3 MB with the default limit: %v", err)
	}
	x.SetSizeLimit(4 << 20)
	if _, err := x.Set(&SetOpts{}, big); err != nil {
		t.Fatalf("3 MB with a 4 MB limit: %v", err)
	}
	if x.Len() != 3<<20 {
		t.Fatalf("len %d", x.Len())
	}
	x.Unlock()
	x = e.Lock(0, []byte("k"))
	defer x.Unlock()
	if _, err := x.Set(&SetOpts{}, big[:2<<20]); err != ErrTooLarge {
		t.Fatalf("the raised limit outlived the lock: %v", err)
	}
	if v := x.Value(); v.Len() != 3<<20 {
		t.Fatalf("value lost: %d", v.Len())
	}
}
