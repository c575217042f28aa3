/* precision.c - the precision table; see precision.h. */
#include "config.h"

#include "arith/precision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/blas.h"
#include "arith/metric.h"
#include "util/util.h"

/* ANSI colour numbers, as curses' COLOR_MAGENTA, COLOR_BLUE and COLOR_GREEN are defined. */
enum { ANSI_GREEN = 2, ANSI_BLUE = 4, ANSI_MAGENTA = 5 };

/* ---- float ------------------------------------------------------------------------------ */

/* The fewest significant digits (1 to 9) whose decimal reads back to the same float. */
static char *float_shortest(mpfr_srcptr v, char *buf, size_t size)
{
	float f = mpfr_get_flt(v, MPFR_RNDN);

	for (int digits = 1; digits <= 9; digits++) {
		float back;

		snprintf(buf, size, "%.*g", digits, (double)f);
		back = strtof(buf, NULL);
		if (memcmp(&back, &f, sizeof f) == 0)
			break;
	}
	return buf;
}

static char *float_hex(mpfr_srcptr v, char *buf, size_t size)
{
	snprintf(buf, size, "%a", (double)mpfr_get_flt(v, MPFR_RNDN));
	return buf;
}

static fp_status float_ulps(mpfr_srcptr x, mpfr_srcptr y, uint64_t *u)
{
	return metric_ulps_f(mpfr_get_flt(x, MPFR_RNDN), mpfr_get_flt(y, MPFR_RNDN), u);
}

static fp_status float_mitigate(const mitig *m, mpfr_ptr v)
{
	float f = mpfr_get_flt(v, MPFR_RNDN);
	fp_status st = mitig_apply_f(m, f, &f);

	mpfr_set_flt(v, f, MPFR_RNDN);
	return st;
}

static void float_round_exact(exact_acc *a, mpfr_ptr out)
{
	mpfr_set_flt(out, exact_round_f(a), MPFR_RNDN);
}

/* ---- double ----------------------------------------------------------------------------- */

/* The fewest significant digits (1 to 17) whose decimal reads back to the same double. */
static char *double_shortest(mpfr_srcptr v, char *buf, size_t size)
{
	double d = mpfr_get_d(v, MPFR_RNDN);

	for (int digits = 1; digits <= 17; digits++) {
		double back;

		snprintf(buf, size, "%.*g", digits, d);
		back = strtod(buf, NULL);
		if (memcmp(&back, &d, sizeof d) == 0)
			break;
	}
	return buf;
}

static char *double_hex(mpfr_srcptr v, char *buf, size_t size)
{
	snprintf(buf, size, "%a", mpfr_get_d(v, MPFR_RNDN));
	return buf;
}

static fp_status double_ulps(mpfr_srcptr x, mpfr_srcptr y, uint64_t *u)
{
	return metric_ulps_d(mpfr_get_d(x, MPFR_RNDN), mpfr_get_d(y, MPFR_RNDN), u);
}

static fp_status double_mitigate(const mitig *m, mpfr_ptr v)
{
	double d = mpfr_get_d(v, MPFR_RNDN);
	fp_status st = mitig_apply_d(m, d, &d);

	mpfr_set_d(v, d, MPFR_RNDN);
	return st;
}

static void double_round_exact(exact_acc *a, mpfr_ptr out)
{
	mpfr_set_d(out, exact_round_d(a), MPFR_RNDN);
}

const precision_desc precision_table[FP_PRECISION_COUNT] = {
    [FP_FLOAT] = {"float",
                  24,
                  -125,
                  128,
                  9,
                  ANSI_MAGENTA,
                  "#b03aa8",
                  'f',
                  true,
                  false,
                  {float_shortest, float_hex, float_ulps, float_mitigate, blas_fuses_f,
                   float_round_exact}},
    [FP_DOUBLE] = {"double",
                   53,
                   -1021,
                   1024,
                   17,
                   ANSI_BLUE,
                   "#2b6cc4",
                   'd',
                   true,
                   true,
                   {double_shortest, double_hex, double_ulps, double_mitigate, blas_fuses_d,
                    double_round_exact}},
    [FP_MPFR] = {"mpfr",
                 0,
                 0,
                 0,
                 0,
                 ANSI_GREEN,
                 "#2a9d4b",
                 'm',
                 false,
                 false,
                 {NULL, NULL, NULL, NULL, NULL, NULL}},
};

const precision_desc *precision_of(fp_precision p)
{
	ASSERTN((unsigned)p < FP_PRECISION_COUNT);
	return &precision_table[p];
}

mpfr_prec_t precision_bits(fp_precision p, mpfr_prec_t mpfr_bits)
{
	int bits = precision_of(p)->bits;

	return bits ? (mpfr_prec_t)bits : mpfr_bits;
}

int precision_round_q(fp_precision p, const mpq_t q, mpfr_ptr out)
{
	const precision_desc *d = precision_of(p);
	mpfr_exp_t emin, emax;
	int inex;

	if (!d->bits)
		return mpfr_set_q(out, q, MPFR_RNDN);
	ASSERTN(mpfr_get_prec(out) == d->bits);
	emin = mpfr_get_emin();
	emax = mpfr_get_emax();
	/* the least subnormal, 2^(emin - bits), has MPFR exponent emin - bits + 1 */
	mpfr_set_emin(d->emin - d->bits + 1);
	mpfr_set_emax(d->emax);
	inex = mpfr_set_q(out, q, MPFR_RNDN);
	inex = mpfr_subnormalize(out, inex, MPFR_RNDN);
	mpfr_set_emin(emin);
	mpfr_set_emax(emax);
	return inex;
}

const char *precision_label(fp_precision p, mpfr_prec_t mpfr_bits, char *buf, size_t size)
{
	const precision_desc *d = precision_of(p);

	if (d->bits)
		snprintf(buf, size, "%s", d->name);
	else
		snprintf(buf, size, "%s-%ld", d->name, (long)mpfr_bits);
	return buf;
}
