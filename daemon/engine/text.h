/*
 * text.h: UTF-8 validation and decoding, character classes and the folding
 * of words into terms. The bytes of the input are never changed.
 */
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdint.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

struct arena;

/* Decode the code point at s[*i] of well-formed UTF-8 and advance *i. */
int32_t text_next_slow(const char *s, size_t len, size_t *i);
/* The code point that ends just before s[i], and its start in *start. */
int32_t text_prev_slow(const char *s, size_t i, size_t *start);

int text_is_space_slow(int32_t c);
int text_is_word_slow(int32_t c);
int text_is_upper(int32_t c); /* upper- or titlecase letters */
int text_is_lower(int32_t c);
int text_is_digit(int32_t c);
int text_is_open_quote(int32_t c);  /* quotes and brackets that open */
int text_is_close_quote(int32_t c); /* that may close a sentence */
int text_is_apostrophe(int32_t c);
int text_is_dash(int32_t c); /* hyphens, dashes and minus signs */
/* Scripts written without spaces between words: Han, kana, Thai. */
int text_is_cjk(int32_t c);

/* The bits set in each byte value. */
extern const unsigned char text_pop8[256];

/* The bits set in x, below 1 << 16, without a call: x86-64's baseline
 * has no popcount instruction, and the builtin becomes one to libgcc. Two
 * loads, where the bits summed in halves cost a dozen instructions. */
static inline unsigned
text_pop16(unsigned x)
{
	return (unsigned)text_pop8[x & 0xff] + text_pop8[x >> 8];
}

#ifdef __SSE2__
/* Of 16 bytes, the ASCII letters of either case: 0xff where a byte is
 * one. x is in [lo, lo + n) iff x - lo + 128, as a signed byte, is below
 * n - 128: one compare for a range. */
static inline __m128i
text_letters16(__m128i v)
{
	__m128i low = _mm_or_si128(v, _mm_set1_epi8(0x20));

	return _mm_cmplt_epi8(
	    _mm_add_epi8(low, _mm_set1_epi8((char)(128 - 'a'))),
	    _mm_set1_epi8((char)(26 - 128)));
}

/*
 * How many of the 16 bytes at s, from the first, are ASCII letters or
 * digits; all 16 are written to *folded, letters in lower case (those
 * past the count are scratch).
 */
static inline unsigned
text_fold16v(const char *s, __m128i *folded)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);
	__m128i alpha = text_letters16(v);
	/* As for letters: one compare for the range of digits. */
	__m128i digit =
	    _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8((char)(128 - '0'))),
		_mm_set1_epi8((char)(10 - 128)));
	unsigned m = (unsigned)_mm_movemask_epi8(_mm_or_si128(alpha, digit));

	*folded = _mm_or_si128(v, _mm_and_si128(alpha, _mm_set1_epi8(0x20)));
	return (unsigned)__builtin_ctz(~m);
}

/* The same, the 16 bytes written to out. */
static inline unsigned
text_fold16(const char *s, char *out)
{
	__m128i f;
	unsigned n = text_fold16v(s, &f);

	_mm_storeu_si128((__m128i *)(void *)out, f);
	return n;
}
#endif

/* 。！？: they end a sentence with no space after them. */
static inline int
text_is_full_stop_cjk(int32_t c)
{
	return c == 0x3002 || c == 0xff01 || c == 0xff1f;
}

/* The marks that end a sentence in scripts written with spaces: . ! ? and
 * the ellipsis, the Devanagari danda and double danda (Hindi, Nepali), the
 * Armenian full stop, the Arabic question mark and Urdu full stop, the
 * Ethiopic full stop and the Greek question mark. */
static inline int
text_is_full_stop(int32_t c)
{
	if (c < 0x80)
		return c == '.' || c == '!' || c == '?';
	return c == 0x2026 || c == 0x0964 || c == 0x0965 || c == 0x0589 ||
	       c == 0x061f || c == 0x06d4 || c == 0x1362 || c == 0x037e;
}

/*
 * Fold a word into dst (case-folded NFKC, typographic apostrophes as '),
 * at most cap bytes. Returns the folded length, or 0 if it did not fit.
 */
size_t text_fold(const char *w, size_t len, char *dst, size_t cap);

/* Does s end like a sentence: . ! ? or an ellipsis, maybe quoted? */
int text_ends_sentence(const char *s, size_t len);

/* text_ends_sentence, without a call for the most that end so, in . ! or
 * ?: the checks on every block and candidate sentence. */
static inline int
text_ends_stop(const char *s, size_t len)
{
	if (len > 0 &&
	    (s[len - 1] == '.' || s[len - 1] == '!' || s[len - 1] == '?'))
		return 1;
	return text_ends_sentence(s, len);
}

