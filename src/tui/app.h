/* app.h - the explorer's state, shared by tui.c and the views (src/tui only). */
#ifndef FPDRIFT_TUI_APP_H
#define FPDRIFT_TUI_APP_H

#include <stdbool.h>

#include "explore/lesson.h"
#include "explore/session.h"
#include "tui/curses.h"
#include "tui/tui.h"

/* What an action asks for afterwards: A_RECOMPUTE marks every result stale (a new
 * generation); the loop then computes what the current view shows. */
enum { A_NONE = 0, A_REDRAW = 1, A_RECOMPUTE = 2, A_QUIT = 4 };
/* What the running computation is for. */
enum { JOB_NONE, JOB_COMPARE, JOB_SWEEP, JOB_REPEATS };
/* Colour pairs (and their monochrome attributes when colours are off). */
enum {
	C_HEADER = 1,
	C_KEY,
	C_DIVERGE,
	C_FLOAT,
	C_DOUBLE,
	C_MPFR,
	C_DIM,
	C_SIGN,
	C_EXP,
	C_MAN,
	C_WARN,
	C_OK,
	C_PAIRS
};

typedef struct app app;

/* One view: draws rows [top, bottom) of the screen from the app's results; key returns action
 * flags, or -1 when the key is not the view's; enter runs when the view becomes current. */
typedef struct tui_view {
	const char *name;
	int job; /* the computation whose result it shows: JOB_COMPARE, JOB_SWEEP, JOB_REPEATS */
	void (*draw)(app *a, int top, int bottom);
	int (*key)(app *a, int ch);
} tui_view;

extern const tui_view view_compare, view_sweep, view_chart, view_epsilon, view_repeats;

struct app {
	const tui_config *cfg;
	scenario sc;  /* the current variant: the first entry of each knob list */
	dataset data; /* owned when own_data */
	bool own_data;
	size_t data_index; /* in the data-set list of the d key */
	session *ses;
	int job;          /* the running computation's kind */
	unsigned gen;     /* bumped by every change of the state */
	unsigned job_gen; /* the generation the running computation belongs to */
	unsigned rep_gen, sweep_gen, reps_gen; /* generations of the results held */
	unsigned tried[4]; /* per job kind, the generation last started: failed or cancelled
	                    * computations are not started again until the state changes */
	report rep;        /* the comparison's latest result */
	bool have_rep;
	bool changed[FP_PRECISION_COUNT]; /* the latest result differs from the one before */
	report sweep;
	bool have_sweep;
	int sweep_knob;
	report reps;
	bool have_reps;
	char status[400];
	size_t view;
	bool help;
	int scroll;
	char input[64]; /* the epsilon lesson's number */
	lesson les;
	bool les_ok;
	bool color, utf8;
	bool prompting; /* the export prompt is open */
	bool picking;   /* the data-set picker is open */
	size_t pick;    /* the picker's highlighted entry */
	char prompt[256];
};

/* Drawing helpers (tui.c). */
attr_t tui_attr(const app *a, int pair);
void tui_put(int y, int x, int maxw, const char *s);
void tui_fill(int y, int x, int w, chtype ch);
/* Start a computation of the current state (tui.c). */
void tui_submit(app *a, int job);
/* The sweep's scenario: the current state with the swept knob's list (view_sweep.c). */
void view_sweep_fill(const app *a, scenario *sc);
/* The precision column label: "float", "double", "mpfr-256". */
const char *tui_prec_label(const app *a, fp_precision p, char *buf, size_t size);

#endif
