/* main.c - the command line: `fpdrift run` is the batch runner, `fpdrift` the explorer.
 *
 * The options are parsed by cli/options.c from the tables; this file loads the data, runs
 * the scenario or the explorer, writes the report and applies the CI gate.
 *
 * `fpdrift merge` joins the JSON reports of a run's shards (report/merge.h); `fpdrift diff`
 * compares two reports (report/diff.h).
 *
 * Exit status: 0 success, 2 usage error, 65 bad input data, 3 a --max-* bound exceeded (the CI
 * gate), 1 other failure (a failed write).
 */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "arith/blas.h"
#include "arith/precision.h"
#include "cli/options.h"
#include "dataset/dataset.h"
#include "explore/format.h"
#include "explore/estimate.h"
#include "explore/runner.h"
#include "report/diff.h"
#include "report/merge.h"
#include "report/report.h"
#include "tui/tui.h"
#include "util/util.h"
#include "workload/workload.h"

#define EXIT_GATE 3

/* Find a data file: as given, else by its bare name in $FPDRIFT_DATADIR, the installed data
 * folder and the source tree's data folder. Returns a malloc'd path or NULL. */
static char *find_data(const char *name)
{
	const char *dirs[3] = {getenv("FPDRIFT_DATADIR"), FPDRIFT_PKGDATADIR, FPDRIFT_SRCDATADIR};

	if (access(name, F_OK) == 0 || strchr(name, '/'))
		return xstrdup(name);
	for (int i = 0; i < 3; i++) {
		char path[4096];

		if (!dirs[i] || !*dirs[i])
			continue;
		snprintf(path, sizeof path, "%s/%s", dirs[i], name);
		if (access(path, R_OK) == 0)
			return xstrdup(path);
	}
	return xstrdup(name); /* the loader reports it missing, under the name given */
}

/* Load a data set by name: a generator spec, a file (also looked up in the data folders), or,
 * for the study's blobs_1000x2.csv when no file is found, the copy compiled in. */
static int load_named(const char *name, const char *columns, bool allow_nonfinite, dataset *out,
                      char *err, size_t errsize)
{
	char *path;
	int rc;

	/* a generator spec, unless a file of that name exists (my:data.csv) */
	if (strchr(name, ':') && !strchr(name, '/') && access(name, F_OK) != 0)
		return gen_make(name, out, err, errsize);
	path = find_data(name);
	rc = csv_load(path, columns, allow_nonfinite, out, err, errsize);
	if (rc && strcmp(name, "blobs_1000x2.csv") == 0 && access(path, F_OK) != 0)
		rc = csv_load_buffer(name, dataset_blobs_csv, dataset_blobs_csv_len, columns,
		                     allow_nonfinite, out, err, errsize);
	free(path);
	return rc;
}

static int load_for_explorer(const char *name, dataset *out, char *err, size_t errsize)
{
	return load_named(name, NULL, false, out, err, errsize);
}

