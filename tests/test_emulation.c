/* test_emulation.c - the proof that the three columns run one computation: MPFR at 24 and 53
 * bits, with float's and double's exponent range and subnormals emulated, reproduces the
 * float and double kernels bit for bit, for every order, lane count, thread count, ordered
 * and tree combine, and FMA setting, on data whose partial sums pass through subnormals and
 * overflow. (The racy combine's merge order is its own test in test_reduce.c.) */
#include "config.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>
#include <stdlib.h>

#include "arith/fmt.h"
#include "arith/prng.h"
#include "arith/reduce.h"
#include "arith/rnd.h"
#include "helpers.h"

enum { N = 203 };

static const unsigned lanes[] = {1, 2, 4, 8, 16};
static const unsigned threads[] = {1, 2, 3, 5};
static const fp_combine combines[] = {FP_COMBINE_ORDERED, FP_COMBINE_TREE};

typedef enum { OP_SUM, OP_DOT, OP_DIST2 } kernel_op;

/* One precision under test: its inputs, and how to run op natively and in MPFR. */
typedef struct column {
	bool is_float;
	const fp_format *fmt; /* an emulated format (the _e kernels): xd, yd are its values */
	bool rounded;         /* the _r kernels in the thread's rounding (fmt: the format) */
	const double *xd, *yd;
	const float *xf, *yf;
} column;

/* Run op natively and in emulated MPFR under one knob setting; the result's bits must match. */
static void check_one(const column *col, const mvec *mx, const mvec *my, const fp_knobs *k,
                      kernel_op op)
{
	mpfr_prec_t bits = col->fmt ? col->fmt->p : col->is_float ? 24 : 53;
	reduce_ctx *c = reduce_new(k, bits,
	                           col->fmt        ? col->fmt
	                           : col->is_float ? FP_EMU_BINARY32
	                                           : FP_EMU_BINARY64,
	                           NULL);
	mpfr_t out;
	double got = (double)NAN, want;

	cr_assert_not_null(c);
	mpfr_init2(out, bits);
	if (col->is_float) {
		float g = NAN;

		if (op == OP_SUM)
			reduce_sum_f(c, col->xf, N, &g);
		else if (op == OP_DOT)
			reduce_dot_f(c, col->xf, col->yf, N, &g);
		else
			reduce_dist2_f(c, col->xf, col->yf, N, &g);
		got = (double)g;
	} else if (col->rounded) {
		if (op == OP_SUM)
			reduce_sum_r(c, col->xd, N, &got);
		else if (op == OP_DOT)
			reduce_dot_r(c, col->xd, col->yd, N, &got);
		else
			reduce_dist2_r(c, col->xd, col->yd, N, &got);
	} else if (col->fmt) {
		if (op == OP_SUM)
			reduce_sum_e(c, col->xd, N, &got);
		else if (op == OP_DOT)
			reduce_dot_e(c, col->xd, col->yd, N, &got);
		else
			reduce_dist2_e(c, col->xd, col->yd, N, &got);
	} else if (op == OP_SUM) {
		reduce_sum_d(c, col->xd, N, &got);
	} else if (op == OP_DOT) {
		reduce_dot_d(c, col->xd, col->yd, N, &got);
	} else {
		reduce_dist2_d(c, col->xd, col->yd, N, &got);
	}
	if (op == OP_SUM)
		reduce_sum_m(c, mx->p, N, out);
	else if (op == OP_DOT)
		reduce_dot_m(c, mx->p, my->p, N, out);
	else
		reduce_dist2_m(c, mx->p, my->p, N, out);
	/* a float result widened to double keeps its bits' meaning; compare in the format */
	want = col->is_float ? (double)mpfr_get_flt(out, MPFR_RNDN) : mpfr_get_d(out, MPFR_RNDN);
	cr_assert(bits_eq_d(got, want),
	          "op %d order %s lanes %u threads %u combine %d fma %d rounding %s: %s %a, "
	          "mpfr-%ld %a",
	          op, knobs_order_name(k->order), k->lanes, k->threads, k->combine, k->fma,
	          knobs_rounding_name(rnd_tls.mode),
	          col->fmt        ? col->fmt->name
	          : col->is_float ? "float"
	                          : "double",
	          got, (long)bits, want);
	mpfr_clear(out);
	reduce_free(c);
}

