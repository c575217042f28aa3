/* runner.c - the grid of variants, the runs, and how far each is from the reference. */
#include "config.h"

#include "explore/runner.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/fmt.h"
#include "arith/metric.h"
#include "arith/precision.h"
#include "arith/rnd.h"
#include "arith/stats.h"
#include "explore/format.h"
#include "util/util.h"

void scenario_init(scenario *sc)
{
	memset(sc, 0, sizeof *sc);
	sc->params = wl_params_default();
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		sc->precision[p] = precision_of((fp_precision)p)->by_default;
	sc->ref_bits = FP_BITS_DEFAULT;
	knob_lists_default(sc->knobs);
	sc->round_out.kind = MITIG_NONE;
	sc->round_inside.kind = MITIG_NONE;
	sc->samples = SIG_SAMPLES_DEFAULT;
}

unsigned scenario_draws(const scenario *sc, const fp_knobs *k, const knob_where *w)
{
	if (!knob_varies(k, w))
		return 1;
	if (rnd_is_random(k->rounding) && knob_applies(KNOB_ROUNDING, w, k))
		return sc->samples >= SIG_SAMPLES_MIN ? sc->samples : SIG_SAMPLES_DEFAULT;
	return RUNNER_DRAWS;
}

bool scenario_set_knob(scenario *sc, knob_id id, const char *list)
{
	return knob_parse_list(id, list, &sc->knobs[id]);
}

knob_where scenario_where(const scenario *sc, fp_precision p)
{
	knob_where w = {sc->wl, &sc->params, p, sc->precision};

	return w;
}

/* Progress of the whole scenario: runs done so far plus the fraction of the current one. */
typedef struct progress_state {
	const scenario *sc;
	double done, total;
} progress_state;

static void run_progress(void *arg, double fraction)
{
	progress_state *ps = arg;

	if (ps->sc->progress)
		ps->sc->progress(ps->sc->progress_arg, (ps->done + fraction) / ps->total);
}

static bool cancelled(const scenario *sc)
{
	return sc->cancel && __atomic_load_n(sc->cancel, __ATOMIC_RELAXED) != 0;
}

/* Lower each mitigation's N to what the run's precision holds (round:12 is round:9 in float);
 * with note, say so there (appended, bounded by size). */
static void clamp_mitigation(wl_ctx *w, char *note, size_t size)
{
	mpfr_prec_t bits = precision_bits(w->prec, w->bits);
	mitig *m[2] = {&w->round_out, &w->round_inside};

	for (int i = 0; i < 2; i++) {
		mitig asked = *m[i];
		bool clamped;
		char a[32], b[32];

		*m[i] = mitig_clamp(m[i], bits, &clamped);
		if (clamped && note)
			appendf(note, size, "%s%s is more than %s holds: %s applied",
			        note[0] ? "; " : "", mitig_describe(&asked, a, sizeof a),
			        precision_of(w->prec)->name, mitig_describe(m[i], b, sizeof b));
	}
}

const char *scenario_mitigation_text(const scenario *sc, char *buf, size_t size)
{
	bool open = false;

	mitig_describe(&sc->round_out, buf, size);
	if (sc->round_out.kind == MITIG_SIG) {
		appendf(
		    buf, size,
		    " (each output rounded to its significant decimal digits, estimated from %u "
		    "sr samples of variant 1)",
		    sc->samples);
		return buf;
	}
	for (int p = 0; p < FP_PRECISION_COUNT && sc->round_out.kind != MITIG_NONE; p++) {
		bool clamped;
		mitig got;
		char d[32];

		if (!sc->precision[p])
			continue;
		got = mitig_clamp(&sc->round_out, precision_bits((fp_precision)p, sc->ref_bits),
		                  &clamped);
		if (clamped) {
			appendf(buf, size, "%s%s: %s", open ? ", " : " (",
			        precision_of((fp_precision)p)->name,
			        mitig_describe(&got, d, sizeof d));
			open = true;
		}
	}
	if (open)
		appendf(buf, size, ")");
	return buf;
}

unsigned scenario_mitigation_max(const scenario *sc, mitig_kind kind)
{
	mitig most = {kind, UINT_MAX};
	unsigned n = 1;

	for (int p = 0; p < FP_PRECISION_COUNT; p++) {
		bool clamped;

		if (sc->precision[p]) {
			mitig got = mitig_clamp(
			    &most, precision_bits((fp_precision)p, sc->ref_bits), &clamped);

			n = got.n > n ? got.n : n;
		}
	}
	return n;
}

