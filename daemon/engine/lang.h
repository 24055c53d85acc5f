/*
 * lang.h: what the engine knows of a language: its Snowball stemmer and its
 * stopwords, as data compiled into the library.
 */
#ifndef LANG_H
#define LANG_H

struct lang {
	const char *code;    /* ISO 639-1 */
	const char *stemmer; /* libstemmer algorithm name */
	const char *const *stopwords;
	/* Words that, opening a sentence, refer back to an earlier one. */
	const char *const *anaphora;
};

/* The language with that code, or NULL. */
const struct lang *lang_find(const char *code);

#endif
