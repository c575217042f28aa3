/* diff_write.c - fpdrift diff's output: text for a terminal, Markdown for a CI job summary
 * (the differing outputs collapsed), JSON for programs. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "explore/format.h"
#include "report/diff.h"
#include "report/report_impl.h"

#define SHOW_MAX 20 /* differing outputs listed per run in text and Markdown */

static const char *const state_names[] = {"same", "changed", "added", "removed"};

static void pair_text(double a, double b, char *buf, size_t size)
{
	char x[32], y[32];

	fmt_ulps(a, false, x, sizeof x);
	fmt_ulps(b, false, y, sizeof y);
	snprintf(buf, size, "%s -> %s", x, y);
}

static void flips_text(long a, long b, char *buf, size_t size)
{
	if (a < 0 || b < 0)
		snprintf(buf, size, "-");
	else
		snprintf(buf, size, "%ld -> %ld", a, b);
}

/* A run's figures as the runs table shows them. */
typedef struct row_text {
	char u[32], ref[80], fl[48];
} row_text;

static void row_of(const diff_run *r, row_text *t)
{
	fmt_ulps(r->max_ulps, r->special, t->u, sizeof t->u);
	pair_text(r->ref_old, r->ref_new, t->ref, sizeof t->ref);
	flips_text(r->flips_old, r->flips_new, t->fl, sizeof t->fl);
}

/* The next output of r that is not the same, from *j on, while fewer than SHOW_MAX have been
 * shown; NULL at the end. */
static const diff_output *next_shown(const diff_run *r, size_t *j, size_t *shown)
{
	for (; *j < r->nout && *shown < SHOW_MAX; ++*j)
		if (r->out[*j].state != DIFF_SAME) {
			++*shown;
			return &r->out[(*j)++];
		}
	return NULL;
}

static void write_text(const report_diff *d, FILE *f)
{
	char v[2048];

	fprintf(f, "fpdrift diff: %s -> %s\n\n", d->old_name, d->new_name);
	fprintf(f, "scenario:%s\n", d->nscenario ? "" : " the same");
	for (size_t i = 0; i < d->nscenario; i++)
		fprintf(f, "  %s\n", d->scenario[i]);
	fprintf(f, "environment:%s\n", d->nenvironment ? "" : " the same");
	for (size_t i = 0; i < d->nenvironment; i++)
		fprintf(f, "  %s\n", d->environment[i]);
	fprintf(f,
	        "\n%zu runs compared (%zu the same bit for bit, %zu differ), %zu added, %zu "
	        "removed\n\n",
	        d->ncompared, d->ncompared - d->nchanged, d->nchanged, d->nadded, d->nremoved);
	fprintf(f, "%-40s %7s %7s %9s  %-20s %s\n", "run", "outputs", "differ", "max ulps",
	        "ref ulps old -> new", "flips");
	for (size_t i = 0; i < d->nruns; i++) {
		const diff_run *r = &d->runs[i];
		row_text t;

		row_of(r, &t);
		if (r->state == DIFF_ADDED || r->state == DIFF_REMOVED)
			fprintf(f, "%-40s %7zu %7s %9s  %-20s %s\n", r->label, r->nout,
			        state_names[r->state], "", "", "");
		else
			fprintf(f, "%-40s %7zu %7zu %9s  %-20s %s\n", r->label, r->nout, r->ndiffer,
			        t.u, t.ref, t.fl);
		if (r->knobs_old)
			fprintf(f, "    paired across knobs: %s -> %s\n", r->knobs_old,
			        r->knobs_new);
	}
	for (size_t i = 0; i < d->nruns; i++) {
		const diff_run *r = &d->runs[i];
		size_t shown = 0;

		if (r->state != DIFF_CHANGED || !(r->ndiffer + r->nadded + r->nremoved))
			continue;
		fprintf(f, "\n%s:\n", r->label);
		const diff_output *o;
		size_t j = 0;

		while ((o = next_shown(r, &j, &shown))) {
			char u[32];

			fmt_ulps(o->ulps, o->special, u, sizeof u);
			if (o->state == DIFF_CHANGED)
				fprintf(f, "  %-20s %s -> %s  (%s ulps)\n", o->name, o->old_value,
				        o->new_value, u);
			else
				fprintf(f, "  %-20s %s (%s)\n", o->name,
				        o->state == DIFF_ADDED ? o->new_value : o->old_value,
				        state_names[o->state]);
		}
		if (r->ndiffer + r->nadded + r->nremoved > shown)
			fprintf(f, "  ... and %zu more\n",
			        r->ndiffer + r->nadded + r->nremoved - shown);
	}
	report_diff_verdict(d, v, sizeof v);
	fprintf(f, "\nverdict: %s\n", v);
}

