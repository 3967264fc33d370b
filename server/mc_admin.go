package server

import (
	"bytes"
	"fmt"
	"net/url"
	"os"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/memcache"
	"github.com/corvidcache/corvid/slab"
)

// subcmd reports whether arg is a prefix of word, memcached's
// strncmp(arg, word, len(arg)) test for subcommands.
func subcmd(arg []byte, word string) bool {
	return len(arg) > 0 && len(arg) <= len(word) && string(arg) == word[:len(arg)]
}

func (cs *conn) reply(r *memcache.Request, s string) {
	if !r.Noreply {
		cs.out = append(cs.out, s...)
	}
}

// mcFlushAll serves flush_all: everything stored through the memcached port
// (database 0) is removed now, or at the time given (relative seconds up to
// 30 days, else a Unix time). A later flush_all replaces a pending one.
//
//	flush_all [delay] [noreply]
func mcFlushAll(s *Server, cs *conn, r *memcache.Request) mcAction {
	cs.ctr[stCmdFlush]++
	if !s.flushOK {
		cs.reply(r, "CLIENT_ERROR flush_all not allowed\r\n")
		return mcContinue
	}
	now := s.clock.Now()
	at := int64(0)
	if r.Exptime > 0 {
		at = mcExpire(r.Exptime, now)
	}
	if at > now {
		s.flushAt.Store(at) // replaces a pending one; run by checkPendingFlush
	} else {
		s.flushAt.Store(0)
		s.eng.FlushLazy(0)
	}
	cs.reply(r, memcache.ReplyOK)
	return mcContinue
}

// checkPendingFlush runs a delayed flush_all whose time (by the server
// clock, which debugtime moves) has come. It is called before every batch
// of memcached commands and by the ticker.
func (s *Server) checkPendingFlush() {
	at := s.flushAt.Load()
	if at == 0 || s.clock.Now() < at {
		return
	}
	if s.flushAt.CompareAndSwap(at, 0) {
		s.eng.FlushLazy(0)
	}
}

// mcVersion serves version.
func mcVersion(s *Server, cs *conn, r *memcache.Request) mcAction {
	cs.out = append(cs.out, "VERSION "...)
	cs.out = append(cs.out, s.cfg.MemcachedVersion...)
	cs.out = append(cs.out, "\r\n"...)
	return mcContinue
}

// mcVerbosity serves verbosity.
//
//	verbosity <level> [noreply]
func mcVerbosity(s *Server, cs *conn, r *memcache.Request) mcAction {
	lvl := r.Num
	if lvl > 2 {
		lvl = 2
	}
	s.verbosity.Store(int32(lvl))
	cs.reply(r, memcache.ReplyOK)
	return mcContinue
}

// mcQuit closes the connection.
func mcQuit(s *Server, cs *conn, r *memcache.Request) mcAction { return mcClose }

// mcShutdown stops the server when -A allows it.
//
//	shutdown [graceful]
func mcShutdown(s *Server, cs *conn, r *memcache.Request) mcAction {
	if !s.cfg.ShutdownEnabled {
		cs.out = append(cs.out, "SERVER_ERROR: shutdown not enabled\r\n"...)
		return mcContinue
	}
	switch a := r.Args; {
	case len(a) == 0, len(a) == 1 && string(a[0]) == "graceful":
		s.Stop()
		return mcClose
	default:
		cs.out = append(cs.out, "CLIENT_ERROR invalid shutdown mode\r\n"...)
		return mcContinue
	}
}

// mcCacheMemlimit changes the memory limit.
//
//	cache_memlimit <megabytes> [noreply]
func mcCacheMemlimit(s *Server, cs *conn, r *memcache.Request) mcAction {
	mb := r.Num
	switch {
	case mb < 8:
		cs.reply(r, "MEMLIMIT_TOO_SMALL cannot set maxbytes to less than 8m\r\n")
	case mb > 1000000000:
		cs.reply(r, "MEMLIMIT_ADJUST_FAILED input value is megabytes not bytes\r\n")
	default:
		s.eng.SetMemoryLimit(mb << 20)
		cs.reply(r, memcache.ReplyOK)
	}
	return mcContinue
}

// mcDebugTime is the test hook memcached's debug builds have: it moves the
// server clock. Enabled by --debug-time.
//
//	debugtime <seconds>|p|r
func mcDebugTime(s *Server, cs *conn, r *memcache.Request) mcAction {
	if !s.cfg.DebugTime || len(r.Args) == 0 {
		cs.out = append(cs.out, memcache.ReplyError...)
		return mcContinue
	}
	switch string(r.Args[0]) {
	case "p":
		s.clock.Pause()
	case "r":
		s.clock.Resume()
	default:
		n, err := strconv.ParseInt(string(r.Args[0]), 10, 64)
		if err != nil {
			cs.out = append(cs.out, memcache.ReplyError...)
			return mcContinue
		}
		s.clock.Advance(n)
	}
	cs.out = append(cs.out, memcache.ReplyOK...)
	return mcContinue
}

// mcWatch: Corvid has no log stream to watch yet; it answers as memcached
// does with watch disabled (-W).
func mcWatch(s *Server, cs *conn, r *memcache.Request) mcAction {
	cs.out = append(cs.out, "CLIENT_ERROR watch commands not allowed\r\n"...)
	return mcContinue
}

