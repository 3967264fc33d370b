package memcache

import "encoding/base64"

// decodeBase64 decodes src into dst the way memcached's base64_decode does
// (base64.c): bytes outside the alphabet are skipped, the number of
// alphabet bytes ('=' included) must be a non-zero multiple of four,
// decoding stops after the first block with padding, and more than two
// '=' in a block is an error. It returns the decoded length, 0 on error
// (as memcached, which cannot represent an empty decoded key). dst must
// hold len(src)*3/4 bytes.
func decodeBase64(dst, src []byte) int {
	count := 0
	for _, c := range src {
		if b64val[c] != 0x80 {
			count++
		}
	}
	if count == 0 || count%4 != 0 || count/4*3 > len(dst) {
		return 0
	}
	var block [4]byte
	pos, pad, n := 0, 0, 0
	for _, c := range src {
		v := b64val[c]
		if v == 0x80 {
			continue
		}
		if c == '=' {
			pad++
		}
		block[n] = v
		n++
		if n == 4 {
			dst[pos] = block[0]<<2 | block[1]>>4
			dst[pos+1] = block[1]<<4 | block[2]>>2
			dst[pos+2] = block[2]<<6 | block[3]
			pos += 3
			n = 0
			if pad > 0 {
				switch pad {
				case 1:
					pos--
				case 2:
					pos -= 2
				default:
					return 0
				}
				break
			}
		}
	}
	return pos
}

var b64val = func() (t [256]byte) {
	for i := range t {
		t[i] = 0x80
	}
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
	for i := 0; i < len(alphabet); i++ {
		t[alphabet[i]] = byte(i)
	}
	t['='] = 0
	return t
}()

// appendBase64 appends the standard, padded base64 encoding of src.
func appendBase64(dst, src []byte) []byte {
	return base64.StdEncoding.AppendEncode(dst, src)
}
