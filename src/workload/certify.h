/* certify.h - certified references by Ziv's strategy over interval enclosures, for the
 * workloads whose exact result is not a rational that can be formed directly (mlp, softmax).
 *
 * A workload compiled with FP_T_MPFI (templates_on.h) computes, at a working precision, an
 * interval around each output that contains the exact result of the computation. When both
 * bounds round to the same value of the run's format, that value is the exact result
 * rounded once: certified. Otherwise the working precision doubles and the enclosure is
 * computed again (Ziv's strategy: J.-M. Muller et al., "Handbook of Floating-Point
 * Arithmetic", 2nd ed., 2018, section 10.5, with interval bounds in place of an a priori error
 * bound), up to CERTIFY_MAX_BITS; past that the reference is uncertified and says which
 * output could not be decided.
 *
 * Call order: the workload's certify calls certify_ziv with its interval run; the interval
 * run adds its outputs through FN(output), that is wl_result_add_i.
 */
#ifndef FPDRIFT_CERTIFY_H
#define FPDRIFT_CERTIFY_H

#include <stdbool.h>

#include <mpfi.h>

#include "workload/workload.h"

#define CERTIFY_MAX_BITS 16384
/* The largest work x bits an enclosure may cost (work as certify_ziv's caller counts it):
 * for the MLP, epochs x rows x bits, 5e7 being about a second on a 2-core machine (12000
 * epochs x 10 rows at 2720 bits, 3.3e8, took 5.7 s); with the default precisions the MLP
 * on 10 rows is certified up to about 4000 epochs, in a few seconds. Interval
 * enclosures of a long training widen until they explode (the 1-10-1 MLP at 170 bits after
 * about 2000 epochs, at 2720 bits after about 8400), so a long training is left
 * uncertified instead of taking minutes. */
#define CERTIFY_WORK_BITS_MAX 5e7

/* Add output d[i][j] of an interval run: its value holds the lower bound and its raw the
 * upper bound (an interval run's result is read only by certify_ziv). */
void wl_result_add_i(wl_result *r, const wl_output_desc *d, size_t i, size_t j, mpfi_srcptr v);

/* An interval run: w->bits is the working precision. */
typedef fp_status (*certify_run_fn)(const wl_ctx *w, const wl_params *p, const dataset *d,
                                    wl_result *r);

/* The certified reference of the format of w (its prec, and bits for MPFR) by Ziv's
 * strategy over run, starting at twice the format's bits plus 64 and doubling while the
 * working precision stays within CERTIFY_MAX_BITS and work x bits within
 * CERTIFY_WORK_BITS_MAX (work: the size of one run, in the caller's units). true: r holds
 * every output rounded once to the format. false: r has no outputs and r->note says why
 * (an output not decided within the limits, a failed run). */
bool certify_ziv(const wl_ctx *w, const wl_params *p, const dataset *d, certify_run_fn run,
                 double work, wl_result *r);

#endif
