package redisext

import (
	"bytes"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// The list commands (Redis's t_list.c), over the encoding of list.go. The
// blocking variants (BLPOP, BRPOP, BLMOVE, BLMPOP, BRPOPLPUSH) are not here
// yet.

// listCommands are the List commands (Redis's "list" group).
var listCommands = []*Command{
	{Name: "lpush", Arity: -3, Flags: Write | DenyOOM | Fast, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLpush, Since: "1.0.0", Summary: "Prepend one or multiple elements to a list"},
	{Name: "rpush", Arity: -3, Flags: Write | DenyOOM | Fast, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdRpush, Since: "1.0.0", Summary: "Append one or multiple elements to a list"},
	{Name: "lpushx", Arity: -3, Flags: Write | DenyOOM | Fast, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLpushx, Since: "2.2.0", Summary: "Prepend an element to a list, only if the list exists"},
	{Name: "rpushx", Arity: -3, Flags: Write | DenyOOM | Fast, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdRpushx, Since: "2.2.0", Summary: "Append an element to a list, only if the list exists"},
	{Name: "lpop", Arity: -2, Flags: Write | Fast, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLpop, Since: "1.0.0", Summary: "Remove and get the first elements in a list"},
	{Name: "rpop", Arity: -2, Flags: Write | Fast, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdRpop, Since: "1.0.0", Summary: "Remove and get the last elements in a list"},
	{Name: "llen", Arity: 2, Flags: ReadOnly | Fast, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLlen, Since: "1.0.0", Summary: "Get the length of a list"},
	{Name: "lrange", Arity: 4, Flags: ReadOnly, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLrange, Since: "1.0.0", Summary: "Get a range of elements from a list"},
	{Name: "lindex", Arity: 3, Flags: ReadOnly, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLindex, Since: "1.0.0", Summary: "Get an element from a list by its index"},
	{Name: "lset", Arity: 4, Flags: Write | DenyOOM, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLset, Since: "1.0.0", Summary: "Set the value of an element in a list by its index"},
	{Name: "linsert", Arity: 5, Flags: Write | DenyOOM, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLinsert, Since: "2.2.0", Summary: "Insert an element before or after another element in a list"},
	{Name: "lrem", Arity: 4, Flags: Write, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLrem, Since: "1.0.0", Summary: "Remove elements from a list"},
	{Name: "ltrim", Arity: 4, Flags: Write, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLtrim, Since: "1.0.0", Summary: "Trim a list to the specified range"},
	{Name: "lpos", Arity: -3, Flags: ReadOnly, Group: GroupList, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdLpos, Since: "6.0.6", Summary: "Return the index of matching elements on a list"},
	{Name: "lmove", Arity: 5, Flags: Write | DenyOOM, Group: GroupList, FirstKey: 1, LastKey: 2, Step: 1, Handler: cmdLmove, Since: "6.2.0", Summary: "Pop an element from a list, push it to another list and return it"},
	{Name: "rpoplpush", Arity: 3, Flags: Write | DenyOOM, Group: GroupList, FirstKey: 1, LastKey: 2, Step: 1, Handler: cmdRpoplpush, Since: "1.2.0", Summary: "Remove the last element in a list, prepend it to another list and return it"},
	{Name: "lmpop", Arity: -4, Flags: Write, Group: GroupList, Handler: cmdLmpop, Since: "7.0.0", Summary: "Pop elements from a list"},
}

// Error replies of the list commands.
const (
	errListRange    = "ERR index out of range"
	errListPositive = "ERR value is out of range, must be positive"
	errListRankZero = "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list"
	errListNumkeys  = "ERR numkeys should be greater than 0"
	errListCount    = "ERR count should be greater than 0"
)

func init() {
	// Redis 7.0 reports quicklist for every list, whatever its size.
	ObjectEncodings[engine.KindList] = func(*engine.Item) string { return "quicklist" }
}

// rangeArg parses a long in [lo, hi] as getRangeLongFromObjectOrReply with
// msg (the same error for both failures).
func (c *Ctx) rangeArg(b []byte, lo int64, msg string) (int64, bool) {
	n, ok := resp.ParseInt(b)
	if !ok || n < lo {
		c.Err(msg)
		return 0, false
	}
	return n, true
}

// listLookup looks up a list for a command, as lookupColl but without
// copying a chained value (see listVal): found false when missing, ok
// false after replying WRONGTYPE.
func (c *Ctx) listLookup(x *engine.Item, read bool) (lv listVal, found, ok bool) {
	if !x.Found() {
		if read {
			c.readMiss(x.Key())
		}
		return listVal{}, false, true
	}
	if read {
		c.stats.hits++
	}
	if x.Kind() != engine.KindList {
		c.Err(ErrWrongType)
		return listVal{}, false, false
	}
	if read {
		x.Hit()
	}
	return newListVal(x.Value(), &c.collBuf), true, true
}

// listRoom returns how much room to give a list of used bytes that grows:
// about half its size, within the value limit (proto-max-bulk-len), and within the largest chunk
// while it fits one (a small list stays contiguous); and the spare bytes
// left within that limit, which bound the gap kept at the other end.
func (c *Ctx) listRoom(x *engine.Item, used int) (room, spare int) {
	kl := engine.ItemSize(len(x.Key()), 0)
	limit := valueLimit(x.Key()) - kl
	if chunk := c.Eng.Slab().ChunkMax() - kl; used < chunk {
		limit = min(limit, chunk)
	}
	if used >= limit {
		return 0, 0
	}
	room = min(max(used/2, listMinRoom), limit-used)
	return room, limit - used - room
}

// storeList stores encoding out as x's list and returns "" or the error
// to reply.
func storeList(x *engine.Item, out []byte) string { return storeColl(x, engine.KindList, out) }

// listPush pushes elems at the head (left) or the tail of x's list (lv, as
// listLookup returned it; nil for a new list), one after the other as
// LPUSH does, and returns the new length or an error message. It writes in
// place while the end has room, contiguous or chained, else stores the
// list anew with room at that end.
func (c *Ctx) listPush(x *engine.Item, lv *listVal, left bool, elems [][]byte) (int, string) {
	need := 0
	for _, e := range elems {
		need += listEntrySize(len(e))
	}
	count := len(elems)
	if lv != nil {
		count += lv.count
		head, tail, n := lv.head, lv.tail, lv.n
		if !left || head >= need {
			// The entries, in their order in the list.
			data := c.collOut[:0]
			if left {
				for i := len(elems) - 1; i >= 0; i-- {
					data = appendListEntry(data, elems[i])
				}
			} else {
				for _, e := range elems {
					data = appendListEntry(data, e)
				}
			}
			c.collOut = data
			switch {
			case left && head >= need:
				if listEdit(x, n, count, head-need, tail, data, listHdr+head-need) {
					return count, ""
				}
			case !left && tail >= need:
				if listEdit(x, n, count, head, tail-need, data, n-tail) {
					return count, ""
				}
			case !left:
				if listEdit(x, n+need-tail, count, head, 0, data, n-tail) {
					return count, ""
				}
			}
		}
	}
	// Store the list anew, with room at the end that grows.
	var b []byte
	var start, end, head, tail int
	used := listHdr + need
	if lv != nil {
		b = lv.all()
		start, end = listBody(b)
		used += end - start
		head, tail = lv.head, lv.tail
	}
	room, spare := c.listRoom(x, used)
	switch {
	case lv == nil: // a new list gets no room until it grows
		head, tail = 0, 0
	case left:
		head, tail = room, min(tail, room, spare)
	default:
		head, tail = min(head, room, spare), room
	}
	out := appendListHdr(c.collOut[:0], count, head)
	if left {
		for i := len(elems) - 1; i >= 0; i-- {
			out = appendListEntry(out, elems[i])
		}
	}
	out = append(out, b[start:end]...)
	if !left {
		for _, e := range elems {
			out = appendListEntry(out, e)
		}
	}
	out = finishList(out, tail)
	c.collOut = out
	return count, storeList(x, out)
}

// pushGeneric is LPUSH, RPUSH, LPUSHX and RPUSHX (pushGenericCommand).
func (c *Ctx) pushGeneric(left, xx bool) {
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	lv, found, ok := c.listLookup(x, false)
	if !ok {
		return
	}
	if !found && xx {
		c.Int(0)
		return
	}
	lp := &lv
	if !found {
		lp = nil
	}
	n, msg := c.listPush(x, lp, left, c.Args[2:])
	if msg != "" {
		c.Err(msg)
		return
	}
	c.Int(int64(n))
	c.notifyNew(found, key)
	if left {
		c.Notify('l', "lpush", key)
	} else {
		c.Notify('l', "rpush", key)
	}
}

// LPUSH key element [element ...]
func cmdLpush(c *Ctx) { c.pushGeneric(true, false) }

// RPUSH key element [element ...]
func cmdRpush(c *Ctx) { c.pushGeneric(false, false) }

// LPUSHX key element [element ...]
func cmdLpushx(c *Ctx) { c.pushGeneric(true, true) }

// RPUSHX key element [element ...]
func cmdRpushx(c *Ctx) { c.pushGeneric(false, true) }

// Reply shapes of listPop.
const (
	popNoReply = iota // LMOVE: the caller replies
	popBulk           // one element as a bulk string
	popArray          // an array of the elements
)

// listCut keeps only the entries [from, to) of x's list lv, left of them,
// deleting the key when none is left: in place by widening the gaps
// (unless that would leave the value mostly empty), else by a rewrite. On
// an allocation failure the list stays as it was.
func (c *Ctx) listCut(x *engine.Item, lv *listVal, from, to, left int) {
	if left == 0 {
		x.Delete()
		return
	}
	if (lv.n <= 4096 || 4*(to-from) >= lv.n) && listEdit(x, lv.n, left, from-listHdr, lv.n-to, nil, 0) {
		return
	}
	b := lv.all()
	out := appendListHdr(c.collOut[:0], left, 0)
	out = append(out, b[from:to]...)
	c.collOut = finishList(out, 0)
	storeList(x, c.collOut) // smaller than before: can fail only for want of memory
}

// listPop removes k (1 <= k <= count) elements from the head (left) or the
// tail of x's list lv, replying them in pop order as shape says, and sends
// the pop event (and "del" when the list empties, which deletes the key).
func (c *Ctx) listPop(x *engine.Item, lv *listVal, left bool, k int, shape int) {
	if shape == popArray {
		c.Array(k)
	}
	// [from, to) is what stays.
	from, to := lv.body()
	for i := 0; i < k; i++ {
		var e []byte
		if left {
			e, from = lv.next(from)
		} else {
			e, to = lv.prev(to)
		}
		if shape != popNoReply {
			c.Bulk(e)
		}
	}
	key := x.Key()
	left2 := lv.count - k
	c.listCut(x, lv, from, to, left2)
	if left {
		c.Notify('l', "lpop", key)
	} else {
		c.Notify('l', "rpop", key)
	}
	if left2 == 0 {
		c.Notify('g', "del", key)
	}
}

// popGeneric is LPOP and RPOP (popGenericCommand).
func (c *Ctx) popGeneric(left bool) {
	if len(c.Args) > 3 {
		c.WrongArgs()
		return
	}
	hasCount := len(c.Args) == 3
	var count int64
	if hasCount {
		var ok bool
		if count, ok = c.rangeArg(c.Args[2], 0, errListPositive); !ok {
			return
		}
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	lv, found, ok := c.listLookup(x, false)
	switch {
	case !ok:
		return
	case !found && hasCount:
		c.NullArray()
	case !found:
		c.Null()
	case hasCount && count == 0:
		c.Array(0)
	case !hasCount:
		c.listPop(x, &lv, left, 1, popBulk)
	default:
		c.listPop(x, &lv, left, int(min(count, int64(lv.count))), popArray)
	}
}

// LPOP key [count]
func cmdLpop(c *Ctx) { c.popGeneric(true) }

// RPOP key [count]
func cmdRpop(c *Ctx) { c.popGeneric(false) }

// LLEN key
func cmdLlen(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if !x.Found() {
		c.readMiss(x.Key())
		c.Int(0)
		return
	}
	c.stats.hits++
	if x.Kind() != engine.KindList {
		c.Err(ErrWrongType)
		return
	}
	x.Hit()
	// The count is the value's first 4 bytes, in the head chunk even when
	// the value is chained: no need to copy the list.
	c.Int(int64(listLen(x)))
}

// listLen returns the length of x's list without copying a chained value:
// the count is in the value's first bytes, which the head chunk holds.
func listLen(x *engine.Item) int {
	var hdr [packedHdr]byte
	n := 0
	x.Value().Range(func(p []byte) {
		n += copy(hdr[n:], p)
	})
	return packedCount(hdr[:])
}

// listRange clamps the inclusive range [start, end] (negative from the
// end) to a list of n entries as addListRangeReply and LTRIM do; ok false
// for an empty range.
func listRange(start, end int64, n int) (int, int, bool) {
	ln := int64(n)
	if start < 0 {
		start += ln
	}
	if end < 0 {
		end += ln
	}
	if start < 0 {
		start = 0
	}
	if start > end || start >= ln {
		return 0, 0, false
	}
	if end >= ln {
		end = ln - 1
	}
	return int(start), int(end), true
}

// LRANGE key start stop
func cmdLrange(c *Ctx) {
	start, ok := c.longArg(c.Args[2], "")
	if !ok {
		return
	}
	end, ok := c.longArg(c.Args[3], "")
	if !ok {
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	lv, found, ok := c.listLookup(x, true)
	if !ok {
		return
	}
	if !found {
		c.Array(0)
		return
	}
	s, e, ok := listRange(start, end, lv.count)
	if !ok {
		c.Array(0)
		return
	}
	c.Array(e - s + 1)
	off := lv.seek(s)
	for i := s; i <= e; i++ {
		var el []byte
		el, off = lv.next(off)
		c.Bulk(el)
	}
}

// LINDEX key index
func cmdLindex(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	lv, found, ok := c.listLookup(x, true)
	if !ok {
		return
	}
	if !found {
		c.Null()
		return
	}
	idx, ok := c.longArg(c.Args[2], "")
	if !ok {
		return
	}
	n := int64(lv.count)
	if idx < 0 {
		idx += n
	}
	if idx < 0 || idx >= n {
		c.Null()
		return
	}
	el, _ := lv.next(lv.seek(int(idx)))
	c.Bulk(el)
}

// listReplace stores x's list b with the bytes [from, to) of its body
// replaced by the entries of elems: the rewrite of LSET and LINSERT.
func (c *Ctx) listReplace(x *engine.Item, b []byte, from, to, count int, elems ...[]byte) string {
	start, end := listBody(b)
	out := appendListHdr(c.collOut[:0], count, 0)
	out = append(out, b[start:from]...)
	for _, e := range elems {
		out = appendListEntry(out, e)
	}
	out = append(out, b[to:end]...)
	c.collOut = finishList(out, 0)
	return storeList(x, c.collOut)
}

// LSET key index element
func cmdLset(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindList, false)
	if !ok {
		return
	}
	if b == nil {
		c.Err(ErrNoSuchKey)
		return
	}
	idx, ok := c.longArg(c.Args[2], "")
	if !ok {
		return
	}
	n := int64(packedCount(b))
	if idx < 0 {
		idx += n
	}
	if idx < 0 || idx >= n {
		c.Err(errListRange)
		return
	}
	off := listSeek(b, int(idx))
	_, next := listNext(b, off)
	if msg := c.listReplace(x, b, off, next, int(n), c.Args[3]); msg != "" {
		c.Err(msg)
		return
	}
	c.OK()
	c.Notify('l', "lset", c.Args[1])
}

// LINSERT key BEFORE|AFTER pivot element
func cmdLinsert(c *Ctx) {
	var after bool
	switch {
	case eqFold(c.Args[2], "AFTER"):
		after = true
	case eqFold(c.Args[2], "BEFORE"):
	default:
		c.Err(ErrSyntax)
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindList, false)
	if !ok {
		return
	}
	if b == nil {
		c.Int(0)
		return
	}
	it := newListIter(b)
	for {
		e, off, ok := it.next()
		if !ok {
			c.Int(-1)
			return
		}
		if !bytes.Equal(e, c.Args[3]) {
			continue
		}
		if after {
			off = it.off
		}
		n := packedCount(b) + 1
		if msg := c.listReplace(x, b, off, off, n, c.Args[4]); msg != "" {
			c.Err(msg)
			return
		}
		c.Notify('l', "linsert", c.Args[1])
		c.Int(int64(n))
		return
	}
}

// LREM key count element
func cmdLrem(c *Ctx) {
	toRemove, ok := c.longArg(c.Args[2], "")
	if !ok {
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindList, false)
	if !ok {
		return
	}
	if b == nil {
		c.Int(0)
		return
	}
	elem := c.Args[3]
	// From the tail, the matches removed are the last |count|: skip the
	// others, counted in a first pass.
	skip := int64(0)
	limit := toRemove
	if toRemove < 0 {
		limit = -toRemove
		matches := int64(0)
		for it := newListIter(b); ; {
			e, _, ok := it.next()
			if !ok {
				break
			}
			if bytes.Equal(e, elem) {
				matches++
			}
		}
		if limit != 0 && limit < matches { // -MinInt64 stays negative: all
			skip = matches - limit
		}
		if limit < 0 {
			limit = 0
		}
	}
	count := packedCount(b)
	out := appendListHdr(c.collOut[:0], 0, 0)
	removed := int64(0)
	for it := newListIter(b); ; {
		e, off, ok := it.next()
		if !ok {
			break
		}
		if bytes.Equal(e, elem) && (limit == 0 || removed < limit) {
			if skip > 0 {
				skip--
			} else {
				removed++
				continue
			}
		}
		out = append(out, b[off:it.off]...)
	}
	c.collOut = out
	if removed > 0 {
		setPackedCount(out, count-int(removed))
		c.collOut = finishList(out, 0)
		if msg := storeList(x, c.collOut); msg != "" {
			c.Err(msg)
			return
		}
		c.Notify('l', "lrem", c.Args[1])
		if count == int(removed) {
			c.Notify('g', "del", c.Args[1])
		}
	}
	c.Int(removed)
}

// LTRIM key start stop
func cmdLtrim(c *Ctx) {
	start, ok := c.longArg(c.Args[2], "")
	if !ok {
		return
	}
	end, ok := c.longArg(c.Args[3], "")
	if !ok {
		return
	}
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	lv, found, ok := c.listLookup(x, false)
	if !ok {
		return
	}
	if !found {
		c.OK()
		return
	}
	n := lv.count
	s, e, ok := listRange(start, end, n)
	if !ok {
		s, e = n, n-1 // nothing stays
	}
	from, to := lv.body()
	for i := 0; i < s && i < n; i++ {
		_, from = lv.next(from)
	}
	for i := n - 1; i > e && i >= s; i-- {
		to = lv.prevStart(to)
	}
	left := e - s + 1
	c.listCut(x, &lv, from, to, left)
	c.Notify('l', "ltrim", key)
	if left == 0 {
		c.Notify('g', "del", key)
	}
	c.OK()
}

// LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len]
func cmdLpos(c *Ctx) {
	rank, count, maxLen := int64(1), int64(-1), int64(0)
	for j := 3; j < len(c.Args); j++ {
		opt, more := c.Args[j], j+1 < len(c.Args)
		var ok bool
		switch {
		case eqFold(opt, "RANK") && more:
			j++
			if rank, ok = c.longArg(c.Args[j], ""); !ok {
				return
			}
			if rank == 0 {
				c.Err(errListRankZero)
				return
			}
		case eqFold(opt, "COUNT") && more:
			j++
			if count, ok = c.rangeArg(c.Args[j], 0, "ERR COUNT can't be negative"); !ok {
				return
			}
		case eqFold(opt, "MAXLEN") && more:
			j++
			if maxLen, ok = c.rangeArg(c.Args[j], 0, "ERR MAXLEN can't be negative"); !ok {
				return
			}
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	fromTail := rank < 0
	if fromTail {
		rank = -rank
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	b, ok := c.lookupColl(x, engine.KindList, true)
	if !ok {
		return
	}
	if b == nil {
		if count != -1 {
			c.Array(0)
		} else {
			c.Null()
		}
		return
	}
	elem := c.Args[2]
	n := int64(packedCount(b))
	start, end := listBody(b)
	off := start
	if fromTail {
		off = end
	}
	found := c.Scratch[:0]
	var matches, nfound int64
	match := int64(-1)
	for index := int64(0); index < n && (maxLen == 0 || index < maxLen); index++ {
		var e []byte
		if fromTail {
			e, off = listPrev(b, off)
		} else {
			e, off = listNext(b, off)
		}
		if !bytes.Equal(e, elem) {
			continue
		}
		matches++
		// As Redis, in wrapping int64 arithmetic (a rank of MinInt64
		// stays negative: every match counts, and COUNT never stops).
		if matches < rank {
			continue
		}
		match = index
		if fromTail {
			match = n - index - 1
		}
		if count == -1 {
			break
		}
		found = resp.AppendInt(found, match)
		nfound++
		if count != 0 && matches-rank+1 >= count {
			break
		}
	}
	c.Scratch = found
	switch {
	case count != -1:
		c.Array(int(nfound))
		c.Out = append(c.Out, found...)
	case match >= 0:
		c.Int(match)
	default:
		c.Null()
	}
}

// listWhere parses LEFT or RIGHT (getListPositionFromObjectOrReply).
func (c *Ctx) listWhere(b []byte) (left, ok bool) {
	switch {
	case eqFold(b, "LEFT"):
		return true, true
	case eqFold(b, "RIGHT"):
		return false, true
	}
	c.Err(ErrSyntax)
	return false, false
}

// LMOVE source destination LEFT|RIGHT LEFT|RIGHT
func cmdLmove(c *Ctx) {
	from, ok := c.listWhere(c.Args[3])
	if !ok {
		return
	}
	to, ok := c.listWhere(c.Args[4])
	if !ok {
		return
	}
	c.lmove(from, to)
}

// RPOPLPUSH source destination
func cmdRpoplpush(c *Ctx) { c.lmove(false, true) }

// lmove moves an element from one end of the source list to one end of
// the destination (lmoveGenericCommand). It pushes first, then pops, as
// Redis's events go; with one list for both that also never empties it.
func (c *Ctx) lmove(fromLeft, toLeft bool) {
	src, dst := c.Args[1], c.Args[2]
	c.LockKeys(src, dst)
	xs := c.Lock(src)
	defer xs.Unlock()
	lv, found, ok := c.listLookup(xs, false)
	if !ok {
		return
	}
	if !found {
		c.Null()
		return
	}
	same := bytes.Equal(src, dst)
	xd := xs
	if !same {
		xd = c.Lock(dst)
		defer xd.Unlock()
		if xd.Found() && xd.Kind() != engine.KindList {
			c.Err(ErrWrongType)
			return
		}
	}
	start, end := lv.body()
	var e []byte
	if fromLeft {
		e, _ = lv.next(start)
	} else {
		e, _ = lv.prev(end)
	}
	c.Scratch = append(c.Scratch[:0], e...)
	elem := c.Scratch
	dv, dfound, _ := c.listLookup(xd, false)
	dp := &dv
	if !dfound {
		dp = nil
	}
	if _, msg := c.listPush(xd, dp, toLeft, [][]byte{elem}); msg != "" {
		c.Err(msg)
		return
	}
	c.notifyNew(dfound, dst)
	if toLeft {
		c.Notify('l', "lpush", dst)
	} else {
		c.Notify('l', "rpush", dst)
	}
	c.Bulk(elem)
	lv, _, _ = c.listLookup(xs, false)
	c.listPop(xs, &lv, fromLeft, 1, popNoReply)
}

// LMPOP numkeys key [key ...] LEFT|RIGHT [COUNT count]
func cmdLmpop(c *Ctx) {
	keys, left, count, ok := c.mpopArgs(1, false)
	if !ok {
		return
	}
	c.lockMany(keys)
	if !c.listPopFirst(keys, left, count) {
		c.NullArray()
	}
}

// listPopFirst pops from the first of keys (locked by the caller) that
// holds a list, as LMPOP, BLPOP and BLMPOP do: it reports whether it
// replied (the pop, or WRONGTYPE), false when every key is missing.
func (c *Ctx) listPopFirst(keys [][]byte, left bool, count int64) bool {
	for _, key := range keys {
		x := c.Lock(key)
		lv, found, ok := c.listLookup(x, false)
		if ok && found {
			c.listPopReply(x, &lv, key, left, count)
		}
		x.Unlock()
		if !ok || found {
			return true
		}
	}
	return false
}

// listPopReply pops from key's list lv and replies [key, element] for
// count -1 (BLPOP, BRPOP), else [key, [up to count elements]] (LMPOP,
// BLMPOP).
func (c *Ctx) listPopReply(x *engine.Item, lv *listVal, key []byte, left bool, count int64) {
	c.Array(2)
	c.Bulk(key)
	if count == -1 {
		c.listPop(x, lv, left, 1, popBulk)
		return
	}
	c.listPop(x, lv, left, int(min(count, int64(lv.count))), popArray)
}
