/* knob.c - the knob registry; see knob.h. */
#include "config.h"

#include "explore/knob.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arith/precision.h"
#include "arith/rnd.h"
#include "util/util.h"

/* A whole number lo..hi with nothing after it. */
static bool parse_unsigned(const char *s, unsigned long lo, unsigned long hi, unsigned *out)
{
	char *end;
	unsigned long v;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v < lo || v > hi)
		return false;
	*out = (unsigned)v;
	return true;
}

/* ---- order ---------------------------------------------------------------------------------- */

static bool order_parse(const char *s, fp_knobs *k)
{
	return knobs_parse_order(s, &k->order, &k->shuffle_seed);
}

static void order_format(const fp_knobs *k, char *buf, size_t size)
{
	const char *name = knobs_order_name(k->order);

	if (k->order == FP_ORDER_SHUFFLE)
		snprintf(buf, size, "shuffle:%" PRIu64, k->shuffle_seed);
	else
		snprintf(buf, size, "%s", name ? name : "?");
}

static void order_copy(fp_knobs *dst, const fp_knobs *src)
{
	dst->order = src->order;
	dst->shuffle_seed = src->shuffle_seed;
}

/* ---- lanes ---------------------------------------------------------------------------------- */

static bool lanes_parse(const char *s, fp_knobs *k)
{
	unsigned v;

	if (!parse_unsigned(s, 1, FP_LANES_MAX, &v) || (v & (v - 1)))
		return false;
	k->lanes = v;
	return true;
}

static void lanes_format(const fp_knobs *k, char *buf, size_t size)
{
	snprintf(buf, size, "%u", k->lanes);
}

static void lanes_copy(fp_knobs *dst, const fp_knobs *src)
{
	dst->lanes = src->lanes;
}

/* Does a run of w compute as another library does (workload.mimics)? Then only the threads
 * and their combine order are its knobs. */
static bool mimic(const knob_where *w)
{
	bool all = w->wl && w->wl->mimics && w->params;

	if ((unsigned)w->prec < FP_PRECISION_COUNT)
		return all && w->wl->mimics(w->params, w->prec);
	/* any precision: a mimic when every precision that runs is one */
	for (int p = 0; p < FP_PRECISION_COUNT && all; p++)
		if (!w->chosen || w->chosen[p])
			all = w->wl->mimics(w->params, (fp_precision)p);
	return all && w->chosen;
}

static bool not_mimic(const knob_where *w, const fp_knobs *k)
{
	(void)k;
	return !mimic(w);
}

/* An exact reduction is correctly rounded: its result depends on no split of the terms. */
static bool order_not_exact(const knob_where *w, const fp_knobs *k)
{
	(void)w;
	return k->order != FP_ORDER_EXACT;
}

/* lanes: an exact order ignores them, and so does a mimic */
static bool not_exact(const knob_where *w, const fp_knobs *k)
{
	return order_not_exact(w, k) && !mimic(w);
}

/* threads: an exact order ignores them; a mimic runs on them whatever the order says */
static bool threads_apply(const knob_where *w, const fp_knobs *k)
{
	return order_not_exact(w, k) || mimic(w);
}

/* ---- threads -------------------------------------------------------------------------------- */

static bool threads_parse(const char *s, fp_knobs *k)
{
	return parse_unsigned(s, 1, FP_THREADS_MAX, &k->threads);
}

static void threads_format(const fp_knobs *k, char *buf, size_t size)
{
	snprintf(buf, size, "%u", k->threads);
}

static void threads_copy(fp_knobs *dst, const fp_knobs *src)
{
	dst->threads = src->threads;
}

/* One more or one fewer thread, within 1..FP_THREADS_MAX. */
static void threads_step(fp_knobs *k, int dir)
{
	if (dir > 0 && k->threads < FP_THREADS_MAX)
		k->threads++;
	else if (dir < 0 && k->threads > 1)
		k->threads--;
}

/* ---- combine -------------------------------------------------------------------------------- */

static bool combine_parse(const char *s, fp_knobs *k)
{
	return knobs_parse_combine(s, &k->combine);
}

