/* test_report.c - the JSON report, field by field, for the schema "fpdrift-report/1". */
#include "config.h"

#include <criterion/criterion.h>
#include <jansson.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore/format.h"
#include "explore/knob.h"
#include "explore/runner.h"
#include "helpers.h"
#include "schema.h"
#include "report/report.h"
#include "util/util.h"

/* Run a scenario and parse its JSON report. */
static json_t *report_of(scenario *sc, report *rep)
{
	char err[256], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_error_t jerr;
	json_t *root;

	cr_assert_eq(runner_run(sc, rep, err, sizeof err), 0, "%s", err);
	cr_assert_eq(report_write_json(rep, f), 0);
	fclose(f);
	root = json_loads(buf, 0, &jerr);
	cr_assert_not_null(root, "invalid JSON at line %d: %s", jerr.line, jerr.text);
	free(buf);
	/* every report the suite writes must satisfy the shipped schema */
	{
		json_t *schema =
		    json_load_file(FPDRIFT_SRCDIR "/data/fpdrift-report-1.schema.json", 0, &jerr);
		char why[512];

		cr_assert_not_null(schema, "schema: %s", jerr.text);
		cr_assert_eq(schema_validate(schema, root, why, sizeof why), 0, "schema: %s", why);
		json_decref(schema);
	}
	return root;
}

static const char *str(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);

	cr_assert(json_is_string(v), "%s is not a string", key);
	return json_string_value(v);
}

Test(report, json_fields_of_a_kmeans_grid)
{
	dataset d;
	char err[256];
	scenario sc;
	report rep;
	json_t *root, *runs, *ref, *env;
	size_t i;
	json_t *run;

	cr_assert_eq(gen_make("blobs:n=200,d=2,k=3,seed=4", &d, err, sizeof err), 0);
	scenario_init(&sc);
	sc.wl = workload_find("kmeans");
	sc.data = &d;
	sc.params.kmeans.k = 3;
	cr_assert(scenario_set_knob(&sc, KNOB_ORDER, "seq,shuffle:5"));
	cr_assert(scenario_set_knob(&sc, KNOB_THREADS, "1,3"));
	root = report_of(&sc, &rep);

	cr_assert_str_eq(str(root, "schema"), "fpdrift-report/1");
	cr_assert_str_eq(str(root, "version"), PACKAGE_VERSION);
	env = json_object_get(root, "environment");
	const char *env_keys[] = {"cpu", "compiler", "cflags", "mpfr", "openblas", "openblas_core"};
	for (i = 0; i < 6; i++)
		cr_assert_gt(strlen(str(env, env_keys[i])), 0, "environment.%s", env_keys[i]);
	cr_assert(strstr(str(env, "cflags"), "-ffp-contract=off"));
	cr_assert(json_is_string(json_object_get(env, "hardware_fma")));
	cr_assert_str_eq(str(json_object_get(root, "scenario"), "workload"), "kmeans");

	ref = json_object_get(root, "reference");
	cr_assert_str_eq(str(ref, "precision"), "mpfr");
	cr_assert_eq(json_integer_value(json_object_get(ref, "bits")), 256);
	json_array_foreach(json_object_get(ref, "outputs"), i, run)
	{
		const char *v = str(run, "value");
		size_t digits = 0;

		for (const char *c = v; *c && *c != 'e'; c++)
			digits += *c >= '0' && *c <= '9';
		cr_assert_geq(digits, 40, "reference %s = %s", str(run, "name"), v);
	}
	cr_assert_eq(json_array_size(json_object_get(ref, "outputs")), 3 * 2 + 1);
	/* each run's and the reference's own compute time: positive, and together no more than
	 * the whole run's */
	{
		double total = json_real_value(json_object_get(ref, "seconds"));

		cr_assert_gt(total, 0.0);
		json_array_foreach(json_object_get(root, "runs"), i, run)
		{
			double t = json_real_value(json_object_get(run, "seconds"));

			cr_assert_gt(t, 0.0, "run %zu", i);
			total += t;
		}
		cr_assert_leq(total, json_real_value(json_object_get(root, "seconds")));
	}

	runs = json_object_get(root, "runs");
	cr_assert_eq(json_array_size(runs), 2 * 2 * 3, "variants x precisions");
	json_array_foreach(runs, i, run)
	{
		const char *prec = str(run, "precision");
		json_t *outs = json_object_get(run, "outputs"), *o, *sum;
		size_t j;

		cr_assert(!strcmp(prec, "float") || !strcmp(prec, "double") ||
		          !strcmp(prec, "mpfr"));
		cr_assert(json_is_boolean(json_object_get(run, "fma")));
		cr_assert(json_is_integer(json_object_get(run, "lanes")));
		cr_assert(json_is_integer(json_object_get(run, "threads")));
		str(run, "order");
		str(run, "combine");
		str(run, "kernel");
		str(run, "mitigation");
		json_array_foreach(outs, j, o)
		{
			str(o, "name");
			if (!strcmp(prec, "double")) {
				/* the shortest decimal and the hex float are the same double */
				double a = strtod(str(o, "value"), NULL),
				       b = strtod(str(o, "hex"), NULL);

				ASSERT_BITS_D(a, b);
				ASSERT_BITS_D(a,
				              mpfr_get_d(rep.runs[i].res.out[j].value, MPFR_RNDN));
			} else if (!strcmp(prec, "float")) {
				float a = strtof(str(o, "value"), NULL),
				      b = strtof(str(o, "hex"), NULL);

				ASSERT_BITS_F(a, b);
			}
			cr_assert(json_is_number(json_object_get(o, "ulps")));
			cr_assert(json_is_number(json_object_get(o, "rel_err")));
			cr_assert(json_is_number(json_object_get(o, "correct_bits")));
		}
		sum = json_object_get(run, "summary");
		cr_assert(json_is_number(json_object_get(sum, "max_ulps")));
		cr_assert(json_is_integer(json_object_get(sum, "flips")));
		cr_assert(json_is_boolean(json_object_get(sum, "differs_from_first")));
	}
	/* orders vary slowest: variants seq/1, seq/3, shuffle/1, ...; three precisions each */
	cr_assert_str_eq(str(json_array_get(runs, 6), "order"), "shuffle:5");
	json_decref(root);
	report_clear(&rep);
	dataset_clear(&d);
}

