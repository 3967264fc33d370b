package resp

import "strconv"

// Protocol versions, as HELLO negotiates them (Redis's client->resp).
const (
	RESP2 = 2
	RESP3 = 3
)

// The Append functions append one reply, or the header of an aggregate
// reply, to dst and return the extended slice, as append does. They never
// keep dst or their arguments and allocate only when dst must grow.
// Functions that take proto write the RESP3 type when proto is RESP3 (or
// higher) and the RESP2 equivalent Redis uses otherwise, so handlers can be
// written once for both protocols.

func appendLine(dst []byte, prefix byte, n int64) []byte {
	dst = append(dst, prefix)
	dst = strconv.AppendInt(dst, n, 10)
	return append(dst, '\r', '\n')
}

// appendSafe appends s with CR and LF replaced by spaces, as Redis does
// for status and error replies built at run time, so the reply stays one
// line.
func appendSafe(dst []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\r' || c == '\n' {
			c = ' '
		}
		dst = append(dst, c)
	}
	return dst
}

// AppendOK appends "+OK\r\n".
func AppendOK(dst []byte) []byte { return append(dst, "+OK\r\n"...) }

// AppendSimpleString appends a status reply, "+s\r\n". CR and LF in s are
// written as spaces.
func AppendSimpleString(dst []byte, s string) []byte {
	dst = append(dst, '+')
	dst = appendSafe(dst, s)
	return append(dst, '\r', '\n')
}

// AppendError appends an error reply, "-msg\r\n". msg starts with the
// error code: "ERR syntax error", "WRONGTYPE Operation against...". CR and
// LF in msg are written as spaces (addReplyErrorFormat).
func AppendError(dst []byte, msg string) []byte {
	dst = append(dst, '-')
	dst = appendSafe(dst, msg)
	return append(dst, '\r', '\n')
}

// AppendInt appends an integer reply, ":n\r\n".
func AppendInt(dst []byte, n int64) []byte { return appendLine(dst, ':', n) }

// AppendBulk appends a bulk string reply, "$len\r\nb\r\n". A nil b is an
// empty bulk string, not a null: see AppendNull.
func AppendBulk(dst, b []byte) []byte {
	dst = appendLine(dst, '$', int64(len(b)))
	dst = append(dst, b...)
	return append(dst, '\r', '\n')
}

// AppendBulkString is AppendBulk for a string.
func AppendBulkString(dst []byte, s string) []byte {
	dst = appendLine(dst, '$', int64(len(s)))
	dst = append(dst, s...)
	return append(dst, '\r', '\n')
}

// AppendBulkInt appends n in decimal as a bulk string (addReplyBulkLongLong).
func AppendBulkInt(dst []byte, n int64) []byte {
	var buf [20]byte
	return AppendBulk(dst, strconv.AppendInt(buf[:0], n, 10))
}

// AppendNullBulk appends RESP2's null bulk string, "$-1\r\n", whatever the
// protocol (Redis's shared.null[2]). Most replies want AppendNull.
func AppendNullBulk(dst []byte) []byte { return append(dst, "$-1\r\n"...) }

// AppendArrayHeader appends an array header, "*n\r\n"; the n elements
// follow.
func AppendArrayHeader(dst []byte, n int) []byte { return appendLine(dst, '*', int64(n)) }

// AppendNull appends a null: RESP2's null bulk string "$-1\r\n", or RESP3's
// "_\r\n" (addReplyNull).
func AppendNull(dst []byte, proto int) []byte {
	if proto >= RESP3 {
		return append(dst, "_\r\n"...)
	}
	return append(dst, "$-1\r\n"...)
}

// AppendNullArray appends a null array: RESP2's "*-1\r\n", or RESP3's null
// "_\r\n" (addReplyNullArray).
func AppendNullArray(dst []byte, proto int) []byte {
	if proto >= RESP3 {
		return append(dst, "_\r\n"...)
	}
	return append(dst, "*-1\r\n"...)
}

// AppendMapHeader appends the header of a map of n key-value pairs: RESP3's
// "%n\r\n", or an array of 2n elements in RESP2 (addReplyMapLen). Keys and
// values follow, alternating.
func AppendMapHeader(dst []byte, n int, proto int) []byte {
	if proto >= RESP3 {
		return appendLine(dst, '%', int64(n))
	}
	return appendLine(dst, '*', 2*int64(n))
}

