/*
 * store.c: clusters, articles and document frequencies in SQLite. One
 * connection, used under the store's lock by whichever worker has a
 * request for it; each call is one IMMEDIATE transaction, so a write is
 * either all there after a crash or not at all, and it is acknowledged
 * only after COMMIT returns (WAL with synchronous=FULL: durable across a
 * power cut too, at one fsync a write).
 *
 * Revisions come from one counter for the whole database, so a cluster
 * dropped and made again never repeats a revision it had: a summary
 * cached or tagged under an old revision can never be taken for a new one.
 */
#include <sys/random.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "log.h"
#include "store.h"

struct store {
	sqlite3 *db;
	uint64_t id;          /* this database's, in every ETag */
	ino_t wal;            /* its -wal file's, which it holds open */
	pthread_mutex_t lock; /* the connection's, and lim's */
	struct store_limits lim;
	/*
	 * Limits from a reload, taken into lim by the next thread that takes
	 * lock: the loop thread that reloads never waits for lock, which a
	 * worker may hold through a long write.
	 */
	pthread_mutex_t pend_lock; /* held only to copy pend */
	struct store_limits pend;
	int pending; /* pend is newer than lim; read without a lock */
	/*
	 * The learned IDF in use. Summaries take it under snap_lock alone, so
	 * that a one-shot summary never waits for a write's fsync; the model
	 * is checked against the database at most every idf_refresh seconds,
	 * and only when the connection is free.
	 */
	pthread_mutex_t snap_lock;
	struct store_idf *idf; /* the latest usable snapshot, or NULL */
	time_t idf_checked;
	int idf_on; /* idf_min_documents > 0; read without a lock */
};

/* Schema version i + 1 is what migration[i] makes of version i. */
static const char *const migration[STORE_SCHEMA] = {
    /* 1: clusters and their articles. */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value INTEGER NOT NULL) "
    "WITHOUT ROWID;"
    "INSERT INTO meta VALUES('revision', 0);"
    "CREATE TABLE clusters(name TEXT PRIMARY KEY, revision INTEGER NOT "
    "NULL, created INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE documents(cluster TEXT NOT NULL, id TEXT NOT NULL, "
    "title TEXT, date INTEGER, text TEXT NOT NULL, bytes INTEGER NOT NULL, "
    "revision INTEGER NOT NULL, PRIMARY KEY (cluster, id));"
    "CREATE INDEX documents_by_revision ON documents(cluster, revision);",
    /* 2: the learned IDF model; the articles already stored are counted
     * into it by migrate(). */
    "CREATE TABLE df(term BLOB PRIMARY KEY, n INTEGER NOT NULL) "
    "WITHOUT ROWID;"
    "INSERT INTO meta VALUES('idf_documents', 0), ('idf_generation', 0);",
    /* 3: what lists a cluster or the clusters, in an index that holds
     * all of it: read from the table, each article's columns after its
     * text are reached through the text's pages, so a listing read every
     * text in the store. */
    "CREATE INDEX documents_listed ON documents(cluster, revision, id, "
    "bytes, date, title);"
    "DROP INDEX documents_by_revision;",
};

const char *
store_strerror(int rc)
{
	switch (rc) {
	case STORE_OK:
		return "ok";
	case STORE_NOTFOUND:
		return "not found";
	case STORE_MAX_CLUSTERS:
		return "too many clusters";
	case STORE_MAX_DOCUMENTS:
		return "too many documents in the cluster";
	case STORE_FULL:
		return "the database is full";
	case STORE_ENOMEM:
		return "out of memory";
	case STORE_NOSPACE:
		return "the file system is full";
	case STORE_TOO_LARGE:
		return "too large";
	case STORE_BUSY:
		return "the database is locked by another process";
	default:
		return "database error";
	}
}

/* A SQLite failure as a store error, logged unless it is a limit. */
static int
db_fail(struct store *st, int rc, const char *what)
{
	/*
	 * SQLite says SQLITE_FULL both at max_page_count (max_store_bytes)
	 * and when a write finds no room on the file system; only the
	 * second leaves ENOSPC in errno, which begin() clears.
	 */
	if ((rc & 0xff) == SQLITE_FULL && errno != ENOSPC && errno != EDQUOT)
		return STORE_FULL;
	if ((rc & 0xff) == SQLITE_FULL) {
		log_err("store: %s: %s: the file system is full", what,
		    sqlite3_db_filename(st->db, "main"));
		return STORE_NOSPACE;
	}
	if ((rc & 0xff) == SQLITE_NOMEM)
		return STORE_ENOMEM;
	if ((rc & 0xff) == SQLITE_BUSY) {
		/* Another process's write (a second summd on the directory, a
		 * backup) held it past the busy timeout: it passes. */
		log_warn("store: %s: %s", what, sqlite3_errmsg(st->db));
		return STORE_BUSY;
	}
	log_err("store: %s: %s", what, sqlite3_errmsg(st->db));
	return STORE_EIO;
}

static int
prepare(struct store *st, const char *sql, sqlite3_stmt **out)
{
	int rc;

	if ((rc = sqlite3_prepare_v2(st->db, sql, -1, out, NULL)) != SQLITE_OK)
		return db_fail(st, rc, sql);
	return STORE_OK;
}

/* Run sql, which returns no rows. */
static int
exec(struct store *st, const char *sql)
{
	int rc;

	if ((rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL)) != SQLITE_OK)
		return db_fail(st, rc, sql);
	return STORE_OK;
}

