package engine

// Resize changes the value's length to n in place and lets edit fill it:
// edit receives the value (length n; when it grew, the bytes past the old
// length are whatever the chunk held) and must not keep it. The item gets a
// fresh CAS and the write is logged after edit returns, so WATCH, keyspace
// consumers and persistence see the edited value. It reports false,
// changing nothing and not calling edit, when there is no item, the value
// is chained, or an item of n bytes of value would not fit the chunk the
// item occupies (or MaxItemSize): the caller then stores a new value with
// Set. Kind, flags and expiry are kept. It lets a collection grow or shrink
// at its end without copying the rest of its encoding.
func (x *Item) Resize(n int, edit func(v []byte)) bool {
	if x.h == 0 || x.it.chained() || n < 0 {
		return false
	}
	_, kl := x.it.keyOff()
	size := ItemSize(kl, n)
	if size > len(x.it) || size > int(x.e.maxItem.Load()) {
		return false
	}
	oldSize := x.e.itemBytes(x.it)
	putU32(x.it[offVLen:], uint32(n))
	if d := size - oldSize; d != 0 {
		x.s.bytes += int64(d)
		x.e.slab.Resized(x.h, d)
	}
	off := size - n
	edit(x.it[off:size:size])
	x.SetCAS(0)
	x.e.logSet(x)
	return true
}
