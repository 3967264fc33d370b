package server

import (
	"errors"
	"strconv"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/memcache"
)

// mcGet serves get, gets, gat and gats.
//
//	get <key>*
//	gets <key>*
//	gat <exptime> <key>*
//	gats <exptime> <key>*
func mcGet(s *Server, cs *conn, r *memcache.Request) mcAction {
	touch := r.Cmd == memcache.Gat || r.Cmd == memcache.Gats
	withCAS := r.Cmd == memcache.Gets || r.Cmd == memcache.Gats
	for i := cs.getSkip; i < len(r.Keys); i++ {
		if (i-cs.getSkip)%prefetchDepth == 0 && len(r.Keys)-i > 1 {
			s.eng.PrefetchKeys(0, r.Keys[i:min(i+prefetchDepth, len(r.Keys))])
		}
		if i > cs.getSkip && cs.gc != nil && cs.overOutputLimit(cs.gc) {
			// A get of many (large) keys must not build an unbounded
			// reply: stop here and resume from key i when the output
			// has drained.
			cs.getSkip = i
			return mcSuspend
		}
		key := r.Keys[i]
		x := s.eng.Lock(0, key)
		s.prefixes.record(key, pfGet, x.Found())
		if x.Expired() {
			cs.ctr[stGetExpired]++
		} else if x.Flushed() {
			cs.ctr[stGetFlushed]++
		}
		if !x.Found() || x.Kind() != engine.KindString {
			x.Unlock()
			if touch {
				cs.ctr[stCmdTouch]++
				cs.ctr[stTouchMisses]++
			} else {
				cs.ctr[stCmdGet]++
				cs.ctr[stGetMisses]++
			}
			continue
		}
		now := x.Now()
		var drop bool
		if touch {
			exp := mcExpire(r.Exptime, now)
			if expired(exp, now) {
				drop = true // answered now, gone afterwards (memcached keeps the reference)
			} else {
				x.SetExpire(exp)
			}
		}
		x.Hit()
		v := x.Value()
		cs.out = memcache.AppendValue(cs.out, key, x.Flags(), v.Len(), withCAS, x.CAS())
		cs.out = v.AppendTo(cs.out)
		cs.out = append(cs.out, "\r\n"...)
		cls := x.Class()
		if drop {
			x.Delete()
		}
		x.Unlock()
		if touch {
			cs.ctr[stCmdTouch]++
			cs.countClass(cls, csTouchHits)
			cs.ctr[stTouchHits]++
		} else {
			cs.ctr[stCmdGet]++
			cs.ctr[stGetHits]++
			cs.countClass(cls, csGetHits)
		}
	}
	cs.getSkip = 0
	cs.out = append(cs.out, memcache.ReplyEnd...)
	return mcContinue
}

// mcStore serves the storage commands.
//
//	set|add|replace|append|prepend <key> <flags> <exptime> <bytes> [noreply]
//	cas <key> <flags> <exptime> <bytes> <cas unique> [noreply]
func mcStore(s *Server, cs *conn, r *memcache.Request) mcAction {
	cs.ctr[stCmdSet]++
	s.prefixes.record(r.Key, pfSet, false)
	reply := s.mcStoreItem(cs, r)
	if !r.Noreply {
		cs.out = append(cs.out, reply...)
	}
	return mcContinue
}

