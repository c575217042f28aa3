/* tui.c - the explorer's frame: terminal, main loop, computations, header and footer.
 *
 * The loop never blocks on a computation: getch waits at most 50 ms (20 ms while computing), so
 * the progress bar moves many times a second, and Esc reaches a running job at once (the runner and
 * workloads stop within one iteration). Keys are in tui_keys.c, the modal boxes in
 * tui_prompt.c, the headless script and screen dump in tui_script.c, the views in view_*.c.
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
#include <unistd.h>
#include <wchar.h>

#include "arith/precision.h"
#include "arith/rnd.h"
#include "explore/format.h"
#include "report/report.h"
#include "tui/app.h"
#include "util/util.h"

#define MIN_COLS 80
#define MIN_LINES 24
#define TICK_MS 50
#define TICK_BUSY_MS 20

const tui_view *const tui_views[] = {&view_compare, &view_sweep,   &view_chart,
                                     &view_epsilon, &view_repeats, &view_digits};
const size_t tui_nviews = sizeof tui_views / sizeof tui_views[0];

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

int tui_prec_pair(fp_precision p)
{
	return C_PREC + (int)p;
}

/* ---- computations ------------------------------------------------------------------------- */

const report *tui_result(const app *a, int job, bool current)
{
	const result_slot *s = &a->slot[job];

	return s->have && (!current || s->gen == a->gen) ? &s->rep : NULL;
}

void tui_drop(app *a, int job)
{
	if (a->slot[job].have)
		report_clear(&a->slot[job].rep);
	a->slot[job].have = false;
}

void tui_submit(app *a, int job)
{
	scenario sc = a->sc;

	for (int id = 0; id < KNOB_COUNT; id++)
		sc.knobs[id].n = 1;
	sc.repeats = 0;
	if (job == JOB_SWEEP)
		view_sweep_fill(a, &sc);
	else if (job == JOB_REPEATS)
		sc.repeats = 30;
	else if (job == JOB_DIGITS && !rnd_is_random(sc.knobs[KNOB_ROUNDING].v[0].rounding))
		sc.knobs[KNOB_ROUNDING].v[0].rounding =
		    FP_ROUNDING_SR; /* samples need randomness */
	sc.data = a->cur;           /* never moves: the job may outlive a change of data set */
	session_submit(a->ses, &sc);
	a->job = job;
	a->job_gen = a->gen;
	snprintf(a->status, sizeof a->status, "computing...");
}

/* Start what the current view shows when its result is stale and not already computing. */
static void ensure(app *a)
{
	int kind = tui_views[a->view]->job;

	if (tui_result(a, kind, true) || a->tried[kind] == a->gen + 1)
		return;
	if (session_busy(a->ses) && a->job == kind && a->job_gen == a->gen)
		return;
	a->tried[kind] = a->gen + 1; /* + 1: zero means never */
	tui_submit(a, kind);
}

/* Which precisions' results differ from the comparison held before. */
static void mark_changed(app *a, const report *rep)
{
	const report *old = tui_result(a, JOB_COMPARE, false);

	a->compared = old != NULL;
	for (size_t i = 0; i < rep->nruns; i++) {
		fp_precision p = rep->runs[i].prec;

		a->changed[p] = false;
		a->fresh[p] = true;
		for (size_t j = 0; old && j < old->nruns; j++)
			if (old->runs[j].prec == p) {
				a->fresh[p] = false;
				a->changed[p] =
				    !wl_result_same(&rep->runs[i].res, &old->runs[j].res, false);
			}
	}
}

/* Take a finished computation into its slot; true when something new arrived. */
static bool collect(app *a)
{
	static const char *const done[JOB_KINDS] = {"", "done", "sweep done", "30 seeds done",
	                                            "samples done"};
	report rep;
	int status;
	char err[256];

	if (!session_take(a->ses, &rep, &status, err, sizeof err))
		return false;
	if (status == RUNNER_CANCELLED) {
		snprintf(a->status, sizeof a->status, "cancelled");
	} else if (status) {
		snprintf(a->status, sizeof a->status, "error: %s", err);
	} else {
		if (a->job == JOB_COMPARE)
			mark_changed(a, &rep);
		tui_drop(a, a->job);
		a->slot[a->job] = (result_slot){rep, true, a->job_gen};
		snprintf(a->status, sizeof a->status, "%s%s%s in %.2f s", a->load_note,
		         a->load_note[0] ? "; " : "", done[a->job], rep.seconds);
		a->load_note[0] = '\0';
	}
	a->job = JOB_NONE;
	return true;
}

