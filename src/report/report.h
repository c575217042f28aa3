/* report.h - writers of a report (explore/runner.h): readable text and JSON.
 *
 * Writers read the report and format values through explore/format.h; they never compute.
 * Each returns 0, or -1 when the stream failed (errno set by stdio).
 *
 * JSON follows the schema "fpdrift-report/1" (data/fpdrift-report-1.schema.json describes
 * it): schema, version, environment, scenario, reference {precision, bits, outputs [{name,
 * value}]}, runs [{precision, order, lanes, threads, combine, fma, kernel, mitigation,
 * outputs [{name, value, hex, ulps, rel_err, correct_bits}], summary {max_ulps, flips,
 * differs_from_first}}], and, with repeats, repeats [{precision, variant, n, mean, sd, min,
 * max}].
 */
#ifndef FPDRIFT_REPORT_H
#define FPDRIFT_REPORT_H

#include <stdio.h>

#include <jansson.h>

#include "explore/runner.h"

typedef enum {
	REPORT_TEXT,
	REPORT_JSON,
	REPORT_CSV,
	REPORT_MARKDOWN,
	REPORT_HTML,
	REPORT_FORMAT_COUNT
} report_format;

int report_write_text(const report *r, FILE *f);
int report_write_json(const report *r, FILE *f);
/* Tidy CSV (RFC 4180): a header row, then one row per run and output with every knob as a
 * column, the value, hex, ulps, rel_err and correct_bits. */
int report_write_csv(const report *r, FILE *f);
/* Markdown: the verdict, a table per knob, the repeats, the environment. */
int report_write_markdown(const report *r, FILE *f);
/* One self-contained HTML file: the Markdown's content with inline SVG charts. */
int report_write_html(const report *r, FILE *f);
int report_write(const report *r, FILE *f, report_format fmt);
/* The distinct outcomes of s in one line: "3: 17 seeds (from seed 0), 9 (seed 2, 4 ulps
 * away), 4 (seed 5, 2 ulps away); spread 4 ulps", or "1: every seed the same bits"; seeds
 * whose outcome was not kept are counted at the end. Returns buf. */
const char *report_outcomes_text(const repeat_stats *s, char *buf, size_t size);

/* The JSON Schema of the JSON report, built from the workload, precision and knob tables (a
 * new reference owned by the caller); report_write_schema prints it, 0 or -1. */
json_t *report_schema(void);
int report_write_schema(FILE *f);

/* "text", "json", "csv", "markdown", "html" and back; false when s names none. */
const char *report_format_name(report_format fmt);
bool report_format_parse(const char *s, report_format *out);
/* The format a file name's extension asks for (.json .csv .md .html), else REPORT_TEXT. */
report_format report_format_of_path(const char *path);

/* Write the report to path through a temporary file in the same folder, fsync and rename, so a
 * failed write leaves any earlier file intact; a path that exists and is not a regular file
 * (a device such as /dev/full) is written directly. 0, or 1 with a message in err ("cannot
 * write PATH: REASON"). */
int report_save(const report *r, const char *path, report_format fmt, char *err, size_t errsize);
/* Write path atomically as report_save does, its bytes from fn(arg, f) (0 on success). */
typedef int (*save_writer)(const void *arg, FILE *f);
int save_file(const char *path, save_writer fn, const void *arg, char *err, size_t errsize);

#endif
