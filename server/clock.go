package server

import (
	"sync"
	"sync/atomic"
	"time"
)

// clock is the server's time in Unix milliseconds: the wall clock plus an
// offset that the memcached "debugtime" test hook moves (memcached's debug
// builds shift current_time the same way), and that the hook can freeze.
//
// Reading the system clock costs about 45 ns here, more than a whole GET's
// work in the engine, so Now returns a cached value: each event loop
// refreshes it once per batch of commands it reads, and the ticker every
// 10 ms, so it is never more than a batch (or a tick, when idle) old.
// memcached does the same with its once-a-second current_time.
//
// Reading it goes through the monotonic clock (time.Since, one vDSO call;
// time.Now makes two) from a wall-clock reading that Sync takes again on
// every tick, so a step of the system clock shows within a tick.
type clock struct {
	offset atomic.Int64 // ms added to the wall clock
	frozen atomic.Int64 // when non-zero, the time returned (ms)
	cached atomic.Int64 // the last time read (ms)
	base   atomic.Pointer[clockBase]
	mu     sync.Mutex
	start  int64 // process start, Unix seconds
}

// clockBase is a wall-clock reading with its monotonic reading.
type clockBase struct {
	at   time.Time // carries the monotonic reading
	wall int64     // at, Unix nanoseconds
}

func newClock() *clock {
	c := &clock{start: time.Now().Unix()}
	c.Sync()
	c.Refresh()
	return c
}

// Sync takes a new wall-clock reading for read to count from.
func (c *clock) Sync() {
	now := time.Now()
	c.base.Store(&clockBase{at: now, wall: now.UnixNano()})
}

// Now returns the cached time in Unix milliseconds.
func (c *clock) Now() int64 { return c.cached.Load() }

// Refresh reads the system clock into the cache and returns it. The cache
// never goes back (event loops refresh it concurrently), except when
// debugtime moves the clock.
func (c *clock) Refresh() int64 {
	t := c.read()
	for {
		old := c.cached.Load()
		if t <= old {
			return old
		}
		if c.cached.CompareAndSwap(old, t) {
			return t
		}
	}
}

func (c *clock) read() int64 {
	if f := c.frozen.Load(); f != 0 {
		return f
	}
	b := c.base.Load()
	return (b.wall+int64(time.Since(b.at)))/1e6 + c.offset.Load()
}

// Advance moves the clock by secs seconds (debugtime <secs>).
func (c *clock) Advance(secs int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset.Add(secs * 1000)
	if f := c.frozen.Load(); f != 0 {
		c.frozen.Store(f + secs*1000)
	}
	c.cached.Store(c.read())
}

// Pause freezes the clock (debugtime p); Resume lets it run again from where
// it stopped (debugtime r).
func (c *clock) Pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen.Load() == 0 {
		c.frozen.Store(time.Now().UnixMilli() + c.offset.Load())
	}
	c.cached.Store(c.read())
}

func (c *clock) Resume() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.frozen.Load(); f != 0 {
		c.offset.Store(f - time.Now().UnixMilli())
		c.frozen.Store(0)
	}
	c.cached.Store(c.read())
}

// Uptime returns the seconds since the process started, by this clock.
func (c *clock) Uptime() int64 { return c.Now()/1000 - c.start }
