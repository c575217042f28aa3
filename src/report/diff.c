/* diff.c - fpdrift diff: two JSON reports compared output by output (diff.h says how runs
 * and outputs are matched and how far apart two values are). */
#include "config.h"

#include "report/diff.h"

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <mpfr.h>

#include "arith/precision.h"
#include "explore/format.h"
#include "explore/runner.h"
#include "report/report_impl.h"
#include "util/util.h"

/* The knob members of a run, in the order labels list them, and their defaults (a label
 * names only the knobs off their default). */
static const char *const knob_keys[] = {"order", "lanes",  "threads",   "combine",
                                        "fma",   "kernel", "mitigation"};
static const char *const knob_defaults[] = {"seq", "1", "1", "ordered", "off", "naive", "none"};
#define NKNOBS (sizeof knob_keys / sizeof knob_keys[0])

/* One run of a report, as read. */
typedef struct run_in {
	const json_t *run;
	fp_precision prec;
	mpfr_prec_t bits;
	char *plabel;          /* "double", "mpfr-256" */
	char knob[NKNOBS][48]; /* each knob's value as text */
	const json_t *outputs; /* the array */
	long matched;          /* the index of its partner in the other report, or -1 */
} run_in;

typedef struct report_in {
	const char *name;
	run_in *runs;
	size_t n;
} report_in;

static int bad(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int bad(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return DIFF_EBAD;
}

static char *json_text(const json_t *v)
{
	char *s;

	if (!v)
		return xstrdup("(absent)");
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));
	if (!s)
		return xstrdup("?");
	{
		char *r = xstrdup(s);

		free(s);
		return r;
	}
}

/* A knob member as text: booleans as off/on, numbers in decimal. */
static void knob_text(const json_t *v, char *buf, size_t size)
{
	if (json_is_boolean(v))
		snprintf(buf, size, "%s", json_is_true(v) ? "on" : "off");
	else if (json_is_integer(v))
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
	else if (json_is_string(v))
		snprintf(buf, size, "%s", json_string_value(v));
	else
		snprintf(buf, size, "?");
}

static bool precision_named(const char *name, fp_precision *p)
{
	for (int i = 0; i < FP_PRECISION_COUNT; i++)
		if (strcmp(precision_table[i].name, name) == 0) {
			*p = (fp_precision)i;
			return true;
		}
	return false;
}

/* Read the runs of one report. 0 or DIFF_EBAD. */
static int read_report(const json_t *doc, const char *name, report_in *r, char *err, size_t errsize)
{
	const json_t *schema = json_object_get(doc, "schema"), *runs, *e;
	json_int_t bits;
	size_t i;

	r->name = name;
	r->runs = NULL;
	r->n = 0;
	if (!json_is_object(doc) || !json_is_string(schema) ||
	    strcmp(json_string_value(schema), "fpdrift-report/1") != 0)
		return bad(err, errsize,
		           "%s: not an fpdrift JSON report (no \"schema\": "
		           "\"fpdrift-report/1\")",
		           name);
	bits = json_integer_value(json_object_get(json_object_get(doc, "scenario"), "ref_bits"));
	runs = json_object_get(doc, "runs");
	if (!json_is_array(runs) || bits < MPFR_PREC_MIN || bits > 1 << 20)
		return bad(err, errsize, "%s: no \"runs\" list or no scenario \"ref_bits\"", name);
	{ /* a custom format's runs are read in it (one per process, as in a run) */
		const json_t *cf =
		    json_object_get(json_object_get(doc, "scenario"), "custom_format");
		char why[200];

		if (json_is_string(cf) &&
		    !precision_set_custom(json_string_value(cf), why, sizeof why))
			return bad(err, errsize, "%s: scenario \"custom_format\": %s", name, why);
	}
	r->runs = xcalloc(json_array_size(runs) + 1, sizeof *r->runs);
	json_array_foreach(runs, i, e)
	{
		run_in *ri = &r->runs[r->n];
		const json_t *p = json_object_get(e, "precision");
		char label[80];

		if (!json_is_object(e) || !json_is_string(p) ||
		    !precision_named(json_string_value(p), &ri->prec) ||
		    (ri->prec == FP_CUSTOM && !precision_format(FP_CUSTOM)))
			return bad(err, errsize, "%s: runs[%zu] has no known \"precision\"", name,
			           i);
		ri->outputs = json_object_get(e, "outputs");
		if (!json_is_array(ri->outputs))
			return bad(err, errsize, "%s: runs[%zu] has no \"outputs\" list", name, i);
		ri->run = e;
		ri->bits = precision_bits(ri->prec, (mpfr_prec_t)bits);
		ri->plabel =
		    xstrdup(precision_label(ri->prec, (mpfr_prec_t)bits, label, sizeof label));
		for (size_t k = 0; k < NKNOBS; k++)
			knob_text(json_object_get(e, knob_keys[k]), ri->knob[k],
			          sizeof ri->knob[k]);
		ri->matched = -1;
		r->n++;
	}
	return 0;
}

