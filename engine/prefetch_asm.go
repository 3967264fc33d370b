//go:build (amd64 || arm64) && !race

package engine

// prefetch asks the CPU to start loading the cache line at addr
// (PREFETCHT0 / PRFM PLDL1KEEP). It never faults, whatever addr is.
func prefetch(addr uintptr)
