/* diff.h - fpdrift diff: two JSON reports compared output by output (a stored baseline and a
 * new run, or the same run on two machines).
 *
 *   report_diff d;
 *   if (report_diff_make(old_doc, new_doc, "old.json", "new.json", &d, err, sizeof err) == 0) {
 *           report_diff_write(&d, stdout, DIFF_TEXT);
 *           report_diff_clear(&d);
 *   }
 *
 * Runs are matched by precision (MPFR with its bits) and knobs (order, lanes, threads,
 * combine, fma, kernel, mitigation). A run of one report with no match in the other is paired
 * with an unmatched run of the same precision in the other, in report order, and the knobs
 * that differ are listed; the rest are added or removed. Outputs are matched by name. The
 * distance between two values of a run is in ulps of the run's precision, computed exactly
 * from the values' hexadecimal form (runner_ulps: the number of representable values between
 * them for float and double, |a - b| in units of b's last place for MPFR); a NaN or an
 * infinity against a different value is "special", never a count. Scenario and environment
 * members that differ are listed as "name: old -> new". */
#ifndef FPDRIFT_DIFF_H
#define FPDRIFT_DIFF_H

#include <stdbool.h>
#include <stdio.h>

#include <jansson.h>

#define DIFF_EBAD 65 /* the exit status of bad input data */

typedef enum { DIFF_SAME, DIFF_CHANGED, DIFF_ADDED, DIFF_REMOVED } diff_state;

typedef struct diff_output {
	char *name;
	char *old_value, *new_value; /* decimal, as the reports print them; NULL when absent */
	diff_state state;            /* SAME: bit for bit; CHANGED: apart by ulps or special */
	double ulps;                 /* between the two values; NaN when special */
	bool special;                /* NaN or infinity against a different value */
} diff_output;

typedef struct diff_run {
	char *label;     /* "double order=seq lanes=1 ..." (the new run's when paired) */
	char *knobs_old; /* the knobs that differ, old and new ("order=seq"); NULL when none */
	char *knobs_new;
	diff_state state; /* SAME, CHANGED (some output differs or was added or removed) */
	diff_output *out;
	size_t nout, ndiffer, nadded, nremoved;
	double max_ulps;           /* over the outputs both have; NaN when special */
	bool special;              /* an output is special */
	double ref_old, ref_new;   /* each report's max ulps from its reference */
	long flips_old, flips_new; /* label flips against each report's reference */
} diff_run;

typedef struct report_diff {
	char *old_name, *new_name;
	char **scenario; /* "seed: 0 -> 1" */
	size_t nscenario;
	char **environment; /* "cpu: A -> B" */
	size_t nenvironment;
	diff_run *runs;
	size_t nruns, ncompared, nadded, nremoved, nchanged;
	size_t outputs, outputs_differ;
	double max_ulps; /* over every pair of outputs; NaN when one is special */
	bool special;
} report_diff;

typedef enum { DIFF_TEXT, DIFF_JSON, DIFF_MARKDOWN } diff_format;

/* 0, or DIFF_EBAD with a message naming the report and what is wrong (not an fpdrift
 * report, a run or output without what the schema requires, a value that does not parse). */
int report_diff_make(const json_t *old_doc, const json_t *new_doc, const char *old_name,
                     const char *new_name, report_diff *out, char *err, size_t errsize);
void report_diff_clear(report_diff *d);
/* 0, or -1 with errno from the stream. */
int report_diff_write(const report_diff *d, FILE *f, diff_format fmt);
/* The verdict in plain words, one sentence: "NEW is OLD bit for bit ...". */
void report_diff_verdict(const report_diff *d, char *buf, size_t size);

#endif
