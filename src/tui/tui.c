/* tui.c - the explorer's frame: terminal, main loop, keys, header, footer, help, headless.
 *
 * The loop never blocks on a computation: getch waits at most 50 ms (20 ms while computing), so
 * the progress bar moves many times a second, and Esc reaches a running job at once (the runner and
 * workloads stop within one iteration). Keys map to small actions in one table (htop's Action
 * idea); each returns flags saying whether to redraw or recompute.
 */
#include "config.h"

#include "tui/tui.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wchar.h>

#include "explore/format.h"
#include "report/report.h"
#include "tui/app.h"
#include "util/util.h"

#define MIN_COLS 80
#define MIN_LINES 24
#define TICK_MS 50
#define TICK_BUSY_MS 20

static const tui_view *const views[] = {&view_compare, &view_sweep, &view_chart, &view_epsilon,
                                        &view_repeats};
#define NVIEWS (sizeof views / sizeof views[0])

/* Data sets the d key cycles through (shipped in data/, or generated). */
static const char *const data_sets[] = {"blobs_1000x2.csv", "iris.csv",
                                        "digits.csv",       "blobs:n=5000,d=2,k=5,std=2,seed=1",
                                        "seq:n=10",         "cancel:n=10000,cond=1e12,seed=0"};
#define NDATA (sizeof data_sets / sizeof data_sets[0])

static volatile sig_atomic_t got_signal;
static bool curses_on;

static void restore_terminal(void)
{
	if (curses_on) {
		endwin();
		curses_on = false;
	}
}

static void on_signal(int sig)
{
	got_signal = sig;
}

/* ---- drawing helpers ---------------------------------------------------------------------- */

attr_t tui_attr(const app *a, int pair)
{
	if (a->color)
		return COLOR_PAIR(pair) | (pair == C_DIVERGE || pair == C_WARN ? A_BOLD : 0);
	switch (pair) {
	case C_HEADER:
		return A_REVERSE;
	case C_DIVERGE:
	case C_WARN:
		return A_BOLD | A_UNDERLINE;
	case C_KEY:
	case C_EXP:
		return A_BOLD;
	case C_DIM:
		return A_DIM;
	default:
		return A_NORMAL;
	}
}

/* Put s at (y, x), at most maxw columns (UTF-8 aware: a braille cell is one column). */
void tui_put(int y, int x, int maxw, const char *s)
{
	mbstate_t st;
	int cols = 0;
	const char *p = s;

	memset(&st, 0, sizeof st);
	if (maxw <= 0 || y < 0 || y >= LINES || x >= COLS)
		return;
	if (x + maxw > COLS)
		maxw = COLS - x;
	while (*p && cols < maxw) {
		size_t n = mbrtowc(NULL, p, strlen(p), &st);

		if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
			n = 1;
		p += n;
		cols++;
	}
	mvaddnstr(y, x, s, (int)(p - s));
}

void tui_fill(int y, int x, int w, chtype ch)
{
	if (y < 0 || y >= LINES)
		return;
	mvhline(y, x, ch, w);
}

const char *tui_prec_label(const app *a, fp_precision p, char *buf, size_t size)
{
	return fmt_prec_label(p, (long)a->sc.ref_bits, buf, size);
}

/* ---- computations ------------------------------------------------------------------------- */

void tui_submit(app *a, int job)
{
	scenario sc = a->sc;

	sc.norder = sc.nlanes = sc.nthreads = sc.ncombine = sc.nfma = sc.nkernel = 1;
	sc.repeats = 0;
	if (job == JOB_SWEEP)
		view_sweep_fill(a, &sc);
	else if (job == JOB_REPEATS)
		sc.repeats = 30;
	sc.data = &a->data;
	session_submit(a->ses, &sc);
	a->job = job;
	a->job_gen = a->gen;
	snprintf(a->status, sizeof a->status, "computing...");
}

/* Same bits, output by output? */
static bool same_result(const wl_result *x, const wl_result *y)
{
	if (x->nout != y->nout)
		return false;
	for (size_t i = 0; i < x->nout; i++)
		if (strcmp(x->out[i].name, y->out[i].name) ||
		    (!mpfr_equal_p(x->out[i].value, y->out[i].value) &&
		     !(mpfr_nan_p(x->out[i].value) && mpfr_nan_p(y->out[i].value))))
			return false;
	return true;
}

