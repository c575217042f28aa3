/* workload.c - what the workloads share: parameters, results, the table; sum and dot. */
#include "config.h"

#include "workload/workload.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/exact.h"
#include "arith/mvec.h"
#include "arith/precision.h"
#include "arith/rnd.h"
#include "util/util.h"

extern const workload workload_kmeans, workload_mlp, workload_softmax;

wl_params wl_params_default(void)
{
	wl_params p = {
	    .kmeans = {.k = 4,
	               .init = KM_INIT_FIRST,
	               .init_seed = 0,
	               .random_state = 0,
	               .n_init = 10,
	               .init_file = NULL,
	               .init_centers = NULL,
	               .distance = KM_DIST_DIRECT,
	               .max_iter = 300,
	               .mimic = KM_MIMIC_NONE,
	               .tol = (double)NAN},
	    .mlp = {.epochs = 100, .lr = 0.001},
	    .softmax = {.epochs = 10,
	                .lr = 0.01,
	                .batch_size = 32,
	                .sampling = SM_WITH_REPLACEMENT,
	                .stable = true,
	                .scale = 1.0,
	                .test_fraction = 0.2},
	};
	return p;
}

bool wl_cancelled(const wl_ctx *w)
{
	return w->cancel && __atomic_load_n(w->cancel, __ATOMIC_RELAXED) != 0;
}

void wl_result_clear(wl_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nout; i++) {
		mpfr_clear(r->out[i].value);
		mpfr_clear(r->out[i].raw);
	}
	free(r->out);
	free(r->labels);
	memset(r, 0, sizeof *r);
}

const wl_output *wl_result_find(const wl_result *r, const char *name)
{
	for (size_t i = 0; i < r->nout; i++)
		if (strcmp(r->out[i].name, name) == 0)
			return &r->out[i];
	return NULL;
}

const wl_output *wl_result_match(const wl_result *r, const wl_output *o, size_t index)
{
	if (index < r->nout && strcmp(r->out[index].name, o->name) == 0)
		return &r->out[index];
	return wl_result_find(r, o->name);
}

size_t wl_result_span(const wl_result *r, wl_role role, size_t *first)
{
	size_t i = 0, n = 0;

	while (i < r->nout && r->out[i].desc->role != role)
		i++;
	*first = i < r->nout ? i : 0;
	while (i + n < r->nout && r->out[i + n].desc->role == role)
		n++;
	return n;
}

const wl_output *wl_result_at(const wl_result *r, const wl_output_desc *d, size_t i, size_t j)
{
	for (size_t q = 0; q < r->nout; q++)
		if (r->out[q].desc == d && r->out[q].i == i && r->out[q].j == j)
			return &r->out[q];
	return NULL;
}

const wl_output *wl_result_first(const wl_result *r, const wl_output_desc *d)
{
	for (size_t i = 0; d && i < r->nout; i++)
		if (r->out[i].desc == d)
			return &r->out[i];
	return NULL;
}

bool wl_value_same(mpfr_srcptr x, mpfr_srcptr y)
{
	if (mpfr_nan_p(x) || mpfr_nan_p(y))
		return mpfr_nan_p(x) && mpfr_nan_p(y);
	return mpfr_equal_p(x, y) && mpfr_signbit(x) == mpfr_signbit(y);
}

bool wl_result_same(const wl_result *a, const wl_result *b, bool raw)
{
	if (a->nout != b->nout)
		return false;
	for (size_t i = 0; i < a->nout; i++) {
		mpfr_srcptr x = raw ? a->out[i].raw : a->out[i].value;
		mpfr_srcptr y = raw ? b->out[i].raw : b->out[i].value;

		if (strcmp(a->out[i].name, b->out[i].name) != 0 || !wl_value_same(x, y))
			return false;
	}
	return true;
}

static mpfr_ptr add_output(wl_result *r, const wl_output_desc *d, size_t i, size_t j,
                           mpfr_prec_t bits)
{
	wl_output *o;

	/* grow by doubling: the array is reallocated while no mpfr_t points into it */
	if ((r->nout & (r->nout - 1)) == 0)
		r->out = xreallocarray(r->out, r->nout ? 2 * r->nout : 4, sizeof *r->out);
	o = &r->out[r->nout++];
	o->desc = d;
	o->i = d->shape == WL_SCALAR ? 0 : i;
	o->j = d->shape == WL_MATRIX ? j : 0;
	if (d->shape == WL_MATRIX)
		snprintf(o->name, sizeof o->name, "%s[%zu][%zu]", d->name, i, j);
	else if (d->shape == WL_VECTOR)
		snprintf(o->name, sizeof o->name, "%s[%zu]", d->name, i);
	else
		snprintf(o->name, sizeof o->name, "%s", d->name);
	mpfr_init2(o->value, bits);
	mpfr_init2(o->raw, bits);
	return o->value;
}