/* Say every bound the report exceeds on out, one line each; EXIT_GATE when any, else 0. */
static int check_gate(const report *rep, const cli_gate *g, FILE *out)
{
	int rc = 0;

	for (size_t i = 0; i < rep->nruns; i++) {
		const run_record *rr = &rep->runs[i];
		char kn[256], label[32];

		knob_describe(&rr->knobs, kn, sizeof kn);
		precision_label(rr->prec, rep->sc.ref_bits, label, sizeof label);
		if (g->max_ulps >= 0 && (rr->max_ulps > g->max_ulps || rr->res.nonfinite)) {
			char u[40], what[160];

			fmt_ulps(rr->max_ulps, false, u, sizeof u);
			if (rr->res.nonfinite && !run_finite_outputs(rr))
				snprintf(what, sizeof what, "not finite");
			else
				snprintf(what, sizeof what, "%s%s ulps from the reference",
				         rr->res.nonfinite
				             ? "not finite; its finite outputs are up to "
				             : "",
				         u);
			fprintf(out, "fpdrift: --max-ulps %g exceeded: the %s run with %s is %s\n",
			        g->max_ulps, label, kn, what);
			rc = EXIT_GATE;
		}
		if (g->max_flips >= 0 && (double)rr->flips > g->max_flips) {
			fprintf(out,
			        "fpdrift: --max-flips %g exceeded: the %s run with %s flips %zu "
			        "labels\n",
			        g->max_flips, label, kn, rr->flips);
			rc = EXIT_GATE;
		}
	}
	for (size_t i = 0; i < rep->nruns && g->min_digits >= 0; i++) {
		const run_record *rr = &rep->runs[i];
		char kn[256], label[32];

		if (!rr->sig)
			continue;
		knob_describe(&rr->knobs, kn, sizeof kn);
		precision_label(rr->prec, rep->sc.ref_bits, label, sizeof label);
		for (size_t o = 0; o < rr->res.nout; o++) {
			const sig_estimate *e = &rr->sig[o];

			if (isnan(e->digits)) {
				fprintf(out,
				        "fpdrift: --min-digits %g exceeded: output %s of the %s "
				        "run with "
				        "%s has %zu finite samples of %u\n",
				        g->min_digits, rr->res.out[o].name, label, kn, e->n,
				        rr->draws);
				rc = EXIT_GATE;
			} else if (e->digits < g->min_digits) {
				fprintf(out,
				        "fpdrift: --min-digits %g exceeded: output %s of the %s "
				        "run with "
				        "%s has %.2f significant digits over %zu samples\n",
				        g->min_digits, rr->res.out[o].name, label, kn, e->digits,
				        e->n);
				rc = EXIT_GATE;
			}
		}
	}
	for (size_t i = 0; i < rep->nstats && g->max_std >= 0; i++) {
		const repeat_stats *s = &rep->stats[i];
		char label[32];

		precision_label(s->prec, rep->sc.ref_bits, label, sizeof label);
		if (s->nonfinite) {
			fprintf(out,
			        "fpdrift: --max-std %g exceeded: %s of %u of the %u %s runs of "
			        "variant %zu is not finite\n",
			        g->max_std, rep->sc.wl->final_metric->name, s->nonfinite,
			        s->n + s->nonfinite, label, s->variant + 1);
			rc = EXIT_GATE;
		} else if (s->n > 1 && !(s->sd <= g->max_std)) {
			fprintf(
			    out,
			    "fpdrift: --max-std %g exceeded: %s of the %s runs of variant %zu has "
			    "standard deviation %.17g over %u seeds\n",
			    g->max_std, rep->sc.wl->final_metric->name, label, s->variant + 1,
			    s->sd, s->n);
			rc = EXIT_GATE;
		}
	}
	return rc;
}

/* The data set and the initial centers the options name, into *d and *init; 0 or an exit
 * status with the message printed. */
static int load_inputs(cli_run *run, dataset *d, dataset *init)
{
	char err[512];
	int rc = 0, said = 0; /* the width of the loading line on a terminal's standard error */

	if (!run->data && !run->generate) {
		if (strchr(run->sc.wl->default_data, ':'))
			run->generate = run->sc.wl->default_data;
		else
			run->data = run->sc.wl->default_data;
	}
	if (run->generate) {
		size_t rows, cols;

		/* the data alone must fit before it is made */
		rc = gen_size(run->generate, &rows, &cols, err, sizeof err);
		if (!rc && !run->force &&
		    estimate_data_bytes(rows, cols) > estimate_available_bytes()) {
			char need[32], avail[32];

			fprintf(
			    stderr,
			    "fpdrift: --generate %s: %zu x %zu values need %s of memory, more "
			    "than the %s available; --force tries anyway\n",
			    run->generate, rows, cols,
			    estimate_fmt_bytes(estimate_data_bytes(rows, cols), need, sizeof need),
			    estimate_fmt_bytes(estimate_available_bytes(), avail, sizeof avail));
			return 2;
		}
	}
	/* a file of millions of rows takes seconds before the explorer or the progress line can
	 * show anything: a terminal is told what is being read, and the line erased after */
	if (isatty(STDERR_FILENO)) {
		said = fprintf(stderr, "fpdrift: loading %s ...",
		               run->generate ? run->generate : run->data);
		fflush(stderr);
	}
	if (run->generate)
		rc = rc ? rc : gen_make(run->generate, d, err, sizeof err);
	else
		rc = load_named(run->data, run->columns, run->allow_nonfinite, d, err, sizeof err);
	if (said > 0)
		fprintf(stderr, "\r%*s\r", said, "");
	if (rc) {
		fprintf(stderr, "fpdrift: %s\n", err);
		return rc;
	}
	if (run->sc.params.kmeans.init == KM_INIT_FILE) {
		char *path = find_data(run->sc.params.kmeans.init_file);

		rc = csv_load(path, NULL, false, init, err, sizeof err);
		free(path);
		if (rc) {
			fprintf(stderr, "fpdrift: --init: %s\n", err);
			return rc;
		}
		run->sc.params.kmeans.init_centers = init;
	}
	run->sc.data = d;
	return 0;
}

