package engine

import (
	"encoding/binary"

	"github.com/corvidcache/corvid/slab"
)

// Item layout inside its head chunk (little endian). Bytes 0-7 belong to the
// slab package (LRU links).
//
//	 8 cas     u64
//	16 exp     u64  bits 0-47 expiry (unix ms, 0 = never), 48-55 db, 56-63 LFU counter
//	24 vlen    u32  value length
//	28 flags   u32  memcached client flags
//	32 atime   u32  last access, seconds since the engine's epoch
//	36 klen    u8   key length; keyLong (255) means a u32 length at 40, key at 44
//	37 kind    u8   value kind (low 7 bits) | kindChained
//	38 bits    u8   bitFetched | bitAccessed | bitStale | bitTokenSent | bitPinned | bitBinaryKey
//	39 spare   u8
//	40 key, then the value (or, for a chained item, a u32 chunk count, the
//	   data chunk handles, then the first part of the value)
const (
	offCAS   = 8
	offExp   = 16
	offVLen  = 24
	offFlags = 28
	offATime = 32
	offKLen  = 36
	offKind  = 37
	offBits  = 38
	hdrSize  = 40

	keyLong     = 255
	kindChained = 0x80
	expMask     = 1<<48 - 1

	bitFetched   = 1 << 0 // read at least once (mg h)
	bitAccessed  = 1 << 1 // read since the evictor last looked (second chance)
	bitStale     = 1 << 2 // marked stale by md I / ms I (mg X)
	bitTokenSent = 1 << 3 // a win token was handed out (mg W / Z)
	bitPinned    = 1 << 4 // being rewritten in place: never evict
	bitBinaryKey = 1 << 5 // the key was sent base64-encoded (memcached meta b)
)

// Kind is the type of value an item holds.
type Kind uint8

// Value kinds. Kinds other than KindString are Redis structures whose bytes
// are the structure's compact encoding, owned by the redisext package.
const (
	KindString Kind = iota
	KindHash
	KindList
	KindSet
	KindZSet
	KindStream
)

// itemView is the decoded head of an item; b is its head chunk.
type itemView []byte

func (it itemView) cas() uint64         { return binary.LittleEndian.Uint64(it[offCAS:]) }
func (it itemView) setCAS(v uint64)     { binary.LittleEndian.PutUint64(it[offCAS:], v) }
func (it itemView) expWord() uint64     { return binary.LittleEndian.Uint64(it[offExp:]) }
func (it itemView) setExpWord(w uint64) { binary.LittleEndian.PutUint64(it[offExp:], w) }
func (it itemView) expire() int64       { return int64(it.expWord() & expMask) }

// setExpire stores an expiry; times past the 48-bit field (about year
// 10889) are capped to its largest value rather than wrapped.
func (it itemView) setExpire(ms int64) {
	if ms < 0 {
		ms = 1
	} else if ms > expMask {
		ms = expMask
	}
	it.setExpWord(it.expWord()&^expMask | uint64(ms))
}
func (it itemView) db() int        { return int(it.expWord() >> 48 & 0xff) }
func (it itemView) lfu() uint8     { return uint8(it.expWord() >> 56) }
func (it itemView) setLFU(v uint8) { it.setExpWord(it.expWord()&^(0xff<<56) | uint64(v)<<56) }
func (it itemView) vlen() int      { return int(binary.LittleEndian.Uint32(it[offVLen:])) }
func (it itemView) flags() uint32  { return binary.LittleEndian.Uint32(it[offFlags:]) }
func (it itemView) setFlags(f uint32) {
	binary.LittleEndian.PutUint32(it[offFlags:], f)
}
func (it itemView) atime() uint32     { return binary.LittleEndian.Uint32(it[offATime:]) }
func (it itemView) setATime(t uint32) { binary.LittleEndian.PutUint32(it[offATime:], t) }
func (it itemView) kind() Kind        { return Kind(it[offKind] &^ kindChained) }
func (it itemView) chained() bool     { return it[offKind]&kindChained != 0 }
func (it itemView) has(b uint8) bool  { return it[offBits]&b != 0 }
func (it itemView) set(b uint8)       { it[offBits] |= b }
func (it itemView) clear(b uint8)     { it[offBits] &^= b }

// put sets bit b when on, clears it otherwise.
func (it itemView) put(b uint8, on bool) {
	if on {
		it.set(b)
	} else {
		it.clear(b)
	}
}

