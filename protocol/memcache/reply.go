package memcache

import "strconv"

// Pre-encoded replies, byte for byte as memcached 1.6 sends them. Append
// them with append(dst, ReplyStored...).
const (
	ReplyStored    = "STORED\r\n"
	ReplyNotStored = "NOT_STORED\r\n"
	ReplyExists    = "EXISTS\r\n"
	ReplyNotFound  = "NOT_FOUND\r\n"
	ReplyDeleted   = "DELETED\r\n"
	ReplyTouched   = "TOUCHED\r\n"
	ReplyEnd       = "END\r\n"
	ReplyOK        = "OK\r\n"
	ReplyReset     = "RESET\r\n"
	ReplyError     = "ERROR\r\n"

	ReplyBadFormat    = "CLIENT_ERROR bad command line format\r\n"
	ReplyBadDataChunk = "CLIENT_ERROR bad data chunk\r\n"
	ReplyNonNumeric   = "CLIENT_ERROR cannot increment or decrement non-numeric value\r\n"
	ReplyTooLarge     = "SERVER_ERROR object too large for cache\r\n"
	ReplyOutOfMemory  = "SERVER_ERROR out of memory storing object\r\n"

	// Meta status lines without return flags.
	ReplyMetaNoop      = "MN\r\n"
	ReplyMetaMiss      = "EN\r\n"
	ReplyMetaStored    = "HD\r\n"
	ReplyMetaNotFound  = "NF\r\n"
	ReplyMetaNotStored = "NS\r\n"
	ReplyMetaExists    = "EX\r\n"
)

// AppendUint appends the decimal form of v.
func AppendUint(dst []byte, v uint64) []byte { return strconv.AppendUint(dst, v, 10) }

// AppendInt appends the decimal form of v.
func AppendInt(dst []byte, v int64) []byte { return strconv.AppendInt(dst, v, 10) }

// AppendValue appends the header line of one get hit,
// "VALUE <key> <flags> <bytes>[ <cas>]\r\n". The caller appends the n data
// bytes and "\r\n", and ReplyEnd after the last key.
func AppendValue(dst, key []byte, flags uint32, n int, withCAS bool, cas uint64) []byte {
	dst = append(dst, "VALUE "...)
	dst = append(dst, key...)
	dst = append(dst, ' ')
	dst = strconv.AppendUint(dst, uint64(flags), 10)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, int64(n), 10)
	if withCAS {
		dst = append(dst, ' ')
		dst = strconv.AppendUint(dst, cas, 10)
	}
	return append(dst, "\r\n"...)
}

// AppendUintLine appends v and "\r\n": the reply to a successful incr/decr.
func AppendUintLine(dst []byte, v uint64) []byte {
	dst = strconv.AppendUint(dst, v, 10)
	return append(dst, "\r\n"...)
}

// AppendStat appends "STAT <name> <value>\r\n".
func AppendStat(dst []byte, name, value string) []byte {
	dst = append(dst, "STAT "...)
	dst = append(dst, name...)
	dst = append(dst, ' ')
	dst = append(dst, value...)
	return append(dst, "\r\n"...)
}

// AppendStatUint appends "STAT <name> <v>\r\n".
func AppendStatUint(dst []byte, name string, v uint64) []byte {
	dst = append(dst, "STAT "...)
	dst = append(dst, name...)
	dst = append(dst, ' ')
	dst = strconv.AppendUint(dst, v, 10)
	return append(dst, "\r\n"...)
}

// AppendStatInt appends "STAT <name> <v>\r\n".
func AppendStatInt(dst []byte, name string, v int64) []byte {
	return AppendStatPrefixInt(dst, nil, name, v)
}

// AppendStatPrefixInt appends "STAT <prefix><name> <v>\r\n", as the
// per-class lines of stats slabs and stats items ("items:5:number 3").
func AppendStatPrefixInt(dst, prefix []byte, name string, v int64) []byte {
	dst = append(dst, "STAT "...)
	dst = append(dst, prefix...)
	dst = append(dst, name...)
	dst = append(dst, ' ')
	dst = strconv.AppendInt(dst, v, 10)
	return append(dst, "\r\n"...)
}

// AppendClientError appends "CLIENT_ERROR <msg>\r\n".
func AppendClientError(dst []byte, msg string) []byte {
	dst = append(dst, "CLIENT_ERROR "...)
	dst = append(dst, msg...)
	return append(dst, "\r\n"...)
}

// AppendServerError appends "SERVER_ERROR <msg>\r\n".
func AppendServerError(dst []byte, msg string) []byte {
	dst = append(dst, "SERVER_ERROR "...)
	dst = append(dst, msg...)
	return append(dst, "\r\n"...)
}

// Meta replies. A meta reply is a status code, return flags in request
// order, then "\r\n" (and for VA the value and "\r\n"):
//
//	dst = memcache.AppendMetaVA(dst, len(v))            // or append(dst, "HD"...)
//	dst = req.Meta.AppendReturnFlags(dst, memcache.MetaReturnGetHit, &item)
//	dst = memcache.AppendMetaFlag(dst, 'W')              // Z, X, W as memcached orders them
//	dst = append(dst, "\r\n"...)
//	dst = append(append(dst, v...), "\r\n"...)

