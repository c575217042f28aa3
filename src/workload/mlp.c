/* mlp.c - the MLP workload: Glorot initialisation, and mlp_source.c per precision. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "arith/prng.h"
#include "util/util.h"
#include "workload/certify.h"
#include "workload/workload.h"

/* The outputs: the loss per epoch, the final loss, the predictions. */
enum { MLP_OUT_LOSS, MLP_OUT_FINAL, MLP_OUT_PRED };
static const wl_output_desc mlp_outputs[] = {
    [MLP_OUT_LOSS] = {"loss", WL_VECTOR, WL_ROLE_CURVE},
    [MLP_OUT_FINAL] = {"final_loss", WL_SCALAR, WL_ROLE_PLAIN},
    [MLP_OUT_PRED] = {"pred", WL_VECTOR, WL_ROLE_PLAIN},
    {NULL, WL_SCALAR, WL_ROLE_PLAIN},
};

/* The training pairs of d: its first column is x; the target is the second column, or with
 * one column the next row's x (the study's pandas shift(-1) and dropna: n - 1 pairs). */
static size_t mlp_samples(const dataset *d)
{
	return d->cols >= 2 ? d->rows : d->rows - 1;
}

static double mlp_target(const dataset *d, size_t j)
{
	return d->cols >= 2 ? d->x[j * d->cols + 1] : d->x[(j + 1) * d->cols];
}

#define FP_TEMPLATE FP_T_FLOAT
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/mlp_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_DOUBLE
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/mlp_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_MPFR
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/mlp_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_EMU
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/mlp_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_RND
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/mlp_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_MPFI
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/mlp_source.c"
#include "arith/templates_off.h"

static int check(const wl_params *p, const dataset *d, char *err, size_t errsize)
{
	(void)p;
	if (d->cols < 1 || d->rows < 1) {
		snprintf(err, errsize, "mlp: %s has no data", d->name);
		return DATA_EBAD;
	}
	if (d->cols == 1 && d->rows < 2) {
		snprintf(err, errsize,
		         "mlp: %s has one column and one row: a single column trains each x on the "
		         "next row's, so it needs two rows or more (or a second column of targets)",
		         d->name);
		return DATA_EBAD;
	}
	return 0;
}

/* Glorot-uniform weights (Glorot and Bengio, AISTATS 2010; Keras's default): uniform in
 * [-l, l] with l = sqrt(6 / (fan_in + fan_out)); biases zero. Drawn in double from the run's
 * seed, so every precision starts from the same network. */
void mlp_initial(uint64_t seed, double par[31])
{
	const double limit = sqrt(6.0 / (1.0 + 10.0));
	prng p;

	prng_seed(&p, seed);
	for (int i = 0; i < 31; i++)
		par[i] = 0.0;
	for (int i = 0; i < 10; i++)
		par[i] = (2.0 * prng_uniform(&p) - 1.0) * limit; /* W1: 1 -> 10 */
	for (int i = 0; i < 10; i++)
		par[20 + i] = (2.0 * prng_uniform(&p) - 1.0) * limit; /* W2: 10 -> 1 */
}

static fp_status run(const wl_ctx *w, const wl_params *p, const dataset *d, wl_result *r)
{
	double init[31];

	mlp_initial(w->seed, init);
	if (wl_runs_rounded(w)) {
		wl_ctx e = wl_emu_ctx(w);

		return mlp_run_r(&e, p, d, init, r);
	} else if (wl_runs_emulated(w)) {
		wl_ctx e = wl_emu_ctx(w);

		return mlp_run_e(&e, p, d, init, r);
	}
	switch (w->prec) {
	case FP_FLOAT:
		return mlp_run_f(w, p, d, init, r);
	case FP_DOUBLE:
		return mlp_run_d(w, p, d, init, r);
	default:
		return mlp_run_m(w, p, d, init, r);
	}
}

/* The interval run of the certified reference (certify.h). */
static fp_status run_enclosure(const wl_ctx *w, const wl_params *p, const dataset *d, wl_result *r)
{
	double init[31];

	mlp_initial(w->seed, init);
	return mlp_run_i(w, p, d, init, r);
}

/* The certified reference: the network has no data-dependent decision, so the enclosure of
 * the whole training run decides every output once the working precision is high enough. */
static bool certify(const wl_ctx *w, const wl_params *p, const dataset *d, const wl_result *ref,
                    wl_result *r)
{
	(void)ref;
	return certify_ziv(w, p, d, run_enclosure, (double)p->mlp.epochs * (double)d->rows, r);
}

static bool epochs_parse(const char *s, wl_params *p)
{
	uint64_t u;

	if (!wl_parse_uint(s, 1, 1000000, &u))
		return false;
	p->mlp.epochs = (unsigned)u;
	return true;
}

static void epochs_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%u", p->mlp.epochs);
}

static bool lr_parse(const char *s, wl_params *p)
{
	return wl_parse_real(s, 1e-300, 1e6, &p->mlp.lr);
}

static void lr_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%.17g", p->mlp.lr);
}

static const wl_param mlp_params_table[] = {
    {"epochs", "N", "epochs (100)", "a whole number from 1 to 1000000", WL_PARAM_INTEGER,
     epochs_parse, epochs_format},
    {"lr", "X", "learning rate (0.001)", "a positive number", WL_PARAM_REAL, lr_parse, lr_format},
    {NULL, NULL, NULL, NULL, WL_PARAM_STRING, NULL, NULL},
};

/* Up to 8 epochs: the work is epochs x rows; the outputs are a loss per epoch and a prediction per
 * row. */
static void mlp_pilot(const wl_params *full, size_t rows, size_t pilot_rows, wl_params *pilot,
                      double *lo, double *hi, double grow[3])
{
	*pilot = *full;
	pilot->mlp.epochs = full->mlp.epochs < 8 ? full->mlp.epochs : 8;
	*lo = *hi = (double)full->mlp.epochs;
	grow[WL_ROLE_PLAIN] = (double)rows / (double)pilot_rows;
	grow[WL_ROLE_CENTERS] = 1.0;
	grow[WL_ROLE_CURVE] = (double)full->mlp.epochs / (double)pilot->mlp.epochs;
}

const workload workload_mlp = {
    .name = "mlp",
    .summary = "a 1-10-1 network learning the next value of a series with Adam",
    .study = "the study's Keras trains in float32, so its loss is the float column (Keras's "
             "own float32 sums are not modelled bit for bit)",
    .default_data = "seq:n=10",
    .explore_data = "seq:n=10",
    .params = mlp_params_table,
    .outputs = mlp_outputs,
    .final_metric = &mlp_outputs[MLP_OUT_FINAL],
    .products = true,
    .certify = certify,
    .pilot = mlp_pilot,
    .check = check,
    .run = run,
};
