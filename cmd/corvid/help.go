package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/corvidcache/corvid/server"
)

// The help text and FLAGS.md are both generated from the parameter table
// (server.Params), so neither can drift from what the parser accepts.
//
// The help keeps memcached's -h layout. memcached's test harness greps it
// to decide which tests apply ("unix-socket", "ext_path", "sasl",
// "enable-ssl", "proxy_config", "no_drop_privileges"), so it must name only
// what Corvid supports; TestHelpHonest checks that.

const helpIndent = 26

// flagSpec renders a flag's names the way memcached's help does:
// "-p, --port=<num>", "    --maxmemory=<bytes>", "-M, --disable-evictions".
func flagSpec(p *server.Param) string {
	var b strings.Builder
	if p.Short != "" {
		b.WriteString("-" + p.Short + ", ")
	} else {
		b.WriteString("    ")
	}
	b.WriteString("--" + p.Name)
	if p.Flags&server.Switch == 0 {
		b.WriteString("=<" + p.Arg + ">")
	}
	return b.String()
}

// describe is a parameter's meaning with its aliases and default.
func describe(p *server.Param) string {
	s := p.Usage
	if len(p.Aliases) > 0 {
		s += " (also --" + strings.Join(p.Aliases, ", --") + ")"
	}
	if (p.Flags&server.Switch == 0 || p.Flags&server.Extended != 0) && p.Flags&server.WriteOnly == 0 {
		s += " (default: " + showDefault(p.Default()) + ")"
	}
	return s
}

func showDefault(d string) string {
	if d == "" {
		return `""`
	}
	return d
}

