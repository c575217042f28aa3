/* test_exact.c - the superaccumulator against MPFR's exact sums rounded once. */
#include "config.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>

#include "arith/exact.h"
#include "arith/prng.h"
#include "helpers.h"

static double sum_d(const double *x, size_t n)
{
	exact_acc *a = exact_new();
	double r;

	exact_add_doubles(a, x, n);
	r = exact_round_d(a);
	exact_free(a);
	return r;
}

static float sum_f(const float *x, size_t n)
{
	exact_acc *a = exact_new();
	float r;

	exact_add_floats(a, x, n);
	r = exact_round_f(a);
	exact_free(a);
	return r;
}

/* ---- special values first --------------------------------------------------------------- */

Test(exact, empty_is_plus_zero)
{
	ASSERT_BITS_D(sum_d(NULL, 0), 0.0);
	ASSERT_BITS_F(sum_f(NULL, 0), 0.0f);
}

Test(exact, signed_zeros)
{
	const double nz[] = {-0.0, -0.0, -0.0};
	const double mixed[] = {-0.0, 0.0, -0.0};
	const double cancel[] = {-1.5, 1.5};
	const float nzf[] = {-0.0f};

	ASSERT_BITS_D(sum_d(nz, 3), -0.0);
	ASSERT_BITS_D(sum_d(mixed, 3), 0.0);
	ASSERT_BITS_D(sum_d(cancel, 2), 0.0);
	ASSERT_BITS_F(sum_f(nzf, 1), -0.0f);
	/* the reference agrees */
	ASSERT_BITS_D(ref_sum_d(nz, 3), -0.0);
	ASSERT_BITS_D(ref_sum_d(mixed, 3), 0.0);
}

Test(exact, infinities_and_nan)
{
	const double pinf[] = {1.0, HUGE_VAL, -5.0};
	const double ninf[] = {-HUGE_VAL, 1e308, -HUGE_VAL};
	const double both[] = {HUGE_VAL, 1.0, -HUGE_VAL};
	const double nan[] = {1.0, (double)NAN, 2.0};

	ASSERT_BITS_D(sum_d(pinf, 3), HUGE_VAL);
	ASSERT_BITS_D(sum_d(ninf, 3), -HUGE_VAL);
	cr_assert(isnan(sum_d(both, 3)));
	cr_assert(isnan(sum_d(nan, 3)));
}

Test(exact, special_values_after_many_terms)
{
	/* a special term in the middle of a long run crosses several flushes */
	enum { N = 10000 };
	double *x = malloc(N * sizeof *x);

	for (size_t i = 0; i < N; i++)
		x[i] = 1.0;
	x[5000] = -HUGE_VAL;
	ASSERT_BITS_D(sum_d(x, N), -HUGE_VAL);
	x[7000] = (double)NAN;
	cr_assert(isnan(sum_d(x, N)));
	free(x);
}

/* ---- rounding ------------------------------------------------------------------------- */

Test(exact, ties_round_to_even)
{
	const double tie_down[] = {1.0, 0x1p-53};         /* 1 + half ulp: stays 1 */
	const double tie_up[] = {1.0 + 0x1p-52, 0x1p-53}; /* odd + half ulp: up */
	const double above[] = {1.0, 0x1p-53, 0x1p-200};  /* just above the tie */
	const double below[] = {1.0, 0x1p-53, -0x1p-300}; /* just below the tie */
	const float ftie[] = {1.0f, 0x1p-24f};

	ASSERT_BITS_D(sum_d(tie_down, 2), 1.0);
	ASSERT_BITS_D(sum_d(tie_up, 2), 1.0 + 0x1p-51);
	ASSERT_BITS_D(sum_d(above, 3), 1.0 + 0x1p-52);
	ASSERT_BITS_D(sum_d(below, 3), 1.0);
	ASSERT_BITS_F(sum_f(ftie, 2), 1.0f);
}

Test(exact, subnormal_results)
{
	const double sub[] = {0x1p-1074, 0x1p-1074, 0x1.8p-1060, -0x1p-1060};
	const double tiny[] = {DBL_MIN, -0x1.0000000000001p-1022}; /* difference 2^-1074 */
	const double half_sub[] = {0x1p-1074, -0x1p-1074, -0x1p-1074};
	const float fsub[] = {0x1p-149f, 0x1p-149f, -0x1p-140f, 0x1p-140f};

	ASSERT_BITS_D(sum_d(sub, 4), ref_sum_d(sub, 4));
	ASSERT_BITS_D(sum_d(tiny, 2), -0x1p-1074);
	ASSERT_BITS_D(sum_d(half_sub, 2), ref_sum_d(half_sub, 2));
	ASSERT_BITS_F(sum_f(fsub, 4), 0x1p-148f);
}

