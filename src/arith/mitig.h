/* mitig.h - rounding and truncation as a mitigation, as pure functions in each precision.
 *
 *   round:N  to the nearest number with N significant decimal digits (ties to even), then to
 *            the nearest number of the precision
 *   trunc:N  toward zero to N significant decimal digits, then to the nearest number
 *   bits:N   to the nearest number with N significant bits (ties to even)
 *   none     unchanged
 * NaN, infinities and zeros pass unchanged. Rounding up the largest values to N digits can
 * overflow to infinity, as it would in any program that rounds there.
 *
 * The decimal step is exact: MPFR writes the N-digit decimal (mpfr_get_str), and strtof,
 * strtod or mpfr_strtofr read it back correctly rounded.
 */
#ifndef FPDRIFT_MITIG_H
#define FPDRIFT_MITIG_H

#include <stdbool.h>
#include <stddef.h>

#include <mpfr.h>

#include "arith/fmt.h"

#include "arith/status.h"

/* MITIG_SIG rounds each output to its own significant digits, estimated from stochastic
 * rounding's samples (arith/sigdig.h): the runner computes those digits and applies round:N
 * output by output (explore/runner.h); the functions here leave a value alone under it. */
typedef enum { MITIG_NONE, MITIG_ROUND, MITIG_TRUNC, MITIG_BITS, MITIG_SIG } mitig_kind;

typedef struct mitig {
	mitig_kind kind;
	unsigned n; /* digits or bits; unused for MITIG_NONE */
} mitig;

/* Parse "none", "round:N", "trunc:N", "bits:N" (N >= 1) or "sig"; false when s is none of
 * them. */
bool mitig_parse(const char *s, mitig *out);
/* "none", "round:3", ...; returns buf */
char *mitig_describe(const mitig *m, char *buf, size_t size);

/* m with N lowered to the most that prec bits hold (9 digits or 24 bits for float, 17 or 53
 * for double), the mitigation that precision can apply; *clamped says whether N changed. */
mitig mitig_clamp(const mitig *m, mpfr_prec_t prec, bool *clamped);

/* FP_EDIGITS when N is 0 or more than the precision holds (9 digits or 24 bits for float,
 * 17 digits or 53 bits for double, ceil(prec log10 2) + 1 digits or prec bits for MPFR). */
fp_status mitig_apply_f(const mitig *m, float x, float *out);
fp_status mitig_apply_d(const mitig *m, double x, double *out);
/* The same in a format of fmt.h: x a value of f, the result rounded once to f. */
fp_status mitig_apply_fmt(const fp_format *f, const mitig *m, double x, double *out);
/* out may be x; the result is rounded to out's precision. */
fp_status mitig_apply_m(const mitig *m, mpfr_srcptr x, mpfr_ptr out);

#endif
