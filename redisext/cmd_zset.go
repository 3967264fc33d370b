package redisext

import (
	"bytes"
	"slices"
	"sync"

	"github.com/corvidcache/corvid/engine"
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/corvidcache/corvid/protocol/resp"
)

// zsetCommands are the ZSet commands (Redis's "sorted-set" group).
var zsetCommands = []*Command{
	{Name: "zadd", Arity: -4, Flags: Write | DenyOOM | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZadd, Since: "1.2.0", Summary: "Add one or more members to a sorted set, or update its score if it already exists"},
	{Name: "zcard", Arity: 2, Flags: ReadOnly | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZcard, Since: "1.2.0", Summary: "Get the number of members in a sorted set"},
	{Name: "zcount", Arity: 4, Flags: ReadOnly | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZcount, Since: "2.0.0", Summary: "Count the members in a sorted set with scores within the given values"},
	{Name: "zdiff", Arity: -3, Flags: ReadOnly | MovableKeys, Group: GroupSortedSet, FirstKey: 0, LastKey: 0, Step: 0, Handler: cmdZdiff, Since: "6.2.0", Summary: "Subtract multiple sorted sets"},
	{Name: "zdiffstore", Arity: -4, Flags: Write | DenyOOM | MovableKeys, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZdiffstore, Since: "6.2.0", Summary: "Subtract multiple sorted sets and store the resulting sorted set in a new key"},
	{Name: "zincrby", Arity: 4, Flags: Write | DenyOOM | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZincrby, Since: "1.2.0", Summary: "Increment the score of a member in a sorted set"},
	{Name: "zinter", Arity: -3, Flags: ReadOnly | MovableKeys, Group: GroupSortedSet, FirstKey: 0, LastKey: 0, Step: 0, Handler: cmdZinter, Since: "6.2.0", Summary: "Intersect multiple sorted sets"},
	{Name: "zintercard", Arity: -3, Flags: ReadOnly | MovableKeys, Group: GroupSortedSet, FirstKey: 0, LastKey: 0, Step: 0, Handler: cmdZintercard, Since: "7.0.0", Summary: "Intersect multiple sorted sets and return the cardinality of the result"},
	{Name: "zinterstore", Arity: -4, Flags: Write | DenyOOM | MovableKeys, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZinterstore, Since: "2.0.0", Summary: "Intersect multiple sorted sets and store the resulting sorted set in a new key"},
	{Name: "zlexcount", Arity: 4, Flags: ReadOnly | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZlexcount, Since: "2.8.9", Summary: "Count the number of members in a sorted set between a given lexicographical range"},
	{Name: "zmpop", Arity: -4, Flags: Write | MovableKeys, Group: GroupSortedSet, FirstKey: 0, LastKey: 0, Step: 0, Handler: cmdZmpop, Since: "7.0.0", Summary: "Remove and return members with scores in a sorted set"},
	{Name: "zmscore", Arity: -3, Flags: ReadOnly | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZmscore, Since: "6.2.0", Summary: "Get the score associated with the given members in a sorted set"},
	{Name: "zpopmax", Arity: -2, Flags: Write | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZpopmax, Since: "5.0.0", Summary: "Remove and return members with the highest scores in a sorted set"},
	{Name: "zpopmin", Arity: -2, Flags: Write | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZpopmin, Since: "5.0.0", Summary: "Remove and return members with the lowest scores in a sorted set"},
	{Name: "zrandmember", Arity: -2, Flags: ReadOnly, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZrandmember, Since: "6.2.0", Summary: "Get one or multiple random elements from a sorted set"},
	{Name: "zrange", Arity: -4, Flags: ReadOnly, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZrange, Since: "1.2.0", Summary: "Return a range of members in a sorted set"},
	{Name: "zrangebylex", Arity: -4, Flags: ReadOnly, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZrangebylex, Since: "2.8.9", Summary: "Return a range of members in a sorted set, by lexicographical range"},
	{Name: "zrangebyscore", Arity: -4, Flags: ReadOnly, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZrangebyscore, Since: "1.0.5", Summary: "Return a range of members in a sorted set, by score"},
	{Name: "zrangestore", Arity: -5, Flags: Write | DenyOOM, Group: GroupSortedSet, FirstKey: 1, LastKey: 2, Step: 1, Handler: cmdZrangestore, Since: "6.2.0", Summary: "Store a range of members from sorted set into another key"},
	{Name: "zrank", Arity: 3, Flags: ReadOnly | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZrank, Since: "2.0.0", Summary: "Determine the index of a member in a sorted set"},
	{Name: "zrem", Arity: -3, Flags: Write | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZrem, Since: "1.2.0", Summary: "Remove one or more members from a sorted set"},
	{Name: "zremrangebylex", Arity: 4, Flags: Write, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZremrangebylex, Since: "2.8.9", Summary: "Remove all members in a sorted set between the given lexicographical range"},
	{Name: "zremrangebyrank", Arity: 4, Flags: Write, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZremrangebyrank, Since: "2.0.0", Summary: "Remove all members in a sorted set within the given indexes"},
	{Name: "zremrangebyscore", Arity: 4, Flags: Write, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZremrangebyscore, Since: "1.2.0", Summary: "Remove all members in a sorted set within the given scores"},
	{Name: "zrevrange", Arity: -4, Flags: ReadOnly, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZrevrange, Since: "1.2.0", Summary: "Return a range of members in a sorted set, by index, with scores ordered from high to low"},
	{Name: "zrevrangebylex", Arity: -4, Flags: ReadOnly, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZrevrangebylex, Since: "2.8.9", Summary: "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings."},
	{Name: "zrevrangebyscore", Arity: -4, Flags: ReadOnly, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZrevrangebyscore, Since: "2.2.0", Summary: "Return a range of members in a sorted set, by score, with scores ordered from high to low"},
	{Name: "zrevrank", Arity: 3, Flags: ReadOnly | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZrevrank, Since: "2.0.0", Summary: "Determine the index of a member in a sorted set, with scores ordered from high to low"},
	{Name: "zscan", Arity: -3, Flags: ReadOnly, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZscan, Since: "2.8.0", Summary: "Incrementally iterate sorted sets elements and associated scores"},
	{Name: "zscore", Arity: 3, Flags: ReadOnly | Fast, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZscore, Since: "1.2.0", Summary: "Get the score associated with the given member in a sorted set"},
	{Name: "zunion", Arity: -3, Flags: ReadOnly | MovableKeys, Group: GroupSortedSet, FirstKey: 0, LastKey: 0, Step: 0, Handler: cmdZunion, Since: "6.2.0", Summary: "Add multiple sorted sets"},
	{Name: "zunionstore", Arity: -4, Flags: Write | DenyOOM | MovableKeys, Group: GroupSortedSet, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdZunionstore, Since: "2.0.0", Summary: "Add multiple sorted sets and store the resulting sorted set in a new key"},
}

