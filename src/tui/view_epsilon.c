/* view_epsilon.c - the classroom lesson: an expression (0.1 + 0.2, 1 + 2^-53,
 * sqrt(1e8 + 1) - sqrt(1e8)) evaluated in every chosen precision side by side (float, double,
 * fp16, bf16, the FP8 formats ..., MPFR; P chooses them): each literal's and each operation's
 * rounding error in ulps of its result, the result with its labels (not representable,
 * subnormal, overflow, NaN), and for one precision its format (p, exponent range, epsilon,
 * largest, smallest normal and subnormal values, what 0.1 and 1 + eps/2 become) and the
 * result's bits, exact value, ulp and neighbours; below, the current k-means centers'
 * differences from the reference in eps (the study's 4.44e-16 is 2 eps).
 *
 * i, Enter or / opens the text input; while it is open every key edits the expression (the
 * knob keys type letters), Enter evaluates and closes it, Esc closes it. Up and Down choose
 * the precision of the details, Left and Right step to its neighbouring numbers. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/expr.h"
#include "explore/format.h"
#include "tui/app.h"
#include "util/util.h"

/* The lesson's precisions: those chosen for the run (P), in the precision table's order. */
typedef struct lesson_precs {
	fp_precision p[FP_PRECISION_COUNT];
	int n;
} lesson_precs;

static lesson_precs precs_of(const app *a)
{
	lesson_precs l = {.n = 0};

	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		if (a->sc.precision[p])
			l.p[l.n++] = (fp_precision)p;
	return l;
}

/* The k-means study in units of eps: the primary precision's centers minus the reference's
 * (the study's 4.44e-16 is 2 eps of double). */
static void draw_centers_in_eps(app *a, int y, int bottom)
{
	const report *r = tui_result(a, JOB_COMPARE, false);
	const run_record *rd = NULL;
	char buf[160];
	double eps;
	int x = 0;

	if (y + 1 >= bottom || !r || !workload_output_of_role(r->sc.wl, WL_ROLE_CENTERS))
		return;
	for (size_t i = 0; i < r->nruns && !rd; i++)
		if (precision_of(r->runs[i].prec)->primary)
			rd = &r->runs[i];
	if (!rd)
		return;
	eps = ldexp(1.0, 1 - precision_of(rd->prec)->bits);
	snprintf(buf, sizeof buf,
	         "%s centers - reference, in eps = %.3g (the study's 4.44e-16 is 2 eps):",
	         precision_of(rd->prec)->name, eps);
	tui_put(++y, 0, COLS, buf);
	y++;
	for (size_t i = 0; i < rd->res.nout && y < bottom; i++) {
		const wl_output *ref = wl_result_match(&r->ref, &rd->res.out[i], i);

		if (!ref || rd->res.out[i].desc->role != WL_ROLE_CENTERS)
			continue;
		snprintf(buf, sizeof buf, "%s %+.2f eps", rd->res.out[i].name,
		         (fmt_double(rd->res.out[i].value) - fmt_double(ref->value)) / eps);
		if (x + 26 > COLS) {
			x = 0;
			y++;
		}
		if (y < bottom)
			tui_put(y, x, 26, buf);
		x += 26;
	}
}

/* What the lesson shows, computed from the text (cheap: at most 64 steps). */
typedef struct lesson_view {
	expr e;
	bool ok;
	char err[160];
	lesson_precs pr;
	int focus;                        /* the precision of the details, an index into pr */
	expr_eval ev[FP_PRECISION_COUNT]; /* per index into pr */
} lesson_view;

static void lesson_compute(const app *a, lesson_view *l)
{
	l->pr = precs_of(a);
	l->focus = a->les_focus < l->pr.n ? a->les_focus : l->pr.n - 1;
	l->ok = l->pr.n > 0 && expr_parse(a->input, &l->e, l->err, sizeof l->err) == 0;
	for (int p = 0; p < l->pr.n && l->ok; p++)
		expr_evaluate(&l->e, l->pr.p[p], a->sc.ref_bits, &l->ev[p]);
}

static void lesson_clear(lesson_view *l)
{
	for (int p = 0; p < l->pr.n && l->ok; p++)
		expr_eval_clear(&l->ev[p]);
}

