/*
 * api.c: POST /v1/summarize as a pure function from request bytes to reply
 * bytes; it must do no I/O, keep no state between calls and trust no byte
 * of the body, since it runs on worker threads and under a fuzzer.
 */
#include <math.h>
#include <stdarg.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <cJSON.h>

#include "summ.h"
#include "api.h"
#include "jsonw.h"

/*
 * The schema nests three deep ({"documents":[{...}]}). One level more lets
 * a value of the wrong type ("text":[1]) get invalid_type with its field
 * rather than too_deep; anything deeper is refused by the scanner, before
 * any of it is built.
 */
#define API_MAX_DEPTH 4
/* No count or date needs more: a longer number is refused, not rounded. */
#define API_MAX_NUMBER 63
/* Keys quoted in error fields are cut to this many bytes. */
#define API_MAX_KEY 64
/* Ids are repeated in every sentence of the answer: keep them short. */
#define API_MAX_ID 256
/* The largest count a length may ask for (the engine's own cap). */
#define API_MAX_COUNT 1e12

struct apierr {
	int status;
	const char *code;
	int has_field;
	char field[320];
	char message[320];
};

/* A request, validated. Strings point into the body's copy. */
struct req {
	struct summ_doc *docs;
	const char **ids; /* NULL: the document's index */
	size_t ndocs;
	size_t bytes; /* of document text */
	struct summ_opts opts;
	int explain;
	uint64_t since; /* a stored cluster's update summary */
	int has_since;
};

/* End s before a character that a truncation left incomplete. */
static void
utf8_trim(char *s)
{
	size_t bad;

	if (summ_utf8_check(s, strlen(s), &bad) != 0)
		s[bad] = '\0';
}

static int fail(struct apierr *, int, const char *, const char *, const char *,
    ...) __attribute__((format(printf, 5, 6)));

/* Record an error; field may be NULL, or e->field already written. */
static int
fail(struct apierr *e, int status, const char *code, const char *field,
    const char *fmt, ...)
{
	va_list ap;

	e->status = status;
	e->code = code;
	e->has_field = field != NULL;
	if (field != NULL && field != e->field)
		snprintf(e->field, sizeof(e->field), "%s", field);
	va_start(ap, fmt);
	vsnprintf(e->message, sizeof(e->message), fmt, ap);
	va_end(ap);
	/* A cut may split a character; the reply must stay UTF-8. */
	utf8_trim(e->message);
	utf8_trim(e->field);
	return -1;
}

/* The field of a document's member, written into e->field. */
static const char *
dfield(struct apierr *e, size_t i, const char *key)
{
	snprintf(e->field, sizeof(e->field), "documents[%zu].%s", i, key);
	return e->field;
}

/* How many of p[0, len) fit in max bytes without cutting a character. */
static size_t
utf8_cut(const char *p, size_t len, size_t max)
{
	size_t n;

	if (len <= max)
		return len;
	n = max;
	while (n > 0 && ((unsigned char)p[n] & 0xc0) == 0x80)
		n--;
	return n;
}

/*
 * A strict, non-recursive JSON checker (RFC 8259: no control characters
 * in strings, no "+1" or "01", no lone surrogates, no \u0000), run over
 * the whole body before any of it is built into a tree. It knows where it
 * is, so that errors can name the field: "documents[1].text".
 */
enum scan_state { S_VALUE, S_FIRST_ELEM, S_FIRST_KEY, S_KEY, S_COLON, S_AFTER };

#define SCAN_ERR     (-1)
#define SCAN_EOF     (-2) /* the body ended early: a truncated value */
#define SCAN_EOF_STR (-3) /* the same, inside a string */

struct frame {
	char kind;     /* '{' or '[' */
	int has;       /* a current key (object) or element (array) */
	size_t index;  /* the current element */
	size_t count;  /* elements begun */
	size_t key;    /* the current key's raw bytes in the body */
	size_t keylen; /* (escapes and all) */
};

struct scanner {
	const unsigned char *p;
	size_t len, i;
	int depth;
	int in_string;
	struct frame f[API_MAX_DEPTH + 1]; /* f[1] is the outermost */
};

static char *unescape(char *, size_t, size_t *);

/*
 * A key as the schema's checks name it ("te\u0078t" is "text"): its raw
 * bytes k[0, n), which the scanner has passed whole, unescaped into a new
 * buffer whose name starts at its second byte. NULL out of memory.
 */
static char *
key_name(const unsigned char *k, size_t n)
{
	size_t i = 0;
	char *p;

	if (n > SIZE_MAX - 3 || (p = malloc(n + 3)) == NULL)
		return NULL;
	p[0] = '"';
	memcpy(p + 1, k, n);
	p[n + 1] = '"';
	p[n + 2] = '\0';
	(void)unescape(p, n + 2, &i);
	return p;
}

/* Where the scanner is, as a field path, into e->field; 0 if nowhere. */
static int
scan_path(const struct scanner *s, struct apierr *e)
{
	const struct frame *f;
	const char *key;
	char *name;
	size_t n = 0, k;
	int d, w;

	e->field[0] = '\0';
	for (d = 1; d <= s->depth && s->f[d].has; d++) {
		f = &s->f[d];
		if (f->kind == '{') {
			/* Named as members() names it; raw if out of
			 * memory. */
			name = key_name(s->p + f->key, f->keylen);
			key = name != NULL ? name + 1
					   : (const char *)s->p + f->key;
			k = utf8_cut(key,
			    name != NULL ? strlen(key) : f->keylen,
			    API_MAX_KEY);
			w = snprintf(e->field + n, sizeof(e->field) - n,
			    "%s%.*s", n > 0 ? "." : "", (int)k, key);
			free(name);
		} else
			w = snprintf(e->field + n, sizeof(e->field) - n,
			    "[%zu]", f->index);
		if (w < 0 || (size_t)w >= sizeof(e->field) - n)
			break;
		n += (size_t)w;
	}
	return n > 0;
}

static int
scan_fail(struct scanner *s, struct apierr *e, int rc, const char *code,
    const char *what)
{
	int has = scan_path(s, e);

	fail(e, 400, code, has ? e->field : NULL, "%s at byte %zu", what, s->i);
	return rc;
}

static int
scan_eof(struct scanner *s, struct apierr *e)
{
	return scan_fail(s, e, s->in_string ? SCAN_EOF_STR : SCAN_EOF,
	    "invalid_json", "the JSON ends early (truncated)");
}

/* An unexpected byte where something else was due. */
static int
scan_bad(struct scanner *s, struct apierr *e, const char *expected)
{
	char what[96];
	unsigned char c = s->p[s->i];

	if (c > 0x20 && c < 0x7f)
		snprintf(what, sizeof(what), "unexpected '%c', expected %s", c,
		    expected);
	else
		snprintf(what, sizeof(what),
		    "unexpected byte 0x%02x, expected %s", c, expected);
	return scan_fail(s, e, SCAN_ERR, "invalid_json", what);
}

static int
hex4(const unsigned char *p, unsigned *out)
{
	unsigned v = 0, d;
	int k;

	for (k = 0; k < 4; k++) {
		if (p[k] >= '0' && p[k] <= '9')
			d = p[k] - '0';
		else if ((p[k] | 0x20) >= 'a' && (p[k] | 0x20) <= 'f')
			d = (p[k] | 0x20) - 'a' + 10;
		else
			return -1;
		v = v << 4 | d;
	}
	*out = v;
	return 0;
}