// strtod parses b as Redis's zslParseRange does with C's strtod: leading
// blanks are skipped, the number must reach the end of b, NaN is refused;
// unlike string2d, an overflow is ±inf and an underflow 0, and the empty
// string is 0 (strtod reads nothing and leaves nothing behind).
func strtod(b []byte) (float64, bool) {
	if len(b) == 0 {
		return 0, true
	}
	i := 0
	for i < len(b) && isCSpace(b[i]) {
		i++
	}
	t := b[i:]
	if v, ok := resp.ParseFloat(t); ok {
		return v, true
	}
	// resp.ParseFloat refuses what overflows or underflows; strtod gives
	// ±HUGE_VAL or 0 there. Only plain decimal text can get here valid.
	if len(t) == 0 {
		return 0, false
	}
	neg := t[0] == '-'
	j := 0
	if t[0] == '+' || t[0] == '-' {
		j++
	}
	digits, exp := 0, false
	for ; j < len(t); j++ {
		ch := t[j]
		switch {
		case ch >= '0' && ch <= '9':
			digits++
		case ch == '.' || ((ch == '+' || ch == '-') && (t[j-1]|0x20 == 'e')):
		case ch|0x20 == 'e' && !exp && digits > 0:
			exp = true
		default:
			return 0, false
		}
	}
	if digits == 0 || !exp {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(t), 64) // rare: only out-of-range text gets here
	if err != nil && !math.IsInf(v, 0) && v != 0 {
		return 0, false
	}
	if v == 0 && neg {
		v = math.Copysign(0, -1)
	}
	return v, true
}

// The sorted set commands (Redis's t_zset.c). A sorted set is one item of
// kind engine.KindZSet holding the encoding described in zset.go. A read
// walks the encoding in place; a write decodes it into a pooled slice of
// zents (member slices into the encoding, scores), applies the change and
// writes the new encoding into c.collOut, so no command allocates per
// element and the GC never sees the elements once the command ends.

func init() { ObjectEncodings[engine.KindZSet] = zsetEncoding }

// zsetEncoding is what OBJECT ENCODING reports: "listpack" while the set
// is within zset-max-listpack-entries and -value, else "skiplist". Redis never
// converts a skiplist back when elements are removed; Corvid keeps no
// such history and reports what the current contents would get.
func zsetEncoding(x *engine.Item) string {
	b, _ := collBytes(x, nil)
	if int64(zsetLen(b)) > zsetMaxListpackEntries.Load() {
		return "skiplist"
	}
	it := newZsetIter(b)
	for {
		m, _, ok := it.next()
		if !ok {
			return "listpack"
		}
		if int64(len(m)) > zsetMaxListpackValue.Load() {
			return "skiplist"
		}
	}
}

// zsetWork is a command's scratch space for decoded elements.
type zsetWork struct {
	a, b []zent
	idx  []int32
	bufs [][]byte
	ops  []zopEnt
}

var zsetWorkPool = sync.Pool{New: func() any { return new(zsetWork) }}

func getZsetWork() *zsetWork { return zsetWorkPool.Get().(*zsetWork) }

// release clears the slices (dropping their references into slab pages
// and arguments) and returns w to the pool.
func (w *zsetWork) release() {
	clear(w.a)
	clear(w.b)
	clear(w.ops)
	w.a, w.b, w.ops = w.a[:0], w.b[:0], w.ops[:0]
	for i := range w.bufs {
		if cap(w.bufs[i]) > 64<<10 {
			w.bufs[i] = nil
		}
	}
	if cap(w.a) > 1<<16 || cap(w.b) > 1<<16 {
		return // let a huge one go
	}
	zsetWorkPool.Put(w)
}

// zsetLookupOwned is lookupColl for commands that hold several sorted sets
// at once: a value lookupColl had to copy into c.collBuf (which the next
// lookup reuses) is copied into w.bufs[i] instead.
func (c *Ctx) zsetLookupOwned(w *zsetWork, i int, x *engine.Item, kind engine.Kind, read bool) ([]byte, bool) {
	b, ok := c.lookupColl(x, kind, read)
	if !ok || b == nil {
		return b, ok
	}
	if _, inPlace := x.Value().Bytes(); inPlace {
		return b, true
	}
	for len(w.bufs) <= i {
		w.bufs = append(w.bufs, nil)
	}
	w.bufs[i] = append(w.bufs[i][:0], b...)
	return w.bufs[i], true
}

// zsetReply replies ents as ZRANGE does: members, each followed by its
// score when withScores (RESP3: a [member, score] pair per element).
func (c *Ctx) zsetReply(ents []zent, rev, withScores bool) {
	n := len(ents)
	pairs := withScores && c.Client.Proto >= resp.RESP3
	if withScores && !pairs {
		c.Array(2 * n)
	} else {
		c.Array(n)
	}
	for i := range ents {
		e := ents[i]
		if rev {
			e = ents[n-1-i]
		}
		if pairs {
			c.Array(2)
		}
		c.Bulk(e.m)
		if withScores {
			c.Double(e.s)
		}
	}
}

