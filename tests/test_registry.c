/* test_registry.c - the three tables (knobs, precisions, workloads) and what is generated from
 * them: the grid, the command line, --help and the JSON schema. */
#include "config.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/precision.h"
#include "cli/options.h"
#include "explore/knob.h"
#include "explore/runner.h"
#include "report/report.h"
#include "workload/workload.h"

/* --help as a string (caller frees). */
static char *usage_text(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	cr_assert_not_null(f);
	cli_usage(f);
	fclose(f);
	return buf;
}

/* Parse argv (NULL-terminated, argv[0] "run"); the status, the message in err. */
static int parse(cli_run *r, char *err, size_t errsize, const char *const *argv)
{
	char *copy[32];
	int argc = 0;

	while (argv[argc]) {
		copy[argc] = (char *)argv[argc];
		argc++;
	}
	copy[argc] = NULL;
	return cli_parse(argc, copy, r, err, errsize);
}

Test(registry, every_value_of_every_knob_formats_and_parses_back)
{
	for (int id = 0; id < KNOB_COUNT; id++) {
		const knob_desc *d = &knob_table[id];
		knob_list l;

		cr_assert(knob_parse_list((knob_id)id, d->def, &l), "%s: default", d->name);
		cr_assert_eq(l.n, 1);
		cr_assert(knob_parse_list((knob_id)id, d->sweep, &l), "%s: sweep", d->name);
		cr_assert_gt(l.n, 1, "%s sweeps one value", d->name);
		for (size_t i = 0; i < l.n; i++) {
			char buf[64];
			knob_list back;

			knob_format((knob_id)id, &l.v[i], buf, sizeof buf);
			cr_assert(knob_parse_list((knob_id)id, buf, &back), "%s=%s", d->name, buf);
			cr_assert(knob_same((knob_id)id, &back.v[0], &l.v[i]));
		}
		cr_assert(!knob_parse_list((knob_id)id, "", &l));
		cr_assert(!knob_parse_list((knob_id)id, "bogus", &l), "%s took bogus", d->name);
		cr_assert(!knob_parse_list((knob_id)id, ",", &l));
	}
}

Test(registry, names_and_keys_are_unique)
{
	for (int a = 0; a < KNOB_COUNT; a++)
		for (int b = a + 1; b < KNOB_COUNT; b++) {
			cr_assert_str_neq(knob_table[a].name, knob_table[b].name);
			cr_assert_neq(knob_table[a].key, knob_table[b].key);
			cr_assert_neq(knob_table[a].key, knob_table[b].key_back);
		}
	for (int a = 0; a < KNOB_COUNT; a++)
		cr_assert_eq(knob_find(knob_table[a].name), (knob_id)a);
	cr_assert_eq(knob_find("nonsense"), KNOB_COUNT);
}

Test(registry, a_list_too_long_is_refused_whole)
{
	char list[4 * KNOB_LIST_MAX + 8] = "";
	knob_list l = {0};

	for (int i = 0; i <= KNOB_LIST_MAX; i++)
		strcat(list, i ? ",1" : "1");
	cr_assert(!knob_parse_list(KNOB_THREADS, list, &l));
	cr_assert_eq(l.n, 0, "a refused list changed the output");
	list[strlen(list) - 2] = '\0'; /* exactly KNOB_LIST_MAX */
	cr_assert(knob_parse_list(KNOB_THREADS, list, &l));
	cr_assert_eq(l.n, KNOB_LIST_MAX);
}

Test(registry, stepping_cycles_through_the_sweep_list)
{
	for (int id = 0; id < KNOB_COUNT; id++) {
		knob_list sweep, start;
		fp_knobs k;

		if (knob_table[id].step)
			continue; /* threads steps by one within 1..256 */
		cr_assert(knob_parse_list((knob_id)id, knob_table[id].sweep, &sweep));
		cr_assert(knob_parse_list((knob_id)id, knob_table[id].def, &start));
		k = start.v[0];
		for (size_t i = 0; i < sweep.n; i++) {
			knob_step((knob_id)id, &k, 1);
			cr_assert(i + 1 == sweep.n || !knob_same((knob_id)id, &k, &start.v[0]),
			          "%s came back after %zu steps", knob_table[id].name, i + 1);
		}
		cr_assert(knob_same((knob_id)id, &k, &start.v[0]), "%s", knob_table[id].name);
		knob_step((knob_id)id, &k, -1);
		knob_step((knob_id)id, &k, 1);
		cr_assert(knob_same((knob_id)id, &k, &start.v[0]), "%s back", knob_table[id].name);
	}
}

