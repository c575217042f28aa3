/* kmeans_sklearn.c - scikit-learn 1.2's k-means, in float and double (kmeans_sklearn.h). */
#include "config.h"

#include "workload/kmeans_sklearn.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/blas.h"
#include "arith/prng.h"
#include "arith/reduce.h"
#include "util/util.h"

#define SK_CHUNK 256 /* sklearn/cluster/_k_means_common.pyx: CHUNK_SIZE */

typedef struct sk_fit {
	unsigned threads; /* OpenMP threads */
	bool racy;        /* the lock order drawn from seed, else thread order */
	uint64_t seed;
	double tol; /* KMeans(tol=): relative to the mean variance of the columns */
	unsigned max_iter;
} sk_fit;

#define SK_T float
#define SK_GEMM blas_gemm_scaled_f
#define SK_REDUCE reduce_sum_f
#define SK_ADD wl_result_add_f
#define SKFN(name) name##_f
#include "workload/kmeans_sklearn_source.c"
#undef SK_T
#undef SK_GEMM
#undef SK_REDUCE
#undef SK_ADD
#undef SKFN

#define SK_T double
#define SK_GEMM blas_gemm_scaled_d
#define SK_REDUCE reduce_sum_d
#define SK_ADD wl_result_add_d
#define SKFN(name) name##_d
#include "workload/kmeans_sklearn_source.c"
#undef SK_T
#undef SK_GEMM
#undef SK_REDUCE
#undef SK_ADD
#undef SKFN

fp_status kmeans_sklearn_run(const wl_ctx *w, const wl_params *p, const dataset *d,
                             const double *init, const wl_output_desc *center,
                             const wl_output_desc *inertia, wl_result *r)
{
	const size_t n = d->rows, k = p->kmeans.k;
	uint64_t mix = w->seed ^ (0x9e3779b97f4a7c15u * ((uint64_t)w->draw + 1));
	sk_fit f = {w->knobs.threads, w->knobs.combine == FP_COMBINE_RACY, prng_splitmix64(&mix),
	            isnan(p->kmeans.tol) ? 1e-4 : p->kmeans.tol, p->kmeans.max_iter};
	int *labels = xmalloc((n ? n : 1) * sizeof *labels);
	unsigned iters = 0;

	memset(r, 0, sizeof *r);
	if (w->prec == FP_FLOAT)
		fit_outputs_f(&f, d, init, k, center, inertia, labels, &iters, r);
	else
		fit_outputs_d(&f, d, init, k, center, inertia, labels, &iters, r);
	r->iterations = iters;
	r->labels = labels;
	r->nlabels = n;
	return wl_result_round(w, r);
}
