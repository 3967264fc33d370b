package resp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
)

// Kind is a reply's RESP type, named by its first byte.
type Kind byte

// RESP2 and RESP3 reply types.
const (
	KindSimpleString Kind = '+'
	KindError        Kind = '-'
	KindInteger      Kind = ':'
	KindBulk         Kind = '$'
	KindArray        Kind = '*'
	KindNull         Kind = '_' // RESP3
	KindDouble       Kind = ',' // RESP3
	KindBoolean      Kind = '#' // RESP3
	KindBlobError    Kind = '!' // RESP3
	KindVerbatim     Kind = '=' // RESP3
	KindBigNumber    Kind = '(' // RESP3
	KindMap          Kind = '%' // RESP3
	KindSet          Kind = '~' // RESP3
	KindPush         Kind = '>' // RESP3
	kindAttribute    Kind = '|' // RESP3; becomes Value.Attrs of the next value
)

// MaxReplyDepth bounds the nesting of aggregates (attributes included)
// that ParseReply and ReadReply accept. Redis's deepest replies (COMMAND,
// XINFO STREAM FULL, scripts returning nested tables) stay far below it.
const MaxReplyDepth = 128

// Errors from ParseReply and ReadReply. Malformed input gives an error
// that wraps ErrBadReply; ParseReply also returns ErrIncomplete.
var (
	ErrBadReply      = errors.New("resp: malformed reply")
	ErrReplyTooDeep  = errors.New("resp: reply nested deeper than MaxReplyDepth")
	maxReplyBulkLen  = int64(math.MaxInt32)
	maxReplyElements = int64(math.MaxInt32)
)

// Value is one decoded reply.
type Value struct {
	Kind Kind
	// Str is the payload of simple strings, errors (the line after '-'),
	// bulk strings, blob errors, verbatim strings (after "fmt:"), and the
	// text of big numbers and doubles.
	Str []byte
	// Format is a verbatim string's three-byte format, "txt" or "mkd".
	Format string
	Int    int64   // KindInteger
	Float  float64 // KindDouble
	Bool   bool    // KindBoolean
	// Null is set for RESP3's null (KindNull) and for RESP2's null bulk
	// string and null array (Kind KindBulk or KindArray).
	Null bool
	// Elems are the elements of an array, set or push, or the keys and
	// values of a map, alternating.
	Elems []Value
	// Attrs are the keys and values, alternating, of a RESP3 attribute
	// that preceded this value.
	Attrs []Value
}

// IsError reports whether v is an error reply (simple or blob).
func (v *Value) IsError() bool { return v.Kind == KindError || v.Kind == KindBlobError }

// ParseReply decodes the reply at the start of b and returns it with its
// length. Strings in the Value are sub-slices of b, not copies. If b does
// not hold a whole reply yet it returns ErrIncomplete; malformed input
// gives an error wrapping ErrBadReply, or ErrReplyTooDeep. RESP3's
// streamed strings and aggregates ("$?", "*?") are not supported: Redis
// does not send them.
func ParseReply(b []byte) (v Value, n int, err error) {
	s := byteSource{b: b}
	v, err = decodeReply(&s, 0)
	if err != nil {
		return Value{}, 0, err
	}
	return v, s.pos, nil
}

// ReadReply reads one reply from r, as ParseReply decodes one from bytes.
// Strings in the Value are copies. A reply cut short by the end of r gives
// io.ErrUnexpectedEOF (io.EOF if r was at its end before the reply began).
func ReadReply(r *bufio.Reader) (Value, error) {
	s := readerSource{r: r}
	v, err := decodeReply(&s, 0)
	if err == io.EOF && s.started {
		err = io.ErrUnexpectedEOF
	}
	return v, err
}

type replySource interface {
	// line returns the next line without its CRLF.
	line() ([]byte, error)
	// bulk returns the next n bytes and consumes the CRLF after them.
	bulk(n int) ([]byte, error)
}

func badReply(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBadReply}, args...)...)
}

