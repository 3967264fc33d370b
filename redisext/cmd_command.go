package redisext

import (
	"strconv"
	"strings"
)

// COMMAND: the command table as Redis 7.0 reports it (server.c
// commandCommand and friends), built from the table (commands.go: names,
// arity, flags, legacy key positions, subcommands) and Redis's
// documentation of each command (commands_meta.go: key specs, ACL
// categories, tips, docs).

var commandCommand = &Command{Name: "command", Arity: -1, Flags: Loading | Stale, Group: GroupServer,
	Since: "2.8.13", Summary: "Get array of Redis command details",
	Subcommands: []*Command{
		{Name: "count", Arity: 2, Flags: Loading | Stale, Group: GroupServer, Since: "2.8.13", Summary: "Get total number of Redis commands"},
		{Name: "info", Arity: -2, Flags: Loading | Stale, Group: GroupServer, Since: "2.8.13", Summary: "Get array of specific Redis command details, or all when no argument is given."},
		{Name: "docs", Arity: -2, Flags: Loading | Stale, Group: GroupServer, Since: "7.0.0", Summary: "Get array of specific Redis command documentation"},
		{Name: "getkeys", Arity: -4, Flags: Loading | Stale, Group: GroupServer, Since: "2.8.13", Summary: "Extract keys given a full Redis command"},
		{Name: "getkeysandflags", Arity: -4, Flags: Loading | Stale, Group: GroupServer, Since: "7.0.0", Summary: "Extract keys and access flags given a full Redis command"},
		{Name: "list", Arity: -2, Flags: Loading | Stale, Group: GroupServer, Since: "7.0.0", Summary: "Get an array of Redis command names"},
		{Name: "help", Arity: 2, Flags: Loading | Stale, Group: GroupServer, Since: "5.0.0", Summary: "Show helpful text about the different subcommands"},
	}}

// The handlers are set here rather than in the literal: they read the
// command table, which holds commandCommand (an initialization cycle).
func init() {
	commandCommand.Handler = cmdCommand
	handlers := map[string]func(*Ctx){
		"count": cmdCommandCount, "info": cmdCommandInfo, "docs": cmdCommandDocs, "getkeys": cmdCommandGetKeys,
		"getkeysandflags": cmdCommandGetKeysAndFlags, "list": cmdCommandList, "help": cmdCommandHelp,
	}
	for _, sub := range commandCommand.Subcommands {
		sub.Handler = handlers[sub.Name]
	}
	infoCommand.Handler = cmdInfo
	for _, sub := range latencyCommand.Subcommands {
		if sub.Name == "histogram" {
			sub.Handler = cmdLatencyHistogram
		}
	}
}

// COMMAND (no subcommand): every command's info.
func cmdCommand(c *Ctx) {
	if len(c.Args) > 1 {
		// Only reached for an unknown subcommand: Dispatch resolves known ones.
		c.Err(unknownCommandError(c.Args))
		return
	}
	cmds := Commands()
	c.Array(len(cmds))
	for _, cmd := range cmds {
		c.commandInfo(cmd)
	}
}

// COMMAND COUNT
func cmdCommandCount(c *Ctx) { c.Int(int64(len(Commands()))) }

// COMMAND INFO [command-name ...]
func cmdCommandInfo(c *Ctx) {
	if len(c.Args) == 2 {
		cmds := Commands()
		c.Array(len(cmds))
		for _, cmd := range cmds {
			c.commandInfo(cmd)
		}
		return
	}
	c.Array(len(c.Args) - 2)
	for _, a := range c.Args[2:] {
		if cmd := LookupFullName(string(a)); cmd != nil {
			c.commandInfo(cmd)
		} else {
			c.Null()
		}
	}
}

// Command flags in the order COMMAND prints them (server.c
// addReplyFlagsForCommand); may_replicate is hidden there, as here.
var commandFlagOrder = []struct {
	f    Flags
	name string
}{
	{Write, "write"}, {ReadOnly, "readonly"}, {DenyOOM, "denyoom"}, {0, "module"}, {Admin, "admin"},
	{PubSub, "pubsub"}, {NoScript, "noscript"}, {Blocking, "blocking"}, {Loading, "loading"},
	{Stale, "stale"}, {SkipMonitor, "skip_monitor"}, {SkipSlowlog, "skip_slowlog"}, {0, "asking"},
	{Fast, "fast"}, {NoAuth, "no_auth"}, {NoMandatoryKeys, "no_mandatory_keys"},
	{0, "no_async_loading"}, {NoMulti, "no_multi"}, {MovableKeys, "movablekeys"}, {AllowBusy, "allow_busy"},
}

