package memcache

// Command identifies a memcached text or meta command.
type Command uint8

// The commands Parser.Next recognises. Unknown is never returned with a nil
// error: an unknown command is answered by the *Error Next returns.
const (
	Unknown Command = iota
	Get
	Gets
	Gat
	Gats
	Set
	Add
	Replace
	Append
	Prepend
	Cas
	Incr
	Decr
	Touch
	Delete
	FlushAll
	Version
	Verbosity
	Quit
	Shutdown
	CacheMemlimit
	Stats
	Slabs
	LruCrawler
	Lru
	Watch
	DebugTime
	MetaGet
	MetaSet
	MetaDelete
	MetaArithmetic
	MetaNoop
	MetaDebug
	numCommands
)

var commandNames = [numCommands]string{
	Unknown:        "unknown",
	Get:            "get",
	Gets:           "gets",
	Gat:            "gat",
	Gats:           "gats",
	Set:            "set",
	Add:            "add",
	Replace:        "replace",
	Append:         "append",
	Prepend:        "prepend",
	Cas:            "cas",
	Incr:           "incr",
	Decr:           "decr",
	Touch:          "touch",
	Delete:         "delete",
	FlushAll:       "flush_all",
	Version:        "version",
	Verbosity:      "verbosity",
	Quit:           "quit",
	Shutdown:       "shutdown",
	CacheMemlimit:  "cache_memlimit",
	Stats:          "stats",
	Slabs:          "slabs",
	LruCrawler:     "lru_crawler",
	Lru:            "lru",
	Watch:          "watch",
	DebugTime:      "debugtime",
	MetaGet:        "mg",
	MetaSet:        "ms",
	MetaDelete:     "md",
	MetaArithmetic: "ma",
	MetaNoop:       "mn",
	MetaDebug:      "me",
}

// String returns the command's name as sent on the wire ("get", "mg", ...).
func (c Command) String() string {
	if c < numCommands {
		return commandNames[c]
	}
	return "unknown"
}

// IsStorage reports whether a data block follows the command line
// (set, add, replace, append, prepend, cas, ms).
func (c Command) IsStorage() bool {
	return (c >= Set && c <= Cas) || c == MetaSet
}

// IsMeta reports whether c is one of the meta commands (mg ms md ma mn me).
func (c Command) IsMeta() bool { return c >= MetaGet && c <= MetaDebug }

// Request is one parsed command. Every []byte field aliases the buffer given
// to Parser.Next (or, for a base64 meta key, the Parser's own scratch) and is
// valid only until the next call to Next on the same Parser; copy whatever
// must outlive it. Next resets every field on each call and reuses the
// backing arrays of Keys and Args.
type Request struct {
	Cmd  Command
	Name []byte // command token as sent

	// Key is the key of single-key commands, the first key of the get
	// family, and for meta commands the decoded key (see Meta.RawKey).
	Key []byte
	// Keys holds every key of get/gets/gat/gats, in order (any number, up
	// to the line limit; duplicates kept, like memcached).
	Keys [][]byte

	// Flags is the client flags field of set/add/replace/append/prepend/cas,
	// parsed like memcached (strtoul truncated to 32 bits).
	Flags uint32
	// Exptime is the raw expiry sent with storage commands, touch, gat/gats
	// (and the delay of flush_all), already narrowed to 32 bits the way
	// memcached narrows it. Conversion (relative, absolute, negative) is
	// left to the server.
	Exptime int64
	// Bytes is the length of the data block of storage commands (and ms).
	Bytes int
	// CAS is the compare value of "cas".
	CAS uint64
	// Delta is the amount of incr/decr.
	Delta uint64
	// Num is the numeric argument of verbosity (level), cache_memlimit (MB)
	// and debugtime (delta seconds; 0 for "p"/"r", see Args).
	Num int64
	// Noreply is set when the server must send nothing for this command,
	// errors included (memcached's "noreply" on classic commands). Meta
	// commands use the q flag instead (Meta.Flags.Has('q')).
	Noreply bool

	// Data is the data block of storage commands, without its "\r\n".
	Data []byte

	// Args holds the tokens after the command name for the admin commands
	// (stats, slabs, lru, lru_crawler, watch, shutdown, flush_all,
	// verbosity, cache_memlimit, debugtime), including a trailing "noreply"
	// if sent. Like memcached, at most 22 are kept; later tokens are dropped.
	Args [][]byte

	// Meta holds the flags of mg/ms/md/ma/me.
	Meta Meta
}

// reset clears r but keeps the capacity of Keys and Args.
func (r *Request) reset() {
	keys, args := r.Keys[:0], r.Args[:0]
	*r = Request{}
	r.Keys, r.Args = keys, args
}

// MetaFlags is a set of meta flag characters 'A'..'z'.
type MetaFlags uint64

// MetaFlag returns the set holding only flag c ('A'..'z'), or 0 for any
// other byte.
func MetaFlag(c byte) MetaFlags {
	if c < 'A' || c > 'z' {
		return 0
	}
	return 1 << (c - 'A')
}

// MetaFlagSet returns the set of the flag characters in s.
func MetaFlagSet(s string) MetaFlags {
	var f MetaFlags
	for i := 0; i < len(s); i++ {
		f |= MetaFlag(s[i])
	}
	return f
}

// Has reports whether flag c is in the set.
func (f MetaFlags) Has(c byte) bool { return f&MetaFlag(c) != 0 }

// MaxMetaTokens is memcached's MFLAG_MAX_OPT_LENGTH: a meta command line
// (command, key, datalen and flags together) may have at most 20 tokens.
const MaxMetaTokens = 20

// MaxOpaqueLen is the longest opaque value accepted after 'O' (memcached
// limits the whole token, 'O' included, to 32 bytes).
const MaxOpaqueLen = 31

// Meta holds the flags of a meta command. Flags (the set) and Order (the
// order sent, used to echo return flags in request order) cover every flag;
// the fields below hold the tokens of the flags that carry one. A field
// is meaningful only when its flag is in Flags.
type Meta struct {
	Flags MetaFlags
	order [MaxMetaTokens]byte
	n     uint8

	// RawKey is the key exactly as sent: the base64 text when the b flag is
	// given (replies echo this form), otherwise equal to Request.Key.
	RawKey []byte
	// Opaque is the token of O, without the 'O' (at most MaxOpaqueLen bytes).
	Opaque []byte

	CompareCAS  uint64 // C<cas>: compare and swap / mg "value unchanged"
	NewCAS      uint64 // E<cas>: CAS value to give the new item
	VivifyTTL   int64  // N<ttl>: vivify on miss with this TTL
	RecacheTTL  int64  // R<ttl>: win the recache token below this TTL
	TTL         int64  // T<ttl>: new TTL
	ClientFlags uint32 // F<flags>: client flags for ms
	// Mode is the character after M (ms: E A P R S; ma: I + D -), or 0 when
	// M was sent bare to mg/md/me, which ignore it.
	Mode    byte
	Initial uint64 // J<n>: initial value for ma autovivify
	// Delta is D<n> for ma; Next sets it to 1 for ma when D is absent.
	Delta uint64
}

// Order returns the flag characters in the order they were sent. The slice
// aliases m.
func (m *Meta) Order() []byte { return m.order[:m.n] }

// Base64 reports whether the key was sent base64-encoded (b flag).
func (m *Meta) Base64() bool { return m.Flags.Has('b') }

// Quiet reports whether the q flag was sent.
func (m *Meta) Quiet() bool { return m.Flags.Has('q') }
