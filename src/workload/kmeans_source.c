/* kmeans_source.c - Lloyd's algorithm, written once; kmeans.c compiles it per precision.
 *
 * Each iteration assigns every point to its nearest center, then moves each center to the
 * mean of its points; it stops when an assignment changes no label (the centers are then the
 * means of the final partition) or after max_iter iterations. Ties go to the lower center
 * index; a center that loses all its points stays where it is.
 *   direct distance:   sum over dimensions of (x - c)^2, through the engine's dist2
 *   expanded distance: ||c||^2 - 2 x.c, as scikit-learn ranks centers (||x||^2 is the same for
 *                      every center), with x.c from gemm over chunks of 256 samples (OpenBLAS
 *                      when kernel=blas); with fma on, -2 x.c + ||c||^2 is one fused operation
 * In MPFR the direct assignment is filtered (the way exact geometric predicates are,
 * Shewchuk 1997): each distance is first computed in double, and the label is taken from the
 * double distances only when it is the MPFR run's own label for certain: when every other
 * center's double distance, less its error bound against the exact distance and less the MPFR
 * distance's bound, lies above the best center's plus both bounds (km_certain). Then every
 * MPFR distance to another center is larger than the MPFR distance to the best one, so the
 * labels are those of the MPFR distances either way and the results do not change (test_workload
 * checks that against wl_ctx.no_filter); only the other points get their distances in MPFR.
 * The per-cluster coordinate sums and the inertia (sum of direct squared distances to the own
 * center) go through the engine's reductions, so order, lanes, threads and combine act on them
 * as on any sum.
 * The data are read where they are: double runs use the data set's own array, float runs their
 * one rounded copy, and MPFR runs keep no copy at all (a lean reference: 10^6 x 8 inputs would
 * be 576 MB of 256-bit numbers): each row is converted when a distance needs it (km_rows), by
 * the same SET_D that used to fill the copy, so the numbers and the results are the same; the
 * reference's cluster sums (order exact) go straight from the input doubles into the exact
 * accumulator (arith/exact.h), which rounds them once as mpfr_sum of their copies would. */

/* The data as the kernels read them: rows of ELEM. */
#if IS_MPFR
typedef mpfr_srcptr const *FN(km_rows_t);
#else
typedef const NUM_T *FN(km_rows_t);
#endif

/* Rows [i, i + m) of the data: in float and double the run's rows x themselves; in MPFR the
 * input doubles xd converted into s, which holds m x dim numbers of the run's precision. */
static FN(km_rows_t) FN(km_rows)(const wl_ctx *w, const double *xd, FN(km_rows_t) x, VEC_T s,
                                 size_t i, size_t m, size_t dim)
{
#if IS_MPFR
	(void)x;
	for (size_t q = 0; q < m * dim; q++)
		SET_D(w, s[q],
		      xd[i * dim + q]); /* MPFR takes a double exactly, an emulation rounds */
	return CVEC(s);
#else
	(void)w, (void)xd, (void)s, (void)m;
	return x + i * dim;
#endif
}

/* The filter's data: the points and the centers in double, and their squared norms. */
typedef struct FN(km_filter) {
	const double *xd; /* n x dim, the input doubles */
	double *xn;       /* n, sum of x_m^2 of each point, computed once */
	double *cd;       /* k x dim, the centers rounded to double */
	double *ct;       /* dim x k, the same transposed: the k distances grow side by side */
	double *cn;       /* k, sum of c_m^2 of each center, each iteration */
	double scale;     /* (8 + 2 dim) (2^-53 + um) 2 (1 + 2^-30); um = 2^-bits, the MPFR run's */
	double tiny;      /* (7 dim + 3) 2^-1074 */
} FN(km_filter);

/* The sum of squares of v[0..dim), in double. */
static double FN(km_norm2)(const double *v, size_t dim)
{
	double s = 0;

	for (size_t m = 0; m < dim; m++)
		s += v[m] * v[m];
	return s;
}

