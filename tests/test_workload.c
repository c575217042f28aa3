/* test_workload.c - the workloads of the studies against independent computations. */
#include "config.h"

#include <criterion/criterion.h>
#include <gmp.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/metric.h"
#include "util/util.h"
#include "arith/reduce.h"
#include "arith/precision.h"
#include "arith/prng.h"
#include "arith/mvec.h"
#include "dataset/dataset.h"
#include "explore/runner.h"
#include "helpers.h"
#include "workload/certify.h"
#include "workload/kmeans_sklearn.h"
#include "workload/workload.h"

static dataset load(const char *name)
{
	dataset d;
	char err[256], path[512];

	snprintf(path, sizeof path, "%s/data/%s", FPDRIFT_SRCDIR, name);
	cr_assert_eq(csv_load(path, NULL, false, &d, err, sizeof err), 0, "%s", err);
	return d;
}

static dataset generate(const char *spec)
{
	dataset d;
	char err[256];

	cr_assert_eq(gen_make(spec, &d, err, sizeof err), 0, "%s", err);
	return d;
}

static wl_ctx ctx(fp_precision p, mpfr_prec_t bits, fp_order o, unsigned threads, unsigned lanes,
                  fp_combine cb, bool fma)
{
	wl_ctx w;

	memset(&w, 0, sizeof w);
	w.prec = p;
	w.bits = bits;
	w.knobs = knobs_default();
	w.knobs.order = o;
	w.knobs.threads = threads;
	w.knobs.lanes = lanes;
	w.knobs.combine = cb;
	w.knobs.fma = fma;
	w.round_out.kind = MITIG_NONE;
	w.round_inside.kind = MITIG_NONE;
	return w;
}

static void run(const char *name, const wl_ctx *w, const wl_params *p, const dataset *d,
                wl_result *r)
{
	const workload *wl = workload_find(name);
	char err[256];

	cr_assert_not_null(wl);
	cr_assert_eq(wl->check(p, d, err, sizeof err), 0, "%s", err);
	cr_assert_eq(workload_run(wl, w, p, d, r), FP_OK);
}

static bool same_bits(const wl_result *a, const wl_result *b);

/* The same outputs bit for bit, iterations and labels too. */
static bool same_run(const wl_result *a, const wl_result *b)
{
	return same_bits(a, b) && a->iterations == b->iterations && a->nlabels == b->nlabels &&
	       (!a->nlabels || memcmp(a->labels, b->labels, a->nlabels * sizeof *a->labels) == 0);
}

static bool same_bits(const wl_result *a, const wl_result *b)
{
	if (a->nout != b->nout)
		return false;
	for (size_t i = 0; i < a->nout; i++)
		if (!mpfr_equal_p(a->out[i].value, b->out[i].value) &&
		    !(mpfr_nan_p(a->out[i].value) && mpfr_nan_p(b->out[i].value)))
			return false;
	return true;
}

/* ---- sum and dot ---------------------------------------------------------------------------- */

/* An MPFR run with order=exact sums the double inputs in the exact accumulator and rounds once
 * (no MPFR copies of the data); it must give mpfr_sum's bits on MPFR copies, which the engine's
 * _m kernel computes: hostile data of every kind, one and two columns, 53 to 300 bits. */
/* GMP and MPFR allocate through the project's allocator (util_gmp_use_xmalloc): a number of
 * 2^43 bits (a terabyte) is a clean exit 1 with fatal's message, not GMP's abort. Not under
 * AddressSanitizer, which reports such a request instead of returning NULL. */
#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif
#ifndef ASAN_BUILD
Test(workload, gmp_out_of_memory_exits_1, .exit_code = 1)
{
	mpfr_t x;

	util_gmp_use_xmalloc();
	mpfr_init2(x, (mpfr_prec_t)1 << 43);
	mpfr_clear(x); /* not reached */
}
#endif

/* The MPFR sum and dot read the doubles without MPFR copies (the reference's exact order
 * through the exact accumulator, the default knobs through reduce_sum_dm's sequential loop):
 * the same bits, sign of zero included, as the kernels over exact copies, at every bits and
 * both fma settings. */
Test(workload, mpfr_sum_and_dot_without_copies_are_the_kernels_on_copies)
{
	static const double inf = (double)INFINITY;
	const double cases[][4] = {
	    {1e300, 1e300, -1e300, 0x1p-1074}, /* dot overflows double, exact in both */
	    {-0.0, -0.0, -0.0, -0.0},          /* -0 only when every term is -0 */
	    {0.0, -0.0, -0.0, 0.0},
	    {inf, 1.0, 2.0, 3.0},
	    {inf, -inf, 1.0, 1.0},
	    {(double)NAN, 1.0, 2.0, 3.0},
	    {0x1p-1074, 0x1p-1074, -0x1p-1022, 0x1p1023},
	    {1.0, 0x1p-60, -1.0, 0x1p-120},
	};
	const mpfr_prec_t bits[] = {24, 53, 64, 256, 300};
	prng g;

	prng_seed(&g, test_seed());
	for (unsigned how = 0; how < 3; how++) /* exact; seq; seq with fma */
		for (size_t c = 0; c < sizeof cases / sizeof cases[0] + 4; c++)
			for (size_t cols = 1; cols <= 2; cols++)
				for (size_t b = 0; b < sizeof bits / sizeof bits[0]; b++) {
					dataset d = {0};
					size_t n = c < sizeof cases / sizeof cases[0] ? 4 : 1000;
					wl_ctx w = ctx(FP_MPFR, bits[b],
					               how ? FP_ORDER_SEQ : FP_ORDER_EXACT, 1, 1,
					               FP_COMBINE_ORDERED, how == 2);
					wl_result r;
					wl_params p = wl_params_default();
					mpfr_ptr *xm = mvec_new(n, 53), *ym = mvec_new(n, 53);
					reduce_ctx *rc;
					mpfr_t want;
					fp_status st;

					d.name = xstrdup("hostile");
					d.rows = n;
					d.cols = cols;
					d.x = xmalloc(n * cols * sizeof *d.x);
					for (size_t i = 0; i < n * cols; i++)
						d.x[i] =
						    n == 4 ? cases[c][(i + i / 4) % 4]
						           : ldexp(prng_uniform(&g) - 0.5,
						                   (int)prng_below(&g, 1200) - 600);
					for (size_t i = 0; i < n; i++) {
						mpfr_set_d(xm[i], d.x[i * cols], MPFR_RNDN);
						mpfr_set_d(ym[i], d.x[i * cols + cols - 1],
						           MPFR_RNDN);
					}
					rc = reduce_new(&w.knobs, bits[b], FP_EMU_NONE, &st);
					cr_assert_not_null(rc);
					mpfr_init2(want, bits[b]);
					if (cols == 1)
						reduce_sum_m(rc, (mpfr_srcptr const *)xm, n, want);
					else
						reduce_dot_m(rc, (mpfr_srcptr const *)xm,
						             (mpfr_srcptr const *)ym, n, want);
					run(cols == 1 ? "sum" : "dot", &w, &p, &d, &r);
					cr_assert(wl_value_same(r.out[0].value, want) &&
					              mpfr_signbit(r.out[0].value) ==
					                  mpfr_signbit(want),
					          "case %zu, %zu columns, %ld bits, how %u", c,
					          cols, (long)bits[b], how);
					mpfr_clear(want);
					reduce_free(rc);
					mvec_free(xm);
					mvec_free(ym);
					wl_result_clear(&r);
					dataset_clear(&d);
				}
}

