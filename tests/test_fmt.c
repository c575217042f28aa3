/* test_fmt.c - the emulated formats against MPFR: every operation of fmt.h, computed in double
 * and rounded to the format, must give the bits MPFR gives at the format's precision with its
 * exponent range and subnormals (mpfr_set_emin/emax, mpfr_subnormalize), the overflow rule
 * applied by this file's own code. Exhaustive over every pair of values of the 8-bit formats;
 * random and edge-case pairs for the 16- and 19-bit ones and a custom format. */
#include "config.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "arith/fmt.h"
#include "arith/prng.h"
#include "helpers.h"

typedef enum { T_ADD, T_SUB, T_MUL, T_DIV, T_SQRT, T_FMA, T_EXP, T_LOG, T_ROUND } op_kind;
static const char *const op_names[] = {"+", "-", "*", "/", "sqrt", "fma", "exp", "log", "round"};

/* The reference: MPFR at p bits in the format's range, then this test's overflow rule. */
static double reference(const fp_format *f, op_kind op, double a, double b, double c)
{
	mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
	mpfr_t ma, mb, mc, r;
	int t = 0;
	double d;

	mpfr_inits2(53, ma, mb, mc, (mpfr_ptr)0);
	mpfr_init2(r, f->p);
	mpfr_set_d(ma, a, MPFR_RNDN);
	mpfr_set_d(mb, b, MPFR_RNDN);
	mpfr_set_d(mc, c, MPFR_RNDN);
	/* computed in MPFR's full range, then brought into the format's (mpfr_check_range's
	 * documented use): the least subnormal 2^(emin-p+1) has MPFR exponent emin-p+2 */
	switch (op) {
	case T_ADD:
		t = mpfr_add(r, ma, mb, MPFR_RNDN);
		break;
	case T_SUB:
		t = mpfr_sub(r, ma, mb, MPFR_RNDN);
		break;
	case T_MUL:
		t = mpfr_mul(r, ma, mb, MPFR_RNDN);
		break;
	case T_DIV:
		t = mpfr_div(r, ma, mb, MPFR_RNDN);
		break;
	case T_SQRT:
		t = mpfr_sqrt(r, ma, MPFR_RNDN);
		break;
	case T_FMA:
		t = mpfr_fma(r, ma, mb, mc, MPFR_RNDN);
		break;
	case T_EXP:
		t = mpfr_exp(r, ma, MPFR_RNDN);
		break;
	case T_LOG:
		t = mpfr_log(r, ma, MPFR_RNDN);
		break;
	case T_ROUND:
		t = mpfr_set(r, ma, MPFR_RNDN);
		break;
	}
	mpfr_set_emin(f->emin - f->p + 2);
	mpfr_set_emax(f->emax + 1);
	t = mpfr_check_range(r, t, MPFR_RNDN);
	mpfr_subnormalize(r, t, MPFR_RNDN);
	d = mpfr_get_d(r, MPFR_RNDN);
	mpfr_set_emin(emin);
	mpfr_set_emax(emax);
	mpfr_clears(ma, mb, mc, r, (mpfr_ptr)0);
	if (isinf(d) || fabs(d) > f->max) { /* the overflow rules of fmt.h, written again */
		if (f->ovf == FMT_OVF_NAN)
			return (double)NAN;
		if (f->ovf == FMT_OVF_SAT)
			return copysign(f->max, d);
		return copysign((double)INFINITY, d);
	}
	return d;
}

static double emulated(const fp_format *f, op_kind op, double a, double b, double c)
{
	switch (op) {
	case T_ADD:
		return fmt_add(f, a, b);
	case T_SUB:
		return fmt_sub(f, a, b);
	case T_MUL:
		return fmt_mul(f, a, b);
	case T_DIV:
		return fmt_div(f, a, b);
	case T_SQRT:
		return fmt_sqrt(f, a);
	case T_FMA:
		return fmt_fma(f, a, b, c);
	case T_EXP:
		return fmt_exp(f, a);
	case T_LOG:
		return fmt_log(f, a);
	default:
		return fmt_round(f, a);
	}
}

static void check(const fp_format *f, op_kind op, double a, double b, double c)
{
	double got = emulated(f, op, a, b, c), want = reference(f, op, a, b, c);

	cr_assert(bits_eq_d(got, want), "%s: %a %s %a (c %a): got %a, MPFR %a (seed %llu)", f->name,
	          a, op_names[op], b, c, got, want, (unsigned long long)test_seed());
}

