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

// peekInt reads the length at b[pos:] up to its CR, as the parser does
// (findLineEnd, ParseInt), and returns it and the position after the CRLF.
func peekInt(b []byte, pos int) (v, next int, ok bool) {
	cr := findLineEnd(b, pos, '\r')
	if cr < 0 || cr+2 > len(b) {
		return 0, 0, false
	}
	n, ok := ParseInt(b[pos:cr])
	if !ok || n < 0 || n > int64(len(b)) {
		return 0, 0, false
	}
	return int(n), cr + 2, true
}
