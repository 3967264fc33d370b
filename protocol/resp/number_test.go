package resp

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"math"
	"math/rand/v2"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func TestParseInt(t *testing.T) {
	tests := []struct {
		in string
		v  int64
		ok bool
	}{
		{"0", 0, true},
		{"1", 1, true},
		{"-1", -1, true},
		{"123456789", 123456789, true},
		{"9223372036854775807", math.MaxInt64, true},
		{"-9223372036854775808", math.MinInt64, true},
		{"9223372036854775808", 0, false},
		{"-9223372036854775809", 0, false},
		{"18446744073709551615", 0, false},
		{"18446744073709551616", 0, false},
		{"99999999999999999999", 0, false},
		{"-0", 0, false},
		{"00", 0, false},
		{"01", 0, false},
		{"+1", 0, false},
		{"-", 0, false},
		{"", 0, false},
		{" 1", 0, false},
		{"1 ", 0, false},
		{"1a", 0, false},
		{"0x10", 0, false},
		{"1.0", 0, false},
		{"１", 0, false},
		{"000000000000000000001", 0, false},
	}
	for _, tt := range tests {
		v, ok := ParseInt([]byte(tt.in))
		if v != tt.v || ok != tt.ok {
			t.Errorf("ParseInt(%q) = %d, %v; want %d, %v", tt.in, v, ok, tt.v, tt.ok)
		}
	}
}

// Checked against glibc's strtod with Redis's string2d rules (see
// TestNumbersAgainstLibc).
func TestParseFloat(t *testing.T) {
	tests := []struct {
		in string
		v  float64
		ok bool
	}{
		{"0", 0, true},
		{"-0", math.Copysign(0, -1), true},
		{"1", 1, true},
		{"+1.5", 1.5, true},
		{"-.5e+2", -50, true},
		{"1.", 1, true},
		{".5", 0.5, true},
		{"1e10", 1e10, true},
		{"1E-3", 1e-3, true},
		{"0.1", 0.1, true},
		{"3.14159265358979323846264338327950288", math.Pi, true},
		{"1.7976931348623157e308", math.MaxFloat64, true},
		{"4.9406564584124654e-324", 5e-324, true}, // subnormal: ERANGE but accepted
		{"1e-320", 1e-320, true},
		{"0e-9999", 0, true},
		{"0x10", 16, true},
		{"0X1p4", 16, true},
		{"-0x.8", -0.5, true},
		{"0x1.8p1", 3, true},
		{"0x1P-1074", 5e-324, true},
		{"inf", math.Inf(1), true},
		{"+Inf", math.Inf(1), true},
		{"-INFINITY", math.Inf(-1), true},
		{"infinity", math.Inf(1), true},
		{"1e400", 0, false},  // overflow
		{"-1e400", 0, false}, // overflow
		{"1e-400", 0, false}, // underflow to zero
		{"0x1p-1080", 0, false},
		{"0x1p99999", 0, false},
		{"nan", 0, false},
		{"NaN", 0, false},
		{"-nan", 0, false},
		{"nan(123)", 0, false},
		{"infin", 0, false},
		{"infx", 0, false},
		{"", 0, false},
		{" 1", 0, false},
		{"\t1", 0, false},
		{"1 ", 0, false},
		{"1e", 0, false},
		{"1e+", 0, false},
		{"e5", 0, false},
		{".", 0, false},
		{"+", 0, false},
		{"-", 0, false},
		{"--1", 0, false},
		{"1_000", 0, false},
		{"0x", 0, false},
		{"0x.", 0, false},
		{"0x1p", 0, false},
		{"0x1e", 30, true},
		{"0x1g", 0, false},
		{"1,5", 0, false},
		{"1\x00", 0, false},
		{"0b101", 0, false},
		{"0o7", 0, false},
	}
	for _, tt := range tests {
		v, ok := ParseFloat([]byte(tt.in))
		if ok != tt.ok || (ok && (v != tt.v || math.Signbit(v) != math.Signbit(tt.v))) {
			t.Errorf("ParseFloat(%q) = %v, %v; want %v, %v", tt.in, v, ok, tt.v, tt.ok)
		}
	}
}

