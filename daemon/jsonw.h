/*
 * jsonw.h: a JSON text written straight into one growing buffer, for the
 * answer every summary sends. cJSON builds a tree of small allocations and
 * prints each number through sprintf and sscanf; the answer of a ten-article
 * cluster cost a worker 0.4 M instructions that way, as much as a tenth of
 * the engine's tokenizer. Other replies, rare and small, keep cJSON.
 */
#ifndef JSONW_H
#define JSONW_H

#include <stddef.h>
#include <stdint.h>

struct jsonw {
	char *buf;
	size_t len, cap;
	int more; /* a value is written at this level: a comma first */
	int fail; /* out of memory: every later call does nothing */
};

void jsonw_init(struct jsonw *);
void jsonw_open(struct jsonw *, char);  /* '{' or '[' */
void jsonw_close(struct jsonw *, char); /* '}' or ']' */
void jsonw_key(struct jsonw *, const char *);
/* s[0, n) as a string: valid UTF-8 as it is, '"', '\\' and control
 * characters escaped. */
void jsonw_str(struct jsonw *, const char *, size_t);
void jsonw_cstr(struct jsonw *, const char *);
void jsonw_uint(struct jsonw *, uint64_t);
/* x to six decimals, trailing zeros dropped; null if not finite. */
void jsonw_fixed6(struct jsonw *, double);
/* The text, NUL-terminated (malloc'd; the caller frees it) and its
 * length; NULL if memory ran out. The writer is empty after. */
char *jsonw_finish(struct jsonw *, size_t *);

#endif
