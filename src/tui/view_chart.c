/* view_chart.c - pictures of the latest result.
 *   kmeans: the data's first two columns as a scatter (braille dots in a UTF-8 locale, '.'
 *           otherwise), the float, double and reference centers as f, d and R, and the points
 *           whose double label differs from the reference's as x;
 *   mlp, softmax: the loss per epoch of each precision on a log scale, and below it the gap
 *           to the reference, also on a log scale. */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/format.h"
#include "tui/app.h"

#define CANVAS_MAX 400

/* A canvas of w x h cells, each 2 x 4 braille dots, or one mark in ASCII. */
typedef struct canvas {
	int w, h;
	unsigned char dots[120][CANVAS_MAX];
	char mark[120][CANVAS_MAX];
	int pair[120][CANVAS_MAX];
} canvas;

static canvas cv;

static void canvas_init(int w, int h)
{
	memset(&cv, 0, sizeof cv);
	cv.w = w < CANVAS_MAX ? w : CANVAS_MAX;
	cv.h = h < 120 ? h : 120;
}

/* A dot at (fx, fy) in [0, 1) x [0, 1), y upward. */
static void dot(double fx, double fy)
{
	static const unsigned char bit[4][2] = {
	    {0x01, 0x08}, {0x02, 0x10}, {0x04, 0x20}, {0x40, 0x80}};
	int px, py;

	if (!(fx >= 0.0 && fx <= 1.0 && fy >= 0.0 && fy <= 1.0))
		return; /* NaN included: never converted to int */
	px = (int)(fx * cv.w * 2);
	py = (int)((1.0 - fy) * cv.h * 4);
	if (px < 0 || py < 0 || px >= cv.w * 2 || py >= cv.h * 4)
		return;
	cv.dots[py / 4][px / 2] |= bit[py % 4][px % 2];
}

static void mark(double fx, double fy, char m, int pair)
{
	int x, y;

	if (!(fx >= 0.0 && fx <= 1.0 && fy >= 0.0 && fy <= 1.0))
		return; /* NaN included: never converted to int */
	x = (int)(fx * cv.w);
	y = (int)((1.0 - fy) * cv.h);
	if (x < 0 || y < 0 || x >= cv.w || y >= cv.h)
		return;
	cv.mark[y][x] = m;
	cv.pair[y][x] = pair;
}

static void canvas_draw(app *a, int top, int left)
{
	for (int y = 0; y < cv.h; y++)
		for (int x = 0; x < cv.w; x++) {
			if (cv.mark[y][x]) {
				char s[2] = {cv.mark[y][x], 0};

				attron(tui_attr(a, cv.pair[y][x]) | A_BOLD);
				tui_put(top + y, left + x, 1, s);
				attroff(tui_attr(a, cv.pair[y][x]) | A_BOLD);
			} else if (cv.dots[y][x]) {
				if (a->utf8) {
					unsigned cp = 0x2800u + cv.dots[y][x];
					char s[4] = {(char)(0xe0 | (cp >> 12)),
					             (char)(0x80 | ((cp >> 6) & 0x3f)),
					             (char)(0x80 | (cp & 0x3f)), 0};

					tui_put(top + y, left + x, 1, s);
				} else {
					tui_put(top + y, left + x, 1, ".");
				}
			}
		}
}

/* The first variant's run in the primary precision (precision.h), or NULL. */
static const run_record *primary_run(const report *r)
{
	for (size_t i = 0; i < r->nruns; i++)
		if (precision_of(r->runs[i].prec)->primary)
			return &r->runs[i];
	return NULL;
}

/* v in [lo, hi] as a fraction of the canvas. */
/* v's place in lo..hi, a little short of 1 so that hi lands in the last cell; NaN (nothing
 * drawn) when v is not finite or outside. */
static double frac(double v, double lo, double hi)
{
	return dataset_frac(v, lo, hi) * 0.999;
}

/* The centers of res as marks m. */
static void mark_centers(const report *r, const wl_result *res, char m, int pair,
                         const double lo[2], const double hi[2])
{
	const wl_output_desc *cd = workload_output_of_role(r->sc.wl, WL_ROLE_CENTERS);

	for (size_t c = 0;; c++) {
		const wl_output *ox = wl_result_at(res, cd, c, 0),
		                *oy = wl_result_at(res, cd, c, 1);

		if (!ox || !oy)
			break;
		mark(frac(fmt_double(ox->value), lo[0], hi[0]),
		     frac(fmt_double(oy->value), lo[1], hi[1]), m, pair);
	}
}

/* The data's first two columns, the centers of every fixed precision's run (marked as the
 * precision table says) and of the reference (R) on top, and the points whose label in the
 * primary precision differs from the reference's (x). */
