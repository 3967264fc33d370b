package redisext

import (
	"bytes"
	"hash/maphash"
	"slices"
	"strconv"
	"sync"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// The set encoding. A set is the shared collection frame (coll.go), one
// entry per member. Like Redis 7.0, a set has one of two encodings, kept in
// bit setIntsetFlag of the item's flags:
//
//   - intset: every member is an integer in int64 range written as Redis's
//     string2ll accepts it (so its text is canonical), there are at most
//     set-max-intset-entries of them, and they stand in ascending numeric
//     order, so SMEMBERS answers in Redis's order byte for byte;
//   - hashtable (the flag clear): any members, in insertion order (Redis's
//     order is unspecified there).
//
// As in Redis, a set turns into a hashtable when a member that is not an
// integer is added or when it grows past set-max-intset-entries, and never
// turns back, except where Redis builds a new set (SINTERSTORE, SUNIONSTORE,
// SDIFFSTORE, SMOVE to a new key, SPOP with a count near the size), which
// gets the encoding Redis gives that new set. An item that lost its flags
// (a copy made by other means) is a valid hashtable set: the flag is only a
// promise of order.
//
// Because integer members are canonical, membership is byte equality in both
// encodings. A lookup of one member is a linear scan of the encoding; an
// operation over many members indexes them first in a scratch hash table
// (memberSet) so that it stays linear in the sizes involved.

// setIntsetFlag marks an intset-encoded set in the item's flags.
const setIntsetFlag uint32 = 1

// setMaxIntsetDefault is Redis's default set-max-intset-entries, and
// setMaxIntsetCap the limit Redis puts on any value of it.
const (
	setMaxIntsetDefault = 512
	setMaxIntsetCap     = 1 << 30
)

// emptyPacked is the encoding of no entries.
var emptyPacked = [packedHdr]byte{}

// setIsInt reports whether member m can be an intset member.
func setIsInt(m []byte) bool {
	_, ok := resp.ParseInt(m)
	return ok
}

// cmpIntText compares two canonical decimal integers numerically.
func cmpIntText(a, b []byte) int {
	an, bn := a[0] == '-', b[0] == '-'
	if an != bn {
		if an {
			return -1
		}
		return 1
	}
	c := 0
	switch {
	case len(a) < len(b):
		c = -1
	case len(a) > len(b):
		c = 1
	default:
		c = bytes.Compare(a, b)
	}
	if an {
		return -c
	}
	return c
}

// setFind returns the offset of member m's entry in encoding b, or -1.
func setFind(b, m []byte) (off, next int) {
	for off = packedHdr; off < len(b); off = next {
		var e []byte
		e, next = packedNext(b, off)
		if bytes.Equal(e, m) {
			return off, next
		}
	}
	return -1, -1
}

// setIntPos returns where integer member m goes in the sorted intset b:
// the offset of the first entry not less than it, and whether that entry
// is m.
func setIntPos(b, m []byte) (off int, found bool) {
	for off = packedHdr; off < len(b); {
		e, next := packedNext(b, off)
		if c := cmpIntText(e, m); c >= 0 {
			return off, c == 0
		}
		off = next
	}
	return off, false
}

// setNth returns the offsets of entry i of b and of the one after.
func setNth(b []byte, i int) (off, next int) {
	off = packedHdr
	for ; ; i-- {
		_, next = packedNext(b, off)
		if i == 0 {
			return off, next
		}
		off = next
	}
}

// setWithout returns b without the entry at [off, next), built in dst.
func setWithout(dst, b []byte, off, next int) []byte {
	dst = appendPackedHdr(dst[:0], packedCount(b)-1)
	dst = append(dst, b[packedHdr:off]...)
	return append(dst, b[next:]...)
}

// setWith returns b with entry m inserted at offset off, built in dst.
func setWith(dst, b []byte, off int, m []byte) []byte {
	dst = appendPackedHdr(dst[:0], packedCount(b)+1)
	dst = append(dst, b[packedHdr:off]...)
	dst = appendEntry(dst, m)
	return append(dst, b[off:]...)
}

// appendIntEntry appends integer v as an entry.
func appendIntEntry(dst []byte, v int64) []byte {
	var buf [20]byte
	return appendEntry(dst, strconv.AppendInt(buf[:0], v, 10))
}

// memberSet is a scratch hash set of members (aliasing the encodings or
// arguments they come from), in insertion order, for the operations on
// many members.
type memberSet struct {
	seed  maphash.Seed
	elems [][]byte
	slots []int32 // 1 + index into elems; 0 is empty
}

// reset empties s, sized for about n members.
func (s *memberSet) reset(n int) {
	if s.seed == (maphash.Seed{}) {
		s.seed = maphash.MakeSeed()
	}
	clear(s.elems)
	s.elems = s.elems[:0]
	size := 16
	for size < 2*n {
		size <<= 1
	}
	if cap(s.slots) >= size {
		s.slots = s.slots[:size]
		clear(s.slots)
	} else {
		s.slots = make([]int32, size)
	}
}

// lookup returns e's slot and its index in elems, or -1 and the free slot
// where it would go.
func (s *memberSet) lookup(e []byte) (slot, idx int) {
	mask := len(s.slots) - 1
	i := int(maphash.Bytes(s.seed, e)) & mask
	for {
		v := s.slots[i]
		if v == 0 {
			return i, -1
		}
		if bytes.Equal(s.elems[v-1], e) {
			return i, int(v - 1)
		}
		i = (i + 1) & mask
	}
}

// find returns e's index, or -1.
func (s *memberSet) find(e []byte) int {
	_, i := s.lookup(e)
	return i
}

// add inserts e unless present and reports whether it did.
func (s *memberSet) add(e []byte) bool {
	if 2*(len(s.elems)+1) > len(s.slots) {
		s.grow()
	}
	slot, i := s.lookup(e)
	if i >= 0 {
		return false
	}
	s.elems = append(s.elems, e)
	s.slots[slot] = int32(len(s.elems))
	return true
}

func (s *memberSet) grow() {
	s.slots = make([]int32, 2*len(s.slots))
	for j, e := range s.elems {
		slot, _ := s.lookup(e)
		s.slots[slot] = int32(j + 1)
	}
}

// addAll adds every member of encoding b.
func (s *memberSet) addAll(b []byte) {
	it := newPackedIter(b)
	for e, ok := it.next(); ok; e, ok = it.next() {
		s.add(e)
	}
}

// setSrc is one set a multi-key command reads.
type setSrc struct {
	key    []byte
	b      []byte // encoding; nil for a missing key
	intset bool
}

func (s *setSrc) count() int { return packedCount(s.b) }

// setWork is the scratch state of one set command, pooled so that a
// command allocates nothing per member in the steady state.
type setWork struct {
	idx   memberSet
	elems [][]byte
	ints  []int64
	cnt   []int32
	gone  []bool
	perm  []int32
	srcs  []setSrc
	bufs  [][]byte // copies of chained values, one per open set
	nbuf  int
	// single is the one set openSets left locked (no batch), or nil.
	single *engine.Item
}

var setWorkPool = sync.Pool{New: func() any { return new(setWork) }}

func getSetWork() *setWork { return setWorkPool.Get().(*setWork) }

// put returns w to the pool, dropping what would pin memory.
func (w *setWork) put() {
	const keep = 1 << 16
	clear(w.elems)
	w.elems = w.elems[:0]
	clear(w.idx.elems)
	w.idx.elems = w.idx.elems[:0]
	clear(w.srcs)
	w.srcs = w.srcs[:0]
	if cap(w.idx.slots) > 4*keep || cap(w.elems) > keep || cap(w.ints) > keep {
		*w = setWork{idx: memberSet{seed: w.idx.seed}}
	}
	for i := range w.bufs {
		if cap(w.bufs[i]) > keep {
			w.bufs[i] = nil
		}
	}
	w.nbuf = 0
	w.single = nil
	setWorkPool.Put(w)
}

// buf returns a buffer for one more chained value.
func (w *setWork) buf() *[]byte {
	if w.nbuf == len(w.bufs) {
		w.bufs = append(w.bufs, nil)
	}
	w.nbuf++
	return &w.bufs[w.nbuf-1]
}

// decode puts b's members in w.elems.
func (w *setWork) decode(b []byte) [][]byte {
	w.elems = w.elems[:0]
	it := newPackedIter(b)
	for e, ok := it.next(); ok; e, ok = it.next() {
		w.elems = append(w.elems, e)
	}
	return w.elems
}

// sortedInts parses integer members into w.ints, sorted.
func (w *setWork) sortedInts(elems [][]byte) []int64 {
	w.ints = w.ints[:0]
	for _, e := range elems {
		v, _ := resp.ParseInt(e)
		w.ints = append(w.ints, v)
	}
	slices.Sort(w.ints)
	return w.ints
}

// encode appends the encoding of members elems to dst: sorted numerically
// for an intset, else in their order.
func (w *setWork) encode(dst []byte, elems [][]byte, intset bool) []byte {
	dst = appendPackedHdr(dst[:0], len(elems))
	if intset {
		for _, v := range w.sortedInts(elems) {
			dst = appendIntEntry(dst, v)
		}
		return dst
	}
	for _, e := range elems {
		dst = appendEntry(dst, e)
	}
	return dst
}

// allInts reports whether every member is an integer.
func allInts(elems [][]byte) bool {
	for _, e := range elems {
		if !setIsInt(e) {
			return false
		}
	}
	return true
}

// zeroed returns s resized to n, all zero.
func zeroed[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}
