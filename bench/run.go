package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// KeyDist is how keys are drawn from the key space.
type KeyDist uint8

const (
	DistUniform KeyDist = iota // every key equally likely
	DistZipf                   // key i has weight 1/(i+1)^ZipfS
)

func (d KeyDist) String() string {
	if d == DistZipf {
		return "zipf"
	}
	return "uniform"
}

// ParseDist accepts uniform and zipf.
func ParseDist(s string) (KeyDist, error) {
	switch strings.ToLower(s) {
	case "uniform", "random":
		return DistUniform, nil
	case "zipf", "zipfian":
		return DistZipf, nil
	}
	return 0, fmt.Errorf("unknown key distribution %q (want uniform or zipf)", s)
}

// Config describes one run against one server. The zero value of an optional
// field picks the default noted next to it.
type Config struct {
	Addr     string   // host:port
	Protocol Protocol // text, meta or resp
	Conns    int      // connections, one goroutine each (default 50)
	Pipeline int      // requests written together before reading the replies (default 1)

	Duration time.Duration // measured time (default 10s); ignored when Requests > 0
	Requests int64         // if > 0, stop after this many requests in all
	Rate     float64       // open loop: requests per second in all; 0 = closed loop

	Keys      uint64  // key space size (default 100000)
	Dist      KeyDist // key distribution
	ZipfS     float64 // Zipf skew (default 0.99)
	KeyPrefix string  // default "key:"; counters and lists add "ctr:" and "list:"
	ValueMin  int     // value size range in bytes, inclusive (default 100..100)
	ValueMax  int

	Mix      []OpWeight // op mix (default get=9,set=1)
	MultiGet int        // keys per mget/mset (default 10)

	Warmup  bool          // fill the key space (and counters) before measuring
	Timeout time.Duration // dial and per-read timeout (default 10s)
	Seed    uint64        // random seed; 0 picks one from the clock

	// Progress, when non-nil, gets a live line ("\r…") every second.
	Progress io.Writer

	// BeforeMeasure and AfterMeasure, when set, are called right before the
	// measured window starts (after the warm-up) and right after it ends;
	// compare reads the server's CPU time there.
	BeforeMeasure func()
	AfterMeasure  func()
}

func (c *Config) setDefaults() {
	if c.Conns == 0 {
		c.Conns = 50
	}
	if c.Pipeline == 0 {
		c.Pipeline = 1
	}
	if c.Duration == 0 && c.Requests <= 0 {
		c.Duration = 10 * time.Second
	}
	if c.Keys == 0 {
		c.Keys = 100000
	}
	if c.ZipfS == 0 {
		c.ZipfS = 0.99
	}
	if c.KeyPrefix == "" {
		c.KeyPrefix = "key:"
	}
	if c.ValueMin == 0 && c.ValueMax == 0 {
		c.ValueMin, c.ValueMax = 100, 100
	}
	if c.ValueMax == 0 {
		c.ValueMax = c.ValueMin
	}
	if len(c.Mix) == 0 {
		c.Mix = []OpWeight{{OpGet, 9}, {OpSet, 1}}
	}
	if c.MultiGet == 0 {
		c.MultiGet = 10
	}
	if c.Timeout == 0 {
		c.Timeout = 10 * time.Second
	}
	if c.Seed == 0 {
		c.Seed = uint64(time.Now().UnixNano())
	}
}

// Validate fills in defaults and checks c.
func (c *Config) Validate() error {
	c.setDefaults()
	switch {
	case c.Addr == "":
		return errors.New("no server address")
	case c.Conns < 1 || c.Conns > 100000:
		return fmt.Errorf("conns %d out of range 1..100000", c.Conns)
	case c.Pipeline < 1 || c.Pipeline > 100000:
		return fmt.Errorf("pipeline %d out of range 1..100000", c.Pipeline)
	case c.Duration < 0:
		return fmt.Errorf("negative duration")
	case c.Rate < 0 || math.IsNaN(c.Rate) || math.IsInf(c.Rate, 0):
		return fmt.Errorf("bad rate %v", c.Rate)
	case c.ValueMin < 0 || c.ValueMax < c.ValueMin || c.ValueMax > 64<<20:
		return fmt.Errorf("bad value size range %d..%d", c.ValueMin, c.ValueMax)
	case c.MultiGet < 1 || c.MultiGet > 10000:
		return fmt.Errorf("multiget %d out of range 1..10000", c.MultiGet)
	case c.Dist == DistZipf && !(c.ZipfS > 0):
		return fmt.Errorf("zipf skew must be > 0")
	}
	for _, m := range c.Mix {
		if m.Weight < 0 || m.Op >= numOps {
			return fmt.Errorf("bad mix entry %v", m)
		}
		if !c.Protocol.Supports(m.Op) {
			return fmt.Errorf("protocol %s has no %s", c.Protocol, m.Op)
		}
	}
	return nil
}