static wl_ctx make_ctx(const scenario *sc, fp_precision p, const fp_knobs *k, uint64_t seed,
                       progress_state *ps)
{
	wl_ctx w;

	memset(&w, 0, sizeof w);
	w.prec = p;
	w.bits = sc->ref_bits;
	w.emu = FP_EMU_NONE;
	w.knobs = *k;
	w.round_out = sc->round_out;
	w.round_inside = sc->round_inside;
	if (w.round_out.kind == MITIG_SIG) /* the runner's own, output by output (sig_round) */
		w.round_out.kind = MITIG_NONE;
	if (w.round_inside.kind == MITIG_SIG) /* the outputs' only: refused by the options */
		w.round_inside.kind = MITIG_NONE;
	clamp_mitigation(&w, NULL, 0);
	w.seed = seed;
	w.cancel = sc->cancel;
	w.progress = ps ? run_progress : NULL;
	w.progress_arg = ps;
	return w;
}

wl_ctx scenario_ctx(const scenario *sc, fp_precision p, const fp_knobs *k)
{
	wl_ctx w = make_ctx(sc, p, k, sc->seed, NULL);

	w.cancel = NULL;
	return w;
}

const char *scenario_mimic_text(const scenario *sc, fp_precision p, const fp_knobs *k, char *buf,
                                size_t size)
{
	if (sc->wl->mimics && sc->wl->mimics(&sc->params, p))
		snprintf(buf, size, "%s with %u OpenMP thread%s", sc->wl->mimic_name, k->threads,
		         k->threads == 1 ? "" : "s");
	else
		snprintf(buf, size, "%s", "");
	return buf;
}

double runner_ulps(fp_precision p, mpfr_prec_t bits, mpfr_srcptr x, mpfr_srcptr y, bool *special)
{
	const precision_ops *ops = &precision_of(p)->ops;
	uint64_t u = 0;
	double out = (double)NAN;

	*special = false;
	if (ops->ulps) {
		if (ops->ulps(x, y, &u) == FP_OK)
			out = (double)u;
		else
			*special = true;
	} else if (!mpfr_number_p(x) || !mpfr_number_p(y)) {
		*special = true;
	} else if (mpfr_zero_p(y)) {
		/* MPFR has no last place at 0 (no subnormals, an exponent range of about 2^62):
		 * a non-zero x is infinitely many ulps away, and counts as such */
		out = mpfr_zero_p(x) ? 0.0 : (double)INFINITY;
	} else {
		/* |x - y| in units of y's last place at the run's precision */
		mpfr_t d;

		mpfr_init2(d, 2 * bits + 64);
		mpfr_sub(d, x, y, MPFR_RNDN);
		mpfr_abs(d, d, MPFR_RNDN);
		mpfr_mul_2si(d, d, -(mpfr_get_exp(y) - (mpfr_exp_t)bits), MPFR_RNDN);
		out = mpfr_get_d(d, MPFR_RNDN);
		mpfr_clear(d);
	}
	return out;
}

/* How far x is from the reference: with cert (the certified reference's output in x's
 * format), ulps against its value and the relative error and correct bits against its raw,
 * the exact result to twice the format's bits or more; without, all against ref, the
 * reference run's output (the ulps after rounding it to x's format). */
static void measure(const run_record *r, mpfr_srcptr ref, const wl_output *cert, mpfr_srcptr x,
                    mpfr_prec_t ref_bits, out_metric *m)
{
	unsigned prec = (unsigned)precision_bits(r->prec, ref_bits);

	m->certified = cert != NULL;
	m->ulps = runner_ulps(r->prec, ref_bits, x, cert ? cert->value : ref, &m->ulps_special);
	m->rel_err = metric_rel_err(x, cert ? cert->raw : ref);
	m->correct_bits = metric_correct_bits(m->rel_err, prec);
}

static void score(const report *rep, run_record *r, const run_record *first)
{
	const wl_result *ref = &rep->ref;

	r->m = xcalloc(r->res.nout ? r->res.nout : 1, sizeof *r->m);
	r->max_ulps = 0;
	for (size_t i = 0; i < r->res.nout; i++) {
		const wl_output *ro = wl_result_match(ref, &r->res.out[i], i);
		const wl_output *co = rep->certified[r->prec]
		                          ? wl_result_match(&rep->cert[r->prec], &r->res.out[i], i)
		                          : NULL;

		if (!ro) {
			r->m[i].ulps = (double)NAN;
			r->m[i].rel_err = (double)NAN;
			r->m[i].correct_bits = (double)NAN;
			continue;
		}
		measure(r, ro->value, co, r->res.out[i].value, rep->sc.ref_bits, &r->m[i]);
		if (!r->m[i].ulps_special && r->m[i].ulps > r->max_ulps)
			r->max_ulps = r->m[i].ulps;
	}
	r->flips = 0;
	if (r->res.labels && ref->labels && r->res.nlabels == ref->nlabels)
		for (size_t i = 0; i < ref->nlabels; i++)
			r->flips += r->res.labels[i] != ref->labels[i];
	r->differs_from_first = first && !wl_result_same(&r->res, &first->res, false);
}

