package bench

import (
	"fmt"
	"strconv"
	"strings"
)

// Protocol is the wire protocol a run speaks.
type Protocol uint8

const (
	ProtoText Protocol = iota // memcached text protocol
	ProtoMeta                 // memcached meta protocol
	ProtoRESP                 // Redis RESP2
)

var protoNames = [...]string{ProtoText: "text", ProtoMeta: "meta", ProtoRESP: "resp"}

func (p Protocol) String() string {
	if int(p) < len(protoNames) {
		return protoNames[p]
	}
	return "proto(" + strconv.Itoa(int(p)) + ")"
}

// Memcached reports whether p is spoken on a memcached port.
func (p Protocol) Memcached() bool { return p == ProtoText || p == ProtoMeta }

// ParseProtocol accepts text (also mc, memcache), meta and resp (also redis).
func ParseProtocol(s string) (Protocol, error) {
	switch strings.ToLower(s) {
	case "text", "mc", "memcache", "memcached":
		return ProtoText, nil
	case "meta":
		return ProtoMeta, nil
	case "resp", "redis":
		return ProtoRESP, nil
	}
	return 0, fmt.Errorf("unknown protocol %q (want text, meta or resp)", s)
}

// Op is one kind of request. Each protocol maps it to its own command; not
// every protocol has every op (see Supports).
type Op uint8

const (
	OpGet   Op = iota // text get, meta mg <k> v, RESP GET
	OpSet             // text set, meta ms, RESP SET
	OpMGet            // MultiGet keys at once: text "get k1 … kN", RESP MGET
	OpMSet            // RESP MSET of MultiGet key/value pairs
	OpIncr            // text incr <k> 1, meta ma, RESP INCR, on counter keys
	OpLPush           // RESP LPUSH on list keys
	OpLPop            // RESP LPOP on list keys
	numOps
)

var opNames = [numOps]string{"get", "set", "mget", "mset", "incr", "lpush", "lpop"}

func (o Op) String() string {
	if o < numOps {
		return opNames[o]
	}
	return "op(" + strconv.Itoa(int(o)) + ")"
}

// ParseOp accepts the op names above plus mg, ms, ma and multiget as aliases.
func ParseOp(s string) (Op, error) {
	switch strings.ToLower(s) {
	case "mg":
		return OpGet, nil
	case "ms":
		return OpSet, nil
	case "ma":
		return OpIncr, nil
	case "multiget":
		return OpMGet, nil
	}
	for i, n := range opNames {
		if strings.EqualFold(s, n) {
			return Op(i), nil
		}
	}
	return 0, fmt.Errorf("unknown op %q (want one of %s)", s, strings.Join(opNames[:], ", "))
}

// Supports reports whether protocol p can express op o.
func (p Protocol) Supports(o Op) bool {
	switch p {
	case ProtoText:
		return o == OpGet || o == OpSet || o == OpMGet || o == OpIncr
	case ProtoMeta:
		return o == OpGet || o == OpSet || o == OpIncr
	case ProtoRESP:
		return o < numOps
	}
	return false
}

// reads reports whether o's hits and misses count towards the hit ratio.
func (o Op) reads() bool { return o == OpGet || o == OpMGet }

// OpWeight is one entry of a command mix.
type OpWeight struct {
	Op     Op
	Weight int
}

// ParseMix parses a mix such as "get=9,set=1" or "get:9,set:1,incr:1"; a
// bare op name has weight 1.
func ParseMix(s string) ([]OpWeight, error) {
	var mix []OpWeight
	for part := range strings.SplitSeq(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		name, w, found := strings.Cut(part, "=")
		if !found {
			name, w, found = strings.Cut(part, ":")
		}
		weight := 1
		if found {
			n, err := strconv.Atoi(w)
			if err != nil || n < 0 {
				return nil, fmt.Errorf("mix %q: bad weight %q", s, w)
			}
			weight = n
		}
		op, err := ParseOp(name)
		if err != nil {
			return nil, err
		}
		if weight > 0 {
			mix = append(mix, OpWeight{op, weight})
		}
	}
	if len(mix) == 0 {
		return nil, fmt.Errorf("mix %q: no op with a positive weight", s)
	}
	return mix, nil
}

// ParseRatio turns a read:write ratio such as "9:1" into a get/set mix.
func ParseRatio(s string) ([]OpWeight, error) {
	r, w, ok := strings.Cut(s, ":")
	rn, err1 := strconv.Atoi(r)
	wn, err2 := strconv.Atoi(w)
	if !ok || err1 != nil || err2 != nil || rn < 0 || wn < 0 || rn+wn == 0 {
		return nil, fmt.Errorf("ratio %q: want GETS:SETS such as 9:1", s)
	}
	var mix []OpWeight
	if rn > 0 {
		mix = append(mix, OpWeight{OpGet, rn})
	}
	if wn > 0 {
		mix = append(mix, OpWeight{OpSet, wn})
	}
	return mix, nil
}

