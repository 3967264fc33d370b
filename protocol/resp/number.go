package resp

import (
	"math"
	"strconv"
	"unsafe"
)

// ParseInt parses b as Redis's string2ll does: an optional '-' and decimal
// digits, no '+', no leading zeros (except "0" itself), no spaces, at most
// 20 bytes, within int64. It is what Redis uses for counts, lengths and
// integer arguments.
func ParseInt(b []byte) (int64, bool) {
	n := len(b)
	if n == 0 || n >= 21 { // LONG_STR_SIZE
		return 0, false
	}
	if n == 1 && b[0] == '0' {
		return 0, true
	}
	i := 0
	neg := b[0] == '-'
	if neg {
		i++
		if i == n {
			return 0, false
		}
	}
	if b[i] < '1' || b[i] > '9' {
		return 0, false
	}
	v := uint64(b[i] - '0')
	for i++; i < n; i++ {
		c := b[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		if v > math.MaxUint64/10 {
			return 0, false
		}
		v *= 10
		d := uint64(c - '0')
		if v > math.MaxUint64-d {
			return 0, false
		}
		v += d
	}
	if neg {
		if v > 1<<63 {
			return 0, false
		}
		return int64(-v), true
	}
	if v > math.MaxInt64 {
		return 0, false
	}
	return int64(v), true
}

// ParseFloat parses b as Redis's string2d does (strtod, then strict
// checks): the whole of b must be a C floating-point literal in the "C"
// locale. Accepted: an optional sign, then decimal digits with an optional
// '.' and exponent ("1", "-.5", "1.", "2.5e-3"), hexadecimal ("0x1p4",
// "0x10", "0x.8"), or "inf"/"infinity" in any case. Rejected: leading or
// trailing blanks, "nan", underscores, an empty string, values that
// overflow to ±Inf and nonzero values that underflow to 0 (glibc's ERANGE
// cases; subnormal results are accepted). Decimal conversion is correctly
// rounded, like glibc's.
//
// Redis's string2ld (INCRBYFLOAT) parses into an 80-bit long double: same
// syntax, but "1e400" is in range there.
func ParseFloat(b []byte) (float64, bool) {
	if len(b) == 0 || isSpace(b[0]) {
		return 0, false
	}
	i := 0
	neg := false
	if b[0] == '+' || b[0] == '-' {
		neg = b[0] == '-'
		i++
	}
	rest := b[i:]
	if len(rest) == 0 {
		return 0, false
	}
	if rest[0]|0x20 == 'i' {
		if equalFold(rest, "inf") || equalFold(rest, "infinity") {
			if neg {
				return math.Inf(-1), true
			}
			return math.Inf(1), true
		}
		return 0, false
	}
	hex := len(rest) > 2 && rest[0] == '0' && rest[1]|0x20 == 'x'
	j := 0
	isDigit := isDecDigit
	expChar := byte('e')
	if hex {
		j = 2
		isDigit = isHexDigit
		expChar = 'p'
	}
	digits, nonzero := 0, false
	for ; j < len(rest) && isDigit(rest[j]); j++ {
		digits++
		nonzero = nonzero || rest[j] != '0'
	}
	if j < len(rest) && rest[j] == '.' {
		for j++; j < len(rest) && isDigit(rest[j]); j++ {
			digits++
			nonzero = nonzero || rest[j] != '0'
		}
	}
	if digits == 0 {
		return 0, false
	}
	hasExp := false
	if j < len(rest) && rest[j]|0x20 == expChar {
		j++
		if j < len(rest) && (rest[j] == '+' || rest[j] == '-') {
			j++
		}
		e := j
		for j < len(rest) && isDecDigit(rest[j]) {
			j++
		}
		if j == e {
			return 0, false // strtod would stop before the exponent: trailing garbage
		}
		hasExp = true
	}
	if j != len(rest) {
		return 0, false
	}
	var f float64
	var err error
	if hex && !hasExp {
		// Go wants a 'p' exponent on hexadecimal mantissas.
		var buf [64]byte
		s := append(append(buf[:0], b...), 'p', '0')
		f, err = strconv.ParseFloat(unsafeString(s), 64)
	} else {
		f, err = strconv.ParseFloat(unsafeString(b), 64)
	}
	if err != nil || math.IsInf(f, 0) { // overflow (ERANGE, HUGE_VAL)
		return 0, false
	}
	if f == 0 && nonzero { // underflow to zero (ERANGE)
		return 0, false
	}
	return f, true
}

func isDecDigit(c byte) bool { return '0' <= c && c <= '9' }

// equalFold reports whether b equals the lower-case ASCII s, ignoring case.
func equalFold(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i := range b {
		if b[i]|0x20 != s[i] {
			return false
		}
	}
	return true
}

// unsafeString returns b as a string without copying. Only for passing to
// functions that do not keep their argument (strconv.ParseFloat copies it
// into any error it returns): the string must not outlive the call, nor b
// change while it is in use.
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// AppendDoubleText appends f formatted as Redis 7.0 formats doubles in
// replies (addReplyDouble): printf's "%.17g", with "inf", "-inf" and "nan"
// ("-nan" when the sign bit is set, as glibc prints it).
func AppendDoubleText(dst []byte, f float64) []byte {
	if out, ok := appendNonFinite(dst, f); ok {
		return out
	}
	return strconv.AppendFloat(dst, f, 'g', 17, 64)
}

// AppendFloatHuman appends f formatted as Redis formats INCRBYFLOAT and
// HINCRBYFLOAT results (util.c ld2string with LD_STR_HUMAN): printf's
// "%.17f", then trailing zeros after the '.' trimmed, and the '.' too if
// nothing follows it; "-0" becomes "0"; "inf" and "-inf" as such.
//
// Redis computes and prints these values as 80-bit long doubles, and a
// float64 carries fewer digits: 10.5+0.1 is "10.6" in Redis but
// "10.59999999999999964" here. INCRBYFLOAT and HINCRBYFLOAT should use
// LongDouble; this is right for values that are float64s to begin with
// (GEO coordinates and distances, addReplyHumanLongDouble).
func AppendFloatHuman(dst []byte, f float64) []byte {
	if out, ok := appendNonFinite(dst, f); ok {
		return out
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, f, 'f', 17, 64)
	return trimHuman(dst, start)
}

// appendNonFinite appends "inf", "-inf", "nan" or "-nan" (glibc's
// printf, sign bit kept) when f is not finite, and reports whether it did.
func appendNonFinite(dst []byte, f float64) ([]byte, bool) {
	switch {
	case math.IsInf(f, 1):
		return append(dst, "inf"...), true
	case math.IsInf(f, -1):
		return append(dst, "-inf"...), true
	case math.IsNaN(f):
		if math.Signbit(f) {
			return append(dst, "-nan"...), true
		}
		return append(dst, "nan"...), true
	}
	return dst, false
}

// trimHuman trims the "%.17f" number in dst[start:] as LD_STR_HUMAN does.
func trimHuman(dst []byte, start int) []byte {
	n := len(dst)
	for n > start && dst[n-1] == '0' {
		n--
	}
	if n > start && dst[n-1] == '.' {
		n--
	}
	dst = dst[:n]
	if n-start == 2 && dst[start] == '-' && dst[start+1] == '0' {
		dst[start] = '0'
		dst = dst[:start+1]
	}
	return dst
}