// mcLru serves lru tune|mode|temp_ttl. Corvid's LRU is one list per class
// with a second chance for read items (no hot/warm/cold segments); the
// settings are kept so stats settings reports them.
//
//	lru tune <hot%> <warm%> <hot_factor> <warm_factor>
//	lru mode flat|segmented
//	lru temp_ttl <ttl>
func mcLru(s *Server, cs *conn, r *memcache.Request) mcAction {
	a := r.Args
	if len(a) == 0 {
		cs.out = append(cs.out, memcache.ReplyError...)
		return mcContinue
	}
	switch {
	case subcmd(a[0], "tune") && len(a) >= 5:
		hot, e1 := strconv.ParseUint(string(a[1]), 10, 32)
		warm, e2 := strconv.ParseUint(string(a[2]), 10, 32)
		hf, e3 := strconv.ParseFloat(string(a[3]), 64)
		wf, e4 := strconv.ParseFloat(string(a[4]), 64)
		switch {
		case e1 != nil || e2 != nil || e3 != nil || e4 != nil:
			cs.out = append(cs.out, memcache.ReplyError...)
		case hot+warm > 80:
			cs.out = append(cs.out, "ERROR hot and warm pcts must not exceed 80\r\n"...)
		case hf <= 0 || wf <= 0:
			cs.out = append(cs.out, "ERROR hot/warm age factors must be greater than 0\r\n"...)
		default:
			s.settingsMu.Lock()
			s.cfg.HotLRUPct, s.cfg.WarmLRUPct = int(hot), int(warm)
			s.cfg.HotMaxFactor, s.cfg.WarmMaxFactor = hf, wf
			s.settingsMu.Unlock()
			cs.out = append(cs.out, memcache.ReplyOK...)
		}
	case subcmd(a[0], "mode") && len(a) >= 2:
		switch string(a[1]) {
		case "flat", "segmented":
			cs.out = append(cs.out, memcache.ReplyOK...)
		default:
			cs.out = append(cs.out, memcache.ReplyError...)
		}
	case subcmd(a[0], "temp_ttl") && len(a) >= 2:
		ttl, err := strconv.ParseInt(string(a[1]), 10, 32)
		if err != nil {
			cs.out = append(cs.out, memcache.ReplyError...)
			break
		}
		s.settingsMu.Lock()
		s.cfg.TempLRU = ttl >= 0
		if ttl >= 0 {
			s.cfg.TemporaryTTL = int(ttl)
		}
		s.settingsMu.Unlock()
		cs.out = append(cs.out, memcache.ReplyOK...)
	default:
		cs.out = append(cs.out, memcache.ReplyError...)
	}
	return mcContinue
}

// mcSlabs serves slabs reassign and slabs automove.
//
//	slabs reassign <src> <dst>
//	slabs automove <0|1|2>
func mcSlabs(s *Server, cs *conn, r *memcache.Request) mcAction {
	a := r.Args
	switch {
	case len(a) == 3 && subcmd(a[0], "reassign"):
		if !s.cfg.SlabReassign {
			cs.out = append(cs.out, "CLIENT_ERROR slab reassignment disabled\r\n"...)
			break
		}
		src, e1 := strconv.ParseInt(string(a[1]), 10, 32)
		dst, e2 := strconv.ParseInt(string(a[2]), 10, 32)
		if e1 != nil || e2 != nil {
			cs.out = append(cs.out, memcache.ReplyBadFormat...)
			break
		}
		cs.out = append(cs.out, s.slabsReassign(int(src), int(dst))...)
	case len(a) >= 2 && subcmd(a[0], "automove"):
		cs.out = append(cs.out, s.slabsAutomove(a[1:])...)
	default:
		cs.out = append(cs.out, memcache.ReplyError...)
	}
	return mcContinue
}

// slabsAutomove serves slabs automove <0|1|2> and its ratio, freeratio and
// window settings, with memcached's replies.
func (s *Server) slabsAutomove(a [][]byte) string {
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	switch {
	case subcmd(a[0], "ratio"), subcmd(a[0], "freeratio"):
		if len(a) < 2 {
			return memcache.ReplyError
		}
		f, err := strconv.ParseFloat(string(a[1]), 64)
		if err != nil {
			return memcache.ReplyError
		}
		if subcmd(a[0], "ratio") {
			s.cfg.SlabAutomoveRatio = f
		}
	case subcmd(a[0], "window"):
		if len(a) < 2 {
			return memcache.ReplyBadFormat
		}
		w, ok := memcache.ParseUint32(a[1])
		if !ok {
			return memcache.ReplyBadFormat
		}
		if w < 3 || w > 1800 {
			return "CLIENT_ERROR automove window too low or too high\r\n"
		}
		s.cfg.SlabAutomoveWindow = int(w)
	default:
		lvl, ok := memcache.ParseUint32(a[0])
		if !ok {
			return memcache.ReplyBadFormat
		}
		if lvl > 2 {
			return memcache.ReplyError
		}
		s.cfg.SlabAutomove = int(lvl)
	}
	return memcache.ReplyOK
}

