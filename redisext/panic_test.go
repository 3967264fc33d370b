package redisext

import (
	"fmt"
	"strings"
	"testing"
)

// A handler that panics gets an error reply, its locks are released and
// the connection keeps working.
func TestHandlerPanicRecovered(t *testing.T) {
	e := newKV(t)
	var logged []string
	e.c.Logf = func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }
	e.expect(rOK, "SET", "k", "v")
	single := &Command{Name: "boom", FullName: "boom", Handler: func(c *Ctx) {
		x := c.Lock([]byte("k"))
		defer x.Unlock()
		c.Bulk([]byte("partial"))
		panic("kaboom")
	}}
	batch := &Command{Name: "boom2", FullName: "boom2", Handler: func(c *Ctx) {
		c.LockKeys([]byte("k"), []byte("other"))
		_ = c.Lock([]byte("k"))
		panic(fmt.Errorf("wrapped"))
	}}
	for _, cmd := range []*Command{single, batch} {
		e.c.Out = e.c.Out[:0]
		e.c.call(cmd)
		want := "-ERR internal error running '" + cmd.FullName + "' (logged; the server keeps running)\r\n"
		if got := string(e.c.Out); got != want {
			t.Fatalf("%s replied %q, want %q", cmd.Name, got, want)
		}
		if e.c.Batch() != nil {
			t.Fatalf("%s left the batch locked", cmd.Name)
		}
		// The stripe of k is free again: these would deadlock otherwise.
		e.expect("$1\r\nv\r\n", "GET", "k")
		e.expect(rOK, "MSET", "k", "v", "other", "o")
	}
	if len(logged) != 2 || !strings.Contains(logged[0], "kaboom") || !strings.Contains(logged[1], "goroutine") {
		t.Fatalf("log: %q", logged)
	}
}
