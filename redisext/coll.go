package redisext

import (
	"encoding/binary"

	"github.com/corvidcache/corvid/engine"
)

// Redis collections (hashes, lists, sets, sorted sets) live in the item's
// value, in the slab like any string, in one compact encoding shared by the
// types (Redis's listpack plays the same part):
//
//	u32 count (little endian) | entry | entry | ...
//	entry = uvarint length | bytes
//
// count is the number of entries (a hash stores field and value as two
// entries, so its count is twice its length). Each type's file decides what
// its entries mean and in which order they stand. No Go object exists per
// collection or per element: a command reads the value in place, and a
// write builds the new encoding in the connection's scratch buffer and
// stores it as the item's new value.

const packedHdr = 4

// packedCount returns the number of entries of encoding b.
func packedCount(b []byte) int {
	if len(b) < packedHdr {
		return 0
	}
	return int(binary.LittleEndian.Uint32(b))
}

// setPackedCount stores n as b's entry count.
func setPackedCount(b []byte, n int) { binary.LittleEndian.PutUint32(b, uint32(n)) }

// packedStart returns the offset of the first entry.
func packedStart() int { return packedHdr }

// packedNext decodes the entry at off and returns it with the offset of
// the next one. The caller stops at len(b).
func packedNext(b []byte, off int) (elem []byte, next int) {
	n, w := binary.Uvarint(b[off:])
	off += w
	end := off + int(n)
	return b[off:end:end], end
}

// appendPackedHdr starts an encoding of n entries in dst.
func appendPackedHdr(dst []byte, n int) []byte {
	return binary.LittleEndian.AppendUint32(dst, uint32(n))
}

// appendEntry appends one entry.
func appendEntry(dst, e []byte) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(e)))
	return append(dst, e...)
}

// packedIter walks the entries of an encoding.
type packedIter struct {
	b   []byte
	off int
}

func newPackedIter(b []byte) packedIter { return packedIter{b: b, off: packedHdr} }

// next returns the next entry, or ok false at the end.
func (it *packedIter) next() (e []byte, ok bool) {
	if it.off >= len(it.b) {
		return nil, false
	}
	e, it.off = packedNext(it.b, it.off)
	return e, true
}

// collBytes returns the encoding of the collection x holds, contiguous:
// in place when the value is (every value up to about half a megabyte),
// else copied into buf (whose grown storage it returns as the second
// result for reuse). Valid until x is written or unlocked.
func collBytes(x *engine.Item, buf []byte) ([]byte, []byte) {
	v := x.Value()
	if b, ok := v.Bytes(); ok {
		return b, buf
	}
	buf = v.AppendTo(buf[:0])
	return buf, buf
}

// lookupColl is the start of every collection command on a locked item:
// it reports the collection's encoding, nil when the key is missing (after
// counting a miss), or ok false after replying WRONGTYPE when the key holds
// another kind. read says whether the command reads (it counts a hit and
// marks the item accessed, as Redis's lookupKeyRead).
func (c *Ctx) lookupColl(x *engine.Item, kind engine.Kind, read bool) (b []byte, ok bool) {
	if !x.Found() {
		if read {
			c.readMiss(x.Key())
		}
		return nil, true
	}
	if read {
		c.stats.hits++
	}
	if x.Kind() != kind {
		c.Err(ErrWrongType)
		return nil, false
	}
	if read {
		x.Hit()
	}
	b, c.collBuf = collBytes(x, c.collBuf)
	return b, true
}

// storeColl stores encoding b (built by the caller, never aliasing x's
// value) as x's new value of kind, keeping its expiry; an encoding of no
// entries deletes the key, as Redis removes an emptied collection. It
// replies nothing: on error it returns the message to reply.
func storeColl(x *engine.Item, kind engine.Kind, b []byte) (errMsg string) {
	if packedCount(b) == 0 {
		x.Delete()
		return ""
	}
	if _, err := x.Set(&engine.SetOpts{Kind: kind, KeepTTL: true}, b); err != nil {
		return storeError(err)
	}
	return ""
}
