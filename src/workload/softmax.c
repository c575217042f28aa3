/* softmax.c - the softmax-regression workload: the split and initialisation shared by every
 * precision, and softmax_source.c per precision. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	if (p->batch_size == 0) {
		snprintf(err, errsize, "--batch-size must be at least 1");
		return DATA_EUSAGE;
	}
	if (!(p->test_fraction >= 0.0 && p->test_fraction < 1.0) ||
	    (size_t)((double)d->rows * (1.0 - p->test_fraction)) < 1) {
		snprintf(err, errsize, "softmax: %s has too few rows to train on", d->name);
		return DATA_EBAD;
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
	s.ntrain = (size_t)((double)d->rows * (1.0 - p->test_fraction));
	for (size_t i = 0; i < d->rows; i++)
		s.labels[i] = d->labels[s.order[i]];
	/* small random weights from the run's seed, zero biases */
	s.init = xmalloc(s.classes * d->cols * sizeof *s.init);
	prng_seed(&pr, w->seed);
	for (size_t q = 0; q < s.classes * d->cols; q++)
		s.init[q] = 0.01 * prng_normal(&pr);
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
	free(s.order);
	free(s.labels);
	free(s.init);
	return st;
}

const workload workload_softmax = {"softmax", "softmax regression by minibatch SGD", "test_acc",
                                   check, run};