void wl_result_add_d(wl_result *r, const wl_output_desc *d, size_t i, size_t j, double v)
{
	mpfr_set_d(add_output(r, d, i, j, 53), v, MPFR_RNDN);
	mpfr_set_d(r->out[r->nout - 1].raw, v, MPFR_RNDN);
	r->nonfinite |= !isfinite(v);
}

void wl_result_add_f(wl_result *r, const wl_output_desc *d, size_t i, size_t j, float v)
{
	mpfr_set_flt(add_output(r, d, i, j, 24), v, MPFR_RNDN);
	mpfr_set_flt(r->out[r->nout - 1].raw, v, MPFR_RNDN);
	r->nonfinite |= !isfinite(v);
}

void wl_result_add_e(wl_result *r, const wl_output_desc *d, size_t i, size_t j, double v,
                     const fp_format *f)
{
	mpfr_set_d(add_output(r, d, i, j, f->p), v, MPFR_RNDN);
	mpfr_set_d(r->out[r->nout - 1].raw, v, MPFR_RNDN);
	r->nonfinite |= !isfinite(v);
}

const fp_format *wl_accum(const wl_ctx *w)
{
	fp_precision a = w->knobs.accum;

	if (a == FP_PRECISION_COUNT || a == w->prec || w->knobs.order == FP_ORDER_EXACT ||
	    (w->prec != FP_FLOAT && !precision_emulated(w->prec)))
		return NULL;
	return precision_format(a);
}

bool wl_runs_rounded(const wl_ctx *w)
{
	return w->knobs.rounding != FP_ROUNDING_NEAREST && w->prec != FP_MPFR;
}

fp_status workload_run(const workload *wl, const wl_ctx *w, const wl_params *p, const dataset *d,
                       wl_result *r)
{
	fp_rounding mode = w->knobs.rounding;
	fp_status st;

	if (w->prec == FP_MPFR && rnd_is_random(mode))
		mode = FP_ROUNDING_NEAREST; /* the reference stays one */
	rnd_begin(mode, w->knobs.mca_t, w->seed, w->draw);
	st = wl->run(w, p, d, r);
	rnd_begin(FP_ROUNDING_NEAREST, FP_MCA_T_MAX, 0, 0);
	return st;
}

bool wl_runs_emulated(const wl_ctx *w)
{
	return precision_emulated(w->prec) || (w->prec == FP_FLOAT && wl_accum(w));
}

wl_ctx wl_emu_ctx(const wl_ctx *w)
{
	wl_ctx e = *w;

	e.emu = w->prec == FP_FLOAT    ? &fmt_binary32
	        : w->prec == FP_DOUBLE ? &fmt_binary64
	                               : precision_format(w->prec);
	return e;
}

void wl_result_add_m(wl_result *r, const wl_output_desc *d, size_t i, size_t j, mpfr_srcptr v)
{
	mpfr_set(add_output(r, d, i, j, mpfr_get_prec(v)), v, MPFR_RNDN);
	mpfr_set(r->out[r->nout - 1].raw, v, MPFR_RNDN);
	r->nonfinite |= !mpfr_number_p(v);
}

void wl_result_add_exact(wl_result *r, const wl_output_desc *d, size_t i, size_t j,
                         mpfr_srcptr rounded, mpfr_srcptr accurate)
{
	wl_output *o;

	wl_result_add_m(r, d, i, j, rounded);
	o = &r->out[r->nout - 1];
	mpfr_set_prec(o->raw, mpfr_get_prec(accurate));
	mpfr_set(o->raw, accurate, MPFR_RNDN);
}

fp_status wl_result_round(const wl_ctx *w, wl_result *r)
{
	const precision_ops *ops = &precision_of(w->prec)->ops;

	for (size_t i = 0; i < r->nout && w->round_out.kind != MITIG_NONE; i++) {
		mpfr_ptr v = r->out[i].value;
		fp_status st = ops->mitigate ? ops->mitigate(&w->round_out, v)
		                             : mitig_apply_m(&w->round_out, v, v);

		if (st != FP_OK)
			return st;
	}
	return FP_OK;
}

