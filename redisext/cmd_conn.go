package redisext

import (
	"crypto/subtle"
	"strconv"
	"strings"
)

var connectionCommands = []*Command{
	{Name: "ping", Arity: -1, Flags: Fast, Group: GroupConnection, Handler: cmdPing, Since: "1.0.0", Summary: "Ping the server"},
	{Name: "echo", Arity: 2, Flags: Loading | Stale | Fast, Group: GroupConnection, Handler: cmdEcho, Since: "1.0.0", Summary: "Echo the given string"},
	{Name: "quit", Arity: -1, Flags: NoAuth | Fast | Stale | NoScript | Loading | AllowBusy, Group: GroupConnection, Handler: cmdQuit, Since: "1.0.0", Summary: "Close the connection"},
	{Name: "select", Arity: 2, Flags: Loading | Stale | Fast, Group: GroupConnection, Handler: cmdSelect, Since: "1.0.0", Summary: "Change the selected database for the current connection"},
	{Name: "auth", Arity: -2, Flags: NoScript | Loading | Stale | Fast | NoAuth | AllowBusy, Group: GroupConnection, Handler: cmdAuth, Since: "1.0.0", Summary: "Authenticate to the server"},
	{Name: "hello", Arity: -1, Flags: NoScript | Loading | Stale | Fast | NoAuth | AllowBusy, Group: GroupConnection, Handler: cmdHello, Since: "6.0.0", Summary: "Handshake with Redis"},
	{Name: "reset", Arity: 1, Flags: NoScript | Loading | Stale | Fast | NoAuth | AllowBusy, Group: GroupConnection, Handler: cmdReset, Since: "6.2.0", Summary: "Reset the connection"},
}

// PING [message]
func cmdPing(c *Ctx) {
	if len(c.Args) > 2 {
		c.WrongArgs()
		return
	}
	if c.Client.Proto == 2 && c.Client.Subscribed() {
		// In RESP2 subscribed mode PING replies as a pub/sub message.
		c.Array(2)
		c.BulkString("pong")
		if len(c.Args) == 2 {
			c.Bulk(c.Args[1])
		} else {
			c.BulkString("")
		}
		return
	}
	if len(c.Args) == 2 {
		c.Bulk(c.Args[1])
		return
	}
	c.Simple("PONG")
}

// ECHO message
func cmdEcho(c *Ctx) { c.Bulk(c.Args[1]) }

// QUIT
func cmdQuit(c *Ctx) {
	c.OK()
	c.Close()
}

// SELECT index
func cmdSelect(c *Ctx) {
	db, err := strconv.ParseInt(string(c.Args[1]), 10, 64)
	if err != nil {
		c.Err(ErrNotInteger)
		return
	}
	if db < 0 || db >= int64(c.Eng.Databases()) {
		c.Err(ErrDBIndex)
		return
	}
	c.Client.DB = int(db)
	c.OK()
}

// checkPassword reports whether user/pass authenticate the default user.
func (c *Ctx) checkPassword(user, pass []byte) bool {
	want := c.Host.RequirePass()
	if string(user) != "default" {
		return false
	}
	if want == "" {
		return true // nopass: any password
	}
	return subtle.ConstantTimeCompare(pass, []byte(want)) == 1
}

// AUTH [username] password
func cmdAuth(c *Ctx) {
	if len(c.Args) > 3 {
		c.Err(ErrSyntax)
		return
	}
	user, pass := []byte("default"), c.Args[1]
	if len(c.Args) == 2 {
		if c.Host.RequirePass() == "" {
			c.Err("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?")
			return
		}
	} else {
		user, pass = c.Args[1], c.Args[2]
	}
	if !c.checkPassword(user, pass) {
		c.Err(ErrWrongPass)
		return
	}
	c.Client.Authenticated = true
	c.OK()
}

// HELLO [protover [AUTH username password] [SETNAME clientname]]
func cmdHello(c *Ctx) {
	ver := int64(0)
	next := 1
	if len(c.Args) >= 2 {
		v, err := strconv.ParseInt(string(c.Args[1]), 10, 64)
		if err != nil {
			c.Err("ERR Protocol version is not an integer or out of range")
			return
		}
		if v < 2 || v > 3 {
			c.Err("NOPROTO unsupported protocol version")
			return
		}
		ver = v
		next = 2
	}
	for j := next; j < len(c.Args); j++ {
		more := len(c.Args) - 1 - j
		opt := string(c.Args[j])
		switch {
		case strings.EqualFold(opt, "AUTH") && more >= 2:
			if !c.checkPassword(c.Args[j+1], c.Args[j+2]) {
				c.Err(ErrWrongPass)
				return
			}
			c.Client.Authenticated = true
			j += 2
		case strings.EqualFold(opt, "SETNAME") && more >= 1:
			if !c.setClientName(c.Args[j+1]) {
				return
			}
			j++
		default:
			c.Err("ERR Syntax error in HELLO option '" + sanitize(opt) + "'")
			return
		}
	}
	if !c.Client.Authenticated && c.Host.RequirePass() != "" {
		c.Err("NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time")
		return
	}
	if ver != 0 {
		c.Client.Proto = int(ver)
	}
	c.Map(7)
	c.BulkString("server")
	c.BulkString("redis")
	c.BulkString("version")
	c.BulkString(RedisVersion)
	c.BulkString("proto")
	c.Int(int64(c.Client.Proto))
	c.BulkString("id")
	c.Int(int64(c.Client.ID))
	c.BulkString("mode")
	c.BulkString("standalone")
	c.BulkString("role")
	c.BulkString("master")
	c.BulkString("modules")
	c.Array(0)
}

// RedisVersion is the Redis version Corvid reports (HELLO, INFO).
var RedisVersion = "7.0.15"

// setClientName validates and sets the client name (CLIENT SETNAME,
// HELLO SETNAME); on a bad name it replies the error and reports false.
func (c *Ctx) setClientName(name []byte) bool {
	for _, ch := range name {
		if ch < '!' || ch > '~' {
			c.Err("ERR Client names cannot contain spaces, newlines or special characters.")
			return false
		}
	}
	if len(name) == 0 {
		c.Client.Name.Store(nil)
		return true
	}
	s := string(name)
	c.Client.Name.Store(&s)
	return true
}

// RESET
func cmdReset(c *Ctx) {
	cl := c.Client
	if cl.Multi != nil {
		c.discardMulti()
	}
	c.unwatchAll()
	c.unsubscribeAll()
	cl.DB = 0
	cl.Proto = 2
	cl.Name.Store(nil)
	cl.ReplyMode = replyOn
	cl.NoEvict = false
	cl.Authenticated = c.Host.RequirePass() == ""
	c.Simple("RESET")
}
