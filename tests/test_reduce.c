/* test_reduce.c - the reductions against hand-written loops, IEEE facts and MPFR. */
#include "config.h"

#include <criterion/criterion.h>
#include <float.h>
#include <pthread.h>
#include <stdatomic.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arith/blas.h"
#include "arith/prng.h"
#include "arith/reduce.h"
#include "arith/team.h"
#include "helpers.h"

static reduce_ctx *ctx(fp_order o, unsigned lanes, unsigned threads, fp_combine comb, bool fma)
{
	fp_knobs k = knobs_default();
	fp_status st;
	reduce_ctx *c;

	k.order = o;
	k.lanes = lanes;
	k.threads = threads;
	k.combine = comb;
	k.fma = fma;
	k.shuffle_seed = 7;
	c = reduce_new(&k, 256, FP_EMU_NONE, &st);
	cr_assert_not_null(c, "%s", status_str(st));
	return c;
}

static double sum_d(fp_order o, unsigned lanes, unsigned threads, fp_combine comb, const double *x,
                    size_t n)
{
	reduce_ctx *c = ctx(o, lanes, threads, comb, false);
	double r = (double)NAN;

	cr_assert_eq(reduce_sum_d(c, x, n, &r), FP_OK);
	reduce_free(c);
	return r;
}

/* ---- IEEE facts -------------------------------------------------------------------------- */

