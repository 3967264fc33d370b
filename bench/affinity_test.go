package bench

import (
	"os/exec"
	"slices"
	"testing"
)

func TestParseCPUList(t *testing.T) {
	f := func(in string, want []int) {
		t.Helper()
		got, err := ParseCPUList(in)
		if want == nil {
			if err == nil {
				t.Fatalf("%q accepted as %v", in, got)
			}
			return
		}
		if err != nil || !slices.Equal(got, want) {
			t.Fatalf("%q: %v %v, want %v", in, got, err, want)
		}
	}
	f("0", []int{0})
	f("1,3", []int{1, 3})
	f("0-2,5,1", []int{0, 1, 2, 5})
	f("", nil)
	f("2-1", nil)
	f("x", nil)
	f("-1", nil)
}

func TestStartPinned(t *testing.T) {
	cpus, err := Affinity(0)
	if err != nil || len(cpus) == 0 {
		t.Skip("no affinity:", err)
	}
	want := cpus[len(cpus)-1:]
	cmd := exec.Command("sleep", "5")
	if err := startPinned(cmd, want); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	got, err := Affinity(cmd.Process.Pid)
	if err != nil || !slices.Equal(got, want) {
		t.Fatalf("child affinity %v %v, want %v", got, err, want)
	}
	// This process keeps its own mask.
	if self, _ := Affinity(0); !slices.Equal(self, cpus) {
		t.Fatalf("own affinity changed from %v to %v", cpus, self)
	}
}

func TestPinProcess(t *testing.T) {
	cpus, err := Affinity(0)
	if err != nil || len(cpus) == 0 {
		t.Skip("no affinity:", err)
	}
	want := cpus[len(cpus)-1:]
	cmd := exec.Command("sleep", "5")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	if err := PinProcess(cmd.Process.Pid, want); err != nil {
		t.Fatal(err)
	}
	if got, err := Affinity(cmd.Process.Pid); err != nil || !slices.Equal(got, want) {
		t.Fatalf("affinity %v %v, want %v", got, err, want)
	}
}
