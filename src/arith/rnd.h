/* rnd.h - the rounding knob: every floating-point operation rounded up, down, toward zero,
 * at random, stochastically, or perturbed as Monte Carlo Arithmetic does.
 *
 * The modes (knobs.h, FP_ROUNDING_LIST):
 *   nearest  IEEE 754's default, ties to even: the arithmetic of every other module.
 *   up, down, zero  IEEE 754's directed roundings (roundTowardPositive, roundTowardNegative,
 *            roundTowardZero), overflow included: toward zero a result beyond the largest
 *            value is that value, away from zero it is the format's overflow (fmt.h).
 *   random   an inexact result is rounded up or down with probability 1/2 each, as Verrou's
 *            random mode (Févotte and Lathuilière, "VERROU: a CESTAC evaluation without
 *            recompilation", SCAN 2016).
 *   sr       stochastic rounding: x between its neighbours a < x < b goes to b with
 *            probability (x - a)/(b - a), to a otherwise (Forsythe 1959; Connolly, Higham
 *            and Mary, "Stochastic rounding and its probabilistic backward error analysis",
 *            SIAM J. Sci. Comput. 43(1), 2021), as ML accelerators implement it.
 *   mca:T    Monte Carlo Arithmetic at virtual precision T (Parker, "Monte Carlo
 *            arithmetic: exploiting randomness in floating-point arithmetic", UIUC report
 *            R-97-1992, 1997; Verificarlo's mca mode, Denis, de Oliveira Castro and Petit,
 *            ARITH 2016): each operand and the exact result x of each operation become
 *            x + 2^(e(x) - T) xi, e(x) = floor(log2 |x|) + 1 and xi uniform in (-1/2, 1/2),
 *            then the result is rounded to nearest. Zeros and values already representable on
 *            T bits are left as they are (an exact operation stays exact, as Verificarlo's
 *            rr mode keeps it). The perturbed values are carried in double-double (float and
 *            the emulated formats: in double) and rounded once.
 *
 * Float, double and the emulated formats hold their values in doubles here (the templates'
 * FP_T_RND instantiation, suffix _r). Each operation learns its exact result as hi + lo with
 * an error-free transformation (TwoSum, Knuth TAOCP vol. 2, 4.2.2; the product's error by an
 * fma, as TwoProduct with FMA, Ogita, Rump and Oishi, "Accurate sum and dot product", SIAM J.
 * Sci. Comput. 26(6), 2005; the remainders of / and sqrt by an fma, Boldo and Daumas 2003):
 * hi is the double nearest x and lo has x - hi's sign, so the two neighbours of x in the format
 * and the side x lies on are known without MPFR. Where an error-free transformation is not
 * exact (underflow, overflow, infinities, NaN) and for exp and log, MPFR computes the
 * neighbours (rnd.c). tests/test_rnd.c compares the directed modes with MPFR's, operation by
 * operation, and the random modes with their definitions.
 *
 * The random modes draw from a stream per thread (xoshiro256**, prng.h) set by rnd_begin from
 * the run's seed and sample; rnd_key restarts it at a key (k-means: a chunk of points), and a
 * reduction's parts take streams forked from their caller (rnd_fork, rnd_adopt), so that the
 * bits do not depend on which thread computes what. The MPFR precision rounds in the directed
 * modes (rnd_mpfr); under random, sr and mca it stays the reference and rounds to nearest.
 */
#ifndef FPDRIFT_RND_H
#define FPDRIFT_RND_H

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <mpfr.h>

#include "arith/fmt.h"
#include "arith/knobs.h"
#include "arith/prng.h"

/* Is x a zero (either sign)? */
#define RND_IS0(x) (fpclassify(x) == FP_ZERO)

/* The state of the calling thread's rounding. */
typedef struct rnd_state {
	fp_rounding mode;
	unsigned t;     /* mca: the virtual precision */
	uint64_t base;  /* the run's seed and sample: keyed streams derive from it */
	uint64_t bits;  /* random: unused random bits, consumed from the low end */
	unsigned nbits; /* how many */
	prng g;
} rnd_state;

extern _Thread_local rnd_state rnd_tls;

/* Start the calling thread's rounding for a run: mode, mca's T, and the stream of (seed, draw). */
void rnd_begin(fp_rounding mode, unsigned t, uint64_t seed, unsigned draw);
/* Restart the stream at key (a function of the run's stream and key only). */
void rnd_key(uint64_t key);
/* A seed for the streams of a reduction's parts, drawn from the caller's stream (0 when the
 * mode draws nothing). */
uint64_t rnd_fork(void);
/* On a part's thread: parent's mode and base, and the stream of part p of fork. */
void rnd_adopt(const rnd_state *parent, uint64_t fork, unsigned p);
/* Is mode one that draws random numbers (random, sr, mca)? */
bool rnd_is_random(fp_rounding mode);
/* MPFR's rounding for the calling thread: the directed modes, else to nearest. */
static inline mpfr_rnd_t rnd_mpfr(void)
{
	switch (rnd_tls.mode) {
	case FP_ROUNDING_UP:
		return MPFR_RNDU;
	case FP_ROUNDING_DOWN:
		return MPFR_RNDD;
	case FP_ROUNDING_ZERO:
		return MPFR_RNDZ;
	default:
		return MPFR_RNDN;
	}
}

