/*
 * store.h: stored clusters and the learned IDF model, in one SQLite
 * database (summd.db) in the state directory. Every call is one
 * transaction, made durable before it returns (WAL, synchronous=FULL).
 * Safe from any thread: calls are serialized on the store's lock. No
 * libevent here; the loop thread never calls in.
 */
#ifndef STORE_H
#define STORE_H

#include <stddef.h>
#include <stdint.h>

#include "summ.h"

#define STORE_SCHEMA 3 /* the schema version this summd writes */

enum store_rc {
	STORE_OK = 0,
	STORE_NOTFOUND = -1,      /* no such cluster or document */
	STORE_MAX_CLUSTERS = -2,  /* a new cluster would pass max_clusters */
	STORE_MAX_DOCUMENTS = -3, /* a new article would pass the cap */
	STORE_FULL = -4,          /* the database would pass max_bytes */
	STORE_EIO = -5,           /* SQLite failed; logged */
	STORE_ENOMEM = -6,
	STORE_NOSPACE = -7,   /* the state directory's file system is full */
	STORE_TOO_LARGE = -8, /* texts over the caller's cap */
	STORE_BUSY = -9,      /* locked by another process past the timeout */
};

struct store_limits {
	size_t max_clusters;
	size_t max_documents;       /* per cluster */
	uint64_t max_bytes;         /* of the database */
	uint64_t idf_min_documents; /* learned IDF in use from this many */
	unsigned idf_refresh;       /* seconds between rebuilds of the model */
};

/* One stored article. Strings are malloc'd and NUL-terminated. */
struct store_doc {
	char *id;
	char *title; /* NULL if none */
	char *text;  /* NULL when listing */
	size_t text_len;
	int64_t date;      /* SUMM_NO_DATE if none */
	uint64_t revision; /* the cluster's revision when it was put */
};

struct store_cluster {
	char name[72];
	uint64_t revision;
	size_t ndocs;
	uint64_t bytes;         /* of article text */
	struct store_doc *docs; /* in the order they were added */
};

/* A snapshot of the learned IDF model, shared read-only by summaries. */
struct store_idf {
	struct summ_idf *idf;
	uint64_t snapshot; /* the model's generation when it was built */
	uint64_t documents;
	int refs;
};

struct store;

/*
 * Open (creating if need be) dir/summd.db and bring its schema up to date.
 * On failure err says why, naming the directory or the file.
 */
int store_open(const char *dir, const struct store_limits *lim,
    struct store **out, char *err, size_t errlen);
void store_close(struct store *st);
/* New limits, in effect from the next call that takes the connection; it
 * never waits for a call in progress (the loop thread reloads). */
void store_set_limits(struct store *st, const struct store_limits *lim);
const char *store_strerror(int rc);
/* The database's own random number, made with it (for ETags). */
uint64_t store_id(const struct store *st);

/* Add or replace an article; *created says which. */
int store_put(struct store *st, const char *cluster, const char *id,
    const struct summ_doc *doc, uint64_t *revision, int *created);
int store_remove(
    struct store *st, const char *cluster, const char *id, uint64_t *revision);
int store_drop(struct store *st, const char *cluster);
int store_revision(struct store *st, const char *cluster, uint64_t *revision);
/* A cluster with its articles (texts too if with_text). With max_text,
 * one whose texts hold more bytes is STORE_TOO_LARGE, out->bytes their
 * sum, and none of them is read into memory. */
int store_get(struct store *st, const char *cluster, int with_text,
    uint64_t max_text, struct store_cluster *out);
void store_cluster_free(struct store_cluster *c);
/* One article, with its text; STORE_NOTFOUND if the cluster or the
 * article is not there. Free it with store_doc_free. */
int store_get_doc(struct store *st, const char *cluster, const char *id,
    struct store_doc *out);
void store_doc_free(struct store_doc *d);
/* Every cluster, without articles, by name. */
int store_list(struct store *st, struct store_cluster **out, size_t *n);
void store_list_free(struct store_cluster *c, size_t n);

/* Count articles of a corpus into the model (they cannot be forgotten). */
int store_idf_import(struct store *st, const struct summ_doc *docs, size_t n);
/* The model to summarize with, or NULL while it has seen too few articles
 * (or on error). Give it back with store_idf_release. */
struct store_idf *store_idf_acquire(struct store *st);
void store_idf_release(struct store *st, struct store_idf *idf);
/* The model's size now: documents and distinct terms; and the
 * idf_min_documents in force (0: the model is never used). */
int store_idf_stats(struct store *st, uint64_t *documents, uint64_t *terms,
    uint64_t *generation, uint64_t *min_documents);

#endif