/* ---- k-means ------------------------------------------------------------------------------ */

Test(workload, kmeans_reference_centers_are_the_exact_means, .timeout = 60)
{
	dataset d = load("blobs_1000x2.csv");
	wl_params p = wl_params_default();
	wl_ctx w = ctx(FP_MPFR, 256, FP_ORDER_EXACT, 1, 1, FP_COMBINE_ORDERED, false);
	wl_result r;

	run("kmeans", &w, &p, &d, &r);
	cr_assert_lt(r.iterations, p.kmeans.max_iter, "converged");
	cr_assert_eq(r.nlabels, d.rows);
	/* the exact mean of each cluster's members, with GMP rationals, rounded once */
	for (size_t j = 0; j < p.kmeans.k; j++)
		for (size_t m = 0; m < d.cols; m++) {
			mpq_t sum, v;
			mpfr_t mean;
			size_t count = 0;
			char name[64];
			const wl_output *o;

			mpq_inits(sum, v, NULL);
			for (size_t i = 0; i < d.rows; i++)
				if (r.labels[i] == (int)j) {
					mpq_set_d(v, d.x[i * d.cols + m]); /* exact */
					mpq_add(sum, sum, v);
					count++;
				}
			cr_assert_gt(count, 0);
			mpq_set_ui(v, (unsigned long)count, 1);
			mpq_div(sum, sum, v);
			mpfr_init2(mean, 53);
			mpfr_set_q(mean, sum, MPFR_RNDN);
			snprintf(name, sizeof name, "center[%zu][%zu]", j, m);
			o = wl_result_find(&r, name);
			cr_assert_not_null(o);
			ASSERT_BITS_D(mpfr_get_d(o->value, MPFR_RNDN), mpfr_get_d(mean, MPFR_RNDN));
			mpfr_clear(mean);
			mpq_clears(sum, v, NULL);
		}
	wl_result_clear(&r);
	dataset_clear(&d);
}

Test(workload, kmeans_ordered_combine_repeats_bit_for_bit, .timeout = 120)
{
	const fp_order orders[] = {FP_ORDER_SEQ, FP_ORDER_PAIRWISE, FP_ORDER_KAHAN, FP_ORDER_EXACT};
	dataset d = load("blobs_1000x2.csv");
	wl_params p = wl_params_default();

	for (size_t o = 0; o < 4; o++)
		for (unsigned t = 1; t <= 4; t *= 4)
			for (unsigned l = 1; l <= 8; l *= 8)
				for (int f = 0; f < 2; f++)
					for (int prec = FP_FLOAT; prec <= FP_DOUBLE; prec++) {
						wl_ctx w = ctx((fp_precision)prec, 256, orders[o],
						               t, l, FP_COMBINE_ORDERED, f);
						wl_result first, again;

						run("kmeans", &w, &p, &d, &first);
						for (int rep = 1; rep < 20; rep++) {
							run("kmeans", &w, &p, &d, &again);
							cr_assert(same_bits(&first, &again),
							          "order %d threads %u lanes %u "
							          "fma %d run %d differs",
							          (int)orders[o], t, l, f, rep);
							wl_result_clear(&again);
						}
						wl_result_clear(&first);
					}
	dataset_clear(&d);
}

/* The float and double k-means compute what MPFR computes at 24 and 53 bits with float's and
 * double's exponent range and subnormals (the emulation of reduce.h): bit for bit, labels and
 * iterations too, under the default knobs (whose assignment and update take inlined loops,
 * seq1.h and km_update_plain) and others, fma off and on, rounding inside or not. */
Test(workload, kmeans_float_and_double_are_mpfr_emulating_them, .timeout = 120)
{
	dataset d = generate("blobs:n=3000,d=5,k=4,std=2,seed=11");
	wl_params p = wl_params_default();
	const struct {
		fp_order order;
		unsigned lanes, threads;
	} knobs[] = {{FP_ORDER_SEQ, 1, 1},
	             {FP_ORDER_SEQ, 4, 1},
	             {FP_ORDER_PAIRWISE, 1, 3},
	             {FP_ORDER_KAHAN, 2, 2}};

	p.kmeans.k = 4;
	p.kmeans.max_iter = 30;
	for (size_t kn = 0; kn < sizeof knobs / sizeof knobs[0]; kn++)
		for (int fma = 0; fma < 2; fma++)
			for (int inside = 0; inside < 2; inside++)
				for (int prec = FP_FLOAT; prec <= FP_DOUBLE; prec++) {
					wl_ctx w = ctx((fp_precision)prec, 256, knobs[kn].order,
					               knobs[kn].threads, knobs[kn].lanes,
					               FP_COMBINE_ORDERED, fma);
					wl_result native, emulated;

					if (inside) {
						w.round_inside.kind = MITIG_ROUND;
						w.round_inside.n = 6;
					}
					run("kmeans", &w, &p, &d, &native);
					w.prec = FP_MPFR;
					w.bits = prec == FP_FLOAT ? 24 : 53;
					w.emu =
					    prec == FP_FLOAT ? FP_EMU_BINARY32 : FP_EMU_BINARY64;
					run("kmeans", &w, &p, &d, &emulated);
					cr_assert(same_bits(&native, &emulated) &&
					              native.iterations == emulated.iterations &&
					              memcmp(native.labels, emulated.labels,
					                     d.rows * sizeof *native.labels) == 0,
					          "knobs %zu fma %d inside %d prec %d", kn, fma,
					          inside, prec);
					wl_result_clear(&native);
					wl_result_clear(&emulated);
				}
	dataset_clear(&d);
}

/* The assignment runs on --threads workers (a team kept for the run); how the points are split
 * over them changes no bit, also under a racy combine, whose short distances draw their
 * orders from a stream keyed by the point. 6000 points are enough for a parallel assignment;
 * 5 dimensions give the distances 3 nonempty parts of 4 threads, so their order is drawn. */
Test(workload, kmeans_assignment_split_changes_no_bit, .timeout = 120)
{
	dataset d = generate("blobs:n=6000,d=5,k=4,seed=3");
	wl_params p = wl_params_default();
	size_t drawn_differs = 0;

	for (int prec = FP_FLOAT; prec <= FP_DOUBLE; prec++)
		for (int cb = 0; cb < 2; cb++)
			for (int dist = 0; dist < 2; dist++) {
				wl_ctx w = ctx((fp_precision)prec, 256, FP_ORDER_SEQ, 4, 1,
				               cb ? FP_COMBINE_RACY : FP_COMBINE_ORDERED, false);
				wl_result one, r;

				p.kmeans.distance = dist ? KM_DIST_EXPANDED : KM_DIST_DIRECT;
				w.workers = 1;
				run("kmeans", &w, &p, &d, &one);
				for (unsigned q = 2; q <= 5; q++) {
					w.workers = q;
					run("kmeans", &w, &p, &d, &r);
					cr_assert(
					    same_bits(&one, &r),
					    "prec %d combine %d distance %d: %u workers differ "
					    "from 1",
					    prec, cb, dist, q);
					wl_result_clear(&r);
				}
				if (cb) { /* another seed draws other orders: the race is not idle
					   */
					w.seed = 1;
					run("kmeans", &w, &p, &d, &r);
					drawn_differs += !same_bits(&one, &r);
					wl_result_clear(&r);
				}
				wl_result_clear(&one);
			}
	cr_assert_gt(drawn_differs, 0, "every racy run gave seed 0's bits");
	dataset_clear(&d);
}

