package bench

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestHistIndexMonotonic(t *testing.T) {
	prev := -1
	for v := int64(0); v < 1<<20; v++ {
		i := histIndex(v)
		if i < prev || i > prev+1 {
			t.Fatalf("histIndex(%d) = %d after %d", v, i, prev)
		}
		if v > histUpper(i) {
			t.Fatalf("value %d above upper bound %d of its bucket %d", v, histUpper(i), i)
		}
		if i > 0 && v <= histUpper(i-1) {
			t.Fatalf("value %d also fits bucket %d", v, i-1)
		}
		prev = i
	}
	// Bucket width stays within 1/128 of the value everywhere in range.
	for shift := 8; shift < histMaxBits; shift++ {
		v := int64(1) << shift
		i := histIndex(v)
		width := histUpper(i) - histUpper(i-1)
		if float64(width)/float64(v) > 1.0/histSubCount {
			t.Fatalf("bucket at %d is %d wide", v, width)
		}
	}
	if got := histIndex(1 << 62); got != histBuckets-1 {
		t.Fatalf("huge value in bucket %d, want last %d", got, histBuckets-1)
	}
}

func TestHistogramQuantiles(t *testing.T) {
	f := func(name string, values []int64) {
		t.Helper()
		var h Histogram
		for _, v := range values {
			h.Record(v)
		}
		sorted := slices.Clone(values)
		slices.Sort(sorted)
		if h.Count() != uint64(len(values)) || h.Max() != sorted[len(sorted)-1] || h.Min() != sorted[0] {
			t.Fatalf("%s: count/min/max = %d/%d/%d", name, h.Count(), h.Min(), h.Max())
		}
		for _, q := range []float64{0.5, 0.9, 0.99, 0.999} {
			idx := int(float64(len(sorted))*q+0.999999) - 1
			exact := sorted[idx]
			got := h.Quantile(q)
			if got < exact || float64(got-exact) > float64(exact)/histSubCount+1 {
				t.Fatalf("%s: q%.3f = %d, exact %d", name, q, got, exact)
			}
		}
	}
	f("small", []int64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
	f("single", []int64{123456})
	rng := rand.New(rand.NewPCG(1, 2))
	exp := make([]int64, 100000)
	for i := range exp {
		exp[i] = int64(rng.ExpFloat64() * 100e3) // ~100 µs mean latencies
	}
	f("exponential", exp)
	wide := make([]int64, 50000)
	for i := range wide {
		wide[i] = rng.Int64N(1 << 36)
	}
	f("wide", wide)
}

func TestHistogramMerge(t *testing.T) {
	var a, b, all Histogram
	for i := int64(0); i < 1000; i++ {
		a.Record(i * 1000)
		b.Record(i*1000 + 7)
		all.Record(i * 1000)
		all.Record(i*1000 + 7)
	}
	a.Merge(&b)
	if a.counts != all.counts || a.Count() != all.Count() || a.Max() != all.Max() || a.Min() != all.Min() {
		t.Fatal("merge differs from recording everything in one histogram")
	}
	var empty Histogram
	a.Merge(&empty)
	if a.Count() != 2000 || empty.Quantile(0.99) != 0 || empty.Mean() != 0 {
		t.Fatal("empty histogram misbehaves")
	}
	a.Reset()
	if a.Count() != 0 || a.Max() != 0 {
		t.Fatal("reset left data")
	}
}

func TestHistogramRecordNoAlloc(t *testing.T) {
	var h Histogram
	v := int64(1)
	if n := testing.AllocsPerRun(1000, func() { h.Record(v); v = v*3 + 1 }); n != 0 {
		t.Fatalf("Record allocates %v times", n)
	}
}
