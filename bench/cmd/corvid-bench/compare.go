package main

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/corvidcache/corvid/bench"
	"github.com/urfave/cli/v2"
)

func compareCommand() *cli.Command {
	return &cli.Command{
		Name:  "compare",
		Usage: "start Corvid, memcached and redis-server on loopback and run the same workloads against each",
		UsageText: "corvid-bench compare [flags]\n\n" +
			"Starts each server on free 127.0.0.1 ports with the same memory limit and threads, runs every\n" +
			"workload against every server that speaks its protocol, in alternating rounds, and prints the\n" +
			"medians with the ratios Corvid/memcached and Corvid/Redis. A server whose binary is missing is\n" +
			"skipped with a note.",
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "workloads", Aliases: []string{"w"}, Value: strings.Join(bench.DefaultWorkloads, ","), Usage: "comma-separated workload names (see 'corvid-bench workloads')"},
			&cli.IntFlag{Name: "rounds", Value: 5, Usage: "rounds per workload and server; the figures are medians"},
			&cli.StringFlag{Name: "servers", Value: "corvid,memcached,redis", Usage: "which servers to start"},
			&cli.StringFlag{Name: "corvid", Value: "bin/corvid", Usage: "Corvid binary"},
			&cli.StringFlag{Name: "memcached", Value: "/usr/bin/memcached", Usage: "memcached binary"},
			&cli.StringFlag{Name: "redis-server", Value: "/usr/bin/redis-server", Usage: "redis-server binary"},
			&cli.IntFlag{Name: "memory", Aliases: []string{"m"}, Value: 1024, Usage: "memory limit in MB for every server (-m, --maxmemory)"},
			&cli.IntFlag{Name: "threads", Aliases: []string{"t"}, Value: 4, Usage: "server threads (-t; redis --io-threads, with reads, when > 1)"},
			&cli.IntFlag{Name: "redis-threads", DefaultText: "auto", Usage: "redis-server --io-threads (1 = none; default: --threads, but at most the server CPUs minus one, as redis.conf advises)"},
			&cli.StringFlag{Name: "server-cpus", Usage: "pin the servers to these CPUs (taskset list: 0 or 0-1)"},
			&cli.StringFlag{Name: "sweep-threads", Usage: "run the whole comparison once per thread count, e.g. 1,2,4,8,16; with --server-cpus each run pins the servers to the first N of those CPUs"},
			&cli.StringFlag{Name: "plot", Usage: "with --sweep-threads: write one SVG per workload of throughput and p99 against threads, named PLOT with the workload before its extension (default corvid-bench-scale.svg)"},
			&cli.BoolFlag{Name: "install", Usage: "apt-get install memcached and redis-server when missing (needs root)"},
			&cli.BoolFlag{Name: "stock", Usage: "drive memcaslap and redis-benchmark instead of the built-in client"},
			&cli.StringFlag{Name: "memcaslap", Value: "memcaslap", Usage: "memcaslap (memaslap) binary for --stock"},
			&cli.StringFlag{Name: "redis-benchmark", Value: "redis-benchmark", Usage: "redis-benchmark binary for --stock"},
			&cli.IntFlag{Name: "stock-threads", Value: 2, Usage: "--stock: memcaslap -T and redis-benchmark --threads"},
			&cli.IntFlag{Name: "stock-requests", Value: 500000, Usage: "--stock: redis-benchmark -n per test"},
		}, loadFlags(5*time.Second)...),
		Action: compareAction,
	}
}

