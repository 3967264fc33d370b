package redisext

import (
	"strconv"
	"strings"
	"time"
)

// CLIENT: the connection administration commands (Redis's networking.c
// clientCommand).

var clientCommand = &Command{Name: "client", Arity: -2, Group: GroupConnection, Since: "2.4.0",
	Summary: "A container for client connection commands",
	Subcommands: []*Command{
		{Name: "id", Arity: 2, Flags: NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientID, Since: "5.0.0", Summary: "Returns the client ID for the current connection"},
		{Name: "setname", Arity: 3, Flags: NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientSetName, Since: "2.6.9", Summary: "Set the current connection name"},
		{Name: "getname", Arity: 2, Flags: NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientGetName, Since: "2.6.9", Summary: "Get the current connection name"},
		{Name: "list", Arity: -2, Flags: Admin | NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientList, Since: "2.4.0", Summary: "Get the list of client connections"},
		{Name: "info", Arity: 2, Flags: NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientInfo, Since: "6.2.0", Summary: "Returns information about the current client connection."},
		{Name: "kill", Arity: -3, Flags: Admin | NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientKill, Since: "2.4.0", Summary: "Kill the connection of a client"},
		{Name: "setinfo", Arity: 4, Flags: NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientSetInfo, Since: "7.2.0", Summary: "Set client or connection specific info"},
		{Name: "pause", Arity: -3, Flags: Admin | NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientPause, Since: "2.9.50", Summary: "Stop processing commands from clients for some time"},
		{Name: "unpause", Arity: 2, Flags: Admin | NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientUnpause, Since: "6.2.0", Summary: "Resume processing of clients that were paused"},
		{Name: "no-evict", Arity: 3, Flags: Admin | NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientNoEvict, Since: "7.0.0", Summary: "Set client eviction mode for the current connection"},
		{Name: "reply", Arity: 3, Flags: NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientReply, Since: "3.2.0", Summary: "Instruct the server whether to reply to commands"},
		{Name: "unblock", Arity: -3, Flags: Admin | NoScript | Loading | Stale, Group: GroupConnection, Handler: cmdClientUnblock, Since: "5.0.0", Summary: "Unblock a client blocked in a blocking command from a different connection"},
		{Name: "help", Arity: 2, Flags: Loading | Stale, Group: GroupConnection, Handler: cmdClientHelp, Since: "5.0.0", Summary: "Show helpful text about the different subcommands"},
	}}

// replySkipNext is CLIENT REPLY SKIP's mode until the next command starts,
// when call turns it into replySkip (Redis's CLIENT_REPLY_SKIP_NEXT).
const replySkipNext uint8 = 3

// help replies Redis's addReplyHelp: a header, the lines, and HELP.
func (c *Ctx) help(lines ...string) {
	c.Array(len(lines) + 3)
	c.Simple(strings.ToUpper(string(c.Args[0])) + " <subcommand> [<arg> [value] [opt] ...]. Subcommands are:")
	for _, l := range lines {
		c.Simple(l)
	}
	c.Simple("HELP")
	c.Simple("    Prints this help.")
}

// CLIENT ID
func cmdClientID(c *Ctx) { c.Int(int64(c.Client.ID)) }

// CLIENT SETNAME connection-name
func cmdClientSetName(c *Ctx) {
	if c.setClientName(c.Args[2]) {
		c.OK()
	}
}

// CLIENT GETNAME
func cmdClientGetName(c *Ctx) {
	if n := c.Client.Name.Load(); n != nil {
		c.BulkString(*n)
		return
	}
	c.Null()
}

