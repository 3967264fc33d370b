package server

import (
	"errors"
	"fmt"
	"math"
	"net"
	"path/filepath"
	"strconv"
	"strings"
)

// ParamFlags describe how a parameter may be given.
type ParamFlags uint16

const (
	// Mutable parameters may be changed at runtime (CONFIG SET); the
	// others only at start.
	Mutable ParamFlags = 1 << iota
	// Switch parameters are command-line flags without a value (-M); in a
	// config file the value is optional ("disable-evictions" alone = yes).
	Switch
	// Extended parameters are memcached -o options: given as
	// "-o name=value" on the command line (no flag of their own), or by
	// name in a config file and CONFIG SET.
	Extended
	// MultiWord parameters take several words (save 3600 1 300 100); a
	// config-file line's words are joined with single spaces.
	MultiWord
	// CLIOnly parameters are refused in a config file (config).
	CLIOnly
	// WriteOnly parameters have no value to read back (-o, -S); Get and
	// Names leave them out.
	WriteOnly
	// Hidden parameters are accepted but not listed in the help (options
	// memcached has that Corvid refuses, such as -S).
	Hidden
	// ConfigHidden parameters are left out of CONFIG GET with a pattern
	// (Redis's HIDDEN_CONFIG: key-load-delay, ...); asking for one by its
	// exact name still answers.
	ConfigHidden
)

// Param groups, which order the help and the docs.
const (
	GroupMemcached = "memcached"
	GroupCorvid    = "corvid"
	GroupRedis     = "redis"
	GroupExtended  = "extended"
)

// Param is one entry of the parameter table: the single list that the
// command-line flags, the config file, CONFIG GET/SET and the docs are all
// generated from. To add a parameter, add a Config field and one entry to
// params.
type Param struct {
	// Name is the canonical name: the long flag (--name), the config-file
	// directive and the CONFIG name. Lookups ignore case and treat '-' and
	// '_' alike.
	Name string
	// Aliases are other accepted names (Redis names of memcached flags,
	// older Redis names); each is also a long flag.
	Aliases []string
	// Short is memcached's one-letter flag, or "".
	Short string
	// Arg names the value in help ("num", "bytes", "file"); "" for switches.
	Arg string
	// Group is one of the Group* constants.
	Group string
	// Flags say how the parameter may be given.
	Flags ParamFlags
	// Usage is the one-line meaning shown by --help and in FLAGS.md.
	Usage string
	// DefaultText, when set, documents the default instead of the value in
	// DefaultConfig (for defaults that depend on the machine).
	DefaultText string

	v value
}

// Names returns the canonical name followed by the aliases.
func (p *Param) Names() []string {
	return append([]string{p.Name}, p.Aliases...)
}

// Default returns the documented default: DefaultText, or the value Get
// returns on DefaultConfig.
func (p *Param) Default() string {
	if p.DefaultText != "" || p.v == nil || p.Flags&WriteOnly != 0 {
		return p.DefaultText
	}
	return p.v.get(DefaultConfig())
}

// allParams is params followed by the Redis compatibility parameters
// (config_redis.go): every name LookupParam, Set, the config file and
// CONFIG GET/SET know.
var allParams []*Param

// Params returns the parameter table in documentation order: the
// command-line flags. The Redis compatibility parameters are not among
// them (see CompatParams). The entries are shared: callers must not modify
// them.
func Params() []*Param {
	out := make([]*Param, len(params))
	for i := range params {
		out[i] = &params[i]
	}
	return out
}

// LookupParam finds a parameter by canonical name or alias, ignoring case
// and '-'/'_' differences; nil if there is none. memcached -o options that
// are not parameters themselves (no_lru_crawler, modern, ...) are not found
// here; Set accepts them.
func LookupParam(name string) *Param {
	return paramIndex[normName(name)]
}

// LookupShort finds a parameter by its memcached short flag ("p"); nil if
// there is none.
func LookupShort(letter string) *Param {
	return shortIndex[letter]
}

var (
	paramIndex = map[string]*Param{}
	shortIndex = map[string]*Param{}
)

func init() {
	for i := range params {
		allParams = append(allParams, &params[i])
	}
	for i := range compatParams {
		allParams = append(allParams, &compatParams[i])
	}
	for _, p := range allParams {
		for _, n := range p.Names() {
			k := normName(n)
			if _, dup := paramIndex[k]; dup {
				panic("BUG: duplicate parameter name " + n)
			}
			paramIndex[k] = p
		}
		if p.Short != "" {
			if _, dup := shortIndex[p.Short]; dup {
				panic("BUG: duplicate short flag " + p.Short)
			}
			shortIndex[p.Short] = p
		}
	}
}

// Field accessors keep the table below one line per field.
func fInt(f func(*Config) *int) func(*Config) *int       { return f }
func fI64(f func(*Config) *int64) func(*Config) *int64   { return f }
func fStr(f func(*Config) *string) func(*Config) *string { return f }
func fBool(f func(*Config) *bool) func(*Config) *bool    { return f }

const maxInt32 = math.MaxInt32

var policies = []string{
	PolicyVolatileLRU, PolicyVolatileLFU, PolicyVolatileRandom, PolicyVolatileTTL,
	PolicyAllKeysLRU, PolicyAllKeysLFU, PolicyAllKeysRandom, PolicyNoEviction,
}

