/* test_stats.c - the mean and standard deviation of repeats: exact and rounded once, checked
 * against independent computations in MPFR (exact sums at 4400 bits, then one correctly
 * rounded operation) and against hand-made ties. */
#include "config.h"

#include <criterion/criterion.h>
#include <math.h>
#include <mpfr.h>

#include "arith/precision.h"
#include "arith/prng.h"
#include "arith/stats.h"
#include "helpers.h"

/* The one-pass formula the runner used before: what the exact one replaces. */
static double one_pass_sd(const double *x, size_t n)
{
	double sum = 0, sum2 = 0;

	for (size_t i = 0; i < n; i++) {
		sum += x[i];
		sum2 += x[i] * x[i];
	}
	return sqrt(fmax(0.0, (sum2 - sum * sum / (double)n) / (double)(n - 1)));
}

Test(stats, identical_values_have_sd_zero_exactly)
{
	const double values[] = {0.1, 3180.0256168172618, 1e8 + 0.1, -7.25e-300, 1.7e308};
	double x[30], mean, sd;
	bool one_pass_wrong = false;

	for (size_t v = 0; v < sizeof values / sizeof values[0]; v++) {
		for (int i = 0; i < 30; i++)
			x[i] = values[v];
		stats_mean_sd(x, 30, &mean, &sd);
		ASSERT_BITS_D(mean, values[v]);
		ASSERT_BITS_D(sd, 0.0);
		one_pass_wrong |= !bits_eq_d(one_pass_sd(x, 30), 0.0);
	}
	cr_assert(one_pass_wrong, "the one-pass formula got every case right: weak test data");
}

Test(stats, the_mean_rounds_ties_to_even)
{
	double a[2] = {1.0, 1.0 + 0x1p-52}, b[2] = {1.0 + 0x1p-52, 1.0 + 0x1p-51};
	double c[2] = {0x1p-1074, 0x1p-1073}, mean, sd;

	stats_mean_sd(a, 2, &mean, &sd);
	ASSERT_BITS_D(mean, 1.0); /* 1 + 2^-53: halfway, to the even 1 */
	stats_mean_sd(b, 2, &mean, &sd);
	ASSERT_BITS_D(mean, 1.0 + 0x1p-51); /* 1 + 3 2^-53: halfway, to the even neighbour */
	stats_mean_sd(c, 2, &mean, &sd);
	ASSERT_BITS_D(mean, 0x1p-1073); /* 1.5 2^-1074: a subnormal tie, to even */
}

/* For two values the exact answers are one correctly rounded MPFR operation away:
 * mean = (a + b) / 2 and sd = |a - b| / sqrt(2) = sqrt((a - b)^2 / 2), with a - b and its
 * square exact at 4400 bits. */
Test(stats, pairs_against_mpfr)
{
	prng p;
	mpfr_t d, r;

	prng_seed(&p, test_seed());
	mpfr_inits2(4400, d, r, (mpfr_ptr)0);
	for (int t = 0; t < 2000; t++) {
		double x[2], mean, sd, want_mean, want_sd;
		int scale = (int)prng_below(&p, 200) - 100;

		x[0] = ldexp(prng_uniform(&p) + 1.0, scale);
		x[1] = t % 3 ? ldexp(prng_uniform(&p) - 0.5, scale) : nextafter(x[0], 0.0);
		stats_mean_sd(x, 2, &mean, &sd);
		mpfr_set_d(d, x[0], MPFR_RNDN);
		mpfr_add_d(d, d, x[1], MPFR_RNDN); /* exact */
		mpfr_div_2ui(d, d, 1, MPFR_RNDN);
		want_mean = mpfr_get_d(d, MPFR_RNDN); /* one rounding, normal range */
		mpfr_set_d(d, x[0], MPFR_RNDN);
		mpfr_sub_d(d, d, x[1], MPFR_RNDN); /* exact */
		mpfr_sqr(d, d, MPFR_RNDN);         /* exact */
		mpfr_div_2ui(d, d, 1, MPFR_RNDN);  /* exact */
		mpfr_set_prec(r, 53);
		mpfr_sqrt(r, d, MPFR_RNDN); /* correctly rounded */
		want_sd = mpfr_get_d(r, MPFR_RNDN);
		mpfr_set_prec(r, 4400);
		cr_assert(bits_eq_d(mean, want_mean), "mean of %a and %a: %a, want %a", x[0], x[1],
		          mean, want_mean);
		cr_assert(bits_eq_d(sd, want_sd), "sd of %a and %a: %a, want %a", x[0], x[1], sd,
		          want_sd);
	}
	mpfr_clears(d, r, (mpfr_ptr)0);
}

