/* markdown.c - the report for people: the verdict first, then a table per knob, the repeats
 * and the environment. The HTML writer shows the same content (markdown_body). */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/format.h"
#include "explore/knob.h"
#include "explore/summary.h"
#include "report/report.h"
#include "report/report_impl.h"

/* The column name of a precision in this report. */
static const char *prec_label(const report *r, fp_precision p, char *buf, size_t size)
{
	return precision_label(p, r->sc.ref_bits, buf, size);
}

static void ulps_text(double u, char *buf, size_t size)
{
	if (isinf(u))
		snprintf(buf, size, "not finite");
	else if (u >= 1e7)
		snprintf(buf, size, "%.2e", u);
	else
		snprintf(buf, size, "%.0f", u);
}

/* What the knobs' values do not say (knob.h's notes), a bullet per knob and note: "fma=off:
 * fused by the library, in 6 of 12 runs". */
static void knob_notes(const report *r, FILE *f)
{
	for (int k = 0; k < KNOB_COUNT; k++) {
		const char *first = NULL;
		char val[64] = "";
		size_t count = 0;

		for (size_t i = 0; i < r->nruns; i++) {
			knob_where w = scenario_where(&r->sc, r->runs[i].prec);
			const char *note = knob_note((knob_id)k, &w, &r->runs[i].knobs);

			if (!note || (first && strcmp(note, first) != 0))
				continue;
			if (!first)
				knob_format((knob_id)k, &r->runs[i].knobs, val, sizeof val);
			first = note;
			count++;
		}
		if (first)
			fprintf(f, "- **%s=%s**: %s, in %zu of %zu runs.\n", knob_table[k].name,
			        val, first, count, r->nruns);
	}
}

void markdown_verdict(const report *r, const summary *s, FILE *f)
{
	char label[32], u[32], mit[32];
	bool any_knob = false;

	fprintf(f, "## Verdict\n\n");
	for (int k = 0; k < KNOB_COUNT; k++) {
		const knob_effect *e = &s->knob[k];
		bool changes = false;

		if (e->nvalues < 2)
			continue;
		any_knob = true;
		fprintf(f, "- **%s** (", e->name);
		for (size_t v = 0; v < e->nvalues; v++)
			fprintf(f, "%s%s", v ? ", " : "", e->value[v]);
		fprintf(f, "): ");
		for (int p = 0; p < FP_PRECISION_COUNT; p++) {
			if (!s->precision[p])
				continue;
			if (e->changes[p]) {
				ulps_text(e->spread[p], u, sizeof u);
				fprintf(f, "%schanges the %s result by up to %s ulps",
				        changes ? "; " : "",
				        prec_label(r, (fp_precision)p, label, sizeof label), u);
				changes = true;
			}
		}
		if (!changes && !e->applies)
			fprintf(f, "does not apply to these runs (it changes nothing under %s)",
			        knob_table[k].na_help);
		else if (!changes)
			fprintf(f, "changes no result");
		fprintf(f, ".\n");
	}
	knob_notes(r, f);
	if (!any_knob)
		fprintf(f,
		        "- One variant only: give knobs several values (`--threads 1,2,4`) to see "
		        "which change the result.\n");
	if (s->mitigated) {
		mitig_describe(&r->sc.round_out, mit, sizeof mit);
		for (int p = 0; p < FP_PRECISION_COUNT; p++) {
			if (!s->precision[p])
				continue;
			prec_label(r, (fp_precision)p, label, sizeof label);
			fprintf(f, "- **%s** on the %s outputs: ", mit, label);
			if (!s->raw_differ[p])
				fprintf(f, "the variants agreed before it; ");
			else if (!s->differ[p])
				fprintf(f, "removes the difference between the variants; ");
			else
				fprintf(f, "does **not** remove the difference (values on either "
				           "side of a "
				           "rounding boundary stay apart); ");
			fprintf(f, "the fewest correct bits go from %.1f to %.1f.\n",
			        s->worst_raw_bits[p], s->worst_bits[p]);
		}
	}
	if (s->nonfinite_runs)
		fprintf(f, "- %zu run(s) produced NaN or infinite values.\n", s->nonfinite_runs);
	if (s->flipped_runs)
		fprintf(f, "- %zu run(s) flipped labels or predictions against the reference.\n",
		        s->flipped_runs);
	fprintf(f, "\n");
}

