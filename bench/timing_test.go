package bench

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkHistogramRecord(b *testing.B) {
	b.ReportAllocs()
	var h Histogram
	for i := 0; b.Loop(); i++ {
		h.Record(int64(i) * 997)
	}
}

func BenchmarkZipfNext(b *testing.B) {
	b.ReportAllocs()
	z, _ := NewZipf(1e6, 0.99)
	rng := rand.New(rand.NewPCG(1, 1))
	var sink uint64
	for b.Loop() {
		sink += z.Next(rng)
	}
	_ = sink
}

func BenchmarkParseRESP(b *testing.B) {
	b.ReportAllocs()
	reply := []byte("*3\r\n$3\r\nabc\r\n$-1\r\n$100\r\n" + string(make([]byte, 100)) + "\r\n")
	b.SetBytes(int64(len(reply)))
	for b.Loop() {
		if _, _, err := ParseRESP(reply); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMCText(b *testing.B) {
	b.ReportAllocs()
	reply := []byte("VALUE key:1 0 100\r\n" + string(make([]byte, 100)) + "\r\nEND\r\n")
	b.SetBytes(int64(len(reply)))
	for b.Loop() {
		if _, _, err := ParseMCText(reply, 1); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkerEncode(b *testing.B) {
	b.ReportAllocs()
	cfg := Config{Addr: "x:1", Protocol: ProtoRESP}
	if err := cfg.Validate(); err != nil {
		b.Fatal(err)
	}
	w := newWorker(&cfg, 0, nil, make([]byte, cfg.ValueMax), nil)
	for b.Loop() {
		w.wbuf, _ = w.encode(w.wbuf[:0], w.pickOp())
	}
}
