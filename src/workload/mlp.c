/* mlp.c - the MLP workload: Glorot initialisation, and mlp_source.c per precision. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/prng.h"
#include "util/util.h"
#include "workload/workload.h"

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

static int check(const wl_params *p, const dataset *d, char *err, size_t errsize)
{
	(void)p;
	if (d->cols < 1 || d->rows < 1) {
		snprintf(err, errsize, "mlp: %s has no data", d->name);
		return DATA_EBAD;
	}
	return 0;
}

/* Glorot-uniform weights (Glorot and Bengio, AISTATS 2010; Keras's default): uniform in
 * [-l, l] with l = sqrt(6 / (fan_in + fan_out)); biases zero. Drawn in double from the run's
 * seed, so every precision starts from the same network. */
static void glorot(uint64_t seed, double *par)
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

	glorot(w->seed, init);
	switch (w->prec) {
	case FP_FLOAT:
		return mlp_run_f(w, p, d, init, r);
	case FP_DOUBLE:
		return mlp_run_d(w, p, d, init, r);
	default:
		return mlp_run_m(w, p, d, init, r);
	}
}

const workload workload_mlp = {"mlp", "a 1-10-1 network learning x -> x + 0.1 with Adam",
                               "final_loss", check, run};
