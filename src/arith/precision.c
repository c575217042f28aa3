/* precision.c - the precision table; see precision.h. */
#include "config.h"

#include "arith/precision.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/blas.h"
#include "arith/metric.h"
#include "util/util.h"

/* ANSI colour numbers, as curses' COLOR_RED ... COLOR_CYAN are defined. */
enum {
	ANSI_RED = 1,
	ANSI_GREEN = 2,
	ANSI_YELLOW = 3,
	ANSI_BLUE = 4,
	ANSI_MAGENTA = 5,
	ANSI_CYAN = 6
};

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

/* ---- the formats emulated in double (fmt.h) ------------------------------------------------ */

/* The custom format (precision_set_custom); its name stays empty until it is set. */
static fp_format custom_fmt;

/* A fixed format's value v (an MPFR number holding a value of the format) as a double. */
static double emu_get(const fp_format *f, mpfr_srcptr v)
{
	return fmt_round_mpfr(f, v);
}

static char *emu_shortest(const fp_format *f, mpfr_srcptr v, char *buf, size_t size)
{
	return fmt_shortest(f, emu_get(f, v), buf, size);
}

static char *emu_hex(const fp_format *f, mpfr_srcptr v, char *buf, size_t size)
{
	snprintf(buf, size, "%a", emu_get(f, v));
	return buf;
}

static fp_status emu_ulps(const fp_format *f, mpfr_srcptr x, mpfr_srcptr y, uint64_t *u)
{
	return fmt_ulps_in(f, emu_get(f, x), emu_get(f, y), u);
}

static fp_status emu_mitigate(const fp_format *f, const mitig *m, mpfr_ptr v)
{
	double d;
	fp_status st = mitig_apply_fmt(f, m, emu_get(f, v), &d);

	mpfr_set_d(v, d, MPFR_RNDN);
	return st;
}

static void emu_round_exact(const fp_format *f, exact_acc *a, mpfr_ptr out)
{
	mpfr_set_d(out, exact_round_fmt(a, f), MPFR_RNDN);
}

/* The ops of a row whose format is F (an expression of type const fp_format *). */
#define EMU_OPS(NAME, F)                                                                           \
	static char *NAME##_shortest(mpfr_srcptr v, char *buf, size_t size)                        \
	{                                                                                          \
		return emu_shortest(F, v, buf, size);                                              \
	}                                                                                          \
	static char *NAME##_hex(mpfr_srcptr v, char *buf, size_t size)                             \
	{                                                                                          \
		return emu_hex(F, v, buf, size);                                                   \
	}                                                                                          \
	static fp_status NAME##_ulps(mpfr_srcptr x, mpfr_srcptr y, uint64_t *u)                    \
	{                                                                                          \
		return emu_ulps(F, x, y, u);                                                       \
	}                                                                                          \
	static fp_status NAME##_mitigate(const mitig *m, mpfr_ptr v)                               \
	{                                                                                          \
		return emu_mitigate(F, m, v);                                                      \
	}                                                                                          \
	static bool NAME##_blas_fuses(void)                                                        \
	{                                                                                          \
		return false;                                                                      \
	}                                                                                          \
	static void NAME##_round_exact(exact_acc *a, mpfr_ptr out)                                 \
	{                                                                                          \
		emu_round_exact(F, a, out);                                                        \
	}

EMU_OPS(fp16, &fmt_fp16)
EMU_OPS(bf16, &fmt_bf16)
EMU_OPS(tf32, &fmt_tf32)
EMU_OPS(e4m3, &fmt_e4m3)
EMU_OPS(e4m3_sat, &fmt_e4m3_sat)
EMU_OPS(e5m2, &fmt_e5m2)
EMU_OPS(e5m2_sat, &fmt_e5m2_sat)
EMU_OPS(custom, &custom_fmt)

#define OPS_OF(NAME)                                                                               \
	{                                                                                          \
		NAME##_shortest, NAME##_hex, NAME##_ulps, NAME##_mitigate, NAME##_blas_fuses,      \
		    NAME##_round_exact                                                             \
	}

/* An emulated format's row: its name, p, IEEE emin and emax (the row keeps MPFR's: emin plus
 * one, emax plus one) and digits, as its fmt.h format has them (test_fmt compares the two). */
#define EMU_ROW(NAME, F, STR, P, EMIN, EMAX, DIGITS, COLOR, HTML, MARK, ACC)                       \
	{                                                                                          \
		.name = STR, .bits = P, .emin = (EMIN) + 1, .emax = (EMAX) + 1, .digits = DIGITS,  \
		.ansi_color = COLOR, .html_color = HTML, .mark = MARK, .fmt = F, .emulated = true, \
		.accumulates = ACC, .ops = OPS_OF(NAME)                                            \
	}

