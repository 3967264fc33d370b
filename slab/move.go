package slab

import (
	"encoding/binary"
	"sort"
	"time"
)

// Ager is optionally implemented by the Owner to report how long ago the
// least recently used item of a class was last accessed. The automover moves
// pages from classes whose oldest items are older to classes that evict
// younger ones. Called with c's lock held; TryLock only.
type Ager interface {
	TailAge(c *Class) (seconds int64, ok bool)
}

// emergencyMove gives class c a page from another class when c has (almost)
// none: a store of a new size must not fail for good because earlier sizes
// took every page. Sources are tried from the class with the most pages (and,
// among equals, the fewest chunks in use, the cheapest page to empty).
func (a *Allocator) emergencyMove(c *Class, held int, anyway bool) bool {
	c.mu.Lock()
	npages := len(c.pageIDs)
	c.mu.Unlock()
	if npages >= 2 && !anyway {
		return false
	}
	type cand struct {
		c           *Class
		pages, used int
	}
	var cands [MaxClasses]cand
	n := 0
	for i := 1; i <= a.largest; i++ {
		o := &a.classes[i]
		if o == c {
			continue
		}
		o.mu.Lock()
		p, u := len(o.pageIDs), o.used
		o.mu.Unlock()
		if p > 0 {
			cands[n] = cand{o, p, u}
			n++
		}
	}
	sort.Slice(cands[:n], func(i, j int) bool {
		if cands[i].pages != cands[j].pages {
			return cands[i].pages > cands[j].pages
		}
		return cands[i].used < cands[j].used
	})
	for _, cd := range cands[:n] {
		if a.MovePage(cd.c, c, held) {
			return true
		}
	}
	return false
}

// MovePage empties one page of src, evicting what lives in it through the
// Owner's Release, and gives it to dst. It returns false if src has no page
// or some of the page's items stayed busy. held is the owner lock the caller
// holds (-1 for none). Must not be called with any class lock held.
func (a *Allocator) MovePage(src, dst *Class, held int) bool {
	if src == dst || a.owner == nil {
		return false
	}
	a.moveMu.Lock()
	defer a.moveMu.Unlock()

	src.mu.Lock()
	if len(src.pageIDs) == 0 {
		src.mu.Unlock()
		return false
	}
	// The page with the fewest chunks in use (the fewest evictions), and of
	// equals the one holding the oldest item.
	page := 0
	if src.tail != 0 {
		page = src.tail.Page()
	}
	for _, p := range src.pageIDs {
		if page == 0 || a.pageUsed[p] < a.pageUsed[page] {
			page = int(p)
		}
	}
	src.moving = page
	src.dropFreeOf(page)
	carved := src.perPage
	if src.carvePage == page {
		carved = src.carveNext
		src.carvePage = 0
	}
	busy := 0
	for try := 0; try < 8; try++ {
		busy = 0
		for idx := 0; idx < carved; idx++ {
			h := makeHandle(page, idx)
			switch binary.LittleEndian.Uint32(a.link(h, src.size)[0:]) {
			case markFree:
				continue
			case markNew:
				busy++
				continue
			}
			if !a.owner.Release(src, h, held) {
				busy++
			}
		}
		if busy == 0 {
			break
		}
		src.mu.Unlock()
		time.Sleep(time.Duration(try+1) * 20 * time.Microsecond)
		src.mu.Lock()
	}
	if busy > 0 {
		for idx := 0; idx < carved; idx++ {
			h := makeHandle(page, idx)
			if binary.LittleEndian.Uint32(a.link(h, src.size)[0:]) == markFree {
				src.pushFree(h)
			}
		}
		// The page stopped being the carve page: hand out its uncut rest
		// through the free list, so every chunk of a page that is not the
		// carve page is a formatted chunk.
		for idx := carved; idx < src.perPage; idx++ {
			src.pushFree(makeHandle(page, idx))
		}
		src.moving = 0
		src.mu.Unlock()
		a.movesBusy.Add(1)
		return false
	}
	for i, p := range src.pageIDs {
		if int(p) == page {
			src.pageIDs = append(src.pageIDs[:i], src.pageIDs[i+1:]...)
			break
		}
	}
	src.moving = 0
	src.movedOut++
	src.mu.Unlock()

	dst.mu.Lock()
	a.pageClass[page] = uint8(dst.id)
	dst.addPage(page)
	if dst.carvePage == 0 || dst.carveNext >= dst.perPage {
		dst.carvePage, dst.carveNext = page, 0
	} else {
		for idx := dst.perPage - 1; idx >= 0; idx-- {
			dst.pushFree(makeHandle(page, idx))
		}
	}
	dst.movedIn++
	dst.mu.Unlock()
	a.moves.Add(1)
	return true
}

// dropFreeOf removes the chunks of page from the free list. Lock held.
func (c *Class) dropFreeOf(page int) {
	var prev Handle
	for h := c.free; h != 0; {
		l := c.a.link(h, c.size)
		next := Handle(binary.LittleEndian.Uint32(l[4:]))
		if h.Page() == page {
			if prev == 0 {
				c.free = next
			} else {
				binary.LittleEndian.PutUint32(c.a.link(prev, c.size)[4:], uint32(next))
			}
			c.nfree--
		} else {
			prev = h
		}
		h = next
	}
}

// Automove runs one round of the background page mover: while some class
// evicted since the last round and another class's least recently used item
// is older than the evicting class's (or it holds a page's worth of free
// chunks), move a page from the latter to the former, at most max pages.
// It returns the number of pages moved.
func (a *Allocator) Automove(max int) int {
	ager, _ := a.owner.(Ager)
	moved := 0
	type info struct {
		pages    int
		evicted  uint64
		age      int64
		ageOK    bool
		freeRoom int
	}
	infos := make([]info, a.largest+1)
	for i := 1; i <= a.largest; i++ {
		c := &a.classes[i]
		c.mu.Lock()
		in := info{pages: len(c.pageIDs), evicted: c.evictWindow, freeRoom: c.nfree}
		if c.carvePage != 0 {
			in.freeRoom += c.perPage - c.carveNext
		}
		in.freeRoom /= max1(c.perPage)
		c.evictWindow = 0
		if ager != nil && c.tail != 0 {
			in.age, in.ageOK = ager.TailAge(c)
		}
		c.mu.Unlock()
		infos[i] = in
	}
	for moved < max {
		dst := 0
		for i := 1; i <= a.largest; i++ {
			if infos[i].evicted > 0 && (dst == 0 || infos[i].evicted > infos[dst].evicted) {
				dst = i
			}
		}
		if dst == 0 {
			break
		}
		src := 0
		for i := 1; i <= a.largest; i++ {
			in := infos[i]
			if i == dst || in.pages < 2 || in.evicted > 0 {
				continue
			}
			older := in.ageOK && infos[dst].ageOK && in.age > infos[dst].age
			if !older && in.freeRoom < 1 {
				continue
			}
			if src == 0 || in.freeRoom > infos[src].freeRoom ||
				(in.freeRoom == infos[src].freeRoom && in.age > infos[src].age) {
				src = i
			}
		}
		if src == 0 {
			break
		}
		if !a.MovePage(&a.classes[src], &a.classes[dst], -1) {
			break
		}
		moved++
		infos[src].pages--
		if infos[src].freeRoom > 0 {
			infos[src].freeRoom--
		}
	}
	return moved
}

func max1(n int) int {
	if n < 1 {
		return 1
	}
	return n
}
