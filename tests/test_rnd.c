/* test_rnd.c - the rounding knob's operations (arith/rnd.h): the directed modes against MPFR
 * rounding the same operation in the same mode, with the format's exponent range, subnormals
 * and overflow rule, bit for bit; random and sr against their definitions (one of the two
 * neighbours, exact results kept, sr's frequencies); mca's perturbations; the streams. */
#include "config.h"

#include <criterion/criterion.h>
#include <float.h>
#include <math.h>

#include "arith/fmt.h"
#include "arith/prng.h"
#include "arith/rnd.h"
#include "helpers.h"

static const fp_format *const formats[] = {&fmt_binary64, &fmt_binary32, &fmt_fp16,    &fmt_bf16,
                                           &fmt_e4m3,     &fmt_e5m2,     &fmt_e4m3_sat};
#define NFORMATS (sizeof formats / sizeof formats[0])
static const fp_rounding directed[] = {FP_ROUNDING_UP, FP_ROUNDING_DOWN, FP_ROUNDING_ZERO};
static const mpfr_rnd_t mpfr_modes[] = {MPFR_RNDU, MPFR_RNDD, MPFR_RNDZ};

/* A value of f: random sign, exponent from the least subnormal's to the largest binade's,
 * random significand; now and then a zero, the largest value, the least subnormal. */
static double draw(const fp_format *f, prng *p)
{
	const int lo = f->emin - f->p + 1, hi = f->emax;
	uint64_t r = prng_below(p, 40);
	double s = prng_below(p, 2) ? -1.0 : 1.0, x;

	if (r == 0)
		return s * 0.0;
	if (r == 1)
		return s * f->max;
	if (r == 2)
		return s * f->quantum;
	x = ldexp(1.0 + prng_uniform(p), lo + (int)prng_below(p, (uint64_t)(hi - lo + 1)));
	if (r < 20) /* near 1: ordinary arithmetic, cancellation */
		x = ldexp(1.0 + prng_uniform(p), (int)prng_below(p, 7) - 3);
	return fmt_round(f, s * x);
}

/* MPFR's result of op in mode rnd, brought into f */
static double want(const fp_format *f, rnd_op op, double a, double b, double c, mpfr_rnd_t rnd)
{
	mpfr_t r, A, B, C;
	double d;
	int t;

	mpfr_init2(r, f->p);
	mpfr_inits2(53, A, B, C, (mpfr_ptr)0);
	mpfr_set_d(A, a, MPFR_RNDN);
	mpfr_set_d(B, b, MPFR_RNDN);
	mpfr_set_d(C, c, MPFR_RNDN);
	switch (op) {
	case RND_ADD:
		t = mpfr_add(r, A, B, rnd);
		break;
	case RND_MUL:
		t = mpfr_mul(r, A, B, rnd);
		break;
	case RND_DIV:
		t = mpfr_div(r, A, B, rnd);
		break;
	case RND_SQRT:
		t = mpfr_sqrt(r, A, rnd);
		break;
	case RND_FMA:
		t = mpfr_fma(r, A, B, C, rnd);
		break;
	case RND_EXP:
		t = mpfr_exp(r, A, rnd);
		break;
	default:
		t = mpfr_log(r, A, rnd);
		break;
	}
	fmt_mpfr_round_mode(f, r, t, rnd);
	d = mpfr_get_d(r, MPFR_RNDN);
	mpfr_clears(r, A, B, C, (mpfr_ptr)0);
	return d;
}

static double got(const fp_format *f, rnd_op op, double a, double b, double c)
{
	switch (op) {
	case RND_ADD:
		return rnd_add(f, a, b);
	case RND_MUL:
		return rnd_mul(f, a, b);
	case RND_DIV:
		return rnd_div(f, a, b);
	case RND_SQRT:
		return rnd_sqrt(f, a);
	case RND_FMA:
		return rnd_fma(f, a, b, c);
	case RND_EXP:
		return rnd_exp(f, a);
	default:
		return rnd_log(f, a);
	}
}

static const char *const op_names[] = {"add", "mul", "div", "sqrt", "fma", "exp", "log"};

/* Every operation in every directed mode and format, on values across the whole range:
 * ordinary, cancelling, subnormal, overflowing, zero; bit for bit with MPFR (signed zeros
 * and NaN included). */
