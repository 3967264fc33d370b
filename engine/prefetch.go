//go:build !race

package engine

import (
	"sync/atomic"
	"unsafe"
)

// Prefetching. A lookup costs two cache misses, the index slot and the
// item, each a trip to memory once the key space outgrows the caches: 25%
// of a pinned server's CPU under 16-deep RESP pipelines. A connection that
// has several commands buffered can start those loads for all of them
// before it runs the first (PrefetchSlots, then PrefetchItems a little
// later, once the slots have likely arrived), so that the misses overlap
// instead of following one another.
//
// Both read the index without the stripe lock. That is sound only as a
// hint: the table's slots are read through its immutable view (never a
// torn slice), an index is always in range, and the item's address goes
// only to a prefetch instruction, which never faults. A stale slot costs a
// useless prefetch. Under the race detector they do nothing
// (prefetch_race.go), since these reads race by design.

// PrefetchSlot starts loading the index slot a lookup of hash (Hash) in
// database db will read first.
func (e *Engine) PrefetchSlot(db int, hash uint64) {
	v := e.view(db, hash)
	if v == nil {
		return
	}
	prefetch(uintptr(unsafe.Pointer(&v.slots[tagOf(hash)>>v.shift])))
}

// PrefetchItem starts loading the item a lookup of hash in database db will
// compare, if its slot names one: the first slot from its home with the
// key's tag, within a few probes.
func (e *Engine) PrefetchItem(db int, hash uint64) {
	v := e.view(db, hash)
	if v == nil {
		return
	}
	tag := tagOf(hash)
	mask := len(v.slots) - 1
	i := int(tag >> v.shift)
	for range 4 {
		s := v.slots[i]
		if s == 0 {
			return
		}
		if slotTag(s) == tag {
			// The header, the key and the start of the value: up to
			// four cache lines.
			a, size := e.slab.Addr(slotHandle(s))
			for off := 0; off < min(size, 256); off += 64 {
				prefetch(a + uintptr(off))
			}
			return
		}
		i = (i + 1) & mask
	}
}

// PrefetchKeys is PrefetchSlot for each of keys (at most 64), then
// PrefetchItem for each: a multi-key command's lookups, overlapped.
func (e *Engine) PrefetchKeys(db int, keys [][]byte) {
	var hashes [64]uint64
	n := min(len(keys), len(hashes))
	for i, k := range keys[:n] {
		hashes[i] = Hash(k)
		e.PrefetchSlot(db, hashes[i])
	}
	for _, h := range hashes[:n] {
		e.PrefetchItem(db, h)
	}
}

func (e *Engine) view(db int, hash uint64) *slotView {
	s := &e.stripes[hash&e.smask]
	if uint(db) >= uint(len(s.dbs)) {
		return nil
	}
	v := (*slotView)(atomic.LoadPointer(&s.dbs[db].view))
	if v == nil || len(v.slots) == 0 {
		return nil
	}
	return v
}
