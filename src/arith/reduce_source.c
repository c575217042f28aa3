/* reduce_source.c - the kernels, written once. reduce.c includes this file once per precision
 * between arith/templates_on.h and arith/templates_off.h, which give SFX, ELEM, NUM_T, TAKE,
 * the OP_ macros and the OUT_ macros; reduce.c defines the kernels' own per-precision names
 * first (EXACT_ADD, EXACT_ADD_PRODUCTS, EXACT_ROUND, BLAS_DOT, BLAS_GEMM, DIFF_BUF), and this
 * file undefines them at its end. It is never compiled on its own.
 */

/* Names local to one instantiation: pairwise is pairwise_d in the double copy, and so on. */
#define tree FN(tree)
#define plain_k FN(plain_k)
#define plain FN(plain)
#define kahan_k FN(kahan_k)
#define kahan FN(kahan)
#define neumaier_k FN(neumaier_k)
#define neumaier FN(neumaier)
#define pairwise FN(pairwise)
#define pairwise_lanes FN(pairwise_lanes)
#define numpy_sum FN(numpy_sum)
#define part_sum FN(part_sum)
#define part_job FN(part_job)
#define part_main FN(part_main)
#define part_here FN(part_here)
#define racy FN(racy)
#define exact_sum FN(exact_sum)
#define key_cmp FN(key_cmp)
#define key_asc FN(key_asc)
#define key_desc FN(key_desc)
#define order_perm FN(order_perm)
#define reduce_any FN(reduce_any)
#define seq1 FN(seq1)
#define seq1_applies FN(seq1_applies)

#if IS_MPFR
#define RES_T mpfr_ptr
#define RES(r) (r)
#define MARK(tp) ((tp)->top)
#define RELEASE(tp, m) ((tp)->top = (m))
#define OP_ZERO(c, r) mpfr_set_zero((r), 1)
#define KEY_T mpfr_srcptr
#define IS_ZERO(a) (mpfr_zero_p(a) != 0)
#else
#define IS_ZERO(a) (fpclassify(a) == FP_ZERO)
#define RES_T NUM_T *
#define RES(r) (*(r))
#define MARK(tp) ((void)(tp), (size_t)0)
#define RELEASE(tp, m) ((void)(tp), (void)(m))
#define OP_ZERO(c, r) ((r) = 0)
#define KEY_T double
#endif

/* MPFR's exponent range is set for an emulated format's MPFR runs only; the _e kernels
 * round by their own code (fmt.h). */
#if IS_MPFR
#define EMU_ENTER(c, s) emu_enter((c), (s))
#else
#define EMU_ENTER(c, s) ((s)->active = 0)
#endif

/* The parts of T > 1 threads round with streams of their own, forked from the caller's
 * (rnd.h), wherever they run; the MPFR instantiation takes the caller's directed mode to the
 * team's threads the same way. Elsewhere nothing. */
#if IS_RND || IS_MPFR
#define RND_FORK(c) ((c)->rnd_parent = rnd_tls, (c)->rnd_fork = rnd_fork())
#define RND_PART_ENTER(c, p, saved)                                                                \
	(*(saved) = rnd_tls, rnd_adopt(&(c)->rnd_parent, (c)->rnd_fork, (p)))
#define RND_PART_LEAVE(saved) (rnd_tls = *(saved))
#else
#define RND_FORK(c) ((void)(c))
#define RND_PART_ENTER(c, p, saved) ((void)(c), (void)(p), (void)(saved))
#define RND_PART_LEAVE(saved) ((void)(saved))
#endif

/* r = term i: x[i], or the rounded product x[i]*y[i]. */
#define TERM_SET(c, r, x, y, i, dot)                                                               \
	do {                                                                                       \
		if (dot)                                                                           \
			OP_MUL(c, r, (x)[i], (y)[i]);                                              \
		else                                                                               \
			OP_SET(c, r, (x)[i]);                                                      \
	} while (0)

/* a += term i; with fused, one rounding for the product and the add. p is scratch. */
#define ACC_ADD(c, a, p, x, y, i, dot, fused)                                                      \
	do {                                                                                       \
		if (!(dot)) {                                                                      \
			OP_ADD(c, a, a, (x)[i]);                                                   \
		} else if (fused) {                                                                \
			OP_FMA(c, a, (x)[i], (y)[i], a);                                           \
		} else {                                                                           \
			OP_MUL(c, p, (x)[i], (y)[i]);                                              \
			OP_ADD(c, a, a, p);                                                        \
		}                                                                                  \
	} while (0)

/* Combine acc[0..used) into acc[0] by the pairwise tree ((a0 + a1) + (a2 + a3)). */
static void tree(const reduce_ctx *c, NUM_T *acc, unsigned used)
{
	(void)c;
	for (unsigned w = 1; w < used; w *= 2)
		for (unsigned l = 0; l + w < used; l += 2 * w)
			OP_ADD(c, acc[l], acc[l], acc[l + w]);
}

/* ---- plain accumulation with L interleaved lanes ----------------------------------------- */

/* Lane l takes terms l, l + L, l + 2L, ...; L, dot and fused are constants after inlining,
 * so each native instance is the straight loop a compiler makes of such code. */
