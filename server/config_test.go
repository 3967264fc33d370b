package server

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	warnings, err := c.Validate()
	if err != nil || len(warnings) != 0 {
		t.Fatalf("Validate(defaults) = %q, %v", warnings, err)
	}
	for name, want := range map[string]string{
		"port": "11211", "udp-port": "0", "listen": "127.0.0.1", "memory-limit": "64",
		"maxmemory": "67108864", "conn-limit": "1024", "maxclients": "1024",
		"threads": itoa(runtime.NumCPU()), "max-item-size": "1048576", "slab-growth-factor": "1.25",
		"slab-min-size": "48", "disable-evictions": "no", "disable-cas": "no", "enable-shutdown": "no",
		"disable-flush-all": "no", "max-reqs-per-event": "20", "verbose": "0", "unix-mask": "700",
		"listen-backlog": "1024", "protocol": "auto", "resp-port": "6379", "metrics-addr": "127.0.0.1:9150",
		"debug-time": "no", "maxmemory-policy": "allkeys-lru", "maxmemory-samples": "5", "requirepass": "",
		"timeout": "0", "notify-keyspace-events": "", "bind": "127.0.0.1",
		"proto-max-bulk-len": "536870912", "client-query-buffer-limit": "1073741824",
		"hz": "10", "appendonly": "no", "appendfsync": "everysec", "save": "", "dir": ".",
		"client-output-buffer-limit": "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60", "databases": "16",
		"dbfilename": "dump.rdb", "loglevel": "notice", "logfile": "", "daemonize": "no",
		"supervised": "auto", "lfu-log-factor": "10", "lfu-decay-time": "1",
		"slowlog-log-slower-than": "10000", "slowlog-max-len": "128", "latency-tracking": "yes",
		"latency-tracking-info-percentiles": "50 99 99.9", "idle_timeout": "0", "slab_chunk_max": "512",
		"hashpower": "0", "lru_crawler": "yes", "slab_automove": "1", "slab_automove_ratio": "0.8",
		"slab_automove_window": "10", "track_sizes": "no", "hash_algorithm": "murmur3",
		"tail_repair_time": "0", "watcher_logbuf_size": "256", "worker_logbuf_size": "64",
		"memcached-version": "1.6.45", "redis-version": "7.0.15",
	} {
		if got, ok := c.Get(name); !ok || got != want {
			t.Errorf("Get(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	if got := c.MemcachedAddrs(); !slices.Equal(got, []string{"127.0.0.1:11211"}) {
		t.Errorf("MemcachedAddrs = %q", got)
	}
	if got := c.RESPAddrs(); !slices.Equal(got, []string{"127.0.0.1:6379"}) {
		t.Errorf("RESPAddrs = %q", got)
	}
	if got := c.MetricsListenAddr(); got != "127.0.0.1:9150" {
		t.Errorf("MetricsListenAddr = %q", got)
	}
	if !c.EvictionEnabled() {
		t.Error("EvictionEnabled() = false by default")
	}
}

func itoa(n int) string {
	c := &Config{Threads: n}
	v, _ := c.Get("threads")
	return v
}

func TestParamTable(t *testing.T) {
	groups := map[string]bool{GroupMemcached: true, GroupCorvid: true, GroupRedis: true, GroupExtended: true}
	for _, p := range Params() {
		if p.Usage == "" || !groups[p.Group] || p.v == nil {
			t.Errorf("%s: missing usage, group or value", p.Name)
		}
		if (p.Flags&Switch != 0) != (p.Arg == "") && p.Flags&Extended == 0 {
			t.Errorf("%s: a switch has no Arg, every other flag has one", p.Name)
		}
		if p.Flags&Extended != 0 && (p.Short != "" || p.Group != GroupExtended) {
			t.Errorf("%s: -o options have no short flag and sit in the extended group", p.Name)
		}
		if p.Flags&Extended != 0 && lookupExt(p.Name) == nil {
			t.Errorf("%s: extended parameter unknown to -o", p.Name)
		}
		if LookupParam(p.Name) != p || LookupParam(strings.ToUpper(p.Name)) != p {
			t.Errorf("LookupParam(%q) does not find it", p.Name)
		}
		for _, a := range p.Aliases {
			if LookupParam(a) != p {
				t.Errorf("LookupParam(%q) does not find alias of %s", a, p.Name)
			}
		}
		if p.Short != "" && LookupShort(p.Short) != p {
			t.Errorf("LookupShort(%q) does not find %s", p.Short, p.Name)
		}
		_ = p.Default()
	}
	if LookupParam("idle-timeout") != LookupParam("idle_timeout") || LookupParam("Resp_Port") == nil {
		t.Error("lookups should ignore case and '-'/'_'")
	}
	names := DefaultConfig().Names()
	if !slices.IsSorted(names) || slices.Contains(names, "extended") || slices.Contains(names, "enable-sasl") {
		t.Errorf("Names() = %q", names)
	}
}

// Every readable parameter accepts back what Get prints (CONFIG GET * then
// CONFIG SET of each, as Redis's own test suite does), on the defaults and
// on a config with many values changed.
func TestSetGetRoundTrip(t *testing.T) {
	changed := DefaultConfig()
	for name, v := range map[string]string{
		"maxmemory": "1000", "save": "900 1 300 10", "listen": "127.0.0.1,::1", "verbose": "2",
		"notify-keyspace-events": "KEA", "client-output-buffer-limit": "pubsub 1mb 2mb 3",
		"latency-tracking-info-percentiles": "", "unix-mask": "755", "disable-evictions": "yes",
		"slab_chunk_max": "16", "read_buf_mem_limit": "5", "hashpower": "16", "temporary_ttl": "30",
		"tail_repair_time": "10", "requirepass": "p w", "max-item-size": "2m",
	} {
		if err := changed.Set(name, v); err != nil {
			t.Fatalf("Set(%q, %q): %v", name, v, err)
		}
	}
	for _, c := range []*Config{DefaultConfig(), changed} {
		for _, name := range c.Names() {
			before, ok := c.Get(name)
			if !ok {
				t.Fatalf("Get(%q) not ok", name)
			}
			snapshot := c.Clone()
			if err := c.Set(name, before); err != nil {
				t.Errorf("Set(%q, Get = %q): %v", name, before, err)
				continue
			}
			if after, _ := c.Get(name); after != before {
				t.Errorf("%s: Set(Get()) changed %q to %q", name, before, after)
			}
			for _, other := range c.Names() {
				a, _ := snapshot.Get(other)
				b, _ := c.Get(other)
				if a != b && other != name {
					t.Errorf("Set(%q, %q) changed %s from %q to %q", name, before, other, a, b)
				}
			}
		}
	}
}

func TestSet(t *testing.T) {
	tests := []struct {
		name, value string
		get         string // parameter to read back ("" = name)
		want        string // expected Get, or error text when wantErr
		wantErr     bool
	}{
		// memcached units and bounds
		{name: "memory-limit", value: "1024", get: "maxmemory", want: "1073741824"},
		{name: "memory-limit", value: "2g", get: "maxmemory", want: "2147483648"},
		{name: "memory-limit", value: "512k", get: "maxmemory", want: "524288"},
		{name: "memory-limit", value: "64MB", want: "64"},
		{name: "memory-limit", value: "100b", want: "100b"},
		{name: "memory-limit", value: "0", get: "maxmemory", want: "0"},
		{name: "memory-limit", value: "-1", wantErr: true, want: "invalid memory limit"},
		{name: "memory-limit", value: "lots", wantErr: true, want: "invalid memory limit"},
		{name: "max-item-size", value: "512k", want: "524288"},
		{name: "max-item-size", value: "32M", want: "33554432"},
		{name: "max-item-size", value: "2097152", want: "2097152"},
		{name: "max-item-size", value: "1g", wantErr: true, want: "invalid size"},
		{name: "conn-limit", value: "0", wantErr: true, want: "Maximum connections must be greater than 0"},
		{name: "conn-limit", value: "-1", wantErr: true, want: "Maximum connections must be greater than 0"},
		{name: "maxclients", value: "4096", get: "conn-limit", want: "4096"},
		{name: "threads", value: "0", wantErr: true, want: "Number of threads must be greater than 0"},
		{name: "threads", value: "4", want: "4"},
		{name: "slab-growth-factor", value: "1", wantErr: true, want: "Factor must be greater than 1"},
		{name: "slab-growth-factor", value: "1.08", want: "1.08"},
		{name: "slab-min-size", value: "0", wantErr: true, want: "Chunk size must be greater than 0"},
		{name: "max-reqs-per-event", value: "0", wantErr: true, want: "Number of requests per event must be greater than 0"},
		{name: "port", value: "70000", wantErr: true, want: "ERROR: Invalid port number 70000."},
		{name: "port", value: "0", want: "0"},
		{name: "udp-port", value: "-1", wantErr: true, want: "ERROR: Invalid port number -1."},
		{name: "protocol", value: "http", wantErr: true, want: "Invalid value for binding protocol: http\n -- should be one of auto, binary, or ascii"},
		{name: "protocol", value: "ASCII", want: "ascii"},
		{name: "unix-mask", value: "0777", want: "777"},
		{name: "unix-mask", value: "9", wantErr: true, want: "octal"},
		{name: "prefix-delimiter", value: "", wantErr: true, want: "No delimiter specified"},
		{name: "prefix-delimiter", value: "/", want: "/"},
		{name: "disable-evictions", value: "yes", get: "maxmemory-policy", want: "noeviction"},
		{name: "disable-cas", value: "true", want: "yes"},
		{name: "listen", value: "10.0.0.1, 127.0.0.1", want: "10.0.0.1,127.0.0.1"},
		{name: "bind", value: "* -::*", get: "listen", want: "0.0.0.0,::"},
		{name: "tcp-backlog", value: "511", get: "listen-backlog", want: "511"},
		{name: "enable-sasl", value: "yes", wantErr: true, want: "This server is not built with SASL support."},
		{name: "enable-ssl", value: "yes", wantErr: true, want: "This server is not built with TLS support."},
		{name: "auth-file", value: "/etc/auth", wantErr: true, want: "not supported"},
		{name: "napi-ids", value: "0", wantErr: true, want: "Maximum number of NAPI IDs must be greater than 0"},
		// Redis units and messages
		{name: "maxmemory", value: "1k", want: "1000"},
		{name: "maxmemory", value: "1kb", want: "1024"},
		{name: "maxmemory", value: "1m", want: "1000000"},
		{name: "maxmemory", value: "1MB", want: "1048576"},
		{name: "maxmemory", value: "1g", want: "1000000000"},
		{name: "maxmemory", value: "3gb", want: "3221225472", get: "maxmemory"},
		{name: "maxmemory", value: "2gb", get: "memory-limit", want: "2048"},
		{name: "maxmemory", value: "12x", wantErr: true, want: "argument must be a memory value"},
		{name: "maxmemory", value: "-5", wantErr: true, want: "argument must be a memory value"},
		{name: "maxmemory-policy", value: "VOLATILE-TTL", want: "volatile-ttl"},
		{name: "maxmemory-policy", value: "lru", wantErr: true, want: "argument(s) must be one of the following: volatile-lru, volatile-lfu, volatile-random, volatile-ttl, allkeys-lru, allkeys-lfu, allkeys-random, noeviction"},
		{name: "maxmemory-samples", value: "0", wantErr: true, want: "argument must be between 1 and 64 inclusive"},
		{name: "databases", value: "x", wantErr: true, want: "argument couldn't be parsed into an integer"},
		{name: "appendonly", value: "maybe", wantErr: true, want: "argument must be 'yes' or 'no'"},
		{name: "appendonly", value: "YES", want: "yes"},
		{name: "appendfsync", value: "always", want: "always"},
		{name: "hz", value: "1000", want: "500"},
		{name: "hz", value: "0", want: "1"},
		{name: "save", value: "3600 1 300 100 60 10000", want: "3600 1 300 100 60 10000"},
		{name: "save", value: "", want: ""},
		{name: "save", value: "3600", wantErr: true, want: "Invalid save parameters"},
		{name: "save", value: "x 1", wantErr: true, want: "Invalid save parameters"},
		{name: "notify-keyspace-events", value: "Ex", want: "xE"},
		{name: "notify-keyspace-events", value: "KEA", want: "AKE"},
		{name: "notify-keyspace-events", value: "g$lshzxetd", want: "A"},
		{name: "notify-keyspace-events", value: "AmnK", want: "AnKm"},
		{name: "notify-keyspace-events", value: "Q", wantErr: true, want: "Invalid event class character. Use 'Ag$lshzxeKEtmdn'."},
		{name: "client-output-buffer-limit", value: "normal 1mb 2mb 3", want: "normal 1048576 2097152 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60"},
		{name: "client-output-buffer-limit", value: "replica 0 0 0 pubsub 1 2 3", want: "normal 0 0 0 slave 0 0 0 pubsub 1 2 3"},
		{name: "client-output-buffer-limit", value: "normal 0 0", wantErr: true, want: "Wrong number of arguments in buffer limit configuration."},
		{name: "client-output-buffer-limit", value: "master 0 0 0", wantErr: true, want: "Invalid client class specified in buffer limit configuration."},
		{name: "client-output-buffer-limit", value: "normal x 0 0", wantErr: true, want: "Error in hard, soft or soft_seconds setting in buffer limit configuration."},
		{name: "proto-max-bulk-len", value: "1000", wantErr: true, want: "argument must be between 1048576 and"},
		{name: "dbfilename", value: "a/b.rdb", wantErr: true, want: "dbfilename can't be a path, just a filename"},
		{name: "loglevel", value: "warning", want: "warning"},
		{name: "supervised", value: "systemd", want: "systemd"},
		{name: "slowlog-log-slower-than", value: "-1", want: "-1"},
		{name: "latency-tracking-info-percentiles", value: "50 99.99", want: "50 99.99"},
		{name: "latency-tracking-info-percentiles", value: "101", wantErr: true, want: "should sit between"},
		{name: "lua-time-limit", value: "100", get: "busy-reply-threshold", want: "100"},
		{name: "hash-max-ziplist-entries", value: "7", get: "hash-max-listpack-entries", want: "7"},
		{name: "stream-node-max-bytes", value: "4kb", want: "4096"},
		{name: "metrics-addr", value: "", want: ""},
		{name: "metrics-addr", value: "nohostport", wantErr: true, want: "metrics-addr must be host:port"},
		{name: "resp-port", value: "65536", wantErr: true, want: "argument must be between 0 and 65535 inclusive"},
		{name: "verbose", value: "3", want: "3"},
		{name: "verbose", value: "yes", want: "1"},
		// -o options by name
		{name: "idle_timeout", value: "3", want: "3"},
		{name: "IDLE-TIMEOUT", value: "4", get: "idle_timeout", want: "4"},
		{name: "hashpower", value: "5", wantErr: true, want: "Initial hashtable multiplier of 5 is too low"},
		{name: "hashpower", value: "33", wantErr: true, want: "Initial hashtable multiplier of 33 is too high"},
		{name: "slab_automove", value: "3", wantErr: true, want: "slab_automove must be between 0 and 2"},
		{name: "slab_automove_ratio", value: "0", wantErr: true, want: "slab_automove_ratio must be > 0 and < 1"},
		{name: "slab_chunk_max", value: "2048", wantErr: true, want: "slab_chunk_max must be specified in kilobytes."},
		{name: "slab_chunk_max", value: "0", wantErr: true, want: "slab_chunk_max must be >= 0"},
		{name: "tail_repair_time", value: "5", wantErr: true, want: "Cannot set tail_repair_time to less than 10 seconds"},
		{name: "hash_algorithm", value: "crc", wantErr: true, want: "Unknown hash_algorithm option (jenkins, murmur3, xxh3)"},
		{name: "hot_lru_pct", value: "80", wantErr: true, want: "hot_lru_pct must be > 1 and < 80"},
		{name: "lru_crawler_sleep", value: "1000001", wantErr: true, want: "LRU crawler sleep must be between 0 and 1 second"},
		{name: "no_lru_crawler", value: "", get: "lru_crawler", want: "no"},
		{name: "no_lru_crawler", value: "no", get: "lru_crawler", want: "yes"},
		{name: "watcher_logbuf_size", value: "x", wantErr: true, want: "could not parse argument to watcher_logbuf_size"},
		{name: "nosuchthing", value: "1", wantErr: true, want: "unknown parameter"},
		{name: "p", value: "1", wantErr: true, want: "unknown parameter"},
	}
	for _, tt := range tests {
		c := DefaultConfig()
		err := c.Set(tt.name, tt.value)
		if tt.wantErr {
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Set(%q, %q) = %v; want error containing %q", tt.name, tt.value, err, tt.want)
			}
			continue
		}
		if err != nil {
			t.Errorf("Set(%q, %q): %v", tt.name, tt.value, err)
			continue
		}
		get := tt.get
		if get == "" {
			get = tt.name
		}
		if got, ok := c.Get(get); !ok || got != tt.want {
			t.Errorf("Set(%q, %q); Get(%q) = %q, %v; want %q", tt.name, tt.value, get, got, ok, tt.want)
		}
		if p := LookupParam(tt.name); p != nil && !c.IsSet(tt.name) {
			t.Errorf("IsSet(%q) = false after Set", tt.name)
		}
	}
	if !errors.Is(DefaultConfig().Set("nosuch", "1"), ErrUnknownParam) {
		t.Error("unknown names should wrap ErrUnknownParam")
	}
}