static void draw_kmeans(app *a, const report *r, int top, int bottom)
{
	const dataset *d = r->sc.data;
	const run_record *rd = primary_run(r);
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0, flips = 0, used = 0;
	double lo[2], hi[2];
	char buf[200];

	if (d->cols < 2) {
		tui_put(top, 2, COLS - 4, "the scatter needs two columns");
		return;
	}
	dataset_bounds(d, 0, &lo[0], &hi[0]);
	dataset_bounds(d, 1, &lo[1], &hi[1]);
	canvas_init(COLS - 2, bottom - top - 2);
	for (size_t i = 0; i < d->rows; i++) {
		double fx = frac(d->x[i * d->cols], lo[0], hi[0]);
		double fy = frac(d->x[i * d->cols + 1], lo[1], hi[1]);

		dot(fx, fy);
		if (rd && rd->res.labels && r->ref.labels &&
		    rd->res.labels[i] != r->ref.labels[i]) {
			mark(fx, fy, 'x', C_WARN);
			flips++;
		}
	}
	used = (size_t)snprintf(buf, sizeof buf, "%s vs %s; R reference", d->colnames[0],
	                        d->colnames[1]);
	/* the coarser precisions first: the finer ones, then the reference, land on top */
	for (size_t p = 0; p < nprec; p++) {
		const precision_desc *pd = precision_of(r->runs[p].prec);

		if (!pd->bits)
			continue; /* MPFR's centers sit on the reference's */
		mark_centers(r, &r->runs[p].res, pd->mark, tui_prec_pair(r->runs[p].prec), lo, hi);
		if (used < sizeof buf)
			used += (size_t)snprintf(buf + used, sizeof buf - used, ", %c %s", pd->mark,
			                         pd->name);
	}
	mark_centers(r, &r->ref, 'R', tui_prec_pair(FP_MPFR), lo, hi);
	if (used < sizeof buf)
		snprintf(buf + used, sizeof buf - used, " centers; x: %zu label flips (%s)", flips,
		         rd ? precision_of(rd->prec)->name : "none");
	tui_put(top, 0, COLS, buf);
	canvas_draw(a, top + 1, 1);
}

/* The range of log10 of the positive finite values of the curve (gap: |value - reference|). */
static void curve_range(const report *r, size_t first, size_t epochs, bool gap, double *lo,
                        double *hi)
{
	*lo = HUGE_VAL;
	*hi = -HUGE_VAL;
	for (size_t p = 0; p < r->nruns; p++)
		for (size_t e = 0; e < epochs && first + e < r->runs[p].res.nout; e++) {
			double v = fmt_double(r->runs[p].res.out[first + e].value);

			if (gap)
				v = fabs(v - fmt_double(r->ref.out[first + e].value));
			if (v > 0 && isfinite(v)) {
				*lo = fmin(*lo, log10(v));
				*hi = fmax(*hi, log10(v));
			}
		}
	if (!(*hi > *lo))
		*hi = *lo + 1;
}

/* Loss per epoch, log scale, one mark per precision; and the gap to the reference. */
static void draw_loss(app *a, const report *r, int top, int bottom)
{
	size_t first, epochs = wl_result_span(&r->ref, WL_ROLE_CURVE, &first);
	int h = (bottom - top - 3) / 2;

	if (!epochs) {
		tui_put(top, 2, COLS - 4, "no loss per epoch to draw");
		return;
	}
	for (int part = 0; part < 2; part++) {
		int y0 = top + part * (h + 2);
		double lo, hi;
		char buf[160];

		curve_range(r, first, epochs, part == 1, &lo, &hi);
		if (part == 0)
			snprintf(
			    buf, sizeof buf,
			    "loss per epoch (log10 from %.2f to %.2f): f float, d double, m mpfr",
			    lo, hi);
		else
			snprintf(buf, sizeof buf,
			         "|loss - reference| per epoch (log10 from %.1f to %.1f)",
			         isfinite(lo) ? lo : 0.0, isfinite(hi) ? hi : 0.0);
		tui_put(y0, 0, COLS, buf);
		canvas_init(COLS - 2, h);
		for (size_t p = 0; p < r->nruns; p++) {
			const run_record *rr = &r->runs[p];

			for (size_t e = 0; e < epochs && first + e < rr->res.nout; e++) {
				double v = fmt_double(rr->res.out[first + e].value);

				if (part == 1)
					v = fabs(v - fmt_double(r->ref.out[first + e].value));
				if (!(v > 0) || !isfinite(v))
					continue;
				mark((double)e / (double)epochs,
				     (log10(v) - lo) / (hi - lo) * 0.999,
				     precision_of(rr->prec)->mark, tui_prec_pair(rr->prec));
			}
		}
		canvas_draw(a, y0 + 1, 1);
	}
}

static void draw(app *a, int top, int bottom)
{
	const report *r = tui_result(a, JOB_COMPARE, false);

	if (!r) {
		tui_put(top + 1, 2, COLS - 4, "computing the first result...");
		return;
	}
	if (workload_output_of_role(r->sc.wl, WL_ROLE_CENTERS))
		draw_kmeans(a, r, top, bottom);
	else if (workload_output_of_role(r->sc.wl, WL_ROLE_CURVE))
		draw_loss(a, r, top, bottom);
	else
		tui_put(top + 1, 2, COLS - 4, "this workload has one number: see the compare view");
}

const tui_view view_chart = {"chart", JOB_COMPARE, draw, NULL};