/* A run's draws: the one with the largest ulps (a non-finite result first) is kept. */
static bool worse(const run_record *a, const run_record *b)
{
	if (a->res.nonfinite != b->res.nonfinite)
		return a->res.nonfinite;
	return a->max_ulps > b->max_ulps;
}

/* Rows of doubles (one draw's outputs each) in memcmp order: the draws' distinct results. */
static _Thread_local size_t row_len;
static int row_cmp(const void *a, const void *b)
{
	return memcmp(*(const double *const *)a, *(const double *const *)b,
	              row_len * sizeof(double));
}

/* The samples' statistics of every output of r (its res and the draws' values vals[draw][i]),
 * each against the exact result (the certified one's raw, else the reference's value). */
static void sample_stats(const report *rep, run_record *r, double *const *vals, unsigned draws)
{
	const int prec = (int)precision_bits(r->prec, rep->sc.ref_bits);
	double *x = xmalloc(draws * sizeof *x);

	r->sig = xcalloc(r->res.nout ? r->res.nout : 1, sizeof *r->sig);
	for (size_t i = 0; i < r->res.nout; i++) {
		const wl_output *ro = wl_result_match(&rep->ref, &r->res.out[i], i);
		const wl_output *co = rep->certified[r->prec]
		                          ? wl_result_match(&rep->cert[r->prec], &r->res.out[i], i)
		                          : NULL;

		for (unsigned d = 0; d < draws; d++)
			x[d] = vals[d][i];
		sig_estimate_of(x, draws, prec, co ? co->raw : ro ? ro->value : NULL, &r->sig[i]);
	}
	free(x);
}

/* --round sig: each output of res rounded to the significant decimal digits estimated for it
 * in precision prec (at least 1, at most what the format holds); nothing without them. */
static fp_status sig_round(const report *rep, fp_precision prec, wl_result *res)
{
	const precision_ops *ops = &precision_of(prec)->ops;
	const mpfr_prec_t bits = precision_bits(prec, rep->sc.ref_bits);

	for (size_t i = 0; rep->sig_digits[prec] && i < res->nout && i < rep->nsig_digits[prec];
	     i++) {
		double dg = rep->sig_digits[prec][i];
		mitig m = {MITIG_ROUND, isnan(dg) || dg < 1 ? 1u : (unsigned)floor(dg)};
		bool clamped;
		fp_status st;

		m = mitig_clamp(&m, bits, &clamped);
		st = ops->mitigate ? ops->mitigate(&m, res->out[i].value)
		                   : mitig_apply_m(&m, res->out[i].value, res->out[i].value);
		if (st != FP_OK)
			return st;
	}
	return FP_OK;
}

/* Draw `draw` of the grid point kn in precision prec, scored, into *d (r's prec and knobs). */
static fp_status one_draw(const scenario *sc, report *rep, const fp_knobs *kn, fp_precision prec,
                          const run_record *first, progress_state *ps, unsigned draw,
                          const run_record *r, run_record *d, double *seconds)
{
	wl_ctx w = make_ctx(sc, prec, kn, sc->seed, ps);
	fp_status st;
	double t0;

	w.draw = draw;
	*d = *r;
	t0 = util_seconds();
	st = workload_run(sc->wl, &w, &sc->params, sc->data, &d->res);
	*seconds += util_seconds() - t0;
	ps->done++;
	w.round_out = sc->round_out; /* as asked: the note says what was applied */
	w.round_inside = sc->round_inside;
	clamp_mitigation(&w, d->res.note, sizeof d->res.note);
	if (st == FP_OK)
		st = sig_round(rep, prec, &d->res);
	score(rep, d, first);
	return st;
}

/* The samples of a random rounding: the draws run one after the other, only the worst kept
 * (and each one's outputs as doubles, exact in every precision a random rounding acts on). */
