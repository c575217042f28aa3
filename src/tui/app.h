/* app.h - the explorer's state, shared by tui.c and the views (src/tui only). */
#ifndef FPDRIFT_TUI_APP_H
#define FPDRIFT_TUI_APP_H

#include <stdbool.h>

#include "explore/expr.h"
#include "explore/knob.h"
#include "explore/session.h"
#include "tui/curses.h"
#include "tui/tui.h"

/* What an action asks for afterwards: A_RECOMPUTE marks every result stale (a new
 * generation); the loop then computes what the current view shows. */
enum { A_NONE = 0, A_REDRAW = 1, A_RECOMPUTE = 2, A_QUIT = 4 };
/* What a computation is for; each kind keeps its latest result in a slot. */
enum { JOB_NONE, JOB_COMPARE, JOB_SWEEP, JOB_REPEATS, JOB_DIGITS, JOB_KINDS };
/* Colour pairs (and their monochrome attributes when colours are off); C_PREC + p is the
 * pair of precision p, coloured as the precision table says. */
enum {
	C_HEADER = 1,
	C_KEY,
	C_DIVERGE,
	C_DIM,
	C_SIGN,
	C_EXP,
	C_MAN,
	C_WARN,
	C_OK,
	C_PREC,
	C_PAIRS = C_PREC + FP_PRECISION_COUNT
};

typedef struct app app;

/* One view: draws rows [top, bottom) of the screen from the app's results; key returns action
 * flags, or -1 when the key is not the view's; enter runs when the view becomes current. */
typedef struct tui_view {
	const char *name;
	int job; /* the computation whose result it shows: JOB_COMPARE, JOB_SWEEP, JOB_REPEATS,
	          * JOB_DIGITS */
	void (*draw)(app *a, int top, int bottom);
	int (*key)(app *a, int ch);
} tui_view;

extern const tui_view view_compare, view_sweep, view_chart, view_epsilon, view_repeats, view_digits;

/* The latest result of one kind of computation. gen is the state's generation it was
 * computed for: a result is current when gen equals the app's. */
typedef struct result_slot {
	report rep;
	bool have;
	unsigned gen;
} result_slot;

struct app {
	const tui_config *cfg;
	scenario sc; /* the current variant: the first entry of each knob list */
	/* the current data set: cfg's, or the latest of loaded; it never moves, so a job still
	 * running on it when the data set changes reads it safely */
	const dataset *cur;
	/* every data set the d and w keys loaded, each allocated once and kept until the
	 * explorer ends: a running job or a result may still read one of them (owned) */
	dataset **loaded;
	size_t nloaded;
	size_t data_index; /* in the data-set list of the d key */
	session *ses;
	int job;                     /* the running computation's kind */
	unsigned gen;                /* bumped by every change of the state */
	unsigned job_gen;            /* the generation the running computation belongs to */
	unsigned tried[JOB_KINDS];   /* per job kind, the generation last started + 1: failed or
	                              * cancelled computations are not started again until the
	                              * state changes */
	result_slot slot[JOB_KINDS]; /* the latest result of each kind */
	bool changed[FP_PRECISION_COUNT]; /* the latest comparison differs from the one before */
	bool fresh[FP_PRECISION_COUNT];   /* the comparison before had no run in it */
	bool compared;                    /* changed[] compares two results */
	knob_id sweep_knob;
	char status[400];
	char load_note[160]; /* the last load's size and time, until its computation ends */
	size_t view;
	int top; /* the first row below the header, where the view starts */
	bool help;
	int help_scroll; /* the help's first line shown */
	int scroll;
	int col_first;             /* compare: the first precision column shown when not all fit */
	char input[EXPR_TEXT_MAX]; /* the epsilon lesson's expression */
	bool typing;               /* its text input is open: every key edits it */
	int les_focus;             /* the precision whose details it shows (0: the first) */
	bool color, utf8;
	report mark; /* A of A versus B: the comparison result marked with the a key (owned) */
	bool marked;
	bool prompting;                  /* the export prompt is open */
	bool picking;                    /* the data-set picker is open */
	size_t pick;                     /* the picker's highlighted entry */
	bool choosing;                   /* the precision chooser is open (P) */
	int choose;                      /* its highlighted precision */
	bool chosen[FP_PRECISION_COUNT]; /* its ticks, applied by Enter */
	char prompt[256];
};

/* A versus B: the marked result when it can be compared with r (the same workload and data
 * set), else NULL; and the run of it in precision p, or NULL (tui_keys.c). */
const report *tui_mark_for(const app *a, const report *r);
const run_record *tui_mark_run(const report *m, fp_precision p);

/* The latest result of a job kind, or NULL; with current, only one computed for the present
 * state (tui.c). */
const report *tui_result(const app *a, int job, bool current);

/* Drawing helpers (tui.c). */
attr_t tui_attr(const app *a, int pair);
/* The colour pair of a precision. */
int tui_prec_pair(fp_precision p);
void tui_put(int y, int x, int maxw, const char *s);
void tui_fill(int y, int x, int w, chtype ch);
/* Start a computation of the current state (tui.c). */
void tui_submit(app *a, int job);
/* Drop a slot's result (tui.c). */
void tui_drop(app *a, int job);
/* Load a data set by name and make it current; flags (tui.c). */
int tui_set_data(app *a, const char *name);

/* The mouse wheel, as keys (tui.c turns wheel events into them). */
#define TUI_WHEEL_UP (KEY_MAX + 1)
#define TUI_WHEEL_DOWN (KEY_MAX + 2)

/* Keys (tui_keys.c): the action of a key, as A_ flags; the help overlay, modal: its keys
 * scroll and close it and nothing else. */
int tui_key(app *a, int ch);
int tui_help_key(app *a, int ch);
void tui_draw_help(app *a);
/* The data-set picker and the export prompt (tui_prompt.c): their keys and drawing. */
int tui_picker_key(app *a, int ch);
void tui_draw_picker(app *a);
/* The precision chooser (P): which precisions are the columns. */
int tui_chooser_key(app *a, int ch);
void tui_draw_chooser(app *a);
int tui_prompt_key(app *a, int ch);
void tui_draw_prompt(app *a, int y);
extern const char *const tui_data_sets[];
extern const size_t tui_ndata;
/* The headless key script (tui_script.c): tui_script_next gives the next key, or ERR at the
 * end, and sets *rw, *rh for <Resize:WxH> (KEY_RESIZE); tui_dump_screen writes the screen as
 * UTF-8 text, trailing blanks trimmed (0, or -1 with errno). */
typedef struct tui_script {
	const char *p;
	int pending[64];
	size_t npending, next;
} tui_script;
int tui_script_next(tui_script *s, int *rw, int *rh);
int tui_dump_screen(const char *path);

/* The views, in Tab order (tui.c). */
extern const tui_view *const tui_views[];
extern const size_t tui_nviews;
/* The sweep's scenario: the current state with the swept knob's list (view_sweep.c). */
void view_sweep_fill(const app *a, scenario *sc);
/* The precision column label: "float", "double", "mpfr-256". */
const char *tui_prec_label(const app *a, fp_precision p, char *buf, size_t size);

#endif