// commandFlagNames returns the flags COMMAND shows for cmd: the table's,
// plus movablekeys when its key specs make its keys movable, plus the
// Redis flags the table has no bit for (asking, no_async_loading).
func commandFlagNames(cmd *Command) []string {
	m := metaFor(cmd)
	movable := cmd.Flags&MovableKeys != 0
	if m != nil {
		_, _, _, mv := legacyRange(m.KeySpecs)
		movable = movable || mv
	}
	var out []string
	for _, f := range commandFlagOrder {
		on := false
		switch {
		case f.name == "movablekeys":
			on = movable
		case f.f != 0:
			on = cmd.Flags&f.f != 0
		case m != nil:
			for _, x := range m.Flags {
				if x == f.name {
					on = true
				}
			}
		}
		if on {
			out = append(out, f.name)
		}
	}
	return out
}

// legacyRange derives the first/last/step triple and the movablekeys flag
// from key specs, as Redis's populateCommandLegacyRangeSpec.
func legacyRange(specs []keySpec) (first, last, step int, movable bool) {
	if len(specs) == 0 {
		return 0, 0, 0, false
	}
	incomplete := func(k keySpec) bool {
		for _, f := range k.Flags {
			if f == "incomplete" {
				return true
			}
		}
		return false
	}
	if len(specs) == 1 && specs[0].BS == "index" && specs[0].FK == "range" {
		k := specs[0]
		last = k.LastKey
		if last >= 0 {
			last += k.Index
		}
		return k.Index, last, k.KeyStep, incomplete(k)
	}
	first, lastAbs, prevLast := int(^uint(0)>>1), 0, 0
	for _, k := range specs {
		if k.BS != "index" || k.FK != "range" {
			movable = true
			continue
		}
		if k.KeyStep != 1 || (prevLast != 0 && prevLast != k.Index-1) {
			movable = true
			continue
		}
		if incomplete(k) {
			movable = true
		}
		first = min(first, k.Index)
		abs := k.LastKey
		if abs >= 0 {
			abs += k.Index
		}
		if uint(abs) > uint(lastAbs) { // unsigned, as Redis: a negative last wins
			lastAbs = abs
		}
		prevLast = lastAbs
	}
	if first == int(^uint(0)>>1) {
		return 0, 0, 0, true
	}
	return first, lastAbs, 1, movable
}

// aclCategories are Redis's ACL categories in COMMAND's order (acl.c).
var aclCategories = []string{"keyspace", "read", "write", "set", "sortedset", "list", "hash", "string",
	"bitmap", "hyperloglog", "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous",
	"connection", "transaction", "scripting"}

// groupCategory is the ACL category a command of a group gets when Redis
// has no documentation of it.
var groupCategory = map[Group]string{
	GroupGeneric: "keyspace", GroupString: "string", GroupList: "list", GroupSet: "set",
	GroupSortedSet: "sortedset", GroupHash: "hash", GroupPubSub: "pubsub", GroupTransactions: "transaction",
	GroupConnection: "connection", GroupScripting: "scripting", GroupHyperLogLog: "hyperloglog",
	GroupGeo: "geo", GroupStream: "stream", GroupBitmap: "bitmap",
}

// commandCategories returns cmd's ACL categories: the explicit ones
// (Redis's documentation, else the group's), plus the implicit ones Redis
// derives from the flags (server.c setImplicitACLCategories).
func commandCategories(cmd *Command) []string {
	set := map[string]bool{}
	if m := metaFor(cmd); m != nil {
		for _, a := range m.ACL {
			set[a] = true
		}
	} else if g, ok := groupCategory[cmd.Group]; ok && cmd.Handler != nil {
		set[g] = true
	}
	f := cmd.Flags
	if f&Write != 0 {
		set["write"] = true
	}
	if f&ReadOnly != 0 && !set["scripting"] {
		set["read"] = true
	}
	if f&Admin != 0 {
		set["admin"], set["dangerous"] = true, true
	}
	if f&PubSub != 0 {
		set["pubsub"] = true
	}
	if f&Fast != 0 {
		set["fast"] = true
	}
	if f&Blocking != 0 {
		set["blocking"] = true
	}
	if !set["fast"] {
		set["slow"] = true
	}
	var out []string
	for _, c := range aclCategories {
		if set[c] {
			out = append(out, c)
		}
	}
	return out
}

