/* wl_template.h - helpers for workload templates; included inside each instantiation, after
 * arith/templates_on.h, so every function here exists once per precision (FN names). */

#include <stdlib.h>

#include "arith/mitig.h"
#include "arith/mvec.h"
#include "util/util.h"
#include "workload/workload.h"

/* Does the run accumulate its reductions in another format than its own (the accum knob)?
 * Then loops that inline a reduction (k-means' default-knob paths) give way to the kernels. */
#undef WL_MIXED
#if IS_EMU
#define WL_MIXED(w) (wl_accum(w) != NULL)
#else
#define WL_MIXED(w) ((void)(w), false)
#endif

/* A vector of n working values of the run's precision, all zero. */
static VEC_T FN(vec_new)(const wl_ctx *w, size_t n)
{
#if IS_MPFI
	return ivec_new(n, w->bits);
#elif IS_MPFR
	return mvec_new(n, w->bits);
#else
	(void)w;
	return xcalloc(n ? n : 1, sizeof(NUM_T));
#endif
}

static void FN(vec_free)(VEC_T v)
{
#if IS_MPFI
	ivec_free(v);
#elif IS_MPFR
	mvec_free(v);
#else
	free(v);
#endif
}

/* v = mitigation m of v, in the run's format. */
static fp_status FN(mitigate)(const wl_ctx *w, const mitig *m, NUM_T *v)
{
	(void)w;
#if IS_MPFI
	(void)m; /* a certified reference is the unmitigated computation */
	(void)v;
	return FP_OK;
#elif IS_MPFR
	return mitig_apply_m(m, *v, *v);
#elif IS_EMU
	return mitig_apply_fmt(w->emu, m, *v, v);
#else
	return FN(mitig_apply)(m, *v, v);
#endif
}

/* Add the run's value v as output d[i][j]. */
static void FN(output)(const wl_ctx *w, wl_result *r, const wl_output_desc *d, size_t i, size_t j,
                       NUM_T v)
{
	(void)w;
#if IS_EMU
	wl_result_add_e(r, d, i, j, v, w->emu);
#else
	FN(wl_result_add)(r, d, i, j, v);
#endif
}
