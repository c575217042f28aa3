/* format.c - values as text; the environment of a run. */
#include "config.h"

#include "explore/format.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>
#include <jansson.h>

#include "arith/blas.h"
#include "arith/precision.h"

static char *special(mpfr_srcptr v, char *buf, size_t size)
{
	if (mpfr_nan_p(v))
		snprintf(buf, size, "NaN");
	else
		snprintf(buf, size, "%sInfinity", mpfr_signbit(v) ? "-" : "");
	return buf;
}

char *fmt_value(mpfr_srcptr v, fp_precision p, char *buf, size_t size)
{
	const precision_ops *ops = &precision_of(p)->ops;

	if (!mpfr_number_p(v))
		return special(v, buf, size);
	if (ops->shortest)
		return ops->shortest(v, buf, size);
	{
		size_t digits = mpfr_get_str_ndigits(10, mpfr_get_prec(v));

		mpfr_snprintf(buf, size, "%.*Rg", (int)(digits < 40 ? 40 : digits), v);
	}
	return buf;
}

size_t fmt_agree(mpfr_srcptr v, mpfr_srcptr ref, fp_precision p, char *buf, size_t size)
{
	char rbuf[FMT_VALUE_MAX];
	size_t digits = 0, n = 0;
	const char *e;

	fmt_value(v, p, buf, size);
	if (!mpfr_number_p(v) || !mpfr_number_p(ref))
		return 0;
	/* count the significant digits of buf: from its first nonzero digit on */
	for (const char *c = buf, *first = NULL; *c && *c != 'e'; c++) {
		if (!first && *c >= '1' && *c <= '9')
			first = c;
		if (first && *c >= '0' && *c <= '9')
			digits++;
	}
	e = strchr(buf, 'e');
	mpfr_snprintf(rbuf, sizeof rbuf, e ? "%.*Re" : "%.*Rg", (int)(e ? digits - 1 : digits),
	              ref);
	while (buf[n] && buf[n] == rbuf[n])
		n++;
	return n;
}

size_t fmt_fit(const char *full, size_t agree, int width, const char *mark, char *out, size_t size)
{
	size_t len = strlen(full), mlen, head, room, tail;
	const char *e = strchr(full, 'e'), *cut;
	size_t elen = e ? strlen(e) : 0;

	agree = agree < len ? agree : len;
	if (width < 1 || len <= (size_t)width) {
		snprintf(out, size, "%s", full);
		return agree;
	}
	mlen = len - elen; /* the significand's characters */
	/* the sign, the first digit, the point and two more digits stay */
	head = (full[0] == '-' ? 1 : 0) + 4;
	if (head > agree)
		head = agree;
	if ((size_t)width < head + 1 + elen + 1) { /* no room for any tail: cut the end */
		snprintf(out, size, "%.*s%s", width > 1 ? width - 1 : 0, full, mark);
		return (size_t)(width > 1 ? width - 1 : 0) < agree
		           ? (size_t)(width > 1 ? width - 1 : 0)
		           : agree;
	}
	/* the agreeing part is elided after the head only when it is longer than the head */
	cut = agree > head ? mark : "";
	room = (size_t)width - head - (*cut ? 1 : 0) - elen; /* the agreeing end and the tail */
	tail = agree < mlen ? mlen - agree : 0;
	if (tail == 0) { /* nothing diverges: the start of the number, cut */
		snprintf(out, size, "%.*s%s%s", (int)(head + room), full, mark, e ? e : "");
		return strlen(out) - elen;
	}
	if (tail <= room) {
		/* agreeing characters just before the tail (agree - keep > head, as the whole
		 * does not fit) */
		size_t keep = room - tail;

		snprintf(out, size, "%.*s%s%.*s%s", (int)head, full, cut, (int)(keep + tail),
		         full + agree - keep, e ? e : "");
		return head + strlen(cut) + keep;
	}
	/* a tail longer than the room: its start, cut */
	snprintf(out, size, "%.*s%s%.*s%s%s", (int)head, full, cut, (int)(room > 1 ? room - 1 : 0),
	         full + agree, mark, e ? e : "");
	return head + strlen(cut);
}

char *fmt_ulps(double ulps, bool special, char *buf, size_t size)
{
	if (special)
		snprintf(buf, size, "n/a");
	else if (isnan(ulps))
		snprintf(buf, size, "-");
	else if (isinf(ulps))
		snprintf(buf, size, "inf");
	else if (ulps >= 1e15)
		snprintf(buf, size, "%.3g", ulps);
	else
		snprintf(buf, size, "%.0f", ulps);
	return buf;
}

double fmt_double(mpfr_srcptr v)
{
	return mpfr_get_d(v, MPFR_RNDN);
}

char *fmt_hex(mpfr_srcptr v, fp_precision p, char *buf, size_t size)
{
	if (!mpfr_number_p(v))
		return special(v, buf, size);
	if (precision_of(p)->ops.hex)
		return precision_of(p)->ops.hex(v, buf, size);
	mpfr_snprintf(buf, size, "%Ra", v);
	return buf;
}

void environment_read(environment *e)
{
	FILE *f = fopen("/proc/cpuinfo", "r");
	char line[512];

	memset(e, 0, sizeof *e);
	snprintf(e->cpu, sizeof e->cpu, "unknown");
	while (f && fgets(line, sizeof line, f)) {
		char *colon = strchr(line, ':');

		if (strncmp(line, "model name", 10) == 0 && colon) {
			snprintf(e->cpu, sizeof e->cpu, "%s", colon + 2);
			e->cpu[strcspn(e->cpu, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
#if defined(__x86_64__) || defined(__i386__)
	__builtin_cpu_init();
	e->hw_fma = __builtin_cpu_supports("fma") != 0;
#else
	e->hw_fma = -1; /* unknown */
#endif
#ifdef __clang__
	snprintf(e->compiler, sizeof e->compiler, "clang %s", __clang_version__);
#elif defined(__GNUC__)
	snprintf(e->compiler, sizeof e->compiler, "gcc %s", __VERSION__);
#else
	snprintf(e->compiler, sizeof e->compiler, "unknown");
#endif
	snprintf(e->cflags, sizeof e->cflags, "%s", FPDRIFT_BUILD_CFLAGS);
	snprintf(e->mpfr, sizeof e->mpfr, "%s", mpfr_get_version());
	snprintf(e->gmp, sizeof e->gmp, "%s", gmp_version);
	snprintf(e->openblas, sizeof e->openblas, "%s", blas_config());
	e->openblas[strcspn(e->openblas, "\n")] = '\0';
	snprintf(e->openblas_core, sizeof e->openblas_core, "%s", blas_corename());
	e->blas_fuses_f = blas_fuses_f();
	e->blas_fuses_d = blas_fuses_d();
	snprintf(e->jansson, sizeof e->jansson, "%s", JANSSON_VERSION);
}
