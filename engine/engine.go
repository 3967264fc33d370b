package engine

import (
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cespare/xxhash/v2"

	"github.com/corvidcache/corvid/slab"
)

// Errors returned by the engine; test them with errors.Is.
var (
	// ErrTooLarge: the item is larger than the maximum item size.
	ErrTooLarge = errors.New("engine: value too large")
	// ErrNoMemory: the memory limit is reached and nothing could be evicted.
	ErrNoMemory = errors.New("engine: out of memory")
)

// Clock tells the engine the time, in Unix milliseconds. Tests and the
// memcached debugtime hook substitute their own.
type Clock interface {
	Now() int64
}

// SystemClock is the real clock.
type SystemClock struct{}

// Now returns the current Unix time in milliseconds.
func (SystemClock) Now() int64 { return time.Now().UnixMilli() }

// Config sets up an Engine. Zero fields take the defaults in brackets.
type Config struct {
	MemoryLimit  int64   // bytes of slab pages [64 MiB]
	GrowthFactor float64 // slab class growth (memcached -f) [1.25]
	MinChunk     int     // smallest key+value space in a chunk (memcached -n) [48]
	ChunkMax     int     // largest chunk (memcached slab_chunk_max) [512 KiB]
	MaxItemSize  int     // largest item, header included (memcached -I) [1 MiB]
	Policy       Policy  // eviction policy [PolicyLRU]
	Samples      int     // maxmemory-samples for the sampling policies [5]
	LFULogFactor int     // lfu-log-factor [10]
	LFUDecayTime int     // lfu-decay-time in minutes [1]
	Databases    int     // Redis databases; memcached uses db 0 [16]
	Stripes      int     // lock stripes, rounded up to a power of two [8 x GOMAXPROCS, at least 64]
	NoCAS        bool    // memcached -C: CAS values read as 0
	Clock        Clock   // [SystemClock]
}

// Engine is the keyspace: lock-striped indexes over items stored in slab
// chunks. All methods are safe for concurrent use.
type Engine struct {
	slab     *slab.Allocator
	stripes  []stripe
	smask    uint64
	cas      atomic.Uint64
	clock    Clock
	epoch    int64 // ms; item access times are seconds since epoch
	dbs      int
	noCAS    bool
	policy   atomic.Uint32
	samples  atomic.Int32
	maxItem  atomic.Int64
	lfuLog   atomic.Int32
	lfuDecay atomic.Int32
	wlog     atomic.Pointer[writeLogBox]

	flushCAS  [256]atomic.Uint64 // per db: items with a smaller CAS are flushed (FlushLazy)
	flushSecs [256]atomic.Uint32 // per db: items last used before this second are flushed

	maintMu   sync.Mutex
	sweepNext atomic.Uint32
	closed    atomic.Bool
}

type stripe struct {
	mu  sync.Mutex
	dbs []table
	cur Item   // the Item handed out while mu is held
	rec Record // scratch for the write log, used while mu is held

	items            int64  // live items, all databases
	bytes            int64  // sum of item sizes
	total            uint64 // items ever stored
	expiredUnfetched uint64
	evictedUnfetched uint64
	evictedActive    uint64
	evictions        uint64
	reclaimed        uint64 // expired items removed (lazily, by the sweeper or at the LRU tail)
	sweepDB          int
	sweepPos         int
	rnd              uint64
	_                [64]byte
}

// New creates an engine.
func New(cfg Config) (*Engine, error) {
	if cfg.MemoryLimit <= 0 {
		cfg.MemoryLimit = 64 << 20
	}
	if cfg.GrowthFactor <= 1 {
		cfg.GrowthFactor = 1.25
	}
	if cfg.MinChunk <= 0 {
		cfg.MinChunk = 48
	}
	if cfg.ChunkMax <= 0 {
		cfg.ChunkMax = slab.PageSize / 2
	}
	if cfg.MaxItemSize <= 0 {
		cfg.MaxItemSize = 1 << 20
	}
	if cfg.Samples <= 0 {
		cfg.Samples = 5
	}
	if cfg.LFULogFactor <= 0 {
		cfg.LFULogFactor = 10
	}
	if cfg.LFUDecayTime < 0 {
		cfg.LFUDecayTime = 1
	}
	if cfg.Databases <= 0 {
		cfg.Databases = 16
	}
	if cfg.Databases > 256 {
		return nil, fmt.Errorf("engine: at most 256 databases")
	}
	if cfg.Stripes <= 0 {
		cfg.Stripes = max(64, 8*runtime.GOMAXPROCS(0))
	}
	if cfg.Stripes > 256 {
		cfg.Stripes = 256
	}
	cfg.Stripes = 1 << bits.Len(uint(cfg.Stripes-1))
	if cfg.Clock == nil {
		cfg.Clock = SystemClock{}
	}
	sl, err := slab.New(slab.Config{
		Limit:    cfg.MemoryLimit,
		Factor:   cfg.GrowthFactor,
		MinChunk: hdrSize + cfg.MinChunk,
		ChunkMax: cfg.ChunkMax,
		Evict:    cfg.Policy != NoEviction,
	})
	if err != nil {
		return nil, err
	}
	e := &Engine{
		slab:    sl,
		stripes: make([]stripe, cfg.Stripes),
		smask:   uint64(cfg.Stripes - 1),
		clock:   cfg.Clock,
		dbs:     cfg.Databases,
		noCAS:   cfg.NoCAS,
	}
	e.epoch = cfg.Clock.Now() - 2000 // access times start at 2 s, never 0
	e.policy.Store(uint32(cfg.Policy))
	e.samples.Store(int32(cfg.Samples))
	e.maxItem.Store(int64(cfg.MaxItemSize))
	e.lfuLog.Store(int32(cfg.LFULogFactor))
	e.lfuDecay.Store(int32(cfg.LFUDecayTime))
	for i := range e.stripes {
		s := &e.stripes[i]
		s.dbs = make([]table, cfg.Databases)
		s.rnd = uint64(i)*0x9E3779B97F4A7C15 + 1
		s.cur.e = e
		s.cur.s = s
		s.cur.si = i
	}
	sl.SetOwner(e)
	return e, nil
}

