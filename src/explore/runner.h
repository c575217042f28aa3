/* runner.h - scenarios, their grid of variants, and the divergence model.
 *
 * A scenario names a workload, its data and parameters, the precisions to run, and a list of
 * values for each knob. runner_run expands the lists into a grid (every combination, orders
 * varying slowest), runs every grid point in every chosen precision, runs the reference once
 * (MPFR at ref_bits with order=exact and the other knobs at their defaults), and measures each
 * run against it. With repeats > 1 it also runs seeds 0..repeats-1 of every grid point and
 * precision and keeps statistics of the workload's final metric.
 *
 * A report owns a copy of its scenario and everything else it describes, except the data
 * set (and k-means initial centers) the scenario points to, which must outlive it. Report
 * writers read it and call no MPFR function except to print (explore/format.h); see report.h.
 */
#ifndef FPDRIFT_RUNNER_H
#define FPDRIFT_RUNNER_H

#include <stdbool.h>
#include <stddef.h>

#include "arith/knobs.h"
#include "arith/mitig.h"
#include "arith/sigdig.h"
#include "dataset/dataset.h"
#include "explore/knob.h"
#include "workload/workload.h"

typedef struct scenario {
	const workload *wl;
	const dataset *data;
	wl_params params;
	bool precision[FP_PRECISION_COUNT]; /* which precisions run */
	mpfr_prec_t ref_bits;               /* the reference's and the mpfr runs' precision */
	knob_list knobs[KNOB_COUNT];        /* each knob's values (knob.h) */
	mitig round_out, round_inside;
	uint64_t seed;
	unsigned repeats; /* 0 or 1: one run per grid point and precision */
	unsigned samples; /* runs of a variant under a random rounding (random, sr, mca: rnd.h),
	                   * SIG_SAMPLES_MIN .. SIG_SAMPLES_MAX (sigdig.h; 30 by default) */
	unsigned race;    /* which race a variant that varies draws: its draws are numbered from
	                   * race x RUNNER_DRAWS (the explorer's rerun moves it on; 0 otherwise) */
	/* --shard I/N: with shards > 1 only the grid points v with v % shards == shard (from 0)
	 * run and are reported, with their indices in the whole grid (report.variant_ids); the
	 * reference and the first grid point (for differs_from_first) run in every shard, so
	 * shards merge into the whole run's report (fpdrift merge). 0 and 0 otherwise. */
	unsigned shard, shards;
	/* For a caller on another thread (the explorer): when *cancel turns nonzero (it is read
	 * atomically) the runner stops soon and returns RUNNER_CANCELLED; progress(arg, f)
	 * reports the fraction done. A report's copy of the scenario has neither. */
	const int *cancel;
	void (*progress)(void *arg, double fraction);
	void *progress_arg;
} scenario;

#define RUNNER_CANCELLED 130
#define RUNNER_DRAWS 5         /* runs of a variant that varies from run to run */
#define RUNNER_OUTCOMES_MAX 64 /* distinct outcomes of repeats kept per variant and precision */
#define RUNNER_OUTCOME_OUTPUTS 1048576 /* and their outputs at most (the first is always kept) */

/* The defaults: float, double and MPFR (the precision table's by_default), 256 bits, one variant of
 * the default knobs, seed 0. */
void scenario_init(scenario *sc);
/* The grid points this scenario runs: all of knob_expand's, or its shard's slice. *vars (to
 * free) gets them in grid order and, when ids is not NULL, *ids (to free; NULL when not
 * sharded) each one's index in the whole grid. Returns how many. */
size_t scenario_variants(const scenario *sc, fp_knobs **vars, size_t **ids);
/* How many times the runner runs variant k where w says: samples under a random rounding,
 * RUNNER_DRAWS for a racy combine, else once. */
unsigned scenario_draws(const scenario *sc, const fp_knobs *k, const knob_where *w);
/* Set a knob's list from its option syntax ("1,2,4"); false when list does not parse. */
bool scenario_set_knob(scenario *sc, knob_id id, const char *list);
/* The knob rule's view of a run of this scenario in precision p. */
knob_where scenario_where(const scenario *sc, fp_precision p);

/* How far one output of one run is from the reference. */
typedef struct out_metric {
	/* ulps against the certified reference (the exact result rounded once to the run's
	 * format) when certified; else against the reference rounded to the run's format, which
	 * can be one ulp off when the reference sits near a rounding boundary */
	bool certified;
	double ulps;         /* NaN if there is no reference for the output */
	bool ulps_special;   /* NaN or infinity involved: reported, not counted */
	double rel_err;      /* |x - ref| / |ref|, ref the exact result when certified */
	double correct_bits; /* -log2 rel_err, capped at the run's precision */
} out_metric;

