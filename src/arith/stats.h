/* stats.h - the mean and standard deviation of repeated runs, computed exactly and rounded
 * once, so that a gate on the standard deviation judges the runs and not the formula: n
 * identical values have standard deviation 0 exactly, and values that differ in their last
 * bit have the standard deviation their exact values have.
 *
 *   double mean, sd;
 *   stats_mean_sd(x, n, &mean, &sd);   (sd is the sample standard deviation, n - 1)
 */
#ifndef FPDRIFT_STATS_H
#define FPDRIFT_STATS_H

#include <stddef.h>

#include <gmp.h>

/* The mean of the n finite doubles x and their sample standard deviation (divisor n - 1),
 * each the correctly rounded double (round to nearest, ties to even, subnormals included) of
 * the exact value. mean is NaN when n is 0, sd when n < 2. */
void stats_mean_sd(const double *x, size_t n, double *mean, double *sd);
/* sqrt(v) for a positive rational v, correctly rounded to double (ties to even, subnormals
 * and overflow included): the standard deviation's last step. */
double stats_sqrt_q(const mpq_t v);

#endif
