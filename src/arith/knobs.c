/* knobs.c - defaults, checks, names and parsing of the knobs. */
#include "config.h"

#include "arith/knobs.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FP_NAME_ITEM(name, str) str,
static const char *const precision_names[] = {FP_PRECISION_LIST(FP_NAME_ITEM)};
static const char *const order_names[] = {FP_ORDER_LIST(FP_NAME_ITEM)};
static const char *const combine_names[] = {FP_COMBINE_LIST(FP_NAME_ITEM)};
static const char *const kernel_names[] = {FP_KERNEL_LIST(FP_NAME_ITEM)};
static const char *const rounding_names[] = {FP_ROUNDING_LIST(FP_NAME_ITEM)};
#undef FP_NAME_ITEM

fp_knobs knobs_default(void)
{
	fp_knobs k = {
	    .order = FP_ORDER_SEQ,
	    .shuffle_seed = 0,
	    .lanes = 1,
	    .threads = 1,
	    .combine = FP_COMBINE_ORDERED,
	    .fma = false,
	    .kernel = FP_KERNEL_NAIVE,
	    .accum = FP_PRECISION_COUNT,
	    .rounding = FP_ROUNDING_NEAREST,
	    .mca_t = FP_MCA_T_MAX,
	};
	return k;
}

fp_status knobs_check(const fp_knobs *k)
{
	if (!k)
		return FP_ENULL;
	if (k->lanes == 0 || k->lanes > FP_LANES_MAX || (k->lanes & (k->lanes - 1)) != 0)
		return FP_ELANES;
	if (k->threads == 0 || k->threads > FP_THREADS_MAX)
		return FP_ETHREADS;
	if ((unsigned)k->order >= FP_ORDER_COUNT || (unsigned)k->combine >= FP_COMBINE_COUNT ||
	    (unsigned)k->kernel >= FP_KERNEL_COUNT || (unsigned)k->accum > FP_PRECISION_COUNT ||
	    (unsigned)k->rounding >= FP_ROUNDING_COUNT ||
	    (k->rounding == FP_ROUNDING_MCA &&
	     (k->mca_t < FP_MCA_T_MIN || k->mca_t > FP_MCA_T_MAX)))
		return FP_EKNOB;
	return FP_OK;
}

static const char *name_of(const char *const *names, unsigned count, unsigned value)
{
	return value < count ? names[value] : NULL;
}

const char *knobs_precision_name(fp_precision p)
{
	return name_of(precision_names, FP_PRECISION_COUNT, (unsigned)p);
}

const char *knobs_order_name(fp_order o)
{
	return name_of(order_names, FP_ORDER_COUNT, (unsigned)o);
}

const char *knobs_combine_name(fp_combine c)
{
	return name_of(combine_names, FP_COMBINE_COUNT, (unsigned)c);
}

const char *knobs_kernel_name(fp_kernel k)
{
	return name_of(kernel_names, FP_KERNEL_COUNT, (unsigned)k);
}

const char *knobs_rounding_name(fp_rounding r)
{
	return name_of(rounding_names, FP_ROUNDING_COUNT, (unsigned)r);
}

/* Index of s in names, or -1. */
static int lookup(const char *const *names, unsigned count, const char *s)
{
	for (unsigned i = 0; i < count; i++)
		if (strcmp(names[i], s) == 0)
			return (int)i;
	return -1;
}

bool knobs_parse_precision(const char *s, fp_precision *out)
{
	int i = s ? lookup(precision_names, FP_PRECISION_COUNT, s) : -1;

	if (i < 0)
		return false;
	*out = (fp_precision)i;
	return true;
}

bool knobs_parse_order(const char *s, fp_order *out, uint64_t *seed)
{
	static const char prefix[] = "shuffle:";
	int i;

	if (!s)
		return false;
	if (strncmp(s, prefix, sizeof prefix - 1) == 0) {
		const char *digits = s + sizeof prefix - 1;
		char *end;
		unsigned long long v;

		if (*digits < '0' || *digits > '9')
			return false;
		errno = 0;
		v = strtoull(digits, &end, 10);
		if (errno || *end)
			return false;
		*out = FP_ORDER_SHUFFLE;
		*seed = v;
		return true;
	}
	i = lookup(order_names, FP_ORDER_COUNT, s);
	if (i < 0 || i == FP_ORDER_SHUFFLE) /* a shuffle needs its seed */
		return false;
	*out = (fp_order)i;
	return true;
}

bool knobs_parse_combine(const char *s, fp_combine *out)
{
	int i = s ? lookup(combine_names, FP_COMBINE_COUNT, s) : -1;

	if (i < 0)
		return false;
	*out = (fp_combine)i;
	return true;
}

bool knobs_parse_kernel(const char *s, fp_kernel *out)
{
	int i = s ? lookup(kernel_names, FP_KERNEL_COUNT, s) : -1;

	if (i < 0)
		return false;
	*out = (fp_kernel)i;
	return true;
}

bool knobs_parse_rounding(const char *s, fp_rounding *out, unsigned *t)
{
	static const char prefix[] = "mca:";
	int i;

	if (!s)
		return false;
	if (strncmp(s, prefix, sizeof prefix - 1) == 0) {
		const char *digits = s + sizeof prefix - 1;
		unsigned v = 0;

		/* 1..53, plain decimal digits: no sign, no spaces, no leading zeros */
		if (*digits < '1' || *digits > '9' || strlen(digits) > 2)
			return false;
		for (const char *d = digits; *d; d++) {
			if (*d < '0' || *d > '9')
				return false;
			v = v * 10 + (unsigned)(*d - '0');
		}
		if (v < FP_MCA_T_MIN || v > FP_MCA_T_MAX)
			return false;
		*out = FP_ROUNDING_MCA;
		*t = v;
		return true;
	}
	i = lookup(rounding_names, FP_ROUNDING_COUNT, s);
	if (i < 0 || i == FP_ROUNDING_MCA) /* mca needs its virtual precision */
		return false;
	*out = (fp_rounding)i;
	return true;
}
