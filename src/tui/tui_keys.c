/* tui_keys.c - what each key does: the knobs' keys from the registry (explore/knob.h), the
 * rest from one table of small actions that return flags (htop's Action idea); and the help
 * overlay, drawn from the same two tables. */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "tui/app.h"

/* ---- actions that are not knobs -------------------------------------------------------------- */

static int act_bits(app *a)
{
	static const mpfr_prec_t bits[] = {64, 128, 256, 512, 1024};
	size_t i = 0;

	while (i < 5 && bits[i] <= a->sc.ref_bits)
		i++;
	a->sc.ref_bits = bits[i % 5];
	return A_RECOMPUTE;
}

static int act_mitigation(app *a)
{
	mitig *m = &a->sc.round_out;

	m->kind = (mitig_kind)((m->kind + 1) % 5); /* none, round, trunc, bits, sig */
	m->n = m->kind == MITIG_BITS ? 20 : m->kind == MITIG_SIG ? 0 : 6; /* what float holds */
	return A_RECOMPUTE;
}

static int act_more(app *a)
{
	mitig *m = &a->sc.round_out;

	if (m->kind == MITIG_NONE || m->kind == MITIG_SIG)
		return A_NONE;
	if (m->n < scenario_mitigation_max(&a->sc, m->kind))
		m->n++;
	return A_RECOMPUTE;
}

static int act_less(app *a)
{
	mitig *m = &a->sc.round_out;

	if (m->kind == MITIG_NONE || m->kind == MITIG_SIG)
		return A_NONE;
	if (m->n > 1)
		m->n--;
	return A_RECOMPUTE;
}

static int act_seed(app *a)
{
	a->sc.seed++;
	a->sc.params.kmeans.init_seed = a->sc.seed;
	return A_RECOMPUTE;
}

/* k-means: fpdrift's own Lloyd, or float and double computing as scikit-learn 1.2's. */
static int act_mimic(app *a)
{
	km_params *k = &a->sc.params.kmeans;

	if (!a->sc.wl->mimics) {
		snprintf(a->status, sizeof a->status, "m: only kmeans mimics a library");
		return A_REDRAW;
	}
	k->mimic = k->mimic == KM_MIMIC_NONE ? KM_MIMIC_SKLEARN : KM_MIMIC_NONE;
	snprintf(a->status, sizeof a->status, "%s",
	         k->mimic == KM_MIMIC_SKLEARN
	             ? "mimic sklearn-1.2: float and double compute as scikit-learn 1.2's KMeans, "
	               "t its OpenMP threads, c its lock order"
	             : "mimic none: fpdrift's own Lloyd");
	return A_RECOMPUTE;
}

/* The next workload of the table, on its explorer data set. */
static int act_workload(app *a)
{
	size_t i = 0;

	while (workloads[i] && workloads[i] != a->sc.wl)
		i++;
	a->sc.wl = workloads[i] && workloads[i + 1] ? workloads[i + 1] : workloads[0];
	if (a->sc.wl->explore_params)
		a->sc.wl->explore_params(&a->sc.params);
	return tui_set_data(a, a->sc.wl->explore_data);
}

static int act_precisions(app *a)
{
	a->choosing = true;
	memcpy(a->chosen, a->sc.precision, sizeof a->chosen);
	return A_REDRAW;
}

static int act_data(app *a)
{
	a->picking = true;
	a->pick = a->data_index;
	return A_REDRAW;
}

/* A new race: the racy combine's drawn orders and the mimic's lock orders come from the seed
 * and the draw, so a rerun draws the next ones. */
static int act_rerun(app *a)
{
	a->sc.race++;
	return A_RECOMPUTE;
}

/* A versus B: the comparison now shown becomes A (moved out of its slot, then computed again
 * for the same state, B until a knob turns); A drops it. */
static int act_mark(app *a)
{
	result_slot *s = &a->slot[JOB_COMPARE];

	if (!s->have || s->gen != a->gen) {
		snprintf(a->status, sizeof a->status, "a: wait for the result, then mark it as A");
		return A_REDRAW;
	}
	if (a->marked)
		report_clear(&a->mark);
	a->mark = s->rep;
	a->marked = true;
	s->have = false;
	a->tried[JOB_COMPARE] = 0;
	snprintf(a->status, sizeof a->status,
	         "marked A; turn knobs: compare and sweep show each output's ulps from A");
	return A_REDRAW;
}

