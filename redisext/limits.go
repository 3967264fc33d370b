package redisext

import (
	"sync/atomic"

	"github.com/corvidcache/corvid/engine"
)

// EncodingLimits are Redis's thresholds between a collection's compact
// encoding and its big one (hash-max-listpack-*, set-max-intset-entries,
// zset-max-listpack-*). Corvid stores every collection compactly; the
// limits decide what OBJECT ENCODING reports and when a set stops keeping
// its integers sorted, as Redis's conversions would.
type EncodingLimits struct {
	HashEntries, HashValue int64
	SetIntset              int64
	ZSetEntries, ZSetValue int64
	// MaxValue is proto-max-bulk-len: the largest value a Redis command
	// may store (strings, and each collection's whole encoding), where the
	// memcached port keeps memcached's -I.
	MaxValue int64
}

// The limits in force, process-wide, read on the hot path without a lock.
var (
	hashMaxListpackEntries, hashMaxListpackValue atomic.Int64
	setMaxIntsetEntries                          atomic.Int64
	zsetMaxListpackEntries, zsetMaxListpackValue atomic.Int64
	maxValue                                     atomic.Int64
)

func init() {
	// Redis 7.0.15's defaults (config.c).
	SetEncodingLimits(EncodingLimits{HashEntries: 512, HashValue: 64, SetIntset: setMaxIntsetDefault,
		ZSetEntries: 128, ZSetValue: 64, MaxValue: 512 << 20})
}

// SetEncodingLimits installs the limits. The server calls it at start and
// on CONFIG SET; collections written from then on follow them (one that
// already converted keeps its encoding, as in Redis).
func SetEncodingLimits(l EncodingLimits) {
	hashMaxListpackEntries.Store(l.HashEntries)
	hashMaxListpackValue.Store(l.HashValue)
	setMaxIntsetEntries.Store(l.SetIntset)
	zsetMaxListpackEntries.Store(l.ZSetEntries)
	zsetMaxListpackValue.Store(l.ZSetValue)
	if l.MaxValue > 0 {
		maxValue.Store(l.MaxValue)
	}
}

// valueLimit is the largest item (header and key included) a Redis
// command may store under key.
func valueLimit(key []byte) int {
	return engine.ItemSize(len(key), int(min(maxValue.Load(), 1<<40)))
}
