/*
 * graph.c: how central each sentence is to the cluster. The centroid score
 * (MEAD) is a sentence's similarity to the cluster's mean vector; LexRank is
 * the stationary distribution of a random walk on the sentence similarity
 * graph. The graph is sparse, built from an inverted index: pairs that
 * share no term are never visited, and no n-by-n matrix exists. Both
 * count what the reports share: the centroid weighs a term by how many
 * articles tell it, and the graph links sentences of different articles.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"

#define CENTROID_TERMS  200 /* MEAD keeps only the top centroid words */
#define LEXRANK_MIN_SIM 0.1 /* edges below this cosine are noise */
#define LEXRANK_DAMPING 0.85
/* Power iteration stops when a step moves the scores (L1) less than this:
 * 1e-5 cost more steps for the same dev set ROUGE. */
#define LEXRANK_EPSILON   1e-4
#define LEXRANK_MAX_ITER  100
#define POSTING_MAX       1000 /* a term in more sentences adds no edges */
#define LEXRANK_MAX_LINKS 32   /* edges from a sentence to later ones */
/* Above this many sentences, only each article's most central ones (by
 * the centroid) enter the graph; the development set's clusters, at most
 * a few thousand sentences, are far below it. */
#define LEXRANK_GRAPH_MAX 20000

static void
normalize_feature(struct cluster *cl, enum feature f)
{
	double max = 0;
	size_t i;

	for (i = 0; i < cl->nsent; i++)
		if (cl->sent[i].f[f] > max)
			max = cl->sent[i].f[f];
	if (max <= 0)
		return;
	for (i = 0; i < cl->nsent; i++)
		cl->sent[i].f[f] /= max;
}

/*
 * The k-th largest of a[0, n), k from 0, by quickselect with a three-way
 * partition (ties, such as the many terms of equal weight, do not make it
 * quadratic); a is reordered.
 */
static double
nth_largest(double *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n, i, gt, lt;
	double pivot, t;

	while (hi - lo > 1) {
		pivot = a[lo + (hi - lo) / 2];
		/* a[lo, gt) > pivot, a[gt, i) == pivot, a[lt, hi) < pivot */
		for (gt = lo, i = lo, lt = hi; i < lt;) {
			if (a[i] > pivot) {
				t = a[i];
				a[i++] = a[gt];
				a[gt++] = t;
			} else if (a[i] < pivot) {
				t = a[i];
				a[i] = a[--lt];
				a[lt] = t;
			} else
				i++;
		}
		if (k < gt)
			hi = gt;
		else if (k >= lt)
			lo = lt;
		else
			return pivot;
	}
	return a[k];
}

/*
 * Weigh each term of the centroid by the fourth power of the share of the
 * articles that tell it. A term one article repeats (the name of the
 * family a feature story follows) sums as high as one every report
 * carries, yet only the second is the cluster's topic; the concepts are
 * counted by articles for the same reason. On the development set R-2 is
 * on a plateau from the square to the sixth power (docs/QUALITY.md); the
 * fourth did best over the generic, query and 100-word runs together. A
 * cluster of one article is weighed as before.
 */
static int
centroid_spread(struct cluster *cl)
{
	uint32_t *last, *adf, t, k;
	double share;
	size_t i;
	const struct sent *se;

	last = arena_calloc(cl->arena, cl->nterms + 1, sizeof(*last));
	adf = arena_calloc(cl->arena, cl->nterms + 1, sizeof(*adf));
	if (last == NULL || adf == NULL)
		return SUMM_ENOMEM;
	/* An article's sentences are one run: a term is counted at the
	 * first of its sentences that carries it. */
	for (i = 0; i < cl->nsent; i++) {
		se = &cl->sent[i];
		for (k = 0; k < se->v.n; k++) {
			t = se->v.term[k];
			if (last[t] != se->doc + 1) {
				last[t] = se->doc + 1;
				adf[t]++;
			}
		}
	}
	for (t = 0; t < cl->nterms; t++) {
		share = (double)adf[t] / (double)cl->ndocs;
		share *= share;
		cl->centroid[t] *= share * share;
	}
	return 0;
}

