package bench

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"
)

// humanCount formats n with a k/M/G suffix and three significant digits.
func humanCount(n float64) string {
	switch a := math.Abs(n); {
	case a >= 1e9:
		return trimFloat(n/1e9) + "G"
	case a >= 1e6:
		return trimFloat(n/1e6) + "M"
	case a >= 1e3:
		return trimFloat(n/1e3) + "k"
	}
	return trimFloat(n)
}

// trimFloat formats f with three significant digits (more for large
// integers) and no trailing zeros.
func trimFloat(f float64) string {
	prec := 2
	switch a := math.Abs(f); {
	case a >= 100:
		prec = 0
	case a >= 10:
		prec = 1
	}
	s := strconv.FormatFloat(f, 'f', prec, 64)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// FormatMicros formats a latency given in microseconds with a fitting unit.
func FormatMicros(us float64) string {
	switch {
	case us >= 1e6:
		return trimFloat(us/1e6) + "s"
	case us >= 1e3:
		return trimFloat(us/1e3) + "ms"
	}
	return trimFloat(us) + "µs"
}

// groupDigits formats n with thousands separators.
func groupDigits(n uint64) string {
	s := strconv.FormatUint(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// loopString describes the load model of r.
func loopString(r *Result) string {
	if r.Rate > 0 {
		return "open loop at " + humanCount(r.Rate) + " req/s"
	}
	return "closed loop"
}

// WriteResult writes r as a small table for humans.
func WriteResult(out io.Writer, r *Result) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "target\t%s (%s)\n", r.Target, r.Protocol)
	mix := r.Mix
	if r.MultiGet > 0 {
		mix += fmt.Sprintf(", %d keys per multi-key op", r.MultiGet)
	}
	fmt.Fprintf(tw, "workload\t%s; %d keys %s; value %s B\n", mix, r.Keys, r.Dist, r.ValueSize)
	fmt.Fprintf(tw, "load\t%d conns, pipeline %d, %s\n", r.Conns, r.Pipeline, loopString(r))
	if r.WarmupKeys > 0 {
		fmt.Fprintf(tw, "warm-up\t%s keys in %.2fs", groupDigits(r.WarmupKeys), r.WarmupSeconds)
		if r.WarmupErrors > 0 {
			fmt.Fprintf(tw, ", %d errors", r.WarmupErrors)
		}
		fmt.Fprintln(tw)
	}
	fmt.Fprintf(tw, "requests\t%s in %.2fs\n", groupDigits(r.Requests), r.Elapsed)
	fmt.Fprintf(tw, "throughput\t%s req/s\n", groupDigits(uint64(r.Throughput+0.5)))
	if r.Hits+r.Misses > 0 {
		fmt.Fprintf(tw, "hit ratio\t%.2f%% (%s hits, %s misses)\n", 100*r.HitRatio, groupDigits(r.Hits), groupDigits(r.Misses))
	}
	fmt.Fprintf(tw, "errors\t%d\n", r.Errors)
	if r.Behind > 0 {
		fmt.Fprintf(tw, "behind\t%d requests due but never sent (the rate was not reached)\n", r.Behind)
	}
	l := r.Latency
	fmt.Fprintf(tw, "latency\tp50 %s  p90 %s  p99 %s  p99.9 %s  max %s  (mean %s)\n",
		FormatMicros(l.P50), FormatMicros(l.P90), FormatMicros(l.P99), FormatMicros(l.P999), FormatMicros(l.Max), FormatMicros(l.Mean))
	cpu := fmt.Sprintf("client %.2f µs/req", r.ClientCPUPerReq)
	if r.ServerCPUPerReq > 0 {
		cpu = fmt.Sprintf("server %.2f µs/req, ", r.ServerCPUPerReq) + cpu
	}
	fmt.Fprintf(tw, "cpu\t%s\n", cpu)
	for _, e := range r.ConnErrors {
		fmt.Fprintf(tw, "conn error\t%s\n", e)
	}
	tw.Flush()
}

// SweepPoint is one run of a sweep: X is the swept value (connections or
// target rate).
type SweepPoint struct {
	X      float64 `json:"x"`
	Result *Result `json:"result"`
}

// WriteSweep writes one row per sweep point.
func WriteSweep(out io.Writer, xName string, pts []SweepPoint) {
	tw := tabwriter.NewWriter(out, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%s\treq/s\thit%%\terrors\tp50\tp90\tp99\tp99.9\tmax\t\n", xName)
	for _, p := range pts {
		r := p.Result
		hit := "-"
		if r.Hits+r.Misses > 0 {
			hit = fmt.Sprintf("%.1f", 100*r.HitRatio)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", trimFloat(p.X),
			groupDigits(uint64(r.Throughput+0.5)), hit, r.Errors,
			FormatMicros(r.Latency.P50), FormatMicros(r.Latency.P90), FormatMicros(r.Latency.P99),
			FormatMicros(r.Latency.P999), FormatMicros(r.Latency.Max))
	}
	tw.Flush()
}
