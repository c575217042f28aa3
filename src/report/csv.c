/* csv.c - the report as tidy CSV (RFC 4180), ready for a data frame: one row per run and
 * output, every knob a column. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "explore/format.h"
#include "explore/summary.h"
#include "report/report.h"

/* A field, quoted when it holds a comma, a quote or a line end (quotes doubled). */
static void field(FILE *f, const char *s, bool last)
{
	if (strpbrk(s, ",\"\r\n")) {
		fputc('"', f);
		for (const char *c = s; *c; c++) {
			if (*c == '"')
				fputc('"', f);
			fputc(*c, f);
		}
		fputc('"', f);
	} else {
		fputs(s, f);
	}
	fputs(last ? "\r\n" : ",", f);
}

static void number(FILE *f, double v, bool last)
{
	char buf[40];

	if (isnan(v))
		buf[0] = '\0'; /* an empty cell: the data frame's missing value */
	else
		snprintf(buf, sizeof buf, "%.17g", v);
	field(f, buf, last);
}

int report_write_csv(const report *r, FILE *f)
{
	static const char *const header[] = {
	    "workload", "data", "precision", "order",      "lanes",        "threads",
	    "combine",  "fma",  "kernel",    "mitigation", "seed",         "output",
	    "value",    "hex",  "ulps",      "rel_err",    "correct_bits", "reference"};
	const size_t ncol = sizeof header / sizeof header[0];
	char mit[32], seed[32];

	for (size_t i = 0; i < ncol; i++)
		field(f, header[i], i + 1 == ncol);
	mitig_describe(&r->sc->round_out, mit, sizeof mit);
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)r->sc->seed);
	for (size_t n = 0; n < r->nruns; n++) {
		const run_record *rr = &r->runs[n];

		for (size_t i = 0; i < rr->res.nout; i++) {
			const wl_output *ref = wl_result_find(&r->ref, rr->res.out[i].name);
			char buf[FMT_VALUE_MAX], kv[40];

			field(f, r->sc->wl->name, false);
			field(f, r->sc->data->name, false);
			field(f, knobs_precision_name(rr->prec), false);
			for (int k = 0; k < KNOB_COUNT; k++) {
				summary_knob_value(k, &rr->knobs, kv, sizeof kv);
				field(f, kv, false);
			}
			field(f, mit, false);
			field(f, seed, false);
			field(f, rr->res.out[i].name, false);
			field(f, fmt_value(rr->res.out[i].value, rr->prec, buf, sizeof buf), false);
			field(f, fmt_hex(rr->res.out[i].value, rr->prec, buf, sizeof buf), false);
			number(f, rr->m[i].ulps_special ? (double)NAN : rr->m[i].ulps, false);
			number(f, rr->m[i].rel_err, false);
			number(f, rr->m[i].correct_bits, false);
			field(f, ref ? fmt_value(ref->value, FP_MPFR, buf, sizeof buf) : "", true);
		}
	}
	return ferror(f) ? -1 : 0;
}
