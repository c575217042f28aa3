/* view_compare.c - three columns, float | double | MPFR: every output's value with the digits
 * that agree with the reference drawn plainly and the diverging tail highlighted, its ulps
 * and correct bits; a summary line per column. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/format.h"
#include "tui/app.h"
#include "util/util.h"

/* Under the table: a rule (with the reason when ulps are uncertified) and a line per run. */
static void draw_summary(app *a, const report *r, int y)
{
	tui_fill(y, 0, COLS, '-');
	/* ulps that are not against a certified reference say so, as every report does */
	for (size_t p = 0; p < r->nruns; p++)
		if (!r->certified[r->runs[p].prec]) {
			char why[240];

			snprintf(why, sizeof why, " ulps %s ", r->cert[r->runs[p].prec].note);
			attron(tui_attr(a, C_WARN));
			tui_put(y, 2, COLS - 4, why);
			attroff(tui_attr(a, C_WARN));
			break;
		}
	y++;
	for (size_t p = 0; p < r->nruns; p++, y++) {
		const run_record *rr = &r->runs[p];
		char label[32], buf[640], u[40], dr[128], mim[96], as[112];

		fmt_ulps(rr->max_ulps, false, u, sizeof u);
		scenario_mimic_text(&r->sc, rr->prec, &rr->knobs, mim, sizeof mim);
		snprintf(as, sizeof as, "%s%s%s", mim[0] ? "as " : "", mim, mim[0] ? ": " : "");
		snprintf(buf, sizeof buf,
		         "%-11s %s%s%s ulps, %zu flips, %u iterations (ref %u), %s%s%s%s%s",
		         precision_label(rr->prec, r->sc.ref_bits, label, sizeof label), as,
		         rr->res.nonfinite ? "NOT FINITE; finite outputs max " : "max ", u,
		         rr->flips, rr->res.iterations, r->ref.iterations,
		         !a->compared           ? "the first result"
		         : a->fresh[rr->prec]   ? "a new column"
		         : a->changed[rr->prec] ? "CHANGED since the last setting"
		                                : "same as before",
		         rr->res.note[0] ? "; " : "", rr->res.note, rr->draws > 1 ? "; " : "",
		         run_draws_text(rr, dr, sizeof dr));
		if (a->changed[rr->prec] || rr->res.nonfinite)
			attron(tui_attr(a, C_WARN));
		tui_put(y, 0, COLS, buf);
		attroff(tui_attr(a, C_WARN));
	}
}

#define NAME_MAX_W 16
#define NUM_W 14     /* "   ulps  bits" */
#define VALUE_MIN 18 /* a double's 17 digits and its sign */

static int NAME_W = NAME_MAX_W; /* the names' column: the longest name's width and a space */

static void set_name_width(const wl_result *res)
{
	size_t w = 6; /* "output" */

	for (size_t i = 0; i < res->nout && w < NAME_MAX_W - 1; i++)
		w = strlen(res->out[i].name) > w ? strlen(res->out[i].name) : w;
	NAME_W = (int)(w < NAME_MAX_W - 1 ? w : NAME_MAX_W - 1) + 1;
}

/* How many precision columns fit beside the names, at least one. */
static size_t columns_fitting(size_t nruns)
{
	size_t n = (size_t)((COLS - NAME_W) / (VALUE_MIN + 1 + NUM_W));

	return n < 1 ? 1 : n > nruns ? nruns : n;
}

/* The table's head: a label per column shown, and arrows where columns are hidden. */
static void draw_head(app *a, const report *r, int y, size_t first, size_t ncol, int colw)
{
	attron(A_BOLD);
	tui_put(y, 0, NAME_W, "output");
	for (size_t c = 0; c < ncol; c++) {
		const run_record *rr = &r->runs[first + c];
		char label[32];
		int x = NAME_W + (int)c * colw;

		attron(tui_attr(a, tui_prec_pair(rr->prec)));
		tui_put(y, x, colw - NUM_W,
		        precision_label(rr->prec, r->sc.ref_bits, label, sizeof label));
		attroff(tui_attr(a, tui_prec_pair(rr->prec)));
		tui_put(y, x + colw - NUM_W, NUM_W,
		        tui_mark_for(a, r) ? "   ulps  vs A" : "   ulps  bits");
	}
	attroff(A_BOLD);
}

