/*
 * cluster.h: the engine's model of one request, shared by the stages:
 * documents, their sentences with term vectors, and the term statistics.
 * Everything lives in the call's arena.
 */
#ifndef CLUSTER_H
#define CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "summ.h"
#include "arena.h"
#include "dict.h"
#include "terms.h"

enum feature {
	F_CENTROID = 0,
	F_CENTRALITY,
	F_POSITION,
	F_TITLE,
	F_QUERY,
	F_COUNT,
};

/* A sparse vector: term ids ascending, unit length once weighted. */
struct vec {
	uint32_t *term;
	float *w;
	uint32_t n;
};

struct sent {
	uint32_t doc;
	uint32_t index; /* within its document */
	uint32_t pos;   /* rank among its document's candidates */
	size_t off, len;
	uint32_t words;
	size_t shown;  /* words or bytes of it in a summary: the budget's */
	uint64_t hash; /* of its folded words: exact duplicates match */
	int cand;      /* may be chosen */
	int dependent; /* opens with a word that refers back */
	int quoted;    /* opens with a quotation mark */
	struct vec v;
	uint32_t *bg; /* concepts: its distinct term bigrams */
	uint32_t nbg;
	double f[F_COUNT];
	double score;
};

struct cdoc {
	const struct lang *lang; /* detected, or as the caller said */
	struct vec title;        /* empty if the document has none */
	uint32_t first;          /* its first sentence in cluster->sent */
	uint32_t nsent;
	uint32_t ncand;
};

struct cluster {
	struct arena *arena;
	const struct summ_doc *docs;
	const struct summ_opts *opts;
	double coverage, cost_scale; /* opts', or the defaults for the kind */
	size_t ndocs;
	size_t bytes; /* of all the documents' text */
	struct cdoc *doc;
	struct sent *sent;
	size_t nsent, sent_cap, ncand;
	struct terms terms;
	int detect; /* each document's language, from its text */
	int loose;  /* read again without sentence marks (summ.c) */
	int cut;    /* a heading that may be an article cut off was seen */
	const struct lang *lang; /* most documents' (the query's) */
	size_t nterms;
	uint32_t *sf; /* sentences containing each term */
	float *idf;
	double *centroid; /* each term's weights in the sentences, summed */
	struct vec query;
	size_t edges;
	struct pairs {          /* a pair of term ids -> concept id */
		uint64_t *key;  /* by concept id: first << 32 | second */
		uint32_t *mark; /* by concept id: its last sentence + 1 */
		/* By concept id, counted as sentences are read: the articles
		 * and the sentences that carry it, the rank of its first
		 * candidate sentence (FIRST_MAX at most). */
		uint32_t *df, *sf, *first;
		/* Open addressing: concept id + 1, or 0 (empty). The key is
		 * read from key[], so that a slot is four bytes, not
		 * sixteen: the table is zeroed for every request. */
		uint32_t *slot;
		size_t count, cap, mask;
		unsigned shift; /* 64 - log2 of the slots */
	} bigrams;
	/* The concepts of some weight, numbered apart (most pairs are in
	 * one article and weigh 0): wid[c] is concept c's number among them
	 * + 1, 0 if it weighs nothing; bgw[k] is the weight of number k. */
	uint32_t *wid;
	float *bgw;
	size_t nweighed;
};

/* summ.c: SUMM_ETIME once the call's deadline has passed, else 0. */
int cluster_expired(const struct cluster *cl);

/* tfidf.c: weights and vectors; and an ascending sort of ids. */
void sort_u32(uint32_t *a, size_t n);
/* The term counts of ids[0, n) into out; ids are sorted in place. */
int tfidf_vec(struct cluster *cl, uint32_t *ids, size_t n, struct vec *out);
int tfidf_weigh(struct cluster *cl);
double tfidf_cosine(const struct vec *a, const struct vec *b);
/*
 * The cosine of the two sentences' sets of terms, unweighted. Redundancy is
 * judged with it: the words that two reports of one fact share are the
 * topic's own, which IDF from the cluster weighs least.
 */
double tfidf_overlap(const struct vec *a, const struct vec *b);

/* concept.c: term bigrams as the units of information a summary covers. */
/* expect: about how many concepts there will be (a hint). */
int concept_init(struct cluster *cl, size_t expect);
/* The concepts of sentence s (cl->sent[cl->nsent]), once its document,
 * candidacy and rank are set. */
int concept_sentence(
    struct cluster *cl, const uint32_t *ids, size_t n, struct sent *s);
int concept_weigh(struct cluster *cl);

/* graph.c: centroid and LexRank centrality. */
int graph_centroid(struct cluster *cl);
int graph_lexrank(struct cluster *cl);

/* select.c: the summary under the budget, into out[0, *nout). */
int select_sentences(struct cluster *cl, uint32_t **out, size_t *nout);

/* A candidate by its score. */
struct rank {
	double score;
	uint32_t id;
};

/* Sort r[0, n) best score first, ties in their order in r (stable: by id
 * when r is in id order); tmp[0, n) is scratch. */
void rank_sort(struct rank *r, struct rank *tmp, size_t n);

/* order.c */
int order_sentences(struct cluster *cl, uint32_t *ids, size_t n);

#endif
