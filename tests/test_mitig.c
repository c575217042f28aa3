/* test_mitig.c - rounding and truncation in each precision, boundaries included. */
#include "config.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <string.h>

#include "arith/mitig.h"
#include "helpers.h"

static mitig M(const char *s)
{
	mitig m;

	cr_assert(mitig_parse(s, &m), "%s", s);
	return m;
}

static double app_d(const char *spec, double x)
{
	mitig m = M(spec);
	double r = (double)NAN;

	cr_assert_eq(mitig_apply_d(&m, x, &r), FP_OK);
	return r;
}

static float app_f(const char *spec, float x)
{
	mitig m = M(spec);
	float r = NAN;

	cr_assert_eq(mitig_apply_f(&m, x, &r), FP_OK);
	return r;
}

Test(mitig, parse_and_describe)
{
	mitig m;
	char buf[32];

	cr_assert_str_eq(mitig_describe(&(mitig){MITIG_ROUND, 3}, buf, sizeof buf), "round:3");
	cr_assert(mitig_parse("none", &m) && m.kind == MITIG_NONE);
	cr_assert(mitig_parse("bits:20", &m) && m.kind == MITIG_BITS && m.n == 20);
	cr_assert(!mitig_parse("round:0", &m));
	cr_assert(!mitig_parse("round:", &m));
	cr_assert(!mitig_parse("round:-2", &m));
	cr_assert(!mitig_parse("trunc:3x", &m));
	cr_assert(!mitig_parse("ceil:3", &m));
}

Test(mitig, round_and_trunc_double)
{
	ASSERT_BITS_D(app_d("round:3", 3.14159), 3.14);
	ASSERT_BITS_D(app_d("round:3", -2.71828), -2.72);
	ASSERT_BITS_D(app_d("trunc:3", 2.71828), 2.71);
	ASSERT_BITS_D(app_d("trunc:3", -2.71828), -2.71);
	ASSERT_BITS_D(app_d("round:2", 123456.0), 120000.0);
	ASSERT_BITS_D(app_d("round:1", 0.96), 1.0);
	ASSERT_BITS_D(app_d("round:15", 0.1 + 0.2), 0.3);
	ASSERT_BITS_D(app_d("round:17", 0.1 + 0.2), 0.1 + 0.2);
}

Test(mitig, decimal_boundaries_use_the_stored_value)
{
	/* 2.675 is stored as 2.67499999999999982236431605997495353221893310546875, so it rounds
	 * down to 2.67; 0.125 is exact and a true tie: to even, 0.12 */
	ASSERT_BITS_D(app_d("round:3", 2.675), 2.67);
	ASSERT_BITS_D(app_d("round:2", 0.125), 0.12);
	ASSERT_BITS_D(app_d("round:2", 0.375), 0.38);
	ASSERT_BITS_D(app_d("trunc:2", 0.999), 0.99);
}

Test(mitig, float_rounding)
{
	cr_assert(bits_eq_f(app_f("round:3", 3.14159f), 3.14f));
	cr_assert(bits_eq_f(app_f("trunc:4", 1.99999f), 1.999f));
	cr_assert(bits_eq_f(app_f("round:9", 0.1f), 0.1f), "9 digits keep every float");
	cr_assert(bits_eq_f(app_f("bits:1", 1.75f), 2.0f));
	cr_assert(bits_eq_f(app_f("bits:2", 1.25f), 1.0f), "tie to even: 1.01b -> 1.0b");
}

Test(mitig, bits_double)
{
	ASSERT_BITS_D(app_d("bits:1", 1.5), 2.0);
	ASSERT_BITS_D(app_d("bits:2", 1.375), 1.5);
	ASSERT_BITS_D(app_d("bits:53", 0.1), 0.1);
	/* the k-means study: centers 2 eps apart become equal at 50 bits */
	ASSERT_BITS_D(app_d("bits:50", 1.0 + 2 * DBL_EPSILON), app_d("bits:50", 1.0));
	/* ...but not when they straddle a rounding boundary: the mitigation's limit */
	{
		/* 0.375 and 0.625 of a 50-bit ulp (2^-49) above 1: two double ulps apart */
		double a = 1.0 + 0x1.8p-51, b = 1.0 + 0x1.4p-50;

		ASSERT_DIFF_D(app_d("bits:50", a), app_d("bits:50", b));
	}
}

Test(mitig, special_values_pass_and_n_is_checked)
{
	mitig m = M("round:3");
	double r;
	float f;
	mpfr_t x;

	cr_assert(isnan(app_d("round:3", (double)NAN)));
	ASSERT_BITS_D(app_d("trunc:3", -HUGE_VAL), -HUGE_VAL);
	cr_assert(bits_eq_d(app_d("round:3", -0.0), -0.0));
	ASSERT_BITS_D(app_d("round:1", DBL_MAX), HUGE_VAL);
	ASSERT_BITS_D(app_d("trunc:1", DBL_MAX), 1e308);
	m.n = 18;
	cr_assert_eq(mitig_apply_d(&m, 1.0, &r), FP_EDIGITS);
	m.n = 10;
	cr_assert_eq(mitig_apply_f(&m, 1.0f, &f), FP_EDIGITS);
	m = M("bits:54");
	cr_assert_eq(mitig_apply_d(&m, 1.0, &r), FP_EDIGITS);
	mpfr_init2(x, 256);
	mpfr_set_d(x, 1.0, MPFR_RNDN);
	m = M("bits:256");
	cr_assert_eq(mitig_apply_m(&m, x, x), FP_OK);
	m = M("bits:257");
	cr_assert_eq(mitig_apply_m(&m, x, x), FP_EDIGITS);
	mpfr_clear(x);
}

Test(mitig, mpfr_rounding)
{
	mpfr_t x, want;
	mitig m = M("round:20");

	mpfr_inits2(256, x, want, (mpfr_ptr)0);
	mpfr_const_pi(x, MPFR_RNDN);
	cr_assert_eq(mitig_apply_m(&m, x, x), FP_OK);
	mpfr_set_str(want, "3.1415926535897932385", 10, MPFR_RNDN);
	cr_assert(mpfr_equal_p(x, want));
	m = M("trunc:5");
	mpfr_const_pi(x, MPFR_RNDN);
	mpfr_neg(x, x, MPFR_RNDN);
	cr_assert_eq(mitig_apply_m(&m, x, x), FP_OK);
	mpfr_set_str(want, "-3.1415", 10, MPFR_RNDN);
	cr_assert(mpfr_equal_p(x, want));
	mpfr_clears(x, want, (mpfr_ptr)0);
}