typedef struct run_record {
	fp_precision prec;
	fp_knobs knobs;
	wl_result res;
	out_metric *m;           /* res.nout of them */
	double max_ulps;         /* over countable outputs */
	size_t flips;            /* labels that differ from the reference's */
	bool differs_from_first; /* some output's bits differ from the first variant's run (in
	                          * any draw) */
	/* A variant that can differ from run to run (knob_varies: a racy combine, a random
	 * rounding) is run scenario_draws times with the same seed; res, m, max_ulps and flips are
	 * those of the draw with the largest ulps (a non-finite one first). Otherwise draws and
	 * distinct are 1 and least_max_ulps is max_ulps. */
	unsigned draws;
	unsigned distinct;     /* how many different results the draws gave (wl_result_same) */
	double least_max_ulps; /* the smallest max_ulps of the draws */
	/* Under a random rounding the draws are samples (scenario.samples): sig[i] is output i's
	 * mean, standard deviation and significant digits over them (sigdig.h), with the digits
	 * the mean shares with the exact result; NULL otherwise. */
	sig_estimate *sig;
	double seconds; /* wall time of its draws' computation (the data already loaded,
	                 * scoring excluded) */
	/* A versus B (runner_pair_against): the index in runs of the run this one is compared
	 * with, the ulps of each output from that run's (against_ulps[i], NaN when special),
	 * the largest over the countable outputs, and whether a NaN or infinity stood in one */
	bool has_against;
	size_t against;
	double *against_ulps;
	double against_max;
	bool against_special;
} run_record;

/* One distinct outcome of repeats: every output the same bits (wl_result_same). */
typedef struct repeat_outcome {
	unsigned count;      /* the seeds that gave it */
	unsigned first_seed; /* the first of them */
	double ulps;         /* the largest ulps of an output from the most frequent outcome (0
	                      * for that one); infinity when they differ in a NaN or infinity */
	wl_result res;       /* its outputs and iterations (no labels) */
} repeat_outcome;

/* Mean, standard deviation (n - 1), least and largest of the final metric over repeats: the
 * mean and sd of the n finite values, each exact and rounded once to double (arith/stats.h);
 * nonfinite counts the runs whose metric was NaN or infinite.
 * And the distinct outcomes of all outputs: the first RUNNER_OUTCOMES_MAX found are kept
 * (fewer when their outputs would pass RUNNER_OUTCOME_OUTPUTS: a long training's losses),
 * the most frequent first (ties: the lower first seed); unlisted counts the seeds whose
 * outcome is not among them, so that the counts always add up to the repeats. spread is the
 * largest ulps between two kept outcomes (infinity as in repeat_outcome.ulps). */
typedef struct repeat_stats {
	fp_precision prec;
	size_t variant; /* index into the grid */
	unsigned n, nonfinite;
	double mean, sd, min, max;
	double *values; /* the n finite values, in seed order (owned by the report) */
	size_t noutcomes;
	repeat_outcome *outcomes;
	unsigned unlisted;
	double spread;
} repeat_stats;

/* How a report came to be, for its readers: the command line, when, and the CI gate's
 * outcome (set by the command line before the report is written; empty otherwise, and the
 * writers then leave it out). */
typedef struct report_invocation {
	char command[2048]; /* the arguments, shell-quoted where needed */
	char timestamp[32]; /* UTC, ISO 8601 (SOURCE_DATE_EPOCH when set, for reproducible
	                     * reports) */
	bool gated;         /* some --max-* bound was given */
	double max_ulps, max_flips, max_std; /* the bounds; negative: none */
	double min_digits;                   /* the least significant digits; negative: none */
	bool passed;
	char outcome[1024]; /* "passed", or the bounds exceeded, one per line */
} report_invocation;

/* The reports' account of the inputs (JSON's scenario.data.inputs). */
#define REPORT_INPUTS                                                                              \
	"read as doubles; float and the emulated formats round each input once to their "          \
	"format (input_rounding), double and MPFR runs take them exactly"

/* What rounding the data once to a run's format did (float and the emulated formats round
 * each input once, their storage format; double and MPFR read the doubles exactly). */
typedef struct input_rounding {
	size_t values;     /* the data's cells */
	size_t changed;    /* cells the rounding changed */
	size_t overflowed; /* finite cells beyond the format's range: infinite, NaN or saturated */
	size_t to_zero;    /* nonzero cells that became zero */
} input_rounding;