static fp_status run_samples(const scenario *sc, report *rep, const fp_knobs *kn, fp_precision prec,
                             const run_record *first, progress_state *ps, unsigned draws,
                             run_record *r)
{
	double **vals = xcalloc(draws, sizeof *vals), seconds = 0.0, least = 0.0;
	bool differs = false;
	unsigned done = 0;
	fp_status st = FP_OK;
	run_record keep;

	memset(&keep, 0, sizeof keep);
	for (; done < draws && st == FP_OK && !cancelled(sc); done++) {
		run_record d;

		st = one_draw(sc, rep, kn, prec, first, ps, sc->race * draws + done, r, &d,
		              &seconds);
		vals[done] = xmalloc((d.res.nout ? d.res.nout : 1) * sizeof **vals);
		for (size_t i = 0; i < d.res.nout; i++)
			vals[done][i] = mpfr_get_d(d.res.out[i].value, MPFR_RNDN);
		least = done == 0 ? d.max_ulps : fmin(least, d.max_ulps);
		differs |= d.differs_from_first;
		if (done == 0 || worse(&d, &keep)) {
			if (done > 0) {
				wl_result_clear(&keep.res);
				free(keep.m);
			}
			keep = d;
		} else {
			wl_result_clear(&d.res);
			free(d.m);
		}
	}
	if (st == FP_OK && done == draws) {
		*r = keep;
		r->seconds = seconds;
		r->draws = draws;
		r->least_max_ulps = least;
		r->differs_from_first = differs;
		r->distinct = 1;
		row_len = r->res.nout;
		qsort(vals, draws, sizeof *vals, row_cmp);
		for (unsigned i = 1; i < draws; i++)
			r->distinct += memcmp(vals[i], vals[i - 1], row_len * sizeof(double)) != 0;
		sample_stats(rep, r, vals, draws);
	} else if (done > 0) {
		wl_result_clear(&keep.res);
		free(keep.m);
	}
	for (unsigned i = 0; i < done; i++)
		free(vals[i]);
	free(vals);
	return st;
}

/* --round sig: the significant digits of every output in every precision but MPFR, from sr
 * samples of the grid's first point (its other knobs as they are), into rep->sig_digits. */
static fp_status sig_estimates(const scenario *sc, report *rep, const fp_precision *precs,
                               size_t nprec, progress_state *ps)
{
	fp_knobs k = rep->nvariants ? rep->variants[0] : knobs_default();

	k.rounding = FP_ROUNDING_SR;
	for (size_t p = 0; p < nprec; p++) {
		run_record r;
		fp_status st;

		if (precs[p] == FP_MPFR)
			continue;
		memset(&r, 0, sizeof r);
		r.prec = precs[p];
		r.knobs = k;
		st = run_samples(sc, rep, &k, precs[p], NULL, ps,
		                 sc->samples >= SIG_SAMPLES_MIN ? sc->samples : SIG_SAMPLES_DEFAULT,
		                 &r);
		if (st != FP_OK)
			return st;
		rep->nsig_digits[precs[p]] = r.res.nout;
		rep->sig_digits[precs[p]] = xcalloc(r.res.nout ? r.res.nout : 1, sizeof(double));
		for (size_t i = 0; i < r.res.nout; i++)
			rep->sig_digits[precs[p]][i] = r.sig[i].digits;
		wl_result_clear(&r.res);
		free(r.m);
		free(r.sig);
	}
	return FP_OK;
}

/* The grid point kn in precision prec into *r: one run, or scenario_draws runs when the
 * variant can differ from run to run (knob_varies); then r keeps the draw with the largest
 * ulps and says how many draws there were, how many different results they gave, and the
 * least of their largest ulps; under a random rounding also each output's statistics over
 * the draws (r->sig, run_samples). first is the grid's first point's record in this
 * precision (NULL for that point itself). On failure or cancellation r holds no result. */