/* Thirty values 1e8 + tiny noise, where the one-pass formula keeps few digits, against the
 * same exact quantities evaluated by MPFR at 20000 bits and rounded once. */
Test(stats, clustered_values_against_mpfr)
{
	prng p;
	double x[30], mean, sd;
	mpfr_t s, q, t, v;

	prng_seed(&p, test_seed() + 1);
	mpfr_inits2(20000, s, q, t, v, (mpfr_ptr)0);
	for (int trial = 0; trial < 50; trial++) {
		mpfr_set_zero(s, 1);
		mpfr_set_zero(q, 1);
		for (int i = 0; i < 30; i++) {
			x[i] = 1e8 + ldexp(prng_uniform(&p), -20 - trial % 10);
			mpfr_add_d(s, s, x[i], MPFR_RNDN);
			mpfr_set_d(t, x[i], MPFR_RNDN);
			mpfr_sqr(t, t, MPFR_RNDN);
			mpfr_add(q, q, t, MPFR_RNDN);
		}
		stats_mean_sd(x, 30, &mean, &sd);
		/* v = (30 q - s^2) / (30 * 29), sqrt */
		mpfr_mul_ui(q, q, 30, MPFR_RNDN);
		mpfr_sqr(t, s, MPFR_RNDN);
		mpfr_sub(v, q, t, MPFR_RNDN);
		mpfr_div_ui(v, v, 30 * 29, MPFR_RNDN);
		mpfr_sqrt(v, v, MPFR_RNDN);
		cr_assert(bits_eq_d(sd, mpfr_get_d(v, MPFR_RNDN)), "trial %d: sd %a, want %a",
		          trial, sd, mpfr_get_d(v, MPFR_RNDN));
		mpfr_div_ui(s, s, 30, MPFR_RNDN);
		cr_assert(bits_eq_d(mean, mpfr_get_d(s, MPFR_RNDN)), "trial %d: mean %a", trial,
		          mean);
		cr_assert(fabs(one_pass_sd(x, 30) - sd) > 0 || trial > 0,
		          "the one-pass formula was exact on the first trial: weak data");
	}
	mpfr_clears(s, q, t, v, (mpfr_ptr)0);
}

Test(stats, too_few_values)
{
	double x = 2.5, mean, sd;

	stats_mean_sd(&x, 0, &mean, &sd);
	cr_assert(isnan(mean) && isnan(sd));
	stats_mean_sd(&x, 1, &mean, &sd);
	ASSERT_BITS_D(mean, 2.5);
	cr_assert(isnan(sd), "one value has no sample standard deviation");
}

/* precision_round_q rounds a rational once into float's and double's formats, subnormals and
 * overflow included; the expected values are exact by construction. */
