package bench

import (
	"math"
	"math/bits"
)

// The histogram is log-linear like HdrHistogram: values below 2<<histSubBits
// are counted exactly; above that, every power-of-two range [2^k, 2^(k+1)) is
// split into 1<<histSubBits equal sub-buckets, so a bucket is never wider than
// 1/128 of its lower bound (relative error < 0.8%).
const (
	histSubBits  = 7
	histSubCount = 1 << histSubBits // sub-buckets per power of two
	histMaxBits  = 42               // values up to 2^42 ns (about 73 minutes)
	histBuckets  = 2*histSubCount + (histMaxBits-histSubBits-1)*histSubCount
)

// Histogram counts non-negative int64 values (latencies in nanoseconds) in
// fixed log-linear buckets. Record never allocates. The zero value is ready to
// use. A Histogram is not safe for concurrent use: give each goroutine its own
// and Merge them afterwards.
type Histogram struct {
	counts [histBuckets]uint64
	n      uint64
	sum    float64
	min    int64
	max    int64
}

// histIndex returns the bucket of v (v >= 0).
func histIndex(v int64) int {
	u := uint64(v)
	if u < 2*histSubCount {
		return int(u)
	}
	shift := bits.Len64(u) - histSubBits - 1 // >= 1
	idx := 2*histSubCount + (shift-1)*histSubCount + int(u>>uint(shift)) - histSubCount
	if idx >= histBuckets {
		return histBuckets - 1
	}
	return idx
}

// histUpper returns the highest value that falls into bucket i.
func histUpper(i int) int64 {
	if i < 2*histSubCount {
		return int64(i)
	}
	j := i - 2*histSubCount
	shift := j/histSubCount + 1
	m := uint64(j%histSubCount + histSubCount)
	return int64((m+1)<<uint(shift) - 1)
}

// Record adds one value. Negative values count as 0; values beyond the range
// land in the last bucket (Max still reports them exactly).
func (h *Histogram) Record(v int64) {
	if v < 0 {
		v = 0
	}
	if h.n == 0 || v < h.min {
		h.min = v
	}
	if v > h.max {
		h.max = v
	}
	h.n++
	h.sum += float64(v)
	h.counts[histIndex(v)]++
}

// Merge adds all of o's counts to h.
func (h *Histogram) Merge(o *Histogram) {
	if o.n == 0 {
		return
	}
	if h.n == 0 || o.min < h.min {
		h.min = o.min
	}
	if o.max > h.max {
		h.max = o.max
	}
	h.n += o.n
	h.sum += o.sum
	for i := range h.counts {
		h.counts[i] += o.counts[i]
	}
}

// Reset empties h.
func (h *Histogram) Reset() { *h = Histogram{} }

// Count returns the number of recorded values.
func (h *Histogram) Count() uint64 { return h.n }

// Max returns the largest recorded value (exact), or 0 if empty.
func (h *Histogram) Max() int64 { return h.max }

// Min returns the smallest recorded value (exact), or 0 if empty.
func (h *Histogram) Min() int64 { return h.min }

// Mean returns the arithmetic mean of the recorded values, or 0 if empty.
func (h *Histogram) Mean() float64 {
	if h.n == 0 {
		return 0
	}
	return h.sum / float64(h.n)
}

// Quantile returns the value at quantile q (0 <= q <= 1): the upper bound of
// the bucket holding the ceil(q*n)-th smallest value, clamped to [Min, Max].
// It returns 0 for an empty histogram.
func (h *Histogram) Quantile(q float64) int64 {
	if h.n == 0 {
		return 0
	}
	if q <= 0 {
		return h.min
	}
	if q >= 1 {
		return h.max
	}
	rank := uint64(math.Ceil(q * float64(h.n)))
	if rank == 0 {
		rank = 1
	}
	var seen uint64
	for i, c := range h.counts {
		seen += c
		if seen >= rank {
			v := histUpper(i)
			if v > h.max {
				v = h.max
			}
			if v < h.min {
				v = h.min
			}
			return v
		}
	}
	return h.max
}