/* Run a one-row, one-integer query with one text parameter (or none). */
static int
query_int(struct store *st, const char *sql, const char *arg, int64_t *out)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = prepare(st, sql, &s)) != STORE_OK)
		return rc;
	if (arg != NULL)
		sqlite3_bind_text(s, 1, arg, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(s, 0);
		rc = STORE_OK;
	} else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = db_fail(st, rc, sql);
	sqlite3_finalize(s);
	return rc;
}

/* Run a statement with up to two text and two integer parameters. */
static int
update(struct store *st, const char *sql, const char *a, const char *b,
    int64_t x, int64_t y)
{
	sqlite3_stmt *s;
	int rc;

	if ((rc = prepare(st, sql, &s)) != STORE_OK)
		return rc;
	/* Parameters ?1 ?2 are text, ?3 ?4 integers; unused ones stay. */
	if (sqlite3_bind_parameter_count(s) >= 1)
		sqlite3_bind_text(s, 1, a, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(s) >= 2)
		sqlite3_bind_text(s, 2, b, -1, SQLITE_STATIC);
	if (sqlite3_bind_parameter_count(s) >= 3)
		sqlite3_bind_int64(s, 3, x);
	if (sqlite3_bind_parameter_count(s) >= 4)
		sqlite3_bind_int64(s, 4, y);
	rc = sqlite3_step(s);
	rc = rc == SQLITE_DONE ? STORE_OK : db_fail(st, rc, sql);
	sqlite3_finalize(s);
	return rc;
}

static int
meta_add(struct store *st, const char *key, int64_t delta)
{
	return update(st, "UPDATE meta SET value = value + ?3 WHERE key = ?1",
	    key, NULL, delta, 0);
}

/*
 * Are summd.db and its -wal still the files the connection has open? One
 * removed (the state directory deleted, a file moved away) takes writes as
 * before, into a file no restart will find: each would be acknowledged
 * and lost. The -wal is SQLite's while any connection has the database
 * open, so it keeps its inode as long as summd runs.
 */
static int
moved(struct store *st)
{
	const char *db = sqlite3_db_filename(st->db, "main"), *what = db;
	struct stat sb;
	int gone = 0;

	if (sqlite3_file_control(
		st->db, "main", SQLITE_FCNTL_HAS_MOVED, &gone) != SQLITE_OK ||
	    !gone) {
		what = sqlite3_filename_wal(db);
		if (st->wal == 0 ||
		    (stat(what, &sb) == 0 && sb.st_ino == st->wal))
			return 0;
	}
	log_err("store: %s was removed or replaced since summd opened it; "
		"writes are refused until summd is restarted",
	    what);
	return 1;
}

/* A write transaction, on the database that is there. */
static int
begin(struct store *st)
{
	if (moved(st))
		return STORE_EIO;
	errno = 0; /* for db_fail: ENOSPC from this transaction only */
	return exec(st, "BEGIN IMMEDIATE");
}

/* Commit if rc is STORE_OK, else roll back; returns the outcome. */
static int
end(struct store *st, int rc)
{
	if (rc == STORE_OK && (rc = exec(st, "COMMIT")) == STORE_OK)
		return STORE_OK;
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	return rc;
}

struct df_walk {
	struct store *st;
	sqlite3_stmt *add, *prune;
	int delta;
	int rc;
};

static int
df_visit(const char *term, size_t len, uint64_t df, void *arg)
{
	struct df_walk *w = arg;
	int rc;

	sqlite3_bind_blob(w->add, 1, term, (int)len, SQLITE_STATIC);
	sqlite3_bind_int64(w->add, 2, (sqlite3_int64)w->delta * (int64_t)df);
	rc = sqlite3_step(w->add);
	sqlite3_reset(w->add);
	if (rc == SQLITE_DONE && w->delta < 0) {
		sqlite3_bind_blob(w->prune, 1, term, (int)len, SQLITE_STATIC);
		rc = sqlite3_step(w->prune);
		sqlite3_reset(w->prune);
	}
	if (rc != SQLITE_DONE) {
		w->rc = db_fail(w->st, rc, "counting terms");
		return 1;
	}
	return 0;
}

/* The terms of t into the model (delta 1) or out of it (delta -1), each
 * as many times as t has articles that carry it: one row written a term,
 * however many articles. */
static int
df_apply(struct store *st, const struct summ_idf *t, int delta)
{
	struct df_walk w = {st, NULL, NULL, delta, STORE_OK};
	int rc;

	if ((rc = prepare(st,
		 "INSERT INTO df(term, n) VALUES(?1, ?2) ON CONFLICT(term) "
		 "DO UPDATE SET n = n + ?2",
		 &w.add)) == STORE_OK &&
	    (rc = prepare(st, "DELETE FROM df WHERE term = ?1 AND n <= 0",
		 &w.prune)) == STORE_OK) {
		summ_idf_foreach(t, df_visit, &w);
		rc = w.rc;
	}
	sqlite3_finalize(w.add);
	sqlite3_finalize(w.prune);
	return rc;
}

/* An article's text into t; a text that is not UTF-8 has no terms to
 * count: it was refused before it was stored, so this is a database from
 * elsewhere. */
static int
df_read(struct summ_idf *t, const char *text, size_t len)
{
	int rc = summ_idf_add_text(t, text, len);

	if (rc == SUMM_OK || rc == SUMM_EUTF8)
		return STORE_OK;
	return rc == SUMM_ENOMEM ? STORE_ENOMEM : STORE_EIO;
}

/*
 * Count one article's distinct terms into the model (delta 1) or out of
 * it (delta -1), and docs into its number of articles. Terms are found
 * exactly as summ_run finds them.
 */