Test(stats, rationals_round_once_into_each_format)
{
	struct {
		fp_precision p;
		long num_exp; /* q = m * 2^num_exp / den */
		unsigned long m, den;
		double want;
	} cases[] = {
	    {FP_DOUBLE, -1075, 1, 1, 0.0},              /* half the least subnormal: even */
	    {FP_DOUBLE, -1076, 3, 1, 0x1p-1074},        /* 3/4 of it: up */
	    {FP_DOUBLE, -1074, 3, 2, 0x1p-1073},        /* 1.5 of it: tie to even 2 */
	    {FP_DOUBLE, 0, 1, 3, 0x1.5555555555555p-2}, /* 1/3 */
	    {FP_DOUBLE, 971, 0x3fffffffffffffUL, 2, (double)INFINITY}, /* DBL_MAX + half ulp */
	    {FP_DOUBLE, 970, 0x3ffffffffffffdUL, 1, 0x1.ffffffffffffep+1023}, /* tie: even */
	    {FP_DOUBLE, 970, 0x3ffffffffffffdUL, 2, 0x1.ffffffffffffep+1022},
	    {FP_FLOAT, -150, 1, 1, 0.0},
	    {FP_FLOAT, -151, 3, 1, 0x1p-149},
	    {FP_FLOAT, 0, 1, 3, 0x1.555556p-2},
	    {FP_FLOAT, 103, 0x1ffffffUL, 1, (double)INFINITY}, /* FLT_MAX + half ulp */
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		mpq_t q;
		mpfr_t v;

		mpq_init(q);
		mpq_set_ui(q, cases[i].m, cases[i].den);
		if (cases[i].num_exp >= 0)
			mpq_mul_2exp(q, q, (mp_bitcnt_t)cases[i].num_exp);
		else
			mpq_div_2exp(q, q, (mp_bitcnt_t)-cases[i].num_exp);
		mpfr_init2(v, precision_bits(cases[i].p, 256));
		precision_round_q(cases[i].p, q, v);
		cr_assert(bits_eq_d(mpfr_get_d(v, MPFR_RNDN), cases[i].want), "case %zu: %a", i,
		          mpfr_get_d(v, MPFR_RNDN));
		mpfr_clear(v);
		mpq_clear(q);
	}
}

/* The square root's exact midpoints, which Ziv's loop can never decide: (1 + 2^-53)^2 and
 * (1 + 3 2^-53)^2 have the midpoints 1 + 2^-53 and 1 + 3 2^-53 as roots, rounded to even (1
 * and 1 + 2^-51); 1.5 2^-1074, a subnormal midpoint, rounds to the even 2^-1073; a root just
 * off a midpoint is decided the ordinary way; sqrt of 2^2048 overflows. */
Test(stats, square_roots_at_midpoints_round_to_even)
{
	struct {
		unsigned long num;
		long num_exp; /* v = num * 2^num_exp, an exact square or not */
		double want;
	} cases[] = {
	    /* (2^53 + 1)^2 2^-106 */
	    {0, 0, 1.0},
	    {0, 0, 1.0 + 0x1p-51},
	    {9, -2150, 0x1p-1073},
	    {1, 2048, (double)INFINITY},
	};
	mpz_t z;
	mpq_t v;

	mpz_init(z);
	mpq_init(v);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (i < 2) { /* (2^53 + 1 + 2i)^2 / 2^106 */
			mpz_set_ui(z, 1);
			mpz_mul_2exp(z, z, 53);
			mpz_add_ui(z, z, 1 + 2 * i);
			mpz_mul(z, z, z);
			mpq_set_z(v, z);
			mpq_div_2exp(v, v, 106);
		} else {
			mpq_set_ui(v, cases[i].num, 1);
			if (cases[i].num_exp < 0)
				mpq_div_2exp(v, v, (mp_bitcnt_t)-cases[i].num_exp);
			else
				mpq_mul_2exp(v, v, (mp_bitcnt_t)cases[i].num_exp);
		}
		cr_assert(bits_eq_d(stats_sqrt_q(v), cases[i].want), "case %zu: %a", i,
		          stats_sqrt_q(v));
	}
	/* just above the first midpoint: decided, and up */
	mpz_set_ui(z, 1);
	mpz_mul_2exp(z, z, 53);
	mpz_add_ui(z, z, 1);
	mpz_mul(z, z, z);
	mpz_add_ui(z, z, 1);
	mpq_set_z(v, z);
	mpq_div_2exp(v, v, 106);
	cr_assert(bits_eq_d(stats_sqrt_q(v), 1.0 + 0x1p-52), "%a", stats_sqrt_q(v));
	mpq_clear(v);
	mpz_clear(z);
}
