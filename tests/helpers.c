/* helpers.c - shared test helpers; see helpers.h. */
#include "config.h"

#include "helpers.h"

#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arith/prng.h"

#define REF_BITS 4600

uint64_t test_seed(void)
{
	const char *s = getenv("FPDRIFT_TEST_SEED");

	return s && *s ? strtoull(s, NULL, 10) : UINT64_C(20261122);
}

static void mvec_alloc(mvec *m, size_t n, mpfr_prec_t bits)
{
	m->n = n;
	m->v = malloc((n ? n : 1) * sizeof *m->v);
	m->p = malloc((n ? n : 1) * sizeof *m->p);
	cr_assert(m->v && m->p);
	for (size_t i = 0; i < n; i++) {
		mpfr_init2(&m->v[i], bits);
		m->p[i] = &m->v[i];
	}
}

void mvec_from_d(mvec *m, const double *x, size_t n, mpfr_prec_t bits)
{
	mvec_alloc(m, n, bits);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(mpfr_set_d(&m->v[i], x[i], MPFR_RNDN), 0, "input %zu not exact", i);
}

void mvec_from_f(mvec *m, const float *x, size_t n, mpfr_prec_t bits)
{
	mvec_alloc(m, n, bits);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(mpfr_set_flt(&m->v[i], x[i], MPFR_RNDN), 0, "input %zu not exact", i);
}

void mvec_clear(mvec *m)
{
	for (size_t i = 0; i < m->n; i++)
		mpfr_clear(&m->v[i]);
	free(m->v);
	free(m->p);
	m->v = NULL;
	m->p = NULL;
	m->n = 0;
}

uint64_t bits_d(double x)
{
	uint64_t u;

	memcpy(&u, &x, sizeof u);
	return u;
}

uint32_t bits_f(float x)
{
	uint32_t u;

	memcpy(&u, &x, sizeof u);
	return u;
}

bool bits_eq_d(double a, double b)
{
	return (isnan(a) && isnan(b)) || bits_d(a) == bits_d(b);
}

bool bits_eq_f(float a, float b)
{
	return (isnan(a) && isnan(b)) || bits_f(a) == bits_f(b);
}

/* exact sum of terms (each an MPFR number) into a REF_BITS number */
static void exact_sum(mpfr_ptr out, mvec *m)
{
	int t;

	mpfr_set_prec(out, REF_BITS);
	t = mpfr_sum(out, (mpfr_ptr *)m->p, m->n, MPFR_RNDN);
	cr_assert_eq(t, 0, "the reference sum is not exact at %d bits", REF_BITS);
}

void ref_sum_exact(mpfr_ptr out, const double *x, size_t n)
{
	mvec m;

	mvec_from_d(&m, x, n, 53);
	exact_sum(out, &m);
	mvec_clear(&m);
}

double ref_sum_d(const double *x, size_t n)
{
	mpfr_t s;
	double r;

	mpfr_init2(s, REF_BITS);
	ref_sum_exact(s, x, n);
	r = mpfr_get_d(s, MPFR_RNDN);
	mpfr_clear(s);
	return r;
}

float ref_sum_f(const float *x, size_t n)
{
	mvec m;
	mpfr_t s;
	float r;

	mvec_from_f(&m, x, n, 24);
	mpfr_init2(s, REF_BITS);
	exact_sum(s, &m);
	r = mpfr_get_flt(s, MPFR_RNDN);
	mpfr_clear(s);
	mvec_clear(&m);
	return r;
}

/* products x[i]*y[i] exactly (106 bits hold any product of two doubles) */
static void products(mvec *m, const mvec *a, const mvec *b)
{
	mvec_alloc(m, a->n, 106);
	for (size_t i = 0; i < a->n; i++)
		cr_assert_eq(mpfr_mul(&m->v[i], a->p[i], b->p[i], MPFR_RNDN), 0);
}

/* The exact sum of the products of a and b into s (REF_BITS); frees a and b. */
static void exact_dot(mpfr_ptr s, mvec *a, mvec *b)
{
	mvec p;

	products(&p, a, b);
	mpfr_init2(s, REF_BITS);
	exact_sum(s, &p);
	mvec_clear(a);
	mvec_clear(b);
	mvec_clear(&p);
}

double ref_dot_d(const double *x, const double *y, size_t n)
{
	mvec a, b;
	mpfr_t s;
	double r;

	mvec_from_d(&a, x, n, 53);
	mvec_from_d(&b, y, n, 53);
	exact_dot(s, &a, &b);
	r = mpfr_get_d(s, MPFR_RNDN);
	mpfr_clear(s);
	return r;
}

float ref_dot_f(const float *x, const float *y, size_t n)
{
	mvec a, b;
	mpfr_t s;
	float r;

	mvec_from_f(&a, x, n, 24);
	mvec_from_f(&b, y, n, 24);
	exact_dot(s, &a, &b);
	r = mpfr_get_flt(s, MPFR_RNDN);
	mpfr_clear(s);
	return r;
}

void test_kmeans_scenario(scenario *sc, dataset *d, const char *spec)
{
	char err[256];

	cr_assert_eq(gen_make(spec, d, err, sizeof err), 0, "%s", err);
	scenario_init(sc);
	sc->wl = workload_find("kmeans");
	sc->data = d;
	sc->params.kmeans.k = 3;
}

uint64_t ordered_ulps_d(double a, double b)
{
	int64_t ia, ib;

	memcpy(&ia, &a, sizeof ia);
	memcpy(&ib, &b, sizeof ib);
	ia = ia < 0 ? INT64_MIN - ia : ia;
	ib = ib < 0 ? INT64_MIN - ib : ib;
	return ia > ib ? (uint64_t)ia - (uint64_t)ib : (uint64_t)ib - (uint64_t)ia;
}
