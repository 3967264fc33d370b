package memcache

import "bytes"

// PeekKey looks at the command at the start of b without parsing it for
// execution, to find its key early (a prefetch hint): the key token of a
// text or meta command (the first key of a multi-key get; a meta key as
// sent, base64 or not), nil for a command without one, and the command's
// length n, data block included. n is 0 when b does not start with a whole
// command line (and its data, for a storage command) or the line is not
// what PeekKey knows: the Parser says what is wrong. It never allocates.
func PeekKey(b []byte) (key []byte, n int) {
	nl := bytes.IndexByte(b, '\n')
	if nl < 0 {
		return nil, 0
	}
	line := b[:nl]
	if len(line) > 0 && line[len(line)-1] == '\r' {
		line = line[:len(line)-1]
	}
	var tok [6][]byte
	nt := 0
	for i := 0; i < len(line) && nt < len(tok); {
		for i < len(line) && line[i] == ' ' {
			i++
		}
		j := i
		for j < len(line) && line[j] != ' ' {
			j++
		}
		if j > i {
			tok[nt] = line[i:j]
			nt++
		}
		i = j
	}
	if nt == 0 {
		return nil, 0
	}
	n = nl + 1
	data := -1 // token holding the data length, for storage commands
	keyTok := 1
	switch string(tok[0]) {
	case "set", "add", "replace", "append", "prepend", "cas":
		data = 4
	case "ms":
		data = 2
	case "gat", "gats":
		keyTok = 2
	}
	if data >= 0 {
		if nt <= data {
			return nil, 0
		}
		l, ok := ParseUint32(tok[data])
		if !ok || int(l) > len(b)-n-2 {
			return nil, 0
		}
		n += int(l) + 2
	}
	if keyTok < nt {
		key = tok[keyTok]
	}
	return key, n
}
