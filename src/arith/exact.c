/* exact.c - exact summation; see exact.h for the contract.
 *
 * Two paths reach the same fixed-point integer (bit 0 weighs 2^EXACT_LOW):
 *
 * Fast path, blocks of EXACT_BLOCK terms: error-free extraction after Rump, Ogita and Oishi,
 * "Accurate floating-point summation part I: faithful rounding", SIAM J. Sci. Comput. 31(1),
 * 2008 (ExtractScalar, Lemma 3.3; ExtractVector, Algorithm 3.4). With sigma = 2^k and
 * |p| <= 2^(k-M), q = (sigma + p) - sigma and r = p - q give p = q + r exactly, q a multiple of
 * 2^(k-53) and |r| <= 2^(k-53). Every partial sum of at most 2^M - 1 such q is a multiple of
 * 2^(k-53) below 2^k in magnitude, so it is a double and the additions are exact in any order:
 * eight SIMD lanes may add them. The remainders go through the next level, 53 - M bits lower,
 * until all are zero; each level's exact sum enters the fixed-point integer. A pass over the
 * block takes two levels, so uniform data, which needs two, is read once and written once:
 * eight flops per term, fully vectorised (GCC vector extensions, one clone per instruction
 * set).
 *
 * Chunk path, for blocks the fast path cannot take (terms near overflow, NaN, Inf): a
 * superaccumulator after R. M. Neal, "Fast exact summation using small and large
 * superaccumulators", arXiv:1505.05571 (2015). A finite double is m * 2^(E - 1075) with
 * integer m < 2^53 (E the biased exponent, read as 1 for subnormals); terms with the same sign
 * and E are added as integers in one 64-bit chunk; 2048 of them stay below 2^64, and the flush
 * moves chunk * 2^(E - 1075) into the fixed-point integer with integer shifts and adds.
 * Nothing is rounded until exact_round_*.
 */
#include "config.h"

#include "arith/exact.h"
#include "arith/fmt.h"

#include <gmp.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/util.h"

#define EXACT_LOW (-2240) /* weight of bit 0 of the fixed-point integer is 2^EXACT_LOW */
#define EXACT_LIMBS 72    /* 4608 bits: from 2^-2240 up to the sign bit at 2^2367 */
#define EXACT_CHUNKS 4096 /* one per sign bit and 11 exponent bits of a double */
#define EXACT_BANKS 2     /* consecutive terms go to different banks */
#define EXACT_FLUSH 2048  /* 2048 * (2^53 - 1) < 2^64: a chunk cannot overflow between flushes */
#define EXACT_BLOCK 1024  /* fast-path block: at most 2^EXTRACT_M - 1 terms */
#define EXACT_SHORT 16    /* so few terms are added one by one (add_short) */
#define EXTRACT_M 11      /* headroom bits of the extraction */
#define STEP (53 - EXTRACT_M) /* from one level's sigma to the next's, in bits */
#define EXTRACT_E_MAX 1012    /* sigma = 2^(E + M) must be finite */
#define SIGN_BIT 0x8000000000000000u
#define MANT_MASK 0x000fffffffffffffu
#define HIDDEN_BIT 0x0010000000000000u

struct exact_acc {
	uint64_t chunk[EXACT_BANKS][EXACT_CHUNKS];
	uint16_t used[EXACT_FLUSH]; /* bank << 12 | chunk of chunks made nonzero since the flush */
	unsigned nused;
	unsigned pending;           /* terms added since the last flush */
	uint64_t limb[EXACT_LIMBS]; /* two's complement, little-endian limbs */
	unsigned hi;                /* |value| < 2^(64 hi): limbs from hi up are sign only */
	bool nonfinite_seen;        /* a chunk of E = 2047 was hit; the caller classifies */
	bool nan, pos_inf, neg_inf; /* classified special terms */
	bool any;                   /* at least one term was added */
	bool all_neg_zero;          /* every term so far was -0 */
	int guess_e;                /* fast path: 2^guess_e bounded the last block */
	bool have_guess;
	double rem[EXACT_BLOCK]; /* fast path: the remainders of a level */
};

