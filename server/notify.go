package server

import (
	"net"
	"os"
)

// notifySystemd sends state (e.g. "READY=1") to the service manager when
// started by systemd with Type=notify (NOTIFY_SOCKET set); one datagram, as
// sd_notify does. It does nothing otherwise.
func notifySystemd(state string) {
	path := os.Getenv("NOTIFY_SOCKET")
	if path == "" {
		return
	}
	if path[0] == '@' {
		path = "\x00" + path[1:] // abstract socket
	}
	c, err := net.DialUnix("unixgram", nil, &net.UnixAddr{Name: path, Net: "unixgram"})
	if err != nil {
		return
	}
	defer c.Close()
	_, _ = c.Write([]byte(state))
}
