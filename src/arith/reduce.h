/* reduce.h - the precision-generic kernels: sum, dot, squared distance, gemm and axpy, each
 * written once (reduce_source.c) and instantiated for float (_f), double (_d), MPFR (_m) and
 * the formats of fmt.h emulated in double (_e).
 *
 * A reduce_ctx carries everything a run needs besides its data: the knobs (knobs.h says how
 * they compose), the MPFR precision, whether MPFR emulates an IEEE format, and scratch space.
 * One context per thread of the caller; the engine's own racy threads are internal.
 *
 * Emulation: with a format (FP_EMU_BINARY32 and bits 24, FP_EMU_BINARY64 and bits 53, or any
 * format of fmt.h and its p), every MPFR operation runs in that format's exponent range with
 * subnormals and its overflow rule (mpfr_set_emin/emax, mpfr_subnormalize), so the _m kernels
 * reproduce the _f, _d and _e kernels bit for bit: the proof that the columns of fpdrift run
 * one computation. Without emulation MPFR has its own huge range.
 *
 * The _e kernels compute in a format of fmt.h held in doubles (fp16, bf16, tf32, FP8,
 * custom): their context's emu is that format and bits its p; inputs must be values of it.
 *
 * Contracts common to every kernel:
 *   - x and y may be NULL only when n is 0; otherwise FP_ENULL and *out is untouched.
 *   - n == 0 gives +0.
 *   - NaN and Inf terms follow IEEE arithmetic through the chosen algorithm (for kahan a single
 *     Inf gives NaN, as the algorithm does); order=exact follows exact.h.
 *   - An _m output must be initialised by the caller (any precision: the result is rounded to
 *     it); inputs are arrays of pointers to MPFR numbers, so rows and gathers cost no copies.
 *   - The first term of every accumulator is taken as it is (x[i], or x[i]*y[i] rounded), so a
 *     sum of -0 terms stays -0 in every order.
 */
#ifndef FPDRIFT_REDUCE_H
#define FPDRIFT_REDUCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mpfr.h>

#include "arith/fmt.h"
#include "arith/knobs.h"

/* The format a context rounds to (arith/fmt.h): for the _m kernels, the IEEE-like format
 * MPFR emulates (its exponent range, subnormals and overflow rule; bits must be its p), or
 * none (MPFR's own range); for the _e kernels, the emulated format of their values. */
typedef const fp_format *fp_emulation;
#define FP_EMU_NONE ((fp_emulation)NULL)
#define FP_EMU_BINARY32 (&fmt_binary32)
#define FP_EMU_BINARY64 (&fmt_binary64)

typedef struct reduce_ctx reduce_ctx;

/* What the last reduction did, for reports and tests. */
typedef struct reduce_info {
	unsigned parts;                   /* parts the terms were split into (threads) */
	unsigned merged;                  /* nonempty parts merged by the combine */
	unsigned arrival[FP_THREADS_MAX]; /* part indices in merge order (racy: completion) */
} reduce_info;

/* Make a context. bits is the MPFR precision of the _m kernels (FP_BITS_MIN..FP_BITS_MAX);
 * emu must match bits (24 or 53) when not FP_EMU_NONE. Returns NULL and sets *st on bad
 * knobs or bits. The knobs are copied. */
reduce_ctx *reduce_new(const fp_knobs *k, mpfr_prec_t bits, fp_emulation emu, fp_status *st);
void reduce_free(reduce_ctx *c);
/* The _e kernels' accumulation format: every operation of a reduction (the differences of a
 * distance, the products, the sums) rounds to acc, and the result once to the context's
 * format (mixed precision: bf16 products accumulated in float, as tensor cores do). NULL:
 * the context's format. */
void reduce_set_accum(reduce_ctx *c, const fp_format *acc);
const fp_knobs *reduce_knobs(const reduce_ctx *c);
mpfr_prec_t reduce_bits(const reduce_ctx *c);
const reduce_info *reduce_last(const reduce_ctx *c);

/* The racy combine's drawn orders (the parts too short for threads, reduce_source.c): a stream
 * seeded by seed (0 when never set), and within it by key. reduce_set_seed starts key 0;
 * reduce_set_stream(c, key) restarts the stream at key, so a caller that spreads items over
 * threads (k-means' points) keys each item and gets the same orders however it splits them. */
void reduce_set_seed(reduce_ctx *c, uint64_t seed);
void reduce_set_stream(reduce_ctx *c, uint64_t key);

