package bench

import (
	"bytes"
	"errors"
	"strconv"
)

// Reply is what a decoder learnt from one reply. Hits and Misses count keys
// found and not found by a retrieval (a multi-get of N keys adds up to N);
// for other commands a decoder still sets them where the reply says "found"
// or "not found" (INCR's number, NOT_FOUND), and the caller decides whether
// they count towards the hit ratio.
type Reply struct {
	Hits   int
	Misses int
	Err    bool // the server answered with an error (ERROR, CLIENT_ERROR, SERVER_ERROR, -ERR…)
}

var (
	// ErrIncomplete means the buffer does not yet hold a whole reply; read
	// more and call the decoder again with the same start. Nothing was consumed.
	ErrIncomplete = errors.New("bench: incomplete reply")
	// ErrMalformed means the bytes are not a valid reply of the protocol; the
	// connection can't be resynchronised and should be closed.
	ErrMalformed = errors.New("bench: malformed reply")
)

// maxReply bounds a single value the decoders are willing to wait for.
const maxReply = 256 << 20

// line returns the length of the line at the start of b without its "\r\n"
// and the number of bytes including it, or ErrIncomplete.
func line(b []byte) (content, total int, err error) {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return 0, 0, ErrIncomplete
	}
	if i == 0 || b[i-1] != '\r' {
		return 0, 0, ErrMalformed
	}
	return i - 1, i + 1, nil
}

// parseUint parses a non-empty run of decimal digits.
func parseUint(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 18 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// parseInt parses an optionally negative decimal integer.
func parseInt(b []byte) (int, bool) {
	if len(b) > 0 && b[0] == '-' {
		n, ok := parseUint(b[1:])
		return -n, ok
	}
	return parseUint(b)
}

// field returns the i-th space-separated token of l (0-based), or nil.
func field(l []byte, i int) []byte {
	for {
		for len(l) > 0 && l[0] == ' ' {
			l = l[1:]
		}
		if len(l) == 0 {
			return nil
		}
		end := bytes.IndexByte(l, ' ')
		if end < 0 {
			end = len(l)
		}
		if i == 0 {
			return l[:end]
		}
		i--
		l = l[end:]
	}
}

// isErrorLine reports whether a memcached reply line is an error.
func isErrorLine(l []byte) bool {
	return bytes.Equal(l, []byte("ERROR")) || bytes.HasPrefix(l, []byte("ERROR ")) ||
		bytes.HasPrefix(l, []byte("CLIENT_ERROR")) || bytes.HasPrefix(l, []byte("SERVER_ERROR"))
}

// appendUint appends the decimal form of n.
func appendUint(dst []byte, n uint64) []byte { return strconv.AppendUint(dst, n, 10) }
