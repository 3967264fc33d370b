package memcache

import (
	"bytes"
	"errors"
	"fmt"
	"testing"
)

var textSeeds = []string{
	"get k\r\n", "get a b c\r\n", "gets k\r\n", "gat 10 k\r\n", "gats 0 a b\r\n",
	"set k 0 0 1\r\na\r\n", "set k 5 -1 3 noreply\r\nabc\r\n", "add k 0 0 0\r\n\r\n",
	"replace k 1 2 1\r\nx\r\n", "append k 0 0 1\na\r\n", "prepend k 0 0 1\r\nb\r\n",
	"cas k 0 0 1 99\r\nx\r\n", "cas k 0 0 1\r\nx\r\n", "set k abc 0 1\r\na\r\n",
	"set k 0 0 1\r\nab\r\n", "set k 0 0 1048576\r\n", "set k 4294967297 0 1\r\na\r\n",
	"incr k 1\r\n", "decr k 5 noreply\r\n", "incr k -1\r\n", "touch k 10\r\n",
	"delete k\r\n", "delete k 0\r\n", "delete k 1\r\n", "delete k noreply\r\n",
	"flush_all\r\n", "flush_all 10 noreply\r\n", "version\r\n", "verbosity 1\r\n",
	"quit\r\n", "shutdown graceful\r\n", "cache_memlimit 100\r\n", "stats\r\n",
	"stats items\r\n", "stats cachedump 1 0\r\n", "slabs reassign 1 2\r\n",
	"slabs automove 1\r\n", "lru_crawler metadump all\r\n", "lru tune 10 20 0.1 2\r\n",
	"watch fetchers\r\n", "debugtime 5\r\n", "bogus\r\n", "GET / HTTP/1.1\r\n", "\r\n",
	"get k\r\nset a 0 0 2\r\nhi\r\nget a\r\n", " get k\r\n", "x\n",
}

var metaSeeds = []string{
	"mn\r\n", "mg k\r\n", "mg k v\r\n", "mg foo v f t c s k h l O123 q\r\n",
	"mg k N30 R10 T-1 E5 C7 x I u\r\n", "mg a2V5 b k v\r\n", "mg k v v\r\n", "mg k zz\r\n",
	"mg k O123456789012345678901234567890123\r\n", "mg k F1 M1 J1 D1 P1 L2\r\n",
	"ms k 1\r\na\r\n", "ms k 2 T0 F5 c k s O9 I q MS\r\nab\r\n", "ms k 1 MX\r\na\r\n",
	"ms k 1 q\r\nab\r\n", "ms a2V5 1 b k\r\na\r\n", "ms k 1048576\r\n",
	"md k\r\n", "md k q I T30 C5 x k O1\r\n", "ma k\r\n", "ma k N0 J10 v M+\r\n",
	"ma k D5 MD q t c\r\n", "ma k MX\r\n", "me k\r\n", "me a2V5 b\r\n",
	"mg k v\r\nms k 1 T0\r\na\r\nmd k q\r\nmn\r\n",
}

func FuzzParseText(f *testing.F) {
	for _, s := range textSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkParse)
}

func FuzzParseMeta(f *testing.F) {
	for _, s := range metaSeeds {
		f.Add([]byte(s))
	}
	f.Fuzz(checkParse)
}

// checkParse checks the four fuzz properties: no panic; accepted commands
// respect the limits; parse, AppendRequest, parse gives the same Request;
// splitting the input anywhere gives the same sequence of commands.
func checkParse(t *testing.T, data []byte) {
	whole := drive(t, data, len(data))
	for _, cut := range []int{1, len(data) / 3, len(data) / 2, len(data) - 1} {
		if cut <= 0 || cut >= len(data) {
			continue
		}
		if split := drive(t, data, cut); fmt.Sprint(split) != fmt.Sprint(whole) {
			t.Fatalf("split at %d changes the commands:\nwhole %q\nsplit %q", cut, whole, split)
		}
	}
}

