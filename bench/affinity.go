package bench

import (
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// ParseCPUList parses a taskset-style CPU list such as "0", "1,3" or "0-2,5".
func ParseCPUList(s string) ([]int, error) {
	var cpus []int
	seen := map[int]bool{}
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		b := a
		if err == nil && isRange {
			b, err = strconv.Atoi(hi)
		}
		if err != nil || a < 0 || b < a || b >= 1024 {
			return nil, fmt.Errorf("bad CPU list %q", s)
		}
		for c := a; c <= b; c++ {
			if !seen[c] {
				seen[c] = true
				cpus = append(cpus, c)
			}
		}
	}
	if len(cpus) == 0 {
		return nil, fmt.Errorf("empty CPU list %q", s)
	}
	return cpus, nil
}

func cpuSet(cpus []int) *unix.CPUSet {
	var set unix.CPUSet
	for _, c := range cpus {
		set.Set(c)
	}
	return &set
}

// PinProcess restricts every thread of process pid (0 = this process) to
// cpus, like taskset -a -p. Threads created later inherit the mask from the
// thread that creates them; since a thread may be created from a not yet
// pinned one while this runs, it repeats until a pass finds every thread
// pinned. The caller sets GOMAXPROCS to match for this process.
func PinProcess(pid int, cpus []int) error {
	if pid == 0 {
		pid = os.Getpid()
	}
	set := cpuSet(cpus)
	for range 10 {
		tasks, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
		if err != nil {
			return unix.SchedSetaffinity(pid, set)
		}
		changed := false
		for _, t := range tasks {
			tid, err := strconv.Atoi(t.Name())
			if err != nil {
				continue
			}
			var cur unix.CPUSet
			if err := unix.SchedGetaffinity(tid, &cur); err == nil && cur == *set {
				continue
			}
			if err := unix.SchedSetaffinity(tid, set); err != nil {
				if err == unix.ESRCH {
					continue // the thread exited meanwhile
				}
				return fmt.Errorf("sched_setaffinity(%d): %w", tid, err)
			}
			changed = true
		}
		if !changed {
			return nil
		}
	}
	return nil
}

// startPinned starts cmd so that it runs on cpus from its first instruction:
// the fork happens on an OS thread whose mask is set to cpus for the moment,
// and the child inherits it. The thread gets its old mask back afterwards and
// stays alive, which matters because Pdeathsig fires when the thread that
// forked the child exits.
func startPinned(cmd *exec.Cmd, cpus []int) error {
	if len(cpus) == 0 {
		return cmd.Start()
	}
	errc := make(chan error, 1)
	go func() { // a goroutine of its own, so a thread stuck with the wrong mask can be discarded
		runtime.LockOSThread()
		var old unix.CPUSet
		if err := unix.SchedGetaffinity(0, &old); err != nil {
			errc <- fmt.Errorf("sched_getaffinity: %w", err)
			return // exiting while locked discards the thread
		}
		if err := unix.SchedSetaffinity(0, cpuSet(cpus)); err != nil {
			errc <- fmt.Errorf("sched_setaffinity: %w", err)
			return
		}
		startErr := cmd.Start()
		if err := unix.SchedSetaffinity(0, &old); err == nil {
			runtime.UnlockOSThread()
		}
		errc <- startErr
	}()
	if err := <-errc; err != nil {
		return err
	}
	// Belt and braces: pin every thread the child already has.
	return PinProcess(cmd.Process.Pid, cpus)
}

// Affinity returns the CPUs process pid (0 = this one) may run on.
func Affinity(pid int) ([]int, error) {
	var set unix.CPUSet
	if err := unix.SchedGetaffinity(pid, &set); err != nil {
		return nil, err
	}
	var cpus []int
	for c := range 1024 {
		if set.IsSet(c) {
			cpus = append(cpus, c)
		}
	}
	return cpus, nil
}

// IsTerminal reports whether f is a terminal (a TCGETS ioctl succeeds), which
// /dev/null, also a character device, is not.
func IsTerminal(f *os.File) bool {
	_, err := unix.IoctlGetTermios(int(f.Fd()), unix.TCGETS)
	return err == nil
}
