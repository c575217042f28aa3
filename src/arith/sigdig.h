/* sigdig.h - how many digits of a result are significant, from samples of it computed with
 * random rounding (arith/rnd.h): the estimator of Sohier, de Oliveira Castro, Févotte,
 * Lathuilière, Petit and Jamond, "Confidence intervals for stochastic arithmetic", ACM TOMS
 * 47(2), 2021, under its Centered Normality Hypothesis (CNH).
 *
 * With n samples of mean m and standard deviation s (divisor n - 1), the relative error
 * Z = X/m - 1 of a sample has standard deviation s/|m|, and with probability p and confidence
 * 1 - alpha the result has at least
 *
 *     bits = -log2(s/|m|) - delta,
 *     delta = 1/2 log2((n - 1) / chi2_{alpha/2}(n - 1)) + log2(Phi^-1((p + 1)/2))
 *
 * significant bits (the paper's Theorem 4.1 with the upper end of the chi-square confidence
 * interval for the variance), digits = bits log10(2). fpdrift states p = 0.95 and
 * 1 - alpha = 0.95 (the defaults of the authors' significantdigits package), and computes the
 * mean and s exactly, rounded once (stats.h), and the quantiles through MPFR (sigdig.c). The
 * authors' package takes the standard deviation with divisor n; the theorem's chi-square law
 * is that of (n - 1) s^2 / sigma^2 with divisor n - 1, which is what this module uses.
 *
 *   sig_estimate e;
 *   sig_estimate_of(values, 30, 53, exact, &e);  (exact: an mpfr_t, or NULL)   (e.digits:
 * significant decimal digits)
 */
#ifndef FPDRIFT_SIGDIG_H
#define FPDRIFT_SIGDIG_H

#include <stdbool.h>
#include <stddef.h>

#include <mpfr.h>

#define SIG_PROBABILITY 0.95
#define SIG_CONFIDENCE 0.95
#define SIG_SAMPLES_MIN 2
#define SIG_SAMPLES_MAX 100000
#define SIG_SAMPLES_DEFAULT 30

typedef struct sig_estimate {
	size_t n;            /* finite samples */
	double mean, sd;     /* exact, rounded once; sd NaN when n < 2 */
	bool identical;      /* every sample the same value: the format's precision is all that
	                      * can be said (bits = prec) */
	double bits, digits; /* significant bits and decimal digits, in [0, prec] (NaN when
	                      * n < 2 or a sample is not finite) */
	double ref_bits, ref_digits; /* the mean's correct bits and digits against the exact
	                              * result, in [0, prec] (NaN without one) */
} sig_estimate;

/* delta above for n >= 2 samples at probability p and confidence c, in bits (sigdig.c). */
double sig_delta(size_t n, double p, double c);
/* The estimate of the n samples x of a result of prec bits; exact is the exact result (NULL
 * when there is none). Samples that are not finite make bits NaN; mean and sd are those of the
 * finite ones. */
void sig_estimate_of(const double *x, size_t n, int prec, mpfr_srcptr exact, sig_estimate *out);

/* The quantiles the estimator needs, exposed for the tests: Phi^-1(q), the standard normal's,
 * for 0 < q < 1; and the q quantile of the chi-square law with k degrees of freedom. */
double sig_normal_quantile(double q);
double sig_chi2_quantile(double q, double k);

#endif
