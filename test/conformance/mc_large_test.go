package conformance

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bradfitz/gomemcache/memcache"
)

// itemOverhead is what memcached's item_size_ok adds to a value: a 48-byte
// header, 8 bytes of CAS, the key and its NUL, the CRLF after the value.
func itemOverhead(key string) int { return 48 + 8 + len(key) + 1 + 2 }

// TestLargeValues: values up to the 1 MiB item limit are stored and read
// back whole; one byte more is refused and removes the old value (as
// memcached does), on the reference too.
func TestLargeValues(t *testing.T) {
	t.Parallel()
	srv, mc := startCorvid(t)
	max := 1<<20 - itemOverhead("k")
	v := value(max, 9)
	checkBoth(t, srv, nil, []step{
		{setCmd("k", 0, 0, v), "STORED\r\n"},
		{"get k\r\n", valueReply("k", 0, v)},
		{setCmd("k", 0, 0, v+"x"), "SERVER_ERROR object too large for cache\r\n"},
		{"get k\r\n", "END\r\n"},
		{"set k 0 0 2097152\r\n" + strings.Repeat("z", 2097152) + "\r\nget k\r\n", "SERVER_ERROR object too large for cache\r\nEND\r\n"},
		{"ms k " + strconv.Itoa(max+1) + " T0\r\n" + v + "x\r\n", "SERVER_ERROR object too large for cache\r\n"},
		{"set k 1 0 " + strconv.Itoa(max) + "\r\n" + v + "\r\n", "SERVER_ERROR object too large for cache\r\n"}, // flags take 4 bytes
		{"version\r\n", "VERSION "},
	})
	// Through the client, concurrently, with sizes around the chunk sizes.
	sizes := []int{512<<10 - 100, 512 << 10, 512<<10 + 100, 700 << 10, 1<<20 - itemOverhead("big4") - 4} // non-zero flags take 4 bytes
	var wg sync.WaitGroup
	errs := make(chan error, 2*len(sizes))
	for i, n := range sizes {
		wg.Add(1)
		go func() {
			defer wg.Done()
			key := "big" + strconv.Itoa(i)
			val := []byte(value(n, byte(i)))
			for j := 0; j < 5; j++ {
				if err := mc.Set(&memcache.Item{Key: key, Value: val, Flags: uint32(j)}); err != nil {
					errs <- err
					return
				}
				it, err := mc.Get(key)
				if err != nil || !bytes.Equal(it.Value, val) || it.Flags != uint32(j) {
					errs <- errors.New("value " + key + " came back wrong")
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
}

// TestAppendPastItemLimit: an append or prepend that would make the item
// larger than the item size limit is not stored and leaves the item as it
// was (memcached: the new item cannot be allocated, NOT_STORED / NS).
func TestAppendPastItemLimit(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	half := value(600<<10, 1)
	n := strconv.Itoa(len(half))
	checkBoth(t, srv, nil, []step{
		{setCmd("ap", 0, 0, half), "STORED\r\n"},
		{"append ap 0 0 " + n + "\r\n" + half + "\r\n", "NOT_STORED\r\n"},
		{"prepend ap 0 0 " + n + "\r\n" + half + "\r\n", "NOT_STORED\r\n"},
		{"ms ap " + n + " MA\r\n" + half + "\r\n", "NS\r\n"},
		{"ms ap " + n + " MP\r\n" + half + "\r\n", "NS\r\n"},
		{"mg ap s\r\n", "HD s" + n + "\r\n"},
	})
}

// TestLargeValuesI2m: with -I 2m, 1.5 MB values work and the limit moves
// to 2 MiB.
func TestLargeValuesI2m(t *testing.T) {
	t.Parallel()
	srv, mc := startCorvid(t, "-I", "2m")
	val := []byte(value(1500000, 4))
	for i := 0; i < 8; i++ {
		key := "v" + strconv.Itoa(i)
		if err := mc.Set(&memcache.Item{Key: key, Value: val}); err != nil {
			t.Fatal(err)
		}
		it, err := mc.Get(key)
		if err != nil || !bytes.Equal(it.Value, val) {
			t.Fatalf("get %s: %v", key, err)
		}
	}
	max := 2<<20 - itemOverhead("k")
	v := value(max, 2)
	runSteps(t, srv.Dial(t), []step{
		{setCmd("k", 0, 0, v), "STORED\r\n"},
		{"get k\r\n", valueReply("k", 0, v)},
		{setCmd("k", 0, 0, v+"y"), "SERVER_ERROR object too large for cache\r\n"},
	})
	st := statsOf(t, srv.Dial(t), "settings")
	if st["item_size_max"] != strconv.Itoa(2<<20) {
		t.Errorf("item_size_max = %s", st["item_size_max"])
	}
}
