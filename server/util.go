package server

import (
	"encoding/base64"
	"net"
)

// netAddr formats an address as memcached's stats conns does:
// "tcp:host:port" or "unix:path".
func netAddr(a net.Addr) string {
	if a == nil {
		return ""
	}
	switch a := a.(type) {
	case *net.UnixAddr:
		return "unix:" + a.Name
	case *net.TCPAddr:
		return "tcp:" + a.String()
	}
	return a.Network() + ":" + a.String()
}

func encodeBase64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }
