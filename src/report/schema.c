/* schema.c - the JSON Schema of the report, built from the tables: the workloads, the precision
 * table and the knob registry give the enums, types and patterns; the rest is the skeleton
 * below. data/fpdrift-report-1.schema.json is this schema as `fpdrift schema` prints it (a test
 * keeps the two equal), so a new knob, precision or workload changes the shipped schema. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "arith/precision.h"
#include "explore/knob.h"
#include "report/report.h"
#include "util/util.h"

/* Everything that does not come from a table; the table-driven members are empty objects. */
static const char skeleton[] =
    "{\"$schema\":\"https://json-schema.org/draft/2020-12/"
    "schema\",\"$id\":\"https://fpdrift.invalid"
    "/fpdrift-report-1.schema.json\",\"title\":\"fpdrift report, schema "
    "fpdrift-report/1\",\"type\":"
    "\"object\",\"required\":[\"schema\",\"version\",\"environment\","
    "\"scenario\",\"reference\",\"runs\",\"sec"
    "onds\"],\"additionalProperties\":false,\"properties\":{\"schema\":{"
    "\"const\":\"fpdrift-report/1\"},"
    "\"version\":{\"type\":\"string\"},\"seconds\":{\"type\":\"number\","
    "\"minimum\":0},\"environment\":{\"type"
    "\":\"object\",\"required\":[\"cpu\",\"compiler\",\"cflags\","
    "\"mpfr\",\"gmp\",\"openblas\",\"openblas_core\""
    ",\"jansson\"],\"additionalProperties\":false,\"properties\":{"
    "\"cpu\":{\"type\":\"string\"},\"hardware"
    "_fma\":{\"enum\":[\"yes\",\"no\"]},\"compiler\":{\"type\":"
    "\"string\"},\"cflags\":{\"type\":\"string\"},\"mpf"
    "r\":{\"type\":\"string\"},\"gmp\":{\"type\":\"string\"},"
    "\"openblas\":{\"type\":\"string\"},\"openblas_core"
    "\":{\"type\":\"string\"},\"jansson\":{\"type\":\"string\"}}},"
    "\"scenario\":{\"type\":\"object\",\"required\""
    ":[\"workload\",\"data\",\"precisions\",\"ref_bits\",\"seed\","
    "\"round\",\"round_inside\",\"parameters\"],"
    "\"additionalProperties\":false,\"properties\":{\"workload\":{},"
    "\"data\":{\"type\":\"object\",\"requir"
    "ed\":[\"name\",\"rows\",\"cols\",\"inputs\"],"
    "\"additionalProperties\":false,\"properties\":{\"name\":{\""
    "type\":\"string\"},\"rows\":{\"type\":\"integer\",\"minimum\":1},"
    "\"cols\":{\"type\":\"integer\",\"minimum\""
    ":1},\"inputs\":{\"type\":\"string\"}}},\"precisions\":{\"type\":"
    "\"array\",\"items\":{}},\"input_rounding\":{\"type\":\"object\",\"additionalProperties\":{"
    "\"type\":\"object\","
    "\"required\":[\"values\",\"changed\",\"overflowed\",\"to_zero\"],\"additionalProperties\":"
    "false,"
    "\"properties\":{\"values\":{\"type\":\"integer\",\"minimum\":0},\"changed\":{\"type\":"
    "\"integer\","
    "\"minimum\":0},\"overflowed\":{\"type\":\"integer\",\"minimum\":0},\"to_zero\":{\"type\":"
    "\"integer\",\"minimum\":0}}}},"
    "\"custom_format\":{\"type\":\"string\",\"pattern\":"
    "\"^custom:p=[0-9]+,emin=-?[0-9]+,emax=-?[0-9]+(,sat)?$\"},\"ref_bits\":{\"t"
    "ype\":\"integer\",\"minimum\":2},\"seed\":{\"type\":\"integer\","
    "\"minimum\":0},\"round\":{\"type\":\"strin"
    "g\",\"pattern\":\"^(none|sig|(round|trunc|bits):[0-9]+)$\"},\"round_"
    "inside\":{\"type\":\"string\",\"patt"
    "ern\":\"^(none|(round|trunc|bits):[0-9]+)$\"},\"parameters\":{"
    "\"type\":\"object\"}}},\"reference\":"
    "{\"type\":\"object\",\"required\":[\"precision\",\"bits\","
    "\"iterations\",\"outputs\"],\"additionalPrope"
    "rties\":false,\"properties\":{\"precision\":{},\"bits\":{\"type\":"
    "\"integer\",\"minimum\":2},\"iterati"
    "ons\":{\"type\":\"integer\",\"minimum\":0},\"note\":{\"type\":"
    "\"string\"},\"outputs\":{\"type\":\"array\",\""
    "items\":{\"type\":\"object\",\"required\":[\"name\",\"value\"],"
    "\"additionalProperties\":false,\"proper"
    "ties\":{\"name\":{\"type\":\"string\"},\"value\":{\"type\":"
    "\"string\"}}}}}},\"runs\":{\"type\":\"array\",\"i"
    "tems\":{\"type\":\"object\",\"required\":[\"mitigation\","
    "\"iterations\",\"outputs\",\"summary\"],\"addit"
    "ionalProperties\":false,\"properties\":{\"mitigation\":{\"type\":"
    "\"string\",\"pattern\":\"^(none|sig|(ro"
    "und|trunc|bits):[0-9]+)$\"},\"iterations\":{\"type\":\"integer\","
    "\"minimum\":0},\"note\":{\"type\":\"s"
    "tring\"},\"outputs\":{\"type\":\"array\",\"items\":{\"type\":"
    "\"object\",\"required\":[\"name\",\"value\",\"h"
    "ex\",\"ulps\",\"rel_err\",\"correct_bits\"],"
    "\"additionalProperties\":false,\"properties\":{\"name\":{"
    "\"type\":\"string\"},\"value\":{\"type\":\"string\"},\"hex\":{"
    "\"type\":\"string\"},\"ulps\":{\"type\":[\"numb"
    "er\",\"null\"],\"minimum\":0},\"rel_err\":{\"type\":[\"number\","
    "\"null\"],\"minimum\":0},\"correct_bits\""
    ":{\"type\":[\"number\",\"null\"],\"minimum\":0}}}},\"summary\":{"
    "\"type\":\"object\",\"required\":[\"max_u"
    "lps\",\"flips\",\"differs_from_first\",\"nonfinite\"],"
    "\"additionalProperties\":false,\"properties\""
    ":{\"max_ulps\":{\"type\":[\"number\",\"null\"],\"minimum\":0},\"flips\":{"
    "\"type\":\"integer\",\"minimum\":0},\"diffe"
    "rs_from_first\":{\"type\":\"boolean\"},\"nonfinite\":{\"type\":"
    "\"boolean\"}}}}}},\"repeats\":{\"type\":"
    "\"array\",\"items\":{\"type\":\"object\",\"required\":["
    "\"precision\",\"variant\",\"metric\",\"n\",\"nonfini"
    "te\",\"mean\",\"sd\",\"min\",\"max\"],\"additionalProperties\":"
    "false,\"properties\":{\"precision\":{},\""
    "variant\":{\"type\":\"integer\",\"minimum\":0},\"metric\":{"
    "\"type\":\"string\"},\"n\":{\"type\":\"integer\""
    ",\"minimum\":0},\"nonfinite\":{\"type\":\"integer\",\"minimum\":0},"
    "\"mean\":{\"type\":[\"number\",\"null\""
    "]},\"sd\":{\"type\":[\"number\",\"null\"],\"minimum\":0},\"min\":{"
    "\"type\":[\"number\",\"null\"]},\"max\":{\""
    "type\":[\"number\",\"null\"]}}}}}}";

