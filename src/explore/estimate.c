/* estimate.c - the cost of a scenario before it runs (estimate.h). */
#include "config.h"

#include "explore/estimate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "arith/mvec.h"
#include "util/util.h"

#define PILOT_ROWS 64        /* rows of the smaller pilot run; the larger has 8 times as many */
#define PILOT_VARIANTS 8     /* grid points piloted per precision, at most */
#define PILOT_BUDGET 1.0     /* seconds of pilots, after the first of each precision */
#define MALLOC_OVERHEAD 16.0 /* bytes of the allocator's bookkeeping per block */
#define WORK_COPIES 2.0      /* a run holds its data once in its format, and a temporary */

/* The bytes of one number of precision p: a float, a double, or an MPFR number of a vector
 * (arith/mvec.h: its pointer, its struct and its limbs, in one allocation). */
static double value_bytes(fp_precision p, mpfr_prec_t bits)
{
	switch (p) {
	case FP_FLOAT:
		return 4.0;
	case FP_DOUBLE:
		return 8.0;
	default:
		return (double)mvec_bytes(bits);
	}
}

/* The bytes a result of nout outputs of precision p keeps (each output holds value and raw
 * as MPFR numbers, and the runner a metric), and its labels. */
static double result_bytes(double nout, mpfr_prec_t bits, double labels)
{
	double limbs = (double)mpfr_custom_get_size(bits) + MALLOC_OVERHEAD;

	return nout * ((double)sizeof(wl_output) + 2.0 * limbs + (double)sizeof(out_metric)) +
	       labels * (double)sizeof(int);
}

static mpfr_prec_t bits_of(const scenario *sc, fp_precision p)
{
	return p == FP_FLOAT ? 24 : p == FP_DOUBLE ? 53 : sc->ref_bits;
}

/* The bytes a run in precision p with knobs k (or the reference) holds besides its outputs:
 * the workload's own account, or twice the data in the run's format. */
static double work_bytes(const scenario *sc, fp_precision p, const fp_knobs *k, bool reference)
{
	double vb = value_bytes(p, sc->ref_bits);

	if (sc->wl->work_bytes)
		return sc->wl->work_bytes(&sc->params, sc->data, p, k, vb, reference);
	return WORK_COPIES * (double)sc->data->rows * (double)sc->data->cols * vb;
}

/* One pilot: its seconds per iteration (wl_result.iterations; a run without iterations
 * counts as one), and when nout is not NULL its outputs by role and its labels. */
static double pilot(const scenario *sc, const dataset *d, const wl_params *pp, fp_precision p,
                    const fp_knobs *k, bool reference, double nout[3], double *labels)
{
	wl_ctx w = scenario_ctx(sc, p, k);
	wl_result r;
	double t0 = util_seconds(), t;
	fp_status st;

	if (reference) {
		w.knobs.order = FP_ORDER_EXACT;
		w.round_out.kind = MITIG_NONE;
		w.round_inside.kind = MITIG_NONE;
	}
	memset(&r, 0, sizeof r);
	st = workload_run(sc->wl, &w, pp, d, &r);
	t = util_seconds() - t0;
	if (st == FP_OK && r.iterations > 1)
		t /= (double)r.iterations;
	if (st == FP_OK && nout) {
		nout[0] = nout[1] = nout[2] = 0.0;
		for (size_t i = 0; i < r.nout; i++)
			nout[r.out[i].desc->role] += 1.0;
		*labels = r.labels ? (double)d->rows : 0.0;
	}
	wl_result_clear(&r);
	return t;
}

/* The time of one iteration of a run on all the rows, from pilots on m1 and m2 rows: a run
 * costs a fixed part (setup, thread starts) and a part per row, t(m) = a + b m, and two sizes
 * tell them apart (one size would count the fixed part once per pilot's worth of rows).
 * *spent grows by the pilots' time. */
static double full_time(const scenario *sc, const dataset *sub1, const dataset *sub2,
                        const wl_params *pp, fp_precision p, const fp_knobs *k, bool reference,
                        double nout[3], double *labels, double *spent)
{
	double rows = (double)sc->data->rows, m1 = (double)sub1->rows, m2 = (double)sub2->rows;
	double t1, t2, a, b;

	t1 = pilot(sc, sub1, pp, p, k, reference, nout, labels);
	*spent += t1;
	if (sub2->rows == sub1->rows)
		return t1 * rows / m1;
	t2 = pilot(sc, sub2, pp, p, k, reference, NULL, NULL);
	*spent += t2;
	b = (t2 - t1) / (m2 - m1);
	if (!(b > 0.0))
		b = t2 / m2; /* noise: no fixed part to be seen */
	a = fmax(0.0, t1 - b * m1);
	return a + b * rows;
}

