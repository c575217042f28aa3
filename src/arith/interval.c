/* interval.c - MPFI vectors and the operations MPFI does not have; see interval.h. */
#include "config.h"

#include "arith/interval.h"

#include <stdalign.h>
#include <stdlib.h>

#include "util/util.h"

typedef struct ivec_head {
	size_t n;
	alignas(max_align_t) mpfi_ptr p[]; /* then n __mpfi_struct */
} ivec_head;

mpfi_ptr *ivec_new(size_t n, mpfr_prec_t bits)
{
	ivec_head *h = xmalloc(sizeof *h + n * (sizeof(mpfi_ptr) + sizeof(__mpfi_struct)));
	__mpfi_struct *store = (__mpfi_struct *)(void *)(h->p + n);

	h->n = n;
	for (size_t i = 0; i < n; i++) {
		h->p[i] = &store[i];
		mpfi_init2(h->p[i], bits);
		mpfi_set_ui(h->p[i], 0);
	}
	return h->p;
}

void ivec_free(mpfi_ptr *v)
{
	ivec_head *h;

	if (!v)
		return;
	h = (ivec_head *)(void *)((char *)v - offsetof(ivec_head, p));
	for (size_t i = 0; i < h->n; i++)
		mpfi_clear(v[i]);
	free(h);
}

void interval_fma(mpfi_ptr r, mpfi_srcptr a, mpfi_srcptr b, mpfi_srcptr s)
{
	mpfi_t t;

	mpfi_init2(t, mpfi_get_prec(r));
	mpfi_mul(t, a, b);
	mpfi_add(r, t, s);
	mpfi_clear(t);
}

fp_status reduce_sum_i(reduce_ctx *rc, mpfi_srcptr const *x, size_t n, mpfi_ptr out)
{
	mpfi_t acc;

	(void)rc;
	mpfi_init2(acc, mpfi_get_prec(out));
	mpfi_set_ui(acc, 0);
	for (size_t i = 0; i < n; i++)
		mpfi_add(acc, acc, x[i]);
	mpfi_set(out, acc);
	mpfi_clear(acc);
	return FP_OK;
}

fp_status reduce_dot_i(reduce_ctx *rc, mpfi_srcptr const *x, mpfi_srcptr const *y, size_t n,
                       mpfi_ptr out)
{
	mpfi_t acc, t;

	(void)rc;
	mpfi_init2(acc, mpfi_get_prec(out));
	mpfi_init2(t, mpfi_get_prec(out));
	mpfi_set_ui(acc, 0);
	for (size_t i = 0; i < n; i++) {
		mpfi_mul(t, x[i], y[i]);
		mpfi_add(acc, acc, t);
	}
	mpfi_set(out, acc);
	mpfi_clear(acc);
	mpfi_clear(t);
	return FP_OK;
}