/* Start what the current view shows when its result is stale and not already computing. */
static void ensure(app *a)
{
	int kind = views[a->view]->job;
	bool have = kind == JOB_SWEEP     ? a->have_sweep
	            : kind == JOB_REPEATS ? a->have_reps
	                                  : a->have_rep;
	unsigned gen = kind == JOB_SWEEP     ? a->sweep_gen
	               : kind == JOB_REPEATS ? a->reps_gen
	                                     : a->rep_gen;

	if ((have && gen == a->gen) || a->tried[kind] == a->gen + 1)
		return;
	if (session_busy(a->ses) && a->job == kind && a->job_gen == a->gen)
		return;
	a->tried[kind] = a->gen + 1; /* + 1: zero means never */
	tui_submit(a, kind);
}

/* Take a finished computation into the app; true when something new arrived. */
static bool collect(app *a)
{
	report rep;
	int status;
	char err[256];

	if (!session_take(a->ses, &rep, &status, err, sizeof err))
		return false;
	if (status == RUNNER_CANCELLED) {
		snprintf(a->status, sizeof a->status, "cancelled");
	} else if (status) {
		snprintf(a->status, sizeof a->status, "error: %s", err);
	} else if (a->job == JOB_COMPARE) {
		for (size_t i = 0; i < rep.nruns; i++) {
			fp_precision p = rep.runs[i].prec;

			a->changed[p] = false;
			if (a->have_rep)
				for (size_t j = 0; j < a->rep.nruns; j++)
					if (a->rep.runs[j].prec == p)
						a->changed[p] = !same_result(&rep.runs[i].res,
						                             &a->rep.runs[j].res);
		}
		if (a->have_rep)
			report_clear(&a->rep);
		a->rep = rep;
		a->have_rep = true;
		a->rep_gen = a->job_gen;
		snprintf(a->status, sizeof a->status, "done in %.2f s", rep.seconds);
	} else if (a->job == JOB_SWEEP) {
		if (a->have_sweep)
			report_clear(&a->sweep);
		a->sweep = rep;
		a->have_sweep = true;
		a->sweep_gen = a->job_gen;
		snprintf(a->status, sizeof a->status, "sweep done in %.2f s", rep.seconds);
	} else {
		if (a->have_reps)
			report_clear(&a->reps);
		a->reps = rep;
		a->have_reps = true;
		a->reps_gen = a->job_gen;
		snprintf(a->status, sizeof a->status, "30 seeds done in %.2f s", rep.seconds);
	}
	a->job = JOB_NONE;
	return true;
}

/* ---- knob actions --------------------------------------------------------------------------- */

static int act_order(app *a)
{
	a->sc.order[0] = (fp_order)((a->sc.order[0] + 1) % FP_ORDER_COUNT);
	a->sc.shuffle_seed[0] = 1;
	return A_RECOMPUTE;
}

static int act_lanes(app *a)
{
	a->sc.lanes[0] = a->sc.lanes[0] >= FP_LANES_MAX ? 1 : a->sc.lanes[0] * 2;
	return A_RECOMPUTE;
}

static int act_threads_up(app *a)
{
	if (a->sc.threads[0] < FP_THREADS_MAX)
		a->sc.threads[0]++;
	return A_RECOMPUTE;
}

static int act_threads_down(app *a)
{
	if (a->sc.threads[0] > 1)
		a->sc.threads[0]--;
	return A_RECOMPUTE;
}

static int act_combine(app *a)
{
	a->sc.combine[0] = (fp_combine)((a->sc.combine[0] + 1) % FP_COMBINE_COUNT);
	return A_RECOMPUTE;
}

static int act_fma(app *a)
{
	a->sc.fma[0] = !a->sc.fma[0];
	return A_RECOMPUTE;
}

static int act_kernel(app *a)
{
	a->sc.kernel[0] = (fp_kernel)((a->sc.kernel[0] + 1) % FP_KERNEL_COUNT);
	return A_RECOMPUTE;
}

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
	if (m->n < (m->kind == MITIG_BITS ? 53u : 17u))
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
	a->sc.params.init_seed = a->sc.seed;
	return A_RECOMPUTE;
}

