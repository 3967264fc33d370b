package redisext

import "sync/atomic"

// Host is what this package needs from the server it runs in. The server
// implements it; every method is safe for concurrent use.
type Host interface {
	// ConfigGet returns the parameters matching the glob pattern (Redis's
	// CONFIG GET rules: case-insensitive, aliases included), as name/value
	// pairs.
	ConfigGet(pattern string) [][2]string
	// ConfigSet sets parameters atomically (all or none), applying them to
	// the running server. The error text is Redis's, without "ERR ".
	ConfigSet(pairs [][2]string) error
	// ConfigRewrite writes the configuration back to its file.
	ConfigRewrite() error
	// ResetStats zeroes the statistics (CONFIG RESETSTAT).
	ResetStats()
	// RequirePass returns the password the default user needs ("" = none).
	RequirePass() string
	// InfoSection appends the fields of a server-owned INFO section
	// ("server", "clients", "stats", "persistence", "replication", "cpu")
	// as "name:value\r\n" lines, without the "# Section" header. It
	// reports false for a section it does not own.
	InfoSection(dst []byte, section string) ([]byte, bool)
	// Clients calls fn for every connected Redis client.
	Clients(fn func(c *Client))
	// KillClient closes the connection of client id; it reports whether
	// such a client existed.
	KillClient(id uint64) bool
	// Shutdown stops the server (SHUTDOWN).
	Shutdown()
	// Now returns the server's time in Unix milliseconds.
	Now() int64
}

// Conn is a client's connection, implemented by the server.
type Conn interface {
	// Push delivers an out-of-band message (pub/sub, MONITOR) to the
	// client from any goroutine; the server queues it on the connection's
	// event loop and disconnects the client if its output buffer passes
	// the pubsub client-output-buffer-limit. It reports false if the
	// connection is gone.
	Push(msg []byte) bool
	// Close closes the connection after the pending replies are written.
	Close()
	// RemoteAddr and LocalAddr are "ip:port" (or a socket path).
	RemoteAddr() string
	LocalAddr() string
	// FD is the socket's file descriptor.
	FD() int
	// OutputBuffered is the bytes waiting to be written.
	OutputBuffered() int
}

// Client is the Redis state of one connection. The fields are owned by the
// connection's event loop; those read by other connections (CLIENT LIST,
// pub/sub) are atomic or set before the client is published.
type Client struct {
	ID      uint64
	Conn    Conn
	Created int64 // Unix ms

	DB            int
	Proto         int // 2 or 3
	Authenticated bool
	Name          atomic.Pointer[string]
	LibName       atomic.Pointer[string]
	LibVer        atomic.Pointer[string]
	LastCmd       atomic.Pointer[string]
	LastActive    atomic.Int64 // Unix ms of the last command
	ReplyMode     uint8        // replyOn, replyOff, replySkip
	NoEvict       bool

	// Transaction state (cmd_tx.go).
	Multi *MultiState
	// Pub/sub subscriptions (cmd_pubsub.go); their counts are read by
	// CLIENT LIST.
	Subs   map[string]struct{}
	PSubs  map[string]struct{}
	SSubs  map[string]struct{}
	NSubs  atomic.Int32 // channels + patterns + shard channels
	Closed atomic.Bool
}

// Reply modes (CLIENT REPLY).
const (
	replyOn uint8 = iota
	replyOff
	replySkip
)

// NewClient makes the state of a new connection.
func NewClient(id uint64, conn Conn, now int64, authenticated bool) *Client {
	c := &Client{ID: id, Conn: conn, Created: now, Proto: 2, Authenticated: authenticated}
	c.LastActive.Store(now)
	return c
}

// Subscribed reports whether the client is in pub/sub mode.
func (cl *Client) Subscribed() bool { return cl.NSubs.Load() > 0 }

// str returns the string behind p, or "".
func str(p *atomic.Pointer[string]) string {
	if s := p.Load(); s != nil {
		return *s
	}
	return ""
}

// MultiState holds a transaction being queued (MULTI ... EXEC).
type MultiState struct {
	Cmds    []QueuedCmd
	Aborted bool // a command failed to queue: EXEC answers EXECABORT
	Flags   Flags
}

// QueuedCmd is one command of a transaction, its arguments copied.
type QueuedCmd struct {
	Cmd  *Command
	Args [][]byte
}
