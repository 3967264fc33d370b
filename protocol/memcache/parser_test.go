package memcache

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
)

// describe renders the fields of r that are set, for compact f-tests.
func describe(r *Request) string {
	var b strings.Builder
	b.WriteString(r.Cmd.String())
	if r.Key != nil {
		fmt.Fprintf(&b, " key=%q", r.Key)
	}
	if len(r.Keys) > 1 {
		fmt.Fprintf(&b, " keys=%q", r.Keys)
	}
	if r.Flags != 0 {
		fmt.Fprintf(&b, " flags=%d", r.Flags)
	}
	if r.Exptime != 0 {
		fmt.Fprintf(&b, " exp=%d", r.Exptime)
	}
	if r.Cmd.IsStorage() {
		fmt.Fprintf(&b, " bytes=%d data=%q", r.Bytes, r.Data)
	}
	if r.CAS != 0 {
		fmt.Fprintf(&b, " cas=%d", r.CAS)
	}
	if r.Delta != 0 {
		fmt.Fprintf(&b, " delta=%d", r.Delta)
	}
	if r.Num != 0 {
		fmt.Fprintf(&b, " num=%d", r.Num)
	}
	if r.Noreply {
		b.WriteString(" noreply")
	}
	if len(r.Args) > 0 {
		fmt.Fprintf(&b, " args=%q", r.Args)
	}
	m := &r.Meta
	if m.n > 0 {
		fmt.Fprintf(&b, " order=%s", m.Order())
		if !bytes.Equal(m.RawKey, r.Key) {
			fmt.Fprintf(&b, " raw=%q", m.RawKey)
		}
		for _, c := range m.Order() {
			switch c {
			case 'O':
				fmt.Fprintf(&b, " O=%q", m.Opaque)
			case 'C':
				fmt.Fprintf(&b, " C=%d", m.CompareCAS)
			case 'E':
				fmt.Fprintf(&b, " E=%d", m.NewCAS)
			case 'N':
				fmt.Fprintf(&b, " N=%d", m.VivifyTTL)
			case 'R':
				fmt.Fprintf(&b, " R=%d", m.RecacheTTL)
			case 'T':
				fmt.Fprintf(&b, " T=%d", m.TTL)
			case 'F':
				fmt.Fprintf(&b, " F=%d", m.ClientFlags)
			case 'M':
				fmt.Fprintf(&b, " M=%q", m.Mode)
			case 'J':
				fmt.Fprintf(&b, " J=%d", m.Initial)
			}
		}
	}
	if r.Cmd == MetaArithmetic {
		fmt.Fprintf(&b, " D=%d", m.Delta)
	}
	return b.String()
}