int
graph_centroid(struct cluster *cl)
{
	const double *c;
	double cut = 0, s;
	size_t i, t, above;
	uint32_t k;
	struct sent *se;
	int rc;

	/* The mean vector (unscaled), summed by tfidf_weigh, each term as
	 * far across the cluster as it is told. */
	if (cl->ndocs > 1 && (rc = centroid_spread(cl)) != 0)
		return rc;
	c = cl->centroid;
	/* Keep the CENTROID_TERMS heaviest terms: those above the weight of
	 * the next one, found by selection in linear time. Terms tied with
	 * it are left out, unless they are the heaviest of all. */
	if (cl->nterms > CENTROID_TERMS) {
		double *w, top = 0, sum = 0, mean;
		size_t m = 0;

		if ((w = arena_alloc(cl->arena, cl->nterms * sizeof(*w))) ==
		    NULL)
			return SUMM_ENOMEM;
		for (t = 0; t < cl->nterms; t++) {
			if (c[t] > top)
				top = c[t];
			sum += c[t];
		}
		/* Most terms weigh little: if more than CENTROID_TERMS weigh
		 * the mean or more, the next one is among them, and only they
		 * are searched; else all are. The sum only picks the terms
		 * searched, not the cut. */
		mean = sum / (double)cl->nterms;
		for (t = 0; t < cl->nterms; t++) {
			w[m] = c[t];
			m += c[t] >= mean;
		}
		if (m <= CENTROID_TERMS) {
			memcpy(w, c, cl->nterms * sizeof(*w));
			m = cl->nterms;
		}
		cut = nth_largest(w, m, CENTROID_TERMS);
		above = cut < top;
	} else
		above = 0;
	for (i = 0; i < cl->nsent; i++) {
		se = &cl->sent[i];
		for (k = 0, s = 0; k < se->v.n; k++)
			if (above ? c[se->v.term[k]] > cut
				  : c[se->v.term[k]] >= cut)
				s += se->v.w[k] * c[se->v.term[k]];
		se->f[F_CENTROID] = s;
	}
	normalize_feature(cl, F_CENTROID);
	return 0;
}

struct link {
	float w;
	uint32_t j;
};

static int
cmp_link(const void *a, const void *b)
{
	const struct link *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return (x->j > y->j) - (x->j < y->j);
}

/* Move the k best links (by cmp_link, a total order) to a[0, k), in
 * expected linear time: quickselect, not a sort. */
static void
top_links(struct link *a, size_t n, size_t k)
{
	size_t lo = 0, hi = n, i, store;
	struct link pivot, t;

	while (hi - lo > 1) {
		/* Middle element as pivot, moved to the end. */
		t = a[(lo + hi) / 2];
		a[(lo + hi) / 2] = a[hi - 1];
		a[hi - 1] = t;
		pivot = a[hi - 1];
		for (i = lo, store = lo; i < hi - 1; i++)
			if (cmp_link(&a[i], &pivot) < 0) {
				t = a[i];
				a[i] = a[store];
				a[store++] = t;
			}
		a[hi - 1] = a[store];
		a[store] = pivot;
		if (store == k || store + 1 == k)
			return;
		if (store > k)
			hi = store;
		else
			lo = store + 1;
	}
}

/* An edge from a sentence to a later one, b; the edges of a sentence are
 * together, from row[a] to row[a + 1]. */
struct edge {
	uint32_t b;
	float w;
};

/* Room in e, of n edges, for need in all: asked once a row, not at each
 * edge. */
static int
edge_room(
    struct cluster *cl, struct edge **e, size_t n, size_t need, size_t *cap)
{
	size_t ncap = *cap ? *cap : 1024;

	while (ncap < need)
		ncap *= 2;
	if ((*e = arena_grow(cl->arena, *e, n, ncap, sizeof(**e))) == NULL)
		return SUMM_ENOMEM;
	*cap = ncap;
	return 0;
}

/*
 * The sentences of the LexRank graph, ascending, into ids; their count.
 * All of them, or in a very large cluster each article's k best by the
 * centroid score (k at least one), so that the graph's cost stays near
 * that of LEXRANK_GRAPH_MAX sentences however large the cluster.
 */
