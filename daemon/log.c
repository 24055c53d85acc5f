/*
 * log.c: stderr logging. Under systemd (stderr the stream JOURNAL_STREAM
 * names) each line starts with "<N>" so journald keeps its priority;
 * otherwise with a level word.
 * Whole lines are written with one write(2), so threads never interleave.
 */
#include <sys/stat.h>

#include <inttypes.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

static _Atomic int log_level = LOG_INFO;
static int log_journal;

/*
 * Whether stderr is the journal's stream. JOURNAL_STREAM ("DEV:INO") is
 * inherited by everything a service starts, a shell and its summd with
 * stderr to a file or a terminal included: only a stderr that is that
 * very stream gets the "<N>" prefixes (systemd.exec(5)).
 */
static int
to_journal(void)
{
	const char *v = getenv("JOURNAL_STREAM");
	uintmax_t dev, ino;
	struct stat st;
	char c;

	if (v == NULL ||
	    sscanf(v, "%" SCNuMAX ":%" SCNuMAX "%c", &dev, &ino, &c) != 2)
		return 0;
	if (fstat(STDERR_FILENO, &st) != 0)
		return 0;
	return (uintmax_t)st.st_dev == dev && (uintmax_t)st.st_ino == ino;
}

void
log_init(void)
{
	log_journal = to_journal();
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

int
log_parse_level(const char *s)
{
	if (strcmp(s, "error") == 0)
		return LOG_ERR;
	if (strcmp(s, "warn") == 0 || strcmp(s, "warning") == 0)
		return LOG_WARN;
	if (strcmp(s, "info") == 0)
		return LOG_INFO;
	if (strcmp(s, "debug") == 0)
		return LOG_DEBUG;
	return -1;
}

const char *
log_level_name(enum log_level level)
{
	switch (level) {
	case LOG_ERR:
		return "error";
	case LOG_WARN:
		return "warn";
	case LOG_INFO:
		return "info";
	default:
		return "debug";
	}
}

int
log_enabled(enum log_level level)
{
	return (int)level <= log_level;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	char line[1024];
	va_list ap;
	int n, m;

	if ((int)level > log_level)
		return;
	if (log_journal)
		n = snprintf(line, sizeof(line), "<%d>", (int)level);
	else
		n = snprintf(
		    line, sizeof(line), "summd: %s: ", log_level_name(level));
	va_start(ap, fmt);
	m = vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m < 0)
		return;
	n += m;
	if ((size_t)n > sizeof(line) - 2)
		n = sizeof(line) - 2;
	line[n++] = '\n';
	/* One write per line; a failed log write has nowhere to go. */
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}
