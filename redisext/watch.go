package redisext

import (
	"sync"

	"github.com/corvidcache/corvid/engine"
)

// Watches is the registry of WATCHed keys. It reads the engine's write log,
// so a watched key is invalidated by a write from either protocol, by its
// expiry or eviction, and by a flush.
type Watches struct {
	mu sync.Mutex
	// keys maps "db\x00key" to the clients watching it.
	keys map[string]map[*Client]struct{}
	n    int
}

func newWatches() *Watches { return &Watches{keys: map[string]map[*Client]struct{}{}} }

// Write implements engine.WriteLog.
func (w *Watches) Write(r *engine.Record) {
	// Filled in by the transactions work (cmd_tx.go).
}
