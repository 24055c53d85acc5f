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
#include "lang.h" /* LANG_MAX */

struct arena;
struct sb_stemmer;
struct stem_slot;
struct word_slot;
struct word_cache;
struct stem_mark;
/* Sets of two slots in a thread's table of stems of earlier calls (512
 * KiB), for the words a call keeps apart from the thread's table of words
 * (which keeps the stems of its own): an English word w (language index
 * 0) lives in set dict_hash(w) % STEM_SETS, a word of language i in
 * (dict_hash(key) + i) % STEM_SETS. */
#define STEM_SETS 4096
#define VOTE_MAX  2048 /* distinct stopwords of all of them, at most */

struct terms {
	struct arena *arena;
	const struct lang *lang;              /* the default */
	size_t base;                          /* its lang_index */
	struct sb_stemmer *stemmer[LANG_MAX]; /* by lang_index, when ready */
	char ready[LANG_MAX];
	/* Folded words (with their language byte) in this thread's table of
	 * words, or apart in words when the table is not this call's or has
	 * no room; numbered 0, 1, ... as they are first read, in both. */
	struct word_cache *wc;  /* the thread's, this call's alone; or NULL */
	struct word_slot *wtab; /* its slots, or a set that holds none */
	size_t wmask;           /* sets - 1 */
	uint64_t wgen;          /* this call's mark in a slot, shifted */
	uint32_t nwords;        /* folded words numbered */
	struct dict words;      /* the words kept apart -> wslot and wterm */
	uint32_t *wslot;        /* by id in words: the word's number */
	int32_t *wterm;         /* and its term id, -1 if none */
	size_t wcap;
	/* Stems, numbered 0, 1, ... (their term ids) as they are first
	 * found, in the thread's table of stems by mark or apart in stems,
	 * as words are. */
	struct stem_mark *stab; /* the table's slots, or a set of none */
	size_t smask;           /* sets - 1 */
	uint32_t nterms;        /* stems numbered */
	const char **skeys;     /* by term id: the stem, where it is kept */
	uint32_t *slens;        /* and its length */
	size_t scap;
	struct dict stems; /* the stems kept apart -> sterm */
	uint32_t *sterm;   /* by id in stems: the term id */
	size_t stcap;
	struct stem_slot *cache; /* this thread's stems of earlier calls */
	int markup; /* the text has tags ("<a href=...>"): they are no words */
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

/* expect: about how many distinct words the text will have (a hint). */
int terms_init(
    struct terms *t, struct arena *a, const char *lang, size_t expect);
void terms_fini(struct terms *t);
/* Keep t's words apart, in dicts of its own, not in the thread's table of
 * words, which t owns from terms_init to terms_fini: for a t that lives
 * on after the call that made it (the thread's next calls would find the
 * table taken) or may be finished on another thread. Before t reads a
 * word. */
void terms_apart(struct terms *t);
/* Stem t's words with the calling thread's memo of stems, not that of the
 * thread that made t, which may have ended (its memo freed with it) or be
 * summarizing: for a t that reads on more than one thread. */
void terms_thread(struct terms *t);
/* Tokenize s[0, len), text in lang, into tok (reset first). */
int terms_scan(struct terms *t, const struct lang *lang, const char *s,
    size_t len, struct tokens *tok);
/* The language s[0, len) is written in: by the script of its first
 * thousand letters, and among the languages of the Latin, Cyrillic or
 * Devanagari script by whose stopwords its first 300 words use most
 * (English if none). */
int terms_detect(
    struct terms *t, const char *s, size_t len, const struct lang **out);
size_t terms_count(const struct terms *t);
/* Is the folded word w one that, opening a sentence in lang, refers back
 * to the one before ("He", "This")? */
int terms_leans(
    const struct terms *t, const struct lang *lang, const char *w, size_t n);
/* Is the folded word w one a question or brief in lang asks with, naming
 * no topic ("discuss", "include", "information")? */
int terms_asks(
    const struct terms *t, const struct lang *lang, const char *w, size_t n);
/* The stem of a term id. */
const char *terms_stem(const struct terms *t, uint32_t id, size_t *len);

#endif
