/* fmt.c - formats narrower than double, emulated in double; see fmt.h. */
#include "config.h"

#include "arith/fmt.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define MAG_BITS 0x7fffffffffffffffu

/* A format from p, emin, emax, its overflow rule, its largest finite value (MAXM, the largest
 * significand as a p-bit integer: 2^p - 1 in IEEE formats, 14 in E4M3, and MAX, the same
 * value as a literal) and its least subnormal QUANTUM (a literal); the derived fields as
 * fmt_init computes them (test_fmt compares the two). */
#define FMT_DEF(NAME, P, EMIN, EMAX, OVF, MAXM, MAX, QUANTUM)                                      \
	{                                                                                          \
		.name = NAME, .p = P, .emin = EMIN, .emax = EMAX, .ovf = OVF, .max = MAX,          \
		.identity = (P) == 53, .shift = 53 - (P),                                          \
		.half = ((uint64_t)1 << ((P) < 53 ? 52 - (P) : 0)) - 1,                            \
		.keep = MAG_BITS & ~(((uint64_t)1 << (53 - (P))) - 1),                             \
		.norm_bits = (uint64_t)((EMIN) + 1023) << 52,                                      \
		.max_bits = ((uint64_t)((EMAX) + 1023) << 52) |                                    \
		            (((uint64_t)(MAXM) - ((uint64_t)1 << ((P)-1))) << (53 - (P))),         \
		.quantum = QUANTUM, .inv_quantum = 1.0 / (QUANTUM),                                \
		.split = (double)((uint64_t)1 << (53 - (P))) + 1.0,                                \
		.min_normal = (QUANTUM) * (double)((uint64_t)1 << ((P)-1)),                        \
		.digits = ((P)*30103 + 99999) / 100000 + 1                                         \
	}

const fp_format fmt_binary32 =
    FMT_DEF("float", 24, -126, 127, FMT_OVF_INF, (1u << 24) - 1, (double)FLT_MAX, 0x1p-149);
const fp_format fmt_binary64 =
    FMT_DEF("double", 53, -1022, 1023, FMT_OVF_INF, ((uint64_t)1 << 53) - 1, DBL_MAX, 0x1p-1074);
const fp_format fmt_fp16 =
    FMT_DEF("fp16", 11, -14, 15, FMT_OVF_INF, (1u << 11) - 1, 0x1.ffcp15, 0x1p-24);
const fp_format fmt_bf16 =
    FMT_DEF("bf16", 8, -126, 127, FMT_OVF_INF, (1u << 8) - 1, 0x1.fep127, 0x1p-133);
const fp_format fmt_tf32 =
    FMT_DEF("tf32", 11, -126, 127, FMT_OVF_INF, (1u << 11) - 1, 0x1.ffcp127, 0x1p-136);
const fp_format fmt_e4m3 = FMT_DEF("fp8e4m3", 4, -6, 8, FMT_OVF_NAN, 14, 448.0, 0x1p-9);
const fp_format fmt_e4m3_sat = FMT_DEF("fp8e4m3-sat", 4, -6, 8, FMT_OVF_SAT, 14, 448.0, 0x1p-9);
const fp_format fmt_e5m2 = FMT_DEF("fp8e5m2", 3, -14, 15, FMT_OVF_INF, 7, 57344.0, 0x1p-16);
const fp_format fmt_e5m2_sat = FMT_DEF("fp8e5m2-sat", 3, -14, 15, FMT_OVF_SAT, 7, 57344.0, 0x1p-16);

