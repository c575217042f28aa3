/* test_digits.c - the significant digits against known answers: the estimate from stochastic
 * rounding's samples (sigdig.h) beside the correct digits of the round-to-nearest run, which
 * the certified reference gives exactly, on ill-conditioned sums of known condition number,
 * the k-means study and the MLP study; the directed roundings bracketing exact sums; and a
 * condition number raised by 10^3 lowering the estimate by about 3 digits. The table goes to
 * standard error (the test log) and into the closing note of the issue. */
#include "config.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/precision.h"
#include "arith/prng.h"
#include "dataset/dataset.h"
#include "explore/knob.h"
#include "explore/runner.h"
#include "helpers.h"
#include "util/util.h"

/* The estimate never says more than 1.5 digits above what the nearest run has right; in the
 * cases the issue names, the two lie within 1.5 digits of each other. */
#define BAND 1.5

typedef struct digits_row {
	size_t outputs, within; /* outputs, and those with |correct - estimate| <= BAND */
	double most_over;       /* the largest estimate - correct */
	double most_under;      /* the largest correct - estimate */
	double first_correct, first_est;
} digits_row;

/* Run sc (one precision) under nearest and sr and compare, output by output. */
static digits_row compare(scenario *sc, const char *name)
{
	digits_row row = {0, 0, -(double)INFINITY, -(double)INFINITY, (double)NAN, (double)NAN};
	char err[256];
	report rep;

	cr_assert(scenario_set_knob(sc, KNOB_ROUNDING, "nearest,sr"));
	cr_assert_eq(runner_run(sc, &rep, err, sizeof err), 0, "%s", err);
	cr_assert_eq(rep.nvariants, 2);
	{
		size_t nprec = rep.nruns / rep.nvariants;
		const run_record *near = &rep.runs[0], *sr = &rep.runs[nprec];

		cr_assert_not_null(sr->sig, "%s: no samples", name);
		cr_assert_eq(sr->draws, sc->samples);
		for (size_t i = 0; i < near->res.nout; i++) {
			double correct = near->m[i].correct_bits * log10(2.0),
			       est = sr->sig[i].digits;

			cr_assert(!isnan(correct) && !isnan(est), "%s: output %zu", name, i);
			row.outputs++;
			row.within += fabs(correct - est) <= BAND;
			row.most_over = fmax(row.most_over, est - correct);
			row.most_under = fmax(row.most_under, correct - est);
			if (i == 0) {
				row.first_correct = correct;
				row.first_est = est;
			}
		}
		fprintf(
		    stderr,
		    "digits: %-36s %-6s outputs %3zu  within +-%.1f: %3zu  nearest correct %6.2f  "
		    "sr estimate %6.2f (first output)  worst: estimate above by %5.2f, below by "
		    "%5.2f\n",
		    name, precision_of(near->prec)->name, row.outputs, BAND, row.within,
		    row.first_correct, row.first_est, row.most_over, row.most_under);
	}
	report_clear(&rep);
	return row;
}

static void only(scenario *sc, fp_precision p)
{
	memset(sc->precision, 0, sizeof sc->precision);
	sc->precision[p] = true;
}

/* Sums of 1000 terms with condition numbers 10^3 .. 10^12 (the cancel generator: Ogita, Rump
 * and Oishi's GenSum), five data seeds each, in float and double: within the band in at least
 * 4 of 5 seeds of every condition number; and a condition number 10^3 times larger lowers the
 * estimate by 3 digits, give or take one. */
Test(digits, ill_conditioned_sums, .timeout = 120)
{
	const char *conds[] = {"1e3", "1e6", "1e9", "1e12"};
	double est[4][5];

	for (int prec = 0; prec < 2; prec++)
		for (size_t c = 0; c < 4; c++) {
			size_t within = 0;

			for (int seed = 1; seed <= 5; seed++) {
				char spec[96], err[256], name[128];
				dataset d;
				scenario sc;
				digits_row row;

				snprintf(spec, sizeof spec, "cancel:n=1000,cond=%s,seed=%d",
				         conds[c], seed);
				cr_assert_eq(gen_make(spec, &d, err, sizeof err), 0, "%s", err);
				scenario_init(&sc);
				sc.wl = workload_find("sum");
				sc.data = &d;
				only(&sc, prec ? FP_DOUBLE : FP_FLOAT);
				snprintf(name, sizeof name, "sum %s", spec);
				row = compare(&sc, name);
				within += row.within == row.outputs;
				cr_assert(row.most_over <= BAND,
				          "%s: the estimate says %.2f digits too many", name,
				          row.most_over);
				if (prec)
					est[c][seed - 1] = row.first_est;
				dataset_clear(&d);
			}
			cr_assert(within >= 4, "cond %s: within the band in %zu of 5 seeds",
			          conds[c], within);
		}
	for (size_t c = 1; c < 4; c++)
		for (int s = 0; s < 5; s++)
			cr_assert(fabs(est[c - 1][s] - est[c][s] - 3) <= 1,
			          "double, seed %d: cond %s -> %s lowers the estimate %.2f -> %.2f",
			          s + 1, conds[c - 1], conds[c], est[c - 1][s], est[c][s]);
}

