/*
 * sentence.c: where sentences end. A full stop ends a sentence unless the
 * word before it is a title, an initial, a known abbreviation or a dotted
 * acronym that the next word does not look like a new sentence after.
 */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "sentence.h"
#include "text.h"

/* A word of a list, with its length in bytes. */
struct word {
	const char *w;
	size_t n;
};
/* clang-format off */
#define W(s) {(s), sizeof(s) - 1}
#define NITEMS(a) (sizeof(a) / sizeof((a)[0]))
/* Byte k of the string constant s at bits 63 - 8k down, 0 past its end. */
#define KEY_AT(s, k) ((k) + 1 < sizeof(s) \
	? (uint64_t)(unsigned char)(s)[(k) + 1 < sizeof(s) ? (k) : 0] \
	  << (56 - 8 * (k)) : 0)
#define A(s) {KEY_AT(s, 0) | KEY_AT(s, 1) | KEY_AT(s, 2) | KEY_AT(s, 3) | \
	KEY_AT(s, 4) | KEY_AT(s, 5) | KEY_AT(s, 6) | KEY_AT(s, 7)}
/* clang-format on */

/* No abbreviation of the two lists below is longer (sent_lists_sorted()
 * checks it for the tests). */
#define ABBREV_MAX 6
/*
 * An abbreviation, zero-padded to 8 bytes, as one big-endian number (made
 * at compile time, A): a list's words are ordered as their bytes are (a
 * word before a longer one it opens), so that a search compares numbers,
 * not bytes one by one.
 */
struct abbrev {
	uint64_t key;
};
/* How far back from a full stop its token is read: far enough for any
 * abbreviation or dotted name, and a bound on the work per full stop, so
 * that "A.A.A.A..." for a megabyte is not read back to its start at each
 * one. A longer token is an ordinary word (or, with a dot, a starter). */
#define TOKEN_BACK_MAX 64
#define LINK_BACK_MAX  2048 /* bytes of a link's target read back */

/* Words that a name follows: a full stop after them never ends (English,
 * German, French, Spanish, Italian and Portuguese titles, ranks, months). */
static const struct abbrev title_abbrev[] = {
    A("adm"),
    A("approx"),
    A("apr"),
    A("aug"),
    A("brig"),
    A("capt"),
    A("cf"),
    A("cmdr"),
    A("col"),
    A("cpl"),
    A("dec"),
    A("det"),
    A("dott"),
    A("dr"),
    A("dra"),
    A("dña"),
    A("feb"),
    A("fig"),
    A("fr"),
    A("ft"),
    A("gen"),
    A("gov"),
    A("hon"),
    A("hr"),
    A("insp"),
    A("jan"),
    A("jul"),
    A("jun"),
    A("lt"),
    A("maj"),
    A("mar"),
    A("messrs"),
    A("mlle"),
    A("mme"),
    A("mmes"),
    A("mr"),
    A("mrs"),
    A("ms"),
    A("mt"),
    A("nov"),
    A("oct"),
    A("pp"),
    A("pres"),
    A("prof"),
    A("pvt"),
    A("rep"),
    A("reps"),
    A("rev"),
    A("sen"),
    A("sep"),
    A("sept"),
    A("sgt"),
    A("sig"),
    A("sigg"),
    A("sra"),
    A("srta"),
    A("st"),
    A("supt"),
    A("v"),
    A("vol"),
    A("vs"),
};

/* Words that a number follows: a full stop after them ends no sentence
 * in capitals ("No. 5", "specimen No. ZL00036", "Nos. 3 and 4") nor
 * before a digit ("no. 5"), and in lower case may before anything else
 * ("... areas that voted no. In addition, ..."). */
static const struct abbrev number_abbrev[] = {
    A("no"),
    A("nos"),
};

/* Abbreviations that can also end a sentence ("... Acme Inc. The ...");
 * also German, French, Spanish and Italian ones, and U.S. states. */