/* The explorer, from the options' first values. */
static int explore(const cli_run *run)
{
	tui_config cfg;
	const char *cols = getenv("FPDRIFT_COLS"), *lines = getenv("FPDRIFT_LINES");

	if (run->outpath || run->format_name) {
		fprintf(stderr, "fpdrift: -o and --format are for 'fpdrift run'; the explorer "
		                "exports with its e key\n");
		return 2;
	}
	memset(&cfg, 0, sizeof cfg);
	cfg.start = run->sc;
	cfg.keys = getenv("FPDRIFT_KEYS");
	cfg.dump_path = getenv("FPDRIFT_SCREEN_DUMP");
	cfg.cols = cols ? atoi(cols) : 120;
	cfg.lines = lines ? atoi(lines) : 40;
	cfg.load = load_for_explorer;
	return tui_main(&cfg);
}

/* Run the scenario, write the report where the options say, then apply the gate. */
/* The progress line of a batch run on a terminal: nothing for the first second, then the
 * fraction done, the time spent and the time left (from the fraction; the runner counts runs
 * and their iterations), redrawn at most ten times a second on one line of standard error,
 * and erased when the run ends, so the report and any message start on a clean line. */
typedef struct batch_progress {
	double t0, last;
	int width; /* of the line drawn, 0 before the first */
} batch_progress;

static void batch_progress_draw(void *arg, double fraction)
{
	batch_progress *b = arg;
	double t = util_seconds(), spent = t - b->t0;
	char line[96];
	int n;

	if (spent < 1.0 || t - b->last < 0.1)
		return;
	b->last = t;
	fraction = fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
	if (fraction > 0.01)
		n = snprintf(line, sizeof line, "fpdrift: %3.0f%% in %.0f s, about %.0f s left",
		             100 * fraction, spent, spent * (1 - fraction) / fraction);
	else
		n = snprintf(line, sizeof line, "fpdrift: %3.0f%% in %.0f s", 100 * fraction,
		             spent);
	fprintf(stderr, "\r%s%*s", line, b->width > n ? b->width - n : 0, "");
	b->width = n > b->width ? n : b->width;
	fflush(stderr);
}

static void batch_progress_erase(const batch_progress *b)
{
	if (b->width)
		fprintf(stderr, "\r%*s\r", b->width, "");
}

/* A command's argv (argv[0] the command: "run", "merge") as one shell line: fpdrift, then
 * each argument, quoted when the shell would read it otherwise. */
static void command_line(int argc, char **argv, char *buf, size_t size)
{
	snprintf(buf, size, "fpdrift");
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		bool plain = *a != '\0';

		for (const char *c = a; *c; c++)
			plain &=
			    strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
			           "_./:=,+-@%",
			           *c) != NULL;
		if (plain) {
			appendf(buf, size, " %s", a);
			continue;
		}
		appendf(buf, size, " '");
		for (const char *c = a; *c; c++)
			appendf(buf, size, *c == '\'' ? "'\\''" : "%c", *c);
		appendf(buf, size, "'");
	}
}

