/* main.c - the command line: `fpdrift run` is the batch runner.
 *
 * Exit status: 0 success, 2 usage error, 65 bad input data, 3 a --max-* bound exceeded (the CI
 * gate), 1 other failure (a failed write).
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "arith/blas.h"
#include "arith/knobs.h"
#include "dataset/dataset.h"
#include "explore/runner.h"
#include "report/report.h"
#include "tui/tui.h"
#include "util/util.h"
#include "workload/workload.h"

#define EXIT_USAGE 2
#define EXIT_DATA 65
#define EXIT_GATE 3

static void usage(FILE *f)
{
	fputs(
	    "usage: fpdrift run [OPTIONS]\n"
	    "       fpdrift --help | --version\n"
	    "\n"
	    "Run one computation in float, double and MPFR under every combination of the\n"
	    "knob values given, and show how far each result is from an MPFR reference.\n"
	    "\n"
	    "Workload and data:\n"
	    "  --workload W        sum, dot, kmeans, mlp or softmax (kmeans)\n"
	    "  --data FILE         a CSV file with a header row (by workload: blobs_1000x2.csv,\n"
	    "                      digits.csv for softmax); a bare name is looked up in the data\n"
	    "                      folder too\n"
	    "  --columns LIST      feature columns by name or 1-based position\n"
	    "  --generate SPEC     blobs:n=,d=,k=,std=,seed= | uniform:n=,lo=,hi=,seed= |\n"
	    "                      cancel:n=,cond=,seed= | seq:n= (mlp: seq:n=10)\n"
	    "  --allow-nonfinite   accept NaN and infinite cells\n"
	    "  -k N                k-means clusters (4)\n"
	    "  --init I            first | kmeans++:SEED | FILE of k centers (first)\n"
	    "  --distance D        direct | expanded (direct)\n"
	    "  --max-iter N        k-means iterations at most (300)\n"
	    "  --epochs N          mlp (100) and softmax (10) epochs\n"
	    "  --lr X              learning rate (mlp 0.001, softmax 0.01)\n"
	    "  --batch-size N      softmax minibatch (32)\n"
	    "  --sampling S        with-replacement | epoch-shuffle (with-replacement)\n"
	    "  --stable on|off     softmax max-subtraction (on)\n"
	    "  --scale X           multiply softmax inputs by X (1)\n"
	    "Precisions and knobs (lists are comma-separated; every combination runs):\n"
	    "  --precision LIST    float, double, mpfr (all three)\n"
	    "  --ref-bits N        MPFR bits of the reference and the mpfr runs (256)\n"
	    "  --order LIST        seq reverse pairwise sorted-asc sorted-desc shuffle:SEED kahan\n"
	    "                      neumaier exact (seq)\n"
	    "  --lanes LIST        1 2 4 8 16 (1)\n"
	    "  --threads LIST      1..256 (1)\n"
	    "  --combine LIST      ordered tree racy (ordered)\n"
	    "  --fma LIST          off on (off)\n"
	    "  --kernel LIST       naive blas (naive)\n"
	    "  --round SPEC        none | round:N | trunc:N | bits:N, applied to the outputs\n"
	    "  --round-inside SPEC the same, applied to the state after every iteration\n"
	    "  --seed N            seed of initialisation and sampling (0)\n"
	    "  --repeats N         also run seeds 0..N-1 and report mean and sd (off)\n"
	    "Output:\n"
	    "  --format F          text or json (text; json when FILE ends in .json)\n"
	    "  -o, --output FILE   write the report to FILE (atomically) instead of stdout\n"
	    "\n"
	    "Exit status: 0 success, 2 usage error, 65 bad input data, 1 other failure.\n",
	    f);
}

enum {
	OPT_WORKLOAD = 256,
	OPT_DATA,
	OPT_COLUMNS,
	OPT_GENERATE,
	OPT_NONFINITE,
	OPT_INIT,
	OPT_DISTANCE,
	OPT_MAXITER,
	OPT_EPOCHS,
	OPT_LR,
	OPT_BATCH,
	OPT_SAMPLING,
	OPT_STABLE,
	OPT_SCALE,
	OPT_MAXULPS,
	OPT_MAXFLIPS,
	OPT_MAXSTD,
	OPT_PRECISION,
	OPT_REFBITS,
	OPT_ORDER,
	OPT_LANES,
	OPT_THREADS,
	OPT_COMBINE,
	OPT_FMA,
	OPT_KERNEL,
	OPT_ROUND,
	OPT_ROUNDIN,
	OPT_SEED,
	OPT_REPEATS,
	OPT_FORMAT,
	OPT_HELP,
	OPT_VERSION,
};

static const struct option long_opts[] = {
    {"workload", required_argument, NULL, OPT_WORKLOAD},
    {"data", required_argument, NULL, OPT_DATA},
    {"columns", required_argument, NULL, OPT_COLUMNS},
    {"generate", required_argument, NULL, OPT_GENERATE},
    {"allow-nonfinite", no_argument, NULL, OPT_NONFINITE},
    {"init", required_argument, NULL, OPT_INIT},
    {"distance", required_argument, NULL, OPT_DISTANCE},
    {"max-iter", required_argument, NULL, OPT_MAXITER},
    {"epochs", required_argument, NULL, OPT_EPOCHS},
    {"lr", required_argument, NULL, OPT_LR},
    {"batch-size", required_argument, NULL, OPT_BATCH},
    {"sampling", required_argument, NULL, OPT_SAMPLING},
    {"stable", required_argument, NULL, OPT_STABLE},
    {"scale", required_argument, NULL, OPT_SCALE},
    {"max-ulps", required_argument, NULL, OPT_MAXULPS},
    {"max-flips", required_argument, NULL, OPT_MAXFLIPS},
    {"max-std", required_argument, NULL, OPT_MAXSTD},
    {"precision", required_argument, NULL, OPT_PRECISION},
    {"ref-bits", required_argument, NULL, OPT_REFBITS},
    {"order", required_argument, NULL, OPT_ORDER},
    {"lanes", required_argument, NULL, OPT_LANES},
    {"threads", required_argument, NULL, OPT_THREADS},
    {"combine", required_argument, NULL, OPT_COMBINE},
    {"fma", required_argument, NULL, OPT_FMA},
    {"kernel", required_argument, NULL, OPT_KERNEL},
    {"round", required_argument, NULL, OPT_ROUND},
    {"round-inside", required_argument, NULL, OPT_ROUNDIN},
    {"seed", required_argument, NULL, OPT_SEED},
    {"repeats", required_argument, NULL, OPT_REPEATS},
    {"format", required_argument, NULL, OPT_FORMAT},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, OPT_HELP},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static int bad(const char *opt, const char *value, const char *want)
{
	fprintf(stderr, "fpdrift: %s: '%s' is not %s\n", opt, value, want);
	return EXIT_USAGE;
}

static bool parse_uint(const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
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

static bool parse_real(const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (end == s || *end || errno || !(v >= lo && v <= hi))
		return false;
	*out = v;
	return true;
}

/* Split a comma list and call each(item, i) for it; false on an empty list or item, or when
 * there are more than max items, or when each says false. */