/* The certain nearest center of point i by double arithmetic, or -1 when the double distances
 * cannot decide. Bound on |double distance - exact distance| for one center: the center's
 * rounding (u|c|), the difference (u|x - c|), the square and the sum of dim terms (in any
 * order, fused or not) give less than (8 + 2 dim) u A, A = sum (|x_m| + |c_m|)^2, u = 2^-53;
 * the MPFR run's distance (its differences, squares and sum rounded to its bits, the centers
 * exact) lies within the same expression with u = um = 2^-bits of the exact one. Deciding on
 * the sum of both bounds makes the label the MPFR distances' own, at any MPFR precision.
 * A <= 2 (X + C) with X = sum x_m^2 and C = sum c_m^2, whose double sums f->xn and f->cn fall
 * short of them by at most a relative (dim + 1) u each; the factor 1 + 2^-30 covers that and
 * the rounding of the bound's own three operations while dim < 2^20 (the filter is off
 * beyond), so the bound needs no pass over the dimensions of its own. The relative bounds hold
 * for normal numbers; each double operation that underflows errs by at most 2^-1075 more:
 * (3 dim + 3) 2^-1074 covers the distance's, 4 dim 2^-1074 the norms' squares (f->tiny).
 * MPFR's own exponent range has no underflow here: the filter is off when MPFR emulates a
 * format. An infinite or NaN distance or bound decides nothing. */
static int FN(km_certain)(const FN(km_filter) * f, size_t i, size_t k, size_t dim)
{
	double dist[KM_FILTER_K], bound[KM_FILTER_K];
	const double *x = f->xd + i * dim, xn = f->xn[i];
	size_t best = 0;

	/* each distance summed over m in index order, four centers at a time as independent
	 * chains in registers */
	for (size_t j = 0; j < k; j += 4) {
		double s[4] = {0, 0, 0, 0};
		size_t nj = k - j < 4 ? k - j : 4;

		if (nj == 4) {
			for (size_t m = 0; m < dim; m++) {
				const double xm = x[m], *cm = f->ct + m * k + j;

				for (size_t q = 0; q < 4; q++) {
					double t = xm - cm[q];

					s[q] += t * t;
				}
			}
		} else {
			for (size_t m = 0; m < dim; m++)
				for (size_t q = 0; q < nj; q++) {
					double t = x[m] - f->ct[m * k + j + q];

					s[q] += t * t;
				}
		}
		for (size_t q = 0; q < nj; q++)
			dist[j + q] = s[q];
	}
	double bv = dist[0]; /* the nearest so far, kept in a register, chosen without a branch */

	for (size_t j = 0; j < k; j++) {
		bool nearer = dist[j] < bv;

		bound[j] = f->scale * (xn + f->cn[j]) + f->tiny;
		best = nearer ? j : best;
		bv = nearer ? dist[j] : bv;
	}
	for (size_t j = 0; j < k; j++)
		if (j != best && !(dist[j] - bound[j] > dist[best] + bound[best]))
			return -1;
	return (int)best;
}

/* The key of item i of assignment round it in the racy combine's stream (reduce.h): the
 * orders a point's distances draw do not depend on which worker assigns it. */
#define KM_KEY(it, i) (((uint64_t)(it) << 40) ^ (uint64_t)(i))

/* Assign points [i0, i1) to their nearest centers: label[i], and the count of changed labels in
 * *changed. g has room for KM_CHUNK x k values, t for two, xs for KM_CHUNK rows (km_rows). i0
 * is a multiple of KM_CHUNK, so the chunks of the expanded distance are the same however the
 * points are split. */
#if IS_EMU && !defined(KM_EMU_FAST) && defined(__SSE2__)
#define KM_EMU_FAST
/* fmt_round's common case on two values at once: Veltkamp's splitting (fmt.h) in SSE2. */
static inline __attribute__((always_inline)) __m128d km_round2(__m128d v, __m128d split)
{
	__m128d g = _mm_mul_pd(v, split);

	return _mm_add_pd(g, _mm_sub_pd(v, g));
}

/* The default knobs' assignment of points [i0, i1) in an emulated format, fma off: each
 * point's k squared distances computed two centers at a time, in the order seq1_dist2_e
 * takes (the first square, then each next square added), every operation rounded to f by
 * km_round2, which is fmt_round wherever the result is zero or a normal number of f no
 * larger than its largest value. A point where that may not hold is done again by
 * seq1_dist2_e, so the bits are the kernel's. Where it may not hold, for values of f:
 *   - a difference x - c is exact in double when it is below f's least normal (x and c are
 *     multiples of its least subnormal, close together), hence a value of f that Veltkamp's
 *     splitting leaves alone; otherwise it is a normal (or overflows: see below);
 *   - a square can fall below the least normal: the least nonzero square of the point's
 *     (lo, zeros counted as infinite) must be at least f's least normal;
 *   - a sum of two squares that are zero or normal is zero or normal, and the sums only
 *     grow, so a square or sum beyond f's largest value, an infinite or NaN input leave the
 *     final sum beyond it or NaN: every final sum must be at most f's largest value.
 * The nearest is the first smallest (NaN never wins). */