/* _f, _d, _m: float, double, MPFR; _e: the emulated formats (fmt.h); _r: float (as binary32),
 * double (binary64) and the emulated formats under the calling thread's rounding (rnd.h):
 * the context's emu is the format. */

/* out = sum of x[0..n) */
fp_status reduce_sum_f(reduce_ctx *c, const float *x, size_t n, float *out);
fp_status reduce_sum_d(reduce_ctx *c, const double *x, size_t n, double *out);
fp_status reduce_sum_e(reduce_ctx *c, const double *x, size_t n, double *out);
fp_status reduce_sum_r(reduce_ctx *c, const double *x, size_t n, double *out);
fp_status reduce_sum_m(reduce_ctx *c, mpfr_srcptr const *x, size_t n, mpfr_ptr out);

/* out = sum of x[i]*y[i]; with fma on each product is fused into its accumulation */
fp_status reduce_dot_f(reduce_ctx *c, const float *x, const float *y, size_t n, float *out);
fp_status reduce_dot_d(reduce_ctx *c, const double *x, const double *y, size_t n, double *out);
fp_status reduce_dot_e(reduce_ctx *c, const double *x, const double *y, size_t n, double *out);
fp_status reduce_dot_r(reduce_ctx *c, const double *x, const double *y, size_t n, double *out);
fp_status reduce_dot_m(reduce_ctx *c, mpfr_srcptr const *x, mpfr_srcptr const *y, size_t n,
                       mpfr_ptr out);

/* The MPFR sum and dot of double inputs: the results of reduce_sum_m and reduce_dot_m over
 * exact copies of x and y, made without the copies under order seq, one lane, one thread and
 * no emulated format (the default knobs), with 53-bit copies otherwise. */
fp_status reduce_sum_dm(reduce_ctx *c, const double *x, size_t n, mpfr_ptr out);
fp_status reduce_dot_dm(reduce_ctx *c, const double *x, const double *y, size_t n, mpfr_ptr out);

/* out = sum of (x[i] - y[i])^2: the differences rounded, then a dot of them with themselves */
fp_status reduce_dist2_f(reduce_ctx *c, const float *x, const float *y, size_t n, float *out);
fp_status reduce_dist2_d(reduce_ctx *c, const double *x, const double *y, size_t n, double *out);
fp_status reduce_dist2_e(reduce_ctx *c, const double *x, const double *y, size_t n, double *out);
fp_status reduce_dist2_r(reduce_ctx *c, const double *x, const double *y, size_t n, double *out);
fp_status reduce_dist2_m(reduce_ctx *c, mpfr_srcptr const *x, mpfr_srcptr const *y, size_t n,
                         mpfr_ptr out);

/* C[i*ldc + j] = sum over p < k of A[i*lda + p] * B[j*ldb + p], for i < m, j < n (C = A B^T,
 * both stored by rows). Naive: every entry is a dot under the knobs; blas: sgemm / dgemm. */
fp_status reduce_gemm_f(reduce_ctx *c, size_t m, size_t n, size_t k, const float *A, size_t lda,
                        const float *B, size_t ldb, float *C, size_t ldc);
fp_status reduce_gemm_d(reduce_ctx *c, size_t m, size_t n, size_t k, const double *A, size_t lda,
                        const double *B, size_t ldb, double *C, size_t ldc);
fp_status reduce_gemm_e(reduce_ctx *c, size_t m, size_t n, size_t k, const double *A, size_t lda,
                        const double *B, size_t ldb, double *C, size_t ldc);
fp_status reduce_gemm_r(reduce_ctx *c, size_t m, size_t n, size_t k, const double *A, size_t lda,
                        const double *B, size_t ldb, double *C, size_t ldc);
fp_status reduce_gemm_m(reduce_ctx *c, size_t m, size_t n, size_t k, mpfr_srcptr const *A,
                        size_t lda, mpfr_srcptr const *B, size_t ldb, mpfr_ptr const *C,
                        size_t ldc);

/* y[i] = a*x[i] + y[i], fused when fma is on. Elementwise: no reduction knob applies. */
fp_status reduce_axpy_f(reduce_ctx *c, float a, const float *x, float *y, size_t n);
fp_status reduce_axpy_d(reduce_ctx *c, double a, const double *x, double *y, size_t n);
fp_status reduce_axpy_e(reduce_ctx *c, double a, const double *x, double *y, size_t n);
fp_status reduce_axpy_r(reduce_ctx *c, double a, const double *x, double *y, size_t n);
fp_status reduce_axpy_m(reduce_ctx *c, mpfr_srcptr a, mpfr_srcptr const *x, mpfr_ptr const *y,
                        size_t n);

#endif
