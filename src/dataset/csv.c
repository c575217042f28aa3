/* csv.c - the CSV loader; see dataset.h for the contract. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dataset/dataset.h"
#include "util/util.h"

void dataset_bounds(const dataset *d, size_t col, double *lo, double *hi)
{
	*lo = HUGE_VAL;
	*hi = -HUGE_VAL;
	for (size_t i = 0; i < d->rows; i++) {
		double v = d->x[i * d->cols + col];

		if (isfinite(v)) {
			*lo = fmin(*lo, v);
			*hi = fmax(*hi, v);
		}
	}
	if (!isfinite(*lo))
		*lo = *hi = 0;
	if (!(*hi > *lo)) {
		double width = fmax(1.0, fabs(*lo) * 0x1p-10);

		if (isfinite(*lo + width))
			*hi = *lo + width;
		else
			*lo -= width; /* near DBL_MAX: the range goes down instead */
	}
}

double dataset_frac(double v, double lo, double hi)
{
	/* halves: v/2 - lo/2 and hi/2 - lo/2 are finite for any finite v, lo and hi */
	double t = (0.5 * v - 0.5 * lo) / (0.5 * hi - 0.5 * lo);

	return isfinite(v) && t >= 0.0 && t <= 1.0 ? t : (double)NAN;
}

void dataset_clear(dataset *d)
{
	if (!d)
		return;
	if (d->colnames)
		for (size_t j = 0; j < d->cols; j++)
			free(d->colnames[j]);
	free(d->colnames);
	free(d->name);
	free(d->x);
	free(d->labels);
	memset(d, 0, sizeof *d);
}

static int fail(char *err, size_t size, int status, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int fail(char *err, size_t size, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, size, fmt, ap);
	va_end(ap);
	return status;
}

/* One field of a line: its text (not terminated) and 1-based byte column. */
typedef struct field {
	const char *s;
	size_t len, col;
} field;

/* Split line (len bytes, no newline) at commas into at most max fields; returns the count
 * (which may exceed max: the extra fields are counted, not stored). Spaces around a field are
 * not part of it. */