// wrap breaks text into lines of at most width columns after the indent.
func wrap(text string, width int) []string {
	var lines []string
	var cur string
	for _, w := range strings.Fields(text) {
		if cur != "" && len(cur)+1+len(w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		if cur != "" {
			cur += " "
		}
		cur += w
	}
	return append(lines, cur)
}

func writeEntry(w io.Writer, left, text string) {
	lines := wrap(text, 100-helpIndent)
	if len(left) < helpIndent {
		fmt.Fprintf(w, "%-*s%s\n", helpIndent, left, lines[0])
	} else {
		fmt.Fprintf(w, "%s\n%*s%s\n", left, helpIndent, "", lines[0])
	}
	for _, l := range lines[1:] {
		fmt.Fprintf(w, "%*s%s\n", helpIndent, "", l)
	}
}

func visible(group string) []*server.Param {
	var out []*server.Param
	for _, p := range server.Params() {
		if p.Group == group && p.Flags&server.Hidden == 0 {
			out = append(out, p)
		}
	}
	return out
}

// writeHelp prints what -h prints.
func writeHelp(w io.Writer) {
	fmt.Fprintln(w, versionLine())
	fmt.Fprintln(w, "Usage: corvid [flags]; every flag also works as a config-file line (--config) without its dashes.")
	for _, p := range visible(server.GroupMemcached) {
		writeEntry(w, flagSpec(p), describe(p))
		if p.Name == "extended" {
			for _, e := range visible(server.GroupExtended) {
				writeEntry(w, "   - "+e.Name+":", describe(e))
			}
			writeEntry(w, "   - others:", extOthers)
		}
	}
	writeEntry(w, "-h, --help", "print this help and exit")
	writeEntry(w, "-V, --version", "print version and exit")
	fmt.Fprintln(w, "\nCorvid:")
	for _, p := range visible(server.GroupCorvid) {
		writeEntry(w, flagSpec(p), describe(p))
	}
	fmt.Fprintln(w, "\nRedis parameters (as --name value, in the config file, and through CONFIG GET/SET):")
	for _, p := range visible(server.GroupRedis) {
		writeEntry(w, flagSpec(p), describe(p))
	}
}

const extOthers = "The other memcached -o options (modern, no_modern, no_hashexpand, no_chunked_items, " +
	"inline_ascii_resp; extstore ext_*, ssl_*, proxy_*, slab_sizes, ...) are accepted; those for features " +
	"corvid lacks only print a warning. An unknown option is an error."

// writeFlagsDoc writes FLAGS.md (see TestFlagsDoc).
func writeFlagsDoc(w io.Writer) {
	fmt.Fprint(w, docIntro)
	section := func(title, intro, group string, ext bool) {
		fmt.Fprintf(w, "\n### %s\n\n%s\n\n", title, intro)
		fmt.Fprintln(w, "| Flag | Default | CONFIG SET | Meaning |")
		fmt.Fprintln(w, "|---|---|---|---|")
		for _, p := range visible(group) {
			name := "`" + strings.TrimSpace(flagSpec(p)) + "`"
			if ext {
				name = "`-o " + p.Name + "=…`"
				if p.Flags&server.Switch != 0 {
					name = "`-o " + p.Name + "`, `-o no_" + p.Name + "`"
				}
			}
			for _, a := range p.Aliases {
				name += "<br>`--" + a + "`"
			}
			def := ""
			if p.Flags&server.WriteOnly == 0 {
				def = "`" + showDefault(p.Default()) + "`"
			}
			mut := ""
			if p.Flags&server.Mutable != 0 {
				mut = "yes"
			}
			fmt.Fprintf(w, "| %s | %s | %s | %s |\n", cell(name), cell(def), mut, cell(html(p.Usage)))
		}
	}
	section("memcached flags", "Same letters, long names, meanings and defaults as memcached 1.6, "+
		"except where the text says otherwise. `-h, --help` prints the help and `-V, --version` the version "+
		"(`"+versionLine()+"`); both exit 0.", server.GroupMemcached, false)
	section("memcached -o options", "Given as `-o name=value,name2` (repeatable), or by name in the config file "+
		"and CONFIG GET/SET (`idle_timeout 5`, `no_lru_crawler`). A bare switch turns it on, `no_<name>` off. "+
		extOthers, server.GroupExtended, true)
	section("Corvid flags", "Corvid's own flags.", server.GroupCorvid, false)
	section("Redis parameters", "Redis's configuration parameters, with Redis's names, units and value syntax "+
		"(booleans are yes/no; byte sizes take Redis units: 1k = 1000, 1kb = 1024, m, mb, g, gb). "+
		"The defaults are Corvid's; they differ from Redis 7's for maxmemory (Redis: 0), maxmemory-policy "+
		"(noeviction), save (3600 1 300 100 60 10000), bind (every interface), supervised (no), and for "+
		"maxclients (10000) and tcp-backlog (511), which are memcached's -c and -b here.", server.GroupRedis, false)
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// html escapes what markdown would take for HTML in plain table text.
func html(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

const docIntro = `## Flags

<!-- Generated by "go test ./cmd/corvid -run TestFlagsDoc -update" from the parameter table in server/config_params.go; do not edit. -->

Corvid takes memcached's own flags, with memcached's meanings and defaults, so ` + "`corvid -p 11211 -m 1024 -t 4 -c 4096`" + `
behaves as memcached would; Redis's configuration parameters as ` + "`--name value`" + `; and a few of its own.
Every flag has one entry in one table (server/config_params.go): the command line, the config file,
CONFIG GET/SET and this page all come from it.

- **Precedence.** Defaults, then the ` + "`--config`" + ` file, then the command line, in order: the command line wins
  over the file, and among flags that set the same thing the last one wins (` + "`-m 64 --maxmemory 1gb`" + ` gives 1 GiB).
- **Config file.** redis.conf syntax: one ` + "`name value...`" + ` per line, where ` + "`name`" + ` is any long flag without
  its dashes, a Redis parameter, an alias or a memcached -o option; ` + "`#`" + ` starts a comment line; values may be
  "double-quoted" (escapes \n \r \t \b \a \\ \" \xHH) or 'single-quoted'; ` + "`include FILE`" + ` (relative to the
  including file, globs allowed) reads another file in place; a switch may stand alone (` + "`disable-cas`" + `);
  several ` + "`save`" + ` lines add up. ` + "`port`" + ` is the memcached port; the Redis port is ` + "`resp-port`" + `.
- **Memory.** ` + "`-m`" + ` (megabytes, or with a binary unit: ` + "`-m 2g`" + `) and ` + "`maxmemory`" + ` (bytes, Redis units) set the
  same limit; 0 means no limit. The default is memcached's 64 MB, not Redis's unlimited.
- **Eviction.** ` + "`maxmemory-policy`" + ` takes Redis's eight policies; the default is ` + "`allkeys-lru`" + `, memcached's
  behaviour; ` + "`-M`" + ` is ` + "`noeviction`" + `.
- **Listening.** One address list (` + "`-l`" + `, or Redis's ` + "`bind`" + `) serves both protocols: memcached on ` + "`-p`" + ` (or an
  address's own port, ` + "`-l 127.0.0.1:11311`" + `), RESP on ` + "`--resp-port`" + `. The default is 127.0.0.1, not
  memcached's every interface. ` + "`-s`" + ` (unix socket) turns the memcached TCP port off, as in memcached, and also
  the RESP and metrics listeners unless ` + "`--resp-port`" + ` / ` + "`--metrics-addr`" + ` are given explicitly. ` + "`--conn-limit`" + ` /
  ` + "`maxclients`" + ` counts the connections of both protocols together.
- **Threads.** ` + "`-t`" + ` defaults to the number of CPUs (memcached's default is 4).
- **Root.** memcached refuses to start as root without ` + "`-u`" + `; Corvid starts, with a warning. With ` + "`-u user`" + `
  it switches to that user after binding its listeners.
- **Accepted, no effect (with a warning):** ` + "`-U`" + ` (no UDP), ` + "`-d`" + ` / ` + "`daemonize`" + ` (corvid stays in the
  foreground; systemd supervises it), ` + "`-e`" + `, ` + "`-L`" + `, ` + "`-B binary`" + ` (only the ASCII text and meta protocol is
  served), ` + "`-N`" + `, and -o options of features Corvid lacks. ` + "`-S`" + ` (SASL), ` + "`-Z`" + ` (TLS) and ` + "`-Y`" + ` (auth file)
  are refused, as by a memcached built without them.
- **Errors** print memcached's message (Redis's for Redis parameters and the config file) and exit with
  status 64 (EX_USAGE); a unit can set ` + "`RestartPreventExitStatus=64`" + `.
`