// Checked against glibc's printf (see TestNumbersAgainstLibc) and, for
// doubles, against Redis's ZSCORE (TestDoubleRepliesAgainstRedis).
func TestAppendDoubleText(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "-0"},
		{1, "1"},
		{-1.5, "-1.5"},
		{0.1, "0.10000000000000001"},
		{1.1, "1.1000000000000001"},
		{100, "100"},
		{123456789012345678, "1.2345678901234568e+17"},
		{1e16, "10000000000000000"},
		{1e17, "1e+17"},
		{1e21, "1e+21"},
		{1e-5, "1.0000000000000001e-05"},
		{0.0001, "0.0001"},
		{math.MaxFloat64, "1.7976931348623157e+308"},
		{5e-324, "4.9406564584124654e-324"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.NaN(), "nan"},
		{-math.NaN(), "-nan"},
	}
	for _, tt := range tests {
		if got := string(AppendDoubleText(nil, tt.f)); got != tt.want {
			t.Errorf("AppendDoubleText(%v) = %q, want %q", tt.f, got, tt.want)
		}
	}
}

func TestAppendFloatHuman(t *testing.T) {
	tests := []struct {
		f    float64
		want string
	}{
		{0, "0"},
		{math.Copysign(0, -1), "0"},
		{-1e-20, "0"},
		{1, "1"},
		{10.5, "10.5"},
		{-10.5, "-10.5"},
		{0.1, "0.10000000000000001"},
		{10.6, "10.59999999999999964"},
		{3.0e3, "3000"},
		{1e20, "100000000000000000000"},
		{1e-17, "0.00000000000000001"},
		{4e-18, "0"},
		{6e-18, "0.00000000000000001"},
		{0x1p-18, "0.00000381469726562"}, // a tie, rounded to even
		{0x3p-18, "0.00001144409179688"},
		{math.Inf(1), "inf"},
		{math.Inf(-1), "-inf"},
		{math.MaxFloat64, "179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368"},
	}
	for _, tt := range tests {
		if got := string(AppendFloatHuman([]byte("x"), tt.f)); got != "x"+tt.want {
			t.Errorf("AppendFloatHuman(%v) = %q, want %q", tt.f, got[1:], tt.want)
		}
	}
}

func TestNumberAllocs(t *testing.T) {
	dst := make([]byte, 0, 1024)
	ints := [][]byte{[]byte("12345"), []byte("-9223372036854775808")}
	floats := [][]byte{[]byte("3.25"), []byte("1e-320"), []byte("0x1.8p1"), []byte("0x1"), []byte("-inf")}
	allocs := testing.AllocsPerRun(100, func() {
		for _, b := range ints {
			ParseInt(b)
		}
		for _, b := range floats {
			ParseFloat(b)
		}
		AppendDoubleText(dst, 0.1)
		AppendFloatHuman(dst, 1.1)
		AppendFloatHuman(dst, 1e300)
	})
	if allocs != 0 {
		t.Errorf("%v allocs", allocs)
	}
}

// libcRef runs testdata/libc_numbers.c, the C reference, built with the
// system's C compiler; it skips the test where there is none.
type libcRef struct {
	in  *bufio.Writer
	out *bufio.Scanner
}

func startLibcRef(t *testing.T) *libcRef {
	t.Helper()
	if testing.Short() {
		t.Skip("-short: not building the C reference")
	}
	cc, err := exec.LookPath("cc")
	if err != nil {
		t.Skip("no C compiler")
	}
	bin := filepath.Join(t.TempDir(), "libc_numbers")
	if out, err := exec.Command(cc, "-O1", "-o", bin, "testdata/libc_numbers.c", "-lm").CombinedOutput(); err != nil {
		t.Skipf("cannot build the C reference: %v\n%s", err, out)
	}
	cmd := exec.Command(bin)
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		cmd.Wait()
	})
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<16), 1<<20)
	return &libcRef{bufio.NewWriter(stdin), sc}
}

func (r *libcRef) ask(t *testing.T, mode byte, arg string) string {
	fmt.Fprintf(r.in, "%c %s\n", mode, arg)
	r.in.Flush()
	if !r.out.Scan() {
		t.Fatalf("C reference died: %v", r.out.Err())
	}
	return r.out.Text()
}

