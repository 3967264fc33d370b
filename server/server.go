// Package server runs Corvid: gnet event loops serving the memcached text and
// meta protocol on one set of listeners and the Redis protocol on another,
// over one engine; plus the Prometheus endpoint, signals and systemd
// notification.
//
// A command runs on the event loop that read it: parse (zero-copy over the
// connection's buffer), dispatch through the command table, append the reply
// to the connection's output buffer, and write once per batch of pipelined
// commands. See design.md ("Hot path").
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"os/signal"
	"os/user"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/panjf2000/gnet/v2"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/redisext"
	"github.com/corvidcache/corvid/slab"
)

// Run starts a server with cfg and serves until SIGTERM or SIGINT (or the
// memcached shutdown command), then stops accepting, finishes what it read,
// and returns nil.
func Run(cfg *Config) error {
	s, err := New(cfg)
	if err != nil {
		return err
	}
	return s.Serve()
}

// Server is one Corvid process: an engine and its listeners.
type Server struct {
	gnet.BuiltinEventEngine

	cfg   *Config
	eng   *engine.Engine
	clock *clock
	log   *log.Logger

	engMu    sync.Mutex
	gnetEng  gnet.Engine   // guarded by engMu
	served   chan struct{} // closed when Serve's loops have stopped for good
	booted   chan struct{}
	stopOnce sync.Once
	stopping atomic.Bool

	verbosity atomic.Int32
	flushOK   bool
	casOK     bool
	respPort  int

	conns     connRegistry
	loops     loopRegistry
	currConns atomic.Int64
	totalConn atomic.Uint64
	rejected  atomic.Uint64
	idleKicks atomic.Uint64

	stats   *globalStats
	instant instantStats // INFO's instantaneous_* (instant.go)
	maxOut  int          // output bytes above which a connection stops being read
	started time.Time
	flushAt atomic.Int64 // server-clock ms of a pending delayed flush_all, 0 if none
	metrics *metricsServer

	latency    *latencies
	redis      *redisext.Shared
	runID      string
	settingsMu sync.Mutex // guards the cfg fields changed at run time
	prefixes   prefixStats
}

// New builds a server from cfg without listening yet.
func New(cfg *Config) (*Server, error) {
	if _, err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := &Server{
		cfg:      cfg,
		clock:    newClock(),
		log:      log.New(os.Stderr, "", log.LstdFlags),
		booted:   make(chan struct{}),
		served:   make(chan struct{}),
		flushOK:  cfg.FlushEnabled,
		casOK:    cfg.CASEnabled,
		respPort: cfg.RespPort,
		maxOut:   maxOutput,
		started:  time.Now(),
	}
	s.verbosity.Store(int32(cfg.Verbose))
	s.prefixes.delim = ':'
	if cfg.PrefixDelimiter != "" {
		s.prefixes.delim = cfg.PrefixDelimiter[0]
	}
	s.prefixes.enabled.Store(cfg.DetailEnabled)
	policy, err := enginePolicy(cfg.MaxmemoryPolicy)
	if err != nil {
		return nil, err
	}
	limit := cfg.MaxMemory
	if limit == 0 {
		limit = int64(slab.MaxPages) * slab.PageSize
	}
	e, err := engine.New(engine.Config{
		MemoryLimit:  limit,
		GrowthFactor: cfg.GrowthFactor,
		MinChunk:     cfg.ChunkSize,
		ChunkMax:     cfg.SlabChunkMax,
		MaxItemSize:  engineMaxItem(cfg),
		Policy:       policy,
		Samples:      cfg.MaxmemorySamples,
		LFULogFactor: cfg.LFULogFactor,
		LFUDecayTime: cfg.LFUDecayTime,
		Databases:    cfg.Databases,
		NoCAS:        !cfg.CASEnabled,
		Clock:        s.clock,
	})
	if err != nil {
		return nil, err
	}
	s.eng = e
	s.stats = newGlobalStats(s)
	s.instant.sampleEvery = 100 * time.Millisecond
	s.instant.sampleCounter = func() (uint64, uint64, uint64) {
		c := s.stats.sum()
		return c[stRespCommands], c[stBytesRead], c[stBytesWritten]
	}
	s.latency = newLatencies()
	s.runID = newRunID()
	redisext.RedisVersion = cfg.RedisVersion
	s.redis = redisext.NewShared(e, redisHost{s})
	s.redis.Logf = s.log.Printf
	s.applyConfig() // run-time parameters into the engine and redisext (resp_host.go)
	e.SetWriteLog(s.redis.Watches)
	return s, nil
}

