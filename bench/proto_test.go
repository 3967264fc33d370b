package bench

import (
	"errors"
	"testing"
)

// The replies below were captured from memcached 1.6.18 and redis-server
// 7.0.15 over loopback (see the comments for the requests).

type replyCase struct {
	reply string
	keys  int // text protocol: keys asked for
	want  Reply
}

var mcTextReplies = []replyCase{
	{"STORED\r\n", 0, Reply{}},                                                         // set a 5 0 3
	{"VALUE a 5 3\r\nabc\r\nEND\r\n", 1, Reply{Hits: 1}},                               // get a
	{"END\r\n", 1, Reply{Misses: 1}},                                                   // get zz
	{"VALUE a 5 3\r\nabc\r\nVALUE b 0 0\r\n\r\nEND\r\n", 3, Reply{Hits: 2, Misses: 1}}, // get a zz b
	{"VALUE a 5 3 1\r\nabc\r\nEND\r\n", 1, Reply{Hits: 1}},                             // gets a
	{"CLIENT_ERROR cannot increment or decrement non-numeric value\r\n", 0, Reply{Err: true}},
	{"12\r\n", 0, Reply{Hits: 1}},          // incr n 5
	{"NOT_FOUND\r\n", 0, Reply{Misses: 1}}, // incr nn 1
	{"ERROR\r\n", 0, Reply{Err: true}},     // bogus
	{"CLIENT_ERROR bad data chunk\r\n", 0, Reply{Err: true}},
	{"SERVER_ERROR out of memory storing object\r\n", 0, Reply{Err: true}},
	{"NOT_STORED\r\n", 0, Reply{}},
}

var metaReplies = []replyCase{
	{"VA 3\r\nabc\r\n", 0, Reply{Hits: 1}},           // mg a v
	{"VA 3 f5 t-1 c1\r\nabc\r\n", 0, Reply{Hits: 1}}, // mg a v f t c
	{"EN\r\n", 0, Reply{Misses: 1}},                  // mg zz v
	{"HD\r\n", 0, Reply{}},                           // ms a 2
	{"HD c5\r\n", 0, Reply{}},                        // ms a 2 c
	{"NS\r\n", 0, Reply{}},                           // ms a 2 MA on a missing key
	{"NF\r\n", 0, Reply{Misses: 1}},                  // ma zz
	{"MN\r\n", 0, Reply{}},                           // mn
	{"CLIENT_ERROR bad command line format\r\n", 0, Reply{Err: true}},
	{"ERROR\r\n", 0, Reply{Err: true}},
	{"VA 0\r\n\r\n", 0, Reply{Hits: 1}},
}

var respReplies = []replyCase{
	{"+OK\r\n", 0, Reply{}},                                                   // SET a abc
	{"$3\r\nabc\r\n", 0, Reply{Hits: 1}},                                      // GET a
	{"$-1\r\n", 0, Reply{Misses: 1}},                                          // GET zz
	{"*3\r\n$3\r\nabc\r\n$-1\r\n$3\r\nabc\r\n", 0, Reply{Hits: 2, Misses: 1}}, // MGET a zz a
	{"-ERR value is not an integer or out of range\r\n", 0, Reply{Err: true}}, // INCR a
	{":1\r\n", 0, Reply{}},                                                    // INCR n, LPUSH l x
	{":-42\r\n", 0, Reply{}},
	{"$1\r\nx\r\n", 0, Reply{Hits: 1}}, // LPOP l
	{"-ERR unknown command 'nope', with args beginning with: \r\n", 0, Reply{Err: true}},
	{"*0\r\n", 0, Reply{}},
	{"*-1\r\n", 0, Reply{Misses: 1}},
	{"_\r\n", 0, Reply{Misses: 1}},
	{"*2\r\n*2\r\n$1\r\na\r\n:1\r\n-ERR x\r\n", 0, Reply{}}, // nested, error inside
	{"$0\r\n\r\n", 0, Reply{Hits: 1}},
}