static size_t split(const char *line, size_t len, field *f, size_t max)
{
	size_t n = 0, start = 0;

	for (size_t i = 0; i <= len; i++) {
		if (i < len && line[i] != ',')
			continue;
		if (n < max) {
			size_t a = start, b = i;

			while (a < b && (line[a] == ' ' || line[a] == '\t'))
				a++;
			while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t'))
				b--;
			f[n].s = line + a;
			f[n].len = b - a;
			f[n].col = a + 1;
		}
		n++;
		start = i + 1;
	}
	return n;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

/* The reader: lines of a file in memory. */
typedef struct reader {
	const char *path;
	char *buf;
	size_t size, pos, lineno;
} reader;

/* The next line that is not blank, without its end; false at the end of the file. A line
 * longer than DATA_LINE_MAX is reported through *too_long. */
static bool next_line(reader *r, const char **line, size_t *len, bool *too_long)
{
	*too_long = false;
	while (r->pos < r->size) {
		const char *s = r->buf + r->pos;
		const char *nl = memchr(s, '\n', r->size - r->pos);
		size_t n = nl ? (size_t)(nl - s) : r->size - r->pos, blank;

		r->pos += n + (nl != NULL);
		r->lineno++;
		if (n && s[n - 1] == '\r')
			n--;
		if (n > DATA_LINE_MAX) {
			*too_long = true;
			*line = s;
			*len = n;
			return true;
		}
		blank = 0;

		while (blank < n && (s[blank] == ' ' || s[blank] == '\t'))
			blank++; /* within the line: the buffer need not be terminated */
		if (blank == n)
			continue;
		*line = s;
		*len = n;
		return true;
	}
	return false;
}

#define CSV_FIFO_WAIT_MS 10000

/* Read the whole file at path ("-": standard input) into r as a stream, so that pipes,
 * FIFOs and /dev/stdin work as well as regular files. A FIFO is opened without blocking and
 * given CSV_FIFO_WAIT_MS for a writer to come, then refused with a message, never a hang. */
static int read_file(const char *path, reader *r, char *err, size_t errsize)
{
	bool std = strcmp(path, "-") == 0;
	struct stat st;
	size_t cap, got = 0;
	int fd, e = 0;

	memset(r, 0, sizeof *r);
	r->path = std ? "standard input" : path;
	fd = std ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return fail(err, errsize, DATA_EBAD, "%s: cannot open: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
		e = errno;
		if (!std)
			close(fd);
		return S_ISDIR(st.st_mode) ? fail(err, errsize, DATA_EBAD,
		                                  "%s: is a directory, not a CSV file", path)
		                           : fail(err, errsize, DATA_EBAD, "%s: cannot open: %s",
		                                  path, strerror(e));
	}
	if (!std)
		fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK); /* reads wait for data now */
	if (!std && S_ISFIFO(st.st_mode)) {
		/* a FIFO: wait a while for a writer (Linux reports nothing until one opens it) */
		struct pollfd p = {fd, POLLIN, 0};

		if (poll(&p, 1, CSV_FIFO_WAIT_MS) == 0) {
			close(fd);
			return fail(err, errsize, DATA_EBAD,
			            "%s: a FIFO that nobody wrote to within %d s", path,
			            CSV_FIFO_WAIT_MS / 1000);
		}
	}
	cap = S_ISREG(st.st_mode) && st.st_size > 0 ? (size_t)st.st_size + 1 : 65536;
	r->buf = xmalloc(cap);
	for (;;) {
		ssize_t n;

		if (got + 1 >= cap)
			r->buf = xreallocarray(r->buf, cap *= 2, 1);
		n = read(fd, r->buf + got, cap - 1 - got);
		if (n > 0)
			got += (size_t)n;
		else if (n == 0)
			break;
		else if (errno != EINTR) {
			e = errno;
			break;
		}
	}
	if (!std)
		close(fd);
	if (e) {
		free(r->buf);
		r->buf = NULL;
		return fail(err, errsize, DATA_EBAD, "%s: cannot read: %s", r->path, strerror(e));
	}
	r->size = got;
	r->buf[got] = '\0';
	return 0;
}

/* Parse a number cell; 0 or an error. */
static int parse_cell(const reader *r, const field *f, bool allow_nonfinite, double *v, char *err,
                      size_t errsize)
{
	char tmp[128], *end;

	if (f->len == 0)
		return fail(err, errsize, DATA_EBAD, "%s:%zu:%zu: empty cell, expected a number",
		            r->path, r->lineno, f->col);
	if (f->len >= sizeof tmp)
		return fail(err, errsize, DATA_EBAD,
		            "%s:%zu:%zu: expected a number, got a %zu-character cell", r->path,
		            r->lineno, f->col, f->len);
	memcpy(tmp, f->s, f->len);
	tmp[f->len] = '\0';
	errno = 0;
	*v = strtod(tmp, &end);
	if (end == tmp || *end)
		return fail(err, errsize, DATA_EBAD, "%s:%zu:%zu: expected a number, got '%s'",
		            r->path, r->lineno, f->col, tmp);
	if (!isfinite(*v) && !allow_nonfinite)
		return fail(
		    err, errsize, DATA_EBAD,
		    "%s:%zu:%zu: '%s' is not a finite number (--allow-nonfinite accepts it)",
		    r->path, r->lineno, f->col, tmp);
	return 0;
}

static int parse_label(const reader *r, const field *f, int *v, char *err, size_t errsize)
{
	char tmp[32], *end;
	long l;

	if (f->len == 0 || f->len >= sizeof tmp)
		return fail(err, errsize, DATA_EBAD, "%s:%zu:%zu: expected an integer label",
		            r->path, r->lineno, f->col);
	memcpy(tmp, f->s, f->len);
	tmp[f->len] = '\0';
	errno = 0;
	l = strtol(tmp, &end, 10);
	if (end == tmp || *end || errno || l < INT_MIN || l > INT_MAX)
		return fail(err, errsize, DATA_EBAD,
		            "%s:%zu:%zu: expected an integer label, got '%s'", r->path, r->lineno,
		            f->col, tmp);
	*v = (int)l;
	return 0;
}

