/* blas.c - OpenBLAS calls for kernel=blas. */
#include "config.h"

#include "arith/blas.h"

#include <cblas.h>

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

const char *blas_config(void)
{
	return openblas_get_config();
}

const char *blas_corename(void)
{
	return openblas_get_corename();
}