static void combine_format(const fp_knobs *k, char *buf, size_t size)
{
	const char *name = knobs_combine_name(k->combine);

	snprintf(buf, size, "%s", name ? name : "?");
}

static void combine_copy(fp_knobs *dst, const fp_knobs *src)
{
	dst->combine = src->combine;
}

/* One part has nothing to combine with. */
static bool combine_applies(const knob_where *w, const fp_knobs *k)
{
	return threads_apply(w, k) && k->threads > 1;
}

/* A racy combine merges in completion order: two runs of the same variant can differ. */
static bool combine_varies(const knob_where *w, const fp_knobs *k)
{
	return k->combine == FP_COMBINE_RACY && combine_applies(w, k);
}

static const char *combine_note(const knob_where *w, const fp_knobs *k)
{
	return combine_varies(w, k) ? "varies from run to run" : NULL;
}

/* ---- fma ------------------------------------------------------------------------------------ */

static bool fma_parse(const char *s, fp_knobs *k)
{
	if (strcmp(s, "on") != 0 && strcmp(s, "off") != 0)
		return false;
	k->fma = strcmp(s, "on") == 0;
	return true;
}

static void fma_format(const fp_knobs *k, char *buf, size_t size)
{
	snprintf(buf, size, "%s", k->fma ? "on" : "off");
}

static void fma_copy(fp_knobs *dst, const fp_knobs *src)
{
	dst->fma = src->fma;
}

/* A workload without products has no multiply-add to fuse. */
static bool fma_applies(const knob_where *w, const fp_knobs *k)
{
	(void)k;
	return (!w->wl || w->wl->products) && !mimic(w);
}

/* Under kernel=blas, where OpenBLAS computes the products and fuses them (the probe of
 * arith/blas.h), fma=off does not hold for those products. */
static const char *fma_note(const knob_where *w, const fp_knobs *k)
{
	bool fuses = false;

	if (k->kernel != FP_KERNEL_BLAS || !knob_applies(KNOB_KERNEL, w, k))
		return NULL;
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		if ((w->prec == FP_PRECISION_COUNT || w->prec == (fp_precision)p) &&
		    precision_of((fp_precision)p)->ops.blas_fuses)
			fuses |= precision_of((fp_precision)p)->ops.blas_fuses();
	return fuses && !k->fma ? "fused by the library" : NULL;
}

/* ---- kernel --------------------------------------------------------------------------------- */

static bool kernel_parse(const char *s, fp_knobs *k)
{
	return knobs_parse_kernel(s, &k->kernel);
}

static void kernel_format(const fp_knobs *k, char *buf, size_t size)
{
	const char *name = knobs_kernel_name(k->kernel);

	snprintf(buf, size, "%s", name ? name : "?");
}

static void kernel_copy(fp_knobs *dst, const fp_knobs *src)
{
	dst->kernel = src->kernel;
}

static bool accum_applies(const knob_where *w, const fp_knobs *k);

/* OpenBLAS runs only float and double products outside exact order, and only where the
 * workload hands it any (k-means: the expanded distance). */
static bool kernel_applies(const knob_where *w, const fp_knobs *k)
{
	if (!order_not_exact(w, k) || mimic(w) || k->rounding != FP_ROUNDING_NEAREST ||
	    ((unsigned)w->prec < FP_PRECISION_COUNT && !precision_of(w->prec)->blas) ||
	    ((unsigned)w->prec < FP_PRECISION_COUNT && k->accum != FP_PRECISION_COUNT &&
	     k->accum != w->prec && accum_applies(w, k)))
		return false;
	return !w->wl || !w->wl->uses_blas || w->wl->uses_blas(w->params);
}

/* ---- accum ---------------------------------------------------------------------------------- */

/* same, or the name of a precision that can hold an accumulation (ACCUM_VALUES) */
static bool accum_parse(const char *s, fp_knobs *k)
{
	fp_precision p;

	if (strcmp(s, "same") == 0) {
		k->accum = FP_PRECISION_COUNT;
		return true;
	}
	if (!knobs_parse_precision(s, &p) || !precision_of(p)->accumulates)
		return false;
	k->accum = p;
	return true;
}