/* Now (SOURCE_DATE_EPOCH when set, for reproducible reports) as ISO 8601 UTC. */
static void timestamp(char *buf, size_t size)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	time_t t = sde && *sde ? (time_t)strtoll(sde, NULL, 10) : time(NULL);
	struct tm tm;

	buf[0] = '\0';
	if (gmtime_r(&t, &tm))
		strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The report's invocation: the command line, the time (SOURCE_DATE_EPOCH when set) and the
 * gate's outcome, whose messages are in msgs. */
static void set_invocation(report *rep, const cli_run *run, int argc, char **argv, int gate_rc,
                           const char *msgs)
{
	report_invocation *inv = &rep->inv;

	command_line(argc, argv, inv->command, sizeof inv->command);
	timestamp(inv->timestamp, sizeof inv->timestamp);
	inv->max_ulps = run->gate.max_ulps;
	inv->max_flips = run->gate.max_flips;
	inv->max_std = run->gate.max_std;
	inv->min_digits = run->gate.min_digits;
	inv->gated = run->gate.max_ulps >= 0 || run->gate.max_flips >= 0 ||
	             run->gate.max_std >= 0 || run->gate.min_digits >= 0;
	inv->passed = gate_rc == 0;
	snprintf(inv->outcome, sizeof inv->outcome, "%s", gate_rc ? msgs : "passed");
	/* the messages without their "fpdrift: " and final newline */
	if (gate_rc) {
		char *o = inv->outcome, *w = o;

		for (const char *c = o; *c; c++) {
			if (strncmp(c, "fpdrift: ", 9) == 0 && (c == o || c[-1] == '\n'))
				c += 9;
			*w++ = *c;
		}
		*w = '\0';
		while (w > o && w[-1] == '\n')
			*--w = '\0';
	}
}

static int run_and_report(const cli_run *run, int argc, char **argv)
{
	char *msgs = NULL;
	size_t msglen = 0;
	FILE *mem;
	int gate_rc;
	report rep;
	char err[512];
	scenario sc = run->sc;
	batch_progress bp = {util_seconds(), 0.0, 0};
	int rc;
	report_format fmt = run->fmt;

	if (isatty(STDERR_FILENO)) {
		sc.progress = batch_progress_draw;
		sc.progress_arg = &bp;
	}
	rc = runner_run(&sc, &rep, err, sizeof err);
	batch_progress_erase(&bp);

	if (!rc && run->has_against &&
	    (rc = runner_pair_against(&rep, &run->against, err, sizeof err)) != 0)
		report_clear(&rep);
	if (rc) {
		fprintf(stderr, "fpdrift: %s\n", err);
		return rc;
	}
	/* the gate first, so that the report can say its outcome; its messages after the report */
	mem = open_memstream(&msgs, &msglen);
	gate_rc = check_gate(&rep, &run->gate, mem ? mem : stderr);
	if (mem)
		fclose(mem);
	set_invocation(&rep, run, argc, argv, gate_rc, msgs ? msgs : "");
	if (!run->format_name && run->outpath)
		fmt = report_format_of_path(run->outpath);
	if (run->outpath) {
		rc = report_save(&rep, run->outpath, fmt, err, sizeof err);
		if (rc)
			fprintf(stderr, "fpdrift: %s\n", err);
	} else if (report_write(&rep, stdout, fmt) || fflush(stdout)) {
		fprintf(stderr, "fpdrift: cannot write the report: %s\n", strerror(errno));
		rc = 1;
	}
	if (!rc && gate_rc) {
		fputs(msgs ? msgs : "", stderr);
		rc = gate_rc;
	}
	free(msgs);
	report_clear(&rep);
	return rc;
}

/* The resource estimate of the run (explore/estimate.h): 2 with the estimate when it would
 * take hours or more memory than there is, unless --force; a warning on stderr when it will
 * take minutes or gigabytes. The workload's own checks come first: their message is the
 * better one. */
