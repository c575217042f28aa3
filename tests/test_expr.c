/* test_expr.c - the lesson's calculator (explore/expr.h): parse errors by column, results bit
 * for bit against the machine's own float and double arithmetic and against MPFR, rounding
 * errors against exact rationals (GMP), the labels. */
#include "config.h"

#include <criterion/criterion.h>
#include <float.h>
#include <gmp.h>
#include <math.h>
#include <mpfr.h>
#include <stdio.h>
#include <string.h>

#include "arith/fmt.h"
#include "arith/precision.h"
#include "explore/expr.h"
#include "helpers.h"

static void eval(const char *text, fp_precision p, expr *e, expr_eval *ev)
{
	char err[160];

	cr_assert_eq(expr_parse(text, e, err, sizeof err), 0, "%s: %s", text, err);
	expr_evaluate(e, p, 256, ev);
}

static double result_d(const expr *e, const expr_eval *ev)
{
	return mpfr_get_d(ev->step[e->n - 1].value, MPFR_RNDN);
}

static void parse_fails(const char *text, const char *want)
{
	expr e;
	char err[160];

	cr_assert_eq(expr_parse(text, &e, err, sizeof err), -1, "%s parsed", text);
	cr_assert_str_eq(err, want, "%s", text);
}

Test(expr, errors_name_their_column)
{
	parse_fails("1 +", "column 4: expected a number, got the end");
	parse_fails("2 3", "column 3: expected an operator, got '3'");
	parse_fails("fma(1, 2)", "column 9: expected ',', got ')'");
	parse_fails("sqrt(2", "column 7: expected ')', got the end");
	parse_fails("1e+", "column 4: expected the exponent's digits, got the end");
	parse_fails("0x1.8p", "column 7: expected the exponent's digits, got the end");
	parse_fails("1.5.2", "column 4: unexpected '.' in a number");
	parse_fails("  ", "column 1: empty: type a number or an expression");
	parse_fails("1 + \x01", "column 5: a character that is not printable ASCII");
	parse_fails("infx", "column 1: expected a number, got 'i'");
}

Test(expr, nodes_in_evaluation_order_with_their_text)
{
	expr e;
	char err[160];

	cr_assert_eq(expr_parse("fma(0.1, -2, 3) * (4 - 5)", &e, err, sizeof err), 0, "%s", err);
	cr_assert_eq(e.n, 9); /* 0.1 2 -2 3 fma 4 5 - * */
	cr_assert_eq(e.node[e.n - 1].op, EXPR_MUL);
	for (int i = 0; i < e.n; i++)
		for (int k = 0; k < 3; k++)
			cr_assert_lt(e.node[i].arg[k], i); /* operands first */
	cr_assert_eq(strncmp(e.text + e.node[4].from, "fma(0.1, -2, 3)",
	                     (size_t)(e.node[4].to - e.node[4].from)),
	             0);
}

/* The machine's own arithmetic is the independent answer for float and double. */
Test(expr, float_and_double_bit_for_bit_with_the_machine)
{
	volatile float f1 = 0.1f, f2 = 0.2f, f3 = 3.0f, f7 = 7.0f;
	volatile double d1 = 0.1, d2 = 0.2, d3 = 3.0, d7 = 7.0, big = 1e16;
	expr e;
	expr_eval ev;

	eval("0.1 + 0.2", FP_FLOAT, &e, &ev);
	ASSERT_BITS_F((float)result_d(&e, &ev), f1 + f2);
	expr_eval_clear(&ev);
	eval("0.1 + 0.2", FP_DOUBLE, &e, &ev);
	ASSERT_BITS_D(result_d(&e, &ev), d1 + d2);
	expr_eval_clear(&ev);
	eval("sqrt(3) / 7 - 0.1 * 0.2", FP_FLOAT, &e, &ev);
	ASSERT_BITS_F((float)result_d(&e, &ev), sqrtf(f3) / f7 - f1 * f2);
	expr_eval_clear(&ev);
	eval("sqrt(3) / 7 - 0.1 * 0.2", FP_DOUBLE, &e, &ev);
	ASSERT_BITS_D(result_d(&e, &ev), sqrt(d3) / d7 - d1 * d2);
	expr_eval_clear(&ev);
	eval("fma(0.1, 10, -1)", FP_DOUBLE, &e, &ev);
	ASSERT_BITS_D(result_d(&e, &ev), fma(d1, 10.0, -1.0));
	expr_eval_clear(&ev);
	eval("(1e16 + 1) - 1e16", FP_DOUBLE, &e, &ev);
	ASSERT_BITS_D(result_d(&e, &ev), (big + 1.0) - big);
	expr_eval_clear(&ev);
	eval("-0x1.8p-1074 * 1", FP_DOUBLE, &e, &ev); /* a hex literal that rounds: -2^-1073 */
	ASSERT_BITS_D(result_d(&e, &ev), -0x1p-1073);
	expr_eval_clear(&ev);
}

