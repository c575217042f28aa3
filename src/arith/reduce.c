/* reduce.c - the precision-generic kernels: the parts every precision shares, then
 * reduce_source.c instantiated for float, double and MPFR (the GSL templates_on.h idea). */
#include "config.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arith/blas.h"
#include "arith/exact.h"
#include "arith/mvec.h"
#include "arith/prng.h"
#include "arith/reduce_impl.h"
#include "arith/seq1.h"
#include "util/util.h"

/* ---- MPFR temporaries ------------------------------------------------------------------ */

void tmp_init(tmp_stack *t, mpfr_prec_t bits)
{
	t->v = NULL;
	t->cap = t->top = 0;
	t->bits = bits;
}

void tmp_clear(tmp_stack *t)
{
	for (size_t i = 0; i < t->cap; i++) {
		mpfr_clear(t->v[i]);
		free(t->v[i]);
	}
	free(t->v);
	t->v = NULL;
	t->cap = t->top = 0;
}

mpfr_ptr tmp_take(tmp_stack *t)
{
	if (t->top == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;

		t->v = xreallocarray(t->v, cap, sizeof *t->v);
		for (size_t i = t->cap; i < cap; i++) {
			t->v[i] = xmalloc(sizeof(__mpfr_struct));
			mpfr_init2(t->v[i], t->bits);
		}
		t->cap = cap;
	}
	return t->v[t->top++];
}

/* ---- contexts ------------------------------------------------------------------------- */

reduce_ctx *reduce_new(const fp_knobs *k, mpfr_prec_t bits, fp_emulation emu, fp_status *st)
{
	reduce_ctx *c;
	fp_status s = knobs_check(k);

	if (s == FP_OK && (bits < FP_BITS_MIN || bits > FP_BITS_MAX))
		s = FP_EBITS;
	if (s == FP_OK && emu && bits != emu->p)
		s = FP_EBITS;
	if (st)
		*st = s;
	if (s != FP_OK)
		return NULL;
	c = xcalloc(1, sizeof *c);
	c->k = *k;
	c->bits = bits;
	c->emu = emu;
	c->acc = emu;
	tmp_init(&c->tmp, bits);
	tmp_init(&c->diff_m, bits);
	tmp_init(&c->prod, 2 * bits);
	reduce_set_seed(c, 0);
	return c;
}

void reduce_free(reduce_ctx *c)
{
	if (!c)
		return;
	tmp_clear(&c->tmp);
	tmp_clear(&c->diff_m);
	tmp_clear(&c->prod);
	free(c->terms);
	free(c->perm);
	free(c->perm_tmp);
	free(c->gx);
	free(c->gy);
	free(c->diff_d);
	free(c->diff_f);
	free(c->diff_p);
	exact_free(c->exact_total);
	team_free(c->team);
	free(c);
}

void reduce_set_accum(reduce_ctx *c, const fp_format *acc)
{
	c->acc = acc ? acc : c->emu;
}

const fp_knobs *reduce_knobs(const reduce_ctx *c)
{
	return &c->k;
}

mpfr_prec_t reduce_bits(const reduce_ctx *c)
{
	return c->bits;
}

void reduce_set_seed(reduce_ctx *c, uint64_t seed)
{
	c->racy_seed = seed;
	reduce_set_stream(c, 0);
}

void reduce_set_stream(reduce_ctx *c, uint64_t key)
{
	/* two splitmix64 steps keep nearby (seed, key) pairs apart */
	uint64_t st = c->racy_seed, mixed = prng_splitmix64(&st) ^ key;

	prng_seed(&c->racy_rng, prng_splitmix64(&mixed));
}

const reduce_info *reduce_last(const reduce_ctx *c)
{
	return &c->info;
}

void reduce_reserve(reduce_ctx *c, size_t n)
{
	if (n <= c->perm_cap)
		return;
	c->perm = xreallocarray(c->perm, n, sizeof *c->perm);
	c->perm_tmp = xreallocarray(c->perm_tmp, n, sizeof *c->perm_tmp);
	c->gx = xreallocarray(c->gx, n, 8);
	c->gy = xreallocarray(c->gy, n, 8);
	c->perm_cap = c->gather_cap = n;
}

/* The context's team of k.threads threads, started on first use. */
team *reduce_team(reduce_ctx *c)
{
	if (!c->team)
		c->team = team_new(c->k.threads);
	return c->team;
}

/* ---- exponent range for emulation ------------------------------------------------------- */

void emu_enter(const reduce_ctx *c, emu_state *s)
{
	s->active = c->emu != FP_EMU_NONE;
	if (!s->active)
		return;
	fmt_mpfr_enter(c->emu, &s->emin, &s->emax);
}

void emu_leave(const emu_state *s)
{
	if (!s->active)
		return;
	mpfr_set_emin(s->emin);
	mpfr_set_emax(s->emax);
}

void emu_widen(void)
{
	mpfr_set_emin(mpfr_get_emin_min());
	mpfr_set_emax(mpfr_get_emax_max());
}

/* ---- permutations and schedule ---------------------------------------------------------- */

