package server

import (
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/slab"
)

// stat names one protocol counter. Connections count in plain fields while
// they run commands and add them to their event loop's atomic totals once
// per batch (flushStats), so the hot path does no atomic operation per
// counter.
type stat int

const (
	stCmdGet stat = iota
	stCmdSet
	stCmdFlush
	stCmdTouch
	stCmdMeta
	stGetHits
	stGetMisses
	stGetExpired
	stGetFlushed
	stDeleteMisses
	stDeleteHits
	stIncrMisses
	stIncrHits
	stDecrMisses
	stDecrHits
	stCasMisses
	stCasHits
	stCasBadval
	stTouchHits
	stTouchMisses
	stStoreTooLarge
	stStoreNoMemory
	stAuthCmds
	stAuthErrors
	stBytesRead
	stBytesWritten
	stConnYields
	// Redis side
	stRespCommands
	stRespKeyspaceHits
	stRespKeyspaceMisses
	stRespErrors
	numStats
)

// classStat names one per-slab-class counter ("stats slabs").
type classStat int

const (
	csGetHits classStat = iota
	csCmdSet
	csDeleteHits
	csIncrHits
	csDecrHits
	csCasHits
	csCasBadval
	csTouchHits
	numClassStats
)

// loopStats are one event loop's totals.
type loopStats struct {
	ctr     [numStats]atomic.Uint64
	cls     [slab.MaxClasses + 1][numClassStats]atomic.Uint64
	writer  loopWriter // the loop's deferred writes (conn.go), touched only on it
	yielded int64      // when the loop last yielded (server clock, ms), touched only on it
	_       [64]byte
}

// yieldEvery is how often (ms) a busy event loop yields its thread to the Go
// scheduler. gnet's loop yields only when it runs out of events, so under
// a steady load it kept one goroutine running for good, and every 10 ms
// the runtime's monitor (sysmon) forced it off: a signal if it ran Go
// code, and if it sat in a syscall (most of the time: reading and
// writing sockets) the monitor took its P and woke another thread to
// run it, which also kept the monitor waking every 20 µs. A yield
// every few milliseconds is a few hundred nanoseconds and none of that.
const yieldEvery = 4

// maybeYield yields the loop's goroutine if it has not for yieldEvery ms
// (or the clock went back: debugtime).
func (ls *loopStats) maybeYield(now int64) {
	if d := now - ls.yielded; d >= yieldEvery || d < 0 {
		ls.yielded = now
		runtime.Gosched()
	}
}

// loopRegistry maps gnet event loops to their stats.
type loopRegistry struct {
	mu    sync.Mutex
	loops map[any]*loopStats
	list  []*loopStats
}

func (r *loopRegistry) get(key any) *loopStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.loops == nil {
		r.loops = map[any]*loopStats{}
	}
	ls := r.loops[key]
	if ls == nil {
		ls = new(loopStats)
		r.loops[key] = ls
		r.list = append(r.list, ls)
	}
	return ls
}

func (r *loopRegistry) all() []*loopStats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*loopStats(nil), r.list...)
}

// globalStats sums the loops' counters, minus what "stats reset" zeroed.
type globalStats struct {
	s       *Server
	mu      sync.Mutex
	base    [numStats]uint64
	clsBase [slab.MaxClasses + 1][numClassStats]uint64
	// What "stats reset" zeroes outside the per-loop counters.
	engBase              engine.Stats
	connBase, rejectBase uint64
}

// engineStats returns the engine's counters minus the reset baseline
// (gauges such as Items and Bytes are not reset).
func (g *globalStats) engineStats() engine.Stats {
	st := g.s.eng.Stats()
	g.mu.Lock()
	b := g.engBase
	g.mu.Unlock()
	st.TotalItems -= b.TotalItems
	st.Evictions -= b.Evictions
	st.Reclaimed -= b.Reclaimed
	st.ExpiredUnfetched -= b.ExpiredUnfetched
	st.EvictedUnfetched -= b.EvictedUnfetched
	st.EvictedActive -= b.EvictedActive
	return st
}

// connCounts returns total and rejected connections since the last reset.
func (g *globalStats) connCounts() (total, rejected uint64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.s.totalConn.Load() - g.connBase, g.s.rejected.Load() - g.rejectBase
}

func newGlobalStats(s *Server) *globalStats { return &globalStats{s: s} }

// sum returns the current value of every counter.
func (g *globalStats) sum() (out [numStats]uint64) {
	for _, ls := range g.s.loops.all() {
		for i := range out {
			out[i] += ls.ctr[i].Load()
		}
	}
	g.mu.Lock()
	for i := range out {
		out[i] -= g.base[i]
	}
	g.mu.Unlock()
	return out
}

// classSum returns the per-class counters of class id.
func (g *globalStats) classSum(id int) (out [numClassStats]uint64) {
	for _, ls := range g.s.loops.all() {
		for i := range out {
			out[i] += ls.cls[id][i].Load()
		}
	}
	g.mu.Lock()
	for i := range out {
		out[i] -= g.clsBase[id][i]
	}
	g.mu.Unlock()
	return out
}

// reset makes every counter read zero from now on ("stats reset").
func (g *globalStats) reset() {
	var cur [numStats]uint64
	var cls [slab.MaxClasses + 1][numClassStats]uint64
	for _, ls := range g.s.loops.all() {
		for i := range cur {
			cur[i] += ls.ctr[i].Load()
		}
		for id := range cls {
			for j := range cls[id] {
				cls[id][j] += ls.cls[id][j].Load()
			}
		}
	}
	eng := g.s.eng.Stats()
	g.mu.Lock()
	g.base = cur
	g.clsBase = cls
	g.engBase = eng
	g.connBase, g.rejectBase = g.s.totalConn.Load(), g.s.rejected.Load()
	g.mu.Unlock()
}
