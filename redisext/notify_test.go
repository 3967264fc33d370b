package redisext

import (
	"testing"

	"github.com/corvidcache/corvid/engine"
)

func TestKeyspaceEventsFlags(t *testing.T) {
	// Checked against redis-server 7.0.15's CONFIG SET / GET.
	for _, tc := range []struct{ in, out string }{
		{"", ""},
		{"KEA", "AKE"},
		{"gKE", "gKE"},
		{"$lshzxeKE", "$lshzxeKE"},
		{"KA", "AK"},
		{"EA", "AE"},
		{"Ex", "xE"},
		{"g$lshzxetd", "A"},
		{"AmnK", "AKm"}, // sic: Redis drops n next to A when printing
		{"Ag$", "A"},
		{"n", "n"},
		{"xxKK", "xK"},
	} {
		f, ok := ParseKeyspaceEvents(tc.in)
		if !ok {
			t.Errorf("%q refused", tc.in)
			continue
		}
		if got := KeyspaceEventsString(f); got != tc.out {
			t.Errorf("%q -> %q, want %q", tc.in, got, tc.out)
		}
	}
	for _, bad := range []string{"Q", "KEA ", "k", "a"} {
		if _, ok := ParseKeyspaceEvents(bad); ok {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestNotify(t *testing.T) {
	e := newPSEnv(t)
	sub, c := e.client(), e.client()
	sub.do("PSUBSCRIBE *")
	c.do("SET foo bar")
	expect(t, "off", sub.conn.take(), "")

	e.sh.Notify.Configure("KEA")
	c.do("SET foo bar")
	expect(t, "set", sub.conn.take(),
		msg('*', "pmessage", "*", "__keyspace@0__:foo", "set")+
			msg('*', "pmessage", "*", "__keyevent@0__:set", "foo"))

	e.sh.Notify.Configure("Kg")
	c.do("SELECT 3")
	c.Notify('g', "del", []byte("k"))
	c.Notify('$', "set", []byte("k")) // class off
	expect(t, "masked", sub.conn.take(), msg('*', "pmessage", "*", "__keyspace@3__:k", "del"))

	// Without K or E nothing is published.
	e.sh.Notify.Configure("A")
	c.Notify('g', "del", []byte("k"))
	expect(t, "no K/E", sub.conn.take(), "")
	if e.sh.Notify.Enabled('g') {
		t.Error("Enabled without K or E")
	}

	// A RESP3 subscriber that causes the event gets it first, in its reply.
	e.sh.Notify.Configure("E$")
	self := e.client()
	self.Client.Proto = 3
	self.do("SUBSCRIBE __keyevent@0__:set")
	expect(t, "self", self.do("SET a b"), msg('>', "message", "__keyevent@0__:set", "a")+"+OK\r\n")
}

func TestNotifyFromWriteLog(t *testing.T) {
	e := newPSEnv(t)
	sub := e.client()
	sub.do("PSUBSCRIBE *")
	w := e.sh.Watches
	now := e.host.Now()
	e.sh.Notify.Configure("Exe")
	w.Write(&engine.Record{Op: engine.OpEvict, DB: 2, Key: []byte("k"), ExpireAt: now - 1, Time: now})
	w.Write(&engine.Record{Op: engine.OpEvict, DB: 2, Key: []byte("k2"), Time: now})
	w.Write(&engine.Record{Op: engine.OpEvict, DB: 2, Key: []byte("k3"), ExpireAt: now + 1000, Time: now})
	w.Write(&engine.Record{Op: engine.OpSet, DB: 2, Key: []byte("k4"), Time: now})
	expect(t, "expired and evicted", sub.conn.take(),
		msg('*', "pmessage", "*", "__keyevent@2__:expired", "k")+
			msg('*', "pmessage", "*", "__keyevent@2__:evicted", "k2")+
			msg('*', "pmessage", "*", "__keyevent@2__:evicted", "k3"))
	e.sh.Notify.Configure("Ee")
	w.Write(&engine.Record{Op: engine.OpEvict, DB: 2, Key: []byte("k"), ExpireAt: now - 1, Time: now})
	expect(t, "expired masked", sub.conn.take(), "")
}

// TestNotifySelfInExec: a RESP3 client's own notification caused inside
// EXEC is pushed after the EXEC reply, not into its array.
func TestNotifySelfInExec(t *testing.T) {
	e := newPSEnv(t)
	e.sh.Notify.Configure("E$")
	c := e.client()
	c.Client.Proto = 3
	c.do("SUBSCRIBE __keyevent@0__:set")
	c.do("MULTI")
	c.do("SET a b")
	expect(t, "exec", c.do("EXEC"), "*1\r\n+OK\r\n")
	expect(t, "pushed", c.conn.take(), msg('>', "message", "__keyevent@0__:set", "a"))
}
