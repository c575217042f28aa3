/* save.c - atomic report files. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report/report.h"
#include "util/util.h"

static const char *const format_names[REPORT_FORMAT_COUNT] = {"text", "json", "csv", "markdown",
                                                              "html"};

const char *report_format_name(report_format fmt)
{
	return (unsigned)fmt < REPORT_FORMAT_COUNT ? format_names[fmt] : "?";
}

bool report_format_parse(const char *s, report_format *out)
{
	for (int i = 0; i < REPORT_FORMAT_COUNT; i++)
		if (strcmp(s, format_names[i]) == 0 ||
		    (i == REPORT_MARKDOWN && strcmp(s, "md") == 0)) {
			*out = (report_format)i;
			return true;
		}
	return false;
}

report_format report_format_of_path(const char *path)
{
	static const struct {
		const char *ext;
		report_format fmt;
	} exts[] = {{".json", REPORT_JSON},
	            {".csv", REPORT_CSV},
	            {".md", REPORT_MARKDOWN},
	            {".html", REPORT_HTML},
	            {".htm", REPORT_HTML}};
	size_t len = strlen(path);

	for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
		size_t n = strlen(exts[i].ext);

		if (len > n && strcasecmp(path + len - n, exts[i].ext) == 0)
			return exts[i].fmt;
	}
	return REPORT_TEXT;
}

int report_write(const report *r, FILE *f, report_format fmt)
{
	switch (fmt) {
	case REPORT_JSON:
		return report_write_json(r, f);
	case REPORT_CSV:
		return report_write_csv(r, f);
	case REPORT_MARKDOWN:
		return report_write_markdown(r, f);
	case REPORT_HTML:
		return report_write_html(r, f);
	default:
		return report_write_text(r, f);
	}
}

/* A device or pipe cannot be replaced by a rename: write it as it is. */
static int save_direct(const report *r, const char *path, report_format fmt, char *err,
                       size_t errsize)
{
	FILE *f = fopen(path, "w");
	int e = 0;

	if (!f || report_write(r, f, fmt) != 0 || fflush(f) != 0)
		e = errno ? errno : EIO;
	if (f && fclose(f) != 0 && !e)
		e = errno ? errno : EIO;
	if (e)
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(e));
	return e ? 1 : 0;
}

int report_save(const report *r, const char *path, report_format fmt, char *err, size_t errsize)
{
	size_t len = strlen(path);
	char *tmp;
	int fd, rc = 0, e = 0;
	FILE *f;
	struct stat st;

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return save_direct(r, path, fmt, err, errsize);
	tmp = xmalloc(len + 16);

	snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return 1;
	}
	f = fdopen(fd, "w");
	errno = 0;
	if (!f || report_write(r, f, fmt) != 0 || fflush(f) != 0 || fsync(fileno(f)) != 0) {
		e = errno;
		rc = 1;
	}
	if (f ? fclose(f) != 0 : close(fd) != 0) {
		e = e ? e : errno;
		rc = 1;
	}
	if (!rc && rename(tmp, path) != 0) {
		e = errno;
		rc = 1;
	}
	if (rc) {
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(e ? e : EIO));
		unlink(tmp);
	}
	free(tmp);
	return rc;
}