// slabsReassign moves one page from class src (-1: any) to class dst.
func (s *Server) slabsReassign(src, dst int) string {
	a := s.eng.Slab()
	n := a.NumClasses()
	if src == dst {
		return "SAME src and dst class are identical\r\n"
	}
	if dst < 1 || dst > n || src < -1 || src == 0 || src > n {
		return "BADCLASS invalid src or dst class id\r\n"
	}
	if src == -1 {
		best := 0
		for id := 1; id <= n; id++ {
			if id != dst && a.Stats(id).Pages > best {
				best, src = a.Stats(id).Pages, id
			}
		}
		if src == -1 {
			return "NOSPARE source class has no spare pages\r\n"
		}
	}
	if a.Stats(src).Pages < 2 {
		return "NOSPARE source class has no spare pages\r\n"
	}
	if !a.MovePage(a.Class(src), a.Class(dst), -1) {
		return "BUSY currently processing reassign request\r\n"
	}
	return memcache.ReplyOK
}

// mcLruCrawler serves lru_crawler. Corvid's expiry sweep runs all the time
// (the crawler is always "enabled"); crawl asks for an immediate full sweep;
// metadump and mgdump list the items.
//
//	lru_crawler enable|disable|crawl <classes|all>|metadump <classes|all|hash>|mgdump ...|sleep <us>|tocrawl <n>
func mcLruCrawler(s *Server, cs *conn, r *memcache.Request) mcAction {
	a := r.Args
	if len(a) == 0 {
		cs.out = append(cs.out, memcache.ReplyError...)
		return mcContinue
	}
	switch {
	case len(a) == 2 && subcmd(a[0], "crawl"):
		if !s.cfg.LRUCrawler {
			cs.out = append(cs.out, "CLIENT_ERROR lru crawler disabled\r\n"...)
			break
		}
		if _, ok := parseClassList(a[1], s.eng.Slab().NumClasses()); !ok {
			cs.out = append(cs.out, "BADCLASS invalid class id\r\n"...)
			break
		}
		go s.eng.SweepExpired(1 << 40)
		cs.out = append(cs.out, memcache.ReplyOK...)
	case len(a) == 2 && (subcmd(a[0], "metadump") || subcmd(a[0], "mgdump")):
		if !s.cfg.LRUCrawler {
			cs.out = append(cs.out, "CLIENT_ERROR lru crawler disabled\r\n"...)
			break
		}
		mg := subcmd(a[0], "mgdump")
		if !s.cfg.DumpEnabled {
			if mg {
				cs.out = append(cs.out, "ERROR key dump not allowed\r\n"...)
			} else {
				cs.out = append(cs.out, "ERROR metadump not allowed\r\n"...)
			}
			break
		}
		classes, ok := parseClassList(a[1], s.eng.Slab().NumClasses())
		if !ok {
			cs.out = append(cs.out, "BADCLASS invalid class id\r\n"...)
			break
		}
		s.mcDump(cs, classes, mg)
	case len(a) == 2 && subcmd(a[0], "tocrawl"):
		n, err := strconv.ParseUint(string(a[1]), 10, 32)
		if err != nil {
			cs.out = append(cs.out, memcache.ReplyBadFormat...)
			break
		}
		s.settingsMu.Lock()
		s.cfg.LRUCrawlerTocrawl = uint32(n)
		s.settingsMu.Unlock()
		cs.out = append(cs.out, memcache.ReplyOK...)
	case len(a) == 2 && subcmd(a[0], "sleep"):
		n, err := strconv.ParseUint(string(a[1]), 10, 32)
		if err != nil {
			cs.out = append(cs.out, memcache.ReplyBadFormat...)
			break
		}
		if n > 1000000 {
			cs.out = append(cs.out, "CLIENT_ERROR sleep must be one second or less\r\n"...)
			break
		}
		s.settingsMu.Lock()
		s.cfg.LRUCrawlerSleep = int(n)
		s.settingsMu.Unlock()
		cs.out = append(cs.out, memcache.ReplyOK...)
	case len(a) == 1 && (subcmd(a[0], "enable") || subcmd(a[0], "disable")):
		s.settingsMu.Lock()
		s.cfg.LRUCrawler = subcmd(a[0], "enable")
		s.settingsMu.Unlock()
		cs.out = append(cs.out, memcache.ReplyOK...)
	default:
		cs.out = append(cs.out, memcache.ReplyError...)
	}
	return mcContinue
}

// parseClassList parses "all", "hash" or a comma-separated list of class
// ids; nil means all.
func parseClassList(b []byte, n int) (map[int]bool, bool) {
	if string(b) == "all" || string(b) == "hash" {
		return nil, true
	}
	m := map[int]bool{}
	for _, p := range bytes.Split(b, []byte(",")) {
		id, err := strconv.Atoi(string(p))
		if err != nil || id < 1 || id > n {
			return nil, false
		}
		m[id] = true
	}
	return m, true
}