static void draw(app *a);

/* Load a data set by name. The screen says so while the loader reads (a file of millions of
 * rows takes seconds, and the keys wait for it), then how large it was and how long it took. */
int tui_set_data(app *a, const char *name)
{
	dataset d;
	char err[256];
	double t0 = util_seconds();
	int rc;

	a->picking = false;
	a->choosing = false;
	snprintf(a->status, sizeof a->status, "loading %s ...", name);
	draw(a);
	rc = a->cfg->load ? a->cfg->load(name, &d, err, sizeof err) : 1;
	if (rc) {
		snprintf(a->status, sizeof a->status, "%s", a->cfg->load ? err : "no loader");
		return A_REDRAW;
	}
	snprintf(a->load_note, sizeof a->load_note, "loaded %s (%zu x %zu) in %.2f s", name, d.rows,
	         d.cols, util_seconds() - t0);
	snprintf(a->status, sizeof a->status, "%s", a->load_note);
	/* kept until the end: the running job and the results held may read the old one */
	a->loaded = xreallocarray(a->loaded, a->nloaded + 1, sizeof *a->loaded);
	a->loaded[a->nloaded] = xmalloc(sizeof d);
	*a->loaded[a->nloaded] = d;
	a->cur = a->loaded[a->nloaded++];
	return A_RECOMPUTE;
}

/* ---- header and footer ------------------------------------------------------------------------
 */

/* Where each clickable thing sits in the header (a view's tab, a knob), for mouse clicks:
 * the key a click on it stands for. */
typedef struct hitbox {
	int y, x0, x1;
	int key;
} hitbox;

#define HITS_MAX 48
static hitbox hits[HITS_MAX];
static size_t nhits;

static void add_hit(int y, int x0, int x1, int key)
{
	if (nhits < HITS_MAX)
		hits[nhits++] = (hitbox){y, x0, x1, key};
}

/* The knob line's place: the next item goes at (y, x); a line that cannot hold it wraps. */
typedef struct header_pos {
	int y, x;
} header_pos;

/* "k:label value" at pos, wrapped to the next row when it does not fit; a value that does not
 * apply is drawn dim. */
static void header_item(app *a, header_pos *pos, int key, const char *label, const char *value,
                        bool applies)
{
	char buf[64];
	int w, total;

	snprintf(buf, sizeof buf, "%c:%s ", key, label);
	w = (int)strlen(buf);
	total = w + (int)strlen(value);
	if (pos->x > 0 && pos->x + total > COLS) {
		pos->y++;
		pos->x = 0;
		move(pos->y, 0);
		clrtoeol();
	}
	attron(tui_attr(a, C_KEY));
	tui_put(pos->y, pos->x, COLS - pos->x, buf);
	attroff(tui_attr(a, C_KEY));
	if (!applies)
		attron(tui_attr(a, C_DIM));
	tui_put(pos->y, pos->x + w, COLS - pos->x - w, value);
	if (!applies)
		attroff(tui_attr(a, C_DIM));
	add_hit(pos->y, pos->x, pos->x + total, key);
	pos->x += total + 2;
}

/* Row 0: the program and a tab per view (its hotkey and name, the current one marked; a click
 * opens it), and the help key when there is room. */
static void draw_tabs(app *a)
{
	int x = 9;

	attron(tui_attr(a, C_HEADER));
	tui_fill(0, 0, COLS, ' ');
	tui_put(0, 0, COLS, " fpdrift");
	for (size_t v = 0; v < tui_nviews; v++) {
		char tab[32];
		/* the current one bracketed, for a screen without attributes too */
		int w = snprintf(tab, sizeof tab, v == a->view ? "[%zu %s]" : " %zu %s ", v + 1,
		                 tui_views[v]->name);

		if (v == a->view)
			attron(A_BOLD | A_UNDERLINE);
		tui_put(0, x, COLS - x, tab);
		if (v == a->view)
			attroff(A_BOLD | A_UNDERLINE);
		add_hit(0, x, x + w, (int)('1' + v));
		x += w;
	}
	if (x + 9 <= COLS)
		tui_put(0, COLS - 9, 9, " ? help ");
	attroff(tui_attr(a, C_HEADER));
}

