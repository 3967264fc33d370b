package redisext

import (
	"fmt"

	"github.com/corvidcache/corvid/engine"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Server and administration commands (Redis's server.c, config.c,
// debug.c, object.c MEMORY, slowlog.c, latency.c): CONFIG, INFO, CLIENT
// (cmd_client.go), COMMAND (cmd_command.go), TIME, DEBUG, MEMORY, SLOWLOG,
// LATENCY, MONITOR, WAIT, FUNCTION FLUSH/LIST, SHUTDOWN, LASTSAVE, SAVE,
// BGSAVE, ROLE, LOLWUT.

var serverCommands = []*Command{
	clientCommand,
	commandCommand,
	{Name: "config", Arity: -2, Group: GroupServer, Since: "2.0.0", Summary: "A container for server configuration commands",
		Subcommands: []*Command{
			{Name: "get", Arity: -3, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdConfigGet, Since: "2.0.0", Summary: "Get the values of configuration parameters"},
			{Name: "set", Arity: -4, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdConfigSet, Since: "2.0.0", Summary: "Set configuration parameters to the given values"},
			{Name: "resetstat", Arity: 2, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdConfigResetStat, Since: "2.0.0", Summary: "Reset the stats returned by INFO"},
			{Name: "rewrite", Arity: 2, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdConfigRewrite, Since: "2.8.0", Summary: "Rewrite the configuration file with the in memory configuration"},
			{Name: "help", Arity: 2, Flags: Loading | Stale, Group: GroupServer, Handler: cmdConfigHelp, Since: "5.0.0", Summary: "Show helpful text about the different subcommands"},
		}},
	infoCommand,
	{Name: "time", Arity: 1, Flags: Loading | Stale | Fast, Group: GroupServer, Handler: cmdTime, Since: "2.6.0", Summary: "Return the current server time"},
	{Name: "debug", Arity: -2, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdDebug, Since: "1.0.0", Summary: "A container for debugging commands"},
	{Name: "memory", Arity: -2, Group: GroupServer, Since: "4.0.0", Summary: "A container for memory diagnostics commands",
		Subcommands: []*Command{
			{Name: "usage", Arity: -3, Flags: ReadOnly, Group: GroupServer, FirstKey: 2, LastKey: 2, Step: 1, Handler: cmdMemoryUsage, Since: "4.0.0", Summary: "Estimate the memory usage of a key"},
			{Name: "doctor", Arity: 2, Group: GroupServer, Handler: cmdMemoryDoctor, Since: "4.0.0", Summary: "Outputs memory problems report"},
			{Name: "stats", Arity: 2, Group: GroupServer, Handler: cmdMemoryStats, Since: "4.0.0", Summary: "Show memory usage details"},
			{Name: "malloc-stats", Arity: 2, Group: GroupServer, Handler: cmdMemoryMallocStats, Since: "4.0.0", Summary: "Show allocator internal stats"},
			{Name: "purge", Arity: 2, Group: GroupServer, Handler: cmdMemoryPurge, Since: "4.0.0", Summary: "Ask the allocator to release memory"},
			{Name: "help", Arity: 2, Flags: Loading | Stale, Group: GroupServer, Handler: cmdMemoryHelp, Since: "4.0.0", Summary: "Show helpful text about the different subcommands"},
		}},
	{Name: "slowlog", Arity: -2, Group: GroupServer, Since: "2.2.12", Summary: "A container for slow log commands",
		Subcommands: []*Command{
			{Name: "get", Arity: -2, Flags: Admin | Loading | Stale, Group: GroupServer, Handler: cmdSlowlogGet, Since: "2.2.12", Summary: "Get the slow log's entries"},
			{Name: "len", Arity: 2, Flags: Admin | Loading | Stale, Group: GroupServer, Handler: cmdSlowlogLen, Since: "2.2.12", Summary: "Get the slow log's length"},
			{Name: "reset", Arity: 2, Flags: Admin | Loading | Stale, Group: GroupServer, Handler: cmdSlowlogReset, Since: "2.2.12", Summary: "Clear all entries from the slow log"},
			{Name: "help", Arity: 2, Flags: Loading | Stale, Group: GroupServer, Handler: cmdSlowlogHelp, Since: "6.2.0", Summary: "Show helpful text about the different subcommands"},
		}},
	latencyCommand,
	{Name: "monitor", Arity: 1, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdMonitor, Since: "1.0.0", Summary: "Listen for all requests received by the server in real time"},
	{Name: "wait", Arity: 3, Flags: NoScript, Group: GroupGeneric, Handler: cmdWait, Since: "3.0.0", Summary: "Wait for the synchronous replication of all the write commands sent in the context of the current connection"},
	{Name: "function", Arity: -2, Group: GroupScripting, Since: "7.0.0", Summary: "A container for function commands",
		Subcommands: []*Command{
			{Name: "flush", Arity: -2, Flags: NoScript | Write, Group: GroupScripting, Handler: cmdFunctionFlush, Since: "7.0.0", Summary: "Deleting all functions"},
			{Name: "list", Arity: -2, Flags: NoScript, Group: GroupScripting, Handler: cmdFunctionList, Since: "7.0.0", Summary: "List information about all the functions"},
			{Name: "help", Arity: 2, Flags: Loading | Stale, Group: GroupScripting, Handler: cmdFunctionHelp, Since: "7.0.0", Summary: "Show helpful text about the different subcommands"},
		}},
	{Name: "shutdown", Arity: -1, Flags: Admin | NoScript | Loading | Stale | NoMulti | AllowBusy, Group: GroupServer, Handler: cmdShutdown, Since: "1.0.0", Summary: "Synchronously save the dataset to disk and then shut down the server"},
	{Name: "lastsave", Arity: 1, Flags: Loading | Stale | Fast, Group: GroupServer, Handler: cmdLastSave, Since: "1.0.0", Summary: "Get the UNIX time stamp of the last successful save to disk"},
	{Name: "save", Arity: 1, Flags: Admin | NoScript | NoMulti, Group: GroupServer, Handler: cmdSave, Since: "1.0.0", Summary: "Synchronously save the dataset to disk"},
	{Name: "bgsave", Arity: -1, Flags: Admin | NoScript, Group: GroupServer, Handler: cmdSave, Since: "1.0.0", Summary: "Asynchronously save the dataset to disk"},
	{Name: "bgrewriteaof", Arity: 1, Flags: Admin | NoScript, Group: GroupServer, Handler: cmdSave, Since: "1.0.0", Summary: "Asynchronously rewrite the append-only file"},
	{Name: "role", Arity: 1, Flags: NoScript | Loading | Stale | Fast, Group: GroupServer, Handler: cmdRole, Since: "2.8.12", Summary: "Return the role of the instance in the context of replication"},
	{Name: "lolwut", Arity: -1, Flags: ReadOnly | Fast, Group: GroupServer, Handler: cmdLolwut, Since: "5.0.0", Summary: "Display some computer art and the Redis version"},
}

var infoCommand = &Command{Name: "info", Arity: -1, Flags: Loading | Stale, Group: GroupServer, Since: "1.0.0", Summary: "Get information and statistics about the server"}

var latencyCommand = &Command{Name: "latency", Arity: -2, Group: GroupServer, Since: "2.8.13", Summary: "A container for latency diagnostics commands",

	Subcommands: []*Command{
		{Name: "latest", Arity: 2, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdLatencyLatest, Since: "2.8.13", Summary: "Return the latest latency samples for all events."},
		{Name: "history", Arity: 3, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdLatencyHistory, Since: "2.8.13", Summary: "Return timestamp-latency samples for the event."},
		{Name: "reset", Arity: -2, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdLatencyReset, Since: "2.8.13", Summary: "Reset latency data for one or more events."},
		{Name: "doctor", Arity: 2, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdLatencyDoctor, Since: "2.8.13", Summary: "Return a human readable latency analysis report."},
		{Name: "graph", Arity: 3, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Handler: cmdLatencyGraph, Since: "2.8.13", Summary: "Return a latency graph for the event."},
		{Name: "histogram", Arity: -2, Flags: Admin | NoScript | Loading | Stale, Group: GroupServer, Since: "7.0.0", Summary: "Return the cumulative distribution of latencies of a subset of commands or all."},
		{Name: "help", Arity: 2, Flags: Loading | Stale, Group: GroupServer, Handler: cmdLatencyHelp, Since: "2.8.13", Summary: "Show helpful text about the different subcommands."},
	}}

// ---- CONFIG ----

// CONFIG GET parameter [parameter ...]
func cmdConfigGet(c *Ctx) {
	seen := map[string]bool{}
	var pairs [][2]string
	for _, p := range c.Args[2:] {
		for _, kv := range c.Host.ConfigGet(string(p)) {
			if !seen[kv[0]] {
				seen[kv[0]] = true
				pairs = append(pairs, kv)
			}
		}
	}
	c.Map(len(pairs))
	for _, kv := range pairs {
		c.BulkString(kv[0])
		c.BulkString(kv[1])
	}
}

// CONFIG SET parameter value [parameter value ...]
func cmdConfigSet(c *Ctx) {
	if len(c.Args)%2 != 0 {
		c.Err(ErrSyntax)
		return
	}
	pairs := make([][2]string, 0, (len(c.Args)-2)/2)
	for i := 2; i+1 < len(c.Args); i += 2 {
		pairs = append(pairs, [2]string{string(c.Args[i]), string(c.Args[i+1])})
	}
	if err := c.Host.ConfigSet(pairs); err != nil {
		c.Err("ERR " + sanitize(err.Error()))
		return
	}
	c.OK()
}

// CONFIG RESETSTAT
func cmdConfigResetStat(c *Ctx) {
	c.FlushStats()
	c.Host.ResetStats()
	c.Admin.ResetStats()
	c.OK()
}

// CONFIG REWRITE
func cmdConfigRewrite(c *Ctx) {
	if err := c.Host.ConfigRewrite(); err != nil {
		c.Err("ERR " + sanitize(err.Error()))
		return
	}
	c.OK()
}

// CONFIG HELP
func cmdConfigHelp(c *Ctx) {
	c.help(
		"GET <pattern>",
		"    Return parameters matching the glob-like <pattern> and their values.",
		"SET <directive> <value>",
		"    Set the configuration <directive> to <value>.",
		"RESETSTAT",
		"    Reset statistics reported by the INFO command.",
		"REWRITE",
		"    Rewrite the configuration file.",
	)
}

// ---- INFO ----

// infoSections are INFO's sections in Redis 7.0's order; default marks
// those INFO without arguments (and "default") returns.
var infoSections = []struct {
	name, title string
	def         bool
}{
	{"server", "Server", true}, {"clients", "Clients", true}, {"memory", "Memory", true},
	{"persistence", "Persistence", true}, {"stats", "Stats", true}, {"replication", "Replication", true},
	{"cpu", "CPU", true}, {"modules", "Modules", true}, {"commandstats", "Commandstats", false},
	{"errorstats", "Errorstats", true}, {"latencystats", "Latencystats", false},
	{"cluster", "Cluster", true}, {"keyspace", "Keyspace", true},
}

// INFO [section [section ...]]
func cmdInfo(c *Ctx) {
	c.Verbatim(c.InfoString(c.Args[1:]))
}

// InfoString builds INFO's text for the sections asked (Redis's
// genInfoSectionDict and genRedisInfoString): none or "default" means the
// default sections, "all" adds commandstats and latencystats,
// "everything" is all; names are case-insensitive; unknown ones are
// skipped.
func (c *Ctx) InfoString(args [][]byte) []byte {
	c.FlushStats() // this connection's counters so far
	want := map[string]bool{}
	all := false
	if len(args) == 0 {
		want["default"] = true
	}
	for _, a := range args {
		switch s := strings.ToLower(string(a)); s {
		case "all", "everything":
			all = true
		case "module_list":
			want["modules"] = true
		default:
			want[s] = true
		}
	}
	var out []byte
	n := 0
	for _, sec := range infoSections {
		if !all && !want[sec.name] && !(want["default"] && sec.def) {
			continue
		}
		if n > 0 {
			out = append(out, '\r', '\n')
		}
		n++
		out = append(out, "# "...)
		out = append(out, sec.title...)
		out = append(out, '\r', '\n')
		var body []byte
		var ok bool
		if h, held := c.Host.(heldInfoHost); held {
			body, ok = h.InfoSectionHeld(nil, sec.name, c.Batch())
		} else {
			body, ok = c.Host.InfoSection(nil, sec.name)
		}
		if ok {
			out = append(out, body...)
			continue
		}
		out = c.infoSection(out, sec.name)
	}
	return out
}

// heldInfoHost is implemented by hosts whose INFO sections read the
// engine: they are given the batch the command holds (INFO inside EXEC), so
// that they do not lock its stripes a second time.
type heldInfoHost interface {
	InfoSectionHeld(dst []byte, section string, b *engine.Batch) ([]byte, bool)
}

// infoSection appends the sections this package owns.
func (c *Ctx) infoSection(out []byte, name string) []byte {
	switch name {
	case "commandstats":
		var stats []CommandStat
		c.Stats.Each(func(st CommandStat) { stats = append(stats, st) })
		sort.Slice(stats, func(i, j int) bool { return stats[i].Cmd.FullName < stats[j].Cmd.FullName })
		for _, st := range stats {
			per := 0.0
			if st.Calls > 0 {
				per = float64(st.Usec) / float64(st.Calls)
			}
			out = fmt.Appendf(out, "cmdstat_%s:calls=%d,usec=%d,usec_per_call=%.2f,rejected_calls=%d,failed_calls=%d\r\n",
				st.Cmd.FullName, st.Calls, st.Usec, per, st.Rejected, st.Failed)
		}
	case "errorstats":
		errs := c.Stats.Errors()
		codes := make([]string, 0, len(errs))
		for k := range errs {
			codes = append(codes, k)
		}
		sort.Strings(codes)
		for _, k := range codes {
			out = fmt.Appendf(out, "errorstat_%s:count=%d\r\n", k, errs[k])
		}
	case "latencystats":
		if !c.Admin.tracking.Load() {
			break
		}
		tableOnce.Do(buildTable)
		names := make([]*Command, 0, len(allCmds))
		for _, cmd := range allCmds {
			if h := c.Admin.hists[cmd.id].Load(); h != nil && h.total() > 0 {
				names = append(names, cmd)
			}
		}
		sort.Slice(names, func(i, j int) bool { return names[i].FullName < names[j].FullName })
		ps := *c.Admin.percentiles.Load()
		for _, cmd := range names {
			h := c.Admin.hists[cmd.id].Load()
			out = append(out, "latency_percentiles_usec_"...)
			out = append(out, cmd.FullName...)
			out = append(out, ':')
			for i, p := range ps {
				if i > 0 {
					out = append(out, ',')
				}
				out = append(out, 'p')
				out = strconv.AppendFloat(out, p, 'f', -1, 64)
				out = fmt.Appendf(out, "=%.3f", float64(h.percentile(p))/1000)
			}
			out = append(out, '\r', '\n')
		}
	case "cluster":
		out = append(out, "cluster_enabled:0\r\n"...)
	}
	return out
}

// ---- TIME, LASTSAVE, SAVE, ROLE, WAIT, SHUTDOWN, LOLWUT ----

// TIME
func cmdTime(c *Ctx) {
	now := time.Now()
	c.Array(2)
	c.BulkInt(now.Unix())
	c.BulkInt(int64(now.Nanosecond() / 1000))
}

// LASTSAVE
func cmdLastSave(c *Ctx) { c.Int(c.Admin.LastSave()) }

// SAVE, BGSAVE [SCHEDULE], BGREWRITEAOF: Corvid has no persistence yet.
func cmdSave(c *Ctx) {
	c.Err("ERR persistence is not available in this server (" + strings.ToUpper(c.Cmd.Name) + " refused)")
}

// ROLE
func cmdRole(c *Ctx) {
	c.Array(3)
	c.BulkString("master")
	c.Int(0)
	c.Array(0)
}

// WAIT numreplicas timeout: there are no replicas, so 0 at once.
func cmdWait(c *Ctx) {
	if _, err := strconv.ParseInt(string(c.Args[1]), 10, 64); err != nil {
		c.Err(ErrNotInteger)
		return
	}
	if _, ok := c.timeoutArg(c.Args[2]); !ok {
		return
	}
	c.Int(0)
}

// SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT]
func cmdShutdown(c *Ctx) {
	var save, nosave, abort bool
	for _, a := range c.Args[1:] {
		switch strings.ToLower(string(a)) {
		case "nosave":
			nosave = true
		case "save":
			save = true
		case "now", "force":
		case "abort":
			abort = true
		default:
			c.Err(ErrSyntax)
			return
		}
	}
	if (abort && len(c.Args) != 2) || (save && nosave) {
		c.Err(ErrSyntax)
		return
	}
	if abort {
		c.Err("ERR No shutdown in progress.")
		return
	}
	if save {
		c.Err("ERR Errors trying to SHUTDOWN. Check logs.")
		return
	}
	// Like Redis, no reply: the connection closes as the server stops.
	c.Close()
	c.Host.Shutdown()
}

// LOLWUT [VERSION version]
func cmdLolwut(c *Ctx) {
	c.Verbatim([]byte("Corvid ver. " + RedisVersion + "\n"))
}

// ---- MONITOR ----

// MONITOR
func cmdMonitor(c *Ctx) {
	if c.Client.Multi != nil {
		c.Err("ERR MONITOR isn't allowed for DENY BLOCKING client")
		return
	}
	c.Admin.addMonitor(c.Client)
	c.OK()
}

// ---- FUNCTION (the scripting engine is not there yet) ----

// FUNCTION FLUSH [ASYNC|SYNC]
func cmdFunctionFlush(c *Ctx) {
	if len(c.Args) > 3 {
		c.Err("ERR unknown subcommand or wrong number of arguments for 'flush'. Try FUNCTION HELP.")
		return
	}
	if len(c.Args) == 3 {
		switch strings.ToLower(string(c.Args[2])) {
		case "async", "sync":
		default:
			c.Err("ERR FUNCTION FLUSH only supports SYNC|ASYNC option")
			return
		}
	}
	c.OK()
}

// FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]
func cmdFunctionList(c *Ctx) {
	for i := 2; i < len(c.Args); i++ {
		switch strings.ToLower(string(c.Args[i])) {
		case "withcode":
		case "libraryname":
			if i+1 >= len(c.Args) {
				c.Err("ERR library name argument was not given")
				return
			}
			i++
		default:
			c.Err("ERR Unknown argument " + sanitize(string(c.Args[i])))
			return
		}
	}
	c.Array(0)
}

// FUNCTION HELP
func cmdFunctionHelp(c *Ctx) {
	c.help(
		"LOAD [REPLACE] <FUNCTION CODE>",
		"    Create a new library with the given library name and code.",
		"DELETE <LIBRARY NAME>",
		"    Delete the given library.",
		"LIST [LIBRARYNAME PATTERN] [WITHCODE]",
		"    Return general information on all the libraries:",
		"    * Library name",
		"    * The engine used to run the Library",
		"    * Library description",
		"    * Functions list",
		"    * Library code (if WITHCODE is given)",
		"    It also possible to get only function that matches a pattern using LIBRARYNAME argument.",
		"STATS",
		"    Return information about the current function running:",
		"    * Function name",
		"    * Command used to run the function",
		"    * Duration in MS that the function is running",
		"    If no function is running, return nil",
		"    In addition, returns a list of available engines.",
		"KILL",
		"    Kill the current running function.",
		"FLUSH [ASYNC|SYNC]",
		"    Delete all the libraries.",
		"    When called without the optional mode argument, the behavior is determined by the",
		"    lazyfree-lazy-user-flush configuration directive. Valid modes are:",
		"    * ASYNC: Asynchronously flush the libraries.",
		"    * SYNC: Synchronously flush the libraries.",
		"DUMP",
		"    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command",
		"RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]",
		"    Restore the libraries represented by the given payload, it is possible to give a restore policy to",
		"    control how to handle existing libraries (default APPEND):",
		"    * FLUSH: delete all existing libraries.",
		"    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.",
		"    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old",
		"      libraries with the new libraries (notice that even on this option there is a chance of failure",
		"      in case of functions name collision with another library).",
	)
}

// ---- SLOWLOG ----

// SLOWLOG GET [count]
func cmdSlowlogGet(c *Ctx) {
	if len(c.Args) > 3 {
		c.Err("ERR unknown subcommand or wrong number of arguments for 'get'. Try SLOWLOG HELP.")
		return
	}
	n := int64(10)
	if len(c.Args) == 3 {
		v, err := strconv.ParseInt(string(c.Args[2]), 10, 64)
		if err != nil || v < -1 {
			c.Err("ERR count should be greater than or equal to -1")
			return
		}
		n = v
	}
	entries := c.Admin.Slowlog(int(min(n, 1<<31)))
	c.Array(len(entries))
	for _, e := range entries {
		c.Array(6)
		c.Int(e.ID)
		c.Int(e.Time)
		c.Int(e.Duration)
		c.Array(len(e.Args))
		for _, a := range e.Args {
			c.BulkString(a)
		}
		c.BulkString(e.Addr)
		c.BulkString(e.Name)
	}
}

// SLOWLOG LEN
func cmdSlowlogLen(c *Ctx) { c.Int(int64(c.Admin.SlowlogLen())) }

// SLOWLOG RESET
func cmdSlowlogReset(c *Ctx) {
	c.Admin.SlowlogReset()
	c.OK()
}

// SLOWLOG HELP
func cmdSlowlogHelp(c *Ctx) {
	c.help(
		"GET [<count>]",
		"    Return top <count> entries from the slowlog (default: 10, -1 mean all).",
		"    Entries are made of:",
		"    id, timestamp, time in microseconds, arguments array, client IP and port,",
		"    client name",
		"LEN",
		"    Return the length of the slowlog.",
		"RESET",
		"    Reset the slowlog.",
	)
}

// ---- LATENCY ----

// LATENCY LATEST
func cmdLatencyLatest(c *Ctx) {
	a := c.Admin
	a.latMu.Lock()
	defer a.latMu.Unlock()
	names := make([]string, 0, len(a.latEvents))
	for k := range a.latEvents {
		names = append(names, k)
	}
	sort.Strings(names)
	c.Array(len(names))
	for _, k := range names {
		ts := a.latEvents[k]
		last := ts.samples[(ts.idx+latencyTSLen-1)%latencyTSLen]
		c.Array(4)
		c.BulkString(k)
		c.Int(last.time)
		c.Int(last.latency)
		c.Int(ts.max)
	}
}

// LATENCY HISTORY event
func cmdLatencyHistory(c *Ctx) {
	a := c.Admin
	a.latMu.Lock()
	defer a.latMu.Unlock()
	ts := a.latEvents[string(c.Args[2])]
	if ts == nil {
		c.Array(0)
		return
	}
	var samples []latencySample
	for j := 0; j < latencyTSLen; j++ {
		if s := ts.samples[(ts.idx+j)%latencyTSLen]; s.time != 0 {
			samples = append(samples, s)
		}
	}
	c.Array(len(samples))
	for _, s := range samples {
		c.Array(2)
		c.Int(s.time)
		c.Int(s.latency)
	}
}

// LATENCY RESET [event ...]
func cmdLatencyReset(c *Ctx) {
	a := c.Admin
	a.latMu.Lock()
	defer a.latMu.Unlock()
	n := 0
	if len(c.Args) == 2 {
		n = len(a.latEvents)
		a.latEvents = map[string]*latencySeries{}
	} else {
		for _, e := range c.Args[2:] {
			if _, ok := a.latEvents[string(e)]; ok {
				delete(a.latEvents, string(e))
				n++
			}
		}
	}
	c.Int(int64(n))
}

// LATENCY GRAPH event
func cmdLatencyGraph(c *Ctx) {
	a := c.Admin
	a.latMu.Lock()
	ts := a.latEvents[string(c.Args[2])]
	var max int64
	if ts != nil {
		max = ts.max
	}
	a.latMu.Unlock()
	if ts == nil {
		c.Err("ERR No samples available for event '" + sanitize(string(c.Args[2])) + "'")
		return
	}
	c.Verbatim([]byte(fmt.Sprintf("%s - high %d ms, low %d ms (all time high %d ms)\n", c.Args[2], max, 0, max)))
}

// LATENCY DOCTOR
func cmdLatencyDoctor(c *Ctx) {
	a := c.Admin
	a.latMu.Lock()
	n := len(a.latEvents)
	a.latMu.Unlock()
	var msg string
	if n == 0 {
		if a.latThreshold.Load() == 0 {
			msg = "I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n"
		} else {
			msg = "Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sleep a little bit, Dave, I'm sorry.\n"
		}
	} else {
		msg = fmt.Sprintf("Dave, I have observed latency spikes in this Redis instance. %d event(s) are recorded; see LATENCY LATEST and LATENCY HISTORY.\n", n)
	}
	c.Verbatim([]byte(msg))
}

// LATENCY HISTOGRAM [command ...]
func cmdLatencyHistogram(c *Ctx) {
	tableOnce.Do(buildTable)
	var cmds []*Command
	if len(c.Args) == 2 {
		for _, cmd := range allCmds {
			if h := c.Admin.hists[cmd.id].Load(); h != nil && h.total() > 0 {
				cmds = append(cmds, cmd)
			}
		}
	} else {
		seen := map[*Command]bool{}
		for _, a := range c.Args[2:] {
			cmd := LookupFullName(string(a))
			if cmd == nil || seen[cmd] {
				continue
			}
			if h := c.Admin.hists[cmd.id].Load(); h != nil && h.total() > 0 {
				seen[cmd] = true
				cmds = append(cmds, cmd)
			}
		}
	}
	c.Map(len(cmds))
	for _, cmd := range cmds {
		h := c.Admin.hists[cmd.id].Load()
		c.BulkString(cmd.FullName)
		c.Map(2)
		c.BulkString("calls")
		c.Int(int64(h.total()))
		c.BulkString("histogram_usec")
		// Cumulative counts at power-of-two microsecond bounds, as Redis's
		// fillCommandCDF reports them: one point per bound up to the
		// largest value, skipping bounds that add nothing.
		type point struct{ usec, cum int64 }
		var pts []point
		total := h.total()
		var cum uint64
		bound := uint64(1024) // 1 µs, in ns
		i := 0
		for cum < total && bound != 0 {
			for ; i < len(h.buckets) && histUpper(i) < bound; i++ {
				cum += h.buckets[i].Load()
			}
			if len(pts) == 0 || uint64(pts[len(pts)-1].cum) != cum {
				pts = append(pts, point{int64(bound / 1024), int64(cum)})
			}
			if i >= len(h.buckets) {
				break
			}
			bound <<= 1
		}
		kept := pts[:0]
		for _, p := range pts {
			if p.cum > 0 {
				kept = append(kept, p)
			}
		}
		c.Map(len(kept))
		for _, p := range kept {
			c.Int(p.usec)
			c.Int(p.cum)
		}
	}
}

// LATENCY HELP
func cmdLatencyHelp(c *Ctx) {
	c.help(
		"DOCTOR",
		"    Return a human readable latency analysis report.",
		"GRAPH <event>",
		"    Return an ASCII latency graph for the <event> class.",
		"HISTORY <event>",
		"    Return time-latency samples for the <event> class.",
		"LATEST",
		"    Return the latest latency samples for all events.",
		"RESET [<event> ...]",
		"    Reset latency data of one or more <event> classes.",
		"    (default: reset all data for all event classes)",
		"HISTOGRAM [COMMAND ...]",
		"    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
		"    If no commands are specified then all histograms are replied.",
	)
}

// ---- MEMORY ----

// MEMORY USAGE key [SAMPLES count]
func cmdMemoryUsage(c *Ctx) {
	if len(c.Args) > 3 {
		if len(c.Args) != 5 || !strings.EqualFold(string(c.Args[3]), "samples") {
			c.Err(ErrSyntax)
			return
		}
		if _, err := strconv.ParseInt(string(c.Args[4]), 10, 64); err != nil {
			c.Err(ErrNotInteger)
			return
		}
	}
	x := c.Lock(c.Args[2])
	defer x.Unlock()
	if !x.Found() {
		c.Null()
		return
	}
	c.Int(int64(x.Size()))
}

// MEMORY DOCTOR
func cmdMemoryDoctor(c *Ctx) {
	c.Verbatim([]byte("Hi Sam, I can't find any memory issue in your instance. I can only account for what occurs on this base.\n"))
}

// MEMORY STATS
func cmdMemoryStats(c *Ctx) {
	st := c.Eng.StatsHeld(c.Batch())
	used := st.Pages*(1<<20) + st.IndexBytes
	peak := c.Admin.NotePeak(used)
	keys, _ := c.Eng.KeysWithExpiryHeld(c.Batch())
	total := 0
	nonEmpty := 0
	for _, k := range keys {
		total += k
		if k > 0 {
			nonEmpty++
		}
	}
	overhead := st.IndexBytes
	dataset := used - overhead
	c.Map(27 + nonEmpty)
	pair := func(k string, v int64) { c.BulkString(k); c.Int(v) }
	double := func(k string, v float64) { c.BulkString(k); c.Double(v) }
	pair("peak.allocated", peak)
	pair("total.allocated", used)
	pair("startup.allocated", 0)
	pair("replication.backlog", 0)
	pair("clients.slaves", 0)
	pair("clients.normal", 0)
	pair("cluster.links", 0)
	pair("aof.buffer", 0)
	pair("lua.caches", 0)
	pair("functions.caches", 0)
	for db, k := range keys {
		if k == 0 {
			continue
		}
		c.BulkString("db." + strconv.Itoa(db))
		c.Map(3)
		pair("overhead.hashtable.main", overhead*int64(k)/int64(max(total, 1)))
		pair("overhead.hashtable.expires", 0)
		pair("overhead.hashtable.slot-to-keys", 0)
	}
	pair("overhead.total", overhead)
	pair("keys.count", int64(total))
	bpk := int64(0)
	if total > 0 {
		bpk = used / int64(total)
	}
	pair("keys.bytes-per-key", bpk)
	pair("dataset.bytes", dataset)
	double("dataset.percentage", 100*float64(dataset)/float64(max(used, 1)))
	double("peak.percentage", 100*float64(used)/float64(max(peak, 1)))
	pair("allocator.allocated", used)
	pair("allocator.active", used)
	pair("allocator.resident", used)
	double("allocator-fragmentation.ratio", 1)
	pair("allocator-fragmentation.bytes", 0)
	double("allocator-rss.ratio", 1)
	pair("allocator-rss.bytes", 0)
	double("rss-overhead.ratio", 1)
	pair("rss-overhead.bytes", 0)
	double("fragmentation", 1)
	pair("fragmentation.bytes", 0)
}

// MEMORY MALLOC-STATS
func cmdMemoryMallocStats(c *Ctx) {
	c.Verbatim([]byte("Stats not supported for the current allocator\n"))
}

// MEMORY PURGE
func cmdMemoryPurge(c *Ctx) { c.OK() }

// MEMORY HELP
func cmdMemoryHelp(c *Ctx) {
	c.help(
		"DOCTOR",
		"    Return memory problems reports.",
		"MALLOC-STATS",
		"    Return internal statistics report from the memory allocator.",
		"PURGE",
		"    Attempt to purge dirty pages for reclamation by the allocator.",
		"STATS",
		"    Return information about the memory usage of the server.",
		"USAGE <key> [SAMPLES <count>]",
		"    Return memory in bytes used by <key> and its value. Nested values are",
		"    sampled up to <count> times (default: 5, 0 means sample all).",
	)
}

// NotePeak records used memory and returns the peak seen so far.
func (a *AdminState) NotePeak(used int64) int64 {
	for {
		p := a.memPeak.Load()
		if used <= p {
			return p
		}
		if a.memPeak.CompareAndSwap(p, used) {
			return used
		}
	}
}