static inline __attribute__((always_inline)) void plain_k(const reduce_ctx *c, tmp_stack *tp,
                                                          const ELEM *x, const ELEM *y, size_t len,
                                                          const unsigned L, const bool dot,
                                                          const bool fused, RES_T out)
{
	NUM_T acc[FP_LANES_MAX] = {0};
	size_t mark = MARK(tp), i;
	unsigned used = len < L ? (unsigned)len : L;
	NUM_T p = TAKE(tp);

	for (unsigned l = 0; l < used; l++) {
		acc[l] = TAKE(tp);
		TERM_SET(c, acc[l], x, y, l, dot);
	}
	for (i = used; i + L <= len; i += L)
		for (unsigned l = 0; l < L; l++)
			ACC_ADD(c, acc[l], p, x, y, i + l, dot, fused);
	for (unsigned l = 0; i < len; i++, l++)
		ACC_ADD(c, acc[l], p, x, y, i, dot, fused);
	tree(c, acc, used);
	OP_SET(c, RES(out), acc[0]);
	RELEASE(tp, mark);
	(void)p;
}

/* Call NAME_k with L, dot and fused as constants, so each combination is its own loop. */
#define DISPATCH_K(NAME)                                                                           \
	do {                                                                                       \
		const bool fused_ = dot && c->k.fma;                                               \
		switch (L) {                                                                       \
			DISPATCH_L(NAME, 1)                                                        \
			DISPATCH_L(NAME, 2)                                                        \
			DISPATCH_L(NAME, 4)                                                        \
			DISPATCH_L(NAME, 8)                                                        \
			DISPATCH_L(NAME, 16)                                                       \
		default:                                                                           \
			ASSERTN(!"lanes checked by knobs_check");                                  \
		}                                                                                  \
	} while (0)
#define DISPATCH_L(NAME, LV)                                                                       \
	case LV:                                                                                   \
		if (!dot)                                                                          \
			NAME(c, tp, x, y, len, LV, false, false, out);                             \
		else if (fused_)                                                                   \
			NAME(c, tp, x, y, len, LV, true, true, out);                               \
		else                                                                               \
			NAME(c, tp, x, y, len, LV, true, false, out);                              \
		break;

static void plain(const reduce_ctx *c, tmp_stack *tp, const ELEM *x, const ELEM *y, size_t len,
                  unsigned L, bool dot, RES_T out)
{
	DISPATCH_K(plain_k);
}

/* ---- compensated accumulation ------------------------------------------------------------ */

/* Kahan's compensated summation (W. Kahan, "Further remarks on reducing truncation errors",
 * CACM 8(1), 1965) in each lane: y = term - c; t = s + y; c = (t - s) - y; s = t. Error bound
 * 2u * sum|term| + O(n u^2) (Higham, "Accuracy and Stability of Numerical Algorithms", 4.3).
 * With fma, y = x*y - c is one fused operation. The lane's result is s. */
#define KAHAN_STEP(l, i)                                                                           \
	do {                                                                                       \
		if (!dot) {                                                                        \
			OP_SUB(c, yv, x[i], cc[l]);                                                \
		} else if (fused) {                                                                \
			OP_NEG(c, u, cc[l]);                                                       \
			OP_FMA(c, yv, x[i], y[i], u);                                              \
		} else {                                                                           \
			OP_MUL(c, u, x[i], y[i]);                                                  \
			OP_SUB(c, yv, u, cc[l]);                                                   \
		}                                                                                  \
		OP_ADD(c, t, s[l], yv);                                                            \
		OP_SUB(c, u, t, s[l]);                                                             \
		OP_SUB(c, cc[l], u, yv);                                                           \
		OP_SET(c, s[l], t);                                                                \
	} while (0)

static inline __attribute__((always_inline)) void kahan_k(const reduce_ctx *c, tmp_stack *tp,
                                                          const ELEM *x, const ELEM *y, size_t len,
                                                          const unsigned L, const bool dot,
                                                          const bool fused, RES_T out)
{
	NUM_T s[FP_LANES_MAX] = {0}, cc[FP_LANES_MAX] = {0};
	size_t mark = MARK(tp), i;
	unsigned used = len < L ? (unsigned)len : L;
	NUM_T yv = TAKE(tp), t = TAKE(tp), u = TAKE(tp);

	for (unsigned l = 0; l < used; l++) {
		s[l] = TAKE(tp);
		cc[l] = TAKE(tp);
		TERM_SET(c, s[l], x, y, l, dot);
		OP_ZERO(c, cc[l]);
	}
	for (i = used; i + L <= len; i += L)
		for (unsigned l = 0; l < L; l++)
			KAHAN_STEP(l, i + l);
	for (unsigned l = 0; i < len; i++, l++)
		KAHAN_STEP(l, i);
	tree(c, s, used);
	OP_SET(c, RES(out), s[0]);
	RELEASE(tp, mark);
}

static void kahan(const reduce_ctx *c, tmp_stack *tp, const ELEM *x, const ELEM *y, size_t len,
                  unsigned L, bool dot, RES_T out)
{
	DISPATCH_K(kahan_k);
}

/* Neumaier's improvement of Kahan's method (A. Neumaier, "Rundungsfehleranalyse einiger
 * Verfahren zur Summation endlicher Summen", ZAMM 54, 1974): the correction comes from the
 * larger of s and the term, so a term larger than the running sum loses nothing:
 * t = s + v; c += |s| >= |v| ? (s - t) + v : (v - t) + s; s = t. The lane's result is s + c.
 * With fma the term's product is fused into t = x*y + s and into each correction. */
