/*
 * structure.c: recognises the furniture of news articles (headlines,
 * datelines, captions, bylines, link and source lines) so that only prose
 * becomes candidate sentences. Heuristics are conservative: a line that
 * reads as prose stays prose.
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "summ.h"
#include "arena.h"
#include "sentence.h"
#include "structure.h"
#include "text.h"

#define HEADING_MAX_WORDS    30
#define QUESTION_MAX_WORDS   12 /* a question alone on line one: a headline */
#define BYLINE_MAX_WORDS     8
#define LINK_MAX_WORDS       15
#define DATELINE_MAX         100
#define CAPITALS_MIN_WORDS   3 /* a line in capitals: a subheading */
#define CAPITALS_MIN_LETTERS 10
#define NOTE_INDENT          4 /* a footnote's paragraph under it */

/*
 * Lines that open so are links, credits or page furniture, not prose. By
 * their first letter, either case, each line looked up in one short list,
 * not all twenty; those that open with no letter in a list of their own.
 */
static const char *const link_a[] = {"also read", "advertisement", NULL};
static const char *const link_c[] = {"click here", "copyright", NULL};
static const char *const link_f[] = {"follow us", NULL};
static const char *const link_l[] = {"listen:", NULL};
static const char *const link_m[] = {"more:", NULL};
static const char *const link_o[] = {"original source", NULL};
static const char *const link_r[] = {
    "read more", "related:", "read also", NULL};
static const char *const link_s[] = {"source:", "sources:", "see also",
    "subscribe", "sign up", "share this", NULL};
static const char *const link_w[] = {"watch:", NULL};
static const char *const link_other[] = {"\xc2\xa9", "(c) ", NULL};
static const char *const *const link_open[26] = {
    ['a' - 'a'] = link_a,
    ['c' - 'a'] = link_c,
    ['f' - 'a'] = link_f,
    ['l' - 'a'] = link_l,
    ['m' - 'a'] = link_m,
    ['o' - 'a'] = link_o,
    ['r' - 'a'] = link_r,
    ['s' - 'a'] = link_s,
    ['w' - 'a'] = link_w,
};

static const char *const link_anywhere[] = {
    "all rights reserved",
    NULL,
};

/*
 * A text a line or sentence may open with, case-blind (opens_with), and
 * its first eight bytes folded as head8() folds a text's (| 0x20), as a
 * number, with a mask of the bytes it has: most texts are told from it
 * by one compare, not byte by byte. Made from a string constant.
 */
struct prefix {
	uint64_t head, mask;
	const char *s;
};
/* clang-format off */
#define PREFIX_AT(s, k) ((k) + 1 < sizeof(s) \
	? ((uint64_t)((unsigned char)(s)[(k) + 1 < sizeof(s) ? (k) : 0] | 0x20) \
	  << 8 * (k)) : 0)
#define PREFIX_MASK(s, k) ((k) + 1 < sizeof(s) ? (uint64_t)0xff << 8 * (k) : 0)
#define PREFIX(s) { \
	PREFIX_AT(s, 0) | PREFIX_AT(s, 1) | PREFIX_AT(s, 2) | PREFIX_AT(s, 3) | \
	PREFIX_AT(s, 4) | PREFIX_AT(s, 5) | PREFIX_AT(s, 6) | PREFIX_AT(s, 7), \
	PREFIX_MASK(s, 0) | PREFIX_MASK(s, 1) | PREFIX_MASK(s, 2) | \
	PREFIX_MASK(s, 3) | PREFIX_MASK(s, 4) | PREFIX_MASK(s, 5) | \
	PREFIX_MASK(s, 6) | PREFIX_MASK(s, 7), (s)}
#define PREFIX_END {0, 0, NULL}
/* clang-format on */

/*
 * Notes to editors and readers that open a sentence of prose, by their
 * first letter: each sentence is looked up in one short list, not all.
 */
static const struct prefix notice_a[] = {PREFIX("ap is solely responsible"),
    PREFIX("already a subscriber"), PREFIX("address questions to"),
    PREFIX("all times are eastern"), PREFIX("a version of this story"),
    PREFIX("a version of this article"), PREFIX("an earlier version of this"),
    PREFIX("additional reporting by"), PREFIX_END};
static const struct prefix notice_b[] = {PREFIX("by continuing to use this"),
    PREFIX("by continuing to use our"), PREFIX("by continuing to browse"),
    PREFIX("by continuing you agree"), PREFIX("by continuing, you agree"),
    PREFIX("by clicking accept"), PREFIX("by using this site"),
    PREFIX("by using our site"), PREFIX_END};
/* Anywhere in a sentence that says "ookie". */
static const char *const cookie_notice[] = {"our use of cookies",
    "cookie policy", "cookie settings", "cookie preferences",
    "accept all cookies", "accept cookies", NULL};
static const struct prefix notice_c[] = {PREFIX("correction:"),
    PREFIX("clarification:"), PREFIX("click here"), PREFIX_END};
static const struct prefix notice_d[] = {
    PREFIX("download our app"), PREFIX_END};
static const struct prefix notice_e[] = {PREFIX("enjoy unlimited access"),
    PREFIX("eds:"), PREFIX("editor's note"), PREFIX("editor\xe2\x80\x99s note"),
    PREFIX("editors' note"), PREFIX("editors\xe2\x80\x99 note"), PREFIX_END};
static const struct prefix notice_f[] = {
    PREFIX("for questions, please call"), PREFIX("follow us on"), PREFIX_END};
static const struct prefix notice_g[] = {PREFIX("get our free"), PREFIX_END};
static const struct prefix notice_h[] = {PREFIX("have your say"), PREFIX_END};
static const struct prefix notice_i[] = {PREFIX("if you value our journalism"),
    PREFIX("if you value our reporting"), PREFIX("if you value our work"),
    PREFIX("if a budget line"), PREFIX("if stories will move"),
    PREFIX("if you have questions or need a resend"), PREFIX("image caption"),
    PREFIX("image source"), PREFIX("image copyright"), PREFIX_END};
static const struct prefix notice_l[] = {PREFIX("listen to this article"),
    PREFIX("listen to this story"), PREFIX_END};
static const struct prefix notice_m[] = {PREFIX("media caption"), PREFIX_END};
static const struct prefix notice_o[] = {PREFIX("optional add follows"),
    PREFIX("optional material follows"), PREFIX("opinions expressed in this"),
    PREFIX("our standards:"), PREFIX_END};
static const struct prefix notice_p[] = {PREFIX("please enable javascript"),
    PREFIX("please refresh"), PREFIX("please check back"),
    PREFIX("photo and graphics information"), PREFIX("photo caption"),
    PREFIX_END};
static const struct prefix notice_r[] = {
    PREFIX("reuters, the news and media division"), PREFIX_END};
static const struct prefix notice_s[] = {PREFIX("support our journalism"),
    PREFIX("share your thoughts"), PREFIX("story will move"),
    PREFIX("story has moved"), PREFIX("stories will move"),
    PREFIX("stories are moving"), PREFIX("story can end here"),
    PREFIX("sign up for"), PREFIX("subscribe to our"), PREFIX_END};
static const struct prefix notice_t[] = {PREFIX("this is a developing story"),
    PREFIX("this is a breaking news story"), PREFIX("this story is developing"),
    PREFIX("terms and conditions apply"), PREFIX("to publish "),
    PREFIX("the associated press receives support"),
    PREFIX("the associated press is an independent"),
    PREFIX("this video can not be played"),
    PREFIX("this video cannot be played"),
    PREFIX("this content is not available"), PREFIX("this story "),
    PREFIX("this article "), PREFIX("the views expressed in this"),
    PREFIX("the views expressed here"), PREFIX("this site uses cookies"),
    PREFIX("this website uses cookies"), PREFIX_END};
static const struct prefix notice_v[] = {
    PREFIX("views expressed in this"), PREFIX("video caption"), PREFIX_END};
static const struct prefix notice_w[] = {
    PREFIX("we want to hear from you"), PREFIX("we use cookies"), PREFIX_END};
static const struct prefix notice_y[] = {PREFIX("you can unsubscribe"),
    PREFIX("you have reached your limit"), PREFIX_END};
static const struct prefix *const notice_open[26] = {
    ['a' - 'a'] = notice_a,
    ['b' - 'a'] = notice_b,
    ['c' - 'a'] = notice_c,
    ['d' - 'a'] = notice_d,
    ['e' - 'a'] = notice_e,
    ['f' - 'a'] = notice_f,
    ['g' - 'a'] = notice_g,
    ['h' - 'a'] = notice_h,
    ['i' - 'a'] = notice_i,
    ['l' - 'a'] = notice_l,
    ['m' - 'a'] = notice_m,
    ['o' - 'a'] = notice_o,
    ['p' - 'a'] = notice_p,
    ['r' - 'a'] = notice_r,
    ['s' - 'a'] = notice_s,
    ['t' - 'a'] = notice_t,
    ['v' - 'a'] = notice_v,
    ['w' - 'a'] = notice_w,
    ['y' - 'a'] = notice_y,
};

/* What "This story" or "This article" says of itself ("... has been
 * updated", "... first appeared in"), not what it tells. */
static const char *const page_history[] = {"has been updated",
    "has been corrected", "has been amended", "was originally published",
    "originally appeared", "first appeared", NULL};

/* What a syndicate's note to editors says after "To publish ": the
 * article must be bought ("To publish a ``separate-buy'' feature article,
 * it must be purchased."). */
static const char *const for_sale[] = {"must be purchased", NULL};

/*
 * The notices above that end in a blank open a notice only with what
 * follows them: right after (page_history), or anywhere in the rest of
 * the sentence.
 */
static const struct notice_then {
	const char *open;
	int anywhere;
	const char *const *then;
} notice_then[] = {{"this story ", 0, page_history},
    {"this article ", 0, page_history}, {"to publish ", 1, for_sale},
    {NULL, 0, NULL}};

/* A credit's openers (see credit). */
static const struct prefix opener[] = {PREFIX("reporting by"),
    PREFIX("writing by"), PREFIX("editing by"), PREFIX_END};

/*
 * Of each list of notices by first letter, and of the credits' openers, a
 * filter of the heads of its prefixes, made once: bit head_bit(head) for
 * each, all bits if a prefix is shorter than eight bytes (its head masked)
 * or until the filters are made. A sentence whose head's bit is clear
 * opens with none of them, and the list is not searched: "The ..." is not
 * compared with fifteen notices.
 */
static uint64_t notice_filter[26] = {[0 ... 25] = ~(uint64_t)0},
		opener_filter = ~(uint64_t)0;
static pthread_once_t filters_once = PTHREAD_ONCE_INIT;