/* {"enum": [every precision]} */
static json_t *precision_enum(void)
{
	json_t *e = json_array();

	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		json_array_append_new(e, json_string(precision_of((fp_precision)p)->name));
	return json_pack("{s:o}", "enum", e);
}

static json_t *workload_enum(void)
{
	json_t *e = json_array();

	for (size_t w = 0; workloads[w]; w++)
		json_array_append_new(e, json_string(workloads[w]->name));
	return json_pack("{s:o}", "enum", e);
}

/* One knob's value as the registry types it: an enum of its values, or a pattern, or an
 * integer range, or a boolean. */
static json_t *knob_schema(knob_id id)
{
	const knob_desc *d = &knob_table[id];
	json_t *e;
	knob_list all;

	if (d->json == KNOB_JSON_BOOLEAN)
		return json_pack("{s:s}", "type", "boolean");
	if (!d->values && d->json == KNOB_JSON_INTEGER)
		return json_pack("{s:s, s:I, s:I}", "type", "integer", "minimum",
		                 (json_int_t)d->min, "maximum", (json_int_t)d->max);
	if (!d->values)
		return json_pack("{s:s, s:s}", "type", "string", "pattern", d->pattern);
	ASSERTN(knob_parse_list(id, d->values, &all));
	e = json_array();
	for (size_t i = 0; i < all.n; i++) {
		char buf[64];

		knob_format(id, &all.v[i], buf, sizeof buf);
		json_array_append_new(e, d->json == KNOB_JSON_INTEGER
		                             ? json_integer((json_int_t)strtoll(buf, NULL, 10))
		                             : json_string(buf));
	}
	return json_pack("{s:o}", "enum", e);
}

