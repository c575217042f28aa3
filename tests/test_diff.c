/* test_diff.c - fpdrift diff (report/diff.h): runs and outputs matched, ulps between two
 * reports against an independent count (the values' bit patterns as ordered integers, and
 * exact rationals for MPFR), added, removed and special outputs, the verdict. */
#include "config.h"

#include <criterion/criterion.h>
#include <float.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "report/diff.h"

/* A report with one run per entry of runs: {precision, order, outputs as name=hex pairs}. */
typedef struct run_spec {
	const char *prec, *order;
	const char *names[4];
	const char *hex[4];
} run_spec;

static json_t *doc_of(const run_spec *runs, size_t n, long ref_bits, long seed)
{
	json_t *d = json_object(), *a = json_array(), *sc = json_object();

	json_object_set_new(d, "schema", json_string("fpdrift-report/1"));
	json_object_set_new(d, "version", json_string("test"));
	json_object_set_new(sc, "ref_bits", json_integer(ref_bits));
	json_object_set_new(sc, "seed", json_integer(seed));
	json_object_set_new(d, "scenario", sc);
	for (size_t i = 0; i < n; i++) {
		json_t *r = json_object(), *outs = json_array(), *sum = json_object();

		json_object_set_new(r, "precision", json_string(runs[i].prec));
		json_object_set_new(r, "order", json_string(runs[i].order));
		json_object_set_new(r, "lanes", json_integer(1));
		json_object_set_new(r, "threads", json_integer(1));
		json_object_set_new(r, "combine", json_string("ordered"));
		json_object_set_new(r, "fma", json_false());
		json_object_set_new(r, "kernel", json_string("naive"));
		json_object_set_new(r, "mitigation", json_string("none"));
		for (size_t j = 0; j < 4 && runs[i].names[j]; j++) {
			json_t *o = json_object();

			json_object_set_new(o, "name", json_string(runs[i].names[j]));
			json_object_set_new(o, "value", json_string(runs[i].hex[j]));
			json_object_set_new(o, "hex", json_string(runs[i].hex[j]));
			json_array_append_new(outs, o);
		}
		json_object_set_new(r, "outputs", outs);
		json_object_set_new(sum, "max_ulps", json_real(0));
		json_object_set_new(sum, "flips", json_integer(0));
		json_object_set_new(r, "summary", sum);
		json_array_append_new(a, r);
	}
	json_object_set_new(d, "runs", a);
	return d;
}

static char *hex_d(double x)
{
	char *s = malloc(64);

	snprintf(s, 64, "%a", x);
	return s;
}

static const diff_output *output(const report_diff *d, size_t run, const char *name)
{
	for (size_t i = 0; i < d->runs[run].nout; i++)
		if (strcmp(d->runs[run].out[i].name, name) == 0)
			return &d->runs[run].out[i];
	cr_assert_fail("no output %s", name);
	return NULL;
}

static void make(json_t *a, json_t *b, report_diff *d)
{
	char err[256];

	cr_assert_eq(report_diff_make(a, b, "old.json", "new.json", d, err, sizeof err), 0, "%s",
	             err);
	json_decref(a);
	json_decref(b);
}

Test(diff, double_ulps_match_an_independent_count)
{
	/* pairs across the exponent boundary, across zero, far apart, subnormal */
	const double pairs[][2] = {{1.0, 0x1.0000000000001p0},
	                           {1.0, 0x1.fffffffffffffp-1},
	                           {0x1.fffffffffffffp-1, 0x1.0000000000002p0},
	                           {-0x1p-1074, 0x1p-1074},
	                           {0x1p-1022, 0x1.0000000000003p-1022},
	                           {1e300, -1e300},
	                           {3180.025616817262, 3180.02561681726}};
	const size_t n = sizeof pairs / sizeof pairs[0];

	for (size_t i = 0; i < n; i++) {
		char *x = hex_d(pairs[i][0]), *y = hex_d(pairs[i][1]);
		run_spec ra = {"double", "seq", {"v"}, {x}}, rb = {"double", "seq", {"v"}, {y}};
		report_diff d;
		uint64_t want = ordered_ulps_d(pairs[i][0], pairs[i][1]);

		make(doc_of(&ra, 1, 256, 0), doc_of(&rb, 1, 256, 0), &d);
		cr_assert_eq(d.runs[0].out[0].state, DIFF_CHANGED, "pair %zu", i);
		cr_assert(!d.runs[0].out[0].special);
		/* the count as a double: exact below 2^53, the nearest double above */
		ASSERT_BITS_D(d.runs[0].out[0].ulps, (double)want);
		cr_assert_eq(d.outputs_differ, 1);
		report_diff_clear(&d);
		free(x);
		free(y);
	}
}

