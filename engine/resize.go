package engine

import "github.com/corvidcache/corvid/slab"

// Resize changes the value's length to n in place and lets edit fill it:
// edit receives the value (length n; when it grew, the bytes past the old
// length are whatever the chunk held) and must not keep it. The item gets a
// fresh CAS and the write is logged after edit returns, so WATCH, keyspace
// consumers and persistence see the edited value. It reports false,
// changing nothing and not calling edit, when there is no item, the value
// is chained, or an item of n bytes of value would not fit the chunk the
// item occupies (or MaxItemSize): the caller then stores a new value with
// Set. Kind, flags and expiry are kept. It lets a collection grow or shrink
// at its end without copying the rest of its encoding. Edit does the same
// for chained values too.
func (x *Item) Resize(n int, edit func(v []byte)) bool {
	if x.h == 0 || x.it.chained() || !x.resizeTo(n) {
		return false
	}
	off, kl := x.it.keyOff()
	off += kl
	edit(x.it[off : off+n : off+n])
	x.SetCAS(0)
	x.e.logSet(x)
	return true
}

// Edit is Resize for any value, contiguous or chained: it changes the
// value's length to n in place and lets edit read and rewrite byte ranges
// of it through w (valid only during the call; when the value grew, the
// bytes past the old length are whatever the chunks held). The item gets a
// fresh CAS and the write is logged once, after edit returns. It reports
// false, changing nothing and not calling edit, when there is no item, n
// bytes would not fit the chunk of a contiguous item (or MaxItemSize), or a
// chained value of n bytes would need another number of chunks than its
// chain has (it may grow into its last chunk's spare room, and shrink while
// that chunk keeps a byte). A chained value is never copied: a command that
// touches a few bytes near either end of a value of megabytes costs what it
// touches.
func (x *Item) Edit(n int, edit func(w ValueEditor)) bool {
	if !x.resizeTo(n) {
		return false
	}
	edit(ValueEditor{v: x.e.valueOf(x.it)})
	x.SetCAS(0)
	x.e.logSet(x)
	return true
}

// resizeTo sets the value's length to n when the item's chunks hold it,
// keeping the accounting (the stripe's bytes and the slab class's requested
// bytes, which for a chain are counted on its head's class).
func (x *Item) resizeTo(n int) bool {
	if x.h == 0 || n < 0 {
		return false
	}
	_, kl := x.it.keyOff()
	size := ItemSize(kl, n)
	limit := x.limit
	if limit <= 0 {
		limit = int(x.e.maxItem.Load())
	}
	if size > limit {
		return false
	}
	if x.it.chained() {
		// The chain's layout (its chunk table, the head chunk's segment)
		// is a function of the length: it stays valid exactly when the
		// length needs the same number of data chunks.
		cm := x.e.slab.ChunkMax()
		if layoutChain(kl, n, cm).n != layoutChain(kl, x.it.vlen(), cm).n {
			return false
		}
	} else if size > len(x.it) {
		return false
	}
	oldSize := x.e.itemBytes(x.it)
	putU32(x.it[offVLen:], uint32(n))
	if d := size - oldSize; d != 0 {
		x.s.bytes += int64(d)
		x.e.slab.Resized(x.h, d)
	}
	return true
}

// ValueEditor is a writable view of an item's value, contiguous or chained,
// handed to the edit function of Item.Edit: valid only during that call.
type ValueEditor struct{ v Value }

// Len returns the value's length.
func (w ValueEditor) Len() int { return w.v.n }

// Value returns the value, read-only, as it stands.
func (w ValueEditor) Value() Value { return w.v }

// ReadAt copies the value's bytes from off into p and returns how many
// (fewer than len(p) only at the value's end).
func (w ValueEditor) ReadAt(p []byte, off int) int { return w.v.ReadAt(p, off) }

// WriteAt overwrites the value's bytes from off with p, across chunk
// boundaries, and returns how many it wrote (fewer than len(p) only at the
// value's end: the value never grows here).
func (w ValueEditor) WriteAt(p []byte, off int) int {
	n := 0
	for n < len(p) && off < w.v.n {
		k := copy(w.v.piece(off), p[n:])
		n += k
		off += k
	}
	return n
}

// Bytes returns the value's bytes [off, off+n) in place, writable, when
// they lie in one chunk (always for a contiguous value), else nil and false
// (use ReadAt and WriteAt).
func (w ValueEditor) Bytes(off, n int) ([]byte, bool) { return w.v.Peek(off, n) }

// piece returns the value's bytes from off (0 <= off < Len) to the end of
// the contiguous piece (the head chunk's segment, or a data chunk's) that
// holds off.
func (v Value) piece(off int) []byte {
	if off < len(v.first) {
		return v.first[off:]
	}
	r := off - len(v.first)
	seg := v.e.slab.ChunkMax() - slab.HeaderSize
	i := r / seg
	end := min(seg, v.n-len(v.first)-i*seg)
	b := v.e.slab.Bytes(v.l.handle(v.it, i))
	return b[slab.HeaderSize+r%seg : slab.HeaderSize+end]
}

// ReadAt copies the value's bytes from off (0 <= off) into p and returns
// how many (fewer than len(p) only at the value's end). Reading a range of
// a chained value costs the range, not the value.
func (v Value) ReadAt(p []byte, off int) int {
	n := 0
	for n < len(p) && off < v.n {
		k := copy(p[n:], v.piece(off))
		n += k
		off += k
	}
	return n
}

// Peek returns the value's bytes [off, off+n) in place when they lie in
// one piece (always for a contiguous value), else nil and false: the
// caller then copies them out with ReadAt.
func (v Value) Peek(off, n int) ([]byte, bool) {
	if off < 0 || n < 0 || off+n > v.n {
		return nil, false
	}
	if n == 0 {
		return v.first[:0:0], true
	}
	p := v.piece(off)
	if len(p) < n {
		return nil, false
	}
	return p[:n:n], true
}
