package server

import (
	"context"
	"errors"
	"fmt"
	"net"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Version is Corvid's own version. Release builds set it with
// -ldflags "-X github.com/corvidcache/corvid/server.Version=1.2.3".
var Version = "0.1.0"

// MemcachedVersion is the memcached version Corvid is compatible with; it is
// the default of the memcached-version parameter, which the memcached
// `version` command and `stats` report.
const MemcachedVersion = "1.6.45"

// RedisVersion is the Redis version Corvid is compatible with; it is the
// default of the redis-version parameter (INFO redis_version, HELLO).
const RedisVersion = "7.0.15"

// SlabPageSize is the size of one slab page (memcached's slab_page_size,
// fixed at 1 MiB; not configurable there either).
const SlabPageSize = 1 << 20

// Eviction policies, the values of maxmemory-policy (Redis's eight).
const (
	PolicyNoEviction     = "noeviction"
	PolicyAllKeysLRU     = "allkeys-lru"
	PolicyVolatileLRU    = "volatile-lru"
	PolicyAllKeysLFU     = "allkeys-lfu"
	PolicyVolatileLFU    = "volatile-lfu"
	PolicyAllKeysRandom  = "allkeys-random"
	PolicyVolatileRandom = "volatile-random"
	PolicyVolatileTTL    = "volatile-ttl"
)

// Client classes of client-output-buffer-limit, indexes into
// Config.ClientOutputBufferLimit.
const (
	ClientNormal = iota
	ClientReplica
	ClientPubSub
)

// SavePoint is one "save <seconds> <changes>" rule: snapshot when at least
// Changes writes happened in the last Seconds seconds.
type SavePoint struct {
	Seconds int64
	Changes int64
}

// OutputBufferLimit is one class of client-output-buffer-limit: a client is
// disconnected when its pending output exceeds Hard bytes, or stays above
// Soft bytes for Seconds seconds. Zero disables a limit.
type OutputBufferLimit struct {
	Hard    int64
	Soft    int64
	Seconds int64
}

// Config is the whole configuration of a Corvid process: what the command
// line (cmd/corvid), the config file (LoadFile) and CONFIG SET (Set) fill in.
//
// Every field is reachable by name through the parameter table (Params,
// Get, Set); a new parameter is one field here plus one entry there.
// Sizes are bytes and durations seconds unless a field says otherwise.
//
// A Config is a plain value with no locking: the server keeps the live one
// behind an atomic pointer and applies CONFIG SET to a Clone, which it
// validates and then swaps in.
type Config struct {
	// ---- Listeners ----

	// Port is the memcached TCP port (-p, config name "port"); 0 = no TCP
	// listener. Default 11211.
	Port int
	// UDPPort is memcached's -U. Accepted for compatibility; Corvid serves no
	// UDP (Validate warns when it is not 0).
	UDPPort int
	// Listen lists the addresses both protocols bind (-l, Redis "bind"),
	// each "host", "host:port" or "[v6]:port". An entry's own port applies
	// to the memcached listener only (memcached's -l host:port); the RESP
	// listener binds the same hosts on RespPort. Default ["127.0.0.1"]
	// (memcached's default is every interface). Use MemcachedAddrs and
	// RESPAddrs rather than reading it directly.
	Listen []string
	// UnixSocket is the memcached unix socket path (-s); "" = none. As in
	// memcached, it disables the memcached TCP listener; it also turns off
	// the RESP and metrics listeners unless --resp-port / --metrics-addr
	// were given explicitly.
	UnixSocket string
	// UnixMask is the permission mask of UnixSocket (-a, octal, default 0700).
	UnixMask uint32
	// Backlog is the listen(2) backlog of every TCP listener (-b,
	// Redis tcp-backlog). Default 1024.
	Backlog int
	// RespPort is the Redis protocol TCP port (--resp-port); 0 = off.
	// Default 6379.
	RespPort int
	// MetricsAddr is the host:port of the Prometheus endpoint, serving
	// /metrics; "" = off. Default "127.0.0.1:9150".
	MetricsAddr string
	// TCPKeepalive is the TCP keepalive period in seconds for accepted
	// connections (Redis tcp-keepalive); 0 = off. Default 300.
	TCPKeepalive int

	// ---- Process ----

	// User is the account to switch to (-u): when the process starts as
	// root, the server drops to this user's uid/gid (and its groups) after
	// binding its listeners. Ignored when not root. Unlike memcached,
	// Corvid starts as root without -u (with a warning).
	User string
	// Daemonize is memcached's -d / Redis's daemonize. Accepted; Corvid
	// always stays in the foreground (systemd supervises it) and Validate
	// warns.
	Daemonize bool
	// PidFile, when set, is where the server writes its PID at start and
	// removes it at exit (-P, Redis pidfile); unlike memcached, also
	// without -d.
	PidFile string
	// LockMemory asks the server to mlockall(2) its memory (-k).
	LockMemory bool
	// EnableCoredumps asks the server to raise RLIMIT_CORE (-r).
	EnableCoredumps bool
	// LargePages is memcached's -L. Accepted; item memory always asks for
	// transparent huge pages (slab.HugePages), and Corvid does not
	// preallocate (Validate warns).
	LargePages bool
	// MemoryFile is memcached's -e (restartable cache file). Accepted;
	// ignored with a warning.
	MemoryFile string
	// Verbose is memcached's verbosity (-v, -vv, -vvv: 1, 2, 3; the
	// "verbosity" command changes it at runtime).
	Verbose int
	// LogLevel is Redis's loglevel: debug, verbose, notice, warning or
	// nothing. Default "notice". The server logs at the more detailed of
	// LogLevel and Verbose (1 = verbose, 2 or more = debug).
	LogLevel string
	// LogFile is where logs go; "" = standard error (Redis logfile).
	LogFile string
	// Supervised is Redis's supervised: "auto" (notify systemd when
	// NOTIFY_SOCKET is set), "systemd" (always notify), "upstart" (treated
	// as "no") or "no". Default "auto".
	Supervised string
	// ConfigFile is the config file the configuration was loaded from
	// (--config), for CONFIG REWRITE; "" = none.
	ConfigFile string
	// DebugTime enables the memcached "debugtime <delta>" test-hook command
	// that shifts the server clock (--debug-time). Off by default.
	DebugTime bool
	// MemcachedVersion is the version the memcached port reports (version
	// command, stats). Default MemcachedVersion.
	MemcachedVersion string
	// RedisVersion is the version the RESP port reports (INFO
	// redis_version, HELLO). Default RedisVersion.
	RedisVersion string

	// ---- Memory and eviction (both protocols) ----

	// MaxMemory is the memory limit for stored data in bytes; 0 = no limit.
	// Set by -m (megabytes) and by Redis maxmemory (bytes, Redis units);
	// whichever comes last wins. Default 64 MiB (memcached's default, not
	// Redis's 0).
	MaxMemory int64
	// MaxmemoryPolicy is the eviction policy at the limit, one of the
	// Policy* constants. Default allkeys-lru (memcached's behaviour);
	// -M sets noeviction.
	MaxmemoryPolicy string
	// MaxmemorySamples is how many keys approximated LRU/LFU/TTL eviction
	// samples. Default 5.
	MaxmemorySamples int
	// LFULogFactor and LFUDecayTime tune the LFU counter (Redis lfu-log-factor,
	// default 10; lfu-decay-time in minutes, default 1).
	LFULogFactor int
	LFUDecayTime int

	// ---- memcached protocol ----

	// MaxConns is the limit of simultaneous client connections over both
	// protocols together (-c, Redis maxclients). Default 1024.
	MaxConns int
	// Threads is the number of event loops (-t). Default runtime.NumCPU()
	// (memcached's default is 4).
	Threads int
	// ItemSizeMax is the largest item the memcached port stores, in bytes
	// (-I, 1k..1024m, at most half of MaxMemory). Default 1 MiB.
	ItemSizeMax int
	// GrowthFactor is the slab class growth factor (-f, > 1). Default 1.25.
	GrowthFactor float64
	// ChunkSize is the minimum space for key+value+flags in the smallest
	// slab class (-n). Default 48.
	ChunkSize int
	// CASEnabled is false with -C. Default true.
	CASEnabled bool
	// ShutdownEnabled allows the memcached "shutdown" command (-A).
	ShutdownEnabled bool
	// FlushEnabled is false with -F (flush_all refused). Default true.
	FlushEnabled bool
	// DumpEnabled is false with -X (stats cachedump, lru_crawler metadump
	// refused). Default true.
	DumpEnabled bool
	// WatchEnabled is false with -W (watch refused). Default true.
	WatchEnabled bool
	// ReqsPerEvent is the most commands one connection runs per wake-up
	// before yielding (-R, > 0). Default 20.
	ReqsPerEvent int
	// Protocol is -B: "auto" (default), "ascii" or "binary". Corvid speaks
	// only the text and meta protocols; "binary" is accepted so scripts
	// keep starting, with a warning.
	Protocol string
	// PrefixDelimiter is the key prefix delimiter of "stats detail" (-D).
	// Default ':'.
	PrefixDelimiter string
	// DetailEnabled turns on per-prefix stats collection at start (set by
	// -D, as in memcached; "stats detail on" turns it on at runtime).
	DetailEnabled bool

	// ---- memcached -o options ----

	// IdleTimeout closes memcached connections idle this many seconds
	// (-o idle_timeout); 0 = never.
	IdleTimeout int
	// SlabChunkMax is the largest slab chunk in bytes; larger items are
	// chained (-o slab_chunk_max, given in kilobytes). Default 512 KiB.
	SlabChunkMax int
	// HashPowerInit is the initial hash table size as a power of two
	// (-o hashpower, 12..32); 0 = default.
	HashPowerInit int
	// HashExpand is false with -o no_hashexpand. Default true.
	HashExpand bool
	// HashAlgorithm is -o hash_algorithm (jenkins, murmur3, xxh3). Corvid
	// always hashes keys with xxHash; the value is reported in stats
	// settings only. Default "murmur3".
	HashAlgorithm string
	// LRUCrawler runs the background expired-item crawler (-o lru_crawler,
	// no_lru_crawler). Default true.
	LRUCrawler bool
	// LRUCrawlerSleep is microseconds between crawled items (0..1000000,
	// default 100); LRUCrawlerTocrawl the most items per class per run
	// (0 = unlimited).
	LRUCrawlerSleep   int
	LRUCrawlerTocrawl uint32
	// LRUMaintainer runs the segmented LRU (hot/warm/cold) and its
	// background maintainer (-o lru_maintainer, no_lru_maintainer).
	// Default true.
	LRUMaintainer bool
	// HotLRUPct and WarmLRUPct are the shares of a class's memory for the
	// hot and warm LRU (1..79, together at most 80; defaults 20 and 40).
	HotLRUPct  int
	WarmLRUPct int
	// HotMaxFactor and WarmMaxFactor move items idle longer than the cold
	// LRU's age times this factor out of hot/warm (defaults 0.2 and 2.0).
	HotMaxFactor  float64
	WarmMaxFactor float64
	// TempLRU is set by -o temporary_ttl: items with a TTL at most
	// TemporaryTTL seconds go to a separate LRU and are never evicted
	// (default TTL 61).
	TempLRU      bool
	TemporaryTTL int
	// SlabReassign allows moving slab pages between classes
	// (-o slab_reassign). Default true.
	SlabReassign bool
	// SlabAutomove is the page mover mode: 0 off, 1 conservative, 2
	// aggressive (-o slab_automove). Default 1.
	SlabAutomove int
	// SlabAutomoveRatio (0 < r <= 1, default 0.8) and SlabAutomoveWindow
	// (3..1799, default 10) tune the automover.
	SlabAutomoveRatio  float64
	SlabAutomoveWindow int
	// TailRepairTime is memcached's tail_repair_time in seconds; 0 = off.
	TailRepairTime int
	// WatcherLogbufSize and WorkerLogbufSize are the log buffer sizes of
	// "watch" in bytes (-o ..._logbuf_size, given in kilobytes; defaults
	// 256 KiB and 64 KiB).
	WatcherLogbufSize int
	WorkerLogbufSize  int
	// ReadBufMemLimit caps connection read/response buffer memory in bytes
	// (-o read_buf_mem_limit, given in megabytes); 0 = unlimited.
	ReadBufMemLimit int64
	// TrackSizes enables "stats sizes" (-o track_sizes).
	TrackSizes bool
	// MaxconnsFast rejects connections over MaxConns at once with
	// "ERROR Too many open connections" (-o maxconns_fast). Default true.
	MaxconnsFast bool
	// IgnoredOptions lists the memcached -o options that were accepted but
	// have no effect in Corvid (ext_*, ssl_*, proxy_*, ...), as given;
	// Validate warns about each.
	IgnoredOptions []string

	// ---- Redis protocol ----

	// RequirePass is the password of the default user; "" = no AUTH needed.
	RequirePass string
	// Databases is the number of logical databases (SELECT 0..n-1);
	// memcached's keyspace is db 0. Default 16.
	Databases int
	// Timeout closes RESP connections idle this many seconds; 0 = never.
	Timeout int
	// NotifyKeyspaceEvents is the keyspace notification class string
	// (Redis notify-keyspace-events), normalised the way Redis prints it.
	// Default "" (off).
	NotifyKeyspaceEvents string
	// ProtoMaxBulkLen is the largest bulk string a RESP client may send.
	// Default 512 MiB.
	ProtoMaxBulkLen int64
	// ClientQueryBufferLimit is the most a RESP client may have buffered
	// unparsed. Default 1 GiB.
	ClientQueryBufferLimit int64
	// ClientOutputBufferLimit holds the limits of the classes normal,
	// replica and pubsub (ClientNormal, ClientReplica, ClientPubSub).
	ClientOutputBufferLimit [3]OutputBufferLimit
	// Hz is the frequency of background tasks (1..500). Default 10.
	Hz int
	// AppendOnly turns on the append-only file. Default false.
	AppendOnly bool
	// AppendFsync is "always", "everysec" (default) or "no".
	AppendFsync string
	// AppendFilename is the AOF base name (default "appendonly.aof").
	AppendFilename string
	// Save lists the snapshot rules; empty = no automatic snapshots
	// (Corvid's default; Redis's is "3600 1 300 100 60 10000").
	Save []SavePoint
	// Dir is the working directory for snapshots and the AOF (default ".").
	Dir string
	// DBFilename is the snapshot file name in Dir (default "dump.rdb").
	DBFilename string
	// SlowlogLogSlowerThan is the slow log threshold in microseconds;
	// negative = off, 0 = log everything. Default 10000.
	SlowlogLogSlowerThan int64
	// SlowlogMaxLen is the slow log length. Default 128.
	SlowlogMaxLen int
	// LatencyTracking enables per-command latency histograms (INFO
	// latencystats). Default true.
	LatencyTracking bool
	// LatencyTrackingInfoPercentiles are the percentiles INFO latencystats
	// reports. Default 50, 99, 99.9.
	LatencyTrackingInfoPercentiles []float64
	// LatencyMonitorThreshold is the LATENCY monitor threshold in ms;
	// 0 = off.
	LatencyMonitorThreshold int64
	// Encoding thresholds of the compact representations of small Redis
	// collections (Redis's *-max-listpack-*, *-max-intset-*, stream-node-*).
	HashMaxListpackEntries int64
	HashMaxListpackValue   int64
	ListMaxListpackSize    int64
	ListCompressDepth      int64
	SetMaxIntsetEntries    int64
	ZSetMaxListpackEntries int64
	ZSetMaxListpackValue   int64
	StreamNodeMaxBytes     int64
	StreamNodeMaxEntries   int64
	HLLSparseMaxBytes      int64
	// BusyReplyThreshold is the time in ms after which a running script
	// makes other clients get BUSY (Redis busy-reply-threshold, alias
	// lua-time-limit). Default 5000.
	BusyReplyThreshold int64
	// TrackingTableMaxKeys bounds the client-side caching table. Default
	// 1000000.
	TrackingTableMaxKeys int64
	// ActiveExpireEffort (1..10) scales the active expiry cycle. Default 1.
	ActiveExpireEffort int

	// compat holds the values of the Redis compatibility parameters that
	// were set (config_redis.go), by canonical name; the others have their
	// defaults.
	compat map[string]string

	// explicit records the canonical names of parameters that were set
	// (by Set, SetArg or LoadFile), as opposed to left at their defaults.
	explicit map[string]bool
}

// DefaultConfig returns a Config holding every default: what `corvid` with
// no flags runs with.
func DefaultConfig() *Config {
	return &Config{
		Port:             11211,
		Listen:           []string{"127.0.0.1"},
		UnixMask:         0o700,
		Backlog:          1024,
		RespPort:         6379,
		MetricsAddr:      "127.0.0.1:9150",
		TCPKeepalive:     300,
		LogLevel:         "notice",
		Supervised:       "auto",
		MemcachedVersion: MemcachedVersion,
		RedisVersion:     RedisVersion,

		MaxMemory:        64 << 20,
		MaxmemoryPolicy:  PolicyAllKeysLRU,
		MaxmemorySamples: 5,
		LFULogFactor:     10,
		LFUDecayTime:     1,

		MaxConns:        1024,
		Threads:         runtime.NumCPU(),
		ItemSizeMax:     1 << 20,
		GrowthFactor:    1.25,
		ChunkSize:       48,
		CASEnabled:      true,
		FlushEnabled:    true,
		DumpEnabled:     true,
		WatchEnabled:    true,
		ReqsPerEvent:    20,
		Protocol:        "auto",
		PrefixDelimiter: ":",

		SlabChunkMax:       SlabPageSize / 2,
		HashExpand:         true,
		HashAlgorithm:      "murmur3",
		LRUCrawler:         true,
		LRUCrawlerSleep:    100,
		LRUMaintainer:      true,
		HotLRUPct:          20,
		WarmLRUPct:         40,
		HotMaxFactor:       0.2,
		WarmMaxFactor:      2.0,
		TemporaryTTL:       61,
		SlabReassign:       true,
		SlabAutomove:       1,
		SlabAutomoveRatio:  0.8,
		SlabAutomoveWindow: 10,
		WatcherLogbufSize:  256 << 10,
		WorkerLogbufSize:   64 << 10,
		MaxconnsFast:       true,

		Databases:              16,
		ProtoMaxBulkLen:        512 << 20,
		ClientQueryBufferLimit: 1 << 30,
		ClientOutputBufferLimit: [3]OutputBufferLimit{
			ClientNormal:  {},
			ClientReplica: {Hard: 256 << 20, Soft: 64 << 20, Seconds: 60},
			ClientPubSub:  {Hard: 32 << 20, Soft: 8 << 20, Seconds: 60},
		},
		Hz:                             10,
		AppendFsync:                    "everysec",
		AppendFilename:                 "appendonly.aof",
		Dir:                            ".",
		DBFilename:                     "dump.rdb",
		SlowlogLogSlowerThan:           10000,
		SlowlogMaxLen:                  128,
		LatencyTracking:                true,
		LatencyTrackingInfoPercentiles: []float64{50, 99, 99.9},
		HashMaxListpackEntries:         512,
		HashMaxListpackValue:           64,
		ListMaxListpackSize:            -2,
		SetMaxIntsetEntries:            512,
		ZSetMaxListpackEntries:         128,
		ZSetMaxListpackValue:           64,
		StreamNodeMaxBytes:             4096,
		StreamNodeMaxEntries:           100,
		HLLSparseMaxBytes:              3000,
		BusyReplyThreshold:             5000,
		TrackingTableMaxKeys:           1000000,
		ActiveExpireEffort:             1,
	}
}

// Clone returns a deep copy of c, for copy-on-write changes at runtime.
func (c *Config) Clone() *Config {
	n := *c
	n.Listen = slices.Clone(c.Listen)
	n.IgnoredOptions = slices.Clone(c.IgnoredOptions)
	n.Save = slices.Clone(c.Save)
	n.LatencyTrackingInfoPercentiles = slices.Clone(c.LatencyTrackingInfoPercentiles)
	if c.compat != nil {
		n.compat = make(map[string]string, len(c.compat))
		for k, v := range c.compat {
			n.compat[k] = v
		}
	}
	if c.explicit != nil {
		n.explicit = make(map[string]bool, len(c.explicit))
		for k, v := range c.explicit {
			n.explicit[k] = v
		}
	}
	return &n
}

// ErrUnknownParam is returned (wrapped) by Set, SetArg and LoadFile for a
// name that is neither a parameter, an alias nor a memcached -o option.
var ErrUnknownParam = errors.New("unknown parameter")

// Get returns the value of parameter name (canonical name or alias, case
// and '-'/'_' insensitive) in the form Set accepts, as CONFIG GET prints it.
// ok is false for an unknown name and for write-only entries (extended,
// config-time switches that have no value of their own).
func (c *Config) Get(name string) (value string, ok bool) {
	p := LookupParam(name)
	if p == nil || p.v == nil || p.Flags&WriteOnly != 0 {
		return "", false
	}
	return p.v.get(c), true
}

// Set sets parameter name to value, as a config-file line or CONFIG SET
// does: the value replaces the current one (even for -l and -v, which add
// up on a command line; see SetArg). Besides the names Names lists, Set
// accepts aliases and the memcached -o option names (no_lru_crawler,
// modern, ext_path, ...). Errors are the messages memcached or Redis give
// for the same bad value. Set does not check whether the parameter may
// change at runtime (Param.Flags&Mutable) nor cross-parameter constraints
// (Validate does).
func (c *Config) Set(name, value string) error {
	return c.apply(name, value, false)
}

// SetArg applies one occurrence of a command-line flag, in command-line
// order. It is Set, except that repeat (true when the same parameter
// already occurred earlier on this command line) makes -v count up and -l
// add an address, as memcached's getopt loop does.
func (c *Config) SetArg(name, value string, repeat bool) error {
	return c.apply(name, value, repeat)
}

func (c *Config) apply(name, value string, repeat bool) error {
	if p := LookupParam(name); p != nil {
		if p.v == nil {
			return fmt.Errorf("%w: %s", ErrUnknownParam, name)
		}
		var err error
		if a, ok := p.v.(appender); ok && repeat {
			err = a.add(c, value)
		} else {
			err = p.v.set(c, value)
		}
		if err != nil {
			return err
		}
		c.markExplicit(p.Name)
		return nil
	}
	if o := lookupExt(name); o != nil {
		return o(c, name, value)
	}
	return fmt.Errorf("%w: %s", ErrUnknownParam, name)
}

func (c *Config) markExplicit(name string) {
	if c.explicit == nil {
		c.explicit = make(map[string]bool)
	}
	c.explicit[name] = true
}

// IsSet reports whether parameter name was set explicitly (by the command
// line, the config file or Set) rather than left at its default.
func (c *Config) IsSet(name string) bool {
	p := LookupParam(name)
	return p != nil && c.explicit[p.Name]
}

// Names returns the canonical names of every parameter Get can read,
// sorted: what CONFIG GET * lists.
func (c *Config) Names() []string {
	names := make([]string, 0, len(allParams))
	for _, p := range allParams {
		if p.v != nil && p.Flags&WriteOnly == 0 {
			names = append(names, p.Name)
		}
	}
	sort.Strings(names)
	return names
}

// Validate checks the constraints between parameters that memcached checks
// after reading its options (item size against memory and slab_chunk_max,
// LRU percentages, ...), with memcached's messages, and resolves the
// values that depend on others:
//   - with -U set, not 0, and no -p, the TCP port follows the UDP port (as
//     in memcached);
//   - an -I over 1m lowers slab_chunk_max to half a page unless it was
//     set explicitly.
//
// It returns warnings about accepted-but-ignored settings (UDP, -d, -e,
// -L, -B binary, ignored -o options, ...) for the caller to print. Listen
// addresses that are not IP literals are resolved, with a short timeout.
func (c *Config) Validate() (warnings []string, err error) {
	if c.ItemSizeMax < 1024 {
		return nil, msgError("Item max size cannot be less than 1024 bytes.")
	}
	if c.MaxMemory > 0 && int64(c.ItemSizeMax) > c.MaxMemory/2 {
		return nil, msgError("Cannot set item size limit higher than 1/2 of memory max.")
	}
	if c.ItemSizeMax > 1<<30 {
		return nil, msgError("Cannot set item size limit higher than a gigabyte.")
	}
	if c.ItemSizeMax > 1<<20 && !c.explicit["slab_chunk_max"] {
		c.SlabChunkMax = SlabPageSize / 2
	}
	if c.SlabChunkMax > c.ItemSizeMax {
		return nil, fmt.Errorf("slab_chunk_max (bytes: %d) cannot be larger than -I (item_size_max %d)", c.SlabChunkMax, c.ItemSizeMax)
	}
	if c.ItemSizeMax%c.SlabChunkMax != 0 {
		return nil, fmt.Errorf("-I (item_size_max: %d) must be evenly divisible by slab_chunk_max (bytes: %d)", c.ItemSizeMax, c.SlabChunkMax)
	}
	if SlabPageSize%c.SlabChunkMax != 0 {
		return nil, fmt.Errorf("slab_chunk_max (bytes: %d) must divide evenly into %d (slab_page_size)", c.SlabChunkMax, SlabPageSize)
	}
	if c.HotLRUPct+c.WarmLRUPct > 80 {
		return nil, errors.New("hot_lru_pct + warm_lru_pct cannot be more than 80% combined")
	}
	if c.TempLRU && !c.LRUMaintainer {
		return nil, errors.New("temporary_ttl requires lru_maintainer to be enabled")
	}
	if c.UDPPort != 0 && !c.explicit["port"] {
		c.Port = c.UDPPort
	}
	if len(c.Listen) == 0 && c.UnixSocket == "" {
		return nil, errors.New("no listen address (-l / bind) given")
	}
	if err := checkListen(c.Listen); err != nil {
		return nil, err
	}

	if c.UDPPort != 0 {
		warnings = append(warnings, fmt.Sprintf("UDP is not supported: -U %d ignored", c.UDPPort))
	}
	if c.Daemonize {
		warnings = append(warnings, "-d / daemonize ignored: corvid always runs in the foreground (run it under systemd)")
	}
	if c.MemoryFile != "" {
		warnings = append(warnings, fmt.Sprintf("-e %s ignored: restartable memory files are not supported", c.MemoryFile))
	}
	if c.LargePages {
		warnings = append(warnings, "-L: item memory always asks for transparent huge pages; large-page preallocation is not supported")
	}
	if c.Protocol == "binary" {
		warnings = append(warnings, "-B binary: the binary protocol is not supported; only the ASCII (text and meta) protocol is served")
	}
	if c.Supervised == "upstart" {
		warnings = append(warnings, "supervised upstart is not supported; treated as no")
	}
	if c.Threads > 64 && c.explicit["threads"] {
		warnings = append(warnings, "Setting a high number of worker threads is not recommended.\n Set this value to the number of cores in your machine or less.")
	}
	for _, o := range c.IgnoredOptions {
		warnings = append(warnings, fmt.Sprintf("%s: not supported by corvid; ignored", o))
	}
	return warnings, nil
}

// MemcachedAddrs returns the TCP addresses ("host:port") the memcached
// protocol listens on: every Listen entry on Port, or on the entry's own
// port. It is empty when Port is 0 or a unix socket is configured.
func (c *Config) MemcachedAddrs() []string {
	if c.UnixSocket != "" {
		return nil
	}
	var out []string
	for _, l := range c.Listen {
		host, port, hasPort := splitListen(l)
		if !hasPort {
			if c.Port == 0 {
				continue
			}
			port = strconv.Itoa(c.Port)
		}
		out = append(out, net.JoinHostPort(host, port))
	}
	return out
}

// RESPAddrs returns the TCP addresses the Redis protocol listens on: every
// Listen host on RespPort. It is empty when RespPort is 0, or when a unix
// socket is configured and --resp-port was not given explicitly.
func (c *Config) RESPAddrs() []string {
	if c.RespPort == 0 || (c.UnixSocket != "" && !c.explicit["resp-port"]) {
		return nil
	}
	var out []string
	for _, l := range c.Listen {
		host, _, _ := splitListen(l)
		out = append(out, net.JoinHostPort(host, strconv.Itoa(c.RespPort)))
	}
	return out
}

// MetricsListenAddr returns the address of the Prometheus endpoint, or ""
// when it is off (MetricsAddr empty, or a unix socket is configured and
// --metrics-addr was not given explicitly).
func (c *Config) MetricsListenAddr() string {
	if c.UnixSocket != "" && !c.explicit["metrics-addr"] {
		return ""
	}
	return c.MetricsAddr
}

// EvictionEnabled reports whether a full memory makes room by evicting
// (false with -M / maxmemory-policy noeviction); memcached's stats settings
// "evictions on|off".
func (c *Config) EvictionEnabled() bool { return c.MaxmemoryPolicy != PolicyNoEviction }

// splitListen splits a listen entry into host and optional port, the way
// memcached reads -l: "host", "host:port", "[v6]", "[v6]:port", or a bare
// IPv6 address (more than one colon, no brackets).
func splitListen(l string) (host, port string, hasPort bool) {
	if strings.HasPrefix(l, "[") {
		if i := strings.Index(l, "]"); i > 0 {
			host = l[1:i]
			rest := l[i+1:]
			if strings.HasPrefix(rest, ":") {
				return host, rest[1:], true
			}
			return host, "", false
		}
	}
	if strings.Count(l, ":") == 1 {
		i := strings.IndexByte(l, ':')
		return l[:i], l[i+1:], true
	}
	return l, "", false
}

// checkListen rejects listen entries that cannot be bound: a bad port, or a
// host that is neither an IP literal nor a name that resolves.
func checkListen(list []string) error {
	for _, l := range list {
		host, port, hasPort := splitListen(l)
		if hasPort {
			n, err := strconv.Atoi(port)
			if err != nil || n < 0 || n > 65535 {
				return fmt.Errorf("failed to listen on one of interface(s) %s: invalid port %q", l, port)
			}
		}
		if host == "" || net.ParseIP(host) != nil || host == "localhost" {
			continue
		}
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		_, err := net.DefaultResolver.LookupHost(ctx, host)
		cancel()
		if err != nil {
			return fmt.Errorf("failed to listen on one of interface(s) %s: %v", l, err)
		}
	}
	return nil
}

// normName is the lookup key of a parameter name: lower case, '_' as '-'.
func normName(name string) string {
	return strings.ReplaceAll(strings.ToLower(name), "_", "-")
}
