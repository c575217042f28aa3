/* mvec.h - vectors of MPFR numbers for templated code: v[i] is an mpfr_ptr, so v[i] is both an
 * operand and a destination, and (mpfr_srcptr const *)v is what the _m kernels take.
 *
 *   mpfr_ptr *v = mvec_new(n, 256);   (all +0)
 *   mpfr_add(v[0], v[0], v[1], MPFR_RNDN);
 *   mvec_free(v);                     (accepts NULL)
 *
 * One allocation holds the pointers, the numbers and their significands (MPFR's custom
 * interface), so the numbers must not be resized, cleared or swapped one by one. */
#ifndef FPDRIFT_MVEC_H
#define FPDRIFT_MVEC_H

#include <stddef.h>

#include <mpfr.h>

mpfr_ptr *mvec_new(size_t n, mpfr_prec_t bits);
void mvec_free(mpfr_ptr *v);
size_t mvec_len(mpfr_ptr *const v);
/* The bytes one number of a vector of such numbers takes: its pointer, struct and limbs. */
size_t mvec_bytes(mpfr_prec_t bits);

#endif
