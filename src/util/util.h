/* util.h - allocation, the one fatal-error path, and assertions.
 *
 * Every allocation in fpdrift goes through xmalloc and friends: they never return NULL;
 * out of memory ends the program through fatal(), which first runs the cleanup hook (the TUI
 * registers one that restores the terminal), then prints the message and exits with status 1.
 */
#ifndef FPDRIFT_UTIL_H
#define FPDRIFT_UTIL_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
/* Reallocate an array of count elements of size bytes, checking the product for overflow. */
void *xreallocarray(void *ptr, size_t count, size_t size);
char *xstrdup(const char *s);
/* Route GMP's allocations, and so MPFR's and MPFI's, through xmalloc and friends, so that
 * running out of memory there is fatal() (exit 1, terminal restored) and not GMP's abort.
 * Call it first in main, before any GMP, MPFR or MPFI number exists. */
void util_gmp_use_xmalloc(void);

/* Append printf-style text to the string in buf (size bytes in all), truncating what does not
 * fit; buf stays terminated. Bounded formatting for tables whose cells can be long:
 *   char s[32] = "";  appendf(s, sizeof s, "max %s ulps", u);  appendf(s, sizeof s, ", x"); */
void appendf(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Register the function that undoes global state (terminal modes) before a fatal exit.
 * One hook at a time; NULL removes it. */
/* Seconds on the monotonic clock, for measuring intervals:
 *   double t0 = util_seconds(); ... ; double spent = util_seconds() - t0; */
double util_seconds(void);

void fatal_set_hook(void (*hook)(void));
/* Print "fpdrift: MESSAGE" to stderr after running the hook, and exit with status 1. */
void fatal(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

/* Always-checked invariant (MPFR's MPFR_ASSERTN). */
#define ASSERTN(cond)                                                                              \
	((cond)                                                                                    \
	     ? (void)0                                                                             \
	     : fatal("internal error: %s:%d: assertion '%s' failed", __FILE__, __LINE__, #cond))
/* Debug-only check for expensive invariants (MPFR's MPFR_ASSERTD); --enable-debug turns it on. */
#ifdef FPDRIFT_DEBUG
#define ASSERTD(cond) ASSERTN(cond)
#else
#define ASSERTD(cond) ((void)0)
#endif

#endif
