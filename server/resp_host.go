package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/redisext"
	"github.com/corvidcache/corvid/slab"
)

// redisHost implements redisext.Host for a Server.
type redisHost struct{ s *Server }

var _ redisext.Host = redisHost{}

// Now implements redisext.Host.
func (h redisHost) Now() int64 { return h.s.clock.Now() }

// RequirePass implements redisext.Host.
func (h redisHost) RequirePass() string { return h.s.requirePass() }

// Shutdown implements redisext.Host.
func (h redisHost) Shutdown() { h.s.Stop() }

// ResetStats implements redisext.Host.
func (h redisHost) ResetStats() {
	h.s.stats.reset()
	h.s.redis.Stats.Reset()
}

// ConfigGet implements redisext.Host: the RESP view of the parameters
// (config_redis.go), where "port" is the RESP port.
func (h redisHost) ConfigGet(pattern string) [][2]string {
	h.s.settingsMu.Lock()
	defer h.s.settingsMu.Unlock()
	return h.s.cfg.RESPGet(pattern, func(pattern, name string) bool {
		return redisext.Match([]byte(pattern), []byte(name), true)
	})
}

// ConfigSet implements redisext.Host: all pairs are applied to a copy of
// the configuration and validated (Config.RESPSet), then the fields that
// changed are copied into the live configuration and applied to the
// running server.
func (h redisHost) ConfigSet(pairs [][2]string) error {
	s := h.s
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	next, err := s.cfg.RESPSet(pairs)
	if err != nil {
		return err
	}
	ChangedFields(s.cfg, next)
	s.applyConfig()
	return nil
}

// applyConfig pushes run-time settable parameters into the running server.
// settingsMu held.
func (s *Server) applyConfig() {
	c := s.cfg
	limit := c.MaxMemory
	if limit <= 0 {
		limit = int64(slab.MaxPages) * slab.PageSize
	}
	s.eng.SetMemoryLimit(limit)
	if p, err := enginePolicy(c.MaxmemoryPolicy); err == nil {
		s.eng.SetPolicy(p)
	}
	s.eng.SetSamples(c.MaxmemorySamples)
	s.eng.SetLFU(c.LFULogFactor, c.LFUDecayTime)
	s.flushOK = c.FlushEnabled
	s.verbosity.Store(int32(c.Verbose))
	s.redis.Notify.Configure(c.NotifyKeyspaceEvents)
	redisext.SetEncodingLimits(redisext.EncodingLimits{
		HashEntries: c.HashMaxListpackEntries, HashValue: c.HashMaxListpackValue,
		SetIntset:   c.SetMaxIntsetEntries,
		ZSetEntries: c.ZSetMaxListpackEntries, ZSetValue: c.ZSetMaxListpackValue,
		MaxValue: c.ProtoMaxBulkLen,
	})
	s.redis.Admin.Configure(redisext.AdminConfig{
		SlowlogSlowerThan: c.SlowlogLogSlowerThan,
		SlowlogMaxLen:     c.SlowlogMaxLen,
		LatencyThreshold:  c.LatencyMonitorThreshold,
		LatencyTracking:   c.LatencyTracking,
		Percentiles:       c.LatencyTrackingInfoPercentiles,
		Timeout:           c.Timeout,
	})
}

// ConfigRewrite implements redisext.Host: the running configuration goes
// back into the --config file (Config.Rewrite).
func (h redisHost) ConfigRewrite() error {
	h.s.settingsMu.Lock()
	defer h.s.settingsMu.Unlock()
	if h.s.cfg.ConfigFile == "" {
		//lint:ignore ST1005 Redis's own wording, sent to clients as is
		return fmt.Errorf("The server is running without a config file")
	}
	if err := h.s.cfg.Rewrite(h.s.cfg.ConfigFile); err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		//lint:ignore ST1005 Redis's own wording, sent to clients as is
		return fmt.Errorf("Rewriting config file: %v", err)
	}
	return nil
}

