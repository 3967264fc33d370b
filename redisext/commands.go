package redisext

import (
	"log"
	"runtime/debug"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Flags describe a command, with the meanings of Redis's server.h CMD_*
// flags; COMMAND INFO reports them by the names in flagNames.
type Flags uint32

// Command flags.
const (
	Write Flags = 1 << iota
	ReadOnly
	DenyOOM
	Admin
	PubSub
	NoScript
	Blocking
	Loading
	Stale
	SkipMonitor
	SkipSlowlog
	Fast
	NoAuth
	MayReplicate
	NoMulti
	MovableKeys
	AllowBusy
	NoMandatoryKeys
	// Keyspace marks a command that reads or changes the whole keyspace
	// (FLUSHDB, KEYS, SCAN, DBSIZE, RANDOMKEY, SWAPDB...): inside EXEC it
	// needs every stripe locked. Corvid's own flag, not shown by COMMAND.
	Keyspace
)

var flagNames = []struct {
	f    Flags
	name string
}{
	{Write, "write"}, {ReadOnly, "readonly"}, {DenyOOM, "denyoom"}, {Admin, "admin"},
	{PubSub, "pubsub"}, {NoScript, "noscript"}, {Blocking, "blocking"}, {Loading, "loading"},
	{Stale, "stale"}, {SkipMonitor, "skip_monitor"}, {SkipSlowlog, "skip_slowlog"},
	{Fast, "fast"}, {NoAuth, "no_auth"}, {MayReplicate, "may_replicate"},
	{NoMandatoryKeys, "no_mandatory_keys"}, {NoMulti, "no_multi"}, {MovableKeys, "movablekeys"},
	{AllowBusy, "allow_busy"},
}

// FlagNames returns the COMMAND INFO names of f.
func (f Flags) Names() []string {
	var out []string
	for _, n := range flagNames {
		if f&n.f != 0 {
			out = append(out, n.name)
		}
	}
	return out
}

// Group is a command's group (Redis's COMMAND DOCS "group"), which decides
// the file its handler lives in.
type Group uint8

// Command groups.
const (
	GroupGeneric Group = iota
	GroupString
	GroupList
	GroupSet
	GroupSortedSet
	GroupHash
	GroupPubSub
	GroupTransactions
	GroupConnection
	GroupServer
	GroupScripting
	GroupHyperLogLog
	GroupCluster
	GroupGeo
	GroupStream
	GroupBitmap
)

var groupNames = [...]string{"generic", "string", "list", "set", "sorted-set", "hash", "pubsub",
	"transactions", "connection", "server", "scripting", "hyperloglog", "cluster", "geo", "stream", "bitmap"}

// String returns the group's name as COMMAND DOCS reports it.
func (g Group) String() string { return groupNames[g] }

// Command is one row of the command table.
type Command struct {
	Name  string // lowercase
	Arity int    // N = exactly N arguments including the name; -N = at least N
	Flags Flags
	Group Group
	// Key positions, Redis's legacy triple: the first key's index, the last
	// key's index (negative counts from the end), and the step. 0,0,0 for
	// no keys.
	FirstKey, LastKey, Step int
	Handler                 func(c *Ctx)
	// Subcommands of a container command (CONFIG GET...), named without
	// the container's prefix.
	Subcommands []*Command
	// Since is the Redis version that introduced it (COMMAND DOCS).
	Since string
	// Summary is its one-line description (COMMAND DOCS).
	Summary string

	FullName string // "get", or "config|get" for a subcommand
	Parent   *Command
	id       int
}

// The command table: the concatenation of every group's list. Each
// cmd_<group>.go file declares its own list; this is the only place they
// are put together.
var commandLists = [][]*Command{
	connectionCommands,
	serverCommands,
	genericCommands,
	stringCommands,
	bitmapCommands,
	pubsubCommands,
	transactionCommands,
	hashCommands,
	listCommands,
	setCommands,
	zsetCommands,
	blockingCommands,
	sortCommands,
}

var (
	tableOnce  sync.Once
	table      map[string]*Command
	allCmds    []*Command // every command and subcommand, by id
	sortedCmds []*Command // top-level commands, sorted by name
)

func buildTable() {
	table = map[string]*Command{}
	for _, list := range commandLists {
		for _, cmd := range list {
			if _, dup := table[cmd.Name]; dup {
				panic("BUG: redisext: command " + cmd.Name + " registered twice")
			}
			cmd.FullName = cmd.Name
			cmd.id = len(allCmds)
			allCmds = append(allCmds, cmd)
			table[cmd.Name] = cmd
			sortedCmds = append(sortedCmds, cmd)
			for _, sub := range cmd.Subcommands {
				sub.Parent = cmd
				sub.FullName = cmd.Name + "|" + sub.Name
				sub.id = len(allCmds)
				allCmds = append(allCmds, sub)
			}
		}
	}
	sort.Slice(sortedCmds, func(i, j int) bool { return sortedCmds[i].Name < sortedCmds[j].Name })
}

// Commands returns every top-level command, sorted by name.
func Commands() []*Command {
	tableOnce.Do(buildTable)
	return sortedCmds
}

// lookupName returns the top-level command named b (any case).
func lookupName(b []byte) *Command {
	tableOnce.Do(buildTable)
	var buf [32]byte
	if len(b) > len(buf) {
		return nil
	}
	for i, ch := range b {
		if 'A' <= ch && ch <= 'Z' {
			ch += 'a' - 'A'
		}
		buf[i] = ch
	}
	return table[string(buf[:len(b)])]
}

// Lookup returns the command args would run: a subcommand for a container
// command given a subcommand name, else the command itself; nil if unknown.
func Lookup(args [][]byte) *Command {
	cmd := lookupName(args[0])
	if cmd == nil || len(cmd.Subcommands) == 0 || len(args) < 2 {
		return cmd
	}
	for _, sub := range cmd.Subcommands {
		if strings.EqualFold(sub.Name, string(args[1])) {
			return sub
		}
	}
	return nil
}

// LookupFullName finds "get" or "config|get".
func LookupFullName(name string) *Command {
	tableOnce.Do(buildTable)
	name = strings.ToLower(name)
	parent, sub, ok := strings.Cut(name, "|")
	cmd := table[parent]
	if cmd == nil || !ok {
		return cmd
	}
	for _, s := range cmd.Subcommands {
		if s.Name == sub {
			return s
		}
	}
	return nil
}

// Dispatch runs one command (args[0] is its name) and reports whether the
// connection must be closed once the reply is written. The reply is
// appended to c.Out.
func (c *Ctx) Dispatch(args [][]byte) (close bool) {
	c.Args = args
	cmd := Lookup(args)
	c.Cmd = cmd
	if cmd == nil {
		c.reject(unknownCommandError(args))
		return false
	}
	c.Cmd = cmd
	if (cmd.Arity > 0 && cmd.Arity != len(args)) || len(args) < -cmd.Arity {
		c.reject("ERR wrong number of arguments for '" + cmd.FullName + "' command")
		return false
	}
	if !c.Client.Authenticated && cmd.Flags&NoAuth == 0 && c.Host.RequirePass() != "" {
		c.reject(ErrNoAuth)
		return false
	}
	if c.Client.Multi != nil && cmd.Flags&NoMulti != 0 {
		c.reject(ErrNoMulti)
		return false
	}
	if c.Client.Proto == 2 && c.Client.Subscribed() && !allowedWhileSubscribed(cmd) {
		c.reject("ERR Can't execute '" + cmd.FullName + "': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context")
		return false
	}
	if c.Client.Multi != nil && !runsInsideMulti(cmd) {
		c.queue(cmd, args)
		return false
	}
	c.call(cmd)
	close = c.closeReq
	c.closeReq = false
	return close
}

// allowedWhileSubscribed lists what RESP2 allows a subscribed client.
func allowedWhileSubscribed(cmd *Command) bool {
	switch cmd.FullName {
	case "ping", "subscribe", "ssubscribe", "unsubscribe", "sunsubscribe", "psubscribe", "punsubscribe", "quit", "reset":
		return true
	}
	return false
}

// runsInsideMulti lists the commands MULTI does not queue.
func runsInsideMulti(cmd *Command) bool {
	switch cmd.FullName {
	case "exec", "discard", "multi", "watch", "quit", "reset":
		return true
	}
	return false
}

// reject answers a command refused before it ran; inside MULTI it also
// dooms the transaction (EXECABORT), as Redis's flagTransaction does.
func (c *Ctx) reject(msg string) {
	if c.Client.Multi != nil {
		c.Client.Multi.Aborted = true
	}
	c.Stats.countRejected(c.Cmd, msg)
	c.Err(msg)
	c.failed = false
}

// call runs a command's handler, with its statistics and reply mode.
func (c *Ctx) call(cmd *Command) {
	c.Cmd = cmd
	start := len(c.Out)
	c.failed = false
	if c.Client.ReplyMode == replySkipNext { // CLIENT REPLY SKIP before this command
		c.Client.ReplyMode = replySkip
	}
	args := c.Args
	if !c.batching {
		c.tick = monotime() // not inside StartBatch/FlushStats: time this command alone
	}
	c.runHandler(cmd, start)
	// One clock read per command: a command's time runs from the end of
	// the previous one (or the start of the batch) to its own end, so it
	// includes its parsing.
	t1 := monotime()
	d := time.Duration(t1 - c.tick)
	c.tick = t1
	c.stats.record(cmd, d, c.failed)
	c.Args, c.Cmd = args, cmd // EXEC runs other commands through call
	c.afterCall(cmd, d)       // slow log, latency, MONITOR (admin.go)
	if c.failed {
		c.Stats.errorReply(c.Out[start:])
	}
	switch c.Client.ReplyMode {
	case replyOff:
		if !pushesReply(cmd) { // subscription confirmations are pushes
			c.Out = c.Out[:start]
		}
	case replySkip:
		if !pushesReply(cmd) {
			c.Out = c.Out[:start]
		}
		c.Client.ReplyMode = replyOn
	}
}

// runHandler runs cmd's handler and releases the keys it locked together.
// A handler that panics (a bug) does not take the server down: its locks
// are released as its deferred Unlocks and this function run, its partial
// reply is dropped, the client gets an error in its place and the stack
// goes to the log. Redis has no such reply (it would crash); the error
// names the command so that a bug report can.
func (c *Ctx) runHandler(cmd *Command, start int) {
	defer func() {
		if c.cmdBatch {
			c.batch.Unlock()
			c.cmdBatch = false
		} else if c.inExec {
			c.batch.Release()
		}
		if r := recover(); r != nil {
			logf := c.Logf
			if logf == nil {
				logf = log.Printf
			}
			logf("BUG: redis command '%s' panicked: %v\n%s", cmd.FullName, r, debug.Stack())
			c.Out = c.Out[:start]
			c.Err("ERR internal error running '" + cmd.FullName + "' (logged; the server keeps running)")
		}
	}()
	cmd.Handler(c)
}

// monoBase is the origin of monotime.
var monoBase = time.Now()

// monotime returns monotonic nanoseconds. It reads only the monotonic
// clock (about half the cost of time.Now, which also reads the wall clock):
// one read per command for INFO commandstats, the slow log and latency.
func monotime() int64 { return int64(time.Since(monoBase)) }

// StartBatch marks the start of a batch of commands read at once (for
// command timing); the server calls it before the first Dispatch.
func (c *Ctx) StartBatch() {
	c.tick = monotime()
	c.batching = true
}

// FlushStats adds the connection's command counters to the shared ones;
// the server calls it after each batch of commands.
func (c *Ctx) FlushStats() {
	c.batching = false
	c.stats.flush(c.Stats)
}

// unknownCommandError is Redis's reply to an unknown command or subcommand.
func unknownCommandError(args [][]byte) string {
	if parent := lookupName(args[0]); parent != nil && len(parent.Subcommands) > 0 {
		return "ERR unknown subcommand '" + clip(sanitize(string(args[1])), 128) + "'. Try " + strings.ToUpper(string(args[0])) + " HELP."
	}
	var b strings.Builder
	for _, a := range args[1:] {
		if b.Len() >= 128 {
			break
		}
		b.WriteByte('\'')
		b.WriteString(clip(string(a), 128-b.Len()))
		b.WriteString("' ")
	}
	return "ERR unknown command '" + clip(sanitize(string(args[0])), 128) + "', with args beginning with: " + sanitize(b.String())
}

func clip(s string, n int) string {
	if n < 0 {
		n = 0
	}
	if len(s) > n {
		return s[:n]
	}
	return s
}

// sanitize replaces CR and LF, which would break the reply line.
func sanitize(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
}

// CommandStats are the per-command counters of INFO commandstats and
// errorstats.
type CommandStats struct {
	calls    []atomic.Uint64
	nanos    []atomic.Uint64
	rejected []atomic.Uint64
	failed   []atomic.Uint64
	mu       sync.Mutex
	errors   map[string]uint64 // error code ("ERR", "WRONGTYPE") -> count

	Hits, Misses atomic.Uint64 // keyspace_hits, keyspace_misses
}

func newCommandStats() *CommandStats {
	tableOnce.Do(buildTable)
	n := len(allCmds)
	return &CommandStats{calls: make([]atomic.Uint64, n), nanos: make([]atomic.Uint64, n),
		rejected: make([]atomic.Uint64, n), failed: make([]atomic.Uint64, n), errors: map[string]uint64{}}
}

// CommandStat is one command's counters.
type CommandStat struct {
	Cmd                           *Command
	Calls, Usec, Rejected, Failed uint64
}

// Each calls fn for every command that was called or rejected, in id order.
func (s *CommandStats) Each(fn func(st CommandStat)) {
	for i, cmd := range allCmds {
		st := CommandStat{Cmd: cmd, Calls: s.calls[i].Load(), Usec: s.nanos[i].Load() / 1000,
			Rejected: s.rejected[i].Load(), Failed: s.failed[i].Load()}
		if st.Calls+st.Rejected+st.Failed > 0 {
			fn(st)
		}
	}
}

// Errors returns the error reply counts by code.
func (s *CommandStats) Errors() map[string]uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]uint64, len(s.errors))
	for k, v := range s.errors {
		out[k] = v
	}
	return out
}

