package engine

import (
	"context"
	"time"

	"github.com/corvidcache/corvid/slab"
)

// FlushDB removes every item of database db (Redis FLUSHDB; memcached
// flush_all on db 0). It returns the number of items removed.
func (e *Engine) FlushDB(db int) int {
	now := e.clock.Now()
	n := 0
	for i := range e.stripes {
		s := &e.stripes[i]
		s.mu.Lock()
		n += e.flushTable(s, &s.dbs[db])
		if i == 0 {
			e.logFlush(db, false, now)
		}
		s.mu.Unlock()
	}
	return n
}

// FlushAll removes every item of every database (Redis FLUSHALL).
func (e *Engine) FlushAll() int {
	now := e.clock.Now()
	n := 0
	for i := range e.stripes {
		s := &e.stripes[i]
		s.mu.Lock()
		for db := range s.dbs {
			n += e.flushTable(s, &s.dbs[db])
		}
		if i == 0 {
			e.logFlush(0, true, now)
		}
		s.mu.Unlock()
	}
	return n
}

func (e *Engine) flushTable(s *stripe, t *table) int {
	if t.count == 0 {
		return 0
	}
	n := 0
	for _, sl := range t.slots {
		if sl == 0 {
			continue
		}
		h := slotHandle(sl)
		it := e.itemAt(h)
		sz := e.itemBytes(it)
		s.bytes -= int64(sz)
		s.items--
		e.freeItem(it, h, sz)
		n++
	}
	t.init(minTableSlots)
	return n
}

// FlushLazy invalidates every item of database db stored until now, in
// constant time, as memcached's flush_all does: an item is flushed if its
// CAS is older than the CAS counter now, or it was last used before the
// current second. Flushed items are removed when next looked up (Lock
// reports Flushed) or by the expiry sweep. Redis's FLUSHDB uses FlushDB,
// which removes everything at once.
func (e *Engine) FlushLazy(db int) {
	now := e.clock.Now()
	e.flushCAS[db].Store(e.cas.Load() + 1)
	e.flushSecs[db].Store(e.nowSecs(now))
	e.logFlush(db, false, now)
}

// dead reports whether it is expired or flushed.
func (e *Engine) dead(db int, it itemView, now int64) bool {
	if exp := it.expire(); exp != 0 && exp <= now {
		return true
	}
	return e.flushedItem(db, it)
}

// flushedItem reports whether it was invalidated by FlushLazy.
func (e *Engine) flushedItem(db int, it itemView) bool {
	if fc := e.flushCAS[db].Load(); fc != 0 && it.cas() < fc {
		return true
	}
	fs := e.flushSecs[db].Load()
	return fs != 0 && it.atime() < fs
}

// SwapDB swaps two databases atomically (Redis SWAPDB).
func (e *Engine) SwapDB(a, b int) {
	for i := range e.stripes {
		e.stripes[i].mu.Lock()
	}
	for i := range e.stripes {
		s := &e.stripes[i]
		s.dbs[a], s.dbs[b] = s.dbs[b], s.dbs[a]
		// Items record their database: rewrite it.
		for _, db := range [2]int{a, b} {
			for _, sl := range s.dbs[db].slots {
				if sl != 0 {
					it := e.itemAt(slotHandle(sl))
					it.setExpWord(it.expWord()&^(0xff<<48) | uint64(db)<<48)
				}
			}
		}
	}
	for i := range e.stripes {
		e.stripes[i].mu.Unlock()
	}
}

// SweepExpired looks at up to budget index slots, continuing where the last
// call stopped, and removes the expired items it finds, holding each stripe
// lock for at most a few dozen slots at a time. One call looks at each slot
// at most once. It returns the number of items removed. Redis's
// activeExpireCycle and memcached's LRU crawler play this part.
func (e *Engine) SweepExpired(budget int) int {
	const perLock = 32
	removed := 0
	now := e.clock.Now()
	var done [256 / 64]uint64 // stripes that completed a full cycle in this call
	left := len(e.stripes)
	for budget > 0 && left > 0 {
		si := int(e.sweepNext.Add(1)) & int(e.smask)
		if done[si/64]&(1<<(si%64)) != 0 {
			continue
		}
		s := &e.stripes[si]
		s.mu.Lock()
		n, r, wrapped := e.sweepStripe(s, min(perLock, budget), now)
		s.mu.Unlock()
		budget -= n
		removed += r
		if wrapped {
			done[si/64] |= 1 << (si % 64)
			left--
		}
	}
	return removed
}

// sweepStripe scans up to n slots of s from its sweep position. wrapped
// reports that the position went once around all of s's tables.
func (e *Engine) sweepStripe(s *stripe, n int, now int64) (scanned, removed int, wrapped bool) {
	for scanned < n {
		t := &s.dbs[s.sweepDB]
		if s.sweepPos >= len(t.slots) {
			s.sweepPos = 0
			s.sweepDB++
			if s.sweepDB == len(s.dbs) {
				s.sweepDB = 0
				return scanned, removed, true
			}
			continue
		}
		sl := t.slots[s.sweepPos]
		scanned++
		if sl != 0 {
			h := slotHandle(sl)
			it := e.itemAt(h)
			if exp := it.expire(); exp != 0 && exp <= now {
				if !it.has(bitFetched) {
					s.expiredUnfetched++
				}
				s.reclaimed++
				e.logEvict(s, it.db(), it.key(), exp, now)
				e.unindex(s, t, slotTag(sl), h)
				removed++
				continue // the slot now holds a shifted entry (or is empty): look again
			}
			if e.flushedItem(s.sweepDB, it) {
				e.unindex(s, t, slotTag(sl), h)
				removed++
				continue
			}
		}
		s.sweepPos++
	}
	return scanned, removed, false
}

// Maintain runs the background work until ctx is done: the expiry sweep
// (adaptive, like Redis's: more while many expired items are found) and,
// while automove (if not nil) says so, the slab page mover. interval is the
// tick (Redis hz 10 = 100ms).
func (e *Engine) Maintain(ctx context.Context, interval time.Duration, automove func() bool) {
	if interval <= 0 {
		interval = 100 * time.Millisecond
	}
	tick := time.NewTicker(interval)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		e.maintainOnce(automove == nil || automove())
	}
}

func (e *Engine) maintainOnce(automove bool) {
	e.maintMu.Lock()
	defer e.maintMu.Unlock()
	if e.closed.Load() {
		return
	}
	const budget = 2048
	deadline := time.Now().Add(5 * time.Millisecond)
	for {
		r := e.SweepExpired(budget)
		if r*4 < budget/8 || time.Now().After(deadline) {
			break
		}
	}
	if automove && e.Policy() != NoEviction {
		e.slab.Automove(4)
	}
}

var _ slab.Ager = (*Engine)(nil)