static void md_row_end(FILE *f)
{
	fputs(" |\n", f);
}

static void write_markdown(const report_diff *d, FILE *f)
{
	char v[2048];

	fputs("## fpdrift diff: ", f);
	markdown_text(f, d->old_name);
	fputs(" → ", f);
	markdown_text(f, d->new_name);
	report_diff_verdict(d, v, sizeof v);
	fputs("\n\n**", f);
	markdown_text(f, v);
	fprintf(f,
	        "**\n\n%zu runs compared (%zu the same bit for bit, %zu differ), %zu added, %zu "
	        "removed.\n\n",
	        d->ncompared, d->ncompared - d->nchanged, d->nchanged, d->nadded, d->nremoved);
	fputs("| run | outputs | differ | max ulps | ulps from the reference (old → new) | flips "
	      "|\n|---|---:|---:|---:|---|---|\n",
	      f);
	for (size_t i = 0; i < d->nruns; i++) {
		const diff_run *r = &d->runs[i];
		row_text t;

		row_of(r, &t);
		fputs("| ", f);
		markdown_text(f, r->label);
		if (r->knobs_old) {
			fputs(" (was ", f);
			markdown_text(f, r->knobs_old);
			fputs(")", f);
		}
		if (r->state == DIFF_ADDED || r->state == DIFF_REMOVED)
			fprintf(f, " | %zu | %s | | | ", r->nout, state_names[r->state]);
		else
			fprintf(f, " | %zu | %zu | %s | %s | %s", r->nout, r->ndiffer, t.u, t.ref,
			        t.fl);
		md_row_end(f);
	}
	if (d->nscenario || d->nenvironment) {
		fputs("\nChanged between the reports:\n\n", f);
		for (size_t i = 0; i < d->nscenario; i++) {
			fputs("- ", f);
			markdown_text(f, d->scenario[i]);
			fputs("\n", f);
		}
		for (size_t i = 0; i < d->nenvironment; i++) {
			fputs("- environment ", f);
			markdown_text(f, d->environment[i]);
			fputs("\n", f);
		}
	}
	if (!d->outputs_differ && !d->nadded && !d->nremoved)
		return;
	fputs("\n<details><summary>Outputs that differ</summary>\n\n| run | output | old | new | "
	      "ulps |\n|---|---|---|---|---:|\n",
	      f);
	for (size_t i = 0; i < d->nruns; i++) {
		const diff_run *r = &d->runs[i];
		size_t shown = 0;

		const diff_output *o;
		size_t j = 0;

		while ((o = next_shown(r, &j, &shown))) {
			char u[32];

			fmt_ulps(o->ulps, o->special, u, sizeof u);
			fputs("| ", f);
			markdown_text(f, r->label);
			fputs(" | ", f);
			markdown_text(f, o->name);
			fputs(" | ", f);
			markdown_text(f, o->old_value ? o->old_value : "(absent)");
			fputs(" | ", f);
			markdown_text(f, o->new_value ? o->new_value : "(absent)");
			fprintf(f, " | %s", o->state == DIFF_CHANGED ? u : state_names[o->state]);
			md_row_end(f);
		}
	}
	fputs("\n</details>\n", f);
}

