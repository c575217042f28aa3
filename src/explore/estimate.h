/* estimate.h - what a scenario will cost before it runs: time, memory, and a verdict.
 *
 * The time comes from pilot runs on this machine, not from constants: each (variant,
 * precision) of the grid, and the reference, runs once on the first few rows of the data
 * with a fraction of the work (one epoch, one k-means iteration with at most 8 clusters; see
 * workload.pilot), and the pilot's time is scaled by the rows and the work the full run does.
 * For k-means the work depends on the data (Lloyd stops when the labels settle), so the
 * estimate is a range: one iteration at least, max_iter at most. The memory is counted from
 * the sizes of what a run holds: the data in each precision, every run's outputs (MPFR
 * numbers at their precision) and labels. Both are estimates: doc/fpdrift.1 and bench/
 * give their measured accuracy.
 *
 *   run_estimate e;
 *   runner_estimate(&sc, &e);
 *   if (estimate_judge(&e, false, msg, sizeof msg) == ESTIMATE_REFUSE) ... exit 2
 */
#ifndef FPDRIFT_ESTIMATE_H
#define FPDRIFT_ESTIMATE_H

#include <stdbool.h>
#include <stddef.h>

#include "explore/runner.h"

/* A run estimated to take longer than this at the least is refused; one that takes longer
 * than ESTIMATE_WARN_SECONDS at the least, or more memory than ESTIMATE_WARN_BYTES, is
 * warned of. */
#define ESTIMATE_REFUSE_SECONDS 3600.0
#define ESTIMATE_WARN_SECONDS 60.0
#define ESTIMATE_WARN_BYTES 1e9

typedef struct run_estimate {
	double runs;       /* workload runs: grid x precisions x draws, the reference, repeats */
	double seconds_lo; /* wall time on this machine, at the least */
	double seconds_hi; /* and at the most (more than lo for k-means) */
	double bytes;      /* peak memory of the runs and their results, beyond the data */
	double available;  /* the memory the process may still take: MemAvailable, ulimit -v */
	size_t pilots;     /* pilot runs made */
	bool extrapolated; /* some grid points were not piloted (too many): their time is the
	                    * mean of those that were */
} run_estimate;

/* Estimate sc (its data loaded, its parameters checked by the workload). Runs pilots. */
void runner_estimate(const scenario *sc, run_estimate *e);

/* Memory for the data of a generator before it runs: rows x cols doubles. */
double estimate_data_bytes(size_t rows, size_t cols);
/* The memory the process may still take (MemAvailable from /proc/meminfo, and the address
 * space left under ulimit -v); infinity when neither is known. */
double estimate_available_bytes(void);

typedef enum { ESTIMATE_GO, ESTIMATE_WARN, ESTIMATE_REFUSE } estimate_verdict;

/* The verdict on e, with a sentence for people in msg when it is not ESTIMATE_GO ("this run
 * would take at least 3.2 h (estimate) ..."). force: never refuse, warn instead. */
estimate_verdict estimate_judge(const run_estimate *e, bool force, char *msg, size_t size);

/* "45 s", "12 min", "3.2 h", "2.1 days"; "1.2 GB", "640 MB" */
char *estimate_fmt_seconds(double s, char *buf, size_t size);
char *estimate_fmt_bytes(double b, char *buf, size_t size);

#endif
