/*
 * pool.c: workers and the hand-off, after memcached's thread.c and Bitcoin
 * Core's httpserver: one mutex guards the queue and the completion list;
 * a full queue is refused at once rather than grown.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "pool.h"

TAILQ_HEAD(jobq, job);

struct pool {
	pthread_mutex_t lock;
	pthread_cond_t work;
	struct jobq queue;
	struct jobq busy; /* on workers, oldest first */
	struct jobq finished;
	size_t queued, running, unreaped, max_queue;
	int stopping;
	pthread_t *threads;
	unsigned nthreads;
	struct event *wake; /* activated from workers: finished jobs wait */
};

static void *
pool_worker(void *arg)
{
	struct pool *p = arg;
	struct job *job;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (TAILQ_EMPTY(&p->queue) && !p->stopping)
			pthread_cond_wait(&p->work, &p->lock);
		if ((job = TAILQ_FIRST(&p->queue)) == NULL)
			break; /* stopping, and nothing left to do */
		TAILQ_REMOVE(&p->queue, job, entry);
		p->queued--;
		p->running++;
		clock_gettime(CLOCK_MONOTONIC, &job->started);
		TAILQ_INSERT_TAIL(&p->busy, job, entry);
		pthread_mutex_unlock(&p->lock);

		job->work(job);

		pthread_mutex_lock(&p->lock);
		TAILQ_REMOVE(&p->busy, job, entry);
		p->running--;
		p->unreaped++;
		TAILQ_INSERT_TAIL(&p->finished, job, entry);
		/* The one libevent call a worker makes (thread-safe once
		 * evthread_use_pthreads() has run). */
		event_active(p->wake, EV_READ, 0);
	}
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* On the loop thread: hand finished jobs back to their owners. */
static void
pool_reap(evutil_socket_t fd, short what, void *arg)
{
	struct pool *p = arg;
	struct jobq done;
	struct job *job;

	(void)fd;
	(void)what;
	TAILQ_INIT(&done);
	pthread_mutex_lock(&p->lock);
	TAILQ_CONCAT(&done, &p->finished, entry);
	pthread_mutex_unlock(&p->lock);
	while ((job = TAILQ_FIRST(&done)) != NULL) {
		TAILQ_REMOVE(&done, job, entry);
		pthread_mutex_lock(&p->lock);
		p->unreaped--;
		pthread_mutex_unlock(&p->lock);
		job->done(job);
	}
}

int
pool_new(struct event_base *base, unsigned threads, size_t max_queue,
    struct pool **out)
{
	struct pool *p;
	unsigned i;

	if (threads == 0 || (p = calloc(1, sizeof(*p))) == NULL)
		return -1;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->work, NULL);
	TAILQ_INIT(&p->queue);
	TAILQ_INIT(&p->busy);
	TAILQ_INIT(&p->finished);
	p->max_queue = max_queue;
	if ((p->wake = event_new(base, -1, 0, pool_reap, p)) == NULL ||
	    (p->threads = calloc(threads, sizeof(*p->threads))) == NULL)
		goto fail;
	for (i = 0; i < threads; i++) {
		if (pthread_create(&p->threads[i], NULL, pool_worker, p) != 0)
			goto fail;
		p->nthreads++;
	}
	*out = p;
	return 0;
fail:
	pool_free(p);
	return -1;
}

int
pool_submit(struct pool *p, struct job *job)
{
	int rc = -1;

	pthread_mutex_lock(&p->lock);
	if (!p->stopping && p->queued < p->max_queue) {
		TAILQ_INSERT_TAIL(&p->queue, job, entry);
		p->queued++;
		pthread_cond_signal(&p->work);
		rc = 0;
	}
	pthread_mutex_unlock(&p->lock);
	return rc;
}

void
pool_counts(struct pool *p, size_t *queued, size_t *running)
{
	/* One lock for both, so the pair is a consistent snapshot. */
	pthread_mutex_lock(&p->lock);
	*queued = p->queued;
	*running = p->running;
	pthread_mutex_unlock(&p->lock);
}

double
pool_oldest(struct pool *p)
{
	struct timespec now;
	struct job *job;
	double age = 0;

	clock_gettime(CLOCK_MONOTONIC, &now);
	pthread_mutex_lock(&p->lock);
	if ((job = TAILQ_FIRST(&p->busy)) != NULL)
		age = (double)(now.tv_sec - job->started.tv_sec) +
		      (double)(now.tv_nsec - job->started.tv_nsec) / 1e9;
	pthread_mutex_unlock(&p->lock);
	return age;
}

void
pool_free(struct pool *p)
{
	unsigned i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->stopping = 1;
	pthread_cond_broadcast(&p->work);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	/* Jobs finished after the loop stopped are handed back here. */
	if (p->wake != NULL) {
		pool_reap(-1, 0, p);
		event_free(p->wake);
	}
	free(p->threads);
	pthread_cond_destroy(&p->work);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
