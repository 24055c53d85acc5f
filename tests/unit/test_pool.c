/* test_pool.c: jobs run on the workers and come back to the loop; one job
 * at a time runs on the worker that went idle last, whose caches are warm. */
#include <pthread.h>
#include <string.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "pool.h"
#include "tap.h"

#define WORKERS 4

static pthread_barrier_t all_busy;

struct task {
	struct job job;
	pthread_t ran_on;
	int meet; /* wait until every worker holds a task */
	int done;
};

static void
work(struct job *job)
{
	struct task *t = job->arg;

	t->ran_on = pthread_self();
	if (t->meet)
		pthread_barrier_wait(&all_busy);
}

static void
done(struct job *job)
{
	((struct task *)job->arg)->done = 1;
}

/* Submit and turn the loop until every task of t[0, n) is back. */
static int
run(struct event_base *base, struct pool *p, struct task *t, size_t n)
{
	size_t i, back;

	for (i = 0; i < n; i++) {
		memset(&t[i].job, 0, sizeof(t[i].job));
		t[i].job.work = work;
		t[i].job.done = done;
		t[i].job.arg = &t[i];
		t[i].done = 0;
		if (pool_submit(p, &t[i].job) != 0)
			return -1;
	}
	do {
		event_base_loop(base, EVLOOP_ONCE);
		for (i = 0, back = 0; i < n; i++)
			back += t[i].done;
	} while (back < n);
	return 0;
}

int
main(void)
{
	struct event_base *base;
	struct pool *p = NULL;
	struct task meet[WORKERS], one[1];
	pthread_t first;
	size_t i, j, distinct = 0, same = 0;

	evthread_use_pthreads();
	base = event_base_new();
	pthread_barrier_init(&all_busy, NULL, WORKERS);
	ok(base != NULL && pool_new(base, WORKERS, 64, &p) == 0,
	    "a pool of %d workers", WORKERS);

	/* As many jobs as workers, each waiting for the others: they can
	 * only finish if every worker takes one. */
	for (i = 0; i < WORKERS; i++)
		meet[i].meet = 1;
	ok(run(base, p, meet, WORKERS) == 0, "jobs run side by side");
	for (i = 0; i < WORKERS; i++) {
		for (j = 0; j < i; j++)
			if (pthread_equal(meet[i].ran_on, meet[j].ran_on))
				break;
		distinct += j == i;
	}
	ok(distinct == WORKERS, "on %zu different workers", distinct);

	/* Now one at a time: each goes to the worker that finished last. */
	one[0].meet = 0;
	run(base, p, one, 1);
	first = one[0].ran_on;
	for (i = 0; i < 50; i++) {
		run(base, p, one, 1);
		same += pthread_equal(one[0].ran_on, first);
	}
	ok(same == 50,
	    "one job at a time stays on one worker (%zu of 50), its caches "
	    "warm",
	    same);

	pool_free(p);
	event_base_free(base);
	pthread_barrier_destroy(&all_busy);
	return tap_done();
}
