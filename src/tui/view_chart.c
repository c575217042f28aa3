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
	int px = (int)(fx * cv.w * 2), py = (int)((1.0 - fy) * cv.h * 4);

	if (px < 0 || py < 0 || px >= cv.w * 2 || py >= cv.h * 4)
		return;
	cv.dots[py / 4][px / 2] |= bit[py % 4][px % 2];
}

static void mark(double fx, double fy, char m, int pair)
{
	int x = (int)(fx * cv.w), y = (int)((1.0 - fy) * cv.h);

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

static const run_record *run_of(const report *r, fp_precision p)
{
	for (size_t i = 0; i < r->nruns; i++)
		if (r->runs[i].prec == p)
			return &r->runs[i];
	return NULL;
}

static void draw_kmeans(app *a, int top, int bottom)
{
	const report *r = &a->rep;
	const dataset *d = &a->data;
	const run_record *rd = run_of(r, FP_DOUBLE), *rf = run_of(r, FP_FLOAT);
	double lo[2], hi[2];
	size_t flips = 0;

	if (d->cols < 2) {
		tui_put(top, 2, COLS - 4, "the scatter needs two columns");
		return;
	}
	dataset_bounds(d, 0, &lo[0], &hi[0]);
	dataset_bounds(d, 1, &lo[1], &hi[1]);
	canvas_init(COLS - 2, bottom - top - 2);
	for (size_t i = 0; i < d->rows; i++) {
		double fx = (d->x[i * d->cols] - lo[0]) / (hi[0] - lo[0]) * 0.999;
		double fy = (d->x[i * d->cols + 1] - lo[1]) / (hi[1] - lo[1]) * 0.999;

		dot(fx, fy);
		if (rd && rd->res.labels && r->ref.labels &&
		    rd->res.labels[i] != r->ref.labels[i]) {
			mark(fx, fy, 'x', C_WARN);
			flips++;
		}
	}
	for (size_t j = 0; j < r->ref.nout; j++) {
		const char *name = r->ref.out[j].name;
		size_t c;

		if (sscanf(name, "center[%zu][0]", &c) != 1)
			continue;
		/* float, then double, then the reference on top: they coincide more often than not
		 */
		for (int which = 2; which >= 0; which--) {
			const wl_result *res = which == 0   ? &r->ref
			                       : which == 1 ? (rd ? &rd->res : NULL)
			                                    : (rf ? &rf->res : NULL);
			char yname[64];
			const wl_output *ox, *oy;

			if (!res)
				continue;
			snprintf(yname, sizeof yname, "center[%zu][1]", c);
			ox = wl_result_find(res, name);
			oy = wl_result_find(res, yname);
			if (ox && oy)
				mark((fmt_double(ox->value) - lo[0]) / (hi[0] - lo[0]) * 0.999,
				     (fmt_double(oy->value) - lo[1]) / (hi[1] - lo[1]) * 0.999,
				     which == 0   ? 'R'
				     : which == 1 ? 'd'
				                  : 'f',
				     which == 0   ? C_MPFR
				     : which == 1 ? C_DOUBLE
				                  : C_FLOAT);
		}
	}
	{
		char buf[200];

		snprintf(buf, sizeof buf,
		         "%s vs %s;  R reference, d double, f float centers;  "
		         "x: %zu label flips (double vs reference)",
		         d->colnames[0], d->colnames[1], flips);
		tui_put(top, 0, COLS, buf);
	}
	canvas_draw(a, top + 1, 1);
}

/* Loss per epoch, log scale, one mark per precision; and the gap to the reference. */
static void draw_loss(app *a, int top, int bottom)
{
	const report *r = &a->rep;
	size_t epochs = 0;
	double lo = HUGE_VAL, hi = -HUGE_VAL, glo = HUGE_VAL, ghi = -HUGE_VAL;
	int h = (bottom - top - 3) / 2;

	for (size_t i = 0; i < r->ref.nout; i++)
		epochs += strncmp(r->ref.out[i].name, "loss[", 5) == 0;
	if (!epochs) {
		tui_put(top, 2, COLS - 4, "no loss per epoch to draw");
		return;
	}
	for (size_t p = 0; p < r->nruns; p++)
		for (size_t e = 0; e < epochs && e < r->runs[p].res.nout; e++) {
			double v = fmt_double(r->runs[p].res.out[e].value);
			double g = fabs(v - fmt_double(r->ref.out[e].value));

			if (v > 0 && isfinite(v)) {
				lo = fmin(lo, log10(v));
				hi = fmax(hi, log10(v));
			}
			if (g > 0 && isfinite(g)) {
				glo = fmin(glo, log10(g));
				ghi = fmax(ghi, log10(g));
			}
		}
	if (!(hi > lo))
		hi = lo + 1;
	if (!(ghi > glo))
		ghi = glo + 1;
	for (int part = 0; part < 2; part++) {
		int y0 = top + part * (h + 2);
		char buf[160];

		if (part == 0)
			snprintf(buf, sizeof buf,
			         "loss per epoch (log10 from %.2f to %.2f): f float, d "
			         "double, m mpfr",
			         lo, hi);
		else
			snprintf(buf, sizeof buf,
			         "|loss - reference| per epoch (log10 from %.1f to %.1f)",
			         isfinite(glo) ? glo : 0.0, isfinite(ghi) ? ghi : 0.0);
		tui_put(y0, 0, COLS, buf);
		canvas_init(COLS - 2, h);
		for (size_t p = 0; p < r->nruns; p++) {
			const run_record *rr = &r->runs[p];
			char m = rr->prec == FP_FLOAT ? 'f' : rr->prec == FP_DOUBLE ? 'd' : 'm';
			int pair = rr->prec == FP_FLOAT    ? C_FLOAT
			           : rr->prec == FP_DOUBLE ? C_DOUBLE
			                                   : C_MPFR;

			for (size_t e = 0; e < epochs && e < rr->res.nout; e++) {
				double v = fmt_double(rr->res.out[e].value),
				       fx = (double)e / (double)epochs;

				if (part == 1)
					v = fabs(v - fmt_double(r->ref.out[e].value));
				if (!(v > 0) || !isfinite(v))
					continue;
				mark(fx,
				     (log10(v) - (part ? glo : lo)) /
				         ((part ? ghi : hi) - (part ? glo : lo)) * 0.999,
				     m, pair);
			}
		}
		canvas_draw(a, y0 + 1, 1);
	}
}

static void draw(app *a, int top, int bottom)
{
	if (!a->have_rep) {
		tui_put(top + 1, 2, COLS - 4, "computing the first result...");
		return;
	}
	if (strcmp(a->sc.wl->name, "kmeans") == 0)
		draw_kmeans(a, top, bottom);
	else if (strcmp(a->sc.wl->name, "mlp") == 0 || strcmp(a->sc.wl->name, "softmax") == 0)
		draw_loss(a, top, bottom);
	else
		tui_put(top + 1, 2, COLS - 4, "sum and dot have one number: see the compare view");
}

const tui_view view_chart = {"chart", JOB_COMPARE, draw, NULL};
