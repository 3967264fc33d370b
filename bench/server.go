package bench

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ServerKind is a server compare knows how to start.
type ServerKind uint8

const (
	KindCorvid    ServerKind = iota // memcached protocol and RESP in one process
	KindMemcached                   // memcached 1.6
	KindRedis                       // redis-server 7
)

var kindNames = [...]string{KindCorvid: "corvid", KindMemcached: "memcached", KindRedis: "redis"}

func (k ServerKind) String() string { return kindNames[k] }

// ParseServerKind accepts corvid, memcached and redis.
func ParseServerKind(s string) (ServerKind, error) {
	for i, n := range kindNames {
		if s == n || (s == "redis-server" && i == int(KindRedis)) {
			return ServerKind(i), nil
		}
	}
	return 0, fmt.Errorf("unknown server %q (want corvid, memcached or redis)", s)
}

// Speaks reports whether a server of kind k speaks protocol p.
func (k ServerKind) Speaks(p Protocol) bool {
	switch k {
	case KindCorvid:
		return true
	case KindMemcached:
		return p.Memcached()
	}
	return p == ProtoRESP
}

// ServerSpec says how to start one server.
type ServerSpec struct {
	Kind     ServerKind
	Path     string // executable
	MemoryMB int    // memory limit (memcached -m, redis --maxmemory)
	Threads  int    // worker threads (memcached -t; redis --io-threads)
	CPUs     []int  // pin the server to these CPUs; empty = no pinning
	Args     []string
}

// Server is a running server process on loopback ports.
type Server struct {
	Spec     ServerSpec
	MCAddr   string // memcached protocol address, "" if not spoken
	RESPAddr string // RESP address, "" if not spoken
	Cmd      *exec.Cmd
	Args     []string // the command line, shell-quoted for display
	out      *TailBuffer
	exited   chan struct{}
	waitErr  error
}

// Addr returns the address where s speaks p, or "".
func (s *Server) Addr(p Protocol) string {
	if p.Memcached() {
		return s.MCAddr
	}
	return s.RESPAddr
}

// FreePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func FreePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// StartServer starts the server on free loopback ports and waits until every
// port it should listen on accepts connections.
func StartServer(ctx context.Context, spec ServerSpec) (*Server, error) {
	if _, err := exec.LookPath(spec.Path); err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Kind, err)
	}
	if spec.MemoryMB <= 0 {
		spec.MemoryMB = 1024
	}
	if spec.Threads <= 0 {
		spec.Threads = 4
	}
	p1, err := FreePort()
	if err != nil {
		return nil, err
	}
	s := &Server{Spec: spec, out: &TailBuffer{Max: 4096}, exited: make(chan struct{})}
	mem, threads, port := strconv.Itoa(spec.MemoryMB), strconv.Itoa(spec.Threads), strconv.Itoa(p1)
	var args []string
	switch spec.Kind {
	case KindCorvid:
		p2, err := FreePort()
		if err != nil {
			return nil, err
		}
		for p2 == p1 {
			if p2, err = FreePort(); err != nil {
				return nil, err
			}
		}
		args = []string{"-p", port, "-l", "127.0.0.1", "-m", mem, "-t", threads, "-U", "0", "--resp-port", strconv.Itoa(p2)}
		s.MCAddr, s.RESPAddr = "127.0.0.1:"+port, "127.0.0.1:"+strconv.Itoa(p2)
	case KindMemcached:
		args = []string{"-p", port, "-l", "127.0.0.1", "-m", mem, "-t", threads, "-U", "0"}
		if os.Geteuid() == 0 {
			args = append(args, "-u", "nobody") // memcached refuses to run as root otherwise
		}
		s.MCAddr = "127.0.0.1:" + port
	case KindRedis:
		args = []string{"--port", port, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
			"--maxmemory", mem + "mb", "--maxmemory-policy", "allkeys-lru"}
		if spec.Threads > 1 {
			args = append(args, "--io-threads", threads, "--io-threads-do-reads", "yes")
		}
		s.RESPAddr = "127.0.0.1:" + port
	}
	args = append(args, spec.Args...)
	s.Args = append([]string{spec.Path}, args...)
	for i, a := range s.Args {
		if a == "" || strings.ContainsAny(a, " '\"") {
			s.Args[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	cmd := exec.Command(spec.Path, args...)
	cmd.Stdout, cmd.Stderr = s.out, s.out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := startPinned(cmd, spec.CPUs); err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Kind, err)
	}
	s.Cmd = cmd
	go func() { s.waitErr = cmd.Wait(); close(s.exited) }()

	deadline := time.Now().Add(15 * time.Second)
	for _, addr := range []string{s.MCAddr, s.RESPAddr} {
		if addr == "" {
			continue
		}
		for {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err == nil {
				c.Close()
				break
			}
			select {
			case <-s.exited:
				return nil, fmt.Errorf("%s exited during start-up (%v): %s", spec.Kind, s.waitErr, lastLines(s.out.Bytes(), 3))
			case <-ctx.Done():
				s.Stop()
				return nil, ctx.Err()
			case <-time.After(10 * time.Millisecond):
			}
			if time.Now().After(deadline) {
				s.Stop()
				return nil, fmt.Errorf("%s did not listen on %s within 15s: %s", spec.Kind, addr, lastLines(s.out.Bytes(), 3))
			}
		}
	}
	return s, nil
}