static void accum_format(const fp_knobs *k, char *buf, size_t size)
{
	const char *name = knobs_precision_name(k->accum);

	snprintf(buf, size, "%s", k->accum == FP_PRECISION_COUNT ? "same" : name ? name : "?");
}

static void accum_copy(fp_knobs *dst, const fp_knobs *src)
{
	dst->accum = src->accum;
}

/* The accumulation format acts on float and the emulated formats (their _e kernels), outside
 * an exact order (rounded once to the run's format whatever it accumulates in) and a mimic;
 * in a run's own format it is that run without the knob. */
static bool accum_applies(const knob_where *w, const fp_knobs *k)
{
	if (!order_not_exact(w, k) || mimic(w))
		return false;
	if ((unsigned)w->prec < FP_PRECISION_COUNT)
		return w->prec == FP_FLOAT || precision_emulated(w->prec);
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		if ((!w->chosen || w->chosen[p]) &&
		    (p == FP_FLOAT || precision_emulated((fp_precision)p)))
			return true;
	return false;
}

/* ---- rounding ------------------------------------------------------------------------------- */

static bool rounding_parse(const char *s, fp_knobs *k)
{
	return knobs_parse_rounding(s, &k->rounding, &k->mca_t);
}

static void rounding_format(const fp_knobs *k, char *buf, size_t size)
{
	const char *name = knobs_rounding_name(k->rounding);

	if (k->rounding == FP_ROUNDING_MCA)
		snprintf(buf, size, "mca:%u", k->mca_t);
	else
		snprintf(buf, size, "%s", name ? name : "?");
}

static void rounding_copy(fp_knobs *dst, const fp_knobs *src)
{
	dst->rounding = src->rounding;
	dst->mca_t = src->mca_t;
}

/* Every operation of every precision rounds so, except a library mimic's (computed as the
 * library does) and MPFR's under a random mode (the reference stays the reference). */
static bool rounding_applies(const knob_where *w, const fp_knobs *k)
{
	if (mimic(w))
		return false;
	if (w->prec == FP_MPFR)
		return !rnd_is_random(k->rounding);
	if ((unsigned)w->prec < FP_PRECISION_COUNT)
		return true;
	for (int p = 0; p < FP_PRECISION_COUNT; p++)
		if ((!w->chosen || w->chosen[p]) && (p != FP_MPFR || !rnd_is_random(k->rounding)))
			return true;
	return false;
}

static bool rounding_varies(const knob_where *w, const fp_knobs *k)
{
	return rnd_is_random(k->rounding) && rounding_applies(w, k);
}

static const char *rounding_note(const knob_where *w, const fp_knobs *k)
{
	return rounding_varies(w, k) ? "sampled" : NULL;
}

/* ---- the table ------------------------------------------------------------------------------ */

