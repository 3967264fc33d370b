package conformance

import (
	"encoding/base64"
	"strconv"
	"strings"
	"testing"
)

// TestMetaGetFlags covers mg's flags and their reply order (against the
// reference: 1.6.18 answers these alike).
func TestMetaGetFlags(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"ms k 3 F77 T0\r\nabc\r\n", "HD\r\n"},
		{"mg k\r\n", "HD\r\n"},
		{"mg k v\r\n", "VA 3\r\nabc\r\n"},
		{"mg k s v f t k O123 q h l u\r\n", "VA 3 s3 f77 t-1 kk O123 h1 l0\r\nabc\r\n"},          // fetched by the mg v
		{"ms u 1\r\nu\r\nmg u u h\r\nmg u h\r\nmg u h\r\n", "HD\r\nHD h0\r\nHD h0\r\nHD h1\r\n"}, // u does not mark it fetched
		{"mg k O1 k\r\n", "HD O1 kk\r\n"},
		{"mg missing v\r\n", "EN\r\n"},
		{"mg missing v k O9\r\n", "EN kmissing O9\r\n"},
		{"mg missing v q\r\nmg missing q k O1\r\nmg k q s\r\nmn\r\n", "HD s3\r\nMN\r\n"},
		{"mg k T100 t\r\n", "HD t100\r\n"},
		{"mg k t T0\r\nmg k t\r\n", "HD t100\r\nHD t-1\r\n"},
		// Base64 keys: the key is decoded, echoed in base64 with b.
		{"ms " + b64("bin\x00key") + " 2 b\r\nxy\r\n", "HD\r\n"},
		{"mg " + b64("bin\x00key") + " b v k\r\n", "VA 2 k" + b64("bin\x00key") + " b\r\nxy\r\n"},
		{"ms " + b64("plain") + " 1 b\r\nz\r\n", "HD\r\n"},
		{"get plain\r\n", "VALUE plain 0 1\r\nz\r\nEND\r\n"},
		{"mg plain k v\r\n", "VA 1 kcGxhaW4= b\r\nz\r\n"},
		{"mn\r\n", "MN\r\n"},
	})
}

// TestMetaGet145 covers what memcached 1.6.45 added to mg: C (conditional
// value), E (CAS of a vivified item).
func TestMetaGet145(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	c.Expect("set k 0 0 3\r\nabc\r\n", "STORED\r\n")
	cas := casOf(t, c, "k")
	runSteps(t, c, []step{
		{"mg k C" + cas + " v c\r\n", "HD c" + cas + "\r\n"},
		{"mg k C999999 v\r\n", "VA 3\r\nabc\r\n"},
		{"mg viv N30 E12345 c\r\n", "HD c12345 W\r\n"},
		{"mg viv c\r\n", "HD c12345 Z\r\n"},
	})
}