// MixString formats a mix the way ParseMix reads it.
func MixString(mix []OpWeight) string {
	var b strings.Builder
	for i, m := range mix {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, "%s=%d", m.Op, m.Weight)
	}
	return b.String()
}

// Workload is a named, protocol-specific load: what compare runs against
// every server that speaks the protocol. Keys, values and connections come
// from the Config it is applied to.
type Workload struct {
	Name     string
	Protocol Protocol
	Mix      []OpWeight
	MultiGet int // keys per mget/mset; 0 when the mix has neither
	Pipeline int
	// StockSet marks resp-default: redis-benchmark's default test set, one
	// test per invocation (stock tools only; the built-in client skips it).
	StockSet bool
}

// RedisBenchmarkDefaultTests are redis-benchmark 7's default tests, in its
// order, as -t names.
var RedisBenchmarkDefaultTests = []string{"ping_inline", "ping_mbulk", "set", "get", "incr", "lpush", "rpush",
	"lpop", "rpop", "sadd", "hset", "spop", "zadd", "zpopmin", "lrange_100", "lrange_300", "lrange_500",
	"lrange_600", "mset"}

// DefaultWorkloads is what compare runs when none are named.
var DefaultWorkloads = []string{"mc-get-set-9:1", "mc-multiget-10", "meta-pipeline-16", "resp-get", "resp-set", "resp-pipeline-16"}

// ParseWorkload understands names of the form <proto>-<shape>, where proto is
// mc (memcached text), meta or resp and shape is one of
//
//	get, set, incr                 one op only (lpush and lpop too for resp)
//	get-set-R:W                    gets and sets in the ratio R:W
//	multiget-N, mget-N             multi-get of N keys (mc, resp)
//	mset-N                         MSET of N pairs (resp)
//	pipeline-N                     get:set 9:1, N requests per write
//	default                        redis-benchmark's default test set (resp, --stock only)
//
// for example mc-get-set-9:1, mc-multiget-10, meta-pipeline-16, resp-get,
// resp-set and resp-pipeline-16.
func ParseWorkload(name string) (Workload, error) {
	prefix, shape, ok := strings.Cut(name, "-")
	if !ok {
		return Workload{}, fmt.Errorf("workload %q: want <mc|meta|resp>-<shape>", name)
	}
	w := Workload{Name: name, Pipeline: 1}
	switch prefix {
	case "mc":
		w.Protocol = ProtoText
	case "meta":
		w.Protocol = ProtoMeta
	case "resp":
		w.Protocol = ProtoRESP
	default:
		return Workload{}, fmt.Errorf("workload %q: unknown protocol prefix %q (want mc, meta or resp)", name, prefix)
	}
	num := func(s string) (int, error) {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 10000 {
			return 0, fmt.Errorf("workload %q: bad count %q", name, s)
		}
		return n, nil
	}
	switch {
	case shape == "default":
		if w.Protocol != ProtoRESP {
			return Workload{}, fmt.Errorf("workload %q: the default set is redis-benchmark's (resp-default)", name)
		}
		w.StockSet = true
		return w, nil
	case strings.HasPrefix(shape, "get-set-"):
		mix, err := ParseRatio(strings.TrimPrefix(shape, "get-set-"))
		if err != nil {
			return Workload{}, fmt.Errorf("workload %q: %v", name, err)
		}
		w.Mix = mix
	case strings.HasPrefix(shape, "multiget-"), strings.HasPrefix(shape, "mget-"):
		_, n, _ := strings.Cut(shape, "-")
		k, err := num(n)
		if err != nil {
			return Workload{}, err
		}
		w.Mix, w.MultiGet = []OpWeight{{OpMGet, 1}}, k
	case strings.HasPrefix(shape, "mset-"):
		k, err := num(strings.TrimPrefix(shape, "mset-"))
		if err != nil {
			return Workload{}, err
		}
		w.Mix, w.MultiGet = []OpWeight{{OpMSet, 1}}, k
	case strings.HasPrefix(shape, "pipeline-"):
		k, err := num(strings.TrimPrefix(shape, "pipeline-"))
		if err != nil {
			return Workload{}, err
		}
		w.Mix, w.Pipeline = []OpWeight{{OpGet, 9}, {OpSet, 1}}, k
	default:
		op, err := ParseOp(shape)
		if err != nil {
			return Workload{}, fmt.Errorf("workload %q: unknown shape %q", name, shape)
		}
		w.Mix = []OpWeight{{op, 1}}
	}
	for _, m := range w.Mix {
		if !w.Protocol.Supports(m.Op) {
			return Workload{}, fmt.Errorf("workload %q: protocol %s has no %s", name, w.Protocol, m.Op)
		}
	}
	return w, nil
}

// Apply copies the workload's protocol, mix, multi-get size and pipeline
// depth into c.
func (w Workload) Apply(c *Config) {
	c.Protocol = w.Protocol
	c.Mix = w.Mix
	if w.MultiGet > 0 {
		c.MultiGet = w.MultiGet
	}
	c.Pipeline = w.Pipeline
}
