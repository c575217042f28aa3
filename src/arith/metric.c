/* metric.c - ulp distance, relative error, correct bits and digits; see metric.h. */
#include "config.h"

#include "arith/metric.h"

#include <math.h>
#include <string.h>

/* Map a float's bits to an integer whose order is the values' order; -0 and +0 map to 0. */
static int64_t ordered_f(float x)
{
	int32_t i;

	memcpy(&i, &x, sizeof i);
	return i < 0 ? (int64_t)INT32_MIN - i : i;
}

static int64_t ordered_d(double x)
{
	int64_t i;

	memcpy(&i, &x, sizeof i);
	return i < 0 ? INT64_MIN - i : i;
}

static uint64_t distance(int64_t a, int64_t b)
{
	return a >= b ? (uint64_t)a - (uint64_t)b : (uint64_t)b - (uint64_t)a;
}

/* The special-value rules shared by both formats; returns 1 when they decided. */
static int special(int nan_a, int nan_b, int inf_a, int inf_b, int same, fp_status *st)
{
	if (nan_a || nan_b) {
		*st = FP_ENAN;
		return 1;
	}
	if (inf_a || inf_b) {
		*st = inf_a && inf_b && same ? FP_OK : FP_EINF;
		return 1;
	}
	return 0;
}

fp_status metric_ulps_f(float a, float b, uint64_t *ulps)
{
	fp_status st;

	*ulps = 0;
	if (special(isnan(a), isnan(b), isinf(a), isinf(b), signbit(a) == signbit(b), &st))
		return st;
	*ulps = distance(ordered_f(a), ordered_f(b));
	return FP_OK;
}

fp_status metric_ulps_d(double a, double b, uint64_t *ulps)
{
	fp_status st;

	*ulps = 0;
	if (special(isnan(a), isnan(b), isinf(a), isinf(b), signbit(a) == signbit(b), &st))
		return st;
	*ulps = distance(ordered_d(a), ordered_d(b));
	return FP_OK;
}

double metric_rel_err(mpfr_srcptr x, mpfr_srcptr ref)
{
	mpfr_prec_t p =
	    mpfr_get_prec(x) > mpfr_get_prec(ref) ? mpfr_get_prec(x) : mpfr_get_prec(ref);
	mpfr_t d;
	double r;

	if (mpfr_nan_p(x) || mpfr_nan_p(ref))
		return (double)NAN;
	if (mpfr_inf_p(ref) || mpfr_inf_p(x))
		return mpfr_equal_p(x, ref) ? 0.0 : HUGE_VAL;
	if (mpfr_zero_p(ref))
		return mpfr_zero_p(x) ? 0.0 : HUGE_VAL;
	mpfr_init2(d, p + 64);
	mpfr_sub(d, x, ref, MPFR_RNDN);
	mpfr_div(d, d, ref, MPFR_RNDN);
	mpfr_abs(d, d, MPFR_RNDN);
	r = mpfr_get_d(d, MPFR_RNDN);
	mpfr_clear(d);
	return r;
}

double metric_rel_err_d(double x, mpfr_srcptr ref)
{
	mpfr_t m;
	double r;

	mpfr_init2(m, 53);
	mpfr_set_d(m, x, MPFR_RNDN); /* exact */
	r = metric_rel_err(m, ref);
	mpfr_clear(m);
	return r;
}

static double clip(double v, double hi)
{
	return v > 0.0 ? (v > hi ? hi : v) : 0.0; /* -0 too: -log2(1) is -0 */
}

double metric_correct_bits(double rel_err, unsigned prec)
{
	if (isnan(rel_err))
		return (double)NAN;
	if (!(rel_err > 0.0))
		return prec;
	return clip(-log2(rel_err), prec);
}

double metric_correct_digits(double rel_err, unsigned prec)
{
	double hi = prec * log10(2.0);

	if (isnan(rel_err))
		return (double)NAN;
	if (!(rel_err > 0.0))
		return hi;
	return clip(-log10(rel_err), hi);
}