static int set_data(app *a, const char *name)
{
	dataset d;
	char err[256];
	int rc = a->cfg->load ? a->cfg->load(name, &d, err, sizeof err) : 1;

	if (rc) {
		snprintf(a->status, sizeof a->status, "%s", a->cfg->load ? err : "no loader");
		return A_REDRAW;
	}
	session_free(a->ses); /* the running job may still read the old data */
	a->ses = session_new();
	if (a->own_data)
		dataset_clear(&a->data);
	a->data = d;
	a->own_data = true;
	return A_RECOMPUTE;
}

static int act_workload(app *a)
{
	static const char *const order[] = {"kmeans", "mlp", "softmax", "sum", "dot"};
	static const char *const data[] = {"blobs_1000x2.csv", "seq:n=10", "digits.csv",
	                                   "cancel:n=10000,cond=1e12,seed=0", "blobs_1000x2.csv"};
	size_t i = 0;

	while (i < 5 && strcmp(order[i], a->sc.wl->name) != 0)
		i++;
	i = (i + 1) % 5;
	a->sc.wl = workload_find(order[i]);
	if (strcmp(order[i], "softmax") == 0)
		a->sc.params.epochs = 3; /* interactive: a few epochs */
	return set_data(a, data[i]);
}

static int act_data(app *a)
{
	a->picking = true;
	a->pick = a->data_index;
	return A_REDRAW;
}

/* Keys while the data-set picker is open: arrows or j/k move, Enter loads, Esc closes. */
static int picker_key(app *a, int ch)
{
	if (ch == 27 || ch == 'q' || ch == 'd') {
		a->picking = false;
	} else if (ch == KEY_DOWN || ch == 'j') {
		a->pick = (a->pick + 1) % NDATA;
	} else if (ch == KEY_UP || ch == 'k') {
		a->pick = (a->pick + NDATA - 1) % NDATA;
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		a->picking = false;
		a->data_index = a->pick;
		return set_data(a, data_sets[a->pick]);
	}
	return A_REDRAW;
}

static void draw_picker(app *a)
{
	int w = 56, h = (int)NDATA + 4, y0 = (LINES - h) / 2, x0 = (COLS - w) / 2;

	for (int y = y0; y < y0 + h; y++)
		tui_fill(y, x0, w, ' ');
	attron(A_BOLD);
	tui_put(y0 + 1, x0 + 2, w - 4, "Data set (Up/Down, Enter to load, Esc to close)");
	attroff(A_BOLD);
	for (size_t i = 0; i < NDATA; i++) {
		if (i == a->pick)
			attron(A_REVERSE);
		tui_fill(y0 + 2 + (int)i, x0 + 2, w - 4, ' ');
		tui_put(y0 + 2 + (int)i, x0 + 3, w - 6, data_sets[i]);
		if (i == a->pick)
			attroff(A_REVERSE);
	}
}

static int act_rerun(app *a)
{
	(void)a;
	return A_RECOMPUTE;
}

static int act_export(app *a)
{
	if (!a->have_rep) {
		snprintf(a->status, sizeof a->status, "nothing to export yet");
		return A_REDRAW;
	}
	a->prompting = true;
	snprintf(a->prompt, sizeof a->prompt, "fpdrift-report.json");
	return A_REDRAW;
}

static int act_next_view(app *a)
{
	a->view = (a->view + 1) % NVIEWS;
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
	const char *name; /* as the help shows it */
	const char *help;
	int (*act)(app *a);
} key_action;