Test(report, json_nonfinite_values_are_null_not_invalid)
{
	dataset d;
	char err[256], path[512];
	scenario sc;
	report rep;
	json_t *root, *run, *outs;

	snprintf(path, sizeof path, "%s/data/digits.csv", FPDRIFT_SRCDIR);
	cr_assert_eq(csv_load(path, NULL, false, &d, err, sizeof err), 0);
	scenario_init(&sc);
	sc.wl = workload_find("softmax");
	sc.data = &d;
	sc.params.softmax.epochs = 1;
	sc.params.softmax.scale = 100;
	sc.params.softmax.stable = false;
	memset(sc.precision, 0, sizeof sc.precision);
	sc.precision[FP_FLOAT] = true;
	root = report_of(&sc, &rep);
	run = json_array_get(json_object_get(root, "runs"), 0);
	cr_assert(json_is_true(json_object_get(json_object_get(run, "summary"), "nonfinite")));
	cr_assert(strstr(str(run, "note"), "exp overflowed"));
	outs = json_object_get(run, "outputs");
	cr_assert_str_eq(str(json_array_get(outs, 0), "value"), "NaN");
	json_decref(root);
	report_clear(&rep);
	dataset_clear(&d);
}

/* ---- CSV, Markdown, HTML ------------------------------------------------------------------ */

/* A scenario on generated blobs (whose name has commas: CSV must quote it), threads 1 and 3. */
static void grid(scenario *sc, dataset *d)
{
	char err[256];

	cr_assert_eq(gen_make("blobs:n=300,d=2,k=3,seed=9", d, err, sizeof err), 0);
	scenario_init(sc);
	sc->wl = workload_find("kmeans");
	sc->data = d;
	sc->params.kmeans.k = 3;
	cr_assert(scenario_set_knob(sc, KNOB_THREADS, "1,3"));
}

static char *written(const report *rep, report_format fmt)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_eq(report_write(rep, f, fmt), 0);
	fclose(f);
	return buf;
}

/* Split one CSV record (RFC 4180) starting at *p into fields; returns the count. */
static size_t csv_record(const char **p, char fields[][128], size_t max)
{
	size_t n = 0;
	const char *c = *p;

	while (*c && n < max) {
		size_t o = 0;

		if (*c == '"') {
			for (c++; *c && !(c[0] == '"' && c[1] != '"'); c++) {
				if (c[0] == '"')
					c++;
				if (o < 127)
					fields[n][o++] = *c;
			}
			c++;
		} else {
			while (*c && *c != ',' && *c != '\r' && o < 127)
				fields[n][o++] = *c++;
		}
		fields[n++][o] = '\0';
		if (*c == ',') {
			c++;
			continue;
		}
		break;
	}
	if (c[0] == '\r' && c[1] == '\n')
		c += 2;
	*p = c;
	return n;
}

Test(report, csv_is_tidy_and_reads_back)
{
	dataset d;
	scenario sc;
	report rep;
	char err[256], fields[32][128], *csv;
	const char *p;
	/* workload, data, precision, the knobs, then 13 more; value is the 8th of those */
	const size_t ncol = 3 + KNOB_COUNT + 13, value = 3 + KNOB_COUNT + 7;
	size_t rows = 0;

	grid(&sc, &d);
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	csv = written(&rep, REPORT_CSV);
	p = csv;
	cr_assert_eq(csv_record(&p, fields, 32), ncol);
	cr_assert_str_eq(fields[0], "workload");
	for (int k = 0; k < KNOB_COUNT; k++)
		cr_assert_str_eq(fields[3 + k], knob_table[k].name);
	cr_assert_str_eq(fields[value], "value");
	cr_assert_str_eq(fields[ncol - 1], "reference");
	while (*p) {
		size_t n = csv_record(&p, fields, 32);

		cr_assert_eq(n, ncol, "row %zu has %zu fields", rows + 1, n);
		cr_assert_str_eq(fields[1], "blobs:n=300,d=2,k=3,seed=9", "the quoted data name");
		if (!strcmp(fields[2], "double"))
			ASSERT_BITS_D(strtod(fields[value], NULL), strtod(fields[value + 1], NULL));
		rows++;
	}
	/* 2 variants x 3 precisions x (3 x 2 centers + inertia) */
	cr_assert_eq(rows, 2 * 3 * 7);
	cr_assert(strstr(csv, "\r\n"), "RFC 4180 line ends");
	free(csv);
	report_clear(&rep);
	dataset_clear(&d);
}

Test(report, markdown_says_what_changes)
{
	dataset d;
	scenario sc;
	report rep;
	char err[256], *md;

	grid(&sc, &d);
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	md = written(&rep, REPORT_MARKDOWN);
	cr_assert(strstr(md, "# fpdrift report: kmeans on blobs:n=300,d=2,k=3,seed=9 (300 x 2)"));
	cr_assert(strstr(md, "## Verdict"));
	cr_assert(strstr(md, "- **threads** (1, 3): "), "%s", md);
	cr_assert(strstr(md, "| threads | float | double | mpfr-256 |"));
	cr_assert(strstr(md, "| 3 |"));
	cr_assert(strstr(md, "## Environment"));
	free(md);
	report_clear(&rep);
	dataset_clear(&d);
}

Test(report, markdown_judges_the_mitigation)
{
	dataset d;
	scenario sc;
	report rep;
	char err[256], *md;

	grid(&sc, &d);
	memset(sc.precision, 0, sizeof sc.precision);
	sc.precision[FP_DOUBLE] = true;
	cr_assert(scenario_set_knob(&sc, KNOB_ORDER, "seq,reverse"));
	cr_assert(mitig_parse("round:6", &sc.round_out));
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	md = written(&rep, REPORT_MARKDOWN);
	cr_assert(strstr(md, "- **round:6** on the double outputs: "), "%s", md);
	cr_assert(strstr(md, "the fewest correct bits go from "));
	free(md);
	report_clear(&rep);
	dataset_clear(&d);
}