/* The grid points a run of sc computes: its (shard's) variants, and the grid's first point
 * ahead of them when a shard lacks it (runner.h: it runs there too, unreported). */
static size_t estimate_variants(const scenario *sc, fp_knobs **var)
{
	size_t *ids, nvar = scenario_variants(sc, var, &ids);

	if (ids && nvar > 0 && ids[0] != 0) {
		fp_knobs *all;

		knob_expand(sc->knobs, &all);
		*var = xreallocarray(*var, nvar + 1, sizeof **var);
		memmove(*var + 1, *var, nvar * sizeof **var);
		(*var)[0] = all[0];
		nvar++;
		free(all);
	}
	free(ids);
	return nvar;
}

void runner_estimate(const scenario *sc, run_estimate *e)
{
	fp_precision precs[FP_PRECISION_COUNT];
	size_t nprec = 0, nvar;
	fp_knobs *var = NULL, def = knobs_default();
	dataset sub1, sub2;
	wl_params pp;
	double lo = 1.0, hi = 1.0, grow[3] = {1.0, 1.0, 1.0}, nout[3] = {0.0, 0.0, 0.0};
	double labels = 0.0, t_ref, spent = 0.0, nout_full, work_max = 0.0;
	double run = 0.0, results = 0.0;

	memset(e, 0, sizeof *e);
	e->available = estimate_available_bytes();
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		if (sc->precision[p])
			precs[nprec++] = (fp_precision)p;
	if (!sc->data || !sc->data->rows || !nprec)
		return;
	nvar = estimate_variants(sc, &var);
	sub1 = sub2 = *sc->data;
	sub1.rows = sc->data->rows < PILOT_ROWS ? sc->data->rows : PILOT_ROWS;
	sub2.rows = sc->data->rows < 8 * PILOT_ROWS ? sc->data->rows : 8 * PILOT_ROWS;
	if (sc->wl->pilot)
		sc->wl->pilot(&sc->params, sc->data->rows, sub1.rows, &pp, &lo, &hi, grow);
	else
		pp = sc->params;

	/* the reference, MPFR at ref_bits with exact order; its outputs stand for every run's */
	t_ref = full_time(sc, &sub1, &sub2, &pp, FP_MPFR, &def, true, nout, &labels, &spent);
	e->pilots++;
	nout_full = nout[0] * grow[0] + nout[1] * grow[1] + nout[2] * grow[2];
	for (size_t p = 0; p < nprec; p++) {
		knob_where where = scenario_where(sc, precs[p]);
		double sum = 0.0, n = 0.0, sum_draws = 0.0;

		for (size_t v = 0; v < nvar; v++) {
			double draws = (double)scenario_draws(sc, &var[v], &where);

			sum_draws += draws;
			if (v < PILOT_VARIANTS && (v == 0 || spent < PILOT_BUDGET)) {
				double t = full_time(sc, &sub1, &sub2, &pp, precs[p], &var[v],
				                     false, NULL, NULL, &spent);

				sum += t * draws;
				n += draws;
				e->pilots++;
			} else {
				e->extrapolated = true;
			}
		}
		/* the grid points of this precision: the piloted ones, and the mean of those for
		 * the rest, each with its draws; then the repeats, once per seed */
		if (n > 0) /* none in a shard with no grid point */
			run += sum / n * sum_draws;
		e->runs += sum_draws + (sc->repeats > 1 ? (double)nvar * sc->repeats : 0.0);
		if (sc->repeats > 1 && n > 0)
			run += sum / n * (double)nvar * sc->repeats;
		results += (double)nvar * result_bytes(nout_full, bits_of(sc, precs[p]), labels);
		/* the distinct outcomes of the repeats kept (runner.h: at most
		 * RUNNER_OUTCOMES_MAX, and RUNNER_OUTCOME_OUTPUTS outputs after the first) */
		if (sc->repeats > 1)
			results += (double)nvar *
			           fmin(fmin((double)sc->repeats, (double)RUNNER_OUTCOMES_MAX),
			                fmax(1.0, floor(RUNNER_OUTCOME_OUTPUTS / nout_full))) *
			           result_bytes(nout_full, bits_of(sc, precs[p]), 0.0);
		/* a run's working memory under each grid point's knobs; a racy variant's draws
		 * are held at once */
		for (size_t v = 0; v < nvar; v++)
			work_max = fmax(work_max, work_bytes(sc, precs[p], &var[v], false));
		work_max =
		    fmax(work_max, (RUNNER_DRAWS - 1) *
		                       result_bytes(nout_full, bits_of(sc, precs[p]), labels));
		/* its certified reference, when the workload certifies: about a reference run
		 * (k-means: one exact pass; the MLP's enclosures are capped at about a second, and
		 * a long training, whose outputs would count, is left uncertified) */
		if (sc->wl->certify)
			run += t_ref;
	}
	run += t_ref;
	e->runs += 1.0;
	results += result_bytes(nout_full, sc->ref_bits, labels);
	def.order = FP_ORDER_EXACT;
	work_max = fmax(work_max, work_bytes(sc, FP_MPFR, &def, true));
	e->seconds_lo = run * lo;
	e->seconds_hi = run * hi;
	e->bytes = work_max + results;
	free(var);
}

