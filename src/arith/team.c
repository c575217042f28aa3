/* team.c - a persistent team of threads for one parallel loop at a time (team.h).
 *
 * A loop is announced by bumping gen under the mutex and broadcasting; each member runs its
 * part and counts itself in done; the caller waits until every member has counted itself.
 * Between loops a member spins for SPIN_SECONDS before it sleeps, and so does a waiting caller:
 * k-means and the MLP call short reductions back to back, and a futex wake-up per call would
 * cost more than the sums. The spin yields the processor every few rounds, so a team larger
 * than the machine (8 threads on 2 cores) still lets the working threads run. */
#include "config.h"

#include "arith/team.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>

#include <mpfr.h>

#include "util/util.h"

#define SPIN_SECONDS 50e-6

typedef struct member {
	struct team *t;
	unsigned index; /* 1 .. size - 1 */
} member;

struct team {
	pthread_mutex_t mu;
	pthread_cond_t go;       /* gen moved, or stop */
	pthread_cond_t finished; /* done reached size - 1 */
	atomic_uint gen;         /* the loop's number, bumped under mu */
	atomic_uint done;        /* members through the current loop */
	unsigned size;           /* threads, the caller included */
	unsigned parts;          /* of the current loop; set under mu before gen moves */
	team_fn fn;
	void *arg;
	bool stop;
	pthread_t *th;  /* size - 1 of them */
	member *member; /* size - 1 of them */
};

/* Spin until *v differs from old (wait_change) or reaches old (!wait_change), for SPIN_SECONDS at
 * most; true when it did. */
static bool spin(atomic_uint *v, unsigned old, bool wait_change)
{
	double end = util_seconds() + SPIN_SECONDS;

	for (unsigned round = 1;; round++) {
		unsigned cur = atomic_load_explicit(v, memory_order_acquire);

		if (wait_change ? cur != old : cur >= old)
			return true;
		if (round % 16 == 0) {
			if (util_seconds() > end)
				return false;
			sched_yield();
		}
	}
}

static void *member_main(void *p)
{
	member *me = p;
	struct team *t = me->t;
	unsigned seen = 0;

	for (;;) {
		team_fn fn;
		void *arg;
		unsigned parts;

		spin(&t->gen, seen, true);
		pthread_mutex_lock(&t->mu);
		while (atomic_load(&t->gen) == seen && !t->stop)
			pthread_cond_wait(&t->go, &t->mu);
		if (t->stop) {
			pthread_mutex_unlock(&t->mu);
			break;
		}
		seen = atomic_load(&t->gen);
		fn = t->fn;
		arg = t->arg;
		parts = t->parts;
		pthread_mutex_unlock(&t->mu);
		if (me->index < parts)
			fn(arg, me->index);
		if (atomic_fetch_add_explicit(&t->done, 1, memory_order_acq_rel) + 1 ==
		    t->size - 1) {
			pthread_mutex_lock(&t->mu);
			pthread_cond_signal(&t->finished);
			pthread_mutex_unlock(&t->mu);
		}
	}
	mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
	return NULL;
}

team *team_new(unsigned size)
{
	struct team *t = xcalloc(1, sizeof *t);

	ASSERTN(size >= 1);
	pthread_mutex_init(&t->mu, NULL);
	pthread_cond_init(&t->go, NULL);
	pthread_cond_init(&t->finished, NULL);
	atomic_init(&t->gen, 0);
	atomic_init(&t->done, 0);
	t->size = 1;
	if (size > 1) {
		t->th = xcalloc(size - 1, sizeof *t->th);
		t->member = xcalloc(size - 1, sizeof *t->member);
	}
	/* members see size only through the mutex (team_run and their own loop take it), and
	 * no loop runs before team_new returns */
	for (unsigned i = 1; i < size; i++) {
		t->member[i - 1] = (member){.t = t, .index = i};
		if (pthread_create(&t->th[i - 1], NULL, member_main, &t->member[i - 1]) != 0)
			break;
		t->size++;
	}
	return t;
}

void team_free(team *t)
{
	if (!t)
		return;
	pthread_mutex_lock(&t->mu);
	t->stop = true;
	pthread_cond_broadcast(&t->go);
	pthread_mutex_unlock(&t->mu);
	for (unsigned i = 0; i + 1 < t->size; i++)
		pthread_join(t->th[i], NULL);
	pthread_cond_destroy(&t->finished);
	pthread_cond_destroy(&t->go);
	pthread_mutex_destroy(&t->mu);
	free(t->th);
	free(t->member);
	free(t);
}

unsigned team_size(const team *t)
{
	return t->size;
}

void team_run(team *t, unsigned parts, team_fn fn, void *arg)
{
	const unsigned members = t->size - 1;

	if (members == 0 || parts <= 1) {
		for (unsigned p = 0; p < parts; p++)
			fn(arg, p);
		return;
	}
	pthread_mutex_lock(&t->mu);
	t->fn = fn;
	t->arg = arg;
	t->parts = parts;
	atomic_store(&t->done, 0);
	atomic_fetch_add(&t->gen, 1);
	pthread_cond_broadcast(&t->go);
	pthread_mutex_unlock(&t->mu);
	fn(arg, 0);
	for (unsigned p = t->size; p < parts; p++) /* parts without a thread of their own */
		fn(arg, p);
	if (!spin(&t->done, members, false)) {
		pthread_mutex_lock(&t->mu);
		while (atomic_load(&t->done) < members)
			pthread_cond_wait(&t->finished, &t->mu);
		pthread_mutex_unlock(&t->mu);
	}
}
