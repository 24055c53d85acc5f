/*
 * dict.c: string interning for terms. Keys are copied into the arena, so
 * callers may pass transient buffers.
 */
#include <string.h>

#include "summ.h"
#include "arena.h"
#include "dict.h"

#define DICT_MIN         16
#define DICT_PRESIZE_MAX (1u << 20) /* slots: beyond, a table grows */
/* Keys are copied side by side into blocks of this many bytes; a longer
 * key than a quarter of it has a block of its own. */
#define DICT_POOL 4096

/* Keys of more than 16 bytes: eight bytes a step, then the last eight
 * (read again where they overlap those before) mixed in as a short key's
 * second word. */
static uint64_t
hash_long(const char *key, size_t len)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = 0xcbf29ce484222325ULL ^ (len * k), w;
	const char *end = key + len;

	for (; len > 8; key += 8, len -= 8) {
		memcpy(&w, key, 8);
		h = (h ^ w) * k;
		h ^= h >> 29;
	}
	memcpy(&w, end - 8, 8);
	return dict_mix(h, w, len);
}

/*
 * The bytes of a short key, zero-padded to 16, in two words (as
 * dict_hash_padded reads them from a buffer with room): two loads that
 * may overlap, the bytes the second shares with the first shifted out, or
 * the first, middle and last byte.
 */
static inline void
key16(const char *key, size_t len, uint64_t *plo, uint64_t *phi)
{
	uint64_t lo = 0, hi = 0;
	uint32_t a, b;

	if (len > 8) {
		memcpy(&lo, key, 8);
		memcpy(&hi, key + len - 8, 8);
		hi >>= 8 * (16 - len);
	} else if (len >= 4) {
		memcpy(&a, key, 4);
		memcpy(&b, key + len - 4, 4);
		lo = a | ((uint64_t)b >> (8 * (8 - len))) << 32;
	} else if (len > 0) {
		lo = (uint64_t)(unsigned char)key[0] |
		     (uint64_t)(unsigned char)key[len / 2] << (8 * (len / 2)) |
		     (uint64_t)(unsigned char)key[len - 1] << (8 * (len - 1));
	}
	*plo = lo;
	*phi = hi;
}

void
dict_key16(const char *key, size_t len, uint64_t *lo, uint64_t *hi)
{
	key16(key, len, lo, hi);
}

uint64_t
dict_hash(const char *key, size_t len)
{
	uint64_t lo, hi;

	if (len > 16)
		return hash_long(key, len);
	key16(key, len, &lo, &hi);
	return dict_mix(lo, hi, len);
}

int
dict_init(struct dict *d, struct arena *a, size_t expect)
{
	size_t n = DICT_MIN;

	/* Room for expect keys at most three quarters full: a table sized
	 * once is zeroed once, where one grown from small is zeroed and
	 * filled again at every doubling. */
	while (n / 4 * 3 < expect && n < DICT_PRESIZE_MAX)
		n *= 2;
	memset(d, 0, sizeof(*d));
	d->arena = a;
	if ((d->slot = arena_calloc(a, n, sizeof(*d->slot))) == NULL)
		return SUMM_ENOMEM;
	d->mask = n - 1;
	/* The keys by id, for as many as the table holds before it grows:
	 * arrays grown by doubling would be copied at every step. */
	d->cap = n / 4 * 3;
	d->keys = arena_alloc(a, d->cap * sizeof(*d->keys));
	d->lens = arena_alloc(a, d->cap * sizeof(*d->lens));
	if (d->keys == NULL || d->lens == NULL)
		return SUMM_ENOMEM;
	return 0;
}

/* The slot of key: its own, or the empty one where it would go. Keys of
 * more than 16 bytes are compared with memcmp. */
static inline __attribute__((always_inline)) struct dict_slot *
probe(const struct dict *d, const char *key, size_t len, uint64_t h, int big)
{
	size_t i = (size_t)h & d->mask;
	uint32_t tag = (uint32_t)(h >> 32);
	struct dict_slot *s;
	const char *k;

	for (;;) {
		s = &d->slot[i];
		if (s->id == 0)
			return s;
		if (s->tag == tag && d->lens[s->id - 1] == len) {
			k = d->keys[s->id - 1];
			if (big ? memcmp(k, key, len) == 0
				: dict_same_short(k, key, len))
				return s;
		}
		i = (i + 1) & d->mask;
	}
}

static __attribute__((noinline)) struct dict_slot *
probe_big(const struct dict *d, const char *key, size_t len, uint64_t h)
{
	return probe(d, key, len, h, 1);
}

/*
 * The probe of a word calls nothing: the rare long key goes to a probe of
 * its own, so that the common one saves and restores no registers around
 * a call to memcmp (a third of its instructions).
 */