static unsigned
head_bit(uint64_t head)
{
	return (unsigned)((head * 0x9e3779b97f4a7c15ULL) >> 58);
}

static uint64_t
filter_of(const struct prefix *list)
{
	uint64_t f = 0;

	for (; list != NULL && list->s != NULL; list++)
		f |= list->mask == ~(uint64_t)0
			 ? (uint64_t)1 << head_bit(list->head)
			 : ~(uint64_t)0;
	return f;
}

static void
filters_make(void)
{
	size_t k;

	for (k = 0; k < 26; k++)
		notice_filter[k] = filter_of(notice_open[k]);
	opener_filter = filter_of(opener);
}

/* Might s, of head h (head8), open with a prefix of the list filtered by
 * f? Where h is 0 it cannot be told. */
static int
may_open(uint64_t h, uint64_t f)
{
	return h == 0 || (f >> head_bit(h) & 1);
}

/*
 * The marks a caption cue is looked for by: each cue below holds the one
 * it is listed with, so it can be in no block that lacks that mark, and is
 * looked for only where caption_marks() found it.
 */
enum caption_mark {
	MARK_SLASH, /* "/" */
	MARK_PHOT,  /* "phot", any case */
	MARK_IMAG,  /* "imag", any case */
	MARK_PICT,  /* "pict", any case */
	MARK_PTIO,  /* "ptio", any case */
};

/* Strong signs of a photo caption or credit; "Photos of ..." is prose.
 * Listed with their rarest mark: "(Photo:" by "phot", not by '('. */
static const struct cue {
	const char *s;
	enum caption_mark mark;
} caption_cue[] = {
    {"picture taken", MARK_PICT},
    {"photo taken", MARK_PHOT},
    {"image taken", MARK_IMAG},
    {"AP Photo", MARK_PHOT},
    {"Getty Images", MARK_IMAG},
    {"/AFP)", MARK_SLASH},
    {"/AFP/", MARK_SLASH},
    {"(AFP PHOTO", MARK_PHOT},
    {"/Reuters)", MARK_SLASH},
    {"(Reuters/", MARK_SLASH},
    {"REUTERS/", MARK_SLASH},
    {"(Photo:", MARK_PHOT},
    {"Photo:", MARK_PHOT},
    {"Photograph:", MARK_PHOT},
    {"Image:", MARK_IMAG},
    {"Caption:", MARK_PTIO},
    {"File photo", MARK_PHOT},
    {"FILE PHOTO", MARK_PHOT},
    {"Photo credit", MARK_PHOT},
    /* "(Jane Doe/New York Times Photo)" */
    {"Photo)", MARK_PHOT},
};

static const char *const months[] = {
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Sep.",
    "Oct.",
    "Nov.",
    "Dec.",
    NULL,
};

/* The words of the names of the United States: a place in mixed case
 * after the city needs no agency to be a dateline if it is one ("AUSTIN,
 * Texas _ George W. Bush ..."). */
static const char *const state_word[] = {"Alabama", "Alaska", "Arizona",
    "Arkansas", "California", "Carolina", "Colorado", "Connecticut", "Dakota",
    "Delaware", "Florida", "Georgia", "Hampshire", "Hawaii", "Idaho",
    "Illinois", "Indiana", "Iowa", "Island", "Jersey", "Kansas", "Kentucky",
    "Louisiana", "Maine", "Maryland", "Massachusetts", "Mexico", "Michigan",
    "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska", "Nevada",
    "New", "North", "Ohio", "Oklahoma", "Oregon", "Pennsylvania", "Rhode",
    "South", "Tennessee", "Texas", "Utah", "Vermont", "Virginia", "Washington",
    "West", "Wisconsin", "Wyoming", "York", NULL};

static int
is_upper_ascii(int c)
{
	return c >= 'A' && c <= 'Z';
}

static int
is_lower_ascii(int c)
{
	return c >= 'a' && c <= 'z';
}

static int
is_digit_ascii(int c)
{
	return c >= '0' && c <= '9';
}

/* c in lower case if it is an ASCII capital: tolower() in the C locale,
 * whatever the caller's. */
static int
fold_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : (unsigned char)c;
}

/*
 * Does s open with p? A space in p stands for any run of white space in s:
 * a line of wrapped text may break inside the words looked for ("New
 * York\nTimes Photo"). Letters compared case-blind if ci. The length of s
 * that matched, 0 if none (p is never empty).
 */
static size_t
opens_with(const char *s, size_t len, const char *p, int ci)
{
	size_t i = 0;

	for (; *p != '\0'; p++) {
		if (*p == ' ') {
			if (i == len || !text_is_blank_ascii(s[i]))
				return 0;
			while (i < len && text_is_blank_ascii(s[i]))
				i++;
		} else if (i == len || (ci ? fold_ascii(s[i]) != fold_ascii(*p)
					   : s[i] != *p))
			return 0;
		else
			i++;
	}
	return i;
}

/* opens_with(), case-blind, the length of s that matched. */
static size_t
has_prefix_ci(const char *s, size_t len, const char *p)
{
	size_t n;

	/* Most lines differ in the first four bytes: no call. (A
	 * case-blind compare only where both are letters: this one only
	 * rules out.) */
	for (n = 0; n < 4 && p[n] != '\0'; n++)
		if (n == len ||
		    ((s[n] | 0x20) != (p[n] | 0x20) &&
			!(p[n] == ' ' && text_is_blank_ascii(s[n]))))
			return 0;
	return opens_with(s, len, p, 1);
}

/*
 * The first eight bytes of s folded as a prefix's head (| 0x20), as a
 * number; 0 if s is shorter, or if a space of a prefix could stand for
 * more than one byte of them (two blanks in a row, or a blank that is no
 * space: see opens_with), so that s's bytes and a prefix's need not line
 * up. Where they do, opens_with() can match only a prefix whose head is
 * this number's, its mask's bytes kept.
 */
static uint64_t
head8(const char *s, size_t len)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = ones << 7;
	uint64_t x, sp;

	if (len < 8)
		return 0;
	memcpy(&x, s, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
	x = __builtin_bswap64(x);
#endif
	/* A byte below 0x20: a tab, CR or LF (or another control). */
	if ((x - ones * 0x20) & ~x & highs)
		return 0;
	/* Spaces as zero bytes, flagged (each of them, and now and then a
	 * byte after one): two in a row? */
	sp = x ^ ones * 0x20;
	sp = (sp - ones) & ~sp & highs;
	if (sp & sp >> 8)
		return 0;
	return x | ones * 0x20;
}

/*
 * The first of list from list[i] that s opens with, as has_prefix_ci
 * tells, given h = head8(s, len): its index, the length of s that matched
 * in *n; the index of PREFIX_END if none. Where h is not 0, one compare
 * passes over a prefix s cannot open with, and PREFIX_END, of mask 0,
 * stops the search with no test of its own.
 */
static size_t
find_prefix(const char *s, size_t len, uint64_t h, const struct prefix *list,
    size_t i, size_t *n)
{
	for (;; i++) {
		if (h != 0)
			while ((h & list[i].mask) != list[i].head)
				i++;
		if (list[i].s == NULL)
			return i;
		*n = h != 0 ? opens_with(s, len, list[i].s, 1)
			    : has_prefix_ci(s, len, list[i].s);
		if (*n > 0)
			return i;
	}
}

/* Does s open with one of link_open's? Only those whose first byte is s's
 * (either case) are compared: none opens with a space, the one byte
 * has_prefix_ci lets differ. Where s's first byte | 0x20 is a letter, they
 * are all in that letter's list; where it is none, in link_other. */
static int
opens_link(const char *s, size_t len)
{
	const char *const *list;
	size_t i;
	unsigned char f;

	if (len == 0)
		return 0;
	f = (unsigned char)(s[0] | 0x20);
	list = f >= 'a' && f <= 'z' ? link_open[f - 'a'] : link_other;
	for (i = 0; list != NULL && list[i] != NULL; i++)
		if ((unsigned char)(list[i][0] | 0x20) == f &&
		    has_prefix_ci(s, len, list[i]))
			return 1;
	return 0;
}

/*
 * Does s hold p? A space in p stands for itself, or, in a text of more than
 * one line, for any run of white space (see opens_with). Looked for at
 * each of p's first byte, found by memchr: a cue opens with a byte that
 * prose has few of, or with a mark the block was found to hold.
 */
static int
contains(const char *s, size_t len, const char *p)
{
	const char *x, *e = s + len;
	size_t n = strlen(p);
	int lines = -1; /* has s a '\n'? Asked once, if need be */

	for (x = s; (x = memchr(x, p[0], (size_t)(e - x))) != NULL; x++) {
		if ((size_t)(e - x) >= n && memcmp(x, p, n) == 0)
			return 1;
		if (lines < 0)
			lines = memchr(s, '\n', len) != NULL;
		if (lines && opens_with(x, (size_t)(e - x), p, 0))
			return 1;
	}
	return 0;
}

#ifdef __SSE2__
/* The 16 bytes at s with 0x20 or'd in: ASCII letters in lower case. */
static __m128i
lower16(const char *s)
{
	return _mm_or_si128(_mm_set1_epi8(0x20),
	    _mm_loadu_si128((const __m128i *)(const void *)s));
}
#endif

/* Does s hold p, case-blind, a space in p standing for any run of white
 * space (opens_with)? Looked for at each byte that is p's first in either
 * case, on SSE2 found sixteen bytes a step. */
static int
contains_ci(const char *s, size_t len, const char *p)
{
	size_t i = 0;
	char c = (char)(p[0] | 0x20);
#ifdef __SSE2__
	unsigned m;
	size_t k;

	for (; len - i >= 16; i += 16)
		for (m = (unsigned)_mm_movemask_epi8(
			 _mm_cmpeq_epi8(lower16(s + i), _mm_set1_epi8(c)));
		     m != 0; m &= m - 1) {
			k = i + (size_t)__builtin_ctz(m);
			if (opens_with(s + k, len - k, p, 1))
				return 1;
		}
#endif
	for (; i < len; i++)
		if ((s[i] | 0x20) == c && opens_with(s + i, len - i, p, 1))
			return 1;
	return 0;
}

static int
has_letter(const char *s, size_t len)
{
	size_t i = 0;
	int32_t c;

	while (i < len) {
		c = text_next(s, len, &i);
		if (text_is_word(c) && !text_is_digit(c))
			return 1;
	}
	return 0;
}

#ifdef __SSE2__
/*
 * Does s[0, 16) hold the four letters m anywhere, in any case? Their
 * first and fourth bytes compared first: where no place has both, the
 * rest are not. s[0, 19) is read.
 */
