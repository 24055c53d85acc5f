/*
 * text.c: the one place that knows UTF-8. Validation is strict (RFC 3629);
 * everything after it may assume well-formed input.
 */
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <utf8proc.h>

#include "summ.h"
#include "text.h"

#define TEXT_FOLD_MAX 128 /* code points in a word that can be a term */

#ifdef __SSE2__
/* Are the 64 bytes at s all ASCII? */
static inline int
ascii64(const unsigned char *s)
{
	const __m128i *v = (const __m128i *)(const void *)s;

	return _mm_movemask_epi8(_mm_or_si128(
		   _mm_or_si128(_mm_loadu_si128(v), _mm_loadu_si128(v + 1)),
		   _mm_or_si128(
		       _mm_loadu_si128(v + 2), _mm_loadu_si128(v + 3)))) == 0;
}
#endif

int
summ_utf8_check(const char *buf, size_t len, size_t *bad)
{
	const unsigned char *s = (const unsigned char *)buf;
	size_t i = 0, n, k;
	uint32_t c, min;

	while (i < len) {
#ifdef __SSE2__
		/* Sixteen ASCII bytes at a time, and sixty-four where they
		 * run on (one test of their top bits ORed): most text is
		 * all ASCII. */
		while (len - i >= 64 && ascii64(s + i))
			i += 64;
		while (len - i >= 16 &&
		       _mm_movemask_epi8(_mm_loadu_si128(
			   (const __m128i *)(const void *)(s + i))) == 0)
			i += 16;
		if (i == len)
			break;
#endif
		c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			c &= 0x1f;
			min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			c &= 0x0f;
			min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			c &= 0x07;
			min = 0x10000;
		} else
			goto fail;
		if (len - i <= n)
			goto fail;
		for (k = 1; k <= n; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				goto fail;
			c = (c << 6) | (s[i + k] & 0x3f);
		}
		if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			goto fail;
		i += n + 1;
	}
	return 0;
fail:
	if (bad != NULL)
		*bad = i;
	return SUMM_EUTF8;
}

int32_t
text_next_slow(const char *s, size_t len, size_t *i)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t n;

	if (!((unsigned char)s[*i] & 0x80))
		return (unsigned char)s[(*i)++];
	n = utf8proc_iterate(
	    (const utf8proc_uint8_t *)s + *i, (utf8proc_ssize_t)(len - *i), &c);
	if (n <= 0) {
		/* Unreachable after validation; step over the byte anyway. */
		(*i)++;
		return 0xfffd;
	}
	*i += (size_t)n;
	return c;
}

int32_t
text_prev_slow(const char *s, size_t i, size_t *start)
{
	size_t j = i;

	if (i == 0) {
		*start = 0;
		return -1;
	}
	do
		j--;
	while (j > 0 && ((unsigned char)s[j] & 0xc0) == 0x80);
	*start = j;
	return text_next(s, i, &j);
}

int
text_is_space_slow(int32_t c)
{
	if (c == ' ' || (c >= '\t' && c <= '\r'))
		return 1;
	if (c < 0x80)
		return 0;
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_ZS:
	case UTF8PROC_CATEGORY_ZL:
	case UTF8PROC_CATEGORY_ZP:
		return 1;
	default:
		return c == 0x85 || c == 0xfeff;
	}
}

/* The bits set in each byte value, listed four at a time: the values
 * whose higher bits hold n set bits have n, n + 1, n + 1 and n + 2 as
 * their two low bits are 00, 01, 10 and 11. */
#define POP2(n) (n), (n) + 1, (n) + 1, (n) + 2
#define POP4(n) POP2(n), POP2((n) + 1), POP2((n) + 1), POP2((n) + 2)
#define POP6(n) POP4(n), POP4((n) + 1), POP4((n) + 1), POP4((n) + 2)
const unsigned char text_pop8[256] = {POP6(0), POP6(1), POP6(1), POP6(2)};
#undef POP2
#undef POP4
#undef POP6

/* Sixteen bytes a row: the digits at 0x30, the capitals at 0x41, the
 * small letters at 0x61. */
/* clang-format off */
const unsigned char text_word_ascii[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
};
/* clang-format on */

int
text_is_word_slow(int32_t c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		       (c >= '0' && c <= '9');
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return 1;
	default:
		return 0;
	}
}

int
text_is_upper(int32_t c)
{
	utf8proc_category_t cat;

	if (c < 0x80)
		return c >= 'A' && c <= 'Z';
	cat = utf8proc_category(c);
	return cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LT;
}

int
text_is_lower(int32_t c)
{
	if (c < 0x80)
		return c >= 'a' && c <= 'z';
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
}

