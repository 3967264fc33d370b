package memcache

import (
	"bytes"
	"errors"
	"math"
	"strings"
)

// ErrIncomplete is returned by Parser.Next when b does not yet hold a whole
// command: the command line, or for storage commands the line plus its
// <bytes> data and "\r\n". Nothing is consumed; call again with more bytes.
var ErrIncomplete = errors.New("memcache: incomplete command")

// Limits, as in memcached 1.6.
const (
	// MaxKeyLen is memcached's KEY_MAX_LENGTH.
	MaxKeyLen = 250
	// MaxLineLen: a command line with more than this many bytes before its
	// "\n" closes the connection without a reply unless it is a get or gets
	// (after at most 100 leading spaces), whose key lists are unbounded.
	MaxLineLen = 2048
	// maxTokens is mcmc's MCMC_PARSER_MAX_TOKENS-1: tokens after the 23rd
	// are ignored (get key lists are scanned separately and are unbounded).
	maxTokens = 23
	// ItemHeaderSize is sizeof(item) in a 64-bit memcached build.
	ItemHeaderSize = 48
)

// Error is a protocol error found by Parser.Next. The *Error returned by
// Next is owned by the Parser and is valid until the next call.
type Error struct {
	// Reply holds the exact bytes memcached sends for this error, "\r\n"
	// included. It is empty when memcached stays silent: a classic command
	// sent with noreply, or a connection closed without a reply. Shared
	// and read-only.
	Reply []byte
	// Swallow is the number of bytes following the consumed line that the
	// server must read and discard: the <bytes>+2 data block of a storage
	// command refused after its <bytes> was understood (bad flags, bad
	// exptime, missing cas, key too long, too large, bad meta flag). It can
	// be larger than anything buffered (up to 2 GiB); discard it as it
	// arrives.
	Swallow int64
	// Close means the connection must be closed once Reply is written.
	Close bool
	// TooLarge marks "SERVER_ERROR object too large for cache". memcached
	// then counts store_too_large and, for set and ms, unlinks the key's
	// current item so no stale value survives; the server should do both.
	TooLarge bool
}

func (e *Error) Error() string {
	if len(e.Reply) == 0 {
		if e.Close {
			return "memcache: protocol error, closing connection"
		}
		return "memcache: protocol error (noreply)"
	}
	return "memcache: " + string(bytes.TrimRight(e.Reply, "\r\n"))
}

// Error replies, byte for byte as memcached 1.6 writes them.
var (
	replyError          = []byte(ReplyError)
	replyBadFormat      = []byte(ReplyBadFormat)
	replyBadChunk       = []byte(ReplyBadDataChunk)
	replyTooLarge       = []byte(ReplyTooLarge)
	replyBadExptime     = []byte("CLIENT_ERROR invalid exptime argument\r\n")
	replyBadDelta       = []byte("CLIENT_ERROR invalid numeric delta argument\r\n")
	replyDeleteUsage    = []byte("CLIENT_ERROR bad command line format.  Usage: delete <key> [noreply]\r\n")
	replyDupFlag        = []byte("CLIENT_ERROR duplicate flag\r\n")
	replyInvalidFlag    = []byte("CLIENT_ERROR invalid flag\r\n")
	replyBadToken       = []byte("CLIENT_ERROR bad token in command line format\r\n")
	replyBadKey         = []byte("CLIENT_ERROR error decoding key\r\n")
	replyBadInitial     = []byte("CLIENT_ERROR invalid numeric initial value\r\n")
	replyBadDeltaValue  = []byte("CLIENT_ERROR invalid numeric delta value\r\n")
	replyTooManyFlags   = []byte("CLIENT_ERROR options flags are too long\r\n")
	replyOpaqueTooLong  = []byte("CLIENT_ERROR opaque token too long\r\n")
	replyBadModeMS      = []byte("CLIENT_ERROR invalid mode for ms M token\r\n")
	replyBadModeMA      = []byte("CLIENT_ERROR invalid mode for ma M token\r\n")
	replyInvalidOrDupMA = []byte("CLIENT_ERROR invalid or duplicate flag\r\n")
)