// mcDump writes lru_crawler metadump (or mgdump) lines for every item of
// the classes, then END (EN for mgdump).
func (s *Server) mcDump(cs *conn, classes map[int]bool, mg bool) {
	start := s.clock.start
	if mg {
		cs.out = append(cs.out, "OK\r\n"...) // crawler_mgdump_init
	}
	s.eng.Each(0, func(x *engine.Item) bool {
		cls := x.Class()
		if classes != nil && !classes[cls] {
			return true
		}
		if mg {
			cs.out = append(cs.out, "mg "...)
			if x.BinaryKey() {
				cs.out = append(cs.out, encodeBase64(x.Key())...)
				cs.out = append(cs.out, " b\r\n"...)
			} else {
				cs.out = append(cs.out, x.Key()...)
				cs.out = append(cs.out, "\r\n"...)
			}
			return true
		}
		cs.out = append(cs.out, "key="...)
		cs.out = append(cs.out, url.QueryEscape(string(x.Key()))...)
		cs.out = append(cs.out, " exp="...)
		if e := x.ExpireAt(); e == 0 {
			cs.out = append(cs.out, "-1"...)
		} else {
			cs.out = strconv.AppendInt(cs.out, e/1000, 10)
		}
		cs.out = append(cs.out, " la="...)
		la := x.LastAccess()
		if la < start {
			la = start
		}
		cs.out = strconv.AppendInt(cs.out, la, 10)
		cs.out = append(cs.out, " cas="...)
		cs.out = strconv.AppendUint(cs.out, x.CAS(), 10)
		if x.Fetched() {
			cs.out = append(cs.out, " fetch=yes"...)
		} else {
			cs.out = append(cs.out, " fetch=no"...)
		}
		cs.out = append(cs.out, " cls="...)
		cs.out = strconv.AppendInt(cs.out, int64(cls), 10)
		cs.out = append(cs.out, " size="...)
		cs.out = strconv.AppendInt(cs.out, int64(mcItemSize(x)), 10)
		cs.out = append(cs.out, " flags="...)
		cs.out = strconv.AppendUint(cs.out, uint64(x.Flags()), 10)
		cs.out = append(cs.out, " \n"...)
		return true
	})
	if mg {
		cs.out = append(cs.out, "EN\r\n"...)
	} else {
		cs.out = append(cs.out, memcache.ReplyEnd...)
	}
}

// mcStats serves stats and its subcommands.
//
//	stats [settings|items|slabs|sizes|conns|reset|detail on|off|dump|cachedump <id> <n>]
func mcStats(s *Server, cs *conn, r *memcache.Request) mcAction {
	cs.flushStats() // include this connection's commands so far
	a := r.Args
	if len(a) == 0 {
		cs.out = s.appendGeneralStats(cs.out)
		cs.out = append(cs.out, memcache.ReplyEnd...)
		return mcContinue
	}
	sub := a[0]
	switch {
	case subcmd(sub, "reset"):
		cs.flushStats()
		s.stats.reset()
		s.prefixes.reset()
		cs.out = append(cs.out, memcache.ReplyReset...)
		return mcContinue
	case subcmd(sub, "detail"):
		if !s.cfg.DumpEnabled {
			cs.out = append(cs.out, "CLIENT_ERROR stats detail not allowed\r\n"...)
			return mcContinue
		}
		switch {
		case len(a) >= 2 && subcmd(a[1], "on"):
			s.prefixes.enabled.Store(true)
			cs.out = append(cs.out, memcache.ReplyOK...)
		case len(a) >= 2 && subcmd(a[1], "off"):
			s.prefixes.enabled.Store(false)
			cs.out = append(cs.out, memcache.ReplyOK...)
		case len(a) >= 2 && subcmd(a[1], "dump"):
			cs.out = s.prefixes.appendDump(cs.out)
		default:
			cs.out = append(cs.out, "CLIENT_ERROR usage: stats detail on|off|dump\r\n"...)
		}
		return mcContinue
	case subcmd(sub, "settings"):
		cs.out = s.appendSettingsStats(cs.out)
	case subcmd(sub, "cachedump"):
		if !s.cfg.DumpEnabled {
			cs.out = append(cs.out, "CLIENT_ERROR stats cachedump not allowed\r\n"...)
			return mcContinue
		}
		if len(a) < 3 {
			cs.out = append(cs.out, "CLIENT_ERROR bad command line\r\n"...)
			return mcContinue
		}
		id, e1 := strconv.ParseUint(string(a[1]), 10, 32)
		limit, e2 := strconv.ParseUint(string(a[2]), 10, 32)
		if e1 != nil || e2 != nil {
			cs.out = append(cs.out, "CLIENT_ERROR bad command line format\r\n"...)
			return mcContinue
		}
		if id >= slab.MaxClasses+1 { // memcached's MAX_NUMBER_OF_SLAB_CLASSES (64)
			cs.out = append(cs.out, "CLIENT_ERROR Illegal slab id\r\n"...)
			return mcContinue
		}
		cs.out = s.appendCachedump(cs.out, int(id), int(limit))
		return mcContinue
	case subcmd(sub, "items"):
		cs.out = s.appendItemsStats(cs.out)
	case subcmd(sub, "slabs"):
		cs.out = s.appendSlabsStats(cs.out)
	case subcmd(sub, "sizes"):
		cs.out = memcache.AppendStat(cs.out, "sizes_status", "disabled")
	case subcmd(sub, "conns"):
		cs.out = s.appendConnsStats(cs.out)
	case subcmd(sub, "extstore"):
		cs.out = append(cs.out, memcache.ReplyError...)
		return mcContinue
	default:
		// memcached answers unknown stats groups with nothing but END? No:
		// get_stats returns false and it sends "ERROR".
		cs.out = append(cs.out, memcache.ReplyError...)
		return mcContinue
	}
	cs.out = append(cs.out, memcache.ReplyEnd...)
	return mcContinue
}

