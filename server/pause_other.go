//go:build !linux

package server

import "github.com/panjf2000/gnet/v2"

// pauseReading is a no-op where the epoll trick does not apply: output is
// still bounded by not parsing further commands, but input keeps buffering.
func pauseReading(gnet.Conn) {}

// resumeReading is a no-op where pauseReading is.
func resumeReading(gnet.Conn) {}
