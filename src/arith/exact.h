/* exact.h - exact, order-independent summation of floats and doubles.
 *
 * An exact_acc holds the exact sum of every term added to it, whatever their order, number or
 * magnitude, and rounds it once to float or double (round to nearest, ties to even, with IEEE
 * subnormals and overflow). It is order=exact of the engine and the reproducible-summation
 * mitigation: the same bits for every order, lane count and thread count.
 *
 * Method: a two-level superaccumulator after R. M. Neal, "Fast exact summation using small and
 * large superaccumulators", arXiv:1505.05571 (2015). The "large" level keeps one unsigned
 * 64-bit chunk per sign-and-exponent of a double (4096 chunks, two banks so that consecutive
 * terms never wait on the same memory location) and adds each term's integer significand to
 * its chunk: one shift, one mask and one integer add per term, no rounding anywhere. A chunk
 * takes 2^11 significands of 53 bits before it could overflow, so every 2048 terms the used
 * chunks are flushed into the "small" level: a two's-complement fixed-point integer of 72
 * 64-bit limbs whose bit 0 weighs 2^-2240, wide enough for exact products of two doubles
 * (down to 2^-2148) and for 2^64 terms of up to 2^2048 without overflow.
 *
 * Lifecycle: exact_new / exact_free (free accepts NULL); exact_reset empties one for reuse.
 * Not thread-safe: give each thread its own and exact_merge them.
 *
 *   exact_acc *a = exact_new();
 *   exact_add_doubles(a, x, n);
 *   double s = exact_round_d(a);      (the correctly rounded sum of x[0..n))
 *   exact_free(a);
 *
 * Special values: NaN terms, or +Inf with -Inf, give NaN; otherwise an infinite term gives that
 * infinity. An exact zero sum is -0 only when every term was -0 (IEEE 754 round to nearest),
 * otherwise +0; no terms at all give +0.
 */
#ifndef FPDRIFT_EXACT_H
#define FPDRIFT_EXACT_H

#include <stdbool.h>
#include <stddef.h>

#include <gmp.h>
#include <mpfr.h>

#include "arith/fmt.h"

typedef struct exact_acc exact_acc;

exact_acc *exact_new(void);
void exact_free(exact_acc *a);
void exact_reset(exact_acc *a);

/* Add the n terms x[0..n) exactly. x may be NULL when n is 0. */
void exact_add_doubles(exact_acc *a, const double *x, size_t n);
void exact_add_floats(exact_acc *a, const float *x, size_t n);
/* Add the n exact products x[i]*y[i] (not rounded products: the true ones). For doubles each
 * product is split exactly as p + e with p = x*y and e = fma(x, y, -p) (Dekker's TwoProduct)
 * when that split is exact, and multiplied out in integers otherwise (underflow, overflow). */
void exact_add_products_d(exact_acc *a, const double *x, const double *y, size_t n);
void exact_add_products_f(exact_acc *a, const float *x, const float *y, size_t n);

/* dst += src, exactly. src is left holding the same value. */
void exact_merge(exact_acc *dst, exact_acc *src);

/* The sum rounded once to the nearest double / float (ties to even). The accumulator keeps its
 * value and may take more terms. */
double exact_round_d(exact_acc *a);
float exact_round_f(exact_acc *a);
/* The sum rounded once to the format f of fmt.h (its range, subnormals and overflow rule), as
 * a double, through MPFR. */
double exact_round_fmt(exact_acc *a, const fp_format *f);
/* The sum rounded once to out's precision with rnd, through MPFR; returns MPFR's ternary value.
 * Meant for checks: the engine's float and double paths never call MPFR. */
int exact_get_mpfr(exact_acc *a, mpfr_ptr out, mpfr_rnd_t rnd);
/* out = the exact sum as a rational (a power of two in the denominator); false, with out
 * left as it was, when the sum is not finite (a NaN or an infinite term). */
bool exact_get_q(exact_acc *a, mpq_t out);

#endif