void markdown_knob_tables(const report *r, const summary *s, FILE *f)
{
	char label[32], u[32];

	for (int k = 0; k < KNOB_COUNT; k++) {
		const knob_effect *e = &s->knob[k];

		if (e->nvalues < 2)
			continue;
		fprintf(
		    f,
		    "### %s\n\nLargest ulps against the reference, over the other knobs:\n\n| %s |",
		    e->name, e->name);
		for (int p = 0; p < FP_PRECISION_COUNT; p++)
			if (s->precision[p])
				fprintf(f, " %s |",
				        prec_label(r, (fp_precision)p, label, sizeof label));
		fprintf(f, "\n|---|");
		for (int p = 0; p < FP_PRECISION_COUNT; p++)
			if (s->precision[p])
				fprintf(f, "---:|");
		fprintf(f, "\n");
		for (size_t v = 0; v < e->nvalues; v++) {
			fprintf(f, "| %s |", e->value[v]);
			for (int p = 0; p < FP_PRECISION_COUNT; p++)
				if (s->precision[p]) {
					ulps_text(e->max_ulps[v][p], u, sizeof u);
					fprintf(f, " %s |", u);
				}
			fprintf(f, "\n");
		}
		fprintf(f, "\n");
	}
}

void markdown_repeats(const report *r, FILE *f)
{
	char label[32];

	if (!r->nstats)
		return;
	fprintf(f,
	        "## Repeats\n\n`%s` over seeds 0..%u: judge by the mean and standard deviation, "
	        "not by one run. The distinct outcomes count every output's bits: how many "
	        "seeds gave each, and how many ulps it lies from the most frequent.\n\n"
	        "| variant | precision | n | mean | sd | min | max | distinct outcomes |\n"
	        "|---:|---|---:|---:|---:|---:|---:|---|\n",
	        r->sc.wl->final_metric->name, r->sc.repeats - 1);
	for (size_t i = 0; i < r->nstats; i++) {
		const repeat_stats *st = &r->stats[i];
		char buf[512];

		fprintf(f, "| %zu | %s | %u | %.10g | %.3g | %.10g | %.10g | %s |\n",
		        report_variant_id(r, st->variant) + 1,
		        prec_label(r, st->prec, label, sizeof label), st->n, st->mean, st->sd,
		        st->min, st->max, report_outcomes_text(st, buf, sizeof buf));
	}
	fprintf(f, "\n");
}

bool report_sampled(const report *r)
{
	for (size_t i = 0; i < r->nruns; i++)
		if (r->runs[i].sig)
			return true;
	return false;
}

const char *report_significance_caption(const report *r, char *buf, size_t size)
{
	snprintf(buf, size,
	         "Under a random rounding each variant runs %u times (--samples); the significant "
	         "digits of an output are those its samples share with probability %.2f at "
	         "confidence %.2f (the Centered Normality Hypothesis estimator of Sohier et al., "
	         "\"Confidence intervals for stochastic arithmetic\", ACM TOMS 2021), the "
	         "correct digits those of the samples' mean against the exact result.",
	         r->sc.samples, SIG_PROBABILITY, SIG_CONFIDENCE);
	return buf;
}

/* A number of digits or bits for people: "5.3", or "-" when there is none. */
static const char *digits_text(double d, char *buf, size_t size)
{
	if (isnan(d))
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%.1f", d);
	return buf;
}

void markdown_significance(const report *r, FILE *f)
{
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0;
	char cap[512], label[32];

	if (!report_sampled(r))
		return;
	fprintf(f, "## Significant digits\n\n");
	markdown_text(f, report_significance_caption(r, cap, sizeof cap));
	fprintf(
	    f,
	    "\n\n| variant | rounding | precision | output | mean | sd | significant digits | "
	    "bits | correct digits of the mean |\n|---:|---|---|---|---:|---:|---:|---:|---:|\n");
	for (size_t i = 0; i < r->nruns; i++) {
		const run_record *rr = &r->runs[i];
		char rnd[32];

		if (!rr->sig)
			continue;
		knob_format(KNOB_ROUNDING, &rr->knobs, rnd, sizeof rnd);
		for (size_t o = 0; o < rr->res.nout; o++) {
			const sig_estimate *e = &rr->sig[o];
			char d[16], b[16], c[16];

			fprintf(f, "| %zu | %s | %s | ",
			        report_variant_id(r, i / (nprec ? nprec : 1)) + 1, rnd,
			        prec_label(r, rr->prec, label, sizeof label));
			markdown_text(f, rr->res.out[o].name);
			fprintf(f, " | %.*g | %.3g | %s%s | %s | %s |\n",
			        rr->prec == FP_DOUBLE || rr->prec == FP_MPFR ? 17 : 9, e->mean,
			        e->sd, digits_text(e->digits, d, sizeof d),
			        e->identical ? " (every sample the same)" : "",
			        digits_text(e->bits, b, sizeof b),
			        digits_text(e->ref_digits, c, sizeof c));
		}
	}
	fprintf(f, "\n");
}

