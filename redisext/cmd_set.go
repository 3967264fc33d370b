package redisext

import (
	"bytes"
	"math/rand/v2"
	"slices"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// The set commands (Redis's t_set.c), over the encoding of set.go.

// setCommands are the Set commands (Redis's "set" group).
var setCommands = []*Command{
	{Name: "sadd", Arity: -3, Flags: Write | DenyOOM | Fast, Group: GroupSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSadd, Since: "1.0.0", Summary: "Add one or more members to a set"},
	{Name: "srem", Arity: -3, Flags: Write | Fast, Group: GroupSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSrem, Since: "1.0.0", Summary: "Remove one or more members from a set"},
	{Name: "smembers", Arity: 2, Flags: ReadOnly, Group: GroupSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSinter, Since: "1.0.0", Summary: "Get all the members in a set"},
	{Name: "sismember", Arity: 3, Flags: ReadOnly | Fast, Group: GroupSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSismember, Since: "1.0.0", Summary: "Determine if a given value is a member of a set"},
	{Name: "smismember", Arity: -3, Flags: ReadOnly | Fast, Group: GroupSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSmismember, Since: "6.2.0", Summary: "Returns the membership associated with the given elements for a set"},
	{Name: "scard", Arity: 2, Flags: ReadOnly | Fast, Group: GroupSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdScard, Since: "1.0.0", Summary: "Get the number of members in a set"},
	{Name: "spop", Arity: -2, Flags: Write | Fast, Group: GroupSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSpop, Since: "1.0.0", Summary: "Remove and return one or multiple random members from a set"},
	{Name: "srandmember", Arity: -2, Flags: ReadOnly, Group: GroupSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSrandmember, Since: "1.0.0", Summary: "Get one or multiple random members from a set"},
	{Name: "smove", Arity: 4, Flags: Write | Fast, Group: GroupSet, FirstKey: 1, LastKey: 2, Step: 1, Handler: cmdSmove, Since: "1.0.0", Summary: "Move a member from one set to another"},
	{Name: "sinter", Arity: -2, Flags: ReadOnly, Group: GroupSet, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdSinter, Since: "1.0.0", Summary: "Intersect multiple sets"},
	{Name: "sintercard", Arity: -3, Flags: ReadOnly | MovableKeys, Group: GroupSet, Handler: cmdSintercard, Since: "7.0.0", Summary: "Intersect multiple sets and return the cardinality of the result"},
	{Name: "sinterstore", Arity: -3, Flags: Write | DenyOOM, Group: GroupSet, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdSinterstore, Since: "1.0.0", Summary: "Intersect multiple sets and store the resulting set in a key"},
	{Name: "sunion", Arity: -2, Flags: ReadOnly, Group: GroupSet, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdSunion, Since: "1.0.0", Summary: "Add multiple sets"},
	{Name: "sunionstore", Arity: -3, Flags: Write | DenyOOM, Group: GroupSet, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdSunionstore, Since: "1.0.0", Summary: "Add multiple sets and store the resulting set in a key"},
	{Name: "sdiff", Arity: -2, Flags: ReadOnly, Group: GroupSet, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdSdiff, Since: "1.0.0", Summary: "Subtract multiple sets"},
	{Name: "sdiffstore", Arity: -3, Flags: Write | DenyOOM, Group: GroupSet, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdSdiffstore, Since: "1.0.0", Summary: "Subtract multiple sets and store the resulting set in a key"},
	{Name: "sscan", Arity: -3, Flags: ReadOnly, Group: GroupSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSscan, Since: "2.8.0", Summary: "Incrementally iterate Set elements"},
}

func init() {
	ObjectEncodings[engine.KindSet] = func(x *engine.Item) string {
		if x.Flags()&setIntsetFlag != 0 {
			return "intset"
		}
		return "hashtable"
	}
}

// Error replies of the set commands.
const (
	errSetPositive   = "ERR value is out of range, must be positive"
	errSetRandRange  = "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807"
	errSetNumkeys    = "ERR numkeys should be greater than 0"
	errSetNumkeysMax = "ERR Number of keys can't be greater than number of args"
	errSetLimit      = "ERR LIMIT can't be negative"
)

// setMaxReply bounds the reply of SRANDMEMBER with a negative count, which
// the count alone sizes: past it the connection is closed.
const setMaxReply = 512 << 20

// setMaxIntset returns set-max-intset-entries (capped as Redis caps it).
func (c *Ctx) setMaxIntset() int {
	return int(min(max(setMaxIntsetEntries.Load(), 0), setMaxIntsetCap))
}

// setFits reports whether members elems make an intset, the encoding Redis
// gives a set it builds from scratch by adding them.
func (c *Ctx) setFits(elems [][]byte) bool {
	return allInts(elems) && len(elems) <= c.setMaxIntset()
}

// setOpen is lookupColl for a set that stays open beside others: a chained
// value is copied into a buffer of w's own rather than the shared one.
func (c *Ctx) setOpen(x *engine.Item, read bool, w *setWork) (b []byte, intset, ok bool) {
	b, ok = c.lookupColl(x, engine.KindSet, read)
	if b == nil || !ok {
		return nil, false, ok
	}
	if _, contiguous := x.Value().Bytes(); !contiguous && w != nil {
		p := w.buf()
		*p = append((*p)[:0], b...)
		b = *p
	}
	return b, x.Flags()&setIntsetFlag != 0, true
}

// setPut stores encoding b as x's set (deleting the key when b is empty).
// keepTTL keeps an existing expiry (an update); the STORE commands replace
// the key and its expiry, as Redis's setKey. It replies nothing: on failure
// it returns the error to reply.
func setPut(x *engine.Item, b []byte, intset, keepTTL bool) (errMsg string) {
	if packedCount(b) == 0 {
		x.Delete()
		return ""
	}
	o := engine.SetOpts{Kind: engine.KindSet, KeepTTL: keepTTL}
	if intset {
		o.Flags = setIntsetFlag
	}
	if _, err := x.Set(&o, b); err != nil {
		return storeError(err)
	}
	return ""
}

// setStore is setPut that replies the error and reports false on failure.
func (c *Ctx) setStore(x *engine.Item, b []byte, intset, keepTTL bool) bool {
	if msg := setPut(x, b, intset, keepTTL); msg != "" {
		c.Err(msg)
		return false
	}
	return true
}

// setAdd builds in c.collOut the set b (nil: a new set, whose encoding
// intset says) with members added, as Redis's setTypeAdd for each. It
// returns the new encoding, the number added and the new encoding kind.
func (c *Ctx) setAdd(b []byte, intset bool, members [][]byte) (out []byte, added int, isInt bool) {
	if b == nil {
		b = emptyPacked[:]
	}
	n := packedCount(b)
	if len(members) == 1 {
		m := members[0]
		switch {
		case intset && setIsInt(m):
			off, found := setIntPos(b, m)
			if found {
				return nil, 0, intset
			}
			out = setWith(c.collOut, b, off, m)
			intset = n+1 <= c.setMaxIntset()
		default:
			if !intset {
				if off, _ := setFind(b, m); off >= 0 {
					return nil, 0, intset
				}
			}
			out = setWith(c.collOut, b, len(b), m)
			intset = false
		}
		c.collOut = out[:0]
		return out, 1, intset
	}
	w := getSetWork()
	defer w.put()
	w.idx.reset(n + len(members))
	w.idx.addAll(b)
	for _, m := range members {
		if w.idx.add(m) {
			added++
			if intset && !setIsInt(m) {
				intset = false
			}
		}
	}
	if added == 0 {
		return nil, 0, intset
	}
	elems := w.idx.elems
	if intset && len(elems) > c.setMaxIntset() {
		intset = false
	}
	if intset {
		out = w.encode(c.collOut, elems, true)
	} else {
		// Keep the members' order: a new hashtable set that came from an
		// intset lists its integers sorted, then the new members.
		out = append(appendPackedHdr(c.collOut[:0], len(elems)), b[packedHdr:]...)
		for _, e := range elems[n:] {
			out = appendEntry(out, e)
		}
	}
	c.collOut = out[:0]
	return out, added, intset
}

// setRemove builds in c.collOut set b without members; it returns the new
// encoding and the number removed.
func (c *Ctx) setRemove(b []byte, members [][]byte) (out []byte, removed int) {
	if len(members) == 1 {
		off, next := setFind(b, members[0])
		if off < 0 {
			return nil, 0
		}
		out = setWithout(c.collOut, b, off, next)
		c.collOut = out[:0]
		return out, 1
	}
	w := getSetWork()
	defer w.put()
	w.idx.reset(len(members))
	for _, m := range members {
		w.idx.add(m)
	}
	n := packedCount(b)
	out = appendPackedHdr(c.collOut[:0], 0)
	it := newPackedIter(b)
	for e, ok := it.next(); ok; e, ok = it.next() {
		if w.idx.find(e) >= 0 {
			removed++
		} else {
			out = appendEntry(out, e)
		}
	}
	setPackedCount(out, n-removed)
	c.collOut = out[:0]
	return out, removed
}

// SADD key member [member ...]
func cmdSadd(c *Ctx) {
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindSet, false)
	if !ok {
		return
	}
	found := x.Found()
	intset := setIsInt(c.Args[2]) // a new set: Redis's setTypeCreate
	if found {
		intset = x.Flags()&setIntsetFlag != 0
	}
	out, added, intset := c.setAdd(b, intset, c.Args[2:])
	if added > 0 {
		if !c.setStore(x, out, intset, true) {
			return
		}
		c.notifyNew(found, key)
		c.Notify('s', "sadd", key)
	}
	c.Int(int64(added))
}

