/*
 * config.h: summd's settings, from defaults, then the config file
 * (key = value), then the command line.
 */
#ifndef CONFIG_H
#define CONFIG_H

#include <stddef.h>
#include <stdio.h>

struct config {
	char socket[256];
	unsigned socket_mode;
	char socket_group[64];
	unsigned threads;
	size_t queue_depth;
	size_t max_body;
	size_t max_headers;
	size_t max_documents;
	size_t max_doc_bytes;
	size_t max_sentences;
	size_t max_memory;
	size_t max_connections;
	int idle_timeout;    /* seconds */
	int drain_timeout;   /* seconds */
	int request_timeout; /* ms from arrival to reply; 0: none */
	int stall_timeout;   /* ms on one job that mean a stuck worker */
	int log_level;
	char state_dir[256]; /* empty: no store */
	size_t max_clusters;
	size_t max_cluster_documents;
	size_t max_store_bytes;
	size_t idf_min_documents; /* the learned IDF is used from this many */
	int idf_refresh;          /* seconds between rebuilds of the model */
	int idf_learn_requests;   /* count /v1/summarize's articles in too */
	/* Look socket_group up as the file is read (at start and for -t;
	 * a reload keeps the group it started with, so it need not). */
	int lookup_group;
};

void config_defaults(struct config *c);
/* Read path into c. On error, err holds "file:line: reason". */
int config_load(struct config *c, const char *path, char *err, size_t errlen);
/* Parse settings from f, named name in errors (for tests and fuzzing). */
int config_parse(
    struct config *c, FILE *f, const char *name, char *err, size_t errlen);
/* Set one key from its text value (also used for flags). */
int config_set(struct config *c, const char *key, const char *value, char *err,
    size_t errlen);
/* Write c as a config file that reads back as c; -1 with err set if a
 * value (from the command line) cannot be written in one. */
int config_print(const struct config *c, FILE *f, char *err, size_t errlen);
/* A setting that another makes moot, said in buf; NULL if none is. */
const char *config_moot(const struct config *c, char *buf, size_t len);

#endif
