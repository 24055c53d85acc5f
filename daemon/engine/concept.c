/*
 * concept.c: the concepts a summary can cover, after Gillick and Favre's
 * concept ILP: pairs of adjacent words, stems compared (a stopword may be
 * one of the two, not both), each weighted by how many articles of the
 * cluster carry it. A
 * fact that several outlets report is a concept with a high weight; once a
 * chosen sentence covers it, repeating it is worth nothing.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define CONCEPT_MIN_DF 2 /* a pair in one article only is no shared fact */
/*
 * With a query, a concept's weight grows by this much times the query
 * cosine of the most relevant sentence that carries it (times w_query):
 * the facts told where the question is answered count most. 6 until the
 * centrality score counted what several reports tell; with it, 4 and 5
 * beside select.c's longer length floor do best (docs/QUALITY.md).
 */
#define CONCEPT_QUERY_GAIN 4.0

#define FIRST_MAX 30 /* rank 30 and later, or never a candidate */

#define PAIRS_MIN         64
#define PAIRS_AHEAD       8
#define PAIRS_NEAR        (1u << 16) /* slots: 256 KiB, in cache (below) */
#define PAIRS_PRESIZE_MAX (1u << 20)

int
concept_init(struct cluster *cl, size_t expect)
{
	struct pairs *p = &cl->bigrams;
	size_t n = PAIRS_MIN;

	/* Sized once for what is expected, at most three quarters full. */
	while (n / 4 * 3 < expect && n < PAIRS_PRESIZE_MAX)
		n *= 2;
	memset(p, 0, sizeof(*p));
	p->mask = n - 1;
	p->shift = 64 - (unsigned)__builtin_ctzll(n);
	/* The keys, marks and counts by id for as many as the table holds
	 * before it grows: arrays grown by doubling would be copied each
	 * step. Each is written as its concept is made, so not cleared
	 * here. */
	p->cap = n / 4 * 3;
	if ((p->slot = arena_calloc(
		 cl->arena, p->mask + 1, sizeof(*p->slot))) == NULL ||
	    (p->key = arena_alloc(cl->arena, p->cap * sizeof(*p->key))) ==
		NULL ||
	    (p->mark = arena_alloc(cl->arena, p->cap * sizeof(*p->mark))) ==
		NULL ||
	    (p->df = arena_alloc(cl->arena, p->cap * sizeof(*p->df))) == NULL ||
	    (p->sf = arena_alloc(cl->arena, p->cap * sizeof(*p->sf))) == NULL ||
	    (p->first = arena_alloc(cl->arena, p->cap * sizeof(*p->first))) ==
		NULL)
		return SUMM_ENOMEM;
	return 0;
}

/* The home slot of key k: the top bits of a product (Fibonacci hashing),
 * which each bit of k moves, in a multiply and a shift. */
static size_t
pair_home(const struct pairs *p, uint64_t k)
{
	return (size_t)((k * 0x9e3779b97f4a7c15ULL) >> p->shift);
}

static void
pair_prefetch(const struct pairs *p, const uint32_t *ids)
{
	__builtin_prefetch(
	    &p->slot[pair_home(p, (uint64_t)ids[0] << 32 | ids[1])]);
}

/*
 * Room for more concepts: the arrays by id twice as long, and the table
 * twice as large, every id placed again. The room in the arrays (cap) is
 * three quarters of the table's slots, so that the table is never fuller;
 * it grows with them, before a sentence that could make more concepts
 * than they have room for. SUMM_ELIMIT past the ids a slot can hold.
 */
static __attribute__((noinline)) int
pairs_grow(struct cluster *cl)
{
	struct pairs *p = &cl->bigrams;
	size_t ncap = p->cap * 2, n = (p->mask + 1) * 2, i;
	uint32_t *slot, id;

	if (p->cap >= UINT32_MAX - 1)
		return SUMM_ELIMIT;
	ncap = ncap < UINT32_MAX - 1 ? ncap : UINT32_MAX - 1;
	/* Out of memory the request fails, its arena freed whole: no array
	 * is kept from the old. */
	p->key = arena_grow(cl->arena, p->key, p->cap, ncap, sizeof(*p->key));
	p->mark =
	    arena_grow(cl->arena, p->mark, p->cap, ncap, sizeof(*p->mark));
	p->df = arena_grow(cl->arena, p->df, p->cap, ncap, sizeof(*p->df));
	p->sf = arena_grow(cl->arena, p->sf, p->cap, ncap, sizeof(*p->sf));
	p->first =
	    arena_grow(cl->arena, p->first, p->cap, ncap, sizeof(*p->first));
	slot = arena_calloc(cl->arena, n, sizeof(*slot));
	if (p->key == NULL || p->mark == NULL || p->df == NULL ||
	    p->sf == NULL || p->first == NULL || slot == NULL)
		return SUMM_ENOMEM;
	p->cap = ncap;
	p->slot = slot;
	p->mask = n - 1;
	p->shift--;
	for (id = 0; id < p->count; id++) {
		for (i = pair_home(p, p->key[id]); slot[i] != 0;
		     i = (i + 1) & p->mask)
			;
		slot[i] = id + 1;
	}
	return 0;
}

