/* summary.c - knob effects and the mitigation's verdict; see summary.h. */
#include "config.h"

#include "explore/summary.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/metric.h"
#include "arith/precision.h"

/* Do two variants agree on every knob but this one? */
static bool same_but(int knob, const fp_knobs *a, const fp_knobs *b)
{
	for (int k = 0; k < KNOB_COUNT; k++)
		if (k != knob && !knob_same((knob_id)k, a, b))
			return false;
	return true;
}

bool summary_any_knob(const summary *s)
{
	for (int k = 0; k < KNOB_COUNT; k++)
		if (s->knob[k].nvalues > 1)
			return true;
	return false;
}

/* The most ulps between two runs' outputs (raw: before the mitigation); -1 when all agree. */
static double distance(const report *r, const run_record *x, const run_record *y, bool raw)
{
	double most = -1;

	for (size_t i = 0; i < x->res.nout && i < y->res.nout; i++) {
		mpfr_srcptr a = raw ? x->res.out[i].raw : x->res.out[i].value;
		mpfr_srcptr b = raw ? y->res.out[i].raw : y->res.out[i].value;
		bool special;
		double u;

		if (wl_value_same(a, b))
			continue;
		u = runner_ulps(x->prec, r->sc.ref_bits, a, b, &special);
		most = fmax(most, special ? HUGE_VAL : fmax(u, 0.0));
	}
	return most;
}

void summary_make(const report *r, summary *s)
{
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0;

	memset(s, 0, sizeof *s);
	s->mitigated = r->sc.round_out.kind != MITIG_NONE;
	for (size_t i = 0; i < r->nruns; i++) {
		s->precision[r->runs[i].prec] = true;
		s->nonfinite_runs += r->runs[i].res.nonfinite;
		s->flipped_runs += r->runs[i].flips > 0;
	}
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		s->worst_bits[p] = s->worst_raw_bits[p] = HUGE_VAL;
	/* the knobs: their values, and pairs of runs that differ only in one knob */
	for (int k = 0; k < KNOB_COUNT; k++) {
		knob_effect *e = &s->knob[k];

		e->name = knob_table[k].name;
		for (size_t i = 0; i < r->nruns && !e->applies; i++) {
			knob_where w = scenario_where(&r->sc, r->runs[i].prec);

			e->applies = knob_applies((knob_id)k, &w, &r->runs[i].knobs);
		}
		for (size_t v = 0; v < r->nvariants; v++) {
			char val[40];
			size_t j;

			knob_format((knob_id)k, &r->variants[v], val, sizeof val);
			for (j = 0; j < e->nvalues && strcmp(e->value[j], val) != 0; j++)
				;
			if (j == e->nvalues && j < KNOB_LIST_MAX)
				snprintf(e->value[e->nvalues++], sizeof e->value[0], "%s", val);
			for (size_t p = 0; j < KNOB_LIST_MAX && p < nprec; p++) {
				const run_record *rr = &r->runs[v * nprec + p];

				/* a run that is not finite exceeds every bound */
				e->max_ulps[j][rr->prec] =
				    fmax(e->max_ulps[j][rr->prec],
				         rr->res.nonfinite ? HUGE_VAL : rr->max_ulps);
			}
		}
		for (int p = 0; p < FP_PRECISION_COUNT; p++)
			e->spread[p] = 0;
		for (size_t a = 0; a < r->nvariants; a++)
			for (size_t b = a + 1; b < r->nvariants; b++) {
				if (!same_but(k, &r->variants[a], &r->variants[b]))
					continue;
				for (size_t p = 0; p < nprec; p++) {
					const run_record *x = &r->runs[a * nprec + p],
					                 *y = &r->runs[b * nprec + p];
					double d = distance(r, x, y, true);

					if (d >= 0) {
						e->changes[x->prec] = true;
						e->spread[x->prec] = fmax(e->spread[x->prec], d);
					}
				}
			}
	}
	/* the mitigation: do the variants agree before and after it, and what does it cost */
	for (size_t p = 0; p < nprec; p++)
		for (size_t v = 0; v < r->nvariants; v++) {
			const run_record *x = &r->runs[p], *y = &r->runs[v * nprec + p];

			if (v && distance(r, x, y, true) >= 0)
				s->raw_differ[x->prec] = true;
			if (v && distance(r, x, y, false) >= 0)
				s->differ[x->prec] = true;
			for (size_t i = 0; i < y->res.nout; i++) {
				const wl_output *ref = wl_result_match(&r->ref, &y->res.out[i], i);
				unsigned prec = (unsigned)precision_bits(y->prec, r->sc.ref_bits);

				if (!ref)
					continue;
				s->worst_bits[y->prec] =
				    fmin(s->worst_bits[y->prec], y->m[i].correct_bits);
				s->worst_raw_bits[y->prec] =
				    fmin(s->worst_raw_bits[y->prec],
				         metric_correct_bits(
				             metric_rel_err(y->res.out[i].raw, ref->value), prec));
			}
		}
}
