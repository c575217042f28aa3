/* bench_rounding.c - the rounding knob's cost in double against round to nearest (`make
 * bench`), side by side, one sample each:
 *   1. a sum of 10^7 terms (order seq): random and sr against nearest, target <= 4x;
 *   2. k-means on 10^5 x 8 (k = 8, 20 iterations), per iteration: the same target.
 * up (a directed mode) and mca:53 are shown too. Each row is the least time of 5 rounds, the
 * modes taking turns within a round, so a busy machine slows them alike. Prints a table;
 * exits 0 whatever the figures (the targets are read, not asserted: this machine is shared).
 * Verrou's random rounding costs 10-20x (its documentation), the anchor to beat. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dataset/dataset.h"
#include "workload/workload.h"

#define ROUNDS 5

static const fp_rounding modes[] = {FP_ROUNDING_NEAREST, FP_ROUNDING_RANDOM, FP_ROUNDING_SR,
                                    FP_ROUNDING_UP, FP_ROUNDING_MCA};
#define NMODES (sizeof modes / sizeof modes[0])

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* One sample's seconds: per run for sum, per iteration for k-means. */
static double run_once(const char *wl, const dataset *d, fp_rounding mode, unsigned *iters)
{
	wl_ctx w;
	wl_params prm = wl_params_default();
	wl_result r;
	double t;

	memset(&w, 0, sizeof w);
	w.prec = FP_DOUBLE;
	w.bits = 256;
	w.knobs = knobs_default();
	w.knobs.rounding = mode;
	w.knobs.mca_t = 53;
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
	double best[NMODES];
	unsigned iters[NMODES];
	dataset d;
	char err[256];

	if (gen_make(spec, &d, err, sizeof err) != 0) {
		fprintf(stderr, "%s\n", err);
		exit(1);
	}
	for (size_t q = 0; q < NMODES; q++)
		best[q] = 1e30;
	for (int round = 0; round < ROUNDS; round++)
		for (size_t q = 0; q < NMODES; q++) {
			double t = run_once(wl, &d, modes[q], &iters[q]);

			best[q] = t < best[q] ? t : best[q];
		}
	printf("%s\n", title);
	for (size_t q = 0; q < NMODES; q++) {
		const bool target = modes[q] == FP_ROUNDING_RANDOM || modes[q] == FP_ROUNDING_SR;

		printf("  %-8s %10.4f s%s  %5.2fx nearest%s\n",
		       modes[q] == FP_ROUNDING_MCA ? "mca:53" : knobs_rounding_name(modes[q]),
		       best[q], strcmp(wl, "kmeans") == 0 ? "/it" : "   ", best[q] / best[0],
		       target && best[q] / best[0] > 4.0 ? "  (over the 4x target)" : "");
	}
	if (strcmp(wl, "kmeans") == 0) {
		printf("  iterations:");
		for (size_t q = 0; q < NMODES; q++)
			printf(" %u", iters[q]);
		printf("\n");
	}
	dataset_clear(&d);
}

int main(void)
{
	printf("double under each rounding against round to nearest, one sample (least of %d "
	       "rounds, taking turns)\n",
	       ROUNDS);
	row("sum of 10^7 uniform terms, order seq", "sum", "uniform:n=10000000,lo=-1,hi=1,seed=1");
	row("k-means 10^5 x 8, k = 8, default knobs, per iteration", "kmeans",
	    "blobs:n=100000,d=8,k=8,seed=1");
	return 0;
}
