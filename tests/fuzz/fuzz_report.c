/* fuzz_report.c - libFuzzer target: every report writer fed hostile names and extreme values.
 *
 * Input: a data set's name (up to the first newline; its length also picks emulated
 * precisions and the accumulation format), two column names (to the next newline, split at
 * the first comma; their length picks a rounding: random ones with 3 samples, or the sig
 * mitigation), one byte choosing the workload (sum, dot or 2-means on the two columns)
 * and the precisions, then up to 32 rows of two raw doubles (any bits: NaN,
 * infinities, subnormals, -0). The scenario runs, and its report is written in every format:
 * the JSON must parse back, the HTML must hold no tag made of a name, and no writer may
 * fail. */
#include "config.h"

#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/precision.h"
#include "dataset/dataset.h"
#include "explore/runner.h"
#include "report/report.h"
#include "util/util.h"

#define ROWS_MAX 32

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The bytes up to the next newline (or the end) as a string; *p moves past it. */
static char *line(const uint8_t **p, const uint8_t *end)
{
	const uint8_t *nl = memchr(*p, '\n', (size_t)(end - *p));
	size_t n = nl ? (size_t)(nl - *p) : (size_t)(end - *p);
	char *s = xmalloc(n + 1);

	memcpy(s, *p, n);
	s[n] = '\0';
	*p += nl ? n + 1 : n;
	return s;
}

static void write_all(const report *r)
{
	for (int fmt = 0; fmt < REPORT_FORMAT_COUNT; fmt++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);

		if (!f || report_write(r, f, (report_format)fmt) != 0)
			abort();
		fclose(f);
		if (fmt == REPORT_JSON) {
			json_error_t e;
			json_t *root = json_loads(buf, 0, &e);

			if (!root)
				abort(); /* the JSON report must always parse */
			json_decref(root);
		}
		if (fmt == REPORT_HTML && (strstr(buf, "<script") || strstr(buf, "<img")))
			abort(); /* a name became markup */
		free(buf);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data, *end = data + size;
	char *name, *cols, *comma, err[256];
	int choice;
	dataset d;
	scenario sc;
	report rep;
	size_t rows, ncols;

	name = line(&p, end);
	cols = line(&p, end);
	ncols = strlen(cols);
	choice = p < end ? *p++ : 0;
	rows = (size_t)(end - p) / 16;
	rows = rows > ROWS_MAX ? ROWS_MAX : rows;
	if (rows < 2) {
		free(name);
		free(cols);
		return 0;
	}
	memset(&d, 0, sizeof d);
	d.name = name;
	d.rows = rows;
	d.cols = 2;
	d.x = xmalloc(rows * 2 * sizeof *d.x);
	memcpy(d.x, p, rows * 2 * sizeof *d.x);
	d.colnames = xcalloc(2, sizeof *d.colnames);
	comma = strchr(cols, ',');
	if (comma)
		*comma = '\0';
	d.colnames[0] = xstrdup(cols);
	d.colnames[1] = xstrdup(comma ? comma + 1 : "");
	free(cols);
	if (!precision_format(FP_CUSTOM)) {
		char why[200];

		if (!precision_set_custom("custom:p=5,emin=-6,emax=7,sat", why, sizeof why))
			abort();
	}
	scenario_init(&sc);
	sc.wl = workload_find(choice % 3 == 0 ? "sum" : choice % 3 == 1 ? "dot" : "kmeans");
	sc.data = &d;
	sc.params.kmeans.k = 2;
	sc.params.kmeans.max_iter = 5;
	sc.ref_bits = 64 + (mpfr_prec_t)(choice & 0x30) * 4;
	sc.precision[FP_MPFR] = (choice & 0x40) != 0;
	if (choice & 0x80)
		scenario_set_knob(&sc, KNOB_ORDER, "seq,kahan,exact");
	/* the emulated precisions, chosen by the name's length (old corpus inputs keep their
	 * meaning): none, fp16 and bf16, the FP8 formats, tf32 and a custom format; and every
	 * eighth length accumulates in float */
	switch (strlen(name) % 4) {
	case 1:
		sc.precision[FP_FP16] = sc.precision[FP_BF16] = true;
		break;
	case 2:
		sc.precision[FP_E4M3] = sc.precision[FP_E5M2_SAT] = true;
		break;
	case 3:
		sc.precision[FP_TF32] = sc.precision[FP_CUSTOM] = true;
		break;
	default:
		break;
	}
	if (strlen(name) % 8 >= 4)
		scenario_set_knob(&sc, KNOB_ACCUM, "same,float");
	/* the rounding, by the column names' length: nearest; sr beside nearest; up and mca;
	 * the sig mitigation (sr samples); 3 samples keep an input fast */
	sc.samples = 3;
	switch (ncols % 4) {
	case 1:
		scenario_set_knob(&sc, KNOB_ROUNDING, "nearest,sr");
		break;
	case 2:
		scenario_set_knob(&sc, KNOB_ROUNDING, "up,mca:20");
		break;
	case 3:
		sc.round_out.kind = MITIG_SIG;
		break;
	default:
		break;
	}
	if (runner_run(&sc, &rep, err, sizeof err) == 0) {
		write_all(&rep);
		report_clear(&rep);
	}
	dataset_clear(&d);
	return 0;
}
