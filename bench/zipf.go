package bench

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// Zipf draws integers in [0, n) where rank k (0-based) has probability
// proportional to 1/(k+1)^s. Unlike math/rand's Zipf it accepts any skew
// s > 0, including the s < 1 used by YCSB (0.99), and needs O(1) setup, so
// key spaces of billions are fine.
//
// It implements rejection-inversion sampling (W. Hörmann and G. Derflinger,
// "Rejection-inversion to generate variates from monotone discrete
// distributions", ACM TOMACS 6(3), 1996). A Zipf holds only constants: it is
// safe for concurrent use as long as each goroutine passes its own *rand.Rand.
type Zipf struct {
	n        float64
	s        float64
	hX1      float64 // hIntegral(1.5) - 1
	hN       float64 // hIntegral(n + 0.5)
	sCorrect float64
}

// NewZipf returns a generator over [0, n) with skew s (> 0).
func NewZipf(n uint64, s float64) (*Zipf, error) {
	if n == 0 {
		return nil, fmt.Errorf("zipf: empty key space")
	}
	if !(s > 0) || math.IsInf(s, 0) {
		return nil, fmt.Errorf("zipf: skew must be > 0, got %v", s)
	}
	z := &Zipf{n: float64(n), s: s}
	z.hX1 = z.hIntegral(1.5) - 1
	z.hN = z.hIntegral(z.n + 0.5)
	z.sCorrect = 2 - z.hIntegralInv(z.hIntegral(2.5)-z.h(2))
	return z, nil
}

// Next returns the next rank in [0, n); rank 0 is the most popular.
func (z *Zipf) Next(rng *rand.Rand) uint64 {
	for {
		u := z.hN + rng.Float64()*(z.hX1-z.hN)
		x := z.hIntegralInv(u)
		k := math.Floor(x + 0.5)
		if k < 1 {
			k = 1
		} else if k > z.n {
			k = z.n
		}
		if k-x <= z.sCorrect || u >= z.hIntegral(k+0.5)-z.h(k) {
			return uint64(k) - 1
		}
	}
}

// h is the unnormalised density x^-s.
func (z *Zipf) h(x float64) float64 { return math.Exp(-z.s * math.Log(x)) }

// hIntegral is an antiderivative of h: (x^(1-s) - 1)/(1-s), or log x for s=1,
// computed so that it stays accurate near s = 1.
func (z *Zipf) hIntegral(x float64) float64 {
	lx := math.Log(x)
	return expm1Div((1-z.s)*lx) * lx
}

// hIntegralInv is the inverse of hIntegral.
func (z *Zipf) hIntegralInv(x float64) float64 {
	t := x * (1 - z.s)
	if t < -1 {
		t = -1 // numerical guard: the true value is the limit of the range
	}
	return math.Exp(log1pDiv(t) * x)
}

// log1pDiv returns log(1+x)/x, continuous at 0.
func log1pDiv(x float64) float64 {
	if math.Abs(x) > 1e-8 {
		return math.Log1p(x) / x
	}
	return 1 - x*(0.5-x*(1.0/3-0.25*x))
}

// expm1Div returns (e^x - 1)/x, continuous at 0.
func expm1Div(x float64) float64 {
	if math.Abs(x) > 1e-8 {
		return math.Expm1(x) / x
	}
	return 1 + x*0.5*(1+x*(1.0/3)*(1+0.25*x))
}
