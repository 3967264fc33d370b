package conformance

import (
	"context"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/corvidcache/corvid/test/harness"
)

// memccapableASCII lists the ASCII checks of Debian's memccapable
// (libmemcached-tools); memcached 1.6.18 passes all of them.
var memccapableASCII = []string{
	"ascii version", "ascii quit", "ascii verbosity", "ascii set", "ascii set noreply", "ascii get",
	"ascii gets", "ascii mget", "ascii flush", "ascii flush noreply", "ascii add", "ascii add noreply",
	"ascii replace", "ascii replace noreply", "ascii cas", "ascii cas noreply", "ascii delete",
	"ascii delete noreply", "ascii incr", "ascii incr noreply", "ascii decr", "ascii decr noreply",
	"ascii append", "ascii append noreply", "ascii prepend", "ascii prepend noreply", "ascii stat",
}

var memccapableLine = regexp.MustCompile(`(?m)^(ascii [a-z ]+?)\s+\[(\w+)\]`)

// TestMemccapable runs Debian's memccapable ASCII suite against Corvid
// (and the reference memcached, to show the suite itself passes there)
// and requires every check to pass.
func TestMemccapable(t *testing.T) {
	t.Parallel()
	bin, err := exec.LookPath("memccapable")
	if err != nil {
		if os.Getenv("CORVID_REQUIRE_REFERENCE") == "1" {
			t.Fatal("memccapable is not installed (apt-get install libmemcached-tools)")
		}
		t.Skip("memccapable is not installed (apt-get install libmemcached-tools)")
	}
	servers := []*harness.Server{harness.StartCorvid(t)}
	if refAvailable(t) {
		servers = append(servers, harness.StartMemcached(t))
	}
	type result struct {
		res map[string]string
		out string
	}
	results := make([]result, len(servers))
	done := make(chan int, len(servers))
	for i, s := range servers {
		go func() {
			defer func() { done <- i }()
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			out, _ := exec.CommandContext(ctx, bin, "-a", "-t", "10", "-h", "127.0.0.1", "-p", strconv.Itoa(s.Port)).CombinedOutput()
			res := map[string]string{}
			for _, m := range memccapableLine.FindAllStringSubmatch(string(out), -1) {
				res[strings.TrimSpace(m[1])] = m[2]
			}
			results[i] = result{res, string(out)}
		}()
	}
	for range servers {
		<-done
	}
	for i, s := range servers {
		r := results[i]
		for _, name := range memccapableASCII {
			if got := r.res[name]; got != "pass" {
				t.Errorf("%s: %q: %q", s.Name, name, got)
			}
		}
		if !strings.Contains(r.out, "All tests passed") {
			t.Errorf("%s: memccapable output:\n%s", s.Name, r.out)
		}
	}
}
