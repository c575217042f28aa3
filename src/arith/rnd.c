/* rnd.c - the rounding knob's streams, its MPFR paths, fma, exp and log, and MCA (rnd.h). */
#include "config.h"

#include "arith/rnd.h"

#include <math.h>

_Thread_local rnd_state rnd_tls = {.mode = FP_ROUNDING_NEAREST, .t = FP_MCA_T_MAX};

/* two splitmix64 steps keep nearby (seed, key) pairs apart, as reduce_set_stream does */
static uint64_t mix(uint64_t seed, uint64_t key)
{
	uint64_t st = seed, m = prng_splitmix64(&st) ^ key;

	return prng_splitmix64(&m);
}

bool rnd_is_random(fp_rounding mode)
{
	return mode == FP_ROUNDING_RANDOM || mode == FP_ROUNDING_SR || mode == FP_ROUNDING_MCA;
}

void rnd_begin(fp_rounding mode, unsigned t, uint64_t seed, unsigned draw)
{
	rnd_tls.mode = mode;
	rnd_tls.t = t;
	rnd_tls.base = mix(seed ^ 0x726f756e64696e67u /* "rounding" */, draw);
	rnd_tls.nbits = 0;
	prng_seed(&rnd_tls.g, rnd_tls.base);
}

void rnd_key(uint64_t key)
{
	if (!rnd_is_random(rnd_tls.mode))
		return;
	rnd_tls.nbits = 0;
	prng_seed(&rnd_tls.g, mix(rnd_tls.base, key));
}

uint64_t rnd_fork(void)
{
	return rnd_is_random(rnd_tls.mode) ? prng_next(&rnd_tls.g) : 0;
}

void rnd_adopt(const rnd_state *parent, uint64_t fork, unsigned p)
{
	rnd_tls.mode = parent->mode;
	rnd_tls.t = parent->t;
	rnd_tls.base = parent->base;
	rnd_tls.nbits = 0;
	if (rnd_is_random(parent->mode))
		prng_seed(&rnd_tls.g, mix(fork, p));
}

/* ---- through MPFR ---------------------------------------------------------------------------- */

/* The working precision of the slow paths: a 53-bit result's neighbours are 128-bit numbers,
 * so the value X nearest x at 128 bits has the same neighbours in the format as x, or is one
 * of them, and then its ternary says on which side x lies. */
#define RND_BITS 128

/* X rounded to f with rnd (directed), as a double */
static double dir_round(const fp_format *f, mpfr_srcptr X, mpfr_rnd_t rnd)
{
	mpfr_t r;
	double d;
	int t;

	mpfr_init2(r, f->p);
	t = mpfr_set(r, X, rnd);
	fmt_mpfr_round_mode(f, r, t, rnd);
	d = mpfr_get_d(r, MPFR_RNDN); /* exact: a value of the format */
	mpfr_clear(r);
	return d;
}

/* x, of which X is the value nearest at RND_BITS and t the ternary (the sign of X - x),
 * rounded to f in the thread's mode */
double rnd_round_mpfr(const fp_format *f, mpfr_srcptr X, int t)
{
	double rd, ru, dist, up_by;

	if (mpfr_nan_p(X))
		return mpfr_get_d(X, MPFR_RNDN);
	if (mpfr_inf_p(X) && t != 0) { /* past MPFR's own range: beyond any format's, finite */
		mpfr_t big;
		double r;

		mpfr_init2(big, RND_BITS);
		mpfr_set_si_2exp(big, mpfr_signbit(X) ? -1 : 1, 1 << 20, MPFR_RNDN);
		r = rnd_round_mpfr(f, big, t);
		mpfr_clear(big);
		return r;
	}
	rd = dir_round(f, X, MPFR_RNDD);
	ru = dir_round(f, X, MPFR_RNDU);
	if (!isnan(rd) && !isnan(ru) && !(rd < ru) && !(rd > ru)) {
		/* x exact, or both ways clamped to one value (saturation): that value */
		if (t == 0 || mpfr_cmp_d(X, rd) != 0)
			return rd;
		/* X is a value of f; x lies beside it, on the side t says */
		if (t > 0) /* X above x: x lies below it */
			rd = f->identity ? nextafter(ru, -(double)INFINITY) : fmt_next(f, ru, -1);
		else
			ru = f->identity ? nextafter(rd, (double)INFINITY) : fmt_next(f, rd, 1);
	}
	switch (rnd_tls.mode) {
	case FP_ROUNDING_UP:
		return ru;
	case FP_ROUNDING_DOWN:
		return rd;
	case FP_ROUNDING_ZERO:
		return mpfr_sgn(X) > 0 || (mpfr_zero_p(X) && t < 0) ? rd : ru;
	case FP_ROUNDING_RANDOM:
		return rnd_coin() ? ru : rd;
	case FP_ROUNDING_SR: {
		mpfr_t d;

		/* beyond the largest value the step to the overflow is one spacing there */
		dist = isfinite(ru) && isfinite(rd)
		           ? ru - rd
		           : (isfinite(rd) ? rd - fmt_next(f, rd, -1) : fmt_next(f, ru, 1) - ru);
		if (f->identity && !(isfinite(ru) && isfinite(rd)))
			dist = 0x1p971;
		mpfr_init2(d, RND_BITS);
		if (isfinite(rd)) {
			mpfr_sub_d(d, X, rd, MPFR_RNDN);
			up_by = mpfr_get_d(d, MPFR_RNDN);
		} else {
			mpfr_d_sub(d, ru, X, MPFR_RNDN);
			up_by = dist - mpfr_get_d(d, MPFR_RNDN);
		}
		mpfr_clear(d);
		return prng_uniform(&rnd_tls.g) * fabs(dist) < fabs(up_by) ? ru : rd;
	}
	default:
		return fmt_round_mpfr(f, X);
	}
}

