/*
 * config.c: parsing summd.conf. Every key is known, every value checked
 * against its range, and a mistake names its file and line: a daemon that
 * starts with a typo silently ignored is worse than one that refuses.
 */
#include <sys/stat.h>
#include <sys/un.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "log.h"

#define CONFIG_LINE 1024 /* the longest line read, with its newline */

enum kind {
	K_SIZE,
	K_COUNT,
	K_SECONDS,
	K_MILLIS,
	K_MODE,
	K_STRING,
	K_LEVEL,
	K_BOOL
};

struct key {
	const char *name;
	enum kind kind;
	size_t off;
	size_t size; /* of a string field */
	unsigned long long min, max;
};

#define F(f) offsetof(struct config, f)
static const struct key keys[] = {
    /* As long as a Unix socket's path may be, with its NUL. */
    {"socket", K_STRING, F(socket), sizeof(((struct sockaddr_un *)0)->sun_path),
	1, 0},
    {"socket_mode", K_MODE, F(socket_mode), 0, 0, 0777},
    {"socket_group", K_STRING, F(socket_group),
	sizeof(((struct config *)0)->socket_group), 0, 0},
    {"threads", K_COUNT, F(threads), 0, 1, 256},
    {"queue_depth", K_COUNT, F(queue_depth), 0, 1, 1000000},
    {"max_body", K_SIZE, F(max_body), 0, 1024, 1ULL << 32},
    {"max_headers", K_SIZE, F(max_headers), 0, 1024, 1 << 20},
    {"max_documents", K_COUNT, F(max_documents), 0, 1, 1000000},
    {"max_doc_bytes", K_SIZE, F(max_doc_bytes), 0, 1, 1ULL << 32},
    {"max_sentences", K_COUNT, F(max_sentences), 0, 1, 1000000},
    {"max_memory", K_SIZE, F(max_memory), 0, 1 << 20, 1ULL << 40},
    {"max_connections", K_COUNT, F(max_connections), 0, 1, 1000000},
    {"idle_timeout", K_SECONDS, F(idle_timeout), 0, 1, 86400},
    {"drain_timeout", K_SECONDS, F(drain_timeout), 0, 0, 3600},
    {"request_timeout", K_MILLIS, F(request_timeout), 0, 0, 3600000},
    {"stall_timeout", K_MILLIS, F(stall_timeout), 0, 0, 86400000},
    {"log_level", K_LEVEL, F(log_level), 0, 0, 0},
    /* Empty: keep no state (the cluster routes answer 404). */
    {"state_dir", K_STRING, F(state_dir),
	sizeof(((struct config *)0)->state_dir), 0, 0},
    {"max_clusters", K_COUNT, F(max_clusters), 0, 1, 100000000},
    {"max_cluster_documents", K_COUNT, F(max_cluster_documents), 0, 1,
	100000000},
    {"max_store_bytes", K_SIZE, F(max_store_bytes), 0, 1 << 20, 1ULL << 44},
    {"idf_min_documents", K_COUNT, F(idf_min_documents), 0, 0,
	1000000000000ULL},
    {"idf_refresh", K_SECONDS, F(idf_refresh), 0, 0, 86400},
    {"idf_learn_requests", K_BOOL, F(idf_learn_requests), 0, 0, 1},
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

void
config_defaults(struct config *c)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	memset(c, 0, sizeof(*c));
	snprintf(c->socket, sizeof(c->socket), "/run/summd/summd.sock");
	c->socket_mode = 0660;
	c->threads = n > 0 && n <= 256 ? (unsigned)n : 2;
	c->queue_depth = 64;
	c->max_body = 64 * 1024 * 1024;
	c->max_headers = 8192;
	c->max_documents = 1000;
	c->max_doc_bytes = 1024 * 1024;
	c->max_sentences = 1000;
	c->max_memory = 1024UL * 1024 * 1024;
	c->max_connections = 1000;
	c->idle_timeout = 60;
	c->drain_timeout = 10;
	c->request_timeout = 30000;
	c->stall_timeout = 120000;
	c->log_level = LOG_INFO;
	snprintf(c->state_dir, sizeof(c->state_dir), "/var/lib/summd");
	c->max_clusters = 10000;
	c->max_cluster_documents = 10000;
	c->max_store_bytes = 4ULL * 1024 * 1024 * 1024;
	c->idf_min_documents = 0; /* off: see docs/API.md */
	c->idf_refresh = 5;
}