Test(registry, threads_step_by_one_within_range)
{
	fp_knobs k = knobs_default();

	knob_step(KNOB_THREADS, &k, -1);
	cr_assert_eq(k.threads, 1);
	knob_step(KNOB_THREADS, &k, 1);
	cr_assert_eq(k.threads, 2);
	k.threads = FP_THREADS_MAX;
	knob_step(KNOB_THREADS, &k, 1);
	cr_assert_eq(k.threads, FP_THREADS_MAX);
}

/* The grid against six nested loops written out: the first knob varies slowest. */
Test(registry, the_grid_is_every_combination_first_knob_slowest)
{
	scenario sc;
	fp_knobs *v;
	size_t n, i = 0;

	scenario_init(&sc);
	cr_assert(scenario_set_knob(&sc, KNOB_ORDER, "seq,shuffle:3,exact"));
	cr_assert(scenario_set_knob(&sc, KNOB_THREADS, "1,4"));
	cr_assert(scenario_set_knob(&sc, KNOB_FMA, "off,on"));
	cr_assert(scenario_set_knob(&sc, KNOB_KERNEL, "blas"));
	n = knob_expand(sc.knobs, &v);
	cr_assert_eq(n, 12);
	for (int o = 0; o < 3; o++)
		for (int t = 0; t < 2; t++)
			for (int f = 0; f < 2; f++, i++) {
				static const fp_order orders[] = {FP_ORDER_SEQ, FP_ORDER_SHUFFLE,
				                                  FP_ORDER_EXACT};

				cr_assert_eq(v[i].order, orders[o]);
				cr_assert_eq(v[i].shuffle_seed, o == 1 ? 3u : 0u);
				cr_assert_eq(v[i].threads, t ? 4u : 1u);
				cr_assert_eq(v[i].fma, f == 1);
				cr_assert_eq(v[i].kernel, FP_KERNEL_BLAS);
				cr_assert_eq(v[i].lanes, 1u);
				cr_assert_eq(v[i].combine, FP_COMBINE_ORDERED);
			}
	free(v);
}

Test(registry, the_rules_say_when_a_knob_does_not_apply)
{
	wl_params p = wl_params_default();
	knob_where km = {workload_find("kmeans"), &p, FP_DOUBLE, NULL};
	knob_where sum = {workload_find("sum"), &p, FP_DOUBLE, NULL};
	knob_where mpfr = {workload_find("dot"), &p, FP_MPFR, NULL};
	fp_knobs k = knobs_default();

	cr_assert(!knob_applies(KNOB_COMBINE, &km, &k), "combine with one thread");
	k.threads = 2;
	cr_assert(knob_applies(KNOB_COMBINE, &km, &k));
	cr_assert(!knob_applies(KNOB_KERNEL, &km, &k), "blas under the direct distance");
	p.kmeans.distance = KM_DIST_EXPANDED;
	cr_assert(knob_applies(KNOB_KERNEL, &km, &k), "blas under the expanded distance");
	cr_assert(!knob_applies(KNOB_KERNEL, &mpfr, &k), "blas in MPFR");
	cr_assert(!knob_applies(KNOB_FMA, &sum, &k), "fma in a sum");
	cr_assert(knob_applies(KNOB_FMA, &km, &k));
	k.order = FP_ORDER_EXACT;
	for (int id = KNOB_LANES; id <= KNOB_KERNEL; id++)
		if (id != KNOB_FMA)
			cr_assert(!knob_applies((knob_id)id, &km, &k), "%s under exact",
			          knob_table[id].name);
	cr_assert(knob_applies(KNOB_ORDER, &km, &k));
}

/* A run that computes as scikit-learn (--mimic) has threads and combine for knobs, under any
 * order; its MPFR runs stay fpdrift's own. Over several precisions, a knob is n/a when it is
 * n/a in every one that runs. */
