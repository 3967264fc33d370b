package conformance

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/bradfitz/gomemcache/memcache"
)

// TestStorageClient drives every storage command through gomemcache.
func TestStorageClient(t *testing.T) {
	t.Parallel()
	_, mc := startCorvid(t)

	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	get := func(key string) *memcache.Item {
		t.Helper()
		it, err := mc.Get(key)
		if err != nil {
			t.Fatalf("get %s: %v", key, err)
		}
		return it
	}

	must(mc.Set(&memcache.Item{Key: "k", Value: []byte("v1"), Flags: 42}))
	if it := get("k"); string(it.Value) != "v1" || it.Flags != 42 {
		t.Fatalf("get k = %q flags %d", it.Value, it.Flags)
	}
	if err := mc.Add(&memcache.Item{Key: "k", Value: []byte("x")}); !errors.Is(err, memcache.ErrNotStored) {
		t.Fatalf("add existing: %v", err)
	}
	must(mc.Add(&memcache.Item{Key: "new", Value: []byte("n")}))
	if err := mc.Replace(&memcache.Item{Key: "missing", Value: []byte("x")}); !errors.Is(err, memcache.ErrNotStored) {
		t.Fatalf("replace missing: %v", err)
	}
	must(mc.Replace(&memcache.Item{Key: "k", Value: []byte("v2"), Flags: 7}))
	must(mc.Append(&memcache.Item{Key: "k", Value: []byte("-tail"), Flags: 99}))
	must(mc.Prepend(&memcache.Item{Key: "k", Value: []byte("head-"), Flags: 99}))
	if it := get("k"); string(it.Value) != "head-v2-tail" || it.Flags != 7 {
		t.Fatalf("after append/prepend: %q flags %d (append keeps the flags)", it.Value, it.Flags)
	}
	if err := mc.Append(&memcache.Item{Key: "missing", Value: []byte("x")}); !errors.Is(err, memcache.ErrNotStored) {
		t.Fatalf("append missing: %v", err)
	}

	// CAS: a fresh gets succeeds once, a stale one fails.
	it := get("k")
	it.Value = []byte("cas1")
	must(mc.CompareAndSwap(it))
	it.Value = []byte("cas2")
	if err := mc.CompareAndSwap(it); !errors.Is(err, memcache.ErrCASConflict) {
		t.Fatalf("stale cas: %v", err)
	}
	must(mc.Delete("new"))
	if err := mc.CompareAndSwap(&memcache.Item{Key: "new", Value: []byte("x")}); err == nil {
		t.Fatal("cas on a deleted key succeeded")
	}
	if err := mc.Delete("new"); !errors.Is(err, memcache.ErrCacheMiss) {
		t.Fatalf("delete missing: %v", err)
	}
	if _, err := mc.Get("new"); !errors.Is(err, memcache.ErrCacheMiss) {
		t.Fatalf("get deleted: %v", err)
	}

	// Flags: the full 32 bits round-trip.
	for _, f := range []uint32{0, 1, 123, 1<<16 - 1, 1 << 31, 1<<32 - 1} {
		must(mc.Set(&memcache.Item{Key: "flags", Value: []byte("x"), Flags: f}))
		if it := get("flags"); it.Flags != f {
			t.Fatalf("flags %d came back as %d", f, it.Flags)
		}
	}

	// Binary-safe values, empty values.
	bin := []byte("a\x00b\r\nc\xff\r\n")
	must(mc.Set(&memcache.Item{Key: "bin", Value: bin}))
	if it := get("bin"); string(it.Value) != string(bin) {
		t.Fatalf("binary value %q came back as %q", bin, it.Value)
	}
	must(mc.Set(&memcache.Item{Key: "empty", Value: nil}))
	if it := get("empty"); len(it.Value) != 0 {
		t.Fatalf("empty value came back as %q", it.Value)
	}

	// GetMulti over keys spread on every stripe.
	want := map[string]string{}
	for i := 0; i < 200; i++ {
		k := "multi" + strings.Repeat("x", i%7) + string(rune('a'+i%26)) + strconv.Itoa(i)
		want[k] = value(i, byte(i))
		must(mc.Set(&memcache.Item{Key: k, Value: []byte(want[k])}))
	}
	keys := make([]string, 0, len(want)+1)
	for k := range want {
		keys = append(keys, k)
	}
	keys = append(keys, "multi-missing")
	got, err := mc.GetMulti(keys)
	must(err)
	if len(got) != len(want) {
		t.Fatalf("GetMulti returned %d items, want %d", len(got), len(want))
	}
	for k, v := range want {
		if string(got[k].Value) != v {
			t.Fatalf("GetMulti %s = %q, want %q", k, got[k].Value, v)
		}
	}

	must(mc.DeleteAll())
	if _, err := mc.Get("k"); !errors.Is(err, memcache.ErrCacheMiss) {
		t.Fatalf("get after flush_all: %v", err)
	}
	must(mc.Ping())
}

