package redisext

import (
	"math"
	"math/bits"
	"strings"

	"github.com/corvidcache/corvid/engine"
	"github.com/corvidcache/corvid/protocol/resp"
)

// bitmapCommands are Redis's bit operations on strings ("bitmap" group).
// Bit 0 is the most significant bit of the first byte, as in Redis.
var bitmapCommands = []*Command{
	{Name: "setbit", Arity: 4, Flags: Write | DenyOOM, Group: GroupBitmap, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdSetbit, Since: "2.2.0", Summary: "Sets or clears the bit at offset in the string value stored at key"},
	{Name: "getbit", Arity: 3, Flags: ReadOnly | Fast, Group: GroupBitmap, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdGetbit, Since: "2.2.0", Summary: "Returns the bit value at offset in the string value stored at key"},
	{Name: "bitcount", Arity: -2, Flags: ReadOnly, Group: GroupBitmap, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdBitcount, Since: "2.6.0", Summary: "Count set bits in a string"},
	{Name: "bitpos", Arity: -3, Flags: ReadOnly, Group: GroupBitmap, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdBitpos, Since: "2.8.7", Summary: "Find first bit set or clear in a string"},
	{Name: "bitop", Arity: -4, Flags: Write | DenyOOM, Group: GroupBitmap, FirstKey: 2, LastKey: -1, Step: 1, Handler: cmdBitop, Since: "2.6.0", Summary: "Perform bitwise operations between strings"},
	{Name: "bitfield", Arity: -2, Flags: Write | DenyOOM, Group: GroupBitmap, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdBitfield, Since: "3.2.0", Summary: "Perform arbitrary bitfield integer operations on strings"},
	{Name: "bitfield_ro", Arity: -2, Flags: ReadOnly | Fast, Group: GroupBitmap, FirstKey: 1, LastKey: 1, Step: 1, Handler: cmdBitfieldRO, Since: "6.0.0", Summary: "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD"},
}

const (
	errBitOffset = "ERR bit offset is not an integer or out of range"
	errBitValue  = "ERR bit is not an integer or out of range"
	errBitArg    = "ERR The bit argument must be 1 or 0."
	errBitfield  = "ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is."
)

// bitOffsetArg parses a bit offset as Redis: a non-negative integer whose
// byte is below proto-max-bulk-len; with width > 0 (BITFIELD), "#N" means
// N times width.
func (c *Ctx) bitOffsetArg(b []byte, width int) (uint64, bool) {
	hash := width > 0 && len(b) > 0 && b[0] == '#'
	if hash {
		b = b[1:]
	}
	n, ok := resp.ParseInt(b)
	if ok && hash {
		if n > math.MaxInt64/int64(width) || n < math.MinInt64/int64(width) {
			ok = false
		} else {
			n *= int64(width)
		}
	}
	if !ok || n < 0 || n>>3 >= c.protoMaxBulkLen() {
		c.Err(errBitOffset)
		return 0, false
	}
	return uint64(n), true
}

// bitsFound is the lookup of a bit command that reads: it counts the hit
// or miss and reports whether x holds a string (found), or ok false after
// replying WRONGTYPE.
func (c *Ctx) bitsFound(x *engine.Item) (found, ok bool) {
	if !x.Found() {
		c.readMiss(x.Key())
		return false, true
	}
	c.stats.hits++
	if x.Kind() != engine.KindString {
		c.Err(ErrWrongType)
		return false, false
	}
	x.Hit()
	return true, true
}

// readBits returns the string x holds for a bit command that reads, nil
// for a missing key; ok false after replying WRONGTYPE.
func (c *Ctx) readBits(x *engine.Item) (b []byte, ok bool) {
	found, ok := c.bitsFound(x)
	if !found {
		return nil, ok
	}
	v := x.Value()
	if b, ok := v.Bytes(); ok {
		return b, true
	}
	c.Scratch = v.AppendTo(c.Scratch[:0])
	return c.Scratch, true
}