static int act_unmark(app *a)
{
	if (a->marked)
		report_clear(&a->mark);
	a->marked = false;
	snprintf(a->status, sizeof a->status, "A dropped");
	return A_REDRAW;
}

const report *tui_mark_for(const app *a, const report *r)
{
	return a->marked && r && a->mark.sc.wl == r->sc.wl && a->mark.sc.data == r->sc.data
	           ? &a->mark
	           : NULL;
}

const run_record *tui_mark_run(const report *m, fp_precision p)
{
	for (size_t i = 0; m && i < m->nruns; i++)
		if (m->runs[i].prec == p)
			return &m->runs[i];
	return NULL;
}

static int act_export(app *a)
{
	if (!tui_result(a, JOB_COMPARE, false)) {
		snprintf(a->status, sizeof a->status, "nothing to export yet");
		return A_REDRAW;
	}
	a->prompting = true;
	snprintf(a->prompt, sizeof a->prompt, "fpdrift-report.json");
	return A_REDRAW;
}

static int set_view(app *a, size_t v)
{
	a->view = v % tui_nviews;
	a->scroll = 0;
	return A_REDRAW;
}

static int act_next_view(app *a)
{
	return set_view(a, a->view + 1);
}

static int act_prev_view(app *a)
{
	return set_view(a, a->view + tui_nviews - 1);
}

static int act_help(app *a)
{
	a->help = !a->help;
	a->help_scroll = 0;
	return A_REDRAW;
}

static int act_quit(app *a)
{
	(void)a;
	return A_QUIT;
}

static int act_escape(app *a)
{
	if (a->help) {
		a->help = false;
		return A_REDRAW;
	}
	if (session_busy(a->ses)) {
		session_cancel(a->ses);
		snprintf(a->status, sizeof a->status, "cancelling...");
	}
	return A_REDRAW;
}

static int act_down(app *a)
{
	a->scroll++;
	return A_REDRAW;
}

static int act_up(app *a)
{
	if (a->scroll > 0)
		a->scroll--;
	return A_REDRAW;
}

static int act_page_down(app *a)
{
	a->scroll += LINES / 2;
	return A_REDRAW;
}

static int act_page_up(app *a)
{
	a->scroll = a->scroll > LINES / 2 ? a->scroll - LINES / 2 : 0;
	return A_REDRAW;
}

static int act_top(app *a)
{
	a->scroll = 0;
	return A_REDRAW;
}

/* the views that scroll keep their last row on the screen, so a large value is the end */
static int act_bottom(app *a)
{
	a->scroll = INT_MAX / 4;
	return A_REDRAW;
}

static int act_wheel_down(app *a)
{
	a->scroll += 3;
	return A_REDRAW;
}

static int act_wheel_up(app *a)
{
	a->scroll = a->scroll > 3 ? a->scroll - 3 : 0;
	return A_REDRAW;
}

typedef struct key_action {
	int key;
	const char *name; /* as the help shows it; NULL: a second key for the row above */
	const char *help;
	int (*act)(app *a);
} key_action;

static const key_action key_table[] = {
    {'p', "p", "reference bits 64 ... 1024", act_bits},
    {'r', "r", "mitigation: off, round, trunc, bits, sig (significant digits)", act_mitigation},
    {'+', "+", "mitigation N up", act_more},
    {'-', "-", "mitigation N down", act_less},
    {'s', "s", "next seed", act_seed},
    {'m', "m", "kmeans: mimic scikit-learn 1.2 or not", act_mimic},
    {'w', "w", "workload: kmeans, mlp, softmax, sum, dot", act_workload},
    {'d', "d", "pick a data set (a list opens)", act_data},
    {'P', "P", "choose the precisions (columns): fp16, bf16, FP8 ...", act_precisions},
    {'R', "R", "rerun: next race of a racy combine", act_rerun},
    {'e', "e", "export the report (JSON, CSV, .md, .html)", act_export},
    {'a', "a", "mark this result as A: compare, sweep show ulps from it", act_mark},
    {'A', "A", "drop A", act_unmark},
    {'\t', "Tab", "next view", act_next_view},
    {KEY_BTAB, "S-Tab", "previous view", act_prev_view},
    {'1', "1 ... 6", "view 1 to 6 (or click its tab)", NULL},
    {KEY_DOWN, "Down j", "scroll down (or the mouse wheel)", act_down},
    {'j', NULL, NULL, act_down},
    {TUI_WHEEL_DOWN, NULL, NULL, act_wheel_down},
    {KEY_UP, "Up k", "scroll up", act_up},
    {'k', NULL, NULL, act_up},
    {TUI_WHEEL_UP, NULL, NULL, act_wheel_up},
    {KEY_NPAGE, "PgDn", "page down", act_page_down},
    {KEY_PPAGE, "PgUp", "page up", act_page_up},
    {'g', "g Home", "to the top", act_top},
    {KEY_HOME, NULL, NULL, act_top},
    {'G', "G End", "to the bottom", act_bottom},
    {KEY_END, NULL, NULL, act_bottom},
    {'?', "?", "this help (Esc, ? or q closes it)", act_help},
    {27, "Esc", "cancel a computation", act_escape},
    {'q', "q", "quit", act_quit},
};
#define NKEYS (sizeof key_table / sizeof key_table[0])

