package redisext

import (
	"strconv"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// Shared is the Redis state every connection of one server shares.
type Shared struct {
	Eng     *engine.Engine
	Host    Host
	Stats   *CommandStats
	Watches *Watches
	PubSub  *Broker
	Notify  *Notifier
	Admin   *AdminState // slow log, latency, MONITOR, CLIENT PAUSE (admin.go)
	Blocked *BlockState // clients waiting in BLPOP, BZPOPMIN... (cmd_blocking.go)
	// Logf records a command that panicked (the server sets it to its
	// logger; nil = the standard logger).
	Logf func(format string, args ...any)
}

// NewShared builds the shared state for an engine and a host.
func NewShared(eng *engine.Engine, host Host) *Shared {
	sh := &Shared{Eng: eng, Host: host, Stats: newCommandStats(), Watches: newWatches()}
	sh.PubSub = newBroker()
	sh.Notify = newNotifier(sh)
	sh.Admin = newAdmin(sh)
	sh.Blocked = newBlockState(sh)
	sh.Watches.blocked = sh.Blocked
	return sh
}

// Ctx runs commands for one connection. It is reused for every command of
// that connection and is touched only by the connection's event loop.
type Ctx struct {
	*Shared
	Client *Client
	// Out is the reply buffer: handlers append to it; the server writes it
	// once per batch of pipelined commands and truncates it.
	Out []byte
	// Args are the current command's arguments, Args[0] its name. They
	// alias the connection's input buffer: copy what must outlive the
	// command.
	Args [][]byte
	// Cmd is the command running.
	Cmd *Command

	batch    engine.Batch // keys locked together (multi-key command or EXEC)
	cmdBatch bool         // the batch was taken by the current command
	inExec   bool
	failed   bool // the current command replied with an error
	closeReq bool // the command asked to close the connection (QUIT)

	blk *waiter // the blocking command the connection waits in (cmd_blocking.go)

	tick     int64  // monotime at the end of the last command (or batch start)
	batching bool   // between StartBatch and FlushStats
	Scratch  []byte // a buffer handlers may reuse within one command
	collBuf  []byte // a chained collection's value, copied (lookupColl)
	collOut  []byte // a collection's new encoding being built
	keyBuf   [][]byte
	stats    localStats
}

// NewCtx makes the context of a connection.
func NewCtx(sh *Shared, cl *Client) *Ctx {
	return &Ctx{Shared: sh, Client: cl}
}

// DB returns the client's selected database.
func (c *Ctx) DB() int { return c.Client.DB }

// Lock returns key's Item in the client's database, locked. Call
// x.Unlock() when done (a no-op inside MULTI/EXEC or after LockKeys).
func (c *Ctx) Lock(key []byte) *engine.Item { return c.LockDB(c.Client.DB, key) }

// LockDB is Lock in database db.
func (c *Ctx) LockDB(db int, key []byte) *engine.Item {
	var x *engine.Item
	if c.batch.Locked() {
		x = c.batch.Item(db, key)
	} else {
		x = c.Eng.Lock(db, key)
	}
	x.SetSizeLimit(valueLimit(key)) // proto-max-bulk-len, not memcached's -I
	return x
}

// LockKeys locks the stripes of keys together, in stripe order, until the
// command ends; afterwards Lock returns those keys' Items without further
// locking. Inside EXEC the transaction already holds them.
func (c *Ctx) LockKeys(keys ...[]byte) {
	if c.batch.Locked() {
		return
	}
	c.Eng.LockKeys(&c.batch, keys)
	c.cmdBatch = true
}

// LockAll locks every stripe until the command ends (keyspace-wide
// commands that must be atomic). Inside EXEC it is already done or not
// needed.
func (c *Ctx) LockAll() {
	if c.batch.Locked() {
		return
	}
	c.Eng.LockAll(&c.batch)
	c.cmdBatch = true
}

// Batch returns the batch the command or transaction holds, or nil.
func (c *Ctx) Batch() *engine.Batch {
	if c.batch.Locked() {
		return &c.batch
	}
	return nil
}

// Now returns the server time in Unix milliseconds.
func (c *Ctx) Now() int64 { return c.Host.Now() }

// Reply helpers: each appends one RESP value in the client's protocol.

// OK replies +OK.
func (c *Ctx) OK() { c.Out = resp.AppendOK(c.Out) }

// Simple replies a simple string.
func (c *Ctx) Simple(s string) { c.Out = resp.AppendSimpleString(c.Out, s) }

// Err replies an error; msg carries its code ("ERR ...", "WRONGTYPE ...").
func (c *Ctx) Err(msg string) {
	c.failed = true
	c.Out = resp.AppendError(c.Out, msg)
}

// Int replies an integer.
func (c *Ctx) Int(n int64) { c.Out = resp.AppendInt(c.Out, n) }

// Bulk replies a bulk string.
func (c *Ctx) Bulk(b []byte) { c.Out = resp.AppendBulk(c.Out, b) }

// BulkString replies a bulk string.
func (c *Ctx) BulkString(s string) { c.Out = resp.AppendBulkString(c.Out, s) }

// BulkInt replies n as a bulk string.
func (c *Ctx) BulkInt(n int64) { c.Out = resp.AppendBulkInt(c.Out, n) }

// Value replies an engine value as a bulk string (copied).
func (c *Ctx) Value(v engine.Value) {
	c.Out = append(c.Out, '$')
	c.Out = strconv.AppendInt(c.Out, int64(v.Len()), 10)
	c.Out = append(c.Out, '\r', '\n')
	c.Out = v.AppendTo(c.Out)
	c.Out = append(c.Out, '\r', '\n')
}

// Null replies a null (RESP2 $-1).
func (c *Ctx) Null() { c.Out = resp.AppendNull(c.Out, c.Client.Proto) }

// NullArray replies a null array (RESP2 *-1).
func (c *Ctx) NullArray() { c.Out = resp.AppendNullArray(c.Out, c.Client.Proto) }

// Array starts an array of n elements.
func (c *Ctx) Array(n int) { c.Out = resp.AppendArrayHeader(c.Out, n) }

// Map starts a map of n pairs (RESP2: an array of 2n).
func (c *Ctx) Map(n int) { c.Out = resp.AppendMapHeader(c.Out, n, c.Client.Proto) }

// SetHeader starts a set of n elements (RESP2: an array).
func (c *Ctx) SetHeader(n int) { c.Out = resp.AppendSetHeader(c.Out, n, c.Client.Proto) }

// Double replies a double (RESP2: a bulk string).
func (c *Ctx) Double(f float64) { c.Out = resp.AppendDouble(c.Out, f, c.Client.Proto) }

// Bool replies a boolean (RESP2: 1 or 0).
func (c *Ctx) Bool(b bool) { c.Out = resp.AppendBool(c.Out, b, c.Client.Proto) }

// Verbatim replies a verbatim string (RESP2: a bulk string).
func (c *Ctx) Verbatim(s []byte) { c.Out = resp.AppendVerbatim(c.Out, s, "txt", c.Client.Proto) }

// Close asks the server to close the connection after this reply.
func (c *Ctx) Close() { c.closeReq = true }

// WrongArgs replies the arity error for the running command.
func (c *Ctx) WrongArgs() {
	c.Err("ERR wrong number of arguments for '" + c.Cmd.FullName + "' command")
}