Test(workload, kmeans_exact_order_ignores_threads_lanes_combine, .timeout = 60)
{
	dataset d = load("blobs_1000x2.csv");
	wl_params p = wl_params_default();
	wl_ctx w0 = ctx(FP_DOUBLE, 256, FP_ORDER_EXACT, 1, 1, FP_COMBINE_ORDERED, false);
	wl_result base;
	const unsigned threads[] = {1, 2, 3, 4, 8, 64};

	run("kmeans", &w0, &p, &d, &base);
	for (size_t t = 0; t < 6; t++)
		for (unsigned l = 1; l <= 16; l *= 2)
			for (int cb = 0; cb < FP_COMBINE_COUNT; cb++) {
				wl_ctx w = ctx(FP_DOUBLE, 256, FP_ORDER_EXACT, threads[t], l,
				               (fp_combine)cb, false);
				wl_result r;

				run("kmeans", &w, &p, &d, &r);
				cr_assert(same_bits(&base, &r), "threads %u lanes %u combine %d",
				          threads[t], l, cb);
				wl_result_clear(&r);
			}
	wl_result_clear(&base);
	dataset_clear(&d);
}

Test(workload, kmeans_threads_change_the_centers_of_a_big_set, .timeout = 120)
{
	dataset d = generate("blobs:n=100000,d=8,k=4,seed=1");
	wl_params p = wl_params_default();
	wl_ctx w1 = ctx(FP_DOUBLE, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	wl_ctx w2 = ctx(FP_DOUBLE, 256, FP_ORDER_SEQ, 2, 1, FP_COMBINE_ORDERED, false);
	wl_result a, b;
	uint64_t worst = 0;
	size_t differ = 0;

	run("kmeans", &w1, &p, &d, &a);
	run("kmeans", &w2, &p, &d, &b);
	cr_assert_eq(a.nout, b.nout);
	for (size_t i = 0; i < a.nout; i++) {
		uint64_t u;

		if (strncmp(a.out[i].name, "center", 6) != 0)
			continue;
		cr_assert_eq(metric_ulps_d(mpfr_get_d(a.out[i].value, MPFR_RNDN),
		                           mpfr_get_d(b.out[i].value, MPFR_RNDN), &u),
		             FP_OK);
		differ += u > 0;
		worst = u > worst ? u : worst;
	}
	cr_log_info("threads 1 vs 2: %zu of %zu center coordinates differ, by up to %llu ulps",
	            differ, p.kmeans.k * d.cols, (unsigned long long)worst);
	cr_assert_gt(differ, 0, "the split into two partial sums changed no center");
	wl_result_clear(&a);
	wl_result_clear(&b);
	dataset_clear(&d);
}

/* The double filter gives the MPFR distances' own labels at any MPFR precision (its bound
 * adds the MPFR rounding's), under any order and fma: the same bits as without it. */
Test(workload, kmeans_filter_changes_nothing, .timeout = 120)
{
	dataset d = generate("blobs:n=20000,d=3,k=6,std=4,seed=2");
	wl_params p = wl_params_default();
	const struct {
		mpfr_prec_t bits;
		fp_order order;
		bool fma;
	} cases[] = {{53, FP_ORDER_SEQ, false},     {64, FP_ORDER_SEQ, false},
	             {64, FP_ORDER_PAIRWISE, true}, {128, FP_ORDER_SEQ, false},
	             {256, FP_ORDER_KAHAN, false},  {256, FP_ORDER_EXACT, false}};

	p.kmeans.k = 6;
	p.kmeans.max_iter = 8;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		wl_ctx w = ctx(FP_MPFR, cases[c].bits, cases[c].order, 1, 1, FP_COMBINE_ORDERED,
		               cases[c].fma);
		wl_result filtered, full;

		run("kmeans", &w, &p, &d, &filtered);
		w.no_filter = true;
		run("kmeans", &w, &p, &d, &full);
		cr_assert(same_bits(&filtered, &full), "case %zu", c);
		cr_assert_eq(memcmp(filtered.labels, full.labels, d.rows * sizeof *full.labels), 0,
		             "case %zu", c);
		wl_result_clear(&filtered);
		wl_result_clear(&full);
	}
	dataset_clear(&d);
}

/* ---- the MLP ------------------------------------------------------------------------------ */

static double final_loss(const wl_result *r)
{
	const wl_output *o = wl_result_find(r, "final_loss");

	cr_assert_not_null(o);
	return mpfr_get_d(o->value, MPFR_RNDN);
}