static int judge_cost(const cli_run *run)
{
	run_estimate e;
	char msg[512];
	int rc = run->sc.wl->check(&run->sc.params, run->sc.data, msg, sizeof msg);

	if (rc)
		return 0; /* runner_run says what is wrong */
	runner_estimate(&run->sc, &e);
	if (run->estimate_only) {
		char lo[32], hi[32], mem[32], avail[32];

		printf("runs: %.0f\ntime: %s%s%s\nmemory: %s (available: %s)\npilots: %zu%s\n",
		       e.runs, estimate_fmt_seconds(e.seconds_lo, lo, sizeof lo),
		       e.seconds_hi > e.seconds_lo ? " to " : "",
		       e.seconds_hi > e.seconds_lo
		           ? estimate_fmt_seconds(e.seconds_hi, hi, sizeof hi)
		           : "",
		       estimate_fmt_bytes(e.bytes, mem, sizeof mem),
		       estimate_fmt_bytes(e.available, avail, sizeof avail), e.pilots,
		       e.extrapolated ? " (the rest of the grid extrapolated)" : "");
		printf("seconds: %.3g %.3g\nbytes: %.3g\n", e.seconds_lo, e.seconds_hi, e.bytes);
		return fflush(stdout) ? 1 : CLI_EXIT_DONE;
	}
	switch (estimate_judge(&e, run->force, msg, sizeof msg)) {
	case ESTIMATE_REFUSE:
		fprintf(stderr, "fpdrift: %s\n", msg);
		return 2;
	case ESTIMATE_WARN:
		fprintf(stderr, "fpdrift: %s\n", msg);
		return 0;
	default:
		return 0;
	}
}

static int cmd_run(int argc, char **argv, bool explorer)
{
	cli_run run;
	dataset d = {0}, init = {0};
	char err[512];
	int rc = cli_parse(argc, argv, &run, err, sizeof err);

	if (rc == CLI_EXIT_DONE)
		return 0;
	if (rc) {
		fprintf(stderr, "fpdrift: %s\n", err);
		return rc;
	}
	rc = load_inputs(&run, &d, &init);
	if (!rc)
		rc = judge_cost(&run);
	if (rc == CLI_EXIT_DONE)
		rc = 0;
	else if (!rc)
		rc = explorer ? explore(&run) : run_and_report(&run, argc, argv);
	dataset_clear(&d);
	dataset_clear(&init);
	mpfr_free_cache();
	return rc;
}

static int write_json(const void *arg, FILE *f)
{
	if (json_dumpf((const json_t *)arg, f,
	               JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17)) != 0 ||
	    fputc('\n', f) == EOF)
		return -1;
	return ferror(f) ? -1 : 0;
}

/* A JSON document from path ("-": standard input), or NULL with the message printed: the
 * file, line and column of a syntax error. */
static json_t *load_json(const char *path)
{
	json_error_t je;
	json_t *doc =
	    strcmp(path, "-") == 0 ? json_loadf(stdin, 0, &je) : json_load_file(path, 0, &je);

	if (!doc) {
		/* jansson counts columns in characters from 1, lines from 1 */
		if (je.line < 1) /* not opened or not read */
			fprintf(stderr, "fpdrift: %s: %s\n", path, je.text);
		else
			fprintf(stderr, "fpdrift: %s:%d:%d: %s\n", path, je.line, je.column,
			        je.text);
	}
	return doc;
}

/* fpdrift merge [-o FILE] REPORT.json ...: the shards' JSON reports joined (merge.h) and
 * written as one, to FILE or standard output. */