func TestSetArgRepeats(t *testing.T) {
	c := DefaultConfig()
	for i, a := range []struct{ name, value string }{
		{"verbose", "true"}, {"verbose", "true"}, {"verbose", "true"},
		{"listen", "10.0.0.1"}, {"listen", "10.0.0.2,10.0.0.1"},
	} {
		if err := c.SetArg(a.name, a.value, i != 0 && i != 3); err != nil {
			t.Fatal(err)
		}
	}
	if c.Verbose != 3 || !slices.Equal(c.Listen, []string{"10.0.0.1", "10.0.0.2"}) {
		t.Errorf("Verbose = %d, Listen = %q", c.Verbose, c.Listen)
	}
}

func TestExtended(t *testing.T) {
	tests := []struct {
		opts    string
		check   func(c *Config) bool
		wantErr string
		ignored []string
	}{
		{opts: "idle_timeout=3", check: func(c *Config) bool { return c.IdleTimeout == 3 }},
		{opts: "hashpower=20,no_lru_crawler,track_sizes", check: func(c *Config) bool {
			return c.HashPowerInit == 20 && !c.LRUCrawler && c.TrackSizes
		}},
		{opts: "slab_automove", check: func(c *Config) bool { return c.SlabAutomove == 1 }},
		{opts: "slab_automove=2,slab_automove_ratio=0.5,slab_automove_window=60", check: func(c *Config) bool {
			return c.SlabAutomove == 2 && c.SlabAutomoveRatio == 0.5 && c.SlabAutomoveWindow == 60
		}},
		{opts: "no_slab_automove,no_slab_reassign,no_maxconns_fast,no_hashexpand", check: func(c *Config) bool {
			return c.SlabAutomove == 0 && !c.SlabReassign && !c.MaxconnsFast && !c.HashExpand
		}},
		{opts: "lru_crawler,lru_maintainer,maxconns_fast,slab_reassign", check: func(c *Config) bool {
			return c.LRUCrawler && c.LRUMaintainer && c.MaxconnsFast && c.SlabReassign
		}},
		{opts: "slab_chunk_max=16", check: func(c *Config) bool { return c.SlabChunkMax == 16<<10 && c.IsSet("slab_chunk_max") }},
		{opts: "watcher_logbuf_size=512,worker_logbuf_size=128,read_buf_mem_limit=10", check: func(c *Config) bool {
			return c.WatcherLogbufSize == 512<<10 && c.WorkerLogbufSize == 128<<10 && c.ReadBufMemLimit == 10<<20
		}},
		{opts: "temporary_ttl=30", check: func(c *Config) bool { return c.TempLRU && c.TemporaryTTL == 30 }},
		{opts: "hot_lru_pct=10,warm_lru_pct=50,hot_max_factor=0.5,warm_max_factor=3", check: func(c *Config) bool {
			return c.HotLRUPct == 10 && c.WarmLRUPct == 50 && c.HotMaxFactor == 0.5 && c.WarmMaxFactor == 3
		}},
		{opts: "tail_repair_time=60,hash_algorithm=xxh3,lru_crawler_sleep=50,lru_crawler_tocrawl=7", check: func(c *Config) bool {
			return c.TailRepairTime == 60 && c.HashAlgorithm == "xxh3" && c.LRUCrawlerSleep == 50 && c.LRUCrawlerTocrawl == 7
		}},
		{opts: "no_modern", check: func(c *Config) bool {
			return c.SlabChunkMax == SlabPageSize && !c.SlabReassign && c.SlabAutomove == 0 && !c.MaxconnsFast &&
				!c.LRUMaintainer && c.HashAlgorithm == "jenkins" && !c.LRUCrawler
		}},
		{opts: "slab_chunk_max=16,no_modern", check: func(c *Config) bool { return c.SlabChunkMax == 16<<10 }},
		{opts: "no_chunked_items", check: func(c *Config) bool { return c.SlabChunkMax == SlabPageSize }},
		{opts: "modern,inline_ascii_resp,no_inline_ascii_resp,relaxed_privileges,drop_privileges,no_drop_privileges",
			check: func(c *Config) bool { return len(c.IgnoredOptions) == 0 }},
		{opts: "ext_path=/tmp/x:64m,ext_threads=1,ssl_key=k,proxy_config=p.lua,slab_sizes=100-200",
			ignored: []string{"-o ext_path=/tmp/x:64m", "-o ext_threads=1", "-o ssl_key=k", "-o proxy_config=p.lua", "-o slab_sizes=100-200"}},
		{opts: "idle_timeout=1,,idle_timeout=2", check: func(c *Config) bool { return c.IdleTimeout == 2 }},
		{opts: "foo", wantErr: `Illegal suboption "foo"`},
		{opts: "idle_timeout", wantErr: "Missing numeric argument for idle_timeout"},
		{opts: "hashpower", wantErr: "Missing numeric argument for hashpower"},
		{opts: "slab_chunk_max", wantErr: "Missing slab_chunk_max argument"},
		{opts: "hashpower=5", wantErr: "Initial hashtable multiplier of 5 is too low"},
		{opts: "slab_automove=3", wantErr: "slab_automove must be between 0 and 2"},
		{opts: "hash_algorithm", wantErr: "Missing hash_algorithm argument"},
	}
	for _, tt := range tests {
		c := DefaultConfig()
		err := c.SetArg("extended", tt.opts, false)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("-o %s: err = %v, want %q", tt.opts, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("-o %s: %v", tt.opts, err)
			continue
		}
		if tt.check != nil && !tt.check(c) {
			t.Errorf("-o %s: config not as expected: %+v", tt.opts, c)
		}
		if tt.ignored != nil {
			if !slices.Equal(c.IgnoredOptions, tt.ignored) {
				t.Errorf("-o %s: IgnoredOptions = %q", tt.opts, c.IgnoredOptions)
			}
			w, err := c.Validate()
			if err != nil || len(w) != len(tt.ignored) {
				t.Errorf("-o %s: Validate = %q, %v", tt.opts, w, err)
			}
		}
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		set      [][2]string
		wantErr  string
		warnings []string
		check    func(c *Config) bool
	}{
		// t/item_size_max.t
		{set: [][2]string{{"max-item-size", "1000"}}, wantErr: "Item max size cannot be less than 1024 bytes."},
		{set: [][2]string{{"max-item-size", "256m"}}, wantErr: "Cannot set item size limit higher than 1/2 of memory max."},
		{set: [][2]string{{"max-item-size", "1024"}, {"extended", "slab_chunk_max=1"}}},
		{set: [][2]string{{"max-item-size", "2097152"}}, check: func(c *Config) bool { return c.SlabChunkMax == 512<<10 }},
		{set: [][2]string{{"max-item-size", "512k"}, {"extended", "slab_chunk_max=16"}}},
		{set: [][2]string{{"memory-limit", "256"}, {"max-item-size", "32m"}}},
		{set: [][2]string{{"memory-limit", "4096"}, {"max-item-size", "1024m"}}},
		{set: [][2]string{{"memory-limit", "4096"}, {"max-item-size", "1025m"}}, wantErr: "Cannot set item size limit higher than a gigabyte."},
		{set: [][2]string{{"memory-limit", "0"}, {"max-item-size", "1024m"}}}, // 0 = no memory limit
		{set: [][2]string{{"max-item-size", "1k"}}, wantErr: "slab_chunk_max (bytes: 524288) cannot be larger than -I (item_size_max 1024)"},
		{set: [][2]string{{"max-item-size", "1000k"}}, wantErr: "-I (item_size_max: 1024000) must be evenly divisible by slab_chunk_max (bytes: 524288)"},
		{set: [][2]string{{"max-item-size", "3m"}, {"extended", "slab_chunk_max=768"}}, wantErr: "slab_chunk_max (bytes: 786432) must divide evenly into 1048576 (slab_page_size)"},
		{set: [][2]string{{"max-item-size", "2m"}, {"extended", "no_chunked_items"}}, check: func(c *Config) bool { return c.SlabChunkMax == SlabPageSize }},
		{set: [][2]string{{"extended", "hot_lru_pct=50,warm_lru_pct=40"}}, wantErr: "hot_lru_pct + warm_lru_pct cannot be more than 80% combined"},
		{set: [][2]string{{"extended", "no_lru_maintainer,temporary_ttl=10"}}, wantErr: "temporary_ttl requires lru_maintainer to be enabled"},
		{set: [][2]string{{"listen", "127.0.0.1:99999"}}, wantErr: "failed to listen on one of interface(s) 127.0.0.1:99999"},
		{set: [][2]string{{"listen", "fooble.invalid"}}, wantErr: "failed to listen on one of interface(s) fooble.invalid"},
		{set: [][2]string{{"listen", ""}}, wantErr: "no listen address"},
		{set: [][2]string{{"listen", ""}, {"unix-socket", "/tmp/s"}}},
		{set: [][2]string{{"listen", "::1,[::1]:11311,localhost"}}},
		// memcached: -U without -p moves the TCP port too
		{set: [][2]string{{"udp-port", "11300"}}, warnings: []string{"UDP is not supported: -U 11300 ignored"},
			check: func(c *Config) bool { return c.Port == 11300 }},
		{set: [][2]string{{"port", "11211"}, {"udp-port", "11300"}}, warnings: []string{"UDP is not supported: -U 11300 ignored"},
			check: func(c *Config) bool { return c.Port == 11211 }},
		{set: [][2]string{{"daemon", "yes"}, {"memory-file", "/dev/shm/mc"}, {"enable-largepages", "yes"}, {"protocol", "binary"}, {"supervised", "upstart"}},
			warnings: []string{
				"-d / daemonize ignored: corvid always runs in the foreground (run it under systemd)",
				"-e /dev/shm/mc ignored: restartable memory files are not supported",
				"-L: item memory always asks for transparent huge pages; large-page preallocation is not supported",
				"-B binary: the binary protocol is not supported; only the ASCII (text and meta) protocol is served",
				"supervised upstart is not supported; treated as no",
			}},
		{set: [][2]string{{"threads", "65"}}, warnings: []string{"Setting a high number of worker threads is not recommended.\n Set this value to the number of cores in your machine or less."}},
		{set: [][2]string{{"napi-ids", "4"}}, warnings: []string{"-N 4: not supported by corvid; ignored"}},
	}
	for i, tt := range tests {
		c := DefaultConfig()
		for _, kv := range tt.set {
			if err := c.SetArg(kv[0], kv[1], false); err != nil {
				t.Fatalf("%d: SetArg(%q, %q): %v", i, kv[0], kv[1], err)
			}
		}
		w, err := c.Validate()
		if tt.wantErr != "" {
			if err == nil || !strings.HasPrefix(err.Error(), tt.wantErr) {
				t.Errorf("%d %v: err = %v, want %q", i, tt.set, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%d %v: %v", i, tt.set, err)
			continue
		}
		if !slices.Equal(w, tt.warnings) {
			t.Errorf("%d %v: warnings = %q, want %q", i, tt.set, w, tt.warnings)
		}
		if tt.check != nil && !tt.check(c) {
			t.Errorf("%d %v: check failed", i, tt.set)
		}
	}
}

func TestListenAddrs(t *testing.T) {
	c := DefaultConfig()
	mustSet(t, c, "listen", "127.0.0.1,[::1]:11311,::1,0.0.0.0:11400")
	if got, want := c.MemcachedAddrs(), []string{"127.0.0.1:11211", "[::1]:11311", "[::1]:11211", "0.0.0.0:11400"}; !slices.Equal(got, want) {
		t.Errorf("MemcachedAddrs = %q, want %q", got, want)
	}
	if got, want := c.RESPAddrs(), []string{"127.0.0.1:6379", "[::1]:6379", "[::1]:6379", "0.0.0.0:6379"}; !slices.Equal(got, want) {
		t.Errorf("RESPAddrs = %q, want %q", got, want)
	}
	mustSet(t, c, "port", "0")
	if got, want := c.MemcachedAddrs(), []string{"[::1]:11311", "0.0.0.0:11400"}; !slices.Equal(got, want) {
		t.Errorf("MemcachedAddrs with -p 0 = %q, want %q", got, want)
	}
	mustSet(t, c, "resp-port", "0")
	if got := c.RESPAddrs(); len(got) != 0 {
		t.Errorf("RESPAddrs with resp-port 0 = %q", got)
	}

	// -s disables network support unless RESP/metrics are asked for.
	s := DefaultConfig()
	mustSet(t, s, "unix-socket", "/tmp/corvid.sock")
	if len(s.MemcachedAddrs()) != 0 || len(s.RESPAddrs()) != 0 || s.MetricsListenAddr() != "" {
		t.Errorf("-s: %q %q %q", s.MemcachedAddrs(), s.RESPAddrs(), s.MetricsListenAddr())
	}
	mustSet(t, s, "resp-port", "6380")
	mustSet(t, s, "metrics-addr", "127.0.0.1:9151")
	if !slices.Equal(s.RESPAddrs(), []string{"127.0.0.1:6380"}) || s.MetricsListenAddr() != "127.0.0.1:9151" {
		t.Errorf("-s with explicit ports: %q %q", s.RESPAddrs(), s.MetricsListenAddr())
	}
}

func mustSet(t *testing.T, c *Config, name, value string) {
	t.Helper()
	if err := c.Set(name, value); err != nil {
		t.Fatalf("Set(%q, %q): %v", name, value, err)
	}
}

func TestClone(t *testing.T) {
	a := DefaultConfig()
	mustSet(t, a, "save", "900 1")
	mustSet(t, a, "extended", "ext_path=/x")
	b := a.Clone()
	mustSet(t, b, "listen", "10.0.0.1")
	mustSet(t, b, "save", "60 5")
	mustSet(t, b, "latency-tracking-info-percentiles", "1")
	b.IgnoredOptions[0] = "changed"
	mustSet(t, b, "timeout", "5")
	if a.Listen[0] != "127.0.0.1" || a.Save[0].Seconds != 900 || a.LatencyTrackingInfoPercentiles[0] != 50 ||
		a.IgnoredOptions[0] != "-o ext_path=/x" || a.IsSet("timeout") {
		t.Errorf("Clone shares state: %+v", a)
	}
	if !reflect.DeepEqual(DefaultConfig().Clone(), DefaultConfig()) {
		t.Error("Clone of the defaults differs from the defaults")
	}
}

func TestSplitArgs(t *testing.T) {
	tests := []struct {
		line string
		want []string
		err  bool
	}{
		{line: "port 11211", want: []string{"port", "11211"}},
		{line: "  save   900 1\t300 10 ", want: []string{"save", "900", "1", "300", "10"}},
		{line: `requirepass "pa ss"`, want: []string{"requirepass", "pa ss"}},
		{line: `requirepass "a\"b\\c\n\x41\x4a\tz"`, want: []string{"requirepass", "a\"b\\c\nAJ\tz"}},
		{line: `requirepass 'it\'s "ok"'`, want: []string{"requirepass", `it's "ok"`}},
		{line: `save ""`, want: []string{"save", ""}},
		{line: `save ''`, want: []string{"save", ""}},
		{line: `a b"c d"`, want: []string{"a", "bc d"}},
		{line: `requirepass foo#bar`, want: []string{"requirepass", "foo#bar"}},
		{line: `requirepass "\xZZ"`, want: []string{"requirepass", "xZZ"}},
		{line: `requirepass "abc`, err: true},
		{line: `requirepass 'abc`, err: true},
		{line: `requirepass "abc"def`, err: true},
		{line: `requirepass 'abc'def`, err: true},
		{line: ``, want: nil},
	}
	for _, tt := range tests {
		got, err := SplitArgs(tt.line)
		if tt.err {
			if err == nil || err.Error() != "Unbalanced quotes in configuration line" {
				t.Errorf("SplitArgs(%q) = %q, %v; want unbalanced quotes", tt.line, got, err)
			}
			continue
		}
		if err != nil || !slices.Equal(got, tt.want) {
			t.Errorf("SplitArgs(%q) = %q, %v; want %q", tt.line, got, err, tt.want)
		}
	}
}

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "conf.d/10-a.conf", "timeout 10\n")
	writeFile(t, dir, "conf.d/20-b.conf", "timeout 20\ndatabases 4\n")
	writeFile(t, dir, "redis-part.conf", "maxmemory 2gb\nmaxmemory-policy volatile-lru\n")
	main := writeFile(t, dir, "corvid.conf", `# Corvid test config
port 11311
resp-port 6380
  # indented comment

memory-limit 128
include redis-part.conf
listen 127.0.0.1,::1
requirepass "secret word"   
disable-cas
enable-shutdown no
verbose 2
save 900 1
save 300 10
client-output-buffer-limit pubsub 64mb 16mb 90
extended idle_timeout=7,track_sizes
no_lru_crawler
hashpower 20
MAXCLIENTS 100
include conf.d/*.conf
notify-keyspace-events "Ex"
`)
	c := DefaultConfig()
	if err := c.LoadFile(main); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"port": "11311", "resp-port": "6380", "maxmemory": "2147483648", "maxmemory-policy": "volatile-lru",
		"listen": "127.0.0.1,::1", "requirepass": "secret word", "disable-cas": "yes", "enable-shutdown": "no",
		"verbose": "2", "save": "900 1 300 10", "idle_timeout": "7", "track_sizes": "yes", "lru_crawler": "no",
		"hashpower": "20", "conn-limit": "100", "timeout": "20", "databases": "4", "notify-keyspace-events": "xE",
		"client-output-buffer-limit": "normal 0 0 0 slave 268435456 67108864 60 pubsub 67108864 16777216 90",
	} {
		if got, _ := c.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if c.ConfigFile != main || !c.IsSet("timeout") || c.IsSet("hz") {
		t.Errorf("ConfigFile = %q, IsSet(timeout) = %v, IsSet(hz) = %v", c.ConfigFile, c.IsSet("timeout"), c.IsSet("hz"))
	}

	// save "" then save lines: the empty one clears, later ones add.
	p := writeFile(t, dir, "save.conf", "save \"\"\nsave 60 1\n")
	c = DefaultConfig()
	if err := c.LoadFile(p); err != nil || getOK(c, "save") != "60 1" {
		t.Errorf("save = %q, %v", getOK(c, "save"), err)
	}
}

