/* team.h - a persistent team of threads that runs the parts of one parallel loop at a time,
 * the way an OpenMP parallel region with a static schedule does: part 0 on the calling thread,
 * part i on member i, every member the same thread from one call to the next.
 *
 * Usage:
 *   team *t = team_new(4);              // the caller and 3 members, started here
 *   team_run(t, 4, sum_part, &args);    // sum_part(&args, 0) here, (&args, 1..3) on members
 *   team_free(t);                       // joins the members
 *
 * Contracts:
 *   - team_new(size) starts size - 1 threads. When a thread cannot be started the team is
 *     smaller; team_size() says how many threads it has (at least 1, the caller), and
 *     team_run runs the parts that have no thread on the calling thread, after part 0.
 *   - team_run(t, parts, fn, arg) calls fn(arg, p) once for every p < parts and returns after
 *     the last has returned; everything the parts wrote is then visible to the caller. Parts
 *     run concurrently: fn synchronises whatever they share. parts <= team_size(t) runs each
 *     part on its own thread; more parts are run by the caller after part 0.
 *   - One caller at a time per team: a team belongs to the object that made it (a reduce
 *     context, a workload run). fn may use other teams (nested parallel loops) but not its own.
 *   - A member that finds no work spins briefly, then sleeps on a condition variable, so an
 *     idle team costs no CPU time and a loop of short calls does not pay a wake-up each time.
 *   - Members free MPFR's thread-local caches when they exit.
 *   - team_free(NULL) does nothing. */
#ifndef FPDRIFT_TEAM_H
#define FPDRIFT_TEAM_H

typedef struct team team;
typedef void (*team_fn)(void *arg, unsigned part);

team *team_new(unsigned size);
void team_free(team *t);
unsigned team_size(const team *t);
void team_run(team *t, unsigned parts, team_fn fn, void *arg);

#endif
