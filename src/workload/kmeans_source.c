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
 * The per-cluster coordinate sums and the inertia (sum of direct squared distances to the own
 * center) go through the engine's reductions, so order, lanes, threads and combine act on them
 * as on any sum. */

#define KM_CHUNK 256

static fp_status FN(kmeans_run)(const wl_ctx *w, const wl_params *p, const dataset *d,
                                const double *init, wl_result *r)
{
	const size_t n = d->rows, dim = d->cols, k = p->k;
	VEC_T x = FN(vec_new)(w, n * dim), c = FN(vec_new)(w, k * dim);
	VEC_T cn = FN(vec_new)(w, k), g = FN(vec_new)(w, KM_CHUNK * k), t = FN(vec_new)(w, 4);
	ELEM *members = xmalloc((n ? n : 1) * sizeof *members);
	size_t *start = xcalloc(k + 1, sizeof *start),
	       *order = xmalloc((n ? n : 1) * sizeof *order);
	int *label = xmalloc((n ? n : 1) * sizeof *label);
	fp_status st = FP_OK;
	reduce_ctx *rc = wl_reduce_new(w, &st);
	NUM_T best = t[0], dd = t[1], cnt = t[2], minus2 = t[3];
	unsigned it;

	memset(r, 0, sizeof *r);
	if (!rc)
		goto done;
	for (size_t i = 0; i < n * dim; i++)
		SET_D(w, x[i], d->x[i]); /* float rounds each input once; MPFR takes it exactly */
	for (size_t i = 0; i < k * dim; i++)
		SET_D(w, c[i], init[i]);
	SET_D(w, minus2, -2.0);
	for (size_t i = 0; i < n; i++)
		label[i] = -1;
	for (it = 1; it <= p->max_iter; it++) {
		size_t changed = 0;

		if (w->cancel && *w->cancel) {
			r->cancelled = true;
			break;
		}
		/* assignment */
		if (p->distance == KM_DIST_EXPANDED) {
			for (size_t j = 0; j < k && st == FP_OK; j++)
				st = FN(reduce_dot)(rc, CVEC(c + j * dim), CVEC(c + j * dim), dim,
				                    REF(cn[j]));
		}
		for (size_t i0 = 0; i0 < n && st == FP_OK; i0 += KM_CHUNK) {
			size_t m = n - i0 < KM_CHUNK ? n - i0 : KM_CHUNK;

			if (p->distance == KM_DIST_EXPANDED)
				st = FN(reduce_gemm)(rc, m, k, dim, CVEC(x + i0 * dim), dim,
				                     CVEC(c), dim, g, k);
			for (size_t i = i0; i < i0 + m && st == FP_OK; i++) {
				int lab = 0;

				for (size_t j = 0; j < k; j++) {
					if (p->distance == KM_DIST_EXPANDED) {
						NUM_T gij = g[(i - i0) * k + j];

						if (w->knobs.fma) {
							OP_FMA(w, dd, minus2, gij, cn[j]);
						} else {
							OP_MUL(w, dd, minus2, gij);
							OP_ADD(w, dd, dd, cn[j]);
						}
					} else {
						st = FN(reduce_dist2)(rc, CVEC(x + i * dim),
						                      CVEC(c + j * dim), dim,
						                      REF(dd));
					}
					if (j == 0 || CMP(dd, best) < 0) {
						OP_SET(w, best, dd);
						lab = (int)j;
					}
				}
				changed += label[i] != lab;
				label[i] = lab;
			}
		}
		if (st != FP_OK || (it > 1 && changed == 0))
			break;
		/* update: members of each cluster in index order, then each coordinate's mean */
		memset(start, 0, (k + 1) * sizeof *start);
		for (size_t i = 0; i < n; i++)
			start[label[i] + 1]++;
		for (size_t j = 0; j < k; j++)
			start[j + 1] += start[j];
		{
			size_t *fill = xmalloc(k * sizeof *fill);

			memcpy(fill, start, k * sizeof *fill);
			for (size_t i = 0; i < n; i++)
				order[fill[label[i]]++] = i;
			free(fill);
		}
		for (size_t j = 0; j < k && st == FP_OK; j++) {
			size_t count = start[j + 1] - start[j];

			if (!count)
				continue; /* an empty cluster keeps its center */
			SET_D(w, cnt, (double)count);
			for (size_t m = 0; m < dim && st == FP_OK; m++) {
				for (size_t q = 0; q < count; q++)
					members[q] = x[order[start[j] + q] * dim + m];
				st = FN(reduce_sum)(rc, members, count, REF(dd));
				OP_DIV(w, c[j * dim + m], dd, cnt);
				if (w->round_inside.kind != MITIG_NONE && st == FP_OK)
					st = FN(mitigate)(&w->round_inside, &c[j * dim + m]);
			}
		}
		if (st != FP_OK)
			break;
		if (w->progress)
			w->progress(w->progress_arg, (double)it / p->max_iter);
	}
	r->iterations = it > p->max_iter ? p->max_iter : it;
	if (st != FP_OK)
		goto done;
	/* outputs: the centers, then the inertia over direct distances */
	for (size_t j = 0; j < k; j++)
		for (size_t m = 0; m < dim; m++) {
			char name[64];

			snprintf(name, sizeof name, "center[%zu][%zu]", j, m);
			FN(output)(r, name, c[j * dim + m]);
		}
	{
		VEC_T dist = FN(vec_new)(w, n);

		for (size_t i = 0; i < n && st == FP_OK; i++)
			st = FN(reduce_dist2)(rc, CVEC(x + i * dim),
			                      CVEC(c + (size_t)label[i] * dim), dim, REF(dist[i]));
		if (st == FP_OK)
			st = FN(reduce_sum)(rc, CVEC(dist), n, REF(dd));
		FN(output)(r, "inertia", dd);
		FN(vec_free)(dist);
	}
	r->labels = label;
	r->nlabels = n;
	label = NULL;
	if (st == FP_OK)
		st = wl_result_round(w, r);
done:
	reduce_free(rc);
	FN(vec_free)(x);
	FN(vec_free)(c);
	FN(vec_free)(cn);
	FN(vec_free)(g);
	FN(vec_free)(t);
	free(members);
	free(start);
	free(order);
	free(label);
	return st;
}

#undef KM_CHUNK
