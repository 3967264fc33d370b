package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/corvidcache/corvid/server"
	"github.com/urfave/cli/v2"
)

// errDone ends parsing after --help or --version printed what was asked.
var errDone = errors.New("done")

// usageError is an error message printed as is.
type usageError string

func (e usageError) Error() string { return string(e) }

// occurrence is one flag as it appeared on the command line, in order.
type occurrence struct {
	param *server.Param // nil for -h and -V
	name  string        // "help" or "version" when param is nil
	value string
}

// argLog collects the occurrences while urfave/cli parses: flags are
// applied only afterwards, in command-line order, on top of the config
// file, so that the last of -m and --maxmemory wins and the command line
// wins over the file.
type argLog struct{ occ []occurrence }

// recValue is the flag.Value behind every name of one flag.
type recValue struct {
	log    *argLog
	param  *server.Param
	name   string
	isBool bool
}

func (v *recValue) String() string   { return "" }
func (v *recValue) IsBoolFlag() bool { return v.isBool }
func (v *recValue) Set(s string) error {
	v.log.occ = append(v.log.occ, occurrence{param: v.param, name: v.name, value: s})
	return nil
}

// paramFlag is the urfave/cli flag generated from one parameter-table
// entry (or -h / -V). It registers the long name, the aliases and the
// short letter on the flag set, but reports only its first name to
// urfave/cli, which would otherwise refuse "-m 64 --memory-limit 128"
// ("two forms of the same flag") where memcached takes the last.
type paramFlag struct {
	names  []string
	usage  string
	hidden bool
	value  *recValue
}

func (f *paramFlag) String() string   { return "--" + f.names[0] }
func (f *paramFlag) Names() []string  { return f.names[:1] }
func (f *paramFlag) IsSet() bool      { return false }
func (f *paramFlag) IsVisible() bool  { return !f.hidden }
func (f *paramFlag) TakesValue() bool { return !f.value.isBool }
func (f *paramFlag) GetUsage() string { return f.usage }
func (f *paramFlag) GetValue() string { return "" }
func (f *paramFlag) GetDefaultText() string {
	if f.value.param != nil {
		return f.value.param.Default()
	}
	return ""
}
func (f *paramFlag) GetEnvVars() []string { return nil }
func (f *paramFlag) Apply(set *flag.FlagSet) error {
	for _, n := range f.names {
		set.Var(f.value, n, f.usage)
	}
	return nil
}

// buildFlags generates the urfave/cli flags from the parameter table:
// every parameter that is not a -o option becomes --name (plus --alias and
// memcached's -x), recording into log.
func buildFlags(log *argLog) []cli.Flag {
	var flags []cli.Flag
	for _, p := range server.Params() {
		if p.Flags&server.Extended != 0 {
			continue
		}
		names := p.Names()
		if p.Short != "" {
			names = append(names, p.Short)
		}
		flags = append(flags, &paramFlag{
			names:  names,
			usage:  p.Usage,
			hidden: p.Flags&server.Hidden != 0,
			value:  &recValue{log: log, param: p, isBool: p.Flags&server.Switch != 0},
		})
	}
	// Redis parameters Corvid accepts without using them are flags too, as
	// redis-server takes any parameter as --name value; hidden from -h.
	for _, p := range server.CompatParams() {
		flags = append(flags, &paramFlag{
			names:  p.Names(),
			usage:  p.Usage,
			hidden: true,
			value:  &recValue{log: log, param: p, isBool: p.Flags&server.Switch != 0},
		})
	}
	for _, a := range []struct{ name, short, usage string }{
		{"help", "h", "print this help and exit"},
		{"version", "V", "print version and exit"},
	} {
		flags = append(flags, &paramFlag{
			names: []string{a.name, a.short},
			usage: a.usage,
			value: &recValue{log: log, name: a.name, isBool: true},
		})
	}
	return flags
}

// shortTakesValue reports whether memcached's short flag letter takes a
// value (true), is a switch (false), or is unknown (ok false).
func shortTakesValue(letter string) (takes, ok bool) {
	switch letter {
	case "h", "V":
		return false, true
	}
	p := server.LookupShort(letter)
	if p == nil {
		return false, false
	}
	return p.Flags&server.Switch == 0, true
}

