package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/corvidcache/corvid/server"
)

var update = flag.Bool("update", false, "rewrite FLAGS.md from the parameter table")

type argCase struct {
	args     []string
	want     map[string]string // parameter -> Get value
	wantErr  string            // substring of the error
	warnings []string          // exact warnings, when not nil
}

func a(s ...string) []string { return s }

// argCases exercise every flag, in short and long form, through the real
// urfave/cli parser.
var argCases = []argCase{
	{args: a(), want: map[string]string{"port": "11211", "memory-limit": "64", "conn-limit": "1024",
		"threads": strconv.Itoa(runtime.NumCPU()), "listen": "127.0.0.1", "resp-port": "6379"}, warnings: []string{}},
	// the brief's example
	{args: a("-p", "11211", "-m", "1024", "-t", "4", "-c", "4096"),
		want: map[string]string{"port": "11211", "maxmemory": "1073741824", "threads": "4", "conn-limit": "4096"}},
	{args: a("--port", "11311", "--memory-limit=128", "--threads=2", "--conn-limit", "10"),
		want: map[string]string{"port": "11311", "memory-limit": "128", "threads": "2", "conn-limit": "10"}},
	{args: a("-p11411", "-m2g"), want: map[string]string{"port": "11411", "maxmemory": "2147483648"}},
	{args: a("-U", "0"), want: map[string]string{"udp-port": "0"}, warnings: []string{}},
	{args: a("-U", "11300"), want: map[string]string{"udp-port": "11300", "port": "11300"},
		warnings: []string{"UDP is not supported: -U 11300 ignored"}},
	{args: a("--udp-port", "11300", "-p", "11211"), want: map[string]string{"port": "11211"}},
	{args: a("-l", "127.0.0.1", "-l", "::1"), want: map[string]string{"listen": "127.0.0.1,::1"}},
	{args: a("--listen", "127.0.0.1,[::1]:11311", "-l", "127.0.0.1"), want: map[string]string{"listen": "127.0.0.1,[::1]:11311"}},
	{args: a("-l", "fooble.invalid"), wantErr: "failed to listen on one of interface(s) fooble.invalid"},
	{args: a("--bind", "127.0.0.1 ::1"), want: map[string]string{"listen": "127.0.0.1,::1"}},
	{args: a("-s", "/tmp/corvid.sock", "-a", "0755"), want: map[string]string{"unix-socket": "/tmp/corvid.sock", "unix-mask": "755"}},
	{args: a("--unix-socket=/tmp/x", "--unix-mask=700"), want: map[string]string{"unix-socket": "/tmp/x", "unix-mask": "700"}},
	{args: a("-a", "8"), wantErr: "octal"},
	{args: a("-A", "-M", "-C", "-F", "-X", "-W", "-k", "-r"), want: map[string]string{
		"enable-shutdown": "yes", "disable-evictions": "yes", "maxmemory-policy": "noeviction", "disable-cas": "yes",
		"disable-flush-all": "yes", "disable-dumping": "yes", "disable-watch": "yes", "lock-memory": "yes", "enable-coredumps": "yes"}},
	{args: a("-AMCF"), want: map[string]string{"enable-shutdown": "yes", "disable-evictions": "yes", "disable-cas": "yes", "disable-flush-all": "yes"}},
	{args: a("--enable-shutdown", "--disable-evictions", "--disable-cas", "--disable-flush-all", "--disable-dumping",
		"--disable-watch", "--lock-memory", "--enable-coredumps"), want: map[string]string{
		"enable-shutdown": "yes", "disable-evictions": "yes", "disable-cas": "yes", "disable-flush-all": "yes",
		"disable-dumping": "yes", "disable-watch": "yes", "lock-memory": "yes", "enable-coredumps": "yes"}},
	{args: a("--disable-cas=false"), want: map[string]string{"disable-cas": "no"}},
	{args: a("-d", "-P", "/run/corvid.pid"), want: map[string]string{"daemon": "yes", "pidfile": "/run/corvid.pid"},
		warnings: []string{"-d / daemonize ignored: corvid always runs in the foreground (run it under systemd)"}},
	{args: a("--daemon", "--pidfile", "/tmp/p"), want: map[string]string{"daemonize": "yes", "pidfile": "/tmp/p"}},
	{args: a("--daemonize", "no"), want: map[string]string{"daemon": "no"}},
	{args: a("-u", "nobody"), want: map[string]string{"user": "nobody"}},
	{args: a("--user=memcache"), want: map[string]string{"user": "memcache"}},
	{args: a("-v"), want: map[string]string{"verbose": "1"}},
	{args: a("-vv"), want: map[string]string{"verbose": "2"}},
	{args: a("-vvv"), want: map[string]string{"verbose": "3"}},
	{args: a("-v", "-v", "--verbose"), want: map[string]string{"verbose": "3"}},
	{args: a("-vv", "-B", "ascii"), want: map[string]string{"verbose": "2", "protocol": "ascii"}},
	{args: a("-f", "1.08", "-n", "64"), want: map[string]string{"slab-growth-factor": "1.08", "slab-min-size": "64"}},
	{args: a("--slab-growth-factor=2", "--slab-min-size", "96"), want: map[string]string{"slab-growth-factor": "2", "slab-min-size": "96"}},
	{args: a("-f", "1"), wantErr: "Factor must be greater than 1"},
	{args: a("-n", "0"), wantErr: "Chunk size must be greater than 0"},
	{args: a("-L"), want: map[string]string{"enable-largepages": "yes"}, warnings: []string{"-L: item memory always asks for transparent huge pages; large-page preallocation is not supported"}},
	{args: a("--enable-largepages"), want: map[string]string{"enable-largepages": "yes"}},
	{args: a("-D", "/"), want: map[string]string{"prefix-delimiter": "/"}},
	{args: a("--prefix-delimiter", "#"), want: map[string]string{"prefix-delimiter": "#"}},
	{args: a("-t", "0"), wantErr: "Number of threads must be greater than 0"},
	{args: a("-R", "1"), want: map[string]string{"max-reqs-per-event": "1"}},
	{args: a("--max-reqs-per-event", "0"), wantErr: "Number of requests per event must be greater than 0"},
	{args: a("-b", "8675"), want: map[string]string{"listen-backlog": "8675"}},
	{args: a("--listen-backlog", "10", "--tcp-backlog", "511"), want: map[string]string{"listen-backlog": "511"}},
	{args: a("-B", "auto"), want: map[string]string{"protocol": "auto"}},
	{args: a("--protocol", "binary"), want: map[string]string{"protocol": "binary"},
		warnings: []string{"-B binary: the binary protocol is not supported; only the ASCII (text and meta) protocol is served"}},
	{args: a("-B", "http"), wantErr: "Invalid value for binding protocol: http\n -- should be one of auto, binary, or ascii"},
	{args: a("-I", "512k", "-o", "slab_chunk_max=16"), want: map[string]string{"max-item-size": "524288", "slab_chunk_max": "16"}},
	{args: a("--max-item-size", "2m"), want: map[string]string{"max-item-size": "2097152"}},
	{args: a("-m", "256", "-I", "32m"), want: map[string]string{"max-item-size": "33554432"}},
	{args: a("-I", "1000"), wantErr: "Item max size cannot be less than 1024 bytes."},
	{args: a("-I", "256m"), wantErr: "Cannot set item size limit higher than 1/2 of memory max."},
	{args: a("-m", "4096", "-I", "1025m"), wantErr: "Cannot set item size limit higher than a gigabyte."},
	{args: a("-e", "/dev/shm/x"), want: map[string]string{"memory-file": "/dev/shm/x"},
		warnings: []string{"-e /dev/shm/x ignored: restartable memory files are not supported"}},
	{args: a("--memory-file", "/dev/shm/y"), want: map[string]string{"memory-file": "/dev/shm/y"}},
	{args: a("-o", "idle_timeout=3,track_sizes", "-o", "hashpower=16"),
		want: map[string]string{"idle_timeout": "3", "track_sizes": "yes", "hashpower": "16"}},
	{args: a("--extended", "no_lru_crawler,ext_path=/x:1g"), want: map[string]string{"lru_crawler": "no"},
		warnings: []string{"-o ext_path=/x:1g: not supported by corvid; ignored"}},
	{args: a("-o", "relaxed_privileges"), warnings: []string{}},
	{args: a("-o", "foo"), wantErr: `Illegal suboption "foo"`},
	{args: a("-c", "0"), wantErr: "Maximum connections must be greater than 0"},
	{args: a("-c", "-1"), wantErr: "Maximum connections must be greater than 0"},
	{args: a("--maxclients", "50"), want: map[string]string{"conn-limit": "50"}},
	{args: a("-p", "70000"), wantErr: "ERROR: Invalid port number 70000."},
	{args: a("-S"), wantErr: "This server is not built with SASL support."},
	{args: a("--enable-sasl"), wantErr: "This server is not built with SASL support."},
	{args: a("-Z"), wantErr: "This server is not built with TLS support."},
	{args: a("-Y", "/etc/auth"), wantErr: "not supported"},
	{args: a("--auth-file", "/etc/auth"), wantErr: "not supported"},
	{args: a("-N", "2"), warnings: []string{"-N 2: not supported by corvid; ignored"}},
	{args: a("--napi-ids", "0"), wantErr: "Maximum number of NAPI IDs must be greater than 0"},
	{args: a("-x"), wantErr: `Illegal argument "x"`},
	{args: a("--nosuchflag"), wantErr: `Illegal argument "nosuchflag"`},
	{args: a("-p"), wantErr: "flag needs an argument"},
	{args: a("stray"), wantErr: `unexpected argument "stray"`},
	{args: a("--save", "900", "1"), wantErr: `unexpected argument "1"`},
	// -m and maxmemory set one limit: the last one wins
	{args: a("-m", "64", "--maxmemory", "1gb"), want: map[string]string{"maxmemory": "1073741824"}},
	{args: a("--maxmemory", "1gb", "-m", "64"), want: map[string]string{"maxmemory": "67108864"}},
	{args: a("--memory-limit", "0", "-I", "1024m"), want: map[string]string{"maxmemory": "0"}},
	// Corvid's own
	{args: a("--resp-port", "0", "--metrics-addr="), want: map[string]string{"resp-port": "0", "metrics-addr": ""}},
	{args: a("--resp-port=6380", "--metrics-addr", "0.0.0.0:9151"), want: map[string]string{"resp-port": "6380", "metrics-addr": "0.0.0.0:9151"}},
	{args: a("--debug-time"), want: map[string]string{"debug-time": "yes"}},
	{args: a("--memcached-version", "1.6.99", "--redis-version", "7.2.4"), want: map[string]string{"memcached-version": "1.6.99", "redis-version": "7.2.4"}},
	// Redis parameters as --name value
	{args: a("--maxmemory-policy", "allkeys-lfu", "--maxmemory-samples", "10", "--lfu-log-factor", "5", "--lfu-decay-time", "2"),
		want: map[string]string{"maxmemory-policy": "allkeys-lfu", "maxmemory-samples": "10", "lfu-log-factor": "5", "lfu-decay-time": "2"}},
	{args: a("--maxmemory-policy", "lru"), wantErr: "argument(s) must be one of the following"},
	{args: a("--requirepass", "s3cret", "--databases", "4", "--timeout", "30", "--tcp-keepalive", "60"),
		want: map[string]string{"requirepass": "s3cret", "databases": "4", "timeout": "30", "tcp-keepalive": "60"}},
	{args: a("--notify-keyspace-events", "KEA"), want: map[string]string{"notify-keyspace-events": "AKE"}},
	{args: a("--proto-max-bulk-len", "1mb", "--client-query-buffer-limit", "2mb"),
		want: map[string]string{"proto-max-bulk-len": "1048576", "client-query-buffer-limit": "2097152"}},
	{args: a("--client-output-buffer-limit", "normal 1mb 1mb 0"),
		want: map[string]string{"client-output-buffer-limit": "normal 1048576 1048576 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60"}},
	{args: a("--hz", "100", "--appendonly", "yes", "--appendfsync", "always", "--appendfilename", "x.aof"),
		want: map[string]string{"hz": "100", "appendonly": "yes", "appendfsync": "always", "appendfilename": "x.aof"}},
	{args: a("--save", "900 1 300 10", "--dir", "/var/lib/corvid", "--dbfilename", "c.rdb"),
		want: map[string]string{"save": "900 1 300 10", "dir": "/var/lib/corvid", "dbfilename": "c.rdb"}},
	{args: a("--save", ""), want: map[string]string{"save": ""}},
	{args: a("--loglevel", "debug", "--logfile", "/tmp/c.log", "--supervised", "systemd"),
		want: map[string]string{"loglevel": "debug", "logfile": "/tmp/c.log", "supervised": "systemd"}},
	{args: a("--slowlog-log-slower-than", "-1", "--slowlog-max-len", "10", "--latency-tracking", "no",
		"--latency-tracking-info-percentiles", "50 90", "--latency-monitor-threshold", "100"),
		want: map[string]string{"slowlog-log-slower-than": "-1", "slowlog-max-len": "10", "latency-tracking": "no",
			"latency-tracking-info-percentiles": "50 90", "latency-monitor-threshold": "100"}},
	{args: a("--hash-max-listpack-entries", "1", "--hash-max-ziplist-value", "2", "--list-max-listpack-size", "-3",
		"--list-compress-depth", "1", "--set-max-intset-entries", "5", "--zset-max-ziplist-entries", "6",
		"--zset-max-listpack-value", "7", "--stream-node-max-bytes", "8kb", "--stream-node-max-entries", "9",
		"--hll-sparse-max-bytes", "10", "--lua-time-limit", "11", "--tracking-table-max-keys", "12", "--active-expire-effort", "3"),
		want: map[string]string{"hash-max-listpack-entries": "1", "hash-max-listpack-value": "2", "list-max-listpack-size": "-3",
			"list-compress-depth": "1", "set-max-intset-entries": "5", "zset-max-listpack-entries": "6",
			"zset-max-listpack-value": "7", "stream-node-max-bytes": "8192", "stream-node-max-entries": "9",
			"hll-sparse-max-bytes": "10", "busy-reply-threshold": "11", "tracking-table-max-keys": "12", "active-expire-effort": "3"}},
	{args: a("--busy-reply-threshold", "12", "--hash-max-listpack-value", "3", "--hash-max-ziplist-entries", "4",
		"--list-max-ziplist-size", "5", "--zset-max-listpack-entries", "6", "--zset-max-ziplist-value", "7"),
		want: map[string]string{"busy-reply-threshold": "12", "hash-max-listpack-value": "3", "hash-max-listpack-entries": "4",
			"list-max-listpack-size": "5", "zset-max-listpack-entries": "6", "zset-max-listpack-value": "7"}},
}

