package bench

import (
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// The testdata files are real output of memcaslap 1.0 (libmemcached 1.1)
// and redis-benchmark 7.0.15, captured over loopback.

func readTestdata(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestParseMemcaslap(t *testing.T) {
	out := readTestdata(t, "memcaslap-9-1.txt")
	res, err := parseMemcaslap(out, &Result{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Requests != 9537 || res.Elapsed != 1.0 || res.Throughput != 9537 {
		t.Fatalf("requests %d elapsed %v throughput %v", res.Requests, res.Elapsed, res.Throughput)
	}
	if res.Hits != 8589 || res.Misses != 0 || res.HitRatio != 1 {
		t.Fatalf("hits %d misses %d ratio %v", res.Hits, res.Misses, res.HitRatio)
	}
	l := res.Latency
	if l.Min <= 0 || l.Mean <= l.Min || l.Max < l.P999 || l.P999 < l.P99 || l.P99 < l.P50 || l.P50 <= 0 {
		t.Fatalf("latencies %+v", l)
	}
	if got := memcaslapWireRequests(out, 1); got != 8589+964 {
		t.Fatalf("wire requests %d", got)
	}

	out = readTestdata(t, "memcaslap-multiget-10.txt")
	if res, err = parseMemcaslap(out, &Result{}); err != nil || res.Requests != 4305 {
		t.Fatalf("multiget: %+v %v", res, err)
	}
	if got := memcaslapWireRequests(out, 10); got != 163840+4321 {
		t.Fatalf("multiget wire requests %d", got)
	}

	if _, err := parseMemcaslap([]byte("memaslap: unknown option\n"), &Result{}); err == nil {
		t.Fatal("garbage accepted")
	}
}

func TestParseMemcaslapPercentiles(t *testing.T) {
	// 100 events: 50 in [16,32) µs, 40 in [32,64), 9 in [64,128), 1 in [1024,2048).
	out := "Total Statistics (100 events)\n   Min:        20\n   Max:      1500\n   Avg:        40\n" +
		"   Log2 Dist:\n       4:       50       40        9        0\n       8:        0        0        1\n\n" +
		"cmd_get: 100\nget_misses: 10\n\nRun time: 2.0s Ops: 100 TPS: 50 Net_rate: 0.1M/s\n"
	res, err := parseMemcaslap([]byte(out), &Result{})
	if err != nil {
		t.Fatal(err)
	}
	l := res.Latency
	if l.P50 != 32 || l.P90 != 64 || l.P99 != 128 || l.P999 != 1500 || l.Max != 1500 {
		t.Fatalf("percentiles %+v", l)
	}
	if res.Throughput != 50 || res.Hits != 90 || res.Misses != 10 {
		t.Fatalf("throughput %v hits %d misses %d", res.Throughput, res.Hits, res.Misses)
	}
}

func TestParseRedisBenchmark(t *testing.T) {
	res, err := parseRedisBenchmark(readTestdata(t, "redis-benchmark-get.txt"), &Result{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Throughput != 12554.93 || res.Latency.Mean != 715 || res.Latency.Min != 16 || res.Latency.P50 != 119 ||
		res.Latency.P99 != 4431 || res.Latency.Max != 446719 || res.Latency.P90 != 0 {
		t.Fatalf("%+v", res.Latency)
	}
	if res, err = parseRedisBenchmark(readTestdata(t, "redis-benchmark-mget.txt"), &Result{}); err != nil || res.Throughput <= 0 {
		t.Fatalf("mget: %+v %v", res, err)
	}
	// -q progress output ends in \r before the CSV line on a terminal.
	progress := "GET: rps=1234.0 (overall: 1000.0) avg_msec=0.1\r" + string(readTestdata(t, "redis-benchmark-get.txt"))
	if res, err = parseRedisBenchmark([]byte(progress), &Result{}); err != nil || res.Throughput != 12554.93 {
		t.Fatalf("with progress: %+v %v", res, err)
	}
	if _, err := parseRedisBenchmark([]byte("Could not connect to Redis at 127.0.0.1:1: Connection refused\n"), &Result{}); err == nil {
		t.Fatal("error output accepted")
	}
}

func TestStockSteps(t *testing.T) {
	cfg := Config{Addr: "127.0.0.1:7000", Conns: 15, Duration: 3 * time.Second, Keys: 1000, ValueMin: 100, ValueMax: 100}
	tools := StockTools{Memcaslap: "memcaslap", RedisBenchmark: "redis-benchmark", Threads: 2, Requests: 1000}
	steps := func(name string) ([]stockStep, string) {
		t.Helper()
		wl, err := ParseWorkload(name)
		if err != nil {
			t.Fatal(err)
		}
		c := cfg
		wl.Apply(&c)
		st, note, err := stockSteps(wl, &c, c.Addr, tools)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range st {
			if s.cleanup != nil {
				t.Cleanup(s.cleanup)
			}
		}
		return st, note
	}

	st, note := steps("mc-get-set-9:1")
	if len(st) != 1 || note != "" || st[0].Tool != "memcaslap" {
		t.Fatalf("%+v %q", st, note)
	}
	args := strings.Join(st[0].Args, " ")
	if !strings.Contains(args, "-s 127.0.0.1:7000 -t 3s -T 2 -c 16 -F ") {
		t.Fatalf("memcaslap args %q", args)
	}
	cfgFile := st[0].Args[slices.Index(st[0].Args, "-F")+1]
	if b, err := os.ReadFile(cfgFile); err != nil || string(b) != "key\n16 16 1\nvalue\n100 100 1\ncmd\n0 0.1\n1 0.9\n" {
		t.Fatalf("memcaslap config %q %v", b, err)
	}
	if st, _ = steps("mc-multiget-10"); !strings.HasSuffix(strings.Join(st[0].Args, " "), "-d 10") {
		t.Fatalf("multiget args %q", st[0].Args)
	}
	if _, note = steps("meta-pipeline-16"); note == "" {
		t.Fatal("meta workload got stock steps")
	}
	if _, note = steps("mc-incr"); note == "" {
		t.Fatal("memcaslap asked to incr")
	}

	st, _ = steps("resp-pipeline-16")
	var tests []string
	for _, s := range st {
		tests = append(tests, s.Test)
		if s.Tool != "redis-benchmark" || !slices.Contains(s.Args, "--csv") || s.Args[slices.Index(s.Args, "-P")+1] != "16" {
			t.Fatalf("redis-benchmark args %q", s.Args)
		}
	}
	if !slices.Equal(tests, []string{"fill", "GET", "SET"}) || st[0].Measure || !st[1].Measure {
		t.Fatalf("steps %q", tests)
	}
	st, _ = steps("resp-mget-3")
	if last := st[len(st)-1]; last.Test != "MGET" || strings.Join(last.Args[len(last.Args)-4:], " ") != "MGET key:__rand_int__ key:__rand_int__ key:__rand_int__" {
		t.Fatalf("mget args %q", last.Args)
	}
	if st, _ = steps("resp-set"); len(st) != 1 || st[0].Test != "SET" {
		t.Fatalf("set steps %+v", st)
	}
	st, _ = steps("resp-default")
	if len(st) != len(RedisBenchmarkDefaultTests)+4 || st[5].Test != "LPUSH" || !st[5].Measure ||
		st[14].Test != "reset" || !st[14].Always || st[14].Measure || st[15].Test != "LRANGE_100" {
		t.Fatalf("default steps %+v", st)
	}
	for _, s := range st {
		if slices.Contains(s.Args, "-r") || slices.Contains(s.Args, "-d") || !slices.Contains(s.Args, "-t") && s.Test != "reset" {
			t.Fatalf("default-set args %q", s.Args)
		}
	}
	if _, err := ParseWorkload("mc-default"); err == nil {
		t.Fatal("mc-default accepted")
	}
}
