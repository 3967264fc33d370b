package bench

import (
	"encoding/xml"
	"io"
	"math"
	"strings"
	"testing"
)

func TestWriteSVG(t *testing.T) {
	p := Plot{
		Title: "memcached <get:set 9:1>", XLabel: "connections", X: []float64{1, 4, 16, 64},
		Series: []PlotSeries{
			{Name: "memcached", Throughput: []float64{30e3, 110e3, 180e3, 190e3}, P99: []float64{60, 80, 250, 900}},
			{Name: "redis", Throughput: []float64{28e3, 100e3, math.NaN(), 150e3}, P99: []float64{70, 90, math.NaN(), 1500}},
		},
	}
	var b strings.Builder
	if err := WriteSVG(&b, p); err != nil {
		t.Fatal(err)
	}
	svg := b.String()
	// Well-formed XML with the expected pieces.
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		if _, err := d.Token(); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, svg)
		}
	}
	for _, want := range []string{"<svg", "&lt;get:set 9:1&gt;", "throughput (req/s)", "p99 latency", "connections", "memcached", "redis", "<polyline", ">64<", "200k"} {
		if !strings.Contains(svg, want) {
			t.Errorf("svg lacks %q", want)
		}
	}
	if n := strings.Count(svg, "<circle"); n != 4+4+3+3 {
		t.Errorf("%d points drawn, want 14 (NaN skipped)", n)
	}
}

func TestNiceCeil(t *testing.T) {
	for _, c := range []struct{ v, top, step float64 }{
		{190e3, 200e3, 50e3}, {1, 1, 0.2}, {0, 1, 0.2}, {7, 8, 2}, {1234, 1500, 500},
	} {
		top, step := niceCeil(c.v)
		if math.Abs(top-c.top) > 1e-9 || math.Abs(step-c.step) > 1e-9 {
			t.Errorf("niceCeil(%v) = %v, %v; want %v, %v", c.v, top, step, c.top, c.step)
		}
	}
}
