//go:build linux && !corvid_heap

package slab

import (
	"syscall"
	"unsafe"
)

// arenaPages is how many pages one mmap reserves. Reserving does not commit
// memory: a page counts in the process's RSS only once it is written.
const arenaPages = 64

// hugePage is the size of an x86-64 (and arm64 4K-granule) transparent huge
// page; arenas start on this boundary so that every 2 MiB of them can be one.
const hugePage = 2 << 20

// HugePages says whether new arenas ask the kernel for transparent huge
// pages (madvise MADV_HUGEPAGE). Items are read at random, so with 4 KiB
// pages nearly every lookup also misses the TLB, which costs a page walk
// (two-dimensional, so up to 24 memory reads, in a VM); 2 MiB pages cover
// the same memory with 512 times fewer TLB entries. With
// /sys/kernel/mm/transparent_hugepage/enabled at "never" the advice is
// ignored; at "always" it is the default anyway.
var HugePages = true

// pageSource hands out pages from anonymous private mappings outside the Go
// heap, so the garbage collector neither scans nor paces on them.
type pageSource struct {
	arenas [][]byte
	base   uintptr // first page of the last arena (hugePage aligned)
	next   int     // pages handed out of the last arena
}

func (s *pageSource) page() (unsafe.Pointer, error) {
	if len(s.arenas) == 0 || s.next == arenaPages {
		// Reserve one huge page more than needed and start at the first
		// aligned address; the unaligned head and the tail are never
		// touched, so they cost address space only.
		m, err := syscall.Mmap(-1, 0, arenaPages*PageSize+hugePage,
			syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
		if err != nil {
			return nil, err
		}
		start := uintptr(unsafe.Pointer(&m[0]))
		off := int((hugePage - start%hugePage) % hugePage)
		if HugePages {
			// Best effort: an old kernel or one without THP says EINVAL.
			_ = syscall.Madvise(m[off:off+arenaPages*PageSize], syscall.MADV_HUGEPAGE)
		}
		s.arenas = append(s.arenas, m)
		s.base = start + uintptr(off)
		s.next = 0
	}
	a := s.arenas[len(s.arenas)-1]
	off := int(s.base-uintptr(unsafe.Pointer(&a[0]))) + s.next*PageSize
	p := unsafe.Pointer(&a[off])
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
