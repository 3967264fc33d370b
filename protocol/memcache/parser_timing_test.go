package memcache

import (
	"strings"
	"testing"
)

var benchInputs = []struct {
	name string
	in   string
}{
	{"get", "get user:1234567890\r\n"},
	{"multiget10", "get " + strings.TrimSpace(strings.Repeat("user:1234567890 ", 10)) + "\r\n"},
	{"set100", "set user:1234567890 0 3600 100\r\n" + strings.Repeat("v", 100) + "\r\n"},
	{"mg", "mg user:1234567890 v c f t s k O123456 q\r\n"},
	{"ms", "ms user:1234567890 100 T3600 F5 c k O123456 q\r\n" + strings.Repeat("v", 100) + "\r\n"},
}

// Sink keeps benchmark results alive.
var Sink int

func BenchmarkParse(b *testing.B) {
	for _, bi := range benchInputs {
		in := []byte(bi.in)
		b.Run(bi.name, func(b *testing.B) {
			var p Parser
			p.MaxItemSize = 1 << 20
			var req Request
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for i := 0; i < b.N; i++ {
				n, err := p.Next(in, &req)
				if err != nil {
					b.Fatal(err)
				}
				Sink += n
			}
		})
	}
}

// BenchmarkParsePipeline parses 100 pipelined commands per iteration.
func BenchmarkParsePipeline(b *testing.B) {
	var sb strings.Builder
	for i := 0; i < 20; i++ {
		for _, bi := range benchInputs {
			sb.WriteString(bi.in)
		}
	}
	in := []byte(sb.String())
	var p Parser
	var req Request
	b.ReportAllocs()
	b.SetBytes(int64(len(in)))
	for i := 0; i < b.N; i++ {
		for off := 0; off < len(in); {
			n, err := p.Next(in[off:], &req)
			if err != nil {
				b.Fatal(err)
			}
			off += n
		}
	}
}

func BenchmarkAppendValue(b *testing.B) {
	key := []byte("user:1234567890")
	dst := make([]byte, 0, 256)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		dst = AppendValue(dst[:0], key, 5, 100, true, uint64(i))
	}
	Sink += len(dst)
}

func BenchmarkAppendMetaReply(b *testing.B) {
	var p Parser
	var req Request
	if _, err := p.Next([]byte(benchInputs[3].in), &req); err != nil {
		b.Fatal(err)
	}
	it := MetaItem{Key: req.Key, CAS: 12345, Flags: 5, Size: 100, TTL: 3599}
	dst := make([]byte, 0, 256)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		dst = AppendMetaVA(dst[:0], 100)
		dst = req.Meta.AppendReturnFlags(dst, MetaReturnGetHit, &it)
	}
	Sink += len(dst)
}

// TestZeroAllocs asserts that steady-state parsing and reply building do
// not allocate (the first call may grow Request.Keys).
func TestZeroAllocs(t *testing.T) {
	for _, bi := range benchInputs {
		in := []byte(bi.in)
		var p Parser
		p.MaxItemSize = 1 << 20
		var req Request
		if _, err := p.Next(in, &req); err != nil {
			t.Fatal(err)
		}
		allocs := testing.AllocsPerRun(100, func() {
			if _, err := p.Next(in, &req); err != nil {
				t.Fatal(err)
			}
		})
		if allocs != 0 {
			t.Errorf("%s: %v allocs per parse, want 0", bi.name, allocs)
		}
	}
	// Errors and base64 keys do not allocate either.
	for _, in := range []string{"bogus\r\n", "set k abc 0 1\r\n", "mg a2V5 b k v\r\n", "mg k zz\r\n"} {
		var p Parser
		var req Request
		b := []byte(in)
		allocs := testing.AllocsPerRun(100, func() { p.Next(b, &req) })
		if allocs != 0 {
			t.Errorf("%q: %v allocs per parse, want 0", in, allocs)
		}
	}
	var p Parser
	var req Request
	p.Next([]byte(benchInputs[3].in), &req)
	it := MetaItem{Key: []byte("k"), KeyBinary: true}
	dst := make([]byte, 0, 256)
	allocs := testing.AllocsPerRun(100, func() {
		dst = AppendValue(dst[:0], req.Key, 1, 2, true, 3)
		dst = req.Meta.AppendReturnFlags(dst, MetaReturnGetHit, &it)
		dst = AppendStatUint(dst, "x", 1)
	})
	if allocs != 0 {
		t.Errorf("reply appenders: %v allocs, want 0", allocs)
	}
}
