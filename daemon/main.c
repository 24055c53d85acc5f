/*
 * main.c: summd's life: settings, sockets, the worker pool, the event loop,
 * signals and an orderly exit. It runs in the foreground, never forks and
 * writes no pidfile: systemd (or whoever started it) supervises it.
 */
#include <sys/types.h>

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <malloc.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>
#include <event2/thread.h>

#include "summ.h"
#include "config.h"
#include "clusters.h"
#include "http.h"
#include "listen.h"
#include "log.h"
#include "notify.h"
#include "pool.h"

#define EX_USAGE_  64
#define EX_CONFIG_ 78

#define NFLAGS 8

#define NLISTEN 16 /* as many as http_listen() takes */

struct summd {
	struct config cfg;
	const char *config_path; /* NULL: none (no default file either) */
	/* The command line's settings: they win over the file, at start and
	 * at every reload. */
	const char *flag_key[NFLAGS], *flag_val[NFLAGS];
	int nflags;
	struct event_base *base;
	struct pool *pool;
	struct http *http;
	struct store *store;       /* NULL: no state directory */
	struct clusters *clusters; /* the routes over it */
	struct event *sigterm, *sigint, *sighup;
	struct event *drain_tick, *watchdog;
	struct timespec drain_start;
	int listen_fd[NLISTEN], nlisten;
	int own_socket;          /* we bound it, so we remove it */
	struct listen_file made; /* which file that is */
	int stopping;
	int abandoned;
	int stalled; /* watchdog pings held back */
};

static void
store_limits_from(const struct config *c, struct store_limits *sl)
{
	memset(sl, 0, sizeof(*sl));
	sl->max_clusters = c->max_clusters;
	sl->max_documents = c->max_cluster_documents;
	sl->max_bytes = c->max_store_bytes;
	sl->idf_min_documents = c->idf_min_documents;
	sl->idf_refresh = (unsigned)c->idf_refresh;
}

static void
http_config_from(
    const struct config *c, struct clusters *clusters, struct http_config *hc)
{
	memset(hc, 0, sizeof(*hc));
	hc->max_body = c->max_body;
	hc->max_headers = c->max_headers;
	hc->max_connections = c->max_connections;
	hc->idle_timeout = c->idle_timeout;
	hc->request_timeout = c->request_timeout;
	hc->limits.max_documents = c->max_documents;
	hc->limits.max_doc_bytes = c->max_doc_bytes;
	hc->limits.max_sentences = c->max_sentences;
	hc->limits.max_memory = c->max_memory;
	if (c->idf_learn_requests && clusters != NULL) {
		hc->limits.learn = clusters_learn;
		hc->limits.learn_arg = clusters;
	}
}

/* The usage line: on stdout and exit 0 when asked for (-h), else on
 * stderr and exit 64. */
static void
usage_to(FILE *f, int rc)
{
	fprintf(f, "usage: summd [-tV] [-c FILE] [-s SOCKET] [--threads N] "
		   "[--state-dir DIR]\n"
		   "             [--log-level error|warn|info|debug]\n");
	exit(rc);
}

static void
usage(void)
{
	usage_to(stderr, EX_USAGE_);
}

/*
 * Started with 0, 1 or 2 closed (2>&-, a supervisor that closes them), the
 * first descriptors summd opens would take their places: libevent's signal
 * pipe became fd 2, and every log line went into it, where the loop reads
 * bytes as signal numbers and a full pipe loses the byte of a SIGTERM.
 * Fill the gaps with /dev/null first.
 */
static void
std_fds(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) != -1 &&
	       fd <= STDERR_FILENO)
		fcntl(fd, F_SETFD, 0); /* a standard fd, kept across exec */
	if (fd > STDERR_FILENO)
		close(fd);
}

