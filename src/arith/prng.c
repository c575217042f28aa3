/* prng.c - xoshiro256** seeded by splitmix64; see prng.h. */
#include "config.h"

#include "arith/prng.h"

#include <math.h>

#include "util/util.h"

uint64_t prng_splitmix64(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

void prng_seed(prng *p, uint64_t seed)
{
	uint64_t st = seed;

	for (int i = 0; i < 4; i++)
		p->s[i] = prng_splitmix64(&st);
	/* splitmix64 is a bijection of its counter, so four outputs cannot all be zero */
	ASSERTN(p->s[0] | p->s[1] | p->s[2] | p->s[3]);
}

void prng_set_state(prng *p, const uint64_t s[4])
{
	for (int i = 0; i < 4; i++)
		p->s[i] = s[i];
	ASSERTN(p->s[0] | p->s[1] | p->s[2] | p->s[3]);
}

uint64_t prng_next(prng *p)
{
	return prng_next_inline(p);
}

double prng_uniform(prng *p)
{
	return (double)(prng_next(p) >> 11) * 0x1.0p-53;
}

uint64_t prng_below(prng *p, uint64_t bound)
{
	unsigned __int128 m;
	uint64_t low;

	ASSERTN(bound > 0);
	m = (unsigned __int128)prng_next(p) * bound;
	low = (uint64_t)m;
	if (low < bound) {
		const uint64_t threshold = -bound % bound;

		while (low < threshold) {
			m = (unsigned __int128)prng_next(p) * bound;
			low = (uint64_t)m;
		}
	}
	return (uint64_t)(m >> 64);
}

double prng_normal(prng *p)
{
	double u, v, s;

	do {
		u = 2.0 * prng_uniform(p) - 1.0;
		v = 2.0 * prng_uniform(p) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || !(s > 0.0));
	return u * sqrt(-2.0 * log(s) / s);
}

void prng_shuffle(prng *p, size_t *idx, size_t n)
{
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)prng_below(p, i);
		size_t t = idx[i - 1];

		idx[i - 1] = idx[j];
		idx[j] = t;
	}
}
