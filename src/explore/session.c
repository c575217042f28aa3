/* session.c - one worker thread per computation; see session.h. */
#include "config.h"

#include "explore/session.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

/* Shared between the UI thread and the worker: cancel (set by the UI) and progress (set by
 * the worker) through atomic loads and stores; status, err and rep are written by the worker
 * before it publishes done with a release store, and read by the UI only after an acquire
 * load of done. */
typedef struct job {
	scenario sc; /* the worker's copy */
	int cancel;
	pthread_t thread;
	bool started;
	unsigned progress; /* parts per million */
	bool done;
	int status;
	char err[256];
	report rep;
} job;

struct session {
	job *running; /* the job on the worker, or NULL */
};

session *session_new(void)
{
	return xcalloc(1, sizeof(session));
}

static void on_progress(void *arg, double fraction)
{
	job *j = arg;
	double f = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;

	__atomic_store_n(&j->progress, (unsigned)(f * 1e6), __ATOMIC_RELAXED);
}

static void *worker(void *arg)
{
	job *j = arg;
	report rep;
	char err[256] = "";
	int st = runner_run(&j->sc, &rep, err, sizeof err);

	mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
	j->rep = rep;
	j->status = st;
	memcpy(j->err, err, sizeof err);
	__atomic_store_n(&j->done, true, __ATOMIC_RELEASE);
	return NULL;
}

static void job_free(job *j)
{
	if (!j)
		return;
	if (j->started)
		pthread_join(j->thread, NULL);
	if (j->status == 0)
		report_clear(&j->rep);
	free(j);
}

/* Stop and discard the running job (its result is not wanted). */
static void drop_running(session *s)
{
	job *j = s->running;

	if (!j)
		return;
	__atomic_store_n(&j->cancel, 1, __ATOMIC_RELAXED);
	job_free(j);
	s->running = NULL;
}

void session_submit(session *s, const scenario *sc)
{
	job *j = xcalloc(1, sizeof *j);

	drop_running(s);
	j->sc = *sc;
	j->sc.cancel = &j->cancel;
	j->sc.progress = on_progress;
	j->sc.progress_arg = j;
	if (pthread_create(&j->thread, NULL, worker, j) != 0) {
		j->status = 1;
		snprintf(j->err, sizeof j->err, "could not start the worker thread");
		__atomic_store_n(&j->done, true, __ATOMIC_RELEASE);
	} else {
		j->started = true;
	}
	s->running = j;
}

void session_cancel(session *s)
{
	if (s->running)
		__atomic_store_n(&s->running->cancel, 1, __ATOMIC_RELAXED);
}

bool session_pending(session *s)
{
	return s->running != NULL;
}

void session_discard(session *s)
{
	drop_running(s);
}

bool session_busy(session *s)
{
	return s->running && !__atomic_load_n(&s->running->done, __ATOMIC_ACQUIRE);
}

double session_progress(session *s)
{
	if (!s->running)
		return 1.0;
	return __atomic_load_n(&s->running->progress, __ATOMIC_RELAXED) / 1e6;
}

int session_take(session *s, report *out, int *status, char *err, size_t errsize)
{
	job *j = s->running;

	if (!j || !__atomic_load_n(&j->done, __ATOMIC_ACQUIRE))
		return 0;
	pthread_join(j->thread, NULL);
	j->started = false;
	s->running = NULL;
	*status = j->status;
	snprintf(err, errsize, "%s", j->err);
	if (j->status == 0) {
		*out = j->rep;
		memset(&j->rep, 0, sizeof j->rep);
		j->status = -1; /* the report now belongs to the caller */
	}
	job_free(j);
	return 1;
}

void session_free(session *s)
{
	if (!s)
		return;
	drop_running(s);
	free(s);
}
