package slab

import (
	"encoding/binary"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

const (
	// PageSize is the size of one slab page.
	PageSize = 1 << 20
	// HeaderSize is the number of leading bytes of every chunk owned by this
	// package (the two uint32 links).
	HeaderSize = 8

	chunkBits = 15
	chunkMask = 1<<chunkBits - 1
	// MaxPages is the largest number of pages a handle can name (128 GiB).
	MaxPages = 1<<(32-chunkBits) - 1

	markFree uint32 = 0xFFFFFFFF // on the free list
	markData uint32 = 0xFFFFFFFE // data chunk of a chain; next = head
	markNew  uint32 = 0xFFFFFFFD // allocated, not yet linked on the LRU list

	// MaxClasses bounds the number of size classes (memcached: 64).
	MaxClasses = 63
)

// ErrNoMemory is returned when no chunk can be found: the limit is reached and
// nothing could be evicted (or eviction is disabled).
var ErrNoMemory = errors.New("slab: out of memory")

// ErrTooLarge is returned for a request larger than ChunkMax.
var ErrTooLarge = errors.New("slab: chunk too large")

// Handle names a chunk: page number (1-based) in the high 17 bits, chunk index
// in the low 15. The zero Handle is nil.
type Handle uint32

// Page returns the handle's page number.
func (h Handle) Page() int { return int(uint32(h) >> chunkBits) }

func (h Handle) index() int { return int(uint32(h) & chunkMask) }

func makeHandle(page, idx int) Handle { return Handle(uint32(page)<<chunkBits | uint32(idx)) }

// Owner is implemented by whoever stores items in the chunks (the engine).
// Both methods are called with c's lock held and must not block on other
// locks: they may take item locks only with TryLock, except the one the
// allocating caller already holds (held; -1 for none).
type Owner interface {
	// Reclaim frees at least one chunk of class c (by FreeLocked) according
	// to the eviction policy and reports whether it did.
	Reclaim(c *Class, held int) bool
	// Release frees the item that owns chunk h of class c (h may be a data
	// chunk of a chained item) so that its page can be moved. It reports
	// false if the item's lock was busy.
	Release(c *Class, h Handle, held int) bool
}

// Config sets up an Allocator.
type Config struct {
	Limit    int64   // bytes; the number of pages is Limit / PageSize (at least 1)
	Factor   float64 // growth factor between classes (memcached -f), default 1.25
	MinChunk int     // smallest chunk in bytes, header included
	ChunkMax int     // largest chunk (memcached slab_chunk_max), default PageSize/2
	Evict    bool    // evict when full (memcached's default; -M turns it off)
}

// Allocator hands out chunks from pages capped by a memory limit.
type Allocator struct {
	classes  []Class // index 0 unused, as in memcached (class ids start at 1)
	largest  int
	chunkMax int
	evict    atomic.Bool
	owner    Owner

	pageMu    sync.Mutex // guards page growth (pages, arenas)
	maxPages  atomic.Int64
	npages    atomic.Int64
	pages     *[MaxPages + 1]unsafe.Pointer
	pageClass *[MaxPages + 1]uint8
	pageUsed  *[MaxPages + 1]uint16 // chunks in use per page, under its class lock
	mem       pageSource

	moveMu    sync.Mutex // one page move at a time
	moves     atomic.Uint64
	movesBusy atomic.Uint64
}

// New builds an allocator. The owner may be set later with SetOwner, before
// the first Alloc.
func New(cfg Config) (*Allocator, error) {
	if cfg.Factor <= 1 {
		cfg.Factor = 1.25
	}
	if cfg.ChunkMax <= 0 {
		cfg.ChunkMax = PageSize / 2
	}
	if cfg.ChunkMax > PageSize || cfg.ChunkMax%8 != 0 {
		return nil, fmt.Errorf("slab: chunk max %d must be a multiple of 8 and at most %d", cfg.ChunkMax, PageSize)
	}
	if cfg.MinChunk < HeaderSize+8 {
		cfg.MinChunk = HeaderSize + 8
	}
	if cfg.MinChunk < PageSize>>chunkBits {
		cfg.MinChunk = PageSize >> chunkBits
	}
	a := &Allocator{
		chunkMax:  cfg.ChunkMax,
		pages:     new([MaxPages + 1]unsafe.Pointer),
		pageClass: new([MaxPages + 1]uint8),
		pageUsed:  new([MaxPages + 1]uint16),
	}
	a.evict.Store(cfg.Evict)
	a.SetLimit(cfg.Limit)
	sizes := ClassSizes(cfg.MinChunk, cfg.Factor, cfg.ChunkMax)
	a.classes = make([]Class, len(sizes)+1)
	for i, sz := range sizes {
		c := &a.classes[i+1]
		c.a = a
		c.id = i + 1
		c.size = sz
		c.perPage = PageSize / sz
	}
	a.largest = len(sizes)
	return a, nil
}

// ClassSizes returns the chunk sizes memcached's slabs_init would build for
// the given smallest chunk, factor and largest chunk.
func ClassSizes(minChunk int, factor float64, chunkMax int) []int {
	var sizes []int
	size := minChunk
	for len(sizes) < MaxClasses-1 {
		if float64(size) >= float64(chunkMax)/factor {
			break
		}
		if size%8 != 0 {
			size += 8 - size%8
		}
		sizes = append(sizes, size)
		size = int(float64(size) * factor)
	}
	return append(sizes, chunkMax)
}

// SetOwner sets the callbacks used for eviction and page moves.
func (a *Allocator) SetOwner(o Owner) { a.owner = o }

// SetEvict turns eviction on or off (memcached -M).
func (a *Allocator) SetEvict(on bool) { a.evict.Store(on) }

// Evicting reports whether eviction is on.
func (a *Allocator) Evicting() bool { return a.evict.Load() }

// SetLimit changes the memory limit. Lowering it below what is allocated
// stops growth; pages already in use stay (as memcached's cache_memlimit).
func (a *Allocator) SetLimit(limit int64) {
	n := limit / PageSize
	if n < 1 {
		n = 1
	}
	if n > MaxPages {
		n = MaxPages
	}
	a.maxPages.Store(n)
}

// Limit returns the memory limit in bytes (a whole number of pages).
func (a *Allocator) Limit() int64 { return a.maxPages.Load() * PageSize }

// Pages returns the number of pages taken from the system.
func (a *Allocator) Pages() int64 { return a.npages.Load() }

// ChunkMax returns the largest chunk size.
func (a *Allocator) ChunkMax() int { return a.chunkMax }

// NumClasses returns the number of classes; ids run from 1 to NumClasses.
func (a *Allocator) NumClasses() int { return a.largest }

// Class returns class id (1..NumClasses).
func (a *Allocator) Class(id int) *Class { return &a.classes[id] }

// Largest returns the class of ChunkMax chunks, which holds chained items.
func (a *Allocator) Largest() *Class { return &a.classes[a.largest] }

// ClassFor returns the smallest class whose chunks hold size bytes, or nil if
// size is larger than ChunkMax.
func (a *Allocator) ClassFor(size int) *Class {
	if size > a.chunkMax {
		return nil
	}
	lo, hi := 1, a.largest
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if a.classes[m].size < size {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return &a.classes[lo]
}

// ClassOf returns the class a chunk belongs to.
func (a *Allocator) ClassOf(h Handle) *Class { return &a.classes[a.pageClass[h.Page()]] }

// Bytes returns the chunk's memory (its class's size). The slice aliases
// slab memory: it is valid as long as the chunk is allocated to the caller.
func (a *Allocator) Bytes(h Handle) []byte {
	c := &a.classes[a.pageClass[h.Page()]]
	p := unsafe.Add(a.pages[h.Page()], h.index()*c.size)
	return unsafe.Slice((*byte)(p), c.size)
}

// Prefix returns the first n bytes of the chunk without looking up its class.
func (a *Allocator) Prefix(h Handle, n, size int) []byte {
	p := unsafe.Add(a.pages[h.Page()], h.index()*size)
	return unsafe.Slice((*byte)(p), n)
}

func (a *Allocator) link(h Handle, size int) []byte {
	p := unsafe.Add(a.pages[h.Page()], h.index()*size)
	return unsafe.Slice((*byte)(p), HeaderSize)
}

// Alloc returns a chunk of at least size bytes. The chunk is not yet on its
// class's LRU list, so the evictor cannot see it: the caller fills it, makes
// it reachable, then calls Link (or Free to give it back). held is the
// owner's lock the caller holds (-1 for none), passed to the Owner's callbacks.
func (a *Allocator) Alloc(size int, held int) (Handle, error) {
	c := a.ClassFor(size)
	if c == nil {
		return 0, ErrTooLarge
	}
	for attempt := 0; attempt < allocTries; attempt++ {
		c.mu.Lock()
		h := c.allocLocked(held)
		if h != 0 {
			binary.LittleEndian.PutUint32(a.link(h, c.size)[0:], markNew)
			c.used++
			a.pageUsed[h.Page()]++
			c.requested.Add(int64(size))
			c.mu.Unlock()
			return h, nil
		}
		c.mu.Unlock()
		if !a.retry(c, held, attempt) {
			break
		}
	}
	c.mu.Lock()
	c.outOfMemory++
	c.mu.Unlock()
	return 0, ErrNoMemory
}

// allocTries bounds the attempts of one allocation: eviction skips items
// whose locks are busy, so a failed attempt under contention is retried.
const allocTries = 6

// retry prepares another attempt at a failed allocation in c: it takes a
// page from another class if c has (almost) none (or, after repeated
// failures, whatever it has), else yields the processor
// so that the owners of busy items can finish. It reports false when
// eviction is off.
func (a *Allocator) retry(c *Class, held int, attempt int) bool {
	if !a.evict.Load() {
		return false
	}
	// From the third failure on, take a page even if c has some: everything
	// c holds is busy.
	if a.emergencyMove(c, held, attempt >= 2) {
		return true
	}
	runtime.Gosched()
	return true
}

// AllocChain returns n chunks of the largest class: dst[0] is the head, to be
// linked with Link like a chunk from Alloc; the others are marked as data
// chunks owned by it. Either all n are returned or none.
func (a *Allocator) AllocChain(dst []Handle, n int, held int, requested int) ([]Handle, error) {
	c := &a.classes[a.largest]
	for attempt := 0; attempt < allocTries; attempt++ {
		c.mu.Lock()
		start := len(dst)
		for len(dst)-start < n {
			h := c.allocLocked(held)
			if h == 0 {
				break
			}
			dst = append(dst, h)
		}
		if len(dst)-start == n {
			head := dst[start]
			binary.LittleEndian.PutUint32(a.link(head, c.size)[0:], markNew)
			for _, h := range dst[start+1:] {
				l := a.link(h, c.size)
				binary.LittleEndian.PutUint32(l[0:], markData)
				binary.LittleEndian.PutUint32(l[4:], uint32(head))
			}
			c.used += n
			for _, h := range dst[start:] {
				a.pageUsed[h.Page()]++
			}
			c.requested.Add(int64(requested))
			c.mu.Unlock()
			return dst, nil
		}
		for _, h := range dst[start:] {
			c.pushFree(h)
		}
		dst = dst[:start]
		c.mu.Unlock()
		if !a.retry(c, held, attempt) {
			break
		}
	}
	c.mu.Lock()
	c.outOfMemory++
	c.mu.Unlock()
	return dst, ErrNoMemory
}

// Link puts a chunk from Alloc (or a chain's head) at the head of its
// class's LRU list, where the evictor can find it.
func (a *Allocator) Link(h Handle) {
	c := a.ClassOf(h)
	c.mu.Lock()
	c.pushHead(h)
	c.mu.Unlock()
}

// LinkFree links h and frees old (with its requested size) under one
// acquisition of the class lock when both are in the same class: the usual
// overwrite of a key.
func (a *Allocator) LinkFree(h, old Handle, requested int) {
	c := a.ClassOf(h)
	c.mu.Lock()
	c.pushHead(h)
	if a.ClassOf(old) == c {
		c.FreeLocked(old, requested)
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	a.Free(old, requested)
}

// Resized records that the item in chunk h now asks for delta more bytes
// (an item rewritten in place with a value of another length that fits the
// same class); it takes no lock.
func (a *Allocator) Resized(h Handle, delta int) {
	a.ClassOf(h).requested.Add(int64(delta))
}

// Free returns a chunk (allocated by Alloc, or any chunk of a chain) to its
// class. requested is the size that was asked for (for the mem_requested
// statistic), 0 for data chunks.
func (a *Allocator) Free(h Handle, requested int) {
	c := a.ClassOf(h)
	c.mu.Lock()
	c.FreeLocked(h, requested)
	c.mu.Unlock()
}

// allocLocked finds a free chunk: free list, carving, a new page, eviction.
func (c *Class) allocLocked(held int) Handle {
	for {
		if h := c.free; h != 0 {
			l := c.a.link(h, c.size)
			c.free = Handle(binary.LittleEndian.Uint32(l[4:]))
			c.nfree--
			return h
		}
		if c.carvePage != 0 && c.carveNext < c.perPage {
			h := makeHandle(c.carvePage, c.carveNext)
			c.carveNext++
			return h
		}
		if c.a.newPage(c) {
			continue
		}
		if !c.a.evict.Load() || c.a.owner == nil || !c.a.owner.Reclaim(c, held) {
			return 0
		}
	}
}

// newPage adds a fresh page to c if the limit allows. Called with c.mu held.
func (a *Allocator) newPage(c *Class) bool {
	a.pageMu.Lock()
	defer a.pageMu.Unlock()
	n := a.npages.Load()
	if n >= a.maxPages.Load() {
		return false
	}
	p, err := a.mem.page()
	if err != nil {
		return false
	}
	id := int(n) + 1
	a.pages[id] = p
	a.pageClass[id] = uint8(c.id)
	a.npages.Store(n + 1)
	c.addPage(id)
	c.carvePage = id
	c.carveNext = 0
	return true
}

// Close releases the allocator's memory. No chunk may be used afterwards.
func (a *Allocator) Close() {
	a.pageMu.Lock()
	defer a.pageMu.Unlock()
	a.mem.release()
	for i := range a.pages {
		a.pages[i] = nil
	}
	a.npages.Store(0)
}

// Class is one size class: its pages, free list, LRU list and counters. Its
// exported methods that end in Locked, and Tail, Prev, MoveToHead and Sample,
// must be called with the class lock held, that is from inside an Owner
// callback.
type Class struct {
	mu      sync.Mutex
	a       *Allocator
	id      int
	size    int
	perPage int

	free      Handle // free list, linked through next
	nfree     int
	carvePage int // page being cut into chunks, 0 if none
	carveNext int
	moving    int // page being emptied by a move, 0 if none

	head, tail Handle // LRU list (most recent at head)
	pageIDs    []int32

	used        int          // chunks in use
	requested   atomic.Int64 // bytes asked for by the chunks in use (atomic: Resized runs without the lock)
	evictions   uint64
	reclaimed   uint64
	outOfMemory uint64
	movedIn     uint64
	movedOut    uint64
	evictWindow uint64 // evictions since the automover last looked
	rnd         uint64
	_           [64]byte
}

// ID returns the class id (1-based, as memcached's).
func (c *Class) ID() int { return c.id }

// Size returns the chunk size.
func (c *Class) Size() int { return c.size }

// PerPage returns the number of chunks per page.
func (c *Class) PerPage() int { return c.perPage }

func (c *Class) addPage(id int) {
	c.pageIDs = append(c.pageIDs, int32(id))
}

func (c *Class) pushFree(h Handle) {
	l := c.a.link(h, c.size)
	binary.LittleEndian.PutUint32(l[0:], markFree)
	binary.LittleEndian.PutUint32(l[4:], uint32(c.free))
	c.free = h
	c.nfree++
}

func (c *Class) pushHead(h Handle) {
	l := c.a.link(h, c.size)
	binary.LittleEndian.PutUint32(l[0:], 0)
	binary.LittleEndian.PutUint32(l[4:], uint32(c.head))
	if c.head != 0 {
		hl := c.a.link(c.head, c.size)
		binary.LittleEndian.PutUint32(hl[0:], uint32(h))
	} else {
		c.tail = h
	}
	c.head = h
}

func (c *Class) unlink(h Handle) {
	l := c.a.link(h, c.size)
	prev := Handle(binary.LittleEndian.Uint32(l[0:]))
	next := Handle(binary.LittleEndian.Uint32(l[4:]))
	if prev != 0 {
		binary.LittleEndian.PutUint32(c.a.link(prev, c.size)[4:], uint32(next))
	} else {
		c.head = next
	}
	if next != 0 {
		binary.LittleEndian.PutUint32(c.a.link(next, c.size)[0:], uint32(prev))
	} else {
		c.tail = prev
	}
}

// FreeLocked returns chunk h to the class: it is unlinked from the LRU list
// (unless it is a data chunk) and put on the free list, or only marked free
// if its page is being moved. requested is the size Alloc was asked for (0
// for data chunks).
func (c *Class) FreeLocked(h Handle, requested int) {
	l := c.a.link(h, c.size)
	switch binary.LittleEndian.Uint32(l[0:]) {
	case markFree:
		panic("BUG: slab: double free")
	case markData, markNew:
	default:
		c.unlink(h)
	}
	c.used--
	c.a.pageUsed[h.Page()]--
	c.requested.Add(-int64(requested))
	if h.Page() == c.moving {
		binary.LittleEndian.PutUint32(l[0:], markFree)
		return
	}
	c.pushFree(h)
}

// Tail returns the least recently used chunk, or 0.
func (c *Class) Tail() Handle { return c.tail }

// Prev returns the chunk used just more recently than h, or 0.
func (c *Class) Prev(h Handle) Handle {
	return Handle(binary.LittleEndian.Uint32(c.a.link(h, c.size)[0:]))
}

// MoveToHead marks h as most recently used.
func (c *Class) MoveToHead(h Handle) {
	if c.head == h {
		return
	}
	c.unlink(h)
	c.pushHead(h)
}

// Touch moves h to the head of its class's LRU list (taking the class lock).
func (a *Allocator) Touch(h Handle) {
	c := a.ClassOf(h)
	c.mu.Lock()
	c.MoveToHead(h)
	c.mu.Unlock()
}

// Sample returns a random chunk of the class that heads an item (is on the
// LRU list), or 0 if the probe found none. Each call probes one chunk.
func (c *Class) Sample() Handle {
	if len(c.pageIDs) == 0 {
		return 0
	}
	c.rnd = c.rnd*6364136223846793005 + 1442695040888963407
	r := c.rnd >> 16
	page := int(c.pageIDs[r%uint64(len(c.pageIDs))])
	n := c.perPage
	if page == c.carvePage {
		n = c.carveNext
	}
	if n == 0 || page == c.moving {
		return 0
	}
	h := makeHandle(page, int((r>>24)%uint64(n)))
	switch binary.LittleEndian.Uint32(c.a.link(h, c.size)[0:]) {
	case markFree, markData, markNew:
		return 0
	}
	return h
}

// Linked reports whether chunk h heads an item on the LRU list (rather than
// being free, a data chunk, or allocated and not yet linked).
func (c *Class) Linked(h Handle) bool {
	switch binary.LittleEndian.Uint32(c.a.link(h, c.size)[0:]) {
	case markFree, markData, markNew:
		return false
	}
	return true
}

// DataOwner returns the head of the chain h belongs to, or h itself if h is
// not a data chunk. Class lock held.
func (c *Class) DataOwner(h Handle) Handle {
	l := c.a.link(h, c.size)
	if binary.LittleEndian.Uint32(l[0:]) == markData {
		return Handle(binary.LittleEndian.Uint32(l[4:]))
	}
	return h
}

// NoteEviction counts an eviction in the class's statistics.
func (c *Class) NoteEviction() { c.evictions++; c.evictWindow++ }

// NoteReclaim counts an expired item reclaimed instead of evicted.
func (c *Class) NoteReclaim() { c.reclaimed++ }

// ClassStats are one class's figures, as memcached's stats slabs/items show.
type ClassStats struct {
	ID, ChunkSize, PerPage int
	Pages, Used, Free      int
	FreeEnd                int // chunks not yet carved from the current page
	Requested              int64
	Evictions, Reclaimed   uint64
	OutOfMemory            uint64
	MovedIn, MovedOut      uint64
}

// Stats returns a snapshot of class id's counters.
func (a *Allocator) Stats(id int) ClassStats {
	c := &a.classes[id]
	c.mu.Lock()
	defer c.mu.Unlock()
	s := ClassStats{
		ID: c.id, ChunkSize: c.size, PerPage: c.perPage,
		Pages: len(c.pageIDs), Used: c.used, Free: c.nfree,
		Requested: c.requested.Load(), Evictions: c.evictions, Reclaimed: c.reclaimed,
		OutOfMemory: c.outOfMemory, MovedIn: c.movedIn, MovedOut: c.movedOut,
	}
	if c.carvePage != 0 {
		s.FreeEnd = c.perPage - c.carveNext
	}
	return s
}

// Moves returns the number of pages moved between classes, and the number of
// moves abandoned because items were busy.
func (a *Allocator) Moves() (done, busy uint64) { return a.moves.Load(), a.movesBusy.Load() }

// Addr returns the address and size of h's chunk, for a prefetch hint
// only: it reads the page tables without a lock, so for a stale handle it
// may name another chunk, or be 0.
func (a *Allocator) Addr(h Handle) (addr uintptr, size int) {
	p := h.Page()
	base := a.pages[p]
	cls := int(a.pageClass[p])
	if base == nil || cls >= len(a.classes) {
		return 0, 0
	}
	size = a.classes[cls].size
	return uintptr(base) + uintptr(h.index()*size), size
}