static int
at16(const char *s, uint32_t m)
{
	__m128i v0 = lower16(s), v3 = lower16(s + 3), v1, v2, ends;

	ends = _mm_and_si128(_mm_cmpeq_epi8(v0, _mm_set1_epi8((char)m)),
	    _mm_cmpeq_epi8(v3, _mm_set1_epi8((char)(m >> 24))));
	if (_mm_movemask_epi8(ends) == 0)
		return 0;
	v1 = lower16(s + 1);
	v2 = lower16(s + 2);
	return _mm_movemask_epi8(_mm_and_si128(ends,
		   _mm_and_si128(
		       _mm_cmpeq_epi8(v1, _mm_set1_epi8((char)(m >> 8))),
		       _mm_cmpeq_epi8(v2, _mm_set1_epi8((char)(m >> 16)))))) !=
	       0;
}

/* The marks of four letters, as numbers (the first the low byte), made at
 * compile time: comparing with them needs no byte of them read and spread
 * at each call. */
#define MARK4(s)                                    \
	((uint32_t)(unsigned char)(s)[0] |          \
	    (uint32_t)(unsigned char)(s)[1] << 8 |  \
	    (uint32_t)(unsigned char)(s)[2] << 16 | \
	    (uint32_t)(unsigned char)(s)[3] << 24)
static const uint32_t mark4[4] = {
    MARK4("phot"), MARK4("imag"), MARK4("pict"), MARK4("ptio")};

/*
 * Might s[0, 16) hold one of the four marks? Their first and fourth bytes
 * only, in any case, compared in one pass: p and t ("phot", "pict"), i
 * and g, p and o. Prose seldom has such a pair (one 16 bytes in thirty),
 * and where it has none the whole marks are not looked for; the pairs
 * share their compares, five for the four marks. s[0, 19) is read.
 */
static int
maybe16(const char *s)
{
	__m128i v0 = lower16(s), v3 = lower16(s + 3);

#define EQ(v, c) _mm_cmpeq_epi8(v, _mm_set1_epi8(c))
	return _mm_movemask_epi8(
		   _mm_or_si128(_mm_and_si128(EQ(v0, 'p'),
				    _mm_or_si128(EQ(v3, 't'), EQ(v3, 'o'))),
		       _mm_and_si128(EQ(v0, 'i'), EQ(v3, 'g')))) != 0;
#undef EQ
}

/* The four marks, bit k for mark4[k], in s[0, 16), which is read to
 * s[19): those already found not looked for again. */
static unsigned
marks16(const char *s, unsigned found)
{
	unsigned k;

	for (k = 0; k < 4; k++)
		if (!(found & 1u << k) && at16(s, mark4[k]))
			found |= 1u << k;
	return found;
}
#endif

/*
 * Which marks (bit k for enum caption_mark k) are in s? The slash by
 * memchr; the rest, on SSE2, by comparing sixteen places at a time with
 * the first and fourth bytes of each mark, in one pass: the block is read
 * once, not four times.
 */
static unsigned
caption_marks(const char *s, size_t len)
{
	unsigned found = 0;

	found |= (unsigned)(memchr(s, '/', len) != NULL) << MARK_SLASH;
#ifdef __SSE2__
	unsigned w = 0;
	size_t i;

	for (i = 0; i + 19 <= len; i += 16)
		if (maybe16(s + i))
			w = marks16(s + i, w);
	/* The last places, where a mark may start: from the 19 bytes that
	 * end s, some of them seen already, or if s is shorter, from a copy
	 * padded with zeros (which no mark has). */
	if (i < len && len >= 19) {
		if (maybe16(s + len - 19))
			w = marks16(s + len - 19, w);
	} else if (i < len) {
		char tail[19] = {0};

		memcpy(tail, s, len);
		w = marks16(tail, w);
	}
	found |= w << MARK_PHOT;
#else
	/* Every cue looked for. */
	found |= 0xfu << MARK_PHOT;
#endif
	return found;
}

static int
is_caption(const char *s, size_t len)
{
	unsigned found = caption_marks(s, len);
	size_t i;

	for (i = 0;
	     found != 0 && i < sizeof(caption_cue) / sizeof(caption_cue[0]);
	     i++)
		if (found & 1u << caption_cue[i].mark &&
		    contains(s, len, caption_cue[i].s))
			return 1;
	return 0;
}

/* Does s end with a question mark (quotes and spaces aside)? */
static int
asks(const char *s, size_t len)
{
	size_t i = len, start;
	int32_t c;

	while (i > 0) {
		c = text_prev(s, i, &start);
		if (!text_is_space(c) && !text_is_close_quote(c))
			return c == '?' || c == 0xff1f;
		i = start;
	}
	return 0;
}

int
struct_cut_short(const char *s, size_t len)
{
	size_t i, k;

	for (i = 3; i + 2 < len; i++) {
		if ((s[i] != '.' && s[i] != '?' && s[i] != '!') ||
		    s[i + 1] != ' ' || s[i + 2] < 'A' || s[i + 2] > 'Z')
			continue;
		for (k = i; k > 0 && s[k - 1] >= 'a' && s[k - 1] <= 'z'; k--)
			;
		if (i - k >= 3)
			return 1;
	}
	return 0;
}

/* Are s[0, n) n digits? */
static int
digits_at(const char *s, size_t n)
{
	while (n-- > 0)
		if (!is_digit_ascii(s[n]))
			return 0;
	return 1;
}

/* A time of arrival, "ETA" or "E.T.A." as a word, at its E, p, in s[0,
 * len): a wire's word to editors ("ETA: 6 p.m.", "an ETA will be given"). */
static int
eta_at(const char *s, size_t len, size_t p)
{
	size_t n;

	if (len - p >= 3 && s[p + 1] == 'T' && s[p + 2] == 'A')
		n = 3;
	else if (len - p >= 5 && memcmp(s + p + 1, ".T.A", 4) == 0)
		n = 5;
	else
		return 0;
	return (p == 0 || !text_is_word((unsigned char)s[p - 1])) &&
	       (p + n == len || !text_is_word((unsigned char)s[p + n]));
}

/* A telephone number, "404-526-5456" (no digit on either side), at its
 * first '-', d, in s[0, len): news tells no reader whom to call; a note to
 * editors does. */
static int
phone_at(const char *s, size_t len, size_t d)
{
	return d >= 3 && len - d >= 9 && s[d + 4] == '-' &&
	       digits_at(s + d - 3, 3) && digits_at(s + d + 1, 3) &&
	       digits_at(s + d + 5, 4) &&
	       (d == 3 || !is_digit_ascii(s[d - 4])) &&
	       (len - d == 9 || !is_digit_ascii(s[d + 9]));
}

/* Does s[0, end) end in the words w[0, n), a run of white space (a line
 * wrapped between them) where w has one space? */
static int
ends_in_words(const char *s, size_t end, const char *w, size_t n)
{
	while (n > 0 && end > 0) {
		if (w[n - 1] == ' ') {
			if (!text_is_blank_ascii((unsigned char)s[end - 1]))
				return 0;
			while (end > 0 &&
			       text_is_blank_ascii((unsigned char)s[end - 1]))
				end--;
		} else if (s[end - 1] != w[n - 1])
			return 0;
		else
			end--;
		n--;
	}
	return n == 0;
}

/*
 * A credit line run into the prose: "Writing by Jane Doe; Editing by John
 * Roe." Its openers open prose too ("Writing by hand is ..."), so a credit
 * is one that goes on to a second credit or to a list by ';'. Or one that
 * ends so: "(Jane Doe contributed to this report.)"
 */
static int
credit(const char *s, size_t len, uint64_t h)
{
	/* clang-format off */
	static const struct {
		const char *s;
		size_t n;
	} close[] = {
	    {"contributed to this report", sizeof("contributed to this report") - 1},
	    {"contributed to this story", sizeof("contributed to this story") - 1},
	    {"contributed to this article", sizeof("contributed to this article") - 1},
	    {"contributed reporting", sizeof("contributed reporting") - 1},
	};
	/* clang-format on */
	size_t i, n, end = len;

	while (end > 0 && (s[end - 1] == ')' || s[end - 1] == '.' ||
			      text_is_blank_ascii((unsigned char)s[end - 1])))
		end--;
	/* By the last letter first: most sentences end in none of these. */
	for (i = 0; i < sizeof(close) / sizeof(close[0]); i++)
		if (end >= close[i].n &&
		    s[end - 1] == close[i].s[close[i].n - 1] &&
		    ends_in_words(s, end, close[i].s, close[i].n))
			return 1;
	if (!may_open(h, opener_filter) ||
	    opener[i = find_prefix(s, len, h, opener, 0, &n)].s == NULL)
		return 0;
	if (memchr(s, ';', len) != NULL)
		return 1;
	s += strlen(opener[i].s);
	len -= strlen(opener[i].s);
	for (i = 0; opener[i].s != NULL; i++)
		if (contains_ci(s, len, opener[i].s))
			return 1;
	return 0;
}

/* A web address ("http://", "https://", "www.") at its colon or point p. */
static int
address_at(const char *s, size_t len, size_t p)
{
	if (s[p] == ':')
		return len - p >= 3 && s[p + 1] == '/' && s[p + 2] == '/' &&
		       ((p >= 4 && has_prefix_ci(s + p - 4, 4, "http")) ||
			   (p >= 5 && has_prefix_ci(s + p - 5, 5, "https")));
	return p >= 3 && (s[p - 1] | 0x20) == 'w' &&
	       has_prefix_ci(s + p - 3, 3, "www");
}

int
struct_web_address(const char *s, size_t len)
{
	const char *p, *e = s + len;

	/* "http://" or "https://" found by its colon, "www." by its point:
	 * both are rare in prose, and memchr skips the rest fast. Most
	 * points end a sentence or an abbreviation: the byte before rules
	 * them out without a call. */
	for (p = s; (p = memchr(p, ':', (size_t)(e - p))) != NULL; p++)
		if (address_at(s, len, (size_t)(p - s)))
			return 1;
	for (p = s; (p = memchr(p, '.', (size_t)(e - p))) != NULL; p++)
		if (address_at(s, len, (size_t)(p - s)))
			return 1;
	return 0;
}

/* Does s, which says "ookie", give a cookie notice? */
static int
cookie_notice_in(const char *s, size_t len)
{
	size_t i;

	for (i = 0; cookie_notice[i] != NULL; i++)
		if (contains_ci(s, len, cookie_notice[i]))
			return 1;
	return 0;
}

/*
 * Is the byte at p, one of those notice_bytes() finds, where s[0, len)
 * says what only a notice says: a web address, a telephone number, an
 * ETA, a cookie notice or a telex? *cookie: "ookie" was found before, and
 * the cookie notices looked for in all of s then. Inline: most of these
 * bytes are full stops, ruled out by the byte before.
 */
