/* json.c - the report as JSON, schema "fpdrift-report/1", written with jansson (which escapes
 * and formats JSON correctly, so this file only builds the tree). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arith/precision.h"
#include "explore/format.h"
#include "explore/knob.h"
#include "report/report.h"
#include "util/util.h"

/* A double as JSON: a number when finite, else null (JSON has no NaN or infinity). */
static json_t *number(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* The length of the well-formed UTF-8 sequence at s (Unicode 15, table 3-7: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_char(const unsigned char *s)
{
	unsigned char c = s[0];
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

/* A JSON string of s, which comes from outside (a file name, the CPU's name): JSON holds only
 * UTF-8, so each byte that does not begin a well-formed sequence becomes U+FFFD. */
static json_t *text(const char *s)
{
	size_t len = strlen(s), o = 0;
	char *buf = xmalloc(3 * len + 1);
	json_t *j;

	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		size_t n = utf8_char(p);

		if (n) {
			memcpy(buf + o, p, n);
			o += n;
			p += n;
		} else {
			memcpy(buf + o, "\xef\xbf\xbd", 3);
			o += 3;
			p++;
		}
	}
	buf[o] = '\0';
	j = json_string(buf);
	free(buf);
	return j;
}

static json_t *environment_json(void)
{
	environment e;

	environment_read(&e);
	return json_pack("{s:o, s:s*, s:s, s:s, s:s, s:s, s:s, s:s, s:{s:b, s:b}, s:s}", "cpu",
	                 text(e.cpu), "hardware_fma",
	                 e.hw_fma < 0 ? NULL
	                 : e.hw_fma   ? "yes"
	                              : "no",
	                 "compiler", e.compiler, "cflags", e.cflags, "mpfr", e.mpfr, "gmp", e.gmp,
	                 "openblas", e.openblas, "openblas_core", e.openblas_core, "openblas_fuses",
	                 "float", e.blas_fuses_f, "double", e.blas_fuses_d, "jansson", e.jansson);
}

/* The workload's own parameters, from its parameter table, each in its JSON type. */
static json_t *parameters_json(const scenario *sc)
{
	json_t *o = json_object();

	for (const wl_param *p = sc->wl->params; p && p->name; p++) {
		char buf[256];
		json_t *v;

		p->format(&sc->params, buf, sizeof buf);
		switch (p->type) {
		case WL_PARAM_INTEGER:
			v = json_integer((json_int_t)strtoll(buf, NULL, 10));
			break;
		case WL_PARAM_REAL:
			v = number(strtod(buf, NULL));
			break;
		case WL_PARAM_BOOLEAN:
			v = json_boolean(strcmp(buf, "on") == 0);
			break;
		default:
			v = text(buf);
			break;
		}
		json_object_set_new(o, p->name, v);
	}
	json_object_set_new(o, "repeats", json_integer((json_int_t)sc->repeats));
	json_object_set_new(o, "samples", json_integer((json_int_t)sc->samples));
	return o;
}

static json_t *scenario_json(const report *r)
{
	const scenario *sc = &r->sc;
	json_t *precs = json_array();
	char m1[32], m2[32];

	for (int i = 0; i < FP_PRECISION_COUNT; i++)
		if (sc->precision[i])
			json_array_append_new(precs,
			                      json_string(precision_of((fp_precision)i)->name));
	json_t *o = json_pack(
	    "{s:s, s:{s:o, s:I, s:I, s:s}, s:o, s:I, s:I, s:s, s:s, s:o}", "workload", sc->wl->name,
	    "data", "name", text(sc->data->name), "rows", (json_int_t)sc->data->rows, "cols",
	    (json_int_t)sc->data->cols, "inputs", REPORT_INPUTS, "precisions", precs, "ref_bits",
	    (json_int_t)sc->ref_bits, "seed", (json_int_t)sc->seed, "round",
	    mitig_describe(&sc->round_out, m1, sizeof m1), "round_inside",
	    mitig_describe(&sc->round_inside, m2, sizeof m2), "parameters", parameters_json(sc));

	json_t *in = json_object();

	for (int i = 0; i < FP_PRECISION_COUNT; i++)
		if (sc->precision[i] && (i == FP_FLOAT || precision_emulated((fp_precision)i)))
			json_object_set_new(in, precision_of((fp_precision)i)->name,
			                    json_pack("{s:I, s:I, s:I, s:I}", "values",
			                              (json_int_t)r->input[i].values, "changed",
			                              (json_int_t)r->input[i].changed, "overflowed",
			                              (json_int_t)r->input[i].overflowed, "to_zero",
			                              (json_int_t)r->input[i].to_zero));
	json_object_set_new(o, "input_rounding", in);
	if (sc->precision[FP_CUSTOM] && precision_format(FP_CUSTOM))
		json_object_set_new(o, "custom_format",
		                    json_string(precision_format(FP_CUSTOM)->name));
	return o;
}

/* A knob's value in its JSON type (knob.h). */
static json_t *knob_json_value(knob_id id, const fp_knobs *k)
{
	char buf[64];

	knob_format(id, k, buf, sizeof buf);
	switch (knob_table[id].json) {
	case KNOB_JSON_INTEGER:
		return json_integer((json_int_t)strtoll(buf, NULL, 10));
	case KNOB_JSON_BOOLEAN:
		return json_boolean(strcmp(buf, "on") == 0);
	default:
		return json_string(buf);
	}
}

static json_t *reference_json(const report *r)
{
	json_t *outs = json_array();
	char buf[FMT_VALUE_MAX];

	for (size_t i = 0; i < r->ref.nout; i++)
		json_array_append_new(
		    outs, json_pack("{s:s, s:s}", "name", r->ref.out[i].name, "value",
		                    fmt_value(r->ref.out[i].value, FP_MPFR, buf, sizeof buf)));
	return json_pack("{s:s, s:I, s:I, s:f, s:o, s:o*}", "precision",
	                 precision_of(FP_MPFR)->name, "bits", (json_int_t)r->sc.ref_bits,
	                 "iterations", (json_int_t)r->ref.iterations, "seconds", r->ref_seconds,
	                 "outputs", outs, "note", r->ref.note[0] ? text(r->ref.note) : NULL);
}

/* A versus B (--against): the run A this run is compared with, the knobs that differ, and
 * each output's ulps from A's (null when a NaN or an infinity stands in one of them). */
static json_t *against_json(const report *r, const run_record *rr)
{
	const run_record *a = &r->runs[rr->against];
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 1;
	json_t *ulps = json_array();
	char change[400];

	for (size_t i = 0; i < rr->res.nout; i++)
		json_array_append_new(ulps, number(rr->against_ulps[i]));
	return json_pack("{s:I, s:s, s:o, s:b, s:o}", "variant",
	                 (json_int_t)report_variant_id(r, rr->against / nprec), "change",
	                 runner_knob_change(&a->knobs, &rr->knobs, change, sizeof change),
	                 "max_ulps", number(rr->against_max), "special", rr->against_special,
	                 "ulps", ulps);
}

static json_t *run_json(const report *r, const run_record *rr, size_t variant)
{
	json_t *outs = json_array(), *run;
	char v[FMT_VALUE_MAX], h[FMT_VALUE_MAX], mit[32];

	for (size_t i = 0; i < rr->res.nout; i++) {
		const out_metric *m = &rr->m[i];
		json_t *o = json_pack(
		    "{s:s, s:s, s:s, s:o, s:b, s:o, s:o}", "name", rr->res.out[i].name, "value",
		    fmt_value(rr->res.out[i].value, rr->prec, v, sizeof v), "hex",
		    fmt_hex(rr->res.out[i].value, rr->prec, h, sizeof h), "ulps",
		    m->ulps_special ? json_null() : number(m->ulps), "certified", m->certified,
		    "rel_err", number(m->rel_err), "correct_bits", number(m->correct_bits));

		if (rr->sig) { /* a random rounding's samples (sigdig.h) */
			const sig_estimate *e = &rr->sig[i];

			json_object_update_new(
			    o,
			    json_pack("{s:I, s:o, s:o, s:o, s:o, s:b, s:o, s:o}", "samples",
			              (json_int_t)e->n, "sample_mean", number(e->mean), "sample_sd",
			              number(e->sd), "significant_digits", number(e->digits),
			              "significant_bits", number(e->bits), "samples_identical",
			              e->identical, "mean_correct_digits", number(e->ref_digits),
			              "mean_correct_bits", number(e->ref_bits)));
		}
		json_array_append_new(outs, o);
	}
	run = json_pack("{s:I, s:s}", "variant", (json_int_t)variant, "precision",
	                precision_of(rr->prec)->name);
	for (int k = 0; k < KNOB_COUNT; k++)
		json_object_set_new(run, knob_table[k].name,
		                    knob_json_value((knob_id)k, &rr->knobs));
	{
		knob_where w = scenario_where(&r->sc, rr->prec);
		json_t *na = json_array();

		for (int k = 0; k < KNOB_COUNT; k++)
			if (!knob_applies((knob_id)k, &w, &rr->knobs))
				json_array_append_new(na, json_string(knob_table[k].name));
		json_object_set_new(run, "inapplicable", na);
	}
	json_object_set_new(run, "mitigation",
	                    json_string(mitig_describe(&r->sc.round_out, mit, sizeof mit)));
	json_object_set_new(run, "iterations", json_integer((json_int_t)rr->res.iterations));
	json_object_set_new(run, "seconds", json_real(rr->seconds));
	json_object_set_new(run, "outputs", outs);
	json_object_set_new(
	    run, "summary",
	    json_pack("{s:o, s:I, s:b, s:b, s:I, s:I, s:o}", "max_ulps", number(rr->max_ulps),
	              "flips", (json_int_t)rr->flips, "differs_from_first", rr->differs_from_first,
	              "nonfinite", rr->res.nonfinite, "draws", (json_int_t)rr->draws, "distinct",
	              (json_int_t)rr->distinct, "least_max_ulps", number(rr->least_max_ulps)));
	if (rr->has_against)
		json_object_set_new(run, "against", against_json(r, rr));
	if (rr->res.note[0])
		json_object_set_new(run, "note", text(rr->res.note));
	return run;
}

/* A distance in ulps between outcomes: a number, or the string "inf" when they differ in a
 * NaN or an infinity. */
static json_t *ulps_json(double u)
{
	return isfinite(u) ? json_real(u) : json_string("inf");
}

/* The distinct outcomes of repeats, each with every output's bits. */
static json_t *outcomes_json(const repeat_stats *s)
{
	json_t *list = json_array();
	char h[FMT_VALUE_MAX];

	for (size_t i = 0; i < s->noutcomes; i++) {
		const repeat_outcome *o = &s->outcomes[i];
		json_t *outs = json_array();

		for (size_t j = 0; j < o->res.nout; j++)
			json_array_append_new(
			    outs, json_pack("{s:s, s:s}", "name", o->res.out[j].name, "hex",
			                    fmt_hex(o->res.out[j].value, s->prec, h, sizeof h)));
		json_array_append_new(
		    list, json_pack("{s:I, s:I, s:I, s:o, s:o}", "count", (json_int_t)o->count,
		                    "first_seed", (json_int_t)o->first_seed, "iterations",
		                    (json_int_t)o->res.iterations, "ulps_from_most_frequent",
		                    ulps_json(o->ulps), "outputs", outs));
	}
	return list;
}

/* The command line, the time and the gate's outcome (runner.h's report_invocation). */
static json_t *invocation_json(const report_invocation *inv)
{
	json_t *exceeded = json_array();
	const char *line = inv->outcome;

	while (!inv->passed && *line) {
		size_t n = strcspn(line, "\n");

		json_array_append_new(exceeded, json_stringn(line, n));
		line += n + (line[n] == '\n');
	}
	return json_pack("{s:o, s:s, s:{s:o, s:o, s:o, s:o, s:s, s:o}}", "command",
	                 text(inv->command), "timestamp", inv->timestamp, "gate", "max_ulps",
	                 inv->max_ulps >= 0 ? json_real(inv->max_ulps) : json_null(), "max_flips",
	                 inv->max_flips >= 0 ? json_real(inv->max_flips) : json_null(), "max_std",
	                 inv->max_std >= 0 ? json_real(inv->max_std) : json_null(), "min_digits",
	                 inv->min_digits >= 0 ? json_real(inv->min_digits) : json_null(), "outcome",
	                 !inv->gated   ? "none"
	                 : inv->passed ? "passed"
	                               : "exceeded",
	                 "exceeded", exceeded);
}

int report_write_json(const report *r, FILE *f)
{
	json_t *runs = json_array(), *root;
	int rc;

	for (size_t i = 0; i < r->nruns; i++)
		json_array_append_new(
		    runs,
		    run_json(r, &r->runs[i], report_variant_id(r, i / (r->nruns / r->nvariants))));
	root = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:f}", "schema", "fpdrift-report/1",
	                 "version", PACKAGE_VERSION, "environment", environment_json(), "scenario",
	                 scenario_json(r), "reference", reference_json(r), "runs", runs, "seconds",
	                 r->seconds);
	if (r->inv.command[0])
		json_object_set_new(root, "invocation", invocation_json(&r->inv));
	if (r->nstats || r->sc.repeats > 1) { /* a shard without grid points has none */
		json_t *stats = json_array();

		for (size_t i = 0; i < r->nstats; i++) {
			const repeat_stats *s = &r->stats[i];

			json_array_append_new(
			    stats,
			    json_pack("{s:s, s:I, s:s, s:I, s:I, s:o, s:o, s:o, s:o, s:I, s:o, "
			              "s:I, s:o}",
			              "precision", precision_of(s->prec)->name, "variant",
			              (json_int_t)report_variant_id(r, s->variant), "metric",
			              r->sc.wl->final_metric->name, "n", (json_int_t)s->n,
			              "nonfinite", (json_int_t)s->nonfinite, "mean",
			              number(s->mean), "sd", number(s->sd), "min", number(s->min),
			              "max", number(s->max), "distinct", (json_int_t)s->noutcomes,
			              "spread_ulps", ulps_json(s->spread), "unlisted",
			              (json_int_t)s->unlisted, "outcomes", outcomes_json(s)));
		}
		json_object_set_new(root, "repeats", stats);
	}
	if (r->sc.shards > 1) /* fpdrift merge joins the shards into the whole run's report */
		json_object_set_new(
		    root, "shard",
		    json_pack("{s:I, s:I, s:I}", "index", (json_int_t)r->sc.shard + 1, "count",
		              (json_int_t)r->sc.shards, "grid", (json_int_t)r->grid_size));
	rc = json_dumpf(root, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	json_decref(root);
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	return rc || ferror(f) ? -1 : 0;
}
