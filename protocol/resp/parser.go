package resp

import (
	"bytes"
	"errors"
	"math"
)

// Limits, as in Redis 7.0 (server.h, networking.c).
const (
	// DefaultMaxBulkLen is proto-max-bulk-len's default: the longest bulk
	// argument a request may carry unless Parser.MaxBulkLen says otherwise.
	DefaultMaxBulkLen = 512 << 20

	// MaxInlineSize is PROTO_INLINE_MAX_SIZE: an inline command line, and the
	// "*<count>" and "$<len>" lines of a multibulk request, must end (with
	// '\n', respectively '\r') within this many bytes of their start.
	MaxInlineSize = 64 << 10

	// MaxMultibulkLen is the largest argument count a "*<count>" line may
	// announce (Redis 7.0 checks against INT_MAX; 1024*1024 was Redis < 6).
	MaxMultibulkLen = math.MaxInt32

	// UnauthMaxMultibulkLen and UnauthMaxBulkLen are the tighter limits
	// Redis applies while a connection still has to authenticate
	// (Parser.RequireAuth).
	UnauthMaxMultibulkLen = 10
	UnauthMaxBulkLen      = 16384
)

// ErrIncomplete is returned by Parser.Next when b does not hold a whole
// command yet. Nothing is consumed: call Next again with the same bytes plus
// whatever arrived since. Parser.Need tells how much is needed at least.
var ErrIncomplete = errors.New("resp: incomplete command")

// Error is a protocol error in a request. Redis replies with Reply and then
// closes the connection (Close is true for every error Next returns).
// Errors are shared, read-only values: do not modify Reply.
type Error struct {
	Msg   string // the error line without "-" and CRLF: "ERR Protocol error: ..."
	Reply []byte // the exact reply bytes: "-" + Msg + "\r\n"
	Close bool   // close the connection once Reply is written
}

func (e *Error) Error() string { return e.Msg }

func protoError(what string) *Error {
	msg := "ERR Protocol error: " + what
	return &Error{Msg: msg, Reply: []byte("-" + msg + "\r\n"), Close: true}
}

// The protocol errors Next returns, with Redis 7.0.15's exact wording.
// "expected '$', got 'X'" depends on the byte and is built when it happens
// (see ExpectedDollarError).
var (
	ErrInvalidMultibulkLength = protoError("invalid multibulk length")
	ErrInvalidBulkLength      = protoError("invalid bulk length")
	ErrUnbalancedQuotes       = protoError("unbalanced quotes in request")
	ErrTooBigInline           = protoError("too big inline request")
	ErrTooBigMultibulkCount   = protoError("too big mbulk count string")
	ErrTooBigBulkCount        = protoError("too big bulk count string")
	ErrUnauthMultibulkLength  = protoError("unauthenticated multibulk length")
	ErrUnauthBulkLength       = protoError("unauthenticated bulk length")
)

// ExpectedDollarError is the error for a multibulk element whose header line
// starts with c instead of '$'. Like Redis (addReplyErrorFormat), a CR or LF
// is shown as a space; any other byte is shown as is.
func ExpectedDollarError(c byte) *Error {
	if c == '\r' || c == '\n' {
		c = ' '
	}
	return protoError("expected '$', got '" + string([]byte{c}) + "'")
}

// Request is one parsed command.
type Request struct {
	// Args are the command name and its arguments. Each is a sub-slice of
	// the b given to Next or, for an inline argument written with quotes or
	// escapes, of the Parser's scratch buffer; the slice itself is the
	// Parser's too. All of it is valid until the next call to Next on the
	// same Parser or until b is modified or released, whichever comes first:
	// copy what must outlive the command. Each element's capacity is its
	// length, so appending to one copies instead of overwriting b.
	Args [][]byte
	// Inline reports that the command came as an inline line rather than as
	// a multibulk array.
	Inline bool
}

