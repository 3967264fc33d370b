package engine

import (
	"encoding/binary"
	"unsafe"

	"github.com/corvidcache/corvid/slab"
)

// Item is a locked view of one key of one database, handed out by Lock. It
// is valid until Unlock; its methods must not be called after that, and no
// other engine method may be called for a key of the same stripe while it is
// held (the stripe lock is not reentrant).
//
// An Item may or may not exist (Found). Read methods describe the current
// item (zero values when there is none); mutating methods (Set, Delete,
// SetExpire...) change it and feed the write log, and do nothing when there
// is no item (a SetExpire in the past deletes it, after which the Item
// reads as not found).
type Item struct {
	e       *Engine
	s       *stripe
	si      int
	t       *table
	db      int
	key     []byte
	tag     uint32
	h       slab.Handle
	it      itemView
	now     int64
	expired bool
	flushed bool
	batch   *Batch // set for an Item handed out by a Batch
	limit   int    // largest item a store through x may make; 0 = MaxItemSize
}

// Lock locks key's stripe and looks the key up in database db. An item found
// expired (or flushed) is removed and reported by Expired. Call Unlock when
// done. The key slice must stay unchanged until Unlock.
func (e *Engine) Lock(db int, key []byte) *Item {
	hash := Hash(key)
	si := e.stripeOf(hash)
	s := &e.stripes[si]
	s.mu.Lock()
	x := &s.cur
	e.lookup(x, s, si, db, key, hash)
	return x
}

// lookup points x at key in database db of stripe s (locked).
func (e *Engine) lookup(x *Item, s *stripe, si, db int, key []byte, hash uint64) {
	x.e, x.s, x.si = e, s, si
	x.t = &s.dbs[db]
	x.db = db
	x.key = key
	x.tag = tagOf(hash)
	x.now = e.clock.Now()
	x.expired = false
	x.flushed = false
	x.limit = 0
	x.h = e.find(x.t, key, x.tag)
	x.it = nil
	if x.h != 0 {
		x.it = e.itemAt(x.h)
		if exp := x.it.expire(); exp != 0 && exp <= x.now {
			if !x.it.has(bitFetched) {
				s.expiredUnfetched++
			}
			s.reclaimed++
			e.logDelete(x, true)
			e.unindex(s, x.t, x.tag, x.h)
			x.h, x.it = 0, nil
			x.expired = true
		} else if e.flushedItem(db, x.it) {
			e.logDelete(x, true)
			e.unindex(s, x.t, x.tag, x.h)
			x.h, x.it = 0, nil
			x.flushed = true
		}
	}
}

// Unlock releases the item's stripe (for an Item of a Batch it does
// nothing: the batch's Unlock releases everything).
func (x *Item) Unlock() {
	if x.batch != nil {
		return
	}
	x.key = nil
	x.s.mu.Unlock()
}

// Found reports whether the key exists (and has not expired).
func (x *Item) Found() bool { return x.h != 0 }

// Expired reports whether Lock found the key expired and removed it.
func (x *Item) Expired() bool { return x.expired }

// Flushed reports whether Lock found the key invalidated by FlushLazy and
// removed it (memcached's get_flushed).
func (x *Item) Flushed() bool { return x.flushed }

// Now returns the time the lock was taken, in Unix milliseconds.
func (x *Item) Now() int64 { return x.now }

// DB returns the item's database.
func (x *Item) DB() int { return x.db }

// Key returns the key the item was locked with.
func (x *Item) Key() []byte { return x.key }

// Kind returns the value's kind.
func (x *Item) Kind() Kind {
	if x.h == 0 {
		return 0
	}
	return x.it.kind()
}

// Value returns the value, valid until Unlock or the next mutation.
func (x *Item) Value() Value {
	if x.h == 0 {
		return Value{}
	}
	return x.e.valueOf(x.it)
}