static fp_status run_knobs(const scenario *sc, report *rep, const fp_knobs *kn, fp_precision prec,
                           const run_record *first, progress_state *ps, run_record *r)
{
	knob_where where = scenario_where(sc, prec);
	unsigned draws = scenario_draws(sc, kn, &where), done = 0;
	run_record d[RUNNER_DRAWS];
	fp_status st = FP_OK;
	size_t keep = 0;
	double seconds = 0.0;

	memset(r, 0, sizeof *r);
	r->prec = prec;
	r->knobs = *kn;
	if (draws > RUNNER_DRAWS || (draws > 1 && rnd_is_random(kn->rounding)))
		return run_samples(sc, rep, kn, prec, first, ps, draws, r);
	for (; done < draws && st == FP_OK && !cancelled(sc); done++) {
		st = one_draw(sc, rep, kn, prec, first, ps, sc->race * RUNNER_DRAWS + done, r,
		              &d[done], &seconds);
		if (worse(&d[done], &d[keep]))
			keep = done;
	}
	if (st == FP_OK && done == draws) {
		*r = d[keep];
		r->seconds = seconds;
		r->draws = draws;
		r->least_max_ulps = r->max_ulps;
		for (unsigned i = 0; i < draws; i++) {
			bool seen = false;

			for (unsigned j = 0; j < i && !seen; j++)
				seen = wl_result_same(&d[i].res, &d[j].res, false);
			r->distinct += !seen;
			r->least_max_ulps = fmin(r->least_max_ulps, d[i].max_ulps);
			r->differs_from_first |= d[i].differs_from_first;
		}
	}
	for (unsigned i = 0; i < done; i++)
		if (st != FP_OK || i != keep || done != draws) {
			wl_result_clear(&d[i].res);
			free(d[i].m);
		}
	return st;
}

static void records_free(run_record *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		wl_result_clear(&r[i].res);
		free(r[i].m);
		free(r[i].sig);
	}
	free(r);
}

static int run_failed(fp_status st, char *err, size_t errsize)
{
	snprintf(err, errsize, "%s", status_str(st));
	return st == FP_EDIGITS || st == FP_ELANES || st == FP_ETHREADS || st == FP_EBITS ? 2 : 1;
}

/* Seed seed's result res into s's outcomes: counted with the same outcome, or kept as a new
 * one while there is room (res is then owned by s), or counted as unlisted. */
static void outcome_add(repeat_stats *s, wl_result *res, unsigned seed)
{
	for (size_t i = 0; i < s->noutcomes; i++)
		if (wl_result_same(&s->outcomes[i].res, res, false)) {
			s->outcomes[i].count++;
			wl_result_clear(res);
			return;
		}
	if (s->noutcomes == RUNNER_OUTCOMES_MAX ||
	    (s->noutcomes && (s->noutcomes + 1) * res->nout > RUNNER_OUTCOME_OUTPUTS)) {
		s->unlisted++;
		wl_result_clear(res);
		return;
	}
	free(res->labels); /* outcomes are told apart by their outputs only */
	res->labels = NULL;
	res->nlabels = 0;
	s->outcomes[s->noutcomes].count = 1;
	s->outcomes[s->noutcomes].first_seed = seed;
	s->outcomes[s->noutcomes++].res = *res;
}

static int outcome_cmp(const void *pa, const void *pb)
{
	const repeat_outcome *a = pa, *b = pb;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return (a->first_seed > b->first_seed) - (a->first_seed < b->first_seed);
}

/* The largest ulps between two outcomes of s, output by output; infinity when an output is a
 * NaN or an infinity in one and not the same in the other. */
static double outcome_ulps(const scenario *sc, const repeat_stats *s, const wl_result *a,
                           const wl_result *b)
{
	double most = 0.0;

	for (size_t i = 0; i < a->nout; i++) {
		const wl_output *o = wl_result_match(b, &a->out[i], i);
		bool special;
		double u;

		if (!o)
			return (double)INFINITY;
		u = runner_ulps(s->prec, sc->ref_bits, a->out[i].value, o->value, &special);
		if (special)
			u = wl_value_same(a->out[i].value, o->value) ? 0.0 : (double)INFINITY;
		most = fmax(most, u);
	}
	return most;
}

/* The outcomes in order, most frequent first, each with its distance from the first, and the
 * spread between any two. */
static void outcomes_finish(const scenario *sc, repeat_stats *s)
{
	qsort(s->outcomes, s->noutcomes, sizeof *s->outcomes, outcome_cmp);
	s->spread = 0.0;
	for (size_t i = 0; i < s->noutcomes; i++) {
		s->outcomes[i].ulps = outcome_ulps(sc, s, &s->outcomes[i].res, &s->outcomes[0].res);
		for (size_t j = 0; j < i; j++)
			s->spread = fmax(s->spread, outcome_ulps(sc, s, &s->outcomes[i].res,
			                                         &s->outcomes[j].res));
	}
}