// SREM key member [member ...]
func cmdSrem(c *Ctx) {
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindSet, false)
	if !ok {
		return
	}
	if b == nil {
		c.Int(0)
		return
	}
	out, removed := c.setRemove(b, c.Args[2:])
	if removed > 0 {
		if !c.setStore(x, out, x.Flags()&setIntsetFlag != 0, true) {
			return
		}
		c.Notify('s', "srem", key)
		if packedCount(out) == 0 {
			c.Notify('g', "del", key)
		}
	}
	c.Int(int64(removed))
}

// SISMEMBER key member
func cmdSismember(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindSet, true)
	if !ok {
		return
	}
	if off, _ := setFind(b, c.Args[2]); off >= 0 {
		c.Int(1)
	} else {
		c.Int(0)
	}
}

// SMISMEMBER key member [member ...]
func cmdSmismember(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindSet, true)
	if !ok {
		return
	}
	members := c.Args[2:]
	c.Array(len(members))
	if b == nil {
		for range members {
			c.Int(0)
		}
		return
	}
	if len(members) <= 4 {
		for _, m := range members {
			if off, _ := setFind(b, m); off >= 0 {
				c.Int(1)
			} else {
				c.Int(0)
			}
		}
		return
	}
	w := getSetWork()
	defer w.put()
	w.idx.reset(packedCount(b))
	w.idx.addAll(b)
	for _, m := range members {
		if w.idx.find(m) >= 0 {
			c.Int(1)
		} else {
			c.Int(0)
		}
	}
}

