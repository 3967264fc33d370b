package redisext

import (
	"encoding/binary"

	"github.com/corvidcache/corvid/engine"
)

// The list encoding. A list is one item of kind engine.KindList whose value
// keeps the collections' frame (a u32 entry count first, then the entries
// in order, see coll.go) with room to grow at both ends and a back-length
// after each entry, so that a push or a pop at either end costs O(1)
// amortized instead of a rewrite of the whole value (Redis's listpack
// keeps the same back-length for the same reason):
//
//	 0 count     u32  number of entries (little endian, as packedCount)
//	 4 head gap  u32  free bytes right after the header
//	 8 tail gap  u32  free bytes at the end of the value
//	12 head gap bytes | entry | entry | ... | tail gap bytes
//	entry = uvarint n | n bytes | back-length
//	back-length = the uvarint of the entry's size before it (uvarint width
//	              + n), its bytes in reverse order, so that it is read from
//	              its last byte backwards
//
// LPUSH writes into the head gap and LPOP widens it; RPUSH writes into the
// tail gap, or grows the value into the spare room of its slab chunk (or of
// its chain's last chunk) in place, and RPOP widens the tail gap. These
// edits go through engine Item.Edit, which writes byte ranges of a value in
// place whether it is contiguous or chained across several chunks (a value
// past the largest chunk, about half a megabyte): a push or a pop touches
// the header and the entries it writes or reads, never the rest, and reads
// near the ends (LINDEX, LRANGE, LTRIM's walk) go through listVal, which
// reads a chained value in place too. When an end has no room the list is
// stored anew with about half its size of room at that end (so the copies
// cost O(1) amortized per element); below the largest chunk the room stops
// at it, so a small list stays contiguous. Writes in the middle (LSET,
// LINSERT, LREM) rewrite the list without gaps. A list that pops shrink to
// a quarter of its value is compacted.

const (
	listHdr     = 12
	listMinRoom = 16 // smallest room a regrown end gets
)

func listHeadGap(b []byte) int { return int(binary.LittleEndian.Uint32(b[4:])) }
func listTailGap(b []byte) int { return int(binary.LittleEndian.Uint32(b[8:])) }

// setListGaps stores the gaps of encoding b.
func setListGaps(b []byte, head, tail int) {
	binary.LittleEndian.PutUint32(b[4:], uint32(head))
	binary.LittleEndian.PutUint32(b[8:], uint32(tail))
}

// listBody returns the offsets of the first entry and of the end of the
// last one.
func listBody(b []byte) (start, end int) {
	return listHdr + listHeadGap(b), len(b) - listTailGap(b)
}

// uvarintLen is the encoded width of v.
func uvarintLen(v int) int {
	w := 1
	for ; v >= 0x80; v >>= 7 {
		w++
	}
	return w
}

// listEntrySize is the encoded size of an element of n bytes.
func listEntrySize(n int) int {
	f := uvarintLen(n) + n
	return f + uvarintLen(f)
}

// putListEntry writes e's entry at the start of dst (which has room for
// it) and returns its size.
func putListEntry(dst, e []byte) int {
	p := binary.PutUvarint(dst, uint64(len(e)))
	p += copy(dst[p:], e)
	var tmp [binary.MaxVarintLen64]byte
	w := binary.PutUvarint(tmp[:], uint64(p))
	for i := 0; i < w; i++ {
		dst[p+i] = tmp[w-1-i]
	}
	return p + w
}

// appendListEntry appends e's entry to dst.
func appendListEntry(dst, e []byte) []byte {
	n := len(dst)
	dst = append(dst, make([]byte, listEntrySize(len(e)))...)
	putListEntry(dst[n:], e)
	return dst
}

// listNext decodes the entry at off and returns it with the offset of the
// next one.
func listNext(b []byte, off int) (e []byte, next int) {
	n, w := binary.Uvarint(b[off:])
	start := off + w
	end := start + int(n)
	return b[start:end:end], end + uvarintLen(w+int(n))
}

// listPrev decodes the entry that ends at end and returns it with its
// start.
func listPrev(b []byte, end int) (e []byte, start int) {
	var v, shift uint
	p := end - 1
	for {
		ch := b[p]
		v |= uint(ch&0x7f) << shift
		if ch < 0x80 {
			break
		}
		shift += 7
		p--
	}
	start = p - int(v)
	n, w := binary.Uvarint(b[start:])
	return b[start+w : start+w+int(n) : start+w+int(n)], start
}

// appendListHdr starts an encoding of count entries with a head gap of
// head (zero) bytes; finishList ends it.
func appendListHdr(dst []byte, count, head int) []byte {
	dst = binary.LittleEndian.AppendUint32(dst, uint32(count))
	dst = binary.LittleEndian.AppendUint32(dst, uint32(head))
	dst = binary.LittleEndian.AppendUint32(dst, 0)
	return append(dst, make([]byte, head)...)
}

// finishList appends a tail gap of tail bytes to an encoding begun by
// appendListHdr and records it.
func finishList(b []byte, tail int) []byte {
	b = append(b, make([]byte, tail)...)
	binary.LittleEndian.PutUint32(b[8:], uint32(tail))
	return b
}