static const key_action key_table[] = {
    {'o', "o", "summation order (seq ... exact)", act_order},
    {'v', "v", "vector lanes 1, 2, 4, 8, 16", act_lanes},
    {'t', "t", "threads up", act_threads_up},
    {'T', "T", "threads down", act_threads_down},
    {'c', "c", "combine: ordered, tree, racy", act_combine},
    {'f', "f", "fused multiply-add off / on", act_fma},
    {'b', "b", "kernel: naive / BLAS", act_kernel},
    {'p', "p", "reference bits 64 ... 1024", act_bits},
    {'r', "r", "mitigation: off, round, trunc, bits", act_mitigation},
    {'+', "+", "mitigation N up", act_more},
    {'-', "-", "mitigation N down", act_less},
    {'s', "s", "next seed", act_seed},
    {'w', "w", "workload: kmeans, mlp, softmax, sum, dot", act_workload},
    {'d', "d", "next data set", act_data},
    {'R', "R", "rerun (see a racy combine change)", act_rerun},
    {'e', "e", "export the report as JSON", act_export},
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

/* ---- header, footer, help ------------------------------------------------------------------- */

/* Where each knob sits in the header, for mouse clicks. */
typedef struct hitbox {
	int x0, x1;
	int key;
} hitbox;

static hitbox hits[16];
static size_t nhits;

static int header_item(app *a, int x, int key, const char *label, const char *value)
{
	char buf[64];
	int w;

	snprintf(buf, sizeof buf, "%c:%s ", key, label);
	attron(tui_attr(a, C_KEY));
	tui_put(1, x, COLS - x, buf);
	attroff(tui_attr(a, C_KEY));
	w = (int)strlen(buf);
	tui_put(1, x + w, COLS - x - w, value);
	if (nhits < 16)
		hits[nhits++] = (hitbox){x, x + w + (int)strlen(value), key};
	return x + w + (int)strlen(value) + 2;
}

static void draw_header(app *a)
{
	char buf[256], v[64];
	const fp_knobs k = {a->sc.order[0],   a->sc.shuffle_seed[0], a->sc.lanes[0],
	                    a->sc.threads[0], a->sc.combine[0],      a->sc.fma[0],
	                    a->sc.kernel[0]};
	int x = 0;

	attron(tui_attr(a, C_HEADER));
	tui_fill(0, 0, COLS, ' ');
	snprintf(buf, sizeof buf, " fpdrift  %s on %s (%zu x %zu)%s   view: %s  (Tab next, ? help)",
	         a->sc.wl->name, a->data.name, a->data.rows, a->data.cols,
	         strcmp(a->sc.wl->name, "kmeans") == 0 ? "" : "", views[a->view]->name);
	tui_put(0, 0, COLS, buf);
	attroff(tui_attr(a, C_HEADER));
	move(1, 0);
	clrtoeol();
	nhits = 0;
	if (k.order == FP_ORDER_SHUFFLE)
		snprintf(v, sizeof v, "shuffle:%llu", (unsigned long long)k.shuffle_seed);
	else
		snprintf(v, sizeof v, "%s", knobs_order_name(k.order));
	x = header_item(a, x, 'o', "order", v);
	snprintf(v, sizeof v, "%u", k.lanes);
	x = header_item(a, x, 'v', "lanes", v);
	snprintf(v, sizeof v, "%u", k.threads);
	x = header_item(a, x, 't', "threads", v);
	x = header_item(a, x, 'c', "combine", knobs_combine_name(k.combine));
	x = header_item(a, x, 'f', "fma", k.fma ? "on" : "off");
	x = header_item(a, x, 'b', "kernel", knobs_kernel_name(k.kernel));
	snprintf(v, sizeof v, "%ld", (long)a->sc.ref_bits);
	x = header_item(a, x, 'p', "bits", v);
	mitig_describe(&a->sc.round_out, v, sizeof v);
	x = header_item(a, x, 'r', "round", v);
	snprintf(v, sizeof v, "%llu", (unsigned long long)a->sc.seed);
	header_item(a, x, 's', "seed", v);
}

static void draw_footer(app *a)
{
	int y = LINES - 1;

	move(y, 0);
	clrtoeol();
	if (a->prompting) {
		char buf[400];

		snprintf(buf, sizeof buf, "export to: %s_   (Enter to write, Esc to cancel)",
		         a->prompt);
		tui_put(y, 0, COLS, buf);
		return;
	}
	if (session_busy(a->ses)) {
		int w = COLS / 3, done = (int)(session_progress(a->ses) * w + 0.5);
		char pct[48];

		attron(tui_attr(a, C_OK));
		tui_fill(y, 0, done, a->utf8 ? ' ' | A_REVERSE : '#');
		attroff(tui_attr(a, C_OK));
		tui_fill(y, done, w - done, a->utf8 ? ACS_CKBOARD : '.');
		snprintf(pct, sizeof pct, " %3.0f%%  Esc cancels",
		         100.0 * session_progress(a->ses));
		tui_put(y, w, COLS - w, pct);
		return;
	}
	attron(tui_attr(a, C_DIM));
	tui_put(y, 0, COLS, "q quit  ? keys  Tab view  o v t T c f b p r +- s w d R e");
	attroff(tui_attr(a, C_DIM));
	tui_put(y, COLS > 60 ? 58 : COLS, COLS - 58, a->status);
}

static void draw_help(app *a)
{
	size_t n = 0;
	int h, w = 60, y0, x0;

	for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++)
		n += key_table[i].name != NULL;
	h = (int)n + 4;
	y0 = (LINES - h) / 2 > 0 ? (LINES - h) / 2 : 0;
	x0 = (COLS - w) / 2 > 0 ? (COLS - w) / 2 : 0;
	for (int y = y0; y < y0 + h && y < LINES; y++) {
		move(y, x0);
		for (int x = 0; x < w && x0 + x < COLS; x++)
			addch(' ');
	}
	attron(A_BOLD);
	tui_put(y0 + 1, x0 + 2, w - 4, "Keys");
	attroff(A_BOLD);
	for (size_t i = 0, row = 0; i < sizeof key_table / sizeof key_table[0]; i++) {
		char buf[96];

		if (!key_table[i].name)
			continue;
		snprintf(buf, sizeof buf, "%-8s", key_table[i].name);
		attron(tui_attr(a, C_KEY));
		tui_put(y0 + 2 + (int)row, x0 + 2, 9, buf);
		attroff(tui_attr(a, C_KEY));
		tui_put(y0 + 2 + (int)row++, x0 + 11, w - 13, key_table[i].help);
	}
	tui_put(y0 + h - 1, x0 + 2, w - 4, "mouse: click a knob in the header to turn it");
}

