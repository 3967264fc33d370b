package redisext

import (
	"math"
	"math/rand/v2"
	"strconv"
	"sync"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// The hash commands (Redis's t_hash.c), over the encoding of hash.go.

// hashCommands are the Hash commands (Redis's "hash" group).
var hashCommands = []*Command{
	{Name: "hset", Arity: -4, Flags: Write | DenyOOM | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHset, Since: "2.0.0", Summary: "Set the string value of a hash field"},
	{Name: "hsetnx", Arity: 4, Flags: Write | DenyOOM | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHsetnx, Since: "2.0.0", Summary: "Set the value of a hash field, only if the field does not exist"},
	{Name: "hmset", Arity: -4, Flags: Write | DenyOOM | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHmset, Since: "2.0.0", Summary: "Set multiple hash fields to multiple values"},
	{Name: "hget", Arity: 3, Flags: ReadOnly | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHget, Since: "2.0.0", Summary: "Get the value of a hash field"},
	{Name: "hmget", Arity: -3, Flags: ReadOnly | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHmget, Since: "2.0.0", Summary: "Get the values of all the given hash fields"},
	{Name: "hdel", Arity: -3, Flags: Write | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHdel, Since: "2.0.0", Summary: "Delete one or more hash fields"},
	{Name: "hlen", Arity: 2, Flags: ReadOnly | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHlen, Since: "2.0.0", Summary: "Get the number of fields in a hash"},
	{Name: "hstrlen", Arity: 3, Flags: ReadOnly | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHstrlen, Since: "3.2.0", Summary: "Get the length of the value of a hash field"},
	{Name: "hexists", Arity: 3, Flags: ReadOnly | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHexists, Since: "2.0.0", Summary: "Determine if a hash field exists"},
	{Name: "hkeys", Arity: 2, Flags: ReadOnly, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHkeys, Since: "2.0.0", Summary: "Get all the fields in a hash"},
	{Name: "hvals", Arity: 2, Flags: ReadOnly, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHvals, Since: "2.0.0", Summary: "Get all the values in a hash"},
	{Name: "hgetall", Arity: 2, Flags: ReadOnly, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHgetall, Since: "2.0.0", Summary: "Get all the fields and values in a hash"},
	{Name: "hincrby", Arity: 4, Flags: Write | DenyOOM | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHincrby, Since: "2.0.0", Summary: "Increment the integer value of a hash field by the given number"},
	{Name: "hincrbyfloat", Arity: 4, Flags: Write | DenyOOM | Fast, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHincrbyfloat, Since: "2.6.0", Summary: "Increment the float value of a hash field by the given amount"},
	{Name: "hrandfield", Arity: -2, Flags: ReadOnly, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHrandfield, Since: "6.2.0", Summary: "Get one or multiple random fields from a hash"},
	{Name: "hscan", Arity: -3, Flags: ReadOnly, Group: GroupHash, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdHscan, Since: "2.8.0", Summary: "Incrementally iterate hash fields and associated values"},
}

// lookupHash locks key and returns its hash encoding (nil if missing), as
// lookupColl; read says whether the command reads. On ok false the reply
// is sent and the item is unlocked.
func (c *Ctx) lookupHash(key []byte, read bool) (x *engine.Item, b []byte, ok bool) {
	x = c.Lock(key)
	if b, ok = c.lookupColl(x, engine.KindHash, read); !ok {
		x.Unlock()
		return nil, nil, false
	}
	return x, b, true
}

// wasHT reports whether x is a hash already marked as a hash table.
func wasHT(x *engine.Item) bool { return x.Found() && x.Flags()&hashFlagHT != 0 }

// HSET key field value [field value ...]
func cmdHset(c *Ctx) { c.hsetGeneric(false) }

// HMSET key field value [field value ...]
func cmdHmset(c *Ctx) { c.hsetGeneric(true) }

// hsetGeneric is Redis's hsetCommand: HSET replies the number of fields
// added, HMSET OK.
func (c *Ctx) hsetGeneric(hmset bool) {
	if len(c.Args)%2 == 1 {
		c.WrongArgs()
		return
	}
	key := c.Args[1]
	x, b, ok := c.lookupHash(key, false)
	if !ok {
		return
	}
	defer x.Unlock()
	maxLen := 0
	for _, a := range c.Args[2:] {
		maxLen = max(maxLen, len(a))
	}
	s := newArgSet(c.Args, 2, 2, (len(c.Args)-2)/2)
	out, created := hashSetPairs(c.collOut[:0], b, s)
	s.put()
	c.collOut = out
	if msg := hashStore(x, out, wasHT(x) || hashTooBig(hashLen(out), maxLen)); msg != "" {
		c.Err(msg)
		return
	}
	c.notifyNew(b != nil, key)
	c.Notify('h', "hset", key)
	if hmset {
		c.OK()
	} else {
		c.Int(int64(created))
	}
}

// hashSetPairs appends to dst hash b with the field/value pairs of s set
// (s indexes the fields; each value follows its field in s.args): fields
// already there keep their place, new ones are appended in the order of
// their first mention, and a field named twice gets its last value, as
// setting the pairs one after the other would. It returns the encoding
// and the number of fields added.
func hashSetPairs(dst, b []byte, s *argSet) ([]byte, int) {
	// aux[i], for the first mention i of a field: the ordinal of its last
	// mention, made negative (-1-last) once the field is found in b.
	for i := 0; i < s.n; i++ {
		s.aux[i] = int32(i)
	}
	for i := 0; i < s.n; i++ {
		s.aux[s.dup[i]] = int32(i)
	}
	value := func(i int32) []byte { return s.args[s.first+int(i)*s.stride+1] }
	start := len(dst)
	dst = appendPackedHdr(dst, 0)
	n := 0
	it := newPackedIter(b)
	for f, ok := it.next(); ok; f, ok = it.next() {
		v, _ := it.next()
		if j := s.find(f); j >= 0 {
			v = value(s.aux[j])
			s.aux[j] = -1 - s.aux[j]
		}
		dst = appendEntry(appendEntry(dst, f), v)
		n += 2
	}
	created := 0
	for i := 0; i < s.n; i++ {
		if int(s.dup[i]) == i && s.aux[i] >= 0 {
			dst = appendEntry(appendEntry(dst, s.arg(i)), value(s.aux[i]))
			n += 2
			created++
		}
	}
	setPackedCount(dst[start:], n)
	return dst, created
}

// hashSetOne appends to dst hash b with field set to val: in place if
// the field is there, else at the end.
func hashSetOne(dst, b, field, val []byte) []byte {
	start := len(dst)
	dst = appendPackedHdr(dst, 0)
	n := 0
	found := false
	it := newPackedIter(b)
	for f, ok := it.next(); ok; f, ok = it.next() {
		v, _ := it.next()
		if !found && string(f) == string(field) {
			v, found = val, true
		}
		dst = appendEntry(appendEntry(dst, f), v)
		n += 2
	}
	if !found {
		dst = appendEntry(appendEntry(dst, field), val)
		n += 2
	}
	setPackedCount(dst[start:], n)
	return dst
}

// HSETNX key field value
func cmdHsetnx(c *Ctx) {
	key, field, val := c.Args[1], c.Args[2], c.Args[3]
	x, b, ok := c.lookupHash(key, false)
	if !ok {
		return
	}
	defer x.Unlock()
	if _, found := hashFind(b, field); found {
		c.Int(0)
		return
	}
	c.collOut = hashSetOne(c.collOut[:0], b, field, val)
	ht := wasHT(x) || hashTooBig(hashLen(c.collOut), max(len(field), len(val)))
	if msg := hashStore(x, c.collOut, ht); msg != "" {
		c.Err(msg)
		return
	}
	c.notifyNew(b != nil, key)
	c.Notify('h', "hset", key)
	c.Int(1)
}

// HGET key field
func cmdHget(c *Ctx) {
	x, b, ok := c.lookupHash(c.Args[1], true)
	if !ok {
		return
	}
	defer x.Unlock()
	if v, found := hashFind(b, c.Args[2]); found {
		c.Bulk(v)
	} else {
		c.Null()
	}
}

// HMGET key field [field ...]
func cmdHmget(c *Ctx) {
	x, b, ok := c.lookupHash(c.Args[1], true)
	if !ok {
		return
	}
	defer x.Unlock()
	fields := c.Args[2:]
	c.Array(len(fields))
	if len(fields) <= linearMax || b == nil {
		for _, f := range fields {
			if v, found := hashFind(b, f); found {
				c.Bulk(v)
			} else {
				c.Null()
			}
		}
		return
	}
	// Many fields: one walk of the hash notes where each named field's
	// value starts (aux: offset in b, or -1).
	s := newArgSet(c.Args, 2, 1, len(fields))
	defer s.put()
	for i := range s.aux {
		s.aux[i] = -1
	}
	it := newPackedIter(b)
	for f, ok := it.next(); ok; f, ok = it.next() {
		voff := it.off
		it.next()
		if j := s.find(f); j >= 0 {
			s.aux[j] = int32(voff)
		}
	}
	for i := range fields {
		if off := s.aux[s.dup[i]]; off >= 0 {
			v, _ := packedNext(b, int(off))
			c.Bulk(v)
		} else {
			c.Null()
		}
	}
}

// HDEL key field [field ...]
func cmdHdel(c *Ctx) {
	key := c.Args[1]
	x, b, ok := c.lookupHash(key, false)
	if !ok {
		return
	}
	defer x.Unlock()
	if b == nil {
		c.Int(0)
		return
	}
	s := newArgSet(c.Args, 2, 1, len(c.Args)-2)
	dst := appendPackedHdr(c.collOut[:0], 0)
	n, deleted := 0, 0
	it := newPackedIter(b)
	for f, ok := it.next(); ok; f, ok = it.next() {
		v, _ := it.next()
		if s.find(f) >= 0 {
			deleted++
			continue
		}
		dst = appendEntry(appendEntry(dst, f), v)
		n += 2
	}
	s.put()
	setPackedCount(dst, n)
	c.collOut = dst
	if deleted == 0 {
		c.Int(0)
		return
	}
	if msg := hashStore(x, dst, wasHT(x)); msg != "" {
		c.Err(msg)
		return
	}
	c.Notify('h', "hdel", key)
	if n == 0 {
		c.Notify('g', "del", key)
	}
	c.Int(int64(deleted))
}

// HLEN key
func cmdHlen(c *Ctx) {
	x, b, ok := c.lookupHash(c.Args[1], true)
	if !ok {
		return
	}
	defer x.Unlock()
	c.Int(int64(hashLen(b)))
}

// HSTRLEN key field
func cmdHstrlen(c *Ctx) {
	x, b, ok := c.lookupHash(c.Args[1], true)
	if !ok {
		return
	}
	defer x.Unlock()
	v, _ := hashFind(b, c.Args[2])
	c.Int(int64(len(v)))
}

// HEXISTS key field
func cmdHexists(c *Ctx) {
	x, b, ok := c.lookupHash(c.Args[1], true)
	if !ok {
		return
	}
	defer x.Unlock()
	if _, found := hashFind(b, c.Args[2]); found {
		c.Int(1)
	} else {
		c.Int(0)
	}
}

// HKEYS key
func cmdHkeys(c *Ctx) { c.hgetallGeneric(true, false) }

// HVALS key
func cmdHvals(c *Ctx) { c.hgetallGeneric(false, true) }

// HGETALL key
func cmdHgetall(c *Ctx) { c.hgetallGeneric(true, true) }

// hgetallGeneric is Redis's genericHgetallCommand: fields and values
// reply a map, either alone an array.
func (c *Ctx) hgetallGeneric(fields, values bool) {
	x, b, ok := c.lookupHash(c.Args[1], true)
	if !ok {
		return
	}
	defer x.Unlock()
	if fields && values {
		c.Map(hashLen(b))
	} else {
		c.Array(hashLen(b))
	}
	it := newPackedIter(b)
	for f, ok := it.next(); ok; f, ok = it.next() {
		v, _ := it.next()
		if fields {
			c.Bulk(f)
		}
		if values {
			c.Bulk(v)
		}
	}
}

// HINCRBY key field increment
func cmdHincrby(c *Ctx) {
	incr, ok := resp.ParseInt(c.Args[3])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	key, field := c.Args[1], c.Args[2]
	x, b, ok := c.lookupHash(key, false)
	if !ok {
		return
	}
	defer x.Unlock()
	var value int64
	if v, found := hashFind(b, field); found {
		if value, ok = resp.ParseInt(v); !ok {
			c.Err("ERR hash value is not an integer")
			return
		}
	}
	if (incr < 0 && value < 0 && incr < math.MinInt64-value) || (incr > 0 && value > 0 && incr > math.MaxInt64-value) {
		c.Err(ErrOverflow)
		return
	}
	value += incr
	var num [20]byte
	nb := strconv.AppendInt(num[:0], value, 10)
	if !c.hashSetField(x, b, field, nb) {
		return
	}
	c.Notify('h', "hincrby", key)
	c.Int(value)
}

// hashSetField stores hash b (of item x) with field set to val, keeping
// or earning the hash-table mark, and sends "new" for a new key. It
// replies the error and reports false on failure.
func (c *Ctx) hashSetField(x *engine.Item, b, field, val []byte) bool {
	c.collOut = hashSetOne(c.collOut[:0], b, field, val)
	ht := wasHT(x) || hashTooBig(hashLen(c.collOut), max(len(field), len(val)))
	if msg := hashStore(x, c.collOut, ht); msg != "" {
		c.Err(msg)
		return false
	}
	c.notifyNew(b != nil, x.Key())
	return true
}

// HINCRBYFLOAT key field increment
func cmdHincrbyfloat(c *Ctx) {
	incr, ok := resp.ParseLongDouble(c.Args[3])
	if !ok {
		c.Err(ErrNotFloat)
		return
	}
	if !incr.IsFinite() {
		c.Err("ERR value is NaN or Infinity")
		return
	}
	key, field := c.Args[1], c.Args[2]
	x, b, ok := c.lookupHash(key, false)
	if !ok {
		return
	}
	defer x.Unlock()
	var value resp.LongDouble
	if v, found := hashFind(b, field); found {
		if value, ok = resp.ParseLongDouble(v); !ok {
			c.Err("ERR hash value is not a float")
			return
		}
	}
	value = value.Add(incr)
	if !value.IsFinite() {
		c.Err("ERR increment would produce NaN or Infinity")
		return
	}
	nb := value.AppendHuman(c.Scratch[:0])
	c.Scratch = nb[:0]
	if !c.hashSetField(x, b, field, nb) {
		return
	}
	c.Notify('h', "hincrbyfloat", key)
	c.Bulk(nb)
}

// hrandMaxReply bounds HRANDFIELD's reply with a negative count: Redis
// would build any size (-9223372036854775807 is accepted) until it runs
// out of memory; Corvid stops past this many bytes and closes the
// connection, as Redis does to a client past its output buffer limit.
const hrandMaxReply = 256 << 20

// offsPool holds the pair offsets HRANDFIELD with a negative count picks
// from.
var offsPool = sync.Pool{New: func() any { return new([]int32) }}

// HRANDFIELD key [count [WITHVALUES]]
func cmdHrandfield(c *Ctx) {
	if len(c.Args) >= 3 {
		l, ok := resp.ParseInt(c.Args[2])
		if !ok {
			c.Err(ErrNotInteger)
			return
		}
		if l == math.MinInt64 {
			c.Err("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807")
			return
		}
		withValues := false
		if len(c.Args) > 4 || (len(c.Args) == 4 && !eqFold(c.Args[3], "WITHVALUES")) {
			c.Err(ErrSyntax)
			return
		}
		if len(c.Args) == 4 {
			withValues = true
			if l < -math.MaxInt64/2 || l > math.MaxInt64/2 {
				c.Err("ERR value is out of range")
				return
			}
		}
		c.hrandfieldCount(l, withValues)
		return
	}
	x, b, ok := c.lookupHash(c.Args[1], true)
	if !ok {
		return
	}
	defer x.Unlock()
	if b == nil {
		c.Null()
		return
	}
	i := rand.IntN(hashLen(b))
	it := newPackedIter(b)
	for ; i > 0; i-- {
		it.next()
		it.next()
	}
	f, _ := it.next()
	c.Bulk(f)
}

// hrandfieldCount is Redis's hrandfieldWithCountCommand: a negative count
// picks that many fields independently, a positive one that many
// distinct fields (all of them if there are not more), in the hash's
// order. RESP3 nests each field/value pair in an array, RESP2 flattens.
func (c *Ctx) hrandfieldCount(l int64, withValues bool) {
	x, b, ok := c.lookupHash(c.Args[1], true)
	if !ok {
		return
	}
	defer x.Unlock()
	if b == nil || l == 0 {
		c.Array(0)
		return
	}
	size := hashLen(b)
	count, uniq := uint64(l), true
	if l < 0 {
		count, uniq = uint64(-l), false
	}
	nested := withValues && c.Client.Proto > 2
	header := func(n uint64) {
		if withValues && !nested {
			n *= 2
		}
		c.Out = append(c.Out, '*')
		c.Out = strconv.AppendUint(c.Out, n, 10)
		c.Out = append(c.Out, '\r', '\n')
	}
	pair := func(off int) {
		f, next := packedNext(b, off)
		if nested {
			c.Array(2)
		}
		c.Bulk(f)
		if withValues {
			v, _ := packedNext(b, next)
			c.Bulk(v)
		}
	}
	if !uniq || count == 1 {
		header(count)
		op := offsPool.Get().(*[]int32)
		offs := (*op)[:0]
		for off := packedStart(); off < len(b); {
			offs = append(offs, int32(off))
			_, off = packedNext(b, off)
			_, off = packedNext(b, off)
		}
		start := len(c.Out)
		for ; count > 0; count-- {
			pair(int(offs[rand.IntN(size)]))
			if len(c.Out)-start > hrandMaxReply {
				c.Close()
				break
			}
		}
		if cap(offs) <= 1<<16 {
			*op = offs[:0]
			offsPool.Put(op)
		}
		return
	}
	if count >= uint64(size) {
		header(uint64(size))
		for off := packedStart(); off < len(b); {
			pair(off)
			_, off = packedNext(b, off)
			_, off = packedNext(b, off)
		}
		return
	}
	// count distinct fields out of size: selection sampling (Knuth's
	// algorithm S), one walk, in the hash's order.
	header(count)
	need := int(count)
	for i, off := 0, packedStart(); need > 0; i++ {
		if rand.IntN(size-i) < need {
			pair(off)
			need--
		}
		_, off = packedNext(b, off)
		_, off = packedNext(b, off)
	}
}

// HSCAN key cursor [MATCH pattern] [COUNT count]
//
// Like Redis for a listpack-encoded hash, it returns every pair at once,
// with cursor 0, whatever the cursor given. (A hash is one item, at most
// the engine's item size, so the reply is bounded.)
func cmdHscan(c *Ctx) {
	if _, ok := parseCursor(c.Args[2]); !ok {
		c.Err("ERR invalid cursor")
		return
	}
	x, b, ok := c.lookupHash(c.Args[1], true)
	if !ok {
		return
	}
	defer x.Unlock()
	c.scanPacked(b, 2)
}
