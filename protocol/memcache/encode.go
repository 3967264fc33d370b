package memcache

import "strconv"

// AppendRequest appends r in the canonical form a client would send it:
// single spaces, "\r\n" line ends, the data block of storage commands,
// numbers in decimal, meta flags in their original order (P and L without
// their ignored tokens). Parsing the result yields a Request equal to r.
// It is meant for tests, load generators and proxies; r must be a request
// Next accepted.
func AppendRequest(dst []byte, r *Request) []byte {
	dst = append(dst, r.Cmd.String()...)
	switch r.Cmd {
	case Get, Gets, Gat, Gats:
		if r.Cmd == Gat || r.Cmd == Gats {
			dst = append(dst, ' ')
			dst = strconv.AppendInt(dst, r.Exptime, 10)
		}
		for _, k := range r.Keys {
			dst = append(dst, ' ')
			dst = append(dst, k...)
		}
	case Set, Add, Replace, Append, Prepend, Cas:
		dst = append(dst, ' ')
		dst = append(dst, r.Key...)
		dst = append(dst, ' ')
		dst = strconv.AppendUint(dst, uint64(r.Flags), 10)
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, r.Exptime, 10)
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, int64(r.Bytes), 10)
		if r.Cmd == Cas {
			dst = append(dst, ' ')
			dst = strconv.AppendUint(dst, r.CAS, 10)
		}
		dst = appendNoreply(dst, r.Noreply)
		dst = append(dst, "\r\n"...)
		dst = append(dst, r.Data...)
	case Incr, Decr:
		dst = append(dst, ' ')
		dst = append(dst, r.Key...)
		dst = append(dst, ' ')
		dst = strconv.AppendUint(dst, r.Delta, 10)
		dst = appendNoreply(dst, r.Noreply)
	case Touch:
		dst = append(dst, ' ')
		dst = append(dst, r.Key...)
		dst = append(dst, ' ')
		dst = strconv.AppendInt(dst, r.Exptime, 10)
		dst = appendNoreply(dst, r.Noreply)
	case Delete:
		dst = append(dst, ' ')
		dst = append(dst, r.Key...)
		dst = appendNoreply(dst, r.Noreply)
	case MetaGet, MetaSet, MetaDelete, MetaArithmetic, MetaDebug:
		dst = append(dst, ' ')
		dst = append(dst, r.Meta.RawKey...)
		if r.Cmd == MetaSet {
			dst = append(dst, ' ')
			dst = strconv.AppendInt(dst, int64(r.Bytes), 10)
		}
		dst = r.Meta.appendFlags(dst)
		if r.Cmd == MetaSet {
			dst = append(dst, "\r\n"...)
			dst = append(dst, r.Data...)
		}
	default:
		for _, a := range r.Args {
			dst = append(dst, ' ')
			dst = append(dst, a...)
		}
	}
	return append(dst, "\r\n"...)
}

func appendNoreply(dst []byte, noreply bool) []byte {
	if noreply {
		dst = append(dst, " noreply"...)
	}
	return dst
}

// appendFlags appends the flags of m, each with its token, in request order.
func (m *Meta) appendFlags(dst []byte) []byte {
	for _, c := range m.Order() {
		dst = append(dst, ' ', c)
		switch c {
		case 'O':
			dst = append(dst, m.Opaque...)
		case 'C':
			dst = strconv.AppendUint(dst, m.CompareCAS, 10)
		case 'E':
			dst = strconv.AppendUint(dst, m.NewCAS, 10)
		case 'N':
			dst = strconv.AppendInt(dst, m.VivifyTTL, 10)
		case 'R':
			dst = strconv.AppendInt(dst, m.RecacheTTL, 10)
		case 'T':
			dst = strconv.AppendInt(dst, m.TTL, 10)
		case 'F':
			dst = strconv.AppendUint(dst, uint64(m.ClientFlags), 10)
		case 'M':
			if m.Mode != 0 {
				dst = append(dst, m.Mode)
			}
		case 'J':
			dst = strconv.AppendUint(dst, m.Initial, 10)
		case 'D':
			dst = strconv.AppendUint(dst, m.Delta, 10)
		}
	}
	return dst
}