func statUint(dst []byte, name string, v uint64) []byte { return memcache.AppendStatUint(dst, name, v) }
func statInt(dst []byte, name string, v int64) []byte   { return memcache.AppendStatInt(dst, name, v) }
func statStr(dst []byte, name, v string) []byte         { return memcache.AppendStat(dst, name, v) }

func boolNum(b bool) uint64 {
	if b {
		return 1
	}
	return 0
}

// appendGeneralStats writes "stats" in memcached 1.6's order and names.
func (s *Server) appendGeneralStats(dst []byte) []byte {
	c := s.stats.sum()
	st := s.stats.engineStats()
	totalConns, rejected := s.stats.connCounts()
	now := s.clock.Now()
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	dst = statInt(dst, "pid", int64(os.Getpid()))
	dst = statInt(dst, "uptime", now/1000-s.clock.start)
	dst = statInt(dst, "time", now/1000)
	dst = statStr(dst, "version", s.cfg.MemcachedVersion)
	dst = statStr(dst, "libevent", "gnet/v2")
	dst = statInt(dst, "pointer_size", 64)
	dst = statStr(dst, "rusage_user", fmt.Sprintf("%d.%06d", ru.Utime.Sec, ru.Utime.Usec))
	dst = statStr(dst, "rusage_system", fmt.Sprintf("%d.%06d", ru.Stime.Sec, ru.Stime.Usec))
	dst = statInt(dst, "max_connections", int64(s.cfg.MaxConns))
	dst = statInt(dst, "curr_connections", s.currConns.Load())
	dst = statUint(dst, "total_connections", totalConns)
	dst = statUint(dst, "rejected_connections", rejected)
	dst = statInt(dst, "connection_structures", s.currConns.Load())
	dst = statInt(dst, "response_obj_oom", 0)
	dst = statInt(dst, "response_obj_count", s.currConns.Load())
	dst = statInt(dst, "response_obj_bytes", 0)
	dst = statInt(dst, "read_buf_count", int64(s.cfg.Threads))
	dst = statInt(dst, "read_buf_bytes", int64(s.cfg.Threads)*64<<10)
	dst = statInt(dst, "read_buf_bytes_free", 0)
	dst = statInt(dst, "read_buf_oom", 0)
	dst = statInt(dst, "reserved_fds", 20)
	dst = statUint(dst, "cmd_get", c[stCmdGet])
	dst = statUint(dst, "cmd_set", c[stCmdSet])
	dst = statUint(dst, "cmd_flush", c[stCmdFlush])
	dst = statUint(dst, "cmd_touch", c[stCmdTouch])
	dst = statUint(dst, "cmd_meta", c[stCmdMeta])
	dst = statUint(dst, "get_hits", c[stGetHits])
	dst = statUint(dst, "get_misses", c[stGetMisses])
	dst = statUint(dst, "get_expired", c[stGetExpired])
	dst = statUint(dst, "get_flushed", c[stGetFlushed])
	dst = statUint(dst, "delete_misses", c[stDeleteMisses])
	dst = statUint(dst, "delete_hits", c[stDeleteHits])
	dst = statUint(dst, "incr_misses", c[stIncrMisses])
	dst = statUint(dst, "incr_hits", c[stIncrHits])
	dst = statUint(dst, "decr_misses", c[stDecrMisses])
	dst = statUint(dst, "decr_hits", c[stDecrHits])
	dst = statUint(dst, "cas_misses", c[stCasMisses])
	dst = statUint(dst, "cas_hits", c[stCasHits])
	dst = statUint(dst, "cas_badval", c[stCasBadval])
	dst = statUint(dst, "touch_hits", c[stTouchHits])
	dst = statUint(dst, "touch_misses", c[stTouchMisses])
	dst = statUint(dst, "store_too_large", c[stStoreTooLarge])
	dst = statUint(dst, "store_no_memory", c[stStoreNoMemory])
	dst = statUint(dst, "auth_cmds", c[stAuthCmds])
	dst = statUint(dst, "auth_errors", c[stAuthErrors])
	dst = statUint(dst, "idle_kicks", s.idleKicks.Load())
	dst = statUint(dst, "bytes_read", c[stBytesRead])
	dst = statUint(dst, "bytes_written", c[stBytesWritten])
	dst = statInt(dst, "limit_maxbytes", st.Limit)
	dst = statUint(dst, "accepting_conns", boolNum(!s.stopping.Load()))
	dst = statInt(dst, "listen_disabled_num", 0)
	dst = statInt(dst, "time_in_listen_disabled_us", 0)
	dst = statInt(dst, "threads", int64(s.cfg.Threads))
	dst = statUint(dst, "conn_yields", c[stConnYields])
	dst = statInt(dst, "hash_power_level", hashPower(st.IndexBytes))
	dst = statInt(dst, "hash_bytes", st.IndexBytes)
	dst = statInt(dst, "hash_is_expanding", 0)
	dst = statInt(dst, "slab_reassign_rescues", 0)
	dst = statInt(dst, "slab_reassign_chunk_rescues", 0)
	dst = statInt(dst, "slab_reassign_inline_reclaim", 0)
	dst = statUint(dst, "slab_reassign_busy_items", st.PageMovesBusy)
	dst = statInt(dst, "slab_reassign_busy_deletes", 0)
	dst = statInt(dst, "slab_reassign_busy_nomem", 0)
	dst = statInt(dst, "slab_reassign_last_busy_status", 0)
	dst = statInt(dst, "slab_reassign_running", 0)
	dst = statUint(dst, "slabs_moved", st.PageMoves)
	dst = statInt(dst, "lru_crawler_running", 0)
	dst = statInt(dst, "lru_crawler_starts", 0)
	dst = statInt(dst, "lru_maintainer_juggles", 0)
	dst = statInt(dst, "malloc_fails", 0)
	dst = statInt(dst, "log_worker_dropped", 0)
	dst = statInt(dst, "log_worker_written", 0)
	dst = statInt(dst, "log_watcher_skipped", 0)
	dst = statInt(dst, "log_watcher_sent", 0)
	dst = statInt(dst, "log_watchers", 0)
	dst = statInt(dst, "unexpected_napi_ids", 0)
	dst = statInt(dst, "round_robin_fallback", 0)
	dst = statInt(dst, "bytes", st.Bytes)
	dst = statInt(dst, "curr_items", st.Items)
	dst = statUint(dst, "total_items", st.TotalItems)
	dst = statInt(dst, "slab_global_page_pool", 0)
	dst = statUint(dst, "expired_unfetched", st.ExpiredUnfetched)
	dst = statUint(dst, "evicted_unfetched", st.EvictedUnfetched)
	dst = statUint(dst, "evicted_active", st.EvictedActive)
	dst = statUint(dst, "evictions", st.Evictions)
	dst = statUint(dst, "reclaimed", st.Reclaimed)
	dst = statInt(dst, "crawler_reclaimed", 0)
	dst = statInt(dst, "crawler_items_checked", 0)
	dst = statInt(dst, "lrutail_reflocked", 0)
	dst = statInt(dst, "moves_to_cold", 0)
	dst = statInt(dst, "moves_to_warm", 0)
	dst = statInt(dst, "moves_within_lru", 0)
	dst = statInt(dst, "direct_reclaims", 0)
	dst = statInt(dst, "lru_bumps_dropped", 0)
	return dst
}