// SCARD key
func cmdScard(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindSet, true)
	if ok {
		c.Int(int64(packedCount(b)))
	}
}

// replyMembers replies elems as a set: sorted numerically when they make an
// intset (the order Redis's intset gives them), else in their order.
func (c *Ctx) replyMembers(w *setWork, elems [][]byte, intset bool) {
	c.SetHeader(len(elems))
	if intset {
		for _, v := range w.sortedInts(elems) {
			c.BulkInt(v)
		}
		return
	}
	for _, e := range elems {
		c.Bulk(e)
	}
}

// SPOP key [count]
func cmdSpop(c *Ctx) {
	if len(c.Args) == 3 {
		c.spopCount()
		return
	}
	if len(c.Args) > 3 {
		c.Err(ErrSyntax)
		return
	}
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindSet, false)
	if !ok {
		return
	}
	if b == nil {
		c.Null()
		return
	}
	n := packedCount(b)
	off, next := setNth(b, rand.IntN(n))
	start := len(c.Out)
	e, _ := packedNext(b, off)
	c.Bulk(e)
	out := setWithout(c.collOut, b, off, next)
	c.collOut = out[:0]
	if msg := setPut(x, out, x.Flags()&setIntsetFlag != 0, true); msg != "" {
		c.Out = c.Out[:start] // drop the member replied
		c.Err(msg)
		return
	}
	c.Notify('s', "spop", key)
	if n == 1 {
		c.Notify('g', "del", key)
	}
}

