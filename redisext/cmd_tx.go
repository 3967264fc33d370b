package redisext

// Transactions, as Redis 7.0's multi.c: MULTI queues commands (Dispatch
// answers +QUEUED through queue, and a command refused while queueing dooms
// the transaction), EXEC runs them atomically, WATCH makes EXEC fail if a
// watched key changed.
//
// Atomicity across stripes: EXEC locks, in stripe order, every stripe its
// queued commands can touch (their key positions) plus the watched keys'
// stripes, or every stripe if a command's keys cannot be known from its
// arguments alone (Keyspace, MovableKeys, NoMandatoryKeys). The commands
// then run with the batch held (Ctx.Lock and LockKeys find their keys in
// it), so no other connection, from either port, sees a state between two
// of them.

var transactionCommands = []*Command{
	{Name: "multi", Arity: 1, Flags: NoScript | Loading | Stale | Fast | AllowBusy, Group: GroupTransactions, Handler: cmdMulti, Since: "1.2.0", Summary: "Mark the start of a transaction block"},
	{Name: "exec", Arity: 1, Flags: NoScript | Loading | Stale | SkipSlowlog, Group: GroupTransactions, Handler: cmdExec, Since: "1.2.0", Summary: "Execute all commands issued after MULTI"},
	{Name: "discard", Arity: 1, Flags: NoScript | Loading | Stale | Fast | AllowBusy, Group: GroupTransactions, Handler: cmdDiscard, Since: "2.0.0", Summary: "Discard all commands issued after MULTI"},
	{Name: "watch", Arity: -2, Flags: NoScript | Loading | Stale | Fast | AllowBusy, Group: GroupTransactions, FirstKey: 1, LastKey: -1, Step: 1, Handler: cmdWatch, Since: "2.2.0", Summary: "Watch the given keys to determine execution of the MULTI/EXEC block"},
	{Name: "unwatch", Arity: 1, Flags: NoScript | Loading | Stale | Fast | AllowBusy, Group: GroupTransactions, Handler: cmdUnwatch, Since: "2.2.0", Summary: "Forget about all watched keys"},
}

// queue adds a command to the client's transaction and answers +QUEUED.
// The arguments are copied into one buffer. Nothing is kept once the
// transaction is doomed (Redis's queueMultiCommand).
func (c *Ctx) queue(cmd *Command, args [][]byte) {
	m := c.Client.Multi
	if !m.Aborted {
		n := 0
		for _, a := range args {
			n += len(a)
		}
		buf := make([]byte, 0, n)
		q := QueuedCmd{Cmd: cmd, Args: make([][]byte, len(args))}
		for i, a := range args {
			buf = append(buf, a...)
			q.Args[i] = buf[len(buf)-len(a) : len(buf) : len(buf)]
		}
		m.Cmds = append(m.Cmds, q)
		m.Flags |= cmd.Flags
	}
	c.Simple("QUEUED")
}

// discardMulti drops the queued transaction.
func (c *Ctx) discardMulti() { c.Client.Multi = nil }

// MULTI
func cmdMulti(c *Ctx) {
	if c.Client.Multi != nil {
		c.Err(ErrNestedMulti)
		return
	}
	c.Client.Multi = &MultiState{}
	c.OK()
}

// DISCARD
func cmdDiscard(c *Ctx) {
	if c.Client.Multi == nil {
		c.Err(ErrDiscardNoMul)
		return
	}
	c.discardMulti()
	c.unwatchAll()
	c.OK()
}

// WATCH key [key ...]
func cmdWatch(c *Ctx) {
	if c.Client.Multi != nil {
		c.Err(ErrWatchInMulti)
		return
	}
	for _, key := range c.Args[1:] {
		c.watch(key)
	}
	c.OK()
}

// UNWATCH
func cmdUnwatch(c *Ctx) {
	c.unwatchAll()
	c.OK()
}

// needsAll reports whether a queued command's keys cannot be told from its
// key positions, so EXEC must lock every stripe.
func needsAll(cmd *Command) bool {
	return cmd.Flags&(Keyspace|MovableKeys|NoMandatoryKeys) != 0
}

// appendKeys appends the keys of args by cmd's key positions (Redis's
// legacy first/last/step triple; a negative last counts from the end).
func appendKeys(dst [][]byte, cmd *Command, args [][]byte) [][]byte {
	if cmd.FirstKey <= 0 || cmd.FirstKey >= len(args) {
		return dst
	}
	last := cmd.LastKey
	if last < 0 {
		last += len(args)
	}
	if last >= len(args) {
		last = len(args) - 1
	}
	step := cmd.Step
	if step <= 0 {
		step = 1
	}
	for i := cmd.FirstKey; i <= last; i += step {
		dst = append(dst, args[i])
	}
	return dst
}

// EXEC
func cmdExec(c *Ctx) {
	m := c.Client.Multi
	if m == nil {
		c.Err(ErrExecNoMulti)
		return
	}
	self := c.Cmd
	if m.Aborted {
		c.discardMulti()
		c.unwatchAll()
		c.Err(ErrExecAbort)
		return
	}
	// Lock what the transaction touches, then check the watches: a write
	// to a watched key either came before (and is seen) or waits for EXEC.
	all := false
	keys := c.keyBuf[:0]
	for _, q := range m.Cmds {
		if needsAll(q.Cmd) {
			all = true
			break
		}
		keys = appendKeys(keys, q.Cmd, q.Args)
	}
	if all {
		c.Eng.LockAll(&c.batch)
	} else {
		keys = c.appendWatchedKeys(keys)
		if len(keys) > 0 {
			c.Eng.LockKeys(&c.batch, keys)
		}
	}
	for i := range keys {
		keys[i] = nil
	}
	c.keyBuf = keys[:0]
	if c.watchFailed(c.Now()) {
		c.batch.Unlock()
		c.discardMulti()
		c.unwatchAll()
		c.NullArray()
		return
	}
	c.unwatchAll()
	c.discardMulti()
	locked := c.batch.Locked()
	c.inExec = locked
	c.Array(len(m.Cmds))
	for _, q := range m.Cmds {
		c.Args = q.Args
		c.call(q.Cmd)
	}
	c.inExec = false
	if locked {
		c.batch.Unlock()
	}
	c.Cmd = self
	c.failed = false
}