Test(registry, a_mimic_keeps_only_threads_and_combine)
{
	wl_params p = wl_params_default();
	bool dbl[FP_PRECISION_COUNT] = {false}, all[FP_PRECISION_COUNT] = {true, true, true};
	knob_where km = {workload_find("kmeans"), &p, FP_DOUBLE, NULL};
	knob_where ref = {workload_find("kmeans"), &p, FP_MPFR, NULL};
	knob_where only_double = {workload_find("kmeans"), &p, FP_PRECISION_COUNT, dbl};
	knob_where every = {workload_find("kmeans"), &p, FP_PRECISION_COUNT, all};
	fp_knobs k = knobs_default();

	dbl[FP_DOUBLE] = true;
	p.kmeans.mimic = KM_MIMIC_SKLEARN;
	p.kmeans.distance = KM_DIST_EXPANDED;
	k.threads = 3;
	k.order = FP_ORDER_EXACT;
	for (int id = 0; id < KNOB_COUNT; id++) {
		bool kept = id == KNOB_THREADS || id == KNOB_COMBINE;

		cr_assert_eq(knob_applies((knob_id)id, &km, &k), kept, "%s", knob_table[id].name);
		cr_assert_eq(knob_applies((knob_id)id, &only_double, &k), kept, "%s",
		             knob_table[id].name);
	}
	cr_assert(knob_applies(KNOB_ORDER, &ref, &k), "the reference's order");
	cr_assert(knob_applies(KNOB_ORDER, &every, &k), "the MPFR column sums by order");
	p.kmeans.mimic = KM_MIMIC_NONE;
	cr_assert(!knob_applies(KNOB_THREADS, &km, &k), "exact order, no mimic");
}

Test(registry, notes_say_what_a_value_does_not)
{
	wl_params p = wl_params_default();
	knob_where km = {workload_find("kmeans"), &p, FP_DOUBLE, NULL};
	fp_knobs k = knobs_default();
	char buf[256];

	k.combine = FP_COMBINE_RACY;
	cr_assert_null(knob_note(KNOB_COMBINE, &km, &k), "racy with one thread");
	k.threads = 3;
	cr_assert_str_eq(knob_note(KNOB_COMBINE, &km, &k), "varies from run to run");
	cr_assert(strstr(knob_describe_where(&k, &km, buf, sizeof buf),
	                 "combine=racy (varies from run to run)"),
	          "%s", buf);
	k.order = FP_ORDER_EXACT;
	cr_assert_null(knob_note(KNOB_COMBINE, &km, &k), "racy under exact order");
	cr_assert(strstr(knob_describe_where(&k, &km, buf, sizeof buf), "combine=racy (n/a)"), "%s",
	          buf);
}

Test(registry, precision_rows)
{
	char buf[32];

	cr_assert_str_eq(precision_label(FP_FLOAT, 256, buf, sizeof buf), "float");
	cr_assert_str_eq(precision_label(FP_MPFR, 512, buf, sizeof buf), "mpfr-512");
	cr_assert_eq(precision_bits(FP_DOUBLE, 512), 53);
	cr_assert_eq(precision_bits(FP_MPFR, 512), 512);
	for (int p = 0; p < FP_PRECISION_COUNT; p++) {
		fp_precision back;

		cr_assert(knobs_parse_precision(precision_of((fp_precision)p)->name, &back));
		cr_assert_eq(back, (fp_precision)p);
	}
}

/* Every parameter of every workload formats its default and parses it back unchanged. */
Test(registry, workload_parameters_round_trip)
{
	for (size_t w = 0; workloads[w]; w++)
		for (const wl_param *p = workloads[w]->params; p->name; p++) {
			wl_params a = wl_params_default(), b = wl_params_default();
			char x[256], y[256];

			p->format(&a, x, sizeof x);
			if (strcmp(x, "file") == 0)
				continue; /* --init FILE formats as "file" */
			cr_assert(p->parse(x, &b), "%s --%s %s", workloads[w]->name, p->name, x);
			p->format(&b, y, sizeof y);
			cr_assert_str_eq(x, y);
			cr_assert(!p->parse("", &b) || strcmp(p->name, "init") == 0, "--%s ''",
			          p->name);
		}
}

