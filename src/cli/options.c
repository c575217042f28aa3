/* options.c - the command line from the knob registry, the workloads' parameter tables and
 * the table below; see options.h. */
#include "config.h"

#include "cli/options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "arith/precision.h"
#include "arith/rnd.h"
#include "arith/sigdig.h"
#include "util/util.h"

/* Where an option stands in --help. */
enum { G_DATA, G_PRECISION, G_KNOBS_AFTER, G_OUTPUT };

/* One option of this module's own: set returns false when v is not a valid value (want says
 * what is); NULL arg means the option takes none. */
typedef struct cli_option {
	const char *name;
	int short_name; /* 0 when it has none */
	const char *arg;
	const char *help; /* "\n" starts a continuation line */
	int group;
	bool (*set)(cli_run *r, const char *v);
	const char *want;
} cli_option;

static bool set_workload(cli_run *r, const char *v)
{
	const workload *wl = workload_find(v);

	if (wl)
		r->sc.wl = wl;
	return wl != NULL;
}

static bool set_data(cli_run *r, const char *v)
{
	r->data = v;
	return *v != '\0';
}

static bool set_columns(cli_run *r, const char *v)
{
	r->columns = v;
	return *v != '\0';
}

static bool set_generate(cli_run *r, const char *v)
{
	r->generate = v;
	return *v != '\0';
}

static bool set_nonfinite(cli_run *r, const char *v)
{
	(void)v;
	r->allow_nonfinite = true;
	return true;
}

static bool set_force(cli_run *r, const char *v)
{
	(void)v;
	r->force = true;
	return true;
}

static bool set_estimate(cli_run *r, const char *v)
{
	(void)v;
	r->estimate_only = true;
	return true;
}

/* Is tok a part of a custom format that a comma split off ("emin=-6", "sat")? */
static bool custom_part(const char *tok)
{
	return strncmp(tok, "p=", 2) == 0 || strncmp(tok, "emin=", 5) == 0 ||
	       strncmp(tok, "emax=", 5) == 0 || strcmp(tok, "sat") == 0;
}

/* A --precision list; custom:p=P,emin=E,emax=M[,sat] keeps its own commas. */
static bool set_precision(cli_run *r, const char *v)
{
	bool chosen[FP_PRECISION_COUNT] = {false};
	char *copy = xstrdup(v), *tok, *save = NULL, *custom = NULL;
	bool ok = *v && v[strlen(v) - 1] != ',' && v[0] != ',' && !strstr(v, ",,");

	for (tok = strtok_r(copy, ",", &save); ok && tok; tok = strtok_r(NULL, ",", &save)) {
		fp_precision p;

		if (custom && custom_part(tok)) {
			size_t n = strlen(custom);

			custom = xreallocarray(custom, n + strlen(tok) + 2, 1);
			snprintf(custom + n, strlen(tok) + 2, ",%s", tok);
			continue;
		}
		if (strncmp(tok, "custom:", 7) == 0 && custom) {
			snprintf(r->why, sizeof r->why, "a list with one custom format");
			ok = false;
			break;
		}
		if (strncmp(tok, "custom:", 7) == 0) {
			custom = xstrdup(tok);
			chosen[FP_CUSTOM] = true;
			continue;
		}
		ok = knobs_parse_precision(tok, &p) && p != FP_CUSTOM;
		if (ok)
			chosen[p] = true;
	}
	free(copy);
	if (ok && custom) {
		char err[200];

		ok = precision_set_custom(custom, err, sizeof err);
		if (!ok)
			snprintf(r->why, sizeof r->why, "a format fpdrift emulates (%s)",
			         strstr(err, ": ") ? strstr(err, ": ") + 2 : err);
	}
	free(custom);
	if (ok)
		memcpy(r->sc.precision, chosen, sizeof chosen);
	return ok;
}

static bool set_ref_bits(cli_run *r, const char *v)
{
	uint64_t u;

	if (!wl_parse_uint(v, 53, FP_BITS_MAX, &u))
		return false;
	r->sc.ref_bits = (mpfr_prec_t)u;
	return true;
}