typedef bool (*item_fn)(void *ctx, const char *item, size_t i);

static bool each_item(const char *list, size_t max, size_t *count, item_fn each, void *ctx)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	size_t n = 0;
	bool ok = *list != '\0' && list[strlen(list) - 1] != ',' && !strstr(list, ",,");

	for (tok = strtok_r(copy, ",", &save); ok && tok; tok = strtok_r(NULL, ",", &save)) {
		if (n == max || !each(ctx, tok, n))
			ok = false;
		n++;
	}
	free(copy);
	*count = n;
	return ok && n > 0;
}

static bool order_item(void *ctx, const char *s, size_t i)
{
	scenario *sc = ctx;

	return knobs_parse_order(s, &sc->order[i], &sc->shuffle_seed[i]);
}

static bool lanes_item(void *ctx, const char *s, size_t i)
{
	scenario *sc = ctx;
	uint64_t v;

	if (!parse_uint(s, 1, FP_LANES_MAX, &v) || (v & (v - 1)))
		return false;
	sc->lanes[i] = (unsigned)v;
	return true;
}

static bool threads_item(void *ctx, const char *s, size_t i)
{
	scenario *sc = ctx;
	uint64_t v;

	if (!parse_uint(s, 1, FP_THREADS_MAX, &v))
		return false;
	sc->threads[i] = (unsigned)v;
	return true;
}

static bool combine_item(void *ctx, const char *s, size_t i)
{
	return knobs_parse_combine(s, &((scenario *)ctx)->combine[i]);
}

static bool kernel_item(void *ctx, const char *s, size_t i)
{
	return knobs_parse_kernel(s, &((scenario *)ctx)->kernel[i]);
}

static bool fma_item(void *ctx, const char *s, size_t i)
{
	scenario *sc = ctx;

	if (strcmp(s, "on") && strcmp(s, "off"))
		return false;
	sc->fma[i] = strcmp(s, "on") == 0;
	return true;
}