Test(rnd, directed_modes_are_mpfrs, .timeout = 120)
{
	prng p;
	unsigned checked = 0;

	prng_seed(&p, test_seed() + 11);
	for (size_t q = 0; q < NFORMATS; q++)
		for (size_t m = 0; m < 3; m++) {
			rnd_begin(directed[m], 53, 1, 0);
			for (int op = RND_ADD; op <= RND_LOG; op++)
				for (int i = 0; i < (op >= RND_EXP ? 300 : 3000); i++) {
					const fp_format *f = formats[q];
					double a = draw(f, &p), b = draw(f, &p), c = draw(f, &p);
					double w, g;

					if (op == RND_SQRT || op == RND_LOG)
						a = fabs(a);
					if (op == RND_EXP) /* arguments whose result is in range or
					                      near */
						a = fmt_round(f, a * 0x1p-4);
					if (i % 7 == 0 && op == RND_ADD)
						b = fmt_round(
						    f, -a * (1 + 0x1p-10)); /* cancellation */
					w = want(f, (rnd_op)op, a, b, c, mpfr_modes[m]);
					g = got(f, (rnd_op)op, a, b, c);
					cr_assert(bits_eq_d(g, w),
					          "%s %s mode %d: %a, %a, %a: got %a, MPFR %a",
					          f->name, op_names[op], (int)directed[m], a, b, c,
					          g, w);
					checked++;
				}
		}
	rnd_begin(FP_ROUNDING_NEAREST, 53, 0, 0);
	cr_assert_eq(checked, NFORMATS * 3 * (5 * 3000 + 2 * 300));
}

/* random: each inexact result is one of its two neighbours (MPFR's down and up), both turn
 * up, and an exact result stays exact. */
Test(rnd, random_gives_one_of_the_two_neighbours)
{
	prng p;

	prng_seed(&p, test_seed() + 12);
	rnd_begin(FP_ROUNDING_RANDOM, 53, 7, 0);
	for (size_t q = 0; q < NFORMATS; q++) {
		const fp_format *f = formats[q];
		unsigned ups = 0, downs = 0;

		for (int i = 0; i < 4000; i++) {
			double a = draw(f, &p), b = draw(f, &p);
			double d = want(f, RND_ADD, a, b, 0, MPFR_RNDD);
			double u = want(f, RND_ADD, a, b, 0, MPFR_RNDU);
			double g = rnd_add(f, a, b);

			cr_assert(bits_eq_d(g, d) || bits_eq_d(g, u),
			          "%s: %a + %a = %a, not %a or %a", f->name, a, b, g, d, u);
			if (!bits_eq_d(d, u)) {
				ups += bits_eq_d(g, u);
				downs += bits_eq_d(g, d);
			}
		}
		cr_assert(ups > 100 && downs > 100, "%s: %u up, %u down", f->name, ups, downs);
		cr_assert_eq(rnd_add(f, 1.0, 1.0), 2.0); /* exact: no rounding at all */
		cr_assert_eq(rnd_mul(f, 0.5, 0.75), 0.375);
	}
	rnd_begin(FP_ROUNDING_NEAREST, 53, 0, 0);
}

/* sr: x a quarter of the way from a to b goes to b one time in four (within 5 standard
 * deviations of n = 40000 draws), in binary64 (1 + 2^-54), binary32 and fp16; exact results
 * stay exact. */
Test(rnd, sr_rounds_up_with_the_distance_as_probability)
{
	const struct {
		const fp_format *f;
		double a, b, frac; /* a + b lies at frac of the way from a to its upper neighbour */
	} cases[] = {
	    {&fmt_binary64, 1.0, 0x1p-54, 0.25},
	    {&fmt_binary32, 1.0, 0x1p-24 + 0x1p-25, 0.75},
	    {&fmt_fp16, 1024.0, 0.125, 0.125},
	    {&fmt_bf16, 1.0, 0x1p-9, 0.25},
	};
	const int n = 40000;

	rnd_begin(FP_ROUNDING_SR, 53, 3, 0);
	for (size_t q = 0; q < sizeof cases / sizeof cases[0]; q++) {
		const fp_format *f = cases[q].f;
		double up = fmt_next(f, cases[q].a, 1),
		       sd = sqrt(n * cases[q].frac * (1 - cases[q].frac));
		int ups = 0;

		if (f->identity)
			up = nextafter(cases[q].a, (double)INFINITY);
		for (int i = 0; i < n; i++) {
			double g = rnd_add(f, cases[q].a, cases[q].b);

			cr_assert(bits_eq_d(g, up) || bits_eq_d(g, cases[q].a), "%s: %a", f->name,
			          g);
			ups += bits_eq_d(g, up);
		}
		cr_assert(fabs(ups - n * cases[q].frac) < 5 * sd, "%s: %d of %d up, expected %g",
		          f->name, ups, n, n * cases[q].frac);
		cr_assert_eq(rnd_add(f, 3.0, 5.0), 8.0);
	}
	rnd_begin(FP_ROUNDING_NEAREST, 53, 0, 0);
}