// hashPower is the log2 of the index slots, memcached's hash_power_level.
func hashPower(indexBytes int64) int64 {
	n := int64(0)
	for slots := indexBytes / 8; slots > 1; slots >>= 1 {
		n++
	}
	return n
}

// appendSettingsStats writes "stats settings".
func (s *Server) appendSettingsStats(dst []byte) []byte {
	s.settingsMu.Lock()
	defer s.settingsMu.Unlock()
	c := s.cfg
	inter := "NULL"
	if len(c.Listen) > 0 {
		inter = c.Listen[0]
	}
	sock := "NULL"
	if c.UnixSocket != "" {
		sock = c.UnixSocket
	}
	evict := "on"
	if s.eng.Policy() == engine.NoEviction {
		evict = "off"
	}
	proto := c.Protocol
	if proto == "auto" || proto == "" {
		proto = "auto-negotiate"
	}
	dst = statInt(dst, "maxbytes", s.eng.MemoryLimit())
	dst = statInt(dst, "maxconns", int64(c.MaxConns))
	dst = statInt(dst, "tcpport", int64(c.Port))
	dst = statInt(dst, "udpport", int64(c.UDPPort))
	dst = statStr(dst, "inter", inter)
	dst = statInt(dst, "verbosity", int64(s.verbosity.Load()))
	dst = statInt(dst, "oldest", 0)
	dst = statStr(dst, "evictions", evict)
	dst = statStr(dst, "domain_socket", sock)
	dst = statStr(dst, "umask", strconv.FormatUint(uint64(c.UnixMask), 8))
	dst = statStr(dst, "shutdown_command", yesNo(c.ShutdownEnabled))
	dst = statStr(dst, "growth_factor", strconv.FormatFloat(c.GrowthFactor, 'f', 2, 64))
	dst = statInt(dst, "chunk_size", int64(c.ChunkSize))
	dst = statInt(dst, "num_threads", int64(c.Threads))
	dst = statInt(dst, "num_threads_per_udp", int64(c.Threads))
	dst = statStr(dst, "stat_key_prefix", c.PrefixDelimiter)
	dst = statStr(dst, "detail_enabled", yesNo(s.prefixes.enabled.Load()))
	dst = statInt(dst, "reqs_per_event", int64(c.ReqsPerEvent))
	dst = statStr(dst, "cas_enabled", yesNo(c.CASEnabled))
	dst = statInt(dst, "tcp_backlog", int64(c.Backlog))
	dst = statStr(dst, "binding_protocol", proto)
	dst = statStr(dst, "auth_enabled_sasl", "no")
	dst = statStr(dst, "auth_enabled_ascii", "no")
	dst = statInt(dst, "item_size_max", int64(c.ItemSizeMax))
	dst = statStr(dst, "maxconns_fast", yesNo(c.MaxconnsFast))
	dst = statInt(dst, "hashpower_init", int64(c.HashPowerInit))
	dst = statStr(dst, "slab_reassign", yesNo(c.SlabReassign))
	dst = statInt(dst, "slab_automove", int64(c.SlabAutomove))
	dst = statStr(dst, "slab_automove_ratio", strconv.FormatFloat(c.SlabAutomoveRatio, 'f', 2, 64))
	dst = statInt(dst, "slab_automove_window", int64(c.SlabAutomoveWindow))
	dst = statInt(dst, "slab_chunk_max", int64(s.eng.Slab().ChunkMax()))
	dst = statStr(dst, "lru_crawler", yesNo(c.LRUCrawler))
	dst = statInt(dst, "lru_crawler_sleep", int64(c.LRUCrawlerSleep))
	dst = statInt(dst, "lru_crawler_tocrawl", int64(c.LRUCrawlerTocrawl))
	dst = statInt(dst, "tail_repair_time", int64(c.TailRepairTime))
	dst = statStr(dst, "flush_enabled", yesNo(c.FlushEnabled))
	dst = statStr(dst, "dump_enabled", yesNo(c.DumpEnabled))
	dst = statStr(dst, "hash_algorithm", c.HashAlgorithm)
	dst = statStr(dst, "lru_maintainer_thread", yesNo(c.LRUMaintainer))
	dst = statStr(dst, "lru_segmented", yesNo(c.LRUMaintainer))
	dst = statInt(dst, "hot_lru_pct", int64(c.HotLRUPct))
	dst = statInt(dst, "warm_lru_pct", int64(c.WarmLRUPct))
	dst = statStr(dst, "hot_max_factor", strconv.FormatFloat(c.HotMaxFactor, 'f', 2, 64))
	dst = statStr(dst, "warm_max_factor", strconv.FormatFloat(c.WarmMaxFactor, 'f', 2, 64))
	dst = statStr(dst, "temp_lru", yesNo(c.TempLRU))
	dst = statInt(dst, "temporary_ttl", int64(c.TemporaryTTL))
	dst = statInt(dst, "idle_timeout", int64(c.IdleTimeout))
	dst = statInt(dst, "watcher_logbuf_size", int64(c.WatcherLogbufSize))
	dst = statInt(dst, "worker_logbuf_size", int64(c.WorkerLogbufSize))
	dst = statInt(dst, "read_buf_mem_limit", c.ReadBufMemLimit)
	dst = statStr(dst, "track_sizes", yesNo(c.TrackSizes))
	dst = statStr(dst, "inline_ascii_response", "no")
	dst = statStr(dst, "drop_privileges", yesNo(c.User != ""))
	dst = statInt(dst, "num_napi_ids", 0)
	dst = statStr(dst, "memory_file", "(null)")
	dst = statInt(dst, "client_flags_size", 4)
	return dst
}

