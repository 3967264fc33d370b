package redis_test

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

// The server and connection administration commands end to end: CLIENT,
// INFO, CONFIG, COMMAND, SLOWLOG, LATENCY, MONITOR, DEBUG, MEMORY and the
// small ones, with go-redis (RESP2 and RESP3), raw RESP and redis-cli, and
// a byte-for-byte comparison with redis-server 7.0.15 where the replies do
// not depend on the server's state.

// admClientLine is the CLIENT LIST / CLIENT INFO format of Redis 7.0.
var admClientLine = regexp.MustCompile(`^id=(\d+) addr=127\.0\.0\.1:\d+ laddr=127\.0\.0\.1:\d+ fd=\d+ name=(\S*) age=\d+ idle=\d+ ` +
	`flags=([A-Za-z]+) db=(\d+) sub=\d+ psub=\d+ ssub=\d+ multi=-?\d+ qbuf=(\d+) qbuf-free=\d+ argv-mem=\d+ multi-mem=\d+ ` +
	`rbs=\d+ rbp=\d+ obl=\d+ oll=\d+ omem=\d+ tot-mem=\d+ events=rw? cmd=(\S+) user=default redir=-1 resp=([23])$`)

// admBulk returns the payload of a bulk or verbatim reply.
func admBulk(t testing.TB, reply string) string {
	t.Helper()
	if len(reply) == 0 || (reply[0] != '$' && reply[0] != '=') {
		t.Fatalf("not a bulk reply: %q", reply)
	}
	i := strings.Index(reply, "\r\n")
	s := reply[i+2 : len(reply)-2]
	if reply[0] == '=' {
		s = s[4:] // "txt:"
	}
	return s
}

func TestAdminClient(t *testing.T) {
	s := startCorvid(t)
	a := dialRaw(t, s.RespAddr)
	b := dialRaw(t, s.RespAddr)

	idReply := a.do("CLIENT", "ID")
	id, err := strconv.Atoi(strings.TrimSpace(idReply[1:]))
	if idReply[0] != ':' || err != nil || id <= 0 {
		t.Fatalf("CLIENT ID = %q", idReply)
	}
	check(t, "getname unset", a.do("CLIENT", "GETNAME"), "$-1\r\n")
	check(t, "setname", a.do("CLIENT", "SETNAME", "alpha"), "+OK\r\n")
	check(t, "getname", a.do("CLIENT", "GETNAME"), "$5\r\nalpha\r\n")
	check(t, "setname space", a.do("CLIENT", "SETNAME", "a b"), "-ERR Client names cannot contain spaces, newlines or special characters.\r\n")

	list := admBulk(t, a.do("CLIENT", "LIST"))
	lines := strings.Split(strings.TrimSuffix(list, "\n"), "\n")
	if len(lines) != 2 || !strings.HasSuffix(list, "\n") {
		t.Fatalf("CLIENT LIST with two clients:\n%s", list)
	}
	var self []string
	for _, l := range lines {
		m := admClientLine.FindStringSubmatch(l)
		if m == nil {
			t.Fatalf("CLIENT LIST line not in Redis 7.0's format:\n%s", l)
		}
		if m[1] == strconv.Itoa(id) {
			self = m
		}
	}
	if self == nil || self[2] != "alpha" || self[3] != "N" || self[5] != "26" || self[6] != "client|list" || self[7] != "2" {
		t.Errorf("own CLIENT LIST line: %q", self)
	}
	info := admBulk(t, a.do("CLIENT", "INFO"))
	if m := admClientLine.FindStringSubmatch(strings.TrimSuffix(info, "\n")); m == nil || m[1] != strconv.Itoa(id) || m[6] != "client|info" {
		t.Errorf("CLIENT INFO = %q", info)
	}
	only := admBulk(t, a.do("CLIENT", "LIST", "ID", strconv.Itoa(id), "999999"))
	if strings.Count(only, "\n") != 1 || !strings.HasPrefix(only, "id="+strconv.Itoa(id)+" ") {
		t.Errorf("CLIENT LIST ID = %q", only)
	}
	if got := admBulk(t, a.do("CLIENT", "LIST", "TYPE", "pubsub")); got != "" {
		t.Errorf("CLIENT LIST TYPE pubsub = %q", got)
	}
	check(t, "list bad type", a.do("CLIENT", "LIST", "TYPE", "x"), "-ERR Unknown client type 'x'\r\n")
	check(t, "setinfo", a.do("CLIENT", "SETINFO", "LIB-NAME", "corvid-test"), "+OK\r\n")
	check(t, "no-evict", a.do("CLIENT", "NO-EVICT", "on"), "+OK\r\n")
	if got := admBulk(t, a.do("CLIENT", "INFO")); !strings.Contains(got, " flags=e ") {
		t.Errorf("CLIENT INFO after NO-EVICT on: %q", got)
	}

	// In a transaction: flags x and the queued count.
	a.do("MULTI")
	a.do("SET", "k", "v")
	a.do("CLIENT", "ID")
	bl := admBulk(t, b.do("CLIENT", "LIST", "ID", strconv.Itoa(id)))
	if !strings.Contains(bl, " flags=xe ") || !strings.Contains(bl, " multi=2 ") {
		t.Errorf("client in MULTI seen as %q", bl)
	}
	a.do("DISCARD")

	// CLIENT KILL, new and old forms.
	c := dialRaw(t, s.RespAddr)
	cid := strings.TrimSpace(c.do("CLIENT", "ID")[1:])
	check(t, "kill id", b.do("CLIENT", "KILL", "ID", cid), ":1\r\n")
	if _, err := c.read(); err == nil {
		t.Error("killed client still connected")
	}
	check(t, "kill none", b.do("CLIENT", "KILL", "ID", cid), ":0\r\n")
	check(t, "kill old form none", b.do("CLIENT", "KILL", "127.0.0.1:1"), "-ERR No such client\r\n")
	d := dialRaw(t, s.RespAddr)
	d.do("PING")
	check(t, "kill old form", b.do("CLIENT", "KILL", d.c.LocalAddr().String()), "+OK\r\n")
	check(t, "kill bad id", b.do("CLIENT", "KILL", "ID", "0"), "-ERR client-id should be greater than 0\r\n")
	check(t, "kill bad skipme", b.do("CLIENT", "KILL", "SKIPME", "maybe"), "-ERR syntax error\r\n")
	check(t, "kill bad user", b.do("CLIENT", "KILL", "USER", "nobody"), "-ERR No such user 'nobody'\r\n")
	check(t, "kill skipme yes", b.do("CLIENT", "KILL", "ADDR", b.c.LocalAddr().String(), "SKIPME", "yes"), ":0\r\n")
	check(t, "kill self", b.do("CLIENT", "KILL", "ADDR", b.c.LocalAddr().String(), "SKIPME", "no"), ":1\r\n")
	if _, err := b.read(); err == nil {
		t.Error("CLIENT KILL of itself left the connection open")
	}

	// go-redis sees the same.
	for _, proto := range []int{2, 3} {
		g := newClient(t, s.RespAddr, proto)
		gid, err := g.ClientID(ctx).Result()
		if err != nil || gid <= 0 {
			t.Errorf("RESP%d ClientID = %d, %v", proto, gid, err)
		}
		cl, err := g.ClientList(ctx).Result()
		if err != nil || !strings.Contains(cl, "id="+strconv.FormatInt(gid, 10)+" ") {
			t.Errorf("RESP%d ClientList = %q, %v", proto, cl, err)
		}
		ci, err := g.ClientInfo(ctx).Result()
		if err != nil || ci.ID != gid || ci.LastCmd != "client|info" || ci.Resp != proto {
			t.Errorf("RESP%d ClientInfo = %+v, %v", proto, ci, err)
		}
	}
}

