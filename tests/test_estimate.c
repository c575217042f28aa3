/* test_estimate.c - the resource estimate: what it counts, how it scales, its verdicts. */
#include "config.h"

#include <criterion/criterion.h>
#include <math.h>
#include <string.h>

#include "arith/mvec.h"
#include "explore/estimate.h"
#include "helpers.h"
#include "explore/knob.h"
#include "explore/runner.h"
#include "util/util.h"

/* The runs counted are the runs runner_run makes: per precision, every grid point once and a
 * racy one (threads > 1) RUNNER_DRAWS times, then every grid point once per repeat seed; and
 * the reference once. Here: 2 precisions x (1 + 1 + 1 + 5) + 2 x 4 x 3 + 1. */
Test(estimate, counts_every_run_the_runner_makes)
{
	scenario sc;
	dataset d = {0};
	run_estimate e;

	test_kmeans_scenario(&sc, &d, "blobs:n=200,d=2,k=3,seed=1");
	sc.precision[FP_MPFR] = false;
	cr_assert(scenario_set_knob(&sc, KNOB_THREADS, "1,2"));
	cr_assert(scenario_set_knob(&sc, KNOB_COMBINE, "ordered,racy"));
	sc.repeats = 3;
	runner_estimate(&sc, &e);
	cr_assert_eq((long)e.runs, 2 * (1 + 1 + 1 + RUNNER_DRAWS) + 2 * 4 * 3 + 1);
	/* how many grid points are piloted depends on the machine's speed (a budget of about a
	 * second), so it is not asserted; the reference always is, and one point a precision */
	cr_assert(e.pilots >= 1 + 2, "%zu pilots", e.pilots);
	cr_assert(e.seconds_lo > 0.0 && e.seconds_hi > e.seconds_lo,
	          "k-means: a range, one iteration to max_iter");
	cr_assert(fabs(e.seconds_hi / e.seconds_lo - sc.params.kmeans.max_iter) <
	          1e-9 * sc.params.kmeans.max_iter);
	dataset_clear(&d);
}

/* More grid points than are piloted: the rest are extrapolated, and still counted. */
Test(estimate, a_large_grid_is_extrapolated)
{
	scenario sc;
	dataset d = {0};
	run_estimate e;

	test_kmeans_scenario(&sc, &d, "blobs:n=100,d=2,k=3,seed=1");
	cr_assert(scenario_set_knob(&sc, KNOB_ORDER, "seq,reverse,pairwise,kahan,neumaier,exact"));
	cr_assert(scenario_set_knob(&sc, KNOB_LANES, "1,2,4"));
	runner_estimate(&sc, &e);
	cr_assert_eq((long)e.runs, 3 * 18 + 1);
	cr_assert(e.extrapolated);
	cr_assert(e.pilots < 3 * 18 + 1);
	dataset_clear(&d);
}

/* Memory grows with what a run keeps: the MLP's loss curve with the epochs, the data's copy in
 * each format with the rows; MPFR numbers cost more than doubles. */
Test(estimate, memory_follows_outputs_rows_and_bits)
{
	scenario sc;
	dataset d = {0}, big = {0};
	run_estimate e1, e2, e3;
	char err[256];

	cr_assert_eq(gen_make("seq:n=10", &d, err, sizeof err), 0, "%s", err);
	scenario_init(&sc);
	sc.wl = workload_find("mlp");
	sc.data = &d;
	sc.params.mlp.epochs = 1000;
	runner_estimate(&sc, &e1);
	sc.params.mlp.epochs = 100000;
	runner_estimate(&sc, &e2);
	/* 4 results (3 runs and the reference) of 100000 more outputs, each over 200 bytes */
	cr_assert(e2.bytes - e1.bytes > 4 * 99000 * 200.0, "%g %g", e1.bytes, e2.bytes);

	test_kmeans_scenario(&sc, &big, "uniform:n=100000,seed=1");
	sc.wl = workload_find("sum");
	runner_estimate(&sc, &e3);
	cr_assert(scenario_set_knob(&sc, KNOB_ORDER, "seq,pairwise"));
	runner_estimate(&sc, &e1);
	sc.ref_bits = 4096;
	runner_estimate(&sc, &e2);
	/* under the default knobs the runs read the doubles (the float run rounds a copy, the
	 * reference sums in the exact accumulator); pairwise takes the mpfr run's exact 53-bit
	 * copy of the 10^5 values, whatever the bits */
	cr_assert(e3.bytes < 100000.0 * sizeof(float) + 10000.0, "%g", e3.bytes);
	cr_assert(e1.bytes >= 100000.0 * (double)mvec_bytes(53), "%g", e1.bytes);
	cr_assert(e2.bytes > e1.bytes && e2.bytes < e1.bytes + 100000.0, "%g %g", e1.bytes,
	          e2.bytes);

	/* k-means keeps no MPFR copy of its 10^5 x 8 data, but its distances at the bits */
	dataset_clear(&big);
	test_kmeans_scenario(&sc, &big, "blobs:n=100000,d=8,k=4,seed=1");
	runner_estimate(&sc, &e1);
	sc.ref_bits = 4096;
	runner_estimate(&sc, &e2);
	cr_assert(e1.bytes >= 100000.0 * (double)mvec_bytes(256), "%g", e1.bytes);
	cr_assert(e1.bytes < 100000.0 * 8 * (double)mvec_bytes(256), "%g", e1.bytes);
	cr_assert(e2.bytes >= 2 * 100000.0 * (double)mvec_bytes(4096), "%g", e2.bytes);
	cr_assert(e2.bytes < 3 * 100000.0 * (double)mvec_bytes(4096), "%g", e2.bytes);
	dataset_clear(&d);
	dataset_clear(&big);
}