Test(report, html_is_self_contained_with_charts)
{
	dataset d;
	scenario sc;
	report rep;
	char err[256], *html;

	grid(&sc, &d);
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	html = written(&rep, REPORT_HTML);
	cr_assert_eq(strncmp(html, "<!DOCTYPE html>", 15), 0);
	cr_assert(strstr(html, "</html>"));
	cr_assert(strstr(html, "<h2>Verdict</h2>"));
	cr_assert(strstr(html, "aria-label=\"largest ulps per threads value\""));
	cr_assert(strstr(html, "aria-label=\"center offsets in ulps\""));
	cr_assert(strstr(html, "<h2>Variants</h2>"));
	cr_assert(strstr(html, "<details><summary>Every output"));
	cr_assert(strstr(html, "<table>"));
	cr_assert_null(strstr(html, "<script"), "no scripts");
	cr_assert_null(strstr(html, "src="), "nothing loaded from elsewhere");
	cr_assert_null(strstr(html, "<link"), "no stylesheets from elsewhere");
	free(html);
	report_clear(&rep);
	dataset_clear(&d);
}

/* A knob that cannot change a run is marked so in every format: kernel=blas under the direct
 * distance (k-means then makes no BLAS call) and in MPFR, lanes under order=exact. */
Test(report, knobs_that_do_not_apply_are_marked)
{
	dataset d;
	scenario sc;
	report rep;
	json_t *root, *runs, *na;
	char *text, *md;
	size_t i;

	grid(&sc, &d);
	cr_assert(scenario_set_knob(&sc, KNOB_THREADS, "2"));
	cr_assert(scenario_set_knob(&sc, KNOB_KERNEL, "naive,blas"));
	root = report_of(&sc, &rep);
	runs = json_object_get(root, "runs");
	json_array_foreach(runs, i, na)
	{
		json_t *list = json_object_get(na, "inapplicable");
		/* accum acts on float only of these three (arith/knobs.h) */
		bool is_float =
		    strcmp(json_string_value(json_object_get(na, "precision")), "float") == 0;

		cr_assert_eq(json_array_size(list), is_float ? 1 : 2, "run %zu", i);
		cr_assert_str_eq(json_string_value(json_array_get(list, 0)), "kernel");
		if (!is_float)
			cr_assert_str_eq(json_string_value(json_array_get(list, 1)), "accum");
	}
	text = written(&rep, REPORT_TEXT);
	cr_assert(strstr(text, "kernel=blas (n/a)"), "%s", text);
	md = written(&rep, REPORT_MARKDOWN);
	cr_assert(strstr(md, "**kernel** (naive, blas): does not apply to these runs"), "%s", md);
	cr_assert(strstr(md, "(certified)."), "k-means ulps are certified: %s", md);
	free(text);
	free(md);
	json_decref(root);
	report_clear(&rep);

	/* the expanded distance hands products to OpenBLAS: kernel applies, but not in MPFR */
	sc.params.kmeans.distance = KM_DIST_EXPANDED;
	cr_assert(scenario_set_knob(&sc, KNOB_KERNEL, "blas"));
	root = report_of(&sc, &rep);
	json_array_foreach(json_object_get(root, "runs"), i, na)
	{
		size_t n = json_array_size(json_object_get(na, "inapplicable"));

		/* accum acts on float alone here; kernel on float and double */
		if (strcmp(str(na, "precision"), "mpfr") == 0)
			cr_assert_eq(n, 2, "kernel=blas in MPFR applies");
		else
			cr_assert_eq(n, strcmp(str(na, "precision"), "double") == 0,
			             "%s run: %zu knobs n/a", str(na, "precision"), n);
	}
	json_decref(root);
	report_clear(&rep);
	/* exact order: lanes, threads, combine, kernel and accum cannot change a result */
	cr_assert(scenario_set_knob(&sc, KNOB_ORDER, "exact"));
	root = report_of(&sc, &rep);
	json_array_foreach(json_object_get(root, "runs"), i, na)
	    cr_assert_eq(json_array_size(json_object_get(na, "inapplicable")), 5, "run %zu", i);
	json_decref(root);
	report_clear(&rep);
	dataset_clear(&d);
}

/* Sum a column written as CSV text; the report in *rep. */
static void run_sum(const char *csv, const char *orders, report *rep, dataset *d)
{
	scenario sc;
	char err[256];

	cr_assert_eq(csv_load_buffer("t.csv", csv, strlen(csv), NULL, false, d, err, sizeof err), 0,
	             "%s", err);
	scenario_init(&sc);
	sc.wl = workload_find("sum");
	sc.data = d;
	cr_assert(scenario_set_knob(&sc, KNOB_ORDER, orders));
	cr_assert_eq(runner_run(&sc, rep, err, sizeof err), 0, "%s", err);
}

/* The run of precision p with the given order in rep. */
static const run_record *run_of(const report *rep, fp_precision p, fp_order o)
{
	for (size_t i = 0; i < rep->nruns; i++)
		if (rep->runs[i].prec == p && rep->runs[i].knobs.order == o)
			return &rep->runs[i];
	cr_assert_fail("no such run");
	return NULL;
}

/* 0 ulps means the correctly rounded result: the reference is no longer the MPFR-256 value
 * rounded again (which made 1 + 2^-53 + 2^-400 a tie and DBL_MAX + half an ulp - 2^-1074 an
 * overflow). */
Test(report, the_certified_reference_is_rounded_once)
{
	dataset d;
	report rep;
	const run_record *seq, *exact;

	run_sum("x\n1.0\n1.1102230246251565e-16\n3.8725919148493183e-121\n", "seq,exact", &rep, &d);
	seq = run_of(&rep, FP_DOUBLE, FP_ORDER_SEQ);
	exact = run_of(&rep, FP_DOUBLE, FP_ORDER_EXACT);
	{
		char *md = written(&rep, REPORT_MARKDOWN);

		cr_assert(strstr(md, "(certified)."), "the Markdown does not say: %s", md);
		free(md);
	}
	ASSERT_BITS_D(mpfr_get_d(exact->res.out[0].value, MPFR_RNDN), 1.0 + 0x1p-52);
	cr_assert(exact->m[0].certified);
	cr_assert(bits_eq_d(exact->m[0].ulps, 0.0), "the correctly rounded sum is %g ulps off",
	          exact->m[0].ulps);
	cr_assert(bits_eq_d(seq->m[0].ulps, 1.0), "1.0 is %g ulps off", seq->m[0].ulps);
	report_clear(&rep);
	dataset_clear(&d);

	run_sum("x\n1.7976931348623157e+308\n9.9792015476736e+291\n-5e-324\n", "seq,exact", &rep,
	        &d);
	seq = run_of(&rep, FP_DOUBLE, FP_ORDER_SEQ);
	exact = run_of(&rep, FP_DOUBLE, FP_ORDER_EXACT);
	ASSERT_BITS_D(mpfr_get_d(exact->res.out[0].value, MPFR_RNDN), 0x1.fffffffffffffp+1023);
	cr_assert(bits_eq_d(exact->m[0].ulps, 0.0) && !exact->m[0].ulps_special);
	cr_assert(seq->res.nonfinite && seq->m[0].ulps_special, "Infinity counted as 0 ulps");
	report_clear(&rep);
	dataset_clear(&d);
}

