/* templates_on.h - the arithmetic of one precision, for code written once and compiled three
 * times (the GSL idea: templates_on.h / templates_off.h around a *_source.c file).
 *
 * Define FP_TEMPLATE as FP_T_FLOAT, FP_T_DOUBLE or FP_T_MPFR, include this header, include the
 * source file, then include templates_off.h. The source file sees:
 *
 *   SFX          name suffix f, d or m;  FN(name) gives name_f / name_d / name_m
 *   ELEM         an input element: float, double, mpfr_srcptr
 *   NUM_T        a working value: float, double, mpfr_ptr (MPFR values come from a tmp_stack
 *                through TAKE, or from vectors)
 *   VEC_T        a vector of working values: float *, double *, mpfr_ptr *; v[i] is both an
 *                operand and a destination in every precision
 *   IS_MPFR      0 or 1
 *   OP_SET, OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_NEG, OP_SQRT, OP_EXP, OP_LOG (c, r, a[, b]),
 *   OP_FMA(c, r, a, b, s)   r = op(a, b), rounded once (exp and log: as libm or MPFR round)
 *   SET_D(c, r, d) r = the double d rounded to this precision;  GET_D(a) a rounded to double
 *   ABS_GE(a, b), CMP(a, b) (<0, 0, >0), IS_FINITE(a)
 *   OUT_T, OUT_SET, OUT_AT, COUT_T  where results of reductions go
 *   IS_EMU, IS_NATIVE (float and double)  DIST2_SEQ1(c, x, y, n, fused) (seq1.h)
 * FP_T_EMU (SFX e, IS_EMU 1) instantiates a format of arith/fmt.h held in doubles; FP_T_RND
 * (SFX r, IS_EMU 1, IS_RND 1) any format but MPFR under the thread's rounding mode (rnd.h),
 * float as binary32 and double as binary64. MPFR rounds in the directed modes (rnd_mpfr).
 * FP_T_MPFI (SFX i, IS_MPFI 1) instantiates a workload with MPFI intervals for its certified
 * reference: every operation encloses the exact result, and only the operations above that
 * the MLP uses exist (no comparisons, GET_D, ABS_GE, OUT_*, TAKE: an enclosure cannot
 * compare values that it does not separate).
 * c is any context pointer with a field `emu` (fp_emulation): when it is not FP_EMU_NONE the
 * MPFR operations round to the emulated format's subnormals as well (reduce.h). */

#include <math.h>

#include <mpfr.h>

#include "arith/mpfr_ops.h"

#define FP_T_FLOAT 1
#define FP_T_DOUBLE 2
#define FP_T_MPFR 3
#define FP_T_MPFI 4 /* intervals: only the workloads' certified references (interval.h) */
#define FP_T_EMU 5  /* fp16, bf16, tf32, FP8, custom: emulated in double (fmt.h) */
#define FP_T_RND 6  /* any format but MPFR under a rounding other than nearest (rnd.h) */

#define FP_CAT2(a, b) a##_##b
#define FP_CAT(a, b) FP_CAT2(a, b)
#define FN(name) FP_CAT(name, SFX)

#if FP_TEMPLATE == FP_T_FLOAT || FP_TEMPLATE == FP_T_DOUBLE
#if FP_TEMPLATE == FP_T_FLOAT
#define SFX f
#define ELEM float
#define NUM_T float
#define TAKE(tp) 0.0f
#define OP_FMA(c, r, a, b, s) ((r) = fmaf((a), (b), (s)))
#define OP_SQRT(c, r, a) ((r) = sqrtf(a))
#define OP_EXP(c, r, a) ((r) = expf(a))
#define OP_LOG(c, r, a) ((r) = logf(a))
#define ABS_GE(a, b) (fabsf(a) >= fabsf(b))
#define SET_D(c, r, d) ((r) = (float)(d))
#else
#define SFX d
#define ELEM double
#define NUM_T double
#define TAKE(tp) 0.0
#define OP_FMA(c, r, a, b, s) ((r) = fma((a), (b), (s)))
#define OP_SQRT(c, r, a) ((r) = sqrt(a))
#define OP_EXP(c, r, a) ((r) = exp(a))
#define OP_LOG(c, r, a) ((r) = log(a))
#define ABS_GE(a, b) (fabs(a) >= fabs(b))
#define SET_D(c, r, d) ((r) = (d))
#endif
#define VEC_T FN(fpvec)
#define IS_MPFR 0
#define OP_SET(c, r, a) ((r) = (a))
#define OP_ADD(c, r, a, b) ((r) = (a) + (b))
#define OP_SUB(c, r, a, b) ((r) = (a) - (b))
#define OP_MUL(c, r, a, b) ((r) = (a) * (b))
#define OP_DIV(c, r, a, b) ((r) = (a) / (b))
#define OP_NEG(c, r, a) ((r) = -(a))
#define DIST2_SEQ1(c, x, y, n, fused) seq1_dist2((x), (y), (n), (fused))
#elif FP_TEMPLATE == FP_T_EMU || FP_TEMPLATE == FP_T_RND
/* A format narrower than double (arith/fmt.h): values held in doubles, each operation
 * computed in double and rounded once to the format EMU_FMT(c), by default c's emu field
 * (the reduce kernels define it as their accumulation format). FP_T_RND is the same with the
 * thread's rounding mode (rnd.h), for float (binary32), double (binary64) and the emulated
 * formats alike: its code is the emulated formats' (IS_EMU), its suffix r. */
