package redisext

import (
	"bytes"
	"encoding/binary"
	"math"
	"slices"
)

// A sorted set is the shared collection encoding (coll.go) holding, for
// each element, its member entry then its score entry, the elements in
// ascending (score, member bytes) order, as Redis's listpack and skiplist
// keep them. The score entry is 8 bytes: the float64's IEEE bits, little
// endian. The entry count is twice the cardinality. Nothing here knows
// the protocol: these are the encoding's helpers, tested on their own.

const zsetScoreSize = 8

// zent is one element of a decoded sorted set. m aliases the encoding (or
// a command argument): a zent lives only as long as one command.
type zent struct {
	m []byte
	s float64
}

// zsetLen returns the cardinality of encoding b (nil: 0).
func zsetLen(b []byte) int { return packedCount(b) / 2 }

// zsetIter walks the elements of an encoding in order.
type zsetIter struct{ it packedIter }

func newZsetIter(b []byte) zsetIter {
	if b == nil {
		return zsetIter{}
	}
	return zsetIter{newPackedIter(b)}
}

// next returns the next element, or ok false at the end.
func (z *zsetIter) next() (m []byte, s float64, ok bool) {
	m, ok = z.it.next()
	if !ok {
		return nil, 0, false
	}
	sb, _ := z.it.next()
	return m, zsetScore(sb), true
}

func zsetScore(sb []byte) float64 {
	if len(sb) != zsetScoreSize {
		panic("BUG: zset score entry of wrong size")
	}
	return math.Float64frombits(binary.LittleEndian.Uint64(sb))
}

// zsetDecode appends the elements of b to dst, in order.
func zsetDecode(b []byte, dst []zent) []zent {
	it := newZsetIter(b)
	for {
		m, s, ok := it.next()
		if !ok {
			return dst
		}
		dst = append(dst, zent{m, s})
	}
}

// zsetFind returns member's score and rank in b.
func zsetFind(b, member []byte) (score float64, rank int, ok bool) {
	it := newZsetIter(b)
	for i := 0; ; i++ {
		m, s, more := it.next()
		if !more {
			return 0, 0, false
		}
		if bytes.Equal(m, member) {
			return s, i, true
		}
	}
}

// appendZsetElem appends one element (member entry, score entry). A
// score of -0 is stored as 0, as Redis's listpack stores it (d2string).
func appendZsetElem(dst, m []byte, s float64) []byte {
	if s == 0 {
		s = 0
	}
	dst = appendEntry(dst, m)
	dst = append(dst, zsetScoreSize)
	return binary.LittleEndian.AppendUint64(dst, math.Float64bits(s))
}

// zentCmp orders elements as a sorted set does: by score, then member.
func zentCmp(a, b zent) int {
	switch {
	case a.s < b.s:
		return -1
	case a.s > b.s:
		return 1
	}
	return bytes.Compare(a.m, b.m)
}

// zsetEncode appends to dst the encoding of ents, which must be sorted by
// zentCmp and hold distinct members.
func zsetEncode(dst []byte, ents []zent) []byte {
	dst = appendPackedHdr(dst, 2*len(ents))
	for _, e := range ents {
		dst = appendZsetElem(dst, e.m, e.s)
	}
	return dst
}

// zsetMerge appends to dst the encoding of the live elements of old
// (sorted; an element whose score is NaN, which no stored score is, has
// been removed) merged with add (sorted, members not among old's live
// ones).
func zsetMerge(dst []byte, old, add []zent) []byte {
	n := len(add)
	for _, e := range old {
		if !math.IsNaN(e.s) {
			n++
		}
	}
	dst = appendPackedHdr(dst, 2*n)
	i, j := 0, 0
	for i < len(old) || j < len(add) {
		if i < len(old) && math.IsNaN(old[i].s) {
			i++
			continue
		}
		if j == len(add) || (i < len(old) && zentCmp(old[i], add[j]) < 0) {
			dst = appendZsetElem(dst, old[i].m, old[i].s)
			i++
		} else {
			dst = appendZsetElem(dst, add[j].m, add[j].s)
			j++
		}
	}
	return dst
}

// sortZents sorts ents by zentCmp.
func sortZents(ents []zent) { slices.SortFunc(ents, zentCmp) }

// zrangeSpec is a score interval (Redis's zrangespec): min and max, each
// exclusive or not.
type zrangeSpec struct {
	min, max     float64
	minex, maxex bool
}

func (r *zrangeSpec) gteMin(s float64) bool {
	if r.minex {
		return s > r.min
	}
	return s >= r.min
}

func (r *zrangeSpec) lteMax(s float64) bool {
	if r.maxex {
		return s < r.max
	}
	return s <= r.max
}

// empty reports whether no score can be in the interval.
func (r *zrangeSpec) empty() bool {
	return r.min > r.max || (r.min == r.max && (r.minex || r.maxex))
}

// parseScoreBound parses one end of a score interval as Redis's
// zslParseRange: an optional '(' for exclusive, then a number as C's
// strtod reads it, which must use the whole argument and not be NaN.
func parseScoreBound(b []byte) (v float64, ex, ok bool) {
	if len(b) > 0 && b[0] == '(' {
		b, ex = b[1:], true
	}
	v, ok = strtod(b)
	return v, ex, ok
}