/* Each thread keeps one emptied accumulator for its next exact_new. Clearing a fresh one
 * writes 77 KB (and, for a block the allocator had returned to the system, faults in 19
 * pages); emptying a used one touches only the chunks it used, so a reduction that makes
 * and frees an accumulator per call (order=exact over a short vector) costs what its terms
 * cost. The spare is freed when its thread exits; the main thread's stays reachable until
 * exit, as any allocator's cache does. */
static pthread_key_t spare_key;
static pthread_once_t spare_once = PTHREAD_ONCE_INIT;

static void spare_destroy(void *p)
{
	free(p);
}

static void spare_init(void)
{
	if (pthread_key_create(&spare_key, spare_destroy) != 0)
		fatal("out of memory (no thread-specific key for the exact accumulator)");
}

static void clear_state(exact_acc *a)
{
	a->nused = 0;
	a->pending = 0;
	memset(a->limb, 0, sizeof a->limb);
	a->hi = 0;
	a->nonfinite_seen = a->nan = a->pos_inf = a->neg_inf = a->any = false;
	a->all_neg_zero = true;
	/* the fast path's guess of the terms' scale (have_guess, guess_e) is kept: a reset
	 * accumulator sums the next vector of the same computation, usually of the same scale,
	 * and a guess is only a hint (extract_block checks it against every block) */
}

exact_acc *exact_new(void)
{
	exact_acc *a;

	pthread_once(&spare_once, spare_init);
	a = pthread_getspecific(spare_key);
	if (a) {
		pthread_setspecific(spare_key, NULL);
		return a; /* emptied by exact_free */
	}
	a = xmalloc(sizeof *a);
	memset(a->chunk, 0, sizeof a->chunk);
	clear_state(a);
	a->have_guess = false;
	a->guess_e = 0;
	return a;
}

void exact_free(exact_acc *a)
{
	if (!a)
		return;
	pthread_once(&spare_once, spare_init);
	if (pthread_getspecific(spare_key) == NULL) {
		exact_reset(a);
		if (pthread_setspecific(spare_key, a) == 0)
			return;
	}
	free(a);
}

void exact_reset(exact_acc *a)
{
	for (unsigned i = 0; i < a->nused; i++)
		a->chunk[a->used[i] >> 12][a->used[i] & 0xfff] = 0;
	clear_state(a);
}

/* A term v 2^shift with v < 2^64 lies below 2^(64 (q + 2)), q = shift / 64, and fewer than
 * 2^64 of them sum below 2^(64 (q + 3)): the value's magnitude needs no limb from q + 3 up. */
static void note_top(exact_acc *a, unsigned q)
{
	unsigned top = q + 3 < EXACT_LIMBS ? q + 3 : EXACT_LIMBS;

	a->hi = top > a->hi ? top : a->hi;
}

/* limb += v * 2^shift (as unsigned), carrying upward; the two's-complement wrap at the top is
 * the intended modular arithmetic. */
static void fixed_add(exact_acc *a, uint64_t v, unsigned shift)
{
	uint64_t *limb = a->limb;
	unsigned q = shift / 64, r = shift % 64;
	uint64_t lo = v << r, hi = r ? v >> (64 - r) : 0, t, c;

	ASSERTD(q + 1 < EXACT_LIMBS);
	note_top(a, q);
	limb[q] += lo;
	c = limb[q] < lo; /* carry out of limb q */
	t = limb[q + 1] + hi;
	uint64_t c2 = t < hi;
	t += c;
	c2 |= t < c;
	limb[q + 1] = t;
	c = c2;
	for (unsigned i = q + 2; c && i < EXACT_LIMBS; i++) {
		limb[i] += 1;
		c = limb[i] == 0;
	}
}