func TestAdminClientReply(t *testing.T) {
	s := startCorvid(t)
	a := dialRaw(t, s.RespAddr)
	// OFF silences everything up to ON, whose +OK is sent.
	var req []byte
	for _, cmd := range [][]string{{"CLIENT", "REPLY", "OFF"}, {"PING", "one"}, {"SET", "k", "v"}, {"CLIENT", "REPLY", "ON"}, {"PING", "two"}} {
		req = append(req, encode(cmd...)...)
	}
	a.c.Write(req)
	for _, want := range []string{"+OK\r\n", "$3\r\ntwo\r\n"} {
		if got, err := a.read(); got != want || err != nil {
			t.Fatalf("after CLIENT REPLY OFF/ON: %q, %v; want %q", got, err, want)
		}
	}
	// SKIP silences the next command only.
	a.c.Write(append(append(encode("CLIENT", "REPLY", "SKIP"), encode("PING", "one")...), encode("PING", "two")...))
	if got, _ := a.read(); got != "$3\r\ntwo\r\n" {
		t.Errorf("after CLIENT REPLY SKIP: %q", got)
	}
	// ON right after SKIP is answered.
	a.c.Write(append(encode("CLIENT", "REPLY", "SKIP"), encode("CLIENT", "REPLY", "ON")...))
	if got, _ := a.read(); got != "+OK\r\n" {
		t.Errorf("CLIENT REPLY ON after SKIP: %q", got)
	}
	check(t, "reply bad", a.do("CLIENT", "REPLY", "MAYBE"), "-ERR syntax error\r\n")
	check(t, "get", a.do("GET", "k"), "$1\r\nv\r\n")
}

func TestAdminClientPause(t *testing.T) {
	s := startCorvid(t)
	ctl := dialRaw(t, s.RespAddr)
	w := dialRaw(t, s.RespAddr)
	r := dialRaw(t, s.RespAddr)
	check(t, "pause", ctl.do("CLIENT", "PAUSE", "10000", "WRITE"), "+OK\r\n")
	w.c.Write(append(encode("SET", "k", "v"), encode("GET", "k")...))
	// A reader is not held.
	check(t, "read during write pause", r.do("GET", "k"), "$-1\r\n")
	w.c.SetReadDeadline(time.Now().Add(300 * time.Millisecond))
	if buf := make([]byte, 1); true {
		if n, _ := w.c.Read(buf); n != 0 {
			t.Fatal("a write was answered during CLIENT PAUSE WRITE")
		}
	}
	check(t, "unpause", ctl.do("CLIENT", "UNPAUSE"), "+OK\r\n")
	for _, want := range []string{"+OK\r\n", "$1\r\nv\r\n"} {
		if got, err := w.read(); got != want || err != nil {
			t.Fatalf("held write after UNPAUSE: %q, %v; want %q", got, err, want)
		}
	}
	// PAUSE ALL ends by itself.
	check(t, "pause all", ctl.do("CLIENT", "PAUSE", "300"), "+OK\r\n")
	start := time.Now()
	check(t, "ping held", r.do("PING"), "+PONG\r\n")
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Errorf("PING answered after %v during CLIENT PAUSE ALL 300", d)
	}
	check(t, "pause bad mode", ctl.do("CLIENT", "PAUSE", "10", "SOME"), "-ERR CLIENT PAUSE mode must be WRITE or ALL\r\n")
	check(t, "pause bad timeout", ctl.do("CLIENT", "PAUSE", "x"), "-ERR timeout is not an integer or out of range\r\n")
}