static bool set_round(cli_run *r, const char *v)
{
	return mitig_parse(v, &r->sc.round_out);
}

static bool set_round_inside(cli_run *r, const char *v)
{
	/* sig rounds outputs to their own digits; the state inside has no estimate */
	return mitig_parse(v, &r->sc.round_inside) && r->sc.round_inside.kind != MITIG_SIG;
}

static bool set_seed(cli_run *r, const char *v)
{
	return wl_parse_uint(v, 0, UINT64_MAX, &r->sc.seed);
}

static bool set_repeats(cli_run *r, const char *v)
{
	uint64_t u;

	if (!wl_parse_uint(v, 1, 100000, &u))
		return false;
	r->sc.repeats = (unsigned)u;
	return true;
}

/* I/N, 1 <= I <= N <= 100000 */
static bool set_shard(cli_run *r, const char *v)
{
	const char *slash = strchr(v, '/');
	char head[32];
	uint64_t i, n;

	if (!slash || (size_t)(slash - v) >= sizeof head)
		return false;
	memcpy(head, v, (size_t)(slash - v));
	head[slash - v] = '\0';
	if (!wl_parse_uint(head, 1, 100000, &i) || !wl_parse_uint(slash + 1, 1, 100000, &n) ||
	    i > n)
		return false;
	r->sc.shard = (unsigned)(i - 1);
	r->sc.shards = (unsigned)n;
	return true;
}

static bool set_format(cli_run *r, const char *v)
{
	r->format_name = v;
	return report_format_parse(v, &r->fmt);
}

static bool set_output(cli_run *r, const char *v)
{
	r->outpath = v;
	return *v != '\0';
}

static bool set_max_ulps(cli_run *r, const char *v)
{
	return wl_parse_real(v, 0, 1e300, &r->gate.max_ulps);
}

static bool set_max_flips(cli_run *r, const char *v)
{
	return wl_parse_real(v, 0, 1e300, &r->gate.max_flips);
}

static bool set_against(cli_run *r, const char *v)
{
	char err[160];

	r->has_against = knob_against_parse(v, &r->against, err, sizeof err);
	r->against_spec = v;
	return r->has_against;
}

static bool set_max_std(cli_run *r, const char *v)
{
	return wl_parse_real(v, 0, 1e300, &r->gate.max_std);
}

static bool set_min_digits(cli_run *r, const char *v)
{
	return wl_parse_real(v, 0, 100, &r->gate.min_digits);
}

static bool set_samples(cli_run *r, const char *v)
{
	uint64_t u;

	if (!wl_parse_uint(v, SIG_SAMPLES_MIN, SIG_SAMPLES_MAX, &u))
		return false;
	r->sc.samples = (unsigned)u;
	return true;
}

