// Command corvid-bench is Corvid's load generator: it drives a memcached
// (text or meta protocol) or Redis (RESP) server and reports throughput, hit
// ratio and latency percentiles, and with "compare" it runs the same
// workloads against Corvid, memcached and redis-server side by side.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/corvidcache/corvid/bench"
	"github.com/urfave/cli/v2"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newApp().RunContext(ctx, os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "corvid-bench:", err)
		os.Exit(1)
	}
}

func newApp() *cli.App {
	return &cli.App{
		Name:  "corvid-bench",
		Usage: "load generator for memcached text/meta and RESP servers",
		Description: "Without a command, runs one benchmark (see 'run').\n" +
			"Examples:\n" +
			"   corvid-bench -s 127.0.0.1:11211 -c 50 -d 10s --ratio 9:1\n" +
			"   corvid-bench -s 127.0.0.1:6379 -w resp-pipeline-16 --sweep-conns 1,4,16,64 --plot sweep.svg\n" +
			"   corvid-bench compare --rounds 5 --duration 5s --server-cpus 0 --client-cpus 1",
		Flags:  runFlags(),
		Action: runAction,
		Commands: []*cli.Command{
			{
				Name:      "run",
				Usage:     "drive one server with one workload (or a sweep of connections or rates)",
				UsageText: "corvid-bench run [flags]",
				Flags:     runFlags(),
				Action:    runAction,
			},
			compareCommand(),
			{
				Name:  "workloads",
				Usage: "explain the workload names that --workload and compare --workloads accept",
				Action: func(c *cli.Context) error {
					fmt.Fprint(c.App.Writer, workloadHelp)
					return nil
				},
			},
		},
		HideHelpCommand: true,
	}
}

const workloadHelp = `Workload names are <proto>-<shape>; proto is mc (memcached text), meta or resp.
Shapes:
  get, set, incr           one op only (resp also: lpush, lpop)
  get-set-R:W              gets and sets in the ratio R:W      e.g. mc-get-set-9:1
  multiget-N, mget-N       multi-get of N keys (mc, resp)      e.g. mc-multiget-10, resp-mget-10
  mset-N                   MSET of N pairs (resp)              e.g. resp-mset-10
  pipeline-N               get:set 9:1, N requests per write   e.g. meta-pipeline-16
  default                  redis-benchmark's default test set, one test at a time (resp-default; compare --stock only)
Default set for compare: ` + "mc-get-set-9:1,mc-multiget-10,meta-pipeline-16,resp-get,resp-set,resp-pipeline-16\n"

// loadFlags are the workload-shaping flags shared by run and compare.
func loadFlags(duration time.Duration) []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "conns", Aliases: []string{"c"}, Value: 50, Usage: "connections, one goroutine each"},
		&cli.DurationFlag{Name: "duration", Aliases: []string{"d"}, Value: duration, Usage: "measured time per run"},
		&cli.Int64Flag{Name: "requests", Aliases: []string{"n"}, Usage: "stop after this many requests instead of after --duration"},
		&cli.Float64Flag{Name: "rate", Aliases: []string{"r"}, Usage: "open loop: total requests per second, latency measured from the intended send time (0 = closed loop)"},
		&cli.Uint64Flag{Name: "keys", Aliases: []string{"k"}, Value: 100000, Usage: "key space size"},
		&cli.StringFlag{Name: "dist", Value: "uniform", Usage: "key distribution: uniform or zipf"},
		&cli.Float64Flag{Name: "zipf-s", Value: 0.99, Usage: "Zipf skew (any value > 0; 0.99 is YCSB's)"},
		&cli.StringFlag{Name: "value-size", Aliases: []string{"V"}, Value: "100", Usage: "value size in bytes: N, or MIN-MAX for a uniform range"},
		&cli.IntFlag{Name: "multiget", Value: 10, Usage: "keys per multi-key op (mget, mset)"},
		&cli.BoolFlag{Name: "warmup", Value: true, Usage: "fill the key space before measuring (--warmup=false to skip)"},
		&cli.StringFlag{Name: "key-prefix", Value: "key:", Usage: "key prefix; counters and lists add ctr: and list:"},
		&cli.Uint64Flag{Name: "seed", Usage: "random seed", DefaultText: "from the clock"},
		&cli.DurationFlag{Name: "timeout", Value: 10 * time.Second, Usage: "dial and read timeout; a connection with no reply for this long fails"},
		&cli.StringFlag{Name: "client-cpus", Usage: "pin this process to these CPUs (taskset list: 1 or 2-3) and set GOMAXPROCS to match"},
		&cli.BoolFlag{Name: "json", Usage: "print the result as JSON instead of a table"},
		&cli.StringFlag{Name: "progress", Value: "auto", Usage: "live progress line on stderr: auto (when stdout is a terminal), on, off"},
	}
}

func runFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "server", Aliases: []string{"s"}, Usage: "host:port (default 127.0.0.1:11211, or 127.0.0.1:6379 for resp)"},
		&cli.StringFlag{Name: "protocol", Aliases: []string{"P"}, Value: "text", Usage: "text, meta or resp"},
		&cli.StringFlag{Name: "workload", Aliases: []string{"w"}, Usage: "a named workload (see 'corvid-bench workloads'); sets protocol, mix and pipeline"},
		&cli.IntFlag{Name: "pipeline", Value: 1, Usage: "requests per write (replies read back before the next write)"},
		&cli.StringFlag{Name: "ratio", Value: "9:1", Usage: "get:set ratio"},
		&cli.StringFlag{Name: "mix", Usage: "command mix overriding --ratio, e.g. get=8,set=1,incr=1 (ops: get set mget mset incr lpush lpop; mg ms ma)"},
		&cli.StringFlag{Name: "sweep-conns", Usage: "run once per connection count, e.g. 1,4,16,64"},
		&cli.StringFlag{Name: "sweep-rate", Usage: "run once per open-loop rate (req/s), e.g. 10000,50000,100000"},
		&cli.StringFlag{Name: "plot", Usage: "with a sweep: write an SVG of throughput and p99 here (default corvid-bench-sweep.svg)"},
	}, loadFlags(10*time.Second)...)
}

// configFrom builds the shared part of a Config from the load flags.
func configFrom(c *cli.Context) (bench.Config, error) {
	cfg := bench.Config{
		Conns: c.Int("conns"), Duration: c.Duration("duration"), Requests: c.Int64("requests"),
		Rate: c.Float64("rate"), Keys: c.Uint64("keys"), ZipfS: c.Float64("zipf-s"),
		MultiGet: c.Int("multiget"), Warmup: c.Bool("warmup"), KeyPrefix: c.String("key-prefix"),
		Seed: c.Uint64("seed"), Timeout: c.Duration("timeout"),
	}
	var err error
	if cfg.Dist, err = bench.ParseDist(c.String("dist")); err != nil {
		return cfg, err
	}
	if cfg.ValueMin, cfg.ValueMax, err = parseSizeRange(c.String("value-size")); err != nil {
		return cfg, err
	}
	if s := c.String("client-cpus"); s != "" {
		cpus, err := bench.ParseCPUList(s)
		if err != nil {
			return cfg, err
		}
		if err := bench.PinProcess(0, cpus); err != nil {
			return cfg, fmt.Errorf("pinning to CPUs %s: %w", s, err)
		}
		runtime.GOMAXPROCS(len(cpus))
	}
	return cfg, nil
}

func parseSizeRange(s string) (lo, hi int, err error) {
	a, b, isRange := strings.Cut(s, "-")
	lo, err = strconv.Atoi(a)
	hi = lo
	if err == nil && isRange {
		hi, err = strconv.Atoi(b)
	}
	if err != nil || lo < 0 || hi < lo {
		return 0, 0, fmt.Errorf("bad value size %q (want N or MIN-MAX)", s)
	}
	return lo, hi, nil
}

func parseFloats(s string) ([]float64, error) {
	var out []float64
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		f, err := strconv.ParseFloat(part, 64)
		if err != nil || f <= 0 {
			return nil, fmt.Errorf("bad sweep value %q", part)
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty sweep %q", s)
	}
	return out, nil
}

