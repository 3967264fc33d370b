package resp

import (
	"encoding/hex"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// incrByFloat computes what INCRBYFLOAT replies for a key holding cur
// incremented by incr: the number, "no" for an operand that is not a valid
// float, "nonfinite" for a NaN or infinite result.
func incrByFloat(cur, incr string) string {
	a, ok1 := ParseLongDouble([]byte(cur))
	b, ok2 := ParseLongDouble([]byte(incr))
	if !ok1 || !ok2 {
		return "no"
	}
	sum := a.Add(b)
	if !sum.IsFinite() {
		return "nonfinite"
	}
	return string(sum.AppendHuman(nil))
}

// Checked against Redis 7.0.15's INCRBYFLOAT (TestIncrByFloatAgainstRedis)
// and glibc's long double (TestLongDoubleAgainstLibc).
func TestLongDouble(t *testing.T) {
	tests := []struct{ cur, incr, want string }{
		{"10.5", "0.1", "10.6"},
		{"0", "0.1", "0.1"},
		{"0.1", "0.2", "0.3"},
		{"3.0e3", "200", "3200"},
		{"5.0e3", "2.0e2", "5200"},
		{"1", "-1", "0"},
		{"-0", "-0", "0"},
		{"0", "-0.1", "-0.1"},
		{"1.5", "1.5", "3"},
		{"17179869184", "1.5", "17179869185.5"},
		{"1e4932", "1e4932", "nonfinite"},
		{"inf", "1", "nonfinite"},
		{"inf", "-inf", "nonfinite"},
		{"0x1p1000", "0", "10715086071862673209484250490600018105614048117055336074437503883703510511249361224931983788156958581275946729175531468251871452856923140435984577574698574803934567774824230985421074605062371141877954182153046474983581941267398767559165543946077062914571196477686542167660429831652624386837205668069376"},
		{"1e-4950", "0", "0"},
		{"1e-4960", "0", "no"},
		{"1e4933", "0", "no"},
		{"nan", "0", "no"},
		{" 1", "0", "no"},
		{"1 ", "0", "no"},
		{"0x10", "0x.8", "16.5"},
		{"0x1p-16445", "0", "0"},
		{"0x1p-16446", "0", "no"},
		{"0x1p-16447", "0", "no"},
		{"1" + strings.Repeat("0", 5119), "0", "no"}, // 5120 bytes
		{"0." + strings.Repeat("0", 5116) + "1", "0", "no"},
		{"0." + strings.Repeat("0", 4940) + "1", "1", "1"},
		{"0.00000000000000001", "0", "0.00000000000000001"},
		{"0.000000000000000005", "0", "0"}, // just below the tie as a long double
		{"0.0000000000000000051", "0", "0.00000000000000001"},
		{"0.0000000000000000049", "0", "0"},
		{"9223372036854775807", "1", "9223372036854775808"},
		{"18446744073709551615", "0", "18446744073709551615"},
		{"18446744073709551617", "0", "18446744073709551616"},
	}
	for _, tt := range tests {
		if got := incrByFloat(tt.cur, tt.incr); got != tt.want {
			t.Errorf("%.30s + %s = %.40s, want %.40s", tt.cur, tt.incr, got, tt.want)
		}
	}
}

func TestLongDoubleFloat64(t *testing.T) {
	for _, s := range []string{"0.1", "-2.5", "1e308", "1e-320", "1e400", "-inf", "0"} {
		x, ok := ParseLongDouble([]byte(s))
		want, _ := strconv.ParseFloat(s, 64)
		if got := x.Float64(); !ok || got != want {
			t.Errorf("ParseLongDouble(%q).Float64() = %v, %v; want %v", s, got, ok, want)
		}
	}
	if x := (LongDouble{kind: ldNaN}); !math.IsNaN(x.Float64()) {
		t.Error("NaN")
	}
}

// decimalInputs are the operands of INCRBYFLOAT worth comparing: short
// decimals as people type them, long ones, extreme exponents, hex.
func decimalInputs(rng *rand.Rand, n int) []string {
	var in []string
	for i := 0; i < n; i++ {
		var s string
		switch rng.IntN(6) {
		case 0:
			s = strconv.Itoa(rng.IntN(2000)-1000) + "." + strconv.Itoa(rng.IntN(1000))
		case 1:
			s = strconv.FormatFloat(rng.NormFloat64()*math.Pow10(rng.IntN(40)-20), 'g', rng.IntN(30)+1, 64)
		case 2:
			s = strconv.FormatFloat(rng.Float64(), 'f', rng.IntN(40), 64)
		case 3:
			s = strconv.Itoa(rng.IntN(100)) + "e" + strconv.Itoa(rng.IntN(9900)-4950)
		case 4:
			s = strconv.FormatFloat(math.Float64frombits(rng.Uint64()), 'x', -1, 64)
			if rng.IntN(2) == 0 {
				s = strings.Replace(s, "p", "0p", 1)
			}
		default:
			s = "0." + strings.Repeat("0", rng.IntN(30)) + strconv.FormatUint(rng.Uint64(), 10)
		}
		in = append(in, s)
	}
	return in
}

// TestLongDoubleAgainstLibc compares INCRBYFLOAT's arithmetic with glibc's
// strtold, long double addition and printf on x86-64.
func TestLongDoubleAgainstLibc(t *testing.T) {
	ref := startLibcRef(t)
	if probe := ref.ask(t, 'L', hex.EncodeToString([]byte("10.5"))+" "+hex.EncodeToString([]byte("0.1"))); probe != "10.6" {
		t.Skipf("long double is not the x87 format here (10.5+0.1 = %s)", probe)
	}
	rng := rand.New(rand.NewPCG(5, 6))
	in := decimalInputs(rng, 3000)
	in = append(in, floatInputs(rng)[:1000]...)
	for i := 0; i+1 < len(in); i += 2 {
		for _, pair := range [][2]string{{in[i], in[i+1]}, {in[i], "0"}} {
			want := ref.ask(t, 'L', hex.EncodeToString([]byte(pair[0]))+" "+hex.EncodeToString([]byte(pair[1])))
			if got := incrByFloat(pair[0], pair[1]); got != want {
				t.Errorf("%q + %q = %.60s, glibc says %.60s", pair[0], pair[1], got, want)
			}
		}
	}
}
