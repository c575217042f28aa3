/* softmax.c - the softmax-regression workload: the split and initialisation shared by every
 * precision, and softmax_source.c per precision. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/precision.h"
#include "arith/prng.h"
#include "util/util.h"
#include "workload/workload.h"

/* What all precisions share: the row order (training rows first), labels in that order, the
 * class count and the initial weights. */
typedef struct sm_setup {
	size_t *order, ntrain, classes;
	int *labels;
	double *init;
} sm_setup;

/* The outputs: the loss per epoch, then the accuracies. */
enum { SM_OUT_LOSS, SM_OUT_TRAIN_ACC, SM_OUT_TEST_ACC };
static const wl_output_desc sm_outputs[] = {
    [SM_OUT_LOSS] = {"loss", WL_VECTOR, WL_ROLE_CURVE},
    [SM_OUT_TRAIN_ACC] = {"train_acc", WL_SCALAR, WL_ROLE_PLAIN},
    [SM_OUT_TEST_ACC] = {"test_acc", WL_SCALAR, WL_ROLE_PLAIN},
    {NULL, WL_SCALAR, WL_ROLE_PLAIN},
};

/* What the forward passes saw, for the note: a NaN logit, a sum of exponentials that
 * overflowed to infinity, or one that underflowed to 0 (every exp below the least
 * subnormal: the probabilities are then 0/0 and the loss log 0). */
enum { SM_EV_NAN_LOGIT = 1, SM_EV_OVERFLOW = 2, SM_EV_UNDERFLOW = 4 };

/* The run's note from its events, naming each one. */
static void sm_note(char *note, size_t size, bool stable, unsigned events)
{
	note[0] = '\0';
	appendf(note, size, "%s:", stable ? "softmax" : "softmax without max-subtraction");
	if (events & SM_EV_OVERFLOW)
		appendf(note, size, " exp overflowed to infinity;");
	if (events & SM_EV_UNDERFLOW)
		appendf(note, size, " every exp of a row underflowed to 0 (0/0 probabilities);");
	if (events & SM_EV_NAN_LOGIT)
		appendf(note, size, " a logit was NaN;");
	if (!events)
		appendf(note, size, " the loss became NaN or infinite;");
	appendf(note, size, "%s",
	        stable ? " the loss became NaN or infinite"
	               : " --stable on subtracts the largest logit");
}

/* Minibatch bt of B rows into batch: with replacement, B draws from the ntrain training rows;
 * epoch-shuffle, the bt-th slice of the epoch's permutation (the last may be shorter).
 * Returns the batch's size. */
static size_t sm_draw_batch(sm_sampling sampling, prng *pr, const size_t *perm, size_t ntrain,
                            size_t B, size_t bt, size_t *batch)
{
	size_t nb = B;

	if (sampling == SM_EPOCH_SHUFFLE) {
		nb = ntrain - bt * B < B ? ntrain - bt * B : B;
		memcpy(batch, perm + bt * B, nb * sizeof *batch);
	} else {
		for (size_t q = 0; q < nb; q++)
			batch[q] = (size_t)prng_below(pr, ntrain);
	}
	return nb;
}

#define FP_TEMPLATE FP_T_FLOAT
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/softmax_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_DOUBLE
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/softmax_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_MPFR
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/softmax_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_EMU
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/softmax_source.c"
#include "arith/templates_off.h"

#define FP_TEMPLATE FP_T_RND
#include "arith/templates_on.h"
#include "workload/wl_template.h"
#include "workload/softmax_source.c"
#include "arith/templates_off.h"

#define SM_SPLIT_SEED 0 /* the split is the same for every run and repeat */
#define SM_CLASSES_MAX 1000

