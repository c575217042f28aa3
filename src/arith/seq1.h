/* seq1.h - the squared distance under the default knobs (order seq, 1 lane, 1 thread), as an
 * inline loop: sum over i of (x[i] - y[i])^2, the first square taken as it is and the others
 * added in sequence, each product fused into its addition when fused (fma on). It is what the
 * engine's plain loop computes for those knobs (reduce_source.c calls it, and test_emulation
 * compares the kernel with MPFR emulating the format); k-means' assignment calls it directly
 * so that a 2..64-term distance costs a loop, not a kernel call. n >= 1. */
#ifndef FPDRIFT_SEQ1_H
#define FPDRIFT_SEQ1_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>

#include "arith/fmt.h"
#include "arith/rnd.h"

/* One definition for each format T, with its fused multiply-add FMA. */
#define SEQ1_DIST2(NAME, T, FMA)                                                                   \
	static inline T NAME(const T *x, const T *y, size_t n, bool fused)                         \
	{                                                                                          \
		T d = x[0] - y[0], acc = d * d;                                                    \
                                                                                                   \
		for (size_t i = 1; i < n; i++) {                                                   \
			d = x[i] - y[i];                                                           \
			if (fused) {                                                               \
				acc = FMA(d, d, acc);                                              \
			} else {                                                                   \
				T p = d * d;                                                       \
                                                                                                   \
				acc = acc + p;                                                     \
			}                                                                          \
		}                                                                                  \
		return acc;                                                                        \
	}

SEQ1_DIST2(seq1_dist2_d, double, fma)
SEQ1_DIST2(seq1_dist2_f, float, fmaf)

/* The same loop in a format of fmt.h held in doubles: each operation rounded to f. */
static inline double seq1_dist2_e(const fp_format *f, const double *x, const double *y, size_t n,
                                  bool fused)
{
	double d = fmt_sub(f, x[0], y[0]), acc = fmt_mul(f, d, d);

	for (size_t i = 1; i < n; i++) {
		d = fmt_sub(f, x[i], y[i]);
		acc = fused ? fmt_fma(f, d, d, acc) : fmt_add(f, acc, fmt_mul(f, d, d));
	}
	return acc;
}

/* The same loop under the calling thread's rounding (rnd.h). */
static inline double seq1_dist2_r(const fp_format *f, const double *x, const double *y, size_t n,
                                  bool fused)
{
	double d = rnd_sub(f, x[0], y[0]), acc = rnd_mul(f, d, d);

	for (size_t i = 1; i < n; i++) {
		d = rnd_sub(f, x[i], y[i]);
		acc = fused ? rnd_fma(f, d, d, acc) : rnd_add(f, acc, rnd_mul(f, d, d));
	}
	return acc;
}

/* seq1_dist2 for float or double arrays alike (the templates' ELEM) */
#define seq1_dist2(x, y, n, fused)                                                                 \
	_Generic((x), const float *: seq1_dist2_f, float *: seq1_dist2_f, const double *: seq1_dist2_d, \
	         double *: seq1_dist2_d)((x), (y), (n), (fused))

#endif