int
text_is_digit(int32_t c)
{
	if (c < 0x80)
		return c >= '0' && c <= '9';
	return utf8proc_category(c) == UTF8PROC_CATEGORY_ND;
}

int
text_is_open_quote(int32_t c)
{
	switch (c) {
	case '"':
	case '\'':
	case '`':
	case '(':
	case '[':
	case 0x2018: /* ‘ */
	case 0x201c: /* “ */
	case 0x201e: /* „ */
	case 0x00ab: /* « */
	case 0x2039: /* ‹ */
	case 0x201a: /* ‚ */
	case 0x00bf: /* ¿ */
	case 0x00a1: /* ¡ */
	case 0x300c: /* 「 */
	case 0x300e: /* 『 */
	case 0x300a: /* 《 */
	case 0xff08: /* （ */
		return 1;
	default:
		return 0;
	}
}

int
text_is_close_quote(int32_t c)
{
	switch (c) {
	case '"':
	case '\'':
	case ')':
	case ']':
	case 0x2019: /* ’ */
	case 0x201d: /* ” */
	case 0x00bb: /* » */
	case 0x203a: /* › */
	case 0x201c: /* “ closes German „...“ */
	case 0x2018: /* ‘ closes German ‚...‘ */
	case 0x300d: /* 」 */
	case 0x300f: /* 』 */
	case 0x300b: /* 》 */
	case 0xff09: /* ） */
		return 1;
	default:
		return 0;
	}
}

int
text_is_apostrophe(int32_t c)
{
	return c == '\'' || c == 0x2019 || c == 0x02bc;
}

int
text_is_dash(int32_t c)
{
	if (c == '-')
		return 1;
	if (c < 0x80)
		return 0;
	return utf8proc_category(c) == UTF8PROC_CATEGORY_PD || c == 0x2212;
}

static utf8proc_int32_t
text_fold_custom(utf8proc_int32_t c, void *arg)
{
	(void)arg;
	return text_is_apostrophe(c) ? '\'' : c;
}

size_t
text_fold(const char *w, size_t len, char *dst, size_t cap)
{
	utf8proc_int32_t buf[TEXT_FOLD_MAX];
	utf8proc_ssize_t k, j;
	size_t i, n = 0;
	int32_t c;
	const int opt = UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
			UTF8PROC_IGNORE | UTF8PROC_COMPOSE;

	/* Fast path: ASCII folds to lower case. */
	for (i = 0; i < len && !((unsigned char)w[i] & 0x80); i++)
		;
	if (i == len) {
		if (len > cap)
			return 0;
		for (i = 0; i < len; i++) {
			c = (unsigned char)w[i];
			dst[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		return len;
	}
	/* Case-folded NFKC without allocating: decompose, then compose. */
	k = utf8proc_decompose_custom((const utf8proc_uint8_t *)w,
	    (utf8proc_ssize_t)len, buf, TEXT_FOLD_MAX, opt, text_fold_custom,
	    NULL);
	if (k <= 0 || k > TEXT_FOLD_MAX)
		return 0;
	k = utf8proc_normalize_utf32(buf, k, opt);
	if (k < 0)
		return 0;
	for (j = 0; j < k; j++) {
		if (cap - n < 4)
			return 0;
		n += (size_t)utf8proc_encode_char(
		    buf[j], (utf8proc_uint8_t *)dst + n);
	}
	return n;
}

int
text_is_cjk(int32_t c)
{
	return (c >= 0x3040 && c <= 0x30ff) || /* kana */
	       (c >= 0x31f0 && c <= 0x31ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	       (c >= 0x4e00 && c <= 0x9fff) || /* Han */
	       (c >= 0xf900 && c <= 0xfaff) || (c >= 0x20000 && c <= 0x2fa1f) ||
	       (c >= 0x0e00 && c <= 0x0e7f); /* Thai */
}

#ifdef __SSE2__
/* Of 16 bytes, the ASCII spaces (' ', '\t' to '\r') as bits; a byte of
 * 0x80 or more may be taken for one. Below 0x80, x is in ['\t', '\r'] iff
 * x + 119, as a signed byte, is below -123: an add and a compare, where
 * two compares and an and test each end. */
static inline __m128i
spaces16v(__m128i v)
{
	return _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8(' ')),
	    _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(128 - '\t')),
		_mm_set1_epi8((char)(5 - 128))));
}

static inline unsigned
spaces16(__m128i v)
{
	return (unsigned)_mm_movemask_epi8(spaces16v(v));
}
#endif

/*
 * Words in the next 16 bytes at s, all ASCII: spaces (' ', '\t' to '\r')
 * are found sixteen at a time and a word starts at a byte that is not one
 * but follows one. *gap says whether no word runs into them (1: a space
 * or the start before them), and is updated; as a bit, it is or'd in as
 * it is. -1 if a byte is not ASCII.
 */