// keySpecs returns cmd's key specs: Redis's, or for a command Redis does
// not document, one spec made from the legacy triple.
func keySpecs(cmd *Command) []keySpec {
	if m := metaFor(cmd); m != nil {
		return m.KeySpecs
	}
	if cmd.FirstKey == 0 {
		return nil
	}
	flags := []string{"RW", "access", "update"}
	if cmd.Flags&Write == 0 {
		flags = []string{"RO", "access"}
	}
	last := cmd.LastKey
	if last >= 0 {
		last -= cmd.FirstKey
	}
	return []keySpec{{Flags: flags, BS: "index", Index: cmd.FirstKey, FK: "range", LastKey: last, KeyStep: cmd.Step}}
}

// commandInfo replies one command's COMMAND INFO entry (addReplyCommandInfo).
func (c *Ctx) commandInfo(cmd *Command) {
	c.Array(10)
	c.BulkString(cmd.FullName)
	c.Int(int64(cmd.Arity))
	c.statusSet(commandFlagNames(cmd))
	c.Int(int64(cmd.FirstKey))
	c.Int(int64(cmd.LastKey))
	c.Int(int64(cmd.Step))
	cats := commandCategories(cmd)
	for i := range cats {
		cats[i] = "@" + cats[i]
	}
	c.statusSet(cats)
	var tips []string
	if m := metaFor(cmd); m != nil {
		tips = m.Tips
	}
	c.SetHeader(len(tips))
	for _, t := range tips {
		c.BulkString(t)
	}
	specs := keySpecs(cmd)
	c.SetHeader(len(specs))
	for _, k := range specs {
		c.keySpecReply(k)
	}
	if len(cmd.Subcommands) == 0 {
		c.SetHeader(0)
		return
	}
	c.Array(len(cmd.Subcommands))
	for _, sub := range cmd.Subcommands {
		c.commandInfo(sub)
	}
}

// statusSet replies a set of simple strings.
func (c *Ctx) statusSet(names []string) {
	c.SetHeader(len(names))
	for _, n := range names {
		c.Simple(n)
	}
}

func (c *Ctx) keySpecReply(k keySpec) {
	n := 3
	if k.Notes != "" {
		n++
	}
	c.Map(n)
	if k.Notes != "" {
		c.BulkString("notes")
		c.BulkString(k.Notes)
	}
	c.BulkString("flags")
	c.statusSet(k.Flags)
	c.BulkString("begin_search")
	c.Map(2)
	c.BulkString("type")
	c.BulkString(k.BS)
	c.BulkString("spec")
	switch k.BS {
	case "index":
		c.Map(1)
		c.BulkString("index")
		c.Int(int64(k.Index))
	case "keyword":
		c.Map(2)
		c.BulkString("keyword")
		c.BulkString(k.Keyword)
		c.BulkString("startfrom")
		c.Int(int64(k.StartFrom))
	default:
		c.Map(0)
	}
	c.BulkString("find_keys")
	c.Map(2)
	c.BulkString("type")
	c.BulkString(k.FK)
	c.BulkString("spec")
	switch k.FK {
	case "range":
		c.Map(3)
		c.BulkString("lastkey")
		c.Int(int64(k.LastKey))
		c.BulkString("keystep")
		c.Int(int64(k.KeyStep))
		c.BulkString("limit")
		c.Int(int64(k.Limit))
	case "keynum":
		c.Map(3)
		c.BulkString("keynumidx")
		c.Int(int64(k.KeyNumIdx))
		c.BulkString("firstkey")
		c.Int(int64(k.FirstKey))
		c.BulkString("keystep")
		c.Int(int64(k.KeyStep))
	default:
		c.Map(0)
	}
}

// COMMAND DOCS [command-name ...]
func cmdCommandDocs(c *Ctx) {
	var cmds []*Command
	if len(c.Args) == 2 {
		cmds = Commands()
	} else {
		for _, a := range c.Args[2:] {
			if cmd := LookupFullName(string(a)); cmd != nil {
				cmds = append(cmds, cmd)
			}
		}
	}
	c.Map(len(cmds))
	for _, cmd := range cmds {
		c.BulkString(cmd.FullName)
		c.commandDocs(cmd)
	}
}

