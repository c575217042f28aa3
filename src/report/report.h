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

#include "explore/runner.h"

int report_write_text(const report *r, FILE *f);
int report_write_json(const report *r, FILE *f);
/* Write the report to path as JSON or text through a temporary file in the same folder, fsync
 * and rename, so a failed write leaves any earlier file intact. 0, or 1 with a message in err
 * ("cannot write PATH: REASON"). */
int report_save(const report *r, const char *path, bool json, char *err, size_t errsize);

#endif
