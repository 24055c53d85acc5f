/*
 * http.c: routes, replies and metrics on the loop thread. The loop only
 * moves bytes: a summarize request's body is copied out and handed to the
 * pool; parsing, the engine and serialization happen on a worker. Every
 * accepted request gets exactly one reply.
 */
#define _GNU_SOURCE /* struct ucred */
#include <sys/ioctl.h>
#include <sys/queue.h>
#include <sys/socket.h>

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/keyvalq_struct.h>
#include <event2/listener.h>

#include "summ.h"
#include "api.h"
#include "clusters.h"
#include "http.h"
#include "log.h"
#include "pool.h"

/* The stored-cluster routes come first, in the order of enum cl_route. */
enum route {
	R_OTHER,
	R_CLUSTERS,
	R_CLUSTER,
	R_DOCUMENT,
	R_CLUSTER_SUMMARY,
	R_IDF,
	R_SUMMARIZE,
	R_HEALTH,
	R_METRICS,
	R_COUNT
};

static const char *const route_name[R_COUNT] = {"other", "/v1/clusters",
    "/v1/clusters/{cluster}", "/v1/clusters/{cluster}/documents/{id}",
    "/v1/clusters/{cluster}/summary", "/v1/idf", "/v1/summarize", "/v1/health",
    "/metrics"};

/* Upper bounds of the latency histogram, in seconds. */
static const double bucket[] = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
#define NBUCKET (sizeof(bucket) / sizeof(bucket[0]))

struct metrics {
	uint64_t requests[R_COUNT][600]; /* by route and status */
	uint64_t latency[NBUCKET + 1];   /* summarize, cumulative later */
	double latency_sum;
	uint64_t latency_count;
	uint64_t documents, bytes, rejected;
};

struct req_job {
	struct job job;
	TAILQ_ENTRY(req_job) entry; /* on http->pending */
	struct http *h;
	struct evhttp_request *req; /* NULL once answered without it */
	char *body;
	size_t len;
	struct api_reply reply;
	uint64_t id;
	struct timespec t0;       /* arrived */
	struct timespec run, ran; /* on a worker: started, finished */
	struct api_limits limits; /* a snapshot: SIGHUP may change h's */
	enum route route;
	struct cl_request creq; /* a stored-cluster route's request */
	char *inm;              /* If-None-Match, copied */
};

/* New connections' bufferevents, until their evhttp connections are
 * known (fresh). */
struct conns {
	void **p;
	size_t n, cap;
};

/* An open connection, at its descriptor's index in h->open, as
 * memcached keeps its connections: found in one step when it closes or
 * a reply on it is written, however many are open. */
struct open {
	struct evhttp_connection *evcon;
	int writing;      /* a reply evhttp is still writing (one at a time) */
	int busy;         /* a request in, its reply not yet written */
	int reading;      /* bytes of a request come, the request not yet in */
	int parser;       /* the status of an answer evhttp is making itself,
			   * -1 once a HEAD's is made (its page is dropped) */
	size_t parser_at; /* where it begins in the output */
	/* From the connection's opening or last reply until its next
	 * request is in: evhttp's own timeout restarts at each byte read,
	 * so a client sending one now and then would hold it for ever.
	 * Made once for the descriptor, kept for its next connections. */
	struct event *deadline;
	struct timespec waiting; /* since when (a reload moves the end) */
};

struct http {
	struct event_base *base;
	struct evhttp *evh;
	struct pool *pool;
	struct clusters *clusters; /* NULL: no state directory */
	struct http_config cfg;
	struct evhttp_bound_socket *bound[16];
	struct event *resume[16]; /* re-enables accept after EMFILE */
	int nbound;
	time_t emfile_logged;
	/*
	 * Connections are counted from accept to close; at max_connections
	 * the listeners stop (full), and further clients wait in the
	 * kernel's backlog until one closes. A new connection's bufferevent
	 * is in fresh, held by a reference, until adopt_ev finds its evhttp
	 * connection in the same turn of the loop; from then on it is in
	 * open (nopen of them), and its close callback counts it out.
	 */
	struct conns fresh;
	struct open *open; /* by descriptor, ncap of them */
	size_t nopen, ncap;
	struct event *adopt_ev;
	int full;
	time_t full_logged;
	int draining;
	time_t late_logged;
	uint64_t nlate;
	uint64_t next_id;
	TAILQ_HEAD(req_jobq, req_job) pending;
	size_t npending;
	size_t nwriting; /* open connections writing */
	size_t nreading; /* open connections with a request arriving */
	struct metrics m;
};

/*
 * The listener's error callback is called with the argument evhttp gave the
 * listener (the evhttp itself), so it finds the server here: summd runs
 * one, set up and torn down on the loop thread.
 */
static struct http *listener_owner;

static double
since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static enum route
route_of(const char *path, struct cl_request *cr, const char **bad)
{
	enum cl_route c;
	size_t n;

	/* No path ends with '/': not a route, whichever one it looks like
	 * ("/v1/clusters/" is no cluster with an empty name). */
	if (path == NULL || ((n = strlen(path)) > 1 && path[n - 1] == '/'))
		return R_OTHER;
	if ((c = clusters_route(path, cr, bad)) != CL_NONE)
		return (enum route)c;
	if (strcmp(path, "/v1/summarize") == 0)
		return R_SUMMARIZE;
	if (strcmp(path, "/v1/health") == 0)
		return R_HEALTH;
	if (strcmp(path, "/metrics") == 0)
		return R_METRICS;
	return R_OTHER;
}

static const char *
method_name(enum evhttp_cmd_type cmd)
{
	switch (cmd) {
	case EVHTTP_REQ_GET:
		return "GET";
	case EVHTTP_REQ_POST:
		return "POST";
	case EVHTTP_REQ_HEAD:
		return "HEAD";
	case EVHTTP_REQ_PUT:
		return "PUT";
	case EVHTTP_REQ_DELETE:
		return "DELETE";
	case EVHTTP_REQ_OPTIONS:
		return "OPTIONS";
	case EVHTTP_REQ_PATCH:
		return "PATCH";
	default:
		return "OTHER";
	}
}

static double
ms_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 +
	       (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* The descriptor of evcon's socket, or -1. */
static int
conn_fd(struct evhttp_connection *evcon)
{
	struct bufferevent *bev;

	if (evcon == NULL ||
	    (bev = evhttp_connection_get_bufferevent(evcon)) == NULL)
		return -1;
	return (int)bufferevent_getfd(bev);
}

/* The client's uid and pid, from the kernel (SO_PEERCRED); -1 if unknown. */
static void
peer(struct evhttp_request *req, long *uid, long *pid)
{
	struct ucred uc;
	socklen_t len = sizeof(uc);
	int fd = conn_fd(evhttp_request_get_connection(req));

	*uid = *pid = -1;
	if (fd >= 0 &&
	    getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &uc, &len) == 0) {
		*uid = (long)uc.uid;
		*pid = (long)uc.pid;
	}
}

/* evcon's place in h->open, or NULL if it is not counted there. */
static struct open *
conn_open(struct http *h, struct evhttp_connection *evcon)
{
	int fd = conn_fd(evcon);

	if (fd < 0 || (size_t)fd >= h->ncap || h->open[fd].evcon != evcon)
		return NULL;
	return &h->open[fd];
}

