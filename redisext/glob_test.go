package redisext

import (
	"strings"
	"testing"
	"time"
)

// The expectations come from Redis 7.0.15's stringmatchlen (util.c),
// compiled and run on the same inputs; a further 800,000 random patterns
// over an alphabet of the special bytes, NUL, 0xe9 and letters matched it
// in both modes.
var globCases = []struct {
	pattern, s string
	nocase     bool
	want       bool
}{
	{"*", "", false, false}, // an empty string matches only an empty pattern
	{"", "", false, true},
	{"*", "a", false, true},
	{"**", "abc", false, true},
	{"a*", "a", false, true},
	{"a**", "a", false, true},
	{"*a", "a", false, true},
	{"h?llo", "hello", false, true},
	{"h?llo", "hllo", false, false},
	{"h*llo", "heeeello", false, true},
	{"h[ae]llo", "hallo", false, true},
	{"h[ae]llo", "hillo", false, false},
	{"h[^e]llo", "hallo", false, true},
	{"h[^e]llo", "hello", false, false},
	{"h[a-b]llo", "hbllo", false, true},
	{"h[b-a]llo", "hbllo", false, true},
	{"h[a-b]llo", "hcllo", false, false},
	{"[", "a", false, false},
	{"[^", "a", false, true},
	{"[^", "", false, false},
	{"[a-]", "]", false, true},
	{"[a-]", "b", false, false},
	{"[a-", "a", false, true},
	{"[abc", "c", false, true},
	{"[\\]]", "]", false, true},
	{"[\\]", "]", false, true},
	{"[\\", "\\", false, true},
	{"[]]", "]", false, false},
	{"[]", "]", false, false},
	{"[]a]", "a", false, false},
	{"\\*", "*", false, true},
	{"\\*", "a", false, false},
	{"\\", "\\", false, true},
	{"a\\", "a\\", false, true},
	{"\\?", "?", false, true},
	{"\\a", "a", false, true},
	{"[\\-]", "-", false, true},
	{"*\\", "ab\\", false, true},
	{"a*b*c", "axxbyyc", false, true},
	{"a*b*c", "axxbyy", false, false},
	{"*?", "a", false, true},
	{"*?", "", false, false},
	{"?*", "a", false, true},
	{"foo*bar", "foobar", false, true},
	{"foo*bar", "fooXbarbar", false, true},
	{"[*]", "*", false, true},
	{"[?]", "a", false, false},
	{"[-a]", "-", false, true},
	{"[a-c-e]", "d", false, false},
	{"[a-c-e]", "-", false, true},
	{"HELLO", "hello", true, true},
	{"h[A-Z]llo", "hello", true, true},
	{"h[a-z]llo", "HELLO", true, true},
	{"[^A]", "a", true, false},
	{"[\\A]", "a", true, false}, // escapes inside a set compare exactly
	{"[\\a]", "a", true, true},
	{"maxmemory*", "MAXMEMORY-policy", true, true},
	{"maxmemory*", "MAXMEMORY-policy", false, false},
	{"*a*", "bab", false, true},
	{"*a*", "bbb", false, false},
	// Bytes >= 0x80 are negative chars in ranges; with nocase glibc's
	// tolower turns them back into 128..255, so the two modes differ.
	{"[\xe9-z]", "\xe9", false, true},
	{"[\xe9-z]", "\xe9", true, false},
	{"[a-\xe9]", "b", false, false},
	{"[\x00-a]", "\x00", false, true},
}

func TestMatch(t *testing.T) {
	for _, c := range globCases {
		if got := Match([]byte(c.pattern), []byte(c.s), c.nocase); got != c.want {
			t.Errorf("Match(%q, %q, nocase=%v) = %v, want %v", c.pattern, c.s, c.nocase, got, c.want)
		}
	}
}

func TestMatchPathological(t *testing.T) {
	// Without Redis's skipLongerMatches this takes exponential time
	// (tests/unit/keyspace.tcl "Regression for pattern matching long nested
	// loops").
	pattern := []byte(strings.Repeat("a*", 40) + "b")
	s := []byte(strings.Repeat("a", 5000))
	start := time.Now()
	if Match(pattern, s, false) {
		t.Fatal("matched")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("took %v", d)
	}
}

func FuzzMatch(f *testing.F) {
	for _, c := range globCases {
		f.Add(c.pattern, c.s, c.nocase)
	}
	f.Fuzz(func(t *testing.T, pattern, s string, nocase bool) {
		got := Match([]byte(pattern), []byte(s), nocase)
		// A pattern without special bytes matches exactly itself.
		if !strings.ContainsAny(pattern, "*?[\\") && !nocase && got != (pattern == s) {
			t.Fatalf("literal %q vs %q: %v", pattern, s, got)
		}
		// '*' followed by a literal-free rest matches any non-empty string.
		if pattern == "*" && got != (s != "") {
			t.Fatalf("* vs %q: %v", s, got)
		}
	})
}