/* The certified reference of sums against an independent one: mpfr_sum at 4600 bits (exact
 * for these inputs), rounded once by mpfr_get_d, mpfr_get_flt and mpfr_set at 256 bits. */
Test(report, certified_sums_against_mpfr)
{
	for (int seed = 0; seed < 40; seed++) {
		char spec[96], err[256];
		dataset d;
		scenario sc;
		report rep;
		mpfr_t exact, m256;

		snprintf(spec, sizeof spec, "cancel:n=%d,cond=1e%d,seed=%d", 50 + 37 * seed,
		         4 + seed % 28, seed);
		cr_assert_eq(gen_make(spec, &d, err, sizeof err), 0, "%s", err);
		scenario_init(&sc);
		sc.wl = workload_find("sum");
		sc.data = &d;
		cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
		mpfr_inits2(4600, exact, (mpfr_ptr)0);
		mpfr_init2(m256, 256);
		ref_sum_exact(exact, d.x, d.rows);
		mpfr_set(m256, exact, MPFR_RNDN);
		ASSERT_BITS_D(mpfr_get_d(rep.cert[FP_DOUBLE].out[0].value, MPFR_RNDN),
		              mpfr_get_d(exact, MPFR_RNDN));
		ASSERT_BITS_F(mpfr_get_flt(rep.cert[FP_FLOAT].out[0].value, MPFR_RNDN),
		              mpfr_get_flt(exact, MPFR_RNDN));
		cr_assert(mpfr_equal_p(rep.cert[FP_MPFR].out[0].value, m256), "%s: mpfr-256", spec);
		mpfr_clears(exact, m256, (mpfr_ptr)0);
		report_clear(&rep);
		dataset_clear(&d);
	}
}

/* The certified k-means reference against an independent computation: each center from the
 * reference's labels as mpfr_sum at 4600 bits (exact) divided once by the count, and the
 * inertia as the sum of direct squared distances to centers held at 6000 bits, summed at
 * 12000 bits (within 2^-5000 of the exact value, so its rounding to double and float is the
 * exact value's unless the exact value lies that close to a midpoint), on data sets of
 * several shapes; and the runs are measured against it. */
Test(report, certified_kmeans_against_mpfr)
{
	static const char *const specs[] = {"blobs:n=300,d=2,k=3,seed=1",
	                                    "blobs:n=500,d=5,k=4,seed=7",
	                                    "blobs:n=257,d=3,k=2,seed=11,std=30"};

	for (size_t t = 0; t < sizeof specs / sizeof specs[0]; t++) {
		char err[256];
		dataset d;
		scenario sc;
		report rep;
		size_t n, dim, k;
		mpfr_t c[8][8], dist, sum, term, inertia;

		cr_assert_eq(gen_make(specs[t], &d, err, sizeof err), 0, "%s: %s", specs[t], err);
		n = d.rows;
		dim = d.cols;
		scenario_init(&sc);
		sc.wl = workload_find("kmeans");
		sc.data = &d;
		k = sc.params.kmeans.k = t == 2 ? 2 : (t ? 4 : 3);
		cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
		cr_assert(report_certified(&rep), "%s", rep.cert[FP_DOUBLE].note);
		mpfr_inits2(12000, dist, sum, term, inertia, (mpfr_ptr)0);
		mpfr_set_zero(inertia, 1);
		for (size_t j = 0; j < k; j++)
			for (size_t m = 0; m < dim; m++) {
				double *col = malloc(n * sizeof *col);
				size_t cnt = 0;
				const wl_output *o;

				for (size_t i = 0; i < n; i++)
					if ((size_t)rep.ref.labels[i] == j)
						col[cnt++] = d.x[i * dim + m];
				cr_assert_gt(cnt, 0);
				mpfr_init2(c[j][m], 6000);
				ref_sum_exact(sum, col, cnt);
				free(col);
				o = wl_result_find(&rep.cert[FP_DOUBLE], "center[0][0]");
				cr_assert_not_null(o);
				o = wl_result_at(&rep.cert[FP_DOUBLE], o->desc, j, m);
				{
					mpfr_t q53;

					mpfr_init2(q53, 53);
					mpfr_div_ui(q53, sum, (unsigned long)cnt, MPFR_RNDN);
					cr_assert(mpfr_equal_p(o->value, q53),
					          "%s: center[%zu][%zu]", specs[t], j, m);
					mpfr_clear(q53);
				}
				mpfr_div_ui(c[j][m], sum, (unsigned long)cnt, MPFR_RNDN);
			}
		for (size_t i = 0; i < n; i++) {
			size_t j = (size_t)rep.ref.labels[i];

			for (size_t m = 0; m < dim; m++) {
				mpfr_d_sub(term, d.x[i * dim + m], c[j][m], MPFR_RNDN);
				mpfr_sqr(term, term, MPFR_RNDN);
				mpfr_add(inertia, inertia, term, MPFR_RNDN);
			}
		}
		{
			const wl_output *id = wl_result_find(&rep.cert[FP_DOUBLE], "inertia");
			const wl_output *iff = wl_result_find(&rep.cert[FP_FLOAT], "inertia");

			cr_assert_not_null(id);
			ASSERT_BITS_D(mpfr_get_d(id->value, MPFR_RNDN),
			              mpfr_get_d(inertia, MPFR_RNDN));
			ASSERT_BITS_F(mpfr_get_flt(iff->value, MPFR_RNDN),
			              mpfr_get_flt(inertia, MPFR_RNDN));
		}
		/* every double run's ulps are against it: 0 exactly where its bits are these */
		for (size_t r = 0; r < rep.nruns; r++) {
			const run_record *run = &rep.runs[r];

			if (run->prec != FP_DOUBLE)
				continue;
			for (size_t q = 0; q < run->res.nout; q++) {
				const wl_output *co =
				    wl_result_find(&rep.cert[FP_DOUBLE], run->res.out[q].name);

				cr_assert(run->m[q].certified);
				cr_assert_eq(mpfr_equal_p(run->res.out[q].value, co->value),
				             bits_eq_d(run->m[q].ulps, 0.0), "%s: %s", specs[t],
				             run->res.out[q].name);
			}
		}
		for (size_t j = 0; j < k; j++)
			for (size_t m = 0; m < dim; m++)
				mpfr_clear(c[j][m]);
		mpfr_clears(dist, sum, term, inertia, (mpfr_ptr)0);
		report_clear(&rep);
		dataset_clear(&d);
	}
}

