/*
 * clusters.h: the stored-cluster routes (/v1/clusters..., /v1/idf) over
 * the store, with a cache of summaries. Runs on worker threads: no
 * libevent here. Path parsing is pure and also serves the loop thread.
 */
#ifndef CLUSTERS_H
#define CLUSTERS_H

#include <stddef.h>
#include <stdint.h>

#include "api.h"
#include "store.h"

#define CLUSTER_NAME_MAX 64
#define DOCUMENT_ID_MAX  256

enum cl_route {
	CL_NONE = 0, /* not a route of ours */
	CL_LIST,     /* /v1/clusters */
	CL_CLUSTER,  /* /v1/clusters/{cluster} */
	CL_DOCUMENT, /* /v1/clusters/{cluster}/documents/{id} */
	CL_SUMMARY,  /* /v1/clusters/{cluster}/summary */
	CL_IDF,      /* /v1/idf */
};

enum cl_method { CL_GET, CL_PUT, CL_POST, CL_DELETE };

struct cl_request {
	enum cl_route route;
	enum cl_method method;
	char cluster[CLUSTER_NAME_MAX + 1];
	char id[DOCUMENT_ID_MAX + 1];
	const char *body;
	size_t len;
	const char *if_none_match; /* the header, or NULL */
	struct api_limits limits;
	uint64_t settings; /* clusters_settings() when limits were taken */
};

struct clusters;

/*
 * Which route path names, filling r->cluster and r->id. A path under
 * /v1/clusters/ with a name or id that is not allowed is still ours:
 * *bad names the part at fault ("cluster" or "id") for a 400.
 */
enum cl_route clusters_route(
    const char *path, struct cl_request *r, const char **bad);
/* The methods a route allows, for 405's Allow header. */
const char *clusters_allow(enum cl_route route);
int clusters_allows(enum cl_route route, enum cl_method m);

int clusters_new(struct store *st, struct clusters **out);
void clusters_free(struct clusters *c);
/* Drop every cached summary (the limits that judged them have changed);
 * the cache's lock is held only while entries are freed. */
void clusters_forget(struct clusters *c);
/* Which limits are in force: moved on by each clusters_forget. A request
 * carries the value its limits were taken with. */
uint64_t clusters_settings(struct clusters *c);
/* Answer one request; out->status 0 only when out of memory. */
void clusters_handle(
    struct clusters *c, const struct cl_request *r, struct api_reply *out);
/* The learned IDF for a one-shot summary: fills lim's idf fields, and
 * returns what to give back with clusters_idf_release (NULL: none). */
struct store_idf *clusters_idf_acquire(
    struct clusters *c, struct api_limits *lim);
void clusters_idf_release(struct clusters *c, struct store_idf *snap);
/* Count a one-shot request's articles into the learned IDF (an
 * api_limits.learn callback; arg is the clusters). */
void clusters_learn(void *arg, const struct summ_doc *docs, size_t n);

#endif
