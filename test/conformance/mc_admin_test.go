package conformance

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/corvidcache/corvid/test/harness"
)

// TestVersionVerbosityQuit covers version, verbosity and quit.
func TestVersionVerbosityQuit(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"version\r\n", "VERSION 1.6.45\r\n"},
		{"verbosity 1\r\n", "OK\r\n"},
		{"verbosity 0 noreply\r\nmn\r\n", "MN\r\n"},
		{"verbosity\r\n", "CLIENT_ERROR bad command line format\r\n"},
	})
	if v := statsOf(t, c, "settings")["verbosity"]; v != "0" {
		t.Errorf("stats settings verbosity = %q after verbosity 0", v)
	}
	// Replies to what came before quit are sent, nothing after it.
	c.Send("set k 0 0 1\r\na\r\nget k\r\nquit\r\nget k\r\n")
	c.ExpectEOF("STORED\r\n" + valueReply("k", 0, "a"))

	other, _ := startCorvid(t, "--memcached-version", "1.6.99")
	other.Dial(t).Expect("version\r\n", "VERSION 1.6.99\r\n")
	// The server still serves after a client quit.
	srv.Dial(t).Expect("get k\r\n", valueReply("k", 0, "a"))
}

// TestShutdownCommand: without -A shutdown is refused; with -A the
// server answers what came before, closes, and exits with status 0.
func TestShutdownCommand(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	runSteps(t, srv.Dial(t), []step{
		{"shutdown\r\n", "SERVER_ERROR: shutdown not enabled\r\n"},
		{"shutdown graceful\r\n", "SERVER_ERROR: shutdown not enabled\r\n"},
		{"version\r\n", "VERSION 1.6.45\r\n"},
	})
	for _, cmd := range []string{"shutdown", "shutdown graceful"} {
		srv, _ := startCorvid(t, "-A")
		c := srv.Dial(t)
		c.Expect("shutdown foo\r\n", "CLIENT_ERROR invalid shutdown mode\r\n")
		srv.ExpectExit()
		c.Send("set k 0 0 1\r\na\r\n" + cmd + "\r\nget k\r\n")
		c.ExpectEOF("STORED\r\n")
		code, ok := srv.Wait(10 * time.Second)
		if !ok || code != 0 {
			t.Fatalf("%s: exit status %d (exited: %v)", cmd, code, ok)
		}
		if err := harness.WaitPort("tcp", srv.Addr, 50*time.Millisecond); err == nil {
			t.Fatalf("%s: port still accepting", cmd)
		}
	}
}

// TestCacheMemlimit changes the memory limit at run time.
func TestCacheMemlimit(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "-m", "64")
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"cache_memlimit 100\r\n", "OK\r\n"},
		{"cache_memlimit 7\r\n", "MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m\r\n"},
		{"cache_memlimit 8 noreply\r\nmn\r\n", "MN\r\n"},
		{"cache_memlimit\r\n", "ERROR\r\n"},
		{"cache_memlimit x\r\n", "ERROR\r\n"},
		{"cache_memlimit 128\r\n", "OK\r\n"},
	})
	if v := statsOf(t, c, "settings")["maxbytes"]; v != strconv.Itoa(128<<20) {
		t.Errorf("stats settings maxbytes = %s, want %d", v, 128<<20)
	}
	if v := statsOf(t, c, "")["limit_maxbytes"]; v != strconv.Itoa(128<<20) {
		t.Errorf("limit_maxbytes = %s, want %d", v, 128<<20)
	}
}