// Len returns the value's length.
func (x *Item) Len() int {
	if x.h == 0 {
		return 0
	}
	return x.it.vlen()
}

// Flags returns the memcached client flags.
func (x *Item) Flags() uint32 {
	if x.h == 0 {
		return 0
	}
	return x.it.flags()
}

// CAS returns the item's CAS value (0 when CAS is disabled).
func (x *Item) CAS() uint64 {
	if x.e.noCAS || x.h == 0 {
		return 0
	}
	return x.it.cas()
}

// ExpireAt returns the expiry time in Unix milliseconds, 0 for none.
func (x *Item) ExpireAt() int64 {
	if x.h == 0 {
		return 0
	}
	return x.it.expire()
}

// Fetched reports whether the item was read since it was stored.
func (x *Item) Fetched() bool { return x.h != 0 && x.it.has(bitFetched) }

// Stale reports whether the item is marked stale (memcached meta X).
func (x *Item) Stale() bool { return x.h != 0 && x.it.has(bitStale) }

// TokenSent reports whether a win token was handed out (memcached meta Z).
func (x *Item) TokenSent() bool { return x.h != 0 && x.it.has(bitTokenSent) }

// IdleSeconds returns the seconds since the item was last accessed.
func (x *Item) IdleSeconds() int64 {
	if x.h == 0 {
		return 0
	}
	d := int64(x.e.nowSecs(x.now)) - int64(x.it.atime())
	if d < 0 {
		return 0
	}
	return d
}

// LastAccess returns the last access time in Unix seconds.
func (x *Item) LastAccess() int64 {
	if x.h == 0 {
		return 0
	}
	return (x.e.epoch + int64(x.it.atime())*1000) / 1000
}

// LFU returns the item's logarithmic access-frequency counter, decayed to now.
func (x *Item) LFU() uint8 {
	if x.h == 0 {
		return 0
	}
	return x.e.lfuDecayed(x.it, x.now)
}

// Class returns the slab class id of the item's head chunk.
func (x *Item) Class() int {
	if x.h == 0 {
		return 0
	}
	return x.e.slab.ClassOf(x.h).ID()
}

// Size returns the item's size in bytes, header included.
func (x *Item) Size() int {
	if x.h == 0 {
		return 0
	}
	return x.e.itemBytes(x.it)
}

// Hit records a read: it marks the item fetched and recently used (so the
// evictor passes it over once) and updates its access time and frequency.
// memcached's meta 'u' flag skips this.
func (x *Item) Hit() {
	if x.h == 0 {
		return
	}
	it := x.it
	it.set(bitFetched | bitAccessed)
	it.setATime(x.e.nowSecs(x.now))
	if p := x.e.Policy(); p == AllKeysLFU || p == VolatileLFU {
		x.e.lfuTouch(x.s, it, x.now)
	}
}

// Bump marks the item recently used (the evictor passes it over once) and
// updates its access time, without marking it fetched: memcached's
// do_item_update, as "add" does to an existing item.
func (x *Item) Bump() {
	if x.h == 0 {
		return
	}
	x.it.set(bitAccessed)
	x.it.setATime(x.e.nowSecs(x.now))
}

// SetFlags changes the client flags in place.
func (x *Item) SetFlags(f uint32) {
	if x.h != 0 {
		x.it.setFlags(f)
	}
}

// SetStale marks or clears the stale bit.
func (x *Item) SetStale(on bool) {
	if x.h != 0 {
		x.it.put(bitStale, on)
	}
}

// SetTokenSent marks or clears the win-token bit.
func (x *Item) SetTokenSent(on bool) {
	if x.h != 0 {
		x.it.put(bitTokenSent, on)
	}
}

// BinaryKey reports whether the key was stored as binary (memcached meta
// commands echo such a key base64-encoded).
func (x *Item) BinaryKey() bool { return x.h != 0 && x.it.has(bitBinaryKey) }

