/* bench_runner.c - the batch runner's performance targets (`make bench`), side by side:
 *   1. the grid float, double, mpfr-256 x order seq, pairwise, kahan, exact x threads 1, 2, 4 x
 *      fma off, on on blobs_1000x2 (k = 4), through the runner (reference included): < 2 s;
 *   2. k-means on 10^5 x 8 (k = 8, 20 iterations): MPFR-256 with exact reductions (the
 *      reference) against double: < 10 s, and the ratio;
 *   3. the racy combine against ordered, same data and threads: <= 1.3x;
 *   4. k-means on 10^6 x 2 with --threads 2 ordered: 2 workers against 1 worker of the same
 *      partition, >= 1.7x on 2 cores, and the same bits. */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "dataset/dataset.h"
#include "explore/runner.h"
#include "workload/workload.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double time_kmeans(const dataset *d, fp_precision p, fp_order o)
{
	wl_ctx w;
	wl_params prm = wl_params_default();
	wl_result r;
	double t0;

	memset(&w, 0, sizeof w);
	w.prec = p;
	w.bits = 256;
	w.knobs = knobs_default();
	w.knobs.order = o;
	w.round_out.kind = w.round_inside.kind = MITIG_NONE;
	prm.kmeans.k = 8;
	prm.kmeans.max_iter = 20;
	t0 = now();
	if (workload_run(workload_find("kmeans"), &w, &prm, d, &r) != FP_OK) {
		fprintf(stderr, "kmeans failed\n");
		exit(1);
	}
	t0 = now() - t0;
	printf("  %-28s %8.3f s  (%u iterations)\n",
	       p == FP_MPFR     ? "mpfr-256, order=exact"
	       : p == FP_DOUBLE ? "double, order=seq"
	                        : "float",
	       t0, r.iterations);
	wl_result_clear(&r);
	return t0;
}

/* One double k-means run of d with threads T, combine cb, assigned on `workers` threads (0:
 * k-means' own choice); its wall time, the result in *r. */
static double km_run(const dataset *d, size_t k, unsigned iters, unsigned T, fp_combine cb,
                     unsigned workers, wl_result *r)
{
	wl_ctx w;
	wl_params prm = wl_params_default();
	double t0;

	memset(&w, 0, sizeof w);
	w.prec = FP_DOUBLE;
	w.knobs = knobs_default();
	w.knobs.threads = T;
	w.knobs.combine = cb;
	w.workers = workers;
	w.round_out.kind = w.round_inside.kind = MITIG_NONE;
	prm.kmeans.k = k;
	prm.kmeans.max_iter = iters;
	t0 = now();
	if (workload_run(workload_find("kmeans"), &w, &prm, d, r) != FP_OK) {
		fprintf(stderr, "kmeans failed\n");
		exit(1);
	}
	return now() - t0;
}

static bool same_bits(const wl_result *a, const wl_result *b)
{
	if (a->nout != b->nout || a->iterations != b->iterations)
		return false;
	for (size_t i = 0; i < a->nout; i++)
		if (!mpfr_equal_p(a->out[i].value, b->out[i].value))
			return false;
	return true;
}

/* Rows 3 and 4: the best of three runs each, alternated so that load on this shared machine
 * falls on both sides. */
