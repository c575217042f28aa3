/* csv.c - the report as tidy CSV (RFC 4180), ready for a data frame: one row per run and
 * output, every knob a column. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/format.h"
#include "explore/knob.h"
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

/* The columns: these, every knob of the registry after "precision", then the rest (the
 * command line, its time and the CI gate's outcome repeat on every row). */
static const char *const head[] = {"workload", "data", "precision"};
static const char *const tail[] = {"mitigation", "seed",         "fpdrift",  "command", "timestamp",
                                   "gate",       "output",       "value",    "hex",     "ulps",
                                   "rel_err",    "correct_bits", "reference"};
#define NHEAD (sizeof head / sizeof head[0])
#define NTAIL (sizeof tail / sizeof tail[0])

static void header_row(FILE *f)
{
	for (size_t i = 0; i < NHEAD; i++)
		field(f, head[i], false);
	for (int k = 0; k < KNOB_COUNT; k++)
		field(f, knob_table[k].name, false);
	for (size_t i = 0; i < NTAIL; i++)
		field(f, tail[i], i + 1 == NTAIL);
}

/* The rows of one run: one per output. */
static void run_rows(const report *r, const run_record *rr, const char *mit, const char *seed,
                     FILE *f)
{
	for (size_t i = 0; i < rr->res.nout; i++) {
		const wl_output *ref = wl_result_match(&r->ref, &rr->res.out[i], i);
		char buf[FMT_VALUE_MAX], kv[64];

		field(f, r->sc.wl->name, false);
		field(f, r->sc.data->name, false);
		field(f, precision_of(rr->prec)->name, false);
		for (int k = 0; k < KNOB_COUNT; k++)
			field(f, knob_format((knob_id)k, &rr->knobs, kv, sizeof kv), false);
		field(f, mit, false);
		field(f, seed, false);
		/* how the report came to be, on every row: a table of one kind of row */
		field(f, PACKAGE_VERSION, false);
		field(f, r->inv.command, false);
		field(f, r->inv.timestamp, false);
		field(f,
		      !r->inv.command[0] ? ""
		      : !r->inv.gated    ? "none"
		      : r->inv.passed    ? "passed"
		                         : "exceeded",
		      false);
		field(f, rr->res.out[i].name, false);
		field(f, fmt_value(rr->res.out[i].value, rr->prec, buf, sizeof buf), false);
		field(f, fmt_hex(rr->res.out[i].value, rr->prec, buf, sizeof buf), false);
		number(f, rr->m[i].ulps_special ? (double)NAN : rr->m[i].ulps, false);
		number(f, rr->m[i].rel_err, false);
		number(f, rr->m[i].correct_bits, false);
		field(f, ref ? fmt_value(ref->value, FP_MPFR, buf, sizeof buf) : "", true);
	}
}

int report_write_csv(const report *r, FILE *f)
{
	char mit[32], seed[32];

	header_row(f);
	mitig_describe(&r->sc.round_out, mit, sizeof mit);
	snprintf(seed, sizeof seed, "%llu", (unsigned long long)r->sc.seed);
	for (size_t n = 0; n < r->nruns; n++)
		run_rows(r, &r->runs[n], mit, seed, f);
	return ferror(f) ? -1 : 0;
}
