/* html.c - the report as one self-contained HTML file: no network, no scripts. Its text is the
 * Markdown report's, translated (so the two never say different things); its charts are
 * inline SVG: the largest ulps per knob value and precision, the loss per epoch (mlp,
 * softmax), and the k-means scatter with the three precisions' centers and the flipped
 * points. */
#include "config.h"

#include <ctype.h>
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
	else if (which == 3)
		markdown_repeats(r, m);
	else
		markdown_environment(r, m);
	fclose(m);
	md_to_html(f, buf);
	free(buf);
}

/* v in [lo, hi] mapped to [from, to] (a pixel coordinate). */
/* v placed between from and to as lo..hi; NaN (the caller draws nothing) when v is not
 * finite or outside the bounds. */
static double svg_coord(double v, double lo, double hi, double from, double to)
{
	return from + dataset_frac(v, lo, hi) * (to - from);
}

/* Grouped bars: log2(1 + ulps) for each knob value and precision. */
static void svg_knob(FILE *f, const knob_effect *e, const summary *s, const report *r)
{
	const int w = 720, h = 260, left = 60, bottom = 40, top = 20;
	size_t nprec = 0;
	double most = 1;
	int slot;

	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		nprec += s->precision[p];
	for (size_t v = 0; v < e->nvalues; v++)
		for (int p = 0; p < FP_PRECISION_COUNT; p++)
			if (s->precision[p] && isfinite(e->max_ulps[v][p]))
				most = fmax(most, log2(1.0 + e->max_ulps[v][p]));
	slot = (w - left - 10) / (int)(e->nvalues ? e->nvalues : 1);
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
	        "role=\"img\" aria-label=\"largest ulps per %s value\">\n",
	        w, h, e->name);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>\n", left,
	        h - bottom, w - 10, h - bottom);
	fprintf(f, "<text x=\"4\" y=\"14\" font-size=\"12\">log2(1 + max ulps), by %s</text>\n",
	        e->name);
	for (size_t v = 0; v < e->nvalues; v++) {
		int x0 = left + (int)v * slot, bar = (slot - 8) / (int)(nprec ? nprec : 1), q = 0;

		for (int p = 0; p < FP_PRECISION_COUNT; p++) {
			double u = e->max_ulps[v][p];
			int bh;

			if (!s->precision[p])
				continue;
			bh =
			    (int)((isfinite(u) ? log2(1.0 + u) : most) / most * (h - bottom - top));
			fprintf(f,
			        "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\">"
			        "<title>%s %s: %.0f ulps</title></rect>\n",
			        x0 + 4 + q * bar, h - bottom - bh, bar > 2 ? bar - 2 : 1, bh,
			        prec_color((fp_precision)p), e->value[v],
			        precision_of((fp_precision)p)->name, u);
			q++;
		}
		fprintf(f, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">",
		        x0 + slot / 2, h - bottom + 16);
		escape(f, e->value[v], sizeof e->value[v]);
		fputs("</text>\n", f);
	}
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