// spopCount is SPOP key count (Redis's spopWithCountCommand).
func (c *Ctx) spopCount() {
	count, ok := resp.ParseInt(c.Args[2])
	if !ok || count < 0 {
		c.Err(errSetPositive)
		return
	}
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindSet, false)
	if !ok {
		return
	}
	if b == nil || count == 0 {
		c.SetHeader(0)
		return
	}
	w := getSetWork()
	defer w.put()
	elems := w.decode(b)
	n := len(elems)
	if count >= int64(n) {
		// The whole set, as Redis replies it: through a new set built by
		// SUNION, so sorted when its members make an intset.
		c.replyMembers(w, elems, c.setFits(elems))
		x.Delete()
		c.Notify('s', "spop", key)
		c.Notify('g', "del", key)
		return
	}
	k := int(count)
	perm := w.randomPick(n, k)
	w.gone = zeroed(w.gone, n)
	start := len(c.Out)
	c.SetHeader(k)
	for _, i := range perm {
		w.gone[i] = true
		c.Bulk(elems[i])
	}
	j := 0
	for i, e := range elems {
		if !w.gone[i] {
			elems[j] = e
			j++
		}
	}
	rest := elems[:j]
	intset := x.Flags()&setIntsetFlag != 0
	if (n-k)*5 <= k {
		// Redis builds the remaining members into a new set here.
		intset = c.setFits(rest)
	}
	out := w.encode(c.collOut, rest, intset)
	c.collOut = out[:0]
	if msg := setPut(x, out, intset, true); msg != "" {
		c.Out = c.Out[:start] // drop the members replied
		c.Err(msg)
		return
	}
	c.Notify('s', "spop", key)
}

// randomPick returns k distinct random indexes below n, in random order
// (a partial Fisher-Yates shuffle in w.perm).
func (w *setWork) randomPick(n, k int) []int32 {
	if cap(w.perm) < n {
		w.perm = make([]int32, n)
	}
	p := w.perm[:n]
	for i := range p {
		p[i] = int32(i)
	}
	for i := 0; i < k; i++ {
		j := i + rand.IntN(n-i)
		p[i], p[j] = p[j], p[i]
	}
	return p[:k]
}

// SRANDMEMBER key [count]
func cmdSrandmember(c *Ctx) {
	if len(c.Args) == 3 {
		c.srandmemberCount()
		return
	}
	if len(c.Args) > 3 {
		c.Err(ErrSyntax)
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindSet, true)
	if !ok {
		return
	}
	if b == nil {
		c.Null()
		return
	}
	off, _ := setNth(b, rand.IntN(packedCount(b)))
	e, _ := packedNext(b, off)
	c.Bulk(e)
}

// srandmemberCount is SRANDMEMBER key count: distinct members for a
// positive count, members drawn with repetition for a negative one.
func (c *Ctx) srandmemberCount() {
	l, ok := resp.ParseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if l == -1<<63 {
		c.Err(errSetRandRange)
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindSet, true)
	if !ok {
		return
	}
	if b == nil || l == 0 {
		c.Array(0)
		return
	}
	w := getSetWork()
	defer w.put()
	elems := w.decode(b)
	n := len(elems)
	switch {
	case l < 0 || l == 1:
		count := l
		if l < 0 {
			count = -l
		}
		c.Array(int(count))
		for ; count > 0; count-- {
			c.Bulk(elems[rand.IntN(n)])
			if len(c.Out) > setMaxReply {
				// Redis stops when the client is to be closed for its
				// output; Corvid closes it rather than run out of memory.
				c.Close()
				return
			}
		}
	case l >= int64(n):
		c.Array(n)
		for _, e := range elems {
			c.Bulk(e)
		}
	default:
		c.Array(int(l))
		for _, i := range w.randomPick(n, int(l)) {
			c.Bulk(elems[i])
		}
	}
}