static bool precision_item(void *ctx, const char *s, size_t i)
{
	scenario *sc = ctx;
	fp_precision p;

	(void)i;
	if (!knobs_parse_precision(s, &p))
		return false;
	sc->precision[p] = true;
	return true;
}

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

	if (strchr(name, ':') && !strchr(name, '/'))
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

/* The CI gate: the bounds a report must keep; negative means no bound. */
typedef struct gate {
	double max_ulps, max_flips, max_std;
} gate;

/* Say every bound the report exceeds, one line each; EXIT_GATE when any, else 0. */
static int check_gate(const report *rep, const gate *g)
{
	int rc = 0;

	for (size_t i = 0; i < rep->nruns; i++) {
		const run_record *rr = &rep->runs[i];
		char kn[160];

		knobs_describe(&rr->knobs, kn, sizeof kn);
		if (g->max_ulps >= 0 && (rr->max_ulps > g->max_ulps || rr->res.nonfinite)) {
			fprintf(
			    stderr,
			    "fpdrift: --max-ulps %g exceeded: the %s run with %s is %s%.0f ulps "
			    "from the reference\n",
			    g->max_ulps, knobs_precision_name(rr->prec), kn,
			    rr->res.nonfinite ? "not finite; its finite outputs are up to " : "",
			    rr->max_ulps);
			rc = EXIT_GATE;
		}
		if (g->max_flips >= 0 && (double)rr->flips > g->max_flips) {
			fprintf(stderr,
			        "fpdrift: --max-flips %g exceeded: the %s run with %s flips %zu "
			        "labels\n",
			        g->max_flips, knobs_precision_name(rr->prec), kn, rr->flips);
			rc = EXIT_GATE;
		}
	}
	for (size_t i = 0; i < rep->nstats && g->max_std >= 0; i++) {
		const repeat_stats *s = &rep->stats[i];

		if (!(s->sd <= g->max_std) && s->n > 1) {
			fprintf(
			    stderr,
			    "fpdrift: --max-std %g exceeded: %s of the %s runs of variant %zu has "
			    "standard deviation %.3g over %u seeds\n",
			    g->max_std, rep->sc->wl->final_metric, knobs_precision_name(s->prec),
			    s->variant + 1, s->sd, s->n);
			rc = EXIT_GATE;
		}
	}
	return rc;
}

