package bench

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"time"
)

// StockTools says where the stock benchmark tools are and how to run them.
type StockTools struct {
	Memcaslap      string // memaslap under Debian's name; "" = not used
	RedisBenchmark string // "" = not used
	Threads        int    // memcaslap -T, redis-benchmark --threads (default 2)
	Requests       int    // redis-benchmark -n per test (default 500000)
	CPUs           []int  // pin the tools to these CPUs
}

// stockStep is one invocation of a stock tool.
type stockStep struct {
	Tool    string
	Test    string // what the result is labelled with: GET, SET, get:set 9:1…
	Args    []string
	Measure bool // false: a fill step whose output is ignored
	Always  bool // an unmeasured step that runs every round (not only the first)
	// Requests is the request count the tool is told to send (-n); 0 when
	// the tool reports it itself.
	Requests int
	parse    func(out []byte, base *Result) (*Result, error)
	cleanup  func()
}

// stockSteps maps a workload onto stock-tool invocations against addr; a
// workload the tools cannot express returns a note instead.
func stockSteps(wl Workload, cfg *Config, addr string, tools StockTools) ([]stockStep, string, error) {
	threads := max(tools.Threads, 1)
	host, port, ok := strings.Cut(addr, ":")
	if !ok {
		return nil, "", fmt.Errorf("bad address %q", addr)
	}
	switch wl.Protocol {
	case ProtoMeta:
		return nil, "no stock tool speaks the meta protocol", nil
	case ProtoText:
		if tools.Memcaslap == "" {
			return nil, "memcaslap not available", nil
		}
		var get, set int
		for _, m := range wl.Mix {
			switch m.Op {
			case OpGet, OpMGet:
				get += m.Weight
			case OpSet:
				set += m.Weight
			default:
				return nil, "memcaslap only does get, set and multi-get", nil
			}
		}
		// memcaslap wants concurrency to be a multiple of its threads, and
		// keys of at least 16 bytes; it has no key space size, and does its
		// own fill (counted in its Ops, but not in the request figures here).
		conns := (cfg.Conns + threads - 1) / threads * threads
		f, err := os.CreateTemp("", "corvid-bench-memcaslap-*.cfg")
		if err != nil {
			return nil, "", err
		}
		fmt.Fprintf(f, "key\n16 16 1\nvalue\n%d %d 1\ncmd\n0 %g\n1 %g\n", max(cfg.ValueMin, 1), max(cfg.ValueMax, 1),
			float64(set)/float64(get+set), float64(get)/float64(get+set))
		f.Close()
		secs := strconv.Itoa(max(int(cfg.Duration.Round(time.Second)/time.Second), 1)) + "s"
		args := []string{"-s", addr, "-t", secs, "-T", strconv.Itoa(threads), "-c", strconv.Itoa(conns), "-F", f.Name(), "-S", secs}
		test := fmt.Sprintf("get:set %d:%d", get, set)
		if wl.MultiGet > 0 {
			args = append(args, "-d", strconv.Itoa(wl.MultiGet))
			test = fmt.Sprintf("multi-get %d", wl.MultiGet)
		}
		note := ""
		if wl.Pipeline > 1 {
			note = "memcaslap does not pipeline; ran with one request in flight per connection"
		}
		return []stockStep{{Tool: "memcaslap", Test: test, Args: args, Measure: true, parse: parseMemcaslap,
			cleanup: func() { os.Remove(f.Name()) }}}, note, nil
	}

	if tools.RedisBenchmark == "" {
		return nil, "redis-benchmark not available", nil
	}
	n := tools.Requests
	if n <= 0 {
		n = 500000
	}
	base := []string{"-h", host, "-p", port, "-c", strconv.Itoa(cfg.Conns), "-r", strconv.FormatUint(cfg.Keys, 10),
		"-d", strconv.Itoa(max(cfg.ValueMax, 1)), "-P", strconv.Itoa(wl.Pipeline), "-q", "--csv"}
	if threads > 1 {
		base = append(base, "--threads", strconv.Itoa(threads))
	}
	step := func(test string, measure bool, requests int, extra ...string) stockStep {
		args := append(append(append([]string(nil), base...), "-n", strconv.Itoa(requests)), extra...)
		return stockStep{Tool: "redis-benchmark", Test: test, Args: args, Measure: measure, Requests: requests, parse: parseRedisBenchmark}
	}
	if wl.StockSet {
		// The default set as users run it: no -r, so each test works on
		// redis-benchmark's own fixed keys (one list, set, hash, sorted set).
		plain := func(test string, measure bool, requests int, extra ...string) stockStep {
			st := step(test, measure, requests, extra...)
			for _, flag := range []string{"-r", "-d"} { // the tool's own keys and 3-byte values
				if i := slices.Index(st.Args, flag); i >= 0 {
					st.Args = slices.Delete(st.Args, i, i+2)
				}
			}
			return st
		}
		var steps []stockStep
		for _, t := range RedisBenchmarkDefaultTests {
			st := plain(strings.ToUpper(t), true, n, "-t", t)
			if strings.HasPrefix(t, "lrange") {
				// Each LRANGE test pushes its own 100k elements first: start
				// it from an empty list, as the one LPUSH of a whole default
				// run does, instead of letting the list grow test by test.
				del := plain("reset", false, 1, "DEL", "mylist")
				del.Always = true
				steps = append(steps, del)
			}
			steps = append(steps, st)
		}
		return steps, "", nil
	}
	fill := step("fill", false, int(min(3*cfg.Keys, 10_000_000)), "-t", "set")
	var steps []stockStep
	reads := false
	for _, m := range wl.Mix {
		switch m.Op {
		case OpGet:
			reads = true
			steps = append(steps, step("GET", true, n, "-t", "get"))
		case OpSet:
			steps = append(steps, step("SET", true, n, "-t", "set"))
		case OpIncr:
			steps = append(steps, step("INCR", true, n, "-t", "incr"))
		case OpLPush:
			steps = append(steps, step("LPUSH", true, n, "-t", "lpush"))
		case OpLPop:
			steps = append(steps, step("LPUSH", false, n, "-t", "lpush"), step("LPOP", true, n, "-t", "lpop"))
		case OpMGet, OpMSet:
			name := "MGET"
			if m.Op == OpMSet {
				name = "MSET"
			} else {
				reads = true
			}
			cmd := []string{name}
			for range wl.MultiGet {
				cmd = append(cmd, "key:__rand_int__")
				if m.Op == OpMSet {
					cmd = append(cmd, "xxx")
				}
			}
			steps = append(steps, step(name, true, n/max(wl.MultiGet, 1)+1, cmd...))
		}
	}
	if reads {
		steps = append([]stockStep{fill}, steps...)
	}
	return steps, "", nil
}

