package slab

import (
	"encoding/binary"
	"errors"
	"reflect"
	"testing"
)

// memcached 1.6's default classes (-n 48 with its 48-byte header, -f 1.25),
// from doc/protocol.txt / the checklist.
var memcachedClasses = []int{96, 120, 152, 192, 240, 304, 384, 480, 600, 752, 944, 1184, 1480, 1856,
	2320, 2904, 3632, 4544, 5680, 7104, 8880, 11104, 13880, 17352, 21696, 27120, 33904, 42384, 52984,
	66232, 82792, 103496, 129376, 161720, 202152, 252696, 315872, 394840, 524288}

func TestClassSizesMatchMemcached(t *testing.T) {
	got := ClassSizes(96, 1.25, PageSize/2)
	if !reflect.DeepEqual(got, memcachedClasses) {
		t.Fatalf("classes:\n got %v\nwant %v", got, memcachedClasses)
	}
}

// owner evicts from a fake item table: chunk -> alive.
type testOwner struct {
	a       *Allocator
	alive   map[Handle]bool
	evicted []Handle
	busy    map[Handle]bool
}

func (o *testOwner) Reclaim(c *Class, held int) bool {
	for h := c.Tail(); h != 0; h = c.Prev(h) {
		if o.busy[h] {
			continue
		}
		delete(o.alive, h)
		o.evicted = append(o.evicted, h)
		c.NoteEviction()
		c.FreeLocked(h, 0)
		return true
	}
	return false
}

func (o *testOwner) Release(c *Class, h Handle, held int) bool {
	h = c.DataOwner(h)
	if o.busy[h] {
		return false
	}
	delete(o.alive, h)
	c.FreeLocked(h, 0)
	return true
}

func newTest(t *testing.T, pages int, evict bool) (*Allocator, *testOwner) {
	t.Helper()
	a, err := New(Config{Limit: int64(pages) * PageSize, MinChunk: 96, Evict: evict})
	if err != nil {
		t.Fatal(err)
	}
	o := &testOwner{a: a, alive: map[Handle]bool{}, busy: map[Handle]bool{}}
	a.SetOwner(o)
	t.Cleanup(a.Close)
	return a, o
}

func mustAlloc(t *testing.T, a *Allocator, o *testOwner, size int) Handle {
	t.Helper()
	h, err := a.Alloc(size, -1)
	if err != nil {
		t.Fatalf("alloc %d: %v", size, err)
	}
	a.Link(h)
	o.alive[h] = true
	return h
}

func TestAllocFreeReuse(t *testing.T) {
	a, o := newTest(t, 2, false)
	h := mustAlloc(t, a, o, 100)
	if got := a.ClassOf(h).Size(); got != 120 {
		t.Fatalf("class size for 100 = %d, want 120", got)
	}
	b := a.Bytes(h)
	if len(b) != 120 {
		t.Fatalf("len %d", len(b))
	}
	for i := HeaderSize; i < len(b); i++ {
		b[i] = byte(i)
	}
	a.Free(h, 100)
	h2 := mustAlloc(t, a, o, 110)
	if h2 != h {
		t.Fatalf("freed chunk not reused: %v vs %v", h2, h)
	}
	st := a.Stats(a.ClassOf(h).ID())
	if st.Used != 1 || st.Pages != 1 {
		t.Fatalf("stats %+v", st)
	}
}

func TestLimitAndEviction(t *testing.T) {
	a, o := newTest(t, 1, true)
	per := a.ClassFor(100).PerPage()
	var first Handle
	for i := 0; i < per; i++ {
		h := mustAlloc(t, a, o, 100)
		if i == 0 {
			first = h
		}
	}
	if len(o.evicted) != 0 {
		t.Fatalf("evicted before full: %d", len(o.evicted))
	}
	// The page is full: the next alloc evicts the LRU tail, the first chunk.
	h := mustAlloc(t, a, o, 100)
	if len(o.evicted) != 1 || o.evicted[0] != first || h != first {
		t.Fatalf("evicted %v, got %v, want %v", o.evicted, h, first)
	}
	// Touch the new tail so it moves to the head; the next victim is the one after.
	tail := a.ClassFor(100).tail
	a.Touch(tail)
	mustAlloc(t, a, o, 100)
	if o.evicted[1] == tail {
		t.Fatalf("touched item evicted")
	}
}

