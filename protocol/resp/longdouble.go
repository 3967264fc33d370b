package resp

import (
	"math"
	"math/big"
)

// LongDouble is a number in the x87 80-bit extended format (a 64-bit
// mantissa, exponents down to 2^-16445 with subnormals, up to 2^16384),
// which is what Redis on x86-64 uses for INCRBYFLOAT and HINCRBYFLOAT: it
// parses both operands with string2ld (strtold), adds them as long doubles
// and prints the sum with ld2string's human mode ("%.17Lf", trimmed). A
// float64 gives different digits for everyday inputs (10.5 + 0.1 is "10.6"
// in Redis, and 10.59999999999999964 as a float64), so this type computes
// exactly what the hardware does: correctly rounded parsing and addition,
// round half to even, and exact decimal printing.
//
// The zero value is +0. LongDouble is a value type, safe to copy. Its
// methods allocate (they use math/big): it is meant for the *BYFLOAT
// commands, not for a zero-allocation hot path.
type LongDouble struct {
	neg  bool
	kind ldKind
	mant uint64 // value = mant * 2^exp; bit 63 set unless subnormal or zero
	exp  int32
}

type ldKind uint8

const (
	ldFinite ldKind = iota
	ldInf
	ldNaN
)

const (
	ldMinExp   = -16445 // exponent of the smallest subnormal, 2^-16445
	ldMaxExp   = 16320  // largest exp with a 64-bit mant: (2^64-1) * 2^16320 < 2^16384
	ldMaxChars = 5 * 1024
)

// ParseLongDouble parses b as Redis's string2ld does: like ParseFloat
// (strtold syntax, whole input, no blanks, no nan, "inf" accepted), into
// a long double, refusing inputs of 5120 bytes or more
// (MAX_LONG_DOUBLE_CHARS), values that overflow and nonzero values that
// underflow to zero.
func ParseLongDouble(b []byte) (LongDouble, bool) {
	if len(b) == 0 || len(b) >= ldMaxChars || isSpace(b[0]) {
		return LongDouble{}, false
	}
	i := 0
	neg := false
	if b[0] == '+' || b[0] == '-' {
		neg = b[0] == '-'
		i++
	}
	rest := b[i:]
	if len(rest) == 0 {
		return LongDouble{}, false
	}
	if rest[0]|0x20 == 'i' {
		if equalFold(rest, "inf") || equalFold(rest, "infinity") {
			return LongDouble{neg: neg, kind: ldInf}, true
		}
		return LongDouble{}, false
	}
	hex := len(rest) > 2 && rest[0] == '0' && rest[1]|0x20 == 'x'
	base, digitBits := 10, 0
	isDigit := isDecDigit
	expChar := byte('e')
	j := 0
	if hex {
		base, digitBits, isDigit, expChar, j = 16, 4, isHexDigit, 'p', 2
	}
	// Collect the significant digits into an integer; scale counts the
	// digits after the point.
	var mant big.Int
	var digits []byte
	nd, scale := 0, 0
	for ; j < len(rest) && isDigit(rest[j]); j++ {
		digits = append(digits, rest[j])
		nd++
	}
	if j < len(rest) && rest[j] == '.' {
		for j++; j < len(rest) && isDigit(rest[j]); j++ {
			digits = append(digits, rest[j])
			nd++
			scale++
		}
	}
	if nd == 0 {
		return LongDouble{}, false
	}
	exp := 0
	if j < len(rest) && rest[j]|0x20 == expChar {
		j++
		eneg := false
		if j < len(rest) && (rest[j] == '+' || rest[j] == '-') {
			eneg = rest[j] == '-'
			j++
		}
		e := j
		for ; j < len(rest) && isDecDigit(rest[j]); j++ {
			if exp < 1e9 { // saturate: far beyond any long double
				exp = exp*10 + int(rest[j]-'0')
			}
		}
		if j == e {
			return LongDouble{}, false
		}
		if eneg {
			exp = -exp
		}
	}
	if j != len(rest) {
		return LongDouble{}, false
	}
	// Drop leading zeros, so that the digit count measures the magnitude.
	k := 0
	for k < len(digits) && digits[k] == '0' {
		k++
	}
	digits = digits[k:]
	sigDigits := len(digits)
	if sigDigits == 0 {
		return LongDouble{neg: neg}, true // an exact zero
	}
	mant.SetString(string(digits), base)
	var x LongDouble
	if hex {
		// value = mant * 2^(exp - 4*scale); mant < 2^(4*sigDigits).
		e2 := exp - digitBits*scale
		switch top := e2 + digitBits*sigDigits; {
		case top > ldMaxExp+64+8:
			return LongDouble{}, false // overflow
		case top < ldMinExp-8:
			return LongDouble{}, false // underflow to zero
		}
		x = roundLD(neg, &mant, e2, false)
	} else {
		// value = mant * 10^e10, and 10^(e10+sigDigits-1) <= value < 10^(e10+sigDigits).
		e10 := exp - scale
		switch top := e10 + sigDigits; {
		case top-1 >= 4933: // LDBL_MAX is 1.19e4932
			return LongDouble{}, false
		case top < -4952: // below half the smallest subnormal, 3.6e-4951
			return LongDouble{}, false
		}
		if e10 >= 0 {
			mant.Mul(&mant, pow10(e10))
			x = roundLD(neg, &mant, 0, false)
		} else {
			// value = mant / 10^-e10: take a quotient of at least 66 bits
			// and keep whether the division was exact.
			d := pow10(-e10)
			shift := max(0, d.BitLen()-mant.BitLen()+66)
			mant.Lsh(&mant, uint(shift))
			var r big.Int
			mant.QuoRem(&mant, d, &r)
			x = roundLD(neg, &mant, -shift, r.Sign() != 0)
		}
	}
	if x.kind == ldInf || x.mant == 0 { // ERANGE: HUGE_VALL or zero
		return LongDouble{}, false
	}
	return x, true
}