/* Every knob setting for one precision; returns how many were checked. */
static unsigned check_all(const column *col, kernel_op op)
{
	mvec mx, my;
	unsigned checked = 0;

	if (col->fmt) {
		mvec_from_d(&mx, col->xd, N, col->fmt->p);
		mvec_from_d(&my, col->yd, N, col->fmt->p);
	} else if (col->is_float) {
		mvec_from_f(&mx, col->xf, N, 24);
		mvec_from_f(&my, col->yf, N, 24);
	} else {
		mvec_from_d(&mx, col->xd, N, 53);
		mvec_from_d(&my, col->yd, N, 53);
	}
	for (int o = 0; o < FP_ORDER_COUNT; o++)
		for (size_t l = 0; l < 5; l++)
			for (size_t t = 0; t < 4; t++)
				for (size_t cb = 0; cb < 2; cb++)
					for (int f = 0; f < 2; f++) {
						fp_knobs k = knobs_default();

						/* the rounded kernels: lanes 1, 4, 16, threads 1, 3
						 */
						if (col->rounded && (l % 2 || t % 2))
							continue;
						k.order = (fp_order)o;
						k.shuffle_seed = 99;
						k.lanes = lanes[l];
						k.threads = threads[t];
						k.combine = combines[cb];
						k.fma = f;
						check_one(col, &mx, &my, &k, op);
						checked++;
					}
	mvec_clear(&mx);
	mvec_clear(&my);
	return checked;
}

static unsigned check_d(const double *x, const double *y, kernel_op op)
{
	column col = {.is_float = false, .xd = x, .yd = y};

	return check_all(&col, op);
}

static unsigned check_f(const float *x, const float *y, kernel_op op)
{
	column col = {.is_float = true, .xf = x, .yf = y};

	return check_all(&col, op);
}

/* Terms in [2^lo, 2^hi) with random signs. */
static void fill_d(double *x, int lo, int hi, prng *p)
{
	for (size_t i = 0; i < N; i++)
		x[i] = (prng_below(p, 2) ? -1.0 : 1.0) *
		       ldexp(1.0 + prng_uniform(p), lo + (int)prng_below(p, (uint64_t)(hi - lo)));
}

static void fill_f(float *x, int lo, int hi, prng *p)
{
	for (size_t i = 0; i < N; i++)
		x[i] = (float)((prng_below(p, 2) ? -1.0 : 1.0) *
		               ldexp(1.0 + prng_uniform(p),
		                     lo + (int)prng_below(p, (uint64_t)(hi - lo))));
}

#define ALL_SETTINGS (FP_ORDER_COUNT * 5 * 4 * 2 * 2)
/* the directed roundings' share (check_all): lanes 1, 4, 16, threads 1 and 3 */
#define ROUNDED_SETTINGS (FP_ORDER_COUNT * 3 * 2 * 2 * 2)

Test(emulation, double_ordinary_and_cancelling, .timeout = 120)
{
	double x[N], y[N];
	prng p;

	prng_seed(&p, test_seed());
	fill_d(x, -30, 30, &p);
	fill_d(y, -30, 30, &p);
	cr_assert_eq(check_d(x, y, OP_SUM), ALL_SETTINGS);
	cr_assert_eq(check_d(x, y, OP_DOT), ALL_SETTINGS);
	cr_assert_eq(check_d(x, y, OP_DIST2), ALL_SETTINGS);
}

