/* tui_prompt.c - the explorer's modal boxes: the data-set picker (d), the precision chooser
 * (P) and the export prompt (e). While one is open, it takes every key. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "report/report.h"
#include "tui/app.h"

/* Data sets the picker offers (shipped in data/, or generated). */
const char *const tui_data_sets[] = {"blobs_1000x2.csv", "iris.csv",
                                     "digits.csv",       "blobs:n=5000,d=2,k=5,std=2,seed=1",
                                     "seq:n=10",         "cancel:n=10000,cond=1e12,seed=0"};
const size_t tui_ndata = sizeof tui_data_sets / sizeof tui_data_sets[0];

/* Arrows or j/k move, Enter loads, Esc closes. */
int tui_picker_key(app *a, int ch)
{
	if (ch == 27 || ch == 'q' || ch == 'd') {
		a->picking = false;
	} else if (ch == KEY_DOWN || ch == 'j') {
		a->pick = (a->pick + 1) % tui_ndata;
	} else if (ch == KEY_UP || ch == 'k') {
		a->pick = (a->pick + tui_ndata - 1) % tui_ndata;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		a->picking = false;
		a->data_index = a->pick;
		return tui_set_data(a, tui_data_sets[a->pick]);
	}
	return A_REDRAW;
}

void tui_draw_picker(app *a)
{
	int w = 56, h = (int)tui_ndata + 4, y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;

	for (int y = y0; y < y0 + h; y++)
		tui_fill(y, x0, w, ' ');
	attron(A_BOLD);
	tui_put(y0 + 1, x0 + 2, w - 4, "Data set (Up/Down, Enter to load, Esc to close)");
	attroff(A_BOLD);
	for (size_t i = 0; i < tui_ndata; i++) {
		if (i == a->pick)
			attron(A_REVERSE);
		tui_fill(y0 + 2 + (int)i, x0 + 2, w - 4, ' ');
		tui_put(y0 + 2 + (int)i, x0 + 3, w - 6, tui_data_sets[i]);
		if (i == a->pick)
			attroff(A_REVERSE);
	}
}

/* The precisions the chooser offers: every row, custom once it is defined (--precision). */
static bool offered(int p)
{
	return p != FP_CUSTOM || precision_format(FP_CUSTOM);
}

/* Up/Down (j/k) move, Space (or x) ticks, Enter applies when something is ticked, Esc closes
 * without a change. */
int tui_chooser_key(app *a, int ch)
{
	int n = 0;

	if (ch == 27 || ch == 'q' || ch == 'P') {
		a->choosing = false;
	} else if (ch == KEY_DOWN || ch == 'j' || ch == KEY_UP || ch == 'k') {
		int dir = ch == KEY_DOWN || ch == 'j' ? 1 : FP_PRECISION_COUNT - 1;

		do
			a->choose = (a->choose + dir) % FP_PRECISION_COUNT;
		while (!offered(a->choose));
	} else if (ch == ' ' || ch == 'x') {
		a->chosen[a->choose] = !a->chosen[a->choose];
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		for (int p = 0; p < FP_PRECISION_COUNT; p++)
			n += a->chosen[p];
		if (!n) {
			snprintf(a->status, sizeof a->status, "tick at least one precision");
			return A_REDRAW;
		}
		a->choosing = false;
		memcpy(a->sc.precision, a->chosen, sizeof a->chosen);
		a->col_first = 0;
		snprintf(a->status, sizeof a->status, "%d precision%s", n, n > 1 ? "s" : "");
		return A_REDRAW | A_RECOMPUTE;
	}
	return A_REDRAW;
}

void tui_draw_chooser(app *a)
{
	int w = 60, h = FP_PRECISION_COUNT + 4, y0 = (LINES - h) / 2, x0 = (COLS - w) / 2, row = 0;

	y0 = y0 < 0 ? 0 : y0;
	x0 = x0 < 0 ? 0 : x0;
	for (int y = y0; y < y0 + h && y < LINES; y++)
		tui_fill(y, x0, w, ' ');
	attron(A_BOLD);
	tui_put(y0 + 1, x0 + 2, w - 4, "Precisions (Space ticks, Enter applies, Esc)");
	attroff(A_BOLD);
	for (int p = 0; p < FP_PRECISION_COUNT; p++) {
		const fp_format *f = precision_format((fp_precision)p);
		char line[160], label[72];

		if (!offered(p))
			continue;
		precision_label((fp_precision)p, a->sc.ref_bits, label, sizeof label);
		if (p == FP_MPFR || !f)
			snprintf(line, sizeof line, "[%c] %-14s the reference's precision",
			         a->chosen[p] ? 'x' : ' ', label);
		else
			snprintf(line, sizeof line, "[%c] %-14s p %-2d emin %-5d emax %d",
			         a->chosen[p] ? 'x' : ' ', label, f->p, f->emin, f->emax);
		if (p == a->choose)
			attron(A_REVERSE);
		tui_fill(y0 + 2 + row, x0 + 2, w - 4, ' ');
		tui_put(y0 + 2 + row, x0 + 3, w - 6, line);
		if (p == a->choose)
			attroff(A_REVERSE);
		row++;
	}
}

/* Write the comparison's report to the prompt's file, in the format its name asks for. */
static void export(app *a)
{
	const report *rep = tui_result(a, JOB_COMPARE, false);
	report_format fmt = report_format_of_path(a->prompt);
	char err[320];

	if (fmt == REPORT_TEXT && !strchr(a->prompt, '.'))
		fmt = REPORT_JSON;
	if (!rep)
		snprintf(a->status, sizeof a->status, "nothing to export yet");
	else if (report_save(rep, a->prompt, fmt, err, sizeof err))
		snprintf(a->status, sizeof a->status, "%s", err);
	else
		snprintf(a->status, sizeof a->status, "wrote %s", a->prompt);
}

/* Printable characters edit the file name, Enter writes, Esc cancels. */
int tui_prompt_key(app *a, int ch)
{
	size_t len = strlen(a->prompt);

	if (ch == 27) {
		a->prompting = false;
		snprintf(a->status, sizeof a->status, "export cancelled");
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		a->prompting = false;
		export(a);
	} else if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len) {
		a->prompt[len - 1] = '\0';
	} else if (ch >= 32 && ch < 127 && len + 1 < sizeof a->prompt) {
		a->prompt[len] = (char)ch;
		a->prompt[len + 1] = '\0';
	}
	return A_REDRAW;
}

void tui_draw_prompt(app *a, int y)
{
	char buf[400];

	snprintf(buf, sizeof buf, "export to: %s_   (Enter to write, Esc to cancel)", a->prompt);
	tui_put(y, 0, COLS, buf);
}
