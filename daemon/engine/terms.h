/*
 * terms.h: words to terms. Segments text into words (Unicode categories),
 * folds them, drops stopwords and stems the rest with Snowball; each
 * distinct stem gets a dense id. One struct terms per call: the stemmer
 * and the caches are not shared between threads.
 */
#ifndef TERMS_H
#define TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "dict.h"

struct arena;
struct lang;
struct sb_stemmer;

struct terms {
	struct arena *arena;
	const struct lang *lang;
	struct sb_stemmer *stemmer;
	struct dict stop;  /* folded stopwords */
	struct dict words; /* folded word -> index into wterm */
	int32_t *wterm;    /* term id of each folded word, -1 if none */
	size_t wcap;
	struct dict stems; /* stem -> term id */
};

/* The terms of one span, in text order. */
struct tokens {
	uint32_t *id;
	size_t n, cap;
	/* Every word in order: its term id, or TERMS_STOP | its folded-word
	 * id for a stopword. Concepts are pairs of these. */
	uint32_t *all;
	size_t nall, allcap;
	uint64_t hash; /* of every folded word, stopwords included */
	size_t words;  /* word tokens seen, stopwords included */
};

#define TERMS_STOP 0x80000000u

int terms_init(struct terms *t, struct arena *a, const char *lang);
void terms_fini(struct terms *t);
/* Tokenize s[0, len) into tok (reset first). */
int terms_scan(struct terms *t, const char *s, size_t len, struct tokens *tok);
size_t terms_count(const struct terms *t);
/* The stem of a term id. */
const char *terms_stem(const struct terms *t, uint32_t id, size_t *len);

#endif
