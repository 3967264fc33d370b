package harness

import (
	"testing"
	"time"
)

func TestMain(m *testing.M) { Main(m) }

func TestStartStopCorvid(t *testing.T) {
	s := StartCorvid(t)
	c := s.Dial(t)
	c.Expect("version\r\n", "VERSION 1.6.45\r\n")
	if rss, err := s.RSS(); err != nil || rss <= 0 {
		t.Fatalf("RSS = %d, %v", rss, err)
	}
	code, err := s.Stop(StopTimeout)
	if err != nil || code != 0 {
		t.Fatalf("Stop = %d, %v; output:\n%s", code, err, s.Stderr())
	}
	if err := WaitPort("tcp", s.Addr, 50*time.Millisecond); err == nil {
		t.Fatal("port still open after Stop")
	}
}

func TestStartMemcached(t *testing.T) {
	s := StartMemcached(t)
	c := s.Dial(t)
	line := c.Call("version\r\n")
	if len(line) < 10 || line[:8] != "VERSION " {
		t.Fatalf("version: %q", line)
	}
	c.Expect("set k 0 0 1\r\nx\r\nget k\r\n", "STORED\r\n", "VALUE k 0 1\r\nx\r\nEND\r\n")
}

func TestConnHelpers(t *testing.T) {
	s := StartCorvid(t)
	c := s.Dial(t)
	c.Send("set k 5 0 3\r\nabc\r\nget k\r\n")
	if l := c.ReadLine(); l != "STORED\r\n" {
		t.Fatalf("ReadLine = %q", l)
	}
	if l := c.ReadLine(); l != "VALUE k 5 3\r\n" {
		t.Fatalf("ReadLine = %q", l)
	}
	if b := c.ReadN(5); string(b) != "abc\r\n" {
		t.Fatalf("ReadN = %q", b)
	}
	if s := c.ReadUntil("END\r\n"); s != "END\r\n" {
		t.Fatalf("ReadUntil = %q", s)
	}
	if d := c.Drain(20 * time.Millisecond); d != "" {
		t.Fatalf("Drain = %q", d)
	}
	c.Send("quit\r\n")
	c.ExpectEOF("")
}