static size_t km_assign_emu(const fp_format *f, const double *x, const double *c, size_t k,
                            size_t dim, size_t i0, size_t i1, int *label)
{
	const size_t kp = (k + 1) / 2 * 2;
	double *ct = xmalloc(dim * kp * sizeof *ct), *dist = xmalloc(kp * sizeof *dist),
	       *lo = xmalloc(kp * sizeof *lo);
	const __m128d split = _mm_set1_pd(f->split), zero = _mm_setzero_pd(),
	              inf = _mm_set1_pd((double)INFINITY);
	size_t moved = 0;

	/* the centers transposed, dim x kp, padded with a copy of center 0 (its lanes unused) */
	for (size_t m = 0; m < dim; m++)
		for (size_t j = 0; j < kp; j++)
			ct[m * kp + j] = c[(j < k ? j : 0) * dim + m];
	for (size_t i = i0; i < i1; i++) {
		const double *xi = x + i * dim;
		int lab = 0;
		double bv;

		/* four centers at a time as two independent chains, coordinate by coordinate;
		 * lo[j] the least nonzero square of center j's distance (zeros count as inf) */
		for (size_t j = 0; j < kp; j += 4) {
			const bool two = j + 2 < kp;
			const size_t j2 = two ? j + 2 : j;
			__m128d d0 =
			    km_round2(_mm_sub_pd(_mm_set1_pd(xi[0]), _mm_loadu_pd(ct + j)), split);
			__m128d d1 =
			    km_round2(_mm_sub_pd(_mm_set1_pd(xi[0]), _mm_loadu_pd(ct + j2)), split);
			__m128d a0 = km_round2(_mm_mul_pd(d0, d0), split);
			__m128d a1 = km_round2(_mm_mul_pd(d1, d1), split);
			__m128d l0 = _mm_add_pd(a0, _mm_and_pd(_mm_cmpeq_pd(a0, zero), inf));
			__m128d l1 = _mm_add_pd(a1, _mm_and_pd(_mm_cmpeq_pd(a1, zero), inf));

			for (size_t m = 1; m < dim; m++) {
				const __m128d xm = _mm_set1_pd(xi[m]);
				__m128d s0, s1;

				d0 =
				    km_round2(_mm_sub_pd(xm, _mm_loadu_pd(ct + m * kp + j)), split);
				d1 = km_round2(_mm_sub_pd(xm, _mm_loadu_pd(ct + m * kp + j2)),
				               split);
				s0 = km_round2(_mm_mul_pd(d0, d0), split);
				s1 = km_round2(_mm_mul_pd(d1, d1), split);
				l0 = _mm_min_pd(
				    l0, _mm_add_pd(s0, _mm_and_pd(_mm_cmpeq_pd(s0, zero), inf)));
				l1 = _mm_min_pd(
				    l1, _mm_add_pd(s1, _mm_and_pd(_mm_cmpeq_pd(s1, zero), inf)));
				a0 = km_round2(_mm_add_pd(a0, s0), split);
				a1 = km_round2(_mm_add_pd(a1, s1), split);
			}
			_mm_storeu_pd(dist + j, a0);
			_mm_storeu_pd(lo + j, l0);
			if (two) {
				_mm_storeu_pd(dist + j2, a1);
				_mm_storeu_pd(lo + j2, l1);
			}
		}
		/* the exact path for a distance that may have left the common case; !(d <= max)
		 * holds for NaN too */
		for (size_t j = 0; j < k; j++)
			if (!(dist[j] <= f->max) || lo[j] < f->min_normal)
				dist[j] = seq1_dist2_e(f, xi, c + j * dim, dim, false);
		bv = dist[0];
		for (size_t j = 1; j < k; j++) {
			bool nearer = dist[j] < bv;

			lab = nearer ? (int)j : lab;
			bv = nearer ? dist[j] : bv;
		}
		moved += label[i] != lab;
		label[i] = lab;
	}
	free(ct);
	free(dist);
	free(lo);
	return moved;
}
#endif

