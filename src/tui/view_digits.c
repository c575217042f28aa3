/* view_digits.c - how many digits can you trust: the current variant run --samples times
 * under a random rounding (sr unless the u key chose random or mca), and each output's mean
 * drawn per precision with its significant digits plain and the rest grey (the estimator of
 * Sohier et al., arith/sigdig.h), beside the digits the mean shares with the exact result. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "arith/precision.h"
#include "arith/rnd.h"
#include "explore/knob.h"
#include "report/report.h"
#include "tui/app.h"

#define CELL 34 /* a precision's column: the value (up to 21 characters), then its digits */

/* v with its first `keep` significant decimal digits in the normal attribute and the rest
 * grey, at (y, x), in at most width columns. Returns the columns used. */
static int put_digits(int y, int x, int width, double v, int sig17, double keep)
{
	char buf[40];
	int seen = 0, n;

	n = snprintf(buf, sizeof buf, "%.*g", sig17, v);
	if (n > width)
		n = width;
	for (int i = 0; i < n; i++) {
		bool digit = isdigit((unsigned char)buf[i]) != 0;
		bool exponent = buf[i] == 'e';
		bool grey;

		if (exponent) { /* the exponent is no digit of the significand */
			tui_put(y, x + i, n - i, buf + i);
			break;
		}
		if (digit && (seen > 0 || buf[i] != '0'))
			seen++;
		grey = digit && seen > 0 && (double)seen > floor(keep);
		if (grey)
			attron(COLOR_PAIR(C_DIM) | A_DIM);
		tui_put(y, x + i, 1, buf + i);
		if (grey)
			attroff(COLOR_PAIR(C_DIM) | A_DIM);
	}
	return n;
}

static void draw(app *a, int top, int bottom)
{
	const report *r = tui_result(a, JOB_DIGITS, true);
	size_t nprec = r && r->nvariants ? r->nruns / r->nvariants : 0;
	int y = top, x;
	char buf[320], rnd[32];

	if (!r) {
		snprintf(buf, sizeof buf, "running %u samples under a random rounding...",
		         a->sc.samples);
		tui_put(top + 1, 2, COLS - 4, buf);
		return;
	}
	knob_format(KNOB_ROUNDING, &r->runs[0].knobs, rnd, sizeof rnd);
	snprintf(buf, sizeof buf,
	         "significant digits over %u samples of rounding=%s: plain digits are shared by "
	         "the samples (probability 0.95, confidence 0.95), grey ones are noise",
	         r->sc.samples, rnd);
	attron(A_BOLD);
	tui_put(y++, 0, COLS, buf);
	attroff(A_BOLD);
	x = 16;
	tui_put(y, 0, 16, "output");
	for (size_t p = 0; p < nprec; p++) {
		const run_record *rr = &r->runs[p];

		if (!rr->sig || x + CELL > COLS)
			continue;
		attron(COLOR_PAIR(tui_prec_pair(rr->prec)) | A_BOLD);
		snprintf(buf, sizeof buf, "%s  digits (correct)", precision_of(rr->prec)->name);
		tui_put(y, x, CELL, buf);
		attroff(COLOR_PAIR(tui_prec_pair(rr->prec)) | A_BOLD);
		x += CELL + 2;
	}
	y++;
	for (size_t i = 0; nprec && i < r->runs[0].res.nout && y < bottom - 1; i++) {
		tui_put(y, 0, 15, r->runs[0].res.out[i].name);
		x = 16;
		for (size_t p = 0; p < nprec; p++) {
			const run_record *rr = &r->runs[p];
			const sig_estimate *e;
			int used;

			if (!rr->sig || x + CELL > COLS)
				continue;
			if (i >= rr->res.nout) {
				x += CELL + 2;
				continue;
			}
			e = &rr->sig[i];
			used = put_digits(y, x, CELL - 13, e->mean, rr->prec == FP_DOUBLE ? 17 : 9,
			                  isnan(e->digits) ? 0 : e->digits);
			(void)used;
			if (isnan(e->digits))
				snprintf(buf, sizeof buf, "   -");
			else
				snprintf(buf, sizeof buf, "%4.1f (%4.1f)", e->digits,
				         e->ref_digits);
			tui_put(y, x + CELL - 12, 12, buf);
			x += CELL + 2;
		}
		y++;
	}
	if (y < bottom) {
		attron(COLOR_PAIR(C_DIM));
		tui_put(
		    y, 0, COLS,
		    "u: the rounding (sr if it is not random)   r: mitigation sig rounds to these "
		    "digits");
		attroff(COLOR_PAIR(C_DIM));
	}
}

const tui_view view_digits = {"digits", JOB_DIGITS, draw, NULL};