bool fmt_init(fp_format *f, const char *name, int p, int emin, int emax, fmt_overflow ovf,
              double max)
{
	double ieee_max;

	if (p < FMT_P_MIN || p > FMT_P_MAX || emin < -FMT_EXP_LIMIT || emax > FMT_EXP_LIMIT ||
	    emin > emax || (unsigned)ovf > FMT_OVF_SAT)
		return false;
	ieee_max = ldexp(2.0 - ldexp(1.0, 1 - p), emax);
	if (!(max > 0.0))
		max = ieee_max;
	if (!(max >= ldexp(1.0, emax)) || max > ieee_max)
		return false;
	memset(f, 0, sizeof *f);
	snprintf(f->name, sizeof f->name, "%s", name);
	f->p = p;
	f->emin = emin;
	f->emax = emax;
	f->ovf = ovf;
	f->max = max;
	f->identity = false;
	f->shift = (unsigned)(53 - p);
	f->half = ((uint64_t)1 << (f->shift - 1)) - 1;
	f->keep = MAG_BITS & ~(((uint64_t)1 << f->shift) - 1);
	f->norm_bits = (uint64_t)(emin + 1023) << 52;
	f->max_bits = fmt_bits_(max);
	f->split = ldexp(1.0, 53 - p) + 1.0;
	f->min_normal = ldexp(1.0, emin);
	f->quantum = ldexp(1.0, emin - p + 1);
	f->inv_quantum = ldexp(1.0, p - 1 - emin);
	f->digits = (p * 30103 + 99999) / 100000 + 1;
	/* max must be a value of the format: no bit below the p kept */
	return (f->max_bits & ~f->keep) == 0;
}

/* One integer value of "key=N" in s (up to a comma or the end); false if it is not one. */
static bool parse_int(const char *s, const char **end, long *out)
{
	char *e;

	errno = 0;
	*out = strtol(s, &e, 10);
	if (e == s || errno || (*e && *e != ','))
		return false;
	*end = e;
	return true;
}

bool fmt_parse_custom(const char *s, fp_format *f, char *err, size_t errsize)
{
	long v[3] = {0, 0, 0};
	bool have[3] = {false, false, false}, sat = false;
	static const char *const keys[3] = {"p=", "emin=", "emax="};
	const char *q;
	char name[sizeof f->name];

	if (strncmp(s, "custom:", 7) != 0) {
		snprintf(err, errsize, "'%s' is not custom:p=P,emin=E,emax=M", s);
		return false;
	}
	q = s + 7;
	while (*q) {
		size_t k;

		for (k = 0; k < 3; k++)
			if (strncmp(q, keys[k], strlen(keys[k])) == 0)
				break;
		if (k < 3) {
			if (have[k] || !parse_int(q + strlen(keys[k]), &q, &v[k])) {
				snprintf(err, errsize, "%s: %s%s", s, keys[k],
				         have[k] ? " is given twice" : " needs a whole number");
				return false;
			}
			have[k] = true;
		} else if (strncmp(q, "sat", 3) == 0 && (q[3] == ',' || !q[3]) && !sat) {
			sat = true;
			q += 3;
		} else {
			snprintf(err, errsize,
			         "%s: unknown part at column %zu (want p=, emin=, emax= and "
			         "optionally sat)",
			         s, (size_t)(q - s) + 1);
			return false;
		}
		if (*q == ',')
			q++;
	}
	for (size_t k = 0; k < 3; k++)
		if (!have[k]) {
			snprintf(err, errsize, "%s: %sN is missing", s, keys[k]);
			return false;
		}
	if (v[0] < FMT_P_MIN || v[0] > FMT_P_MAX || v[1] < -FMT_EXP_LIMIT || v[2] > FMT_EXP_LIMIT ||
	    v[1] > v[2]) {
		snprintf(err, errsize,
		         "%s: p must be %d..%d and %d <= emin <= emax <= %d; wider formats are "
		         "float, double and mpfr",
		         s, FMT_P_MIN, FMT_P_MAX, -FMT_EXP_LIMIT, FMT_EXP_LIMIT);
		return false;
	}
	snprintf(name, sizeof name, "custom:p=%d,emin=%d,emax=%d%s", (int)v[0], (int)v[1],
	         (int)v[2], sat ? ",sat" : "");
	if (!fmt_init(f, name, (int)v[0], (int)v[1], (int)v[2], sat ? FMT_OVF_SAT : FMT_OVF_INF,
	              0.0)) {
		snprintf(err, errsize, "%s: not a format this version can emulate", s);
		return false;
	}
	return true;
}

/* What a result beyond the largest finite value becomes (fmt.h, fmt_overflow). */
static double overflow(const fp_format *f, double x)
{
	switch (f->ovf) {
	case FMT_OVF_NAN:
		return (double)NAN;
	case FMT_OVF_SAT:
		return copysign(f->max, x);
	default:
		return copysign((double)INFINITY, x);
	}
}

