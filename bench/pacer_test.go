package bench

import (
	"slices"
	"testing"
	"time"
)

func TestPacer(t *testing.T) {
	p := newPacer()
	if p == nil {
		t.Skip("no timerfd")
	}
	defer p.close()
	const d = 200 * time.Microsecond
	late := make([]time.Duration, 0, 200)
	for range 200 {
		t0 := time.Now()
		p.sleep(d)
		el := time.Since(t0)
		if el < d {
			t.Fatalf("woke after %v, before %v", el, d)
		}
		late = append(late, el-d)
	}
	slices.Sort(late)
	// time.Sleep is ~1 ms late here; the pacer should usually be well under
	// that. Only the median is checked: a loaded test machine delays some.
	if med := late[len(late)/2]; med > 700*time.Microsecond {
		t.Fatalf("median lateness %v", med)
	}
	if n := testing.AllocsPerRun(100, func() { p.sleep(time.Microsecond) }); n != 0 {
		t.Fatalf("sleep allocates %v times", n)
	}
}