func getOK(c *Config, name string) string {
	v, _ := c.Get(name)
	return v
}

func TestLoadFileErrors(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "loop.conf", "include loop.conf\n")
	writeFile(t, dir, "bad-inner.conf", "# inner\nmaxmemory lots\n")
	tests := []struct {
		content string
		path    string // of the bad line; "" = the main file
		line    int
		text    string
		msg     string
	}{
		{content: "port 11211\nnosuch 1\n", line: 2, text: "nosuch 1", msg: "Bad directive or wrong number of arguments"},
		{content: "maxmemory 1gb 2gb\n", line: 1, msg: "wrong number of arguments"},
		{content: "maxmemory\n", line: 1, msg: "wrong number of arguments"},
		{content: "\n\nmaxmemory \"1gb\n", line: 3, text: "maxmemory \"1gb", msg: "Unbalanced quotes in configuration line"},
		{content: "maxmemory-policy lru\n", line: 1, msg: "argument(s) must be one of the following"},
		{content: "c 0\n", line: 1, msg: "Bad directive"},
		{content: "conn-limit 0\n", line: 1, msg: "Maximum connections must be greater than 0"},
		{content: "config other.conf\n", line: 1, msg: "only accepted on the command line"},
		{content: "include\n", line: 1, msg: "wrong number of arguments"},
		{content: "include missing.conf\n", line: 1, msg: "can't open included file"},
		{content: "include loop.conf\n", path: "loop.conf", line: 1, msg: "nested more than 16 deep"},
		{content: "port 1\ninclude bad-inner.conf\n", path: "bad-inner.conf", line: 2, text: "maxmemory lots", msg: "argument must be a memory value"},
		{content: "extended foo\n", line: 1, msg: `Illegal suboption "foo"`},
	}
	for i, tt := range tests {
		p := writeFile(t, dir, "main.conf", tt.content)
		err := DefaultConfig().LoadFile(p)
		var fe *FileError
		if !errors.As(err, &fe) {
			t.Errorf("%d: err = %v, want a *FileError", i, err)
			continue
		}
		wantPath := p
		if tt.path != "" {
			wantPath = filepath.Join(dir, tt.path)
		}
		if fe.Path != wantPath || fe.Line != tt.line || (tt.text != "" && fe.Text != tt.text) || !strings.Contains(fe.Err.Error(), tt.msg) {
			t.Errorf("%d: got %s:%d %q %v; want %s:%d %q %q", i, fe.Path, fe.Line, fe.Text, fe.Err, wantPath, tt.line, tt.text, tt.msg)
		}
		if !strings.Contains(err.Error(), "FATAL CONFIG FILE ERROR") {
			t.Errorf("%d: message %q", i, err)
		}
	}
	err := DefaultConfig().LoadFile(filepath.Join(dir, "absent.conf"))
	if err == nil || !strings.Contains(err.Error(), "can't open config file") || !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: %v", err)
	}
}