// appendSlabsStats writes "stats slabs": one block per class in use.
func (s *Server) appendSlabsStats(dst []byte) []byte {
	a := s.eng.Slab()
	active := 0
	var prefix [16]byte
	for id := 1; id <= a.NumClasses(); id++ {
		cs := a.Stats(id)
		if cs.Pages == 0 {
			continue
		}
		active++
		cls := s.stats.classSum(id)
		p := strconv.AppendInt(prefix[:0], int64(id), 10)
		p = append(p, ':')
		stat := func(name string, v int64) { dst = memcache.AppendStatPrefixInt(dst, p, name, v) }
		stat("chunk_size", int64(cs.ChunkSize))
		stat("chunks_per_page", int64(cs.PerPage))
		stat("total_pages", int64(cs.Pages))
		stat("total_chunks", int64(cs.Pages*cs.PerPage))
		stat("used_chunks", int64(cs.Used))
		stat("free_chunks", int64(cs.Free))
		stat("free_chunks_end", int64(cs.FreeEnd))
		stat("get_hits", int64(cls[csGetHits]))
		stat("cmd_set", int64(cls[csCmdSet]))
		stat("delete_hits", int64(cls[csDeleteHits]))
		stat("incr_hits", int64(cls[csIncrHits]))
		stat("decr_hits", int64(cls[csDecrHits]))
		stat("cas_hits", int64(cls[csCasHits]))
		stat("cas_badval", int64(cls[csCasBadval]))
		stat("touch_hits", int64(cls[csTouchHits]))
	}
	dst = statInt(dst, "active_slabs", int64(active))
	dst = statInt(dst, "total_malloced", a.Pages()*slab.PageSize)
	return dst
}