// SMOVE source destination member
func cmdSmove(c *Ctx) {
	src, dst, m := c.Args[1], c.Args[2], c.Args[3]
	c.LockKeys(src, dst)
	w := getSetWork()
	defer w.put()
	xs := c.Lock(src)
	defer xs.Unlock()
	bs, sInt, ok := c.setOpen(xs, false, w)
	if !ok {
		return
	}
	if bs == nil {
		c.Int(0)
		return
	}
	xd := c.Lock(dst)
	defer xd.Unlock()
	bd, dInt, ok := c.setOpen(xd, false, w)
	if !ok {
		return
	}
	off, next := setFind(bs, m)
	if off < 0 {
		c.Int(0)
		return
	}
	if bytes.Equal(src, dst) {
		c.Int(1) // a member, left where it is
		return
	}
	dFound := xd.Found()
	if !dFound {
		dInt = setIsInt(m)
	}
	// The destination first: a failure to store it leaves both as they were.
	dOut, added, dInt := c.setAdd(bd, dInt, c.Args[3:])
	if added > 0 {
		if !c.setStore(xd, dOut, dInt, true) {
			return
		}
	}
	sOut := setWithout(c.collOut, bs, off, next)
	c.collOut = sOut[:0]
	if !c.setStore(xs, sOut, sInt, true) {
		return
	}
	c.Notify('s', "srem", src)
	if packedCount(sOut) == 0 {
		c.Notify('g', "del", src)
	}
	if added > 0 {
		c.notifyNew(dFound, dst)
		c.Notify('s', "sadd", dst)
	}
	c.Int(1)
}

// openSets locks keys together (lock, the command's keys including a
// destination) and opens the sets of keys in order, as Redis's
// lookupKeyRead for each: a missing key is a nil set; a key of another
// kind replies WRONGTYPE (ok false). Call w.closeSets when done.
func (c *Ctx) openSets(w *setWork, lock, keys [][]byte) (ok bool) {
	c.lockMany(lock)
	for _, k := range keys {
		x := c.Lock(k)
		if c.batch.Locked() {
			x.Unlock() // a no-op: the batch holds it
		} else {
			w.single = x // one key, no batch: locked while its value is used
		}
		b, intset, ok := c.setOpen(x, true, w)
		if !ok {
			return false
		}
		w.srcs = append(w.srcs, setSrc{key: k, b: b, intset: intset})
	}
	return true
}

// closeSets unlocks what openSets left locked.
func (w *setWork) closeSets() {
	if w.single != nil {
		w.single.Unlock()
		w.single = nil
	}
}

// SINTER key [key ...] (and SMEMBERS key)
func cmdSinter(c *Ctx) { c.sinterGeneric(c.Args[1:], c.Args[1:], nil, false, 0) }

// SINTERSTORE destination key [key ...]
func cmdSinterstore(c *Ctx) { c.sinterGeneric(c.Args[1:], c.Args[2:], c.Args[1], false, 0) }

// SINTERCARD numkeys key [key ...] [LIMIT limit]
func cmdSintercard(c *Ctx) {
	numkeys, ok := resp.ParseInt(c.Args[1])
	if !ok || numkeys < 1 {
		c.Err(errSetNumkeys)
		return
	}
	if numkeys > int64(len(c.Args)-2) {
		c.Err(errSetNumkeysMax)
		return
	}
	var limit int64
	for j := 2 + int(numkeys); j < len(c.Args); j++ {
		if eqFold(c.Args[j], "LIMIT") && j+1 < len(c.Args) {
			j++
			n, ok := resp.ParseInt(c.Args[j])
			if !ok || n < 0 {
				c.Err(errSetLimit)
				return
			}
			limit = n
		} else {
			c.Err(ErrSyntax)
			return
		}
	}
	keys := c.Args[2 : 2+numkeys]
	c.sinterGeneric(keys, keys, nil, true, limit)
}

