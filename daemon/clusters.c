/*
 * clusters.c: the stored-cluster routes. Each handler runs on a worker,
 * makes its store calls (each one transaction) and builds the reply.
 *
 * A summary is cached under everything that decides it: the cluster, its
 * revision, the learned IDF snapshot and the request body. The same four
 * make its ETag, so a client that has the answer gets a 304 without the
 * engine running, and one that has not gets it from the cache while the
 * cluster is unchanged.
 */
#include <sys/queue.h>
#include <sys/random.h>

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "clusters.h"
#include "log.h"

#define CACHE_ENTRIES 64
#define CACHE_BYTES   (16 * 1024 * 1024)

struct entry {
	TAILQ_ENTRY(entry) lru;
	char cluster[CLUSTER_NAME_MAX + 1];
	uint64_t revision, snapshot, settings;
	char *request; /* the body that asked */
	size_t request_len;
	struct api_reply reply;
};

TAILQ_HEAD(entries, entry);

struct clusters {
	struct store *st;
	pthread_mutex_t lock; /* the cache's */
	struct entries cache; /* most recently used first */
	size_t nentries, bytes;
	uint64_t settings; /* this run's, and its reloads: in summaries' tags */
};

static int
name_char(unsigned char c, int id)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	       (id && c == '~');
}

/* Copy the segment at *p (up to '/' or the end) into out if it is a good
 * name: 1 to max bytes of the allowed characters, not "." or "..". */
static int
segment(const char **p, char *out, size_t max, int id)
{
	const char *s = *p;
	size_t n = 0;

	while (s[n] != '\0' && s[n] != '/') {
		if (n == max || !name_char((unsigned char)s[n], id))
			return -1;
		n++;
	}
	if (n == 0 || (n == 1 && s[0] == '.') ||
	    (n == 2 && s[0] == '.' && s[1] == '.'))
		return -1;
	memcpy(out, s, n);
	out[n] = '\0';
	*p = s + n;
	return 0;
}

enum cl_route
clusters_route(const char *path, struct cl_request *r, const char **bad)
{
	static const char base[] = "/v1/clusters";
	const char *p;
	size_t n;

	*bad = NULL;
	if (path == NULL)
		return CL_NONE;
	if (strcmp(path, "/v1/idf") == 0)
		return CL_IDF;
	if (strncmp(path, base, sizeof(base) - 1) != 0)
		return CL_NONE;
	p = path + sizeof(base) - 1;
	if (*p == '\0')
		return CL_LIST;
	if (*p++ != '/')
		return CL_NONE;
	if (segment(&p, r->cluster, CLUSTER_NAME_MAX, 0) != 0) {
		/* The route the client meant, for the metrics. */
		*bad = "cluster";
		n = strlen(path);
		if (strstr(path + sizeof(base), "/documents/") != NULL)
			return CL_DOCUMENT;
		if (n > 8 && strcmp(path + n - 8, "/summary") == 0)
			return CL_SUMMARY;
		return CL_CLUSTER;
	}
	if (*p == '\0')
		return CL_CLUSTER;
	if (strcmp(p, "/summary") == 0)
		return CL_SUMMARY;
	if (strncmp(p, "/documents/", 11) != 0)
		return CL_NONE;
	p += 11;
	if (segment(&p, r->id, DOCUMENT_ID_MAX, 1) != 0 || *p != '\0') {
		*bad = "id";
		return CL_DOCUMENT;
	}
	return CL_DOCUMENT;
}

const char *
clusters_allow(enum cl_route route)
{
	switch (route) {
	case CL_LIST:
		return "GET, HEAD";
	case CL_CLUSTER:
		return "GET, HEAD, DELETE";
	case CL_DOCUMENT:
		return "GET, HEAD, PUT, DELETE";
	case CL_SUMMARY:
		return "POST";
	case CL_IDF:
		return "GET, HEAD, POST";
	default:
		return "";
	}
}

