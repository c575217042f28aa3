/* kmeans.c - the k-means workload: checks, initial centers, and kmeans_source.c per precision. */
#include "config.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pthread.h>
#include <unistd.h>

#include "arith/exact.h"
#include "arith/precision.h"
#include "arith/prng.h"
#include "arith/seq1.h"
#include "arith/team.h"
#include "util/util.h"
#include "workload/kmeans_sklearn.h"
#include "workload/workload.h"

#define KM_WORKERS_MAX 8
#define KM_FILTER_K 64        /* the filter keeps k distances on the stack */
#define KM_FILTER_DIM 1048576 /* and its bound's slack holds for fewer dimensions */
#define KM_CHUNK 256
#define KM_PARALLEL_MIN 4096 /* fewer points are not worth a thread */

/* How many workers assign n points: the run's threads, no more than the online cores and
 * KM_WORKERS_MAX; 1 (the run's own thread) for --threads 1, few points, or kernel=blas
 * (OpenBLAS's thread setting is process-wide, so its gemm runs on one caller). */
static size_t km_workers(size_t n, fp_kernel kernel, unsigned threads)
{
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t most = cores > KM_WORKERS_MAX ? KM_WORKERS_MAX : cores < 1 ? 1 : (size_t)cores;

	if (n < KM_PARALLEL_MIN || kernel == FP_KERNEL_BLAS || threads <= 1)
		return 1;
	return threads < most ? threads : most;
}

/* The precisions scikit-learn computes in, so the mimic's: float and double. The others run
 * fpdrift's own Lloyd with scikit-learn's initial centers. */
#define KM_MIMICKED(prec) ((prec) == FP_FLOAT || (prec) == FP_DOUBLE)

/* The outputs: the centers, then the inertia. */
enum { KM_OUT_CENTER, KM_OUT_INERTIA };
static const wl_output_desc km_outputs[] = {
    [KM_OUT_CENTER] = {"center", WL_MATRIX, WL_ROLE_CENTERS},
    [KM_OUT_INERTIA] = {"inertia", WL_SCALAR, WL_ROLE_PLAIN},
    {NULL, WL_SCALAR, WL_ROLE_PLAIN},
};

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

#define FP_TEMPLATE FP_T_EMU
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/kmeans_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_RND
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/kmeans_source.c"
#include "arith/templates_off.h"