// Clients implements redisext.Host.
func (h redisHost) Clients(fn func(c *redisext.Client)) {
	var list []*redisext.Client
	h.s.conns.each(func(cs *conn) {
		if cs.rc != nil {
			list = append(list, cs.rc.ctx.Client)
		}
	})
	for _, c := range list {
		fn(c)
	}
}

// KillClient implements redisext.Host.
func (h redisHost) KillClient(id uint64) bool {
	found := false
	h.s.conns.each(func(cs *conn) {
		if cs.id == id && cs.gc != nil {
			found = true
			_ = cs.gc.Close()
		}
	})
	return found
}

// InfoSection implements redisext.Host.
func (h redisHost) InfoSection(dst []byte, section string) ([]byte, bool) {
	return h.InfoSectionHeld(dst, section, nil)
}

// InfoSectionHeld is InfoSection for a caller that may hold an engine
// batch (INFO inside MULTI/EXEC): the engine figures are read without
// locking the stripes b holds again.
func (h redisHost) InfoSectionHeld(dst []byte, section string, b *engine.Batch) ([]byte, bool) {
	s := h.s
	line := func(name string, v any) { dst = fmt.Appendf(dst, "%s:%v\r\n", name, v) }
	now := s.clock.Now()
	s.settingsMu.Lock()
	cfg := *s.cfg
	s.settingsMu.Unlock()
	switch section {
	case "server":
		uptime := now/1000 - s.clock.start
		line("redis_version", cfg.RedisVersion)
		line("redis_git_sha1", "00000000")
		line("redis_git_dirty", 0)
		line("redis_build_id", "corvid")
		line("redis_mode", "standalone")
		line("os", osName())
		line("arch_bits", strconv.IntSize)
		line("monotonic_clock", "POSIX clock_gettime")
		line("multiplexing_api", "epoll")
		line("atomicvar_api", "c11-builtin")
		line("gcc_version", "0.0.0")
		line("process_id", os.Getpid())
		line("process_supervised", "no")
		line("run_id", s.runID)
		line("tcp_port", cfg.RespPort)
		line("server_time_usec", time.Now().UnixMicro())
		line("uptime_in_seconds", uptime)
		line("uptime_in_days", uptime/86400)
		line("hz", cfg.Hz)
		line("configured_hz", cfg.Hz)
		line("lru_clock", (now/1000)&((1<<24)-1))
		exe, _ := os.Executable()
		line("executable", exe)
		cf := cfg.ConfigFile
		if cf != "" {
			if abs, err := filepath.Abs(cf); err == nil {
				cf = abs
			}
		}
		line("config_file", cf)
		line("io_threads_active", 0)
		line("corvid_version", Version)
	case "clients":
		n := 0
		s.conns.each(func(cs *conn) {
			if cs.rc != nil {
				n++
			}
		})
		line("connected_clients", n)
		line("cluster_connections", 0)
		line("maxclients", cfg.MaxConns)
		line("client_recent_max_input_buffer", 0)
		line("client_recent_max_output_buffer", 0)
		line("blocked_clients", s.redis.Admin.HeldClients()+s.redis.Blocked.Blocked())
		line("tracking_clients", 0)
		line("clients_in_timeout_table", 0)
	case "memory":
		st := s.eng.StatsHeld(b)
		used := st.Pages*slab.PageSize + st.IndexBytes
		peak := s.redis.Admin.NotePeak(used)
		rss := rssBytes()
		startup := int64(0)
		overhead := st.IndexBytes
		dataset := used - overhead
		sysmem := totalSystemMemory()
		line("used_memory", used)
		line("used_memory_human", bytesToHuman(used))
		line("used_memory_rss", rss)
		line("used_memory_rss_human", bytesToHuman(rss))
		line("used_memory_peak", peak)
		line("used_memory_peak_human", bytesToHuman(peak))
		line("used_memory_peak_perc", fmt.Sprintf("%.2f%%", percent(used, peak)))
		line("used_memory_overhead", overhead)
		line("used_memory_startup", startup)
		line("used_memory_dataset", dataset)
		line("used_memory_dataset_perc", fmt.Sprintf("%.2f%%", percent(dataset, used-startup)))
		line("allocator_allocated", used)
		line("allocator_active", used)
		line("allocator_resident", rss)
		line("total_system_memory", sysmem)
		line("total_system_memory_human", bytesToHuman(sysmem))
		line("used_memory_lua", 0)
		line("used_memory_vm_eval", 0)
		line("used_memory_lua_human", "0B")
		line("used_memory_scripts_eval", 0)
		line("number_of_cached_scripts", 0)
		line("number_of_functions", 0)
		line("number_of_libraries", 0)
		line("used_memory_vm_functions", 0)
		line("used_memory_vm_total", 0)
		line("used_memory_vm_total_human", "0B")
		line("used_memory_functions", 0)
		line("used_memory_scripts", 0)
		line("used_memory_scripts_human", "0B")
		line("maxmemory", cfg.MaxMemory)
		line("maxmemory_human", bytesToHuman(cfg.MaxMemory))
		line("maxmemory_policy", cfg.MaxmemoryPolicy)
		line("allocator_frag_ratio", "1.00")
		line("allocator_frag_bytes", 0)
		line("allocator_rss_ratio", fmt.Sprintf("%.2f", ratio(rss, used)))
		line("allocator_rss_bytes", rss-used)
		line("rss_overhead_ratio", "1.00")
		line("rss_overhead_bytes", 0)
		line("mem_fragmentation_ratio", fmt.Sprintf("%.2f", ratio(rss, used)))
		line("mem_fragmentation_bytes", rss-used)
		line("mem_not_counted_for_evict", 0)
		line("mem_replication_backlog", 0)
		line("mem_total_replication_buffers", 0)
		line("mem_clients_slaves", 0)
		line("mem_clients_normal", 0)
		line("mem_cluster_links", 0)
		line("mem_aof_buffer", 0)
		line("mem_allocator", "corvid-slab")
		line("active_defrag_running", 0)
		line("lazyfree_pending_objects", 0)
		line("lazyfreed_objects", 0)
	case "stats":
		c := s.stats.sum()
		ops, inKbps, outKbps := s.instant.values()
		line("total_connections_received", s.totalConn.Load())
		line("total_commands_processed", c[stRespCommands])
		line("instantaneous_ops_per_sec", ops)
		line("total_net_input_bytes", c[stBytesRead])
		line("total_net_output_bytes", c[stBytesWritten])
		line("total_net_repl_input_bytes", 0)
		line("total_net_repl_output_bytes", 0)
		line("instantaneous_input_kbps", fmt.Sprintf("%.2f", inKbps))
		line("instantaneous_output_kbps", fmt.Sprintf("%.2f", outKbps))
		line("instantaneous_input_repl_kbps", "0.00")
		line("instantaneous_output_repl_kbps", "0.00")
		line("rejected_connections", s.rejected.Load())
		line("sync_full", 0)
		line("sync_partial_ok", 0)
		line("sync_partial_err", 0)
		st := s.eng.StatsHeld(b)
		line("expired_keys", st.Reclaimed)
		line("expired_stale_perc", "0.00")
		line("expired_time_cap_reached_count", 0)
		line("expire_cycle_cpu_milliseconds", 0)
		line("evicted_keys", st.Evictions)
		line("evicted_clients", 0)
		line("total_eviction_exceeded_time", 0)
		line("current_eviction_exceeded_time", 0)
		line("keyspace_hits", s.redis.Stats.Hits.Load())
		line("keyspace_misses", s.redis.Stats.Misses.Load())
		line("pubsub_channels", s.redis.PubSub.NumChannels())
		line("pubsub_patterns", s.redis.PubSub.NumPat())
		line("pubsubshard_channels", 0)
		line("latest_fork_usec", 0)
		line("total_forks", 0)
		line("migrate_cached_sockets", 0)
		line("slave_expires_tracked_keys", 0)
		line("active_defrag_hits", 0)
		line("active_defrag_misses", 0)
		line("active_defrag_key_hits", 0)
		line("active_defrag_key_misses", 0)
		line("total_active_defrag_time", 0)
		line("current_active_defrag_time", 0)
		line("tracking_total_keys", 0)
		line("tracking_total_items", 0)
		line("tracking_total_prefixes", 0)
		line("unexpected_error_replies", 0)
		var errs uint64
		for _, n := range s.redis.Stats.Errors() {
			errs += n
		}
		line("total_error_replies", errs)
		line("dump_payload_sanitizations", 0)
		line("total_reads_processed", 0)
		line("total_writes_processed", 0)
		line("io_threaded_reads_processed", 0)
		line("io_threaded_writes_processed", 0)
		line("reply_buffer_shrinks", 0)
		line("reply_buffer_expands", 0)
	case "persistence":
		line("loading", 0)
		line("async_loading", 0)
		line("current_cow_peak", 0)
		line("current_cow_size", 0)
		line("current_cow_size_age", 0)
		line("current_fork_perc", "0.00")
		line("current_save_keys_processed", 0)
		line("current_save_keys_total", 0)
		line("rdb_changes_since_last_save", 0)
		line("rdb_bgsave_in_progress", 0)
		line("rdb_last_save_time", s.redis.Admin.LastSave())
		line("rdb_last_bgsave_status", "ok")
		line("rdb_last_bgsave_time_sec", -1)
		line("rdb_current_bgsave_time_sec", -1)
		line("rdb_saves", 0)
		line("rdb_last_cow_size", 0)
		line("rdb_last_load_keys_expired", 0)
		line("rdb_last_load_keys_loaded", 0)
		line("aof_enabled", 0)
		line("aof_rewrite_in_progress", 0)
		line("aof_rewrite_scheduled", 0)
		line("aof_last_rewrite_time_sec", -1)
		line("aof_current_rewrite_time_sec", -1)
		line("aof_last_bgrewrite_status", "ok")
		line("aof_rewrites", 0)
		line("aof_rewrites_consecutive_failures", 0)
		line("aof_last_write_status", "ok")
		line("aof_last_cow_size", 0)
		line("module_fork_in_progress", 0)
		line("module_fork_last_cow_size", 0)
	case "replication":
		line("role", "master")
		line("connected_slaves", 0)
		line("master_failover_state", "no-failover")
		line("master_replid", s.runID)
		line("master_replid2", "0000000000000000000000000000000000000000")
		line("master_repl_offset", 0)
		line("second_repl_offset", -1)
		line("repl_backlog_active", 0)
		line("repl_backlog_size", 1048576)
		line("repl_backlog_first_byte_offset", 0)
		line("repl_backlog_histlen", 0)
	case "cpu":
		var ru syscall.Rusage
		_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
		line("used_cpu_sys", fmt.Sprintf("%d.%06d", ru.Stime.Sec, ru.Stime.Usec))
		line("used_cpu_user", fmt.Sprintf("%d.%06d", ru.Utime.Sec, ru.Utime.Usec))
		line("used_cpu_sys_children", "0.000000")
		line("used_cpu_user_children", "0.000000")
		line("used_cpu_sys_main_thread", fmt.Sprintf("%d.%06d", ru.Stime.Sec, ru.Stime.Usec))
		line("used_cpu_user_main_thread", fmt.Sprintf("%d.%06d", ru.Utime.Sec, ru.Utime.Usec))
	case "modules":
	case "keyspace":
		keys, expires, avgTTL := s.eng.KeyspaceHeld(b)
		for db, n := range keys {
			if n > 0 {
				dst = fmt.Appendf(dst, "db%d:keys=%d,expires=%d,avg_ttl=%d\r\n", db, n, expires[db], avgTTL[db])
			}
		}
	default:
		return dst, false
	}
	return dst, true
}

