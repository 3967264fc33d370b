package redisext

// Match reports whether s matches the glob pattern the way Redis's
// stringmatchlen does (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET):
//
//   - '*' matches any run of bytes, '?' any one byte;
//   - "[abc]", "[^abc]" (negated), "[a-z]" (a range, either way round:
//     "[z-a]" is the same; bounds compare as C's signed char, so a range
//     with a byte >= 0x80 runs through the negative values), "\x" inside a
//     set is a literal x; an unterminated set runs to the end of the
//     pattern ("[^" matches any byte, "[" matches nothing, "[a-]" is the
//     range a..']');
//   - '\' escapes the next byte (a trailing '\' is a literal backslash);
//   - nocase folds ASCII letters only (set escapes compare exactly, as in
//     Redis).
//
// Its quirks are Redis's: an empty s matches only an empty pattern (so "*"
// does not match ""; KEYS and SCAN treat a lone "*" as "everything"
// before calling it), and once the rest of a pattern after a '*' has failed
// at every position, outer '*'s give up at once (Redis's skipLongerMatches),
// which keeps patterns like "a*a*a*a*b" from taking exponential time.
func Match(pattern, s []byte, nocase bool) bool {
	skip := false
	return match(pattern, s, nocase, &skip)
}

// at is pattern[i] as C reads it: a NUL past the end (Redis's strings are
// NUL-terminated and stringmatchlen peeks one byte beyond in places).
func at(b []byte, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 0
}

// clower is glibc's tolower in the "C" locale on a char value: ASCII
// letters fold, and a negative (signed char) value comes back as its
// unsigned byte, so a nocase range over bytes >= 0x80 differs from the
// case-sensitive one, as in Redis.
func clower(c int) int {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	if c < 0 {
		return c + 256
	}
	return c
}

func match(pat, str []byte, nocase bool, skipLonger *bool) bool {
	pi, si := 0, 0
	for pi < len(pat) && si < len(str) {
		switch pat[pi] {
		case '*':
			for at(pat, pi+1) == '*' {
				pi++
			}
			if len(pat)-pi == 1 {
				return true
			}
			for si < len(str) {
				if match(pat[pi+1:], str[si:], nocase, skipLonger) {
					return true
				}
				if *skipLonger {
					return false
				}
				si++
			}
			*skipLonger = true
			return false
		case '?':
			si++
		case '[':
			pi++
			not := at(pat, pi) == '^'
			if not {
				pi++
			}
			matched := false
			for {
				if at(pat, pi) == '\\' && len(pat)-pi >= 2 {
					pi++
					if pat[pi] == str[si] {
						matched = true
					}
				} else if at(pat, pi) == ']' {
					break
				} else if pi >= len(pat) {
					pi--
					break
				} else if len(pat)-pi >= 3 && pat[pi+1] == '-' {
					start, end := int(int8(pat[pi])), int(int8(pat[pi+2]))
					c := int(int8(str[si]))
					if start > end {
						start, end = end, start
					}
					if nocase {
						start, end, c = clower(start), clower(end), clower(c)
					}
					pi += 2
					if c >= start && c <= end {
						matched = true
					}
				} else if nocase {
					if clower(int(pat[pi])) == clower(int(str[si])) {
						matched = true
					}
				} else if pat[pi] == str[si] {
					matched = true
				}
				pi++
			}
			if not {
				matched = !matched
			}
			if !matched {
				return false
			}
			si++
		case '\\':
			if len(pat)-pi >= 2 {
				pi++
			}
			fallthrough
		default:
			if nocase {
				if clower(int(pat[pi])) != clower(int(str[si])) {
					return false
				}
			} else if pat[pi] != str[si] {
				return false
			}
			si++
		}
		pi++
		if si == len(str) {
			for at(pat, pi) == '*' {
				pi++
			}
			break
		}
	}
	return pi == len(pat) && si == len(str)
}