Test(emulation, double_subnormal_partials, .timeout = 120)
{
	double x[N], y[N];
	prng p;

	prng_seed(&p, test_seed() + 1);
	/* Sums of subnormals are exact (Hauser 1996), so this half checks that nothing breaks;
	 * the products below all land in [2^-1090, 2^-1058): every one underflows, and a
	 * 53-bit MPFR without the emulated range would keep bits double cannot. */
	fill_d(x, -1074, -1015, &p);
	fill_d(y, -545, -530, &p);
	cr_assert_eq(check_d(x, x, OP_SUM), ALL_SETTINGS);
	cr_assert_eq(check_d(y, y, OP_DOT), ALL_SETTINGS);
}

Test(emulation, double_overflowing_partials, .timeout = 120)
{
	double x[N], y[N];
	prng p;

	prng_seed(&p, test_seed() + 2);
	fill_d(x, 1015, 1023, &p); /* partial sums overflow in some orders and not others */
	fill_d(y, 505, 512, &p);   /* products near 2^1023 */
	cr_assert_eq(check_d(x, x, OP_SUM), ALL_SETTINGS);
	cr_assert_eq(check_d(y, y, OP_DOT), ALL_SETTINGS);
}

Test(emulation, float_ordinary_and_cancelling, .timeout = 120)
{
	float x[N], y[N];
	prng p;

	prng_seed(&p, test_seed() + 3);
	fill_f(x, -20, 20, &p);
	fill_f(y, -20, 20, &p);
	cr_assert_eq(check_f(x, y, OP_SUM), ALL_SETTINGS);
	cr_assert_eq(check_f(x, y, OP_DOT), ALL_SETTINGS);
	cr_assert_eq(check_f(x, y, OP_DIST2), ALL_SETTINGS);
}

Test(emulation, float_subnormal_and_overflowing_partials, .timeout = 120)
{
	float x[N], y[N];
	prng p;

	prng_seed(&p, test_seed() + 4);
	fill_f(x, -149, -120, &p);
	fill_f(y, -80, -60, &p);
	cr_assert_eq(check_f(x, x, OP_SUM), ALL_SETTINGS);
	cr_assert_eq(check_f(y, y, OP_DOT), ALL_SETTINGS);
	fill_f(x, 120, 127, &p);
	fill_f(y, 60, 64, &p);
	cr_assert_eq(check_f(x, x, OP_SUM), ALL_SETTINGS);
	cr_assert_eq(check_f(y, y, OP_DOT), ALL_SETTINGS);
}

Test(emulation, mpfr_exponent_range_is_per_thread)
{
	/* racy runs set the emulated range inside each worker: MPFR must keep it per thread */
	cr_assert(mpfr_buildopt_tls_p(), "this MPFR is not thread-safe; racy MPFR runs would race");
}

/* Values of format f in [2^lo, 2^hi) with random signs (the double terms, rounded to f). */
static void fill_fmt(double *x, const fp_format *f, int lo, int hi, prng *p)
{
	fill_d(x, lo, hi, p);
	for (size_t i = 0; i < N; i++)
		x[i] = fmt_round(f, x[i]);
}

/* The _e kernels of every emulated format are MPFR at its p bits in its exponent range, with
 * its subnormals and its overflow rule, for every order, lane count, thread count, ordered
 * and tree combine and FMA setting: on ordinary terms, on terms whose products and partial
 * sums are subnormal, and on terms whose partial sums overflow (to infinity, to NaN in E4M3,
 * to the largest value in the saturating formats). */
