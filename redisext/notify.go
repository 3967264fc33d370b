package redisext

import (
	"strconv"
	"sync/atomic"

	"github.com/corvidcache/corvid/engine"
)

// Keyspace notifications (Redis's notify.c): a write publishes
// "__keyspace@<db>__:<key>" with the event name and "__keyevent@<db>__:<event>"
// with the key name, for the classes notify-keyspace-events enables.

// Notification class flags, as Redis's NOTIFY_* (server.h).
const (
	NotifyKeyspace uint32 = 1 << iota // K
	NotifyKeyevent                    // E
	NotifyGeneric                     // g
	NotifyString                      // $
	NotifyList                        // l
	NotifySet                         // s
	NotifyHash                        // h
	NotifyZSet                        // z
	NotifyExpired                     // x
	NotifyEvicted                     // e
	NotifyStream                      // t
	NotifyKeyMiss                     // m (not part of A)
	NotifyLoaded                      // module only
	NotifyModule                      // d
	NotifyNew                         // n (not part of A)

	NotifyAll = NotifyGeneric | NotifyString | NotifyList | NotifySet | NotifyHash |
		NotifyZSet | NotifyExpired | NotifyEvicted | NotifyStream | NotifyModule
)

// notifyClass maps a class character to its flag.
var notifyClass = [256]uint32{
	'A': NotifyAll, 'g': NotifyGeneric, '$': NotifyString, 'l': NotifyList,
	's': NotifySet, 'h': NotifyHash, 'z': NotifyZSet, 'x': NotifyExpired,
	'e': NotifyEvicted, 'K': NotifyKeyspace, 'E': NotifyKeyevent, 't': NotifyStream,
	'm': NotifyKeyMiss, 'd': NotifyModule, 'n': NotifyNew,
}

// ParseKeyspaceEvents turns a notify-keyspace-events string into flags, as
// Redis's keyspaceEventsStringToFlags; ok is false if a character is not a
// class.
func ParseKeyspaceEvents(s string) (flags uint32, ok bool) {
	for i := 0; i < len(s); i++ {
		f := notifyClass[s[i]]
		if f == 0 {
			return 0, false
		}
		flags |= f
	}
	return flags, true
}

// KeyspaceEventsString is the reverse of ParseKeyspaceEvents, in the form
// CONFIG GET shows (Redis's keyspaceEventsFlagsToString).
func KeyspaceEventsString(flags uint32) string {
	var b []byte
	if flags&NotifyAll == NotifyAll {
		b = append(b, 'A')
	} else {
		for _, c := range []struct {
			f  uint32
			ch byte
		}{{NotifyGeneric, 'g'}, {NotifyString, '$'}, {NotifyList, 'l'}, {NotifySet, 's'},
			{NotifyHash, 'h'}, {NotifyZSet, 'z'}, {NotifyExpired, 'x'}, {NotifyEvicted, 'e'},
			{NotifyStream, 't'}, {NotifyModule, 'd'}, {NotifyNew, 'n'}} {
			if flags&c.f != 0 {
				b = append(b, c.ch)
			}
		}
	}
	if flags&NotifyKeyspace != 0 {
		b = append(b, 'K')
	}
	if flags&NotifyKeyevent != 0 {
		b = append(b, 'E')
	}
	if flags&NotifyKeyMiss != 0 {
		b = append(b, 'm')
	}
	return string(b)
}

// Notifier publishes keyspace notifications (notify-keyspace-events). It is
// shared by every connection and safe for concurrent use.
type Notifier struct {
	sh    *Shared
	flags atomic.Uint32
}

func newNotifier(sh *Shared) *Notifier {
	n := &Notifier{sh: sh}
	// The engine's write log reaches the Watches registry; expirations and
	// evictions reach the notifier through it.
	sh.Watches.notify = n
	return n
}

// Configure sets the enabled classes from a notify-keyspace-events string
// (already validated by the configuration; an invalid one turns
// notifications off).
func (n *Notifier) Configure(classes string) {
	f, ok := ParseKeyspaceEvents(classes)
	if !ok {
		f = 0
	}
	n.flags.Store(f)
}

// Flags returns the enabled classes.
func (n *Notifier) Flags() uint32 { return n.flags.Load() }

// Enabled reports whether events of class (a class character: 'g', '$',
// 'x'...) are published. Handlers may test it before costly work.
func (n *Notifier) Enabled(class byte) bool {
	f := n.flags.Load()
	return f&notifyClass[class] != 0 && f&(NotifyKeyspace|NotifyKeyevent) != 0
}

// Notify publishes event (Redis's event name: "set", "del", "expire"...)
// for key in the client's database, if its class (a class character: 'g'
// generic, '$' string, 'l' list, 's' set, 'h' hash, 'z' zset, 't' stream,
// 'x' expired, 'e' evicted, 'm' key miss, 'n' new) is enabled. Handlers
// call it after a successful write; a handler that creates a key that did
// not exist calls c.Notify('n', "new", key) first, as Redis's dbAdd. It
// allocates nothing when the class is off.
func (c *Ctx) Notify(class byte, event string, key []byte) {
	c.Shared.Notify.publish(c.Client.DB, class, event, key, c)
}

// NotifyDB is Notify for a key of database db (MOVE, COPY ... DB, SWAPDB).
func (c *Ctx) NotifyDB(db int, class byte, event string, key []byte) {
	c.Shared.Notify.publish(db, class, event, key, c)
}

// publish sends the notifications of one event; self is the connection
// that caused it, or nil (expiry, eviction).
func (n *Notifier) publish(db int, class byte, event string, key []byte, self *Ctx) {
	f := n.flags.Load()
	if f&notifyClass[class] == 0 || f&(NotifyKeyspace|NotifyKeyevent) == 0 {
		return
	}
	bp := psMsgPool.Get().(*[]byte)
	ch := *bp
	var dbBuf [20]byte
	dbs := strconv.AppendInt(dbBuf[:0], int64(db), 10)
	if f&NotifyKeyspace != 0 {
		ch = append(ch[:0], "__keyspace@"...)
		ch = append(ch, dbs...)
		ch = append(ch, "__:"...)
		ch = append(ch, key...)
		n.sh.PubSub.Publish(ch, []byte(event), self)
	}
	if f&NotifyKeyevent != 0 {
		ch = append(ch[:0], "__keyevent@"...)
		ch = append(ch, dbs...)
		ch = append(ch, "__:"...)
		ch = append(ch, event...)
		n.sh.PubSub.Publish(ch, key, self)
	}
	if cap(ch) <= 64<<10 {
		*bp = ch[:0]
		psMsgPool.Put(bp)
	}
}

// fromLog publishes the notifications of a write-log record the server
// caused itself: "expired" and "evicted". Called with the key's stripe
// locked: it only queues messages.
func (n *Notifier) fromLog(r *engine.Record) {
	if r.Op != engine.OpEvict {
		return
	}
	f := n.flags.Load()
	if f&(NotifyExpired|NotifyEvicted) == 0 || f&(NotifyKeyspace|NotifyKeyevent) == 0 {
		return
	}
	if RecordExpired(r) {
		n.publish(r.DB, 'x', "expired", r.Key, nil)
	} else {
		n.publish(r.DB, 'e', "evicted", r.Key, nil)
	}
}

// RecordExpired reports whether an OpEvict record is an expiry (the key's
// time to live ran out) rather than an eviction (memory pressure): the
// record carries the key's expiry time, and an expiry is due by the
// record's time.
func RecordExpired(r *engine.Record) bool {
	return r.ExpireAt != 0 && r.ExpireAt <= r.Time
}
