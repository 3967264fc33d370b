package bench

import "bytes"

// Memcached text protocol (doc/protocol.txt "Commands").

// AppendMCGet appends "get <keys…>\r\n"; one key is a plain get, more are a
// multi-get answered with one VALUE block per hit and a single END.
func AppendMCGet(dst []byte, keys ...[]byte) []byte {
	dst = append(dst, "get"...)
	for _, k := range keys {
		dst = append(dst, ' ')
		dst = append(dst, k...)
	}
	return append(dst, "\r\n"...)
}

// AppendMCSet appends "set <key> <flags> <exptime> <bytes>\r\n<value>\r\n".
func AppendMCSet(dst, key []byte, flags uint32, exptime int64, value []byte) []byte {
	dst = append(dst, "set "...)
	dst = append(dst, key...)
	dst = append(dst, ' ')
	dst = appendUint(dst, uint64(flags))
	dst = append(dst, ' ')
	if exptime < 0 {
		dst = append(dst, '-')
		exptime = -exptime
	}
	dst = appendUint(dst, uint64(exptime))
	dst = append(dst, ' ')
	dst = appendUint(dst, uint64(len(value)))
	dst = append(dst, "\r\n"...)
	dst = append(dst, value...)
	return append(dst, "\r\n"...)
}

// AppendMCIncr appends "incr <key> <delta>\r\n".
func AppendMCIncr(dst, key []byte, delta uint64) []byte {
	dst = append(dst, "incr "...)
	dst = append(dst, key...)
	dst = append(dst, ' ')
	dst = appendUint(dst, delta)
	return append(dst, "\r\n"...)
}

// ParseMCText decodes one text-protocol reply from the start of b and returns
// its length. keys is the number of keys the command asked for (for a get);
// a retrieval's END turns every key without a VALUE block into a miss. A
// NOT_FOUND counts as one miss and a bare number (incr/decr) as one hit. It
// never keeps or modifies b.
func ParseMCText(b []byte, keys int) (n int, r Reply, err error) {
	for {
		l, total, err := line(b[n:])
		if err != nil {
			return 0, Reply{}, err
		}
		ln := b[n : n+l]
		if bytes.HasPrefix(ln, []byte("VALUE ")) {
			// VALUE <key> <flags> <bytes> [<cas unique>]
			size, ok := parseUint(field(ln, 3))
			if !ok || size > maxReply {
				return 0, Reply{}, ErrMalformed
			}
			end := n + total + size + 2
			if end > len(b) {
				return 0, Reply{}, ErrIncomplete
			}
			if b[end-2] != '\r' || b[end-1] != '\n' {
				return 0, Reply{}, ErrMalformed
			}
			r.Hits++
			n = end
			continue
		}
		n += total
		switch {
		case bytes.Equal(ln, []byte("END")):
			if m := keys - r.Hits; m > 0 {
				r.Misses = m
			}
			return n, r, nil
		case r.Hits > 0:
			return 0, Reply{}, ErrMalformed // only END may follow VALUE blocks
		case isErrorLine(ln):
			r.Err = true
		case bytes.Equal(ln, []byte("NOT_FOUND")):
			r.Misses = 1
		default:
			if _, ok := parseUint(ln); ok {
				r.Hits = 1
			} else if len(ln) == 0 {
				return 0, Reply{}, ErrMalformed
			}
			// STORED, NOT_STORED, EXISTS, DELETED, TOUCHED, OK…
		}
		return n, r, nil
	}
}

// Memcached meta protocol (doc/protocol.txt "Meta Commands").

// AppendMetaGet appends "mg <key> v\r\n": fetch the value.
func AppendMetaGet(dst, key []byte) []byte {
	dst = append(dst, "mg "...)
	dst = append(dst, key...)
	return append(dst, " v\r\n"...)
}

// AppendMetaSet appends "ms <key> <datalen>\r\n<value>\r\n".
func AppendMetaSet(dst, key, value []byte) []byte {
	dst = append(dst, "ms "...)
	dst = append(dst, key...)
	dst = append(dst, ' ')
	dst = appendUint(dst, uint64(len(value)))
	dst = append(dst, "\r\n"...)
	dst = append(dst, value...)
	return append(dst, "\r\n"...)
}

// AppendMetaArith appends "ma <key>\r\n": increment by one (HD, or NF when
// the key is missing).
func AppendMetaArith(dst, key []byte) []byte {
	dst = append(dst, "ma "...)
	dst = append(dst, key...)
	return append(dst, "\r\n"...)
}

// ParseMeta decodes one meta-protocol reply from the start of b and returns
// its length: VA (with its data block) is a hit, EN and NF are misses, HD, NS,
// EX and MN are plain status replies, and ERROR, CLIENT_ERROR and
// SERVER_ERROR are errors. It never keeps or modifies b.
func ParseMeta(b []byte) (n int, r Reply, err error) {
	l, total, err := line(b)
	if err != nil {
		return 0, Reply{}, err
	}
	ln := b[:l]
	if len(ln) < 2 {
		return 0, Reply{}, ErrMalformed
	}
	if len(ln) > 2 && ln[2] != ' ' && !isErrorLine(ln) {
		return 0, Reply{}, ErrMalformed
	}
	switch string(ln[:2]) { // no allocation: the compiler compares in place
	case "VA":
		size, ok := parseUint(field(ln, 1))
		if !ok || size > maxReply {
			return 0, Reply{}, ErrMalformed
		}
		end := total + size + 2
		if end > len(b) {
			return 0, Reply{}, ErrIncomplete
		}
		if b[end-2] != '\r' || b[end-1] != '\n' {
			return 0, Reply{}, ErrMalformed
		}
		return end, Reply{Hits: 1}, nil
	case "EN", "NF":
		return total, Reply{Misses: 1}, nil
	case "HD", "NS", "EX", "MN":
		return total, Reply{}, nil
	}
	if isErrorLine(ln) {
		return total, Reply{Err: true}, nil
	}
	return 0, Reply{}, ErrMalformed
}
