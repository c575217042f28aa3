/* fmt.h - binary floating-point formats narrower than double, emulated in double: binary16
 * (fp16), bfloat16, TF32, the OCP 8-bit formats E4M3 and E5M2, and custom formats.
 *
 * A value of a format is held in a double that holds it exactly. Each operation is computed
 * in double and rounded once to the format (fmt_round: to nearest, ties to even, with the
 * format's subnormals and its overflow rule). Where that double rounding is innocuous and
 * where an exact path is taken instead is said above each routine; fmt.c proves nothing by
 * itself, tests/test_fmt.c compares every operation with MPFR at the format's precision and
 * exponent range, exhaustively for the 8-bit formats.
 *
 *   const fp_format *h = &fmt_fp16;
 *   double x = fmt_round(h, 0.1);          (0.0999755859375, the binary16 nearest 0.1)
 *   double y = fmt_add(h, x, x);           (x + x rounded once to binary16)
 *
 * Conventions: p is the significand's bits with the hidden one; emin and emax are IEEE 754's
 * (normal numbers span [2^emin, 2^(emax+1)), binary16: -14 and 15); max is the largest finite
 * value (E4M3: 448, below 2^9 because its all-ones pattern is NaN, not a number).
 */
#ifndef FPDRIFT_FMT_H
#define FPDRIFT_FMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <mpfr.h>

#include "arith/status.h"

/* What a result too large for the format becomes (OCP 8-bit Floating Point Specification
 * (OFP8) rev. 1.0, section 5: conversions "with or without saturation"):
 *   FMT_OVF_INF  infinity, as IEEE 754 has it (binary16, bfloat16, TF32, E5M2);
 *   FMT_OVF_NAN  NaN: E4M3 has no infinity, so a result beyond 448, or an infinite one, is
 *                NaN (the OFP8 non-saturating mode);
 *   FMT_OVF_SAT  the largest finite value of the sign (the OFP8 saturating mode, as
 *                NVIDIA's cvt.satfinite): infinities too, NaN stays NaN. */
typedef enum { FMT_OVF_INF, FMT_OVF_NAN, FMT_OVF_SAT } fmt_overflow;

/* Limits of the formats this module emulates (custom ones included). p <= 24 keeps every
 * operation of two values exact or innocuously double-rounded in double (fmt.c), and
 * |e| <= FMT_EXP_LIMIT keeps every product and quotient of two values a normal double. */
#define FMT_P_MIN 2
#define FMT_P_MAX 24
#define FMT_EXP_LIMIT 480

typedef struct fp_format {
	char name[64];  /* as options and reports spell it: "fp16", "custom:p=5,emin=-6,emax=7" */
	int p;          /* significand bits with the hidden one */
	int emin, emax; /* IEEE 754's exponent range */
	fmt_overflow ovf;
	double max; /* the largest finite value */
	/* derived by fmt_init: */
	bool identity;      /* binary64 itself: rounding is the identity */
	unsigned shift;     /* 53 - p: the double's significand bits the format drops */
	uint64_t half;      /* 2^(shift-1) - 1: the rounding bias before the tie bit */
	uint64_t keep;      /* mask of the bits kept */
	uint64_t norm_bits; /* |x| >= 2^emin as a double's bits: a normal of the format */
	uint64_t max_bits;  /* max as a double's bits */
	double split;       /* 2^(53 - p) + 1, Veltkamp's splitting constant (fmt_round) */
	double min_normal;  /* 2^emin */
	double quantum;     /* the least subnormal, 2^(emin - p + 1) */
	double inv_quantum; /* 1 / quantum */
	int digits;         /* significant decimal digits that always round-trip */
} fp_format;

/* The formats of the precision table (precision.h). binary32 and binary64 describe float and
 * double for the MPFR emulation and for accumulation formats. */
extern const fp_format fmt_binary32, fmt_binary64, fmt_fp16, fmt_bf16, fmt_tf32, fmt_e4m3,
    fmt_e4m3_sat, fmt_e5m2, fmt_e5m2_sat;

/* Fill f from p, emin, emax, ovf and max (0: the IEEE largest, (2 - 2^(1-p)) 2^emax) and name;
 * false when the values are out of this module's limits. */
bool fmt_init(fp_format *f, const char *name, int p, int emin, int emax, fmt_overflow ovf,
              double max);
/* Parse "custom:p=P,emin=E,emax=M[,sat]" (the keys in any order) into f; false with a message
 * in err naming what is wrong. */
bool fmt_parse_custom(const char *s, fp_format *f, char *err, size_t errsize);

double fmt_round_slow(const fp_format *f, double x);

static inline uint64_t fmt_bits_(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof u);
	return u;
}

static inline double fmt_from_bits_(uint64_t u)
{
	double x;

	memcpy(&x, &u, sizeof x);
	return x;
}