/* A run's outputs belong to its workload's table and are named by their shape. */
Test(registry, outputs_carry_their_kind)
{
	dataset d;
	char err[256];
	scenario sc;
	report rep;

	cr_assert_eq(gen_make("blobs:n=60,d=3,k=2,std=1,seed=4", &d, err, sizeof err), 0);
	scenario_init(&sc);
	sc.wl = workload_find("kmeans");
	sc.data = &d;
	sc.params.kmeans.k = 2;
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	for (size_t i = 0; i < rep.ref.nout; i++) {
		const wl_output *o = &rep.ref.out[i];
		char name[64];
		const wl_output_desc *dd = sc.wl->outputs;

		while (dd->name && dd != o->desc)
			dd++;
		cr_assert_not_null(dd->name, "%s is not in the table", o->name);
		if (o->desc->shape == WL_MATRIX)
			snprintf(name, sizeof name, "%s[%zu][%zu]", dd->name, o->i, o->j);
		else
			snprintf(name, sizeof name, "%s", dd->name);
		cr_assert_str_eq(o->name, name);
	}
	cr_assert_eq(rep.ref.nout, 2 * 3 + 1);
	cr_assert_not_null(
	    wl_result_at(&rep.ref, workload_output_of_role(sc.wl, WL_ROLE_CENTERS), 1, 2));
	cr_assert_null(
	    wl_result_at(&rep.ref, workload_output_of_role(sc.wl, WL_ROLE_CENTERS), 2, 0));
	cr_assert_not_null(wl_result_first(&rep.ref, sc.wl->final_metric));
	report_clear(&rep);
	dataset_clear(&d);
}

Test(registry, help_lists_every_option_of_every_table)
{
	char *help = usage_text();

	for (int k = 0; k < KNOB_COUNT; k++) {
		char opt[64];

		snprintf(opt, sizeof opt, "--%s LIST", knob_table[k].name);
		cr_assert(strstr(help, opt), "--help lacks %s", opt);
	}
	for (size_t w = 0; workloads[w]; w++)
		for (const wl_param *p = workloads[w]->params; p->name; p++) {
			char opt[64];

			snprintf(opt, sizeof opt, "%s%s %s", strlen(p->name) == 1 ? "-" : "--",
			         p->name, p->arg);
			cr_assert(strstr(help, opt), "--help lacks %s", opt);
		}
	free(help);
}

Test(registry, the_command_line_sets_knobs_and_parameters)
{
	cli_run r;
	char err[256];
	const char *ok[] = {"run",        "--threads", "1,2,4",    "--order", "kahan,shuffle:9",
	                    "--workload", "softmax",   "--epochs", "7",       "--batch-size",
	                    "5",          NULL};
	const char *misplaced[] = {"run", "--epochs", "7", NULL};
	const char *bad_knob[] = {"run", "--lanes", "3", NULL};
	const char *unknown[] = {"run", "--bogus", NULL};

	cr_assert_eq(parse(&r, err, sizeof err, ok), 0, "%s", err);
	cr_assert_eq(r.sc.knobs[KNOB_THREADS].n, 3);
	cr_assert_eq(r.sc.knobs[KNOB_THREADS].v[2].threads, 4);
	cr_assert_eq(r.sc.knobs[KNOB_ORDER].v[1].shuffle_seed, 9);
	cr_assert_eq(r.sc.params.softmax.epochs, 7, "the parameter waited for --workload");
	cr_assert_eq(r.sc.params.softmax.batch_size, 5);
	cr_assert_eq(r.sc.params.mlp.epochs, 100, "mlp's epochs changed too");
	cr_assert_eq(parse(&r, err, sizeof err, misplaced), 2);
	cr_assert(strstr(err, "--epochs is not a parameter of kmeans"), "%s", err);
	cr_assert_eq(parse(&r, err, sizeof err, bad_knob), 2);
	cr_assert(strstr(err, "--lanes: '3' is not a list of 1 2 4 8 16"), "%s", err);
	cr_assert_eq(parse(&r, err, sizeof err, unknown), 2);
	cr_assert(strstr(err, "--bogus is not an option"), "%s", err);
}

Test(registry, the_schema_takes_its_enums_from_the_tables)
{
	json_t *s = report_schema();
	json_t *run = json_object_get(
	    json_object_get(json_object_get(json_object_get(s, "properties"), "runs"), "items"),
	    "properties");
	json_t *combine = json_object_get(json_object_get(run, "combine"), "enum");
	json_t *lanes = json_object_get(json_object_get(run, "lanes"), "enum");

	cr_assert_eq(json_array_size(combine), FP_COMBINE_COUNT);
	for (size_t i = 0; i < FP_COMBINE_COUNT; i++)
		cr_assert_str_eq(json_string_value(json_array_get(combine, i)),
		                 knobs_combine_name((fp_combine)i));
	cr_assert_eq(json_integer_value(json_array_get(lanes, 4)), 16);
	for (int k = 0; k < KNOB_COUNT; k++)
		cr_assert_not_null(json_object_get(run, knob_table[k].name), "%s",
		                   knob_table[k].name);
	json_decref(s);
}