#include "arith/fmt.h"
#define ELEM double
#define NUM_T double
#define VEC_T FN(fpvec)
#define IS_MPFR 0
#define IS_EMU 1
#define TAKE(tp) 0.0
#ifndef EMU_FMT
#define EMU_FMT(c) ((c)->emu)
#endif
#define OP_NEG(c, r, a) ((r) = -(a))
#define ABS_GE(a, b) (fabs(a) >= fabs(b))
#if FP_TEMPLATE == FP_T_RND
#include "arith/rnd.h"
#define SFX r
#define IS_RND 1
#define OP_SET(c, r, a) ((r) = rnd_set(EMU_FMT(c), (a)))
#define OP_ADD(c, r, a, b) ((r) = rnd_add(EMU_FMT(c), (a), (b)))
#define OP_SUB(c, r, a, b) ((r) = rnd_sub(EMU_FMT(c), (a), (b)))
#define OP_MUL(c, r, a, b) ((r) = rnd_mul(EMU_FMT(c), (a), (b)))
#define OP_DIV(c, r, a, b) ((r) = rnd_div(EMU_FMT(c), (a), (b)))
#define OP_FMA(c, r, a, b, s) ((r) = rnd_fma(EMU_FMT(c), (a), (b), (s)))
#define OP_SQRT(c, r, a) ((r) = rnd_sqrt(EMU_FMT(c), (a)))
#define OP_EXP(c, r, a) ((r) = rnd_exp(EMU_FMT(c), (a)))
#define OP_LOG(c, r, a) ((r) = rnd_log(EMU_FMT(c), (a)))
#define SET_D(c, r, d) ((r) = rnd_set(EMU_FMT(c), (d)))
#define DIST2_SEQ1(c, x, y, n, fused) seq1_dist2_r(EMU_FMT(c), (x), (y), (n), (fused))
#else
#define SFX e
#define OP_SET(c, r, a) ((r) = fmt_round(EMU_FMT(c), (a)))
#define OP_ADD(c, r, a, b) ((r) = fmt_add(EMU_FMT(c), (a), (b)))
#define OP_SUB(c, r, a, b) ((r) = fmt_sub(EMU_FMT(c), (a), (b)))
#define OP_MUL(c, r, a, b) ((r) = fmt_mul(EMU_FMT(c), (a), (b)))
#define OP_DIV(c, r, a, b) ((r) = fmt_div(EMU_FMT(c), (a), (b)))
#define OP_FMA(c, r, a, b, s) ((r) = fmt_fma(EMU_FMT(c), (a), (b), (s)))
#define OP_SQRT(c, r, a) ((r) = fmt_sqrt(EMU_FMT(c), (a)))
#define OP_EXP(c, r, a) ((r) = fmt_exp(EMU_FMT(c), (a)))
#define OP_LOG(c, r, a) ((r) = fmt_log(EMU_FMT(c), (a)))
#define SET_D(c, r, d) ((r) = fmt_round(EMU_FMT(c), (d)))
#define DIST2_SEQ1(c, x, y, n, fused) seq1_dist2_e(EMU_FMT(c), (x), (y), (n), (fused))
#endif
#elif FP_TEMPLATE == FP_T_MPFR
#include "arith/rnd.h"
#define SFX m
#define ELEM mpfr_srcptr
#define NUM_T mpfr_ptr
#define VEC_T FN(fpvec)
#define IS_MPFR 1
#define TAKE(tp) tmp_take(tp)
#define OP_SET(c, r, a) fp_mfix_rnd((c)->emu, (r), mpfr_set((r), (a), rnd_mpfr()))
#define OP_ADD(c, r, a, b) fp_mfix_rnd((c)->emu, (r), mpfr_add((r), (a), (b), rnd_mpfr()))
#define OP_SUB(c, r, a, b) fp_mfix_rnd((c)->emu, (r), mpfr_sub((r), (a), (b), rnd_mpfr()))
#define OP_MUL(c, r, a, b) fp_mfix_rnd((c)->emu, (r), mpfr_mul((r), (a), (b), rnd_mpfr()))
#define OP_DIV(c, r, a, b) fp_mfix_rnd((c)->emu, (r), mpfr_div((r), (a), (b), rnd_mpfr()))
#define OP_FMA(c, r, a, b, s) fp_mfix_rnd((c)->emu, (r), mpfr_fma((r), (a), (b), (s), rnd_mpfr()))
#define OP_NEG(c, r, a) fp_mfix_rnd((c)->emu, (r), mpfr_neg((r), (a), rnd_mpfr()))
#define OP_SQRT(c, r, a) fp_mfix_rnd((c)->emu, (r), mpfr_sqrt((r), (a), rnd_mpfr()))
#define OP_EXP(c, r, a) fp_mfix_rnd((c)->emu, (r), mpfr_exp((r), (a), rnd_mpfr()))
#define OP_LOG(c, r, a) fp_mfix_rnd((c)->emu, (r), mpfr_log((r), (a), rnd_mpfr()))
#define SET_D(c, r, d) fp_mfix_rnd((c)->emu, (r), mpfr_set_d((r), (d), rnd_mpfr()))
#define GET_D(a) mpfr_get_d((a), MPFR_RNDN)
#define ABS_GE(a, b) (mpfr_cmpabs((a), (b)) >= 0)
#define CMP(a, b) mpfr_cmp((a), (b))
#define IS_FINITE(a) (mpfr_number_p(a) != 0)
#define IS_NAN(a) (mpfr_nan_p(a) != 0)
#define IS_ZERO(a) (mpfr_zero_p(a) != 0)
#define OUT_T mpfr_ptr
#define OUT_SET(c, out, v) fp_mfix_rnd((c)->emu, (out), mpfr_set((out), (v), rnd_mpfr()))
#define OUT_AT(C, i) ((C)[i])
#define COUT_T mpfr_ptr const *
#elif FP_TEMPLATE == FP_T_MPFI
#include "arith/interval.h"
#define SFX i
#define ELEM mpfi_srcptr
#define NUM_T mpfi_ptr
#define VEC_T FN(fpvec)
#define IS_MPFR 0
#define IS_MPFI 1
#define OP_SET(c, r, a) ((void)mpfi_set((r), (a)))
#define OP_ADD(c, r, a, b) ((void)mpfi_add((r), (a), (b)))
#define OP_SUB(c, r, a, b) ((void)mpfi_sub((r), (a), (b)))
#define OP_MUL(c, r, a, b) ((void)mpfi_mul((r), (a), (b)))
#define OP_DIV(c, r, a, b) ((void)mpfi_div((r), (a), (b)))
#define OP_FMA(c, r, a, b, s) interval_fma((r), (a), (b), (s))
#define OP_NEG(c, r, a) ((void)mpfi_neg((r), (a)))
#define OP_SQRT(c, r, a) ((void)mpfi_sqrt((r), (a)))
#define OP_EXP(c, r, a) ((void)mpfi_exp((r), (a)))
#define OP_LOG(c, r, a) ((void)mpfi_log((r), (a)))
#define SET_D(c, r, d) ((void)mpfi_set_d((r), (d)))
#define IS_FINITE(a) (mpfi_bounded_p(a) != 0)
#define IS_NAN(a) (mpfi_nan_p(a) != 0)
#define IS_ZERO(a) (mpfi_is_zero(a) != 0)
#define REF(v) (v)
#define CVEC(v) ((mpfi_srcptr const *)(v))
#else
#error "define FP_TEMPLATE as FP_T_FLOAT, FP_T_DOUBLE, FP_T_MPFR, FP_T_MPFI or FP_T_EMU"
#endif
/* Values held in C floating types (float, double, the emulated formats in doubles): the
 * comparisons, tests and outputs are the language's own. */