/* Mark o as having a request on its way (on), or not: a drain waits
 * for such a request, to answer it 503 rather than drop it. */
static void
reading_set(struct http *h, struct open *o, int on)
{
	if (o->reading == on)
		return;
	o->reading = on;
	if (on)
		h->nreading++;
	else
		h->nreading--;
}

/*
 * A connection has idle_timeout from its opening or its last reply to
 * send a whole request; one that has not by then is closed, as an idle
 * one is. Said at most once a second: a slowloris opens hundreds.
 */
static void
deadline_passed(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;
	struct open *o;
	time_t now;

	(void)what;
	if (fd < 0 || (size_t)fd >= h->ncap)
		return;
	o = &h->open[fd];
	if (o->evcon == NULL || o->busy)
		return;
	h->nlate++;
	if ((now = time(NULL)) != h->late_logged) {
		log_info("closing a connection that sent no whole request "
			 "in %d s (idle_timeout; %" PRIu64 " so far)",
		    h->cfg.idle_timeout, h->nlate);
		h->late_logged = now;
	}
	evhttp_connection_free(o->evcon); /* closed() counts it out */
}

/* Start or stop o's wait for its next request. */
static void
deadline_set(struct http *h, struct open *o, int on)
{
	struct timeval tv;

	/* None (out of memory when it opened): evhttp's timeout only. */
	if (o->deadline == NULL)
		return;
	if (!on || o->busy) {
		event_del(o->deadline);
		return;
	}
	tv.tv_sec = h->cfg.idle_timeout;
	tv.tv_usec = 0;
	event_add(o->deadline, &tv);
	clock_gettime(CLOCK_MONOTONIC, &o->waiting);
}

/*
 * A reload's idle_timeout for a connection already waiting: counted from
 * when its wait began, as if it had been the setting then. Kept as it
 * was, a timeout raised would still cut off a client pausing under the
 * new one, and one lowered would leave a slowloris its old time.
 */
static void
deadline_moved(struct http *h, struct open *o)
{
	struct timeval tv = {0, 0};
	double left;

	if (o->deadline == NULL ||
	    !event_pending(o->deadline, EV_TIMEOUT, NULL))
		return;
	if ((left = h->cfg.idle_timeout - since(&o->waiting)) > 0) {
		tv.tv_sec = (time_t)left;
		tv.tv_usec = (suseconds_t)((left - (double)tv.tv_sec) * 1e6);
	}
	event_add(o->deadline, &tv); /* past it: at once */
}

/* evhttp has written the reply; the connection, if it stays, waits for
 * the next request. */
static void
written(struct evhttp_request *req, void *arg)
{
	struct http *h = arg;
	struct open *o = conn_open(h, evhttp_request_get_connection(req));
	struct bufferevent *bev;

	if (o != NULL && o->writing) {
		o->writing = 0;
		h->nwriting--;
		o->busy = 0;
		deadline_set(h, o, 1);
		/* The next request may have come while this one ran. */
		bev = evhttp_connection_get_bufferevent(o->evcon);
		if (bev != NULL &&
		    evbuffer_get_length(bufferevent_get_input(bev)) > 0)
			reading_set(h, o, 1);
	}
}

/* Room in fresh for n more. */
static int
conns_reserve(struct conns *c, size_t n)
{
	size_t ncap = c->cap ? c->cap : 16;
	void **p;

	while (ncap - c->n < n)
		ncap *= 2;
	if (ncap == c->cap)
		return 0;
	if ((p = realloc(c->p, ncap * sizeof(*p))) == NULL)
		return -1;
	c->p = p;
	c->cap = ncap;
	return 0;
}

static void closed(struct evhttp_connection *, void *);

/* Count evcon in h->open; its place, or NULL (out of memory, or no
 * socket: not counted, as a connection evhttp made itself is not). */
static struct open *
conns_add(struct http *h, struct evhttp_connection *evcon)
{
	int fd = conn_fd(evcon);
	size_t ncap;
	struct open *o;

	if (fd < 0)
		return NULL;
	if ((size_t)fd >= h->ncap) {
		for (ncap = h->ncap ? h->ncap : 64; ncap <= (size_t)fd;)
			ncap *= 2;
		if ((o = realloc(h->open, ncap * sizeof(*o))) == NULL)
			return NULL;
		memset(o + h->ncap, 0, (ncap - h->ncap) * sizeof(*o));
		h->open = o;
		h->ncap = ncap;
	}
	o = &h->open[fd];
	if (o->evcon != evcon) {
		/* The descriptor's last connection closed unseen. */
		if (o->evcon != NULL)
			h->nopen--;
		if (o->writing)
			h->nwriting--;
		reading_set(h, o, 0);
		o->evcon = evcon;
		o->writing = o->busy = o->parser = 0;
		h->nopen++;
		if (o->deadline == NULL)
			o->deadline =
			    event_new(h->base, fd, 0, deadline_passed, h);
		deadline_set(h, o, 0);
		evhttp_connection_set_closecb(evcon, closed, h);
	}
	return o;
}

/*
 * Stop accepting at max_connections, and accept again below it (but a
 * listener paused for want of descriptors waits for its timer). Said at
 * most once a second: clients that come and go at the cap flip it often.
 */
static void
conns_limit(struct http *h)
{
	size_t n = h->fresh.n + h->nopen;
	int full = n >= h->cfg.max_connections, i;
	struct evconnlistener *lev;
	time_t now;

	if (full == h->full)
		return;
	h->full = full;
	if (full && (now = time(NULL)) != h->full_logged) {
		log_warn("%zu connections open (max_connections): accepting "
			 "no more until one closes",
		    n);
		h->full_logged = now;
	}
	for (i = 0; i < h->nbound; i++) {
		lev = evhttp_bound_socket_get_listener(h->bound[i]);
		if (full)
			evconnlistener_disable(lev);
		else if (h->resume[i] == NULL ||
			 !event_pending(h->resume[i], EV_TIMEOUT, NULL))
			evconnlistener_enable(lev);
	}
}

/* The connection closes: a reply not written by now never will be, and
 * the connection is counted out. */
static void
closed(struct evhttp_connection *evcon, void *arg)
{
	struct http *h = arg;
	struct open *o = conn_open(h, evcon);

	if (o == NULL)
		return;
	if (o->writing)
		h->nwriting--;
	deadline_set(h, o, 0);
	reading_set(h, o, 0);
	o->evcon = NULL;
	o->writing = o->busy = o->parser = 0;
	h->nopen--;
	conns_limit(h);
}

/*
 * libevent 2.1 reads a socket 4 KiB at a time (EVBUFFER_MAX_READ), each
 * read a turn of the loop, an ioctl(FIONREAD), a readv and a call into
 * evhttp: 14 of them for a 52 KiB request, most of the loop thread's
 * time. A read that came back full says more is waiting: the input
 * buffer's callback reads it at once, in large steps, up to TOP_UP_MAX
 * held, so evhttp sees the request whole. End of file, an error or
 * EAGAIN stop it and are left to the bufferevent's next read, which sees
 * them as it would have. Data added here calls back again (busy).
 */