/* Where no certified reference can be given, every report says so and why. */
Test(report, uncertified_says_why)
{
	char err[256], *text, *md;
	dataset d;
	scenario sc;
	report rep;

	cr_assert_eq(gen_make("blobs:n=40,d=2,k=3,seed=2", &d, err, sizeof err), 0, "%s", err);
	d.x[5] = (double)INFINITY;
	scenario_init(&sc);
	sc.wl = workload_find("kmeans");
	sc.data = &d;
	sc.params.kmeans.k = 3;
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	cr_assert(!report_certified(&rep));
	text = written(&rep, REPORT_TEXT);
	md = written(&rep, REPORT_MARKDOWN);
	cr_assert(strstr(text, "(uncertified: an input is not finite)"), "%s", text);
	cr_assert(strstr(md, "(uncertified: an input is not finite)"), "%s", md);
	free(text);
	free(md);
	report_clear(&rep);
	dataset_clear(&d);
}

/* A racy combine is drawn RUNNER_DRAWS times and its record says so; every other run once. */
Test(report, racy_variants_are_drawn_several_times)
{
	dataset d;
	char err[256], *text, *md;
	scenario sc;
	report rep;
	json_t *root, *run;
	size_t i;

	cr_assert_eq(gen_make("cancel:n=200000,cond=1e10,seed=3", &d, err, sizeof err), 0);
	scenario_init(&sc);
	sc.wl = workload_find("sum");
	sc.data = &d;
	cr_assert(scenario_set_knob(&sc, KNOB_THREADS, "1,4"));
	cr_assert(scenario_set_knob(&sc, KNOB_COMBINE, "ordered,racy"));
	root = report_of(&sc, &rep);
	for (i = 0; i < rep.nruns; i++) {
		const run_record *rr = &rep.runs[i];
		bool racy = rr->knobs.combine == FP_COMBINE_RACY && rr->knobs.threads > 1;

		cr_assert_eq(rr->draws, racy ? RUNNER_DRAWS : 1u, "run %zu", i);
		cr_assert(rr->distinct >= 1 && rr->distinct <= rr->draws, "run %zu", i);
		cr_assert(rr->least_max_ulps <= rr->max_ulps);
		if (!racy) {
			cr_assert_eq(rr->distinct, 1u);
			cr_assert(bits_eq_d(rr->least_max_ulps, rr->max_ulps));
		}
	}
	json_array_foreach(json_object_get(root, "runs"), i, run)
	{
		json_t *s = json_object_get(run, "summary");

		cr_assert_eq(json_integer_value(json_object_get(s, "draws")),
		             (json_int_t)rep.runs[i].draws);
		cr_assert_eq(json_integer_value(json_object_get(s, "distinct")),
		             (json_int_t)rep.runs[i].distinct);
	}
	text = written(&rep, REPORT_TEXT);
	md = written(&rep, REPORT_MARKDOWN);
	cr_assert(strstr(text, "(worst of 5 draws: max "), "%s", text);
	cr_assert(strstr(md, "were drawn 5 times each"), "%s", md);
	free(text);
	free(md);
	json_decref(root);
	report_clear(&rep);
	dataset_clear(&d);
}

/* The text report at the edges of the formats: -0 stays -0, a subnormal sum that float
 * cannot hold is 0 with 0.0 correct bits (never -0.0), and a run whose only output
 * overflowed is NOT FINITE without a claim about finite outputs it does not have. */
Test(report, text_at_the_edges_of_the_formats)
{
	static const char *const data[] = {"x\n-0.0\n-0.0\n", "x\n5e-324\n0\n",
	                                   "x\n1e308\n1e308\n"};
	static const char *const want[][2] = {
	    {"sum              -0                                0   24.0 -0", "max 0 ulps"},
	    {"sum              0                                 0    0.0 5e-324", "max 0 ulps"},
	    {"sum              Infinity                          0    0.0 Infinity",
	     "NOT FINITE, 0 flips"},
	};

	for (size_t i = 0; i < 3; i++) {
		dataset d;
		report rep;
		char *text;

		run_sum(data[i], "seq", &rep, &d);
		text = written(&rep, REPORT_TEXT);
		cr_assert(strstr(text, want[i][0]), "%s", text);
		cr_assert(strstr(text, want[i][1]), "%s", text);
		cr_assert(!strstr(text, "-0.0"), "%s", text);
		cr_assert(!strstr(text, "finite outputs: max"), "%s", text);
		free(text);
		report_clear(&rep);
		dataset_clear(&d);
	}
}

/* Zero against non-zero: 1e20 + 1 - 1e20 - 1 is exactly 0, and order=seq at 53 bits gives -1.
 * In double that is as many ulps as there are doubles between -1 and 0 (the bits of 1.0 as
 * an integer); in MPFR, which has no last place at 0, infinitely many, counted so that
 * --max-ulps cannot pass it; 0 against 0 is 0 ulps. */
