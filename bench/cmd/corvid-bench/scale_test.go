package main

import (
	"math"
	"testing"

	"github.com/corvidcache/corvid/bench"
)

func TestScalePlots(t *testing.T) {
	wl := func(name string, tp map[string]float64) bench.WorkloadReport {
		w := bench.WorkloadReport{Workload: name, Medians: map[string]bench.Summary{}}
		for _, s := range []string{"corvid", "memcached", "redis"} {
			if v, ok := tp[s]; ok {
				w.Servers = append(w.Servers, s)
				w.Medians[s] = bench.Summary{Throughput: v, P99: v / 1000}
			}
		}
		return w
	}
	sr := &ScaleReport{Threads: []int{1, 4}, Reports: []*bench.CompareReport{
		{Workloads: []bench.WorkloadReport{wl("mc-get-set-9:1", map[string]float64{"corvid": 10, "memcached": 9})}},
		{Workloads: []bench.WorkloadReport{
			wl("mc-get-set-9:1", map[string]float64{"corvid": 40}), // memcached missing at 4 threads
			wl("resp-get", map[string]float64{"corvid": 30, "redis": 20}),
		}},
	}}
	plots := scalePlots(sr)
	if len(plots) != 2 || plots[0].Title != "mc-get-set-9:1" || plots[1].Title != "resp-get" {
		t.Fatalf("plots %+v", plots)
	}
	mc := plots[0]
	if len(mc.X) != 2 || mc.X[1] != 4 || len(mc.Series) != 2 {
		t.Fatalf("mc plot %+v", mc)
	}
	if c := mc.Series[0]; c.Name != "corvid" || c.Throughput[0] != 10 || c.Throughput[1] != 40 || c.P99[1] != 0.04 {
		t.Fatalf("corvid series %+v", c)
	}
	if m := mc.Series[1]; m.Name != "memcached" || m.Throughput[0] != 9 || !math.IsNaN(m.Throughput[1]) {
		t.Fatalf("memcached series %+v", m)
	}
	if r := plots[1].Series; len(r) != 2 || !math.IsNaN(r[0].Throughput[0]) || r[1].Throughput[1] != 20 {
		t.Fatalf("resp series %+v", r)
	}
	if got := plotName("out/scale.svg", "mc-get-set-9:1 [GET]"); got != "out/scale-mc-get-set-9_1__GET_.svg" {
		t.Fatalf("plotName = %q", got)
	}
}