func pow10(n int) *big.Int {
	return new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(n)), nil)
}

// roundLD rounds (n + f) * 2^e to a long double, where 0 < f < 1 when
// sticky is set (and n has at least 66 bits then), f = 0 otherwise.
// It rounds to nearest, ties to even, like the x87 FPU in its default
// mode. n is clobbered.
func roundLD(neg bool, n *big.Int, e int, sticky bool) LongDouble {
	if n.Sign() == 0 && !sticky {
		return LongDouble{neg: neg}
	}
	shift := n.BitLen() - 64
	exp := e + shift
	if exp < ldMinExp { // subnormal: fewer mantissa bits
		shift += ldMinExp - exp
		exp = ldMinExp
	}
	var mant uint64
	if shift > 0 {
		half := n.Bit(shift - 1)
		if !sticky {
			sticky = lowBitsNonZero(n, shift-1)
		}
		n.Rsh(n, uint(shift))
		mant = n.Uint64()
		if half == 1 && (sticky || mant&1 == 1) {
			mant++
			if mant == 0 { // carried out of 64 bits
				mant = 1 << 63
				exp++
			}
		}
	} else {
		mant = n.Uint64() << uint(-shift)
	}
	if exp > ldMaxExp {
		return LongDouble{neg: neg, kind: ldInf}
	}
	if mant == 0 {
		exp = 0
	}
	return LongDouble{neg: neg, mant: mant, exp: int32(exp)}
}

// lowBitsNonZero reports whether any of the lowest k bits of n is set.
func lowBitsNonZero(n *big.Int, k int) bool {
	if k <= 0 {
		return false
	}
	t := n.TrailingZeroBits()
	return n.Sign() != 0 && int(t) < k
}