// bitsForWrite returns a copy of x's string (in c.Scratch) zero-padded so
// that bit maxbit exists, and whether it grew (or was created). ok false
// after replying an error.
func (c *Ctx) bitsForWrite(x *engine.Item, maxbit uint64) (buf []byte, grew, ok bool) {
	need := int64(maxbit>>3) + 1
	var olen int64
	if x.Found() {
		if x.Kind() != engine.KindString {
			c.Err(ErrWrongType)
			return nil, false, false
		}
		olen = int64(x.Len())
	}
	if !c.checkLength(x.Key(), need, olen) {
		return nil, false, false
	}
	buf = c.Scratch[:0]
	if x.Found() {
		buf = x.Value().AppendTo(buf)
	}
	grew = !x.Found() || need > olen
	buf = growZero(buf, int(max(need, olen)))
	c.Scratch = buf[:0]
	return buf, grew, true
}

// storeBits writes buf back as x's value: in place when the length is
// unchanged, else as a new item keeping the flags and TTL. It returns the
// error to reply, or "".
func (c *Ctx) storeBits(x *engine.Item, buf []byte) string {
	existed := x.Found()
	if existed {
		if _, in := x.Rewrite(buf, 0); in {
			return ""
		}
	}
	o := engine.SetOpts{Flags: x.Flags(), KeepTTL: true}
	if _, err := x.Set(&o, buf); err != nil {
		return storeError(err)
	}
	c.notifyNew(existed, x.Key())
	return ""
}