// CLIENT SETINFO <LIB-NAME libname | LIB-VER libver> (Redis 7.2; go-redis
// and redis-py send it on connect)
func cmdClientSetInfo(c *Ctx) {
	attr, val := strings.ToLower(string(c.Args[2])), string(c.Args[3])
	var p = &c.Client.LibName
	switch attr {
	case "lib-name":
	case "lib-ver":
		p = &c.Client.LibVer
	default:
		c.Err("ERR Unrecognized option '" + sanitize(string(c.Args[2])) + "'")
		return
	}
	for i := 0; i < len(val); i++ {
		if val[i] < '!' || val[i] > '~' {
			c.Err("ERR " + attr + " cannot contain spaces, newlines or special characters.")
			return
		}
	}
	if val == "" {
		p.Store(nil)
	} else {
		p.Store(&val)
	}
	c.OK()
}

// clientType is a client's class for CLIENT LIST TYPE and CLIENT KILL TYPE.
const (
	clientNormal = iota
	clientReplica
	clientPubSub
	clientMaster
)

func clientTypeByName(s string) int {
	switch strings.ToLower(s) {
	case "normal":
		return clientNormal
	case "slave", "replica":
		return clientReplica
	case "pubsub":
		return clientPubSub
	case "master":
		return clientMaster
	}
	return -1
}

// clientType returns cl's class: a MONITOR client counts as a replica (as
// Redis's CLIENT_SLAVE flag makes it), a subscribed one as pubsub.
func (c *Ctx) clientType(cl *Client) int {
	if c.Admin.isMonitor(cl) {
		return clientReplica
	}
	if cl.Subscribed() {
		return clientPubSub
	}
	return clientNormal
}

// CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id ...]
func cmdClientList(c *Ctx) {
	typ := -1
	var ids map[uint64]bool
	switch {
	case len(c.Args) == 4 && strings.EqualFold(string(c.Args[2]), "type"):
		typ = clientTypeByName(string(c.Args[3]))
		if typ < 0 {
			c.Err("ERR Unknown client type '" + sanitize(string(c.Args[3])) + "'")
			return
		}
	case len(c.Args) > 3 && strings.EqualFold(string(c.Args[2]), "id"):
		ids = map[uint64]bool{}
		for _, a := range c.Args[3:] {
			id, err := strconv.ParseInt(string(a), 10, 64)
			if err != nil {
				c.Err("ERR Invalid client ID")
				return
			}
			ids[uint64(id)] = true
		}
	case len(c.Args) != 2:
		c.Err(ErrSyntax)
		return
	}
	var out []byte
	if ids != nil {
		// In the order the IDs were given, as Redis does.
		byID := map[uint64]*Client{}
		c.Host.Clients(func(cl *Client) {
			if ids[cl.ID] {
				byID[cl.ID] = cl
			}
		})
		seen := map[uint64]bool{}
		for _, a := range c.Args[3:] {
			id, _ := strconv.ParseInt(string(a), 10, 64)
			if cl := byID[uint64(id)]; cl != nil && !seen[cl.ID] {
				seen[cl.ID] = true
				out = c.appendClientInfo(out, cl)
				out = append(out, '\n')
			}
		}
	} else {
		var list []*Client
		c.Host.Clients(func(cl *Client) { list = append(list, cl) })
		sortClients(list)
		for _, cl := range list {
			if typ >= 0 && c.clientType(cl) != typ {
				continue
			}
			out = c.appendClientInfo(out, cl)
			out = append(out, '\n')
		}
	}
	c.Verbatim(out)
}

// sortClients orders clients by id (Redis lists them in connection order).
func sortClients(list []*Client) {
	for i := 1; i < len(list); i++ {
		for j := i; j > 0 && list[j].ID < list[j-1].ID; j-- {
			list[j], list[j-1] = list[j-1], list[j]
		}
	}
}

// CLIENT INFO
func cmdClientInfo(c *Ctx) {
	out := c.appendClientInfo(nil, c.Client)
	c.Verbatim(append(out, '\n'))
}

// inputBuffered is implemented by connections that know how many input
// bytes wait unparsed (the server's RESP connections).
type inputBuffered interface{ InputBuffered() int }