/* On the rule under the table, when not every precision fits: which are shown. */
static void draw_pan(app *a, const report *r, int y, size_t first, size_t ncol)
{
	char more[96];
	int w;

	if (ncol >= r->nruns)
		return;
	w = snprintf(more, sizeof more, " precisions %zu-%zu of %zu: %s%s%s more ", first + 1,
	             first + ncol, r->nruns, first > 0 ? "Left" : "",
	             first > 0 && first + ncol < r->nruns ? "/" : "",
	             first + ncol < r->nruns ? "Right" : "");
	attron(tui_attr(a, C_KEY));
	tui_put(y, COLS - w - 1, w, more);
	attroff(tui_attr(a, C_KEY));
}

/* One cell: the value fitted to valw columns, its agreeing digits plain and the diverging
 * tail highlighted, then its ulps and correct bits. */
static void draw_cell(app *a, const run_record *rr, size_t i, const wl_output *ref, int y, int x,
                      int valw, const double *vs_a)
{
	char full[FMT_VALUE_MAX], buf[FMT_VALUE_MAX], tail[40];
	size_t agree;
	int acols = 0;

	if (rr->m[i].ulps_special)
		snprintf(tail, sizeof tail, "%7s", "n/a");
	else if (rr->m[i].ulps >= 1e6)
		snprintf(tail, sizeof tail, "%7.1e", rr->m[i].ulps);
	else
		snprintf(tail, sizeof tail, "%7.0f", rr->m[i].ulps);
	if (!vs_a)
		appendf(tail, sizeof tail, " %5.1f", rr->m[i].correct_bits);
	else if (isnan(vs_a[i]))
		appendf(tail, sizeof tail, " %5s", "n/a");
	else if (vs_a[i] >= 1e5)
		appendf(tail, sizeof tail, " %5.0e", vs_a[i]);
	else
		appendf(tail, sizeof tail, " %5.0f", vs_a[i]);
	agree = ref ? fmt_agree(rr->res.out[i].value, ref->value, rr->prec, full, sizeof full)
	            : (fmt_value(rr->res.out[i].value, rr->prec, full, sizeof full), strlen(full));
	/* the value may take the whole column when the ulps leave a blank before them */
	agree = fmt_fit(full, agree, tail[0] == ' ' ? valw : valw - 1, a->utf8 ? "\u2026" : "~",
	                buf, sizeof buf);
	for (size_t b = 0; b < agree; b++) /* the columns of the agreeing part: UTF-8 lead bytes */
		acols += ((unsigned char)buf[b] & 0xC0) != 0x80;
	mvaddnstr(y, x, buf, (int)agree);
	attron(tui_attr(a, C_DIVERGE));
	tui_put(y, x + acols, valw - acols, buf + agree);
	attroff(tui_attr(a, C_DIVERGE));
	tui_put(y, x + valw, NUM_W, tail);
}

/* A versus B, in words, above the summary: per precision the largest ulps from A, and which
 * knobs made the difference. */
static void draw_against(app *a, const report *r, const report *mark, int y)
{
	char line[600] = "vs A:", change[300] = "";
	double most = 0;

	for (size_t p = 0; p < r->nruns; p++) {
		const run_record *rr = &r->runs[p], *ar = tui_mark_run(mark, rr->prec);
		char label[32], u[40];
		bool special;
		double m;

		if (!ar)
			continue;
		m = runner_ulps_between(r, rr, ar, NULL, &special);
		most = m > most || special ? (special ? (double)INFINITY : m) : most;
		fmt_ulps(m, false, u, sizeof u);
		appendf(line, sizeof line, " %s %s%s%s",
		        precision_label(rr->prec, r->sc.ref_bits, label, sizeof label), u,
		        special ? "+NaN" : "", p + 1 < r->nruns ? "," : "");
		if (!change[0])
			runner_knob_change(&ar->knobs, &rr->knobs, change, sizeof change);
	}
	appendf(line, sizeof line, " ulps%s%s", most > 0 ? " because " : "; the same bits, ",
	        most > 0 ? change : change);
	attron(tui_attr(a, most > 0 ? C_WARN : C_OK));
	if ((int)strlen(line) > COLS) { /* two rows, broken at a space */
		int cut = COLS;

		while (cut > 0 && line[cut] != ' ')
			cut--;
		cut = cut > 0 ? cut : COLS;
		tui_put(y - 1, 0, cut, line);
		tui_put(y, 2, COLS - 2, line + cut + (line[cut] == ' '));
	} else {
		tui_put(y, 0, COLS, line);
	}
	attroff(tui_attr(a, most > 0 ? C_WARN : C_OK));
}