// appendItemsStats writes "stats items": one block per class holding items.
func (s *Server) appendItemsStats(dst []byte) []byte {
	a := s.eng.Slab()
	var prefix [24]byte
	for id := 1; id <= a.NumClasses(); id++ {
		cs := a.Stats(id)
		if cs.Used == 0 {
			continue
		}
		p := append(prefix[:0], "items:"...)
		p = strconv.AppendInt(p, int64(id), 10)
		p = append(p, ':')
		stat := func(name string, v int64) { dst = memcache.AppendStatPrefixInt(dst, p, name, v) }
		stat("number", int64(cs.Used))
		stat("number_hot", 0)
		stat("number_warm", 0)
		stat("number_cold", int64(cs.Used))
		stat("age_hot", 0)
		stat("age_warm", 0)
		stat("age", 0)
		stat("mem_requested", cs.Requested)
		stat("evicted", int64(cs.Evictions))
		stat("evicted_nonzero", 0)
		stat("evicted_time", 0)
		stat("outofmemory", int64(cs.OutOfMemory))
		stat("tailrepairs", 0)
		stat("reclaimed", int64(cs.Reclaimed))
		stat("expired_unfetched", 0)
		stat("evicted_unfetched", 0)
		stat("evicted_active", 0)
		stat("crawler_reclaimed", 0)
		stat("crawler_items_checked", 0)
		stat("lrutail_reflocked", 0)
		stat("moves_to_cold", 0)
		stat("moves_to_warm", 0)
		stat("moves_within_lru", 0)
		stat("direct_reclaims", 0)
		stat("hits_to_hot", 0)
		stat("hits_to_warm", 0)
		stat("hits_to_cold", int64(s.stats.classSum(id)[csGetHits]))
		stat("hits_to_temp", 0)
	}
	return dst
}

// appendConnsStats writes "stats conns".
func (s *Server) appendConnsStats(dst []byte) []byte {
	now := s.clock.Now() / 1000
	type row struct {
		fd           int
		addr, listen string
		idle         int64
	}
	var rows []row
	s.conns.each(func(cs *conn) {
		gc := cs.gc
		if gc == nil {
			return
		}
		rows = append(rows, row{fd: gc.Fd(), addr: netAddr(gc.RemoteAddr()), listen: netAddr(gc.LocalAddr()),
			idle: now - cs.lastActive.Load()})
	})
	sort.Slice(rows, func(i, j int) bool { return rows[i].fd < rows[j].fd })
	for _, r := range rows {
		p := strconv.Itoa(r.fd) + ":"
		dst = statStr(dst, p+"addr", r.addr)
		dst = statStr(dst, p+"listen_addr", r.listen)
		dst = statStr(dst, p+"state", "conn_parse_cmd")
		dst = statInt(dst, p+"secs_since_last_cmd", r.idle)
	}
	return dst
}

// appendCachedump writes "stats cachedump <id> <limit>" (memcached's
// format: ITEM <key> [<bytes> b; <exp> s]).
func (s *Server) appendCachedump(dst []byte, id, limit int) []byte {
	n := 0
	start := s.clock.start
	s.eng.Each(0, func(x *engine.Item) bool {
		if x.Class() != id {
			return true
		}
		exp := x.ExpireAt() / 1000
		if exp == 0 {
			exp = start
		}
		dst = append(dst, "ITEM "...)
		dst = append(dst, x.Key()...)
		dst = append(dst, " ["...)
		dst = strconv.AppendInt(dst, int64(x.Len()), 10)
		dst = append(dst, " b; "...)
		dst = strconv.AppendInt(dst, exp, 10)
		dst = append(dst, " s]\r\n"...)
		n++
		return limit == 0 || n < limit
	})
	return append(dst, memcache.ReplyEnd...)
}

// prefixStats is "stats detail": per key prefix counts of gets, hits,
// sets and deletes, kept while enabled.
type prefixStats struct {
	enabled atomic.Bool
	delim   byte
	mu      sync.Mutex
	m       map[string]*[4]uint64 // get, hit, set, del
}

const (
	pfGet = iota
	pfHit
	pfSet
	pfDel
)

// record counts one operation on key, if detail is on and the key has a
// prefix (memcached ignores keys without the delimiter).
func (p *prefixStats) record(key []byte, op int, hit bool) {
	if !p.enabled.Load() {
		return
	}
	i := bytes.IndexByte(key, p.delim)
	if i < 0 {
		return
	}
	p.mu.Lock()
	if p.m == nil {
		p.m = map[string]*[4]uint64{}
	}
	c := p.m[string(key[:i])]
	if c == nil {
		c = new([4]uint64)
		p.m[string(key[:i])] = c
	}
	c[op]++
	if op == pfGet && hit {
		c[pfHit]++
	}
	p.mu.Unlock()
}

func (p *prefixStats) reset() {
	p.mu.Lock()
	p.m = nil
	p.mu.Unlock()
}

func (p *prefixStats) appendDump(dst []byte) []byte {
	p.mu.Lock()
	defer p.mu.Unlock()
	keys := make([]string, 0, len(p.m))
	for k := range p.m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		c := p.m[k]
		dst = fmt.Appendf(dst, "PREFIX %s get %d hit %d set %d del %d\r\n", k, c[pfGet], c[pfHit], c[pfSet], c[pfDel])
	}
	return append(dst, memcache.ReplyEnd...)
}
