package bench

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
	"time"
)

// CompareConfig describes a side-by-side comparison.
type CompareConfig struct {
	// Base holds the load settings every run shares: connections, duration or
	// requests, rate, keys, distribution, value sizes, timeout, seed. Addr,
	// Protocol, Mix, MultiGet and Pipeline come from each workload; Warmup
	// applies to the first round only (the key space stays filled).
	Base      Config
	Workloads []Workload
	Rounds    int          // rounds per workload and server (default 5)
	Servers   []ServerSpec // started in this order; a missing binary is skipped with a note
	Stock     bool         // drive memcaslap and redis-benchmark instead of the built-in client
	Tools     StockTools
	Log       io.Writer // progress notes, one line per run; nil = silent
}

// ServerReport says what became of one server.
type ServerReport struct {
	Name    string `json:"name"`
	Command string `json:"command,omitempty"`
	Skipped string `json:"skipped,omitempty"`
}

// Summary is the median over the rounds of each figure, taken separately.
type Summary struct {
	Rounds          int     `json:"rounds"`
	Throughput      float64 `json:"throughput"`
	P50             float64 `json:"p50_us"`
	P90             float64 `json:"p90_us"`
	P99             float64 `json:"p99_us"`
	P999            float64 `json:"p99_9_us"`
	Max             float64 `json:"max_us"`
	HitRatio        float64 `json:"hit_ratio"`
	Errors          uint64  `json:"errors"` // summed over the rounds
	ServerCPUPerReq float64 `json:"server_cpu_us_per_req"`
	ClientCPUPerReq float64 `json:"client_cpu_us_per_req,omitempty"`
}

// Ratio compares Corvid with another server on one workload: Corvid's figure
// divided by the other's (throughput above 1 and latency or CPU below 1 favour
// Corvid). 0 means a figure is missing.
type Ratio struct {
	Throughput float64 `json:"throughput"`
	P99        float64 `json:"p99"`
	CPUPerReq  float64 `json:"cpu_per_req"`
}

// WorkloadReport holds one workload's results (one test of it, for stock
// tools that split a workload into several tests).
type WorkloadReport struct {
	Workload string               `json:"workload"`
	Test     string               `json:"test,omitempty"`
	Protocol string               `json:"protocol"`
	Tool     string               `json:"tool"`
	Servers  []string             `json:"servers"` // in display order
	Medians  map[string]Summary   `json:"medians"`
	Ratios   map[string]Ratio     `json:"ratios,omitempty"` // "corvid/memcached", "corvid/redis"
	Runs     map[string][]*Result `json:"runs"`
	Notes    []string             `json:"notes,omitempty"`
}

// CompareReport is the outcome of Compare.
type CompareReport struct {
	Rounds    int              `json:"rounds"`
	Conns     int              `json:"conns"`
	Duration  float64          `json:"duration_s"`
	Keys      uint64           `json:"keys"`
	ValueSize string           `json:"value_size"`
	Dist      string           `json:"dist"`
	Stock     bool             `json:"stock"`
	Servers   []ServerReport   `json:"servers"`
	Workloads []WorkloadReport `json:"workloads"`
}