/* Every value of a format with at most 16 bits, by position: +-0, subnormals, normals up to
 * max, and the infinities when it has them. */
static double *all_values(const fp_format *f, size_t *n)
{
	size_t cap = 2 * ((size_t)(f->emax - f->emin + 2) << (f->p - 1)) + 4, k = 0;
	double *v = malloc(cap * sizeof *v);

	cr_assert_not_null(v);
	for (int64_t i = 0;; i++) {
		double x;

		if (i < ((int64_t)1 << (f->p - 1))) {
			x = (double)i * f->quantum;
		} else {
			int64_t e = i / ((int64_t)1 << (f->p - 1)) - 1 + f->emin;
			int64_t m = i % ((int64_t)1 << (f->p - 1)) + ((int64_t)1 << (f->p - 1));

			x = ldexp((double)m, (int)(e - f->p + 1));
		}
		if (x > f->max)
			break;
		v[k++] = x;
		v[k++] = -x;
	}
	if (f->ovf == FMT_OVF_INF) {
		v[k++] = (double)INFINITY;
		v[k++] = -(double)INFINITY;
	}
	v[k++] = (double)NAN;
	cr_assert_leq(k, cap);
	*n = k;
	return v;
}

Test(fmt, predefined_formats_are_what_fmt_init_makes)
{
	const fp_format *const f[] = {&fmt_binary32, &fmt_fp16,     &fmt_bf16, &fmt_tf32,
	                              &fmt_e4m3,     &fmt_e4m3_sat, &fmt_e5m2, &fmt_e5m2_sat};

	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
		fp_format g;

		cr_assert(
		    fmt_init(&g, f[i]->name, f[i]->p, f[i]->emin, f[i]->emax, f[i]->ovf, f[i]->max),
		    "%s", f[i]->name);
		cr_assert(g.shift == f[i]->shift && g.half == f[i]->half && g.keep == f[i]->keep &&
		              g.norm_bits == f[i]->norm_bits && g.max_bits == f[i]->max_bits &&
		              bits_eq_d(g.quantum, f[i]->quantum) &&
		              bits_eq_d(g.inv_quantum, f[i]->inv_quantum) &&
		              g.digits == f[i]->digits,
		          "%s", f[i]->name);
	}
	/* the formats' definitions, from the standards */
	ASSERT_BITS_D(fmt_fp16.max, 65504.0);
	ASSERT_BITS_D(fmt_fp16.quantum, ldexp(1.0, -24));
	ASSERT_BITS_D(fmt_bf16.max, (double)0x1.fep127f);
	ASSERT_BITS_D(fmt_e4m3.max, 448.0);
	ASSERT_BITS_D(fmt_e5m2.max, 57344.0);
	ASSERT_BITS_D(fmt_e4m3.quantum, ldexp(1.0, -9));
	ASSERT_BITS_D(fmt_e5m2.quantum, ldexp(1.0, -16));
	ASSERT_BITS_D(fmt_tf32.quantum, ldexp(1.0, -136));
	/* binary32 is float: rounding a double to it is the C conversion */
	for (int i = 0; i < 100000; i++) {
		static prng g;
		double x;

		if (i == 0)
			prng_seed(&g, test_seed());
		x = ldexp(prng_uniform(&g) - 0.5, (int)prng_below(&g, 300) - 150);
		ASSERT_BITS_D(fmt_round(&fmt_binary32, x), (double)(float)x);
	}
}

/* Every pair of values (and NaN, infinities) of E4M3, E4M3 saturating, E5M2 and E5M2
 * saturating, under every operation; fma with every value as a and b and 24 values of c. */
Test(fmt, every_pair_of_8_bit_values_is_mpfr, .timeout = 300)
{
	const fp_format *const f[] = {&fmt_e4m3, &fmt_e4m3_sat, &fmt_e5m2, &fmt_e5m2_sat};
	prng g;

	prng_seed(&g, test_seed());
	for (size_t q = 0; q < sizeof f / sizeof f[0]; q++) {
		size_t n;
		double *v = all_values(f[q], &n);

		for (size_t i = 0; i < n; i++) {
			check(f[q], T_SQRT, v[i], 0, 0);
			check(f[q], T_EXP, v[i], 0, 0);
			check(f[q], T_LOG, v[i], 0, 0);
			for (size_t j = 0; j < n; j++) {
				check(f[q], T_ADD, v[i], v[j], 0);
				check(f[q], T_SUB, v[i], v[j], 0);
				check(f[q], T_MUL, v[i], v[j], 0);
				check(f[q], T_DIV, v[i], v[j], 0);
				for (int k = 0; k < 3; k++)
					check(f[q], T_FMA, v[i], v[j], v[prng_below(&g, n)]);
			}
		}
		free(v);
	}
}