// commandDocs replies one command's documentation (addReplyCommandDocs).
func (c *Ctx) commandDocs(cmd *Command) {
	m := metaFor(cmd)
	if m == nil {
		m = &cmdMeta{Summary: cmd.Summary, Since: cmd.Since}
	}
	group := cmd.Group.String()
	n := 1
	for _, s := range []string{m.Summary, m.Since, m.Complexity, m.Deprecated, m.ReplacedBy} {
		if s != "" {
			n++
		}
	}
	if len(m.DocFlags) > 0 {
		n++
	}
	if len(m.History) > 0 {
		n++
	}
	if len(m.Args) > 0 {
		n++
	}
	if len(cmd.Subcommands) > 0 {
		n++
	}
	c.Map(n)
	pair := func(k, v string) {
		if v != "" {
			c.BulkString(k)
			c.BulkString(v)
		}
	}
	pair("summary", m.Summary)
	pair("since", m.Since)
	pair("group", group)
	pair("complexity", m.Complexity)
	if len(m.DocFlags) > 0 {
		c.BulkString("doc_flags")
		c.statusSet(m.DocFlags)
	}
	pair("deprecated_since", m.Deprecated)
	pair("replaced_by", m.ReplacedBy)
	if len(m.History) > 0 {
		c.BulkString("history")
		c.SetHeader(len(m.History))
		for _, h := range m.History {
			c.Array(2)
			c.BulkString(h[0])
			c.BulkString(h[1])
		}
	}
	if len(m.Args) > 0 {
		c.BulkString("arguments")
		c.argsReply(m.Args)
	}
	if len(cmd.Subcommands) > 0 {
		c.BulkString("subcommands")
		c.Map(len(cmd.Subcommands))
		for _, sub := range cmd.Subcommands {
			c.BulkString(sub.FullName)
			c.commandDocs(sub)
		}
	}
}

func (c *Ctx) argsReply(args []cmdArg) {
	c.Array(len(args))
	for _, a := range args {
		n := 2
		if a.KeySpec >= 0 {
			n++
		}
		for _, s := range []string{a.Token, a.Summary, a.Since, a.Deprecated} {
			if s != "" {
				n++
			}
		}
		if len(a.Flags) > 0 {
			n++
		}
		if a.Type == "oneof" || a.Type == "block" {
			n++
		}
		c.Map(n)
		c.BulkString("name")
		c.BulkString(a.Name)
		c.BulkString("type")
		c.BulkString(a.Type)
		if a.KeySpec >= 0 {
			c.BulkString("key_spec_index")
			c.Int(int64(a.KeySpec))
		}
		for _, f := range []struct{ k, v string }{{"token", a.Token}, {"summary", a.Summary}, {"since", a.Since}, {"deprecated_since", a.Deprecated}} {
			if f.v != "" {
				c.BulkString(f.k)
				c.BulkString(f.v)
			}
		}
		if len(a.Flags) > 0 {
			c.BulkString("flags")
			c.statusSet(a.Flags)
		}
		if a.Type == "oneof" || a.Type == "block" {
			c.BulkString("arguments")
			c.argsReply(a.Args)
		}
	}
}

// COMMAND GETKEYS command [arg ...]
func cmdCommandGetKeys(c *Ctx) { c.getKeysReply(false) }

// COMMAND GETKEYSANDFLAGS command [arg ...]
func cmdCommandGetKeysAndFlags(c *Ctx) { c.getKeysReply(true) }

func (c *Ctx) getKeysReply(withFlags bool) {
	args := c.Args[2:]
	cmd := Lookup(args)
	if cmd == nil {
		c.Err("ERR Invalid command specified")
		return
	}
	if !hasKeys(cmd) {
		c.Err("ERR The command has no key arguments")
		return
	}
	if (cmd.Arity > 0 && cmd.Arity != len(args)) || len(args) < -cmd.Arity {
		c.Err("ERR Invalid number of arguments specified for command")
		return
	}
	keys := commandKeys(cmd, args)
	if len(keys) == 0 {
		if cmd.Flags&NoMandatoryKeys != 0 || hasMetaFlag(cmd, "no_mandatory_keys") {
			c.Array(0)
		} else {
			c.Err("ERR Invalid arguments specified for command")
		}
		return
	}
	c.Array(len(keys))
	for _, k := range keys {
		if !withFlags {
			c.Bulk(args[k.pos])
			continue
		}
		c.Array(2)
		c.Bulk(args[k.pos])
		c.statusSet(k.flags)
	}
}

