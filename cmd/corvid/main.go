// Command corvid is the Corvid cache daemon: a drop-in memcached 1.6 on one
// port and a Redis-protocol server on a second, over one engine.
//
// It turns its flags (memcached's own, Corvid's, and Redis parameters as
// --name value) and an optional redis.conf-style file into a server.Config
// and calls server.Run; nothing else. FLAGS.md lists every flag.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/corvidcache/corvid/server"
)

// exitUsage is the exit status of every configuration error (sysexits
// EX_USAGE, as memcached uses for most), so a systemd unit can keep it out
// of its restart loop with RestartPreventExitStatus=64.
const exitUsage = 64

func main() {
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	cfg, warnings, err := parseArgs(args, stdout)
	if errors.Is(err, errDone) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return exitUsage
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, "WARNING: "+w)
	}
	if os.Geteuid() == 0 && cfg.User == "" {
		// memcached refuses to start as root without -u; Corvid starts (CI
		// and containers run as root) but says so.
		fmt.Fprintln(stderr, "WARNING: running as root; use -u <user> to drop privileges")
	}
	if err := server.Run(cfg); err != nil {
		fmt.Fprintln(stderr, "corvid:", err)
		return 1
	}
	return 0
}