/* A step's cell: its rounding error in ulps, or what happened instead. */
static void step_cell(const expr_step *s, char *buf, size_t size)
{
	if (s->flags & EXPR_INVALID)
		snprintf(buf, size, "NaN: invalid");
	else if (s->flags & EXPR_DIVZERO)
		snprintf(buf, size, "inf: x/0");
	else if (s->flags & EXPR_OVERFLOW)
		snprintf(buf, size, "overflow");
	else if (mpfr_nan_p(s->value))
		snprintf(buf, size, "NaN");
	else if (mpfr_inf_p(s->value))
		snprintf(buf, size, "%sinf", mpfr_signbit(s->value) ? "-" : "");
	else if (s->flags & EXPR_UNDERFLOW)
		snprintf(buf, size, "underflow to 0");
	else if (!(s->flags & EXPR_INEXACT))
		snprintf(buf, size, "exact%s", s->flags & EXPR_SUBNORMAL ? ", subn." : "");
	else if (fabs(s->err) < 1e4 && fabs(s->err) >= 1e-3)
		snprintf(buf, size, "%+.3f ulp%s", s->err,
		         s->flags & EXPR_SUBNORMAL ? " subn." : "");
	else
		snprintf(buf, size, "%+.3g ulp", s->err);
}

/* The result against the whole expression's true value: its error in ulps of the result,
 * and relative when it is large. */
static void total_cell(const expr_eval *ev, char *buf, size_t size)
{
	double u = ev->total_err, r = ev->total_rel;

	if (isnan(u))
		snprintf(buf, size, "-");
	else if (!(fabs(u) > 0)) /* exactly the truth */
		snprintf(buf, size, "%s", ev->truth_exact ? "exact" : "0 ulp");
	else if (fabs(r) >= 1e-3) /* ulps of a result that is mostly error say little */
		snprintf(buf, size, "%+.3g%% off", 100 * r);
	else
		snprintf(buf, size, "%+.3g ulp", u);
}

/* Every step's flags together, as words ("2 of 5 rounded, subnormal"); returns them. */
static unsigned labels_cell(const expr *e, const expr_eval *ev, char *buf, size_t size)
{
	unsigned all = 0;
	int rounded = 0;

	for (int i = 0; i < ev->n; i++) {
		all |= ev->step[i].flags;
		rounded += (ev->step[i].flags & EXPR_INEXACT) != 0;
	}
	if (e->n == 1 || !(all & EXPR_INEXACT)) {
		expr_flags_text(all, e->node[e->n - 1].op == EXPR_NUM, buf, size);
		return all;
	}
	snprintf(buf, size, size < 16 ? "%d/%d rounded" : "%d of %d rounded", rounded, e->n);
	if (all & ~(unsigned)(EXPR_INEXACT | EXPR_APPROX)) {
		char more[96];

		expr_flags_text(all & ~(unsigned)EXPR_INEXACT, false, more, sizeof more);
		appendf(buf, size, ", %s", more);
	}
	return all;
}

/* The steps' table: a row per literal and operation, a column per precision; the result and
 * its labels under it. Returns the next row. */
