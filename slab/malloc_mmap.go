//go:build linux && !corvid_heap

package slab

import (
	"syscall"
	"unsafe"
)

// arenaPages is how many pages one mmap reserves. Reserving does not commit
// memory: a page counts in the process's RSS only once it is written.
const arenaPages = 64

// pageSource hands out pages from anonymous private mappings outside the Go
// heap, so the garbage collector neither scans nor paces on them.
type pageSource struct {
	arenas [][]byte
	next   int // pages handed out of the last arena
}

func (s *pageSource) page() (unsafe.Pointer, error) {
	if len(s.arenas) == 0 || s.next == arenaPages {
		m, err := syscall.Mmap(-1, 0, arenaPages*PageSize,
			syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
		if err != nil {
			return nil, err
		}
		s.arenas = append(s.arenas, m)
		s.next = 0
	}
	a := s.arenas[len(s.arenas)-1]
	p := unsafe.Pointer(&a[s.next*PageSize])
	s.next++
	return p, nil
}

func (s *pageSource) release() {
	for _, m := range s.arenas {
		_ = syscall.Munmap(m)
	}
	s.arenas = nil
	s.next = 0
}
