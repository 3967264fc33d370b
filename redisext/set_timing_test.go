package redisext

import (
	"strconv"
	"testing"
)

// benchSet runs args against a set of n members (integers when ints).
func benchSet(b *testing.B, n int, ints bool, args ...string) {
	e := newKV(b)
	add := []string{"SADD", "s"}
	for i := 0; i < n; i++ {
		if ints {
			add = append(add, strconv.Itoa(i*2))
		} else {
			add = append(add, "member:"+strconv.Itoa(i))
		}
	}
	e.do(add...)
	a := make([][]byte, len(args))
	for i, s := range args {
		a[i] = []byte(s)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e.c.Out = e.c.Out[:0]
		e.c.Dispatch(a)
	}
}

func BenchmarkSetSismember100(b *testing.B) {
	benchSet(b, 100, false, "SISMEMBER", "s", "member:99")
}

func BenchmarkSetSaddExisting100(b *testing.B) {
	benchSet(b, 100, false, "SADD", "s", "member:50")
}

// A new member each time: the set grows by b.N members.
func BenchmarkSetSaddSremIntset100(b *testing.B) {
	e := newKV(b)
	for i := 0; i < 100; i++ {
		e.do("SADD", "s", strconv.Itoa(i*2))
	}
	add := [][]byte{[]byte("SADD"), []byte("s"), []byte("51")}
	rem := [][]byte{[]byte("SREM"), []byte("s"), []byte("51")}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		e.c.Out = e.c.Out[:0]
		e.c.Dispatch(add)
		e.c.Dispatch(rem)
	}
}

func BenchmarkSetSinter1000(b *testing.B) {
	benchSet(b, 1000, true, "SINTER", "s", "s", "s")
}

func BenchmarkSetSmembers1000(b *testing.B) {
	benchSet(b, 1000, false, "SMEMBERS", "s")
}
