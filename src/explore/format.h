/* format.h - the model's values as text, for the report writers and the explorer (which
 * never touch MPFR themselves).
 *
 *   char buf[FMT_VALUE_MAX];
 *   fmt_value(v, FP_DOUBLE, buf, sizeof buf);  ("0.30000000000000004")
 */
#ifndef FPDRIFT_FORMAT_H
#define FPDRIFT_FORMAT_H

#include <stdbool.h>
#include <stddef.h>

#include <mpfr.h>

#include "arith/knobs.h"

#define FMT_VALUE_MAX 512

/* The shortest decimal that reads back to the same float or double; for MPFR, enough
 * significant digits to read back to the same number (at least 40). */
char *fmt_value(mpfr_srcptr v, fp_precision p, char *buf, size_t size);

/* fmt_value of v into buf, and how many leading characters of it agree with the reference:
 * ref is written with the same number of significant digits, and the common prefix counted,
 * so the explorer can draw the agreeing digits plainly and highlight the diverging tail. */
size_t fmt_agree(mpfr_srcptr v, mpfr_srcptr ref, fp_precision p, char *buf, size_t size);
/* A value of fmt_agree (full, with agree leading characters that agree) fitted into width
 * columns: unchanged when it fits; else the agreeing prefix is shortened around mark (one
 * column: "~", or "\u2026" on a UTF-8 terminal) and the diverging tail and any exponent are
 * kept whole, e.g. "1.3394476918537752" in 12 columns is "1.3~37752" + "52" highlighted: the
 * first significant digits, the last agreeing ones and every diverging one. A tail too long
 * for the width is cut at its end, marked with mark. A value that agrees entirely is cut at
 * its end. out gets the text; returns how many of its bytes are the agreeing part. */
size_t fmt_fit(const char *full, size_t agree, int width, const char *mark, char *out, size_t size);
/* A count of ulps as tables print it: "12", "3.05e+27" from 1e15 on (a count beyond 2^53 is
 * not exact in a double anyway), "inf" for an infinite one; "n/a" when special (a NaN or an
 * infinity was involved), "-" for NaN. Returns buf. */
char *fmt_ulps(double ulps, bool special, char *buf, size_t size);
/* v rounded to double, for plotting. */
double fmt_double(mpfr_srcptr v);
/* C99 hexadecimal floating point ("0x1.3333333333333p-2"); MPFR's %Ra for MPFR. */
char *fmt_hex(mpfr_srcptr v, fp_precision p, char *buf, size_t size);

/* The machine: CPU model, whether it has hardware FMA, compiler and flags, library versions. */
typedef struct environment {
	char cpu[128];
	int hw_fma;
	char compiler[128];
	char cflags[256];
	char mpfr[32], gmp[32];
	char openblas[256], openblas_core[64];
	bool blas_fuses_f, blas_fuses_d; /* the fusing probe (arith/blas.h) */
	char jansson[32];
} environment;

void environment_read(environment *e);

#endif