/* The concept id of a pair, a new one if it is new, for which there is
 * room (the caller makes it). A table of its own, not a dict: the key is
 * one integer, compared without a call. A new one is counted here as seen
 * once, in the sentence marked mark, with rank for its first rank, and
 * *made set: what the caller would count for it is known without reading
 * its counts back. Inline in both loops of read_pairs, which gcc would
 * not do by itself: a call a pair costs more than most probes. */
static inline __attribute__((always_inline)) uint32_t
pair_intern(
    struct pairs *p, uint64_t key, uint32_t mark, uint32_t rank, int *made)
{
	uint32_t id;
	size_t i;

	for (i = pair_home(p, key); p->slot[i] != 0; i = (i + 1) & p->mask)
		if (p->key[p->slot[i] - 1] == key)
			return p->slot[i] - 1;
	id = (uint32_t)p->count++;
	p->key[id] = key;
	p->mark[id] = mark;
	p->df[id] = p->sf[id] = 1;
	p->first[id] = rank;
	p->slot[i] = id + 1;
	*made = 1;
	return id;
}

/*
 * The concepts of the sentence marked mark, of first rank rank, in the
 * article whose first sentence is first: its pairs ids[0, n) read into
 * t, their concepts written to bg; returns how many. Made twice, with far
 * a constant: a table near (below PAIRS_NEAR slots, the common case) is
 * not prefetched, and the loop tests nothing for it.
 */
static inline __attribute__((always_inline)) size_t
read_pairs(struct pairs *p, const uint32_t *ids, size_t n, uint32_t *bg,
    uint32_t mark, uint32_t rank, uint32_t first, int far)
{
	size_t i, m = 0;
	uint32_t id;
	int made;

	for (i = 0; far && i + 1 < n && i < PAIRS_AHEAD; i++)
		pair_prefetch(p, ids + i);
	for (i = 0; i + 1 < n; i++) {
		if (far && i + PAIRS_AHEAD + 1 < n)
			pair_prefetch(p, ids + i + PAIRS_AHEAD);
		/* A pair of stopwords ("of the") is no concept. */
		if (ids[i] == ids[i + 1] || (ids[i] & ids[i + 1] & TERMS_STOP))
			continue;
		made = 0;
		id = pair_intern(
		    p, (uint64_t)ids[i] << 32 | ids[i + 1], mark, rank, &made);
		if (made) {
			bg[m++] = id;
			continue;
		}
		/* Once a sentence: marked with its number, not sorted. */
		if (p->mark[id] == mark)
			continue;
		/* A new article for it if its last sentence was before this
		 * article's first (sentences come article by article). */
		p->df[id] += p->mark[id] <= first;
		p->sf[id]++;
		if (rank < p->first[id])
			p->first[id] = rank;
		p->mark[id] = mark;
		bg[m++] = id;
	}
	return m;
}

int
concept_sentence(
    struct cluster *cl, const uint32_t *ids, size_t n, struct sent *s)
{
	struct pairs *p = &cl->bigrams, t;
	uint32_t *bg, first = cl->doc[s->doc].first, rank, mark;
	size_t m;
	int rc;

