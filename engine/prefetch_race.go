//go:build race

package engine

// Under the race detector the prefetch hints do nothing: they read the
// index without its lock by design (prefetch.go).

// PrefetchSlot does nothing under the race detector.
func (e *Engine) PrefetchSlot(db int, hash uint64) {}

// PrefetchItem does nothing under the race detector.
func (e *Engine) PrefetchItem(db int, hash uint64) {}

// PrefetchKeys does nothing under the race detector.
func (e *Engine) PrefetchKeys(db int, keys [][]byte) {}