// runStockStep runs one tool invocation, pinned to tools.CPUs.
func runStockStep(ctx context.Context, st stockStep, path string, cpus []int) ([]byte, error) {
	cmd := exec.CommandContext(ctx, path, st.Args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := startPinned(cmd, cpus); err != nil {
		return nil, err
	}
	err := cmd.Wait()
	if err != nil {
		return out.Bytes(), fmt.Errorf("%s %s: %v: %s", st.Tool, strings.Join(st.Args, " "), err, lastLines(out.Bytes(), 3))
	}
	return out.Bytes(), nil
}

func lastLines(b []byte, n int) string {
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, " | ")
}

// parseRedisBenchmark reads redis-benchmark -q --csv output:
//
//	"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
//	"GET","99502.48","0.109","0.032","0.111","0.135","0.207","1.143"
//
// It has no p90 or p99.9; those stay 0.
func parseRedisBenchmark(out []byte, res *Result) (*Result, error) {
	// -q may leave progress text ending in \r before the CSV; keep only
	// lines that start with a quote.
	var csvText bytes.Buffer
	for line := range bytes.SplitSeq(out, []byte("\n")) {
		if i := bytes.LastIndexByte(line, '\r'); i >= 0 {
			line = line[i+1:]
		}
		if bytes.HasPrefix(line, []byte(`"`)) {
			csvText.Write(line)
			csvText.WriteByte('\n')
		}
	}
	recs, err := csv.NewReader(&csvText).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("redis-benchmark csv: %w", err)
	}
	if len(recs) < 2 || len(recs[0]) < 8 || recs[0][1] != "rps" {
		return nil, fmt.Errorf("redis-benchmark: no CSV result in %q", lastLines(out, 3))
	}
	r := recs[len(recs)-1]
	var v [7]float64
	for i := range v {
		if v[i], err = strconv.ParseFloat(r[i+1], 64); err != nil {
			return nil, fmt.Errorf("redis-benchmark: bad number %q", r[i+1])
		}
	}
	res.Throughput = v[0]
	res.Latency = Latency{Mean: v[1] * 1e3, Min: v[2] * 1e3, P50: v[3] * 1e3, P99: v[5] * 1e3, Max: v[6] * 1e3}
	return res, nil
}