	s->bg = NULL;
	s->nbg = 0;
	if (n < 2)
		return 0;
	if ((bg = arena_alloc(cl->arena, (n - 1) * sizeof(*bg))) == NULL)
		return SUMM_ENOMEM;
	/* Room for the n - 1 concepts the sentence could make, before its
	 * pairs are read: none of them grows the table, which stays where
	 * it is for the loop. */
	while (p->cap - p->count < n - 1)
		if ((rc = pairs_grow(cl)) != 0)
			return rc;
	/* The table's arrays and sizes read from a copy, its count written
	 * back after the loop: in cl, any store of a count could change
	 * them, for all the compiler knows, and each pair would read them
	 * again. */
	t = *p;
	/* The first rank of a concept s makes or finds, and the sentence's
	 * mark, worked out once, not at each pair: the stores of a
	 * concept's counts might change s or cl, for all the compiler
	 * knows. */
	rank = s->cand && s->pos < FIRST_MAX ? s->pos : FIRST_MAX;
	mark = (uint32_t)cl->nsent + 1;
	/* Each pair's slot is fetched PAIRS_AHEAD pairs before it is
	 * looked up, so that the misses of a large table overlap. One of
	 * up to PAIRS_NEAR slots, zeroed for the request, stays in cache
	 * as it is read: its prefetches would cost a hash a pair for
	 * misses it does not have. */
	if (t.mask >= PAIRS_NEAR)
		m = read_pairs(&t, ids, n, bg, mark, rank, first, 1);
	else
		m = read_pairs(&t, ids, n, bg, mark, rank, first, 0);
	cl->bigrams.count = t.count;
	s->bg = bg;
	s->nbg = (uint32_t)m;
	return 0;
}