/* limb -= v * 2^shift, borrowing upward. */
static void fixed_sub(exact_acc *a, uint64_t v, unsigned shift)
{
	uint64_t *limb = a->limb;
	unsigned q = shift / 64, r = shift % 64;
	uint64_t lo = v << r, hi = r ? v >> (64 - r) : 0, b, old;

	ASSERTD(q + 1 < EXACT_LIMBS);
	note_top(a, q);
	old = limb[q];
	limb[q] = old - lo;
	b = old < lo;
	old = limb[q + 1];
	limb[q + 1] = old - hi - b;
	b = old < hi || (old - hi) < b;
	for (unsigned i = q + 2; b && i < EXACT_LIMBS; i++) {
		b = limb[i] == 0;
		limb[i] -= 1;
	}
}

static void flush(exact_acc *a)
{
	for (unsigned i = 0; i < a->nused; i++) {
		unsigned bank = a->used[i] >> 12, e = a->used[i] & 0xfff, biased = e & 0x7ff;
		uint64_t v = a->chunk[bank][e];

		a->chunk[bank][e] = 0;
		if (!v && biased != 0x7ff)
			continue; /* a zero term, or a chunk already flushed */
		if (biased == 0x7ff) {
			a->nonfinite_seen = true;
			continue;
		}
		{
			unsigned shift = (unsigned)((biased ? (int)biased : 1) - 1075 - EXACT_LOW);

			if (e & 0x800)
				fixed_sub(a, v, shift);
			else
				fixed_add(a, v, shift);
		}
	}
	a->nused = 0;
	a->pending = 0;
}

static inline uint64_t bits_of(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof u);
	return u;
}

/* Put one double's significand into its chunk. */
static inline void chunk_add(exact_acc *a, unsigned bank, uint64_t u)
{
	unsigned e = (unsigned)(u >> 52);
	uint64_t m = (u & MANT_MASK) | ((uint64_t)((e & 0x7ff) != 0) << 52);
	uint64_t *c = &a->chunk[bank][e];

	if (*c == 0)
		a->used[a->nused++] = (uint16_t)(bank << 12 | e);
	*c += m;
}

/* Record the zero-sign facts of a run of terms from the OR and AND of their bit patterns. */
static void note_terms(exact_acc *a, size_t n, uint64_t orbits, uint64_t andbits)
{
	if (!n)
		return;
	a->any = true;
	if (!(orbits == SIGN_BIT && (andbits & SIGN_BIT)))
		a->all_neg_zero = false;
}

/* After a run whose flush saw exponent 2047: classify the special terms of the run. */
static void classify(exact_acc *a, double v)
{
	if (isnan(v))
		a->nan = true;
	else if (isinf(v))
		*(v > 0 ? &a->pos_inf : &a->neg_inf) = true;
}

/* Add n raw doubles, flushing every EXACT_FLUSH terms. Returns whether a special term was seen,
 * so that the caller can classify the run. */
static bool add_run(exact_acc *a, const double *x, size_t n, uint64_t *orbits, uint64_t *andbits)
{
	uint64_t o = *orbits, d = *andbits;

	while (n) {
		size_t room = EXACT_FLUSH - a->pending, k = n < room ? n : room, i = 0;

		for (; i + 1 < k; i += 2) {
			uint64_t u0 = bits_of(x[i]), u1 = bits_of(x[i + 1]);

			o |= u0 | u1;
			d &= u0 & u1;
			chunk_add(a, 0, u0);
			chunk_add(a, 1, u1);
		}
		if (i < k) {
			uint64_t u0 = bits_of(x[i]);

			o |= u0;
			d &= u0;
			chunk_add(a, 0, u0);
		}
		a->pending += (unsigned)k;
		if (a->pending == EXACT_FLUSH)
			flush(a);
		x += k;
		n -= k;
	}
	*orbits = o;
	*andbits = d;
	flush(a);
	return a->nonfinite_seen;
}

/* The chunk path for one run of terms. */
static void chunk_terms(exact_acc *a, const double *x, size_t n)
{
	uint64_t o = 0, d = ~(uint64_t)0;

	if (add_run(a, x, n, &o, &d)) {
		for (size_t i = 0; i < n; i++)
			classify(a, x[i]);
		a->nonfinite_seen = false;
	}
	note_terms(a, n, o, d);
}