static void report_in_clear(report_in *r)
{
	for (size_t i = 0; i < r->n; i++)
		free(r->runs[i].plabel);
	free(r->runs);
}

static bool same_knobs(const run_in *a, const run_in *b)
{
	for (size_t k = 0; k < NKNOBS; k++)
		if (strcmp(a->knob[k], b->knob[k]) != 0)
			return false;
	return true;
}

/* "double order=pairwise fma=on": the precision and the knobs off their default. */
static char *run_label(const run_in *r)
{
	char buf[512];

	snprintf(buf, sizeof buf, "%s", r->plabel);
	for (size_t k = 0; k < NKNOBS; k++)
		if (strcmp(r->knob[k], knob_defaults[k]) != 0)
			appendf(buf, sizeof buf, " %s=%s", k == NKNOBS - 1 ? "round" : knob_keys[k],
			        r->knob[k]);
	return xstrdup(buf);
}

/* The knobs in which a and b differ, as "order=seq fma=off" for each side. */
static void knob_changes(const run_in *a, const run_in *b, char **ka, char **kb)
{
	char x[512] = "", y[512] = "";

	for (size_t k = 0; k < NKNOBS; k++)
		if (strcmp(a->knob[k], b->knob[k]) != 0) {
			appendf(x, sizeof x, "%s%s=%s", x[0] ? " " : "", knob_keys[k], a->knob[k]);
			appendf(y, sizeof y, "%s%s=%s", y[0] ? " " : "", knob_keys[k], b->knob[k]);
		}
	*ka = x[0] ? xstrdup(x) : NULL;
	*kb = y[0] ? xstrdup(y) : NULL;
}

/* Pair the runs: the same precision and knobs first, then the same precision in report
 * order. */
static void pair_runs(report_in *o, report_in *n)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < n->n; j++) {
			if (n->runs[j].matched >= 0)
				continue;
			for (size_t i = 0; i < o->n; i++) {
				run_in *a = &o->runs[i], *b = &n->runs[j];

				if (a->matched >= 0 || a->prec != b->prec || a->bits != b->bits ||
				    (pass == 0 && !same_knobs(a, b)))
					continue;
				a->matched = (long)j;
				b->matched = (long)i;
				break;
			}
		}
}

/* An output value of a run, exactly: its "hex" form when there is one, else "value";
 * NaN and the infinities as the reports spell them. 0, or -1 when it does not parse. */
static int read_value(const json_t *o, mpfr_ptr v)
{
	const json_t *h = json_object_get(o, "hex");
	const char *s = json_is_string(h) ? json_string_value(h)
	                                  : json_string_value(json_object_get(o, "value"));
	char *end;

	if (!s)
		return -1;
	if (strcmp(s, "NaN") == 0) {
		mpfr_set_nan(v);
		return 0;
	}
	if (strcmp(s, "Infinity") == 0 || strcmp(s, "-Infinity") == 0) {
		mpfr_set_inf(v, s[0] == '-' ? -1 : 1);
		return 0;
	}
	if (!*s || strchr(" \t\n", *s))
		return -1;
	mpfr_strtofr(v, s, &end, 0, MPFR_RNDN);
	return *end ? -1 : 0;
}

static const char *out_name(const json_t *o)
{
	const char *s = json_string_value(json_object_get(o, "name"));

	return s ? s : "";
}

/* The old output named like new output j: at the same index when the names agree there (the
 * usual case, so the whole match is linear), else by a search. */