const knob_desc knob_table[KNOB_COUNT] = {
    [KNOB_ORDER] = {.name = "order",
                    .key = 'o',
                    .pattern = "^(seq|reverse|pairwise|numpy|sorted-asc|sorted-desc|shuffle:[0-9]+|"
                               "kahan|neumaier|exact)$",
                    .sweep = "seq,reverse,pairwise,numpy,sorted-asc,sorted-desc,shuffle:1,kahan,"
                             "neumaier,exact",
                    .def = "seq",
                    .json = KNOB_JSON_STRING,
                    .arg_help = "seq reverse pairwise numpy sorted-asc sorted-desc shuffle:SEED\n"
                                "kahan neumaier exact",
                    .key_help = "summation order (seq ... exact)",
                    .parse = order_parse,
                    .format = order_format,
                    .na_help = "a library mimic (--mimic)",
                    .copy = order_copy,
                    .applies = not_mimic},
    [KNOB_LANES] = {.name = "lanes",
                    .key = 'v',
                    .values = "1,2,4,8,16",
                    .sweep = "1,2,4,8,16",
                    .def = "1",
                    .json = KNOB_JSON_INTEGER,
                    .arg_help = "1 2 4 8 16",
                    .key_help = "vector lanes 1, 2, 4, 8, 16",
                    .na_help = "order=exact or a library mimic (--mimic)",
                    .parse = lanes_parse,
                    .format = lanes_format,
                    .copy = lanes_copy,
                    .applies = not_exact},
    [KNOB_THREADS] = {.name = "threads",
                      .key = 't',
                      .key_back = 'T',
                      .min = 1,
                      .max = FP_THREADS_MAX,
                      .sweep = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16",
                      .def = "1",
                      .json = KNOB_JSON_INTEGER,
                      .arg_help = "1..256",
                      .key_help = "threads up",
                      .back_help = "threads down",
                      .na_help = "order=exact",
                      .parse = threads_parse,
                      .format = threads_format,
                      .copy = threads_copy,
                      .applies = threads_apply,
                      .step = threads_step},
    [KNOB_COMBINE] = {.name = "combine",
                      .key = 'c',
                      .values = "ordered,tree,racy",
                      .sweep = "ordered,tree,racy",
                      .def = "ordered",
                      .json = KNOB_JSON_STRING,
                      .arg_help = "ordered tree racy",
                      .key_help = "combine: ordered, tree, racy",
                      .na_help = "threads=1 or order=exact",
                      .parse = combine_parse,
                      .format = combine_format,
                      .copy = combine_copy,
                      .applies = combine_applies,
                      .note = combine_note,
                      .varies = combine_varies},
    [KNOB_FMA] = {.name = "fma",
                  .key = 'f',
                  .values = "off,on",
                  .sweep = "off,on",
                  .def = "off",
                  .json = KNOB_JSON_BOOLEAN,
                  .arg_help = "off on",
                  .key_help = "fused multiply-add off / on",
                  .na_help = "a workload without products, or a library mimic",
                  .parse = fma_parse,
                  .format = fma_format,
                  .copy = fma_copy,
                  .applies = fma_applies,
                  .note = fma_note},
    [KNOB_KERNEL] = {.name = "kernel",
                     .key = 'b',
                     .values = "naive,blas",
                     .sweep = "naive,blas",
                     .def = "naive",
                     .json = KNOB_JSON_STRING,
                     .arg_help = "naive blas",
                     .key_help = "kernel: naive / BLAS",
                     .na_help = "MPFR, order=exact, a library mimic, or a workload that makes "
                                "no BLAS call (sum; k-means with the direct distance)",
                     .parse = kernel_parse,
                     .format = kernel_format,
                     .copy = kernel_copy,
                     .applies = kernel_applies},
    [KNOB_ACCUM] = {.name = "accum",
                    .key = 'x',
                    .values = "same,double,float,tf32,bf16,fp16",
                    .sweep = "same,double,float,tf32,bf16,fp16",
                    .def = "same",
                    .json = KNOB_JSON_STRING,
                    .arg_help = "same double float tf32 bf16 fp16: the format sums and dot\n"
                                "products accumulate in",
                    .key_help = "accumulate in: same, double, float, tf32, bf16, fp16",
                    .na_help = "double and MPFR runs, order=exact, or a library mimic",
                    .parse = accum_parse,
                    .format = accum_format,
                    .copy = accum_copy,
                    .applies = accum_applies},
    [KNOB_ROUNDING] = {.name = "rounding",
                       .key = 'u',
                       .pattern =
                           "^(nearest|up|down|zero|random|sr|mca:([1-9]|[1-4][0-9]|5[0-3]))$",
                       .sweep = "nearest,up,down,zero,random,sr,mca:53",
                       .def = "nearest",
                       .json = KNOB_JSON_STRING,
                       .arg_help = "nearest up down zero random sr mca:T (T 1..53)",
                       .key_help = "rounding: nearest, up, down, zero, random, sr, mca:53",
                       .na_help = "a library mimic, or MPFR under random, sr and mca (it stays "
                                  "the reference)",
                       .parse = rounding_parse,
                       .format = rounding_format,
                       .copy = rounding_copy,
                       .applies = rounding_applies,
                       .note = rounding_note,
                       .varies = rounding_varies},
};

knob_id knob_find(const char *name)
{
	int id = 0;

	while (id < KNOB_COUNT && strcmp(knob_table[id].name, name) != 0)
		id++;
	return (knob_id)id;
}