// Close releases the engine's memory. The engine must not be used afterwards.
func (e *Engine) Close() {
	e.closed.Store(true)
	e.maintMu.Lock() // wait for a running maintenance round
	defer e.maintMu.Unlock()
	for i := range e.stripes {
		e.stripes[i].mu.Lock()
	}
	e.slab.Close()
	for i := range e.stripes {
		e.stripes[i].mu.Unlock()
	}
}

// Slab returns the engine's allocator (for statistics).
func (e *Engine) Slab() *slab.Allocator { return e.slab }

// Databases returns the number of databases.
func (e *Engine) Databases() int { return e.dbs }

// Now returns the engine clock's time in Unix milliseconds.
func (e *Engine) Now() int64 { return e.clock.Now() }

// SetMemoryLimit changes the memory limit (memcached cache_memlimit, Redis
// CONFIG SET maxmemory).
func (e *Engine) SetMemoryLimit(bytes int64) { e.slab.SetLimit(bytes) }

// MemoryLimit returns the memory limit in bytes.
func (e *Engine) MemoryLimit() int64 { return e.slab.Limit() }

// SetPolicy changes the eviction policy.
func (e *Engine) SetPolicy(p Policy) {
	e.policy.Store(uint32(p))
	e.slab.SetEvict(p != NoEviction)
}

// Policy returns the eviction policy.
func (e *Engine) Policy() Policy { return Policy(e.policy.Load()) }

// SetSamples sets maxmemory-samples.
func (e *Engine) SetSamples(n int) {
	if n > 0 {
		e.samples.Store(int32(n))
	}
}

// SetLFU sets lfu-log-factor and lfu-decay-time.
func (e *Engine) SetLFU(logFactor, decayMinutes int) {
	e.lfuLog.Store(int32(logFactor))
	e.lfuDecay.Store(int32(decayMinutes))
}

// SetMaxItemSize changes the largest item accepted.
func (e *Engine) SetMaxItemSize(n int) { e.maxItem.Store(int64(n)) }

// MaxItemSize returns the largest item size accepted.
func (e *Engine) MaxItemSize() int { return int(e.maxItem.Load()) }

// ItemSize returns the bytes an item with this key and value length takes,
// header included (what MaxItemSize limits).
func ItemSize(klen, vlen int) int { return hdrSize + keyExtra(klen) + klen + vlen }

// NextCAS returns a fresh CAS value.
func (e *Engine) NextCAS() uint64 { return e.cas.Add(1) }

func (e *Engine) nowSecs(now int64) uint32 { return uint32((now - e.epoch) / 1000) }

// Hash returns the hash the engine uses for key.
func Hash(key []byte) uint64 { return xxhash.Sum64(key) }

func (e *Engine) stripeOf(hash uint64) int { return int(hash & e.smask) }

// tagOf returns the index tag for a hash: its top 32 bits, but never 0 so
// that a slot is never all zeroes... (handles are never 0, so 0 is fine too).
func tagOf(hash uint64) uint32 { return uint32(hash >> 32) }

// itemAt returns the head chunk of h as an itemView.
func (e *Engine) itemAt(h slab.Handle) itemView { return itemView(e.slab.Bytes(h)) }

// find looks key up in t. It returns the handle or 0.
func (e *Engine) find(t *table, key []byte, tag uint32) slab.Handle {
	if t.slots == nil {
		return 0
	}
	mask := len(t.slots) - 1
	for i := t.home(tag); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == 0 {
			return 0
		}
		if slotTag(s) == tag {
			h := slotHandle(s)
			if string(e.itemAt(h).key()) == string(key) {
				return h
			}
		}
	}
}

// slotOf returns the position of the entry (tag, h) in t; it must exist.
func slotOf(t *table, tag uint32, h slab.Handle) int {
	want := makeSlot(tag, h)
	mask := len(t.slots) - 1
	for i := t.home(tag); ; i = (i + 1) & mask {
		s := t.slots[i]
		if s == want {
			return i
		}
		if s == 0 {
			panic("BUG: engine: indexed item not found in its table")
		}
	}
}

