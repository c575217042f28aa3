/* session.h - computations for the explorer, on a worker thread, one at a time.
 *
 * The UI thread submits scenarios and polls; it never waits for a computation except while a
 * cancelled one stops (the runner checks between runs and the workloads every iteration, so
 * that is a few milliseconds on the study's data).
 *
 *   session *s = session_new();
 *   session_submit(s, &sc);            (sc is copied; sc.data must stay valid)
 *   ... every frame: session_progress(s); if (session_take(s, &rep, ...)) draw rep ...
 *   session_free(s);
 *
 * A report taken from the session owns a copy of its scenario; it points only to the data set
 * the submitted scenario named, which must outlive it.
 */
#ifndef FPDRIFT_SESSION_H
#define FPDRIFT_SESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "explore/runner.h"

typedef struct session session;

session *session_new(void);
/* Cancel and wait for a running job; free everything (accepts NULL). */
void session_free(session *s);
/* Cancel the running job, if any, and start sc. */
void session_submit(session *s, const scenario *sc);
/* Ask the running job to stop; returns at once. session_busy turns false when it has. */
void session_cancel(session *s);
bool session_busy(session *s);
/* Is there a job whose report has not been taken yet (running, or ended and not taken)? */
bool session_pending(session *s);
/* Cancel and discard the job, if any, with its report: session_take will not see it. */
void session_discard(session *s);
/* Fraction done of the running job, 0..1. */
double session_progress(session *s);
/* When a job has ended since the last call: 1 with its report in *out (caller clears it with
 * report_clear) and *status 0; or 1 with *status the runner's error status (RUNNER_CANCELLED
 * too) and the message in err; 0 when nothing has ended. */
int session_take(session *s, report *out, int *status, char *err, size_t errsize);

#endif