// SETBIT key offset value
func cmdSetbit(c *Ctx) {
	off, ok := c.bitOffsetArg(c.Args[2], 0)
	if !ok {
		return
	}
	on, ok := resp.ParseInt(c.Args[3])
	if !ok || on&^1 != 0 {
		c.Err(errBitValue)
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	mask := byte(1) << (7 - off&7)
	if i := int(off >> 3); x.Found() && x.Kind() == engine.KindString && i < x.Len() {
		// The byte exists: flip it in place, without copying the string
		// (a bitmap of megabytes costs what one byte costs).
		var cur [1]byte
		x.Value().ReadAt(cur[:], i)
		old := cur[0]&mask != 0
		if old != (on == 1) {
			cur[0] ^= mask
			if x.Edit(x.Len(), func(w engine.ValueEditor) { w.WriteAt(cur[:], i) }) {
				c.Notify('$', "setbit", c.Args[1])
			} else if !c.setbitCopy(x, off, on) {
				return
			}
		}
		c.Int(b2i(old))
		return
	}
	// A new key, or a bit past the end: the string grows (zero-filled) and
	// the old bit was 0.
	if c.setbitCopy(x, off, on) {
		c.Int(0)
	}
}

// setbitCopy sets bit off of x's string to on through a copy of it, grown
// as needed (zero-filled), and notifies the change; ok false after
// replying an error (wrong type, too large, out of memory).
func (c *Ctx) setbitCopy(x *engine.Item, off uint64, on int64) bool {
	buf, _, ok := c.bitsForWrite(x, off)
	if !ok {
		return false
	}
	mask := byte(1) << (7 - off&7)
	if on == 1 {
		buf[off>>3] |= mask
	} else {
		buf[off>>3] &^= mask
	}
	if msg := c.storeBits(x, buf); msg != "" {
		c.Err(msg)
		return false
	}
	c.Notify('$', "setbit", c.Args[1])
	return true
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// GETBIT key offset
func cmdGetbit(c *Ctx) {
	off, ok := c.bitOffsetArg(c.Args[2], 0)
	if !ok {
		return
	}
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	found, ok := c.bitsFound(x)
	if !ok {
		return
	}
	if i := off >> 3; found && i < uint64(x.Len()) {
		var b [1]byte
		x.Value().ReadAt(b[:], int(i)) // one byte, also of a chained value
		c.Int(int64(b[0]>>(7-off&7)) & 1)
		return
	}
	c.Int(0)
}

// bitRange resolves Redis's start/end (negative from the end) over a
// string of n bytes, in bits when isBit, to a byte range [start, end]
// and the masks of the bits of the first and last byte outside it.
// empty reports start > end.
func bitRange(start, end int64, n int, isBit bool) (s, e int64, firstOut, lastOut byte, empty bool) {
	total := int64(n)
	if isBit {
		total <<= 3
	}
	if start < 0 {
		start += total
	}
	if end < 0 {
		end += total
	}
	start, end = max(start, 0), max(end, 0)
	if end >= total {
		end = total - 1
	}
	if start > end {
		return 0, 0, 0, 0, true
	}
	if isBit {
		firstOut = ^byte(0xff >> (start & 7))
		lastOut = byte(0xff >> (end&7 + 1))
		start >>= 3
		end >>= 3
	}
	return start, end, firstOut, lastOut, false
}

func popcount(b []byte) int64 {
	var n int
	for len(b) >= 8 {
		n += bits.OnesCount64(uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56)
		b = b[8:]
	}
	for _, x := range b {
		n += bits.OnesCount8(x)
	}
	return int64(n)
}

// bitUnitArg parses the optional BYTE|BIT argument.
func (c *Ctx) bitUnitArg(b []byte) (isBit, ok bool) {
	switch {
	case strings.EqualFold(string(b), "bit"):
		return true, true
	case strings.EqualFold(string(b), "byte"):
		return false, true
	}
	c.Err(ErrSyntax)
	return false, false
}

// BITCOUNT key [start end [BYTE|BIT]]
func cmdBitcount(c *Ctx) {
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if !x.Found() {
		c.readMiss(x.Key())
		c.Int(0)
		return
	}
	b, ok := c.readBits(x)
	if !ok {
		return
	}
	var start, end int64
	isBit := false
	switch len(c.Args) {
	case 2:
		start, end = 0, int64(len(b))-1
	case 4, 5:
		s, ok1 := resp.ParseInt(c.Args[2])
		e, ok2 := resp.ParseInt(c.Args[3])
		if !ok1 || !ok2 {
			c.Err(ErrNotInteger)
			return
		}
		if s < 0 && e < 0 && s > e {
			c.Int(0)
			return
		}
		if len(c.Args) == 5 {
			if isBit, ok = c.bitUnitArg(c.Args[4]); !ok {
				return
			}
		}
		start, end = s, e
	default:
		c.Err(ErrSyntax)
		return
	}
	s, e, firstOut, lastOut, empty := bitRange(start, end, len(b), isBit)
	if empty || len(b) == 0 {
		c.Int(0)
		return
	}
	n := popcount(b[s : e+1])
	n -= int64(bits.OnesCount8(b[s]&firstOut) + bits.OnesCount8(b[e]&lastOut))
	c.Int(n)
}

// firstBit returns the position of the first bit equal to bit in b, or
// -1; for a 0 bit past the end of b it returns len(b)*8 (the string is
// taken as padded with zeros).
func firstBit(b []byte, bit int) int64 {
	skip := byte(0)
	if bit == 0 {
		skip = 0xff
	}
	for i, x := range b {
		if x != skip {
			if bit == 0 {
				x = ^x
			}
			return int64(i)*8 + int64(bits.LeadingZeros8(x))
		}
	}
	if bit == 1 {
		return -1
	}
	return int64(len(b)) * 8
}

// BITPOS key bit [start [end [BYTE|BIT]]]
func cmdBitpos(c *Ctx) {
	bitv, ok := resp.ParseInt(c.Args[2])
	if !ok {
		c.Err(ErrNotInteger)
		return
	}
	if bitv != 0 && bitv != 1 {
		c.Err(errBitArg)
		return
	}
	bit := int(bitv)
	x := c.Lock(c.Args[1])
	defer x.Unlock()
	if !x.Found() {
		c.readMiss(x.Key())
		c.Int(-bitv) // an empty key is all zeros: 0 for a clear bit, -1 for a set one
		return
	}
	b, ok := c.readBits(x)
	if !ok {
		return
	}
	var start, end int64
	isBit, endGiven := false, false
	switch n := len(c.Args); n {
	case 3:
		start, end = 0, int64(len(b))-1
	case 4, 5, 6:
		if start, ok = resp.ParseInt(c.Args[3]); !ok {
			c.Err(ErrNotInteger)
			return
		}
		if n == 6 {
			if isBit, ok = c.bitUnitArg(c.Args[5]); !ok {
				return
			}
		}
		if n >= 5 {
			if end, ok = resp.ParseInt(c.Args[4]); !ok {
				c.Err(ErrNotInteger)
				return
			}
			endGiven = true
		} else {
			end = int64(len(b)) - 1
			if isBit {
				end = int64(len(b))<<3 + 7
			}
		}
	default:
		c.Err(ErrSyntax)
		return
	}
	s, e, firstOut, lastOut, empty := bitRange(start, end, len(b), isBit)
	if empty {
		c.Int(-1)
		return
	}
	// Look in a copy of the range whose out-of-range edge bits are set to
	// the opposite of bit, so they never match.
	rng := b[s : e+1]
	var pos int64
	if firstOut == 0 && lastOut == 0 {
		pos = firstBit(rng, bit)
	} else {
		pos = -2
		fill := byte(0)
		if bit == 0 {
			fill = 0xff
		}
		edge := func(i int, x byte) byte {
			out := byte(0)
			if i == 0 {
				out |= firstOut
			}
			if i == len(rng)-1 {
				out |= lastOut
			}
			return x&^out | fill&out
		}
		for i := 0; i < len(rng); i++ {
			x := rng[i]
			if i == 0 || i == len(rng)-1 {
				x = edge(i, x)
			}
			if p := firstBit([]byte{x}, bit); p >= 0 && p < 8 {
				pos = int64(i)*8 + p
				break
			}
		}
		if pos == -2 {
			pos = -1
			if bit == 0 {
				pos = int64(len(rng)) * 8
			}
		}
	}
	if endGiven && bit == 0 && pos == int64(len(rng))*8 {
		c.Int(-1)
		return
	}
	if pos != -1 {
		pos += s << 3
	}
	c.Int(pos)
}

// BITOP AND|OR|XOR|NOT destkey key [key ...]
func cmdBitop(c *Ctx) {
	op := strings.ToLower(string(c.Args[1]))
	switch op {
	case "and", "or", "xor", "not":
	default:
		c.Err(ErrSyntax)
		return
	}
	if op == "not" && len(c.Args) != 4 {
		c.Err("ERR BITOP NOT must be called with a single source key.")
		return
	}
	dest, srcs := c.Args[2], c.Args[3:]
	c.LockKeys(c.Args[2:]...)
	// Read every source first (WRONGTYPE stops before any write), copying
	// them into one buffer: offs[i] is where source i starts.
	var offs [][2]int
	all := c.Scratch[:0]
	maxLen := 0
	for _, k := range srcs {
		x := c.Lock(k)
		if !x.Found() {
			c.readMiss(k)
			offs = append(offs, [2]int{len(all), len(all)})
			x.Unlock()
			continue
		}
		c.stats.hits++
		if x.Kind() != engine.KindString {
			x.Unlock()
			c.Err(ErrWrongType)
			return
		}
		x.Hit()
		start := len(all)
		all = x.Value().AppendTo(all)
		offs = append(offs, [2]int{start, len(all)})
		maxLen = max(maxLen, len(all)-start)
		x.Unlock()
	}
	res := growZero(all, len(all)+maxLen)[len(all):]
	c.Scratch = all[:0]
	for i := range res {
		var acc byte
		for j, o := range offs {
			var v byte
			if o[0]+i < o[1] {
				v = all[o[0]+i]
			}
			switch {
			case op == "not":
				acc = ^v
			case j == 0:
				acc = v
			case op == "and":
				acc &= v
			case op == "or":
				acc |= v
			default:
				acc ^= v
			}
		}
		res[i] = acc
	}
	x := c.Lock(dest)
	defer x.Unlock()
	if len(res) == 0 {
		if x.Found() {
			x.Delete()
			c.Notify('g', "del", dest)
		}
		c.Int(0)
		return
	}
	existed := x.Found()
	if _, err := x.Set(&engine.SetOpts{}, res); err != nil {
		c.Err(storeError(err))
		return
	}
	c.notifyNew(existed, dest)
	c.Notify('$', "set", dest)
	c.Int(int64(len(res)))
}

// bitfieldOp is one GET, SET or INCRBY of BITFIELD.
type bitfieldOp struct {
	op       byte // 'g', 's', 'i'
	signed   bool
	width    int
	offset   uint64
	value    int64
	overflow byte // 'w' wrap, 's' sat, 'f' fail
}

// BITFIELD key [GET type offset | SET type offset value | INCRBY type offset increment | OVERFLOW WRAP|SAT|FAIL]...
func cmdBitfield(c *Ctx) { bitfield(c, false) }

// BITFIELD_RO key [GET type offset ...]
func cmdBitfieldRO(c *Ctx) { bitfield(c, true) }

func bitfield(c *Ctx, readOnly bool) {
	var ops []bitfieldOp
	overflow := byte('w')
	writes := false
	var highest uint64
	args := c.Args
	for j := 2; j < len(args); j++ {
		rem := len(args) - j - 1
		sub := strings.ToLower(string(args[j]))
		var o bitfieldOp
		switch {
		case sub == "get" && rem >= 2:
			o.op = 'g'
		case sub == "set" && rem >= 3:
			o.op = 's'
		case sub == "incrby" && rem >= 3:
			o.op = 'i'
		case sub == "overflow" && rem >= 1:
			j++
			switch strings.ToLower(string(args[j])) {
			case "wrap":
				overflow = 'w'
			case "sat":
				overflow = 's'
			case "fail":
				overflow = 'f'
			default:
				c.Err("ERR Invalid OVERFLOW type specified")
				return
			}
			continue
		default:
			c.Err(ErrSyntax)
			return
		}
		t := args[j+1]
		if len(t) < 2 || (t[0] != 'i' && t[0] != 'u') {
			c.Err(errBitfield)
			return
		}
		o.signed = t[0] == 'i'
		w, ok := resp.ParseInt(t[1:])
		if !ok || w < 1 || (o.signed && w > 64) || (!o.signed && w > 63) {
			c.Err(errBitfield)
			return
		}
		o.width = int(w)
		if o.offset, ok = c.bitOffsetArg(args[j+2], o.width); !ok {
			return
		}
		if o.op != 'g' {
			writes = true
			highest = max(highest, o.offset+uint64(o.width)-1)
			if o.value, ok = resp.ParseInt(args[j+3]); !ok {
				c.Err(ErrNotInteger)
				return
			}
			j += 3
		} else {
			j += 2
		}
		o.overflow = overflow
		ops = append(ops, o)
	}
	x := c.Lock(args[1])
	defer x.Unlock()
	var buf []byte
	grew := false
	if !writes {
		var ok bool
		if buf, ok = c.readBits(x); !ok {
			return
		}
	} else {
		if readOnly {
			c.Err("ERR BITFIELD_RO only supports the GET subcommand")
			return
		}
		var ok bool
		if buf, grew, ok = c.bitsForWrite(x, highest); !ok {
			return
		}
	}
	start := len(c.Out)
	c.Array(len(ops))
	changes := 0
	for _, o := range ops {
		if o.op == 'g' {
			v := getBits(buf, o.offset, o.width)
			if o.signed {
				c.Int(signExtend(v, o.width))
			} else {
				c.Int(int64(v))
			}
			continue
		}
		old := getBits(buf, o.offset, o.width)
		var newv uint64
		var reply int64
		var over bool
		if o.signed {
			oldv := signExtend(old, o.width)
			var nv int64
			if o.op == 'i' {
				nv, over = signedOverflow(oldv, o.value, o.width, o.overflow)
				reply = nv
			} else {
				nv, over = signedOverflow(o.value, 0, o.width, o.overflow)
				reply = oldv
			}
			newv = uint64(nv)
		} else {
			if o.op == 'i' {
				newv, over = unsignedOverflow(old, o.value, o.width, o.overflow)
				reply = int64(newv)
			} else {
				newv, over = unsignedOverflow(uint64(o.value), 0, o.width, o.overflow)
				reply = int64(old)
			}
		}
		if over && o.overflow == 'f' {
			c.Null()
			continue
		}
		c.Int(reply)
		newv &= widthMask(o.width)
		setBits(buf, o.offset, o.width, newv)
		if grew || newv != old {
			changes++
		}
	}
	// Redis grows the string to the farthest bit written even when every
	// write failed (OVERFLOW FAIL); only changes are notified.
	if changes > 0 || grew {
		if msg := c.storeBits(x, buf); msg != "" {
			c.Out = c.Out[:start] // the error replaces the whole reply
			c.Err(msg)
			return
		}
	}
	if changes > 0 {
		c.Notify('$', "setbit", args[1])
	}
}

func widthMask(w int) uint64 {
	if w == 64 {
		return math.MaxUint64
	}
	return 1<<w - 1
}

// getBits reads width bits at bit offset off (big-endian bit order, as
// Redis), zeros past the end of b.
func getBits(b []byte, off uint64, width int) uint64 {
	var v uint64
	for i := 0; i < width; i++ {
		p := off + uint64(i)
		bit := uint64(0)
		if p>>3 < uint64(len(b)) {
			bit = uint64(b[p>>3]>>(7-p&7)) & 1
		}
		v = v<<1 | bit
	}
	return v
}

// setBits writes the low width bits of v at bit offset off; b is long
// enough.
func setBits(b []byte, off uint64, width int, v uint64) {
	for i := 0; i < width; i++ {
		p := off + uint64(i)
		mask := byte(1) << (7 - p&7)
		if v>>(width-1-i)&1 == 1 {
			b[p>>3] |= mask
		} else {
			b[p>>3] &^= mask
		}
	}
}

func signExtend(v uint64, width int) int64 {
	if width == 64 {
		return int64(v)
	}
	if v&(1<<(width-1)) != 0 {
		v |= ^uint64(0) << width
	}
	return int64(v)
}

// unsignedOverflow adds incr to v in a width-bit unsigned field and
// reports whether it overflowed, with the value the overflow mode gives.
func unsignedOverflow(v uint64, incr int64, width int, mode byte) (uint64, bool) {
	maxv := widthMask(width)
	over := false
	var sat uint64
	switch {
	case v > maxv || (incr > 0 && uint64(incr) > maxv-v):
		over, sat = true, maxv
	case incr < 0 && uint64(-incr) > v:
		over, sat = true, 0
	}
	if !over {
		return v + uint64(incr), false
	}
	if mode == 's' {
		return sat, true
	}
	return (v + uint64(incr)) & maxv, true
}

// signedOverflow adds incr to v in a width-bit signed field.
func signedOverflow(v, incr int64, width int, mode byte) (int64, bool) {
	maxv := int64(math.MaxInt64)
	if width < 64 {
		maxv = 1<<(width-1) - 1
	}
	minv := -maxv - 1
	sum := v + incr // wraps in two's complement when out of int64
	over := false
	var sat int64
	switch {
	case v > maxv || (incr > 0 && sum-incr != v) || (incr > 0 && sum > maxv) || (incr > 0 && sum < v):
		over, sat = true, maxv
	case v < minv || (incr < 0 && sum > v) || (incr < 0 && sum < minv):
		over, sat = true, minv
	}
	if !over {
		return sum, false
	}
	if mode == 's' {
		return sat, true
	}
	u := uint64(v) + uint64(incr)
	if width < 64 {
		if u&(1<<(width-1)) != 0 {
			u |= ^uint64(0) << width
		} else {
			u &= 1<<width - 1
		}
	}
	return int64(u), true
}
