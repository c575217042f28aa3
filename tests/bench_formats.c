/* bench_formats.c - the emulated formats' cost against float (`make bench`), side by side:
 *   1. a sum of 10^7 terms (order seq): fp16 and bf16 against float, target <= 3x;
 *   2. k-means on 10^5 x 8 (k = 8, 20 iterations): fp16 and bf16 against float, per
 *      iteration (the formats converge in other numbers of iterations), target <= 3x.
 * Each row is the least time of 7 rounds, the precisions taking turns within a round, so a
 * busy machine slows them alike. Prints a table; exits 0 whatever the figures (the targets
 * are read, not asserted: this machine is shared). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dataset/dataset.h"
#include "workload/workload.h"

#define ROUNDS 7

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One run's seconds per unit of work: per run for sum, per iteration for k-means. */
static double run_once(const char *wl, const dataset *d, fp_precision p, unsigned *iters)
{
	wl_ctx w;
	wl_params prm = wl_params_default();
	wl_result r;
	double t;

	memset(&w, 0, sizeof w);
	w.prec = p;
	w.bits = 256;
	w.knobs = knobs_default();
	w.round_out.kind = w.round_inside.kind = MITIG_NONE;
	prm.kmeans.k = 8;
	prm.kmeans.max_iter = 20;
	t = now();
	if (workload_run(workload_find(wl), &w, &prm, d, &r) != FP_OK) {
		fprintf(stderr, "%s failed\n", wl);
		exit(1);
	}
	t = now() - t;
	*iters = r.iterations;
	wl_result_clear(&r);
	return *iters && strcmp(wl, "kmeans") == 0 ? t / *iters : t;
}

static void row(const char *title, const char *wl, const char *spec)
{
	static const fp_precision precs[] = {FP_FLOAT, FP_FP16, FP_BF16};
	double best[3] = {1e30, 1e30, 1e30};
	unsigned iters[3] = {0, 0, 0};
	dataset d;
	char err[256];

	if (gen_make(spec, &d, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	for (int round = 0; round < ROUNDS; round++)
		for (int q = 0; q < 3; q++) {
			double t = run_once(wl, &d, precs[q], &iters[q]);

			best[q] = t < best[q] ? t : best[q];
		}
	printf("%s\n", title);
	for (int q = 0; q < 3; q++)
		printf("  %-6s %10.4f s%s  %5.2fx float%s\n", knobs_precision_name(precs[q]),
		       best[q], strcmp(wl, "kmeans") == 0 ? "/it" : "   ", best[q] / best[0],
		       q && best[q] / best[0] > 3.0 ? "  (over the 3x target)" : "");
	if (strcmp(wl, "kmeans") == 0)
		printf("  iterations: float %u, fp16 %u, bf16 %u\n", iters[0], iters[1], iters[2]);
	dataset_clear(&d);
}

int main(void)
{
	printf("emulated formats against float (least of %d rounds, taking turns)\n", ROUNDS);
	row("sum of 10^7 uniform terms, order seq", "sum", "uniform:n=10000000,lo=-1,hi=1,seed=1");
	row("k-means 10^5 x 8, k = 8, default knobs, per iteration", "kmeans",
	    "blobs:n=100000,d=8,k=8,seed=1");
	return 0;
}
