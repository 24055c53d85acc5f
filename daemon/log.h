/*
 * log.h: one line per event to stderr, with syslog priority prefixes that
 * journald understands when it is reading us. Safe from any thread.
 */
#ifndef LOG_H
#define LOG_H

enum log_level { LOG_ERR = 3, LOG_WARN = 4, LOG_INFO = 6, LOG_DEBUG = 7 };

void log_init(void);
void log_set_level(enum log_level level);
/* The level named by s ("error", "warn", "info", "debug"), or -1. */
int log_parse_level(const char *s);
const char *log_level_name(enum log_level level);
/* Would a line at level be written? For work done only to log it. */
int log_enabled(enum log_level level);

void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_err(...)   log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)  log_msg(LOG_WARN, __VA_ARGS__)
#define log_info(...)  log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
