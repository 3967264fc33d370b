package bench

import (
	"os"
	"time"

	"golang.org/x/sys/unix"
)

// pacer sleeps with a precision of tens of microseconds, which the open
// loop needs: its latencies are measured from intended send times, so a
// late wake-up of the client would be charged to the server. time.Sleep is
// not good enough on Linux: the netpoller waits in epoll with a millisecond
// timeout, so a 50 µs sleep takes about 1 ms. A timerfd read through the
// runtime poller instead wakes the goroutine when the kernel timer fires
// (about 20 µs late on an idle machine, measured), without spinning and
// without blocking an OS thread.
type pacer struct {
	fd  int
	f   *os.File
	buf [8]byte
}

// newPacer returns a pacer, or nil (which falls back to time.Sleep) when no
// timerfd can be created.
func newPacer() *pacer {
	fd, err := unix.TimerfdCreate(unix.CLOCK_MONOTONIC, unix.TFD_NONBLOCK|unix.TFD_CLOEXEC)
	if err != nil {
		return nil
	}
	return &pacer{fd: fd, f: os.NewFile(uintptr(fd), "timerfd")}
}

// sleep waits for d (> 0).
func (p *pacer) sleep(d time.Duration) {
	if p == nil || d <= 0 {
		time.Sleep(d)
		return
	}
	spec := unix.ItimerSpec{Value: unix.NsecToTimespec(int64(d))}
	if err := unix.TimerfdSettime(p.fd, 0, &spec, nil); err != nil {
		time.Sleep(d)
		return
	}
	if _, err := p.f.Read(p.buf[:]); err != nil {
		time.Sleep(d)
	}
}

func (p *pacer) close() {
	if p != nil {
		p.f.Close()
	}
}
