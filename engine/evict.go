package engine

import (
	"github.com/corvidcache/corvid/slab"
)

// lfuInitVal is the frequency counter of a new item (Redis LFU_INIT_VAL), so
// that new items are not evicted before they had a chance to be read.
const lfuInitVal = 5

// lruWalk bounds how many tail items one reclaim looks at per pass.
const lruWalk = 64

type verdict uint8

const (
	skipped verdict = iota
	evicted
	bumped
)

// Reclaim implements slab.Owner: free at least one chunk of class c by the
// eviction policy. Called with c's lock held.
func (e *Engine) Reclaim(c *slab.Class, held int) bool {
	if e.closed.Load() {
		return false
	}
	p := e.Policy()
	if p == NoEviction {
		return false
	}
	now := e.clock.Now()
	if p.sampled() {
		return e.reclaimSampled(c, held, p, now)
	}
	// LRU with a second chance: an item read since the evictor last saw it
	// goes back to the head once; a second pass evicts regardless.
	for pass := 0; pass < 2; pass++ {
		h := c.Tail()
		for n := 0; h != 0 && n < lruWalk; n++ {
			prev := c.Prev(h)
			switch e.evictOne(c, h, held, now, p, pass == 0, false) {
			case evicted:
				return true
			case bumped:
				c.MoveToHead(h)
			}
			h = prev
		}
	}
	return false
}

// reclaimSampled evicts the best of maxmemory-samples random items of the
// class: lowest frequency (LFU), soonest expiry (volatile-ttl) or any
// (random), as Redis's evictionPoolPopulate does over the whole keyspace.
func (e *Engine) reclaimSampled(c *slab.Class, held int, p Policy, now int64) bool {
	samples := int(e.samples.Load())
	var best slab.Handle
	bestScore := uint64(1<<64 - 1)
	found := 0
	for i := 0; i < samples*8 && found < samples; i++ {
		h := c.Sample()
		if h == 0 {
			continue
		}
		score, ok, exp := e.score(h, held, now, p)
		if exp {
			// Expired: reclaim it now, better than any eviction.
			if e.evictOne(c, h, held, now, p, false, true) == evicted {
				return true
			}
			continue
		}
		if !ok {
			continue
		}
		found++
		if p == AllKeysRandom || p == VolatileRandom {
			best = h
			break
		}
		if score < bestScore {
			best, bestScore = h, score
		}
	}
	if best != 0 && e.evictOne(c, best, held, now, p, false, false) == evicted {
		return true
	}
	if found == 0 && !p.volatile() {
		// Sampling missed (sparse class): fall back to the LRU tail.
		for h, n := c.Tail(), 0; h != 0 && n < lruWalk; n++ {
			prev := c.Prev(h)
			if e.evictOne(c, h, held, now, p, false, false) == evicted {
				return true
			}
			h = prev
		}
	}
	return false
}

// lockFor locks the stripe of the item in chunk h unless it is held by the
// caller. It returns nil if the stripe is busy.
func (e *Engine) lockFor(it itemView, held int) (*stripe, uint64, bool) {
	hash := Hash(it.key())
	si := e.stripeOf(hash)
	s := &e.stripes[si]
	if si == held {
		return s, hash, false
	}
	if !s.mu.TryLock() {
		return nil, 0, false
	}
	return s, hash, true
}

// score rates a sampled item for eviction (lower goes first).
func (e *Engine) score(h slab.Handle, held int, now int64, p Policy) (score uint64, ok, expired bool) {
	it := e.itemAt(h)
	s, _, locked := e.lockFor(it, held)
	if s == nil {
		return 0, false, false
	}
	if locked {
		defer s.mu.Unlock()
	}
	if it.has(bitPinned) {
		return 0, false, false
	}
	exp := it.expire()
	if e.dead(it.db(), it, now) {
		return 0, false, true
	}
	if p.volatile() && exp == 0 {
		return 0, false, false
	}
	switch p {
	case AllKeysLFU, VolatileLFU:
		return uint64(e.lfuDecayed(it, now)), true, false
	case VolatileTTL:
		return uint64(exp), true, false
	}
	return 0, true, false
}