static const cli_option own_options[] = {
    {"workload", 0, "W", "sum, dot, kmeans, mlp or softmax (kmeans)", G_DATA, set_workload,
     "sum, dot, kmeans, mlp or softmax"},
    {"data", 0, "FILE",
     "a CSV file with a header row (by workload: blobs_1000x2.csv,\n"
     "digits.csv for softmax); a bare name is looked up in the data\nfolder too",
     G_DATA, set_data, "a file name"},
    {"columns", 0, "LIST", "feature columns by name or 1-based position", G_DATA, set_columns,
     "a list of columns"},
    {"generate", 0, "SPEC",
     "blobs:n=,d=,k=,std=,seed= | uniform:n=,lo=,hi=,seed= |\n"
     "cancel:n=,cond=,seed= | seq:n= (mlp: seq:n=10)",
     G_DATA, set_generate, "a generator spec"},
    {"allow-nonfinite", 0, NULL, "accept NaN and infinite cells", G_DATA, set_nonfinite, NULL},
    {"precision", 0, "LIST",
     "float, double, fp16, bf16, tf32, fp8e4m3, fp8e4m3-sat, fp8e5m2,\n"
     "fp8e5m2-sat, custom:p=P,emin=E,emax=M[,sat], mpfr (float,double,mpfr)",
     G_PRECISION, set_precision,
     "a list of float, double, fp16, bf16, tf32, fp8e4m3, fp8e4m3-sat, fp8e5m2, fp8e5m2-sat, "
     "custom:p=P,emin=E,emax=M[,sat], mpfr"},
    {"ref-bits", 0, "N", "MPFR bits of the reference and the mpfr runs (256)", G_PRECISION,
     set_ref_bits, "a whole number from 53 to 65536"},
    {"round", 0, "SPEC",
     "none | round:N | trunc:N | bits:N | sig, applied to the outputs\n"
     "(N significant decimal digits, or bits; sig: each output's own\n"
     "significant digits, estimated from --samples sr runs)",
     G_KNOBS_AFTER, set_round, "none, round:N, trunc:N, bits:N or sig"},
    {"round-inside", 0, "SPEC", "the same, applied to the state after every iteration",
     G_KNOBS_AFTER, set_round_inside, "none, round:N, trunc:N or bits:N"},
    {"seed", 0, "N", "seed of initialisation and sampling (0)", G_KNOBS_AFTER, set_seed,
     "a whole number"},
    {"against", 0, "SPEC",
     "compare every run with the one whose knobs are its own\n"
     "but SPEC's (order=seq,threads=1): ulps per output",
     G_KNOBS_AFTER, set_against, "knob=value[,knob=value] of values in the knobs' lists"},
    {"repeats", 0, "N", "also run seeds 0..N-1 and report mean and sd (off)", G_KNOBS_AFTER,
     set_repeats, "a whole number from 1 to 100000"},
    {"samples", 0, "N",
     "runs of each variant under a random rounding (random, sr,\n"
     "mca:T): mean, sd and significant digits of every output (30)",
     G_KNOBS_AFTER, set_samples, "a whole number from 2 to 100000"},
    {"shard", 0, "I/N",
     "run only the I-th of N slices of the grid (points I, I+N, ...;\n"
     "with their repeats); fpdrift merge joins the JSON reports",
     G_KNOBS_AFTER, set_shard, "I/N with 1 <= I <= N <= 100000"},
    {"format", 0, "F",
     "text, json, csv, markdown or html (text; else by the\n"
     "extension of FILE: .json .csv .md .html)",
     G_OUTPUT, set_format, "text, json, csv, markdown or html"},
    {"output", 'o', "FILE", "write the report to FILE (atomically) instead of stdout", G_OUTPUT,
     set_output, "a file name"},
    {"max-ulps", 0, "U",
     "exit 3 when a run is more than U ulps from the reference\n"
     "or not finite",
     G_OUTPUT, set_max_ulps, "a number of ulps, 0 or more"},
    {"max-flips", 0, "N", "exit 3 when a run flips more than N labels", G_OUTPUT, set_max_flips,
     "a number of flips, 0 or more"},
    {"max-std", 0, "S",
     "exit 3 when the final metric's standard deviation over\n"
     "--repeats exceeds S",
     G_OUTPUT, set_max_std, "a standard deviation, 0 or more"},
    {"min-digits", 0, "D",
     "exit 3 when an output of a random rounding's samples has\n"
     "fewer than D significant decimal digits",
     G_OUTPUT, set_min_digits, "a number of digits from 0 to 100"},
    {"force", 0, NULL,
     "run even when the estimate says hours or more memory\n"
     "than is available (exit 2 without it)",
     G_OUTPUT, set_force, NULL},
    {"estimate", 0, NULL, "print the time and memory the run would take, and exit", G_OUTPUT,
     set_estimate, NULL},
    {"help", 0, NULL, "this help", G_OUTPUT, NULL, NULL},
    {"version", 0, NULL, "the version, and those of MPFR, GMP and OpenBLAS", G_OUTPUT, NULL, NULL},
};
#define NOWN (sizeof own_options / sizeof own_options[0])

/* ---- --help -----------------------------------------------------------------------------------
 */