// Compare starts the servers on free loopback ports, runs every workload
// against every server that speaks its protocol in alternating rounds
// (round r starts with a different server, so drift over time hits all of
// them alike), and reports medians and Corvid's ratios. Servers are stopped
// before it returns.
func Compare(ctx context.Context, cc CompareConfig) (*CompareReport, error) {
	if cc.Rounds <= 0 {
		cc.Rounds = 5
	}
	if len(cc.Workloads) == 0 {
		return nil, errors.New("no workloads")
	}
	logf := func(format string, args ...any) {
		if cc.Log != nil {
			fmt.Fprintf(cc.Log, format+"\n", args...)
		}
	}
	base := cc.Base
	if base.Duration == 0 && base.Requests <= 0 {
		base.Duration = 5 * time.Second
	}
	probe := base
	probe.Addr = "127.0.0.1:1"
	if err := probe.Validate(); err != nil {
		return nil, err
	}
	rep := &CompareReport{
		Rounds: cc.Rounds, Conns: probe.Conns, Duration: probe.Duration.Seconds(), Keys: probe.Keys,
		ValueSize: valueSizeString(probe.ValueMin, probe.ValueMax), Dist: probe.Dist.String(), Stock: cc.Stock,
	}

	var servers []*Server
	defer func() {
		for _, s := range servers {
			s.Stop()
		}
	}()
	for _, spec := range cc.Servers {
		sr := ServerReport{Name: spec.Kind.String()}
		if _, err := exec.LookPath(spec.Path); err != nil {
			sr.Skipped = fmt.Sprintf("%s not found", spec.Path)
			logf("note: skipping %s: %s", sr.Name, sr.Skipped)
			rep.Servers = append(rep.Servers, sr)
			continue
		}
		s, err := StartServer(ctx, spec)
		if err != nil {
			sr.Skipped = err.Error()
			logf("note: skipping %s: %v", sr.Name, err)
			rep.Servers = append(rep.Servers, sr)
			continue
		}
		sr.Command = strings.Join(s.Args, " ")
		logf("started %s (pid %d): %s", sr.Name, s.Pid(), sr.Command)
		servers = append(servers, s)
		rep.Servers = append(rep.Servers, sr)
	}
	if len(servers) == 0 {
		return rep, errors.New("no server could be started")
	}

	// reports[key] collects one workload (or one stock test of it).
	type key struct{ workload, test string }
	reports := map[key]*WorkloadReport{}
	var ordered []*WorkloadReport
	getReport := func(wl Workload, test, tool string) *WorkloadReport {
		k := key{wl.Name, test}
		if r := reports[k]; r != nil {
			return r
		}
		r := &WorkloadReport{Workload: wl.Name, Test: test, Protocol: wl.Protocol.String(), Tool: tool,
			Medians: map[string]Summary{}, Runs: map[string][]*Result{}}
		for _, s := range servers {
			if s.Spec.Kind.Speaks(wl.Protocol) {
				r.Servers = append(r.Servers, s.Spec.Kind.String())
			}
		}
		reports[k] = r
		ordered = append(ordered, r)
		return r
	}
	noted := map[string]bool{}
	note := func(wl Workload, msg string) {
		if !noted[wl.Name+msg] {
			noted[wl.Name+msg] = true
			logf("note: %s: %s", wl.Name, msg)
			r := getReport(wl, "", "")
			r.Notes = append(r.Notes, msg)
		}
	}
	dead := map[*Server]string{}

	for round := range cc.Rounds {
		for _, wl := range cc.Workloads {
			var targets []*Server
			for _, s := range servers {
				if s.Spec.Kind.Speaks(wl.Protocol) && dead[s] == "" {
					targets = append(targets, s)
				}
			}
			if len(targets) == 0 {
				note(wl, "no running server speaks "+wl.Protocol.String())
				continue
			}
			// Rotate the order every round.
			rot := round % len(targets)
			targets = append(targets[rot:], targets[:rot]...)
			for _, s := range targets {
				if ctx.Err() != nil {
					return finishCompare(rep, ordered), ctx.Err()
				}
				name := s.Spec.Kind.String()
				addr := s.Addr(wl.Protocol)
				var results []*Result
				var err error
				if wl.StockSet && !cc.Stock {
					note(wl, "redis-benchmark's default set runs with --stock only")
					break
				}
				if cc.Stock {
					results, err = compareStock(ctx, cc, base, wl, s, addr, round, func(msg string) { note(wl, msg) })
				} else {
					results, err = compareRun(ctx, base, wl, s, addr, round == 0)
				}
				if err != nil {
					if !s.Alive() {
						dead[s] = err.Error()
						note(wl, fmt.Sprintf("%s died: %v; output: %s", name, err, strings.TrimSpace(s.Output())))
						continue
					}
					note(wl, fmt.Sprintf("%s: %v", name, err))
					continue
				}
				for _, res := range results {
					tool := res.Tool
					if tool == "" {
						tool = "corvid-bench"
					}
					r := getReport(wl, res.Test, tool)
					if r.Tool == "" {
						r.Tool = tool
					}
					r.Runs[name] = append(r.Runs[name], res)
					label := wl.Name
					if res.Test != "" {
						label += " [" + res.Test + "]"
					}
					logf("round %d/%d  %-24s %-10s %12s req/s  p99 %-8s  server %.2f µs/req  errors %d",
						round+1, cc.Rounds, label, name, groupDigits(uint64(res.Throughput+0.5)),
						FormatMicros(res.Latency.P99), res.ServerCPUPerReq, res.Errors)
				}
			}
		}
	}
	return finishCompare(rep, ordered), nil
}

