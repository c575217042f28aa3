/* softmax_source.c - multinomial logistic regression trained by minibatch SGD, written once;
 * softmax.c compiles it per precision.
 *
 * Logits z_c = W_c . x + b_c (engine dots over the features); probabilities by softmax, with
 * the largest logit subtracted first when stable (exp never sees a positive argument) or not
 * (exp of a large logit overflows: float at 88.7, double at 709.8); loss -log p_label. The
 * gradient of a batch sums (p_c - [c = label]) x over its samples with engine reductions; the
 * step is W -= (lr / B) dW, fused when fma is on. Batches of B training rows are drawn with
 * replacement (a random draw each, as np.random.choice does) or as consecutive slices of a
 * fresh shuffle each epoch. The loss is log-sum-exp minus the label's logit. loss[e] is the mean
 * loss of epoch e's batches; accuracies are those of the trained model. */

/* Logits, probabilities and log-sum-exp of one row: z gets the logits, prob the softmax, *lse
 * the log of the sum of exp(z) (so that the loss is *lse - z_label). Stable: with the largest
 * logit m subtracted, *lse = m + log sum exp(z - m) and every exp is at most 1. Not stable:
 * exp(z) directly, which overflows for large logits; the NaN and infinities then propagate
 * into the loss and the weights, as they do in the studied code. */
static fp_status FN(sm_forward)(const wl_ctx *w, reduce_ctx *rc, size_t C, size_t dim, VEC_T W,
                                VEC_T b, VEC_T xrow, VEC_T z, VEC_T prob, NUM_T tmp, NUM_T *lse,
                                bool stable, unsigned *events)
{
	fp_status st = FP_OK;

	(void)w; /* the native instantiations need no context for their arithmetic */
	for (size_t c = 0; c < C && st == FP_OK; c++) {
		st = FN(reduce_dot)(rc, CVEC(W + c * dim), CVEC(xrow), dim, REF(z[c]));
		OP_ADD(w, z[c], z[c], b[c]);
	}
	if (stable) {
		OP_SET(w, tmp, z[0]);
		for (size_t c = 1; c < C; c++)
			if (CMP(z[c], tmp) > 0)
				OP_SET(w, tmp, z[c]);
		OP_SET(w, *lse, tmp);
		for (size_t c = 0; c < C; c++) {
			OP_SUB(w, prob[c], z[c], tmp);
			OP_EXP(w, prob[c], prob[c]);
		}
	} else {
		SET_D(w, *lse, 0.0);
		for (size_t c = 0; c < C; c++)
			OP_EXP(w, prob[c], z[c]);
	}
	if (st == FP_OK)
		st = FN(reduce_sum)(rc, CVEC(prob), C, REF(tmp));
	/* name what goes wrong: the sum of the exponentials is the witness */
	for (size_t c = 0; c < C; c++)
		if (IS_NAN(z[c]))
			*events |= SM_EV_NAN_LOGIT;
	if (!IS_NAN(tmp) && !IS_FINITE(tmp))
		*events |= SM_EV_OVERFLOW;
	else if (IS_ZERO(tmp))
		*events |= SM_EV_UNDERFLOW;
	for (size_t c = 0; c < C; c++)
		OP_DIV(w, prob[c], prob[c], tmp);
	OP_LOG(w, tmp, tmp);
	OP_ADD(w, *lse, *lse, tmp);
	return st;
}

/* The class with the largest logit (the first on ties). */
static int FN(sm_argmax)(VEC_T z, size_t C)
{
	size_t best = 0;

	for (size_t c = 1; c < C; c++)
		if (CMP(z[c], z[best]) > 0)
			best = c;
	return (int)best;
}

/* The gradient step of one minibatch of nb rows: dW_cj = sum over the batch of dz_qc x_qj, a
 * dot under the knobs, then W_cj += step dW_cj (step = -lr / B; one fused operation with fma
 * on); the biases likewise with the sum of dz_qc. g is scratch. */
static fp_status FN(sm_step)(const wl_ctx *w, reduce_ctx *rc, size_t C, size_t dim, size_t nb,
                             VEC_T x, const size_t *batch, VEC_T dz, VEC_T cold, VEC_T colx,
                             NUM_T step, NUM_T g, VEC_T W, VEC_T b)
{
	fp_status st = FP_OK;

	for (size_t c = 0; c < C && st == FP_OK; c++) {
		for (size_t q = 0; q < nb; q++)
			OP_SET(w, cold[q], dz[q * C + c]);
		for (size_t j = 0; j < dim && st == FP_OK; j++) {
			for (size_t q = 0; q < nb; q++)
				OP_SET(w, colx[q], x[batch[q] * dim + j]);
			st = FN(reduce_dot)(rc, CVEC(cold), CVEC(colx), nb, REF(g));
			if (w->knobs.fma) {
				OP_FMA(w, W[c * dim + j], step, g, W[c * dim + j]);
			} else {
				OP_MUL(w, g, step, g);
				OP_ADD(w, W[c * dim + j], W[c * dim + j], g);
			}
		}
		if (st == FP_OK)
			st = FN(reduce_sum)(rc, CVEC(cold), nb, REF(g));
		if (w->knobs.fma) {
			OP_FMA(w, b[c], step, g, b[c]);
		} else {
			OP_MUL(w, g, step, g);
			OP_ADD(w, b[c], b[c], g);
		}
	}
	return st;
}

