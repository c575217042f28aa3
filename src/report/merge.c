/* merge.c - fpdrift merge: the JSON reports of the shards of one run (--shard I/N) joined into
 * the report of the whole run.
 *
 * A shard's report is a whole report of its slice of the grid: the same schema, version,
 * environment, scenario and reference as every other shard's (the reference's compute time
 * aside), its runs and repeats for the grid points v with v % N == I - 1, each with v, and a
 * "shard" member {index I, count N, grid G}. The merge checks all of that, then lists the runs
 * and the repeats by grid point, as the whole run lists them, drops "shard" (and the first
 * shard's "invocation": the caller says how the merge came to be) and makes
 * "seconds" the sum of the shards' (the only figure that is not the whole run's own: it is the
 * time the shards took together, not the time one run would have taken). */
#include "config.h"

#include "report/merge.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

typedef struct shard_in {
	const json_t *doc;
	const char *name;
	size_t index; /* from 1 */
} shard_in;

static int fail(char *err, size_t errsize, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *err, size_t errsize, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errsize, fmt, ap);
	va_end(ap);
	return MERGE_EBAD;
}

/* A whole number member of o in [lo, hi], or false. */
static bool whole(const json_t *o, const char *key, json_int_t lo, json_int_t hi, json_int_t *out)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v) || json_integer_value(v) < lo || json_integer_value(v) > hi)
		return false;
	*out = json_integer_value(v);
	return true;
}

/* Does member key of a equal b's? For "reference", its "seconds" aside. */
static bool same_member(const json_t *a, const json_t *b, const char *key)
{
	const json_t *x = json_object_get(a, key), *y = json_object_get(b, key);
	json_t *cx, *cy;
	bool same;

	if (!x || !y)
		return false;
	if (strcmp(key, "reference") != 0 || !json_is_object(x) || !json_is_object(y))
		return json_equal(x, y) != 0;
	cx = json_copy((json_t *)x);
	cy = json_copy((json_t *)y);
	json_object_del(cx, "seconds");
	json_object_del(cy, "seconds");
	same = json_equal(cx, cy) != 0;
	json_decref(cx);
	json_decref(cy);
	return same;
}

/* Check list (runs or repeats) of shard s: an array of objects whose "variant" belongs to the
 * shard; each grid point's entries are counted in count[]. */
static int check_list(const shard_in *s, const char *list, size_t N, size_t G, size_t *count,
                      char *err, size_t errsize)
{
	const json_t *a = json_object_get(s->doc, list), *e;
	size_t i;

	if (!json_is_array(a))
		return fail(err, errsize, "%s: \"%s\" is not a list", s->name, list);
	json_array_foreach(a, i, e)
	{
		json_int_t v;

		if (!json_is_object(e) || !whole(e, "variant", 0, (json_int_t)G - 1, &v))
			return fail(err, errsize,
			            "%s: %s[%zu] has no \"variant\" from 0 to %zu (a report of "
			            "another version?)",
			            s->name, list, i, G - 1);
		if ((size_t)v % N != s->index - 1)
			return fail(err, errsize,
			            "%s: %s[%zu] is grid point %lld, which belongs to shard %zu of "
			            "%zu, not %zu",
			            s->name, list, i, (long long)v, (size_t)v % N + 1, N, s->index);
		count[v]++;
	}
	return 0;
}

/* list of the merged report: every shard's entries, by grid point, each point's in its
 * shard's order. */
static json_t *joined(const shard_in *in, size_t N, size_t G, const char *list)
{
	json_t *out = json_array();

	for (size_t v = 0; v < G; v++) {
		const json_t *a = json_object_get(in[v % N].doc, list), *e;
		size_t i;

		json_array_foreach(a, i, e)
		{
			if ((size_t)json_integer_value(json_object_get(e, "variant")) == v)
				json_array_append(out, (json_t *)e);
		}
	}
	return out;
}

/* What the shards read so far share: set by the first, checked against by the others. */
typedef struct merge_set {
	const char *first;  /* the first report's name */
	const json_t *doc0; /* and the report */
	size_t N, G, P;     /* shards, grid points, precisions */
	bool with_repeats;
	shard_in *in;        /* N slots by index */
	size_t *runs, *reps; /* per grid point, the runs and repeats entries seen */
	double seconds;      /* the shards' total */
} merge_set;

/* Take report d (name) into the set: a shard's report of the same run as the first, whose
 * slot is free. 0 or MERGE_EBAD with the message. */
