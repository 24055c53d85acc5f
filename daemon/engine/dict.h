/*
 * dict.h: a map from byte strings to dense ids 0..n-1, with keys and table
 * in an arena. Open addressing; it never shrinks and never frees.
 */
#ifndef DICT_H
#define DICT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct arena;

/* 8 bytes: the key and its length are read by id, from keys[] and
 * lens[], so that a table zeroed for every request is half the size. */
struct dict_slot {
	uint32_t tag; /* the hash's high half */
	uint32_t id;  /* the key's id + 1; 0: empty */
};

struct dict {
	struct arena *arena;
	struct dict_slot *slot;
	size_t mask; /* table size - 1 */
	size_t count;
	const char **keys; /* by id */
	uint32_t *lens;
	size_t cap;
	char *pool; /* room for the copies of keys, kleft bytes */
	size_t kleft;
};

uint64_t dict_hash(const char *key, size_t len);
/* An empty dict with room for about expect keys before it grows. */
int dict_init(struct dict *d, struct arena *a, size_t expect);
/* The id of key, or -1 if absent. */
int64_t dict_find(const struct dict *d, const char *key, size_t len);
/* The id of key, added if absent; SUMM_ENOMEM or SUMM_ELIMIT on failure. */
int64_t dict_intern(struct dict *d, const char *key, size_t len);
/* The same, with h = dict_hash(key, len) known already. */
int64_t dict_find_hashed(
    const struct dict *d, const char *key, size_t len, uint64_t h);
int64_t dict_intern_hashed(
    struct dict *d, const char *key, size_t len, uint64_t h);

/*
 * Are a[0, n) and b[0, n) the same bytes, n at most 16? Most keys are
 * words of a few bytes, where a call to memcmp costs more than the
 * comparison: two loads that may overlap, as in dict_hash.
 */
static inline int
dict_same_short(const char *a, const char *b, size_t n)
{
	uint64_t x, y, u, v;
	uint32_t p, q, r, t;

	if (n >= 8) {
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		memcpy(&u, a + n - 8, 8);
		memcpy(&v, b + n - 8, 8);
		return ((x ^ y) | (u ^ v)) == 0;
	}
	if (n >= 4) {
		memcpy(&p, a, 4);
		memcpy(&q, b, 4);
		memcpy(&r, a + n - 4, 4);
		memcpy(&t, b + n - 4, 4);
		return ((p ^ q) | (r ^ t)) == 0;
	}
	return n == 0 ||
	       (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
}

#endif
