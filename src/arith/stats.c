/* stats.c - exact mean and standard deviation of doubles; see stats.h.
 *
 * Every double is a rational with a power-of-two denominator, so the sums S = sum x and
 * Q = sum x^2 are exact in GMP's rationals. The mean is S / n and the sample variance is
 * V = (n Q - S^2) / (n (n - 1)), both exact rationals; the mean is rounded once to double by
 * mpfr_set_q (correctly rounded). The standard deviation sqrt(V) is irrational in general and
 * is rounded by Ziv's strategy (J.-M. Muller et al., "Handbook of Floating-Point Arithmetic",
 * 2nd ed., 2018, section 10.5): approximate it with p bits, where setting V costs at most
 * 2^-p relative and the square root halves that and adds at most 2^-p, so the approximation
 * is within 2^(1-p) relative, that is 2 ulps at p bits; mpfr_can_round says whether that
 * error decides the rounding to double, and p doubles until it does. sqrt(V) can only fail to
 * be decided forever when it is exactly the midpoint of two doubles; that tie is checked
 * exactly (the midpoint squared against V) and rounded to even. With V = 0, in particular n
 * identical values, the standard deviation is 0 exactly. */
#include "config.h"

#include "arith/stats.h"

#include <math.h>

#include <gmp.h>
#include <mpfr.h>

#define DBL_EMIN (-1073) /* MPFR's exponent of the least subnormal, 2^-1074 = 0.1b * 2^-1073 */
#define DBL_EMAX 1024
#define ZIV_MAX_BITS 65536

/* The significand bits a double has at MPFR exponent e: 53 for normal numbers, fewer for
 * subnormals (at least 1). */
static mpfr_prec_t bits_at(mpfr_exp_t e)
{
	if (e >= -1021)
		return 53;
	return e + 1074 > 1 ? (mpfr_prec_t)(e + 1074) : 1;
}

/* r (any precision), rounded once to nearest-even at prec bits, as a double; r's exponent is
 * in double's range. */
static double round_to_double(mpfr_ptr r, mpfr_prec_t prec)
{
	mpfr_prec_round(r, prec, MPFR_RNDN);
	return mpfr_get_d(r, MPFR_RNDN); /* exact: r is a double now */
}

/* q as the correctly rounded double, subnormals included. */
static double rat_to_double(const mpq_t q)
{
	mpfr_exp_t emin = mpfr_get_emin(), emax = mpfr_get_emax();
	mpfr_t r;
	int inex;
	double d;

	mpfr_init2(r, 53);
	mpfr_set_emin(DBL_EMIN);
	mpfr_set_emax(DBL_EMAX);
	inex = mpfr_set_q(r, q, MPFR_RNDN);
	inex = mpfr_check_range(r, inex, MPFR_RNDN);
	mpfr_subnormalize(r, inex, MPFR_RNDN);
	d = mpfr_get_d(r, MPFR_RNDN);
	mpfr_set_emin(emin);
	mpfr_set_emax(emax);
	mpfr_clear(r);
	return d;
}

/* Is m (a double's midpoint candidate) exactly sqrt(v)? */
static int is_exact_root(mpfr_srcptr m, const mpq_t v)
{
	mpq_t sq;
	int same;

	mpq_init(sq);
	mpfr_get_q(sq, m);
	mpq_mul(sq, sq, sq);
	same = mpq_equal(sq, v);
	mpq_clear(sq);
	return same;
}

double stats_sqrt_q(const mpq_t v)
{
	mpfr_t t;
	mpfr_prec_t p;
	double d = HUGE_VAL;

	mpfr_init2(t, 128);
	for (p = 128; p <= ZIV_MAX_BITS; p *= 2) {
		mpfr_prec_t target;

		mpfr_set_prec(t, p);
		mpfr_set_q(t, v, MPFR_RNDN);
		mpfr_sqrt(t, t, MPFR_RNDN);
		if (mpfr_get_exp(t) > DBL_EMAX)
			break; /* sqrt(v) >= 2^1024: overflows to infinity */
		if (mpfr_get_exp(t) < DBL_EMIN) {
			/* below the least subnormal 2^-1074: 0 or 2^-1074, by the midpoint 2^-1075
			 * (an approximation this close decides it unless sqrt(v) is 2^-1075
			 * within 2^(1-p) relative, which needs n beyond any repeat count) */
			d = mpfr_cmp_ui_2exp(t, 1, -1075) > 0 ? 0x1p-1074 : 0.0;
			break;
		}
		target = bits_at(mpfr_get_exp(t));
		/* RNDN decided: the interval holds no midpoint (MPFR's idiom, RNDZ at target + 1)
		 */
		if (mpfr_can_round(t, p - 2, MPFR_RNDN, MPFR_RNDZ, target + 1)) {
			d = round_to_double(t, target);
			break;
		}
	}
	if (p > ZIV_MAX_BITS) {
		/* undecided: sqrt(v) is a midpoint; make sure, then round it to even */
		mpfr_prec_t target = bits_at(mpfr_get_exp(t));

		mpfr_prec_round(t, target + 1, MPFR_RNDN);
		if (!is_exact_root(t, v))
			mpfr_set_nan(t); /* cannot happen: an irrational root is decided in time */
		d = mpfr_nan_p(t) ? (double)NAN : round_to_double(t, target);
	}
	mpfr_clear(t);
	return d;
}

void stats_mean_sd(const double *x, size_t n, double *mean, double *sd)
{
	mpq_t s, q, t, v;

	*mean = *sd = (double)NAN;
	if (n == 0)
		return;
	mpq_inits(s, q, t, v, NULL);
	for (size_t i = 0; i < n; i++) {
		mpq_set_d(t, x[i]); /* exact */
		mpq_add(s, s, t);
		mpq_mul(t, t, t);
		mpq_add(q, q, t);
	}
	mpq_set_ui(t, (unsigned long)n, 1);
	mpq_div(v, s, t);
	*mean = rat_to_double(v);
	if (n >= 2) {
		/* V = (n Q - S^2) / (n (n - 1)) */
		mpq_mul(q, q, t);
		mpq_mul(s, s, s);
		mpq_sub(v, q, s);
		mpq_set_ui(t, (unsigned long)n, 1);
		mpq_div(v, v, t);
		mpq_set_ui(t, (unsigned long)(n - 1), 1);
		mpq_div(v, v, t);
		*sd = mpq_sgn(v) == 0 ? 0.0 : stats_sqrt_q(v);
	}
	mpq_clears(s, q, t, v, NULL);
}