/* A whole number with an optional unit suffix, in range. */
static int
parse_number(const struct key *k, const char *v, unsigned long long *out)
{
	unsigned long long n, mul = 1;
	char *end;

	if (!isdigit((unsigned char)v[0]))
		return -1;
	errno = 0;
	n = strtoull(v, &end, k->kind == K_MODE ? 8 : 10);
	if (errno != 0)
		return -1;
	if (k->kind == K_SIZE) {
		if (strcmp(end, "K") == 0 || strcmp(end, "k") == 0)
			mul = 1024;
		else if (strcmp(end, "M") == 0)
			mul = 1024 * 1024;
		else if (strcmp(end, "G") == 0)
			mul = 1024 * 1024 * 1024;
		else if (*end != '\0')
			return -1;
	} else if (k->kind == K_SECONDS) {
		if (strcmp(end, "s") == 0)
			mul = 1;
		else if (strcmp(end, "m") == 0)
			mul = 60;
		else if (*end != '\0')
			return -1;
	} else if (k->kind == K_MILLIS) {
		/* Stored in milliseconds; a bare number is seconds. */
		if (strcmp(end, "ms") == 0)
			mul = 1;
		else if (strcmp(end, "s") == 0 || *end == '\0')
			mul = 1000;
		else if (strcmp(end, "m") == 0)
			mul = 60000;
		else
			return -1;
	} else if (*end != '\0')
		return -1;
	if (n > UINT64_MAX / mul)
		return -1;
	n *= mul;
	if (n < k->min || n > k->max)
		return -1;
	*out = n;
	return 0;
}

int
config_set(
    struct config *c, const char *name, const char *v, char *err, size_t errlen)
{
	const struct key *k = NULL;
	unsigned long long n;
	char *p = (char *)c;
	size_t i;
	int lvl;

	for (i = 0; i < NKEYS; i++)
		if (strcmp(keys[i].name, name) == 0)
			k = &keys[i];
	if (k == NULL) {
		snprintf(err, errlen, "unknown key \"%s\"", name);
		return -1;
	}
	switch (k->kind) {
	case K_STRING:
		if (strlen(v) >= k->size || strlen(v) < k->min) {
			snprintf(err, errlen, "%s: must be %llu to %zu bytes",
			    name, k->min, k->size - 1);
			return -1;
		}
		memcpy(p + k->off, v, strlen(v) + 1);
		return 0;
	case K_LEVEL:
		if ((lvl = log_parse_level(v)) < 0) {
			snprintf(err, errlen,
			    "%s: \"%s\" is not error, warn, info or debug",
			    name, v);
			return -1;
		}
		c->log_level = lvl;
		return 0;
	case K_BOOL:
		if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0)
			*(int *)(p + k->off) = 1;
		else if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0)
			*(int *)(p + k->off) = 0;
		else {
			snprintf(err, errlen, "%s: \"%s\" is not yes or no",
			    name, v);
			return -1;
		}
		return 0;
	default:
		break;
	}
	if (parse_number(k, v, &n) != 0) {
		snprintf(err, errlen,
		    "%s: \"%s\" is not a %s from %llu to %llu", name, v,
		    k->kind == K_SIZE      ? "size (bytes, or with K, M, G)"
		    : k->kind == K_SECONDS ? "time in seconds (or with s, m)"
		    : k->kind == K_MILLIS
			? "time in seconds (or with ms, s, m), in ms"
		    : k->kind == K_MODE ? "octal mode"
					: "whole number",
		    k->min, k->max);
		return -1;
	}
	switch (k->kind) {
	case K_SECONDS:
	case K_MILLIS:
		*(int *)(p + k->off) = (int)n;
		break;
	case K_MODE:
		*(unsigned *)(p + k->off) = (unsigned)n;
		break;
	case K_COUNT:
		if (k->off == F(threads))
			*(unsigned *)(p + k->off) = (unsigned)n;
		else
			*(size_t *)(p + k->off) = (size_t)n;
		break;
	default:
		*(size_t *)(p + k->off) = (size_t)n;
		break;
	}
	return 0;
}