Test(exact, overflow_and_its_cancellation)
{
	const double over[] = {DBL_MAX, DBL_MAX, -DBL_MAX}; /* the exact sum is DBL_MAX */
	const double inf[] = {DBL_MAX, DBL_MAX};            /* 2 DBL_MAX: beyond the range */
	const double edge[] = {DBL_MAX, 0x1p970};           /* exactly halfway to 2^1024 */
	const double below_edge[] = {DBL_MAX, 0x1p969};     /* rounds back to DBL_MAX */
	const float fover[] = {FLT_MAX, FLT_MAX, -FLT_MAX};

	ASSERT_BITS_D(sum_d(over, 3), DBL_MAX);
	ASSERT_BITS_D(sum_d(inf, 2), HUGE_VAL);
	ASSERT_BITS_D(sum_d(edge, 2), HUGE_VAL);
	ASSERT_BITS_D(sum_d(below_edge, 2), DBL_MAX);
	ASSERT_BITS_F(sum_f(fover, 3), FLT_MAX);
	ASSERT_BITS_D(ref_sum_d(edge, 2), HUGE_VAL);
}

/* ---- random and adversarial vectors against MPFR ---------------------------------------- */

Test(exact, ill_conditioned_up_to_1e30)
{
	const double conds[] = {1e3, 1e10, 1e16, 1e20, 1e25, 1e30};
	const size_t sizes[] = {10, 100, 1001, 4097, 20000};

	for (size_t c = 0; c < sizeof conds / sizeof conds[0]; c++)
		for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
			size_t n = sizes[s];
			double *x = malloc(n * sizeof *x);

			gen_ill_conditioned(x, n, conds[c], test_seed() + c * 31 + s);
			ASSERT_BITS_D(sum_d(x, n), ref_sum_d(x, n));
			free(x);
		}
}

Test(exact, wide_exponents_and_many_equal_terms)
{
	enum { N = 50000 };
	double *x = malloc(N * sizeof *x);
	float *f = malloc(N * sizeof *f);
	prng p;

	prng_seed(&p, test_seed());
	for (size_t i = 0; i < N; i++) {
		int e = (int)prng_below(&p, 2098) - 1074; /* every exponent, subnormals included */

		x[i] = (prng_below(&p, 2) ? -1.0 : 1.0) * ldexp(1.0 + prng_uniform(&p), e);
		if (!isfinite(x[i]))
			x[i] = DBL_MAX;
		f[i] = (float)ldexp(prng_uniform(&p) - 0.5, (int)prng_below(&p, 270) - 149);
	}
	ASSERT_BITS_D(sum_d(x, N), ref_sum_d(x, N));
	ASSERT_BITS_F(sum_f(f, N), ref_sum_f(f, N));
	/* all the largest significand of one binade: every chunk is pushed to its limit */
	for (size_t i = 0; i < N; i++)
		x[i] = 0x1.fffffffffffffp+0;
	ASSERT_BITS_D(sum_d(x, N), ref_sum_d(x, N));
	for (size_t i = 0; i < N; i++)
		x[i] = -DBL_MAX / 4;
	ASSERT_BITS_D(sum_d(x, N), -HUGE_VAL);
	free(x);
	free(f);
}

Test(exact, order_and_split_independent)
{
	enum { N = 9000 };
	double *x = malloc(N * sizeof *x), want, got;
	exact_acc *a = exact_new(), *b = exact_new();

	gen_ill_conditioned(x, N, 1e25, test_seed());
	want = ref_sum_d(x, N);
	for (size_t split = 0; split <= N; split += 1237) {
		exact_reset(a);
		exact_reset(b);
		exact_add_doubles(b, x + split, N - split);
		exact_add_doubles(a, x, split);
		exact_merge(a, b);
		got = exact_round_d(a);
		ASSERT_BITS_D(got, want);
	}
	exact_free(a);
	exact_free(b);
	free(x);
}

Test(exact, reuse_after_reset_and_round_midway)
{
	const double x[] = {1e300, 1.0, -1e300};
	exact_acc *a = exact_new();

	exact_add_doubles(a, x, 2);
	cr_assert(exact_round_d(a) > 1e299);
	exact_add_doubles(a, x + 2, 1); /* the accumulator keeps its value after rounding */
	ASSERT_BITS_D(exact_round_d(a), 1.0);
	exact_reset(a);
	ASSERT_BITS_D(exact_round_d(a), 0.0);
	exact_free(a);
	exact_free(NULL);
}

