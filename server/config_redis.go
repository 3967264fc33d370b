package server

import (
	"errors"
	"fmt"
	"math"
	"net"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Redis compatibility parameters: every parameter Redis 7.0 has that Corvid
// has no use for (replication, cluster, TLS, jemalloc, lazy freeing, ...).
// They are accepted on the command line, in the config file and by CONFIG
// SET, validated as Redis validates them, stored, and reported by CONFIG GET,
// so that tools and test suites which set them keep working; they change
// nothing. They are left out of --help and FLAGS.md (Hidden).

// compatKind is how a compatibility parameter's value is parsed.
type compatKind uint8

const (
	kBool compatKind = iota
	kString
	kEnum
	kEnumMulti // several enum words, printed in table order (shutdown-on-sigint)
	kInt
	kMem        // a byte count in Redis units, printed in bytes
	kMemPercent // a byte count, or a percentage "N%" (maxmemory-clients)
	kOctal
)

// compatValue stores a compatibility parameter in Config.compat.
type compatValue struct {
	name     string
	kind     compatKind
	def      string
	min, max int64
	values   []string
}

func (v *compatValue) get(c *Config) string {
	if s, ok := c.compat[v.name]; ok {
		return s
	}
	return v.def
}

func (v *compatValue) set(c *Config, s string) error {
	norm, err := v.normalize(s)
	if err != nil {
		return err
	}
	if c.compat == nil {
		c.compat = map[string]string{}
	}
	c.compat[v.name] = norm
	return nil
}

// normalize validates s as Redis does and returns it as CONFIG GET prints it.
func (v *compatValue) normalize(s string) (string, error) {
	switch v.kind {
	case kBool:
		b, err := parseBool(s)
		if err != nil {
			return "", err
		}
		return yesNo(b), nil
	case kString:
		return s, nil
	case kEnum:
		for _, x := range v.values {
			if strings.EqualFold(x, strings.TrimSpace(s)) {
				return x, nil
			}
		}
		return "", errors.New("argument(s) must be one of the following: " + strings.Join(v.values, ", "))
	case kEnumMulti:
		words := strings.Fields(s)
		if len(words) == 0 {
			return "", errors.New("argument(s) must be one of the following: " + strings.Join(v.values, ", "))
		}
		set := map[string]bool{}
		for _, w := range words {
			ok := false
			for _, x := range v.values {
				if strings.EqualFold(x, w) {
					set[x], ok = true, true
				}
			}
			if !ok {
				return "", errors.New("argument(s) must be one of the following: " + strings.Join(v.values, ", "))
			}
		}
		if set["save"] && set["nosave"] {
			return "", errors.New("shutdown-on-sig can't be both save and nosave")
		}
		var out []string
		for _, x := range v.values[1:] { // values[0] is "default", the empty set
			if set[x] {
				out = append(out, x)
			}
		}
		if len(out) == 0 {
			return v.values[0], nil
		}
		return strings.Join(out, " "), nil
	case kInt:
		n, err := parseInt(s, v.min, v.max)
		if err != nil {
			return "", err
		}
		return strconv.FormatInt(n, 10), nil
	case kOctal:
		n, err := strconv.ParseInt(strings.TrimSpace(s), 8, 64)
		if err != nil {
			return "", errNotOctal
		}
		if n < v.min || n > v.max {
			return "", errRange(v.min, v.max)
		}
		return strconv.FormatInt(n, 8), nil
	case kMem, kMemPercent:
		t := strings.TrimSpace(s)
		if v.kind == kMemPercent && strings.HasSuffix(t, "%") {
			n, err := strconv.ParseInt(t[:len(t)-1], 10, 64)
			if err != nil || n < 0 {
				return "", errors.New("argument must be a memory or percent value")
			}
			if -n < v.min {
				return "", fmt.Errorf("percentage argument must be less or equal to %d", -v.min)
			}
			return strconv.FormatInt(n, 10) + "%", nil
		}
		n, err := ParseRedisMemory(t)
		if err != nil {
			if v.kind == kMemPercent {
				return "", errors.New("argument must be a memory or percent value")
			}
			return "", err
		}
		if n < max(v.min, 0) || n > v.max {
			return "", errRange(max(v.min, 0), v.max)
		}
		return strconv.FormatInt(n, 10), nil
	}
	panic("BUG: compat kind")
}

func cBool(def bool) *compatValue { return &compatValue{kind: kBool, def: yesNo(def)} }
func cString(def string) *compatValue {
	return &compatValue{kind: kString, def: def}
}
func cEnum(def string, values ...string) *compatValue {
	return &compatValue{kind: kEnum, def: def, values: values}
}
func cEnumMulti(def string, values ...string) *compatValue {
	return &compatValue{kind: kEnumMulti, def: def, values: values}
}
func cInt(def, min, max int64) *compatValue {
	return &compatValue{kind: kInt, def: strconv.FormatInt(def, 10), min: min, max: max}
}
func cMem(def, min, max int64) *compatValue {
	return &compatValue{kind: kMem, def: strconv.FormatInt(def, 10), min: min, max: max}
}
func cMemPercent(def, min, max int64) *compatValue {
	return &compatValue{kind: kMemPercent, def: strconv.FormatInt(def, 10), min: min, max: max}
}
func cOctal(def, min, max int64) *compatValue {
	return &compatValue{kind: kOctal, def: strconv.FormatInt(def, 8), min: min, max: max}
}

// compat makes the table entry of a compatibility parameter.
func compat(name, alias string, flags ParamFlags, v *compatValue) Param {
	v.name = name
	p := Param{Name: name, Arg: "value", Group: GroupRedis, Flags: flags | Hidden,
		Usage: "Redis compatibility: accepted, validated and reported by CONFIG GET; no effect in Corvid", v: v}
	if alias != "" {
		p.Aliases = []string{alias}
	}
	return p
}

// CompatParams returns the Redis compatibility parameters: accepted in the
// config file and by CONFIG SET and reported by CONFIG GET, with no effect.
// They are not command-line flags (Params). The entries are shared.
func CompatParams() []*Param {
	out := make([]*Param, len(compatParams))
	for i := range compatParams {
		out[i] = &compatParams[i]
	}
	return out
}

// compatParams are Redis 7.0.15's parameters that Corvid accepts without
// using them, with Redis's defaults, bounds and aliases (config.c).
var compatParams = []Param{
	compat("rdbchecksum", "", 0, cBool(true)),
	compat("io-threads-do-reads", "", 0, cBool(false)),
	compat("always-show-logo", "", 0, cBool(false)),
	compat("protected-mode", "", Mutable, cBool(true)),
	compat("rdbcompression", "", Mutable, cBool(true)),
	compat("rdb-del-sync-files", "", Mutable, cBool(false)),
	compat("activerehashing", "", Mutable, cBool(true)),
	compat("stop-writes-on-bgsave-error", "", Mutable, cBool(true)),
	compat("set-proc-title", "", 0, cBool(true)),
	compat("dynamic-hz", "", Mutable, cBool(true)),
	compat("lazyfree-lazy-eviction", "", Mutable, cBool(false)),
	compat("lazyfree-lazy-expire", "", Mutable, cBool(false)),
	compat("lazyfree-lazy-server-del", "", Mutable, cBool(false)),
	compat("lazyfree-lazy-user-del", "", Mutable, cBool(false)),
	compat("lazyfree-lazy-user-flush", "", Mutable, cBool(false)),
	compat("repl-disable-tcp-nodelay", "", Mutable, cBool(false)),
	compat("repl-diskless-sync", "", Mutable, cBool(true)),
	compat("aof-rewrite-incremental-fsync", "", Mutable, cBool(true)),
	compat("no-appendfsync-on-rewrite", "", Mutable, cBool(false)),
	compat("cluster-require-full-coverage", "", Mutable, cBool(true)),
	compat("rdb-save-incremental-fsync", "", Mutable, cBool(true)),
	compat("aof-load-truncated", "", Mutable, cBool(true)),
	compat("aof-use-rdb-preamble", "", Mutable, cBool(true)),
	compat("aof-timestamp-enabled", "", Mutable, cBool(false)),
	compat("cluster-replica-no-failover", "cluster-slave-no-failover", Mutable, cBool(false)),
	compat("replica-lazy-flush", "slave-lazy-flush", Mutable, cBool(false)),
	compat("replica-serve-stale-data", "slave-serve-stale-data", Mutable, cBool(true)),
	compat("replica-read-only", "slave-read-only", Mutable, cBool(true)),
	compat("replica-ignore-maxmemory", "slave-ignore-maxmemory", Mutable, cBool(true)),
	compat("jemalloc-bg-thread", "", Mutable, cBool(true)),
	compat("activedefrag", "", Mutable, cBool(false)),
	compat("syslog-enabled", "", 0, cBool(false)),
	compat("cluster-enabled", "", 0, cBool(false)),
	compat("cluster-allow-reads-when-down", "", Mutable, cBool(false)),
	compat("cluster-allow-pubsubshard-when-down", "", Mutable, cBool(true)),
	compat("crash-log-enabled", "", Mutable, cBool(true)),
	compat("crash-memcheck-enabled", "", Mutable, cBool(true)),
	compat("use-exit-on-panic", "", Mutable|ConfigHidden, cBool(false)),
	compat("disable-thp", "", 0, cBool(true)),
	compat("cluster-allow-replica-migration", "", Mutable, cBool(true)),
	compat("replica-announced", "", Mutable, cBool(true)),
	compat("aof-disable-auto-gc", "", Mutable, cBool(false)),
	compat("replica-ignore-disk-write-errors", "", Mutable, cBool(false)),
	compat("aclfile", "", 0, cString("")),
	compat("unixsocket", "", 0, cString("")),
	compat("replica-announce-ip", "slave-announce-ip", Mutable, cString("")),
	compat("masteruser", "", Mutable, cString("")),
	compat("cluster-announce-ip", "", Mutable, cString("")),
	compat("cluster-config-file", "", 0, cString("nodes.conf")),
	compat("cluster-announce-hostname", "", Mutable, cString("")),
	compat("syslog-ident", "", 0, cString("redis")),
	compat("appenddirname", "", 0, cString("appendonlydir")),
	compat("server_cpulist", "", 0, cString("")),
	compat("bio_cpulist", "", 0, cString("")),
	compat("aof_rewrite_cpulist", "", 0, cString("")),
	compat("bgsave_cpulist", "", 0, cString("")),
	compat("ignore-warnings", "", Mutable, cString("")),
	compat("proc-title-template", "", Mutable, cString("{title} {listen-addr} {server-mode}")),
	compat("bind-source-addr", "", Mutable, cString("")),
	compat("masterauth", "", Mutable, cString("")),
	compat("syslog-facility", "", 0, cEnum("local0", "user", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7")),
	compat("repl-diskless-load", "", Mutable, cEnum("disabled", "disabled", "on-empty-db", "swapdb")),
	compat("oom-score-adj", "", Mutable, cEnum("no", "no", "yes", "relative", "absolute")),
	compat("acl-pubsub-default", "", Mutable, cEnum("resetchannels", "allchannels", "resetchannels")),
	compat("sanitize-dump-payload", "", Mutable, cEnum("no", "no", "yes", "clients")),
	compat("enable-protected-configs", "", 0, cEnum("no", "no", "yes", "local")),
	compat("enable-debug-command", "", 0, cEnum("no", "no", "yes", "local")),
	compat("enable-module-command", "", 0, cEnum("no", "no", "yes", "local")),
	compat("cluster-preferred-endpoint-type", "", Mutable, cEnum("ip", "ip", "hostname", "unknown-endpoint")),
	compat("propagation-error-behavior", "", Mutable, cEnum("ignore", "ignore", "panic", "panic-on-replicas")),
	compat("shutdown-on-sigint", "", Mutable|MultiWord, cEnumMulti("default", "default", "save", "nosave", "now", "force")),
	compat("shutdown-on-sigterm", "", Mutable|MultiWord, cEnumMulti("default", "default", "save", "nosave", "now", "force")),
	compat("io-threads", "", 0, cInt(1, 1, 128)),
	compat("auto-aof-rewrite-percentage", "", Mutable, cInt(100, 0, math.MaxInt32)),
	compat("cluster-replica-validity-factor", "cluster-slave-validity-factor", Mutable, cInt(10, 0, math.MaxInt32)),
	compat("cluster-migration-barrier", "", Mutable, cInt(1, 0, math.MaxInt32)),
	compat("active-defrag-cycle-min", "", Mutable, cInt(1, 1, 99)),
	compat("active-defrag-cycle-max", "", Mutable, cInt(25, 1, 99)),
	compat("active-defrag-threshold-lower", "", Mutable, cInt(10, 0, 1000)),
	compat("active-defrag-threshold-upper", "", Mutable, cInt(100, 0, 1000)),
	compat("replica-priority", "slave-priority", Mutable, cInt(100, 0, math.MaxInt32)),
	compat("repl-diskless-sync-delay", "", Mutable, cInt(5, 0, math.MaxInt32)),
	compat("maxmemory-eviction-tenacity", "", Mutable, cInt(10, 0, 100)),
	compat("replica-announce-port", "slave-announce-port", Mutable, cInt(0, 0, 65535)),
	compat("cluster-port", "", 0, cInt(0, 0, 65535)),
	compat("cluster-announce-bus-port", "", Mutable, cInt(0, 0, 65535)),
	compat("cluster-announce-port", "", Mutable, cInt(0, 0, 65535)),
	compat("cluster-announce-tls-port", "", Mutable, cInt(0, 0, 65535)),
	compat("repl-timeout", "", Mutable, cInt(60, 1, math.MaxInt32)),
	compat("repl-ping-replica-period", "repl-ping-slave-period", Mutable, cInt(10, 1, math.MaxInt32)),
	compat("rdb-key-save-delay", "", Mutable|ConfigHidden, cInt(0, math.MinInt32, math.MaxInt32)),
	compat("key-load-delay", "", Mutable|ConfigHidden, cInt(0, math.MinInt32, math.MaxInt32)),
	compat("min-replicas-to-write", "min-slaves-to-write", Mutable, cInt(0, 0, math.MaxInt32)),
	compat("min-replicas-max-lag", "min-slaves-max-lag", Mutable, cInt(10, 0, math.MaxInt32)),
	compat("watchdog-period", "", Mutable|ConfigHidden, cInt(0, 0, math.MaxInt32)),
	compat("shutdown-timeout", "", Mutable, cInt(10, 0, math.MaxInt32)),
	compat("repl-diskless-sync-max-replicas", "", Mutable, cInt(0, 0, math.MaxInt32)),
	compat("unixsocketperm", "", 0, cOctal(0, 0, 0777)),
	compat("socket-mark-id", "", 0, cInt(0, 0, math.MaxUint32)),
	compat("active-defrag-max-scan-fields", "", Mutable, cInt(1000, 1, math.MaxInt64)),
	compat("acllog-max-len", "", Mutable, cInt(128, 0, math.MaxInt64)),
	compat("cluster-node-timeout", "", Mutable, cInt(15000, 0, math.MaxInt64)),
	compat("repl-backlog-size", "", Mutable, cMem(1048576, 1, math.MaxInt64)),
	compat("cluster-link-sendbuf-limit", "", Mutable, cMem(0, 0, math.MaxInt64)),
	compat("active-defrag-ignore-bytes", "", Mutable, cMem(104857600, 1, math.MaxInt64)),
	compat("maxmemory-clients", "", Mutable, cMemPercent(0, -100, math.MaxInt64)),
	compat("repl-backlog-ttl", "", Mutable, cInt(3600, 0, math.MaxInt64)),
	compat("auto-aof-rewrite-min-size", "", Mutable, cMem(67108864, 0, math.MaxInt64)),
	compat("loading-process-events-interval-bytes", "", Mutable|ConfigHidden, cInt(1024*1024*2, 1024, math.MaxInt32)),
	compat("tls-port", "", Mutable, cInt(0, 0, 65535)),
	compat("tls-session-cache-size", "", Mutable, cInt(20480, 0, math.MaxInt32)),
	compat("tls-session-cache-timeout", "", Mutable, cInt(300, 0, math.MaxInt32)),
	compat("tls-cluster", "", Mutable, cBool(false)),
	compat("tls-replication", "", Mutable, cBool(false)),
	compat("tls-auth-clients", "", Mutable, cEnum("yes", "no", "yes", "optional")),
	compat("tls-prefer-server-ciphers", "", Mutable, cBool(false)),
	compat("tls-session-caching", "", Mutable, cBool(true)),
	compat("tls-cert-file", "", Mutable, cString("")),
	compat("tls-key-file", "", Mutable, cString("")),
	compat("tls-key-file-pass", "", Mutable, cString("")),
	compat("tls-client-cert-file", "", Mutable, cString("")),
	compat("tls-client-key-file", "", Mutable, cString("")),
	compat("tls-client-key-file-pass", "", Mutable, cString("")),
	compat("tls-dh-params-file", "", Mutable, cString("")),
	compat("tls-ca-cert-file", "", Mutable, cString("")),
	compat("tls-ca-cert-dir", "", Mutable, cString("")),
	compat("tls-protocols", "", Mutable, cString("")),
	compat("tls-ciphers", "", Mutable, cString("")),
	compat("tls-ciphersuites", "", Mutable, cString("")),
	compat("oom-score-adj-values", "", Mutable|MultiWord, cString("0 200 800")),
	compat("replicaof", "slaveof", MultiWord, cString("")),
}

// ---- The Redis view of the parameters (CONFIG GET / SET on the RESP port) ----
//
// CONFIG GET and CONFIG SET see every readable parameter by its canonical
// name and by each alias, as Redis lists both (replicaof and slaveof), with
// one exception: "port" is the RESP port there, because that is what Redis
// tools and clients expect (redis-cli, Sentinel-style discovery, Redis's own
// test suite); the memcached port is "memcached-port". On the command line
// and in the config file, --port / "port" stay memcached's -p, and the RESP
// port is --resp-port / "resp-port".

// respAliases maps the RESP-view names that differ from the parameter
// table to the canonical names they stand for.
var respAliases = map[string]string{
	"port":           "resp-port",
	"memcached-port": "port",
}

// respNames is the sorted list of names CONFIG GET * may report, and
// respIndex maps each to its parameter.
var (
	respNames []string
	respIndex map[string]*Param
)

func init() {
	respIndex = map[string]*Param{}
	for _, p := range allParams {
		if p.v == nil || p.Flags&(WriteOnly|CLIOnly) != 0 {
			continue
		}
		for _, n := range p.Names() {
			if n == "port" {
				n = "memcached-port"
			}
			respIndex[n] = p
		}
	}
	respIndex["port"] = LookupParam("resp-port")
	for n := range respIndex {
		respNames = append(respNames, n)
	}
	sort.Strings(respNames)
}

// LookupRESPParam finds a parameter by the name CONFIG GET/SET use (any
// case); nil if there is none.
func LookupRESPParam(name string) *Param {
	name = strings.ToLower(name)
	if p, ok := respIndex[name]; ok {
		return p
	}
	if _, ok := respAliases[name]; ok {
		return nil
	}
	p := LookupParam(name) // '_' for '-' and other spellings
	if p == nil || p.v == nil || p.Flags&(WriteOnly|CLIOnly) != 0 || p.Name == "port" {
		return nil
	}
	return p
}

// RESPGet answers CONFIG GET for one argument: with glob characters, every
// parameter whose RESP-view name matches (hidden ones excepted); without,
// the parameter of that exact name, hidden or not. Pairs are name, value,
// sorted by name.
func (c *Config) RESPGet(pattern string, match func(pattern, name string) bool) [][2]string {
	var out [][2]string
	if !strings.ContainsAny(pattern, "*?[") {
		if p := LookupRESPParam(pattern); p != nil {
			out = append(out, [2]string{strings.ToLower(pattern), p.v.get(c)})
		}
		return out
	}
	for _, n := range respNames {
		p := respIndex[n]
		if p.Flags&ConfigHidden != 0 || !match(pattern, n) {
			continue
		}
		out = append(out, [2]string{n, p.v.get(c)})
	}
	return out
}

// RESPSet applies CONFIG SET name/value pairs to a copy of c, as Redis
// does: every name must exist (else "Unknown option..."), none may appear
// twice, immutable ones are refused, and any bad value fails the whole
// command. It returns the new configuration, already validated, or the
// error text Redis gives (without "ERR "). Setting an immutable parameter
// to the value it already has is accepted and changes nothing, so that
// CONFIG GET * followed by CONFIG SET of every pair succeeds.
func (c *Config) RESPSet(pairs [][2]string) (*Config, error) {
	type item struct {
		name, value string
		p           *Param
	}
	items := make([]item, 0, len(pairs))
	unknown, errArg, errStr := "", "", ""
	for _, kv := range pairs {
		p := LookupRESPParam(kv[0])
		if p == nil {
			if unknown == "" {
				unknown = kv[0]
			}
			continue
		}
		if errStr != "" {
			continue
		}
		for _, it := range items {
			if it.p == p {
				errArg, errStr = kv[0], "duplicate parameter"
			}
		}
		if errStr == "" && p.Flags&Mutable == 0 && !c.sameValue(p, kv[1]) {
			errArg, errStr = kv[0], "can't set immutable config"
			if p.Name == "resp-port" {
				if err := checkPortFree(c, kv[1]); err != nil {
					errStr = err.Error()
				}
			}
		}
		items = append(items, item{strings.ToLower(kv[0]), kv[1], p})
	}
	if unknown != "" {
		//lint:ignore ST1005 Redis's own wording, sent to clients as is
		return nil, fmt.Errorf("Unknown option or number of arguments for CONFIG SET - '%s'", unknown)
	}
	if errStr != "" {
		return nil, fmt.Errorf("CONFIG SET failed (possibly related to argument '%s') - %s", errArg, errStr)
	}
	next := c.Clone()
	for _, it := range items {
		if err := it.p.v.set(next, it.value); err != nil {
			return nil, fmt.Errorf("CONFIG SET failed (possibly related to argument '%s') - %v", it.name, err)
		}
		next.markExplicit(it.p.Name)
	}
	if _, err := next.Validate(); err != nil {
		name := ""
		if len(items) > 0 {
			name = items[len(items)-1].name
		}
		return nil, fmt.Errorf("CONFIG SET failed (possibly related to argument '%s') - %v", name, err)
	}
	return next, nil
}

// sameValue reports whether setting p to s would leave its value as is.
func (c *Config) sameValue(p *Param, s string) bool {
	before := p.v.get(c)
	if s == before {
		return true
	}
	scratch := c.Clone()
	return p.v.set(scratch, s) == nil && p.v.get(scratch) == before
}

// checkPortFree explains why the RESP port cannot move to s: Redis's
// "Unable to listen on this port" when something else holds it.
func checkPortFree(c *Config, s string) error {
	n, err := parseInt(s, 0, 65535)
	if err != nil {
		return err
	}
	for _, l := range c.Listen {
		host, _, _ := splitListen(l)
		ln, err := net.Listen("tcp", net.JoinHostPort(host, strconv.FormatInt(n, 10)))
		if err != nil {
			msg := err.Error()
			if i := strings.LastIndex(msg, ": "); i >= 0 {
				msg = msg[i+2:]
			}
			//lint:ignore ST1005 Redis's own wording, sent to clients as is
			return fmt.Errorf("Unable to listen on this port: %s", msg)
		}
		ln.Close()
	}
	return nil
}

// ChangedFields copies into dst the fields of src that differ from dst's,
// leaving the others untouched (so a concurrent reader of an unchanged
// field never sees a write). It is how the server swaps in a configuration
// changed by CONFIG SET.
func ChangedFields(dst, src *Config) {
	dv, sv := reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem()
	for i := 0; i < dv.NumField(); i++ {
		f := dv.Field(i)
		if !f.CanSet() {
			continue // the unexported maps, below
		}
		if !reflect.DeepEqual(f.Interface(), sv.Field(i).Interface()) {
			f.Set(sv.Field(i))
		}
	}
	dst.compat = src.compat
	dst.explicit = src.explicit
}

// ---- CONFIG REWRITE ----

// rewriteBanner separates the lines CONFIG REWRITE adds from the user's.
const rewriteBanner = "# Generated by CONFIG REWRITE"

// Rewrite writes the running configuration c back into the config file at
// path the way Redis's CONFIG REWRITE does: comments, blank lines, include
// lines and unknown lines stay where they are; the first line of each
// parameter is replaced by its current value (an alias is written under the
// canonical name) and later lines of the same parameter are dropped; a
// parameter that differs from its default and was not in the file is
// appended after a "# Generated by CONFIG REWRITE" line. The file is
// replaced atomically (written aside, then renamed). A missing file is
// created.
func (c *Config) Rewrite(path string) error {
	var lines []string
	if data, err := os.ReadFile(path); err == nil {
		lines = strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	} else if !os.IsNotExist(err) {
		return err
	}
	def := DefaultConfig()
	done := map[*Param]bool{}
	var out []string
	banner := false
	for _, raw := range lines {
		line := strings.TrimSpace(raw)
		if line == rewriteBanner {
			banner = true
		}
		if line == "" || line[0] == '#' {
			out = append(out, raw)
			continue
		}
		args, err := SplitArgs(line)
		if err != nil || len(args) == 0 {
			out = append(out, raw)
			continue
		}
		p := LookupParam(args[0])
		if p == nil || p.v == nil || p.Flags&(WriteOnly|CLIOnly) != 0 {
			out = append(out, raw) // include, -o options, unknown
			continue
		}
		if done[p] {
			continue // a repeated line of a parameter already written
		}
		done[p] = true
		out = append(out, rewriteLine(p, p.v.get(c)))
	}
	// Trim trailing blank lines before the generated block.
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	for _, p := range allParams {
		if done[p] || p.v == nil || p.Flags&(WriteOnly|CLIOnly) != 0 {
			continue
		}
		if other := LookupParam(sameSetting[p.Name]); other != nil && done[other] {
			continue // the memcached spelling of a setting already written
		}
		v := p.v.get(c)
		if v == p.v.get(def) && !(p.Name == "save" && c.explicit["save"]) {
			continue
		}
		if !banner {
			out = append(out, rewriteBanner)
			banner = true
		}
		out = append(out, rewriteLine(p, v))
		done[p] = true
	}
	data := strings.Join(out, "\n") + "\n"
	tmp, err := os.CreateTemp(filepath.Dir(path), "redis-conf-*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.WriteString(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if fi, err := os.Stat(path); err == nil {
		_ = os.Chmod(tmp.Name(), fi.Mode().Perm())
	} else {
		_ = os.Chmod(tmp.Name(), 0o644)
	}
	return os.Rename(tmp.Name(), path)
}

// sameSetting pairs parameters that are two spellings of one setting
// (memcached's and Redis's): CONFIG REWRITE writes one of them only.
var sameSetting = map[string]string{
	"memory-limit": "maxmemory", "maxmemory": "memory-limit",
	"disable-evictions": "maxmemory-policy", "maxmemory-policy": "disable-evictions",
	"listen": "bind", "bind": "listen",
}

// rewriteLine is the config-file line setting p to v.
func rewriteLine(p *Param, v string) string {
	if p.Flags&MultiWord != 0 && strings.TrimSpace(v) != "" {
		words := strings.Fields(v)
		for i, w := range words {
			words[i] = QuoteArg(w)
		}
		return p.Name + " " + strings.Join(words, " ")
	}
	return p.Name + " " + QuoteArg(v)
}