// Parser parses memcached text and meta commands. Use one Parser per
// connection; it is not safe for concurrent use. The zero value is ready
// (with no item size check).
type Parser struct {
	// MaxItemSize is memcached's -I (item_size_max). When > 0, a storage
	// command whose item would exceed it is refused at its command line
	// with "SERVER_ERROR object too large for cache" and its data
	// swallowed, as memcached does. The size checked is memcached's:
	// ItemHeaderSize + len(key)+1 + <bytes>+2 + 4 if flags != 0 + 8 unless
	// NoCAS (the decoded key and F flags for ms). Memory exhaustion is
	// the server's to detect.
	MaxItemSize int
	// NoCAS mirrors memcached -C: items carry no 8-byte CAS field.
	NoCAS bool

	ntok   int
	ts, te [maxTokens]int
	keybuf [MaxKeyLen]byte
	err    Error
}

// Next parses the first command in b, which holds the bytes received so far
// on a connection, into req, and returns how many bytes it used.
//
// On success n covers the line and, for storage commands, the data block
// and its "\r\n". ErrIncomplete (with n == 0) asks for more bytes. Any other
// error is an *Error; n then covers the command line only (or the whole
// data block for "bad data chunk"), the server sends Error.Reply, discards
// Error.Swallow further bytes, and closes the connection if Error.Close.
// req is filled as far as parsing got (Cmd, Name, Key, Noreply, Bytes ...)
// so that the server can keep statistics.
//
// Next keeps no reference to b. req's slices alias b (see Request). Next
// does not allocate once req's Keys and Args have grown to their working
// size.
func (p *Parser) Next(b []byte, req *Request) (n int, err error) {
	req.reset()
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		if len(b) > MaxLineLen && !longLineAllowed(b) {
			return len(b), p.closeNow()
		}
		return 0, ErrIncomplete
	}
	if nl > MaxLineLen && !longLineAllowed(b[:nl]) {
		return nl + 1, p.closeNow()
	}
	n = nl + 1
	// memcached: "min command length is 2, plus the \r\n".
	if n < 4 {
		return n, p.fail(req, n, replyBadFormat, 0, false)
	}
	end := nl
	if b[end-1] == '\r' {
		end--
	}
	line := b[:end]
	cl := bytes.IndexByte(line, ' ')
	if cl < 0 {
		cl = len(line)
	}
	req.Name = line[:cl]

	switch string(line[:cl]) {
	case "get":
		return p.parseGet(line, n, cl, req, Get)
	case "gets":
		return p.parseGet(line, n, cl, req, Gets)
	case "gat":
		return p.parseGet(line, n, cl, req, Gat)
	case "gats":
		return p.parseGet(line, n, cl, req, Gats)
	case "set":
		return p.parseStorage(b, line, n, req, Set)
	case "add":
		return p.parseStorage(b, line, n, req, Add)
	case "replace":
		return p.parseStorage(b, line, n, req, Replace)
	case "append":
		return p.parseStorage(b, line, n, req, Append)
	case "prepend":
		return p.parseStorage(b, line, n, req, Prepend)
	case "cas":
		return p.parseStorage(b, line, n, req, Cas)
	case "incr":
		return p.parseArith(line, n, req, Incr)
	case "decr":
		return p.parseArith(line, n, req, Decr)
	case "touch":
		return p.parseTouch(line, n, req)
	case "delete":
		return p.parseDelete(line, n, req)
	case "mg":
		return p.parseMeta(b, line, n, req, MetaGet)
	case "ms":
		return p.parseMeta(b, line, n, req, MetaSet)
	case "md":
		return p.parseMeta(b, line, n, req, MetaDelete)
	case "ma":
		return p.parseMeta(b, line, n, req, MetaArithmetic)
	case "me":
		return p.parseMetaDebug(line, n, req)
	case "mn":
		req.Cmd = MetaNoop
		return n, nil
	case "version":
		req.Cmd = Version
		return n, nil
	case "quit":
		req.Cmd = Quit
		return n, nil
	case "stats":
		req.Cmd = Stats
		p.tokenize(line, -1)
		p.setArgs(line, req)
		return n, nil
	case "watch":
		req.Cmd = Watch
		p.tokenize(line, -1)
		p.setArgs(line, req)
		return n, nil
	}
	return p.parseOther(line, n, req)
}

