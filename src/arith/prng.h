/* prng.h - the project's source of random numbers (mt19937.h only reproduces NumPy's).
 *
 * xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators", ACM
 * TOMS 47(4), 2021), seeded from one 64-bit seed by four outputs of splitmix64 (Steele, Lea and
 * Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), as the authors advise.
 * The streams depend only on the seed: the same on every machine, compiler and thread. rand()
 * is never used.
 *
 *   prng p;
 *   prng_seed(&p, 42);
 *   double u = prng_uniform(&p);        (in [0, 1), 53 random bits)
 */
#ifndef FPDRIFT_PRNG_H
#define FPDRIFT_PRNG_H

#include <stddef.h>
#include <stdint.h>

typedef struct prng {
	uint64_t s[4]; /* never all zero */
} prng;

/* One step of splitmix64 on *state: the seeding function, exposed for tests. */
uint64_t prng_splitmix64(uint64_t *state);
void prng_seed(prng *p, uint64_t seed);
/* Set the raw state (tests compare against the published reference); not all zero. */
void prng_set_state(prng *p, const uint64_t s[4]);
uint64_t prng_next(prng *p);
/* The same step, inline, for loops that draw once per operation (arith/rnd.h). */
static inline uint64_t prng_next_inline(prng *p)
{
	uint64_t *s = p->s;
	const uint64_t x = s[1] * 5, result = ((x << 7) | (x >> 57)) * 9;
	const uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = (s[3] << 45) | (s[3] >> 19);
	return result;
}
/* Uniform double in [0, 1): the top 53 bits times 2^-53. */
double prng_uniform(prng *p);
/* Uniform integer in [0, bound), bound > 0, without modulo bias (Lemire, "Fast random integer
 * generation in an interval", ACM TOMACS 29(1), 2019). */
uint64_t prng_below(prng *p, uint64_t bound);
/* Standard normal deviate by the Marsaglia polar method (uses log and sqrt from libm). */
double prng_normal(prng *p);
/* Fisher-Yates shuffle of idx[0..n) (Knuth, TAOCP vol. 2, Algorithm P). */
void prng_shuffle(prng *p, size_t *idx, size_t n);

#endif
