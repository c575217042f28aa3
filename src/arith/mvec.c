/* mvec.c - MPFR vectors: one allocation holds the length, the pointers and the numbers. */
#include "config.h"

#include "arith/mvec.h"

#include <stdalign.h>
#include <stdlib.h>

#include "util/util.h"

typedef struct mvec_head {
	size_t n;
	alignas(max_align_t) mpfr_ptr p[]; /* then n __mpfr_struct */
} mvec_head;

mpfr_ptr *mvec_new(size_t n, mpfr_prec_t bits)
{
	mvec_head *h = xmalloc(sizeof *h + n * (sizeof(mpfr_ptr) + sizeof(__mpfr_struct)));
	__mpfr_struct *store = (__mpfr_struct *)(void *)(h->p + n);

	h->n = n;
	for (size_t i = 0; i < n; i++) {
		h->p[i] = &store[i];
		mpfr_init2(h->p[i], bits);
		mpfr_set_zero(h->p[i], 1);
	}
	return h->p;
}

static mvec_head *head(mpfr_ptr *const v)
{
	return (mvec_head *)(void *)((char *)v - offsetof(mvec_head, p));
}

size_t mvec_len(mpfr_ptr *const v)
{
	return v ? head(v)->n : 0;
}

void mvec_free(mpfr_ptr *v)
{
	mvec_head *h;

	if (!v)
		return;
	h = head(v);
	for (size_t i = 0; i < h->n; i++)
		mpfr_clear(v[i]);
	free(h);
}
