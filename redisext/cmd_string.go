package redisext

import (
	"strconv"
	"strings"

	"github.com/corvidcache/corvid/engine"
)

var stringCommands = []*Command{
	{Name: "get", Arity: 2, Flags: ReadOnly | Fast, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdGet, Since: "1.0.0", Summary: "Get the value of a key"},
	{Name: "set", Arity: -3, Flags: Write | DenyOOM, Group: GroupString, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSet, Since: "1.0.0", Summary: "Set the string value of a key"},
}

// GET key
func cmdGet(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if !x.Found() {
		c.stats.misses++
		c.Null()
		return
	}
	if x.Kind() != engine.KindString {
		c.Err(ErrWrongType)
		return
	}
	c.stats.hits++
	x.Hit()
	c.Value(x.Value())
}

// expireArg parses the argument of EX/PX/EXAT/PXAT into an absolute Unix
// ms time, with Redis's errors. unit is 1000 for seconds, 1 for ms; abs for
// EXAT/PXAT.
func (c *Ctx) expireArg(b []byte, unit int64, abs bool) (int64, bool) {
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		c.Err(ErrNotInteger)
		return 0, false
	}
	if n <= 0 || n > (1<<63-1)/unit {
		c.Err("ERR invalid expire time in '" + c.Cmd.FullName + "' command")
		return 0, false
	}
	ms := n * unit
	if !abs {
		now := c.Now()
		if ms > 1<<63-1-now {
			c.Err("ERR invalid expire time in '" + c.Cmd.FullName + "' command")
			return 0, false
		}
		ms += now
	}
	return ms, true
}

// SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL]
func cmdSet(c *Ctx) {
	var nx, xx, get, keepTTL bool
	var expire int64
	expSet := false
	for i := 3; i < len(c.Args); i++ {
		a := c.Args[i]
		more := i+1 < len(c.Args)
		switch {
		case strings.EqualFold(string(a), "NX") && !xx:
			nx = true
		case strings.EqualFold(string(a), "XX") && !nx:
			xx = true
		case strings.EqualFold(string(a), "GET"):
			get = true
		case strings.EqualFold(string(a), "KEEPTTL") && !expSet:
			keepTTL = true
		case more && !keepTTL && !expSet && (strings.EqualFold(string(a), "EX") || strings.EqualFold(string(a), "PX") ||
			strings.EqualFold(string(a), "EXAT") || strings.EqualFold(string(a), "PXAT")):
			unit := int64(1000)
			if a[0] == 'P' || a[0] == 'p' {
				unit = 1
			}
			abs := len(a) == 4
			ms, ok := c.expireArg(c.Args[i+1], unit, abs)
			if !ok {
				return
			}
			expire, expSet = ms, true
			i++
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	found := x.Found()
	start := len(c.Out)
	if get {
		if found && x.Kind() != engine.KindString {
			c.Err(ErrWrongType)
			return
		}
		if found {
			c.Value(x.Value())
		} else {
			c.Null()
		}
	}
	if (nx && found) || (xx && !found) {
		if !get {
			c.Null()
		}
		return
	}
	o := engine.SetOpts{ExpireAt: expire, KeepTTL: keepTTL}
	if expSet && expire <= x.Now() {
		// Redis accepts a PXAT/EXAT in the past: the key is deleted.
		x.Delete()
		c.Notify('g', "del", c.Args[1])
		if !get {
			c.OK()
		}
		return
	}
	if _, err := x.Set(&o, c.Args[2]); err != nil {
		c.Out = c.Out[:start] // drop the old value GET put in the reply
		c.Err(storeError(err))
		return
	}
	c.Notify('$', "set", c.Args[1])
	if expSet {
		c.Notify('g', "expire", c.Args[1])
	}
	if !get {
		c.OK()
	}
}

// storeError maps an engine store error to Redis's reply.
func storeError(err error) string {
	if err == engine.ErrTooLarge {
		return ErrTooLarge
	}
	return ErrOOM
}
