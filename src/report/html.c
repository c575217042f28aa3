/* html.c - the report as one self-contained HTML file: no network, no scripts. Its text is the
 * Markdown report's, translated (so the two never say different things); its charts are
 * inline SVG with axes, ticks and values: the largest ulps per knob value and precision, the
 * loss per epoch and its gap to the reference on log scales (mlp, softmax), and each k-means
 * center coordinate's distance from the reference in ulps, per precision and variant; a
 * folded table of every value. */
#include "config.h"

#include <ctype.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/precision.h"
#include "explore/format.h"
#include "explore/summary.h"
#include "report/report.h"
#include "report/report_impl.h"

static const char *prec_color(fp_precision p)
{
	return precision_of(p)->html_color;
}

static void escape(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n && s[i]; i++)
		switch (s[i]) {
		case '&':
			fputs("&amp;", f);
			break;
		case '<':
			fputs("&lt;", f);
			break;
		case '>':
			fputs("&gt;", f);
			break;
		case '"':
			fputs("&quot;", f);
			break;
		default:
			fputc(s[i], f);
		}
}

/* Inline Markdown of one line: **bold**, `code` and backslash escapes (markdown.c's md_text),
 * the rest escaped. */
static void inline_md(FILE *f, const char *s, size_t n)
{
	bool bold = false, code = false;

	for (size_t i = 0; i < n; i++) {
		if (!code && s[i] == '\\' && i + 1 < n && ispunct((unsigned char)s[i + 1])) {
			escape(f, s + ++i, 1);
		} else if (s[i] == '`') {
			fputs(code ? "</code>" : "<code>", f);
			code = !code;
		} else if (!code && s[i] == '*' && i + 1 < n && s[i + 1] == '*') {
			fputs(bold ? "</strong>" : "<strong>", f);
			bold = !bold;
			i++;
		} else {
			escape(f, s + i, 1);
		}
	}
	if (code)
		fputs("</code>", f);
	if (bold)
		fputs("</strong>", f);
}

/* The subset of Markdown the Markdown writer produces: headings, bullet lists, tables and
 * paragraphs. */
static void md_to_html(FILE *f, const char *md)
{
	bool list = false, table = false;

	for (const char *line = md; *line;) {
		const char *end = strchr(line, '\n');
		size_t n = end ? (size_t)(end - line) : strlen(line);

		if (list && !(n > 2 && line[0] == '-' && line[1] == ' ')) {
			fputs("</ul>\n", f);
			list = false;
		}
		if (table && !(n && line[0] == '|')) {
			fputs("</table>\n", f);
			table = false;
		}
		if (n > 2 && line[0] == '#') {
			int level = 0;

			while (line[level] == '#')
				level++;
			fprintf(f, "<h%d>", level);
			inline_md(f, line + level + 1, n - (size_t)level - 1);
			fprintf(f, "</h%d>\n", level);
		} else if (n > 2 && line[0] == '-' && line[1] == ' ') {
			if (!list)
				fputs("<ul>\n", f);
			list = true;
			fputs("<li>", f);
			inline_md(f, line + 2, n - 2);
			fputs("</li>\n", f);
		} else if (n && line[0] == '|') {
			bool sep = n > 1 && (line[1] == '-' || strncmp(line, "|---", 4) == 0);
			bool head = !table;

			if (!table)
				fputs("<table>\n", f);
			table = true;
			if (!sep) {
				const char *c = line + 1, *stop = line + n;

				fputs("<tr>", f);
				while (c < stop) {
					const char *bar = memchr(c, '|', (size_t)(stop - c));
					size_t len = bar ? (size_t)(bar - c) : (size_t)(stop - c);

					while (len && *c == ' ') {
						c++;
						len--;
					}
					while (len && c[len - 1] == ' ')
						len--;
					if (bar) {
						fputs(head ? "<th>" : "<td>", f);
						inline_md(f, c, len);
						fputs(head ? "</th>" : "</td>", f);
					}
					c = bar ? bar + 1 : stop;
				}
				fputs("</tr>\n", f);
			}
		} else if (n) {
			fputs("<p>", f);
			inline_md(f, line, n);
			fputs("</p>\n", f);
		}
		line = end ? end + 1 : line + n;
	}
	if (list)
		fputs("</ul>\n", f);
	if (table)
		fputs("</table>\n", f);
}

