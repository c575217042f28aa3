/* blas.c - OpenBLAS calls for kernel=blas. */
#include "config.h"

#include "arith/blas.h"

#include <cblas.h>
#include <pthread.h>

#include <math.h>

#include "util/util.h"

/* OpenBLAS takes int sizes: anything larger is a caller bug, not a user error. */
static blasint as_int(size_t v)
{
	ASSERTN(v <= 0x7fffffff);
	return (blasint)v;
}

float blas_dot_f(unsigned threads, const float *x, const float *y, size_t n)
{
	openblas_set_num_threads((int)threads);
	return cblas_sdot(as_int(n), x, 1, y, 1);
}

double blas_dot_d(unsigned threads, const double *x, const double *y, size_t n)
{
	openblas_set_num_threads((int)threads);
	return cblas_ddot(as_int(n), x, 1, y, 1);
}

void blas_gemm_f(unsigned threads, size_t m, size_t n, size_t k, const float *A, size_t lda,
                 const float *B, size_t ldb, float *C, size_t ldc)
{
	openblas_set_num_threads((int)threads);
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, as_int(m), as_int(n), as_int(k), 1.0f,
	            A, as_int(lda), B, as_int(ldb), 0.0f, C, as_int(ldc));
}

void blas_gemm_d(unsigned threads, size_t m, size_t n, size_t k, const double *A, size_t lda,
                 const double *B, size_t ldb, double *C, size_t ldc)
{
	openblas_set_num_threads((int)threads);
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, as_int(m), as_int(n), as_int(k), 1.0,
	            A, as_int(lda), B, as_int(ldb), 0.0, C, as_int(ldc));
}

void blas_gemm_scaled_f(unsigned threads, size_t m, size_t n, size_t k, float alpha, const float *A,
                        size_t lda, const float *B, size_t ldb, float beta, float *C, size_t ldc)
{
	openblas_set_num_threads((int)threads);
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, as_int(m), as_int(n), as_int(k), alpha,
	            A, as_int(lda), B, as_int(ldb), beta, C, as_int(ldc));
}

void blas_gemm_scaled_d(unsigned threads, size_t m, size_t n, size_t k, double alpha,
                        const double *A, size_t lda, const double *B, size_t ldb, double beta,
                        double *C, size_t ldc)
{
	openblas_set_num_threads((int)threads);
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, as_int(m), as_int(n), as_int(k), alpha,
	            A, as_int(lda), B, as_int(ldb), beta, C, as_int(ldc));
}

const char *blas_config(void)
{
	return openblas_get_config();
}

const char *blas_corename(void)
{
	return openblas_get_corename();
}

/* The fusing probe. With a = 1 + 2^-27 (double) or 1 + 2^-12 (float), a^2 = 1 + 2e + e^2
 * rounds to 1 + 2e when the product is rounded (e^2 is half an ulp or less, and the tie goes
 * to the even 1 + 2e), so 16 products a*a and 16 products a*(-a) sum to exactly 0 in any order
 * (every partial sum is a small multiple of 1 + 2e, exact). A kernel that fuses the products
 * into its accumulation keeps the e^2 terms and returns a nonzero residue: the dot product
 * once as cblas_?dot and once as a 1 x 1 cblas_?gemm with k = 32. */
#define PROBE_N 32

static bool fuses_f, fuses_d;
static pthread_once_t probe_once = PTHREAD_ONCE_INIT;

static void probe(void)
{
	double xd[PROBE_N], yd[PROBE_N], gd = 0;
	float xf[PROBE_N], yf[PROBE_N], gf = 0;

	for (int i = 0; i < PROBE_N; i++) {
		xd[i] = 1.0 + 0x1p-27;
		yd[i] = i < PROBE_N / 2 ? xd[i] : -xd[i];
		xf[i] = 1.0f + 0x1p-12f;
		yf[i] = i < PROBE_N / 2 ? xf[i] : -xf[i];
	}
	openblas_set_num_threads(1);
	cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, 1, 1, PROBE_N, 1.0, xd, PROBE_N, yd,
	            PROBE_N, 0.0, &gd, 1);
	cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, 1, 1, PROBE_N, 1.0f, xf, PROBE_N, yf,
	            PROBE_N, 0.0f, &gf, 1);
	fuses_d =
	    fpclassify(cblas_ddot(PROBE_N, xd, 1, yd, 1)) != FP_ZERO || fpclassify(gd) != FP_ZERO;
	fuses_f =
	    fpclassify(cblas_sdot(PROBE_N, xf, 1, yf, 1)) != FP_ZERO || fpclassify(gf) != FP_ZERO;
}

bool blas_fuses_f(void)
{
	pthread_once(&probe_once, probe);
	return fuses_f;
}

bool blas_fuses_d(void)
{
	pthread_once(&probe_once, probe);
	return fuses_d;
}