bool knob_parse_list(knob_id id, const char *list, knob_list *out)
{
	knob_list tmp;
	char *copy, *tok, *save = NULL;
	bool ok =
	    *list != '\0' && list[strlen(list) - 1] != ',' && !strstr(list, ",,") && list[0] != ',';

	tmp.n = 0;
	copy = xstrdup(list);
	for (tok = strtok_r(copy, ",", &save); ok && tok; tok = strtok_r(NULL, ",", &save)) {
		if (tmp.n == KNOB_LIST_MAX) {
			ok = false;
			break;
		}
		tmp.v[tmp.n] = knobs_default();
		ok = knob_table[id].parse(tok, &tmp.v[tmp.n++]);
	}
	free(copy);
	if (!ok || tmp.n == 0)
		return false;
	*out = tmp;
	return true;
}

char *knob_format(knob_id id, const fp_knobs *k, char *buf, size_t size)
{
	knob_table[id].format(k, buf, size);
	return buf;
}

bool knob_same(knob_id id, const fp_knobs *a, const fp_knobs *b)
{
	char x[64], y[64];

	return strcmp(knob_format(id, a, x, sizeof x), knob_format(id, b, y, sizeof y)) == 0;
}

const char *knob_note(knob_id id, const knob_where *w, const fp_knobs *k)
{
	return knob_table[id].note ? knob_table[id].note(w, k) : NULL;
}

bool knob_varies(const fp_knobs *k, const knob_where *w)
{
	for (int id = 0; id < KNOB_COUNT; id++)
		if (knob_table[id].varies && knob_table[id].varies(w, k))
			return true;
	return false;
}

bool knob_applies(knob_id id, const knob_where *w, const fp_knobs *k)
{
	return !knob_table[id].applies || knob_table[id].applies(w, k);
}

void knob_step(knob_id id, fp_knobs *k, int dir)
{
	const knob_desc *d = &knob_table[id];
	knob_list sweep;
	size_t i = 0;

	if (d->step) {
		d->step(k, dir);
		return;
	}
	ASSERTN(knob_parse_list(id, d->sweep, &sweep));
	while (i < sweep.n && !knob_same(id, &sweep.v[i], k))
		i++;
	/* a value off the list steps to the list's first */
	i = i == sweep.n ? 0 : (i + sweep.n + (dir < 0 ? sweep.n - 1 : 1)) % sweep.n;
	d->copy(k, &sweep.v[i]);
}

void knob_lists_default(knob_list lists[KNOB_COUNT])
{
	for (int id = 0; id < KNOB_COUNT; id++)
		ASSERTN(knob_parse_list((knob_id)id, knob_table[id].def, &lists[id]));
}

fp_knobs knob_lists_first(const knob_list lists[KNOB_COUNT])
{
	fp_knobs k = knobs_default();

	for (int id = 0; id < KNOB_COUNT; id++)
		knob_table[id].copy(&k, &lists[id].v[0]);
	return k;
}

size_t knob_expand(const knob_list lists[KNOB_COUNT], fp_knobs **out)
{
	size_t n = 1;
	fp_knobs *v;

	for (int id = 0; id < KNOB_COUNT; id++)
		n *= lists[id].n;
	v = xreallocarray(NULL, n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++) {
		size_t rest = i;

		v[i] = knobs_default();
		for (int id = KNOB_COUNT - 1; id >= 0; id--) {
			knob_table[id].copy(&v[i], &lists[id].v[rest % lists[id].n]);
			rest /= lists[id].n;
		}
	}
	*out = v;
	return n;
}

char *knob_describe(const fp_knobs *k, char *buf, size_t size)
{
	return knob_describe_where(k, NULL, buf, size);
}

char *knob_describe_where(const fp_knobs *k, const knob_where *w, char *buf, size_t size)
{
	buf[0] = '\0';
	for (int id = 0; id < KNOB_COUNT; id++) {
		const char *note = w ? knob_note((knob_id)id, w, k) : NULL;
		char v[64];

		appendf(buf, size, "%s%s=%s%s", id ? " " : "", knob_table[id].name,
		        knob_format((knob_id)id, k, v, sizeof v),
		        w && !knob_applies((knob_id)id, w, k) ? " (n/a)" : "");
		if (note)
			appendf(buf, size, " (%s)", note);
	}
	return buf;
}