/* Run a Markdown section writer into memory and translate it. */
static void section(FILE *f, const report *r, const summary *s, int which)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&buf, &len);

	if (!m)
		return;
	if (which == 0)
		markdown_title(r, m);
	else if (which == 1)
		markdown_verdict(r, s, m);
	else if (which == 2)
		markdown_knob_tables(r, s, m);
	else if (which == 3) {
		markdown_repeats(r, m);
		markdown_significance(r, m);
	} else if (which == 5)
		markdown_variants(r, m);
	else
		markdown_environment(r, m);
	fclose(m);
	md_to_html(f, buf);
	free(buf);
}

/* A horizontal grid line at y with its label on the left axis. */
static void y_tick(FILE *f, int left, int right, double y, const char *label)
{
	fprintf(f,
	        "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
	        "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>\n",
	        left, y, right, y, left - 4, y + 3, label);
}

/* Grouped bars: the largest ulps for each knob value and precision, on a log2(1 + ulps)
 * scale with its ticks (0, 1, 3, 7, ... ulps), each bar labelled with its value. */
static void svg_knob(FILE *f, const knob_effect *e, const summary *s, const report *r)
{
	const int w = 720, h = 280, left = 60, bottom = 40, top = 30;
	size_t nprec = 0;
	double most = 1;
	int slot, kstep;

	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		nprec += s->precision[p];
	for (size_t v = 0; v < e->nvalues; v++)
		for (int p = 0; p < FP_PRECISION_COUNT; p++)
			if (s->precision[p] && isfinite(e->max_ulps[v][p]))
				most = fmax(most, log2(1.0 + e->max_ulps[v][p]));
	most = ceil(most);
	slot = (w - left - 10) / (int)(e->nvalues ? e->nvalues : 1);
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	        "role=\"img\" aria-label=\"largest ulps per %s value\">\n",
	        w, h, e->name);
	fprintf(f,
	        "<text x=\"4\" y=\"14\" font-size=\"12\">largest ulps from the reference, by %s "
	        "(log scale)</text>\n",
	        e->name);
	kstep = (int)ceil(most / 6);
	for (int k = 0; k <= (int)most; k += kstep > 0 ? kstep : 1) {
		char label[32];

		snprintf(label, sizeof label, "%.0f", ldexp(1.0, k) - 1);
		y_tick(f, left, w - 10, h - bottom - k / most * (h - bottom - top), label);
	}
	fprintf(f,
	        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
	        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>\n",
	        left, h - bottom, w - 10, h - bottom, left, top, left, h - bottom);
	fprintf(f,
	        "<text x=\"12\" y=\"%d\" font-size=\"10\" transform=\"rotate(-90 12 %d)\" "
	        "text-anchor=\"middle\">ulps</text>\n",
	        (h - bottom + top) / 2, (h - bottom + top) / 2);
	for (size_t v = 0; v < e->nvalues; v++) {
		int x0 = left + (int)v * slot, bar = (slot - 8) / (int)(nprec ? nprec : 1), q = 0;

		for (int p = 0; p < FP_PRECISION_COUNT; p++) {
			double u = e->max_ulps[v][p];
			char num[32];
			int bh, bx;

			if (!s->precision[p])
				continue;
			bh =
			    (int)((isfinite(u) ? log2(1.0 + u) : most) / most * (h - bottom - top));
			bx = x0 + 4 + q * bar;
			fprintf(f,
			        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
			        "<title>%s %s: %s ulps</title></rect>\n",
			        bx, h - bottom - bh, bar > 2 ? bar - 2 : 1, bh,
			        prec_color((fp_precision)p), e->value[v],
			        precision_of((fp_precision)p)->name,
			        fmt_ulps(u, false, num, sizeof num));
			fprintf(f,
			        "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s"
			        "</text>\n",
			        bx + bar / 2, h - bottom - bh - 3, num);
			q++;
		}
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">",
		        x0 + slot / 2, h - bottom + 16);
		escape(f, e->value[v], sizeof e->value[v]);
		fputs("</text>\n", f);
	}
	fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%s</text>\n",
	        (left + w) / 2, h - 6, e->name);
	(void)r;
	fputs("</svg>\n", f);
}