// TestMetaSet covers ms and its modes and flags.
func TestMetaSet(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"ms k 2\r\nhi\r\n", "HD\r\n"},
		{"ms k 2 q\r\nho\r\nmn\r\n", "MN\r\n"},
		{"ms k 2 k O5\r\nhu\r\n", "HD kk O5\r\n"},
		{"ms k 1 MS F3 T100\r\nx\r\nmg k f t v\r\n", "HD\r\nVA 1 f3 t100\r\nx\r\n"},
		{"ms k 1 ME\r\ny\r\n", "NS\r\n"},
		{"ms new 1 ME\r\ny\r\n", "HD\r\n"},
		{"ms none 1 MR\r\ny\r\n", "NS\r\n"},
		{"ms new 1 MR F9\r\nr\r\n", "HD\r\n"},
		{"ms new 1 MA F1\r\na\r\n", "HD\r\n"},
		{"ms new 1 MP\r\np\r\n", "HD\r\n"},
		{"mg new v f\r\n", "VA 3 f9\r\npra\r\n"},
		{"ms none 1 MA\r\na\r\nms none 1 MP\r\np\r\n", "NS\r\nNS\r\n"},
		{"ms k 1 MX\r\nx\r\n", "CLIENT_ERROR invalid mode for ms M token\r\n"},
		{"ms k 1 Ms\r\nx\r\n", "CLIENT_ERROR invalid mode for ms M token\r\n"},
		{"ms k 1 q ME\r\nx\r\nms none 1 q MR\r\nx\r\nmn\r\n", "NS\r\nNS\r\nMN\r\n"},
		{"ms k 0\r\n\r\nmg k s v\r\n", "HD\r\nVA 0 s0\r\n\r\n"},
		// A data block of the wrong length.
		{"ms k 1\r\nab\r\n", "CLIENT_ERROR bad data chunk\r\n"},
	})
	c := srv.Dial(t)
	cas := casOf(t, c, "new")
	runSteps(t, c, []step{
		{"ms new 1 C1\r\nz\r\n", "EX\r\n"},
		{"ms none 1 C" + cas + "\r\nz\r\n", "NF\r\n"},
		{"ms new 1 C" + cas + " c\r\nz\r\n", "HD c"},
	})
	newCAS := strings.TrimSuffix(c.ReadLine(), "\r\n")
	if newCAS == cas || newCAS == "0" {
		t.Fatalf("ms c after a CAS match returned %s (old %s)", newCAS, cas)
	}
	runSteps(t, c, []step{
		{"ms new 1 C" + cas + " c\r\ny\r\n", "EX c0\r\n"},
		{"mg new v\r\n", "VA 1\r\nz\r\n"},
		// 1.6.45: s returns the size stored (the whole item after append),
		// E sets the CAS, N vivifies an append.
		{"ms new 3 MA s\r\nabc\r\n", "HD s4\r\n"},
		{"ms new 1 E777 c\r\nq\r\n", "HD c777\r\n"},
		{"mg new c\r\n", "HD c777\r\n"},
		{"ms log 2 MA N100 s\r\nl1\r\nms log 2 MA N100 s\r\nl2\r\nmg log v t\r\n", "HD s2\r\nHD s4\r\nVA 4 t100\r\nl1l2\r\n"},
	})
}

// TestMetaDelete covers md: C, I with T, q, k, O, x.
func TestMetaDelete(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"md missing\r\n", "NF\r\n"},
		{"md missing q k O1\r\n", "NF kmissing O1\r\n"},
		{"ms k 1\r\na\r\nmd k\r\nmg k\r\n", "HD\r\nHD\r\nEN\r\n"},
		{"ms k 1\r\na\r\nmd k q\r\nmn\r\n", "HD\r\nMN\r\n"},
		{"ms k 1\r\na\r\nmd k C1\r\n", "HD\r\nEX\r\n"},
		{"md k I T30\r\nmg k t v\r\n", "HD\r\nVA 1 t30 X W\r\na\r\n"},
		{"mg k v\r\n", "VA 1 Z X\r\na\r\n"},
		{"md " + b64("k") + " b k\r\n", "HD k" + b64("k") + " b\r\n"},
		{"get k\r\n", "END\r\n"},
	})
	c := srv.Dial(t)
	c.Expect("set d 5 100 3\r\nabc\r\n", "STORED\r\n")
	cas := casOf(t, c, "d")
	runSteps(t, c, []step{
		{"md d C" + cas + "\r\n", "HD\r\n"},
		{"set d 5 100 3\r\nabc\r\n", "STORED\r\n"},
		// 1.6.45: x empties the value and keeps the item (flags and TTL
		// from F and T, CAS unchanged unless E).
		{"md d x\r\nmg d v f t\r\n", "HD\r\nVA 0 f0 t-1\r\n\r\n"},
		{"set d 5 100 3\r\nabc\r\nmd d x F7 T50 E99\r\nmg d v f t c\r\n", "STORED\r\nHD\r\nVA 0 f7 t50 c99\r\n\r\n"},
		{"set d 0 0 2\r\nmz\r\nmd d x I\r\nmg d v\r\n", "STORED\r\nHD\r\nVA 0 X W\r\n\r\n"},
		{"set d 0 0 2\r\nmz\r\nmd d I E555\r\nmg d c\r\n", "STORED\r\nHD\r\nHD c555 X W\r\n"},
	})
}

