/* fuzz_merge.c - libFuzzer target: fpdrift merge, the join of shards' JSON reports.
 *
 * Input: up to 8 JSON texts separated by NUL bytes, each parsed as a shard's report (a text
 * that does not parse is left out, as the command would refuse it). The merge must either
 * refuse with a message or give a report that has no "shard", whose runs are listed by grid
 * point, and that dumps and parses back. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/merge.h"

#define DOCS_MAX 8

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(json_t *m)
{
	json_t *runs = json_object_get(m, "runs"), *e, *back;
	json_int_t last = -1;
	size_t i;
	char *text;

	if (json_object_get(m, "shard") || !json_is_array(runs))
		abort();
	json_array_foreach(runs, i, e)
	{
		json_int_t v = json_integer_value(json_object_get(e, "variant"));

		if (v < last)
			abort(); /* runs by grid point */
		last = v;
	}
	text = json_dumps(m, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	if (!text)
		abort();
	back = json_loads(text, 0, NULL);
	if (!back)
		abort();
	json_decref(back);
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *docs[DOCS_MAX], *m = NULL;
	const char *names[DOCS_MAX] = {"a", "b", "c", "d", "e", "f", "g", "h"};
	size_t n = 0, start = 0;
	char err[1024];

	for (size_t i = 0; i <= size && n < DOCS_MAX; i++) {
		if (i < size && data[i] != 0)
			continue;
		docs[n] = json_loadb((const char *)data + start, i - start, 0, NULL);
		if (docs[n])
			n++;
		start = i + 1;
	}
	err[0] = '\0';
	if (report_merge(docs, names, n, &m, err, sizeof err) == 0)
		check(m);
	else if (!err[0] || m)
		abort(); /* a refusal says why and gives nothing */
	json_decref(m);
	for (size_t i = 0; i < n; i++)
		json_decref(docs[i]);
	return 0;
}