static void legend(FILE *f, const summary *s, const report *r)
{
	fputs("<p class=\"legend\">", f);
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		if (s->precision[p]) {
			char label[32];

			fprintf(f, "<span style=\"color:%s\">&#9632;</span> ",
			        prec_color((fp_precision)p));
			fprintf(
			    f, "%s &nbsp; ",
			    precision_label((fp_precision)p, r->sc.ref_bits, label, sizeof label));
		}
	fputs("</p>\n", f);
}

/* Epoch e's value of run rr's curve, or with gap its distance from the reference's; NaN when
 * it cannot be drawn on a log scale. */
static double curve_value(const report *r, const run_record *rr, size_t first, size_t e, bool gap)
{
	double v;

	if (first + e >= rr->res.nout)
		return (double)NAN;
	v = fmt_double(rr->res.out[first + e].value);
	if (gap) {
		const wl_output *ref = wl_result_match(&r->ref, &rr->res.out[first + e], first + e);
		mpfr_t d;

		if (!ref)
			return (double)NAN;
		mpfr_init2(d, mpfr_get_prec(ref->value) + 64);
		mpfr_sub(d, rr->res.out[first + e].value, ref->value, MPFR_RNDN);
		v = fabs(mpfr_get_d(d, MPFR_RNDN));
		mpfr_clear(d);
	}
	return v > 0 && isfinite(v) ? v : (double)NAN;
}

/* The first variant's loss per epoch (gap: its distance from the reference's), one line per
 * precision, on a log10 scale with ticks at the powers of ten and the epochs below. */
static void svg_curve(FILE *f, const report *r, bool gap)
{
	const int w = 720, h = 260, left = 70, bottom = 36, top = 24;
	size_t first, epochs = wl_result_span(&r->ref, WL_ROLE_CURVE, &first);
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0;
	double lo = HUGE_VAL, hi = -HUGE_VAL;

	if (epochs < 2)
		return;
	for (size_t p = 0; p < nprec; p++)
		for (size_t e = 0; e < epochs; e++) {
			double v = curve_value(r, &r->runs[p], first, e, gap);

			if (!isnan(v)) {
				lo = fmin(lo, floor(log10(v)));
				hi = fmax(hi, ceil(log10(v)));
			}
		}
	if (!isfinite(lo))
		return;
	if (!(hi > lo))
		hi = lo + 1;
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
	        "aria-label=\"%s\">\n<text x=\"4\" y=\"14\" font-size=\"12\">%s, per epoch, "
	        "variant 1 (log scale)</text>\n",
	        w, h, gap ? "loss gap to the reference" : "loss per epoch",
	        gap ? "|loss - reference loss|" : "loss");
	for (double k = lo; k <= hi; k += ceil((hi - lo) / 8)) {
		char label[32];

		snprintf(label, sizeof label, "1e%+.0f", k);
		y_tick(f, left, w - 10, h - bottom - (k - lo) / (hi - lo) * (h - bottom - top),
		       label);
	}
	for (int t = 0; t <= 4; t++) {
		double x = left + t / 4.0 * (w - left - 10);

		fprintf(f,
		        "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%.0f"
		        "</text>\n",
		        x, h - bottom + 14, t / 4.0 * (double)(epochs - 1));
	}
	fprintf(f,
	        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
	        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
	        "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">epoch</text>\n",
	        left, h - bottom, w - 10, h - bottom, left, top, left, h - bottom, (left + w) / 2,
	        h - 4);
	for (size_t p = 0; p < nprec; p++) {
		const run_record *rr = &r->runs[p];

		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
		        prec_color(rr->prec));
		for (size_t e = 0; e < epochs; e++) {
			double v = curve_value(r, rr, first, e, gap);

			if (isnan(v))
				continue;
			fprintf(f, "%.1f,%.1f ",
			        left + (double)e / (double)(epochs - 1) * (w - left - 10),
			        h - bottom - (log10(v) - lo) / (hi - lo) * (h - bottom - top));
		}
		fputs("\"/>\n", f);
	}
	fputs("</svg>\n", f);
}