void perm_sort(size_t *idx, size_t *tmp, size_t n, perm_cmp cmp, const void *keys)
{
	/* bottom-up merge sort: stable, O(n log n), no recursion */
	size_t *src = idx, *dst = tmp;

	for (size_t w = 1; w < n; w *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * w) {
			size_t mid = lo + w < n ? lo + w : n, hi = lo + 2 * w < n ? lo + 2 * w : n;
			size_t a = lo, b = mid, o = lo;

			while (a < mid && b < hi)
				dst[o++] = cmp(keys, src[b], src[a]) < 0 ? src[b++] : src[a++];
			while (a < mid)
				dst[o++] = src[a++];
			while (b < hi)
				dst[o++] = src[b++];
		}
		size_t *t = src;
		src = dst;
		dst = t;
	}
	if (src != idx)
		memcpy(idx, src, n * sizeof *idx);
}

void perm_simple(size_t *idx, size_t n, const fp_knobs *k)
{
	for (size_t i = 0; i < n; i++)
		idx[i] = k->order == FP_ORDER_REVERSE ? n - 1 - i : i;
	if (k->order == FP_ORDER_SHUFFLE) {
		prng p;

		prng_seed(&p, k->shuffle_seed);
		prng_shuffle(&p, idx, n);
	}
}

/* A random order of idx[0..n): for n <= 12 from one 64-bit draw r, a Fisher-Yates shuffle
 * (Knuth, TAOCP vol. 2, Algorithm P) whose choices are the mixed-radix digits of r / 2^64:
 * j = floor(f i), f = f i - j, with f in 64-bit fixed point, computed exactly in 128 bits.
 * The digits are those of floor(r n! / 2^64), so each of the n! orders has probability
 * within n!/2^64 < 3e-11 of 1/n!, relative. Larger n shuffle with prng_below. */
void racy_order(prng *g, size_t *idx, size_t n)
{
	uint64_t r;

	if (n > 12) {
		prng_shuffle(g, idx, n);
		return;
	}
	r = prng_next(g);
	for (size_t i = n; i > 1; i--) {
		unsigned __int128 m = (unsigned __int128)r * i;
		size_t j = (size_t)(m >> 64), t = idx[i - 1];

		r = (uint64_t)m;
		idx[i - 1] = idx[j];
		idx[j] = t;
	}
}

void reduce_part(size_t n, unsigned T, unsigned p, size_t *start, size_t *len)
{
	size_t base = n / T, rem = n % T;

	*start = p * base + (p < rem ? p : rem);
	*len = base + (p < rem);
}

/* The exact sum rounded once to f in the thread's rounding (an exact zero: -0 when rounding
 * down and the terms cancel, as IEEE 754 and mpfr_sum have it). */
static double exact_round_rnd(exact_acc *a, const fp_format *f)
{
	mpfr_t X;
	double d;
	int t;

	mpfr_init2(X, 128);
	t = exact_get_mpfr(a, X, rnd_tls.mode == FP_ROUNDING_DOWN ? MPFR_RNDD : MPFR_RNDN);
	d = mpfr_zero_p(X) ? (mpfr_signbit(X) ? -0.0 : 0.0) : rnd_round_mpfr(f, X, t);
	mpfr_clear(X);
	return d;
}

/* ---- the three instantiations ----------------------------------------------------------- */

/* The kernels' own per-precision names, then the shared arithmetic of each precision. */
#define EXACT_ADD(a, x, n) exact_add_floats((a), (x), (n))
#define EXACT_ADD_PRODUCTS(a, x, y, n) exact_add_products_f((a), (x), (y), (n))
#define EXACT_ROUND(c, a) exact_round_f(a)
#define BLAS_DOT blas_dot_f
#define BLAS_GEMM blas_gemm_f
#define DIFF_BUF(c) ((c)->diff_f)
#define FP_TEMPLATE FP_T_FLOAT
#include "arith/templates_on.h"
#include "arith/reduce_source.c"
#include "arith/templates_off.h"

#define EXACT_ADD(a, x, n) exact_add_doubles((a), (x), (n))
#define EXACT_ADD_PRODUCTS(a, x, y, n) exact_add_products_d((a), (x), (y), (n))
#define EXACT_ROUND(c, a) exact_round_d(a)
#define BLAS_DOT blas_dot_d
#define BLAS_GEMM blas_gemm_d
#define DIFF_BUF(c) ((c)->diff_d)
#define FP_TEMPLATE FP_T_DOUBLE
#include "arith/templates_on.h"
#include "arith/reduce_source.c"
#include "arith/templates_off.h"

/* fp16, bf16, tf32, FP8 and custom formats held in doubles (fmt.h): the reductions compute
 * in the accumulation format (reduce_set_accum); order=exact rounds the exact sum once, to
 * the context's format, through MPFR. */
#define EXACT_ADD(a, x, n) exact_add_doubles((a), (x), (n))
#define EXACT_ADD_PRODUCTS(a, x, y, n) exact_add_products_d((a), (x), (y), (n))
#define EXACT_ROUND(c, a) exact_round_fmt((a), (c)->emu)
#define BLAS_DOT blas_dot_d
#define BLAS_GEMM blas_gemm_d
#define DIFF_BUF(c) ((c)->diff_d)
#define EMU_FMT(c) ((c)->acc)
#define FP_TEMPLATE FP_T_EMU
#include "arith/templates_on.h"
#include "arith/reduce_source.c"
#include "arith/templates_off.h"