Test(emulation, every_emulated_format, .timeout = 300)
{
	fp_format custom;
	char err[200];
	const fp_format *const f[] = {&fmt_fp16,     &fmt_bf16, &fmt_tf32,     &fmt_e4m3,
	                              &fmt_e4m3_sat, &fmt_e5m2, &fmt_e5m2_sat, &custom};
	double x[N], y[N];
	prng p;

	cr_assert(fmt_parse_custom("custom:p=6,emin=-30,emax=31", &custom, err, sizeof err), "%s",
	          err);
	prng_seed(&p, test_seed() + 5);
	for (size_t q = 0; q < sizeof f / sizeof f[0]; q++) {
		const int lo = f[q]->emin - f[q]->p + 1, top = f[q]->emax + 1;
		column col = {.fmt = f[q], .xd = x, .yd = y};

		/* ordinary, cancelling terms */
		fill_fmt(x, f[q], -4, 4, &p);
		fill_fmt(y, f[q], -4, 4, &p);
		cr_assert_eq(check_all(&col, OP_SUM), ALL_SETTINGS);
		cr_assert_eq(check_all(&col, OP_DOT), ALL_SETTINGS);
		cr_assert_eq(check_all(&col, OP_DIST2), ALL_SETTINGS);
		/* subnormal terms; products below the least subnormal */
		fill_fmt(x, f[q], lo, f[q]->emin + 2, &p);
		fill_fmt(y, f[q], (lo + f[q]->emin) / 2 - 1, (lo + f[q]->emin) / 2 + 3, &p);
		col.yd = x;
		cr_assert_eq(check_all(&col, OP_SUM), ALL_SETTINGS);
		col.xd = col.yd = y;
		cr_assert_eq(check_all(&col, OP_DOT), ALL_SETTINGS);
		/* partial sums and products past the largest value */
		fill_fmt(x, f[q], top - 3, top, &p);
		fill_fmt(y, f[q], top / 2 - 1, top / 2 + 1, &p);
		col.xd = col.yd = x;
		cr_assert_eq(check_all(&col, OP_SUM), ALL_SETTINGS);
		col.xd = col.yd = y;
		cr_assert_eq(check_all(&col, OP_DOT), ALL_SETTINGS);
		cr_assert_eq(check_all(&col, OP_DIST2), ALL_SETTINGS);
	}
}

/* The _e kernels with binary32 as their format are the float kernels, bit for bit, under every
 * knob: binary32's rounding of a double is the C conversion, so the emulation machinery (an
 * operation in double, rounded once) is checked against the machine's own float. */
Test(emulation, binary32_emulated_is_the_machine_float, .timeout = 120)
{
	float xf[N], yf[N];
	double xd[N], yd[N];
	prng p;

	prng_seed(&p, test_seed() + 6);
	fill_f(xf, -20, 20, &p);
	fill_f(yf, -20, 20, &p);
	for (size_t i = 0; i < N; i++) {
		xd[i] = (double)xf[i];
		yd[i] = (double)yf[i];
	}
	for (int o = 0; o < FP_ORDER_COUNT; o++)
		for (size_t l = 0; l < 5; l++)
			for (size_t t = 0; t < 4; t++)
				for (int f = 0; f < 2; f++) {
					fp_knobs k = knobs_default();
					reduce_ctx *c;
					float sf, df, ef;
					double se, de, ee;

					k.order = (fp_order)o;
					k.shuffle_seed = 5;
					k.lanes = lanes[l];
					k.threads = threads[t];
					k.combine = combines[(l + t) % 2];
					k.fma = f;
					c = reduce_new(&k, 24, &fmt_binary32, NULL);
					cr_assert_not_null(c);
					reduce_sum_f(c, xf, N, &sf);
					reduce_dot_f(c, xf, yf, N, &df);
					reduce_dist2_f(c, xf, yf, N, &ef);
					reduce_sum_e(c, xd, N, &se);
					reduce_dot_e(c, xd, yd, N, &de);
					reduce_dist2_e(c, xd, yd, N, &ee);
					cr_assert(bits_eq_d(se, (double)sf) &&
					              bits_eq_d(de, (double)df) &&
					              bits_eq_d(ee, (double)ef),
					          "order %s lanes %u threads %u fma %d",
					          knobs_order_name(k.order), k.lanes, k.threads, f);
					reduce_free(c);
				}
}

/* MPFR's view of a mixed-precision reduction, written here independently of the kernels: the
 * terms dealt round-robin to L lanes; a lane starts with its first term rounded to acc (x[i],
 * x[i]*y[i], or (x[i]-y[i])^2 with the difference and the square each rounded) and adds the
 * next ones in sequence, every operation on the exact inputs rounded once to acc (its p bits,
 * range and subnormals); the lanes are combined ((l0 + l1) + (l2 + l3)) in acc, and the result
 * rounded once to the storage format. */
