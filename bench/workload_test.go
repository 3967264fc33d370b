package bench

import (
	"slices"
	"testing"
)

func TestParseWorkload(t *testing.T) {
	f := func(name string, proto Protocol, mix []OpWeight, multi, pipeline int) {
		t.Helper()
		w, err := ParseWorkload(name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if w.Name != name || w.Protocol != proto || !slices.Equal(w.Mix, mix) || w.MultiGet != multi || w.Pipeline != pipeline {
			t.Fatalf("%s: got %+v", name, w)
		}
	}
	f("mc-get-set-9:1", ProtoText, []OpWeight{{OpGet, 9}, {OpSet, 1}}, 0, 1)
	f("mc-multiget-10", ProtoText, []OpWeight{{OpMGet, 1}}, 10, 1)
	f("meta-pipeline-16", ProtoMeta, []OpWeight{{OpGet, 9}, {OpSet, 1}}, 0, 16)
	f("resp-get", ProtoRESP, []OpWeight{{OpGet, 1}}, 0, 1)
	f("resp-set", ProtoRESP, []OpWeight{{OpSet, 1}}, 0, 1)
	f("resp-pipeline-16", ProtoRESP, []OpWeight{{OpGet, 9}, {OpSet, 1}}, 0, 16)
	f("resp-mget-5", ProtoRESP, []OpWeight{{OpMGet, 1}}, 5, 1)
	f("resp-mset-3", ProtoRESP, []OpWeight{{OpMSet, 1}}, 3, 1)
	f("resp-incr", ProtoRESP, []OpWeight{{OpIncr, 1}}, 0, 1)
	f("resp-lpush", ProtoRESP, []OpWeight{{OpLPush, 1}}, 0, 1)
	f("meta-get-set-1:0", ProtoMeta, []OpWeight{{OpGet, 1}}, 0, 1)
	f("mc-incr", ProtoText, []OpWeight{{OpIncr, 1}}, 0, 1)

	for _, bad := range []string{"", "mc", "x-get", "mc-lpush", "meta-multiget-10", "mc-multiget-0", "mc-get-set-9", "mc-get-set-0:0", "resp-pipeline-x", "mc-frobnicate"} {
		if w, err := ParseWorkload(bad); err == nil {
			t.Errorf("%q accepted as %+v", bad, w)
		}
	}
	for _, name := range DefaultWorkloads {
		if _, err := ParseWorkload(name); err != nil {
			t.Errorf("default workload %s: %v", name, err)
		}
	}
}

func TestParseMix(t *testing.T) {
	mix, err := ParseMix("get=8, set:1,incr, mg=0")
	if err != nil || !slices.Equal(mix, []OpWeight{{OpGet, 8}, {OpSet, 1}, {OpIncr, 1}}) {
		t.Fatalf("%v %v", mix, err)
	}
	if s := MixString(mix); s != "get=8,set=1,incr=1" {
		t.Fatalf("MixString = %q", s)
	}
	for _, bad := range []string{"", "get=0", "get=x", "frob=1", "get=-1"} {
		if _, err := ParseMix(bad); err == nil {
			t.Errorf("mix %q accepted", bad)
		}
	}
	if mix, err := ParseRatio("1:0"); err != nil || !slices.Equal(mix, []OpWeight{{OpGet, 1}}) {
		t.Fatalf("ratio 1:0: %v %v", mix, err)
	}
}

func TestConfigValidate(t *testing.T) {
	ok := Config{Addr: "x:1"}
	if err := ok.Validate(); err != nil || ok.Conns != 50 || ok.Keys != 100000 || ok.ValueMax != 100 || len(ok.Mix) != 2 {
		t.Fatalf("defaults: %+v %v", ok, err)
	}
	for _, c := range []Config{
		{},
		{Addr: "x:1", Conns: -1},
		{Addr: "x:1", ValueMin: 10, ValueMax: 5},
		{Addr: "x:1", Rate: -5},
		{Addr: "x:1", Protocol: ProtoText, Mix: []OpWeight{{OpLPush, 1}}},
		{Addr: "x:1", Protocol: ProtoMeta, Mix: []OpWeight{{OpMGet, 1}}},
	} {
		if err := c.Validate(); err == nil {
			t.Errorf("%+v accepted", c)
		}
	}
}

func TestWorkerEncodeNoAlloc(t *testing.T) {
	for _, p := range []Protocol{ProtoText, ProtoMeta, ProtoRESP} {
		cfg := Config{Addr: "x:1", Protocol: p, ValueMin: 10, ValueMax: 100, MultiGet: 8}
		for o := range numOps {
			if p.Supports(o) {
				cfg.Mix = append(cfg.Mix, OpWeight{o, 1})
			}
		}
		if err := cfg.Validate(); err != nil {
			t.Fatal(err)
		}
		z, _ := NewZipf(cfg.Keys, 0.99)
		w := newWorker(&cfg, 0, nil, make([]byte, cfg.ValueMax), z)
		n := testing.AllocsPerRun(1000, func() {
			w.wbuf = w.wbuf[:0]
			for range cfg.Pipeline {
				w.wbuf, _ = w.encode(w.wbuf, w.pickOp())
			}
			w.wbuf = w.encodeFill(w.wbuf, "ctr:", 7)
		})
		if n != 0 {
			t.Errorf("%s: encoding allocates %v times", p, n)
		}
	}
}