double estimate_data_bytes(size_t rows, size_t cols)
{
	return (double)rows * (double)cols * (double)sizeof(double);
}

double estimate_available_bytes(void)
{
	double avail = (double)INFINITY;
	FILE *f = fopen("/proc/meminfo", "r");
	struct rlimit rl;
	char line[256];

	if (f) {
		unsigned long long kb;

		while (fgets(line, sizeof line, f))
			if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1)
				avail = (double)kb * 1024.0;
		fclose(f);
	}
	if (getrlimit(RLIMIT_AS, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		double used = 0.0;
		unsigned long long pages;

		f = fopen("/proc/self/statm", "r");
		if (f) {
			if (fscanf(f, "%llu", &pages) == 1)
				used = (double)pages * (double)sysconf(_SC_PAGESIZE);
			fclose(f);
		}
		avail = fmin(avail, fmax(0.0, (double)rl.rlim_cur - used));
	}
	return avail;
}

/* A quantity in the first unit of table under whose limit it falls. */
typedef struct unit {
	double below, per; /* values below `below` are printed as value / per with fmt */
	const char *fmt;
} unit;

static char *fmt_units(double v, const unit *table, size_t n, char *buf, size_t size)
{
	size_t i = 0;

	while (i + 1 < n && !(v < table[i].below))
		i++;
		/* the formats are the static tables' own, each with one double conversion or none
		 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(buf, size, table[i].fmt, v / table[i].per);
#pragma GCC diagnostic pop
	return buf;
}

char *estimate_fmt_seconds(double s, char *buf, size_t size)
{
	static const unit t[] = {{1.0, 1.0, "under a second"}, {90.0, 1.0, "%.0f s"},
	                         {5400.0, 60.0, "%.0f min"},   {172800.0, 3600.0, "%.1f h"},
	                         {1e10, 86400.0, "%.0f days"}, {(double)INFINITY, 1.0, "%.1e s"}};

	return fmt_units(s, t, sizeof t / sizeof t[0], buf, size);
}

char *estimate_fmt_bytes(double b, char *buf, size_t size)
{
	static const unit t[] = {{1e6, 1e3, "%.0f kB"},
	                         {1e9, 1e6, "%.0f MB"},
	                         {1e12, 1e9, "%.1f GB"},
	                         {(double)INFINITY, 1.0, "%.1e bytes"}};

	return fmt_units(b, t, sizeof t / sizeof t[0], buf, size);
}

estimate_verdict estimate_judge(const run_estimate *e, bool force, char *msg, size_t size)
{
	char lo[32], hi[32], mem[32], avail[32];
	bool too_long = e->seconds_lo > ESTIMATE_REFUSE_SECONDS;
	bool too_big = e->bytes > e->available;

	estimate_fmt_seconds(e->seconds_lo, lo, sizeof lo);
	estimate_fmt_seconds(e->seconds_hi, hi, sizeof hi);
	estimate_fmt_bytes(e->bytes, mem, sizeof mem);
	estimate_fmt_bytes(e->available, avail, sizeof avail);
	msg[0] = '\0';
	if (too_long || too_big) {
		if (too_big)
			appendf(msg, size,
			        "this run would need about %s of memory, more than the %s "
			        "available",
			        mem, avail);
		else
			appendf(msg, size, "this run would take %s%s (%.0f runs)",
			        e->seconds_hi > e->seconds_lo ? "at least " : "about ", lo,
			        e->runs);
		appendf(msg, size, "%s (an estimate from %zu pilot runs on this machine)",
		        force ? "; running it anyway (--force)" : "; --force runs it anyway",
		        e->pilots);
		return force ? ESTIMATE_WARN : ESTIMATE_REFUSE;
	}
	/* the least time: k-means' most (every one of max_iter iterations) is rarely run, and a
	 * warning on every k-means would teach people to ignore it */
	if (e->seconds_lo > ESTIMATE_WARN_SECONDS || e->bytes > ESTIMATE_WARN_BYTES) {
		if (e->seconds_hi > e->seconds_lo)
			appendf(msg, size, "this run may take from %s to %s", lo, hi);
		else
			appendf(msg, size, "this run will take about %s", lo);
		appendf(msg, size, " and %s of memory (an estimate from %zu pilot runs)", mem,
		        e->pilots);
		return ESTIMATE_WARN;
	}
	return ESTIMATE_GO;
}