static const struct abbrev other_abbrev[] = {
    A("al"),
    A("aprox"),
    A("ariz"),
    A("assn"),
    A("av"),
    A("ave"),
    A("bd"),
    A("blvd"),
    A("bros"),
    A("bzw"),
    A("ca"),
    A("calif"),
    A("co"),
    A("colo"),
    A("conn"),
    A("corp"),
    A("dept"),
    A("ecc"),
    A("env"),
    A("est"),
    A("etc"),
    A("evtl"),
    A("ex"),
    A("fla"),
    A("fri"),
    A("ga"),
    A("ggf"),
    A("hwy"),
    A("ill"),
    A("inc"),
    A("ind"),
    A("inkl"),
    A("jr"),
    A("kan"),
    A("ky"),
    A("la"),
    A("llc"),
    A("ltd"),
    A("mass"),
    A("md"),
    A("mich"),
    A("minn"),
    A("miss"),
    A("mo"),
    A("mon"),
    A("mont"),
    A("neb"),
    A("nev"),
    A("nr"),
    A("núm"),
    A("okla"),
    A("ore"),
    A("pa"),
    A("plc"),
    A("pág"),
    A("rd"),
    A("sat"),
    A("sr"),
    A("str"),
    A("sun"),
    A("tenn"),
    A("tex"),
    A("thu"),
    A("thur"),
    A("thurs"),
    A("tue"),
    A("tues"),
    A("ud"),
    A("uds"),
    A("univ"),
    A("usw"),
    A("va"),
    A("vgl"),
    A("vt"),
    A("wash"),
    A("wed"),
    A("wis"),
    A("wyo"),
};

/* Words that commonly open a sentence, capitalised there. */
static const struct word starter[] = {
    W("a"),
    W("after"),
    W("also"),
    W("an"),
    W("and"),
    W("as"),
    W("at"),
    W("before"),
    W("but"),
    W("by"),
    W("for"),
    W("from"),
    W("he"),
    W("her"),
    W("his"),
    W("how"),
    W("however"),
    W("i"),
    W("if"),
    W("in"),
    W("it"),
    W("its"),
    W("many"),
    W("meanwhile"),
    W("most"),
    W("no"),
    W("not"),
    W("of"),
    W("officials"),
    W("on"),
    W("or"),
    W("our"),
    W("she"),
    W("so"),
    W("some"),
    W("still"),
    W("that"),
    W("the"),
    W("their"),
    W("then"),
    W("there"),
    W("these"),
    W("they"),
    W("this"),
    W("those"),
    W("to"),
    W("we"),
    W("what"),
    W("when"),
    W("while"),
    W("why"),
    W("with"),
    W("yet"),
    W("you"),
};

/* A word of a list (in lower case) against w[0, n) with ASCII letters
 * folded: as strcmp, by unsigned bytes. */
static int
word_cmp(const struct word *e, const char *w, size_t n)
{
	size_t i, m = e->n < n ? e->n : n;
	unsigned char a, b;

	for (i = 0; i < m; i++) {
		a = (unsigned char)e->w[i];
		b = (unsigned char)w[i];
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		if (a != b)
			return a < b ? -1 : 1;
	}
	return (e->n > n) - (e->n < n);
}

/*
 * Is w[0, n) in the list? A binary search: the lists are in byte order
 * (sent_lists_sorted() checks it for the tests), a full stop comes every
 * hundred bytes or so of news, and each asks two lists.
 */
static int
in_list(const struct word *list, size_t len, const char *w, size_t n)
{
	size_t lo = 0, hi = len, mid;
	int c;

	if (n == 0)
		return 0;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = word_cmp(&list[mid], w, n)) == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

#define IN_LIST(list, w, n) in_list((list), NITEMS(list), (w), (n))

/* Is the key of a word (ASCII letters folded) in the list? A search of
 * fixed steps, each halving the part of the list that could hold it with
 * a compare and no branch on its outcome. */
static int
in_abbrevs(const struct abbrev *list, size_t len, uint64_t key)
{
	size_t half;

	while (len > 1) {
		half = len / 2;
		list += list[half].key <= key ? half : 0;
		len -= half;
	}
	return len == 1 && list->key == key;
}

