package redisext

import (
	"strconv"
	"strings"
	"time"

	"github.com/corvidcache/corvid/engine"
)

// DEBUG: the subcommands Redis's test suite and its helpers use. Those
// about Redis internals Corvid does not have (quicklist and listpack
// thresholds, active expiry switch, replication ids, reply buffers)
// answer OK and change nothing.

// DEBUG subcommand [arg ...]
func cmdDebug(c *Ctx) {
	sub := strings.ToLower(string(c.Args[1]))
	n := len(c.Args)
	switch {
	case sub == "help" && n == 2:
		c.help(
			"LOG <message>",
			"    Write <message> to the server log.",
			"OBJECT <key>",
			"    Show low level info about `key` and associated value.",
			"POPULATE <count> [<prefix>] [<size>]",
			"    Create <count> string keys named key:<num>. If <prefix> is specified then",
			"    it is used instead of the 'key' prefix. These are not propagated to",
			"    replicas. Cluster slots are not respected so keys not belonging to the",
			"    current node can be created in cluster mode.",
			"SLEEP <seconds>",
			"    Stop the server for <seconds>. Decimals allowed.",
			"SET-ACTIVE-EXPIRE <0|1>",
			"    Setting it to 0 disables expiring keys in background when they are not",
			"    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
			"    default.",
			"QUICKLIST-PACKED-THRESHOLD <size>",
			"    Sets the threshold for elements to be inserted as plain vs packed nodes",
			"    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.",
			"CHANGE-REPL-ID",
			"    Change the replication IDs of the instance.",
			"    Dangerous: should be used only for testing the replication subsystem.",
			"JMAP",
			"    Show the Go runtime's memory statistics (Corvid).",
		)
	case sub == "sleep" && n == 3:
		secs, err := strconv.ParseFloat(string(c.Args[2]), 64)
		if err != nil || secs < 0 {
			c.Err(ErrNotFloat)
			return
		}
		time.Sleep(time.Duration(secs * float64(time.Second)))
		c.OK()
	case sub == "log" && n == 3:
		c.OK()
	case sub == "object" && n == 3:
		c.debugObject(c.Args[2])
	case sub == "populate" && n >= 3 && n <= 5:
		c.debugPopulate()
	case sub == "jmap" && n == 2:
		c.OK()
	case (sub == "set-active-expire" || sub == "quicklist-packed-threshold" ||
		sub == "set-skip-checksum-validation" || sub == "set-disable-deny-scripts" ||
		sub == "pause-cron" || sub == "replybuffer" || sub == "dict-resizing" ||
		sub == "stringmatch-len" || sub == "listpack" || sub == "quicklist") && n >= 3:
		c.OK()
	case (sub == "change-repl-id" || sub == "client-eviction") && n == 2:
		c.OK()
	default:
		c.Err("ERR unknown subcommand or wrong number of arguments for '" + clip(sanitize(string(c.Args[1])), 128) + "'. Try DEBUG HELP.")
	}
}

// debugObject answers DEBUG OBJECT key in Redis's shape.
func (c *Ctx) debugObject(key []byte) {
	x := c.Lock(key)
	defer x.Unlock()
	if !x.Found() {
		c.Err(ErrNoSuchKey)
		return
	}
	enc := "unknown"
	if f := ObjectEncodings[x.Kind()]; f != nil {
		enc = f(x) // the same answer as OBJECT ENCODING
	}
	c.Simple("Value at:0x0 refcount:1 encoding:" + enc +
		" serializedlength:" + strconv.Itoa(x.Len()) +
		" lru:" + strconv.FormatInt(x.LastAccess()&(1<<24-1), 10) +
		" lru_seconds_idle:" + strconv.FormatInt(x.IdleSeconds(), 10))
}

// debugPopulate is DEBUG POPULATE count [prefix] [size]: string keys
// prefix:0..count-1 holding "value:N" (padded with zeros or cut to size),
// skipping keys that exist.
func (c *Ctx) debugPopulate() {
	count, err := strconv.ParseInt(string(c.Args[2]), 10, 64)
	if err != nil || count < 0 {
		c.Err("ERR count must be a positive integer")
		return
	}
	prefix := "key"
	if len(c.Args) >= 4 {
		prefix = string(c.Args[3])
	}
	size := int64(-1)
	if len(c.Args) == 5 {
		size, err = strconv.ParseInt(string(c.Args[4]), 10, 64)
		if err != nil || size < 0 {
			c.Err(ErrNotInteger)
			return
		}
	}
	var key, val []byte
	for j := int64(0); j < count; j++ {
		key = strconv.AppendInt(append(append(key[:0], prefix...), ':'), j, 10)
		val = strconv.AppendInt(append(val[:0], "value:"...), j, 10)
		if size >= 0 {
			for int64(len(val)) < size {
				val = append(val, 0)
			}
			val = val[:size]
		}
		x := c.Lock(key)
		if !x.Found() {
			if _, err := x.Set(&engine.SetOpts{Kind: engine.KindString}, val); err != nil {
				x.Unlock()
				c.Err(storeError(err))
				return
			}
		}
		x.Unlock()
	}
	c.OK()
}
