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

/* Concept weight a sentence would add that the summary lacks. */
static double
new_concepts(const struct cluster *cl, const struct sent *s,
    const unsigned char *covered)
{
	double v = 0;
	uint32_t k;

	for (k = 0; k < s->nbg; k++)
		if (!covered[s->bg[k]])
			v += cl->bgw[s->bg[k]];
	return v;
}

/*
 * Does s repeat a sentence of an article the reader has seen? Asked only
 * of the sentence about to be chosen, so an update summary costs one pass
 * over the old sentences per sentence it chooses.
 */
static int
repeats_seen(const struct cluster *cl, const struct sent *s)
{
	const struct sent *o;
	size_t i;

	for (i = 0; i < cl->nsent; i++) {
		o = &cl->sent[i];
		if (cl->docs[o->doc].seen &&
		    (o->hash == s->hash ||
			tfidf_overlap(&o->v, &s->v) >= cl->opts->redundancy))
			return 1;
	}
	return 0;
}

int
select_sentences(struct cluster *cl, uint32_t **out, size_t *nout)
{
	const struct summ_opts *o = cl->opts;
	struct rank *r;
	uint32_t *sel, k;
	unsigned char *covered;
	double *maxsim, left = budget(cl), c, v, best, sim, ncov = 0,
			nscore = 0;
	size_t i, nr = 0, n = 0, bi;
	struct sent *s, *last;
	int rc;

	r = arena_calloc(cl->arena, cl->ncand + 1, sizeof(*r));
	sel = arena_calloc(cl->arena, cl->ncand + 1, sizeof(*sel));
	maxsim = arena_calloc(cl->arena, cl->ncand + 1, sizeof(*maxsim));
	covered = arena_calloc(cl->arena, cl->bigrams.count + 1, 1);
	if (r == NULL || sel == NULL || maxsim == NULL || covered == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i < cl->nsent; i++) {
		s = &cl->sent[i];
		if (cl->docs[s->doc].seen) {
			/* What the reader knows is covered already. */
			for (k = 0; k < s->nbg; k++)
				covered[s->bg[k]] = 1;
			continue;
		}
		if (!s->cand)
			continue;
		r[nr].score = s->score;
		r[nr++].id = (uint32_t)i;
		if ((v = new_concepts(cl, s, covered)) > ncov)
			ncov = v;
		if (s->score > nscore)
			nscore = s->score;
	}
	ncov = ncov > 0 ? ncov : 1;
	nscore = nscore > 0 ? nscore : 1;
	/* Sorted, so that ties go to the better, then earlier, sentence. */
	qsort(r, nr, sizeof(*r), cmp_rank);
	/*
	 * Greedy on a coverage objective (Lin and Bilmes 2011): each step
	 * takes the sentence with the most value per unit of budget, where
	 * value is the weight of concepts not yet covered plus the sentence's
	 * own centrality score, less its similarity to what is chosen. A
	 * repeat (same words, or term overlap at the threshold) is out for
	 * good, and so is a sentence that no longer fits the budget.
	 */
	while (left > 0) {
		if ((rc = cluster_expired(cl)) != 0)
			return rc;
		best = -1e300;
		bi = SIZE_MAX;
		for (i = 0; i < nr; i++) {
			if (r[i].id == UINT32_MAX)
				continue;
			s = &cl->sent[r[i].id];
			if ((c = cost(cl, s, n)) > left) {
				r[i].id = UINT32_MAX;
				continue;
			}
			v = o->coverage * new_concepts(cl, s, covered) / ncov +
			    (1 - o->coverage) * r[i].score / nscore -
			    o->diversity * maxsim[i];
			if (o->unit == SUMM_WORDS || o->unit == SUMM_BYTES)
				v /= pow(c > 1 ? c : 1, o->cost_scale);
			if (v > best) {
				best = v;
				bi = i;
			}
		}
		if (bi == SIZE_MAX)
			break;
		last = &cl->sent[r[bi].id];
		if (repeats_seen(cl, last)) {
			r[bi].id = UINT32_MAX;
			continue;
		}
		c = cost(cl, last, n);
		sel[n++] = r[bi].id;
		left -= c;
		r[bi].id = UINT32_MAX;
		for (k = 0; k < last->nbg; k++)
			covered[last->bg[k]] = 1;
		for (i = 0; i < nr; i++) {
			if (r[i].id == UINT32_MAX)
				continue;
			s = &cl->sent[r[i].id];
			sim = s->hash == last->hash
				  ? 1
				  : tfidf_overlap(&s->v, &last->v);
			if (sim >= o->redundancy)
				r[i].id = UINT32_MAX;
			else if (sim > maxsim[i])
				maxsim[i] = sim;
		}
	}
	*out = sel;
	*nout = n;
	return 0;
}