func TestArgs(t *testing.T) {
	for _, tt := range argCases {
		var out bytes.Buffer
		cfg, warnings, err := parseArgs(append([]string{"corvid"}, tt.args...), &out)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("%q: %v", tt.args, err)
			continue
		}
		for name, want := range tt.want {
			if got, ok := cfg.Get(name); !ok || got != want {
				t.Errorf("%q: %s = %q, want %q", tt.args, name, got, want)
			}
		}
		if tt.warnings != nil && !slices.Equal(warnings, tt.warnings) && !(len(warnings) == 0 && len(tt.warnings) == 0) {
			t.Errorf("%q: warnings = %q, want %q", tt.args, warnings, tt.warnings)
		}
	}
}

// TestEveryFlagCovered fails when a flag has no case in argCases.
func TestEveryFlagCovered(t *testing.T) {
	used := map[*server.Param]bool{}
	for _, tt := range argCases {
		for _, arg := range expandArgs(tt.args) {
			name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
			if !strings.HasPrefix(arg, "-") {
				continue
			}
			if p := server.LookupParam(name); p != nil && strings.HasPrefix(arg, "--") {
				used[p] = true
			} else if p := server.LookupShort(name); p != nil && len(name) == 1 {
				used[p] = true
			}
		}
	}
	for _, p := range server.Params() {
		if p.Flags&server.Extended == 0 && p.Name != "config" && !used[p] {
			t.Errorf("no argCases case uses --%s", p.Name)
		}
	}
}