func (s *Server) mcStoreItem(cs *conn, r *memcache.Request) string {
	x := s.eng.Lock(0, r.Key)
	defer x.Unlock()
	now := x.Now()
	o := engine.SetOpts{Flags: r.Flags, ExpireAt: mcExpire(r.Exptime, now)}
	found := x.Found()
	cls := s.mcClassFor(len(r.Key), len(r.Data))
	cs.countClass(cls, csCmdSet) // memcached counts it once the item is allocated, whatever follows
	var err error
	switch r.Cmd {
	case memcache.Set:
		_, err = x.Set(&o, r.Data)
	case memcache.Add:
		if found {
			x.Bump() // memcached bumps the existing item, without fetching it
			return memcache.ReplyNotStored
		}
		_, err = x.Set(&o, r.Data)
	case memcache.Replace:
		if !found {
			return memcache.ReplyNotStored
		}
		_, err = x.Set(&o, r.Data)
	case memcache.Append, memcache.Prepend:
		if !found || x.Kind() != engine.KindString {
			return memcache.ReplyNotStored
		}
		if s.mcTooLarge(len(r.Key), x.Len()+len(r.Data), x.Flags()) {
			return memcache.ReplyNotStored // the combined item would pass -I
		}
		o = engine.SetOpts{Flags: x.Flags(), KeepTTL: true}
		binKey := x.BinaryKey()
		if r.Cmd == memcache.Append {
			_, err = x.SetValue(&o, nil, x.Value(), r.Data)
		} else {
			_, err = x.SetValue(&o, r.Data, x.Value(), nil)
		}
		if err != nil {
			// The combined value does not fit: memcached answers NOT_STORED
			// and keeps the item.
			return memcache.ReplyNotStored
		}
		if binKey {
			x.SetBinaryKey(true)
		}
	case memcache.Cas:
		if !found {
			cs.ctr[stCasMisses]++
			return memcache.ReplyNotFound
		}
		if r.CAS == 0 || !s.casOK || x.CAS() != r.CAS {
			cs.countClass(x.Class(), csCasBadval)
			cs.ctr[stCasBadval]++
			return memcache.ReplyExists
		}
		cs.countClass(x.Class(), csCasHits)
		cs.ctr[stCasHits]++
		_, err = x.Set(&o, r.Data)
	}
	if err != nil {
		return s.mcStoreError(cs, x, r.Cmd == memcache.Set, err)
	}
	return memcache.ReplyStored
}

// mcTooLarge reports whether an item would pass -I, by memcached's own
// item size (its header, CAS, key, NUL, value, CRLF, flags).
func (s *Server) mcTooLarge(klen, vlen int, flags uint32) bool {
	n := memcache.ItemHeaderSize + klen + 1 + vlen + 2
	if s.casOK {
		n += 8
	}
	if flags != 0 {
		n += 4
	}
	return n > s.cfg.ItemSizeMax
}

// mcStoreError answers a failed store; like memcached, a failed SET removes
// the old value rather than leave it stale.
func (s *Server) mcStoreError(cs *conn, x *engine.Item, isSet bool, err error) string {
	if isSet {
		x.Delete()
	}
	if errors.Is(err, engine.ErrTooLarge) {
		cs.ctr[stStoreTooLarge]++
		return memcache.ReplyTooLarge
	}
	cs.ctr[stStoreNoMemory]++
	return memcache.ReplyOutOfMemory
}

// mcClassFor returns the slab class an item of this key and value length
// would use, for per-class statistics (0 if too large for one chunk).
func (s *Server) mcClassFor(klen, vlen int) int {
	if c := s.eng.Slab().ClassFor(engine.ItemSize(klen, vlen)); c != nil {
		return c.ID()
	}
	return s.eng.Slab().NumClasses()
}

// mcIncrDecr serves incr and decr.
//
//	incr|decr <key> <value> [noreply]
func mcIncrDecr(s *Server, cs *conn, r *memcache.Request) mcAction {
	incr := r.Cmd == memcache.Incr
	x := s.eng.Lock(0, r.Key)
	if !x.Found() || x.Kind() != engine.KindString {
		x.Unlock()
		if incr {
			cs.ctr[stIncrMisses]++
		} else {
			cs.ctr[stDecrMisses]++
		}
		if !r.Noreply {
			cs.out = append(cs.out, memcache.ReplyNotFound...)
		}
		return mcContinue
	}
	v, st := s.mcApplyDelta(x, incr, r.Delta, 0)
	cls := x.Class()
	x.Unlock()
	switch st {
	case deltaOK:
		if incr {
			cs.ctr[stIncrHits]++
			cs.countClass(cls, csIncrHits)
		} else {
			cs.ctr[stDecrHits]++
			cs.countClass(cls, csDecrHits)
		}
		if !r.Noreply {
			cs.out = memcache.AppendUintLine(cs.out, v)
		}
	case deltaNonNumeric:
		if !r.Noreply {
			cs.out = append(cs.out, memcache.ReplyNonNumeric...)
		}
	case deltaNoMemory:
		cs.ctr[stStoreNoMemory]++
		if !r.Noreply {
			cs.out = append(cs.out, "SERVER_ERROR out of memory\r\n"...)
		}
	}
	return mcContinue
}

type deltaResult uint8

const (
	deltaOK deltaResult = iota
	deltaNonNumeric
	deltaNoMemory
)