// zsetStoreDst stores ents (sorted) as key's new sorted set for the STORE
// commands, as Redis's setKey: the old value of any type and its TTL are
// replaced; an empty result deletes the key. It replies the cardinality.
func (c *Ctx) zsetStoreDst(key []byte, ents []zent, event string) {
	x := c.Lock(key)
	defer x.Unlock()
	if len(ents) == 0 {
		c.Int(0)
		if x.Found() {
			x.Delete()
			c.Notify('g', "del", key)
		}
		return
	}
	existed := x.Found()
	c.collOut = zsetEncode(c.collOut[:0], ents)
	if _, err := x.Set(&engine.SetOpts{Kind: engine.KindZSet}, c.collOut); err != nil {
		c.Err(storeError(err))
		return
	}
	c.notifyNew(existed, key)
	c.Notify('z', event, key)
	c.Int(int64(len(ents)))
}

// zsetStore stores a modified sorted set (built in c.collOut) as x's value,
// keeping its TTL, or deletes the key when empty. It replies the error and
// reports false on failure.
func (c *Ctx) zsetStore(x *engine.Item) bool {
	if msg := storeColl(x, engine.KindZSet, c.collOut); msg != "" {
		c.Err(msg)
		return false
	}
	return true
}

// longArg parses a long as Redis's getLongFromObjectOrReply; msg, when not
// "", replaces the error text.
func (c *Ctx) longArg(b []byte, msg string) (int64, bool) {
	n, ok := resp.ParseInt(b)
	if !ok {
		if msg == "" {
			msg = ErrNotInteger
		}
		c.Err(msg)
		return 0, false
	}
	return n, true
}

// floatArg parses a double as Redis's getDoubleFromObjectOrReply.
func (c *Ctx) floatArg(b []byte, msg string) (float64, bool) {
	f, ok := resp.ParseFloat(b)
	if !ok {
		if msg == "" {
			msg = ErrNotFloat
		}
		c.Err(msg)
		return 0, false
	}
	return f, true
}

const (
	errZsetNaN      = "ERR resulting score is not a number (NaN)"
	errZsetMinMax   = "ERR min or max is not a float"
	errZsetLexRange = "ERR min or max not valid string range item"
)

// ZADD options (t_zset.c's ZADD_IN_*).
const (
	zaddNX = 1 << iota
	zaddXX
	zaddGT
	zaddLT
	zaddIncr
	zaddCH
)

// ZADD key [NX | XX] [GT | LT] [CH] [INCR] score member [score member ...]
func cmdZadd(c *Ctx) { c.zaddGeneric(0) }

// ZINCRBY key increment member
func cmdZincrby(c *Ctx) { c.zaddGeneric(zaddIncr) }

// zaddGeneric is Redis's zaddGenericCommand: ZADD and ZINCRBY.
func (c *Ctx) zaddGeneric(flags int) {
	key := c.Args[1]
	idx := 2
	for ; idx < len(c.Args); idx++ {
		a := c.Args[idx]
		switch {
		case eqFold(a, "NX"):
			flags |= zaddNX
		case eqFold(a, "XX"):
			flags |= zaddXX
		case eqFold(a, "CH"):
			flags |= zaddCH
		case eqFold(a, "INCR"):
			flags |= zaddIncr
		case eqFold(a, "GT"):
			flags |= zaddGT
		case eqFold(a, "LT"):
			flags |= zaddLT
		default:
			goto done
		}
	}
done:
	incr, nx, xx, gt, lt := flags&zaddIncr != 0, flags&zaddNX != 0, flags&zaddXX != 0, flags&zaddGT != 0, flags&zaddLT != 0
	n := len(c.Args) - idx
	if n%2 != 0 || n == 0 {
		c.Err(ErrSyntax)
		return
	}
	n /= 2
	if nx && xx {
		c.Err("ERR XX and NX options at the same time are not compatible")
		return
	}
	if (gt && nx) || (lt && nx) || (gt && lt) {
		c.Err("ERR GT, LT, and/or NX options at the same time are not compatible")
		return
	}
	if incr && n > 1 {
		c.Err("ERR INCR option supports a single increment-element pair")
		return
	}
	w := getZsetWork()
	defer w.release()
	// Parse every score first: a bad one changes nothing.
	in := w.b[:0]
	for j := 0; j < n; j++ {
		s, ok := c.floatArg(c.Args[idx+2*j], "")
		if !ok {
			w.b = in
			return
		}
		in = append(in, zent{c.Args[idx+2*j+1], s})
	}
	w.b = in

	x := c.Lock(key)
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindZSet, false)
	if !ok {
		return
	}
	found := b != nil
	var added, updated, processed int
	var score float64
	if found || !xx {
		w.a = zsetDecode(b, w.a[:0])
		old := w.a
		if n > 1 {
			// Group the occurrences of each member, keeping their order:
			// each group applies in sequence to the member's old state.
			slices.SortStableFunc(in, func(p, q zent) int { return bytes.Compare(p.m, q.m) })
		}
		f := newZsetFinder(old, n, w.idx)
		w.idx = f.by
		adds := len(in) // new elements are appended after the inputs in w.b
		for g := 0; g < len(in); {
			m := in[g].m
			oi := f.find(m)
			exists := oi >= 0
			cur := 0.0
			if exists {
				cur = old[oi].s
			}
			orig, origExists := cur, exists
			for ; g < len(in) && bytes.Equal(in[g].m, m); g++ {
				s := in[g].s
				if exists {
					if nx {
						continue
					}
					if incr {
						s += cur
						if math.IsNaN(s) {
							c.Err(errZsetNaN)
							return
						}
					}
					if (lt && s >= cur) || (gt && s <= cur) {
						continue
					}
					processed++
					score = s
					if s != cur {
						updated++
						cur = s
					}
				} else if !xx {
					exists, cur, score = true, s, s
					added++
					processed++
				}
			}
			if exists && (!origExists || math.Float64bits(cur) != math.Float64bits(orig)) {
				if origExists {
					zsetDead(&old[oi])
				}
				w.b = append(w.b, zent{m, cur})
			}
		}
		if added+updated > 0 {
			news := w.b[adds:]
			sortZents(news)
			c.collOut = zsetMerge(c.collOut[:0], old, news)
			if !c.zsetStore(x) {
				return
			}
			c.notifyNew(found, key)
			if incr {
				c.Notify('z', "zincr", key)
			} else {
				c.Notify('z', "zadd", key)
			}
		}
	}
	switch {
	case incr && processed > 0:
		c.Double(score)
	case incr:
		c.Null()
	case flags&zaddCH != 0:
		c.Int(int64(added + updated))
	default:
		c.Int(int64(added))
	}
}