// Latency is a latency summary in microseconds.
type Latency struct {
	Min  float64 `json:"min"`
	Mean float64 `json:"mean"`
	P50  float64 `json:"p50"`
	P90  float64 `json:"p90"`
	P99  float64 `json:"p99"`
	P999 float64 `json:"p99_9"`
	Max  float64 `json:"max"`
}

// LatencyOf summarises h (nanoseconds) in microseconds.
func LatencyOf(h *Histogram) Latency {
	us := func(ns int64) float64 { return float64(ns) / 1e3 }
	return Latency{
		Min: us(h.Min()), Mean: h.Mean() / 1e3,
		P50: us(h.Quantile(0.5)), P90: us(h.Quantile(0.9)), P99: us(h.Quantile(0.99)),
		P999: us(h.Quantile(0.999)), Max: us(h.Max()),
	}
}

// Result is the outcome of one Run.
type Result struct {
	Target    string  `json:"target"`
	Protocol  string  `json:"protocol"`
	Mix       string  `json:"mix"`
	MultiGet  int     `json:"multiget,omitempty"`
	Conns     int     `json:"conns"`
	Pipeline  int     `json:"pipeline"`
	Rate      float64 `json:"rate,omitempty"` // the open-loop target; 0 = closed loop
	Keys      uint64  `json:"keys"`
	Dist      string  `json:"dist"`
	ValueSize string  `json:"value_size"`
	Tool      string  `json:"tool,omitempty"` // stock runs: memcaslap or redis-benchmark
	Test      string  `json:"test,omitempty"` // stock runs: the tool's test (GET, SET…)

	Elapsed    float64           `json:"elapsed_s"`
	Requests   uint64            `json:"requests"`
	Throughput float64           `json:"throughput"` // requests per second
	Ops        map[string]uint64 `json:"ops"`        // requests per op
	Hits       uint64            `json:"hits"`       // keys found by get/mget
	Misses     uint64            `json:"misses"`
	HitRatio   float64           `json:"hit_ratio"` // hits/(hits+misses); 0 without reads
	Errors     uint64            `json:"errors"`    // error replies
	Behind     uint64            `json:"behind,omitempty"`
	Latency    Latency           `json:"latency_us"`

	ClientCPUPerReq float64 `json:"client_cpu_us_per_req"`
	// ServerCPUPerReq is filled in by compare (utime+stime of the server
	// process over the measured window, per request); 0 when unknown.
	ServerCPUPerReq float64 `json:"server_cpu_us_per_req,omitempty"`

	WarmupKeys    uint64   `json:"warmup_keys,omitempty"`
	WarmupSeconds float64  `json:"warmup_s,omitempty"`
	WarmupErrors  uint64   `json:"warmup_errors,omitempty"`
	ConnErrors    []string `json:"conn_errors,omitempty"`

	Hist *Histogram `json:"-"` // merged latencies in nanoseconds
}