#define IN_ABBREVS(list, key) in_abbrevs((list), NITEMS(list), (key))

/* Each word's key above the one before, and no word longer than
 * ABBREV_MAX (its last two bytes zero). */
static int
abbrevs_sorted(const struct abbrev *list, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((list[i].key & 0xffff) != 0 ||
		    (i > 0 && list[i - 1].key >= list[i].key))
			return 0;
	return 1;
}

static int
sorted(const struct word *list, size_t len, size_t max)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (list[i].n > max ||
		    (i > 0 &&
			word_cmp(&list[i - 1], list[i].w, list[i].n) >= 0))
			return 0;
	return 1;
}

int
sent_lists_sorted(void)
{
	return abbrevs_sorted(title_abbrev, NITEMS(title_abbrev)) &&
	       abbrevs_sorted(number_abbrev, NITEMS(number_abbrev)) &&
	       abbrevs_sorted(other_abbrev, NITEMS(other_abbrev)) &&
	       sorted(starter, NITEMS(starter), SIZE_MAX);
}

enum stop_kind {
	STOP_PLAIN,   /* an ordinary word: the full stop ends */
	STOP_NEVER,   /* a title or initial: never ends */
	STOP_STARTER, /* ends only before a common sentence opener */
	STOP_NUMBER,  /* never ends before a digit */
};

/* Where the word before s[e] ends, past the Markdown marks that close
 * it before the full stop s[dot]: "**Dr**. Smith", "[Dr](...). Smith",
 * "[Dr][1]. Smith". A link's target or label is looked for back to white
 * space or a byte past ASCII, where any sentence break before this one
 * is: no byte is read twice. */
static size_t
before_marks(const char *s, size_t e, size_t dot)
{
	size_t j, r;
	char open;

	for (;;) {
		for (r = 0; r < 3 && r < e &&
			    (s[e - 1 - r] == '*' || s[e - 1 - r] == '_');
		     r++)
			;
		if (r > 0 && text_mark(s, dot + 1, e - r) == r) {
			e -= r;
			continue;
		}
		if (e == 0 || (s[e - 1] != ')' && s[e - 1] != ']'))
			return e;
		open = s[e - 1] == ')' ? '(' : '[';
		for (j = e - 1;
		     j > 0 && e - j <= LINK_BACK_MAX &&
		     (unsigned char)s[j] > ' ' && (unsigned char)s[j] < 0x80 &&
		     !(s[j] == open && s[j - 1] == ']');
		     j--)
			;
		if (j == 0 || s[j] != open || s[j - 1] != ']' ||
		    text_mark(s, dot + 1, j - 1) != e - (j - 1))
			return e;
		e = j - 1;
	}
}

/* What the token ending at the full stop s[dot] is. */
static enum stop_kind
classify_before(const char *s, size_t dot)
{
	size_t b, e = dot, start, letters = 0, dots = 0, t, k;
	uint64_t key;
	int32_t c;

	/* Tags between a word and its full stop are no part of either
	 * ("<b>Dr</b>. Smith"): the word ends before them. */
	while ((k = text_tag_before(s, e)) < e && dot - k <= TEXT_TAG_MAX)
		e = k;
	e = before_marks(s, e, dot);
	for (b = e; b > 0 && e - b < TOKEN_BACK_MAX;) {
		c = text_prev(s, b, &start);
		if (c == '.')
			dots++;
		else if (text_is_word(c))
			letters++;
		else
			break;
		b = start;
	}
	if (letters == 0)
		return STOP_PLAIN;
	if (dots > 0) {
		/* "U.S.", "a.m.", "S.D." before this full stop. */
		return STOP_STARTER;
	}
	t = b;
	c = text_next(s, e, &t);
	if (letters == 1 && text_is_upper(c))
		return STOP_NEVER; /* an initial: "J. Smith" */
	if (letters == 1 && text_is_lower(c))
		return STOP_STARTER; /* "z. B.", "p. ex.", "d. h." */
	/* Most words before a full stop are longer than any abbreviation:
	 * no search for them. */
	if (e - b > ABBREV_MAX)
		return STOP_PLAIN;
	/* Its key: the word, ASCII letters folded, zero-padded to 8. */
	for (key = 0, k = 0; k < e - b; k++)
		key |= (uint64_t)((unsigned char)s[b + k] >= 'A' &&
					  (unsigned char)s[b + k] <= 'Z'
				      ? (unsigned char)s[b + k] + ('a' - 'A')
				      : (unsigned char)s[b + k])
		       << (56 - 8 * k);
	if (IN_ABBREVS(title_abbrev, key))
		return STOP_NEVER;
	if (IN_ABBREVS(number_abbrev, key))
		return text_is_upper((unsigned char)s[b]) ? STOP_NEVER
							  : STOP_NUMBER;
	if (IN_ABBREVS(other_abbrev, key))
		return STOP_STARTER;
	return STOP_PLAIN;
}

