/* workload.h - the computations of the studies, each written once and run in float, double
 * or MPFR under the engine's knobs: sum, dot, kmeans, mlp, softmax.
 *
 * A workload never knows which precision it runs in beyond the wl_ctx it is given; results
 * come back as wl_result, whose outputs are MPFR numbers holding the run's values exactly
 * (24 bits for float, 53 for double, the run's bits for MPFR), so that later layers compare
 * and print them without rounding again.
 *
 * Call order: workload_find, then wl_check (validates the parameters against the data), then
 * wl_run as often as wanted; wl_result_clear after each run. All functions are reentrant: two
 * runs may go on in two threads with two wl_ctx.
 */
#ifndef FPDRIFT_WORKLOAD_H
#define FPDRIFT_WORKLOAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mpfr.h>

#include "arith/knobs.h"
#include "arith/mitig.h"
#include "arith/reduce.h"
#include "dataset/dataset.h"

/* How a run runs: its precision and knobs, mitigations, seed, and a way to stop it. */
typedef struct wl_ctx {
	fp_precision prec;
	mpfr_prec_t bits; /* for FP_MPFR */
	fp_emulation emu; /* FP_EMU_NONE except in tests that emulate float or double */
	fp_knobs knobs;
	mitig round_out;    /* applied to every output */
	mitig round_inside; /* applied to the state after every iteration or epoch */
	uint64_t seed;      /* initialisation and sampling */
	bool no_filter; /* tests: k-means in MPFR computes every distance in MPFR (kmeans_source.c)
	                 */
	volatile const int *cancel;                   /* when it points to nonzero, stop early */
	void (*progress)(void *arg, double fraction); /* called now and then; may be NULL */
	void *progress_arg;
} wl_ctx;

typedef enum { KM_INIT_FIRST, KM_INIT_PLUSPLUS, KM_INIT_FILE } km_init;
typedef enum { KM_DIST_DIRECT, KM_DIST_EXPANDED } km_distance;
typedef enum { SM_WITH_REPLACEMENT, SM_EPOCH_SHUFFLE } sm_sampling;

/* Every workload parameter, with its default from wl_params_default. */
typedef struct wl_params {
	size_t k;           /* kmeans clusters (4) */
	km_init init;       /* first */
	uint64_t init_seed; /* kmeans++:SEED */
	const dataset
	    *init_centers;    /* init FILE: k rows of the data's width, owned by the caller */
	km_distance distance; /* direct */
	unsigned max_iter;    /* kmeans (300) */
	unsigned epochs;      /* mlp 100, softmax 10; 0 means the workload's default */
	double lr;            /* mlp 0.001, softmax 0.01; 0 means the default */
	size_t batch_size;    /* softmax 32 */
	sm_sampling sampling; /* with-replacement */
	bool stable;          /* softmax max-subtraction (on) */
	double scale;         /* softmax input scale (1) */
	double test_fraction; /* softmax held-out share (0.2) */
} wl_params;

wl_params wl_params_default(void);

typedef struct wl_output {
	char name[64]; /* "center[0][1]", "inertia", "loss[12]", "final_loss", "sum", ... */
	mpfr_t value;
	mpfr_t raw; /* the value before the output mitigation (equal to value without one) */
} wl_output;

typedef struct wl_result {
	size_t nout;
	wl_output *out;
	int *labels; /* kmeans: final labels; softmax: test-set predictions; else NULL */
	size_t nlabels;
	unsigned iterations; /* kmeans iterations, epochs run */
	bool nonfinite;      /* some output is NaN or infinite */
	bool cancelled;      /* stopped through wl_ctx.cancel: the outputs are incomplete */
	char note[200];      /* what went wrong, for people: "" when nothing */
} wl_result;

void wl_result_clear(wl_result *r);
/* The output named name, or NULL. */
const wl_output *wl_result_find(const wl_result *r, const char *name);

typedef struct workload {
	const char *name;
	const char *summary;
	const char *final_metric; /* the output judged over repeats */
	/* FP_OK, or a message in err and 2 (usage) or 65 (the data does not fit) */
	int (*check)(const wl_params *p, const dataset *d, char *err, size_t errsize);
	fp_status (*run)(const wl_ctx *w, const wl_params *p, const dataset *d, wl_result *r);
} workload;

/* The table of workloads, in a fixed order; NULL-terminated. */
extern const workload *const workloads[];
const workload *workload_find(const char *name);

/* Shared by the workloads: add output name = v (of the run's precision) to r. */
void wl_result_add_d(wl_result *r, const char *name, double v);
void wl_result_add_f(wl_result *r, const char *name, float v);
void wl_result_add_m(wl_result *r, const char *name, mpfr_srcptr v);
/* Apply w->round_out to every output of r (in its own precision). */
fp_status wl_result_round(const wl_ctx *w, wl_result *r);
/* A reduce context for the run's knobs and precision; NULL only for bad knobs. */
reduce_ctx *wl_reduce_new(const wl_ctx *w, fp_status *st);

#endif