func TestParseUnits(t *testing.T) {
	for _, tt := range []struct {
		s    string
		want int64
		err  bool
	}{
		{s: "0", want: 0}, {s: "100", want: 100}, {s: "100b", want: 100}, {s: "1k", want: 1000},
		{s: "1K", want: 1000}, {s: "1kb", want: 1024}, {s: "1KB", want: 1024}, {s: "5m", want: 5000000},
		{s: "5mb", want: 5 << 20}, {s: "2g", want: 2000000000}, {s: "2gb", want: 2 << 30},
		{s: "", err: true}, {s: "k", err: true}, {s: "1.5gb", err: true}, {s: "-1", err: true},
		{s: "1tb", err: true}, {s: "99999999999gb", err: true},
	} {
		got, err := ParseRedisMemory(tt.s)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseRedisMemory(%q) = %d, %v", tt.s, got, err)
		}
	}
	for _, tt := range []struct {
		s    string
		want int64
		err  bool
	}{
		{s: "1024", want: 1024}, {s: "1k", want: 1024}, {s: "1K", want: 1024}, {s: "2m", want: 2 << 20},
		{s: "1024M", want: 1 << 30}, {s: "", err: true}, {s: "m", err: true}, {s: "1g", err: true},
		{s: "-1k", err: true}, {s: "1kb", err: true},
	} {
		got, err := ParseMemcachedSize(tt.s)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("ParseMemcachedSize(%q) = %d, %v", tt.s, got, err)
		}
	}
	for _, tt := range []struct {
		s    string
		want int64
		err  bool
	}{
		{s: "64", want: 64 << 20}, {s: "64m", want: 64 << 20}, {s: "64MB", want: 64 << 20},
		{s: "1g", want: 1 << 30}, {s: "1GB", want: 1 << 30}, {s: "512k", want: 512 << 10},
		{s: "100b", want: 100}, {s: "x", err: true}, {s: "1.5g", err: true}, {s: "-64", err: true},
	} {
		got, err := parseMegabytes(tt.s)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("parseMegabytes(%q) = %d, %v", tt.s, got, err)
		}
	}
}