static double mixed_reference(const fp_format *storage, const fp_format *acc, const double *x,
                              const double *y, size_t n, unsigned L, kernel_op op, bool fused)
{
	mpfr_t lane[FP_LANES_MAX], xi, yi, d, pr;
	unsigned used = n < L ? (unsigned)n : L;
	double r;

	mpfr_inits2(53, xi, yi, (mpfr_ptr)0); /* the inputs, exactly */
	mpfr_inits2(acc->p, d, pr, (mpfr_ptr)0);
	for (unsigned l = 0; l < L; l++)
		mpfr_init2(lane[l], acc->p);
	for (size_t i = 0; i < n; i++) {
		mpfr_ptr a = lane[i % L];
		bool first = i < L;

		mpfr_set_d(xi, x[i], MPFR_RNDN);
		mpfr_set_d(yi, y[i], MPFR_RNDN);
		if (op == OP_SUM) {
			if (first)
				fmt_mpfr_round(acc, a, mpfr_set(a, xi, MPFR_RNDN));
			else
				fmt_mpfr_round(acc, a, mpfr_add(a, a, xi, MPFR_RNDN));
			continue;
		}
		if (op == OP_DIST2) { /* the difference, rounded, squared */
			fmt_mpfr_round(acc, d, mpfr_sub(d, xi, yi, MPFR_RNDN));
			mpfr_set_prec(xi, acc->p);
			mpfr_set_prec(yi, acc->p);
			mpfr_set(xi, d, MPFR_RNDN);
			mpfr_set(yi, d, MPFR_RNDN);
		}
		if (first) {
			fmt_mpfr_round(acc, a, mpfr_mul(a, xi, yi, MPFR_RNDN));
		} else if (fused) {
			fmt_mpfr_round(acc, a, mpfr_fma(a, xi, yi, a, MPFR_RNDN));
		} else {
			fmt_mpfr_round(acc, pr, mpfr_mul(pr, xi, yi, MPFR_RNDN));
			fmt_mpfr_round(acc, a, mpfr_add(a, a, pr, MPFR_RNDN));
		}
		mpfr_set_prec(xi, 53);
		mpfr_set_prec(yi, 53);
	}
	for (unsigned w = 1; w < used; w *= 2)
		for (unsigned l = 0; l + w < used; l += 2 * w)
			fmt_mpfr_round(acc, lane[l],
			               mpfr_add(lane[l], lane[l], lane[l + w], MPFR_RNDN));
	r = fmt_round_mpfr(storage, lane[0]);
	for (unsigned l = 0; l < L; l++)
		mpfr_clear(lane[l]);
	mpfr_clears(xi, yi, d, pr, (mpfr_ptr)0);
	return r;
}

/* bf16 and fp16 values accumulated in float, tf32 and double, fp16 in bf16, and float
 * accumulated in fp16 and double: the kernels under seq order, 1 to 16 lanes, fma off and on,
 * against mixed_reference. Different accumulation formats give different results (the knob
 * acts), and accumulating in the run's own format is the run without the knob. */