// TestMetaArithmetic covers ma: modes, N/J vivify, D, T, q, t, c, v, k, O.
func TestMetaArithmetic(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"ma n\r\n", "NF\r\n"},
		{"ma n q\r\n", "NF\r\n"},
		{"ma n N0 J10 v\r\n", "VA 2\r\n10\r\n"},
		{"ma n\r\n", "HD\r\n"},
		{"ma n v\r\n", "VA 2\r\n12\r\n"},
		{"ma n MD D5 v\r\n", "VA 1\r\n7\r\n"},
		{"ma n M- D50 v\r\n", "VA 1\r\n0\r\n"},
		{"ma n M+ D18446744073709551615 v\r\n", "VA 20\r\n18446744073709551615\r\n"},
		{"ma n MI v\r\n", "VA 1\r\n0\r\n"},
		{"ma n v t k O7\r\n", "VA 1 t-1 kn O7\r\n1\r\n"},
		{"ma n T100 t v\r\n", "VA 1 t100\r\n2\r\n"},
		// The number is rewritten in place, padded to the 20 bytes it had.
		{"ma n q\r\nma n q v\r\nmn\r\nmg n v\r\n", "MN\r\nVA 20\r\n4" + strings.Repeat(" ", 19) + "\r\n"},
		{"ma n C1\r\n", "EX\r\n"},
		{"ms s 3\r\nabc\r\nma s\r\n", "HD\r\nCLIENT_ERROR cannot increment or decrement non-numeric value\r\n"},
		{"ma n MX\r\n", "CLIENT_ERROR invalid mode for ma M token\r\n"},
		{"ma n Mi\r\n", "CLIENT_ERROR invalid mode for ma M token\r\n"},
		{"ma " + b64("n") + " b v k\r\n", "VA 1 k" + b64("n") + " b\r\n5\r\n"},
	})
	c := srv.Dial(t)
	cas := casOf(t, c, "n")
	runSteps(t, c, []step{
		{"ma n C" + cas + " v\r\n", "VA 1\r\n6\r\n"},
		{"ma n E4242 c\r\n", "HD c4242\r\n"},
		{"ma fresh N0 J3 E31 c v\r\n", "VA 1 c31\r\n3\r\n"},
	})
}

// TestMetaDebug covers me: the item's internals line (1.6.45's exp is the
// TTL left).
func TestMetaDebug(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	runSteps(t, c, []step{
		{"me missing\r\n", "EN\r\n"},
		{"me\r\n", "CLIENT_ERROR bad command line format\r\n"},
		{"set k 1 100 3\r\nabc\r\n", "STORED\r\n"},
	})
	cas := strings.TrimSuffix(strings.TrimPrefix(c.Call("mg k c u\r\n"), "HD c"), "\r\n")
	line := c.Call("me k\r\n")
	// size is memcached's: 48-byte header, CAS, key and NUL, value and
	// CRLF, 4 bytes of flags.
	want := "ME k exp=100 la=0 cas=" + cas + " fetch=no cls="
	if !strings.HasPrefix(line, want) || !strings.HasSuffix(line, " size=67\r\n") {
		t.Fatalf("me k = %q, want %q...size=67", line, want)
	}
	c.Expect("get k\r\n", valueReply("k", 1, "abc"))
	if line := c.Call("me k\r\n"); !strings.Contains(line, " fetch=yes ") {
		t.Fatalf("me after get: %q", line)
	}
	c.Expect("ms "+b64("b\x01n")+" 1 b\r\nx\r\n", "HD\r\n")
	if line := c.Call("me " + b64("b\x01n") + " b\r\n"); !strings.HasPrefix(line, "ME "+b64("b\x01n")+" exp=-1 ") {
		t.Fatalf("me of a binary key: %q", line)
	}
}

// TestMetaNoop: mn answers MN after the replies before it, also with
// nothing pending.
func TestMetaNoop(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"mn\r\n", "MN\r\n"},
		{"mn\r\nmn\r\nmn\r\n", "MN\r\nMN\r\nMN\r\n"},
		{"mg a q v\r\nmg b q v\r\nmn\r\n", "MN\r\n"},
	})
}