// FuzzSplitArgs checks that SplitArgs never panics, that what it accepts
// survives QuoteArg and a second split, and that QuoteArg round-trips any
// word.
func FuzzSplitArgs(f *testing.F) {
	for _, s := range []string{
		"port 11211", `requirepass "a b\x41\n"`, `x 'it\'s'`, `save ""`, `a"b c"`, `"unbalanced`, "\t\v\f", `"\"`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, line string) {
		if got, err := SplitArgs(QuoteArg(line)); err != nil || len(got) != 1 || got[0] != line {
			t.Fatalf("QuoteArg(%q) = %q splits into %q, %v", line, QuoteArg(line), got, err)
		}
		args, err := SplitArgs(line)
		if err != nil {
			return
		}
		quoted := make([]string, len(args))
		for i, a := range args {
			quoted[i] = QuoteArg(a)
		}
		again, err := SplitArgs(strings.Join(quoted, " "))
		if err != nil || !slices.Equal(again, args) {
			t.Fatalf("%q: split %q, requoted %q, split again %q, %v", line, args, quoted, again, err)
		}
	})
}

// FuzzSet feeds arbitrary parameters and values to Set; whatever it accepts
// must read back through Get, be accepted again from that reading, and not
// upset Validate.
func FuzzSet(f *testing.F) {
	for _, kv := range [][2]string{
		{"maxmemory", "1gb"}, {"memory-limit", "64m"}, {"max-item-size", "512k"}, {"extended", "idle_timeout=3,no_lru_crawler"},
		{"save", "900 1"}, {"client-output-buffer-limit", "pubsub 1 2 3"}, {"notify-keyspace-events", "KEA"},
		{"listen", "127.0.0.1,[::1]:11311"}, {"bind", "* -::*"}, {"slab_chunk_max", "16"}, {"verbose", "2"},
	} {
		f.Add(kv[0], kv[1])
	}
	f.Fuzz(func(t *testing.T, name, value string) {
		c := DefaultConfig()
		if c.Set(name, value) != nil {
			return
		}
		for _, n := range c.Names() {
			v, ok := c.Get(n)
			if !ok {
				t.Fatalf("Get(%q) not ok", n)
			}
			if err := c.Clone().Set(n, v); err != nil {
				t.Fatalf("after Set(%q, %q): Set(%q, Get = %q): %v", name, value, n, v, err)
			}
		}
		if p := LookupParam(name); p != nil && p.Name != "listen" && p.Name != "bind" {
			c.Validate() // listen entries may need a DNS lookup: skip those
		}
	})
}