static int
count_terms(struct store *st, const struct summ_idf *t, int delta, int docs)
{
	int rc;

	if ((rc = df_apply(st, t, delta)) == STORE_OK && docs != 0)
		rc = meta_add(st, "idf_documents", docs);
	if (rc == STORE_OK)
		rc = meta_add(st, "idf_generation", 1);
	return rc;
}

/* The terms of one article's text, found as summ_run finds them, into
 * *out (NULL on failure). */
static int
terms_of(const char *text, size_t len, struct summ_idf **out)
{
	int rc;

	if (summ_idf_new(out) != SUMM_OK)
		return STORE_ENOMEM;
	if ((rc = df_read(*out, text, len)) != STORE_OK) {
		summ_idf_free(*out);
		*out = NULL;
	}
	return rc;
}

static int
count_text(struct store *st, const char *text, size_t len, int delta, int docs)
{
	struct summ_idf *t;
	int rc;

	if ((rc = terms_of(text, len, &t)) == STORE_OK)
		rc = count_terms(st, t, delta, docs);
	summ_idf_free(t);
	return rc;
}

/*
 * An article's stored text, copied out, and its terms, found before a
 * write that replaces or removes it holds the store (some 70 ms for 1
 * MiB, which every other store request would wait out); empty if there
 * was no such article.
 */
struct known {
	char *text;
	size_t len;
	struct summ_idf *terms;
};

static void store_lock(struct store *);

/* Read cluster/id's text into k, holding the store only for the read,
 * then find its terms. */
static int
known_read(
    struct store *st, const char *cluster, const char *id, struct known *k)
{
	sqlite3_stmt *s;
	const char *p;
	int rc;

	memset(k, 0, sizeof(*k));
	store_lock(st);
	if ((rc = prepare(st,
		 "SELECT text FROM documents WHERE cluster = ?1 AND id = ?2",
		 &s)) == STORE_OK) {
		sqlite3_bind_text(s, 1, cluster, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			p = (const char *)sqlite3_column_text(s, 0);
			k->len = (size_t)sqlite3_column_bytes(s, 0);
			/* The text is NOT NULL: no pointer is no memory. */
			if (p == NULL || (k->text = malloc(k->len + 1)) == NULL)
				rc = STORE_ENOMEM;
			else {
				memcpy(k->text, p, k->len);
				rc = STORE_OK;
			}
		} else
			rc = rc == SQLITE_DONE
				 ? STORE_OK
				 : db_fail(st, rc, "reading an article");
		sqlite3_finalize(s);
	}
	pthread_mutex_unlock(&st->lock);
	if (rc == STORE_OK && k->text != NULL)
		rc = terms_of(k->text, k->len, &k->terms);
	return rc;
}

static void
known_free(struct known *k)
{
	free(k->text);
	summ_idf_free(k->terms);
}

/*
 * Count the stored text of cluster/id out of the model: by k's terms if
 * it is still k's text (compared whole: a cluster dropped and made again
 * starts its revisions over), else found here.
 */
static int
uncount_doc(struct store *st, const char *cluster, const char *id, int docs,
    const struct known *k)
{
	sqlite3_stmt *s;
	const char *p;
	size_t n;
	int rc;

	if ((rc = prepare(st,
		 "SELECT text FROM documents WHERE cluster = ?1 AND id = ?2",
		 &s)) != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, cluster, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		p = (const char *)sqlite3_column_text(s, 0);
		n = (size_t)sqlite3_column_bytes(s, 0);
		if (k->terms != NULL && p != NULL && n == k->len &&
		    memcmp(p, k->text, n) == 0)
			rc = count_terms(st, k->terms, -1, docs);
		else
			rc = count_text(st, p, n, -1, docs);
	} else
		rc = rc == SQLITE_DONE ? STORE_NOTFOUND
				       : db_fail(st, rc, "reading an article");
	sqlite3_finalize(s);
	return rc;
}

/*
 * Count every stored article (migration 2), or a cluster's (dropped), into
 * or out of the model. The articles' terms are gathered in memory, a batch
 * of DF_BATCH bytes of text at a time, and each term written once a
 * batch: a row a term and article made dropping a cluster of 60 MB take
 * four seconds, every other store request waiting on the lock.
 */
#define DF_BATCH (32u << 20)

static int
count_all(struct store *st, const char *cluster, int delta)
{
	struct summ_idf *t = NULL;
	sqlite3_stmt *s;
	size_t bytes = 0, len;
	int64_t docs = 0;
	int rc;

	if ((rc = prepare(st,
		 cluster != NULL
		     ? "SELECT text FROM documents WHERE cluster = ?1"
		     : "SELECT text FROM documents",
		 &s)) != STORE_OK)
		return rc;
	if (cluster != NULL)
		sqlite3_bind_text(s, 1, cluster, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (t == NULL && summ_idf_new(&t) != SUMM_OK) {
			rc = STORE_ENOMEM;
			break;
		}
		len = (size_t)sqlite3_column_bytes(s, 0);
		if ((rc = df_read(t, (const char *)sqlite3_column_text(s, 0),
			 len)) != STORE_OK)
			break;
		docs++;
		if ((bytes += len) >= DF_BATCH) {
			rc = df_apply(st, t, delta);
			summ_idf_free(t);
			t = NULL;
			bytes = 0;
			if (rc != STORE_OK)
				break;
		}
	}
	if (rc == SQLITE_DONE)
		rc = t != NULL ? df_apply(st, t, delta) : STORE_OK;
	else if (rc > 0)
		rc = db_fail(st, rc, "reading the articles");
	summ_idf_free(t);
	sqlite3_finalize(s);
	if (rc == STORE_OK && docs > 0)
		rc = meta_add(st, "idf_documents", delta * docs);
	if (rc == STORE_OK && docs > 0)
		rc = meta_add(st, "idf_generation", 1);
	return rc;
}

