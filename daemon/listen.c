/*
 * listen.c: creating the Unix socket as tmux does: the socket is made under
 * a umask so it is never briefly too open, and an existing socket file is
 * removed only after connect() to it is refused (nobody is serving there),
 * with a lock held (PATH.lock), so that two daemons starting at once do not
 * both remove and bind. A file that is not a socket is never removed, and
 * a daemon removes only the socket file it made. The path appears only
 * once the socket listens (it is made as PATH.new, then linked).
 */
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "listen.h"

static int
fill_addr(struct sockaddr_un *sun, const char *path)
{
	size_t len = strlen(path);

	if (len >= sizeof(sun->sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	memset(sun, 0, sizeof(*sun));
	sun->sun_family = AF_UNIX;
	memcpy(sun->sun_path, path, len + 1);
	return 0;
}

/*
 * 1: something listens there; 0: stale or absent; -1: error in errno.
 * Without waiting: a blocking connect() to a listener whose backlog is full
 * (a stuck summd that clients kept calling) would wait for ever, with the
 * lock held. A full backlog (EAGAIN) is a listener, so the file stays.
 */
static int
live(const struct sockaddr_un *sun)
{
	int fd, rc, saved;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	rc = connect(fd, (const struct sockaddr *)sun, sizeof(*sun));
	saved = errno;
	close(fd);
	errno = saved;
	if (rc == 0 || errno == EAGAIN || errno == EINPROGRESS)
		return 1;
	if (errno == ECONNREFUSED || errno == ENOENT)
		return 0;
	return -1;
}

/* PATH.lock, opened and locked (waiting for another daemon that holds
 * it); its fd, or -1 with a message in err. */
static int
lock_path(const char *path, char *err, size_t errlen)
{
	size_t len = strlen(path);
	const char *slash = strrchr(path, '/');
	char *lock;
	int fd;

	if ((lock = malloc(len + sizeof(".lock"))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return -1;
	}
	memcpy(lock, path, len);
	memcpy(lock + len, ".lock", sizeof(".lock"));
	/* Not through a symbolic link, which would have summd lock (and
	 * maybe make) a file elsewhere, another's. */
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1 && errno == ENOENT && slash != NULL && slash > path)
		/* The lock is summd's business: name what the user can
		 * mend, the socket's directory. */
		snprintf(err, errlen, "%s: its directory %.*s does not exist",
		    path, (int)(slash - path), path);
	else if (fd == -1 || flock(fd, LOCK_EX) != 0) {
		snprintf(err, errlen, "%s: %s", lock, strerror(errno));
		if (fd != -1)
			close(fd);
		fd = -1;
	}
	free(lock);
	return fd;
}

/*
 * The name the socket is made under before it is linked to path, its
 * address in *at; or NULL to make it at path itself: when path leaves no
 * room for the suffix in sun_path, or the name is taken by a file that is
 * not a socket or by a socket something listens on (a daemon whose path
 * it is).
 */
static char *
staging_name(const char *path, struct sockaddr_un *at)
{
	static const char suffix[] = ".new";
	size_t len = strlen(path);
	struct stat st;
	char *name;

	if (len + sizeof(suffix) > sizeof(at->sun_path) ||
	    (name = malloc(len + sizeof(suffix))) == NULL)
		return NULL;
	memcpy(name, path, len);
	memcpy(name + len, suffix, sizeof(suffix));
	(void)fill_addr(at, name);
	/* A socket nobody listens on was left by a summd killed while
	 * starting; the lock is ours. */
	if (lstat(name, &st) == 0 &&
	    (!S_ISSOCK(st.st_mode) || live(at) != 0 || unlink(name) != 0)) {
		free(name);
		return NULL;
	}
	return name;
}

/*
 * A socket listening at at (its address sun), made no wider than mode
 * under the umask and then exactly mode, with group gid (-1: left): its
 * fd, its file in *st; or -1 with errno (and *what says more), nothing
 * left at at.
 */
static int
make_socket(const char *at, const struct sockaddr_un *sun, mode_t mode,
    gid_t gid, struct stat *st, const char **what)
{
	mode_t old;
	int fd, saved;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd == -1)
		return -1;
	old = umask((mode_t)(~mode & 0777));
	if (bind(fd, (const struct sockaddr *)sun, sizeof(*sun)) != 0) {
		saved = errno;
		umask(old);
		close(fd);
		errno = saved;
		return -1;
	}
	umask(old);
	if (listen(fd, SOMAXCONN) != 0)
		goto unbind;
	/* The umask made it no wider than mode; make it exactly mode. */
	if (chmod(at, mode) != 0)
		goto unbind;
	/* Only root or a member of the group may give it: a bare "Operation
	 * not permitted" on the path sent users looking at its directory. */
	if (gid != (gid_t)-1 && chown(at, (uid_t)-1, gid) != 0) {
		*what = "cannot give it socket_group (only root or a "
			"member may): ";
		goto unbind;
	}
	if (lstat(at, st) != 0)
		goto unbind;
	return fd;
unbind:
	saved = errno;
	unlink(at);
	close(fd);
	errno = saved;
	return -1;
}

/*
 * The socket made under its staging name and linked to path: its fd; or
 * -1 with errno, nothing left (EEXIST: a file appeared at path, which is
 * never replaced); or -2 where path's filesystem will not link it (one
 * without hard links, or that refuses them), to be made at path itself.
 */
static int
link_staged(const char *staged, const struct sockaddr_un *at, const char *path,
    mode_t mode, gid_t gid, struct stat *st, const char **what)
{
	int fd, saved;

	if ((fd = make_socket(staged, at, mode, gid, st, what)) == -1)
		return -1;
	if (link(staged, path) == 0) {
		unlink(staged);
		return fd;
	}
	saved = errno;
	unlink(staged);
	close(fd);
	errno = saved;
	if (saved != EEXIST)
		return -2;
	*what = "a file appeared there while summd started; not replacing "
		"it: ";
	return -1;
}

/*
 * listen_unix with the lock held. The socket listens, with its mode and
 * group, before path names it: a client that finds path (a supervisor, a
 * script waiting for the file) is never refused. So it is made under a
 * name beside path and linked into place, or at path itself where it has
 * no staging name or cannot be linked.
 */
static int
bind_path(const char *path, const struct sockaddr_un *sun, mode_t mode,
    gid_t gid, struct listen_file *made, char *err, size_t errlen)
{
	struct sockaddr_un tmp;
	struct stat st;
	const char *what = "";
	char *staged;
	int fd = -2;

	if (lstat(path, &st) == 0) {
		if (!S_ISSOCK(st.st_mode)) {
			snprintf(err, errlen,
			    "%s: exists and is not a socket; not removing it",
			    path);
			return -1;
		}
		switch (live(sun)) {
		case 1:
			snprintf(err, errlen,
			    "%s: another summd is already running there", path);
			return -1;
		case 0:
			if (unlink(path) != 0 && errno != ENOENT) {
				snprintf(err, errlen, "%s: stale socket: %s",
				    path, strerror(errno));
				return -1;
			}
			break;
		default:
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return -1;
		}
	} else if (errno != ENOENT) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}

	if ((staged = staging_name(path, &tmp)) != NULL) {
		fd = link_staged(staged, &tmp, path, mode, gid, &st, &what);
		free(staged);
	}
	if (fd == -2)
		fd = make_socket(path, sun, mode, gid, &st, &what);
	if (fd == -1) {
		snprintf(err, errlen, "%s: %s%s", path, what, strerror(errno));
		return -1;
	}
	made->dev = st.st_dev;
	made->ino = st.st_ino;
	return fd;
}