// osName is INFO's os field: "Linux 6.1.0 x86_64".
func osName() string {
	var u syscall.Utsname
	if err := syscall.Uname(&u); err != nil {
		return runtime.GOOS + " " + runtime.GOARCH
	}
	str := func(b [65]int8) string {
		out := make([]byte, 0, len(b))
		for _, c := range b {
			if c == 0 {
				break
			}
			out = append(out, byte(c))
		}
		return string(out)
	}
	return str(u.Sysname) + " " + str(u.Release) + " " + str(u.Machine)
}

// rssBytes is the process's resident set size.
func rssBytes() int64 {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0
	}
	n, _ := strconv.ParseInt(f[1], 10, 64)
	return n * int64(os.Getpagesize())
}

// totalSystemMemory is the machine's memory (/proc/meminfo MemTotal).
func totalSystemMemory() int64 {
	data, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(l, "MemTotal:") {
			f := strings.Fields(l)
			if len(f) >= 2 {
				n, _ := strconv.ParseInt(f[1], 10, 64)
				return n << 10
			}
		}
	}
	return 0
}

// bytesToHuman formats n as Redis's bytesToHuman: 1023B, 1.00K, 2.50M...
func bytesToHuman(n int64) string {
	d := float64(n)
	switch {
	case n < 1024:
		return strconv.FormatInt(n, 10) + "B"
	case n < 1<<20:
		return fmt.Sprintf("%.2fK", d/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.2fM", d/(1<<20))
	case n < 1<<40:
		return fmt.Sprintf("%.2fG", d/(1<<30))
	case n < 1<<50:
		return fmt.Sprintf("%.2fT", d/(1<<40))
	}
	return fmt.Sprintf("%.2fP", d/(1<<50))
}

func percent(a, b int64) float64 {
	if b <= 0 {
		return 0
	}
	return 100 * float64(a) / float64(b)
}

func ratio(a, b int64) float64 {
	if b <= 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// ---- RESP connections: what the administration commands need ----

// Wake makes the connection read again (CLIENT UNPAUSE).
func (rc *respConn) Wake() {
	if gc := rc.cs.gc; gc != nil {
		_ = gc.Wake(nil)
	}
}

// respTick runs on the server's ticker: once a second it closes RESP
// clients idle longer than the timeout parameter (except subscribers and
// MONITOR clients, as Redis's clientsCronHandleTimeout).
func (s *Server) respTick() {
	limit := s.redis.Admin.IdleTimeout()
	if limit <= 0 {
		return
	}
	now := s.clock.Now()
	if now/1000 == s.redis.Admin.LastIdleCheck(now/1000) {
		return
	}
	var idle []*conn
	s.conns.each(func(cs *conn) {
		if cs.rc == nil {
			return
		}
		cl := cs.rc.ctx.Client
		if cl.Subscribed() || s.redis.Admin.IsMonitor(cl) {
			return
		}
		if (now-cl.LastActive.Load())/1000 > limit {
			idle = append(idle, cs)
		}
	})
	for _, cs := range idle {
		if gc := cs.gc; gc != nil {
			_ = gc.Close()
		}
	}
}

// newRunID returns a random 40-hex-digit run id.
func newRunID() string {
	var b strings.Builder
	f, err := os.Open("/dev/urandom")
	if err == nil {
		var buf [20]byte
		_, _ = f.Read(buf[:])
		f.Close()
		for _, x := range buf {
			b.WriteString(strconv.FormatInt(int64(x>>4), 16))
			b.WriteString(strconv.FormatInt(int64(x&15), 16))
		}
		return b.String()
	}
	return strings.Repeat("0", 40)
}