// Reset zeroes every counter (CONFIG RESETSTAT).
func (s *CommandStats) Reset() {
	for i := range s.calls {
		s.calls[i].Store(0)
		s.nanos[i].Store(0)
		s.rejected[i].Store(0)
		s.failed[i].Store(0)
	}
	s.mu.Lock()
	s.errors = map[string]uint64{}
	s.mu.Unlock()
}

func (s *CommandStats) countRejected(cmd *Command, msg string) {
	if cmd != nil {
		s.rejected[cmd.id].Add(1)
	}
	s.countError(msg)
}

func (s *CommandStats) errorReply(reply []byte) {
	if len(reply) > 1 && reply[0] == '-' {
		end := len(reply)
		for i := 1; i < len(reply); i++ {
			if reply[i] == ' ' || reply[i] == '\r' {
				end = i
				break
			}
		}
		s.countError(string(reply[1:end]))
	}
}

func (s *CommandStats) countError(msg string) {
	code, _, _ := strings.Cut(msg, " ")
	s.mu.Lock()
	s.errors[code]++
	s.mu.Unlock()
}

// localStats are one connection's command counters, flushed in batches.
type localStats struct {
	hits, misses uint64 // keyspace hits and misses
	touched      []int
	calls        [][3]uint64 // by command id: calls, nanoseconds, failed
}

func (l *localStats) record(cmd *Command, d time.Duration, failed bool) {
	if l.calls == nil {
		l.calls = make([][3]uint64, len(allCmds))
	}
	v := &l.calls[cmd.id]
	if v[0] == 0 && v[2] == 0 {
		l.touched = append(l.touched, cmd.id)
	}
	v[0]++
	v[1] += uint64(d)
	if failed {
		v[2]++
	}
}

func (l *localStats) flush(s *CommandStats) {
	if l.hits != 0 {
		s.Hits.Add(l.hits)
		l.hits = 0
	}
	if l.misses != 0 {
		s.Misses.Add(l.misses)
		l.misses = 0
	}
	for _, id := range l.touched {
		v := &l.calls[id]
		s.calls[id].Add(v[0])
		s.nanos[id].Add(v[1])
		if v[2] != 0 {
			s.failed[id].Add(v[2])
		}
		*v = [3]uint64{}
	}
	l.touched = l.touched[:0]
}