func hasMetaFlag(cmd *Command, name string) bool {
	if m := metaFor(cmd); m != nil {
		for _, f := range m.Flags {
			if f == name {
				return true
			}
		}
	}
	return false
}

// keyRef is one key found in a command's arguments.
type keyRef struct {
	pos   int
	flags []string
}

// keysProcs are the commands whose keys Redis finds with code rather than
// (only) key specs (db.c *GetKeys).
var keysProcs = map[string]func(args [][]byte) []keyRef{
	"set":               setGetKeys,
	"bitfield":          bitfieldGetKeys,
	"migrate":           migrateGetKeys,
	"sort":              sortGetKeys,
	"sort_ro":           func(args [][]byte) []keyRef { return []keyRef{{1, []string{"RO", "access"}}} },
	"georadius":         georadiusGetKeys,
	"georadiusbymember": georadiusGetKeys,
}

// hasKeys is Redis's doesCommandHaveKeys.
func hasKeys(cmd *Command) bool {
	if keysProcs[cmd.FullName] != nil {
		return true
	}
	for _, k := range keySpecs(cmd) {
		if !hasFlag(k.Flags, "not_key") {
			return true
		}
	}
	return false
}

func hasFlag(flags []string, f string) bool {
	for _, x := range flags {
		if x == f {
			return true
		}
	}
	return false
}

// commandKeys is Redis's getKeysFromCommandWithSpecs: the key specs when
// they are complete and their flags fixed, else the command's own key
// finder.
func commandKeys(cmd *Command, args [][]byte) []keyRef {
	specs := keySpecs(cmd)
	usable, varFlags := false, false
	for _, k := range specs {
		if !hasFlag(k.Flags, "not_key") {
			usable = true
		}
		if hasFlag(k.Flags, "variable_flags") {
			varFlags = true
		}
	}
	if usable && !varFlags {
		if keys, ok := keysFromSpecs(cmd, specs, args); ok {
			return keys
		}
	}
	if p := keysProcs[cmd.FullName]; p != nil {
		return p(args)
	}
	return nil
}

// keysFromSpecs is Redis's getKeysUsingKeySpecs; ok is false when a spec
// cannot be applied (unknown, incomplete, or out of range).
func keysFromSpecs(cmd *Command, specs []keySpec, args [][]byte) (keys []keyRef, ok bool) {
	argc := len(args)
	for _, k := range specs {
		if hasFlag(k.Flags, "not_key") {
			continue
		}
		first := 0
		switch k.BS {
		case "index":
			first = k.Index
		case "keyword":
			start, end := k.StartFrom, argc-1
			if start <= 0 {
				start, end = argc+k.StartFrom, 1
			}
			for i := start; i != end; {
				if i >= argc || i < 1 {
					break
				}
				if strings.EqualFold(string(args[i]), k.Keyword) {
					first = i + 1
					break
				}
				if start <= end {
					i++
				} else {
					i--
				}
			}
			if first == 0 {
				continue
			}
		default:
			return nil, false
		}
		var last, step int
		switch k.FK {
		case "range":
			step = k.KeyStep
			switch {
			case k.LastKey >= 0:
				last = first + k.LastKey
			case k.Limit == 0:
				last = argc + k.LastKey
			default:
				last = first + ((argc-first)/k.Limit + k.LastKey)
			}
		case "keynum":
			step = k.KeyStep
			if k.KeyNumIdx >= argc || first+k.KeyNumIdx >= argc {
				return nil, false
			}
			n, err := strconv.ParseInt(string(args[first+k.KeyNumIdx]), 10, 64)
			if err != nil || n < 0 {
				return nil, false
			}
			first += k.FirstKey
			last = first + int(n) - 1
		default:
			return nil, false
		}
		if last >= argc || last < first || first >= argc {
			return nil, false
		}
		if step <= 0 {
			step = 1
		}
		for i := first; i <= last; i += step {
			if i >= argc {
				if cmd.Arity < 0 {
					continue
				}
				return nil, false
			}
			keys = append(keys, keyRef{i, k.Flags})
		}
		if hasFlag(k.Flags, "incomplete") {
			return nil, false
		}
	}
	return keys, true
}

func setGetKeys(args [][]byte) []keyRef {
	for _, a := range args[3:] {
		if strings.EqualFold(string(a), "get") {
			return []keyRef{{1, []string{"RW", "access", "update"}}}
		}
	}
	return []keyRef{{1, []string{"OW", "update"}}}
}