// mcApplyDelta adds (or, floored at 0, subtracts) delta to the number stored
// in x, memcached's do_add_delta: incr wraps at 2^64; a result no longer
// than the old value is written in place, padded with spaces; a longer one
// makes a new item with the same flags and expiry. newCAS, if not 0, is the
// CAS to give the item.
func (s *Server) mcApplyDelta(x *engine.Item, incr bool, delta uint64, newCAS uint64) (uint64, deltaResult) {
	val, ok := x.Value().Bytes()
	if !ok || len(val) == 0 {
		return 0, deltaNonNumeric
	}
	n, ok := parseStoredUint(val)
	if !ok {
		return 0, deltaNonNumeric
	}
	if incr {
		n += delta
	} else if delta > n {
		n = 0
	} else {
		n -= delta
	}
	var buf [24]byte
	b := strconv.AppendUint(buf[:0], n, 10)
	if len(b) <= len(val) {
		var pad [64]byte
		if len(val) <= len(pad) {
			p := append(pad[:0], b...)
			for len(p) < len(val) {
				p = append(p, ' ')
			}
			if _, ok := x.Rewrite(p, newCAS); ok {
				return n, deltaOK
			}
		}
		// A long value holding a short number: memcached pads it in place
		// too; rewrite it whole.
		p := make([]byte, len(val))
		copy(p, b)
		for i := len(b); i < len(p); i++ {
			p[i] = ' '
		}
		if _, ok := x.Rewrite(p, newCAS); ok {
			return n, deltaOK
		}
	}
	o := engine.SetOpts{Flags: x.Flags(), KeepTTL: true, CAS: newCAS}
	if _, err := x.Set(&o, b); err != nil {
		return 0, deltaNoMemory
	}
	return n, deltaOK
}

// parseStoredUint reads a stored value as a number the way memcached's
// safe_strtoull does: optional leading white space and sign, decimal digits,
// then the end or white space; no overflow; no negative numbers.
func parseStoredUint(b []byte) (uint64, bool) {
	i := 0
	for i < len(b) && isSpace(b[i]) {
		i++
	}
	neg := false
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		neg = b[i] == '-'
		i++
	}
	start := i
	var n uint64
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		d := uint64(b[i] - '0')
		if n > (1<<64-1-d)/10 {
			return 0, false // ERANGE
		}
		n = n*10 + d
		i++
	}
	if i == start {
		return 0, false
	}
	if i < len(b) && !isSpace(b[i]) {
		return 0, false
	}
	if neg {
		// strtoull negates; safe_strtoull rejects it only when the result
		// looks negative as a signed number.
		n = -n
		if int64(n) < 0 {
			return 0, false
		}
	}
	return n, true
}

// mcTouch serves touch.
//
//	touch <key> <exptime> [noreply]
func mcTouch(s *Server, cs *conn, r *memcache.Request) mcAction {
	cs.ctr[stCmdTouch]++
	x := s.eng.Lock(0, r.Key)
	found := x.Found() && x.Kind() == engine.KindString
	if found {
		cls := x.Class()
		x.Hit()
		x.SetExpire(mcExpire(r.Exptime, x.Now()))
		cs.countClass(cls, csTouchHits)
		cs.ctr[stTouchHits]++
	} else {
		cs.ctr[stTouchMisses]++
	}
	x.Unlock()
	if !r.Noreply {
		if found {
			cs.out = append(cs.out, memcache.ReplyTouched...)
		} else {
			cs.out = append(cs.out, memcache.ReplyNotFound...)
		}
	}
	return mcContinue
}

// mcDelete serves delete.
//
//	delete <key> [0] [noreply]
func mcDelete(s *Server, cs *conn, r *memcache.Request) mcAction {
	s.prefixes.record(r.Key, pfDel, false)
	x := s.eng.Lock(0, r.Key)
	found := x.Found() && x.Kind() == engine.KindString
	if found {
		cs.countClass(x.Class(), csDeleteHits)
		x.Delete()
		cs.ctr[stDeleteHits]++
	} else {
		cs.ctr[stDeleteMisses]++
	}
	x.Unlock()
	if !r.Noreply {
		if found {
			cs.out = append(cs.out, memcache.ReplyDeleted...)
		} else {
			cs.out = append(cs.out, memcache.ReplyNotFound...)
		}
	}
	return mcContinue
}
