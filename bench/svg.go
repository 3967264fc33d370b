package bench

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strings"
)

// PlotSeries is one line of a sweep plot: throughput (req/s) and p99
// latency (µs) at each X of the Plot. NaN marks a missing point.
type PlotSeries struct {
	Name       string
	Throughput []float64
	P99        []float64
}

// Plot is a sweep: throughput and p99 against connections or rate.
type Plot struct {
	Title  string
	XLabel string
	X      []float64
	Series []PlotSeries
}

// SweepPlot builds a one-series Plot from sweep points.
func SweepPlot(title, xLabel, series string, pts []SweepPoint) Plot {
	p := Plot{Title: title, XLabel: xLabel, Series: []PlotSeries{{Name: series}}}
	for _, pt := range pts {
		p.X = append(p.X, pt.X)
		p.Series[0].Throughput = append(p.Series[0].Throughput, pt.Result.Throughput)
		p.Series[0].P99 = append(p.Series[0].P99, pt.Result.Latency.P99)
	}
	return p
}

var plotColors = []string{"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"}

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")

// niceCeil returns a round axis maximum >= v and its tick step (1, 2 or 5
// times a power of ten, about five ticks).
func niceCeil(v float64) (top, step float64) {
	if !(v > 0) || math.IsInf(v, 0) {
		return 1, 0.2
	}
	raw := v / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if step = m * mag; step >= raw {
			break
		}
	}
	return math.Ceil(v/step-1e-9) * step, step
}

// WriteSVG draws p as two stacked panels, throughput on top and p99 latency
// below, sharing the x axis; x values are spaced evenly, which suits the
// usual geometric sweeps (1, 4, 16, 64). It needs no dependency.
func WriteSVG(out io.Writer, p Plot) error {
	const (
		width, height = 900, 660
		left, right   = 90, 180
		top           = 50
		panelH        = 240
		gap           = 70
	)
	plotW := float64(width - left - right)
	w := bufio.NewWriter(out)
	fmt.Fprintf(w, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(w, `<rect width="100%%" height="100%%" fill="white"/>`+"\n")
	fmt.Fprintf(w, `<text x="%d" y="28" font-size="16" text-anchor="middle">%s</text>`+"\n", width/2, xmlEscaper.Replace(p.Title))

	xpos := func(i int) float64 {
		if len(p.X) <= 1 {
			return float64(left) + plotW/2
		}
		return float64(left) + plotW*float64(i)/float64(len(p.X)-1)
	}
	panel := func(y0 int, label string, values func(s PlotSeries) []float64, format func(float64) string) {
		var vmax float64
		for _, s := range p.Series {
			for _, v := range values(s) {
				if !math.IsNaN(v) && v > vmax {
					vmax = v
				}
			}
		}
		topV, step := niceCeil(vmax)
		ypos := func(v float64) float64 { return float64(y0+panelH) - float64(panelH)*v/topV }
		// Grid and y ticks.
		for v := 0.0; v <= topV+step/2; v += step {
			y := ypos(v)
			fmt.Fprintf(w, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#ddd"/>`+"\n", left, y, width-right, y)
			fmt.Fprintf(w, `<text x="%d" y="%.1f" text-anchor="end" dominant-baseline="middle">%s</text>`+"\n", left-6, y, format(v))
		}
		// X ticks.
		for i, x := range p.X {
			fmt.Fprintf(w, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#ddd"/>`+"\n", xpos(i), y0, xpos(i), y0+panelH)
			fmt.Fprintf(w, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`+"\n", xpos(i), y0+panelH+16, trimFloat(x))
		}
		fmt.Fprintf(w, `<rect x="%d" y="%d" width="%.0f" height="%d" fill="none" stroke="#333"/>`+"\n", left, y0, plotW, panelH)
		fmt.Fprintf(w, `<text transform="translate(%d,%d) rotate(-90)" text-anchor="middle">%s</text>`+"\n", 22, y0+panelH/2, xmlEscaper.Replace(label))
		fmt.Fprintf(w, `<text x="%.0f" y="%d" text-anchor="middle">%s</text>`+"\n", float64(left)+plotW/2, y0+panelH+34, xmlEscaper.Replace(p.XLabel))
		for si, s := range p.Series {
			color := plotColors[si%len(plotColors)]
			var path strings.Builder
			for i, v := range values(s) {
				if i >= len(p.X) || math.IsNaN(v) {
					continue
				}
				fmt.Fprintf(&path, "%.1f,%.1f ", xpos(i), ypos(v))
				fmt.Fprintf(w, `<circle cx="%.1f" cy="%.1f" r="3.5" fill="%s"><title>%s: %s</title></circle>`+"\n", xpos(i), ypos(v), color, xmlEscaper.Replace(s.Name), format(v))
			}
			fmt.Fprintf(w, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.TrimSpace(path.String()), color)
		}
	}
	panel(top, "throughput (req/s)", func(s PlotSeries) []float64 { return s.Throughput }, humanCount)
	panel(top+panelH+gap, "p99 latency", func(s PlotSeries) []float64 { return s.P99 }, FormatMicros)
	// Legend.
	for si, s := range p.Series {
		y := top + 10 + 20*si
		color := plotColors[si%len(plotColors)]
		fmt.Fprintf(w, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="%s" stroke-width="3"/>`+"\n", width-right+15, y, width-right+40, y, color)
		fmt.Fprintf(w, `<text x="%d" y="%d" dominant-baseline="middle">%s</text>`+"\n", width-right+46, y, xmlEscaper.Replace(s.Name))
	}
	fmt.Fprintln(w, "</svg>")
	return w.Flush()
}
