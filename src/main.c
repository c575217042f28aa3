/* main.c - the command line.
 *
 * Until the batch runner and the explorer land, `fpdrift run` is the engine's demonstration:
 * it sums one ill-conditioned series in every order, in float, double and MPFR, and prints how
 * far each result is from the correctly rounded reference.
 *
 * Exit status: 0 success, 2 usage error, 1 other failure.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/blas.h"
#include "arith/knobs.h"
#include "arith/metric.h"
#include "arith/prng.h"
#include "arith/reduce.h"
#include "util/util.h"

#define EXIT_USAGE 2

static void usage(FILE *f)
{
	fprintf(f, "usage: fpdrift run [--n N] [--seed S] [--lanes L] [--threads T]\n"
	           "       fpdrift --help | --version\n"
	           "\n"
	           "Sums N terms of a cancelling series (seeded by S) in every order, in float,\n"
	           "double and MPFR-256, and shows each result's distance from the exact sum.\n");
}

static int parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi) {
		fprintf(stderr,
		        "fpdrift: %s wants a whole number from %" PRIu64 " to %" PRIu64
		        ", not '%s'\n",
		        opt, lo, hi, s);
		return 0;
	}
	*out = v;
	return 1;
}

/* Terms of mixed magnitude that mostly cancel: x and -x pairs, perturbed by small terms. */
static void make_series(double *x, size_t n, uint64_t seed)
{
	prng p;

	prng_seed(&p, seed);
	for (size_t i = 0; i < n; i++) {
		double mag = ldexp(1.0, (int)prng_below(&p, 40) - 20);

		x[i] = (i % 2 ? -1.0 : 1.0) * mag * (1.0 + prng_uniform(&p) * 1e-3);
	}
}

static int run_demo(size_t n, uint64_t seed, unsigned lanes, unsigned threads)
{
	double *xd = xmalloc(n * sizeof *xd);
	float *xf = xmalloc(n * sizeof *xf);
	__mpfr_struct *xm = xmalloc(n * sizeof *xm);
	mpfr_srcptr *pm = xmalloc(n * sizeof *pm);
	mpfr_t ref, rm;
	int rc = 0;
	fp_knobs check = knobs_default();
	fp_status kst;

	/* refuse bad knobs before anything is printed */
	check.lanes = lanes;
	check.threads = threads;
	kst = knobs_check(&check);
	if (kst != FP_OK) {
		fprintf(stderr, "fpdrift: %s\n", status_str(kst));
		free(xd);
		free(xf);
		free(xm);
		free(pm);
		return EXIT_USAGE;
	}
	make_series(xd, n, seed);
	for (size_t i = 0; i < n; i++) {
		xf[i] = (float)xd[i];
		mpfr_init2(&xm[i], 53);
		mpfr_set_d(&xm[i], xd[i], MPFR_RNDN);
		pm[i] = &xm[i];
	}
	mpfr_init2(ref, FP_BITS_DEFAULT);
	mpfr_init2(rm, FP_BITS_DEFAULT);
	mpfr_sum(ref, (mpfr_ptr *)pm, n, MPFR_RNDN);
	mpfr_printf("sum of %zu terms (seed %" PRIu64 "), lanes=%u threads=%u\n"
	            "exact sum of the doubles: %.30Rg\n\n",
	            n, seed, lanes, threads, ref);
	printf("%-12s %-24s %10s %-24s %10s %8s\n", "order", "float", "ulps", "double", "ulps",
	       "mpfr bits");
	for (int o = 0; o < FP_ORDER_COUNT; o++) {
		fp_knobs k = knobs_default();
		reduce_ctx *c;
		fp_status st;
		float sf;
		double sd, rf_d;
		uint64_t uf = 0, ud = 0;
		mpfr_t rd;

		k.order = (fp_order)o;
		k.lanes = lanes;
		k.threads = threads;
		c = reduce_new(&k, FP_BITS_DEFAULT, FP_EMU_NONE, &st);
		if (!c) {
			fprintf(stderr, "fpdrift: %s\n", status_str(st));
			rc = EXIT_USAGE;
			break;
		}
		reduce_sum_f(c, xf, n, &sf);
		reduce_sum_d(c, xd, n, &sd);
		reduce_sum_m(c, pm, n, rm);
		/* each is compared with the exact sum of its own inputs */
		{
			mpfr_t rfm;
			__mpfr_struct *tf = xmalloc(n * sizeof *tf);
			mpfr_srcptr *pf = xmalloc(n * sizeof *pf);

			for (size_t i = 0; i < n; i++) {
				mpfr_init2(&tf[i], 24);
				mpfr_set_flt(&tf[i], xf[i], MPFR_RNDN);
				pf[i] = &tf[i];
			}
			mpfr_init2(rfm, 24);
			mpfr_sum(rfm, (mpfr_ptr *)pf, n, MPFR_RNDN);
			rf_d = mpfr_get_d(rfm, MPFR_RNDN);
			for (size_t i = 0; i < n; i++)
				mpfr_clear(&tf[i]);
			free(tf);
			free(pf);
			mpfr_clear(rfm);
		}
		mpfr_init2(rd, 53);
		mpfr_set(rd, ref, MPFR_RNDN);
		metric_ulps_f(sf, (float)rf_d, &uf);
		metric_ulps_d(sd, mpfr_get_d(rd, MPFR_RNDN), &ud);
		printf("%-12s %-24.9g %10" PRIu64 " %-24.17g %10" PRIu64 " %8.1f\n",
		       knobs_order_name((fp_order)o), (double)sf, uf, sd, ud,
		       metric_correct_bits(metric_rel_err(rm, ref), FP_BITS_DEFAULT));
		mpfr_clear(rd);
		reduce_free(c);
	}
	for (size_t i = 0; i < n; i++)
		mpfr_clear(&xm[i]);
	mpfr_clear(ref);
	mpfr_clear(rm);
	free(xd);
	free(xf);
	free(xm);
	free(pm);
	mpfr_free_cache();
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	    {"n", required_argument, NULL, 'n'},
	    {"seed", required_argument, NULL, 's'},
	    {"lanes", required_argument, NULL, 'l'},
	    {"threads", required_argument, NULL, 't'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	uint64_t n = 100000, seed = 1, lanes = 1, threads = 1;
	int ch;

	if (argc >= 2 && strcmp(argv[1], "run") == 0) {
		argc--;
		argv++;
	} else if (argc >= 2 && argv[1][0] != '-') {
		fprintf(stderr, "fpdrift: unknown command '%s' (try fpdrift --help)\n", argv[1]);
		return EXIT_USAGE;
	}
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'n':
			if (!parse_u64("--n", optarg, 1, 100000000, &n))
				return EXIT_USAGE;
			break;
		case 's':
			if (!parse_u64("--seed", optarg, 0, UINT64_MAX, &seed))
				return EXIT_USAGE;
			break;
		case 'l':
			if (!parse_u64("--lanes", optarg, 1, FP_LANES_MAX, &lanes))
				return EXIT_USAGE;
			break;
		case 't':
			if (!parse_u64("--threads", optarg, 1, FP_THREADS_MAX, &threads))
				return EXIT_USAGE;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("fpdrift %s\nMPFR %s, GMP %s\n%s (core %s)\n", PACKAGE_VERSION,
			       mpfr_get_version(), gmp_version, blas_config(), blas_corename());
			return 0;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "fpdrift: unexpected argument '%s'\n", argv[optind]);
		return EXIT_USAGE;
	}
	return run_demo((size_t)n, seed, (unsigned)lanes, (unsigned)threads);
}
