/* merge.h - join the JSON reports of a run's shards (fpdrift run --shard I/N) into the whole
 * run's report (merge.c says what is checked and what is joined).
 *
 *   json_t *whole;
 *   if (report_merge(docs, names, n, &whole, err, sizeof err) == 0) ... json_decref(whole);
 *
 * docs are the parsed reports (borrowed), names what to call each in messages (file names).
 * Returns 0 and sets *out (owned by the caller), or MERGE_EBAD with a message naming the
 * report and what is wrong with it (not a shard's report, shards of different runs, a shard
 * given twice or missing, a grid point in the wrong shard). */
#ifndef FPDRIFT_MERGE_H
#define FPDRIFT_MERGE_H

#include <stddef.h>

#include <jansson.h>

#define MERGE_EBAD 65 /* the exit status of bad input data */

int report_merge(json_t *const *docs, const char *const *names, size_t n, json_t **out, char *err,
                 size_t errsize);

#endif