double rnd_finish_slow(const fp_format *f, double hi, double lo)
{
	mpfr_t X;
	double r;
	int t;

	mpfr_init2(X, RND_BITS);
	mpfr_set_d(X, hi, MPFR_RNDN);
	t = RND_IS0(lo) ? 0 : mpfr_add_d(X, X, lo, MPFR_RNDN); /* -0 + 0 would lose the sign */
	r = rnd_round_mpfr(f, X, t);
	mpfr_clear(X);
	return r;
}

double rnd_slow(const fp_format *f, rnd_op op, double a, double b, double c)
{
	const mpfr_rnd_t rn = rnd_tls.mode == FP_ROUNDING_DOWN ? MPFR_RNDD : MPFR_RNDN;
	mpfr_t X, A, B, C;
	double r;
	int t;

	mpfr_init2(X, RND_BITS);
	mpfr_inits2(53, A, B, C, (mpfr_ptr)0);
	mpfr_set_d(A, a, MPFR_RNDN); /* exact */
	mpfr_set_d(B, b, MPFR_RNDN);
	mpfr_set_d(C, c, MPFR_RNDN);
	switch (op) {
	case RND_ADD:
		t = mpfr_add(X, A, B, rn);
		break;
	case RND_MUL:
		t = mpfr_mul(X, A, B, rn);
		break;
	case RND_DIV:
		t = mpfr_div(X, A, B, rn);
		break;
	case RND_SQRT:
		t = mpfr_sqrt(X, A, rn);
		break;
	case RND_FMA:
		t = mpfr_fma(X, A, B, C, rn);
		break;
	case RND_EXP:
		t = mpfr_exp(X, A, rn);
		break;
	default:
		t = mpfr_log(X, A, rn);
		break;
	}
	/* an exact zero takes MPFR's sign, IEEE 754's (6.3): rounding down, -0 for a sum of
	 * opposite values; X rounded down is as good as to nearest for the neighbours */
	r = mpfr_zero_p(X) && t == 0 ? (mpfr_signbit(X) ? -0.0 : 0.0) : rnd_round_mpfr(f, X, t);
	mpfr_clears(X, A, B, C, (mpfr_ptr)0);
	return r;
}

/* ---- fma, exp, log ----------------------------------------------------------------------- */

/* a*b + c: the product's error by an fma, the sum's by TwoSum, and the two errors summed by
 * TwoSum again: x = h + l + te exactly. When te is tiny beside h's last place, x lies within
 * one spacing of h on the side of l + te, whose sign is exact (the sum of two doubles is 0
 * only when they are opposite); otherwise (cancellation), and outside the range where the
 * errors are exact, MPFR decides. */
double rnd_fma(const fp_format *f, double a, double b, double c)
{
	double p, pe, s, se, t, te, h, l, bb;

	if (rnd_tls.mode == FP_ROUNDING_MCA)
		return rnd_mca(f, RND_FMA, a, b, c);
	p = a * b;
	if (!(rnd_in_split_range(a) && rnd_in_split_range(b) && fabs(c) <= 0x1p900 &&
	      (RND_IS0(c) || fabs(c) >= 0x1p-900)))
		return rnd_slow(f, RND_FMA, a, b, c);
	pe = rnd_two_prod(a, b, p);
	s = p + c;
	bb = s - p;
	se = (p - (s - bb)) + (c - bb);
	t = se + pe;
	bb = t - se;
	te = (se - (t - bb)) + (pe - bb);
	h = s + t;
	bb = h - s;
	l = (s - (h - bb)) + (t - bb);
	if (RND_IS0(h) || !(fabs(te) <= ldexp(fabs(h), -80)))
		return rnd_slow(f, RND_FMA, a, b, c);
	return rnd_finish(f, h, l + te);
}

