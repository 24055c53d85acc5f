/*
 * load: a small HTTP/1.1 load driver for summd's Unix socket. C threads
 * each keep one connection and send the same POST for a fixed time; it
 * prints requests per second and latency percentiles. Only a socket on this
 * machine is ever a target.
 *
 *   load SOCKET BODY.json CONCURRENCY SECONDS
 */
#define _GNU_SOURCE /* strcasestr */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

struct worker {
	pthread_t t;
	const char *sock;
	const char *req; /* the whole request: head and body */
	size_t reqlen;
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
	double t0, *nl;
	int fd = -1, st;

	while (now() < w->end) {
		if (fd == -1 && (fd = dial(w->sock)) == -1) {
			w->fail++;
			usleep(1000);
			continue;
		}
		t0 = now();
		if (write(fd, w->req, w->reqlen) != (ssize_t)w->reqlen ||
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

int
main(int argc, char **argv)
{
	struct worker *w;
	char *body, *req;
	size_t blen = 0, cap = 1 << 16, n = 0, i, k, fail = 0;
	double *all, secs, start;
	ssize_t r;
	int c, fd;

	if (argc != 5 || (c = atoi(argv[3])) < 1 ||
	    (secs = atof(argv[4])) <= 0) {
		fprintf(stderr, "usage: load SOCKET BODY.json CONCURRENCY "
				"SECONDS\n");
		return 64;
	}
	if ((fd = open(argv[2], O_RDONLY)) == -1 ||
	    (body = malloc(cap)) == NULL) {
		perror(argv[2]);
		return 66;
	}
	while ((r = read(fd, body + blen, cap - blen)) > 0) {
		char *nb;

		if ((blen += (size_t)r) < cap)
			continue;
		if ((nb = realloc(body, cap * 2)) == NULL) {
			free(body);
			return 71;
		}
		body = nb;
		cap *= 2;
	}
	close(fd);
	if ((req = malloc(blen + 256)) == NULL ||
	    (w = calloc((size_t)c, sizeof(*w))) == NULL)
		return 71;
	k = (size_t)snprintf(req, 256,
	    "POST /v1/summarize HTTP/1.1\r\nHost: localhost\r\n"
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
	    blen);
	memcpy(req + k, body, blen);
	start = now();
	for (i = 0; i < (size_t)c; i++) {
		w[i].sock = argv[1];
		w[i].req = req;
		w[i].reqlen = k + blen;
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
	free(req);
	free(body);
	return 0;
}