// sinterGeneric is Redis's sinterGenericCommand: SINTER, SMEMBERS,
// SINTERSTORE (dst not nil) and SINTERCARD (cardOnly, limit 0 for none).
// lock are the keys to lock together (keys and dst).
func (c *Ctx) sinterGeneric(lock, keys [][]byte, dst []byte, cardOnly bool, limit int64) {
	w := getSetWork()
	defer w.put()
	defer w.closeSets()
	if !c.openSets(w, lock, keys) {
		return
	}
	empty := false
	for i := range w.srcs {
		empty = empty || w.srcs[i].b == nil
	}
	var res [][]byte
	if !empty {
		// Smallest set first, ties in key order (glibc's qsort, a merge
		// sort, is stable); the result comes in that set's order.
		slices.SortStableFunc(w.srcs, func(a, b setSrc) int { return a.count() - b.count() })
		first := &w.srcs[0]
		res = w.decode(first.b)
		need := int32(0)
		for j := 1; j < len(w.srcs); j++ {
			if !bytes.Equal(w.srcs[j].key, first.key) {
				need++
			}
		}
		if need > 0 {
			w.idx.reset(len(res))
			for _, e := range res {
				w.idx.add(e)
			}
			w.cnt = zeroed(w.cnt, len(res))
			for j := 1; j < len(w.srcs); j++ {
				if bytes.Equal(w.srcs[j].key, first.key) {
					continue
				}
				it := newPackedIter(w.srcs[j].b)
				for e, ok := it.next(); ok; e, ok = it.next() {
					if i := w.idx.find(e); i >= 0 {
						w.cnt[i]++
					}
				}
			}
			k := 0
			for i, e := range res {
				if w.cnt[i] == need {
					res[k] = e
					k++
				}
			}
			res = res[:k]
		}
	}
	switch {
	case cardOnly:
		n := int64(len(res))
		if limit > 0 {
			n = min(n, limit)
		}
		c.Int(n)
	case dst != nil:
		c.setStoreResult(w, dst, res, len(res) > 0 && c.setFits(res), "sinterstore")
	default:
		// In the first set's order: an intset's members are sorted already.
		c.SetHeader(len(res))
		for _, e := range res {
			c.Bulk(e)
		}
	}
}

// setStoreResult stores res (a new set, of the intset encoding or not) as
// dst, or deletes dst when res is empty, and replies its size, as the end
// of Redis's SINTERSTORE, SUNIONSTORE and SDIFFSTORE.
func (c *Ctx) setStoreResult(w *setWork, dst []byte, res [][]byte, intset bool, event string) {
	x := c.Lock(dst)
	defer x.Unlock()
	found := x.Found()
	if len(res) == 0 {
		if found {
			x.Delete()
			c.Notify('g', "del", dst)
		}
		c.Int(0)
		return
	}
	out := w.encode(c.collOut, res, intset)
	c.collOut = out[:0]
	if !c.setStore(x, out, intset, false) {
		return
	}
	c.notifyNew(found, dst)
	c.Notify('s', event, dst)
	c.Int(int64(len(res)))
}

// SUNION key [key ...]
func cmdSunion(c *Ctx) { c.sunionDiffGeneric(c.Args[1:], c.Args[1:], nil, false) }

// SUNIONSTORE destination key [key ...]
func cmdSunionstore(c *Ctx) { c.sunionDiffGeneric(c.Args[1:], c.Args[2:], c.Args[1], false) }

// SDIFF key [key ...]
func cmdSdiff(c *Ctx) { c.sunionDiffGeneric(c.Args[1:], c.Args[1:], nil, true) }

// SDIFFSTORE destination key [key ...]
func cmdSdiffstore(c *Ctx) { c.sunionDiffGeneric(c.Args[1:], c.Args[2:], c.Args[1], true) }