/* A random value of f: a random position, any sign; now and then a special. */
static double random_value(const fp_format *f, prng *g)
{
	int64_t per = (int64_t)1 << (f->p - 1), top = (int64_t)(f->emax - f->emin + 2) * per;
	int64_t i = (int64_t)prng_below(g, (uint64_t)top);
	double x = i < per
	               ? (double)i * f->quantum
	               : ldexp((double)(i % per + per), (int)(i / per - 1 + f->emin - f->p + 1));

	if (x > f->max)
		x = f->max;
	if (prng_below(g, 1000) == 0)
		x = prng_below(g, 2) ? (double)INFINITY : 0.0;
	return prng_below(g, 2) ? -x : x;
}

/* fp16, bf16, tf32 and a custom format: 300,000 random triples each, every operation;
 * values near a format's midpoints and overflow threshold for rounding. */
Test(fmt, random_operands_of_wider_formats_are_mpfr, .timeout = 300)
{
	fp_format custom;
	char err[200];
	const fp_format *f[] = {&fmt_fp16, &fmt_bf16, &fmt_tf32, &fmt_binary32, &custom};
	prng g;

	cr_assert(fmt_parse_custom("custom:p=6,emin=-30,emax=31", &custom, err, sizeof err), "%s",
	          err);
	prng_seed(&g, test_seed());
	for (size_t q = 0; q < sizeof f / sizeof f[0]; q++)
		for (int i = 0; i < 300000; i++) {
			double a = random_value(f[q], &g), b = random_value(f[q], &g),
			       c = random_value(f[q], &g);
			/* a double near a midpoint of the format: a value plus half an ulp, moved
			 * by a few ulps of double */
			const bool normal = isfinite(a) && fabs(a) > 0.0; /* ilogb(0) is INT_MIN */
			double mid = normal
			                 ? a + copysign(ldexp(1.0, ilogb(a) - f[q]->p), a) +
			                       ldexp(a, -52) * (double)((int)prng_below(&g, 9) - 4)
			                 : a;

			check(f[q], (op_kind)(i % 8), a, b, c);
			if (isfinite(mid))
				check(f[q], T_ROUND, mid, 0, 0);
			check(f[q], T_ROUND,
			      ldexp(prng_uniform(&g), (int)prng_below(&g, 2 * f[q]->emax + 40) -
			                                  f[q]->emax - 30 - f[q]->p),
			      0, 0);
		}
}

/* The rounding near the largest value: E4M3 rounds 464 to 448 (ties to even) and 465 to
 * NaN, saturating to 448; binary16 rounds 65519.99 to 65504 and 65520 to infinity. */
Test(fmt, overflow_thresholds)
{
	ASSERT_BITS_D(fmt_round(&fmt_e4m3, 464.0), 448.0);
	cr_assert(isnan(fmt_round(&fmt_e4m3, 464.5)));
	cr_assert(isnan(fmt_round(&fmt_e4m3, (double)INFINITY)));
	ASSERT_BITS_D(fmt_round(&fmt_e4m3_sat, -1e9), -448.0);
	ASSERT_BITS_D(fmt_round(&fmt_e4m3_sat, (double)INFINITY), 448.0);
	ASSERT_BITS_D(fmt_round(&fmt_fp16, 65519.99), 65504.0);
	ASSERT_BITS_D(fmt_round(&fmt_fp16, 65520.0), (double)INFINITY);
	ASSERT_BITS_D(fmt_round(&fmt_e5m2, 61440.0), (double)INFINITY);
	ASSERT_BITS_D(fmt_round(&fmt_e5m2_sat, 61440.0), 57344.0);
	/* half the least subnormal rounds to zero (even), a bit more to the least subnormal */
	ASSERT_BITS_D(fmt_round(&fmt_fp16, 0x1p-25), 0.0);
	ASSERT_BITS_D(fmt_round(&fmt_fp16, -0x1.0000000000001p-25), -0x1p-24);
	ASSERT_BITS_D(fmt_round(&fmt_fp16, 0.1), 0x1.998p-4);
}