/* The first variant's run in the primary precision (precision.h), or NULL. */
static const run_record *primary_run(const report *r)
{
	for (size_t i = 0; i < r->nruns; i++)
		if (precision_of(r->runs[i].prec)->primary)
			return &r->runs[i];
	return NULL;
}

/* Output i of run rr: its distance from the reference in ulps of its precision, signed (above
 * the reference positive); NaN when it has none (a NaN or an infinity). */
static double signed_ulps(const report *r, const run_record *rr, size_t i)
{
	const wl_output *ref = wl_result_match(&r->ref, &rr->res.out[i], i);

	if (!ref || rr->m[i].ulps_special || isnan(rr->m[i].ulps))
		return (double)NAN;
	return mpfr_cmp(rr->res.out[i].value, ref->value) < 0 ? -rr->m[i].ulps : rr->m[i].ulps;
}

/* k-means: each center coordinate's distance from the reference, in ulps of each precision, a
 * dot per variant and precision on a row per coordinate: the differences of 1e-16 a scatter
 * of the data cannot show. */
static void svg_center_offsets(FILE *f, const report *r)
{
	const wl_output_desc *cd = workload_output_of_role(r->sc.wl, WL_ROLE_CENTERS);
	const run_record *rd = primary_run(r);
	const int w = 720, left = 110, top = 30, row = 18, rows_max = 40;
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0, nrows = 0, flips = 0;
	double most = 1, tstep;
	int h;

	if (!nprec)
		return;
	for (size_t i = 0; i < r->runs[0].res.nout; i++)
		nrows += r->runs[0].res.out[i].desc == cd;
	nrows = nrows > (size_t)rows_max ? (size_t)rows_max : nrows;
	for (size_t k = 0; k < r->nruns; k++)
		for (size_t i = 0; i < r->runs[k].res.nout; i++)
			if (r->runs[k].res.out[i].desc == cd &&
			    isfinite(signed_ulps(r, &r->runs[k], i)))
				most = fmax(most, fabs(signed_ulps(r, &r->runs[k], i)));
	/* ticks at a round step (1, 2 or 5 times a power of ten) that gives at most 5 a side,
	 * the axis to the next tick beyond the farthest dot: any magnitude up to DBL_MAX */
	tstep = pow(10, floor(log10(most / 5)));
	tstep *= most / tstep > 25 ? 10 : most / tstep > 10 ? 5 : most / tstep > 5 ? 2 : 1;
	tstep = fmax(tstep, 1);
	most = fmin(ceil(most / tstep) * tstep, DBL_MAX);
	h = top + (int)nrows * row + 40;
	fputs("<h2>Centers: distance from the reference</h2>\n", f);
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
	        "aria-label=\"center offsets in ulps\">\n<text x=\"4\" y=\"14\" font-size=\"12\">"
	        "each center coordinate minus the reference, in ulps of its precision (a dot per "
	        "variant)</text>\n",
	        w, h);
	for (int k = -(int)(most / tstep + 0.5); k <= (int)(most / tstep + 0.5); k++) {
		double t = k * tstep, x = left + (t + most) / (2 * most) * (w - left - 20);

		fprintf(f,
		        "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"%s\"/>"
		        "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" "
		        "text-anchor=\"middle\">%+.3g</text>\n",
		        x, top, x, h - 34, k ? "#ddd" : "#444", x, h - 22, t);
	}
	fprintf(f,
	        "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">ulps from the "
	        "reference (0: the reference, correctly rounded)</text>\n",
	        (left + w) / 2, h - 6);
	for (size_t i = 0, rowi = 0; i < r->runs[0].res.nout && rowi < nrows; i++) {
		double y;

		if (r->runs[0].res.out[i].desc != cd)
			continue;
		y = top + (double)rowi * row + row / 2.0;
		fprintf(f, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">",
		        left - 6, y + 4);
		escape(f, r->runs[0].res.out[i].name, strlen(r->runs[0].res.out[i].name));
		fputs("</text>\n", f);
		for (size_t k = 0; k < r->nruns; k++) {
			const run_record *rr = &r->runs[k];
			double u = i < rr->res.nout ? signed_ulps(r, rr, i) : (double)NAN;
			size_t v = k / nprec, p = k % nprec;

			if (isnan(u))
				continue;
			fprintf(f,
			        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" fill=\"%s\" "
			        "fill-opacity=\"0.7\"><title>variant %zu, %s: %+.0f ulps</title>"
			        "</circle>\n",
			        left + (u + most) / (2 * most) * (w - left - 20),
			        y + ((double)p - (double)(nprec - 1) / 2) * 4 +
			            (r->nvariants > 1 ? ((double)v / (double)r->nvariants - 0.5) * 3
			                              : 0),
			        prec_color(rr->prec), report_variant_id(r, v) + 1,
			        precision_of(rr->prec)->name, u);
		}
		rowi++;
	}
	fputs("</svg>\n", f);
	for (size_t i = 0; rd && rd->res.labels && r->ref.labels && i < r->sc.data->rows; i++)
		flips += rd->res.labels[i] != r->ref.labels[i];
	fprintf(f,
	        "<p>A dot per variant and precision (colours as above): how many units in the last "
	        "place each center coordinate lies from the reference. A scatter of the data "
	        "cannot show these differences (about 1e-16 of the values). %zu points' %s "
	        "labels differ from the reference's (variant 1). Coordinates:",
	        flips, rd ? precision_of(rd->prec)->name : "");
	for (size_t j = 0; j < r->sc.data->cols && j < 16; j++) {
		fprintf(f, "%s [%zu] ", j ? "," : "", j);
		escape(f, r->sc.data->colnames[j], strlen(r->sc.data->colnames[j]));
	}
	fputs(r->sc.data->cols > 16 ? ", ...</p>\n" : ".</p>\n", f);
}

