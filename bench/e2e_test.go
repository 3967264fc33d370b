package bench

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// startReal starts a real server for the end-to-end tests, or skips.
func startReal(t *testing.T, kind ServerKind, path string) *Server {
	t.Helper()
	if _, err := exec.LookPath(path); err != nil {
		t.Skipf("%s not installed: %v", path, err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	s, err := StartServer(ctx, ServerSpec{Kind: kind, Path: path, MemoryMB: 64, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return s
}

func runBounded(t *testing.T, cfg Config) *Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cfg.Seed = 1
	res, err := Run(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.ConnErrors) > 0 {
		t.Fatalf("connection errors: %v", res.ConnErrors)
	}
	if res.Requests == 0 || res.Throughput <= 0 || res.Hist.Count() != res.Requests {
		t.Fatalf("no load: %+v", res)
	}
	if l := res.Latency; !(l.Min > 0 && l.P50 >= l.Min && l.P90 >= l.P50 && l.P99 >= l.P90 && l.P999 >= l.P99 && l.Max >= l.P999) {
		t.Fatalf("latencies out of order: %+v", l)
	}
	return res
}

func TestEndToEnd(t *testing.T) {
	mc := startReal(t, KindMemcached, "/usr/bin/memcached")
	rd := startReal(t, KindRedis, "/usr/bin/redis-server")

	cases := []struct {
		name     string
		addr     string
		workload string
		mix      string
	}{
		{"text", mc.MCAddr, "mc-get-set-9:1", ""},
		{"text-multiget", mc.MCAddr, "mc-multiget-10", ""},
		{"text-incr", mc.MCAddr, "mc-get", "get=1,incr=1"},
		{"meta", mc.MCAddr, "meta-pipeline-16", ""},
		{"meta-incr", mc.MCAddr, "meta-get", "mg=1,ms=1,ma=1"},
		{"resp", rd.RESPAddr, "resp-pipeline-16", ""},
		{"resp-all", rd.RESPAddr, "resp-get", "get=4,set=1,mget=1,mset=1,incr=1,lpush=1,lpop=1"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			wl, err := ParseWorkload(c.workload)
			if err != nil {
				t.Fatal(err)
			}
			cfg := Config{Addr: c.addr, Conns: 4, Duration: 500 * time.Millisecond, Keys: 2000, ValueMin: 10, ValueMax: 200, MultiGet: 5, Warmup: true}
			wl.Apply(&cfg)
			if c.mix != "" {
				if cfg.Mix, err = ParseMix(c.mix); err != nil {
					t.Fatal(err)
				}
			}
			res := runBounded(t, cfg)
			if res.Errors != 0 {
				t.Fatalf("%d error replies", res.Errors)
			}
			if res.WarmupKeys < 2000 {
				t.Fatalf("warm-up filled %d keys", res.WarmupKeys)
			}
			// Everything was filled and fits in memory: every read hits.
			if res.Hits == 0 || res.Misses != 0 {
				t.Fatalf("hits %d misses %d after warm-up", res.Hits, res.Misses)
			}
			if res.Elapsed < 0.5 || res.Elapsed > 5 {
				t.Fatalf("elapsed %.2fs for a 0.5s run", res.Elapsed)
			}
			var ops uint64
			for _, n := range res.Ops {
				ops += n
			}
			if ops != res.Requests {
				t.Fatalf("ops %v don't add up to %d", res.Ops, res.Requests)
			}
		})
	}

	t.Run("misses-without-warmup", func(t *testing.T) {
		res := runBounded(t, Config{Addr: mc.MCAddr, Conns: 2, Requests: 1000, Keys: 1 << 40, Mix: []OpWeight{{OpGet, 1}}, KeyPrefix: "cold:"})
		if res.Requests != 1000 || res.Hits != 0 || res.Misses != 1000 {
			t.Fatalf("requests %d hits %d misses %d", res.Requests, res.Hits, res.Misses)
		}
	})

	t.Run("error-replies", func(t *testing.T) {
		// INCR on keys that hold non-numbers: every reply is an error.
		runBounded(t, Config{Addr: rd.RESPAddr, Protocol: ProtoRESP, Conns: 1, Requests: 50, Keys: 10, Mix: []OpWeight{{OpSet, 1}}, KeyPrefix: "e:ctr:", Warmup: true})
		res := runBounded(t, Config{Addr: rd.RESPAddr, Protocol: ProtoRESP, Conns: 1, Requests: 50, Keys: 10, Mix: []OpWeight{{OpIncr, 1}}, KeyPrefix: "e:"})
		if res.Errors != 50 {
			t.Fatalf("%d errors, want 50", res.Errors)
		}
	})

	t.Run("requests-and-zipf", func(t *testing.T) {
		res := runBounded(t, Config{Addr: rd.RESPAddr, Protocol: ProtoRESP, Conns: 3, Pipeline: 7, Requests: 10001, Keys: 5000, Dist: DistZipf, ZipfS: 1.1, Warmup: true})
		if res.Requests != 10001 {
			t.Fatalf("%d requests, want 10001", res.Requests)
		}
	})

	t.Run("open-loop", func(t *testing.T) {
		res := runBounded(t, Config{Addr: mc.MCAddr, Conns: 4, Duration: time.Second, Rate: 4000, Keys: 1000, Warmup: true})
		// Every request due in the second is either answered or counted
		// as behind (a loaded test machine may not keep up).
		if got := res.Requests + res.Behind; got < 3990 || got > 4010 || res.Requests < 1000 {
			t.Fatalf("%d answered + %d behind at 4000/s for 1s", res.Requests, res.Behind)
		}
	})

	t.Run("open-loop-overload", func(t *testing.T) {
		// One connection cannot do 10M req/s: the latency, measured from the
		// intended send times, must grow with the backlog instead of staying
		// at the round-trip time (coordinated omission).
		res := runBounded(t, Config{Addr: mc.MCAddr, Conns: 1, Duration: 500 * time.Millisecond, Rate: 1e7, Keys: 1000})
		if res.Behind == 0 {
			t.Fatalf("nothing behind at 10M req/s on one connection: %d requests", res.Requests)
		}
		if res.Latency.P99 < 100e3 { // µs: most requests waited a large part of the 500 ms
			t.Fatalf("p99 %.0fµs hides the backlog", res.Latency.P99)
		}
	})

	t.Run("server-cpu", func(t *testing.T) {
		before, err := CPUTime(mc.Pid())
		if err != nil {
			t.Fatal(err)
		}
		runBounded(t, Config{Addr: mc.MCAddr, Conns: 8, Duration: 500 * time.Millisecond, Keys: 1000})
		after, _ := CPUTime(mc.Pid())
		if after <= before {
			t.Fatalf("server CPU time did not grow: %v -> %v", before, after)
		}
	})

	t.Run("no-per-request-alloc", func(t *testing.T) {
		cfg := Config{Addr: rd.RESPAddr, Protocol: ProtoRESP, Conns: 2, Pipeline: 4, Requests: 40000, Keys: 1000,
			Mix: []OpWeight{{OpGet, 3}, {OpSet, 1}, {OpMGet, 1}, {OpMSet, 1}, {OpIncr, 1}}, MultiGet: 4}
		var before, after runtime.MemStats
		var res *Result
		cfg.BeforeMeasure = func() { runtime.ReadMemStats(&before) }
		cfg.AfterMeasure = func() { runtime.ReadMemStats(&after) }
		res = runBounded(t, cfg)
		if per := float64(after.Mallocs-before.Mallocs) / float64(res.Requests); per > 0.01 {
			t.Fatalf("%.3f allocations per request (%d over %d requests)", per, after.Mallocs-before.Mallocs, res.Requests)
		}
	})

	t.Run("conn-error", func(t *testing.T) {
		// A server that goes away mid-run is reported, not hung on.
		s := startReal(t, KindMemcached, "/usr/bin/memcached")
		done := make(chan *Result)
		go func() {
			res, _ := Run(context.Background(), Config{Addr: s.MCAddr, Conns: 2, Duration: 10 * time.Second, Keys: 100, Timeout: 2 * time.Second})
			done <- res
		}()
		time.Sleep(200 * time.Millisecond)
		s.Cmd.Process.Kill()
		select {
		case res := <-done:
			if res == nil || len(res.ConnErrors) != 2 {
				t.Fatalf("got %+v", res)
			}
		case <-time.After(8 * time.Second):
			t.Fatal("run did not stop when the server died")
		}
	})

	t.Run("cancel", func(t *testing.T) {
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		t0 := time.Now()
		res, err := Run(ctx, Config{Addr: rd.RESPAddr, Protocol: ProtoRESP, Conns: 4, Duration: time.Minute, Keys: 100})
		if err != nil || time.Since(t0) > 3*time.Second || res.Requests == 0 || len(res.ConnErrors) != 0 || res.Hist.Count() != res.Requests {
			t.Fatalf("cancel: %v after %v, %+v", err, time.Since(t0), res)
		}
	})
}

func TestStartServerMissing(t *testing.T) {
	_, err := StartServer(context.Background(), ServerSpec{Kind: KindCorvid, Path: "/nonexistent/corvid"})
	if err == nil || !strings.Contains(err.Error(), "corvid") {
		t.Fatalf("err = %v", err)
	}
}

func TestParseStatCPU(t *testing.T) {
	// A command name with spaces and parentheses, utime 250 and stime 50 ticks.
	line := []byte("1234 (my (odd) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 3 0 100 1000000 200 18446744073709551615")
	d, err := parseStatCPU(line, 100)
	if err != nil || d != 3*time.Second {
		t.Fatalf("got %v %v, want 3s", d, err)
	}
	if ppid, ok := parseStatPPID(line); !ok || ppid != 1 {
		t.Fatalf("ppid %d %v", ppid, ok)
	}
	if _, err := parseStatCPU([]byte("garbage"), 100); err == nil {
		t.Fatal("garbage accepted")
	}
}

// fakeCorvid writes a script that stands in for bin/corvid: it takes
// Corvid's (memcached's) flags, serves RESP with redis-server on --resp-port
// and the memcached protocol with memcached on -p.
func fakeCorvid(t *testing.T) string {
	t.Helper()
	for _, p := range []string{"/usr/bin/memcached", "/usr/bin/redis-server"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s not installed", p)
		}
	}
	script := `#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in
    -p) P=$2; shift ;;
    -m) M=$2; shift ;;
    -t) T=$2; shift ;;
    --resp-port) R=$2; shift ;;
  esac
  shift
done
/usr/bin/redis-server --port "$R" --bind 127.0.0.1 --save '' --appendonly no >/dev/null &
U=""; [ "$(id -u)" = 0 ] && U="-u nobody"
exec /usr/bin/memcached -p "$P" -l 127.0.0.1 -m "$M" -t "$T" -U 0 $U
`
	path := t.TempDir() + "/corvid"
	if err := os.WriteFile(path, []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestCompare(t *testing.T) {
	corvid := fakeCorvid(t)
	wls := []Workload{}
	for _, n := range []string{"mc-get-set-9:1", "meta-pipeline-4", "resp-get"} {
		wl, err := ParseWorkload(n)
		if err != nil {
			t.Fatal(err)
		}
		wls = append(wls, wl)
	}
	var log strings.Builder
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rep, err := Compare(ctx, CompareConfig{
		Base:      Config{Conns: 4, Duration: 300 * time.Millisecond, Keys: 1000, Warmup: true, Seed: 1},
		Workloads: wls,
		Rounds:    2,
		Servers: []ServerSpec{
			{Kind: KindCorvid, Path: corvid, MemoryMB: 64, Threads: 2},
			{Kind: KindMemcached, Path: "/usr/bin/memcached", MemoryMB: 64, Threads: 2},
			{Kind: KindRedis, Path: "/usr/bin/redis-server", MemoryMB: 64, Threads: 1},
			{Kind: KindRedis, Path: "/nonexistent/redis-server"},
		},
		Log: &log,
	})
	if err != nil {
		t.Fatalf("%v\n%s", err, log.String())
	}
	if len(rep.Servers) != 4 || rep.Servers[3].Skipped == "" || rep.Servers[0].Skipped != "" {
		t.Fatalf("servers %+v", rep.Servers)
	}
	if len(rep.Workloads) != 3 {
		t.Fatalf("%d workload reports\n%s", len(rep.Workloads), log.String())
	}
	for _, w := range rep.Workloads {
		want := []string{"corvid", "memcached"}
		other := "memcached"
		if w.Protocol == "resp" {
			want, other = []string{"corvid", "redis"}, "redis"
		}
		if !slices.Equal(w.Servers, want) {
			t.Fatalf("%s: servers %v", w.Workload, w.Servers)
		}
		for _, name := range want {
			m := w.Medians[name]
			if m.Rounds != 2 || m.Throughput <= 0 || m.P99 <= 0 || m.HitRatio != 1 || m.Errors != 0 || m.ServerCPUPerReq <= 0 {
				t.Fatalf("%s %s: %+v", w.Workload, name, m)
			}
			if len(w.Runs[name]) != 2 {
				t.Fatalf("%s %s: %d runs", w.Workload, name, len(w.Runs[name]))
			}
		}
		if r := w.Ratios["corvid/"+other]; r.Throughput <= 0 || r.P99 <= 0 || r.CPUPerReq <= 0 {
			t.Fatalf("%s: ratio %+v", w.Workload, r)
		}
	}
	var out strings.Builder
	WriteCompare(&out, rep)
	for _, want := range []string{"== mc-get-set-9:1 (text, corvid-bench) ==", "corvid/memcached: throughput", "corvid/redis: throughput", "skipped"} {
		if !strings.Contains(out.String(), want) {
			t.Fatalf("report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCompareStock(t *testing.T) {
	for _, p := range []string{"memcaslap", "redis-benchmark", "/usr/bin/memcached", "/usr/bin/redis-server"} {
		if _, err := exec.LookPath(p); err != nil {
			t.Skipf("%s not installed", p)
		}
	}
	var wls []Workload
	for _, n := range []string{"mc-get-set-9:1", "meta-get", "resp-get"} {
		wl, _ := ParseWorkload(n)
		wls = append(wls, wl)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rep, err := Compare(ctx, CompareConfig{
		Base:      Config{Conns: 4, Duration: time.Second, Keys: 1000},
		Workloads: wls,
		Rounds:    1,
		Servers: []ServerSpec{
			{Kind: KindMemcached, Path: "/usr/bin/memcached", MemoryMB: 64, Threads: 2},
			{Kind: KindRedis, Path: "/usr/bin/redis-server", MemoryMB: 64, Threads: 1},
		},
		Stock: true,
		Tools: StockTools{Memcaslap: "memcaslap", RedisBenchmark: "redis-benchmark", Threads: 2, Requests: 5000},
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]WorkloadReport{}
	for _, w := range rep.Workloads {
		got[w.Workload+"/"+w.Test] = w
	}
	if m := got["mc-get-set-9:1/get:set 9:1"].Medians["memcached"]; m.Throughput <= 0 || m.P99 <= 0 {
		t.Fatalf("memcaslap: %+v (%v)", m, got)
	}
	if m := got["resp-get/GET"].Medians["redis"]; m.Throughput <= 0 || m.P50 <= 0 {
		t.Fatalf("redis-benchmark: %+v", m)
	}
	if w := got["meta-get/"]; len(w.Notes) == 0 {
		t.Fatalf("meta workload without a note: %+v", w)
	}
}
