/* tui_prompt.c - the explorer's two modal boxes: the data-set picker (d) and the export prompt
 * (e). While one is open, it takes every key. */
#include "config.h"

#include <stdio.h>
#include <string.h>

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
