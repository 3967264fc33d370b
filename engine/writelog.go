package engine

// Op is the kind of a write-log record.
type Op uint8

// Write-log operations.
const (
	OpSet      Op = iota + 1 // the key now holds Value (whole value, not a delta)
	OpDelete                 // the key was deleted (by a client)
	OpExpire                 // the key's expiry changed to ExpireAt
	OpEvict                  // the key was evicted or expired by the server (ExpireAt <= Time: expired)
	OpFlushDB                // database DB was emptied
	OpFlushAll               // every database was emptied
)

// Record is one mutation of the keyspace, as the write log sees it. Its
// byte slices and Value alias engine memory and are valid only during the
// WriteLog.Write call.
type Record struct {
	Op       Op
	DB       int
	Key      []byte
	Kind     Kind
	Value    Value
	Flags    uint32
	ExpireAt int64 // absolute Unix ms, 0 = never
	CAS      uint64
	Time     int64 // when it happened, Unix ms
}

// WriteLog receives every mutation, from either protocol, in the order the
// mutations apply to each key: Write is called with the key's stripe lock
// held (and, for evictions, a slab class lock), so it must be quick and
// must not call back into the engine. The append-only file and replication
// consume this one stream, so they cannot disagree.
type WriteLog interface {
	Write(r *Record)
}

type writeLogBox struct {
	w      WriteLog
	values bool // the log reads Record.Value
}

// ValueReader is implemented by a WriteLog that reads the values of OpSet
// records (persistence, replication). A log that does not (WATCH, keyspace
// notifications) gets Records whose Value is empty, which saves building it.
type ValueReader interface {
	ReadsValues() bool
}

// SetWriteLog installs (or, with nil, removes) the write log.
func (e *Engine) SetWriteLog(w WriteLog) {
	if w == nil {
		e.wlog.Store(nil)
		return
	}
	vr, ok := w.(ValueReader)
	e.wlog.Store(&writeLogBox{w: w, values: !ok || vr.ReadsValues()})
}

// The log functions fill the stripe's scratch Record (the stripe lock is
// held), so that logging allocates nothing.

func (e *Engine) logSet(x *Item) {
	b := e.wlog.Load()
	if b == nil {
		return
	}
	r := &x.s.rec
	r.Op, r.DB, r.Key, r.Kind = OpSet, x.db, x.key, x.it.kind()
	r.Flags, r.ExpireAt, r.CAS, r.Time = x.it.flags(), x.it.expire(), x.it.cas(), x.now
	if b.values {
		r.Value = e.valueOf(x.it)
	}
	b.w.Write(r)
	r.Value = Value{}
}

func (e *Engine) logDelete(x *Item, expired bool) {
	b := e.wlog.Load()
	if b == nil {
		return
	}
	r := &x.s.rec
	*r = Record{Op: OpDelete, DB: x.db, Key: x.key, Time: x.now}
	if expired {
		r.Op, r.ExpireAt = OpEvict, x.it.expire()
	}
	b.w.Write(r)
}

func (e *Engine) logExpire(x *Item) {
	b := e.wlog.Load()
	if b == nil {
		return
	}
	r := &x.s.rec
	*r = Record{Op: OpExpire, DB: x.db, Key: x.key, ExpireAt: x.it.expire(), Time: x.now}
	b.w.Write(r)
}

// logEvict logs the removal of an item by the server; expireAt is its
// expiry, which tells an expiry (expireAt <= now) from an eviction.
func (e *Engine) logEvict(s *stripe, db int, key []byte, expireAt, now int64) {
	b := e.wlog.Load()
	if b == nil {
		return
	}
	r := &s.rec
	*r = Record{Op: OpEvict, DB: db, Key: key, ExpireAt: expireAt, Time: now}
	b.w.Write(r)
}

func (e *Engine) logFlush(db int, all bool, now int64) {
	b := e.wlog.Load()
	if b == nil {
		return
	}
	r := Record{Op: OpFlushDB, DB: db, Time: now}
	if all {
		r.Op = OpFlushAll
	}
	b.w.Write(&r)
}