static void draw(app *a)
{
	erase();
	if (COLS < MIN_COLS || LINES < MIN_LINES) {
		char buf[128];

		snprintf(buf, sizeof buf, "enlarge the terminal to at least %dx%d (now %dx%d)",
		         MIN_COLS, MIN_LINES, COLS, LINES);
		tui_put(LINES / 2, COLS > (int)strlen(buf) ? (COLS - (int)strlen(buf)) / 2 : 0,
		        COLS, buf);
		refresh();
		return;
	}
	draw_header(a);
	views[a->view]->draw(a, 3, LINES - 1);
	draw_footer(a);
	if (a->help)
		draw_help(a);
	if (a->picking)
		draw_picker(a);
	refresh();
}

/* ---- keys ------------------------------------------------------------------------------------ */

static int prompt_key(app *a, int ch)
{
	size_t len = strlen(a->prompt);

	if (ch == 27) {
		a->prompting = false;
		snprintf(a->status, sizeof a->status, "export cancelled");
	} else if (ch == '\n' || ch == '\r' || ch == KEY_ENTER) {
		char err[320];

		a->prompting = false;
		report_format fmt = report_format_of_path(a->prompt);

		if (fmt == REPORT_TEXT && !strchr(a->prompt, '.'))
			fmt = REPORT_JSON;
		if (report_save(&a->rep, a->prompt, fmt, err, sizeof err))
			snprintf(a->status, sizeof a->status, "%s", err);
		else
			snprintf(a->status, sizeof a->status, "wrote %s", a->prompt);
	} else if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len) {
		a->prompt[len - 1] = '\0';
	} else if (ch >= 32 && ch < 127 && len + 1 < sizeof a->prompt) {
		a->prompt[len] = (char)ch;
		a->prompt[len + 1] = '\0';
	}
	return A_REDRAW;
}

static int mouse_key(void)
{
	MEVENT ev;

	if (getmouse(&ev) != OK || !(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)) || ev.y != 1)
		return -1;
	for (size_t i = 0; i < nhits; i++)
		if (ev.x >= hits[i].x0 && ev.x < hits[i].x1)
			return hits[i].key;
	return -1;
}

static int handle_key(app *a, int ch)
{
	int r;

	if (a->prompting)
		return prompt_key(a, ch);
	if (a->picking)
		return picker_key(a, ch);
	if (ch == KEY_MOUSE && (ch = mouse_key()) < 0)
		return A_NONE;
	if (ch == KEY_RESIZE)
		return A_REDRAW;
	r = views[a->view]->key ? views[a->view]->key(a, ch) : -1;
	if (r >= 0)
		return r;
	for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++)
		if (key_table[i].key == ch)
			return key_table[i].act(a);
	return A_NONE;
}

/* ---- the headless key script ---------------------------------------------------------------- */

typedef struct script {
	const char *p;
	int pending[64];
	size_t npending, next;
} script;