static char *
strip(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Cut a comment: a '#' that opens the line or follows white space,
 * outside quotes, so that "socket = /tmp/a#b.sock" and
 * state_dir = "/srv/a #2" keep their values whole. */
static void
uncomment(char *line)
{
	char *p, *q;

	for (p = line; *p != '\0'; p++)
		if ((*p == '"' || *p == '\'') &&
		    (q = strchr(p + 1, *p)) != NULL)
			p = q;
		else if (*p == '#' &&
			 (p == line || isspace((unsigned char)p[-1]))) {
			*p = '\0';
			return;
		}
}

/* A value in a pair of double or single quotes, without them; NULL for
 * one that opens a quote and does not close it. */
static char *
unquote(char *v)
{
	size_t n = strlen(v);

	if (v[0] != '"' && v[0] != '\'')
		return v;
	if (n < 2 || v[n - 1] != v[0])
		return NULL;
	v[n - 1] = '\0';
	return v + 1;
}

/* A line's key and value, cut in place: 0; 1 for a blank or comment line;
 * -1 for a line without '='; -2 for a quote left open (*key is set). */
static int
split(char *line, char **key, char **val)
{
	char *eq;

	uncomment(line);
	*key = strip(line);
	if (**key == '\0')
		return 1;
	if ((eq = strchr(*key, '=')) == NULL)
		return -1;
	*eq = '\0';
	*key = strip(*key);
	if ((*val = unquote(strip(eq + 1))) == NULL)
		return -2;
	return 0;
}

int
config_parse(
    struct config *c, FILE *f, const char *name, char *err, size_t errlen)
{
	char line[CONFIG_LINE], why[256], seen[NKEYS];
	char *key, *val;
	unsigned lineno = 0;
	size_t i;
	int rc;

	memset(seen, 0, sizeof(seen));
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			snprintf(why, sizeof(why), "line too long");
			goto bad;
		}
		if ((rc = split(line, &key, &val)) == 1)
			continue;
		if (rc == -1) {
			snprintf(why, sizeof(why), "expected key = value");
			goto bad;
		}
		if (rc == -2) {
			snprintf(why, sizeof(why),
			    "%.64s: a quote is not closed", key);
			goto bad;
		}
		for (i = 0; i < NKEYS && strcmp(keys[i].name, key) != 0; i++)
			;
		if (i < NKEYS && seen[i]++) {
			snprintf(why, sizeof(why), "duplicate key \"%s\"", key);
			goto bad;
		}
		if (config_set(c, key, val, why, sizeof(why)) != 0)
			goto bad;
		/* Looked up now, so that an error names the line. */
		if (c->lookup_group && strcmp(key, "socket_group") == 0 &&
		    *val != '\0' && getgrnam(val) == NULL) {
			snprintf(why, sizeof(why),
			    "socket_group: no such group \"%.64s\"", val);
			goto bad;
		}
	}
	return 0;
bad:
	snprintf(err, errlen, "%s:%u: %s", name, lineno, why);
	return -1;
}

/* What a file that is not regular is, for the error. */
static const char *
file_kind(mode_t m)
{
	return S_ISDIR(m)    ? "a directory"
	       : S_ISCHR(m)  ? "a character device"
	       : S_ISBLK(m)  ? "a block device"
	       : S_ISFIFO(m) ? "a FIFO"
	       : S_ISSOCK(m) ? "a socket"
			     : "a special file";
}

/*
 * The null device, under whatever name: "-c /dev/null" means no settings,
 * the defaults, as "ssh -F /dev/null" does. Known by its device number,
 * not by reading: another device may block (a tty) or never end
 * (/dev/zero), and a reload reads in the event loop.
 */
static int
is_null_device(const struct stat *st)
{
	struct stat null;

	return S_ISCHR(st->st_mode) && stat("/dev/null", &null) == 0 &&
	       S_ISCHR(null.st_mode) && null.st_rdev == st->st_rdev;
}

int
config_load(struct config *c, const char *path, char *err, size_t errlen)
{
	struct stat st;
	FILE *f;
	int fd, rc;

	/* O_NONBLOCK: the open of a FIFO would wait for a writer, for ever
	 * (at a reload, in the event loop); it is refused below instead. It
	 * changes nothing for what is read: a regular file, /dev/null. */
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) != 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	/* A directory opens, and reads as empty: the defaults, silently. */
	if (!S_ISREG(st.st_mode) && !is_null_device(&st)) {
		snprintf(err, errlen, "%s: %s, not a regular file or /dev/null",
		    path, file_kind(st.st_mode));
		close(fd);
		return -1;
	}
	if ((f = fdopen(fd, "r")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return -1;
	}
	rc = config_parse(c, f, path, err, errlen);
	fclose(f);
	return rc;
}

