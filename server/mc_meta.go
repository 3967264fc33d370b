package server

import (
	"strconv"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/memcache"
)

// appendMetaEcho appends the echo flags (O and k) every meta reply carries.
func appendMetaEcho(dst []byte, m *memcache.Meta, key []byte, binary bool) []byte {
	for _, c := range m.Order() {
		switch c {
		case 'O':
			dst = memcache.AppendMetaOpaque(dst, m.Opaque)
		case 'k':
			dst = memcache.AppendMetaKey(dst, key, binary)
		}
	}
	return dst
}

// mcMetaGet serves mg, with stale-while-revalidate and stampede protection:
// N vivifies a missing key and hands the caller a win (W); R hands one
// caller a win when the TTL left is below its token; a stale item (md I)
// wins its first reader; every later caller sees Z until the item is
// replaced.
//
//	mg <key> <flags>*
func mcMetaGet(s *Server, cs *conn, r *memcache.Request) mcAction {
	m := &r.Meta
	x := s.eng.Lock(0, r.Key)
	defer x.Unlock()
	if x.Expired() {
		cs.ctr[stGetExpired]++
	}
	now := x.Now()
	created := false
	if (!x.Found() || x.Kind() != engine.KindString) && m.Flags.Has('N') {
		// The stub starts without expiry; N's TTL is applied at N's place
		// among the flags, as memcached does.
		o := engine.SetOpts{}
		if m.Flags.Has('E') {
			o.CAS = m.NewCAS
		}
		if _, err := x.Set(&o); err == nil {
			created = true
			x.SetBinaryKey(m.Base64())
		}
	}
	if !x.Found() || x.Kind() != engine.KindString {
		cs.ctr[stCmdGet]++
		cs.ctr[stGetMisses]++
		if x.Flushed() {
			cs.ctr[stGetFlushed]++
		}
		if m.Quiet() {
			return mcContinue
		}
		cs.out = append(cs.out, "EN"...)
		cs.out = appendMetaEcho(cs.out, m, r.Key, m.Base64())
		cs.out = append(cs.out, "\r\n"...)
		return mcContinue
	}

	withValue := m.Flags.Has('v')
	if m.Flags.Has('C') && x.CAS() == m.CompareCAS {
		withValue = false
	}
	v := x.Value()
	if withValue {
		cs.out = memcache.AppendMetaVA(cs.out, v.Len())
	} else {
		cs.out = append(cs.out, "HD"...)
	}
	fetched := x.Fetched()
	idle := x.IdleSeconds()
	exp := x.ExpireAt() // the expiry as the flags change it, applied at the end
	expSet := false
	won, ttlSet := false, false
	for _, c := range m.Order() {
		switch c {
		case 'T':
			ttlSet = true
			exp, expSet = mcExpire(m.TTL, now), true
		case 'N':
			if created {
				exp, expSet = mcExpire(m.VivifyTTL, now), true
				won = true
			}
		case 'R':
			if !x.TokenSent() && !created && exp != 0 && exp < mcExpire(m.RecacheTTL, now) {
				won = true
			}
		case 's':
			cs.out = memcache.AppendMetaInt(cs.out, 's', int64(v.Len()))
		case 't':
			cs.out = memcache.AppendMetaInt(cs.out, 't', ttlSeconds(exp, now))
		case 'c':
			cs.out = memcache.AppendMetaUint(cs.out, 'c', x.CAS())
		case 'f':
			cs.out = memcache.AppendMetaUint(cs.out, 'f', uint64(x.Flags()))
		case 'l':
			cs.out = memcache.AppendMetaInt(cs.out, 'l', idle)
		case 'h':
			if fetched {
				cs.out = append(cs.out, " h1"...)
			} else {
				cs.out = append(cs.out, " h0"...)
			}
		case 'O':
			cs.out = memcache.AppendMetaOpaque(cs.out, m.Opaque)
		case 'k':
			cs.out = memcache.AppendMetaKey(cs.out, r.Key, x.BinaryKey())
		}
	}
	if x.TokenSent() {
		cs.out = append(cs.out, " Z"...)
	}
	if x.Stale() {
		cs.out = append(cs.out, " X"...)
		if !x.TokenSent() {
			won = true
		}
	}
	if won {
		cs.out = append(cs.out, " W"...)
		x.SetTokenSent(true)
	}
	cs.out = append(cs.out, "\r\n"...)
	if withValue {
		cs.out = v.AppendTo(cs.out)
		cs.out = append(cs.out, "\r\n"...)
	}
	cls := x.Class()
	if !m.Flags.Has('u') {
		x.Hit()
	}
	if expSet {
		x.SetExpire(exp) // a past expiry removes the item now that it was answered
	}
	if ttlSet {
		cs.ctr[stCmdTouch]++
		cs.ctr[stTouchHits]++
		cs.countClass(cls, csTouchHits)
	} else {
		cs.ctr[stCmdGet]++
		cs.ctr[stGetHits]++
		cs.countClass(cls, csGetHits)
	}
	return mcContinue
}