#if FP_TEMPLATE == FP_T_FLOAT || FP_TEMPLATE == FP_T_DOUBLE || FP_TEMPLATE == FP_T_EMU ||          \
    FP_TEMPLATE == FP_T_RND
#define CMP(a, b) (((a) > (b)) - ((a) < (b)))
#define GET_D(a) ((double)(a))
#define IS_FINITE(a) (isfinite(a) != 0)
#define IS_NAN(a) (isnan(a) != 0)
#define IS_ZERO(a) (fpclassify(a) == FP_ZERO)
#define OUT_T NUM_T *
#define OUT_SET(c, out, v) (*(out) = (v))
#define OUT_AT(C, i) (&(C)[i])
#define COUT_T NUM_T *
#endif
#ifndef IS_MPFI
#define IS_MPFI 0
#endif
#ifndef IS_EMU
#define IS_EMU 0
#endif
#ifndef IS_RND
#define IS_RND 0
#endif
/* float and double: the machine's own arithmetic, OpenBLAS, loops written with operators */
#define IS_NATIVE (!IS_MPFR && !IS_MPFI && !IS_EMU)

/* A working value's address as a reduction output, and a vector as reduction input. */
#if IS_MPFI
#elif IS_MPFR
#define REF(v) (v)
#define CVEC(v) ((mpfr_srcptr const *)(v))
#else
#define REF(v) (&(v))
#define CVEC(v) ((const NUM_T *)(v))
#endif
