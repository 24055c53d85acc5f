/* test_arena.c: the request's allocator and the string table built on it,
 * where memory runs out: what a block costs against the cap, and a table
 * that stays whole when it cannot grow. */
#include <stdio.h>
#include <string.h>

#include "summ.h"
#include "arena.h"
#include "dict.h"
#include "tap.h"

#define KIB 1024

/* Blocks between a quarter chunk and a chunk cost their own size against
 * the cap, not a whole chunk each. */
static void
test_big_blocks(void)
{
	struct arena a;
	size_t before, most = 0;
	int i;

	arena_init(&a, 0);
	ok(arena_alloc(&a, 250 * KIB) != NULL, "a 250 KiB block");
	for (i = 0; i < 3; i++) {
		before = a.used;
		ok(arena_alloc(&a, 65 * KIB) != NULL, "a 65 KiB block");
		if (a.used - before > most)
			most = a.used - before;
	}
	ok(most < 66 * KIB,
	    "a 65 KiB block costs 65 KiB of the cap (at most "
	    "%zu bytes)",
	    most);
	arena_release(&a);
}

/* Fill the arena's current chunk, so that the next block needs a chunk of
 * its own: blocks of a quarter chunk until one needs a new chunk, then
 * three more. */
static void
fill_chunk(struct arena *a)
{
	size_t used = a->used;
	int n = 0;

	while (a->used == used && n++ < 8)
		(void)arena_alloc(a, 64 * KIB);
	for (n = 0; n < 3; n++)
		(void)arena_alloc(a, 64 * KIB);
}

/*
 * A dict that cannot grow its arrays of keys (the cap allows the larger
 * table of slots, not the arrays) answers SUMM_ENOMEM and stays whole:
 * every key is still found, and with room again the new key goes in.
 */
static void
test_dict_full(void)
{
	struct arena a;
	struct dict d;
	char k[16];
	int i, n = 12288, found = 0;
	int64_t id;

	arena_init(&a, 0);
	/* 16,384 slots, keys for 12,288: the next key doubles both. */
	ok(dict_init(&d, &a, (size_t)n) == 0, "a dict for %d keys", n);
	for (i = 0; i < n; i++) {
		snprintf(k, sizeof(k), "w%d", i);
		if (dict_intern(&d, k, strlen(k)) != i)
			break;
	}
	ok(i == n && d.count == (size_t)n, "%d keys in", n);
	fill_chunk(&a);
	/* Room for the 32,768 slots (512 KiB), not for 24,576 keys more. */
	a.limit = a.used + 512 * KIB + 4 * KIB;
	id = dict_intern(&d, "new", 3);
	ok(id == SUMM_ENOMEM, "no room to grow: SUMM_ENOMEM (%lld)",
	    (long long)id);
	for (i = 0; i < n; i++) {
		snprintf(k, sizeof(k), "w%d", i);
		found += dict_find(&d, k, strlen(k)) == i;
	}
	ok(found == n && d.count == (size_t)n && dict_find(&d, "new", 3) == -1,
	    "after the failure every key is found (%d of %d), and only they",
	    found, n);
	a.limit = 0;
	id = dict_intern(&d, "new", 3);
	ok(id == n && dict_find(&d, "new", 3) == n &&
		dict_find(&d, "w0", 2) == 0,
	    "with room again the new key goes in as id %d", n);
	arena_release(&a);
}

int
main(void)
{
	test_big_blocks();
	test_dict_full();
	return tap_done();
}