// expandArgs rewrites argv the way getopt reads it, so the Go flag package
// underneath urfave/cli sees one flag per argument: "-vv" becomes
// "-v -v", "-MC" "-M -C", "-p11211" "-p 11211". Values are never
// rewritten ("-c -1" stays a -c of -1), and everything after "--" or the
// first non-flag argument is left alone.
func expandArgs(args []string) []string {
	out := make([]string, 0, len(args))
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--" || len(a) < 2 || a[0] != '-':
			return append(out, args[i:]...)
		case strings.HasPrefix(a, "--"):
			out = append(out, a)
			name := a[2:]
			if p := server.LookupParam(name); p != nil && p.Flags&server.Switch == 0 && !strings.Contains(name, "=") && i+1 < len(args) {
				out = append(out, args[i+1])
				i++
			}
			continue
		}
		for j := 1; j < len(a); j++ {
			letter := a[j : j+1]
			takes, ok := shortTakesValue(letter)
			if !ok {
				out = append(out, "-"+a[j:]) // let the parser report it
				break
			}
			out = append(out, "-"+letter)
			if !takes {
				continue
			}
			if j+1 < len(a) {
				out = append(out, a[j+1:])
			} else if i+1 < len(args) {
				out = append(out, args[i+1])
				i++
			}
			break
		}
	}
	return out
}

// parseArgs turns argv into a validated Config: defaults, then the
// --config file, then the flags in command-line order. It returns errDone
// after printing the help or the version to stdout. Errors carry the
// message memcached (or Redis, for Redis parameters and the config file)
// prints for the same mistake.
func parseArgs(args []string, stdout io.Writer) (*server.Config, []string, error) {
	log := &argLog{}
	var (
		cfg      *server.Config
		warnings []string
	)
	app := &cli.App{
		Name:            "corvid",
		HideHelp:        true,
		HideHelpCommand: true,
		HideVersion:     true,
		Writer:          stdout,
		ErrWriter:       io.Discard,
		Flags:           buildFlags(log),
		ExitErrHandler:  func(*cli.Context, error) {},
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			msg := err.Error()
			if rest, ok := strings.CutPrefix(msg, "flag provided but not defined: "); ok {
				return usageError(fmt.Sprintf("Illegal argument %q", strings.TrimLeft(rest, "-"))) // memcached's words
			}
			return errors.New(msg)
		},
		Action: func(cCtx *cli.Context) error {
			var err error
			cfg, warnings, err = configure(log.occ, cCtx.Args().Slice(), stdout)
			return err
		},
	}
	argv := append([]string{"corvid"}, expandArgs(args[1:])...)
	if err := app.Run(argv); err != nil {
		return nil, nil, err
	}
	return cfg, warnings, nil
}

// configure applies the recorded occurrences.
func configure(occ []occurrence, rest []string, stdout io.Writer) (*server.Config, []string, error) {
	for _, o := range occ {
		switch o.name {
		case "help":
			writeHelp(stdout)
			return nil, nil, errDone
		case "version":
			fmt.Fprintln(stdout, versionLine())
			return nil, nil, errDone
		}
	}
	if len(rest) > 0 {
		return nil, nil, fmt.Errorf("unexpected argument %q (give a config file with --config FILE; quote multi-word values)", rest[0])
	}
	cfg := server.DefaultConfig()
	configFile := ""
	for _, o := range occ {
		if o.param != nil && o.param.Name == "config" {
			configFile = o.value
		}
	}
	if configFile != "" {
		if err := cfg.LoadFile(configFile); err != nil {
			return nil, nil, err
		}
	}
	seen := map[string]bool{}
	for _, o := range occ {
		if o.param == nil {
			continue
		}
		if err := cfg.SetArg(o.param.Name, o.value, seen[o.param.Name]); err != nil {
			return nil, nil, err
		}
		seen[o.param.Name] = true
	}
	warnings, err := cfg.Validate()
	if err != nil {
		return nil, nil, err
	}
	return cfg, warnings, nil
}

func versionLine() string {
	return fmt.Sprintf("corvid %s (memcached %s, redis %s compatible)", server.Version, server.MemcachedVersion, server.RedisVersion)
}