Test(expr, mpfr_bit_for_bit_with_mpfr)
{
	mpfr_t a, b, want;
	expr e;
	expr_eval ev;

	mpfr_inits2(256, a, b, want, (mpfr_ptr)0);
	mpfr_set_str(a, "0.1", 10, MPFR_RNDN);
	mpfr_set_str(b, "0.2", 10, MPFR_RNDN);
	mpfr_add(want, a, b, MPFR_RNDN);
	mpfr_sqrt(want, want, MPFR_RNDN);
	eval("sqrt(0.1 + 0.2)", FP_MPFR, &e, &ev);
	cr_assert(mpfr_equal_p(ev.step[e.n - 1].value, want));
	cr_assert_eq(mpfr_get_prec(ev.step[e.n - 1].value), 256);
	expr_eval_clear(&ev);
	mpfr_clears(a, b, want, (mpfr_ptr)0);
}

/* (rounded - exact) / ulp, computed with exact rationals: 0.1 + 0.2 in double, the sum of
 * the two rounded literals rounded once. */
Test(expr, rounding_error_against_exact_rationals)
{
	volatile double x = 0.1, y = 0.2;
	double r = x + y;
	mpq_t qa, qb, qr, ulp;
	expr e;
	expr_eval ev;

	mpq_inits(qa, qb, qr, ulp, NULL);
	mpq_set_d(qa, x);
	mpq_set_d(qb, y);
	mpq_set_d(qr, r);
	mpq_add(qa, qa, qb);     /* the exact sum */
	mpq_sub(qr, qr, qa);     /* rounded - exact */
	mpq_set_d(ulp, 0x1p-54); /* r is in [0.25, 0.5): 2^-2 * 2^-52 */
	mpq_div(qr, qr, ulp);
	eval("0.1 + 0.2", FP_DOUBLE, &e, &ev);
	ASSERT_BITS_D(ev.step[2].err, mpq_get_d(qr));
	cr_assert(ev.step[2].flags & EXPR_INEXACT);
	cr_assert(!(ev.step[2].flags & EXPR_APPROX)); /* a sum of doubles is exact at 4400 bits */
	cr_assert(ev.step[0].flags & EXPR_APPROX);    /* 0.1 is no binary number */
	expr_eval_clear(&ev);
	mpq_clears(qa, qb, qr, ulp, NULL);
}

static unsigned flags_of(const char *text, fp_precision p)
{
	expr e;
	expr_eval ev;
	unsigned f;

	eval(text, p, &e, &ev);
	f = ev.step[e.n - 1].flags;
	expr_eval_clear(&ev);
	return f;
}