func checkReplies(t *testing.T, name string, cases []replyCase, parse func(b []byte, keys int) (int, Reply, error)) {
	t.Helper()
	var stream []byte
	for _, c := range cases {
		b := []byte(c.reply)
		n, r, err := parse(b, c.keys)
		if err != nil || n != len(b) || r != c.want {
			t.Fatalf("%s %q: got n=%d %+v %v, want n=%d %+v", name, c.reply, n, r, err, len(b), c.want)
		}
		for i := range len(b) {
			if _, _, err := parse(b[:i], c.keys); !errors.Is(err, ErrIncomplete) {
				t.Fatalf("%s %q: prefix of %d bytes gives %v, want ErrIncomplete", name, c.reply, i, err)
			}
		}
		stream = append(stream, b...)
	}
	// Back to back, as a pipelined batch arrives.
	off := 0
	for _, c := range cases {
		n, r, err := parse(stream[off:], c.keys)
		if err != nil || r != c.want {
			t.Fatalf("%s stream at %q: %+v %v", name, c.reply, r, err)
		}
		off += n
	}
	if off != len(stream) {
		t.Fatalf("%s stream: consumed %d of %d", name, off, len(stream))
	}
}

func TestParseReplies(t *testing.T) {
	checkReplies(t, "text", mcTextReplies, ParseMCText)
	checkReplies(t, "meta", metaReplies, func(b []byte, _ int) (int, Reply, error) { return ParseMeta(b) })
	checkReplies(t, "resp", respReplies, func(b []byte, _ int) (int, Reply, error) { return ParseRESP(b) })
}

func TestParseMalformed(t *testing.T) {
	f := func(name string, parse func([]byte) (int, Reply, error), in string) {
		t.Helper()
		if _, _, err := parse([]byte(in)); !errors.Is(err, ErrMalformed) {
			t.Fatalf("%s %q: err %v, want ErrMalformed", name, in, err)
		}
	}
	text := func(b []byte) (int, Reply, error) { return ParseMCText(b, 1) }
	f("text", text, "STORED\n")
	f("text", text, "\r\n")
	f("text", text, "VALUE a 0 x\r\n")
	f("text", text, "VALUE a 0 3\r\nabcd\r\n")
	f("text", text, "VALUE a 0 3\r\nabc\r\nSTORED\r\n")
	f("meta", ParseMeta, "VA x\r\n")
	f("meta", ParseMeta, "VA 1\r\nab\r\n")
	f("meta", ParseMeta, "ZZ\r\n")
	f("meta", ParseMeta, "HDX\r\n")
	f("meta", ParseMeta, "H\r\n")
	f("resp", ParseRESP, "OK\r\n")
	f("resp", ParseRESP, "$x\r\n")
	f("resp", ParseRESP, "$-2\r\n")
	f("resp", ParseRESP, "$1\r\nab\r\n")
	f("resp", ParseRESP, ":12a\r\n")
	f("resp", ParseRESP, "\r\n")
	f("resp", ParseRESP, "*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n:1\r\n")
}

