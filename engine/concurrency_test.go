package engine

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
)

// TestConcurrentMixed hammers the engine from many goroutines, on few keys
// and on many, with memory small enough that evictions and page moves run all
// the time. Run under -race (make test does). Every value starts with its
// key, so a read that returns another key's bytes is caught.
func TestConcurrentMixed(t *testing.T) {
	for _, tc := range []struct {
		name string
		keys int
	}{{"few-keys", 16}, {"many-keys", 50000}} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEngine(t, Config{MemoryLimit: 8 << 20, MaxItemSize: 2 << 20, Stripes: 8})
			const workers = 8
			ops := 20000
			if testing.Short() {
				ops = 3000
			}
			var wg sync.WaitGroup
			stop := make(chan struct{})
			go func() { // background maintenance, as the server runs it
				for {
					select {
					case <-stop:
						return
					default:
						e.maintainOnce(true)
					}
				}
			}()
			errs := make(chan error, workers)
			for w := 0; w < workers; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					r := rand.New(rand.NewPCG(uint64(w), 7))
					var buf []byte
					for i := 0; i < ops; i++ {
						k := []byte(fmt.Sprintf("key-%d", r.IntN(tc.keys)))
						switch op := r.IntN(10); {
						case op < 4:
							n := r.IntN(300)
							if r.IntN(200) == 0 {
								n = 600 << 10 // chained
							} else if r.IntN(20) == 0 {
								n = 5000
							}
							v := append(append([]byte{}, k...), bytes.Repeat([]byte{'.'}, n)...)
							if _, err := e.Set(0, k, v, uint32(n), 0); err != nil {
								var cls []string
								for id := 1; id <= e.Slab().NumClasses(); id++ {
									if cs := e.Slab().Stats(id); cs.Pages > 0 {
										cls = append(cls, fmt.Sprintf("%d:%d/%d used %d", id, cs.ChunkSize, cs.Pages, cs.Used))
									}
								}
								errs <- fmt.Errorf("set %d bytes: %v; classes %v", n, err, cls)
								return
							}
						case op < 8:
							var ok bool
							var m Meta
							buf, m, ok = e.Get(0, k, buf[:0])
							if ok && (!bytes.HasPrefix(buf, k) || len(buf) != len(k)+int(m.Flags)) {
								errs <- fmt.Errorf("get %s: got %d bytes starting %q, flags %d", k, len(buf), buf[:min(len(buf), 20)], m.Flags)
								return
							}
						case op < 9:
							e.Delete(0, k)
						default:
							x := e.Lock(0, k)
							if x.Found() && x.Len() < 10000 {
								x.SetValue(&SetOpts{Flags: x.Flags() + 1}, nil, x.Value(), []byte("."))
							}
							x.Unlock()
						}
					}
				}(w)
			}
			wg.Wait()
			close(stop)
			close(errs)
			for err := range errs {
				t.Fatal(err)
			}
			// Counters agree with what is really there.
			found := 0
			for i := 0; i < tc.keys; i++ {
				if _, _, ok := e.Get(0, []byte(fmt.Sprintf("key-%d", i)), nil); ok {
					found++
				}
			}
			st := e.Stats()
			if st.Items != int64(found) {
				t.Fatalf("items counter %d, found %d", st.Items, found)
			}
			var used int
			var req int64
			for id := 1; id <= e.Slab().NumClasses(); id++ {
				cs := e.Slab().Stats(id)
				used += cs.Used
				req += cs.Requested
			}
			if req != st.Bytes {
				t.Fatalf("class requested bytes %d != engine bytes %d", req, st.Bytes)
			}
			if st.Pages*(1<<20) > e.MemoryLimit() {
				t.Fatalf("pages %d over limit", st.Pages)
			}
		})
	}
}

func TestHitPathsAllocateNothing(t *testing.T) {
	e := newEngine(t, Config{})
	key := []byte("some:key:1234")
	val := bytes.Repeat([]byte("v"), 100)
	e.Set(0, key, val, 0, 0)
	dst := make([]byte, 0, 256)
	if n := testing.AllocsPerRun(1000, func() {
		x := e.Lock(0, key)
		if x.Found() {
			x.Hit()
			dst = x.Value().AppendTo(dst[:0])
		}
		x.Unlock()
	}); n != 0 {
		t.Fatalf("get hit: %v allocs", n)
	}
	o := SetOpts{Flags: 1}
	if n := testing.AllocsPerRun(1000, func() {
		x := e.Lock(0, key)
		x.Set(&o, val)
		x.Unlock()
	}); n != 0 {
		t.Fatalf("set: %v allocs", n)
	}
}
