package redisext

import (
	"bytes"
	"math"
	"slices"
	"strings"

	"github.com/corvidcache/corvid/engine"
)

// sortCommands are SORT and SORT_RO (Redis's "generic" group).
var sortCommands = []*Command{
	{Name: "sort", Arity: -2, Flags: Write | DenyOOM | MovableKeys, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSort, Since: "1.0.0", Summary: "Sort the elements in a list, set or sorted set"},
	{Name: "sort_ro", Arity: -2, Flags: ReadOnly | MovableKeys, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSortRO, Since: "7.0.0", Summary: "Sort the elements in a list, set or sorted set. Read-only variant of SORT."},
}

// SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination]
func cmdSort(c *Ctx) { sortGeneric(c, false) }

// SORT_RO key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA]
func cmdSortRO(c *Ctx) { sortGeneric(c, true) }

// sortElem is one element being sorted: its bytes, and what it sorts by.
type sortElem struct {
	v     []byte
	score float64
	cmp   []byte // ALPHA with BY: the looked-up value (nil: none)
}

func sortGeneric(c *Ctx, readOnly bool) {
	args := c.Args
	var desc, alpha, dontSort bool
	limitStart, limitCount := int64(0), int64(-1)
	var sortBy, store []byte
	var gets [][]byte
	for j := 2; j < len(args); j++ {
		left := len(args) - j - 1
		opt := strings.ToLower(string(args[j]))
		switch {
		case opt == "asc":
			desc = false
		case opt == "desc":
			desc = true
		case opt == "alpha":
			alpha = true
		case opt == "limit" && left >= 2:
			var ok bool
			if limitStart, ok = c.longArg(args[j+1], ""); !ok {
				return
			}
			if limitCount, ok = c.longArg(args[j+2], ""); !ok {
				return
			}
			j += 2
		case opt == "store" && left >= 1 && !readOnly:
			store = args[j+1]
			j++
		case opt == "by" && left >= 1:
			sortBy = args[j+1]
			// A pattern without '*' is a constant: nothing to sort by (and,
			// as in Redis, a later BY with a '*' does not undo that).
			if bytes.IndexByte(sortBy, '*') < 0 {
				dontSort = true
			}
			j++
		case opt == "get" && left >= 1:
			gets = append(gets, args[j+1])
			j++
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	// Patterns and STORE reach keys the command does not name up front:
	// hold every stripe so the whole command is atomic, as in Redis.
	if len(gets) > 0 || (sortBy != nil && !dontSort) || store != nil {
		c.LockAll()
	}

	// Copy the elements out, in the type's own order.
	x := c.Lock(args[1])
	kind := engine.KindList
	var buf []byte
	var offs []int // element i is buf[offs[2i]:offs[2i+1]]
	add := func(e []byte) {
		offs = append(offs, len(buf))
		buf = append(buf, e...)
		offs = append(offs, len(buf))
	}
	if x.Found() {
		c.stats.hits++
		kind = x.Kind()
		switch kind {
		case engine.KindList, engine.KindSet, engine.KindZSet:
		default:
			x.Unlock()
			c.Err(ErrWrongType)
			return
		}
		x.Hit()
		var b []byte
		b, c.collBuf = collBytes(x, c.collBuf)
		switch kind {
		case engine.KindList:
			for it := newListIter(b); ; {
				e, _, ok := it.next()
				if !ok {
					break
				}
				add(e)
			}
		case engine.KindSet:
			for it := newPackedIter(b); ; {
				e, ok := it.next()
				if !ok {
					break
				}
				add(e)
			}
		case engine.KindZSet:
			for it := newZsetIter(b); ; {
				m, _, ok := it.next()
				if !ok {
					break
				}
				add(m)
			}
		}
	} else {
		c.readMiss(args[1])
	}
	x.Unlock()
	elems := make([]sortElem, len(offs)/2)
	for i := range elems {
		elems[i].v = buf[offs[2*i]:offs[2*i+1]:offs[2*i+1]]
	}

	// A set has no order of its own: STORE sorts it anyway (ALPHA), so
	// that the stored list is the same everywhere.
	if dontSort && kind == engine.KindSet && store != nil {
		dontSort, alpha, sortBy = false, true, nil
	}

	n := int64(len(elems))
	start := min(max(limitStart, 0), n)
	count := min(max(limitCount, -1), n)
	end := n - 1
	if count >= 0 {
		end = start + count - 1
	}
	if start >= n {
		start, end = n-1, n-2
	}
	end = min(end, n-1)

	if dontSort {
		// Lists and sorted sets keep their order, reversed by DESC.
		if desc && kind != engine.KindSet {
			slices.Reverse(elems)
		}
	} else {
		bad := false
		for i := range elems {
			e := &elems[i]
			by := e.v
			if sortBy != nil {
				v, ok := c.sortLookup(sortBy, e.v)
				if !ok {
					continue
				}
				by = v
			}
			if alpha {
				if sortBy != nil {
					e.cmp = by
				}
				continue
			}
			if s, ok := sortScore(by); ok {
				e.score = s
			} else {
				bad = true
			}
		}
		if bad {
			c.Err("ERR One or more scores can't be converted into double")
			return
		}
		byPattern := sortBy != nil
		slices.SortStableFunc(elems, func(a, b sortElem) int {
			var r int
			switch {
			case !alpha:
				switch {
				case a.score > b.score:
					r = 1
				case a.score < b.score:
					r = -1
				default:
					r = bytes.Compare(a.v, b.v)
				}
			case byPattern:
				switch {
				case a.cmp == nil && b.cmp == nil:
					r = 0
				case a.cmp == nil:
					r = -1
				case b.cmp == nil:
					r = 1
				default:
					r = bytes.Compare(a.cmp, b.cmp)
				}
			default:
				r = bytes.Compare(a.v, b.v)
			}
			if desc {
				r = -r
			}
			return r
		})
	}

	var sel []sortElem
	if end >= start {
		sel = elems[start : end+1]
	}
	outLen := len(sel)
	if len(gets) > 0 {
		outLen *= len(gets)
	}
	if store == nil {
		c.Array(outLen)
		for _, e := range sel {
			if len(gets) == 0 {
				c.Bulk(e.v)
			}
			for _, g := range gets {
				if v, ok := c.sortLookup(g, e.v); ok {
					c.Bulk(v)
				} else {
					c.Null()
				}
			}
		}
		return
	}
	out := appendListHdr(c.collOut[:0], outLen, 0)
	for _, e := range sel {
		if len(gets) == 0 {
			out = appendListEntry(out, e.v)
		}
		for _, g := range gets {
			v, _ := c.sortLookup(g, e.v) // a missing value is stored empty
			out = appendListEntry(out, v)
		}
	}
	out = finishList(out, 0)
	c.collOut = out[:0]
	d := c.Lock(store)
	defer d.Unlock()
	existed := d.Found()
	if outLen == 0 {
		if existed {
			d.Delete()
			c.Notify('g', "del", store)
		}
		c.Int(0)
		return
	}
	if _, err := d.Set(&engine.SetOpts{Kind: engine.KindList}, out); err != nil {
		c.Err(storeError(err))
		return
	}
	c.notifyNew(existed, store)
	c.Notify('l', "sortstore", store)
	c.Int(int64(outLen))
}

// sortLookup is Redis's lookupKeyByPattern: "#" is the element itself;
// otherwise the first '*' of pattern is replaced by elem to name a key
// whose string value it returns, or, with "->field" after the '*', that
// field of the hash at the key. ok false: no such value (or no '*').
// The value is copied into the command's scratch space, so it stays valid
// after the key is unlocked.
func (c *Ctx) sortLookup(pattern, elem []byte) ([]byte, bool) {
	if len(pattern) == 1 && pattern[0] == '#' {
		return elem, true
	}
	star := bytes.IndexByte(pattern, '*')
	if star < 0 {
		return nil, false
	}
	keyEnd := len(pattern)
	var field []byte
	if f := bytes.Index(pattern[star+1:], []byte("->")); f >= 0 && star+1+f+2 < len(pattern) {
		keyEnd = star + 1 + f
		field = pattern[keyEnd+2:]
	}
	key := make([]byte, 0, keyEnd-1+len(elem))
	key = append(append(append(key, pattern[:star]...), elem...), pattern[star+1:keyEnd]...)
	x := c.Lock(key)
	defer x.Unlock()
	if !x.Found() {
		c.readMiss(key)
		return nil, false
	}
	c.stats.hits++
	if field != nil {
		if x.Kind() != engine.KindHash {
			return nil, false
		}
		b, _ := collBytes(x, nil)
		v, ok := hashFind(b, field)
		if !ok {
			return nil, false
		}
		return bytes.Clone(v), true
	}
	if x.Kind() != engine.KindString {
		return nil, false
	}
	return x.Value().AppendTo(nil), true
}

// sortScore parses a value SORT sorts numerically, as strtod must: the
// whole of it, no NaN, no overflow.
func sortScore(b []byte) (float64, bool) {
	v, ok := strtod(b)
	if !ok || math.IsNaN(v) {
		return 0, false
	}
	if math.IsInf(v, 0) {
		t := strings.ToLower(strings.TrimLeft(string(b), " \t\n\v\f\r+-"))
		if t != "inf" && t != "infinity" {
			return 0, false // overflow: ERANGE
		}
	}
	return v, true
}
