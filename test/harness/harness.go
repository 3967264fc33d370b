// Package harness starts and stops the servers that the end-to-end tests
// talk to over loopback: bin/corvid and, as a reference, a real memcached.
//
// The Corvid binary is $CORVID_BIN when set, else it is built once per test
// binary with "go build" from the module that contains the test's working
// directory; call Main from TestMain so that the built binary is removed
// afterwards.
//
// A reference server that is not installed makes its test skip, unless
// CORVID_REQUIRE_REFERENCE=1 (set in CI), which makes it fail.
//
// Every helper bounds its waits: starting waits at most StartTimeout for the
// port, stopping sends SIGTERM and kills after a timeout, and connections
// read under a deadline.
package harness

import (
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/corvidcache/corvid/bench"
)

const (
	// StartTimeout bounds the wait for a server's port to accept.
	StartTimeout = 10 * time.Second
	// StopTimeout is how long Stop waits after SIGTERM before SIGKILL.
	StopTimeout = 10 * time.Second
	// MemcachedPath is the reference memcached.
	MemcachedPath = "/usr/bin/memcached"
)

var build struct {
	once sync.Once
	dir  string
	bin  string
	err  error
}

// Main runs the tests of a package that uses the harness and removes the
// binary it built, if any:
//
//	func TestMain(m *testing.M) { harness.Main(m) }
func Main(m *testing.M) {
	code := m.Run()
	if build.dir != "" {
		os.RemoveAll(build.dir)
	}
	os.Exit(code)
}

// ModuleRoot returns the directory holding go.mod, searched upwards from
// the working directory.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("harness: no go.mod above the working directory")
		}
		dir = parent
	}
}

// CorvidBin returns the path of the corvid binary to test: $CORVID_BIN, or
// one built once per test binary from the module's ./cmd/corvid.
func CorvidBin(t testing.TB) string {
	t.Helper()
	if p := os.Getenv("CORVID_BIN"); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("CORVID_BIN: %v", err)
		}
		return p
	}
	build.once.Do(func() {
		root, err := ModuleRoot()
		if err != nil {
			build.err = err
			return
		}
		dir, err := os.MkdirTemp("", "corvid-test-bin-")
		if err != nil {
			build.err = err
			return
		}
		build.dir = dir
		bin := filepath.Join(dir, "corvid")
		cmd := exec.Command("go", "build", "-o", bin, "./cmd/corvid")
		cmd.Dir = root
		out, err := cmd.CombinedOutput()
		if err != nil {
			build.err = fmt.Errorf("go build ./cmd/corvid: %v\n%s", err, out)
			return
		}
		build.bin = bin
	})
	if build.err != nil {
		t.Fatal(build.err)
	}
	return build.bin
}

// RequireReference skips the test when the reference binary at path is
// missing, or fails it when CORVID_REQUIRE_REFERENCE=1.
func RequireReference(t testing.TB, path string) {
	t.Helper()
	if _, err := exec.LookPath(path); err == nil {
		return
	}
	if os.Getenv("CORVID_REQUIRE_REFERENCE") == "1" {
		t.Fatalf("reference %s is not installed (CORVID_REQUIRE_REFERENCE=1)", path)
	}
	t.Skipf("reference %s is not installed", path)
}

// Server is a server process started by the harness.
type Server struct {
	Name   string // "corvid" or "memcached"
	Addr   string // 127.0.0.1:port of the memcached port; "" with -s
	Port   int
	Socket string // the -s path, if any
	Args   []string

	t       testing.TB
	cmd     *exec.Cmd
	stderr  *bench.TailBuffer
	done    chan struct{}
	waitErr error
	stopped bool
	mu      sync.Mutex
	expect  bool // an exit is expected (shutdown tests): Cleanup does not complain
}

// PID is the server's process id.
func (s *Server) PID() int { return s.cmd.Process.Pid }

// StartCorvid starts the Corvid binary on a free loopback port, with its
// RESP port and metrics endpoint off, plus args (memcached-style flags).
// With "-s PATH" in args no TCP port is given and Addr is empty. The server
// is stopped when the test ends; if it died on its own (a crash), or exits
// with a non-zero status on SIGTERM, the test fails.
func StartCorvid(t testing.TB, args ...string) *Server {
	t.Helper()
	bin := CorvidBin(t)
	return start(t, "corvid", bin, func(port int) []string {
		a := []string{"-l", "127.0.0.1", "--resp-port", "0", "--metrics-addr", ""}
		if port > 0 {
			a = append(a, "-p", strconv.Itoa(port))
		}
		return append(a, args...)
	}, args)
}

// StartMemcached starts the reference memcached (MemcachedPath) on a free
// loopback port without UDP, plus args; as root it adds "-u nobody". It
// skips the test when memcached is not installed (see RequireReference).
func StartMemcached(t testing.TB, args ...string) *Server {
	t.Helper()
	RequireReference(t, MemcachedPath)
	return start(t, "memcached", MemcachedPath, func(port int) []string {
		a := []string{"-U", "0", "-l", "127.0.0.1"}
		if port > 0 {
			a = append(a, "-p", strconv.Itoa(port))
		}
		if os.Geteuid() == 0 {
			a = append(a, "-u", "nobody")
		}
		return append(a, args...)
	}, args)
}