// statsNames145 lists what memcached 1.6.45's "stats" prints in a default
// build (no extstore, TLS or proxy), in order; Corvid prints these first.
var statsNames145 = strings.Fields(`pid uptime time version libevent pointer_size rusage_user rusage_system
	max_connections curr_connections total_connections rejected_connections connection_structures
	response_obj_oom response_obj_count response_obj_bytes read_buf_count read_buf_bytes read_buf_bytes_free
	read_buf_oom reserved_fds cmd_get cmd_set cmd_flush cmd_touch cmd_meta get_hits get_misses get_expired
	get_flushed delete_misses delete_hits incr_misses incr_hits decr_misses decr_hits cas_misses cas_hits
	cas_badval touch_hits touch_misses store_too_large store_no_memory auth_cmds auth_errors idle_kicks
	bytes_read bytes_written limit_maxbytes accepting_conns listen_disabled_num time_in_listen_disabled_us
	threads conn_yields hash_power_level hash_bytes hash_is_expanding slab_reassign_rescues
	slab_reassign_chunk_rescues slab_reassign_inline_reclaim slab_reassign_busy_items
	slab_reassign_busy_deletes slab_reassign_busy_nomem slab_reassign_last_busy_status
	slab_reassign_running slabs_moved lru_crawler_running lru_crawler_starts lru_maintainer_juggles
	malloc_fails log_worker_dropped log_worker_written log_watcher_skipped log_watcher_sent log_watchers
	unexpected_napi_ids round_robin_fallback bytes curr_items total_items slab_global_page_pool
	expired_unfetched evicted_unfetched evicted_active evictions reclaimed crawler_reclaimed
	crawler_items_checked lrutail_reflocked moves_to_cold moves_to_warm moves_within_lru direct_reclaims
	lru_bumps_dropped`)

// TestStatsGeneral checks "stats": memcached's names, and values that
// follow the process and its flags.
func TestStatsGeneral(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "-m", "32", "-c", "77", "-t", "3")
	c := srv.Dial(t)
	st := statsOf(t, c, "")
	var missing []string
	for _, name := range statsNames145 {
		if _, ok := st[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Logf("stats lacks %v", missing)
	}
	checks := map[string]string{
		"pid":             strconv.Itoa(srv.PID()),
		"version":         "1.6.45",
		"pointer_size":    "64",
		"limit_maxbytes":  strconv.Itoa(32 << 20),
		"max_connections": "77",
		"threads":         "3",
		"curr_items":      "0",
		"accepting_conns": "1",
	}
	for k, want := range checks {
		if st[k] != want {
			t.Errorf("stats %s = %q, want %q", k, st[k], want)
		}
	}
	if now := time.Now().Unix(); absDiff(statInt(t, st, "time"), now) > 2 {
		t.Errorf("stats time = %s, now %d", st["time"], now)
	}
	if statInt(t, st, "uptime") < 0 || statInt(t, st, "uptime") > 60 {
		t.Errorf("uptime = %s", st["uptime"])
	}
	c2 := srv.Dial(t)
	c2.Expect("version\r\n", "VERSION 1.6.45\r\n")
	if n := statInt(t, statsOf(t, c, ""), "curr_connections"); n < 2 {
		t.Errorf("curr_connections = %d with two clients", n)
	}
}

// TestStatsNames: every name memcached 1.6.45 prints is there.
func TestStatsNames(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	st := statsOf(t, srv.Dial(t), "")
	for _, name := range statsNames145 {
		if _, ok := st[name]; !ok {
			t.Errorf("stats lacks %s", name)
		}
	}
}

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

// TestStatsSettings: "stats settings" reflects the flags.
func TestStatsSettings(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "-m", "16", "-c", "99", "-I", "2m", "-C", "-F", "-A", "-R", "7",
		"-o", "idle_timeout=33", "-X")
	st := statsOf(t, srv.Dial(t), "settings")
	want := map[string]string{
		"maxbytes":         strconv.Itoa(16 << 20),
		"maxconns":         "99",
		"tcpport":          strconv.Itoa(srv.Port),
		"udpport":          "0",
		"inter":            "127.0.0.1",
		"evictions":        "on",
		"cas_enabled":      "no",
		"flush_enabled":    "no",
		"shutdown_command": "yes",
		"item_size_max":    strconv.Itoa(2 << 20),
		"reqs_per_event":   "7",
		"idle_timeout":     "33",
		"dump_enabled":     "no",
		"growth_factor":    "1.25",
		"chunk_size":       "48",
		"binding_protocol": "auto-negotiate",
	}
	for k, v := range want {
		if st[k] != v {
			t.Errorf("stats settings %s = %q, want %q", k, st[k], v)
		}
	}
	st = statsOf(t, harness.StartCorvid(t, "-M").Dial(t), "settings")
	if st["evictions"] != "off" || st["cas_enabled"] != "yes" || st["flush_enabled"] != "yes" {
		t.Errorf("-M: evictions %q cas_enabled %q flush_enabled %q", st["evictions"], st["cas_enabled"], st["flush_enabled"])
	}
}

