package server

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// value reads and writes one parameter of a Config in its textual form.
type value interface {
	get(c *Config) string
	set(c *Config, s string) error
}

// appender is a value whose repeated command-line occurrences add up
// (-v, -l) instead of replacing each other.
type appender interface {
	add(c *Config, s string) error
}

// Redis's messages for malformed values (config.c).
var (
	errNotInt    = errors.New("argument couldn't be parsed into an integer")
	errNotBool   = errors.New("argument must be 'yes' or 'no'")
	errNotMemory = errors.New("argument must be a memory value")
	errNotFloat  = errors.New("argument couldn't be parsed into a number")
	errNotOctal  = errors.New("argument couldn't be parsed as an octal number")
)

func errRange(min, max int64) error {
	return fmt.Errorf("argument must be between %d and %d inclusive", min, max)
}

// intValue is an int field with inclusive bounds. msg, when set, replaces
// Redis's messages for every bad value (memcached prints one message).
type intValue struct {
	f        func(*Config) *int
	min, max int64
	msg      string
}

func (v intValue) get(c *Config) string { return strconv.Itoa(*v.f(c)) }
func (v intValue) set(c *Config, s string) error {
	n, err := parseInt(s, v.min, v.max)
	if err != nil {
		if v.msg != "" {
			return errors.New(v.msg)
		}
		return err
	}
	*v.f(c) = int(n)
	return nil
}

type int64Value struct {
	f        func(*Config) *int64
	min, max int64
}

func (v int64Value) get(c *Config) string { return strconv.FormatInt(*v.f(c), 10) }
func (v int64Value) set(c *Config, s string) error {
	n, err := parseInt(s, v.min, v.max)
	if err != nil {
		return err
	}
	*v.f(c) = n
	return nil
}

func parseInt(s string, min, max int64) (int64, error) {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		var ne *strconv.NumError
		if errors.As(err, &ne) && ne.Err == strconv.ErrRange {
			return 0, errRange(min, max)
		}
		return 0, errNotInt
	}
	if n < min || n > max {
		return 0, errRange(min, max)
	}
	return n, nil
}

// floatValue is a float64 field; check returns the error for a parsed
// value that is out of bounds.
type floatValue struct {
	f     func(*Config) *float64
	check func(float64) error
}

func (v floatValue) get(c *Config) string { return formatFloat(*v.f(c)) }
func (v floatValue) set(c *Config, s string) error {
	x, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return errNotFloat
	}
	if v.check != nil {
		if err := v.check(x); err != nil {
			return err
		}
	}
	*v.f(c) = x
	return nil
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'f', -1, 64) }

// boolValue is a bool field printed yes/no; invert stores the negation
// (disable-cas sets CASEnabled to false).
type boolValue struct {
	f      func(*Config) *bool
	invert bool
}

func (v boolValue) get(c *Config) string { return yesNo(*v.f(c) != v.invert) }
func (v boolValue) set(c *Config, s string) error {
	b, err := parseBool(s)
	if err != nil {
		return err
	}
	*v.f(c) = b != v.invert
	return nil
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// parseBool accepts yes/no (Redis), true/false (Go's flag package passes
// "true" for a bare boolean flag), on/off and 1/0, in any case.
func parseBool(s string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "yes", "true", "on", "1":
		return true, nil
	case "no", "false", "off", "0":
		return false, nil
	}
	return false, errNotBool
}

// stringValue is a string field with an optional check.
type stringValue struct {
	f     func(*Config) *string
	check func(string) error
}

func (v stringValue) get(c *Config) string { return *v.f(c) }
func (v stringValue) set(c *Config, s string) error {
	if v.check != nil {
		if err := v.check(s); err != nil {
			return err
		}
	}
	*v.f(c) = s
	return nil
}

// enumValue is a string field limited to values (matched without case,
// stored as listed). msg, when set, replaces Redis's message.
type enumValue struct {
	f      func(*Config) *string
	values []string
	msg    func(s string) error
}

