/* mlp_source.c - the MLP study's network, written once; mlp.c compiles it per precision.
 *
 * A 1-10-1 dense network with linear activations (Keras's Dense default, as in the study),
 * trained full batch on pairs (x, target) with mean squared error and Adam (Kingma and Ba, "Adam:
 * a method for stochastic optimization", ICLR 2015) in Keras's form: lr_t = lr sqrt(1 - b2^t) /
 * (1 - b1^t), w -= lr_t m / (sqrt(v) + eps). Parameters: W1[0..10), b1[10..20), W2[20..30),
 * b2[30]. Every sum over the batch or the hidden layer is an engine reduction; every h = w x + b
 * is one fused operation when fma is on. loss[e] is the loss of epoch e before its update, as
 * Keras reports it; final_loss and pred[j] are those of the trained network. */

#define MLP_H 10
#define MLP_P (3 * MLP_H + 1)

/* Forward pass for all samples: hidden activations into hid (n x H), outputs into y, and the
 * loss (mean squared error) into loss. err gets y - target. */
static fp_status FN(mlp_forward)(const wl_ctx *w, reduce_ctx *rc, size_t n, VEC_T par, VEC_T x,
                                 VEC_T tgt, VEC_T hid, VEC_T y, VEC_T err, NUM_T nv, NUM_T *loss)
{
	fp_status st = FP_OK;

	for (size_t j = 0; j < n && st == FP_OK; j++) {
		for (size_t i = 0; i < MLP_H; i++) {
			if (w->knobs.fma) {
				OP_FMA(w, hid[j * MLP_H + i], par[i], x[j], par[MLP_H + i]);
			} else {
				OP_MUL(w, hid[j * MLP_H + i], par[i], x[j]);
				OP_ADD(w, hid[j * MLP_H + i], hid[j * MLP_H + i], par[MLP_H + i]);
			}
		}
		st = FN(reduce_dot)(rc, CVEC(par + 2 * MLP_H), CVEC(hid + j * MLP_H), MLP_H,
		                    REF(y[j]));
		OP_ADD(w, y[j], y[j], par[3 * MLP_H]);
		OP_SUB(w, err[j], y[j], tgt[j]);
	}
	if (st != FP_OK)
		return st;
	st = FN(reduce_dot)(rc, CVEC(err), CVEC(err), n, REF(*loss));
	OP_DIV(w, *loss, *loss, nv);
	return st;
}

/* The gradient of the loss (backpropagation): dL/dy_j = 2 (y_j - t_j) / n, then the output
 * layer's bias and weights and the hidden layer's, each a reduction under the knobs. */
static fp_status FN(mlp_backward)(const wl_ctx *w, reduce_ctx *rc, size_t n, VEC_T par, VEC_T x,
                                  VEC_T hid, VEC_T err, VEC_T dy, VEC_T col, NUM_T two, NUM_T nv,
                                  VEC_T grad)
{
	fp_status st;

	(void)w; /* the native precisions' operations need no context */
	for (size_t j = 0; j < n; j++) {
		OP_MUL(w, dy[j], two, err[j]);
		OP_DIV(w, dy[j], dy[j], nv);
	}
	st = FN(reduce_sum)(rc, CVEC(dy), n, REF(grad[3 * MLP_H])); /* b2 */
	for (size_t i = 0; i < MLP_H && st == FP_OK; i++) {
		for (size_t j = 0; j < n; j++)
			OP_SET(w, col[j], hid[j * MLP_H + i]);
		st = FN(reduce_dot)(rc, CVEC(dy), CVEC(col), n, REF(grad[2 * MLP_H + i])); /* W2 */
		for (size_t j = 0; j < n; j++)
			OP_MUL(w, col[j], dy[j], par[2 * MLP_H + i]); /* dh_ji */
		if (st == FP_OK)
			st = FN(reduce_dot)(rc, CVEC(col), CVEC(x), n, REF(grad[i])); /* W1 */
		if (st == FP_OK)
			st = FN(reduce_sum)(rc, CVEC(col), n, REF(grad[MLP_H + i])); /* b1 */
	}
	return st;
}

/* Adam's constants and state: b1, b2, eps, one and lrv are set once; b1t and b2t hold
 * beta^t; omb1, omb2 are 1 - beta; t1, t2 and lrt are scratch. */
typedef struct FN(adam) {
	NUM_T b1, b2, eps, one, b1t, b2t, lrv, lrt, t1, t2, omb1, omb2;
} FN(adam);

/* One Adam step (Kingma and Ba, ICLR 2015, section 2, in the form with the bias correction
 * folded into the step size, as Keras applies it): lr_t = lr sqrt(1 - b2^t) / (1 - b1^t),
 * m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, p -= lr_t m / (sqrt(v) + eps). Keras's
 * epsilon is the paper's "epsilon hat" (the formula before its section 2.1): added to sqrt(v),
 * not to sqrt(v_hat) as in its Algorithm 1 (tf.keras.optimizers.Adam and tf.raw_ops.ApplyAdam
 * document it so; test_workload.c tells the two apart). */
