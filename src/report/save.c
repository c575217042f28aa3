/* save.c - atomic report files. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdbool.h>
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
static int save_direct(const char *path, save_writer fn, const void *arg, char *err, size_t errsize)
{
	FILE *f = fopen(path, "w");
	int e = 0;

	if (!f || fn(arg, f) != 0 || fflush(f) != 0)
		e = errno ? errno : EIO;
	if (f && fclose(f) != 0 && !e)
		e = errno ? errno : EIO;
	if (e)
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(e));
	return e ? 1 : 0;
}

/* The temporary file being written, for the signal handlers and exit: removed when the
 * process ends mid-write (unlink is async-signal-safe). */
static char *volatile pending_tmp;
static struct sigaction old_action[4];
static const int cleanup_signals[4] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void remove_pending(void)
{
	char *t = pending_tmp;

	if (t)
		unlink(t);
}

/* A signal during a write: with the default action the process is about to end, so the
 * temporary file goes first and the signal is raised again; a handler of the program's own
 * (the explorer only sets a flag) runs as it would have, and the write finishes. */
static void on_signal_while_saving(int sig)
{
	for (int i = 0; i < 4; i++)
		if (cleanup_signals[i] == sig) {
			if (old_action[i].sa_handler == SIG_IGN)
				return;
			if (old_action[i].sa_handler != SIG_DFL) {
				old_action[i].sa_handler(sig);
				return;
			}
		}
	remove_pending();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Catch the signals that end a process while tmp is written, and ignore SIGXFSZ so that a
 * file-size limit is a write error (EFBIG) with a message, not a silent death. */
static void guard_begin(char *tmp, struct sigaction *old_xfsz)
{
	static bool at_exit;
	struct sigaction sa;

	if (!at_exit)
		at_exit = atexit(remove_pending) == 0; /* fatal() exits through it */
	pending_tmp = tmp;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal_while_saving;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 4; i++)
		sigaction(cleanup_signals[i], &sa, &old_action[i]);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGXFSZ, &sa, old_xfsz);
}

static void guard_end(const struct sigaction *old_xfsz)
{
	for (int i = 0; i < 4; i++)
		sigaction(cleanup_signals[i], &old_action[i], NULL);
	sigaction(SIGXFSZ, old_xfsz, NULL);
	pending_tmp = NULL;
}

/* The file a report for path goes to: path itself, or the file a symbolic link at path
 * points to (resolved, so that the link stays a link); NULL with errno when it cannot be
 * resolved. The caller frees it. */
static char *report_target(const char *path)
{
	struct stat st;
	char *real, *link, *out;
	ssize_t n;
	size_t cap = 256;

	if (lstat(path, &st) != 0 || !S_ISLNK(st.st_mode))
		return xstrdup(path);
	real = realpath(path, NULL);
	if (real) {
		out = xstrdup(real);
		free(real);
		return out;
	}
	/* a dangling link: its target, relative to the link's directory */
	for (;;) {
		link = xmalloc(cap);
		n = readlink(path, link, cap);
		if (n < 0) {
			free(link);
			return NULL;
		}
		if ((size_t)n < cap)
			break;
		free(link);
		cap *= 2;
	}
	link[n] = '\0';
	if (link[0] != '/' && strchr(path, '/')) {
		size_t dir = (size_t)(strrchr(path, '/') - path) + 1;

		out = xmalloc(dir + (size_t)n + 1);
		memcpy(out, path, dir);
		memcpy(out + dir, link, (size_t)n + 1);
		free(link);
		return out;
	}
	return link;
}

int save_file(const char *path, save_writer fn, const void *arg, char *err, size_t errsize)
{
	char *target = report_target(path), *tmp;
	size_t len;
	int fd, rc = 0, e = 0;
	FILE *f;
	struct stat st;
	struct sigaction old_xfsz;
	mode_t mode, mask;

	if (!target) {
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
		return 1;
	}
	if (stat(target, &st) == 0 && !S_ISREG(st.st_mode)) {
		rc = save_direct(target, fn, arg, err, errsize);
		free(target);
		return rc;
	}
	/* a new file gets the mode the umask allows; a replaced one keeps its own */
	mask = umask(0);
	umask(mask);
	mode = stat(target, &st) == 0 ? st.st_mode & 07777 : 0666 & ~mask;
	len = strlen(target);
	tmp = xmalloc(len + 16);
	snprintf(tmp, len + 16, "%s.tmp.XXXXXX", target);
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
		free(tmp);
		free(target);
		return 1;
	}
	guard_begin(tmp, &old_xfsz);
	f = fdopen(fd, "w");
	errno = 0;
	if (!f || fchmod(fd, mode) != 0 || fn(arg, f) != 0 || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		e = errno;
		rc = 1;
	}
	if (f ? fclose(f) != 0 : close(fd) != 0) {
		e = e ? e : errno;
		rc = 1;
	}
	if (!rc && rename(tmp, target) != 0) {
		e = errno;
		rc = 1;
	}
	if (rc) {
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(e ? e : EIO));
		unlink(tmp);
	}
	guard_end(&old_xfsz);
	free(tmp);
	free(target);
	return rc;
}

typedef struct report_job {
	const report *r;
	report_format fmt;
} report_job;

static int write_report(const void *arg, FILE *f)
{
	const report_job *j = arg;

	return report_write(j->r, f, j->fmt);
}

int report_save(const report *r, const char *path, report_format fmt, char *err, size_t errsize)
{
	report_job j = {r, fmt};

	return save_file(path, write_report, &j, err, errsize);
}
