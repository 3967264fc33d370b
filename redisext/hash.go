package redisext

import (
	"bytes"
	"hash/maphash"
	"sync"

	"github.com/corvidcache/corvid/engine"
)

// A hash is coll.go's compact encoding with two entries per field: the
// field, then its value, in insertion order (a new field goes to the end;
// setting an existing one replaces its value in place), as Redis's listpack
// keeps them. HGETALL, HKEYS, HVALS and HSCAN walk that order, so a small
// hash replies in Redis's order; for a big one Redis's order is its hash
// table's, which clients cannot rely on.
//
// Redis switches a hash from a listpack to a hash table once it has more
// than hash-max-listpack-entries fields or a field or value longer than
// hash-max-listpack-value bytes, and never back. Corvid has one encoding;
// OBJECT ENCODING reports what Redis would, and the switch, being sticky,
// is remembered in the item's flags (hashFlagHT): COPY, RENAME and MOVE
// carry it along with the value.

// hashFlagHT in a hash item's flags marks a hash Redis would have turned
// into a hash table. Memcached never sees the flags of a non-string item.
const hashFlagHT uint32 = 1

// hashLen returns the number of fields of encoding b.
func hashLen(b []byte) int { return packedCount(b) / 2 }

// hashFind returns field's value in b.
func hashFind(b, field []byte) (val []byte, ok bool) {
	it := newPackedIter(b)
	for {
		f, more := it.next()
		if !more {
			return nil, false
		}
		v, _ := it.next()
		if bytes.Equal(f, field) {
			return v, true
		}
	}
}

// hashTooBig reports whether a hash of n fields containing a field or
// value of maxLen bytes is past the listpack limits.
func hashTooBig(n, maxLen int) bool {
	return int64(n) > hashMaxListpackEntries.Load() || int64(maxLen) > hashMaxListpackValue.Load()
}

// hashIsHT reports whether Redis would hold x (a hash) as a hash table: it
// was marked so, or its contents are past the listpack limits (a hash
// stored by other code than this file's, which Redis would encode from its
// contents as when it loads one; the one divergence: after the limits are
// lowered, Redis keeps an unmodified listpack until its next write).
func hashIsHT(x *engine.Item) bool {
	if x.Flags()&hashFlagHT != 0 {
		return true
	}
	var b []byte
	if v, ok := x.Value().Bytes(); ok {
		b = v
	} else {
		b = x.Value().AppendTo(nil)
	}
	maxLen := 0
	it := newPackedIter(b)
	for e, ok := it.next(); ok; e, ok = it.next() {
		maxLen = max(maxLen, len(e))
	}
	return hashTooBig(hashLen(b), maxLen)
}

func init() {
	ObjectEncodings[engine.KindHash] = func(x *engine.Item) string {
		if hashIsHT(x) {
			return "hashtable"
		}
		return "listpack"
	}
}

// hashStore stores encoding b as x's hash, keeping its expiry, with the
// hash-table mark when ht. A hash of no fields deletes the key. It
// returns the error message to reply, or "".
func hashStore(x *engine.Item, b []byte, ht bool) string {
	if packedCount(b) == 0 {
		x.Delete()
		return ""
	}
	var flags uint32
	if ht {
		flags = hashFlagHT
	}
	if _, err := x.Set(&engine.SetOpts{Kind: engine.KindHash, Flags: flags, KeepTTL: true}, b); err != nil {
		return storeError(err)
	}
	return ""
}

// argSet indexes the distinct byte strings among a command's arguments
// args[first], args[first+stride], ... (the fields of HSET, HDEL, HMGET),
// so that walking a hash once finds which of its fields were named: O(n+m)
// for n fields and m arguments, with no allocation per element (the
// tables come from a pool). Up to linearMax arguments it compares them
// one by one instead of hashing.
type argSet struct {
	args          [][]byte
	first, stride int
	n             int     // number of arguments indexed
	dup           []int32 // dup[i]: the ordinal of the first argument equal to argument i
	aux           []int32 // per-ordinal scratch for the caller
	slots         []int32 // open addressing: ordinal+1, 0 = empty
	mask          uint64
	seed          maphash.Seed
}

const linearMax = 8

var argSetPool = sync.Pool{New: func() any { return &argSet{seed: maphash.MakeSeed()} }}

// newArgSet indexes n arguments from args[first] by stride. Release it
// with put.
func newArgSet(args [][]byte, first, stride, n int) *argSet {
	s := argSetPool.Get().(*argSet)
	s.args, s.first, s.stride, s.n = args, first, stride, n
	s.dup = grow32(s.dup, n)
	s.aux = grow32(s.aux, n)
	if n > linearMax {
		size := 16
		for size < 2*n {
			size <<= 1
		}
		s.slots = grow32(s.slots, size)
		clear(s.slots)
		s.mask = uint64(size - 1)
	}
	for i := 0; i < n; i++ {
		s.dup[i] = int32(s.insert(i))
	}
	return s
}

// put returns s to the pool, unless its tables grew large.
func (s *argSet) put() {
	s.args = nil
	if cap(s.slots) <= 1<<16 && cap(s.dup) <= 1<<15 {
		argSetPool.Put(s)
	}
}

func grow32(b []int32, n int) []int32 {
	if cap(b) < n {
		return make([]int32, n)
	}
	return b[:n]
}

// arg returns the argument of ordinal i.
func (s *argSet) arg(i int) []byte { return s.args[s.first+i*s.stride] }

// insert adds the argument of ordinal i (when no earlier one equals it)
// and returns the ordinal of the first argument equal to it.
func (s *argSet) insert(i int) int {
	a := s.arg(i)
	if s.n <= linearMax {
		for j := 0; j < i; j++ {
			if bytes.Equal(s.arg(j), a) {
				return j
			}
		}
		return i
	}
	for h := maphash.Bytes(s.seed, a) & s.mask; ; h = (h + 1) & s.mask {
		o := s.slots[h]
		if o == 0 {
			s.slots[h] = int32(i + 1)
			return i
		}
		if bytes.Equal(s.arg(int(o-1)), a) {
			return int(o - 1)
		}
	}
}

// find returns the ordinal of the first argument equal to b, or -1.
func (s *argSet) find(b []byte) int {
	if s.n <= linearMax {
		for j := 0; j < s.n; j++ {
			if s.dup[j] == int32(j) && bytes.Equal(s.arg(j), b) {
				return j
			}
		}
		return -1
	}
	for h := maphash.Bytes(s.seed, b) & s.mask; ; h = (h + 1) & s.mask {
		o := s.slots[h]
		if o == 0 {
			return -1
		}
		if bytes.Equal(s.arg(int(o-1)), b) {
			return int(o - 1)
		}
	}
}
