package server

import (
	"testing"
	"time"
)

func TestInstantMetric(t *testing.T) {
	var counter uint64
	st := instantStats{sampleEvery: 100 * time.Millisecond,
		sampleCounter: func() (uint64, uint64, uint64) { return counter, counter * 10, counter * 20 }}
	t0 := time.Unix(1000, 0)
	st.maybeSample(t0)
	for i := 1; i <= 2*instantSamples; i++ {
		counter += 500 // 500 per 100 ms = 5000/s
		st.maybeSample(t0.Add(time.Duration(i) * 100 * time.Millisecond))
		st.maybeSample(t0.Add(time.Duration(i)*100*time.Millisecond + 10*time.Millisecond)) // too soon: ignored
	}
	ops, in, out := st.values()
	if ops != 5000 || in != 50000.0/1024 || out != 100000.0/1024 {
		t.Fatalf("ops %d in %.3f out %.3f", ops, in, out)
	}
	for i := 0; i < instantSamples; i++ { // idle: the average decays to 0
		st.maybeSample(t0.Add(time.Duration(2*instantSamples+1+i) * 100 * time.Millisecond))
	}
	if ops, _, _ := st.values(); ops != 0 {
		t.Fatalf("idle ops %d", ops)
	}
}