func TestAdminInfo(t *testing.T) {
	s := startCorvid(t, "--maxmemory", "100mb")
	for _, proto := range []int{2, 3} {
		g := newClient(t, s.RespAddr, proto)
		g.Set(ctx, "k", "v", 0)
		g.Set(ctx, "e", "v", time.Hour)
		g.Do(ctx, "SELECT", "3")
		def, err := g.Info(ctx).Result()
		if err != nil {
			t.Fatal(err)
		}
		titles := regexp.MustCompile(`(?m)^# (\w+)\r$`).FindAllStringSubmatch(def, -1)
		var got []string
		for _, m := range titles {
			got = append(got, m[1])
		}
		check(t, "default sections", strings.Join(got, " "), "Server Clients Memory Persistence Stats Replication CPU Modules Errorstats Cluster Keyspace")
		for _, want := range []string{"redis_version:7.0.15\r\n", "\r\ntcp_port:", "\r\nconnected_clients:", "\r\nused_memory:",
			"\r\nmaxmemory:104857600\r\n", "\r\nmaxmemory_policy:allkeys-lru\r\n", "\r\nmem_fragmentation_ratio:",
			"\r\nused_cpu_user:", "\r\nrole:master\r\n", "\r\ncluster_enabled:0\r\n", "\r\ndb0:keys=2,expires=1,avg_ttl=",
			"\r\ntotal_commands_processed:", "\r\nkeyspace_hits:", "\r\nrdb_last_save_time:"} {
			if !strings.Contains(def, want) {
				t.Errorf("RESP%d INFO lacks %q", proto, want)
			}
		}
		// avg_ttl: the one key with an expiry has just under an hour left.
		if m := regexp.MustCompile(`db0:keys=2,expires=1,avg_ttl=(\d+)\r\n`).FindStringSubmatch(def); m == nil {
			t.Errorf("RESP%d keyspace line: %q", proto, def)
		} else if ttl, _ := strconv.Atoi(m[1]); ttl < 3590000 || ttl > 3600000 {
			t.Errorf("RESP%d avg_ttl %d, want just under 3600000", proto, ttl)
		}
		if strings.Contains(def, "cmdstat_") || strings.Contains(def, "rejected_calls") {
			t.Errorf("RESP%d default INFO has commandstats", proto)
		}
		all, _ := g.Info(ctx, "all").Result()
		if !regexp.MustCompile(`\r\ncmdstat_set:calls=\d+,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0\r\n`).MatchString(all) ||
			!regexp.MustCompile(`\r\nlatency_percentiles_usec_set:p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}\r\n`).MatchString(all) {
			t.Errorf("RESP%d INFO all lacks commandstats or latencystats:\n%s", proto, all)
		}
		cpu, _ := g.Info(ctx, "CPU", "commandSTATS").Result()
		if !strings.HasPrefix(cpu, "# CPU\r\n") || !strings.Contains(cpu, "# Commandstats\r\n") || strings.Contains(cpu, "used_memory") {
			t.Errorf("RESP%d INFO CPU commandSTATS = %q", proto, cpu)
		}
		if got, _ := g.Info(ctx, "nosuch").Result(); got != "" {
			t.Errorf("RESP%d INFO nosuch = %q", proto, got)
		}
		g.FlushAll(ctx)
	}
	// RESP3 gets a verbatim string; errorstats count error replies.
	a := dialRaw(t, s.RespAddr)
	a.do("HELLO", "3")
	errCount := func() int {
		r := a.do("INFO", "errorstats")
		if !strings.HasPrefix(r, "=") || !strings.Contains(r, "txt:# Errorstats\r\n") {
			t.Fatalf("RESP3 INFO errorstats = %q", r)
		}
		m := regexp.MustCompile(`errorstat_ERR:count=(\d+)\r\n`).FindStringSubmatch(r)
		if m == nil {
			return 0
		}
		n, _ := strconv.Atoi(m[1])
		return n
	}
	before := errCount()
	a.do("NOSUCHCOMMAND")
	if after := errCount(); after != before+1 {
		t.Errorf("errorstat_ERR went from %d to %d after one error", before, after)
	}
	// INFO inside a transaction reads the keyspace without deadlocking.
	a.do("MULTI")
	a.do("SET", "x", "1")
	a.do("INFO", "keyspace", "memory", "stats")
	a.do("MEMORY", "STATS")
	if r, err := a.tryDo("EXEC"); err != nil || !strings.Contains(r, "db0:keys=1,expires=0") {
		t.Errorf("INFO in EXEC: %q, %v", r, err)
	}
}