/* A freed accumulator is kept for the thread's next exact_new: it must come back empty,
 * whatever it held (terms still in chunks, flushed limbs, special values, a fast-path guess),
 * and the spare of a worker thread must be its own. */
static void *dirty_then_check(void *arg)
{
	double x[5000];
	exact_acc *a, *b;
	bool ok = true;

	(void)arg;
	for (size_t i = 0; i < 5000; i++)
		x[i] = ldexp(1.0 + (double)i, (int)(i % 700) - 350) * (i % 3 ? 1 : -1);
	for (int round = 0; round < 3; round++) {
		a = exact_new();
		exact_add_doubles(a, x, 5000); /* past a flush, with terms left in chunks */
		exact_add_doubles(a, (const double[]){(double)INFINITY, (double)NAN},
		                  round == 1 ? 2 : 0);
		exact_free(a);
		b = exact_new();
		ok = ok && bits_eq_d(exact_round_d(b), 0.0);
		exact_add_doubles(b, (const double[]){-0.0}, 1);
		ok = ok && bits_eq_d(exact_round_d(b), -0.0); /* every term -0 */
		exact_add_doubles(b, (const double[]){0x1p-1074, 3.0}, 2);
		ok = ok && bits_eq_d(exact_round_d(b), 3.0) && bits_eq_f(exact_round_f(b), 3.0f);
		exact_free(b);
	}
	return ok ? arg : NULL;
}

Test(exact, freed_accumulator_comes_back_empty)
{
	pthread_t t[2];
	void *r;

	cr_assert_not_null(dirty_then_check((void *)1));
	for (int i = 0; i < 2; i++)
		cr_assert_eq(pthread_create(&t[i], NULL, dirty_then_check, (void *)1), 0);
	for (int i = 0; i < 2; i++) {
		cr_assert_eq(pthread_join(t[i], &r), 0);
		cr_assert_not_null(r, "thread %d saw a dirty accumulator", i);
	}
}

/* ---- products ---------------------------------------------------------------------------- */

Test(exact, products_double_including_underflow_and_overflow)
{
	enum { N = 3000 };
	double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
	exact_acc *a = exact_new();
	prng p;

	prng_seed(&p, test_seed());
	for (size_t i = 0; i < N; i++) {
		x[i] = ldexp(prng_uniform(&p) - 0.5, (int)prng_below(&p, 2000) - 1000);
		y[i] = ldexp(prng_uniform(&p) - 0.5, (int)prng_below(&p, 2000) - 1000);
	}
	/* products that overflow double but cancel, and that underflow below 2^-1074 */
	x[0] = 0x1p600;
	y[0] = 0x1p500;
	x[1] = -0x1p600;
	y[1] = 0x1p500;
	x[2] = 0x1.3p-600;
	y[2] = 0x1.7p-500;
	x[3] = 3.0;
	y[3] = 0x1p-1074;
	exact_add_products_d(a, x, y, N);
	ASSERT_BITS_D(exact_round_d(a), ref_dot_d(x, y, N));
	/* only the tiny products: the exact sum is far below the smallest subnormal */
	exact_reset(a);
	exact_add_products_d(a, x + 2, y + 2, 1);
	ASSERT_BITS_D(exact_round_d(a), 0.0);
	exact_free(a);
	free(x);
	free(y);
}

Test(exact, products_float)
{
	enum { N = 5000 };
	float *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y);
	exact_acc *a = exact_new();
	prng p;

	prng_seed(&p, test_seed());
	for (size_t i = 0; i < N; i++) {
		x[i] = (float)ldexp(prng_uniform(&p) - 0.5, (int)prng_below(&p, 250) - 140);
		y[i] = (float)ldexp(prng_uniform(&p) - 0.5, (int)prng_below(&p, 250) - 140);
	}
	exact_add_products_f(a, x, y, N);
	ASSERT_BITS_F(exact_round_f(a), ref_dot_f(x, y, N));
	exact_free(a);
	free(x);
	free(y);
}

Test(exact, products_special)
{
	const double x[] = {0.0, HUGE_VAL, 2.0};
	const double y[] = {HUGE_VAL, 1.0, 3.0};
	const double nz_x[] = {-0.0, 5.0};
	const double nz_y[] = {7.0, -0.0};
	exact_acc *a = exact_new();

	exact_add_products_d(a, x, y, 3); /* 0 * Inf is NaN */
	cr_assert(isnan(exact_round_d(a)));
	exact_reset(a);
	exact_add_products_d(a, x + 1, y + 1, 2);
	ASSERT_BITS_D(exact_round_d(a), HUGE_VAL);
	exact_reset(a);
	exact_add_products_d(a, nz_x, nz_y, 2); /* -0*7 + 5*-0: both products -0 */
	ASSERT_BITS_D(exact_round_d(a), -0.0);
	exact_free(a);
}

