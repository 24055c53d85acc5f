/*
 * select.c: the summary under its budget. Candidates are taken best first;
 * one that repeats a chosen sentence (the same words, or a cosine at or
 * above the redundancy threshold: the same fact from another outlet) is
 * passed over, and so is one that does not fit what is left of the budget.
 */
#include <math.h>
#include <stdlib.h>

#include "cluster.h"

struct rank {
	double score;
	uint32_t id;
};

static int
cmp_rank(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

/* How many sentences, words or bytes the options allow. */
static double
budget(const struct cluster *cl)
{
	const struct summ_opts *o = cl->opts;

	if (o->unit == SUMM_RATIO)
		return ceil(o->amount * (double)cl->ncand);
	return floor(o->amount);
}

static double
cost(const struct cluster *cl, const struct sent *s, size_t chosen)
{
	switch (cl->opts->unit) {
	case SUMM_WORDS:
		return s->words;
	case SUMM_BYTES:
		/* Sentences are joined by one space in the summary. */
		return (double)s->len + (chosen > 0);
	default:
		return 1;
	}
}

static int
repeats(const struct cluster *cl, const struct sent *s, const uint32_t *out,
    size_t n)
{
	const struct sent *o;
	size_t i;

	for (i = 0; i < n; i++) {
		o = &cl->sent[out[i]];
		if (o->hash == s->hash)
			return 1;
		if (tfidf_cosine(&o->v, &s->v) >= cl->opts->redundancy)
			return 1;
	}
	return 0;
}

int
select_sentences(struct cluster *cl, uint32_t **out, size_t *nout)
{
	struct rank *r;
	uint32_t *sel;
	size_t i, nr = 0, n = 0;
	double left = budget(cl), c;
	struct sent *s;

	r = arena_calloc(cl->arena, cl->ncand + 1, sizeof(*r));
	sel = arena_calloc(cl->arena, cl->ncand + 1, sizeof(*sel));
	if (r == NULL || sel == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i < cl->nsent; i++) {
		if (!cl->sent[i].cand)
			continue;
		r[nr].score = cl->sent[i].score;
		r[nr++].id = (uint32_t)i;
	}
	qsort(r, nr, sizeof(*r), cmp_rank);
	for (i = 0; i < nr && left > 0; i++) {
		s = &cl->sent[r[i].id];
		c = cost(cl, s, n);
		if (c > left || repeats(cl, s, sel, n))
			continue;
		sel[n++] = r[i].id;
		left -= c;
	}
	*out = sel;
	*nout = n;
	return 0;
}