func TestAdminConfig(t *testing.T) {
	s := startCorvid(t)
	g := newClient(t, s.RespAddr, 3)
	respPort := s.RespAddr[strings.LastIndexByte(s.RespAddr, ':')+1:]
	cfg, err := g.ConfigGet(ctx, "port").Result()
	if err != nil || cfg["port"] != respPort {
		t.Errorf("CONFIG GET port = %v, %v; want the RESP port %s", cfg, err, respPort)
	}
	if cfg, _ := g.ConfigGet(ctx, "memcached-port").Result(); cfg["memcached-port"] != strconv.Itoa(s.Port) {
		t.Errorf("CONFIG GET memcached-port = %v", cfg)
	}
	a := dialRaw(t, s.RespAddr)
	multi := a.do("CONFIG", "GET", "maxmemory", "maxmemory*", "bind", "*of")
	for _, want := range []string{"$9\r\nmaxmemory\r\n", "$17\r\nmaxmemory-samples\r\n", "$17\r\nmaxmemory-clients\r\n",
		"$4\r\nbind\r\n", "$7\r\nslaveof\r\n", "$9\r\nreplicaof\r\n"} {
		if strings.Count(multi, want) != 1 {
			t.Errorf("CONFIG GET with several patterns: %q once in\n%s", want, multi)
		}
	}
	check(t, "set several", a.do("CONFIG", "SET", "maxmemory", "10mb", "maxmemory-policy", "allkeys-lfu", "save", "3000 5"), "+OK\r\n")
	// 10mb is 10 MiB in Redis's units.
	mem, _ := g.Info(ctx, "memory").Result()
	if !strings.Contains(mem, "\r\nmaxmemory:10485760\r\n") || !strings.Contains(mem, "\r\nmaxmemory_policy:allkeys-lfu\r\n") {
		t.Errorf("CONFIG SET maxmemory not applied:\n%s", mem)
	}
	check(t, "get save", a.do("CONFIG", "GET", "save"), "*2\r\n$4\r\nsave\r\n$6\r\n3000 5\r\n")
	check(t, "rollback", a.do("CONFIG", "SET", "maxmemory", "7", "maxmemory-clients", "200%"),
		"-ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100\r\n")
	check(t, "rolled back", a.do("CONFIG", "GET", "maxmemory"), "*2\r\n$9\r\nmaxmemory\r\n$8\r\n10485760\r\n")
	check(t, "duplicate", a.do("CONFIG", "SET", "maxmemory", "1", "maxmemory", "2"),
		"-ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter\r\n")
	check(t, "immutable", a.do("CONFIG", "SET", "daemonize", "yes"),
		"-ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config\r\n")
	check(t, "unknown", a.do("CONFIG", "SET", "nosuch", "1"), "-ERR Unknown option or number of arguments for CONFIG SET - 'nosuch'\r\n")
	check(t, "odd", a.do("CONFIG", "SET", "maxmemory", "1", "hz"), "-ERR syntax error\r\n")
	check(t, "compat", a.do("CONFIG", "SET", "activerehashing", "no", "lazyfree-lazy-user-del", "yes", "list-max-ziplist-size", "-3"), "+OK\r\n")
	check(t, "compat get", a.do("CONFIG", "GET", "activerehashing"), "*2\r\n$15\r\nactiverehashing\r\n$2\r\nno\r\n")
	check(t, "hidden", a.do("CONFIG", "GET", "key-load-delay"), "*2\r\n$14\r\nkey-load-delay\r\n$1\r\n0\r\n")
	check(t, "rewrite without file", a.do("CONFIG", "REWRITE"), "-ERR The server is running without a config file\r\n")
	if r := a.do("CONFIG", "HELP"); !strings.HasPrefix(r, "*11\r\n+CONFIG <subcommand>") {
		t.Errorf("CONFIG HELP = %q", r)
	}

	// CONFIG GET * then CONFIG SET of each, as Redis's test suite does.
	all, err := g.ConfigGet(ctx, "*").Result()
	if err != nil || len(all) < 150 {
		t.Fatalf("CONFIG GET * = %d entries, %v", len(all), err)
	}
	for k, v := range all {
		if err := g.ConfigSet(ctx, k, v).Err(); err != nil {
			t.Errorf("CONFIG SET %s %q: %v", k, v, err)
		}
	}

	// requirepass through CONFIG SET: new connections must AUTH.
	check(t, "requirepass", a.do("CONFIG", "SET", "requirepass", "s3cret"), "+OK\r\n")
	n := dialRaw(t, s.RespAddr)
	check(t, "noauth", n.do("GET", "k"), "-NOAUTH Authentication required.\r\n")
	check(t, "auth bad", n.do("AUTH", "nope"), "-WRONGPASS invalid username-password pair or user is disabled.\r\n")
	check(t, "auth", n.do("AUTH", "s3cret"), "+OK\r\n")
	withPass := redis.NewClient(&redis.Options{Addr: s.RespAddr, Password: "s3cret", DisableIdentity: true})
	defer withPass.Close()
	if err := withPass.Ping(ctx).Err(); err != nil {
		t.Errorf("go-redis with the password: %v", err)
	}
	check(t, "requirepass off", n.do("CONFIG", "SET", "requirepass", ""), "+OK\r\n")

	// CONFIG RESETSTAT clears commandstats and errorstats.
	a.do("GET", "k")
	check(t, "resetstat", a.do("CONFIG", "RESETSTAT"), "+OK\r\n")
	if st := admBulk(t, a.do("INFO", "commandstats", "errorstats")); strings.Contains(st, "cmdstat_get") || strings.Contains(st, "errorstat_") {
		t.Errorf("after CONFIG RESETSTAT:\n%s", st)
	}

	// timeout closes idle clients (not subscribers).
	idle := dialRaw(t, s.RespAddr)
	idle.do("PING")
	sub := dialRaw(t, s.RespAddr)
	sub.do("SUBSCRIBE", "ch")
	check(t, "timeout", a.do("CONFIG", "SET", "timeout", "1"), "+OK\r\n")
	idle.c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if _, err := idle.r.ReadByte(); err == nil {
		t.Error("idle client got data instead of being closed")
	} else if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Error("idle client not closed within 5 s of timeout 1")
	}
	check(t, "subscriber kept", sub.do("PING"), "*2\r\n$4\r\npong\r\n$0\r\n\r\n")
	check(t, "timeout off", dialRaw(t, s.RespAddr).do("CONFIG", "SET", "timeout", "0"), "+OK\r\n")
}

func TestAdminConfigRewrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "corvid.conf")
	if err := os.WriteFile(path, []byte("# test config\nmaxmemory-samples 3\nhash-max-ziplist-entries 20\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startCorvid(t, "--config", path)
	a := dialRaw(t, s.RespAddr)
	check(t, "set", a.do("CONFIG", "SET", "maxmemory-samples", "7", "hash-max-listpack-entries", "100", "lfu-log-factor", "12"), "+OK\r\n")
	check(t, "rewrite", a.do("CONFIG", "REWRITE"), "+OK\r\n")
	data, _ := os.ReadFile(path)
	for _, want := range []string{"# test config\nmaxmemory-samples 7\nhash-max-listpack-entries 100\n",
		"# Generated by CONFIG REWRITE\n", "\nlfu-log-factor 12\n"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("rewritten config lacks %q:\n%s", want, data)
		}
	}
	if info := admBulk(t, a.do("INFO", "server")); !strings.Contains(info, "\r\nconfig_file:"+path+"\r\n") {
		t.Errorf("INFO config_file:\n%s", info)
	}
}

func TestAdminCommand(t *testing.T) {
	s := startCorvid(t)
	a := dialRaw(t, s.RespAddr)
	count, err := strconv.Atoi(strings.TrimSpace(a.do("COMMAND", "COUNT")[1:]))
	if err != nil || count < 20 {
		t.Fatalf("COMMAND COUNT = %d, %v", count, err)
	}
	for _, proto := range []int{2, 3} {
		g := newClient(t, s.RespAddr, proto)
		cmds, err := g.Command(ctx).Result()
		if err != nil {
			t.Fatalf("RESP%d go-redis Command(): %v", proto, err)
		}
		if len(cmds) != count {
			t.Errorf("RESP%d Command() has %d commands, COUNT says %d", proto, len(cmds), count)
		}
		get := cmds["get"]
		if get == nil || get.Arity != 2 || get.FirstKeyPos != 1 || get.LastKeyPos != 1 || get.StepCount != 1 ||
			!get.ReadOnly || strings.Join(get.ACLFlags, " ") != "@read @string @fast" {
			t.Errorf("RESP%d Command()[get] = %+v", proto, get)
		}
		if cfg := cmds["config"]; cfg == nil || cfg.Arity != -2 {
			t.Errorf("RESP%d Command()[config] = %+v", proto, cfg)
		}
		info, err := g.Do(ctx, "COMMAND", "INFO", "set", "client|list", "nosuch").Slice()
		if err != nil || len(info) != 3 || info[2] != nil {
			t.Errorf("RESP%d COMMAND INFO = %v, %v", proto, info, err)
		}
		keys, err := g.CommandGetKeys(ctx, "mset", "k1", "v1", "k2", "v2").Result()
		if err != nil || strings.Join(keys, " ") != "k1 k2" {
			t.Errorf("RESP%d COMMAND GETKEYS mset = %v, %v", proto, keys, err)
		}
		list, err := g.CommandList(ctx, &redis.FilterBy{Pattern: "config*"}).Result()
		if err != nil || !strings.Contains(strings.Join(list, " "), "config|get") {
			t.Errorf("RESP%d COMMAND LIST FILTERBY PATTERN config* = %v, %v", proto, list, err)
		}
		docs, err := g.Do(ctx, "COMMAND", "DOCS", "get").Result()
		if err != nil || docs == nil {
			t.Errorf("RESP%d COMMAND DOCS get = %v, %v", proto, docs, err)
		}
	}
	check(t, "getkeysandflags", a.do("COMMAND", "GETKEYSANDFLAGS", "set", "k1", "v1", "get"),
		"*1\r\n*2\r\n$2\r\nk1\r\n*3\r\n+RW\r\n+access\r\n+update\r\n")
	check(t, "getkeys nokeys", a.do("COMMAND", "GETKEYS", "ping", "x"), "-ERR The command has no key arguments\r\n")
	check(t, "getkeys unknown", a.do("COMMAND", "GETKEYS", "nosuch", "x"), "-ERR Invalid command specified\r\n")
	check(t, "getkeys arity", a.do("COMMAND", "GETKEYS", "get", "a", "b"), "-ERR Invalid number of arguments specified for command\r\n")
	check(t, "list syntax", a.do("COMMAND", "LIST", "FILTERBY", "bad", "x"), "-ERR syntax error\r\n")
	check(t, "list module", a.do("COMMAND", "LIST", "FILTERBY", "MODULE", "x"), "*0\r\n")
	if r := a.do("COMMAND", "LIST", "FILTERBY", "ACLCAT", "dangerous"); !strings.Contains(r, "$11\r\nclient|kill\r\n") || strings.Contains(r, "$3\r\nget\r\n") {
		t.Errorf("COMMAND LIST FILTERBY ACLCAT dangerous = %q", r)
	}
}

