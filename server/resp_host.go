package server

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"

	"github.com/corvidcache/corvid/redisext"
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

// ConfigGet implements redisext.Host.
func (h redisHost) ConfigGet(pattern string) [][2]string {
	h.s.settingsMu.Lock()
	defer h.s.settingsMu.Unlock()
	var out [][2]string
	seen := map[string]bool{}
	for _, name := range h.s.cfg.Names() {
		if seen[name] || !redisext.Match([]byte(pattern), []byte(name), true) {
			continue
		}
		if v, ok := h.s.cfg.Get(name); ok {
			seen[name] = true
			out = append(out, [2]string{name, v})
		}
	}
	return out
}

// ConfigSet implements redisext.Host: all pairs are applied to a copy of
// the configuration, validated, then swapped in and applied to the running
// server.
func (h redisHost) ConfigSet(pairs [][2]string) error {
	s := h.s
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	next := s.cfg.Clone()
	for _, p := range pairs {
		param := LookupParam(p[0])
		if param == nil {
			return fmt.Errorf("Unknown option or number of arguments for CONFIG SET - '%s'", p[0])
		}
		if param.Flags&Mutable == 0 {
			return fmt.Errorf("CONFIG SET failed (possibly related to argument '%s') - can't set immutable config", p[0])
		}
		if err := next.Set(p[0], p[1]); err != nil {
			return fmt.Errorf("CONFIG SET failed (possibly related to argument '%s') - %v", p[0], err)
		}
	}
	if _, err := next.Validate(); err != nil {
		return fmt.Errorf("CONFIG SET failed - %v", err)
	}
	*s.cfg = *next
	s.applyConfig()
	return nil
}

// applyConfig pushes run-time settable parameters into the running server.
// settingsMu held.
func (s *Server) applyConfig() {
	c := s.cfg
	if c.MaxMemory > 0 {
		s.eng.SetMemoryLimit(c.MaxMemory)
	}
	if p, err := enginePolicy(c.MaxmemoryPolicy); err == nil {
		s.eng.SetPolicy(p)
	}
	s.eng.SetSamples(c.MaxmemorySamples)
	s.eng.SetLFU(c.LFULogFactor, c.LFUDecayTime)
	s.flushOK = c.FlushEnabled
	s.verbosity.Store(int32(c.Verbose))
	s.redis.Notify.Configure(c.NotifyKeyspaceEvents)
}

// ConfigRewrite implements redisext.Host.
func (h redisHost) ConfigRewrite() error {
	if h.s.cfg.ConfigFile == "" {
		return fmt.Errorf("The server is running without a config file")
	}
	return fmt.Errorf("CONFIG REWRITE is not supported yet")
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
	s := h.s
	line := func(name string, v any) { dst = fmt.Appendf(dst, "%s:%v\r\n", name, v) }
	now := s.clock.Now()
	switch section {
	case "server":
		uptime := now/1000 - s.clock.start
		line("redis_version", s.cfg.RedisVersion)
		line("redis_git_sha1", "00000000")
		line("redis_git_dirty", 0)
		line("redis_build_id", "corvid")
		line("redis_mode", "standalone")
		line("os", runtime.GOOS+" "+runtime.GOARCH)
		line("arch_bits", 64)
		line("monotonic_clock", "POSIX clock_gettime")
		line("multiplexing_api", "epoll")
		line("atomicvar_api", "c11-builtin")
		line("gcc_version", "0.0.0")
		line("process_id", os.Getpid())
		line("process_supervised", "no")
		line("run_id", s.runID)
		line("tcp_port", s.cfg.RespPort)
		line("server_time_usec", now*1000)
		line("uptime_in_seconds", uptime)
		line("uptime_in_days", uptime/86400)
		line("hz", s.cfg.Hz)
		line("configured_hz", s.cfg.Hz)
		line("lru_clock", (now/1000)&((1<<24)-1))
		exe, _ := os.Executable()
		line("executable", exe)
		line("config_file", s.cfg.ConfigFile)
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
		line("maxclients", s.cfg.MaxConns)
		line("client_recent_max_input_buffer", 0)
		line("client_recent_max_output_buffer", 0)
		line("blocked_clients", 0)
		line("tracking_clients", 0)
		line("clients_in_timeout_table", 0)
	case "stats":
		c := s.stats.sum()
		line("total_connections_received", s.totalConn.Load())
		line("total_commands_processed", c[stRespCommands])
		line("instantaneous_ops_per_sec", 0)
		line("total_net_input_bytes", c[stBytesRead])
		line("total_net_output_bytes", c[stBytesWritten])
		line("instantaneous_input_kbps", "0.00")
		line("instantaneous_output_kbps", "0.00")
		line("rejected_connections", s.rejected.Load())
		line("sync_full", 0)
		line("sync_partial_ok", 0)
		line("sync_partial_err", 0)
		st := s.eng.Stats()
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
		line("pubsub_channels", 0)
		line("pubsub_patterns", 0)
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
		line("rdb_last_save_time", s.clock.start)
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
	default:
		return dst, false
	}
	return dst, true
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