/* The character at s[*i], an entity read as one ("said.&quot; The",
 * "end.&nbsp;Next"); *i moves past it. */
static int32_t
next_char(const char *s, size_t len, size_t *i)
{
	size_t n;
	int32_t c;

	if (s[*i] == '&' && (c = text_entity(s + *i, len - *i, &n)) > 0) {
		*i += n;
		return c;
	}
	return text_next(s, len, i);
}

/* Does the word at s[i] open a sentence (not lower case)? Sets *common
 * if it is a common opener, unless common is NULL: most full stops end
 * a sentence whatever the next word is, and a list is not searched for
 * them. */
static int
opens_sentence(const char *s, size_t len, size_t i, int *common)
{
	size_t j, e;
	int32_t c;

	if (common != NULL)
		*common = 0;
	/* Past opening quotes and Markdown's marks: "``**But** ...". */
	while (i < len) {
		j = i;
		c = text_next(s, len, &j);
		if (!text_is_open_quote(c) &&
		    (j = i + text_mark(s, len, i)) == i)
			break;
		i = j;
	}
	if (i >= len)
		return 1;
	j = i;
	c = text_next(s, len, &j);
	if (text_is_lower(c))
		return 0;
	if (common == NULL)
		return 1;
	for (e = i; e < len && ((unsigned char)s[e] & 0x80 ||
				   text_is_word((unsigned char)s[e]));
	     e++)
		;
	*common = IN_LIST(starter, s + i, e - i);
	return 1;
}

#ifdef __SSE2__
/* Which of the 16 bytes at s may end a sentence: bit k for s[k]. */
static unsigned
stops16(const char *s)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)s);

	return (unsigned)_mm_movemask_epi8(
	    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
			     _mm_cmpeq_epi8(v, _mm_set1_epi8('!'))),
		_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('?')), v)));
}
#endif

/*
 * Thai is written without full stops: a space between two Thai
 * characters ends a sentence (or a clause, which Thai marks no other way).
 * Spaces also part a name ("อันนา แบร์ก") or set off a word, so a space
 * ends nothing until the sentence has THAI_MIN characters; nor does one
 * after ๆ, the mark that repeats the word before.
 */
#define THAI_MIN 30
static int
is_thai(int32_t c)
{
	return c >= 0x0e01 && c <= 0x0e5b;
}

/* A sentence from s[start] that the Thai character c ends before s[i]:
 * where the next one starts if a space ends this one there, else 0. */
static size_t
thai_break(const char *s, size_t len, size_t start, size_t i, int32_t c)
{
	size_t t = start, j, n = 0;
	int32_t d;

	if (c == 0x0e46)
		return 0;
	while (t < i && n < THAI_MIN) {
		(void)text_next(s, i, &t);
		n++;
	}
	if (n < THAI_MIN)
		return 0;
	t = i;
	while (t < len) {
		j = t;
		d = next_char(s, len, &j);
		if (!text_is_space(d))
			return t > i && is_thai(d) ? t : 0;
		t = j;
	}
	return 0;
}

