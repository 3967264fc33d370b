package engine

import "sort"

// Batch holds the locks of several stripes at once, so that a command over
// many keys (MSET, RENAME, MULTI/EXEC, a script) is atomic for all of them.
// Stripes are always locked in index order, so batches never deadlock with
// each other or with single-key Locks. A Batch is reused: keep one per
// connection; it holds no lock between Unlock and the next LockKeys.
//
// While a batch is held, its Items stay pinned (never evicted to make room
// for another item of the batch), and Item.Unlock does nothing; Batch.Unlock
// releases everything. Engine methods that take stripe locks themselves
// (FlushDB, Scan, DBSize...) must not be called while holding a batch; use
// the Batch's own variants.
type Batch struct {
	e     *Engine
	held  [256 / 64]uint64
	all   bool
	items []*Item
	nused int
	order []int
}

// LockKeys locks the stripes of keys (in any database: a key's stripe does
// not depend on its database).
func (e *Engine) LockKeys(b *Batch, keys [][]byte) {
	b.e = e
	b.order = b.order[:0]
	for _, k := range keys {
		b.order = append(b.order, e.stripeOf(Hash(k)))
	}
	sort.Ints(b.order)
	for i, si := range b.order {
		if i > 0 && si == b.order[i-1] {
			continue
		}
		e.stripes[si].mu.Lock()
		b.held[si/64] |= 1 << (si % 64)
	}
}

// LockAll locks every stripe (FLUSHALL, KEYS, SWAPDB inside a transaction).
func (e *Engine) LockAll(b *Batch) {
	b.e = e
	for i := range e.stripes {
		e.stripes[i].mu.Lock()
		b.held[i/64] |= 1 << (i % 64)
	}
	b.all = true
}

func (b *Batch) holds(si int) bool { return b.held[si/64]&(1<<(si%64)) != 0 }

// Locked reports whether the batch holds any lock.
func (b *Batch) Locked() bool { return b.e != nil && (b.all || b.held != [4]uint64{}) }

// All reports whether the batch holds every stripe.
func (b *Batch) All() bool { return b.all }

// Item returns key's Item in database db; its stripe must be held. Asking
// twice for the same key returns the same Item.
func (b *Batch) Item(db int, key []byte) *Item {
	hash := Hash(key)
	si := b.e.stripeOf(hash)
	if !b.holds(si) {
		panic("BUG: engine: Batch.Item for a key whose stripe the batch does not hold")
	}
	for _, x := range b.items[:b.nused] {
		if x.db == db && string(x.key) == string(key) {
			// Re-look up: an earlier command of the batch may have changed it.
			x.unpin()
			b.e.lookup(x, &b.e.stripes[si], si, db, key, hash)
			x.batch = b
			x.pin()
			return x
		}
	}
	if b.nused == len(b.items) {
		b.items = append(b.items, new(Item))
	}
	x := b.items[b.nused]
	b.nused++
	b.e.lookup(x, &b.e.stripes[si], si, db, key, hash)
	x.batch = b
	x.pin()
	return x
}

func (x *Item) pin() {
	if x.h != 0 {
		x.it.set(bitPinned)
	}
}

func (x *Item) unpin() {
	if x.h != 0 {
		x.it.clear(bitPinned)
	}
}

// Release forgets the batch's Items (unpinning them) but keeps the locks:
// for running the next command of a transaction.
func (b *Batch) Release() {
	for _, x := range b.items[:b.nused] {
		x.unpin()
		x.batch = nil
		x.key = nil
	}
	b.nused = 0
}

// Unlock releases every lock of the batch.
func (b *Batch) Unlock() {
	if b.e == nil {
		return
	}
	b.Release()
	for i := range b.e.stripes {
		if b.holds(i) {
			b.e.stripes[i].mu.Unlock()
		}
	}
	b.held = [4]uint64{}
	b.all = false
}

// FlushDB empties database db under a batch that holds every stripe.
func (b *Batch) FlushDB(db int) int {
	b.mustAll()
	now := b.e.clock.Now()
	n := 0
	for i := range b.e.stripes {
		s := &b.e.stripes[i]
		n += b.e.flushTable(s, &s.dbs[db])
	}
	b.e.logFlush(db, false, now)
	return n
}

// FlushAll empties every database under a batch that holds every stripe.
func (b *Batch) FlushAll() int {
	b.mustAll()
	now := b.e.clock.Now()
	n := 0
	for i := range b.e.stripes {
		s := &b.e.stripes[i]
		for db := range s.dbs {
			n += b.e.flushTable(s, &s.dbs[db])
		}
	}
	b.e.logFlush(0, true, now)
	return n
}

// DBSize counts database db under a batch that holds every stripe.
func (b *Batch) DBSize(db int) int {
	b.mustAll()
	n := 0
	for i := range b.e.stripes {
		n += b.e.stripes[i].dbs[db].count
	}
	return n
}

func (b *Batch) mustAll() {
	if !b.all {
		panic("BUG: engine: keyspace-wide Batch call without LockAll")
	}
}
