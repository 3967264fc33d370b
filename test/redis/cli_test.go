package redis_test

import (
	"net"
	"os/exec"
	"strings"
	"testing"

	"github.com/corvidcache/corvid/test/harness"
)

// cliScript exercises the string and key commands through redis-cli; its
// output must be what redis-cli prints for a real redis-server.
const cliScript = `FLUSHALL
SET greeting "hello world"
GET greeting
SET n 10 EX 1000
INCRBY n 5
INCRBYFLOAT n 0.25
GETRANGE greeting -5 -1
SETRANGE greeting 0 J
APPEND greeting !
STRLEN greeting
MSET a 1 b 2
MGET a b nope
MSETNX a 3 c 4
GETSET a 9
GETDEL b
GETEX greeting PERSIST
EXISTS a b c greeting
TYPE a
RENAME a z
RENAMENX z greeting
COPY z y
MOVE y 1
EXPIRE z 100 NX
TTL z
PERSIST z
TTL nope
KEYS g*
DBSIZE
OBJECT ENCODING z
SET lcs1 ohmytext
SET lcs2 mynewtext
LCS lcs1 lcs2
LCS lcs1 lcs2 IDX MINMATCHLEN 2 WITHMATCHLEN
SWAPDB 0 1
DBSIZE
SWAPDB 0 1
SET z v EX 0
EXPIRE z 1 GT LT
INCR greeting
FLUSHDB
DBSIZE
`

func TestRedisCLI(t *testing.T) {
	harness.RequireReference(t, "redis-cli")
	cli, _ := exec.LookPath("redis-cli")
	ref := startRedis(t)
	s := startCorvid(t)
	run := func(addr string) string {
		host, port, _ := net.SplitHostPort(addr)
		cmd := exec.Command(cli, "-h", host, "-p", port)
		cmd.Stdin = strings.NewReader(cliScript)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("redis-cli against %s: %v\n%s", addr, err, out)
		}
		return string(out)
	}
	got, want := run(s.RespAddr), run(ref)
	if got != want {
		gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
		for i := 0; i < len(gl) || i < len(wl); i++ {
			var g, w string
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Errorf("line %d: corvid %q, redis %q", i+1, g, w)
			}
		}
	}
}
