package server

import (
	"math"
	"sync"
	"time"
)

// instantSamples is how many 100 ms samples the instantaneous_* INFO
// figures average, as Redis's STATS_METRIC_SAMPLES.
const instantSamples = 16

// instantMetric is one of Redis's instantaneous metrics: a rate sampled
// every 100 ms from a growing counter, averaged over the last 16 samples.
type instantMetric struct {
	lastTime  time.Time
	lastValue uint64
	samples   [instantSamples]float64
	idx       int
}

func (m *instantMetric) track(now time.Time, value uint64) {
	if !m.lastTime.IsZero() {
		if dt := now.Sub(m.lastTime).Seconds(); dt > 0 {
			m.samples[m.idx] = float64(value-m.lastValue) / dt
			m.idx = (m.idx + 1) % instantSamples
		}
	}
	m.lastTime, m.lastValue = now, value
}

func (m *instantMetric) rate() float64 {
	var sum float64
	for _, s := range m.samples {
		sum += s
	}
	return sum / instantSamples
}

// instantStats holds the RESP port's instantaneous_ops_per_sec and
// instantaneous_input/output_kbps.
type instantStats struct {
	mu            sync.Mutex
	ops, in, out  instantMetric
	lastSample    time.Time
	sampleEvery   time.Duration
	sampleCounter func() (ops, in, out uint64)
}

// maybeSample takes a sample when 100 ms have passed (called from the
// ticker).
func (st *instantStats) maybeSample(now time.Time) {
	st.mu.Lock()
	defer st.mu.Unlock()
	if now.Sub(st.lastSample) < st.sampleEvery {
		return
	}
	st.lastSample = now
	ops, in, out := st.sampleCounter()
	st.ops.track(now, ops)
	st.in.track(now, in)
	st.out.track(now, out)
}

// values returns ops/s and input and output KB/s.
func (st *instantStats) values() (ops int64, inKbps, outKbps float64) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return int64(math.Round(st.ops.rate())), st.in.rate() / 1024, st.out.rate() / 1024
}
