/*
 * tap.h: the unit tests' harness. Each check prints one TAP line; the
 * program's exit status is the number of failed checks (at most 100).
 */
#ifndef TAP_H
#define TAP_H

#include <stdio.h>
#include <string.h>

static int tap_n, tap_failed;

#define ok(cond, ...)                                                 \
	do {                                                          \
		int ok_ = !!(cond);                                   \
		tap_n++;                                              \
		if (!ok_)                                             \
			tap_failed++;                                 \
		printf("%sok %d - ", ok_ ? "" : "not ", tap_n);       \
		printf(__VA_ARGS__);                                  \
		printf("\n");                                         \
		if (!ok_)                                             \
			printf("#   failed at %s:%d: %s\n", __FILE__, \
			    __LINE__, #cond);                         \
	} while (0)

/* Compare a span of bytes with a C string. */
#define is_span(p, n, want, ...)                                            \
	do {                                                                \
		size_t want_n_ = strlen(want);                              \
		ok((n) == want_n_ && memcmp((p), (want), want_n_) == 0,     \
		    __VA_ARGS__);                                           \
		if (!((n) == want_n_ && memcmp((p), (want), want_n_) == 0)) \
			printf("#   got  \"%.*s\"\n#   want \"%s\"\n",      \
			    (int)(n), (const char *)(p), want);             \
	} while (0)

static inline int
tap_done(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed > 100 ? 100 : tap_failed;
}

#endif