static int take_shard(merge_set *m, const json_t *d, const char *name, char *err, size_t errsize)
{
	static const char *const shared[] = {"version", "environment", "scenario", "reference"};
	const json_t *sh = json_object_get(d, "shard"), *schema = json_object_get(d, "schema");
	json_int_t idx, cnt, grid;

	if (!json_is_object(d) || !json_is_string(schema) ||
	    strcmp(json_string_value(schema), "fpdrift-report/1") != 0)
		return fail(err, errsize, "%s: not an fpdrift JSON report (schema %s)", name,
		            "fpdrift-report/1");
	if (!json_is_object(sh) || !whole(sh, "count", 1, 100000, &cnt) ||
	    !whole(sh, "index", 1, cnt, &idx) || !whole(sh, "grid", 0, 1 << 30, &grid))
		return fail(err, errsize,
		            "%s: not a shard's report (no \"shard\" with index, count and grid: "
		            "made by fpdrift run --shard I/N --format json)",
		            name);
	if (!m->doc0) {
		const json_t *pr = json_object_get(json_object_get(d, "scenario"), "precisions");

		m->first = name;
		m->doc0 = d;
		m->N = (size_t)cnt;
		m->G = (size_t)grid;
		m->P = json_is_array(pr) ? json_array_size(pr) : 0;
		m->in = xcalloc(m->N, sizeof *m->in);
		m->runs = xcalloc(m->G ? m->G : 1, sizeof *m->runs);
		m->reps = xcalloc(m->G ? m->G : 1, sizeof *m->reps);
		m->with_repeats = json_object_get(d, "repeats") != NULL;
	} else if ((size_t)cnt != m->N || (size_t)grid != m->G) {
		return fail(err, errsize,
		            "%s: a shard of %lld of a %lld-point grid, where %s is one of %zu of "
		            "%zu: not shards of one run",
		            name, (long long)cnt, (long long)grid, m->first, m->N, m->G);
	}
	if (m->in[idx - 1].doc)
		return fail(err, errsize, "%s and %s are both shard %lld of %zu",
		            m->in[idx - 1].name, name, (long long)idx, m->N);
	m->in[idx - 1] = (shard_in){d, name, (size_t)idx};
	for (size_t k = 0; k < sizeof shared / sizeof shared[0]; k++)
		if (d != m->doc0 && !same_member(m->doc0, d, shared[k]))
			return fail(err, errsize,
			            "%s: its %s differs from %s's; the shards of one run share it "
			            "(the same fpdrift, machine type, options and data)",
			            name, shared[k], m->first);
	if ((json_object_get(d, "repeats") != NULL) != m->with_repeats)
		return fail(err, errsize, "%s: %s repeats where %s %s", name,
		            m->with_repeats ? "has no" : "has", m->first,
		            m->with_repeats ? "has them" : "has none");
	if (!json_is_number(json_object_get(d, "seconds")))
		return fail(err, errsize, "%s: no \"seconds\"", name);
	m->seconds += json_number_value(json_object_get(d, "seconds"));
	return 0;
}

int report_merge(json_t *const *docs, const char *const *names, size_t n, json_t **out, char *err,
                 size_t errsize)
{
	merge_set m = {0};
	int rc = 0;
	json_t *whole_report;

	*out = NULL;
	if (n == 0)
		return fail(err, errsize, "no reports to merge");
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = take_shard(&m, docs[i], names[i], err, errsize);
	for (size_t s = 0; s < m.N && rc == 0; s++)
		if (!m.in[s].doc)
			rc = fail(err, errsize, "shard %zu of %zu is missing (%zu of %zu given)",
			          s + 1, m.N, n, m.N);
	for (size_t s = 0; s < m.N && rc == 0; s++) {
		rc = check_list(&m.in[s], "runs", m.N, m.G, m.runs, err, errsize);
		if (!rc && m.with_repeats)
			rc = check_list(&m.in[s], "repeats", m.N, m.G, m.reps, err, errsize);
	}
	for (size_t v = 0; v < m.G && rc == 0; v++)
		if (m.runs[v] != m.P || (m.with_repeats && m.reps[v] != m.P))
			rc = fail(err, errsize,
			          "%s: grid point %zu has %zu runs and %zu repeats where %zu "
			          "precisions need %zu of each",
			          m.in[v % m.N].name, v, m.runs[v], m.reps[v], m.P, m.P);
	if (rc == 0) { /* the first shard's report, with every shard's runs and repeats */
		whole_report = json_deep_copy(m.in[0].doc);
		json_object_del(whole_report, "shard");
		json_object_del(whole_report, "invocation"); /* the first shard's command */
		json_object_set_new(whole_report, "runs", joined(m.in, m.N, m.G, "runs"));
		if (m.with_repeats)
			json_object_set_new(whole_report, "repeats",
			                    joined(m.in, m.N, m.G, "repeats"));
		json_object_set_new(whole_report, "seconds", json_real(m.seconds));
		*out = whole_report;
	}
	free(m.in);
	free(m.runs);
	free(m.reps);
	return rc;
}