static fp_status FN(km_assign)(const wl_ctx *w, const wl_params *p, reduce_ctx *rc,
                               const double *xd, FN(km_rows_t) x, VEC_T xs, VEC_T c, VEC_T cn,
                               size_t dim, size_t i0, size_t i1, int *label, VEC_T g, VEC_T t,
                               NUM_T minus2, const FN(km_filter) * f, unsigned round,
                               size_t *changed)
{
	const size_t k = p->kmeans.k;
	const bool keyed = w->knobs.combine == FP_COMBINE_RACY && w->knobs.threads > 2;
	const bool plain = w->knobs.order == FP_ORDER_SEQ && w->knobs.lanes == 1 &&
	                   w->knobs.threads == 1 && dim >= 1 && !WL_MIXED(w);
#if IS_MPFR
	(void)plain; /* MPFR keeps the kernels (and the filter) */
#endif
	NUM_T best = t[0], dd = t[1];
	fp_status st = FP_OK;
	size_t moved = 0; /* counted here: workers' *changed share a cache line */

	/* a cancel is seen every chunk, so a long assignment stops within milliseconds */
	for (size_t a = i0; a < i1 && st == FP_OK && !wl_cancelled(w); a += KM_CHUNK) {
		size_t m = i1 - a < KM_CHUNK ? i1 - a : KM_CHUNK;

#if IS_RND
		rnd_key(KM_KEY(round, a)); /* a chunk's rounding: its own, on any worker */
#endif
		if (p->kmeans.distance == KM_DIST_EXPANDED) {
			if (keyed)
				reduce_set_stream(rc, KM_KEY(round, a));
			st = FN(reduce_gemm)(rc, m, k, dim, FN(km_rows)(w, xd, x, xs, a, m, dim),
			                     dim, CVEC(c), dim, g, k);
		}
#if IS_EMU && !IS_RND && defined(__SSE2__)
		if (plain && p->kmeans.distance == KM_DIST_DIRECT && !w->knobs.fma) {
			moved += km_assign_emu(w->emu, x, c, k, dim, a, a + m, label);
			continue;
		}
#endif
#if !IS_MPFR
		if (plain && p->kmeans.distance == KM_DIST_DIRECT) {
			/* the default knobs: the kernel's own loop inlined (seq1.h), each distance
			 * an independent chain, and the nearest chosen without a branch (a NaN
			 * distance never wins, as with CMP) */
			const bool fused = w->knobs.fma;

			for (size_t i = a; i < a + m; i++) {
				const ELEM *xi = x + i * dim;
				NUM_T bv = DIST2_SEQ1(w, xi, c, dim, fused);
				int lab = 0;

				for (size_t j = 1; j < k; j++) {
					NUM_T v = DIST2_SEQ1(w, xi, c + j * dim, dim, fused);
					bool nearer = v < bv;

					lab = nearer ? (int)j : lab;
					bv = nearer ? v : bv;
				}
				moved += label[i] != lab;
				label[i] = lab;
			}
			continue;
		}
#endif
		for (size_t i = a; i < a + m && st == FP_OK; i++) {
			int lab = f ? FN(km_certain)(f, i, k, dim) : -1;
			const bool decided = lab >= 0;
			const bool direct = p->kmeans.distance == KM_DIST_DIRECT;
			FN(km_rows_t)
			xi = direct && !decided ? FN(km_rows)(w, xd, x, xs, i, 1, dim) : NULL;

			if (keyed && !decided && direct)
				reduce_set_stream(rc, KM_KEY(round, i));
			for (size_t j = 0; !decided && j < k; j++) {
				if (p->kmeans.distance == KM_DIST_EXPANDED) {
					NUM_T gij = g[(i - a) * k + j];

					if (w->knobs.fma) {
						OP_FMA(w, dd, minus2, gij, cn[j]);
					} else {
						OP_MUL(w, dd, minus2, gij);
						OP_ADD(w, dd, dd, cn[j]);
					}
				} else {
					st = FN(reduce_dist2)(rc, xi, CVEC(c + j * dim), dim,
					                      REF(dd));
				}
				if (j == 0 || CMP(dd, best) < 0) {
					OP_SET(w, best, dd);
					lab = (int)j;
				}
			}
			moved += label[i] != lab;
			label[i] = lab;
		}
	}
	*changed = moved;
	return st;
}

/* The parallel assignment of a run: a team of workers (team.h), each with its own reduce
 * context and scratch, kept from one iteration to the next. Worker 0 is the run's thread with
 * the run's context. */
typedef struct FN(km_par) {
	const wl_ctx *w;
	const wl_params *p;
	size_t workers;
	team *team;
	reduce_ctx *rc[KM_WORKERS_MAX];
	VEC_T g[KM_WORKERS_MAX], t[KM_WORKERS_MAX], xs[KM_WORKERS_MAX];
	const double *xd;
	FN(km_rows_t) x;
	/* this iteration's */
	VEC_T c, cn;
	NUM_T minus2;
	const FN(km_filter) * f;
	size_t n, dim;
	unsigned round;
	int *label;
	rnd_state rnd_parent; /* the caller's rounding, for the workers (rnd.h) */
	size_t changed[KM_WORKERS_MAX];
	fp_status st[KM_WORKERS_MAX];
} FN(km_par);