static int draw_steps(app *a, const lesson_view *l, int y, int bottom)
{
	const int stepw = COLS >= 100 ? 30 : 17;
	/* as many columns of at least 14 as fit, from the one that keeps the focus in view */
	const int fit = (COLS - stepw) / 14 < 1 ? 1 : (COLS - stepw) / 14;
	const int ncol = l->pr.n < fit ? l->pr.n : fit;
	const int c0 = l->focus >= ncol ? l->focus - ncol + 1 : 0, colw = (COLS - stepw) / ncol;
	char buf[256], label[80];
	int first = 0, rows = bottom - y - 4 - 8; /* leave room for the details */

	attron(A_BOLD);
	tui_put(y, 0, stepw, ncol < l->pr.n ? "step: rounding (Up/Down)" : "step: rounding");
	for (int c = 0; c < ncol; c++) {
		const fp_precision pp = l->pr.p[c0 + c];

		attron(tui_attr(a, tui_prec_pair(pp)));
		tui_put(y, stepw + c * colw, colw - 1,
		        precision_label(pp, a->sc.ref_bits, label, sizeof label));
		attroff(tui_attr(a, tui_prec_pair(pp)));
	}
	attroff(A_BOLD);
	y++;
	if (rows < 1)
		rows = 1;
	if (l->e.n > rows)
		first = l->e.n - rows; /* the last steps, which lead to the result */
	for (int i = first; i < l->e.n && y < bottom; i++, y++) {
		const expr_node *n = &l->e.node[i];

		snprintf(buf, sizeof buf, "%.*s", n->to - n->from, l->e.text + n->from);
		if ((int)strlen(buf) > stepw - 1) /* the start of a long step, marked */
			snprintf(buf + stepw - 2, sizeof buf - (size_t)stepw + 2, "%s",
			         a->utf8 ? "\u2026" : "~");
		tui_put(y, 0, stepw - 1, buf);
		for (int c = 0; c < ncol; c++) {
			const expr_step *st = &l->ev[c0 + c].step[i];

			step_cell(st, buf, sizeof buf);
			if (st->flags & ~(unsigned)(EXPR_INEXACT | EXPR_APPROX))
				attron(tui_attr(a, C_WARN));
			tui_put(y, stepw + c * colw, colw - 1, buf);
			attroff(tui_attr(a, C_WARN));
		}
	}
	for (int row = 0; row < 3 && y < bottom; row++, y++) {
		static const char *const names[] = {"= result", "vs the truth", "labels"};

		attron(A_BOLD);
		tui_put(y, 0, stepw, names[row]);
		attroff(A_BOLD);
		for (int c = 0; c < ncol; c++) {
			const int p = c0 + c;
			const expr_eval *ev = &l->ev[p];
			const expr_step *s = &ev->step[l->e.n - 1];

			unsigned all = labels_cell(
			    &l->e, ev, buf, (size_t)colw < sizeof buf ? (size_t)colw : sizeof buf);

			if (row == 0) {
				char full[FMT_VALUE_MAX];

				fmt_value(s->value, l->pr.p[p], full, sizeof full);
				fmt_fit(full, strlen(full), colw - 1, a->utf8 ? "\u2026" : "~", buf,
				        sizeof buf);
			} else if (row == 1) {
				total_cell(ev, buf, sizeof buf);
			}
			if (row == 2 && all & ~(unsigned)(EXPR_INEXACT | EXPR_APPROX))
				attron(tui_attr(a, C_WARN));
			tui_put(y, stepw + c * colw, colw - 1, buf);
			attroff(tui_attr(a, C_WARN));
		}
	}
	return y;
}

/* The focused precision's result: bits, exact value, hex, ulp, neighbours, epsilon. */
static int draw_details(app *a, const lesson_view *l, int y, int bottom)
{
	const int p = l->focus;
	const fp_precision pp = l->pr.p[p];
	const expr_step *s = &l->ev[p].step[l->e.n - 1];
	expr_facts f;
	expr_format_facts ff;
	char buf[1400], label[80];
	int x;

	expr_facts_of(s->value, pp, a->sc.ref_bits, &f);
	expr_format_facts_of(pp, a->sc.ref_bits, &ff);
	precision_label(pp, a->sc.ref_bits, label, sizeof label);
	if (y >= bottom)
		return y;
	/* the format itself: its parameters and limits, 0.1 and 1 + eps/2 in it */
	attron(A_BOLD | tui_attr(a, tui_prec_pair(pp)));
	tui_put(y, 0, COLS, label);
	attroff(A_BOLD | tui_attr(a, tui_prec_pair(pp)));
	x = (int)strlen(label) + 1;
	snprintf(buf, sizeof buf, "%s   %s   %s", ff.params, ff.one_half_eps, ff.tenth);
	tui_put(y++, x, COLS - x, buf);
	snprintf(buf, sizeof buf, "  %s", ff.limits);
	if (y < bottom)
		tui_put(y++, 0, COLS, buf);
	if (y >= bottom)
		return y;
	attron(A_BOLD | tui_attr(a, tui_prec_pair(pp)));
	tui_put(y, 0, 10, "  result");
	attroff(A_BOLD | tui_attr(a, tui_prec_pair(pp)));
	x = 10;
	if (f.sign[0]) { /* a fixed format: the fields in colour */
		attron(tui_attr(a, C_SIGN));
		tui_put(y, x, 1, f.sign);
		attroff(tui_attr(a, C_SIGN));
		x += 2;
		attron(tui_attr(a, C_EXP));
		tui_put(y, x, (int)strlen(f.exponent), f.exponent);
		attroff(tui_attr(a, C_EXP));
		x += (int)strlen(f.exponent) + 1;
		attron(tui_attr(a, C_MAN));
		tui_put(y, x, COLS - x, f.fraction);
		attroff(tui_attr(a, C_MAN));
	} else {
		snprintf(buf, sizeof buf, "%ld bits, no fixed layout: %s", (long)l->ev[p].bits,
		         f.hex);
		tui_put(y, x, COLS - x, buf);
	}
	y++;
	/* the exact value, over at most two rows */
	if (y < bottom) {
		const char *e = f.exact;
		int w = COLS - 8;

		tui_put(y, 0, 8, "  exact");
		tui_put(y++, 8, w, e);
		if (strlen(e) > (size_t)w && y < bottom)
			tui_put(y++, 8, w, e + w);
	}
	snprintf(buf, sizeof buf, "  hex %s   ulp %s   eps 2^%ld", f.hex, f.ulp,
	         1 - (long)l->ev[p].bits);
	if (y < bottom)
		tui_put(y++, 0, COLS, buf);
	snprintf(buf, sizeof buf, "  prev %s", f.prev);
	if (pp != FP_MPFR) /* two short numbers: one row */
		appendf(buf, sizeof buf, "   next %s", f.next);
	if (y < bottom)
		tui_put(y++, 0, COLS, buf);
	snprintf(buf, sizeof buf, "  next %s", f.next);
	if (pp == FP_MPFR && y < bottom)
		tui_put(y++, 0, COLS, buf);
	return y;
}

