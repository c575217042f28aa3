/* save.c - atomic report files. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "report/report.h"
#include "util/util.h"

int report_save(const report *r, const char *path, bool json, char *err, size_t errsize)
{
	size_t len = strlen(path);
	char *tmp = xmalloc(len + 16);
	int fd, rc = 0, e = 0;
	FILE *f;

	snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
	fd = mkstemp(tmp);
	if (fd < 0) {
		snprintf(err, errsize, "cannot write %s: %s", path, strerror(errno));
		free(tmp);
		return 1;
	}
	f = fdopen(fd, "w");
	if (!f || (json ? report_write_json(r, f) : report_write_text(r, f)) != 0 ||
	    fflush(f) != 0 || fsync(fileno(f)) != 0) {
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