static int cmd_merge(int argc, char **argv)
{
	const char *outpath = NULL;
	json_t **docs;
	const char **names;
	size_t n = 0;
	json_t *whole = NULL;
	char err[1024];
	int rc = 0;

	docs = xcalloc((size_t)argc, sizeof *docs);
	names = xcalloc((size_t)argc, sizeof *names);
	for (int i = 1; i < argc && rc == 0; i++) {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			printf("usage: fpdrift merge [-o FILE] SHARD.json ...\n"
			       "Join the JSON reports of fpdrift run --shard 1/N ... N/N into the "
			       "report of the whole run.\n"
			       "  -o, --output FILE   write it to FILE (atomically) instead of "
			       "stdout\n");
			goto done;
		}
		if (strcmp(argv[i], "-o") == 0 || strcmp(argv[i], "--output") == 0) {
			if (i + 1 == argc) {
				fprintf(stderr, "fpdrift: merge: %s needs a file name\n", argv[i]);
				rc = 2;
			}
			outpath = argv[++i];
			continue;
		}
		if (strncmp(argv[i], "--output=", 9) == 0) {
			outpath = argv[i] + 9;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr,
			        "fpdrift: merge: unknown option %s (try fpdrift merge --help)\n",
			        argv[i]);
			rc = 2;
			break;
		}
		docs[n] = load_json(argv[i]);
		if (!docs[n]) {
			rc = 65;
			break;
		}
		names[n++] = argv[i];
	}
	if (rc == 0 && n == 0) {
		fprintf(stderr, "fpdrift: merge: no reports given (fpdrift merge [-o FILE] "
		                "SHARD.json ...)\n");
		rc = 2;
	}
	if (rc == 0) {
		rc = report_merge(docs, names, n, &whole, err, sizeof err);
		if (rc)
			fprintf(stderr, "fpdrift: merge: %s\n", err);
	}
	if (rc == 0) { /* how the merged report came to be */
		char cmd[2048], ts[32];

		command_line(argc, argv, cmd, sizeof cmd);
		timestamp(ts, sizeof ts);
		json_t *reps = json_incref(json_object_get(whole, "repeats"));

		/* where a run's report has it: after "seconds", before "repeats" */
		json_object_del(whole, "repeats");
		json_object_set_new(whole, "invocation",
		                    json_pack("{s:s, s:s, s:{s:n, s:n, s:n, s:n, s:s, s:[]}}",
		                              "command", cmd, "timestamp", ts, "gate", "max_ulps",
		                              "max_flips", "max_std", "min_digits", "outcome",
		                              "none", "exceeded"));
		if (reps)
			json_object_set_new(whole, "repeats", reps);
	}
	if (rc == 0) {
		if (outpath) {
			if (save_file(outpath, write_json, whole, err, sizeof err) != 0) {
				fprintf(stderr, "fpdrift: %s\n", err);
				rc = 1;
			}
		} else if (write_json(whole, stdout) != 0 || fflush(stdout) != 0) {
			fprintf(stderr, "fpdrift: cannot write the report: %s\n", strerror(errno));
			rc = 1;
		}
	}
done:
	json_decref(whole);
	for (size_t i = 0; i < n; i++)
		json_decref(docs[i]);
	free(docs);
	free(names);
	return rc;
}

/* The options of fpdrift diff. */
typedef struct diff_opts {
	const char *files[2];
	const char *outpath, *format;
	double max_ulps, max_flips; /* negative: no bound */
} diff_opts;

static void diff_usage(void)
{
	printf("usage: fpdrift diff [OPTIONS] OLD.json NEW.json\n"
	       "Compare two JSON reports output by output: ulps between them, runs and outputs\n"
	       "added or removed, the knobs, scenario and environment that differ.\n"
	       "  --format F        text, json or markdown (text; else by the extension of FILE)\n"
	       "  -o, --output FILE write it to FILE (atomically) instead of stdout\n"
	       "  --max-ulps U      exit 3 when an output of NEW is more than U ulps from OLD's,\n"
	       "                    or not finite where OLD's was, or a run or output of OLD is\n"
	       "                    missing from NEW\n"
	       "  --max-flips N     exit 3 when a run flips more than N labels more than in OLD\n"
	       "Exit status: 0 success, 2 usage error, 65 a report that cannot be read, 3 a\n"
	       "bound exceeded, 1 other failure.\n");
}

