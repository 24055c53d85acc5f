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
#include <string.h>

#include "cluster.h"

#define QUOTE_FACTOR 0.1  /* value kept by a sentence opening with a quote */
#define SWAP_POOL    2000 /* best-scored candidates a swap may bring in */
#define SWAP_PASSES  16
/*
 * With a query, the greedy weighs a sentence as if it took at least this
 * share of the budget (19 words of 250, 7.5 of 100): concepts near the
 * query weigh more, and a short sentence that names a query term in
 * passing ("Some work for a few families.") would otherwise win on its
 * value per word. The budget still counts its real length. Tuned with
 * CONCEPT_QUERY_GAIN (concept.c) once the centrality score counted what
 * several reports tell (docs/QUALITY.md, 2026-12-06).
 */
#define QUERY_MIN_SHARE 0.075
/*
 * The defaults of coverage and cost_scale (negative in summ_opts): tuned
 * apart for the two kinds of summary, whose concepts are weighed apart.
 */
#define COVERAGE_GENERIC   0.65
#define COVERAGE_QUERY     0.6
#define COST_SCALE_GENERIC 0.4
#define COST_SCALE_QUERY   0.5

/* Is a ranked before b: the better score. */
static int
before(const struct rank *a, const struct rank *b)
{
	return a->score > b->score;
}

/* Runs of 16 by insertion, then merged pairwise, back and forth between
 * the two arrays: a merge sort, as qsort is in glibc, without a call for
 * every comparison. Stable: of equal scores the one first in r stays
 * first, so that r in the order of its ids is ranked with ties to the
 * earlier sentence, with no compare of ids. */
void
rank_sort(struct rank *r, struct rank *tmp, size_t n)
{
	struct rank *from = r, *to = tmp, *t, v;
	size_t i, j, lo, mid, hi, a, b, k, w;

	for (lo = 0; lo < n; lo += 16)
		for (i = lo + 1; i < n && i < lo + 16; i++) {
			v = r[i];
			for (j = i; j > lo && before(&v, &r[j - 1]); j--)
				r[j] = r[j - 1];
			r[j] = v;
		}
	for (w = 16; w < n; w *= 2) {
		for (lo = 0; lo < n; lo += 2 * w) {
			mid = lo + w < n ? lo + w : n;
			hi = lo + 2 * w < n ? lo + 2 * w : n;
			/* Merged while both runs last, then the rest of
			 * the one left copied. */
			for (a = lo, b = mid, k = lo; a < mid && b < hi; k++)
				to[k] = before(&from[b], &from[a]) ? from[b++]
								   : from[a++];
			memcpy(&to[k], &from[a], (mid - a) * sizeof(*to));
			memcpy(
			    &to[k + mid - a], &from[b], (hi - b) * sizeof(*to));
		}
		t = from;
		from = to;
		to = t;
	}
	if (from != r)
		memcpy(r, from, n * sizeof(*r));
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
		return (double)s->shown;
	case SUMM_BYTES:
		/* Sentences are joined by one space in the summary. */
		return (double)s->shown + (chosen > 0);
	default:
		return 1;
	}
}

/*
 * A candidate's concepts of some weight, in their order, by their numbers
 * among those (cl->wid): most pairs are in one article and weigh 0, which
 * a sum they were added to would keep as it is (weights are not negative,
 * so no sum is -0). Only they are covered, counted and indexed below.
 */
struct weighed {
	const uint32_t *c;
	size_t n;
};

/* Sentence s's concepts of some weight, by their numbers, written to c
 * (room for s->nbg), and the weight of those not covered summed to *v in
 * their order, as new_concepts sums it; returns how many. Its ends in
 * locals: a store to c could change s->nbg, for all the compiler knows. */
static size_t
weighed_of(const struct cluster *cl, const struct sent *s,
    const unsigned char *covered, uint32_t *c, double *v)
{
	/* A sentence with no pair has no array (NULL): no end past it. */
	const uint32_t *bg = s->bg, *end = s->nbg > 0 ? bg + s->nbg : bg;
	const uint32_t *wid = cl->wid;
	const float *bgw = cl->bgw;
	double sum = 0;
	size_t m = 0;
	uint32_t d;

	for (; bg < end; bg++)
		if ((d = wid[*bg]) != 0) {
			c[m++] = --d;
			if (!covered[d])
				sum += bgw[d];
		}
	*v = sum;
	return m;
}

