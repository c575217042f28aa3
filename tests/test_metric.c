/* test_metric.c - ulp distance edge cases, relative error and correct bits. */
#include "config.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>

#include "arith/metric.h"
#include "helpers.h"

static uint64_t ulps_d(double a, double b)
{
	uint64_t u = 12345;

	cr_assert_eq(metric_ulps_d(a, b, &u), FP_OK, "%a %a", a, b);
	return u;
}

static uint64_t ulps_f(float a, float b)
{
	uint64_t u = 12345;

	cr_assert_eq(metric_ulps_f(a, b, &u), FP_OK, "%a %a", (double)a, (double)b);
	return u;
}

Test(metric, adjacent_values_are_one_apart)
{
	cr_assert_eq(ulps_d(1.0, nextafter(1.0, 2.0)), 1);
	cr_assert_eq(ulps_d(1.0, nextafter(1.0, 0.0)), 1);
	cr_assert_eq(ulps_d(nextafter(1.0, 2.0), 1.0), 1, "symmetric");
	cr_assert_eq(ulps_d(0.0, 0x1p-1074), 1);
	cr_assert_eq(ulps_d(DBL_MIN, nextafter(DBL_MIN, 0.0)), 1, "normal to subnormal");
	cr_assert_eq(ulps_f(1.0f, nextafterf(1.0f, 2.0f)), 1);
	cr_assert_eq(ulps_f(-FLT_MIN, nextafterf(-FLT_MIN, 0.0f)), 1);
}

Test(metric, the_studys_centers)
{
	/* 2 eps at 1.0 = 4.44e-16 is 4 ulps above 1 (ulp 2^-52) but 2 ulps across [1,2)... */
	cr_assert_eq(ulps_d(1.0, 1.0 + 2 * DBL_EPSILON), 2);
	cr_assert_eq(ulps_d(1.0, 1.0 - 2 * DBL_EPSILON), 4, "below 1 the ulp halves");
	cr_assert_eq(ulps_d(2.0, 2.0 + 4 * DBL_EPSILON), 2);
}

Test(metric, signed_zeros_and_crossing_zero)
{
	cr_assert_eq(ulps_d(0.0, -0.0), 0);
	cr_assert_eq(ulps_f(-0.0f, 0.0f), 0);
	cr_assert_eq(ulps_d(-0x1p-1074, 0x1p-1074), 2);
	cr_assert_eq(ulps_f(-0x1p-149f, 0x1p-149f), 2);
	cr_assert_eq(ulps_d(-1.0, 1.0), 2 * UINT64_C(0x3ff0000000000000));
	cr_assert_eq(ulps_d(-DBL_MAX, DBL_MAX), 2 * UINT64_C(0x7fefffffffffffff), "no overflow");
}

Test(metric, infinities_and_nan_are_reported_not_counted)
{
	uint64_t u = 7;

	cr_assert_eq(metric_ulps_d(DBL_MAX, HUGE_VAL, &u), FP_EINF);
	cr_assert_eq(u, 0);
	cr_assert_eq(metric_ulps_f(FLT_MAX, HUGE_VALF, &u), FP_EINF);
	cr_assert_eq(metric_ulps_d(-HUGE_VAL, HUGE_VAL, &u), FP_EINF);
	cr_assert_eq(metric_ulps_d(HUGE_VAL, HUGE_VAL, &u), FP_OK);
	cr_assert_eq(u, 0);
	cr_assert_eq(metric_ulps_d((double)NAN, 1.0, &u), FP_ENAN);
	cr_assert_eq(metric_ulps_d(1.0, (double)NAN, &u), FP_ENAN);
	cr_assert_eq(metric_ulps_f(NAN, NAN, &u), FP_ENAN);
}

Test(metric, relative_error_and_correct_bits)
{
	mpfr_t ref, x;
	double r;

	mpfr_inits2(256, ref, x, (mpfr_ptr)0);
	mpfr_set_ui(ref, 3, MPFR_RNDN);
	mpfr_div_ui(ref, ref, 10, MPFR_RNDN); /* 0.3 to 256 bits */
	r = metric_rel_err_d(0.1 + 0.2, ref);
	/* 0.1 + 0.2 = 0.30000000000000004441: rel err 1.4803e-16 */
	cr_assert(fabs(r - 1.4802973661668753e-16) < 1e-20, "rel err %g", r);
	cr_assert(fabs(metric_correct_bits(r, 53) - 52.585) < 0.001, "%g",
	          metric_correct_bits(r, 53));
	cr_assert(fabs(metric_correct_digits(r, 53) - 15.8297) < 0.001);
	/* exact agreement: capped at the precision */
	mpfr_set(x, ref, MPFR_RNDN);
	ASSERT_BITS_D(metric_rel_err(x, ref), 0.0);
	ASSERT_BITS_D(metric_correct_bits(0.0, 53), 53.0);
	cr_assert(fabs(metric_correct_digits(0.0, 53) - 53 * log10(2.0)) < 1e-12);
	ASSERT_BITS_D(metric_correct_bits(2.0, 53), 0.0);
	/* zero reference */
	mpfr_set_zero(ref, 1);
	ASSERT_BITS_D(metric_rel_err(x, ref), HUGE_VAL);
	mpfr_set_zero(x, -1);
	ASSERT_BITS_D(metric_rel_err(x, ref), 0.0);
	/* NaN */
	mpfr_set_nan(x);
	cr_assert(isnan(metric_rel_err(x, ref)));
	cr_assert(isnan(metric_correct_bits((double)NAN, 53)));
	mpfr_clears(ref, x, (mpfr_ptr)0);
}