// params is the parameter table.
var params = []Param{
	// ---- memcached's flags, in memcached -h order ----
	{Name: "port", Short: "p", Arg: "num", Group: GroupMemcached,
		Usage: "memcached TCP port to listen on (0 = off)",
		v:     portValue(func(c *Config) *int { return &c.Port })},
	{Name: "udp-port", Short: "U", Arg: "num", Group: GroupMemcached,
		Usage: "UDP port (accepted for compatibility; UDP is not served, a non-zero value only warns)",
		v:     portValue(func(c *Config) *int { return &c.UDPPort })},
	{Name: "unix-socket", Short: "s", Arg: "file", Group: GroupMemcached,
		Usage: "UNIX socket to listen on (disables network support: the memcached TCP port, and the RESP and metrics ports unless given explicitly)",
		v:     stringValue{f: fStr(func(c *Config) *string { return &c.UnixSocket })}},
	{Name: "unix-mask", Short: "a", Arg: "mask", Group: GroupMemcached,
		Usage: "access mask for UNIX socket, in octal",
		v: funcValue{
			getf: func(c *Config) string { return strconv.FormatUint(uint64(c.UnixMask), 8) },
			setf: func(c *Config, s string) error {
				n, err := strconv.ParseUint(strings.TrimSpace(s), 8, 32)
				if err != nil || n > 0o777 {
					return errNotOctal
				}
				c.UnixMask = uint32(n)
				return nil
			}}},
	{Name: "enable-shutdown", Short: "A", Group: GroupMemcached, Flags: Switch,
		Usage: `enable ascii "shutdown" command`,
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.ShutdownEnabled })}},
	{Name: "listen", Aliases: nil, Short: "l", Arg: "addr", Group: GroupMemcached,
		Usage: "interface to listen on, for both protocols; comma-separated list or repeated -l; an addr:port entry sets the memcached port of that address",
		v: repeatValue{funcValue{
			getf: func(c *Config) string { return strings.Join(c.Listen, ",") },
			setf: func(c *Config, s string) error { c.Listen = splitList(s); return nil },
			addf: func(c *Config, s string) error {
				for _, a := range splitList(s) {
					if !contains(c.Listen, a) {
						c.Listen = append(c.Listen, a)
					}
				}
				return nil
			}}}},
	{Name: "daemon", Short: "d", Group: GroupMemcached, Flags: Switch,
		Usage: "run as a daemon (accepted; corvid stays in the foreground, systemd runs it; warns)",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.Daemonize })}},
	{Name: "enable-coredumps", Short: "r", Group: GroupMemcached, Flags: Switch,
		Usage: "maximize core file limit",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.EnableCoredumps })}},
	{Name: "user", Short: "u", Arg: "user", Group: GroupMemcached,
		Usage: "assume identity of <user> after binding (only when run as root; unlike memcached, root without -u is allowed, with a warning)",
		v:     stringValue{f: fStr(func(c *Config) *string { return &c.User })}},
	{Name: "memory-limit", Short: "m", Arg: "num", Group: GroupMemcached, Flags: Mutable,
		Usage: "item memory in megabytes, or with a unit: 512k, 64m, 2g (0 = no limit; same setting as maxmemory, the last one given wins)",
		v: funcValue{
			getf: func(c *Config) string {
				if c.MaxMemory%(1<<20) == 0 {
					return strconv.FormatInt(c.MaxMemory>>20, 10)
				}
				return strconv.FormatInt(c.MaxMemory, 10) + "b"
			},
			setf: func(c *Config, s string) error {
				n, err := parseMegabytes(s)
				if err != nil {
					return err
				}
				c.MaxMemory = n
				return nil
			}}},
	{Name: "disable-evictions", Short: "M", Group: GroupMemcached, Flags: Switch | Mutable,
		Usage: "return error on memory exhausted instead of evicting (maxmemory-policy noeviction)",
		v: funcValue{
			getf: func(c *Config) string { return yesNo(c.MaxmemoryPolicy == PolicyNoEviction) },
			setf: func(c *Config, s string) error {
				b, err := parseBool(s)
				if err != nil {
					return err
				}
				if b {
					c.MaxmemoryPolicy = PolicyNoEviction
				} else if c.MaxmemoryPolicy == PolicyNoEviction {
					c.MaxmemoryPolicy = PolicyAllKeysLRU
				}
				return nil
			}}},
	{Name: "conn-limit", Aliases: []string{"maxclients"}, Short: "c", Arg: "num", Group: GroupMemcached, Flags: Mutable,
		Usage: "max simultaneous connections, both protocols together",
		v: intValue{f: fInt(func(c *Config) *int { return &c.MaxConns }), min: 1, max: maxInt32,
			msg: "Maximum connections must be greater than 0"}},
	{Name: "lock-memory", Short: "k", Group: GroupMemcached, Flags: Switch,
		Usage: "lock down all paged memory (mlockall)",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.LockMemory })}},
	{Name: "verbose", Short: "v", Group: GroupMemcached, Flags: Switch | Mutable,
		Usage: "verbose (print errors/warnings while in event loop); -vv very verbose (also print client commands/responses); -vvv extremely verbose; a number in a config file",
		v: repeatValue{funcValue{
			getf: func(c *Config) string { return strconv.Itoa(c.Verbose) },
			setf: setVerbose,
			addf: func(c *Config, s string) error {
				if b, err := parseBool(s); err == nil && b {
					c.Verbose++
					return nil
				}
				return setVerbose(c, s)
			}}}},
	{Name: "pidfile", Short: "P", Arg: "file", Group: GroupMemcached,
		Usage: "save PID in <file> (also without -d)",
		v:     stringValue{f: fStr(func(c *Config) *string { return &c.PidFile })}},
	{Name: "slab-growth-factor", Short: "f", Arg: "num", Group: GroupMemcached,
		Usage: "chunk size growth factor",
		v: floatValue{f: func(c *Config) *float64 { return &c.GrowthFactor }, check: func(x float64) error {
			if x <= 1.0 {
				return msgError("Factor must be greater than 1")
			}
			return nil
		}}},
	{Name: "slab-min-size", Short: "n", Arg: "bytes", Group: GroupMemcached,
		Usage: "min space used for key+value+flags",
		v: intValue{f: fInt(func(c *Config) *int { return &c.ChunkSize }), min: 1, max: maxInt32,
			msg: "Chunk size must be greater than 0"}},
	{Name: "enable-largepages", Short: "L", Group: GroupMemcached, Flags: Switch,
		Usage: "try to use large memory pages (accepted, warns: item memory always asks for transparent huge pages; nothing is preallocated)",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.LargePages })}},
	{Name: "prefix-delimiter", Short: "D", Arg: "char", Group: GroupMemcached,
		Usage: `use <char> as the delimiter between key prefixes and IDs for per-prefix stats ("stats detail"); giving it turns stats detail on`,
		v: funcValue{
			getf: func(c *Config) string { return c.PrefixDelimiter },
			setf: func(c *Config, s string) error {
				if s == "" {
					return msgError("No delimiter specified")
				}
				c.PrefixDelimiter = s[:1]
				c.DetailEnabled = true
				return nil
			}}},
	{Name: "threads", Short: "t", Arg: "num", Group: GroupMemcached,
		Usage:       "number of threads (event loops) to use",
		DefaultText: "number of CPUs",
		v: intValue{f: fInt(func(c *Config) *int { return &c.Threads }), min: 1, max: maxInt32,
			msg: "Number of threads must be greater than 0"}},
	{Name: "max-reqs-per-event", Short: "R", Arg: "num", Group: GroupMemcached,
		Usage: "maximum number of requests per event, limits the requests processed per connection to prevent starvation",
		v: intValue{f: fInt(func(c *Config) *int { return &c.ReqsPerEvent }), min: 1, max: maxInt32,
			msg: "Number of requests per event must be greater than 0"}},
	{Name: "disable-cas", Short: "C", Group: GroupMemcached, Flags: Switch,
		Usage: "disable use of CAS",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.CASEnabled }), invert: true}},
	{Name: "listen-backlog", Aliases: []string{"tcp-backlog"}, Short: "b", Arg: "num", Group: GroupMemcached,
		Usage: "set the backlog queue limit",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.Backlog }), min: 0, max: maxInt32}},
	{Name: "protocol", Short: "B", Arg: "name", Group: GroupMemcached,
		Usage: "protocol - one of ascii, binary, or auto (binary is accepted, but only ascii is served)",
		v: enumValue{f: fStr(func(c *Config) *string { return &c.Protocol }), values: []string{"auto", "ascii", "binary"},
			msg: func(s string) error {
				return msgf("Invalid value for binding protocol: %s\n -- should be one of auto, binary, or ascii", s)
			}}},
	{Name: "max-item-size", Short: "I", Arg: "num", Group: GroupMemcached,
		Usage:       "adjusts max item size (min: 1k, max: 1024m, at most half of the memory limit); units k and m; memcached port only (Redis values: proto-max-bulk-len)",
		DefaultText: "1m",
		v: funcValue{
			getf: func(c *Config) string { return strconv.Itoa(c.ItemSizeMax) },
			setf: func(c *Config, s string) error {
				n, err := ParseMemcachedSize(s)
				if err != nil {
					return err
				}
				if n > 1<<40 {
					n = 1 << 40 // Validate reports "higher than a gigabyte"
				}
				c.ItemSizeMax = int(n)
				return nil
			}}},
	{Name: "disable-flush-all", Short: "F", Group: GroupMemcached, Flags: Switch,
		Usage: "disable flush_all command",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.FlushEnabled }), invert: true}},
	{Name: "disable-dumping", Short: "X", Group: GroupMemcached, Flags: Switch,
		Usage: "disable stats cachedump and lru_crawler metadump",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.DumpEnabled }), invert: true}},
	{Name: "disable-watch", Short: "W", Group: GroupMemcached, Flags: Switch,
		Usage: "disable watch commands (live logging)",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.WatchEnabled }), invert: true}},
	{Name: "memory-file", Short: "e", Arg: "file", Group: GroupMemcached,
		Usage: "mmap a file for item memory (accepted; not supported, warns)",
		v:     stringValue{f: fStr(func(c *Config) *string { return &c.MemoryFile })}},
	{Name: "extended", Short: "o", Arg: "opts", Group: GroupMemcached, Flags: WriteOnly,
		Usage: "comma separated list of extended options (see below); most options have a 'no_' prefix to disable",
		v:     funcValue{setf: applyExtended}},
	{Name: "enable-sasl", Short: "S", Group: GroupMemcached, Flags: Switch | Hidden | WriteOnly,
		Usage: "refused: not built with that authentication",
		v:     refusedSwitch("This server is not built with SASL support.")},
	{Name: "enable-ssl", Short: "Z", Group: GroupMemcached, Flags: Switch | Hidden | WriteOnly,
		Usage: "refused: not built with that transport security",
		v:     refusedSwitch("This server is not built with TLS support.")},
	{Name: "auth-file", Short: "Y", Arg: "file", Group: GroupMemcached, Flags: Hidden | WriteOnly,
		Usage: "refused: ASCII authentication is not supported",
		v: funcValue{setf: func(c *Config, s string) error {
			if s == "" {
				return nil
			}
			return msgError("ASCII protocol authentication (-Y) is not supported by this server.")
		}}},
	{Name: "napi-ids", Short: "N", Arg: "num", Group: GroupMemcached, Flags: Hidden | WriteOnly,
		Usage: "number of napi ids (accepted; ignored)",
		v: funcValue{setf: func(c *Config, s string) error {
			if _, err := parseInt(s, 1, maxInt32); err != nil {
				return msgError("Maximum number of NAPI IDs must be greater than 0")
			}
			c.IgnoredOptions = append(c.IgnoredOptions, "-N "+s)
			return nil
		}}},

	// ---- Corvid's own ----
	{Name: "resp-port", Arg: "num", Group: GroupCorvid,
		Usage: "Redis protocol (RESP) TCP port to listen on (0 = off)",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.RespPort }), min: 0, max: 65535}},
	{Name: "metrics-addr", Arg: "addr", Group: GroupCorvid,
		Usage: `host:port of the Prometheus endpoint (/metrics); "" = off`,
		v: stringValue{f: fStr(func(c *Config) *string { return &c.MetricsAddr }), check: func(s string) error {
			if s == "" {
				return nil
			}
			_, port, err := net.SplitHostPort(s)
			if err == nil {
				_, err = parseInt(port, 0, 65535)
			}
			if err != nil {
				return fmt.Errorf("metrics-addr must be host:port or empty, not %q", s)
			}
			return nil
		}}},
	{Name: "config", Arg: "file", Group: GroupCorvid, Flags: CLIOnly,
		Usage: "read parameters from <file> (redis.conf syntax: one 'name value...' per line, # comments, quotes, include); command-line flags win over the file",
		v:     stringValue{f: fStr(func(c *Config) *string { return &c.ConfigFile })}},
	{Name: "debug-time", Group: GroupCorvid, Flags: Switch,
		Usage: `enable the "debugtime <delta>" memcached test-hook command that shifts the server clock`,
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.DebugTime })}},
	{Name: "memcached-version", Arg: "ver", Group: GroupCorvid,
		Usage: "version reported by the memcached version command and stats",
		v:     stringValue{f: fStr(func(c *Config) *string { return &c.MemcachedVersion }), check: nonEmpty("memcached-version")}},
	{Name: "redis-version", Arg: "ver", Group: GroupCorvid,
		Usage: "version reported as redis_version by INFO and HELLO",
		v:     stringValue{f: fStr(func(c *Config) *string { return &c.RedisVersion }), check: nonEmpty("redis-version")}},

	// ---- Redis parameters ----
	{Name: "maxmemory", Arg: "bytes", Group: GroupRedis, Flags: Mutable,
		Usage: "memory limit in bytes, Redis units (1k=1000, 1kb=1024, m, mb, g, gb; 0 = no limit); same setting as -m, the last one given wins",
		v:     memoryValue{f: fI64(func(c *Config) *int64 { return &c.MaxMemory }), min: 0, max: math.MaxInt64}},
	{Name: "maxmemory-policy", Arg: "policy", Group: GroupRedis, Flags: Mutable,
		Usage: "what to do at the memory limit: " + strings.Join(policies, ", ") + " (-M = noeviction)",
		v:     enumValue{f: fStr(func(c *Config) *string { return &c.MaxmemoryPolicy }), values: policies}},
	{Name: "maxmemory-samples", Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "keys sampled per eviction by the approximated LRU, LFU and TTL policies",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.MaxmemorySamples }), min: 1, max: 64}},
	{Name: "lfu-log-factor", Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "LFU counter logarithm factor",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.LFULogFactor }), min: 0, max: maxInt32}},
	{Name: "lfu-decay-time", Arg: "min", Group: GroupRedis, Flags: Mutable,
		Usage: "minutes after which an idle key's LFU counter is halved",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.LFUDecayTime }), min: 0, max: maxInt32}},
	{Name: "bind", Arg: "addrs", Group: GroupRedis, Flags: MultiWord,
		Usage: "Redis spelling of -l: space-separated addresses both protocols bind (* = 0.0.0.0, ::* = ::, a leading - is dropped); replaces the list",
		v: funcValue{
			getf: func(c *Config) string { return strings.Join(c.Listen, " ") },
			setf: func(c *Config, s string) error {
				var out []string
				for _, a := range splitList(s) {
					a = strings.TrimPrefix(a, "-")
					switch a {
					case "*":
						a = "0.0.0.0"
					case "::*":
						a = "::"
					}
					if a != "" && !contains(out, a) {
						out = append(out, a)
					}
				}
				c.Listen = out
				return nil
			}}},
	{Name: "requirepass", Arg: "password", Group: GroupRedis, Flags: Mutable,
		Usage: `password clients must AUTH with on the RESP port ("" = none)`,
		v:     stringValue{f: fStr(func(c *Config) *string { return &c.RequirePass })}},
	{Name: "databases", Arg: "num", Group: GroupRedis,
		Usage: "number of logical databases (memcached's keys live in db 0)",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.Databases }), min: 1, max: maxInt32}},
	{Name: "timeout", Arg: "sec", Group: GroupRedis, Flags: Mutable,
		Usage: "close RESP connections idle this many seconds (0 = never; memcached's is -o idle_timeout)",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.Timeout }), min: 0, max: maxInt32}},
	{Name: "tcp-keepalive", Arg: "sec", Group: GroupRedis, Flags: Mutable,
		Usage: "TCP keepalive period of client connections (0 = off)",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.TCPKeepalive }), min: 0, max: maxInt32}},
	{Name: "notify-keyspace-events", Arg: "classes", Group: GroupRedis, Flags: Mutable,
		Usage: `keyspace notification classes, letters of "Ag$lshzxeKEtmdn" ("" = off)`,
		v: funcValue{
			getf: func(c *Config) string { return c.NotifyKeyspaceEvents },
			setf: func(c *Config, s string) error {
				n, err := normalizeNotify(s)
				if err != nil {
					return err
				}
				c.NotifyKeyspaceEvents = n
				return nil
			}}},
	{Name: "proto-max-bulk-len", Arg: "bytes", Group: GroupRedis, Flags: Mutable,
		Usage: "largest bulk string a RESP request may carry, and largest value a Redis command may store (a string, or a whole hash, list, set or sorted set)",
		v:     memoryValue{f: fI64(func(c *Config) *int64 { return &c.ProtoMaxBulkLen }), min: 1 << 20, max: math.MaxInt64}},
	{Name: "client-query-buffer-limit", Arg: "bytes", Group: GroupRedis, Flags: Mutable,
		Usage: "most unparsed input one RESP client may have buffered",
		v:     memoryValue{f: fI64(func(c *Config) *int64 { return &c.ClientQueryBufferLimit }), min: 1 << 20, max: math.MaxInt64}},
	{Name: "client-output-buffer-limit", Arg: "limits", Group: GroupRedis, Flags: Mutable | MultiWord,
		Usage: "<class> <hard> <soft> <soft-seconds> for classes normal, replica (slave), pubsub; only the classes given change",
		v:     funcValue{getf: getOutputBufferLimit, setf: setOutputBufferLimit}},
	{Name: "hz", Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "frequency of background tasks, clamped to 1..500",
		v: funcValue{
			getf: func(c *Config) string { return strconv.Itoa(c.Hz) },
			setf: func(c *Config, s string) error {
				n, err := parseInt(s, 0, maxInt32)
				if err != nil {
					return err
				}
				c.Hz = int(min(max(n, 1), 500))
				return nil
			}}},
	{Name: "appendonly", Arg: "yes|no", Group: GroupRedis, Flags: Mutable,
		Usage: "log every write to the append-only file",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.AppendOnly })}},
	{Name: "appendfsync", Arg: "policy", Group: GroupRedis, Flags: Mutable,
		Usage: "when the append-only file is fsynced: always, everysec, no",
		v:     enumValue{f: fStr(func(c *Config) *string { return &c.AppendFsync }), values: []string{"always", "everysec", "no"}}},
	{Name: "appendfilename", Arg: "name", Group: GroupRedis,
		Usage: "base name of the append-only file, in dir",
		v: stringValue{f: fStr(func(c *Config) *string { return &c.AppendFilename }), check: func(s string) error {
			if s == "" {
				return errors.New("appendfilename can't be empty")
			}
			if s != filepath.Base(s) {
				return errors.New("appendfilename can't be a path, just a filename")
			}
			return nil
		}}},
	{Name: "save", Arg: "rules", Group: GroupRedis, Flags: Mutable | MultiWord,
		Usage: `snapshot rules "<seconds> <changes> ..." ("" = no automatic snapshots)`,
		v:     funcValue{getf: getSave, setf: setSave}},
	{Name: "dir", Arg: "path", Group: GroupRedis, Flags: Mutable,
		Usage: "directory of snapshots and the append-only file",
		v:     stringValue{f: fStr(func(c *Config) *string { return &c.Dir }), check: nonEmpty("dir")}},
	{Name: "dbfilename", Arg: "name", Group: GroupRedis, Flags: Mutable,
		Usage: "snapshot file name, in dir",
		v: stringValue{f: fStr(func(c *Config) *string { return &c.DBFilename }), check: func(s string) error {
			if s == "" || s != filepath.Base(s) {
				return errors.New("dbfilename can't be a path, just a filename")
			}
			return nil
		}}},
	{Name: "loglevel", Arg: "level", Group: GroupRedis, Flags: Mutable,
		Usage: "log detail: debug, verbose, notice, warning, nothing (-v raises it)",
		v:     enumValue{f: fStr(func(c *Config) *string { return &c.LogLevel }), values: []string{"debug", "verbose", "notice", "warning", "nothing"}}},
	{Name: "logfile", Arg: "file", Group: GroupRedis,
		Usage: `log file ("" = standard error)`,
		v:     stringValue{f: fStr(func(c *Config) *string { return &c.LogFile })}},
	{Name: "daemonize", Arg: "yes|no", Group: GroupRedis,
		Usage: "Redis spelling of -d (accepted; corvid stays in the foreground, warns)",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.Daemonize })}},
	{Name: "supervised", Arg: "mode", Group: GroupRedis,
		Usage: "systemd readiness notification: auto (when NOTIFY_SOCKET is set), systemd, upstart (= no, warns), no",
		v:     enumValue{f: fStr(func(c *Config) *string { return &c.Supervised }), values: []string{"upstart", "systemd", "auto", "no"}}},
	{Name: "slowlog-log-slower-than", Arg: "us", Group: GroupRedis, Flags: Mutable,
		Usage: "log commands slower than this many microseconds to the slow log (negative = off, 0 = all)",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.SlowlogLogSlowerThan }), min: -1, max: math.MaxInt64}},
	{Name: "slowlog-max-len", Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "entries kept in the slow log",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.SlowlogMaxLen }), min: 0, max: maxInt32}},
	{Name: "latency-tracking", Arg: "yes|no", Group: GroupRedis, Flags: Mutable,
		Usage: "keep per-command latency histograms (INFO latencystats)",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.LatencyTracking })}},
	{Name: "latency-tracking-info-percentiles", Arg: "list", Group: GroupRedis, Flags: Mutable | MultiWord,
		Usage: "percentiles INFO latencystats reports, space-separated",
		v:     funcValue{getf: getPercentiles, setf: setPercentiles}},
	{Name: "latency-monitor-threshold", Arg: "ms", Group: GroupRedis, Flags: Mutable,
		Usage: "LATENCY monitor threshold in milliseconds (0 = off)",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.LatencyMonitorThreshold }), min: 0, max: math.MaxInt64}},
	{Name: "hash-max-listpack-entries", Aliases: []string{"hash-max-ziplist-entries"}, Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "a hash stays compact up to this many fields",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.HashMaxListpackEntries }), min: 0, max: math.MaxInt64}},
	{Name: "hash-max-listpack-value", Aliases: []string{"hash-max-ziplist-value"}, Arg: "bytes", Group: GroupRedis, Flags: Mutable,
		Usage: "a hash stays compact while every field and value is at most this long",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.HashMaxListpackValue }), min: 0, max: math.MaxInt64}},
	{Name: "list-max-listpack-size", Aliases: []string{"list-max-ziplist-size"}, Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "list node size: entries if positive, -1..-5 = 4, 8, 16, 32, 64 KiB",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.ListMaxListpackSize }), min: math.MinInt32, max: maxInt32}},
	{Name: "list-compress-depth", Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "list nodes at each end left uncompressed (0 = no compression)",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.ListCompressDepth }), min: 0, max: maxInt32}},
	{Name: "set-max-intset-entries", Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "a set of integers stays compact up to this many members",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.SetMaxIntsetEntries }), min: 0, max: math.MaxInt64}},
	{Name: "zset-max-listpack-entries", Aliases: []string{"zset-max-ziplist-entries"}, Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "a sorted set stays compact up to this many members",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.ZSetMaxListpackEntries }), min: 0, max: math.MaxInt64}},
	{Name: "zset-max-listpack-value", Aliases: []string{"zset-max-ziplist-value"}, Arg: "bytes", Group: GroupRedis, Flags: Mutable,
		Usage: "a sorted set stays compact while every member is at most this long",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.ZSetMaxListpackValue }), min: 0, max: math.MaxInt64}},
	{Name: "stream-node-max-bytes", Arg: "bytes", Group: GroupRedis, Flags: Mutable,
		Usage: "largest stream node (Redis units; 0 = unlimited)",
		v:     memoryValue{f: fI64(func(c *Config) *int64 { return &c.StreamNodeMaxBytes }), min: 0, max: math.MaxInt64}},
	{Name: "stream-node-max-entries", Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "most entries in one stream node (0 = unlimited)",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.StreamNodeMaxEntries }), min: 0, max: math.MaxInt64}},
	{Name: "hll-sparse-max-bytes", Arg: "bytes", Group: GroupRedis, Flags: Mutable,
		Usage: "a HyperLogLog stays sparse up to this size (Redis units)",
		v:     memoryValue{f: fI64(func(c *Config) *int64 { return &c.HLLSparseMaxBytes }), min: 0, max: math.MaxInt64}},
	{Name: "busy-reply-threshold", Aliases: []string{"lua-time-limit"}, Arg: "ms", Group: GroupRedis, Flags: Mutable,
		Usage: "after this many milliseconds a running script makes other clients get BUSY",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.BusyReplyThreshold }), min: 0, max: math.MaxInt64}},
	{Name: "tracking-table-max-keys", Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "most keys the client-side caching table tracks (0 = unlimited)",
		v:     int64Value{f: fI64(func(c *Config) *int64 { return &c.TrackingTableMaxKeys }), min: 0, max: math.MaxInt64}},
	{Name: "active-expire-effort", Arg: "num", Group: GroupRedis, Flags: Mutable,
		Usage: "effort of the active expiry cycle, 1..10",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.ActiveExpireEffort }), min: 1, max: 10}},

	// ---- memcached -o options (names as memcached spells them) ----
	{Name: "maxconns_fast", Group: GroupExtended, Flags: Extended | Switch,
		Usage: "immediately close new connections after limit",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.MaxconnsFast })}},
	{Name: "hashpower", Group: GroupExtended, Flags: Extended,
		Usage: `an integer multiplier for how large the hash table should be, 12..32; normally grows at runtime (0 = default); set based on "STAT hash_power_level"`,
		v:     funcValue{getf: func(c *Config) string { return strconv.Itoa(c.HashPowerInit) }, setf: setHashpower}},
	{Name: "tail_repair_time", Group: GroupExtended, Flags: Extended,
		Usage: "time in seconds for how long to wait before forcefully killing LRU tail item (at least 10; 0 = disabled); very dangerous option",
		v: funcValue{getf: func(c *Config) string { return strconv.Itoa(c.TailRepairTime) }, setf: func(c *Config, s string) error {
			n, err := parseInt(s, 0, maxInt32)
			if err != nil || (n > 0 && n < 10) {
				return msgError("Cannot set tail_repair_time to less than 10 seconds")
			}
			c.TailRepairTime = int(n)
			return nil
		}}},
	{Name: "hash_algorithm", Group: GroupExtended, Flags: Extended,
		Usage: "the hash table algorithm: jenkins, murmur3, xxh3 (reported only: corvid always hashes with xxHash)",
		v: enumValue{f: fStr(func(c *Config) *string { return &c.HashAlgorithm }), values: []string{"jenkins", "murmur3", "xxh3"},
			msg: func(string) error { return msgError("Unknown hash_algorithm option (jenkins, murmur3, xxh3)") }}},
	{Name: "lru_crawler", Group: GroupExtended, Flags: Extended | Switch | Mutable,
		Usage: "run the LRU crawler background thread (no_lru_crawler disables)",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.LRUCrawler })}},
	{Name: "lru_crawler_sleep", Group: GroupExtended, Flags: Extended | Mutable,
		Usage: "microseconds to sleep between items, 0..1000000",
		v: intValue{f: fInt(func(c *Config) *int { return &c.LRUCrawlerSleep }), min: 0, max: 1000000,
			msg: "LRU crawler sleep must be between 0 and 1 second"}},
	{Name: "lru_crawler_tocrawl", Group: GroupExtended, Flags: Extended | Mutable,
		Usage: "max items to crawl per slab per run (0 = unlimited)",
		v: funcValue{getf: func(c *Config) string { return strconv.FormatUint(uint64(c.LRUCrawlerTocrawl), 10) }, setf: func(c *Config, s string) error {
			n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
			if err != nil {
				return errors.New("lru_crawler_tocrawl takes a numeric 32bit value")
			}
			c.LRUCrawlerTocrawl = uint32(n)
			return nil
		}}},
	{Name: "lru_maintainer", Group: GroupExtended, Flags: Extended | Switch,
		Usage: "segmented LRU (hot/warm/cold) and its background maintainer (no_lru_maintainer disables)",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.LRUMaintainer })}},
	{Name: "hot_lru_pct", Group: GroupExtended, Flags: Extended | Mutable,
		Usage: "pct of slab memory to reserve for hot lru, 1..79",
		v: intValue{f: fInt(func(c *Config) *int { return &c.HotLRUPct }), min: 1, max: 79,
			msg: "hot_lru_pct must be > 1 and < 80"}},
	{Name: "warm_lru_pct", Group: GroupExtended, Flags: Extended | Mutable,
		Usage: "pct of slab memory to reserve for warm lru, 1..79 (hot + warm at most 80)",
		v: intValue{f: fInt(func(c *Config) *int { return &c.WarmLRUPct }), min: 1, max: 79,
			msg: "warm_lru_pct must be > 1 and < 80"}},
	{Name: "hot_max_factor", Group: GroupExtended, Flags: Extended | Mutable,
		Usage: "items idle > cold lru age * this drop from hot lru",
		v:     floatValue{f: func(c *Config) *float64 { return &c.HotMaxFactor }, check: positive("hot_max_factor must be > 0")}},
	{Name: "warm_max_factor", Group: GroupExtended, Flags: Extended | Mutable,
		Usage: "items idle > cold lru age * this drop from warm lru",
		v:     floatValue{f: func(c *Config) *float64 { return &c.WarmMaxFactor }, check: positive("warm_max_factor must be > 0")}},
	{Name: "temporary_ttl", Group: GroupExtended, Flags: Extended,
		Usage: "TTLs at most this get a separate LRU and can't be evicted (setting it enables that LRU; requires lru_maintainer)",
		v: funcValue{getf: func(c *Config) string { return strconv.Itoa(c.TemporaryTTL) }, setf: func(c *Config, s string) error {
			n, err := parseInt(s, 0, maxInt32)
			if err != nil {
				return err
			}
			c.TemporaryTTL, c.TempLRU = int(n), true
			return nil
		}}},
	{Name: "idle_timeout", Group: GroupExtended, Flags: Extended | Mutable,
		Usage: "timeout in seconds for idle memcached connections (0 = no timeout; the RESP port's is timeout)",
		v:     intValue{f: fInt(func(c *Config) *int { return &c.IdleTimeout }), min: 0, max: maxInt32}},
	{Name: "slab_reassign", Group: GroupExtended, Flags: Extended | Switch,
		Usage: "allow moving slab pages between classes (no_slab_reassign disables)",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.SlabReassign })}},
	{Name: "slab_automove", Group: GroupExtended, Flags: Extended | Mutable,
		Usage: "slab page mover: 0 = off, 1 = conservative, 2 = aggressive (no value = 1)",
		v: intValue{f: fInt(func(c *Config) *int { return &c.SlabAutomove }), min: 0, max: 2,
			msg: "slab_automove must be between 0 and 2"}},
	{Name: "slab_automove_ratio", Group: GroupExtended, Flags: Extended | Mutable,
		Usage: "ratio of free chunks that makes the automover take a page, 0 < ratio <= 1",
		v: floatValue{f: func(c *Config) *float64 { return &c.SlabAutomoveRatio }, check: func(x float64) error {
			if x <= 0 || x > 1 {
				return errors.New("slab_automove_ratio must be > 0 and < 1")
			}
			return nil
		}}},
	{Name: "slab_automove_window", Group: GroupExtended, Flags: Extended | Mutable,
		Usage: "automover window in seconds, 3..1800",
		v: intValue{f: fInt(func(c *Config) *int { return &c.SlabAutomoveWindow }), min: 3, max: 1800,
			msg: "slab_automove_window must be > 2 and < 1800"}},
	{Name: "slab_chunk_max", Group: GroupExtended, Flags: Extended,
		Usage: "maximum slab chunk size in kilobytes, 1..1024; larger items are chained",
		v: funcValue{getf: func(c *Config) string { return strconv.Itoa(c.SlabChunkMax >> 10) }, setf: func(c *Config, s string) error {
			n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			switch {
			case err != nil:
				return errors.New("could not parse argument to slab_chunk_max")
			case n <= 0:
				return errors.New("slab_chunk_max must be >= 0")
			case n > 1<<10:
				return msgError("slab_chunk_max must be specified in kilobytes.")
			}
			c.SlabChunkMax = int(n) << 10
			return nil
		}}},
	{Name: "watcher_logbuf_size", Group: GroupExtended, Flags: Extended,
		Usage: "size in kilobytes of per-watcher write buffer",
		v:     kilobytes(func(c *Config) *int { return &c.WatcherLogbufSize }, "watcher_logbuf_size")},
	{Name: "worker_logbuf_size", Group: GroupExtended, Flags: Extended,
		Usage: "size in kilobytes of per-worker-thread log buffer",
		v:     kilobytes(func(c *Config) *int { return &c.WorkerLogbufSize }, "worker_logbuf_size")},
	{Name: "read_buf_mem_limit", Group: GroupExtended, Flags: Extended,
		Usage: "limit in megabytes for connection read/response buffers (0 = unlimited)",
		v: funcValue{getf: func(c *Config) string { return strconv.FormatInt(c.ReadBufMemLimit>>20, 10) }, setf: func(c *Config, s string) error {
			n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
			if err != nil {
				return errors.New("could not parse argument to read_buf_mem_limit")
			}
			c.ReadBufMemLimit = int64(n) << 20
			return nil
		}}},
	{Name: "track_sizes", Group: GroupExtended, Flags: Extended | Switch,
		Usage: "enable dynamic reports for 'stats sizes' command",
		v:     boolValue{f: fBool(func(c *Config) *bool { return &c.TrackSizes })}},
}