static int
count16(const char *s, unsigned *gap)
{
#ifdef __SSE2__
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	unsigned sp, starts;

	if (_mm_movemask_epi8(v) != 0)
		return -1;
	sp = spaces16(v);
	starts = (sp << 1 | *gap) & (sp ^ 0xffff);
	*gap = sp >> 15;
	return (int)text_pop16(starts);
#else
	int n = 0, i, c;

	for (i = 0; i < 16; i++)
		if ((unsigned char)s[i] >= 0x80)
			return -1;
	for (i = 0; i < 16; i++) {
		c = (unsigned char)s[i];
		c = c == ' ' || (c >= '\t' && c <= '\r');
		n += *gap & !c;
		*gap = c;
	}
	return n;
#endif
}

/*
 * Words in s[at, 16), the last bytes of a text (s the 16 that end it, at
 * from 1 to 15), all ASCII: the bytes before at are taken for spaces but
 * the one just before it, a word's unless gap says no word runs into
 * s[at]. As count16, without a byte at a time for the text's last few; -1
 * if a byte from at is not ASCII.
 */
static int
tail16(const char *s, unsigned at, unsigned gap)
{
#ifdef __SSE2__
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	unsigned sp, starts;

	if ((unsigned)_mm_movemask_epi8(v) >> at != 0)
		return -1;
	sp = spaces16(v);
	sp |= (1u << at) - 1;
	sp &= ~((gap ^ 1) << (at - 1));
	starts = ~sp & sp << 1 & (0xffffu << at) & 0xffff;
	return (int)text_pop16(starts);
#else
	(void)s;
	(void)at;
	(void)gap;
	return -1;
#endif
}

/* The character at s[*i], *i moved past it: 1 if a word starts there.
 * *gap: whether the character before it ended no word. */
static inline int
count_char(const char *s, size_t len, size_t *i, unsigned *gap)
{
	int32_t c = text_next(s, len, i);

	if (text_is_space(c) || (c >= 0x3000 && c <= 0x303f) ||
	    (c >= 0xff00 && c <= 0xff0f) || (c >= 0xff1a && c <= 0xff20)) {
		*gap = 1; /* CJK punctuation is no word either */
		return 0;
	}
	if (c >= 0x0e00 && text_is_cjk(c)) {
		/* Written without spaces: a character is a word; a Thai
		 * vowel or tone mark above or below one is part of it. */
		*gap = 1;
		return !(c == 0x0e31 || (c >= 0x0e34 && c <= 0x0e3a) ||
			 (c >= 0x0e47 && c <= 0x0e4e));
	}
	if (!*gap)
		return 0;
	*gap = 0;
	return 1;
}

/*
 * Where no whole step of ASCII is next: the text's last bytes in one
 * step, from the 16 that end it (what comes after them is no word; *i
 * then at len), else the character at s[*i]. The words that start there.
 */
static inline size_t
count_step(const char *s, size_t len, size_t *i, unsigned *gap)
{
	int k;

	if (*i + 16 > len && len >= 16 &&
	    (k = tail16(s + len - 16, (unsigned)(*i + 16 - len), *gap)) >= 0) {
		*i = len;
		return (size_t)k;
	}
	return (size_t)count_char(s, len, i, gap);
}

size_t
text_count_words_max(const char *s, size_t len, size_t max)
{
	size_t i = 0, n = 0;
	unsigned gap = 1;
	int k;

	for (;;) {
		/* ASCII, most of news copy: sixteen bytes a step, in a loop
		 * of its own, not back through the tests of every step. */
		while (i + 16 <= len && n <= max &&
		       (k = count16(s + i, &gap)) >= 0) {
			n += (size_t)k;
			i += 16;
		}
		if (i >= len || n > max)
			break;
		n += count_step(s, len, &i, &gap);
	}
	return n;
}

#ifdef __SSE2__
/*
 * The words that start in the run of whole 16-byte steps of ASCII from
 * s[*i]; *i moved past the run. A step's starts are summed in a register
 * (each a byte of 0xff, added by _mm_sad_epu8) and counted once at the
 * end, not a step at a time as count16 must for text_count_words_max.
 */