// engineMaxItem is the largest item the engine stores: Redis strings may be
// as long as proto-max-bulk-len (512 MB), memcached items only -I, which
// the memcached side enforces itself (its parser, and append/prepend).
func engineMaxItem(cfg *Config) int {
	n := int64(cfg.ItemSizeMax)
	if cfg.RespPort != 0 && cfg.ProtoMaxBulkLen > n {
		n = cfg.ProtoMaxBulkLen + 64<<10 // value plus item header and key
	}
	return int(min(n, 1<<31-1))
}

// enginePolicy maps a maxmemory-policy name to the engine's policy.
// allkeys-lru is memcached's LRU (the same walk, one code path).
func enginePolicy(name string) (engine.Policy, error) {
	if name == PolicyAllKeysLRU || name == "" {
		return engine.PolicyLRU, nil
	}
	return engine.ParsePolicy(name)
}

// Engine returns the server's engine.
func (s *Server) Engine() *engine.Engine { return s.eng }

// listenAddrs returns gnet's protocol addresses for every listener.
func (s *Server) listenAddrs() []string {
	var addrs []string
	for _, a := range s.cfg.MemcachedAddrs() {
		addrs = append(addrs, "tcp://"+a)
	}
	if s.cfg.UnixSocket != "" {
		addrs = append(addrs, "unix://"+s.cfg.UnixSocket)
	}
	for _, a := range s.cfg.RESPAddrs() {
		addrs = append(addrs, "tcp://"+a)
	}
	return addrs
}