/*
 * A \u escape at s->i: \u0000 would end the string early in C, and a
 * lone surrogate is no character: its bytes would not be UTF-8.
 */
static int
scan_unicode(struct scanner *s, struct apierr *e)
{
	unsigned cp, lo;

	if (s->len - s->i < 6)
		return scan_eof(s, e);
	if (hex4(s->p + s->i + 2, &cp) != 0)
		return scan_fail(s, e, SCAN_ERR, "invalid_json",
		    "a \\u escape needs four hex digits");
	if (cp == 0)
		return scan_fail(s, e, SCAN_ERR, "invalid_utf8",
		    "\\u0000 (NUL) is not allowed in a string");
	if (cp >= 0xdc00 && cp <= 0xdfff)
		return scan_fail(s, e, SCAN_ERR, "invalid_utf8",
		    "a low surrogate without a high one before it");
	if (cp < 0xd800 || cp > 0xdbff) {
		s->i += 6;
		return 0;
	}
	if (s->len - s->i == 6)
		return scan_eof(s, e);
	if (s->p[s->i + 6] != '\\' ||
	    (s->len - s->i > 7 && s->p[s->i + 7] != 'u'))
		return scan_fail(s, e, SCAN_ERR, "invalid_utf8",
		    "a high surrogate without a low one after it");
	if (s->len - s->i < 12)
		return scan_eof(s, e);
	if (hex4(s->p + s->i + 8, &lo) != 0)
		return scan_fail(s, e, SCAN_ERR, "invalid_json",
		    "a \\u escape needs four hex digits");
	if (lo < 0xdc00 || lo > 0xdfff)
		return scan_fail(s, e, SCAN_ERR, "invalid_utf8",
		    "a high surrogate without a low one after it");
	s->i += 12;
	return 0;
}

/*
 * The first of the 16 bytes at p that a string must look at: '"', '\\'
 * or a control character; 16 if none. Most of a request is the articles'
 * text, and most of that is none of them.
 */
static unsigned
plain16(const unsigned char *p)
{
#ifdef __SSE2__
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
	__m128i ctl = _mm_cmpeq_epi8(
	    _mm_max_epu8(v, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
	unsigned m = (unsigned)_mm_movemask_epi8(
	    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
			     _mm_cmpeq_epi8(v, _mm_set1_epi8('\\'))),
		ctl));

	return m == 0 ? 16 : (unsigned)__builtin_ctz(m);
#else
	unsigned k;

	for (k = 0; k < 16; k++)
		if (p[k] == '"' || p[k] == '\\' || p[k] < 0x20)
			break;
	return k;
#endif
}

/* A string at s->i (its opening quote); leaves s->i past the closing one. */
static int
scan_string(struct scanner *s, struct apierr *e)
{
	unsigned char c;
	char what[64];
	unsigned k;
	int rc;

	s->i++;
	s->in_string = 1;
	while (s->i < s->len) {
		if (s->len - s->i >= 16 && (k = plain16(s->p + s->i)) > 0) {
			s->i += k;
			continue;
		}
		c = s->p[s->i];
		if (c == '"') {
			s->i++;
			s->in_string = 0;
			return 0;
		}
		if (c < 0x20) {
			snprintf(what, sizeof(what),
			    "control character 0x%02x in a string must be "
			    "escaped",
			    c);
			return scan_fail(s, e, SCAN_ERR, "invalid_json", what);
		}
		if (c != '\\') {
			s->i++;
			continue;
		}
		if (s->len - s->i < 2)
			return scan_eof(s, e);
		switch (s->p[s->i + 1]) {
		case '"':
		case '\\':
		case '/':
		case 'b':
		case 'f':
		case 'n':
		case 'r':
		case 't':
			s->i += 2;
			break;
		case 'u':
			if ((rc = scan_unicode(s, e)) != 0)
				return rc;
			break;
		default:
			return scan_fail(s, e, SCAN_ERR, "invalid_json",
			    "invalid escape in a string");
		}
	}
	return scan_eof(s, e);
}

static int
is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* Skip digits; at least one is required. */
static int
scan_digits(struct scanner *s, struct apierr *e)
{
	if (s->i == s->len)
		return scan_eof(s, e);
	if (!is_digit(s->p[s->i]))
		return scan_bad(s, e, "a digit");
	while (s->i < s->len && is_digit(s->p[s->i]))
		s->i++;
	return 0;
}

/* RFC 8259's number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int
scan_number(struct scanner *s, struct apierr *e)
{
	size_t start = s->i;
	int rc;

	if (s->p[s->i] == '-')
		s->i++;
	if (s->i < s->len && s->p[s->i] == '0')
		s->i++;
	else if ((rc = scan_digits(s, e)) != 0)
		return rc;
	if (s->i < s->len && s->p[s->i] == '.') {
		s->i++;
		if ((rc = scan_digits(s, e)) != 0)
			return rc;
	}
	if (s->i < s->len && (s->p[s->i] | 0x20) == 'e') {
		s->i++;
		if (s->i < s->len && (s->p[s->i] == '+' || s->p[s->i] == '-'))
			s->i++;
		if ((rc = scan_digits(s, e)) != 0)
			return rc;
	}
	if (s->i - start > API_MAX_NUMBER) {
		s->i = start;
		return scan_fail(s, e, SCAN_ERR, "invalid_value",
		    "a number longer than 63 characters");
	}
	return 0;
}

static int
scan_literal(struct scanner *s, struct apierr *e)
{
	const char *lit;
	size_t n, avail = s->len - s->i;

	switch (s->p[s->i]) {
	case 't':
		lit = "true";
		break;
	case 'f':
		lit = "false";
		break;
	default:
		lit = "null";
		break;
	}
	n = strlen(lit);
	if (avail < n && memcmp(s->p + s->i, lit, avail) == 0)
		return scan_eof(s, e);
	if (avail < n || memcmp(s->p + s->i, lit, n) != 0)
		return scan_bad(s, e, "a JSON value");
	s->i += n;
	return 0;
}

/* A value at s->i; containers are only opened here, not walked. */
static int
scan_value(struct scanner *s, struct apierr *e, enum scan_state *st)
{
	struct frame *f;
	unsigned char c = s->p[s->i];

	*st = S_AFTER;
	switch (c) {
	case '{':
	case '[':
		if (s->depth == API_MAX_DEPTH)
			return scan_fail(s, e, SCAN_ERR, "too_deep",
			    "JSON nested more than 4 levels deep");
		f = &s->f[++s->depth];
		memset(f, 0, sizeof(*f));
		f->kind = (char)c;
		s->i++;
		*st = c == '{' ? S_FIRST_KEY : S_FIRST_ELEM;
		return 0;
	case '"':
		return scan_string(s, e);
	case 't':
	case 'f':
	case 'n':
		return scan_literal(s, e);
	default:
		if (c == '-' || is_digit(c))
			return scan_number(s, e);
		return scan_bad(s, e, "a JSON value");
	}
}