// The return flags memcached 1.6.45 echoes, per reply.
var (
	// MetaReturnGetHit: mg hit (HD or VA).
	MetaReturnGetHit = MetaFlagSet("stcflhOk")
	// MetaReturnMiss: mg miss (EN), md, and ma without an item (NF, EX, NS).
	MetaReturnMiss = MetaFlagSet("Ok")
	// MetaReturnSet: ms (HD, NS, EX, NF).
	MetaReturnSet = MetaFlagSet("Okcs")
	// MetaReturnArith: ma with an item (HD or VA).
	MetaReturnArith = MetaFlagSet("ctOk")
)

// MetaItem carries what a meta reply can report about an item.
type MetaItem struct {
	// Key is the key to echo for k: the stored (decoded) key. With
	// KeyBinary it is echoed base64-encoded and followed by " b".
	Key        []byte
	KeyBinary  bool
	CAS        uint64 // c
	Flags      uint32 // f: client flags
	Size       int    // s: value length
	TTL        int64  // t: seconds left, -1 for no expiry
	LastAccess int64  // l: seconds since last access
	Fetched    bool   // h: fetched before this request
}

// AppendReturnFlags appends, in the order the client sent them, the return
// flags of m that are in which, formatted from it: " s<size>", " t<ttl>",
// " c<cas>", " f<flags>", " l<secs>", " h0|1", " O<opaque>", " k<key>"
// (then " b" for a base64 key). Other flags are skipped.
func (m *Meta) AppendReturnFlags(dst []byte, which MetaFlags, it *MetaItem) []byte {
	for _, c := range m.Order() {
		if !which.Has(c) {
			continue
		}
		switch c {
		case 's':
			dst = append(dst, " s"...)
			dst = strconv.AppendInt(dst, int64(it.Size), 10)
		case 't':
			dst = append(dst, " t"...)
			dst = strconv.AppendInt(dst, it.TTL, 10)
		case 'c':
			dst = append(dst, " c"...)
			dst = strconv.AppendUint(dst, it.CAS, 10)
		case 'f':
			dst = append(dst, " f"...)
			dst = strconv.AppendUint(dst, uint64(it.Flags), 10)
		case 'l':
			dst = append(dst, " l"...)
			dst = strconv.AppendInt(dst, it.LastAccess, 10)
		case 'h':
			if it.Fetched {
				dst = append(dst, " h1"...)
			} else {
				dst = append(dst, " h0"...)
			}
		case 'O':
			dst = AppendMetaOpaque(dst, m.Opaque)
		case 'k':
			dst = AppendMetaKey(dst, it.Key, it.KeyBinary)
		}
	}
	return dst
}

// AppendMetaVA appends "VA <n>", the status of a meta reply carrying an
// n-byte value.
func AppendMetaVA(dst []byte, n int) []byte {
	dst = append(dst, "VA "...)
	return strconv.AppendInt(dst, int64(n), 10)
}

// AppendMetaFlag appends a bare flag, " <c>" (W, X, Z...).
func AppendMetaFlag(dst []byte, c byte) []byte { return append(dst, ' ', c) }

// AppendMetaUint appends " <c><v>".
func AppendMetaUint(dst []byte, c byte, v uint64) []byte {
	dst = append(dst, ' ', c)
	return strconv.AppendUint(dst, v, 10)
}

// AppendMetaInt appends " <c><v>".
func AppendMetaInt(dst []byte, c byte, v int64) []byte {
	dst = append(dst, ' ', c)
	return strconv.AppendInt(dst, v, 10)
}

// AppendMetaOpaque appends " O<opaque>".
func AppendMetaOpaque(dst, opaque []byte) []byte {
	dst = append(dst, " O"...)
	return append(dst, opaque...)
}

// AppendMetaKey appends " k<key>", or for a binary key " k<base64(key)> b",
// as memcached's META_KEY does.
func AppendMetaKey(dst, key []byte, binary bool) []byte {
	dst = append(dst, " k"...)
	if !binary {
		return append(dst, key...)
	}
	dst = appendBase64(dst, key)
	return append(dst, " b"...)
}

// AppendMetaDebug appends the "me" reply for a hit:
// "ME <key> exp=<exp> la=<la> cas=<cas> fetch=<yes|no> cls=<cls> size=<size>\r\n".
// A binary key is written base64-encoded. exp is -1 for no expiry.
func AppendMetaDebug(dst, key []byte, binary bool, exp int64, la uint64, cas uint64, fetched bool, cls int, size int) []byte {
	dst = append(dst, "ME "...)
	if binary {
		dst = appendBase64(dst, key)
	} else {
		dst = append(dst, key...)
	}
	dst = append(dst, " exp="...)
	dst = strconv.AppendInt(dst, exp, 10)
	dst = append(dst, " la="...)
	dst = strconv.AppendUint(dst, la, 10)
	dst = append(dst, " cas="...)
	dst = strconv.AppendUint(dst, cas, 10)
	if fetched {
		dst = append(dst, " fetch=yes"...)
	} else {
		dst = append(dst, " fetch=no"...)
	}
	dst = append(dst, " cls="...)
	dst = strconv.AppendInt(dst, int64(cls), 10)
	dst = append(dst, " size="...)
	dst = strconv.AppendInt(dst, int64(size), 10)
	return append(dst, "\r\n"...)
}
