/* view_repeats.c - the studies' advice: judge by many runs. The final metric over seeds
 * 0..29 per precision as a histogram, with the mean and standard deviation, and the distinct
 * outcomes of all outputs: how many seeds gave each, how many ulps apart, and what makes
 * them one. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/knob.h"
#include "report/report.h"
#include "tui/app.h"

#define BINS 24

/* s from row y on, broken at spaces to the screen's width, each line after the first indented
 * by indent; at most up to row bottom. Returns the next row. */
static int put_wrapped(int y, int bottom, int indent, const char *s)
{
	int x = 0;

	while (*s && y < bottom) {
		int width = COLS - x, cut = (int)strlen(s);

		if (width < 8)
			break;
		if (cut > width) {
			cut = width;
			while (cut > 0 && s[cut] != ' ')
				cut--;
			if (cut == 0)
				cut = width;
		}
		tui_put(y++, x, cut, s);
		s += cut;
		while (*s == ' ')
			s++;
		x = indent;
	}
	return y;
}

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
	snprintf(buf, sizeof buf, "%s over seeds 0..29 (judge by mean and sd, not by one run)",
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
	hmax = r->nstats ? (bottom - y - 2) / (int)r->nstats - 5 : 0;
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
		snprintf(buf, sizeof buf, "%-11s mean %.10g  sd %.3g  min %.10g  max %.10g%s",
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
		if (y < bottom) {
			char line[512], text[540];

			snprintf(text, sizeof text, "    outcomes %s",
			         report_outcomes_text(s, line, sizeof line));
			y = put_wrapped(y, bottom, 6, text);
		}
	}
	if (y < bottom && r->nstats && r->nvariants) {
		knob_where w = scenario_where(&r->sc, r->stats[0].prec);
		bool varies = knob_varies(&r->variants[0], &w), several = false;

		for (size_t i = 0; i < r->nstats; i++)
			several |= r->stats[i].noutcomes > 1 || r->stats[i].unlisted;
		char mim[96];

		scenario_mimic_text(&r->sc, r->stats[0].prec, &r->variants[0], mim, sizeof mim);
		attron(tui_attr(a, C_DIM));
		put_wrapped(
		    y, bottom, 0,
		    !several ? "every seed the same bits: nothing here changes between runs"
		    : varies && mim[0] ? "scikit-learn adds its threads' sums under a lock in the "
		                         "order they arrive, "
		                         "and each seed draws that order: 1 or 2 threads (t), or "
		                         "the lock in thread "
		                         "order (c: ordered), give one outcome; r rounds the output"
		    : varies
		        ? "the seeds draw the race (combine=racy): combine=ordered or tree (c) "
		          "gives one outcome; r rounds the output"
		        : "the seed sets the initial state: a fixed seed gives one outcome (the "
		          "studies' fix); r rounds the output");
		attroff(tui_attr(a, C_DIM));
	}
}

const tui_view view_repeats = {"repeats", JOB_REPEATS, draw, NULL};
