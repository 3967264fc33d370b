package redisext

// The documentation side of Redis 7.0.15's command table, for COMMAND INFO,
// COMMAND DOCS and COMMAND GETKEYS: key specifications, ACL categories,
// tips, complexity, history and argument trees. commands_meta_gen.go holds
// it for every Redis command, generated from Redis's src/commands/*.json
// (see TestGenerateMeta); the command table (commands.go and the
// cmd_<group>.go lists) stays the source of truth for what Corvid runs,
// its arity, flags and legacy key positions, and TestCommandTable checks
// that the two agree.

// keySpec is one key specification (Redis's keySpec, server.h).
type keySpec struct {
	Notes string
	Flags []string // "RW", "access", ... in COMMAND's spelling
	// Begin search: "index" (Index), "keyword" (Keyword from StartFrom) or
	// "unknown".
	BS        string
	Index     int
	Keyword   string
	StartFrom int
	// Find keys: "range" (LastKey, KeyStep, Limit), "keynum" (KeyNumIdx,
	// FirstKey, KeyStep) or "unknown".
	FK        string
	LastKey   int
	KeyStep   int
	Limit     int
	KeyNumIdx int
	FirstKey  int
}

// cmdArg is one argument of COMMAND DOCS.
type cmdArg struct {
	Name       string
	Type       string
	KeySpec    int // index into the key specs, -1 for none
	Token      string
	Summary    string
	Since      string
	Deprecated string
	Flags      []string // optional, multiple, multiple_token
	Args       []cmdArg
}

// cmdMeta is what Redis documents about one command or subcommand.
type cmdMeta struct {
	Summary    string
	Since      string
	Group      string
	Complexity string
	Arity      int
	Flags      []string // command_flags, lower case, as in the JSON (sentinel... included)
	ACL        []string // the explicit acl_categories, lower case
	DocFlags   []string
	Deprecated string
	ReplacedBy string
	History    [][2]string
	Tips       []string
	KeySpecs   []keySpec
	Args       []cmdArg
}

// metaFor returns Redis's documentation of cmd, or nil for a command
// Redis does not have.
func metaFor(cmd *Command) *cmdMeta { return redisMeta[cmd.FullName] }