int
listen_unix(const char *path, mode_t mode, gid_t gid, struct listen_file *made,
    char *err, size_t errlen)
{
	struct sockaddr_un sun;
	struct stat st;
	int fd, lock;

	if (fill_addr(&sun, path) != 0) {
		snprintf(err, errlen, "%s: socket path longer than %zu bytes",
		    path, sizeof(sun.sun_path) - 1);
		return -1;
	}
	/* Refused before the lock is made, so that none is left beside a
	 * file of someone else's (bind_path looks again, locked). */
	if (lstat(path, &st) == 0 && !S_ISSOCK(st.st_mode)) {
		snprintf(err, errlen,
		    "%s: exists and is not a socket; not removing it", path);
		return -1;
	}
	if ((lock = lock_path(path, err, errlen)) == -1)
		return -1;
	fd = bind_path(path, &sun, mode, gid, made, err, errlen);
	close(lock); /* and with it the lock */
	return fd;
}

void
listen_unlink(const char *path, const struct listen_file *made)
{
	struct stat st;

	if (lstat(path, &st) == 0 && st.st_dev == made->dev &&
	    st.st_ino == made->ino)
		unlink(path);
}

/*
 * Only what listen_unix makes can be served. On anything else (Accept=yes
 * hands over a connection, ListenDatagram= a datagram socket) every
 * accept() fails at once: summd said it was ready, then spun on the CPU
 * while its clients waited for ever. A TCP socket is refused too: the
 * socket file's mode and group are summd's only access control.
 */
int
listen_passed(int fd, char *err, size_t errlen)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss), ilen = sizeof(int);
	int type, on;
	const char *why = NULL;

	if (getsockname(fd, (struct sockaddr *)&ss, &len) != 0)
		why = errno == ENOTSOCK ? "not a socket" : strerror(errno);
	else if (ss.ss_family != AF_UNIX)
		why = "not a Unix socket (summd serves on Unix sockets only)";
	else if (getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &ilen) != 0 ||
		 type != SOCK_STREAM)
		why = "not a stream socket (ListenStream= is needed)";
	else if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &ilen) != 0 ||
		 !on)
		why = "not listening (Accept=yes, which passes a "
		      "connection, is not supported)";
	if (why == NULL)
		return 0;
	snprintf(err, errlen, "socket fd %d from systemd: %s", fd, why);
	return -1;
}
