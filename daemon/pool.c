/*
 * pool.c: workers and the hand-off, after memcached's thread.c and Bitcoin
 * Core's httpserver: one mutex guards the queue and the completion list;
 * a full queue is refused at once rather than grown.
 *
 * A job goes to the worker that went idle last, as Apache's event MPM
 * hands connections to its idle workers: that worker's caches (its stem
 * table, its malloc arena, its core's) are the warm ones. A shared
 * condition variable would wake the idle workers in turn, and under light
 * load every request would run on cold memory: a third slower.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "pool.h"

TAILQ_HEAD(jobq, job);

struct worker {
	struct pool *pool;
	pthread_t thread;
	pthread_cond_t wake; /* signalled when a job is handed to it */
	int idle;            /* on the idle stack */
};

struct pool {
	pthread_mutex_t lock;
	struct jobq queue;
	struct jobq busy; /* on workers, oldest first */
	struct jobq finished;
	size_t queued, running, max_queue;
	int stopping;
	struct worker *workers;
	unsigned *idle; /* a stack of worker indices: the last idle on top */
	unsigned nthreads, nidle;
	struct event *wake; /* activated from workers: finished jobs wait */
};

/* Off the idle stack, wherever it is on it. With the lock held. */
static void
unidle(struct pool *p, struct worker *w)
{
	unsigned i;

	for (i = 0; i < p->nidle; i++)
		if (&p->workers[p->idle[i]] == w) {
			memmove(&p->idle[i], &p->idle[i + 1],
			    (p->nidle - i - 1) * sizeof(*p->idle));
			p->nidle--;
			break;
		}
	w->idle = 0;
}

static void *
pool_worker(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	struct job *job;

	pthread_mutex_lock(&p->lock);
	for (;;) {
		while (TAILQ_EMPTY(&p->queue) && !p->stopping) {
			if (!w->idle) {
				p->idle[p->nidle++] =
				    (unsigned)(w - p->workers);
				w->idle = 1;
			}
			pthread_cond_wait(&w->wake, &p->lock);
		}
		/* Woken for a job it was handed, or taking one queued for
		 * another worker that is slower to wake. */
		if (w->idle)
			unidle(p, w);
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
		job->done(job);
	}
}

int
pool_new(struct event_base *base, unsigned threads, size_t max_queue,
    struct pool **out)
{
	struct pool *p;
	sigset_t all, old;
	unsigned i;

	if (threads == 0 || (p = calloc(1, sizeof(*p))) == NULL)
		return -1;
	pthread_mutex_init(&p->lock, NULL);
	TAILQ_INIT(&p->queue);
	TAILQ_INIT(&p->busy);
	TAILQ_INIT(&p->finished);
	p->max_queue = max_queue;
	if ((p->wake = event_new(base, -1, 0, pool_reap, p)) == NULL ||
	    (p->workers = calloc(threads, sizeof(*p->workers))) == NULL ||
	    (p->idle = calloc(threads, sizeof(*p->idle))) == NULL)
		goto fail;
	/*
	 * Workers are born with every signal blocked but the ones a fault
	 * raises in the faulting thread, so a signal sent to the process
	 * (SIGHUP, SIGTERM) goes to the event loop's thread. Left open, the
	 * kernel may hand it to an idle worker; libevent's handler still
	 * gets it to the loop, but a sanitizer runtime holds it until that
	 * worker next wakes, and a reload may wait for a request.
	 */
	sigfillset(&all);
	sigdelset(&all, SIGSEGV);
	sigdelset(&all, SIGBUS);
	sigdelset(&all, SIGFPE);
	sigdelset(&all, SIGILL);
	sigdelset(&all, SIGTRAP);
	sigdelset(&all, SIGSYS);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	for (i = 0; i < threads; i++) {
		p->workers[i].pool = p;
		pthread_cond_init(&p->workers[i].wake, NULL);
		if (pthread_create(&p->workers[i].thread, NULL, pool_worker,
			&p->workers[i]) != 0) {
			pthread_cond_destroy(&p->workers[i].wake);
			break;
		}
		p->nthreads++;
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (p->nthreads < threads)
		goto fail;
	*out = p;
	return 0;
fail:
	pool_free(p);
	return -1;
}

int
pool_submit(struct pool *p, struct job *job)
{
	struct worker *w;
	int rc = -1;

	pthread_mutex_lock(&p->lock);
	if (!p->stopping && p->queued < p->max_queue) {
		TAILQ_INSERT_TAIL(&p->queue, job, entry);
		p->queued++;
		/* None idle: a worker takes it when it finishes its job. */
		if (p->nidle > 0) {
			w = &p->workers[p->idle[--p->nidle]];
			w->idle = 0;
			pthread_cond_signal(&w->wake);
		}
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
	for (i = 0; i < p->nthreads; i++)
		pthread_cond_signal(&p->workers[i].wake);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++) {
		pthread_join(p->workers[i].thread, NULL);
		pthread_cond_destroy(&p->workers[i].wake);
	}
	/* Jobs finished after the loop stopped are handed back here. */
	if (p->wake != NULL) {
		pool_reap(-1, 0, p);
		event_free(p->wake);
	}
	free(p->workers);
	free(p->idle);
	pthread_mutex_destroy(&p->lock);
	free(p);
}