Test(report, zero_against_non_zero)
{
	dataset d;
	report rep;
	scenario sc;
	char err[256];
	const run_record *dbl, *mp;
	const double one = 1.0;
	uint64_t bits;
	bool special;
	mpfr_t x, y;

	static const char csv[] = "x\n1e20\n1\n-1e20\n-1\n";

	cr_assert_eq(
	    csv_load_buffer("z.csv", csv, sizeof csv - 1, NULL, false, &d, err, sizeof err), 0,
	    "%s", err);
	scenario_init(&sc);
	sc.wl = workload_find("sum");
	sc.data = &d;
	sc.ref_bits = 53;
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	dbl = run_of(&rep, FP_DOUBLE, FP_ORDER_SEQ);
	mp = run_of(&rep, FP_MPFR, FP_ORDER_SEQ);
	cr_assert(mpfr_cmp_si(dbl->res.out[0].value, -1) == 0);
	memcpy(&bits, &one, sizeof bits);
	cr_assert(bits_eq_d(dbl->m[0].ulps, (double)bits), "%g", dbl->m[0].ulps);
	cr_assert(mpfr_cmp_si(mp->res.out[0].value, -1) == 0);
	cr_assert(!mp->m[0].ulps_special && isinf(mp->m[0].ulps) && isinf(mp->max_ulps));
	report_clear(&rep);
	dataset_clear(&d);
	mpfr_inits2(53, x, y, (mpfr_ptr)0);
	mpfr_set_zero(x, -1);
	mpfr_set_zero(y, 1);
	cr_assert(bits_eq_d(runner_ulps(FP_MPFR, 53, x, y, &special), 0.0) && !special);
	mpfr_clears(x, y, (mpfr_ptr)0);
}

/* A sign change: 1 + 2^-60 - 1 - 2^-70 is 2^-60 - 2^-70 > 0, and order=seq in double loses
 * the 2^-60 and returns -2^-70. Its ulps are the doubles between the two, counted across
 * zero from their bit patterns (independently of the metric's mapping), and the relative
 * error is |got - exact| / exact computed in MPFR (exact is a double here). */
Test(report, sign_change_counts_across_zero)
{
	static const char csv[] = "x\n1\n0x1p-60\n-1\n-0x1p-70\n";
	dataset d;
	report rep;
	const run_record *seq;
	const double got = -0x1p-70, exact = 0x1p-60 - 0x1p-70;
	uint64_t bg, be;
	scenario sc;
	char err[256];

	cr_assert_eq(
	    csv_load_buffer("s.csv", csv, sizeof csv - 1, NULL, false, &d, err, sizeof err), 0,
	    "%s", err);
	scenario_init(&sc);
	sc.wl = workload_find("sum");
	sc.data = &d;
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	seq = run_of(&rep, FP_DOUBLE, FP_ORDER_SEQ);
	ASSERT_BITS_D(mpfr_get_d(seq->res.out[0].value, MPFR_RNDN), got);
	memcpy(&bg, &got, sizeof bg);
	memcpy(&be, &exact, sizeof be);
	/* negative side: bits without the sign count the doubles down to -0; +0 is the same
	 * point */
	cr_assert(bits_eq_d(seq->m[0].ulps, (double)((bg & ~(UINT64_C(1) << 63)) + be)), "%g",
	          seq->m[0].ulps);
	{
		mpfr_t e, r;

		mpfr_inits2(200, e, r, (mpfr_ptr)0);
		mpfr_set_d(e, exact, MPFR_RNDN);
		mpfr_set_d(r, got, MPFR_RNDN);
		mpfr_sub(r, r, e, MPFR_RNDN);
		mpfr_div(r, r, e, MPFR_RNDN);
		mpfr_abs(r, r, MPFR_RNDN);
		cr_assert(bits_eq_d(seq->m[0].rel_err, mpfr_get_d(r, MPFR_RNDN)), "%a",
		          seq->m[0].rel_err);
		mpfr_clears(e, r, (mpfr_ptr)0);
	}
	report_clear(&rep);
	dataset_clear(&d);
}

/* Names from files are text, never markup: a column named <script>...</script> and a data
 * file name full of Markdown and HTML syntax come out escaped in the HTML (no tag, the text
 * as it was once the entities are read) and backslash-escaped in the Markdown. */