func decodeReply(s replySource, depth int) (Value, error) {
	if depth > MaxReplyDepth {
		return Value{}, ErrReplyTooDeep
	}
	l, err := s.line()
	if err != nil {
		return Value{}, err
	}
	if len(l) == 0 {
		return Value{}, badReply("empty line")
	}
	v := Value{Kind: Kind(l[0])}
	body := l[1:]
	switch v.Kind {
	case KindSimpleString, KindError:
		v.Str = body
	case KindInteger:
		var ok bool
		if v.Int, ok = ParseInt(body); !ok {
			return Value{}, badReply("integer %q", body)
		}
	case KindNull:
		if len(body) != 0 {
			return Value{}, badReply("null %q", body)
		}
		v.Null = true
	case KindBoolean:
		switch string(body) {
		case "t":
			v.Bool = true
		case "f":
		default:
			return Value{}, badReply("boolean %q", body)
		}
	case KindDouble:
		v.Str = body
		switch string(body) {
		case "nan", "-nan":
			v.Float = math.NaN()
		default:
			var ok bool
			if v.Float, ok = ParseFloat(body); !ok {
				return Value{}, badReply("double %q", body)
			}
		}
	case KindBigNumber:
		d := body
		if len(d) > 0 && (d[0] == '-' || d[0] == '+') {
			d = d[1:]
		}
		if len(d) == 0 || bytes.IndexFunc(d, func(r rune) bool { return r < '0' || r > '9' }) >= 0 {
			return Value{}, badReply("big number %q", body)
		}
		v.Str = body
	case KindBulk, KindBlobError, KindVerbatim:
		n, ok := ParseInt(body)
		if v.Kind == KindBulk && ok && n == -1 {
			v.Null = true
			break
		}
		if !ok || n < 0 || n > maxReplyBulkLen || (v.Kind == KindVerbatim && n < 4) {
			return Value{}, badReply("length %q", body)
		}
		if v.Str, err = s.bulk(int(n)); err != nil {
			return Value{}, err
		}
		if v.Kind == KindVerbatim {
			if v.Str[3] != ':' {
				return Value{}, badReply("verbatim format %q", v.Str[:4])
			}
			v.Format = string(v.Str[:3])
			v.Str = v.Str[4:]
		}
	case KindArray, KindSet, KindPush, KindMap, kindAttribute:
		n, ok := ParseInt(body)
		if v.Kind == KindArray && ok && n == -1 {
			v.Null = true
			break
		}
		if !ok || n < 0 || n > maxReplyElements {
			return Value{}, badReply("aggregate length %q", body)
		}
		if v.Kind == KindMap || v.Kind == kindAttribute {
			n *= 2
		}
		elems := make([]Value, 0, min(n, 1024))
		for i := int64(0); i < n; i++ {
			e, err := decodeReply(s, depth+1)
			if err != nil {
				return Value{}, err
			}
			elems = append(elems, e)
		}
		if v.Kind == kindAttribute {
			next, err := decodeReply(s, depth+1)
			if err != nil {
				return Value{}, err
			}
			next.Attrs = append(elems, next.Attrs...)
			return next, nil
		}
		v.Elems = elems
	default:
		return Value{}, badReply("unknown type byte %q", l[0])
	}
	return v, nil
}

type byteSource struct {
	b   []byte
	pos int
}

func (s *byteSource) line() ([]byte, error) {
	i := bytes.IndexByte(s.b[s.pos:], '\r')
	if i < 0 || s.pos+i+1 >= len(s.b) {
		return nil, ErrIncomplete
	}
	if s.b[s.pos+i+1] != '\n' || bytes.IndexByte(s.b[s.pos:s.pos+i], '\n') >= 0 {
		return nil, badReply("CR not followed by LF, or LF without CR")
	}
	l := s.b[s.pos : s.pos+i : s.pos+i]
	s.pos += i + 2
	return l, nil
}

func (s *byteSource) bulk(n int) ([]byte, error) {
	if len(s.b)-s.pos < n+2 {
		return nil, ErrIncomplete
	}
	e := s.pos + n
	if s.b[e] != '\r' || s.b[e+1] != '\n' {
		return nil, badReply("bulk not followed by CRLF")
	}
	v := s.b[s.pos:e:e]
	s.pos = e + 2
	return v, nil
}

type readerSource struct {
	r       *bufio.Reader
	started bool
}

func (s *readerSource) line() ([]byte, error) {
	l, err := s.r.ReadSlice('\n')
	if err == bufio.ErrBufferFull { // a line longer than the buffer
		l = append([]byte(nil), l...)
		for err == bufio.ErrBufferFull {
			var more []byte
			more, err = s.r.ReadSlice('\n')
			l = append(l, more...)
		}
	}
	if len(l) > 0 {
		s.started = true
	}
	if err != nil {
		if err == io.EOF && len(l) > 0 {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if len(l) < 2 || l[len(l)-2] != '\r' || bytes.IndexByte(l[:len(l)-2], '\r') >= 0 {
		return nil, badReply("CR not followed by LF, or LF without CR")
	}
	return bytes.Clone(l[:len(l)-2]), nil
}

func (s *readerSource) bulk(n int) ([]byte, error) {
	// Grow as the bytes come, so that a bogus length does not allocate
	// gigabytes up front.
	const chunk = 1 << 20
	buf := make([]byte, 0, min(n+2, chunk))
	for len(buf) < n+2 {
		k := min(n+2-len(buf), chunk)
		buf = slices.Grow(buf, k)
		m, err := io.ReadFull(s.r, buf[len(buf):len(buf)+k])
		buf = buf[:len(buf)+m]
		if err != nil {
			if err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return nil, err
		}
	}
	if buf[n] != '\r' || buf[n+1] != '\n' {
		return nil, badReply("bulk not followed by CRLF")
	}
	return buf[:n:n], nil
}
