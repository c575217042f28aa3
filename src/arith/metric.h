/* metric.h - how far apart two results are.
 *
 * ulps: both values are mapped to ordered integers (sign-magnitude to two's complement, so
 * -0 and +0 are both 0) and subtracted; adjacent values are 1 apart, the largest finite value
 * and infinity too, in that mapping. NaN and infinities are reported, never counted: FP_ENAN
 * when either is NaN, FP_EINF when one is infinite and the other is not (or they are opposite
 * infinities); equal infinities are 0 apart.
 *
 * rel_err = |x - ref| / |ref|, computed in MPFR with 64 bits beyond the wider operand and
 * rounded to double; 0 when both are zero, +Inf when only ref is zero, NaN when either is NaN.
 * correct_bits = -log2(rel_err) clipped to [0, prec]; correct_digits = -log10(rel_err) clipped
 * to [0, prec * log10(2)]; both are NaN for a NaN rel_err.
 */
#ifndef FPDRIFT_METRIC_H
#define FPDRIFT_METRIC_H

#include <stdint.h>

#include <mpfr.h>

#include "arith/status.h"

fp_status metric_ulps_f(float a, float b, uint64_t *ulps);
fp_status metric_ulps_d(double a, double b, uint64_t *ulps);

double metric_rel_err(mpfr_srcptr x, mpfr_srcptr ref);
double metric_rel_err_d(double x, mpfr_srcptr ref);
double metric_correct_bits(double rel_err, unsigned prec);
double metric_correct_digits(double rel_err, unsigned prec);

#endif
