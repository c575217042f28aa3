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
	fp_emulation emu; /* the format the arithmetic rounds to: set by the workloads for the
	                   * emulated precisions (precision_format); for MPFR, FP_EMU_NONE except
	                   * in tests that emulate a format */
	fp_knobs knobs;
	mitig round_out;    /* applied to every output */
	mitig round_inside; /* applied to the state after every iteration or epoch */
	uint64_t seed;      /* initialisation and sampling */
	unsigned draw;      /* which draw of a variant that varies (explore/runner.h), from 0: a
	                     * simulated race (k-means' sklearn mimic, the racy combine's short
	                     * parts) draws its order from seed and draw */
	bool no_filter; /* tests: k-means in MPFR computes every distance in MPFR (kmeans_source.c)
	                 */
	unsigned workers;  /* tests: k-means assigns on this many threads (0: its own choice) */
	const int *cancel; /* when it points to nonzero, stop early (read atomically) */
	void (*progress)(void *arg, double fraction); /* called now and then; may be NULL */
	void *progress_arg;
} wl_ctx;

typedef enum { KM_INIT_FIRST, KM_INIT_PLUSPLUS, KM_INIT_FILE, KM_INIT_SKLEARN } km_init;
typedef enum { KM_DIST_DIRECT, KM_DIST_EXPANDED } km_distance;
typedef enum { KM_MIMIC_NONE, KM_MIMIC_SKLEARN } km_mimic;
typedef enum { SM_WITH_REPLACEMENT, SM_EPOCH_SHUFFLE } sm_sampling;

/* Each workload's own parameters, with their defaults from wl_params_default; a workload's
 * parameter table (workload.params) parses and formats them. */
typedef struct km_params {
	size_t k;           /* clusters (4) */
	km_init init;       /* first */
	uint64_t init_seed; /* kmeans++:SEED */
	uint32_t
	    random_state; /* init k-means++: scikit-learn's, from RandomState(random_state) (0) */
	unsigned n_init;  /* init k-means++: fits, the least inertia kept (10) */
	const char *init_file; /* init FILE, as given (borrowed); the caller loads init_centers */
	const dataset *init_centers; /* k rows of the data's width, owned by the caller */
	km_distance distance;        /* direct */
	unsigned max_iter;           /* 300 */
	km_mimic mimic;              /* none: fpdrift's Lloyd; sklearn: scikit-learn 1.2's */
	double tol; /* --mimic sklearn-1.2: KMeans(tol=); NaN for scikit-learn's default 1e-4 */
} km_params;

typedef struct mlp_params {
	unsigned epochs; /* 100 */
	double lr;       /* 0.001 */
} mlp_params;

typedef struct sm_params {
	unsigned epochs;      /* 10 */
	double lr;            /* 0.01 */
	size_t batch_size;    /* 32 */
	sm_sampling sampling; /* with-replacement */
	bool stable;          /* max-subtraction (on) */
	double scale;         /* input scale (1) */
	double test_fraction; /* held-out share (0.2) */
} sm_params;

/* The parameters of every workload, so that switching workloads keeps each one's settings. */
typedef struct wl_params {
	km_params kmeans;
	mlp_params mlp;
	sm_params softmax;
} wl_params;

wl_params wl_params_default(void);

/* How a parameter's value appears in JSON. */
typedef enum { WL_PARAM_INTEGER, WL_PARAM_REAL, WL_PARAM_STRING, WL_PARAM_BOOLEAN } wl_param_type;

/* One row of a workload's parameter table: its option, help and value. */
typedef struct wl_param {
	const char *name; /* the option: --NAME, or -N for a one-letter name; the JSON field */
	const char *arg;  /* the argument as --help shows it: "N", "X", "on|off" */
	const char *help; /* one line, with the default in parentheses */
	const char *want; /* what a valid value is, for the error message */
	wl_param_type type;
	bool (*parse)(const char *s, wl_params *p); /* false: s is not a valid value */
	void (*format)(const wl_params *p, char *buf, size_t size);
} wl_param;

/* Where an output belongs, for the charts and tables that draw it. */
typedef enum {
	WL_ROLE_PLAIN,   /* a number of its own */
	WL_ROLE_CENTERS, /* center[c][j]: coordinate j of cluster c */
	WL_ROLE_CURVE,   /* loss[e]: one value per epoch */
} wl_role;