typedef struct report {
	scenario sc;                              /* a copy, without cancel and progress */
	input_rounding input[FP_PRECISION_COUNT]; /* per chosen precision with a format */
	report_invocation inv;
	wl_result ref;
	double ref_seconds; /* wall time of the reference run's computation */
	/* per precision, the certified reference when the workload can give one
	 * (workload.certify): each output's value is the exact result rounded once to the
	 * format, its raw the exact result to twice the format's bits or more
	 * (wl_result_add_exact); when certified[p] is false, cert[p].note says why */
	wl_result cert[FP_PRECISION_COUNT];
	bool certified[FP_PRECISION_COUNT];
	size_t nvariants;
	fp_knobs *variants;  /* the grid, or a shard's slice of it */
	size_t grid_size;    /* the points of the whole grid (nvariants unless a shard's) */
	size_t *variant_ids; /* a shard's: each variant's index in the whole grid; NULL when the
	                      * report holds the whole grid (report_variant_id) */
	size_t nruns;
	run_record *runs; /* variant-major: runs[v * nprec + p] for the chosen precisions */
	size_t nstats;
	repeat_stats *stats;
	/* --round sig: per precision, each output's significant digits from sr samples of the
	 * grid's first point (sigdig.h), to which every run's output is rounded; NULL where none
	 * (MPFR, or no sig mitigation) */
	double *sig_digits[FP_PRECISION_COUNT];
	size_t nsig_digits[FP_PRECISION_COUNT];
	double seconds; /* wall time of the whole run */
} report;

/* A versus B: run A of every run B is the run in the same precision whose knobs are B's with
 * the values of the knobs set here ("--against order=seq": every run against its seq one). */
typedef struct knob_against {
	bool set[KNOB_COUNT];
	fp_knobs k;
} knob_against;

/* Parse "knob=value[,knob=value...]" (knob names as in the registry; a value of a list
 * knob's syntax). true, or false with the message in err. */
bool knob_against_parse(const char *spec, knob_against *out, char *err, size_t errsize);
/* Pair every run of r with its run A and measure each output's ulps from A's (in the run's
 * precision, as runner_ulps). 0, or 2 with the message when a run's A is not in the report
 * (its knobs were not asked for). */
int runner_pair_against(report *r, const knob_against *a, char *err, size_t errsize);
/* The knobs in which run a and run b differ, in words: "order changed (seq -> pairwise)",
 * "order and threads changed (order seq -> pairwise, threads 1 -> 2)", "no knob changed".
 * Returns buf. */
const char *runner_knob_change(const fp_knobs *a, const fp_knobs *b, char *buf, size_t size);
/* The largest ulps between the outputs of b and a (same precision), each in against[] when
 * not NULL; *special when a NaN or an infinity stands in one of them. */
double runner_ulps_between(const report *r, const run_record *b, const run_record *a, double *each,
                           bool *special);

/* The context of one run of sc in precision p with knobs k: its seed and mitigations, no
 * progress and no cancel. */
wl_ctx scenario_ctx(const scenario *sc, fp_precision p, const fp_knobs *k);

/* What a run in precision p with knobs k computes as, when the workload mimics a library
 * there: "scikit-learn 1.2's KMeans with 4 OpenMP threads"; "" otherwise. Returns buf. */
const char *scenario_mimic_text(const scenario *sc, fp_precision p, const fp_knobs *k, char *buf,
                                size_t size);

/* The ulps between x and y in the format of precision p (bits for MPFR): for float and double
 * both are rounded to the format and counted by the ordered-integer mapping; for MPFR, |x - y|
 * in units of y's last place, and infinity for a non-zero x against a zero y (MPFR has no
 * last place at 0). NaN, with *special set, when a NaN or an infinity is involved. */
double runner_ulps(fp_precision p, mpfr_prec_t bits, mpfr_srcptr x, mpfr_srcptr y, bool *special);

/* The output mitigation as computed: "round:15", and for each chosen precision that holds
 * fewer digits the N it got, "round:15 (float: round:9)". Returns buf. */
const char *scenario_mitigation_text(const scenario *sc, char *buf, size_t size);
/* The largest N of a mitigation of this kind that some chosen precision holds. */
unsigned scenario_mitigation_max(const scenario *sc, mitig_kind kind);

/* Run the scenario. 0 on success; otherwise an exit status (2 usage, 65 data, 1 other, or
 * RUNNER_CANCELLED) with a one-line message in err, and nothing to free. */
int runner_run(const scenario *sc, report *out, char *err, size_t errsize);
void report_clear(report *r);
/* Does every run measure its ulps against a certified reference (out_metric.certified)? */
bool report_certified(const report *r);
/* Variant v's index in the whole grid (v itself unless the report is a shard's). */
size_t report_variant_id(const report *r, size_t v);
/* How many outputs of rr are finite numbers. */
size_t run_finite_outputs(const run_record *rr);
/* The draws of a run that varies from run to run, for people: "worst of 5 draws: max 0 to
 * 3 ulps, 2 different results"; "" when it ran once. Returns buf. */
const char *run_draws_text(const run_record *rr, char *buf, size_t size);
/* What the ulps of r are measured against, as one sentence for people: certified, or
 * uncertified and why (the first reason, from cert[p].note). Returns buf. */
const char *report_ulps_basis(const report *r, char *buf, size_t size);
/* "Inputs are read as doubles; ..." : how each run's format took the data (input_rounding),
 * one sentence for the text and Markdown reports. */
const char *report_inputs_text(const report *r, char *buf, size_t size);

#endif