/* Float, double and the emulated formats under a rounding other than nearest (rnd.h): held
 * in doubles as the emulated formats are; order=exact rounds the exact sum once in the mode. */
#define EXACT_ADD(a, x, n) exact_add_doubles((a), (x), (n))
#define EXACT_ADD_PRODUCTS(a, x, y, n) exact_add_products_d((a), (x), (y), (n))
#define EXACT_ROUND(c, a) exact_round_rnd((a), (c)->emu)
#define BLAS_DOT blas_dot_d
#define BLAS_GEMM blas_gemm_d
#define DIFF_BUF(c) ((c)->diff_d)
#define EMU_FMT(c) ((c)->acc)
#define FP_TEMPLATE FP_T_RND
#include "arith/templates_on.h"
#include "arith/reduce_source.c"
#include "arith/templates_off.h"

/* MPFR: every operation rounds to nearest at the context precision, then, when emulating an
 * IEEE format, to that format's subnormals (the exponent range is set by emu_enter). */
#define FP_TEMPLATE FP_T_MPFR
#include "arith/templates_on.h"
#include "arith/reduce_source.c"
#include "arith/templates_off.h"

/* ---- MPFR reductions of double inputs ------------------------------------------------------ */

/* The sequential sum or dot straight from the doubles: mpfr_add_d rounds acc + x[i] to acc's
 * bits as mpfr_add of x[i]'s exact 53-bit copy does, and mpfr_set_d, mpfr_mul_d and mpfr_fma
 * of 53-bit copies made in place round x[0], x[i] y[i] and x[i] y[i] + acc as the kernel's
 * OP_SET, OP_MUL and OP_FMA do on copies; the first term taken as it is, as plain_k does. So
 * the bits are reduce_sum_m's and reduce_dot_m's over copies (test_reduce checks it). */
static void seq_dm(reduce_ctx *c, const double *x, const double *y, size_t n, mpfr_ptr out)
{
	mpfr_t acc, p, tx, ty;

	mpfr_inits2(c->bits, acc, p, (mpfr_ptr)0);
	mpfr_inits2(53, tx, ty, (mpfr_ptr)0);
	c->info.parts = c->info.merged = 1;
	c->info.arrival[0] = 0;
	if (!y) {
		mpfr_set_d(acc, x[0], rnd_mpfr());
		for (size_t i = 1; i < n; i++)
			mpfr_add_d(acc, acc, x[i], rnd_mpfr());
	} else {
		mpfr_set_d(tx, x[0], rnd_mpfr());
		mpfr_mul_d(acc, tx, y[0], rnd_mpfr());
		for (size_t i = 1; i < n; i++) {
			mpfr_set_d(tx, x[i], rnd_mpfr());
			if (c->k.fma) {
				mpfr_set_d(ty, y[i], rnd_mpfr());
				mpfr_fma(acc, tx, ty, acc, rnd_mpfr());
			} else {
				mpfr_mul_d(p, tx, y[i], rnd_mpfr());
				mpfr_add(acc, acc, p, rnd_mpfr());
			}
		}
	}
	mpfr_set(out, acc, rnd_mpfr());
	mpfr_clears(acc, p, tx, ty, (mpfr_ptr)0);
}

static fp_status reduce_dm(reduce_ctx *c, const double *x, const double *y, size_t n, mpfr_ptr out)
{
	mpfr_ptr *xm, *ym = NULL;
	fp_status st;

	if (n && !x)
		return FP_ENULL;
	if (n && c->k.order == FP_ORDER_SEQ && c->k.lanes == 1 && c->k.threads == 1 &&
	    c->emu == FP_EMU_NONE) {
		seq_dm(c, x, y, n, out);
		return FP_OK;
	}
	xm = mvec_new(n, 53);
	for (size_t i = 0; i < n; i++)
		mpfr_set_d(xm[i], x[i], MPFR_RNDN); /* exact */
	if (y) {
		ym = mvec_new(n, 53);
		for (size_t i = 0; i < n; i++)
			mpfr_set_d(ym[i], y[i], MPFR_RNDN);
		st = reduce_dot_m(c, (mpfr_srcptr const *)xm, (mpfr_srcptr const *)ym, n, out);
	} else {
		st = reduce_sum_m(c, (mpfr_srcptr const *)xm, n, out);
	}
	mvec_free(xm);
	mvec_free(ym);
	return st;
}

fp_status reduce_sum_dm(reduce_ctx *c, const double *x, size_t n, mpfr_ptr out)
{
	return reduce_dm(c, x, NULL, n, out);
}

fp_status reduce_dot_dm(reduce_ctx *c, const double *x, const double *y, size_t n, mpfr_ptr out)
{
	if (n && !y)
		return FP_ENULL;
	return reduce_dm(c, x, y, n, out);
}
