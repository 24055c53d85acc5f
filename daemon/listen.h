/*
 * listen.h: the listening Unix socket: created safely by summd, or handed
 * over by systemd.
 */
#ifndef LISTEN_H
#define LISTEN_H

#include <sys/types.h>

/*
 * Bind and listen on path with mode and group (gid -1: leave it). A live
 * daemon on the path, a file that is not a socket, or a path too long is
 * refused with a message in err. Returns the fd, or -1.
 */
int listen_unix(
    const char *path, mode_t mode, gid_t gid, char *err, size_t errlen);

#endif
