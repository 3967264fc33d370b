package memcache

import "math"

// Number parsing without string conversion. memcached 1.6.45 uses two
// families of parsers and Corvid mirrors each where memcached uses it:
//
//   - the strict mcmc tokenizer parsers (ParseUint32, ParseUint64, ParseInt32,
//     ParseInt64): ASCII digits only, an optional leading '-' for the signed
//     ones, no '+', no spaces, a length cap (11 bytes for 32-bit, 22 for
//     64-bit, so "00000000000000000000001" is refused), and range checks.
//     Used for <bytes>, cas unique, incr/decr delta, touch/gat exptime,
//     verbosity, cache_memlimit and every numeric meta flag.
//   - C strtoul/strtol (safe_strtoul/safe_strtol in util.c): used only for
//     the <flags> and <exptime> of classic storage commands. They skip
//     leading white space, take '+' and '-', stop at the first non-digit
//     (which must be white space or the end), and the result is narrowed to
//     32 bits with C conversion rules: flags 4294967297 becomes 1, exptime
//     4294967296 becomes 0, "-18446744073709551615" is flags 1.

const (
	maxDigits32 = 11 // MCMC_TOKTO32_MAX
	maxDigits64 = 22 // MCMC_TOKTO64_MAX
)

// ParseUint32 parses b like memcached's mcmc_toktou32.
func ParseUint32(b []byte) (uint32, bool) {
	v, ok := parseUnsigned(b, maxDigits32, math.MaxUint32)
	return uint32(v), ok
}

// ParseUint64 parses b like memcached's mcmc_toktou64.
func ParseUint64(b []byte) (uint64, bool) {
	return parseUnsigned(b, maxDigits64, math.MaxUint64)
}

func parseUnsigned(b []byte, maxLen int, hi uint64) (uint64, bool) {
	if len(b) > maxLen {
		return 0, false
	}
	var sum uint64
	for _, c := range b {
		d := uint64(c - '0')
		if d > 9 {
			return 0, false
		}
		if sum > (hi-d)/10 {
			return 0, false
		}
		sum = sum*10 + d
	}
	return sum, true
}

// ParseInt32 parses b like memcached's mcmc_tokto32 (a lone "-" is 0, as
// there).
func ParseInt32(b []byte) (int32, bool) {
	v, ok := parseSigned(b, maxDigits32, math.MinInt32, math.MaxInt32)
	return int32(v), ok
}

// ParseInt64 parses b like memcached's mcmc_tokto64.
func ParseInt64(b []byte) (int64, bool) {
	return parseSigned(b, maxDigits64, math.MinInt64, math.MaxInt64)
}

func parseSigned(b []byte, maxLen int, lo, hi int64) (int64, bool) {
	if len(b) > maxLen {
		return 0, false
	}
	neg := false
	if len(b) > 0 && b[0] == '-' {
		neg = true
		b = b[1:]
	}
	var sum int64
	for _, c := range b {
		d := int64(c - '0')
		if c < '0' || d > 9 {
			return 0, false
		}
		if neg {
			if sum < (lo+d)/10 {
				return 0, false
			}
			sum = sum*10 - d
		} else {
			if sum > (hi-d)/10 {
				return 0, false
			}
			sum = sum*10 + d
		}
	}
	return sum, true
}

func isCSpace(c byte) bool {
	return c == ' ' || (c >= '\t' && c <= '\r')
}

// cStrtou64 mimics C strtoull/strtoul (64-bit long) over s, which runs from
// the start of the token to the end of the line (so that, as in C, white
// space is skipped and the number ends where the token ends). ok follows
// memcached's safe_strtoul: a number was read, no ERANGE, the next byte is
// white space or the end, and a value that is negative as a signed number
// was not written with a '-'.
func cStrtou64(s []byte) (uint64, bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64
	overflow := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if v > (math.MaxUint64-d)/10 {
			overflow = true
		} else {
			v = v*10 + d
		}
		i++
	}
	if i == start || overflow {
		return 0, false
	}
	if i < len(s) && !isCSpace(s[i]) {
		return 0, false
	}
	if neg {
		v = -v
	}
	if int64(v) < 0 && neg {
		return 0, false
	}
	return v, true
}

// cStrtol64 mimics C strtol (64-bit long) with memcached's safe_strtol
// checks; see cStrtou64 for s.
func cStrtol64(s []byte) (int64, bool) {
	i := 0
	for i < len(s) && isCSpace(s[i]) {
		i++
	}
	neg := false
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		neg = s[i] == '-'
		i++
	}
	start := i
	var v uint64 // magnitude
	limit := uint64(math.MaxInt64)
	if neg {
		limit++
	}
	overflow := false
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		d := uint64(s[i] - '0')
		if v > (limit-d)/10 {
			overflow = true
		} else {
			v = v*10 + d
		}
		i++
	}
	if i == start || overflow {
		return 0, false
	}
	if i < len(s) && !isCSpace(s[i]) {
		return 0, false
	}
	if neg {
		return int64(-v), true
	}
	return int64(v), true
}
