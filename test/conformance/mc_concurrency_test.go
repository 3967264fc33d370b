package conformance

import (
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/bradfitz/gomemcache/memcache"

	"github.com/corvidcache/corvid/test/harness"
)

// TestConcurrentIncr: increments from many connections are atomic.
func TestConcurrentIncr(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t)
	srv.Dial(t).Expect("set n 0 0 1\r\n0\r\n", "STORED\r\n")
	const clients, each = 16, 300
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := harness.TryDial("tcp", srv.Addr)
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			// Half pipelined, half one at a time; classic and meta.
			if err := c.TrySend(strings.Repeat("incr n 1\r\n", each/2)); err != nil {
				errs <- err
				return
			}
			for j := 0; j < each/2; j++ {
				if _, err := c.TryReadLine(); err != nil {
					errs <- err
					return
				}
			}
			for j := 0; j < each/2; j++ {
				if line, err := c.TryCall("ma n\r\n"); err != nil || line != "HD\r\n" {
					errs <- errors.New("ma n: " + line)
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
	want := strconv.Itoa(clients * each)
	srv.Dial(t).Expect("get n\r\n", valueReply("n", 0, want))
}

// TestConcurrentCAS: read-modify-write loops with gets/cas from many
// clients lose no update, and every failure is an EXISTS.
func TestConcurrentCAS(t *testing.T) {
	t.Parallel()
	srv, mc := startCorvid(t)
	if err := mc.Set(&memcache.Item{Key: "ctr", Value: []byte("0")}); err != nil {
		t.Fatal(err)
	}
	const clients, each = 8, 100
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cl := memcache.New(srv.Addr)
			defer cl.Close()
			for done := 0; done < each; {
				it, err := cl.Get("ctr")
				if err != nil {
					errs <- err
					return
				}
				n, _ := strconv.Atoi(string(it.Value))
				it.Value = []byte(strconv.Itoa(n + 1))
				switch err := cl.CompareAndSwap(it); {
				case err == nil:
					done++
				case errors.Is(err, memcache.ErrCASConflict):
				default:
					errs <- err
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
	it, err := mc.Get("ctr")
	if err != nil || string(it.Value) != strconv.Itoa(clients*each) {
		t.Fatalf("counter = %q (%v), want %d", it.Value, err, clients*each)
	}
}

// TestConcurrentAppend: appends from many clients all land, whole.
func TestConcurrentAppend(t *testing.T) {
	t.Parallel()
	srv, mc := startCorvid(t)
	if err := mc.Set(&memcache.Item{Key: "log", Value: nil}); err != nil {
		t.Fatal(err)
	}
	const clients, each = 8, 200
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := harness.TryDial("tcp", srv.Addr)
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			rec := "<" + strconv.Itoa(i) + ">"
			var b strings.Builder
			for j := 0; j < each; j++ {
				if j%2 == 0 {
					b.WriteString("append log 0 0 " + strconv.Itoa(len(rec)) + "\r\n" + rec + "\r\n")
				} else {
					b.WriteString("ms log " + strconv.Itoa(len(rec)) + " MA q\r\n" + rec + "\r\n")
				}
			}
			b.WriteString("mn\r\n")
			if err := c.TrySend(b.String()); err != nil {
				errs <- err
				return
			}
			got, err := c.TryReadUntil("MN\r\n")
			if err != nil || got != strings.Repeat("STORED\r\n", each/2)+"MN\r\n" {
				errs <- errors.New("append replies: " + got)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	it, err := mc.Get("log")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < clients; i++ {
		if n := strings.Count(string(it.Value), "<"+strconv.Itoa(i)+">"); n != each {
			t.Errorf("client %d: %d records of %d", i, n, each)
		}
	}
}

// TestEvictionIntegrity churns a small cache with items of mixed sizes
// (pages move between classes, with slab_automove 2) from several clients:
// whatever a get returns is exactly what was last stored under that key.
func TestEvictionIntegrity(t *testing.T) {
	t.Parallel()
	srv, _ := startCorvid(t, "-m", "16", "-o", "slab_automove=2")
	sizes := []int{10, 100, 1000, 5000, 30000, 100000}
	const clients, rounds = 4, 1500
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for i := 0; i < clients; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c, err := harness.TryDial("tcp", srv.Addr)
			if err != nil {
				errs <- err
				return
			}
			defer c.Close()
			for j := 0; j < rounds; j++ {
				phase := sizes[(j/250+i)%len(sizes)]
				k := "c" + strconv.Itoa(i) + "_" + strconv.Itoa(j%300)
				v := value(phase+j%7, byte(j))
				if line, err := c.TryCall(setCmd(k, uint32(j), 0, v)); err != nil || line != "STORED\r\n" {
					errs <- errors.New("set " + k + ": " + line)
					return
				}
				// Read back an earlier key: a miss or exactly its value.
				back := j - 1 - j%50
				if back < 0 {
					continue
				}
				bk := "c" + strconv.Itoa(i) + "_" + strconv.Itoa(back%300)
				line, err := c.TryCall("get " + bk + "\r\n")
				if err != nil {
					errs <- err
					return
				}
				if line == "END\r\n" {
					continue
				}
				f := strings.Fields(line)
				if len(f) != 4 || f[1] != bk {
					errs <- errors.New("get " + bk + ": " + line)
					return
				}
				n, _ := strconv.Atoi(f[3])
				fl, _ := strconv.Atoi(f[2])
				data, err := c.TryReadN(n + 2)
				if err != nil {
					errs <- err
					return
				}
				// The last set of bk was round fl.
				if want := value(sizes[(fl/250+i)%len(sizes)]+fl%7, byte(fl)); string(data[:n]) != want || fl%300 != back%300 {
					errs <- errors.New("get " + bk + ": value of round " + f[2] + " corrupted")
					return
				}
				if end, err := c.TryReadLine(); err != nil || end != "END\r\n" {
					errs <- errors.New("get " + bk + ": no END")
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
	st := statsOf(t, srv.Dial(t), "")
	if statInt(t, st, "evictions") == 0 {
		t.Error("no evictions: the cache was not churned")
	}
	t.Logf("evictions %s, slabs_moved %s", st["evictions"], st["slabs_moved"])
}