// floatInputs are strings for ParseFloat: the table's, numbers printed in
// many ways, and random strings over the characters a float is made of.
func floatInputs(rng *rand.Rand) []string {
	var in []string
	for _, f := range []float64{0, 1, 0.1, 1.5, 1e300, 1e-300, 5e-324, 2.2250738585072014e-308, math.MaxFloat64, 123456789} {
		for _, s := range []string{
			strconv.FormatFloat(f, 'g', -1, 64), strconv.FormatFloat(f, 'e', 25, 64),
			strconv.FormatFloat(f, 'x', -1, 64), strconv.FormatFloat(-f, 'g', 17, 64),
		} {
			in = append(in, s, strings.TrimSuffix(s, "p+00"), strings.ToUpper(s))
		}
	}
	for i := 0; i < 3000; i++ {
		f := math.Float64frombits(rng.Uint64())
		in = append(in, strconv.FormatFloat(f, 'g', rng.IntN(25)-1, 64), strconv.FormatFloat(f, 'x', rng.IntN(16)-1, 64))
	}
	const alphabet = "0123456789..eE+-xXpPabcfinftyINFAN_ \t\x00"
	for i := 0; i < 20000; i++ {
		b := make([]byte, 1+rng.IntN(12))
		for j := range b {
			b[j] = alphabet[rng.IntN(len(alphabet))]
		}
		in = append(in, string(b))
	}
	return append(in, "1e-400", "1e400", "0x1p-1075", "0x1.0000000000001p-1074", "2.4703282292062327e-324",
		"2.4703282292062328e-324", "1"+strings.Repeat("0", 400), "0."+strings.Repeat("0", 400)+"1", "0x"+strings.Repeat("f", 300))
}

// floatBits are doubles to format: random bit patterns, short decimals,
// integers, and exact ties for "%.17f".
func floatBits(rng *rand.Rand) []float64 {
	var fs []float64
	for i := 0; i < 5000; i++ {
		fs = append(fs, math.Float64frombits(rng.Uint64()))
		fs = append(fs, float64(rng.IntN(2000000)-1000000)/math.Pow10(rng.IntN(12)))
		fs = append(fs, float64(rng.Int64()>>rng.IntN(63)))
		fs = append(fs, math.Ldexp(float64(rng.IntN(1<<20)), -rng.IntN(80)))
	}
	return append(fs, 0, math.Copysign(0, -1), math.Inf(1), math.Inf(-1), math.MaxFloat64, 5e-324, 1e21, 1e-5)
}

// TestNumbersAgainstLibc compares ParseInt, ParseFloat, AppendDoubleText and
// AppendFloatHuman with what Redis's C code computes with glibc, on about
// 50,000 inputs.
func TestNumbersAgainstLibc(t *testing.T) {
	ref := startLibcRef(t)
	rng := rand.New(rand.NewPCG(1, 2))

	for _, s := range floatInputs(rng) {
		want := ref.ask(t, 'd', hex.EncodeToString([]byte(s)))
		got := "no"
		if f, ok := ParseFloat([]byte(s)); ok {
			got = fmt.Sprintf("ok %016x", math.Float64bits(f))
		}
		if got != want {
			t.Errorf("ParseFloat(%q) = %s, strtod says %s", s, got, want)
		}
	}

	var ints []string
	for i := 0; i < 5000; i++ {
		n := rng.Int64() >> rng.IntN(64)
		if rng.IntN(2) == 0 {
			n = -n
		}
		s := strconv.FormatInt(n, 10)
		ints = append(ints, s, "+"+s, "0"+s, s+"0", s+"9", " "+s, s[:len(s)-1])
	}
	ints = append(ints, "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "-0", "-", "")
	for _, s := range ints {
		want := ref.ask(t, 'l', hex.EncodeToString([]byte(s)))
		got := "no"
		if n, ok := ParseInt([]byte(s)); ok {
			got = fmt.Sprintf("ok %d", n)
		}
		if s != "" && got != want { // the reference cannot take an empty line
			t.Errorf("ParseInt(%q) = %s, string2ll says %s", s, got, want)
		}
	}

	for _, f := range floatBits(rng) {
		if math.IsNaN(f) {
			continue
		}
		bits := fmt.Sprintf("%016x", math.Float64bits(f))
		if got, want := string(AppendDoubleText(nil, f)), ref.ask(t, 'g', bits); got != want {
			t.Errorf("AppendDoubleText(%v) = %q, %%.17g says %q", f, got, want)
		}
		if got, want := string(AppendFloatHuman(nil, f)), ref.ask(t, 'h', bits); got != want {
			t.Errorf("AppendFloatHuman(%v) = %q, ld2string says %q", f, got, want)
		}
	}
}