/*
 * The first place from i that may end a sentence: '.', '!', '?' or a byte
 * past ASCII (other scripts' full stops, closing quotes); len if none.
 * ASCII that ends nothing is passed over undecoded, on SSE2 sixteen bytes
 * at a time, and the last few in one step too, of the 16 that end the
 * text: most of a text is such bytes.
 */
static size_t
skip_plain(const char *s, size_t len, size_t i)
{
#ifdef __SSE2__
	unsigned m;

	for (; i + 16 <= len; i += 16)
		if ((m = stops16(s + i)) != 0)
			return i + (size_t)__builtin_ctz(m);
	if (i < len && len >= 16) {
		m = stops16(s + len - 16) >> (i + 16 - len);
		return m != 0 ? i + (size_t)__builtin_ctz(m) : len;
	}
#endif
	while (i < len && (unsigned char)s[i] < 0x80 && s[i] != '.' &&
	       s[i] != '!' && s[i] != '?')
		i++;
	return i;
}

/* Where the tags of a block stand, read once, up to a rising point. */
struct tagscan {
	size_t seen; /* read up to here */
	size_t open; /* the last '<' read, with no '>' after it; or SIZE_MAX */
	size_t end;  /* where the tag it opens ends (open if none); SIZE_MAX
		      * until looked for */
};

/*
 * Where the tag around s[k] ends, if s[k] is inside one: an image's alt
 * text, a link's title, a comment ("alt=\"Waves hit the pier. Photo\"");
 * else 0. A full stop there ends no sentence: a tag is no text, and a
 * sentence cut inside one would show its halves as text. Asked at each
 * full stop of a block with a '<', k rising: each byte is read once.
 */
static size_t
tag_around(const char *s, size_t len, size_t k, struct tagscan *t)
{
	for (; t->seen < k; t->seen++)
		if (s[t->seen] == '<') {
			t->open = t->seen;
			t->end = SIZE_MAX;
		} else if (s[t->seen] == '>')
			t->open = SIZE_MAX;
	if (t->open == SIZE_MAX)
		return 0;
	if (t->end == SIZE_MAX)
		t->end = t->open + text_tag(s + t->open, len - t->open);
	return t->end > k ? t->end : 0;
}

/*
 * Marks opened in the sentence so far: read up to seen, the furthest of
 * them closed at until. A sentence ends in no mark it opened: "_The
 * governor spoke. She left._" and a link's words "[One. Two.](...)" are
 * one sentence, read as their words (cut in two, each half kept a mark
 * and the second was no candidate).
 */
struct held {
	size_t seen, until;
};

/* Does a mark opened in the sentence so far close past end, in the block
 * s[0, len)? Each byte is read once. */
static int
held_open(const char *s, size_t len, size_t end, struct held *h)
{
	size_t c;

	for (; h->seen < end; h->seen++)
		if ((s[h->seen] == '[' || s[h->seen] == '*' ||
			s[h->seen] == '_') &&
		    (c = text_mark_close(s, len, h->seen)) > h->until)
			h->until = c;
	return h->until > end;
}

int
sent_never_ends(const char *s, size_t len)
{
	return len > 0 && s[len - 1] == '.' &&
	       classify_before(s, len - 1) == STOP_NEVER;
}