static inline int
notice_at(const char *s, size_t len, size_t p, int *cookie)
{
	switch (s[p]) {
	case ':':
	case '.':
		return address_at(s, len, p);
	case '-':
		return phone_at(s, len, p);
	case 'E':
		return eta_at(s, len, p);
	case 'k':
		if (*cookie || p < 2 || len - p < 3 ||
		    memcmp(s + p - 2, "ookie", 5) != 0)
			return 0;
		*cookie = 1;
		return cookie_notice_in(s, len);
	default: /* 'x': "telex" */
		return p >= 4 && memcmp(s + p - 4, "tele", 4) == 0;
	}
}

#ifdef __SSE2__
/* Which of the 16 bytes at s notice_at() looks at: bit k for s[k]. */
static unsigned
notice_bytes16(const char *s)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);

#define EQ(c) _mm_cmpeq_epi8(v, _mm_set1_epi8(c))
	return (unsigned)_mm_movemask_epi8(
	    _mm_or_si128(_mm_or_si128(_mm_or_si128(EQ(':'), EQ('.')),
			     _mm_or_si128(EQ('-'), EQ('E'))),
		_mm_or_si128(EQ('k'), EQ('x'))));
#undef EQ
}
#endif

/*
 * Does s say anything only a notice says, by the bytes that notice_at()
 * looks at? They are found in one pass, on SSE2 sixteen bytes a step (and
 * the last few of the 16 that end s), not by a memchr for each: most of
 * a sentence has none of them. Bit k of m for s[i + k].
 */
static int
notice_bytes(const char *s, size_t len)
{
	static const unsigned char hot[256] = {
	    [':'] = 1, ['.'] = 1, ['-'] = 1, ['E'] = 1, ['k'] = 1, ['x'] = 1};
	size_t i, k;
	unsigned m;
	int cookie = 0;

	for (i = 0; i < len; i += 16) {
#ifdef __SSE2__
		if (len - i >= 16)
			m = notice_bytes16(s + i);
		else if (len >= 16)
			m = notice_bytes16(s + len - 16) >> (i + 16 - len);
		else
#endif
			for (m = 0, k = 0; k < 16 && i + k < len; k++)
				m |= (unsigned)hot[(unsigned char)s[i + k]]
				     << k;
		for (; m != 0; m &= m - 1)
			if (notice_at(
				s, len, i + (size_t)__builtin_ctz(m), &cookie))
				return 1;
	}
	return 0;
}

/* Does s[0, len), after the notice's opener open, say what makes it one
 * (notice_then)? */
static int
notice_follows(const char *open, const char *s, size_t len)
{
	const struct notice_then *t;
	size_t k;

	for (t = notice_then; t->open != NULL; t++) {
		if (strcmp(t->open, open) != 0)
			continue;
		for (k = 0; t->then[k] != NULL; k++)
			if (t->anywhere ? contains_ci(s, len, t->then[k]) != 0
					: has_prefix_ci(s, len, t->then[k]) > 0)
				return 1;
	}
	return 0;
}

int
struct_notice(const char *s, size_t len)
{
	const struct prefix *list;
	size_t i, n;
	unsigned char c;
	uint64_t h;

	if (notice_bytes(s, len))
		return 1;
	while (len > 0 && (*s == '(' || *s == ' ')) {
		s++;
		len--;
	}
	/* Should it fail, the filters pass every sentence, as they are. */
	(void)pthread_once(&filters_once, filters_make);
	c = len > 0 ? (unsigned char)(s[0] | 0x20) : 0;
	h = head8(s, len);
	list = c >= 'a' && c <= 'z' && may_open(h, notice_filter[c - 'a'])
		   ? notice_open[c - 'a']
		   : NULL;
	for (i = 0; list != NULL &&
		    list[i = find_prefix(s, len, h, list, i, &n)].s != NULL;
	     i++)
		if (list[i].s[strlen(list[i].s) - 1] != ' ' ||
		    notice_follows(list[i].s, s + n, len - n))
			return 1;
	return credit(s, len, h);
}

/*
 * A line in capitals, of CAPITALS_MIN_WORDS words or more and no
 * lower-case letter ("WHAT IS THE PERJURY CASE AGAINST PRESIDENT
 * CLINTON?"): a subheading, even where it ends as a sentence would.
 */
static int
in_capitals(const char *s, size_t len, size_t words)
{
	size_t i = 0, upper = 0;
	int32_t c;

	if (words < CAPITALS_MIN_WORDS)
		return 0;
	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			if (is_lower_ascii(s[i]))
				return 0;
			upper += is_upper_ascii(s[i++]);
			continue;
		}
		c = text_next(s, len, &i);
		if (text_is_lower(c))
			return 0;
		upper += text_is_upper(c) != 0;
	}
	return upper >= CAPITALS_MIN_LETTERS;
}

/*
 * A line of a transcript: a time code, then the speaker in capitals
 * ("1:57 CO-PILOT I rely on God.", "0:02:10 ATC: Descend"). Four capitals
 * at least, or fewer before a colon, so that "10:30 EST" and "9:15 P.M."
 * open no transcript.
 */
static int
transcript(const char *s, size_t len)
{
	size_t i = 0, j;

	while (i < len && i < 2 && is_digit_ascii(s[i]))
		i++;
	/* ":dd", once or twice */
	for (j = 0; j < 2 && i + 3 <= len && s[i] == ':' &&
		    is_digit_ascii(s[i + 1]) && is_digit_ascii(s[i + 2]);
	     j++)
		i += 3;
	if (j == 0 || i >= len || s[i] != ' ')
		return 0;
	for (j = ++i; j < len && (is_upper_ascii(s[j]) || s[j] == '-'); j++)
		;
	if (j == len || (s[j] != ' ' && s[j] != ':'))
		return 0;
	return j - i >= 4 || (j - i >= 2 && s[j] == ':');
}

/* A question of a list of questions and answers, "Q. What is West Nile
 * encephalitis?": the answer after it tells; the question does not. */
static int
faq_question(const char *s, size_t len)
{
	return len > 4 && s[0] == 'Q' && (s[1] == '.' || s[1] == ':') &&
	       s[2] == ' ' && s[len - 1] == '?';
}

/* Has s a lower-case letter? A document without one is written all in
 * capitals, and there a line in capitals is no subheading. */
static int
has_lower(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len)
		if ((unsigned char)s[i] < 0x80) {
			if (is_lower_ascii(s[i++]))
				return 1;
		} else if (text_is_lower(text_next(s, len, &i)))
			return 1;
	return 0;
}

/* Which of names (NULL-ended) the tag name s[0, n) is, in any case; -1
 * if none. */
static int
named(const char *const *names, const char *s, size_t n)
{
	int k;

	for (k = 0; names[k] != NULL; k++)
		if (strlen(names[k]) == n && strncasecmp(s, names[k], n) == 0)
			return k;
	return -1;
}

/*
 * The name of an element that news archives (DUC, TAC, TREC, Gigaword)
 * use for a document's particulars, not its prose, if the tag at s opens
 * one: "<DOCNO> NYT19980612.0403 </DOCNO>", "<DATELINE>"; its length, 0
 * if it is no such tag. *name: where the name begins.
 */
static size_t
metadata_tag(const char *s, size_t len, const char **name)
{
	static const char *const names[] = {"docno", "docid", "doctype",
	    "date_time", "date", "dateline", "category", "slug", "keyword",
	    "keywords", NULL};
	size_t b, e = text_tag_name(s, len, &b);

	if (e == 0 || b != 1 || text_tag(s, len) == 0 ||
	    named(names, s + b, e - b) < 0)
		return 0;
	*name = s + b;
	return e - b;
}

_Static_assert(BYLINE_MAX_WORDS <= LINK_MAX_WORDS &&
		   QUESTION_MAX_WORDS <= LINK_MAX_WORDS &&
		   CAPITALS_MIN_WORDS <= LINK_MAX_WORDS,
    "the rules on bylines, questions and capitals read the first count");

/*
 * Does s[0, len) finish a sentence before its end: a word of three or more
 * small letters, a full stop and a capital after a blank ("... in the
 * 1996 election cycle. Their assertiveness is seen in different ways:")?
 * A heading does not, though it may hold "U.S." or "Dr.". (Nor does a
 * paragraph that ends so: a note on its writer, "Jane Doe writes for the
 * Harbor News. E-mail: jdoe(AT)example.com", is none, and is left as one.)
 */
static int
holds_sentence(const char *s, size_t len)
{
	const char *p = s, *e = s + len;
	size_t k;

	for (; (p = memchr(p, '.', (size_t)(e - p))) != NULL; p++) {
		if (e - p < 3 || !text_is_blank_ascii((unsigned char)p[1]) ||
		    !is_upper_ascii(p[2]))
			continue;
		for (k = 0; p - k > s && is_lower_ascii(p[-(ptrdiff_t)k - 1]);
		     k++)
			;
		if (k >= 3)
			return 1;
	}
	return 0;
}

/*
 * The words of s[0, len) as far as HEADING_MAX_WORDS (more: past it), given
 * words, its count as far as LINK_MAX_WORDS: counted again only past that,
 * for the few lines that may be headings.
 */
static size_t
heading_words(const char *s, size_t len, size_t words)
{
	return words <= LINK_MAX_WORDS
		   ? words
		   : text_count_words_max(s, len, HEADING_MAX_WORDS);
}

/* Does s open as a heading in Markdown: one to six '#' and a blank ("##
 * What happens next")? */
static int
atx_heading(const char *s, size_t len)
{
	size_t n = 0;

	while (n < len && n < 7 && s[n] == '#')
		n++;
	return n > 0 && n < 7 && n < len && (s[n] == ' ' || s[n] == '\t');
}

/*
 * Does s open as a definition in Markdown: 1 a reference's ("[1]:
 * https://...", perhaps a title after it), 2 a footnote's ("[^1]: The
 * council counted ...")? A page's notes and sources, never prose. A
 * reference's target is one run without blanks, and nothing but a title
 * follows it on its line: "[Mayor]: She said ..." and "[UPDATE 3:45
 * p.m.]: The minister ..." are prose.
 */
static int
md_definition(const char *s, size_t len)
{
	size_t n = text_link_label(s, len), d;

	if (n < 3 || n >= len || s[n] != ':')
		return 0;
	if (s[1] == '^')
		return 2;
	for (n++; n < len && (s[n] == ' ' || s[n] == '\t'); n++)
		;
	for (d = n; n < len && !text_is_blank_ascii(s[n]); n++)
		;
	if (n == d)
		return 0;
	for (; n < len && (s[n] == ' ' || s[n] == '\t'); n++)
		;
	return n == len || s[n] == '\n' || s[n] == '"' || s[n] == '\'' ||
	       s[n] == '(';
}