#define LIBEVENT_READ 4096
#define TOP_UP_STEP   (64 * 1024)
#define TOP_UP_MAX    (256 * 1024)

static void
top_up(struct evbuffer *in, const struct evbuffer_cb_info *info, void *arg)
{
	static int busy; /* the loop thread's */
	struct evbuffer_iovec v;
	struct http *h = listener_owner;
	evutil_socket_t fd;
	ssize_t n;

	/* Bytes on a connection not running a request: one is on its way. */
	if (info->n_added > 0 && h != NULL &&
	    (fd = bufferevent_getfd(arg)) >= 0 && (size_t)fd < h->ncap &&
	    h->open[fd].evcon != NULL && !h->open[fd].busy)
		reading_set(h, &h->open[fd], 1);
	if (busy || info->n_added != LIBEVENT_READ ||
	    (fd = bufferevent_getfd(arg)) < 0)
		return;
	busy = 1;
	while (evbuffer_get_length(in) < TOP_UP_MAX &&
	       evbuffer_reserve_space(in, TOP_UP_STEP, &v, 1) == 1) {
		if ((n = read(fd, v.iov_base, v.iov_len)) <= 0)
			break;
		v.iov_len = (size_t)n;
		evbuffer_commit_space(in, &v, 1);
		if ((size_t)n < TOP_UP_STEP)
			break; /* short: the socket is empty */
	}
	busy = 0;
}

/*
 * evhttp's own answer to what it refuses, as the API's JSON error: a
 * client reads every error alike, whoever made it.
 */
static int
parser_error(const struct http *h, int status, struct api_reply *ar)
{
	char msg[160];
	const char *code = "bad_request";

	switch (status) {
	case 413:
		code = "body_too_large";
		snprintf(msg, sizeof(msg),
		    "the body is over max_body (%zu bytes)", h->cfg.max_body);
		break;
	case 417:
		code = "expectation_failed";
		snprintf(msg, sizeof(msg),
		    "the only Expect summd meets is 100-continue");
		break;
	case 501:
		code = "method_not_implemented";
		snprintf(msg, sizeof(msg),
		    "summd serves GET, HEAD, POST, PUT and DELETE only");
		break;
	case 400:
		snprintf(msg, sizeof(msg),
		    "not an HTTP/1.x request summd can read: a malformed "
		    "request line or Content-Length, or headers over "
		    "max_headers (%zu bytes)",
		    h->cfg.max_headers);
		break;
	default:
		code = "http_error";
		snprintf(
		    msg, sizeof(msg), "the HTTP parser refused the request");
	}
	return api_error(status, code, msg, NULL, ar);
}

/*
 * The answer evhttp began at offset at of out: its header's length, and
 * the whole answer's once its header and the body its Content-Length
 * gives are all there, else 0. No Content-Length (a HEAD's answer, which
 * has no body, though evhttp adds its page after it all the same): the
 * whole answer is the header, and *nolen is set.
 */
static size_t
answer_length(struct evbuffer *out, size_t at, size_t *head, int *nolen)
{
	struct evbuffer_ptr start, end, cl;
	char num[24];
	size_t have = evbuffer_get_length(out), body;
	ev_ssize_t n;

	*nolen = 0;
	if (evbuffer_ptr_set(out, &start, at, EVBUFFER_PTR_SET) != 0)
		return 0;
	end = evbuffer_search(out, "\r\n\r\n", 4, &start);
	if (end.pos < 0)
		return 0;
	*head = (size_t)end.pos + 4 - at;
	cl = evbuffer_search_range(
	    out, "\r\nContent-Length: ", 18, &start, &end);
	if (cl.pos < 0) {
		*nolen = 1;
		return *head;
	}
	if (evbuffer_ptr_set(out, &cl, 18, EVBUFFER_PTR_ADD) != 0 ||
	    (n = evbuffer_copyout_from(out, &cl, num, sizeof(num) - 1)) <= 0)
		return 0;
	num[n] = '\0';
	body = strtoul(num, NULL, 10);
	return have == at + *head + body ? *head + body : 0;
}

/*
 * Puts with (or nothing, if NULL) in place of all of out from offset at
 * on (with is emptied);
 * what is before at stays (a 100 Continue not yet written). -1, out left
 * as it was, if that cannot be done.
 */
static int
replace_from(struct evbuffer *out, size_t at, struct evbuffer *with)
{
	struct evbuffer *keep = evbuffer_new();

	if (keep == NULL)
		return -1;
	if (evbuffer_remove_buffer(out, keep, at) != (int)at) {
		(void)evbuffer_prepend_buffer(out, keep);
		evbuffer_free(keep);
		return -1;
	}
	(void)evbuffer_drain(out, evbuffer_get_length(out));
	if (with != NULL)
		evbuffer_add_buffer(keep, with);
	evbuffer_add_buffer(out, keep);
	evbuffer_free(keep);
	return 0;
}

/*
 * Replaces the answer of len bytes, header of head, at offset at of out
 * (its end) by one with the same status line and headers but for its
 * type and length, and body as its body (none if nobody: a HEAD's, its
 * length still said). -1 (out left as it was) if the header is not the
 * small one evhttp makes.
 */
static int
swap_body(struct evbuffer *out, size_t at, size_t len, size_t head,
    const char *body, size_t blen, int nobody)
{
	char hdr[1024], *line, *eol;
	struct evbuffer_ptr p;
	struct evbuffer *nb;
	int rc;

	if (head >= sizeof(hdr) ||
	    evbuffer_ptr_set(out, &p, at, EVBUFFER_PTR_SET) != 0 ||
	    evbuffer_copyout_from(out, &p, hdr, head) != (ev_ssize_t)head ||
	    evbuffer_get_length(out) != at + len ||
	    (nb = evbuffer_new()) == NULL)
		return -1;
	hdr[head - 2] = '\0'; /* the blank line's */
	for (line = hdr; *line != '\0'; line = eol + 2) {
		if ((eol = strstr(line, "\r\n")) == NULL)
			break;
		*eol = '\0';
		if (strncasecmp(line, "Content-Type:", 13) != 0 &&
		    strncasecmp(line, "Content-Length:", 15) != 0)
			evbuffer_add_printf(nb, "%s\r\n", line);
	}
	evbuffer_add_printf(nb,
	    "Content-Type: application/json\r\nContent-Length: %zu\r\n\r\n",
	    blen);
	if (!nobody)
		evbuffer_add(nb, body, blen);
	rc = replace_from(out, at, nb);
	evbuffer_free(nb);
	return rc;
}

/* Does the header of head bytes at offset at of out close the
 * connection? */
static int
closes(struct evbuffer *out, size_t at, size_t head)
{
	static const char c[] = "\r\nConnection: close\r\n";
	struct evbuffer_ptr p, end;

	if (evbuffer_ptr_set(out, &p, at, EVBUFFER_PTR_SET) != 0)
		return 0;
	end = p;
	if (evbuffer_ptr_set(out, &end, head, EVBUFFER_PTR_ADD) != 0)
		return 0;
	return evbuffer_search_range(out, c, sizeof(c) - 1, &p, &end).pos >= 0;
}