#define NEUMAIER_STEP(l, i)                                                                        \
	do {                                                                                       \
		if (!dot)                                                                          \
			OP_SET(c, v, x[i]);                                                        \
		else                                                                               \
			OP_MUL(c, v, x[i], y[i]);                                                  \
		if (fused) {                                                                       \
			OP_FMA(c, t, x[i], y[i], s[l]);                                            \
			if (ABS_GE(s[l], v)) {                                                     \
				OP_SUB(c, u, s[l], t);                                             \
				OP_FMA(c, u, x[i], y[i], u);                                       \
			} else {                                                                   \
				OP_NEG(c, u, t);                                                   \
				OP_FMA(c, u, x[i], y[i], u);                                       \
				OP_ADD(c, u, u, s[l]);                                             \
			}                                                                          \
		} else {                                                                           \
			OP_ADD(c, t, s[l], v);                                                     \
			if (ABS_GE(s[l], v)) {                                                     \
				OP_SUB(c, u, s[l], t);                                             \
				OP_ADD(c, u, u, v);                                                \
			} else {                                                                   \
				OP_SUB(c, u, v, t);                                                \
				OP_ADD(c, u, u, s[l]);                                             \
			}                                                                          \
		}                                                                                  \
		OP_ADD(c, cc[l], cc[l], u);                                                        \
		OP_SET(c, s[l], t);                                                                \
	} while (0)

static inline __attribute__((always_inline)) void
neumaier_k(const reduce_ctx *c, tmp_stack *tp, const ELEM *x, const ELEM *y, size_t len,
           const unsigned L, const bool dot, const bool fused, RES_T out)
{
	NUM_T s[FP_LANES_MAX] = {0}, cc[FP_LANES_MAX] = {0};
	size_t mark = MARK(tp), i;
	unsigned used = len < L ? (unsigned)len : L;
	NUM_T v = TAKE(tp), t = TAKE(tp), u = TAKE(tp);

	for (unsigned l = 0; l < used; l++) {
		s[l] = TAKE(tp);
		cc[l] = TAKE(tp);
		TERM_SET(c, s[l], x, y, l, dot);
		OP_ZERO(c, cc[l]);
	}
	for (i = used; i + L <= len; i += L)
		for (unsigned l = 0; l < L; l++)
			NEUMAIER_STEP(l, i + l);
	for (unsigned l = 0; i < len; i++, l++)
		NEUMAIER_STEP(l, i);
	for (unsigned l = 0; l < used; l++)
		if (!IS_ZERO(cc[l])) /* s + (+0) would turn a -0 sum into +0 */
			OP_ADD(c, s[l], s[l], cc[l]);
	tree(c, s, used);
	OP_SET(c, RES(out), s[0]);
	RELEASE(tp, mark);
}

static void neumaier(const reduce_ctx *c, tmp_stack *tp, const ELEM *x, const ELEM *y, size_t len,
                     unsigned L, bool dot, RES_T out)
{
	DISPATCH_K(neumaier_k);
}

/* ---- pairwise ---------------------------------------------------------------------------- */

/* Pairwise summation as NumPy does it (numpy/core/src/umath/loops_utils.h.src, pairwise_sum):
 * fewer than 8 terms in sequence; up to 128 terms in 8 interleaved accumulators combined as
 * ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7)) with the tail added in sequence; more, split
 * at half rounded down to a multiple of 8 and recurse. Error bound grows as O(u log n) rather
 * than O(u n) (Higham 4.2). Terms are x[0], x[stride], ... (count of them). */
static void pairwise(const reduce_ctx *c, tmp_stack *tp, const ELEM *x, const ELEM *y, size_t count,
                     size_t stride, bool dot, RES_T out)
{
	size_t mark = MARK(tp);
	NUM_T p = TAKE(tp);
	const bool fused = dot && c->k.fma;

	if (count < 8) {
		TERM_SET(c, RES(out), x, y, 0, dot);
		for (size_t i = 1; i < count; i++)
			ACC_ADD(c, RES(out), p, x, y, i * stride, dot, fused);
	} else if (count <= 128) {
		NUM_T r[8];
		size_t i;

		for (unsigned j = 0; j < 8; j++) {
			r[j] = TAKE(tp);
			TERM_SET(c, r[j], x, y, j * stride, dot);
		}
		for (i = 8; i < count - count % 8; i += 8)
			for (unsigned j = 0; j < 8; j++)
				ACC_ADD(c, r[j], p, x, y, (i + j) * stride, dot, fused);
		OP_ADD(c, r[0], r[0], r[1]);
		OP_ADD(c, r[2], r[2], r[3]);
		OP_ADD(c, r[4], r[4], r[5]);
		OP_ADD(c, r[6], r[6], r[7]);
		OP_ADD(c, r[0], r[0], r[2]);
		OP_ADD(c, r[4], r[4], r[6]);
		OP_ADD(c, RES(out), r[0], r[4]);
		for (; i < count; i++)
			ACC_ADD(c, RES(out), p, x, y, i * stride, dot, fused);
	} else {
		size_t n2 = count / 2;
		NUM_T right = TAKE(tp);

		n2 -= n2 % 8;
		pairwise(c, tp, x, y, n2, stride, dot, out);
		pairwise(c, tp, x + n2 * stride, dot ? y + n2 * stride : y, count - n2, stride, dot,
		         REF(right));
		OP_ADD(c, RES(out), RES(out), right);
	}
	RELEASE(tp, mark);
	(void)p;
}

