package engine

// Statistics for callers that may hold a Batch (INFO or MEMORY STATS inside
// MULTI/EXEC): the stripes the batch holds are read under its locks, the
// others are locked briefly, one at a time, as Stats does.

// lockUnheld locks stripe i unless b holds it, and returns the unlock.
func (e *Engine) lockUnheld(b *Batch, i int) func() {
	if b != nil && b.e == e && (b.all || b.holds(i)) {
		return func() {}
	}
	s := &e.stripes[i]
	s.mu.Lock()
	return s.mu.Unlock
}

// StatsHeld is Stats for a caller that holds b (nil: no batch).
func (e *Engine) StatsHeld(b *Batch) Stats {
	if b == nil || !b.Locked() {
		return e.Stats()
	}
	var st Stats
	for i := range e.stripes {
		s := &e.stripes[i]
		unlock := e.lockUnheld(b, i)
		st.Items += s.items
		st.Bytes += s.bytes
		st.TotalItems += s.total
		st.Evictions += s.evictions
		st.Reclaimed += s.reclaimed
		st.ExpiredUnfetched += s.expiredUnfetched
		st.EvictedUnfetched += s.evictedUnfetched
		st.EvictedActive += s.evictedActive
		for db := range s.dbs {
			st.IndexBytes += int64(s.dbs[db].memory())
		}
		unlock()
	}
	st.Pages = e.slab.Pages()
	st.Limit = e.slab.Limit()
	st.PageMoves, st.PageMovesBusy = e.slab.Moves()
	return st
}

// KeysWithExpiryHeld is KeysWithExpiry for a caller that holds b (nil: no
// batch).
func (e *Engine) KeysWithExpiryHeld(b *Batch) (keys, expires []int) {
	if b == nil || !b.Locked() {
		return e.KeysWithExpiry()
	}
	keys = make([]int, e.dbs)
	expires = make([]int, e.dbs)
	for i := range e.stripes {
		s := &e.stripes[i]
		unlock := e.lockUnheld(b, i)
		for db := range s.dbs {
			t := &s.dbs[db]
			keys[db] += t.count
			if t.count == 0 {
				continue
			}
			for _, sl := range t.slots {
				if sl != 0 && e.itemAt(slotHandle(sl)).expire() != 0 {
					expires[db]++
				}
			}
		}
		unlock()
	}
	return keys, expires
}