// longLineAllowed applies memcached's rule for a line that has no "\n"
// within its first 2048 bytes: at most 100 leading spaces, then "get " or
// "gets ".
func longLineAllowed(b []byte) bool {
	i := 0
	for i < len(b)-6 && b[i] == ' ' {
		i++
	}
	if i > 100 {
		return false
	}
	b = b[i:]
	return (len(b) >= 4 && string(b[:4]) == "get ") || (len(b) >= 5 && string(b[:5]) == "gets ")
}

func (p *Parser) closeNow() error {
	p.err = Error{Close: true}
	return &p.err
}

// fail records an error. reply is suppressed when req.Noreply is set and
// quietable is true (memcached's out_string under noreply); meta errors and
// errors found before noreply is known are never quiet.
func (p *Parser) fail(req *Request, n int, reply []byte, swallow int64, quietable bool) error {
	p.err = Error{Reply: reply, Swallow: swallow}
	if quietable && req.Noreply {
		p.err.Reply = nil
	}
	return &p.err
}

// tokenize splits line on ' ' into at most maxTokens tokens (mcmc
// tokenizer). With mstart >= 0, every token from index mstart on must start
// with a byte in 'A'..'z' or a digit (meta mode); if one does not, tokenize
// returns false and ntok is 0, as in mcmc.
func (p *Parser) tokenize(line []byte, mstart int) bool {
	n, i := 0, 0
	for n < maxTokens {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		if i == len(line) {
			break
		}
		s := i
		for i < len(line) && line[i] != ' ' {
			i++
		}
		if mstart >= 0 && n >= mstart {
			c := line[s]
			if !(c >= 'A' && c <= 'z') && !(c >= '0' && c <= '9') {
				p.ntok = 0
				return false
			}
		}
		p.ts[n], p.te[n] = s, i
		n++
	}
	p.ntok = n
	return true
}

func (p *Parser) tok(line []byte, i int) []byte { return line[p.ts[i]:p.te[i]:p.te[i]] }

func (p *Parser) lastIsNoreply(line []byte) bool {
	return p.ntok > 0 && string(p.tok(line, p.ntok-1)) == "noreply"
}

func (p *Parser) setArgs(line []byte, req *Request) {
	for i := 1; i < p.ntok; i++ {
		req.Args = append(req.Args, p.tok(line, i))
	}
}

// parseGet handles get/gets/gat/gats. Keys are every space-separated token
// after the command (after the exptime for gat/gats), without limit.
func (p *Parser) parseGet(line []byte, n, cl int, req *Request, cmd Command) (int, error) {
	req.Cmd = cmd
	rest := line[cl:]
	touch := cmd == Gat || cmd == Gats
	if touch {
		t, r := nextToken(rest)
		if t == nil {
			return n, p.fail(req, n, replyBadFormat, 0, false)
		}
		rest = r
		if k, _ := nextToken(rest); k == nil {
			return n, p.fail(req, n, replyBadFormat, 0, false)
		}
		v, ok := ParseInt32(t)
		if !ok {
			return n, p.fail(req, n, replyBadExptime, 0, false)
		}
		req.Exptime = int64(v)
	}
	for {
		k, r := nextToken(rest)
		if k == nil {
			break
		}
		rest = r
		if len(k) > MaxKeyLen {
			req.Keys = req.Keys[:0]
			return n, p.fail(req, n, replyBadFormat, 0, false)
		}
		req.Keys = append(req.Keys, k)
	}
	if len(req.Keys) == 0 {
		return n, p.fail(req, n, replyBadFormat, 0, false)
	}
	req.Key = req.Keys[0]
	return n, nil
}

