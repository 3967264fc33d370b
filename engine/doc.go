// Package engine is Corvid's keyspace: one memory-bounded store shared by the
// memcached and Redis ports, split into lock stripes so every core can work
// at once, with items kept in slab memory the garbage collector never scans.
//
// # Layout
//
// A key hashes (xxhash) to one of a power-of-two number of stripes (at least
// 8 per core, at least 64). Each stripe has one mutex and, per database, an
// index table: open addressing over []uint64 slots of tag<<32|handle, where
// the tag is the hash's top 32 bits and the handle names the item's slab
// chunk (see index.go). A lookup compares tags, then the key stored in the
// chunk. Items are a 40-byte header (CAS, expiry in ms, database, LFU counter,
// value length, client flags, access time, key length, kind and state bits;
// see item.go), the key and the value, in one chunk, or, past half a page,
// in a chain of chunks of the largest class.
//
// Nothing per item is a Go object: the index holds no pointers and slab pages
// are mmap'd outside the Go heap (in transparent huge pages where the kernel
// allows), so a GC cycle costs the same with ten thousand items or ten
// million.
//
// The one access without the stripe lock is a hint: PrefetchSlot and
// PrefetchItem (prefetch.go) let a connection with several commands buffered
// start the cache misses of all their lookups at once. They read a table
// through its immutable slotView and pass item addresses only to a prefetch
// instruction, so a racing resize or a stale slot costs a wasted prefetch,
// never a fault.
//
// # Access
//
// Lock returns an *Item for one key with its stripe locked; its methods read
// and change the item (Set, Delete, SetExpire, Hit, the meta-protocol stale
// and win-token bits) and Unlock releases it. The protocol layers build every
// command from these, so a command is atomic for its key. Get, Set and Delete
// are shortcuts for the simple cases. Values are read through Value, which
// copies out with AppendTo: nothing handed out outlives the lock.
//
// # Eviction
//
// When a store needs a chunk of some size class and the memory limit is
// reached, the class evicts one of its own items: memory is recycled within a
// class, as memcached does. The policy decides which:
//
//   - memcached-lru (memcached's default) and allkeys-lru: the least recently
//     used item of the class. Reads do not move items on the LRU list (that
//     would take the class lock on every GET); they set an "accessed" bit, and
//     the evictor gives such an item a second chance, moving it back to the
//     head, so a recently read item is never the next one evicted.
//   - volatile-lru: the same walk, skipping items without an expiry.
//   - allkeys-lfu / volatile-lfu: of maxmemory-samples random items of the
//     class, the one with the lowest frequency counter; the counter is Redis's
//     8-bit logarithmic one (lfu-log-factor), decayed by one per lfu-decay-time
//     minutes of idleness.
//   - allkeys-random / volatile-random: a random (volatile: expiring) item.
//   - volatile-ttl: of the samples, the item that expires soonest.
//   - noeviction (memcached -M): the store fails with ErrNoMemory.
//
// Expired items found on the way are reclaimed first. Redis applies its
// policies over the whole keyspace; applying them within the class that needs
// room is the price of slab allocation, and the page mover (package slab)
// keeps classes sized to the workload: a class that keeps evicting takes pages
// from classes whose items are older, and a class with nothing to evict takes
// a page at once.
//
// # Expiry
//
// Expiry is checked on every access (Lock removes an expired item and reports
// it through Expired), and Maintain's sweep walks the index tables a few dozen
// slots per stripe lock, removing expired items, and keeps going while it finds
// many (as Redis's active expire cycle does).
//
// # Write log
//
// Every mutation from either protocol, evictions and expiries included, is
// handed to the WriteLog, if one is set, as one Record with the whole new value
// and an absolute expiry, under the key's stripe lock, so per-key order is the
// order of application. Persistence and replication both read this stream;
// Range gives the snapshot iteration that, with the stream, makes a
// point-in-time copy without fork.
//
// Rejected designs: a global LRU lock bumped on every read (memcached avoids
// it too, bumping at most once a minute); a channel to an owner goroutine per
// shard (a goroutine hop costs more than a short lock); Go maps of strings
// (one pointer per key for the GC to trace).
package engine
