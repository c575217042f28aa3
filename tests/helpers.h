/* helpers.h - what the tests share: the seed, MPFR vectors, bit-exact comparison and
 * independent references computed by MPFR alone (never by the engine under test).
 *
 * The seed of every randomised test is FPDRIFT_TEST_SEED when set, else a fixed value, so a
 * failure can be replayed (MPFR's tests_start). Failing tests print the seed.
 */
#ifndef FPDRIFT_TEST_HELPERS_H
#define FPDRIFT_TEST_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <mpfr.h>

/* The seed for randomised tests. */
uint64_t test_seed(void);

/* An array of MPFR numbers and the pointer array the _m kernels take. */
typedef struct mvec {
	__mpfr_struct *v;
	mpfr_srcptr *p;
	size_t n;
} mvec;

/* Exact copies of doubles / floats at precision bits (which must hold them). */
void mvec_from_d(mvec *m, const double *x, size_t n, mpfr_prec_t bits);
void mvec_from_f(mvec *m, const float *x, size_t n, mpfr_prec_t bits);
void mvec_clear(mvec *m);

/* Same bits; +0 and -0 differ. Every NaN equals every NaN: IEEE 754 leaves the sign and
 * payload of a NaN result unspecified, and MPFR has one NaN. */
bool bits_eq_d(double a, double b);
bool bits_eq_f(float a, float b);
uint64_t bits_d(double x);
uint32_t bits_f(float x);
/* The distance in ulps of two finite doubles, independently of the library: their bit
 * patterns as sign-magnitude integers mapped to an ordered line. */
uint64_t ordered_ulps_d(double a, double b);

/* Assert the same bits (NaN matches NaN), naming both values in hex on failure. Floats are
 * compared only through these or through ulp helpers, never with ==. */
#define ASSERT_BITS_D(got, want)                                                                   \
	cr_assert(bits_eq_d((got), (want)), "%s: got %a, want %a (seed %llu)", #got,               \
	          (double)(got), (double)(want), (unsigned long long)test_seed())
#define ASSERT_BITS_F(got, want)                                                                   \
	cr_assert(bits_eq_f((got), (want)), "%s: got %a, want %a (seed %llu)", #got,               \
	          (double)(got), (double)(want), (unsigned long long)test_seed())
#define ASSERT_DIFF_D(a, b)                                                                        \
	cr_assert(!bits_eq_d((a), (b)), "%s and %s are both %a", #a, #b, (double)(a))

/* The exact sum (dot: of the exact products) by mpfr_sum at 4600 bits, which holds every
 * such sum of fewer than 2^64 terms exactly (asserted through the ternary value), then
 * rounded once to double or float by mpfr_get_d / mpfr_get_flt. */
double ref_sum_d(const double *x, size_t n);
float ref_sum_f(const float *x, size_t n);
double ref_dot_d(const double *x, const double *y, size_t n);
float ref_dot_f(const float *x, const float *y, size_t n);
/* Assert the same bits (NaN matches NaN), naming both values in hex on failure. Floats are
 * compared only through these or through ulp helpers, never with ==. */
#define ASSERT_BITS_D(got, want)                                                                   \
	cr_assert(bits_eq_d((got), (want)), "%s: got %a, want %a (seed %llu)", #got,               \
	          (double)(got), (double)(want), (unsigned long long)test_seed())
#define ASSERT_BITS_F(got, want)                                                                   \
	cr_assert(bits_eq_f((got), (want)), "%s: got %a, want %a (seed %llu)", #got,               \
	          (double)(got), (double)(want), (unsigned long long)test_seed())
#define ASSERT_DIFF_D(a, b)                                                                        \
	cr_assert(!bits_eq_d((a), (b)), "%s and %s are both %a", #a, #b, (double)(a))

/* The exact sum into out (exact at 4600 bits), for error measurements. */
void ref_sum_exact(mpfr_ptr out, const double *x, size_t n);

/* gen_ill_conditioned (src/dataset/dataset.h) makes cancelling test vectors. */
#include "dataset/dataset.h"
#include "explore/runner.h"

/* A k-means scenario (k = 3, the defaults otherwise) on the data generator spec makes into
 * *d, which the caller clears. */
void test_kmeans_scenario(scenario *sc, dataset *d, const char *spec);

#endif