/* A knob's key turns it; returns -1 when ch is no knob's key. */
static int knob_key(app *a, int ch)
{
	for (int id = 0; id < KNOB_COUNT; id++) {
		const knob_desc *d = &knob_table[id];
		knob_list *l = &a->sc.knobs[id];

		if (ch != d->key && (!d->key_back || ch != d->key_back))
			continue;
		knob_step((knob_id)id, &l->v[0], ch == d->key ? 1 : -1);
		l->n = 1;
		return A_RECOMPUTE;
	}
	return -1;
}

int tui_key(app *a, int ch)
{
	int r = knob_key(a, ch);

	if (r >= 0)
		return r;
	if (ch >= '1' && ch < '1' + (int)tui_nviews)
		return set_view(a, (size_t)(ch - '1'));
	for (size_t i = 0; i < NKEYS; i++)
		if (key_table[i].key == ch && key_table[i].act)
			return key_table[i].act(a);
	return A_NONE;
}

/* ---- the help overlay ------------------------------------------------------------------------ */

/* The keys that only one view reads (the views handle them; listed here for the help). */
static const struct {
	const char *key, *help;
} view_keys[] = {
    {"Left Right", "compare: the previous or next precision columns (h, l)"},
    {"n", "sweep: sweep the next knob"},
    {"i Enter", "epsilon: type an expression (Ctrl-U clears, Esc stops)"},
    {"Up Down", "epsilon: the precision whose details show"},
    {"Left Right", "epsilon: the neighbouring numbers of the result"},
};
#define NVIEWKEYS (sizeof view_keys / sizeof view_keys[0])

/* Line i of the help (0 .. help_lines() - 1): a key and what it does; key NULL for a
 * heading. */
typedef struct help_line {
	const char *key;
	char text[96];
} help_line;

static size_t help_lines(help_line *out, size_t max)
{
	size_t n = 0;

#define HELP_ADD(k, ...)                                                                           \
	do {                                                                                       \
		if (n < max) {                                                                     \
			out[n].key = (k);                                                          \
			snprintf(out[n].text, sizeof out[n].text, __VA_ARGS__);                    \
		}                                                                                  \
		n++;                                                                               \
	} while (0)
	HELP_ADD(NULL, "Knobs (or click one in the header)");
	for (int id = 0; id < KNOB_COUNT; id++) {
		static char keys[KNOB_COUNT][2][2];

		keys[id][0][0] = (char)knob_table[id].key;
		HELP_ADD(keys[id][0], "%s", knob_table[id].key_help);
		if (knob_table[id].key_back) {
			keys[id][1][0] = (char)knob_table[id].key_back;
			HELP_ADD(keys[id][1], "%s", knob_table[id].back_help);
		}
	}
	HELP_ADD(NULL, "Settings, views and moving");
	for (size_t i = 0; i < NKEYS; i++)
		if (key_table[i].name)
			HELP_ADD(key_table[i].name, "%s", key_table[i].help);
	HELP_ADD(NULL, "In one view");
	for (size_t i = 0; i < NVIEWKEYS; i++)
		HELP_ADD(view_keys[i].key, "%s", view_keys[i].help);
#undef HELP_ADD
	return n;
}

#define HELP_MAX 80

