package conformance

import (
	"os"
	"testing"
)

// runKnownBugs (CORVID_BUGS=1) runs the tests of Corvid bugs that are known
// and not fixed yet, and lets the differential test generate what triggers
// them.
var runKnownBugs = os.Getenv("CORVID_BUGS") == "1"

// knownBug skips a test that shows a known, unfixed Corvid bug, unless
// CORVID_BUGS=1. Remove the call when the bug is fixed.
func knownBug(t *testing.T, what string) {
	t.Helper()
	if !runKnownBugs {
		t.Skip("BUG: " + what + " (CORVID_BUGS=1 runs it)")
	}
}