static json_t *num_json(double u)
{
	return isfinite(u) ? json_real(u) : json_null();
}

static json_t *run_json(const diff_run *r)
{
	json_t *o = json_object(), *outs = json_array();

	json_object_set_new(o, "run", json_string(r->label));
	json_object_set_new(o, "state", json_string(state_names[r->state]));
	if (r->knobs_old) {
		json_object_set_new(o, "knobs_old", json_string(r->knobs_old));
		json_object_set_new(o, "knobs_new", json_string(r->knobs_new));
	}
	json_object_set_new(o, "outputs", json_integer((json_int_t)r->nout));
	json_object_set_new(o, "differ", json_integer((json_int_t)r->ndiffer));
	json_object_set_new(o, "max_ulps", r->special ? json_null() : num_json(r->max_ulps));
	json_object_set_new(o, "special", json_boolean(r->special));
	json_object_set_new(o, "ref_ulps_old", num_json(r->ref_old));
	json_object_set_new(o, "ref_ulps_new", num_json(r->ref_new));
	for (size_t j = 0; j < r->nout; j++) {
		const diff_output *x = &r->out[j];
		json_t *e;

		if (x->state == DIFF_SAME)
			continue;
		e = json_object();
		json_object_set_new(e, "name", json_string(x->name));
		json_object_set_new(e, "state", json_string(state_names[x->state]));
		json_object_set_new(e, "old",
		                    x->old_value ? json_string(x->old_value) : json_null());
		json_object_set_new(e, "new",
		                    x->new_value ? json_string(x->new_value) : json_null());
		json_object_set_new(e, "ulps", x->special ? json_null() : num_json(x->ulps));
		json_array_append_new(outs, e);
	}
	json_object_set_new(o, "differing_outputs", outs);
	return o;
}

static json_t *strings_json(char *const *s, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

static int write_json(const report_diff *d, FILE *f)
{
	json_t *o = json_object(), *runs = json_array();
	char v[2048];
	int rc;

	json_object_set_new(o, "schema", json_string("fpdrift-diff/1"));
	json_object_set_new(o, "old", json_string(d->old_name));
	json_object_set_new(o, "new", json_string(d->new_name));
	report_diff_verdict(d, v, sizeof v);
	json_object_set_new(o, "verdict", json_string(v));
	json_object_set_new(o, "compared", json_integer((json_int_t)d->ncompared));
	json_object_set_new(o, "changed", json_integer((json_int_t)d->nchanged));
	json_object_set_new(o, "added", json_integer((json_int_t)d->nadded));
	json_object_set_new(o, "removed", json_integer((json_int_t)d->nremoved));
	json_object_set_new(o, "outputs", json_integer((json_int_t)d->outputs));
	json_object_set_new(o, "outputs_differ", json_integer((json_int_t)d->outputs_differ));
	json_object_set_new(o, "max_ulps", d->special ? json_null() : num_json(d->max_ulps));
	json_object_set_new(o, "scenario_changes", strings_json(d->scenario, d->nscenario));
	json_object_set_new(o, "environment_changes",
	                    strings_json(d->environment, d->nenvironment));
	for (size_t i = 0; i < d->nruns; i++)
		json_array_append_new(runs, run_json(&d->runs[i]));
	json_object_set_new(o, "runs", runs);
	rc = json_dumpf(o, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	json_decref(o);
	if (rc || fputc('\n', f) == EOF)
		return -1;
	return 0;
}

int report_diff_write(const report_diff *d, FILE *f, diff_format fmt)
{
	errno = 0;
	if (fmt == DIFF_JSON) {
		if (write_json(d, f))
			return -1;
	} else if (fmt == DIFF_MARKDOWN) {
		write_markdown(d, f);
	} else {
		write_text(d, f);
	}
	return ferror(f) ? -1 : 0;
}