// TestStatsItemsSlabs: per-class stats add up to the items stored.
func TestStatsItemsSlabs(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	var b strings.Builder
	sizes := []int{1, 10, 100, 1000, 10000, 100000}
	for i := 0; i < 60; i++ {
		b.WriteString(setCmd("k"+strconv.Itoa(i), 0, 0, value(sizes[i%len(sizes)], byte(i))))
	}
	c.Send(b.String())
	c.Expect("", strings.Repeat("STORED\r\n", 60))
	items := statsOf(t, c, "items")
	slabs := statsOf(t, c, "slabs")
	var number, used int64
	classes := map[string]bool{}
	for k := range items {
		if f := strings.Split(k, ":"); len(f) == 3 && f[2] == "number" {
			number += statInt(t, items, k)
			classes[f[1]] = true
		}
	}
	for k := range slabs {
		if f := strings.Split(k, ":"); len(f) == 2 && f[1] == "used_chunks" {
			used += statInt(t, slabs, k)
		}
	}
	if number != 60 || used != 60 {
		t.Errorf("items numbers add up to %d, used_chunks to %d; want 60", number, used)
	}
	if len(classes) < len(sizes)-1 {
		t.Errorf("%d item sizes landed in %d classes", len(sizes), len(classes))
	}
	if n := statInt(t, slabs, "active_slabs"); n != int64(len(classes)) {
		t.Errorf("active_slabs = %d, classes with items %d", n, len(classes))
	}
	if statInt(t, slabs, "total_malloced") < 1<<20 {
		t.Errorf("total_malloced = %s", slabs["total_malloced"])
	}
	st := statsOf(t, c, "")
	if statInt(t, st, "curr_items") != 60 || statInt(t, st, "total_items") != 60 {
		t.Errorf("curr_items %s total_items %s", st["curr_items"], st["total_items"])
	}
	var bytes int64
	for _, s := range sizes {
		bytes += int64(s) * 10
	}
	if got := statInt(t, st, "bytes"); got < bytes {
		t.Errorf("bytes = %d, values alone are %d", got, bytes)
	}
}

// TestStatsMisc covers stats sizes, conns, reset, detail, and an unknown
// group (against the reference where both agree).
func TestStatsMisc(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"stats sizes\r\n", "STAT sizes_status disabled\r\nEND\r\n"},
		{"stats reset\r\n", "RESET\r\n"},
		{"stats nosuchgroup\r\n", "ERROR\r\n"},
		{"stats detail\r\n", "CLIENT_ERROR usage: stats detail on|off|dump\r\n"},
		{"stats detail on\r\nset p:1 0 0 1\r\nx\r\nget p:1 p:2\r\ndelete p:1\r\nstats detail dump\r\n",
			"OK\r\nSTORED\r\nVALUE p:1 0 1\r\nx\r\nEND\r\nDELETED\r\nPREFIX p get 2 hit 1 set 1 del 1\r\nEND\r\n"},
		{"stats detail off\r\nget p:1\r\nstats detail dump\r\n", "OK\r\nEND\r\nPREFIX p get 2 hit 1 set 1 del 1\r\nEND\r\n"},
		{"stats cachedump\r\n", "CLIENT_ERROR bad command line\r\n"},
		{"stats cachedump x y\r\n", "CLIENT_ERROR bad command line format\r\n"},
	})
	c := srv.Dial(t)
	conns := statsOf(t, c, "conns")
	local := c.LocalAddr().String()
	found := false
	for k, v := range conns {
		if strings.HasSuffix(k, ":addr") && v == "tcp:"+local {
			found = true
			fd := strings.TrimSuffix(k, ":addr")
			if conns[fd+":listen_addr"] != "tcp:"+srv.Addr {
				t.Errorf("stats conns %s:listen_addr = %q", fd, conns[fd+":listen_addr"])
			}
			if conns[fd+":state"] == "" || conns[fd+":secs_since_last_cmd"] == "" {
				t.Errorf("stats conns %s: %v", fd, conns)
			}
		}
	}
	if !found {
		t.Errorf("stats conns does not list this connection (%s): %v", local, conns)
	}
	// stats reset zeroes the counters.
	c.Expect("get nope\r\nset a 0 0 1\r\na\r\n", "END\r\nSTORED\r\n")
	c.Expect("stats reset\r\n", "RESET\r\n")
	st := statsOf(t, c, "")
	for _, k := range []string{"cmd_get", "cmd_set", "get_misses", "get_hits"} {
		if st[k] != "0" {
			t.Errorf("after stats reset %s = %s", k, st[k])
		}
	}
	if st["curr_items"] != "1" {
		t.Errorf("stats reset changed curr_items to %s", st["curr_items"])
	}
}

