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
/* A key of up to 16 bytes zero-padded to 16, in two words: lo the first
 * eight bytes, hi the next, read without a byte past the key. */
void dict_key16(const char *key, size_t len, uint64_t *lo, uint64_t *hi);
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
 * The hash of a key of up to 16 bytes from its bytes zero-padded to 16, lo
 * the first eight and hi the next, and its length: two multiplies, each
 * followed by a shift that brings its high bits down (the bytes of a word
 * are not a chain of dependent multiplies, as in FNV).
 */
static inline uint64_t
dict_mix(uint64_t lo, uint64_t hi, size_t len)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = (lo ^ 0xcbf29ce484222325ULL) * k;

	h ^= h >> 29;
	h = (h ^ hi ^ len) * k;
	return h ^ h >> 32;
}

/*
 * dict_hash(key, len) where 16 bytes from key may be read, whatever follows
 * the key's len: a word folded into a buffer of its own. A key of up to 16
 * bytes is read in two loads and its bytes past len masked off, with no
 * call and no branch on its length (dict_pad16: the two words it hashes,
 * the key zero-padded to 16 bytes).
 */
static inline void
dict_pad16(const char *key, size_t len, uint64_t *lo, uint64_t *hi)
{
	/* Sixteen bytes of ones, then zeros: at 16 - len the mask of the
	 * first len bytes of sixteen. */
	static const unsigned char ones[32] = {255, 255, 255, 255, 255, 255,
	    255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
	uint64_t a, b, mlo, mhi;

	/* Into locals, then stored once: *lo may be memory. */
	memcpy(&a, key, 8);
	memcpy(&b, key + 8, 8);
	memcpy(&mlo, ones + 16 - len, 8);
	memcpy(&mhi, ones + 24 - len, 8);
	*lo = a & mlo;
	*hi = b & mhi;
}

static inline uint64_t
dict_hash_padded(const char *key, size_t len)
{
	uint64_t lo, hi;

	if (len > 16)
		return dict_hash(key, len);
	dict_pad16(key, len, &lo, &hi);
	return dict_mix(lo, hi, len);
}

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