static const json_t *find_output(const json_t *olds, size_t j, const char *name, bool *used)
{
	const json_t *e = json_array_get(olds, j);
	size_t i;

	if (e && !used[j] && strcmp(out_name(e), name) == 0) {
		used[j] = true;
		return e;
	}
	json_array_foreach(olds, i, e)
	{
		if (!used[i] && strcmp(out_name(e), name) == 0) {
			used[i] = true;
			return e;
		}
	}
	return NULL;
}

static char *value_text(const json_t *o)
{
	const char *s = json_string_value(json_object_get(o, "value"));

	return xstrdup(s ? s : "?");
}

static void push_output(diff_run *r, diff_output x)
{
	r->out = xreallocarray(r->out, r->nout + 1, sizeof *r->out);
	r->out[r->nout++] = x;
}

static double summary_num(const json_t *run, const char *key)
{
	const json_t *v = json_object_get(json_object_get(run, "summary"), key);

	return json_is_number(v) ? json_number_value(v) : (double)NAN;
}

/* A whole number >= 0 of a run's summary, or -1 when it has none. */
static long summary_count(const json_t *run, const char *key)
{
	const json_t *v = json_object_get(json_object_get(run, "summary"), key);

	return json_is_integer(v) && json_integer_value(v) >= 0 && json_integer_value(v) <= LONG_MAX
	           ? (long)json_integer_value(v)
	           : -1;
}

/* Compare the outputs of a pair of runs (either may be NULL: added or removed). */
static int compare_runs(const run_in *a, const run_in *b, const char *oname, const char *nname,
                        diff_run *r, char *err, size_t errsize)
{
	const json_t *olds = a ? a->outputs : NULL, *news = b ? b->outputs : NULL, *e;
	size_t no = olds ? json_array_size(olds) : 0, j;
	bool *used = xcalloc(no + 1, sizeof *used);
	mpfr_t x, y;
	int rc = 0;

	mpfr_init2(x, (a ? a : b)->bits);
	mpfr_init2(y, (a ? a : b)->bits);
	r->ref_old = a ? summary_num(a->run, "max_ulps") : (double)NAN;
	r->ref_new = b ? summary_num(b->run, "max_ulps") : (double)NAN;
	r->flips_old = a ? summary_count(a->run, "flips") : -1;
	r->flips_new = b ? summary_count(b->run, "flips") : -1;
	json_array_foreach(news, j, e)
	{
		const char *name = out_name(e);
		const json_t *o = olds ? find_output(olds, j, name, used) : NULL;
		diff_output d = {xstrdup(name), o ? value_text(o) : NULL,
		                 value_text(e), o ? DIFF_SAME : DIFF_ADDED,
		                 (double)NAN,   false};

		if (o) {
			if (read_value(o, x) || read_value(e, y)) {
				rc = bad(err, errsize,
				         "%s: output %s of run %s: a value that does not "
				         "parse as a number",
				         read_value(o, x) ? oname : nname, name, r->label);
				free(d.name);
				free(d.old_value);
				free(d.new_value);
				break;
			}
			if (mpfr_nan_p(x) && mpfr_nan_p(y))
				d.ulps = 0;
			else
				d.ulps = runner_ulps(b->prec, b->bits, y, x, &d.special);
			if (d.special || d.ulps > 0 || mpfr_signbit(x) != mpfr_signbit(y))
				d.state = DIFF_CHANGED;
		}
		push_output(r, d);
	}
	for (size_t i = 0; rc == 0 && i < no; i++)
		if (!used[i]) {
			const json_t *o = json_array_get(olds, i);

			push_output(r, (diff_output){xstrdup(out_name(o)), value_text(o), NULL,
			                             DIFF_REMOVED, (double)NAN, false});
		}
	free(used);
	mpfr_clear(x);
	mpfr_clear(y);
	return rc;
}