static void html_text(FILE *f, const char *s)
{
	escape(f, s, strlen(s));
}

/* Every output's value and ulps, per variant and precision, folded. */
static void html_values(FILE *f, const report *r)
{
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0;
	char label[32];

	if (!nprec)
		return;
	fputs("<h2>Values</h2>\n<details><summary>Every output's value and its ulps from the "
	      "reference</summary>\n<table>\n<tr><th>variant</th><th>output</th>",
	      f);
	for (size_t p = 0; p < nprec; p++)
		fprintf(f, "<th>%s</th><th>ulps</th>",
		        precision_label(r->runs[p].prec, r->sc.ref_bits, label, sizeof label));
	fputs("</tr>\n", f);
	report_value_rows(r, f,
	                  &(const value_rows){"<tr><td>", "</td><td>", "</td></tr>\n", html_text});
	fputs("</table>\n</details>\n", f);
}

int report_write_html(const report *r, FILE *f)
{
	summary s;

	summary_make(r, &s);
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", f);
	fprintf(f, "<title>fpdrift report: %s</title>\n", r->sc.wl->name);
	fputs(
	    "<style>\nbody{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;"
	    "color:#222}\ntable{border-collapse:collapse;margin:1em 0}\ntd,th{border:1px solid "
	    "#ccc;"
	    "padding:.25em .6em;text-align:right}\ntd:first-child,th:first-child{text-align:left}\n"
	    "code{background:#f3f3f3;padding:0 .2em}\nsvg{display:block;margin:.5em 0 1.5em}\n"
	    ".legend span{font-size:1.2em}\n</style>\n</head>\n<body>\n",
	    f);
	section(f, r, &s, 0);
	section(f, r, &s, 1);
	if (summary_any_knob(&s)) {
		fputs("<h2>Knobs</h2>\n", f);
		legend(f, &s, r);
		for (int k = 0; k < KNOB_COUNT; k++)
			if (s.knob[k].nvalues > 1)
				svg_knob(f, &s.knob[k], &s, r);
		section(f, r, &s, 2);
	}
	if (workload_output_of_role(r->sc.wl, WL_ROLE_CURVE)) {
		fputs("<h2>Loss per epoch</h2>\n", f);
		legend(f, &s, r);
		svg_curve(f, r, false);
		svg_curve(f, r, true);
	}
	if (workload_output_of_role(r->sc.wl, WL_ROLE_CENTERS)) {
		legend(f, &s, r);
		svg_center_offsets(f, r);
	}
	section(f, r, &s, 5);
	section(f, r, &s, 3);
	html_values(f, r);
	section(f, r, &s, 4);
	fputs("</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
