/*
 * summ.h: the public API of libsumm, summd's extractive multi-document
 * summarizer. The library does no I/O and is safe to call from many threads
 * at once on distinct inputs. What it keeps between calls changes no
 * result: the stopword lists, built once, and each calling thread's memo
 * of Snowball stems (32,768 words, 2 MiB, outside max_memory, freed when
 * the thread ends).
 */
#ifndef SUMM_H
#define SUMM_H

#include <stddef.h>
#include <stdint.h>

#define SUMM_VERSION "0.1.0"

/* Errors: every function returns 0 or one of these. */
#define SUMM_OK      0
#define SUMM_ENOMEM  -1 /* out of memory, or over the memory cap */
#define SUMM_EINVAL  -2 /* bad argument or option */
#define SUMM_EUTF8   -3 /* a document is not valid UTF-8 */
#define SUMM_EEMPTY  -4 /* no documents, or nothing summarizable */
#define SUMM_ELIMIT  -5 /* input larger than the library can index */
#define SUMM_EBUDGET -6 /* the length asked for fits no sentence */
#define SUMM_ETIME   -7 /* the deadline passed */

const char *summ_strerror(int code);

/* Where a call failed: which document and byte, and why, in words. */
struct summ_error {
	int code;
	size_t doc;    /* document index, or SIZE_MAX if none applies */
	size_t offset; /* byte offset in that document, or SIZE_MAX */
	char message[160];
};

#define SUMM_NO_DATE INT64_MIN

/* One article. Only text is required; strings carry their lengths. */
struct summ_doc {
	const char *text;
	size_t text_len;
	const char *title; /* optional: a headline known to the caller */
	size_t title_len;
	int64_t date; /* seconds since the epoch, or SUMM_NO_DATE */
	/* The reader has seen this article (an update summary): it still
	 * weighs terms and concepts, but none of its sentences is chosen,
	 * nor any sentence that repeats one of them, and the concepts it
	 * carries are worth nothing more. */
	int seen;
};

enum summ_unit {
	SUMM_SENTENCES = 0,
	SUMM_WORDS,
	SUMM_BYTES,
	SUMM_RATIO, /* a fraction of the cluster's candidate sentences */
};

enum summ_order {
	/* Article date, then input order, then position; when no article
	 * is dated, the best sentence first and the rest in input order. */
	SUMM_ORDER_CHRONOLOGICAL = 0,
	SUMM_ORDER_SCORE,
	SUMM_ORDER_INPUT,
};

/*
 * A background IDF model: document frequencies of terms over a corpus that
 * is not the cluster being summarized. Build it once and share it read-only
 * between calls (summ_run never writes to it).
 */
struct summ_idf;

int summ_idf_new(struct summ_idf **out);
void summ_idf_free(struct summ_idf *idf);
/* Count the distinct terms of one article (tokenized as summ_run does). */
int summ_idf_add_text(struct summ_idf *idf, const char *text, size_t len);
/* Add df to a term given already normalized and stemmed, and documents. */
int summ_idf_add_term(
    struct summ_idf *idf, const char *term, size_t len, uint64_t df);
void summ_idf_add_docs(struct summ_idf *idf, uint64_t ndocs);
uint64_t summ_idf_docs(const struct summ_idf *idf);
/* Visit every term; stops early and returns what fn returns if non-zero. */
int summ_idf_foreach(const struct summ_idf *idf,
    int (*fn)(const char *term, size_t len, uint64_t df, void *arg), void *arg);

struct summ_opts {
	enum summ_unit unit;
	double amount; /* sentences, words or bytes (whole), or a ratio */
	enum summ_order order;
	const char *query; /* optional focus; NULL for a generic summary */
	size_t query_len;
	/* ISO 639-1 code of every document's language, or NULL (or "auto")
	 * to detect each document's own. */
	const char *language;
	const struct summ_idf *idf; /* optional background IDF */

	/* Feature weights of the sentence score. Position (an article's
	 * first sentences first, as in MEAD) is 0 unless set: on news
	 * clusters the lead sentences of every article tell the same fact,
	 * and a bonus for them cost ROUGE on the development set. */
	double w_centroid;
	double w_centrality;
	double w_position;
	double w_title;
	double w_query;