reduce_ctx *wl_reduce_new(const wl_ctx *w, fp_status *st)
{
	reduce_ctx *rc;

	if (w->prec == FP_MPFR) /* the run's own bits, an emulated range in tests */
		rc = reduce_new(&w->knobs, w->bits, w->emu, st);
	else if (wl_runs_emulated(w) || wl_runs_rounded(w))
		rc = reduce_new(&w->knobs, wl_emu_ctx(w).emu->p, wl_emu_ctx(w).emu, st);
	else
		rc = reduce_new(&w->knobs, 53, FP_EMU_NONE, st);

	if (rc && (wl_runs_emulated(w) || wl_runs_rounded(w)))
		reduce_set_accum(rc, wl_accum(w));
	if (rc) /* the racy combine's drawn orders: one stream per seed and draw */
		reduce_set_seed(rc, w->seed ^ ((uint64_t)w->draw << 48));
	return rc;
}

/* ---- sum and dot over the first one or two columns ---------------------------------------- */

static int check_sum(const wl_params *p, const dataset *d, char *err, size_t errsize)
{
	(void)p;
	if (d->cols < 1) {
		snprintf(err, errsize, "sum: %s has no column", d->name);
		return DATA_EBAD;
	}
	return 0;
}

static int check_dot(const wl_params *p, const dataset *d, char *err, size_t errsize)
{
	(void)p;
	if (d->cols < 2) {
		snprintf(err, errsize,
		         "dot: %s has %zu column; dot needs two (choose them with --columns)",
		         d->name, d->cols);
		return DATA_EUSAGE;
	}
	return 0;
}

/* Column j of d as contiguous doubles: d's own array when it has one column (*owned NULL),
 * else a copy (*owned, to free). A sum of 10^7 no longer copies its 80 MB per run. */
static const double *column(const dataset *d, size_t j, double **owned)
{
	double *c;

	*owned = NULL;
	if (d->cols == 1 && d->rows)
		return d->x;
	c = xmalloc((d->rows ? d->rows : 1) * sizeof *c);
	for (size_t i = 0; i < d->rows; i++)
		c[i] = d->x[i * d->cols + j];
	*owned = c;
	return c;
}

static const wl_output_desc sum_outputs[] = {{"sum", WL_SCALAR, WL_ROLE_PLAIN},
                                             {NULL, WL_SCALAR, WL_ROLE_PLAIN}};
static const wl_output_desc dot_outputs[] = {{"dot", WL_SCALAR, WL_ROLE_PLAIN},
                                             {NULL, WL_SCALAR, WL_ROLE_PLAIN}};

/* The working memory of a sum or dot run (workload.h's work_bytes), from run_sumdot's
 * allocations: a copy of each column when the data has more than one; float's rounded copies;
 * the MPFR runs' exact 53-bit copies under knobs other than the default (reduce_sum_dm), while
 * the reference sums the doubles in the exact accumulator. */
static double sumdot_bytes(const dataset *d, fp_precision prec, const fp_knobs *k, double vb,
                           bool reference, bool dot)
{
	const double n = (double)d->rows, cols = dot ? 2.0 : 1.0;
	double b = d->cols > 1 ? n * cols * (double)sizeof(double) : 0.0;

	if (prec == FP_FLOAT || precision_emulated(prec))
		b += n * cols * vb;
	else if (prec == FP_MPFR && !reference &&
	         !(k->order == FP_ORDER_SEQ && k->lanes == 1 && k->threads == 1))
		b += n * cols * (double)mvec_bytes(53);
	return b;
}

static double sum_bytes(const wl_params *p, const dataset *d, fp_precision prec, const fp_knobs *k,
                        double vb, bool reference)
{
	(void)p;
	return sumdot_bytes(d, prec, k, vb, reference, false);
}

static double dot_bytes(const wl_params *p, const dataset *d, fp_precision prec, const fp_knobs *k,
                        double vb, bool reference)
{
	(void)p;
	return sumdot_bytes(d, prec, k, vb, reference, true);
}

/* The sum or dot (y not NULL) of an emulated format, or of a rounded run (the _r kernels), in
 * the format's values held in doubles: each input rounded once to the format (double,
 * binary64, takes them as they are). */
