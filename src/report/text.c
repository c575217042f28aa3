/* text.c - the report as a readable table. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/format.h"
#include "explore/knob.h"
#include "util/util.h"
#include "explore/summary.h"
#include "report/report.h"
#include "report/report_impl.h"

/* Per-epoch losses and per-sample predictions make long tables: of a vector of more than 12
 * outputs, show the first, the last and every tenth; the JSON report has them all. span
 * remembers the vector being shown (its outputs stand together, indexed from 0), so a table
 * costs one pass; start each table with a zeroed span. */
typedef struct vec_span {
	const wl_output_desc *desc;
	size_t last;
} vec_span;

static bool shown(const wl_result *res, size_t i, vec_span *span)
{
	const wl_output *o = &res->out[i];

	if (o->desc->shape != WL_VECTOR)
		return true;
	if (span->desc != o->desc) {
		span->desc = o->desc;
		for (size_t j = i; j < res->nout && res->out[j].desc == o->desc; j++)
			span->last = res->out[j].i;
	}
	return span->last < 12 || o->i == 0 || o->i == span->last || o->i % 10 == 0;
}

/* The column name of a precision in this report. */
static const char *prec_label(const report *r, fp_precision p, char *buf, size_t size)
{
	return precision_label(p, r->sc.ref_bits, buf, size);
}

/* A run's summary cell: "max 4 ulps, 0 flips", or "not finite" first when some output is NaN
 * or infinite (its finite outputs' largest distance follows). */
static void summary_cell(const report *r, const run_record *rr, bool later, char *s, size_t size)
{
	char u[40];

	s[0] = '\0';
	fmt_ulps(rr->max_ulps, false, u, sizeof u);
	if (rr->res.nonfinite && !run_finite_outputs(rr))
		appendf(s, size, "NOT FINITE, %zu flips", rr->flips);
	else if (rr->res.nonfinite)
		appendf(s, size, "NOT FINITE (finite outputs: max %s ulps), %zu flips", u,
		        rr->flips);
	else
		appendf(s, size, "max %s ulps, %zu flips", u, rr->flips);
	if (rr->res.iterations != r->ref.iterations)
		appendf(s, size, ", %u it (ref %u)", rr->res.iterations, r->ref.iterations);
	if (later && rr->differs_from_first)
		appendf(s, size, ", changed");
	if (rr->draws > 1) {
		char dr[128];

		appendf(s, size, " (%s)", run_draws_text(rr, dr, sizeof dr));
	}
}

/* s on lines of at most width characters, broken at spaces (a longer word stands alone). */
static void print_wrapped(FILE *f, const char *s, size_t width)
{
	while (strlen(s) > width) {
		size_t cut = width;

		while (cut > 0 && s[cut] != ' ')
			cut--;
		if (cut == 0)
			cut = strcspn(s, " ");
		fprintf(f, "%.*s\n", (int)cut, s);
		s += cut;
		s += *s == ' ';
		if (!*s)
			return;
	}
	fprintf(f, "%s\n", s);
}

/* u ulps as text: "4 ulps", "1 ulp", "inf ulps" (a NaN or infinity in one of the two). */
static const char *ulps_text(double u, char *buf, size_t size)
{
	if (!isfinite(u))
		snprintf(buf, size, "not comparable (NaN or infinity)");
	else if (u > floor(u) || u >= 0x1p53) /* MPFR runs count fractions of an ulp */
		snprintf(buf, size, "%.3g ulps", u);
	else
		snprintf(buf, size, "%.0f ulp%s", u, !(u < 1.0) && !(u > 1.0) ? "" : "s");
	return buf;
}

const char *report_outcomes_text(const repeat_stats *s, char *buf, size_t size)
{
	size_t len;
	char u[48];

	if (s->noutcomes == 1 && !s->unlisted) {
		snprintf(buf, size, "1: every seed the same bits");
		return buf;
	}
	snprintf(buf, size, "%s%zu:", s->unlisted ? "more than " : "", s->noutcomes);
	for (size_t i = 0; i < s->noutcomes; i++) {
		const repeat_outcome *o = &s->outcomes[i];

		len = strlen(buf);
		if (i == 0)
			snprintf(buf + len, size - len, " %u seed%s (from seed %u)", o->count,
			         o->count == 1 ? "" : "s", o->first_seed);
		else
			snprintf(buf + len, size - len, ", %u (seed %u, %s away)", o->count,
			         o->first_seed, ulps_text(o->ulps, u, sizeof u));
	}
	len = strlen(buf);
	snprintf(buf + len, size - len, "; spread %s", ulps_text(s->spread, u, sizeof u));
	if (s->unlisted) {
		len = strlen(buf);
		snprintf(buf + len, size - len,
		         "; %u more seed%s gave outcomes not kept (%zu kept)", s->unlisted,
		         s->unlisted == 1 ? "" : "s", s->noutcomes);
	}
	return buf;
}

/* The report's head: what ran on what, the shard, the reference, the ulps' basis, the
 * mitigation and the study. */
