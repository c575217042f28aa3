/* thread_check.c - the explorer's worker and the runner's threads, exercised for
 * ThreadSanitizer (TAP output, no Criterion: Criterion's sandbox does not start under TSan).
 * CI runs it in a build configured with --enable-tsan; make check runs it everywhere.
 *
 * Each check does what the explorer does from its UI thread while a job runs: poll progress,
 * cancel, submit a replacement, take, free; and runs racy combines, whose threads merge
 * partials under a lock. A data race makes TSan fail the program (exit 66). */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "explore/session.h"
#include "arith/precision.h"

/* How many precisions a scenario runs by default (the precision table's by_default). */
static size_t default_precisions(void)
{
	size_t n = 0;

	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		n += precision_of((fp_precision)p)->by_default;
	return n;
}

static int n, failed;

static void ok(int cond, const char *what)
{
	n++;
	failed += !cond;
	printf("%s %d - %s\n", cond ? "ok" : "not ok", n, what);
}

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Poll like the explorer until the job ends; its status. */
static int poll_take(session *s, report *rep)
{
	int status = -1;
	char err[256];
	double last = 0;

	for (;;) {
		double p = session_progress(s);

		if (p < 0 || p > 1 || p + 1e-9 < last)
			return -2; /* progress out of range or backwards */
		last = p;
		if (session_take(s, rep, &status, err, sizeof err))
			return status;
		nap_ms(2);
	}
}

static void kmeans(scenario *sc, dataset *d, const char *spec, size_t k)
{
	char err[256];

	if (gen_make(spec, d, err, sizeof err))
		fprintf(stderr, "%s\n", err);
	scenario_init(sc);
	sc->wl = workload_find("kmeans");
	sc->data = d;
	sc->params.kmeans.k = k;
}

int main(void)
{
	dataset d;
	scenario sc;
	report rep;
	session *s;

	printf("1..6\n");
	/* racy combines on a small data set: short parts, orders drawn on the run's thread */
	kmeans(&sc, &d, "blobs:n=300,d=2,k=3,std=1,seed=1", 3);
	scenario_set_knob(&sc, KNOB_THREADS, "1,2,3,4");
	scenario_set_knob(&sc, KNOB_COMBINE, "ordered,racy");
	s = session_new();
	session_submit(s, &sc);
	ok(poll_take(s, &rep) == 0 && rep.nruns == 8 * default_precisions(),
	   "a grid with racy combines on the worker, polled from this thread");
	report_clear(&rep);
	dataset_clear(&d);

	kmeans(&sc, &d, "blobs:n=20000,d=4,k=6,std=1,seed=1", 6);
	sc.ref_bits = 2048;
	scenario_set_knob(&sc, KNOB_THREADS, "1");
	scenario_set_knob(&sc, KNOB_COMBINE, "ordered");
	session_submit(s, &sc);
	nap_ms(30);
	session_cancel(s);
	ok(poll_take(s, &rep) == RUNNER_CANCELLED, "cancel while it computes");

	for (int i = 0; i < 5; i++) {
		session_submit(s, &sc);
		nap_ms(3 * i);
	}
	sc.ref_bits = 64;
	session_submit(s, &sc);
	ok(poll_take(s, &rep) == 0 && rep.sc.ref_bits == 64, "five replaced jobs, the sixth taken");
	report_clear(&rep);

	sc.ref_bits = 2048;
	session_submit(s, &sc);
	nap_ms(20);
	session_free(s);
	ok(1, "free while a job runs");
	dataset_clear(&d);

	/* parts of 16384 terms or more run on each reduce context's team of threads: racy ones
	 * merge under a lock in completion order, ordered ones write their own partials; MPFR
	 * keeps its exponent range per thread */
	{
		char err[256];

		if (gen_make("uniform:n=100000", &d, err, sizeof err))
			fprintf(stderr, "%s\n", err);
		scenario_init(&sc);
		sc.wl = workload_find("sum");
		sc.data = &d;
		scenario_set_knob(&sc, KNOB_THREADS, "1,4");
		scenario_set_knob(&sc, KNOB_COMBINE, "ordered,racy");
		s = session_new();
		session_submit(s, &sc);
		ok(poll_take(s, &rep) == 0 && rep.nruns == 4 * default_precisions(),
		   "a sum of 100000 on teams of 4 threads, racy and ordered");
		report_clear(&rep);
		dataset_clear(&d);
	}
	/* k-means assigns 6000 points on a team of --threads workers, each with its own context
	 * (and a team of its own when the combine needs one) */
	kmeans(&sc, &d, "blobs:n=6000,d=5,k=4,std=1,seed=2", 4);
	scenario_set_knob(&sc, KNOB_THREADS, "2,4");
	scenario_set_knob(&sc, KNOB_COMBINE, "ordered,racy");
	session_submit(s, &sc);
	ok(poll_take(s, &rep) == 0 && rep.nruns == 4 * default_precisions(),
	   "k-means assigning 6000 points on 2 and 4 workers");
	report_clear(&rep);
	session_free(s);
	dataset_clear(&d);
	mpfr_free_cache();
	return failed != 0;
}