/* Every output's value in the precisions that fit (Left and Right show the others), each
 * fitted to its column with the diverging tail whole; the summary below. */
static void draw(app *a, int top, int bottom)
{
	const report *r = tui_result(a, JOB_COMPARE, false);
	int colw, valw, y = top, rows;
	size_t first, ncol;
	const report *mark = tui_mark_for(a, r);
	double *vs[FP_PRECISION_COUNT] = {NULL};

	if (!r || !r->nruns) {
		tui_put(top + 1, 2, COLS - 4, "computing the first result...");
		return;
	}
	set_name_width(&r->runs[0].res);
	ncol = columns_fitting(r->nruns);
	if (a->col_first < 0 || (size_t)a->col_first + ncol > r->nruns)
		a->col_first = a->col_first < 0 ? 0 : (int)(r->nruns - ncol);
	colw = (COLS - NAME_W) / (int)ncol;
	valw = colw - NUM_W;
	draw_head(a, r, y++, (size_t)a->col_first, ncol, colw);
	rows = bottom - y - (int)r->nruns - 1 - (mark ? 2 : 0);
	first = (size_t)a->scroll;
	if (first + (size_t)rows > r->runs[0].res.nout)
		first = r->runs[0].res.nout > (size_t)rows ? r->runs[0].res.nout - (size_t)rows : 0;
	a->scroll = (int)first;
	for (size_t c = 0; c < ncol; c++) { /* A versus B: each shown run's ulps from A's */
		const run_record *rr = &r->runs[(size_t)a->col_first + c];
		const run_record *ar = tui_mark_run(mark, rr->prec);
		bool special;

		vs[c] = ar ? xcalloc(rr->res.nout + 1, sizeof *vs[c]) : NULL;
		if (ar)
			runner_ulps_between(r, rr, ar, vs[c], &special);
	}
	for (size_t i = first; i < r->runs[0].res.nout && y < top + 1 + rows; i++, y++) {
		const wl_output *ref = wl_result_match(&r->ref, &r->runs[0].res.out[i], i);

		tui_put(y, 0, NAME_W - 1, r->runs[0].res.out[i].name);
		for (size_t c = 0; c < ncol; c++) {
			const run_record *rr = &r->runs[(size_t)a->col_first + c];

			if (i < rr->res.nout)
				draw_cell(a, rr, i, ref, y, NAME_W + (int)c * colw, valw, vs[c]);
		}
	}
	for (size_t c = 0; c < ncol; c++)
		free(vs[c]);
	if (mark)
		draw_against(a, r, mark, bottom - (int)r->nruns - 2);
	draw_summary(a, r, bottom - (int)r->nruns - 1);
	draw_pan(a, r, bottom - (int)r->nruns - 1, (size_t)a->col_first, ncol);
}

/* Left and Right (h, l): the previous or next precision column when not all fit. */
static int key(app *a, int ch)
{
	if (ch == KEY_LEFT || ch == 'h') {
		a->col_first = a->col_first > 0 ? a->col_first - 1 : 0;
		return A_REDRAW;
	}
	if (ch == KEY_RIGHT || ch == 'l') {
		a->col_first++; /* draw clamps it */
		return A_REDRAW;
	}
	return -1;
}

const tui_view view_compare = {"compare", JOB_COMPARE, draw, key};
