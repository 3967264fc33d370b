package server

import (
	"reflect"
	"sync"

	"github.com/panjf2000/gnet/v2"
	"golang.org/x/sys/unix"
)

// pauseReading stops the event loop from reading c: its epoll interest
// becomes EPOLLOUT only. gnet gives no call for this, so the loop's epoll
// descriptor is found by reflection (gnet v2's eventloop.poller.fd) once per
// loop. gnet itself restores read interest (ModRead) when the connection's
// outbound buffer is empty, and the ticker's Wake runs OnTraffic so that
// commands already buffered are served even if the client sends nothing
// more. TestBackpressure checks that this still works after a gnet upgrade.
func pauseReading(c gnet.Conn) {
	epfd := loopEpollFD(c.EventLoop())
	if epfd < 0 {
		return
	}
	fd := c.Fd()
	ev := unix.EpollEvent{Events: unix.EPOLLOUT, Fd: int32(fd)}
	_ = unix.EpollCtl(epfd, unix.EPOLL_CTL_MOD, fd, &ev)
}

// resumeReading gives c its read interest back, as gnet registers it
// (EPOLLIN|EPOLLPRI, with EPOLLOUT while output is pending). gnet restores
// it by itself only when it drains the outbound buffer through a write
// event; output written directly from OnTraffic never passes there.
func resumeReading(c gnet.Conn) {
	epfd := loopEpollFD(c.EventLoop())
	if epfd < 0 {
		return
	}
	ev := uint32(unix.EPOLLIN | unix.EPOLLPRI)
	if c.OutboundBuffered() > 0 {
		ev |= unix.EPOLLOUT
	}
	fd := c.Fd()
	e := unix.EpollEvent{Events: ev, Fd: int32(fd)}
	_ = unix.EpollCtl(epfd, unix.EPOLL_CTL_MOD, fd, &e)
}

var epollFDs sync.Map // gnet.EventLoop -> int

func loopEpollFD(el gnet.EventLoop) int {
	if v, ok := epollFDs.Load(el); ok {
		return v.(int)
	}
	fd := -1
	func() {
		defer func() { _ = recover() }()
		v := reflect.ValueOf(el)
		if v.Kind() != reflect.Pointer {
			return
		}
		p := v.Elem().FieldByName("poller")
		if !p.IsValid() || p.Kind() != reflect.Pointer || p.IsNil() {
			return
		}
		f := p.Elem().FieldByName("fd")
		if f.IsValid() && f.CanInt() {
			fd = int(f.Int())
		}
	}()
	epollFDs.Store(el, fd)
	return fd
}
