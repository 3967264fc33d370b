package server

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func globMatch(pattern, name string) bool {
	ok, _ := filepath.Match(pattern, name)
	return ok
}

func respGetMap(c *Config, patterns ...string) map[string]string {
	out := map[string]string{}
	for _, p := range patterns {
		for _, kv := range c.RESPGet(p, globMatch) {
			out[kv[0]] = kv[1]
		}
	}
	return out
}

func TestRESPGet(t *testing.T) {
	c := DefaultConfig()
	c.RespPort, c.Port = 6380, 11300
	m := respGetMap(c, "*")
	for name, want := range map[string]string{
		"port": "6380", "memcached-port": "11300", "resp-port": "6380", "maxmemory": "67108864",
		"maxclients": "1024", "conn-limit": "1024", "slaveof": "", "replicaof": "",
		"maxmemory-clients": "0", "activerehashing": "yes", "save": "", "hash-max-ziplist-entries": "512",
		"shutdown-on-sigint": "default", "unixsocketperm": "0", "proc-title-template": "{title} {listen-addr} {server-mode}",
	} {
		if got, ok := m[name]; !ok || got != want {
			t.Errorf("CONFIG GET * %s = %q (listed %v), want %q", name, got, ok, want)
		}
	}
	if _, ok := m["key-load-delay"]; ok {
		t.Error("a hidden parameter matched a pattern")
	}
	if _, ok := m["config"]; ok {
		t.Error("the command-line-only config parameter is listed")
	}
	if got := respGetMap(c, "key-load-delay"); got["key-load-delay"] != "0" {
		t.Errorf("CONFIG GET key-load-delay = %v", got)
	}
	if got := respGetMap(c, "MAXMEMORY"); got["maxmemory"] != "67108864" {
		t.Errorf("exact names are case-insensitive: %v", got)
	}
	if got := respGetMap(c, "nosuch"); len(got) != 0 {
		t.Errorf("unknown name: %v", got)
	}
}

func TestRESPSet(t *testing.T) {
	c := DefaultConfig()
	set := func(kv ...string) (*Config, error) {
		var pairs [][2]string
		for i := 0; i+1 < len(kv); i += 2 {
			pairs = append(pairs, [2]string{kv[i], kv[i+1]})
		}
		return c.RESPSet(pairs)
	}
	for _, tt := range []struct {
		kv  []string
		err string
	}{
		{[]string{"nosuch", "1", "maxmemory", "x"}, "Unknown option or number of arguments for CONFIG SET - 'nosuch'"},
		{[]string{"maxmemory", "1", "maxmemory", "2"}, "CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter"},
		{[]string{"maxmemory-samples", "1", "MAXMEMORY-SAMPLES", "2"}, "duplicate parameter"},
		{[]string{"daemonize", "yes"}, "CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config"},
		{[]string{"maxmemory", "10000001", "maxmemory-clients", "200%", "client-query-buffer-limit", "invalid"},
			"CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100"},
		{[]string{"activerehashing", "maybe"}, "argument must be 'yes' or 'no'"},
		{[]string{"repl-diskless-load", "x"}, "argument(s) must be one of the following: disabled, on-empty-db, swapdb"},
		{[]string{"active-defrag-cycle-min", "100"}, "argument must be between 1 and 99 inclusive"},
		{[]string{"repl-backlog-size", "lots"}, "argument must be a memory value"},
		{[]string{"shutdown-on-sigint", "save nosave"}, "both save and nosave"},
	} {
		_, err := set(tt.kv...)
		if err == nil || !strings.Contains(err.Error(), tt.err) {
			t.Errorf("CONFIG SET %q: %v, want %q", tt.kv, err, tt.err)
		}
	}
	next, err := set("maxmemory", "10000001", "repl-backlog-size", "10000002", "save", "3000 5",
		"maxmemory-clients", "10%", "shutdown-on-sigterm", "force nosave now", "unixsocketperm", "0", "daemonize", "no",
		"databases", "16", "hash-max-ziplist-entries", "21")
	if err != nil {
		t.Fatal(err)
	}
	m := respGetMap(next, "*")
	for name, want := range map[string]string{"maxmemory": "10000001", "repl-backlog-size": "10000002", "save": "3000 5",
		"maxmemory-clients": "10%", "shutdown-on-sigterm": "nosave now force", "hash-max-listpack-entries": "21"} {
		if m[name] != want {
			t.Errorf("after CONFIG SET, %s = %q, want %q", name, m[name], want)
		}
	}
	if c.MaxMemory != 64<<20 {
		t.Error("RESPSet changed its receiver")
	}
	if _, err := set("port", "1"); err == nil {
		t.Error("CONFIG SET port to another port succeeded")
	}
	// CONFIG GET * then CONFIG SET of every pair, as Redis's test suite does.
	for _, kv := range next.RESPGet("*", globMatch) {
		after, err := next.RESPSet([][2]string{kv})
		if err != nil {
			t.Errorf("CONFIG SET %s %q: %v", kv[0], kv[1], err)
			continue
		}
		if v := respGetMap(after, kv[0])[kv[0]]; v != kv[1] {
			t.Errorf("CONFIG SET %s %q: now %q", kv[0], kv[1], v)
		}
	}
}

func TestRewrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "corvid.conf")
	orig := "# my settings\nmaxmemory 100mb\n\nhash-max-ziplist-entries 20\nhash-max-listpack-entries 21\ninclude " + filepath.Join(dir, "other.conf") + "\n# end\n"
	if err := os.WriteFile(filepath.Join(dir, "other.conf"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(orig), 0o600); err != nil {
		t.Fatal(err)
	}
	c := DefaultConfig()
	if err := c.LoadFile(path); err != nil {
		t.Fatal(err)
	}
	next, err := c.RESPSet([][2]string{{"hash-max-listpack-entries", "100"}, {"activerehashing", "no"},
		{"requirepass", "p w\"d"}, {"save", "3600 1 300 100"}})
	if err != nil {
		t.Fatal(err)
	}
	if err := next.Rewrite(path); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	got := string(data)
	for _, want := range []string{"# my settings\nmaxmemory 104857600\n", "\nhash-max-listpack-entries 100\n",
		"# end\n" + rewriteBanner + "\n", "activerehashing no\n", "requirepass \"p w\\\"d\"\n", "save 3600 1 300 100\n", "include "} {
		if !strings.Contains(got, want) {
			t.Errorf("rewritten file lacks %q:\n%s", want, got)
		}
	}
	if strings.Count(got, "hash-max") != 1 {
		t.Errorf("alias lines not folded into one:\n%s", got)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %v not kept", fi.Mode().Perm())
	}
	back := DefaultConfig()
	if err := back.LoadFile(path); err != nil {
		t.Fatalf("reload: %v\n%s", err, got)
	}
	for _, name := range next.Names() {
		a, _ := next.Get(name)
		b, _ := back.Get(name)
		if a != b && name != "config" {
			t.Errorf("after rewrite and reload, %s = %q, want %q", name, b, a)
		}
	}
	// A second rewrite changes nothing.
	if err := back.Rewrite(path); err != nil {
		t.Fatal(err)
	}
	if again, _ := os.ReadFile(path); string(again) != got {
		t.Errorf("second rewrite differs:\n%s\n---\n%s", got, again)
	}
}

func TestChangedFields(t *testing.T) {
	a, b := DefaultConfig(), DefaultConfig()
	b.MaxMemory = 5
	b.Save = []SavePoint{{1, 2}}
	if err := b.Set("activerehashing", "no"); err != nil {
		t.Fatal(err)
	}
	ChangedFields(a, b)
	if a.MaxMemory != 5 || len(a.Save) != 1 {
		t.Errorf("fields not copied: %+v", a)
	}
	if v, _ := a.Get("activerehashing"); v != "no" {
		t.Errorf("compat value not copied: %q", v)
	}
}