/* Tally a run's outputs into it and into the whole. */
static void tally(report_diff *d, diff_run *r)
{
	r->max_ulps = 0;
	for (size_t i = 0; i < r->nout; i++) {
		const diff_output *o = &r->out[i];

		r->ndiffer += o->state == DIFF_CHANGED;
		r->nadded += o->state == DIFF_ADDED;
		r->nremoved += o->state == DIFF_REMOVED;
		if (o->special)
			r->special = true;
		else if (o->state == DIFF_CHANGED && o->ulps > r->max_ulps)
			r->max_ulps = o->ulps;
	}
	if (r->state == DIFF_SAME && (r->ndiffer || r->nadded || r->nremoved || r->knobs_old))
		r->state = DIFF_CHANGED;
	if (r->state == DIFF_ADDED || r->state == DIFF_REMOVED)
		return;
	d->ncompared++;
	d->nchanged += r->state == DIFF_CHANGED;
	d->outputs += r->nout - r->nadded - r->nremoved;
	d->outputs_differ += r->ndiffer;
	d->special |= r->special;
	if (r->max_ulps > d->max_ulps)
		d->max_ulps = r->max_ulps;
}

static int add_run(report_diff *d, const run_in *a, const run_in *b, const report_in *o,
                   const report_in *n, char *err, size_t errsize)
{
	diff_run *r;

	d->runs = xreallocarray(d->runs, d->nruns + 1, sizeof *d->runs);
	r = &d->runs[d->nruns++];
	memset(r, 0, sizeof *r);
	r->label = run_label(b ? b : a);
	r->state = !a ? DIFF_ADDED : !b ? DIFF_REMOVED : DIFF_SAME;
	if (a && b)
		knob_changes(a, b, &r->knobs_old, &r->knobs_new);
	if (compare_runs(a, b, o->name, n->name, r, err, errsize))
		return DIFF_EBAD;
	tally(d, r);
	d->nadded += r->state == DIFF_ADDED;
	d->nremoved += r->state == DIFF_REMOVED;
	return 0;
}

/* Every leaf of a and b (objects flattened with dotted names) that differs, as
 * "name: old -> new", appended to *list. */
static void changes(const json_t *a, const json_t *b, const char *prefix, char ***list, size_t *n)
{
	const char *key;
	const json_t *v;

	if (json_is_object(a) && json_is_object(b)) {
		json_object_foreach((json_t *)a, key, v)
		{
			char name[256];

			snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "." : "", key);
			changes(v, json_object_get(b, key), name, list, n);
		}
		json_object_foreach((json_t *)b, key, v)
		{
			char name[256];

			if (json_object_get(a, key))
				continue;
			snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "." : "", key);
			changes(NULL, v, name, list, n);
		}
		return;
	}
	if (a && b && json_equal(a, b))
		return;
	{
		char *x = json_text(a), *y = json_text(b);
		size_t len = strlen(prefix) + strlen(x) + strlen(y) + 8;
		char *line = xmalloc(len);

		snprintf(line, len, "%s: %s -> %s", prefix, x, y);
		free(x);
		free(y);
		*list = xreallocarray(*list, *n + 1, sizeof **list);
		(*list)[(*n)++] = line;
	}
}

int report_diff_make(const json_t *old_doc, const json_t *new_doc, const char *old_name,
                     const char *new_name, report_diff *d, char *err, size_t errsize)
{
	report_in o, n;
	int rc;

	memset(d, 0, sizeof *d);
	d->old_name = xstrdup(old_name);
	d->new_name = xstrdup(new_name);
	rc = read_report(old_doc, old_name, &o, err, errsize);
	if (!rc)
		rc = read_report(new_doc, new_name, &n, err, errsize);
	else
		n = (report_in){new_name, NULL, 0};
	if (!rc) {
		pair_runs(&o, &n);
		for (size_t j = 0; j < n.n && !rc; j++)
			rc = add_run(d, n.runs[j].matched >= 0 ? &o.runs[n.runs[j].matched] : NULL,
			             &n.runs[j], &o, &n, err, errsize);
		for (size_t i = 0; i < o.n && !rc; i++)
			if (o.runs[i].matched < 0)
				rc = add_run(d, &o.runs[i], NULL, &o, &n, err, errsize);
	}
	if (!rc) {
		static const char *const members[] = {"version", "scenario"};

		for (size_t i = 0; i < 2; i++)
			changes(json_object_get(old_doc, members[i]),
			        json_object_get(new_doc, members[i]), members[i], &d->scenario,
			        &d->nscenario);
		changes(json_object_get(old_doc, "environment"),
		        json_object_get(new_doc, "environment"), "", &d->environment,
		        &d->nenvironment);
	}
	report_in_clear(&o);
	report_in_clear(&n);
	if (rc)
		report_diff_clear(d);
	return rc;
}

