/*
 * arena.h: one bump allocator per summ_run call, so that a request's memory
 * is counted, capped and freed at once. Not thread-safe: one owner.
 */
#ifndef ARENA_H
#define ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *head;
	size_t used;  /* bytes taken from malloc, chunk headers included */
	size_t limit; /* 0: no cap */
};

void arena_init(struct arena *a, size_t limit);
void arena_release(struct arena *a);
/* NULL when out of memory or over the cap. Memory is 16-byte aligned. */
void *arena_alloc(struct arena *a, size_t size);
/* Zeroed n * size bytes; NULL on overflow, out of memory or over the cap. */
void *arena_calloc(struct arena *a, size_t n, size_t size);
/* A block of n elements of size bytes holding a copy of the first old of
 * p's; the old block is abandoned. */
void *arena_grow(struct arena *a, void *p, size_t old, size_t n, size_t size);

#endif
