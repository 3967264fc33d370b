// Package conformance drives the real bin/corvid over loopback with real
// clients (gomemcache, raw net.Conn, Debian's memccapable) and compares it
// with the reference memcached; see ../harness for how servers start.
//
// Files: mc_<feature>_test.go are the end-to-end tests of the memcached
// face, memcache_diff_test.go the differential test against memcached,
// memccapable_test.go the libmemcached-tools suite, bugs_test.go the switch
// for tests of known Corvid bugs.
//
// Environment:
//
//	CORVID_BIN=path            test this binary instead of building ./cmd/corvid
//	CORVID_REQUIRE_REFERENCE=1 fail, not skip, when memcached or memccapable is missing (CI)
//	CORVID_BUGS=1              run the tests of known, unfixed Corvid bugs (they fail)
//	CORVID_DIFF_SEQS, _CMDS, _SEED, _FIRST, _HISTORY   see TestMemcacheDiff
package conformance

import (
	"testing"

	"github.com/corvidcache/corvid/test/harness"
)

func TestMain(m *testing.M) { harness.Main(m) }
