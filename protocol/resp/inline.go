package resp

// isSpace is C's isspace in the "C" locale.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

func isHexDigit(c byte) bool {
	return ('0' <= c && c <= '9') || ('a' <= c && c <= 'f') || ('A' <= c && c <= 'F')
}

func hexValue(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c <= 'F':
		return c - 'A' + 10
	default:
		return c - 'a' + 10
	}
}

// SplitArgs splits line the way Redis's sdssplitargs does, as for an
// inline command: the rules of redis.conf lines and of redis-cli input too.
// A NUL byte ends the line, as in C. Unquoted arguments share line's
// memory. It reports false for unbalanced quotes, or a closing quote
// followed by something else than a blank.
func SplitArgs(line []byte) ([][]byte, bool) {
	for i, c := range line {
		if c == 0 {
			line = line[:i]
			break
		}
	}
	var p Parser
	return p.splitArgs(line)
}

// splitArgs splits an inline command line the way Redis's sdssplitargs
// does, into p.args. line holds no '\n' and no NUL (findLineEnd stops at
// both). Arguments without quotes are sub-slices of line; the others are
// unquoted into p.unq, which is sized first so that it never moves while
// the line is split (unquoting only shrinks). It reports false for
// unbalanced quotes, or a closing quote followed by something else than a
// space.
//
// The rules, from sds.c: blanks (isspace) separate arguments; inside an
// argument only ' ', '\t', '\r' (and the end) end it, so "a\vb" is one
// argument. "..." may hold \xHH, \n, \r, \t, \b, \a and \<any byte>;
// '...' only \'. A quoted part may follow unquoted bytes (a"b c" is "ab c")
// but nothing may follow the closing quote except blanks or the end.
func (p *Parser) splitArgs(line []byte) ([][]byte, bool) {
	p.args = p.args[:0]
	if cap(p.unq) < len(line) {
		p.unq = make([]byte, 0, len(line))
	}
	unq := p.unq[:0]
	i := 0
	for {
		for i < len(line) && isSpace(line[i]) {
			i++
		}
		if i == len(line) {
			return p.args, true
		}
		// Fast path: an argument with no quotes is a sub-slice of line.
		start := i
		for i < len(line) {
			c := line[i]
			if c == ' ' || c == '\t' || c == '\r' || c == '"' || c == '\'' {
				break
			}
			i++
		}
		if i == len(line) || line[i] == ' ' || line[i] == '\t' || line[i] == '\r' {
			p.args = append(p.args, line[start:i:i])
			if i < len(line) {
				i++
			}
			continue
		}
		// Slow path: copy the unquoted prefix, then unquote.
		from := len(unq)
		unq = append(unq, line[start:i]...)
		var ok bool
		unq, i, ok = unquoteArg(unq, line, i)
		if !ok {
			return nil, false
		}
		to := len(unq)
		p.args = append(p.args, unq[from:to:to])
	}
}

// unquoteArg continues an argument at line[i], which is a quote, appending
// its bytes to dst. It returns the index just past the argument (and past
// the blank that ended it, as sdssplitargs does).
func unquoteArg(dst, line []byte, i int) ([]byte, int, bool) {
	inq, insq := false, false
	for {
		switch {
		case inq:
			if i >= len(line) {
				return dst, i, false // unterminated quotes
			}
			c := line[i]
			switch {
			case c == '\\' && i+3 < len(line) && line[i+1] == 'x' && isHexDigit(line[i+2]) && isHexDigit(line[i+3]):
				dst = append(dst, hexValue(line[i+2])<<4|hexValue(line[i+3]))
				i += 4
			case c == '\\' && i+1 < len(line):
				switch e := line[i+1]; e {
				case 'n':
					dst = append(dst, '\n')
				case 'r':
					dst = append(dst, '\r')
				case 't':
					dst = append(dst, '\t')
				case 'b':
					dst = append(dst, '\b')
				case 'a':
					dst = append(dst, '\a')
				default:
					dst = append(dst, e)
				}
				i += 2
			case c == '"':
				// The closing quote must be followed by a blank or nothing.
				if i+1 < len(line) && !isSpace(line[i+1]) {
					return dst, i, false
				}
				return dst, i + 1, true
			default:
				dst = append(dst, c)
				i++
			}
		case insq:
			if i >= len(line) {
				return dst, i, false
			}
			c := line[i]
			switch {
			case c == '\\' && i+1 < len(line) && line[i+1] == '\'':
				dst = append(dst, '\'')
				i += 2
			case c == '\'':
				if i+1 < len(line) && !isSpace(line[i+1]) {
					return dst, i, false
				}
				return dst, i + 1, true
			default:
				dst = append(dst, c)
				i++
			}
		default:
			if i >= len(line) {
				return dst, i, true
			}
			switch c := line[i]; c {
			case ' ', '\n', '\r', '\t':
				return dst, i + 1, true
			case '"':
				inq = true
			case '\'':
				insq = true
			default:
				dst = append(dst, c)
			}
			i++
		}
	}
}
