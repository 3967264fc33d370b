package server

import (
	"sync"
	"sync/atomic"
	"time"
)

// clock is the server's time: the wall clock plus an offset that the
// memcached "debugtime" test hook moves (memcached's debug builds shift
// current_time the same way), and that the hook can freeze.
type clock struct {
	offset atomic.Int64 // ms added to the wall clock
	frozen atomic.Int64 // when non-zero, the time returned (ms)
	mu     sync.Mutex
	start  int64 // process start, Unix seconds
}

func newClock() *clock {
	return &clock{start: time.Now().Unix()}
}

// Now returns the time in Unix milliseconds.
func (c *clock) Now() int64 {
	if f := c.frozen.Load(); f != 0 {
		return f
	}
	return time.Now().UnixMilli() + c.offset.Load()
}

// Advance moves the clock by secs seconds (debugtime <secs>).
func (c *clock) Advance(secs int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.offset.Add(secs * 1000)
	if f := c.frozen.Load(); f != 0 {
		c.frozen.Store(f + secs*1000)
	}
}

// Pause freezes the clock (debugtime p); Resume lets it run again from where
// it stopped (debugtime r).
func (c *clock) Pause() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.frozen.Load() == 0 {
		c.frozen.Store(time.Now().UnixMilli() + c.offset.Load())
	}
}

func (c *clock) Resume() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f := c.frozen.Load(); f != 0 {
		c.offset.Store(f - time.Now().UnixMilli())
		c.frozen.Store(0)
	}
}

// Uptime returns the seconds since the process started, by this clock.
func (c *clock) Uptime() int64 { return c.Now()/1000 - c.start }
