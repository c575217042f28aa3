/* expr.h - the classroom calculator: an expression evaluated in every precision side by side,
 * each operation's rounding error, and the facts of a value in its format.
 *
 *   expr e;
 *   expr_eval ev;
 *   if (expr_parse("0.1 + 0.2", &e, err, sizeof err) == 0) {
 *           expr_evaluate(&e, FP_DOUBLE, 256, &ev);
 *           ... ev.step[e.root].value is 0x1.3333333333334p-2, its rounding error +0.5 ulp ...
 *           expr_eval_clear(&ev);
 *   }
 *
 * The language: + - * / with the usual precedence and left to right, unary minus, parentheses,
 * sqrt(x), fma(a, b, c) (a * b + c rounded once), decimal literals (1, .5, 1e-300), C99
 * hexadecimal floating literals (0x1.8p-3), inf and nan (any case). Every literal is rounded to
 * the format once, to nearest (ties to even), as strtod does; every operation is computed in the
 * format and rounded once: float and double by the machine's IEEE 754 arithmetic (x86-64: SSE,
 * no excess precision; the build has -ffp-contract=off), MPFR at its bits.
 *
 * A step's rounding error is (rounded - exact) / ulp(rounded), where exact is the operation on
 * the step's (already rounded) operands computed at EXPR_EXACT_BITS: exactly for +, -, * and
 * fma of floats and doubles; for /, sqrt and a decimal literal, whose exact value may not be a
 * binary number at all, to that many bits, which decides whether the step was exact (a value
 * of at most 1024 bits cannot equal a number that needs more than 4400). */
#ifndef FPDRIFT_EXPR_H
#define FPDRIFT_EXPR_H

#include <stdbool.h>
#include <stddef.h>

#include <mpfr.h>

#include "arith/knobs.h"

#define EXPR_TEXT_MAX 160
#define EXPR_NODES_MAX 64
#define EXPR_EXACT_BITS 4400

typedef enum {
	EXPR_NUM, /* a literal: text[from, to) */
	EXPR_NEG,
	EXPR_ADD,
	EXPR_SUB,
	EXPR_MUL,
	EXPR_DIV,
	EXPR_SQRT,
	EXPR_FMA
} expr_op;

typedef struct expr_node {
	expr_op op;
	int arg[3];   /* operand nodes (earlier in the array) */
	int from, to; /* the node's text: text[from, to) */
} expr_node;

/* Nodes in evaluation order: every operand before its operation; the last is the root. */
typedef struct expr {
	char text[EXPR_TEXT_MAX];
	expr_node node[EXPR_NODES_MAX];
	int n;
} expr;

/* 0, or -1 with "column C: what is wrong" (C from 1) in err. */
int expr_parse(const char *text, expr *e, char *err, size_t errsize);

/* What happened at a step, besides rounding. */
enum {
	EXPR_INEXACT = 1,   /* rounded (a literal: not representable) */
	EXPR_OVERFLOW = 2,  /* finite operands, an infinite result */
	EXPR_UNDERFLOW = 4, /* a non-zero exact result rounded to zero */
	EXPR_SUBNORMAL = 8, /* a non-zero result below the smallest normal number */
	EXPR_INVALID = 16,  /* NaN from operands that are not NaN (inf - inf, 0 / 0, sqrt(-1)) */
	EXPR_DIVZERO = 32,  /* a finite non-zero number divided by zero */
	EXPR_APPROX = 64 /* the exact result needs more than EXPR_EXACT_BITS: err is approximate */
};

typedef struct expr_step {
	mpfr_t value; /* the rounded result, held exactly */
	double err;   /* rounding error in ulps of the result; NaN where there is none */
	unsigned flags;
} expr_step;

typedef struct expr_eval {
	fp_precision prec;
	mpfr_prec_t bits; /* the format's significand bits */
	int n;
	expr_step step[EXPR_NODES_MAX];
	/* the whole expression's true value, every step exact (at EXPR_EXACT_BITS: truth_exact
	 * says whether that held it exactly), and the result's distance from it in ulps of the
	 * result (NaN when either is not finite) and relative (NaN when the truth is 0) */
	mpfr_t truth;
	bool truth_exact;
	double total_err, total_rel;
} expr_eval;

void expr_evaluate(const expr *e, fp_precision p, mpfr_prec_t mpfr_bits, expr_eval *out);
void expr_eval_clear(expr_eval *ev);

/* The flags as words: "not representable, subnormal" (a literal's INEXACT is "not
 * representable", an operation's "rounded"); "exact" when none. Returns buf. */
const char *expr_flags_text(unsigned flags, bool literal, char *buf, size_t size);

/* A value's facts in its format. */
typedef struct expr_facts {
	char shortest[80]; /* the shortest decimal that reads back (MPFR: enough digits) */
	char hex[96];      /* C99 hexadecimal */
	char exact[1200];  /* the exact decimal value, cut with "..." beyond the buffer */
	char sign[2], exponent[16], fraction[64]; /* fixed formats: the fields as bits */
	char ulp[48], next[80], prev[80];         /* the neighbours, as shortest decimals */
	char next_hex[96], prev_hex[96];          /* and exactly */
} expr_facts;

void expr_facts_of(mpfr_srcptr v, fp_precision p, mpfr_prec_t mpfr_bits, expr_facts *f);

/* A format's own facts, for the lesson: its parameters, epsilon, largest value, smallest
 * normal and subnormal values (powers of two exactly; decimals in four digits, "=" when that
 * is the value, "~" when it is rounded), and what 0.1 and 1 + eps/2 become in it, as exact
 * decimals (each computed by expr_evaluate, as typed expressions are). */
typedef struct expr_format_facts {
	char params[96];        /* "p 11, emin -14, emax 15, overflow to inf" */
	char limits[200];       /* "eps 2^-10 ~ 0.0009766   max 65504   ..." (~: rounded) */
	char tenth[600];        /* "0.1 -> 0.0999755859375 (relative error ~-0.024%)" */
	char one_half_eps[600]; /* 1 + eps/2 -> 1 (ties to even) */
} expr_format_facts;

void expr_format_facts_of(fp_precision p, mpfr_prec_t mpfr_bits, expr_format_facts *f);

#endif
