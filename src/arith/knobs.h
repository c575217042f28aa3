/* knobs.h - what changes rounding without changing the mathematics.
 *
 * One fp_knobs value describes a variant (a point of the knob grid). It is passed down to every
 * reduction; there are no global switches. See DESIGN.md, "Vocabulary", for the semantics.
 *
 * How the knobs compose in a reduction of n terms (sum: x[i]; dot: x[i]*y[i]):
 *   1. order picks the data order: seq, reverse, sorted-asc / sorted-desc by magnitude of the
 *      term (ties by index), or shuffle:SEED (Fisher-Yates with the project PRNG); kahan,
 *      neumaier, pairwise, numpy and exact keep the data in seq order and change the
 *      accumulation (numpy: np.sum's pairwise sums of blocks of 8192 terms, added in sequence).
 *   2. threads splits the ordered terms into T contiguous static parts (the first n % T parts
 *      one term longer, as OpenMP's static schedule does); a part may be empty when T > n.
 *   3. lanes deals the terms of a part round-robin to L accumulators (term j to lane j % L),
 *      each accumulating with the order's method; the lanes are combined by a pairwise tree,
 *      ((l0 + l1) + (l2 + l3)), as a SIMD horizontal add does.
 *   4. combine merges the parts' partials: ordered (p0 + p1 + ...), tree (pairwise), or racy
 *      (real threads merge under a lock in completion order, so repeated runs can differ).
 *   5. fma on makes every a*b + c of dot and distance kernels one fused operation.
 *   6. kernel blas hands float and double dot and matrix products to OpenBLAS with T threads;
 *      order, lanes and combine are then OpenBLAS's own. MPFR always uses the naive kernel.
 *   8. rounding rounds every operation of the run (not only of reductions) up, down, toward
 *      zero, at random, stochastically or with MCA's perturbations (rnd.h).
 *   7. accum rounds every operation of the reduction to another format (bf16 products summed
 *      in float, as tensor cores do) and the result once to the run's own.
 *   order=exact is correctly rounded: its result does not depend on threads, lanes or combine.
 */
#ifndef FPDRIFT_KNOBS_H
#define FPDRIFT_KNOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arith/status.h"

#define FP_LANES_MAX 16
#define FP_THREADS_MAX 256
#define FP_BITS_MIN 2
#define FP_BITS_MAX 65536
#define FP_BITS_DEFAULT 256

/* The precisions a run can use: the machine's float
 * and double, the formats emulated in double (arith/fmt.h), then MPFR. */
#define FP_PRECISION_LIST(X)                                                                       \
	X(FP_FLOAT, "float")                                                                       \
	X(FP_DOUBLE, "double")                                                                     \
	X(FP_FP16, "fp16")                                                                         \
	X(FP_BF16, "bf16")                                                                         \
	X(FP_TF32, "tf32")                                                                         \
	X(FP_E4M3, "fp8e4m3")                                                                      \
	X(FP_E4M3_SAT, "fp8e4m3-sat")                                                              \
	X(FP_E5M2, "fp8e5m2")                                                                      \
	X(FP_E5M2_SAT, "fp8e5m2-sat")                                                              \
	X(FP_CUSTOM, "custom")                                                                     \
	X(FP_MPFR, "mpfr")

#define FP_ORDER_LIST(X)                                                                           \
	X(FP_ORDER_SEQ, "seq")                                                                     \
	X(FP_ORDER_REVERSE, "reverse")                                                             \
	X(FP_ORDER_PAIRWISE, "pairwise")                                                           \
	X(FP_ORDER_NUMPY, "numpy")                                                                 \
	X(FP_ORDER_SORTED_ASC, "sorted-asc")                                                       \
	X(FP_ORDER_SORTED_DESC, "sorted-desc")                                                     \
	X(FP_ORDER_SHUFFLE, "shuffle")                                                             \
	X(FP_ORDER_KAHAN, "kahan")                                                                 \
	X(FP_ORDER_NEUMAIER, "neumaier")                                                           \
	X(FP_ORDER_EXACT, "exact")

#define FP_COMBINE_LIST(X)                                                                         \
	X(FP_COMBINE_ORDERED, "ordered")                                                           \
	X(FP_COMBINE_TREE, "tree")                                                                 \
	X(FP_COMBINE_RACY, "racy")