static size_t
graph_members(const struct cluster *cl, uint32_t *ids, double *c)
{
	size_t n = cl->nsent, i, d, k, m = 0, taken, len;
	double cut;
	const struct cdoc *doc;

	if (n <= LEXRANK_GRAPH_MAX) {
		for (i = 0; i < n; i++)
			ids[i] = (uint32_t)i;
		return n;
	}
	k = cl->ndocs > 0 ? LEXRANK_GRAPH_MAX / cl->ndocs : 1;
	k = k > 0 ? k : 1;
	for (d = 0; d < cl->ndocs; d++) {
		doc = &cl->doc[d];
		if ((len = doc->nsent) == 0)
			continue;
		for (i = 0; i < len; i++)
			c[i] = cl->sent[doc->first + i].f[F_CENTROID];
		cut = len > k ? nth_largest(c, len, k - 1) : -1;
		for (i = 0, taken = 0; i < len && taken < k; i++)
			if (cl->sent[doc->first + i].f[F_CENTROID] >= cut) {
				ids[m++] = (uint32_t)(doc->first + i);
				taken++;
			}
	}
	return m;
}

/*
 * Is a similarity still +0, its sentence not yet touched? Weights are
 * positive, so a touched sum is above 0 (or +0 for a zero weight, which
 * touches nothing either way): its bits are compared with 0, one integer
 * compare in the innermost loop where a double's needs three instructions
 * more for the unordered case.
 */
static inline int
untouched(const double *a)
{
	uint64_t b;

	memcpy(&b, a, sizeof(b));
	return b == 0;
}

/* A sentence's score beside what flows into it in a step: an edge reads the
 * one and adds to the other at its far end, one cache line for both. */
struct walk {
	double p, in;
};

/* An edge's far end: its place, not its index, which the power iteration
 * would scale and add to r at every edge of every step (in a struct, as
 * clang-tidy takes an array of struct pointers for a wrong sizeof). */
struct hop {
	struct walk *to;
};

/* An edge's part of a step: what flows out to its far end, added there,
 * and what flows back, returned. */
static inline double
flow(const struct hop *h, double pi, double fwd, double back)
{
	h->to->in += pi * fwd;
	return h->to->p * back;
}

/*
 * One step of the damped power iteration over the n sentences' walk r, the
 * edges of i from row[i] to row[i + 1]; lost is the mass of the isolated
 * sentences, iso[0, niso) ascending, before the step, and after it.
 * Returns how far the step moved the scores (L1). Out of line, so that its
 * code is the same however the graph's build around it changes: inlined,
 * the loop of steps was split on the deadline's test, and the copy run (no
 * deadline) took an instruction more an edge.
 */
static __attribute__((noinline)) double
walk_step(struct walk *r, size_t n, const size_t *row, const struct hop *to,
    const double *fwd, const double *back, const uint32_t *iso, size_t niso,
    double *lost)
{
	double base = (1 - LEXRANK_DAMPING) / (double)n, spread, v;
	double delta = 0, dangling = 0;
	size_t i, k;

	/* Dangling mass is spread evenly, as in PageRank. */
	spread = *lost / (double)n;
	/*
	 * What flows into i over its edges is summed in a register, not
	 * stored edge by edge. Edges go to later sentences only, so once
	 * i's row is done all that flows into i is in, and no later row
	 * reads i's score: i takes its new score in the same pass. A row
	 * starts where the one before ends: k goes on, not read again.
	 */
	for (i = 0, k = row[0]; i < n; i++) {
		double pi = r[i].p, in = 0;
		size_t end = row[i + 1];

		/* Four edges a turn, then two, then one: a turn's count,
		 * compare and branch shared (a row has some six edges).
		 * Each edge's flow is added to in in the same order. */
		for (; k + 3 < end; k += 4) {
			in += flow(&to[k], pi, fwd[k], back[k]);
			in += flow(&to[k + 1], pi, fwd[k + 1], back[k + 1]);
			in += flow(&to[k + 2], pi, fwd[k + 2], back[k + 2]);
			in += flow(&to[k + 3], pi, fwd[k + 3], back[k + 3]);
		}
		if (k + 1 < end) {
			in += flow(&to[k], pi, fwd[k], back[k]);
			in += flow(&to[k + 1], pi, fwd[k + 1], back[k + 1]);
			k += 2;
		}
		if (k < end) {
			in += flow(&to[k], pi, fwd[k], back[k]);
			k++;
		}
		r[i].in += in;
		v = base + LEXRANK_DAMPING * (r[i].in + spread);
		delta += fabs(v - pi);
		r[i].p = v;
		r[i].in = 0;
	}
	/* Summed in the order the pass would have, without a test of
	 * every sentence's degree in it. */
	for (k = 0; k < niso; k++)
		dangling += r[iso[k]].p;
	*lost = dangling;
	return delta;
}

/* A term of sentence i that later sentences share: their postings, from ..
 * to, and i's own weight of it. */