	/* Two sentences whose sets of terms overlap this much (cosine) are
	 * the same fact: never both chosen. */
	double redundancy;
	/* How much a sentence's overlap with those chosen counts against it
	 * (maximal marginal relevance). */
	double diversity;
	/* The share of a sentence's value that is the weight of the concepts
	 * (term bigrams shared by articles) it adds to the summary; the rest
	 * is its score. 0 selects by score alone; negative (the default):
	 * 0.65, or 0.6 with a query. */
	double coverage;
	/* Value is divided by cost^cost_scale under a words or bytes budget;
	 * negative (the default): 0.4, or 0.5 with a query. */
	double cost_scale;
	/* The share of its score a sentence loses when it leans on the one
	 * before it ("He said ...", "This comes as ..."). */
	double dependent;
	/* Sentences with fewer words than this are never chosen. */
	unsigned min_words;
	/* Memory the call may take, in bytes; 0 for no cap. */
	size_t max_memory;
	/* Give up with SUMM_ETIME after this CLOCK_MONOTONIC time (ns since
	 * its epoch); 0 for none. The clock is read, never waited on. */
	uint64_t deadline;
};

/* Fill opts with the tuned defaults (5 sentences, chronological). */
void summ_opts_init(struct summ_opts *opts);

/* Every feature's value for a sentence, each in [0, 1]. */
struct summ_features {
	double centroid;
	double centrality;
	double position;
	double title;
	double query;
};

/* One chosen sentence: text[offset, offset + length) of documents[doc]. */
struct summ_sentence {
	size_t doc;
	size_t index; /* sentence index within its document */
	size_t offset;
	size_t length;
	size_t words;
	double score;
	struct summ_features features;
};

struct summ_stats {
	size_t documents;
	size_t sentences;  /* all sentences found */
	size_t candidates; /* sentences that could be chosen */
	size_t terms;      /* distinct terms in the cluster */
	size_t edges;      /* similarity graph edges */
	size_t memory;     /* bytes the call took at its peak */
};

struct summ_result;

/*
 * Summarize ndocs documents as one cluster. On success *out holds the
 * result (free it with summ_result_free); on failure *out is untouched and,
 * if err is not NULL, err says what and where.
 */
int summ_run(const struct summ_doc *docs, size_t ndocs,
    const struct summ_opts *opts, struct summ_result **out,
    struct summ_error *err);

size_t summ_result_count(const struct summ_result *res);
/* The language document i was read as, and the summary's (that of most of
 * its sentences; the documents' when it is empty): ISO 639-1 codes. */
const char *summ_result_doc_language(const struct summ_result *res, size_t i);
const char *summ_result_language(const struct summ_result *res);
/* Is code a language the engine knows ("auto" aside)? */
int summ_language_known(const char *code);
/* Has text[0, len) a word, a letter or digit the engine would read? Text
 * without one (white space, punctuation) can never be summarized. */
int summ_has_words(const char *text, size_t len);
/* text[0, len) with each run of white space (any Unicode space or line
 * break) one space, written to out (room for len bytes; out may be text)
 * unless out is NULL; the length either way. */
size_t summ_squeeze(const char *text, size_t len, char *out);
/* A sentence, s[0, len), as a summary shows it, into out (room for len
 * bytes): its tags left out if marked (its document has tags), and
 * Markdown's marks ("[the ministry](https://...)" shows "the ministry"),
 * its entities decoded, its white space squeezed; the length. A words or
 * bytes budget holds for the sentences as shown. */
size_t summ_shown(const char *s, size_t len, int marked, char *out);
const struct summ_sentence *summ_result_sentence(
    const struct summ_result *res, size_t i);
const struct summ_stats *summ_result_stats(const struct summ_result *res);
void summ_result_free(struct summ_result *res);

/*
 * Check that buf is well-formed UTF-8 (no overlong forms, surrogates or
 * code points past U+10FFFF). Returns 0, or SUMM_EUTF8 with the offset of
 * the first bad byte in *bad.
 */
int summ_utf8_check(const char *buf, size_t len, size_t *bad);

#endif
