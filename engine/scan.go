package engine

// Scan reports the keys of database db in one window of the keyspace,
// starting at cursor (0 to begin), and returns the cursor of the next window,
// 0 once the whole keyspace was covered. About count keys are reported per
// call. fn must copy what it keeps; it runs under a stripe lock and must not
// call the engine.
//
// Cursors name positions in hash order (stripe, then the key hash's top 32
// bits), which do not move when tables grow or shrink, so a full iteration
// reports every key present throughout it exactly once, as Redis's SCAN
// promises (and, unlike Redis, never reports a key twice).
func (e *Engine) Scan(db int, cursor uint64, count int, fn func(key []byte, kind Kind)) uint64 {
	return e.scan(db, cursor, count, true, fn)
}

// Range calls fn with every live item of every database, one stripe at a
// time under its lock, as OpSet records (the form the write log uses), until
// fn returns false. Together with the write log from the moment Range
// starts, it gives a point-in-time snapshot without fork. fn must not call
// the engine.
func (e *Engine) Range(fn func(r *Record) bool) {
	now := e.clock.Now()
	var r Record
	for i := range e.stripes {
		s := &e.stripes[i]
		s.mu.Lock()
		for db := range s.dbs {
			for _, sl := range s.dbs[db].slots {
				if sl == 0 {
					continue
				}
				it := e.itemAt(slotHandle(sl))
				exp := it.expire()
				if e.dead(db, it, now) {
					continue
				}
				r = Record{Op: OpSet, DB: db, Key: it.key(), Kind: it.kind(), Value: e.valueOf(it),
					Flags: it.flags(), ExpireAt: exp, CAS: it.cas(), Time: now}
				if !fn(&r) {
					s.mu.Unlock()
					return
				}
			}
		}
		s.mu.Unlock()
	}
}

// DBSize returns the number of keys in database db (expired keys not yet
// removed included, as Redis's DBSIZE).
func (e *Engine) DBSize(db int) int {
	n := 0
	for i := range e.stripes {
		s := &e.stripes[i]
		s.mu.Lock()
		n += s.dbs[db].count
		s.mu.Unlock()
	}
	return n
}

// Each calls fn with every live item of database db, one stripe at a time
// under its lock, until fn returns false. fn may read x but must not change
// it, keep it, or call the engine.
func (e *Engine) Each(db int, fn func(x *Item) bool) {
	now := e.clock.Now()
	for i := range e.stripes {
		s := &e.stripes[i]
		s.mu.Lock()
		more := e.eachInStripe(i, db, now, &s.cur, nil, fn)
		s.mu.Unlock()
		if !more {
			return
		}
	}
}

// eachInStripe calls fn with every live item of database db in stripe i,
// whose lock the caller holds (or whose batch b does), through x. It
// reports false if fn stopped the walk.
func (e *Engine) eachInStripe(i, db int, now int64, x *Item, b *Batch, fn func(x *Item) bool) bool {
	s := &e.stripes[i]
	t := &s.dbs[db]
	for _, sl := range t.slots {
		if sl == 0 {
			continue
		}
		h := slotHandle(sl)
		it := e.itemAt(h)
		if e.dead(db, it, now) {
			continue
		}
		*x = Item{e: e, s: s, si: i, t: t, db: db, key: it.key(), tag: slotTag(sl), h: h, it: it, now: now, batch: b}
		if !fn(x) {
			return false
		}
	}
	return true
}
