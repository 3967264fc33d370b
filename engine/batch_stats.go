package engine

// Statistics for callers that may hold a Batch (INFO or MEMORY STATS inside
// MULTI/EXEC): the stripes the batch holds are read under its locks, the
// others are locked briefly, one at a time.

// heldBy reports whether b (nil: none) holds stripe i of e.
func (e *Engine) heldBy(b *Batch, i int) bool {
	return b != nil && b.e == e && (b.all || b.holds(i))
}

// StatsHeld is Stats for a caller that holds b (nil: no batch).
func (e *Engine) StatsHeld(b *Batch) Stats {
	var st Stats
	for i := range e.stripes {
		s := &e.stripes[i]
		held := e.heldBy(b, i)
		if !held {
			s.mu.Lock()
		}
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
		if !held {
			s.mu.Unlock()
		}
	}
	st.Pages = e.slab.Pages()
	st.Limit = e.slab.Limit()
	st.PageMoves, st.PageMovesBusy = e.slab.Moves()
	return st
}

// KeysWithExpiryHeld is KeysWithExpiry for a caller that holds b (nil: no
// batch).
func (e *Engine) KeysWithExpiryHeld(b *Batch) (keys, expires []int) {
	keys, expires, _ = e.KeyspaceHeld(b)
	return keys, expires
}

// KeyspaceHeld returns, per database, the number of keys, of keys with an
// expiry, and the average time to live of those (ms, 0 when none), for a
// caller that holds b (nil: no batch): INFO keyspace's keys, expires and
// avg_ttl (Redis estimates the last from its expiry cycle's samples;
// here it is exact).
func (e *Engine) KeyspaceHeld(b *Batch) (keys, expires []int, avgTTL []int64) {
	keys = make([]int, e.dbs)
	expires = make([]int, e.dbs)
	ttlSum := make([]int64, e.dbs)
	now := e.clock.Now()
	for i := range e.stripes {
		s := &e.stripes[i]
		held := e.heldBy(b, i)
		if !held {
			s.mu.Lock()
		}
		for db := range s.dbs {
			t := &s.dbs[db]
			keys[db] += t.count
			if t.count == 0 {
				continue
			}
			for _, sl := range t.slots {
				if sl == 0 {
					continue
				}
				if exp := e.itemAt(slotHandle(sl)).expire(); exp != 0 {
					expires[db]++
					if exp > now {
						ttlSum[db] += exp - now
					}
				}
			}
		}
		if !held {
			s.mu.Unlock()
		}
	}
	avgTTL = make([]int64, e.dbs)
	for db := range avgTTL {
		if expires[db] > 0 {
			avgTTL[db] = ttlSum[db] / int64(expires[db])
		}
	}
	return keys, expires, avgTTL
}