static int repeats(const scenario *sc, report *rep, size_t nprec, const fp_precision *precs,
                   progress_state *ps, char *err, size_t errsize)
{
	rep->nstats = rep->nvariants * nprec;
	rep->stats = xcalloc(rep->nstats, sizeof *rep->stats);
	for (size_t v = 0; v < rep->nvariants; v++)
		for (size_t p = 0; p < nprec; p++) {
			repeat_stats *s = &rep->stats[v * nprec + p];

			s->prec = precs[p];
			s->variant = v;
			s->values = xmalloc(sc->repeats * sizeof *s->values);
			s->outcomes = xcalloc(RUNNER_OUTCOMES_MAX, sizeof *s->outcomes);
			s->min = (double)INFINITY;
			s->max = -(double)INFINITY;
			for (unsigned seed = 0; seed < sc->repeats; seed++) {
				wl_ctx w = make_ctx(sc, precs[p], &rep->variants[v], seed, ps);
				wl_result res;
				const wl_output *o;
				fp_status st =
				    workload_run(sc->wl, &w, &sc->params, sc->data, &res);
				double val;

				ps->done++;
				if (st != FP_OK || cancelled(sc)) {
					wl_result_clear(&res);
					if (cancelled(sc)) {
						snprintf(err, errsize, "cancelled");
						return RUNNER_CANCELLED;
					}
					return run_failed(st, err, errsize);
				}
				o = wl_result_first(&res, sc->wl->final_metric);
				val = o ? mpfr_get_d(o->value, MPFR_RNDN) : (double)NAN;
				outcome_add(s, &res, seed);
				if (!isfinite(val)) {
					s->nonfinite++;
					continue;
				}
				s->values[s->n++] = val;
				s->min = fmin(s->min, val);
				s->max = fmax(s->max, val);
			}
			/* exact, rounded once: n identical values have sd 0 exactly */
			stats_mean_sd(s->values, s->n, &s->mean, &s->sd);
			outcomes_finish(sc, s);
		}
	return 0;
}

/* The certified reference in each chosen precision, when the workload can give one; where
 * it cannot, cert[p].note says why. */
static void certify(const scenario *sc, report *rep, const fp_precision *precs, size_t nprec)
{
	for (size_t p = 0; p < nprec; p++) {
		fp_knobs k = knobs_default();
		wl_ctx w = make_ctx(sc, precs[p], &k, sc->seed, NULL);
		wl_result *c = &rep->cert[precs[p]];

		if (sc->wl->certify) {
			rep->certified[precs[p]] =
			    sc->wl->certify(&w, &sc->params, sc->data, &rep->ref, c);
		} else {
			memset(c, 0, sizeof *c);
			snprintf(c->note, sizeof c->note, "uncertified: %s",
			         sc->wl->uncertified ? sc->wl->uncertified
			                             : "no way to decide the rounding");
		}
	}
}

/* Does a shard's slice lack the grid's first point, which every run is compared with? */
static bool lacks_first(const report *rep)
{
	return rep->variant_ids && rep->nvariants > 0 && rep->variant_ids[0] != 0;
}

/* The progress's whole: the reference, every run and draw, the repeats. */
static double progress_total(const scenario *sc, const report *rep, const fp_precision *precs,
                             size_t nprec)
{
	double total =
	    1.0 + (double)(rep->nvariants * nprec) * (sc->repeats > 1 ? 1.0 + sc->repeats : 1.0);

	if (lacks_first(rep))
		total += (double)nprec; /* the grid's first point, for differs_from_first */
	for (size_t v = 0; v < rep->nvariants; v++)
		for (size_t p = 0; p < nprec; p++) {
			knob_where where = scenario_where(sc, precs[p]);

			total += scenario_draws(sc, &rep->variants[v], &where) - 1;
		}
	return total;
}

/* Every grid point of rep in every precision into rep->runs, each compared with the grid's
 * first point: rep's own, or (a shard without it) one run here and not reported. */
static fp_status grid_runs(const scenario *sc, report *rep, const fp_precision *precs, size_t nprec,
                           progress_state *ps)
{
	run_record *first = NULL;
	fp_status st = FP_OK;

	if (lacks_first(rep)) {
		fp_knobs *all;

		knob_expand(sc->knobs, &all);
		first = xcalloc(nprec, sizeof *first);
		for (size_t p = 0; p < nprec && st == FP_OK && !cancelled(sc); p++)
			st = run_knobs(sc, rep, &all[0], precs[p], NULL, ps, &first[p]);
		free(all);
	}
	for (size_t v = 0; v < rep->nvariants && st == FP_OK && !cancelled(sc); v++)
		for (size_t p = 0; p < nprec && st == FP_OK && !cancelled(sc); p++) {
			const run_record *f = first                            ? &first[p]
			                      : report_variant_id(rep, v) != 0 ? &rep->runs[p]
			                                                       : NULL;

			st = run_knobs(sc, rep, &rep->variants[v], precs[p], f, ps,
			               &rep->runs[v * nprec + p]);
		}
	records_free(first, first ? nprec : 0);
	return st;
}