double rnd_exp(const fp_format *f, double a)
{
	if (rnd_tls.mode == FP_ROUNDING_MCA)
		return rnd_mca(f, RND_EXP, a, 0, 0);
	return rnd_slow(f, RND_EXP, a, 0, 0);
}

double rnd_log(const fp_format *f, double a)
{
	if (rnd_tls.mode == FP_ROUNDING_MCA)
		return rnd_mca(f, RND_LOG, a, 0, 0);
	return rnd_slow(f, RND_LOG, a, 0, 0);
}

/* ---- Monte Carlo Arithmetic ---------------------------------------------------------------- */

/* Is x representable on t bits (zero included)? */
static bool on_bits(double x, unsigned t)
{
	int e;
	double m = frexp(x, &e), s = ldexp(m, (int)t);

	return !(s < trunc(s)) && !(s > trunc(s));
}

/* MCA's perturbation of x: 2^(e(x) - T) xi, xi uniform in [-1/2, 1/2) (53 random bits);
 * 0 for zeros, infinities, NaN and values representable on T bits */
static double noise(double x)
{
	if (!isfinite(x) || RND_IS0(x) || on_bits(x, rnd_tls.t))
		return 0.0;
	return ldexp(prng_uniform(&rnd_tls.g) - 0.5, ilogb(x) + 1 - (int)rnd_tls.t);
}

/* Parker's inexact(): the operands and the exact result each perturbed at the virtual
 * precision T, in double-double (hi + lo), then rounded once to the format, to nearest. */
double rnd_mca(const fp_format *f, rnd_op op, double a, double b, double c)
{
	double da = noise(a), db = op == RND_SQRT || op == RND_EXP || op == RND_LOG ? 0 : noise(b),
	       dc = op == RND_FMA ? noise(c) : 0, hi, lo, bb, r;

	switch (op) {
	case RND_ADD:
		hi = a + b;
		bb = hi - a;
		lo = (a - (hi - bb)) + (b - bb) + (da + db);
		break;
	case RND_MUL:
		hi = a * b;
		lo = fma(a, b, -hi) + (a * db + da * b);
		break;
	case RND_DIV:
		hi = a / b;
		lo = (fma(-hi, b, a) + da - hi * db) / (b + db);
		break;
	case RND_SQRT:
		hi = sqrt(a);
		lo = (fma(-hi, hi, a) + da) / (2 * hi);
		break;
	case RND_FMA: {
		double p = a * b, pe = fma(a, b, -p) + (a * db + da * b);

		hi = p + c;
		bb = hi - p;
		lo = (p - (hi - bb)) + (c - bb) + pe + dc;
		break;
	}
	default: {
		mpfr_t X, A;

		mpfr_init2(X, RND_BITS);
		mpfr_init2(A, 192);
		mpfr_set_d(A, a, MPFR_RNDN);
		mpfr_add_d(A, A, da, MPFR_RNDN);
		if (op == RND_EXP)
			mpfr_exp(X, A, MPFR_RNDN);
		else
			mpfr_log(X, A, MPFR_RNDN);
		hi = mpfr_get_d(X, MPFR_RNDN);
		mpfr_sub_d(X, X, hi, MPFR_RNDN);
		lo = isfinite(hi) ? mpfr_get_d(X, MPFR_RNDN) : 0.0;
		mpfr_clears(X, A, (mpfr_ptr)0);
		break;
	}
	}
	if (!isfinite(hi) || !isfinite(lo)) { /* no perturbation of infinities and NaN */
		switch (op) {
		case RND_ADD:
			return fmt_add(f, a, b);
		case RND_MUL:
			return fmt_mul(f, a, b);
		case RND_DIV:
			return fmt_div(f, a, b);
		case RND_SQRT:
			return fmt_sqrt(f, a);
		case RND_FMA:
			return fmt_fma(f, a, b, c);
		case RND_EXP:
			return fmt_exp(f, a);
		default:
			return fmt_log(f, a);
		}
	}
	/* the result: normalised (Fast2Sum, |hi| >= |lo|), perturbed unless exact on T bits */
	r = hi + lo;
	if (!isfinite(r)) /* the perturbed operands' result overflows: the format's rule */
		return fmt_round(f, r);
	lo = lo - (r - hi);
	hi = r;
	if (!RND_IS0(lo) || !on_bits(hi, rnd_tls.t))
		lo += ldexp(prng_uniform(&rnd_tls.g) - 0.5, ilogb(hi) + 1 - (int)rnd_tls.t);
	return fmt_round(f, hi + lo);
}
