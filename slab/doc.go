// Package slab is Corvid's memory allocator: 1 MiB pages cut into chunks of
// size classes, as memcached's slabs.c does, with a least-recently-used list
// per class and page moves between classes.
//
// # Design
//
// Memory is taken from the operating system in 1 MiB pages (mmap'd arenas on
// Linux, plain heap slices elsewhere), never more pages than the memory limit
// allows. A page belongs to one size class at a time and is cut into chunks of
// that class's size. Class sizes start at the smallest chunk (-n, plus the
// engine's item header) and grow by the factor -f (1.25), 8-byte aligned, up to
// ChunkMax (half a page); the last class is exactly ChunkMax. Values larger than
// ChunkMax are stored by the engine as a chain of ChunkMax chunks, all taken
// from the largest class, so that freeing or evicting one chained item only
// ever touches one class lock.
//
// A chunk is named by a Handle, a uint32 holding the page number (17 bits,
// 1-based, so 0 is the nil handle) and the chunk's index in its page (15
// bits). Handles hold no Go pointers: the engine's index is a []uint64 the
// garbage collector never scans, and pages live outside the Go heap, so the
// collector's work does not grow with the number of items.
//
// The first 8 bytes of every chunk belong to this package: two uint32 links
// (prev, next). For a chunk on its class's LRU list they are the list links;
// for a free chunk prev is markFree and next links the free list; for a data
// chunk of a chained item prev is markData and next names the chain's head
// chunk. The rest of the chunk belongs to the caller.
//
// # Locking
//
// Each class has one mutex guarding its free list, its carving position, its
// LRU list and its counters. The engine guards item contents with its own
// stripe locks. Lock order is stripe, then class: a caller may allocate or
// free while holding a stripe lock. When a class runs out of memory the
// allocator calls back into its Owner (the engine) with the class lock held;
// the owner must then take stripe locks with TryLock only, skipping items whose
// stripe is busy, so no cycle can form. The held argument threaded through Alloc
// tells the owner which stripe the caller already holds, so that items in that
// stripe can be evicted without locking it again.
//
// # Page moves
//
// A cache first filled with small values and later written with large ones
// would otherwise keep every page in the small classes ("slab calcification").
// MovePage empties one page of a source class (evicting what lives in it) and
// hands it to the class that needs memory. The allocator does this at once
// when a class has no chunk, no page can be added under the limit and the
// class has nothing of its own to evict; a background mover (Automove) does it
// when one class keeps evicting while another holds old items.
//
// Rejected designs: per-stripe allocators (each stripe would need its own
// partly filled page per class: 64 stripes x 40 classes of 1 MiB is more than
// a 64 MB cache), and one Go object per item (the GC would have to trace
// millions of pointers; see fastcache's README).
package slab