/* Add the exact double v (finite) to the fixed-point integer. */
static void fixed_add_double(exact_acc *a, double v)
{
	uint64_t u = bits_of(v), m = u & MANT_MASK;
	unsigned biased = (unsigned)(u >> 52) & 0x7ff;
	unsigned shift;

	if (biased)
		m |= HIDDEN_BIT;
	if (!m)
		return;
	shift = (unsigned)((biased ? (int)biased : 1) - 1075 - EXACT_LOW);
	if (u & SIGN_BIT)
		fixed_sub(a, m, shift);
	else
		fixed_add(a, m, shift);
}

typedef double v8d __attribute__((vector_size(64)));
typedef uint64_t v8u __attribute__((vector_size(64)));

/* Built once per instruction set where GCC can: AVX-512 and AVX2 machines get wide vectors,
 * others (and valgrind, which hides AVX-512) get the SSE2 build of the same code. Not under
 * the sanitizers: the clones' resolver runs while the program is being loaded, before the
 * sanitizer's runtime, and an instrumented resolver crashes there. */
#if defined(__GNUC__) && !defined(__clang__) && defined(__x86_64__) &&                             \
    !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
#define EXTRACT_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define EXTRACT_CLONES
#endif

/* Facts a pass of two extraction levels gathers besides the sums. */
typedef struct level_out {
	double sum, sum2; /* exact sums of the two levels' q (doubles by the lemma) */
	uint64_t rem_or;  /* OR of the remainders' bits shifted left one: 0 when all are zero */
	uint64_t too_big; /* nonzero when some |p| exceeded the limit: the level is void */
	uint64_t or_bits, and_bits; /* of the terms themselves, for the zero-sign rule */
} level_out;

/* Two extraction levels over p[0..n) in one pass: q = (sigma + p) - sigma into the sum and
 * s = p - q, then q2 = (sigma2 + s) - sigma2 into sum2 and r = s - q2 into r[0..n) (r may be
 * p); sigma2 = sigma 2^-(53 - M), the next level's, so |s| <= 2^(k - 53) is within its limit.
 * Reading and writing the block once for two levels: uniform data needs exactly two. limit is
 * the bit pattern of the largest |p| the first level may take. */
EXTRACT_CLONES
static void extract_level(const double *p, double *r, size_t n, double sigma, double sigma2,
                          uint64_t limit, level_out *out)
{
	const v8u absmask = (v8u){0} + ~SIGN_BIT, lim = (v8u){0} + limit;
	const v8d sg = (v8d){0} + sigma, sg2 = (v8d){0} + sigma2;
	v8d acc = {0}, acc2 = {0};
	v8u nz = {0}, over = {0}, ob = {0}, ab = (v8u){0} + ~(uint64_t)0;
	double lanes[8], lanes2[8];
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		v8d v, q, s, q2, rr;
		v8u bits;

		__builtin_prefetch(p + i + 512); /* about 4 KiB ahead of the stream */
		memcpy(&v, p + i, sizeof v);
		bits = (v8u)v;
		over |= (v8u)((bits & absmask) > lim);
		ob |= bits;
		ab &= bits;
		q = (sg + v) - sg;
		s = v - q;
		q2 = (sg2 + s) - sg2;
		rr = s - q2;
		nz |= (v8u)rr << 1;
		memcpy(r + i, &rr, sizeof rr);
		acc += q;
		acc2 += q2;
	}
	memcpy(lanes, &acc, sizeof lanes);
	memcpy(lanes2, &acc2, sizeof lanes2);
	out->rem_or = out->too_big = out->or_bits = 0;
	out->and_bits = ~(uint64_t)0;
	for (int j = 0; j < 8; j++) {
		out->rem_or |= nz[j];
		out->too_big |= over[j];
		out->or_bits |= ob[j];
		out->and_bits &= ab[j];
	}
	for (; i < n; i++) {
		double v = p[i], q = (sigma + v) - sigma, s = v - q, q2 = (sigma2 + s) - sigma2;
		double rr = s - q2;
		uint64_t bits = bits_of(v);

		out->too_big |= (bits & ~SIGN_BIT) > limit;
		out->or_bits |= bits;
		out->and_bits &= bits;
		out->rem_or |= bits_of(rr) << 1;
		r[i] = rr;
		lanes[0] += q;
		lanes2[0] += q2;
	}
	out->sum = ((lanes[0] + lanes[1]) + (lanes[2] + lanes[3])) +
	           ((lanes[4] + lanes[5]) + (lanes[6] + lanes[7]));
	out->sum2 = ((lanes2[0] + lanes2[1]) + (lanes2[2] + lanes2[3])) +
	            ((lanes2[4] + lanes2[5]) + (lanes2[6] + lanes2[7]));
}