func setVerbose(c *Config, s string) error {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "yes", "on":
		c.Verbose = 1
		return nil
	case "false", "no", "off":
		c.Verbose = 0
		return nil
	}
	n, err := parseInt(s, 0, maxInt32)
	if err != nil {
		return err
	}
	c.Verbose = int(n)
	return nil
}

func setHashpower(c *Config, s string) error {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return msgError("Missing numeric argument for hashpower")
	}
	switch {
	case n == 0: // the default: sized by the server
	case n < 12:
		return msgf("Initial hashtable multiplier of %d is too low", n)
	case n > 32:
		return msgf("Initial hashtable multiplier of %d is too high\n"+
			"Choose a value based on \"STAT hash_power_level\" from a running instance", n)
	}
	c.HashPowerInit = n
	return nil
}

// portValue is memcached's port check: "ERROR: Invalid port number N."
func portValue(f func(*Config) *int) value {
	return funcValue{
		getf: func(c *Config) string { return strconv.Itoa(*f(c)) },
		setf: func(c *Config, s string) error {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 0 || n > 65535 {
				return msgf("ERROR: Invalid port number %s.", strings.TrimSpace(s))
			}
			*f(c) = n
			return nil
		}}
}

// refusedSwitch is a memcached switch for a feature Corvid lacks: giving it
// fails the way memcached built without the feature does.
func refusedSwitch(msg string) value {
	return funcValue{setf: func(c *Config, s string) error {
		if b, err := parseBool(s); err == nil && !b {
			return nil
		}
		return errors.New(msg)
	}}
}

