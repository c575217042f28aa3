/* fuzz_diff.c - libFuzzer target: fpdrift diff, two JSON reports compared.
 *
 * Input: two JSON texts separated by a NUL byte, the old report and the new (a text that does
 * not parse is replaced by an empty object, which the diff must refuse with a message). The
 * diff must either refuse with a message or give counts that add up, write every format
 * without failing, and give JSON that parses back. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "report/diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const report_diff *d)
{
	size_t changed = 0, added = 0, removed = 0;

	for (size_t i = 0; i < d->nruns; i++) {
		const diff_run *r = &d->runs[i];
		size_t differ = 0;

		changed += r->state == DIFF_CHANGED;
		added += r->state == DIFF_ADDED;
		removed += r->state == DIFF_REMOVED;
		for (size_t j = 0; j < r->nout; j++)
			differ += r->out[j].state == DIFF_CHANGED;
		if (differ != r->ndiffer || (r->state == DIFF_SAME && differ))
			abort();
	}
	if (changed != d->nchanged || added != d->nadded || removed != d->nremoved ||
	    d->ncompared + added + removed != d->nruns)
		abort();
	for (int fmt = DIFF_TEXT; fmt <= DIFF_MARKDOWN; fmt++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		if (!f || report_diff_write(d, f, (diff_format)fmt) != 0)
			abort();
		fclose(f);
		if (fmt == DIFF_JSON) {
			json_t *back = json_loadb(buf, len, 0, NULL);

			if (!back)
				abort();
			json_decref(back);
		}
		free(buf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t n0 = nul ? (size_t)(nul - data) : size;
	json_t *a = json_loadb((const char *)data, n0, 0, NULL);
	json_t *b = nul ? json_loadb((const char *)nul + 1, size - n0 - 1, 0, NULL) : NULL;
	report_diff d;
	char err[1024];

	a = a ? a : json_object();
	b = b ? b : json_object();
	err[0] = '\0';
	if (report_diff_make(a, b, "old.json", "new.json", &d, err, sizeof err) == 0) {
		check(&d);
		report_diff_clear(&d);
	} else if (!err[0]) {
		abort(); /* a refusal says why */
	}
	json_decref(a);
	json_decref(b);
	return 0;
}