static enum block_kind
classify(const char *s, size_t len, int first, int mixed)
{
	size_t words, i;

	/* Markup alone ("<P>", "<DOC>"), or no letter: nothing to read.
	 * (Markup opens with '<', past blanks: most blocks open with
	 * neither, and are not read for it.) */
	if (len == 0 ||
	    ((*s == '<' || text_is_blank_ascii((unsigned char)*s)) &&
		text_markup_head(s, len) == len) ||
	    !has_letter(s, len))
		return BLOCK_JUNK;
	/* A heading in Markdown, whatever it ends with. */
	if (atx_heading(s, len))
		return first ? BLOCK_TITLE : BLOCK_HEADING;
	/* Counted as far as most rules look (more: past it); the rules on
	 * headings, which look further, only for a line that may be one,
	 * most lines being prose, over 30 words. */
	words = text_count_words_max(s, len, LINK_MAX_WORDS);
	if (opens_link(s, len))
		return BLOCK_LINK;
	if (words <= LINK_MAX_WORDS) {
		if (struct_web_address(s, len))
			return BLOCK_LINK;
		for (i = 0; link_anywhere[i] != NULL; i++)
			if (contains_ci(s, len, link_anywhere[i]))
				return BLOCK_LINK;
	}
	if (is_caption(s, len))
		return BLOCK_CAPTION;
	if (words <= BYLINE_MAX_WORDS && len > 3 &&
	    (strncmp(s, "By ", 3) == 0 || strncmp(s, "BY ", 3) == 0) &&
	    text_is_upper((unsigned char)s[3]))
		return BLOCK_BYLINE;
	if (!text_ends_stop(s, len) &&
	    heading_words(s, len, words) <= HEADING_MAX_WORDS &&
	    !(s[len - 1] == ':' && holds_sentence(s, len)))
		return first ? BLOCK_TITLE : BLOCK_HEADING;
	/* A question standing alone on the first line is a headline. */
	if (first && words <= QUESTION_MAX_WORDS && asks(s, len) &&
	    memchr(s, '\n', len) == NULL)
		return BLOCK_TITLE;
	if ((mixed && in_capitals(s, len, words) &&
		heading_words(s, len, words) <= HEADING_MAX_WORDS) ||
	    transcript(s, len) || faq_question(s, len))
		return first ? BLOCK_TITLE : BLOCK_HEADING;
	return BLOCK_TEXT;
}

enum block_kind
struct_classify(const char *s, size_t len, int first)
{
	return classify(s, len, first, 1);
}

/* Scraped metadata such as "date 2025-03-21 " before the dateline. */
static size_t
meta_date(const char *s, size_t len)
{
	size_t i = 0, k;
	static const char pat[] = "dddd-dd-dd";

	if (has_prefix_ci(s, len, "date:"))
		i = 5;
	else if (has_prefix_ci(s, len, "date "))
		i = 5;
	while (i < len && s[i] == ' ')
		i++;
	if (len - i < sizeof(pat) - 1)
		return 0;
	for (k = 0; k < sizeof(pat) - 1; k++)
		if (pat[k] == 'd' ? !is_digit_ascii(s[i + k]) : s[i + k] != '-')
			return 0;
	i += k;
	/* Skip a time of day, if any: everything up to the next space. */
	while (i < len && s[i] != ' ')
		i++;
	while (i < len && s[i] == ' ')
		i++;
	return i;
}

/* Is s[0, n) one of list's words? */
static int
one_of(const char *const *list, const char *s, size_t n)
{
	size_t k;

	for (k = 0; list[k] != NULL; k++)
		if (strlen(list[k]) == n && memcmp(s, list[k], n) == 0)
			return 1;
	return 0;
}

static size_t
dateline_separator(const char *s, size_t len, size_t i, int agency)
{
	if (i < len && s[i] == ':')
		return i + 1;
	/* "(AP) _Venezuelan ...": after an agency the space may be lost. */
	if (agency && i + 1 < len && s[i] == '_' && is_upper_ascii(s[i + 1]))
		return i + 1;
	if (i + 1 < len && s[i] == '-' && s[i + 1] == '-')
		return i + 2;
	if (i + 1 < len && (s[i] == '_' || s[i] == '-') && s[i + 1] == ' ')
		return i + 1;
	/* U+2014 em dash and U+2013 en dash. */
	if (i + 2 < len && (unsigned char)s[i] == 0xe2 &&
	    (unsigned char)s[i + 1] == 0x80 &&
	    ((unsigned char)s[i + 2] == 0x94 ||
		(unsigned char)s[i + 2] == 0x93))
		return i + 3;
	return 0;
}

size_t
struct_dateline(const char *s, size_t len)
{
	size_t meta = meta_date(s, len), i = meta, j, lim, caps = 0;
	size_t place = 0, state = 0;
	int lower, comma = 0, agency = 0, month;

	lim = len - i < DATELINE_MAX ? len : i + DATELINE_MAX;
	/* A dateline opens with a word in capitals; most blocks open with
	 * one in mixed case ("The", "Officials"), told by its first two
	 * bytes, not read to its end. */
	while (i < lim && (s[i] == ' ' || s[i] == ','))
		i++;
	if (i == lim || !is_upper_ascii(s[i]) ||
	    (i + 1 < lim && is_lower_ascii(s[i + 1])))
		return meta;
	while (i < lim) {
		/* A line break inside: a slug wrapped ("... OF 20TH\nCENTURY
		 * _ ``Since ..."). */
		if (s[i] == ' ' || s[i] == ',' || s[i] == '\n') {
			comma |= s[i] == ',' && caps > 0;
			i++;
			continue;
		}
		if (s[i] == '(' && caps > 0) {
			/* An agency: "(AP)", "(Reuters)". */
			for (j = i + 1; j < lim && j < i + 25 && s[j] != ')';
			     j++)
				;
			if (j >= lim || s[j] != ')')
				break;
			i = j + 1;
			agency = 1;
			continue;
		}
		/* A token up to the next space, comma, colon or bracket. */
		for (j = i, lower = 0;
		     j < lim && s[j] != ' ' && s[j] != ',' && s[j] != ':' &&
		     s[j] != '(' && s[j] != '\n';
		     j++)
			lower |= is_lower_ascii(s[j]);
		if (j == i)
			break;
		if (is_upper_ascii(s[i]) && !lower && j - i >= 2) {
			caps++; /* PYONGYANG, S.D., NEW */
		} else if (caps > 0 && is_upper_ascii(s[i]) &&
			   s[j - 1] == '.' && j - i <= 6) {
			/* A state abbreviation: "Colo.", "Calif." */
		} else if (caps > 0 && is_digit_ascii(s[i]) && j - i <= 4) {
			/* The day of a date. */
		} else if (caps > 0) {
			month = one_of(months, s + i, j - i);
			/* The place's country or state after a comma:
			 * "AMMAN, Jordan (AP) --", "GROZNY, Russia". */
			if (!month && comma && place < 3 &&
			    is_upper_ascii(s[i])) {
				place++;
				state += one_of(state_word, s + i, j - i);
			} else if (!month)
				break;
		} else
			break;
		i = j;
	}
	if (caps == 0 || (j = dateline_separator(s, len, i, agency)) == 0)
		return meta;
	while (j < len && (s[j] == ' ' || s[j] == '\t'))
		j++;
	/* A country or province, not a state, and no agency: a dateline
	 * only if a sentence opens after it ("CARACAS, Venezuela _ With
	 * his ..."); "IBM, Microsoft -- and Apple" opens no article. */
	if (place > 0 && !agency && state < place &&
	    (j == len || !is_upper_ascii(s[j]) ||
		(j + 1 < len && is_upper_ascii(s[j + 1]))))
		return meta;
	return j;
}

/*
 * The bytes of a list item's mark: "_ ", "- ", "-- ", "* " or "• "
 * (the wires' "_ Mosquito control and public education."), or of a
 * quotation's in Markdown and mail, "> ", so that the item, not its mark,
 * is the sentence.
 */
static size_t
bullet(const char *s, size_t len)
{
	size_t n = 0;

	if ((n = text_quote_mark(s, len)) > 0)
		n--; /* its last space, read below */
	else if (len >= 2 && (s[0] == '_' || s[0] == '*' || s[0] == '-'))
		n = len >= 3 && s[0] == '-' && s[1] == '-' ? 2 : 1;
	else if (len >= 4 && memcmp(s, "\xe2\x80\xa2", 3) == 0)
		n = 3;
	/* "_No salmon stock ...", "--Children ...", "-Public notice
	 * ...": the wires' marks may come without their space. */
	if (n > 0 && n < len && (s[0] == '_' || s[0] == '-') &&
	    is_upper_ascii(s[n]))
		return n;
	if (n == 0 || n >= len || s[n] != ' ')
		return 0;
	while (n < len && s[n] == ' ')
		n++;
	return n < len ? n : 0;
}

struct line {
	size_t off, len; /* trimmed of white space and markup tags */
	/* As wrapped, tags and all: where, how many bytes, and how wide with
	 * its indent. */
	size_t raw, rawlen, width;
	int indented;
	int parted; /* a paragraph's tag opens or closes it: "<P>", "</P>" */
	int joined; /* it goes on from the line before (goes_on) */
};

/*
 * The columns that the white space text[s, off) opening a line takes, a
 * tab to the next stop of eight: a wrapped paragraph's first line is as
 * wide as its indent and its words ("   If the state of Georgia ... on\n
 * Thursday, ..." broke for want of room).
 */
static size_t
indent_width(const char *text, size_t s, size_t off)
{
	size_t w = 0;

	for (; s < off; s++)
		w = text[s] == '\t' ? (w / 8 + 1) * 8 : w + 1;
	return w;
}

/* The columns of white space that open the line of text[off]: 0 if
 * anything but white space is before it on its line. */
static size_t
indent_at(const char *text, size_t off)
{
	size_t j = off;

	while (j > 0 && (text[j - 1] == ' ' || text[j - 1] == '\t'))
		j--;
	return j == 0 || text[j - 1] == '\n' ? indent_width(text, j, off) : 0;
}

/* The white space at either end of s[*off, *off + *len) taken off. */
static void
trim_slow(const char *s, size_t *off, size_t *len)
{
	size_t i = *off, e = *off + *len, start, j;

	while (i < e) {
		j = i;
		if (!text_is_space(text_next(s, e, &j)))
			break;
		i = j;
	}
	while (e > i && text_is_space(text_prev(s, e, &start)))
		e = start;
	*off = i;
	*len = e - i;
}