/* The next key of the script, or ERR at its end; sets *resize_w/h for <Resize:WxH>. */
static int script_next(script *s, int *rw, int *rh)
{
	static const struct {
		const char *name;
		int key;
	} names[] = {{"<Tab>", '\t'},       {"<Esc>", 27},           {"<Enter>", '\n'},
	             {"<Up>", KEY_UP},      {"<Down>", KEY_DOWN},    {"<PgUp>", KEY_PPAGE},
	             {"<PgDn>", KEY_NPAGE}, {"<BS>", KEY_BACKSPACE}, {"<Space>", ' '}};

	if (s->next < s->npending)
		return s->pending[s->next++];
	s->npending = s->next = 0;
	while (*s->p == ' ')
		s->p++;
	if (!*s->p)
		return ERR;
	if (*s->p == '<') {
		const char *end = strchr(s->p, '>');

		if (end) {
			size_t len = (size_t)(end - s->p) + 1;

			for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
				if (strlen(names[i].name) == len &&
				    strncmp(s->p, names[i].name, len) == 0) {
					s->p += len;
					return names[i].key;
				}
			if (sscanf(s->p, "<Resize:%dx%d>", rw, rh) == 2) {
				s->p += len;
				return KEY_RESIZE;
			}
		}
	}
	while (*s->p && *s->p != ' ' && s->npending < 64)
		s->pending[s->npending++] = (unsigned char)*s->p++;
	return s->pending[s->next++];
}

/* Write the screen as UTF-8 text, one line per row, trailing blanks trimmed. */
static int dump_screen(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -1;
	for (int y = 0; y < LINES; y++) {
		wchar_t line[1024];
		char out[4096];
		size_t o = 0;
		int n = mvinnwstr(y, 0, line, COLS < 1023 ? COLS : 1023);
		mbstate_t st;

		memset(&st, 0, sizeof st);
		for (int i = 0; i < n && o + MB_LEN_MAX < sizeof out; i++) {
			size_t k = wcrtomb(out + o, line[i], &st);

			if (k != (size_t)-1)
				o += k;
		}
		while (o > 0 && out[o - 1] == ' ')
			o--;
		fwrite(out, 1, o, f);
		fputc('\n', f);
	}
	return fclose(f);
}

/* ---- the redraw benchmark ------------------------------------------------------------------- */

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

/* FPDRIFT_BENCH_REDRAW=N (headless): for every view, wait for its result, then time N full
 * redraws (draw and write out); return the table as text in out. */
static void bench_redraw(app *a, int n, char *out, size_t size)
{
	size_t used =
	    (size_t)snprintf(out, size, "redraw at %dx%d, %d redraws per view\n%-10s %10s %10s\n",
	                     COLS, LINES, n, "view", "mean ms", "worst ms");

	for (size_t v = 0; v < NVIEWS; v++) {
		double total = 0, worst = 0;

		a->view = v;
		ensure(a);
		while (session_busy(a->ses))
			napms(2);
		collect(a);
		for (int i = 0; i < n; i++) {
			double t0 = now_ms(), dt;

			clearok(curscr, TRUE); /* a full redraw, as after a resize */
			draw(a);
			dt = now_ms() - t0;
			total += dt;
			worst = dt > worst ? dt : worst;
		}
		if (used < size)
			used += (size_t)snprintf(out + used, size - used, "%-10s %10.3f %10.3f\n",
			                         views[v]->name, total / n, worst);
	}
}

/* ---- the loop ------------------------------------------------------------------------------- */

static void init_colors(app *a)
{
	a->color = has_colors() && !getenv("NO_COLOR");
	if (!a->color)
		return;
	start_color();
	use_default_colors();
	init_pair(C_HEADER, COLOR_BLACK, COLOR_CYAN);
	init_pair(C_KEY, COLOR_YELLOW, -1);
	init_pair(C_DIVERGE, COLOR_RED, -1);
	init_pair(C_FLOAT, COLOR_MAGENTA, -1);
	init_pair(C_DOUBLE, COLOR_BLUE, -1);
	init_pair(C_MPFR, COLOR_GREEN, -1);
	init_pair(C_DIM, COLORS >= 256 ? 244 : COLOR_WHITE, -1);
	init_pair(C_SIGN, COLOR_MAGENTA, -1);
	init_pair(C_EXP, COLOR_CYAN, -1);
	init_pair(C_MAN, COLOR_GREEN, -1);
	init_pair(C_WARN, COLOR_RED, -1);
	init_pair(C_OK, COLOR_GREEN, -1);
}

