/* kmeans.c - the k-means workload: checks, initial centers, and kmeans_source.c per precision. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <unistd.h>

#include "arith/prng.h"
#include "util/util.h"
#include "workload/workload.h"

#define KM_WORKERS_MAX 8
#define KM_FILTER_K 64 /* the filter keeps k distances on the stack */
#define KM_CHUNK 256
#define KM_PARALLEL_MIN 4096 /* fewer points are not worth a thread */

/* How many workers assign n points: one per online core, up to KM_WORKERS_MAX. */
static size_t km_workers(size_t n, fp_kernel kernel)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	if (n < KM_PARALLEL_MIN || kernel == FP_KERNEL_BLAS || cores < 2)
		return 1;
	return cores > KM_WORKERS_MAX ? KM_WORKERS_MAX : (size_t)cores;
}

#define FP_TEMPLATE FP_T_FLOAT
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/kmeans_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_DOUBLE
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/kmeans_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_MPFR
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/kmeans_source.c"
#include "arith/templates_off.h"

static int check(const wl_params *p, const dataset *d, char *err, size_t errsize)
{
	if (p->k == 0) {
		snprintf(err, errsize, "-k: k must be at least 1");
		return DATA_EUSAGE;
	}
	if (p->k > d->rows) {
		snprintf(err, errsize, "-k: k = %zu is more than the %zu rows of %s", p->k, d->rows,
		         d->name);
		return DATA_EUSAGE;
	}
	if (p->max_iter == 0) {
		snprintf(err, errsize, "kmeans: at least one iteration is needed");
		return DATA_EUSAGE;
	}
	if (p->init == KM_INIT_FILE && (!p->init_centers || p->init_centers->rows != p->k ||
	                                p->init_centers->cols != d->cols)) {
		snprintf(err, errsize,
		         "--init: %s has %zu x %zu values; %zu x %zu centers are needed",
		         p->init_centers ? p->init_centers->name : "the file",
		         p->init_centers ? p->init_centers->rows : 0,
		         p->init_centers ? p->init_centers->cols : 0, p->k, d->cols);
		return DATA_EBAD;
	}
	return 0;
}

/* k-means++ seeding (Arthur and Vassilvitskii, "k-means++: the advantages of careful seeding",
 * SODA 2007): the first center uniformly, each next one with probability proportional to the
 * squared distance to the nearest chosen center. Done once, in double, so that every
 * precision starts from the same centers. */
static void plusplus(const dataset *d, size_t k, uint64_t seed, double *c)
{
	size_t n = d->rows, dim = d->cols;
	double *best = xmalloc(n * sizeof *best);
	prng p;

	prng_seed(&p, seed);
	memcpy(c, d->x + prng_below(&p, n) * dim, dim * sizeof *c);
	for (size_t i = 0; i < n; i++)
		best[i] = HUGE_VAL;
	for (size_t j = 1; j < k; j++) {
		double total = 0, u;
		size_t pick = n - 1;

		for (size_t i = 0; i < n; i++) {
			double s = 0;

			for (size_t m = 0; m < dim; m++) {
				double t = d->x[i * dim + m] - c[(j - 1) * dim + m];

				s += t * t;
			}
			best[i] = s < best[i] ? s : best[i];
			total += best[i];
		}
		u = prng_uniform(&p) * total;
		for (size_t i = 0; i < n; i++) {
			if (u < best[i]) {
				pick = i;
				break;
			}
			u -= best[i];
		}
		memcpy(c + j * dim, d->x + pick * dim, dim * sizeof *c);
	}
	free(best);
}

static fp_status run(const wl_ctx *w, const wl_params *p, const dataset *d, wl_result *r)
{
	double *init = xcalloc(p->k * d->cols, sizeof *init);
	fp_status st;

	if (p->init == KM_INIT_FIRST)
		memcpy(init, d->x, p->k * d->cols * sizeof *init);
	else if (p->init == KM_INIT_FILE)
		memcpy(init, p->init_centers->x, p->k * d->cols * sizeof *init);
	else
		plusplus(d, p->k, p->init_seed ^ w->seed, init);
	switch (w->prec) {
	case FP_FLOAT:
		st = kmeans_run_f(w, p, d, init, r);
		break;
	case FP_DOUBLE:
		st = kmeans_run_d(w, p, d, init, r);
		break;
	default:
		st = kmeans_run_m(w, p, d, init, r);
		break;
	}
	free(init);
	return st;
}

const workload workload_kmeans = {"kmeans", "Lloyd's k-means: centers, inertia, labels", "inertia",
                                  check, run};