/* fmt_round's rare cases: NaN, infinities, zeros, the format's subnormals and overflow. A
 * subnormal result is x scaled by 2^(p - 1 - emin) (exact: FMT_EXP_LIMIT keeps it a normal
 * double), rounded to an integer by rint (to nearest even in the default rounding mode, the
 * only one fpdrift runs in), and scaled back: the multiple of the least subnormal nearest x. */
double fmt_round_slow(const fp_format *f, double x)
{
	uint64_t a;

	if (isnan(x))
		return x;
	if (isinf(x))
		return overflow(f, x);
	if (fabs(x) < ldexp(1.0, f->emin))
		return rint(x * f->inv_quantum) * f->quantum;
	a = fmt_bits_(x) & MAG_BITS;
	a = (a + f->half + ((a >> f->shift) & 1)) & f->keep;
	if (a > f->max_bits)
		return overflow(f, x);
	return copysign(fmt_from_bits_(a), x);
}

/* sqrt: innocuous double rounding, as +, -, *, / (fmt.h). */
double fmt_sqrt(const fp_format *f, double a)
{
	return fmt_round(f, sqrt(a));
}

/* a*b + c, rounded once. The product of two values of at most 24 bits is exact in double;
 * the sum s = a*b + c is then turned into the double nearest it with rounding to odd (the
 * error e of s from TwoSum, Knuth, TAOCP vol. 2, 4.2.2, is exact; when e is not 0 and s's last
 * bit is even, the neighbour of s towards e is the rounded-to-odd value). Rounding to odd at
 * 53 bits, then to nearest at p <= 51 bits, is rounding to nearest once (Boldo and
 * Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using rounding
 * to odd", IEEE Trans. Computers 57(4), 2008), also to the format's subnormals, whose
 * midpoints have fewer than 53 bits. A plain double fma and a second rounding would not be
 * innocuous: a*b + c can lie just beside a midpoint of the format. The accumulation format
 * binary64 (identity) takes the machine's fma. */
double fmt_fma(const fp_format *f, double a, double b, double c)
{
	double x, s, bb, e;
	uint64_t u;

	if (f->identity)
		return fma(a, b, c);
	x = a * b;
	s = x + c;
	if (!isfinite(s))
		return fmt_round(f, fma(a, b, c));
	bb = s - x;
	e = (x - (s - bb)) + (c - bb);
	u = fmt_bits_(s);
	if ((e < 0.0 || e > 0.0) && !(u & 1))
		u += (signbit(e) != 0) == (signbit(s) != 0) ? 1 : (uint64_t)-1;
	return fmt_round(f, fmt_from_bits_(u));
}

/* exp and log of a, correctly rounded to the format by Ziv's strategy: the libm result y is
 * within 1 ulp of the exact value (glibc documents less), so when y - 2 ulps and y + 2 ulps
 * round to the same value of the format, so does the exact value; otherwise (near a midpoint
 * of the format, a chance of about 2^(p - 51)) MPFR computes it at p bits in the format. */
static double ziv(const fp_format *f, double a, double y,
                  int (*mp)(mpfr_ptr, mpfr_srcptr, mpfr_rnd_t))
{
	double r = fmt_round(f, y), lo, hi;
	mpfr_t xa, m;
	int t;

	if (!isfinite(y) || !(fabs(y) > 0.0))
		return r;
	lo = nextafter(nextafter(y, 0.0), 0.0);
	hi = nextafter(nextafter(y, (double)INFINITY * y), (double)INFINITY * y);
	if (fmt_bits_(fmt_round(f, lo)) == fmt_bits_(r) &&
	    fmt_bits_(fmt_round(f, hi)) == fmt_bits_(r))
		return r;
	mpfr_init2(xa, 53);
	mpfr_init2(m, f->p);
	mpfr_set_d(xa, a, MPFR_RNDN);
	t = mp(m, xa, MPFR_RNDN);
	r = fmt_finish_mpfr(f, m, t);
	mpfr_clears(xa, m, (mpfr_ptr)0);
	return r;
}

double fmt_exp(const fp_format *f, double a)
{
	return f->identity ? exp(a) : ziv(f, a, exp(a), mpfr_exp);
}