/* np.sum (np.add.reduce) of a contiguous 1-D float64 or float32 array as NumPy 1.24 computes
 * it, in the array's own type. The add loop's reduce case (numpy/core/src/umath/
 * loops_arithm_fp.dispatch.c.src) adds the pairwise sum above of the stretch the iterator hands
 * it to the running result; the stretches are NPY_BUFSIZE = 8192 elements and the result
 * starts at add's identity +0, so np.sum is ((+0 + pw(x[0..8192))) + pw(x[8192..16384))) + ...
 * The stretch length and the +0 start were found by experiment against numpy.sum 1.24.2 (the
 * candidates "first element, then the rest" and "one pairwise sum" differ from it) and are
 * checked by tests/crosscheck-numpy.py; the +0 start makes a sum of -0 terms +0, as NumPy's. */
#define NUMPY_BLOCK 8192
static void numpy_sum(const reduce_ctx *c, tmp_stack *tp, const ELEM *x, const ELEM *y,
                      size_t count, size_t stride, bool dot, RES_T out)
{
	size_t mark = MARK(tp);
	NUM_T block = TAKE(tp);

	OP_ZERO(c, RES(out));
	for (size_t i = 0; i < count; i += NUMPY_BLOCK) {
		size_t n = count - i < NUMPY_BLOCK ? count - i : NUMPY_BLOCK;

		pairwise(c, tp, x + i * stride, dot ? y + i * stride : y, n, stride, dot,
		         REF(block));
		OP_ADD(c, RES(out), RES(out), block);
	}
	RELEASE(tp, mark);
}

/* Each lane sums its terms, x[l], x[l + L], ..., by pairwise (or numpy_sum), and the lanes
 * meet in the tree. */
static void pairwise_lanes(const reduce_ctx *c, tmp_stack *tp, const ELEM *x, const ELEM *y,
                           size_t len, unsigned L, bool dot, RES_T out)
{
	NUM_T acc[FP_LANES_MAX] = {0};
	size_t mark = MARK(tp);
	unsigned used = len < L ? (unsigned)len : L;

	for (unsigned l = 0; l < used; l++) {
		size_t n = (len - l + L - 1) / L;

		acc[l] = TAKE(tp);
		if (c->k.order == FP_ORDER_NUMPY)
			numpy_sum(c, tp, x + l, dot ? y + l : y, n, L, dot, REF(acc[l]));
		else
			pairwise(c, tp, x + l, dot ? y + l : y, n, L, dot, REF(acc[l]));
	}
	tree(c, acc, used);
	OP_SET(c, RES(out), acc[0]);
	RELEASE(tp, mark);
}

/* One part's partial: len >= 1 terms, the order's method over L lanes. */
static void part_sum(const reduce_ctx *c, tmp_stack *tp, const ELEM *x, const ELEM *y, size_t len,
                     bool dot, RES_T out)
{
	unsigned L = c->k.lanes;

	switch (c->k.order) {
	case FP_ORDER_KAHAN:
		kahan(c, tp, x, y, len, L, dot, out);
		break;
	case FP_ORDER_NEUMAIER:
		neumaier(c, tp, x, y, len, L, dot, out);
		break;
	case FP_ORDER_PAIRWISE:
	case FP_ORDER_NUMPY:
		pairwise_lanes(c, tp, x, y, len, L, dot, out);
		break;
	default: /* seq, reverse, sorted, shuffle: the data is already in that order */
		plain(c, tp, x, y, len, L, dot, out);
		break;
	}
}

/* ---- parts on threads ---------------------------------------------------------------------- */

/* Parts of at least PAR_MIN terms are computed on the context's team (team.h) under the
 * ordered and tree combines; shorter ones are not worth a hand-over. Which thread computes a
 * part does not change its bits, and the partials are combined in the fixed order after the
 * loop, so the result is the same either way. */
#define PAR_MIN 16384

typedef struct part_job {
	reduce_ctx *c;
	const ELEM *x, *y;
	size_t n;
	unsigned T;
	bool dot;
	NUM_T *partial; /* ordered and tree: part p's sum goes to partial[p] */
	/* racy: the partials are added to acc under mu in the order the threads get there */
	bool racy;
	pthread_mutex_t mu;
	NUM_T acc;
	bool have;
	unsigned merged;
	unsigned *arrival;
} part_job;

static void part_main(void *argp, unsigned p)
{
	part_job *j = argp;
	const reduce_ctx *c = j->c;
	size_t start, len;
	emu_state es;
	tmp_stack tp;
	NUM_T partial;

	rnd_state saved;

	reduce_part(j->n, j->T, p, &start, &len);
	if (!len)
		return;
	RND_PART_ENTER(c, p, &saved);
	EMU_ENTER(c, &es); /* MPFR's exponent range is per thread */
	tmp_init(&tp, c->bits);
	partial = j->racy ? TAKE(&tp) : j->partial[p];
	part_sum(c, &tp, j->x + start, j->dot ? j->y + start : j->y, len, j->dot, REF(partial));
	if (j->racy) {
		pthread_mutex_lock(&j->mu);
		if (!j->have)
			OP_SET(c, j->acc, partial);
		else
			OP_ADD(c, j->acc, j->acc, partial);
		j->have = true;
		j->arrival[j->merged++] = p;
		pthread_mutex_unlock(&j->mu);
	} else {
		j->partial[p] = partial; /* MPFR: the same object; float, double: the value */
	}
	tmp_clear(&tp);
	emu_leave(&es);
	RND_PART_LEAVE(&saved);
}