int
clusters_allows(enum cl_route route, enum cl_method m)
{
	switch (route) {
	case CL_LIST:
		return m == CL_GET;
	case CL_CLUSTER:
		return m == CL_GET || m == CL_DELETE;
	case CL_DOCUMENT:
		return m == CL_GET || m == CL_PUT || m == CL_DELETE;
	case CL_SUMMARY:
		return m == CL_POST;
	case CL_IDF:
		return m == CL_GET || m == CL_POST;
	default:
		return 0;
	}
}

int
clusters_new(struct store *st, struct clusters **out)
{
	struct clusters *c;

	if ((c = calloc(1, sizeof(*c))) == NULL)
		return -1;
	c->st = st;
	/*
	 * Drawn at each start, as each reload moves it on: a summd restarted
	 * with other limits, or another engine, must not answer 304 to a tag
	 * the last run gave for the same cluster, revision and body.
	 */
	if (getrandom(&c->settings, sizeof(c->settings), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(c->settings))
		c->settings = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;
	pthread_mutex_init(&c->lock, NULL);
	TAILQ_INIT(&c->cache);
	*out = c;
	return 0;
}

static void
entry_free(struct entry *e)
{
	free(e->request);
	api_reply_free(&e->reply);
	free(e);
}

void
clusters_forget(struct clusters *c)
{
	struct entry *e;

	if (c == NULL)
		return;
	pthread_mutex_lock(&c->lock);
	while ((e = TAILQ_FIRST(&c->cache)) != NULL) {
		TAILQ_REMOVE(&c->cache, e, lru);
		entry_free(e);
	}
	c->nentries = 0;
	c->bytes = 0;
	/* A tag given under the old limits no longer vouches for an answer
	 * (one they took may now be refused, as too large or too slow). */
	__atomic_add_fetch(&c->settings, 1, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&c->lock);
}

uint64_t
clusters_settings(struct clusters *c)
{
	return __atomic_load_n(&c->settings, __ATOMIC_RELAXED);
}

void
clusters_free(struct clusters *c)
{
	if (c == NULL)
		return;
	clusters_forget(c);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* Set out to a copy of body with status. */
static int
answer(struct api_reply *out, int status, cJSON *root)
{
	char *body;

	if (root == NULL || (body = cJSON_PrintUnformatted(root)) == NULL) {
		cJSON_Delete(root);
		return -1;
	}
	cJSON_Delete(root);
	out->status = status;
	out->body = body;
	out->len = strlen(body);
	return 0;
}

static void
store_error(int rc, const struct cl_request *r, struct api_reply *out)
{
	char msg[400];

	switch (rc) {
	case STORE_NOTFOUND:
		if (r->route == CL_DOCUMENT) {
			snprintf(msg, sizeof(msg),
			    "cluster \"%s\" has no document \"%s\"", r->cluster,
			    r->id);
			api_error(404, "not_found", msg, "id", out);
		} else {
			snprintf(
			    msg, sizeof(msg), "no cluster \"%s\"", r->cluster);
			api_error(404, "not_found", msg, "cluster", out);
		}
		break;
	case STORE_MAX_CLUSTERS:
		api_error(422, "too_many_clusters",
		    "the store holds as many clusters as max_clusters allows",
		    "cluster", out);
		break;
	case STORE_MAX_DOCUMENTS:
		api_error(422, "too_many_documents",
		    "the cluster holds as many documents as "
		    "max_cluster_documents allows",
		    "id", out);
		break;
	case STORE_FULL:
		api_error(422, "store_full",
		    "the database has reached max_store_bytes", NULL, out);
		break;
	case STORE_NOSPACE:
		api_error(507, "disk_full",
		    "the file system of summd's state directory is full", NULL,
		    out);
		break;
	case STORE_BUSY:
		api_error(503, "store_busy",
		    "the database was locked by another process for 5 "
		    "seconds; retry later",
		    NULL, out);
		break;
	case STORE_ENOMEM:
		api_error(500, "internal", "out of memory", NULL, out);
		break;
	default:
		api_error(500, "internal", "the store failed; see the log",
		    NULL, out);
		break;
	}
}

/* FNV-1a over n bytes, continuing from h. */
static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3ULL;
	return h;
}

/* A quoted strong ETag from the parts that decide a summary: the limits
 * it is judged by are r's. The name goes in with its NUL, so that no two
 * (name, body) pairs run together. */
static void
make_etag(const struct clusters *c, const struct cl_request *r,
    uint64_t revision, uint64_t snapshot, char *out, size_t size)
{
	uint64_t h = 0xcbf29ce484222325ULL, db = store_id(c->st);

	h = fnv(h, &db, sizeof(db));
	h = fnv(h, r->cluster, strlen(r->cluster) + 1);
	h = fnv(h, &revision, sizeof(revision));
	h = fnv(h, &snapshot, sizeof(snapshot));
	h = fnv(h, &r->settings, sizeof(r->settings));
	h = fnv(h, r->body, r->len);
	snprintf(out, size, "\"%016" PRIx64 "\"", h);
}

/* Does If-None-Match (a list of tags, or "*" if star) hold tag? */
static int
matches(const char *inm, const char *tag, int star)
{
	size_t n = strlen(tag);
	const char *p;

	if (inm == NULL)
		return 0;
	for (p = inm; *p != '\0';) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return star;
		if (strncmp(p, "W/", 2) == 0)
			p += 2; /* weak comparison, as for GET */
		if (strncmp(p, tag, n) == 0 && (p[n] == '\0' || p[n] == ',' ||
						   p[n] == ' ' || p[n] == '\t'))
			return 1;
		while (*p != '\0' && *p != ',')
			p++;
	}
	return 0;
}