double fmt_log(const fp_format *f, double a)
{
	if (f->identity)
		return log(a);
	if (!(a > 0.0) || isinf(a)) /* NaN, -inf, 0 and negatives: log's exact specials */
		return fmt_round(f, log(a));
	return ziv(f, a, log(a), mpfr_log);
}

/* The position of a finite value of the format among its values: 0 for zeros, the
 * subnormals 1 .. 2^(p-1) - 1, then 2^(p-1) values per binade; negative for negatives. */
static int64_t position(const fp_format *f, double x)
{
	double ax = fabs(x);
	int64_t i;

	if (ax < ldexp(1.0, f->emin)) {
		i = (int64_t)(ax * f->inv_quantum);
	} else {
		int e = ilogb(ax);

		i = (int64_t)(e - f->emin) * ((int64_t)1 << (f->p - 1)) +
		    (int64_t)ldexp(ax, f->p - 1 - e);
	}
	return signbit(x) ? -i : i;
}

fp_status fmt_ulps_in(const fp_format *f, double a, double b, uint64_t *u)
{
	int64_t pa, pb;

	*u = 0;
	if (isnan(a) || isnan(b))
		return FP_ENAN;
	if (isinf(a) || isinf(b))
		return isinf(a) && isinf(b) && signbit(a) == signbit(b) ? FP_OK : FP_EINF;
	pa = position(f, a);
	pb = position(f, b);
	*u = pa >= pb ? (uint64_t)(pa - pb) : (uint64_t)(pb - pa);
	return FP_OK;
}

char *fmt_shortest(const fp_format *f, double v, char *buf, size_t size)
{
	mpfr_t t;

	if (!isfinite(v) || !(fabs(v) > 0.0)) {
		snprintf(buf, size, "%g", v);
		return buf;
	}
	mpfr_init2(t, f->p);
	for (int digits = 1; digits <= f->digits; digits++) {
		snprintf(buf, size, "%.*g", digits, v);
		/* read back straight into the format, not through a double */
		if (fmt_bits_(fmt_finish_mpfr(f, t, mpfr_strtofr(t, buf, NULL, 10, MPFR_RNDN))) ==
		    fmt_bits_(v))
			break;
	}
	mpfr_clear(t);
	return buf;
}

/* The spacing of the format's values at |x| (x finite), going up in magnitude. */
static double spacing_up(const fp_format *f, double x)
{
	double ax = fabs(x);

	return ax < ldexp(1.0, f->emin) ? f->quantum : ldexp(1.0, ilogb(ax) - f->p + 1);
}

double fmt_next(const fp_format *f, double x, int dir)
{
	double ax = fabs(x), down;

	if (isnan(x) || (isinf(x) && (x > 0) == (dir > 0)))
		return x;
	if (isinf(x))
		return copysign(f->max, x);
	if (!(ax > 0.0))
		return dir > 0 ? f->quantum : -f->quantum;
	if ((x > 0) == (dir > 0)) /* away from zero */
		return fmt_round(f, x + copysign(spacing_up(f, x), x));
	/* towards zero: half the spacing below a power of two above the subnormals */
	down = ax >= ldexp(1.0, f->emin + 1) && !(fmt_bits_(ax) & 0xfffffffffffffu)
	           ? spacing_up(f, x) / 2
	           : spacing_up(f, x);
	return copysign(ax - down, x);
}

int fmt_exponent_bits(const fp_format *f)
{
	const bool reserved = f->max >= ldexp(2.0 - ldexp(1.0, 1 - f->p), f->emax);
	const int codes = f->emax - f->emin + 2 + (reserved ? 1 : 0);
	int w = 1;

	while ((1 << w) < codes)
		w++;
	return w;
}

uint64_t fmt_encode(const fp_format *f, double x)
{
	const int w = fmt_exponent_bits(f), fb = f->p - 1, bias = 1 - f->emin;
	const uint64_t sign = (uint64_t)(signbit(x) != 0) << (w + fb), top = ((uint64_t)1 << w) - 1;
	double ax = fabs(x);

	if (isnan(x)) /* E4M3: S.1111.111; IEEE-like: the quiet NaN */
		return (top << fb) | (f->max < ldexp(2.0 - ldexp(1.0, 1 - f->p), f->emax)
		                          ? ((uint64_t)1 << fb) - 1
		                          : (uint64_t)1 << (fb - 1));
	if (isinf(x))
		return sign | (top << fb);
	if (ax < ldexp(1.0, f->emin))
		return sign | (uint64_t)(ax * f->inv_quantum);
	return sign | ((uint64_t)(ilogb(ax) + bias) << fb) |
	       ((uint64_t)ldexp(ax, fb - ilogb(ax)) - ((uint64_t)1 << fb));
}

