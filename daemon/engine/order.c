/*
 * order.c: the order in which chosen sentences are shown. Chronological
 * order puts dated articles first, oldest first; undated ones follow in
 * the order given; within an article, sentences keep their order. When no
 * article is dated the best sentence leads.
 */
#include <stdlib.h>

#include "cluster.h"

/* qsort has no context argument in C11: a comparator per order. */
struct keyed {
	int64_t date;
	int dated;
	double score;
	uint32_t doc, index, id;
};

static int
cmp_position(const struct keyed *x, const struct keyed *y)
{
	if (x->doc != y->doc)
		return x->doc < y->doc ? -1 : 1;
	return (x->index > y->index) - (x->index < y->index);
}

static int
cmp_chrono(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->dated != y->dated)
		return x->dated ? -1 : 1;
	if (x->dated && x->date != y->date)
		return x->date < y->date ? -1 : 1;
	return cmp_position(x, y);
}

static int
cmp_score(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return cmp_position(x, y);
}

static int
cmp_input(const void *a, const void *b)
{
	return cmp_position(a, b);
}

/*
 * Undated articles give no time line, only the order they came in; the
 * summary then opens with its best sentence, the one most central to the
 * cluster, which is the event itself, and the rest follow in input order.
 */
static void
lede_first(const struct cluster *cl, uint32_t *ids, size_t n)
{
	size_t i, best = 0;
	uint32_t id;

	for (i = 1; i < n; i++)
		if (cl->sent[ids[i]].score > cl->sent[ids[best]].score)
			best = i;
	id = ids[best];
	for (i = best; i > 0; i--)
		ids[i] = ids[i - 1];
	ids[0] = id;
}

int
order_sentences(struct cluster *cl, uint32_t *ids, size_t n)
{
	struct keyed *k;
	const struct sent *s;
	size_t i;
	int dated = 0;
	int (*cmp)(const void *, const void *);

	if (n < 2)
		return 0;
	if ((k = arena_calloc(cl->arena, n, sizeof(*k))) == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i < n; i++) {
		s = &cl->sent[ids[i]];
		k[i].date = cl->docs[s->doc].date;
		k[i].dated = k[i].date != SUMM_NO_DATE;
		k[i].score = s->score;
		k[i].doc = s->doc;
		k[i].index = s->index;
		k[i].id = ids[i];
	}
	/* Whether the request dates its documents, not whether the chosen
	 * sentences' are dated: a dated article that gave no sentence still
	 * makes the order a timeline, undated ones after it. */
	for (i = 0; i < cl->ndocs && !dated; i++)
		dated = cl->docs[i].date != SUMM_NO_DATE;
	switch (cl->opts->order) {
	case SUMM_ORDER_SCORE:
		cmp = cmp_score;
		break;
	case SUMM_ORDER_INPUT:
		cmp = cmp_input;
		break;
	default:
		cmp = cmp_chrono;
		break;
	}
	qsort(k, n, sizeof(*k), cmp);
	for (i = 0; i < n; i++)
		ids[i] = k[i].id;
	if (cmp == cmp_chrono && !dated)
		lede_first(cl, ids, n);
	return 0;
}