Test(exact, get_mpfr_is_the_exact_value)
{
	enum { N = 2000 };
	double *x = malloc(N * sizeof *x);
	exact_acc *a = exact_new();
	mpfr_t got, want;

	gen_ill_conditioned(x, N, 1e30, test_seed());
	exact_add_doubles(a, x, N);
	mpfr_inits2(4600, got, want, (mpfr_ptr)0);
	cr_assert_eq(exact_get_mpfr(a, got, MPFR_RNDN), 0);
	ref_sum_exact(want, x, N);
	cr_assert(mpfr_equal_p(got, want));
	mpfr_clears(got, want, (mpfr_ptr)0);
	exact_free(a);
	free(x);
}

/* Thousands of terms of one exponent whose chunk lands at the top of a limb (x = (2^53 - 1) / 2
 * has its fixed-point shift at 63 mod 64) carry two limbs above the limb the shift names: the
 * bound on the value's highest limb that rounding reads must allow for that, for either sign.
 * A pair +-2^1020 in every block keeps the blocks on the chunk path. */
Test(exact, chunk_sums_carry_two_limbs_up)
{
	enum { BLOCK = 1024, BLOCKS = 8, N = BLOCK * BLOCKS };
	const double x = ldexp(0x1p53 - 1, -1);
	double *t = malloc(N * sizeof *t);
	mpfr_t got, want;

	mpfr_inits2(4600, got, want, (mpfr_ptr)0);
	for (int sign = 1; sign >= -1; sign -= 2) {
		exact_acc *a = exact_new();

		for (size_t i = 0; i < N; i++)
			t[i] = i % BLOCK == 0 ? 0x1p1020 : i % BLOCK == 1 ? -0x1p1020 : sign * x;
		exact_add_doubles(a, t, N);
		cr_assert_eq(exact_get_mpfr(a, got, MPFR_RNDN), 0);
		mpfr_set_d(want, sign * x, MPFR_RNDN);
		mpfr_mul_ui(want, want, (unsigned long)(N - 2 * BLOCKS), MPFR_RNDN); /* exact */
		cr_assert(mpfr_equal_p(got, want), "sign %d", sign);
		ASSERT_BITS_D(exact_round_d(a), mpfr_get_d(want, MPFR_RNDN));
		exact_free(a);
	}
	mpfr_clears(got, want, (mpfr_ptr)0);
	free(t);
}

/* ---- the fast path's own cases: deep levels, a wrong guess, the fall-back ---------------- */

/* A reset keeps the fast path's guess of the scale: vectors of very different scales summed
 * in turn through one accumulator (a guess far too small, then far too large) still give the
 * correctly rounded sums. */
Test(exact, guess_kept_across_resets_of_other_scales)
{
	enum { N = 5000 };
	const double scale[] = {0x1p900, 0x1p-900, 1.0, 0x1p-1000, 0x1p500};
	double *x = malloc(N * sizeof *x);
	exact_acc *a = exact_new();
	prng g;

	prng_seed(&g, test_seed());
	for (size_t s = 0; s < sizeof scale / sizeof scale[0]; s++) {
		for (size_t i = 0; i < N; i++)
			x[i] = scale[s] * (prng_uniform(&g) - 0.5);
		exact_reset(a);
		exact_add_doubles(a, x, N);
		ASSERT_BITS_D(exact_round_d(a), ref_sum_d(x, N));
	}
	exact_free(a);
	free(x);
}

Test(exact, extraction_through_every_level)
{
	/* exponents from the subnormals up to 2^1000: about fifty extraction levels per block */
	enum { N = 6000 };
	double *x = malloc(N * sizeof *x);
	prng p;

	prng_seed(&p, test_seed());
	for (size_t i = 0; i < N; i++)
		x[i] = (prng_below(&p, 2) ? -1.0 : 1.0) *
		       ldexp(1.0 + prng_uniform(&p), (int)prng_below(&p, 2074) - 1074);
	ASSERT_BITS_D(sum_d(x, N), ref_sum_d(x, N));
	/* only subnormals and tiny normals */
	for (size_t i = 0; i < N; i++)
		x[i] = (prng_below(&p, 2) ? -1.0 : 1.0) *
		       ldexp(prng_uniform(&p), -1000 - (int)prng_below(&p, 74));
	ASSERT_BITS_D(sum_d(x, N), ref_sum_d(x, N));
	free(x);
}