/* mca:T perturbs by at most 2^(e - T) for each of the operands and the result: at T = 20
 * the sum 1/3 + 1/3 spreads over about 2^-20 with mean 2/3; exact operations on values
 * representable on T bits stay exact; T = 53 in binary64 keeps 1 + 1. */
Test(rnd, mca_perturbs_at_the_virtual_precision)
{
	const double third = 1.0 / 3.0;
	double sum = 0, sq = 0, lo = (double)INFINITY, hi = -(double)INFINITY;
	const int n = 20000;

	rnd_begin(FP_ROUNDING_MCA, 20, 5, 0);
	for (int i = 0; i < n; i++) {
		double g = rnd_add(&fmt_binary64, third, third);

		sum += g;
		sq += (g - 2 * third) * (g - 2 * third);
		lo = fmin(lo, g);
		hi = fmax(hi, g);
	}
	/* three uniform perturbations of width 2^-21, 2^-21 and 2^-20: sd about 2^-20 / sqrt 2 */
	cr_assert(fabs(sum / n - 2 * third) < 0x1p-26, "mean %a", sum / n);
	cr_assert(sqrt(sq / n) > 0x1p-22 && sqrt(sq / n) < 0x1p-20, "sd %a", sqrt(sq / n));
	cr_assert(hi - lo < 0x1p-19 && hi - lo > 0x1p-22, "range %a", hi - lo);
	cr_assert_eq(rnd_add(&fmt_binary64, 1.5, 0.25), 1.75);
	/* a perturbation past the largest value overflows as the format says (found by
	 * fuzz_report: UBSan saw ilogb(infinity) + 1) */
	{
		int inf = 0;

		for (int i = 0; i < 64; i++) {
			double g = rnd_add(&fmt_binary64, DBL_MAX, 0.0);

			cr_assert(isinf(g) ? g > 0 : fabs(g) <= DBL_MAX && g > DBL_MAX / 2, "%a",
			          g);
			inf += isinf(g) != 0;
		}
		cr_assert(inf > 0 && inf < 64, "%d of 64 overflowed", inf);
	}
	rnd_begin(FP_ROUNDING_MCA, 53, 5, 0);
	cr_assert_eq(rnd_add(&fmt_binary64, 1.0, 1.0), 2.0);
	rnd_begin(FP_ROUNDING_NEAREST, 53, 0, 0);
}

/* The streams: the same seed and draw give the same roundings, another draw others; a key
 * restarts the stream at the same place whatever was drawn before; a fork's parts adopt
 * their own streams. */
Test(rnd, streams_are_reproducible_and_keyed)
{
	double a[64], b[64];

	rnd_begin(FP_ROUNDING_RANDOM, 53, 42, 0);
	for (int i = 0; i < 64; i++)
		a[i] = rnd_div(&fmt_binary64, 1.0, 3.0 + i);
	rnd_begin(FP_ROUNDING_RANDOM, 53, 42, 0);
	for (int i = 0; i < 64; i++)
		cr_assert(bits_eq_d(rnd_div(&fmt_binary64, 1.0, 3.0 + i), a[i]));
	rnd_begin(FP_ROUNDING_RANDOM, 53, 42, 1);
	for (int i = 0; i < 64; i++)
		b[i] = rnd_div(&fmt_binary64, 1.0, 3.0 + i);
	cr_assert(memcmp(a, b, sizeof a) != 0, "draw 1 repeats draw 0");
	rnd_key(9);
	for (int i = 0; i < 64; i++)
		a[i] = rnd_div(&fmt_binary64, 1.0, 3.0 + i);
	(void)rnd_div(&fmt_binary64, 1.0, 7.0);
	rnd_key(9);
	for (int i = 0; i < 64; i++)
		cr_assert(bits_eq_d(rnd_div(&fmt_binary64, 1.0, 3.0 + i), a[i]));
	rnd_begin(FP_ROUNDING_NEAREST, 53, 0, 0);
}