static void draw(app *a, int top, int bottom)
{
	char buf[EXPR_TEXT_MAX + 16];
	int y = top;
	lesson_view l;

	snprintf(buf, sizeof buf, "> %s%s", a->input, a->typing ? "_" : "");
	attron(A_BOLD);
	tui_put(y++, 0, COLS, buf);
	attroff(A_BOLD);
	lesson_compute(a, &l);
	if (!l.ok) {
		attron(tui_attr(a, C_WARN));
		tui_put(y++, 0, COLS, l.err);
		attroff(tui_attr(a, C_WARN));
	} else {
		attron(tui_attr(a, C_DIM));
		tui_put(y++, 0, COLS,
		        a->typing ? "typing: Enter evaluates, Esc stops; + - * / ( ) sqrt(x) "
		                    "fma(a,b,c) 0x1.8p-3 inf nan"
		                  : "i: type an expression; Up/Down: precision; Left/Right: "
		                    "the neighbouring numbers");
		attroff(tui_attr(a, C_DIM));
	}
	if (l.ok) {
		y = draw_steps(a, &l, y, bottom);
		y = draw_details(a, &l, y + 1, bottom);
		draw_centers_in_eps(a, y, bottom);
	}
	lesson_clear(&l);
}

/* Left and Right: the expression becomes the focused precision's neighbour of the result,
 * written exactly (hexadecimal). */
static int step_to_neighbour(app *a, bool up)
{
	lesson_view l;

	lesson_compute(a, &l);
	if (l.ok) {
		expr_facts f;

		expr_facts_of(l.ev[l.focus].step[l.e.n - 1].value, l.pr.p[l.focus], a->sc.ref_bits,
		              &f);
		snprintf(a->input, sizeof a->input, "%s", up ? f.next_hex : f.prev_hex);
	}
	lesson_clear(&l);
	return A_REDRAW;
}

static int typing_key(app *a, int ch)
{
	size_t len = strlen(a->input);

	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER || ch == 27) {
		a->typing = false;
	} else if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			a->input[len - 1] = '\0';
	} else if (ch == 21) { /* Ctrl-U: clear */
		a->input[0] = '\0';
	} else if (ch >= 0x20 && ch <= 0x7e && len + 1 < sizeof a->input) {
		a->input[len] = (char)ch;
		a->input[len + 1] = '\0';
	}
	return A_REDRAW; /* every key is the input's while it is open */
}

static int key(app *a, int ch)
{
	if (a->typing)
		return typing_key(a, ch);
	switch (ch) {
	case 'i':
	case '/':
	case '\n':
	case '\r':
	case KEY_ENTER:
		a->typing = true;
		return A_REDRAW;
	case KEY_UP:
	case KEY_DOWN: {
		const int n = precs_of(a).n > 0 ? precs_of(a).n : 1;
		const int f = a->les_focus < n ? a->les_focus : n - 1;

		a->les_focus = (f + (ch == KEY_UP ? n - 1 : 1)) % n;
		return A_REDRAW;
	}
	case KEY_LEFT:
	case KEY_RIGHT:
		return step_to_neighbour(a, ch == KEY_RIGHT);
	default:
		return -1;
	}
}

const tui_view view_epsilon = {"epsilon", JOB_COMPARE, draw, key};
