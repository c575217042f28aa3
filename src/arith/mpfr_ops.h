/* mpfr_ops.h - helpers of the MPFR instantiation of templated code. */
#ifndef FPDRIFT_MPFR_OPS_H
#define FPDRIFT_MPFR_OPS_H

#include <mpfr.h>

#include "arith/reduce.h"
#include "arith/rnd.h"

/* The vector types of templated code (templates_on.h's VEC_T). */
typedef float *fpvec_f;
typedef double *fpvec_d;
typedef double *fpvec_e;
typedef double *fpvec_r;
typedef mpfr_ptr *fpvec_m;

/* After an MPFR operation with ternary value t: when emulating a format, bring r into its
 * exponent range, subnormals and overflow rule (fmt_mpfr_round), whatever range the calling
 * thread has set: a workload's own operations run outside the kernels' emu_enter, and its
 * worker threads start with MPFR's default range. */
static inline void fp_mfix(fp_emulation emu, mpfr_ptr r, int t)
{
	if (emu != FP_EMU_NONE)
		fmt_mpfr_round(emu, r, t);
}

/* The same in the thread's rounding (rnd_mpfr): the MPFR instantiation's operations. */
static inline void fp_mfix_rnd(fp_emulation emu, mpfr_ptr r, int t)
{
	if (emu != FP_EMU_NONE)
		fmt_mpfr_round_mode(emu, r, t, rnd_mpfr());
}

#endif