const precision_desc precision_table[FP_PRECISION_COUNT] = {
    [FP_FLOAT] = {.name = "float",
                  .bits = 24,
                  .emin = -125,
                  .emax = 128,
                  .digits = 9,
                  .ansi_color = ANSI_MAGENTA,
                  .html_color = "#b03aa8",
                  .mark = 'f',
                  .blas = true,
                  .by_default = true,
                  .fmt = &fmt_binary32,
                  .accumulates = true,
                  .ops = {float_shortest, float_hex, float_ulps, float_mitigate, blas_fuses_f,
                          float_round_exact}},
    [FP_DOUBLE] = {.name = "double",
                   .bits = 53,
                   .emin = -1021,
                   .emax = 1024,
                   .digits = 17,
                   .ansi_color = ANSI_BLUE,
                   .html_color = "#2b6cc4",
                   .mark = 'd',
                   .blas = true,
                   .primary = true,
                   .by_default = true,
                   .fmt = &fmt_binary64,
                   .accumulates = true,
                   .ops = {double_shortest, double_hex, double_ulps, double_mitigate, blas_fuses_d,
                           double_round_exact}},
    [FP_FP16] = EMU_ROW(fp16, &fmt_fp16, "fp16", 11, -14, 15, 5, ANSI_CYAN, "#0f8b8d", 'h', true),
    [FP_BF16] =
        EMU_ROW(bf16, &fmt_bf16, "bf16", 8, -126, 127, 4, ANSI_YELLOW, "#b8860b", 'b', true),
    [FP_TF32] = EMU_ROW(tf32, &fmt_tf32, "tf32", 11, -126, 127, 5, ANSI_RED, "#c0392b", 't', true),
    [FP_E4M3] = EMU_ROW(e4m3, &fmt_e4m3, "fp8e4m3", 4, -6, 8, 3, ANSI_CYAN, "#5d6d7e", '4', false),
    [FP_E4M3_SAT] = EMU_ROW(e4m3_sat, &fmt_e4m3_sat, "fp8e4m3-sat", 4, -6, 8, 3, ANSI_YELLOW,
                            "#8e44ad", '$', false),
    [FP_E5M2] = EMU_ROW(e5m2, &fmt_e5m2, "fp8e5m2", 3, -14, 15, 2, ANSI_RED, "#d35400", '5', false),
    [FP_E5M2_SAT] = EMU_ROW(e5m2_sat, &fmt_e5m2_sat, "fp8e5m2-sat", 3, -14, 15, 2, ANSI_MAGENTA,
                            "#7f8c8d", '%', false),
    [FP_CUSTOM] = {.name = "custom",
                   .ansi_color = ANSI_BLUE,
                   .html_color = "#34495e",
                   .mark = 'c',
                   .emulated = true,
                   .ops = OPS_OF(custom)},
    [FP_MPFR] = {.name = "mpfr",
                 .ansi_color = ANSI_GREEN,
                 .html_color = "#2a9d4b",
                 .mark = 'm',
                 .by_default = true,
                 .ops = {NULL, NULL, NULL, NULL, NULL, NULL}},
};

const precision_desc *precision_of(fp_precision p)
{
	ASSERTN((unsigned)p < FP_PRECISION_COUNT);
	return &precision_table[p];
}

const fp_format *precision_format(fp_precision p)
{
	if (p == FP_CUSTOM)
		return custom_fmt.name[0] ? &custom_fmt : NULL;
	return precision_of(p)->fmt;
}

bool precision_emulated(fp_precision p)
{
	return precision_of(p)->emulated;
}

bool precision_set_custom(const char *s, char *err, size_t errsize)
{
	fp_format f;

	if (!fmt_parse_custom(s, &f, err, errsize))
		return false;
	if (custom_fmt.name[0] && strcmp(custom_fmt.name, f.name) != 0) {
		snprintf(err, errsize, "%s: one custom format per run, and %s is already chosen", s,
		         custom_fmt.name);
		return false;
	}
	custom_fmt = f;
	return true;
}

mpfr_prec_t precision_bits(fp_precision p, mpfr_prec_t mpfr_bits)
{
	const fp_format *f = precision_format(p);

	if (p == FP_MPFR)
		return mpfr_bits;
	return f ? (mpfr_prec_t)f->p : FMT_P_MAX; /* custom before it is set: a placeholder */
}

int precision_round_q(fp_precision p, const mpq_t q, mpfr_ptr out)
{
	const fp_format *f = precision_format(p);
	int inex;

	if (p == FP_MPFR || !f)
		return mpfr_set_q(out, q, MPFR_RNDN);
	ASSERTN(mpfr_get_prec(out) == f->p);
	inex = mpfr_set_q(out, q, MPFR_RNDN);
	fmt_finish_mpfr(f, out, inex); /* the range, subnormals and overflow rule */
	if (mpfr_nan_p(out))
		return 1;
	inex = mpfr_cmp_q(out, q);
	return inex > 0 ? 1 : inex < 0 ? -1 : 0;
}

const char *precision_label(fp_precision p, mpfr_prec_t mpfr_bits, char *buf, size_t size)
{
	const precision_desc *d = precision_of(p);

	if (p == FP_MPFR)
		snprintf(buf, size, "%s-%ld", d->name, (long)mpfr_bits);
	else if (p == FP_CUSTOM && custom_fmt.name[0])
		snprintf(buf, size, "%s", custom_fmt.name);
	else
		snprintf(buf, size, "%s", d->name);
	return buf;
}