/* s as Markdown text that shows literally, inside a line: the characters that open HTML,
 * entities, code, emphasis, strikethrough, links, images or table cells backslash-escaped
 * (CommonMark 2.4), so that no name from a file or the machine becomes markup; control
 * characters become spaces. The HTML report's converter reads these escapes (html.c). */
void markdown_text(FILE *f, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x20 || c == 0x7f)
			fputc(' ', f);
		else if (strchr("\\`*_[]<>&|!~", c))
			fprintf(f, "\\%c", c);
		else
			fputc(c, f);
	}
}

void markdown_environment(const report *r, FILE *f)
{
	environment e;

	environment_read(&e);
	fputs("## Environment\n\n- CPU: ", f);
	markdown_text(f, e.cpu);
	fprintf(f,
	        " (hardware FMA: %s)\n- Compiler: %s; flags: `%s`\n"
	        "- MPFR %s, GMP %s, %s (core %s), Jansson %s\n- fpdrift %s; %zu runs in %.2f s\n",
	        e.hw_fma < 0 ? "unknown"
	        : e.hw_fma   ? "yes"
	                     : "no",
	        e.compiler, e.cflags, e.mpfr, e.gmp, e.openblas, e.openblas_core, e.jansson,
	        PACKAGE_VERSION, r->nruns, r->seconds);
	fprintf(f,
	        "- OpenBLAS fuses multiply-adds in its dot and gemm kernels (probed at start-up): "
	        "float %s, double %s\n\n",
	        e.blas_fuses_f ? "yes" : "no", e.blas_fuses_d ? "yes" : "no");
}

void markdown_title(const report *r, FILE *f)
{
	char mit[256], basis[400], inputs[1200];

	fprintf(f, "# fpdrift report: %s on ", r->sc.wl->name);
	markdown_text(f, r->sc.data->name);
	fprintf(f, " (%zu x %zu)\n\n", r->sc.data->rows, r->sc.data->cols);
	report_ulps_basis(r, basis, sizeof basis);
	basis[0] = 'U'; /* a sentence of its own here */
	fprintf(f,
	        "Reference: MPFR at %ld bits with exact reductions. %s Mitigation of the outputs: "
	        "%s. %s",
	        (long)r->sc.ref_bits, report_inputs_text(r, inputs, sizeof inputs),
	        scenario_mitigation_text(&r->sc, mit, sizeof mit), basis);
	for (size_t i = 0; i < r->nruns; i++)
		if (r->runs[i].draws > 1 && !r->runs[i].sig) {
			fprintf(f,
			        " Runs that vary from run to run (a racy combine) were drawn %u "
			        "times each; their figures are those of the worst draw.",
			        r->runs[i].draws);
			break;
		}
	for (size_t i = 0; i < r->nruns; i++)
		if (r->runs[i].sig) {
			fprintf(f,
			        " Runs under a random rounding were sampled %u times each; their "
			        "ulps and correct bits are those of the worst sample, their "
			        "significant digits those of all of them.",
			        r->runs[i].draws);
			break;
		}
	if (r->sc.wl->study)
		fprintf(f, " The study: %s.", r->sc.wl->study);
	fprintf(f, "\n\n");
	markdown_invocation(r, f);
}