/* "  -s, --name ARG      help", help's continuation lines indented to its column. */
static void help_line(FILE *f, int short_name, const char *name, const char *arg, const char *help)
{
	char left[64], sh[8] = "";
	const char *line = help;

	if (short_name)
		snprintf(sh, sizeof sh, "-%c, ", short_name);
	if (strlen(name) == 1)
		snprintf(left, sizeof left, "  -%s%s%s", name, arg ? " " : "", arg ? arg : "");
	else
		snprintf(left, sizeof left, "  %s--%s%s%s", sh, name, arg ? " " : "",
		         arg ? arg : "");
	fprintf(f, "%-22s", left);
	if (strlen(left) >= 22)
		fprintf(f, "\n%22s", "");
	for (;;) {
		const char *nl = strchr(line, '\n');

		fprintf(f, "%.*s\n", nl ? (int)(nl - line) : (int)strlen(line), line);
		if (!nl)
			break;
		line = nl + 1;
		fprintf(f, "%22s", "");
	}
}

static void own_group(FILE *f, int group)
{
	for (size_t i = 0; i < NOWN; i++)
		if (own_options[i].group == group)
			help_line(f, own_options[i].short_name, own_options[i].name,
			          own_options[i].arg, own_options[i].help);
}

void cli_usage(FILE *f)
{
	fputs("usage: fpdrift run [OPTIONS]\n"
	      "       fpdrift [OPTIONS]        (the explorer, starting from the options)\n"
	      "       fpdrift merge [-o FILE] SHARD.json ...   (join --shard reports)\n"
	      "       fpdrift diff [OPTIONS] OLD.json NEW.json (compare two reports; --help)\n"
	      "       fpdrift schema | --help | --version\n"
	      "\n"
	      "Run one computation in float, double and MPFR under every combination of the\n"
	      "knob values given, and show how far each result is from an MPFR reference.\n"
	      "\nWorkload and data:\n",
	      f);
	own_group(f, G_DATA);
	for (size_t w = 0; workloads[w]; w++) {
		if (!workloads[w]->params || !workloads[w]->params->name)
			continue;
		fprintf(f, "Parameters of %s:\n", workloads[w]->name);
		for (const wl_param *p = workloads[w]->params; p->name; p++)
			help_line(f, 0, p->name, p->arg, p->help);
	}
	fputs("Precisions and knobs (lists are comma-separated; every combination runs):\n", f);
	own_group(f, G_PRECISION);
	for (int k = 0; k < KNOB_COUNT; k++) {
		char help[256];

		snprintf(help, sizeof help, "%s (%s)", knob_table[k].arg_help, knob_table[k].def);
		help_line(f, 0, knob_table[k].name, "LIST", help);
	}
	own_group(f, G_KNOBS_AFTER);
	fputs("Output and the CI gate:\n", f);
	own_group(f, G_OUTPUT);
	fputs(
	    "\nExit status: 0 success, 2 usage error or a run the estimate refuses, 65 bad input\n"
	    "data, 3 a bound of --max-ulps, --max-flips, --max-std or --min-digits exceeded, 1 "
	    "other failure.\n",
	    f);
}

/* ---- parsing ----------------------------------------------------------------------------------
 */

/* What a getopt value stands for: one of the own options, a knob, or a workload parameter
 * (by name: mlp and softmax both have --epochs). */
typedef enum { ENTRY_OWN, ENTRY_KNOB, ENTRY_PARAM } entry_kind;

typedef struct entry {
	entry_kind kind;
	size_t index;     /* into own_options or knob_table */
	const char *name; /* the option's name */
} entry;

#define ENTRIES_MAX 128
#define VAL_BASE 256

typedef struct option_set {
	entry e[ENTRIES_MAX];
	size_t n;
	struct option longs[ENTRIES_MAX + 1]; /* the multi-letter ones, then a zero row */
	size_t nlong;
	char shorts[64];
} option_set;

static size_t find_entry(const option_set *s, const char *name)
{
	size_t i = 0;

	while (i < s->n && strcmp(s->e[i].name, name) != 0)
		i++;
	return i;
}