Test(report, hostile_names_are_escaped)
{
	static const char csv[] = "<script>alert(1)</script>,<img src=x onerror=alert(2)>\n"
	                          "1,2\n3,4\n5,6\n7,8\n";
	dataset d;
	scenario sc;
	report rep;
	char err[256], *html, *md;

	cr_assert_eq(csv_load_buffer("<b>`x`*[a](javascript:alert(3))*.csv", csv, sizeof csv - 1,
	                             NULL, false, &d, err, sizeof err),
	             0, "%s", err);
	scenario_init(&sc);
	sc.wl = workload_find("kmeans");
	sc.data = &d;
	sc.params.kmeans.k = 2;
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	html = written(&rep, REPORT_HTML);
	md = written(&rep, REPORT_MARKDOWN);
	cr_assert_null(strstr(html, "<script"), "%s", html);
	cr_assert_null(strstr(html, "<img"), "%s", html);
	cr_assert_null(strstr(html, "<b>"), "%s", html);
	cr_assert(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"), "%s", html);
	cr_assert(strstr(html, "kmeans on &lt;b&gt;`x`*[a](javascript:alert(3))*.csv"), "%s", html);
	cr_assert(strstr(md, "kmeans on \\<b\\>\\`x\\`\\*\\[a\\](javascript:alert(3))\\*.csv"),
	          "%s", md);
	free(html);
	free(md);
	report_clear(&rep);
	dataset_clear(&d);
}

/* The charts stay finite for any data: a constant column too large for + 1 to change it, a
 * range whose width overflows, infinite cells. No coordinate in the SVG is NaN or infinite,
 * and the centers panel is drawn with a dot for every finite center coordinate of every
 * run. */
/* The center coordinates of every run with a distance from the reference (not a NaN or an
 * infinity), as the centers panel should draw them. */
static size_t finite_centers(const report *r)
{
	size_t n = 0;

	for (size_t k = 0; k < r->nruns; k++)
		for (size_t i = 0; i < r->runs[k].res.nout; i++)
			n += r->runs[k].res.out[i].desc->role == WL_ROLE_CENTERS &&
			     !r->runs[k].m[i].ulps_special && !isnan(r->runs[k].m[i].ulps);
	return n;
}

Test(report, plots_of_degenerate_data)
{
	static const char *const csv[] = {
	    "x,y\n1e16,1\n1e16,2\n1e16,3\n1e16,4\n",
	    "x,y\n1e308,1\n-1e308,2\n1e308,3\n-1.7976931348623157e308,4\n",
	    "x,y\ninf,1\n1,2\n3,3\n-inf,4\n5,5\n",
	    "x,y\n1.7976931348623157e308,1\n1.7976931348623157e308,2\n",
	};

	for (size_t t = 0; t < sizeof csv / sizeof csv[0]; t++) {
		dataset d;
		scenario sc;
		report rep;
		char err[256], *html;
		size_t n = 0;

		cr_assert_eq(csv_load_buffer("c.csv", csv[t], strlen(csv[t]), NULL, true, &d, err,
		                             sizeof err),
		             0, "%s", err);
		scenario_init(&sc);
		sc.wl = workload_find("kmeans");
		sc.data = &d;
		sc.params.kmeans.k = 2;
		cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
		html = written(&rep, REPORT_HTML);
		cr_assert_null(strstr(html, "=\"nan"), "case %zu", t);
		cr_assert_null(strstr(html, "=\"-nan"), "case %zu", t);
		cr_assert_null(strstr(html, "=\"inf"), "case %zu", t);
		cr_assert_null(strstr(html, "=\"-inf"), "case %zu", t);
		for (const char *p = html; (p = strstr(p, "r=\"3.5\"")); p++)
			n++;
		cr_assert(strstr(html, "aria-label=\"center offsets in ulps\""), "case %zu", t);
		cr_assert_eq(n, finite_centers(&rep), "case %zu: %zu dots drawn", t, n);
		free(html);
		report_clear(&rep);
		dataset_clear(&d);
	}
}

/* A name that is not UTF-8 (a file name is any bytes) is written to JSON with U+FFFD in place
 * of each bad byte; the writer once failed, saying "Success". */
Test(report, json_names_that_are_not_utf8)
{
	dataset d;
	scenario sc;
	report rep;
	json_t *root, *name;

	cr_assert_eq(gen_make("seq:n=5", &d, (char[256]){0}, 256), 0);
	free(d.name);
	d.name = xstrdup("bad\xff\xfe\xc0\xafname\xed\xa0\x80.csv");
	scenario_init(&sc);
	sc.wl = workload_find("sum");
	sc.data = &d;
	root = report_of(&sc, &rep);
	name = json_object_get(json_object_get(json_object_get(root, "scenario"), "data"), "name");
	cr_assert_str_eq(json_string_value(name),
	                 "bad\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbdname\xef\xbf\xbd"
	                 "\xef\xbf\xbd\xef\xbf\xbd.csv");
	json_decref(root);
	report_clear(&rep);
	dataset_clear(&d);
}

/* fmt_fit: the explorer's compare cells keep the diverging tail whole at any width. */
Test(format, fit_keeps_the_diverging_tail)
{
	char out[128];
	size_t a;

	a = fmt_fit("1.5", 3, 10, "~", out, sizeof out);
	cr_assert_str_eq(out, "1.5");
	cr_assert_eq(a, 3);
	/* 16 characters agree, "52" diverges: the first digits, the last agreeing, the tail */
	a = fmt_fit("1.3394476918537752", 16, 12, "~", out, sizeof out);
	cr_assert_str_eq(out, "1.33~8537752");
	cr_assert_eq(a, 10);
	/* an exponent stays; a tail longer than the room is cut and marked */
	a = fmt_fit("4.4408920985006262e-16", 3, 14, "~", out, sizeof out);
	cr_assert_str_eq(out, "4.4408920~e-16");
	cr_assert_eq(a, 3);
	a = fmt_fit("4.4408920985006262e-16", 9, 14, "~", out, sizeof out);
	cr_assert_str_eq(out, "4.44~9850~e-16");
	cr_assert_eq(a, 5);
	/* all agreeing (the reference itself): the start, cut */
	a = fmt_fit("1.33944769185377488212643247925547759704552", 43, 10, "~", out, sizeof out);
	cr_assert_str_eq(out, "1.3394476~");
	/* a mark of several bytes counts one column */
	a = fmt_fit("-1.3588957907257921", 17, 12, "\u2026", out, sizeof out);
	cr_assert_str_eq(out, "-1.35\u2026257921");
	cr_assert_eq(a, 5 + 3 + 4);
}

Test(format, fit_any_width_any_split)
{
	const char *vals[] = {"1.3394476918537752", "-0.00012345678901234567", "3180.0244",
	                      "4.4408920985006262e-16", "-1.7976931348623157e+308"};
	char out[128];

	for (size_t v = 0; v < sizeof vals / sizeof vals[0]; v++) {
		size_t len = strlen(vals[v]);
		const char *e = strchr(vals[v], 'e');
		size_t elen = e ? strlen(e) : 0;

		for (size_t agree = 0; agree <= len - elen; agree++)
			for (int w = 1; w < (int)len + 3; w++) {
				size_t a = fmt_fit(vals[v], agree, w, "~", out, sizeof out);
				size_t olen = strlen(out), tail = len - elen - agree;

				if ((int)len <= w) {
					cr_assert_str_eq(out, vals[v]);
					continue;
				}
				cr_assert_eq(olen, (size_t)w, "%s agree %zu width %d: '%s'",
				             vals[v], agree, w, out);
				cr_assert_leq(a, olen);
				/* whenever the tail fits beside the head, it is whole */
				if (tail > 0 && tail + elen + 6 + 1 <= (size_t)w) {
					cr_assert_eq(strncmp(out + a, vals[v] + agree, tail), 0,
					             "%s agree %zu width %d: '%s'", vals[v], agree,
					             w, out);
					cr_assert_eq(strlen(out + a), tail + elen);
				}
			}
	}
}

/* --against order=seq: every run against its seq run, output by output. */
Test(against, ulps_from_run_a_match_the_bit_patterns)
{
	dataset d;
	char err[256], change[200];
	scenario sc;
	report rep;
	knob_against ka;

	cr_assert_eq(gen_make("cancel:n=2000,cond=1e8,seed=3", &d, err, sizeof err), 0);
	scenario_init(&sc);
	sc.wl = workload_find("sum");
	sc.data = &d;
	cr_assert(scenario_set_knob(&sc, KNOB_ORDER, "seq,reverse,pairwise"));
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		sc.precision[p] = p == FP_DOUBLE;
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	cr_assert(knob_against_parse("order=seq", &ka, err, sizeof err), "%s", err);
	cr_assert_eq(runner_pair_against(&rep, &ka, err, sizeof err), 0, "%s", err);
	for (size_t i = 0; i < rep.nruns; i++) {
		const run_record *b = &rep.runs[i], *a = &rep.runs[b->against];
		double x = mpfr_get_d(b->res.out[0].value, MPFR_RNDN);
		double y = mpfr_get_d(a->res.out[0].value, MPFR_RNDN);

		cr_assert(b->has_against);
		cr_assert_eq(b->against, 0); /* the seq run */
		ASSERT_BITS_D(b->against_ulps[0], (double)ordered_ulps_d(x, y));
		ASSERT_BITS_D(b->against_max, (double)ordered_ulps_d(x, y));
	}
	cr_assert_gt(rep.runs[1].against_max, 0, "reverse and seq agree on this sum?");
	cr_assert_str_eq(
	    runner_knob_change(&rep.runs[0].knobs, &rep.runs[1].knobs, change, sizeof change),
	    "order changed (seq -> reverse)");
	cr_assert(!knob_against_parse("order", &ka, err, sizeof err));
	cr_assert(!knob_against_parse("colour=red", &ka, err, sizeof err));
	cr_assert(strstr(err, "'colour' is no knob"), "%s", err);
	cr_assert(knob_against_parse("threads=2", &ka, err, sizeof err));
	cr_assert_eq(runner_pair_against(&rep, &ka, err, sizeof err), 2); /* not in the grid */
	report_clear(&rep);
	dataset_clear(&d);
}

/* Every format says how the report came to be (command, version, time, the gate's outcome)
 * and ends in words; Markdown and HTML define the variants and fold every value. */
Test(report, every_format_says_how_it_came_to_be)
{
	dataset d;
	scenario sc;
	report rep;
	char err[256], *out;
	json_error_t jerr;
	json_t *root, *inv;

	grid(&sc, &d);
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	snprintf(rep.inv.command, sizeof rep.inv.command, "fpdrift run --threads 1,2 '<x>'");
	snprintf(rep.inv.timestamp, sizeof rep.inv.timestamp, "2026-12-07T00:00:00Z");
	rep.inv.gated = true;
	rep.inv.passed = false;
	rep.inv.max_ulps = 2;
	rep.inv.max_flips = rep.inv.max_std = -1;
	snprintf(rep.inv.outcome, sizeof rep.inv.outcome, "--max-ulps 2 exceeded: one\nand two");

	out = written(&rep, REPORT_TEXT);
	cr_assert(strstr(out, "command: fpdrift run --threads 1,2 '<x>'\nat 2026-12-07T00:00:00Z"),
	          "%s", out);
	cr_assert(strstr(out, "CI gate: EXCEEDED\n--max-ulps 2 exceeded: one\nand two"), "%s", out);
	cr_assert(strstr(out, "\nverdict:\n"), "%s", out);
	free(out);

	out = written(&rep, REPORT_JSON);
	root = json_loads(out, 0, &jerr);
	cr_assert_not_null(root, "%s", jerr.text);
	inv = json_object_get(root, "invocation");
	cr_assert_str_eq(json_string_value(json_object_get(inv, "command")),
	                 "fpdrift run --threads 1,2 '<x>'");
	cr_assert_str_eq(
	    json_string_value(json_object_get(json_object_get(inv, "gate"), "outcome")),
	    "exceeded");
	cr_assert_eq(json_array_size(json_object_get(json_object_get(inv, "gate"), "exceeded")), 2);
	json_decref(root);
	free(out);

	out = written(&rep, REPORT_MARKDOWN);
	cr_assert(strstr(out, "- Command: `fpdrift run --threads 1,2 '<x>'`"), "%s", out);
	cr_assert(strstr(out, "- CI gate: **exceeded** (--max-ulps 2)"), "%s", out);
	cr_assert(strstr(out, "## Variants\n\n| variant | order | lanes | threads |"), "%s", out);
	cr_assert(strstr(out, "<details><summary>Every output's value"), "%s", out);
	free(out);

	out = written(&rep, REPORT_CSV);
	cr_assert(
	    strstr(out, ",\"fpdrift run --threads 1,2 '<x>'\",2026-12-07T00:00:00Z,exceeded,"),
	    "%s", out);
	free(out);

	out = written(&rep, REPORT_HTML);
	cr_assert(strstr(out, "fpdrift run --threads 1,2 '&lt;x&gt;'"), "%s", out);
	cr_assert_null(strstr(out, "<x>"));
	free(out);
	report_clear(&rep);
	dataset_clear(&d);
}

/* The reports say what rounding the inputs to each run's format did: in binary16, 0.1 changes,
 * 70000 is beyond 65504 (infinity), 1e-9 is below half the least subnormal 2^-24 (zero), and
 * 1, -0 and 65504 are values of the format; in float only 0.1 and 1e-9 change; double and
 * MPFR take all six. */
Test(report, inputs_rounded_to_each_format_are_counted)
{
	static const char csv[] = "x\n1\n0.1\n70000\n1e-9\n-0\n65504\n";
	dataset d;
	scenario sc;
	report rep;
	char err[256], buf[1200];
	json_t *root, *in;

	cr_assert_eq(
	    csv_load_buffer("in.csv", csv, sizeof csv - 1, NULL, false, &d, err, sizeof err), 0,
	    "%s", err);
	scenario_init(&sc);
	sc.wl = workload_find("sum");
	sc.data = &d;
	sc.precision[FP_FP16] = true;
	root = report_of(&sc, &rep);
	in = json_object_get(json_object_get(root, "scenario"), "input_rounding");
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(in, "fp16"), "changed")),
	             3);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(in, "fp16"), "overflowed")),
	             1);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(in, "fp16"), "to_zero")),
	             1);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(in, "float"), "changed")),
	             2);
	cr_assert_eq(json_integer_value(json_object_get(json_object_get(in, "float"), "to_zero")),
	             0);
	cr_assert_null(json_object_get(in, "double"));
	report_inputs_text(&rep, buf, sizeof buf);
	cr_assert(strstr(buf, "float and fp16 runs round each input once to their format"), "%s",
	          buf);
	cr_assert(strstr(buf, "fp16 3 of 6 with 1 beyond its range and 1 to zero"), "%s", buf);
	json_decref(root);
	report_clear(&rep);
	dataset_clear(&d);
}
