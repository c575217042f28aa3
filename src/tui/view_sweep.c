/* view_sweep.c - one knob swept over all its values: a bar of max ulps against the reference
 * per value and precision. Where does the thread count change the centers, and where does
 * exact order make them stop changing? n picks the next knob. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "explore/summary.h"
#include "tui/app.h"

enum { SW_ORDER, SW_LANES, SW_THREADS, SW_FMA, SW_COMBINE, SW_KERNEL, SW_COUNT };
static const char *const knob_names[] = {"order", "lanes", "threads", "fma", "combine", "kernel"};

void view_sweep_fill(const app *a, scenario *sc)
{
	switch (a->sweep_knob) {
	case SW_ORDER:
		for (int o = 0; o < FP_ORDER_COUNT; o++) {
			sc->order[o] = (fp_order)o;
			sc->shuffle_seed[o] = 1;
		}
		sc->norder = FP_ORDER_COUNT;
		break;
	case SW_LANES:
		for (size_t i = 0; i < 5; i++)
			sc->lanes[i] = 1u << i;
		sc->nlanes = 5;
		break;
	case SW_THREADS:
		for (size_t i = 0; i < 16; i++)
			sc->threads[i] = (unsigned)i + 1;
		sc->nthreads = 16;
		break;
	case SW_FMA:
		sc->fma[0] = false;
		sc->fma[1] = true;
		sc->nfma = 2;
		break;
	case SW_COMBINE:
		for (int c = 0; c < FP_COMBINE_COUNT; c++)
			sc->combine[c] = (fp_combine)c;
		sc->ncombine = FP_COMBINE_COUNT;
		break;
	default:
		sc->kernel[0] = FP_KERNEL_NAIVE;
		sc->kernel[1] = FP_KERNEL_BLAS;
		sc->nkernel = 2;
		break;
	}
}

/* "threads 4": the knob's name and its value in a variant (explore/summary.h names values). */
static void value_label(int knob, const fp_knobs *k, char *buf, size_t size)
{
	static const int summary_knob[SW_COUNT] = {KNOB_ORDER, KNOB_LANES,   KNOB_THREADS,
	                                           KNOB_FMA,   KNOB_COMBINE, KNOB_KERNEL};
	char v[40];

	summary_knob_value(summary_knob[knob], k, v, sizeof v);
	if (knob == SW_ORDER || knob == SW_COMBINE || knob == SW_KERNEL)
		snprintf(buf, size, "%s", v);
	else
		snprintf(buf, size, "%s %s", knob_names[knob], v);
}

static void draw(app *a, int top, int bottom)
{
	const report *r = &a->sweep;
	char buf[128];
	double most = 1;
	size_t nprec;
	int barw, y;

	snprintf(buf, sizeof buf, "sweep of %s (n: next knob)   bar length: log2(1 + max ulps)",
	         knob_names[a->sweep_knob]);
	attron(A_BOLD);
	tui_put(top, 0, COLS, buf);
	attroff(A_BOLD);
	if (!a->have_sweep || a->sweep_gen != a->gen) {
		tui_put(top + 2, 2, COLS - 4, "computing the sweep...");
		return;
	}
	nprec = r->nvariants ? r->nruns / r->nvariants : 1;
	for (size_t i = 0; i < r->nruns; i++)
		most = fmax(most, log2(1.0 + r->runs[i].max_ulps));
	barw = COLS - 34;
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
			int len = (int)(log2(1.0 + rr->max_ulps) / most * barw + 0.5);
			int pair = rr->prec == FP_FLOAT    ? C_FLOAT
			           : rr->prec == FP_DOUBLE ? C_DOUBLE
			                                   : C_MPFR;
			char label[32], num[32];

			if (y < top + 2)
				continue;
			tui_put(y, 16, 10, tui_prec_label(a, rr->prec, label, sizeof label));
			attron(tui_attr(a, pair) | (a->color ? A_REVERSE : 0));
			tui_fill(y, 26, len, a->color ? ' ' : '#');
			attroff(tui_attr(a, pair) | (a->color ? A_REVERSE : 0));
			snprintf(num, sizeof num, " %.0f", rr->max_ulps);
			tui_put(y, 26 + len, 12, num);
		}
	}
}

static int key(app *a, int ch)
{
	if (ch != 'n')
		return -1;
	a->sweep_knob = (a->sweep_knob + 1) % SW_COUNT;
	if (a->have_sweep)
		report_clear(&a->sweep);
	a->have_sweep = false;
	a->tried[JOB_SWEEP] = 0; /* the same state, another sweep: start it */
	return A_REDRAW;
}

const tui_view view_sweep = {"sweep", JOB_SWEEP, draw, key};