// nextToken returns the first space-delimited token of b and what follows
// it, or nil when b holds only spaces.
func nextToken(b []byte) (tok, rest []byte) {
	i := 0
	for i < len(b) && b[i] == ' ' {
		i++
	}
	if i == len(b) {
		return nil, nil
	}
	j := bytes.IndexByte(b[i:], ' ')
	if j < 0 {
		return b[i:len(b):len(b)], b[len(b):]
	}
	return b[i : i+j : i+j], b[i+j:]
}

// itemSize is memcached's item_size_ok arithmetic.
func (p *Parser) itemSize(nkey int, flags uint32, nbytes int) int {
	size := ItemHeaderSize + nkey + 1 + nbytes + 2
	if flags != 0 {
		size += 4
	}
	if !p.NoCAS {
		size += 8
	}
	return size
}

// parseStorage handles set/add/replace/append/prepend/cas:
// <cmd> <key> <flags> <exptime> <bytes> [<cas unique>] [noreply]
func (p *Parser) parseStorage(b, line []byte, n int, req *Request, cmd Command) (int, error) {
	req.Cmd = cmd
	p.tokenize(line, -1)
	if p.ntok < 5 {
		return n, p.fail(req, n, replyBadFormat, 0, false)
	}
	req.Key = p.tok(line, 1)
	vlen, ok := ParseInt32(p.tok(line, 4))
	if !ok || vlen < 0 || vlen > math.MaxInt32-2 {
		return n, p.fail(req, n, replyBadFormat, 0, false)
	}
	req.Bytes = int(vlen)
	req.Noreply = p.lastIsNoreply(line)
	swallow := int64(vlen) + 2
	if len(req.Key) > MaxKeyLen {
		return n, p.fail(req, n, replyBadFormat, swallow, true)
	}
	// flags and exptime: strtoul/strtol over the rest of the line, as
	// memcached does, narrowed to 32 bits.
	flags, ok := cStrtou64(b[p.ts[2]:n])
	if !ok {
		return n, p.fail(req, n, replyBadFormat, swallow, true)
	}
	req.Flags = uint32(flags)
	exp, ok := cStrtol64(b[p.ts[3]:n])
	if !ok {
		return n, p.fail(req, n, replyBadFormat, swallow, true)
	}
	req.Exptime = int64(int32(exp))
	if cmd == Cas {
		if p.ntok < 6 {
			return n, p.fail(req, n, replyBadFormat, swallow, true)
		}
		cas, ok := ParseUint64(p.tok(line, 5))
		if !ok {
			return n, p.fail(req, n, replyBadFormat, swallow, true)
		}
		req.CAS = cas
	}
	if p.MaxItemSize > 0 && p.itemSize(len(req.Key), req.Flags, req.Bytes) > p.MaxItemSize {
		err := p.fail(req, n, replyTooLarge, swallow, true)
		p.err.TooLarge = true
		return n, err
	}
	return p.readData(b, n, req, true)
}

// readData takes the data block of a storage command whose line ends at n.
func (p *Parser) readData(b []byte, n int, req *Request, quietable bool) (int, error) {
	end := n + req.Bytes + 2
	if len(b) < end {
		return 0, ErrIncomplete
	}
	if b[end-2] != '\r' || b[end-1] != '\n' {
		return end, p.fail(req, end, replyBadChunk, 0, quietable)
	}
	req.Data = b[n : end-2 : end-2]
	return end, nil
}

