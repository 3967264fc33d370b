package redisext

import (
	"math/bits"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// AdminState is the server-wide state of the administration commands: the slow
// log, the latency monitor and the per-command latency histograms, the
// MONITOR clients, CLIENT PAUSE, and the settings they read. Every method
// is safe for concurrent use; the hot path (afterCall) reads only atomics
// unless a feature is on.
type AdminState struct {
	sh *Shared

	slowThreshold atomic.Int64 // microseconds; negative = off
	slowMu        sync.Mutex
	slowlog       []SlowlogEntry // newest first
	slowMax       int
	slowNextID    int64

	latThreshold atomic.Int64 // milliseconds; 0 = off
	latMu        sync.Mutex
	latEvents    map[string]*latencySeries

	tracking    atomic.Bool
	percentiles atomic.Pointer[[]float64]
	hists       []atomic.Pointer[histogram] // by command id

	monMu    sync.Mutex
	monitors []*Client
	nmon     atomic.Int32

	pauseType atomic.Int32 // pauseNone, pauseWrite, pauseAll
	pauseEnd  atomic.Int64 // Unix ms
	pauseMu   sync.Mutex
	held      map[*Client]struct{}
	timer     *time.Timer

	idleTimeout atomic.Int64 // seconds (timeout); 0 = never
	memPeak     atomic.Int64 // used_memory_peak
	lastIdle    atomic.Int64 // second of the last idle-client check
	lastSave    atomic.Int64 // Unix seconds (LASTSAVE)
}

// Pause kinds (CLIENT PAUSE).
const (
	pauseNone int32 = iota
	pauseWrite
	pauseAll
)

func newAdmin(sh *Shared) *AdminState {
	tableOnce.Do(buildTable)
	a := &AdminState{sh: sh, slowMax: 128, latEvents: map[string]*latencySeries{}, held: map[*Client]struct{}{}}
	a.hists = make([]atomic.Pointer[histogram], len(allCmds))
	a.slowThreshold.Store(10000)
	a.tracking.Store(true)
	p := []float64{50, 99, 99.9}
	a.percentiles.Store(&p)
	a.lastSave.Store(time.Now().Unix())
	return a
}

// AdminConfig are the settings of the administration commands, from the
// server's configuration.
type AdminConfig struct {
	SlowlogSlowerThan int64 // slowlog-log-slower-than, µs
	SlowlogMaxLen     int   // slowlog-max-len
	LatencyThreshold  int64 // latency-monitor-threshold, ms
	LatencyTracking   bool  // latency-tracking
	Percentiles       []float64
	Timeout           int // timeout: idle RESP clients are closed after it, seconds
}

// Configure applies cfg; the server calls it at start and after CONFIG SET.
func (a *AdminState) Configure(cfg AdminConfig) {
	a.slowThreshold.Store(cfg.SlowlogSlowerThan)
	a.slowMu.Lock()
	a.slowMax = cfg.SlowlogMaxLen
	if len(a.slowlog) > a.slowMax {
		a.slowlog = a.slowlog[:a.slowMax]
	}
	a.slowMu.Unlock()
	a.latThreshold.Store(cfg.LatencyThreshold)
	a.tracking.Store(cfg.LatencyTracking)
	p := append([]float64(nil), cfg.Percentiles...)
	a.percentiles.Store(&p)
	a.idleTimeout.Store(int64(cfg.Timeout))
}

// IdleTimeout returns the timeout setting in seconds (0 = never).
func (a *AdminState) IdleTimeout() int64 { return a.idleTimeout.Load() }

// SetLastSave records a completed save (LASTSAVE, INFO rdb_last_save_time).
func (a *AdminState) SetLastSave(unix int64) { a.lastSave.Store(unix) }

// LastSave returns the time of the last completed save, Unix seconds.
func (a *AdminState) LastSave() int64 { return a.lastSave.Load() }

// ResetStats clears what CONFIG RESETSTAT clears here: the latency
// histograms.
func (a *AdminState) ResetStats() {
	for i := range a.hists {
		a.hists[i].Store(nil)
	}
}

// afterCall runs after every command's handler (Ctx.call): slow log,
// latency histogram and monitor, MONITOR feed.
func (c *Ctx) afterCall(cmd *Command, d time.Duration) {
	a := c.Admin
	c.Client.LastCmd.Store(&cmd.FullName)
	if thr := a.slowThreshold.Load(); thr >= 0 && d.Microseconds() >= thr && cmd.Flags&SkipSlowlog == 0 {
		a.slowlogPush(c, d)
	}
	if a.tracking.Load() {
		h := a.hists[cmd.id].Load()
		if h == nil {
			a.hists[cmd.id].CompareAndSwap(nil, new(histogram))
			h = a.hists[cmd.id].Load()
		}
		h.record(uint64(d))
	}
	if thr := a.latThreshold.Load(); thr > 0 && d.Milliseconds() >= thr {
		event := "command"
		if cmd.Flags&Fast != 0 {
			event = "fast-command"
		}
		a.latencyAdd(event, d.Milliseconds())
	}
	if a.nmon.Load() > 0 && cmd.Flags&(SkipMonitor|Admin) == 0 {
		a.feedMonitors(c)
	}
}

// ---- Slow log ----

// SlowlogEntry is one SLOWLOG GET entry.
type SlowlogEntry struct {
	ID       int64
	Time     int64 // Unix seconds
	Duration int64 // microseconds
	Args     []string
	Addr     string
	Name     string
}

// Redis's limits on what an entry keeps (slowlog.h).
const (
	slowlogMaxArgc = 32
	slowlogMaxArg  = 128
)

func (a *AdminState) slowlogPush(c *Ctx, d time.Duration) {
	args := c.loggedArgs()
	n := len(args)
	if n > slowlogMaxArgc {
		n = slowlogMaxArgc
	}
	kept := make([]string, n)
	for j := 0; j < n; j++ {
		switch {
		case n != len(args) && j == n-1:
			kept[j] = "... (" + strconv.Itoa(len(args)-n+1) + " more arguments)"
		case len(args[j]) > slowlogMaxArg:
			kept[j] = string(args[j][:slowlogMaxArg]) + "... (" + strconv.Itoa(len(args[j])-slowlogMaxArg) + " more bytes)"
		default:
			kept[j] = string(args[j])
		}
	}
	e := SlowlogEntry{Time: time.Now().Unix(), Duration: d.Microseconds(), Args: kept, Name: str(&c.Client.Name)}
	if c.Client.Conn != nil {
		e.Addr = c.Client.Conn.RemoteAddr()
	}
	a.slowMu.Lock()
	e.ID = a.slowNextID
	a.slowNextID++
	if a.slowMax > 0 {
		a.slowlog = append(a.slowlog, SlowlogEntry{})
		copy(a.slowlog[1:], a.slowlog)
		a.slowlog[0] = e
		if len(a.slowlog) > a.slowMax {
			a.slowlog = a.slowlog[:a.slowMax]
		}
	}
	a.slowMu.Unlock()
}

// loggedArgs returns the command's arguments as the slow log and MONITOR
// show them: secrets (passwords of AUTH, HELLO AUTH, MIGRATE AUTH/AUTH2,
// CONFIG SET of requirepass, masterauth and masteruser) as "(redacted)".
func (c *Ctx) loggedArgs() [][]byte {
	args := c.Args
	redact := func(i int) {
		if i < len(args) {
			if &args[0] == &c.Args[0] {
				args = append([][]byte(nil), c.Args...)
			}
			args[i] = redacted
		}
	}
	switch c.Cmd.FullName {
	case "auth":
		for i := 1; i < len(args); i++ {
			redact(i)
		}
	case "hello":
		for i := 2; i < len(args); i++ {
			if strings.EqualFold(string(args[i]), "auth") {
				redact(i + 1)
				redact(i + 2)
				i += 2
			}
		}
	case "migrate":
		for i := 6; i < len(args); i++ {
			switch strings.ToLower(string(args[i])) {
			case "auth":
				redact(i + 1)
				i++
			case "auth2":
				redact(i + 1)
				redact(i + 2)
				i += 2
			case "keys":
				i = len(args)
			}
		}
	case "config|set":
		for i := 2; i+1 < len(args); i += 2 {
			switch strings.ToLower(string(args[i])) {
			case "requirepass", "masterauth", "masteruser":
				redact(i + 1)
			}
		}
	}
	return args
}

var redacted = []byte("(redacted)")

// Slowlog returns up to n entries, newest first (n < 0: all).
func (a *AdminState) Slowlog(n int) []SlowlogEntry {
	a.slowMu.Lock()
	defer a.slowMu.Unlock()
	if n < 0 || n > len(a.slowlog) {
		n = len(a.slowlog)
	}
	return append([]SlowlogEntry(nil), a.slowlog[:n]...)
}

// SlowlogLen returns the number of entries.
func (a *AdminState) SlowlogLen() int {
	a.slowMu.Lock()
	defer a.slowMu.Unlock()
	return len(a.slowlog)
}

// SlowlogReset empties the slow log.
func (a *AdminState) SlowlogReset() {
	a.slowMu.Lock()
	a.slowlog = nil
	a.slowMu.Unlock()
}

// ---- Latency monitor ----

// latencyTSLen is how many samples an event keeps (latency.h).
const latencyTSLen = 160

type latencySample struct{ time, latency int64 }

type latencySeries struct {
	idx     int
	max     int64
	samples [latencyTSLen]latencySample
}

func (a *AdminState) latencyAdd(event string, ms int64) {
	now := time.Now().Unix()
	a.latMu.Lock()
	defer a.latMu.Unlock()
	ts := a.latEvents[event]
	if ts == nil {
		ts = &latencySeries{}
		a.latEvents[event] = ts
	}
	if ms > ts.max {
		ts.max = ms
	}
	prev := (ts.idx + latencyTSLen - 1) % latencyTSLen
	if ts.samples[prev].time == now {
		if ms > ts.samples[prev].latency {
			ts.samples[prev].latency = ms
		}
		return
	}
	ts.samples[ts.idx] = latencySample{now, ms}
	ts.idx = (ts.idx + 1) % latencyTSLen
}

// ---- Per-command latency histograms (INFO latencystats, LATENCY HISTOGRAM) ----

// histogram is a log-linear histogram of durations in nanoseconds: 64
// powers of two, each split into histSub linear sub-buckets (about 3%
// precision), updated with atomic adds.
//
// There is no separate total: one atomic add per command is the whole cost
// on the hot path; readers sum the buckets.
type histogram struct {
	buckets [64 * histSub]atomic.Uint64
}

// total returns the number of recorded values.
func (h *histogram) total() uint64 {
	var n uint64
	for i := range h.buckets {
		n += h.buckets[i].Load()
	}
	return n
}

const (
	histSubBits = 5
	histSub     = 1 << histSubBits
)

// histIndex returns the bucket of v.
func histIndex(v uint64) int {
	if v < histSub {
		return int(v)
	}
	e := bits.Len64(v) - 1 - histSubBits // v >> e is in [histSub, 2*histSub)
	return (e+1)*histSub + int(v>>uint(e)) - histSub
}

// histUpper returns the largest value of bucket i.
func histUpper(i int) uint64 {
	if i < histSub {
		return uint64(i)
	}
	e := i/histSub - 1
	m := uint64(i%histSub + histSub)
	return (m+1)<<uint(e) - 1
}

func (h *histogram) record(ns uint64) {
	if ns == 0 {
		ns = 1
	}
	h.buckets[histIndex(ns)].Add(1)
}

// percentile returns the value at or below which p percent of the
// recorded values fall (the upper edge of its bucket), in nanoseconds.
func (h *histogram) percentile(p float64) uint64 {
	total := h.total()
	if total == 0 {
		return 0
	}
	want := uint64(p/100*float64(total) + 0.5)
	if want == 0 {
		want = 1
	}
	var seen uint64
	for i := range h.buckets {
		seen += h.buckets[i].Load()
		if seen >= want {
			return histUpper(i)
		}
	}
	return histUpper(len(h.buckets) - 1)
}

// ---- MONITOR ----

// addMonitor makes cl a monitor.
func (a *AdminState) addMonitor(cl *Client) {
	a.monMu.Lock()
	for _, m := range a.monitors {
		if m == cl {
			a.monMu.Unlock()
			return
		}
	}
	a.monitors = append(a.monitors, cl)
	a.nmon.Store(int32(len(a.monitors)))
	a.monMu.Unlock()
}

// isMonitor reports whether cl is a monitor.
func (a *AdminState) isMonitor(cl *Client) bool {
	if a.nmon.Load() == 0 {
		return false
	}
	a.monMu.Lock()
	defer a.monMu.Unlock()
	for _, m := range a.monitors {
		if m == cl {
			return true
		}
	}
	return false
}

// removeMonitor stops feeding cl (RESET).
func (a *AdminState) removeMonitor(cl *Client) {
	a.monMu.Lock()
	for i, m := range a.monitors {
		if m == cl {
			a.monitors = append(a.monitors[:i], a.monitors[i+1:]...)
			break
		}
	}
	a.nmon.Store(int32(len(a.monitors)))
	a.monMu.Unlock()
}

// feedMonitors sends the command just run to every monitor, as Redis's
// replicationFeedMonitors formats it:
// +<sec>.<usec> [<db> <addr>] "arg" "arg"...
func (a *AdminState) feedMonitors(c *Ctx) {
	now := time.Now()
	b := make([]byte, 0, 64)
	b = append(b, '+')
	b = strconv.AppendInt(b, now.Unix(), 10)
	b = append(b, '.')
	us := now.Nanosecond() / 1000
	b = append(b, "000000"[len(strconv.Itoa(us)):]...)
	b = strconv.AppendInt(b, int64(us), 10)
	b = append(b, " ["...)
	b = strconv.AppendInt(b, int64(c.Client.DB), 10)
	b = append(b, ' ')
	if c.Client.Conn != nil {
		b = append(b, c.Client.Conn.RemoteAddr()...)
	}
	b = append(b, "] "...)
	for j, arg := range c.loggedArgs() {
		if j > 0 {
			b = append(b, ' ')
		}
		b = appendRepr(b, arg)
	}
	b = append(b, '\r', '\n')
	a.monMu.Lock()
	mons := append([]*Client(nil), a.monitors...)
	a.monMu.Unlock()
	for _, m := range mons {
		if m.Conn == nil || !m.Conn.Push(b) {
			a.removeMonitor(m)
		}
	}
}

// appendRepr appends s quoted as Redis's sdscatrepr does.
func appendRepr(b []byte, s []byte) []byte {
	b = append(b, '"')
	for _, ch := range s {
		switch ch {
		case '\\', '"':
			b = append(b, '\\', ch)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\a':
			b = append(b, '\\', 'a')
		case '\b':
			b = append(b, '\\', 'b')
		default:
			if ch < 0x20 || ch >= 0x7f {
				const hex = "0123456789abcdef"
				b = append(b, '\\', 'x', hex[ch>>4], hex[ch&15])
			} else {
				b = append(b, ch)
			}
		}
	}
	return append(b, '"')
}

// ---- CLIENT PAUSE ----

// waker is implemented by connections that can be told to read again
// (the server's RESP connections).
type waker interface{ Wake() }

// PauseWait reports whether the command in args must wait for CLIENT
// PAUSE to end. The server then leaves it unread in the connection's
// buffer and serves it when Wake is called (at CLIENT UNPAUSE or when the
// pause times out). Replies as Redis's processCommand: PAUSE ALL holds
// every command, PAUSE WRITE holds writes and commands that may replicate
// (EVAL, PUBLISH...), and EXEC of a transaction holding such commands.
func (c *Ctx) PauseWait(args [][]byte) bool {
	a := c.Admin
	typ := a.pauseType.Load()
	if typ == pauseNone || len(args) == 0 {
		return false
	}
	if time.Now().UnixMilli() >= a.pauseEnd.Load() {
		a.unpause()
		return false
	}
	// Commands Dispatch refuses anyway are answered at once, as Redis
	// checks them before the pause.
	cmd := Lookup(args)
	if cmd == nil || (cmd.Arity > 0 && cmd.Arity != len(args)) || len(args) < -cmd.Arity ||
		(!c.Client.Authenticated && cmd.Flags&NoAuth == 0 && c.Host.RequirePass() != "") ||
		(c.Client.Multi != nil && cmd.Flags&NoMulti != 0) {
		return false
	}
	if typ == pauseWrite {
		flags := cmd.Flags
		if cmd.Name == "exec" && c.Client.Multi != nil {
			flags |= c.Client.Multi.Flags
		}
		if flags&(Write|MayReplicate) == 0 {
			return false
		}
	}
	a.pauseMu.Lock()
	a.held[c.Client] = struct{}{}
	a.pauseMu.Unlock()
	// The pause may have ended between the check and the registration.
	if a.pauseType.Load() == pauseNone {
		a.pauseMu.Lock()
		delete(a.held, c.Client)
		a.pauseMu.Unlock()
		return false
	}
	return true
}

// pause starts or extends a pause until end (Unix ms); a pause of the
// other kind in force keeps the stricter kind, as Redis does.
func (a *AdminState) pause(typ int32, end int64) {
	a.pauseMu.Lock()
	defer a.pauseMu.Unlock()
	cur := a.pauseType.Load()
	if cur != pauseNone && time.Now().UnixMilli() < a.pauseEnd.Load() {
		if cur == pauseAll {
			typ = pauseAll
		}
		if a.pauseEnd.Load() > end {
			end = a.pauseEnd.Load()
		}
	}
	a.pauseEnd.Store(end)
	a.pauseType.Store(typ)
	if a.timer != nil {
		a.timer.Stop()
	}
	wait := time.Duration(end-time.Now().UnixMilli()) * time.Millisecond
	a.timer = time.AfterFunc(max(wait, 0), a.unpause)
}

// unpause ends the pause and wakes the held clients.
func (a *AdminState) unpause() {
	a.pauseMu.Lock()
	a.pauseType.Store(pauseNone)
	if a.timer != nil {
		a.timer.Stop()
		a.timer = nil
	}
	held := a.held
	a.held = map[*Client]struct{}{}
	a.pauseMu.Unlock()
	for cl := range held {
		if w, ok := cl.Conn.(waker); ok {
			w.Wake()
		}
	}
}

// Paused reports the pause in force: "write", "all" or "" (INFO).
func (a *AdminState) Paused() string {
	switch a.pauseType.Load() {
	case pauseWrite:
		return "write"
	case pauseAll:
		return "all"
	}
	return ""
}

// IsMonitor reports whether cl is a MONITOR client.
func (a *AdminState) IsMonitor(cl *Client) bool { return a.isMonitor(cl) }

// LastIdleCheck records that the idle-client check ran in second sec and
// returns the second it last ran before.
func (a *AdminState) LastIdleCheck(sec int64) int64 { return a.lastIdle.Swap(sec) }

// HeldClients returns how many clients wait for CLIENT PAUSE to end (INFO
// blocked_clients counts them, as Redis counts postponed clients).
func (a *AdminState) HeldClients() int {
	if a.pauseType.Load() == pauseNone {
		return 0
	}
	a.pauseMu.Lock()
	defer a.pauseMu.Unlock()
	return len(a.held)
}