Test(exact, guess_too_small_then_fall_back)
{
	/* block 1 sets the bound at 2^-10; block 2 exceeds it and is measured again; block 3
	 * holds terms near 2^1020 and takes the chunk path; block 4 returns to small terms */
	enum { N = 4096 };
	double *x = malloc(N * sizeof *x);
	prng p;

	prng_seed(&p, test_seed());
	for (size_t i = 0; i < N; i++) {
		double u = prng_uniform(&p) - 0.5;

		x[i] = i < 1024   ? ldexp(u, -10)
		       : i < 2048 ? ldexp(u, 30)
		       : i < 3072 ? ldexp(u, 1021)
		                  : u;
	}
	ASSERT_BITS_D(sum_d(x, N), ref_sum_d(x, N));
	/* the same terms in another split: the guess carries across calls */
	{
		exact_acc *a = exact_new();

		for (size_t i = 0; i < N; i += 700)
			exact_add_doubles(a, x + i, N - i < 700 ? N - i : 700);
		ASSERT_BITS_D(exact_round_d(a), ref_sum_d(x, N));
		exact_free(a);
	}
	free(x);
}

Test(exact, sums_below_the_smallest_subnormal)
{
	/* exact sums of products far below 2^-1074 round to 0 or to the smallest subnormal */
	const double x[] = {0x1p-600, 0x1p-600, 0x1.8p-600};
	const double y[] = {0x1p-480, 0x1p-475, 0x1p-475};
	exact_acc *a = exact_new();

	exact_add_products_d(a, x, y, 1); /* 2^-1080: far below half of 2^-1074 */
	ASSERT_BITS_D(exact_round_d(a), 0.0);
	exact_reset(a);
	exact_add_products_d(a, x + 1, y + 1, 1); /* 2^-1075: the tie, to even: 0 */
	ASSERT_BITS_D(exact_round_d(a), 0.0);
	exact_reset(a);
	exact_add_products_d(a, x + 2, y + 2, 1); /* 1.5 * 2^-1075: above the tie */
	ASSERT_BITS_D(exact_round_d(a), 0x1p-1074);
	exact_reset(a);
	exact_add_products_d(a, x, y, 3);
	ASSERT_BITS_D(exact_round_d(a), ref_dot_d(x, y, 3));
	/* a negative sum that rounds to zero keeps its sign, as IEEE rounding does */
	{
		const double nx[] = {-0x1p-600};

		exact_reset(a);
		exact_add_products_d(a, nx, y, 1);
		ASSERT_BITS_D(exact_round_d(a), -0.0);
		ASSERT_BITS_D(ref_dot_d(nx, y, 1), -0.0);
	}
	exact_free(a);
}

/* exact_get_q is the exact rational: against mpq sums of the same doubles (mpq_set_d is
 * exact), across the whole exponent range; NaN and infinities give none. */
Test(exact, get_q_is_the_exact_rational)
{
	static const double x[] = {0x1p1023,       0x1.fffffffffffffp+1023,
	                           -0x1p-1074,     3.5,
	                           -0x1.234p-1000, 0x1p-1022,
	                           -7.25e300,      1e-300};
	exact_acc *a = exact_new();
	mpq_t got, want, t;

	mpq_inits(got, want, t, NULL);
	for (size_t n = 0; n <= sizeof x / sizeof x[0]; n++) {
		exact_reset(a);
		exact_add_doubles(a, x, n);
		mpq_set_ui(want, 0, 1);
		for (size_t i = 0; i < n; i++) {
			mpq_set_d(t, x[i]);
			mpq_add(want, want, t);
		}
		cr_assert(exact_get_q(a, got));
		cr_assert(mpq_equal(got, want), "%zu terms", n);
		/* the products too: x[i]^2 reaches 2^2048 and 2^-2148 */
		exact_reset(a);
		exact_add_products_d(a, x, x, n);
		mpq_set_ui(want, 0, 1);
		for (size_t i = 0; i < n; i++) {
			mpq_set_d(t, x[i]);
			mpq_mul(t, t, t);
			mpq_add(want, want, t);
		}
		cr_assert(exact_get_q(a, got));
		cr_assert(mpq_equal(got, want), "%zu products", n);
	}
	exact_reset(a);
	exact_add_doubles(a, (const double[]){1.0, (double)INFINITY}, 2);
	mpq_set_ui(got, 7, 1);
	cr_assert(!exact_get_q(a, got));
	cr_assert_eq(mpq_cmp_ui(got, 7, 1), 0, "left as it was");
	mpq_clears(got, want, t, NULL);
	exact_free(a);
}