static int check(const wl_params *p, const dataset *d, char *err, size_t errsize)
{
	if (p->kmeans.k == 0) {
		snprintf(err, errsize, "-k: k must be at least 1");
		return DATA_EUSAGE;
	}
	if (p->kmeans.k > d->rows) {
		snprintf(err, errsize, "-k: k = %zu is more than the %zu rows of %s", p->kmeans.k,
		         d->rows, d->name);
		return DATA_EUSAGE;
	}
	if (p->kmeans.max_iter == 0) {
		snprintf(err, errsize, "kmeans: at least one iteration is needed");
		return DATA_EUSAGE;
	}
	if (p->kmeans.init == KM_INIT_FILE &&
	    (!p->kmeans.init_centers || p->kmeans.init_centers->rows != p->kmeans.k ||
	     p->kmeans.init_centers->cols != d->cols)) {
		snprintf(err, errsize,
		         "--init: %s has %zu x %zu values; %zu x %zu centers are needed",
		         p->kmeans.init_centers ? p->kmeans.init_centers->name : "the file",
		         p->kmeans.init_centers ? p->kmeans.init_centers->rows : 0,
		         p->kmeans.init_centers ? p->kmeans.init_centers->cols : 0, p->kmeans.k,
		         d->cols);
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

/* The working memory of a run (workload.h's work_bytes), from the allocations of
 * kmeans_source.c: the labels and the update's order; the inertia's distances; the update's
 * gathered members (the reference's as doubles), MPFR's filter norms, float's rounded copy of the
 * data (double reads the data set's array, MPFR converts rows as it goes); scikit-learn's k-means++
 * holds a double copy of the data and its trials' distances while it draws. The mimic keeps its
 * data in its format with a second array as large. */
static double work_bytes(const wl_params *p, const dataset *d, fp_precision prec, const fp_knobs *k,
                         double vb, bool reference)
{
	const double n = (double)d->rows, cells = n * (double)d->cols;
	const double trials = 2.0 + floor(log((double)p->kmeans.k));
	double b = n * (double)(sizeof(int) + sizeof(size_t));

	(void)k;

	if (p->kmeans.init == KM_INIT_SKLEARN)
		b += (cells + n * (3.0 + 2.0 * trials)) * (double)sizeof(double);
	if (p->kmeans.mimic == KM_MIMIC_SKLEARN && (prec == FP_FLOAT || prec == FP_DOUBLE))
		return b + 2.0 * cells * vb;
	b += n * vb + n * (reference ? (double)sizeof(double) : vb);
	if (prec == FP_MPFR)
		b += n * (double)sizeof(double); /* the filter's norms */
	if (prec == FP_FLOAT || precision_emulated(prec))
		b += cells * vb;
	return b;
}

static fp_status run(const wl_ctx *w, const wl_params *p, const dataset *d, wl_result *r)
{
	double *init = xcalloc(p->kmeans.k * d->cols, sizeof *init);
	fp_status st;

	if (p->kmeans.init == KM_INIT_FIRST)
		memcpy(init, d->x, p->kmeans.k * d->cols * sizeof *init);
	else if (p->kmeans.init == KM_INIT_SKLEARN &&
	         !(p->kmeans.mimic == KM_MIMIC_SKLEARN && KM_MIMICKED(w->prec)))
		kmeans_sklearn_init(p, d, init);
	else if (p->kmeans.init == KM_INIT_SKLEARN)
		; /* the mimic draws its own, in its precision, n_init times */
	else if (p->kmeans.init == KM_INIT_FILE)
		memcpy(init, p->kmeans.init_centers->x, p->kmeans.k * d->cols * sizeof *init);
	else
		plusplus(d, p->kmeans.k, p->kmeans.init_seed ^ w->seed, init);
	if (p->kmeans.mimic == KM_MIMIC_SKLEARN && KM_MIMICKED(w->prec)) {
		st = kmeans_sklearn_run(w, p, d, init, &km_outputs[KM_OUT_CENTER],
		                        &km_outputs[KM_OUT_INERTIA], r);
		free(init);
		return st;
	}
	if (wl_runs_rounded(w)) {
		wl_ctx e = wl_emu_ctx(w);

		st = kmeans_run_r(&e, p, d, init, r);
		free(init);
		return st;
	} else if (wl_runs_emulated(w)) {
		wl_ctx e = wl_emu_ctx(w);

		st = kmeans_run_e(&e, p, d, init, r);
		free(init);
		return st;
	}
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

/* The certified reference (workload.h). With the reference run's final labels, center j is
 * the mean of its cluster's input doubles, S_jm / n_j for each coordinate m, and the inertia,
 * the sum of squared distances to those centers, is sum_j sum_m (Q_jm - S_jm^2 / n_j) with
 * Q_jm the sum of the squared coordinates. S and Q come exactly from the exact accumulator
 * (the squares as exact products), so every output is an exact rational, rounded once to
 * the run's format (precision_round_q). The centers of a run are the means of its final
 * labels (kmeans_source.c), so this is the exact result of the same computation. It cannot
 * be given when an input is not finite, or when a cluster is empty: its center is then
 * left from an earlier partition, which the final labels do not tell. */
static bool certify(const wl_ctx *w, const wl_params *p, const dataset *d, const wl_result *ref,
                    wl_result *r)
{
	const size_t n = d->rows, dim = d->cols, k = p->kmeans.k;
	size_t *count = xcalloc(k, sizeof *count), *start = xcalloc(k + 1, sizeof *start);
	size_t *order = xmalloc((n ? n : 1) * sizeof *order);
	double *col = xmalloc((n ? n : 1) * sizeof *col);
	exact_acc *a = exact_new();
	mpq_t s, q, inertia, t;
	mpfr_t v, acc;
	bool ok = true;

	memset(r, 0, sizeof *r);
	for (size_t i = 0; i < n * dim && ok; i++)
		ok = isfinite(d->x[i]);
	if (!ok)
		snprintf(r->note, sizeof r->note, "uncertified: an input is not finite");
	if (ok && (!ref->labels || ref->nlabels != n)) {
		snprintf(r->note, sizeof r->note, "uncertified: the reference has no labels");
		ok = false;
	}
	for (size_t i = 0; i < n && ok; i++)
		count[ref->labels[i]]++;
	for (size_t j = 0; j < k && ok; j++)
		if (!count[j]) {
			snprintf(r->note, sizeof r->note,
			         "uncertified: cluster %zu is empty in the reference", j);
			ok = false;
		}
	mpq_inits(s, q, inertia, t, NULL);
	mpfr_init2(v, precision_bits(w->prec, w->bits));
	mpfr_init2(acc, 2 * precision_bits(w->prec, w->bits) + 64);
	if (ok) { /* the members of each cluster together: a counting sort by label */
		for (size_t j = 1; j <= k; j++)
			start[j] = start[j - 1] + count[j - 1];
		memcpy(count, start, k * sizeof *count);
		for (size_t i = 0; i < n; i++)
			order[count[ref->labels[i]]++] = i;
	}
	for (size_t j = 0; j < k && ok; j++)
		for (size_t m = 0; m < dim; m++) {
			size_t c = start[j + 1] - start[j];

			for (size_t i = 0; i < c; i++)
				col[i] = d->x[order[start[j] + i] * dim + m];
			exact_reset(a);
			exact_add_doubles(a, col, c);
			exact_get_q(a, s); /* finite: every input is */
			exact_reset(a);
			exact_add_products_d(a, col, col, c);
			exact_get_q(a, q);
			mpq_set_ui(t, (unsigned long)c, 1);
			mpq_div(s, s, t); /* the mean */
			precision_round_q(w->prec, s, v);
			mpfr_set_q(acc, s, MPFR_RNDN);
			wl_result_add_exact(r, &km_outputs[KM_OUT_CENTER], j, m, v, acc);
			/* Q - S^2 / n = Q - n mean^2 */
			mpq_mul(s, s, s);
			mpq_mul(s, s, t);
			mpq_sub(q, q, s);
			mpq_add(inertia, inertia, q);
		}
	if (ok) {
		precision_round_q(w->prec, inertia, v);
		mpfr_set_q(acc, inertia, MPFR_RNDN);
		wl_result_add_exact(r, &km_outputs[KM_OUT_INERTIA], 0, 0, v, acc);
		r->iterations = ref->iterations;
	}
	mpfr_clears(v, acc, (mpfr_ptr)0);
	mpq_clears(s, q, inertia, t, NULL);
	exact_free(a);
	free(col);
	free(order);
	free(start);
	free(count);
	return ok;
}

/* ---- the parameter table -------------------------------------------------------------------- */

static bool k_parse(const char *s, wl_params *p)
{
	uint64_t u;

	if (!wl_parse_uint(s, 0, 1000000, &u))
		return false;
	p->kmeans.k = (size_t)u;
	return true;
}

static void k_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%zu", p->kmeans.k);
}

static bool init_parse(const char *s, wl_params *p)
{
	static const char plusplus_prefix[] = "kmeans++:";
	uint64_t u;

	if (strcmp(s, "first") == 0) {
		p->kmeans.init = KM_INIT_FIRST;
	} else if (strcmp(s, "k-means++") == 0) {
		p->kmeans.init = KM_INIT_SKLEARN;
	} else if (strncmp(s, plusplus_prefix, sizeof plusplus_prefix - 1) == 0) {
		if (!wl_parse_uint(s + sizeof plusplus_prefix - 1, 0, UINT64_MAX, &u))
			return false;
		p->kmeans.init = KM_INIT_PLUSPLUS;
		p->kmeans.init_seed = u;
	} else if (*s) {
		p->kmeans.init = KM_INIT_FILE;
		p->kmeans.init_file = s;
	} else {
		return false;
	}
	return true;
}

static void init_format(const wl_params *p, char *buf, size_t size)
{
	if (p->kmeans.init == KM_INIT_PLUSPLUS)
		snprintf(buf, size, "kmeans++:%llu", (unsigned long long)p->kmeans.init_seed);
	else
		snprintf(buf, size, "%s",
		         p->kmeans.init == KM_INIT_FIRST     ? "first"
		         : p->kmeans.init == KM_INIT_SKLEARN ? "k-means++"
		                                             : "file");
}

static bool random_state_parse(const char *s, wl_params *p)
{
	uint64_t u;

	if (!wl_parse_uint(s, 0, UINT32_MAX, &u))
		return false;
	p->kmeans.random_state = (uint32_t)u;
	return true;
}

static void random_state_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%lu", (unsigned long)p->kmeans.random_state);
}

static bool n_init_parse(const char *s, wl_params *p)
{
	uint64_t u;

	if (!wl_parse_uint(s, 1, 1000, &u))
		return false;
	p->kmeans.n_init = (unsigned)u;
	return true;
}

static void n_init_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%u", p->kmeans.n_init);
}