/* A run's knob members and its required list: precision, every knob, then the skeleton's. */
static void run_members(json_t *items)
{
	json_t *props = json_object_get(items, "properties");
	json_t *old = json_object_get(items, "required"), *req = json_array();
	size_t i;
	json_t *v;

	/* its grid point: the index in the whole grid, also in a shard's report (runner.h) */
	json_object_set_new(props, "variant",
	                    json_pack("{s:s, s:i}", "type", "integer", "minimum", 0));
	json_array_append_new(req, json_string("variant"));
	json_object_set_new(props, "precision", precision_enum());
	json_array_append_new(req, json_string("precision"));
	for (int k = 0; k < KNOB_COUNT; k++) {
		json_object_set_new(props, knob_table[k].name, knob_schema((knob_id)k));
		json_array_append_new(req, json_string(knob_table[k].name));
	}
	json_array_foreach(old, i, v) json_array_append(req, v);
	/* the draws of a run that varies from run to run (runner.h's run_record) */
	{
		json_t *sum = json_object_get(props, "summary");
		json_t *more =
		    json_pack("{s:{s:s, s:i}, s:{s:s, s:i}, s:{s:[s, s], s:i}}", "draws", "type",
		              "integer", "minimum", 1, "distinct", "type", "integer", "minimum", 1,
		              "least_max_ulps", "type", "number", "null", "minimum", 0);
		json_t *names = json_pack("[s, s, s]", "draws", "distinct", "least_max_ulps");

		json_object_update(json_object_get(sum, "properties"), more);
		json_array_extend(json_object_get(sum, "required"), names);
		json_decref(more);
		json_decref(names);
	}
	/* A versus B (--against; runner.h): optional */
	json_object_set_new(
	    props, "against",
	    json_pack("{s:s, s:[s, s, s, s, s], s:b, s:{s:{s:s, s:i}, s:{s:s}, s:{s:[s, s], s:i}, "
	              "s:{s:s}, s:{s:s, s:{s:[s, s], s:i}}}}",
	              "type", "object", "required", "variant", "change", "max_ulps", "special",
	              "ulps", "additionalProperties", 0, "properties", "variant", "type", "integer",
	              "minimum", 0, "change", "type", "string", "max_ulps", "type", "number",
	              "null", "minimum", 0, "special", "type", "boolean", "ulps", "type", "array",
	              "items", "type", "number", "null", "minimum", 0));
	/* its own compute time (runner.h) */
	json_object_set_new(props, "seconds",
	                    json_pack("{s:s, s:i}", "type", "number", "minimum", 0));
	json_array_append_new(req, json_string("seconds"));
	/* whether an output's ulps are against the certified reference (runner.h) */
	json_object_set_new(
	    json_object_get(json_object_get(json_object_get(props, "outputs"), "items"),
	                    "properties"),
	    "certified", json_pack("{s:s}", "type", "boolean"));

	/* a random rounding's samples of each output (runner.h's sig, sigdig.h): optional */
	{
		json_t *oprops = json_object_get(
		    json_object_get(json_object_get(props, "outputs"), "items"), "properties");
		json_t *num = json_pack("{s:[s, s]}", "type", "number", "null");
		json_t *nonneg =
		    json_pack("{s:[s, s], s:i}", "type", "number", "null", "minimum", 0);

		json_object_set_new(oprops, "samples",
		                    json_pack("{s:s, s:i}", "type", "integer", "minimum", 0));
		json_object_set(oprops, "sample_mean", num);
		json_object_set(oprops, "sample_sd", nonneg);
		json_object_set(oprops, "significant_digits", nonneg);
		json_object_set(oprops, "significant_bits", nonneg);
		json_object_set_new(oprops, "samples_identical",
		                    json_pack("{s:s}", "type", "boolean"));
		json_object_set(oprops, "mean_correct_digits", nonneg);
		json_object_set(oprops, "mean_correct_bits", nonneg);
		json_decref(num);
		json_decref(nonneg);
	}
	/* the knobs whose values cannot change this run (knob.h's rules) */
	{
		json_t *names = json_array();

		for (int k = 0; k < KNOB_COUNT; k++)
			json_array_append_new(names, json_string(knob_table[k].name));
		json_object_set_new(
		    props, "inapplicable",
		    json_pack("{s:s, s:{s:o}}", "type", "array", "items", "enum", names));
	}
	json_object_set_new(items, "required", req);
}