func TestEncoders(t *testing.T) {
	f := func(got []byte, want string) {
		t.Helper()
		if string(got) != want {
			t.Fatalf("got %q, want %q", got, want)
		}
	}
	k, v := []byte("key:1"), []byte("abc")
	f(AppendMCGet(nil, k), "get key:1\r\n")
	f(AppendMCGet([]byte("x"), k, []byte("b"), []byte("c")), "xget key:1 b c\r\n")
	f(AppendMCSet(nil, k, 5, 0, v), "set key:1 5 0 3\r\nabc\r\n")
	f(AppendMCSet(nil, k, 0, -1, nil), "set key:1 0 -1 0\r\n\r\n")
	f(AppendMCIncr(nil, k, 7), "incr key:1 7\r\n")
	f(AppendMetaGet(nil, k), "mg key:1 v\r\n")
	f(AppendMetaSet(nil, k, v), "ms key:1 3\r\nabc\r\n")
	f(AppendMetaArith(nil, k), "ma key:1\r\n")
	f(AppendRESPCommand(nil, "GET", k), "*2\r\n$3\r\nGET\r\n$5\r\nkey:1\r\n")
	f(AppendRESPCommand(nil, "SET", k, v), "*3\r\n$3\r\nSET\r\n$5\r\nkey:1\r\n$3\r\nabc\r\n")
	f(AppendRESPCommand(nil, "PING"), "*1\r\n$4\r\nPING\r\n")
	f(AppendRESPBulk(nil, nil), "$0\r\n\r\n")

	// Round trips through the decoders the servers' replies use.
	if n, r, err := ParseRESP(AppendRESPBulk(nil, v)); err != nil || n != 9 || r.Hits != 1 {
		t.Fatalf("bulk round trip: %d %+v %v", n, r, err)
	}
	cmd := AppendRESPCommand(nil, "MGET", k, v)
	if n, r, err := ParseRESP(cmd); err != nil || n != len(cmd) || r.Hits != 3 {
		t.Fatalf("array round trip: %d %+v %v", n, r, err)
	}
}

func TestProtoNoAlloc(t *testing.T) {
	buf := make([]byte, 0, 4096)
	k, v := []byte("key:12345"), make([]byte, 100)
	keys := [][]byte{k, k, k}
	text := []byte("VALUE a 5 3\r\nabc\r\nVALUE b 0 0\r\n\r\nEND\r\n")
	meta := []byte("VA 3 f5\r\nabc\r\n")
	resp := []byte("*3\r\n$3\r\nabc\r\n$-1\r\n$3\r\nabc\r\n")
	n := testing.AllocsPerRun(1000, func() {
		buf = AppendMCGet(buf[:0], keys...)
		buf = AppendMCSet(buf, k, 0, 0, v)
		buf = AppendMetaGet(buf, k)
		buf = AppendMetaSet(buf, k, v)
		buf = AppendRESPCommand(buf, "MGET", keys...)
		ParseMCText(text, 3)
		ParseMeta(meta)
		ParseRESP(resp)
	})
	if n != 0 {
		t.Fatalf("encoders/decoders allocate %v times per round", n)
	}
}

// fuzzReply checks a decoder's contract on arbitrary input: no panic, a
// consumed length within the input, and for anything accepted, the same
// answer from exactly the consumed bytes and ErrIncomplete from every shorter
// prefix (which is what lets the bench wait for more bytes).
func fuzzReply(t *testing.T, b []byte, parse func([]byte) (int, Reply, error)) {
	n, r, err := parse(b)
	if err != nil {
		if !errors.Is(err, ErrIncomplete) && !errors.Is(err, ErrMalformed) {
			t.Fatalf("unexpected error %v", err)
		}
		return
	}
	if n <= 0 || n > len(b) || r.Hits < 0 || r.Misses < 0 {
		t.Fatalf("n=%d of %d, %+v", n, len(b), r)
	}
	n2, r2, err := parse(b[:n])
	if err != nil || n2 != n || r2 != r {
		t.Fatalf("exact slice: %d %+v %v, want %d %+v", n2, r2, err, n, r)
	}
	for i := range n {
		if _, _, err := parse(b[:i]); !errors.Is(err, ErrIncomplete) {
			t.Fatalf("prefix %d of %d: %v", i, n, err)
		}
	}
}

func FuzzParseMCText(f *testing.F) {
	for _, c := range mcTextReplies {
		f.Add([]byte(c.reply))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fuzzReply(t, b, func(b []byte) (int, Reply, error) { return ParseMCText(b, 3) })
	})
}

func FuzzParseMeta(f *testing.F) {
	for _, c := range metaReplies {
		f.Add([]byte(c.reply))
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzReply(t, b, ParseMeta) })
}

func FuzzParseRESP(f *testing.F) {
	for _, c := range respReplies {
		f.Add([]byte(c.reply))
	}
	f.Fuzz(func(t *testing.T, b []byte) { fuzzReply(t, b, ParseRESP) })
}
