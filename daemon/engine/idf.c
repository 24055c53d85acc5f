/*
 * idf.c: struct summ_idf, document frequencies of stemmed terms over a
 * background corpus. Built single-threaded, then read by any number of
 * summ_run calls at once: lookups never write.
 */
#include <stdlib.h>
#include <string.h>

#include "summ.h"
#include "arena.h"
#include "dict.h"
#include "idf.h"
#include "terms.h"
#include "text.h"

struct summ_idf {
	struct arena arena;
	struct dict terms; /* stem -> index into df */
	uint64_t *df;
	size_t cap;
	uint64_t ndocs;
	struct terms tok; /* the tokenizer for summ_idf_add_text */
	int tok_ready;
	struct tokens buf;
	uint64_t *seen; /* by tokenizer term id: the last document + 1 */
	size_t seen_cap;
};

int
summ_idf_new(struct summ_idf **out)
{
	struct summ_idf *idf;
	int rc;

	if ((idf = calloc(1, sizeof(*idf))) == NULL)
		return SUMM_ENOMEM;
	arena_init(&idf->arena, 0);
	if ((rc = dict_init(&idf->terms, &idf->arena, 4096)) != 0) {
		summ_idf_free(idf);
		return rc;
	}
	*out = idf;
	return 0;
}

void
summ_idf_free(struct summ_idf *idf)
{
	if (idf == NULL)
		return;
	if (idf->tok_ready)
		terms_fini(&idf->tok);
	arena_release(&idf->arena);
	free(idf);
}

int
summ_idf_add_term(
    struct summ_idf *idf, const char *term, size_t len, uint64_t df)
{
	int64_t id;
	size_t ncap;
	uint64_t *p;

	/* Room for one more term's count first: a term interned without it
	 * would be read past the end of df. */
	if (idf->terms.count >= idf->cap) {
		ncap = idf->cap ? idf->cap * 2 : 4096;
		p = arena_grow(
		    &idf->arena, idf->df, idf->cap, ncap, sizeof(*p));
		if (p == NULL)
			return SUMM_ENOMEM;
		memset(p + idf->cap, 0, (ncap - idf->cap) * sizeof(*p));
		idf->df = p;
		idf->cap = ncap;
	}
	if ((id = dict_intern(&idf->terms, term, len)) < 0)
		return (int)id;
	idf->df[id] += df;
	return 0;
}

void
summ_idf_add_docs(struct summ_idf *idf, uint64_t ndocs)
{
	idf->ndocs += ndocs;
}

static int add_text(struct summ_idf *, const char *, size_t, int);

int
summ_idf_add_text(struct summ_idf *idf, const char *text, size_t len)
{
	char *plain = NULL;
	int rc, marked;

	if (summ_utf8_check(text, len, NULL) != 0)
		return SUMM_EUTF8;
	/* Entities as the characters they stand for, as the engine reads
	 * a sentence ("&amp;" is no word "amp"); tags stay, and are read
	 * as spaces: tags between blocks part their words. */
	marked = memchr(text, '<', len) != NULL;
	if (memchr(text, '&', len) != NULL) {
		if ((plain = malloc(len > 0 ? len : 1)) == NULL)
			return SUMM_ENOMEM;
		len = text_decode(text, len, plain);
		text = plain;
	}
	rc = add_text(idf, text, len, marked);
	free(plain);
	return rc;
}

/* summ_idf_add_text of a text with its entities decoded; marked: the
 * text as given has tags. */
static int
add_text(struct summ_idf *idf, const char *text, size_t len, int marked)
{
	size_t i, slen, n, ncap;
	const char *stem;
	uint32_t t;
	uint64_t *p;
	const struct lang *lang;
	int rc;

	if (!idf->tok_ready) {
		if ((rc = terms_init(&idf->tok, &idf->arena, "en", 4096)) != 0)
			return rc;
		/* A model outlives the call that reads its texts, and may be
		 * freed on another thread: the thread's table of words stays
		 * the summaries'. */
		terms_apart(&idf->tok);
		idf->tok_ready = 1;
	}
	/* Texts may come on any thread, one at a time. */
	terms_thread(&idf->tok);
	idf->tok.markup = marked;
	if ((rc = terms_detect(
		 &idf->tok, text, len < 20000 ? len : 20000, &lang)) != 0 ||
	    (rc = terms_scan(&idf->tok, lang, text, len, &idf->buf)) != 0)
		return rc;
	if ((n = terms_count(&idf->tok)) > idf->seen_cap) {
		ncap = n * 2;
		p = arena_grow(
		    &idf->arena, idf->seen, idf->seen_cap, ncap, sizeof(*p));
		if (p == NULL)
			return SUMM_ENOMEM;
		memset(
		    p + idf->seen_cap, 0, (ncap - idf->seen_cap) * sizeof(*p));
		idf->seen = p;
		idf->seen_cap = ncap;
	}
	/* Each term counts once per document. */
	for (i = 0; i < idf->buf.n; i++) {
		t = idf->buf.id[i];
		if (idf->seen[t] == idf->ndocs + 1)
			continue;
		idf->seen[t] = idf->ndocs + 1;
		stem = terms_stem(&idf->tok, t, &slen);
		if ((rc = summ_idf_add_term(idf, stem, slen, 1)) != 0)
			return rc;
	}
	idf->ndocs++;
	return 0;
}

uint64_t
summ_idf_docs(const struct summ_idf *idf)
{
	return idf->ndocs;
}

int
summ_idf_foreach(const struct summ_idf *idf,
    int (*fn)(const char *term, size_t len, uint64_t df, void *arg), void *arg)
{
	size_t i;
	int rc;

	for (i = 0; i < idf->terms.count; i++)
		if ((rc = fn(idf->terms.keys[i], idf->terms.lens[i], idf->df[i],
			 arg)) != 0)
			return rc;
	return 0;
}

uint64_t
idf_docs(const struct summ_idf *idf)
{
	return idf->ndocs;
}

uint64_t
idf_df(const struct summ_idf *idf, const char *stem, size_t len)
{
	int64_t id = dict_find(&idf->terms, stem, len);

	return id < 0 ? 0 : idf->df[id];
}