// zsetRead is the start of a single-key read: the key's encoding (nil
// when missing), or ok false after WRONGTYPE.
func (c *Ctx) zsetRead(x *engine.Item) ([]byte, bool) {
	return c.lookupColl(x, engine.KindZSet, true)
}

// ZCARD key
func cmdZcard(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if b, ok := c.zsetRead(x); ok {
		c.Int(int64(zsetLen(b)))
	}
}

// ZSCORE key member
func cmdZscore(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.zsetRead(x)
	if !ok {
		return
	}
	if s, _, found := zsetFind(b, c.Args[2]); found {
		c.Double(s)
	} else {
		c.Null()
	}
}

// ZMSCORE key member [member ...]
func cmdZmscore(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.zsetRead(x)
	if !ok {
		return
	}
	c.Array(len(c.Args) - 2)
	for _, m := range c.Args[2:] {
		if s, _, found := zsetFind(b, m); found {
			c.Double(s)
		} else {
			c.Null()
		}
	}
}

// ZRANK key member
func cmdZrank(c *Ctx) { c.zrankGeneric(false) }

// ZREVRANK key member
func cmdZrevrank(c *Ctx) { c.zrankGeneric(true) }

func (c *Ctx) zrankGeneric(rev bool) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.zsetRead(x)
	if !ok {
		return
	}
	_, r, found := zsetFind(b, c.Args[2])
	switch {
	case !found:
		c.Null()
	case rev:
		c.Int(int64(zsetLen(b) - 1 - r))
	default:
		c.Int(int64(r))
	}
}

// ZREM key member [member ...]
func cmdZrem(c *Ctx) {
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindZSet, false)
	if !ok {
		return
	}
	if b == nil {
		c.Int(0)
		return
	}
	w := getZsetWork()
	defer w.release()
	w.a = zsetDecode(b, w.a[:0])
	f := newZsetFinder(w.a, len(c.Args)-2, w.idx)
	w.idx = f.by
	deleted := 0
	for _, m := range c.Args[2:] {
		if i := f.find(m); i >= 0 && !math.IsNaN(w.a[i].s) {
			zsetDead(&w.a[i])
			deleted++
		}
	}
	if deleted > 0 {
		c.collOut = zsetMerge(c.collOut[:0], w.a, nil)
		if !c.zsetStore(x) {
			return
		}
		c.Notify('z', "zrem", key)
		if deleted == len(w.a) {
			c.Notify('g', "del", key)
		}
	}
	c.Int(int64(deleted))
}

// Range kinds of the ZRANGE family (t_zset.c's zrange_type).
const (
	zrAuto = iota
	zrRank
	zrScore
	zrLex
)

// Directions of the ZRANGE family.
const (
	zdAuto = iota
	zdForward
	zdReverse
)

// ZRANGE key start stop [BYSCORE | BYLEX] [REV] [LIMIT offset count] [WITHSCORES]
func cmdZrange(c *Ctx) { c.zrangeGeneric(nil, 1, zrAuto, zdAuto) }

// ZREVRANGE key start stop [WITHSCORES]
func cmdZrevrange(c *Ctx) { c.zrangeGeneric(nil, 1, zrRank, zdReverse) }

// ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count]
func cmdZrangebyscore(c *Ctx) { c.zrangeGeneric(nil, 1, zrScore, zdForward) }

// ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count]
func cmdZrevrangebyscore(c *Ctx) { c.zrangeGeneric(nil, 1, zrScore, zdReverse) }

// ZRANGEBYLEX key min max [LIMIT offset count]
func cmdZrangebylex(c *Ctx) { c.zrangeGeneric(nil, 1, zrLex, zdForward) }

// ZREVRANGEBYLEX key max min [LIMIT offset count]
func cmdZrevrangebylex(c *Ctx) { c.zrangeGeneric(nil, 1, zrLex, zdReverse) }

// ZRANGESTORE dst src min max [BYSCORE | BYLEX] [REV] [LIMIT offset count]
func cmdZrangestore(c *Ctx) { c.zrangeGeneric(c.Args[1], 2, zrAuto, zdAuto) }