Test(expr, labels)
{
	expr e;
	expr_eval ev;
	char buf[96];

	eval("16777217", FP_FLOAT, &e, &ev);
	ASSERT_BITS_D(result_d(&e, &ev), 16777216.0);
	cr_assert_str_eq(expr_flags_text(ev.step[0].flags, true, buf, sizeof buf),
	                 "not representable");
	expr_eval_clear(&ev);
	cr_assert_eq(flags_of("16777217", FP_DOUBLE), 0);
	cr_assert(flags_of("1e39", FP_FLOAT) & EXPR_OVERFLOW);
	cr_assert(flags_of("3e38 * 10", FP_FLOAT) & EXPR_OVERFLOW);
	cr_assert(flags_of("1e-46", FP_FLOAT) & EXPR_UNDERFLOW);
	cr_assert(flags_of("1e-40", FP_FLOAT) & EXPR_SUBNORMAL);
	cr_assert(!(flags_of("1e-40", FP_DOUBLE) & EXPR_SUBNORMAL));
	cr_assert(flags_of("sqrt(-1)", FP_DOUBLE) & EXPR_INVALID);
	cr_assert(flags_of("inf - inf", FP_FLOAT) & EXPR_INVALID);
	cr_assert(flags_of("1 / 0", FP_DOUBLE) & EXPR_DIVZERO);
	cr_assert_eq(flags_of("nan + 1", FP_DOUBLE) & EXPR_INVALID, 0); /* NaN in, NaN out */
	cr_assert_eq(flags_of("inf + 1", FP_DOUBLE) & EXPR_OVERFLOW, 0);
	cr_assert_str_eq(expr_flags_text(EXPR_INEXACT | EXPR_SUBNORMAL, false, buf, sizeof buf),
	                 "rounded, subnormal");
}

Test(expr, truth_of_the_whole_expression)
{
	expr e;
	expr_eval ev;

	eval("(1e16 + 1) - 1e16", FP_DOUBLE, &e, &ev);
	cr_assert(ev.truth_exact);
	cr_assert(mpfr_cmp_ui(ev.truth, 1) == 0);
	ASSERT_BITS_D(ev.total_rel, -1.0); /* 0 against 1 */
	expr_eval_clear(&ev);
	/* 1 + eps/2 rounds to 1 (to even); the truth is 1 + 2^-53, half an ulp of 1 away */
	eval("1 + 0x1p-53", FP_DOUBLE, &e, &ev);
	ASSERT_BITS_D(result_d(&e, &ev), 1.0);
	ASSERT_BITS_D(ev.total_err, -0.5);
	expr_eval_clear(&ev);
}

Test(expr, facts_of_a_double)
{
	expr_facts f;
	mpfr_t v;

	mpfr_init2(v, 53);
	mpfr_set_d(v, 0.1, MPFR_RNDN);
	expr_facts_of(v, FP_DOUBLE, 256, &f);
	cr_assert_str_eq(f.exact, "0.1000000000000000055511151231257827021181583404541015625");
	cr_assert_str_eq(f.sign, "0");
	cr_assert_str_eq(f.exponent, "01111111011");
	cr_assert_str_eq(f.fraction, "1001100110011001100110011001100110011001100110011010");
	cr_assert_str_eq(f.next_hex, "0x1.999999999999bp-4");
	cr_assert_str_eq(f.prev_hex, "0x1.9999999999999p-4");
	mpfr_clear(v);
}

/* The emulated formats: every step is MPFR at the format's p bits in its range (fmt.h's
 * rounding, checked against MPFR here through mpfr_strtofr, mpfr_add ... and
 * fmt_mpfr_round); literals are rounded once from their text, not through a double. */