// AppendSetHeader appends the header of a set of n elements: RESP3's
// "~n\r\n", or an array in RESP2 (addReplySetLen).
func AppendSetHeader(dst []byte, n int, proto int) []byte {
	if proto >= RESP3 {
		return appendLine(dst, '~', int64(n))
	}
	return appendLine(dst, '*', int64(n))
}

// AppendPushHeader appends the header of an out-of-band message of n
// elements (pub/sub messages, invalidations): RESP3's ">n\r\n", or an
// array in RESP2, as Redis sends pub/sub messages to RESP2 clients.
func AppendPushHeader(dst []byte, n int, proto int) []byte {
	if proto >= RESP3 {
		return appendLine(dst, '>', int64(n))
	}
	return appendLine(dst, '*', int64(n))
}

// AppendAttributeHeader appends a RESP3 attribute header, "|n\r\n"; n
// key-value pairs and then the reply they describe follow. RESP2 has no
// equivalent: send attributes to RESP3 clients only.
func AppendAttributeHeader(dst []byte, n int) []byte { return appendLine(dst, '|', int64(n)) }

// AppendDouble appends a double reply as Redis 7.0 does (addReplyDouble):
// RESP3's ",<%.17g>\r\n", or in RESP2 a bulk string holding the same text;
// infinities are "inf" and "-inf". See AppendDoubleText.
func AppendDouble(dst []byte, f float64, proto int) []byte {
	if proto >= RESP3 {
		dst = append(dst, ',')
		dst = AppendDoubleText(dst, f)
		return append(dst, '\r', '\n')
	}
	var buf [32]byte
	return AppendBulk(dst, AppendDoubleText(buf[:0], f))
}

// AppendBool appends a boolean: RESP3's "#t\r\n"/"#f\r\n", or the integer
// 1/0 in RESP2 (addReplyBool).
func AppendBool(dst []byte, v bool, proto int) []byte {
	switch {
	case proto >= RESP3 && v:
		return append(dst, "#t\r\n"...)
	case proto >= RESP3:
		return append(dst, "#f\r\n"...)
	case v:
		return append(dst, ":1\r\n"...)
	default:
		return append(dst, ":0\r\n"...)
	}
}

// AppendBigNumber appends an arbitrary-precision integer given as its
// decimal text: RESP3's "(num\r\n", or a bulk string in RESP2
// (addReplyBigNum). num is written as is.
func AppendBigNumber(dst, num []byte, proto int) []byte {
	if proto >= RESP3 {
		dst = append(dst, '(')
		dst = append(dst, num...)
		return append(dst, '\r', '\n')
	}
	return AppendBulk(dst, num)
}

// AppendVerbatim appends a verbatim string: RESP3's "=len\r\nfmt:s\r\n",
// or a plain bulk string in RESP2 (addReplyVerbatim). format is the
// three-byte type, "txt" or "mkd": longer is cut, shorter padded with
// spaces.
func AppendVerbatim(dst, s []byte, format string, proto int) []byte {
	if proto < RESP3 {
		return AppendBulk(dst, s)
	}
	dst = appendLine(dst, '=', int64(len(s))+4)
	for i := 0; i < 3; i++ {
		c := byte(' ')
		if i < len(format) {
			c = format[i]
		}
		dst = append(dst, c)
	}
	dst = append(dst, ':')
	dst = append(dst, s...)
	return append(dst, '\r', '\n')
}

// AppendHumanDouble appends f formatted by AppendFloatHuman, as a bulk
// string in RESP2 or as a RESP3 double (addReplyHumanLongDouble: GEOPOS
// and the WITHCOORD coordinates of GEORADIUS/GEOSEARCH).
func AppendHumanDouble(dst []byte, f float64, proto int) []byte {
	if proto >= RESP3 {
		dst = append(dst, ',')
		dst = AppendFloatHuman(dst, f)
		return append(dst, '\r', '\n')
	}
	var buf [48]byte
	return AppendBulk(dst, AppendFloatHuman(buf[:0], f))
}