// Parser splits a client's byte stream into commands the way Redis 7.0's
// processInputBuffer does: multibulk requests ("*<n>\r\n$<len>\r\n...")
// when the first byte is '*', inline commands (a line split like
// sdssplitargs) otherwise. Anything else a client sends, RESP3 type bytes
// included, is read as an inline command, as Redis does.
//
// A Parser belongs to one connection and is not safe for concurrent use.
// The zero value is ready to use. Next does no I/O and never keeps b; it
// remembers, between an ErrIncomplete and the next call, how far it got in
// b (offsets, not pointers), so a large frame arriving in many pieces is
// parsed in linear time. Call Reset before giving a Parser bytes that do not
// continue the ones it last saw (a new connection).
type Parser struct {
	// MaxBulkLen is proto-max-bulk-len: the longest bulk argument accepted;
	// 0 means DefaultMaxBulkLen. Longer ones get ErrInvalidBulkLength.
	MaxBulkLen int64
	// RequireAuth applies Redis's limits for connections that have not
	// authenticated yet: at most UnauthMaxMultibulkLen arguments and
	// UnauthMaxBulkLen bytes per argument.
	RequireAuth bool

	args  [][]byte // reused for Request.Args
	unq   []byte   // scratch for inline arguments with quotes or escapes
	spans []span   // offsets of the args of a multibulk frame in progress

	// What the last ErrIncomplete left to resume from.
	pending bool
	skip    int // empty commands ("*0", blank lines) at the start of b
	seen    int // len(b) then
	mbPos   int // when mbLeft > 0: offset of the next "$<len>" line
	mbLeft  int // elements of the frame at skip still to read
	need    int
}

type span struct{ off, n int }

// Result of the frame parsers.
const (
	frameOK         = iota // a command is in req
	frameEmpty             // nothing to run ("*0", "*-1", blank line): skip it
	frameIncomplete        // wait for more bytes
	frameError             // protocol error
)

// Reset forgets any partially parsed frame. The settings (MaxBulkLen,
// RequireAuth) and the scratch buffers are kept.
func (p *Parser) Reset() {
	p.pending = false
	p.skip, p.seen, p.mbPos, p.mbLeft, p.need = 0, 0, 0, 0, 0
	p.spans = p.spans[:0]
}

// Need returns, after Next returned ErrIncomplete, a lower bound on the
// length b must reach before Next can return anything else: when a bulk
// argument's length is known, the offset just past it and its CRLF (so a
// server can compare a 512 MB announcement with its query buffer limit
// before buffering it); otherwise len(b)+1. It counts from the start of the
// b given to Next.
func (p *Parser) Need() int { return p.need }

func (p *Parser) maxBulk() int64 {
	if p.MaxBulkLen > 0 {
		return p.MaxBulkLen
	}
	return DefaultMaxBulkLen
}

// Next parses the first command in b into req and returns how many bytes
// it used. Empty commands ("*0\r\n", "*-1\r\n", blank inline lines) are
// skipped, as Redis skips them, and counted in n.
//
// If b holds no whole command, Next returns 0, ErrIncomplete. On a protocol
// error it returns 0 and an *Error, whose Reply the server should write
// before closing the connection; commands before the bad one were returned
// by earlier calls and should be run first, as Redis does.
//
// Next allocates nothing once its scratch buffers have grown to the
// connection's largest command.
func (p *Parser) Next(b []byte, req *Request) (n int, err error) {
	pos := 0
	resume := false
	if p.pending {
		p.pending = false
		if len(b) >= p.seen && p.skip <= len(b) {
			pos = p.skip
			resume = p.mbLeft > 0 && pos < len(b) && b[pos] == '*'
		}
	}
	if !resume {
		p.mbLeft = 0
	}
	for {
		if pos >= len(b) {
			return p.incomplete(b, pos, len(b)+1)
		}
		var end, st int
		if b[pos] == '*' {
			end, st, err = p.multibulk(b, pos, resume, req)
		} else {
			end, st, err = p.inline(b, pos, req)
		}
		resume = false
		switch st {
		case frameOK:
			return end, nil
		case frameEmpty:
			pos = end
		case frameIncomplete:
			return p.incomplete(b, pos, end)
		default:
			return 0, err
		}
	}
}

// incomplete records where to resume: the frame at pos, and inside it
// p.mbPos and p.mbLeft when multibulk set them (p.mbLeft is 0 otherwise).
func (p *Parser) incomplete(b []byte, pos, need int) (int, error) {
	p.pending = true
	p.skip = pos
	p.seen = len(b)
	p.need = need
	return 0, ErrIncomplete
}

// findLineEnd returns the index of the first sep in b[start:], searching at
// most MaxInlineSize+1 bytes and, like strchr on Redis's NUL-terminated
// query buffer, not past a NUL byte. It returns -1 if there is none.
func findLineEnd(b []byte, start int, sep byte) int {
	w := b[start:]
	if len(w) > MaxInlineSize+1 {
		w = w[:MaxInlineSize+1]
	}
	i := bytes.IndexByte(w, sep)
	if i < 0 || bytes.IndexByte(w[:i], 0) >= 0 {
		return -1
	}
	return start + i
}