/*
 * Thaws out's start if the bufferevent froze it, as it does after each
 * write (so that only it drains what it writes): until then reading it
 * fails (evbuffer_copyout), and so did every refusal on a connection that
 * had had an answer or a 100 Continue. 1 if it was frozen, to be frozen
 * again.
 */
static int
thaw(struct evbuffer *out)
{
	char c;

	if (evbuffer_get_length(out) == 0 || evbuffer_copyout(out, &c, 1) == 1)
		return 0;
	evbuffer_unfreeze(out, 1);
	return 1;
}

/* parser_reply's step for one addition to o's output: see there. */
static void
parser_step(struct http *h, struct open *o, struct evbuffer *out,
    const struct evbuffer_cb_info *info)
{
	struct api_reply ar;
	struct evbuffer_ptr p;
	char line[13];
	size_t len, head;
	int status, nolen;

	if (o->parser < 0) {
		/* The page evhttp adds after a HEAD's answer: dropped. */
		(void)replace_from(out, info->orig_size, NULL);
		return;
	}
	if (o->parser == 0) {
		/* An answer begins here (after a 100 Continue, maybe). */
		if (evbuffer_ptr_set(
			out, &p, info->orig_size, EVBUFFER_PTR_SET) != 0 ||
		    evbuffer_copyout_from(out, &p, line, 12) != 12)
			return;
		line[12] = '\0';
		if (strncmp(line, "HTTP/1.", 7) != 0 || line[8] != ' ' ||
		    (status = atoi(line + 9)) < 200 || status >= 600)
			return;
		o->parser = status;
		o->parser_at = info->orig_size;
		h->m.requests[R_OTHER][status]++;
		log_info("request - %d from the HTTP parser: summd never saw "
			 "the request",
		    status);
	}
	if ((len = answer_length(out, o->parser_at, &head, &nolen)) == 0)
		return;
	status = o->parser;
	o->parser = 0;
	/* A HEAD's page is dropped only where nothing follows it. */
	if (nolen && !closes(out, o->parser_at, head))
		return;
	if (parser_error(h, status, &ar) != 0)
		return; /* out of memory: evhttp's page goes as it is */
	if (swap_body(out, o->parser_at, len, head, ar.body, ar.len, nolen) ==
		0 &&
	    nolen)
		o->parser = -1; /* evhttp closes the connection after it */
	api_reply_free(&ar);
}

/*
 * What evhttp answers by itself, before summd sees a request: 400 for a
 * malformed one or headers over max_headers, 413 over max_body, 417 for
 * an Expect other than 100-continue, 501 for another method. Seen as an
 * answer begun in the output of a connection that runs no request of
 * summd's (after a 100 Continue not yet written, maybe); its status is
 * counted (route "other") and logged as summd's own answers are.
 * libevent 2.1 has no hook to make it: evhttp adds its status line,
 * headers and HTML page in steps, all before the bufferevent writes, so
 * once the page is all there it is swapped for the JSON error, its other
 * headers ("Connection: close": evhttp closes after it) kept. A HEAD's
 * has no Content-Length, and evhttp's page after it is dropped. A 100
 * Continue is no answer. Anything written meanwhile ends the answer's
 * making: its place in out is no longer known.
 */
static void
parser_reply(
    struct evbuffer *out, const struct evbuffer_cb_info *info, void *arg)
{
	static int busy; /* the loop thread's */
	struct http *h = listener_owner;
	struct open *o;
	evutil_socket_t fd;
	int frozen;

	if (busy || h == NULL || (fd = bufferevent_getfd(arg)) < 0 ||
	    (size_t)fd >= h->ncap || (o = &h->open[fd])->evcon == NULL ||
	    o->busy)
		return;
	if (info->n_deleted > 0 && o->parser > 0)
		o->parser = 0;
	if (info->n_added == 0)
		return;
	frozen = thaw(out);
	busy = 1;
	parser_step(h, o, out, info);
	busy = 0;
	if (frozen)
		evbuffer_freeze(out, 1);
}

/*
 * evhttp's hook for a new connection's bufferevent, made as evhttp makes
 * its own: the one sign of a connection libevent 2.1 gives before its
 * first request. The connection is counted from here; its bufferevent is
 * held (a reference) until conns_adopt, in this turn of the loop, finds
 * the evhttp connection it went to.
 */
static struct bufferevent *
conn_new(struct event_base *base, void *arg)
{
	struct http *h = arg;
	struct bufferevent *bev;

	if (conns_reserve(&h->fresh, 1) != 0 ||
	    (bev = bufferevent_socket_new(base, -1, 0)) == NULL)
		return NULL; /* evhttp makes one: a connection not counted */
	/* Without the top-up, reads stay 4 KiB. */
	(void)evbuffer_add_cb(bufferevent_get_input(bev), top_up, bev);
	(void)evbuffer_add_cb(bufferevent_get_output(bev), parser_reply, bev);
	bufferevent_incref(bev);
	h->fresh.p[h->fresh.n++] = bev;
	event_active(h->adopt_ev, EV_TIMEOUT, 1);
	conns_limit(h);
	return bev;
}

/* The caps and timeout of now on an open connection: evhttp copies its
 * own into a connection only when it opens, and a reload changes them. */
static void
conn_caps(struct http *h, struct evhttp_connection *evcon)
{
	evhttp_connection_set_max_body_size(evcon, (ev_ssize_t)h->cfg.max_body);
	evhttp_connection_set_max_headers_size(
	    evcon, (ev_ssize_t)h->cfg.max_headers);
	evhttp_connection_set_timeout(evcon, h->cfg.idle_timeout);
}

/* The new connections' evhttp connections, from their bufferevents'
 * callback argument; one already freed (evhttp failed to set it up) has
 * no callbacks left, and is counted out. */
static void
conns_adopt(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;
	struct bufferevent *bev;
	bufferevent_event_cb eventcb;
	struct open *o;
	void *evcon;
	size_t i;

	(void)fd;
	(void)what;
	for (i = 0; i < h->fresh.n; i++) {
		bev = h->fresh.p[i];
		/* The event callback, which evhttp clears only when it lets
		 * the bufferevent go (the read callback is also cleared
		 * while it writes). */
		bufferevent_getcb(bev, NULL, NULL, &eventcb, &evcon);
		if (eventcb != NULL && (o = conns_add(h, evcon)) != NULL) {
			conn_caps(h, evcon);
			deadline_set(h, o, 1);
		}
		bufferevent_decref(bev);
	}
	h->fresh.n = 0;
	conns_limit(h);
}

/* Count req's reply as being written until it is, or its connection
 * closes, so that a drain waits for it. */
static void
write_track(struct http *h, struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	struct open *o;

	/* A connection evhttp made itself is counted from here. */
	if (evcon == NULL || (o = conns_add(h, evcon)) == NULL)
		return; /* a dead connection, or untracked: not waited for */
	if (!o->writing) {
		o->writing = 1;
		h->nwriting++;
		deadline_set(h, o, 0); /* evhttp's write timeout from here */
	}
	evhttp_request_set_on_complete_cb(req, written, h);
}

/*
 * Send status and body (a NUL-terminated string of len bytes), count it,
 * and log one line: no byte of the request itself is logged, only the
 * route it matched, so nothing untrusted reaches the log.
 */