/* Parse the arguments of fpdrift diff; 0, CLI_EXIT_DONE (--help) or 2 with the message. */
static int diff_parse(int argc, char **argv, diff_opts *o)
{
	size_t nfiles = 0;

	*o = (diff_opts){{NULL, NULL}, NULL, NULL, -1, -1};
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL, *eq = strchr(a, '=');
		char name[32];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			diff_usage();
			return CLI_EXIT_DONE;
		}
		if (a[0] != '-' || strcmp(a, "-") == 0) {
			if (nfiles == 2) {
				fprintf(stderr,
				        "fpdrift: diff: a third report '%s': diff compares "
				        "two (fpdrift diff OLD.json NEW.json)\n",
				        a);
				return 2;
			}
			o->files[nfiles++] = a;
			continue;
		}
		snprintf(name, sizeof name, "%.*s", eq && a[1] == '-' ? (int)(eq - a) : 31, a);
		if (strcmp(name, "-o") != 0 && strcmp(name, "--output") != 0 &&
		    strcmp(name, "--format") != 0 && strcmp(name, "--max-ulps") != 0 &&
		    strcmp(name, "--max-flips") != 0) {
			fprintf(stderr,
			        "fpdrift: diff: unknown option %s (try fpdrift diff --help)\n", a);
			return 2;
		}
		val = eq && a[1] == '-' ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
		if (!val) {
			fprintf(stderr, "fpdrift: diff: %s needs a value\n", name);
			return 2;
		}
		if (name[1] == 'o' || strcmp(name, "--output") == 0) {
			o->outpath = val;
		} else if (strcmp(name, "--format") == 0) {
			o->format = val;
		} else {
			char *end;
			double x = strtod(val, &end);

			if (end == val || *end || !(x >= 0) || x > 1e300) {
				fprintf(stderr, "fpdrift: diff: %s: '%s' is not a number >= 0\n",
				        name, val);
				return 2;
			}
			*(strcmp(name, "--max-ulps") == 0 ? &o->max_ulps : &o->max_flips) = x;
		}
	}
	if (nfiles < 2) {
		fprintf(stderr, "fpdrift: diff: two reports are needed (fpdrift diff OLD.json "
		                "NEW.json)\n");
		return 2;
	}
	return 0;
}

/* The format diff writes: --format, else by -o's extension, else text; -1 when unknown. */
static int diff_format_of(const diff_opts *o)
{
	const char *f = o->format;

	if (!f && o->outpath) {
		const char *dot = strrchr(o->outpath, '.');

		f = dot && strcmp(dot, ".json") == 0 ? "json"
		    : dot && strcmp(dot, ".md") == 0 ? "markdown"
		                                     : "text";
	}
	if (!f || strcmp(f, "text") == 0)
		return DIFF_TEXT;
	if (strcmp(f, "json") == 0)
		return DIFF_JSON;
	if (strcmp(f, "markdown") == 0 || strcmp(f, "md") == 0)
		return DIFF_MARKDOWN;
	return -1;
}

/* Say every bound the diff exceeds; EXIT_GATE when any, else 0. */
static int diff_gate(const report_diff *d, const diff_opts *o)
{
	int rc = 0;

	for (size_t i = 0; i < d->nruns; i++) {
		const diff_run *r = &d->runs[i];

		if (o->max_ulps >= 0 && r->state == DIFF_REMOVED) {
			fprintf(stderr,
			        "fpdrift: --max-ulps %g: the %s run of %s is missing from %s\n",
			        o->max_ulps, r->label, d->old_name, d->new_name);
			rc = EXIT_GATE;
		}
		for (size_t j = 0; o->max_ulps >= 0 && j < r->nout; j++) {
			const diff_output *x = &r->out[j];
			char u[32];

			if (x->state == DIFF_REMOVED) {
				fprintf(stderr,
				        "fpdrift: --max-ulps %g: output %s of the %s run is "
				        "missing from %s\n",
				        o->max_ulps, x->name, r->label, d->new_name);
				rc = EXIT_GATE;
			} else if (x->state == DIFF_CHANGED &&
			           (x->special || x->ulps > o->max_ulps)) {
				fmt_ulps(x->ulps, x->special, u, sizeof u);
				fprintf(stderr,
				        "fpdrift: --max-ulps %g exceeded: %s of the %s run is %s "
				        "ulps from the old report's (%s -> %s)\n",
				        o->max_ulps, x->name, r->label, u, x->old_value,
				        x->new_value);
				rc = EXIT_GATE;
			}
		}
		if (o->max_flips >= 0 && r->flips_old >= 0 && r->flips_new >= 0 &&
		    (double)(r->flips_new - r->flips_old) > o->max_flips) {
			fprintf(stderr,
			        "fpdrift: --max-flips %g exceeded: the %s run flips %ld labels, "
			        "%ld in the old report\n",
			        o->max_flips, r->label, r->flips_new, r->flips_old);
			rc = EXIT_GATE;
		}
	}
	return rc;
}

