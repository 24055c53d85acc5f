/*
 * arena.c: bump allocation in chunks taken from malloc. Large requests get
 * a chunk of their own so that the waste per chunk stays small.
 *
 * Under AddressSanitizer a chunk is poisoned when it is taken and each
 * block made addressable as it is handed out, with a red zone after it:
 * a read or write past a block is reported as it would be past a malloc'd
 * one, not lost inside the chunk.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"

#if defined(__SANITIZE_ADDRESS__)
#define ARENA_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ARENA_ASAN 1
#endif
#endif

#ifdef ARENA_ASAN
#include <sanitizer/asan_interface.h>
#define ARENA_REDZONE 16
#else
#define ASAN_POISON_MEMORY_REGION(p, n)   ((void)(p), (void)(n))
#define ASAN_UNPOISON_MEMORY_REGION(p, n) ((void)(p), (void)(n))
#define ARENA_REDZONE                     0
#endif

#define ARENA_CHUNK (256 * 1024)
#define ARENA_ALIGN 16

struct arena_chunk {
	struct arena_chunk *next;
	size_t size;
	size_t pos;
	_Alignas(ARENA_ALIGN) unsigned char data[];
};

void
arena_init(struct arena *a, size_t limit)
{
	a->head = NULL;
	a->used = 0;
	a->limit = limit;
}

void
arena_release(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->head; c != NULL; c = next) {
		next = c->next;
		ASAN_UNPOISON_MEMORY_REGION(c->data, c->size);
		free(c);
	}
	a->head = NULL;
	a->used = 0;
}

/* A chunk of size bytes, counted against the cap. */
static struct arena_chunk *
arena_chunk_new(struct arena *a, size_t size)
{
	struct arena_chunk *c;

	if (size > SIZE_MAX - sizeof(*c))
		return NULL;
	if (a->limit != 0 &&
	    (a->used > a->limit || sizeof(*c) + size > a->limit - a->used))
		return NULL;
	if ((c = malloc(sizeof(*c) + size)) == NULL)
		return NULL;
	c->size = size;
	c->pos = 0;
	a->used += sizeof(*c) + size;
	ASAN_POISON_MEMORY_REGION(c->data, size);
	return c;
}

/* p, its n bytes made addressable (under ASan: the rest stays poisoned). */
static inline void *
handed(void *p, size_t n)
{
	ASAN_UNPOISON_MEMORY_REGION(p, n);
	return p;
}

void *
arena_alloc(struct arena *a, size_t want)
{
	struct arena_chunk *c = a->head, *big;
	size_t pos, size;

	if (want > SIZE_MAX - ARENA_ALIGN - ARENA_REDZONE)
		return NULL;
	size = (want + ARENA_REDZONE + ARENA_ALIGN - 1) &
	       ~(size_t)(ARENA_ALIGN - 1);
	if (size == 0)
		size = ARENA_ALIGN;
	if (c != NULL && c->size - c->pos >= size) {
		pos = c->pos;
		c->pos += size;
		return handed(c->data + pos, want);
	}
	if (size > ARENA_CHUNK / 4) {
		/* A big block: a chunk of its own size, kept behind the
		 * current one, whose free room stays in use. */
		if ((big = arena_chunk_new(a, size)) == NULL)
			return NULL;
		big->pos = size;
		if (c != NULL) {
			big->next = c->next;
			c->next = big;
		} else {
			big->next = NULL;
			a->head = big;
		}
		return handed(big->data, want);
	}
	if ((c = arena_chunk_new(a, ARENA_CHUNK)) == NULL)
		return NULL;
	c->next = a->head;
	a->head = c;
	c->pos = size;
	return handed(c->data, want);
}

void *
arena_calloc(struct arena *a, size_t n, size_t size)
{
	void *p;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	if ((p = arena_alloc(a, n * size)) != NULL)
		memset(p, 0, n * size);
	return p;
}

void *
arena_grow(struct arena *a, void *p, size_t old, size_t n, size_t size)
{
	void *q;

	if (size != 0 && n > SIZE_MAX / size)
		return NULL;
	if ((q = arena_alloc(a, n * size)) == NULL)
		return NULL;
	if (old != 0)
		memcpy(q, p, old * size);
	return q;
}