// mcMetaSet serves ms.
//
//	ms <key> <datalen> <flags>*
func mcMetaSet(s *Server, cs *conn, r *memcache.Request) mcAction {
	cs.ctr[stCmdSet]++
	m := &r.Meta
	x := s.eng.Lock(0, r.Key)
	defer x.Unlock()
	now := x.Now()

	mode := m.Mode
	if mode == 0 {
		mode = 'S'
	}
	switch mode {
	case 'E', 'A', 'P', 'R', 'S':
	default:
		cs.out = append(cs.out, "CLIENT_ERROR invalid mode for ms M token\r\n"...)
		return mcContinue
	}
	vivify := m.Flags.Has('N') && (mode == 'A' || mode == 'P')
	hasCAS := m.Flags.Has('C')
	casMode := hasCAS && (mode == 'S' || mode == 'R')
	exp := mcExpire(m.TTL, now)
	if vivify {
		exp = mcExpire(m.VivifyTTL, now)
	}
	o := engine.SetOpts{Flags: m.ClientFlags, ExpireAt: exp}
	if m.Flags.Has('E') {
		o.CAS = m.NewCAS
	}
	cls := s.mcClassFor(len(r.Key), len(r.Data))
	cs.countClass(cls, csCmdSet)

	found := x.Found() && x.Kind() == engine.KindString
	var status string
	var err error
	stale, tokenSent := false, false
	switch {
	case found && casMode:
		switch {
		case m.CompareCAS != 0 && m.CompareCAS == x.CAS():
			cs.ctr[stCasHits]++
			cs.countClass(x.Class(), csCasHits)
		case m.Flags.Has('I') && m.CompareCAS != 0 && m.CompareCAS < x.CAS():
			// Stale set: the value is replaced, but the TTL, the stale
			// mark and the token stay.
			cs.ctr[stCasHits]++
			cs.countClass(x.Class(), csCasHits)
			o.KeepTTL = true
			stale, tokenSent = true, x.TokenSent()
		default:
			cs.ctr[stCasBadval]++
			cs.countClass(x.Class(), csCasBadval)
			status = "EX"
		}
	case found && hasCAS && (mode == 'A' || mode == 'P'):
		if m.CompareCAS != 0 && m.CompareCAS != x.CAS() { // C0 is no check
			status = "EX"
		}
	case found && mode == 'E':
		x.Bump() // memcached's add bumps the existing item, without fetching it
		status = "NS"
	case !found && casMode:
		cs.ctr[stCasMisses]++
		status = "NF"
	case !found && (mode == 'R' || ((mode == 'A' || mode == 'P') && !vivify)):
		status = "NS"
	}
	size := len(r.Data)
	if status == "" && found && (mode == 'A' || mode == 'P') && s.mcTooLarge(len(r.Key), x.Len()+len(r.Data), x.Flags()) {
		status = "NS" // the combined item would pass -I: memcached keeps the item
	}
	if status == "" {
		if found && (mode == 'A' || mode == 'P') {
			o.Flags = x.Flags()
			o.KeepTTL = true
			size += x.Len()
			if mode == 'A' {
				_, err = x.SetValue(&o, nil, x.Value(), r.Data)
			} else {
				_, err = x.SetValue(&o, r.Data, x.Value(), nil)
			}
		} else {
			_, err = x.Set(&o, r.Data)
		}
		if err != nil && found && (mode == 'A' || mode == 'P') {
			// The combined value does not fit: memcached answers NS and
			// keeps the item.
			status = "NS"
			err = nil
			goto reply
		}
		if err != nil {
			x.Delete() // memcached unlinks the old item whatever the mode
			if err == engine.ErrTooLarge {
				cs.ctr[stStoreTooLarge]++
				cs.out = append(cs.out, memcache.ReplyTooLarge...)
			} else {
				cs.ctr[stStoreNoMemory]++
				cs.out = append(cs.out, memcache.ReplyOutOfMemory...)
			}
			return mcContinue
		}
		if x.Found() {
			x.SetBinaryKey(m.Base64())
			x.SetStale(stale)
			x.SetTokenSent(tokenSent)
		}
		status = "HD"
		if m.Quiet() {
			return mcContinue
		}
	}
reply:
	cs.out = append(cs.out, status...)
	for _, c := range m.Order() {
		switch c {
		case 'O':
			cs.out = memcache.AppendMetaOpaque(cs.out, m.Opaque)
		case 'k':
			cs.out = memcache.AppendMetaKey(cs.out, r.Key, m.Base64())
		case 'c':
			var cas uint64
			if status == "HD" && x.Found() {
				cas = x.CAS()
			}
			cs.out = memcache.AppendMetaUint(cs.out, 'c', cas)
		case 's':
			cs.out = memcache.AppendMetaInt(cs.out, 's', int64(size))
		}
	}
	cs.out = append(cs.out, "\r\n"...)
	return mcContinue
}