// sunionDiffGeneric is Redis's sunionDiffGenericCommand. The result is a
// new set built by adding members, so its encoding is what such a set
// gets; for a difference Redis may instead add the whole first set and
// remove the others (its "algorithm 2"), which makes the result a hashtable
// whenever the first set alone would be one, and so does this.
func (c *Ctx) sunionDiffGeneric(lock, keys [][]byte, dst []byte, diff bool) {
	w := getSetWork()
	defer w.put()
	defer w.closeSets()
	if !c.openSets(w, lock, keys) {
		return
	}
	var res [][]byte
	intset := true
	srcs := w.srcs
	switch {
	case !diff:
		total := 0
		for i := range srcs {
			total += srcs[i].count()
		}
		w.idx.reset(total)
		for i := range srcs {
			if srcs[i].b != nil {
				w.idx.addAll(srcs[i].b)
			}
		}
		res = w.idx.elems
		intset = len(res) > 0 && c.setFits(res)
	case srcs[0].b == nil:
	default:
		first := &srcs[0]
		n0 := first.count()
		var one, two int64
		for i := range srcs {
			if srcs[i].b == nil {
				continue
			}
			if i > 0 && bytes.Equal(srcs[i].key, first.key) {
				n0 = -1 // the same set: the difference is empty
				break
			}
			one += int64(first.count())
			two += int64(srcs[i].count())
		}
		if n0 < 0 {
			break
		}
		res = w.decode(first.b)
		w.idx.reset(len(res))
		for _, e := range res {
			w.idx.add(e)
		}
		w.gone = zeroed(w.gone, len(res))
		for i := 1; i < len(srcs); i++ {
			if srcs[i].b == nil {
				continue
			}
			it := newPackedIter(srcs[i].b)
			for e, ok := it.next(); ok; e, ok = it.next() {
				if j := w.idx.find(e); j >= 0 {
					w.gone[j] = true
				}
			}
		}
		k := 0
		for i, e := range res {
			if !w.gone[i] {
				res[k] = e
				k++
			}
		}
		res = res[:k]
		switch {
		case k == 0:
		case one/2 > two:
			// Redis's algorithm 2: the first set is added whole.
			intset = c.setFits(w.idx.elems)
		default:
			intset = c.setFits(res)
		}
	}
	if dst != nil {
		ev := "sunionstore"
		if diff {
			ev = "sdiffstore"
		}
		c.setStoreResult(w, dst, res, intset, ev)
		return
	}
	c.replyMembers(w, res, intset && len(res) > 0)
}

// SSCAN key cursor [MATCH pattern] [COUNT count]
//
// A set is always answered whole, with cursor 0, as Redis answers a set of
// the intset encoding; the pattern filters it.
func cmdSscan(c *Ctx) {
	if _, ok := parseCursor(c.Args[2]); !ok {
		c.Err("ERR invalid cursor")
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindSet, true)
	if !ok {
		return
	}
	c.scanPacked(b, 1)
}

// scanPacked answers HSCAN or SSCAN over the whole packed collection b (nil:
// none) in one reply with cursor 0, as Redis does for a listpack or intset.
// group is 2 for a hash's field-value pairs (MATCH tests the field), 1 for a
// set's members.
func (c *Ctx) scanPacked(b []byte, group int) {
	if b == nil {
		c.Array(2)
		c.BulkString("0")
		c.Array(0)
		return
	}
	pat, _, _, ok := c.scanOptions(c.Args[3:], false)
	if !ok {
		return
	}
	c.Array(2)
	c.BulkString("0")
	if pat == nil {
		c.Array(packedCount(b))
		it := newPackedIter(b)
		for e, ok := it.next(); ok; e, ok = it.next() {
			c.Bulk(e)
		}
		return
	}
	buf := c.Scratch[:0]
	n := 0
	it := newPackedIter(b)
	for e, ok := it.next(); ok; e, ok = it.next() {
		var v []byte
		if group == 2 {
			v, _ = it.next()
		}
		if Match(pat, e, false) {
			buf = resp.AppendBulk(buf, e)
			n++
			if group == 2 {
				buf = resp.AppendBulk(buf, v)
				n++
			}
		}
	}
	c.Array(n)
	c.Out = append(c.Out, buf...)
	c.releaseScratch(buf)
}