static int check(const wl_params *p, const dataset *d, char *err, size_t errsize)
{
	if (!d->labels) {
		snprintf(err, errsize, "softmax: %s has no label column", d->name);
		return DATA_EBAD;
	}
	for (size_t i = 0; i < d->rows; i++)
		if (d->labels[i] < 0 || d->labels[i] >= SM_CLASSES_MAX) {
			snprintf(err, errsize,
			         "softmax: %s row %zu has label %d; labels must be 0 to %d",
			         d->name, i + 1, d->labels[i], SM_CLASSES_MAX - 1);
			return DATA_EBAD;
		}
	if (p->softmax.batch_size == 0) {
		snprintf(err, errsize, "--batch-size must be at least 1");
		return DATA_EUSAGE;
	}
	if (!(p->softmax.test_fraction >= 0.0 && p->softmax.test_fraction < 1.0) ||
	    (size_t)((double)d->rows * (1.0 - p->softmax.test_fraction)) < 1) {
		snprintf(err, errsize, "softmax: %s has too few rows to train on", d->name);
		return DATA_EBAD;
	}
	/* a batch larger than the training set draws the same rows over and over: minutes and
	 * gigabytes (10^6 on digits.csv: over 100 s and 1.1 GB for one epoch) for nothing */
	if (p->softmax.batch_size > (size_t)((double)d->rows * (1.0 - p->softmax.test_fraction))) {
		snprintf(err, errsize,
		         "--batch-size: %zu is more than the %zu training rows of %s (at most the "
		         "training set per batch)",
		         p->softmax.batch_size,
		         (size_t)((double)d->rows * (1.0 - p->softmax.test_fraction)), d->name);
		return DATA_EUSAGE;
	}
	return 0;
}

static fp_status run(const wl_ctx *w, const wl_params *p, const dataset *d, wl_result *r)
{
	sm_setup s = {0};
	prng pr;
	fp_status st;

	s.order = xmalloc(d->rows * sizeof *s.order);
	s.labels = xmalloc(d->rows * sizeof *s.labels);
	for (size_t i = 0; i < d->rows; i++) {
		s.order[i] = i;
		if ((size_t)d->labels[i] + 1 > s.classes)
			s.classes = (size_t)d->labels[i] + 1;
	}
	prng_seed(&pr, SM_SPLIT_SEED);
	prng_shuffle(&pr, s.order, d->rows);
	s.ntrain = (size_t)((double)d->rows * (1.0 - p->softmax.test_fraction));
	for (size_t i = 0; i < d->rows; i++)
		s.labels[i] = d->labels[s.order[i]];
	/* small random weights from the run's seed, zero biases */
	s.init = xmalloc(s.classes * d->cols * sizeof *s.init);
	prng_seed(&pr, w->seed);
	for (size_t q = 0; q < s.classes * d->cols; q++)
		s.init[q] = 0.01 * prng_normal(&pr);
	if (wl_runs_rounded(w)) {
		wl_ctx e = wl_emu_ctx(w);

		st = softmax_run_r(&e, p, d, &s, r);
	} else if (wl_runs_emulated(w)) {
		wl_ctx e = wl_emu_ctx(w);

		st = softmax_run_e(&e, p, d, &s, r);
	} else {
		switch (w->prec) {
		case FP_FLOAT:
			st = softmax_run_f(w, p, d, &s, r);
			break;
		case FP_DOUBLE:
			st = softmax_run_d(w, p, d, &s, r);
			break;
		default:
			st = softmax_run_m(w, p, d, &s, r);
			break;
		}
	}
	free(s.order);
	free(s.labels);
	free(s.init);
	return st;
}

/* ---- the parameter table -------------------------------------------------------------------- */

static bool epochs_parse(const char *s, wl_params *p)
{
	uint64_t u;

	if (!wl_parse_uint(s, 1, 1000000, &u))
		return false;
	p->softmax.epochs = (unsigned)u;
	return true;
}

static void epochs_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%u", p->softmax.epochs);
}

static bool lr_parse(const char *s, wl_params *p)
{
	return wl_parse_real(s, 1e-300, 1e6, &p->softmax.lr);
}

static void lr_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%.17g", p->softmax.lr);
}

static bool batch_parse(const char *s, wl_params *p)
{
	uint64_t u;

	if (!wl_parse_uint(s, 1, 1000000, &u))
		return false;
	p->softmax.batch_size = (size_t)u;
	return true;
}

static void batch_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%zu", p->softmax.batch_size);
}