/* The operations (RND_ADD .. RND_LOG) for the slow paths. */
typedef enum { RND_ADD, RND_MUL, RND_DIV, RND_SQRT, RND_FMA, RND_EXP, RND_LOG } rnd_op;

/* The exact result of op on a, b, c rounded to f in the thread's mode, computed through MPFR:
 * the paths the error-free transformations do not cover, and mca. */
double rnd_slow(const fp_format *f, rnd_op op, double a, double b, double c);
double rnd_mca(const fp_format *f, rnd_op op, double a, double b, double c);
/* x = hi + lo (hi the double nearest x, lo of x - hi's sign) rounded to f in the thread's
 * mode; hi finite and, when lo is not zero, not zero. */
double rnd_finish_slow(const fp_format *f, double hi, double lo);
/* x rounded to f in the thread's mode, given X, the value nearest x on 128 bits or more (or
 * rounded down), and t the sign of X - x (MPFR's ternary value) */
double rnd_round_mpfr(const fp_format *f, mpfr_srcptr X, int t);

/* 64 random bits at a time, one per random rounding */
static inline uint64_t rnd_coin(void)
{
	uint64_t b;

	if (__builtin_expect(rnd_tls.nbits == 0, 0)) {
		rnd_tls.bits = prng_next_inline(&rnd_tls.g);
		rnd_tls.nbits = 64;
	}
	b = rnd_tls.bits & 1;
	rnd_tls.bits >>= 1;
	rnd_tls.nbits--;
	return b;
}

/* uniform in [0, 1), 53 bits: prng_uniform's draw, inline */
static inline double rnd_uniform(void)
{
	return (double)(prng_next_inline(&rnd_tls.g) >> 11) * 0x1.0p-53;
}

/* Is the neighbour `away` (at distance dist from base, x between them at distance delta from
 * base) the mode's result? */
static inline bool rnd_take_away(double base, double away, double delta, double dist)
{
	switch (rnd_tls.mode) {
	case FP_ROUNDING_UP:
		return away > base;
	case FP_ROUNDING_DOWN:
		return away < base;
	case FP_ROUNDING_ZERO:
		return fabs(away) < fabs(base);
	case FP_ROUNDING_RANDOM:
		return rnd_coin();
	case FP_ROUNDING_SR:
		return rnd_uniform() * dist < delta;
	default:
		return false;
	}
}

/* hi + lo in binary64: hi, or its neighbour on lo's side. Written without branches on the
 * data (the choice is as random as the data and the draws: a branch would be mispredicted
 * half the time): the neighbour is one step of hi's bits, up in magnitude when lo has hi's
 * sign; beyond the largest value the step gives infinity, at distance 2^971 for sr. */
static inline __attribute__((always_inline)) double rnd_finish64(double hi, double lo)
{
	const uint64_t hb = fmt_bits_(hi), lb = fmt_bits_(lo);
	const uint64_t opposite = (hb ^ lb) >> 63; /* 1 when lo points toward zero */
	const uint64_t step = 1 - 2 * opposite;    /* +1 or -1 (mod 2^64) on hi's bits */
	const bool inexact = !RND_IS0(lo);
	uint64_t take;

	switch (rnd_tls.mode) {
	case FP_ROUNDING_UP:
		take = lo > 0;
		break;
	case FP_ROUNDING_DOWN:
		take = lo < 0;
		break;
	case FP_ROUNDING_ZERO:
		take = opposite & inexact;
		break;
	case FP_ROUNDING_RANDOM:
		take = rnd_coin() & inexact;
		break;
	case FP_ROUNDING_SR: {
		const double away = fmt_from_bits_(hb + step);
		const double dist = isinf(away) ? 0x1p971 : fabs(away - hi);

		take = rnd_uniform() * dist < fabs(lo);
		break;
	}
	default:
		take = 0;
		break;
	}
	return fmt_from_bits_(hb + (step & (0 - take))); /* a select without a branch */
}

static inline __attribute__((always_inline)) double rnd_finish(const fp_format *f, double hi,
                                                               double lo)
{
	double n;

	if (f->identity)
		return rnd_finish64(hi, lo);
	n = fmt_round(f, hi);
	if (!(fabs(n) <= f->max) || !(fabs(hi) <= f->max) || RND_IS0(n))
		return rnd_finish_slow(f, hi, lo);
	if (!(n < hi) && !(n > hi)) { /* hi is a value of the format: lo says the side */
		double away;

		if (RND_IS0(lo))
			return hi;
		away = fmt_next(f, hi, lo > 0 ? 1 : -1);
		if (!isfinite(away) || fabs(away) > f->max)
			return rnd_finish_slow(f, hi, lo);
		return rnd_take_away(hi, away, fabs(lo), fabs(away - hi)) ? away : hi;
	} else {
		double away = fmt_next(f, n, hi > n ? 1 : -1);
		double delta = fabs((hi - n) + lo);

		if (!isfinite(away) || fabs(away) > f->max)
			return rnd_finish_slow(f, hi, lo);
		return rnd_take_away(n, away, delta, fabs(away - n)) ? away : n;
	}
}

