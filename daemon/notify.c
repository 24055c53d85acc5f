/*
 * notify.c: the documented sd_notify datagram protocol in a few lines, so
 * summd needs no libsystemd. Messages are best effort: systemd not
 * listening is not an error.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "notify.h"

void
notify_send(const char *state)
{
	struct sockaddr_un sun;
	const char *path = getenv("NOTIFY_SOCKET");
	size_t len;
	socklen_t slen;
	int fd;

	if (path == NULL || (path[0] != '/' && path[0] != '@'))
		return;
	if ((len = strlen(path)) >= sizeof(sun.sun_path))
		return;
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	memcpy(sun.sun_path, path, len);
	if (path[0] == '@')
		sun.sun_path[0] = '\0'; /* an abstract socket */
	slen = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
	if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0)) == -1)
		return;
	/*
	 * Never wait: with the listener's queue full (ten datagrams by
	 * default on some kernels, net.unix.max_dgram_qlen) a blocking send
	 * would stop the event loop until it reads, and a ping that cannot
	 * be queued now is worth nothing later.
	 */
	while (sendto(fd, state, strlen(state), MSG_NOSIGNAL | MSG_DONTWAIT,
		   (struct sockaddr *)&sun, slen) == -1 &&
	       errno == EINTR)
		;
	close(fd);
}

uint64_t
notify_watchdog_usec(void)
{
	const char *s = getenv("WATCHDOG_USEC"), *pid = getenv("WATCHDOG_PID");
	char *end;
	unsigned long long v;

	if (s == NULL)
		return 0;
	if (pid != NULL && strtol(pid, NULL, 10) != (long)getpid())
		return 0;
	v = strtoull(s, &end, 10);
	return *end == '\0' ? (uint64_t)v : 0;
}

/*
 * name out of the environment, and out of what /proc/PID/environ shows:
 * unsetenv takes the string out of environ, but the bytes the kernel laid
 * out at exec stay where they were, for anyone who reads that file.
 */
static void
forget(const char *name)
{
	char *v = getenv(name), *s;

	if (v == NULL)
		return;
	s = v - strlen(name) - 1; /* "NAME=value" */
	unsetenv(name);
	memset(s, 0, strlen(s));
}

int
notify_activated(void)
{
	const char *pid = getenv("LISTEN_PID");
	char *end;
	long p;

	if (pid == NULL || getenv("LISTEN_FDS") == NULL)
		return 0;
	p = strtol(pid, &end, 10);
	return *end == '\0' && p == (long)getpid();
}

int
notify_listen_fds(void)
{
	const char *fds = getenv("LISTEN_FDS");
	char *end;
	long n;

	if (fds == NULL || !notify_activated())
		return 0;
	errno = 0;
	n = strtol(fds, &end, 10);
	forget("LISTEN_PID");
	forget("LISTEN_FDS");
	forget("LISTEN_FDNAMES");
	/* Ours, but no count of sockets: not a reason to listen elsewhere
	 * (sd_listen_fds says EINVAL). */
	if (end == fds || *end != '\0' || errno != 0 || n <= 0 ||
	    n > INT_MAX - 3)
		return -1;
	return (int)n;
}