Test(diff, float_ulps_count_float_steps)
{
	/* 1 and 1 + 3 * 2^-23: three float steps (but 3 * 2^29 double steps) */
	run_spec ra = {"float", "seq", {"v"}, {"0x1p+0"}},
	         rb = {"float", "seq", {"v"}, {"0x1.000006p+0"}};
	report_diff d;

	make(doc_of(&ra, 1, 256, 0), doc_of(&rb, 1, 256, 0), &d);
	cr_assert_eq((long)d.runs[0].out[0].ulps, 3);
	report_diff_clear(&d);
}

Test(diff, mpfr_ulps_in_units_of_the_reference_bits)
{
	/* at 64 bits, 1 + 5 * 2^-63 is 5 units of the last place of 1 */
	run_spec ra = {"mpfr", "seq", {"v"}, {"0x1p+0"}},
	         rb = {"mpfr", "seq", {"v"}, {"0x1.000000000000000ap+0"}};
	report_diff d;

	make(doc_of(&ra, 1, 64, 0), doc_of(&rb, 1, 64, 0), &d);
	cr_assert_eq((long)d.runs[0].out[0].ulps, 5, "%g", d.runs[0].out[0].ulps);
	report_diff_clear(&d);
}

Test(diff, same_reports_are_same_bit_for_bit)
{
	run_spec r[2] = {{"float", "seq", {"a", "b"}, {"0x1.8p+1", "-0x0p+0"}},
	                 {"double", "seq", {"a", "b"}, {"NaN", "Infinity"}}};
	report_diff d;
	char v[512];

	make(doc_of(r, 2, 256, 0), doc_of(r, 2, 256, 0), &d);
	cr_assert_eq(d.ncompared, 2);
	cr_assert_eq(d.nchanged, 0);
	cr_assert_eq(d.outputs, 4);
	cr_assert_eq(d.outputs_differ, 0);
	report_diff_verdict(&d, v, sizeof v);
	cr_assert(strstr(v, "reproduces old.json bit for bit"), "%s", v);
	report_diff_clear(&d);
}

Test(diff, signed_zero_nan_and_infinity_are_changes_not_counts)
{
	run_spec ra = {"double",
	               "seq",
	               {"z", "n", "i"},
	               {"0x0p+0", "0x1p+0", "0x1.fffffffffffffp+1023"}},
	         rb = {"double", "seq", {"z", "n", "i"}, {"-0x0p+0", "NaN", "Infinity"}};
	report_diff d;

	make(doc_of(&ra, 1, 256, 0), doc_of(&rb, 1, 256, 0), &d);
	cr_assert_eq(output(&d, 0, "z")->state, DIFF_CHANGED);
	cr_assert(!output(&d, 0, "z")->special);
	cr_assert(output(&d, 0, "n")->special);
	cr_assert(output(&d, 0, "i")->special);
	cr_assert(d.special);
	report_diff_clear(&d);
}

Test(diff, outputs_matched_by_name_added_and_removed)
{
	run_spec ra = {"double", "seq", {"a", "b", "c"}, {"0x1p+0", "0x1p+1", "0x1p+2"}},
	         rb = {"double", "seq", {"c", "a", "d"}, {"0x1p+2", "0x1p+0", "0x1p+3"}};
	report_diff d;

	make(doc_of(&ra, 1, 256, 0), doc_of(&rb, 1, 256, 0), &d);
	cr_assert_eq(output(&d, 0, "a")->state, DIFF_SAME);
	cr_assert_eq(output(&d, 0, "c")->state, DIFF_SAME);
	cr_assert_eq(output(&d, 0, "d")->state, DIFF_ADDED);
	cr_assert_eq(output(&d, 0, "b")->state, DIFF_REMOVED);
	cr_assert_eq(d.runs[0].nadded, 1);
	cr_assert_eq(d.runs[0].nremoved, 1);
	cr_assert_eq(d.runs[0].state, DIFF_CHANGED);
	report_diff_clear(&d);
}

