// Package conformance drives the real bin/corvid over loopback with real
// clients (gomemcache, raw net.Conn) and compares it with the reference
// servers; see ../harness.
package conformance

import (
	"testing"

	"github.com/corvidcache/corvid/test/harness"
)

func TestMain(m *testing.M) { harness.Main(m) }