func TestAdminSlowlog(t *testing.T) {
	s := startCorvid(t)
	a := dialRaw(t, s.RespAddr)
	check(t, "threshold", a.do("CONFIG", "SET", "slowlog-log-slower-than", "0"), "+OK\r\n")
	check(t, "reset", a.do("SLOWLOG", "RESET"), "+OK\r\n")
	a.do("CLIENT", "SETNAME", "logger")
	long := strings.Repeat("x", 200)
	a.do("SET", "k", long)
	args := []string{"MSET"}
	for i := 0; i < 20; i++ {
		args = append(args, "k"+strconv.Itoa(i), "v")
	}
	a.do(args...)
	a.do("AUTH", "secret-password")
	a.do("CONFIG", "SET", "requirepass", "", "slowlog-max-len", "128")
	g := newClient(t, s.RespAddr, 2)
	entries, err := g.SlowLogGet(ctx, -1).Result()
	if err != nil {
		t.Fatal(err)
	}
	byCmd := map[string]redis.SlowLog{}
	for _, e := range entries {
		byCmd[strings.ToLower(e.Args[0])] = e
	}
	set := byCmd["set"]
	if len(set.Args) != 3 || set.Args[2] != strings.Repeat("x", 128)+"... (72 more bytes)" || set.ClientName != "logger" ||
		!strings.HasPrefix(set.ClientAddr, "127.0.0.1:") || set.Time.IsZero() {
		t.Errorf("slow log SET entry = %+v", set)
	}
	if m := byCmd["mset"]; len(m.Args) != 32 || m.Args[31] != "... (10 more arguments)" {
		t.Errorf("slow log MSET entry args = %q", m.Args)
	}
	if au := byCmd["auth"]; len(au.Args) != 2 || au.Args[1] != "(redacted)" {
		t.Errorf("slow log AUTH entry = %q", au.Args)
	}
	if cs := byCmd["config"]; len(cs.Args) != 6 || cs.Args[3] != "(redacted)" || cs.Args[5] != "128" {
		t.Errorf("slow log CONFIG SET entry = %q", cs.Args)
	}
	if n, _ := g.SlowLogLen(ctx).Result(); n < 5 {
		t.Errorf("SLOWLOG LEN = %d", n)
	}
	check(t, "get count", a.do("SLOWLOG", "GET", "-2"), "-ERR count should be greater than or equal to -1\r\n")
	check(t, "max len", a.do("CONFIG", "SET", "slowlog-max-len", "2"), "+OK\r\n")
	check(t, "len capped", a.do("SLOWLOG", "LEN"), ":2\r\n")
	check(t, "off", a.do("CONFIG", "SET", "slowlog-log-slower-than", "-1"), "+OK\r\n")
	a.do("SLOWLOG", "RESET")
	a.do("SET", "k", "v")
	check(t, "len off", a.do("SLOWLOG", "LEN"), ":0\r\n")
}

func TestAdminMonitor(t *testing.T) {
	s := startCorvid(t)
	m := dialRaw(t, s.RespAddr)
	check(t, "monitor", m.do("MONITOR"), "+OK\r\n")
	a := dialRaw(t, s.RespAddr)
	addr := regexp.QuoteMeta(a.c.LocalAddr().String())
	// Arguments are shown as sent; the database is the one after the command.
	a.do("set", "foo", "b\"a\nr")
	a.do("select", "2")
	a.do("get", "foo")
	a.do("auth", "x")
	a.do("config", "get", "maxmemory") // admin: not shown
	a.do("multi")
	a.do("set", "k", "v")
	a.do("exec")
	for _, want := range []string{`"set" "foo" "b\\"a\\nr"`, `"select" "2"`, `"get" "foo"`, `"auth" "\(redacted\)"`,
		`"multi"`, `"set" "k" "v"`, `"exec"`} {
		line, err := m.read()
		if err != nil {
			t.Fatal(err)
		}
		db := "0"
		if !strings.Contains(want, "set\" \"foo") {
			db = "2"
		}
		re := regexp.MustCompile(`^\+\d{10}\.\d{6} \[` + db + ` ` + addr + `\] ` + want + "\r\n$")
		if !re.MatchString(line) {
			t.Errorf("MONITOR line %q, want %s", line, re)
		}
	}
	if cl := admBulk(t, a.do("CLIENT", "LIST", "TYPE", "replica")); !strings.Contains(cl, " flags=O ") {
		t.Errorf("MONITOR client in CLIENT LIST TYPE replica: %q", cl)
	}
}