// Run dials cfg.Conns connections, optionally fills the key space, drives the
// load until the duration or request count is reached (or ctx is done) and
// returns the merged result. A connection that fails stops on its own and is
// listed in Result.ConnErrors; Run returns an error only when it could not
// start.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	value := make([]byte, cfg.ValueMax)
	vrng := rand.New(rand.NewPCG(cfg.Seed, 0x76616c7565))
	for i := range value {
		value[i] = 'a' + byte(vrng.IntN(26))
	}
	var zipf *Zipf
	if cfg.Dist == DistZipf {
		var err error
		if zipf, err = NewZipf(cfg.Keys, cfg.ZipfS); err != nil {
			return nil, err
		}
	}
	var total int
	for _, m := range cfg.Mix {
		total += m.Weight
	}
	if total == 0 {
		return nil, errors.New("mix has no op with a positive weight")
	}

	workers := make([]*worker, cfg.Conns)
	dialer := net.Dialer{Timeout: cfg.Timeout}
	defer func() {
		for _, w := range workers {
			if w != nil && w.nc != nil {
				w.nc.Close()
			}
		}
	}()
	for i := range workers {
		nc, err := dialer.DialContext(ctx, "tcp", cfg.Addr)
		if err != nil {
			return nil, fmt.Errorf("connection %d: %w", i, err)
		}
		workers[i] = newWorker(&cfg, i, nc, value, zipf)
	}

	var stop atomic.Bool
	watchDone := make(chan struct{})
	defer close(watchDone)
	go func() {
		select {
		case <-ctx.Done():
			stop.Store(true)
			for _, w := range workers {
				w.nc.SetDeadline(time.Now()) // unblock reads and writes
			}
		case <-watchDone:
		}
	}()

	res := &Result{
		Target: cfg.Addr, Protocol: cfg.Protocol.String(), Mix: MixString(cfg.Mix),
		Conns: cfg.Conns, Pipeline: cfg.Pipeline, Rate: cfg.Rate,
		Keys: cfg.Keys, Dist: cfg.Dist.String(), ValueSize: valueSizeString(cfg.ValueMin, cfg.ValueMax),
		Ops: map[string]uint64{},
	}
	for _, m := range cfg.Mix {
		if m.Op == OpMGet || m.Op == OpMSet {
			res.MultiGet = cfg.MultiGet
		}
	}

	if cfg.Warmup {
		t0 := time.Now()
		stopProgress := startProgress(cfg.Progress, workers, t0, "warm-up", cfg.Keys)
		var wg sync.WaitGroup
		for _, w := range workers {
			wg.Go(func() { w.warmup(&stop) })
		}
		wg.Wait()
		stopProgress()
		res.WarmupSeconds = time.Since(t0).Seconds()
		for _, w := range workers {
			res.WarmupKeys += w.done.Load()
			res.WarmupErrors += w.errors
			w.done.Store(0)
			w.errors = 0
			if w.err != nil {
				return nil, fmt.Errorf("warm-up: %w", w.err)
			}
		}
	}
	if stop.Load() {
		return nil, ctx.Err()
	}

	// Split a request budget between the connections.
	for i, w := range workers {
		w.quota = -1
		if cfg.Requests > 0 {
			w.quota = cfg.Requests / int64(cfg.Conns)
			if int64(i) < cfg.Requests%int64(cfg.Conns) {
				w.quota++
			}
		}
	}

	if cfg.BeforeMeasure != nil {
		cfg.BeforeMeasure()
	}
	cpu0 := processCPU()
	start := time.Now()
	stopProgress := startProgress(cfg.Progress, workers, start, "", 0)
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() { w.measure(&stop, start) })
	}
	wg.Wait()
	elapsed := time.Since(start)
	cpu1 := processCPU()
	if cfg.AfterMeasure != nil {
		cfg.AfterMeasure()
	}
	stopProgress()

	var hist Histogram
	for _, w := range workers {
		hist.Merge(&w.hist)
		res.Requests += w.requests
		res.Hits += w.hits
		res.Misses += w.misses
		res.Errors += w.errors
		res.Behind += w.behind
		for op, n := range w.opCount {
			if n > 0 {
				res.Ops[Op(op).String()] += n
			}
		}
		if w.err != nil && !stop.Load() {
			res.ConnErrors = append(res.ConnErrors, fmt.Sprintf("conn %d: %v", w.id, w.err))
		}
	}
	res.Hist = &hist
	res.Elapsed = elapsed.Seconds()
	if res.Elapsed > 0 {
		res.Throughput = float64(res.Requests) / res.Elapsed
	}
	if r := res.Hits + res.Misses; r > 0 {
		res.HitRatio = float64(res.Hits) / float64(r)
	}
	if res.Requests > 0 {
		res.ClientCPUPerReq = float64(cpu1-cpu0) / 1e3 / float64(res.Requests)
	}
	res.Latency = LatencyOf(&hist)
	return res, nil
}

func valueSizeString(lo, hi int) string {
	if lo == hi {
		return fmt.Sprint(lo)
	}
	return fmt.Sprintf("%d-%d", lo, hi)
}

// processCPU returns this process's user+system CPU time in nanoseconds.
func processCPU() int64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}