/*
 * Markup that pasted or archived articles carry ("<P>", "</TEXT>",
 * "<br/>", "<!-- -->"): a tag is '<' or "</", a name, then white space,
 * '/' or '>' (or "<!" and a letter or '-'), and up to TEXT_TAG_MAX bytes
 * to its '>', with no '<' among them; "x < y", "<3" and
 * "<jane@example.org>" are none. The length of the tag that s opens
 * with, 0 if none. Word processors' exports style a span in some 300
 * bytes, and a tracked link runs as long. The reach costs no time: a
 * look for a tag's end stops at the next '<' or '>', and one for its
 * start at the one before, so a byte is read a few times at most.
 */
#define TEXT_TAG_MAX 4096
size_t text_tag(const char *s, size_t len);
/* Where the name of the tag opening s ends (its start in *start, past
 * "<" or "</"), 0 if s opens no name: letters, digits, '-' and '_'. */
size_t text_tag_name(const char *s, size_t len, size_t *start);
/* How many bytes of tags and white space s opens with, and ends with. */
size_t text_markup_head(const char *s, size_t len);
size_t text_markup_tail(const char *s, size_t len);
/* Where the tag that ends right at s[end] opens; end if none does. */
size_t text_tag_before(const char *s, size_t end);

/* Whitespace-separated words in s[0, len), as ROUGE and people count;
 * in scripts without spaces, characters. */
size_t text_count_words(const char *s, size_t len);
/* The same, but stops counting once past max. */
size_t text_count_words_max(const char *s, size_t len, size_t max);
/* The character of the entity that s opens ("&amp;", "&#8217;",
 * "&#x2019;"; named ones: those news pages use for punctuation and
 * spaces), its length in *n; -1 if s opens none. */
int32_t text_entity(const char *s, size_t len, size_t *n);
/* s[0, len) as a reader of the page sees it, without its tags and with
 * its entities as characters ("<b>Kim</b>&#8217;s": "Kim\u2019s"), and
 * without Markdown's marks ("[**Kim**](https://...)": "Kim"), into out,
 * which has room for len bytes; its length (the length alone if out is
 * NULL). */
size_t text_unmark(const char *s, size_t len, char *out);
/* The same with tags and marks left in: only the entities decoded. */
size_t text_decode(const char *s, size_t len, char *out);
/* Where in s[0, len) the byte k of text_unmark's copy of it comes from:
 * past the tags and entities before it. */
size_t text_marked_offset(const char *s, size_t len, size_t k);
/* The bytes of the Markdown mark at s[i] (text_unmark reads it as nothing:
 * "**", a link's "[" or "](...)", an image), or 0. */
size_t text_mark(const char *s, size_t len, size_t i);
/* Where the Markdown mark that opens at s[i] is closed (past its pair: a
 * link's target or label, emphasis' run), or 0 if s[i] opens none. */
size_t text_mark_close(const char *s, size_t len, size_t i);
/* The bytes of a Markdown reference's label "[...]" at s (no '[' and no
 * blank line inside), or 0. */
size_t text_link_label(const char *s, size_t len);
/* The bytes of a quotation's marks at s in Markdown and mail: "> ", or
 * "> > " for one inside another; 0 if none. */
size_t text_quote_mark(const char *s, size_t len);
/* Might text_unmark read s[0, len) otherwise than it is written: does it
 * hold an entity, Markdown's marks, or (tagged: its text has tags) a
 * tag? */
int text_has_marks(const char *s, size_t len, int tagged);

/*
 * The hot paths, inline for ASCII: news copy is mostly ASCII, and these are
 * called for every byte of every document.
 */

/* Decode the code point at s[*i] of well-formed UTF-8 and advance *i. */
static inline int32_t
text_next(const char *s, size_t len, size_t *i)
{
	if (!((unsigned char)s[*i] & 0x80))
		return (unsigned char)s[(*i)++];
	return text_next_slow(s, len, i);
}

/* text_prev_slow, an ASCII byte without a call: the words read back
 * from a full stop, the spaces and quotes at a line's end. */
static inline int32_t
text_prev(const char *s, size_t i, size_t *start)
{
	if (i > 0 && !((unsigned char)s[i - 1] & 0x80)) {
		*start = i - 1;
		return (unsigned char)s[i - 1];
	}
	return text_prev_slow(s, i, start);
}

/* White space, NBSP and the other Unicode spaces included. */
static inline int
text_is_space(int32_t c)
{
	if (c < 0x80)
		return c == ' ' || (c >= '\t' && c <= '\r');
	return text_is_space_slow(c);
}

/* ASCII white space as lines of text hold it: space, tab, CR, LF. */
static inline int
text_is_blank_ascii(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* 1 for the ASCII letters and digits: a load, where three range tests
 * cost a word's every byte up to eight instructions. */
extern const unsigned char text_word_ascii[128];

/* Letters, marks and digits. */
static inline int
text_is_word(int32_t c)
{
	if ((uint32_t)c < 0x80)
		return text_word_ascii[c];
	return text_is_word_slow(c);
}

#endif