static bool distance_parse(const char *s, wl_params *p)
{
	if (strcmp(s, "direct") != 0 && strcmp(s, "expanded") != 0)
		return false;
	p->kmeans.distance = strcmp(s, "direct") == 0 ? KM_DIST_DIRECT : KM_DIST_EXPANDED;
	return true;
}

static void distance_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%s", p->kmeans.distance == KM_DIST_DIRECT ? "direct" : "expanded");
}

static bool max_iter_parse(const char *s, wl_params *p)
{
	uint64_t u;

	if (!wl_parse_uint(s, 1, 1000000, &u))
		return false;
	p->kmeans.max_iter = (unsigned)u;
	return true;
}

static void max_iter_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%u", p->kmeans.max_iter);
}

static bool mimic_parse(const char *s, wl_params *p)
{
	if (strcmp(s, "none") == 0)
		p->kmeans.mimic = KM_MIMIC_NONE;
	else if (strcmp(s, "sklearn-1.2") == 0 || strcmp(s, "sklearn") == 0)
		p->kmeans.mimic = KM_MIMIC_SKLEARN;
	else
		return false;
	return true;
}

static void mimic_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%s", p->kmeans.mimic == KM_MIMIC_SKLEARN ? "sklearn-1.2" : "none");
}

static bool tol_parse(const char *s, wl_params *p)
{
	return wl_parse_real(s, 0.0, 1e300, &p->kmeans.tol);
}