/* The distinct outcomes of repeats (explore/runner.h, repeat_stats) and the precision enum,
 * into the skeleton's repeats item. */
static void repeat_members(json_t *item)
{
	json_t *props = json_object_get(item, "properties"),
	       *req = json_object_get(item, "required");
	json_t *ulps = json_pack("{s:[{s:s, s:i}, {s:s}]}", "oneOf", "type", "number", "minimum", 0,
	                         "const", "inf");
	json_t *count = json_pack("{s:s, s:i}", "type", "integer", "minimum", 0);

	json_object_set_new(props, "precision", precision_enum());
	json_object_set(props, "distinct", count);
	json_object_set(props, "spread_ulps", ulps);
	json_object_set(props, "unlisted", count);
	json_object_set_new(
	    props, "outcomes",
	    json_pack("{s:s, s:I, s:{s:s, s:[sssss], s:b, s:{s:O, s:O, s:O, s:O, s:{s:s, "
	              "s:{s:s, s:[ss], s:b, s:{s:{s:s}, s:{s:s}}}}}}}",
	              "type", "array", "maxItems", (json_int_t)RUNNER_OUTCOMES_MAX, "items", "type",
	              "object", "required", "count", "first_seed", "iterations",
	              "ulps_from_most_frequent", "outputs", "additionalProperties", 0, "properties",
	              "count", count, "first_seed", count, "iterations", count,
	              "ulps_from_most_frequent", ulps, "outputs", "type", "array", "items", "type",
	              "object", "required", "name", "hex", "additionalProperties", 0, "properties",
	              "name", "type", "string", "hex", "type", "string"));
	for (const char *const *m =
	         (const char *const[]){"distinct", "spread_ulps", "unlisted", "outcomes", NULL};
	     *m; m++)
		json_array_append_new(req, json_string(*m));
	json_decref(ulps);
	json_decref(count);
}

