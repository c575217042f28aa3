/* certify.c - Ziv's strategy over interval enclosures; see certify.h. */
#include "config.h"

#include "workload/certify.h"

#include <stdio.h>
#include <string.h>

#include <gmp.h>

#include "arith/precision.h"
#include "util/util.h"

void wl_result_add_i(wl_result *r, const wl_output_desc *d, size_t i, size_t j, mpfi_srcptr v)
{
	mpfr_t b;

	mpfr_init2(b, mpfi_get_prec(v));
	mpfi_get_left(b, v);
	wl_result_add_m(r, d, i, j, b);
	mpfi_get_right(b, v);
	mpfr_set(r->out[r->nout - 1].raw, b, MPFR_RNDN);
	r->nonfinite |= !mpfr_number_p(b);
	mpfr_clear(b);
}

/* out = the finite x rounded once to the format of w. */
static void round_to_format(const wl_ctx *w, mpfr_srcptr x, mpfr_ptr out)
{
	mpq_t q;

	mpq_init(q);
	mpfr_get_q(q, x); /* exact */
	precision_round_q(w->prec, q, out);
	mpq_clear(q);
}

/* Do both bounds of interval output o round to the same value of w's format? That value in
 * v (of the format's bits). */
static bool decided(const wl_ctx *w, const wl_output *o, mpfr_ptr v)
{
	mpfr_t hi;
	bool same;

	if (!mpfr_number_p(o->value) || !mpfr_number_p(o->raw))
		return false;
	mpfr_init2(hi, mpfr_get_prec(v));
	round_to_format(w, o->value, v);
	round_to_format(w, o->raw, hi);
	same = mpfr_equal_p(v, hi) && mpfr_signbit(v) == mpfr_signbit(hi);
	mpfr_clear(hi);
	return same;
}

/* May an enclosure at bits bits be computed? */
static bool within_limits(mpfr_prec_t bits, double work)
{
	return bits <= CERTIFY_MAX_BITS && work * (double)bits <= CERTIFY_WORK_BITS_MAX;
}

bool certify_ziv(const wl_ctx *w, const wl_params *p, const dataset *d, certify_run_fn run,
                 double work, wl_result *r)
{
	const mpfr_prec_t fmt = precision_bits(w->prec, w->bits);
	wl_ctx iw = *w;
	mpfr_t v;
	bool ok = false;
	char why[sizeof r->note] = "";

	memset(r, 0, sizeof *r);
	iw.round_out.kind = MITIG_NONE;
	iw.round_inside.kind = MITIG_NONE;
	iw.progress = NULL;
	mpfr_init2(v, fmt);
	iw.bits = 2 * fmt + 64;
	if (!within_limits(iw.bits, work))
		snprintf(why, sizeof why,
		         "uncertified: an enclosure of this size at %ld bits would cost more than "
		         "the certification's budget",
		         (long)iw.bits);
	for (; !ok && within_limits(iw.bits, work); iw.bits *= 2) {
		wl_result enc;
		fp_status st = run(&iw, p, d, &enc);
		size_t i;

		if (st != FP_OK || enc.cancelled) {
			snprintf(why, sizeof why, "uncertified: %s",
			         enc.cancelled ? "cancelled" : status_str(st));
			wl_result_clear(&enc);
			break;
		}
		for (i = 0; i < enc.nout && decided(w, &enc.out[i], v); i++)
			;
		if (i == enc.nout) {
			mpfr_t mid;

			mpfr_init2(mid, iw.bits);
			for (i = 0; i < enc.nout; i++) {
				const wl_output *o = &enc.out[i];

				decided(w, o, v);
				/* the midpoint, within half the enclosure's width of the exact
				 * value */
				mpfr_add(mid, o->value, o->raw, MPFR_RNDN);
				mpfr_div_2ui(mid, mid, 1, MPFR_RNDN);
				wl_result_add_exact(r, o->desc, o->i, o->j, v, mid);
			}
			mpfr_clear(mid);
			r->iterations = enc.iterations;
			ok = true;
		} else {
			snprintf(why, sizeof why,
			         "uncertified: the enclosure of %s at %ld bits does not decide its "
			         "rounding%s",
			         enc.out[i].name, (long)iw.bits,
			         within_limits(2 * iw.bits, work)
			             ? ""
			             : (2 * iw.bits > CERTIFY_MAX_BITS
			                    ? ", and no more bits are tried"
			                    : ", and more bits would cost more than the budget"));
		}
		wl_result_clear(&enc);
	}
	mpfr_clear(v);
	if (!ok) {
		wl_result_clear(r);
		memset(r, 0, sizeof *r);
		snprintf(r->note, sizeof r->note, "%s", why);
	}
	return ok;
}