/* The forward pass of a minibatch: each row's loss -log p_label into loss[q], and dz[q][c] =
 * p_c - [c = label], the gradient of the loss by the logits. tmp and lse are scratch. */
static fp_status FN(sm_batch_loss)(const wl_ctx *w, reduce_ctx *rc, const wl_params *p,
                                   const sm_setup *s, size_t C, size_t dim, size_t nb,
                                   const size_t *batch, VEC_T x, VEC_T W, VEC_T b, VEC_T z,
                                   VEC_T prob, NUM_T tmp, NUM_T lse, VEC_T dz, VEC_T loss,
                                   unsigned *events)
{
	fp_status st = FP_OK;

	for (size_t q = 0; q < nb && st == FP_OK; q++) {
		size_t y = (size_t)s->labels[batch[q]];

		st = FN(sm_forward)(w, rc, C, dim, W, b, x + batch[q] * dim, z, prob, tmp, &lse,
		                    p->softmax.stable, events);
		OP_SUB(w, loss[q], lse, z[y]);
		for (size_t c = 0; c < C; c++)
			OP_SET(w, dz[q * C + c], prob[c]);
		SET_D(w, tmp, 1.0);
		OP_SUB(w, dz[q * C + y], dz[q * C + y], tmp);
	}
	return st;
}

/* The accuracies on the training and the held-out rows, and the held-out predictions as
 * labels (for argmax flips). tmp and lse are scratch. */
static fp_status FN(sm_accuracy)(const wl_ctx *w, reduce_ctx *rc, const wl_params *p,
                                 const dataset *d, const sm_setup *s, VEC_T x, VEC_T W, VEC_T b,
                                 VEC_T z, VEC_T prob, NUM_T tmp, NUM_T lse, wl_result *r,
                                 unsigned *events)
{
	const size_t dim = d->cols, C = s->classes, ntrain = s->ntrain, ntest = d->rows - s->ntrain;
	size_t right[2] = {0, 0};
	fp_status st = FP_OK;

	r->labels = xmalloc((ntest ? ntest : 1) * sizeof *r->labels);
	r->nlabels = ntest;
	for (size_t i = 0; i < d->rows && st == FP_OK; i++) {
		int pred;

		st = FN(sm_forward)(w, rc, C, dim, W, b, x + i * dim, z, prob, tmp, &lse,
		                    p->softmax.stable, events);
		pred = FN(sm_argmax)(z, C);
		right[i >= ntrain] += pred == s->labels[i];
		if (i >= ntrain)
			r->labels[i - ntrain] = pred;
	}
	SET_D(w, tmp, (double)right[0] / (double)ntrain);
	FN(output)(w, r, &sm_outputs[SM_OUT_TRAIN_ACC], 0, 0, tmp);
	SET_D(w, tmp, ntest ? (double)right[1] / (double)ntest : 0.0);
	FN(output)(w, r, &sm_outputs[SM_OUT_TEST_ACC], 0, 0, tmp);
	return st;
}

/* The end of epoch e: the mitigation inside, on the nw weights and C biases, then the epoch's
 * mean loss over its nloss rows as output loss[e]. tmp and cnt are scratch. */
static fp_status FN(sm_epoch_end)(const wl_ctx *w, reduce_ctx *rc, size_t nw, size_t C, VEC_T W,
                                  VEC_T b, VEC_T losses, size_t nloss, NUM_T tmp, NUM_T cnt,
                                  unsigned e, wl_result *r)
{
	fp_status st = FP_OK;

	if (w->round_inside.kind != MITIG_NONE) {
		for (size_t q = 0; q < nw && st == FP_OK; q++)
			st = FN(mitigate)(w, &w->round_inside, &W[q]);
		for (size_t c = 0; c < C && st == FP_OK; c++)
			st = FN(mitigate)(w, &w->round_inside, &b[c]);
	}
	st = st == FP_OK ? FN(reduce_sum)(rc, CVEC(losses), nloss, REF(tmp)) : st;
	SET_D(w, cnt, (double)nloss);
	OP_DIV(w, tmp, tmp, cnt);
	FN(output)(w, r, &sm_outputs[SM_OUT_LOSS], e, 0, tmp);
	return st;
}

