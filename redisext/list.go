package redisext

import (
	"encoding/binary"
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
// tail gap, or grows the value into its slab chunk's spare room in place
// (engine Item.Resize), and RPOP widens the tail gap. When an end has no
// room the list is stored anew with about half its size of room at that
// end (so the copies cost O(1) amortized per element), within the largest
// chunk: a value past it is chained across chunks, which cannot be edited
// in place, so every write to such a list (over about half a megabyte)
// rewrites it. Writes in the middle (LSET, LINSERT, LREM, LTRIM) rewrite the
// list without gaps. A list that pops shrink to a quarter of its value is
// compacted.

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
