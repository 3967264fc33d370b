package redisext

import (
	"sync"
	"sync/atomic"

	"github.com/cespare/xxhash/v2"

	"github.com/corvidcache/corvid/engine"
)

// Watches is the registry of WATCHed keys (Redis's db->watched_keys and
// c->watched_keys, multi.c). It is the engine's write log consumer for the
// Redis side: a watched key is invalidated by a write from either protocol,
// by its expiry or eviction, and by a flush of its database; the same
// stream feeds the keyspace notifications of expired and evicted keys.
//
// Watched keys are spread over shards by key hash, each with its own mutex,
// so writes to unwatched keys from many loops do not meet on one lock; with
// nothing watched, Write costs one atomic load.
type Watches struct {
	n       atomic.Int64 // watched (client, db, key) entries
	shards  [watchShards]watchShard
	cmu     sync.Mutex
	clients map[*Client]*clientWatch
	notify  *Notifier
	blocked *BlockState // keys clients block on (cmd_blocking.go)
}

const watchShards = 64

type watchShard struct {
	mu   sync.Mutex
	keys map[string][]*watchedKey // key name -> watchers, any database
	_    [40]byte
}

// watchedKey is one key a client watches. Its fields never change after it
// is registered.
type watchedKey struct {
	cw       *clientWatch
	db       int
	key      string
	exists   bool  // the key existed when WATCH ran
	expireAt int64 // its expiry then (Unix ms, 0 = none)
}

// clientWatch is one client's WATCH state.
type clientWatch struct {
	dirty atomic.Bool   // a watched key was touched: EXEC fails (CLIENT_DIRTY_CAS)
	keys  []*watchedKey // owned by the client's loop
}

func newWatches() *Watches { return &Watches{clients: map[*Client]*clientWatch{}} }

func (w *Watches) shard(key []byte) *watchShard {
	return &w.shards[xxhash.Sum64(key)%watchShards]
}

// ReadsValues implements engine.ValueReader: WATCH and notifications need
// only keys.
func (w *Watches) ReadsValues() bool { return false }

// Write implements engine.WriteLog. It runs with the key's stripe locked and
// only takes its own locks (and the Broker's, for notifications).
func (w *Watches) Write(r *engine.Record) {
	if r.Op == engine.OpEvict && w.notify != nil {
		w.notify.fromLog(r)
	}
	if r.Op == engine.OpSet && w.blocked != nil && w.blocked.n.Load() > 0 {
		w.blocked.signal(r)
	}
	if w.n.Load() == 0 {
		return
	}
	switch r.Op {
	case engine.OpSet, engine.OpDelete, engine.OpExpire:
		w.touch(r.DB, r.Key, false)
	case engine.OpEvict:
		w.touch(r.DB, r.Key, true)
	case engine.OpFlushDB:
		w.touchFlushed(r.DB, false)
	case engine.OpFlushAll:
		w.touchFlushed(0, true)
	}
}

// touch marks the clients watching key in db dirty (touchWatchedKey).
// removed is an expiry or eviction: it changes nothing for a client to
// which the key did not exist when it watched it, since the key can only
// have appeared since by a write (which made the client dirty already) or
// by SWAPDB bringing in a stale key (Redis: "expired key now deleted, no
// logical change").
func (w *Watches) touch(db int, key []byte, removed bool) {
	s := w.shard(key)
	s.mu.Lock()
	for _, wk := range s.keys[string(key)] {
		if wk.db == db && (wk.exists || !removed) {
			wk.cw.dirty.Store(true)
		}
	}
	s.mu.Unlock()
}

// touchFlushed marks dirty the clients watching a key that existed in a
// flushed database (touchAllWatchedKeysInDb: a key that did not exist is not
// changed by a flush). A watched key that changed since WATCH has already
// made its client dirty, so "existed at WATCH" is "existed at the flush".
func (w *Watches) touchFlushed(db int, all bool) {
	for i := range w.shards {
		s := &w.shards[i]
		s.mu.Lock()
		for _, list := range s.keys {
			for _, wk := range list {
				if wk.exists && (all || wk.db == db) {
					wk.cw.dirty.Store(true)
				}
			}
		}
		s.mu.Unlock()
	}
}

// state returns the client's WATCH state, or nil.
func (w *Watches) state(cl *Client) *clientWatch {
	w.cmu.Lock()
	cw := w.clients[cl]
	w.cmu.Unlock()
	return cw
}