static fp_status FN(softmax_run)(const wl_ctx *w, const wl_params *p, const dataset *d,
                                 const sm_setup *s, wl_result *r)
{
	const size_t dim = d->cols, C = s->classes, B = p->softmax.batch_size;
	const size_t ntrain = s->ntrain;
	const unsigned epochs = p->softmax.epochs;
	const size_t batches = (ntrain + B - 1) / B;
#if IS_MPFR
	/* the inputs are doubles (scaled in double): without an emulated format 53-bit numbers
	 * hold them exactly, so every operation sees the same values and rounds the same, and a
	 * product with one costs a 4 x 1-limb multiplication instead of 4 x 4 at 256 bits */
	const mpfr_prec_t xbits = w->emu == FP_EMU_NONE && w->bits > 53 ? 53 : w->bits;
	VEC_T x = mvec_new(d->rows * dim, xbits), colx = mvec_new(B, xbits);
#else
	VEC_T x = FN(vec_new)(w, d->rows * dim), colx = FN(vec_new)(w, B);
#endif
	VEC_T W = FN(vec_new)(w, C * dim), b = FN(vec_new)(w, C);
	VEC_T z = FN(vec_new)(w, C), prob = FN(vec_new)(w, C), dz = FN(vec_new)(w, B * C);
	VEC_T cold = FN(vec_new)(w, B), losses = FN(vec_new)(w, batches * B);
	VEC_T k = FN(vec_new)(w, 8);
	size_t *batch = xmalloc(B * sizeof *batch), *perm = xmalloc(ntrain * sizeof *perm);
	NUM_T tmp = k[0], step = k[1], g = k[2], cnt = k[3], lse = k[4];
	fp_status st = FP_OK;
	reduce_ctx *rc = wl_reduce_new(w, &st);
	prng pr;
	unsigned e, events = 0; /* SM_EV_ flags: what went wrong, for the note */

	memset(r, 0, sizeof *r);
	if (!rc)
		goto done;
	prng_seed(&pr, w->seed ^ UINT64_C(0x5eed5eed));
	for (size_t i = 0; i < d->rows; i++)
		for (size_t j = 0; j < dim; j++)
			SET_D(w, x[i * dim + j], d->x[s->order[i] * dim + j] * p->softmax.scale);
	for (size_t q = 0; q < C * dim; q++)
		SET_D(w, W[q], s->init[q]);
	SET_D(w, step, p->softmax.lr);
	SET_D(w, tmp, (double)B);
	OP_DIV(w, step, step, tmp);
	OP_NEG(w, step, step);
	for (size_t i = 0; i < ntrain; i++)
		perm[i] = i;
	for (e = 0; e < epochs && st == FP_OK; e++) {
		size_t nloss = 0;

		if (wl_cancelled(w)) {
			r->cancelled = true;
			break;
		}
		if (p->softmax.sampling == SM_EPOCH_SHUFFLE)
			prng_shuffle(&pr, perm, ntrain);
		for (size_t bt = 0; bt < batches && st == FP_OK; bt++) {
			size_t nb;

			if (wl_cancelled(w)) {
				r->cancelled = true;
				break;
			}
			nb = sm_draw_batch(p->softmax.sampling, &pr, perm, ntrain, B, bt, batch);
			st = FN(sm_batch_loss)(w, rc, p, s, C, dim, nb, batch, x, W, b, z, prob,
			                       tmp, lse, dz, losses + nloss, &events);
			nloss += nb;
			if (st == FP_OK)
				st = FN(sm_step)(w, rc, C, dim, nb, x, batch, dz, cold, colx, step,
				                 g, W, b);
		}
		if (st != FP_OK || r->cancelled)
			break;
		st = FN(sm_epoch_end)(w, rc, C * dim, C, W, b, losses, nloss, tmp, cnt, e, r);
		if (w->progress)
			w->progress(w->progress_arg, (double)(e + 1) / epochs);
	}
	r->iterations = e;
	if (st != FP_OK || r->cancelled)
		goto done;
	st = FN(sm_accuracy)(w, rc, p, d, s, x, W, b, z, prob, tmp, lse, r, &events);
	if (r->nonfinite || events)
		sm_note(r->note, sizeof r->note, p->softmax.stable, events);
	if (st == FP_OK)
		st = wl_result_round(w, r);
done:
	reduce_free(rc);
	FN(vec_free)(x);
	FN(vec_free)(W);
	FN(vec_free)(b);
	FN(vec_free)(z);
	FN(vec_free)(prob);
	FN(vec_free)(dz);
	FN(vec_free)(colx);
	FN(vec_free)(cold);
	FN(vec_free)(losses);
	FN(vec_free)(k);
	free(batch);
	free(perm);
	return st;
}