void fmt_mpfr_enter(const fp_format *f, mpfr_exp_t *emin, mpfr_exp_t *emax)
{
	*emin = mpfr_get_emin();
	*emax = mpfr_get_emax();
	/* MPFR's exponent e means 0.1b * 2^e: the least subnormal 2^(emin - p + 1) has MPFR
	 * exponent emin - p + 2, the largest binade [2^emax, 2^(emax+1)) exponent emax + 1 */
	mpfr_set_emin(f->emin - f->p + 2);
	mpfr_set_emax(f->emax + 1);
}

void fmt_mpfr_fix(const fp_format *f, mpfr_ptr r, int t)
{
	fmt_mpfr_fix_mode(f, r, t, MPFR_RNDN);
}

/* Rounding toward zero (or toward -infinity for a positive value, +infinity for a negative
 * one), a result beyond the largest value is that value, in every format (IEEE 754, 7.4; OFP8
 * leaves directed rounding to the implementation, and the largest finite value is its only
 * choice that is a rounding at all); away from zero the overflow rule applies. */
void fmt_mpfr_fix_mode(const fp_format *f, mpfr_ptr r, int t, mpfr_rnd_t rnd)
{
	bool toward_zero;

	mpfr_subnormalize(r, t, rnd);
	if (f->ovf == FMT_OVF_INF) /* the top binade is full: MPFR's emax is the rule */
		return;
	if (mpfr_inf_p(r) || (mpfr_number_p(r) && mpfr_cmp_d(r, f->max) > 0) ||
	    (mpfr_number_p(r) && mpfr_cmp_d(r, -f->max) < 0)) {
		toward_zero = rnd == MPFR_RNDZ || (rnd == MPFR_RNDD && !mpfr_signbit(r)) ||
		              (rnd == MPFR_RNDU && mpfr_signbit(r));
		if (toward_zero) {
			mpfr_set_d(r, mpfr_signbit(r) ? -f->max : f->max, MPFR_RNDN);
			return;
		}
		switch (f->ovf) {
		case FMT_OVF_NAN:
			mpfr_set_nan(r);
			break;
		case FMT_OVF_SAT:
			mpfr_set_d(r, mpfr_signbit(r) ? -f->max : f->max, MPFR_RNDN);
			break;
		default:
			mpfr_set_inf(r, mpfr_signbit(r) ? -1 : 1);
			break;
		}
	}
}

void fmt_mpfr_leave(mpfr_exp_t emin, mpfr_exp_t emax)
{
	mpfr_set_emin(emin);
	mpfr_set_emax(emax);
}

void fmt_mpfr_round(const fp_format *f, mpfr_ptr r, int t)
{
	fmt_mpfr_round_mode(f, r, t, MPFR_RNDN);
}

void fmt_mpfr_round_mode(const fp_format *f, mpfr_ptr r, int t, mpfr_rnd_t rnd)
{
	mpfr_exp_t emin, emax;

	fmt_mpfr_enter(f, &emin, &emax);
	t = mpfr_check_range(r, t, rnd);
	fmt_mpfr_fix_mode(f, r, t, rnd);
	fmt_mpfr_leave(emin, emax);
}

double fmt_finish_mpfr(const fp_format *f, mpfr_ptr r, int t)
{
	fmt_mpfr_round(f, r, t);
	return mpfr_get_d(r, MPFR_RNDN); /* exact: r is a value of the format */
}

double fmt_round_mpfr(const fp_format *f, mpfr_srcptr x)
{
	mpfr_t r;
	double d;

	mpfr_init2(r, f->p);
	d = fmt_finish_mpfr(f, r, mpfr_set(r, x, MPFR_RNDN));
	mpfr_clear(r);
	return d;
}