/* The box: its size and place, and how many lines it shows. */
static void help_box(int *y0, int *x0, int *h, int *w, int *shown)
{
	help_line lines[HELP_MAX];
	int n = (int)help_lines(lines, HELP_MAX);

	*w = COLS - 4 < 66 ? COLS - 4 : 66;
	*h = n + 4 < LINES - 2 ? n + 4 : LINES - 2;
	*shown = *h - 4;
	*y0 = (LINES - *h) / 2;
	*x0 = (COLS - *w) / 2;
}

int tui_help_key(app *a, int ch)
{
	help_line lines[HELP_MAX];
	int n = (int)help_lines(lines, HELP_MAX), y0, x0, h, w, shown, last;

	help_box(&y0, &x0, &h, &w, &shown);
	last = n - shown > 0 ? n - shown : 0;
	switch (ch) {
	case 27:
	case '?':
	case 'q':
		a->help = false;
		return A_REDRAW;
	case KEY_DOWN:
	case 'j':
	case TUI_WHEEL_DOWN:
		a->help_scroll++;
		break;
	case KEY_UP:
	case 'k':
	case TUI_WHEEL_UP:
		a->help_scroll--;
		break;
	case KEY_NPAGE:
	case ' ':
		a->help_scroll += shown;
		break;
	case KEY_PPAGE:
		a->help_scroll -= shown;
		break;
	case 'g':
	case KEY_HOME:
		a->help_scroll = 0;
		break;
	case 'G':
	case KEY_END:
		a->help_scroll = last;
		break;
	default:
		return A_NONE; /* nothing acts beneath the help */
	}
	a->help_scroll = a->help_scroll < 0 ? 0 : a->help_scroll > last ? last : a->help_scroll;
	return A_REDRAW;
}

/* A bordered box over the view, drawn on the screen itself (the screen dump reads it): the
 * keys, scrolled by help_scroll, with the lines shown and the keys that move them on the
 * bottom border. */
void tui_draw_help(app *a)
{
	help_line lines[HELP_MAX];
	int n = (int)help_lines(lines, HELP_MAX), y0, x0, h, w, shown;
	char buf[64];

	help_box(&y0, &x0, &h, &w, &shown);
	if (a->help_scroll > n - shown)
		a->help_scroll = n - shown > 0 ? n - shown : 0;
	for (int y = y0; y < y0 + h; y++)
		tui_fill(y, x0, w, ' ');
	/* the wide-character line drawing: Unicode box characters in a UTF-8 locale (no
	 * alternate character set for a terminal or tmux to get wrong), the terminal's
	 * alternate set otherwise */
	mvhline_set(y0, x0 + 1, WACS_HLINE, w - 2);
	mvhline_set(y0 + h - 1, x0 + 1, WACS_HLINE, w - 2);
	mvvline_set(y0 + 1, x0, WACS_VLINE, h - 2);
	mvvline_set(y0 + 1, x0 + w - 1, WACS_VLINE, h - 2);
	mvadd_wch(y0, x0, WACS_ULCORNER);
	mvadd_wch(y0, x0 + w - 1, WACS_URCORNER);
	mvadd_wch(y0 + h - 1, x0, WACS_LLCORNER);
	mvadd_wch(y0 + h - 1, x0 + w - 1, WACS_LRCORNER);
	attron(A_BOLD);
	tui_put(y0, x0 + 2, w - 4, " Keys ");
	attroff(A_BOLD);
	for (int i = 0; i < shown && a->help_scroll + i < n; i++) {
		const help_line *l = &lines[a->help_scroll + i];

		if (!l->key) {
			attron(A_BOLD);
			tui_put(y0 + 2 + i, x0 + 2, w - 4, l->text);
			attroff(A_BOLD);
			continue;
		}
		attron(tui_attr(a, C_KEY));
		tui_put(y0 + 2 + i, x0 + 2, 10, l->key);
		attroff(tui_attr(a, C_KEY));
		tui_put(y0 + 2 + i, x0 + 13, w - 15, l->text);
	}
	snprintf(buf, sizeof buf, " %d-%d of %d  Up/Down scroll  Esc closes ", a->help_scroll + 1,
	         a->help_scroll + shown < n ? a->help_scroll + shown : n, n);
	tui_put(y0 + h - 1, x0 + 2, w - 4, buf);
}