// zrangeGeneric is Redis's zrangeGenericCommand: the source key is
// c.Args[start]; dst non-nil stores the result there (ZRANGESTORE).
func (c *Ctx) zrangeGeneric(dst []byte, start int, rt, dir int) {
	store := dst != nil
	key := c.Args[start]
	minIdx, maxIdx := start+1, start+2
	withScores := false
	var offset, limit int64 = 0, -1
	for j := start + 3; j < len(c.Args); j++ {
		a := c.Args[j]
		left := len(c.Args) - j - 1
		switch {
		case !store && eqFold(a, "WITHSCORES"):
			withScores = true
		case eqFold(a, "LIMIT") && left >= 2:
			var ok bool
			if offset, ok = c.longArg(c.Args[j+1], ""); !ok {
				return
			}
			if limit, ok = c.longArg(c.Args[j+2], ""); !ok {
				return
			}
			j += 2
		case dir == zdAuto && eqFold(a, "REV"):
			dir = zdReverse
		case rt == zrAuto && eqFold(a, "BYLEX"):
			rt = zrLex
		case rt == zrAuto && eqFold(a, "BYSCORE"):
			rt = zrScore
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	if dir == zdAuto {
		dir = zdForward
	}
	if rt == zrAuto {
		rt = zrRank
	}
	if limit != -1 && rt == zrRank {
		c.Err("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX")
		return
	}
	if withScores && rt == zrLex {
		c.Err("ERR syntax error, WITHSCORES not supported in combination with BYLEX")
		return
	}
	rev := dir == zdReverse
	if rev && rt != zrRank {
		minIdx, maxIdx = maxIdx, minIdx
	}
	var rstart, rend int64
	var sr zrangeSpec
	var lr zlexSpec
	switch rt {
	case zrRank:
		var ok bool
		if rstart, ok = c.longArg(c.Args[minIdx], ""); !ok {
			return
		}
		if rend, ok = c.longArg(c.Args[maxIdx], ""); !ok {
			return
		}
	case zrScore:
		if !c.parseScoreRange(c.Args[minIdx], c.Args[maxIdx], &sr) {
			return
		}
	case zrLex:
		if !c.parseLexRange(c.Args[minIdx], c.Args[maxIdx], &lr) {
			return
		}
	}
	if store {
		c.LockKeys(dst, key)
	}
	x := c.Lock(key)
	defer x.Unlock()
	b, ok := c.zsetRead(x)
	if !ok {
		return
	}
	w := getZsetWork()
	defer w.release()
	w.a = zsetDecode(b, w.a[:0])
	ents := w.a
	n := int64(len(ents))
	var lo, hi int64 // the selected elements are ents[lo:hi]
	switch rt {
	case zrRank:
		if rstart < 0 {
			rstart += n
		}
		if rend < 0 {
			rend += n
		}
		rstart = max(rstart, 0)
		if rstart <= rend && rstart < n {
			rend = min(rend, n-1)
			lo, hi = rstart, rend+1
			if rev {
				lo, hi = n-1-rend, n-rstart
			}
		}
	case zrScore:
		l, h := zsetScoreSpan(ents, &sr)
		lo, hi = zsetLimit(int64(l), int64(h), offset, limit, rev)
	case zrLex:
		lo, hi = zsetLexWalk(ents, &lr, offset, limit, rev)
	}
	sel := ents[lo:hi]
	if b == nil && !store {
		c.Array(0)
		return
	}
	if store {
		c.zsetStoreDst(dst, sel, "zrangestore")
		return
	}
	c.zsetReply(sel, rev, withScores)
}

// zsetLimit applies LIMIT offset count to the span [lo, hi) walked
// forward, or backward from hi-1 when rev, as Redis's walk does: a
// negative offset skips everything, a negative count takes all.
func zsetLimit(lo, hi, offset, limit int64, rev bool) (int64, int64) {
	if offset < 0 || offset >= hi-lo {
		return lo, lo
	}
	avail := hi - lo - offset
	if limit >= 0 && limit < avail {
		avail = limit
	}
	if rev {
		return hi - offset - avail, hi - offset
	}
	return lo + offset, lo + offset + avail
}

// zsetLexWalk selects what Redis's listpack walk of a lex range with
// LIMIT offset count selects: from the first element in the range (the
// last one when rev), offset elements are skipped whatever they are, then
// elements are taken while they stay within the range's far end. With
// mixed scores the skipped ones can be out of the range.
func zsetLexWalk(ents []zent, r *zlexSpec, offset, limit int64, rev bool) (int64, int64) {
	n := int64(len(ents))
	var l, h int
	if rev {
		l, h = zsetLexSpanRev(ents, r)
	} else {
		l, h = zsetLexSpan(ents, r)
	}
	if l == h || offset < 0 {
		return 0, 0
	}
	if limit < 0 {
		limit = n
	}
	if rev {
		i := int64(h-1) - offset
		j := i
		for j >= 0 && i-j < limit && r.gteMin(ents[j].m) {
			j--
		}
		if i < 0 {
			return 0, 0
		}
		return j + 1, i + 1
	}
	i := int64(l) + offset
	j := i
	for j < n && j-i < limit && r.lteMax(ents[j].m) {
		j++
	}
	if i >= n {
		return 0, 0
	}
	return i, j
}

// parseScoreRange parses a score interval, replying Redis's error.
func (c *Ctx) parseScoreRange(minArg, maxArg []byte, r *zrangeSpec) bool {
	var ok1, ok2 bool
	r.min, r.minex, ok1 = parseScoreBound(minArg)
	r.max, r.maxex, ok2 = parseScoreBound(maxArg)
	if !ok1 || !ok2 {
		c.Err(errZsetMinMax)
		return false
	}
	return true
}

// parseLexRange parses a lex interval, replying Redis's error.
func (c *Ctx) parseLexRange(minArg, maxArg []byte, r *zlexSpec) bool {
	var ok1, ok2 bool
	r.min, ok1 = parseLexBound(minArg)
	r.max, ok2 = parseLexBound(maxArg)
	if !ok1 || !ok2 {
		c.Err(errZsetLexRange)
		return false
	}
	return true
}

// ZCOUNT key min max
func cmdZcount(c *Ctx) {
	var r zrangeSpec
	if !c.parseScoreRange(c.Args[2], c.Args[3], &r) {
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.zsetRead(x)
	if !ok {
		return
	}
	w := getZsetWork()
	defer w.release()
	w.a = zsetDecode(b, w.a[:0])
	lo, hi := zsetScoreSpan(w.a, &r)
	c.Int(int64(hi - lo))
}

// ZLEXCOUNT key min max
func cmdZlexcount(c *Ctx) {
	var r zlexSpec
	if !c.parseLexRange(c.Args[2], c.Args[3], &r) {
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.zsetRead(x)
	if !ok {
		return
	}
	w := getZsetWork()
	defer w.release()
	w.a = zsetDecode(b, w.a[:0])
	lo, hi := zsetLexSpan(w.a, &r)
	c.Int(int64(hi - lo))
}

// ZREMRANGEBYRANK key start stop
func cmdZremrangebyrank(c *Ctx) { c.zremrangeGeneric(zrRank) }

// ZREMRANGEBYSCORE key min max
func cmdZremrangebyscore(c *Ctx) { c.zremrangeGeneric(zrScore) }

// ZREMRANGEBYLEX key min max
func cmdZremrangebylex(c *Ctx) { c.zremrangeGeneric(zrLex) }

// zremrangeGeneric is Redis's zremrangeGenericCommand.
func (c *Ctx) zremrangeGeneric(rt int) {
	key := c.Args[1]
	var start, end int64
	var sr zrangeSpec
	var lr zlexSpec
	var event string
	switch rt {
	case zrRank:
		event = "zremrangebyrank"
		var ok bool
		if start, ok = c.longArg(c.Args[2], ""); !ok {
			return
		}
		if end, ok = c.longArg(c.Args[3], ""); !ok {
			return
		}
	case zrScore:
		event = "zremrangebyscore"
		if !c.parseScoreRange(c.Args[2], c.Args[3], &sr) {
			return
		}
	case zrLex:
		event = "zremrangebylex"
		if !c.parseLexRange(c.Args[2], c.Args[3], &lr) {
			return
		}
	}
	x := c.Lock(key)
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindZSet, false)
	if !ok {
		return
	}
	if b == nil {
		c.Int(0)
		return
	}
	w := getZsetWork()
	defer w.release()
	w.a = zsetDecode(b, w.a[:0])
	n := int64(len(w.a))
	var lo, hi int
	switch rt {
	case zrRank:
		if start < 0 {
			start += n
		}
		if end < 0 {
			end += n
		}
		start = max(start, 0)
		if start > end || start >= n {
			c.Int(0)
			return
		}
		end = min(end, n-1)
		lo, hi = int(start), int(end+1)
	case zrScore:
		lo, hi = zsetScoreSpan(w.a, &sr)
	case zrLex:
		lo, hi = zsetLexSpan(w.a, &lr)
	}
	if hi > lo {
		for i := lo; i < hi; i++ {
			zsetDead(&w.a[i])
		}
		c.collOut = zsetMerge(c.collOut[:0], w.a, nil)
		if !c.zsetStore(x) {
			return
		}
		c.Notify('z', event, key)
		if hi-lo == len(w.a) {
			c.Notify('g', "del", key)
		}
	}
	c.Int(int64(hi - lo))
}

// ZPOPMIN key [count]
func cmdZpopmin(c *Ctx) { c.zpopMinMax(false) }

// ZPOPMAX key [count]
func cmdZpopmax(c *Ctx) { c.zpopMinMax(true) }

func (c *Ctx) zpopMinMax(popMax bool) {
	if len(c.Args) > 3 {
		c.Err(ErrSyntax)
		return
	}
	count := int64(-1)
	if len(c.Args) == 3 {
		n, ok := resp.ParseInt(c.Args[2])
		if !ok || n < 0 {
			c.Err("ERR value is out of range, must be positive")
			return
		}
		count = n
	}
	nested := c.Client.Proto >= resp.RESP3 && count != -1
	c.zpopGeneric(c.Args[1:2], popMax, false, count, nested, false)
}

// zpopGeneric is Redis's genericZpopCommand: it pops up to count (-1: one)
// elements from the first of keys that holds a sorted set. emitKey
// replies the key first (ZMPOP); nested replies [member, score] pairs;
// nilWhenEmpty replies a null array when no key holds one.
func (c *Ctx) zpopGeneric(keys [][]byte, popMax, emitKey bool, count int64, nested, nilWhenEmpty bool) {
	var x *engine.Item
	var b []byte
	var key []byte
	for _, k := range keys {
		xi := c.Lock(k)
		bi, ok := c.lookupColl(xi, engine.KindZSet, false)
		if !ok {
			xi.Unlock()
			return
		}
		if bi != nil {
			x, b, key = xi, bi, k
			break
		}
		xi.Unlock()
	}
	if x == nil {
		if nilWhenEmpty {
			c.NullArray()
		} else {
			c.Array(0)
		}
		return
	}
	defer x.Unlock()
	if count == 0 {
		c.Array(0)
		return
	}
	if count == -1 {
		count = 1
	}
	w := getZsetWork()
	defer w.release()
	w.a = zsetDecode(b, w.a[:0])
	n := int64(len(w.a))
	k := min(count, n)
	switch {
	case !nested && !emitKey:
		c.Array(int(2 * k))
	case nested && !emitKey:
		c.Array(int(k))
	case !nested && emitKey:
		c.Array(int(2*k + 1))
		c.Bulk(key)
	default:
		c.Array(2)
		c.Bulk(key)
		c.Array(int(k))
	}
	for i := int64(0); i < k; i++ {
		j := i
		if popMax {
			j = n - 1 - i
		}
		e := &w.a[j]
		if nested {
			c.Array(2)
		}
		c.Bulk(e.m)
		c.Double(e.s)
		zsetDead(e)
	}
	start := len(c.Out)
	c.collOut = zsetMerge(c.collOut[:0], w.a, nil)
	if !c.zsetStore(x) {
		c.Out = c.Out[:start]
		return
	}
	if popMax {
		c.Notify('z', "zpopmax", key)
	} else {
		c.Notify('z', "zpopmin", key)
	}
	if k == n {
		c.Notify('g', "del", key)
	}
}

// ZMPOP numkeys key [key ...] MIN | MAX [COUNT count]
func cmdZmpop(c *Ctx) {
	keys, popMax, count, ok := c.mpopArgs(1, true)
	if !ok {
		return
	}
	c.lockMany(keys)
	c.zpopGeneric(keys, popMax, true, count, true, true)
}

// Operations of ZUNION, ZINTER and ZDIFF.
const (
	zopUnion = iota
	zopInter
	zopDiff
)

// Aggregates of ZUNION and ZINTER.
const (
	aggrSum = iota
	aggrMin
	aggrMax
)

// zopEnt is an element of one source of a set operation.
type zopEnt struct {
	m   []byte
	s   float64
	src int32
}

// zopSrc is one input of a set operation: a sorted set, a plain set
// (every member scores 1, as in Redis) or a missing key.
type zopSrc struct {
	b      []byte
	set    bool
	weight float64
	card   int
}

func zunionInterAggregate(target *float64, v float64, aggr int) {
	switch aggr {
	case aggrSum:
		*target += v
		if math.IsNaN(*target) {
			*target = 0
		}
	case aggrMin:
		if v < *target {
			*target = v
		}
	case aggrMax:
		if v > *target {
			*target = v
		}
	}
}

// ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
func cmdZunionstore(c *Ctx) { c.zsetOp(c.Args[1], 2, zopUnion, false) }

// ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX]
func cmdZinterstore(c *Ctx) { c.zsetOp(c.Args[1], 2, zopInter, false) }

// ZDIFFSTORE destination numkeys key [key ...]
func cmdZdiffstore(c *Ctx) { c.zsetOp(c.Args[1], 2, zopDiff, false) }

// ZUNION numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
func cmdZunion(c *Ctx) { c.zsetOp(nil, 1, zopUnion, false) }

// ZINTER numkeys key [key ...] [WEIGHTS weight [weight ...]] [AGGREGATE SUM | MIN | MAX] [WITHSCORES]
func cmdZinter(c *Ctx) { c.zsetOp(nil, 1, zopInter, false) }

// ZINTERCARD numkeys key [key ...] [LIMIT limit]
func cmdZintercard(c *Ctx) { c.zsetOp(nil, 1, zopInter, true) }

// ZDIFF numkeys key [key ...] [WITHSCORES]
func cmdZdiff(c *Ctx) { c.zsetOp(nil, 1, zopDiff, false) }

// zsetOp is Redis's zunionInterDiffGenericCommand. dst non-nil stores
// the result; cardOnly answers ZINTERCARD.
func (c *Ctx) zsetOp(dst []byte, numIdx int, op int, cardOnly bool) {
	setnum, ok := c.longArg(c.Args[numIdx], "")
	if !ok {
		return
	}
	if setnum < 1 {
		c.Err("ERR at least 1 input key is needed for '" + c.Cmd.FullName + "' command")
		return
	}
	if setnum > int64(len(c.Args)-(numIdx+1)) {
		c.Err(ErrSyntax)
		return
	}
	keys := c.Args[numIdx+1 : numIdx+1+int(setnum)]
	if dst != nil {
		c.keyBuf = append(append(c.keyBuf[:0], dst), keys...)
		c.LockKeys(c.keyBuf...)
	} else {
		c.lockMany(keys)
	}
	w := getZsetWork()
	defer w.release()
	srcs := make([]zopSrc, len(keys)) // one per key, not per element
	for i, k := range keys {
		x := c.Lock(k)
		b, ok := c.zsetLookupSrc(w, i, x)
		x.Unlock()
		if !ok {
			return
		}
		srcs[i] = zopSrc{b: b, set: b != nil && x.Kind() == engine.KindSet, weight: 1}
		if srcs[i].set {
			srcs[i].card = packedCount(b)
		} else {
			srcs[i].card = zsetLen(b)
		}
	}
	aggr := aggrSum
	withScores := false
	var limit int64
	for j := numIdx + 1 + int(setnum); j < len(c.Args); {
		a := c.Args[j]
		remaining := len(c.Args) - j
		switch {
		case op != zopDiff && !cardOnly && remaining >= int(setnum)+1 && eqFold(a, "WEIGHTS"):
			j++
			for i := range srcs {
				wt, ok := c.floatArg(c.Args[j], "ERR weight value is not a float")
				if !ok {
					return
				}
				srcs[i].weight = wt
				j++
			}
		case op != zopDiff && !cardOnly && remaining >= 2 && eqFold(a, "AGGREGATE"):
			switch v := c.Args[j+1]; {
			case eqFold(v, "SUM"):
				aggr = aggrSum
			case eqFold(v, "MIN"):
				aggr = aggrMin
			case eqFold(v, "MAX"):
				aggr = aggrMax
			default:
				c.Err(ErrSyntax)
				return
			}
			j += 2
		case dst == nil && !cardOnly && eqFold(a, "WITHSCORES"):
			withScores = true
			j++
		case cardOnly && remaining >= 2 && eqFold(a, "LIMIT"):
			n, ok := resp.ParseInt(c.Args[j+1])
			if !ok || n < 0 {
				c.Err("ERR LIMIT can't be negative")
				return
			}
			limit = n
			j += 2
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	if op != zopDiff {
		// Smallest first, as Redis sorts its inputs (glibc's qsort is a
		// stable merge sort here): the order of the SUM matters.
		slices.SortStableFunc(srcs, func(p, q zopSrc) int { return p.card - q.card })
	}
	// Gather every element tagged with its input's position.
	ops := w.ops[:0]
	for i, s := range srcs {
		if op == zopInter && srcs[0].card == 0 {
			break
		}
		it := newPackedIter(s.b)
		if s.b == nil {
			continue
		}
		for {
			m, ok := it.next()
			if !ok {
				break
			}
			sc := 1.0
			if !s.set {
				sb, _ := it.next()
				sc = zsetScore(sb)
			}
			ops = append(ops, zopEnt{m, sc, int32(i)})
		}
	}
	w.ops = ops
	slices.SortStableFunc(ops, func(p, q zopEnt) int { return bytes.Compare(p.m, q.m) })
	res := w.a[:0]
	switch op {
	case zopUnion:
		for g := 0; g < len(ops); {
			m := ops[g].m
			var score float64
			for first := true; g < len(ops) && bytes.Equal(ops[g].m, m); g++ {
				v := srcs[ops[g].src].weight * ops[g].s
				if math.IsNaN(v) {
					v = 0
				}
				if first {
					score, first = v, false
				} else {
					zunionInterAggregate(&score, v, aggr)
				}
			}
			res = append(res, zent{m, score})
		}
	case zopInter:
		for g := 0; g < len(ops); {
			h := g
			for h < len(ops) && bytes.Equal(ops[h].m, ops[g].m) {
				h++
			}
			if h-g == len(srcs) {
				score := srcs[ops[g].src].weight * ops[g].s
				if math.IsNaN(score) {
					score = 0
				}
				for k := g + 1; k < h; k++ {
					zunionInterAggregate(&score, ops[k].s*srcs[ops[k].src].weight, aggr)
				}
				res = append(res, zent{ops[g].m, score})
			}
			g = h
		}
	case zopDiff:
		for g := 0; g < len(ops); {
			h := g
			for h < len(ops) && bytes.Equal(ops[h].m, ops[g].m) {
				h++
			}
			if h-g == 1 && ops[g].src == 0 {
				res = append(res, zent{ops[g].m, ops[g].s})
			}
			g = h
		}
	}
	w.a = res
	switch {
	case cardOnly:
		n := int64(len(res))
		if limit > 0 {
			n = min(n, limit)
		}
		c.Int(n)
	case dst != nil:
		sortZents(res)
		event := "zunionstore"
		if op == zopInter {
			event = "zinterstore"
		} else if op == zopDiff {
			event = "zdiffstore"
		}
		c.zsetStoreDst(dst, res, event)
	default:
		sortZents(res)
		c.zsetReply(res, false, withScores)
	}
}

// zsetLookupSrc looks up an input of a set operation as Redis's
// lookupKeyRead: a sorted set or a plain set (other kinds: WRONGTYPE).
func (c *Ctx) zsetLookupSrc(w *zsetWork, i int, x *engine.Item) ([]byte, bool) {
	if x.Found() && x.Kind() == engine.KindSet {
		return c.zsetLookupOwned(w, i, x, engine.KindSet, true)
	}
	return c.zsetLookupOwned(w, i, x, engine.KindZSet, true)
}

// ZRANDMEMBER key [count [WITHSCORES]]
func cmdZrandmember(c *Ctx) {
	if len(c.Args) >= 3 {
		l, ok := c.longArg(c.Args[2], "")
		if !ok {
			return
		}
		if l == math.MinInt64 {
			c.Err("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
			return
		}
		withScores := false
		if len(c.Args) > 4 || (len(c.Args) == 4 && !eqFold(c.Args[3], "WITHSCORES")) {
			c.Err(ErrSyntax)
			return
		} else if len(c.Args) == 4 {
			withScores = true
			if l < -math.MaxInt64/2 || l > math.MaxInt64/2 {
				c.Err("ERR value is out of range")
				return
			}
		}
		c.zrandmemberCount(l, withScores)
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.zsetRead(x)
	if !ok {
		return
	}
	if b == nil {
		c.Null()
		return
	}
	i := rand.IntN(zsetLen(b))
	it := newZsetIter(b)
	for ; ; i-- {
		m, _, _ := it.next()
		if i == 0 {
			c.Bulk(m)
			return
		}
	}
}

// zrandmemberCount is Redis's zrandmemberWithCountCommand: a positive
// count picks distinct elements, a negative one may repeat them.
func (c *Ctx) zrandmemberCount(l int64, withScores bool) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.zsetRead(x)
	if !ok {
		return
	}
	if b == nil || l == 0 {
		c.Array(0)
		return
	}
	w := getZsetWork()
	defer w.release()
	w.a = zsetDecode(b, w.a[:0])
	ents := w.a
	size := int64(len(ents))
	pairs := withScores && c.Client.Proto >= resp.RESP3
	emit := func(e zent) {
		if pairs {
			c.Array(2)
		}
		c.Bulk(e.m)
		if withScores {
			c.Double(e.s)
		}
	}
	header := func(n int64) {
		if withScores && !pairs {
			c.Array(int(2 * n))
		} else {
			c.Array(int(n))
		}
	}
	if l < 0 || l == 1 {
		count := l
		if count < 0 {
			count = -count
		}
		header(count)
		for ; count > 0; count-- {
			emit(ents[rand.IntN(len(ents))])
		}
		return
	}
	if l >= size {
		// Everything, in the order Redis's set-operation iterator walks a
		// sorted set: from the highest element down.
		header(size)
		for i := len(ents) - 1; i >= 0; i-- {
			emit(ents[i])
		}
		return
	}
	// Distinct elements, in the set's order as Redis's
	// lpRandomPairsUnique gives them: selection sampling.
	header(l)
	need := l
	for i := int64(0); need > 0; i++ {
		if rand.Int64N(size-i) < need {
			emit(ents[i])
			need--
		}
	}
}

// ZSCAN key cursor [MATCH pattern] [COUNT count]
//
// A set within the listpack limits is returned whole with cursor 0, as
// Redis does; a larger one is walked in order, count elements a call, the
// cursor being the position of the next element (Redis's cursor is a
// hash-table position: the guarantees are the same, the values differ).
func cmdZscan(c *Ctx) {
	cursor, ok := parseCursor(c.Args[2])
	if !ok {
		c.Err("ERR invalid cursor")
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.zsetRead(x)
	if !ok {
		return
	}
	if b == nil {
		c.Array(2)
		c.BulkString("0")
		c.Array(0)
		return
	}
	pat, _, count, ok := c.scanOptions(c.Args[3:], false)
	if !ok {
		return
	}
	n := uint64(zsetLen(b))
	from, to := uint64(0), n
	if zsetEncoding(x) == "skiplist" {
		from = min(cursor, n)
		to = from + min(uint64(count), n-from)
	}
	next := to
	if next >= n {
		next = 0
	}
	buf := c.Scratch[:0]
	var dbuf [32]byte
	found := 0
	it := newZsetIter(b)
	for i := uint64(0); i < to; i++ {
		m, s, _ := it.next()
		if i < from || (pat != nil && !Match(pat, m, false)) {
			continue
		}
		buf = resp.AppendBulk(buf, m)
		buf = resp.AppendBulk(buf, resp.AppendDoubleText(dbuf[:0], s))
		found++
	}
	c.Array(2)
	var num [20]byte
	c.Bulk(strconv.AppendUint(num[:0], next, 10))
	c.Array(2 * found)
	c.Out = append(c.Out, buf...)
	c.releaseScratch(buf)
}