/* What rounding d's cells once to p's format does (nothing for double and MPFR). */
static void count_input_rounding(const dataset *d, fp_precision p, input_rounding *in)
{
	const fp_format *f = p == FP_FLOAT || precision_emulated(p) ? precision_format(p) : NULL;

	memset(in, 0, sizeof *in);
	in->values = d->rows * d->cols;
	for (size_t i = 0; f && i < in->values; i++) {
		double x = d->x[i], y = fmt_round(f, x);

		in->changed += memcmp(&x, &y, sizeof x) != 0 && !(isnan(x) && isnan(y));
		in->overflowed += isfinite(x) && (!isfinite(y) || fabs(x) > f->max);
		in->to_zero += fabs(x) > 0.0 && !(fabs(y) > 0.0);
	}
}

const char *report_inputs_text(const report *r, char *buf, size_t size)
{
	size_t used = 0, n = 0, k = 0;
	char label[80];

	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		n += r->sc.precision[p] && (p == FP_FLOAT || precision_emulated((fp_precision)p));
	used += (size_t)snprintf(buf, size, "Inputs are read as doubles");
	for (int p = 0; p < FP_PRECISION_COUNT && used < size; p++)
		if (r->sc.precision[p] && (p == FP_FLOAT || precision_emulated((fp_precision)p)))
			used += (size_t)snprintf(
			    buf + used, size - used, "%s%s",
			    k++ == 0 ? "; "
			    : k == n ? " and "
			             : ", ",
			    precision_label((fp_precision)p, r->sc.ref_bits, label, sizeof label));
	if (n && used < size)
		used += (size_t)snprintf(
		    buf + used, size - used,
		    " %s each input once to %s format, so %s error includes that "
		    "rounding (inputs changed:",
		    "runs round", n > 1 ? "their" : "its", n > 1 ? "their" : "its");
	k = 0;
	for (int p = 0; p < FP_PRECISION_COUNT && used < size; p++) {
		const input_rounding *in = &r->input[p];

		if (!r->sc.precision[p] || (p != FP_FLOAT && !precision_emulated((fp_precision)p)))
			continue;
		used += (size_t)snprintf(
		    buf + used, size - used, "%s %s %zu of %zu", k++ ? "," : "",
		    precision_label((fp_precision)p, r->sc.ref_bits, label, sizeof label),
		    in->changed, in->values);
		if (used < size && (in->overflowed || in->to_zero))
			used += (size_t)snprintf(buf + used, size - used,
			                         " with %zu beyond its range and %zu to zero",
			                         in->overflowed, in->to_zero);
	}
	if (used < size)
		snprintf(buf + used, size - used, "%s; double and MPFR runs take them exactly.",
		         n ? ")" : "");
	return buf;
}

int runner_run(const scenario *sc, report *out, char *err, size_t errsize)
{
	report rep;
	fp_precision precs[FP_PRECISION_COUNT];
	size_t nprec = 0;
	double t0 = util_seconds();
	progress_state ps = {sc, 0.0, 1.0};
	fp_status st;
	int rc;

	memset(&rep, 0, sizeof rep);
	memset(out, 0, sizeof *out);
	rep.sc = *sc;
	rep.sc.cancel = NULL;
	rep.sc.progress = NULL;
	rep.sc.progress_arg = NULL;
	rc = sc->wl->check(&sc->params, sc->data, err, errsize);
	if (rc)
		return rc;
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		if (sc->precision[p]) {
			precs[nprec++] = (fp_precision)p;
			count_input_rounding(sc->data, (fp_precision)p, &rep.input[p]);
		}
	if (!nprec) {
		snprintf(err, errsize, "--precision: no precision to run");
		return 2;
	}
	rep.nvariants = scenario_variants(sc, &rep.variants, &rep.variant_ids);
	rep.grid_size = rep.nvariants;
	if (rep.variant_ids) {
		fp_knobs *all;

		rep.grid_size = knob_expand(sc->knobs, &all);
		free(all);
	}
	ps.total = progress_total(sc, &rep, precs, nprec);
	/* the reference: MPFR at ref_bits, exact order, no mitigation */
	{
		fp_knobs k = knobs_default();
		wl_ctx w = make_ctx(sc, FP_MPFR, &k, sc->seed, &ps);
		double t1 = util_seconds();

		k.order = FP_ORDER_EXACT;
		w.knobs = k;
		w.round_out.kind = MITIG_NONE;
		w.round_inside.kind = MITIG_NONE;
		st = workload_run(sc->wl, &w, &sc->params, sc->data, &rep.ref);
		rep.ref_seconds = util_seconds() - t1;
		ps.done++;
		if (st != FP_OK) {
			rc = run_failed(st, err, errsize);
			goto fail;
		}
	}
	certify(sc, &rep, precs, nprec);
	if (sc->round_out.kind == MITIG_SIG) {
		st = sig_estimates(sc, &rep, precs, nprec, &ps);
		if (st != FP_OK) {
			rc = run_failed(st, err, errsize);
			goto fail;
		}
	}
	rep.nruns = rep.nvariants * nprec;
	rep.runs = xcalloc(rep.nruns ? rep.nruns : 1, sizeof *rep.runs);
	st = grid_runs(sc, &rep, precs, nprec, &ps);
	if (st != FP_OK) {
		rc = run_failed(st, err, errsize);
		goto fail;
	}
	if (cancelled(sc)) {
		snprintf(err, errsize, "cancelled");
		rc = RUNNER_CANCELLED;
		goto fail;
	}
	if (sc->repeats > 1) {
		rc = repeats(sc, &rep, nprec, precs, &ps, err, errsize);
		if (rc)
			goto fail;
	}
	rep.seconds = util_seconds() - t0;
	*out = rep;
	return 0;
fail:
	report_clear(&rep);
	return rc;
}

