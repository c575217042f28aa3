/* reduce_impl.h - the reduce module's private parts, shared by reduce.c and the three
 * instantiations of reduce_source.c. Not for other modules. */
#ifndef FPDRIFT_REDUCE_IMPL_H
#define FPDRIFT_REDUCE_IMPL_H

#include <stddef.h>
#include <stdint.h>

#include "arith/exact.h"
#include "arith/prng.h"
#include "arith/reduce.h"
#include "arith/rnd.h"
#include "arith/team.h"

/* A stack of MPFR temporaries at one precision: take in LIFO order, release back to a mark.
 * The numbers are initialised once and kept, so hot loops do not allocate. */
typedef struct tmp_stack {
	mpfr_ptr *v;     /* v[0..cap) each individually allocated and initialised */
	size_t cap, top; /* v[0..top) are taken */
	mpfr_prec_t bits;
} tmp_stack;

void tmp_init(tmp_stack *t, mpfr_prec_t bits);
void tmp_clear(tmp_stack *t);
mpfr_ptr tmp_take(tmp_stack *t);

struct reduce_ctx {
	fp_knobs k;
	mpfr_prec_t bits;
	fp_emulation emu;
	const fp_format *acc; /* the _e kernels' accumulation format (reduce_set_accum) */
	reduce_info info;
	tmp_stack tmp;           /* MPFR temporaries of the calling thread */
	size_t *perm, *perm_tmp; /* permutation and merge-sort scratch */
	size_t perm_cap;
	void *gx, *gy; /* gathered terms (elements or pointers, 8 bytes each at most) */
	size_t gather_cap;
	double *diff_d; /* dist2 differences, per precision */
	float *diff_f;
	mpfr_srcptr *diff_p;
	tmp_stack diff_m;
	size_t diff_cap;
	exact_acc *exact_total; /* order=exact, made on first use */
	tmp_stack prod;         /* MPFR exact products, 2 x bits */
	mpfr_ptr *terms;        /* MPFR exact: the terms given to mpfr_sum */
	size_t terms_cap;
	uint64_t racy_seed; /* reduce_set_seed */
	prng racy_rng;      /* racy orders of short parts: the stream of (racy_seed, key) */
	team *team;         /* threads for the parts (team.h), made on first parallel use */
	/* the rounding of a reduction's parts (rnd.h): the caller's state and the fork their
	 * streams come from, set before the parts of T > 1 threads run */
	rnd_state rnd_parent;
	uint64_t rnd_fork;
};

/* The exponent range of an MPFR run, saved and set around a kernel call. */
typedef struct emu_state {
	mpfr_exp_t emin, emax;
	int active;
} emu_state;

void emu_enter(const reduce_ctx *c, emu_state *s);
void emu_leave(const emu_state *s);
/* Widen the exponent range to MPFR's maximum for an exact intermediate (exact products). */
void emu_widen(void);

/* The context's team of k.threads threads (one caller at a time: the context's own thread),
 * started on first use and joined by reduce_free. */
team *reduce_team(reduce_ctx *c);

/* Grow the context's scratch to hold n indices and n gathered pairs. */
void reduce_reserve(reduce_ctx *c, size_t n);

/* Stable merge sort of idx[0..n) by cmp (ties keep index order); tmp has room for n. */
typedef int (*perm_cmp)(const void *keys, size_t a, size_t b);
void perm_sort(size_t *idx, size_t *tmp, size_t n, perm_cmp cmp, const void *keys);
/* idx = 0..n-1 in the data order an order knob asks for, where it is a pure permutation
 * that needs no keys (seq, reverse, shuffle). */
void perm_simple(size_t *idx, size_t n, const fp_knobs *k);

/* The static schedule: part p of T over n terms starts at *start and has *len terms. */
/* A random order of idx[0..n) from g, for the racy combine's short parts (reduce.c). */
void racy_order(prng *g, size_t *idx, size_t n);
void reduce_part(size_t n, unsigned T, unsigned p, size_t *start, size_t *len);

#endif