/* Check p[0, len); 0, or a SCAN_* error with e filled. */
static int
scan_json(const char *p, size_t len, struct apierr *e)
{
	struct scanner s;
	struct frame *top;
	enum scan_state st = S_VALUE;
	unsigned char c;
	size_t key;
	int rc;

	memset(&s, 0, sizeof(s));
	s.p = (const unsigned char *)p;
	s.len = len;
	/* RFC 8259 lets a parser ignore a BOM; we refuse it, as a sign of
	 * a client that sends text from a file, not JSON it made. It is a
	 * fault of the encoding (UTF-8 has no byte order to mark), so the
	 * encoding's code. */
	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		return scan_fail(&s, e, SCAN_ERR, "invalid_utf8",
		    "a byte order mark (U+FEFF) is not allowed");
	for (;;) {
		while (s.i < len && (s.p[s.i] == ' ' || s.p[s.i] == '\t' ||
					s.p[s.i] == '\n' || s.p[s.i] == '\r'))
			s.i++;
		if (s.i == len) {
			if (st == S_AFTER && s.depth == 0)
				return 0;
			return scan_eof(&s, e);
		}
		c = s.p[s.i];
		top = &s.f[s.depth];
		switch (st) {
		case S_FIRST_ELEM:
			if (c == ']') {
				s.i++;
				s.depth--;
				st = S_AFTER;
				break;
			}
			/* FALLTHROUGH */
		case S_VALUE:
			if (s.depth > 0 && top->kind == '[') {
				top->index = top->count++;
				top->has = 1;
			}
			if ((rc = scan_value(&s, e, &st)) != 0)
				return rc;
			break;
		case S_FIRST_KEY:
			if (c == '}') {
				s.i++;
				s.depth--;
				st = S_AFTER;
				break;
			}
			/* FALLTHROUGH */
		case S_KEY:
			if (c != '"')
				return scan_bad(&s, e, "a key in quotes");
			key = s.i + 1;
			if ((rc = scan_string(&s, e)) != 0)
				return rc;
			top->key = key;
			top->keylen = s.i - 1 - key;
			top->has = 1;
			st = S_COLON;
			break;
		case S_COLON:
			if (c != ':')
				return scan_bad(&s, e, "':'");
			s.i++;
			st = S_VALUE;
			break;
		case S_AFTER:
			if (s.depth == 0)
				return scan_fail(&s, e, SCAN_ERR,
				    "invalid_json",
				    "data after the end of the JSON value");
			if (c == ',') {
				s.i++;
				top->has = 0;
				st = top->kind == '[' ? S_VALUE : S_KEY;
			} else if (c == (top->kind == '[' ? ']' : '}')) {
				s.i++;
				s.depth--;
			} else
				return scan_bad(&s, e,
				    top->kind == '[' ? "',' or ']'"
						     : "',' or '}'");
			break;
		}
	}
}

static size_t
skip_space(const char *p, size_t len, size_t i)
{
	while (i < len &&
	       (p[i] == ' ' || p[i] == '\t' || p[i] == '\n' || p[i] == '\r'))
		i++;
	return i;
}