/* Resolve the --columns list to header positions (feature columns only). */
static int select_columns(const char *columns, char **names, size_t ncol, int label_col,
                          size_t **sel, size_t *nsel, const char *path, char *err, size_t errsize)
{
	char *list, *tok, *save = NULL;
	size_t cap = ncol + 1;

	*sel = xmalloc(cap * sizeof **sel);
	*nsel = 0;
	if (!columns) {
		for (size_t j = 0; j < ncol; j++)
			if ((int)j != label_col)
				(*sel)[(*nsel)++] = j;
		return 0;
	}
	list = xstrdup(columns);
	for (tok = strtok_r(list, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		size_t j = ncol;
		char *end;
		unsigned long pos = strtoul(tok, &end, 10);

		if (*tok >= '0' && *tok <= '9' && !*end) {
			if (pos >= 1 && pos <= ncol)
				j = pos - 1;
		} else {
			for (j = 0; j < ncol && strcmp(names[j], tok) != 0; j++)
				;
		}
		if (j == ncol || (int)j == label_col) {
			int st =
			    fail(err, errsize, DATA_EUSAGE,
			         "--columns: %s has no feature column '%s' (it has %zu columns%s)",
			         path, tok, ncol, label_col >= 0 ? ", one of them the label" : "");

			free(list);
			free(*sel);
			*sel = NULL;
			return st;
		}
		for (size_t q = 0; q < *nsel; q++)
			if ((*sel)[q] == j) {
				int st = fail(err, errsize, DATA_EUSAGE,
				              "--columns: column '%s' of %s is selected twice",
				              names[j], path);

				free(list);
				free(*sel);
				*sel = NULL;
				return st;
			}
		if (*nsel == cap)
			*sel = xreallocarray(*sel, cap *= 2, sizeof **sel);
		(*sel)[(*nsel)++] = j;
	}
	free(list);
	if (!*nsel) {
		free(*sel);
		*sel = NULL;
		return fail(err, errsize, DATA_EUSAGE, "--columns: the list is empty");
	}
	return 0;
}

static int csv_parse(reader r, const char *columns, bool allow_nonfinite, dataset *out, char *err,
                     size_t errsize);

int csv_load(const char *path, const char *columns, bool allow_nonfinite, dataset *out, char *err,
             size_t errsize)
{
	reader r;
	int st;

	memset(out, 0, sizeof *out);
	st = read_file(path, &r, err, errsize);
	if (st)
		return st;
	st = csv_parse(r, columns, allow_nonfinite, out, err, errsize);
	free(r.buf);
	return st;
}

int csv_load_buffer(const char *name, const char *text, size_t len, const char *columns,
                    bool allow_nonfinite, dataset *out, char *err, size_t errsize)
{
	reader r = {name, (char *)text, len, 0, 0};

	memset(out, 0, sizeof *out);
	return csv_parse(r, columns, allow_nonfinite, out, err, errsize);
}

/* The header's ncol fields f as d's column names (d->cols = ncol, for dataset_clear), and
 * the index of the one named "label" in *label_col (-1 when none). 0 or DATA_EBAD. */
static int header_names(const reader *r, const field *f, size_t ncol, dataset *d, int *label_col,
                        char *err, size_t errsize)
{
	d->colnames = xcalloc(ncol, sizeof *d->colnames);
	d->cols = ncol;
	for (size_t j = 0; j < ncol; j++) {
		if (f[j].len == 0)
			return fail(err, errsize, DATA_EBAD, "%s:%zu:%zu: empty column name",
			            r->path, r->lineno, f[j].col);
		d->colnames[j] = xmalloc(f[j].len + 1);
		memcpy(d->colnames[j], f[j].s, f[j].len);
		d->colnames[j][f[j].len] = '\0';
		if (strcmp(d->colnames[j], "label") == 0)
			*label_col = (int)j;
	}
	return 0;
}

/* Keep only the names of the nsel selected columns (of ncol) in d. */
static void keep_selected_names(dataset *d, const size_t *sel, size_t nsel, size_t ncol)
{
	char **names = xcalloc(nsel ? nsel : 1, sizeof *names);

	for (size_t j = 0; j < nsel; j++) {
		names[j] = d->colnames[sel[j]];
		d->colnames[sel[j]] = NULL;
	}
	for (size_t j = 0; j < ncol; j++)
		free(d->colnames[j]);
	free(d->colnames);
	d->colnames = names;
	d->cols = nsel;
}

/* Parse the CSV text in r.buf; r.path names it in messages. */
static int csv_parse(reader r, const char *columns, bool allow_nonfinite, dataset *out, char *err,
                     size_t errsize)
{
	const char *path = r.path;
	const char *line;
	size_t len, ncol, nsel = 0, *sel = NULL, cap = 0;
	field *f = NULL;
	bool too_long;
	int label_col = -1, st;
	dataset d = {0};
	const char *nul = memchr(r.buf, '\0', r.size);

	if (nul) { /* where it is: line and column */
		size_t lineno = 1, col = 1;

		for (const char *c = r.buf; c < nul; c++, col++)
			if (*c == '\n') {
				lineno++;
				col = 0;
			}
		st = fail(err, errsize, DATA_EBAD, "%s:%zu:%zu: a NUL byte: not a text CSV file",
		          path, lineno, col);
		goto done;
	}
	if (r.size >= 3 && memcmp(r.buf, "\xef\xbb\xbf", 3) == 0)
		r.pos = 3; /* a UTF-8 byte order mark is not part of the first column's name */
	if (!next_line(&r, &line, &len, &too_long)) {
		st = fail(err, errsize, DATA_EBAD, "%s: the file is empty, expected a header row",
		          path);
		goto done;
	}
	if (too_long) {
		st = fail(err, errsize, DATA_EBAD, "%s:%zu:%d: line longer than %d bytes", path,
		          r.lineno, DATA_LINE_MAX + 1, DATA_LINE_MAX);
		goto done;
	}
	ncol = split(line, len, NULL, 0);
	f = xmalloc((ncol + 1) * sizeof *f); /* one more: where a long row's extra field starts */
	split(line, len, f, ncol);
	st = header_names(&r, f, ncol, &d, &label_col, err, errsize);
	if (st)
		goto done;
	st = select_columns(columns, d.colnames, ncol, label_col, &sel, &nsel, path, err, errsize);
	if (st)
		goto done;
	if (!nsel) {
		st = fail(err, errsize, DATA_EBAD, "%s: no feature columns, only a label", path);
		goto done;
	}
	while (next_line(&r, &line, &len, &too_long)) {
		size_t n;
		double *row;

		if (too_long) {
			st = fail(err, errsize, DATA_EBAD, "%s:%zu:%d: line longer than %d bytes",
			          path, r.lineno, DATA_LINE_MAX + 1, DATA_LINE_MAX);
			goto done;
		}
		n = split(line, len, f, ncol + 1);
		if (n != ncol) {
			st = fail(err, errsize, DATA_EBAD,
			          "%s:%zu:%zu: %zu fields where the header has %zu", path, r.lineno,
			          n > ncol ? f[ncol].col : len + 1, n, ncol);
			goto done;
		}
		if (d.rows == cap) {
			cap = cap ? 2 * cap : 256;
			d.x = xreallocarray(d.x, cap, nsel * sizeof *d.x);
			if (label_col >= 0)
				d.labels = xreallocarray(d.labels, cap, sizeof *d.labels);
		}
		row = d.x + d.rows * nsel;
		for (size_t j = 0; j < nsel; j++) {
			st = parse_cell(&r, &f[sel[j]], allow_nonfinite, &row[j], err, errsize);
			if (st)
				goto done;
		}
		if (label_col >= 0) {
			st = parse_label(&r, &f[label_col], &d.labels[d.rows], err, errsize);
			if (st)
				goto done;
		}
		d.rows++;
	}
	if (!d.rows) {
		st = fail(err, errsize, DATA_EBAD, "%s: a header row but no data rows", path);
		goto done;
	}
	keep_selected_names(&d, sel, nsel, ncol);
	d.name = xstrdup(base_name(path));
	*out = d;
	memset(&d, 0, sizeof d);
done:
	dataset_clear(&d);
	free(f);
	free(sel);
	return st;
}