func TestParse(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		var p Parser
		p.MaxItemSize = 1 << 20
		var req Request
		n, err := p.Next([]byte(in), &req)
		if err != nil {
			t.Fatalf("%q: unexpected error %v", in, err)
		}
		if n != len(in) {
			t.Fatalf("%q: n = %d, want %d", in, n, len(in))
		}
		if got := describe(&req); got != want {
			t.Fatalf("%q:\n got %s\nwant %s", in, got, want)
		}
	}
	// get family
	f("get k\r\n", `get key="k"`)
	f("get k\n", `get key="k"`)
	f("get a b  c \r\n", `get key="a" keys=["a" "b" "c"]`)
	f("get k noreply\r\n", `get key="k" keys=["k" "noreply"]`)
	f("get k\r\r\n", `get key="k\r"`)
	f("get "+strings.Repeat("k ", 30)+"\r\n", `get key="k" keys=[`+strings.Repeat(`"k" `, 29)+`"k"]`)
	f("gets k\r\n", `gets key="k"`)
	f("gat 10 k\r\n", `gat key="k" exp=10`)
	f("gats -1 a b\r\n", `gats key="a" keys=["a" "b"] exp=-1`)
	f("gat - k\r\n", `gat key="k"`) // mcmc: a lone "-" is 0
	f("get "+strings.Repeat("k", 250)+"\r\n", `get key="`+strings.Repeat("k", 250)+`"`)
	// storage
	f("set k 0 0 1\r\na\r\n", `set key="k" bytes=1 data="a"`)
	f("set k 0 0 1\na\r\n", `set key="k" bytes=1 data="a"`)
	f("set  k  5  0  0 \r\n\r\n", `set key="k" flags=5 bytes=0 data=""`)
	f("set k 1 2 3 noreply\r\nabc\r\n", `set key="k" flags=1 exp=2 bytes=3 data="abc" noreply`)
	f("set k 0 0 2\r\n\r\n\r\n", `set key="k" bytes=2 data="\r\n"`)
	f("set k 0 0 1 extra\r\na\r\n", `set key="k" bytes=1 data="a"`)
	f("set k 0 0 1 noreply extra\r\na\r\n", `set key="k" bytes=1 data="a"`)
	f("set k 0 0 1"+strings.Repeat(" x", 17)+" noreply\r\na\r\n", `set key="k" bytes=1 data="a" noreply`)
	f("set k 0 0 1"+strings.Repeat(" x", 18)+" noreply\r\na\r\n", `set key="k" bytes=1 data="a"`)
	f("set k 4294967295 0 1\r\na\r\n", `set key="k" flags=4294967295 bytes=1 data="a"`)
	f("set k 4294967297 0 1\r\na\r\n", `set key="k" flags=1 bytes=1 data="a"`)
	f("set k -0 0 1\r\na\r\n", `set key="k" bytes=1 data="a"`)
	f("set k +7 0 1\r\na\r\n", `set key="k" flags=7 bytes=1 data="a"`)
	f("set k -18446744073709551615 0 1\r\na\r\n", `set key="k" flags=1 bytes=1 data="a"`)
	f("set k 5\tx 0 1\r\na\r\n", `set key="k" flags=5 bytes=1 data="a"`)
	f("set k \t 7 1\r\na\r\n", `set key="k" flags=7 exp=7 bytes=1 data="a"`)
	f("set k 0 -1 1\r\na\r\n", `set key="k" exp=-1 bytes=1 data="a"`)
	f("set k 0 2147483648 1\r\na\r\n", `set key="k" exp=-2147483648 bytes=1 data="a"`)
	f("set k 0 4294967296 1\r\na\r\n", `set key="k" bytes=1 data="a"`)
	f("set k 0 0 01\r\na\r\n", `set key="k" bytes=1 data="a"`)
	f("add k 0 0 1\r\na\r\n", `add key="k" bytes=1 data="a"`)
	f("replace k 0 0 1\r\na\r\n", `replace key="k" bytes=1 data="a"`)
	f("append k 0 0 1\r\na\r\n", `append key="k" bytes=1 data="a"`)
	f("prepend k 0 0 1\r\na\r\n", `prepend key="k" bytes=1 data="a"`)
	f("cas k 0 0 1 99\r\na\r\n", `cas key="k" bytes=1 data="a" cas=99`)
	f("cas k 0 0 1 18446744073709551615 noreply\r\na\r\n", `cas key="k" bytes=1 data="a" cas=18446744073709551615 noreply`)
	f("set k 0 0 1048516\r\n"+strings.Repeat("x", 1048516)+"\r\n", `set key="k" bytes=1048516 data="`+strings.Repeat("x", 1048516)+`"`)
	// incr, decr, touch, delete
	f("incr k 1\r\n", `incr key="k" delta=1`)
	f("decr k 18446744073709551615 noreply\r\n", `decr key="k" delta=18446744073709551615 noreply`)
	f("incr k 1 2 3\r\n", `incr key="k" delta=1`)
	f("touch k 10\r\n", `touch key="k" exp=10`)
	f("touch k -2147483648 noreply\r\n", `touch key="k" exp=-2147483648 noreply`)
	f("delete k\r\n", `delete key="k"`)
	f("delete k 0\r\n", `delete key="k"`)
	f("delete k noreply\r\n", `delete key="k" noreply`)
	f("delete k 0 noreply\r\n", `delete key="k" noreply`)
	// admin
	f("version\r\n", `version`)
	f("version x\r\n", `version`)
	f("quit\n", `quit`)
	f("stats\r\n", `stats`)
	f("stats items\r\n", `stats args=["items"]`)
	f("stats cachedump 1 2\r\n", `stats args=["cachedump" "1" "2"]`)
	f("stats noreply\r\n", `stats args=["noreply"]`)
	f("watch fetchers mutations\r\n", `watch args=["fetchers" "mutations"]`)
	f("flush_all\r\n", `flush_all`)
	f("flush_all 10\r\n", `flush_all exp=10 args=["10"]`)
	f("flush_all -1 noreply\r\n", `flush_all exp=-1 noreply args=["-1" "noreply"]`)
	f("flush_all noreply\r\n", `flush_all noreply args=["noreply"]`)
	f("flush_all 0 0 0\r\n", `flush_all args=["0" "0" "0"]`)
	f("verbosity 1\r\n", `verbosity num=1 args=["1"]`)
	f("verbosity 1 noreply\r\n", `verbosity num=1 noreply args=["1" "noreply"]`)
	f("  verbosity 2\r\n", `verbosity num=2 args=["2"]`)
	f("cache_memlimit 100\r\n", `cache_memlimit num=100 args=["100"]`)
	f("debugtime -5\r\n", `debugtime num=-5 args=["-5"]`)
	f("debugtime p\r\n", `debugtime args=["p"]`)
	f("shutdown\r\n", `shutdown`)
	f("shutdown graceful\r\n", `shutdown args=["graceful"]`)
	f("slabs reassign 1 2\r\n", `slabs args=["reassign" "1" "2"]`)
	f("slabs automove 1 noreply\r\n", `slabs noreply args=["automove" "1" "noreply"]`)
	f("lru tune 10 20 0.1 2\r\n", `lru args=["tune" "10" "20" "0.1" "2"]`)
	f("lru_crawler metadump all\r\n", `lru_crawler args=["metadump" "all"]`)
	// meta
	f("mn\r\n", `mn`)
	f("mn k ! ?\r\n", `mn`)
	f("mg k\r\n", `mg key="k"`)
	f("mg k v\n", `mg key="k" order=v`)
	f("mg  k  v \r\n", `mg key="k" order=v`)
	f("mg k s t c f h l O123 P1 L2 u v q k\r\n", `mg key="k" order=stcfhlOPLuvqk O="123"`)
	f("mg k N30 R10 T-1 E5 C7 x I\r\n", `mg key="k" order=NRTECxI N=30 R=10 T=-1 E=5 C=7`)
	f("mg k F1 Mxx J1 D2\r\n", `mg key="k" order=FMJD F=1 M='x' J=1`)
	f("mg k M\r\n", `mg key="k" order=M M='\x00'`)
	f("mg k O\r\n", `mg key="k" order=O O=""`)
	f("mg k O1234567890123456789012345678901\r\n", `mg key="k" order=O O="1234567890123456789012345678901"`)
	f("mg a2V5 b k v\r\n", `mg key="key" order=bkv raw="a2V5"`)
	f("mg a2V5\t b\r\n", `mg key="key" order=b raw="a2V5\t"`)
	f("mg AA== b\r\n", `mg key="\x00" order=b raw="AA=="`)
	f("mg k s t c f h l O1 P1 L1 u v k T1 N1 R1 E1 C1 I\r\n", `mg key="k" order=stcfhlOPLuvkTNRECI O="1" T=1 N=1 R=1 E=1 C=1`)
	f("ms k 1\r\na\r\n", `ms key="k" bytes=1 data="a"`)
	f("ms k 0\r\n\r\n", `ms key="k" bytes=0 data=""`)
	f("ms k 2 T0 F5 c k s O9 I q MS\r\nab\r\n", `ms key="k" bytes=2 data="ab" order=TFcksOIqM T=0 F=5 O="9" M='S'`)
	f("ms k 1 MSet\r\na\r\n", `ms key="k" bytes=1 data="a" order=M M='S'`)
	f("ms k 1 ME\r\na\r\n", `ms key="k" bytes=1 data="a" order=M M='E'`)
	f("ms a2V5 1 b k\r\na\r\n", `ms key="key" bytes=1 data="a" order=bk raw="a2V5"`)
	f("ms k 1 F4294967295\r\na\r\n", `ms key="k" bytes=1 data="a" order=F F=4294967295`)
	f("md k\r\n", `md key="k"`)
	f("md k q I T30 C5 x k O1\r\n", `md key="k" order=qITCxkO T=30 C=5 O="1"`)
	f("ma k\r\n", `ma key="k" D=1`)
	f("ma k N0 J10 v M+\r\n", `ma key="k" order=NJvM N=0 J=10 M='+' D=1`)
	f("ma k D5 MD q t c\r\n", `ma key="k" order=DMqtc M='D' D=5`)
	f("me k\r\n", `me key="k"`)
	f("me k x y\r\n", `me key="k"`)
	f("me a2V5 b\r\n", `me key="key" order=b raw="a2V5"`)
	// Long get lines are unbounded.
	long := "get " + strings.Repeat("foobarbaz ", 2000) + "\r\n"
	var p Parser
	var req Request
	if n, err := p.Next([]byte(long), &req); err != nil || n != len(long) || len(req.Keys) != 2000 {
		t.Fatalf("long get: n=%d err=%v keys=%d", n, err, len(req.Keys))
	}
	long = strings.Repeat(" ", 100) + "gets " + strings.Repeat("k ", 2000)
	if _, err := p.Next([]byte(long), &req); err != ErrIncomplete {
		t.Fatalf("long gets without newline: %v", err)
	}
}