/* The header: the tabs, then every knob (and the workload and data) as "key:name value",
 * wrapped over as many rows as the width needs, then a note when a mitigation was computed
 * otherwise than asked. Returns the first row below it. */
static int draw_header(app *a)
{
	char buf[256], v[96];
	const fp_knobs k = knob_lists_first(a->sc.knobs);
	knob_where where = scenario_where(&a->sc, FP_PRECISION_COUNT);
	header_pos pos = {1, 0};
	bool computed_otherwise;

	nhits = 0;
	draw_tabs(a);
	move(1, 0);
	clrtoeol();
	header_item(a, &pos, 'w', "work", a->sc.wl->name, true);
	snprintf(v, sizeof v, "%s (%zu x %zu)", a->cur->name, a->cur->rows, a->cur->cols);
	header_item(a, &pos, 'd', "data", v, true);
	for (int id = 0; id < KNOB_COUNT; id++)
		header_item(a, &pos, knob_table[id].key, knob_table[id].name,
		            knob_format((knob_id)id, &k, v, sizeof v),
		            knob_applies((knob_id)id, &where, &k));
	snprintf(v, sizeof v, "%ld", (long)a->sc.ref_bits);
	header_item(a, &pos, 'p', "bits", v, true);
	/* a mitigation some precision cannot hold is marked, and a row says what was computed */
	scenario_mitigation_text(&a->sc, buf, sizeof buf);
	mitig_describe(&a->sc.round_out, v, sizeof v);
	computed_otherwise = strcmp(buf, v) != 0 && a->sc.round_out.kind != MITIG_SIG;
	if (computed_otherwise)
		appendf(v, sizeof v, "*");
	header_item(a, &pos, 'r', "round", v, true);
	snprintf(v, sizeof v, "%llu", (unsigned long long)a->sc.seed);
	header_item(a, &pos, 's', "seed", v, true);
	if (a->sc.wl->mimics)
		header_item(a, &pos, 'm', "mimic",
		            a->sc.params.kmeans.mimic == KM_MIMIC_SKLEARN ? "sklearn-1.2" : "none",
		            true);
	if (computed_otherwise) {
		char line[300];

		snprintf(line, sizeof line, " * computed as %s", buf);
		pos.y++;
		move(pos.y, 0);
		clrtoeol();
		attron(tui_attr(a, C_DIM));
		tui_put(pos.y, 0, COLS, line);
		attroff(tui_attr(a, C_DIM));
	}
	return pos.y + 1;
}

static void draw_progress(app *a, int y)
{
	int w = COLS / 3, done = (int)(session_progress(a->ses) * w + 0.5);
	char pct[48];

	attron(tui_attr(a, C_OK));
	tui_fill(y, 0, done, a->utf8 ? ' ' | A_REVERSE : '#');
	attroff(tui_attr(a, C_OK));
	if (a->utf8 && w > done) /* Unicode shade: no alternate character set to get wrong */
		mvhline_set(y, done, WACS_CKBOARD, w - done);
	else
		tui_fill(y, done, w - done, '.');
	snprintf(pct, sizeof pct, " %3.0f%%  Esc cancels", 100.0 * session_progress(a->ses));
	tui_put(y, w, COLS - w, pct);
}

/* The last row: the prompt when one is open, the progress bar while computing, else the
 * status on the left and the keys that open the help and quit on the right. */
static void draw_footer(app *a)
{
	static const char keys[] = " ? keys  q quit ";
	int y = LINES - 1, kw = (int)sizeof keys - 1;

	move(y, 0);
	clrtoeol();
	if (a->prompting) {
		tui_draw_prompt(a, y);
		return;
	}
	if (session_busy(a->ses)) {
		draw_progress(a, y);
		return;
	}
	tui_put(y, 0, COLS - kw - 1, a->status);
	attron(tui_attr(a, C_DIM));
	tui_put(y, COLS - kw, kw, keys);
	attroff(tui_attr(a, C_DIM));
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
	a->top = draw_header(a);
	tui_views[a->view]->draw(a, a->top, LINES - 1);
	draw_footer(a);
	if (a->help)
		tui_draw_help(a);
	if (a->picking)
		tui_draw_picker(a);
	if (a->choosing)
		tui_draw_chooser(a);
	refresh();
}

