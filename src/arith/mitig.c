/* mitig.c - rounding and truncation mitigations; see mitig.h. */
#include "config.h"

#include "arith/mitig.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

bool mitig_parse(const char *s, mitig *out)
{
	static const struct {
		const char *prefix;
		mitig_kind kind;
	} kinds[] = {{"round:", MITIG_ROUND}, {"trunc:", MITIG_TRUNC}, {"bits:", MITIG_BITS}};

	if (!s)
		return false;
	if (strcmp(s, "none") == 0 || strcmp(s, "sig") == 0) {
		out->kind = s[0] == 'n' ? MITIG_NONE : MITIG_SIG;
		out->n = 0;
		return true;
	}
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		size_t len = strlen(kinds[i].prefix);
		char *end;
		unsigned long v;

		if (strncmp(s, kinds[i].prefix, len) != 0)
			continue;
		if (s[len] < '0' || s[len] > '9')
			return false;
		errno = 0;
		v = strtoul(s + len, &end, 10);
		if (errno || *end || v == 0 || v > 100000)
			return false;
		out->kind = kinds[i].kind;
		out->n = (unsigned)v;
		return true;
	}
	return false;
}

char *mitig_describe(const mitig *m, char *buf, size_t size)
{
	static const char *const names[] = {"none", "round", "trunc", "bits", "sig"};

	if (m->kind == MITIG_NONE || m->kind == MITIG_SIG)
		snprintf(buf, size, "%s", names[m->kind]);
	else
		snprintf(buf, size, "%s:%u", names[m->kind], m->n);
	return buf;
}

/* Most decimal digits that can matter at prec bits: ceil(prec log10 2) + 1. */
static unsigned max_digits(mpfr_prec_t prec)
{
	return (unsigned)ceil((double)prec * log10(2.0)) + 1;
}

mitig mitig_clamp(const mitig *m, mpfr_prec_t prec, bool *clamped)
{
	mitig c = *m;
	unsigned most = m->kind == MITIG_BITS ? (unsigned)prec : max_digits(prec);

	*clamped = m->kind != MITIG_NONE && m->kind != MITIG_SIG && m->n > most;
	if (*clamped)
		c.n = most;
	return c;
}

static fp_status check(const mitig *m, mpfr_prec_t prec)
{
	if (m->kind == MITIG_NONE || m->kind == MITIG_SIG)
		return FP_OK;
	if (m->n == 0 || (m->kind == MITIG_BITS ? m->n > (unsigned)prec : m->n > max_digits(prec)))
		return FP_EDIGITS;
	return FP_OK;
}

/* Write x (finite, nonzero) to N significant decimal digits as "[-]0.DDDe[+-]X" in buf. */
static void decimal(mpfr_srcptr x, unsigned digits, mpfr_rnd_t rnd, char *buf, size_t size)
{
	mpfr_exp_t e;
	char *s = mpfr_get_str(NULL, &e, 10, digits, x, rnd);
	int neg = s[0] == '-';

	snprintf(buf, size, "%s0.%se%ld", neg ? "-" : "", s + neg, (long)e);
	mpfr_free_str(s);
}

/* The mitigation of x into out (any precision), with native parsing left to the callers. */
static void apply_mpfr(const mitig *m, mpfr_srcptr x, mpfr_ptr out, char *buf, size_t size)
{
	if (m->kind == MITIG_BITS) {
		mpfr_t t;

		mpfr_init2(t, (mpfr_prec_t)m->n);
		mpfr_set(t, x, MPFR_RNDN);
		mpfr_set(out, t, MPFR_RNDN);
		mpfr_clear(t);
		return;
	}
	decimal(x, m->n, m->kind == MITIG_ROUND ? MPFR_RNDN : MPFR_RNDZ, buf, size);
}

#define DEC_BUF 64

/* The checks every mitigation of a double-held value starts with: false when they decide (*st
 * the error, or FP_OK with *out = x: nothing to do for no mitigation, zeros, NaN, infinities). */
static bool needs_work(const mitig *m, mpfr_prec_t prec, double x, double *out, fp_status *st)
{
	*st = check(m, prec);
	if (*st != FP_OK)
		return false;
	if (m->kind == MITIG_NONE || m->kind == MITIG_SIG || !isfinite(x) || !(fabs(x) > 0.0)) {
		*out = x;
		return false;
	}
	return true;
}

fp_status mitig_apply_d(const mitig *m, double x, double *out)
{
	fp_status st;
	char buf[DEC_BUF];
	mpfr_t t;

	if (!needs_work(m, 53, x, out, &st))
		return st;
	mpfr_init2(t, 53);
	mpfr_set_d(t, x, MPFR_RNDN);
	apply_mpfr(m, t, t, buf, sizeof buf);
	*out = m->kind == MITIG_BITS ? mpfr_get_d(t, MPFR_RNDN) : strtod(buf, NULL);
	mpfr_clear(t);
	return FP_OK;
}

/* The decimal (or N-bit) result is formed at 2p + 64 bits and rounded once to f: a decimal of
 * at most f's own digits that is not exact at that precision lies further than 2^-(2p+64)
 * relative from every midpoint of f, so the second rounding cannot move it across one. */
fp_status mitig_apply_fmt(const fp_format *f, const mitig *m, double x, double *out)
{
	fp_status st;
	char buf[DEC_BUF];
	mpfr_t t;

	if (!needs_work(m, f->p, x, out, &st))
		return st;
	mpfr_init2(t, 2 * f->p + 64);
	mpfr_set_d(t, x, MPFR_RNDN);
	apply_mpfr(m, t, t, buf, sizeof buf);
	if (m->kind != MITIG_BITS)
		mpfr_strtofr(t, buf, NULL, 10, MPFR_RNDN);
	*out = fmt_round_mpfr(f, t);
	mpfr_clear(t);
	return FP_OK;
}

fp_status mitig_apply_f(const mitig *m, float x, float *out)
{
	fp_status st = check(m, 24);
	char buf[DEC_BUF];
	mpfr_t t;

	if (st != FP_OK)
		return st;
	if (m->kind == MITIG_NONE || m->kind == MITIG_SIG || !isfinite(x) || !(fabsf(x) > 0.0f)) {
		*out = x;
		return FP_OK;
	}
	mpfr_init2(t, 24);
	mpfr_set_flt(t, x, MPFR_RNDN);
	apply_mpfr(m, t, t, buf, sizeof buf);
	*out = m->kind == MITIG_BITS ? mpfr_get_flt(t, MPFR_RNDN) : strtof(buf, NULL);
	mpfr_clear(t);
	return FP_OK;
}

fp_status mitig_apply_m(const mitig *m, mpfr_srcptr x, mpfr_ptr out)
{
	fp_status st = check(m, mpfr_get_prec(x));
	size_t size;
	char *buf;

	if (st != FP_OK)
		return st;
	if (m->kind == MITIG_NONE || m->kind == MITIG_SIG || !mpfr_regular_p(x)) {
		mpfr_set(out, x, MPFR_RNDN);
		return FP_OK;
	}
	if (m->kind == MITIG_BITS) {
		apply_mpfr(m, x, out, NULL, 0);
		return FP_OK;
	}
	size = m->n + 40;
	buf = xmalloc(size);
	apply_mpfr(m, x, out, buf, size);
	mpfr_strtofr(out, buf, NULL, 10, MPFR_RNDN);
	free(buf);
	return FP_OK;
}