// SetBinaryKey marks or clears the binary-key bit.
func (x *Item) SetBinaryKey(on bool) {
	if x.h != 0 {
		x.it.put(bitBinaryKey, on)
	}
}

// Rewrite overwrites the value in place with b, which must have the value's
// length, and gives the item CAS cas (0 = a fresh one). It reports false,
// changing nothing, if the lengths differ or the value is chained. memcached
// rewrites a counter in place this way when the new number is not longer.
func (x *Item) Rewrite(b []byte, cas uint64) (uint64, bool) {
	if x.h == 0 || len(b) != x.it.vlen() || x.it.chained() {
		return 0, false
	}
	off, kl := x.it.keyOff()
	copy(x.it[off+kl:], b)
	cas = x.SetCAS(cas)
	x.e.logSet(x)
	return cas, true
}

// SetSizeLimit sets the largest item (header, key and value) a store
// through x may make until it is unlocked, in place of the engine's
// MaxItemSize (memcached's -I): the Redis port allows values up to its
// proto-max-bulk-len. Values past a slab chunk are chained, so any size
// the memory limit allows can be stored.
func (x *Item) SetSizeLimit(n int) { x.limit = n }

// SetCAS sets the item's CAS; 0 assigns a fresh one. It returns the CAS set.
func (x *Item) SetCAS(cas uint64) uint64 {
	if x.h == 0 {
		return 0
	}
	if cas == 0 {
		cas = x.e.NextCAS()
	}
	x.it.setCAS(cas)
	if x.e.noCAS {
		return 0
	}
	return cas
}

// SetExpire changes the expiry (Unix ms, 0 = never). An expiry in the past
// deletes the item.
func (x *Item) SetExpire(ms int64) {
	if x.h == 0 {
		return
	}
	if ms != 0 && ms <= x.now {
		x.Delete()
		return
	}
	x.it.setExpire(ms)
	x.e.logExpire(x)
}

// SetOpts describes a store.
type SetOpts struct {
	Kind     Kind
	Flags    uint32
	ExpireAt int64  // Unix ms, 0 = never
	CAS      uint64 // CAS to give the item; 0 = a fresh one
	KeepTTL  bool   // keep the current item's expiry
}

// Set stores value (the concatenation of parts) as the key's item, replacing
// any current one. On error the current item is left as it was. It returns
// the new item's CAS (0 when CAS is disabled).
func (x *Item) Set(o *SetOpts, parts ...[]byte) (uint64, error) {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	return x.set(o, n, parts, Value{})
}

// SetValue stores the concatenation of a, v (a value of this or another
// item, possibly chained) and b.
func (x *Item) SetValue(o *SetOpts, a []byte, v Value, b []byte) (uint64, error) {
	return x.set(o, len(a)+v.Len()+len(b), [][]byte{a, nil, b}, v)
}