// Serve listens and serves until the server is stopped by a signal or
// Stop. It returns nil on a clean stop.
func (s *Server) Serve() error {
	addrs := s.listenAddrs()
	if len(addrs) == 0 {
		return errors.New("nothing to listen on: no TCP port and no unix socket")
	}
	if s.cfg.UnixSocket != "" {
		// A stale socket file from a previous run would make bind fail.
		if fi, err := os.Lstat(s.cfg.UnixSocket); err == nil && fi.Mode()&os.ModeSocket != 0 {
			os.Remove(s.cfg.UnixSocket)
		}
	}
	if s.cfg.PidFile != "" {
		if err := os.WriteFile(s.cfg.PidFile, []byte(strconv.Itoa(os.Getpid())+"\n"), 0o644); err != nil {
			return fmt.Errorf("could not open the pid file %s for writing: %v", s.cfg.PidFile, err)
		}
		defer os.Remove(s.cfg.PidFile)
	}
	if s.cfg.MetricsListenAddr() != "" {
		m, err := startMetrics(s, s.cfg.MetricsListenAddr())
		if err != nil {
			return err
		}
		s.metrics = m
		defer m.close()
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	interval := time.Second / time.Duration(max(1, s.cfg.Hz))
	go s.eng.Maintain(ctx, interval, func() bool {
		s.settingsMu.Lock()
		defer s.settingsMu.Unlock()
		return s.cfg.SlabReassign && s.cfg.SlabAutomove > 0
	})

	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGUSR1, syscall.SIGHUP)
	defer signal.Stop(sigs)
	go func() {
		for {
			select {
			case sig := <-sigs:
				if sig == syscall.SIGHUP {
					continue // memcached ignores it too (no log files to reopen)
				}
				s.Stop()
				return
			case <-ctx.Done():
				return
			}
		}
	}()

	threads := s.cfg.Threads
	if threads <= 0 {
		threads = 1
	}
	if os.Getenv("GOMAXPROCS") == "" {
		// One P per event loop. Both choices cost something, through the
		// two runtime mechanisms around gnet's loop: (1) with no idle P,
		// the runtime's monitor (sysmon) takes the P of a loop thread
		// that sits in epoll_wait over 20 µs, wakes a spinning thread for
		// it, and keeps waking every 20 µs itself (6% of a pinned
		// one-core server's CPU in perf); (2) with an idle P, every time a
		// loop runs out of events gnet yields (runtime.Gosched) and the
		// scheduler wakes the idle P's thread (a futex wake and sleep,
		// ~20k/s under redis-benchmark). Measured on 2 cores, server CPU
		// per request, medians of 3: memaslap 9:1 -t 2: 6.70 µs here vs
		// 6.38 with one more P; redis-benchmark GET -t 2: 7.10 vs 7.78;
		// pinned -t 1 9:1: 5.91 vs 5.81. Set GOMAXPROCS to choose.
		runtime.GOMAXPROCS(threads)
	}
	var err error
	for {
		err = gnet.Rotate(s, addrs,
			gnet.WithMulticore(true),
			gnet.WithNumEventLoop(threads),
			gnet.WithTicker(true),
			gnet.WithTCPNoDelay(gnet.TCPNoDelay),
			gnet.WithReuseAddr(true),
			gnet.WithLogger(gnetLogger{s}),
			gnet.WithLoadBalancing(gnet.LeastConnections),
		)
		if err != nil || s.stopping.Load() || !s.isBooted() {
			break
		}
		// gnet stopped by itself. Its acceptor gives up on most accept
		// errors, EMFILE included, which a flood of connections that
		// outruns the loops can cause: every connection is closed then,
		// but the data is not lost, so listen again rather than exit.
		s.log.Printf("the event loops stopped on their own (see above); all connections were closed; listening again")
		time.Sleep(restartPause)
	}
	s.stopping.Store(true)
	close(s.served)
	notifySystemd("STOPPING=1")
	if s.cfg.UnixSocket != "" {
		os.Remove(s.cfg.UnixSocket)
	}
	select {
	case <-s.booted:
	default:
		if err == nil {
			err = errors.New("server did not start")
		}
		return fmt.Errorf("failed to listen: %w", err)
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	return nil
}

// Stop makes Serve return: listeners close, connections are closed after
// the commands already read are answered.
func (s *Server) Stop() {
	s.stopOnce.Do(func() {
		s.stopping.Store(true)
		go func() {
			<-s.booted
			// Answer what every connection has read, write it, and close
			// it; then stop the loops.
			start := time.Now()
			deadline := start.Add(drainTimeout)
			for time.Now().Before(deadline) {
				open := 0
				s.conns.each(func(cs *conn) {
					open++
					cs.draining.Store(true)
					if gc := cs.gc; gc != nil {
						_ = gc.Wake(nil)
					}
				})
				// Connections still in the listen backlog are accepted (and
				// drained) a moment later: wait a little before the last check.
				if open == 0 && time.Since(start) > 3*drainQuiet {
					break
				}
				time.Sleep(10 * time.Millisecond)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			// The engine may be between a stop on its own and its restart
			// (Serve): stop whichever is current until Serve returns.
			for {
				_ = s.engine().Stop(ctx)
				select {
				case <-s.served:
					return
				case <-ctx.Done():
					return
				case <-time.After(restartPause):
				}
			}
		}()
	})
}

// restartPause is how long Serve waits before listening again after gnet
// stopped on its own, and how often Stop retries stopping the engine.
const restartPause = 50 * time.Millisecond

// engine returns the running gnet engine (it changes when Serve restarts it).
func (s *Server) engine() gnet.Engine {
	s.engMu.Lock()
	defer s.engMu.Unlock()
	return s.gnetEng
}

func (s *Server) isBooted() bool {
	select {
	case <-s.booted:
		return true
	default:
		return false
	}
}

// drainTimeout bounds how long a stopping server waits for its clients to
// take their replies.
const drainTimeout = 5 * time.Second

// OnBoot runs once the listeners are bound.
func (s *Server) OnBoot(eng gnet.Engine) gnet.Action {
	s.engMu.Lock()
	s.gnetEng = eng
	s.engMu.Unlock()
	if s.cfg.UnixSocket != "" {
		if err := os.Chmod(s.cfg.UnixSocket, os.FileMode(s.cfg.UnixMask)); err != nil {
			s.log.Printf("chmod %s: %v", s.cfg.UnixSocket, err)
		}
	}
	if err := s.dropPrivileges(); err != nil {
		s.log.Printf("%v", err)
		return gnet.Shutdown
	}
	if s.isBooted() {
		return gnet.None // listening again after gnet stopped on its own (Serve)
	}
	close(s.booted)
	notifySystemd("READY=1\nMAINPID=" + strconv.Itoa(os.Getpid()))
	if s.verbosity.Load() > 0 {
		s.log.Printf("corvid %s listening on %s", Version, strings.Join(s.listenAddrs(), ", "))
	}
	return gnet.None
}

// dropPrivileges switches to the -u user when started as root.
func (s *Server) dropPrivileges() error {
	if os.Geteuid() != 0 || s.cfg.User == "" || s.cfg.User == "root" {
		return nil
	}
	u, err := user.Lookup(s.cfg.User)
	if err != nil {
		return fmt.Errorf("can't find the user %s to switch to", s.cfg.User)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	if s.cfg.UnixSocket != "" {
		_ = os.Chown(s.cfg.UnixSocket, uid, gid)
	}
	if err := syscall.Setgroups([]int{gid}); err != nil {
		return fmt.Errorf("failed to drop supplementary groups: %v", err)
	}
	if err := syscall.Setgid(gid); err != nil {
		return fmt.Errorf("failed to assume identity of user %s: %v", s.cfg.User, err)
	}
	if err := syscall.Setuid(uid); err != nil {
		return fmt.Errorf("failed to assume identity of user %s: %v", s.cfg.User, err)
	}
	return nil
}

// OnShutdown runs when the event loops have stopped.
func (s *Server) OnShutdown(gnet.Engine) {}

// OnOpen registers a new connection, or refuses it past -c.
func (s *Server) OnOpen(c gnet.Conn) ([]byte, gnet.Action) {
	n := s.currConns.Add(1)
	if int(n) > s.cfg.MaxConns {
		s.currConns.Add(-1)
		s.rejected.Add(1)
		if s.isRESP(c) {
			return []byte("-ERR max number of clients reached\r\n"), gnet.Close
		}
		return []byte("ERROR Too many open connections\r\n"), gnet.Close
	}
	s.totalConn.Add(1)
	cs := s.newConn(c)
	c.SetContext(cs)
	if s.stopping.Load() {
		// Accepted while stopping (it was in the listen backlog when the
		// stop began): serve what it sends, then close it like the others.
		cs.draining.Store(true)
		cs.lastInput = time.Now()
	}
	return nil, gnet.None
}

// OnClose unregisters a connection.
func (s *Server) OnClose(c gnet.Conn, err error) gnet.Action {
	cs, ok := c.Context().(*conn)
	if !ok || cs == nil {
		return gnet.None
	}
	if errors.Is(err, io.EOF) && c.InboundBuffered() > 0 && !cs.resp && !cs.closing {
		// The client shut down its side with commands still buffered (a
		// pipeline cut by -R yields): answer them, as memcached does
		// before it sees the end of input. gnet writes what it can before
		// closing the socket.
		cs.closing = true
		s.mcTraffic(c, cs)
	}
	cs.flushStats()
	if cs.rc != nil {
		cs.rc.ctx.Disconnect() // pub/sub subscriptions, WATCHed keys, MULTI state (redisext)
	}
	s.conns.remove(cs)
	s.currConns.Add(-1)
	c.SetContext(nil)
	cs.release()
	return gnet.None
}

// isRESP reports whether c came in on a Redis-protocol listener.
func (s *Server) isRESP(c gnet.Conn) bool {
	if s.respPort == 0 {
		return false
	}
	if a, ok := c.LocalAddr().(*net.TCPAddr); ok {
		return a.Port == s.respPort
	}
	return false
}

// OnTraffic serves what a connection sent.
func (s *Server) OnTraffic(c gnet.Conn) gnet.Action {
	cs, ok := c.Context().(*conn)
	if !ok || cs == nil {
		return gnet.Close
	}
	cs.loop.maybeYield(s.clock.Now())
	if cs.resp {
		return s.respTraffic(c, cs)
	}
	return s.mcTraffic(c, cs)
}

// OnTick wakes connections paused for output backpressure (their output
// may have drained) and closes idle ones (-o idle_timeout).
func (s *Server) OnTick() (time.Duration, gnet.Action) {
	s.clock.Sync()
	s.clock.Refresh()
	s.instant.maybeSample(time.Now())
	s.checkPendingFlush()
	paused := s.conns.tick(s)
	s.respTick() // RESP idle timeout (resp_host.go)
	// Blocking commands: time out the waiters due, serve any key left ready.
	s.redis.Blocked.Expire(s.clock.Now())
	s.redis.Blocked.Serve()
	if paused {
		// A connection waits for its output to drain: look again soon (it
		// may have nothing more to read, so no read event would wake it).
		return time.Millisecond, gnet.None
	}
	return 10 * time.Millisecond, gnet.None
}

// gnetLogger routes gnet's log lines: errors always, the rest with -vv.
type gnetLogger struct{ s *Server }

func (l gnetLogger) Debugf(format string, args ...any) {}
func (l gnetLogger) Infof(format string, args ...any) {
	if l.s.verbosity.Load() > 1 {
		l.s.log.Printf(format, args...)
	}
}
func (l gnetLogger) Warnf(format string, args ...any)  { l.s.log.Printf(format, args...) }
func (l gnetLogger) Errorf(format string, args ...any) { l.s.log.Printf(format, args...) }
func (l gnetLogger) Fatalf(format string, args ...any) { l.s.log.Fatalf(format, args...) }