json_t *report_schema(void)
{
	json_error_t error;
	json_t *root = json_loads(skeleton, JSON_DISABLE_EOF_CHECK, &error), *props, *sc;

	ASSERTN(root != NULL);
	props = json_object_get(root, "properties");
	sc = json_object_get(json_object_get(props, "scenario"), "properties");
	json_object_set_new(sc, "workload", workload_enum());
	json_object_set_new(json_object_get(sc, "precisions"), "items", precision_enum());
	/* each run's and the reference's own compute time (runner.h) */
	{
		json_t *ref = json_object_get(props, "reference");

		json_object_set_new(json_object_get(ref, "properties"), "seconds",
		                    json_pack("{s:s, s:i}", "type", "number", "minimum", 0));
		json_array_append_new(json_object_get(ref, "required"), json_string("seconds"));
	}
	json_object_set_new(json_object_get(json_object_get(props, "reference"), "properties"),
	                    "precision", json_pack("{s:s}", "const", precision_of(FP_MPFR)->name));
	run_members(json_object_get(json_object_get(props, "runs"), "items"));
	/* the fusing probe of arith/blas.h, per fixed precision */
	{
		json_t *fuses = json_object();

		for (int p = 0; p < FP_PRECISION_COUNT; p++)
			if (precision_of((fp_precision)p)->ops.blas_fuses)
				json_object_set_new(fuses, precision_of((fp_precision)p)->name,
				                    json_pack("{s:s}", "type", "boolean"));
		json_object_set_new(
		    json_object_get(json_object_get(props, "environment"), "properties"),
		    "openblas_fuses",
		    json_pack("{s:s, s:o, s:b}", "type", "object", "properties", fuses,
		              "additionalProperties", 0));
	}
	repeat_members(json_object_get(json_object_get(props, "repeats"), "items"));
	/* how the report came to be (runner.h's report_invocation): optional */
	json_object_set_new(
	    props, "invocation",
	    json_pack("{s:s, s:[s, s, s], s:b, s:{s:{s:s}, s:{s:s}, s:{s:s, s:[s, s], s:{s:{s:[s, "
	              "s]}, s:{s:[s, s]}, s:{s:[s, s]}, s:{s:[s, s]}}, s:{s:[s, s, s]}, s:{s:s, "
	              "s:{s:s}}}}}",
	              "type", "object", "required", "command", "timestamp", "gate",
	              "additionalProperties", 0, "properties", "command", "type", "string",
	              "timestamp", "type", "string", "gate", "type", "object", "required",
	              "outcome", "exceeded", "properties", "max_ulps", "type", "number", "null",
	              "max_flips", "type", "number", "null", "max_std", "type", "number", "null",
	              "min_digits", "type", "number", "null", "outcome", "enum", "none", "passed",
	              "exceeded", "exceeded", "type", "array", "items", "type", "string"));
	/* a shard's report (--shard I/N): which slice of how big a grid; fpdrift merge drops it */
	json_object_set_new(
	    props, "shard",
	    json_pack("{s:s, s:{s:{s:s, s:i}, s:{s:s, s:i}, s:{s:s, s:i}}, s:[s, s, s], s:b}",
	              "type", "object", "properties", "index", "type", "integer", "minimum", 1,
	              "count", "type", "integer", "minimum", 1, "grid", "type", "integer",
	              "minimum", 0, "required", "index", "count", "grid", "additionalProperties",
	              0));
	return root;
}

int report_write_schema(FILE *f)
{
	json_t *s = report_schema();
	int rc = json_dumpf(s, f, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

	json_decref(s);
	if (rc == 0 && fputc('\n', f) == EOF)
		rc = -1;
	return rc || ferror(f) ? -1 : 0;
}
