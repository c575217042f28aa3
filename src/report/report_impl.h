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
/* s as Markdown text that shows literally inside a line (markdown.c says what is escaped). */
void markdown_text(FILE *f, const char *s);

#endif