// parseMemcaslap reads memcaslap's summary (with -S so that it prints the
// "Total Statistics (N events)" block of latencies in µs and a log2
// histogram). Percentiles come from that histogram, so they are bucket upper
// bounds (powers of two), good to a factor of two only.
func parseMemcaslap(out []byte, res *Result) (*Result, error) {
	var events, cmdGet, getMisses uint64
	var runTime float64
	var log2 []uint64 // counts of [2^i, 2^(i+1)) µs
	inTotal, inDist := false, false
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		f := strings.Fields(line)
		switch {
		case strings.HasPrefix(line, "Total Statistics ("):
			inTotal, inDist = true, false
			events, _ = strconv.ParseUint(strings.Trim(f[2], "("), 10, 64)
			log2 = log2[:0]
		case inTotal && len(f) == 2 && f[0] == "Min:":
			res.Latency.Min, _ = strconv.ParseFloat(f[1], 64)
		case inTotal && len(f) == 2 && f[0] == "Max:":
			res.Latency.Max, _ = strconv.ParseFloat(f[1], 64)
		case inTotal && len(f) == 2 && f[0] == "Avg:":
			res.Latency.Mean, _ = strconv.ParseFloat(f[1], 64)
		case inTotal && line == "Log2 Dist:":
			inDist = true
		case inDist && len(f) >= 2 && strings.HasSuffix(f[0], ":"):
			start, err := strconv.Atoi(strings.TrimSuffix(f[0], ":"))
			if err != nil || start > 62 {
				inDist, inTotal = false, false
				continue
			}
			for i, s := range f[1:] {
				c, _ := strconv.ParseUint(s, 10, 64)
				for len(log2) <= start+i {
					log2 = append(log2, 0)
				}
				log2[start+i] = c
			}
		case line == "":
			inDist, inTotal = false, false
		case strings.HasPrefix(line, "cmd_get:") && len(f) == 2:
			cmdGet, _ = strconv.ParseUint(f[1], 10, 64)
		case strings.HasPrefix(line, "get_misses:") && len(f) == 2:
			getMisses, _ = strconv.ParseUint(f[1], 10, 64)
		case strings.HasPrefix(line, "Run time:") && len(f) >= 3:
			runTime, _ = strconv.ParseFloat(strings.TrimSuffix(f[2], "s"), 64)
		}
	}
	if runTime <= 0 || events == 0 {
		return nil, fmt.Errorf("memcaslap: no summary in %q", lastLines(out, 3))
	}
	res.Requests = events
	res.Elapsed = runTime
	res.Throughput = float64(events) / runTime
	if cmdGet > 0 {
		res.Hits, res.Misses = cmdGet-min(getMisses, cmdGet), getMisses
		res.HitRatio = float64(res.Hits) / float64(cmdGet)
	}
	var total uint64
	for _, c := range log2 {
		total += c
	}
	q := func(p float64) float64 {
		rank := uint64(math.Ceil(p * float64(total)))
		var seen uint64
		for i, c := range log2 {
			seen += c
			if seen >= rank && c > 0 {
				return math.Min(math.Exp2(float64(i+1)), res.Latency.Max)
			}
		}
		return res.Latency.Max
	}
	if total > 0 {
		res.Latency.P50, res.Latency.P90, res.Latency.P99, res.Latency.P999 = q(0.5), q(0.9), q(0.99), q(0.999)
	}
	return res, nil
}