/* trim_slow, without a call for a blank line or one that opens and ends
 * with ASCII that is no white space, as most do. */
static inline void
trim(const char *s, size_t *off, size_t *len)
{
	unsigned char a, z;

	if (*len == 0)
		return;
	a = (unsigned char)s[*off];
	z = (unsigned char)s[*off + *len - 1];
	if (a >= 0x80 || z >= 0x80 || text_is_space(a) || text_is_space(z))
		trim_slow(s, off, len);
}

/* Hard-wrapped prose: most lines of similar middling length, few ending
 * a sentence. Then only blank lines and indents separate paragraphs. */
static int
is_wrapped(const char *text, const struct line *ln, size_t n)
{
	size_t i, ne = 0, mid = 0, ends = 0;

	for (i = 0; i < n; i++) {
		if (ln[i].len == 0)
			continue;
		ne++;
		mid += ln[i].width >= 40 && ln[i].width <= 100;
		ends += text_ends_sentence(text + ln[i].off, ln[i].len);
	}
	return ne >= 4 && mid * 10 >= ne * 7 && ends * 2 < ne;
}

/*
 * The width the text is wrapped at, if it is: the length (in bytes) that
 * nine lines in ten do not pass; WIDTH_ANY when a tenth of the lines are
 * longer than WIDTH_MAX, as when each paragraph is one line. Lines that
 * open a paragraph with an indent are left out where there are others (a
 * tool may count a tab as one column, not eight).
 */
#define WIDTH_MAX 255
#define WIDTH_ANY SIZE_MAX

static size_t
wrap_width(const struct line *ln, size_t n)
{
	uint32_t hist[WIDTH_MAX + 2] = {0};
	size_t i, ne = 0, seen, w, top = 0, flush = 0;
	int skip;

	for (i = 0; i < n; i++)
		flush += ln[i].len > 0 && !ln[i].indented;
	skip = flush >= 4;
	for (i = 0; i < n; i++)
		if (ln[i].len > 0 && !(skip && ln[i].indented)) {
			w = ln[i].width > WIDTH_MAX ? WIDTH_MAX + 1
						    : ln[i].width;
			hist[w]++;
			top = w > top ? w : top;
			ne++;
		}
	/* Read down from the widest line, not up from 0: the width
	 * sought is near the widest, and the lines no wider than w are
	 * all of them less those wider. */
	if (top > WIDTH_MAX)
		top = WIDTH_MAX;
	seen = ne - hist[WIDTH_MAX + 1];
	if (seen * 10 < ne * 9)
		return WIDTH_ANY;
	for (w = top; w > 0 && (seen - hist[w]) * 10 >= ne * 9; w--)
		seen -= hist[w];
	return w;
}

/* Each line's width as it reads (text_unmark), where it has marks. */
static void
read_widths(const char *text, struct line *ln, size_t n, int marked)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ln[i].len > 0 &&
		    text_has_marks(text + ln[i].off, ln[i].len, marked))
			ln[i].width =
			    ln[i].width - ln[i].len +
			    text_unmark(text + ln[i].off, ln[i].len, NULL);
}

static size_t
first_word(const char *s, size_t len)
{
	size_t i = 0;

	while (i < len && s[i] != ' ' && s[i] != '\t')
		i++;
	return i;
}

/* Was the text broken before line i for want of room: would line i's
 * first word not have fitted on line i - 1? One byte of slack: fold(1)
 * counts the blank after the word. */
static int
no_room(const char *text, const struct line *ln, size_t i, size_t width)
{
	return ln[i - 1].width + 1 +
		   first_word(text + ln[i].raw, ln[i].rawlen) >=
	       width;
}

/*
 * Was line i broken from line i - 1 where prose wraps: for want of room,
 * or, loose (in text wrapped throughout), past three fifths of the width?
 * A balanced wrap (fmt(1), par(1)) breaks a line well short of the width
 * to even out the paragraph, and so do a proportional font's lines copied
 * as text: "children younger" before "than 15" with room for it. A
 * subheading stays shorter; a headline on the first line is not loose.
 */
static int
wraps(
    const char *text, const struct line *ln, size_t i, size_t width, int loose)
{
	return no_room(text, ln, i, width) ||
	       (loose && ln[i - 1].width * 5 >= width * 3);
}

/* Does s open more round brackets than it closes? */
static int
unclosed(const char *s, size_t len)
{
	size_t i;
	long depth = 0;

	for (i = 0; i < len; i++)
		depth += (s[i] == '(') - (s[i] == ')');
	return depth > 0;
}

/* Does line l run on from line p as prose does: open in lower case, or
 * go on inside a bracket p opens? */
static int
runs_on(const char *text, const struct line *p, const struct line *l)
{
	size_t j = l->off;

	return text_is_lower(text_next(text, l->off + l->len, &j)) ||
	       unclosed(text + p->off, p->len);
}

/*
 * Does the line open as a list's item: 2 for a mark no sentence opens
 * with ("* ", "• ", a quotation's "> "); 1 for a mark that may go on a
 * sentence, a dash ("- ", "-- ", "_ ": "a small number\n-- that
 * nonetheless ...") or a number of one or two digits and "." or ")"
 * ("agreed Thelma Hansen,\n50. ''We know ..."); else 0.
 */
static int
list_item(const char *s, size_t len)
{
	size_t n = 0;

	if (bullet(s, len) > 0)
		return s[0] == '-' || s[0] == '_' ? 1 : 2;
	while (n < len && n < 3 && is_digit_ascii((unsigned char)s[n]))
		n++;
	return n > 0 && n < 3 && n + 1 < len && (s[n] == '.' || s[n] == ')') &&
	       s[n + 1] == ' ';
}

/* Does the line open with a quotation's mark, "> "? */
static int
quote_line(const char *text, const struct line *l)
{
	return text_quote_mark(text + l->off, l->len) > 0;
}

/* Is line l, read already, a list's item (list_item): not where it went
 * on a sentence from the line before ("... from 67 to\n55. During that
 * period, ...")? */
static int
item_line(const char *text, const struct line *l)
{
	return !l->joined && list_item(text + l->off, l->len);
}

/* Does the line end inside a sentence, in a comma or a semicolon, as no
 * headline does? */
static int
breaks_off(const char *s, size_t len)
{
	return len > 0 && (s[len - 1] == ',' || s[len - 1] == ';');
}

/* Is the line one aside in round brackets, as a photo's credit is? */
static int
bracketed(const char *s, size_t len)
{
	return len >= 2 && s[0] == '(' && s[len - 1] == ')';
}

/* Does the line open as a link line or a byline does? */
static int
stands_apart(const char *s, size_t len)
{
	if (len == 0 || is_lower_ascii((unsigned char)s[0]))
		return 0;
	if (opens_link(s, len))
		return 1;
	return classify(s, len, 0, 1) == BLOCK_BYLINE;
}

/*
 * Is line i - 1 the text's first line, read as a headline over it? Not if
 * it reads as prose: it opens a paragraph with an indent that other lines
 * lack, opens with a dateline or breaks off in a comma, or line i runs on
 * from it.
 */
static int
headline(const char *text, const struct line *ln, size_t i, size_t first)
{
	const struct line *p = &ln[i - 1], *l = &ln[i];

	return i - 1 == first && !p->indented && !runs_on(text, p, l) &&
	       !breaks_off(text + p->off, p->len) &&
	       struct_dateline(text + p->off, p->len) == 0;
}

/*
 * In text wrapped throughout, may line i go on from line i - 1 short of
 * the width (wraps)? Not out of a list's item, whose lines are short by
 * nature, unless it runs on ("_ Mosquito control and public education
 * about avoiding\nmosquito bites."), nor from a headline. Into a line that
 * opens with a dash or a number, yes: goes_on has found it no item
 * (item_apart), so it goes on a sentence ("... after martial law was declared
 * on May 20\n-- 16 days before the military assault.").
 */
static int
loose(const char *text, const struct line *ln, size_t i, size_t first)
{
	return (!item_line(text, &ln[i - 1]) ||
		   runs_on(text, &ln[i - 1], &ln[i])) &&
	       !headline(text, ln, i, first);
}

/*
 * Is line l, which opens with a dash or a number, a list's item rather
 * than a sentence going on? So it is under another item or a colon, or
 * under a finished sentence: a number there ("Engineers listed the work.\n
 * 1. Clear ..."; not after a month's or a title's full stop, which ends
 * none), a dash opening capitals ("-- that nonetheless ..." and "_ were
 * voted into office" go on).
 */
static int
item_apart(const char *text, const struct line *p, const struct line *l)
{
	size_t mark = bullet(text + l->off, l->len), j = l->off + mark;

	if (item_line(text, p) || text[p->off + p->len - 1] == ':')
		return 1;
	/* A day after its month ("... the seabed on Aug.\n12. An ..."). */
	if (mark == 0 && sent_never_ends(text + p->off, p->len))
		return 0;
	return text_ends_sentence(text + p->off, p->len) &&
	       (mark == 0 ||
		   text_is_upper(text_next(text, l->off + l->len, &j)));
}

/*
 * Does line i go on from line i - 1, as wrapped prose does? Only if the
 * text was broken there for want of room: line i's first word would not
 * have fitted on line i - 1 (a headline or a subheading, shorter, stays
 * apart). Line i opens no story with a dateline under a headline, nor
 * under a finished sentence unless indents open the text's paragraphs
 * (indents); after a finished sentence, it is no "Read more:" line or
 * byline, and no subheading: an unfinished line before a paragraph. It
 * opens no list's item as no line of a sentence does ("* ", "2. "), and
 * neither line is a heading in Markdown ("## Reaction"). Text that is not
 * wrapped throughout joins a line that ends no sentence, or one that only
 * looked finished if line i runs on from it in lower case, and its first
 * line only to a line that runs on from it: a headline as long as the
 * text's lines stays a headline.
 */