// watch registers key (in the client's database) for the client. It locks
// the key while registering, so that no write can slip between reading its
// state and being watched.
func (c *Ctx) watch(key []byte) {
	w := c.Watches
	cl := c.Client
	w.cmu.Lock()
	cw := w.clients[cl]
	if cw == nil {
		cw = &clientWatch{}
		w.clients[cl] = cw
	}
	w.cmu.Unlock()
	if cw.dirty.Load() {
		return // no point in watching more (Redis's watchCommand)
	}
	db := cl.DB
	for _, wk := range cw.keys {
		if wk.db == db && wk.key == string(key) {
			return // already watched
		}
	}
	x := c.Lock(key)
	wk := &watchedKey{cw: cw, db: db, key: string(key), exists: x.Found()}
	if wk.exists {
		wk.expireAt = x.ExpireAt()
	}
	s := w.shard(key)
	s.mu.Lock()
	if s.keys == nil {
		s.keys = map[string][]*watchedKey{}
	}
	s.keys[wk.key] = append(s.keys[wk.key], wk)
	s.mu.Unlock()
	w.n.Add(1)
	x.Unlock()
	cw.keys = append(cw.keys, wk)
}

// unwatchAll forgets every key the client watches and clears its dirty
// state (unwatchAllKeys + clearing CLIENT_DIRTY_CAS).
func (c *Ctx) unwatchAll() {
	w := c.Watches
	w.cmu.Lock()
	cw := w.clients[c.Client]
	if cw != nil {
		delete(w.clients, c.Client)
	}
	w.cmu.Unlock()
	if cw == nil {
		return
	}
	for _, wk := range cw.keys {
		sh := &w.shards[xxhash.Sum64String(wk.key)%watchShards]
		sh.mu.Lock()
		list := sh.keys[wk.key]
		for i, o := range list {
			if o == wk {
				last := len(list) - 1
				list[i] = list[last]
				list[last] = nil
				list = list[:last]
				break
			}
		}
		if len(list) == 0 {
			delete(sh.keys, wk.key)
		} else {
			sh.keys[wk.key] = list
		}
		sh.mu.Unlock()
		w.n.Add(-1)
	}
	cw.keys = nil
}

// watchFailed reports whether the client's transaction must fail: a watched key was touched, or
// one that had a time to live then has expired by now (Redis 7.0's
// isWatchedKeyExpired). The caller holds the keys' stripes.
func (c *Ctx) watchFailed(now int64) bool {
	cw := c.Watches.state(c.Client)
	if cw == nil {
		return false
	}
	if cw.dirty.Load() {
		return true
	}
	for _, wk := range cw.keys {
		if wk.expireAt != 0 && wk.expireAt <= now {
			return true
		}
	}
	return false
}

// appendWatchedKeys appends the names of the keys the client watches.
func (c *Ctx) appendWatchedKeys(dst [][]byte) [][]byte {
	cw := c.Watches.state(c.Client)
	if cw == nil {
		return dst
	}
	for _, wk := range cw.keys {
		dst = append(dst, []byte(wk.key))
	}
	return dst
}

// SignalSwapDB invalidates the WATCHes that SWAPDB a b changes: a key
// watched in a or b that exists in either database (Redis's
// touchAllWatchedKeysInDb for both). The SWAPDB handler calls it after the
// swap, holding every stripe (c.LockAll) or none.
func (c *Ctx) SignalSwapDB(a, b int) {
	c.Blocked.signalDBs(a, b)
	w := c.Watches
	if w.n.Load() == 0 {
		return
	}
	var list []*watchedKey
	for i := range w.shards {
		s := &w.shards[i]
		s.mu.Lock()
		for _, l := range s.keys {
			for _, wk := range l {
				if wk.db == a || wk.db == b {
					list = append(list, wk)
				}
			}
		}
		s.mu.Unlock()
	}
	// Look the keys up without holding any registry lock: a lookup may
	// expire a key, which calls Write.
	for _, wk := range list {
		key := []byte(wk.key)
		exists := false
		for _, db := range [2]int{a, b} {
			x := c.LockDB(db, key)
			exists = exists || x.Found()
			x.Unlock()
		}
		if exists {
			wk.cw.dirty.Store(true)
		}
	}
}
