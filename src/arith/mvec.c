/* mvec.c - MPFR vectors: one allocation holds the length, the pointers and the numbers. */
#include "config.h"

#include "arith/mvec.h"

#include <stdalign.h>
#include <stdlib.h>

#include "util/util.h"

typedef struct mvec_head {
	size_t n;
	alignas(max_align_t) mpfr_ptr p[]; /* then n __mpfr_struct, then n significands */
} mvec_head;

/* The numbers are MPFR's custom-allocated kind (mpfr_custom_init_set, "Custom Interface" in
 * the MPFR manual): their significands live in the same allocation, so a vector of 10^7
 * numbers is one malloc, not 10^7 + 1. Such numbers must not be resized (mpfr_set_prec) or
 * cleared (mpfr_clear) or swapped with others: mvec's users only read and write them. */
mpfr_ptr *mvec_new(size_t n, mpfr_prec_t bits)
{
	size_t sig = mpfr_custom_get_size(bits); /* bytes, a whole number of limbs */
	size_t head_bytes = sizeof(mvec_head) + n * (sizeof(mpfr_ptr) + sizeof(__mpfr_struct));
	mvec_head *h;
	__mpfr_struct *store;
	char *limbs;

	head_bytes = (head_bytes + sizeof(mp_limb_t) - 1) / sizeof(mp_limb_t) * sizeof(mp_limb_t);
	h = xmalloc(head_bytes + n * sig);
	store = (__mpfr_struct *)(void *)(h->p + n);
	limbs = (char *)h + head_bytes;
	h->n = n;
	for (size_t i = 0; i < n; i++) {
		void *m = limbs + i * sig;

		h->p[i] = &store[i];
		mpfr_custom_init(m, bits);
		mpfr_custom_init_set(h->p[i], MPFR_ZERO_KIND, 0, bits, m);
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
	if (v)
		free(head(v)); /* custom numbers: nothing of theirs is allocated elsewhere */
}

size_t mvec_bytes(mpfr_prec_t bits)
{
	return sizeof(mpfr_ptr) + sizeof(__mpfr_struct) + mpfr_custom_get_size(bits);
}
