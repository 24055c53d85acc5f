/*
 * jsonw.c: a JSON writer over one buffer. The caller writes keys and
 * values in order; commas are the writer's: each value or key written
 * where one already stands at its level is preceded by one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jsonw.h"

void
jsonw_init(struct jsonw *w)
{
	memset(w, 0, sizeof(*w));
}

/* Room for n more bytes and a NUL; 0, or -1 with w failed. */
static int
room(struct jsonw *w, size_t n)
{
	size_t cap;
	char *p;

	if (w->fail)
		return -1;
	if (n < w->cap - w->len)
		return 0;
	if (n > SIZE_MAX / 2 - w->len) {
		w->fail = 1;
		return -1;
	}
	cap = w->cap > 0 ? w->cap : 1024;
	while (cap - w->len <= n)
		cap *= 2;
	if ((p = realloc(w->buf, cap)) == NULL) {
		w->fail = 1;
		return -1;
	}
	w->buf = p;
	w->cap = cap;
	return 0;
}

static void
put(struct jsonw *w, const char *s, size_t n)
{
	if (room(w, n) != 0)
		return;
	memcpy(w->buf + w->len, s, n);
	w->len += n;
}

/* Before a key, or a value in an array: a comma if one came before. */
static void
next(struct jsonw *w)
{
	if (w->more)
		put(w, ",", 1);
	w->more = 1;
}

void
jsonw_open(struct jsonw *w, char c)
{
	next(w);
	put(w, &c, 1);
	w->more = 0;
}

void
jsonw_close(struct jsonw *w, char c)
{
	put(w, &c, 1);
	w->more = 1;
}

/* s[0, n) in quotes, escaped: '"' and '\\' by a backslash, the control
 * characters by their short escape or \u00XX. */
static void
quoted(struct jsonw *w, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	static const char named[0x20] = {['\b'] = 'b',
	    ['\f'] = 'f',
	    ['\n'] = 'n',
	    ['\r'] = 'r',
	    ['\t'] = 't'};
	size_t i, run;
	unsigned char c;
	char esc[6] = {'\\', 'u', '0', '0'};

	put(w, "\"", 1);
	for (i = 0; i < n; i += run) {
		/* The bytes that need no escape, copied as one run. */
		for (run = 0; i + run < n; run++) {
			c = (unsigned char)s[i + run];
			if (c < 0x20 || c == '"' || c == '\\')
				break;
		}
		if (run > 0) {
			put(w, s + i, run);
			continue;
		}
		run = 1;
		if ((c = (unsigned char)s[i]) >= 0x20 || named[c] != 0) {
			esc[1] = s[i]; /* '"' or '\\' */
			if (c < 0x20)
				esc[1] = named[c];
			put(w, esc, 2);
			continue;
		}
		esc[1] = 'u';
		esc[4] = hex[c >> 4];
		esc[5] = hex[c & 15];
		put(w, esc, 6);
	}
	put(w, "\"", 1);
}

void
jsonw_key(struct jsonw *w, const char *k)
{
	next(w);
	quoted(w, k, strlen(k));
	put(w, ":", 1);
	w->more = 0; /* the value follows the colon */
}

void
jsonw_str(struct jsonw *w, const char *s, size_t n)
{
	next(w);
	quoted(w, s, n);
}

void
jsonw_cstr(struct jsonw *w, const char *s)
{
	jsonw_str(w, s, strlen(s));
}

/* The digits of v, at the end of buf[20]; their count. */
static size_t
digits(uint64_t v, char *buf)
{
	size_t n = 0;

	do {
		buf[19 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	return n;
}

void
jsonw_uint(struct jsonw *w, uint64_t v)
{
	char buf[20];
	size_t n = digits(v, buf);

	next(w);
	put(w, buf + 20 - n, n);
}

void
jsonw_fixed6(struct jsonw *w, double x)
{
	char buf[20], out[32];
	uint64_t m;
	size_t n, k = 0, frac;

	/* Past 2^53 millionths the units are no longer exact: no figure
	 * of the answer comes near (a score, a feature, milliseconds). */
	if (!isfinite(x) || fabs(x) >= 9e9) {
		next(w);
		put(w, "null", 4);
		return;
	}
	m = (uint64_t)floor(fabs(x) * 1e6 + 0.5);
	if (x < 0 && m > 0)
		out[k++] = '-';
	n = digits(m / 1000000, buf);
	memcpy(out + k, buf + 20 - n, n);
	k += n;
	if ((frac = (size_t)(m % 1000000)) > 0) {
		out[k++] = '.';
		for (n = 0; n < 6 && frac > 0; n++) {
			out[k++] = (char)('0' + frac / 100000);
			frac = frac % 100000 * 10;
		}
	}
	next(w);
	put(w, out, k);
}

char *
jsonw_finish(struct jsonw *w, size_t *len)
{
	char *s = NULL;

	if (room(w, 0) == 0) {
		w->buf[w->len] = '\0';
		s = w->buf;
		*len = w->len;
	} else
		free(w->buf);
	jsonw_init(w);
	return s;
}