static void FN(km_part)(void *arg, unsigned q)
{
	FN(km_par) *a = arg;
	size_t chunks = (a->n + KM_CHUNK - 1) / KM_CHUNK;
	size_t i0 = chunks * q / a->workers * KM_CHUNK,
	       i1 = chunks * (q + 1) / a->workers * KM_CHUNK;

	rnd_state saved = rnd_tls;

	i1 = i1 < a->n ? i1 : a->n;
	a->changed[q] = 0;
	rnd_adopt(&a->rnd_parent, 0, q); /* the caller's rounding; the chunks key its stream */
	a->st[q] = i0 < i1 ? FN(km_assign)(a->w, a->p, a->rc[q], a->xd, a->x, a->xs[q], a->c, a->cn,
	                                   a->dim, i0, i1, a->label, a->g[q], a->t[q], a->minus2,
	                                   a->f, a->round, &a->changed[q])
	                   : FP_OK;
	rnd_tls = saved;
}

/* Start the workers, or 1 worker (this thread) when the run is to stay on one. MPFR workers
 * get room for a chunk of converted rows (km_rows). */
static void FN(km_par_init)(FN(km_par) * a, const wl_ctx *w, const wl_params *p, reduce_ctx *rc,
                            VEC_T g, VEC_T t, const double *xd, FN(km_rows_t) x, size_t n,
                            size_t dim)
{
	memset(a, 0, sizeof *a);
	a->w = w;
	a->p = p;
	a->xd = xd;
	a->x = x;
	a->workers = w->workers ? (w->workers < KM_WORKERS_MAX ? w->workers : KM_WORKERS_MAX)
	                        : km_workers(n, w->knobs.kernel, w->knobs.threads);
	a->rc[0] = rc;
	a->g[0] = g;
	a->t[0] = t;
	for (size_t q = 1; q < a->workers; q++) {
		fp_status st;

		a->rc[q] = wl_reduce_new(w, &st);
		if (!a->rc[q]) { /* the knobs were checked by the run's own context */
			a->workers = q;
			break;
		}
		a->g[q] = FN(vec_new)(w, KM_CHUNK * p->kmeans.k);
		a->t[q] = FN(vec_new)(w, 2);
	}
	for (size_t q = 0; q < a->workers && IS_MPFR; q++)
		a->xs[q] = FN(vec_new)(w, KM_CHUNK * dim);
	if (a->workers > 1)
		a->team = team_new((unsigned)a->workers);
}

static void FN(km_par_clear)(FN(km_par) * a)
{
	team_free(a->team);
	for (size_t q = 1; q < a->workers; q++) {
		reduce_free(a->rc[q]);
		FN(vec_free)(a->g[q]);
		FN(vec_free)(a->t[q]);
	}
	for (size_t q = 0; q < a->workers && IS_MPFR; q++)
		FN(vec_free)(a->xs[q]);
}

/* Assign every point, on the workers: each point's distances are its own (and its racy
 * orders keyed by the point), so the labels do not depend on how the points are split. */
static fp_status FN(km_assign_all)(FN(km_par) * a, VEC_T c, VEC_T cn, size_t n, size_t dim,
                                   int *label, NUM_T minus2, const FN(km_filter) * f,
                                   unsigned round, size_t *changed)
{
	fp_status st = FP_OK;

	a->c = c;
	a->cn = cn;
	a->minus2 = minus2;
	a->f = f;
	a->n = n;
	a->dim = dim;
	a->round = round;
	a->label = label;
	a->rnd_parent = rnd_tls;
	if (a->team)
		team_run(a->team, (unsigned)a->workers, FN(km_part), a);
	else
		FN(km_part)(a, 0);
	/* the update's sums go on from a key no point has, not from where worker 0 stopped */
	reduce_set_stream(a->rc[0], KM_KEY(round, n));
#if IS_RND
	rnd_key(KM_KEY(round, n));
#endif
	*changed = 0;
	for (size_t q = 0; q < a->workers; q++) {
		*changed += a->changed[q];
		if (a->st[q] != FP_OK)
			st = a->st[q];
	}
	return st;
}

/* The update step: the members of each cluster in index order (a counting sort by label
 * into order, cluster j's at start[j] .. start[j + 1]), then each coordinate's mean, the sum
 * reduced under the knobs and divided once. An empty cluster keeps its center. t[1] and
 * t[2] are scratch. */