static bool sampling_parse(const char *s, wl_params *p)
{
	if (strcmp(s, "with-replacement") != 0 && strcmp(s, "epoch-shuffle") != 0)
		return false;
	p->softmax.sampling =
	    strcmp(s, "epoch-shuffle") == 0 ? SM_EPOCH_SHUFFLE : SM_WITH_REPLACEMENT;
	return true;
}

static void sampling_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%s",
	         p->softmax.sampling == SM_WITH_REPLACEMENT ? "with-replacement" : "epoch-shuffle");
}

static bool stable_parse(const char *s, wl_params *p)
{
	return wl_parse_onoff(s, &p->softmax.stable);
}

static void stable_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%s", p->softmax.stable ? "on" : "off");
}

static bool scale_parse(const char *s, wl_params *p)
{
	return wl_parse_real(s, -1e300, 1e300, &p->softmax.scale);
}

static void scale_format(const wl_params *p, char *buf, size_t size)
{
	snprintf(buf, size, "%.17g", p->softmax.scale);
}

static const wl_param sm_params_table[] = {
    {"epochs", "N", "epochs (10)", "a whole number from 1 to 1000000", WL_PARAM_INTEGER,
     epochs_parse, epochs_format},
    {"lr", "X", "learning rate (0.01)", "a positive number", WL_PARAM_REAL, lr_parse, lr_format},
    {"batch-size", "N", "minibatch size, at most the training rows (32)",
     "a whole number from 1 to 1000000", WL_PARAM_INTEGER, batch_parse, batch_format},
    {"sampling", "S", "with-replacement | epoch-shuffle (with-replacement)",
     "with-replacement or epoch-shuffle", WL_PARAM_STRING, sampling_parse, sampling_format},
    {"stable", "on|off", "max-subtraction (on)", "on or off", WL_PARAM_BOOLEAN, stable_parse,
     stable_format},
    {"scale", "X", "multiply the inputs by X (1)", "a finite number", WL_PARAM_REAL, scale_parse,
     scale_format},
    {NULL, NULL, NULL, NULL, WL_PARAM_STRING, NULL, NULL},
};

/* The explorer trains a few epochs, so that a key's answer comes at once. */
static void sm_explore_params(wl_params *p)
{
	p->softmax.epochs = 3;
}

/* Up to 8 epochs, with batches no larger than the pilot's training rows: an epoch costs its rows
 * whatever the batch size (rows / batch steps of batch rows each). */
static void sm_pilot(const wl_params *full, size_t rows, size_t pilot_rows, wl_params *pilot,
                     double *lo, double *hi, double grow[3])
{
	size_t train = (size_t)((double)pilot_rows * (1.0 - full->softmax.test_fraction));

	(void)rows;
	*pilot = *full;
	pilot->softmax.epochs = full->softmax.epochs < 8 ? full->softmax.epochs : 8;
	if (train < 1)
		train = 1;
	if (pilot->softmax.batch_size > train)
		pilot->softmax.batch_size = train;
	*lo = *hi = (double)full->softmax.epochs;
	grow[WL_ROLE_PLAIN] = 1.0;
	grow[WL_ROLE_CENTERS] = 1.0;
	grow[WL_ROLE_CURVE] = (double)full->softmax.epochs / (double)pilot->softmax.epochs;
}

const workload workload_softmax = {
    .name = "softmax",
    .summary = "softmax regression by minibatch SGD",
    .default_data = "digits.csv",
    .explore_data = "digits.csv",
    .params = sm_params_table,
    .outputs = sm_outputs,
    .final_metric = &sm_outputs[SM_OUT_TEST_ACC],
    .products = true,
    /* measured with the interval enclosures of certify.h: on digits.csv with 10 epochs,
     * float was decided at 1792 bits, double at 2720 and mpfr-256 at 2304, 81 s in all */
    .uncertified = "interval enclosures of its training decide the rounding only at 1792 "
                   "to 2720 bits on digits.csv, over a minute, too slow for every run",
    .explore_params = sm_explore_params,
    .pilot = sm_pilot,
    .check = check,
    .run = run,
};