typedef enum { WL_SCALAR, WL_VECTOR, WL_MATRIX } wl_shape;

/* One kind of output a workload makes: "inertia" (scalar), "loss" (loss[e]), "center"
 * (center[i][j]). */
typedef struct wl_output_desc {
	const char *name;
	wl_shape shape;
	wl_role role;
} wl_output_desc;

typedef struct wl_output {
	char name[64]; /* "center[0][1]", "inertia", "loss[12]", "final_loss", "sum", ... */
	const wl_output_desc *desc; /* the kind of output; its indices: */
	size_t i, j;                /* loss[i], center[i][j]; 0 where the shape has none */
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

/* Has the run been asked to stop (w->cancel points to nonzero)? An atomic read: another
 * thread sets it. */
bool wl_cancelled(const wl_ctx *w);

void wl_result_clear(wl_result *r);
/* The output named name, or NULL. */
const wl_output *wl_result_find(const wl_result *r, const char *name);
/* The output of r that matches o (another result's output): in constant time when the two
 * results list their outputs in the same order, as two runs of one workload do. */
const wl_output *wl_result_match(const wl_result *r, const wl_output *o, size_t index);
/* The outputs of role role stand together: their count, and in *first the index of the first
 * (0 when there is none). */
size_t wl_result_span(const wl_result *r, wl_role role, size_t *first);
/* The output d[i][j] of r, or NULL. */
const wl_output *wl_result_at(const wl_result *r, const wl_output_desc *d, size_t i, size_t j);
/* The first output of kind d in r, or NULL. */
const wl_output *wl_result_first(const wl_result *r, const wl_output_desc *d);
/* The one rule of "the same result", used everywhere results are compared: the same bits,
 * except that any two NaNs are the same. +0 and -0 are not the same (their bits differ, and
 * a sign that changes between runs is a divergence worth showing), though they are 0 ulps
 * apart. */
bool wl_value_same(mpfr_srcptr x, mpfr_srcptr y);
/* wl_value_same for every output, in the same order with the same names; raw compares the
 * values before the output mitigation. */
bool wl_result_same(const wl_result *a, const wl_result *b, bool raw);

typedef struct workload {
	const char *name;
	const char *summary;
	const char *study;        /* which column is the studied library's numbers, for the reports;
	                           * NULL: none */
	const char *default_data; /* a data file name or a generator spec */
	const char *explore_data; /* the explorer's data set for it */
	const wl_param *params;   /* its parameter table, NULL-name terminated */
	const wl_output_desc *outputs;      /* the kinds of output it makes, NULL-name terminated */
	const wl_output_desc *final_metric; /* the output judged over repeats */
	bool products;                      /* multiplies in its reductions (fma can apply) */
	/* does it hand products to OpenBLAS under kernel=blas with these parameters? NULL: yes */
	bool (*uses_blas)(const wl_params *p);
	/* Does a run with these parameters in precision prec compute as another library does
	 * (k-means' --mimic)? Then only threads and combine are its knobs. NULL: never. */
	bool (*mimics)(const wl_params *p, fp_precision prec);
	const char *mimic_name; /* what a mimicking run computes as: "scikit-learn 1.2's KMeans" */
	/* the explorer's parameters for it (fewer epochs, say); NULL: as given */
	void (*explore_params)(wl_params *p);
	/* The certified reference in the precision of w: the same outputs as a run, each the
	 * exact result of the computation (with the discrete decisions of ref, the MPFR
	 * reference run: labels, iterations) rounded once to w's format (explore/runner.h).
	 * false when it cannot be given: r then has no outputs and r->note says why. NULL when
	 * the workload has none. */
	bool (*certify)(const wl_ctx *w, const wl_params *p, const dataset *d, const wl_result *ref,
	                wl_result *r);
	const char *uncertified; /* with certify NULL: why there is no certified reference */
	/* The parameters of a pilot run for the resource estimate (explore/estimate.h): a
	 * fraction of the work of a run with parameters full on rows rows, done on the first
	 * pilot_rows of them. Sets *pilot; *lo and *hi to how many times the work of one of the
	 * pilot's iterations (wl_result.iterations), per row, a full run does at least and at
	 * most (hi > lo when the work depends on the data, as k-means' iterations do); grow[r]
	 * to how many times the pilot's outputs of role r a full run has. NULL: the pilot is the
	 * full run on fewer rows, and its outputs are the full run's. */
	void (*pilot)(const wl_params *full, size_t rows, size_t pilot_rows, wl_params *pilot,
	              double *lo, double *hi, double grow[3]);
	/* The bytes a run in precision prec with knobs k holds besides its outputs, for the
	 * resource estimate: vb is the bytes of one of its working values (an MPFR vector's
	 * number at its bits, arith/mvec.h), reference says it is the exact-order MPFR
	 * reference. NULL: twice the data in the run's format (a copy and a temporary). */
	double (*work_bytes)(const wl_params *p, const dataset *d, fp_precision prec,
	                     const fp_knobs *k, double vb, bool reference);
	/* FP_OK, or a message in err and 2 (usage) or 65 (the data does not fit) */
	int (*check)(const wl_params *p, const dataset *d, char *err, size_t errsize);
	fp_status (*run)(const wl_ctx *w, const wl_params *p, const dataset *d, wl_result *r);
} workload;

/* The MLP's initial parameters for seed (mlp.c, Glorot-uniform): W1 in par[0..10), b1 in
 * [10..20), W2 in [20..30), b2 in par[30]. */
void mlp_initial(uint64_t seed, double par[31]);

/* The table of workloads, NULL-terminated, in the order the explorer's w key visits them; the
 * first is the default (the k-means study). */
extern const workload *const workloads[];
const workload *workload_find(const char *name);

/* Shared by the parameter tables: a whole number lo..hi, a real number lo..hi, "on" or "off";
 * false when s is not one. */
bool wl_parse_uint(const char *s, uint64_t lo, uint64_t hi, uint64_t *out);
bool wl_parse_real(const char *s, double lo, double hi, double *out);
bool wl_parse_onoff(const char *s, bool *out);

/* The workload's parameter named name, or NULL. */
const wl_param *workload_param(const workload *wl, const char *name);
/* Does any output of wl have this role? */
const wl_output_desc *workload_output_of_role(const workload *wl, wl_role role);

/* Run wl: w's rounding set up on the calling thread for the run (arith/rnd.h: the mode, and
 * the random stream of w's seed and draw) and back to nearest after it. Callers run
 * workloads through this, not through wl->run. */
fp_status workload_run(const workload *wl, const wl_ctx *w, const wl_params *p, const dataset *d,
                       wl_result *r);
/* Does w run the _r instantiation: float, double or an emulated format under a rounding
 * other than nearest? (MPFR rounds in the directed modes itself and stays the reference
 * under the random ones.) */
bool wl_runs_rounded(const wl_ctx *w);

/* Shared by the workloads: add output d[i][j] = v (of the run's precision) to r. */
void wl_result_add_d(wl_result *r, const wl_output_desc *d, size_t i, size_t j, double v);
void wl_result_add_f(wl_result *r, const wl_output_desc *d, size_t i, size_t j, float v);
void wl_result_add_m(wl_result *r, const wl_output_desc *d, size_t i, size_t j, mpfr_srcptr v);
/* v, a value of the emulated format f (held in a double) */
void wl_result_add_e(wl_result *r, const wl_output_desc *d, size_t i, size_t j, double v,
                     const fp_format *f);
/* The accumulation format of w's reductions (the accum knob) where it acts: float and the
 * emulated formats, another format than the run's, an order other than exact; else NULL. */
const fp_format *wl_accum(const wl_ctx *w);
/* Does w run the _e instantiation: an emulated precision, or float accumulated in another
 * format (its values stay floats, binary32 of fmt.h)? */
bool wl_runs_emulated(const wl_ctx *w);
/* The context of such a run (or of a rounded one): w with emu set to its format (the workloads call
 * it before their _e instantiation, so callers need not). */
wl_ctx wl_emu_ctx(const wl_ctx *w);
/* For a certified reference (certify): add output d[i][j] with value rounded, the exact
 * result rounded once to the format, and raw accurate, the exact result to at least twice
 * the format's bits (for relative errors: runner.h). */
void wl_result_add_exact(wl_result *r, const wl_output_desc *d, size_t i, size_t j,
                         mpfr_srcptr rounded, mpfr_srcptr accurate);
/* Apply w->round_out to every output of r (in its own precision). */
fp_status wl_result_round(const wl_ctx *w, wl_result *r);
/* A reduce context for the run's knobs and precision; NULL only for bad knobs. */
reduce_ctx *wl_reduce_new(const wl_ctx *w, fp_status *st);

#endif