func TestExpandArgs(t *testing.T) {
	for _, tt := range []struct{ in, want []string }{
		{a("-vv"), a("-v", "-v")},
		{a("-vvv", "-MC"), a("-v", "-v", "-v", "-M", "-C")},
		{a("-p11211", "-Mm64"), a("-p", "11211", "-M", "-m", "64")},
		{a("-c", "-1"), a("-c", "-1")},
		{a("-o", "-vv"), a("-o", "-vv")},
		{a("--port", "-1", "-v"), a("--port", "-1", "-v")},
		{a("--port=5", "-v"), a("--port=5", "-v")},
		{a("--disable-cas", "-v"), a("--disable-cas", "-v")},
		{a("-v", "stray", "-vv"), a("-v", "stray", "-vv")},
		{a("-v", "--", "-vv"), a("-v", "--", "-vv")},
		{a("-vx"), a("-v", "-x")},
		{a("-hV"), a("-h", "-V")},
		{a("-p"), a("-p")},
		{a("-"), a("-")},
	} {
		if got := expandArgs(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("expandArgs(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestConfigFilePrecedence(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "corvid.conf")
	if err := os.WriteFile(conf, []byte(`port 11311
memory-limit 128
listen 10.1.1.1
verbose 3
maxmemory-policy volatile-lru
requirepass "from file"
idle_timeout 9
`), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []argCase{
		{args: a("--config", conf), want: map[string]string{"port": "11311", "maxmemory": "134217728", "listen": "10.1.1.1",
			"verbose": "3", "maxmemory-policy": "volatile-lru", "requirepass": "from file", "idle_timeout": "9"}},
		{args: a("-p", "11411", "--config", conf, "-l", "127.0.0.1", "-l", "::1", "-v", "--maxmemory", "1gb", "-M", "-o", "idle_timeout=1"),
			want: map[string]string{"port": "11411", "maxmemory": "1073741824", "listen": "127.0.0.1,::1", "verbose": "1",
				"maxmemory-policy": "noeviction", "requirepass": "from file", "idle_timeout": "1"}},
		{args: a("--config", conf, "-vv", "-m", "64"), want: map[string]string{"verbose": "2", "maxmemory": "67108864"}},
		{args: a("--config", filepath.Join(dir, "missing.conf")), wantErr: "can't open config file"},
	} {
		cfg, _, err := parseArgs(append([]string{"corvid"}, tt.args...), &bytes.Buffer{})
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("%q: err = %v, want %q", tt.args, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		for name, want := range tt.want {
			if got, _ := cfg.Get(name); got != want {
				t.Errorf("%q: %s = %q, want %q", tt.args, name, got, want)
			}
		}
		if cfg.ConfigFile != conf {
			t.Errorf("ConfigFile = %q", cfg.ConfigFile)
		}
	}
	// A bad line in the file reports file and line, and exits 64.
	bad := filepath.Join(dir, "bad.conf")
	os.WriteFile(bad, []byte("port 1\nmaxmemory lots\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run(a("corvid", "--config", bad), &stdout, &stderr); code != exitUsage ||
		!strings.Contains(stderr.String(), "at line 2\n>>> 'maxmemory lots'\nargument must be a memory value") {
		t.Errorf("exit %d, stderr %q", code, stderr.String())
	}
}

func TestRunExitCodes(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		code   int
		stdout string
		stderr string
	}{
		{args: a("-h"), code: 0, stdout: "-p, --port=<num>"},
		{args: a("--help"), code: 0, stdout: "-V, --version"},
		{args: a("-V"), code: 0, stdout: "corvid " + server.Version + " (memcached 1.6.45, redis 7.0.15 compatible)\n"},
		{args: a("--version"), code: 0, stdout: "corvid "},
		{args: a("-c", "0"), code: exitUsage, stderr: "Maximum connections must be greater than 0\n"},
		{args: a("-t", "0"), code: exitUsage, stderr: "Number of threads must be greater than 0\n"},
		{args: a("-B", "http"), code: exitUsage, stderr: "Invalid value for binding protocol: http\n -- should be one of auto, binary, or ascii\n"},
		{args: a("-l", "fooble.invalid"), code: exitUsage, stderr: "failed to listen on one of interface(s) fooble.invalid"},
	} {
		var stdout, stderr bytes.Buffer
		code := run(append([]string{"corvid"}, tt.args...), &stdout, &stderr)
		if code != tt.code || !strings.Contains(stdout.String(), tt.stdout) || !strings.Contains(stderr.String(), tt.stderr) {
			t.Errorf("%q: exit %d, stdout %.80q, stderr %q", tt.args, code, stdout.String(), stderr.String())
		}
	}
}

func TestHelp(t *testing.T) {
	var out bytes.Buffer
	writeHelp(&out)
	help := out.String()
	for _, p := range server.Params() {
		if p.Flags&server.Hidden != 0 {
			if strings.Contains(help, "--"+p.Name) {
				t.Errorf("help lists hidden --%s", p.Name)
			}
			continue
		}
		want := flagSpec(p)
		if p.Flags&server.Extended != 0 {
			want = "   - " + p.Name + ":"
		}
		if !strings.Contains(help, want) {
			t.Errorf("help lacks %q", want)
		}
		for _, al := range p.Aliases {
			if !strings.Contains(help, "--"+al) {
				t.Errorf("help lacks alias --%s", al)
			}
		}
	}
	// memcached's test harness turns tests on by grepping -h: only what
	// Corvid supports may appear.
	if !strings.Contains(help, "unix-socket") {
		t.Error(`help must mention "unix-socket" (-s is supported)`)
	}
	for _, word := range []string{"sasl", "ext_path", "enable-ssl", "proxy_config", "no_drop_privileges"} {
		if strings.Contains(strings.ToLower(help), word) {
			t.Errorf("help mentions %q, which Corvid does not support", word)
		}
	}
	if !strings.HasPrefix(help, "corvid ") || strings.HasPrefix(help, "memcached 1.1.") {
		t.Errorf("help starts %.40q", help)
	}
	for _, line := range strings.Split(help, "\n") {
		if len(line) > 100 {
			t.Errorf("help line over 100 columns: %q", line)
		}
	}
}

// TestFlagsDoc keeps FLAGS.md equal to what the parameter table generates;
// run with -update to rewrite it.
func TestFlagsDoc(t *testing.T) {
	var buf bytes.Buffer
	writeFlagsDoc(&buf)
	if *update {
		if err := os.WriteFile("FLAGS.md", buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	have, err := os.ReadFile("FLAGS.md")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(have, buf.Bytes()) {
		t.Error("FLAGS.md is stale: go test ./cmd/corvid -run TestFlagsDoc -update")
	}
	for _, p := range server.Params() {
		if p.Flags&server.Hidden == 0 && !bytes.Contains(have, []byte(p.Name)) {
			t.Errorf("FLAGS.md lacks %s", p.Name)
		}
	}
	// README.md carries the same text between its flags markers.
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := embedFlags(readme, buf.Bytes())
	if *update {
		if err := os.WriteFile("../../README.md", want, 0o644); err != nil {
			t.Fatal(err)
		}
		readme = want
	}
	if !bytes.Equal(readme, want) {
		t.Error("README.md's flags section is stale: go test ./cmd/corvid -run TestFlagsDoc -update")
	}
}

// embedFlags returns readme with the text between its flags markers
// replaced by doc.
func embedFlags(readme, doc []byte) []byte {
	begin := bytes.Index(readme, []byte("<!-- flags:begin"))
	end := bytes.Index(readme, []byte("<!-- flags:end -->"))
	if begin < 0 || end < begin {
		return readme
	}
	nl := bytes.IndexByte(readme[begin:], '\n')
	var out []byte
	out = append(out, readme[:begin+nl+1]...)
	out = append(out, doc...)
	out = append(out, readme[end:]...)
	return out
}

// TestCompatParamsAsFlags: Redis parameters Corvid accepts without using
// them are accepted on the command line as redis-server takes them.
func TestCompatParamsAsFlags(t *testing.T) {
	cfg, _, err := parseArgs([]string{"corvid", "--rdbchecksum", "no", "--hash-max-listpack-entries", "64"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := cfg.Get("rdbchecksum"); v != "no" {
		t.Fatalf("rdbchecksum = %q", v)
	}
	if v, _ := cfg.Get("hash-max-listpack-entries"); v != "64" {
		t.Fatalf("hash-max-listpack-entries = %q", v)
	}
}