static fp_status sumdot_held_in_doubles(const wl_ctx *w, reduce_ctx *rc, const double *x,
                                        const double *y, size_t n, wl_result *r,
                                        const wl_output_desc *name)
{
	const fp_format *f = wl_emu_ctx(w).emu;
	double *xe = f->identity ? NULL : xmalloc((n ? n : 1) * sizeof *xe),
	       *ye = y && !f->identity ? xmalloc((n ? n : 1) * sizeof *ye) : NULL;
	const double *xs = f->identity ? x : xe, *ys = f->identity ? y : ye;
	double s = 0;
	fp_status st;

	for (size_t i = 0; i < n && !f->identity; i++) {
		xe[i] = fmt_round(f, x[i]);
		if (y)
			ye[i] = fmt_round(f, y[i]);
	}
	if (wl_runs_rounded(w))
		st = y ? reduce_dot_r(rc, xs, ys, n, &s) : reduce_sum_r(rc, xs, n, &s);
	else
		st = y ? reduce_dot_e(rc, xs, ys, n, &s) : reduce_sum_e(rc, xs, n, &s);
	wl_result_add_e(r, name, 0, 0, s, f);
	free(xe);
	free(ye);
	return st;
}

static fp_status run_sumdot(const wl_ctx *w, const dataset *d, wl_result *r, bool dot)
{
	fp_status st;
	reduce_ctx *rc = wl_reduce_new(w, &st);
	double *xo, *yo = NULL;
	const double *x = column(d, 0, &xo), *y = dot ? column(d, 1, &yo) : NULL;
	size_t n = d->rows;
	const wl_output_desc *name = dot ? dot_outputs : sum_outputs;

	memset(r, 0, sizeof *r);
	if (!rc)
		goto done;
	if (w->prec == FP_DOUBLE && !wl_runs_rounded(w)) {
		double s = 0;

		st = dot ? reduce_dot_d(rc, x, y, n, &s) : reduce_sum_d(rc, x, n, &s);
		wl_result_add_d(r, name, 0, 0, s);
	} else if (wl_runs_emulated(w) || wl_runs_rounded(w)) {
		st = sumdot_held_in_doubles(w, rc, x, y, n, r, name);
	} else if (w->prec == FP_FLOAT) {
		float *xf = xmalloc((n ? n : 1) * sizeof *xf),
		      *yf = dot ? xmalloc((n ? n : 1) * sizeof *yf) : NULL;
		float s = 0;

		for (size_t i = 0; i < n; i++) {
			xf[i] = (float)x[i]; /* the float pipeline rounds each input once */
			if (dot)
				yf[i] = (float)y[i];
		}
		st = dot ? reduce_dot_f(rc, xf, yf, n, &s) : reduce_sum_f(rc, xf, n, &s);
		wl_result_add_f(r, name, 0, 0, s);
		free(xf);
		free(yf);
	} else if (w->knobs.order == FP_ORDER_EXACT && w->emu == FP_EMU_NONE) {
		/* the reference's way: the exact sum of the double inputs (of their exact products)
		 * rounded once to the run's bits, which is what mpfr_sum of MPFR copies of them
		 * gives (both correctly rounded; the same NaN, infinity and signed-zero rules,
		 * arith/exact.h), without 2 x 10^7 MPFR copies for a sum of 10^7 */
		exact_acc *a = exact_new();
		mpfr_t s;

		if (dot)
			exact_add_products_d(a, x, y, n);
		else
			exact_add_doubles(a, x, n);
		mpfr_init2(s, w->bits);
		exact_get_mpfr(a, s, MPFR_RNDN);
		wl_result_add_m(r, name, 0, 0, s);
		mpfr_clear(s);
		exact_free(a);
		st = FP_OK;
	} else {
		mpfr_t s, t;

		mpfr_init2(s, w->bits);
		if (w->emu) { /* tests: MPFR emulating a format reads the inputs rounded to it */
			double *xr = xmalloc((n ? n : 1) * sizeof *xr),
			       *yr = dot ? xmalloc((n ? n : 1) * sizeof *yr) : NULL;

			mpfr_init2(t, 53);
			for (size_t i = 0; i < n; i++) {
				mpfr_set_d(t, x[i], MPFR_RNDN);
				xr[i] = fmt_round_mpfr(w->emu, t);
				if (dot) {
					mpfr_set_d(t, y[i], MPFR_RNDN);
					yr[i] = fmt_round_mpfr(w->emu, t);
				}
			}
			mpfr_clear(t);
			st = dot ? reduce_dot_dm(rc, xr, yr, n, s) : reduce_sum_dm(rc, xr, n, s);
			free(xr);
			free(yr);
		} else {
			st = dot ? reduce_dot_dm(rc, x, y, n, s) : reduce_sum_dm(rc, x, n, s);
		}
		wl_result_add_m(r, name, 0, 0, s);
		mpfr_clear(s);
	}
	if (st == FP_OK)
		st = wl_result_round(w, r);
done:
	reduce_free(rc);
	free(xo);
	free(yo);
	return st;
}