static void
reply(struct http *h, struct evhttp_request *req, enum route r, int status,
    const char *type, const char *body, size_t len, uint64_t id,
    const struct timespec *t0, const struct req_job *j)
{
	struct evkeyvalq *out = evhttp_request_get_output_headers(req);
	struct evbuffer *buf = evbuffer_new();
	const char *method = method_name(evhttp_request_get_command(req));
	char rid[32], clen[24];
	double secs = since(t0), qms = 0, rms = 0;
	size_t k, in;
	long uid, pid;

	in = j != NULL
		 ? j->len
		 : evbuffer_get_length(evhttp_request_get_input_buffer(req));
	if (j != NULL && j->run.tv_sec != 0) {
		qms = ms_between(&j->t0, &j->run);
		rms = ms_between(&j->run, &j->ran);
	}
	/* The peer is asked of the kernel only for the log line. */
	uid = pid = -1;
	if (log_enabled(LOG_INFO))
		peer(req, &uid, &pid);
	snprintf(rid, sizeof(rid), "%" PRIu64, id);
	evhttp_add_header(out, "Content-Type", type);
	evhttp_add_header(out, "X-Request-Id", rid);
	if (status == 503)
		evhttp_add_header(out, "Retry-After", "1");
	if (h->draining)
		evhttp_add_header(out, "Connection", "close");
	/* HEAD: the length a GET would carry, and no body (RFC 9110 9.3.2;
	 * evhttp sends what it is given, and on a kept-alive connection the
	 * client would read it as the next answer). */
	if (evhttp_request_get_command(req) == EVHTTP_REQ_HEAD) {
		snprintf(clen, sizeof(clen), "%zu", len);
		evhttp_add_header(out, "Content-Length", clen);
	} else if (buf != NULL && len > 0)
		evbuffer_add(buf, body, len);
	/* req is evhttp's from here on: it may be freed by the send. */
	write_track(h, req);
	/* libevent 2.1 knows no phrase for 422 or 507. */
	evhttp_send_reply(req, status,
	    status == 422   ? "Unprocessable Content"
	    : status == 507 ? "Insufficient Storage"
			    : NULL,
	    buf);
	if (buf != NULL)
		evbuffer_free(buf);

	if (status >= 100 && status < 600)
		h->m.requests[r][status]++;
	if (r == R_SUMMARIZE || r == R_CLUSTER_SUMMARY) {
		for (k = 0; k < NBUCKET && secs > bucket[k]; k++)
			;
		h->m.latency[k]++;
		h->m.latency_sum += secs;
		h->m.latency_count++;
	}
	log_info("request %" PRIu64 " peer_uid=%ld peer_pid=%ld %s %s %d "
		 "in=%zu out=%zu queue_ms=%.3f run_ms=%.3f total_ms=%.3f",
	    id, uid, pid, method, route_name[r], status, in, len, qms, rms,
	    secs * 1e3);
}

static void
reply_error_at(struct http *h, struct evhttp_request *req, enum route r,
    int status, const char *code, const char *msg, const char *field,
    uint64_t id, const struct timespec *t0, const struct req_job *j)
{
	struct api_reply ar;

	if (api_error(status, code, msg, field, &ar) != 0) {
		evhttp_send_error(req, 500, NULL);
		return;
	}
	reply(
	    h, req, r, status, "application/json", ar.body, ar.len, id, t0, j);
	api_reply_free(&ar);
}

static void
reply_error(struct http *h, struct evhttp_request *req, enum route r,
    int status, const char *code, const char *msg, uint64_t id,
    const struct timespec *t0, const struct req_job *j)
{
	reply_error_at(h, req, r, status, code, msg, NULL, id, t0, j);
}

static void
req_job_free(struct req_job *j)
{
	free(j->body);
	free(j->inm);
	api_reply_free(&j->reply);
	free(j);
}

/* On a worker: the engine, or the store. */
static void
job_work(struct job *job)
{
	struct req_job *j = (struct req_job *)job;
	struct clusters *c = j->h->clusters; /* set before any job */
	struct store_idf *snap;

	clock_gettime(CLOCK_MONOTONIC, &j->run);
	if (j->route == R_SUMMARIZE) {
		snap = clusters_idf_acquire(c, &j->limits);
		if (api_summarize(j->body, j->len, &j->limits, &j->reply) != 0)
			j->reply.status = 0; /* not even an error */
		clusters_idf_release(c, snap);
	} else {
		j->creq.body = j->body;
		j->creq.len = j->len;
		j->creq.if_none_match = j->inm;
		j->creq.limits = j->limits;
		clusters_handle(c, &j->creq, &j->reply);
	}
	clock_gettime(CLOCK_MONOTONIC, &j->ran);
}

/* Back on the loop thread. */
static void
job_done(struct job *job)
{
	struct req_job *j = (struct req_job *)job;
	struct http *h = j->h;

	TAILQ_REMOVE(&h->pending, j, entry);
	h->npending--;
	if (j->req != NULL) {
		if (j->reply.etag[0] != '\0')
			evhttp_add_header(
			    evhttp_request_get_output_headers(j->req), "ETag",
			    j->reply.etag);
		if (j->reply.status == 0 ||
		    (j->reply.body == NULL && j->reply.status != 304))
			reply_error(h, j->req, j->route, 500, "internal",
			    "out of memory", j->id, &j->t0, j);
		else {
			if (j->reply.status == 500)
				log_err("request %" PRIu64
					": internal error: %s",
				    j->id, j->reply.body);
			reply(h, j->req, j->route, j->reply.status,
			    "application/json", j->reply.body, j->reply.len,
			    j->id, &j->t0, j);
		}
		h->m.documents += j->reply.documents;
		h->m.bytes += j->reply.bytes;
	}
	req_job_free(j);
}

static int
is_json(struct evhttp_request *req)
{
	const char *ct = evhttp_find_header(
	    evhttp_request_get_input_headers(req), "Content-Type");
	const char *cs;
	size_t n = strlen("application/json");

	/* No type at all is taken as JSON; a different one is not, nor a
	 * charset other than UTF-8 (RFC 8259 8.1). */
	if (ct == NULL)
		return 1;
	if (strncasecmp(ct, "application/json", n) != 0 ||
	    (ct[n] != '\0' && ct[n] != ';' && ct[n] != ' '))
		return 0;
	for (cs = ct + n; (cs = strchr(cs, ';')) != NULL;) {
		while (*++cs == ' ')
			;
		if (strncasecmp(cs, "charset=", 8) != 0)
			continue;
		cs += 8;
		cs += *cs == '"';
		return (strncasecmp(cs, "utf-8", 5) == 0 &&
			   strchr("\"; ", cs[5]) != NULL) ||
		       (strncasecmp(cs, "utf8", 4) == 0 &&
			   strchr("\"; ", cs[4]) != NULL);
	}
	return 1;
}

/* Hand a request to the pool: /v1/summarize, or a stored-cluster route
 * (cr filled). */
