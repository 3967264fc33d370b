package main

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/corvidcache/corvid/bench"
	"github.com/urfave/cli/v2"
)

// ScaleReport is compare --sweep-threads's JSON: one comparison per thread
// count.
type ScaleReport struct {
	Threads []int                  `json:"threads"`
	CPUs    []string               `json:"server_cpus"` // the CPUs each run pinned the servers to ("" = unpinned)
	Reports []*bench.CompareReport `json:"reports"`
}

// sweepThreads runs the comparison once per thread count of
// --sweep-threads and plots each workload's throughput and p99 against
// threads, one line per server.
func sweepThreads(c *cli.Context, cc bench.CompareConfig, cpus []int) error {
	var threads []int
	for part := range strings.SplitSeq(c.String("sweep-threads"), ",") {
		if part = strings.TrimSpace(part); part == "" {
			continue
		}
		n, err := strconv.Atoi(part)
		if err != nil || n < 1 {
			return fmt.Errorf("bad thread count %q in --sweep-threads", part)
		}
		threads = append(threads, n)
	}
	if len(threads) == 0 {
		return fmt.Errorf("empty --sweep-threads")
	}
	setStockTools(c, &cc)
	sr := &ScaleReport{}
	for _, t := range threads {
		pin := cpus
		if len(cpus) > t {
			pin = cpus[:t]
		}
		specs, err := serverSpecs(c, t, pin)
		if err != nil {
			return err
		}
		run := cc
		run.Servers = specs
		if cc.Log != nil {
			fmt.Fprintf(cc.Log, "== %d threads, servers on CPUs %s\n", t, cpuString(pin))
		}
		rep, err := bench.Compare(c.Context, run)
		if err != nil {
			return fmt.Errorf("%d threads: %w", t, err)
		}
		sr.Threads = append(sr.Threads, t)
		sr.CPUs = append(sr.CPUs, cpuString(pin))
		sr.Reports = append(sr.Reports, rep)
		if !c.Bool("json") {
			fmt.Fprintf(c.App.Writer, "\n== %d threads (servers on CPUs %s)\n", t, cpuString(pin))
			bench.WriteCompare(c.App.Writer, rep)
		}
	}
	if c.Bool("json") {
		if err := writeJSON(c.App.Writer, sr); err != nil {
			return err
		}
	}
	plot := c.String("plot")
	if plot == "" {
		plot = "corvid-bench-scale.svg"
	}
	for _, p := range scalePlots(sr) {
		name := plotName(plot, p.Title)
		f, err := os.Create(name)
		if err != nil {
			return err
		}
		err = bench.WriteSVG(f, p)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		if cc.Log != nil {
			fmt.Fprintf(cc.Log, "plot: %s\n", name)
		}
	}
	return nil
}

// scalePlots makes one plot per workload (and stock test) with a line per
// server; a server missing at some thread count gets NaN there.
func scalePlots(sr *ScaleReport) []bench.Plot {
	var plots []bench.Plot
	index := map[string]int{}
	for i, rep := range sr.Reports {
		for _, w := range rep.Workloads {
			title := w.Workload
			if w.Test != "" {
				title += " " + w.Test
			}
			pi, ok := index[title]
			if !ok {
				pi = len(plots)
				index[title] = pi
				p := bench.Plot{Title: title, XLabel: "server threads"}
				for _, t := range sr.Threads {
					p.X = append(p.X, float64(t))
				}
				plots = append(plots, p)
			}
			p := &plots[pi]
			for _, srv := range w.Servers {
				si := -1
				for j := range p.Series {
					if p.Series[j].Name == srv {
						si = j
					}
				}
				if si < 0 {
					s := bench.PlotSeries{Name: srv}
					for range sr.Threads {
						s.Throughput = append(s.Throughput, math.NaN())
						s.P99 = append(s.P99, math.NaN())
					}
					p.Series = append(p.Series, s)
					si = len(p.Series) - 1
				}
				m := w.Medians[srv]
				p.Series[si].Throughput[i] = m.Throughput
				p.Series[si].P99[i] = m.P99
			}
		}
	}
	return plots
}

// plotName puts the workload name before plot's extension.
func plotName(plot, title string) string {
	ext := filepath.Ext(plot)
	safe := strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '.':
			return r
		}
		return '_'
	}, title)
	return strings.TrimSuffix(plot, ext) + "-" + safe + ext
}

func cpuString(cpus []int) string {
	if len(cpus) == 0 {
		return "any"
	}
	parts := make([]string, len(cpus))
	for i, c := range cpus {
		parts[i] = strconv.Itoa(c)
	}
	return strings.Join(parts, ",")
}