/* Take the next revision for cluster, which must exist. */
static int
bump(struct store *st, const char *cluster, uint64_t *revision)
{
	int64_t r;
	int rc;

	if ((rc = meta_add(st, "revision", 1)) != STORE_OK ||
	    (rc = query_int(st,
		 "SELECT value FROM meta WHERE key = "
		 "'revision'",
		 NULL, &r)) != STORE_OK ||
	    (rc = update(st,
		 "UPDATE clusters SET revision = ?3 WHERE name = ?1", cluster,
		 NULL, r, 0)) != STORE_OK)
		return rc;
	*revision = (uint64_t)r;
	return STORE_OK;
}

/*
 * Bring the schema up to STORE_SCHEMA, a version a step. Each step reads
 * the version again inside its write transaction: another summd starting
 * on the same directory at the same moment may have taken the step
 * already, and running it twice fails ("table exists").
 */
/*
 * Into WAL mode. A new database is turned into it under an exclusive lock,
 * and SQLite answers "database is locked" at once, busy timeout or not,
 * while another summd starting on the same directory holds the lock for
 * the same step: asked again, for up to five seconds.
 */
static int
wal(struct store *st)
{
	const struct timespec pause = {0, 20 * 1000 * 1000};
	int rc, tries;

	for (tries = 0;; tries++) {
		rc = sqlite3_exec(
		    st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if ((rc & 0xff) != SQLITE_BUSY || tries == 250)
			return rc;
		nanosleep(&pause, NULL);
	}
}

static int
migrate(struct store *st, int from, char *err, size_t errlen)
{
	char sql[64];
	int64_t v = from;
	int rc;

	for (;;) {
		if ((rc = begin(st)) == STORE_OK)
			rc = query_int(st, "PRAGMA user_version", NULL, &v);
		if (rc == STORE_OK && (v >= STORE_SCHEMA || v < 0)) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return 0;
		}
		snprintf(
		    sql, sizeof(sql), "PRAGMA user_version = %d", (int)v + 1);
		if (rc == STORE_OK)
			rc = exec(st, migration[v]);
		if (rc == STORE_OK && v + 1 == 2)
			rc = count_all(st, NULL, 1);
		if (rc == STORE_OK)
			rc = exec(st, sql);
		if (rc == STORE_OK)
			rc = exec(st, "COMMIT");
		if (rc != STORE_OK) {
			/* The reason before the rollback resets it. */
			snprintf(err, errlen,
			    "cannot bring the schema from version %d to %d: %s",
			    (int)v, (int)v + 1, sqlite3_errmsg(st->db));
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return -1;
		}
		if (from > 0)
			log_info(
			    "store: schema upgraded to version %d", (int)v + 1);
	}
}

static void
idf_unref(struct store_idf *s)
{
	if (s != NULL && --s->refs == 0) {
		summ_idf_free(s->idf);
		free(s);
	}
}