func kilobytes(f func(*Config) *int, name string) value {
	return funcValue{
		getf: func(c *Config) string { return strconv.Itoa(*f(c) >> 10) },
		setf: func(c *Config, s string) error {
			n, err := strconv.ParseUint(strings.TrimSpace(s), 10, 32)
			if err != nil || n > 1<<20 {
				return fmt.Errorf("could not parse argument to %s", name)
			}
			*f(c) = int(n) << 10
			return nil
		}}
}

func positive(msg string) func(float64) error {
	return func(x float64) error {
		if x <= 0 {
			return errors.New(msg)
		}
		return nil
	}
}

func nonEmpty(name string) func(string) error {
	return func(s string) error {
		if s == "" {
			return fmt.Errorf("%s can't be empty", name)
		}
		return nil
	}
}

// splitList splits on commas and white space, dropping empty entries.
func splitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == ' ' || r == '\t'
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// normalizeNotify validates notify-keyspace-events and prints it the way
// Redis's CONFIG GET does (notify.c keyspaceEventsFlagsToString).
func normalizeNotify(s string) (string, error) {
	const classes = "g$lshzxetdn" // the order Redis prints; A = all of them
	const all = "g$lshzxetd"      // A excludes n (and m)
	set := map[byte]bool{}
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case ch == 'A':
			for j := 0; j < len(all); j++ {
				set[all[j]] = true
			}
		case strings.IndexByte(classes+"KEm", ch) >= 0:
			set[ch] = true
		default:
			return "", msgError("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
		}
	}
	var b strings.Builder
	allSet := true
	for j := 0; j < len(all); j++ {
		allSet = allSet && set[all[j]]
	}
	if allSet {
		b.WriteByte('A')
		if set['n'] {
			b.WriteByte('n')
		}
	} else {
		for j := 0; j < len(classes); j++ {
			if set[classes[j]] {
				b.WriteByte(classes[j])
			}
		}
	}
	for _, ch := range []byte("KEm") {
		if set[ch] {
			b.WriteByte(ch)
		}
	}
	return b.String(), nil
}

