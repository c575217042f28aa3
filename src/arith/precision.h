/* precision.h - the precision table: one row per precision a run can use.
 *
 * Everything that differs between float, double, the emulated formats (fp16, bf16, tf32, FP8,
 * custom) and MPFR outside the arithmetic kernels is a field of its row: the name, the significand
 * and exponent range, how a column is labelled, its colour in the explorer and the HTML report, its
 * mark on a chart. A new precision is a row here (and in FP_PRECISION_LIST), plus, if it needs one,
 * a kernel in the templates; nothing else switches on precision names.
 *
 *   char label[32];
 *   precision_label(FP_MPFR, 256, label, sizeof label);   ("mpfr-256")
 *   precision_bits(FP_DOUBLE, 256);                        (53)
 */
#ifndef FPDRIFT_PRECISION_H
#define FPDRIFT_PRECISION_H

#include <stdbool.h>
#include <stddef.h>

#include <gmp.h>
#include <mpfr.h>

#include "arith/knobs.h"
#include "arith/exact.h"
#include "arith/fmt.h"
#include "arith/mitig.h"

/* What reads and writes values of a fixed format; the values travel as MPFR numbers that
 * hold them exactly. NULL in the arbitrary-precision row: MPFR's own functions serve. */
typedef struct precision_ops {
	/* the shortest decimal that reads back to v; returns buf */
	char *(*shortest)(mpfr_srcptr v, char *buf, size_t size);
	/* C99 hexadecimal floating point ("0x1.3333333333333p-2"); returns buf */
	char *(*hex)(mpfr_srcptr v, char *buf, size_t size);
	/* ulps between x and y rounded to the format (metric.h); FP_ENAN, FP_EINF */
	fp_status (*ulps)(mpfr_srcptr x, mpfr_srcptr y, uint64_t *u);
	/* v = the mitigation m of v, computed in the format (mitig.h) */
	fp_status (*mitigate)(const mitig *m, mpfr_ptr v);
	/* does OpenBLAS fuse multiply-adds in this format's kernels (arith/blas.h)? */
	bool (*blas_fuses)(void);
	/* out = the exact sum held by a, rounded once to the format (out holds it exactly) */
	void (*round_exact)(exact_acc *a, mpfr_ptr out);
} precision_ops;

typedef struct precision_desc {
	const char *name; /* as options and reports spell it: "float" */
	int bits;         /* significand bits with the hidden one; 0: the run's MPFR bits */
	long emin, emax; /* exponent range in MPFR's convention (x = 0.1b... * 2^e); 0, 0: MPFR's */
	int digits;      /* significant decimal digits that always round-trip (9, 17); 0: MPFR */
	int ansi_color;  /* the explorer's colour, an ANSI colour number 0..7 */
	const char *html_color; /* the HTML report's colour */
	char mark;              /* the chart's mark for this precision */
	bool blas;              /* OpenBLAS has kernels for it (kernel=blas can apply) */
	bool primary;    /* the precision a user's program most likely ran in: the charts show its
	                  * label flips, the lesson its centers in units of its epsilon */
	bool by_default; /* a run uses it unless --precision says otherwise */
	/* the format of arith/fmt.h it is (float and double: binary32 and binary64, for the
	 * MPFR emulation); NULL for MPFR and for custom, whose format precision_format gives */
	const fp_format *fmt;
	bool emulated;    /* computed by the _e kernels in double, rounded to fmt */
	bool accumulates; /* a value of the accum knob (knobs.h): double, float, tf32, bf16, fp16 */
	precision_ops ops;
} precision_desc;

extern const precision_desc precision_table[FP_PRECISION_COUNT];

/* The row of p; p must be a valid precision. */
const precision_desc *precision_of(fp_precision p);
/* The format of p (fmt.h): float's, double's, an emulated one, the custom one set by
 * precision_set_custom (NULL before); NULL for MPFR. */
const fp_format *precision_format(fp_precision p);
/* Is p computed by the _e kernels (a format of fmt.h held in doubles)? */
bool precision_emulated(fp_precision p);
/* Define the custom precision, from "custom:p=P,emin=E,emax=M[,sat]" (fmt.h): once, before any
 * run (every run of a process shares it, as the precision table). false with a message in err
 * when s is not such a format, or names another format than one already set. */
bool precision_set_custom(const char *s, char *err, size_t errsize);
/* Significand bits of p; mpfr_bits for MPFR. */
mpfr_prec_t precision_bits(fp_precision p, mpfr_prec_t mpfr_bits);
/* out = the rational q rounded once, to nearest with ties to even, to p's format: out's
 * precision, which must be p's bits (mpfr_bits for MPFR), and for a fixed format its exponent
 * range, with subnormals and overflow to infinity as IEEE 754 has them. Returns the ternary
 * value (0: q is exactly representable). */
int precision_round_q(fp_precision p, const mpq_t q, mpfr_ptr out);
/* The column label: "float", "double", "mpfr-256" (MPFR with its bits); returns buf. */
const char *precision_label(fp_precision p, mpfr_prec_t mpfr_bits, char *buf, size_t size);

#endif