#if !IS_MPFR
/* The update step under the default knobs (order seq, 1 lane, 1 thread): each coordinate's
 * sum is the plain loop over the cluster's members in index order, the first taken as it is,
 * so one pass over the points in index order adds every row to its cluster's sums with the
 * same operations in the same order as km_update's gathered sums, without the gathers. */
static fp_status FN(km_update_plain)(const wl_ctx *w, FN(km_rows_t) x, size_t n, size_t dim,
                                     size_t k, const int *label, size_t *count, NUM_T *acc, VEC_T c)
{
	fp_status st = FP_OK;

	memset(count, 0, k * sizeof *count);
	for (size_t i = 0; i < n; i++) {
		size_t j = (size_t)label[i];
		const ELEM *xi = x + i * dim;
		NUM_T *aj = acc + j * dim;

		if (count[j]++ == 0)
			for (size_t m = 0; m < dim; m++)
				OP_SET(w, aj[m], xi[m]);
		else
			for (size_t m = 0; m < dim; m++)
				OP_ADD(w, aj[m], aj[m], xi[m]);
	}
	for (size_t j = 0; j < k && st == FP_OK; j++) {
		NUM_T cnt;

		if (!count[j])
			continue;
		SET_D(w, cnt, (double)count[j]);
		for (size_t m = 0; m < dim && st == FP_OK; m++) {
			OP_DIV(w, c[j * dim + m], acc[j * dim + m], cnt);
			if (w->round_inside.kind != MITIG_NONE)
				st = FN(mitigate)(w, &w->round_inside, &c[j * dim + m]);
		}
	}
	return st;
}
#endif

#if IS_MPFR
/* Cluster j's coordinate m summed exactly from the input doubles (gathered into buf) and
 * rounded once to dd's bits: what the exact order's mpfr_sum of their MPFR copies gives (both
 * correctly rounded, with the same rules for zeros, infinities and NaN: arith/exact.h). */
static void FN(km_sum_exact)(exact_acc *acc, const double *xd, const size_t *members, size_t count,
                             size_t dim, size_t m, double *buf, NUM_T dd)
{
	exact_reset(acc);
	for (size_t q = 0; q < count; q++)
		buf[q] = xd[members[q] * dim + m];
	exact_add_doubles(acc, buf, count);
	exact_get_mpfr(acc, dd, MPFR_RNDN);
}
#endif

/* The scratch of the update step, allocated when first needed: the members of one cluster
 * (as the run's numbers, or as the input doubles for km_sum_exact) and the accumulator. */
typedef struct FN(km_scratch) {
	VEC_T members;
	double *buf;
	exact_acc *acc;
} FN(km_scratch);

static void FN(km_scratch_clear)(FN(km_scratch) * s)
{
	FN(vec_free)(s->members);
	free(s->buf);
	if (s->acc)
		exact_free(s->acc);
}

static fp_status FN(km_update)(const wl_ctx *w, reduce_ctx *rc, const double *xd, FN(km_rows_t) x,
                               size_t n, size_t dim, size_t k, const int *label, size_t *start,
                               size_t *order, FN(km_scratch) * s, VEC_T c, VEC_T t)
{
	NUM_T dd = t[1], cnt = t[2];
#if IS_MPFR
	/* the reference's sums: the exact order of MPFR without an emulated format */
	const bool exact = w->knobs.order == FP_ORDER_EXACT && w->emu == FP_EMU_NONE;

	(void)x;
	if (exact && !s->acc) {
		s->acc = exact_new();
		s->buf = xmalloc((n ? n : 1) * sizeof *s->buf);
	}
#else
	const bool exact = false;

	(void)xd;
	if (w->knobs.order == FP_ORDER_SEQ && w->knobs.lanes == 1 && w->knobs.threads == 1 &&
	    !WL_MIXED(w)) {
		NUM_T *acc = xmalloc((k * dim + 1) * sizeof *acc);
		fp_status st = FN(km_update_plain)(w, x, n, dim, k, label, start, acc, c);

		(void)rc, (void)order, (void)s, (void)dd, (void)cnt;
		free(acc);
		return st;
	}
#endif
	size_t *fill = xmalloc(k * sizeof *fill);
	fp_status st = FP_OK;

	if (!exact && !s->members)
		s->members = FN(vec_new)(w, n);
	memset(start, 0, (k + 1) * sizeof *start);
	for (size_t i = 0; i < n; i++)
		start[label[i] + 1]++;
	for (size_t j = 0; j < k; j++)
		start[j + 1] += start[j];
	memcpy(fill, start, k * sizeof *fill);
	for (size_t i = 0; i < n; i++)
		order[fill[label[i]]++] = i;
	free(fill);
	for (size_t j = 0; j < k && st == FP_OK && !wl_cancelled(w); j++) {
		size_t count = start[j + 1] - start[j];

		if (!count)
			continue;
		SET_D(w, cnt, (double)count);
		for (size_t m = 0; m < dim && st == FP_OK && !wl_cancelled(w); m++) {
#if IS_MPFR
			if (exact) {
				FN(km_sum_exact)
				(s->acc, xd, order + start[j], count, dim, m, s->buf, dd);
			} else {
				for (size_t q = 0; q < count; q++)
					SET_D(w, s->members[q], xd[order[start[j] + q] * dim + m]);
				st = FN(reduce_sum)(rc, CVEC(s->members), count, REF(dd));
			}
#else
			for (size_t q = 0; q < count; q++)
				s->members[q] = x[order[start[j] + q] * dim + m];
			st = FN(reduce_sum)(rc, s->members, count, REF(dd));
#endif
			OP_DIV(w, c[j * dim + m], dd, cnt);
			if (w->round_inside.kind != MITIG_NONE && st == FP_OK)
				st = FN(mitigate)(w, &w->round_inside, &c[j * dim + m]);
		}
	}
	return st;
}