var clientClasses = [3]string{ClientNormal: "normal", ClientReplica: "slave", ClientPubSub: "pubsub"}

func getOutputBufferLimit(c *Config) string {
	var parts []string
	for i, l := range c.ClientOutputBufferLimit {
		parts = append(parts, fmt.Sprintf("%s %d %d %d", clientClasses[i], l.Hard, l.Soft, l.Seconds))
	}
	return strings.Join(parts, " ")
}

// setOutputBufferLimit parses "<class> <hard> <soft> <seconds>..." and
// changes only the classes given, all or nothing (Redis config.c
// updateClientOutputBufferLimit).
func setOutputBufferLimit(c *Config, s string) error {
	f := strings.Fields(s)
	if len(f)%4 != 0 {
		return msgError("Wrong number of arguments in buffer limit configuration.")
	}
	limits := c.ClientOutputBufferLimit
	for i := 0; i < len(f); i += 4 {
		class := -1
		switch strings.ToLower(f[i]) {
		case "normal":
			class = ClientNormal
		case "slave", "replica":
			class = ClientReplica
		case "pubsub":
			class = ClientPubSub
		}
		if class < 0 {
			return msgError("Invalid client class specified in buffer limit configuration.")
		}
		hard, err1 := ParseRedisMemory(f[i+1])
		soft, err2 := ParseRedisMemory(f[i+2])
		secs, err3 := strconv.ParseInt(f[i+3], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil || secs < 0 {
			return msgError("Error in hard, soft or soft_seconds setting in buffer limit configuration.")
		}
		limits[class] = OutputBufferLimit{Hard: hard, Soft: soft, Seconds: secs}
	}
	c.ClientOutputBufferLimit = limits
	return nil
}

func getSave(c *Config) string {
	parts := make([]string, 0, 2*len(c.Save))
	for _, p := range c.Save {
		parts = append(parts, strconv.FormatInt(p.Seconds, 10), strconv.FormatInt(p.Changes, 10))
	}
	return strings.Join(parts, " ")
}

// setSave parses "<seconds> <changes> ..." pairs; "" clears the rules.
func setSave(c *Config, s string) error {
	f := strings.Fields(s)
	if len(f)%2 != 0 {
		return msgError("Invalid save parameters")
	}
	var out []SavePoint
	for i := 0; i < len(f); i += 2 {
		secs, err1 := strconv.ParseInt(f[i], 10, 64)
		changes, err2 := strconv.ParseInt(f[i+1], 10, 64)
		if err1 != nil || err2 != nil || secs < 1 || changes < 0 {
			return msgError("Invalid save parameters")
		}
		out = append(out, SavePoint{Seconds: secs, Changes: changes})
	}
	c.Save = out
	return nil
}

func getPercentiles(c *Config) string {
	parts := make([]string, len(c.LatencyTrackingInfoPercentiles))
	for i, p := range c.LatencyTrackingInfoPercentiles {
		parts[i] = formatFloat(p)
	}
	return strings.Join(parts, " ")
}

func setPercentiles(c *Config, s string) error {
	var out []float64
	for _, w := range strings.Fields(s) {
		x, err := strconv.ParseFloat(w, 64)
		if err != nil || math.IsNaN(x) {
			return msgError("Invalid latency-tracking-info-percentiles parameters")
		}
		if x < 0 || x > 100 {
			return errors.New("latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")
		}
		out = append(out, x)
	}
	c.LatencyTrackingInfoPercentiles = out
	return nil
}