// progressWriter decides where the live line goes.
func progressWriter(c *cli.Context) io.Writer {
	switch c.String("progress") {
	case "on":
		return os.Stderr
	case "off":
		return nil
	}
	if c.Bool("json") {
		return nil
	}
	if bench.IsTerminal(os.Stdout) {
		return os.Stderr
	}
	return nil
}

func runAction(c *cli.Context) error {
	if c.Args().Present() {
		return fmt.Errorf("unexpected argument %q (commands: run, compare, workloads)", c.Args().First())
	}
	cfg, err := configFrom(c)
	if err != nil {
		return err
	}
	if cfg.Protocol, err = bench.ParseProtocol(c.String("protocol")); err != nil {
		return err
	}
	cfg.Pipeline = c.Int("pipeline")
	if cfg.Mix, err = bench.ParseRatio(c.String("ratio")); err != nil {
		return err
	}
	if s := c.String("mix"); s != "" {
		if cfg.Mix, err = bench.ParseMix(s); err != nil {
			return err
		}
	}
	if name := c.String("workload"); name != "" {
		wl, err := bench.ParseWorkload(name)
		if err != nil {
			return err
		}
		wl.Apply(&cfg)
		if c.IsSet("pipeline") {
			cfg.Pipeline = c.Int("pipeline")
		}
	}
	cfg.Addr = c.String("server")
	if cfg.Addr == "" {
		cfg.Addr = "127.0.0.1:11211"
		if cfg.Protocol == bench.ProtoRESP {
			cfg.Addr = "127.0.0.1:6379"
		}
	}
	cfg.Progress = progressWriter(c)
	out := c.App.Writer

	var sweep []float64
	sweepName := ""
	if s := c.String("sweep-conns"); s != "" {
		if sweep, err = parseFloats(s); err != nil {
			return err
		}
		sweepName = "conns"
	}
	if s := c.String("sweep-rate"); s != "" {
		if sweepName != "" {
			return fmt.Errorf("--sweep-conns and --sweep-rate exclude each other")
		}
		if sweep, err = parseFloats(s); err != nil {
			return err
		}
		sweepName = "rate"
	}
	if sweepName == "" {
		res, err := bench.Run(c.Context, cfg)
		if err != nil {
			return err
		}
		if c.Bool("json") {
			return writeJSON(out, res)
		}
		bench.WriteResult(out, res)
		if len(res.ConnErrors) > 0 {
			return fmt.Errorf("%d connections failed", len(res.ConnErrors))
		}
		return nil
	}

	var pts []bench.SweepPoint
	for i, x := range sweep {
		pc := cfg
		if sweepName == "conns" {
			pc.Conns = int(x)
		} else {
			pc.Rate = x
		}
		pc.Warmup = cfg.Warmup && i == 0 // the key space stays filled
		if pc.Progress != nil {
			fmt.Fprintf(pc.Progress, "%s=%s\n", sweepName, strconv.FormatFloat(x, 'f', -1, 64))
		}
		res, err := bench.Run(c.Context, pc)
		if err != nil {
			return fmt.Errorf("%s=%v: %w", sweepName, x, err)
		}
		pts = append(pts, bench.SweepPoint{X: x, Result: res})
		if c.Context.Err() != nil {
			break
		}
	}
	plot := c.String("plot")
	if plot == "" {
		plot = "corvid-bench-sweep.svg"
	}
	xLabel := "connections"
	if sweepName == "rate" {
		xLabel = "target rate (req/s)"
	}
	title := fmt.Sprintf("%s %s, %s, pipeline %d", cfg.Addr, cfg.Protocol, bench.MixString(cfg.Mix), cfg.Pipeline)
	if name := c.String("workload"); name != "" {
		title = cfg.Addr + " " + name
	}
	f, err := os.Create(plot)
	if err != nil {
		return err
	}
	if err := bench.WriteSVG(f, bench.SweepPlot(title, xLabel, cfg.Addr, pts)); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if c.Bool("json") {
		return writeJSON(out, map[string]any{"sweep": sweepName, "plot": plot, "points": pts})
	}
	fmt.Fprintf(out, "%s\n\n", title)
	bench.WriteSweep(out, sweepName, pts)
	fmt.Fprintf(out, "\nplot: %s\n", plot)
	return nil
}

func writeJSON(out io.Writer, v any) error {
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
