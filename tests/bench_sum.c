/* bench_sum.c - ns per element for summing 10^7 doubles in each order, and the MPFR-256
 * reference paths, side by side in one run (`make bench`); then the exact sum of 10^4 of them
 * against the plain loop, where a fixed cost per call would show.
 *
 * Rounds run every method once, in turn, so a noisy neighbour slows all of them alike; the
 * table shows the median over rounds of ns/element and of the ratio to seq within the same
 * round. The MPFR rows sum the first 10^6 of the terms (the per-element cost is what counts).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arith/prng.h"
#include "arith/reduce.h"
#include "util/util.h"

#define N 10000000
#define N_MPFR 1000000
#define N_SHORT 10000 /* the short sums: REPS calls on consecutive slices */
#define REPS 1000
#define ROUNDS 7

typedef struct method {
	const char *name;
	fp_order order;
	unsigned lanes;
	int mpfr; /* 0 double, 1 mpfr seq, 2 mpfr exact */
	double ns[ROUNDS], ratio[ROUNDS];
	double result;
} method;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double median(const double *v, int n)
{
	double t[ROUNDS];

	memcpy(t, v, (size_t)n * sizeof *t);
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	return t[n / 2];
}

int main(int argc, char **argv)
{
	method m[] = {
	    {"seq", FP_ORDER_SEQ, 1, 0, {0}, {0}, 0},
	    {"pairwise", FP_ORDER_PAIRWISE, 1, 0, {0}, {0}, 0},
	    {"kahan", FP_ORDER_KAHAN, 1, 0, {0}, {0}, 0},
	    {"neumaier", FP_ORDER_NEUMAIER, 1, 0, {0}, {0}, 0},
	    {"seq lanes=8", FP_ORDER_SEQ, 8, 0, {0}, {0}, 0},
	    {"exact", FP_ORDER_EXACT, 1, 0, {0}, {0}, 0},
	    {"mpfr-256 seq", FP_ORDER_SEQ, 1, 1, {0}, {0}, 0},
	    {"mpfr-256 exact", FP_ORDER_EXACT, 1, 2, {0}, {0}, 0},
	};
	const int nm = (int)(sizeof m / sizeof m[0]);
	double *x = xmalloc(N * sizeof *x);
	__mpfr_struct *xm = xmalloc(N_MPFR * sizeof *xm);
	mpfr_srcptr *pm = xmalloc(N_MPFR * sizeof *pm);
	int rounds = argc > 1 ? atoi(argv[1]) : ROUNDS;
	mpfr_t out;
	prng p;

	if (rounds < 1 || rounds > ROUNDS)
		rounds = ROUNDS;
	prng_seed(&p, 1);
	for (size_t i = 0; i < N; i++)
		x[i] = prng_uniform(&p) * 2.0 - 1.0;
	for (size_t i = 0; i < N_MPFR; i++) {
		mpfr_init2(&xm[i], 53);
		mpfr_set_d(&xm[i], x[i], MPFR_RNDN);
		pm[i] = &xm[i];
	}
	mpfr_init2(out, 256);
	for (int r = 0; r < rounds; r++) {
		for (int k = 0; k < nm; k++) {
			fp_knobs kn = knobs_default();
			reduce_ctx *c;
			double t0, t1;
			size_t n = m[k].mpfr ? N_MPFR : N;

			kn.order = m[k].order;
			kn.lanes = m[k].lanes;
			c = reduce_new(&kn, 256, FP_EMU_NONE, NULL);
			t0 = now();
			if (m[k].mpfr)
				reduce_sum_m(c, pm, n, out);
			else
				reduce_sum_d(c, x, n, &m[k].result);
			t1 = now();
			if (m[k].mpfr)
				m[k].result = mpfr_get_d(out, MPFR_RNDN);
			m[k].ns[r] = (t1 - t0) / (double)n;
			reduce_free(c);
		}
		for (int k = 0; k < nm; k++)
			m[k].ratio[r] = m[k].ns[r] / m[0].ns[r];
	}
	printf("summing %d doubles uniform in [-1, 1) (MPFR rows: the first %d), median of %d "
	       "rounds\n\n",
	       N, N_MPFR, rounds);
	printf("%-16s %12s %12s %14s  %s\n", "order", "ns/element", "min ns/elt", "ratio to seq",
	       "result");
	for (int k = 0; k < nm; k++) {
		double lo = m[k].ns[0];

		for (int r = 1; r < rounds; r++)
			lo = m[k].ns[r] < lo ? m[k].ns[r] : lo;
		printf("%-16s %12.3f %12.3f %13.2fx  %.17g\n", m[k].name, median(m[k].ns, rounds),
		       lo, median(m[k].ratio, rounds), m[k].result);
	}
	/* 10^4 terms per call, the reduce context kept between calls as a workload keeps it */
	{
		double ns[2][ROUNDS], ratio[ROUNDS], res[2] = {0, 0};
		const fp_order ord[2] = {FP_ORDER_SEQ, FP_ORDER_EXACT};

		for (int r = 0; r < rounds; r++) {
			for (int k = 0; k < 2; k++) {
				fp_knobs kn = knobs_default();
				reduce_ctx *c;
				double t0, t1;

				kn.order = ord[k];
				c = reduce_new(&kn, 256, FP_EMU_NONE, NULL);
				t0 = now();
				for (size_t q = 0; q < REPS; q++) {
					double s;

					reduce_sum_d(c, x + q * N_SHORT, N_SHORT, &s);
					res[k] += s;
				}
				t1 = now();
				ns[k][r] = (t1 - t0) / ((double)N_SHORT * REPS);
				reduce_free(c);
			}
			ratio[r] = ns[1][r] / ns[0][r];
		}
		printf(
		    "\nsumming %d doubles per call, %d calls (the first %d of the terms), median "
		    "of %d rounds\n\n",
		    N_SHORT, REPS, N_SHORT * REPS, rounds);
		printf("%-16s %12s %14s  %s\n", "order", "ns/element", "ratio to seq",
		       "sum of the results");
		printf("%-16s %12.3f %13.2fx  %.17g\n", "seq", median(ns[0], rounds), 1.0, res[0]);
		printf("%-16s %12.3f %13.2fx  %.17g\n", "exact", median(ns[1], rounds),
		       median(ratio, rounds), res[1]);
	}
	for (size_t i = 0; i < N_MPFR; i++)
		mpfr_clear(&xm[i]);
	mpfr_clear(out);
	free(xm);
	free(pm);
	free(x);
	mpfr_free_cache();
	return 0;
}