// appendClientInfo appends cl's CLIENT LIST line (without the newline) in
// Redis 7.0's format (networking.c catClientInfoString).
func (c *Ctx) appendClientInfo(b []byte, cl *Client) []byte {
	now := time.Now().UnixMilli()
	self := cl == c.Client
	flags := ""
	if c.Admin.isMonitor(cl) {
		flags += "O"
	}
	if cl.Subscribed() {
		flags += "P"
	}
	if cl.Multi != nil {
		flags += "x"
	}
	if c.Blocked.IsBlocked(cl) {
		flags += "b"
	}
	if cl.Conn != nil && strings.HasPrefix(cl.Conn.RemoteAddr(), "/") {
		flags += "U"
	}
	if cl.NoEvict {
		flags += "e"
	}
	if flags == "" {
		flags = "N"
	}
	qbuf := 0
	argvMem := 0
	if self {
		// The command running is still in the query buffer, as in Redis.
		qbuf = respLen(c.Args)
		for _, a := range c.Args {
			argvMem += len(a)
		}
	} else if ib, ok := cl.Conn.(inputBuffered); ok {
		qbuf = ib.InputBuffered()
	}
	qbufFree := 0
	if qbuf > 0 {
		qbufFree = 20474 - qbuf // what is left of Redis's initial 20 KiB buffer
		if qbufFree < 0 {
			qbufFree = 0
		}
	}
	multi, multiMem := -1, 0
	if m := cl.Multi; m != nil {
		multi = len(m.Cmds)
		for _, q := range m.Cmds {
			for _, a := range q.Args {
				multiMem += len(a)
			}
		}
	}
	obl, omem := 0, 0
	if cl.Conn != nil {
		omem = cl.Conn.OutputBuffered()
	}
	cmd := "NULL"
	if s := cl.LastCmd.Load(); s != nil {
		cmd = *s
	}
	if self && c.Cmd != nil {
		cmd = c.Cmd.FullName
	}
	addr, laddr, fd := "", "", -1
	if cl.Conn != nil {
		addr, laddr, fd = cl.Conn.RemoteAddr(), cl.Conn.LocalAddr(), cl.Conn.FD()
	}
	events := "r"
	if omem > 0 {
		events = "rw"
	}
	totMem := 1024 + qbuf + qbufFree + argvMem + multiMem + omem + 16384 + 1800
	b = append(b, "id="...)
	b = strconv.AppendUint(b, cl.ID, 10)
	b = append(b, " addr="...)
	b = append(b, addr...)
	b = append(b, " laddr="...)
	b = append(b, laddr...)
	b = append(b, " fd="...)
	b = strconv.AppendInt(b, int64(fd), 10)
	b = append(b, " name="...)
	b = append(b, str(&cl.Name)...)
	b = append(b, " age="...)
	b = strconv.AppendInt(b, (now-cl.Created)/1000, 10)
	b = append(b, " idle="...)
	idle := (now - cl.LastActive.Load()) / 1000
	if self || idle < 0 {
		idle = 0
	}
	b = strconv.AppendInt(b, idle, 10)
	b = append(b, " flags="...)
	b = append(b, flags...)
	b = append(b, " db="...)
	b = strconv.AppendInt(b, int64(cl.DB), 10)
	b = append(b, " sub="...)
	b = strconv.AppendInt(b, int64(len(cl.Subs)), 10)
	b = append(b, " psub="...)
	b = strconv.AppendInt(b, int64(len(cl.PSubs)), 10)
	b = append(b, " ssub="...)
	b = strconv.AppendInt(b, int64(len(cl.SSubs)), 10)
	b = append(b, " multi="...)
	b = strconv.AppendInt(b, int64(multi), 10)
	b = append(b, " qbuf="...)
	b = strconv.AppendInt(b, int64(qbuf), 10)
	b = append(b, " qbuf-free="...)
	b = strconv.AppendInt(b, int64(qbufFree), 10)
	b = append(b, " argv-mem="...)
	b = strconv.AppendInt(b, int64(argvMem), 10)
	b = append(b, " multi-mem="...)
	b = strconv.AppendInt(b, int64(multiMem), 10)
	b = append(b, " rbs=1024 rbp=0 obl="...)
	b = strconv.AppendInt(b, int64(obl), 10)
	b = append(b, " oll=0 omem="...)
	b = strconv.AppendInt(b, int64(omem), 10)
	b = append(b, " tot-mem="...)
	b = strconv.AppendInt(b, int64(totMem), 10)
	b = append(b, " events="...)
	b = append(b, events...)
	b = append(b, " cmd="...)
	b = append(b, cmd...)
	b = append(b, " user=default redir=-1 resp="...)
	b = strconv.AppendInt(b, int64(cl.Proto), 10)
	return b
}

