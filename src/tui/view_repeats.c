/* view_repeats.c - the studies' advice: judge by many runs. The final metric over seeds
 * 0..29 per precision as a histogram, with the mean and standard deviation. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "tui/app.h"

#define BINS 24

static void draw(app *a, int top, int bottom)
{
	const report *r = tui_result(a, JOB_REPEATS, true);
	double lo = HUGE_VAL, hi = -HUGE_VAL;
	int y = top, hmax;
	char buf[200];

	if (!r) {
		tui_put(top + 1, 2, COLS - 4, "running 30 seeds...");
		return;
	}
	snprintf(buf, sizeof buf,
	         "%s over seeds 0..29 (the studies: judge by mean and standard "
	         "deviation, not one run)",
	         r->sc.wl->final_metric->name);
	attron(A_BOLD);
	tui_put(y++, 0, COLS, buf);
	attroff(A_BOLD);
	for (size_t i = 0; i < r->nstats; i++)
		for (unsigned k = 0; k < r->stats[i].n; k++) {
			lo = fmin(lo, r->stats[i].values[k]);
			hi = fmax(hi, r->stats[i].values[k]);
		}
	if (!(hi > lo)) {
		hi = lo + (fabs(lo) > 0 ? fabs(lo) * 1e-12 : 1.0);
	}
	hmax = r->nstats ? (bottom - y) / (int)r->nstats - 3 : 0;
	if (hmax > 8)
		hmax = 8;
	for (size_t i = 0; i < r->nstats && y < bottom; i++) {
		const repeat_stats *s = &r->stats[i];
		int count[BINS] = {0}, most = 1, pair = tui_prec_pair(s->prec);
		char label[32];

		for (unsigned k = 0; k < s->n; k++) {
			int b = (int)((s->values[k] - lo) / (hi - lo) * BINS);

			count[b >= BINS ? BINS - 1 : b < 0 ? 0 : b]++;
		}
		for (int b = 0; b < BINS; b++)
			most = count[b] > most ? count[b] : most;
		snprintf(buf, sizeof buf, "%-10s mean %.10g  sd %.3g  min %.10g  max %.10g%s",
		         precision_label(s->prec, r->sc.ref_bits, label, sizeof label), s->mean,
		         s->sd, s->min, s->max, s->nonfinite ? "  (some not finite)" : "");
		attron(tui_attr(a, pair));
		tui_put(y++, 0, COLS, buf);
		for (int row = hmax; row > 0 && y < bottom; row--, y++)
			for (int b = 0; b < BINS; b++)
				if (count[b] * hmax >= row * most)
					tui_put(y, 4 + b * 3, 2, a->color ? "##" : "##");
		attroff(tui_attr(a, pair));
		snprintf(buf, sizeof buf, "    %-.6g%*s%.6g", lo, BINS * 3 - 16, "", hi);
		attron(tui_attr(a, C_DIM));
		if (y < bottom)
			tui_put(y++, 0, COLS, buf);
		attroff(tui_attr(a, C_DIM));
	}
}

const tui_view view_repeats = {"repeats", JOB_REPEATS, draw, NULL};