static void
submit(struct http *h, struct evhttp_request *req, enum route r,
    const struct cl_request *cr, uint64_t id, const struct timespec *t0)
{
	struct evbuffer *in = evhttp_request_get_input_buffer(req);
	size_t len = evbuffer_get_length(in);
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	const char *inm = evhttp_find_header(
	    evhttp_request_get_input_headers(req), "If-None-Match");
	struct req_job *j;

	if ((cmd == EVHTTP_REQ_POST || cmd == EVHTTP_REQ_PUT) &&
	    !is_json(req)) {
		reply_error(h, req, r, 415, "unsupported_media_type",
		    "the body must be application/json in UTF-8", id, t0, NULL);
		return;
	}
	if (cmd != EVHTTP_REQ_POST && cmd != EVHTTP_REQ_PUT)
		len = 0; /* a GET's or DELETE's body means nothing */
	if ((j = calloc(1, sizeof(*j))) == NULL ||
	    (j->body = malloc(len + 1)) == NULL ||
	    (inm != NULL && (j->inm = strdup(inm)) == NULL)) {
		if (j != NULL)
			free(j->body);
		free(j);
		log_err("request %" PRIu64 ": out of memory", id);
		reply_error(
		    h, req, r, 500, "internal", "out of memory", id, t0, NULL);
		return;
	}
	if (cr != NULL) {
		j->creq = *cr;
		/* With the limits below: a reload before the job runs must
		 * not give it the new one's cached answers and tags. */
		j->creq.settings = clusters_settings(h->clusters);
	}
	j->route = r;
	evbuffer_remove(in, j->body, len);
	j->body[len] = '\0';
	j->len = len;
	j->h = h;
	j->req = req;
	j->id = id;
	j->t0 = *t0;
	j->limits = h->cfg.limits;
	if (h->cfg.request_timeout > 0)
		j->limits.deadline =
		    (uint64_t)t0->tv_sec * 1000000000u + (uint64_t)t0->tv_nsec +
		    (uint64_t)h->cfg.request_timeout * 1000000u;
	j->job.work = job_work;
	j->job.done = job_done;
	if (pool_submit(h->pool, &j->job) != 0) {
		h->m.rejected++;
		/* With j, so that the log line has the request's size. */
		reply_error(h, req, r, 503, "overloaded",
		    "the work queue is full; retry later", id, t0, j);
		req_job_free(j);
		return;
	}
	TAILQ_INSERT_TAIL(&h->pending, j, entry);
	h->npending++;
}

static void
handle_health(struct http *h, struct evhttp_request *req, uint64_t id,
    const struct timespec *t0)
{
	char body[256];
	size_t queued, running;
	int n;

	pool_counts(h->pool, &queued, &running);
	n = snprintf(body, sizeof(body),
	    "{\"status\":\"%s\",\"version\":\"%s\",\"queue\":%zu,"
	    "\"in_flight\":%zu,\"connections\":%zu}",
	    h->draining ? "stopping" : "ok", SUMM_VERSION, queued, running,
	    h->fresh.n + h->nopen);
	reply(h, req, R_HEALTH, h->draining ? 503 : 200, "application/json",
	    body, (size_t)n, id, t0, NULL);
}

static void
handle_metrics(struct http *h, struct evhttp_request *req, uint64_t id,
    const struct timespec *t0)
{
	struct evbuffer *b = evbuffer_new();
	uint64_t cum = 0;
	size_t r, s, k, len, queued, running;
	char *text;

	if (b == NULL) {
		evhttp_send_error(req, 500, NULL);
		return;
	}
	pool_counts(h->pool, &queued, &running);
	evbuffer_add_printf(b,
	    "# HELP summd_requests_total Requests answered, by route and "
	    "status.\n# TYPE summd_requests_total counter\n");
	for (r = 0; r < R_COUNT; r++)
		for (s = 100; s < 600; s++)
			if (h->m.requests[r][s] != 0)
				evbuffer_add_printf(b,
				    "summd_requests_total{route=\"%s\","
				    "status=\"%zu\"} %" PRIu64 "\n",
				    route_name[r], s, h->m.requests[r][s]);
	evbuffer_add_printf(b,
	    "# HELP summd_request_duration_seconds Time from request to reply "
	    "for summaries (/v1/summarize and stored clusters').\n"
	    "# TYPE summd_request_duration_seconds histogram\n");
	for (k = 0; k <= NBUCKET; k++) {
		cum += h->m.latency[k];
		if (k < NBUCKET)
			evbuffer_add_printf(b,
			    "summd_request_duration_seconds_bucket{le=\"%g\"} "
			    "%" PRIu64 "\n",
			    bucket[k], cum);
		else
			evbuffer_add_printf(b,
			    "summd_request_duration_seconds_bucket{le=\"+Inf\"}"
			    " %" PRIu64 "\n",
			    cum);
	}
	evbuffer_add_printf(b,
	    "summd_request_duration_seconds_sum %.6f\n"
	    "summd_request_duration_seconds_count %" PRIu64 "\n"
	    "# HELP summd_queue_depth Jobs waiting for a worker.\n"
	    "# TYPE summd_queue_depth gauge\nsummd_queue_depth %zu\n"
	    "# HELP summd_jobs_in_flight Jobs running on workers.\n"
	    "# TYPE summd_jobs_in_flight gauge\nsummd_jobs_in_flight %zu\n"
	    "# HELP summd_rejected_total Requests refused with 503 because "
	    "the queue was full.\n"
	    "# TYPE summd_rejected_total counter\nsummd_rejected_total "
	    "%" PRIu64 "\n"
	    "# HELP summd_documents_total Documents received: summarized, "
	    "stored or counted into the learned IDF.\n"
	    "# TYPE summd_documents_total counter\nsummd_documents_total "
	    "%" PRIu64 "\n"
	    "# HELP summd_bytes_total Bytes of document text received.\n"
	    "# TYPE summd_bytes_total counter\nsummd_bytes_total %" PRIu64 "\n"
	    "# HELP summd_connections Client connections open.\n"
	    "# TYPE summd_connections gauge\nsummd_connections %zu\n"
	    "# HELP summd_connections_max Connections summd keeps open at "
	    "once (max_connections).\n"
	    "# TYPE summd_connections_max gauge\nsummd_connections_max %zu\n",
	    h->m.latency_sum, h->m.latency_count, queued, running,
	    h->m.rejected, h->m.documents, h->m.bytes, h->fresh.n + h->nopen,
	    h->cfg.max_connections);
	len = evbuffer_get_length(b);
	if ((text = malloc(len + 1)) != NULL) {
		evbuffer_remove(b, text, len);
		text[len] = '\0';
		reply(h, req, R_METRICS, 200, "text/plain; version=0.0.4", text,
		    len, id, t0, NULL);
		free(text);
	} else
		evhttp_send_error(req, 500, NULL);
	evbuffer_free(b);
}

/*
 * What is wrong with req's headers, NULL if nothing; *field names the
 * header. evhttp lets control bytes (CR, DEL, ...) through in header
 * values; RFC 9110 says such a message is invalid, and nothing downstream
 * should ever see one. Nor a request framed two ways, or with two
 * lengths, or with a body whose end evhttp cannot find: each is how a
 * request is smuggled past a proxy that reads the framing otherwise.
 */