// lexBound is one end of a lex interval: -inf ("-"), +inf ("+") or a
// string, inclusive or not.
type lexBound struct {
	inf int // -1: "-", 1: "+", 0: s
	s   []byte
	ex  bool
}

// zlexSpec is a lex interval (Redis's zlexrangespec).
type zlexSpec struct{ min, max lexBound }

// parseLexBound parses "-", "+", "(str" or "[str".
func parseLexBound(b []byte) (lexBound, bool) {
	if len(b) == 0 {
		return lexBound{}, false
	}
	switch b[0] {
	case '+', '-':
		if len(b) != 1 {
			return lexBound{}, false
		}
		if b[0] == '+' {
			return lexBound{inf: 1, ex: true}, true
		}
		return lexBound{inf: -1, ex: true}, true
	case '(':
		return lexBound{s: b[1:], ex: true}, true
	case '[':
		return lexBound{s: b[1:]}, true
	}
	return lexBound{}, false
}

// lexCmp compares bounds (or a bound and a member, as a bound with inf 0)
// as Redis's sdscmplex: "-" is below and "+" above every string, and each
// equals itself.
func lexCmp(a, b lexBound) int {
	if a.inf == b.inf && a.inf != 0 {
		return 0
	}
	if a.inf == -1 || b.inf == 1 {
		return -1
	}
	if a.inf == 1 || b.inf == -1 {
		return 1
	}
	return bytes.Compare(a.s, b.s)
}

func (r *zlexSpec) gteMin(m []byte) bool {
	c := lexCmp(lexBound{s: m}, r.min)
	if r.min.ex {
		return c > 0
	}
	return c >= 0
}

func (r *zlexSpec) lteMax(m []byte) bool {
	c := lexCmp(lexBound{s: m}, r.max)
	if r.max.ex {
		return c < 0
	}
	return c <= 0
}

func (r *zlexSpec) empty() bool {
	c := lexCmp(r.min, r.max)
	return c > 0 || (c == 0 && (r.min.ex || r.max.ex))
}

// zsetScoreSpan returns the half-open span [lo, hi) of the elements of
// ents (sorted) whose scores lie in r.
func zsetScoreSpan(ents []zent, r *zrangeSpec) (lo, hi int) {
	if r.empty() || len(ents) == 0 {
		return 0, 0
	}
	lo = len(ents)
	for i := range ents {
		if r.gteMin(ents[i].s) {
			lo = i
			break
		}
	}
	hi = lo
	for hi < len(ents) && r.lteMax(ents[hi].s) {
		hi++
	}
	return lo, hi
}

// zsetLexSpan returns the span of the elements of ents in r as Redis's
// listpack walk finds it: nothing unless the last element is at least min
// and the first at most max; then from the first element at least min,
// forward while at most max. (Lex ranges assume equal scores; with mixed
// scores this reproduces Redis's listpack answer.)
func zsetLexSpan(ents []zent, r *zlexSpec) (lo, hi int) {
	if r.empty() || len(ents) == 0 || !r.gteMin(ents[len(ents)-1].m) || !r.lteMax(ents[0].m) {
		return 0, 0
	}
	lo = len(ents)
	for i := range ents {
		if r.gteMin(ents[i].m) {
			lo = i
			break
		}
	}
	hi = lo
	for hi < len(ents) && r.lteMax(ents[hi].m) {
		hi++
	}
	return lo, hi
}

// zsetLexSpanRev is the reverse walk's span: from the last element at most
// max, backward while at least min. It returns [lo, hi) with hi the start
// of the walk + 1.
func zsetLexSpanRev(ents []zent, r *zlexSpec) (lo, hi int) {
	if r.empty() || len(ents) == 0 || !r.gteMin(ents[len(ents)-1].m) || !r.lteMax(ents[0].m) {
		return 0, 0
	}
	hi = 0
	for i := len(ents) - 1; i >= 0; i-- {
		if r.lteMax(ents[i].m) {
			hi = i + 1
			break
		}
	}
	lo = hi
	for lo > 0 && r.gteMin(ents[lo-1].m) {
		lo--
	}
	return lo, hi
}

// zsetDead marks a decoded element removed, for zsetMerge.
func zsetDead(e *zent) { e.s = math.NaN() }

// zsetFinder finds members among decoded elements: by a linear scan for a
// few lookups, else by binary search over an index sorted by member.
type zsetFinder struct {
	ents []zent
	by   []int32
}

// newZsetFinder prepares lookups of queries members in ents; idx is
// storage to reuse for the index, returned grown in f.by.
func newZsetFinder(ents []zent, queries int, idx []int32) zsetFinder {
	f := zsetFinder{ents: ents}
	if queries > 4 && len(ents) > 16 {
		idx = idx[:0]
		for i := range ents {
			idx = append(idx, int32(i))
		}
		slices.SortFunc(idx, func(p, q int32) int { return bytes.Compare(ents[p].m, ents[q].m) })
		f.by = idx
	}
	return f
}

// find returns the index of member m in f.ents, or -1.
func (f *zsetFinder) find(m []byte) int {
	if f.by != nil {
		i, ok := slices.BinarySearchFunc(f.by, m, func(p int32, m []byte) int { return bytes.Compare(f.ents[p].m, m) })
		if ok {
			return int(f.by[i])
		}
		return -1
	}
	for i := range f.ents {
		if bytes.Equal(f.ents[i].m, m) {
			return i
		}
	}
	return -1
}