func TestAdminMisc(t *testing.T) {
	s := startCorvid(t)
	a := dialRaw(t, s.RespAddr)
	if r := a.do("TIME"); !regexp.MustCompile(`^\*2\r\n\$10\r\n\d{10}\r\n\$\d\r\n\d{1,6}\r\n$`).MatchString(r) {
		t.Errorf("TIME = %q", r)
	}
	start := time.Now()
	check(t, "debug sleep", a.do("DEBUG", "SLEEP", "0.1"), "+OK\r\n")
	if time.Since(start) < 90*time.Millisecond {
		t.Error("DEBUG SLEEP 0.1 did not sleep")
	}
	for _, sub := range [][]string{{"SET-ACTIVE-EXPIRE", "1"}, {"QUICKLIST-PACKED-THRESHOLD", "100"}, {"LOG", "hello"}, {"CHANGE-REPL-ID"}} {
		check(t, "debug "+sub[0], a.do(append([]string{"DEBUG"}, sub...)...), "+OK\r\n")
	}
	check(t, "debug populate", a.do("DEBUG", "POPULATE", "10", "key", "5"), "+OK\r\n")
	check(t, "populated", a.do("GET", "key:3"), "$5\r\nvalue\r\n")
	check(t, "debug object missing", a.do("DEBUG", "OBJECT", "nokey"), "-ERR no such key\r\n")
	a.do("SET", "n", "12345")
	if r := a.do("DEBUG", "OBJECT", "n"); !strings.HasPrefix(r, "+Value at:") || !strings.Contains(r, " encoding:int ") {
		t.Errorf("DEBUG OBJECT = %q", r)
	}
	if r := a.do("MEMORY", "USAGE", "n"); !regexp.MustCompile(`^:\d+\r\n$`).MatchString(r) || r == ":0\r\n" {
		t.Errorf("MEMORY USAGE = %q", r)
	}
	check(t, "memory usage missing", a.do("MEMORY", "USAGE", "nokey"), "$-1\r\n")
	check(t, "memory usage samples", a.do("MEMORY", "USAGE", "n", "SAMPLES", "5")[:1], ":")
	if r := a.do("MEMORY", "DOCTOR"); !strings.HasPrefix(r, "$") {
		t.Errorf("MEMORY DOCTOR = %q", r)
	}
	check(t, "wait", a.do("WAIT", "0", "0"), ":0\r\n")
	check(t, "function flush", a.do("FUNCTION", "FLUSH"), "+OK\r\n")
	check(t, "function flush async", a.do("FUNCTION", "FLUSH", "ASYNC"), "+OK\r\n")
	check(t, "function list", a.do("FUNCTION", "LIST"), "*0\r\n")
	check(t, "role", a.do("ROLE"), "*3\r\n$6\r\nmaster\r\n:0\r\n*0\r\n")
	if r := a.do("LASTSAVE"); !regexp.MustCompile(`^:\d{10}\r\n$`).MatchString(r) {
		t.Errorf("LASTSAVE = %q", r)
	}
	if r := a.do("SAVE"); !strings.HasPrefix(r, "-ERR ") {
		t.Errorf("SAVE = %q", r)
	}
	if r := a.do("BGSAVE"); !strings.HasPrefix(r, "-ERR ") {
		t.Errorf("BGSAVE = %q", r)
	}
	// LATENCY: a slow command above the threshold is an event.
	check(t, "latency threshold", a.do("CONFIG", "SET", "latency-monitor-threshold", "10"), "+OK\r\n")
	a.do("DEBUG", "SLEEP", "0.02")
	if r := a.do("LATENCY", "LATEST"); !regexp.MustCompile(`^\*1\r\n\*4\r\n\$7\r\ncommand\r\n:\d{10}\r\n:\d+\r\n:\d+\r\n$`).MatchString(r) {
		t.Errorf("LATENCY LATEST = %q", r)
	}
	if r := a.do("LATENCY", "HISTORY", "command"); !regexp.MustCompile(`^\*1\r\n\*2\r\n:\d{10}\r\n:\d+\r\n$`).MatchString(r) {
		t.Errorf("LATENCY HISTORY = %q", r)
	}
	check(t, "latency reset", a.do("LATENCY", "RESET"), ":1\r\n")
	check(t, "latency latest empty", a.do("LATENCY", "LATEST"), "*0\r\n")
	if r := a.do("LATENCY", "HISTOGRAM", "set"); !strings.HasPrefix(r, "*2\r\n$3\r\nset\r\n*4\r\n$5\r\ncalls\r\n:") {
		t.Errorf("LATENCY HISTOGRAM set = %q", r)
	}
	if r := a.do("LATENCY", "DOCTOR"); !strings.HasPrefix(r, "$") {
		t.Errorf("LATENCY DOCTOR = %q", r)
	}
}

func TestAdminShutdown(t *testing.T) {
	s := startCorvid(t)
	s.ExpectExit()
	a := dialRaw(t, s.RespAddr)
	check(t, "shutdown abort", a.do("SHUTDOWN", "ABORT"), "-ERR No shutdown in progress.\r\n")
	if _, err := a.tryDo("SHUTDOWN", "NOSAVE"); err == nil {
		t.Error("SHUTDOWN answered")
	}
	if code, ok := s.Wait(10 * time.Second); !ok || code != 0 {
		t.Errorf("after SHUTDOWN: exited %v, code %d", ok, code)
	}
}