/* 2^E bounds every |x| of the block: E from the largest magnitude's biased exponent. */
static int block_bound(const double *x, size_t n)
{
	uint64_t mx = 0;

	for (size_t i = 0; i < n; i++) {
		uint64_t b = bits_of(x[i]) & ~SIGN_BIT;

		mx = b > mx ? b : mx;
	}
	return (int)(mx >> 52) > 0 ? (int)(mx >> 52) - 1022 : -1022;
}

static uint64_t bits_of_pow2(int e)
{
	return (uint64_t)(e + 1023) << 52;
}

/* 2^e for a normal exponent (-1022 <= e <= 1023), from its bits. */
static double pow2(int e)
{
	uint64_t u = bits_of_pow2(e);
	double v;

	memcpy(&v, &u, sizeof v);
	return v;
}

/* 2^e for any e a level can reach: a subnormal power of two (or 0) through ldexp. */
static double pow2_any(int e)
{
	return e >= -1022 && e <= 1023 ? pow2(e) : ldexp(1.0, e);
}

/* The fast path for one block of n <= EXACT_BLOCK terms; false when the block must take the
 * chunk path (a term at or above 2^EXTRACT_E_MAX, NaN or Inf). */
static bool extract_block(exact_acc *a, const double *x, size_t n)
{
	level_out lo;
	int e, k;

	if (!a->have_guess) {
		a->guess_e = block_bound(x, n);
		a->have_guess = true;
	}
	e = a->guess_e;
	if (e > EXTRACT_E_MAX)
		goto measure;
	k = e + EXTRACT_M;
	extract_level(x, a->rem, n, pow2_any(k), pow2_any(k - STEP), bits_of_pow2(e), &lo);
	if (lo.too_big) {
	measure:
		/* the guess was too small (or too large to use): measure this block */
		e = a->guess_e = block_bound(x, n);
		if (e > EXTRACT_E_MAX)
			return false;
		k = e + EXTRACT_M;
		extract_level(x, a->rem, n, pow2_any(k), pow2_any(k - STEP), bits_of_pow2(e), &lo);
		ASSERTN(!lo.too_big);
	}
	note_terms(a, n, lo.or_bits, lo.and_bits);
	fixed_add_double(a, lo.sum);
	fixed_add_double(a, lo.sum2);
	/* a guess far above the block's scale costs a pass per two levels it overshoots: the OR
	 * of the terms' exponent fields bounds their largest, and a guess more than a level
	 * above that bound is dropped, so that the next block is measured */
	{
		int ef = (int)((lo.or_bits >> 52) & 0x7ff), top = ef > 0 ? ef - 1022 : -1022;

		if (e > top + STEP)
			a->have_guess = false;
	}
	/* each level leaves remainders below 2^(k - 53), with k = e + M for the first; a pass
	 * takes two levels */
	for (k -= STEP; lo.rem_or;) {
		k -= 2 * STEP;
		extract_level(a->rem, a->rem, n, pow2_any(k + STEP), pow2_any(k), ~(uint64_t)0,
		              &lo);
		fixed_add_double(a, lo.sum);
		fixed_add_double(a, lo.sum2);
	}
	return true;
}

