/*
 * pool.h: a fixed set of worker threads fed by a bounded queue. Jobs come
 * from the loop thread and go back to it: a finished job is put on a
 * completion list and one pre-allocated event is activated; workers touch
 * no other libevent object.
 */
#ifndef POOL_H
#define POOL_H

#include <sys/queue.h>

#include <stddef.h>
#include <time.h>

struct event_base;
struct pool;

struct job {
	TAILQ_ENTRY(job) entry;
	struct timespec started; /* on a worker since (CLOCK_MONOTONIC) */
	/* Runs on a worker; must not touch libevent. */
	void (*work)(struct job *job);
	/* Runs on the loop thread when work is done; owns the job then. */
	void (*done)(struct job *job);
	void *arg;
};

int pool_new(struct event_base *base, unsigned threads, size_t max_queue,
    struct pool **out);
/* Queue a job; -1 if the queue is full or the pool is stopping. */
int pool_submit(struct pool *p, struct job *job);
/* Jobs waiting for a worker, and jobs running on one. */
void pool_counts(struct pool *p, size_t *queued, size_t *running);
/* Seconds the longest-running job has been on its worker; 0 if none. */
double pool_oldest(struct pool *p);
/* Finish queued jobs, join the workers, free. */
void pool_free(struct pool *p);

#endif