/* Term id a (0) or b (1) of concept i. */
static uint32_t
pair(const struct cluster *cl, size_t i, int which)
{
	uint64_t k = cl->bigrams.key[i];

	return which == 0 ? (uint32_t)(k >> 32) : (uint32_t)k;
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

/*
 * Without a query a concept weighs what it is expected to be worth to a
 * reader: the number of four human summaries expected to carry it, after
 * a Poisson regression on the 50 DUC 2006 clusters (log of each factor) of
 * how many of the references hold each pair, on what the cluster tells of
 * it: the articles that carry it (the shared fact), how often it is told
 * again within them, how early in an article it first comes, whether one
 * of its words is a stopword ("of Kansas" weighs less than "Kansas City")
 * or a number. Fitted on each half of the clusters alone the factors stay
 * within 0.05 of these. With a query the articles' count times the query
 * gain below (tuned on that mode) does better.
 */
#define MODEL_DF    0.936    /* articles carrying it */
#define MODEL_AGAIN 0.216    /* sentences carrying it, beyond one an article */
#define MODEL_FIRST (-0.291) /* rank of its first candidate sentence */
#define MODEL_STOP  (-0.218) /* one word a stopword */
#define MODEL_NUM   0.181    /* one word a number */

/* Is term t a number: its stem all ASCII digits? */
static int
is_number(const struct cluster *cl, uint32_t t)
{
	const char *w;
	size_t n, i;

	if (t & TERMS_STOP)
		return 0;
	w = terms_stem(&cl->terms, t, &n);
	for (i = 0; i < n; i++)
		if (w[i] < '0' || w[i] > '9')
			return 0;
	return n > 0;
}

/*
 * The model's logarithms are of small counts, the same few for hundreds of
 * concepts: each is worked out once, into memo[x], negative until then
 * (the log of a count of one or more, and log1p of a count, never are).
 */
#define LOG_MEMO 64

struct logs {
	double df[LOG_MEMO], again[LOG_MEMO], first[LOG_MEMO];
};

static double
kept(double *memo, uint32_t x, double (*f)(double))
{
	if (x >= LOG_MEMO)
		return f(x);
	if (memo[x] < 0)
		memo[x] = f(x);
	return memo[x];
}

/* Out of line: the loop over every concept that calls it for a few keeps
 * its registers. */
static __attribute__((noinline)) float
expected(const struct cluster *cl, size_t i, uint32_t df, uint32_t sf,
    uint32_t first, struct logs *l)
{
	uint32_t a = pair(cl, i, 0), b = pair(cl, i, 1);

	return (float)exp(MODEL_DF * kept(l->df, df, log) +
			  MODEL_AGAIN * kept(l->again, sf - df, log1p) +
			  MODEL_FIRST * kept(l->first, first, log1p) +
			  MODEL_STOP * (((a | b) & TERMS_STOP) != 0) +
			  MODEL_NUM * (is_number(cl, a) || is_number(cl, b)));
}

/*
 * The first concept from i on in min articles or more (min above 1), or
 * nb; those before it are in too few to weigh, and their numbers in wid
 * are written 0. Most concepts are in one article: four are passed over at
 * a compare.
 */
static size_t
next_shared(
    const uint32_t *df, uint32_t *wid, size_t i, size_t nb, uint32_t min)
{
#ifdef __SSE2__
	/* Counts of articles are far below 2^31: compared as signed. */
	__m128i below = _mm_set1_epi32((int)min - 1);

	for (; i + 4 <= nb; i += 4) {
		__m128i d =
		    _mm_loadu_si128((const __m128i *)(const void *)(df + i));

		if (_mm_movemask_epi8(_mm_cmpgt_epi32(d, below)) != 0)
			break;
		_mm_storeu_si128(
		    (__m128i *)(void *)(wid + i), _mm_setzero_si128());
	}
#endif
	for (; i < nb && df[i] < min; i++)
		wid[i] = 0;
	return i;
}

/*
 * Without a query, each concept in min articles or more weighed by the
 * model, and its number written to cl->wid (0 for one that counts for
 * nothing: the array is not cleared first). Out of line, so that its loop
 * over every concept, most in one article and passed over at a compare,
 * keeps its few values in registers. Returns how many are weighed.
 */
static __attribute__((noinline)) size_t
weigh_model(struct cluster *cl, uint32_t min)
{
	const struct pairs *p = &cl->bigrams;
	const uint32_t *df = p->df;
	uint32_t *wid = cl->wid;
	float *bgw = cl->bgw, v;
	size_t nb = p->count, i, nw = 0;
	struct logs logs;

	for (i = 0; i < LOG_MEMO; i++)
		logs.df[i] = logs.again[i] = logs.first[i] = -1;
	/* In locals: the calls could change cl, for all the compiler
	 * knows, and each turn would read its arrays again. */
	for (i = 0; i < nb; i++) {
		if (min > 1 && (i = next_shared(df, wid, i, nb, min)) == nb)
			break;
		wid[i] = 0;
		if (df[i] < min)
			continue;
		v = expected(cl, i, df[i], p->sf[i], p->first[i], &logs);
		if (v != 0) {
			bgw[nw++] = v;
			wid[i] = (uint32_t)nw;
		}
	}
	return nw;
}

int
concept_weigh(struct cluster *cl)
{
	const struct pairs *p = &cl->bigrams;
	size_t nb = p->count, i, nw = 0;
	uint32_t k, b, min;
	const struct sent *s;
	float *rel, r, v;
	double w = cl->opts->w_query;

	/* What weighs a concept: with a query its best sentence's relevance,
	 * without one what the model reads (articles, sentences, first rank,
	 * counted as the sentences were read). */
	cl->wid = arena_alloc(cl->arena, (nb + 1) * sizeof(*cl->wid));
	cl->bgw = arena_alloc(cl->arena, (nb + 1) * sizeof(*cl->bgw));
	if (cl->wid == NULL || cl->bgw == NULL)
		return SUMM_ENOMEM;
	/* In a cluster of one or two articles every pair counts. */
	min = cl->ndocs >= 3 ? CONCEPT_MIN_DF : 1;
	if (cl->query.n == 0) {
		cl->nweighed = weigh_model(cl, min);
		return 0;
	}
	if ((rel = arena_calloc(cl->arena, nb + 1, sizeof(*rel))) == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i < cl->nsent; i++) {
		s = &cl->sent[i];
		r = (float)tfidf_cosine(&s->v, &cl->query);
		for (k = 0; k < s->nbg; k++) {
			b = s->bg[k];
			if (r > rel[b])
				rel[b] = r;
		}
	}
	/* Each concept's number is written here, 0 for one that counts for
	 * nothing: the array is not cleared first. */
	for (i = 0; i < nb; i++) {
		v = 0;
		if (in_query(cl, pair(cl, i, 0)) ||
		    in_query(cl, pair(cl, i, 1))) {
			/* A concept that names a query term counts more,
			 * even in one article; */
			v = (float)(p->df[i] * (1 + w));
		} else if (p->df[i] >= min) {
			/* one told beside it, by how relevant its best
			 * sentence is. */
			v = (float)(p->df[i] *
				    (1 + CONCEPT_QUERY_GAIN * w * rel[i]));
		}
		cl->wid[i] = 0;
		if (v != 0) {
			cl->bgw[nw++] = v;
			cl->wid[i] = (uint32_t)nw;
		}
	}
	cl->nweighed = nw;
	return 0;
}