/* The outputs: the centers, then the inertia over direct distances (dd is scratch). */
static fp_status FN(km_outputs)(const wl_ctx *w, reduce_ctx *rc, const double *xd, FN(km_rows_t) x,
                                VEC_T xs, size_t n, size_t dim, size_t k, const int *label, VEC_T c,
                                NUM_T dd, wl_result *r)
{
	VEC_T dist = FN(vec_new)(w, n);
	fp_status st = FP_OK;

	reduce_set_stream(rc, KM_KEY(0, n)); /* round 0: after the last iteration */
	for (size_t j = 0; j < k; j++)
		for (size_t m = 0; m < dim; m++)
			FN(output)(w, r, &km_outputs[KM_OUT_CENTER], j, m, c[j * dim + m]);
	for (size_t i = 0; i < n && st == FP_OK; i++)
		st = FN(reduce_dist2)(rc, FN(km_rows)(w, xd, x, xs, i, 1, dim),
		                      CVEC(c + (size_t)label[i] * dim), dim, REF(dist[i]));
	if (st == FP_OK)
		st = FN(reduce_sum)(rc, CVEC(dist), n, REF(dd));
	FN(output)(w, r, &km_outputs[KM_OUT_INERTIA], 0, 0, dd);
	FN(vec_free)(dist);
	return st;
}

/* The double filter of an MPFR run that can take it: no emulated format (whose underflow the
 * bound does not cover), the direct distance, at most KM_FILTER_K centers and fewer than
 * KM_FILTER_DIM dimensions; the points' norms once. f->cd stays NULL otherwise. */
static void FN(km_filter_init)(FN(km_filter) * f, const wl_ctx *w, const wl_params *p,
                               const dataset *d)
{
	const size_t n = d->rows, dim = d->cols, k = p->kmeans.k;

	memset(f, 0, sizeof *f);
	f->xd = d->x;
	if (!IS_MPFR || w->emu != FP_EMU_NONE || w->no_filter ||
	    p->kmeans.distance != KM_DIST_DIRECT || k > KM_FILTER_K || dim >= KM_FILTER_DIM)
		return;
	f->cd = xmalloc(k * dim * sizeof *f->cd);
	f->cn = xmalloc(k * sizeof *f->cn);
	f->ct = xmalloc(k * dim * sizeof *f->ct);
	f->xn = xmalloc((n ? n : 1) * sizeof *f->xn);
	for (size_t i = 0; i < n; i++)
		f->xn[i] = FN(km_norm2)(d->x + i * dim, dim);
	f->scale = (8.0 + 2.0 * (double)dim) * (0x1p-53 + ldexp(1.0, -(int)w->bits)) * 2.0 *
	           (1.0 + 0x1p-30);
	f->tiny = (7.0 * (double)dim + 3.0) * 0x1p-1074;
}

/* This iteration's centers for the filter: rounded to double (the bound assumes the nearest
 * double), their norms, and their transpose. */