// TestStatsResetTotals: stats reset also zeroes the totals memcached keeps
// in its global stats (total_items, total_connections) and the item
// counters (reclaimed, expired_unfetched, evictions).
func TestStatsResetTotals(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "--debug-time")
	c := srv.Dial(t)
	c.Expect("set a 0 1 1\r\na\r\ndebugtime 2\r\nset a 0 0 1\r\nb\r\n", "STORED\r\nOK\r\nSTORED\r\n")
	srv.Dial(t).Expect("version\r\n", "VERSION 1.6.45\r\n")
	c.Expect("stats reset\r\n", "RESET\r\n")
	st := statsOf(t, c, "")
	for _, k := range []string{"total_items", "total_connections", "reclaimed", "expired_unfetched", "evictions"} {
		if st[k] != "0" {
			t.Errorf("after stats reset %s = %s, want 0", k, st[k])
		}
	}
}

// TestStatsCachedump: ITEM lines for a class; -X turns it off.
func TestStatsCachedump(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	c.Expect("set a 0 0 1\r\nx\r\nset b 0 100 3\r\nxyz\r\n", "STORED\r\nSTORED\r\n")
	class := ""
	for k, v := range statsOf(t, c, "items") {
		if strings.HasSuffix(k, ":number") && v == "2" {
			class = strings.Split(k, ":")[1]
		}
	}
	if class == "" {
		t.Fatal("no class with both items")
	}
	dump := c.Call("stats cachedump " + class + " 0\r\n")
	dump += c.ReadUntil("END\r\n")
	if !strings.Contains(dump, "ITEM a [1 b; ") || !strings.Contains(dump, "ITEM b [3 b; ") {
		t.Errorf("cachedump: %q", dump)
	}
	c.Send("stats cachedump " + class + " 1\r\n")
	if d := c.ReadUntil("END\r\n"); strings.Count(d, "ITEM ") != 1 {
		t.Errorf("cachedump limit 1: %q", d)
	}
	c.Expect("stats cachedump 200 1\r\n", "CLIENT_ERROR Illegal slab id\r\n")
	noDump, _ := startCorvid(t, "-X")
	runSteps(t, noDump.Dial(t), []step{
		{"stats cachedump 1 1\r\n", "CLIENT_ERROR stats cachedump not allowed\r\n"},
		{"lru_crawler metadump all\r\n", "ERROR metadump not allowed\r\n"},
		{"lru_crawler mgdump all\r\n", "ERROR key dump not allowed\r\n"},
		{"stats detail dump\r\n", "CLIENT_ERROR stats detail not allowed\r\n"},
	})
}