// TestAdminDifferential compares, byte for byte, replies that do not
// depend on the server's state with redis-server 7.0.15's.
func TestAdminDifferential(t *testing.T) {
	ref := startRedis(t)
	s := startCorvid(t)
	cmds := [][]string{
		{"COMMAND", "INFO", "get"}, {"COMMAND", "INFO", "set", "config|get", "get|key", "config|get|key"},
		{"COMMAND", "DOCS", "get"}, {"COMMAND", "DOCS", "set"}, {"COMMAND", "DOCS", "nosuch"},
		{"COMMAND", "GETKEYSANDFLAGS", "set", "k1", "v1"}, {"COMMAND", "GETKEYS", "get", "key"},
		{"COMMAND", "GETKEYS", "memory", "usage", "key"}, {"COMMAND", "GETKEYS", "ping"},
		{"COMMAND", "LIST", "FILTERBY", "bad", "x"}, {"COMMAND", "LIST", "bad"}, {"COMMAND", "COUNT", "x"}, {"COMMAND", "foo"},
		{"COMMAND", "HELP"}, {"CONFIG"}, {"CONFIG", "foo"}, {"CONFIG", "GET"}, {"CONFIG", "SET", "a"},
		{"CONFIG", "SET", "maxmemory-clients", "200%"}, {"CONFIG", "SET", "maxmemory", "abc"},
		{"CONFIG", "SET", "activerehashing", "maybe"}, {"CONFIG", "SET", "repl-diskless-load", "x"},
		{"CONFIG", "GET", "maxmemory-clients"}, {"CONFIG", "GET", "key-load-delay"}, {"CONFIG", "HELP"},
		{"CLIENT", "foo"}, {"CLIENT", "KILL"}, {"CLIENT", "KILL", "id", "10", "wrong_arg"}, {"CLIENT", "KILL", "id", "str"},
		{"CLIENT", "KILL", "type", "wrong_type"}, {"CLIENT", "KILL", "user", "wrong_user"}, {"CLIENT", "KILL", "skipme", "x"},
		{"CLIENT", "KILL", "1.2.3.4:5"}, {"CLIENT", "LIST", "type", "foo"}, {"CLIENT", "LIST", "id", "abc"}, {"CLIENT", "LIST", "foo"},
		{"CLIENT", "REPLY", "foo"}, {"CLIENT", "PAUSE", "abc"}, {"CLIENT", "PAUSE", "-1"}, {"CLIENT", "PAUSE", "10", "foo"},
		{"CLIENT", "NO-EVICT", "foo"}, {"CLIENT", "GETNAME"}, {"CLIENT", "SETNAME", "a b"},
		{"SLOWLOG", "foo"}, {"SLOWLOG", "GET", "-2"}, {"SLOWLOG", "GET", "a"}, {"SLOWLOG", "HELP"},
		{"LATENCY", "HELP"}, {"LATENCY", "LATEST"}, {"LATENCY", "HISTORY", "command"}, {"LATENCY", "GRAPH", "command"},
		{"MEMORY", "HELP"}, {"MEMORY", "USAGE", "nokey"}, {"MEMORY", "USAGE"},
		{"FUNCTION", "FLUSH"}, {"FUNCTION", "FLUSH", "x"}, {"FUNCTION", "LIST"},
		{"WAIT", "0", "0"}, {"WAIT", "a", "0"}, {"WAIT", "0", "-1"}, {"TIME", "x"}, {"LASTSAVE", "x"}, {"ROLE"},
		{"INFO", "nosuch"}, {"SHUTDOWN", "ABORT"}, {"MONITOR", "x"},
	}
	for _, proto := range []string{"2", "3"} {
		ra, rb := dialRaw(t, ref), dialRaw(t, s.RespAddr)
		ra.do("HELLO", proto)
		rb.do("HELLO", proto)
		for _, cmd := range cmds {
			if want, got := ra.do(cmd...), rb.do(cmd...); got != want {
				t.Errorf("RESP%s %q:\n corvid %q\n redis  %q", proto, cmd, got, want)
			}
		}
	}
}

// TestAdminRedisCLI drives the commands through redis-cli.
func TestAdminRedisCLI(t *testing.T) {
	cli, err := exec.LookPath("redis-cli")
	if err != nil {
		t.Skip("redis-cli not installed")
	}
	s := startCorvid(t)
	host, port, _ := net.SplitHostPort(s.RespAddr)
	run := func(args ...string) string {
		out, err := exec.Command(cli, append([]string{"-h", host, "-p", port}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("redis-cli %q: %v\n%s", args, err, out)
		}
		return string(out)
	}
	check(t, "config get", run("CONFIG", "GET", "maxmemory-policy"), "maxmemory-policy\nallkeys-lru\n")
	check(t, "config set", run("CONFIG", "SET", "hz", "20"), "OK\n")
	check(t, "config get hz", run("CONFIG", "GET", "hz"), "hz\n20\n")
	if out := run("CLIENT", "LIST"); !admClientLine.MatchString(strings.TrimSpace(out)) {
		t.Errorf("redis-cli CLIENT LIST = %q", out)
	}
	if out := run("INFO", "server"); !strings.Contains(out, "redis_version:7.0.15") {
		t.Errorf("redis-cli INFO server = %q", out)
	}
	if out := run("--no-raw", "COMMAND", "INFO", "get"); !strings.Contains(out, `"get"`) || !strings.Contains(out, "(integer) 2") {
		t.Errorf("redis-cli COMMAND INFO get = %q", out)
	}
	if out := run("SLOWLOG", "LEN"); !regexp.MustCompile(`^\d+\n$`).MatchString(out) {
		t.Errorf("redis-cli SLOWLOG LEN = %q", out)
	}
}

// TestInstantaneousMetrics: INFO stats reports a non-zero
// instantaneous_ops_per_sec and input/output rates while commands flow,
// sampled every 100 ms as Redis does.
func TestInstantaneousMetrics(t *testing.T) {
	s := startCorvid(t)
	c := newClient(t, s.RespAddr, 2)
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		pipe := c.Pipeline()
		for i := 0; i < 200; i++ {
			pipe.Set(ctx, "k", "v", 0)
		}
		if _, err := pipe.Exec(ctx); err != nil {
			t.Fatal(err)
		}
		info := c.Info(ctx, "stats").Val()
		if !strings.Contains(info, "instantaneous_ops_per_sec:0\r\n") &&
			!strings.Contains(info, "instantaneous_input_kbps:0.00\r\n") &&
			!strings.Contains(info, "instantaneous_output_kbps:0.00\r\n") {
			return
		}
	}
	t.Fatalf("instantaneous_* stayed 0 under load:\n%s", c.Info(ctx, "stats").Val())
}