static size_t
count_run(const char *s, size_t len, size_t *i, unsigned *gap)
{
	__m128i v, sp, prev, sum = _mm_setzero_si128();

	/* prev: the spaces of the step before; only its last byte is read,
	 * a space unless a word runs into s[*i]. */
	prev = *gap ? _mm_set1_epi8(-1) : _mm_setzero_si128();
	for (; len - *i >= 16; *i += 16) {
		v = _mm_loadu_si128((const __m128i *)(const void *)(s + *i));
		if (_mm_movemask_epi8(v) != 0)
			break;
		sp = spaces16v(v);
		/* A start: no space, after one. */
		sum = _mm_add_epi64(sum,
		    _mm_sad_epu8(
			_mm_andnot_si128(sp, _mm_or_si128(_mm_slli_si128(sp, 1),
						 _mm_srli_si128(prev, 15))),
			_mm_setzero_si128()));
		prev = sp;
	}
	*gap = (unsigned)_mm_movemask_epi8(prev) >> 15;
	return ((size_t)_mm_cvtsi128_si64(sum) +
		   (size_t)_mm_cvtsi128_si64(_mm_srli_si128(sum, 8))) /
	       255;
}
#endif

size_t
text_count_words(const char *s, size_t len)
{
#ifdef __SSE2__
	size_t i = 0, n = 0;
	unsigned gap = 1;

	for (;;) {
		if (len - i >= 16)
			n += count_run(s, len, &i, &gap);
		if (i >= len)
			break;
		n += count_step(s, len, &i, &gap);
	}
	return n;
#else
	return text_count_words_max(s, len, SIZE_MAX);
#endif
}

int
text_ends_sentence(const char *s, size_t len)
{
	size_t i = len, start;
	int32_t c;

	while (i > 0) {
		c = text_prev(s, i, &start);
		if (text_is_close_quote(c) || text_is_space(c)) {
			i = start;
			continue;
		}
		return text_is_full_stop(c) || text_is_full_stop_cjk(c);
	}
	return 0;
}

static int
is_ascii_letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

size_t
text_tag_name(const char *s, size_t len, size_t *start)
{
	size_t i = len > 1 && s[1] == '/' ? 2 : 1, b;

	if (len < 3 || s[0] != '<' || i >= len || !is_ascii_letter(s[i]))
		return 0;
	for (b = i; i < len &&
		    (is_ascii_letter(s[i]) || (s[i] >= '0' && s[i] <= '9') ||
			s[i] == '-' || s[i] == '_');
	     i++)
		;
	if (start != NULL)
		*start = b;
	return i;
}

size_t
text_tag(const char *s, size_t len)
{
	size_t i;

	if (len < 3 || s[0] != '<')
		return 0;
	if (s[1] == '!') {
		/* "<!--", or a declaration: "<!DOCTYPE html>" */
		if (s[2] != '-' && !is_ascii_letter(s[2]))
			return 0;
		i = 2;
	} else {
		/* A name, then white space, '/' or '>': "<jane@example.org>"
		 * and "<http://example.org>" are addresses, not tags. */
		i = text_tag_name(s, len, NULL);
		if (i == 0 || i == len ||
		    !(text_is_blank_ascii(s[i]) || s[i] == '/' || s[i] == '>'))
			return 0;
		if (s[i] == '>')
			return i + 1;
	}
	for (i++; i < len && i <= TEXT_TAG_MAX; i++) {
		if (s[i] == '>')
			return i + 1;
		if (s[i] == '<')
			return 0;
	}
	return 0;
}