// respLen returns the size of args encoded as a RESP multibulk request.
func respLen(args [][]byte) int {
	n := 1 + len(strconv.Itoa(len(args))) + 2
	for _, a := range args {
		n += 1 + len(strconv.Itoa(len(a))) + 2 + len(a) + 2
	}
	return n
}

// CLIENT KILL ip:port
// CLIENT KILL [ID client-id] [TYPE NORMAL|MASTER|SLAVE|REPLICA|PUBSUB]
// [USER username] [ADDR ip:port] [LADDR ip:port] [SKIPME YES|NO] ...
func cmdClientKill(c *Ctx) {
	var addr, laddr string
	var haveAddr, haveLaddr bool
	typ := -1
	var id uint64
	skipme := true
	if len(c.Args) == 3 {
		addr, haveAddr = string(c.Args[2]), true
		skipme = false // with the old form a client may kill itself
	} else {
		for i := 2; i < len(c.Args); i += 2 {
			opt := strings.ToLower(string(c.Args[i]))
			if i+1 >= len(c.Args) {
				c.Err(ErrSyntax)
				return
			}
			val := string(c.Args[i+1])
			switch opt {
			case "id":
				n, err := strconv.ParseInt(val, 10, 64)
				if err != nil || n < 1 {
					c.Err("ERR client-id should be greater than 0")
					return
				}
				id = uint64(n)
			case "type":
				typ = clientTypeByName(val)
				if typ < 0 {
					c.Err("ERR Unknown client type '" + sanitize(val) + "'")
					return
				}
			case "addr":
				addr, haveAddr = val, true
			case "laddr":
				laddr, haveLaddr = val, true
			case "user":
				if val != "default" {
					c.Err("ERR No such user '" + sanitize(val) + "'")
					return
				}
			case "skipme":
				switch strings.ToLower(val) {
				case "yes":
					skipme = true
				case "no":
					skipme = false
				default:
					c.Err(ErrSyntax)
					return
				}
			default:
				c.Err(ErrSyntax)
				return
			}
		}
	}
	var victims []*Client
	c.Host.Clients(func(cl *Client) {
		if haveAddr && (cl.Conn == nil || cl.Conn.RemoteAddr() != addr) {
			return
		}
		if haveLaddr && (cl.Conn == nil || cl.Conn.LocalAddr() != laddr) {
			return
		}
		if typ >= 0 && c.clientType(cl) != typ {
			return
		}
		if id != 0 && cl.ID != id {
			return
		}
		if cl == c.Client && skipme {
			return
		}
		victims = append(victims, cl)
	})
	killed := 0
	for _, cl := range victims {
		if cl == c.Client {
			c.Close() // after this reply, as Redis's CLIENT_CLOSE_AFTER_REPLY
			killed++
			continue
		}
		if c.Host.KillClient(cl.ID) {
			killed++
		}
	}
	if len(c.Args) == 3 {
		if killed == 0 {
			c.Err("ERR No such client")
		} else {
			c.OK()
		}
		return
	}
	c.Int(int64(killed))
}