/* x rounded to the format: to nearest, ties to even, with subnormals, then the overflow
 * rule; NaN stays NaN. The common case (|x| at least the least normal, a result at most the
 * largest value) is Veltkamp's splitting: g = x (2^(53-p) + 1), h = g + (x - g) is x rounded
 * to nearest on p bits, ties to even, in double arithmetic rounding to nearest even (Dekker,
 * "A floating-point technique for extending the available precision", Numer. Math. 18, 1971;
 * Boldo, "Pitfalls of a full floating-point proof: example on the formal proof of the
 * Veltkamp/Dekker algorithms", IJCAR 2006, which proves the rounding and its tie-breaking).
 * Three floating-point operations and no branch the compiler cannot predict; test_fmt checks
 * it against MPFR on every midpoint of binary16, bfloat16 and the 8-bit formats. Zeros, the
 * format's subnormals, overflow, infinities and NaN take fmt_round_slow. */
static inline double fmt_round(const fp_format *f, double x)
{
	double g, h;

	if (f->identity)
		return x;
	g = x * f->split;
	h = g + (x - g);
	if (__builtin_fabs(x) >= f->min_normal && __builtin_fabs(h) <= f->max)
		return h;
	return fmt_round_slow(f, x);
}

/* +, -, * and /: the double result rounded once more. Innocuous (Figueroa, "When is double
 * rounding innocuous?", ACM SIGNUM Newsletter 30(3), 1995; Roux, "Innocuous double rounding
 * of basic arithmetic operations", J. Formalized Reasoning 7(1), 2014): for +, -, *, / and
 * sqrt of p-bit operands, rounding to nearest at q >= 2p + 2 bits and then at p bits equals
 * rounding once at p bits. Here q = 53 and p <= 24 (FMT_P_MAX); products are even exact
 * (2p <= 48 bits), and FMT_EXP_LIMIT keeps every result a normal double, so the 53 bits are
 * there. Values of an accumulation format wider than the operands' obey the same bound. */
static inline double fmt_add(const fp_format *f, double a, double b)
{
	return fmt_round(f, a + b);
}

static inline double fmt_sub(const fp_format *f, double a, double b)
{
	return fmt_round(f, a - b);
}

static inline double fmt_mul(const fp_format *f, double a, double b)
{
	return fmt_round(f, a * b);
}

static inline double fmt_div(const fp_format *f, double a, double b)
{
	return fmt_round(f, a / b);
}

double fmt_sqrt(const fp_format *f, double a);
/* a*b + c rounded once: the exact path (fmt.c), since the double fma's rounding is not
 * innocuous for a sum of terms of very different sizes. */
double fmt_fma(const fp_format *f, double a, double b, double c);
/* exp and log correctly rounded to the format (Ziv's strategy, fmt.c). */
double fmt_exp(const fp_format *f, double a);
double fmt_log(const fp_format *f, double a);

/* The format's ulps between two of its values (NaN: FP_ENAN; one infinite: FP_EINF, as
 * metric.h): how many values of the format lie between them, plus one. */
fp_status fmt_ulps_in(const fp_format *f, double a, double b, uint64_t *u);
/* The fewest significant digits whose decimal reads back to v in the format; returns buf. */
char *fmt_shortest(const fp_format *f, double v, char *buf, size_t size);

/* The neighbour of a value of the format towards +infinity (dir > 0) or -infinity: one
 * position along the format's values; past the largest value, the overflow rule's result. */
double fmt_next(const fp_format *f, double x, int dir);
/* The format's encoding: the exponent field's width (IEEE-like formats keep the all-ones
 * exponent for infinities and NaN; E4M3 does not, its NaN being S.1111.111), and x's bits
 * (sign, biased exponent, the p - 1 fraction bits) as an integer. */
int fmt_exponent_bits(const fp_format *f);
uint64_t fmt_encode(const fp_format *f, double x);

/* MPFR emulating the format: set its exponent range (saving the old one in *emin, *emax);
 * after each operation with ternary t, fmt_mpfr_fix rounds to the subnormals and applies the
 * overflow rule; fmt_mpfr_leave restores the range. r's precision must be f->p. */
void fmt_mpfr_enter(const fp_format *f, mpfr_exp_t *emin, mpfr_exp_t *emax);
void fmt_mpfr_fix(const fp_format *f, mpfr_ptr r, int t);
/* The same for a result rounded with rnd (the directed modes, arith/rnd.h): the subnormals in
 * that direction, and toward zero a result beyond the largest value is that value. */
void fmt_mpfr_fix_mode(const fp_format *f, mpfr_ptr r, int t, mpfr_rnd_t rnd);
void fmt_mpfr_leave(mpfr_exp_t emin, mpfr_exp_t emax);
/* r, of precision f->p, the result of an operation with ternary t computed in any exponent
 * range (MPFR's own, or the format's), brought into the format: its range, subnormals and
 * overflow rule, without rounding twice. The range in force is left as it was. */
void fmt_mpfr_round(const fp_format *f, mpfr_ptr r, int t);
void fmt_mpfr_round_mode(const fp_format *f, mpfr_ptr r, int t, mpfr_rnd_t rnd);
/* x (any precision, any exponent) rounded once to the format, as a double. */
double fmt_round_mpfr(const fp_format *f, mpfr_srcptr x);
/* r, of precision f->p, computed with ternary t in MPFR's own exponent range, brought into the
 * format (its range, subnormals and overflow rule) without rounding twice; as a double. */
double fmt_finish_mpfr(const fp_format *f, mpfr_ptr r, int t);

#endif