// startProgress prints a live line every second to out until the returned
// function is called, which also clears the line. With total > 0 it shows a
// fill count (warm-up), otherwise requests and the current rate.
func startProgress(out io.Writer, workers []*worker, start time.Time, phase string, total uint64) func() {
	if out == nil {
		return func() {}
	}
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(time.Second)
		defer t.Stop()
		var last uint64
		lastT := start
		for {
			select {
			case <-done:
				fmt.Fprint(out, "\r\033[K")
				return
			case now := <-t.C:
				var n uint64
				for _, w := range workers {
					n += w.done.Load()
				}
				rate := float64(n-last) / now.Sub(lastT).Seconds()
				last, lastT = n, now
				if total > 0 {
					fmt.Fprintf(out, "\r\033[K%s %6.1fs  %d/%d keys  %s/s", phase, now.Sub(start).Seconds(), n, total, humanCount(rate))
				} else {
					fmt.Fprintf(out, "\r\033[K%6.1fs  requests %d  rate %s/s", now.Sub(start).Seconds(), n, humanCount(rate))
				}
			}
		}
	}()
	return func() { close(done); <-finished }
}

// pending is one request in flight.
type pending struct {
	op       Op
	keys     int   // keys asked for (text protocol retrievals)
	intended int64 // when it was meant to be sent, ns since start
}

// worker drives one connection. Everything it touches per request is
// preallocated here.
type worker struct {
	cfg   *Config
	id    int
	nc    net.Conn
	rng   *rand.Rand
	zipf  *Zipf
	value []byte // shared, read-only

	cum   [numOps]int // cumulative mix weights
	nmix  int
	mixOp [numOps]Op
	total int

	wbuf   []byte
	rbuf   []byte
	rstart int
	rend   int
	arena  []byte   // key bytes of the request being encoded
	args   [][]byte // sub-slices of arena and value for multi-key commands
	pend   []pending

	pacer    *pacer // open loop only
	deadline int64  // ns since start at which the I/O deadline is next renewed
	quota    int64  // requests left to send, or -1 for time-bounded runs

	hist     Histogram
	requests uint64 // answered requests (each has a latency in hist)
	hits     uint64
	misses   uint64
	errors   uint64
	behind   uint64
	opCount  [numOps]uint64
	done     atomic.Uint64 // requests completed, for the progress line
	err      error
}

func newWorker(cfg *Config, id int, nc net.Conn, value []byte, zipf *Zipf) *worker {
	w := &worker{
		cfg: cfg, id: id, nc: nc, value: value, zipf: zipf,
		rng: rand.New(rand.NewPCG(cfg.Seed, uint64(id)+1)),
	}
	for _, m := range cfg.Mix {
		if m.Weight == 0 {
			continue
		}
		w.total += m.Weight
		w.mixOp[w.nmix] = m.Op
		w.cum[w.nmix] = w.total
		w.nmix++
	}
	keyLen := len(cfg.KeyPrefix) + len("list:") + 20
	multi := 1
	for _, m := range cfg.Mix {
		if m.Op == OpMGet || m.Op == OpMSet {
			multi = cfg.MultiGet
		}
	}
	batch := max(cfg.Pipeline, warmBatch)
	perReq := multi*(keyLen+cfg.ValueMax+32) + 64
	w.wbuf = make([]byte, 0, min(batch*perReq, 64<<20))
	w.rbuf = make([]byte, max(64<<10, min(cfg.Pipeline*perReq, 64<<20)))
	w.arena = make([]byte, 0, multi*keyLen)
	w.args = make([][]byte, 0, 2*multi)
	w.pend = make([]pending, batch)
	return w
}

// counterStart is what the warm-up stores in counter keys.
var counterStart = []byte("0")

// warmBatch is how many sets the warm-up pipelines per write.
const warmBatch = 100

func (w *worker) pickOp() Op {
	if w.nmix == 1 {
		return w.mixOp[0]
	}
	r := w.rng.IntN(w.total)
	for i := 0; i < w.nmix-1; i++ {
		if r < w.cum[i] {
			return w.mixOp[i]
		}
	}
	return w.mixOp[w.nmix-1]
}

func (w *worker) nextKey() uint64 {
	if w.zipf != nil {
		return w.zipf.Next(w.rng)
	}
	return w.rng.Uint64N(w.cfg.Keys)
}

func (w *worker) nextValue() []byte {
	n := w.cfg.ValueMin
	if w.cfg.ValueMax > n {
		n += w.rng.IntN(w.cfg.ValueMax - n + 1)
	}
	return w.value[:n]
}

