/*
 * api.h: the JSON API over the engine. A pure function from request bytes
 * to reply bytes: no libevent, no I/O, no logging, no globals, so that it
 * runs on worker threads and can be fuzzed.
 */
#ifndef API_H
#define API_H

#include <stddef.h>
#include <stdint.h>

#include "summ.h"

struct cJSON;

/* What one request may ask of the daemon. Zero means the default. */
struct api_limits {
	size_t max_documents;       /* documents per request */
	size_t max_doc_bytes;       /* bytes of text per document */
	size_t max_sentences;       /* sentences the length may ask for */
	size_t max_memory;          /* engine memory per request (bytes) */
	const struct summ_idf *idf; /* background IDF, or NULL */
	uint64_t idf_snapshot;      /* its generation, named in answers */
	uint64_t idf_documents;     /* and the articles it counted */
	uint64_t deadline; /* CLOCK_MONOTONIC ns to give up at; 0: none */
	/* Called with a one-shot request's articles once it is answered
	 * 200 (to learn from them), or NULL. */
	void (*learn)(void *arg, const struct summ_doc *docs, size_t n);
	void *learn_arg;
};

#define API_DEFAULT_MAX_DOCUMENTS 1000
#define API_DEFAULT_MAX_DOC_BYTES (1024 * 1024)
#define API_DEFAULT_MAX_SENTENCES 1000
#define API_DEFAULT_MAX_MEMORY    (1024UL * 1024 * 1024)

/* A reply: HTTP status and a JSON body (malloc'd, NUL-terminated). */
struct api_reply {
	int status;
	char *body;
	size_t len;
	/* For the log and /metrics: what the request carried, as far as it
	 * was parsed (0 when the body was not even JSON). */
	size_t documents;
	size_t bytes;  /* of document text, after JSON unescaping */
	char etag[48]; /* sent as ETag when not empty */
};

/*
 * POST /v1/summarize: parse and validate body[0, len), run the engine and
 * serialize the answer, or an error {"error":{"code","message","field"}}
 * with its status (400, 413, 422; 503 past the deadline; 500 for a bug or
 * out of memory). Returns 0 with *out
 * filled, or -1 only if not even an error reply could be allocated.
 */
int api_summarize(const char *body, size_t len, const struct api_limits *lim,
    struct api_reply *out);

/* A stored cluster, read by the caller, to summarize. */
struct api_cluster {
	const char *name;
	uint64_t revision;
	struct summ_doc *docs; /* seen is set from the body's "since" */
	const char *const *ids;
	const uint64_t *revisions; /* the revision each article came in at */
	size_t ndocs;
};

/*
 * POST /v1/clusters/{name}/summary: the options of /v1/summarize, and
 * "since" for an update summary, over c's articles. The answer names the
 * cluster and its revision.
 */
int api_cluster_summary(const char *body, size_t len,
    const struct api_limits *lim, struct api_cluster *c, struct api_reply *out);
/*
 * The options of such a summary checked under lim, nothing run: 0 if
 * they would be taken, 1 with *out the error reply, -1 if not even that
 * could be allocated. A conditional request is judged only once its body
 * would be taken.
 */
int api_cluster_check(const char *body, size_t len,
    const struct api_limits *lim, struct api_reply *out);

/* Articles parsed from a body; strings point into json. */
struct api_docs {
	struct summ_doc *docs;
	const char **ids;
	size_t ndocs;
	size_t bytes;
	void *json;
	char *copy;
};

/*
 * The body of PUT .../documents/{id} ({"text", "title", "date"}; one
 * article), or of POST /v1/idf ({"documents": [...]}, as /v1/summarize
 * takes them). Return 0 with *out to free with api_docs_free, 1 with *err
 * filled (a 4xx), or -1 if not even that could be allocated.
 */
int api_parse_document(const char *body, size_t len,
    const struct api_limits *lim, struct api_docs *out, struct api_reply *err);
int api_parse_corpus(const char *body, size_t len, const struct api_limits *lim,
    struct api_docs *out, struct api_reply *err);
void api_docs_free(struct api_docs *d);

/* An error reply; field may be NULL. Returns 0, or -1 out of memory. */
int api_error(int status, const char *code, const char *message,
    const char *field, struct api_reply *out);

void api_reply_free(struct api_reply *r);

/* Adds key: v to the object o as a JSON integer, every digit of it (cJSON
 * writes numbers past 10^15 with 15 digits). NULL out of memory. */
struct cJSON *api_add_whole(struct cJSON *o, const char *key, uint64_t v);

#endif