/* Part p of the n terms split T ways, into out, on the calling thread, in its exponent range
 * and with its temporaries: the short reductions' way, without part_main's setup. */
static inline void part_here(reduce_ctx *c, const ELEM *x, const ELEM *y, size_t n, unsigned T,
                             bool dot, unsigned p, RES_T out)
{
	size_t start, len;
	rnd_state saved;

	reduce_part(n, T, p, &start, &len);
	RND_PART_ENTER(c, p, &saved);
	part_sum(c, &c->tmp, x + start, dot ? y + start : y, len, dot, out);
	RND_PART_LEAVE(&saved);
}

/* The racy combine, as OpenMP code with a critical section: each part's partial is added to
 * the total in the order the parts get there.
 *   - Parts of PAR_MIN terms or more run on their own threads of the team, and the order is
 *     the threads' real completion order: it varies from run to run.
 *   - Shorter parts would finish before a thread could be woken, so they are summed here and
 *     added in an order drawn from the context's stream (reduce_set_seed, reduce_set_stream):
 *     any of the T! orders (racy_order), replayable from the seed. A 4-term distance
 *     with 4 threads costs a shuffle, not four hand-overs.
 *   - With two nonempty parts the order cannot change the sum (a + b = b + a, correctly
 *     rounded; only which payload NaN + NaN keeps could differ), so they are added in part
 *     order, one of the two arrivals. */
static void racy(reduce_ctx *c, const ELEM *x, const ELEM *y, size_t n, bool dot, RES_T out)
{
	unsigned T = c->k.threads, nonempty = n < T ? (unsigned)n : T;
	size_t mark = MARK(&c->tmp);

	RND_FORK(c);
	if (n / T >= PAR_MIN) {
		part_job j = {.c = c,
		              .x = x,
		              .y = y,
		              .n = n,
		              .T = T,
		              .dot = dot,
		              .racy = true,
		              .arrival = c->info.arrival};

		j.acc = TAKE(&c->tmp);
		pthread_mutex_init(&j.mu, NULL);
		team_run(reduce_team(c), T, part_main, &j);
		pthread_mutex_destroy(&j.mu);
		c->info.merged = j.merged;
		OP_SET(c, RES(out), j.acc);
	} else {
		size_t order[FP_THREADS_MAX];
		NUM_T acc = TAKE(&c->tmp), part = TAKE(&c->tmp);

		/* each part summed when it arrives: its bits do not depend on when */
		for (unsigned p = 0; p < nonempty; p++)
			order[p] = p;
		if (nonempty > 2)
			racy_order(&c->racy_rng, order, nonempty);
		part_here(c, x, y, n, T, dot, (unsigned)order[0], REF(acc));
		for (unsigned i = 1; i < nonempty; i++) {
			part_here(c, x, y, n, T, dot, (unsigned)order[i], REF(part));
			OP_ADD(c, acc, acc, part);
		}
		for (unsigned i = 0; i < nonempty; i++)
			c->info.arrival[i] = (unsigned)order[i];
		c->info.merged = nonempty;
		OP_SET(c, RES(out), acc);
	}
	RELEASE(&c->tmp, mark);
}

/* ---- exact ------------------------------------------------------------------------------- */

#if IS_MPFR
/* mpfr_sum of the terms (dot: of the exact products, at the sum of the factors' precisions),
 * computed in MPFR's widest exponent range and brought into the emulated format's range once
 * (mpfr_check_range, then mpfr_subnormalize): one rounding in all. Threads, lanes and combine
 * cannot change a correctly rounded result, so they are not simulated here. */
static void exact_sum(reduce_ctx *c, const ELEM *x, const ELEM *y, size_t n, bool dot, RES_T out)
{
	mpfr_exp_t emin = c->emu != FP_EMU_NONE ? mpfr_get_emin() : 0;
	mpfr_exp_t emax = c->emu != FP_EMU_NONE ? mpfr_get_emax() : 0;
	size_t mark = MARK(&c->tmp), pmark = MARK(&c->prod);
	mpfr_ptr r = TAKE(&c->tmp), *terms;
	int t;

	if (n > c->terms_cap) {
		c->terms = xreallocarray(c->terms, n, sizeof *c->terms);
		c->terms_cap = n;
	}
	terms = c->terms;
	if (c->emu != FP_EMU_NONE)
		emu_widen(); /* exact products of tiny or huge numbers leave the emulated range */
	if (dot) {
		for (size_t i = 0; i < n; i++) {
			mpfr_ptr pr = tmp_take(&c->prod); /* kept between calls, 2 x bits or more */
			mpfr_prec_t need = mpfr_get_prec(x[i]) + mpfr_get_prec(y[i]);

			if (need > mpfr_get_prec(pr))
				mpfr_set_prec(pr, need);
			mpfr_mul(pr, x[i], y[i], MPFR_RNDN); /* exact */
			terms[i] = pr;
		}
	} else {
		for (size_t i = 0; i < n; i++)
			terms[i] = (mpfr_ptr)x[i];
	}
	t = mpfr_sum(r, terms, n, rnd_mpfr());
	if (c->emu != FP_EMU_NONE) {
		mpfr_set_emin(emin);
		mpfr_set_emax(emax);
		t = mpfr_check_range(r, t, rnd_mpfr());
		fp_mfix_rnd(c->emu, r, t);
	}
	OP_SET(c, RES(out), r);
	RELEASE(&c->tmp, mark);
	RELEASE(&c->prod, pmark);
}
#else
/* The superaccumulator of exact.h. The threads' parts go into one accumulator in part order:
 * a part's own accumulator merged exactly into the total would hold the same integer, so the
 * split cannot change the bits, and a short sum (a distance over a few dimensions) does not pay
 * for a merge per part. */