/* The k-means study (blobs_1000x2.csv, 4 clusters): every center and the inertia within the
 * band, in float and double. */
Test(digits, kmeans_study, .timeout = 120)
{
	char path[512], err[256];
	dataset d;

	snprintf(path, sizeof path, "%s/data/blobs_1000x2.csv", FPDRIFT_SRCDIR);
	cr_assert_eq(csv_load(path, NULL, false, &d, err, sizeof err), 0, "%s", err);
	for (int prec = 0; prec < 2; prec++) {
		scenario sc;
		digits_row row;

		scenario_init(&sc);
		sc.wl = workload_find("kmeans");
		sc.data = &d;
		only(&sc, prec ? FP_DOUBLE : FP_FLOAT);
		row = compare(&sc, "kmeans blobs_1000x2.csv k=4");
		cr_assert_eq(row.within, row.outputs, "%zu of %zu outputs within the band",
		             row.within, row.outputs);
	}
	dataset_clear(&d);
}

/* The MLP study (its default data and 100 epochs): in double every loss and prediction within
 * the band. In float the estimate is conservative: stochastic rounding's samples spread as a
 * random walk over the epochs (50 ulps of the loss by the end), while round to nearest's
 * error stays within a few ulps of the exact training; the estimate stays below the correct
 * digits there (by up to about 2.2 digits), never above them by more than the band. */
Test(digits, mlp_study, .timeout = 120)
{
	char err[256];
	dataset d;

	cr_assert_eq(gen_make(workload_find("mlp")->default_data, &d, err, sizeof err), 0, "%s",
	             err);
	for (int prec = 0; prec < 2; prec++) {
		scenario sc;
		digits_row row;

		scenario_init(&sc);
		sc.wl = workload_find("mlp");
		sc.data = &d;
		only(&sc, prec ? FP_DOUBLE : FP_FLOAT);
		row = compare(&sc, "mlp (its default data, 100 epochs)");
		cr_assert(row.most_over <= BAND, "the estimate says %.2f digits too many",
		          row.most_over);
		if (prec)
			cr_assert_eq(row.within, row.outputs, "%zu of %zu outputs within the band",
			             row.within, row.outputs);
	}
	dataset_clear(&d);
}

/* The directed roundings bracket the exact sum and dot product of positive terms, in every
 * format: down <= exact <= up, and zero is down there. */
Test(digits, directed_modes_bracket_exact_sums, .timeout = 60)
{
	const fp_precision precs[] = {FP_FLOAT, FP_DOUBLE, FP_FP16, FP_BF16};
	const char *wls[] = {"sum", "dot"};
	char err[256], *csv = xmalloc(2000 * 64 + 16);
	size_t len = (size_t)sprintf(csv, "x,y\n");
	dataset d;
	prng g;

	prng_seed(&g, test_seed() + 31); /* 2000 rows of two terms in [0.001, 1) */
	for (int i = 0; i < 2000; i++)
		len += (size_t)sprintf(csv + len, "%.17g,%.17g\n", 0.001 + 0.999 * prng_uniform(&g),
		                       0.001 + 0.999 * prng_uniform(&g));
	cr_assert_eq(csv_load_buffer("positive.csv", csv, len, NULL, false, &d, err, sizeof err), 0,
	             "%s", err);
	free(csv);
	for (size_t w = 0; w < 2; w++)
		for (size_t p = 0; p < sizeof precs / sizeof precs[0]; p++) {
			scenario sc;
			report rep;

			scenario_init(&sc);
			sc.wl = workload_find(wls[w]);
			sc.data = &d;
			only(&sc, precs[p]);
			cr_assert(scenario_set_knob(&sc, KNOB_ROUNDING, "down,zero,up"));
			cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
			{
				mpfr_srcptr down = rep.runs[0].res.out[0].value,
				            zero = rep.runs[1].res.out[0].value,
				            up = rep.runs[2].res.out[0].value;
				const wl_output *exact = &rep.cert[precs[p]].out[0];

				cr_assert(rep.certified[precs[p]]);
				cr_assert(
				    mpfr_cmp(down, exact->raw) < 0 && mpfr_cmp(exact->raw, up) < 0,
				    "%s in %s: down %.17g, exact %.17g, up %.17g", wls[w],
				    precision_of(precs[p])->name, mpfr_get_d(down, MPFR_RNDN),
				    mpfr_get_d(exact->raw, MPFR_RNDN), mpfr_get_d(up, MPFR_RNDN));
				cr_assert(mpfr_equal_p(down, zero));
			}
			report_clear(&rep);
		}
	dataset_clear(&d);
}