func TestIncomplete(t *testing.T) {
	for _, in := range []string{
		"", "g", "get k", "get k\r", "set k 0 0 1\r\n", "set k 0 0 1\r\na", "set k 0 0 1\r\na\r",
		"ms k 5 T0\r\nabc", "mg k v", strings.Repeat("x", MaxLineLen),
		"set k 0 0 1048516\r\n" + strings.Repeat("x", 1000),
	} {
		var p Parser
		p.MaxItemSize = 1 << 20
		var req Request
		n, err := p.Next([]byte(in), &req)
		if err != ErrIncomplete || n != 0 {
			t.Errorf("%.40q: n=%d err=%v, want 0, ErrIncomplete", in, n, err)
		}
	}
}

// TestPipeline parses several commands from one buffer.
func TestPipeline(t *testing.T) {
	in := "set a 0 0 1\r\n1\r\nget a b\r\nmg a v\r\nbogus\r\ndelete a\nms b 2 T0\r\nxy\r\nmn\r\n"
	want := []string{"set", "get", "mg", "ERROR", "delete", "ms", "mn"}
	var p Parser
	var req Request
	b := []byte(in)
	var got []string
	for len(b) > 0 {
		n, err := p.Next(b, &req)
		var e *Error
		switch {
		case err == nil:
			got = append(got, req.Cmd.String())
		case errors.As(err, &e):
			got = append(got, strings.TrimSpace(string(e.Reply)))
		default:
			t.Fatalf("unexpected %v", err)
		}
		b = b[n:]
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
}

func TestNumbers(t *testing.T) {
	u32 := func(s string, want uint32, ok bool) {
		t.Helper()
		v, o := ParseUint32([]byte(s))
		if v != want || o != ok {
			t.Errorf("ParseUint32(%q) = %d, %v; want %d, %v", s, v, o, want, ok)
		}
	}
	u32("0", 0, true)
	u32("4294967295", 4294967295, true)
	u32("4294967296", 0, false)
	u32("00000000001", 1, true)
	u32("000000000001", 0, false)
	u32("+1", 0, false)
	u32("-1", 0, false)
	u32("1a", 0, false)
	i32 := func(s string, want int32, ok bool) {
		t.Helper()
		v, o := ParseInt32([]byte(s))
		if v != want || o != ok {
			t.Errorf("ParseInt32(%q) = %d, %v; want %d, %v", s, v, o, want, ok)
		}
	}
	i32("-2147483648", -2147483648, true)
	i32("-2147483649", 0, false)
	i32("2147483647", 2147483647, true)
	i32("2147483648", 0, false)
	i32("-", 0, true)
	i32("--1", 0, false)
	u64 := func(s string, want uint64, ok bool) {
		t.Helper()
		v, o := ParseUint64([]byte(s))
		if v != want || o != ok {
			t.Errorf("ParseUint64(%q) = %d, %v; want %d, %v", s, v, o, want, ok)
		}
	}
	u64("18446744073709551615", 18446744073709551615, true)
	u64("18446744073709551616", 0, false)
	u64("0000000000000000000001", 1, true)
	u64("00000000000000000000001", 0, false)
	i64 := func(s string, want int64, ok bool) {
		t.Helper()
		v, o := ParseInt64([]byte(s))
		if v != want || o != ok {
			t.Errorf("ParseInt64(%q) = %d, %v; want %d, %v", s, v, o, want, ok)
		}
	}
	i64("-9223372036854775808", -9223372036854775808, true)
	i64("9223372036854775808", 0, false)
	cu := func(s string, want uint64, ok bool) {
		t.Helper()
		v, o := cStrtou64([]byte(s))
		if v != want || o != ok {
			t.Errorf("cStrtou64(%q) = %d, %v; want %d, %v", s, v, o, want, ok)
		}
	}
	cu("5 ", 5, true)
	cu(" \t+5\r\n", 5, true)
	cu("-5 ", 0, false)
	cu("-0 ", 0, true)
	cu("18446744073709551615 ", 18446744073709551615, true)
	cu("18446744073709551616 ", 0, false)
	cu("-9223372036854775808 ", 0, false)
	cu("-9223372036854775809 ", 9223372036854775807, true)
	cu("5x ", 0, false)
	cu("x ", 0, false)
	cu("- ", 0, false)
	cl := func(s string, want int64, ok bool) {
		t.Helper()
		v, o := cStrtol64([]byte(s))
		if v != want || o != ok {
			t.Errorf("cStrtol64(%q) = %d, %v; want %d, %v", s, v, o, want, ok)
		}
	}
	cl("-9223372036854775808 ", -9223372036854775808, true)
	cl("-9223372036854775809 ", 0, false)
	cl("9223372036854775807\r", 9223372036854775807, true)
	cl("9223372036854775808\r", 0, false)
	cl("+12 ", 12, true)
}

func TestBase64(t *testing.T) {
	f := func(in, want string) {
		t.Helper()
		dst := make([]byte, len(in))
		n := decodeBase64(dst, []byte(in))
		got := string(dst[:n])
		if n == 0 {
			got = "<error>"
		}
		if got != want {
			t.Errorf("decodeBase64(%q) = %q, want %q", in, got, want)
		}
	}
	f("a2V5", "key")
	f("a2V5eQ==", "keyy")
	f("a2V5eXk=", "keyyy")
	f("a2!V5", "key") // bytes outside the alphabet are skipped
	f("a2V", "<error>")
	f("A===", "<error>")
	f("AA==AAAA", "\x00") // stops after the padded block
	f("", "<error>")
	f("!!!!", "<error>")
}