static int cmd_run(int argc, char **argv, bool explore)
{
	scenario sc;
	const char *data = NULL, *columns = NULL, *generate = NULL, *outpath = NULL, *format = NULL;
	const char *init_file = NULL;
	bool allow_nonfinite = false, precision_given = false;
	report_format fmt = REPORT_TEXT;
	gate g = {-1, -1, -1};
	dataset d = {0}, init_centers = {0};
	report rep;
	char err[512];
	int ch, rc;
	size_t n;
	uint64_t u;
	double x;

	scenario_init(&sc);
	sc.wl = workload_find("kmeans");
	optind = 1;
	while ((ch = getopt_long(argc, argv, "k:o:", long_opts, NULL)) != -1) {
		switch (ch) {
		case OPT_WORKLOAD:
			if (!(sc.wl = workload_find(optarg)))
				return bad("--workload", optarg,
				           "sum, dot, kmeans, mlp or softmax");
			break;
		case OPT_DATA:
			data = optarg;
			break;
		case OPT_COLUMNS:
			columns = optarg;
			break;
		case OPT_GENERATE:
			generate = optarg;
			break;
		case OPT_NONFINITE:
			allow_nonfinite = true;
			break;
		case 'k':
			if (!parse_uint(optarg, 0, 1000000, &u))
				return bad("-k", optarg, "a whole number from 0 to 1000000");
			sc.params.k = (size_t)u;
			break;
		case OPT_INIT:
			if (strcmp(optarg, "first") == 0) {
				sc.params.init = KM_INIT_FIRST;
			} else if (strncmp(optarg, "kmeans++:", 9) == 0) {
				if (!parse_uint(optarg + 9, 0, UINT64_MAX, &u))
					return bad("--init", optarg,
					           "kmeans++:SEED with a whole-number seed");
				sc.params.init = KM_INIT_PLUSPLUS;
				sc.params.init_seed = u;
			} else {
				sc.params.init = KM_INIT_FILE;
				init_file = optarg;
			}
			break;
		case OPT_DISTANCE:
			if (strcmp(optarg, "direct") && strcmp(optarg, "expanded"))
				return bad("--distance", optarg, "direct or expanded");
			sc.params.distance =
			    strcmp(optarg, "direct") ? KM_DIST_EXPANDED : KM_DIST_DIRECT;
			break;
		case OPT_MAXITER:
			if (!parse_uint(optarg, 1, 1000000, &u))
				return bad("--max-iter", optarg,
				           "a whole number from 1 to 1000000");
			sc.params.max_iter = (unsigned)u;
			break;
		case OPT_EPOCHS:
			if (!parse_uint(optarg, 1, 1000000, &u))
				return bad("--epochs", optarg, "a whole number from 1 to 1000000");
			sc.params.epochs = (unsigned)u;
			break;
		case OPT_LR:
			if (!parse_real(optarg, 1e-300, 1e6, &x))
				return bad("--lr", optarg, "a positive number");
			sc.params.lr = x;
			break;
		case OPT_BATCH:
			if (!parse_uint(optarg, 1, 1000000, &u))
				return bad("--batch-size", optarg,
				           "a whole number from 1 to 1000000");
			sc.params.batch_size = (size_t)u;
			break;
		case OPT_SAMPLING:
			if (strcmp(optarg, "with-replacement") && strcmp(optarg, "epoch-shuffle"))
				return bad("--sampling", optarg,
				           "with-replacement or epoch-shuffle");
			sc.params.sampling = strcmp(optarg, "epoch-shuffle") == 0
			                         ? SM_EPOCH_SHUFFLE
			                         : SM_WITH_REPLACEMENT;
			break;
		case OPT_STABLE:
			if (strcmp(optarg, "on") && strcmp(optarg, "off"))
				return bad("--stable", optarg, "on or off");
			sc.params.stable = strcmp(optarg, "on") == 0;
			break;
		case OPT_SCALE:
			if (!parse_real(optarg, -1e300, 1e300, &x))
				return bad("--scale", optarg, "a finite number");
			sc.params.scale = x;
			break;
		case OPT_MAXULPS:
			if (!parse_real(optarg, 0, 1e300, &x))
				return bad("--max-ulps", optarg, "a number of ulps, 0 or more");
			g.max_ulps = x;
			break;
		case OPT_MAXFLIPS:
			if (!parse_real(optarg, 0, 1e300, &x))
				return bad("--max-flips", optarg, "a number of flips, 0 or more");
			g.max_flips = x;
			break;
		case OPT_MAXSTD:
			if (!parse_real(optarg, 0, 1e300, &x))
				return bad("--max-std", optarg, "a standard deviation, 0 or more");
			g.max_std = x;
			break;
		case OPT_PRECISION:
			memset(sc.precision, 0, sizeof sc.precision);
			precision_given = true;
			if (!each_item(optarg, 3, &n, precision_item, &sc))
				return bad("--precision", optarg, "a list of float, double, mpfr");
			break;
		case OPT_REFBITS:
			if (!parse_uint(optarg, 53, FP_BITS_MAX, &u))
				return bad("--ref-bits", optarg, "a whole number from 53 to 65536");
			sc.ref_bits = (mpfr_prec_t)u;
			break;
		case OPT_ORDER:
			if (!each_item(optarg, RUN_LIST_MAX, &sc.norder, order_item, &sc))
				return bad(
				    "--order", optarg,
				    "a list of seq, reverse, pairwise, sorted-asc, sorted-desc, "
				    "shuffle:SEED, kahan, neumaier, exact");
			break;
		case OPT_LANES:
			if (!each_item(optarg, RUN_LIST_MAX, &sc.nlanes, lanes_item, &sc))
				return bad("--lanes", optarg, "a list of 1, 2, 4, 8, 16");
			break;
		case OPT_THREADS:
			if (!each_item(optarg, RUN_LIST_MAX, &sc.nthreads, threads_item, &sc))
				return bad("--threads", optarg,
				           "a list of whole numbers from 1 to 256");
			break;
		case OPT_COMBINE:
			if (!each_item(optarg, RUN_LIST_MAX, &sc.ncombine, combine_item, &sc))
				return bad("--combine", optarg, "a list of ordered, tree, racy");
			break;
		case OPT_FMA:
			if (!each_item(optarg, 2, &sc.nfma, fma_item, &sc))
				return bad("--fma", optarg, "a list of off, on");
			break;
		case OPT_KERNEL:
			if (!each_item(optarg, FP_KERNEL_COUNT, &sc.nkernel, kernel_item, &sc))
				return bad("--kernel", optarg, "a list of naive, blas");
			break;
		case OPT_ROUND:
			if (!mitig_parse(optarg, &sc.round_out))
				return bad("--round", optarg, "none, round:N, trunc:N or bits:N");
			break;
		case OPT_ROUNDIN:
			if (!mitig_parse(optarg, &sc.round_inside))
				return bad("--round-inside", optarg,
				           "none, round:N, trunc:N or bits:N");
			break;
		case OPT_SEED:
			if (!parse_uint(optarg, 0, UINT64_MAX, &u))
				return bad("--seed", optarg, "a whole number");
			sc.seed = u;
			break;
		case OPT_REPEATS:
			if (!parse_uint(optarg, 1, 100000, &u))
				return bad("--repeats", optarg, "a whole number from 1 to 100000");
			sc.repeats = (unsigned)u;
			break;
		case OPT_FORMAT:
			if (!report_format_parse(optarg, &fmt))
				return bad("--format", optarg, "text, json, csv, markdown or html");
			format = optarg;
			break;
		case 'o':
			outpath = optarg;
			break;
		case OPT_HELP:
			usage(stdout);
			return 0;
		case OPT_VERSION:
			printf("fpdrift %s\n", PACKAGE_VERSION);
			return 0;
		default:
			fprintf(stderr, "fpdrift: try 'fpdrift run --help'\n");
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "fpdrift: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	(void)precision_given;
	if (g.max_std >= 0 && sc.repeats < 2) {
		fprintf(stderr, "fpdrift: --max-std needs --repeats N (2 or more)\n");
		return EXIT_USAGE;
	}
	if (data && generate) {
		fprintf(stderr, "fpdrift: --data and --generate exclude each other\n");
		return EXIT_USAGE;
	}
	if (!data && !generate) {
		if (strcmp(sc.wl->name, "mlp") == 0)
			generate = "seq:n=10";
		else if (strcmp(sc.wl->name, "softmax") == 0)
			data = "digits.csv";
		else
			data = "blobs_1000x2.csv";
	}
	if (generate)
		rc = gen_make(generate, &d, err, sizeof err);
	else
		rc = load_named(data, columns, allow_nonfinite, &d, err, sizeof err);
	if (rc) {
		fprintf(stderr, "fpdrift: %s\n", err);
		return rc;
	}
	if (init_file) {
		char *path = find_data(init_file);

		rc = csv_load(path, NULL, false, &init_centers, err, sizeof err);
		free(path);
		if (rc) {
			fprintf(stderr, "fpdrift: --init: %s\n", err);
			dataset_clear(&d);
			return rc;
		}
		sc.params.init_centers = &init_centers;
	}
	sc.data = &d;
	if (explore) {
		tui_config cfg;
		const char *cols = getenv("FPDRIFT_COLS"), *lines = getenv("FPDRIFT_LINES");

		memset(&cfg, 0, sizeof cfg);
		cfg.start = sc;
		cfg.keys = getenv("FPDRIFT_KEYS");
		cfg.dump_path = getenv("FPDRIFT_SCREEN_DUMP");
		cfg.cols = cols ? atoi(cols) : 120;
		cfg.lines = lines ? atoi(lines) : 40;
		cfg.load = load_for_explorer;
		if (outpath || format) {
			fprintf(stderr,
			        "fpdrift: -o and --format are for 'fpdrift run'; the explorer "
			        "exports with its e key\n");
			rc = EXIT_USAGE;
		} else {
			rc = tui_main(&cfg);
		}
		dataset_clear(&d);
		dataset_clear(&init_centers);
		mpfr_free_cache();
		return rc;
	}
	rc = runner_run(&sc, &rep, err, sizeof err);
	if (rc) {
		fprintf(stderr, "fpdrift: %s\n", err);
	} else {
		if (!format && outpath)
			fmt = report_format_of_path(outpath);
		if (outpath) {
			rc = report_save(&rep, outpath, fmt, err, sizeof err);
			if (rc)
				fprintf(stderr, "fpdrift: %s\n", err);
		} else if (report_write(&rep, stdout, fmt) || fflush(stdout)) {
			fprintf(stderr, "fpdrift: cannot write the report: %s\n", strerror(errno));
			rc = 1;
		}
		if (!rc)
			rc = check_gate(&rep, &g);
		report_clear(&rep);
	}
	dataset_clear(&d);
	dataset_clear(&init_centers);
	mpfr_free_cache();
	return rc;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1, false);
	if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
		printf("fpdrift %s\nMPFR %s, GMP %s\n%s (core %s)\n", PACKAGE_VERSION,
		       mpfr_get_version(), gmp_version, blas_config(), blas_corename());
		return 0;
	}
	if (argc >= 2 && argv[1][0] != '-') {
		fprintf(stderr, "fpdrift: unknown command '%s' (try fpdrift --help)\n", argv[1]);
		return EXIT_USAGE;
	}
	/* no command: the explorer, with the options of fpdrift run as its starting state */
	return cmd_run(argc, argv, true);
}