// drive feeds data to a Parser in two chunks, as a connection would, and
// returns one event per command: its description, or its error.
func drive(t *testing.T, data []byte, cut int) []string {
	var p Parser
	p.MaxItemSize = 1 << 20
	var req Request
	var events []string
	var buf []byte
	var skip int64
	for _, chunk := range [][]byte{data[:cut], data[cut:]} {
		buf = append(buf, chunk...)
		for {
			if skip > 0 {
				d := min(skip, int64(len(buf)))
				buf, skip = buf[d:], skip-d
				if skip > 0 {
					break
				}
			}
			if len(buf) == 0 {
				break
			}
			n, err := p.Next(buf, &req)
			if err == ErrIncomplete {
				if n != 0 {
					t.Fatalf("ErrIncomplete with n = %d", n)
				}
				break
			}
			if n <= 0 || n > len(buf) {
				t.Fatalf("n = %d out of range (len %d, err %v)", n, len(buf), err)
			}
			var e *Error
			if errors.As(err, &e) {
				if e.Close {
					return append(events, fmt.Sprintf("close %q", e.Reply))
				}
				events = append(events, fmt.Sprintf("error %q swallow %d", e.Reply, e.Swallow))
				skip = e.Swallow
			} else if err != nil {
				t.Fatalf("unexpected error type %T", err)
			} else {
				checkLimits(t, &p, &req, buf[:n])
				checkRoundTrip(t, &req)
				events = append(events, describe(&req))
			}
			buf = buf[n:]
		}
	}
	return events
}

func checkLimits(t *testing.T, p *Parser, r *Request, in []byte) {
	if len(r.Key) > MaxKeyLen || (r.Key == nil && r.Cmd != MetaNoop && r.Cmd != Version && r.Cmd != Quit && !isAdmin(r.Cmd)) {
		t.Fatalf("%q: bad key %q", in, r.Key)
	}
	for _, k := range r.Keys {
		if len(k) == 0 || len(k) > MaxKeyLen {
			t.Fatalf("%q: bad key %q in list", in, k)
		}
	}
	if r.Cmd.IsStorage() {
		if len(r.Data) != r.Bytes {
			t.Fatalf("%q: data length %d != bytes %d", in, len(r.Data), r.Bytes)
		}
		flags := r.Flags
		if r.Cmd == MetaSet {
			flags = r.Meta.ClientFlags
		}
		if p.itemSize(len(r.Key), flags, r.Bytes) > p.MaxItemSize {
			t.Fatalf("%q: item over MaxItemSize accepted", in)
		}
	}
	if len(r.Meta.Opaque) > MaxOpaqueLen || len(r.Meta.Order()) > MaxMetaTokens {
		t.Fatalf("%q: meta limits", in)
	}
	if r.Cmd == Unknown {
		t.Fatalf("%q: Unknown accepted", in)
	}
}

func isAdmin(c Command) bool {
	switch c {
	case FlushAll, Verbosity, Shutdown, CacheMemlimit, Stats, Slabs, LruCrawler, Lru, Watch, DebugTime:
		return true
	}
	return false
}

func checkRoundTrip(t *testing.T, r *Request) {
	enc := AppendRequest(nil, r)
	if i := bytes.IndexByte(enc, '\n'); i > MaxLineLen {
		return // canonical "\r\n" can push a 2048-byte "\n" line over the limit
	}
	var p Parser
	p.MaxItemSize = 1 << 20
	var r2 Request
	n, err := p.Next(enc, &r2)
	if err != nil || n != len(enc) {
		t.Fatalf("re-encoded %q: n=%d err=%v", enc, n, err)
	}
	if a, b := describe(r), describe(&r2); a != b || !bytes.Equal(r.Name, r2.Name) || r.Meta.Flags != r2.Meta.Flags {
		t.Fatalf("round trip via %q:\n first %s\nsecond %s", enc, a, b)
	}
}
