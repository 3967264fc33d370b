package engine

// Meta is an item's metadata as the simple accessors report it.
type Meta struct {
	Kind     Kind
	Flags    uint32
	CAS      uint64
	ExpireAt int64 // Unix ms, 0 = never
}

// Get appends key's value to dst and reports whether the key exists, marking
// the item as read. The engine copies: dst never aliases engine memory.
func (e *Engine) Get(db int, key []byte, dst []byte) ([]byte, Meta, bool) {
	x := e.Lock(db, key)
	defer x.Unlock()
	if !x.Found() {
		return dst, Meta{}, false
	}
	x.Hit()
	m := Meta{Kind: x.Kind(), Flags: x.Flags(), CAS: x.CAS(), ExpireAt: x.ExpireAt()}
	return x.Value().AppendTo(dst), m, true
}

// Set stores value under key, replacing whatever was there. The engine
// copies value. It returns the item's CAS.
func (e *Engine) Set(db int, key, value []byte, flags uint32, expireAt int64) (uint64, error) {
	x := e.Lock(db, key)
	defer x.Unlock()
	o := SetOpts{Flags: flags, ExpireAt: expireAt}
	return x.Set(&o, value)
}

// Delete removes key and reports whether it existed.
func (e *Engine) Delete(db int, key []byte) bool {
	x := e.Lock(db, key)
	defer x.Unlock()
	found := x.Found()
	x.Delete()
	return found
}
