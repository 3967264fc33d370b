package server

import (
	"testing"
	"time"
)

// The clock counts from its wall-clock reading through the monotonic
// clock: it must stay with time.Now, and Sync must pick up a step of the
// system clock.
func TestClockFollowsWallClock(t *testing.T) {
	c := newClock()
	for range 5 {
		time.Sleep(3 * time.Millisecond)
		before := time.Now().UnixMilli()
		got := c.Refresh()
		after := time.Now().UnixMilli()
		if got < before-1 || got > after {
			t.Fatalf("Refresh = %d, wall clock %d..%d", got, before, after)
		}
	}
	// As if the system clock had been stepped back a second since the
	// last Sync: read is a second behind until the next Sync.
	now := time.Now()
	c.base.Store(&clockBase{at: now, wall: now.Add(-time.Second).UnixNano()})
	if d := time.Now().UnixMilli() - c.read(); d < 999 || d > 1002 {
		t.Fatalf("read is %d ms behind the wall clock, want about 1000", d)
	}
	c.Sync()
	if d := time.Now().UnixMilli() - c.read(); d < 0 || d > 1 {
		t.Fatalf("after Sync read is %d ms behind the wall clock", d)
	}
}