int
sent_split(const char *s, size_t len,
    int (*fn)(const struct span *sp, void *arg), void *arg)
{
	size_t i = 0, j, start = 0, end, k, t, tags;
	struct span sp;
	int32_t c, d;
	struct tagscan tags_at = {0, SIZE_MAX, SIZE_MAX};
	struct held held;
	int common = 0, rc, ell, cjk, marked = memchr(s, '<', len) != NULL;
	enum stop_kind kind;

	/* Leading white space belongs to no sentence. */
	while (i < len) {
		j = i;
		if (!text_is_space(text_next(s, len, &j)))
			break;
		i = j;
	}
	start = i;
	held.seen = held.until = start;
	while (i < len) {
		i = skip_plain(s, len, i);
		if (i == len)
			break;
		k = i;
		c = text_next(s, len, &i);
		if (is_thai(c) && (t = thai_break(s, len, start, i, c)) > 0) {
			sp.off = start;
			sp.len = i - start;
			sp.last = 0;
			if ((rc = fn(&sp, arg)) != 0)
				return rc;
			start = i = t;
			continue;
		}
		cjk = text_is_full_stop_cjk(c);
		if (!text_is_full_stop(c) && !cjk)
			continue;
		if (marked && (t = tag_around(s, len, k, &tags_at)) > 0) {
			i = t;
			continue;
		}
		ell = c == 0x2026;
		if (c == '.') {
			/* An ellipsis of full stops, or a single one. */
			while (i < len && s[i] == '.') {
				i++;
				ell = 1;
			}
		}
		while (i < len && (s[i] == '!' || s[i] == '?'))
			i++;
		while (cjk && i < len) {
			j = i;
			if (!text_is_full_stop_cjk(text_next(s, len, &j)))
				break;
			i = j;
		}
		/* Closing quotes and brackets belong to this sentence, and
		 * Markdown's marks ("left.**", "[he said.](...)"), and
		 * French guillemets after their space. */
		while (i < len) {
			j = i;
			d = next_char(s, len, &j);
			/* A mark first: "]" may close a link, "](...)". */
			if ((t = text_mark(s, len, i)) > 0) {
				i += t;
				continue;
			}
			if (text_is_close_quote(d)) {
				i = j;
				continue;
			}
			if (!text_is_space(d) || d == '\n')
				break;
			while (j < len && text_is_space(d) && d != '\n')
				d = next_char(s, len, &j);
			if (d != 0x00bb && d != 0x203a)
				break;
			i = j;
		}
		/* Japanese: a quote closed by 。」 goes on with its particle,
		 * 」と述べた. */
		if (cjk && i < len && i > k) {
			j = i;
			d = text_next(s, len, &j);
			if (d >= 0x3040 && d <= 0x309f && i > k + 3)
				continue;
		}
		end = i;
		/* A sentence break needs white space after it, or markup
		 * tags ("read.</P> <P>According", "night.</p><p>The"), but
		 * for 。！？, written without. */
		tags = i < len && s[i] == '<' ? text_markup_head(s + i, len - i)
					      : 0;
		if (i < len && !cjk && tags == 0) {
			j = i;
			if (!text_is_space(next_char(s, len, &j)))
				continue;
		}
		for (t = i + tags; t < len;) {
			j = t;
			if (!text_is_space(next_char(s, len, &j)))
				break;
			t = j;
		}
		if (t >= len)
			break; /* the block's end closes the last sentence */
		/* After a title or an initial no sentence ends, whatever
		 * follows; after an abbreviation, only before a common
		 * opener: the list is searched for that kind alone. The
		 * word before a single full stop is read only here, where a
		 * sentence could end: not at the block's end, nor in "3.5". */
		kind = c == '.' && !ell ? classify_before(s, k) : STOP_PLAIN;
		if (kind == STOP_NUMBER)
			kind = text_is_digit((unsigned char)s[t]) ? STOP_NEVER
								  : STOP_PLAIN;
		if (kind == STOP_NEVER)
			continue;
		if (!cjk && !opens_sentence(s, len, t,
				kind == STOP_STARTER ? &common : NULL))
			continue;
		if (kind == STOP_STARTER && !common)
			continue;
		if (held_open(s, len, end, &held))
			continue;
		sp.off = start;
		sp.len = end - start;
		sp.last = 0;
		if ((rc = fn(&sp, arg)) != 0)
			return rc;
		start = t;
		i = t;
		held.seen = held.until = t;
	}
	/* The rest of the block, trimmed. */
	end = len;
	while (end > start) {
		c = text_prev(s, end, &k);
		if (!text_is_space(c))
			break;
		end = k;
	}
	if (end > start) {
		sp.off = start;
		sp.len = end - start;
		sp.last = 1;
		return fn(&sp, arg);
	}
	return 0;
}