static void threads_rows(void)
{
	static const struct {
		const char *spec;
		size_t k;
		unsigned T;
	} racy_cases[] = {
	    {"blobs:n=10000,d=2,k=3,seed=1", 3, 4},
	    {"blobs:n=10000,d=8,k=3,seed=1", 3, 8},
	    {"blobs:n=100000,d=4,k=4,seed=1", 4, 4},
	};
	char err[256];
	dataset d;
	wl_result a, b;

	printf(
	    "3. racy combine / ordered, same run (double k-means, best of 3)   target <= 1.3x\n");
	for (size_t c = 0; c < sizeof racy_cases / sizeof racy_cases[0]; c++) {
		double to = 1e30, tr = 1e30;

		if (gen_make(racy_cases[c].spec, &d, err, sizeof err)) {
			fprintf(stderr, "%s\n", err);
			exit(1);
		}
		for (int rep = 0; rep < 3; rep++) {
			double t = km_run(&d, racy_cases[c].k, 20, racy_cases[c].T,
			                  FP_COMBINE_ORDERED, 0, &a);

			to = t < to ? t : to;
			wl_result_clear(&a);
			t = km_run(&d, racy_cases[c].k, 20, racy_cases[c].T, FP_COMBINE_RACY, 0,
			           &b);
			tr = t < tr ? t : tr;
			wl_result_clear(&b);
		}
		printf("  %-32s threads %u: ordered %7.3f s, racy %7.3f s  %5.2fx\n",
		       racy_cases[c].spec, racy_cases[c].T, to, tr, tr / to);
		dataset_clear(&d);
	}
	if (gen_make("blobs:n=1000000,d=2,k=4,seed=1", &d, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	printf("\n4. k-means 10^6 x 2 (k=4, 10 iterations), --threads 2 ordered: 2 workers / 1 "
	       "worker\n   of the same partition (best of 3)   target >= 1.7x, same bits\n");
	{
		double t1 = 1e30, t2 = 1e30;
		bool same = true;

		for (int rep = 0; rep < 3; rep++) {
			double t = km_run(&d, 4, 10, 2, FP_COMBINE_ORDERED, 1, &a);

			t1 = t < t1 ? t : t1;
			t = km_run(&d, 4, 10, 2, FP_COMBINE_ORDERED, 2, &b);
			t2 = t < t2 ? t : t2;
			same = same && same_bits(&a, &b);
			wl_result_clear(&a);
			wl_result_clear(&b);
		}
		printf("  1 worker %7.3f s, 2 workers %7.3f s  speed-up %5.2fx  bits %s\n\n", t1,
		       t2, t1 / t2, same ? "identical" : "DIFFER");
	}
	dataset_clear(&d);
}

int main(void)
{
	dataset d, big;
	char err[256];
	scenario sc;
	report rep;
	double t0, tm, td;

	printf("machine: %ld online cores\n\n", sysconf(_SC_NPROCESSORS_ONLN));
	if (csv_load(FPDRIFT_SRCDATADIR "/blobs_1000x2.csv", NULL, false, &d, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	scenario_init(&sc);
	sc.wl = workload_find("kmeans");
	sc.data = &d;
	if (!scenario_set_knob(&sc, KNOB_ORDER, "seq,pairwise,kahan,exact") ||
	    !scenario_set_knob(&sc, KNOB_THREADS, "1,2,4") ||
	    !scenario_set_knob(&sc, KNOB_FMA, "off,on"))
		return 1;
	t0 = now();
	if (runner_run(&sc, &rep, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	t0 = now() - t0;
	printf(
	    "1. grid on blobs_1000x2 (k=4): 3 precisions x 4 orders x 3 thread counts x 2 fma\n");
	printf("  %zu runs and the reference  %8.3f s  (target < 2 s)\n\n", rep.nruns, t0);
	report_clear(&rep);

	if (gen_make("blobs:n=100000,d=8,k=8,seed=1", &big, err, sizeof err)) {
		fprintf(stderr, "%s\n", err);
		return 1;
	}
	printf("2. k-means on 10^5 x 8, k=8, 20 iterations at most\n");
	td = time_kmeans(&big, FP_DOUBLE, FP_ORDER_SEQ);
	tm = time_kmeans(&big, FP_MPFR, FP_ORDER_EXACT);
	printf("  mpfr-256 / double              %8.1fx   (target: mpfr-256 < 10 s)\n", tm / td);
	dataset_clear(&d);
	dataset_clear(&big);
	printf("\n");
	threads_rows();
	mpfr_free_cache();
	return 0;
}