static void FN(km_filter_centers)(FN(km_filter) * f, VEC_T c, size_t k, size_t dim)
{
	if (!f->cd)
		return;
	for (size_t q = 0; q < k * dim; q++)
		f->cd[q] = GET_D(c[q]);
	for (size_t j = 0; j < k; j++) {
		f->cn[j] = FN(km_norm2)(f->cd + j * dim, dim);
		for (size_t m = 0; m < dim; m++)
			f->ct[m * k + j] = f->cd[j * dim + m];
	}
}

static void FN(km_filter_clear)(FN(km_filter) * f)
{
	free(f->cd);
	free(f->cn);
	free(f->ct);
	free(f->xn);
}

static fp_status FN(kmeans_run)(const wl_ctx *w, const wl_params *p, const dataset *d,
                                const double *init, wl_result *r)
{
	const size_t n = d->rows, dim = d->cols, k = p->kmeans.k;
	VEC_T c = FN(vec_new)(w, k * dim);
	VEC_T cn = FN(vec_new)(w, k), g = FN(vec_new)(w, KM_CHUNK * k), t = FN(vec_new)(w, 4);
#if IS_MPFR
	VEC_T xcopy = NULL;
	FN(km_rows_t) x = NULL; /* rows converted when used (km_rows) */
#elif FP_TEMPLATE == FP_T_DOUBLE
	VEC_T xcopy = NULL;
	FN(km_rows_t) x = d->x;
#else
	VEC_T xcopy = FN(vec_new)(w, n * dim); /* the float pipeline rounds each input once */
	FN(km_rows_t) x = xcopy;
#endif
	FN(km_scratch) scratch = {0};
	size_t *start = xcalloc(k + 1, sizeof *start),
	       *order = xmalloc((n ? n : 1) * sizeof *order);
	int *label = xmalloc((n ? n : 1) * sizeof *label);
	fp_status st = FP_OK;
	reduce_ctx *rc = wl_reduce_new(w, &st);
	NUM_T dd = t[1], minus2 = t[3];
	FN(km_filter) filter = {0};
	FN(km_par) par = {0};
	unsigned it;

	memset(r, 0, sizeof *r);
	if (!rc)
		goto done;
	FN(km_par_init)(&par, w, p, rc, g, t, d->x, x, n, dim);
	for (size_t i = 0; xcopy && i < n * dim; i++)
		SET_D(w, xcopy[i], d->x[i]);
	for (size_t i = 0; i < k * dim; i++)
		SET_D(w, c[i], init[i]);
	FN(km_filter_init)(&filter, w, p, d);
	SET_D(w, minus2, -2.0);
	for (size_t i = 0; i < n; i++)
		label[i] = -1;
	for (it = 1; it <= p->kmeans.max_iter; it++) {
		size_t changed = 0;

		if (wl_cancelled(w)) {
			r->cancelled = true;
			break;
		}
		/* assignment */
		if (p->kmeans.distance == KM_DIST_EXPANDED) {
			for (size_t j = 0; j < k && st == FP_OK; j++)
				st = FN(reduce_dot)(rc, CVEC(c + j * dim), CVEC(c + j * dim), dim,
				                    REF(cn[j]));
		}
		FN(km_filter_centers)(&filter, c, k, dim);
		if (st == FP_OK)
			st = FN(km_assign_all)(&par, c, cn, n, dim, label, minus2,
			                       filter.cd ? &filter : NULL, it, &changed);
		if (wl_cancelled(w)) {
			r->cancelled = true;
			break;
		}
		if (st != FP_OK || (it > 1 && changed == 0))
			break;
		st = FN(km_update)(w, rc, d->x, x, n, dim, k, label, start, order, &scratch, c, t);
		if (st != FP_OK)
			break;
		if (w->progress)
			w->progress(w->progress_arg, (double)it / p->kmeans.max_iter);
	}
	r->iterations = it > p->kmeans.max_iter ? p->kmeans.max_iter : it;
	if (st != FP_OK || r->cancelled)
		goto done; /* a cancelled run has no outputs */
	st = FN(km_outputs)(w, rc, d->x, x, par.xs[0], n, dim, k, label, c, dd, r);
	r->labels = label;
	r->nlabels = n;
	label = NULL;
	if (st == FP_OK)
		st = wl_result_round(w, r);
done:
	FN(km_par_clear)(&par);
	reduce_free(rc);
	FN(vec_free)(xcopy);
	FN(km_scratch_clear)(&scratch);
	FN(vec_free)(c);
	FN(vec_free)(cn);
	FN(vec_free)(g);
	FN(vec_free)(t);
	free(start);
	free(order);
	free(label);
	FN(km_filter_clear)(&filter);
	return st;
}