func TestNoEvictReturnsNoMemory(t *testing.T) {
	a, o := newTest(t, 1, false)
	per := a.ClassFor(100).PerPage()
	for i := 0; i < per; i++ {
		mustAlloc(t, a, o, 100)
	}
	if _, err := a.Alloc(100, -1); !errors.Is(err, ErrNoMemory) {
		t.Fatalf("err = %v, want ErrNoMemory", err)
	}
	if a.Stats(a.ClassFor(100).ID()).OutOfMemory != 1 {
		t.Fatal("outOfMemory not counted")
	}
}

func TestEmergencyPageMove(t *testing.T) {
	a, o := newTest(t, 3, true)
	small := a.ClassFor(100)
	for i := 0; i < 3*small.PerPage(); i++ {
		mustAlloc(t, a, o, 100)
	}
	if a.Pages() != 3 {
		t.Fatalf("pages %d", a.Pages())
	}
	// A 10 KB chunk: its class has no page and nothing to evict.
	h := mustAlloc(t, a, o, 10000)
	big := a.ClassOf(h)
	if big == small || a.Stats(big.ID()).Pages != 1 || a.Stats(small.ID()).Pages != 2 {
		t.Fatalf("page not moved: small %+v big %+v", a.Stats(small.ID()), a.Stats(big.ID()))
	}
	done, _ := a.Moves()
	if done != 1 {
		t.Fatalf("moves %d", done)
	}
	// Every chunk of the moved page was released.
	for hh := range o.alive {
		if hh.Page() == h.Page() && a.ClassOf(hh) != big {
			t.Fatalf("live chunk %v left in moved page", hh)
		}
	}
}

func TestMovePageBusyAborts(t *testing.T) {
	a, o := newTest(t, 2, true)
	small := a.ClassFor(100)
	var hs []Handle
	for i := 0; i < small.PerPage(); i++ {
		hs = append(hs, mustAlloc(t, a, o, 100))
	}
	o.busy[hs[5]] = true
	big := a.ClassFor(10000)
	if a.MovePage(small, big, -1) {
		t.Fatal("move succeeded with a busy item")
	}
	if st := a.Stats(small.ID()); st.Pages != 1 {
		t.Fatalf("page lost: %+v", st)
	}
	// The chunks freed by the aborted move are usable again.
	before := small.nfree
	if before == 0 {
		t.Fatal("released chunks not back on the free list")
	}
	delete(o.busy, hs[5])
	if !a.MovePage(small, big, -1) {
		t.Fatal("move failed once not busy")
	}
}

func TestChain(t *testing.T) {
	a, o := newTest(t, 4, true)
	hs, err := a.AllocChain(nil, 3, -1, a.ChunkMax())
	if err != nil {
		t.Fatal(err)
	}
	a.Link(hs[0])
	o.alive[hs[0]] = true
	c := a.Largest()
	for _, h := range hs[1:] {
		if c.DataOwner(h) != hs[0] {
			t.Fatalf("data chunk owner %v", c.DataOwner(h))
		}
		if binary.LittleEndian.Uint32(a.Bytes(h)) != markData {
			t.Fatal("not marked data")
		}
	}
	if c.Linked(hs[1]) || !c.Linked(hs[0]) {
		t.Fatal("linked flags wrong")
	}
}

func TestAllocTooLarge(t *testing.T) {
	a, _ := newTest(t, 1, true)
	if _, err := a.Alloc(a.ChunkMax()+1, -1); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("err %v", err)
	}
}

func TestDoubleFreePanics(t *testing.T) {
	a, o := newTest(t, 1, true)
	h := mustAlloc(t, a, o, 100)
	a.Free(h, 0)
	defer func() {
		if recover() == nil {
			t.Fatal("double free did not panic")
		}
	}()
	a.Free(h, 0)
}
