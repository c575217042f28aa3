/* sigdig.c - significant digits from samples (sigdig.h). */
#include "config.h"

#include "arith/sigdig.h"

#include <math.h>
#include <stdlib.h>

#include "arith/stats.h"
#include "util/util.h"

/* The quantiles by bisection on a distribution function MPFR evaluates (64 bits): slow beside
 * a rational approximation, exact to the double's last bits or so, and computed once per run.
 * Phi(x) = erfc(-x / sqrt 2) / 2. */
double sig_normal_quantile(double q)
{
	mpfr_t t;
	double lo = -40, hi = 40;

	if (!(q > 0 && q < 1))
		return (double)NAN; /* the quantiles of 0 and 1 are not numbers */
	mpfr_init2(t, 64);
	for (int i = 0; i < 200 && lo < hi; i++) {
		double mid = lo + (hi - lo) / 2;

		if (!(mid > lo && mid < hi))
			break;
		mpfr_set_d(t, -mid, MPFR_RNDN);
		mpfr_div_d(t, t, sqrt(2.0), MPFR_RNDN);
		mpfr_erfc(t, t, MPFR_RNDN);
		if (mpfr_get_d(t, MPFR_RNDN) / 2 < q)
			lo = mid;
		else
			hi = mid;
	}
	mpfr_clear(t);
	return lo + (hi - lo) / 2;
}

/* P(k/2, x/2), the chi-square distribution function: 1 - Gamma(a, y) / Gamma(a) */
static double chi2_cdf(double x, double k)
{
	mpfr_t a, y, g, u;
	double r;

	if (!(x > 0))
		return 0;
	mpfr_inits2(64, a, y, g, u, (mpfr_ptr)0);
	mpfr_set_d(a, k / 2, MPFR_RNDN);
	mpfr_set_d(y, x / 2, MPFR_RNDN);
	mpfr_gamma_inc(u, a, y, MPFR_RNDN);
	mpfr_gamma(g, a, MPFR_RNDN);
	mpfr_div(u, u, g, MPFR_RNDN);
	mpfr_ui_sub(u, 1, u, MPFR_RNDN);
	r = mpfr_get_d(u, MPFR_RNDN);
	mpfr_clears(a, y, g, u, (mpfr_ptr)0);
	return r;
}

double sig_chi2_quantile(double q, double k)
{
	double lo = 0, hi = k + 100 * sqrt(2 * k) + 100;

	if (!(q > 0 && q < 1) || !(k > 0))
		return (double)NAN;
	for (int i = 0; i < 200; i++) {
		double mid = lo + (hi - lo) / 2;

		if (!(mid > lo && mid < hi))
			break;
		if (chi2_cdf(mid, k) < q)
			lo = mid;
		else
			hi = mid;
	}
	return lo + (hi - lo) / 2;
}

double sig_delta(size_t n, double p, double c)
{
	double chi2 = sig_chi2_quantile((1 - c) / 2, (double)(n - 1));

	return 0.5 * log2((double)(n - 1) / chi2) + log2(sig_normal_quantile((p + 1) / 2));
}

/* The estimate's cache: n, and delta at the stated probability and confidence. */
static _Thread_local size_t cached_n;
static _Thread_local double cached_delta;

static double clamp(double b, int prec)
{
	return b < 0 ? 0 : b > prec ? prec : b;
}

void sig_estimate_of(const double *x, size_t n, int prec, mpfr_srcptr exact, sig_estimate *out)
{
	double *f = xmalloc((n ? n : 1) * sizeof *f);
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (isfinite(x[i]))
			f[m++] = x[i];
	out->n = m;
	stats_mean_sd(f, m, &out->mean, &out->sd);
	out->identical = m >= 1;
	for (size_t i = 1; i < m; i++)
		out->identical &= !(f[i] < f[0]) && !(f[i] > f[0]);
	out->bits = out->digits = out->ref_bits = out->ref_digits = (double)NAN;
	if (m == n && n >= SIG_SAMPLES_MIN) {
		if (out->identical) {
			out->bits = prec;
		} else if (fpclassify(out->mean) == FP_ZERO) {
			out->bits = 0; /* no relative significance around a zero mean */
		} else {
			if (cached_n != n) {
				cached_delta = sig_delta(n, SIG_PROBABILITY, SIG_CONFIDENCE);
				cached_n = n;
			}
			out->bits = clamp(-log2(out->sd / fabs(out->mean)) - cached_delta, prec);
		}
		out->digits = out->bits * log10(2.0);
	}
	if (exact && mpfr_number_p(exact) && m == n && m >= 1) {
		mpfr_t d;

		mpfr_init2(d, 64);
		if (mpfr_zero_p(exact)) {
			out->ref_bits = fpclassify(out->mean) == FP_ZERO ? prec : 0;
		} else {
			double rel;

			mpfr_set_d(d, out->mean, MPFR_RNDN);
			mpfr_sub(d, d, exact, MPFR_RNDN);
			mpfr_div(d, d, exact, MPFR_RNDN);
			rel = fabs(mpfr_get_d(d, MPFR_RNDN));
			out->ref_bits = rel > 0 ? clamp(-log2(rel), prec) : prec;
		}
		out->ref_digits = out->ref_bits * log10(2.0);
		mpfr_clear(d);
	}
	free(f);
}
