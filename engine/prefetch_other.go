//go:build !amd64 && !arm64 && !race

package engine

// prefetch does nothing where Corvid has no prefetch instruction wired.
func prefetch(addr uintptr) {}