// TestMetaQuietPipeline: a pipeline of quiet commands answers only what
// is not a success (mg hits, errors), then MN.
func TestMetaQuietPipeline(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	var send, want strings.Builder
	for i := 0; i < 200; i++ {
		k := "q" + strconv.Itoa(i)
		send.WriteString("ms " + k + " 1 q\r\n" + strconv.Itoa(i%10) + "\r\n")
	}
	for i := 0; i < 300; i++ {
		k := "q" + strconv.Itoa(i)
		send.WriteString("mg " + k + " q v k\r\n")
		if i < 200 {
			want.WriteString("VA 1 k" + k + "\r\n" + strconv.Itoa(i%10) + "\r\n")
		}
	}
	for i := 0; i < 300; i++ {
		send.WriteString("md q" + strconv.Itoa(i) + " q\r\n")
		if i >= 200 {
			want.WriteString("NF\r\n")
		}
	}
	send.WriteString("mn\r\n")
	want.WriteString("MN\r\n")
	c.Expect(send.String(), want.String())
}

// TestMetaVivifyTTLOrder: mg and ma apply T and N in the order given, as
// memcached does; a vivified item starts with no TTL until N's place, and
// only the final TTL decides whether the item lives.
func TestMetaVivifyTTLOrder(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	runSteps(t, srv.Dial(t), []step{
		{"mg a t N30\r\nmg a t\r\n", "HD t-1 W\r\nHD t30 Z\r\n"},
		{"mg b T60 N30 t\r\n", "HD t30 W\r\n"},
		{"mg c N-1 s\r\n", "HD s0 W\r\n"},
		{"mg d N-1 T100 s\r\nmg d s\r\n", "HD s0 W\r\nHD s0 Z\r\n"},
		{"mg e T-1 N100 v\r\nmg e v\r\n", "VA 0 W\r\n\r\nVA 0 Z\r\n\r\n"},
		{"ma f N-1 T2075 v\r\nmg f v t\r\n", "VA 1\r\n0\r\nVA 1 t2075\r\n0\r\n"},
		{"ma g T-1 N100 v\r\nmg g v\r\n", "VA 1\r\n0\r\nVA 1\r\n0\r\n"},
		{"set h 0 100 1\r\nx\r\nmg h T-1 R30 k\r\n", "STORED\r\nHD kh W\r\n"},
	})
}

// TestMetaArithEmptyValueCASOrder: memcached checks for an empty value
// before it compares CAS, so ma C<wrong> on an empty value is non-numeric.
func TestMetaArithEmptyValueCASOrder(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"set e 0 0 0\r\n\r\nma e C999\r\n", "STORED\r\nCLIENT_ERROR cannot increment or decrement non-numeric value\r\n"},
		{"set s 0 0 3\r\nabc\r\nma s C999\r\n", "STORED\r\nEX\r\n"},
	})
}

// TestMetaSetPastTTLReturnsCAS: ms with a TTL in the past stores an item
// that is already expired; its c flag still reports the CAS it got.
func TestMetaSetPastTTLReturnsCAS(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	line := c.Call("ms k 1 T-1 c\r\nx\r\n")
	if line == "HD c0\r\n" || !strings.HasPrefix(line, "HD c") {
		t.Fatalf("ms k 1 T-1 c: %q, want HD c<the item's CAS>", line)
	}
	c.Expect("mg k\r\n", "EN\r\n")
}

// TestMetaSetAppendC0: in append/prepend mode a CAS of 0 means no check
// (memcached's CAS_NONE), so the append is done.
func TestMetaSetAppendC0(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"set k 0 0 1\r\na\r\n", "STORED\r\n"},
		{"ms k 1 MA C0\r\nb\r\nms k 1 MP C0\r\nc\r\nmg k v\r\n", "HD\r\nHD\r\nVA 3\r\ncab\r\n"},
		{"ms k 1 MA C1\r\nd\r\n", "EX\r\n"},
		{"ms k 1 MS C0\r\nd\r\n", "EX\r\n"},
	})
}

// TestAddMarksFetched: a failed add (or ms ME) bumps the item in the LRU
// but does not mark it fetched.
func TestAddMarksFetched(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"set a 0 0 1\r\na\r\nadd a 0 0 1\r\nb\r\nmg a h\r\n", "STORED\r\nNOT_STORED\r\nHD h0\r\n"},
		{"set b 0 0 1\r\na\r\nms b 1 ME\r\nb\r\nmg b h\r\n", "STORED\r\nNS\r\nHD h0\r\n"},
	})
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
