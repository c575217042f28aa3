/* lesson.c - facts about one number in float and double; see lesson.h. */
#include "config.h"

#include "explore/lesson.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

static void binary(uint64_t v, int nbits, char *out)
{
	for (int i = 0; i < nbits; i++)
		out[i] = (v >> (nbits - 1 - i)) & 1 ? '1' : '0';
	out[nbits] = '\0';
}

/* The exact decimal value of v (every binary fraction is a finite decimal). */
static void exact_decimal(double v, char *out, size_t size)
{
	mpfr_t m;

	mpfr_init2(m, 53);
	mpfr_set_d(m, v, MPFR_RNDN);
	if (!mpfr_number_p(m) || mpfr_integer_p(m))
		mpfr_snprintf(out, size, "%.0Rf", m);
	else
		/* at most 1074 fraction digits; %Rf with enough digits then trimmed */
		mpfr_snprintf(out, size, "%.1100Rf", m);
	if (strchr(out, '.')) {
		size_t len = strlen(out);

		while (len > 0 && out[len - 1] == '0')
			out[--len] = '\0';
		if (len > 0 && out[len - 1] == '.')
			out[--len] = '\0';
	}
	mpfr_clear(m);
}

static void shortest_d(double v, char *out, size_t size)
{
	for (int digits = 1; digits <= 17; digits++) {
		double back;

		snprintf(out, size, "%.*g", digits, v);
		back = strtod(out, NULL);
		if (memcmp(&back, &v, sizeof v) == 0)
			return;
	}
}

static void shortest_f(float v, char *out, size_t size)
{
	for (int digits = 1; digits <= 9; digits++) {
		float back;

		snprintf(out, size, "%.*g", digits, (double)v);
		back = strtof(out, NULL);
		if (memcmp(&back, &v, sizeof v) == 0)
			return;
	}
}

/* |stored - input| / |input| with the input's decimal value read by MPFR at 4096 bits. */
static void rel_err(const char *text, double stored, char *out, size_t size)
{
	mpfr_t in, d;

	mpfr_inits2(4096, in, d, (mpfr_ptr)0);
	mpfr_set_str(in, text, 10, MPFR_RNDN);
	mpfr_set_d(d, stored, MPFR_RNDN);
	mpfr_sub(d, d, in, MPFR_RNDN);
	if (mpfr_zero_p(in))
		snprintf(out, size, mpfr_zero_p(d) ? "0" : "inf");
	else {
		mpfr_div(d, d, in, MPFR_RNDN);
		mpfr_abs(d, d, MPFR_RNDN);
		mpfr_snprintf(out, size, "%.3Rg", d);
	}
	mpfr_clears(in, d, (mpfr_ptr)0);
}

bool lesson_compute(const char *text, lesson *out)
{
	char *end;
	double d;
	float f;

	memset(out, 0, sizeof *out);
	errno = 0;
	d = strtod(text, &end);
	if (end == text || *end)
		return false;
	f = strtof(text, NULL);
	snprintf(out->input, sizeof out->input, "%s", text);
	{
		lesson_format *L = &out->fmt[LESSON_DOUBLE];
		uint64_t u;

		memcpy(&u, &d, sizeof u);
		L->name = "double";
		L->exp_bits = 11;
		L->man_bits = 52;
		L->bits = u;
		binary(u >> 63, 1, L->sign);
		binary((u >> 52) & 0x7ff, 11, L->exponent);
		binary(u & 0xfffffffffffffu, 52, L->mantissa);
		exact_decimal(d, L->exact, sizeof L->exact);
		shortest_d(d, L->stored, sizeof L->stored);
		snprintf(L->ulp, sizeof L->ulp, "%.17g", nextafter(fabs(d), HUGE_VAL) - fabs(d));
		snprintf(L->next, sizeof L->next, "%.17g", nextafter(d, HUGE_VAL));
		snprintf(L->prev, sizeof L->prev, "%.17g", nextafter(d, -HUGE_VAL));
		snprintf(L->eps, sizeof L->eps, "%.17g (2^-52)", DBL_EPSILON);
		rel_err(text, d, L->rel_err, sizeof L->rel_err);
	}
	{
		lesson_format *L = &out->fmt[LESSON_FLOAT];
		uint32_t u;

		memcpy(&u, &f, sizeof u);
		L->name = "float";
		L->exp_bits = 8;
		L->man_bits = 23;
		L->bits = u;
		binary(u >> 31, 1, L->sign);
		binary((u >> 23) & 0xff, 8, L->exponent);
		binary(u & 0x7fffffu, 23, L->mantissa);
		exact_decimal((double)f, L->exact, sizeof L->exact);
		shortest_f(f, L->stored, sizeof L->stored);
		snprintf(L->ulp, sizeof L->ulp, "%.9g",
		         (double)(nextafterf(fabsf(f), HUGE_VALF) - fabsf(f)));
		snprintf(L->next, sizeof L->next, "%.9g", (double)nextafterf(f, HUGE_VALF));
		snprintf(L->prev, sizeof L->prev, "%.9g", (double)nextafterf(f, -HUGE_VALF));
		snprintf(L->eps, sizeof L->eps, "%.9g (2^-23)", (double)FLT_EPSILON);
		rel_err(text, (double)f, L->rel_err, sizeof L->rel_err);
	}
	/* the classroom facts, each computed in its own format */
	{
		volatile double one = 1.0, half_eps = DBL_EPSILON / 2, a = 0.1, b = 0.2, c = 0.3;
		volatile float onef = 1.0f, half_epsf = FLT_EPSILON / 2, af = 0.1f, bf = 0.2f,
		               cf = 0.3f;
		double sum = a + b;
		float sumf = af + bf;

		out->one_plus_half_eps_is_one[LESSON_DOUBLE] = !(one + half_eps > one);
		out->one_plus_half_eps_is_one[LESSON_FLOAT] = !(onef + half_epsf > onef);
		shortest_d(sum, out->tenth_sum[LESSON_DOUBLE], sizeof out->tenth_sum[0]);
		shortest_f(sumf, out->tenth_sum[LESSON_FLOAT], sizeof out->tenth_sum[0]);
		out->tenth_sum_is_03[LESSON_DOUBLE] = !(sum < c) && !(sum > c);
		out->tenth_sum_is_03[LESSON_FLOAT] = !(sumf < cf) && !(sumf > cf);
	}
	return true;
}