// TestStorageRaw checks the exact replies of the storage commands, against
// the reference memcached too.
func TestStorageRaw(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	checkBoth(t, srv, nil, []step{
		{"set a 0 0 1\r\n1\r\n", "STORED\r\n"},
		{"set a 4294967295 0 3\r\nabc\r\n", "STORED\r\n"},
		{"get a\r\n", "VALUE a 4294967295 3\r\nabc\r\nEND\r\n"},
		{"add a 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
		{"add b 3 0 2\r\nbb\r\n", "STORED\r\n"},
		{"replace c 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
		{"replace b 5 0 3\r\nBBB\r\n", "STORED\r\n"},
		{"append c 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
		{"prepend c 0 0 1\r\nx\r\n", "NOT_STORED\r\n"},
		{"append b 9 0 2\r\n>>\r\n", "STORED\r\n"},
		{"prepend b 9 0 2\r\n<<\r\n", "STORED\r\n"},
		{"get b\r\n", "VALUE b 5 7\r\n<<BBB>>\r\nEND\r\n"},
		{"set empty 0 0 0\r\n\r\n", "STORED\r\n"},
		{"append empty 0 0 0\r\n\r\n", "STORED\r\n"},
		{"get empty\r\n", "VALUE empty 0 0\r\n\r\nEND\r\n"},
		{"set crlf 0 0 4\r\n\r\n\r\n\r\n", "STORED\r\n"},
		{"get crlf\r\n", "VALUE crlf 0 4\r\n\r\n\r\n\r\nEND\r\n"},
		// The data line may end with a bare LF only in the command line.
		{"set lf 0 0 1\nx\r\nget lf\n", "STORED\r\nVALUE lf 0 1\r\nx\r\nEND\r\n"},
		// Every storage command with noreply answers nothing.
		{"set n 0 0 1 noreply\r\n1\r\nadd n 0 0 1 noreply\r\n2\r\nreplace n 0 0 1 noreply\r\n3\r\n" +
			"append n 0 0 1 noreply\r\n4\r\nprepend n 0 0 1 noreply\r\n5\r\ncas n 0 0 1 1 noreply\r\n6\r\n" +
			"add fresh 0 0 1 noreply\r\n7\r\nget n fresh\r\n", "VALUE n 0 3\r\n534\r\nVALUE fresh 0 1\r\n7\r\nEND\r\n"},
		{"delete n noreply\r\ndelete n noreply\r\ntouch fresh 10 noreply\r\nincr fresh 1 noreply\r\ndecr fresh 1 noreply\r\nget n fresh\r\n",
			"VALUE fresh 0 1\r\n7\r\nEND\r\n"},
		{"delete a\r\n", "DELETED\r\n"},
		{"delete a\r\n", "NOT_FOUND\r\n"},
		{"delete b 0\r\n", "DELETED\r\n"},
		{"delete b 0 noreply\r\nmn\r\n", "MN\r\n"},
		// Flags and exptime go through strtoul/strtol: leading zeros, a
		// plus sign.
		{"set z 007 0 1\r\nz\r\nget z\r\n", "STORED\r\nVALUE z 7 1\r\nz\r\nEND\r\n"},
	})
}

// TestCasRaw covers gets/cas: the CAS unique changes on every write, and
// cas answers EXISTS, NOT_FOUND and STORED as memcached does.
func TestCasRaw(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	c := srv.Dial(t)
	c.Expect("set k 0 0 1\r\na\r\n", "STORED\r\n")
	c.Send("gets k\r\n")
	f, v := readValue(t, c)
	c.Expect("", "END\r\n")
	if len(f) != 5 || v != "a" {
		t.Fatalf("gets: %v %q", f, v)
	}
	cas := f[4]
	c.Expect("cas k 0 0 1 "+cas+"9\r\nb\r\n", "EXISTS\r\n")
	c.Expect("cas k 0 0 1 0\r\nb\r\n", "EXISTS\r\n")
	c.Expect("cas k 3 0 1 "+cas+"\r\nb\r\n", "STORED\r\n")
	c.Expect("cas k 0 0 1 "+cas+"\r\nc\r\n", "EXISTS\r\n")
	c.Expect("cas missing 0 0 1 "+cas+"\r\nc\r\n", "NOT_FOUND\r\n")
	c.Send("gets k\r\n")
	f2, v2 := readValue(t, c)
	c.Expect("", "END\r\n")
	if v2 != "b" || f2[2] != "3" || f2[4] == cas {
		t.Fatalf("after cas: %v %q (old cas %s)", f2, v2, cas)
	}
	// Every kind of write gives a new CAS.
	prev := f2[4]
	for _, w := range []string{"set k 0 0 1\r\nx\r\n", "append k 0 0 1\r\ny\r\n", "prepend k 0 0 1\r\nz\r\n",
		"replace k 0 0 1\r\n5\r\n", "incr k 1\r\n", "decr k 1\r\n"} {
		c.Send(w)
		c.ReadLine()
		now := casOf(t, c, "k")
		if now == prev {
			t.Fatalf("%q left the CAS at %s", w, now)
		}
		prev = now
	}
	// Reading, touching and failing writes keep it.
	for _, r := range []string{"get k\r\n", "touch k 100\r\n", "add k 0 0 1\r\nq\r\n", "gat 100 k\r\n", "mg k v\r\n"} {
		c.Send(r)
		c.ReadLine()
		if strings.HasPrefix(r, "get") || strings.HasPrefix(r, "gat") {
			c.ReadLine()
			c.ReadLine()
		} else if strings.HasPrefix(r, "mg") {
			c.ReadLine()
		}
		if now := casOf(t, c, "k"); now != prev {
			t.Fatalf("%q changed the CAS from %s to %s", r, prev, now)
		}
	}
}