/* ulps count the values between; shortest decimals read back. */
Test(fmt, ulps_and_shortest)
{
	uint64_t u;
	char buf[64];

	cr_assert_eq(fmt_ulps_in(&fmt_fp16, 1.0, 1.0 + 0x1p-10, &u), FP_OK);
	cr_assert_eq(u, 1);
	cr_assert_eq(fmt_ulps_in(&fmt_fp16, -0x1p-24, 0x1p-24, &u), FP_OK);
	cr_assert_eq(u, 2);
	cr_assert_eq(fmt_ulps_in(&fmt_fp16, 0x1p-14 - 0x1p-24, 0x1p-14, &u), FP_OK);
	cr_assert_eq(u, 1);
	cr_assert_eq(fmt_ulps_in(&fmt_fp16, 0.0, 65504.0, &u), FP_OK);
	cr_assert_eq(u, 0x7bff); /* binary16's bit pattern of 65504 */
	cr_assert_eq(fmt_ulps_in(&fmt_e4m3, 0.0, 448.0, &u), FP_OK);
	cr_assert_eq(u, 0x7e); /* E4M3's pattern of 448 */
	cr_assert_eq(fmt_ulps_in(&fmt_fp16, (double)NAN, 1.0, &u), FP_ENAN);
	cr_assert_eq(fmt_ulps_in(&fmt_fp16, (double)INFINITY, 1.0, &u), FP_EINF);
	cr_assert_str_eq(fmt_shortest(&fmt_fp16, fmt_round(&fmt_fp16, 0.1), buf, sizeof buf),
	                 "0.1");
	cr_assert_str_eq(fmt_shortest(&fmt_bf16, fmt_round(&fmt_bf16, 3.14159), buf, sizeof buf),
	                 "3.14"); /* 3.140625, the bf16 nearest 3.14 */
	/* 450 reads back as 448: two digits are enough */
	cr_assert_str_eq(fmt_shortest(&fmt_e4m3, 448.0, buf, sizeof buf), "4.5e+02");
	/* every fp16 value's shortest decimal reads back to it */
	{
		size_t n;
		double *v = all_values(&fmt_fp16, &n);

		for (size_t i = 0; i < n; i += 7) {
			mpfr_t t;

			if (!isfinite(v[i]))
				continue;
			fmt_shortest(&fmt_fp16, v[i], buf, sizeof buf);
			mpfr_init2(t, 200);
			mpfr_set_str(t, buf, 10, MPFR_RNDN);
			ASSERT_BITS_D(fmt_round_mpfr(&fmt_fp16, t), v[i]);
			mpfr_clear(t);
		}
		free(v);
	}
}

Test(fmt, custom_formats_parse_or_say_why)
{
	fp_format f;
	char err[200];

	cr_assert(fmt_parse_custom("custom:p=11,emin=-14,emax=15", &f, err, sizeof err));
	cr_assert_eq(f.max_bits, fmt_fp16.max_bits);
	cr_assert_str_eq(f.name, "custom:p=11,emin=-14,emax=15");
	cr_assert(fmt_parse_custom("custom:emax=7,sat,p=3,emin=-6", &f, err, sizeof err));
	cr_assert_str_eq(f.name, "custom:p=3,emin=-6,emax=7,sat");
	cr_assert_eq(f.ovf, FMT_OVF_SAT);
	cr_assert_not(fmt_parse_custom("custom:p=25,emin=-14,emax=15", &f, err, sizeof err));
	cr_assert(strstr(err, "p must be 2..24"), "%s", err);
	cr_assert_not(fmt_parse_custom("custom:p=5,emin=-14", &f, err, sizeof err));
	cr_assert(strstr(err, "emax=N is missing"), "%s", err);
	cr_assert_not(fmt_parse_custom("custom:p=5,emin=-14,emax=15,q=1", &f, err, sizeof err));
	cr_assert(strstr(err, "column 29"), "%s", err);
	cr_assert_not(fmt_parse_custom("custom:p=5,p=6,emin=-14,emax=15", &f, err, sizeof err));
	cr_assert(strstr(err, "twice"), "%s", err);
	cr_assert_not(fmt_parse_custom("custom:p=x,emin=-14,emax=15", &f, err, sizeof err));
	cr_assert_not(fmt_parse_custom("custom:p=5,emin=-481,emax=15", &f, err, sizeof err));
}

/* Neighbours walk the format's values one position at a time (fmt_ulps_in counts 1), and the
 * encodings are the standards' bit patterns. */