Test(workload, mlp_double_within_the_derived_bound, .timeout = 60)
{
	dataset d = generate("seq:n=10");
	wl_params p = wl_params_default();
	wl_result rf, rd, ref;
	wl_ctx wf = ctx(FP_FLOAT, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	wl_ctx wd = ctx(FP_DOUBLE, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	wl_ctx wr = ctx(FP_MPFR, 256, FP_ORDER_EXACT, 1, 1, FP_COMBINE_ORDERED, false);
	double lref, kappa = 0, bound;
	const mpfr_prec_t bits[] = {64, 80, 96};

	run("mlp", &wf, &p, &d, &rf);
	run("mlp", &wd, &p, &d, &rd);
	run("mlp", &wr, &p, &d, &ref);
	lref = final_loss(&ref);
	cr_assert(!bits_eq_d(final_loss(&rf), final_loss(&rd)), "float and double agree");
	/* The bound: the same training at p = 64, 80, 96 bits has an error that scales as 2^-p
	 * times a condition factor; the largest observed factor, times four, bounds the double
	 * run's error at 2^-53. */
	for (size_t i = 0; i < 3; i++) {
		wl_ctx wp = ctx(FP_MPFR, bits[i], FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
		wl_result rp;
		double k;

		run("mlp", &wp, &p, &d, &rp);
		{
			mpfr_t diff;

			mpfr_init2(diff, 512);
			mpfr_sub(diff, wl_result_find(&rp, "final_loss")->value,
			         wl_result_find(&ref, "final_loss")->value, MPFR_RNDN);
			k = fabs(mpfr_get_d(diff, MPFR_RNDN)) * ldexp(1.0, (int)bits[i]);
			mpfr_clear(diff);
		}
		kappa = k > kappa ? k : kappa;
		wl_result_clear(&rp);
	}
	bound = 4.0 * kappa * 0x1p-53;
	cr_log_info("mlp final loss: reference %.17g, double %.17g (error %.3g), bound %.3g, "
	            "float %.9g",
	            lref, final_loss(&rd), fabs(final_loss(&rd) - lref), bound, final_loss(&rf));
	cr_assert_gt(kappa, 0.0);
	cr_assert_leq(fabs(final_loss(&rd) - lref), bound);
	cr_assert_lt(bound, 1e-10 * lref, "the bound says something");
	wl_result_clear(&rf);
	wl_result_clear(&rd);
	wl_result_clear(&ref);
	dataset_clear(&d);
}

Test(workload, mlp_repeats_give_mean_and_sd, .timeout = 120)
{
	dataset d = generate("seq:n=10");
	scenario sc;
	report rep;
	char err[256];

	scenario_init(&sc);
	sc.wl = workload_find("mlp");
	sc.data = &d;
	sc.repeats = 30;
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	cr_assert_eq(rep.nstats, 3);
	for (size_t i = 0; i < rep.nstats; i++) {
		cr_assert_eq(rep.stats[i].n, 30);
		cr_assert_gt(rep.stats[i].sd, 0.0, "different seeds, different losses");
		cr_assert(rep.stats[i].min <= rep.stats[i].mean &&
		          rep.stats[i].mean <= rep.stats[i].max);
	}
	report_clear(&rep);
	dataset_clear(&d);
}

/* The MLP study's training, written out here in plain double with the operations in the
 * workload's order (order=seq, fma off): forward, backpropagation, and Adam as Keras applies it
 * (tf.keras.optimizers.Adam: epsilon is the paper's "epsilon hat", added to sqrt(v), with the
 * bias correction folded into the step, lr_t = lr sqrt(1 - b2^t) / (1 - b1^t), as
 * tf.raw_ops.ApplyAdam documents it; lr times the ratio, as the workload rounds it); with
 * eps_on_vhat, the paper's Algorithm 1 instead (epsilon added to sqrt(v_hat)). loss gets the
 * loss of each epoch before its update. */
static void mlp_by_hand(const dataset *d, uint64_t seed, unsigned epochs, bool eps_on_vhat,
                        double *loss)
{
	const size_t n = d->rows, H = 10;
	const double lr = 0.001, b1 = 0.9, b2 = 0.999, eps = 1e-7, nv = (double)n;
	double par[31], m[31] = {0}, v[31] = {0}, g[31], b1t = 1.0, b2t = 1.0;
	double h[16][10], err[16], dy[16];

	cr_assert_leq(n, 16);
	mlp_initial(seed, par);
	for (unsigned e = 0; e < epochs; e++) {
		double l = 0.0;

		for (size_t j = 0; j < n; j++) {
			double y = 0.0;

			for (size_t i = 0; i < H; i++) {
				h[j][i] = par[i] * d->x[2 * j] + par[H + i];
				y += par[2 * H + i] * h[j][i];
			}
			y += par[3 * H];
			err[j] = y - d->x[2 * j + 1];
			l += err[j] * err[j];
		}
		loss[e] = l / nv;
		g[3 * H] = 0.0;
		for (size_t j = 0; j < n; j++) {
			dy[j] = 2.0 * err[j] / nv;
			g[3 * H] += dy[j];
		}
		for (size_t i = 0; i < H; i++) {
			g[2 * H + i] = g[i] = g[H + i] = 0.0;
			for (size_t j = 0; j < n; j++) {
				double dh = dy[j] * par[2 * H + i];

				g[2 * H + i] += dy[j] * h[j][i];
				g[i] += dh * d->x[2 * j];
				g[H + i] += dh;
			}
		}
		b1t *= b1;
		b2t *= b2;
		for (size_t q = 0; q < 31; q++) {
			m[q] = b1 * m[q] + (1.0 - b1) * g[q];
			v[q] = b2 * v[q] + (1.0 - b2) * (g[q] * g[q]);
			if (eps_on_vhat)
				par[q] -=
				    lr * (m[q] / (1.0 - b1t)) / (sqrt(v[q] / (1.0 - b2t)) + eps);
			else
				par[q] -= lr * (sqrt(1.0 - b2t) / (1.0 - b1t)) *
				          (m[q] / (sqrt(v[q]) + eps));
		}
	}
}

/* The MLP's data is the study's (9 pairs x = i / 10.0, y = (i + 1) / 10.0) and its Adam step is
 * Keras's: the double run's loss in every epoch has the bits of the training written out by
 * hand above; the paper's Algorithm 1 (epsilon on sqrt(v_hat)) gives other bits, so the
 * comparison can tell the two apart. */
Test(workload, mlp_is_the_study_with_keras_adam, .timeout = 60)
{
	dataset d = generate("seq:n=10");
	wl_params p = wl_params_default();
	wl_ctx w = ctx(FP_DOUBLE, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	double keras[100], paper[100];
	size_t differ = 0;
	wl_result r;

	cr_assert_eq(d.rows, 9);
	cr_assert_eq(d.cols, 2);
	for (size_t i = 0; i < 9; i++) {
		ASSERT_BITS_D(d.x[2 * i], (double)i / 10.0);
		ASSERT_BITS_D(d.x[2 * i + 1], (double)(i + 1) / 10.0);
	}
	cr_assert_eq(p.mlp.epochs, 100);
	w.seed = 3;
	run("mlp", &w, &p, &d, &r);
	mlp_by_hand(&d, 3, 100, false, keras);
	mlp_by_hand(&d, 3, 100, true, paper);
	for (unsigned e = 0; e < 100; e++) {
		char name[32];
		const wl_output *o;

		snprintf(name, sizeof name, "loss[%u]", e);
		o = wl_result_find(&r, name);
		cr_assert_not_null(o, "%s", name);
		ASSERT_BITS_D(mpfr_get_d(o->value, MPFR_RNDN), keras[e]);
		differ += memcmp(&keras[e], &paper[e], sizeof keras[e]) != 0;
	}
	cr_assert_gt(differ, 0, "Keras's Adam and Algorithm 1 gave the same bits in 100 epochs");
	wl_result_clear(&r);
	dataset_clear(&d);
}

/* ---- softmax ------------------------------------------------------------------------------ */

Test(workload, softmax_overflows_without_max_subtraction, .timeout = 60)
{
	dataset d = load("digits.csv");
	wl_params p = wl_params_default();
	wl_ctx w = ctx(FP_FLOAT, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	wl_result off, on;

	p.softmax.epochs = 1;
	p.softmax.scale = 100;
	p.softmax.stable = false;
	run("softmax", &w, &p, &d, &off);
	cr_assert(off.nonfinite, "no overflow");
	cr_assert(strstr(off.note, "exp overflowed"), "note: %s", off.note);
	p.softmax.stable = true;
	run("softmax", &w, &p, &d, &on);
	cr_assert(!on.nonfinite, "stable softmax overflowed: %s", on.note);
	cr_assert_str_empty(on.note);
	wl_result_clear(&off);
	wl_result_clear(&on);
	dataset_clear(&d);
}

Test(workload, softmax_sampling_and_accuracy, .timeout = 60)
{
	dataset d = load("digits.csv");
	wl_params p = wl_params_default();
	wl_ctx w = ctx(FP_DOUBLE, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	wl_result a, b;
	const wl_output *acc;

	p.softmax.epochs = 2;
	run("softmax", &w, &p, &d, &a);
	p.softmax.sampling = SM_EPOCH_SHUFFLE;
	run("softmax", &w, &p, &d, &b);
	acc = wl_result_find(&a, "test_acc");
	cr_assert_not_null(acc);
	cr_assert_gt(mpfr_get_d(acc->value, MPFR_RNDN), 0.8, "a linear model learns digits");
	cr_assert(!same_bits(&a, &b), "the two samplings trained alike");
	cr_assert_eq(a.nlabels, d.rows - (size_t)((double)d.rows * 0.8));
	wl_result_clear(&a);
	wl_result_clear(&b);
	dataset_clear(&d);
}

/* The MLP's certified reference (interval enclosures, Ziv's strategy) against an independent
 * computation: the same training in plain MPFR at 8192 bits, whose error is far below what
 * could change a rounding to double or float, rounded by mpfr_get_d and mpfr_get_flt. Two
 * seeds, two data sets, fma on and off in the runs (the exact result is the same). */
Test(workload, mlp_certified_reference_against_mpfr_8192, .timeout = 120)
{
	const workload *wl = workload_find("mlp");
	const char *specs[] = {"seq:n=10", "uniform:n=16,lo=-2,hi=3,seed=3"};

	for (int t = 0; t < 2; t++) {
		dataset d = generate(specs[t]);
		wl_params p = wl_params_default();
		wl_result hi, cd, cf;
		wl_ctx wh = ctx(FP_MPFR, 8192, FP_ORDER_EXACT, 1, 1, FP_COMBINE_ORDERED, false);
		wl_ctx wd = ctx(FP_DOUBLE, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, t == 1);
		wl_ctx wf = ctx(FP_FLOAT, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);

		p.mlp.epochs = 40;
		wh.seed = wd.seed = wf.seed = (uint64_t)t + 5;
		run("mlp", &wh, &p, &d, &hi);
		cr_assert(wl->certify(&wd, &p, &d, &hi, &cd), "%s", cd.note);
		cr_assert(wl->certify(&wf, &p, &d, &hi, &cf), "%s", cf.note);
		cr_assert_eq(cd.nout, hi.nout);
		for (size_t i = 0; i < hi.nout; i++) {
			cr_assert_str_eq(cd.out[i].name, hi.out[i].name);
			ASSERT_BITS_D(mpfr_get_d(cd.out[i].value, MPFR_RNDN),
			              mpfr_get_d(hi.out[i].value, MPFR_RNDN));
			ASSERT_BITS_F(mpfr_get_flt(cf.out[i].value, MPFR_RNDN),
			              mpfr_get_flt(hi.out[i].value, MPFR_RNDN));
		}
		wl_result_clear(&hi);
		wl_result_clear(&cd);
		wl_result_clear(&cf);
		dataset_clear(&d);
	}
}

/* Enclosures for certify_ziv's test: [1, 1 + 2^-30] never narrows (never decided); the
 * exact point 0.75 is decided at once. */
static int fake_kind;
static unsigned fake_calls;
static const wl_output_desc fake_out[] = {{"v", WL_SCALAR, WL_ROLE_PLAIN},
                                          {NULL, WL_SCALAR, WL_ROLE_PLAIN}};

static fp_status fake_run(const wl_ctx *w, const wl_params *p, const dataset *d, wl_result *r)
{
	mpfi_t v;

	(void)p;
	(void)d;
	fake_calls++;
	memset(r, 0, sizeof *r);
	mpfi_init2(v, w->bits);
	if (fake_kind == 0)
		mpfi_interv_d(v, 1.0, 1.0 + 0x1p-30);
	else
		mpfi_set_d(v, 0.75);
	wl_result_add_i(r, fake_out, 0, 0, v);
	mpfi_clear(v);
	return FP_OK;
}

Test(workload, ziv_decides_or_says_why)
{
	wl_ctx w = ctx(FP_DOUBLE, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	wl_params p = wl_params_default();
	dataset d;
	wl_result r;

	memset(&d, 0, sizeof d);
	fake_kind = 0;
	fake_calls = 0;
	cr_assert(!certify_ziv(&w, &p, &d, fake_run, 1.0, &r));
	cr_assert_eq(r.nout, 0);
	cr_assert(strstr(r.note, "uncertified: the enclosure of v at 10880 bits does not decide "
	                         "its rounding, and no more bits are tried"),
	          "%s", r.note);
	cr_assert_eq(fake_calls, 7, "170, 340, ..., 10880 bits: %u runs", fake_calls);
	/* past the work budget nothing runs, and the note says why */
	fake_calls = 0;
	cr_assert(!certify_ziv(&w, &p, &d, fake_run, 1e12, &r));
	cr_assert_eq(fake_calls, 0);
	cr_assert(strstr(r.note, "would cost more than the certification's budget"), "%s", r.note);
	/* a budget for two runs: 170 and 340 bits */
	fake_calls = 0;
	cr_assert(!certify_ziv(&w, &p, &d, fake_run, CERTIFY_WORK_BITS_MAX / 500, &r));
	cr_assert_eq(fake_calls, 2);
	cr_assert(strstr(r.note, "at 340 bits does not decide its rounding, and more bits would "
	                         "cost more than the budget"),
	          "%s", r.note);
	fake_kind = 1;
	cr_assert(certify_ziv(&w, &p, &d, fake_run, 1.0, &r), "%s", r.note);
	cr_assert_eq(r.nout, 1);
	ASSERT_BITS_D(mpfr_get_d(r.out[0].value, MPFR_RNDN), 0.75);
	wl_result_clear(&r);
}

/* Every exp of a row underflowing to 0 is named as such, not as an overflow (the note once
 * said "exp overflowed" for logits near -1000): one class, and the rows x and -x with large
 * features, so that one row's logit is far below -745 and the other's far above 709.8. With
 * the fixed split and seed the training row is the one below: its exponential is 0, its
 * probability 0/0, and the NaN gradient makes every later logit NaN, so no overflow is
 * ever computed and none may be claimed. */
Test(workload, softmax_names_underflow_and_overflow, .timeout = 60)
{
	static const char csv[] = "a,b,c,d,label\n"
	                          "1e6,1e6,1e6,1e6,0\n"
	                          "-1e6,-1e6,-1e6,-1e6,0\n";
	dataset d;
	char err[256];
	wl_params p = wl_params_default();
	wl_ctx w = ctx(FP_DOUBLE, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	wl_result off, on;

	cr_assert_eq(
	    csv_load_buffer("pm.csv", csv, sizeof csv - 1, NULL, false, &d, err, sizeof err), 0,
	    "%s", err);
	cr_assert_not_null(d.labels);
	p.softmax.epochs = 1;
	p.softmax.stable = false;
	p.softmax.batch_size = 1;
	run("softmax", &w, &p, &d, &off);
	cr_assert(off.nonfinite);
	cr_assert(strstr(off.note, "every exp of a row underflowed to 0"), "note: %s", off.note);
	cr_assert(strstr(off.note, "a logit was NaN"), "note: %s", off.note);
	cr_assert(!strstr(off.note, "overflowed"), "note: %s", off.note);
	p.softmax.stable = true;
	run("softmax", &w, &p, &d, &on);
	cr_assert(!strstr(on.note, "underflowed"),
	          "the stable softmax never underflows a whole "
	          "row: %s",
	          on.note);
	wl_result_clear(&off);
	wl_result_clear(&on);
	dataset_clear(&d);
}

/* Of seeds runs of w with --combine racy and T threads, how many differ in any bit from the
 * run in thread order; each must stay within a few ulps of it. */
static size_t racy_differs(wl_ctx *w, const wl_params *p, const dataset *d, unsigned T,
                           unsigned seeds)
{
	wl_result ordered, r;
	size_t differ = 0;

	w->knobs.threads = T;
	w->knobs.combine = FP_COMBINE_ORDERED;
	run("kmeans", w, p, d, &ordered);
	w->knobs.combine = FP_COMBINE_RACY;
	for (unsigned s = 0; s < seeds; s++) {
		w->seed = s;
		run("kmeans", w, p, d, &r);
		differ += !same_bits(&ordered, &r);
		for (size_t i = 0; i < r.nout; i++) {
			double a = mpfr_get_d(ordered.out[i].value, MPFR_RNDN),
			       b = mpfr_get_d(r.out[i].value, MPFR_RNDN);

			cr_assert(fabs(a - b) <= (w->prec == FP_FLOAT ? 1e-5 : 1e-12) * fabs(a),
			          "%u threads, seed %u: %s: %a vs %a", T, s, r.out[i].name, a, b);
		}
		wl_result_clear(&r);
	}
	wl_result_clear(&ordered);
	return differ;
}

/* scikit-learn's k-means (--mimic sklearn-1.2), by the properties of its threading; its bits
 * are checked against scikit-learn itself by tests/crosscheck-sklearn.py. */
Test(workload, sklearn_mimic_threads_and_lock_order, .timeout = 60)
{
	dataset big = load("blobs_1000x2.csv"), small = generate("blobs:n=200,d=3,k=3,seed=5");
	wl_params p = wl_params_default();
	wl_result one, r;
	size_t differ = 0;

	p.kmeans.mimic = KM_MIMIC_SKLEARN;
	for (int prec = FP_FLOAT; prec <= FP_DOUBLE; prec++) {
		/* 200 rows are one chunk of 256: one thread computes the centers whatever T says
		 * (the inertia's rows are split over all T threads) */
		wl_ctx w =
		    ctx((fp_precision)prec, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);

		p.kmeans.k = 3;
		run("kmeans", &w, &p, &small, &one);
		cr_assert(one.iterations >= 1 && one.nout == 3 * 3 + 1);
		for (unsigned t = 2; t <= 4; t++) {
			w.knobs.threads = t;
			w.knobs.combine = FP_COMBINE_RACY;
			run("kmeans", &w, &p, &small, &r);
			cr_assert_eq(r.nout, one.nout);
			cr_assert_eq(r.iterations, one.iterations);
			for (size_t i = 0; i + 1 < r.nout; i++)
				cr_assert(wl_value_same(one.out[i].value, r.out[i].value),
				          "one chunk, %u threads: %s", t, r.out[i].name);
			wl_result_clear(&r);
		}
		wl_result_clear(&one);

		/* 2 threads: two partial sums added to 0 commute, so the lock order cannot show;
		 * 4 threads: it changes some center of blobs_1000x2 by a few ulps */
		p.kmeans.k = 4;
		cr_assert_eq(racy_differs(&w, &p, &big, 2, 8), 0, "2 threads");
		differ += racy_differs(&w, &p, &big, 4, 16);
	}
	cr_assert(differ > 0,
	          "16 drawn lock orders of 4 threads all gave the thread order's result");
	dataset_clear(&big);
	dataset_clear(&small);
}

/* The largest distance in ulps between two double results, by the ordered-integer mapping
 * written out here (not runner_ulps): the check of the outcomes' distances. */
static double double_ulps_apart(const wl_result *a, const wl_result *b)
{
	double most = 0.0;

	for (size_t i = 0; i < a->nout; i++) {
		double x = mpfr_get_d(a->out[i].value, MPFR_RNDN);
		double y = mpfr_get_d(b->out[i].value, MPFR_RNDN);
		int64_t ix, iy;

		memcpy(&ix, &x, sizeof ix);
		memcpy(&iy, &y, sizeof iy);
		ix = ix < 0 ? -(ix & INT64_MAX) : ix;
		iy = iy < 0 ? -(iy & INT64_MAX) : iy;
		most = fmax(most, (double)(ix > iy ? (uint64_t)ix - (uint64_t)iy
		                                   : (uint64_t)iy - (uint64_t)ix));
	}
	return most;
}

/* --repeats with a racy lock order: every seed's result, run again here one by one, is one
 * of the listed outcomes, each counted as often as seeds give it, the most frequent first,
 * each at its distance from that one; the ordered lock gives one outcome. */
Test(workload, repeats_list_distinct_outcomes, .timeout = 120)
{
	dataset d = load("blobs_1000x2.csv");
	const unsigned n = 40;

	for (int racy = 0; racy <= 1; racy++) {
		scenario sc;
		report rep;
		char err[256];
		unsigned counted[RUNNER_OUTCOMES_MAX] = {0}, total = 0;
		const repeat_stats *st;

		scenario_init(&sc);
		sc.wl = workload_find("kmeans");
		sc.data = &d;
		sc.params.kmeans.k = 4;
		sc.params.kmeans.mimic = KM_MIMIC_SKLEARN;
		sc.repeats = n;
		for (int p = 0; p < FP_PRECISION_COUNT; p++)
			sc.precision[p] = p == FP_DOUBLE;
		cr_assert(scenario_set_knob(&sc, KNOB_THREADS, "4"));
		cr_assert(scenario_set_knob(&sc, KNOB_COMBINE, racy ? "racy" : "ordered"));
		cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
		cr_assert_eq(rep.nstats, 1);
		st = &rep.stats[0];
		cr_assert_eq(st->unlisted, 0);
		for (unsigned seed = 0; seed < n; seed++) {
			wl_ctx w = scenario_ctx(&sc, FP_DOUBLE, &rep.variants[0]);
			wl_result r;
			size_t hit = st->noutcomes;

			w.seed = seed;
			cr_assert_eq(workload_run(sc.wl, &w, &sc.params, &d, &r), FP_OK);
			for (size_t i = 0; i < st->noutcomes; i++)
				if (wl_result_same(&r, &st->outcomes[i].res, false)) {
					cr_assert_eq(hit, st->noutcomes, "seed %u in two outcomes",
					             seed);
					hit = i;
				}
			cr_assert_lt(hit, st->noutcomes, "seed %u: an outcome not listed", seed);
			counted[hit]++;
			wl_result_clear(&r);
		}
		for (size_t i = 0; i < st->noutcomes; i++) {
			const repeat_outcome *o = &st->outcomes[i];

			cr_assert_eq(o->count, counted[i], "outcome %zu", i);
			cr_assert(i == 0 || o->count <= st->outcomes[i - 1].count);
			cr_assert_float_eq(o->ulps,
			                   double_ulps_apart(&o->res, &st->outcomes[0].res), 0.0,
			                   "outcome %zu", i);
			cr_assert(st->spread >= o->ulps);
			total += o->count;
		}
		cr_assert_eq(total, n);
		if (!racy)
			cr_assert_eq(st->noutcomes, 1, "the thread order gave %zu outcomes",
			             st->noutcomes);
		else
			cr_assert_gt(st->noutcomes, 1, "40 drawn lock orders of 4 threads agreed");
		report_clear(&rep);
	}
	dataset_clear(&d);
}

/* Beyond RUNNER_OUTCOMES_MAX distinct outcomes (the MLP's initial weights come from the
 * seed: every seed its own loss) the rest are counted, not lost. */
Test(workload, repeats_count_the_outcomes_not_kept, .timeout = 120)
{
	dataset d = generate("seq:n=10");
	scenario sc;
	report rep;
	char err[256];

	scenario_init(&sc);
	sc.wl = workload_find("mlp");
	sc.data = &d;
	sc.params.mlp.epochs = 20;
	sc.repeats = RUNNER_OUTCOMES_MAX + 3;
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		sc.precision[p] = p == FP_FLOAT;
	cr_assert_eq(runner_run(&sc, &rep, err, sizeof err), 0, "%s", err);
	cr_assert_eq(rep.stats[0].noutcomes, RUNNER_OUTCOMES_MAX);
	cr_assert_eq(rep.stats[0].unlisted, 3);
	for (size_t i = 0; i < RUNNER_OUTCOMES_MAX; i++)
		cr_assert_eq(rep.stats[0].outcomes[i].count, 1);
	report_clear(&rep);
	dataset_clear(&d);
}

/* scikit-learn's k-means++ (--init k-means++): the rows it keeps are k distinct rows of the
 * data; the mimic's fit from RandomState(R) has the bits of the mimic's fit from those rows
 * given as a file; more initialisations keep a fit of no more inertia; and another
 * random_state starts elsewhere. (The bits against scikit-learn itself:
 * tests/crosscheck-sklearn.py.) */
Test(workload, sklearn_plusplus_keeps_its_best_start, .timeout = 60)
{
	dataset d = load("blobs_1000x2.csv"), init;
	wl_params p = wl_params_default(), pf;
	wl_ctx w = ctx(FP_DOUBLE, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	double rows[4 * 2], other[4 * 2], in1, in10;
	wl_result a, b;
	size_t found = 0;

	p.kmeans.k = 4;
	p.kmeans.mimic = KM_MIMIC_SKLEARN;
	p.kmeans.init = KM_INIT_SKLEARN;
	p.kmeans.random_state = 5;
	p.kmeans.n_init = 3;
	kmeans_sklearn_init(&p, &d, rows);
	for (size_t j = 0; j < 4; j++)
		for (size_t i = 0; i < d.rows; i++)
			if (memcmp(&d.x[i * 2], &rows[j * 2], 2 * sizeof(double)) == 0) {
				found++;
				break;
			}
	cr_assert_eq(found, 4, "a chosen center is not a row of the data");
	for (size_t j = 1; j < 4; j++)
		cr_assert(memcmp(&rows[0], &rows[j * 2], 2 * sizeof(double)) != 0);
	run("kmeans", &w, &p, &d, &a);
	memset(&init, 0, sizeof init);
	init.rows = 4;
	init.cols = 2;
	init.x = rows;
	pf = p;
	pf.kmeans.init = KM_INIT_FILE;
	pf.kmeans.init_centers = &init;
	run("kmeans", &w, &pf, &d, &b);
	cr_assert(same_bits(&a, &b), "k-means++ and a file of its rows differ");
	cr_assert_eq(a.iterations, b.iterations);
	wl_result_clear(&b);
	in10 = mpfr_get_d(wl_result_find(&a, "inertia")->value, MPFR_RNDN);
	wl_result_clear(&a);
	p.kmeans.n_init = 1;
	run("kmeans", &w, &p, &d, &a);
	in1 = mpfr_get_d(wl_result_find(&a, "inertia")->value, MPFR_RNDN);
	cr_assert_leq(in10, in1);
	wl_result_clear(&a);
	p.kmeans.random_state = 6;
	kmeans_sklearn_init(&p, &d, other);
	cr_assert(memcmp(rows, other, sizeof rows) != 0,
	          "random_state 5 and 6 chose the same rows");
	dataset_clear(&d);
}

/* A mimic run that stops by scikit-learn's tolerance says so: its centers are not the fixed
 * point the reference iterates to. With tol 0 it runs until the labels settle. */
Test(workload, sklearn_mimic_says_when_tol_stopped_it, .timeout = 60)
{
	dataset d = load("blobs_1000x2.csv");
	wl_params p = wl_params_default();
	wl_ctx w = ctx(FP_DOUBLE, 256, FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	wl_result tol, strict;

	p.kmeans.mimic = KM_MIMIC_SKLEARN;
	run("kmeans", &w, &p, &d, &tol);
	p.kmeans.tol = 0.0;
	run("kmeans", &w, &p, &d, &strict);
	cr_assert(tol.iterations < strict.iterations, "%u %u", tol.iterations, strict.iterations);
	cr_assert(strstr(tol.note, "stopped at iteration") && strstr(tol.note, "tolerance"), "%s",
	          tol.note);
	cr_assert_str_empty(strict.note);
	wl_result_clear(&tol);
	wl_result_clear(&strict);
	dataset_clear(&d);
}

/* ---- the emulated formats ------------------------------------------------------------------ */

/* Every emulated format (fp16, bf16, tf32, the four FP8 variants and a custom format) on every
 * workload is MPFR at the format's p bits with its exponent range, subnormals and overflow
 * rule (the emulation of reduce.h and fmt.h), bit for bit, labels and iterations too: under
 * every order, with lanes, threads and combine (ordered, tree, racy) going round their values
 * beside it, fma off and on, and for k-means rounding inside or not. The data reach the
 * formats' overflow (blobs with std 200 in E4M3, whose largest value is 448) and underflow
 * (the MLP's small gradients in FP8). */
Test(workload, emulated_formats_are_mpfr_emulating_them, .timeout = 900)
{
	static const unsigned lanes[] = {1, 2, 4, 8, 16}, threads[] = {1, 2, 3, 4};
	static const fp_combine combines[] = {FP_COMBINE_ORDERED, FP_COMBINE_TREE, FP_COMBINE_RACY};
	static const fp_precision precs[] = {FP_FP16,     FP_BF16, FP_TF32,     FP_E4M3,
	                                     FP_E4M3_SAT, FP_E5M2, FP_E5M2_SAT, FP_CUSTOM};
	static const struct {
		const char *wl, *data;
	} cases[] = {{"sum", "uniform:n=300,lo=-1000,hi=1000,seed=4"},
	             {"dot", "blobs:n=300,d=2,k=2,std=30,seed=5"},
	             {"kmeans", "blobs:n=240,d=3,k=3,std=200,seed=6"},
	             /* differences whose squares fall below fp16's least normal */
	             {"kmeans", "blobs:n=150,d=1,k=3,std=0.003,seed=8"},
	             {"mlp", "seq:n=10"},
	             {"softmax", "blobs:n=120,d=4,k=3,std=2,seed=7"}};
	char err[200];
	unsigned checked = 0, nonfinite = 0;

	cr_assert(precision_set_custom("custom:p=6,emin=-30,emax=31", err, sizeof err), "%s", err);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		dataset d = generate(cases[c].data);
		wl_params p = wl_params_default();

		p.kmeans.k = 3;
		p.kmeans.max_iter = 12;
		p.mlp.epochs = 25;
		p.softmax.epochs = 2;
		for (size_t q = 0; q < sizeof precs / sizeof precs[0]; q++)
			for (int o = 0; o < FP_ORDER_COUNT; o++)
				for (int fma = 0; fma < 2; fma++) {
					wl_ctx w =
					    ctx(precs[q], 256, (fp_order)o, threads[(o + fma) % 4],
					        lanes[o % 5], combines[(o + fma) % 3], fma);
					const fp_format *f = precision_format(precs[q]);
					wl_result native, emulated;

					w.knobs.shuffle_seed = 7;
					if (fma && strcmp(cases[c].wl, "kmeans") == 0 && o % 2) {
						w.round_inside.kind = MITIG_ROUND;
						w.round_inside.n = 2;
					}
					run(cases[c].wl, &w, &p, &d, &native);
					w.prec = FP_MPFR;
					w.bits = f->p;
					w.emu = f;
					run(cases[c].wl, &w, &p, &d, &emulated);
					cr_assert(
					    same_run(&native, &emulated),
					    "%s %s order %s fma %d: the emulated run is not MPFR's",
					    cases[c].wl, f->name, knobs_order_name((fp_order)o),
					    fma);
					nonfinite += native.nonfinite;
					checked++;
					wl_result_clear(&native);
					wl_result_clear(&emulated);
				}
		dataset_clear(&d);
	}
	cr_assert_eq(checked, 6 * 8 * FP_ORDER_COUNT * 2);
	cr_assert_gt(nonfinite, 0, "no run overflowed: the formats' overflow rules went unchecked");
}

/* The directed roundings in every workload: float, double, fp16 and bf16 under up, down and
 * zero are MPFR at the format's precision and range rounding every operation in the same
 * mode, bit for bit, labels and iterations too, under orders seq, pairwise, shuffle, kahan
 * and exact with lanes, threads and combine going round beside them, fma off and on. */
Test(workload, directed_roundings_are_mpfr_in_every_workload, .timeout = 900)
{
	static const fp_order orders[] = {FP_ORDER_SEQ, FP_ORDER_PAIRWISE, FP_ORDER_SHUFFLE,
	                                  FP_ORDER_KAHAN, FP_ORDER_EXACT};
	static const fp_rounding modes[] = {FP_ROUNDING_UP, FP_ROUNDING_DOWN, FP_ROUNDING_ZERO};
	static const fp_precision precs[] = {FP_FLOAT, FP_DOUBLE, FP_FP16, FP_BF16};
	static const struct {
		const char *wl, *data;
	} cases[] = {{"sum", "uniform:n=300,lo=-1000,hi=1000,seed=4"},
	             {"dot", "blobs:n=300,d=2,k=2,std=30,seed=5"},
	             {"kmeans", "blobs:n=240,d=3,k=3,std=2,seed=6"},
	             {"mlp", "seq:n=10"},
	             {"softmax", "blobs:n=120,d=4,k=3,std=2,seed=7"}};
	unsigned checked = 0;

	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		dataset d = generate(cases[c].data);
		wl_params p = wl_params_default();

		p.kmeans.k = 3;
		p.kmeans.max_iter = 12;
		p.mlp.epochs = 25;
		p.softmax.epochs = 2;
		for (size_t q = 0; q < sizeof precs / sizeof precs[0]; q++)
			for (size_t m = 0; m < 3; m++)
				for (size_t o = 0; o < 5; o++)
					for (int fma = 0; fma < 2; fma++) {
						wl_ctx w =
						    ctx(precs[q], 256, orders[o], 1 + (o + fma) % 3,
						        1u << (o % 3), FP_COMBINE_ORDERED, fma);
						const fp_format *f =
						    precs[q] == FP_FLOAT ? &fmt_binary32
						    : precs[q] == FP_DOUBLE
						        ? &fmt_binary64
						        : precision_format(precs[q]);
						wl_result native, emulated;

						w.knobs.shuffle_seed = 7;
						w.knobs.rounding = modes[m];
						run(cases[c].wl, &w, &p, &d, &native);
						w.prec = FP_MPFR;
						w.bits = f->p;
						w.emu = f;
						run(cases[c].wl, &w, &p, &d, &emulated);
						cr_assert(
						    same_run(&native, &emulated),
						    "%s %s rounding %s order %s fma %d: not MPFR's",
						    cases[c].wl, f->name,
						    knobs_rounding_name(modes[m]),
						    knobs_order_name(orders[o]), fma);
						checked++;
						wl_result_clear(&native);
						wl_result_clear(&emulated);
					}
		dataset_clear(&d);
	}
	cr_assert_eq(checked, 5 * 4 * 3 * 5 * 2);
}

/* The random roundings' streams: the same seed and draw give the same bits, another draw
 * others; k-means' assignment on 1 or 3 workers, and a sum whose 4 parts run on the team's
 * threads, give the same bits whichever thread computes what. */
Test(workload, random_roundings_are_reproducible_and_split_independent, .timeout = 300)
{
	static const fp_rounding modes[] = {FP_ROUNDING_RANDOM, FP_ROUNDING_SR, FP_ROUNDING_MCA};
	dataset km = generate("blobs:n=5000,d=3,k=3,std=2,seed=6");
	dataset big = generate("uniform:n=100000,lo=-1,hi=1,seed=9");
	wl_params p = wl_params_default();

	p.kmeans.k = 3;
	p.kmeans.max_iter = 5;
	for (size_t m = 0; m < 3; m++)
		for (int prec = 0; prec < 2; prec++) {
			wl_ctx w = ctx(prec ? FP_DOUBLE : FP_FLOAT, 256, FP_ORDER_SEQ, 1, 1,
			               FP_COMBINE_ORDERED, false);
			wl_result a, b, c;

			w.knobs.rounding = modes[m];
			w.knobs.mca_t = prec ? 50 : 22;
			w.workers = 1;
			run("kmeans", &w, &p, &km, &a);
			w.workers = 3;
			run("kmeans", &w, &p, &km, &b);
			w.draw = 1;
			run("kmeans", &w, &p, &km, &c);
			cr_assert(same_bits(&a, &b), "%s: 1 and 3 workers differ",
			          knobs_rounding_name(modes[m]));
			cr_assert(!same_bits(&a, &c), "%s: draw 1 repeats draw 0",
			          knobs_rounding_name(modes[m]));
			wl_result_clear(&a);
			wl_result_clear(&b);
			wl_result_clear(&c);
			w = ctx(prec ? FP_DOUBLE : FP_FLOAT, 256, FP_ORDER_SEQ, 4, 1,
			        FP_COMBINE_TREE, false);
			w.knobs.rounding = modes[m];
			w.knobs.mca_t = prec ? 50 : 22;
			run("sum", &w, &p, &big, &a);
			run("sum", &w, &p, &big, &b);
			cr_assert(same_bits(&a, &b), "%s: the team's sum is not reproducible",
			          knobs_rounding_name(modes[m]));
			wl_result_clear(&a);
			wl_result_clear(&b);
		}
	dataset_clear(&km);
	dataset_clear(&big);
}