func start(t testing.TB, name, bin string, mkArgs func(port int) []string, extra []string) *Server {
	t.Helper()
	socket := ""
	for i, a := range extra {
		if a == "-s" && i+1 < len(extra) {
			socket = extra[i+1]
		}
	}
	var lastErr error
	for attempt := 0; attempt < 3; attempt++ {
		port := 0
		if socket == "" {
			var err error
			if port, err = FreePort(); err != nil {
				t.Fatal(err)
			}
		}
		s := &Server{Name: name, Port: port, Socket: socket, Args: mkArgs(port), t: t,
			stderr: &bench.TailBuffer{Max: 64 << 10}, done: make(chan struct{})}
		if port > 0 {
			s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
		}
		s.cmd = exec.Command(bin, s.Args...)
		s.cmd.Stdout = s.stderr
		s.cmd.Stderr = s.stderr
		if err := s.cmd.Start(); err != nil {
			t.Fatalf("start %s: %v", name, err)
		}
		go func() {
			s.waitErr = s.cmd.Wait()
			close(s.done)
		}()
		network, addr := "tcp", s.Addr
		if socket != "" {
			network, addr = "unix", socket
		}
		if err := s.waitReady(network, addr); err != nil {
			lastErr = err
			s.kill()
			if strings.Contains(s.Stderr(), "in use") {
				continue // lost the race for the port: try another one
			}
			break
		}
		t.Cleanup(s.cleanup)
		return s
	}
	t.Fatalf("%s did not start: %v", name, lastErr)
	return nil
}

func (s *Server) waitReady(network, addr string) error {
	deadline := time.Now().Add(StartTimeout)
	for time.Now().Before(deadline) {
		select {
		case <-s.done:
			return fmt.Errorf("exited: %v; output:\n%s", s.waitErr, s.Stderr())
		default:
		}
		c, err := net.DialTimeout(network, addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		time.Sleep(10 * time.Millisecond)
	}
	return fmt.Errorf("%s %s not accepting after %v; output:\n%s", network, addr, StartTimeout, s.Stderr())
}

// ExpectExit tells the harness that the server is meant to exit on its own
// (shutdown command, a signal sent by the test), so its end is not a crash.
func (s *Server) ExpectExit() {
	s.mu.Lock()
	s.expect = true
	s.mu.Unlock()
}

func (s *Server) cleanup() {
	s.mu.Lock()
	stopped, expect := s.stopped, s.expect
	s.mu.Unlock()
	if stopped {
		return
	}
	select {
	case <-s.done:
		if !expect {
			s.t.Errorf("%s exited during the test (%v); output:\n%s", s.Name, s.waitErr, s.Stderr())
		}
		return
	default:
	}
	if s.Name != "corvid" {
		// A reference server's exit is not under test, and memcached
		// takes a second to stop on SIGTERM.
		s.kill()
		return
	}
	code, err := s.Stop(StopTimeout)
	if err != nil {
		s.t.Errorf("%s: %v", s.Name, err)
	} else if code != 0 && s.Name == "corvid" {
		s.t.Errorf("%s exited with status %d on SIGTERM; output:\n%s", s.Name, code, s.Stderr())
	}
}

func (s *Server) kill() {
	_ = s.cmd.Process.Kill()
	<-s.done
}

// Signal sends sig to the server.
func (s *Server) Signal(sig os.Signal) error { return s.cmd.Process.Signal(sig) }

// Wait waits up to timeout for the process to exit and returns its exit
// status (-1 when killed by a signal); ok is false on timeout.
func (s *Server) Wait(timeout time.Duration) (code int, ok bool) {
	select {
	case <-s.done:
	case <-time.After(timeout):
		return 0, false
	}
	s.mu.Lock()
	s.stopped = true
	s.mu.Unlock()
	return s.cmd.ProcessState.ExitCode(), true
}

// Exited reports whether the process has ended.
func (s *Server) Exited() bool {
	select {
	case <-s.done:
		return true
	default:
		return false
	}
}

// Stop sends SIGTERM, waits up to timeout, then kills the process. It
// returns the exit status; err says it had to be killed.
func (s *Server) Stop(timeout time.Duration) (code int, err error) {
	if !s.Exited() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
	}
	code, ok := s.Wait(timeout)
	if !ok {
		s.kill()
		s.mu.Lock()
		s.stopped = true
		s.mu.Unlock()
		return -1, fmt.Errorf("did not exit %v after SIGTERM; killed", timeout)
	}
	return code, nil
}

// Stderr returns the end of what the server printed.
func (s *Server) Stderr() string { return s.stderr.String() }

// RSS returns the server's resident set size in bytes (VmRSS).
func (s *Server) RSS() (int64, error) { return RSS(s.PID()) }

// RSS returns a process's VmRSS in bytes from /proc/PID/status.
func RSS(pid int) (int64, error) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
	if err != nil {
		return 0, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) >= 2 && f[0] == "VmRSS:" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			return kb << 10, err
		}
	}
	return 0, errors.New("no VmRSS")
}

// Dial connects to the server's memcached port (or socket).
func (s *Server) Dial(t testing.TB) *Conn {
	t.Helper()
	if s.Socket != "" {
		return Dial(t, "unix", s.Socket)
	}
	return Dial(t, "tcp", s.Addr)
}

// FreePort returns a loopback TCP port that was free a moment ago.
func FreePort() (int, error) { return bench.FreePort() }

// WaitPort waits up to timeout until addr accepts a connection.
func WaitPort(network, addr string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	for {
		c, err := net.DialTimeout(network, addr, time.Second)
		if err == nil {
			c.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(10 * time.Millisecond)
	}
}
