/* interval.h - MPFI intervals for templated code (templates_on.h's FP_T_MPFI): the
 * enclosures with which a workload's reference is certified by Ziv's strategy
 * (workload/certify.h).
 *
 * Every operation returns an interval that contains the exact result for every point of its
 * operands, so an enclosure computed through a whole training run contains the exact result
 * of that run. MPFI (N. Revol and F. Rouillier, "Motivations for an arbitrary precision
 * interval arithmetic and the MPFI library", Reliable Computing 11(4), 2005) is used rather
 * than hand-written bounds because outward rounding is easy to get wrong in exactly the
 * places that matter here: the sign cases of products and quotients, and exp and log.
 *
 *   mpfi_ptr *v = ivec_new(n, 256);   (all [0, 0])
 *   reduce_sum_i(NULL, (mpfi_srcptr const *)v, n, out);
 *   ivec_free(v);                     (accepts NULL)
 */
#ifndef FPDRIFT_INTERVAL_H
#define FPDRIFT_INTERVAL_H

#include <stdbool.h>
#include <stddef.h>

#include <mpfi.h>

#include "arith/reduce.h"

/* The vector type of templated code (templates_on.h's VEC_T). */
typedef mpfi_ptr *fpvec_i;

mpfi_ptr *ivec_new(size_t n, mpfr_prec_t bits);
void ivec_free(mpfi_ptr *v);

/* r encloses a b + s for all points of a, b, s (r may be any of them). */
void interval_fma(mpfi_ptr r, mpfi_srcptr a, mpfi_srcptr b, mpfi_srcptr s);

/* Enclosures of the exact sum and dot product, in index order: the exact result does not
 * depend on the order, so none of the engine's knobs applies (rc is not used). */
fp_status reduce_sum_i(reduce_ctx *rc, mpfi_srcptr const *x, size_t n, mpfi_ptr out);
fp_status reduce_dot_i(reduce_ctx *rc, mpfi_srcptr const *x, mpfi_srcptr const *y, size_t n,
                       mpfi_ptr out);

#endif