static const char *
headers_fault(struct evhttp_request *req, const char **field)
{
	struct evkeyvalq *hs = evhttp_request_get_input_headers(req);
	struct evkeyval *kv;
	const unsigned char *p;
	int lengths = 0, codings = 0, types = 0;

	*field = "Transfer-Encoding";
	/* libevent before Debian's 2.1.12-stable-8+deb12u1 lets both
	 * through. */
	if (evhttp_find_header(hs, "Content-Length") != NULL &&
	    evhttp_find_header(hs, "Transfer-Encoding") != NULL)
		return "the request has both Content-Length and "
		       "Transfer-Encoding";
	TAILQ_FOREACH(kv, hs, next)
	{
		*field = kv->key;
		/* evhttp reads the body by the first of two; a proxy may
		 * have read it by the other (RFC 9112 6.3). */
		if (strcasecmp(kv->key, "Content-Length") == 0 && ++lengths > 1)
			return "the request has two Content-Length headers";
		/* Only the first would be checked (is_json), and a proxy or
		 * the client may have meant the other. */
		if (strcasecmp(kv->key, "Content-Type") == 0 && ++types > 1)
			return "the request has two Content-Type headers";
		/*
		 * evhttp reads a body as chunked only for the one value
		 * "chunked", and otherwise as empty: the body of
		 * "identity" or "gzip, chunked" would be read as the next
		 * request (RFC 9112 6.1: 400, and the connection closed).
		 */
		if (strcasecmp(kv->key, "Transfer-Encoding") == 0 &&
		    (++codings > 1 || strcasecmp(kv->value, "chunked") != 0))
			return "Transfer-Encoding is other than chunked alone: "
			       "the body's end cannot be found";
		for (p = (const unsigned char *)kv->key; *p != '\0'; p++)
			if (*p <= ' ' || *p == 0x7f)
				return "a header's name holds a control "
				       "character or a space";
		for (p = (const unsigned char *)kv->value; *p != '\0'; p++)
			if ((*p < ' ' && *p != '\t') || *p == 0x7f)
				return "a header's value holds a control "
				       "character";
	}
	return NULL;
}

/* Is cmd allowed on route r? *allow is the route's Allow header. */
static int
method_ok(enum route r, const struct cl_request *cr, enum evhttp_cmd_type cmd,
    const char **allow)
{
	if (r < R_SUMMARIZE) {
		*allow = clusters_allow(cr->route);
		return cmd != EVHTTP_REQ_OPTIONS &&
		       clusters_allows(cr->route, cr->method);
	}
	if (r == R_SUMMARIZE) {
		*allow = "POST";
		return cmd == EVHTTP_REQ_POST;
	}
	*allow = "GET, HEAD";
	return cmd == EVHTTP_REQ_GET || cmd == EVHTTP_REQ_HEAD;
}

/*
 * The name of a query string's first parameter ("since" of "since=5&x"),
 * into out: a request's options are in its body, and one given in the URL
 * ("?since=5", "?limit=10") would be ignored without a word. Empty unless the
 * name is plain letters, digits and _ . - (it goes into the answer's JSON).
 */