// key appends key idx of the given family ("" data, "ctr:", "list:") to the
// arena and returns it; the arena is reset once per request.
func (w *worker) key(family string, idx uint64) []byte {
	s := len(w.arena)
	w.arena = append(w.arena, w.cfg.KeyPrefix...)
	w.arena = append(w.arena, family...)
	w.arena = appendUint(w.arena, idx)
	return w.arena[s:len(w.arena):len(w.arena)]
}

// encode appends one request for op to dst and returns the keys it asks for.
func (w *worker) encode(dst []byte, op Op) ([]byte, int) {
	w.arena = w.arena[:0]
	p := w.cfg.Protocol
	switch op {
	case OpGet:
		k := w.key("", w.nextKey())
		switch p {
		case ProtoText:
			return AppendMCGet(dst, k), 1
		case ProtoMeta:
			return AppendMetaGet(dst, k), 1
		}
		return AppendRESPCommand(dst, "GET", k), 1
	case OpSet:
		k := w.key("", w.nextKey())
		v := w.nextValue()
		switch p {
		case ProtoText:
			return AppendMCSet(dst, k, 0, 0, v), 0
		case ProtoMeta:
			return AppendMetaSet(dst, k, v), 0
		}
		return AppendRESPCommand(dst, "SET", k, v), 0
	case OpMGet:
		w.args = w.args[:0]
		for range w.cfg.MultiGet {
			w.args = append(w.args, w.key("", w.nextKey()))
		}
		if p == ProtoText {
			return AppendMCGet(dst, w.args...), len(w.args)
		}
		return AppendRESPCommand(dst, "MGET", w.args...), len(w.args)
	case OpMSet:
		w.args = w.args[:0]
		for range w.cfg.MultiGet {
			w.args = append(w.args, w.key("", w.nextKey()), w.nextValue())
		}
		return AppendRESPCommand(dst, "MSET", w.args...), 0
	case OpIncr:
		k := w.key("ctr:", w.nextKey())
		switch p {
		case ProtoText:
			return AppendMCIncr(dst, k, 1), 0
		case ProtoMeta:
			return AppendMetaArith(dst, k), 0
		}
		return AppendRESPCommand(dst, "INCR", k), 0
	case OpLPush:
		return AppendRESPCommand(dst, "LPUSH", w.key("list:", w.nextKey()), w.nextValue()), 0
	case OpLPop:
		return AppendRESPCommand(dst, "LPOP", w.key("list:", w.nextKey())), 0
	}
	panic("BUG: unknown op")
}

// encodeFill appends a set of key idx in the family: a value for data keys,
// "0" for counters.
func (w *worker) encodeFill(dst []byte, family string, idx uint64) []byte {
	w.arena = w.arena[:0]
	k := w.key(family, idx)
	v := w.nextValue()
	if family != "" {
		v = counterStart
	}
	switch w.cfg.Protocol {
	case ProtoText:
		return AppendMCSet(dst, k, 0, 0, v)
	case ProtoMeta:
		return AppendMetaSet(dst, k, v)
	}
	return AppendRESPCommand(dst, "SET", k, v)
}

func (w *worker) parse(b []byte, p *pending) (int, Reply, error) {
	switch w.cfg.Protocol {
	case ProtoText:
		return ParseMCText(b, p.keys)
	case ProtoMeta:
		return ParseMeta(b)
	}
	return ParseRESP(b)
}

// renewDeadline pushes the I/O deadline forward about once a second, so a
// stalled server fails the connection after cfg.Timeout instead of hanging.
func (w *worker) renewDeadline(now int64, start time.Time) {
	if now < w.deadline {
		return
	}
	w.deadline = now + int64(time.Second)
	w.nc.SetDeadline(start.Add(time.Duration(now) + w.cfg.Timeout))
}

