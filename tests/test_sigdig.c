/* test_sigdig.c - the significant digits estimator (arith/sigdig.h): its quantiles against
 * closed forms and MPFR, its coverage on samples of known spread, and its edge cases. */
#include "config.h"

#include <criterion/criterion.h>
#include <math.h>

#include "arith/prng.h"
#include "arith/sigdig.h"
#include "helpers.h"

/* Phi(x) at 200 bits */
static double phi(double x)
{
	mpfr_t t;
	double r;

	mpfr_init2(t, 200);
	mpfr_set_d(t, -x, MPFR_RNDN);
	mpfr_div_d(t, t, sqrt(2.0), MPFR_RNDN);
	mpfr_erfc(t, t, MPFR_RNDN);
	mpfr_div_2ui(t, t, 1, MPFR_RNDN);
	r = mpfr_get_d(t, MPFR_RNDN);
	mpfr_clear(t);
	return r;
}

/* The normal quantile inverts Phi to the last bits; the chi-square quantile with 2 degrees of
 * freedom is -2 ln(1 - q), with 1 the square of the normal quantile of (1 + q)/2. */
Test(sigdig, quantiles_invert_their_distributions)
{
	const double qs[] = {0.5, 0.6, 0.9, 0.95, 0.975, 0.995, 0.025, 0.001};

	for (size_t i = 0; i < sizeof qs / sizeof qs[0]; i++) {
		double x = sig_normal_quantile(qs[i]), c2 = sig_chi2_quantile(qs[i], 2),
		       c1 = sig_chi2_quantile(qs[i], 1), z = sig_normal_quantile((1 + qs[i]) / 2);

		cr_assert(fabs(phi(x) - qs[i]) < 4e-16, "Phi(%.17g) = %.17g, not %g", x, phi(x),
		          qs[i]);
		cr_assert(fabs(c2 - -2 * log1p(-qs[i])) < 1e-13 * fmax(1, c2), "chi2(2) %g: %.17g",
		          qs[i], c2);
		cr_assert(fabs(c1 - z * z) < 1e-12 * fmax(1, c1), "chi2(1) %g: %.17g vs %.17g",
		          qs[i], c1, z * z);
	}
	cr_assert(isnan(sig_normal_quantile(0)) && isnan(sig_normal_quantile(1)));
	/* delta for 30 samples at 0.95 and 0.95: 1/2 log2(29 / chi2_0.025(29)) + log2(1.96) */
	cr_assert(fabs(sig_delta(30, 0.95, 0.95) - (0.5 * log2(29 / sig_chi2_quantile(0.025, 29)) +
	                                            log2(1.959963984540054))) < 1e-12);
}

/* Samples m (1 + s Z), Z standard normal: with probability 0.95 a sample lies within 1.96 s of
 * m, so m's significant bits at probability 0.95 are -log2(1.96 s). The estimate is a lower
 * bound at confidence 0.95: over 400 trials of 30 samples it may exceed the truth in about 5%
 * of them (at most 10% here), and it lies within a bit and a half below it on average. */
Test(sigdig, estimate_covers_a_known_spread)
{
	const double s = 0x1p-20, truth = -log2(1.959963984540054 * s);
	double x[30], sum = 0;
	int over = 0;
	prng p;

	prng_seed(&p, test_seed() + 21);
	for (int t = 0; t < 400; t++) {
		sig_estimate e;

		for (int i = 0; i < 30; i++)
			x[i] = 3.0 * (1 + s * prng_normal(&p));
		sig_estimate_of(x, 30, 53, NULL, &e);
		cr_assert(!e.identical && e.n == 30);
		over += e.bits > truth;
		sum += e.bits;
		cr_assert(fabs(e.digits - e.bits * log10(2.0)) < 1e-12);
	}
	cr_assert(over <= 40, "%d of 400 estimates above the truth %.3f bits", over, truth);
	cr_assert(sum / 400 < truth && sum / 400 > truth - 1.5, "mean estimate %.3f, truth %.3f",
	          sum / 400, truth);
}

/* Identical samples: every bit of the format; fewer than two, or one not finite: no
 * estimate; a zero mean: no relative significance; the spread capped at the format. */
Test(sigdig, edge_cases)
{
	const double same[4] = {0.1, 0.1, 0.1, 0.1}, one[1] = {2.0};
	const double with_nan[3] = {1.0, (double)NAN, 1.0}, zero_mean[2] = {-1.0, 1.0};
	sig_estimate e;

	sig_estimate_of(same, 4, 24, NULL, &e);
	cr_assert(e.identical && bits_eq_d(e.bits, 24) && fabs(e.digits - 24 * log10(2.0)) < 1e-12);
	cr_assert(bits_eq_d(e.sd, 0.0));
	sig_estimate_of(one, 1, 53, NULL, &e);
	cr_assert(isnan(e.bits) && e.n == 1 && bits_eq_d(e.mean, 2.0));
	sig_estimate_of(with_nan, 3, 53, NULL, &e);
	cr_assert(isnan(e.bits) && e.n == 2);
	sig_estimate_of(zero_mean, 2, 53, NULL, &e);
	cr_assert(bits_eq_d(e.bits, 0) && bits_eq_d(e.mean, 0));
}

/* The mean and standard deviation are exact, rounded once (stats.h): 1 and 1 + 2^-52 have
 * mean 1 + 2^-53 (a tie: rounded to even, 1) and sd 2^-52 / sqrt 2 = 2^-53 sqrt 2; the mean's
 * correct digits against an exact value given in MPFR. */
Test(sigdig, exact_statistics_and_correct_digits)
{
	const double x[2] = {1.0, 1.0 + 0x1p-52};
	sig_estimate e;
	mpfr_t exact;

	mpfr_init2(exact, 100);
	mpfr_set_d(exact, 1.0, MPFR_RNDN);
	mpfr_add_d(exact, exact, 0x1p-40, MPFR_RNDN); /* the mean is 2^-40 off: 40 bits */
	sig_estimate_of(x, 2, 53, exact, &e);
	cr_assert(bits_eq_d(e.mean, 1.0));
	cr_assert(bits_eq_d(e.sd, ldexp(sqrt(2.0), -53)), "%a", e.sd); /* 2^-53 sqrt 2 */
	cr_assert(fabs(e.ref_bits - 40) < 1e-9, "%.17g", e.ref_bits);
	mpfr_set_d(exact, 1.0, MPFR_RNDN);
	sig_estimate_of(x, 2, 53, exact, &e);
	cr_assert(bits_eq_d(e.ref_bits, 53.0)); /* exact: every bit */
	mpfr_clear(exact);
}
