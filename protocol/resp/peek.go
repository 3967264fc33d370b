package resp

// PeekKey looks at the command at the start of b without parsing it for
// execution, to find the key early (a prefetch hint): it returns the
// command's second argument, the first key of most commands (nil when it
// has fewer than two arguments), and the command's length n. n is 0 when b
// does not start with a whole multibulk command: an inline command, a part
// of one, or anything malformed (the Parser says what is wrong). It never
// allocates.
func PeekKey(b []byte) (key []byte, n int) {
	if len(b) < 4 || b[0] != '*' {
		return nil, 0
	}
	argc, pos, ok := peekInt(b, 1)
	if !ok || argc <= 0 {
		return nil, 0
	}
	for i := 0; i < argc; i++ {
		if pos >= len(b) || b[pos] != '$' {
			return nil, 0
		}
		l, p, ok := peekInt(b, pos+1)
		if !ok || l > len(b)-p-2 {
			return nil, 0
		}
		if i == 1 {
			key = b[p : p+l]
		}
		pos = p + l + 2
	}
	return key, pos
}

// peekInt reads a non-negative decimal ending in CRLF at b[pos:], and
// returns it and the position after the CRLF.
func peekInt(b []byte, pos int) (v, next int, ok bool) {
	start := pos
	for pos < len(b) && b[pos] >= '0' && b[pos] <= '9' {
		if pos-start >= 12 {
			return 0, 0, false
		}
		v = v*10 + int(b[pos]-'0')
		pos++
	}
	if pos == start || pos+1 >= len(b) || b[pos] != '\r' || b[pos+1] != '\n' {
		return 0, 0, false
	}
	return v, pos + 2, true
}