// evictOne removes the item headed by chunk h (class c, lock held) if its
// stripe can be locked without waiting and the policy allows. With
// secondChance an item read since the last look is bumped instead; force
// ignores the policy (page moves).
func (e *Engine) evictOne(c *slab.Class, h slab.Handle, held int, now int64, p Policy, secondChance, force bool) verdict {
	it := e.itemAt(h)
	s, hash, locked := e.lockFor(it, held)
	if s == nil {
		return skipped
	}
	if locked {
		defer s.mu.Unlock()
	}
	if it.has(bitPinned) {
		return skipped
	}
	exp := it.expire()
	expired := e.dead(it.db(), it, now)
	if !expired && !force {
		if p.volatile() && exp == 0 {
			return skipped
		}
		if secondChance && it.has(bitAccessed) {
			it.clear(bitAccessed)
			return bumped
		}
	}
	db := it.db()
	t := &s.dbs[db]
	tag := tagOf(hash)
	e.logEvict(s, db, it.key(), exp, now)
	t.deleteAt(slotOf(t, tag, h))
	s.items--
	n := e.itemBytes(it)
	s.bytes -= int64(n)
	if expired {
		s.reclaimed++
		c.NoteReclaim()
		if !it.has(bitFetched) {
			s.expiredUnfetched++
		}
	} else {
		s.evictions++
		c.NoteEviction()
		if !it.has(bitFetched) {
			s.evictedUnfetched++
		} else if it.has(bitAccessed) {
			s.evictedActive++
		}
	}
	e.freeItemLocked(c, it, h, n)
	return evicted
}

// Release implements slab.Owner for page moves: free the item owning chunk h.
func (e *Engine) Release(c *slab.Class, h slab.Handle, held int) bool {
	owner := c.DataOwner(h)
	if !c.Linked(owner) {
		return false
	}
	return e.evictOne(c, owner, held, e.clock.Now(), e.Policy(), false, true) == evicted
}

// TailAge implements slab.Ager: seconds since the class's least recently
// used item was accessed.
func (e *Engine) TailAge(c *slab.Class) (int64, bool) {
	h := c.Tail()
	if h == 0 {
		return 0, false
	}
	it := e.itemAt(h)
	s, _, locked := e.lockFor(it, -1)
	if s == nil {
		return 0, false
	}
	age := int64(e.nowSecs(e.clock.Now())) - int64(it.atime())
	if locked {
		s.mu.Unlock()
	}
	return age, true
}

// lfuDecayed returns it's frequency counter decayed by the minutes since its
// last access (Redis LFUDecrAndReturn).
func (e *Engine) lfuDecayed(it itemView, now int64) uint8 {
	c := it.lfu()
	decay := int64(e.lfuDecay.Load())
	if decay <= 0 {
		return c
	}
	idle := int64(e.nowSecs(now)) - int64(it.atime())
	periods := idle / 60 / decay
	if periods >= int64(c) {
		return 0
	}
	return c - uint8(periods)
}

// lfuTouch decays and then logarithmically increments it's frequency
// counter (Redis LFULogIncr). Stripe lock held; call before updating atime.
func (e *Engine) lfuTouch(s *stripe, it itemView, now int64) {
	c := e.lfuDecayed(it, now)
	if c < 255 {
		base := float64(c) - lfuInitVal
		if base < 0 {
			base = 0
		}
		p := 1 / (base*float64(e.lfuLog.Load()) + 1)
		s.rnd ^= s.rnd << 13
		s.rnd ^= s.rnd >> 7
		s.rnd ^= s.rnd << 17
		if float64(s.rnd>>11)/(1<<53) < p {
			c++
		}
	}
	it.setLFU(c)
}