// CLIENT PAUSE timeout [WRITE|ALL]
func cmdClientPause(c *Ctx) {
	if len(c.Args) > 4 {
		c.WrongArgs()
		return
	}
	typ := pauseAll
	if len(c.Args) == 4 {
		switch strings.ToLower(string(c.Args[3])) {
		case "write":
			typ = pauseWrite
		case "all":
			typ = pauseAll
		default:
			c.Err("ERR CLIENT PAUSE mode must be WRITE or ALL")
			return
		}
	}
	ms, ok := c.timeoutArg(c.Args[2])
	if !ok {
		return
	}
	c.Admin.pause(typ, time.Now().UnixMilli()+ms)
	c.OK()
}

// timeoutArg parses a timeout in milliseconds as Redis's
// getTimeoutFromObjectOrReply; on error it replies and reports false.
func (c *Ctx) timeoutArg(b []byte) (int64, bool) {
	n, err := strconv.ParseInt(string(b), 10, 64)
	if err != nil {
		c.Err("ERR timeout is not an integer or out of range")
		return 0, false
	}
	if n < 0 {
		c.Err("ERR timeout is negative")
		return 0, false
	}
	return n, true
}

// CLIENT UNPAUSE
func cmdClientUnpause(c *Ctx) {
	c.Admin.unpause()
	c.OK()
}

// CLIENT NO-EVICT ON|OFF
func cmdClientNoEvict(c *Ctx) {
	switch strings.ToLower(string(c.Args[2])) {
	case "on":
		c.Client.NoEvict = true
	case "off":
		c.Client.NoEvict = false
	default:
		c.Err(ErrSyntax)
		return
	}
	c.OK()
}

// CLIENT REPLY ON|OFF|SKIP
func cmdClientReply(c *Ctx) {
	switch strings.ToLower(string(c.Args[2])) {
	case "on":
		c.Client.ReplyMode = replyOn
		c.OK()
	case "off":
		c.Client.ReplyMode = replyOff
	case "skip":
		if c.Client.ReplyMode != replyOff {
			c.Client.ReplyMode = replySkipNext
		}
	default:
		c.Err(ErrSyntax)
	}
}

// CLIENT HELP
func cmdClientHelp(c *Ctx) {
	c.help(
		"CACHING (YES|NO)",
		"    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.",
		"GETREDIR",
		"    Return the client ID we are redirecting to when tracking is enabled.",
		"GETNAME",
		"    Return the name of the current connection.",
		"ID",
		"    Return the ID of the current connection.",
		"INFO",
		"    Return information about the current client connection.",
		"KILL <ip:port>",
		"    Kill connection made from <ip:port>.",
		"KILL <option> <value> [<option> <value> [...]]",
		"    Kill connections. Options are:",
		"    * ADDR (<ip:port>|<unixsocket>:0)",
		"      Kill connections made from the specified address",
		"    * LADDR (<ip:port>|<unixsocket>:0)",
		"      Kill connections made to specified local address",
		"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
		"      Kill connections by type.",
		"    * USER <username>",
		"      Kill connections authenticated by <username>.",
		"    * SKIPME (YES|NO)",
		"      Skip killing current connection (default: yes).",
		"LIST [options ...]",
		"    Return information about client connections. Options:",
		"    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)",
		"      Return clients of specified type.",
		"UNPAUSE",
		"    Stop the current client pause, resuming traffic.",
		"PAUSE <timeout> [WRITE|ALL]",
		"    Suspend all, or just write, clients for <timeout> milliseconds.",
		"REPLY (ON|OFF|SKIP)",
		"    Control the replies sent to the current connection.",
		"SETNAME <name>",
		"    Assign the name <name> to the current connection.",
		"UNBLOCK <clientid> [TIMEOUT|ERROR]",
		"    Unblock the specified blocked client.",
		"TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]",
		"         [OPTIN] [OPTOUT] [NOLOOP]",
		"    Control server assisted client side caching.",
		"TRACKINGINFO",
		"    Report tracking status for the current connection.",
		"NO-EVICT (ON|OFF)",
		"    Protect current client connection from eviction.",
	)
}