func compareAction(c *cli.Context) error {
	base, err := configFrom(c)
	if err != nil {
		return err
	}
	cc := bench.CompareConfig{Base: base, Rounds: c.Int("rounds"), Stock: c.Bool("stock")}
	if !c.Bool("json") || c.String("progress") == "on" {
		cc.Log = os.Stderr
	}
	for name := range strings.SplitSeq(c.String("workloads"), ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		wl, err := bench.ParseWorkload(name)
		if err != nil {
			return err
		}
		cc.Workloads = append(cc.Workloads, wl)
	}
	var serverCPUs []int
	if s := c.String("server-cpus"); s != "" {
		if serverCPUs, err = bench.ParseCPUList(s); err != nil {
			return err
		}
	}
	if c.Bool("install") {
		installMissing(c.String("memcached"), c.String("redis-server"), cc.Log)
	}
	if c.IsSet("sweep-threads") {
		return sweepThreads(c, cc, serverCPUs)
	}
	if cc.Servers, err = serverSpecs(c, c.Int("threads"), serverCPUs); err != nil {
		return err
	}
	setStockTools(c, &cc)
	rep, err := bench.Compare(c.Context, cc)
	if rep != nil {
		if c.Bool("json") {
			if jerr := writeJSON(c.App.Writer, rep); jerr != nil {
				return jerr
			}
		} else {
			if cc.Log != nil {
				fmt.Fprintln(cc.Log)
			}
			bench.WriteCompare(c.App.Writer, rep)
		}
	}
	return err
}

// installMissing runs apt-get for memcached and redis-server when their
// binaries are missing and this process is root.
func installMissing(memcached, redis string, log interface{ Write([]byte) (int, error) }) {
	var pkgs []string
	if _, err := exec.LookPath(memcached); err != nil {
		pkgs = append(pkgs, "memcached")
	}
	if _, err := exec.LookPath(redis); err != nil {
		pkgs = append(pkgs, "redis-server")
	}
	if len(pkgs) == 0 {
		return
	}
	if os.Geteuid() != 0 {
		if log != nil {
			fmt.Fprintf(log, "note: %s missing and not root; install with: apt-get install -y %s\n", strings.Join(pkgs, ", "), strings.Join(pkgs, " "))
		}
		return
	}
	cmd := exec.Command("apt-get", append([]string{"install", "-y"}, pkgs...)...)
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	cmd.Env = append(os.Environ(), "DEBIAN_FRONTEND=noninteractive")
	if err := cmd.Run(); err != nil && log != nil {
		fmt.Fprintf(log, "note: apt-get install %s failed: %v\n", strings.Join(pkgs, " "), err)
	}
}

// serverSpecs builds the servers to start, each with threads worker
// threads and pinned to cpus (none = unpinned).
func serverSpecs(c *cli.Context, threads int, cpus []int) ([]bench.ServerSpec, error) {
	var specs []bench.ServerSpec
	for name := range strings.SplitSeq(c.String("servers"), ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		kind, err := bench.ParseServerKind(name)
		if err != nil {
			return nil, err
		}
		spec := bench.ServerSpec{Kind: kind, MemoryMB: c.Int("memory"), Threads: threads, CPUs: cpus}
		switch kind {
		case bench.KindCorvid:
			spec.Path = c.String("corvid")
		case bench.KindMemcached:
			spec.Path = c.String("memcached")
		case bench.KindRedis:
			spec.Path = c.String("redis-server")
			if c.IsSet("redis-threads") {
				spec.Threads = c.Int("redis-threads")
			} else {
				// Redis I/O threads spin; more of them than cores minus one
				// (the main thread) only slows Redis down (redis.conf: "if
				// you have a 4 cores boxes, try to use 2 or 3 I/O threads").
				n := runtime.NumCPU()
				if len(cpus) > 0 {
					n = len(cpus)
				}
				spec.Threads = max(1, min(spec.Threads, n-1))
			}
		}
		specs = append(specs, spec)
	}
	return specs, nil
}

func setStockTools(c *cli.Context, cc *bench.CompareConfig) {
	if !cc.Stock {
		return
	}
	cc.Tools = bench.StockTools{Threads: c.Int("stock-threads"), Requests: c.Int("stock-requests")}
	if s := c.String("client-cpus"); s != "" {
		cc.Tools.CPUs, _ = bench.ParseCPUList(s)
	}
	if p, err := exec.LookPath(c.String("memcaslap")); err == nil {
		cc.Tools.Memcaslap = p
	} else if cc.Log != nil {
		fmt.Fprintf(cc.Log, "note: %s not found; text workloads get no stock numbers\n", c.String("memcaslap"))
	}
	if p, err := exec.LookPath(c.String("redis-benchmark")); err == nil {
		cc.Tools.RedisBenchmark = p
	} else if cc.Log != nil {
		fmt.Fprintf(cc.Log, "note: %s not found; resp workloads get no stock numbers\n", c.String("redis-benchmark"))
	}
}
