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
func (e *Engine) Stats() Stats { return e.StatsHeld(nil) }

// KeysWithExpiry returns, per database, the number of keys and how many of
// them have an expiry (Redis INFO keyspace). It walks every item.
func (e *Engine) KeysWithExpiry() (keys, expires []int) { return e.KeysWithExpiryHeld(nil) }
