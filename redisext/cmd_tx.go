package redisext

var transactionCommands = []*Command{}

// queue adds a command to the client's transaction.
func (c *Ctx) queue(cmd *Command, args [][]byte) {
	m := c.Client.Multi
	q := QueuedCmd{Cmd: cmd, Args: make([][]byte, len(args))}
	for i, a := range args {
		q.Args[i] = append([]byte(nil), a...)
	}
	m.Cmds = append(m.Cmds, q)
	m.Flags |= cmd.Flags
	c.Simple("QUEUED")
}

// discardMulti drops the queued transaction.
func (c *Ctx) discardMulti() { c.Client.Multi = nil }

// unwatchAll forgets every key the client watches.
func (c *Ctx) unwatchAll() {}
