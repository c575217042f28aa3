/* test_fma.c - fma really fuses, and nothing else does: the library is built with
 * -ffp-contract=off (checked by configure), so a*b + c is two roundings unless asked. */
#include "config.h"

#include <criterion/criterion.h>
#include <math.h>

#include "arith/reduce.h"
#include "helpers.h"

/* volatile keeps the compiler from folding the expressions at build time */
static volatile double va = 1.0 + 0x1p-52, vb = 1.0 - 0x1p-52, vc = -1.0;
static volatile float fa = 1.0f + 0x1p-23f, fb = 1.0f - 0x1p-23f, fc = -1.0f;

Test(fma, fma_fuses_double)
{
	double a = va, b = vb, c = vc;

	/* a*b = 1 - 2^-104 exactly: rounded it is 1, so a*b + c is 0; fused it is -2^-104 */
	cr_assert(bits_eq_d(a * b + c, 0.0), "a*b + c = %a: the compiler contracted it", a * b + c);
	cr_assert(bits_eq_d(fma(a, b, c), -0x1p-104), "fma = %a", fma(a, b, c));
}

Test(fma, fma_fuses_float)
{
	float a = fa, b = fb, c = fc;

	cr_assert(bits_eq_f(a * b + c, 0.0f));
	cr_assert(bits_eq_f(fmaf(a, b, c), -0x1p-46f), "fmaf = %a", (double)fmaf(a, b, c));
}

Test(fma, mpfr_fma_agrees)
{
	mpfr_t a, b, c, r;

	mpfr_inits2(53, a, b, c, r, (mpfr_ptr)0);
	mpfr_set_d(a, va, MPFR_RNDN);
	mpfr_set_d(b, vb, MPFR_RNDN);
	mpfr_set_d(c, vc, MPFR_RNDN);
	mpfr_fma(r, a, b, c, MPFR_RNDN);
	ASSERT_BITS_D(mpfr_get_d(r, MPFR_RNDN), -0x1p-104);
	mpfr_clears(a, b, c, r, (mpfr_ptr)0);
}

Test(fma, the_engine_fuses_only_when_told)
{
	fp_knobs k = knobs_default();
	reduce_ctx *c;
	double x[] = {-1.0, va}, y[] = {1.0, vb}, d;

	c = reduce_new(&k, 53, FP_EMU_NONE, NULL);
	reduce_dot_d(c, x, y, 2, &d);
	cr_assert(bits_eq_d(d, 0.0), "fma off: %a", d);
	reduce_free(c);
	k.fma = true;
	c = reduce_new(&k, 53, FP_EMU_NONE, NULL);
	reduce_dot_d(c, x, y, 2, &d);
	cr_assert(bits_eq_d(d, -0x1p-104), "fma on: %a", d);
	reduce_free(c);
}