static void add_entry(option_set *s, entry_kind kind, size_t index, const char *name, bool has_arg,
                      int short_name)
{
	size_t len = strlen(s->shorts);

	if (find_entry(s, name) < s->n)
		return; /* a parameter several workloads share */
	ASSERTN(s->n < ENTRIES_MAX);
	s->e[s->n] = (entry){kind, index, name};
	if (strlen(name) == 1)
		short_name = name[0];
	else
		s->longs[s->nlong++] = (struct option){
		    name, has_arg ? required_argument : no_argument, NULL, VAL_BASE + (int)s->n};
	if (short_name && len + 3 < sizeof s->shorts) {
		s->shorts[len] = (char)short_name;
		s->shorts[len + 1] = has_arg ? ':' : '\0';
		s->shorts[len + 2] = '\0';
	}
	s->n++;
}

static void build(option_set *s)
{
	memset(s, 0, sizeof *s);
	s->shorts[0] = ':'; /* a missing argument returns ':' */
	for (size_t i = 0; i < NOWN; i++)
		add_entry(s, ENTRY_OWN, i, own_options[i].name, own_options[i].arg != NULL,
		          own_options[i].short_name);
	for (int k = 0; k < KNOB_COUNT; k++)
		add_entry(s, ENTRY_KNOB, (size_t)k, knob_table[k].name, true, 0);
	for (size_t w = 0; workloads[w]; w++)
		for (const wl_param *p = workloads[w]->params; p && p->name; p++)
			add_entry(s, ENTRY_PARAM, 0, p->name, true, 0);
}

/* The entry for a getopt value: a long option's value, or a short option's letter. */
static const entry *entry_of(const option_set *s, int ch)
{
	if (ch >= VAL_BASE && (size_t)(ch - VAL_BASE) < s->n)
		return &s->e[ch - VAL_BASE];
	for (size_t i = 0; i < s->n; i++) {
		if (s->e[i].kind == ENTRY_OWN && own_options[s->e[i].index].short_name == ch)
			return &s->e[i];
		if (strlen(s->e[i].name) == 1 && s->e[i].name[0] == ch)
			return &s->e[i];
	}
	return NULL;
}

/* "--name" or "-n", as the user wrote it. */
static const char *spelled(const entry *e, char *buf, size_t size)
{
	snprintf(buf, size, "%s%s", strlen(e->name) == 1 ? "-" : "--", e->name);
	return buf;
}

static int bad_value(const entry *e, const char *v, const char *want, char *err, size_t errsize)
{
	char opt[64];

	snprintf(err, errsize, "%s: '%s' is not %s", spelled(e, opt, sizeof opt), v, want);
	return 2;
}

/* A workload parameter given on the command line, applied once the workload is known. */
typedef struct pending {
	const entry *e;
	const char *value;
} pending;

/* Apply the parameters to the chosen workload: each must be one of its own. */
static int apply_params(cli_run *r, const pending *p, size_t n, char *err, size_t errsize)
{
	for (size_t i = 0; i < n; i++) {
		const wl_param *wp = workload_param(r->sc.wl, p[i].e->name);
		char opt[64];

		if (!wp) {
			snprintf(err, errsize,
			         "%s is not a parameter of %s (see fpdrift run --help)",
			         spelled(p[i].e, opt, sizeof opt), r->sc.wl->name);
			return 2;
		}
		if (!wp->parse(p[i].value, &r->sc.params))
			return bad_value(p[i].e, p[i].value, wp->want, err, errsize);
	}
	return 0;
}

/* One option: its value set in r, or a parameter put aside. 0, CLI_EXIT_DONE or 2. */
static int take(const entry *e, const char *v, cli_run *r, pending *pend, size_t *npend, char *err,
                size_t errsize)
{
	const cli_option *o = e->kind == ENTRY_OWN ? &own_options[e->index] : NULL;
	const knob_desc *k = e->kind == ENTRY_KNOB ? &knob_table[e->index] : NULL;
	char want[320];

	if (o && !o->set) {
		if (strcmp(o->name, "help") == 0)
			cli_usage(stdout);
		else
			printf("fpdrift %s\n", PACKAGE_VERSION);
		return CLI_EXIT_DONE;
	}
	if (o)
		return o->set(r, v) ? 0
		                    : bad_value(e, v, r->why[0] ? r->why : o->want, err, errsize);
	if (k) {
		if (knob_parse_list((knob_id)e->index, v, &r->sc.knobs[e->index]))
			return 0;
		snprintf(want, sizeof want, "a list of %s", k->arg_help);
		for (char *c = want; *c; c++)
			*c = *c == '\n' ? ' ' : *c;
		return bad_value(e, v, want, err, errsize);
	}
	if (*npend == ENTRIES_MAX) {
		snprintf(err, errsize, "too many options");
		return 2;
	}
	pend[(*npend)++] = (pending){e, v};
	return 0;
}

