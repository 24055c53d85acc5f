/*
 * notify.h: the sd_notify protocol (READY=1, STATUS=, STOPPING=1,
 * WATCHDOG=1) and socket activation (LISTEN_FDS), without libsystemd.
 */
#ifndef NOTIFY_H
#define NOTIFY_H

#include <stdint.h>

/* Send one state message to $NOTIFY_SOCKET; a no-op without it. */
void notify_send(const char *state);
/* Microseconds between watchdog pings systemd wants, or 0. */
uint64_t notify_watchdog_usec(void);
/* Whether systemd passed this process sockets (LISTEN_PID is ours), the
 * variables left in place. */
int notify_activated(void);
/* Sockets passed by systemd: the count (fds start at 3), 0 for none, or
 * -1 if LISTEN_FDS is no count. The LISTEN_* variables are removed from
 * the environment. */
int notify_listen_fds(void);

#endif