int32_t
text_entity(const char *s, size_t len, size_t *n)
{
	static const struct {
		const char *name;
		int32_t c;
	} named[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'},
	    {"apos", '\''}, {"nbsp", 0xa0}, {"ndash", 0x2013},
	    {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
	    {"ldquo", 0x201c}, {"rdquo", 0x201d}, {"hellip", 0x2026},
	    {"laquo", 0xab}, {"raquo", 0xbb}, {"middot", 0xb7},
	    {"bull", 0x2022}, {"copy", 0xa9}, {"reg", 0xae}, {"deg", 0xb0},
	    {"euro", 0x20ac}, {"pound", 0xa3}, {NULL, 0}};
	size_t i, k, base = 10;
	int32_t c = 0, d;

	if (len < 4 || s[0] != '&')
		return -1;
	if (s[1] == '#') {
		i = 2;
		if (s[2] == 'x' || s[2] == 'X') {
			base = 16;
			i = 3;
		}
		for (k = i; k < len && k < i + 8; k++) {
			if (s[k] >= '0' && s[k] <= '9')
				d = s[k] - '0';
			else if (base == 16 && (s[k] | 0x20) >= 'a' &&
				 (s[k] | 0x20) <= 'f')
				d = (s[k] | 0x20) - 'a' + 10;
			else
				break;
			/* Past Unicode already: read on, keep no more. */
			if (c <= 0x10ffff)
				c = c * (int32_t)base + d;
		}
		/* Not NUL, a surrogate or past Unicode: no character. */
		if (k == i || k == len || s[k] != ';' || c == 0 ||
		    c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			return -1;
		*n = k + 1;
		return c;
	}
	for (i = 1; i < len && i < 8 && is_ascii_letter(s[i]); i++)
		;
	if (i == len || s[i] != ';')
		return -1;
	for (k = 0; named[k].name != NULL; k++)
		if (strlen(named[k].name) == i - 1 &&
		    memcmp(s + 1, named[k].name, i - 1) == 0) {
			*n = i + 1;
			return named[k].c;
		}
	return -1;
}

/*
 * Markdown's marks, as pages turned into text carry them: a link
 * "[the ministry](https://...)" or "[the ministry][1]" reads as its
 * words, an image "![...](...)" and a footnote's mark "[^1]" as nothing,
 * "**Kim**", "__Kim__", "*Kim*" and "_Kim_" as the name. Only what no
 * prose writes: a link's target is one run of bytes without white space
 * in round brackets (and its title, in quotes, after it), a reference's
 * label follows the link's text with nothing between, an emphasis mark
 * is a run of one or two with a word on one side and none on the other,
 * and a lone "_" only one of a pair on a line (the wires' "_" and "___"
 * are dashes and rules, never marks).
 */
#define LINK_TEXT_MAX   1024 /* bytes between a link's brackets */
#define EMPHASIS_MAX    512  /* between a lone "_" and its pair */
#define LINK_TARGET_MAX 2048
#define LINK_TITLE_MAX  512
#define LINK_LABEL_MAX  999 /* CommonMark's */
#define FOOTNOTE_MAX    64  /* "[^note-12]" */

/* Does a blank line open at s[j]? */
static int
blank_line(const char *s, size_t len, size_t j)
{
	return s[j] == '\n' && j + 1 < len && s[j + 1] == '\n';
}

/* The end of a link's title, past the ')' that closes the target, where
 * the target's address ends in the blank s[j] ("(https://... "Harbour
 * plan")"), or 0. The title is in double or single quotes or round
 * brackets, on the lines of its paragraph. */
static size_t
link_title(const char *s, size_t len, size_t j)
{
	size_t t;
	char close;

	for (t = j; j < len && j - t <= LINK_TITLE_MAX &&
		    text_is_blank_ascii(s[j]) && !blank_line(s, len, j);
	     j++)
		;
	if (j >= len || (s[j] != '"' && s[j] != '\'' && s[j] != '('))
		return 0;
	close = s[j];
	if (close == '(')
		close = ')';
	/* A square bracket ends it, as it ends a target: no byte is read for
	 * more than one link. */
	for (t = j++; j < len && j - t <= LINK_TITLE_MAX && s[j] != close; j++)
		if (blank_line(s, len, j) || s[j] == '[' || s[j] == ']' ||
		    (s[j] == '\\' && ++j == len))
			return 0;
	if (j >= len || s[j] != close)
		return 0;
	for (j++; j < len && (s[j] == ' ' || s[j] == '\t'); j++)
		;
	return j < len && s[j] == ')' ? j + 1 : 0;
}

/* The end of a link's target "(...)" at s[i], or 0. Round brackets
 * inside pair up ("(https://en.wikipedia.org/wiki/Kim_(name))"); a
 * square one ends the search, so that no byte is read for more than one
 * link, however many "](" a text holds. */
static size_t
link_target(const char *s, size_t len, size_t i)
{
	size_t j, depth = 0;
	int where = 0;

	if (i >= len || s[i] != '(')
		return 0;
	for (j = i + 1; j < len && j - i <= LINK_TARGET_MAX; j++) {
		if (text_is_blank_ascii(s[j]))
			return depth == 0 && where ? link_title(s, len, j) : 0;
		if (s[j] == '[' || s[j] == ']')
			return 0;
		/* An address, a path or a place in the page: "[Best
		 * Picture](2006)" is no link. */
		where |= s[j] == '/' || s[j] == '.' || s[j] == '#' ||
			 s[j] == ':' || s[j] == '?';
		if (s[j] == '(')
			depth++;
		else if (s[j] == ')' && depth-- == 0)
			return where ? j + 1 : 0;
	}
	return 0;
}

/* The end of a reference's label "[...]" at s[i], as a link's text is
 * followed by it ("[the ministry][1]", "[the ministry][]") or a
 * definition opens with it, or 0. */
static size_t
link_label(const char *s, size_t len, size_t i)
{
	size_t j;

	if (i >= len || s[i] != '[')
		return 0;
	for (j = i + 1; j < len && j - i <= LINK_LABEL_MAX; j++) {
		if (s[j] == '[' || blank_line(s, len, j))
			return 0;
		if (s[j] == ']')
			return j + 1;
	}
	return 0;
}

size_t
text_link_label(const char *s, size_t len)
{
	return link_label(s, len, 0);
}

/* The end of what follows a link's text at s[i], right after its ']': a
 * target (link_target) or a reference's label (link_label), or 0. */
static size_t
link_tail(const char *s, size_t len, size_t i)
{
	size_t k = link_target(s, len, i);

	return k > 0 ? k : link_label(s, len, i);
}

/* The end of the footnote's mark "[^1]" at s[i], or 0: a label of a
 * few bytes without blanks or brackets. */
static size_t
footnote(const char *s, size_t len, size_t i)
{
	size_t j;

	if (i + 2 >= len || s[i] != '[' || s[i + 1] != '^')
		return 0;
	for (j = i + 2; j < len && j - i <= FOOTNOTE_MAX; j++) {
		if (text_is_blank_ascii(s[j]) || s[j] == '[')
			return 0;
		if (s[j] == ']')
			return j > i + 2 ? j + 1 : 0;
	}
	return 0;
}

/* Is s[0, n) a number, and no more? */
static int
all_digits(const char *s, size_t n)
{
	size_t k;

	for (k = 0; k < n && s[k] >= '0' && s[k] <= '9'; k++)
		;
	return n > 0 && k == n;
}

/* The ']' that closes the link whose text opens at s[i], right after its
 * '[', or 0 if none does. The text may hold square brackets one deep (a
 * citation, "[[1]](https://...#cite_note-1)"), no deeper. A number before
 * a label is no reference: a page's citations copied as text,
 * "century.[1][2]". */
static size_t
link_close(const char *s, size_t len, size_t i)
{
	size_t j;
	int inner = 0;

	for (j = i; j < len && j - i <= LINK_TEXT_MAX; j++) {
		if ((s[j] == '[' && inner++) || blank_line(s, len, j))
			return 0;
		if (s[j] == ']' && inner-- == 0)
			return link_target(s, len, j + 1) > 0 ||
				       (link_label(s, len, j + 1) > 0 &&
					   !all_digits(s + i, j - i))
				   ? j
				   : 0;
	}
	return 0;
}

/* Does a link's text that the ']' at s[i] closes open in s? */
static int
link_open(const char *s, size_t len, size_t i)
{
	size_t j;
	int inner = 0;

	for (j = i; j-- > 0 && i - j <= LINK_TEXT_MAX + 1;) {
		if (s[j] == '[' && inner-- == 0)
			return link_close(s, len, j + 1) == i;
		if ((s[j] == ']' && inner++) ||
		    (s[j] == '\n' && j > 0 && s[j - 1] == '\n'))
			return 0;
	}
	return 0;
}

/* Is c an ASCII mark of punctuation? */
static int
is_punct_ascii(int c)
{
	return c > ' ' && c < 0x7f && !text_is_word(c);
}

/*
 * How the run of r emphasis marks at s[i] flanks, as CommonMark reads it:
 * 1 if it opens (before a word, or before a mark of punctuation where
 * white space or punctuation is before it), 2 if it closes (after one
 * alike), 0 if both or neither: inside a word ("5*3"), between white space
 * ("2 * 3", "* item").
 */
static int
flank(const char *s, size_t len, size_t i, size_t r)
{
	int b = i > 0 ? (unsigned char)s[i - 1] : ' ';
	int a = i + r < len ? (unsigned char)s[i + r] : ' ';
	int opens =
	    !text_is_blank_ascii(a) &&
	    (!is_punct_ascii(a) || text_is_blank_ascii(b) || is_punct_ascii(b));
	int closes =
	    !text_is_blank_ascii(b) &&
	    (!is_punct_ascii(b) || text_is_blank_ascii(a) || is_punct_ascii(a));

	return opens == closes ? 0 : opens ? 1 : 2;
}

/*
 * Is the run of r marks at s[i], which opens (way 1) or closes (2), one of
 * a pair: is the next run of them in its paragraph (or, closing, the last)
 * one of as many that closes (opens)? A mark alone is none: the wires
 * write "_" as a dash ("_No salmon stock ...", "GS _ in a cage"), and "*"
 * marks a footnote ("$1.2 billion*"). The search stops at the next run,
 * so no byte is read for more than two. Where the pair's run ends if it
 * is one, else 0.
 */
static size_t
paired(const char *s, size_t len, size_t i, size_t r, int way)
{
	char m = s[i];
	size_t j, k;

	if (way == 1) {
		for (j = i + r; j < len && j - i <= EMPHASIS_MAX && s[j] != m &&
				!blank_line(s, len, j);
		     j++)
			;
		if (j >= len || s[j] != m)
			return 0;
		for (k = j; k < len && k - j <= r && s[k] == m; k++)
			;
	} else {
		for (k = i; k > 0 && i - k <= EMPHASIS_MAX && s[k - 1] != m &&
			    !(s[k - 1] == '\n' && k > 1 && s[k - 2] == '\n');
		     k--)
			;
		if (k == 0 || s[k - 1] != m)
			return 0;
		for (j = k; j > 0 && k - j <= r && s[j - 1] == m; j--)
			;
		if (j > 0 && s[j - 1] == '\\')
			return 0;
	}
	/* Past the pair's run, which is not 0. */
	return k - j == r && flank(s, len, j, r) == 3 - way ? k : 0;
}

/* The bytes of the emphasis mark at s[i], or 0: a run of one or two ("**",
 * "_"; or three "*", bold and italic) that opens or closes (flank) and has
 * its pair (paired), not escaped ("\*"). If it opens, *close is where its
 * pair ends, else 0. */
static size_t
emphasis(const char *s, size_t len, size_t i, size_t *close)
{
	size_t r = 1, k;
	int way;

	*close = 0;
	if (i > 0 && (s[i - 1] == s[i] || s[i - 1] == '\\'))
		return 0;
	while (r < 4 && i + r < len && s[i + r] == s[i])
		r++;
	if (r > (s[i] == '*' ? 3u : 2u) || (way = flank(s, len, i, r)) == 0 ||
	    (k = paired(s, len, i, r, way)) == 0)
		return 0;
	if (way == 1)
		*close = k;
	return r;
}

size_t
text_quote_mark(const char *s, size_t len)
{
	size_t n = 0;

	while (n + 1 < len && s[n] == '>' && s[n + 1] == ' ')
		n += 2;
	return n;
}

/* What s[i] opens as unmark reads it: a character (an entity), UNMARK_NONE
 * (a tag or a mark: it reads as nothing) or UNMARK_AS_IS (itself), in
 * *n bytes. Tags and marks only if tags is set. */
#define UNMARK_NONE  (-1)
#define UNMARK_AS_IS (-2)

static int32_t
unmark_at(const char *s, size_t len, size_t i, int tags, size_t *n)
{
	size_t k;
	int32_t c;

	switch (s[i]) {
	case '&':
		return (c = text_entity(s + i, len - i, n)) > 0 ? c
								: UNMARK_AS_IS;
	case '\\':
		/* An escape reads as the mark it keeps from being one:
		 * "\[sic\]", "snake\_case", "1\." (turndown writes them). */
		if (tags && i + 1 < len &&
		    is_punct_ascii((unsigned char)s[i + 1])) {
			*n = 2;
			return (unsigned char)s[i + 1];
		}
		break;
	case '<':
		if (tags && (*n = text_tag(s + i, len - i)) > 0)
			return UNMARK_NONE;
		break;
	case '[':
		/* A link's text reads on; its brackets and target do not. */
		if (tags && (k = footnote(s, len, i)) > 0) {
			*n = k - i;
			return UNMARK_NONE;
		}
		if (tags && link_close(s, len, i + 1) > 0) {
			*n = 1;
			return UNMARK_NONE;
		}
		break;
	case ']':
		if (tags && (k = link_tail(s, len, i + 1)) > 0 &&
		    link_open(s, len, i)) {
			*n = k - i;
			return UNMARK_NONE;
		}
		break;
	case '!':
		if (tags && i + 1 < len && s[i + 1] == '[' &&
		    (k = link_close(s, len, i + 2)) > 0) {
			*n = link_tail(s, len, k + 1) - i;
			return UNMARK_NONE;
		}
		break;
	case '*':
	case '_':
		if (tags && (*n = emphasis(s, len, i, &k)) > 0)
			return UNMARK_NONE;
		break;
	case '>':
		/* A quotation's mark on a line it goes on to ("> ... and\n>
		 * warned ..."), or marks, one quotation inside another. */
		if (tags && i > 0 && s[i - 1] == '\n' &&
		    (*n = text_quote_mark(s + i, len - i)) > 0)
			return UNMARK_NONE;
		break;
	}
	return UNMARK_AS_IS;
}

size_t
text_mark(const char *s, size_t len, size_t i)
{
	size_t n;

	switch (s[i]) {
	case '*':
	case '_':
	case '[':
	case ']':
	case '!':
		return unmark_at(s, len, i, 1, &n) == UNMARK_NONE ? n : 0;
	default:
		return 0;
	}
}

size_t
text_mark_close(const char *s, size_t len, size_t i)
{
	size_t c;

	switch (s[i]) {
	case '[':
		/* Past its target and title, or its label: a title may hold
		 * a full stop. */
		return (c = link_close(s, len, i + 1)) > 0
			   ? link_tail(s, len, c + 1)
			   : 0;
	case '*':
	case '_':
		return emphasis(s, len, i, &c) > 0 ? c : 0;
	default:
		return 0;
	}
}

/* Might s[0, len) read otherwise than it is written (unmark_at)? */
static int
is_unmark_byte(char c)
{
	return c == '&' || c == '<' || c == '[' || c == ']' || c == '!' ||
	       c == '*' || c == '_' || c == '>' || c == '\\';
}

int
text_has_marks(const char *s, size_t len, int tagged)
{
	const char *e = s + len, *p;

	if (memchr(s, '&', len) != NULL ||
	    (tagged && memchr(s, '<', len) != NULL) ||
	    memchr(s, ']', len) != NULL || memchr(s, '*', len) != NULL ||
	    memchr(s, '\\', len) != NULL)
		return 1;
	for (p = s; (p = memchr(p, '>', (size_t)(e - p))) != NULL; p++)
		if (p > s && p[-1] == '\n')
			return 1;
	/* "_" is the wires' dash, most often with a blank on each side:
	 * " _ " is no mark, and needs no copy. */
	for (p = s; (p = memchr(p, '_', (size_t)(e - p))) != NULL; p++)
		if ((p > s && !text_is_blank_ascii(p[-1])) ||
		    (p + 1 < e && !text_is_blank_ascii(p[1])))
			return 1;
	return 0;
}

/* The bytes of c in UTF-8. */
static size_t
utf8_bytes(int32_t c)
{
	return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
}

/* text_unmark, or with tags 0, text_decode; with out NULL, the length
 * alone. */
static size_t
unmark(const char *s, size_t len, int tags, char *out)
{
	size_t i = 0, n = 0, k, end;
	int32_t c;

	while (i < len) {
		/* Up to the next byte that may read otherwise, as it is. */
		for (end = i; end < len && !is_unmark_byte(s[end]); end++)
			;
		if (out != NULL)
			memcpy(out + n, s + i, end - i);
		n += end - i;
		if ((i = end) == len)
			break;
		c = unmark_at(s, len, i, tags, &k);
		if (c == UNMARK_AS_IS) {
			if (out != NULL)
				out[n] = s[i];
			n++;
			i++;
			continue;
		}
		/* An entity is longer than its UTF-8: out has room. */
		if (c >= 0 && out != NULL)
			n += (size_t)utf8proc_encode_char(
			    c, (utf8proc_uint8_t *)out + n);
		else if (c >= 0)
			n += utf8_bytes(c);
		i += k;
	}
	return n;
}

size_t
text_unmark(const char *s, size_t len, char *out)
{
	return unmark(s, len, 1, out);
}

size_t
text_decode(const char *s, size_t len, char *out)
{
	return unmark(s, len, 0, out);
}

size_t
text_marked_offset(const char *s, size_t len, size_t k)
{
	size_t i = 0, n, b;
	int32_t c;

	while (i < len && k > 0) {
		c = unmark_at(s, len, i, 1, &n);
		if (c == UNMARK_AS_IS) {
			i++;
			k--;
			continue;
		}
		if (c >= 0) {
			/* Its character's bytes in the copy: all or none. */
			if (k < (b = utf8_bytes(c)))
				break;
			k -= b;
		}
		i += n;
	}
	return i;
}

size_t
text_markup_head(const char *s, size_t len)
{
	size_t i = 0, n;

	for (;;) {
		while (i < len && text_is_blank_ascii(s[i]))
			i++;
		if (i == len || s[i] != '<' ||
		    (n = text_tag(s + i, len - i)) == 0)
			break;
		i += n;
	}
	/* White space alone is no markup: the caller keeps it. */
	return memchr(s, '<', i) != NULL ? i : 0;
}

size_t
text_tag_before(const char *s, size_t end)
{
	size_t k, stop;

	if (end < 3 || s[end - 1] != '>')
		return end;
	/* The '<' that opens it: the last one, within reach, and after
	 * the '>' before (a tag holds none). */
	stop = end > TEXT_TAG_MAX + 1 ? end - TEXT_TAG_MAX - 1 : 0;
	for (k = end - 1; k > stop && s[k - 1] != '<' && s[k - 1] != '>'; k--)
		;
	if (k == 0 || s[k - 1] != '<' ||
	    text_tag(s + k - 1, end - k + 1) != end - k + 1)
		return end;
	return k - 1;
}

size_t
text_markup_tail(const char *s, size_t len)
{
	size_t end = len, k;

	for (;;) {
		while (end > 0 && text_is_blank_ascii(s[end - 1]))
			end--;
		if ((k = text_tag_before(s, end)) == end)
			break;
		end = k;
	}
	return memchr(s + end, '<', len - end) != NULL ? len - end : 0;
}
