/* view_sweep.c - one knob swept over all its values: a bar of max ulps against the reference
 * per value and precision. Where does the thread count change the centers, and where does
 * exact order make them stop changing? n picks the next knob. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/format.h"
#include "util/util.h"
#include "tui/app.h"

void view_sweep_fill(const app *a, scenario *sc)
{
	ASSERTN(knob_parse_list(a->sweep_knob, knob_table[a->sweep_knob].sweep,
	                        &sc->knobs[a->sweep_knob]));
}

/* "threads 4", or "kahan" where the value names itself (a string knob). */
static void value_label(knob_id id, const fp_knobs *k, char *buf, size_t size)
{
	char v[64];

	knob_format(id, k, v, sizeof v);
	if (knob_table[id].json == KNOB_JSON_STRING)
		snprintf(buf, size, "%s", v);
	else
		snprintf(buf, size, "%s %s", knob_table[id].name, v);
}

/* A's run in rr's precision, when A is marked and comparable. */
static const run_record *ar_of(const app *a, const report *r, const run_record *rr)
{
	return tui_mark_run(tui_mark_for(a, r), rr->prec);
}

static void draw(app *a, int top, int bottom)
{
	const report *r = tui_result(a, JOB_SWEEP, true);
	char buf[128];
	double most = 1;
	size_t nprec;
	int barw, y;

	snprintf(buf, sizeof buf, "sweep of %s (n: next knob)   bar: log2(1 + max ulps)%s",
	         knob_table[a->sweep_knob].name, a->marked ? "   vs A: from A, a marked" : "");
	attron(A_BOLD);
	tui_put(top, 0, COLS, buf);
	attroff(A_BOLD);
	if (!r) {
		tui_put(top + 2, 2, COLS - 4, "computing the sweep...");
		return;
	}
	nprec = r->nvariants ? r->nruns / r->nvariants : 1;
	for (size_t i = 0; i < r->nruns; i++)
		if (isfinite(r->runs[i].max_ulps))
			most = fmax(most, log2(1.0 + r->runs[i].max_ulps));
	barw = COLS - 35 - (tui_mark_for(a, r) ? 14 : 0);
	/* scrolling moves by rows; keep the last row on the screen */
	if (a->scroll > (int)(r->nvariants * nprec) - (bottom - top - 2))
		a->scroll = (int)(r->nvariants * nprec) - (bottom - top - 2);
	if (a->scroll < 0)
		a->scroll = 0;
	y = top + 2 - a->scroll;
	for (size_t v = 0; v < r->nvariants && y < bottom; v++) {
		value_label(a->sweep_knob, &r->variants[v], buf, sizeof buf);
		attron(A_BOLD);
		if (y >= top + 2)
			tui_put(y, 0, 16, buf);
		attroff(A_BOLD);
		for (size_t p = 0; p < nprec && y < bottom; p++, y++) {
			const run_record *rr = &r->runs[v * nprec + p];
			/* infinitely many ulps (MPFR against a zero reference): the whole bar */
			int len = isfinite(rr->max_ulps)
			              ? (int)(log2(1.0 + rr->max_ulps) / most * barw + 0.5)
			              : barw;
			int pair = tui_prec_pair(rr->prec);
			char label[32], num[80];

			if (y < top + 2)
				continue;
			tui_put(y, 16, 11,
			        precision_label(rr->prec, r->sc.ref_bits, label, sizeof label));
			attron(tui_attr(a, pair) | (a->color ? A_REVERSE : 0));
			tui_fill(y, 27, len, a->color ? ' ' : '#');
			attroff(tui_attr(a, pair) | (a->color ? A_REVERSE : 0));
			num[0] = ' ';
			fmt_ulps(rr->max_ulps, false, num + 1, sizeof num - 1);
			if (ar_of(a, r, rr)) { /* A versus B: this row against A */
				bool sp;
				double u = runner_ulps_between(r, rr, ar_of(a, r, rr), NULL, &sp);
				char ub[40];

				appendf(num, sizeof num, "  vs A %s%s",
				        fmt_ulps(u, false, ub, sizeof ub), sp ? "+NaN" : "");
			}
			tui_put(y, 27 + len, COLS - 27 - len, num);
		}
	}
}

static int key(app *a, int ch)
{
	if (ch != 'n')
		return -1;
	a->sweep_knob = (knob_id)((a->sweep_knob + 1) % KNOB_COUNT);
	tui_drop(a, JOB_SWEEP);
	if (a->job == JOB_SWEEP) { /* the previous knob's sweep: its result would pass for ours */
		session_discard(a->ses);
		a->job = JOB_NONE;
	}
	a->tried[JOB_SWEEP] = 0; /* the same state, another sweep: start it */
	return A_REDRAW;
}

const tui_view view_sweep = {"sweep", JOB_SWEEP, draw, key};
