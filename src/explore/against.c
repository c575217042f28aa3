/* against.c - A versus B: every run compared with the run whose knobs differ from its own in
 * the knobs the user names (runner.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explore/knob.h"
#include "explore/runner.h"
#include "util/util.h"

bool knob_against_parse(const char *spec, knob_against *out, char *err, size_t errsize)
{
	char *copy = xstrdup(spec), *save = NULL, *tok;
	bool any = false;

	memset(out, 0, sizeof *out);
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(tok, '=');
		knob_list l;
		int id;

		if (!eq) {
			snprintf(err, errsize, "'%s' is not knob=value (order=seq, threads=1)",
			         tok);
			free(copy);
			return false;
		}
		*eq = '\0';
		id = (int)knob_find(tok);
		if (id == KNOB_COUNT) {
			snprintf(err, errsize,
			         "'%s' is no knob (order, lanes, threads, combine, fma, "
			         "kernel)",
			         tok);
			free(copy);
			return false;
		}
		if (!knob_parse_list((knob_id)id, eq + 1, &l) || l.n != 1) {
			snprintf(err, errsize, "'%s' is not one value of %s", eq + 1, tok);
			free(copy);
			return false;
		}
		out->set[id] = true;
		knob_table[id].copy(&out->k, &l.v[0]);
		any = true;
	}
	free(copy);
	if (!any)
		snprintf(err, errsize, "no knob=value given");
	return any;
}

static bool same_knobs(const fp_knobs *a, const fp_knobs *b)
{
	for (int id = 0; id < KNOB_COUNT; id++)
		if (!knob_same((knob_id)id, a, b))
			return false;
	return true;
}

const char *runner_knob_change(const fp_knobs *a, const fp_knobs *b, char *buf, size_t size)
{
	char names[256] = "", detail[512] = "";
	int n = 0, last = -1;

	for (int id = 0; id < KNOB_COUNT; id++)
		if (!knob_same((knob_id)id, a, b))
			n++, last = id;
	for (int id = 0, i = 0; id < KNOB_COUNT; id++) {
		char x[64], y[64];

		if (knob_same((knob_id)id, a, b))
			continue;
		knob_format((knob_id)id, a, x, sizeof x);
		knob_format((knob_id)id, b, y, sizeof y);
		appendf(names, sizeof names, "%s%s",
		        i == 0       ? ""
		        : id == last ? " and "
		                     : ", ",
		        knob_table[id].name);
		if (n == 1)
			appendf(detail, sizeof detail, "%s -> %s", x, y);
		else
			appendf(detail, sizeof detail, "%s%s %s -> %s", i ? ", " : "",
			        knob_table[id].name, x, y);
		i++;
	}
	if (n == 0)
		snprintf(buf, size, "no knob changed");
	else
		snprintf(buf, size, "%s changed (%s)", names, detail);
	return buf;
}

double runner_ulps_between(const report *r, const run_record *b, const run_record *a, double *each,
                           bool *special)
{
	double most = 0;

	*special = false;
	for (size_t i = 0; i < b->res.nout; i++) {
		const wl_output *o = wl_result_match(&a->res, &b->res.out[i], i);
		bool sp = false;
		double u =
		    o ? runner_ulps(b->prec, r->sc.ref_bits, b->res.out[i].value, o->value, &sp)
		      : (double)NAN;

		/* the same NaN or infinity on both sides is no difference */
		if (sp && o && !mpfr_number_p(o->value) &&
		    ((mpfr_nan_p(o->value) && mpfr_nan_p(b->res.out[i].value)) ||
		     (mpfr_inf_p(o->value) && mpfr_inf_p(b->res.out[i].value) &&
		      mpfr_signbit(o->value) == mpfr_signbit(b->res.out[i].value)))) {
			sp = false;
			u = 0;
		}
		*special |= sp || !o;
		if (each)
			each[i] = sp ? (double)NAN : u;
		if (!sp && o && u > most)
			most = u;
	}
	return most;
}

int runner_pair_against(report *r, const knob_against *a, char *err, size_t errsize)
{
	for (size_t i = 0; i < r->nruns; i++) {
		run_record *b = &r->runs[i];
		fp_knobs want = b->knobs;
		size_t j;

		for (int id = 0; id < KNOB_COUNT; id++)
			if (a->set[id])
				knob_table[id].copy(&want, &a->k);
		for (j = 0; j < r->nruns; j++)
			if (r->runs[j].prec == b->prec && same_knobs(&r->runs[j].knobs, &want))
				break;
		if (j == r->nruns) {
			char kn[256];

			snprintf(err, errsize,
			         "--against: the run with %s is not in the grid: add its values to "
			         "the knobs' lists",
			         knob_describe(&want, kn, sizeof kn));
			return 2;
		}
		b->has_against = true;
		b->against = j;
		free(b->against_ulps);
		b->against_ulps = xcalloc(b->res.nout + 1, sizeof *b->against_ulps);
		b->against_max =
		    runner_ulps_between(r, b, &r->runs[j], b->against_ulps, &b->against_special);
	}
	return 0;
}