/* A versus B (--against): per precision, how far this variant's outputs are from its run A's
 * and which knobs differ, in words. */
static void against_lines(const report *r, const run_record *runs, size_t nprec, FILE *f)
{
	for (size_t p = 0; p < nprec; p++) {
		const run_record *b = &runs[p], *a;
		char label[32], change[400], u[40];

		if (!b->has_against)
			continue;
		a = &r->runs[b->against];
		prec_label(r, b->prec, label, sizeof label);
		if (a == b) {
			fprintf(f, "vs A: %s: this is run A\n", label);
			continue;
		}
		runner_knob_change(&a->knobs, &b->knobs, change, sizeof change);
		fmt_ulps(b->against_max, false, u, sizeof u);
		if (!b->against_special && !(b->against_max > 0))
			fprintf(f, "vs A: %s: the same bits as variant %zu, although %s\n", label,
			        report_variant_id(r, b->against / nprec) + 1, change);
		else
			fprintf(
			    f, "vs A: %s: differs from variant %zu by up to %s ulps%s because %s\n",
			    label, report_variant_id(r, b->against / nprec) + 1, u,
			    b->against_special ? " (and a NaN or infinity)" : "", change);
	}
}

/* Under a random rounding, each run's samples per output: mean, sd, significant digits and
 * bits, the mean's correct digits. */
static void significance_lines(const report *r, const run_record *runs, size_t nprec, FILE *f)
{
	for (size_t p = 0; p < nprec; p++) {
		const run_record *rr = &runs[p];
		vec_span span = {NULL, 0};
		char rnd[32], label[32];

		if (!rr->sig)
			continue;
		knob_format(KNOB_ROUNDING, &rr->knobs, rnd, sizeof rnd);
		fprintf(f, "significant digits of %s, rounding=%s, %u samples:\n",
		        prec_label(r, rr->prec, label, sizeof label), rnd, rr->draws);
		fprintf(f, "  %-16s %-24s %10s %7s %6s %9s\n", "output", "mean", "sd", "digits",
		        "bits", "correct");
		for (size_t i = 0; i < rr->res.nout; i++) {
			const sig_estimate *e = &rr->sig[i];

			if (!shown(&rr->res, i, &span))
				continue;
			fprintf(f, "  %-16s %-24.17g %10.3g %7.1f %6.1f %9.1f%s\n",
			        rr->res.out[i].name, e->mean, e->sd, e->digits, e->bits,
			        e->ref_digits, e->identical ? "  every sample the same" : "");
		}
	}
}

/* What the significant digits are, after the tables, when some run was sampled. */
static void significance_caption(const report *r, FILE *f)
{
	char cap[512];

	if (!report_sampled(r))
		return;
	fputc('\n', f);
	print_wrapped(f, report_significance_caption(r, cap, sizeof cap), 95);
}

static void text_head(const report *r, FILE *f)
{
	const scenario *sc = &r->sc;
	char mit[256], basis[400], inputs[1200];

	fprintf(f, "fpdrift %s: %s on %s (%zu x %zu)\n", PACKAGE_VERSION, sc->wl->name,
	        sc->data->name, sc->data->rows, sc->data->cols);
	if (sc->shards > 1)
		fprintf(f,
		        "shard %u of %u: %zu of the grid's %zu points (fpdrift merge joins the "
		        "shards' JSON reports)\n",
		        sc->shard + 1, sc->shards, r->nvariants, r->grid_size);
	fprintf(f, "reference: MPFR-%ld with order=exact.\n", (long)sc->ref_bits);
	print_wrapped(f, report_inputs_text(r, inputs, sizeof inputs), 92);
	print_wrapped(f, report_ulps_basis(r, basis, sizeof basis), 92);
	if (sc->round_out.kind != MITIG_NONE || sc->round_inside.kind != MITIG_NONE) {
		char in[32];

		fprintf(f, "mitigation: outputs %s, state after every iteration %s\n",
		        scenario_mitigation_text(sc, mit, sizeof mit),
		        mitig_describe(&sc->round_inside, in, sizeof in));
	}
	if (sc->wl->study) {
		char line[400];

		snprintf(line, sizeof line, "study: %s", sc->wl->study);
		print_wrapped(f, line, 92);
	}
	if (r->inv.command[0])
		fprintf(f, "command: %s\nat %s\n", r->inv.command, r->inv.timestamp);
}

/* The end: the CI gate's outcome and the verdict in plain words (the Markdown report's,
 * without its markup, so the two never say different things). */
static void text_verdict(const report *r, FILE *f)
{
	const report_invocation *inv = &r->inv;
	char *md = NULL;
	size_t len = 0;
	FILE *m;
	summary s;

	if (inv->command[0]) {
		if (!inv->gated)
			fprintf(f, "\nCI gate: none\n");
		else if (inv->passed)
			fprintf(f, "\nCI gate: passed\n");
		else
			fprintf(f, "\nCI gate: EXCEEDED\n%s\n", inv->outcome);
	}
	m = open_memstream(&md, &len);
	if (!m)
		return;
	summary_make(r, &s);
	markdown_verdict(r, &s, m);
	fclose(m);
	fputc('\n', f);
	for (const char *c = md; *c; c++) {
		if (strncmp(c, "## Verdict", 10) == 0) {
			fputs("verdict:", f);
			c += 9;
		} else if (*c == '\\' && c[1]) {
			fputc(*++c, f);
		} else if (*c == '*' && c[1] == '*') {
			c++;
		} else if (*c != '`') {
			fputc(*c, f);
		}
	}
	free(md);
}