/* The operations. Each returns op's exact result rounded to f in the thread's mode. */
static inline __attribute__((always_inline)) double rnd_add(const fp_format *f, double a, double b)
{
	/* TwoSum (Knuth): e = (a + b) - s exactly, without a branch on which operand is larger
	 * (in a distance's first terms that is as random as the data) */
	const double s = a + b, bb = s - a, e = (a - (s - bb)) + (b - bb);

	if (rnd_tls.mode == FP_ROUNDING_MCA)
		return rnd_mca(f, RND_ADD, a, b, 0);
	if (__builtin_expect(!isfinite(e), 0)) /* s, or TwoSum's own steps, overflowed */
		return rnd_slow(f, RND_ADD, a, b, 0);
	if (__builtin_expect(RND_IS0(s), 0)) /* an exact zero: IEEE 754's sign rule */
		return RND_IS0(a) && RND_IS0(b) && signbit(a) == signbit(b)
		           ? a
		           : (rnd_tls.mode == FP_ROUNDING_DOWN ? -0.0 : 0.0);
	return rnd_finish(f, s, e);
}

static inline __attribute__((always_inline)) double rnd_sub(const fp_format *f, double a, double b)
{
	return rnd_add(f, a, -b);
}

/* Is x within the range where the error-free products below are exact: 2^-480 <= |x| <=
 * 2^480 (the splitting cannot overflow, the partial products cannot underflow)? */
static inline bool rnd_in_split_range(double x)
{
	return fabs(x) >= 0x1p-480 && fabs(x) <= 0x1p480;
}

/* The error of the product p = RN(a b): a b - p exactly, for a and b in the split range, by
 * Dekker's product with Veltkamp's splitting (Dekker 1971): no fma, which baseline x86-64 has
 * only as a library call. */
static inline double rnd_two_prod(double a, double b, double p)
{
	const double ca = a * 134217729.0, cb = b * 134217729.0; /* 2^27 + 1 */
	const double ah = ca - (ca - a), al = a - ah, bh = cb - (cb - b), bl = b - bh;

	return ((ah * bh - p) + ah * bl + al * bh) + al * bl;
}

static inline __attribute__((always_inline)) double rnd_mul(const fp_format *f, double a, double b)
{
	const double p = a * b;

	if (rnd_tls.mode == FP_ROUNDING_MCA)
		return rnd_mca(f, RND_MUL, a, b, 0);
	if (__builtin_expect(!rnd_in_split_range(a) || !rnd_in_split_range(b), 0)) {
		if (RND_IS0(a) || RND_IS0(b)) /* an exact zero */
			return p;
		return rnd_slow(f, RND_MUL, a, b, 0);
	}
	return rnd_finish(f, p, rnd_two_prod(a, b, p));
}

static inline double rnd_div(const fp_format *f, double a, double b)
{
	const double q = a / b;
	double ph;

	if (rnd_tls.mode == FP_ROUNDING_MCA)
		return rnd_mca(f, RND_DIV, a, b, 0);
	if (__builtin_expect(
	        !rnd_in_split_range(q) || !rnd_in_split_range(a) || !rnd_in_split_range(b), 0)) {
		if (RND_IS0(a) && !RND_IS0(b) && !isnan(b)) /* 0 / b */
			return q;
		return rnd_slow(f, RND_DIV, a, b, 0);
	}
	/* a - q b exactly (the remainder of a correctly rounded quotient is a double, a - q b's
	 * high part cancels exactly): the quotient's error is that over b */
	ph = q * b;
	return rnd_finish(f, q, ((a - ph) - rnd_two_prod(q, b, ph)) / b);
}

static inline double rnd_sqrt(const fp_format *f, double a)
{
	const double q = sqrt(a);
	double ph;

	if (rnd_tls.mode == FP_ROUNDING_MCA)
		return rnd_mca(f, RND_SQRT, a, 0, 0);
	if (!(a >= 0x1p-900 && a <= 0x1p900)) {
		if (RND_IS0(a)) /* sqrt(+-0) = +-0 */
			return q;
		return rnd_slow(f, RND_SQRT, a, 0, 0);
	}
	ph = q * q;
	return rnd_finish(f, q, ((a - ph) - rnd_two_prod(q, q, ph)) / (2 * q));
}

double rnd_fma(const fp_format *f, double a, double b, double c);
double rnd_exp(const fp_format *f, double a);
double rnd_log(const fp_format *f, double a);

/* x (a double) rounded to f in the thread's mode */
static inline double rnd_set(const fp_format *f, double x)
{
	if (rnd_tls.mode == FP_ROUNDING_MCA)
		return rnd_mca(f, RND_ADD, x, 0, 0);
	if (!isfinite(x))
		return fmt_round(f, x);
	return rnd_finish(f, x, 0.0);
}

#endif