void markdown_invocation(const report *r, FILE *f)
{
	const report_invocation *inv = &r->inv;

	if (!inv->command[0])
		return;
	fputs("- Command: `", f);
	for (const char *c = inv->command; *c; c++) /* in code: only a backtick needs care */
		fputc(*c == '`' ? '\'' : *c, f);
	fprintf(f, "`\n- fpdrift %s, %s\n- CI gate: ", PACKAGE_VERSION, inv->timestamp);
	if (!inv->gated) {
		fputs("none (no --max-ulps, --max-flips, --max-std or --min-digits)\n\n", f);
		return;
	}
	fputs(inv->passed ? "**passed**" : "**exceeded**", f);
	if (inv->max_ulps >= 0)
		fprintf(f, " (--max-ulps %g)", inv->max_ulps);
	if (inv->max_flips >= 0)
		fprintf(f, " (--max-flips %g)", inv->max_flips);
	if (inv->max_std >= 0)
		fprintf(f, " (--max-std %g)", inv->max_std);
	if (inv->min_digits >= 0)
		fprintf(f, " (--min-digits %g)", inv->min_digits);
	fputs("\n", f);
	for (const char *line = inv->outcome; !inv->passed && *line;) {
		size_t n = strcspn(line, "\n");
		char buf[1024];

		snprintf(buf, sizeof buf, "%.*s", (int)n, line);
		fputs("- ", f); /* a list item of its own: the HTML converter has no nested lists */
		markdown_text(f, buf);
		fputs("\n", f);
		line += n + (line[n] == '\n');
	}
	fputs("\n", f);
}

/* Each variant's knobs: the "variant N" of the other tables. */
void markdown_variants(const report *r, FILE *f)
{
	knob_where where = scenario_where(&r->sc, FP_PRECISION_COUNT);

	if (r->nvariants < 2)
		return;
	fputs("## Variants\n\n| variant |", f);
	for (int k = 0; k < KNOB_COUNT; k++)
		fprintf(f, " %s |", knob_table[k].name);
	fputs("\n|---|", f);
	for (int k = 0; k < KNOB_COUNT; k++)
		fputs("---|", f);
	fputs("\n", f);
	for (size_t v = 0; v < r->nvariants; v++) {
		fprintf(f, "| %zu |", report_variant_id(r, v) + 1);
		for (int k = 0; k < KNOB_COUNT; k++) {
			char val[64];

			knob_format((knob_id)k, &r->variants[v], val, sizeof val);
			fputs(" ", f);
			markdown_text(f, val);
			fputs(knob_applies((knob_id)k, &where, &r->variants[v]) ? " |" : " (n/a) |",
			      f);
		}
		fputs("\n", f);
	}
	fputs("\n", f);
}

void report_value_rows(const report *r, FILE *f, const value_rows *st)
{
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0;
	char buf[FMT_VALUE_MAX], u[40];

	for (size_t v = 0; v < r->nvariants; v++) {
		const run_record *runs = &r->runs[v * nprec];

		for (size_t i = 0; i < runs[0].res.nout; i++) {
			fprintf(f, "%s%zu%s", st->open, report_variant_id(r, v) + 1, st->sep);
			st->text(f, runs[0].res.out[i].name);
			for (size_t p = 0; p < nprec; p++) {
				bool have = i < runs[p].res.nout;

				if (have) {
					fmt_value(runs[p].res.out[i].value, runs[p].prec, buf,
					          sizeof buf);
					fmt_ulps(runs[p].m[i].ulps, runs[p].m[i].ulps_special, u,
					         sizeof u);
				}
				fprintf(f, "%s%s%s%s", st->sep, have ? buf : "-", st->sep,
				        have ? u : "-");
			}
			fputs(st->close, f);
		}
	}
}

/* Every output's value and ulps, per variant and precision, collapsed (an HTML details
 * element, which GitHub's Markdown shows folded). */
void markdown_values(const report *r, FILE *f)
{
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0;
	char label[32];

	if (!nprec)
		return;
	fputs("## Values\n\n<details><summary>Every output's value and its ulps from the "
	      "reference</summary>\n\n| variant | output |",
	      f);
	for (size_t p = 0; p < nprec; p++)
		fprintf(f, " %s | ulps |", prec_label(r, r->runs[p].prec, label, sizeof label));
	fputs("\n|---|---|", f);
	for (size_t p = 0; p < nprec; p++)
		fputs("---:|---:|", f);
	fputs("\n", f);
	report_value_rows(r, f, &(const value_rows){"| ", " | ", " |\n", markdown_text});
	fputs("\n</details>\n\n", f);
}

int report_write_markdown(const report *r, FILE *f)
{
	summary s;

	summary_make(r, &s);
	markdown_title(r, f);
	markdown_verdict(r, &s, f);
	if (summary_any_knob(&s))
		fprintf(f, "## Knobs\n\n");
	markdown_knob_tables(r, &s, f);
	markdown_variants(r, f);
	markdown_repeats(r, f);
	markdown_significance(r, f);
	markdown_values(r, f);
	markdown_environment(r, f);
	return ferror(f) ? -1 : 0;
}