static void
query_param(const char *q, char *out, size_t size)
{
	size_t n = strcspn(q, "=&;");

	out[0] = '\0';
	if (n == 0 || n >= size ||
	    strspn(q, "abcdefghijklmnopqrstuvwxyz"
		      "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		      "0123456789_.-") < n)
		return;
	memcpy(out, q, n);
	out[n] = '\0';
}

static void
handle(struct evhttp_request *req, void *arg)
{
	struct http *h = arg;
	const struct evhttp_uri *uri = evhttp_request_get_evhttp_uri(req);
	enum evhttp_cmd_type cmd = evhttp_request_get_command(req);
	struct cl_request cr;
	const char *bad = NULL, *allow, *fault, *field;
	const char *path = uri ? evhttp_uri_get_path(uri) : NULL;
	enum route r;
	struct timespec t0;
	uint64_t id = ++h->next_id;
	struct open *o;
	char msg[128];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* It is in: no deadline until its reply is written. */
	if ((o = conns_add(h, evhttp_request_get_connection(req))) != NULL) {
		o->busy = 1;
		deadline_set(h, o, 0);
		reading_set(h, o, 0);
	}
	memset(&cr, 0, sizeof(cr));
	r = route_of(path, &cr, &bad);
	if ((fault = headers_fault(req, &field)) != NULL) {
		/* What follows on this connection cannot be trusted. */
		evhttp_add_header(evhttp_request_get_output_headers(req),
		    "Connection", "close");
		reply_error_at(
		    h, req, r, 400, "bad_header", fault, field, id, &t0, NULL);
		return;
	}
	if (h->draining) {
		reply_error(h, req, r, 503, "shutting_down",
		    "summd is shutting down", id, &t0, NULL);
		return;
	}
	if (r == R_OTHER) {
		reply_error(h, req, r, 404, "not_found",
		    path != NULL && strlen(path) > 1 &&
			    path[strlen(path) - 1] == '/'
			? "no such route: no path of summd's ends with /"
			: "no such route",
		    id, &t0, NULL);
		return;
	}
	if (r < R_SUMMARIZE && bad != NULL) {
		snprintf(msg, sizeof(msg),
		    "%s %s is 1 to %d letters, digits and . _ -%s, not . or ..",
		    *bad == 'i' ? "an" : "a", bad,
		    *bad == 'c' ? CLUSTER_NAME_MAX : DOCUMENT_ID_MAX,
		    *bad == 'c' ? "" : " ~");
		reply_error_at(
		    h, req, r, 400, "invalid_name", msg, bad, id, &t0, NULL);
		return;
	}
	/* A probe may add a query to the health check or the metrics
	 * (a cache-buster, a scraper's params); nothing else takes one. */
	if (r != R_HEALTH && r != R_METRICS && uri != NULL &&
	    evhttp_uri_get_query(uri) != NULL) {
		query_param(evhttp_uri_get_query(uri), msg, sizeof(msg));
		reply_error_at(h, req, r, 400, "unknown_field",
		    "summd's routes take no query string: options go in the "
		    "JSON body",
		    *msg != '\0' ? msg : NULL, id, &t0, NULL);
		return;
	}
	cr.route = (enum cl_route)(r < R_SUMMARIZE ? r : R_OTHER);
	cr.method = cmd == EVHTTP_REQ_PUT      ? CL_PUT
		    : cmd == EVHTTP_REQ_POST   ? CL_POST
		    : cmd == EVHTTP_REQ_DELETE ? CL_DELETE
					       : CL_GET;
	if (!method_ok(r, &cr, cmd, &allow)) {
		evhttp_add_header(
		    evhttp_request_get_output_headers(req), "Allow", allow);
		reply_error(h, req, r, 405, "method_not_allowed",
		    "method not allowed on this route", id, &t0, NULL);
		return;
	}
	if (r < R_SUMMARIZE && h->clusters == NULL) {
		reply_error(h, req, r, 404, "no_store",
		    "summd runs without a state directory (state_dir is "
		    "empty), so it keeps no clusters",
		    id, &t0, NULL);
		return;
	}
	switch (r) {
	case R_SUMMARIZE:
		submit(h, req, r, NULL, id, &t0);
		break;
	case R_CLUSTERS:
	case R_CLUSTER:
	case R_DOCUMENT:
	case R_CLUSTER_SUMMARY:
	case R_IDF:
		submit(h, req, r, &cr, id, &t0);
		break;
	case R_HEALTH:
		handle_health(h, req, id, &t0);
		break;
	default:
		handle_metrics(h, req, id, &t0);
		break;
	}
}

int
http_new(struct event_base *base, struct pool *pool, struct clusters *clusters,
    const struct http_config *cfg, struct http **out)
{
	struct http *h;

	if ((h = calloc(1, sizeof(*h))) == NULL)
		return -1;
	h->base = base;
	h->pool = pool;
	h->clusters = clusters;
	h->cfg = *cfg;
	TAILQ_INIT(&h->pending);
	if ((h->evh = evhttp_new(base)) == NULL ||
	    (h->adopt_ev = event_new(base, -1, 0, conns_adopt, h)) == NULL) {
		if (h->evh != NULL)
			evhttp_free(h->evh);
		free(h);
		return -1;
	}
	evhttp_set_bevcb(h->evh, conn_new, h);
	evhttp_set_max_body_size(h->evh, (ev_ssize_t)cfg->max_body);
	evhttp_set_max_headers_size(h->evh, (ev_ssize_t)cfg->max_headers);
	evhttp_set_timeout(h->evh, cfg->idle_timeout);
	/* Other methods (TRACE, CONNECT) get evhttp's 501. */
	evhttp_set_allowed_methods(
	    h->evh, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_HEAD |
			EVHTTP_REQ_PUT | EVHTTP_REQ_DELETE);
	evhttp_set_default_content_type(h->evh, "application/json");
	evhttp_set_gencb(h->evh, handle, h);
	listener_owner = h;
	*out = h;
	return 0;
}

static void
accept_resume(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	if (listener_owner == NULL || !listener_owner->full)
		evconnlistener_enable(arg);
}

/*
 * accept() failed for a reason other than a passing one. Out of file
 * descriptors, the listener would wake at once and fail again: stop
 * accepting for half a second instead of spinning (as tmux does), and say
 * so at most once a second.
 */
static void
accept_error(struct evconnlistener *lev, void *arg)
{
	struct http *h = listener_owner;
	struct timeval later = {0, 500 * 1000};
	int err = EVUTIL_SOCKET_ERROR(), i, pause;
	time_t now = time(NULL);

	(void)arg; /* evhttp's own argument, not ours */
	if (h == NULL)
		return;
	pause =
	    err == EMFILE || err == ENFILE || err == ENOBUFS || err == ENOMEM;
	if (now != h->emfile_logged) {
		log_warn("accept: %s%s", strerror(err),
		    pause ? "; pausing for 0.5 s" : "");
		h->emfile_logged = now;
	}
	if (!pause)
		return;
	for (i = 0; i < h->nbound; i++)
		if (evhttp_bound_socket_get_listener(h->bound[i]) == lev &&
		    h->resume[i] != NULL) {
			evconnlistener_disable(lev);
			event_add(h->resume[i], &later);
		}
}

int
http_listen(struct http *h, int fd)
{
	struct evhttp_bound_socket *b;
	struct evconnlistener *lev;
	int i = h->nbound;

	if (i == (int)(sizeof(h->bound) / sizeof(h->bound[0])))
		return -1;
	if ((b = evhttp_accept_socket_with_handle(h->evh, fd)) == NULL)
		return -1;
	lev = evhttp_bound_socket_get_listener(b);
	h->bound[i] = b;
	if ((h->resume[i] = event_new(h->base, -1, 0, accept_resume, lev)) ==
	    NULL)
		log_warn("listener: no timer: accept will not pause when "
			 "out of file descriptors");
	evconnlistener_set_error_cb(lev, accept_error);
	h->nbound++;
	return 0;
}

void
http_reconfigure(struct http *h, const struct http_config *cfg)
{
	size_t i;

	h->cfg = *cfg;
	evhttp_set_max_body_size(h->evh, (ev_ssize_t)cfg->max_body);
	evhttp_set_max_headers_size(h->evh, (ev_ssize_t)cfg->max_headers);
	evhttp_set_timeout(h->evh, cfg->idle_timeout);
	/* Kept-alive connections too: a client pooling its connections
	 * would otherwise keep the caps of its first. */
	for (i = 0; i < h->ncap; i++)
		if (h->open[i].evcon != NULL) {
			conn_caps(h, h->open[i].evcon);
			deadline_moved(h, &h->open[i]);
		}
	conns_limit(h);
}

void
http_drain(struct http *h)
{
	int i;

	h->draining = 1;
	for (i = 0; i < h->nbound; i++) {
		if (h->resume[i] != NULL)
			event_free(h->resume[i]);
		h->resume[i] = NULL;
		evhttp_del_accept_socket(h->evh, h->bound[i]);
	}
	h->nbound = 0;
}

size_t
http_pending(const struct http *h)
{
	return h->npending;
}

size_t
http_writing(const struct http *h)
{
	return h->nwriting;
}

size_t
http_arriving(const struct http *h)
{
	return h->nreading;
}

/*
 * At the end of a drain, close the connections with no request on them:
 * left open to the loop's exit, one on which a client began a request in
 * those last moments had its headers and part of its body taken, then was
 * cut off unanswered. One whose client has sent bytes summd has not read
 * yet is counted as arriving instead, to be waited for and answered.
 */
size_t
http_close_idle(struct http *h)
{
	struct open *o;
	size_t fd;
	int n;

	for (fd = 0; fd < h->ncap; fd++) {
		o = &h->open[fd];
		if (o->evcon == NULL || o->busy || o->writing || o->reading)
			continue;
		if (ioctl((int)fd, FIONREAD, &n) == 0 && n > 0)
			reading_set(h, o, 1);
		else
			evhttp_connection_free(o->evcon); /* closed() */
	}
	return h->nreading;
}

void
http_abandon(struct http *h)
{
	struct req_job *j;

	/* Jobs still running at the drain deadline: tell their clients. A
	 * worker may be writing the job's times: the reply does not read
	 * the job (found by TSan). */
	TAILQ_FOREACH(j, &h->pending, entry)
	{
		if (j->req == NULL)
			continue;
		reply_error(h, j->req, j->route, 503, "shutting_down",
		    "summd is shutting down", j->id, &j->t0, NULL);
		j->req = NULL;
	}
}

void
http_free(struct http *h)
{
	size_t k;
	int i;

	if (h == NULL)
		return;
	if (listener_owner == h)
		listener_owner = NULL;
	for (i = 0; i < h->nbound; i++)
		if (h->resume[i] != NULL)
			event_free(h->resume[i]);
	h->nbound = 0; /* evhttp_free frees the listeners first */
	/* Each connection's close forgets its write and counts it out. */
	evhttp_free(h->evh);
	conns_adopt(-1, 0, h); /* lets go of any still held */
	event_free(h->adopt_ev);
	for (k = 0; k < h->ncap; k++)
		if (h->open[k].deadline != NULL)
			event_free(h->open[k].deadline);
	free(h->fresh.p);
	free(h->open);
	free(h);
}
