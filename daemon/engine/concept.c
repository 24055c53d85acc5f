/*
 * concept.c: the concepts a summary can cover, after Gillick and Favre's
 * concept ILP: pairs of adjacent content terms (stopwords skipped, stems
 * compared), each weighted by how many articles of the cluster carry it. A
 * fact that several outlets report is a concept with a high weight; once a
 * chosen sentence covers it, repeating it is worth nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "cluster.h"

#define CONCEPT_MIN_DF 2 /* a pair in one article only is no shared fact */
/*
 * With a query, a concept's weight grows by this much times the query
 * cosine of the most relevant sentence that carries it (times w_query):
 * the facts told where the question is answered count most.
 */
#define CONCEPT_QUERY_GAIN 6.0

int
concept_init(struct cluster *cl)
{
	return dict_init(&cl->bigrams, cl->arena);
}

int
concept_sentence(
    struct cluster *cl, const uint32_t *ids, size_t n, struct sent *s)
{
	uint32_t key[2], *bg, m = 0;
	size_t i;
	int64_t id;

	s->bg = NULL;
	s->nbg = 0;
	if (n < 2)
		return 0;
	if ((bg = arena_calloc(cl->arena, n - 1, sizeof(*bg))) == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i + 1 < n; i++) {
		/* A pair of stopwords ("of the") is no concept. */
		if (ids[i] == ids[i + 1] || (ids[i] & ids[i + 1] & TERMS_STOP))
			continue;
		key[0] = ids[i];
		key[1] = ids[i + 1];
		if ((id = dict_intern(
			 &cl->bigrams, (const char *)key, sizeof(key))) < 0)
			return (int)id;
		bg[m++] = (uint32_t)id;
	}
	sort_u32(bg, m);
	for (i = 0, n = m, m = 0; i < n; i++)
		if (m == 0 || bg[i] != bg[m - 1])
			bg[m++] = bg[i];
	s->bg = bg;
	s->nbg = m;
	return 0;
}

/* Term id a (0) or b (1) of concept i. */
static uint32_t
pair(const struct cluster *cl, size_t i, int which)
{
	uint32_t key[2];

	memcpy(key, cl->bigrams.keys[i], sizeof(key));
	return key[which];
}

static int
in_query(const struct cluster *cl, uint32_t t)
{
	uint32_t lo = 0, hi = cl->query.n, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (cl->query.term[mid] == t)
			return 1;
		if (cl->query.term[mid] < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
concept_weigh(struct cluster *cl)
{
	size_t nb = cl->bigrams.count, i;
	uint32_t *df, *last, k, b, min;
	const struct sent *s;
	float *rel, r;
	double w = cl->opts->w_query;

	cl->bgw = arena_calloc(cl->arena, nb + 1, sizeof(*cl->bgw));
	df = arena_calloc(cl->arena, nb + 1, sizeof(*df));
	last = arena_calloc(cl->arena, nb + 1, sizeof(*last));
	rel = arena_calloc(cl->arena, nb + 1, sizeof(*rel));
	if (cl->bgw == NULL || df == NULL || last == NULL || rel == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i < cl->nsent; i++) {
		s = &cl->sent[i];
		r = cl->query.n > 0 ? (float)tfidf_cosine(&s->v, &cl->query)
				    : 0;
		for (k = 0; k < s->nbg; k++) {
			b = s->bg[k];
			if (r > rel[b])
				rel[b] = r;
			if (last[b] != s->doc + 1) {
				last[b] = s->doc + 1;
				df[b]++;
			}
		}
	}
	/* In a cluster of one or two articles every pair counts. */
	min = cl->ndocs >= 3 ? CONCEPT_MIN_DF : 1;
	for (i = 0; i < nb; i++) {
		/* A concept that names a query term counts more, even in one
		 * article; */
		if (cl->query.n > 0 && (in_query(cl, pair(cl, i, 0)) ||
					   in_query(cl, pair(cl, i, 1))))
			cl->bgw[i] = (float)(df[i] * (1 + w));
		/* one told beside it, by how relevant its best sentence is. */
		else if (df[i] >= min)
			cl->bgw[i] = (float)(df[i] * (1 + CONCEPT_QUERY_GAIN *
							      w * rel[i]));
	}
	return 0;
}
