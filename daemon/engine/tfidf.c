/*
 * tfidf.c: TF-IDF term vectors. IDF comes from the background model when
 * the caller gives one, else from the cluster's own sentences, smoothed so
 * that no weight is zero or negative.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "idf.h"

static int
cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

void
sort_u32(uint32_t *a, size_t n)
{
	size_t i, j;
	uint32_t v;

	if (n > 48) {
		qsort(a, n, sizeof(*a), cmp_u32);
		return;
	}
	/* A sentence's terms are few: insertion sort beats qsort's
	 * allocation and indirect calls there. A term not below the one
	 * before stays; one below the first goes first; any other stops
	 * at the first at the latest, so its shifts test no bound. */
	for (i = 1; i < n; i++) {
		v = a[i];
		if (v >= a[i - 1])
			continue;
		if (v < a[0]) {
			memmove(a + 1, a, i * sizeof(*a));
			a[0] = v;
			continue;
		}
		for (j = i; a[j - 1] > v; j--)
			a[j] = a[j - 1];
		a[j] = v;
	}
}

int
tfidf_vec(struct cluster *cl, uint32_t *ids, size_t n, struct vec *out)
{
	uint32_t m = 0;
	size_t i;

	memset(out, 0, sizeof(*out));
	if (n == 0)
		return 0;
	if (n > UINT32_MAX)
		return SUMM_ELIMIT;
	/* Sorted where they are, not copied (the caller is done with
	 * them); room for n terms, so that they are counted in the one
	 * pass that writes them. Below UINT32_MAX ids, the sizes cannot
	 * overflow; each array is written before it is read, so not
	 * cleared. Terms and weights in one block, one call a sentence. */
	sort_u32(ids, n);
	if ((out->term = arena_alloc(cl->arena,
		 n * (sizeof(*out->term) + sizeof(*out->w)))) == NULL)
		return SUMM_ENOMEM;
	out->w = (float *)(void *)(out->term + n);
	for (i = 0; i < n; i++) {
		if (i > 0 && ids[i] == ids[i - 1]) {
			out->w[m - 1] += 1;
			continue;
		}
		out->term[m] = ids[i];
		out->w[m++] = 1;
	}
	out->n = m;
	return 0;
}

/* Counts to unit-length TF-IDF, with a sublinear TF; each weight added to
 * sum[term] if sum is not NULL. */
static void
weigh(const struct cluster *cl, struct vec *v, double *sum)
{
	double norm = 0, w;
	uint32_t i;

	for (i = 0; i < v->n; i++) {
		/* Most terms come once in a sentence: 1 + log(1) is 1. A
		 * count below 2 is 1, one compare where == needs a second
		 * branch for the unordered case. */
		w = v->w[i] < 2 ? cl->idf[v->term[i]]
				: (1 + log(v->w[i])) * cl->idf[v->term[i]];
		v->w[i] = (float)w;
		norm += w * w;
	}
	if (norm > 0) {
		norm = sqrt(norm);
		for (i = 0; i < v->n; i++)
			v->w[i] = (float)(v->w[i] / norm);
	}
	if (sum != NULL)
		for (i = 0; i < v->n; i++)
			sum[v->term[i]] += v->w[i];
}

#define IDF_SMALL 32

/* Smoothed: no weight is zero or negative. */
static float
idf_of(double n, double df)
{
	return (float)(log((n + 1) / (df + 1)) + 1);
}

int
tfidf_weigh(struct cluster *cl)
{
	const struct summ_idf *bg = cl->opts->idf;
	size_t t, i, len;
	const char *stem;
	float small[IDF_SMALL];

	/* Every term's IDF is written below (the query's and the titles'
	 * terms are counted in nterms too), so the array is not cleared. */
	cl->idf = arena_alloc(cl->arena, (cl->nterms + 1) * sizeof(*cl->idf));
	if (cl->idf == NULL)
		return SUMM_ENOMEM;
	if (bg != NULL && idf_docs(bg) > 0)
		for (t = 0; t < cl->nterms; t++) {
			stem = terms_stem(&cl->terms, (uint32_t)t, &len);
			cl->idf[t] = idf_of((double)idf_docs(bg),
			    (double)idf_df(bg, stem, len));
		}
	else {
		/* Most terms are in a few sentences: the IDF of each small
		 * count is worked out once, not once a term. */
		for (t = 0; t < IDF_SMALL; t++)
			small[t] = idf_of((double)cl->nsent, (double)t);
		for (t = 0; t < cl->nterms; t++)
			cl->idf[t] = cl->sf[t] < IDF_SMALL
					 ? small[cl->sf[t]]
					 : idf_of((double)cl->nsent, cl->sf[t]);
	}
	/* The centroid summed here, sentence by sentence as graph_centroid
	 * would, while each vector is at hand. */
	cl->centroid =
	    arena_calloc(cl->arena, cl->nterms + 1, sizeof(*cl->centroid));
	if (cl->centroid == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i < cl->nsent; i++)
		weigh(cl, &cl->sent[i].v, cl->centroid);
	for (i = 0; i < cl->ndocs; i++)
		weigh(cl, &cl->doc[i].title, NULL);
	weigh(cl, &cl->query, NULL);
	return 0;
}

double
tfidf_cosine(const struct vec *a, const struct vec *b)
{
	uint32_t i = 0, j = 0;
	double dot = 0;

	while (i < a->n && j < b->n) {
		if (a->term[i] < b->term[j])
			i++;
		else if (a->term[i] > b->term[j])
			j++;
		else
			dot += (double)a->w[i++] * b->w[j++];
	}
	return dot;
}

double
tfidf_overlap(const struct vec *a, const struct vec *b)
{
	uint32_t i = 0, j = 0, n = 0, x, y;

	if (a->n == 0 || b->n == 0)
		return 0;
	/* The two terms at hand kept in registers, each read again only
	 * when its side moves, and only that side's end tested: the
	 * selection's redundancy check merges a pair of vectors at every
	 * candidate it looks at. */
	x = a->term[0];
	y = b->term[0];
	for (;;) {
		if (x < y) {
			if (++i == a->n)
				break;
			x = a->term[i];
		} else if (x > y) {
			if (++j == b->n)
				break;
			y = b->term[j];
		} else {
			n++;
			if (++i == a->n || ++j == b->n)
				break;
			x = a->term[i];
			y = b->term[j];
		}
	}
	return n / sqrt((double)a->n * b->n);
}