static struct dict_slot *
dict_lookup(const struct dict *d, const char *key, size_t len, uint64_t h)
{
	if (len > 16)
		return probe_big(d, key, len, h);
	return probe(d, key, len, h, 0);
}

int64_t
dict_find_hashed(const struct dict *d, const char *key, size_t len, uint64_t h)
{
	struct dict_slot *s = dict_lookup(d, key, len, h);

	return s->id == 0 ? -1 : (int64_t)s->id - 1;
}

int64_t
dict_find(const struct dict *d, const char *key, size_t len)
{
	return dict_find_hashed(d, key, len, dict_hash(key, len));
}

static int
dict_rehash(struct dict *d)
{
	struct dict_slot *old = d->slot, *s;
	size_t i, k, n = d->mask + 1;

	if (n > SIZE_MAX / 2 / sizeof(*old))
		return SUMM_ENOMEM;
	if ((d->slot = arena_calloc(d->arena, n * 2, sizeof(*old))) == NULL) {
		d->slot = old;
		return SUMM_ENOMEM;
	}
	d->mask = n * 2 - 1;
	/* The low bits that place a key are not kept: hashed again. */
	for (i = 0; i < n; i++) {
		if (old[i].id == 0)
			continue;
		k = old[i].id - 1;
		s = dict_lookup(d, d->keys[k], d->lens[k],
		    dict_hash(d->keys[k], d->lens[k]));
		*s = old[i];
	}
	return 0;
}

int64_t
dict_intern(struct dict *d, const char *key, size_t len)
{
	return dict_intern_hashed(d, key, len, dict_hash(key, len));
}

/*
 * A copy of key, NUL-terminated, packed with the keys before it: an arena
 * block a key rounds a word of a few bytes up to 16 and costs a call, and
 * a short key is copied in two loads and two stores that may overlap, not
 * by a call to memcpy.
 */
static char *
key_copy(struct dict *d, const char *key, size_t len)
{
	char *p;
	uint64_t x, y;
	uint32_t a, b;

	if (len + 1 > d->kleft) {
		if (len + 1 > DICT_POOL / 4) {
			if ((p = arena_alloc(d->arena, len + 1)) == NULL)
				return NULL;
			memcpy(p, key, len);
			p[len] = '\0';
			return p;
		}
		if ((d->pool = arena_alloc(d->arena, DICT_POOL)) == NULL)
			return NULL;
		d->kleft = DICT_POOL;
	}
	p = d->pool;
	d->pool += len + 1;
	d->kleft -= len + 1;
	if (len >= 8 && len <= 16) {
		memcpy(&x, key, 8);
		memcpy(&y, key + len - 8, 8);
		memcpy(p, &x, 8);
		memcpy(p + len - 8, &y, 8);
	} else if (len >= 4 && len < 8) {
		memcpy(&a, key, 4);
		memcpy(&b, key + len - 4, 4);
		memcpy(p, &a, 4);
		memcpy(p + len - 4, &b, 4);
	} else
		memcpy(p, key, len);
	p[len] = '\0';
	return p;
}

/* A new key into its empty slot s: apart from dict_intern_hashed, so that
 * a key found, most calls, costs no more than the probe. */
static __attribute__((noinline)) int64_t
dict_insert(struct dict *d, struct dict_slot *s, const char *key, size_t len,
    uint64_t h)
{
	size_t ncap;
	const char **keys;
	uint32_t *lens;
	char *copy;
	int rc;

	if (len > UINT32_MAX || d->count >= UINT32_MAX)
		return SUMM_ELIMIT;
	if (d->count + 1 > (d->mask + 1) / 4 * 3) {
		if ((rc = dict_rehash(d)) != 0)
			return rc;
		s = dict_lookup(d, key, len, h);
	}
	if (d->count == d->cap) {
		/* Both arrays, or neither: the dict stays whole on failure. */
		ncap = d->cap * 2;
		if ((keys = arena_grow(d->arena, d->keys, d->cap, ncap,
			 sizeof(*keys))) == NULL ||
		    (lens = arena_grow(d->arena, d->lens, d->cap, ncap,
			 sizeof(*lens))) == NULL)
			return SUMM_ENOMEM;
		d->keys = keys;
		d->lens = lens;
		d->cap = ncap;
	}
	if ((copy = key_copy(d, key, len)) == NULL)
		return SUMM_ENOMEM;
	s->tag = (uint32_t)(h >> 32);
	s->id = (uint32_t)d->count + 1;
	d->keys[d->count] = copy;
	d->lens[d->count] = (uint32_t)len;
	return (int64_t)d->count++;
}

int64_t
dict_intern_hashed(struct dict *d, const char *key, size_t len, uint64_t h)
{
	struct dict_slot *s = dict_lookup(d, key, len, h);

	return s->id != 0 ? s->id - 1 : dict_insert(d, s, key, len, h);
}
