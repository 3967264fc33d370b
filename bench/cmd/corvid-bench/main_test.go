package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/corvidcache/corvid/bench"
)

func startMemcached(t *testing.T) *bench.Server {
	t.Helper()
	if _, err := exec.LookPath("/usr/bin/memcached"); err != nil {
		t.Skip("memcached not installed")
	}
	s, err := bench.StartServer(context.Background(), bench.ServerSpec{Kind: bench.KindMemcached, Path: "/usr/bin/memcached", MemoryMB: 64, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s
}

func runApp(t *testing.T, args ...string) string {
	t.Helper()
	var out strings.Builder
	app := newApp()
	app.Writer = &out
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := app.RunContext(ctx, append([]string{"corvid-bench"}, args...)); err != nil {
		t.Fatalf("%v: %v\n%s", args, err, out.String())
	}
	return out.String()
}

func TestRunJSON(t *testing.T) {
	s := startMemcached(t)
	out := runApp(t, "run", "-s", s.MCAddr, "-c", "2", "-d", "300ms", "--keys", "500", "--json", "-w", "mc-multiget-5")
	var res bench.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if res.Requests == 0 || res.MultiGet != 5 || res.Protocol != "text" || res.HitRatio != 1 || res.Latency.P99 <= 0 {
		t.Fatalf("%+v", res)
	}
}

func TestRunTable(t *testing.T) {
	s := startMemcached(t)
	out := runApp(t, "-s", s.MCAddr, "-P", "meta", "-c", "2", "-n", "2000", "--keys", "100", "--value-size", "10-50", "--dist", "zipf")
	for _, want := range []string{"requests    2,000 in", "throughput", "hit ratio   100.00%", "p99.9", "value 10-50 B"} {
		if !strings.Contains(out, want) {
			t.Fatalf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestSweepPlot(t *testing.T) {
	s := startMemcached(t)
	plot := t.TempDir() + "/sweep.svg"
	out := runApp(t, "run", "-s", s.MCAddr, "-d", "200ms", "--keys", "100", "--sweep-conns", "1,2,4", "--plot", plot)
	if !strings.Contains(out, "conns") || strings.Count(out, "\n") < 5 {
		t.Fatalf("sweep table:\n%s", out)
	}
	svg, err := os.ReadFile(plot)
	if err != nil || !strings.Contains(string(svg), "<svg") || strings.Count(string(svg), "<circle") != 6 {
		t.Fatalf("plot: %v\n%.300s", err, svg)
	}
	out = runApp(t, "run", "-s", s.MCAddr, "-d", "300ms", "--keys", "100", "--sweep-rate", "500,1000", "--plot", plot, "--json")
	var sweep struct {
		Sweep  string
		Points []bench.SweepPoint
	}
	if err := json.Unmarshal([]byte(out), &sweep); err != nil || sweep.Sweep != "rate" || len(sweep.Points) != 2 || sweep.Points[1].Result.Rate != 1000 {
		t.Fatalf("%v %+v", err, sweep)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"run", "--dist", "pareto"},
		{"run", "--value-size", "9-3"},
		{"run", "-w", "mc-lpush"},
		{"run", "--sweep-conns", "1,2", "--sweep-rate", "5"},
		{"compare", "--servers", "mysql"},
	} {
		app := newApp()
		app.Writer = &strings.Builder{}
		app.ErrWriter = &strings.Builder{}
		if err := app.Run(append([]string{"corvid-bench"}, args...)); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
}
