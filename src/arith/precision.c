/* precision.c - the precision table; see precision.h. */
#include "config.h"

#include "arith/precision.h"

#include <stdio.h>

#include "util/util.h"

/* ANSI colour numbers, as curses' COLOR_MAGENTA, COLOR_BLUE and COLOR_GREEN are defined. */
enum { ANSI_GREEN = 2, ANSI_BLUE = 4, ANSI_MAGENTA = 5 };

const precision_desc precision_table[FP_PRECISION_COUNT] = {
    [FP_FLOAT] = {"float", 24, -125, 128, 9, ANSI_MAGENTA, "#b03aa8", 'f', true, false},
    [FP_DOUBLE] = {"double", 53, -1021, 1024, 17, ANSI_BLUE, "#2b6cc4", 'd', true, true},
    [FP_MPFR] = {"mpfr", 0, 0, 0, 0, ANSI_GREEN, "#2a9d4b", 'm', false, false},
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

const char *precision_label(fp_precision p, mpfr_prec_t mpfr_bits, char *buf, size_t size)
{
	const precision_desc *d = precision_of(p);

	if (d->bits)
		snprintf(buf, size, "%s", d->name);
	else
		snprintf(buf, size, "%s-%ld", d->name, (long)mpfr_bits);
	return buf;
}