// mcMetaDelete serves md: delete, or with I mark stale (keeping the value
// for stale-while-revalidate), or with x empty the value.
//
//	md <key> <flags>*
func mcMetaDelete(s *Server, cs *conn, r *memcache.Request) mcAction {
	m := &r.Meta
	x := s.eng.Lock(0, r.Key)
	defer x.Unlock()
	now := x.Now()
	var status string
	switch {
	case !x.Found() || x.Kind() != engine.KindString:
		cs.ctr[stDeleteMisses]++
		status = "NF"
	case m.Flags.Has('C') && x.CAS() != m.CompareCAS:
		cs.ctr[stDeleteMisses]++
		status = "EX"
	default:
		if m.Flags.Has('x') {
			// Replace the value with an empty one, keeping the item.
			o := engine.SetOpts{Flags: m.ClientFlags, CAS: x.CAS()}
			if m.Flags.Has('E') {
				o.CAS = m.NewCAS
			}
			if m.Flags.Has('T') {
				o.ExpireAt = mcExpire(m.TTL, now)
			}
			if _, err := x.Set(&o); err != nil {
				cs.out = append(cs.out, "SERVER_ERROR out of memory\r\n"...)
				return mcContinue
			}
		}
		if m.Flags.Has('I') {
			if m.Flags.Has('T') {
				exp := mcExpire(m.TTL, now)
				if expired(exp, now) {
					exp = now // gone at once
				}
				x.SetExpire(exp)
			}
			if x.Found() {
				x.SetStale(true)
				x.SetTokenSent(false)
				var cas uint64
				if m.Flags.Has('E') {
					cas = m.NewCAS
				}
				x.SetCAS(cas)
			}
		} else {
			cs.ctr[stDeleteHits]++
			cs.countClass(x.Class(), csDeleteHits)
			if !m.Flags.Has('x') {
				x.Delete()
			}
		}
		status = "HD"
		if m.Quiet() {
			return mcContinue
		}
	}
	cs.out = append(cs.out, status...)
	cs.out = appendMetaEcho(cs.out, m, r.Key, m.Base64())
	cs.out = append(cs.out, "\r\n"...)
	return mcContinue
}