/*
 * A string setting as a line that reads back as the same value, for -t.
 * The grammar has quotes but no escapes: a value goes bare if it can (the
 * way it is usually written), else in double quotes, else in single ones;
 * each is tried by reading it back with the parser's own split(). The
 * last form, "key=value", is for a bare value that opens with '#'. A
 * value no line holds (a line break; both quotes arranged so that each
 * exposes a '#'), which only the command line can give, is written as a
 * comment, and -1 returned.
 */
static int
print_string(FILE *f, const char *name, const char *v)
{
	static const char *const form[][2] = {
	    {" = ", ""}, {" = ", "\""}, {" = ", "'"}, {"=", ""}};
	char line[CONFIG_LINE], probe[CONFIG_LINE], *key, *val;
	size_t i;
	int n;

	/* An empty value reads back bare too, but looks like a slip. */
	i = v[0] == '\0' ? 1 : 0;
	for (; i < sizeof(form) / sizeof(form[0]); i++) {
		n = snprintf(line, sizeof(line), "%s%s%s%s%s\n", name,
		    form[i][0], form[i][1], v, form[i][1]);
		if (n < 0 || (size_t)n >= sizeof(line) || strchr(v, '\n'))
			break;
		memcpy(probe, line, (size_t)n + 1); /* split() cuts it up */
		if (split(probe, &key, &val) == 0 && strcmp(val, v) == 0) {
			fputs(line, f);
			return 0;
		}
	}
	fprintf(f, "# %s: its value cannot be written in this file\n", name);
	return -1;
}

int
config_print(const struct config *c, FILE *f, char *err, size_t errlen)
{
	const char *bad = NULL;

	if (print_string(f, "socket", c->socket) != 0 && bad == NULL)
		bad = "socket";
	fprintf(f, "socket_mode = %04o\n", c->socket_mode);
	if (print_string(f, "socket_group", c->socket_group) != 0 &&
	    bad == NULL)
		bad = "socket_group";
	fprintf(f,
	    "threads = %u\nqueue_depth = %zu\nmax_body = %zu\n"
	    "max_headers = %zu\nmax_documents = %zu\nmax_doc_bytes = %zu\n"
	    "max_sentences = %zu\nmax_memory = %zu\nmax_connections = %zu\n"
	    "idle_timeout = %ds\n"
	    "drain_timeout = %ds\nrequest_timeout = %dms\nstall_timeout = %dms\n"
	    "log_level = %s\n",
	    c->threads, c->queue_depth, c->max_body, c->max_headers,
	    c->max_documents, c->max_doc_bytes, c->max_sentences, c->max_memory,
	    c->max_connections, c->idle_timeout, c->drain_timeout,
	    c->request_timeout, c->stall_timeout, log_level_name(c->log_level));
	if (print_string(f, "state_dir", c->state_dir) != 0 && bad == NULL)
		bad = "state_dir";
	fprintf(f,
	    "max_clusters = %zu\nmax_cluster_documents = %zu\n"
	    "max_store_bytes = %zu\nidf_min_documents = %zu\n"
	    "idf_refresh = %ds\nidf_learn_requests = %s\n",
	    c->max_clusters, c->max_cluster_documents, c->max_store_bytes,
	    c->idf_min_documents, c->idf_refresh,
	    c->idf_learn_requests ? "yes" : "no");
	if (bad == NULL)
		return 0;
	snprintf(err, errlen,
	    "%s: its value cannot be written in a config file (a line "
	    "break, or quotes no line can hold)",
	    bad);
	return -1;
}

const char *
config_moot(const struct config *c, char *buf, size_t len)
{
	if (c->max_doc_bytes <= c->max_body)
		return NULL;
	snprintf(buf, len,
	    "max_doc_bytes (%zu) is more than max_body (%zu): no article can "
	    "be larger than the body that carries it",
	    c->max_doc_bytes, c->max_body);
	return buf;
}