/* The loss per epoch of the first variant's runs, log scale. */
static void svg_loss(FILE *f, const report *r)
{
	const int w = 720, h = 280, left = 60, bottom = 30, top = 20;
	size_t first, epochs = wl_result_span(&r->ref, WL_ROLE_CURVE, &first);
	double lo = HUGE_VAL, hi = -HUGE_VAL;
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0;

	if (epochs < 2)
		return;
	for (size_t p = 0; p < nprec; p++)
		for (size_t e = 0; e < epochs && first + e < r->runs[p].res.nout; e++) {
			double v = fmt_double(r->runs[p].res.out[first + e].value);

			if (v > 0 && isfinite(v)) {
				lo = fmin(lo, log10(v));
				hi = fmax(hi, log10(v));
			}
		}
	if (!(hi > lo))
		hi = lo + 1;
	if (!isfinite(lo))
		return;
	fputs("<h2>Loss per epoch</h2>\n", f);
	fprintf(
	    f,
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
	    "aria-label=\"loss per epoch\">\n<text x=\"4\" y=\"14\" font-size=\"12\">log10 loss "
	    "from %.3g to %.3g over %zu epochs (variant 1)</text>\n",
	    w, h, lo, hi, epochs);
	fprintf(f, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>\n", left,
	        h - bottom, w - 10, h - bottom);
	for (size_t p = 0; p < nprec; p++) {
		const run_record *rr = &r->runs[p];

		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"",
		        prec_color(rr->prec));
		for (size_t e = 0; e < epochs && first + e < rr->res.nout; e++) {
			double v = fmt_double(rr->res.out[first + e].value);

			if (!(v > 0) || !isfinite(v))
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

/* The centers of res as crosses of one colour. */
static void svg_centers(FILE *f, const report *r, const wl_result *res, const char *color,
                        int width, const char *what, const double lo[2], const double hi[2])
{
	const int w = 720, h = 480, pad = 20;
	const wl_output_desc *cd = workload_output_of_role(r->sc.wl, WL_ROLE_CENTERS);

	for (size_t c = 0; res; c++) {
		const wl_output *ox = wl_result_at(res, cd, c, 0),
		                *oy = wl_result_at(res, cd, c, 1);

		double x, y;

		if (!ox || !oy)
			break;
		x = svg_coord(fmt_double(ox->value), lo[0], hi[0], pad, w - pad);
		y = svg_coord(fmt_double(oy->value), lo[1], hi[1], h - pad, pad);
		if (isnan(x) || isnan(y))
			continue; /* a center that is not finite is in the tables, not on the plot
			           */
		fprintf(f,
		        "<path d=\"M%.1f %.1fm-7 0h14m-7 -7v14\" stroke=\"%s\" stroke-width=\"%d\">"
		        "<title>%s center %zu</title></path>\n",
		        x, y, color, width, what, c);
	}
}

/* The k-means data's first two columns, the centers of the first variant's runs and of the
 * reference, and the points whose label in the primary precision differs from the
 * reference's. */
static void svg_scatter(FILE *f, const report *r)
{
	const dataset *d = r->sc.data;
	const int w = 720, h = 480, pad = 20;
	const run_record *rd = primary_run(r);
	size_t nprec = r->nvariants ? r->nruns / r->nvariants : 0;
	double lo[2], hi[2];
	size_t flips = 0, step = d->rows > 20000 ? d->rows / 20000 : 1;

	if (d->cols < 2 || !r->ref.labels)
		return;
	dataset_bounds(d, 0, &lo[0], &hi[0]);
	dataset_bounds(d, 1, &lo[1], &hi[1]);
	fputs("<h2>Clusters</h2>\n", f);
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" role=\"img\" "
	        "aria-label=\"k-means scatter\">\n",
	        w, h);
	for (size_t i = 0; i < d->rows; i += step) {
		double x = svg_coord(d->x[i * d->cols], lo[0], hi[0], pad, w - pad);
		double y = svg_coord(d->x[i * d->cols + 1], lo[1], hi[1], h - pad, pad);

		if (!isnan(x) && !isnan(y)) /* a point with an infinite coordinate is not drawn */
			fprintf(f, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.5\" fill=\"#999\"/>\n", x,
			        y);
	}
	for (size_t i = 0; rd && rd->res.labels && i < d->rows; i++)
		if (rd->res.labels[i] != r->ref.labels[i]) {
			double x = svg_coord(d->x[i * d->cols], lo[0], hi[0], pad, w - pad);
			double y = svg_coord(d->x[i * d->cols + 1], lo[1], hi[1], h - pad, pad);

			flips++;
			if (isnan(x) || isnan(y))
				continue;
			fprintf(
			    f,
			    "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"none\" stroke=\"#d11\">"
			    "<title>label flipped</title></circle>\n",
			    x, y);
		}
	for (size_t p = 0; p < nprec; p++)
		if (precision_of(r->runs[p].prec)->bits) /* MPFR's sit on the reference's */
			svg_centers(f, r, &r->runs[p].res, prec_color(r->runs[p].prec), 3,
			            precision_of(r->runs[p].prec)->name, lo, hi);
	svg_centers(f, r, &r->ref, "#000", 1, "reference", lo, hi);
	fputs("</svg>\n", f);
	fputs("<p>Grey: the data (", f);
	escape(f, d->colnames[1], strlen(d->colnames[1]));
	fputs(" against ", f);
	escape(f, d->colnames[0], strlen(d->colnames[0]));
	fprintf(f,
	        "). Crosses: the centers of each precision and of the reference (black). Red "
	        "rings: %zu points whose %s label differs from the reference's.</p>\n",
	        flips, rd ? precision_of(rd->prec)->name : "");
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
		legend(f, &s, r);
		svg_loss(f, r);
	}
	if (workload_output_of_role(r->sc.wl, WL_ROLE_CENTERS))
		svg_scatter(f, r);
	section(f, r, &s, 3);
	section(f, r, &s, 4);
	fputs("</body>\n</html>\n", f);
	return ferror(f) ? -1 : 0;
}