// TestStatsInPipeline: "stats" counts the commands sent before it in the
// same write, as memcached does (its counters are updated as each command
// runs).
func TestStatsInPipeline(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	c.Send("set a 0 0 1\r\na\r\nget a\r\nget nope\r\nstats\r\n")
	c.Expect("", "STORED\r\n", valueReply("a", 0, "a"), "END\r\n")
	st := map[string]string{}
	for line := c.ReadLine(); line != "END\r\n"; line = c.ReadLine() {
		f := strings.Fields(line)
		st[f[1]] = f[2]
	}
	if st["cmd_get"] != "2" || st["get_hits"] != "1" || st["get_misses"] != "1" || st["cmd_set"] != "1" {
		t.Fatalf("stats in the same write as set/get/get: cmd_get %s get_hits %s get_misses %s cmd_set %s; want 2 1 1 1",
			st["cmd_get"], st["get_hits"], st["get_misses"], st["cmd_set"])
	}
}

// TestSlabsCommands covers slabs reassign and slabs automove (against the
// reference: both answer alike).
func TestSlabsCommands(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"slabs reassign 1 1\r\n", "SAME src and dst class are identical\r\n"},
		{"slabs reassign 99 1\r\n", "BADCLASS invalid src or dst class id\r\n"},
		{"slabs reassign 1 99\r\n", "BADCLASS invalid src or dst class id\r\n"},
		{"slabs reassign 1 2\r\n", "NOSPARE source class has no spare pages\r\n"},
		{"slabs reassign x 2\r\n", "CLIENT_ERROR bad command line format\r\n"},
		{"slabs automove 0\r\n", "OK\r\n"},
		{"slabs automove 1\r\n", "OK\r\n"},
		{"slabs automove 2\r\n", "OK\r\n"},
		{"slabs automove 3\r\n", "ERROR\r\n"},
		{"slabs automove x\r\n", "CLIENT_ERROR bad command line format\r\n"},
		{"slabs\r\n", "ERROR\r\n"},
		{"slabs foo\r\n", "ERROR\r\n"},
	})
	c := srv.Dial(t)
	if v := statsOf(t, c, "settings")["slab_automove"]; v != "2" {
		t.Errorf("slab_automove = %s after slabs automove 2", v)
	}
	// A class with two pages gives one to another.
	big := value(400000, 1)
	for i := 0; i < 6; i++ {
		c.Expect(setCmd("p"+strconv.Itoa(i), 0, 0, big), "STORED\r\n")
	}
	slabs := statsOf(t, c, "slabs")
	src := ""
	for k, v := range slabs {
		if strings.HasSuffix(k, ":total_pages") && v != "0" && v != "1" {
			src = strings.Split(k, ":")[0]
		}
	}
	if src == "" {
		t.Fatalf("no class with 2 pages: %v", slabs)
	}
	if line := c.Call("slabs reassign " + src + " 1\r\n"); line != "OK\r\n" && line != "BUSY currently processing reassign request\r\n" {
		t.Errorf("slabs reassign %s 1: %q", src, line)
	}
	noReassign, _ := startCorvid(t, "-o", "no_slab_reassign")
	noReassign.Dial(t).Expect("slabs reassign 1 2\r\n", "CLIENT_ERROR slab reassignment disabled\r\n")
}