static void tol_format(const wl_params *p, char *buf, size_t size)
{
	if (isnan(p->kmeans.tol))
		snprintf(buf, size, "%s", p->kmeans.mimic == KM_MIMIC_SKLEARN ? "0.0001" : "0");
	else
		snprintf(buf, size, "%.17g", p->kmeans.tol);
}

static const wl_param km_params_table[] = {
    {"k", "N", "clusters (4)", "a whole number from 0 to 1000000", WL_PARAM_INTEGER, k_parse,
     k_format},
    {"init", "I",
     "first | kmeans++:SEED | k-means++ (scikit-learn's, from\n"
     "--random-state, best of --n-init) | FILE of k centers (first)",
     "first, kmeans++:SEED with a whole-number seed, k-means++, or a file", WL_PARAM_STRING,
     init_parse, init_format},
    {"random-state", "R", "with --init k-means++: KMeans(random_state=R) (0)",
     "a whole number from 0 to 4294967295", WL_PARAM_INTEGER, random_state_parse,
     random_state_format},
    {"n-init", "N", "with --init k-means++: KMeans(n_init=N) (10)", "a whole number from 1 to 1000",
     WL_PARAM_INTEGER, n_init_parse, n_init_format},
    {"distance", "D", "direct | expanded (direct)", "direct or expanded", WL_PARAM_STRING,
     distance_parse, distance_format},
    {"max-iter", "N", "iterations at most (300)", "a whole number from 1 to 1000000",
     WL_PARAM_INTEGER, max_iter_parse, max_iter_format},
    {"mimic", "M",
     "none | sklearn-1.2: float and double runs compute as\n"
     "scikit-learn 1.2's KMeans, --threads its OpenMP threads (none)",
     "none or sklearn-1.2", WL_PARAM_STRING, mimic_parse, mimic_format},
    {"tol", "X", "with --mimic: KMeans(tol=X) (0.0001)", "a number, 0 or more", WL_PARAM_REAL,
     tol_parse, tol_format},
    {NULL, NULL, NULL, NULL, WL_PARAM_STRING, NULL, NULL},
};

/* --mimic sklearn-1.2 computes float and double runs as scikit-learn; MPFR stays fpdrift's. */
static bool km_mimics(const wl_params *p, fp_precision prec)
{
	return p->kmeans.mimic == KM_MIMIC_SKLEARN && KM_MIMICKED(prec);
}

/* Only the expanded distance hands products to OpenBLAS (gemm, and the centers' norms). */
static bool km_uses_blas(const wl_params *p)
{
	return p->kmeans.distance == KM_DIST_EXPANDED;
}

/* A few iterations with at most 8 clusters: the distances cost rows x k per iteration, the
 * update rows; a full run does between one iteration and max_iter of them (Lloyd stops when
 * the labels settle, which only running tells). */
static void km_pilot(const wl_params *full, size_t rows, size_t pilot_rows, wl_params *pilot,
                     double *lo, double *hi, double grow[3])
{
	size_t k = full->kmeans.k < 8 ? full->kmeans.k : 8;

	(void)rows;
	*pilot = *full;
	if (k > pilot_rows)
		k = pilot_rows;
	pilot->kmeans.k = k;
	pilot->kmeans.max_iter = full->kmeans.max_iter < 4 ? full->kmeans.max_iter : 4;
	if (pilot->kmeans.init == KM_INIT_FILE)
		pilot->kmeans.init = KM_INIT_FIRST; /* a file holds k centers, not the pilot's */
	*lo = (double)full->kmeans.k / (double)k;
	*hi = *lo * (double)full->kmeans.max_iter;
	grow[WL_ROLE_PLAIN] = 1.0;
	grow[WL_ROLE_CENTERS] = *lo;
	grow[WL_ROLE_CURVE] = 1.0;
}

const workload workload_kmeans = {
    .name = "kmeans",
    .summary = "Lloyd's k-means: centers, inertia, labels",
    .default_data = "blobs_1000x2.csv",
    .explore_data = "blobs_1000x2.csv",
    .params = km_params_table,
    .outputs = km_outputs,
    .final_metric = &km_outputs[KM_OUT_INERTIA],
    .products = true,
    .uses_blas = km_uses_blas,
    .mimics = km_mimics,
    .mimic_name = "scikit-learn 1.2's KMeans",
    .certify = certify,
    .pilot = km_pilot,
    .work_bytes = work_bytes,
    .check = check,
    .run = run,
};