// Pid returns the server's process id.
func (s *Server) Pid() int { return s.Cmd.Process.Pid }

// Output returns the last few KiB the server wrote to stdout and stderr.
func (s *Server) Output() string { return string(s.out.Bytes()) }

// Alive reports whether the process is still running.
func (s *Server) Alive() bool {
	select {
	case <-s.exited:
		return false
	default:
		return true
	}
}

// Stop sends SIGTERM to the server's process group (it runs in one of its
// own), waits up to 3 seconds, then kills the group.
func (s *Server) Stop() error {
	if s.Cmd == nil || s.Cmd.Process == nil {
		return nil
	}
	pid := s.Cmd.Process.Pid
	syscall.Kill(-pid, syscall.SIGTERM)
	select {
	case <-s.exited:
	case <-time.After(3 * time.Second):
		syscall.Kill(-pid, syscall.SIGKILL)
		<-s.exited
	}
	syscall.Kill(-pid, syscall.SIGKILL) // whatever the server left behind
	return nil
}

// CPUTime returns the user+system CPU time process pid has used so far, all
// threads together (fields 14 and 15 of /proc/PID/stat).
func CPUTime(pid int) (time.Duration, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, err
	}
	return parseStatCPU(b, clockTicks())
}

// TreeCPUTime is CPUTime summed over pid and all its descendants, for a
// server started through a wrapper that forks.
func TreeCPUTime(pid int) (time.Duration, error) {
	total, err := CPUTime(pid)
	if err != nil {
		return 0, err
	}
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return total, nil
	}
	children := map[int][]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		if ppid, ok := parseStatPPID(b); ok {
			children[ppid] = append(children[ppid], p)
		}
	}
	queue := children[pid]
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		if t, err := CPUTime(p); err == nil {
			total += t
		}
		queue = append(queue, children[p]...)
	}
	return total, nil
}

// parseStatPPID extracts the parent pid (field 4) from a /proc/PID/stat line.
func parseStatPPID(b []byte) (int, bool) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, false
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 2 {
		return 0, false
	}
	n, err := strconv.Atoi(string(f[1]))
	return n, err == nil
}

// parseStatCPU extracts utime+stime from a /proc/PID/stat line. The command
// name (field 2) may contain spaces and parentheses, so fields are counted
// from the last ')'.
func parseStatCPU(b []byte, ticks int64) (time.Duration, error) {
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return 0, errors.New("malformed /proc stat")
	}
	fields := bytes.Fields(b[i+1:]) // fields[0] is field 3 (state)
	if len(fields) < 13 {
		return 0, errors.New("short /proc stat")
	}
	ut, err1 := strconv.ParseInt(string(fields[11]), 10, 64)
	st, err2 := strconv.ParseInt(string(fields[12]), 10, 64)
	if err1 != nil || err2 != nil {
		return 0, errors.New("malformed /proc stat times")
	}
	return time.Duration((ut + st) * int64(time.Second) / ticks), nil
}

var clockTicksOnce = sync.OnceValue(func() int64 {
	// AT_CLKTCK (17) in the auxiliary vector is sysconf(_SC_CLK_TCK).
	if b, err := os.ReadFile("/proc/self/auxv"); err == nil {
		for i := 0; i+16 <= len(b); i += 16 {
			tag, val := binary.NativeEndian.Uint64(b[i:]), binary.NativeEndian.Uint64(b[i+8:])
			if tag == 17 && val > 0 {
				return int64(val)
			}
		}
	}
	return 100
})

func clockTicks() int64 { return clockTicksOnce() }

// TailBuffer keeps the last Max bytes written to it (a server's output, for
// error messages); it is safe for concurrent use.
type TailBuffer struct {
	Max int
	mu  sync.Mutex
	b   []byte
}

func (t *TailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if len(t.b) > t.Max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.Max:]...)
	}
	return len(p), nil
}

// Bytes returns a copy of what is kept.
func (t *TailBuffer) Bytes() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]byte(nil), t.b...)
}

// String returns what is kept.
func (t *TailBuffer) String() string { return string(t.Bytes()) }
