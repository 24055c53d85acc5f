/*
 * http.h: the HTTP side of summd: evhttp on the listening sockets, the
 * routes, limits, metrics and replies. Runs on the loop thread only.
 */
#ifndef HTTP_H
#define HTTP_H

#include <stddef.h>

#include "api.h"

struct event_base;
struct pool;
struct http;
struct clusters;

struct http_config {
	size_t max_body;        /* bytes of a request body */
	size_t max_headers;     /* bytes of a request's headers */
	size_t max_connections; /* open at once; more wait to be accepted */
	int idle_timeout;       /* seconds a connection may sit idle */
	int request_timeout;    /* ms from arrival to reply; 0: none */
	struct api_limits limits;
};

/* clusters may be NULL: the stored-cluster routes then answer 404. */
int http_new(struct event_base *base, struct pool *pool,
    struct clusters *clusters, const struct http_config *cfg,
    struct http **out);
/* Apply reloadable settings (limits, timeouts) to new requests. */
void http_reconfigure(struct http *h, const struct http_config *cfg);
/* Serve on a listening socket (summd's own or systemd's). */
int http_listen(struct http *h, int fd);
/* Stop accepting; answer new requests on open connections with 503. */
void http_drain(struct http *h);
/* Requests accepted whose reply has not been sent. */
size_t http_pending(const struct http *h);
/* Replies sent that evhttp has not finished writing to their clients. */
size_t http_writing(const struct http *h);
/* Connections on which a request is arriving, not yet whole. */
size_t http_arriving(const struct http *h);
/* Close the connections with no request on them, as a drain ends; how
 * many are arriving now (bytes sent, not yet read: not closed). */
size_t http_close_idle(struct http *h);
/* Answer 503 to every request whose job is still queued or running. */
void http_abandon(struct http *h);
void http_free(struct http *h);

#endif