size_t report_variant_id(const report *r, size_t v)
{
	return r->variant_ids ? r->variant_ids[v] : v;
}

size_t scenario_variants(const scenario *sc, fp_knobs **vars, size_t **ids)
{
	size_t n = knob_expand(sc->knobs, vars), m = 0, *id;

	if (ids)
		*ids = NULL;
	if (sc->shards <= 1)
		return n;
	id = xmalloc((n ? n : 1) * sizeof *id);
	for (size_t v = 0; v < n; v++)
		if (v % sc->shards == sc->shard) {
			(*vars)[m] = (*vars)[v];
			id[m++] = v;
		}
	if (ids)
		*ids = id;
	else
		free(id);
	return m;
}

bool report_certified(const report *r)
{
	for (size_t i = 0; i < r->nruns; i++)
		if (!r->certified[r->runs[i].prec])
			return false;
	return true;
}

size_t run_finite_outputs(const run_record *rr)
{
	size_t n = 0;

	for (size_t i = 0; i < rr->res.nout; i++)
		n += mpfr_number_p(rr->res.out[i].value) != 0;
	return n;
}

const char *run_draws_text(const run_record *rr, char *buf, size_t size)
{
	char lo[40], hi[40];

	if (rr->draws <= 1) {
		snprintf(buf, size, "%s", "");
		return buf;
	}
	snprintf(buf, size, "worst of %u draws: max %s to %s ulps, %u different result%s",
	         rr->draws, fmt_ulps(rr->least_max_ulps, false, lo, sizeof lo),
	         fmt_ulps(rr->max_ulps, false, hi, sizeof hi), rr->distinct,
	         rr->distinct == 1 ? "" : "s");
	return buf;
}

const char *report_ulps_basis(const report *r, char *buf, size_t size)
{
	const char *why = "";

	for (size_t i = 0; i < r->nruns && !why[0]; i++)
		if (!r->certified[r->runs[i].prec])
			why = r->cert[r->runs[i].prec].note;
	if (!why[0])
		snprintf(buf, size,
		         "ulps: against the exact result rounded once to each run's format "
		         "(certified).");
	else
		snprintf(buf, size,
		         "ulps: against the MPFR-%ld reference rounded to each run's format, which "
		         "can be one ulp off where it sits at a rounding boundary (%s).",
		         (long)r->sc.ref_bits, why);
	return buf;
}

void report_clear(report *r)
{
	if (!r)
		return;
	wl_result_clear(&r->ref);
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		wl_result_clear(&r->cert[p]);
	for (size_t i = 0; i < r->nruns; i++) {
		wl_result_clear(&r->runs[i].res);
		free(r->runs[i].m);
		free(r->runs[i].against_ulps);
		free(r->runs[i].sig);
	}
	free(r->runs);
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		free(r->sig_digits[p]);
	free(r->variants);
	free(r->variant_ids);
	for (size_t i = 0; i < r->nstats; i++) {
		free(r->stats[i].values);
		for (size_t j = 0; j < r->stats[i].noutcomes; j++)
			wl_result_clear(&r->stats[i].outcomes[j].res);
		free(r->stats[i].outcomes);
	}
	free(r->stats);
	memset(r, 0, sizeof *r);
}
