package redis_test

import (
	"context"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/corvidcache/corvid/test/harness"
)

// redisBenchmarkDefault are the tests of redis-benchmark 7's default set,
// as its --csv output names them.
var redisBenchmarkDefault = []string{"PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "LPUSH", "RPUSH",
	"LPOP", "RPOP", "SADD", "HSET", "SPOP", "ZADD", "ZPOPMIN", "LPUSH (needed to benchmark LRANGE)",
	"LRANGE_100 (first 100 elements)", "LRANGE_300 (first 300 elements)", "LRANGE_500 (first 500 elements)",
	"LRANGE_600 (first 600 elements)", "MSET (10 keys)"}

// TestRedisBenchmarkDefaultSet runs Debian's redis-benchmark with its
// default test set and 50 clients, without and with pipelining (-P 16),
// and checks every test completes without an error reply.
func TestRedisBenchmarkDefaultSet(t *testing.T) {
	harness.RequireReference(t, "redis-benchmark")
	bin, _ := exec.LookPath("redis-benchmark")
	s := startCorvid(t)
	host, port, _ := strings.Cut(s.RespAddr, ":")
	for _, pipeline := range []string{"1", "16"} {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		out, err := exec.CommandContext(ctx, bin, "-h", host, "-p", port, "-c", "50", "-n", "20000",
			"-P", pipeline, "--csv").CombinedOutput()
		cancel()
		if err != nil {
			t.Fatalf("redis-benchmark -P %s: %v\n%s", pipeline, err, out)
		}
		text := string(out)
		if strings.Contains(text, "rror") || strings.Contains(text, "WRONGTYPE") {
			t.Fatalf("redis-benchmark -P %s reported errors:\n%s", pipeline, text)
		}
		for _, test := range redisBenchmarkDefault {
			if !strings.Contains(text, "\n\""+test+"\",\"") {
				t.Errorf("redis-benchmark -P %s: no result for %s:\n%s", pipeline, test, text)
			}
		}
	}
}