func (x *Item) set(o *SetOpts, n int, parts [][]byte, v Value) (uint64, error) {
	exp := o.ExpireAt
	if o.KeepTTL && x.h != 0 {
		exp = x.it.expire()
	}
	// An expiry already past still stores the item, as memcached does: it
	// has a CAS, counts in total_items, and the next access finds it
	// expired.
	if x.h != 0 && v.it == nil && v.n == 0 && !x.it.chained() && !aliases(parts, x.it) &&
		x.e.slab.ClassFor(ItemSize(len(x.key), n)) == x.e.slab.ClassOf(x.h) {
		return x.overwrite(o, n, parts, exp)
	}
	// Pin the current item: parts may alias it, and the allocation below may
	// evict from this very stripe.
	pinned := x.h != 0 && !x.it.has(bitPinned)
	if pinned {
		x.it.set(bitPinned)
	}
	held := x.si
	if x.batch != nil {
		held = -1 // the batch holds several stripes: evict elsewhere only
	}
	h, it, err := x.e.alloc(held, x.db, x.key, n, o.Kind, x.limit)
	if pinned {
		x.it.clear(bitPinned)
	}
	if err != nil {
		return 0, err
	}
	if v.n == 0 && v.it == nil {
		if len(parts) == 1 && !it.chained() {
			off, kl := it.keyOff()
			copy(it[off+kl:], parts[0]) // the common case: one contiguous value
		} else {
			x.e.writeValue(it, parts...)
		}
	} else {
		w := x.e.newValueWriter(it)
		w.write(parts[0])
		v.Range(w.write)
		w.write(parts[2])
	}
	it.setFlags(o.Flags)
	it.setExpire(exp)
	it.setATime(x.e.nowSecs(x.now))
	it.setLFU(lfuInitVal)
	cas := o.CAS
	if cas == 0 {
		cas = x.e.NextCAS()
	}
	it.setCAS(cas)
	s := x.s
	size := x.e.itemBytes(it)
	if x.h != 0 {
		pos := slotOf(x.t, x.tag, x.h)
		x.t.slots[pos] = makeSlot(x.tag, h)
		old := x.it
		oldSize := x.e.itemBytes(old)
		s.bytes -= int64(oldSize)
		if !old.chained() && !it.chained() {
			x.e.slab.LinkFree(h, x.h, oldSize)
		} else {
			x.e.slab.Link(h)
			x.e.freeItem(old, x.h, oldSize)
		}
	} else {
		if x.t.slots == nil {
			x.t.init(minTableSlots)
		}
		x.t.insertAt(emptyFrom(x.t, x.tag), x.tag, h)
		s.items++
		x.e.slab.Link(h)
	}
	s.bytes += int64(size)
	s.total++
	x.h, x.it = h, it
	x.e.logSet(x)
	if x.e.noCAS {
		return 0, nil
	}
	return cas, nil
}

// overwrite stores a new value of the same size class into the current
// item's chunk, under the stripe lock only: no slab call, so a store of a
// key that exists takes no class lock (a store is the one operation that
// would otherwise serialize every core on its class's lock). The item keeps
// its place on the LRU list and gets the second chance a read gets.
func (x *Item) overwrite(o *SetOpts, n int, parts [][]byte, exp int64) (uint64, error) {
	it := x.it
	oldSize := x.e.itemBytes(it)
	off, kl := it.keyOff()
	p := off + kl
	for _, b := range parts {
		p += copy(it[p:], b)
	}
	binary.LittleEndian.PutUint32(it[offVLen:], uint32(n))
	it[offKind] = uint8(o.Kind)
	it[offBits] = it[offBits]&bitPinned | bitAccessed
	it.setFlags(o.Flags)
	it.setExpWord(uint64(x.db) << 48)
	it.setExpire(exp)
	it.setATime(x.e.nowSecs(x.now))
	it.setLFU(lfuInitVal)
	cas := o.CAS
	if cas == 0 {
		cas = x.e.NextCAS()
	}
	it.setCAS(cas)
	size := x.e.itemBytes(it)
	if d := size - oldSize; d != 0 {
		x.s.bytes += int64(d)
		x.e.slab.Resized(x.h, d)
	}
	x.s.total++
	x.e.logSet(x)
	if x.e.noCAS {
		return 0, nil
	}
	return cas, nil
}

// aliases reports whether any of parts points into the chunk it (whose
// old value a store in place would overwrite while copying).
func aliases(parts [][]byte, it itemView) bool {
	lo := uintptr(unsafe.Pointer(unsafe.SliceData(it)))
	hi := lo + uintptr(len(it))
	for _, b := range parts {
		if len(b) == 0 {
			continue
		}
		p := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
		if p < hi && p+uintptr(len(b)) > lo {
			return true
		}
	}
	return false
}

// Delete removes the item, if any.
func (x *Item) Delete() {
	if x.h == 0 {
		return
	}
	x.e.logDelete(x, false)
	x.e.unindex(x.s, x.t, x.tag, x.h)
	x.h, x.it = 0, nil
}