// finishCompare computes medians and ratios and orders the reports.
func finishCompare(rep *CompareReport, ordered []*WorkloadReport) *CompareReport {
	for _, r := range ordered {
		for name, runs := range r.Runs {
			r.Medians[name] = summarize(runs)
		}
		corvid, ok := r.Medians["corvid"]
		for _, other := range []string{"memcached", "redis"} {
			o, ok2 := r.Medians[other]
			if !ok || !ok2 {
				continue
			}
			if r.Ratios == nil {
				r.Ratios = map[string]Ratio{}
			}
			r.Ratios["corvid/"+other] = Ratio{
				Throughput: safeDiv(corvid.Throughput, o.Throughput),
				P99:        safeDiv(corvid.P99, o.P99),
				CPUPerReq:  safeDiv(corvid.ServerCPUPerReq, o.ServerCPUPerReq),
			}
		}
		rep.Workloads = append(rep.Workloads, *r)
	}
	return rep
}

func safeDiv(a, b float64) float64 {
	if a == 0 || b == 0 {
		return 0
	}
	return a / b
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Clone(v)
	sort.Float64s(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

func summarize(runs []*Result) Summary {
	pick := func(f func(*Result) float64) float64 {
		v := make([]float64, len(runs))
		for i, r := range runs {
			v[i] = f(r)
		}
		return median(v)
	}
	s := Summary{
		Rounds:          len(runs),
		Throughput:      pick(func(r *Result) float64 { return r.Throughput }),
		P50:             pick(func(r *Result) float64 { return r.Latency.P50 }),
		P90:             pick(func(r *Result) float64 { return r.Latency.P90 }),
		P99:             pick(func(r *Result) float64 { return r.Latency.P99 }),
		P999:            pick(func(r *Result) float64 { return r.Latency.P999 }),
		Max:             pick(func(r *Result) float64 { return r.Latency.Max }),
		HitRatio:        pick(func(r *Result) float64 { return r.HitRatio }),
		ServerCPUPerReq: pick(func(r *Result) float64 { return r.ServerCPUPerReq }),
		ClientCPUPerReq: pick(func(r *Result) float64 { return r.ClientCPUPerReq }),
	}
	for _, r := range runs {
		s.Errors += r.Errors
	}
	return s
}

// cpuWindow measures a process's CPU time between start and stop.
type cpuWindow struct {
	pid    int
	before time.Duration
	used   time.Duration
	ok     bool
}

func (w *cpuWindow) start() {
	var err error
	w.before, err = TreeCPUTime(w.pid)
	w.ok = err == nil
}

func (w *cpuWindow) stop() {
	after, err := TreeCPUTime(w.pid)
	if err != nil || !w.ok {
		w.ok = false
		return
	}
	w.used = after - w.before
}

func (w *cpuWindow) perRequest(requests uint64) float64 {
	if !w.ok || requests == 0 {
		return 0
	}
	return float64(w.used) / 1e3 / float64(requests)
}

// compareRun is one built-in run of wl against s.
func compareRun(ctx context.Context, base Config, wl Workload, s *Server, addr string, first bool) ([]*Result, error) {
	cfg := base
	wl.Apply(&cfg)
	cfg.Addr = addr
	cfg.Warmup = base.Warmup && first
	cfg.Progress = nil
	win := &cpuWindow{pid: s.Pid()}
	cfg.BeforeMeasure, cfg.AfterMeasure = win.start, win.stop
	res, err := Run(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if len(res.ConnErrors) > 0 {
		return nil, fmt.Errorf("%d connections failed, first: %s", len(res.ConnErrors), res.ConnErrors[0])
	}
	res.ServerCPUPerReq = win.perRequest(res.Requests)
	return []*Result{res}, nil
}

// compareStock runs the stock tools' version of wl against s.
func compareStock(ctx context.Context, cc CompareConfig, base Config, wl Workload, s *Server, addr string, round int, note func(string)) ([]*Result, error) {
	cfg := base
	wl.Apply(&cfg)
	cfg.Addr = addr
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	steps, msg, err := stockSteps(wl, &cfg, addr, cc.Tools)
	if err != nil {
		return nil, err
	}
	for _, st := range steps {
		if st.cleanup != nil {
			defer st.cleanup()
		}
	}
	if msg != "" {
		note(msg)
	}
	var results []*Result
	for _, st := range steps {
		if !st.Measure && !st.Always && round > 0 {
			continue // fills once
		}
		path := cc.Tools.RedisBenchmark
		if st.Tool == "memcaslap" {
			path = cc.Tools.Memcaslap
		}
		win := &cpuWindow{pid: s.Pid()}
		win.start()
		out, err := runStockStep(ctx, st, path, cc.Tools.CPUs)
		win.stop()
		if err != nil {
			return nil, err
		}
		if !st.Measure {
			continue
		}
		res := &Result{
			Target: addr, Protocol: wl.Protocol.String(), Mix: MixString(wl.Mix), MultiGet: wl.MultiGet,
			Conns: cfg.Conns, Pipeline: wl.Pipeline, Keys: cfg.Keys, Dist: "tool's own",
			ValueSize: valueSizeString(cfg.ValueMin, cfg.ValueMax), Tool: st.Tool, Test: st.Test,
		}
		if res, err = st.parse(out, res); err != nil {
			return nil, err
		}
		if st.Requests > 0 {
			res.Requests = uint64(st.Requests)
			if res.Throughput > 0 {
				res.Elapsed = float64(st.Requests) / res.Throughput
			}
		}
		// memcaslap's own fill (a get-only mix first sets concurrency x
		// window keys) runs inside the CPU window too, so divide by every
		// request it sent: the sets plus the gets, cmd_get counting keys.
		reqs := res.Requests
		if st.Tool == "memcaslap" {
			reqs = max(reqs, memcaslapWireRequests(out, max(wl.MultiGet, 1)))
		}
		res.ServerCPUPerReq = win.perRequest(reqs)
		results = append(results, res)
	}
	return results, nil
}

// memcaslapWireRequests returns how many requests memcaslap sent: cmd_set
// plus cmd_get divided by the multi-get size.
func memcaslapWireRequests(out []byte, division int) uint64 {
	var gets, sets uint64
	for line := range strings.SplitSeq(string(out), "\n") {
		f := strings.Fields(line)
		if len(f) != 2 {
			continue
		}
		switch f[0] {
		case "cmd_get:":
			fmt.Sscan(f[1], &gets)
		case "cmd_set:":
			fmt.Sscan(f[1], &sets)
		}
	}
	return sets + (gets+uint64(division)-1)/uint64(division)
}

// WriteCompare prints a compare report for humans: per workload one row per
// server with the medians, then Corvid's ratios.
func WriteCompare(out io.Writer, rep *CompareReport) {
	fmt.Fprintf(out, "%d rounds, medians; %d conns, %gs per run, %d keys (%s), value %s B\n",
		rep.Rounds, rep.Conns, rep.Duration, rep.Keys, rep.Dist, rep.ValueSize)
	for _, s := range rep.Servers {
		if s.Skipped != "" {
			fmt.Fprintf(out, "  %s: skipped (%s)\n", s.Name, s.Skipped)
		}
	}
	dash := func(v float64) string {
		if v == 0 {
			return "-"
		}
		return FormatMicros(v)
	}
	for _, r := range rep.Workloads {
		title := r.Workload
		if r.Test != "" {
			title += " [" + r.Test + "]"
		}
		title += " (" + r.Protocol
		if r.Tool != "" {
			title += ", " + r.Tool
		}
		fmt.Fprintf(out, "\n== %s) ==\n", title)
		for _, n := range r.Notes {
			fmt.Fprintf(out, "note: %s\n", n)
		}
		if len(r.Medians) == 0 {
			continue
		}
		tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprint(tw, "server\treq/s\tsrv µs/req\tp50\tp90\tp99\tp99.9\tmax\thit%\terrors\t\n")
		for _, name := range r.Servers {
			m, ok := r.Medians[name]
			if !ok {
				continue
			}
			hit := "-"
			if m.HitRatio > 0 {
				hit = fmt.Sprintf("%.1f", 100*m.HitRatio)
			}
			cpu := "-"
			if m.ServerCPUPerReq > 0 {
				cpu = fmt.Sprintf("%.2f", m.ServerCPUPerReq)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%d\t\n", name, groupDigits(uint64(m.Throughput+0.5)), cpu,
				dash(m.P50), dash(m.P90), dash(m.P99), dash(m.P999), dash(m.Max), hit, m.Errors)
		}
		tw.Flush()
		for _, other := range []string{"memcached", "redis"} {
			ra, ok := r.Ratios["corvid/"+other]
			if !ok {
				continue
			}
			x := func(v float64) string {
				if v == 0 {
					return "-"
				}
				return fmt.Sprintf("%.2fx", v)
			}
			fmt.Fprintf(out, "corvid/%s: throughput %s, p99 %s, server cpu/req %s\n", other, x(ra.Throughput), x(ra.P99), x(ra.CPUPerReq))
		}
	}
}
