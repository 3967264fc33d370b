//go:build race

package redisext

// psRace is true under the race detector, where sync.Pool drops items at
// random and allocation counts mean nothing.
const psRace = true