func (v enumValue) get(c *Config) string { return *v.f(c) }
func (v enumValue) set(c *Config, s string) error {
	for _, x := range v.values {
		if strings.EqualFold(x, strings.TrimSpace(s)) {
			*v.f(c) = x
			return nil
		}
	}
	if v.msg != nil {
		return v.msg(s)
	}
	return errors.New("argument(s) must be one of the following: " + strings.Join(v.values, ", "))
}

// memoryValue is a byte count in Redis's units (1k = 1000, 1kb = 1024).
type memoryValue struct {
	f        func(*Config) *int64
	min, max int64
}

func (v memoryValue) get(c *Config) string { return strconv.FormatInt(*v.f(c), 10) }
func (v memoryValue) set(c *Config, s string) error {
	n, err := ParseRedisMemory(s)
	if err != nil {
		return err
	}
	if n < v.min || n > v.max {
		return errRange(v.min, v.max)
	}
	*v.f(c) = n
	return nil
}

// funcValue is a value with hand-written accessors.
type funcValue struct {
	getf func(c *Config) string
	setf func(c *Config, s string) error
	addf func(c *Config, s string) error // nil: not repeatable
}

func (v funcValue) get(c *Config) string {
	if v.getf == nil {
		return ""
	}
	return v.getf(c)
}
func (v funcValue) set(c *Config, s string) error { return v.setf(c, s) }

// repeatValue is a funcValue whose command-line repetitions add up.
type repeatValue struct{ funcValue }

func (v repeatValue) add(c *Config, s string) error { return v.addf(c, s) }

// ParseRedisMemory parses a byte count the way redis.conf does: a
// non-negative integer with an optional, case-insensitive unit b, k (1000),
// kb (1024), m (10^6), mb (2^20), g (10^9) or gb (2^30).
func ParseRedisMemory(s string) (int64, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, errNotMemory
	}
	var mul int64
	switch s[i:] {
	case "", "b":
		mul = 1
	case "k":
		mul = 1000
	case "kb":
		mul = 1 << 10
	case "m":
		mul = 1000 * 1000
	case "mb":
		mul = 1 << 20
	case "g":
		mul = 1000 * 1000 * 1000
	case "gb":
		mul = 1 << 30
	default:
		return 0, errNotMemory
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil || n > math.MaxInt64/mul {
		return 0, errNotMemory
	}
	return n * mul, nil
}

// ParseMemcachedSize parses memcached's -I value: a positive integer with an
// optional unit k or m (binary: 1k = 1024), in either case.
func ParseMemcachedSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mul := int64(1)
	if n := len(s); n > 0 {
		switch s[n-1] {
		case 'k', 'K':
			mul, s = 1<<10, s[:n-1]
		case 'm', 'M':
			mul, s = 1<<20, s[:n-1]
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mul {
		return 0, fmt.Errorf("invalid size %q: want a number of bytes, optionally with k or m", s)
	}
	return n * mul, nil
}

// parseMegabytes parses -m: a number of megabytes, or a number with a
// binary unit k, m or g (optionally followed by b), or b for bytes, in any
// case.
func parseMegabytes(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	mul := int64(1 << 20)
	for _, u := range []struct {
		suffix string
		mul    int64
	}{{"kb", 1 << 10}, {"mb", 1 << 20}, {"gb", 1 << 30}, {"k", 1 << 10}, {"m", 1 << 20}, {"g", 1 << 30}, {"b", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			mul, t = u.mul, strings.TrimSuffix(t, u.suffix)
			break
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mul {
		return 0, fmt.Errorf("invalid memory limit %q: want megabytes, or a number with k, m or g", s)
	}
	return n * mul, nil
}

// msgError is an error whose text is a message memcached or Redis prints,
// kept byte for byte (capitalised, with its full stop).
type msgError string

func (e msgError) Error() string { return string(e) }

func msgf(format string, a ...any) error { return msgError(fmt.Sprintf(format, a...)) }