static int
goes_on(const char *text, const struct line *ln, size_t n, size_t i,
    size_t first, size_t width, int wrapped, int indents)
{
	const struct line *p = &ln[i - 1], *l = &ln[i];
	int ended, item;

	/* A quotation's line after another's goes on from it as prose. */
	item = quote_line(text, l) && quote_line(text, p)
		   ? 0
		   : list_item(text + l->off, l->len);
	if (p->len == 0 || l->indented || width == WIDTH_ANY ||
	    (l->parted & 1) || (p->parted & 2) ||
	    atx_heading(text + p->off, p->len) ||
	    atx_heading(text + l->off, l->len) ||
	    md_definition(text + l->off, l->len) || item == 2)
		return 0;
	if (item == 1 && item_apart(text, p, l))
		return 0;
	if (!wraps(text, ln, i, width, wrapped && loose(text, ln, i, first)))
		return 0;
	/* "... on Aug." or "... said Gov." ends no sentence. */
	ended = text_ends_sentence(text + p->off, p->len) &&
		!sent_never_ends(text + p->off, p->len);
	/* A story's dateline under its headline ("GS _ in a cage" inside a
	 * paragraph is none), or under a finished sentence where no indent
	 * opens a paragraph: where indents do, a line without one goes on
	 * ("... exporter of tobacco.\nCANADA: Toronto tried ..."). */
	if ((i - 1 == first || (ended && !indents)) &&
	    struct_dateline(text + l->off, l->len) > 0)
		return 0;
	/* "Read more: ..." or a byline right under a finished sentence. */
	if (ended && stands_apart(text + l->off, l->len))
		return 0;
	/* An unfinished line between a finished one and a paragraph that
	 * it does not run into: a subheading. (Before a blank line, it is
	 * more likely the end of the paragraph: "... (G.\nPaul Burnett/New
	 * York Times Photo)"; and so is an aside in brackets before an
	 * indented one, "...\n(Frances Roberts/New York Times Photo)", or
	 * the end of one: "... (Alan S.\nWeiner/New York Times Photo)".) */
	if (ended && !text_ends_sentence(text + l->off, l->len) && i + 1 < n &&
	    ln[i + 1].len > 0 && !wraps(text, ln, i + 1, width, wrapped) &&
	    !bracketed(text + l->off, l->len) &&
	    !unclosed(text + p->off, p->len))
		return 0;
	if (wrapped)
		return 1;
	/* A line that runs on goes on what only looked finished: "... leave
	 * Cuba for U.S.\naboard 16-foot motor boat." */
	if (ended && !runs_on(text, p, l))
		return 0;
	return !headline(text, ln, i, first);
}

static int
push_block(struct arena *a, struct block **b, size_t *n, size_t *cap,
    size_t off, size_t len)
{
	size_t ncap;

	if (*n == *cap) {
		ncap = *cap ? *cap * 2 : 64;
		if ((*b = arena_grow(a, *b, *cap, ncap, sizeof(**b))) == NULL)
			return SUMM_ENOMEM;
		*cap = ncap;
	}
	(*b)[*n].off = off;
	(*b)[*n].len = len;
	(*b)[*n].kind = BLOCK_TEXT;
	(*n)++;
	return 0;
}

/* An element of particulars still open, as lines are read: its name. */
struct particulars {
	const char *name; /* NULL: none open */
	size_t n;
	int lines; /* read since it opened */
};

#define PARTICULARS_MAX_LINES 4 /* an unclosed one ends here */

/* Past the tag that closes the element p in s, or NULL if s has none. */
static const char *
closes(const char *s, size_t len, const struct particulars *p)
{
	const char *e = s + len;

	for (; (s = memchr(s, '<', (size_t)(e - s))) != NULL; s++)
		if ((size_t)(e - s) >= p->n + 3 && s[1] == '/' &&
		    strncasecmp(s + 2, p->name, p->n) == 0 &&
		    s[2 + p->n] == '>')
			return s + 3 + p->n;
	return NULL;
}

/* Is the tag at s one that parts paragraphs ("<P>", "</div>", "<br>")? */
static int
parts(const char *s, size_t len)
{
	static const char *const names[] = {"p", "div", "br", "li", "h1", "h2",
	    "h3", "h4", "h5", "h6", "blockquote", "tr", "td", "text", "body",
	    "headline", "title", "section", "article", NULL};
	size_t b, e = text_tag_name(s, len, &b);

	return e > 0 && named(names, s + b, e - b) >= 0;
}

/*
 * A line without its markup: the tags at either end ("<P>VAIL, Colo.",
 * "... said.</P>") are no part of it, and a line of tags alone is blank
 * (a paragraph's end, as "<P>" means). An archive's particulars
 * ("<DOCNO> NYT19980612.0403 </DOCNO>", or a <DATELINE> over three
 * lines) are none of the text, whatever follows them on their line.
 */
static void
unmark(const char *text, struct line *l, struct particulars *p)
{
	const char *s, *past;
	size_t n, end;

	for (;;) {
		while (l->len > 0 && text_is_blank_ascii(text[l->off])) {
			l->off++;
			l->len--;
		}
		s = text + l->off;
		if (p->name != NULL) {
			if ((past = closes(s, l->len, p)) == NULL) {
				if (++p->lines >= PARTICULARS_MAX_LINES)
					p->name = NULL;
				l->len = 0;
				return;
			}
			p->name = NULL;
			n = (size_t)(past - s);
		} else if (l->len == 0 || *s != '<' ||
			   (n = text_tag(s, l->len)) == 0) {
			break;
		} else if ((p->n = metadata_tag(s, l->len, &p->name)) > 0) {
			p->lines = 0;
		} else if (parts(s, l->len)) {
			l->parted |= 1;
		}
		l->off += n;
		l->len -= n;
	}
	/* The tags that end it. */
	n = text_markup_tail(text + l->off, l->len);
	end = l->off + l->len;
	for (s = text + end - n;
	     n > 0 && (s = memchr(s, '<', (size_t)(text + end - s))) != NULL;
	     s++)
		if (parts(s, (size_t)(text + end - s)))
			l->parted |= 2;
	l->len -= n;
}

/* Where in text[p, e) the next paragraph's tag after p is that text
 * follows; e if none (tags that end the line stay with it, and its
 * width with them). */
static size_t
next_part(const char *text, size_t p, size_t e)
{
	const char *x = text + p + 1, *end = text + e;

	for (; x < end && (x = memchr(x, '<', (size_t)(end - x))) != NULL; x++)
		if (parts(x, (size_t)(end - x)) &&
		    text_tag(x, (size_t)(end - x)) > 0)
			return text_markup_head(x, (size_t)(end - x)) <
				       (size_t)(end - x)
				   ? (size_t)(x - text)
				   : e;
	return e;
}

/*
 * The line text[s, e), which has markup, as lines: cut before each
 * paragraph's tag, each piece without its markup. ln[*nl] is the line's
 * entry, its indent set; room for more is made as needed.
 */
static int
marked_lines(const char *text, size_t s, size_t e, struct arena *a,
    struct line **ln, size_t *nl, size_t *lcap, struct particulars *meta)
{
	struct line *l;
	size_t p, q;

	for (p = s;; p = q) {
		q = next_part(text, p, e);
		if (*nl == *lcap) {
			if ((*ln = arena_grow(a, *ln, *lcap, *lcap * 2,
				 sizeof(**ln))) == NULL)
				return SUMM_ENOMEM;
			*lcap *= 2;
		}
		l = &(*ln)[*nl];
		if (p > s)
			l->indented = 0;
		l->off = p;
		l->len = q - p;
		trim(text, &l->off, &l->len);
		l->raw = l->off;
		l->rawlen = l->len;
		l->width =
		    (p == s ? indent_width(text, s, l->off) : 0) + l->len;
		l->parted = 0;
		l->joined = 0;
		unmark(text, l, meta);
		(*nl)++;
		if (q >= e)
			return 0;
	}
}

/* Bytes of text that are no text of the page, [off, end). */
struct hidden {
	size_t off, end;
};

/* Past the first "</name>" (any case, blanks before '>') in s[0, len), or
 * 0 if there is none. */
static size_t
end_tag(const char *s, size_t len, const char *name, size_t n)
{
	const char *p = s, *e = s + len;
	size_t k;

	for (; (p = memchr(p, '<', (size_t)(e - p))) != NULL; p++) {
		if ((size_t)(e - p) < n + 3 || p[1] != '/' ||
		    strncasecmp(p + 2, name, n) != 0)
			continue;
		for (k = (size_t)(p - s) + 2 + n;
		     k < len && text_is_blank_ascii(s[k]); k++)
			;
		if (k < len && s[k] == '>')
			return k + 1;
	}
	return 0;
}

/* Past the "-->" that closes the comment opened at s, or 0 if none;
 * "<!-->" and "<!--->" are empty comments, as in HTML. */
static size_t
comment_end(const char *s, size_t len)
{
	const char *p = s + 4, *e = s + len;

	if (len >= 5 && s[4] == '>')
		return 5;
	if (len >= 6 && s[4] == '-' && s[5] == '>')
		return 6;

	for (; p + 3 <= e && (p = memchr(p, '-', (size_t)(e - p))) != NULL; p++)
		if (p + 3 <= e && p[1] == '-' && p[2] == '>')
			return (size_t)(p - s) + 3;
	return 0;
}

/*
 * Does text[at, end) stand apart: between the line's ends or tags, blanks
 * aside ("</p><script>...</script><p>"), not inside a sentence?
 */
static int
apart(const char *text, size_t len, size_t at, size_t end)
{
	while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t'))
		at--;
	while (end < len && (text[end] == ' ' || text[end] == '\t'))
		end++;
	return (at == 0 || text[at - 1] == '\n' || text[at - 1] == '>') &&
	       (end == len || text[end] == '\n' || text[end] == '\r' ||
		   text[end] == '<');
}

/*
 * What of a page is no text of it: HTML comments ("<!-- ad -->"), and the
 * elements a browser does not show as text (script, style, noscript),
 * each from its opening tag to past its end, if it stands apart from the
 * text around it, in a text that is markup (it opens with a tag). One
 * that never ends is none (a page cut short, or prose that names
 * "<script>"): its bytes stay text; so is one inside a sentence ("Monday
 * <!-- updated --> after"), which would cut it in two. The spans, in
 * order, into *out.
 */
static int
hidden_spans(const char *text, size_t len, struct arena *a, struct hidden **out,
    size_t *n)
{
	static const char *const names[] = {
	    "script", "style", "noscript", NULL};
	const char *p = text, *e = text + len;
	struct hidden *h = NULL;
	size_t cap = 0, at, b, ne, k, end;
	/* Kinds that found no end: none later can (the rest of the text was
	 * searched), so a page of unclosed "<script>" stays linear. Bit k
	 * for names[k], bit 3 for comments. */
	unsigned endless = 0;
	int kind;

	*n = 0;
	*out = NULL;
	for (at = 0; at < len && text_is_blank_ascii(text[at]); at++)
		;
	if (at == len || text[at] != '<' ||
	    (text_tag(text + at, len - at) == 0 &&
		!(len - at >= 4 && memcmp(text + at, "<!--", 4) == 0)))
		return 0; /* not markup */
	for (; (p = memchr(p, '<', (size_t)(e - p))) != NULL; p++) {
		at = (size_t)(p - text);
		end = 0;
		if (len - at >= 4 && memcmp(p, "<!--", 4) == 0) {
			k = 3;
			if (!(endless & 1u << k))
				end = comment_end(p, len - at);
		} else if ((ne = text_tag_name(p, len - at, &b)) > 0 &&
			   b == 1 && text_tag(p, len - at) > 0) {
			if ((kind = named(names, p + b, ne - b)) < 0)
				continue;
			k = (size_t)kind;
			if (!(endless & 1u << k))
				end = end_tag(p, len - at, names[k], ne - b);
		} else
			continue;
		if (end == 0) {
			endless |= 1u << k;
			continue;
		}
		if (!apart(text, len, at, at + end))
			continue;
		if (*n == cap) {
			k = cap ? cap * 2 : 8;
			if ((h = arena_grow(a, h, cap, k, sizeof(*h))) == NULL)
				return SUMM_ENOMEM;
			cap = k;
		}
		h[*n].off = at;
		h[*n].end = at + end;
		(*n)++;
		p += end - 1;
	}
	*out = h;
	return 0;
}