// mcMetaArith serves ma.
//
//	ma <key> <flags>*
func mcMetaArith(s *Server, cs *conn, r *memcache.Request) mcAction {
	m := &r.Meta
	incr := true
	switch m.Mode {
	case 0, 'I', 'i', '+':
	case 'D', 'd', '-':
		incr = false
	default:
		cs.out = append(cs.out, "CLIENT_ERROR invalid mode for ma M token\r\n"...)
		return mcContinue
	}
	x := s.eng.Lock(0, r.Key)
	defer x.Unlock()
	now := x.Now()
	var newCAS uint64
	if m.Flags.Has('E') {
		newCAS = m.NewCAS
	}
	var value uint64
	var status string
	created := false
	switch {
	case x.Found() && x.Kind() == engine.KindString:
		// memcached's do_add_delta: an empty or chained value is
		// non-numeric before the CAS is compared.
		if b, ok := x.Value().Bytes(); !ok || len(b) == 0 {
			cs.out = append(cs.out, memcache.ReplyNonNumeric...)
			return mcContinue
		}
		if m.Flags.Has('C') && m.CompareCAS != 0 && x.CAS() != m.CompareCAS {
			status = "EX"
			break
		}
		v, st := s.mcApplyDelta(x, incr, m.Delta, newCAS)
		switch st {
		case deltaNonNumeric:
			cs.out = append(cs.out, memcache.ReplyNonNumeric...)
			return mcContinue
		case deltaNoMemory:
			cs.out = append(cs.out, "SERVER_ERROR out of memory\r\n"...)
			return mcContinue
		}
		value = v
		if incr {
			cs.ctr[stIncrHits]++
			cs.countClass(x.Class(), csIncrHits)
		} else {
			cs.ctr[stDecrHits]++
			cs.countClass(x.Class(), csDecrHits)
		}
	case m.Flags.Has('N'):
		var buf [24]byte
		b := strconv.AppendUint(buf[:0], m.Initial, 10)
		o := engine.SetOpts{CAS: newCAS}
		if _, err := x.Set(&o, b); err != nil {
			cs.out = append(cs.out, "SERVER_ERROR Out of memory allocating new item\r\n"...)
			return mcContinue
		}
		x.SetBinaryKey(m.Base64())
		value = m.Initial
		created = true
	default:
		if incr {
			cs.ctr[stIncrMisses]++
		} else {
			cs.ctr[stDecrMisses]++
		}
		status = "NF"
	}
	if status != "" {
		cs.out = append(cs.out, status...)
		cs.out = appendMetaEcho(cs.out, m, r.Key, m.Base64())
		cs.out = append(cs.out, "\r\n"...)
		return mcContinue
	}
	var num [24]byte
	nb := strconv.AppendUint(num[:0], value, 10)
	start := len(cs.out)
	if m.Flags.Has('v') {
		cs.out = memcache.AppendMetaVA(cs.out, len(nb))
	} else {
		cs.out = append(cs.out, "HD"...)
	}
	exp := x.ExpireAt() // as the flags change it, applied at the end
	expSet := false
	cas := x.CAS()
	for _, c := range m.Order() {
		switch c {
		case 'c':
			cs.out = memcache.AppendMetaUint(cs.out, 'c', cas)
		case 't':
			cs.out = memcache.AppendMetaInt(cs.out, 't', ttlSeconds(exp, now))
		case 'T':
			exp, expSet = mcExpire(m.TTL, now), true
		case 'N':
			if created {
				exp, expSet = mcExpire(m.VivifyTTL, now), true
			}
		case 'O':
			cs.out = memcache.AppendMetaOpaque(cs.out, m.Opaque)
		case 'k':
			cs.out = memcache.AppendMetaKey(cs.out, r.Key, m.Base64())
		}
	}
	if m.Flags.Has('v') {
		cs.out = append(cs.out, "\r\n"...)
		cs.out = append(cs.out, nb...)
	}
	cs.out = append(cs.out, "\r\n"...)
	if expSet {
		x.SetExpire(exp) // a past expiry removes the item
	}
	if m.Quiet() {
		cs.out = cs.out[:start] // q hides a successful reply
	}
	return mcContinue
}

// mcMetaNoop serves mn.
func mcMetaNoop(s *Server, cs *conn, r *memcache.Request) mcAction {
	cs.out = append(cs.out, memcache.ReplyMetaNoop...)
	return mcContinue
}

// mcMetaDebug serves me: a line of the item's internals.
//
//	me <key> [b]
func mcMetaDebug(s *Server, cs *conn, r *memcache.Request) mcAction {
	cs.ctr[stCmdMeta]++
	x := s.eng.Lock(0, r.Key)
	defer x.Unlock()
	if !x.Found() || x.Kind() != engine.KindString {
		cs.out = append(cs.out, memcache.ReplyMetaMiss...)
		return mcContinue
	}
	now := x.Now()
	exp := int64(-1)
	if e := x.ExpireAt(); e != 0 {
		exp = ttlSeconds(e, now)
	}
	cs.out = memcache.AppendMetaDebug(cs.out, r.Key, r.Meta.Base64() || x.BinaryKey(), exp,
		uint64(x.IdleSeconds()), x.CAS(), x.Fetched(), x.Class(), mcItemSize(x))
	return mcContinue
}

// mcItemSize is the item's size as memcached reports it (its own header
// layout): 48-byte header, 8 for CAS, key, a NUL, the value with CRLF, and
// 4 for non-zero flags.
func mcItemSize(x *engine.Item) int {
	n := memcache.ItemHeaderSize + 8 + len(x.Key()) + 1 + x.Len() + 2
	if x.Flags() != 0 {
		n += 4
	}
	return n
}
