/* expr.c - the classroom calculator (expr.h): a recursive-descent parser, evaluation in one
 * precision with each step's rounding error, and a value's facts. */
#include "config.h"

#include "explore/expr.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arith/fmt.h"
#include "arith/precision.h"
#include "explore/format.h"

/* ---- parsing ---------------------------------------------------------------------------- */

typedef struct parser {
	expr *e;
	const char *s;
	int pos;
	char *err;
	size_t errsize;
	bool failed;
} parser;

static int fail_at(parser *p, int col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail_at(parser *p, int col, const char *fmt, ...)
{
	char what[160];
	va_list ap;

	if (p->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(what, sizeof what, fmt, ap);
	va_end(ap);
	snprintf(p->err, p->errsize, "column %d: %s", col + 1, what);
	p->failed = true;
	return -1;
}

static void skip_space(parser *p)
{
	while (p->s[p->pos] == ' ' || p->s[p->pos] == '\t')
		p->pos++;
}

/* What stands at the position, for messages: "'x'" or "the end". */
static const char *here(const parser *p, char *buf, size_t size)
{
	if (!p->s[p->pos])
		return "the end";
	snprintf(buf, size, "'%c'", p->s[p->pos]);
	return buf;
}

static int add_node(parser *p, expr_op op, int a, int b, int c, int from)
{
	expr_node *n;

	if (p->failed)
		return -1;
	if (p->e->n == EXPR_NODES_MAX)
		return fail_at(p, from, "more than %d numbers and operations", EXPR_NODES_MAX);
	n = &p->e->node[p->e->n];
	*n = (expr_node){op, {a, b, c}, from, p->pos};
	while (n->to > n->from && p->s[n->to - 1] == ' ')
		n->to--;
	return p->e->n++;
}

static bool word_at(const parser *p, const char *w)
{
	size_t n = strlen(w);

	return strncasecmp(p->s + p->pos, w, n) == 0 &&
	       !isalnum((unsigned char)p->s[p->pos + (int)n]);
}

/* A literal: decimal digits with an optional point and exponent, or 0x hex digits with an
 * optional point and p exponent; inf, infinity and nan in any case. */
static int number(parser *p)
{
	int from = p->pos, digits = 0;
	const char *s = p->s;
	bool hex = s[p->pos] == '0' && (s[p->pos + 1] == 'x' || s[p->pos + 1] == 'X');
	char buf[16];

	if (word_at(p, "infinity") || word_at(p, "inf") || word_at(p, "nan")) {
		p->pos += word_at(p, "infinity") ? 8 : 3;
		return add_node(p, EXPR_NUM, -1, -1, -1, from);
	}
	if (hex)
		p->pos += 2;
	while (hex ? isxdigit((unsigned char)s[p->pos]) : isdigit((unsigned char)s[p->pos]))
		p->pos++, digits++;
	if (s[p->pos] == '.') {
		p->pos++;
		while (hex ? isxdigit((unsigned char)s[p->pos]) : isdigit((unsigned char)s[p->pos]))
			p->pos++, digits++;
	}
	if (!digits)
		return fail_at(p, from, "expected a number, got %s", here(p, buf, sizeof buf));
	if (hex ? (s[p->pos] == 'p' || s[p->pos] == 'P') : (s[p->pos] == 'e' || s[p->pos] == 'E')) {
		int e0;

		p->pos++;
		if (s[p->pos] == '+' || s[p->pos] == '-')
			p->pos++;
		e0 = p->pos;
		while (isdigit((unsigned char)s[p->pos]))
			p->pos++;
		if (p->pos == e0)
			return fail_at(p, p->pos, "expected the exponent's digits, got %s",
			               here(p, buf, sizeof buf));
	}
	if (isalnum((unsigned char)s[p->pos]) || s[p->pos] == '.')
		return fail_at(p, p->pos, "unexpected %s in a number", here(p, buf, sizeof buf));
	return add_node(p, EXPR_NUM, -1, -1, -1, from);
}

static int sum(parser *p);

static int expect(parser *p, char c)
{
	char buf[16];

	skip_space(p);
	if (p->s[p->pos] != c)
		return fail_at(p, p->pos, "expected '%c', got %s", c, here(p, buf, sizeof buf));
	p->pos++;
	return 0;
}

/* sqrt(x), fma(a, b, c), (x), a literal, or -x and +x. */
static int unary(parser *p)
{
	int from, a, b, c;

	skip_space(p);
	from = p->pos;
	if (p->s[p->pos] == '-' || p->s[p->pos] == '+') {
		bool neg = p->s[p->pos] == '-';

		p->pos++;
		a = unary(p);
		return neg ? add_node(p, EXPR_NEG, a, -1, -1, from) : a;
	}
	if (p->s[p->pos] == '(') {
		p->pos++;
		a = sum(p);
		if (expect(p, ')'))
			return -1;
		return a;
	}
	if (word_at(p, "sqrt") ||
	    (strncasecmp(p->s + p->pos, "sqrt", 4) == 0 && p->s[p->pos + 4] == '(')) {
		p->pos += 4;
		if (expect(p, '('))
			return -1;
		a = sum(p);
		if (expect(p, ')'))
			return -1;
		return add_node(p, EXPR_SQRT, a, -1, -1, from);
	}
	if (strncasecmp(p->s + p->pos, "fma", 3) == 0 &&
	    !isalnum((unsigned char)p->s[p->pos + 3])) {
		p->pos += 3;
		if (expect(p, '('))
			return -1;
		a = sum(p);
		if (expect(p, ','))
			return -1;
		b = sum(p);
		if (expect(p, ','))
			return -1;
		c = sum(p);
		if (expect(p, ')'))
			return -1;
		return add_node(p, EXPR_FMA, a, b, c, from);
	}
	return number(p);
}

static int product(parser *p)
{
	int from, a;

	skip_space(p);
	from = p->pos;
	a = unary(p);
	for (;;) {
		char op;

		skip_space(p);
		op = p->s[p->pos];
		if (p->failed || (op != '*' && op != '/'))
			return a;
		p->pos++;
		a = add_node(p, op == '*' ? EXPR_MUL : EXPR_DIV, a, unary(p), -1, from);
	}
}

static int sum(parser *p)
{
	int from, a;

	skip_space(p);
	from = p->pos;
	a = product(p);
	for (;;) {
		char op;

		skip_space(p);
		op = p->s[p->pos];
		if (p->failed || (op != '+' && op != '-'))
			return a;
		p->pos++;
		a = add_node(p, op == '+' ? EXPR_ADD : EXPR_SUB, a, product(p), -1, from);
	}
}

int expr_parse(const char *text, expr *e, char *err, size_t errsize)
{
	parser p = {e, e->text, 0, err, errsize, false};
	char buf[16];

	memset(e, 0, sizeof *e);
	if (strlen(text) >= sizeof e->text) {
		snprintf(err, errsize, "column %zu: longer than %zu characters", sizeof e->text,
		         sizeof e->text - 1);
		return -1;
	}
	snprintf(e->text, sizeof e->text, "%s", text);
	for (const char *c = e->text; *c; c++)
		if ((unsigned char)*c < 0x20 || (unsigned char)*c > 0x7e) {
			snprintf(err, errsize, "column %d: a character that is not printable ASCII",
			         (int)(c - e->text) + 1);
			return -1;
		}
	skip_space(&p);
	if (!e->text[p.pos]) {
		snprintf(err, errsize, "column 1: empty: type a number or an expression");
		return -1;
	}
	sum(&p);
	skip_space(&p);
	if (!p.failed && e->text[p.pos])
		fail_at(&p, p.pos, "expected an operator, got %s", here(&p, buf, sizeof buf));
	return p.failed ? -1 : 0;
}

/* ---- evaluation ------------------------------------------------------------------------- */

/* The format's smallest normal exponent (MPFR's convention), or 0 for MPFR. */
static long min_exp(fp_precision p)
{
	const fp_format *f = precision_format(p);

	return p == FP_MPFR || !f ? 0 : f->emin + 1;
}

/* One step in an emulated format (fmt.h): the engine's own operations on the operands, held
 * in doubles; a literal rounded once from its decimal (or hexadecimal) text to the format. */
static void step_emu(const expr *e, const expr_node *n, expr_eval *ev, mpfr_ptr out)
{
	const fp_format *f = precision_format(ev->prec);
	double x[3] = {0, 0, 0}, r = 0;
	char lit[EXPR_TEXT_MAX];

	for (int i = 0; i < 3; i++)
		if (n->arg[i] >= 0)
			x[i] = mpfr_get_d(ev->step[n->arg[i]].value, MPFR_RNDN);
	switch (n->op) {
	case EXPR_NUM:
		snprintf(lit, sizeof lit, "%.*s", n->to - n->from, e->text + n->from);
		r = fmt_finish_mpfr(f, out, mpfr_strtofr(out, lit, NULL, 0, MPFR_RNDN));
		break;
	case EXPR_NEG:
		r = -x[0];
		break;
	case EXPR_ADD:
		r = fmt_add(f, x[0], x[1]);
		break;
	case EXPR_SUB:
		r = fmt_sub(f, x[0], x[1]);
		break;
	case EXPR_MUL:
		r = fmt_mul(f, x[0], x[1]);
		break;
	case EXPR_DIV:
		r = fmt_div(f, x[0], x[1]);
		break;
	case EXPR_SQRT:
		r = fmt_sqrt(f, x[0]);
		break;
	case EXPR_FMA:
		r = fmt_fma(f, x[0], x[1], x[2]);
		break;
	}
	mpfr_set_d(out, r, MPFR_RNDN);
}

/* One step in float or double: the machine's operation on the operands (held exactly in
 * MPFR numbers). */
static void step_machine(const expr *e, const expr_node *n, expr_eval *ev, mpfr_ptr out)
{
	double x[3] = {0, 0, 0};

	for (int i = 0; i < 3; i++)
		if (n->arg[i] >= 0)
			x[i] = mpfr_get_d(ev->step[n->arg[i]].value, MPFR_RNDN);
	if (ev->prec == FP_FLOAT) {
		float a = (float)x[0], b = (float)x[1], c = (float)x[2], r = 0;
		char lit[EXPR_TEXT_MAX];

		switch (n->op) {
		case EXPR_NUM:
			snprintf(lit, sizeof lit, "%.*s", n->to - n->from, e->text + n->from);
			r = strtof(lit, NULL);
			break;
		case EXPR_NEG:
			r = -a;
			break;
		case EXPR_ADD:
			r = a + b;
			break;
		case EXPR_SUB:
			r = a - b;
			break;
		case EXPR_MUL:
			r = a * b;
			break;
		case EXPR_DIV:
			r = a / b;
			break;
		case EXPR_SQRT:
			r = sqrtf(a);
			break;
		case EXPR_FMA:
			r = fmaf(a, b, c);
			break;
		}
		mpfr_set_flt(out, r, MPFR_RNDN);
	} else {
		double r = 0;
		char lit[EXPR_TEXT_MAX];

		switch (n->op) {
		case EXPR_NUM:
			snprintf(lit, sizeof lit, "%.*s", n->to - n->from, e->text + n->from);
			r = strtod(lit, NULL);
			break;
		case EXPR_NEG:
			r = -x[0];
			break;
		case EXPR_ADD:
			r = x[0] + x[1];
			break;
		case EXPR_SUB:
			r = x[0] - x[1];
			break;
		case EXPR_MUL:
			r = x[0] * x[1];
			break;
		case EXPR_DIV:
			r = x[0] / x[1];
			break;
		case EXPR_SQRT:
			r = sqrt(x[0]);
			break;
		case EXPR_FMA:
			r = fma(x[0], x[1], x[2]);
			break;
		}
		mpfr_set_d(out, r, MPFR_RNDN);
	}
}

/* out = the step's operation on operands a, b, c in MPFR at out's precision; the ternary
 * value (0: exact). A literal is read from the text. */
static int step_mpfr(const expr *e, const expr_node *n, mpfr_srcptr a, mpfr_srcptr b, mpfr_srcptr c,
                     mpfr_ptr out)
{
	char lit[EXPR_TEXT_MAX];

	switch (n->op) {
	case EXPR_NUM:
		snprintf(lit, sizeof lit, "%.*s", n->to - n->from, e->text + n->from);
		return mpfr_strtofr(out, lit, NULL, 0, MPFR_RNDN);
	case EXPR_NEG:
		return mpfr_neg(out, a, MPFR_RNDN);
	case EXPR_ADD:
		return mpfr_add(out, a, b, MPFR_RNDN);
	case EXPR_SUB:
		return mpfr_sub(out, a, b, MPFR_RNDN);
	case EXPR_MUL:
		return mpfr_mul(out, a, b, MPFR_RNDN);
	case EXPR_DIV:
		return mpfr_div(out, a, b, MPFR_RNDN);
	case EXPR_SQRT:
		return mpfr_sqrt(out, a, MPFR_RNDN);
	case EXPR_FMA:
		return mpfr_fma(out, a, b, c, MPFR_RNDN);
	}
	return 0;
}

/* The unit in the last place of v in format p (bits significand bits): for float and double
 * 2^(max(e, emin) - bits) (so subnormals have the smallest); for MPFR 2^(e - bits). */
static void ulp_of(mpfr_srcptr v, fp_precision p, mpfr_prec_t bits, mpfr_ptr out)
{
	long e = mpfr_zero_p(v) ? min_exp(p) : mpfr_get_exp(v);

	if (min_exp(p) && e < min_exp(p))
		e = min_exp(p);
	mpfr_set_ui_2exp(out, 1, e - bits, MPFR_RNDN);
}

/* Does the finite exact value round, to the format's p bits with an unbounded exponent, to
 * more than its largest value (the overflow of IEEE 754 and of the OFP8 formats)? */
static bool beyond_range(const expr_eval *ev, mpfr_srcptr exact)
{
	const fp_format *f = precision_format(ev->prec);
	mpfr_t t;
	bool beyond;

	if (ev->prec == FP_MPFR || !f || !mpfr_number_p(exact))
		return false;
	mpfr_init2(t, f->p);
	mpfr_set(t, exact, MPFR_RNDN);
	beyond = mpfr_cmp_d(t, f->max) > 0 || mpfr_cmp_d(t, -f->max) < 0;
	mpfr_clear(t);
	return beyond;
}

/* The step's flags and error, from its operands, its result and its exact value. */
static void judge(const expr_node *n, const expr_eval *ev, expr_step *s, mpfr_srcptr exact,
                  bool exact_known)
{
	bool operands_nan = false, operands_inf = false, zero_divisor = false;
	mpfr_t d, u;

	for (int i = 0; i < 3; i++)
		if (n->arg[i] >= 0) {
			operands_nan |= mpfr_nan_p(ev->step[n->arg[i]].value) != 0;
			operands_inf |= mpfr_inf_p(ev->step[n->arg[i]].value) != 0;
		}
	zero_divisor = n->op == EXPR_DIV && mpfr_zero_p(ev->step[n->arg[1]].value);
	s->err = (double)NAN;
	s->flags = 0;
	if (beyond_range(ev, exact)) { /* to infinity, to NaN (E4M3), or saturated */
		s->flags |= EXPR_OVERFLOW | EXPR_INEXACT;
		return;
	}
	if (mpfr_nan_p(s->value)) {
		s->flags |= operands_nan || n->op == EXPR_NUM ? 0 : EXPR_INVALID;
		return;
	}
	if (mpfr_inf_p(s->value)) {
		if (zero_divisor && !operands_inf)
			s->flags |= EXPR_DIVZERO;
		else if (mpfr_number_p(exact)) /* finite before rounding */
			s->flags |= EXPR_OVERFLOW | EXPR_INEXACT;
		return;
	}
	if (!exact_known)
		s->flags |= EXPR_APPROX;
	if (!exact_known || !mpfr_equal_p(s->value, exact))
		s->flags |= EXPR_INEXACT;
	if (mpfr_zero_p(s->value) && !mpfr_zero_p(exact))
		s->flags |= EXPR_UNDERFLOW;
	if (min_exp(ev->prec) && !mpfr_zero_p(s->value) &&
	    mpfr_get_exp(s->value) < min_exp(ev->prec))
		s->flags |= EXPR_SUBNORMAL;
	if (!mpfr_number_p(exact))
		return;
	mpfr_inits2(EXPR_EXACT_BITS + 64, d, u, (mpfr_ptr)0);
	mpfr_sub(d, s->value, exact, MPFR_RNDN);
	ulp_of(s->value, ev->prec, ev->bits, u);
	mpfr_div(d, d, u, MPFR_RNDN);
	s->err = mpfr_get_d(d, MPFR_RNDN);
	mpfr_clears(d, u, (mpfr_ptr)0);
}

/* The true value: every step on the true values of its operands, at EXPR_EXACT_BITS (work
 * holds a number per step), and the result's distance from it. */
static void judge_total(const expr *e, expr_eval *ev, mpfr_t *work)
{
	bool exact = true;
	mpfr_t d, u;

	for (int i = 0; i < e->n; i++) {
		const expr_node *n = &e->node[i];

		exact &= step_mpfr(e, n, n->arg[0] >= 0 ? work[n->arg[0]] : NULL,
		                   n->arg[1] >= 0 ? work[n->arg[1]] : NULL,
		                   n->arg[2] >= 0 ? work[n->arg[2]] : NULL, work[i]) == 0;
	}
	mpfr_init2(ev->truth, EXPR_EXACT_BITS);
	mpfr_set(ev->truth, work[e->n - 1], MPFR_RNDN);
	ev->truth_exact = exact;
	ev->total_err = ev->total_rel = (double)NAN;
	if (!mpfr_number_p(ev->truth) || !mpfr_number_p(ev->step[e->n - 1].value))
		return;
	mpfr_inits2(EXPR_EXACT_BITS + 64, d, u, (mpfr_ptr)0);
	mpfr_sub(d, ev->step[e->n - 1].value, ev->truth, MPFR_RNDN);
	ulp_of(ev->step[e->n - 1].value, ev->prec, ev->bits, u);
	mpfr_div(u, d, u, MPFR_RNDN);
	ev->total_err = mpfr_get_d(u, MPFR_RNDN);
	if (!mpfr_zero_p(ev->truth)) {
		mpfr_div(d, d, ev->truth, MPFR_RNDN);
		ev->total_rel = mpfr_get_d(d, MPFR_RNDN);
	}
	mpfr_clears(d, u, (mpfr_ptr)0);
}

void expr_evaluate(const expr *e, fp_precision p, mpfr_prec_t mpfr_bits, expr_eval *ev)
{
	mpfr_t *exact = malloc(sizeof(mpfr_t) * (size_t)(e->n ? e->n : 1));

	ev->prec = p;
	ev->bits = precision_bits(p, mpfr_bits);
	ev->n = e->n;
	for (int i = 0; i < e->n; i++) {
		const expr_node *n = &e->node[i];
		expr_step *s = &ev->step[i];
		mpfr_srcptr a = n->arg[0] >= 0 ? ev->step[n->arg[0]].value : NULL;
		mpfr_srcptr b = n->arg[1] >= 0 ? ev->step[n->arg[1]].value : NULL;
		mpfr_srcptr c = n->arg[2] >= 0 ? ev->step[n->arg[2]].value : NULL;
		int t;

		mpfr_init2(s->value, ev->bits);
		if (p == FP_FLOAT || p == FP_DOUBLE)
			step_machine(e, n, ev, s->value);
		else if (precision_emulated(p))
			step_emu(e, n, ev, s->value);
		else
			step_mpfr(e, n, a, b, c, s->value);
		/* the exact result of the step on the rounded operands */
		mpfr_init2(exact[i], EXPR_EXACT_BITS);
		t = step_mpfr(e, n, a, b, c, exact[i]);
		judge(n, ev, s, exact[i], t == 0);
	}
	judge_total(e, ev, exact);
	for (int i = 0; i < e->n; i++)
		mpfr_clear(exact[i]);
	free(exact);
}

void expr_eval_clear(expr_eval *ev)
{
	for (int i = 0; i < ev->n; i++)
		mpfr_clear(ev->step[i].value);
	if (ev->n)
		mpfr_clear(ev->truth);
	ev->n = 0;
}

const char *expr_flags_text(unsigned flags, bool literal, char *buf, size_t size)
{
	static const struct {
		unsigned flag;
		const char *word;
	} words[] = {{EXPR_INVALID, "NaN: invalid"},
	             {EXPR_DIVZERO, "division by zero"},
	             {EXPR_OVERFLOW, "overflow"},
	             {EXPR_UNDERFLOW, "underflow to 0"},
	             {EXPR_SUBNORMAL, "subnormal"}};

	buf[0] = '\0';
	if ((flags & EXPR_INEXACT) && !(flags & EXPR_OVERFLOW))
		snprintf(buf, size, "%s", literal ? "not representable" : "rounded");
	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (flags & words[i].flag)
			snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? ", " : "",
			         words[i].word);
	if (!buf[0])
		snprintf(buf, size, "exact");
	return buf;
}

/* ---- a value's facts -------------------------------------------------------------------- */

static void bits_of(uint64_t v, int nbits, char *out)
{
	for (int i = 0; i < nbits; i++)
		out[i] = (v >> (nbits - 1 - i)) & 1 ? '1' : '0';
	out[nbits] = '\0';
}

/* The exact decimal of v: every binary fraction is a finite decimal; cut with "..." when it
 * does not fit. */
static void exact_decimal(mpfr_srcptr v, char *out, size_t size)
{
	char *s;

	if (!mpfr_number_p(v) || mpfr_zero_p(v)) {
		fmt_value(v, FP_DOUBLE, out, size);
		return;
	}
	/* digits after the point: the exponent below the significand's last bit; a number far
	 * beyond double's range (MPFR's exponents reach 2^62) has millions of digits: its first
	 * forty and how many there are */
	if (mpfr_get_exp(v) > 4000 || (long)mpfr_get_prec(v) - mpfr_get_exp(v) > 4000) {
		mpfr_snprintf(out, size, "%.40Re (the exact decimal is longer than 1200 digits)",
		              v);
		return;
	}
	{
		long frac = (long)mpfr_get_prec(v) - mpfr_get_exp(v);

		if (mpfr_asprintf(&s, "%.*Rf", (int)(frac > 0 ? frac : 0), v) < 0) {
			snprintf(out, size, "?");
			return;
		}
	}
	if (strchr(s, '.')) {
		size_t len = strlen(s);

		while (len > 0 && s[len - 1] == '0')
			s[--len] = '\0';
		if (len > 0 && s[len - 1] == '.')
			s[--len] = '\0';
	}
	if (strlen(s) >= size)
		snprintf(out, size, "%.*s...", (int)size - 4, s);
	else
		snprintf(out, size, "%s", s);
	mpfr_free_str(s);
}

void expr_facts_of(mpfr_srcptr v, fp_precision p, mpfr_prec_t mpfr_bits, expr_facts *f)
{
	mpfr_prec_t bits = precision_bits(p, mpfr_bits);
	mpfr_t n, u;

	memset(f, 0, sizeof *f);
	fmt_value(v, p, f->shortest, sizeof f->shortest);
	fmt_hex(v, p, f->hex, sizeof f->hex);
	mpfr_inits2(bits, n, u, (mpfr_ptr)0);
	exact_decimal(v, f->exact, sizeof f->exact);
	if (p == FP_FLOAT || p == FP_DOUBLE) {
		bool is_float = p == FP_FLOAT;
		double d = mpfr_get_d(v, MPFR_RNDN);
		int eb = is_float ? 8 : 11, fb = is_float ? 23 : 52;
		uint64_t u64;

		if (is_float) {
			float x = (float)d;
			uint32_t u32;

			memcpy(&u32, &x, sizeof u32);
			u64 = u32;
			mpfr_set_flt(n, nextafterf(x, HUGE_VALF), MPFR_RNDN);
			mpfr_set_flt(u, nextafterf(x, -HUGE_VALF), MPFR_RNDN);
		} else {
			memcpy(&u64, &d, sizeof u64);
			mpfr_set_d(n, nextafter(d, HUGE_VAL), MPFR_RNDN);
			mpfr_set_d(u, nextafter(d, -HUGE_VAL), MPFR_RNDN);
		}
		bits_of(u64 >> (eb + fb), 1, f->sign);
		bits_of((u64 >> fb) & ((1u << eb) - 1), eb, f->exponent);
		bits_of(u64 & ((UINT64_C(1) << fb) - 1), fb, f->fraction);
	} else if (precision_emulated(p) && precision_format(p)) {
		const fp_format *fm = precision_format(p);
		double d = mpfr_get_d(v, MPFR_RNDN);
		int eb = fmt_exponent_bits(fm), fb = fm->p - 1;
		uint64_t code = fmt_encode(fm, d);

		bits_of(code >> (eb + fb), 1, f->sign);
		bits_of((code >> fb) & ((UINT64_C(1) << eb) - 1), eb, f->exponent);
		bits_of(code & ((UINT64_C(1) << fb) - 1), fb, f->fraction);
		mpfr_set_d(n, fmt_next(fm, d, 1), MPFR_RNDN);
		mpfr_set_d(u, fmt_next(fm, d, -1), MPFR_RNDN);
	} else {
		mpfr_set(n, v, MPFR_RNDN);
		mpfr_nextabove(n);
		mpfr_set(u, v, MPFR_RNDN);
		mpfr_nextbelow(u);
	}
	fmt_value(n, p, f->next, sizeof f->next);
	fmt_hex(n, p, f->next_hex, sizeof f->next_hex);
	fmt_value(u, p, f->prev, sizeof f->prev);
	fmt_hex(u, p, f->prev_hex, sizeof f->prev_hex);
	if (mpfr_number_p(v)) {
		mpfr_t w;

		mpfr_init2(w, 64);
		ulp_of(v, p, bits, w);
		mpfr_snprintf(f->ulp, sizeof f->ulp, "%.6Rg", w);
		mpfr_clear(w);
	} else {
		snprintf(f->ulp, sizeof f->ulp, "-");
	}
	mpfr_clears(n, u, (mpfr_ptr)0);
}

/* v in at most `digits` significant digits after "= " when that is v exactly, "~ " when it is
 * rounded. */
static const char *decimal_n(double v, int digits, char *buf, size_t size)
{
	double back;

	snprintf(buf, size, "= %.*g", digits, v);
	back = strtod(buf + 2, NULL);
	if (memcmp(&back, &v, sizeof v) != 0)
		buf[0] = '~';
	return buf;
}

/* The result of text evaluated in p, as its exact decimal value. */
static void evaluate_text(const char *text, fp_precision p, mpfr_prec_t mpfr_bits, char *out,
                          size_t size, double *rel)
{
	expr e;
	expr_eval ev;
	char err[160];

	*rel = (double)NAN;
	if (expr_parse(text, &e, err, sizeof err) != 0) {
		snprintf(out, size, "?");
		return;
	}
	expr_evaluate(&e, p, mpfr_bits, &ev);
	exact_decimal(ev.step[e.n - 1].value, out, size);
	*rel = ev.total_rel;
	expr_eval_clear(&ev);
}

void expr_format_facts_of(fp_precision p, mpfr_prec_t mpfr_bits, expr_format_facts *f)
{
	const fp_format *fm = p == FP_MPFR ? NULL : precision_format(p);
	const long bits = (long)precision_bits(p, mpfr_bits);
	char text[64], v[FMT_VALUE_MAX];
	double rel;

	memset(f, 0, sizeof *f);
	if (fm) {
		snprintf(f->params, sizeof f->params, "p %d, emin %d, emax %d, %s", fm->p, fm->emin,
		         fm->emax,
		         fm->ovf == FMT_OVF_NAN   ? "overflow to NaN (no infinity)"
		         : fm->ovf == FMT_OVF_SAT ? "overflow saturates"
		                                  : "overflow to inf");
		char mx[48], mn[48], sub[48], eps[48];

		decimal_n(fm->max, 6, mx, sizeof mx);
		snprintf(f->limits, sizeof f->limits,
		         "eps 2^%ld %s   max %s   min normal 2^%d %s   min subnormal 2^%d %s",
		         1 - bits, decimal_n(ldexp(1.0, (int)(1 - bits)), 4, eps, sizeof eps),
		         mx[0] == '=' ? mx + 2 : mx, fm->emin,
		         decimal_n(ldexp(1.0, fm->emin), 4, mn, sizeof mn), fm->emin - fm->p + 1,
		         decimal_n(fm->quantum, 4, sub, sizeof sub));
	} else {
		snprintf(f->params, sizeof f->params,
		         "p %ld, MPFR's exponent range (no subnormals)", bits);
		snprintf(f->limits, sizeof f->limits, "eps 2^%ld", 1 - bits);
	}
	evaluate_text("0.1", p, mpfr_bits, v, sizeof v, &rel);
	snprintf(f->tenth, sizeof f->tenth, "0.1 -> %s (relative error ~%+.2g%%)", v, 100 * rel);
	snprintf(text, sizeof text, "1 + 0x1p%ld", -bits);
	evaluate_text(text, p, mpfr_bits, v, sizeof v, &rel);
	snprintf(f->one_half_eps, sizeof f->one_half_eps, "1 + eps/2 -> %s", v);
}