/* 304: no body; the tag already in out stays. */
static void
not_modified(struct api_reply *out)
{
	api_reply_free(out);
	out->status = 304;
}

static int
reply_copy(struct api_reply *out, const struct api_reply *from)
{
	*out = *from;
	if ((out->body = malloc(from->len + 1)) == NULL)
		return -1;
	memcpy(out->body, from->body, from->len + 1);
	return 0;
}

/* A cached summary for this request, copied into out. */
static int
cache_get(struct clusters *c, const struct cl_request *r, uint64_t revision,
    uint64_t snapshot, struct api_reply *out)
{
	struct entry *e;
	int hit = 0;

	pthread_mutex_lock(&c->lock);
	TAILQ_FOREACH(e, &c->cache, lru)
	{
		if (e->revision == revision && e->snapshot == snapshot &&
		    e->settings == r->settings && e->request_len == r->len &&
		    strcmp(e->cluster, r->cluster) == 0 &&
		    memcmp(e->request, r->body, r->len) == 0) {
			TAILQ_REMOVE(&c->cache, e, lru);
			TAILQ_INSERT_HEAD(&c->cache, e, lru);
			hit = reply_copy(out, &e->reply) == 0;
			break;
		}
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

static void
cache_put(struct clusters *c, const struct cl_request *r, uint64_t revision,
    uint64_t snapshot, const struct api_reply *reply)
{
	struct entry *e, *old;

	/* Its request counts too: one over CACHE_BYTES would push out every
	 * entry, then itself. */
	if (reply->len + r->len > CACHE_BYTES / 4 ||
	    (e = calloc(1, sizeof(*e))) == NULL)
		return;
	snprintf(e->cluster, sizeof(e->cluster), "%s", r->cluster);
	e->revision = revision;
	e->snapshot = snapshot;
	e->settings = r->settings;
	e->request_len = r->len;
	if ((e->request = malloc(r->len + 1)) == NULL ||
	    reply_copy(&e->reply, reply) != 0) {
		entry_free(e);
		return;
	}
	memcpy(e->request, r->body, r->len);
	pthread_mutex_lock(&c->lock);
	/* Made under limits a reload has since replaced: of no more use. */
	if (e->settings != c->settings) {
		pthread_mutex_unlock(&c->lock);
		entry_free(e);
		return;
	}
	TAILQ_INSERT_HEAD(&c->cache, e, lru);
	c->nentries++;
	c->bytes += e->reply.len + e->request_len;
	while (c->nentries > CACHE_ENTRIES || c->bytes > CACHE_BYTES) {
		old = TAILQ_LAST(&c->cache, entries);
		TAILQ_REMOVE(&c->cache, old, lru);
		c->nentries--;
		c->bytes -= old->reply.len + old->request_len;
		entry_free(old);
	}
	pthread_mutex_unlock(&c->lock);
}

struct store_idf *
clusters_idf_acquire(struct clusters *c, struct api_limits *lim)
{
	struct store_idf *snap;

	if (c == NULL || (snap = store_idf_acquire(c->st)) == NULL)
		return NULL;
	lim->idf = snap->idf;
	lim->idf_snapshot = snap->snapshot;
	lim->idf_documents = snap->documents;
	return snap;
}

void
clusters_idf_release(struct clusters *c, struct store_idf *snap)
{
	if (c != NULL)
		store_idf_release(c->st, snap);
}

void
clusters_learn(void *arg, const struct summ_doc *docs, size_t n)
{
	struct clusters *c = arg;
	int rc;

	if ((rc = store_idf_import(c->st, docs, n)) != STORE_OK)
		log_warn("learning from a request: %s", store_strerror(rc));
}

static void
summary(struct clusters *c, const struct cl_request *r, struct api_reply *out)
{
	struct api_limits lim = r->limits;
	struct store_cluster sc;
	struct store_idf *snap;
	struct api_cluster ac;
	struct summ_doc *docs = NULL;
	const char **ids = NULL;
	uint64_t *revs = NULL, revision;
	struct cl_request none;
	char msg[200];
	size_t i;
	int rc;

	/* Every option has a default: no body asks for them all. */
	if (r->len == 0) {
		none = *r;
		none.body = "{}";
		none.len = 2;
		r = &none;
	}
	if ((rc = store_revision(c->st, r->cluster, &revision)) != STORE_OK) {
		store_error(rc, r, out);
		return;
	}
	/* A body that would be refused is refused, tag or no tag, and so
	 * is one the limits of now refuse, though an answer was cached. */
	if (api_cluster_check(r->body, r->len, &lim, out) != 0)
		return;
	snap = clusters_idf_acquire(c, &lim);
	make_etag(
	    c, r, revision, lim.idf_snapshot, out->etag, sizeof(out->etag));
	/* Not "*": a summary is a query's answer, not a stored thing that
	 * exists or not; only a tag summd gave for this body matches. */
	if (matches(r->if_none_match, out->etag, 0)) {
		not_modified(out);
		goto out;
	}
	if (cache_get(c, r, revision, lim.idf_snapshot, out))
		goto out;
	/*
	 * The engine needs many times its text's size (some 24 times, for
	 * news), so a cluster whose texts alone pass max_memory is refused
	 * before they are read: reading them took as much memory again as
	 * the store holds, a cap on nothing.
	 */
	if ((rc = store_get(c->st, r->cluster, 1,
		 lim.max_memory > 0 ? lim.max_memory : API_DEFAULT_MAX_MEMORY,
		 &sc)) == STORE_TOO_LARGE) {
		snprintf(msg, sizeof(msg),
		    "cluster \"%s\" holds %" PRIu64 " bytes of text, more "
		    "than the memory cap of %zu bytes",
		    r->cluster, sc.bytes,
		    lim.max_memory > 0 ? lim.max_memory
				       : (size_t)API_DEFAULT_MAX_MEMORY);
		api_error(413, "too_large", msg, NULL, out);
		goto out;
	}
	if (rc != STORE_OK) {
		store_error(rc, r, out);
		goto out;
	}
	/* A write may have come between the two reads: tag what we read. */
	revision = sc.revision;
	docs = calloc(sc.ndocs + 1, sizeof(*docs));
	ids = calloc(sc.ndocs + 1, sizeof(*ids));
	revs = calloc(sc.ndocs + 1, sizeof(*revs));
	if (docs == NULL || ids == NULL || revs == NULL) {
		api_error(500, "internal", "out of memory", NULL, out);
		goto free;
	}
	for (i = 0; i < sc.ndocs; i++) {
		docs[i].text = sc.docs[i].text;
		docs[i].text_len = sc.docs[i].text_len;
		docs[i].title = sc.docs[i].title;
		docs[i].title_len =
		    sc.docs[i].title != NULL ? strlen(sc.docs[i].title) : 0;
		docs[i].date = sc.docs[i].date;
		ids[i] = sc.docs[i].id;
		revs[i] = sc.docs[i].revision;
	}
	ac.name = r->cluster;
	ac.revision = revision;
	ac.docs = docs;
	ac.ids = ids;
	ac.revisions = revs;
	ac.ndocs = sc.ndocs;
	if (api_cluster_summary(r->body, r->len, &lim, &ac, out) != 0)
		goto free;
	make_etag(
	    c, r, revision, lim.idf_snapshot, out->etag, sizeof(out->etag));
	if (out->status == 200)
		cache_put(c, r, revision, lim.idf_snapshot, out);
	else
		out->etag[0] = '\0';
free:
	free(docs);
	free(ids);
	free(revs);
	store_cluster_free(&sc);
out:
	clusters_idf_release(c, snap);
}

/* An article's call failed: if the cluster is not there at all, say
 * that, naming the cluster, not the article. */
static void
not_found_here(struct clusters *c, const struct cl_request *r, int rc,
    struct api_reply *out)
{
	struct cl_request whole = *r;
	uint64_t revision;

	if (rc == STORE_NOTFOUND &&
	    store_revision(c->st, r->cluster, &revision) == STORE_NOTFOUND)
		whole.route = CL_CLUSTER;
	store_error(rc, &whole, out);
}

static void
put_document(
    struct clusters *c, const struct cl_request *r, struct api_reply *out)
{
	struct api_docs d;
	uint64_t revision;
	cJSON *root;
	int rc, created = 0;

	if (api_parse_document(r->body, r->len, &r->limits, &d, out) != 0)
		return;
	rc = store_put(
	    c->st, r->cluster, r->id, &d.docs[0], &revision, &created);
	out->documents = 1;
	out->bytes = d.bytes;
	api_docs_free(&d);
	if (rc != STORE_OK) {
		store_error(rc, r, out);
		return;
	}
	root = cJSON_CreateObject();
	if (root == NULL ||
	    cJSON_AddStringToObject(root, "cluster", r->cluster) == NULL ||
	    cJSON_AddStringToObject(root, "id", r->id) == NULL ||
	    api_add_whole(root, "revision", revision) == NULL ||
	    cJSON_AddBoolToObject(root, "created", created) == NULL) {
		cJSON_Delete(root);
		return;
	}
	answer(out, created ? 201 : 200, root);
}

static void
remove_document(
    struct clusters *c, const struct cl_request *r, struct api_reply *out)
{
	uint64_t revision;
	cJSON *root;
	int rc;

	if ((rc = store_remove(c->st, r->cluster, r->id, &revision)) !=
	    STORE_OK) {
		not_found_here(c, r, rc, out);
		return;
	}
	root = cJSON_CreateObject();
	if (root == NULL ||
	    cJSON_AddStringToObject(root, "cluster", r->cluster) == NULL ||
	    cJSON_AddStringToObject(root, "id", r->id) == NULL ||
	    api_add_whole(root, "revision", revision) == NULL) {
		cJSON_Delete(root);
		return;
	}
	answer(out, 200, root);
}

static void
drop_cluster(
    struct clusters *c, const struct cl_request *r, struct api_reply *out)
{
	cJSON *root;
	int rc;

	if ((rc = store_drop(c->st, r->cluster)) != STORE_OK) {
		store_error(rc, r, out);
		return;
	}
	root = cJSON_CreateObject();
	if (root == NULL ||
	    cJSON_AddStringToObject(root, "cluster", r->cluster) == NULL ||
	    cJSON_AddBoolToObject(root, "dropped", 1) == NULL) {
		cJSON_Delete(root);
		return;
	}
	answer(out, 200, root);
}

static cJSON *
date_string(int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char buf[80]; /* room for any int in each field: no truncation */

	if (t == SUMM_NO_DATE || gmtime_r(&tt, &tm) == NULL)
		return cJSON_CreateNull();
	/* Four digits of year, as RFC 3339 asks and summd reads: strftime's
	 * %Y writes the year 999 as "999". Years 0 to 9999 only come in. */
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
	return cJSON_CreateString(buf);
}

/* An article's id, title, date, bytes and revision into o. */
static int
add_article(cJSON *o, const struct store_doc *d)
{
	return cJSON_AddStringToObject(o, "id", d->id) != NULL &&
	       (d->title != NULL ? cJSON_AddStringToObject(o, "title", d->title)
				 : cJSON_AddNullToObject(o, "title")) != NULL &&
	       cJSON_AddItemToObject(o, "date", date_string(d->date)) &&
	       api_add_whole(o, "bytes", d->text_len) != NULL &&
	       api_add_whole(o, "revision", d->revision) != NULL;
}

/*
 * Tag a GET of what stood at revision rev (kind 'r' a cluster, 'd' an
 * article): the database's number, then the kind and the revision, as in
 * "3f2a9c1er17". True, with out a 304, if the client holds that tag.
 */
static int
unchanged(const struct clusters *c, const struct cl_request *r, char kind,
    uint64_t rev, struct api_reply *out)
{
	snprintf(out->etag, sizeof(out->etag), "\"%08" PRIx32 "%c%" PRIu64 "\"",
	    (uint32_t)store_id(c->st), kind, rev);
	if (!matches(r->if_none_match, out->etag, 1))
		return 0;
	not_modified(out);
	return 1;
}

static void
get_cluster(
    struct clusters *c, const struct cl_request *r, struct api_reply *out)
{
	struct store_cluster sc;
	const struct store_doc *d;
	cJSON *root, *arr, *o;
	size_t i;
	int rc;

	if ((rc = store_get(c->st, r->cluster, 0, 0, &sc)) != STORE_OK) {
		store_error(rc, r, out);
		return;
	}
	if (unchanged(c, r, 'r', sc.revision, out)) {
		store_cluster_free(&sc);
		return;
	}
	root = cJSON_CreateObject();
	if (root == NULL ||
	    cJSON_AddStringToObject(root, "cluster", r->cluster) == NULL ||
	    api_add_whole(root, "revision", sc.revision) == NULL ||
	    api_add_whole(root, "bytes", sc.bytes) == NULL ||
	    (arr = cJSON_AddArrayToObject(root, "documents")) == NULL)
		goto fail;
	for (i = 0; i < sc.ndocs; i++) {
		d = &sc.docs[i];
		if ((o = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(arr, o) || !add_article(o, d))
			goto fail;
	}
	store_cluster_free(&sc);
	answer(out, 200, root);
	return;
fail:
	cJSON_Delete(root);
	store_cluster_free(&sc);
	out->etag[0] = '\0'; /* no tag on the 500 that follows */
}

/*
 * One stored article, text and all: what a summary's offsets point into.
 * Its tag is its revision (a PUT that replaces it moves it on).
 */
static void
get_document(
    struct clusters *c, const struct cl_request *r, struct api_reply *out)
{
	struct store_doc d;
	cJSON *root;
	int rc;

	if ((rc = store_get_doc(c->st, r->cluster, r->id, &d)) != STORE_OK) {
		not_found_here(c, r, rc, out);
		return;
	}
	if (unchanged(c, r, 'd', d.revision, out)) {
		store_doc_free(&d);
		return;
	}
	root = cJSON_CreateObject();
	if (root == NULL ||
	    cJSON_AddStringToObject(root, "cluster", r->cluster) == NULL ||
	    !add_article(root, &d) ||
	    cJSON_AddStringToObject(root, "text", d.text) == NULL) {
		cJSON_Delete(root);
		store_doc_free(&d);
		out->etag[0] = '\0'; /* no tag on the 500 that follows */
		return;
	}
	store_doc_free(&d);
	answer(out, 200, root);
}

static void
list_clusters(
    struct clusters *c, const struct cl_request *r, struct api_reply *out)
{
	struct store_cluster *sc;
	cJSON *root, *arr, *o;
	size_t i, n;
	int rc;

	if ((rc = store_list(c->st, &sc, &n)) != STORE_OK) {
		store_error(rc, r, out);
		return;
	}
	root = cJSON_CreateObject();
	if (root == NULL ||
	    (arr = cJSON_AddArrayToObject(root, "clusters")) == NULL)
		goto fail;
	for (i = 0; i < n; i++)
		if ((o = cJSON_CreateObject()) == NULL ||
		    !cJSON_AddItemToArray(arr, o) ||
		    cJSON_AddStringToObject(o, "cluster", sc[i].name) == NULL ||
		    api_add_whole(o, "revision", sc[i].revision) == NULL ||
		    cJSON_AddNumberToObject(
			o, "documents", (double)sc[i].ndocs) == NULL ||
		    api_add_whole(o, "bytes", sc[i].bytes) == NULL)
			goto fail;
	store_list_free(sc, n);
	answer(out, 200, root);
	return;
fail:
	cJSON_Delete(root);
	store_list_free(sc, n);
}

static void
idf(struct clusters *c, const struct cl_request *r, struct api_reply *out)
{
	struct api_docs d;
	struct store_idf *snap;
	uint64_t docs, terms, gen, min;
	cJSON *root;
	int rc, status = 200;

	if (r->method == CL_POST) {
		if (api_parse_corpus(r->body, r->len, &r->limits, &d, out) != 0)
			return;
		rc = store_idf_import(c->st, d.docs, d.ndocs);
		out->documents = d.ndocs;
		out->bytes = d.bytes;
		api_docs_free(&d);
		if (rc != STORE_OK) {
			store_error(rc, r, out);
			return;
		}
	}
	if ((rc = store_idf_stats(c->st, &docs, &terms, &gen, &min)) !=
	    STORE_OK) {
		store_error(rc, r, out);
		return;
	}
	snap = store_idf_acquire(c->st);
	root = cJSON_CreateObject();
	if (root == NULL ||
	    cJSON_AddNumberToObject(root, "documents", (double)docs) == NULL ||
	    cJSON_AddNumberToObject(root, "terms", (double)terms) == NULL ||
	    cJSON_AddNumberToObject(root, "generation", (double)gen) == NULL ||
	    cJSON_AddBoolToObject(root, "in_use", snap != NULL) == NULL ||
	    (snap != NULL ? cJSON_AddNumberToObject(
				root, "snapshot", (double)snap->snapshot)
			  : cJSON_AddNullToObject(root, "snapshot")) == NULL ||
	    api_add_whole(root, "min_documents", min) == NULL) {
		cJSON_Delete(root);
		root = NULL;
	}
	store_idf_release(c->st, snap);
	answer(out, status, root);
}

void
clusters_handle(
    struct clusters *c, const struct cl_request *r, struct api_reply *out)
{
	memset(out, 0, sizeof(*out));
	switch (r->route) {
	case CL_LIST:
		list_clusters(c, r, out);
		break;
	case CL_CLUSTER:
		if (r->method == CL_DELETE)
			drop_cluster(c, r, out);
		else
			get_cluster(c, r, out);
		break;
	case CL_DOCUMENT:
		if (r->method == CL_PUT)
			put_document(c, r, out);
		else if (r->method == CL_GET)
			get_document(c, r, out);
		else
			remove_document(c, r, out);
		break;
	case CL_SUMMARY:
		summary(c, r, out);
		break;
	case CL_IDF:
		idf(c, r, out);
		break;
	default:
		api_error(404, "not_found", "no such route", NULL, out);
		break;
	}
}