/* A few finite terms go straight into the fixed-point integer, each with one shifted add:
 * cheaper than a block's extraction levels or chunks when a sum has a handful of terms (a
 * distance over two dimensions, a thread's share of one). Returns false, having added
 * nothing, when a term is NaN or infinite (the chunk path classifies those). */
static bool add_short(exact_acc *a, const double *x, size_t n)
{
	uint64_t o = 0, d = ~(uint64_t)0;

	for (size_t i = 0; i < n; i++) {
		uint64_t u = bits_of(x[i]);

		if ((u & ~SIGN_BIT) >= 0x7ff0000000000000u)
			return false;
		o |= u;
		d &= u;
	}
	for (size_t i = 0; i < n; i++)
		fixed_add_double(a, x[i]);
	note_terms(a, n, o, d);
	return true;
}

void exact_add_doubles(exact_acc *a, const double *x, size_t n)
{
	if (n <= EXACT_SHORT && add_short(a, x, n))
		return;
	while (n) {
		size_t k = n < EXACT_BLOCK ? n : EXACT_BLOCK;

		if (!extract_block(a, x, k))
			chunk_terms(a, x, k);
		x += k;
		n -= k;
	}
}

/* Floats are widened to double exactly, a block at a time. */

void exact_add_floats(exact_acc *a, const float *x, size_t n)
{
	double buf[EXACT_BLOCK];

	while (n) {
		size_t k = n < EXACT_BLOCK ? n : EXACT_BLOCK;

		for (size_t i = 0; i < k; i++)
			buf[i] = (double)x[i];
		exact_add_doubles(a, buf, k);
		x += k;
		n -= k;
	}
}

void exact_add_products_f(exact_acc *a, const float *x, const float *y, size_t n)
{
	double buf[EXACT_BLOCK];

	/* A product of two floats has at most 48 significant bits and an exponent within
	 * [-298, 256], so it is exact in double: no splitting needed. */
	while (n) {
		size_t k = n < EXACT_BLOCK ? n : EXACT_BLOCK;

		for (size_t i = 0; i < k; i++)
			buf[i] = (double)x[i] * (double)y[i];
		exact_add_doubles(a, buf, k);
		x += k;
		y += k;
		n -= k;
	}
}

/* x = m * 2^ex with integer m < 2^53, for finite x; returns the sign bit. */
static unsigned decompose(double x, uint64_t *m, int *ex)
{
	uint64_t u = bits_of(x);
	unsigned biased = (unsigned)(u >> 52) & 0x7ff;

	*m = (u & MANT_MASK) | (biased ? HIDDEN_BIT : 0);
	*ex = (biased ? (int)biased : 1) - 1075;
	return (unsigned)(u >> 63);
}

/* Add the exact product x*y of finite doubles by integer multiplication. */
static void add_product_int(exact_acc *a, double x, double y)
{
	uint64_t mx, my;
	int ex, ey;
	unsigned neg = decompose(x, &mx, &ex) ^ decompose(y, &my, &ey);
	unsigned __int128 p = (unsigned __int128)mx * my;
	unsigned shift = (unsigned)(ex + ey - EXACT_LOW);

	if (neg) {
		fixed_sub(a, (uint64_t)p, shift);
		fixed_sub(a, (uint64_t)(p >> 64), shift + 64);
	} else {
		fixed_add(a, (uint64_t)p, shift);
		fixed_add(a, (uint64_t)(p >> 64), shift + 64);
	}
}

