package redisext

import "sync/atomic"

// EncodingLimits are Redis's thresholds between a collection's compact
// encoding and its big one (hash-max-listpack-*, set-max-intset-entries,
// zset-max-listpack-*). Corvid stores every collection compactly; the
// limits decide what OBJECT ENCODING reports and when a set stops keeping
// its integers sorted, as Redis's conversions would.
type EncodingLimits struct {
	HashEntries, HashValue int64
	SetIntset              int64
	ZSetEntries, ZSetValue int64
}

// The limits in force, process-wide, read on the hot path without a lock.
var (
	hashMaxListpackEntries, hashMaxListpackValue atomic.Int64
	setMaxIntsetEntries                          atomic.Int64
	zsetMaxListpackEntries, zsetMaxListpackValue atomic.Int64
)

func init() {
	// Redis 7.0.15's defaults (config.c).
	SetEncodingLimits(EncodingLimits{HashEntries: 512, HashValue: 64, SetIntset: setMaxIntsetDefault,
		ZSetEntries: 128, ZSetValue: 64})
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
}
