/* test_session.c - the explorer's worker: submit, progress, cancel, take, and reports that
 * outlive the session. Run under ThreadSanitizer in CI (configure --enable-tsan). */
#include "config.h"

#include <criterion/criterion.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "explore/session.h"
#include "helpers.h"
#include "arith/precision.h"

/* How many precisions a scenario runs by default (the precision table's by_default). */
static size_t default_precisions(void)
{
	size_t n = 0;

	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		n += precision_of((fp_precision)p)->by_default;
	return n;
}

static void nap_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

/* Poll until a job ends (ten minutes at most: the sanitizer builds in CI are slow, a racy
 * variant runs five times, and every threaded reduction starts its threads); its status,
 * report in *rep when 0. */
static int wait_take(session *s, report *rep)
{
	int status = -1;
	char err[256];

	for (int i = 0; i < 600000; i++) {
		if (session_take(s, rep, &status, err, sizeof err))
			return status;
		cr_assert_geq(session_progress(s), 0.0);
		cr_assert_leq(session_progress(s), 1.0);
		nap_ms(1);
	}
	cr_assert_fail("the job never ended");
	return -1;
}

Test(session, a_report_outlives_its_session)
{
	dataset d;
	scenario sc;
	report rep;
	session *s = session_new();

	test_kmeans_scenario(&sc, &d, "blobs:n=300,d=2,k=3,std=1,seed=2");
	cr_assert(scenario_set_knob(&sc, KNOB_THREADS, "1,3"));
	cr_assert(scenario_set_knob(&sc, KNOB_COMBINE, "tree"));
	session_submit(s, &sc);
	cr_assert_eq(wait_take(s, &rep), 0);
	session_free(s);
	memset(&sc, 0xa5, sizeof sc); /* the submitted scenario may go too */
	cr_assert_eq(rep.nruns, 2 * default_precisions());
	cr_assert_str_eq(rep.sc.wl->name, "kmeans");
	cr_assert_eq(rep.sc.knobs[KNOB_THREADS].n, 2);
	cr_assert_null(rep.sc.cancel, "the report's scenario points into the job");
	report_clear(&rep);
	dataset_clear(&d);
}

Test(session, cancel_stops_a_long_job, .timeout = 120)
{
	dataset d;
	scenario sc;
	report rep;
	session *s = session_new();
	double p0;

	test_kmeans_scenario(&sc, &d, "blobs:n=40000,d=4,k=8,std=1,seed=3");
	sc.params.kmeans.k = 8;
	sc.ref_bits = 2048;
	session_submit(s, &sc);
	nap_ms(50);
	cr_assert(session_busy(s), "a 2048-bit k-means of 40000 points ended in 50 ms");
	p0 = session_progress(s);
	session_cancel(s);
	cr_assert_eq(wait_take(s, &rep), RUNNER_CANCELLED);
	cr_assert(!session_busy(s));
	cr_assert_geq(p0, 0.0);
	session_free(s);
	dataset_clear(&d);
}

Test(session, a_new_job_replaces_the_running_one)
{
	dataset d;
	scenario sc;
	report rep;
	session *s = session_new();

	test_kmeans_scenario(&sc, &d, "blobs:n=2000,d=2,k=3,std=1,seed=5");
	sc.ref_bits = 1024;
	session_submit(s, &sc);
	sc.ref_bits = 64;
	cr_assert(scenario_set_knob(&sc, KNOB_ORDER, "kahan"));
	session_submit(s, &sc);
	cr_assert_eq(wait_take(s, &rep), 0);
	cr_assert_eq(rep.sc.ref_bits, 64, "the first job's report was delivered");
	cr_assert_eq(rep.runs[0].knobs.order, FP_ORDER_KAHAN);
	report_clear(&rep);
	session_free(s);
	dataset_clear(&d);
}

Test(session, freeing_a_busy_session_stops_its_job)
{
	dataset d;
	scenario sc;
	session *s = session_new();

	test_kmeans_scenario(&sc, &d, "blobs:n=40000,d=4,k=8,std=1,seed=3");
	sc.ref_bits = 2048;
	session_submit(s, &sc);
	nap_ms(20);
	session_free(s); /* joins the worker: no thread left running on freed memory */
	dataset_clear(&d);
}