/* ---- keys ------------------------------------------------------------------------------------ */

/* The key a mouse event stands for: a click on a tab or a knob its key, the wheel
 * TUI_WHEEL_UP or TUI_WHEEL_DOWN; -1 for anything else. */
static int mouse_key(void)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return -1;
	if (ev.bstate & BUTTON4_PRESSED)
		return TUI_WHEEL_UP;
	if (ev.bstate & BUTTON5_PRESSED)
		return TUI_WHEEL_DOWN;
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED)))
		return -1;
	for (size_t i = 0; i < nhits; i++)
		if (ev.y == hits[i].y && ev.x >= hits[i].x0 && ev.x < hits[i].x1)
			return hits[i].key;
	return -1;
}

static int handle_key(app *a, int ch)
{
	int r;

	if (ch == KEY_MOUSE && (ch = mouse_key()) < 0)
		return A_NONE;
	if (ch == KEY_RESIZE)
		return A_REDRAW;
	if (a->prompting)
		return tui_prompt_key(a, ch);
	if (a->picking)
		return tui_picker_key(a, ch);
	if (a->choosing)
		return tui_chooser_key(a, ch);
	if (a->help) /* modal: nothing acts beneath it */
		return tui_help_key(a, ch);
	r = tui_views[a->view]->key ? tui_views[a->view]->key(a, ch) : -1;
	return r >= 0 ? r : tui_key(a, ch);
}

/* ---- the redraw benchmark ------------------------------------------------------------------- */

static double now_ms(void)
{
	return util_seconds() * 1e3;
}

/* FPDRIFT_BENCH_REDRAW=N (headless): for every view, wait for its result, then time N full
 * redraws (draw and write out); return the table as text in out. */
static void bench_redraw(app *a, int n, char *out, size_t size)
{
	size_t used =
	    (size_t)snprintf(out, size, "redraw at %dx%d, %d redraws per view\n%-10s %10s %10s\n",
	                     COLS, LINES, n, "view", "mean ms", "worst ms");

	for (size_t v = 0; v < tui_nviews; v++) {
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
			                         tui_views[v]->name, total / n, worst);
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
	init_pair(C_DIM, COLORS >= 256 ? 244 : COLOR_WHITE, -1);
	init_pair(C_SIGN, COLOR_MAGENTA, -1);
	init_pair(C_EXP, COLOR_CYAN, -1);
	init_pair(C_MAN, COLOR_GREEN, -1);
	init_pair(C_WARN, COLOR_RED, -1);
	init_pair(C_OK, COLOR_GREEN, -1);
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		init_pair((short)tui_prec_pair((fp_precision)p),
		          (short)precision_of((fp_precision)p)->ansi_color, -1);
}

/* The screen: a virtual one of cols x lines for a headless script, else the terminal. NULL,
 * with the message printed, when there is none. */
static SCREEN *open_screen(const tui_config *cfg, FILE **out, FILE **in)
{
	SCREEN *scr;

	if (cfg->keys) {
		char num[16];

		snprintf(num, sizeof num, "%d", cfg->lines);
		setenv("LINES", num, 1);
		snprintf(num, sizeof num, "%d", cfg->cols);
		setenv("COLUMNS", num, 1);
		*out = fopen("/dev/null", "w");
		*in = fopen("/dev/null", "r");
		return *out && *in ? newterm("xterm-256color", *out, *in) : NULL;
	}
	if (!isatty(STDOUT_FILENO) || !isatty(STDIN_FILENO)) {
		fprintf(stderr, "fpdrift: the explorer needs a terminal; 'fpdrift run' prints "
		                "a report instead\n");
		return NULL;
	}
	scr = newterm(NULL, stdout, stdin);
	if (scr) {
		/* a terminal that cannot move the cursor (TERM=dumb) would draw every line over
		 * the last: refuse it like no terminal at all */
		const char *cup = tigetstr("cup");

		if (!cup || cup == (const char *)-1) {
			endwin();
			delscreen(scr);
			scr = NULL;
		}
	}
	if (!scr)
		fprintf(stderr,
		        "fpdrift: no usable terminal (TERM=%s cannot place the cursor); 'fpdrift "
		        "run' prints a report instead\n",
		        getenv("TERM") ? getenv("TERM") : "");
	return scr;
}

