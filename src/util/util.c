/* util.c - allocation and the fatal-error path. */
#include "config.h"

#include "util/util.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gmp.h>

static void (*fatal_hook)(void);

void fatal_set_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	void (*hook)(void) = fatal_hook;

	fatal_hook = NULL; /* a failure inside the hook must not recurse */
	if (hook)
		hook();
	fputs("fpdrift: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

void *xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		fatal("out of memory (asked for %zu bytes)", size);
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);

	if (!p)
		fatal("out of memory (asked for %zu x %zu bytes)", count, size);
	return p;
}

void *xreallocarray(void *ptr, size_t count, size_t size)
{
	void *p;
	size_t bytes;

	if (size && count > SIZE_MAX / size)
		fatal("out of memory (%zu x %zu bytes overflows)", count, size);
	bytes = count * size;
	p = realloc(ptr, bytes ? bytes : 1);
	if (!p)
		fatal("out of memory (asked for %zu x %zu bytes)", count, size);
	return p;
}

static void *gmp_alloc(size_t size)
{
	return xmalloc(size);
}

static void *gmp_realloc(void *ptr, size_t old, size_t size)
{
	(void)old;
	return xreallocarray(ptr, size ? size : 1, 1);
}

static void gmp_free(void *ptr, size_t size)
{
	(void)size;
	free(ptr);
}

void util_gmp_use_xmalloc(void)
{
	mp_set_memory_functions(gmp_alloc, gmp_realloc, gmp_free);
}

char *xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return memcpy(xmalloc(len), s, len);
}

void appendf(char *buf, size_t size, const char *fmt, ...)
{
	size_t used = strnlen(buf, size);
	va_list ap;

	if (used + 1 >= size)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, size - used, fmt, ap);
	va_end(ap);
}

double util_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
