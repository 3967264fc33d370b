package server

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/corvidcache/corvid/protocol/resp"
)

// maxIncludeDepth bounds nested includes (and so include loops).
const maxIncludeDepth = 16

// FileError is a config-file error: where it is and why. Its message has
// the shape of Redis's "FATAL CONFIG FILE ERROR" report.
type FileError struct {
	Path string // the file holding the bad line
	Line int    // 1-based line number
	Text string // the line as written
	Err  error
}

func (e *FileError) Error() string {
	return fmt.Sprintf("*** FATAL CONFIG FILE ERROR ***\nReading the configuration file %s, at line %d\n>>> '%s'\n%v",
		e.Path, e.Line, e.Text, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }

// LoadFile reads a config file in redis.conf syntax and applies it to c:
//
//   - one directive per line, "name value...", the name being any long
//     flag name without its dashes, a Redis parameter name, an alias, or a
//     memcached -o option (idle_timeout 5, no_lru_crawler);
//   - blank lines and lines starting with # are skipped (a # later in a
//     line is part of the value, as in Redis);
//   - values split on white space; "double quotes" take the escapes \n \r
//     \t \b \a \\ \" \xHH, 'single quotes' only \', as Redis's sdssplitargs;
//   - a switch (disable-evictions) may stand alone, meaning yes;
//   - multi-word parameters (save, bind, client-output-buffer-limit) join
//     their words with spaces; several save lines add up, as in Redis;
//   - "include FILE" reads another file at that point; a relative FILE is
//     taken from the including file's directory, and a glob pattern includes
//     every match in name order.
//
// Later lines override earlier ones. The first bad line stops loading with
// a *FileError; c may then hold the lines before it. c.ConfigFile is set to
// path.
func (c *Config) LoadFile(path string) error {
	c.ConfigFile = path
	err := c.loadFile(path, 0, &fileState{})
	var fe *FileError
	if err != nil && !errors.As(err, &fe) {
		return fmt.Errorf("can't open config file '%s': %w", path, err)
	}
	return err
}

type fileState struct {
	saveSeen bool
}

func (c *Config) loadFile(path string, depth int, st *fileState) error {
	data, err := os.ReadFile(path)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the path is already in the message around it
		}
		return err
	}
	for i, raw := range strings.Split(string(data), "\n") {
		line := strings.Trim(raw, " \t\r\n")
		if line == "" || line[0] == '#' {
			continue
		}
		fail := func(err error) error {
			return &FileError{Path: path, Line: i + 1, Text: line, Err: err}
		}
		args, err := SplitArgs(line)
		if err != nil {
			return fail(err)
		}
		if len(args) == 0 {
			continue
		}
		name := strings.ToLower(args[0])
		if name == "include" {
			if len(args) != 2 {
				return fail(errors.New("wrong number of arguments"))
			}
			if depth >= maxIncludeDepth {
				return fail(fmt.Errorf("includes nested more than %d deep (an include loop?)", maxIncludeDepth))
			}
			if err := c.include(path, args[1], depth, st); err != nil {
				var fe *FileError
				if errors.As(err, &fe) {
					return err
				}
				return fail(err)
			}
			continue
		}
		if err := c.fileDirective(name, args[1:], st); err != nil {
			return fail(err)
		}
	}
	return nil
}

func (c *Config) include(from, pattern string, depth int, st *fileState) error {
	if !filepath.IsAbs(pattern) {
		pattern = filepath.Join(filepath.Dir(from), pattern)
	}
	if !strings.ContainsAny(pattern, "*?[") {
		err := c.loadFile(pattern, depth+1, st)
		var fe *FileError
		if err != nil && !errors.As(err, &fe) {
			return fmt.Errorf("can't open included file '%s': %w", pattern, err)
		}
		return err
	}
	matches, err := filepath.Glob(pattern)
	if err != nil {
		return err
	}
	sort.Strings(matches)
	for _, m := range matches {
		if err := c.loadFile(m, depth+1, st); err != nil {
			return err
		}
	}
	return nil
}

func (c *Config) fileDirective(name string, args []string, st *fileState) error {
	p := LookupParam(name)
	if p == nil {
		if lookupExt(name) == nil {
			return msgError("Bad directive or wrong number of arguments")
		}
		return c.Set(name, strings.Join(args, " "))
	}
	if p.Flags&CLIOnly != 0 {
		return fmt.Errorf("%s is only accepted on the command line (use include to read another file)", name)
	}
	var value string
	switch {
	case len(args) == 0 && p.Flags&Switch != 0:
		value = "yes"
	case len(args) == 0, len(args) > 1 && p.Flags&MultiWord == 0:
		return errors.New("wrong number of arguments")
	default:
		value = strings.Join(args, " ")
	}
	if p.Name == "save" {
		// Redis: several "save <secs> <changes>" lines add up; "save ''"
		// clears.
		if st.saveSeen && strings.TrimSpace(value) != "" {
			if cur := getSave(c); cur != "" {
				value = cur + " " + value
			}
		}
		st.saveSeen = true
	}
	return c.Set(p.Name, value)
}

// SplitArgs splits one config line into words the way Redis's sdssplitargs
// does (resp.SplitArgs, the rules of inline commands): white space
// separates words; "double quotes" allow spaces and the escapes \n \r \t \b
// \a \xHH and \<char>; 'single quotes' allow spaces and \'; a closing quote
// must be followed by white space or the end of the line.
func SplitArgs(line string) ([]string, error) {
	words, ok := resp.SplitArgs([]byte(line))
	if !ok {
		return nil, msgError("Unbalanced quotes in configuration line")
	}
	var args []string
	for _, w := range words {
		args = append(args, string(w))
	}
	return args, nil
}

func isSpace(b byte) bool {
	return b == ' ' || b == '\t' || b == '\n' || b == '\r' || b == '\v' || b == '\f'
}

// QuoteArg returns s written so that SplitArgs reads it back as one word:
// s itself when it is a plain non-empty token, otherwise a double-quoted
// string with Redis's escapes. CONFIG REWRITE writes values with it.
func QuoteArg(s string) string {
	plain := s != ""
	for i := 0; i < len(s) && plain; i++ {
		c := s[i]
		plain = c > ' ' && c < 0x7f && c != '"' && c != '\'' && c != '\\'
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '"':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\r':
			b.WriteString(`\r`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case '\a':
			b.WriteString(`\a`)
		default:
			if c < ' ' || c >= 0x7f {
				fmt.Fprintf(&b, `\x%02x`, c)
			} else {
				b.WriteByte(c)
			}
		}
	}
	b.WriteByte('"')
	return b.String()
}