// IsFinite reports whether x is neither infinite nor NaN (INCRBYFLOAT
// refuses to store those: "increment would produce NaN or Infinity").
func (x LongDouble) IsFinite() bool { return x.kind == ldFinite }

// Add returns x+y rounded to a long double (to nearest, ties to even).
func (x LongDouble) Add(y LongDouble) LongDouble {
	switch {
	case x.kind == ldNaN || y.kind == ldNaN:
		return LongDouble{kind: ldNaN}
	case x.kind == ldInf && y.kind == ldInf:
		if x.neg != y.neg {
			return LongDouble{neg: true, kind: ldNaN} // the x87's default NaN is negative
		}
		return x
	case x.kind == ldInf:
		return x
	case y.kind == ldInf:
		return y
	case x.mant == 0 && y.mant == 0:
		return LongDouble{neg: x.neg && y.neg}
	case x.mant == 0:
		return y
	case y.mant == 0:
		return x
	}
	e := min(x.exp, y.exp)
	var a, b big.Int
	a.SetUint64(x.mant)
	a.Lsh(&a, uint(x.exp-e))
	if x.neg {
		a.Neg(&a)
	}
	b.SetUint64(y.mant)
	b.Lsh(&b, uint(y.exp-e))
	if y.neg {
		b.Neg(&b)
	}
	a.Add(&a, &b)
	if a.Sign() == 0 {
		return LongDouble{} // x + -x is +0 when rounding to nearest
	}
	neg := a.Sign() < 0
	a.Abs(&a)
	return roundLD(neg, &a, int(e), false)
}

// Float64 returns x rounded to the nearest float64 (ties to even).
func (x LongDouble) Float64() float64 {
	switch x.kind {
	case ldNaN:
		return math.NaN()
	case ldInf:
		if x.neg {
			return math.Inf(-1)
		}
		return math.Inf(1)
	}
	f, _ := new(big.Float).SetMantExp(new(big.Float).SetUint64(x.mant), int(x.exp)).Float64()
	if x.neg {
		f = -f
	}
	return f
}

// AppendHuman appends x as ld2string with LD_STR_HUMAN prints it, which is
// what INCRBYFLOAT stores and replies: "%.17Lf" (exact, rounded half to
// even), trailing zeros after the '.' trimmed and the '.' too if nothing
// follows, "-0" made "0"; "inf", "-inf", "nan", "-nan".
func (x LongDouble) AppendHuman(dst []byte) []byte {
	switch x.kind {
	case ldInf:
		if x.neg {
			return append(dst, "-inf"...)
		}
		return append(dst, "inf"...)
	case ldNaN:
		if x.neg {
			return append(dst, "-nan"...)
		}
		return append(dst, "nan"...)
	}
	start := len(dst)
	if x.neg {
		dst = append(dst, '-')
	}
	var n big.Int
	n.SetUint64(x.mant)
	if x.exp >= 0 {
		n.Lsh(&n, uint(x.exp))
		dst = n.Append(dst, 10)
		return trimHuman(append(dst, ".00000000000000000"...), start)
	}
	// q = round(mant * 10^17 / 2^-exp), ties to even.
	n.Mul(&n, pow10(17))
	k := uint(-x.exp)
	half := n.Bit(int(k) - 1)
	sticky := lowBitsNonZero(&n, int(k)-1)
	n.Rsh(&n, k)
	if half == 1 && (sticky || n.Bit(0) == 1) {
		n.Add(&n, big.NewInt(1))
	}
	digits := n.Append(nil, 10)
	if len(digits) <= 17 { // "0.000ddd"
		dst = append(dst, '0', '.')
		for i := len(digits); i < 17; i++ {
			dst = append(dst, '0')
		}
		dst = append(dst, digits...)
	} else {
		dst = append(dst, digits[:len(digits)-17]...)
		dst = append(dst, '.')
		dst = append(dst, digits[len(digits)-17:]...)
	}
	return trimHuman(dst, start)
}
