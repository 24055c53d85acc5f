/*
 * terms.c: tokenization and stemming. Every distinct folded word is stemmed
 * once per call and cached, so the per-token cost is one hash lookup.
 */
#include <string.h>

#include <libstemmer.h>

#include "summ.h"
#include "arena.h"
#include "lang.h"
#include "terms.h"
#include "text.h"

#define WORD_MAX 256 /* bytes of a folded word; longer ones are not terms */

int
terms_init(struct terms *t, struct arena *a, const char *code)
{
	size_t i;
	int rc;
	int64_t id;

	memset(t, 0, sizeof(*t));
	t->arena = a;
	if ((t->lang = lang_find(code)) == NULL)
		return SUMM_EINVAL;
	if ((rc = dict_init(&t->stop, a)) != 0 ||
	    (rc = dict_init(&t->words, a)) != 0 ||
	    (rc = dict_init(&t->stems, a)) != 0)
		return rc;
	for (i = 0; t->lang->stopwords[i] != NULL; i++) {
		id = dict_intern(&t->stop, t->lang->stopwords[i],
		    strlen(t->lang->stopwords[i]));
		if (id < 0)
			return (int)id;
	}
	if ((t->stemmer = sb_stemmer_new(t->lang->stemmer, NULL)) == NULL)
		return SUMM_ENOMEM;
	return 0;
}

void
terms_fini(struct terms *t)
{
	if (t->stemmer != NULL)
		sb_stemmer_delete(t->stemmer);
	t->stemmer = NULL;
}

size_t
terms_count(const struct terms *t)
{
	return t->stems.count;
}

const char *
terms_stem(const struct terms *t, uint32_t id, size_t *len)
{
	*len = t->stems.lens[id];
	return t->stems.keys[id];
}

/* The term id of a folded word: -1 for stopwords and single letters. */
static int64_t
terms_of_word(struct terms *t, const char *w, size_t n)
{
	const sb_symbol *st;
	int stlen;

	if (n == 1 && !(w[0] >= '0' && w[0] <= '9'))
		return -1;
	if (dict_find(&t->stop, w, n) >= 0)
		return -1;
	st = sb_stemmer_stem(t->stemmer, (const sb_symbol *)w, (int)n);
	if (st == NULL)
		return SUMM_ENOMEM;
	stlen = sb_stemmer_length(t->stemmer);
	if (stlen <= 0 ||
	    dict_find(&t->stop, (const char *)st, (size_t)stlen) >= 0)
		return -1;
	return dict_intern(&t->stems, (const char *)st, (size_t)stlen);
}

static int
terms_word(struct terms *t, const char *w, size_t n, struct tokens *tok)
{
	int64_t slot, id;
	size_t i, ncap;
	int32_t *wt;
	uint32_t *ids;

	for (i = 0; i < n; i++) {
		tok->hash ^= (unsigned char)w[i];
		tok->hash *= 0x100000001b3ULL;
	}
	tok->hash ^= ' ';
	tok->hash *= 0x100000001b3ULL;
	tok->words++;

	if ((slot = dict_find(&t->words, w, n)) < 0) {
		if ((id = terms_of_word(t, w, n)) < -1)
			return (int)id;
		if ((slot = dict_intern(&t->words, w, n)) < 0)
			return (int)slot;
		if ((size_t)slot >= t->wcap) {
			ncap = t->wcap ? t->wcap * 2 : 1024;
			wt = arena_grow(
			    t->arena, t->wterm, t->wcap, ncap, sizeof(*wt));
			if (wt == NULL)
				return SUMM_ENOMEM;
			t->wterm = wt;
			t->wcap = ncap;
		}
		t->wterm[slot] = (int32_t)id;
	}
	id = t->wterm[slot];
	if (tok->nall == tok->allcap) {
		ncap = tok->allcap ? tok->allcap * 2 : 64;
		ids = arena_grow(
		    t->arena, tok->all, tok->allcap, ncap, sizeof(*ids));
		if (ids == NULL)
			return SUMM_ENOMEM;
		tok->all = ids;
		tok->allcap = ncap;
	}
	tok->all[tok->nall++] =
	    id >= 0 ? (uint32_t)id : TERMS_STOP | (uint32_t)slot;
	if (id < 0)
		return 0;
	if (tok->n == tok->cap) {
		ncap = tok->cap ? tok->cap * 2 : 64;
		ids =
		    arena_grow(t->arena, tok->id, tok->cap, ncap, sizeof(*ids));
		if (ids == NULL)
			return SUMM_ENOMEM;
		tok->id = ids;
		tok->cap = ncap;
	}
	tok->id[tok->n++] = (uint32_t)id;
	return 0;
}

int
terms_scan(struct terms *t, const char *s, size_t len, struct tokens *tok)
{
	char buf[WORD_MAX];
	size_t i = 0, start, end, j, n;
	int32_t c, d;
	int rc;

	tok->n = 0;
	tok->nall = 0;
	tok->words = 0;
	tok->hash = 0xcbf29ce484222325ULL;
	while (i < len) {
		start = i;
		c = text_next(s, len, &i);
		if (!text_is_word(c))
			continue;
		/* A word: word characters, joined by an apostrophe between
		 * letters ("Korea's") or a comma or point between digits. */
		end = i;
		while (end < len) {
			j = end;
			d = text_next(s, len, &j);
			if (text_is_word(d)) {
				end = j;
				c = d;
				continue;
			}
			if (j < len &&
			    (text_is_apostrophe(d) ||
				((d == ',' || d == '.') && text_is_digit(c)))) {
				size_t k = j;
				int32_t e = text_next(s, len, &k);

				if (text_is_word(e) && (text_is_apostrophe(d) ||
							   text_is_digit(e))) {
					end = k;
					c = e;
					continue;
				}
			}
			break;
		}
		i = end;
		n = text_fold(s + start, end - start, buf, sizeof(buf));
		if (n == 0)
			continue;
		if ((rc = terms_word(t, buf, n, tok)) != 0)
			return rc;
	}
	return 0;
}