static double
elapsed(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) +
	       (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

/* End the drain now: the requests still running are answered 503, and the
 * loop stops once those replies have had a moment to leave. */
static void
abandon(struct summd *d)
{
	struct timeval flush = {0, 100 * 1000};

	http_abandon(d->http);
	d->abandoned = 1;
	event_del(d->drain_tick);
	event_base_loopexit(d->base, &flush);
}

/* Every 50 ms while draining: done when nothing is pending and every reply
 * is written, or give the stragglers a 503 at the deadline. */
static void
drain_tick(evutil_socket_t fd, short what, void *arg)
{
	struct summd *d = arg;
	struct timeval flush = {0, 100 * 1000};

	(void)fd;
	(void)what;
	/* A request still arriving is waited for too, to be answered 503
	 * rather than cut off half sent; and none may begin once it is
	 * done (the idle connections are closed then). */
	if (http_pending(d->http) == 0 && http_writing(d->http) == 0 &&
	    http_arriving(d->http) == 0 && http_close_idle(d->http) == 0) {
		/* Let the last replies reach their sockets, then stop. */
		event_del(d->drain_tick);
		event_base_loopexit(d->base, &flush);
		return;
	}
	if (elapsed(&d->drain_start) >= d->cfg.drain_timeout && !d->abandoned) {
		log_warn("drain deadline: answering %zu requests with 503, "
			 "closing %zu connections still sending one",
		    http_pending(d->http), http_arriving(d->http));
		abandon(d);
	}
}

/*
 * READY=1 with the line "systemctl status" shows: after a failed reload,
 * its error, which the reload's own exit status (kill's) cannot carry.
 * A line break in it (a file name may hold one) would end the line.
 */
static void
ready(const struct summd *d, const char *failed)
{
	char msg[700], *p;

	snprintf(msg, sizeof(msg), "READY=1\nSTATUS=serving, %u worker%s%s%s",
	    d->cfg.threads, d->cfg.threads == 1 ? "" : "s",
	    failed != NULL ? "; reload failed, old settings kept: " : "",
	    failed != NULL ? failed : "");
	for (p = msg + strlen("READY=1\n"); (p = strchr(p, '\n')) != NULL;)
		*p = ' ';
	notify_send(msg);
}

static void
on_stop(evutil_socket_t sig, short what, void *arg)
{
	struct summd *d = arg;
	struct timeval tick = {0, 50 * 1000};
	char status[128];

	(void)what;
	/* A second signal is an operator who will not wait for the drain
	 * (systemd's stop, then a ^C): end it as its deadline would. */
	if (d->stopping) {
		if (d->abandoned)
			return;
		log_warn("second signal %d: ending the drain, answering %zu "
			 "requests with 503",
		    (int)sig, http_pending(d->http));
		abandon(d);
		return;
	}
	d->stopping = 1;
	if (http_arriving(d->http) > 0)
		log_info("signal %d: stopping; %zu requests in flight, %zu "
			 "arriving",
		    (int)sig, http_pending(d->http), http_arriving(d->http));
	else
		log_info("signal %d: stopping; %zu requests in flight",
		    (int)sig, http_pending(d->http));
	snprintf(status, sizeof(status),
	    "STOPPING=1\nSTATUS=stopping: %zu requests in flight",
	    http_pending(d->http));
	notify_send(status);
	http_drain(d->http);
	/* Nobody is served there any more: the path is free for a new
	 * summd while this one drains (and stays its, if one starts). */
	if (d->own_socket) {
		listen_unlink(d->cfg.socket, &d->made);
		d->own_socket = 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &d->drain_start);
	event_add(d->drain_tick, &tick);
	drain_tick(-1, 0, d);
}

/*
 * The settings from nothing: the defaults, then the file, then the
 * command line. 0, or -1 with err set and *usage_err saying whether the
 * command line was at fault.
 */
static int
settings(const struct summd *d, struct config *c, char *err, size_t errlen,
    int *usage_err, int start)
{
	char msg[480];
	int i;

	*usage_err = 0;
	config_defaults(c);
	/* With systemd's sockets socket_group is not used: a group that is
	 * not there must not keep summd from starting. */
	c->lookup_group = start && !notify_activated();
	if (d->config_path != NULL &&
	    config_load(c, d->config_path, err, errlen) != 0)
		return -1;
	for (i = 0; i < d->nflags; i++)
		if (config_set(c, d->flag_key[i], d->flag_val[i], msg,
			sizeof(msg)) != 0) {
			snprintf(err, errlen, "command line: %s", msg);
			*usage_err = 1;
			return -1;
		}
	return 0;
}

#define KEYS_SOCKET 1 /* socket, socket_mode, socket_group */
#define KEYS_OTHER  2 /* threads, queue_depth, state_dir */

/* The keys of the kinds asked for that differ between old and new but are
 * taken only at start, named in buf ("socket_mode, threads"); how many. */
static int
restart_keys(const struct config *old, const struct config *new, int kinds,
    char *buf, size_t len)
{
	const char *name[6];
	int n = 0, i;
	size_t off = 0;

	if (kinds & KEYS_SOCKET) {
		if (strcmp(old->socket, new->socket) != 0)
			name[n++] = "socket";
		if (old->socket_mode != new->socket_mode)
			name[n++] = "socket_mode";
		if (strcmp(old->socket_group, new->socket_group) != 0)
			name[n++] = "socket_group";
	}
	if (kinds & KEYS_OTHER) {
		if (old->threads != new->threads)
			name[n++] = "threads";
		if (old->queue_depth != new->queue_depth)
			name[n++] = "queue_depth";
		if (strcmp(old->state_dir, new->state_dir) != 0)
			name[n++] = "state_dir";
	}
	buf[0] = '\0';
	for (i = 0; i < n && off < len; i++)
		off += (size_t)snprintf(
		    buf + off, len - off, "%s%s", i > 0 ? ", " : "", name[i]);
	return n;
}

static void
on_hup(evutil_socket_t sig, short what, void *arg)
{
	struct summd *d = arg;
	struct config c;
	struct http_config hc;
	struct store_limits sl;
	char err[512];
	const char *failed = NULL;
	int usage_err;

	(void)sig;
	(void)what;
	if (d->stopping)
		return; /* READY=1 after STOPPING=1 would mislead systemd */
	/* Without -c, the installed file, if there is one now. */
	if (d->config_path == NULL && access(DEFAULT_CONFIG, F_OK) == 0)
		d->config_path = DEFAULT_CONFIG;
	if (d->config_path == NULL) {
		log_info("SIGHUP: no config file to reload (%s is not there)",
		    DEFAULT_CONFIG);
		return;
	}
	notify_send("RELOADING=1");
	/* As a restart would read them, but for what needs one. */
	if (settings(d, &c, err, sizeof(err), &usage_err, 0) != 0) {
		log_err("reload failed, keeping the old settings: %s", err);
		failed = err;
	} else {
		/* Limits, timeouts and the log level change for new
		 * requests; the socket, the pool and the store need a
		 * restart. */
		if (restart_keys(&d->cfg, &c,
			d->own_socket ? KEYS_SOCKET | KEYS_OTHER : KEYS_OTHER,
			err, sizeof(err)) != 0)
			log_warn("reload: %s changed: taking effect on restart",
			    err);
		/* Not even then with sockets from systemd: summd.socket's
		 * settings are what count. */
		if (!d->own_socket && restart_keys(&d->cfg, &c, KEYS_SOCKET,
					  err, sizeof(err)) != 0)
			log_warn(
			    "reload: %s changed: ignored, as the sockets "
			    "come from systemd (its socket unit sets them)",
			    err);
		if (config_moot(&c, err, sizeof(err)) != NULL)
			log_warn("reload: %s", err);
		memcpy(c.state_dir, d->cfg.state_dir, sizeof(c.state_dir));
		memcpy(c.socket, d->cfg.socket, sizeof(c.socket));
		memcpy(c.socket_group, d->cfg.socket_group,
		    sizeof(c.socket_group));
		c.socket_mode = d->cfg.socket_mode;
		c.threads = d->cfg.threads;
		c.queue_depth = d->cfg.queue_depth;
		d->cfg = c;
		log_set_level(c.log_level);
		http_config_from(&d->cfg, d->clusters, &hc);
		http_reconfigure(d->http, &hc);
		if (d->store != NULL) {
			store_limits_from(&c, &sl);
			store_set_limits(d->store, &sl);
		}
		/* A summary cached under the old limits may break the new. */
		clusters_forget(d->clusters);
		log_info("reloaded %s", d->config_path);
	}
	ready(d, failed);
}

/*
 * The watchdog ping says that summd is working, not only that its loop
 * turns: while a worker has been on one job longer than stall_timeout
 * (jobs give up at request_timeout), it is stuck, and the ping is held
 * back so that systemd restarts summd.
 */
static void
on_watchdog(evutil_socket_t fd, short what, void *arg)
{
	struct summd *d = arg;
	double age = pool_oldest(d->pool);

	(void)fd;
	(void)what;
	if (d->cfg.stall_timeout > 0 && age * 1000 > d->cfg.stall_timeout) {
		if (!d->stalled)
			log_err("a worker has been on one job for %.1f s "
				"(stall_timeout %d ms): holding back the "
				"watchdog ping",
			    age, d->cfg.stall_timeout);
		d->stalled = 1;
		return;
	}
	if (d->stalled)
		log_info("workers moving again: watchdog pings resume");
	d->stalled = 0;
	notify_send("WATCHDOG=1");
}

/*
 * Take the sockets to serve on: systemd's, or our own, bound and locked.
 * Done before the store is opened, so that a second summd on a busy
 * socket leaves no trace. 0, or the exit status: sockets from systemd
 * that summd cannot serve on are the unit's configuration, which no
 * restart mends.
 */
static int
take_sockets(struct summd *d)
{
	char err[512];
	struct group *gr;
	gid_t gid = (gid_t)-1;
	int n, i;

	if ((n = notify_listen_fds()) == -1) {
		log_err("LISTEN_FDS is not a count of sockets");
		return EX_CONFIG_;
	}
	if (n > 0) {
		if (n > (int)NLISTEN) {
			log_err("systemd passed %d sockets; summd serves at "
				"most %d",
			    n, (int)NLISTEN);
			return EX_CONFIG_;
		}
		for (i = 0; i < n; i++)
			if (listen_passed(3 + i, err, sizeof(err)) != 0) {
				log_err("%s", err);
				return EX_CONFIG_;
			}
		/* Passed sockets may be blocking; accept() in the loop must
		 * never wait. */
		for (i = 0; i < n; i++)
			if (fcntl(3 + i, F_SETFD, FD_CLOEXEC) != 0 ||
			    evutil_make_socket_nonblocking(3 + i) != 0) {
				log_err("cannot use socket fd %d", 3 + i);
				return 1;
			} else
				d->listen_fd[i] = 3 + i;
		d->nlisten = n;
		return 0;
	}
	if (d->cfg.socket_group[0] != '\0') {
		if ((gr = getgrnam(d->cfg.socket_group)) == NULL) {
			log_err("socket_group %s: no such group",
			    d->cfg.socket_group);
			return 1;
		}
		gid = gr->gr_gid;
	}
	d->listen_fd[0] = listen_unix(
	    d->cfg.socket, d->cfg.socket_mode, gid, &d->made, err, sizeof(err));
	if (d->listen_fd[0] == -1) {
		log_err("%s", err);
		return 1;
	}
	d->nlisten = 1;
	d->own_socket = 1;
	return 0;
}

static int
serve_sockets(struct summd *d)
{
	int i;

	for (i = 0; i < d->nlisten; i++)
		if (http_listen(d->http, d->listen_fd[i]) != 0) {
			log_err(
			    "cannot serve on socket fd %d", d->listen_fd[i]);
			return -1;
		}
	if (d->own_socket)
		log_info("serving on %s", d->cfg.socket);
	else
		log_info("serving on %d socket(s) from systemd", d->nlisten);
	return 0;
}

static int
parse_args(struct summd *d, int argc, char **argv, int *check)
{
	static const struct option longopts[] = {
	    {"config", required_argument, NULL, 'c'},
	    {"socket", required_argument, NULL, 's'},
	    {"threads", required_argument, NULL, 'T'},
	    {"state-dir", required_argument, NULL, 'D'},
	    {"log-level", required_argument, NULL, 'L'},
	    {"test", no_argument, NULL, 't'},
	    {"version", no_argument, NULL, 'V'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	char err[512];
	int ch, usage_err;

	while (
	    (ch = getopt_long(argc, argv, "c:s:tVh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			d->config_path = optarg;
			break;
		case 's':
		case 'T':
		case 'D':
		case 'L':
			if (d->nflags == NFLAGS)
				usage();
			d->flag_key[d->nflags] = ch == 's'   ? "socket"
						 : ch == 'T' ? "threads"
						 : ch == 'D' ? "state_dir"
							     : "log_level";
			d->flag_val[d->nflags++] = optarg;
			break;
		case 't':
			*check = 1;
			break;
		case 'V':
			printf("summd %s\n", SUMM_VERSION);
			exit(0);
		case 'h':
			usage_to(stdout, 0);
			break;
		default:
			usage();
		}
	}
	if (optind != argc)
		usage();
	/* Without -c, the installed file, if there is one. */
	if (d->config_path == NULL && access(DEFAULT_CONFIG, F_OK) == 0)
		d->config_path = DEFAULT_CONFIG;
	if (settings(d, &d->cfg, err, sizeof(err), &usage_err, 1) != 0) {
		fprintf(stderr, "summd: %s\n", err);
		exit(usage_err ? EX_USAGE_ : EX_CONFIG_);
	}
	return 0;
}

/* A comment line naming path, its line breaks shown as \n: the output of
 * -t is a config file, and must stay one. */
static void
print_read(const char *path)
{
	fputs("# read ", stdout);
	for (; *path != '\0'; path++)
		if (*path == '\n')
			fputs("\\n", stdout);
		else
			putchar(*path);
	putchar('\n');
}

/* -t: the effective settings, as a file that reads back as them. */
static int
check_config(const struct summd *d)
{
	char err[512];
	int rc = 0;

	if (d->config_path != NULL)
		print_read(d->config_path);
	else
		printf("# no file read (%s is not there)\n", DEFAULT_CONFIG);
	if (config_print(&d->cfg, stdout, err, sizeof(err)) != 0) {
		fprintf(stderr, "summd: %s\n", err);
		rc = EX_CONFIG_;
	}
	if (config_moot(&d->cfg, err, sizeof(err)) != NULL)
		fprintf(stderr, "summd: warning: %s\n", err);
	return rc;
}

int
main(int argc, char **argv)
{
	struct summd d;
	struct http_config hc;
	struct timeval wd;
	struct store_limits sl;
	char err[512];
	uint64_t wd_usec;
	int check = 0, rc = 1;
	size_t queued = 0, running = 0;

	std_fds();
	memset(&d, 0, sizeof(d));
	log_init();
	config_defaults(&d.cfg);
	parse_args(&d, argc, argv, &check);
	if (check)
		return check_config(&d);
	log_set_level(d.cfg.log_level);
	if (config_moot(&d.cfg, err, sizeof(err)) != NULL)
		log_warn("%s", err);
	/*
	 * Each request builds and frees tens of megabytes of engine memory.
	 * Handing it back to the kernel and faulting it in again cost more
	 * than the summarizing (p50 7.0 -> 4.4 ms for ten articles): keep up
	 * to 64 MiB of freed memory for the next request, and grow the heap
	 * 16 MiB at a time. Larger blocks are still mapped and unmapped.
	 */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
	mallopt(M_TOP_PAD, 16 * 1024 * 1024);
	/* A client that goes away must not kill us on write. */
	signal(SIGPIPE, SIG_IGN);

	if (evthread_use_pthreads() != 0 ||
	    (d.base = event_base_new()) == NULL) {
		log_err("cannot start the event loop");
		return 1;
	}
	/*
	 * The signals are caught before the socket is made: a SIGHUP or
	 * SIGTERM sent once it is there (opening the store may take a while
	 * yet) killed summd outright, its socket left behind. What comes
	 * meanwhile is handled once the loop runs.
	 */
	d.sigterm = evsignal_new(d.base, SIGTERM, on_stop, &d);
	d.sigint = evsignal_new(d.base, SIGINT, on_stop, &d);
	d.sighup = evsignal_new(d.base, SIGHUP, on_hup, &d);
	d.drain_tick = event_new(d.base, -1, EV_PERSIST, drain_tick, &d);
	if (d.sigterm == NULL || d.sigint == NULL || d.sighup == NULL ||
	    d.drain_tick == NULL || event_add(d.sigterm, NULL) != 0 ||
	    event_add(d.sigint, NULL) != 0 || event_add(d.sighup, NULL) != 0) {
		log_err("cannot set up signal handling");
		goto out;
	}
	if ((rc = take_sockets(&d)) != 0)
		goto out;
	rc = 1;
	if (d.cfg.state_dir[0] != '\0') {
		store_limits_from(&d.cfg, &sl);
		if (store_open(d.cfg.state_dir, &sl, &d.store, err,
			sizeof(err)) != 0) {
			log_err("cannot open the store: %s", err);
			goto out;
		}
		if (clusters_new(d.store, &d.clusters) != 0) {
			log_err("out of memory at startup");
			goto out;
		}
	} else
		log_info("no state_dir: keeping no clusters");
	http_config_from(&d.cfg, d.clusters, &hc);
	if (pool_new(d.base, d.cfg.threads, d.cfg.queue_depth, &d.pool) != 0 ||
	    http_new(d.base, d.pool, d.clusters, &hc, &d.http) != 0) {
		log_err("out of memory at startup");
		goto out;
	}
	if (serve_sockets(&d) != 0)
		goto out;

	if ((wd_usec = notify_watchdog_usec()) != 0) {
		/* Half the interval, and at least 1 ms: under 2 us the half
		 * was 0, a timer libevent does not run again after its first
		 * turn, so summd pinged once and never after. */
		wd_usec = wd_usec / 2 < 1000 ? 1000 : wd_usec / 2;
		wd.tv_sec = (time_t)(wd_usec / 1000000);
		wd.tv_usec = (suseconds_t)(wd_usec % 1000000);
		d.watchdog = event_new(d.base, -1, EV_PERSIST, on_watchdog, &d);
		if (d.watchdog == NULL || event_add(d.watchdog, &wd) != 0)
			log_err("watchdog: cannot set the timer; no pings "
				"will be sent");
	}
	ready(&d, NULL);
	log_info("summd %s ready: %u worker%s, queue %zu", SUMM_VERSION,
	    d.cfg.threads, d.cfg.threads == 1 ? "" : "s", d.cfg.queue_depth);

	event_base_dispatch(d.base);
	rc = 0;
	log_info("stopped");
out:
	if (d.own_socket)
		listen_unlink(d.cfg.socket, &d.made);
	if (d.abandoned)
		pool_counts(d.pool, &queued, &running);
	if (d.abandoned && running > 0) {
		/* Jobs past the deadline: their clients have had a 503. The
		 * engine cannot be interrupted, so leave with them running. */
		exit(rc);
	}
	pool_free(d.pool);
	http_free(d.http);
	clusters_free(d.clusters);
	store_close(d.store);
	if (d.watchdog != NULL)
		event_free(d.watchdog);
	if (d.drain_tick != NULL)
		event_free(d.drain_tick);
	if (d.sigterm != NULL)
		event_free(d.sigterm);
	if (d.sigint != NULL)
		event_free(d.sigint);
	if (d.sighup != NULL)
		event_free(d.sighup);
	event_base_free(d.base);
	libevent_global_shutdown();
	return rc;
}
