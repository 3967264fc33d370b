package bench

// RESP2 (https://redis.io/docs/latest/develop/reference/protocol-spec/).

// AppendRESPArray appends an array header "*<n>\r\n"; follow it with n bulks.
func AppendRESPArray(dst []byte, n int) []byte {
	dst = append(dst, '*')
	dst = appendUint(dst, uint64(n))
	return append(dst, "\r\n"...)
}

// AppendRESPBulk appends a bulk string "$<len>\r\n<b>\r\n".
func AppendRESPBulk(dst, b []byte) []byte {
	dst = append(dst, '$')
	dst = appendUint(dst, uint64(len(b)))
	dst = append(dst, "\r\n"...)
	dst = append(dst, b...)
	return append(dst, "\r\n"...)
}

// AppendRESPBulkString is AppendRESPBulk for a string (a constant command
// name, say), without converting it to []byte.
func AppendRESPBulkString(dst []byte, s string) []byte {
	dst = append(dst, '$')
	dst = appendUint(dst, uint64(len(s)))
	dst = append(dst, "\r\n"...)
	dst = append(dst, s...)
	return append(dst, "\r\n"...)
}

// AppendRESPCommand appends a command as an array of bulk strings: the name
// and then args. Passing a reused args slice with args... does not allocate.
func AppendRESPCommand(dst []byte, name string, args ...[]byte) []byte {
	dst = AppendRESPArray(dst, 1+len(args))
	dst = AppendRESPBulkString(dst, name)
	for _, a := range args {
		dst = AppendRESPBulk(dst, a)
	}
	return dst
}

// maxRESPDepth bounds nested arrays; no command the bench sends nests deeper.
const maxRESPDepth = 8

// ParseRESP decodes one RESP2 reply from the start of b and returns its
// length. A non-null bulk string is a hit and a null bulk ($-1) a miss, also as
// the elements of a top-level array (MGET); an error (-…) sets Err. Integers and
// simple strings are neither. RESP3 nulls (_) are accepted as misses. It never
// keeps or modifies b.
func ParseRESP(b []byte) (n int, r Reply, err error) {
	n, err = parseRESPValue(b, 0, &r)
	if err != nil {
		return 0, Reply{}, err
	}
	return n, r, nil
}

func parseRESPValue(b []byte, depth int, r *Reply) (int, error) {
	l, total, err := line(b)
	if err != nil {
		return 0, err
	}
	if l == 0 {
		return 0, ErrMalformed
	}
	switch b[0] {
	case '+':
		return total, nil
	case '-':
		if depth == 0 {
			r.Err = true
		}
		return total, nil
	case ':':
		if _, ok := parseInt(b[1:l]); !ok {
			return 0, ErrMalformed
		}
		return total, nil
	case '_':
		r.Misses++
		return total, nil
	case '$':
		size, ok := parseInt(b[1:l])
		if !ok || size < -1 || size > maxReply {
			return 0, ErrMalformed
		}
		if size == -1 {
			r.Misses++
			return total, nil
		}
		end := total + size + 2
		if end > len(b) {
			return 0, ErrIncomplete
		}
		if b[end-2] != '\r' || b[end-1] != '\n' {
			return 0, ErrMalformed
		}
		r.Hits++
		return end, nil
	case '*':
		count, ok := parseInt(b[1:l])
		if !ok || count < -1 || count > maxReply {
			return 0, ErrMalformed
		}
		if count == -1 {
			r.Misses++
			return total, nil
		}
		if depth >= maxRESPDepth {
			return 0, ErrMalformed
		}
		n := total
		var inner Reply
		for range count {
			m, err := parseRESPValue(b[n:], depth+1, &inner)
			if err != nil {
				return 0, err
			}
			n += m
		}
		if depth == 0 {
			r.Hits += inner.Hits
			r.Misses += inner.Misses
		}
		return n, nil
	}
	return 0, ErrMalformed
}