/* Code point cp in UTF-8 at w; the bytes written. */
static size_t
put_utf8(char *w, unsigned cp)
{
	if (cp < 0x80) {
		w[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		w[0] = (char)(0xc0 | cp >> 6);
		w[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		w[0] = (char)(0xe0 | cp >> 12);
		w[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		w[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	w[0] = (char)(0xf0 | cp >> 18);
	w[1] = (char)(0x80 | (cp >> 12 & 0x3f));
	w[2] = (char)(0x80 | (cp >> 6 & 0x3f));
	w[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/*
 * The string whose opening quote is at p[*i], unescaped where it stands
 * (no escape is shorter than what it stands for, and the closing quote
 * leaves room for the NUL); *i past the closing quote. The scanner has
 * passed it: every escape is whole and valid.
 */
static char *
unescape(char *p, size_t len, size_t *i)
{
	const unsigned char *u = (const unsigned char *)p;
	char *start = p + *i + 1, *w = start;
	size_t r = *i + 1, k;
	unsigned cp = 0, lo = 0xdc00;
	char c;

	for (;;) {
		for (k = r; len - k >= 16 && plain16(u + k) == 16; k += 16)
			;
		while (p[k] != '"' && p[k] != '\\')
			k++;
		if (w != p + r)
			memmove(w, p + r, k - r);
		w += k - r;
		if (p[k] == '"') {
			*w = '\0';
			*i = k + 1;
			return start;
		}
		switch (c = p[k + 1]) {
		case 'b':
			c = '\b';
			break;
		case 'f':
			c = '\f';
			break;
		case 'n':
			c = '\n';
			break;
		case 'r':
			c = '\r';
			break;
		case 't':
			c = '\t';
			break;
		case 'u':
			(void)hex4(u + k + 2, &cp);
			r = k + 6;
			if (cp >= 0xd800 && cp <= 0xdbff) {
				(void)hex4(u + k + 8, &lo);
				cp = 0x10000 + ((cp - 0xd800) << 10) +
				     (lo - 0xdc00);
				r = k + 12;
			}
			w += put_utf8(w, cp);
			continue;
		default: /* '"', '\\', '/' stand for themselves */
			break;
		}
		*w++ = c;
		r = k + 2;
	}
}

/* Its place in the container on top (or the root); 0, or -1. */
static int
attach(cJSON **stack, const char **key, int depth, cJSON **root, cJSON *v)
{
	cJSON_bool ok;

	if (depth == 0) {
		*root = v;
		return 0;
	}
	if (cJSON_IsObject(stack[depth])) {
		ok = cJSON_AddItemToObjectCS(stack[depth], key[depth], v);
		key[depth] = NULL;
	} else
		ok = cJSON_AddItemToArray(stack[depth], v);
	if (!ok)
		cJSON_Delete(v);
	return ok ? 0 : -1;
}

/*
 * A number's node, its text kept as its valuestring (a reference, never
 * freed: it is in the body's copy) for the checks that the double cannot
 * answer (whole_text). *end is set past the text.
 */
static cJSON *
number(char *s, char **end)
{
	cJSON *v = cJSON_CreateNumber(strtod(s, end));

	if (v != NULL) {
		v->valuestring = s;
		v->type |= cJSON_IsReference;
	}
	return v;
}

/*
 * The tree of a body that scan_json has passed, in one pass with no
 * checks left to make. Strings and keys are unescaped in place in p (a
 * copy of the body) and the tree refers to them there, not to copies:
 * the articles' text is not copied again. NULL only out of memory.
 */
static cJSON *
build_json(char *p, size_t len)
{
	cJSON *stack[API_MAX_DEPTH + 1], *root = NULL, *v;
	const char *key[API_MAX_DEPTH + 1];
	int depth = 0;
	size_t i = 0;
	char *end;

	for (;;) {
		if ((i = skip_space(p, len, i)) == len)
			return root;
		switch (p[i]) {
		case ',':
			i++;
			continue;
		case '}':
		case ']':
			/* The root's end: only white space follows
			 * (scan_json saw to it). Said here, it also shows
			 * clang's analyzer that depth stays above 0. */
			if (--depth <= 0)
				return root;
			i++;
			continue;
		default:
			break;
		}
		if (depth > 0 && cJSON_IsObject(stack[depth]) &&
		    key[depth] == NULL) {
			key[depth] = unescape(p, len, &i);
			i = skip_space(p, len, i) + 1; /* the colon */
			continue;
		}
		switch (p[i]) {
		case '{':
			v = cJSON_CreateObject();
			break;
		case '[':
			v = cJSON_CreateArray();
			break;
		case '"':
			v = cJSON_CreateStringReference(unescape(p, len, &i));
			break;
		case 't':
			v = cJSON_CreateTrue();
			i += 4;
			break;
		case 'f':
			v = cJSON_CreateFalse();
			i += 5;
			break;
		case 'n':
			v = cJSON_CreateNull();
			i += 4;
			break;
		default:
			v = number(p + i, &end);
			i = (size_t)(end - p);
			break;
		}
		/* attach frees v if it fails */
		if (v == NULL || attach(stack, key, depth, &root, v) != 0) {
			cJSON_Delete(root);
			return NULL;
		}
		if (cJSON_IsObject(v) || cJSON_IsArray(v)) {
			i++;
			stack[++depth] = v;
			key[depth] = NULL;
		}
	}
}

/*
 * Sort an object's members into slots by key. A key that is not in keys,
 * or one given twice, is an error: a typo must not be silently ignored.
 * prefix names the object in field paths ("" for the body).
 */
static int
members(const cJSON *obj, const char *const *keys, const cJSON **slot,
    const char *prefix, struct apierr *e)
{
	const cJSON *c;
	const char *name;
	char known[96];
	size_t k, n, m;

	for (c = obj->child; c != NULL; c = c->next) {
		name = c->string != NULL ? c->string : "";
		for (k = 0; keys[k] != NULL; k++)
			if (strcmp(keys[k], name) == 0)
				break;
		n = strlen(name);
		snprintf(e->field, sizeof(e->field), "%s%s%.*s", prefix,
		    *prefix != '\0' ? "." : "",
		    (int)utf8_cut(name, n, API_MAX_KEY), name);
		if (keys[k] == NULL) {
			known[0] = '\0';
			for (k = 0, m = 0; keys[k] != NULL; k++)
				m += (size_t)snprintf(known + m,
				    m < sizeof(known) ? sizeof(known) - m : 0,
				    "%s%s", k > 0 ? ", " : "", keys[k]);
			return fail(e, 400, "unknown_field", e->field,
			    "unknown field \"%s\"; known fields here: %s",
			    e->field, known);
		}
		if (slot[k] != NULL)
			return fail(e, 400, "duplicate_key", e->field,
			    "field \"%s\" is given twice", e->field);
		slot[k] = c;
	}
	return 0;
}

/* Absent, or null: both mean "the default". */
static int
absent(const cJSON *v)
{
	return v == NULL || cJSON_IsNull(v);
}

/* Exactly n digits at s. */
static int
digits(const char *s, int n, int *out)
{
	int v = 0, k;

	for (k = 0; k < n; k++) {
		if (!is_digit((unsigned char)s[k]))
			return -1;
		v = v * 10 + (s[k] - '0');
	}
	*out = v;
	return 0;
}

/* Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant). */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/*
 * RFC 3339 (2025-03-21T09:00:00Z, +01:00, fractions ignored), or a bare
 * date (midnight UTC). A time without a zone is taken as UTC: the daemon
 * keeps no timezone state and its answer must not depend on the host's.
 */
static int
parse_date(const char *s, int64_t *out)
{
	static const int mdays[] = {
	    31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, mo, d, h = 0, mi = 0, sec = 0, oh, om, sign, leap;
	int64_t off = 0;

	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) ||
	    s[7] != '-' || digits(s + 8, 2, &d))
		return -1;
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] ||
	    (mo == 2 && d == 29 && !leap))
		return -1;
	s += 10;
	if (*s != '\0') {
		if (*s != 'T' && *s != 't' && *s != ' ')
			return -1;
		if (digits(s + 1, 2, &h) || s[3] != ':' ||
		    digits(s + 4, 2, &mi))
			return -1;
		s += 6;
		if (*s == ':') {
			if (digits(s + 1, 2, &sec))
				return -1;
			s += 3;
			if (*s == '.' || *s == ',') {
				if (!is_digit((unsigned char)*++s))
					return -1;
				while (is_digit((unsigned char)*s))
					s++;
			}
		}
		/* 60: a leap second, counted as the next minute's first. */
		if (h > 23 || mi > 59 || sec > 60)
			return -1;
		if (*s == 'Z' || *s == 'z')
			s++;
		else if (*s == '+' || *s == '-') {
			sign = *s == '-' ? -1 : 1;
			if (digits(s + 1, 2, &oh))
				return -1;
			s += 3;
			if (*s == ':')
				s++;
			if (digits(s, 2, &om))
				return -1;
			s += 2;
			if (oh > 23 || om > 59)
				return -1;
			off = sign * (int64_t)(oh * 3600 + om * 60);
		}
	}
	if (*s != '\0')
		return -1;
	*out =
	    days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

static int
parse_document(const cJSON *d, size_t i, const struct api_limits *lim,
    struct req *rq, int stored, struct apierr *e)
{
	static const char *const keys[] = {"id", "title", "date", "text", NULL};
	const cJSON *slot[4] = {NULL, NULL, NULL, NULL};
	const cJSON *id = NULL, *title, *date, *text;
	struct summ_doc *doc = &rq->docs[i];
	char prefix[32];
	size_t n;

	snprintf(prefix, sizeof(prefix), "documents[%zu]", i);
	if (!cJSON_IsObject(d))
		return fail(e, 400, "invalid_type", prefix,
		    "%s must be an object with a \"text\"", prefix);
	/* A stored article's id is in the path: no key of its body. */
	if (stored && cJSON_GetObjectItemCaseSensitive(d, "id") != NULL)
		return fail(e, 400, "unknown_field", dfield(e, i, "id"),
		    "the article's id is in the path, not the body");
	if (members(d, keys + stored, slot + stored, prefix, e) != 0)
		return -1;
	id = slot[0];
	title = slot[1];
	date = slot[2];
	text = slot[3];

	if (text == NULL)
		return fail(e, 400, "missing_field", dfield(e, i, "text"),
		    "%s is required", e->field);
	if (!cJSON_IsString(text))
		return fail(e, 400, "invalid_type", dfield(e, i, "text"),
		    "%s must be a string", e->field);
	n = strlen(text->valuestring);
	if (n > lim->max_doc_bytes)
		return fail(e, 413, "document_too_large", dfield(e, i, "text"),
		    "%s has %zu bytes; the limit is %zu", e->field, n,
		    lim->max_doc_bytes);
	doc->text = text->valuestring;
	doc->text_len = n;
	if (rq->bytes > SIZE_MAX - n)
		return fail(e, 413, "too_large", "documents",
		    "the documents are too large");
	rq->bytes += n;

	if (!absent(id)) {
		if (!cJSON_IsString(id))
			return fail(e, 400, "invalid_type", dfield(e, i, "id"),
			    "%s must be a string", e->field);
		if (strlen(id->valuestring) > API_MAX_ID)
			return fail(e, 400, "invalid_value", dfield(e, i, "id"),
			    "%s is longer than %d bytes", e->field, API_MAX_ID);
		/* It names the document in the answer: "" names none. */
		if (id->valuestring[0] == '\0')
			return fail(e, 400, "invalid_value", dfield(e, i, "id"),
			    "%s is empty", e->field);
		rq->ids[i] = id->valuestring;
	}
	if (!absent(title)) {
		if (!cJSON_IsString(title))
			return fail(e, 400, "invalid_type",
			    dfield(e, i, "title"), "%s must be a string",
			    e->field);
		doc->title = title->valuestring;
		doc->title_len = strlen(title->valuestring);
		/* A headline is part of the article: the cap on its bytes
		 * holds for the two together, or a title could carry what
		 * max_doc_bytes keeps out of the text. */
		if (doc->title_len > lim->max_doc_bytes - doc->text_len)
			return fail(e, 413, "document_too_large",
			    dfield(e, i, "title"),
			    "%s and its text have %zu bytes together; the "
			    "limit is %zu",
			    e->field, doc->title_len + doc->text_len,
			    lim->max_doc_bytes);
	}
	doc->date = SUMM_NO_DATE;
	if (!absent(date)) {
		if (!cJSON_IsString(date))
			return fail(e, 400, "invalid_type",
			    dfield(e, i, "date"),
			    "%s must be a string such as "
			    "\"2025-03-21T09:00:00Z\"",
			    e->field);
		if (parse_date(date->valuestring, &doc->date) != 0)
			return fail(e, 400, "invalid_value",
			    dfield(e, i, "date"),
			    "%s is not an RFC 3339 date such as "
			    "\"2025-03-21T09:00:00Z\" or \"2025-03-21\"",
			    e->field);
	}
	return 0;
}

static int
parse_documents(const cJSON *v, const struct api_limits *lim, struct req *rq,
    struct apierr *e)
{
	const cJSON *d;
	size_t i, n = 0;

	if (absent(v))
		return fail(e, 422, "no_documents", "documents",
		    "documents is required: an array of {\"text\": ...}");
	if (!cJSON_IsArray(v))
		return fail(e, 400, "invalid_type", "documents",
		    "documents must be an array");
	for (d = v->child; d != NULL; d = d->next)
		n++;
	rq->ndocs = n;
	if (n == 0)
		return fail(
		    e, 422, "no_documents", "documents", "documents is empty");
	if (n > lim->max_documents)
		return fail(e, 413, "too_many_documents", "documents",
		    "%zu documents; the limit is %zu", n, lim->max_documents);
	rq->docs = calloc(n, sizeof(*rq->docs));
	rq->ids = calloc(n, sizeof(*rq->ids));
	if (rq->docs == NULL || rq->ids == NULL)
		return fail(e, 500, "internal", NULL, "out of memory");
	for (d = v->child, i = 0; d != NULL; d = d->next, i++)
		if (parse_document(d, i, lim, rq, 0, e) != 0)
			return -1;
	return 0;
}

/* The largest revision a client may name: every double says it exactly. */
#define API_MAX_REVISION (UINT64_C(1) << 53)

/*
 * The whole number from 0 to max that a JSON number's text says (one that
 * scan_number passed, kept by build_json: it runs to the first character
 * that is no part of a number): 0 and *out, else -1.
 * Read from the digits, not the double, which makes 2^53 + 1 into 2^53
 * and 5.0000000000000001 into 5: whole numbers in range the text is not.
 */
static int
whole_text(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t n = 0;                   /* digits in v */
	long exp = 0, zeros = 0, e = 0; /* zeros: not yet in v */
	int frac = 0, neg = 0, eneg = 0;

	if (*s == '-') {
		neg = 1;
		s++;
	}
	for (; is_digit(*s) || *s == '.'; s++) {
		if (*s == '.') {
			frac = 1;
			continue;
		}
		exp -= frac; /* each digit after the point, a tenth */
		if (*s == '0') {
			zeros += n > 0; /* a leading zero is nothing */
			continue;
		}
		/* Under 10^19, v cannot overflow; a whole number with more
		 * digits is over any max there is. */
		if ((n += (size_t)zeros + 1) > 19)
			return -1;
		for (; zeros > 0; zeros--)
			v *= 10;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	if (*s == 'e' || *s == 'E') {
		s++;
		if (*s == '+' || *s == '-')
			eneg = *s++ == '-';
		for (; is_digit(*s); s++)
			if (e < 100000) /* past any digits there can be */
				e = e * 10 + (*s - '0');
		exp += eneg ? -e : e;
	}
	exp += zeros; /* zeros at the end are a power of ten */
	if (n == 0) {
		*out = 0; /* -0 too */
		return 0;
	}
	if (neg || exp < 0 || n + (size_t)exp > 19)
		return -1;
	for (; exp > 0; exp--)
		v *= 10;
	if (v > max)
		return -1;
	*out = v;
	return 0;
}

/* A whole number from 1 to API_MAX_COUNT. */
static int
get_count(const cJSON *v, const char *field, double *out, struct apierr *e)
{
	uint64_t n;

	if (!cJSON_IsNumber(v))
		return fail(e, 400, "invalid_type", field,
		    "%s must be a number", field);
	/* From its digits: the double makes 2.0000000000000001 into 2. */
	if (whole_text(v->valuestring, (uint64_t)API_MAX_COUNT, &n) != 0 ||
	    n < 1)
		return fail(e, 400, "invalid_value", field,
		    "%s must be a whole number from 1 to 10^12", field);
	*out = (double)n;
	return 0;
}

static int
parse_length(const cJSON *v, const struct api_limits *lim, struct req *rq,
    struct apierr *e)
{
	static const char *const keys[] = {
	    "sentences", "words", "bytes", "ratio", NULL};
	static const enum summ_unit units[] = {
	    SUMM_SENTENCES, SUMM_WORDS, SUMM_BYTES, SUMM_RATIO};
	const cJSON *slot[4] = {NULL, NULL, NULL, NULL};
	char field[32];
	int k, which = -1, set = 0;
	double x = 0;

	if (absent(v))
		return 0;
	if (!cJSON_IsObject(v))
		return fail(e, 400, "invalid_type", "length",
		    "length must be an object such as {\"sentences\": 5}");
	if (members(v, keys, slot, "length", e) != 0)
		return -1;
	for (k = 0; k < 4; k++)
		if (!absent(slot[k])) { /* null is as if left out */
			which = k;
			set++;
		}
	if (set != 1)
		return fail(e, 400, "invalid_length", "length",
		    "length takes exactly one of sentences, words, bytes or "
		    "ratio; %d given",
		    set);
	snprintf(field, sizeof(field), "length.%s", keys[which]);
	rq->opts.unit = units[which];
	if (units[which] == SUMM_RATIO) {
		if (!cJSON_IsNumber(slot[which]))
			return fail(e, 400, "invalid_type", field,
			    "%s must be a number", field);
		x = slot[which]->valuedouble;
		if (!(x > 0 && x <= 1))
			return fail(e, 400, "invalid_value", field,
			    "%s must be more than 0 and at most 1", field);
	} else if (get_count(slot[which], field, &x, e) != 0)
		return -1;
	if (units[which] == SUMM_SENTENCES && x > (double)lim->max_sentences)
		return fail(e, 422, "length_too_large", field,
		    "%s may be at most %zu", field, lim->max_sentences);
	rq->opts.amount = x;
	return 0;
}

static int
parse_options(const cJSON **slot, struct req *rq, struct apierr *e)
{
	const cJSON *lang = slot[2], *query = slot[3], *order = slot[4];
	const cJSON *explain = slot[5];
	const char *o;

	if (!absent(lang)) {
		if (!cJSON_IsString(lang))
			return fail(e, 400, "invalid_type", "language",
			    "language must be a string");
		if (strcmp(lang->valuestring, "auto") != 0 &&
		    !summ_language_known(lang->valuestring))
			return fail(e, 422, "unsupported_language", "language",
			    "language must be \"auto\" or a code such as "
			    "\"en\", \"de\", \"zh\" (see docs/API.md)");
		rq->opts.language = lang->valuestring;
	}
	if (!absent(query)) {
		if (!cJSON_IsString(query))
			return fail(e, 400, "invalid_type", "query",
			    "query must be a string");
		rq->opts.query = query->valuestring;
		rq->opts.query_len = strlen(query->valuestring);
	}
	if (!absent(order)) {
		if (!cJSON_IsString(order))
			return fail(e, 400, "invalid_type", "order",
			    "order must be a string");
		o = order->valuestring;
		if (strcmp(o, "chronological") == 0)
			rq->opts.order = SUMM_ORDER_CHRONOLOGICAL;
		else if (strcmp(o, "score") == 0)
			rq->opts.order = SUMM_ORDER_SCORE;
		else if (strcmp(o, "input") == 0)
			rq->opts.order = SUMM_ORDER_INPUT;
		else
			return fail(e, 400, "invalid_value", "order",
			    "order must be \"chronological\", \"score\" or "
			    "\"input\"");
	}
	if (!absent(explain)) {
		if (!cJSON_IsBool(explain))
			return fail(e, 400, "invalid_type", "explain",
			    "explain must be true or false");
		rq->explain = cJSON_IsTrue(explain);
	}
	return 0;
}

/*
 * The body of /v1/summarize, or (stored set) of a stored cluster's summary:
 * the same options, with "since" in place of "documents".
 */
static int
parse_request(const cJSON *root, const struct api_limits *lim, struct req *rq,
    int stored, struct apierr *e)
{
	static const char *const oneshot[] = {"documents", "length", "language",
	    "query", "order", "explain", NULL};
	static const char *const cluster[] = {
	    "since", "length", "language", "query", "order", "explain", NULL};
	const cJSON *slot[6] = {NULL, NULL, NULL, NULL, NULL, NULL};

	if (root == NULL || !cJSON_IsObject(root))
		return fail(e, 400, "invalid_type", NULL,
		    "the body must be a JSON object");
	if (members(root, stored ? cluster : oneshot, slot, "", e) != 0)
		return -1;
	if (!stored && parse_documents(slot[0], lim, rq, e) != 0)
		return -1;
	if (stored && !absent(slot[0])) {
		if (!cJSON_IsNumber(slot[0]))
			return fail(e, 400, "invalid_type", "since",
			    "since must be a revision number");
		if (whole_text(slot[0]->valuestring, API_MAX_REVISION,
			&rq->since) != 0)
			return fail(e, 400, "invalid_value", "since",
			    "since must be a whole number from 0 to 2^53");
		rq->has_since = 1;
	}
	if (parse_length(slot[1], lim, rq, e) != 0 ||
	    parse_options(slot, rq, e) != 0)
		return -1;
	return 0;
}

/* The engine's errors, as a client should see them. */
static int
engine_error(
    const struct summ_error *se, const struct req *rq, struct apierr *e)
{
	switch (se->code) {
	case SUMM_EUTF8:
		if (se->doc < rq->ndocs)
			return fail(e, 400, "invalid_utf8",
			    dfield(e, se->doc, "text"), "%s", se->message);
		return fail(e, 400, "invalid_utf8", "query", "%s", se->message);
	case SUMM_EEMPTY:
		return fail(
		    e, 422, "nothing_to_summarize", NULL, "%s", se->message);
	case SUMM_EBUDGET:
		return fail(
		    e, 422, "length_too_small", "length", "%s", se->message);
	case SUMM_ENOMEM:
	case SUMM_ELIMIT:
		return fail(e, 413, "too_large", NULL, "%s", se->message);
	case SUMM_ETIME:
		return fail(e, 503, "deadline_exceeded", NULL,
		    "the request took longer than the daemon allows");
	case SUMM_EINVAL:
		return fail(e, 400, "invalid_value",
		    se->doc < rq->ndocs ? dfield(e, se->doc, "text") : NULL,
		    "%s", se->message);
	default:
		return fail(e, 500, "internal", NULL, "%s", se->message);
	}
}

/* Sentence s as a reader reads it and as the engine measured it against
 * the budget (summ_shown): tags and Markdown's marks out, entities
 * decoded, each run of white space one space; into out, its length. */
static size_t
sentence_shown(const struct req *rq, const struct summ_sentence *s, char *out)
{
	const struct summ_doc *d = &rq->docs[s->doc];
	const char *p = d->text + s->offset;
	/* Is its document marked up? Asked only of a sentence that holds a
	 * '<', most hold none. */
	int marked = memchr(p, '<', s->length) != NULL &&
		     memchr(d->text, '<', d->text_len) != NULL;

	return summ_shown(p, s->length, marked, out);
}

/* The summary: the sentences as shown, joined by one space, each one's
 * place in it at at[i] (n + 1 of them: at[n] is the end plus one). */
static char *
make_summary(const struct req *rq, const struct summ_result *res, size_t *at)
{
	size_t i, n = summ_result_count(res), size = 1;
	char *buf;

	for (i = 0; i < n; i++) {
		if (summ_result_sentence(res, i)->length > SIZE_MAX - 1 - size)
			return NULL;
		size += summ_result_sentence(res, i)->length + 1;
	}
	if ((buf = malloc(size)) == NULL)
		return NULL;
	for (i = 0, at[0] = 0; i < n; i++) {
		at[i + 1] =
		    at[i] + sentence_shown(
				rq, summ_result_sentence(res, i), buf + at[i]);
		buf[at[i + 1]++] = ' ';
	}
	buf[n > 0 ? at[n] - 1 : 0] = '\0';
	return buf;
}

/* A document's id: its own, or its index as a string. */
static void
put_id(struct jsonw *w, const struct req *rq, size_t doc)
{
	char idx[24];

	if (rq->ids[doc] != NULL) {
		jsonw_cstr(w, rq->ids[doc]);
		return;
	}
	snprintf(idx, sizeof(idx), "%zu", doc);
	jsonw_cstr(w, idx);
}

/* A sentence of the answer; shown[0, nshown) is how it reads. */
static void
put_sentence(struct jsonw *w, const struct req *rq,
    const struct summ_sentence *s, const char *shown, size_t nshown)
{
	static const char *const places[] = {"index", "offset", "length"};
	static const char *const features[] = {
	    "centroid", "centrality", "position", "title", "query"};
	const struct summ_features *f = &s->features;
	const uint64_t place[] = {s->index, s->offset, s->length};
	const double feature[] = {
	    f->centroid, f->centrality, f->position, f->title, f->query};
	size_t i;

	jsonw_open(w, '{');
	jsonw_key(w, "text");
	jsonw_str(w, rq->docs[s->doc].text + s->offset, s->length);
	jsonw_key(w, "shown");
	jsonw_str(w, shown, nshown);
	jsonw_key(w, "document");
	put_id(w, rq, s->doc);
	for (i = 0; i < 3; i++) {
		jsonw_key(w, places[i]);
		jsonw_uint(w, place[i]);
	}
	/* Features and scores: six decimals is all that means anything. */
	jsonw_key(w, "score");
	jsonw_fixed6(w, s->score);
	if (rq->explain) {
		jsonw_key(w, "features");
		jsonw_open(w, '{');
		for (i = 0; i < 5; i++) {
			jsonw_key(w, features[i]);
			jsonw_fixed6(w, feature[i]);
		}
		jsonw_close(w, '}');
	}
	jsonw_close(w, '}');
}

/* Each document's id and the language it was read as. */
static void
put_languages(
    struct jsonw *w, const struct req *rq, const struct summ_result *res)
{
	size_t i;

	jsonw_key(w, "documents");
	jsonw_open(w, '[');
	for (i = 0; i < rq->ndocs; i++) {
		jsonw_open(w, '{');
		jsonw_key(w, "id");
		put_id(w, rq, i);
		jsonw_key(w, "language");
		jsonw_cstr(w, summ_result_doc_language(res, i));
		jsonw_close(w, '}');
	}
	jsonw_close(w, ']');
}

/* Which IDF weighed the terms: the daemon's learned model, or the
 * cluster's own document frequencies. */
static void
put_idf(struct jsonw *w, const struct api_limits *lim)
{
	jsonw_key(w, "idf");
	jsonw_open(w, '{');
	jsonw_key(w, "source");
	jsonw_cstr(w, lim->idf != NULL ? "learned" : "cluster");
	if (lim->idf != NULL) {
		jsonw_key(w, "snapshot");
		jsonw_uint(w, lim->idf_snapshot);
		jsonw_key(w, "documents");
		jsonw_uint(w, lim->idf_documents);
	}
	jsonw_close(w, '}');
}

cJSON *
api_add_whole(cJSON *o, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%" PRIu64, v);
	return cJSON_AddRawToObject(o, key, buf);
}

/*
 * The 200 answer; -1 out of memory, -2 a sentence outside its document.
 * Written straight out (jsonw.h), not built as a cJSON tree: the answer
 * is what every summary sends.
 */
static int
make_answer(const struct req *rq, const struct summ_result *res, double ms,
    const struct api_limits *lim, const struct api_cluster *c,
    struct api_reply *out)
{
	static const char *const counts[] = {
	    "documents", "sentences", "candidates"};
	const struct summ_stats *st = summ_result_stats(res);
	const uint64_t count[] = {st->documents, st->sentences, st->candidates};
	const struct summ_sentence *s;
	struct jsonw w;
	char *summary = NULL;
	size_t i, n = summ_result_count(res), *at;

	/* The engine is trusted, but not with the daemon's life. */
	for (i = 0; i < n; i++) {
		s = summ_result_sentence(res, i);
		if (s->doc >= rq->ndocs ||
		    s->offset > rq->docs[s->doc].text_len ||
		    s->length > rq->docs[s->doc].text_len - s->offset)
			return -2;
	}
	if ((at = calloc(n + 1, sizeof(*at))) == NULL ||
	    (summary = make_summary(rq, res, at)) == NULL) {
		free(at);
		return -1;
	}
	jsonw_init(&w);
	jsonw_open(&w, '{');
	if (c != NULL) {
		jsonw_key(&w, "cluster");
		jsonw_cstr(&w, c->name);
		jsonw_key(&w, "revision");
		jsonw_uint(&w, c->revision);
		if (rq->has_since) {
			jsonw_key(&w, "since");
			jsonw_uint(&w, rq->since);
		}
	}
	jsonw_key(&w, "summary");
	jsonw_str(&w, summary, n > 0 ? at[n] - 1 : 0);
	jsonw_key(&w, "sentences");
	jsonw_open(&w, '[');
	for (i = 0; i < n; i++)
		put_sentence(&w, rq, summ_result_sentence(res, i),
		    summary + at[i], at[i + 1] - 1 - at[i]);
	jsonw_close(&w, ']');
	jsonw_key(&w, "language");
	jsonw_cstr(&w, summ_result_language(res));
	put_languages(&w, rq, res);
	put_idf(&w, lim);
	jsonw_key(&w, "stats");
	jsonw_open(&w, '{');
	for (i = 0; i < 3; i++) {
		jsonw_key(&w, counts[i]);
		jsonw_uint(&w, count[i]);
	}
	jsonw_key(&w, "elapsed_ms");
	jsonw_fixed6(&w, floor(ms * 1000 + 0.5) / 1000);
	jsonw_close(&w, '}');
	jsonw_close(&w, '}');
	free(at);
	free(summary);
	if ((out->body = jsonw_finish(&w, &out->len)) == NULL)
		return -1;
	out->status = 200;
	return 0;
}

static double
since_ms(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) * 1e3 +
	       (double)(t1.tv_nsec - t0->tv_nsec) / 1e6;
}

/*
 * Is the body well-formed: UTF-8, then strict JSON no deeper than our
 * schema? Bad UTF-8 is named by the field it lies in: the prefix before
 * the bad byte is scanned, and if that truncated JSON ends inside a
 * string, the byte is in the field where it ends.
 */
static int
check_body(const char *body, size_t len, struct apierr *e)
{
	struct apierr at;
	size_t bad;

	if (summ_utf8_check(body, len, &bad) != 0) {
		memset(&at, 0, sizeof(at));
		if (scan_json(body, bad, &at) == SCAN_EOF_STR && at.has_field)
			return fail(e, 400, "invalid_utf8", at.field,
			    "%s: invalid UTF-8 at byte %zu of the body",
			    at.field, bad);
		return fail(e, 400, "invalid_utf8", NULL,
		    "invalid UTF-8 at byte %zu of the body", bad);
	}
	if (scan_json(body, len, e) != 0)
		return -1;
	return 0;
}

/* Apply the defaults to limits the caller left zero. */
static void
limits(const struct api_limits *limp, struct api_limits *lim)
{
	memset(lim, 0, sizeof(*lim));
	if (limp != NULL)
		*lim = *limp;
	if (lim->max_documents == 0)
		lim->max_documents = API_DEFAULT_MAX_DOCUMENTS;
	if (lim->max_doc_bytes == 0)
		lim->max_doc_bytes = API_DEFAULT_MAX_DOC_BYTES;
	if (lim->max_sentences == 0)
		lim->max_sentences = API_DEFAULT_MAX_SENTENCES;
	if (lim->max_memory == 0)
		lim->max_memory = API_DEFAULT_MAX_MEMORY;
}

/*
 * Check body[0, len) and parse it into *root, which points into *copy.
 */
static int
parse_body(
    const char *body, size_t len, char **copy, cJSON **root, struct apierr *e)
{
	if (body == NULL && len > 0)
		return fail(e, 400, "invalid_json", NULL, "no body");
	if (body == NULL)
		body = "";
	if (check_body(body, len, e) != 0)
		return -1;
	if (len == SIZE_MAX || (*copy = malloc(len + 1)) == NULL)
		return fail(e, 500, "internal", NULL, "out of memory");
	memcpy(*copy, body, len);
	(*copy)[len] = '\0';
	if ((*root = build_json(*copy, len)) == NULL)
		return fail(e, 500, "internal", NULL, "out of memory");
	return 0;
}

/* The documents of a stored cluster as the request's; since marks those
 * the reader has seen. */
static int
use_cluster(struct req *rq, const struct api_cluster *c, struct apierr *e)
{
	size_t i;

	if (c->ndocs == 0)
		return fail(e, 422, "no_documents", NULL,
		    "cluster \"%s\" has no documents", c->name);
	rq->docs = c->docs;
	rq->ids = (const char **)c->ids;
	rq->ndocs = c->ndocs;
	for (i = 0; i < c->ndocs; i++) {
		c->docs[i].seen = rq->has_since && c->revisions[i] <= rq->since;
		rq->bytes += c->docs[i].text_len;
	}
	return 0;
}

/* Count a one-shot request's articles into the learned IDF, those with
 * no word left out, as a corpus would refuse them. */
static void
learn(const struct api_limits *lim, const struct req *rq)
{
	struct summ_doc *docs;
	size_t i, n = 0;

	if ((docs = calloc(rq->ndocs + 1, sizeof(*docs))) == NULL)
		return; /* the summary's answer does not wait on this */
	for (i = 0; i < rq->ndocs; i++)
		if (summ_has_words(rq->docs[i].text, rq->docs[i].text_len))
			docs[n++] = rq->docs[i];
	if (n > 0)
		lim->learn(lim->learn_arg, docs, n);
	free(docs);
}

static int
summarize(const char *body, size_t len, const struct api_limits *limp,
    struct api_cluster *c, struct api_reply *out)
{
	struct api_limits lim;
	struct apierr e;
	struct req rq;
	struct summ_error se;
	struct summ_result *res = NULL;
	struct timespec t0;
	cJSON *root = NULL;
	char *copy = NULL;
	int rc;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(out, 0, sizeof(*out));
	memset(&e, 0, sizeof(e));
	memset(&rq, 0, sizeof(rq));
	limits(limp, &lim);
	summ_opts_init(&rq.opts);
	rq.opts.idf = lim.idf;
	rq.opts.max_memory = lim.max_memory;
	rq.opts.deadline = lim.deadline;

	if ((rc = parse_body(body, len, &copy, &root, &e)) != 0 ||
	    (rc = parse_request(root, &lim, &rq, c != NULL, &e)) != 0 ||
	    (c != NULL && (rc = use_cluster(&rq, c, &e)) != 0))
		goto reply;
	memset(&se, 0, sizeof(se));
	if (summ_run(rq.docs, rq.ndocs, &rq.opts, &res, &se) != 0) {
		rc = engine_error(&se, &rq, &e);
		goto reply;
	}
	rc = make_answer(&rq, res, since_ms(&t0), &lim, c, out);
	if (rc == 0 && c == NULL && lim.learn != NULL)
		learn(&lim, &rq);
	if (rc == -2)
		rc = fail(&e, 500, "internal", NULL,
		    "the engine chose a sentence outside its document");
	else if (rc != 0)
		rc = fail(&e, 500, "internal", NULL, "out of memory");

reply:
	if (rc != 0)
		rc = api_error(e.status, e.code, e.message,
		    e.has_field ? e.field : NULL, out);
	out->documents = rq.ndocs;
	out->bytes = rq.bytes;
	summ_result_free(res);
	cJSON_Delete(root);
	free(copy);
	if (c == NULL) {
		free(rq.docs);
		free(rq.ids);
	}
	return rc;
}

int
api_summarize(const char *body, size_t len, const struct api_limits *lim,
    struct api_reply *out)
{
	return summarize(body, len, lim, NULL, out);
}

int
api_cluster_summary(const char *body, size_t len, const struct api_limits *lim,
    struct api_cluster *c, struct api_reply *out)
{
	return summarize(body, len, lim, c, out);
}

int
api_cluster_check(const char *body, size_t len, const struct api_limits *limp,
    struct api_reply *out)
{
	struct api_limits lim;
	struct apierr e;
	struct req rq;
	cJSON *root = NULL;
	char *copy = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&e, 0, sizeof(e));
	memset(&rq, 0, sizeof(rq));
	limits(limp, &lim);
	summ_opts_init(&rq.opts);
	if ((rc = parse_body(body, len, &copy, &root, &e)) == 0)
		rc = parse_request(root, &lim, &rq, 1, &e);
	cJSON_Delete(root);
	free(copy);
	if (rc == 0)
		return 0;
	return api_error(e.status, e.code, e.message,
		   e.has_field ? e.field : NULL, out) == 0
		   ? 1
		   : -1;
}

/* Parse one article (corpus 0) or {"documents": [...]} (corpus 1). */
static int
parse_docs(const char *body, size_t len, const struct api_limits *limp,
    int corpus, struct api_docs *out, struct api_reply *err)
{
	static const char *const keys[] = {"documents", NULL};
	static const char prefix[] = "documents[0].";
	const cJSON *slot[1] = {NULL};
	struct api_limits lim;
	struct apierr e;
	struct req rq;
	cJSON *root = NULL;
	size_t i;
	int rc;

	memset(out, 0, sizeof(*out));
	memset(&e, 0, sizeof(e));
	memset(&rq, 0, sizeof(rq));
	limits(limp, &lim);
	if ((rc = parse_body(body, len, &out->copy, &root, &e)) != 0)
		goto out;
	if (root == NULL || !cJSON_IsObject(root))
		rc = fail(&e, 400, "invalid_type", NULL,
		    corpus ? "the body must be a JSON object with "
			     "\"documents\""
			   : "the body must be a JSON object with a \"text\"");
	else if (corpus) {
		rc = members(root, keys, slot, "", &e) != 0 ||
		     parse_documents(slot[0], &lim, &rq, &e) != 0;
		/* Counted, it would weigh every term's IDF and say nothing. */
		for (i = 0; rc == 0 && i < rq.ndocs; i++)
			if (!summ_has_words(
				rq.docs[i].text, rq.docs[i].text_len))
				rc = fail(&e, 422, "empty_document",
				    dfield(&e, i, "text"),
				    "document %zu has no word", i);
	} else if ((rq.docs = calloc(1, sizeof(*rq.docs))) == NULL ||
		   (rq.ids = calloc(1, sizeof(*rq.ids))) == NULL)
		rc = fail(&e, 500, "internal", NULL, "out of memory");
	else {
		rq.ndocs = 1;
		rc = parse_document(root, 0, &lim, &rq, 1, &e);
		/* Stored, it could never be summarized. */
		if (rc == 0 &&
		    !summ_has_words(rq.docs[0].text, rq.docs[0].text_len))
			rc = fail(&e, 422, "empty_document", "text",
			    "the article's text has no word (a letter or "
			    "digit)");
	}
out:
	out->json = root;
	out->docs = rq.docs;
	out->ids = rq.ids;
	out->ndocs = rq.ndocs;
	out->bytes = rq.bytes;
	if (rc == 0)
		return 0;
	api_docs_free(out);
	/* An article's body is what one member of "documents" is
	 * elsewhere: name its fields as the client wrote them. */
	for (i = 0; !corpus && i < 2; i++) {
		char *t = i == 0 ? e.field : e.message, *at;

		while ((at = strstr(t, prefix)) != NULL)
			memmove(at, at + strlen(prefix),
			    strlen(at + strlen(prefix)) + 1);
	}
	return api_error(e.status, e.code, e.message,
		   e.has_field ? e.field : NULL, err) == 0
		   ? 1
		   : -1;
}

int
api_parse_document(const char *body, size_t len, const struct api_limits *lim,
    struct api_docs *out, struct api_reply *err)
{
	return parse_docs(body, len, lim, 0, out, err);
}

int
api_parse_corpus(const char *body, size_t len, const struct api_limits *lim,
    struct api_docs *out, struct api_reply *err)
{
	return parse_docs(body, len, lim, 1, out, err);
}

void
api_docs_free(struct api_docs *d)
{
	cJSON_Delete(d->json);
	free(d->copy);
	free(d->docs);
	free(d->ids);
	memset(d, 0, sizeof(*d));
}

int
api_error(int status, const char *code, const char *message, const char *field,
    struct api_reply *out)
{
	cJSON *root, *err;
	char *body;
	int rc = -1;

	memset(out, 0, sizeof(*out));
	if ((root = cJSON_CreateObject()) == NULL ||
	    (err = cJSON_AddObjectToObject(root, "error")) == NULL ||
	    cJSON_AddStringToObject(err, "code", code) == NULL ||
	    cJSON_AddStringToObject(
		err, "message", message != NULL ? message : "") == NULL ||
	    (field != NULL ? cJSON_AddStringToObject(err, "field", field)
			   : cJSON_AddNullToObject(err, "field")) == NULL ||
	    (body = cJSON_PrintUnformatted(root)) == NULL)
		goto out;
	out->status = status;
	out->body = body;
	out->len = strlen(body);
	rc = 0;
out:
	cJSON_Delete(root);
	return rc;
}

void
api_reply_free(struct api_reply *r)
{
	if (r == NULL)
		return;
	free(r->body);
	r->body = NULL;
	r->len = 0;
}
