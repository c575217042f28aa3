/* bench_runner.c - the batch runner's performance targets (`make bench`), side by side:
 *   1. the grid float, double, mpfr-256 x order seq, pairwise, kahan, exact x threads 1, 2, 4 x
 *      fma off, on on blobs_1000x2 (k = 4), through the runner (reference included): < 2 s;
 *   2. k-means on 10^5 x 8 (k = 8, 20 iterations): MPFR-256 with exact reductions (the
 *      reference) against double: < 10 s, and the ratio. */
#include "config.h"

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
	if (workload_find("kmeans")->run(&w, &prm, d, &r) != FP_OK) {
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
	mpfr_free_cache();
	return 0;
}