// roundTrip writes wbuf and reads back len(pend) replies, recording each
// latency from its intended time when record is set.
func (w *worker) roundTrip(pend []pending, start time.Time, record bool) error {
	if _, err := w.nc.Write(w.wbuf); err != nil {
		return err
	}
	now := int64(time.Since(start))
	for i := 0; i < len(pend); {
		p := &pend[i]
		n, r, err := w.parse(w.rbuf[w.rstart:w.rend], p)
		if err == ErrIncomplete {
			if w.rstart > 0 {
				w.rend = copy(w.rbuf, w.rbuf[w.rstart:w.rend])
				w.rstart = 0
			}
			if w.rend == len(w.rbuf) {
				if len(w.rbuf) >= 2*maxReply {
					return errors.New("reply too large")
				}
				nb := make([]byte, 2*len(w.rbuf))
				copy(nb, w.rbuf[:w.rend])
				w.rbuf = nb
			}
			m, err := w.nc.Read(w.rbuf[w.rend:])
			if err != nil {
				return err
			}
			w.rend += m
			now = int64(time.Since(start))
			continue
		}
		if err != nil {
			return fmt.Errorf("%w near %q", err, snippet(w.rbuf[w.rstart:w.rend]))
		}
		w.rstart += n
		i++
		if r.Err {
			w.errors++
		}
		if !record {
			continue
		}
		w.hist.Record(now - p.intended)
		w.requests++
		w.opCount[p.op]++
		if p.op.reads() {
			w.hits += uint64(r.Hits)
			w.misses += uint64(r.Misses)
		}
	}
	if w.rstart == w.rend {
		w.rstart, w.rend = 0, 0
	}
	return nil
}

func snippet(b []byte) string {
	if len(b) > 40 {
		b = b[:40]
	}
	return string(b)
}

// warmup sets every key this worker owns (idx ≡ id mod conns), and the
// counters too when the mix increments.
func (w *worker) warmup(stop *atomic.Bool) {
	start := time.Now()
	families := []string{""}
	for _, m := range w.cfg.Mix {
		if m.Op == OpIncr {
			families = append(families, "ctr:")
		}
	}
	step := uint64(w.cfg.Conns)
	for _, fam := range families {
		idx := uint64(w.id)
		for idx < w.cfg.Keys && !stop.Load() {
			w.wbuf = w.wbuf[:0]
			n := 0
			for ; n < warmBatch && idx < w.cfg.Keys; n++ {
				w.wbuf = w.encodeFill(w.wbuf, fam, idx)
				w.pend[n] = pending{op: OpSet}
				idx += step
			}
			w.renewDeadline(int64(time.Since(start)), start)
			if err := w.roundTrip(w.pend[:n], start, false); err != nil {
				w.err = err
				return
			}
			w.done.Add(uint64(n))
		}
	}
}

// measure runs the timed part of the load.
func (w *worker) measure(stop *atomic.Bool, start time.Time) {
	cfg := w.cfg
	end := int64(cfg.Duration)
	open := cfg.Rate > 0
	var interval, offset float64 // open loop: ns between this connection's requests, and its phase
	if open {
		interval = float64(cfg.Conns) / cfg.Rate * 1e9
		offset = interval * float64(w.id) / float64(cfg.Conns)
		w.pacer = newPacer()
		defer w.pacer.close()
	}
	// The open loop may send what fell due before the end a little late, but
	// not forever: past end+grace whatever is left is counted as behind.
	stopAt := end
	if open {
		stopAt += min(end/10, int64(time.Second))
	}
	var sent int64
	for !stop.Load() {
		now := int64(time.Since(start))
		n := int64(cfg.Pipeline)
		if w.quota < 0 && now >= stopAt {
			break
		}
		if open {
			next := offset + float64(sent)*interval
			if w.quota < 0 && next >= float64(end) {
				break
			}
			if wait := int64(next) - now; wait > 0 {
				w.pacer.sleep(time.Duration(min(wait, int64(100*time.Millisecond))))
				continue
			}
			n = min(n, int64((float64(now)-offset)/interval)+1-sent)
		}
		if w.quota >= 0 {
			n = min(n, w.quota-sent)
			if n <= 0 {
				break
			}
		}
		w.wbuf = w.wbuf[:0]
		for i := range n {
			op := w.pickOp()
			var keys int
			w.wbuf, keys = w.encode(w.wbuf, op)
			intended := now
			if open {
				intended = int64(offset + float64(sent+i)*interval)
			}
			w.pend[i] = pending{op: op, keys: keys, intended: intended}
		}
		sent += n
		w.renewDeadline(now, start)
		if err := w.roundTrip(w.pend[:n], start, true); err != nil {
			w.err = err
			return
		}
		w.done.Add(uint64(n))
	}
	if open && w.quota < 0 && !stop.Load() {
		// Requests that fell due before the end but were never sent.
		if due := int64(math.Ceil((float64(end) - offset) / interval)); due > sent {
			w.behind = uint64(due - sent)
		}
	}
}
