/* mpfr_ops.h - helpers of the MPFR instantiation of templated code. */
#ifndef FPDRIFT_MPFR_OPS_H
#define FPDRIFT_MPFR_OPS_H

#include <mpfr.h>

#include "arith/reduce.h"

/* The vector types of templated code (templates_on.h's VEC_T). */
typedef float *fpvec_f;
typedef double *fpvec_d;
typedef double *fpvec_e;
typedef mpfr_ptr *fpvec_m;

/* After an MPFR operation with ternary value t: when emulating an IEEE format, round r to its
 * subnormals and apply its overflow rule (the exponent range is set by the caller, reduce.h). */
static inline void fp_mfix(fp_emulation emu, mpfr_ptr r, int t)
{
	if (emu != FP_EMU_NONE)
		fmt_mpfr_fix(emu, r, t);
}

#endif