static void start_curses(app *a)
{
	struct sigaction sa;

	curses_on = true;
	fatal_set_hook(restore_terminal);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	/* each ends the explorer through its main loop, which restores the terminal */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	set_escdelay(25);
	/* clicks on tabs and knobs, and the wheel (buttons 4 and 5) */
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	timeout(TICK_MS);
	init_colors(a);
}

/* The next key: the script's (after every computation has finished), or the terminal's. ERR
 * at the end of the script; 0 when no key came in this tick. */
static int next_key(app *a, tui_script *script)
{
	int ch, rw = 0, rh = 0;

	if (!script)
		return (timeout(session_busy(a->ses) ? TICK_BUSY_MS : TICK_MS), ch = getch()) == ERR
		           ? 0
		           : ch;
	if (session_pending(a->ses)) {
		napms(5);
		return 0; /* a script waits for every computation, and takes its result */
	}
	ch = tui_script_next(script, &rw, &rh);
	if (ch == KEY_RESIZE)
		resizeterm(rh, rw);
	return ch;
}

static void loop(app *a, tui_script *script)
{
	int flags = A_REDRAW;

	while (!got_signal) {
		bool fresh = collect(a); /* before ensure: a finished job is not busy */
		int ch;

		if (flags & A_RECOMPUTE)
			a->gen++;
		ensure(a);
		if (fresh || session_busy(a->ses) || flags)
			draw(a);
		flags = A_NONE;
		ch = next_key(a, script);
		if (ch == ERR)
			break;
		if (ch == 0)
			continue;
		flags = handle_key(a, ch);
		if (flags & A_QUIT)
			break;
		if (flags & A_RECOMPUTE)
			a->scroll = 0;
		flags |= A_REDRAW;
	}
}

/* A headless run's end: wait for the last computation, draw it, dump the screen. */
static void finish_script(app *a)
{
	while (session_busy(a->ses))
		napms(5);
	collect(a);
	draw(a);
	if (a->cfg->dump_path && tui_dump_screen(a->cfg->dump_path) != 0) {
		restore_terminal();
		fprintf(stderr, "fpdrift: cannot write %s: %s\n", a->cfg->dump_path,
		        strerror(errno));
	}
}

static void app_init(app *a, const tui_config *cfg)
{
	memset(a, 0, sizeof *a);
	a->cfg = cfg;
	a->sc = cfg->start;
	a->cur = cfg->start.data; /* borrowed from the caller */
	a->ses = session_new();
	snprintf(a->input, sizeof a->input, "0.1 + 0.2");
	a->les_focus = 1; /* double, the precision most programs run in */
}

static void app_clear(app *a)
{
	if (a->marked)
		report_clear(&a->mark);
	session_free(a->ses); /* first: its job may read the data sets */
	for (int j = 0; j < JOB_KINDS; j++)
		tui_drop(a, j);
	for (size_t i = 0; i < a->nloaded; i++) {
		dataset_clear(a->loaded[i]);
		free(a->loaded[i]);
	}
	free(a->loaded);
}

int tui_main(const tui_config *cfg)
{
	app a;
	SCREEN *scr;
	FILE *out = NULL, *in = NULL;
	tui_script script = {cfg->keys, {0}, 0, 0};
	bool headless = cfg->keys != NULL;

	app_init(&a, cfg);
	/* the character set only: numbers in reports keep the C locale decimal point */
	setlocale(LC_CTYPE, "");
	a.utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	scr = open_screen(cfg, &out, &in);
	if (scr) {
		set_term(scr);
		start_curses(&a);
		if (headless && getenv("FPDRIFT_BENCH_REDRAW")) {
			char table[1024];
			int n = atoi(getenv("FPDRIFT_BENCH_REDRAW"));

			bench_redraw(&a, n > 0 ? n : 100, table, sizeof table);
			fputs(table, stdout);
		} else {
			loop(&a, headless ? &script : NULL);
			if (headless)
				finish_script(&a);
		}
		session_free(a.ses);
		a.ses = NULL;
		restore_terminal();
		fatal_set_hook(NULL);
		delscreen(scr);
	}
	if (out)
		fclose(out);
	if (in)
		fclose(in);
	app_clear(&a);
	if (!scr)
		return 2;
	return got_signal ? 128 + (int)got_signal : 0;
}
