package engine

// Stats are the engine's counters, the figures memcached's stats, Redis's
// INFO and /metrics report.
type Stats struct {
	Items            int64  // live items (curr_items)
	Bytes            int64  // bytes of live items, headers included (bytes)
	TotalItems       uint64 // items ever stored (total_items)
	Evictions        uint64 // items evicted to make room (evictions)
	Reclaimed        uint64 // expired items removed (reclaimed)
	ExpiredUnfetched uint64 // expired before anyone read them
	EvictedUnfetched uint64 // evicted before anyone read them
	EvictedActive    uint64 // evicted although read recently
	Pages            int64  // slab pages taken (total_malloced / 1 MiB)
	Limit            int64  // memory limit in bytes (limit_maxbytes)
	IndexBytes       int64  // memory of the index tables (hash_bytes)
	PageMoves        uint64 // pages moved between classes (slabs_moved)
	PageMovesBusy    uint64 // page moves abandoned because items were busy
}

// Stats returns the engine's counters. It takes each stripe lock briefly.
func (e *Engine) Stats() Stats {
	var st Stats
	for i := range e.stripes {
		s := &e.stripes[i]
		s.mu.Lock()
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
		s.mu.Unlock()
	}
	st.Pages = e.slab.Pages()
	st.Limit = e.slab.Limit()
	st.PageMoves, st.PageMovesBusy = e.slab.Moves()
	return st
}

// KeysWithExpiry returns, per database, the number of keys and how many of
// them have an expiry (Redis INFO keyspace). It walks every item.
func (e *Engine) KeysWithExpiry() (keys, expires []int) {
	keys = make([]int, e.dbs)
	expires = make([]int, e.dbs)
	for i := range e.stripes {
		s := &e.stripes[i]
		s.mu.Lock()
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
		s.mu.Unlock()
	}
	return keys, expires
}