// emptyFrom returns the first empty slot at or after tag's home.
func emptyFrom(t *table, tag uint32) int {
	mask := len(t.slots) - 1
	i := t.home(tag)
	for t.slots[i] != 0 {
		i = (i + 1) & mask
	}
	return i
}

// itemBytes is the size an item counts for in the "bytes" statistic.
func (e *Engine) itemBytes(it itemView) int {
	_, kl := it.keyOff()
	return ItemSize(kl, it.vlen())
}

// unindex removes item h (with tag) from table t of stripe s and frees its
// memory. Stripe lock held; no class lock held.
func (e *Engine) unindex(s *stripe, t *table, tag uint32, h slab.Handle) {
	it := e.itemAt(h)
	t.deleteAt(slotOf(t, tag, h))
	s.items--
	n := e.itemBytes(it)
	s.bytes -= int64(n)
	e.freeItem(it, h, n)
}

// freeItem returns an unindexed item's chunks to the allocator.
func (e *Engine) freeItem(it itemView, h slab.Handle, n int) {
	if it.chained() {
		_, kl := it.keyOff()
		l := layoutChain(kl, it.vlen(), e.slab.ChunkMax())
		for i := 0; i < l.n; i++ {
			e.slab.Free(l.handle(it, i), 0)
		}
		e.slab.Free(h, n)
		return
	}
	e.slab.Free(h, n)
}

// freeItemLocked is freeItem from inside a slab callback, with the class
// lock of c (which holds every chunk of a chained item) already held.
func (e *Engine) freeItemLocked(c *slab.Class, it itemView, h slab.Handle, n int) {
	if it.chained() {
		_, kl := it.keyOff()
		l := layoutChain(kl, it.vlen(), e.slab.ChunkMax())
		for i := 0; i < l.n; i++ {
			c.FreeLocked(l.handle(it, i), 0)
		}
		c.FreeLocked(h, n)
		return
	}
	c.FreeLocked(h, n)
}

// alloc allocates and formats a new item (not yet indexed). held is the
// stripe the caller has locked; limit, when not 0, replaces MaxItemSize.
func (e *Engine) alloc(held int, db int, key []byte, vlen int, kind Kind, limit int) (slab.Handle, itemView, error) {
	size := ItemSize(len(key), vlen)
	if limit <= 0 {
		limit = int(e.maxItem.Load())
	}
	if size > limit {
		return 0, nil, ErrTooLarge
	}
	cm := e.slab.ChunkMax()
	if size <= cm {
		h, err := e.slab.Alloc(size, held)
		if err != nil {
			return 0, nil, ErrNoMemory
		}
		it := e.itemAt(h)
		writeHead(it, db, key, vlen, kind, false)
		return h, it, nil
	}
	l := layoutChain(len(key), vlen, cm)
	var buf [64]slab.Handle
	hs, err := e.slab.AllocChain(buf[:0], l.n+1, held, size)
	if err != nil {
		return 0, nil, ErrNoMemory
	}
	h := hs[0]
	it := e.itemAt(h)
	writeHead(it, db, key, vlen, kind, true)
	putU32(it[l.tableOff:], uint32(l.n))
	for i, dh := range hs[1:] {
		putU32(it[l.tableOff+4+4*i:], uint32(dh))
	}
	return h, it, nil
}

// valueOf returns the value view of item it.
func (e *Engine) valueOf(it itemView) Value {
	off, kl := it.keyOff()
	n := it.vlen()
	if !it.chained() {
		return Value{first: it[off+kl : off+kl+n], n: n}
	}
	l := layoutChain(kl, n, e.slab.ChunkMax())
	return Value{first: it[l.firstOff : l.firstOff+l.first], n: n, e: e, it: it, l: l}
}

// writeValue copies parts, one after the other, into a fresh item's value.
func (e *Engine) writeValue(it itemView, parts ...[]byte) {
	w := e.newValueWriter(it)
	for _, b := range parts {
		w.write(b)
	}
}

// chainWriter fills an item's value, contiguous or chained, front to back.
type chainWriter struct {
	e    *Engine
	it   itemView
	l    chainLayout
	dst  []byte
	next int
}

// newValueWriter returns a writer that fills it's value from the start.
func (e *Engine) newValueWriter(it itemView) chainWriter {
	off, kl := it.keyOff()
	w := chainWriter{e: e, it: it}
	if !it.chained() {
		w.dst = it[off+kl : off+kl+it.vlen()]
		return w
	}
	w.l = layoutChain(kl, it.vlen(), e.slab.ChunkMax())
	w.dst = it[w.l.firstOff : w.l.firstOff+w.l.first]
	return w
}

func (w *chainWriter) write(b []byte) {
	for len(b) > 0 {
		if len(w.dst) == 0 {
			c := w.e.slab.Bytes(w.l.handle(w.it, w.next))
			w.next++
			w.dst = c[slab.HeaderSize:]
		}
		n := copy(w.dst, b)
		w.dst = w.dst[n:]
		b = b[n:]
	}
}

func putU32(b []byte, v uint32) {
	_ = b[3]
	b[0], b[1], b[2], b[3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}