/*
 * The line text[s, e) into ln[*nl]: trimmed, and without its markup if it
 * has any (as lines, one from each paragraph's tag: a page on one line
 * has paragraphs too). A blank line if blank is set. Markup is looked for
 * only if marked: the text has a '<'.
 */
static int
add_line(const char *text, size_t s, size_t e, int blank, int marked,
    struct arena *a, struct line **ln, size_t *nl, size_t *lcap,
    struct particulars *meta)
{
	struct line *l;

	if (*nl == *lcap) {
		if ((*ln = arena_grow(
			 a, *ln, *lcap, *lcap * 2, sizeof(**ln))) == NULL)
			return SUMM_ENOMEM;
		*lcap *= 2;
	}
	l = &(*ln)[*nl];
	l->off = s;
	l->len = blank ? 0 : e - s;
	l->indented =
	    e > s && (text[s] == '\t' ||
			 (e - s > 1 && text[s] == ' ' && text[s + 1] == ' '));
	if (!blank && marked &&
	    (meta->name != NULL || memchr(text + s, '<', e - s) != NULL))
		return marked_lines(text, s, e, a, ln, nl, lcap, meta);
	trim(text, &l->off, &l->len);
	l->raw = l->off;
	l->rawlen = l->len;
	l->width = indent_width(text, s, l->off) + l->len;
	l->parted = 0;
	l->joined = 0;
	(*nl)++;
	return 0;
}

int
struct_as_read(const char *s, size_t len, int marked, struct arena *a,
    char **buf, size_t *cap, const char **v, size_t *vlen)
{
	*v = s;
	*vlen = len;
	if (!text_has_marks(s, len, marked))
		return 0;
	if (len > *cap) {
		/* What was in it is not kept: no copy. */
		if ((*buf = arena_grow(a, *buf, 0, len * 2, 1)) == NULL)
			return SUMM_ENOMEM;
		*cap = len * 2;
	}
	*vlen = text_unmark(s, len, *buf);
	*v = *buf;
	return 0;
}

/* Does text[0, len) hold u[0, n)? */
static int
holds(const char *text, size_t len, const char *u, size_t n)
{
	const char *p = text, *e = text + len;

	for (; (p = memchr(p, (unsigned char)u[0], (size_t)(e - p))) != NULL;
	     p++)
		if ((size_t)(e - p) >= n && memcmp(p, u, n) == 0)
			return 1;
	return 0;
}

/*
 * Has text a line break other than '\n' (and "\r\n")? Lines are found by
 * memchr for '\n' unless it has.
 */
static int
other_breaks(const char *text, size_t len)
{
	return memchr(text, '\r', len) != NULL ||
	       memchr(text, '\v', len) != NULL ||
	       holds(text, len, "\xc2\x85", 2) ||
	       holds(text, len, "\xe2\x80\xa8", 3) ||
	       holds(text, len, "\xe2\x80\xa9", 3);
}

/*
 * Where the line from s ends; *next is where the one after it starts, and
 * *parts says whether the break parts paragraphs as a blank line does.
 * Lines end at '\n' and, in text from other systems (others), at '\r'
 * alone (a word processor's paragraph mark, old Mac OS), '\v' (Word's line
 * break), NEL, U+2028 and U+2029, the paragraph separator. "\r\n" is one
 * break, and so is "\r\r\n", of a file converted twice. A form feed is
 * none: pdftotext puts one at each page, mid-paragraph.
 */
static size_t
line_end(const char *text, size_t s, size_t len, int others, size_t *next,
    int *parts)
{
	const unsigned char *p = (const unsigned char *)text;
	const char *nl;
	size_t i, k;

	*parts = 0;
	if (!others) {
		nl = s < len ? memchr(text + s, '\n', len - s) : NULL;
		i = nl != NULL ? (size_t)(nl - text) : len;
		*next = i + 1;
		return i;
	}
	for (i = s; i < len; i++) {
		if (p[i] == '\r') {
			/* Read once: a run of them is one break, a blank line
			 * if it has two or more. */
			for (k = i; k < len && p[k] == '\r'; k++)
				;
			if (k < len && p[k] == '\n') {
				*next = k + 1;
				return k;
			}
			*parts = k - i > 1;
			*next = k;
			return i;
		}
		if (p[i] == '\n' || p[i] == '\v')
			break;
		if (p[i] == 0xc2 && i + 1 < len && p[i + 1] == 0x85) {
			*next = i + 2;
			return i;
		}
		if (p[i] == 0xe2 && i + 2 < len && p[i + 1] == 0x80 &&
		    (p[i + 2] == 0xa8 || p[i + 2] == 0xa9)) {
			*parts = p[i + 2] == 0xa9;
			*next = i + 3;
			return i;
		}
	}
	*next = i + 1;
	return i;
}

int
struct_blocks(const char *text, size_t len, struct arena *a, struct block **out,
    size_t *nout)
{
	struct line *ln = NULL;
	struct block *b = NULL;
	struct hidden *hid = NULL;
	size_t nl = 0, lcap = 0, nb = 0, bcap = 0, i, s, e, skip, p, q;
	size_t width, first, nh = 0, h = 0, vlen, pcap = 0, next;
	const char *v;
	char *plain = NULL;
	struct particulars meta = {NULL, 0, 0};
	int wrapped, seen = 0, rc, mixed = has_lower(text, len), in, marked;
	int def, note;
	int indents;
	int others = other_breaks(text, len), parts;

	if ((ln = arena_grow(a, NULL, 0, 64, sizeof(*ln))) == NULL)
		return SUMM_ENOMEM;
	lcap = 64;
	if ((marked = memchr(text, '<', len) != NULL) &&
	    (rc = hidden_spans(text, len, a, &hid, &nh)) != 0)
		return rc;
	for (s = 0; s <= len; s = next) {
		e = line_end(text, s, len, others, &next, &parts);
		/* The line's pieces in and out of what is hidden; a piece
		 * hidden is a blank line, so it parts paragraphs. */
		for (p = s;; p = q) {
			while (h < nh && hid[h].end <= p)
				h++;
			in = h < nh && hid[h].off <= p;
			q = in ? hid[h].end : h < nh ? hid[h].off : e;
			q = q < e ? q : e;
			if ((rc = add_line(text, p, q, in, marked, a, &ln, &nl,
				 &lcap, &meta)) != 0)
				return rc;
			if (q >= e)
				break;
		}
		if (parts && (rc = add_line(text, e, e, 1, marked, a, &ln, &nl,
				  &lcap, &meta)) != 0)
			return rc;
		if (e >= len)
			break;
	}
	/* Every line indented alike (a mail quoted, a page's text set in)
	 * is no line indented: an indent opens a paragraph only beside
	 * lines without one. */
	for (i = 0; i < nl && (ln[i].len == 0 || ln[i].indented); i++)
		;
	if (i == nl)
		for (i = 0; i < nl; i++)
			ln[i].indented = 0;
	/* Indents open paragraphs where a line has one (and not all). */
	for (i = 0, indents = 0; i < nl && !indents; i++)
		indents = ln[i].len > 0 && ln[i].indented;
	/* Where no width is (WIDTH_ANY), no line goes on from another,
	 * wrapped or not: goes_on does not ask. Text is wrapped as it is
	 * written, marks and all (pandoc wraps Markdown so); where it is
	 * not, a line is as wide as it reads: a caption with three links
	 * in it is no full line. */
	wrapped = is_wrapped(text, ln, nl);
	if (!wrapped)
		read_widths(text, ln, nl, marked);
	width = wrap_width(ln, nl);
	wrapped = wrapped && width != WIDTH_ANY;
	for (first = 0; first < nl && ln[first].len == 0; first++)
		;
	for (i = 0; i < nl; i++) {
		if (ln[i].len == 0)
			continue;
		if (i > 0 &&
		    goes_on(text, ln, nl, i, first, width, wrapped, indents)) {
			/* A continuation line: extend the open block. */
			ln[i].joined = 1;
			b[nb - 1].len = ln[i].off + ln[i].len - b[nb - 1].off;
			continue;
		}
		if ((rc = push_block(a, &b, &nb, &bcap, ln[i].off, ln[i].len)))
			return rc;
	}
	for (i = 0, note = 0; i < nb; i++) {
		/* A definition is judged as written: it reads as its note.
		 * A footnote's paragraphs set in under it are its own. */
		def = md_definition(text + b[i].off, b[i].len);
		if (def > 0 ||
		    (note && indent_at(text, b[i].off) >= NOTE_INDENT)) {
			b[i].kind = BLOCK_LINK;
			seen = 1;
			note = def != 1;
			continue;
		}
		note = 0;
		/* A block is judged as it reads: "the <a href=...>ministry</a>
		 * said" is no line of links, "AMMAN, <b>Jordan</b> (AP) --"
		 * a dateline. */
		if ((rc = struct_as_read(text + b[i].off, b[i].len, marked, a,
			 &plain, &pcap, &v, &vlen)) != 0)
			return rc;
		b[i].plain = v != plain;
		b[i].kind = classify(v, vlen, !seen, mixed);
		if (b[i].kind != BLOCK_JUNK)
			seen = 1;
		if (b[i].kind != BLOCK_TEXT)
			continue;
		skip = struct_dateline(v, vlen);
		/* A news budget's slug before the dateline: "CUBA-ELIAN _
		 * MIAMI _ As both sides ..." */
		if (skip > 0)
			skip += struct_dateline(v + skip, vlen - skip);
		skip += bullet(v + skip, vlen - skip);
		if (v == plain)
			skip =
			    text_marked_offset(text + b[i].off, b[i].len, skip);
		b[i].off += skip;
		b[i].len -= skip;
	}
	*out = b;
	*nout = nb;
	return 0;
}