// keyOff returns where the key starts and its length.
func (it itemView) keyOff() (int, int) {
	if n := it[offKLen]; n != keyLong {
		return hdrSize, int(n)
	}
	return hdrSize + 4, int(binary.LittleEndian.Uint32(it[hdrSize:]))
}

func (it itemView) key() []byte {
	off, n := it.keyOff()
	return it[off : off+n]
}

// keyExtra is the header growth for a key of n bytes.
func keyExtra(n int) int {
	if n >= keyLong {
		return 4
	}
	return 0
}

// writeHead fills a fresh item's header and key. The value is written by
// the caller.
func writeHead(it itemView, db int, key []byte, vlen int, kind Kind, chained bool) {
	binary.LittleEndian.PutUint64(it[offCAS:], 0)
	binary.LittleEndian.PutUint64(it[offExp:], uint64(db)<<48)
	binary.LittleEndian.PutUint32(it[offVLen:], uint32(vlen))
	binary.LittleEndian.PutUint32(it[offFlags:], 0)
	binary.LittleEndian.PutUint32(it[offATime:], 0)
	k := uint8(kind)
	if chained {
		k |= kindChained
	}
	it[offKind] = k
	it[offBits] = 0
	it[offBits+1] = 0
	off := hdrSize
	if len(key) >= keyLong {
		it[offKLen] = keyLong
		binary.LittleEndian.PutUint32(it[hdrSize:], uint32(len(key)))
		off += 4
	} else {
		it[offKLen] = uint8(len(key))
	}
	copy(it[off:], key)
}

// chainLayout describes a chained item: where its table and first value
// segment sit in the head chunk, and how many data chunks follow.
type chainLayout struct {
	tableOff int // u32 count, then count handles
	firstOff int // first value segment in the head chunk
	first    int // bytes of value in the head chunk
	n        int // data chunks
}

func layoutChain(klen, vlen, chunkMax int) chainLayout {
	keyEnd := hdrSize + keyExtra(klen) + klen
	tableOff := (keyEnd + 3) &^ 3
	seg := chunkMax - slab.HeaderSize
	n := 0
	for {
		firstOff := tableOff + 4 + 4*n
		first := chunkMax - firstOff
		if first < 0 {
			first = 0
		}
		if first > vlen {
			first = vlen
		}
		need := (vlen - first + seg - 1) / seg
		if need <= n {
			return chainLayout{tableOff: tableOff, firstOff: firstOff, first: first, n: n}
		}
		n = need
	}
}

func (l chainLayout) handle(it itemView, i int) slab.Handle {
	return slab.Handle(binary.LittleEndian.Uint32(it[l.tableOff+4+4*i:]))
}

// Value is a read-only view of an item's value, valid only while the item's
// lock is held (inside an Access callback). Use AppendTo to copy it out.
type Value struct {
	first []byte // contiguous value, or the head chunk's segment of a chained one
	n     int
	e     *Engine
	it    itemView // head chunk, for chained values
	l     chainLayout
}

// Len returns the value's length.
func (v Value) Len() int { return v.n }

// Bytes returns the value if it is stored contiguously (every value up to
// about half a megabyte), else nil and false.
func (v Value) Bytes() ([]byte, bool) {
	if v.it != nil {
		return nil, false
	}
	return v.first, true
}

// AppendTo appends the value to dst.
func (v Value) AppendTo(dst []byte) []byte {
	dst = append(dst, v.first...)
	if v.it == nil {
		return dst
	}
	left := v.n - len(v.first)
	seg := v.e.slab.ChunkMax() - slab.HeaderSize
	for i := 0; i < v.l.n && left > 0; i++ {
		b := v.e.slab.Bytes(v.l.handle(v.it, i))
		n := min(seg, left)
		dst = append(dst, b[slab.HeaderSize:slab.HeaderSize+n]...)
		left -= n
	}
	return dst
}

// Range calls fn with each contiguous piece of the value in order.
func (v Value) Range(fn func(p []byte)) {
	if len(v.first) > 0 {
		fn(v.first)
	}
	if v.it == nil {
		return
	}
	left := v.n - len(v.first)
	seg := v.e.slab.ChunkMax() - slab.HeaderSize
	for i := 0; i < v.l.n && left > 0; i++ {
		b := v.e.slab.Bytes(v.l.handle(v.it, i))
		n := min(seg, left)
		fn(b[slab.HeaderSize : slab.HeaderSize+n])
		left -= n
	}
}