/* Concept weight a sentence would add that the summary lacks. */
static double
new_concepts(const struct cluster *cl, const struct weighed *w,
    const unsigned char *covered)
{
	double v = 0;
	size_t k;

	for (k = 0; k < w->n; k++)
		if (!covered[w->c[k]])
			v += cl->bgw[w->c[k]];
	return v;
}

/* Are a and b the same fact: the same words, or terms that overlap at
 * the redundancy threshold? */
static int
repeats(const struct cluster *cl, const struct sent *a, const struct sent *b)
{
	return a->hash == b->hash ||
	       tfidf_overlap(&a->v, &b->v) >= cl->opts->redundancy;
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
		if (cl->docs[o->doc].seen && repeats(cl, o, s))
			return 1;
	}
	return 0;
}

/*
 * The greedy asks a candidate's overlap with each sentence chosen since it
 * was last looked at. Bit k of has[t] tells whether the summary's k-th
 * sentence, of the first CHOSEN_BITS, carries term t: the terms two
 * sentences share are counted from one of them, a load a term, not by a
 * merge of both. The count and so the cosine are tfidf_overlap's.
 */
#define CHOSEN_BITS 16

static double
overlap_chosen(
    const uint16_t *has, const struct vec *a, const struct vec *b, size_t k)
{
	const uint32_t *t = a->term, *end = t + a->n;
	uint64_t n = 0, bit = 1u << k;

	if (a->n == 0 || b->n == 0)
		return 0;
	/* The bits summed in place, shifted down once. */
	for (; t < end; t++)
		n += has[*t] & bit;
	return (uint32_t)(n >> k) / sqrt((double)a->n * b->n);
}

/* A candidate's value as of the summary's stamp-th sentence. */
struct lazy {
	double v;
	uint32_t i; /* in the ranking */
	uint32_t stamp;
};

static int
lazy_before(const struct lazy *a, const struct lazy *b)
{
	return a->v > b->v || (a->v == b->v && a->i < b->i);
}