static fp_status FN(mlp_adam_step)(const wl_ctx *w, FN(adam) * a, VEC_T par, VEC_T grad, VEC_T mom,
                                   VEC_T vel)
{
	fp_status st = FP_OK;

	OP_MUL(w, a->b1t, a->b1t, a->b1);
	OP_MUL(w, a->b2t, a->b2t, a->b2);
	OP_SUB(w, a->t1, a->one, a->b2t);
	OP_SQRT(w, a->t1, a->t1);
	OP_SUB(w, a->t2, a->one, a->b1t);
	OP_DIV(w, a->t1, a->t1, a->t2);
	OP_MUL(w, a->lrt, a->lrv, a->t1);
	for (size_t q = 0; q < MLP_P; q++) {
		OP_MUL(w, a->t1, a->omb1, grad[q]);
		OP_MUL(w, mom[q], a->b1, mom[q]);
		OP_ADD(w, mom[q], mom[q], a->t1);
		OP_MUL(w, a->t1, grad[q], grad[q]);
		OP_MUL(w, a->t1, a->omb2, a->t1);
		OP_MUL(w, vel[q], a->b2, vel[q]);
		OP_ADD(w, vel[q], vel[q], a->t1);
		OP_SQRT(w, a->t2, vel[q]);
		OP_ADD(w, a->t2, a->t2, a->eps);
		OP_DIV(w, a->t1, mom[q], a->t2);
		OP_MUL(w, a->t1, a->lrt, a->t1);
		OP_SUB(w, par[q], par[q], a->t1);
		if (w->round_inside.kind != MITIG_NONE)
			st = FN(mitigate)(w, &w->round_inside, &par[q]);
	}
	return st;
}

static fp_status FN(mlp_run)(const wl_ctx *w, const wl_params *p, const dataset *d,
                             const double *init, wl_result *r)
{
	const size_t n = mlp_samples(d);
	const unsigned epochs = p->mlp.epochs;
	const double lr = p->mlp.lr;
	VEC_T par = FN(vec_new)(w, MLP_P), grad = FN(vec_new)(w, MLP_P);
	VEC_T mom = FN(vec_new)(w, MLP_P), vel = FN(vec_new)(w, MLP_P);
	VEC_T x = FN(vec_new)(w, n), tgt = FN(vec_new)(w, n), y = FN(vec_new)(w, n);
	VEC_T err = FN(vec_new)(w, n), dy = FN(vec_new)(w, n), col = FN(vec_new)(w, n);
	VEC_T hid = FN(vec_new)(w, n * MLP_H), k = FN(vec_new)(w, 16);
	fp_status st = FP_OK;
	reduce_ctx *rc = wl_reduce_new(w, &st);
	/* constants and scratch values */
	NUM_T loss = k[0], nv = k[1], two = k[2];
	FN(adam) ad = {k[3], k[4], k[5], k[6], k[7], k[8], k[9], k[10], k[11], k[12], k[13], k[14]};
	unsigned e;

	memset(r, 0, sizeof *r);
	if (!rc)
		goto done;
	for (size_t q = 0; q < MLP_P; q++)
		SET_D(w, par[q], init[q]);
	for (size_t j = 0; j < n; j++) {
		SET_D(w, x[j], d->x[j * d->cols]);
		SET_D(w, tgt[j], mlp_target(d, j));
	}
	SET_D(w, nv, (double)n);
	SET_D(w, two, 2.0);
	SET_D(w, ad.b1, 0.9);
	SET_D(w, ad.b2, 0.999);
	SET_D(w, ad.eps, 1e-7);
	SET_D(w, ad.one, 1.0);
	SET_D(w, ad.lrv, lr);
	OP_SET(w, ad.b1t, ad.one);
	OP_SET(w, ad.b2t, ad.one);
	OP_SUB(w, ad.omb1, ad.one, ad.b1);
	OP_SUB(w, ad.omb2, ad.one, ad.b2);
	for (e = 0; e < epochs && st == FP_OK; e++) {
		if (wl_cancelled(w)) {
			r->cancelled = true;
			break;
		}
		st = FN(mlp_forward)(w, rc, n, par, x, tgt, hid, y, err, nv, &loss);
		if (st != FP_OK)
			break;
		FN(output)(w, r, &mlp_outputs[MLP_OUT_LOSS], e, 0, loss);
		st = FN(mlp_backward)(w, rc, n, par, x, hid, err, dy, col, two, nv, grad);
		if (st != FP_OK)
			break;
		st = FN(mlp_adam_step)(w, &ad, par, grad, mom, vel);
		if (w->progress)
			w->progress(w->progress_arg, (double)(e + 1) / epochs);
	}
	r->iterations = e;
	if (st != FP_OK || r->cancelled)
		goto done;
	st = FN(mlp_forward)(w, rc, n, par, x, tgt, hid, y, err, nv, &loss);
	FN(output)(w, r, &mlp_outputs[MLP_OUT_FINAL], 0, 0, loss);
	for (size_t j = 0; j < n; j++)
		FN(output)(w, r, &mlp_outputs[MLP_OUT_PRED], j, 0, y[j]);
	if (st == FP_OK)
		st = wl_result_round(w, r);
done:
	reduce_free(rc);
	FN(vec_free)(par);
	FN(vec_free)(grad);
	FN(vec_free)(mom);
	FN(vec_free)(vel);
	FN(vec_free)(x);
	FN(vec_free)(tgt);
	FN(vec_free)(y);
	FN(vec_free)(err);
	FN(vec_free)(dy);
	FN(vec_free)(col);
	FN(vec_free)(hid);
	FN(vec_free)(k);
	return st;
}

#undef MLP_H
#undef MLP_P
