/* blas.h - the engine's only door to OpenBLAS (kernel=blas). Nothing else includes cblas.h.
 *
 * Each call first sets OpenBLAS's thread count to the run's threads knob, so what OpenBLAS
 * does on this machine (its blocking, its threads, its core-specific kernels) is what the run
 * shows. The settings are process-wide: call from one thread at a time.
 */
#ifndef FPDRIFT_BLAS_H
#define FPDRIFT_BLAS_H

#include <stdbool.h>
#include <stddef.h>

float blas_dot_f(unsigned threads, const float *x, const float *y, size_t n);
double blas_dot_d(unsigned threads, const double *x, const double *y, size_t n);
/* C = A B^T, row-major, as reduce_gemm_*. */
void blas_gemm_f(unsigned threads, size_t m, size_t n, size_t k, const float *A, size_t lda,
                 const float *B, size_t ldb, float *C, size_t ldc);
void blas_gemm_d(unsigned threads, size_t m, size_t n, size_t k, const double *A, size_t lda,
                 const double *B, size_t ldb, double *C, size_t ldc);
/* Does OpenBLAS fuse multiply-adds in its float (blas_fuses_f) or double (blas_fuses_d) dot
 * or gemm kernels on this machine, whatever the fma knob says? Probed once, on first use
 * (thread-safe). */
/* C = alpha A B^T + beta C, the same row-major layout: the call scikit-learn's k-means makes
 * per chunk (alpha -2, beta 1). */
void blas_gemm_scaled_f(unsigned threads, size_t m, size_t n, size_t k, float alpha, const float *A,
                        size_t lda, const float *B, size_t ldb, float beta, float *C, size_t ldc);
void blas_gemm_scaled_d(unsigned threads, size_t m, size_t n, size_t k, double alpha,
                        const double *A, size_t lda, const double *B, size_t ldb, double beta,
                        double *C, size_t ldc);
bool blas_fuses_f(void);
bool blas_fuses_d(void);
/* OpenBLAS's build configuration and the name of the core it chose, e.g. "Haswell". */
const char *blas_config(void);
const char *blas_corename(void);

#endif
