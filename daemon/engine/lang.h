/*
 * lang.h: what the engine knows of a language: its Snowball stemmer, its
 * stopwords and its script, as data compiled into the library.
 */
#ifndef LANG_H
#define LANG_H

#include <stddef.h>
#include <stdint.h>

#define LANG_MAX 48 /* languages in lang.c, at most (asserted there) */

enum script {
	SCRIPT_LATIN,
	SCRIPT_CYRILLIC,
	SCRIPT_GREEK,
	SCRIPT_ARMENIAN,
	SCRIPT_HEBREW,
	SCRIPT_ARABIC,
	SCRIPT_DEVANAGARI,
	SCRIPT_TAMIL,
	SCRIPT_THAI,
	SCRIPT_HANGUL,
	SCRIPT_HAN,
	SCRIPT_KANA,
	SCRIPT_OTHER,
	SCRIPT_COUNT
};

struct lang {
	const char *code;    /* ISO 639-1 */
	const char *stemmer; /* libstemmer algorithm name, or NULL */
	enum script script;
	const char *stopwords; /* folded, separated by single spaces */
	/* Words that, opening a sentence, refer back to an earlier one. */
	const char *anaphora;
	/* Words a question or a brief asks with, naming no topic: "Discuss
	 * ...", "Include information regarding ...". NULL if none known. */
	const char *asks;
};

/* The language with that code, or NULL. */
const struct lang *lang_find(const char *code);
size_t lang_count(void);
const struct lang *lang_at(size_t i);
size_t lang_index(const struct lang *l);
/* The next word of a list from *at, or NULL at its end. */
const char *lang_word(const char *list, size_t *at, size_t *len);
/*
 * The script most of the letters of s[0, len) are in (Han and kana
 * together count as kana when a tenth are kana); *yiddish if a letter only
 * Yiddish spells with turns up, *kana the kana seen.
 */
enum script lang_script(const char *s, size_t len, int *yiddish, size_t *kana);

#endif