void exact_add_products_d(exact_acc *a, const double *x, const double *y, size_t n)
{
	/* TwoProduct is exact when x*y neither overflows nor lets its error term underflow:
	 * |p| >= 2^-960 keeps the exponent of x and y's last bits above -1074. */
	const double lo = 0x1p-960, hi = 0x1p1020;
	double buf[EXACT_BLOCK];
	uint64_t o = 0, d = ~(uint64_t)0;
	size_t done = 0;

	while (done < n) {
		size_t k = 0;

		/* fill buf with p, e pairs of the block; handle the rest directly */
		for (; done < n && k + 2 <= EXACT_BLOCK; done++) {
			double xi = x[done], yi = y[done], p = xi * yi, ap = fabs(p);
			uint64_t pb = bits_of(p);

			if (ap >= lo && ap <= hi) {
				buf[k++] = p;
				buf[k++] = fma(xi, yi, -p);
			} else if (isfinite(xi) && isfinite(yi)) {
				/* overflow, underflow or a zero factor: multiply out exactly */
				if (fabs(xi) > 0.0 && fabs(yi) > 0.0) {
					add_product_int(a, xi, yi);
					pb = (pb & SIGN_BIT) | 1; /* a nonzero product */
				}
			} else {
				buf[k++] = p; /* NaN or Inf by IEEE rules: classified below */
			}
			o |= pb;
			d &= pb;
		}
		/* the zero-sign facts are the products' (o, d), not those of p and e */
		{
			bool any = a->any, all_neg_zero = a->all_neg_zero;

			exact_add_doubles(a, buf, k);
			a->any = any;
			a->all_neg_zero = all_neg_zero;
		}
	}
	note_terms(a, n, o, d);
}

void exact_merge(exact_acc *dst, exact_acc *src)
{
	uint64_t c = 0;

	flush(dst);
	flush(src);
	for (unsigned i = 0; i < EXACT_LIMBS; i++) {
		uint64_t s = dst->limb[i] + c;
		unsigned c1 = s < c;

		dst->limb[i] = s + src->limb[i];
		c = c1 + (dst->limb[i] < s);
	}
	/* the sum of two values below 2^(64 h) lies below 2^(64 h + 1) */
	dst->hi = (dst->hi > src->hi ? dst->hi : src->hi) + 1;
	dst->hi = dst->hi < EXACT_LIMBS ? dst->hi : EXACT_LIMBS;
	dst->nan |= src->nan;
	dst->pos_inf |= src->pos_inf;
	dst->neg_inf |= src->neg_inf;
	if (src->any) {
		dst->all_neg_zero = dst->all_neg_zero && src->all_neg_zero;
		dst->any = true;
	}
}

/* The magnitude of the fixed-point value into mag; returns 1 if it is negative. Limbs from
 * a->hi up are zero in the magnitude (note_top); they are written as zeros, so that every
 * limb of mag is defined. */
static int magnitude(const exact_acc *a, uint64_t *mag)
{
	int neg = (a->limb[EXACT_LIMBS - 1] >> 63) != 0;
	unsigned h = a->hi;

	if (!neg) {
		memcpy(mag, a->limb, h * sizeof *mag);
	} else {
		uint64_t c = 1;

		for (unsigned i = 0; i < h; i++) {
			mag[i] = ~a->limb[i] + c;
			c = c && mag[i] == 0;
		}
	}
	memset(mag + h, 0, (EXACT_LIMBS - h) * sizeof *mag);
	return neg;
}

/* Bits [lo, lo + count) of mag, count <= 64. */
static uint64_t get_bits(const uint64_t *mag, unsigned lo, unsigned count)
{
	unsigned q = lo / 64, r = lo % 64;
	uint64_t v = mag[q] >> r;

	if (r && q + 1 < EXACT_LIMBS)
		v |= mag[q + 1] << (64 - r);
	return count == 64 ? v : v & ((UINT64_C(1) << count) - 1);
}

/* Is any bit below position pos set? */
static int any_below(const uint64_t *mag, unsigned pos)
{
	unsigned q = pos / 64, r = pos % 64;

	for (unsigned i = 0; i < q; i++)
		if (mag[i])
			return 1;
	return r && (mag[q] & ((UINT64_C(1) << r) - 1)) != 0;
}

/* Round the sum to a binary format with prec significand bits, smallest ulp 2^qmin and
 * overflow threshold 2^emax, nearest-even. The result is exact in double for both formats. */