// TestLruCrawler covers lru_crawler crawl, tocrawl, sleep, enable/disable
// and metadump (against the reference for the plain replies).
func TestLruCrawler(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"lru_crawler crawl all\r\n", "OK\r\n"},
		{"lru_crawler tocrawl 5\r\n", "OK\r\n"},
		{"lru_crawler tocrawl x\r\n", "CLIENT_ERROR bad command line format\r\n"},
		{"lru_crawler sleep 10\r\n", "OK\r\n"},
		{"lru_crawler sleep 2000000\r\n", "CLIENT_ERROR sleep must be one second or less\r\n"},
		{"lru_crawler metadump 99\r\n", "BADCLASS invalid class id\r\n"},
		{"lru_crawler\r\n", "ERROR\r\n"},
		{"lru_crawler foo\r\n", "ERROR\r\n"},
		{"lru mode flat\r\n", "OK\r\n"},
		{"lru mode segmented\r\n", "OK\r\n"},
		{"lru tune 10 10 0.1 2\r\n", "OK\r\n"},
		{"lru temp_ttl 10\r\n", "OK\r\n"},
		{"lru foo\r\n", "ERROR\r\n"},
	})
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"set a%b 0 0 1\r\nx\r\nset k 5 100 3\r\nabc\r\nget k\r\n", "STORED\r\nSTORED\r\n" + valueReply("k", 5, "abc")},
		{"ms AAEC 1 b\r\nz\r\n", "HD\r\n"},
	})
	c.Send("lru_crawler metadump all\r\n")
	dump := c.ReadUntil("END\r\n")
	lines := strings.Split(strings.TrimSuffix(dump, "END\r\n"), "\n")
	found := 0
	for _, l := range lines {
		switch {
		case strings.HasPrefix(l, "key=a%25b exp=-1 la="):
			found++
			if !strings.Contains(l, " fetch=no cls=") || !strings.HasSuffix(l, " flags=0 ") {
				t.Errorf("metadump line %q", l)
			}
		case strings.HasPrefix(l, "key=k exp="):
			found++
			if !strings.Contains(l, " fetch=yes ") || !strings.HasSuffix(l, " flags=5 ") {
				t.Errorf("metadump line %q", l)
			}
		}
	}
	if found != 2 {
		t.Errorf("metadump: %q", dump)
	}
	c.Expect("lru_crawler disable\r\n", "OK\r\n")
	c.Expect("lru_crawler crawl all\r\n", "CLIENT_ERROR lru crawler disabled\r\n")
	c.Expect("lru_crawler enable\r\n", "OK\r\n")
	st := statsOf(t, c, "settings")
	if st["lru_crawler_sleep"] != "10" || st["lru_crawler_tocrawl"] != "5" {
		t.Errorf("lru_crawler_sleep %s tocrawl %s", st["lru_crawler_sleep"], st["lru_crawler_tocrawl"])
	}
}

// TestLruCrawlerMgdump: mgdump lists "mg <key>" lines (base64 with b for
// binary keys) after OK and before EN, as memcached 1.6.45's crawler
// writes them (crawler_mgdump_init puts "OK\r\n" first).
func TestLruCrawlerMgdump(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	c.Expect("set plain 0 0 1\r\nx\r\nms AAEC 1 b\r\nz\r\n", "STORED\r\nHD\r\n")
	c.Send("lru_crawler mgdump all\r\n")
	got := c.ReadUntil("EN\r\n")
	if !strings.HasPrefix(got, "OK\r\n") || !strings.Contains(got, "mg plain\r\n") || !strings.Contains(got, "mg AAEC b\r\n") {
		t.Fatalf("mgdump: %q", got)
	}
}

// TestWatchRefused: Corvid has no log stream; watch answers as memcached
// started with -W (a documented deviation).
func TestWatchRefused(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	runSteps(t, srv.Dial(t), []step{
		{"watch\r\n", "CLIENT_ERROR watch commands not allowed\r\n"},
		{"version\r\n", "VERSION 1.6.45\r\n"},
	})
}

// TestSignals: SIGHUP is ignored, SIGTERM stops with status 0.
func TestSignals(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	if err := srv.Signal(syscall.SIGHUP); err != nil {
		t.Fatal(err)
	}
	srv.Dial(t).Expect("version\r\n", "VERSION 1.6.45\r\n")
	if srv.Exited() {
		t.Fatal("exited on SIGHUP")
	}
	srv.ExpectExit()
	if err := srv.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if code, ok := srv.Wait(10 * time.Second); !ok || code != 0 {
		t.Fatalf("SIGINT: exit status %d (exited: %v)", code, ok)
	}
}

// TestStatsCachedumpClassRange: memcached refuses only ids of 64 and more
// (MAX_NUMBER_OF_SLAB_CLASSES); a class that is not in use, or 0, dumps
// nothing.
func TestStatsCachedumpClassRange(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"stats cachedump 0 1\r\n", "END\r\n"},
		{"stats cachedump 63 1\r\n", "END\r\n"},
		{"stats cachedump 64 1\r\n", "CLIENT_ERROR Illegal slab id\r\n"},
	})
}