// parseArith handles incr/decr <key> <delta> [noreply].
func (p *Parser) parseArith(line []byte, n int, req *Request, cmd Command) (int, error) {
	req.Cmd = cmd
	p.tokenize(line, -1)
	if p.ntok < 3 {
		return n, p.fail(req, n, replyBadFormat, 0, false)
	}
	req.Key = p.tok(line, 1)
	req.Noreply = p.lastIsNoreply(line)
	if len(req.Key) > MaxKeyLen {
		return n, p.fail(req, n, replyBadFormat, 0, true)
	}
	d, ok := ParseUint64(p.tok(line, 2))
	if !ok {
		return n, p.fail(req, n, replyBadDelta, 0, true)
	}
	req.Delta = d
	return n, nil
}

// parseTouch handles touch <key> <exptime> [noreply].
func (p *Parser) parseTouch(line []byte, n int, req *Request) (int, error) {
	req.Cmd = Touch
	p.tokenize(line, -1)
	if p.ntok < 3 {
		return n, p.fail(req, n, replyBadFormat, 0, false)
	}
	req.Key = p.tok(line, 1)
	req.Noreply = p.lastIsNoreply(line)
	if len(req.Key) > MaxKeyLen {
		return n, p.fail(req, n, replyBadFormat, 0, true)
	}
	v, ok := ParseInt32(p.tok(line, 2))
	if !ok {
		return n, p.fail(req, n, replyBadExptime, 0, true)
	}
	req.Exptime = int64(v)
	return n, nil
}

// parseDelete handles delete <key> [0] [noreply], with memcached 1.6.18's
// check of the legacy hold-time argument (1.6.45 accepts and ignores any
// extra tokens).
func (p *Parser) parseDelete(line []byte, n int, req *Request) (int, error) {
	req.Cmd = Delete
	p.tokenize(line, -1)
	if p.ntok < 2 {
		return n, p.fail(req, n, replyBadFormat, 0, false)
	}
	req.Key = p.tok(line, 1)
	if p.ntok > 4 {
		return n, p.fail(req, n, replyError, 0, false)
	}
	if p.ntok > 2 {
		zero := string(p.tok(line, 2)) == "0"
		req.Noreply = p.lastIsNoreply(line)
		valid := (p.ntok == 3 && (zero || req.Noreply)) || (p.ntok == 4 && zero && req.Noreply)
		if !valid {
			return n, p.fail(req, n, replyDeleteUsage, 0, true)
		}
	}
	if len(req.Key) > MaxKeyLen {
		return n, p.fail(req, n, replyBadFormat, 0, true)
	}
	return n, nil
}

// parseOther handles the admin commands memcached dispatches through its
// text_cmd_entries table, and unknown commands. The admin command is
// looked up by its first token, as memcached does.
func (p *Parser) parseOther(line []byte, n int, req *Request) (int, error) {
	p.tokenize(line, -1)
	req.Noreply = p.lastIsNoreply(line)
	if p.ntok > 0 {
		name := p.tok(line, 0)
		cmd := Unknown
		switch string(name) {
		case "flush_all":
			cmd = FlushAll
		case "verbosity":
			cmd = Verbosity
		case "cache_memlimit":
			cmd = CacheMemlimit
		case "debugtime":
			cmd = DebugTime
		case "shutdown":
			cmd = Shutdown
		case "slabs":
			cmd = Slabs
		case "lru":
			cmd = Lru
		case "lru_crawler":
			cmd = LruCrawler
		}
		if cmd != Unknown {
			req.Cmd = cmd
			req.Name = name
			p.setArgs(line, req)
			return p.parseAdmin(line, n, req)
		}
	}
	if p.ntok > 1 {
		if last := p.tok(line, p.ntok-1); len(last) >= 5 && string(last[:5]) == "HTTP/" {
			return n, p.closeNow()
		}
	}
	return n, p.fail(req, n, replyError, 0, true)
}