static void exact_sum(reduce_ctx *c, const ELEM *x, const ELEM *y, size_t n, bool dot, RES_T out)
{
	unsigned T = c->k.threads;

	if (!c->exact_total)
		c->exact_total = exact_new();
	exact_reset(c->exact_total);
	for (unsigned p = 0; p < T; p++) {
		size_t start, len;

		reduce_part(n, T, p, &start, &len);
		if (!len)
			continue;
		if (dot)
			EXACT_ADD_PRODUCTS(c->exact_total, x + start, y + start, len);
		else
			EXACT_ADD(c->exact_total, x + start, len);
		c->info.arrival[c->info.merged++] = p;
	}
	RES(out) = EXACT_ROUND(c, c->exact_total);
}
#endif

/* ---- sorted orders ----------------------------------------------------------------------- */

/* Keys are term magnitudes; NaN sorts last in both directions, ties keep index order. */
#if IS_MPFR
static int key_cmp(const void *keys, size_t a, size_t b, int dir)
{
	const KEY_T *k = keys;
	int na = mpfr_nan_p(k[a]) != 0, nb = mpfr_nan_p(k[b]) != 0;

	if (na || nb)
		return na - nb;
	return dir * mpfr_cmpabs(k[a], k[b]);
}
#else
static int key_cmp(const void *keys, size_t a, size_t b, int dir)
{
	const KEY_T *k = keys;
	int na = isnan(k[a]) != 0, nb = isnan(k[b]) != 0;

	if (na || nb)
		return na - nb;
	return dir * ((k[a] > k[b]) - (k[a] < k[b]));
}
#endif

static int key_asc(const void *keys, size_t a, size_t b)
{
	return key_cmp(keys, a, b, 1);
}

static int key_desc(const void *keys, size_t a, size_t b)
{
	return key_cmp(keys, a, b, -1);
}

/* Fill c->perm with the data order of the order knob; sorted orders sort by the magnitude of
 * each term in this precision (for dot, the rounded product). */
static void order_perm(reduce_ctx *c, const ELEM *x, const ELEM *y, size_t n, bool dot)
{
	fp_order o = c->k.order;

	if (o != FP_ORDER_SORTED_ASC && o != FP_ORDER_SORTED_DESC) {
		perm_simple(c->perm, n, &c->k);
		return;
	}
	for (size_t i = 0; i < n; i++)
		c->perm[i] = i;
	{
		KEY_T *keys = (KEY_T *)c->gy; /* gy is gathered into only after sorting */
		size_t mark = MARK(&c->tmp);

		for (size_t i = 0; i < n; i++) {
#if IS_MPFR
			if (dot) {
				mpfr_ptr k = tmp_take(&c->tmp);

				OP_MUL(c, k, x[i], y[i]);
				keys[i] = k;
			} else {
				keys[i] = x[i];
			}
#else
			NUM_T k = x[i];

			if (dot)
				OP_MUL(c, k, x[i], y[i]);
			keys[i] = fabs((double)k);
#endif
		}
		perm_sort(c->perm, c->perm_tmp, n, o == FP_ORDER_SORTED_ASC ? key_asc : key_desc,
		          keys);
		RELEASE(&c->tmp, mark);
	}
}

/* ---- the reduction ----------------------------------------------------------------------- */

static fp_status reduce_any(reduce_ctx *c, const ELEM *x, const ELEM *y, size_t n, bool dot,
                            RES_T out)
{
	const fp_knobs *k = &c->k;
	unsigned T = k->threads;
	emu_state es;
	fp_status st = FP_OK;

	if (n && (!x || (dot && !y)))
		return FP_ENULL;
	c->info.parts = T;
	c->info.merged = 0;
	if (n == 0) {
		OP_ZERO(c, RES(out));
		return FP_OK;
	}
	EMU_ENTER(c, &es);
	if (k->order == FP_ORDER_EXACT) {
		exact_sum(c, x, y, n, dot, out);
		goto done;
	}
	if (k->order == FP_ORDER_REVERSE || k->order == FP_ORDER_SHUFFLE ||
	    k->order == FP_ORDER_SORTED_ASC || k->order == FP_ORDER_SORTED_DESC) {
		ELEM *gx, *gy;

		reduce_reserve(c, n);
		order_perm(c, x, y, n, dot);
		gx = (ELEM *)c->gx;
		gy = (ELEM *)c->gy;
		for (size_t i = 0; i < n; i++) {
			gx[i] = x[c->perm[i]];
			if (dot)
				gy[i] = y[c->perm[i]];
		}
		x = gx;
		y = dot ? gy : NULL;
	}
	if (k->combine == FP_COMBINE_RACY && T > 1) {
		racy(c, x, y, n, dot, out);
		goto done;
	}
	{
		NUM_T partial[FP_THREADS_MAX]; /* the first min(n, T) are set before use */
		unsigned used = 0;
		size_t mark = MARK(&c->tmp);
		for (unsigned p = 0; p < T && p < n; p++)
			partial[p] = TAKE(&c->tmp);
		if (T > 1)
			RND_FORK(c);
		if (T > 1 && n / T >= PAR_MIN) {
			part_job j = {
			    .c = c, .x = x, .y = y, .n = n, .T = T, .dot = dot, .partial = partial};

			team_run(reduce_team(c), T, part_main, &j);
		} else {
			for (unsigned p = 0; p < T && p < n; p++) {
				if (T > 1)
					part_here(c, x, y, n, T, dot, p, REF(partial[p]));
				else /* one part: the caller's own stream */
					part_sum(c, &c->tmp, x, y, n, dot, REF(partial[p]));
			}
		}
		/* the nonempty parts are the first min(n, T) */
		for (unsigned p = 0; p < T && p < n; p++) {
			partial[used] = partial[p];
			c->info.arrival[used++] = p;
		}
		c->info.merged = used;
		if (k->combine == FP_COMBINE_TREE) {
			tree(c, partial, used);
		} else {
			for (unsigned p = 1; p < used; p++)
				OP_ADD(c, partial[0], partial[0], partial[p]);
		}
		OP_SET(c, RES(out), partial[0]);
		RELEASE(&c->tmp, mark);
	}
done:
	emu_leave(&es);
	return st;
}