Test(estimate, verdicts)
{
	run_estimate e;
	char msg[512];

	memset(&e, 0, sizeof e);
	e.available = 8e9;
	e.runs = 4;
	e.pilots = 4;
	e.seconds_lo = e.seconds_hi = 2.0;
	e.bytes = 1e6;
	cr_assert_eq(estimate_judge(&e, false, msg, sizeof msg), ESTIMATE_GO);
	cr_assert_str_empty(msg);

	e.seconds_hi = 120.0; /* k-means: 2 s to 2 min; the least decides */
	cr_assert_eq(estimate_judge(&e, false, msg, sizeof msg), ESTIMATE_GO);
	e.seconds_lo = 75.0;
	cr_assert_eq(estimate_judge(&e, false, msg, sizeof msg), ESTIMATE_WARN);
	cr_assert(strstr(msg, "may take from 75 s to 2 min"), "%s", msg);

	e.seconds_lo = 2.0 * 3600.0;
	e.seconds_hi = 300.0 * 3600.0;
	cr_assert_eq(estimate_judge(&e, false, msg, sizeof msg), ESTIMATE_REFUSE);
	cr_assert(strstr(msg, "at least 2.0 h") && strstr(msg, "--force"), "%s", msg);
	cr_assert_eq(estimate_judge(&e, true, msg, sizeof msg), ESTIMATE_WARN);
	cr_assert(strstr(msg, "anyway"), "%s", msg);

	/* only the least time refuses: a k-means that may take hours is run, with a warning */
	e.seconds_lo = 600.0;
	cr_assert_eq(estimate_judge(&e, false, msg, sizeof msg), ESTIMATE_WARN);

	e.seconds_lo = e.seconds_hi = 1.0;
	e.bytes = 9e9;
	cr_assert_eq(estimate_judge(&e, false, msg, sizeof msg), ESTIMATE_REFUSE);
	cr_assert(strstr(msg, "9.0 GB") && strstr(msg, "8.0 GB"), "%s", msg);

	e.bytes = 2e9; /* fits, but gigabytes: warned of */
	cr_assert_eq(estimate_judge(&e, false, msg, sizeof msg), ESTIMATE_WARN);
	cr_assert(strstr(msg, "2.0 GB"), "%s", msg);
}

Test(estimate, units_for_people)
{
	char b[32];

	cr_assert_str_eq(estimate_fmt_seconds(0.2, b, sizeof b), "under a second");
	cr_assert_str_eq(estimate_fmt_seconds(45, b, sizeof b), "45 s");
	cr_assert_str_eq(estimate_fmt_seconds(600, b, sizeof b), "10 min");
	cr_assert_str_eq(estimate_fmt_seconds(3.2 * 3600, b, sizeof b), "3.2 h");
	cr_assert_str_eq(estimate_fmt_seconds(6 * 86400, b, sizeof b), "6 days");
	cr_assert_str_eq(estimate_fmt_bytes(342e3, b, sizeof b), "342 kB");
	cr_assert_str_eq(estimate_fmt_bytes(640e6, b, sizeof b), "640 MB");
	cr_assert_str_eq(estimate_fmt_bytes(1.25e9, b, sizeof b), "1.2 GB");
}