/* The certified reference of sum and dot: the exact sum of the double inputs (of their exact
 * products), rounded once to the run's format (arith/exact.h, the precision table). */
static bool certify_sumdot(const wl_ctx *w, const dataset *d, wl_result *r, bool dot)
{
	const precision_desc *pd = precision_of(w->prec);
	exact_acc *a = exact_new();
	double *xo, *yo = NULL;
	const double *x = column(d, 0, &xo), *y = dot ? column(d, 1, &yo) : NULL;
	mpfr_t v, acc;

	memset(r, 0, sizeof *r);
	if (dot)
		exact_add_products_d(a, x, y, d->rows);
	else
		exact_add_doubles(a, x, d->rows);
	mpfr_init2(v, precision_bits(w->prec, w->bits));
	if (pd->ops.round_exact)
		pd->ops.round_exact(a, v);
	else
		exact_get_mpfr(a, v, MPFR_RNDN);
	mpfr_init2(acc, 2 * mpfr_get_prec(v) + 64);
	exact_get_mpfr(a, acc, MPFR_RNDN);
	wl_result_add_exact(r, dot ? dot_outputs : sum_outputs, 0, 0, v, acc);
	mpfr_clears(v, acc, (mpfr_ptr)0);
	exact_free(a);
	free(xo);
	free(yo);
	return true;
}

static bool certify_sum(const wl_ctx *w, const wl_params *p, const dataset *d, const wl_result *ref,
                        wl_result *r)
{
	(void)p;
	(void)ref;
	return certify_sumdot(w, d, r, false);
}

static bool certify_dot(const wl_ctx *w, const wl_params *p, const dataset *d, const wl_result *ref,
                        wl_result *r)
{
	(void)p;
	(void)ref;
	return certify_sumdot(w, d, r, true);
}

static fp_status run_sum(const wl_ctx *w, const wl_params *p, const dataset *d, wl_result *r)
{
	(void)p;
	return run_sumdot(w, d, r, false);
}

static fp_status run_dot(const wl_ctx *w, const wl_params *p, const dataset *d, wl_result *r)
{
	(void)p;
	return run_sumdot(w, d, r, true);
}

static const wl_param no_params[] = {{NULL, NULL, NULL, NULL, WL_PARAM_STRING, NULL, NULL}};

static const workload workload_sum = {
    .name = "sum",
    .summary = "the sum of the first column",
    .default_data = "blobs_1000x2.csv",
    .explore_data = "cancel:n=10000,cond=1e12,seed=0",
    .params = no_params,
    .outputs = sum_outputs,
    .final_metric = &sum_outputs[0],
    .products = false,
    .certify = certify_sum,
    .work_bytes = sum_bytes,
    .check = check_sum,
    .run = run_sum,
};
static const workload workload_dot = {
    .name = "dot",
    .summary = "the dot product of the first two columns",
    .default_data = "blobs_1000x2.csv",
    .explore_data = "blobs_1000x2.csv",
    .params = no_params,
    .outputs = dot_outputs,
    .final_metric = &dot_outputs[0],
    .products = true,
    .certify = certify_dot,
    .work_bytes = dot_bytes,
    .check = check_dot,
    .run = run_dot,
};

/* In the order the explorer's w key visits them. */
const workload *const workloads[] = {&workload_kmeans, &workload_mlp, &workload_softmax,
                                     &workload_sum,    &workload_dot, NULL};

const workload *workload_find(const char *name)
{
	for (size_t i = 0; workloads[i]; i++)
		if (strcmp(workloads[i]->name, name) == 0)
			return workloads[i];
	return NULL;
}

bool wl_parse_uint(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (!s || *s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

bool wl_parse_real(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	if (!s)
		return false;
	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

bool wl_parse_onoff(const char *s, bool *out)
{
	if (strcmp(s, "on") != 0 && strcmp(s, "off") != 0)
		return false;
	*out = strcmp(s, "on") == 0;
	return true;
}

const wl_param *workload_param(const workload *wl, const char *name)
{
	for (const wl_param *p = wl->params; p && p->name; p++)
		if (strcmp(p->name, name) == 0)
			return p;
	return NULL;
}

const wl_output_desc *workload_output_of_role(const workload *wl, wl_role role)
{
	for (const wl_output_desc *d = wl->outputs; d && d->name; d++)
		if (d->role == role)
			return d;
	return NULL;
}
