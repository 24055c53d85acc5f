/*
 * select.c: the summary under its budget. Candidates are taken best first;
 * one that repeats a chosen sentence (the same words, or a cosine at or
 * above the redundancy threshold: the same fact from another outlet) is
 * passed over, and so is one that does not fit what is left of the budget.
 * Then swaps of one chosen sentence for one left out are tried while they
 * raise the summary's value and keep it inside the budget.
 */
#include <math.h>
#include <stdlib.h>

#include "cluster.h"

#define QUOTE_FACTOR 0.1  /* value kept by a sentence opening with a quote */
#define SWAP_POOL    2000 /* best-scored candidates a swap may bring in */
#define SWAP_PASSES  16

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

static int
repeats(const struct cluster *cl, const struct sent *a, const struct sent *b)
{
	return a->hash == b->hash ||
	       tfidf_overlap(&a->v, &b->v) >= cl->opts->redundancy;
}

/* What the summary loses if a leaves it, or gains if b joins it; cnt
 * counts the chosen sentences that carry each concept. */
static double
concept_loss(
    const struct cluster *cl, const struct sent *a, const uint32_t *cnt)
{
	double v = 0;
	uint32_t k;

	for (k = 0; k < a->nbg; k++)
		if (cnt[a->bg[k]] == 1)
			v += cl->bgw[a->bg[k]];
	return v;
}

static double
concept_gain(const struct cluster *cl, const struct sent *a,
    const struct sent *b, const uint32_t *cnt)
{
	double v = 0;
	uint32_t k, i = 0;

	/* A concept both carry is no gain: a's copy is leaving. */
	for (k = 0; k < b->nbg; k++) {
		while (i < a->nbg && a->bg[i] < b->bg[k])
			i++;
		if (cnt[b->bg[k]] == 0 ||
		    (cnt[b->bg[k]] == 1 && i < a->nbg && a->bg[i] == b->bg[k]))
			v += cl->bgw[b->bg[k]];
	}
	return v;
}

static double
own_value(const struct cluster *cl, const struct sent *s, double nscore)
{
	return (1 - cl->opts->coverage) * s->score / nscore;
}

/*
 * Local search on the greedy answer, the objective being the summary's
 * whole value: the weight of the concepts it covers plus its sentences' own
 * scores. The greedy rule (value per unit of cost) can fill the budget with
 * short sentences where one longer would cover more; a swap repairs that.
 * The best improving swap is made, for a few passes; pool holds the ids a
 * swap may bring in (no quotes), in[] marks those chosen.
 */
static void
swap_improve(struct cluster *cl, const uint32_t *pool, size_t np, uint32_t *sel,
    size_t n, double left, double ncov, double nscore, uint32_t *cnt,
    unsigned char *in)
{
	const struct summ_opts *o = cl->opts;
	const struct sent *a, *b;
	double loss, gain, best, c;
	size_t i, j, k, bi, bj, pass;
	uint32_t t;

	for (pass = 0; pass < SWAP_PASSES; pass++) {
		best = 1e-9;
		bi = bj = SIZE_MAX;
		for (i = 0; i < n; i++) {
			a = &cl->sent[sel[i]];
			loss = o->coverage * concept_loss(cl, a, cnt) / ncov +
			       own_value(cl, a, nscore);
			for (j = 0; j < np; j++) {
				if (in[j])
					continue;
				b = &cl->sent[pool[j]];
				c = cost(cl, b, 1) - cost(cl, a, 1);
				if (c > left)
					continue;
				gain = o->coverage *
					   concept_gain(cl, a, b, cnt) / ncov +
				       own_value(cl, b, nscore) - loss;
				if (gain <= best)
					continue;
				for (k = 0; k < n; k++)
					if (k != i &&
					    repeats(cl, b, &cl->sent[sel[k]]))
						break;
				if (k == n) {
					best = gain;
					bi = i;
					bj = j;
				}
			}
		}
		if (bi == SIZE_MAX)
			return;
		a = &cl->sent[sel[bi]];
		b = &cl->sent[pool[bj]];
		for (t = 0; t < a->nbg; t++)
			cnt[a->bg[t]]--;
		for (t = 0; t < b->nbg; t++)
			cnt[b->bg[t]]++;
		left -= cost(cl, b, 1) - cost(cl, a, 1);
		for (j = 0; j < np && pool[j] != sel[bi]; j++)
			;
		if (j < np)
			in[j] = 0;
		in[bj] = 1;
		sel[bi] = pool[bj];
	}
}

int
select_sentences(struct cluster *cl, uint32_t **out, size_t *nout)
{
	const struct summ_opts *o = cl->opts;
	struct rank *r;
	uint32_t *sel, *pool, *cnt, k;
	unsigned char *covered, *in;
	double *maxsim, left = budget(cl), c, v, best, sim, ncov = 0,
			nscore = 0;
	size_t i, nr = 0, n = 0, np = 0, bi;
	struct sent *s, *last;
	int rc, update = 0;

	r = arena_calloc(cl->arena, cl->ncand + 1, sizeof(*r));
	sel = arena_calloc(cl->arena, cl->ncand + 1, sizeof(*sel));
	maxsim = arena_calloc(cl->arena, cl->ncand + 1, sizeof(*maxsim));
	covered = arena_calloc(cl->arena, cl->bigrams.count + 1, 1);
	pool = arena_calloc(cl->arena, SWAP_POOL, sizeof(*pool));
	in = arena_calloc(cl->arena, SWAP_POOL, 1);
	cnt = arena_calloc(cl->arena, cl->bigrams.count + 1, sizeof(*cnt));
	if (r == NULL || sel == NULL || maxsim == NULL || covered == NULL ||
	    pool == NULL || in == NULL || cnt == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i < cl->nsent; i++) {
		s = &cl->sent[i];
		if (cl->docs[s->doc].seen) {
			update = 1;
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
	for (i = 0; i < nr && np < SWAP_POOL; i++)
		if (!cl->sent[r[i].id].quoted)
			pool[np++] = r[i].id;
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
			if (s->quoted && v > 0)
				v *= QUOTE_FACTOR;
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
	if (!update && n > 0) {
		for (i = 0; i < np; i++)
			for (k = 0; k < n; k++)
				in[i] |= pool[i] == sel[k];
		for (i = 0; i < n; i++)
			for (k = 0; k < cl->sent[sel[i]].nbg; k++)
				cnt[cl->sent[sel[i]].bg[k]]++;
		swap_improve(cl, pool, np, sel, n, left, ncov, nscore, cnt, in);
	}
	*out = sel;
	*nout = n;
	return 0;
}
