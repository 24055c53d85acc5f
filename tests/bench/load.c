/*
 * load: a small HTTP/1.1 load driver for summd's Unix socket. C threads
 * each keep one connection and POST for a fixed time; it prints requests
 * per second and latency percentiles. Only a socket on this machine is
 * ever a target.
 *
 *   load SOCKET BODY CONCURRENCY SECONDS
 *
 * BODY is one JSON file, sent again and again, or a directory of them:
 * then each client sends them in turn (client i from the i-th on), so
 * that no two requests in a row on a connection are the same.
 */
#define _GNU_SOURCE /* strcasestr */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* A whole request: head and body. */
struct req {
	char *p;
	size_t len;
};

struct worker {
	pthread_t t;
	const char *sock;
	const struct req *req; /* nreq of them, sent in turn from next */
	size_t nreq, next;
	double end;  /* monotonic seconds to stop at */
	double *lat; /* milliseconds of each reply */
	size_t n, cap;
	size_t ok, fail;
};

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
dial(const char *path)
{
	struct sockaddr_un sun;
	int fd;

	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		return -1;
	if (connect(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read one response; returns its status, or -1 if the connection broke. */
static int
response(int fd, char *buf, size_t cap)
{
	size_t have = 0, head = 0, want = 0;
	char *p, *cl;
	ssize_t r;
	int status;

	for (;;) {
		if (have == cap)
			return -1;
		r = read(fd, buf + have, cap - have);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		have += (size_t)r;
		if (head == 0) {
			buf[have < cap ? have : cap - 1] = '\0';
			if ((p = strstr(buf, "\r\n\r\n")) == NULL)
				continue;
			head = (size_t)(p - buf) + 4;
			cl = strcasestr(buf, "\r\nContent-Length:");
			want = cl != NULL && cl < p
				   ? (size_t)strtoul(cl + 17, NULL, 10)
				   : 0;
		}
		if (have >= head + want)
			break;
	}
	if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1)
		return -1;
	return status;
}

static void *
run(void *arg)
{
	struct worker *w = arg;
	static __thread char buf[1 << 20];
	const struct req *req;
	double t0, *nl;
	int fd = -1, st;

	while (now() < w->end) {
		if (fd == -1 && (fd = dial(w->sock)) == -1) {
			w->fail++;
			usleep(1000);
			continue;
		}
		t0 = now();
		req = &w->req[w->next];
		w->next = (w->next + 1) % w->nreq;
		if (write(fd, req->p, req->len) != (ssize_t)req->len ||
		    (st = response(fd, buf, sizeof(buf))) < 0) {
			close(fd);
			fd = -1;
			w->fail++;
			continue;
		}
		if (st != 200) {
			w->fail++;
			continue;
		}
		if (w->n == w->cap) {
			w->cap = w->cap ? w->cap * 2 : 4096;
			if ((nl = realloc(w->lat, w->cap * sizeof(*nl))) ==
			    NULL)
				break;
			w->lat = nl;
		}
		w->lat[w->n++] = (now() - t0) * 1e3;
		w->ok++;
	}
	if (fd != -1)
		close(fd);
	return NULL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The POST of the JSON file path, in *r; 0, or an exit status. */
static int
load_req(const char *path, struct req *r)
{
	char *body, *nb;
	size_t blen = 0, cap = 1 << 16, k;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY)) == -1 || (body = malloc(cap)) == NULL) {
		perror(path);
		if (fd != -1)
			close(fd);
		return 66;
	}
	while ((n = read(fd, body + blen, cap - blen)) > 0) {
		if ((blen += (size_t)n) < cap)
			continue;
		if ((nb = realloc(body, cap * 2)) == NULL) {
			free(body);
			close(fd);
			return 71;
		}
		body = nb;
		cap *= 2;
	}
	close(fd);
	if ((r->p = malloc(blen + 256)) == NULL) {
		free(body);
		return 71;
	}
	k = (size_t)snprintf(r->p, 256,
	    "POST /v1/summarize HTTP/1.1\r\nHost: localhost\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
	    blen);
	memcpy(r->p + k, body, blen);
	r->len = k + blen;
	free(body);
	return 0;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The requests of path, a file or a directory of files, in *reqs. */
static int
load_reqs(const char *path, struct req **reqs, size_t *nreq)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL, **nn, full[4096];
	size_t n = 0, i;
	DIR *d;
	int rc = 0;

	if (stat(path, &st) == -1) {
		perror(path);
		return 66;
	}
	if (!S_ISDIR(st.st_mode)) {
		if ((*reqs = calloc(1, sizeof(**reqs))) == NULL)
			return 71;
		*nreq = 1;
		return load_req(path, *reqs);
	}
	if ((d = opendir(path)) == NULL) {
		perror(path);
		return 66;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if ((nn = realloc(names, (n + 1) * sizeof(*names))) == NULL ||
		    (nn[n] = strdup(de->d_name)) == NULL) {
			closedir(d);
			return 71;
		}
		names = nn;
		n++;
	}
	closedir(d);
	if (n == 0) {
		fprintf(stderr, "%s: no bodies\n", path);
		return 66;
	}
	qsort(names, n, sizeof(*names), cmp_name);
	if ((*reqs = calloc(n, sizeof(**reqs))) == NULL)
		return 71;
	for (i = 0; i < n; i++) {
		snprintf(full, sizeof(full), "%s/%s", path, names[i]);
		if (rc == 0)
			rc = load_req(full, &(*reqs)[i]);
		free(names[i]);
	}
	free(names);
	*nreq = n;
	return rc;
}

int
main(int argc, char **argv)
{
	struct worker *w;
	struct req *reqs;
	size_t nreq = 0, n = 0, i, k, fail = 0;
	double *all, secs, start;
	int c, rc;

	if (argc != 5 || (c = atoi(argv[3])) < 1 ||
	    (secs = atof(argv[4])) <= 0) {
		fprintf(stderr, "usage: load SOCKET BODY.json|DIR CONCURRENCY "
				"SECONDS\n");
		return 64;
	}
	if ((rc = load_reqs(argv[2], &reqs, &nreq)) != 0)
		return rc;
	if ((w = calloc((size_t)c, sizeof(*w))) == NULL)
		return 71;
	start = now();
	for (i = 0; i < (size_t)c; i++) {
		w[i].sock = argv[1];
		w[i].req = reqs;
		w[i].nreq = nreq;
		w[i].next = i % nreq;
		w[i].end = start + secs;
		pthread_create(&w[i].t, NULL, run, &w[i]);
	}
	for (i = 0; i < (size_t)c; i++) {
		pthread_join(w[i].t, NULL);
		n += w[i].n;
		fail += w[i].fail;
	}
	secs = now() - start;
	if ((all = malloc((n + 1) * sizeof(*all))) == NULL)
		return 71;
	for (i = 0, k = 0; i < (size_t)c; i++) {
		memcpy(all + k, w[i].lat, w[i].n * sizeof(*all));
		k += w[i].n;
		free(w[i].lat);
	}
	qsort(all, n, sizeof(*all), cmp_double);
	if (n == 0) {
		printf("clients %d: no successful request (%zu failed)\n", c,
		    fail);
		return 1;
	}
	printf("clients %3d  requests %7zu  failed %zu  %8.0f req/s  "
	       "p50 %.2f ms  p99 %.2f ms\n",
	    c, n, fail, (double)n / secs, all[n / 2],
	    all[n * 99 / 100 < n ? n * 99 / 100 : n - 1]);
	free(all);
	free(w);
	for (i = 0; i < nreq; i++)
		free(reqs[i].p);
	free(reqs);
	return 0;
}
