package engine

import "math/rand/v2"

// Keyspace-wide operations for the Redis commands that need them (KEYS,
// SCAN, RANDOMKEY, SWAPDB), each in two forms: an Engine method that takes
// the stripe locks itself, and a Batch method for a caller that already
// holds every stripe (a MULTI/EXEC transaction), which must not call the
// Engine form (stripe locks are not reentrant).

// RandomKey appends a random live key of database db to dst and reports
// whether there was one (Redis RANDOMKEY). Stripes are picked in
// proportion to their number of keys, and a key within a stripe by a
// random index slot, so the pick is close to uniform; expired keys not yet
// removed are passed over.
func (e *Engine) RandomKey(db int, dst []byte) ([]byte, bool) {
	total := 0
	for i := range e.stripes {
		s := &e.stripes[i]
		s.mu.Lock()
		total += s.dbs[db].count
		s.mu.Unlock()
	}
	if total == 0 {
		return dst, false
	}
	first := e.pickStripe(db, total, false)
	now := e.clock.Now()
	for i := range e.stripes {
		si := (first + i) % len(e.stripes)
		s := &e.stripes[si]
		s.mu.Lock()
		key, ok := e.randomIn(&s.dbs[db], now)
		if ok {
			dst = append(dst, key...)
		}
		s.mu.Unlock()
		if ok {
			return dst, true
		}
	}
	return dst, false
}

// RandomKey is Engine.RandomKey under a batch that holds every stripe.
func (b *Batch) RandomKey(db int, dst []byte) ([]byte, bool) {
	b.mustAll()
	e := b.e
	total := 0
	for i := range e.stripes {
		total += e.stripes[i].dbs[db].count
	}
	if total == 0 {
		return dst, false
	}
	first := e.pickStripe(db, total, true)
	now := e.clock.Now()
	for i := range e.stripes {
		s := &e.stripes[(first+i)%len(e.stripes)]
		if key, ok := e.randomIn(&s.dbs[db], now); ok {
			return append(dst, key...), true
		}
	}
	return dst, false
}

// pickStripe returns a stripe chosen with probability proportional to its
// key count in db (total keys were counted a moment ago; counts may have
// changed since, when not locked, which only skews the pick).
func (e *Engine) pickStripe(db, total int, locked bool) int {
	r := rand.IntN(total)
	for i := range e.stripes {
		s := &e.stripes[i]
		if !locked {
			s.mu.Lock()
		}
		n := s.dbs[db].count
		if !locked {
			s.mu.Unlock()
		}
		if r < n {
			return i
		}
		r -= n
	}
	return rand.IntN(len(e.stripes))
}

// randomProbes is how many random slots randomIn tries before it scans.
const randomProbes = 64

// randomIn returns a random live key of t (stripe lock held). Probing
// random slots until one holds a live key picks every key alike; a scan
// from one random slot (the fallback, for a table that is mostly empty or
// dead) favours the keys after long empty runs: in a table of 20 keys it
// picked one 3 times in 2,000 and another 206.
func (e *Engine) randomIn(t *table, now int64) ([]byte, bool) {
	if t.count == 0 {
		return nil, false
	}
	n := len(t.slots)
	for range randomProbes {
		sl := t.slots[rand.IntN(n)]
		if sl == 0 {
			continue
		}
		if it := e.itemAt(slotHandle(sl)); !e.dead(it.db(), it, now) {
			return it.key(), true
		}
	}
	start := rand.IntN(n)
	for i := 0; i < n; i++ {
		sl := t.slots[(start+i)&(n-1)]
		if sl == 0 {
			continue
		}
		it := e.itemAt(slotHandle(sl))
		if e.dead(it.db(), it, now) {
			continue
		}
		return it.key(), true
	}
	return nil, false
}

// ScanKeys is Scan (kept for its callers).
func (e *Engine) ScanKeys(db int, cursor uint64, count int, fn func(key []byte, kind Kind)) uint64 {
	return e.Scan(db, cursor, count, fn)
}

// Scan is Engine.Scan under a batch that holds every stripe.
func (b *Batch) Scan(db int, cursor uint64, count int, fn func(key []byte, kind Kind)) uint64 {
	b.mustAll()
	return b.e.scan(db, cursor, count, false, fn)
}

func (e *Engine) scan(db int, cursor uint64, count int, lock bool, fn func(key []byte, kind Kind)) uint64 {
	if count <= 0 {
		count = 10
	}
	si := int(cursor >> 32)
	start := uint64(uint32(cursor))
	reported := 0
	now := e.clock.Now()
	for si < len(e.stripes) && reported < count {
		s := &e.stripes[si]
		if lock {
			s.mu.Lock()
		}
		end := e.scanWindow(&s.dbs[db], start, count-reported, now, func(key []byte, kind Kind) {
			fn(key, kind)
			reported++
		})
		if lock {
			s.mu.Unlock()
		}
		if end == 1<<32 {
			si++
			start = 0
		} else {
			start = end
		}
	}
	if si >= len(e.stripes) {
		return 0
	}
	return uint64(si)<<32 | start
}

// scanWindow reports the live items of t whose tags lie in a window that
// starts at tag start and holds about want items, and returns the window's
// end (1<<32 when it reaches the end of the table). The cluster that wraps
// to the front of the table is walked only up to the window's first slot:
// the slots from there on were visited already.
func (e *Engine) scanWindow(t *table, start uint64, want int, now int64, fn func(key []byte, kind Kind)) uint64 {
	end := uint64(1 << 32)
	if t.count == 0 {
		return end
	}
	n := len(t.slots)
	w := max(1, want*n/t.count)
	h0 := t.home(uint32(start))
	if h1 := h0 + w; h1 < n {
		end = uint64(h1) << t.shift
	}
	visit := func(sl uint64) {
		tag := uint64(slotTag(sl))
		if tag < start || tag >= end {
			return
		}
		it := e.itemAt(slotHandle(sl))
		if e.dead(it.db(), it, now) {
			return
		}
		fn(it.key(), it.kind())
	}
	p := h0
	for ; p < n; p++ {
		sl := t.slots[p]
		if sl == 0 {
			if uint64(p)<<t.shift >= end {
				break
			}
			continue
		}
		visit(sl)
	}
	if p == n { // the last cluster may wrap to the front
		for q := 0; q < h0 && t.slots[q] != 0; q++ {
			visit(t.slots[q])
		}
	}
	return end
}

// Each is Engine.Each under a batch that holds every stripe.
func (b *Batch) Each(db int, fn func(x *Item) bool) {
	b.mustAll()
	e := b.e
	now := e.clock.Now()
	var x Item
	for i := range e.stripes {
		if !e.eachInStripe(i, db, now, &x, b, fn) {
			return
		}
	}
}

// SwapDB is Engine.SwapDB under a batch that holds every stripe.
func (b *Batch) SwapDB(x, y int) {
	b.mustAll()
	b.Release() // Items of the batch may point into the swapped tables
	for i := range b.e.stripes {
		b.e.swapTables(&b.e.stripes[i], x, y)
	}
}

// swapTables swaps databases x and y of stripe s (locked) and rewrites the
// database recorded in each of their items.
func (e *Engine) swapTables(s *stripe, x, y int) {
	s.dbs[x], s.dbs[y] = s.dbs[y], s.dbs[x]
	for _, db := range [2]int{x, y} {
		for _, sl := range s.dbs[db].slots {
			if sl != 0 {
				it := e.itemAt(slotHandle(sl))
				it.setExpWord(it.expWord()&^(0xff<<48) | uint64(db)<<48)
			}
		}
	}
}
