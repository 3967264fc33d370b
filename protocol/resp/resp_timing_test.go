package resp

import (
	"strings"
	"sync/atomic"
	"testing"
)

// Sink keeps the compiler from optimising benchmarked work away.
var Sink atomic.Int64

func frame(args ...string) []byte {
	var b []byte
	b = AppendArrayHeader(b, len(args))
	for _, a := range args {
		b = AppendBulkString(b, a)
	}
	return b
}

func benchmarkNext(b *testing.B, in []byte, cmds int) {
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	b.RunParallel(func(pb *testing.PB) {
		var p Parser
		var req Request
		sink := 0
		for pb.Next() {
			off := 0
			for i := 0; i < cmds; i++ {
				n, err := p.Next(in[off:], &req)
				if err != nil {
					b.Error(err)
					return
				}
				off += n
				sink += len(req.Args)
			}
		}
		Sink.Add(int64(sink))
	})
}

func BenchmarkNextGET(b *testing.B) {
	benchmarkNext(b, frame("GET", "key:000000000001"), 1)
}

func BenchmarkNextSET100(b *testing.B) {
	benchmarkNext(b, frame("SET", "key:000000000001", strings.Repeat("v", 100)), 1)
}

func BenchmarkNextPipeline16(b *testing.B) {
	var in []byte
	for i := 0; i < 8; i++ {
		in = append(in, frame("SET", "key:000000000001", strings.Repeat("v", 100))...)
		in = append(in, frame("GET", "key:000000000001")...)
	}
	benchmarkNext(b, in, 16)
}

func BenchmarkNextInlinePING(b *testing.B) {
	benchmarkNext(b, []byte("PING\r\n"), 1)
}

func BenchmarkNextInlineQuoted(b *testing.B) {
	benchmarkNext(b, []byte("SET \"key 1\" 'some value'\r\n"), 1)
}

// BenchmarkNextResume measures a 64 KiB SET arriving in 1460-byte segments.
func BenchmarkNextResume(b *testing.B) {
	in := frame("SET", "key", strings.Repeat("v", 64<<10))
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	var p Parser
	var req Request
	sink := 0
	for i := 0; i < b.N; i++ {
		for end := 1460; ; end += 1460 {
			n, err := p.Next(in[:min(end, len(in))], &req)
			if err == ErrIncomplete {
				continue
			}
			sink += n
			break
		}
	}
	Sink.Add(int64(sink))
}

func BenchmarkAppendBulk(b *testing.B) {
	val := []byte(strings.Repeat("v", 100))
	b.ReportAllocs()
	b.SetBytes(int64(len(val)))
	dst := make([]byte, 0, 256)
	for i := 0; i < b.N; i++ {
		dst = AppendBulk(dst[:0], val)
	}
	Sink.Add(int64(len(dst)))
}

func BenchmarkAppendInt(b *testing.B) {
	b.ReportAllocs()
	dst := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		dst = AppendInt(dst[:0], int64(i))
	}
	Sink.Add(int64(len(dst)))
}

func BenchmarkAppendDouble(b *testing.B) {
	b.ReportAllocs()
	dst := make([]byte, 0, 64)
	for i := 0; i < b.N; i++ {
		dst = AppendDouble(dst[:0], float64(i)*0.1, RESP3)
	}
	Sink.Add(int64(len(dst)))
}

func BenchmarkParseInt(b *testing.B) {
	in := []byte("-1234567890123")
	b.ReportAllocs()
	sink := int64(0)
	for i := 0; i < b.N; i++ {
		n, _ := ParseInt(in)
		sink += n
	}
	Sink.Add(sink)
}

func BenchmarkParseFloat(b *testing.B) {
	in := []byte("3.14159")
	b.ReportAllocs()
	sink := 0.0
	for i := 0; i < b.N; i++ {
		f, _ := ParseFloat(in)
		sink += f
	}
	Sink.Add(int64(sink))
}