#define FP_KERNEL_LIST(X)                                                                          \
	X(FP_KERNEL_NAIVE, "naive")                                                                \
	X(FP_KERNEL_BLAS, "blas")

/* The rounding of every operation (arith/rnd.h); mca carries its virtual precision T. */
#define FP_ROUNDING_LIST(X)                                                                        \
	X(FP_ROUNDING_NEAREST, "nearest")                                                          \
	X(FP_ROUNDING_UP, "up")                                                                    \
	X(FP_ROUNDING_DOWN, "down")                                                                \
	X(FP_ROUNDING_ZERO, "zero")                                                                \
	X(FP_ROUNDING_RANDOM, "random")                                                            \
	X(FP_ROUNDING_SR, "sr")                                                                    \
	X(FP_ROUNDING_MCA, "mca")

/* mca:T: the virtual precision's range (the perturbations are carried in double-double) */
#define FP_MCA_T_MIN 1
#define FP_MCA_T_MAX 53

#define FP_ENUM_ITEM(name, str) name,
typedef enum { FP_PRECISION_LIST(FP_ENUM_ITEM) FP_PRECISION_COUNT } fp_precision;
typedef enum { FP_ORDER_LIST(FP_ENUM_ITEM) FP_ORDER_COUNT } fp_order;
typedef enum { FP_COMBINE_LIST(FP_ENUM_ITEM) FP_COMBINE_COUNT } fp_combine;
typedef enum { FP_KERNEL_LIST(FP_ENUM_ITEM) FP_KERNEL_COUNT } fp_kernel;
typedef enum { FP_ROUNDING_LIST(FP_ENUM_ITEM) FP_ROUNDING_COUNT } fp_rounding;
#undef FP_ENUM_ITEM

typedef struct fp_knobs {
	fp_order order;
	uint64_t shuffle_seed; /* the permutation's seed; read only when order is shuffle */
	unsigned lanes;        /* 1, 2, 4, 8 or 16 */
	unsigned threads;      /* 1 .. FP_THREADS_MAX */
	fp_combine combine;
	bool fma;
	fp_kernel kernel;
	/* the accumulation format of reductions (mixed precision): FP_PRECISION_COUNT for the
	 * run's own format, or a precision with a format (float, tf32, bf16, fp16, double) in
	 * which every operation of a sum, dot or distance is rounded, the result once to the
	 * run's format. Acts on float and the emulated formats (workload.h). */
	fp_precision accum;
	/* how every operation rounds (arith/rnd.h): nearest, the directed modes, or a random
	 * one; mca_t is mca's virtual precision (read only when rounding is mca) */
	fp_rounding rounding;
	unsigned mca_t;
} fp_knobs;

/* seq, 1 lane, 1 thread, ordered, fma off, naive: the plain loop a person writes first. */
fp_knobs knobs_default(void);
/* FP_OK, or the status naming the first knob out of range. */
fp_status knobs_check(const fp_knobs *k);

/* Names of enum values ("float", "pairwise", ...); NULL for a value out of range. */
const char *knobs_precision_name(fp_precision p);
const char *knobs_order_name(fp_order o);
const char *knobs_combine_name(fp_combine c);
const char *knobs_kernel_name(fp_kernel k);
const char *knobs_rounding_name(fp_rounding r);

/* Parse one value; return false (and leave *out alone) when s names none.
 * knobs_parse_order accepts "shuffle:SEED" and stores SEED in *seed (decimal, 0..2^64-1). */
bool knobs_parse_precision(const char *s, fp_precision *out);
bool knobs_parse_order(const char *s, fp_order *out, uint64_t *seed);
bool knobs_parse_combine(const char *s, fp_combine *out);
bool knobs_parse_kernel(const char *s, fp_kernel *out);
/* "nearest", "up", ..., "sr", or "mca:T" with T in FP_MCA_T_MIN..FP_MCA_T_MAX (into *t) */
bool knobs_parse_rounding(const char *s, fp_rounding *out, unsigned *t);

/* Names and formats of whole variants are the knob registry's (explore/knob.h). */

#endif
