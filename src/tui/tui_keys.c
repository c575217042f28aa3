/* tui_keys.c - what each key does: the knobs' keys from the registry (explore/knob.h), the
 * rest from one table of small actions that return flags (htop's Action idea); and the help
 * overlay, drawn from the same two tables. */
#include "config.h"

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

	m->kind = (mitig_kind)((m->kind + 1) % 4);
	m->n = m->kind == MITIG_BITS ? 20 : 6; /* what even float holds */
	return A_RECOMPUTE;
}

static int act_more(app *a)
{
	mitig *m = &a->sc.round_out;

	if (m->kind == MITIG_NONE)
		return A_NONE;
	if (m->n < scenario_mitigation_max(&a->sc, m->kind))
		m->n++;
	return A_RECOMPUTE;
}

static int act_less(app *a)
{
	mitig *m = &a->sc.round_out;

	if (m->kind == MITIG_NONE)
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

static int act_next_view(app *a)
{
	a->view = (a->view + 1) % tui_nviews;
	a->scroll = 0;
	return A_REDRAW;
}

static int act_help(app *a)
{
	a->help = !a->help;
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

typedef struct key_action {
	int key;
	const char *name; /* as the help shows it; NULL: a second key for the row above */
	const char *help;
	int (*act)(app *a);
} key_action;

static const key_action key_table[] = {
    {'p', "p", "reference bits 64 ... 1024", act_bits},
    {'r', "r", "mitigation: off, round, trunc, bits", act_mitigation},
    {'+', "+", "mitigation N up", act_more},
    {'-', "-", "mitigation N down", act_less},
    {'s', "s", "next seed", act_seed},
    {'m', "m", "kmeans: mimic scikit-learn 1.2 or not", act_mimic},
    {'w', "w", "workload: kmeans, mlp, softmax, sum, dot", act_workload},
    {'d', "d", "pick a data set", act_data},
    {'R', "R", "rerun: next race of a racy combine", act_rerun},
    {'e', "e", "export the report (JSON, CSV, .md, .html)", act_export},
    {'\t', "Tab", "next view", act_next_view},
    {'?', "?", "this help", act_help},
    {'q', "q", "quit", act_quit},
    {27, "Esc", "cancel a computation, close the help", act_escape},
    {KEY_DOWN, "Down j", "scroll down", act_down},
    {'j', NULL, NULL, act_down},
    {KEY_UP, "Up k", "scroll up", act_up},
    {'k', NULL, NULL, act_up},
    {KEY_NPAGE, "PgDn", "page down", act_page_down},
    {KEY_PPAGE, "PgUp", "page up", act_page_up},
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
	for (size_t i = 0; i < NKEYS; i++)
		if (key_table[i].key == ch)
			return key_table[i].act(a);
	return A_NONE;
}

/* ---- the help overlay ------------------------------------------------------------------------ */

static void help_row(app *a, int y, int x0, int w, const char *key, const char *help)
{
	char buf[96];

	snprintf(buf, sizeof buf, "%-8s", key);
	attron(tui_attr(a, C_KEY));
	tui_put(y, x0 + 2, 9, buf);
	attroff(tui_attr(a, C_KEY));
	tui_put(y, x0 + 11, w - 13, help);
}

void tui_draw_help(app *a)
{
	int n = 0, h, w = 60, y0, x0, row;

	for (int id = 0; id < KNOB_COUNT; id++)
		n += 1 + (knob_table[id].key_back != 0);
	for (size_t i = 0; i < NKEYS; i++)
		n += key_table[i].name != NULL;
	h = n + 4;
	y0 = (LINES - h) / 2 > 0 ? (LINES - h) / 2 : 0;
	x0 = (COLS - w) / 2 > 0 ? (COLS - w) / 2 : 0;
	for (int y = y0; y < y0 + h && y < LINES; y++)
		tui_fill(y, x0, w < COLS - x0 ? w : COLS - x0, ' ');
	attron(A_BOLD);
	tui_put(y0 + 1, x0 + 2, w - 4, "Keys");
	attroff(A_BOLD);
	row = y0 + 2;
	for (int id = 0; id < KNOB_COUNT; id++) {
		const knob_desc *d = &knob_table[id];
		char key[2] = {(char)d->key, 0};

		help_row(a, row++, x0, w, key, d->key_help);
		if (d->key_back) {
			key[0] = (char)d->key_back;
			help_row(a, row++, x0, w, key, d->back_help);
		}
	}
	for (size_t i = 0; i < NKEYS; i++)
		if (key_table[i].name)
			help_row(a, row++, x0, w, key_table[i].name, key_table[i].help);
	tui_put(y0 + h - 1, x0 + 2, w - 4, "mouse: click a knob in the header to turn it");
}
