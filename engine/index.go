package engine

import (
	"math/bits"
	"sync/atomic"
	"unsafe"

	"github.com/corvidcache/corvid/slab"
)

// table is one stripe's index for one database: open addressing with linear
// probing over []uint64 slots, each holding tag<<32 | handle (0 = empty). The
// tag is the top 32 bits of the key's hash, and a slot's home position is the
// tag's top log2(len) bits, so entries are ordered by tag along the table,
// resizing needs no access to the items, and SCAN can walk tag ranges that
// stay valid across resizes. A hit compares the stored key.
//
// Rejected: map[uint64]uint64 (style.md's first idea): Go's map hashes the
// key again and costs about 20-30 bytes per entry against 8/load here, and
// its iteration order gives SCAN no cursor that survives growth.
type table struct {
	slots []uint64
	count int
	shift uint8 // 32 - log2(len(slots))
	// view is the current slots and shift as one immutable *slotView, for
	// Prefetch, which reads it without the stripe lock (prefetch.go).
	view unsafe.Pointer
}

// slotView is a table's slots and shift as they were when it was sized.
type slotView struct {
	slots []uint64
	shift uint8
}

const minTableSlots = 64

func (t *table) init(n int) {
	t.slots = make([]uint64, n)
	t.shift = uint8(32 - bits.TrailingZeros(uint(n)))
	t.count = 0
	atomic.StorePointer(&t.view, unsafe.Pointer(&slotView{slots: t.slots, shift: t.shift}))
}

func (t *table) home(tag uint32) int { return int(tag >> t.shift) }

func slotTag(s uint64) uint32                   { return uint32(s >> 32) }
func slotHandle(s uint64) slab.Handle           { return slab.Handle(uint32(s)) }
func makeSlot(tag uint32, h slab.Handle) uint64 { return uint64(tag)<<32 | uint64(h) }

// insertAt stores a new entry in the empty slot pos (found by a miss) and
// grows the table if it is too full.
func (t *table) insertAt(pos int, tag uint32, h slab.Handle) {
	t.slots[pos] = makeSlot(tag, h)
	t.count++
	if t.count*4 > len(t.slots)*3 {
		t.resize(len(t.slots) * 2)
	}
}

// deleteAt removes the entry at pos, shifting later entries of the cluster
// back so that no tombstones are needed.
func (t *table) deleteAt(pos int) {
	mask := len(t.slots) - 1
	i := pos
	for {
		t.slots[i] = 0
		j := i
		for {
			j = (j + 1) & mask
			s := t.slots[j]
			if s == 0 {
				t.count--
				t.maybeShrink()
				return
			}
			h := t.home(slotTag(s))
			// Move s into the hole at i unless its home lies cyclically in (i, j].
			if (j > i && (h <= i || h > j)) || (j < i && (h <= i && h > j)) {
				t.slots[i] = s
				i = j
				break
			}
		}
	}
}

func (t *table) maybeShrink() {
	if len(t.slots) > minTableSlots && t.count*8 < len(t.slots) {
		t.resize(len(t.slots) / 2)
	}
}

func (t *table) resize(n int) {
	old := t.slots
	t.init(n)
	mask := n - 1
	for _, s := range old {
		if s == 0 {
			continue
		}
		i := t.home(slotTag(s))
		for t.slots[i] != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
		t.count++
	}
}

// memory returns the bytes the table's slots take.
func (t *table) memory() int { return len(t.slots) * 8 }