void report_diff_clear(report_diff *d)
{
	for (size_t i = 0; i < d->nruns; i++) {
		diff_run *r = &d->runs[i];

		for (size_t j = 0; j < r->nout; j++) {
			free(r->out[j].name);
			free(r->out[j].old_value);
			free(r->out[j].new_value);
		}
		free(r->out);
		free(r->label);
		free(r->knobs_old);
		free(r->knobs_new);
	}
	free(d->runs);
	for (size_t i = 0; i < d->nscenario; i++)
		free(d->scenario[i]);
	free(d->scenario);
	for (size_t i = 0; i < d->nenvironment; i++)
		free(d->environment[i]);
	free(d->environment);
	free(d->old_name);
	free(d->new_name);
	memset(d, 0, sizeof *d);
}

/* The first output of the run with the largest distance, for the verdict. */
static const diff_output *worst_output(const diff_run *r)
{
	const diff_output *w = NULL;

	for (size_t i = 0; i < r->nout; i++)
		if (r->out[i].state == DIFF_CHANGED &&
		    (!w || r->out[i].special || (!w->special && r->out[i].ulps > w->ulps)))
			w = &r->out[i];
	return w;
}

void report_diff_verdict(const report_diff *d, char *buf, size_t size)
{
	const diff_run *worst = NULL;
	size_t nknob = 0;

	for (size_t i = 0; i < d->nruns; i++) {
		const diff_run *r = &d->runs[i];

		if (r->state != DIFF_CHANGED)
			continue;
		nknob += r->knobs_old != NULL;
		if (!worst || (r->special && !worst->special) ||
		    (!worst->special && r->max_ulps > worst->max_ulps))
			worst = r;
	}
	if (d->ncompared == 0) {
		snprintf(buf, size,
		         "Nothing to compare: no run of %s has the precision of a run of %s.",
		         d->new_name, d->old_name);
		return;
	}
	if (!d->nchanged) {
		snprintf(buf, size,
		         "%s reproduces %s bit for bit: all %zu outputs of the %zu runs they "
		         "share are the same",
		         d->new_name, d->old_name, d->outputs, d->ncompared);
	} else {
		const diff_output *w = worst_output(worst);
		char u[32];

		fmt_ulps(worst->max_ulps, worst->special, u, sizeof u);
		snprintf(buf, size, "%s differs from %s in %zu of %zu outputs (%zu of %zu runs)",
		         d->new_name, d->old_name, d->outputs_differ, d->outputs, d->nchanged,
		         d->ncompared);
		if (w)
			appendf(buf, size, ", by up to %s ulps (%s, %s: %s -> %s)", u, worst->label,
			        w->name, w->old_value, w->new_value);
		if (worst->knobs_old)
			appendf(buf, size, ", because the knobs changed: %s -> %s",
			        worst->knobs_old, worst->knobs_new);
		else if (nknob)
			appendf(buf, size, "; %zu run%s changed knobs", nknob,
			        nknob == 1 ? "" : "s");
	}
	/* when the knobs changed they say why; else what else did */
	if (!worst || !worst->knobs_old) {
		if (d->nscenario)
			appendf(buf, size, "; the scenario changed (%s%s)", d->scenario[0],
			        d->nscenario > 1 ? ", ..." : "");
		else if (d->nchanged && d->nenvironment)
			appendf(buf, size, "; same scenario, different machine or build (%s%s)",
			        d->environment[0], d->nenvironment > 1 ? ", ..." : "");
		else if (d->nchanged)
			appendf(buf, size,
			        "; same scenario and environment: a racy combine or a "
			        "change of fpdrift itself");
	}
	if (d->nremoved)
		appendf(buf, size, "; %zu run%s of %s missing", d->nremoved,
		        d->nremoved == 1 ? "" : "s", d->new_name);
	if (d->nadded)
		appendf(buf, size, "; %zu run%s added", d->nadded, d->nadded == 1 ? "" : "s");
	appendf(buf, size, ".");
}
