package server

import (
	"errors"
	"strings"
)

// extOption applies one memcached -o option; value is "" when the option
// came without "=value".
type extOption func(c *Config, name, value string) error

// extOptions maps every -o option memcached 1.6.45 knows (normalised with
// normName) to what Corvid does with it. Options that are parameters
// themselves (idle_timeout, hashpower, ...) go through the parameter table;
// the rest are switches onto parameters, no-ops, or accepted-and-ignored
// (recorded in Config.IgnoredOptions). Anything else is refused with
// memcached's "Illegal suboption".
var extOptions = map[string]extOption{}

func init() {
	// Options that set a parameter to the value given, with memcached's
	// message when the value is missing.
	for name, missing := range map[string]string{
		"hashpower":            "Missing numeric argument for hashpower",
		"slab_automove_ratio":  "Missing slab_automove_ratio argument",
		"slab_automove_window": "Missing slab_automove_window argument",
		"tail_repair_time":     "Missing numeric argument for tail_repair_time",
		"hash_algorithm":       "Missing hash_algorithm argument",
		"lru_crawler_sleep":    "Missing lru_crawler_sleep value",
		"lru_crawler_tocrawl":  "Missing lru_crawler_tocrawl value",
		"hot_lru_pct":          "Missing hot_lru_pct argument",
		"warm_lru_pct":         "Missing warm_lru_pct argument",
		"hot_max_factor":       "Missing hot_max_factor argument",
		"warm_max_factor":      "Missing warm_max_factor argument",
		"temporary_ttl":        "Missing temporary_ttl argument",
		"idle_timeout":         "Missing numeric argument for idle_timeout",
		"watcher_logbuf_size":  "Missing watcher_logbuf_size argument",
		"worker_logbuf_size":   "Missing worker_logbuf_size argument",
		"slab_chunk_max":       "Missing slab_chunk_max argument",
		"read_buf_mem_limit":   "Missing read_buf_mem_limit argument",
	} {
		extOptions[normName(name)] = extValue(name, missing, "")
	}
	// Switches: "name" turns the parameter on, "no_name" off.
	for _, name := range []string{"maxconns_fast", "slab_reassign", "lru_crawler", "lru_maintainer", "track_sizes"} {
		extOptions[normName(name)] = extValue(name, "", "yes")
		extOptions[normName("no_"+name)] = extNegate(name)
	}
	extOptions[normName("slab_automove")] = extValue("slab_automove", "", "1")
	extOptions[normName("no_slab_automove")] = func(c *Config, _, _ string) error { return c.Set("slab_automove", "0") }
	extOptions[normName("no_hashexpand")] = func(c *Config, _, _ string) error { c.HashExpand = false; return nil }
	extOptions[normName("no_chunked_items")] = func(c *Config, _, _ string) error {
		c.SlabChunkMax = SlabPageSize
		c.markExplicit("slab_chunk_max")
		return nil
	}
	extOptions["modern"] = func(*Config, string, string) error { return nil } // "currently: nothing"
	extOptions[normName("no_modern")] = noModern
	// Accepted without effect, as memcached itself does, or because they
	// concern a memcached build or sandbox Corvid does not have.
	for _, name := range []string{"inline_ascii_resp", "no_inline_ascii_resp", "drop_privileges", "no_drop_privileges", "relaxed_privileges"} {
		extOptions[normName(name)] = func(*Config, string, string) error { return nil }
	}
	// memcached features Corvid does not have: accepted with a warning.
	for _, name := range []string{
		"slab_sizes", "resp_obj_mem_limit", "sock_cookie_id", "slab_automove_freeratio",
		"ssl_chain_cert", "ssl_key", "ssl_verify_mode", "ssl_keyformat", "ssl_ciphers", "ssl_ca_cert",
		"ssl_wbuf_size", "ssl_session_cache", "ssl_kernel_tls", "ssl_min_version",
		"proxy_config", "proxy_arg", "proxy_uring", "proxy_memprofile",
	} {
		extOptions[normName(name)] = extIgnore
	}
}

// extValue sets param to the option's value; without one it uses def, or
// fails with missing when there is no default.
func extValue(param, missing, def string) extOption {
	return func(c *Config, _, value string) error {
		if value == "" {
			if def == "" {
				return errors.New(missing)
			}
			value = def
		}
		return c.Set(param, value)
	}
}

// extNegate is "no_<param>": param off ("no_x=no" turns it back on).
func extNegate(param string) extOption {
	return func(c *Config, _, value string) error {
		on := false
		if value != "" {
			b, err := parseBool(value)
			if err != nil {
				return err
			}
			on = !b
		}
		return c.Set(param, yesNo(on))
	}
}

func extIgnore(c *Config, name, value string) error {
	o := strings.ToLower(name)
	if value != "" {
		o += "=" + value
	}
	c.IgnoredOptions = append(c.IgnoredOptions, "-o "+o)
	return nil
}

// noModern restores memcached 1.4's defaults, as -o no_modern does.
func noModern(c *Config, _, _ string) error {
	if !c.explicit["slab_chunk_max"] {
		c.SlabChunkMax = SlabPageSize
	}
	c.SlabReassign = false
	c.SlabAutomove = 0
	c.MaxconnsFast = false
	c.LRUMaintainer = false
	c.HashAlgorithm = "jenkins"
	c.LRUCrawler = false
	return nil
}

// applyExtended applies a -o list "name[=value],name[=value],...".
func applyExtended(c *Config, s string) error {
	for _, opt := range strings.Split(s, ",") {
		opt = strings.TrimSpace(opt)
		if opt == "" {
			continue
		}
		name, value, _ := strings.Cut(opt, "=")
		o := lookupExt(name)
		if o == nil {
			return msgf("Illegal suboption %q", opt)
		}
		if err := o(c, name, value); err != nil {
			return err
		}
	}
	return nil
}

// lookupExt finds a memcached -o option by name; nil if memcached has none
// of that name.
func lookupExt(name string) extOption {
	key := normName(name)
	if o, ok := extOptions[key]; ok {
		return o
	}
	if strings.HasPrefix(key, "ext-") { // extstore: ext_path, ext_page_size, ...
		return extIgnore
	}
	return nil
}