Test(reduce, tenth_ten_times_gives_the_ieee_bits)
{
	double xd[10];
	float xf[10];
	reduce_ctx *c = ctx(FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	double sd;
	float sf;
	mpfr_t s, t;

	for (int i = 0; i < 10; i++) {
		xd[i] = 0.1;
		xf[i] = 0.1f;
	}
	cr_assert_eq(reduce_sum_d(c, xd, 10, &sd), FP_OK);
	cr_assert_eq(reduce_sum_f(c, xf, 10, &sf), FP_OK);
	/* binary64: 0.99999999999999989 = 0x3fefffffffffffff; binary32: 1.00000012 = 0x3f800001 */
	cr_assert_eq(bits_d(sd), UINT64_C(0x3fefffffffffffff), "got %a", sd);
	cr_assert_eq(bits_f(sf), UINT32_C(0x3f800001), "got %a", (double)sf);
	/* the same nine roundings done by MPFR at 53 and 24 bits */
	mpfr_inits2(53, s, t, (mpfr_ptr)0);
	mpfr_set_d(s, 0.1, MPFR_RNDN);
	for (int i = 1; i < 10; i++)
		mpfr_add_d(s, s, 0.1, MPFR_RNDN);
	ASSERT_BITS_D(mpfr_get_d(s, MPFR_RNDN), sd);
	mpfr_set_prec(t, 24);
	mpfr_set_flt(t, 0.1f, MPFR_RNDN);
	for (int i = 1; i < 10; i++) {
		mpfr_set_prec(s, 24);
		mpfr_set_flt(s, 0.1f, MPFR_RNDN);
		mpfr_add(t, t, s, MPFR_RNDN);
	}
	cr_assert(bits_eq_f(mpfr_get_flt(t, MPFR_RNDN), sf));
	mpfr_clears(s, t, (mpfr_ptr)0);
	reduce_free(c);
}

/* ---- compensated sums -------------------------------------------------------------------- */

/* One 1.0 then many terms below half an ulp of 1: each vanishes in seq. */
Test(reduce, kahan_and_neumaier_beat_seq_by_the_measured_amount)
{
	enum { N = 100001 };
	double *x = malloc(N * sizeof *x), seq, kahan, neum, exact_d, err_seq, err_k, err_n;
	mpfr_t ex, e;

	x[0] = 1.0;
	for (size_t i = 1; i < N; i++)
		x[i] = 1e-16;
	seq = sum_d(FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, x, N);
	kahan = sum_d(FP_ORDER_KAHAN, 1, 1, FP_COMBINE_ORDERED, x, N);
	neum = sum_d(FP_ORDER_NEUMAIER, 1, 1, FP_COMBINE_ORDERED, x, N);
	mpfr_inits2(4600, ex, e, (mpfr_ptr)0);
	ref_sum_exact(ex, x, N);
	exact_d = mpfr_get_d(ex, MPFR_RNDN);
	mpfr_sub_d(e, ex, seq, MPFR_RNDN);
	err_seq = fabs(mpfr_get_d(e, MPFR_RNDN));
	mpfr_sub_d(e, ex, kahan, MPFR_RNDN);
	err_k = fabs(mpfr_get_d(e, MPFR_RNDN));
	mpfr_sub_d(e, ex, neum, MPFR_RNDN);
	err_n = fabs(mpfr_get_d(e, MPFR_RNDN));
	/* seq: every 1e-16 is below half an ulp of 1, so seq is 1 and loses all of 1e-11 */
	ASSERT_BITS_D(seq, 1.0);
	cr_assert_lt(fabs(err_seq - 1e-11) / 1e-11, 1e-4, "seq error %g", err_seq);
	/* Kahan's bound (Higham 4.3): |err| <= 2u sum|x| + O(n u^2) */
	cr_assert_leq(err_k, 2 * 0x1p-53 * (1.0 + 1e-11) + N * 0x1p-106, "kahan error %g", err_k);
	cr_assert_leq(err_n, 2 * 0x1p-53 * (1.0 + 1e-11) + N * 0x1p-106, "neumaier error %g",
	              err_n);
	cr_assert_gt(err_seq / fmax(err_k, 1e-300), 1e4);
	/* here both land on the correctly rounded sum */
	ASSERT_BITS_D(kahan, exact_d);
	ASSERT_BITS_D(neum, exact_d);
	mpfr_clears(ex, e, (mpfr_ptr)0);
	free(x);
}

/* Neumaier's own example: a term larger than the running sum defeats Kahan. */
Test(reduce, neumaier_keeps_what_kahan_loses)
{
	const double x[] = {1.0, 1e100, 1.0, -1e100};

	ASSERT_BITS_D(sum_d(FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, x, 4), 0.0);
	ASSERT_BITS_D(sum_d(FP_ORDER_KAHAN, 1, 1, FP_COMBINE_ORDERED, x, 4), 0.0);
	ASSERT_BITS_D(sum_d(FP_ORDER_NEUMAIER, 1, 1, FP_COMBINE_ORDERED, x, 4), 2.0);
	ASSERT_BITS_D(sum_d(FP_ORDER_EXACT, 1, 1, FP_COMBINE_ORDERED, x, 4), 2.0);
}

/* ---- exact: one answer for every knob ------------------------------------------------------ */

static void exact_everywhere(const double *x, size_t n, double want)
{
	const unsigned lanes[] = {1, 2, 4, 8, 16};
	const unsigned threads[] = {1, 2, 3, 4, 7, 16, 64};

	for (size_t l = 0; l < 5; l++)
		for (size_t t = 0; t < 7; t++)
			for (int cb = 0; cb < FP_COMBINE_COUNT; cb++) {
				double got = sum_d(FP_ORDER_EXACT, lanes[l], threads[t],
				                   (fp_combine)cb, x, n);

				cr_assert(bits_eq_d(got, want),
				          "lanes %u threads %u combine %d: got %a want %a",
				          lanes[l], threads[t], cb, got, want);
			}
}

Test(reduce, exact_is_the_same_bits_for_every_knob)
{
	const double conds[] = {1e5, 1e16, 1e30};
	enum { N = 5000 };
	double *x = malloc(N * sizeof *x), *r = malloc(N * sizeof *r);

	for (size_t c = 0; c < 3; c++) {
		gen_ill_conditioned(x, N, conds[c], test_seed() + c);
		exact_everywhere(x, N, ref_sum_d(x, N));
		/* and every data order: reversed and shuffled copies */
		for (size_t i = 0; i < N; i++)
			r[i] = x[N - 1 - i];
		exact_everywhere(r, N, ref_sum_d(x, N));
		{
			prng p;

			prng_seed(&p, test_seed() + 100 + c);
			for (size_t i = N; i > 1; i--) {
				size_t j = (size_t)prng_below(&p, i);
				double t = r[i - 1];

				r[i - 1] = r[j];
				r[j] = t;
			}
			exact_everywhere(r, N, ref_sum_d(x, N));
		}
	}
	free(x);
	free(r);
}

Test(reduce, exact_with_subnormals_and_near_overflow)
{
	enum { N = 301 };
	double x[N];
	prng p;

	prng_seed(&p, test_seed());
	for (size_t i = 0; i < N; i++)
		x[i] = ldexp(prng_uniform(&p) - 0.5, -1060 - (int)prng_below(&p, 14));
	exact_everywhere(x, N, ref_sum_d(x, N));
	for (size_t i = 0; i < N; i++)
		x[i] = (i % 3 == 2 ? -1.0 : 1.0) * DBL_MAX * (0.25 + prng_uniform(&p) / 8);
	exact_everywhere(x, N, ref_sum_d(x, N));
	cr_assert(isinf(ref_sum_d(x, N)), "the sum should overflow: it does in every order");
}

Test(reduce, exact_float_and_mpfr)
{
	enum { N = 4000 };
	float *f = malloc(N * sizeof *f);
	double *d = malloc(N * sizeof *d);
	mvec m;
	mpfr_t got, want;

	gen_ill_conditioned(d, N, 1e12, test_seed());
	for (size_t i = 0; i < N; i++)
		f[i] = (float)d[i];
	for (unsigned t = 1; t <= 8; t *= 2) {
		reduce_ctx *c = ctx(FP_ORDER_EXACT, t, t, FP_COMBINE_TREE, false);
		float s;

		cr_assert_eq(reduce_sum_f(c, f, N, &s), FP_OK);
		ASSERT_BITS_F(s, ref_sum_f(f, N));
		reduce_free(c);
	}
	/* MPFR exact: mpfr_sum of the pointers, rounded to the context precision */
	mvec_from_d(&m, d, N, 53);
	mpfr_init2(got, 256);
	mpfr_init2(want, 4600);
	{
		reduce_ctx *c = ctx(FP_ORDER_EXACT, 4, 3, FP_COMBINE_RACY, false);

		cr_assert_eq(reduce_sum_m(c, m.p, N, got), FP_OK);
		reduce_free(c);
	}
	ref_sum_exact(want, d, N);
	mpfr_prec_round(want, 256, MPFR_RNDN);
	cr_assert(mpfr_equal_p(got, want));
	mpfr_clears(got, want, (mpfr_ptr)0);
	mvec_clear(&m);
	free(f);
	free(d);
}

/* ---- the knobs against hand-written loops ------------------------------------------------ */

static double *random_vec(size_t n, uint64_t seed)
{
	double *x = malloc(n * sizeof *x);
	prng p;

	prng_seed(&p, seed);
	for (size_t i = 0; i < n; i++)
		x[i] = ldexp(prng_uniform(&p) - 0.3, (int)prng_below(&p, 30) - 15);
	return x;
}

Test(reduce, one_thread_is_the_plain_loop)
{
	enum { N = 10007 };
	double *x = random_vec(N, test_seed()), s = x[0];

	for (size_t i = 1; i < N; i++)
		s += x[i];
	for (int cb = 0; cb < FP_COMBINE_COUNT; cb++)
		ASSERT_BITS_D(sum_d(FP_ORDER_SEQ, 1, 1, (fp_combine)cb, x, N), s);
	free(x);
}

Test(reduce, reverse_is_the_backward_loop)
{
	enum { N = 1001 };
	double *x = random_vec(N, test_seed()), s = x[N - 1];

	for (size_t i = N - 1; i-- > 0;)
		s += x[i];
	ASSERT_BITS_D(sum_d(FP_ORDER_REVERSE, 1, 1, FP_COMBINE_ORDERED, x, N), s);
	free(x);
}

Test(reduce, four_lanes_are_four_accumulators)
{
	const size_t sizes[] = {1, 2, 3, 4, 5, 1003};

	for (size_t k = 0; k < 6; k++) {
		size_t n = sizes[k], i;
		double *x = random_vec(n, test_seed() + k), a[4] = {0, 0, 0, 0}, want;
		unsigned used = n < 4 ? (unsigned)n : 4;

		for (i = 0; i < used; i++)
			a[i] = x[i];
		for (; i + 4 <= n; i += 4) {
			a[0] += x[i];
			a[1] += x[i + 1];
			a[2] += x[i + 2];
			a[3] += x[i + 3];
		}
		for (unsigned l = 0; i < n; i++, l++)
			a[l] += x[i];
		want = used == 1   ? a[0]
		       : used == 2 ? a[0] + a[1]
		       : used == 3 ? (a[0] + a[1]) + a[2]
		                   : (a[0] + a[1]) + (a[2] + a[3]);
		ASSERT_BITS_D(sum_d(FP_ORDER_SEQ, 4, 1, FP_COMBINE_ORDERED, x, n), want);
		free(x);
	}
}

Test(reduce, ordered_and_tree_combine_the_hand_partials)
{
	enum { N = 4003, T = 4 };
	double *x = random_vec(N, test_seed()), p[T], ordered, tree;
	size_t start = 0;
	int differ = 0;

	for (uint64_t trial = 0; trial < 20; trial++) {
		free(x);
		x = random_vec(N, test_seed() + trial);
		start = 0;
		for (unsigned t = 0; t < T; t++) {
			size_t len = N / T + (t < N % T); /* 1001, 1001, 1001, 1000 */

			p[t] = x[start];
			for (size_t i = start + 1; i < start + len; i++)
				p[t] += x[i];
			start += len;
		}
		ordered = ((p[0] + p[1]) + p[2]) + p[3];
		tree = (p[0] + p[1]) + (p[2] + p[3]);
		ASSERT_BITS_D(sum_d(FP_ORDER_SEQ, 1, T, FP_COMBINE_ORDERED, x, N), ordered);
		ASSERT_BITS_D(sum_d(FP_ORDER_SEQ, 1, T, FP_COMBINE_TREE, x, N), tree);
		differ += !bits_eq_d(ordered, tree);
	}
	/* the knob matters on this data, or the test would prove nothing */
	cr_assert_gt(differ, 0);
	free(x);
}

/* Parts of 16384 terms or more are computed on the team's threads; the partials are still
 * combined in the fixed order, so the bits are the hand partials' (3 uneven parts too). */
Test(reduce, long_parts_on_threads_combine_the_hand_partials)
{
	enum { N = 3 * 16384 + 2 };
	double *x = random_vec(N, test_seed() + 77);

	for (unsigned T = 2; T <= 3; T++) {
		double p[3], ordered, tree;
		size_t start = 0;

		for (unsigned t = 0; t < T; t++) {
			size_t len = N / T + (t < N % T);

			p[t] = x[start];
			for (size_t i = start + 1; i < start + len; i++)
				p[t] += x[i];
			start += len;
		}
		ordered = T == 2 ? p[0] + p[1] : (p[0] + p[1]) + p[2];
		tree = ordered; /* the tree of 2 or 3 partials is (p0 + p1) + p2 too */
		for (int run = 0; run < 10; run++) {
			ASSERT_BITS_D(sum_d(FP_ORDER_SEQ, 1, T, FP_COMBINE_ORDERED, x, N), ordered);
			ASSERT_BITS_D(sum_d(FP_ORDER_SEQ, 1, T, FP_COMBINE_TREE, x, N), tree);
		}
	}
	free(x);
}

Test(reduce, racy_merges_in_the_recorded_completion_order)
{
	enum { N = 400000, T = 8 };
	double *x = random_vec(N, test_seed()), p[T];
	reduce_ctx *c = ctx(FP_ORDER_SEQ, 1, T, FP_COMBINE_RACY, false);
	size_t start = 0;

	for (unsigned t = 0; t < T; t++) {
		size_t len = N / T;

		p[t] = x[start];
		for (size_t i = start + 1; i < start + len; i++)
			p[t] += x[i];
		start += len;
	}
	for (int run = 0; run < 20; run++) {
		const reduce_info *info;
		double got, want;
		bool seen[T] = {false};

		cr_assert_eq(reduce_sum_d(c, x, N, &got), FP_OK);
		info = reduce_last(c);
		cr_assert_eq(info->merged, T);
		want = p[info->arrival[0]];
		seen[info->arrival[0]] = true;
		for (unsigned i = 1; i < T; i++) {
			cr_assert(!seen[info->arrival[i]]);
			seen[info->arrival[i]] = true;
			want += p[info->arrival[i]];
		}
		ASSERT_BITS_D(got, want);
	}
	reduce_free(c);
	free(x);
}

/* Parts too short for threads are added in an order drawn from the context's stream: the
 * result is the partials added in the recorded order, every one of the 4! orders turns up,
 * and the same seed and key replay the same orders. */
Test(reduce, racy_short_parts_draw_their_order_from_the_seed)
{
	enum { N = 12, T = 4, CALLS = 600 };
	double x[N], p[T];
	reduce_ctx *c = ctx(FP_ORDER_SEQ, 1, T, FP_COMBINE_RACY, false),
	           *again = ctx(FP_ORDER_SEQ, 1, T, FP_COMBINE_RACY, false);
	unsigned first[T], seen_orders = 0;
	bool seen[T * T * T * T] = {false};

	for (int i = 0; i < N; i++)
		x[i] = ldexp(1.0 + i / 16.0, 3 * (i % 5) - 60 * (i % 2));
	for (unsigned t = 0; t < T; t++)
		p[t] = (x[3 * t] + x[3 * t + 1]) + x[3 * t + 2];
	reduce_set_seed(c, 42);
	reduce_set_seed(again, 42);
	for (int call = 0; call < CALLS; call++) {
		const reduce_info *info;
		double got, want, replay;
		unsigned code = 0;

		cr_assert_eq(reduce_sum_d(c, x, N, &got), FP_OK);
		info = reduce_last(c);
		cr_assert_eq(info->merged, T);
		want = p[info->arrival[0]];
		for (unsigned i = 1; i < T; i++)
			want += p[info->arrival[i]];
		ASSERT_BITS_D(got, want);
		for (unsigned i = 0; i < T; i++)
			code = code * T + info->arrival[i];
		seen_orders += !seen[code];
		seen[code] = true;
		if (call == 0)
			memcpy(first, info->arrival, sizeof first);
		cr_assert_eq(reduce_sum_d(again, x, N, &replay), FP_OK);
		ASSERT_BITS_D(replay, got);
		cr_assert_arr_eq(reduce_last(again)->arrival, info->arrival, sizeof first);
	}
	cr_assert_eq(seen_orders, 24, "%u of the 24 orders in %d calls", seen_orders, CALLS);
	/* a stream restarted at key 0 of seed 42 is the start again */
	reduce_set_stream(c, 0);
	{
		double r;

		cr_assert_eq(reduce_sum_d(c, x, N, &r), FP_OK);
		cr_assert_arr_eq(reduce_last(c)->arrival, first, sizeof first);
	}
	/* two nonempty parts commute: always part order */
	{
		double r;

		cr_assert_eq(reduce_sum_d(c, x, 2, &r), FP_OK);
		cr_assert_eq(reduce_last(c)->merged, 2);
		cr_assert_eq(reduce_last(c)->arrival[0], 0);
		ASSERT_BITS_D(r, x[0] + x[1]);
	}
	reduce_free(c);
	reduce_free(again);
}

/* The team (team.h): every part once, parts below the team's size each on its own thread
 * (part 0 on the caller), the others on the caller; a part may run a loop of another team. */
typedef struct team_probe {
	pthread_t who[16];
	atomic_uint runs[16];
	team *inner;
	atomic_uint inner_runs;
} team_probe;

static void probe_inner(void *arg, unsigned part)
{
	team_probe *tp = arg;

	(void)part;
	atomic_fetch_add(&tp->inner_runs, 1);
}

static void probe_part(void *arg, unsigned part)
{
	team_probe *tp = arg;

	tp->who[part] = pthread_self();
	atomic_fetch_add(&tp->runs[part], 1);
	if (tp->inner && part == 1)
		team_run(tp->inner, 3, probe_inner, tp);
}

Test(reduce, team_runs_every_part_once_each_on_its_thread)
{
	team *t = team_new(4);
	team_probe tp;

	cr_assert_eq(team_size(t), 4);
	for (int round = 0; round < 200; round++) {
		unsigned parts = 1 + (unsigned)round % 7;

		memset(&tp, 0, sizeof tp);
		tp.inner = round % 3 == 0 ? team_new(2) : NULL;
		team_run(t, parts, probe_part, &tp);
		for (unsigned q = 0; q < 16; q++)
			cr_assert_eq(atomic_load(&tp.runs[q]), q < parts, "round %d part %u", round,
			             q);
		cr_assert(pthread_equal(tp.who[0], pthread_self()));
		for (unsigned q = 1; q < parts && q < 4; q++) {
			cr_assert(!pthread_equal(tp.who[q], pthread_self()), "part %u", q);
			for (unsigned r = 1; r < q; r++)
				cr_assert(!pthread_equal(tp.who[q], tp.who[r]), "parts %u %u", r,
				          q);
		}
		for (unsigned q = 4; q < parts; q++)
			cr_assert(pthread_equal(tp.who[q], pthread_self()), "part %u", q);
		cr_assert_eq(atomic_load(&tp.inner_runs), tp.inner && parts > 1 ? 3u : 0u);
		team_free(tp.inner);
	}
	team_free(t);
	team_free(NULL);
}

/* NumPy's pairwise sum for a contiguous array, written out again for the check */
static double np_pairwise(const double *a, size_t n)
{
	if (n < 8) {
		double res = a[0];

		for (size_t i = 1; i < n; i++)
			res += a[i];
		return res;
	}
	if (n <= 128) {
		double r[8], res;
		size_t i;

		for (int j = 0; j < 8; j++)
			r[j] = a[j];
		for (i = 8; i < n - (n % 8); i += 8)
			for (int j = 0; j < 8; j++)
				r[j] += a[i + j];
		res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
		for (; i < n; i++)
			res += a[i];
		return res;
	}
	{
		size_t n2 = n / 2;

		n2 -= n2 % 8;
		return np_pairwise(a, n2) + np_pairwise(a + n2, n - n2);
	}
}

Test(reduce, pairwise_is_numpys)
{
	const size_t sizes[] = {1, 7, 8, 9, 128, 129, 1000, 100003};

	for (size_t k = 0; k < 8; k++) {
		double *x = random_vec(sizes[k], test_seed() + k);

		ASSERT_BITS_D(sum_d(FP_ORDER_PAIRWISE, 1, 1, FP_COMBINE_ORDERED, x, sizes[k]),
		              np_pairwise(x, sizes[k]));
		free(x);
	}
}

/* np.sum of a contiguous array: +0, then the pairwise sum of each 8192-term block added in
 * sequence (the library itself is checked by tests/crosscheck-numpy.py) */
static double np_sum(const double *a, size_t n)
{
	double res = 0.0;

	for (size_t i = 0; i < n; i += 8192)
		res += np_pairwise(a + i, n - i < 8192 ? n - i : 8192);
	return res;
}

Test(reduce, numpy_is_np_sum)
{
	const size_t sizes[] = {1, 8, 129, 8191, 8192, 8193, 16385, 100003};
	const double negzero[] = {-0.0, -0.0, -0.0};
	size_t split = 0;

	for (size_t k = 0; k < 8; k++) {
		double *x = random_vec(sizes[k], test_seed() + k);
		double got = sum_d(FP_ORDER_NUMPY, 1, 1, FP_COMBINE_ORDERED, x, sizes[k]);

		ASSERT_BITS_D(got, np_sum(x, sizes[k]));
		split += !bits_eq_d(got, np_pairwise(x, sizes[k]));
		free(x);
	}
	cr_assert(split > 0, "past 8192 terms the blocks must change some sum");
	ASSERT_BITS_D(sum_d(FP_ORDER_NUMPY, 1, 1, FP_COMBINE_ORDERED, negzero, 3), 0.0);
	ASSERT_BITS_D(sum_d(FP_ORDER_PAIRWISE, 1, 1, FP_COMBINE_ORDERED, negzero, 3), -0.0);
}

Test(reduce, sorted_orders_sort_by_magnitude)
{
	const double x[] = {3.0, -1e-3, 2e10, -5.0, 1e-3, 0.5};
	double asc = -1e-3, desc = 2e10;
	/* ascending |x|: -1e-3, 1e-3 (index order on ties), 0.5, 3, -5, 2e10 */
	asc += 1e-3;
	asc += 0.5;
	asc += 3.0;
	asc += -5.0;
	asc += 2e10;
	desc += -5.0;
	desc += 3.0;
	desc += 0.5;
	desc += -1e-3;
	desc += 1e-3;
	ASSERT_BITS_D(sum_d(FP_ORDER_SORTED_ASC, 1, 1, FP_COMBINE_ORDERED, x, 6), asc);
	ASSERT_BITS_D(sum_d(FP_ORDER_SORTED_DESC, 1, 1, FP_COMBINE_ORDERED, x, 6), desc);
}

Test(reduce, shuffle_depends_on_its_seed_only)
{
	enum { N = 5000 };
	double *x = random_vec(N, test_seed()), a, b;
	fp_knobs k = knobs_default();
	reduce_ctx *c;
	int differ = 0;

	k.order = FP_ORDER_SHUFFLE;
	k.shuffle_seed = 1;
	c = reduce_new(&k, 64, FP_EMU_NONE, NULL);
	reduce_sum_d(c, x, N, &a);
	reduce_sum_d(c, x, N, &b);
	reduce_free(c);
	ASSERT_BITS_D(a, b);
	/* two seeds can round alike by chance; ten cannot all */
	for (k.shuffle_seed = 2; k.shuffle_seed < 12; k.shuffle_seed++) {
		c = reduce_new(&k, 64, FP_EMU_NONE, NULL);
		reduce_sum_d(c, x, N, &b);
		reduce_free(c);
		differ += !bits_eq_d(a, b);
	}
	cr_assert_gt(differ, 0, "ten shuffles of 5000 terms gave the same bits");
	free(x);
}

/* ---- dot, dist2, gemm, axpy ------------------------------------------------------------- */

Test(reduce, dot_fma_fuses_each_step)
{
	const double x[] = {1.0 + 0x1p-52, 1.0};
	const double y[] = {1.0 - 0x1p-52, -1.0};
	reduce_ctx *off = ctx(FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	reduce_ctx *on = ctx(FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, true);
	double a, b;

	/* x0*y0 = 1 - 2^-104 rounds to 1; then + (1 * -1): off gives 0. With fma the second
	 * step is fma(1, -1, s) = s - 1 exactly = 0 as well, so compare the other order. */
	cr_assert_eq(reduce_dot_d(off, x, y, 2, &a), FP_OK);
	ASSERT_BITS_D(a, 0.0);
	{
		const double xr[] = {1.0, 1.0 + 0x1p-52};
		const double yr[] = {-1.0, 1.0 - 0x1p-52};

		cr_assert_eq(reduce_dot_d(off, xr, yr, 2, &a), FP_OK);
		cr_assert_eq(reduce_dot_d(on, xr, yr, 2, &b), FP_OK);
		ASSERT_BITS_D(a, 0.0);       /* -1 + round(1 - 2^-104) */
		ASSERT_BITS_D(b, -0x1p-104); /* fma(1+2^-52, 1-2^-52, -1) exactly */
	}
	reduce_free(off);
	reduce_free(on);
}

Test(reduce, dist2_is_the_dot_of_the_differences)
{
	enum { N = 333 };
	double *x = random_vec(N, test_seed()), *y = random_vec(N, test_seed() + 1), d[N], s = 0;
	reduce_ctx *c = ctx(FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	double got;

	for (size_t i = 0; i < N; i++)
		d[i] = x[i] - y[i];
	s = d[0] * d[0];
	for (size_t i = 1; i < N; i++)
		s += d[i] * d[i];
	cr_assert_eq(reduce_dist2_d(c, x, y, N, &got), FP_OK);
	ASSERT_BITS_D(got, s);
	reduce_free(c);
	free(x);
	free(y);
}

Test(reduce, gemm_naive_is_a_dot_per_entry)
{
	enum { M = 5, N = 4, K = 37 };
	double *A = random_vec(M * K, test_seed()), *B = random_vec(N * K, test_seed() + 9);
	double C[M * N], d;
	reduce_ctx *c = ctx(FP_ORDER_PAIRWISE, 2, 2, FP_COMBINE_TREE, true);

	cr_assert_eq(reduce_gemm_d(c, M, N, K, A, K, B, K, C, N), FP_OK);
	for (size_t i = 0; i < M; i++)
		for (size_t j = 0; j < N; j++) {
			cr_assert_eq(reduce_dot_d(c, A + i * K, B + j * K, K, &d), FP_OK);
			ASSERT_BITS_D(C[i * N + j], d);
		}
	reduce_free(c);
	free(A);
	free(B);
}

Test(reduce, blas_is_within_the_dot_error_bound)
{
	enum { N = 20000, M = 3 };
	double *x = random_vec(N, test_seed()), *y = random_vec(N, test_seed() + 1), got,
	       abs_sum = 0;
	double *A = random_vec(M * N, 5), C[M * M];
	fp_knobs k = knobs_default();
	reduce_ctx *c;

	for (size_t i = 0; i < N; i++)
		abs_sum += fabs(x[i] * y[i]);
	for (unsigned t = 1; t <= 2; t++) {
		k.kernel = FP_KERNEL_BLAS;
		k.threads = t;
		c = reduce_new(&k, 53, FP_EMU_NONE, NULL);
		cr_assert_eq(reduce_dot_d(c, x, y, N, &got), FP_OK);
		/* any summation order: |err| <= gamma_n sum|x y|, gamma_n = n u / (1 - n u) */
		cr_assert_leq(fabs(got - ref_dot_d(x, y, N)), 1.01 * N * 0x1p-53 * abs_sum);
		cr_assert_eq(reduce_gemm_d(c, M, M, N, A, N, A, N, C, M), FP_OK);
		for (size_t i = 0; i < M; i++) {
			double s = 0;

			for (size_t p = 0; p < N; p++)
				s += fabs(A[i * N + p] * A[i * N + p]);
			cr_assert_leq(fabs(C[i * M + i] - ref_dot_d(A + i * N, A + i * N, N)),
			              1.01 * N * 0x1p-53 * s);
		}
		reduce_free(c);
	}
	cr_assert_not_null(blas_corename());
	cr_assert_gt(strlen(blas_corename()), 0);
	cr_assert_not_null(blas_config());
	free(x);
	free(y);
	free(A);
}

Test(reduce, axpy_fuses_only_with_fma)
{
	double y_off[] = {-1.0}, y_on[] = {-1.0};
	const double x[] = {1.0 - 0x1p-52};
	reduce_ctx *off = ctx(FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, false);
	reduce_ctx *on = ctx(FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, true);

	cr_assert_eq(reduce_axpy_d(off, 1.0 + 0x1p-52, x, y_off, 1), FP_OK);
	cr_assert_eq(reduce_axpy_d(on, 1.0 + 0x1p-52, x, y_on, 1), FP_OK);
	ASSERT_BITS_D(y_off[0], 0.0);
	ASSERT_BITS_D(y_on[0], -0x1p-104);
	reduce_free(off);
	reduce_free(on);
}

/* ---- bad arguments and special values -------------------------------------------------- */

Test(reduce, bad_arguments_get_a_status)
{
	fp_knobs k = knobs_default();
	fp_status st;
	reduce_ctx *c;
	double out = 42.0;
	float outf = 42.0f;

	k.lanes = 3;
	cr_assert_null(reduce_new(&k, 256, FP_EMU_NONE, &st));
	cr_assert_eq(st, FP_ELANES);
	k = knobs_default();
	cr_assert_null(reduce_new(&k, 1, FP_EMU_NONE, &st));
	cr_assert_eq(st, FP_EBITS);
	cr_assert_null(reduce_new(&k, FP_BITS_MAX + 1, FP_EMU_NONE, &st));
	cr_assert_eq(st, FP_EBITS);
	cr_assert_null(reduce_new(&k, 53, FP_EMU_BINARY32, &st));
	cr_assert_eq(st, FP_EBITS);
	c = reduce_new(&k, 256, FP_EMU_NONE, &st);
	cr_assert_eq(reduce_sum_d(c, NULL, 5, &out), FP_ENULL);
	ASSERT_BITS_D(out, 42.0);
	cr_assert_eq(reduce_dot_f(c, &outf, NULL, 1, &outf), FP_ENULL);
	cr_assert_eq(reduce_sum_d(c, NULL, 0, &out), FP_OK);
	ASSERT_BITS_D(out, 0.0);
	reduce_free(c);
	reduce_free(NULL);
}

Test(reduce, more_threads_than_terms)
{
	const double x[] = {1.0, 0x1p-53, 0x1p-53};

	/* 8 parts over 3 terms: three parts of one term, merged in order: (1 + u) + u = 1 */
	ASSERT_BITS_D(sum_d(FP_ORDER_SEQ, 1, 8, FP_COMBINE_ORDERED, x, 3), 1.0);
	/* tree: (1 + u) + u as well for three partials */
	ASSERT_BITS_D(sum_d(FP_ORDER_SEQ, 1, 8, FP_COMBINE_TREE, x, 3), 1.0);
	/* racy: (1 + u) + u = 1, or u + u first: 1 + 2u, whichever part finishes first */
	{
		double r = sum_d(FP_ORDER_SEQ, 1, 8, FP_COMBINE_RACY, x, 3);

		cr_assert(bits_eq_d(r, 1.0) || bits_eq_d(r, 1.0 + 0x1p-52), "racy gave %a", r);
	}
	ASSERT_BITS_D(sum_d(FP_ORDER_EXACT, 16, 256, FP_COMBINE_TREE, x, 3), 1.0 + 0x1p-52);
}

Test(reduce, nonfinite_terms_follow_ieee)
{
	const double pinf[] = {1.0, HUGE_VAL, 2.0};
	const double nan[] = {1.0, (double)NAN};
	const double nz[] = {-0.0, -0.0, -0.0, -0.0, -0.0};

	for (int o = 0; o < FP_ORDER_COUNT; o++) {
		double r = sum_d((fp_order)o, 2, 2, FP_COMBINE_TREE, nan, 2);

		cr_assert(isnan(r), "order %d", o);
		/* -0 terms sum to -0, but numpy starts from +0 as np.sum does */
		for (unsigned l = 1; l <= 4; l *= 2)
			ASSERT_BITS_D(sum_d((fp_order)o, l, 2, FP_COMBINE_ORDERED, nz, 5),
			              o == FP_ORDER_NUMPY ? 0.0 : -0.0);
	}
	ASSERT_BITS_D(sum_d(FP_ORDER_SEQ, 1, 1, FP_COMBINE_ORDERED, pinf, 3), HUGE_VAL);
	ASSERT_BITS_D(sum_d(FP_ORDER_EXACT, 1, 1, FP_COMBINE_ORDERED, pinf, 3), HUGE_VAL);
	/* Kahan turns a lone infinity into NaN: c = (Inf - Inf) - ... */
	cr_assert(isnan(sum_d(FP_ORDER_KAHAN, 1, 1, FP_COMBINE_ORDERED, pinf, 3)));
}