Test(expr, emulated_formats_bit_for_bit_with_mpfr)
{
	static const char *const texts[] = {
	    "0.1 + 0.2", "1 + 0x1p-11",       "65504 + 16", "300 * 2", "1e-8 / 3",
	    "sqrt(2)",   "fma(3, 0.1, -0.3)", "0.30000001", "1 / 0",   "0 / 0"};
	static const fp_precision precs[] = {FP_FP16,     FP_BF16, FP_TF32,    FP_E4M3,
	                                     FP_E4M3_SAT, FP_E5M2, FP_E5M2_SAT};

	for (size_t q = 0; q < sizeof precs / sizeof precs[0]; q++) {
		const fp_format *f = precision_format(precs[q]);

		for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
			expr e;
			expr_eval ev;
			mpfr_t v[EXPR_NODES_MAX];

			eval(texts[t], precs[q], &e, &ev);
			for (int i = 0; i < e.n; i++) {
				const expr_node *n = &e.node[i];
				mpfr_srcptr a = n->arg[0] >= 0 ? v[n->arg[0]] : NULL;
				mpfr_srcptr b = n->arg[1] >= 0 ? v[n->arg[1]] : NULL;
				mpfr_srcptr c = n->arg[2] >= 0 ? v[n->arg[2]] : NULL;
				char lit[EXPR_TEXT_MAX];
				int r = 0;

				mpfr_init2(v[i], f->p);
				switch (n->op) {
				case EXPR_NUM:
					snprintf(lit, sizeof lit, "%.*s", n->to - n->from,
					         e.text + n->from);
					r = mpfr_strtofr(v[i], lit, NULL, 0, MPFR_RNDN);
					break;
				case EXPR_NEG:
					r = mpfr_neg(v[i], a, MPFR_RNDN);
					break;
				case EXPR_ADD:
					r = mpfr_add(v[i], a, b, MPFR_RNDN);
					break;
				case EXPR_SUB:
					r = mpfr_sub(v[i], a, b, MPFR_RNDN);
					break;
				case EXPR_MUL:
					r = mpfr_mul(v[i], a, b, MPFR_RNDN);
					break;
				case EXPR_DIV:
					r = mpfr_div(v[i], a, b, MPFR_RNDN);
					break;
				case EXPR_SQRT:
					r = mpfr_sqrt(v[i], a, MPFR_RNDN);
					break;
				case EXPR_FMA:
					r = mpfr_fma(v[i], a, b, c, MPFR_RNDN);
					break;
				}
				fmt_mpfr_round(f, v[i], r);
				cr_assert(mpfr_equal_p(ev.step[i].value, v[i]) ||
				              (mpfr_nan_p(ev.step[i].value) && mpfr_nan_p(v[i])),
				          "%s in %s, step %d", texts[t], f->name, i);
			}
			for (int i = 0; i < e.n; i++)
				mpfr_clear(v[i]);
			expr_eval_clear(&ev);
		}
	}
}

/* Overflow is named whatever the format makes of it: infinity (binary16), NaN (E4M3 has no
 * infinity), the largest value (saturating); 1 / 0 stays a division by zero. */
Test(expr, overflow_in_every_format)
{
	cr_assert(flags_of("300 * 2", FP_E4M3) & EXPR_OVERFLOW);
	cr_assert(flags_of("300 * 2", FP_E4M3_SAT) & EXPR_OVERFLOW);
	cr_assert(flags_of("65504 * 2", FP_FP16) & EXPR_OVERFLOW);
	cr_assert_not(flags_of("400 + 40", FP_E4M3) & EXPR_OVERFLOW); /* 440 rounds to 448 */
	cr_assert(flags_of("1 / 0", FP_E5M2) & EXPR_DIVZERO);
	cr_assert(flags_of("1e-8", FP_FP16) & EXPR_UNDERFLOW);
}

/* A format's facts as the lesson prints them, from the standards: binary16's epsilon 2^-10,
 * largest 65504, smallest normal 2^-14 and subnormal 2^-24 (their decimals marked rounded);
 * 0.1 becomes 0.0999755859375 exactly; 1 + eps/2 is a tie that rounds to even, 1. */
Test(expr, facts_of_a_format)
{
	expr_format_facts f;

	expr_format_facts_of(FP_FP16, 256, &f);
	cr_assert_str_eq(f.params, "p 11, emin -14, emax 15, overflow to inf");
	cr_assert_str_eq(f.limits, "eps 2^-10 ~ 0.0009766   max 65504   min normal 2^-14 ~ "
	                           "6.104e-05   min subnormal 2^-24 ~ 5.96e-08");
	cr_assert_str_eq(f.tenth, "0.1 -> 0.0999755859375 (relative error ~-0.024%)");
	cr_assert_str_eq(f.one_half_eps, "1 + eps/2 -> 1");
	expr_format_facts_of(FP_E4M3, 256, &f);
	cr_assert(strstr(f.params, "overflow to NaN"), "%s", f.params);
	cr_assert(strstr(f.limits, "eps 2^-3 = 0.125   max 448"), "%s", f.limits);
	expr_format_facts_of(FP_MPFR, 256, &f);
	cr_assert(strstr(f.limits, "eps 2^-255"), "%s", f.limits);
}
