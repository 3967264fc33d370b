//go:build linux && !corvid_heap

package slab

import (
	"testing"
	"unsafe"
)

// Arenas start on a huge-page boundary and hand out consecutive, writable
// pages inside their mapping, across more than one arena.
func TestPageSourceAlignment(t *testing.T) {
	var s pageSource
	defer s.release()
	var prev uintptr
	for i := 0; i < arenaPages+3; i++ {
		p, err := s.page()
		if err != nil {
			t.Fatal(err)
		}
		a := uintptr(p)
		if i%arenaPages == 0 {
			if a%hugePage != 0 {
				t.Fatalf("page %d: arena start %#x not %d-aligned", i, a, hugePage)
			}
		} else if a != prev+PageSize {
			t.Fatalf("page %d at %#x, want %#x", i, a, prev+PageSize)
		}
		m := s.arenas[len(s.arenas)-1]
		lo := uintptr(unsafe.Pointer(&m[0]))
		if a < lo || a+PageSize > lo+uintptr(len(m)) {
			t.Fatalf("page %d [%#x, +1MiB) outside its mapping [%#x, +%d)", i, a, lo, len(m))
		}
		b := unsafe.Slice((*byte)(p), PageSize)
		b[0], b[PageSize-1] = 1, 2
		prev = a
	}
	if len(s.arenas) != 2 {
		t.Fatalf("%d arenas, want 2", len(s.arenas))
	}
}
