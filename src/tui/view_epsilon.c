/* view_epsilon.c - the classroom lesson: type a number and see how float and double store it:
 * the bit layout (sign, exponent, fraction in colour), the exact decimal value of the stored
 * number, its ulp and neighbours, machine epsilon, 1 + eps/2 == 1, 0.1 + 0.2 against 0.3, and
 * the current k-means centers' differences from the reference in units of eps (the study's
 * 4.44e-16 is 2 eps). Digits, . - + e and Backspace edit the number; Enter shows it. */
#include "config.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/format.h"
#include "tui/app.h"

static int draw_format(app *a, const lesson_format *L, int y, int bottom)
{
	char buf[1200];
	int x;

	if (y >= bottom)
		return y;
	attron(A_BOLD);
	tui_put(y, 0, 8, L->name);
	attroff(A_BOLD);
	x = 8;
	attron(tui_attr(a, C_SIGN));
	tui_put(y, x, 1, L->sign);
	attroff(tui_attr(a, C_SIGN));
	x += 2;
	attron(tui_attr(a, C_EXP));
	tui_put(y, x, L->exp_bits, L->exponent);
	attroff(tui_attr(a, C_EXP));
	x += L->exp_bits + 1;
	attron(tui_attr(a, C_MAN));
	tui_put(y, x, COLS - x, L->mantissa);
	attroff(tui_attr(a, C_MAN));
	y++;
	snprintf(buf, sizeof buf, "        sign | exponent (%d bits) | fraction (%d bits)",
	         L->exp_bits, L->man_bits);
	attron(tui_attr(a, C_DIM));
	tui_put(y++, 0, COLS, buf);
	attroff(tui_attr(a, C_DIM));
	snprintf(buf, sizeof buf, "  stored %s   relative error %s", L->stored, L->rel_err);
	tui_put(y++, 0, COLS, buf);
	/* the exact value, wrapped over at most three lines */
	{
		const char *s = L->exact;
		int w = COLS - 10;

		tui_put(y, 0, 10, "  exact ");
		for (int line = 0; line < 3 && *s && y < bottom; line++, y++) {
			tui_put(y, 10, w, s);
			s += strlen(s) > (size_t)w ? (size_t)w : strlen(s);
		}
		if (*s && y - 1 < bottom)
			tui_put(y - 1, COLS - 4, 4, "...");
	}
	snprintf(buf, sizeof buf, "  ulp %s   next %s   previous %s", L->ulp, L->next, L->prev);
	tui_put(y++, 0, COLS, buf);
	snprintf(buf, sizeof buf, "  machine epsilon %s", L->eps);
	tui_put(y++, 0, COLS, buf);
	return y + 1;
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
	         "%s centers minus the reference, in eps = %.3g (the study saw 4.44e-16 = 2 eps "
	         "of double):",
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

static void draw(app *a, int top, int bottom)
{
	char buf[256];
	int y = top;
	const lesson *l = &a->les;

	snprintf(buf, sizeof buf, "number: %s_    (type a number, Enter to show it)", a->input);
	attron(A_BOLD);
	tui_put(y++, 0, COLS, buf);
	attroff(A_BOLD);
	y++;
	if (!a->les_ok) {
		attron(tui_attr(a, C_WARN));
		tui_put(y, 0, COLS, "not a number: try 0.1, 1e-300 or 16777217");
		attroff(tui_attr(a, C_WARN));
		return;
	}
	y = draw_format(a, &l->fmt[LESSON_FLOAT], y, bottom);
	y = draw_format(a, &l->fmt[LESSON_DOUBLE], y, bottom);
	if (y < bottom) {
		snprintf(buf, sizeof buf,
		         "1 + eps/2 == 1:  float %s, double %s   (half an ulp of 1 rounds "
		         "to even)",
		         l->one_plus_half_eps_is_one[LESSON_FLOAT] ? "true" : "false",
		         l->one_plus_half_eps_is_one[LESSON_DOUBLE] ? "true" : "false");
		tui_put(y++, 0, COLS, buf);
	}
	if (y < bottom) {
		snprintf(
		    buf, sizeof buf, "0.1 + 0.2 = %s in double (%s 0.3); = %s in float (%s 0.3)",
		    l->tenth_sum[LESSON_DOUBLE],
		    l->tenth_sum_is_03[LESSON_DOUBLE] ? "==" : "!=", l->tenth_sum[LESSON_FLOAT],
		    l->tenth_sum_is_03[LESSON_FLOAT] ? "==" : "!=");
		tui_put(y++, 0, COLS, buf);
	}
	draw_centers_in_eps(a, y, bottom);
}

static int key(app *a, int ch)
{
	size_t len = strlen(a->input);

	if ((ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '+' || ch == 'e' ||
	    ch == 'E') {
		if (len + 1 < sizeof a->input) {
			a->input[len] = (char)ch;
			a->input[len + 1] = '\0';
		}
		return A_REDRAW;
	}
	if (ch == KEY_BACKSPACE || ch == 127 || ch == 8) {
		if (len)
			a->input[len - 1] = '\0';
		return A_REDRAW;
	}
	if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		a->les_ok = lesson_compute(a->input, &a->les);
		return A_REDRAW;
	}
	return -1;
}

const tui_view view_epsilon = {"epsilon", JOB_COMPARE, draw, key};