// multibulk parses the "*<count>\r\n" frame at b[start:] (processMultibulkBuffer).
// With resume, the count line and the elements before p.mbPos were parsed by
// an earlier call, and their offsets are in p.spans.
func (p *Parser) multibulk(b []byte, start int, resume bool, req *Request) (end, st int, err error) {
	var pos, left int
	if resume {
		pos, left = p.mbPos, p.mbLeft
	} else {
		p.spans = p.spans[:0]
		cr := findLineEnd(b, start, '\r')
		if cr < 0 {
			if len(b)-start > MaxInlineSize {
				return 0, frameError, ErrTooBigMultibulkCount
			}
			return len(b) + 1, frameIncomplete, nil
		}
		if cr+2 > len(b) { // Redis wants one more byte (the '\n', unchecked)
			return len(b) + 1, frameIncomplete, nil
		}
		count, ok := ParseInt(b[start+1 : cr])
		if !ok || count > MaxMultibulkLen {
			return 0, frameError, ErrInvalidMultibulkLength
		}
		if count > UnauthMaxMultibulkLen && p.RequireAuth {
			return 0, frameError, ErrUnauthMultibulkLength
		}
		if count <= 0 {
			return cr + 2, frameEmpty, nil
		}
		pos, left = cr+2, int(count)
		p.args = p.args[:0]
	}
	maxBulk := p.maxBulk()
	for left > 0 {
		cr := findLineEnd(b, pos, '\r')
		if cr < 0 {
			if len(b)-pos > MaxInlineSize {
				return 0, frameError, ErrTooBigBulkCount
			}
			return p.mbIncomplete(b, start, pos, left, resume, len(b)+1)
		}
		if cr+2 > len(b) {
			return p.mbIncomplete(b, start, pos, left, resume, len(b)+1)
		}
		if b[pos] != '$' {
			return 0, frameError, ExpectedDollarError(b[pos])
		}
		n, ok := ParseInt(b[pos+1 : cr])
		if !ok || n < 0 || n > maxBulk {
			return 0, frameError, ErrInvalidBulkLength
		}
		if n > UnauthMaxBulkLen && p.RequireAuth {
			return 0, frameError, ErrUnauthBulkLength
		}
		data := cr + 2
		if int64(len(b)-data) < n+2 { // the two bytes after it are not checked, as in Redis
			return p.mbIncomplete(b, start, pos, left, resume, data+int(n)+2)
		}
		e := data + int(n)
		if resume {
			p.spans = append(p.spans, span{data, int(n)})
		} else {
			p.args = append(p.args, b[data:e:e])
		}
		pos = e + 2
		left--
	}
	if resume {
		p.args = p.args[:0]
		for _, s := range p.spans {
			e := s.off + s.n
			p.args = append(p.args, b[s.off:e:e])
		}
		p.spans = p.spans[:0]
		p.mbLeft = 0
	}
	req.Args = p.args
	req.Inline = false
	return pos, frameOK, nil
}

// mbIncomplete saves the state of a multibulk frame that stops at pos with
// left elements to go. The first time, it turns the args parsed so far
// into offsets by walking their (already checked) headers again.
func (p *Parser) mbIncomplete(b []byte, start, pos, left int, resume bool, need int) (int, int, error) {
	if !resume {
		p.spans = p.spans[:0]
		q := bytes.IndexByte(b[start:], '\r') + start + 2
		for _, a := range p.args {
			q = bytes.IndexByte(b[q:], '\r') + q + 2
			p.spans = append(p.spans, span{q, len(a)})
			q += len(a) + 2
		}
	}
	p.mbPos, p.mbLeft = pos, left
	return need, frameIncomplete, nil
}

// inline parses the inline command line at b[start:] (processInlineBuffer).
func (p *Parser) inline(b []byte, start int, req *Request) (end, st int, err error) {
	nl := findLineEnd(b, start, '\n')
	if nl < 0 {
		if len(b)-start > MaxInlineSize {
			return 0, frameError, ErrTooBigInline
		}
		return len(b) + 1, frameIncomplete, nil
	}
	lineEnd := nl
	if nl > start && b[nl-1] == '\r' {
		lineEnd--
	}
	args, ok := p.splitArgs(b[start:lineEnd])
	if !ok {
		return 0, frameError, ErrUnbalancedQuotes
	}
	if len(args) == 0 {
		return nl + 1, frameEmpty, nil
	}
	req.Args = args
	req.Inline = true
	return nl + 1, frameOK, nil
}