/* lim into effect; under st->lock. */
static void
apply_limits(struct store *st, const struct store_limits *lim)
{
	int64_t page = 4096, pages;
	char sql[64];

	st->lim = *lim;
	if (query_int(st, "PRAGMA page_size", NULL, &page) != STORE_OK ||
	    page <= 0)
		page = 4096;
	pages = lim->max_bytes > 0 ? (int64_t)(lim->max_bytes / (uint64_t)page)
				   : 0x7ffffffe;
	if (pages < 16)
		pages = 16;
	/* A PRAGMA takes no parameters; this number is our own. */
	snprintf(
	    sql, sizeof(sql), "PRAGMA max_page_count = %lld", (long long)pages);
	if (sqlite3_exec(st->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		log_err("store: %s: %s", sql, sqlite3_errmsg(st->db));
}

/* The limits of the latest reload into effect; under st->lock. */
static void
take_pending(struct store *st)
{
	struct store_limits lim;

	if (!__atomic_load_n(&st->pending, __ATOMIC_ACQUIRE))
		return;
	pthread_mutex_lock(&st->pend_lock);
	lim = st->pend;
	__atomic_store_n(&st->pending, 0, __ATOMIC_RELAXED);
	pthread_mutex_unlock(&st->pend_lock);
	apply_limits(st, &lim);
}

/* Take the connection, with the limits of the latest reload. */
static void
store_lock(struct store *st)
{
	pthread_mutex_lock(&st->lock);
	take_pending(st);
}

void
store_set_limits(struct store *st, const struct store_limits *lim)
{
	pthread_mutex_lock(&st->pend_lock);
	st->pend = *lim;
	__atomic_store_n(&st->pending, 1, __ATOMIC_RELEASE);
	pthread_mutex_unlock(&st->pend_lock);
	__atomic_store_n(
	    &st->idf_on, lim->idf_min_documents > 0, __ATOMIC_RELAXED);
}

/* Does PRAGMA quick_check find the database sound? */
static int
intact(struct store *st)
{
	sqlite3_stmt *s;
	int ok;

	if (prepare(st, "PRAGMA quick_check", &s) != STORE_OK)
		return 0;
	ok = sqlite3_step(s) == SQLITE_ROW &&
	     strcmp((const char *)sqlite3_column_text(s, 0), "ok") == 0;
	sqlite3_finalize(s);
	return ok;
}

/*
 * This database's own number, drawn at random when it is made: in every
 * ETag, so that a database made anew, whose revisions start again at 1,
 * never answers 304 to a tag the old one gave.
 */
static int
own_id(struct store *st)
{
	uint64_t r = 0;
	int64_t id = 0;
	int rc;

	rc =
	    query_int(st, "SELECT value FROM meta WHERE key = 'id'", NULL, &id);
	st->id = (uint64_t)id;
	if (rc != STORE_NOTFOUND)
		return rc;
	if (getrandom(&r, sizeof(r), 0) != (ssize_t)sizeof(r))
		r = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;
	/* Another summd on the same file may draw first: it wins. */
	if ((rc = update(st, "INSERT OR IGNORE INTO meta VALUES('id', ?3)",
		 NULL, NULL, (int64_t)(r >> 1), 0)) != STORE_OK ||
	    (rc = query_int(st, "SELECT value FROM meta WHERE key = 'id'", NULL,
		 &id)) != STORE_OK)
		return rc;
	st->id = (uint64_t)id;
	return STORE_OK;
}

uint64_t
store_id(const struct store *st)
{
	return st->id;
}

int
store_open(const char *dir, const struct store_limits *lim, struct store **out,
    char *err, size_t errlen)
{
	struct store *st;
	struct stat sb;
	char path[512];
	int64_t version = 0;
	int fd;

	if (mkdir(dir, 0750) != 0 && errno != EEXIST) {
		snprintf(err, errlen, "state directory %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	if (stat(dir, &sb) != 0) {
		snprintf(err, errlen, "state directory %s: %s", dir,
		    strerror(errno));
		return -1;
	}
	if (!S_ISDIR(sb.st_mode)) {
		snprintf(
		    err, errlen, "state directory %s: not a directory", dir);
		return -1;
	}
	if ((size_t)snprintf(path, sizeof(path), "%s/summd.db", dir) >=
	    sizeof(path)) {
		snprintf(err, errlen, "state directory %s: name too long", dir);
		return -1;
	}
	/* Made here so that it is private from the start; SQLite gives the
	 * -wal and -shm files the same mode. */
	if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600)) < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	close(fd);
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	pthread_mutex_init(&st->lock, NULL);
	pthread_mutex_init(&st->snap_lock, NULL);
	pthread_mutex_init(&st->pend_lock, NULL);
	if (sqlite3_open_v2(path, &st->db,
		SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, 5000);
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		snprintf(err, errlen, "%s: read-only", path);
		goto close;
	}
	if (wal(st) != SQLITE_OK ||
	    sqlite3_exec(st->db,
		"PRAGMA synchronous = FULL; PRAGMA secure_delete = OFF", NULL,
		NULL, NULL) != SQLITE_OK ||
	    query_int(st, "PRAGMA user_version", NULL, &version) != STORE_OK)
		goto fail;
	if (version > STORE_SCHEMA) {
		snprintf(err, errlen,
		    "%s: schema version %lld is newer than this summd's (%d)",
		    path, (long long)version, STORE_SCHEMA);
		goto close;
	}
	if (migrate(st, (int)version, err, errlen) != 0)
		goto close;
	if (!intact(st)) {
		snprintf(err, errlen, "%s: damaged (PRAGMA quick_check)", path);
		goto close;
	}
	if (own_id(st) != STORE_OK)
		goto fail;
	if (stat(sqlite3_filename_wal(sqlite3_db_filename(st->db, "main")),
		&sb) == 0)
		st->wal = sb.st_ino;
	store_set_limits(st, lim);
	store_lock(st); /* and into effect now */
	pthread_mutex_unlock(&st->lock);
	*out = st;
	return 0;
fail:
	snprintf(err, errlen, "%s: %s", path,
	    st->db != NULL ? sqlite3_errmsg(st->db) : "cannot open");
close:
	sqlite3_close(st->db);
	pthread_mutex_destroy(&st->lock);
	pthread_mutex_destroy(&st->snap_lock);
	pthread_mutex_destroy(&st->pend_lock);
	free(st);
	return -1;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	idf_unref(st->idf);
	sqlite3_close(st->db);
	pthread_mutex_destroy(&st->lock);
	pthread_mutex_destroy(&st->snap_lock);
	pthread_mutex_destroy(&st->pend_lock);
	free(st);
}

int
store_put(struct store *st, const char *cluster, const char *id,
    const struct summ_doc *doc, uint64_t *revision, int *created)
{
	sqlite3_stmt *s = NULL;
	struct summ_idf *t;
	struct known was;
	int64_t n;
	int rc, old = 0;

	/* The new text's terms, and the old one's, are found before the
	 * store is held. */
	if ((rc = terms_of(doc->text, doc->text_len, &t)) != STORE_OK)
		return rc;
	if ((rc = known_read(st, cluster, id, &was)) != STORE_OK) {
		summ_idf_free(t);
		known_free(&was);
		return rc;
	}
	store_lock(st);
	if ((rc = begin(st)) != STORE_OK)
		goto out;
	rc = query_int(
	    st, "SELECT count(*) FROM clusters WHERE name = ?1", cluster, &n);
	if (rc == STORE_OK && n == 0) {
		if ((rc = query_int(st, "SELECT count(*) FROM clusters", NULL,
			 &n)) == STORE_OK &&
		    st->lim.max_clusters > 0 &&
		    (uint64_t)n >= st->lim.max_clusters)
			rc = STORE_MAX_CLUSTERS;
		else if (rc == STORE_OK)
			rc =
			    update(st, "INSERT INTO clusters VALUES(?1, 0, ?3)",
				cluster, NULL, (int64_t)time(NULL), 0);
	}
	if (rc == STORE_OK) {
		rc = uncount_doc(st, cluster, id, 0, &was);
		old = rc == STORE_OK;
		if (rc == STORE_NOTFOUND)
			rc = STORE_OK;
	}
	if (rc == STORE_OK && !old &&
	    (rc = query_int(st,
		 "SELECT count(*) FROM documents WHERE cluster = ?1", cluster,
		 &n)) == STORE_OK &&
	    st->lim.max_documents > 0 && (uint64_t)n >= st->lim.max_documents)
		rc = STORE_MAX_DOCUMENTS;
	if (rc == STORE_OK && (rc = bump(st, cluster, revision)) == STORE_OK &&
	    (rc = prepare(st,
		 "INSERT OR REPLACE INTO documents VALUES(?1, ?2, ?3, ?4, ?5, "
		 "?6, ?7)",
		 &s)) == STORE_OK) {
		sqlite3_bind_text(s, 1, cluster, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
		if (doc->title != NULL)
			sqlite3_bind_text64(s, 3, doc->title, doc->title_len,
			    SQLITE_STATIC, SQLITE_UTF8);
		if (doc->date != SUMM_NO_DATE)
			sqlite3_bind_int64(s, 4, doc->date);
		sqlite3_bind_text64(
		    s, 5, doc->text, doc->text_len, SQLITE_STATIC, SQLITE_UTF8);
		sqlite3_bind_int64(s, 6, (int64_t)doc->text_len);
		sqlite3_bind_int64(s, 7, (int64_t)*revision);
		rc = sqlite3_step(s);
		rc = rc == SQLITE_DONE ? STORE_OK
				       : db_fail(st, rc, "storing an article");
	}
	sqlite3_finalize(s);
	if (rc == STORE_OK)
		rc = count_terms(st, t, 1, !old);
	rc = end(st, rc);
	*created = !old;
out:
	pthread_mutex_unlock(&st->lock);
	summ_idf_free(t);
	known_free(&was);
	return rc;
}

int
store_remove(
    struct store *st, const char *cluster, const char *id, uint64_t *revision)
{
	struct known was;
	int rc;

	if ((rc = known_read(st, cluster, id, &was)) != STORE_OK) {
		known_free(&was);
		return rc;
	}
	store_lock(st);
	if ((rc = begin(st)) == STORE_OK &&
	    (rc = uncount_doc(st, cluster, id, -1, &was)) == STORE_OK &&
	    (rc = update(st,
		 "DELETE FROM documents WHERE cluster = ?1 AND id = ?2",
		 cluster, id, 0, 0)) == STORE_OK)
		rc = bump(st, cluster, revision);
	rc = end(st, rc);
	pthread_mutex_unlock(&st->lock);
	known_free(&was);
	return rc;
}

int
store_drop(struct store *st, const char *cluster)
{
	int64_t n;
	int rc;

	store_lock(st);
	if ((rc = begin(st)) == STORE_OK &&
	    (rc = query_int(st, "SELECT revision FROM clusters WHERE name = ?1",
		 cluster, &n)) == STORE_OK &&
	    (rc = count_all(st, cluster, -1)) == STORE_OK &&
	    (rc = update(st, "DELETE FROM documents WHERE cluster = ?1",
		 cluster, NULL, 0, 0)) == STORE_OK &&
	    (rc = update(st, "DELETE FROM clusters WHERE name = ?1", cluster,
		 NULL, 0, 0)) == STORE_OK)
		rc = meta_add(st, "revision", 1);
	rc = end(st, rc);
	pthread_mutex_unlock(&st->lock);
	return rc;
}

int
store_revision(struct store *st, const char *cluster, uint64_t *revision)
{
	int64_t r = 0;
	int rc;

	store_lock(st);
	rc = query_int(
	    st, "SELECT revision FROM clusters WHERE name = ?1", cluster, &r);
	pthread_mutex_unlock(&st->lock);
	*revision = (uint64_t)r;
	return rc;
}

static char *
column_dup(sqlite3_stmt *s, int col)
{
	const unsigned char *t = sqlite3_column_text(s, col);
	size_t n = (size_t)sqlite3_column_bytes(s, col);
	char *p;

	if (t == NULL || (p = malloc(n + 1)) == NULL)
		return NULL;
	memcpy(p, t, n);
	p[n] = '\0';
	return p;
}

/* An article's columns, as read_doc takes them; without its text, all in
 * the index documents_listed. */
#define DOC_LISTED  "id, title, date, revision, bytes"
#define DOC_COLUMNS DOC_LISTED ", text"

/* The article of a row of DOC_COLUMNS. */
static int
read_doc(sqlite3_stmt *s, struct store_doc *d, int with_text)
{
	int titled = sqlite3_column_type(s, 1) != SQLITE_NULL;

	memset(d, 0, sizeof(*d));
	d->id = column_dup(s, 0);
	if (titled)
		d->title = column_dup(s, 1);
	d->date = sqlite3_column_type(s, 2) == SQLITE_NULL
		      ? SUMM_NO_DATE
		      : sqlite3_column_int64(s, 2);
	d->revision = (uint64_t)sqlite3_column_int64(s, 3);
	d->text_len = (size_t)sqlite3_column_int64(s, 4);
	if (with_text) {
		d->text = column_dup(s, 5);
		d->text_len = (size_t)sqlite3_column_bytes(s, 5);
	}
	if (d->id == NULL || (with_text && d->text == NULL) ||
	    (titled && d->title == NULL))
		return STORE_ENOMEM;
	return STORE_OK;
}

static int
load_docs(struct store *st, struct store_cluster *c, int with_text)
{
	sqlite3_stmt *s;
	struct store_doc *grown;
	size_t cap = 0;
	int rc;

	if ((rc = prepare(st,
		 with_text ? "SELECT " DOC_COLUMNS " FROM documents WHERE "
			     "cluster = ?1 ORDER BY revision, id"
			   : "SELECT " DOC_LISTED " FROM documents WHERE "
			     "cluster = ?1 ORDER BY revision, id",
		 &s)) != STORE_OK)
		return rc;
	sqlite3_bind_text(s, 1, c->name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (c->ndocs == cap) {
			cap = cap ? cap * 2 : 16;
			if ((grown = realloc(c->docs, cap * sizeof(*grown))) ==
			    NULL) {
				rc = STORE_ENOMEM;
				break;
			}
			c->docs = grown;
		}
		rc = read_doc(s, &c->docs[c->ndocs], with_text);
		c->bytes += c->docs[c->ndocs++].text_len;
		if (rc != STORE_OK)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = STORE_OK;
	else if (rc > 0)
		rc = db_fail(st, rc, "reading a cluster");
	sqlite3_finalize(s);
	return rc;
}

int
store_get(struct store *st, const char *cluster, int with_text,
    uint64_t max_text, struct store_cluster *out)
{
	int64_t r, bytes = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	snprintf(out->name, sizeof(out->name), "%s", cluster);
	store_lock(st);
	/* One read transaction, so that the revision and the articles
	 * agree even while another worker writes. */
	if ((rc = exec(st, "BEGIN")) == STORE_OK) {
		if ((rc = query_int(st,
			 "SELECT revision FROM clusters WHERE name = ?1",
			 cluster, &r)) == STORE_OK &&
		    max_text > 0 &&
		    (rc = query_int(st,
			 "SELECT coalesce(sum(bytes), 0) FROM documents "
			 "WHERE cluster = ?1",
			 cluster, &bytes)) == STORE_OK &&
		    (uint64_t)bytes > max_text)
			rc = STORE_TOO_LARGE;
		if (rc == STORE_OK) {
			out->revision = (uint64_t)r;
			rc = load_docs(st, out, with_text);
		}
		sqlite3_exec(st->db, "COMMIT", NULL, NULL, NULL);
	}
	pthread_mutex_unlock(&st->lock);
	if (rc != STORE_OK)
		store_cluster_free(out);
	if (rc == STORE_TOO_LARGE)
		out->bytes = (uint64_t)bytes;
	return rc;
}

void
store_cluster_free(struct store_cluster *c)
{
	size_t i;

	for (i = 0; i < c->ndocs; i++)
		store_doc_free(&c->docs[i]);
	free(c->docs);
	c->docs = NULL;
	c->ndocs = 0;
}

int
store_get_doc(struct store *st, const char *cluster, const char *id,
    struct store_doc *out)
{
	sqlite3_stmt *s;
	int rc;

	memset(out, 0, sizeof(*out));
	store_lock(st);
	if ((rc = prepare(st,
		 "SELECT " DOC_COLUMNS
		 " FROM documents WHERE cluster = ?1 AND id = ?2",
		 &s)) != STORE_OK)
		goto out;
	sqlite3_bind_text(s, 1, cluster, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, id, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		rc = read_doc(s, out, 1);
	else if (rc == SQLITE_DONE)
		rc = STORE_NOTFOUND;
	else
		rc = db_fail(st, rc, "reading an article");
	sqlite3_finalize(s);
out:
	pthread_mutex_unlock(&st->lock);
	if (rc != STORE_OK)
		store_doc_free(out);
	return rc;
}

void
store_doc_free(struct store_doc *d)
{
	free(d->id);
	free(d->title);
	free(d->text);
	memset(d, 0, sizeof(*d));
}

int
store_list(struct store *st, struct store_cluster **out, size_t *n)
{
	sqlite3_stmt *s;
	struct store_cluster *c = NULL, *grown;
	size_t cap = 0;
	int rc;

	*out = NULL;
	*n = 0;
	store_lock(st);
	if ((rc = prepare(st,
		 "SELECT c.name, c.revision, count(d.id), "
		 "coalesce(sum(d.bytes), 0) FROM clusters c LEFT JOIN "
		 "documents d ON d.cluster = c.name GROUP BY c.name ORDER BY "
		 "c.name",
		 &s)) != STORE_OK)
		goto out;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((grown = realloc(c, cap * sizeof(*c))) == NULL) {
				rc = STORE_ENOMEM;
				break;
			}
			c = grown;
		}
		memset(&c[*n], 0, sizeof(*c));
		snprintf(c[*n].name, sizeof(c->name), "%s",
		    (const char *)sqlite3_column_text(s, 0));
		c[*n].revision = (uint64_t)sqlite3_column_int64(s, 1);
		c[*n].ndocs = (size_t)sqlite3_column_int64(s, 2);
		c[*n].bytes = (uint64_t)sqlite3_column_int64(s, 3);
		(*n)++;
	}
	if (rc == SQLITE_DONE)
		rc = STORE_OK;
	else if (rc > 0)
		rc = db_fail(st, rc, "listing clusters");
	sqlite3_finalize(s);
out:
	pthread_mutex_unlock(&st->lock);
	if (rc != STORE_OK) {
		free(c);
		*n = 0;
		return rc;
	}
	*out = c;
	return STORE_OK;
}

void
store_list_free(struct store_cluster *c, size_t n)
{
	(void)n;
	free(c);
}

/*
 * The corpus is read into one table before the store is taken, and each
 * of its terms written once, as many times as its articles carry it: a
 * row a term and article held every other store request for half a
 * second a thousand articles.
 */
int
store_idf_import(struct store *st, const struct summ_doc *docs, size_t n)
{
	struct summ_idf *t = NULL;
	size_t i;
	int rc = STORE_OK;

	if (n == 0)
		return STORE_OK;
	if (summ_idf_new(&t) != SUMM_OK)
		return STORE_ENOMEM;
	for (i = 0; i < n && rc == STORE_OK; i++)
		rc = df_read(t, docs[i].text, docs[i].text_len);
	if (rc == STORE_OK) {
		store_lock(st);
		if ((rc = begin(st)) == STORE_OK &&
		    (rc = df_apply(st, t, 1)) == STORE_OK &&
		    (rc = meta_add(st, "idf_documents", (int64_t)n)) ==
			STORE_OK)
			rc = meta_add(st, "idf_generation", 1);
		rc = end(st, rc);
		pthread_mutex_unlock(&st->lock);
	}
	summ_idf_free(t);
	return rc;
}

/* Build a snapshot of the model as it is now; under the lock. */
static struct store_idf *
idf_build(struct store *st, uint64_t generation, uint64_t documents)
{
	struct store_idf *snap;
	sqlite3_stmt *s;
	int rc;

	if ((snap = calloc(1, sizeof(*snap))) == NULL)
		return NULL;
	if (summ_idf_new(&snap->idf) != SUMM_OK ||
	    prepare(st, "SELECT term, n FROM df", &s) != STORE_OK) {
		summ_idf_free(snap->idf);
		free(snap);
		return NULL;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (summ_idf_add_term(snap->idf,
			(const char *)sqlite3_column_blob(s, 0),
			(size_t)sqlite3_column_bytes(s, 0),
			(uint64_t)sqlite3_column_int64(s, 1)) != SUMM_OK)
			break;
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		if (rc != SQLITE_ROW)
			db_fail(st, rc, "reading the IDF model");
		summ_idf_free(snap->idf);
		free(snap);
		return NULL;
	}
	summ_idf_add_docs(snap->idf, documents);
	snap->snapshot = generation;
	snap->documents = documents;
	snap->refs = 1; /* the store's */
	return snap;
}

/* Bring st->idf up to date with the database; under st->lock. */
static void
idf_check(struct store *st, time_t now)
{
	struct store_idf *fresh = NULL, *old;
	int64_t docs = 0, gen = 0;

	if (query_int(st, "SELECT value FROM meta WHERE key = 'idf_documents'",
		NULL, &docs) != STORE_OK ||
	    query_int(st, "SELECT value FROM meta WHERE key = 'idf_generation'",
		NULL, &gen) != STORE_OK)
		return;
	pthread_mutex_lock(&st->snap_lock);
	old = st->idf;
	pthread_mutex_unlock(&st->snap_lock);
	if ((uint64_t)docs >= st->lim.idf_min_documents &&
	    (old == NULL || old->snapshot != (uint64_t)gen) &&
	    (fresh = idf_build(st, (uint64_t)gen, (uint64_t)docs)) == NULL)
		return; /* keep what there is */
	if ((uint64_t)docs < st->lim.idf_min_documents || fresh != NULL) {
		pthread_mutex_lock(&st->snap_lock);
		st->idf = fresh;
		idf_unref(old);
		pthread_mutex_unlock(&st->snap_lock);
	}
	st->idf_checked = now;
}

struct store_idf *
store_idf_acquire(struct store *st)
{
	struct store_idf *snap;
	time_t now = time(NULL);

	if (!__atomic_load_n(&st->idf_on, __ATOMIC_RELAXED))
		return NULL;
	if (pthread_mutex_trylock(&st->lock) == 0) {
		take_pending(st);
		if (st->lim.idf_min_documents > 0 &&
		    (st->idf_checked == 0 ||
			now - st->idf_checked >= (time_t)st->lim.idf_refresh))
			idf_check(st, now);
		pthread_mutex_unlock(&st->lock);
	}
	pthread_mutex_lock(&st->snap_lock);
	if ((snap = st->idf) != NULL)
		snap->refs++;
	pthread_mutex_unlock(&st->snap_lock);
	return snap;
}

void
store_idf_release(struct store *st, struct store_idf *snap)
{
	if (snap == NULL)
		return;
	pthread_mutex_lock(&st->snap_lock);
	idf_unref(snap);
	pthread_mutex_unlock(&st->snap_lock);
}

int
store_idf_stats(struct store *st, uint64_t *documents, uint64_t *terms,
    uint64_t *generation, uint64_t *min_documents)
{
	int64_t d = 0, t = 0, g = 0;
	int rc;

	store_lock(st);
	if ((rc = query_int(st,
		 "SELECT value FROM meta WHERE key = 'idf_documents'", NULL,
		 &d)) == STORE_OK &&
	    (rc = query_int(st, "SELECT count(*) FROM df", NULL, &t)) ==
		STORE_OK)
		rc = query_int(st,
		    "SELECT value FROM meta WHERE key = 'idf_generation'", NULL,
		    &g);
	*min_documents = st->lim.idf_min_documents;
	pthread_mutex_unlock(&st->lock);
	*documents = (uint64_t)d;
	*terms = (uint64_t)t;
	*generation = (uint64_t)g;
	return rc;
}
