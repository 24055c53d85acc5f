/*
 * listen.h: the listening Unix socket: created safely by summd, or handed
 * over by systemd.
 */
#ifndef LISTEN_H
#define LISTEN_H

#include <sys/types.h>

/* The socket file a daemon made, so that it removes that one only. */
struct listen_file {
	dev_t dev;
	ino_t ino;
};

/*
 * Bind and listen on path with mode and group (gid -1: leave it). A live
 * daemon on the path, a file that is not a socket, or a path too long is
 * refused with a message in err. Returns the fd and fills *made, or -1.
 */
int listen_unix(const char *path, mode_t mode, gid_t gid,
    struct listen_file *made, char *err, size_t errlen);
/* Remove path if it is still the socket file made; not one another daemon
 * has made there since. */
void listen_unlink(const char *path, const struct listen_file *made);
/* 0 if fd, passed by systemd, is a listening Unix stream socket; else -1
 * with what it is instead in err. */
int listen_passed(int fd, char *err, size_t errlen);

#endif