// parseAdmin checks the numeric argument of the admin commands whose
// argument memcached parses before consulting any setting.
func (p *Parser) parseAdmin(line []byte, n int, req *Request) (int, error) {
	switch req.Cmd {
	case FlushAll:
		want := 1
		if req.Noreply {
			want = 2
		}
		if p.ntok != want {
			var v int32
			ok := p.ntok > 1
			if ok {
				v, ok = ParseInt32(p.tok(line, 1))
			}
			if !ok {
				return n, p.fail(req, n, replyBadExptime, 0, true)
			}
			req.Exptime = int64(v)
		}
	case Verbosity, CacheMemlimit:
		var v uint32
		ok := p.ntok > 1
		if ok {
			v, ok = ParseUint32(p.tok(line, 1))
		}
		if !ok {
			reply := replyError // memcached's cache_memlimit answers ERROR
			if req.Cmd == Verbosity {
				reply = replyBadFormat
			}
			return n, p.fail(req, n, reply, 0, true)
		}
		req.Num = int64(v)
	case DebugTime:
		if p.ntok < 2 {
			return n, p.fail(req, n, replyError, 0, true)
		}
		if a := string(p.tok(line, 1)); a != "p" && a != "r" {
			v, ok := ParseInt64(p.tok(line, 1))
			if !ok {
				return n, p.fail(req, n, replyError, 0, true)
			}
			req.Num = v
		}
	}
	return n, nil
}

// parseMeta handles mg/ms/md/ma:
//
//	mg <key> <flags>*
//	ms <key> <datalen> <flags>*
//	md <key> <flags>*
//	ma <key> <flags>*
func (p *Parser) parseMeta(b, line []byte, n int, req *Request, cmd Command) (int, error) {
	req.Cmd = cmd
	start := 2
	if cmd == MetaSet {
		start = 3
	}
	if !p.tokenize(line, start) || p.ntok < start {
		return n, p.fail(req, n, replyBadFormat, 0, false)
	}
	req.Key = p.tok(line, 1)
	req.Meta.RawKey = req.Key
	var swallow int64
	if cmd == MetaSet {
		vlen, ok := ParseInt32(p.tok(line, 2))
		if !ok || vlen < 0 || vlen > math.MaxInt32-2 {
			return n, p.fail(req, n, replyBadFormat, 0, false)
		}
		req.Bytes = int(vlen)
		swallow = int64(vlen) + 2
	}
	if cmd == MetaArithmetic {
		req.Meta.Delta = 1
	}
	bareM, errReply := p.metaFlags(line, req, start)
	if errReply != nil {
		if cmd == MetaArithmetic {
			errReply = replyInvalidOrDupMA
		}
		return n, p.fail(req, n, errReply, swallow, false)
	}
	m := &req.Meta
	switch cmd {
	case MetaSet:
		if m.Flags.Has('M') && !validMode(m.Mode, bareM, "EAPRS") {
			return n, p.fail(req, n, replyBadModeMS, swallow, false)
		}
		if p.MaxItemSize > 0 && p.itemSize(len(req.Key), m.ClientFlags, req.Bytes) > p.MaxItemSize {
			err := p.fail(req, n, replyTooLarge, swallow, false)
			p.err.TooLarge = true
			return n, err
		}
	case MetaArithmetic:
		if m.Flags.Has('M') && !validMode(m.Mode, bareM, "I+D-") {
			return n, p.fail(req, n, replyBadModeMA, swallow, false)
		}
	}
	if len(m.Opaque) > MaxOpaqueLen {
		return n, p.fail(req, n, replyOpaqueTooLong, swallow, false)
	}
	if cmd == MetaSet {
		return p.readData(b, n, req, false)
	}
	return n, nil
}

func validMode(mode byte, bare bool, modes string) bool {
	return !bare && strings.IndexByte(modes, mode) >= 0
}