typedef struct diff_out {
	const report_diff *d;
	diff_format fmt;
} diff_out;

static int write_diff(const void *arg, FILE *f)
{
	const diff_out *o = arg;

	return report_diff_write(o->d, f, o->fmt);
}

/* fpdrift diff [OPTIONS] OLD.json NEW.json: two reports compared (report/diff.h). */
static int cmd_diff(int argc, char **argv)
{
	diff_opts o;
	json_t *docs[2] = {NULL, NULL};
	report_diff d;
	char err[1024];
	int fmt, rc = diff_parse(argc, argv, &o);

	if (rc == CLI_EXIT_DONE)
		return 0;
	if (rc)
		return rc;
	fmt = diff_format_of(&o);
	if (fmt < 0) {
		fprintf(stderr, "fpdrift: diff: --format %s: text, json or markdown\n", o.format);
		return 2;
	}
	for (int i = 0; i < 2; i++)
		if (!(docs[i] = load_json(o.files[i]))) {
			json_decref(docs[0]);
			return 65;
		}
	rc = report_diff_make(docs[0], docs[1], o.files[0], o.files[1], &d, err, sizeof err);
	json_decref(docs[0]);
	json_decref(docs[1]);
	if (rc) {
		fprintf(stderr, "fpdrift: diff: %s\n", err);
		return rc;
	}
	if (o.outpath) {
		diff_out out = {&d, (diff_format)fmt};

		if (save_file(o.outpath, write_diff, &out, err, sizeof err) != 0) {
			fprintf(stderr, "fpdrift: %s\n", err);
			rc = 1;
		}
	} else if (report_diff_write(&d, stdout, (diff_format)fmt) || fflush(stdout)) {
		fprintf(stderr, "fpdrift: cannot write the diff: %s\n", strerror(errno));
		rc = 1;
	}
	if (!rc)
		rc = diff_gate(&d, &o);
	report_diff_clear(&d);
	mpfr_free_cache();
	return rc;
}

int main(int argc, char **argv)
{
	/* a file-size limit (ulimit -f) is a write error with a message and exit status 1, not a
	 * death by SIGXFSZ */
	signal(SIGXFSZ, SIG_IGN);
	util_gmp_use_xmalloc();
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1, false);
	if (argc >= 2 && strcmp(argv[1], "merge") == 0)
		return cmd_merge(argc - 1, argv + 1);
	if (argc >= 2 && strcmp(argv[1], "diff") == 0)
		return cmd_diff(argc - 1, argv + 1);
	if (argc == 2 && strcmp(argv[1], "schema") == 0) {
		if (report_write_schema(stdout) || fflush(stdout)) {
			fprintf(stderr, "fpdrift: cannot write the schema: %s\n", strerror(errno));
			return 1;
		}
		return 0;
	}
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		cli_usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("fpdrift %s\nMPFR %s, GMP %s\n%s (core %s)\n", PACKAGE_VERSION,
		       mpfr_get_version(), gmp_version, blas_config(), blas_corename());
		printf("OpenBLAS fuses multiply-adds in its dot and gemm kernels: float %s, "
		       "double %s\n",
		       blas_fuses_f() ? "yes" : "no", blas_fuses_d() ? "yes" : "no");
		return 0;
	}
	if (argc >= 2 && argv[1][0] != '-') {
		fprintf(stderr, "fpdrift: unknown command '%s' (try fpdrift --help)\n", argv[1]);
		return 2;
	}
	/* no command: the explorer, with the options of fpdrift run as its starting state */
	return cmd_run(argc, argv, true);
}