/* ---- the exported kernels ---------------------------------------------------------------- */

#if !IS_MPFR
#ifndef SEQ1_KINDS /* once for the float and double copies */
#define SEQ1_KINDS
enum { SEQ1_SUM, SEQ1_DOT, SEQ1_DIST2 };
#endif

/* The default knobs (order seq, 1 lane, 1 thread; combine does not act) on n >= 1 terms:
 * x[i], x[i]*y[i] or (x[i] - y[i])^2, the first taken as it is and the others added in
 * sequence (fused: each product's rounding joined to its addition). This is the loop plain_k
 * makes for L = 1, written out so that a 2-term distance does not go through reduce_any's
 * dispatch; the same operations in the same order, so the same bits (test_emulation compares
 * every kernel with MPFR emulating the format, test_reduce with loops written by hand). */
static inline bool seq1_applies(const reduce_ctx *c, size_t n)
{
	return n && c->k.order == FP_ORDER_SEQ && c->k.lanes == 1 && c->k.threads == 1;
}

static inline NUM_T seq1(reduce_ctx *c, const ELEM *x, const ELEM *y, size_t n, int kind)
{
	const bool fused = kind != SEQ1_SUM && c->k.fma;
	NUM_T acc, d, p;

	c->info.parts = c->info.merged = 1;
	c->info.arrival[0] = 0;
	switch (kind) {
	case SEQ1_SUM:
		OP_SET(c, acc, x[0]);
		for (size_t i = 1; i < n; i++)
			OP_ADD(c, acc, acc, x[i]);
		return acc;
	case SEQ1_DOT:
		OP_MUL(c, acc, x[0], y[0]);
		for (size_t i = 1; i < n; i++) {
			if (fused) {
				OP_FMA(c, acc, x[i], y[i], acc);
			} else {
				OP_MUL(c, p, x[i], y[i]);
				OP_ADD(c, acc, acc, p);
			}
		}
		return acc;
	default:
		(void)d;
		return DIST2_SEQ1(c, x, y, n, fused);
	}
}
#endif

/* The _e kernels round a reduction's result, computed in the accumulation format, once to
 * the context's format (an identity when the two are one). */
#if IS_RND
#define TO_STORAGE(c, out, st)                                                                     \
	((st) == FP_OK ? (void)(*(out) = rnd_set((c)->emu, *(out))) : (void)0)
#elif IS_EMU
#define TO_STORAGE(c, out, st)                                                                     \
	((st) == FP_OK ? (void)(*(out) = fmt_round((c)->emu, *(out))) : (void)0)
#else
#define TO_STORAGE(c, out, st) ((void)(c), (void)(out), (void)(st))
#endif

fp_status FN(reduce_sum)(reduce_ctx *c, const ELEM *x, size_t n, OUT_T out)
{
	fp_status st;

#if !IS_MPFR
	if (x && seq1_applies(c, n)) {
		*out = seq1(c, x, NULL, n, SEQ1_SUM);
		TO_STORAGE(c, out, FP_OK);
		return FP_OK;
	}
#endif
	st = reduce_any(c, x, NULL, n, false, out);
	TO_STORAGE(c, out, st);
	return st;
}

fp_status FN(reduce_dot)(reduce_ctx *c, const ELEM *x, const ELEM *y, size_t n, OUT_T out)
{
	fp_status st;

#if IS_NATIVE
	if (c->k.kernel == FP_KERNEL_BLAS && c->k.order != FP_ORDER_EXACT) {
		if (n && (!x || !y))
			return FP_ENULL;
		*out = BLAS_DOT(c->k.threads, x, y, n);
		return FP_OK;
	}
#endif
#if !IS_MPFR
	if (x && y && seq1_applies(c, n)) {
		*out = seq1(c, x, y, n, SEQ1_DOT);
		TO_STORAGE(c, out, FP_OK);
		return FP_OK;
	}
#endif
	st = reduce_any(c, x, y, n, true, out);
	TO_STORAGE(c, out, st);
	return st;
}

