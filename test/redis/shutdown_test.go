package redis_test

import (
	"io"
	"strconv"
	"syscall"
	"testing"
	"time"
)

// TestShutdownWithRESPClients: SIGTERM stops the server promptly with idle,
// subscribed and blocked Redis clients connected (as redis-server does), and
// each of them sees its connection closed, not reset. A client whose
// pipeline was read when the signal came gets all its replies first.
func TestShutdownWithRESPClients(t *testing.T) {
	s := startCorvid(t)
	s.ExpectExit()
	var conns []*rawConn
	for i := 0; i < 20; i++ {
		c := dialRaw(t, s.RespAddr)
		check(t, "ping", c.do("PING"), "+PONG\r\n")
		conns = append(conns, c)
	}
	sub := dialRaw(t, s.RespAddr)
	check(t, "subscribe", sub.do("SUBSCRIBE", "ch"), "*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n")
	blocked := dialRaw(t, s.RespAddr)
	blocked.send("BLPOP", "nolist", "0")
	busy := dialRaw(t, s.RespAddr)
	const n = 2000
	var pipe []byte
	for i := 0; i < n; i++ {
		pipe = append(pipe, encode("INCR", "counter")...)
	}
	if _, err := busy.c.Write(pipe); err != nil {
		t.Fatal(err)
	}
	check(t, "first incr", busy.next(), ":1\r\n") // the pipeline is being served
	conns = append(conns, sub, blocked)

	start := time.Now()
	if err := s.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= n; i++ {
		r, err := busy.read()
		if err != nil {
			t.Fatalf("reply %d of %d: %v", i, n, err)
		}
		if want := ":" + strconv.Itoa(i) + "\r\n"; r != want {
			t.Fatalf("reply %d: %q, want %q", i, r, want)
		}
	}
	code, ok := s.Wait(10 * time.Second)
	if !ok || code != 0 {
		t.Fatalf("exit status %d (exited: %v)", code, ok)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v to stop with %d Redis clients connected", d, len(conns)+1)
	}
	for i, c := range append(conns, busy) {
		c.c.SetReadDeadline(time.Now().Add(5 * time.Second))
		if b, err := c.r.ReadByte(); err != io.EOF {
			t.Fatalf("client %d: read %q, %v; want EOF", i, b, err)
		}
	}
}
