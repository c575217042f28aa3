/* fuzz_csv.c - libFuzzer target: the CSV loader, from memory (a buffer that is not
 * terminated: the input is copied to an allocation of exactly its size, so ASan catches any
 * read past it) and from a file.
 *
 * Input: one flags byte (bit 0: --allow-nonfinite; bit 1: the next line is a --columns list;
 * bit 2: load from a file instead of memory), then the CSV text. Every load must either
 * succeed with a consistent data set or fail with a message and status 65 or 2. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dataset/dataset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const dataset *d)
{
	for (size_t j = 0; j < d->cols; j++) {
		double lo, hi;

		if (!d->colnames[j])
			abort(); /* every column has a name */
		dataset_bounds(d, j, &lo, &hi);
		if (!(lo < hi))
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[512], *columns = NULL, *text;
	const uint8_t *body;
	size_t len;
	dataset d;
	int flags, rc;

	if (size < 1)
		return 0;
	flags = data[0];
	body = data + 1;
	len = size - 1;
	if (flags & 2) {
		const uint8_t *nl = memchr(body, '\n', len);
		size_t n = nl ? (size_t)(nl - body) : len;

		columns = malloc(n + 1);
		memcpy(columns, body, n);
		columns[n] = '\0';
		body += nl ? n + 1 : n;
		len -= nl ? n + 1 : n;
	}
	memset(&d, 0, sizeof d);
	if (flags & 4) {
		char path[] = "/tmp/fuzz_csv.XXXXXX";
		int fd = mkstemp(path);

		if (fd < 0)
			abort();
		if (len && write(fd, body, len) != (ssize_t)len)
			abort();
		close(fd);
		rc = csv_load(path, columns, flags & 1, &d, err, sizeof err);
		unlink(path);
	} else {
		text = malloc(len ? len : 1); /* exactly the input: no terminator to lean on */
		memcpy(text, body, len);
		rc =
		    csv_load_buffer("fuzz.csv", text, len, columns, flags & 1, &d, err, sizeof err);
		free(text);
	}
	if (rc == 0)
		check(&d);
	else if ((rc != DATA_EBAD && rc != DATA_EUSAGE) || !err[0])
		abort(); /* a failure is 65 or 2, with a message */
	dataset_clear(&d);
	free(columns);
	return 0;
}
