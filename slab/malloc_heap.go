//go:build !linux || corvid_heap

package slab

import "unsafe"

// pageSource hands out pages as plain Go byte slices. They hold no pointers,
// so the garbage collector does not scan them.
type pageSource struct {
	pages [][]byte
}

func (s *pageSource) page() (unsafe.Pointer, error) {
	p := make([]byte, PageSize)
	s.pages = append(s.pages, p)
	return unsafe.Pointer(&p[0]), nil
}

func (s *pageSource) release() { s.pages = nil }