/* The checks that need every option. */
static int check_all(const cli_run *r, char *err, size_t errsize)
{
	if (r->gate.max_std >= 0 && r->sc.repeats < 2) {
		snprintf(err, errsize, "--max-std needs --repeats N (2 or more)");
		return 2;
	}
	if (r->gate.min_digits >= 0) {
		const knob_list *l = &r->sc.knobs[KNOB_ROUNDING];
		bool random = false;

		for (size_t i = 0; i < l->n; i++)
			random |= rnd_is_random(l->v[i].rounding);
		if (!random) {
			snprintf(
			    err, errsize,
			    "--min-digits needs a random rounding to sample (--rounding random, sr "
			    "or mca:T)");
			return 2;
		}
	}
	if (r->data && r->generate) {
		snprintf(err, errsize, "--data and --generate exclude each other");
		return 2;
	}
	if (r->has_against && r->sc.shards > 1) {
		snprintf(err, errsize,
		         "--against and --shard exclude each other: a shard need not "
		         "hold the runs A; give --against to the unsharded run");
		return 2;
	}
	/* every run's A is in the grid when each value named is in its knob's list */
	for (int id = 0; r->has_against && id < KNOB_COUNT; id++) {
		const knob_list *l = &r->sc.knobs[id];
		bool in = false;
		char v[64];

		for (size_t i = 0; r->against.set[id] && i < l->n; i++)
			in |= knob_same((knob_id)id, &l->v[i], &r->against.k);
		if (r->against.set[id] && !in) {
			snprintf(
			    err, errsize,
			    "--against %s: %s=%s is not among the values of --%s; add it there",
			    r->against_spec, knob_table[id].name,
			    knob_format((knob_id)id, &r->against.k, v, sizeof v),
			    knob_table[id].name);
			return 2;
		}
	}
	return 0;
}

int cli_parse(int argc, char **argv, cli_run *r, char *err, size_t errsize)
{
	option_set s;
	pending pend[ENTRIES_MAX];
	size_t npend = 0;
	int ch, rc = 0;

	memset(r, 0, sizeof *r);
	scenario_init(&r->sc);
	r->sc.wl = workloads[0]; /* the table's first row is the default: the k-means study */
	r->fmt = REPORT_TEXT;
	r->gate = (cli_gate){-1, -1, -1, -1};
	build(&s);
	/* 0, not 1: glibc's getopt then forgets everything of an earlier parse, including the
	 * place inside a group of short options (-k2...) it had reached, which points into the
	 * earlier argv (found by fuzz_cli) */
	optind = 0;
	opterr = 0;
	while (rc == 0 && (ch = getopt_long(argc, argv, s.shorts, s.longs, NULL)) != -1) {
		const entry *e = entry_of(&s, ch);

		if (ch == '?' || ch == ':' || !e) {
			const char *what = ch == ':' ? "needs a value" : "is not an option";

			if (optopt && optopt < VAL_BASE)
				snprintf(err, errsize, "-%c %s (try fpdrift run --help)", optopt,
				         what);
			else
				snprintf(err, errsize, "%s %s (try fpdrift run --help)",
				         argv[optind - 1], what);
			return 2;
		}
		rc = take(e, optarg, r, pend, &npend, err, errsize);
	}
	if (rc)
		return rc;
	if (optind < argc) {
		snprintf(err, errsize, "unexpected argument '%s'", argv[optind]);
		return 2;
	}
	rc = apply_params(r, pend, npend, err, errsize);
	return rc ? rc : check_all(r, err, errsize);
}
