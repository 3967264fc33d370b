package redisext

import (
	"fmt"
	"testing"
)

// BenchmarkPublish publishes to a channel with N subscribers (each also
// matching one pattern); the pushes are counted, not copied, so this
// measures the Broker alone.
func BenchmarkPublish(b *testing.B) {
	for _, n := range []int{1, 100, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			e := newPSEnv(b)
			for i := 0; i < n; i++ {
				c := e.client()
				c.conn.drop = true
				c.do("SUBSCRIBE news")
				c.do("PSUBSCRIBE n*")
			}
			ch, m := []byte("news"), make([]byte, 100)
			b.ReportAllocs()
			b.SetBytes(int64(len(m)))
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					e.sh.PubSub.Publish(ch, m, nil)
				}
			})
		})
	}
}

// BenchmarkSubscribeUnsubscribe churns subscriptions of one crowded
// channel while it is published to.
func BenchmarkSubscribeUnsubscribe(b *testing.B) {
	e := newPSEnv(b)
	for i := 0; i < 1000; i++ {
		c := e.client()
		c.conn.drop = true
		c.do("SUBSCRIBE news")
	}
	churn := e.client()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		churn.do("SUBSCRIBE news")
		churn.do("UNSUBSCRIBE news")
	}
}