struct span {
	uint32_t from, to;
	float w;
};

/* Adds x to the sum at a, listing a in touched[n] if x is the first term
 * added to it (see untouched); returns the new count. */
static inline size_t
touch(double **touched, size_t n, double *a, double x)
{
	touched[n] = a;
	n += untouched(a);
	*a += x;
	return n;
}

/*
 * Adds span s's products to the sums of its sentences, listing each sum
 * first touched in touched[n], and returns the new n. No branches: which
 * way they would go is hard to guess, and a wrong guess costs more than a
 * store. The sums listed are of sentences after the span's, fewer than
 * the graph's, so the store one past the count stays inside touched. Four
 * postings a turn, then two, then one, as in walk_step; they are of
 * different sentences.
 */
static inline size_t
add_span(const struct span *s, double *const *pa, const double *pw,
    double **touched, size_t n)
{
	size_t m = s->from, end = s->to;
	double wi = s->w;

	for (; m + 3 < end; m += 4) {
		n = touch(touched, n, pa[m], wi * pw[m]);
		n = touch(touched, n, pa[m + 1], wi * pw[m + 1]);
		n = touch(touched, n, pa[m + 2], wi * pw[m + 2]);
		n = touch(touched, n, pa[m + 3], wi * pw[m + 3]);
	}
	if (m + 1 < end) {
		n = touch(touched, n, pa[m], wi * pw[m]);
		n = touch(touched, n, pa[m + 1], wi * pw[m + 1]);
		m += 2;
	}
	if (m < end)
		n = touch(touched, n, pa[m], wi * pw[m]);
	return n;
}

/* Takes the sum at a, and clears it: listed in keepw and keepa[nkeep] if
 * it is a link's (the store one past the count stays inside them, as in
 * touched); returns the new count. */
static inline size_t
take(double *keepw, double **keepa, size_t nkeep, double *a)
{
	keepw[nkeep] = *a;
	keepa[nkeep] = a;
	nkeep += *a >= LEXRANK_MIN_SIM;
	*a = 0;
	return nkeep;
}

/*
 * The inverted index of the n sentences ids[i]: for each term, its
 * sentences (pa, the places of their sums in acc, which the similarity
 * loop would otherwise work out at every posting) and their weights of it
 * (pw) in sentence order; and for each sentence i, in sp[srow[i],
 * srow[i + 1]) in i's term order, the terms of i that sentences of later
 * articles share, each with the range of their postings. A term too common
 * to add edges (more than POSTING_MAX sentences) gives no span.
 *
 * Only sentences of different articles are linked, when the graph holds
 * two articles or more: a sentence is central for what other reports tell
 * too (Wan 2008 weighs links across documents above those within one).
 * An article's own sentences share its story's words, and a long feature
 * made its own sentences central for them. On the development set generic
 * rose with it at each power of the centroid's article share
 * tried (none, 3 and 4: docs/QUALITY.md). An article's sentences are run
 * together, so the postings of a term in i's article follow i's at once
 * and are skipped by where the span starts, at no cost in the loop.
 *
 * Counts are cl->sf with every sentence in the graph, else counted here.
 * Returns 0 or an error.
 */