Test(fmt, neighbours_and_encodings)
{
	const fp_format *const f[] = {&fmt_fp16, &fmt_bf16, &fmt_e4m3, &fmt_e5m2};

	for (size_t q = 0; q < sizeof f / sizeof f[0]; q++) {
		size_t n;
		double *v = all_values(f[q], &n);

		for (size_t i = 0; i<n; i += f[q]->p> 8 ? 13 : 1) {
			uint64_t u;
			double up, down;

			if (!isfinite(v[i]) || fabs(v[i]) >= f[q]->max)
				continue;
			up = fmt_next(f[q], v[i], 1);
			down = fmt_next(f[q], v[i], -1);
			cr_assert(up > v[i] && down < v[i], "%s %a", f[q]->name, v[i]);
			cr_assert_eq(fmt_ulps_in(f[q], v[i], up, &u), FP_OK);
			/* +0 and -0 are one value apart from +-quantum, as 0 ulps from each other
			 */
			cr_assert_eq(u, 1, "%s: %a up %a", f[q]->name, v[i], up);
			cr_assert_eq(fmt_ulps_in(f[q], v[i], down, &u), FP_OK);
			cr_assert_eq(u, 1, "%s: %a down %a", f[q]->name, v[i], down);
			ASSERT_BITS_D(fmt_round(f[q], up), up);
			ASSERT_BITS_D(fmt_round(f[q], down), down);
		}
		free(v);
	}
	cr_assert(isinf(fmt_next(&fmt_fp16, 65504.0, 1)));
	cr_assert(isnan(fmt_next(&fmt_e4m3, 448.0, 1)));
	ASSERT_BITS_D(fmt_next(&fmt_e4m3_sat, 448.0, 1), 448.0);
	cr_assert_eq(fmt_exponent_bits(&fmt_fp16), 5);
	cr_assert_eq(fmt_exponent_bits(&fmt_bf16), 8);
	cr_assert_eq(fmt_exponent_bits(&fmt_tf32), 8);
	cr_assert_eq(fmt_exponent_bits(&fmt_e4m3), 4);
	cr_assert_eq(fmt_exponent_bits(&fmt_e5m2), 5);
	/* binary16: 1.0 is 0x3c00, 65504 0x7bff, the least subnormal 0x0001, -2 0xc000 */
	cr_assert_eq(fmt_encode(&fmt_fp16, 1.0), 0x3c00);
	cr_assert_eq(fmt_encode(&fmt_fp16, 65504.0), 0x7bff);
	cr_assert_eq(fmt_encode(&fmt_fp16, 0x1p-24), 0x0001);
	cr_assert_eq(fmt_encode(&fmt_fp16, -2.0), 0xc000);
	cr_assert_eq(fmt_encode(&fmt_fp16, (double)INFINITY), 0x7c00);
	/* bfloat16 is binary32's top half: 1.0 is 0x3f80 */
	cr_assert_eq(fmt_encode(&fmt_bf16, 1.0), 0x3f80);
	/* OFP8: E4M3 448 is 0x7e, its NaN 0x7f; E5M2 57344 is 0x7b, its infinity 0x7c */
	cr_assert_eq(fmt_encode(&fmt_e4m3, 448.0), 0x7e);
	cr_assert_eq(fmt_encode(&fmt_e4m3, (double)NAN), 0x7f);
	cr_assert_eq(fmt_encode(&fmt_e5m2, 57344.0), 0x7b);
	cr_assert_eq(fmt_encode(&fmt_e5m2, (double)INFINITY), 0x7c);
	cr_assert_eq(fmt_encode(&fmt_e4m3, 0x1p-9), 0x01);
}

/* Every midpoint between two consecutive values of fp16, bf16, E4M3 and E5M2 (ties: they
 * round to the even one), and the doubles one ulp either side, against MPFR. */
Test(fmt, every_midpoint_of_the_16_and_8_bit_formats, .timeout = 120)
{
	const fp_format *const f[] = {&fmt_fp16, &fmt_bf16, &fmt_e4m3, &fmt_e5m2};

	for (size_t q = 0; q < sizeof f / sizeof f[0]; q++) {
		size_t n;
		double *v = all_values(f[q], &n);

		for (size_t i = 0; i < n; i++) {
			double up, mid;

			if (!isfinite(v[i]) || fabs(v[i]) >= f[q]->max)
				continue;
			up = fmt_next(f[q], v[i], 1);
			mid = v[i] + (up - v[i]) / 2; /* exact: a p + 1-bit number */
			check(f[q], T_ROUND, mid, 0, 0);
			check(f[q], T_ROUND, nextafter(mid, (double)INFINITY), 0, 0);
			check(f[q], T_ROUND, nextafter(mid, -(double)INFINITY), 0, 0);
		}
		free(v);
	}
}
