package redisext

import (
	"bytes"
	"strconv"
	"strings"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// The key (generic) commands and the keyspace commands of Redis's db.c,
// expire.c and object.c.

var genericCommands = []*Command{
	{Name: "del", Arity: -2, Flags: Write, Group: GroupGeneric, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdDel, Since: "1.0.0", Summary: "Delete a key"},
	{Name: "unlink", Arity: -2, Flags: Write | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdDel, Since: "4.0.0", Summary: "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking."},
	{Name: "exists", Arity: -2, Flags: ReadOnly | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdExists, Since: "1.0.0", Summary: "Determine if a key exists"},
	{Name: "type", Arity: 2, Flags: ReadOnly | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdType, Since: "1.0.0", Summary: "Determine the type stored at key"},
	{Name: "rename", Arity: 3, Flags: Write, Group: GroupGeneric, FirstKey: 1, LastKey: 2, Step: 1, Handler: cmdRename, Since: "1.0.0", Summary: "Rename a key"},
	{Name: "renamenx", Arity: 3, Flags: Write | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 2, Step: 1, Handler: cmdRenamenx, Since: "1.0.0", Summary: "Rename a key, only if the new key does not exist"},
	{Name: "copy", Arity: -3, Flags: Write | DenyOOM, Group: GroupGeneric, FirstKey: 1, LastKey: 2, Step: 1, Handler: cmdCopy, Since: "6.2.0", Summary: "Copy a key"},
	{Name: "move", Arity: 3, Flags: Write | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdMove, Since: "1.0.0", Summary: "Move a key to another database"},
	{Name: "expire", Arity: -3, Flags: Write | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdExpire, Since: "1.0.0", Summary: "Set a key's time to live in seconds"},
	{Name: "pexpire", Arity: -3, Flags: Write | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdPexpire, Since: "2.6.0", Summary: "Set a key's time to live in milliseconds"},
	{Name: "expireat", Arity: -3, Flags: Write | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdExpireat, Since: "1.2.0", Summary: "Set the expiration for a key as a UNIX timestamp"},
	{Name: "pexpireat", Arity: -3, Flags: Write | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdPexpireat, Since: "2.6.0", Summary: "Set the expiration for a key as a UNIX timestamp specified in milliseconds"},
	{Name: "ttl", Arity: 2, Flags: ReadOnly | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdTTL, Since: "1.0.0", Summary: "Get the time to live for a key in seconds"},
	{Name: "pttl", Arity: 2, Flags: ReadOnly | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdPTTL, Since: "2.6.0", Summary: "Get the time to live for a key in milliseconds"},
	{Name: "expiretime", Arity: 2, Flags: ReadOnly | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdExpiretime, Since: "7.0.0", Summary: "Get the expiration Unix timestamp for a key"},
	{Name: "pexpiretime", Arity: 2, Flags: ReadOnly | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdPexpiretime, Since: "7.0.0", Summary: "Get the expiration Unix timestamp for a key in milliseconds"},
	{Name: "persist", Arity: 2, Flags: Write | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdPersist, Since: "2.2.0", Summary: "Remove the expiration from a key"},
	{Name: "touch", Arity: -2, Flags: ReadOnly | Fast, Group: GroupGeneric, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdTouch, Since: "3.2.1", Summary: "Alters the last access time of a key(s). Returns the number of existing keys specified."},
	{Name: "keys", Arity: 2, Flags: ReadOnly | Keyspace, Group: GroupGeneric, Handler: cmdKeys, Since: "1.0.0", Summary: "Find all keys matching the given pattern"},
	{Name: "scan", Arity: -2, Flags: ReadOnly | Keyspace, Group: GroupGeneric, Handler: cmdScan, Since: "2.8.0", Summary: "Incrementally iterate the keys space"},
	{Name: "randomkey", Arity: 1, Flags: ReadOnly | Keyspace, Group: GroupGeneric, Handler: cmdRandomkey, Since: "1.0.0", Summary: "Return a random key from the keyspace"},
	// OBJECT's subcommands in the order Redis 7.0.15 lists them (COMMAND).
	{Name: "object", Arity: -2, Group: GroupGeneric, Handler: cmdObjectContainer, Since: "2.2.3", Summary: "A container for object introspection commands", Subcommands: []*Command{
		{Name: "encoding", Arity: 3, Flags: ReadOnly, Group: GroupGeneric, FirstKey: 2, LastKey: 2, Step: 1, Handler: cmdObjectEncoding, Since: "2.2.3", Summary: "Inspect the internal encoding of a Redis object"},
		{Name: "refcount", Arity: 3, Flags: ReadOnly, Group: GroupGeneric, FirstKey: 2, LastKey: 2, Step: 1, Handler: cmdObjectRefcount, Since: "2.2.3", Summary: "Get the number of references to the value of the key"},
		{Name: "idletime", Arity: 3, Flags: ReadOnly, Group: GroupGeneric, FirstKey: 2, LastKey: 2, Step: 1, Handler: cmdObjectIdletime, Since: "2.2.3", Summary: "Get the time since a Redis object was last accessed"},
		{Name: "freq", Arity: 3, Flags: ReadOnly, Group: GroupGeneric, FirstKey: 2, LastKey: 2, Step: 1, Handler: cmdObjectFreq, Since: "4.0.0", Summary: "Get the logarithmic access frequency counter of a Redis object"},
		{Name: "help", Arity: 2, Flags: Loading | Stale, Group: GroupGeneric, Handler: cmdObjectHelp, Since: "6.2.0", Summary: "Show helpful text about the different subcommands"},
	}},
	{Name: "dbsize", Arity: 1, Flags: ReadOnly | Fast | Keyspace, Group: GroupServer, Handler: cmdDbsize, Since: "1.0.0", Summary: "Return the number of keys in the selected database"},
	{Name: "swapdb", Arity: 3, Flags: Write | Fast | Keyspace, Group: GroupServer, Handler: cmdSwapdb, Since: "4.0.0", Summary: "Swaps two Redis databases"},
	{Name: "flushdb", Arity: -1, Flags: Write | Keyspace, Group: GroupServer, Handler: cmdFlushdb, Since: "1.0.0", Summary: "Remove all keys from the current database"},
	{Name: "flushall", Arity: -1, Flags: Write | Keyspace, Group: GroupServer, Handler: cmdFlushall, Since: "1.0.0", Summary: "Remove all keys from all databases"},
}

// ErrSameObject is Redis's shared.sameobjecterr.
const errSameObject = "ERR source and destination objects are the same"

// TypeName returns the name TYPE and SCAN TYPE use for a kind.
func TypeName(k engine.Kind) string {
	switch k {
	case engine.KindString:
		return "string"
	case engine.KindHash:
		return "hash"
	case engine.KindList:
		return "list"
	case engine.KindSet:
		return "set"
	case engine.KindZSet:
		return "zset"
	case engine.KindStream:
		return "stream"
	}
	return "unknown"
}

// ObjectEncodings maps a kind to the function OBJECT ENCODING reports its
// items' encoding with; the file of each Redis type registers its own
// (strings are here). A kind without one reports "unknown".
var ObjectEncodings = map[engine.Kind]func(x *engine.Item) string{
	engine.KindString: stringEncoding,
}

// stringEncoding is the encoding Redis would give the value after SET
// (tryObjectEncoding): "int" for a decimal that fits a long in at most 20
// bytes, "embstr" up to 44 bytes, else "raw". Redis also reports "raw" for
// a short string that APPEND or SETRANGE modified, and "embstr" for an
// INCRBYFLOAT result that looks like an integer; Corvid keeps no encoding,
// so it reports what the bytes would get from SET.
func stringEncoding(x *engine.Item) string {
	if _, ok := intValue(x); ok {
		return "int"
	}
	if x.Len() <= 44 {
		return "embstr"
	}
	return "raw"
}

// sharedRefcount is the refcount Redis reports for its shared integers.
const sharedRefcount = 1<<31 - 1

// intArg parses an int argument as Redis's getIntFromObjectOrReply: a
// string2ll number within C's int. msg, when not "", is the error for
// both failures; else they are ErrNotInteger and Redis's "out of range"
// wording.
func (c *Ctx) intArg(b []byte, msg string) (int, bool) {
	n, ok := resp.ParseInt(b)
	if !ok || n < -1<<31 || n > 1<<31-1 {
		switch {
		case msg != "":
		case !ok:
			msg = ErrNotInteger
		default:
			msg = "ERR value is out of range, value must between -2147483648 and 2147483647"
		}
		c.Err(msg)
		return 0, false
	}
	return int(n), true
}

// dbArg parses a database index argument (MOVE, COPY DB).
func (c *Ctx) dbArg(b []byte) (int, bool) {
	db, ok := c.intArg(b, "")
	if !ok {
		return 0, false
	}
	if db < 0 || db >= c.Eng.Databases() {
		c.Err(ErrDBIndex)
		return 0, false
	}
	return db, true
}

// DEL key [key ...] (and UNLINK)
func cmdDel(c *Ctx) {
	keys := c.Args[1:]
	c.lockMany(keys)
	n := int64(0)
	for _, k := range keys {
		x := c.Lock(k)
		if x.Found() {
			x.Delete()
			c.Notify('g', "del", k)
			n++
		}
		x.Unlock()
	}
	c.Int(n)
}

// EXISTS key [key ...]: a key named twice counts twice.
func cmdExists(c *Ctx) {
	keys := c.Args[1:]
	c.lockMany(keys)
	n := int64(0)
	for _, k := range keys {
		x := c.Lock(k)
		if x.Found() {
			c.stats.hits++
			n++
		} else {
			c.readMiss(k)
		}
		x.Unlock()
	}
	c.Int(n)
}

// TOUCH key [key ...]
func cmdTouch(c *Ctx) {
	keys := c.Args[1:]
	c.lockMany(keys)
	n := int64(0)
	for _, k := range keys {
		x := c.Lock(k)
		if x.Found() {
			c.stats.hits++
			x.Hit()
			n++
		} else {
			c.readMiss(k)
		}
		x.Unlock()
	}
	c.Int(n)
}

// TYPE key
func cmdType(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if !x.Found() {
		c.readMiss(c.Args[1])
		c.Simple("none")
		return
	}
	c.stats.hits++
	c.Simple(TypeName(x.Kind()))
}

// RENAME key newkey
func cmdRename(c *Ctx) { c.renameGeneric(false) }

// RENAMENX key newkey
func cmdRenamenx(c *Ctx) { c.renameGeneric(true) }

// copyItem stores src's value, kind, flags and expiry as dst's item.
func copyItem(dst, src *engine.Item) error {
	o := engine.SetOpts{Kind: src.Kind(), Flags: src.Flags(), ExpireAt: src.ExpireAt()}
	_, err := dst.SetValue(&o, nil, src.Value(), nil)
	return err
}

func (c *Ctx) renameGeneric(nx bool) {
	src, dst := c.Args[1], c.Args[2]
	c.LockKeys(src, dst)
	xs := c.Lock(src)
	defer xs.Unlock()
	if !xs.Found() {
		c.Err(ErrNoSuchKey)
		return
	}
	if bytes.Equal(src, dst) {
		if nx {
			c.Int(0)
		} else {
			c.OK()
		}
		return
	}
	xd := c.Lock(dst)
	defer xd.Unlock()
	if xd.Found() && nx {
		c.Int(0)
		return
	}
	if err := copyItem(xd, xs); err != nil {
		c.Err(storeError(err))
		return
	}
	xs.Delete()
	c.Notify('n', "new", dst) // Redis deletes the old destination and adds it anew
	c.Notify('g', "rename_from", src)
	c.Notify('g', "rename_to", dst)
	if nx {
		c.Int(1)
	} else {
		c.OK()
	}
}

// COPY source destination [DB destination-db] [REPLACE]
func cmdCopy(c *Ctx) {
	src, dst := c.Args[1], c.Args[2]
	srcDB := c.Client.DB
	dstDB := srcDB
	replace := false
	for j := 3; j < len(c.Args); j++ {
		switch a := c.Args[j]; {
		case eqFold(a, "REPLACE"):
			replace = true
		case eqFold(a, "DB") && j+1 < len(c.Args):
			db, ok := c.dbArg(c.Args[j+1])
			if !ok {
				return
			}
			dstDB = db
			j++
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	if srcDB == dstDB && bytes.Equal(src, dst) {
		c.Err(errSameObject)
		return
	}
	c.LockKeys(src, dst)
	xs := c.Lock(src)
	defer xs.Unlock()
	if !xs.Found() {
		c.readMiss(src)
		c.Int(0)
		return
	}
	c.stats.hits++
	xs.Hit()
	xd := c.LockDB(dstDB, dst)
	defer xd.Unlock()
	if xd.Found() && !replace {
		c.Int(0)
		return
	}
	if err := copyItem(xd, xs); err != nil {
		c.Err(storeError(err))
		return
	}
	c.NotifyDB(dstDB, 'n', "new", dst)
	c.NotifyDB(dstDB, 'g', "copy_to", dst)
	c.Int(1)
}

// MOVE key db
func cmdMove(c *Ctx) {
	key := c.Args[1]
	dstDB, ok := c.dbArg(c.Args[2])
	if !ok {
		return
	}
	srcDB := c.Client.DB
	if dstDB == srcDB {
		c.Err(errSameObject)
		return
	}
	c.LockKeys(key)
	xs := c.Lock(key)
	defer xs.Unlock()
	if !xs.Found() {
		c.Int(0)
		return
	}
	xd := c.LockDB(dstDB, key)
	defer xd.Unlock()
	if xd.Found() {
		c.Int(0)
		return
	}
	if err := copyItem(xd, xs); err != nil {
		c.Err(storeError(err))
		return
	}
	xs.Delete()
	c.NotifyDB(dstDB, 'n', "new", key)
	c.Notify('g', "move_from", key)
	c.NotifyDB(dstDB, 'g', "move_to", key)
	c.Int(1)
}

// Options of the EXPIRE family.
const (
	expNX = 1 << iota
	expXX
	expGT
	expLT
)

// EXPIRE key seconds [NX | XX | GT | LT]
func cmdExpire(c *Ctx) { c.expireGeneric(true, 1000) }

// PEXPIRE key milliseconds [NX | XX | GT | LT]
func cmdPexpire(c *Ctx) { c.expireGeneric(true, 1) }

// EXPIREAT key unix-time-seconds [NX | XX | GT | LT]
func cmdExpireat(c *Ctx) { c.expireGeneric(false, 1000) }

// PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT]
func cmdPexpireat(c *Ctx) { c.expireGeneric(false, 1) }

// expireGeneric is Redis's expireGenericCommand: options first, then the
// time (negative allowed: the key is deleted), with overflow checks, then
// the key.
func (c *Ctx) expireGeneric(relative bool, unit int64) {
	flags := 0
	for _, a := range c.Args[3:] {
		switch {
		case eqFold(a, "NX"):
			flags |= expNX
		case eqFold(a, "XX"):
			flags |= expXX
		case eqFold(a, "GT"):
			flags |= expGT
		case eqFold(a, "LT"):
			flags |= expLT
		default:
			c.Err("ERR Unsupported option " + sanitize(string(a)))
			return
		}
	}
	if flags&expNX != 0 && flags&(expXX|expGT|expLT) != 0 {
		c.Err("ERR NX and XX, GT or LT options at the same time are not compatible")
		return
	}
	if flags&expGT != 0 && flags&expLT != 0 {
		c.Err("ERR GT and LT options at the same time are not compatible")
		return
	}
	when, ok := resp.ParseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if unit == 1000 {
		if when > (1<<63-1)/1000 || when < -1<<63/1000 {
			c.expireTimeErr()
			return
		}
		when *= 1000
	}
	if relative {
		base := c.Now()
		if when > 1<<63-1-base {
			c.expireTimeErr()
			return
		}
		when += base
	}
	key := c.Args[1]
	x := c.Lock(key)
	defer x.Unlock()
	if !x.Found() {
		c.Int(0)
		return
	}
	if flags != 0 {
		cur := x.ExpireAt()
		if cur == 0 {
			cur = -1
		}
		if (flags&expNX != 0 && cur != -1) ||
			(flags&expXX != 0 && cur == -1) ||
			(flags&expGT != 0 && (when <= cur || cur == -1)) ||
			(flags&expLT != 0 && cur != -1 && when >= cur) {
			c.Int(0)
			return
		}
	}
	if when <= x.Now() {
		x.Delete()
		c.Notify('g', "del", key)
	} else {
		x.SetExpire(capExpire(when))
		c.Notify('g', "expire", key)
	}
	c.Int(1)
}

// TTL key
func cmdTTL(c *Ctx) { c.ttlGeneric(false, false) }

// PTTL key
func cmdPTTL(c *Ctx) { c.ttlGeneric(true, false) }

// EXPIRETIME key
func cmdExpiretime(c *Ctx) { c.ttlGeneric(false, true) }

// PEXPIRETIME key
func cmdPexpiretime(c *Ctx) { c.ttlGeneric(true, true) }

// ttlGeneric answers -2 for a missing key, -1 for one without expiry, else
// the time left (or the expiry time, abs), in seconds rounded to nearest or
// in milliseconds.
func (c *Ctx) ttlGeneric(ms, abs bool) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if !x.Found() {
		c.readMiss(c.Args[1])
		c.Int(-2)
		return
	}
	c.stats.hits++
	exp := x.ExpireAt()
	if exp == 0 {
		c.Int(-1)
		return
	}
	ttl := exp
	if !abs {
		ttl = max(exp-x.Now(), 0)
	}
	if !ms {
		ttl = (ttl + 500) / 1000
	}
	c.Int(ttl)
}

// PERSIST key
func cmdPersist(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if !x.Found() || x.ExpireAt() == 0 {
		c.Int(0)
		return
	}
	x.SetExpire(0)
	c.Notify('g', "persist", c.Args[1])
	c.Int(1)
}

// allBatch returns the batch of a running transaction, which holds every
// stripe for a Keyspace command (keyspace-wide engine calls must then go
// through it), or nil outside one.
func (c *Ctx) allBatch() *engine.Batch { return c.Batch() }

// releaseScratch keeps buf as the context's scratch buffer unless it grew
// large.
func (c *Ctx) releaseScratch(buf []byte) {
	if cap(buf) <= 64<<10 {
		c.Scratch = buf[:0]
	}
}

// KEYS pattern
func cmdKeys(c *Ctx) {
	pat := c.Args[1]
	all := len(pat) == 1 && pat[0] == '*'
	buf := c.Scratch[:0]
	n := 0
	fn := func(x *engine.Item) bool {
		if k := x.Key(); all || Match(pat, k, false) {
			buf = resp.AppendBulk(buf, k)
			n++
		}
		return true
	}
	if b := c.allBatch(); b != nil {
		b.Each(c.Client.DB, fn)
	} else {
		c.Eng.Each(c.Client.DB, fn)
	}
	c.Array(n)
	c.Out = append(c.Out, buf...)
	c.releaseScratch(buf)
}

// isCSpace is C's isspace in the "C" locale.
func isCSpace(b byte) bool { return b == ' ' || (b >= '\t' && b <= '\r') }

// parseCursor parses a SCAN cursor as Redis does with strtoul: base 10, an
// optional sign ("-1" is 2^64-1), no leading blank, nothing after the
// digits, no overflow; the empty string is cursor 0, and a NUL byte ends
// the string as in C.
func parseCursor(b []byte) (uint64, bool) {
	if i := bytes.IndexByte(b, 0); i >= 0 {
		b = b[:i]
	}
	if len(b) == 0 {
		return 0, true
	}
	if isCSpace(b[0]) {
		return 0, false
	}
	i := 0
	neg := false
	if b[0] == '+' || b[0] == '-' {
		neg = b[0] == '-'
		i++
	}
	if i == len(b) {
		return 0, false
	}
	var v uint64
	for ; i < len(b); i++ {
		d := b[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		if v > (1<<64-1)/10 || v*10 > 1<<64-1-uint64(d-'0') {
			return 0, false
		}
		v = v*10 + uint64(d-'0')
	}
	if neg {
		v = -v
	}
	return v, true
}

// scanOptions parses SCAN's [MATCH pattern] [COUNT count] options, and
// [TYPE type] when withType (SCAN itself; HSCAN, SSCAN and ZSCAN refuse
// it), as Redis's scanGenericCommand: pat is nil for none or "*", count
// defaults to 10. ok false after replying the error.
func (c *Ctx) scanOptions(args [][]byte, withType bool) (pat, typ []byte, count int64, ok bool) {
	count = 10
	for i := 0; i < len(args); i += 2 {
		a, more := args[i], len(args)-i >= 2
		switch {
		case eqFold(a, "COUNT") && more:
			n, ok := resp.ParseInt(args[i+1])
			if !ok {
				c.Err(ErrNotInteger)
				return nil, nil, 0, false
			}
			if n < 1 {
				c.Err(ErrSyntax)
				return nil, nil, 0, false
			}
			count = n
		case eqFold(a, "MATCH") && more:
			pat = args[i+1]
			if len(pat) == 1 && pat[0] == '*' {
				pat = nil
			}
		case eqFold(a, "TYPE") && more && withType:
			typ = args[i+1]
		default:
			c.Err(ErrSyntax)
			return nil, nil, 0, false
		}
	}
	return pat, typ, count, true
}

// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type]
func cmdScan(c *Ctx) {
	cursor, ok := parseCursor(c.Args[1])
	if !ok {
		c.Err("ERR invalid cursor")
		return
	}
	pat, typ, count, ok := c.scanOptions(c.Args[2:], true)
	if !ok {
		return
	}
	buf := c.Scratch[:0]
	n := 0
	fn := func(key []byte, kind engine.Kind) {
		if pat != nil && !Match(pat, key, false) {
			return
		}
		if typ != nil && !strings.EqualFold(string(typ), TypeName(kind)) {
			return
		}
		buf = resp.AppendBulk(buf, key)
		n++
	}
	cnt := int(min(count, 1<<24))
	var next uint64
	if b := c.allBatch(); b != nil {
		next = b.Scan(c.Client.DB, cursor, cnt, fn)
	} else {
		next = c.Eng.ScanKeys(c.Client.DB, cursor, cnt, fn)
	}
	c.Array(2)
	var num [20]byte
	c.Bulk(strconv.AppendUint(num[:0], next, 10))
	c.Array(n)
	c.Out = append(c.Out, buf...)
	c.releaseScratch(buf)
}

// RANDOMKEY
func cmdRandomkey(c *Ctx) {
	var key []byte
	var ok bool
	if b := c.allBatch(); b != nil {
		key, ok = b.RandomKey(c.Client.DB, c.Scratch[:0])
	} else {
		key, ok = c.Eng.RandomKey(c.Client.DB, c.Scratch[:0])
	}
	if !ok {
		c.Null()
		return
	}
	c.Bulk(key)
	c.releaseScratch(key)
}

// DBSIZE
func cmdDbsize(c *Ctx) {
	if b := c.allBatch(); b != nil {
		c.Int(int64(b.DBSize(c.Client.DB)))
		return
	}
	c.Int(int64(c.Eng.DBSize(c.Client.DB)))
}

// SWAPDB index1 index2
func cmdSwapdb(c *Ctx) {
	a, ok := c.intArg(c.Args[1], "ERR invalid first DB index")
	if !ok {
		return
	}
	b, ok := c.intArg(c.Args[2], "ERR invalid second DB index")
	if !ok {
		return
	}
	n := c.Eng.Databases()
	if a < 0 || a >= n || b < 0 || b >= n {
		c.Err(ErrDBIndex)
		return
	}
	if batch := c.allBatch(); batch != nil {
		batch.SwapDB(a, b)
	} else {
		c.Eng.SwapDB(a, b)
	}
	c.SignalSwapDB(a, b)
	c.OK()
}

// flushArgs checks FLUSHDB/FLUSHALL's optional ASYNC or SYNC (both flush
// at once: freeing slab memory is quick).
func (c *Ctx) flushArgs() bool {
	if len(c.Args) == 1 || (len(c.Args) == 2 && (eqFold(c.Args[1], "SYNC") || eqFold(c.Args[1], "ASYNC"))) {
		return true
	}
	c.Err(ErrSyntax)
	return false
}

// FLUSHDB [ASYNC | SYNC]
func cmdFlushdb(c *Ctx) {
	if !c.flushArgs() {
		return
	}
	if b := c.allBatch(); b != nil {
		b.FlushDB(c.Client.DB)
	} else {
		c.Eng.FlushDB(c.Client.DB)
	}
	c.OK()
}

// FLUSHALL [ASYNC | SYNC]
func cmdFlushall(c *Ctx) {
	if !c.flushArgs() {
		return
	}
	if b := c.allBatch(); b != nil {
		b.FlushAll()
	} else {
		c.Eng.FlushAll()
	}
	c.OK()
}

// cmdObjectContainer runs for OBJECT without a subcommand, which the
// arity check already refuses.
func cmdObjectContainer(c *Ctx) {
	c.Err("ERR unknown subcommand or wrong number of arguments for '" + string(c.Args[1]) + "'. Try OBJECT HELP.")
}

// objectLookup finds OBJECT's key without touching it; a missing key
// replies null.
func (c *Ctx) objectLookup() *engine.Item {
	x := c.Lock(c.Args[2])
	if !x.Found() {
		x.Unlock()
		c.stats.misses++
		c.Null()
		return nil
	}
	c.stats.hits++
	return x
}

func lfuPolicy(p engine.Policy) bool { return p == engine.AllKeysLFU || p == engine.VolatileLFU }

// OBJECT ENCODING key
func cmdObjectEncoding(c *Ctx) {
	x := c.objectLookup()
	if x == nil {
		return
	}
	defer x.Unlock()
	enc := "unknown"
	if f := ObjectEncodings[x.Kind()]; f != nil {
		enc = f(x)
	}
	c.BulkString(enc)
}

// OBJECT FREQ key
func cmdObjectFreq(c *Ctx) {
	x := c.objectLookup()
	if x == nil {
		return
	}
	defer x.Unlock()
	if !lfuPolicy(c.Eng.Policy()) {
		c.Err("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.")
		return
	}
	c.Int(int64(x.LFU()))
}

// OBJECT IDLETIME key
func cmdObjectIdletime(c *Ctx) {
	x := c.objectLookup()
	if x == nil {
		return
	}
	defer x.Unlock()
	if lfuPolicy(c.Eng.Policy()) {
		c.Err("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.")
		return
	}
	c.Int(x.IdleSeconds())
}

// OBJECT REFCOUNT key: 1, or, as Redis reports for its shared integers
// 0..9999 (kept unless an LRU/LFU policy is set), 2147483647.
func cmdObjectRefcount(c *Ctx) {
	x := c.objectLookup()
	if x == nil {
		return
	}
	defer x.Unlock()
	if x.Kind() == engine.KindString {
		switch c.Eng.Policy() {
		case engine.AllKeysLRU, engine.VolatileLRU, engine.AllKeysLFU, engine.VolatileLFU:
		default:
			if v, ok := intValue(x); ok && v >= 0 && v < 10000 {
				c.Int(sharedRefcount)
				return
			}
		}
	}
	c.Int(1)
}

// OBJECT HELP
func cmdObjectHelp(c *Ctx) {
	c.help(
		"ENCODING <key>",
		"    Return the kind of internal representation used in order to store the value",
		"    associated with a <key>.",
		"FREQ <key>",
		"    Return the access frequency index of the <key>. The returned integer is",
		"    proportional to the logarithm of the recent access frequency of the key.",
		"IDLETIME <key>",
		"    Return the idle time of the <key>, that is the approximated number of",
		"    seconds elapsed since the last access to the key.",
		"REFCOUNT <key>",
		"    Return the number of references of the value associated with the specified",
		"    <key>.",
	)
}