fp_status FN(reduce_dist2)(reduce_ctx *c, const ELEM *x, const ELEM *y, size_t n, OUT_T out)
{
	emu_state es;
	fp_status st;

	if (n && (!x || !y))
		return FP_ENULL;
#if !IS_MPFR
	if (seq1_applies(c, n)) {
		*out = seq1(c, x, y, n, SEQ1_DIST2);
		TO_STORAGE(c, out, FP_OK);
		return FP_OK;
	}
#endif
	if (n > c->diff_cap) {
		c->diff_d = xreallocarray(c->diff_d, n, sizeof *c->diff_d);
		c->diff_f = xreallocarray(c->diff_f, n, sizeof *c->diff_f);
		c->diff_p = xreallocarray(c->diff_p, n, sizeof *c->diff_p);
		c->diff_cap = n;
	}
	EMU_ENTER(c, &es);
	{
#if IS_MPFR
		mpfr_srcptr *d = c->diff_p;
		size_t mark = MARK(&c->diff_m);

		for (size_t i = 0; i < n; i++) {
			mpfr_ptr v = tmp_take(&c->diff_m);

			OP_SUB(c, v, x[i], y[i]);
			d[i] = v;
		}
		st = reduce_any(c, d, d, n, true, out);
		RELEASE(&c->diff_m, mark);
#else
		ELEM *d = DIFF_BUF(c);

		for (size_t i = 0; i < n; i++)
			OP_SUB(c, d[i], x[i], y[i]);
		st = reduce_any(c, d, d, n, true, out);
#endif
	}
	emu_leave(&es);
	TO_STORAGE(c, out, st);
	return st;
}

fp_status FN(reduce_gemm)(reduce_ctx *c, size_t m, size_t n, size_t k, const ELEM *A, size_t lda,
                          const ELEM *B, size_t ldb, COUT_T C, size_t ldc)
{
	if ((m && n && k && (!A || !B)) || (m && n && !C))
		return FP_ENULL;
#if IS_NATIVE
	if (c->k.kernel == FP_KERNEL_BLAS && c->k.order != FP_ORDER_EXACT) {
		if (m && n)
			BLAS_GEMM(c->k.threads, m, n, k, A, lda, B, ldb, C, ldc);
		return FP_OK;
	}
#endif
	for (size_t i = 0; i < m; i++)
		for (size_t j = 0; j < n; j++) {
			fp_status st = reduce_any(c, A + i * lda, B + j * ldb, k, true,
			                          OUT_AT(C, i * ldc + j));

			if (st != FP_OK)
				return st;
			TO_STORAGE(c, OUT_AT(C, i * ldc + j), st);
		}
	return FP_OK;
}

#if IS_MPFR
fp_status FN(reduce_axpy)(reduce_ctx *c, mpfr_srcptr a, mpfr_srcptr const *x, mpfr_ptr const *y,
                          size_t n)
#else
fp_status FN(reduce_axpy)(reduce_ctx *c, ELEM a, const ELEM *x, ELEM *y, size_t n)
#endif
{
	emu_state es;
	size_t mark;
	NUM_T p;

	if (n && (!x || !y))
		return FP_ENULL;
	mark = MARK(&c->tmp);
	p = TAKE(&c->tmp);
	EMU_ENTER(c, &es);
	for (size_t i = 0; i < n; i++) {
#if IS_RND /* elementwise: in the context's format, not the accumulation format */
		y[i] = c->k.fma ? rnd_fma(c->emu, a, x[i], y[i])
		                : rnd_add(c->emu, rnd_mul(c->emu, a, x[i]), y[i]);
#elif IS_EMU
		y[i] = c->k.fma ? fmt_fma(c->emu, a, x[i], y[i])
		                : fmt_add(c->emu, fmt_mul(c->emu, a, x[i]), y[i]);
#else
		if (c->k.fma) {
			OP_FMA(c, y[i], a, x[i], y[i]);
		} else {
			OP_MUL(c, p, a, x[i]);
			OP_ADD(c, y[i], p, y[i]);
		}
#endif
	}
	emu_leave(&es);
	RELEASE(&c->tmp, mark);
	(void)p;
	return FP_OK;
}

#undef tree
#undef plain_k
#undef plain
#undef kahan_k
#undef kahan
#undef neumaier_k
#undef neumaier
#undef pairwise
#undef pairwise_lanes
#undef numpy_sum
#undef NUMPY_BLOCK
#undef part_sum
#undef part_job
#undef part_main
#undef part_here
#undef PAR_MIN
#undef racy
#undef exact_sum
#undef key_cmp
#undef key_asc
#undef key_desc
#undef order_perm
#undef reduce_any
#undef seq1
#undef seq1_applies
#undef RES_T
#undef RES
#undef MARK
#undef RELEASE
#undef OP_ZERO
#undef KEY_T
#undef IS_ZERO
#undef TERM_SET
#undef DISPATCH_K
#undef DISPATCH_L
#undef KAHAN_STEP
#undef NEUMAIER_STEP
#undef ACC_ADD
#undef EXACT_ADD
#undef EXACT_ADD_PRODUCTS
#undef EXACT_ROUND
#undef BLAS_DOT
#undef BLAS_GEMM
#undef DIFF_BUF
#undef TO_STORAGE
#undef EMU_ENTER
#undef RND_FORK
#undef RND_PART_ENTER
#undef RND_PART_LEAVE
