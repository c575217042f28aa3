/* report_impl.h - pieces the Markdown and HTML writers share (src/report only). */
#ifndef FPDRIFT_REPORT_IMPL_H
#define FPDRIFT_REPORT_IMPL_H

#include <stdio.h>

#include "explore/summary.h"
#include "report/report.h"

void markdown_title(const report *r, FILE *f);
void markdown_verdict(const report *r, const summary *s, FILE *f);
void markdown_knob_tables(const report *r, const summary *s, FILE *f);
void markdown_repeats(const report *r, FILE *f);
void markdown_environment(const report *r, FILE *f);
/* The command line, version, time and the CI gate's outcome, when the report has them. */
void markdown_invocation(const report *r, FILE *f);
/* A table of each variant's knobs. */
void markdown_variants(const report *r, FILE *f);
/* The rows of the values table, a row per variant and output: open, the variant, sep, the
 * output's name (written by text), then sep and each precision's value and ulps, close. */
typedef struct value_rows {
	const char *open, *sep, *close;
	void (*text)(FILE *f, const char *s);
} value_rows;
void report_value_rows(const report *r, FILE *f, const value_rows *st);
/* Every output's value and ulps, collapsed in a details element. */
void markdown_values(const report *r, FILE *f);
/* The significant digits of the random roundings' samples (runner.h's sig), as a Markdown
 * table, or nothing when no run sampled one. */
void markdown_significance(const report *r, FILE *f);
/* What the significant digits are, in one sentence: the samples, the estimator, its
 * probability and confidence. Returns buf. */
const char *report_significance_caption(const report *r, char *buf, size_t size);
/* Does some run of r carry samples' statistics? */
bool report_sampled(const report *r);
/* s as Markdown text that shows literally inside a line (markdown.c says what is escaped). */
void markdown_text(FILE *f, const char *s);

#endif