int tui_main(const tui_config *cfg)
{
	app a;
	SCREEN *scr;
	FILE *out = NULL, *in = NULL;
	script sc = {cfg->keys, {0}, 0, 0};
	bool headless = cfg->keys != NULL;
	int flags;
	struct sigaction sa;

	memset(&a, 0, sizeof a);
	a.cfg = cfg;
	a.sc = cfg->start;
	a.data = *cfg->start.data; /* borrowed until the d or w key loads another */
	a.ses = session_new();
	snprintf(a.input, sizeof a.input, "0.1");
	a.les_ok = lesson_compute(a.input, &a.les);
	/* the character set only: numbers in reports keep the C locale decimal point */
	setlocale(LC_CTYPE, "");
	a.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	if (headless) {
		char num[16];

		snprintf(num, sizeof num, "%d", cfg->lines);
		setenv("LINES", num, 1);
		snprintf(num, sizeof num, "%d", cfg->cols);
		setenv("COLUMNS", num, 1);
		out = fopen("/dev/null", "w");
		in = fopen("/dev/null", "r");
		scr = out && in ? newterm("xterm-256color", out, in) : NULL;
	} else {
		if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
			fprintf(stderr,
			        "fpdrift: the explorer needs a terminal; 'fpdrift run' prints "
			        "a report instead\n");
			session_free(a.ses);
			return 2;
		}
		scr = newterm(NULL, stdout, stdin);
	}
	if (!scr) {
		fprintf(stderr,
		        "fpdrift: no usable terminal (TERM=%s); 'fpdrift run' prints a report "
		        "instead\n",
		        getenv("TERM") ? getenv("TERM") : "");
		if (out)
			fclose(out);
		if (in)
			fclose(in);
		session_free(a.ses);
		return 2;
	}
	set_term(scr);
	curses_on = true;
	fatal_set_hook(restore_terminal);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);
	timeout(TICK_MS);
	init_colors(&a);
	flags = A_REDRAW;
	if (headless && getenv("FPDRIFT_BENCH_REDRAW")) {
		char table[1024];

		bench_redraw(&a,
		             atoi(getenv("FPDRIFT_BENCH_REDRAW")) > 0
		                 ? atoi(getenv("FPDRIFT_BENCH_REDRAW"))
		                 : 100,
		             table, sizeof table);
		got_signal = 0;
		sc.p = ""; /* no keys: straight to the end */
		fputs(table, stdout);
	}
	while (!got_signal) {
		int ch, rw = 0, rh = 0;

		bool fresh = collect(&a); /* before ensure: a finished job is not busy */

		if (flags & A_RECOMPUTE)
			a.gen++;
		ensure(&a);
		if (fresh || session_busy(a.ses) || flags)
			draw(&a);
		flags = A_NONE;
		if (headless) {
			if (session_busy(a.ses)) {
				napms(5);
				continue; /* a script waits for every computation */
			}
			ch = script_next(&sc, &rw, &rh);
			if (ch == ERR)
				break;
			if (ch == KEY_RESIZE)
				resizeterm(rh, rw);
		} else {
			/* while computing, look more often: the bar moves and a cancel shows at
			 * once */
			timeout(session_busy(a.ses) ? TICK_BUSY_MS : TICK_MS);
			ch = getch();
			if (ch == ERR)
				continue;
		}
		flags = handle_key(&a, ch);
		if (flags & A_QUIT)
			break;
		if (flags & A_RECOMPUTE)
			a.scroll = 0;
		flags |= A_REDRAW;
	}
	if (headless) {
		while (session_busy(a.ses))
			napms(5);
		collect(&a);
		draw(&a);
		if (cfg->dump_path && dump_screen(cfg->dump_path) != 0) {
			restore_terminal();
			fprintf(stderr, "fpdrift: cannot write %s: %s\n", cfg->dump_path,
			        strerror(errno));
		}
	}
	session_free(a.ses);
	restore_terminal();
	fatal_set_hook(NULL);
	delscreen(scr);
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	if (a.have_rep)
		report_clear(&a.rep);
	if (a.have_sweep)
		report_clear(&a.sweep);
	if (a.have_reps)
		report_clear(&a.reps);
	if (a.own_data)
		dataset_clear(&a.data);
	return got_signal ? 128 + (int)got_signal : 0;
}