static double round_to(exact_acc *a, unsigned prec, int qmin, int emax)
{
	uint64_t mag[EXACT_LIMBS], m;
	int neg, top = -1, q;
	unsigned s;

	flush(a);
	if (a->nan || (a->pos_inf && a->neg_inf))
		return (double)NAN;
	if (a->pos_inf)
		return (double)INFINITY;
	if (a->neg_inf)
		return -(double)INFINITY;
	neg = magnitude(a, mag);
	for (int i = (int)a->hi - 1; i >= 0; i--)
		if (mag[i]) {
			top = i * 64 + 63 - __builtin_clzll(mag[i]);
			break;
		}
	if (top < 0)
		return a->any && a->all_neg_zero ? -0.0 : 0.0;
	q = top + EXACT_LOW - (int)(prec - 1);
	if (q < qmin)
		q = qmin;
	s = (unsigned)(q - EXACT_LOW);
	/* below half the smallest ulp the kept significand is empty: guard and sticky decide */
	m = top >= (int)s ? get_bits(mag, s, (unsigned)(top - (int)s + 1)) : 0;
	if (get_bits(mag, s - 1, 1) && (m & 1 || any_below(mag, s - 1)))
		m++; /* round half to even; m may become 2^prec, still exact */
	if (!m)      /* a nonzero sum below half the smallest subnormal: a zero of its sign */
		return neg ? -0.0 : 0.0;
	if (q + (63 - __builtin_clzll(m)) >= emax)
		return neg ? -(double)INFINITY : (double)INFINITY;
	/* m 2^q: with q in the normal range, m times the power of two is exact (m >= 1, no
	 * overflow past the check above) and cheaper than ldexp */
	{
		double v = q >= -1022 && q <= 1023 ? (double)m * pow2(q) : ldexp((double)m, q);

		return neg ? -v : v;
	}
}

double exact_round_d(exact_acc *a)
{
	return round_to(a, 53, -1074, 1024);
}

float exact_round_f(exact_acc *a)
{
	return (float)round_to(a, 24, -149, 128);
}

int exact_get_mpfr(exact_acc *a, mpfr_ptr out, mpfr_rnd_t rnd)
{
	uint64_t mag[EXACT_LIMBS];
	mpz_t z;
	int neg, t;

	flush(a);
	if (a->nan || (a->pos_inf && a->neg_inf)) {
		mpfr_set_nan(out);
		return 0;
	}
	if (a->pos_inf || a->neg_inf) {
		mpfr_set_inf(out, a->pos_inf ? 1 : -1);
		return 0;
	}
	neg = magnitude(a, mag);
	mpz_init(z);
	mpz_import(z, EXACT_LIMBS, -1, sizeof mag[0], 0, 0, mag);
	if (neg)
		mpz_neg(z, z);
	if (mpz_sgn(z) == 0) {
		mpfr_set_zero(out, a->any && a->all_neg_zero ? -1 : 1);
		t = 0;
	} else {
		t = mpfr_set_z_2exp(out, z, EXACT_LOW, rnd);
	}
	mpz_clear(z);
	return t;
}

bool exact_get_q(exact_acc *a, mpq_t out)
{
	uint64_t mag[EXACT_LIMBS];
	int neg;

	flush(a);
	if (a->nan || a->pos_inf || a->neg_inf)
		return false;
	neg = magnitude(a, mag);
	mpz_import(mpq_numref(out), EXACT_LIMBS, -1, sizeof mag[0], 0, 0, mag);
	if (neg)
		mpz_neg(mpq_numref(out), mpq_numref(out));
	mpz_set_ui(mpq_denref(out), 1);
	mpq_div_2exp(out, out, (mp_bitcnt_t)-EXACT_LOW); /* canonical: divides out the twos */
	return true;
}

double exact_round_fmt(exact_acc *a, const fp_format *f)
{
	mpfr_t r;
	double d;

	mpfr_init2(r, f->p);
	d = fmt_finish_mpfr(f, r, exact_get_mpfr(a, r, MPFR_RNDN));
	mpfr_clear(r);
	return d;
}