static int
build_index(struct cluster *cl, const uint32_t *ids, size_t n, double *acc,
    double ***pap, double **pwp, struct span **spp, size_t **srowp)
{
	size_t nt = cl->nterms, t, i, k, m, npo, arts;
	uint32_t *count, *next, *end, *art, *cross, a;
	double **pa, *pw;
	struct span *sp, *s;
	size_t *srow;
	struct sent *se;

	if (n == cl->nsent)
		count = cl->sf;
	else {
		if ((count = arena_calloc(cl->arena, nt + 1, sizeof(*count))) ==
		    NULL)
			return SUMM_ENOMEM;
		for (i = 0; i < n; i++)
			for (se = &cl->sent[ids[i]], k = 0; k < se->v.n; k++)
				count[se->v.term[k]]++;
	}
	/* A term's postings end at end[t]; next[t] starts there and moves
	 * back over them as they are written last sentence first. A term
	 * too common to add edges ends at 0: no posting is before it, so
	 * it gives no span without a test of its own. */
	next = arena_alloc(cl->arena, (nt + 1) * sizeof(*next));
	end = arena_alloc(cl->arena, (nt + 1) * sizeof(*end));
	/* By term: the article of its last posting written (+ 1, 0 for
	 * none yet), and where the postings of later articles start. */
	art = arena_calloc(cl->arena, nt + 1, sizeof(*art));
	cross = arena_alloc(cl->arena, (nt + 1) * sizeof(*cross));
	if (next == NULL || end == NULL || art == NULL || cross == NULL)
		return SUMM_ENOMEM;
	for (i = 0, arts = 0; i < n; i++)
		arts +=
		    i == 0 || cl->sent[ids[i]].doc != cl->sent[ids[i - 1]].doc;
	for (t = 0, npo = 0; t < nt; t++) {
		npo += count[t];
		next[t] = (uint32_t)npo;
		end[t] = count[t] > POSTING_MAX ? 0 : (uint32_t)npo;
	}
	if (npo >= UINT32_MAX)
		return SUMM_ELIMIT;
	/* As many as the terms of the sentences, already in memory: the
	 * sizes cannot overflow. Written in full before they are read,
	 * so not cleared. sp has a slot more, before the first span: a
	 * term without one is written there or in the slot the next one
	 * takes, and not counted. */
	pa = arena_alloc(cl->arena, (npo + 1) * sizeof(*pa));
	pw = arena_alloc(cl->arena, (npo + 1) * sizeof(*pw));
	sp = arena_alloc(cl->arena, (npo + 1) * sizeof(*sp));
	srow = arena_alloc(cl->arena, (n + 1) * sizeof(*srow));
	if (pa == NULL || pw == NULL || sp == NULL || srow == NULL)
		return SUMM_ENOMEM;
	/* Last sentence first, a sentence's terms last first, so that the
	 * spans fill sp from its end in sentence and term order. */
	s = sp + npo + 1;
	srow[n] = npo + 1;
	for (i = n; i-- > 0;) {
		se = &cl->sent[ids[i]];
		/* With one article, each posting is of a later one. */
		a = arts > 1 ? se->doc + 1 : (uint32_t)i + 1;
		for (k = se->v.n; k-- > 0;) {
			t = se->v.term[k];
			m = --next[t];
			pa[m] = &acc[i];
			pw[m] = se->v.w[k];
			if (art[t] != a) {
				art[t] = a;
				cross[t] = (uint32_t)m + 1;
			}
			s[-1].from = cross[t];
			s[-1].to = end[t];
			s[-1].w = se->v.w[k];
			s -= cross[t] < end[t];
		}
		srow[i] = (size_t)(s - sp);
	}
	*pap = pa;
	*pwp = pw;
	*spp = sp;
	*srowp = srow;
	return 0;
}

