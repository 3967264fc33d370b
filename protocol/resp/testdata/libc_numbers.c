// libc_numbers.c is the C reference for TestNumbersAgainstLibc, which
// compiles it when a C compiler is at hand. It reads requests on stdin, one
// per line, and answers one line each, computing what Redis 7.0 computes
// with glibc:
//
//   d <hex bytes>   strtod over the whole input, refused as Redis's string2d
//                   refuses: empty, leading blank, trailing bytes, overflow,
//                   underflow to zero, NaN. Answer "ok <float64 bits>" or "no".
//   l <hex bytes>   an int64 in canonical decimal form (what string2ll
//                   accepts: strtoll succeeds and "%lld" prints it back the
//                   same). Answer "ok <n>" or "no".
//   g <bits>        printf("%.17g") of the float64 with these bits.
//   h <bits>        printf("%.17Lf") of it widened to long double, trailing
//                   zeros (and a bare '.') trimmed and "-0" made "0", as
//                   ld2string's LD_STR_HUMAN mode does.
//   L <hex> [<hex>] INCRBYFLOAT's arithmetic: strtold over each whole input
//                   (refused as string2ld refuses: empty, 5120 bytes or more,
//                   leading blank, trailing bytes, overflow, underflow to
//                   zero, NaN), their long double sum, printed as "h" does.
//                   Answer "no", "nonfinite" or the number.
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static size_t unhex(const char *h, char *out) {
	size_t n = 0;
	unsigned v;
	while (isxdigit((unsigned char)h[0]) && isxdigit((unsigned char)h[1]) && sscanf(h, "%2x", &v) == 1) {
		out[n++] = (char)v;
		h += 2;
	}
	out[n] = 0;
	return n;
}

static int parse_ld(const char *arg, long double *v) {
	static char in[1 << 16];
	size_t n = unhex(arg, in);
	char *end;
	if (n == 0 || n >= 5120 || isspace((unsigned char)in[0]))
		return 0;
	errno = 0;
	*v = strtold(in, &end);
	return (size_t)(end - in) == n && !isnan(*v) && !(errno == ERANGE && (isinf(*v) || *v == 0));
}

static void print_human(long double v) {
	static char out[8192];
	if (isinf(v)) {
		puts(v > 0 ? "inf" : "-inf");
		return;
	}
	int l = snprintf(out, sizeof out, "%.17Lf", v);
	if (strchr(out, '.')) {
		while (out[l - 1] == '0')
			l--;
		if (out[l - 1] == '.')
			l--;
	}
	if (l == 2 && out[0] == '-' && out[1] == '0')
		l = 1, out[0] = '0';
	out[l] = 0;
	puts(out);
}

static double bits2d(const char *arg) {
	uint64_t u = strtoull(arg, NULL, 16);
	double d;
	memcpy(&d, &u, sizeof d);
	return d;
}

int main(void) {
	static char line[1 << 17], in[1 << 16], out[8192];
	while (fgets(line, sizeof line, stdin)) {
		const char *arg = line + 2;
		switch (line[0]) {
		case 'd': {
			size_t n = unhex(arg, in);
			char *end;
			errno = 0;
			double d = strtod(in, &end);
			int bad = n == 0 || isspace((unsigned char)in[0]) || (size_t)(end - in) != n || isnan(d) ||
				(errno == ERANGE && (isinf(d) || d == 0));
			if (bad) {
				puts("no");
			} else {
				uint64_t u;
				memcpy(&u, &d, sizeof u);
				printf("ok %016llx\n", (unsigned long long)u);
			}
			break;
		}
		case 'l': {
			size_t n = unhex(arg, in);
			char *end;
			errno = 0;
			long long v = strtoll(in, &end, 10);
			snprintf(out, sizeof out, "%lld", v);
			if (n > 0 && errno == 0 && (size_t)(end - in) == n && strcmp(out, in) == 0)
				printf("ok %lld\n", v);
			else
				puts("no");
			break;
		}
		case 'g':
			printf("%.17g\n", bits2d(arg));
			break;
		case 'h':
			print_human(bits2d(arg));
			break;
		case 'L': {
			long double a, b = 0;
			const char *second = strchr(arg, ' ');
			if (!parse_ld(arg, &a) || (second && !parse_ld(second + 1, &b))) {
				puts("no");
				break;
			}
			a += b;
			if (!isfinite(a))
				puts("nonfinite");
			else
				print_human(a);
			break;
		}
		default:
			puts("?");
		}
		fflush(stdout);
	}
	return 0;
}
