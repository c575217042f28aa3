/* lesson.h - the epsilon lesson's facts about one number, as text for the explorer.
 *
 *   lesson l;
 *   if (lesson_compute("0.1", &l)) ... l.fmt[LESSON_DOUBLE].exact is
 *   "0.1000000000000000055511151231257827021181583404541015625" ...
 */
#ifndef FPDRIFT_LESSON_H
#define FPDRIFT_LESSON_H

#include <stdbool.h>
#include <stdint.h>

enum { LESSON_FLOAT, LESSON_DOUBLE, LESSON_FORMATS };

typedef struct lesson_format {
	const char *name; /* "float", "double" */
	int exp_bits, man_bits;
	uint64_t bits;     /* the stored number's bit pattern */
	char sign[2];      /* "0" or "1" */
	char exponent[12]; /* the exponent field as binary digits */
	char mantissa[53]; /* the fraction field as binary digits */
	char exact[1100];  /* the stored number's exact decimal value */
	char stored[40];   /* shortest round-trip decimal */
	char ulp[40], next[40], prev[40], eps[40];
	char rel_err[40]; /* |stored - input| / |input|, of the decimal input */
} lesson_format;

typedef struct lesson {
	char input[64];
	lesson_format fmt[LESSON_FORMATS];
	bool one_plus_half_eps_is_one[LESSON_FORMATS]; /* 1 + eps/2 == 1, computed in the format */
	char tenth_sum[LESSON_FORMATS][40];            /* 0.1 + 0.2 in the format */
	bool tenth_sum_is_03[LESSON_FORMATS];          /* == 0.3 in the format */
} lesson;

/* false when text is not a number strtod reads completely. */
bool lesson_compute(const char *text, lesson *out);

#endif