Test(diff, runs_paired_by_knobs_then_by_precision)
{
	run_spec ra[2] = {{"double", "seq", {"v"}, {"0x1p+0"}},
	                  {"float", "seq", {"v"}, {"0x1p+0"}}};
	run_spec rb[2] = {{"double", "pairwise", {"v"}, {"0x1.0000000000002p+0"}},
	                  {"mpfr", "seq", {"v"}, {"0x1p+0"}}};
	report_diff d;
	char v[1024];

	make(doc_of(ra, 2, 256, 0), doc_of(rb, 2, 256, 0), &d);
	cr_assert_eq(d.nruns, 3);
	cr_assert_str_eq(d.runs[0].label, "double order=pairwise");
	cr_assert_str_eq(d.runs[0].knobs_old, "order=seq");
	cr_assert_str_eq(d.runs[0].knobs_new, "order=pairwise");
	cr_assert_eq((long)d.runs[0].max_ulps, 2);
	cr_assert_eq(d.runs[1].state, DIFF_ADDED);   /* mpfr */
	cr_assert_eq(d.runs[2].state, DIFF_REMOVED); /* float */
	report_diff_verdict(&d, v, sizeof v);
	cr_assert(strstr(v, "by up to 2 ulps"), "%s", v);
	cr_assert(strstr(v, "because the knobs changed: order=seq -> order=pairwise"), "%s", v);
	cr_assert(strstr(v, "1 run of new.json missing"), "%s", v);
	report_diff_clear(&d);
}

Test(diff, scenario_changes_listed)
{
	run_spec r = {"double", "seq", {"v"}, {"0x1p+0"}};
	report_diff d;

	make(doc_of(&r, 1, 256, 0), doc_of(&r, 1, 256, 7), &d);
	cr_assert_eq(d.nscenario, 1);
	cr_assert_str_eq(d.scenario[0], "scenario.seed: 0 -> 7");
	report_diff_clear(&d);
}

Test(diff, bad_reports_are_refused_by_name)
{
	report_diff d;
	char err[256];
	json_t *good = json_object(), *bad = json_pack("{s:s}", "schema", "other/1");
	run_spec r = {"double", "seq", {"v"}, {"0x1p+0"}},
	         rbad = {"double", "seq", {"v"}, {"1.5x"}};

	cr_assert_eq(report_diff_make(bad, good, "a.json", "b.json", &d, err, sizeof err),
	             DIFF_EBAD);
	cr_assert(strstr(err, "a.json: not an fpdrift JSON report"), "%s", err);
	json_decref(good);
	good = doc_of(&r, 1, 256, 0);
	json_decref(bad);
	bad = doc_of(&rbad, 1, 256, 0);
	cr_assert_eq(report_diff_make(good, bad, "a.json", "b.json", &d, err, sizeof err),
	             DIFF_EBAD);
	cr_assert(strstr(err, "b.json: output v"), "%s", err);
	json_decref(good);
	json_decref(bad);
}

/* fuzz_diff found this: a "flips" that is not a whole number was converted to long */
Test(diff, flips_that_are_not_counts_are_unknown)
{
	run_spec r = {"double", "seq", {"v"}, {"0x1p+0"}};
	json_t *a = doc_of(&r, 1, 256, 0), *b = doc_of(&r, 1, 256, 0);
	report_diff d;

	json_object_set_new(
	    json_object_get(json_array_get(json_object_get(a, "runs"), 0), "summary"), "flips",
	    json_real(1e300));
	make(a, b, &d);
	cr_assert_eq(d.runs[0].flips_old, -1);
	cr_assert_eq(d.runs[0].flips_new, 0);
	report_diff_clear(&d);
}
