/* merge.c - fpdrift merge: the JSON reports of the shards of one run (--shard I/N) joined into
 * the report of the whole run.
 *
 * A shard's report is a whole report of its slice of the grid: the same schema, version,
 * environment, scenario and reference as every other shard's (the reference's compute time
 * aside), its runs and repeats for the grid points v with v % N == I - 1, each with v, and a
 * "shard" member {index I, count N, grid G}. The merge checks all of that, then lists the runs
 * and the repeats by grid point, as the whole run lists them, drops "shard" and makes
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

int report_merge(json_t *const *docs, const char *const *names, size_t n, json_t **out, char *err,
                 size_t errsize)
{
	static const char *const shared[] = {"version", "environment", "scenario", "reference"};
	shard_in *in = NULL;
	size_t N = 0, G = 0, P = 0, *runs = NULL, *reps = NULL;
	bool with_repeats = false;
	double seconds = 0.0;
	int rc = 0;
	json_t *m;

	*out = NULL;
	if (n == 0)
		return fail(err, errsize, "no reports to merge");
	for (size_t i = 0; i < n; i++) {
		const json_t *d = docs[i], *sh = json_object_get(d, "shard"), *schema;
		json_int_t idx, cnt, grid;

		schema = json_object_get(d, "schema");
		if (!json_is_object(d) || !json_is_string(schema) ||
		    strcmp(json_string_value(schema), "fpdrift-report/1") != 0) {
			rc = fail(err, errsize, "%s: not an fpdrift JSON report (schema %s)",
			          names[i], "fpdrift-report/1");
			goto done;
		}
		if (!json_is_object(sh) || !whole(sh, "count", 1, 100000, &cnt) ||
		    !whole(sh, "index", 1, cnt, &idx) || !whole(sh, "grid", 0, 1 << 30, &grid)) {
			rc = fail(err, errsize,
			          "%s: not a shard's report (no \"shard\" with index, count and "
			          "grid: made by fpdrift run --shard I/N --format json)",
			          names[i]);
			goto done;
		}
		if (i == 0) {
			const json_t *pr =
			    json_object_get(json_object_get(d, "scenario"), "precisions");

			N = (size_t)cnt;
			G = (size_t)grid;
			P = json_is_array(pr) ? json_array_size(pr) : 0;
			in = xcalloc(N, sizeof *in);
			runs = xcalloc(G ? G : 1, sizeof *runs);
			reps = xcalloc(G ? G : 1, sizeof *reps);
			with_repeats = json_object_get(d, "repeats") != NULL;
		} else if ((size_t)cnt != N || (size_t)grid != G) {
			rc = fail(
			    err, errsize,
			    "%s: a shard of %lld of a %lld-point grid, where %s is one of %zu of "
			    "%zu: not shards of one run",
			    names[i], (long long)cnt, (long long)grid, names[0], N, G);
			goto done;
		}
		if (in[idx - 1].doc) {
			rc = fail(err, errsize, "%s and %s are both shard %lld of %zu",
			          in[idx - 1].name, names[i], (long long)idx, N);
			goto done;
		}
		in[idx - 1] = (shard_in){d, names[i], (size_t)idx};
		for (size_t k = 0; k < sizeof shared / sizeof shared[0]; k++)
			if (i > 0 && !same_member(docs[0], d, shared[k])) {
				rc = fail(
				    err, errsize,
				    "%s: its %s differs from %s's; the shards of one run share "
				    "it (the same fpdrift, machine type, options and data)",
				    names[i], shared[k], names[0]);
				goto done;
			}
		if ((json_object_get(d, "repeats") != NULL) != with_repeats) {
			rc = fail(err, errsize, "%s: %s repeats where %s %s", names[i],
			          with_repeats ? "has no" : "has", names[0],
			          with_repeats ? "has them" : "has none");
			goto done;
		}
		if (!json_is_number(json_object_get(d, "seconds"))) {
			rc = fail(err, errsize, "%s: no \"seconds\"", names[i]);
			goto done;
		}
		seconds += json_number_value(json_object_get(d, "seconds"));
	}
	for (size_t s = 0; s < N; s++)
		if (!in[s].doc) {
			rc = fail(err, errsize, "shard %zu of %zu is missing (%zu of %zu given)",
			          s + 1, N, n, N);
			goto done;
		}
	for (size_t s = 0; s < N; s++) {
		rc = check_list(&in[s], "runs", N, G, runs, err, errsize);
		if (!rc && with_repeats)
			rc = check_list(&in[s], "repeats", N, G, reps, err, errsize);
		if (rc)
			goto done;
	}
	for (size_t v = 0; v < G; v++)
		if (runs[v] != P || (with_repeats && reps[v] != P)) {
			rc = fail(err, errsize,
			          "%s: grid point %zu has %zu runs and %zu repeats where %zu "
			          "precisions need %zu of each",
			          in[v % N].name, v, runs[v], reps[v], P, P);
			goto done;
		}
	/* the first shard's report, with every shard's runs and repeats */
	m = json_deep_copy(in[0].doc);
	json_object_del(m, "shard");
	json_object_set_new(m, "runs", joined(in, N, G, "runs"));
	if (with_repeats)
		json_object_set_new(m, "repeats", joined(in, N, G, "repeats"));
	json_object_set_new(m, "seconds", json_real(seconds));
	*out = m;
done:
	free(in);
	free(runs);
	free(reps);
	return rc;
}