static inline void
sift_down(struct lazy *h, size_t n, size_t i)
{
	struct lazy t;
	size_t c;

	for (;;) {
		c = 2 * i + 1;
		if (c >= n)
			return;
		if (c + 1 < n && lazy_before(&h[c + 1], &h[c]))
			c++;
		if (!lazy_before(&h[c], &h[i]))
			return;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
}

static void
heap_pop(struct lazy *h, size_t *n)
{
	h[0] = h[--*n];
	sift_down(h, *n, 0);
}

/*
 * A cost to the power cost_scale, c >= 1. The greedy weighs each candidate
 * once or more, and their costs in words are a few dozen whole numbers:
 * the power of each is worked out once, into scaled[c] (0 until then; a
 * power of c >= 1 is positive).
 */
#define SCALED_MAX 128

static double
cost_scaled(const struct cluster *cl, double c, double *scaled)
{
	size_t k = c < SCALED_MAX ? (size_t)c : 0;

	if (k == 0 || (double)k != c)
		return pow(c, cl->cost_scale);
	if (scaled[k] == 0)
		scaled[k] = pow(c, cl->cost_scale);
	return scaled[k];
}

/* The greedy's value of s: new concepts (fresh, their weight) and own
 * score, per unit of cost. Inline, as sift_down, which gcc would not do
 * by itself: the loop over every candidate then shares the reads of the
 * options and the cluster, not a call each. */
static inline double
value(const struct cluster *cl, const struct sent *s, double fresh,
    double score, double maxsim, double ncov, double nscore, size_t chosen,
    double *scaled)
{
	const struct summ_opts *o = cl->opts;
	double v, c;

	v = cl->coverage * fresh / ncov + (1 - cl->coverage) * score / nscore -
	    o->diversity * maxsim;
	if (o->unit == SUMM_WORDS || o->unit == SUMM_BYTES) {
		c = cost(cl, s, chosen);
		if (cl->query.n > 0 && c < QUERY_MIN_SHARE * budget(cl))
			c = QUERY_MIN_SHARE * budget(cl);
		v /= cost_scaled(cl, c > 1 ? c : 1, scaled);
	}
	if (s->quoted && v > 0)
		v *= QUOTE_FACTOR;
	return v;
}

static double
own_value(const struct cluster *cl, const struct sent *s, double nscore)
{
	return (1 - cl->coverage) * s->score / nscore;
}

/*
 * The pool's places j, cheapest cb[j] first (ties in pool order), into
 * all: a pass over the whole pool for a chosen sentence then stops at the
 * first that does not fit in its place (after the greedy, little of the
 * budget is left: most of the pool does not fit). Costs are whole numbers
 * of words, bytes or sentences, counted into buckets; returns 0, all not
 * written, if the largest is more than COST_BUCKETS.
 */
#define COST_BUCKETS 4096

static int
pool_by_cost(struct cluster *cl, const double *cb, size_t np, uint32_t *all)
{
	double most = 0;
	size_t j, *at;

	for (j = 0; j < np; j++)
		if (cb[j] > most)
			most = cb[j];
	if (most > COST_BUCKETS || (at = arena_calloc(cl->arena,
					(size_t)most + 2, sizeof(*at))) == NULL)
		return 0;
	for (j = 0; j < np; j++)
		at[(size_t)cb[j] + 1]++;
	for (j = 1; j < (size_t)most + 2; j++)
		at[j] += at[j - 1];
	for (j = 0; j < np; j++)
		all[at[(size_t)cb[j]]++] = (uint32_t)j;
	return 1;
}

/*
 * Local search on the greedy answer, the objective being the summary's
 * whole value: the weight of the concepts it covers plus its sentences' own
 * scores. The greedy rule (value per unit of cost) can fill the budget with
 * short sentences where one longer would cover more; a swap repairs that.
 * The best improving swap is made, for a few passes; pool holds the ids a
 * swap may bring in (no quotes), in[] marks those chosen.
 *
 * What b would add in a's place is what it adds now (g) plus the concepts
 * only a covers that b has too (extra): found through an index from each
 * concept to the pool sentences that carry it, so a pass costs the pool's
 * concepts once, not once for every chosen sentence.
 *
 * A pool sentence with no extra gains its own value and g less a's loss:
 * where the most any gains so (top) is below the best swap yet, only those
 * with an extra (touched) are tried for a, not the whole pool. They are
 * tried in another order than the pool's, so a tie goes to the lower j,
 * as it does in the pool's order.
 */
static int
swap_improve(struct cluster *cl, const uint32_t *pool, size_t np, uint32_t *sel,
    size_t n, double left, double ncov, double nscore, uint32_t *cnt,
    unsigned char *in, const struct weighed *wc)
{
	const struct sent *a, *b;
	double loss, gain, best, c, ca, *g, *extra, *cb, *own, top;
	size_t i, j, k, m, x, bi, bj, pass, nb = cl->nweighed, ntouch;
	uint32_t t, *start, *post, *touched, cc;
	uint32_t *all;        /* the whole pool, by cost if sorted */
	const uint32_t *from; /* the pool sentences tried for a */
	const struct weighed *w;
	unsigned char *hit;   /* in touched[] already */
	unsigned char *stale; /* g[j] to be summed again */
	int rc, sorted;       /* all in order of cost */

	/* g, touched and post are written before they are read, so not
	 * cleared. */
	start = arena_calloc(cl->arena, nb + 2, sizeof(*start));
	g = arena_alloc(cl->arena, (np + 1) * sizeof(*g));
	extra = arena_calloc(cl->arena, np + 1, sizeof(*extra));
	touched = arena_alloc(cl->arena, (np + 1) * sizeof(*touched));
	hit = arena_calloc(cl->arena, np + 1, 1);
	cb = arena_alloc(cl->arena, (np + 1) * sizeof(*cb));
	own = arena_alloc(cl->arena, (np + 1) * sizeof(*own));
	stale = arena_alloc(cl->arena, np + 1);
	all = arena_alloc(cl->arena, (np + 1) * sizeof(*all));
	if (start == NULL || g == NULL || extra == NULL || touched == NULL ||
	    hit == NULL || cb == NULL || own == NULL || stale == NULL ||
	    all == NULL)
		return SUMM_ENOMEM;
	memset(stale, 1, np + 1);
	/* What does not change from pass to pass, worked out once: each
	 * pool sentence's cost and own value, read n times a pass. */
	for (j = 0; j < np; j++) {
		cb[j] = cost(cl, &cl->sent[pool[j]], 1);
		own[j] = own_value(cl, &cl->sent[pool[j]], nscore);
	}
	/* The whole pool as a list too, so that the loop over the
	 * sentences tried for a reads a list either way; by cost if it can
	 * be. The order they are tried in is free: a tie goes to the lower
	 * j by the test below, not by the order. */
	if (!(sorted = pool_by_cost(cl, cb, np, all)))
		for (j = 0; j < np; j++)
			all[j] = (uint32_t)j;
	/* Only the pool's concepts of some weight are indexed and summed:
	 * the others leave every sum and gain as it is. */
	for (j = 0; j < np; j++)
		for (w = &wc[pool[j]], k = 0; k < w->n; k++)
			start[w->c[k] + 2]++;
	for (k = 2; k < nb + 2; k++)
		start[k] += start[k - 1];
	if ((post = arena_alloc(cl->arena,
		 ((size_t)start[nb + 1] + 1) * sizeof(*post))) == NULL)
		return SUMM_ENOMEM;
	for (j = 0; j < np; j++)
		for (w = &wc[pool[j]], k = 0; k < w->n; k++)
			post[start[w->c[k] + 1]++] = (uint32_t)j;
	/* Now start[c] is where concept c's list begins. */
	for (pass = 0; pass < SWAP_PASSES; pass++) {
		/* Only where a swap made one of its concepts covered or
		 * uncovered: summed again whole, in the same order, so the
		 * same as if every sum were done again. */
		for (j = 0; j < np; j++) {
			if (!stale[j])
				continue;
			stale[j] = 0;
			/* Summed in a register, stored once. */
			for (w = &wc[pool[j]], gain = 0, k = 0; k < w->n; k++)
				if (cnt[w->c[k]] == 0)
					gain += cl->bgw[w->c[k]];
			g[j] = gain;
		}
		for (top = -INFINITY, j = 0; j < np; j++)
			if (!in[j] &&
			    (gain = cl->coverage * g[j] / ncov + own[j]) > top)
				top = gain;
		best = 1e-9;
		bi = bj = SIZE_MAX;
		for (i = 0; i < n; i++) {
			/* A pass is n times the pool: long when n is large. */
			if ((i & 63) == 63 && (rc = cluster_expired(cl)) != 0)
				return rc;
			a = &cl->sent[sel[i]];
			ntouch = 0;
			for (w = &wc[sel[i]], loss = 0, t = 0; t < w->n; t++) {
				if (cnt[cc = w->c[t]] != 1)
					continue;
				loss += cl->bgw[cc];
				for (k = start[cc]; k < start[cc + 1]; k++) {
					if (!hit[post[k]]) {
						hit[post[k]] = 1;
						touched[ntouch++] = post[k];
					}
					extra[post[k]] += cl->bgw[cc];
				}
			}
			loss = cl->coverage * loss / ncov +
			       own_value(cl, a, nscore);
			/* a's cost, once for the pool, not once for each of
			 * its sentences. */
			ca = cost(cl, a, 1);
			if (top - loss < best) {
				from = touched;
				m = ntouch;
			} else {
				from = all;
				m = np;
			}
			for (x = 0; x < m; x++) {
				j = from[x];
				if (in[j])
					continue;
				c = cb[j] - ca;
				if (c > left) {
					/* Nor will any after it. */
					if (from == all && sorted)
						break;
					continue;
				}
				gain = cl->coverage * (g[j] + extra[j]) / ncov +
				       own[j] - loss;
				if (gain < best ||
				    (gain == best && (bi != i || j > bj)))
					continue;
				b = &cl->sent[pool[j]];
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
			for (k = 0; k < ntouch; k++) {
				extra[touched[k]] = 0;
				hit[touched[k]] = 0;
			}
		}
		if (bi == SIZE_MAX)
			return 0;
		for (w = &wc[sel[bi]], t = 0; t < w->n; t++)
			if (--cnt[cc = w->c[t]] == 0)
				for (k = start[cc]; k < start[cc + 1]; k++)
					stale[post[k]] = 1;
		for (w = &wc[pool[bj]], t = 0; t < w->n; t++)
			if (cnt[cc = w->c[t]]++ == 0)
				for (k = start[cc]; k < start[cc + 1]; k++)
					stale[post[k]] = 1;
		left -= cb[bj] - cost(cl, &cl->sent[sel[bi]], 1);
		for (j = 0; j < np && pool[j] != sel[bi]; j++)
			;
		if (j < np)
			in[j] = 0;
		in[bj] = 1;
		sel[bi] = pool[bj];
	}
	return 0;
}

/*
 * The check that bounds the cost-scaled greedy (Lin and Bilmes 2011): if
 * one sentence alone that fits is worth more than the summary, it is the
 * summary. Rare with real clusters, but it keeps a budget that one long,
 * central sentence fills from being spent on several slight ones. Returns
 * the summary's new length.
 */
static size_t
best_single(const struct cluster *cl, const struct rank *r, size_t nr,
    uint32_t *sel, size_t n, double ncov, double nscore, const uint32_t *cnt,
    const double *whole, const struct weighed *wc)
{
	const struct sent *s;
	const struct weighed *c;
	double total = 0, v, best = 0, w, all = budget(cl);
	size_t i, bi = SIZE_MAX, k;

	for (i = 0; i < n; i++) {
		s = &cl->sent[sel[i]];
		/* A concept k chosen sentences share counts once in all. */
		for (c = &wc[sel[i]], w = 0, k = 0; k < c->n; k++)
			w += (double)cl->bgw[c->c[k]] / (double)cnt[c->c[k]];
		total += cl->coverage * w / ncov + own_value(cl, s, nscore);
	}
	for (i = 0; i < nr; i++) {
		s = &cl->sent[r[i].id];
		if (s->quoted || cost(cl, s, 0) > all)
			continue;
		v = cl->coverage * whole[r[i].id] / ncov +
		    own_value(cl, s, nscore);
		if (v > best) {
			best = v;
			bi = i;
		}
	}
	if (bi == SIZE_MAX || best <= total)
		return n;
	sel[0] = r[bi].id;
	return 1;
}

int
select_sentences(struct cluster *cl, uint32_t **out, size_t *nout)
{
	const struct summ_opts *o = cl->opts;
	struct rank *r, *tmp;
	struct lazy *h, top;
	uint32_t *sel, *pool, *cnt, k, d;
	unsigned char *covered, *in, *chosen;
	uint16_t *has; /* by term: which chosen sentences carry it */
	double *maxsim, left = budget(cl), c, sim, ncov = 0, nscore = 0;
	double least = INFINITY; /* the cheapest candidate's cost */
	double *whole; /* by sentence: its concepts' weight, as first read */
	struct weighed *wc;
	const struct weighed *w;
	uint32_t *cw;
	size_t m;
	double scaled[SCALED_MAX] = {0};
	size_t i, nr = 0, n = 0, np = 0, nh, pops = 0, room;
	struct sent *s, *last;
	int rc, update = 0;

	cl->coverage = o->coverage >= 0  ? o->coverage
		       : cl->query.n > 0 ? COVERAGE_QUERY
					 : COVERAGE_GENERIC;
	cl->cost_scale = o->cost_scale >= 0 ? o->cost_scale
			 : cl->query.n > 0  ? COST_SCALE_QUERY
					    : COST_SCALE_GENERIC;
	/* The ranking, the summary, the pool and the heap are written
	 * before they are read, so not cleared; the pool is no larger than
	 * the candidates. */
	room = cl->ncand < SWAP_POOL ? cl->ncand : SWAP_POOL;
	r = arena_alloc(cl->arena, (cl->ncand + 1) * sizeof(*r));
	sel = arena_alloc(cl->arena, (cl->ncand + 1) * sizeof(*sel));
	maxsim = arena_calloc(cl->arena, cl->ncand + 1, sizeof(*maxsim));
	covered = arena_calloc(cl->arena, cl->nweighed + 1, 1);
	pool = arena_alloc(cl->arena, (room + 1) * sizeof(*pool));
	in = arena_calloc(cl->arena, room + 1, 1);
	cnt = arena_calloc(cl->arena, cl->nweighed + 1, sizeof(*cnt));
	h = arena_alloc(cl->arena, (cl->ncand + 1) * sizeof(*h));
	tmp = arena_alloc(cl->arena, (cl->ncand + 1) * sizeof(*tmp));
	whole = arena_alloc(cl->arena, (cl->nsent + 1) * sizeof(*whole));
	wc = arena_alloc(cl->arena, (cl->nsent + 1) * sizeof(*wc));
	has = arena_calloc(cl->arena, cl->nterms + 1, sizeof(*has));
	/* No more than the concepts of sentences in memory: the size
	 * cannot overflow. */
	for (i = 0, m = 0; i < cl->nsent; i++)
		m += cl->sent[i].nbg;
	cw = arena_alloc(cl->arena, (m + 1) * sizeof(*cw));
	if (r == NULL || sel == NULL || maxsim == NULL || covered == NULL ||
	    pool == NULL || in == NULL || cnt == NULL || h == NULL ||
	    tmp == NULL || whole == NULL || wc == NULL || cw == NULL ||
	    has == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i < cl->nsent; i++) {
		s = &cl->sent[i];
		if (cl->docs[s->doc].seen) {
			update = 1;
			/* What the reader knows is covered already. */
			for (k = 0; k < s->nbg; k++)
				if ((d = cl->wid[s->bg[k]]) != 0)
					covered[d - 1] = 1;
			continue;
		}
		if (!s->cand)
			continue;
		r[nr].score = s->score;
		r[nr++].id = (uint32_t)i;
		if ((c = cost(cl, s, 0)) < least)
			least = c;
		/* The sum read once: without an update nothing is covered
		 * yet, and the first values and best_single need it again. */
		wc[i].c = cw;
		wc[i].n = weighed_of(cl, s, covered, cw, &whole[i]);
		cw += wc[i].n;
		if (whole[i] > ncov)
			ncov = whole[i];
		if (s->score > nscore)
			nscore = s->score;
	}
	ncov = ncov > 0 ? ncov : 1;
	nscore = nscore > 0 ? nscore : 1;
	/* Sorted, so that ties go to the better, then earlier, sentence. */
	rank_sort(r, tmp, nr);
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
	 *
	 * Lazily (Minoux): a value only falls as the summary grows, so a
	 * heap holds each candidate's value as of when it was last reckoned,
	 * and only the top is reckoned again; once the top is up to date it
	 * is the best. Each candidate is compared only with the sentences
	 * chosen since it was last looked at.
	 *
	 * Once what is left is less than the cheapest candidate costs (a
	 * cost only grows with the summary), no candidate fits: each would
	 * be popped in turn, to no end.
	 */
	for (i = 0; i < nr; i++) {
		s = &cl->sent[r[i].id];
		/* With an update, sentences of seen articles after s have
		 * covered more since its sum was read. */
		h[i].v = value(cl, s,
		    update ? new_concepts(cl, &wc[r[i].id], covered)
			   : whole[r[i].id],
		    r[i].score, 0, ncov, nscore, n, scaled);
		h[i].i = (uint32_t)i;
		h[i].stamp = 0;
	}
	nh = nr;
	for (i = nh / 2; i-- > 0;)
		sift_down(h, nh, i);
	while (left > 0 && left >= least && nh > 0) {
		if ((++pops & 1023) == 0 && (rc = cluster_expired(cl)) != 0)
			return rc;
		top = h[0];
		s = &cl->sent[r[top.i].id];
		if ((c = cost(cl, s, n)) > left) {
			heap_pop(h, &nh);
			continue;
		}
		if (top.stamp < n) {
			for (k = top.stamp; k < n; k++) {
				last = &cl->sent[sel[k]];
				if (s->hash == last->hash)
					sim = 1;
				else if (k < CHOSEN_BITS)
					sim = overlap_chosen(
					    has, &s->v, &last->v, k);
				else
					sim = tfidf_overlap(&s->v, &last->v);
				if (sim >= o->redundancy)
					break;
				if (sim > maxsim[top.i])
					maxsim[top.i] = sim;
			}
			if (k < n) {
				heap_pop(h, &nh);
				continue;
			}
			h[0].v = value(cl, s,
			    new_concepts(cl, &wc[r[top.i].id], covered),
			    r[top.i].score, maxsim[top.i], ncov, nscore, n,
			    scaled);
			h[0].stamp = (uint32_t)n;
			sift_down(h, nh, 0);
			continue;
		}
		heap_pop(h, &nh);
		if (update && repeats_seen(cl, s))
			continue;
		if (n < CHOSEN_BITS)
			for (k = 0; k < s->v.n; k++)
				has[s->v.term[k]] |= (uint16_t)(1u << n);
		sel[n++] = r[top.i].id;
		left -= c;
		for (w = &wc[r[top.i].id], k = 0; k < w->n; k++)
			covered[w->c[k]] = 1;
	}
	if (!update && n > 0) {
		/* The pool's chosen ones, by a mark on each chosen sentence,
		 * not each of the pool compared with each chosen. */
		if ((chosen = arena_calloc(cl->arena, cl->nsent, 1)) == NULL)
			return SUMM_ENOMEM;
		for (k = 0; k < n; k++)
			chosen[sel[k]] = 1;
		for (i = 0; i < np; i++)
			in[i] = chosen[pool[i]];
		for (i = 0; i < n; i++)
			for (w = &wc[sel[i]], k = 0; k < w->n; k++)
				cnt[w->c[k]]++;
		if ((rc = swap_improve(cl, pool, np, sel, n, left, ncov, nscore,
			 cnt, in, wc)) != 0)
			return rc;
		n = best_single(
		    cl, r, nr, sel, n, ncov, nscore, cnt, whole, wc);
	}
	*out = sel;
	*nout = n;
	return 0;
}