int
graph_lexrank(struct cluster *cl)
{
	size_t n = cl->nsent, i, k, m, nedge = 0, ecap = 0;
	size_t *row, *srow, ntouch, nkeep, longest = 0, niso;
	struct link *links;
	struct span *sp, *s, *send;
	uint32_t j, *ids, *iso;
	double *acc, **pa, **touched, **keepa, *deg, *fwd, *back, *scratch, *pw,
	    *keepw, lost, di;
	float w;
	struct walk *r;
	struct hop *to;
	struct edge *e = NULL;
	int rc, it;

	if (n == 0)
		return 0;
	for (i = 0; i < cl->ndocs; i++)
		if (cl->doc[i].nsent > longest)
			longest = cl->doc[i].nsent;
	ids = arena_alloc(cl->arena, n * sizeof(*ids));
	scratch = arena_alloc(cl->arena, (longest + 1) * sizeof(*scratch));
	if (ids == NULL || scratch == NULL)
		return SUMM_ENOMEM;
	/* From here on, i and j are places in the graph, ids[i] sentences. */
	n = graph_members(cl, ids, scratch);
	/* touched, keep, links, row and the walk's scores are written
	 * before they are read, so not cleared; no larger than ids, the
	 * sizes cannot overflow. */
	acc = arena_calloc(cl->arena, n, sizeof(*acc));
	touched = arena_alloc(cl->arena, n * sizeof(*touched));
	deg = arena_calloc(cl->arena, n, sizeof(*deg));
	r = arena_alloc(cl->arena, n * sizeof(*r));
	keepa = arena_alloc(cl->arena, n * sizeof(*keepa));
	keepw = arena_alloc(cl->arena, n * sizeof(*keepw));
	links = arena_alloc(cl->arena, n * sizeof(*links));
	row = arena_alloc(cl->arena, (n + 1) * sizeof(*row));
	if (!acc || !touched || !deg || !r || !keepa || !keepw || !links ||
	    !row)
		return SUMM_ENOMEM;
	if ((rc = build_index(cl, ids, n, acc, &pa, &pw, &sp, &srow)) != 0)
		return rc;

	/*
	 * Similarities of each sentence with the later ones it shares a
	 * term with, from its spans: the postings of its terms that follow
	 * its own, in its terms' order, so that each sum is added up in
	 * the same order as a dot product of the two vectors.
	 */
	for (i = 0, s = sp + srow[0]; i < n; i++) {
		if ((i & 255) == 255 && (rc = cluster_expired(cl)) != 0)
			return rc;
		row[i] = nedge;
		ntouch = 0;
		for (send = sp + srow[i + 1]; s < send; s++)
			ntouch = add_span(s, pa, pw, touched, ntouch);
		/* Kept as doubles and by their sums' places, each rounded
		 * to a float and its sentence told only once known to be
		 * kept: a rounding is one instruction and breaking its
		 * dependency on the register another, a place's index a
		 * subtraction and a shift. Four a turn, as the postings. */
		for (m = 0, nkeep = 0; m + 3 < ntouch; m += 4) {
			nkeep = take(keepw, keepa, nkeep, touched[m]);
			nkeep = take(keepw, keepa, nkeep, touched[m + 1]);
			nkeep = take(keepw, keepa, nkeep, touched[m + 2]);
			nkeep = take(keepw, keepa, nkeep, touched[m + 3]);
		}
		for (; m < ntouch; m++)
			nkeep = take(keepw, keepa, nkeep, touched[m]);
		/* The strongest links only: edges stay linear in sentences
		 * however many share the cluster's common words. Ranked as
		 * floats, the weights the edges keep. */
		if (nkeep > LEXRANK_MAX_LINKS) {
			for (m = 0; m < nkeep; m++) {
				links[m].w = (float)keepw[m];
				links[m].j = (uint32_t)(keepa[m] - acc);
			}
			top_links(links, nkeep, LEXRANK_MAX_LINKS);
			nkeep = LEXRANK_MAX_LINKS;
			for (m = 0; m < nkeep; m++) {
				keepw[m] = links[m].w;
				keepa[m] = &acc[links[m].j];
			}
		}
		if (nedge + nkeep > ecap &&
		    (rc = edge_room(cl, &e, nedge, nedge + nkeep, &ecap)) != 0)
			return rc;
		/* i's degree in a register: it is no later sentence j. */
		for (m = 0, di = deg[i]; m < nkeep; m++) {
			w = (float)keepw[m];
			j = (uint32_t)(keepa[m] - acc);
			e[nedge].b = j;
			e[nedge++].w = w;
			di += w;
			deg[j] += w;
		}
		deg[i] = di;
	}
	row[n] = nedge;
	cl->edges = nedge;

	/* Each edge's share of its ends' degrees, divided once, not in
	 * every iteration. */
	fwd = arena_alloc(cl->arena, (nedge + 1) * sizeof(*fwd));
	back = arena_alloc(cl->arena, (nedge + 1) * sizeof(*back));
	to = arena_alloc(cl->arena, (nedge + 1) * sizeof(*to));
	iso = arena_alloc(cl->arena, n * sizeof(*iso));
	if (fwd == NULL || back == NULL || to == NULL || iso == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i < n; i++)
		for (k = row[i]; k < row[i + 1]; k++) {
			fwd[k] = e[k].w / deg[i];
			back[k] = e[k].w / deg[e[k].b];
			to[k].to = &r[e[k].b];
		}
	/* Damped power iteration; isolated sentences keep the base mass. */
	for (i = 0, niso = 0, lost = 0; i < n; i++) {
		r[i].p = 1.0 / (double)n;
		r[i].in = 0;
		if (deg[i] == 0) {
			iso[niso++] = (uint32_t)i;
			lost += r[i].p;
		}
	}
	for (it = 0; it < LEXRANK_MAX_ITER; it++) {
		if ((rc = cluster_expired(cl)) != 0)
			return rc;
		if (walk_step(r, n, row, to, fwd, back, iso, niso, &lost) <
		    LEXRANK_EPSILON)
			break;
	}
	for (i = 0; i < n; i++)
		cl->sent[ids[i]].f[F_CENTRALITY] = r[i].p;
	normalize_feature(cl, F_CENTRALITY);
	return 0;
}
