/* summary.h - what a report's readers want first: which knobs change the result and by how
 * much, and whether the mitigation removed the difference and at what cost. Computed from a
 * report for the Markdown and HTML writers (and anyone else), who only format it.
 */
#ifndef FPDRIFT_SUMMARY_H
#define FPDRIFT_SUMMARY_H

#include <stdbool.h>

#include "explore/runner.h"

typedef struct knob_effect {
	const char *name; /* "order", "lanes", ... */
	size_t nvalues;   /* the distinct values the grid gives it (2 or more to matter) */
	char value[KNOB_LIST_MAX][40];
	/* per value and precision: the largest max_ulps (against the reference) of the runs;
	 * HUGE_VAL when one of them is not finite */
	double max_ulps[KNOB_LIST_MAX][FP_PRECISION_COUNT];
	/* per precision, over pairs of runs that differ only in this knob: */
	bool applies; /* the knob can change some run of the report (knob.h's rule) */
	bool changes[FP_PRECISION_COUNT];  /* some pair's outputs differ */
	double spread[FP_PRECISION_COUNT]; /* the most ulps between such a pair's outputs */
} knob_effect;

typedef struct summary {
	knob_effect knob[KNOB_COUNT];
	bool precision[FP_PRECISION_COUNT];
	bool mitigated;                        /* outputs were rounded (--round) */
	bool raw_differ[FP_PRECISION_COUNT];   /* before rounding, some variants' outputs differ */
	bool differ[FP_PRECISION_COUNT];       /* after rounding (or without it), they still do */
	double worst_bits[FP_PRECISION_COUNT]; /* the fewest correct bits of any output */
	double worst_raw_bits[FP_PRECISION_COUNT]; /* the same before rounding */
	size_t nonfinite_runs, flipped_runs;
} summary;

void summary_make(const report *r, summary *s);
/* Does any knob take two or more values in the report? */
bool summary_any_knob(const summary *s);

#endif
