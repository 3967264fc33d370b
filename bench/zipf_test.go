package bench

import (
	"math"
	"math/rand/v2"
	"testing"
)

// zipfExpected returns the exact probabilities of ranks 0..n-1.
func zipfExpected(n int, s float64) []float64 {
	p := make([]float64, n)
	var sum float64
	for k := range p {
		p[k] = math.Pow(float64(k+1), -s)
		sum += p[k]
	}
	for k := range p {
		p[k] /= sum
	}
	return p
}

func TestZipfDistribution(t *testing.T) {
	f := func(n int, s float64) {
		t.Helper()
		z, err := NewZipf(uint64(n), s)
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewPCG(uint64(n), math.Float64bits(s)))
		const draws = 400000
		counts := make([]float64, n)
		for range draws {
			k := z.Next(rng)
			if k >= uint64(n) {
				t.Fatalf("n=%d s=%v: rank %d out of range", n, s, k)
			}
			counts[k]++
		}
		// Pearson chi-square over the ranks with enough expected mass; the
		// rest is pooled into one cell. With a fixed seed this is
		// deterministic; the bound is generous (about 5 sigma) so a correct
		// sampler never trips it and a wrong one (off-by-one rank, wrong
		// skew) always does.
		exp := zipfExpected(n, s)
		var chi2, restObs, restExp float64
		cells := 0
		for k := range n {
			e := exp[k] * draws
			if e < 20 {
				restObs += counts[k]
				restExp += e
				continue
			}
			d := counts[k] - e
			chi2 += d * d / e
			cells++
		}
		if restExp > 0 {
			d := restObs - restExp
			chi2 += d * d / restExp
			cells++
		}
		dof := float64(cells - 1)
		if limit := dof + 5*math.Sqrt(2*dof) + 10; chi2 > limit {
			t.Fatalf("n=%d s=%v: chi2 %.1f over %d cells > %.1f", n, s, chi2, cells, limit)
		}
		// The head must match closely too.
		if got, want := counts[0]/draws, exp[0]; math.Abs(got-want) > 0.01 {
			t.Fatalf("n=%d s=%v: P(rank 0) = %.4f, want %.4f", n, s, got, want)
		}
	}
	f(10, 0.5)
	f(100, 0.99) // YCSB's default skew
	f(1000, 1)   // the s = 1 special case of the integrals
	f(1000, 1.2)
	f(50, 2.5)
	f(1, 0.99) // a single key
}

func TestZipfLargeN(t *testing.T) {
	z, err := NewZipf(1<<40, 0.99)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 7))
	var low int
	for range 100000 {
		k := z.Next(rng)
		if k >= 1<<40 {
			t.Fatalf("rank %d out of range", k)
		}
		if k < 1000 {
			low++
		}
	}
	// With s=0.99 over 2^40 keys the first 1000 ranks hold ~25% of the mass.
	if low < 15000 || low > 35000 {
		t.Fatalf("%d of 100000 draws in the first 1000 ranks", low)
	}
}

func TestZipfBadArgs(t *testing.T) {
	for _, s := range []float64{0, -1, math.NaN(), math.Inf(1)} {
		if _, err := NewZipf(10, s); err == nil {
			t.Errorf("skew %v accepted", s)
		}
	}
	if _, err := NewZipf(0, 1); err == nil {
		t.Error("empty key space accepted")
	}
}

func TestZipfNoAlloc(t *testing.T) {
	z, _ := NewZipf(1e6, 0.99)
	rng := rand.New(rand.NewPCG(1, 1))
	if n := testing.AllocsPerRun(1000, func() { z.Next(rng) }); n != 0 {
		t.Fatalf("Next allocates %v times", n)
	}
}