// listSeek returns the offset of entry i (0 <= i < count), walking from
// the nearer end.
func listSeek(b []byte, i int) int {
	start, end := listBody(b)
	n := packedCount(b)
	if i <= n/2 {
		off := start
		for ; i > 0; i-- {
			_, off = listNext(b, off)
		}
		return off
	}
	off := end
	for j := n; j > i; j-- {
		_, off = listPrev(b, off)
	}
	return off
}

// listIter walks a list's entries front to back.
type listIter struct {
	b        []byte
	off, end int
}

func newListIter(b []byte) listIter {
	start, end := listBody(b)
	return listIter{b: b, off: start, end: end}
}

// next returns the next entry and its offset, or ok false at the end.
func (it *listIter) next() (e []byte, off int, ok bool) {
	if it.off >= it.end {
		return nil, 0, false
	}
	off = it.off
	e, it.off = listNext(it.b, off)
	return e, off, true
}

// listVal is a list's value as a command reads it, without copying a
// chained value: b is the encoding when the item holds it contiguously
// (or after all copied it); else the entries a command touches are read
// from v in place, or copied into *buf when one straddles two chunks.
type listVal struct {
	b                 []byte
	v                 engine.Value
	n                 int // the value's length
	count, head, tail int // the header
	buf               *[]byte
}

// newListVal reads the header of list value v.
func newListVal(v engine.Value, buf *[]byte) listVal {
	lv := listVal{v: v, n: v.Len(), buf: buf}
	var hdr [listHdr]byte
	if b, ok := v.Bytes(); ok {
		lv.b = b
		copy(hdr[:], b)
	} else {
		v.ReadAt(hdr[:], 0)
	}
	lv.count = packedCount(hdr[:])
	lv.head, lv.tail = listHeadGap(hdr[:]), listTailGap(hdr[:])
	return lv
}

// body returns the offsets of the first entry and of the end of the last.
func (lv *listVal) body() (start, end int) { return listHdr + lv.head, lv.n - lv.tail }

// all returns the whole encoding, copying a chained value into *buf (the
// entries read before are overwritten); later reads use the copy.
func (lv *listVal) all() []byte {
	if lv.b == nil {
		*lv.buf = lv.v.AppendTo((*lv.buf)[:0])
		lv.b = *lv.buf
	}
	return lv.b
}

// at returns the value's bytes [off, off+n): in place, or copied into
// *buf when they straddle two chunks (valid until the next such copy).
func (lv *listVal) at(off, n int) []byte {
	if lv.b != nil {
		return lv.b[off : off+n : off+n]
	}
	if p, ok := lv.v.Peek(off, n); ok {
		return p
	}
	if cap(*lv.buf) < n {
		*lv.buf = make([]byte, n)
	}
	p := (*lv.buf)[:n:n]
	lv.v.ReadAt(p, off)
	return p
}

// next is listNext: the entry at off and the offset of the next one.
func (lv *listVal) next(off int) (e []byte, next int) {
	if lv.b != nil {
		return listNext(lv.b, off)
	}
	var tmp [binary.MaxVarintLen64]byte
	n, w := binary.Uvarint(tmp[:lv.v.ReadAt(tmp[:], off)])
	start := off + w
	return lv.at(start, int(n)), start + int(n) + uvarintLen(w+int(n))
}

// prevStart returns the start of the entry that ends at end.
func (lv *listVal) prevStart(end int) int {
	var tmp [binary.MaxVarintLen64]byte
	lo := max(end-len(tmp), 0)
	t := tmp[:end-lo]
	lv.v.ReadAt(t, lo)
	var v, shift uint
	p := len(t) - 1
	for {
		ch := t[p]
		v |= uint(ch&0x7f) << shift
		if ch < 0x80 {
			break
		}
		shift += 7
		p--
	}
	return lo + p - int(v)
}

// prev is listPrev: the entry that ends at end, and its start.
func (lv *listVal) prev(end int) (e []byte, start int) {
	if lv.b != nil {
		return listPrev(lv.b, end)
	}
	start = lv.prevStart(end)
	e, _ = lv.next(start)
	return e, start
}

// seek is listSeek: the offset of entry i (0 <= i < count), walking from
// the nearer end.
func (lv *listVal) seek(i int) int {
	if lv.b != nil {
		return listSeek(lv.b, i)
	}
	start, end := lv.body()
	if i <= lv.count/2 {
		off := start
		for ; i > 0; i-- {
			_, off = lv.next(off)
		}
		return off
	}
	off := end
	for j := lv.count; j > i; j-- {
		off = lv.prevStart(off)
	}
	return off
}

// listEdit rewrites x's list header (count entries, the gaps) and writes
// data at offset at, in place, the value's length becoming n; false when
// the item's chunks cannot hold n bytes (nothing changed).
func listEdit(x *engine.Item, n, count, head, tail int, data []byte, at int) bool {
	var hdr [listHdr]byte
	setPackedCount(hdr[:], count)
	setListGaps(hdr[:], head, tail)
	return x.Edit(n, func(w engine.ValueEditor) {
		w.WriteAt(hdr[:], 0)
		w.WriteAt(data, at)
	})
}