func bitfieldGetKeys(args [][]byte) []keyRef {
	readonly := true
	for i := 2; i < len(args); i++ {
		rem := len(args) - i - 1
		switch a := strings.ToLower(string(args[i])); {
		case a == "get" && rem >= 2:
			i += 2
		case (a == "set" || a == "incrby") && rem >= 3:
			readonly = false
			i = len(args)
		case a == "overflow" && rem >= 1:
			i++
		default:
			readonly = false
			i = len(args)
		}
	}
	if readonly {
		return []keyRef{{1, []string{"RO", "access"}}}
	}
	return []keyRef{{1, []string{"RW", "access", "update"}}}
}

func migrateGetKeys(args [][]byte) []keyRef {
	first, num := 3, 1
	if len(args) > 6 {
	scan:
		for i := 6; i < len(args); i++ {
			switch strings.ToLower(string(args[i])) {
			case "keys":
				if len(args[3]) > 0 {
					num = 0
				} else {
					first, num = i+1, len(args)-i-1
				}
				break scan
			case "auth":
				i++
			case "auth2":
				i += 2
			}
		}
	}
	var out []keyRef
	for i := 0; i < num; i++ {
		out = append(out, keyRef{first + i, []string{"RW", "access", "delete"}})
	}
	return out
}

func sortGetKeys(args [][]byte) []keyRef {
	out := []keyRef{{1, []string{"RO", "access"}}}
	store := -1
	for i := 2; i < len(args); i++ {
		switch strings.ToLower(string(args[i])) {
		case "limit":
			i += 2
		case "get", "by":
			i++
		case "store":
			if i+1 < len(args) {
				store = i + 1
			}
		}
	}
	if store > 0 {
		out = append(out, keyRef{store, []string{"OW", "update"}})
	}
	return out
}

func georadiusGetKeys(args [][]byte) []keyRef {
	out := []keyRef{{1, nil}}
	stored := -1
	for i := 5; i < len(args); i++ {
		a := strings.ToLower(string(args[i]))
		if (a == "store" || a == "storedist") && i+1 < len(args) {
			stored = i + 1
			i++
		}
	}
	if stored > 0 {
		out = append(out, keyRef{stored, nil})
	}
	return out
}

// COMMAND LIST [FILTERBY MODULE module-name|ACLCAT category|PATTERN pattern]
func cmdCommandList(c *Ctx) {
	var filter func(cmd *Command) bool
	for i := 2; i < len(c.Args); i++ {
		more := len(c.Args) - 1 - i
		if !strings.EqualFold(string(c.Args[i]), "filterby") || more != 2 {
			c.Err(ErrSyntax)
			return
		}
		arg := string(c.Args[i+2])
		switch strings.ToLower(string(c.Args[i+1])) {
		case "module":
			filter = func(*Command) bool { return false } // no modules
		case "aclcat":
			cat := strings.ToLower(arg)
			filter = func(cmd *Command) bool { return hasFlag(commandCategories(cmd), cat) }
		case "pattern":
			filter = func(cmd *Command) bool { return Match([]byte(arg), []byte(cmd.FullName), true) }
		default:
			c.Err(ErrSyntax)
			return
		}
		i += 2
	}
	var names []string
	for _, cmd := range Commands() {
		if filter == nil || filter(cmd) {
			names = append(names, cmd.FullName)
		}
		for _, sub := range cmd.Subcommands {
			if filter == nil || filter(sub) {
				names = append(names, sub.FullName)
			}
		}
	}
	c.Array(len(names))
	for _, n := range names {
		c.BulkString(n)
	}
}

// COMMAND HELP
func cmdCommandHelp(c *Ctx) {
	c.help(
		"(no subcommand)",
		"    Return details about all Redis commands.",
		"COUNT",
		"    Return the total number of commands in this Redis server.",
		"LIST",
		"    Return a list of all commands in this Redis server.",
		"INFO [<command-name> ...]",
		"    Return details about multiple Redis commands.",
		"    If no command names are given, documentation details for all",
		"    commands are returned.",
		"DOCS [<command-name> ...]",
		"    Return documentation details about multiple Redis commands.",
		"    If no command names are given, documentation details for all",
		"    commands are returned.",
		"GETKEYS <full-command>",
		"    Return the keys from a full Redis command.",
		"GETKEYSANDFLAGS <full-command>",
		"    Return the keys and the access flags from a full Redis command.",
	)
}