int report_write_text(const report *r, FILE *f)
{
	const scenario *sc = &r->sc;
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0;
	char buf[FMT_VALUE_MAX], label[32];

	text_head(r, f);
	if (r->ref.note[0])
		fprintf(f, "note (reference): %s\n", r->ref.note);
	for (size_t v = 0; v < r->nvariants; v++) {
		const run_record *runs = &r->runs[v * nprec];
		vec_span span = {NULL, 0};
		knob_where where = scenario_where(sc, FP_PRECISION_COUNT);
		char kn[256];

		fprintf(f, "\nvariant %zu: %s\n", report_variant_id(r, v) + 1,
		        knob_describe_where(&r->variants[v], &where, kn, sizeof kn));
		for (size_t p = 0; p < nprec; p++) {
			char mim[96];

			if (*scenario_mimic_text(sc, runs[p].prec, &runs[p].knobs, mim, sizeof mim))
				fprintf(f, "%s computes as %s\n",
				        prec_label(r, runs[p].prec, label, sizeof label), mim);
		}
		fprintf(f, "%-16s", "output");
		for (size_t p = 0; p < nprec; p++) {
			fprintf(f, " %-26s %8s %6s",
			        prec_label(r, runs[p].prec, label, sizeof label), "ulps", "bits");
			if (runs[p].has_against)
				fprintf(f, " %8s", "vs A");
		}
		fputc('\n', f);
		for (size_t i = 0; i < runs[0].res.nout; i++) {
			if (!shown(&runs[0].res, i, &span))
				continue;
			fprintf(f, "%-16s", runs[0].res.out[i].name);
			for (size_t p = 0; p < nprec; p++) {
				const run_record *rr = &runs[p];
				char u[32];

				if (i >= rr->res.nout) {
					fprintf(f, " %-26s %8s %6s", "-", "-", "-");
					continue;
				}
				fmt_value(rr->res.out[i].value, rr->prec, buf, sizeof buf);
				if (strlen(buf) > 26)
					strcpy(buf + 23, "...");
				fmt_ulps(rr->m[i].ulps, rr->m[i].ulps_special, u, sizeof u);
				fprintf(f, " %-26s %8s %6.1f", buf, u, rr->m[i].correct_bits);
				if (rr->has_against)
					fprintf(f, " %8s",
					        fmt_ulps(rr->against_ulps[i],
					                 isnan(rr->against_ulps[i]), u, sizeof u));
			}
			fputc('\n', f);
		}
		fprintf(f, "%-16s", "summary");
		for (size_t p = 0; p < nprec; p++) {
			char s[160];

			summary_cell(r, &runs[p], v > 0, s, sizeof s);
			fprintf(f, " %-42s", s);
		}
		fputc('\n', f);
		against_lines(r, runs, nprec, f);
		significance_lines(r, runs, nprec, f);
		for (size_t p = 0; p < nprec; p++)
			if (runs[p].res.note[0])
				fprintf(f, "note (%s): %s\n",
				        prec_label(r, runs[p].prec, label, sizeof label),
				        runs[p].res.note);
	}
	if (r->nstats) {
		fprintf(f, "\nrepeats: %s over seeds 0..%u\n", sc->wl->final_metric->name,
		        sc->repeats - 1);
		fprintf(f, "%-8s %-10s %5s %14s %14s %14s %14s\n", "variant", "precision", "n",
		        "mean", "sd", "min", "max");
		for (size_t i = 0; i < r->nstats; i++) {
			const repeat_stats *s = &r->stats[i];

			fprintf(f, "%-8zu %-10s %5u %14.7g %14.7g %14.7g %14.7g%s\n",
			        report_variant_id(r, s->variant) + 1,
			        prec_label(r, s->prec, label, sizeof label), s->n, s->mean, s->sd,
			        s->min, s->max, s->nonfinite ? "  (some runs not finite)" : "");
		}
		fprintf(f, "\ndistinct outcomes (every output's bits) over the %u seeds:\n",
		        sc->repeats);
		for (size_t i = 0; i < r->nstats; i++) {
			char line[512];

			fprintf(f, "%-8zu %-10s %s\n",
			        report_variant_id(r, r->stats[i].variant) + 1,
			        prec_label(r, r->stats[i].prec, label, sizeof label),
			        report_outcomes_text(&r->stats[i], line, sizeof line));
		}
	}
	significance_caption(r, f);
	fprintf(f, "\n%zu runs in %.2f s\n", r->nruns, r->seconds);
	text_verdict(r, f);
	return ferror(f) ? -1 : 0;
}
