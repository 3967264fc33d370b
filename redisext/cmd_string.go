package redisext

import (
	"strconv"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// The string commands (Redis's t_string.c). Values are the engine's plain
// items: a memcached "set" is a string here and a Redis SET is a memcached
// item with flags 0. Reads never rewrite an item, so memcached's flags and
// CAS survive them; APPEND, SETRANGE and the INCR family keep the flags and
// the expiry, as memcached's append and incr do.

var stringCommands = []*Command{
	{Name: "get", Arity: 2, Flags: ReadOnly | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdGet, Since: "1.0.0", Summary: "Get the value of a key"},
	{Name: "set", Arity: -3, Flags: Write | DenyOOM, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSet, Since: "1.0.0", Summary: "Set the string value of a key"},
	{Name: "getex", Arity: -2, Flags: Write | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdGetex, Since: "6.2.0", Summary: "Get the value of a key and optionally set its expiration"},
	{Name: "getdel", Arity: 2, Flags: Write | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdGetdel, Since: "6.2.0", Summary: "Get the value of a key and delete the key"},
	{Name: "getset", Arity: 3, Flags: Write | DenyOOM | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdGetset, Since: "1.0.0", Summary: "Set the string value of a key and return its old value"},
	{Name: "mget", Arity: -2, Flags: ReadOnly | Fast, Group: GroupString, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdMget, Since: "1.0.0", Summary: "Get the values of all the given keys"},
	{Name: "mset", Arity: -3, Flags: Write | DenyOOM, Group: GroupString, FirstKey: 1, LastKey: -1, Step: 2, Handler: cmdMset, Since: "1.0.1", Summary: "Set multiple keys to multiple values"},
	{Name: "msetnx", Arity: -3, Flags: Write | DenyOOM, Group: GroupString, FirstKey: 1, LastKey: -1, Step: 2, Handler: cmdMsetnx, Since: "1.0.1", Summary: "Set multiple keys to multiple values, only if none of the keys exist"},
	{Name: "setnx", Arity: 3, Flags: Write | DenyOOM | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSetnx, Since: "1.0.0", Summary: "Set the value of a key, only if the key does not exist"},
	{Name: "setex", Arity: 4, Flags: Write | DenyOOM, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSetex, Since: "2.0.0", Summary: "Set the value and expiration of a key"},
	{Name: "psetex", Arity: 4, Flags: Write | DenyOOM, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdPsetex, Since: "2.6.0", Summary: "Set the value and expiration in milliseconds of a key"},
	{Name: "incr", Arity: 2, Flags: Write | DenyOOM | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdIncr, Since: "1.0.0", Summary: "Increment the integer value of a key by one"},
	{Name: "decr", Arity: 2, Flags: Write | DenyOOM | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdDecr, Since: "1.0.0", Summary: "Decrement the integer value of a key by one"},
	{Name: "incrby", Arity: 3, Flags: Write | DenyOOM | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdIncrby, Since: "1.0.0", Summary: "Increment the integer value of a key by the given amount"},
	{Name: "decrby", Arity: 3, Flags: Write | DenyOOM | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdDecrby, Since: "1.0.0", Summary: "Decrement the integer value of a key by the given number"},
	{Name: "incrbyfloat", Arity: 3, Flags: Write | DenyOOM | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdIncrbyfloat, Since: "2.6.0", Summary: "Increment the float value of a key by the given amount"},
	{Name: "append", Arity: 3, Flags: Write | DenyOOM | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdAppend, Since: "2.0.0", Summary: "Append a value to a key"},
	{Name: "strlen", Arity: 2, Flags: ReadOnly | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdStrlen, Since: "2.2.0", Summary: "Get the length of the value stored in a key"},
	{Name: "getrange", Arity: 4, Flags: ReadOnly, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdGetrange, Since: "2.4.0", Summary: "Get a substring of the string stored at a key"},
	{Name: "substr", Arity: 4, Flags: ReadOnly, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdGetrange, Since: "1.0.0", Summary: "Get a substring of the string stored at a key"},
	{Name: "setrange", Arity: 4, Flags: Write | DenyOOM, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSetrange, Since: "2.2.0", Summary: "Overwrite part of a string at key starting at the specified offset"},
	{Name: "lcs", Arity: -3, Flags: ReadOnly, Group: GroupString, FirstKey: 1, LastKey: 2, Step: 1, Handler: cmdLcs, Since: "7.0.0", Summary: "Find longest common substring"},
}

// Options of SET and GETEX (t_string.c's OBJ_* flags).
const (
	optNX = 1 << iota
	optXX
	optEX
	optPX
	optKeepTTL
	optGet
	optEXAT
	optPXAT
	optPersist
)

// maxExpireMs is the largest expiry the engine stores (48-bit Unix ms,
// about year 10889); later times are capped to it.
const maxExpireMs = 1<<48 - 1

func capExpire(ms int64) int64 { return min(ms, maxExpireMs) }

// eqFold reports whether b equals the upper-case ASCII word w, ignoring case.
func eqFold(b []byte, w string) bool {
	if len(b) != len(w) {
		return false
	}
	for i := range b {
		ch := b[i]
		if 'a' <= ch && ch <= 'z' {
			ch -= 'a' - 'A'
		}
		if ch != w[i] {
			return false
		}
	}
	return true
}

// parseStringOpts parses the options of SET (set) or GETEX (!set) from
// c.Args[start:] as Redis's parseExtendedStringArgumentsOrReply: a repeated
// EX (or PX...) is allowed and the last one counts, two different expiry
// kinds, KEEPTTL with an expiry, NX with XX, or an option of the other
// command are syntax errors. It returns the flags and the raw expiry
// argument (nil if none); the expiry is not parsed yet (Redis checks it
// later, and GETEX only once the key is found).
func (c *Ctx) parseStringOpts(start int, set bool) (flags int, expire []byte, ok bool) {
	for j := start; j < len(c.Args); j++ {
		a := c.Args[j]
		next := j+1 < len(c.Args)
		switch {
		case set && eqFold(a, "NX") && flags&optXX == 0:
			flags |= optNX
		case set && eqFold(a, "XX") && flags&optNX == 0:
			flags |= optXX
		case set && eqFold(a, "GET"):
			flags |= optGet
		case set && eqFold(a, "KEEPTTL") && flags&(optPersist|optEX|optEXAT|optPX|optPXAT) == 0:
			flags |= optKeepTTL
		case !set && eqFold(a, "PERSIST") && flags&(optEX|optEXAT|optPX|optPXAT|optKeepTTL) == 0:
			flags |= optPersist
		case eqFold(a, "EX") && next && flags&(optKeepTTL|optPersist|optEXAT|optPX|optPXAT) == 0:
			flags |= optEX
			expire = c.Args[j+1]
			j++
		case eqFold(a, "PX") && next && flags&(optKeepTTL|optPersist|optEX|optEXAT|optPXAT) == 0:
			flags |= optPX
			expire = c.Args[j+1]
			j++
		case eqFold(a, "EXAT") && next && flags&(optKeepTTL|optPersist|optEX|optPX|optPXAT) == 0:
			flags |= optEXAT
			expire = c.Args[j+1]
			j++
		case eqFold(a, "PXAT") && next && flags&(optKeepTTL|optPersist|optEX|optEXAT|optPX) == 0:
			flags |= optPXAT
			expire = c.Args[j+1]
			j++
		default:
			c.Err(ErrSyntax)
			return 0, nil, false
		}
	}
	return flags, expire, true
}

// expireTimeErr replies Redis's "invalid expire time" error for the
// running command.
func (c *Ctx) expireTimeErr() {
	c.Err("ERR invalid expire time in '" + c.Cmd.FullName + "' command")
}

// expireMillis turns the argument of EX/PX/EXAT/PXAT (SETEX, PSETEX) into
// an absolute Unix ms time as Redis's getExpireMillisecondsOrReply: it must
// be a positive integer; seconds are multiplied by 1000 (refusing an
// overflow), and relative times get the current time added (refusing a
// wrap-around).
func (c *Ctx) expireMillis(b []byte, flags int) (int64, bool) {
	n, ok := resp.ParseInt(b)
	if !ok {
		c.Err(ErrNotInteger)
		return 0, false
	}
	seconds := flags&(optPX|optPXAT) == 0
	if n <= 0 || (seconds && n > (1<<63-1)/1000) {
		c.expireTimeErr()
		return 0, false
	}
	if seconds {
		n *= 1000
	}
	if flags&(optEX|optPX) != 0 {
		n += c.Now() // wraps on overflow, caught below as in Redis
	}
	if n <= 0 {
		c.expireTimeErr()
		return 0, false
	}
	return n, true
}

// readValue is the start of Redis's getGenericCommand on a locked item: a
// missing key replies null and a non-string WRONGTYPE (ok false); else it
// counts a hit and marks the item read. found reports whether a value is
// there to reply.
func (c *Ctx) readValue(x *engine.Item) (found, ok bool) {
	if !x.Found() {
		c.readMiss(x.Key())
		c.Null()
		return false, true
	}
	if x.Kind() != engine.KindString {
		c.stats.hits++
		c.Err(ErrWrongType)
		return false, false
	}
	c.stats.hits++
	x.Hit()
	return true, true
}

// readMiss records a read lookup that found nothing: keyspace_misses, and
// the "keymiss" event (class 'm'), as Redis's lookupKey for reads.
func (c *Ctx) readMiss(key []byte) {
	c.stats.misses++
	c.Notify('m', "keymiss", key)
}

// notifyNew sends the "new" event (class 'n') for a key a write created,
// as Redis's dbAdd, before the command's own event.
func (c *Ctx) notifyNew(existed bool, key []byte) {
	if !existed {
		c.Notify('n', "new", key)
	}
}

// GET key
func cmdGet(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if found, _ := c.readValue(x); found {
		c.Value(x.Value())
	}
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
func cmdSet(c *Ctx) {
	flags, expire, ok := c.parseStringOpts(3, true)
	if !ok {
		return
	}
	c.setGeneric(flags, c.Args[1], c.Args[2], expire, false)
}

// SETNX key value
func cmdSetnx(c *Ctx) { c.setGeneric(optNX, c.Args[1], c.Args[2], nil, true) }

// SETEX key seconds value
func cmdSetex(c *Ctx) { c.setGeneric(optEX, c.Args[1], c.Args[3], c.Args[2], false) }

// PSETEX key milliseconds value
func cmdPsetex(c *Ctx) { c.setGeneric(optPX, c.Args[1], c.Args[3], c.Args[2], false) }

// setGeneric is Redis's setGenericCommand: SET and its variants. intReply
// answers 1/0 (SETNX) instead of OK/null.
func (c *Ctx) setGeneric(flags int, key, val, expire []byte, intReply bool) {
	var when int64
	if expire != nil {
		var ok bool
		if when, ok = c.expireMillis(expire, flags); !ok {
			return
		}
	}
	x := c.Lock(key)
	defer x.Unlock()
	get := flags&optGet != 0
	start := len(c.Out)
	if get {
		found, ok := c.readValue(x)
		if !ok {
			return
		}
		if found {
			c.Value(x.Value())
		}
	}
	found := x.Found()
	if (flags&optNX != 0 && found) || (flags&optXX != 0 && !found) {
		if !get {
			if intReply {
				c.Int(0)
			} else {
				c.Null()
			}
		}
		return
	}
	o := engine.SetOpts{KeepTTL: flags&optKeepTTL != 0}
	if expire != nil {
		o.ExpireAt = capExpire(when)
	}
	if _, err := x.Set(&o, val); err != nil {
		c.Out = c.Out[:start] // drop the old value GET put in the reply
		c.Err(storeError(err))
		return
	}
	c.notifyNew(found, key)
	c.Notify('$', "set", key)
	if expire != nil {
		// A time already past is stored too, as Redis does; the key
		// expires, with its "expired" event, at its next access.
		c.Notify('g', "expire", key)
	}
	if !get {
		if intReply {
			c.Int(1)
		} else {
			c.OK()
		}
	}
}

// GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST]
func cmdGetex(c *Ctx) {
	flags, expire, ok := c.parseStringOpts(2, false)
	if !ok {
		return
	}
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	if found, _ := c.readValue(x); !found {
		return
	}
	var when int64
	if expire != nil {
		if when, ok = c.expireMillis(expire, flags); !ok {
			return
		}
	}
	c.Value(x.Value())
	switch {
	case flags&(optEXAT|optPXAT) != 0 && when <= x.Now():
		x.Delete()
		c.Notify('g', "del", key)
	case expire != nil:
		x.SetExpire(capExpire(when))
		c.Notify('g', "expire", key)
	case flags&optPersist != 0 && x.ExpireAt() != 0:
		x.SetExpire(0)
		c.Notify('g', "persist", key)
	}
}

// GETDEL key
func cmdGetdel(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if found, _ := c.readValue(x); !found {
		return
	}
	c.Value(x.Value())
	x.Delete()
	c.Notify('g', "del", c.Args[1])
}

// GETSET key value
func cmdGetset(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	start := len(c.Out)
	found, ok := c.readValue(x)
	if !ok {
		return
	}
	if found {
		c.Value(x.Value())
	}
	if _, err := x.Set(&engine.SetOpts{}, c.Args[2]); err != nil {
		c.Out = c.Out[:start]
		c.Err(storeError(err))
		return
	}
	c.notifyNew(found, c.Args[1])
	c.Notify('$', "set", c.Args[1])
}

// lockMany locks keys together when there is more than one, so that a
// multi-key command sees and changes them atomically.
func (c *Ctx) lockMany(keys [][]byte) {
	if len(keys) > 1 {
		c.Eng.PrefetchKeys(c.Client.DB, keys) // overlap the keys' cache misses
		c.LockKeys(keys...)
	}
}

// MGET key [key ...]
func cmdMget(c *Ctx) {
	keys := c.Args[1:]
	c.lockMany(keys)
	c.Array(len(keys))
	for _, k := range keys {
		x := c.Lock(k)
		switch {
		case !x.Found():
			c.readMiss(k)
			c.Null()
		case x.Kind() != engine.KindString:
			c.stats.hits++
			c.Null()
		default:
			c.stats.hits++
			x.Hit()
			c.Value(x.Value())
		}
		x.Unlock()
	}
}

// MSET key value [key value ...]
func cmdMset(c *Ctx) { c.msetGeneric(false) }

// MSETNX key value [key value ...]
func cmdMsetnx(c *Ctx) { c.msetGeneric(true) }

func (c *Ctx) msetGeneric(nx bool) {
	if len(c.Args)%2 == 0 {
		c.WrongArgs()
		return
	}
	c.keyBuf = c.keyBuf[:0]
	for j := 1; j < len(c.Args); j += 2 {
		c.keyBuf = append(c.keyBuf, c.Args[j])
		if engine.ItemSize(len(c.Args[j]), len(c.Args[j+1])) > valueLimit(c.Args[j]) {
			// Refuse before writing anything, so MSET stays all or nothing.
			c.Err(ErrTooLarge)
			return
		}
	}
	c.lockMany(c.keyBuf)
	if nx {
		for _, k := range c.keyBuf {
			x := c.Lock(k)
			found := x.Found()
			x.Unlock()
			if found {
				c.Int(0)
				return
			}
		}
	}
	for j := 1; j < len(c.Args); j += 2 {
		x := c.Lock(c.Args[j])
		existed := x.Found()
		_, err := x.Set(&engine.SetOpts{}, c.Args[j+1])
		x.Unlock()
		if err != nil {
			c.Err(storeError(err))
			return
		}
		c.notifyNew(existed, c.Args[j])
		c.Notify('$', "set", c.Args[j])
	}
	if nx {
		c.Int(1)
	} else {
		c.OK()
	}
}

// intValue parses a string item's value as Redis's string2ll.
func intValue(x *engine.Item) (int64, bool) {
	if x.Len() > 20 {
		return 0, false
	}
	b, ok := x.Value().Bytes()
	if !ok {
		return 0, false
	}
	return resp.ParseInt(b)
}

// INCR key
func cmdIncr(c *Ctx) { c.incrDecr(1) }

// DECR key
func cmdDecr(c *Ctx) { c.incrDecr(-1) }

// INCRBY key increment
func cmdIncrby(c *Ctx) {
	n, ok := resp.ParseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	c.incrDecr(n)
}

// DECRBY key decrement
func cmdDecrby(c *Ctx) {
	n, ok := resp.ParseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if n == -1<<63 {
		c.Err("ERR decrement would overflow")
		return
	}
	c.incrDecr(-n)
}

// incrDecr is Redis's incrDecrCommand. The result is stored as its decimal
// text, rewritten in place when the length does not change; flags and
// expiry are kept.
func (c *Ctx) incrDecr(incr int64) {
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	var value int64
	found := x.Found()
	if found {
		if x.Kind() != engine.KindString {
			c.Err(ErrWrongType)
			return
		}
		var ok bool
		if value, ok = intValue(x); !ok {
			c.Err(ErrNotInteger)
			return
		}
	}
	if (incr < 0 && value < 0 && incr < -1<<63-value) || (incr > 0 && value > 0 && incr > 1<<63-1-value) {
		c.Err(ErrOverflow)
		return
	}
	value += incr
	var buf [20]byte
	b := strconv.AppendInt(buf[:0], value, 10)
	if !c.storeString(x, b) {
		return
	}
	c.notifyNew(found, key)
	c.Notify('$', "incrby", key)
	c.Int(value)
}

// storeString replaces a string item's value with b (a new item if there
// is none), keeping the flags and expiry of an existing one, in place when
// the length allows. It replies the error and reports false on failure.
func (c *Ctx) storeString(x *engine.Item, b []byte) bool {
	if x.Found() {
		if _, ok := x.Rewrite(b, 0); ok {
			return true
		}
		if _, err := x.Set(&engine.SetOpts{Flags: x.Flags(), KeepTTL: true}, b); err != nil {
			c.Err(storeError(err))
			return false
		}
		return true
	}
	if _, err := x.Set(&engine.SetOpts{}, b); err != nil {
		c.Err(storeError(err))
		return false
	}
	return true
}

// INCRBYFLOAT key increment
func cmdIncrbyfloat(c *Ctx) {
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	var value resp.LongDouble
	found := x.Found()
	if found {
		if x.Kind() != engine.KindString {
			c.Err(ErrWrongType)
			return
		}
		b, contiguous := x.Value().Bytes()
		v, ok := resp.ParseLongDouble(b)
		if !contiguous || !ok {
			c.Err(ErrNotFloat)
			return
		}
		value = v
	}
	incr, ok := resp.ParseLongDouble(c.Args[2])
	if !ok {
		c.Err(ErrNotFloat)
		return
	}
	value = value.Add(incr)
	if !value.IsFinite() {
		c.Err("ERR increment would produce NaN or Infinity")
		return
	}
	b := value.AppendHuman(c.Scratch[:0])
	c.Scratch = b[:0]
	if !c.storeString(x, b) {
		return
	}
	c.notifyNew(found, key)
	c.Notify('$', "incrbyfloat", key)
	c.Bulk(b)
}

// APPEND key value
func cmdAppend(c *Ctx) {
	key, val := c.Args[1], c.Args[2]
	x := c.Lock(key)
	defer x.Unlock()
	if !x.Found() {
		if _, err := x.Set(&engine.SetOpts{}, val); err != nil {
			c.Err(storeError(err))
			return
		}
		c.notifyNew(false, key)
	} else {
		if x.Kind() != engine.KindString {
			c.Err(ErrWrongType)
			return
		}
		o := engine.SetOpts{Flags: x.Flags(), KeepTTL: true}
		if _, err := x.SetValue(&o, nil, x.Value(), val); err != nil {
			c.Err(storeError(err))
			return
		}
	}
	c.Notify('$', "append", key)
	c.Int(int64(x.Len()))
}

// STRLEN key
func cmdStrlen(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if !x.Found() {
		c.readMiss(c.Args[1])
		c.Int(0)
		return
	}
	c.stats.hits++
	if x.Kind() != engine.KindString {
		c.Err(ErrWrongType)
		return
	}
	x.Hit()
	c.Int(int64(x.Len()))
}

// appendRange appends bytes [start, end) of v to dst.
func appendRange(dst []byte, v engine.Value, start, end int) []byte {
	if b, ok := v.Bytes(); ok {
		return append(dst, b[start:end]...)
	}
	off := 0
	v.Range(func(p []byte) {
		lo, hi := max(start-off, 0), min(end-off, len(p))
		if lo < hi {
			dst = append(dst, p[lo:hi]...)
		}
		off += len(p)
	})
	return dst
}

// GETRANGE key start end (and SUBSTR)
func cmdGetrange(c *Ctx) {
	start, ok1 := resp.ParseInt(c.Args[2])
	if !ok1 {
		c.Err(ErrNotInteger)
		return
	}
	end, ok2 := resp.ParseInt(c.Args[3])
	if !ok2 {
		c.Err(ErrNotInteger)
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if !x.Found() {
		c.readMiss(c.Args[1])
		c.BulkString("")
		return
	}
	c.stats.hits++
	if x.Kind() != engine.KindString {
		c.Err(ErrWrongType)
		return
	}
	x.Hit()
	n := int64(x.Len())
	if start < 0 && end < 0 && start > end {
		c.BulkString("")
		return
	}
	if start < 0 {
		start += n
	}
	if end < 0 {
		end += n
	}
	start, end = max(start, 0), max(end, 0)
	if end >= n {
		end = n - 1
	}
	if start > end || n == 0 {
		c.BulkString("")
		return
	}
	c.Out = append(c.Out, '$')
	c.Out = strconv.AppendInt(c.Out, end-start+1, 10)
	c.Out = append(c.Out, '\r', '\n')
	c.Out = appendRange(c.Out, x.Value(), int(start), int(end+1))
	c.Out = append(c.Out, '\r', '\n')
}

// protoMaxBulkLen returns proto-max-bulk-len, the bound Redis puts on a
// string's length and on LCS's working memory.
func (c *Ctx) protoMaxBulkLen() int64 {
	if kv := c.Host.ConfigGet("proto-max-bulk-len"); len(kv) == 1 {
		if n, err := strconv.ParseInt(kv[0][1], 10, 64); err == nil {
			return n
		}
	}
	return 512 << 20
}

// checkLength is Redis's checkStringLength for a write reaching total
// bytes (total < 0: overflowed) into a string of olen bytes, plus the
// value limit (SetEncodingLimits). It replies the error and reports false when
// the result would be too long.
func (c *Ctx) checkLength(key []byte, total, olen int64) bool {
	if total >= 0 {
		total = max(total, olen)
	}
	if total < 0 || (total > 1<<20 && total > c.protoMaxBulkLen()) ||
		total > maxValue.Load() {
		c.Err(ErrTooLarge)
		return false
	}
	return true
}

// SETRANGE key offset value
func cmdSetrange(c *Ctx) {
	key, val := c.Args[1], c.Args[3]
	offset, ok := resp.ParseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if offset < 0 {
		c.Err("ERR offset is out of range")
		return
	}
	x := c.Lock(key)
	defer x.Unlock()
	total := offset + int64(len(val)) // negative on overflow
	if !x.Found() {
		if len(val) == 0 {
			c.Int(0)
			return
		}
		if !c.checkLength(key, total, 0) {
			return
		}
		buf := growZero(c.Scratch[:0], int(total))
		copy(buf[offset:], val)
		c.Scratch = buf[:0]
		if _, err := x.Set(&engine.SetOpts{}, buf); err != nil {
			c.Err(storeError(err))
			return
		}
		c.notifyNew(false, key)
	} else {
		if x.Kind() != engine.KindString {
			c.Err(ErrWrongType)
			return
		}
		olen := int64(x.Len())
		if len(val) == 0 {
			c.Int(olen)
			return
		}
		if !c.checkLength(key, total, olen) {
			return
		}
		o := engine.SetOpts{Flags: x.Flags(), KeepTTL: true}
		var err error
		if offset >= olen {
			// Only grows: the old value is copied once, by the engine.
			tail := growZero(c.Scratch[:0], int(total-olen))
			copy(tail[offset-olen:], val)
			c.Scratch = tail[:0]
			_, err = x.SetValue(&o, nil, x.Value(), tail)
		} else {
			buf := x.Value().AppendTo(c.Scratch[:0])
			if total > olen {
				buf = growZero(buf, int(total))
			}
			copy(buf[offset:], val)
			c.Scratch = buf[:0]
			if _, in := x.Rewrite(buf, 0); !in {
				_, err = x.Set(&o, buf)
			}
		}
		if err != nil {
			c.Err(storeError(err))
			return
		}
	}
	c.Notify('$', "setrange", key)
	c.Int(int64(x.Len()))
}

// growZero extends b to length n with zero bytes.
func growZero(b []byte, n int) []byte {
	if n <= len(b) {
		return b[:n]
	}
	if n <= cap(b) {
		old := len(b)
		b = b[:n]
		clear(b[old:])
		return b
	}
	nb := make([]byte, n)
	copy(nb, b)
	return nb
}

// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN]
func cmdLcs(c *Ctx) {
	// Copy both values out (they may be chained, and the DP runs without
	// holding any lock); a missing key is an empty string.
	buf := c.Scratch[:0]
	var lens [2]int
	for i, k := range c.Args[1:3] {
		x := c.Lock(k)
		if x.Found() {
			c.stats.hits++
			if x.Kind() != engine.KindString {
				x.Unlock()
				c.Err("ERR The specified keys must contain string values")
				return
			}
			x.Hit()
			buf = x.Value().AppendTo(buf)
			lens[i] = x.Len()
		} else {
			c.readMiss(k)
		}
		x.Unlock()
	}
	if cap(buf) <= 64<<10 {
		c.Scratch = buf[:0]
	}
	a, b := buf[:lens[0]], buf[lens[0]:lens[0]+lens[1]]
	var getLen, getIdx, withMatchLen bool
	var minMatchLen int64
	for j := 3; j < len(c.Args); j++ {
		opt := c.Args[j]
		switch {
		case eqFold(opt, "IDX"):
			getIdx = true
		case eqFold(opt, "LEN"):
			getLen = true
		case eqFold(opt, "WITHMATCHLEN"):
			withMatchLen = true
		case eqFold(opt, "MINMATCHLEN") && j+1 < len(c.Args):
			n, ok := resp.ParseInt(c.Args[j+1])
			if !ok {
				c.Err(ErrNotInteger)
				return
			}
			minMatchLen = max(n, 0)
			j++
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	if getLen && getIdx {
		c.Err("ERR If you want both the length and indexes, please just use IDX.")
		return
	}
	if uint64(len(a)) >= 1<<32-2 || uint64(len(b)) >= 1<<32-2 {
		c.Err("ERR String too long for LCS")
		return
	}
	// The table takes (len(a)+1)*(len(b)+1) 32-bit cells; Redis refuses
	// more than proto-max-bulk-len bytes of it.
	cells := uint64(len(a)+1) * uint64(len(b)+1)
	if cells*4 > uint64(c.protoMaxBulkLen()) {
		c.Err("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len")
		return
	}
	lcsReply(c, a, b, getLen, getIdx, withMatchLen, minMatchLen)
}

// lcsReply computes the LCS table and replies as Redis's lcsCommand does,
// walking the table back from the end and emitting the matched ranges in
// that order.
func lcsReply(c *Ctx, a, b []byte, getLen, getIdx, withMatchLen bool, minMatchLen int64) {
	alen, blen := len(a), len(b)
	w := blen + 1
	lcs := make([]uint32, (alen+1)*w)
	for i := 1; i <= alen; i++ {
		row, prev := lcs[i*w:(i+1)*w], lcs[(i-1)*w:i*w]
		for j := 1; j <= blen; j++ {
			if a[i-1] == b[j-1] {
				row[j] = prev[j-1] + 1
			} else {
				row[j] = max(prev[j], row[j-1])
			}
		}
	}
	total := lcs[alen*w+blen]
	if getLen && !getIdx {
		c.Int(int64(total))
		return
	}
	idx := int(total)
	result := make([]byte, idx)
	type match struct{ a0, a1, b0, b1 int }
	var matches []match
	arangeStart, arangeEnd, brangeStart, brangeEnd := alen, 0, 0, 0
	i, j := alen, blen
	for i > 0 && j > 0 {
		emit := false
		if a[i-1] == b[j-1] {
			result[idx-1] = a[i-1]
			if arangeStart == alen {
				arangeStart, arangeEnd = i-1, i-1
				brangeStart, brangeEnd = j-1, j-1
			} else if arangeStart == i && brangeStart == j {
				arangeStart--
				brangeStart--
			} else {
				emit = true
			}
			if arangeStart == 0 || brangeStart == 0 {
				emit = true
			}
			idx--
			i--
			j--
		} else {
			if lcs[(i-1)*w+j] > lcs[i*w+j-1] {
				i--
			} else {
				j--
			}
			if arangeStart != alen {
				emit = true
			}
		}
		if emit {
			if l := int64(arangeEnd - arangeStart + 1); minMatchLen == 0 || l >= minMatchLen {
				matches = append(matches, match{arangeStart, arangeEnd, brangeStart, brangeEnd})
			}
			arangeStart = alen
		}
	}
	if !getIdx {
		c.Bulk(result)
		return
	}
	c.Map(2)
	c.BulkString("matches")
	c.Array(len(matches))
	for _, m := range matches {
		if withMatchLen {
			c.Array(3)
		} else {
			c.Array(2)
		}
		c.Array(2)
		c.Int(int64(m.a0))
		c.Int(int64(m.a1))
		c.Array(2)
		c.Int(int64(m.b0))
		c.Int(int64(m.b1))
		if withMatchLen {
			c.Int(int64(m.a1 - m.a0 + 1))
		}
	}
	c.BulkString("len")
	c.Int(int64(total))
}

// storeError maps an engine store error to Redis's reply.
func storeError(err error) string {
	if err == engine.ErrTooLarge {
		return ErrTooLarge
	}
	return ErrOOM
}