// metaFlags is memcached's _meta_flag_preparse: it records every flag and
// parses the tokens of those that carry one. It returns the error reply, if
// any, with memcached's precedence: a duplicate or unknown flag stops at
// once; a bad token is remembered and parsing goes on, the last such
// message winning.
func (p *Parser) metaFlags(line []byte, req *Request, start int) (bareM bool, errReply []byte) {
	if len(req.Key) > MaxKeyLen {
		return false, replyBadFormat
	}
	if p.ntok > MaxMetaTokens {
		return false, replyTooManyFlags
	}
	m := &req.Meta
	var bad []byte
	for i := start; i < p.ntok; i++ {
		t := p.tok(line, i)
		o := t[0]
		f := MetaFlag(o)
		if f == 0 {
			return false, replyInvalidFlag
		}
		if m.Flags&f != 0 {
			return false, replyDupFlag
		}
		arg := t[1:]
		switch o {
		case 'b':
			k, ok := p.decodeKey(req.Key)
			if !ok {
				bad = replyBadKey
			} else {
				req.Key = k
			}
		case 'N', 'T', 'R':
			v, ok := ParseInt32(arg)
			if !ok || len(arg) == 0 {
				bad = replyBadToken
				break
			}
			switch o {
			case 'N':
				m.VivifyTTL = int64(v)
			case 'T':
				m.TTL = int64(v)
			default:
				m.RecacheTTL = int64(v)
			}
		case 'O':
			m.Opaque = arg
		case 'l', 'P', 'L', 'k', 's', 't', 'c', 'f', 'v', 'h', 'u', 'q', 'x', 'I':
		case 'F':
			v, ok := ParseUint32(arg)
			if !ok || len(arg) == 0 {
				if bad == nil {
					bad = replyBadFormat
				}
				break
			}
			m.ClientFlags = v
		case 'C', 'E':
			v, ok := ParseUint64(arg)
			if !ok || len(arg) == 0 {
				bad = replyBadToken
				break
			}
			if o == 'C' {
				m.CompareCAS = v
			} else {
				m.NewCAS = v
			}
		case 'M':
			if len(arg) > 0 {
				m.Mode = arg[0]
			} else {
				bareM = true
			}
		case 'J':
			v, ok := ParseUint64(arg)
			if !ok || len(arg) == 0 {
				bad = replyBadInitial
				break
			}
			m.Initial = v
		case 'D':
			v, ok := ParseUint64(arg)
			if !ok || len(arg) == 0 {
				bad = replyBadDeltaValue
				break
			}
			m.Delta = v
		default:
			return false, replyInvalidFlag
		}
		m.Flags |= f
		m.order[m.n] = o
		m.n++
	}
	return bareM, bad
}

// parseMetaDebug handles me <key> [b].
func (p *Parser) parseMetaDebug(line []byte, n int, req *Request) (int, error) {
	req.Cmd = MetaDebug
	if !p.tokenize(line, 2) || p.ntok < 2 {
		return n, p.fail(req, n, replyBadFormat, 0, false)
	}
	req.Key = p.tok(line, 1)
	req.Meta.RawKey = req.Key
	if len(req.Key) > MaxKeyLen {
		return n, p.fail(req, n, replyBadFormat, 0, false)
	}
	if p.ntok >= 3 && string(p.tok(line, 2)) == "b" {
		k, ok := p.decodeKey(req.Key)
		if !ok {
			return n, p.fail(req, n, replyBadFormat, 0, false)
		}
		req.Key = k
		req.Meta.Flags |= MetaFlag('b')
		req.Meta.order[0] = 'b'
		req.Meta.n = 1
	}
	return n, nil
}

// decodeKey base64-decodes a key into the parser's scratch.
func (p *Parser) decodeKey(src []byte) ([]byte, bool) {
	n := decodeBase64(p.keybuf[:], src)
	if n == 0 {
		return nil, false
	}
	return p.keybuf[:n:n], true
}
