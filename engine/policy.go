package engine

import "fmt"

// Policy is what the engine does when memory is full.
type Policy uint8

// Eviction policies. PolicyLRU is memcached's behaviour: evict the least
// recently used item of the size class that needs room. The others are
// Redis's maxmemory-policy values; see doc.go's Eviction section for how
// they apply within a size class.
const (
	PolicyLRU Policy = iota
	NoEviction
	AllKeysLRU
	VolatileLRU
	AllKeysLFU
	VolatileLFU
	AllKeysRandom
	VolatileRandom
	VolatileTTL
)

var policyNames = [...]string{
	PolicyLRU:      "memcached-lru",
	NoEviction:     "noeviction",
	AllKeysLRU:     "allkeys-lru",
	VolatileLRU:    "volatile-lru",
	AllKeysLFU:     "allkeys-lfu",
	VolatileLFU:    "volatile-lfu",
	AllKeysRandom:  "allkeys-random",
	VolatileRandom: "volatile-random",
	VolatileTTL:    "volatile-ttl",
}

// String returns the policy's Redis name ("memcached-lru" for PolicyLRU).
func (p Policy) String() string {
	if int(p) < len(policyNames) {
		return policyNames[p]
	}
	return fmt.Sprintf("policy(%d)", uint8(p))
}

// ParsePolicy parses a Redis maxmemory-policy name (or "memcached-lru").
func ParsePolicy(name string) (Policy, error) {
	for i, n := range policyNames {
		if n == name {
			return Policy(i), nil
		}
	}
	return 0, fmt.Errorf("engine: unknown eviction policy %q", name)
}

// volatile reports whether the policy only evicts items with an expiry.
func (p Policy) volatile() bool {
	return p == VolatileLRU || p == VolatileLFU || p == VolatileRandom || p == VolatileTTL
}

// sampled reports whether the policy picks victims by random sampling
// rather than from the LRU tail.
func (p Policy) sampled() bool {
	return p == AllKeysLFU || p == VolatileLFU || p == AllKeysRandom || p == VolatileRandom || p == VolatileTTL
}