Test(emulation, mixed_precision_is_mpfr_in_two_formats, .timeout = 120)
{
	static const struct {
		const fp_format *storage, *acc;
	} pairs[] = {{&fmt_bf16, &fmt_binary32},    {&fmt_bf16, &fmt_tf32},
	             {&fmt_fp16, &fmt_binary32},    {&fmt_fp16, &fmt_bf16},
	             {&fmt_fp16, &fmt_binary64},    {&fmt_binary32, &fmt_fp16},
	             {&fmt_binary32, &fmt_binary64}};
	double x[N], y[N];
	prng p;
	unsigned differs = 0;

	prng_seed(&p, test_seed() + 7);
	for (size_t q = 0; q < sizeof pairs / sizeof pairs[0]; q++) {
		const fp_format *s = pairs[q].storage, *a = pairs[q].acc;

		fill_fmt(x, s, -3, 3, &p);
		fill_fmt(y, s, -3, 3, &p);
		for (size_t l = 0; l < 5; l++)
			for (int f = 0; f < 2; f++)
				for (int op = OP_SUM; op <= OP_DIST2; op++) {
					fp_knobs k = knobs_default();
					reduce_ctx *c, *plain;
					double got, own, want;

					k.lanes = lanes[l];
					k.fma = f;
					c = reduce_new(&k, s->p, s, NULL);
					plain = reduce_new(&k, s->p, s, NULL);
					reduce_set_accum(c, a);
					if (op == OP_SUM) {
						reduce_sum_e(c, x, N, &got);
						reduce_sum_e(plain, x, N, &own);
					} else if (op == OP_DOT) {
						reduce_dot_e(c, x, y, N, &got);
						reduce_dot_e(plain, x, y, N, &own);
					} else {
						reduce_dist2_e(c, x, y, N, &got);
						reduce_dist2_e(plain, x, y, N, &own);
					}
					want = mixed_reference(s, a, x, y, N, k.lanes,
					                       (kernel_op)op, f);
					cr_assert(bits_eq_d(got, want),
					          "%s in %s, lanes %u, fma %d, op %d: %a, MPFR %a",
					          s->name, a->name, k.lanes, f, op, got, want);
					ASSERT_BITS_D(own, mixed_reference(s, s, x, y, N, k.lanes,
					                                   (kernel_op)op, f));
					differs += !bits_eq_d(got, own);
					reduce_free(c);
					reduce_free(plain);
				}
	}
	cr_assert_gt(differs, 50, "the accumulation format changed only %u results", differs);
}

/* The directed roundings: the _r kernels of binary64, binary32 and two emulated formats under
 * up, down and zero are MPFR rounding every operation in the same mode, in the format's range
 * with its subnormals and overflow rule, for every order (exact: the exact sum rounded once in
 * the mode), lanes 1, 4 and 16, threads 1 and 3, both combines and FMA settings: the proof
 * nearest has above, for the IEEE 754 directed modes (fewer lane and thread counts: this runs
 * under valgrind too). */
Test(emulation, directed_rounding_is_mpfr_in_the_same_mode, .timeout = 300)
{
	const fp_format *const f[] = {&fmt_binary64, &fmt_binary32, &fmt_fp16,
	                              &fmt_bf16,     &fmt_e4m3,     &fmt_e5m2_sat};
	const fp_rounding modes[] = {FP_ROUNDING_UP, FP_ROUNDING_DOWN, FP_ROUNDING_ZERO};
	double x[N], y[N];
	prng p;

	prng_seed(&p, test_seed() + 6);
	for (size_t q = 0; q < sizeof f / sizeof f[0]; q++)
		for (size_t m = 0; m < 3; m++) {
			const int lo = f[q]->emin - f[q]->p + 1, top = f[q]->emax + 1;
			column col = {.fmt = f[q], .rounded = true, .xd = x, .yd = y};

			rnd_begin(modes[m], 53, 0, 0);
			fill_fmt(x, f[q], -4, 4, &p);
			fill_fmt(y, f[q], -4, 4, &p);
			cr_assert_eq(check_all(&col, OP_SUM), ROUNDED_SETTINGS);
			cr_assert_eq(check_all(&col, OP_DOT), ROUNDED_SETTINGS);
			cr_assert_eq(check_all(&col, OP_DIST2), ROUNDED_SETTINGS);
			fill_fmt(x, f[q], lo, f[q]->emin + 2, &p); /* subnormal terms */
			col.yd = x;
			cr_assert_eq(check_all(&col, OP_SUM), ROUNDED_SETTINGS);
			fill_fmt(y, f[q], top / 2 - 1, top / 2 + 1, &p); /* products past the top */
			col.xd = col.yd = y;
			cr_assert_eq(check_all(&col, OP_DOT), ROUNDED_SETTINGS);
		}
	rnd_begin(FP_ROUNDING_NEAREST, 53, 0, 0);
}
