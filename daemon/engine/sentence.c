/*
 * sentence.c: where sentences end. A full stop ends a sentence unless the
 * word before it is a title, an initial, a known abbreviation or a dotted
 * acronym that the next word does not look like a new sentence after.
 */
#include <string.h>
#include <strings.h>

#include "sentence.h"
#include "text.h"

/* Words that a name follows: a full stop after them never ends. */
static const char *const title_abbrev[] = {
    "mr",
    "mrs",
    "ms",
    "messrs",
    "mmes",
    "dr",
    "prof",
    "sen",
    "rep",
    "reps",
    "gov",
    "gen",
    "col",
    "lt",
    "sgt",
    "capt",
    "cmdr",
    "adm",
    "maj",
    "brig",
    "cpl",
    "pvt",
    "rev",
    "hon",
    "pres",
    "supt",
    "insp",
    "det",
    "fr",
    "st",
    "mt",
    "ft",
    "no",
    "nos",
    "vol",
    "pp",
    "fig",
    "vs",
    "v",
    "cf",
    "approx",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    /* German, French, Spanish, Italian, Portuguese titles */
    "hr",
    "mme",
    "mlle",
    "sra",
    "srta",
    "dra",
    "dña",
    "sig",
    "sigg",
    "dott",
    NULL,
};

/* Abbreviations that can also end a sentence ("... Acme Inc. The ..."). */
static const char *const other_abbrev[] = {
    /* German, French, Spanish, Italian */
    "bzw",
    "ca",
    "usw",
    "vgl",
    "evtl",
    "ggf",
    "inkl",
    "nr",
    "str",
    "ex",
    "env",
    "av",
    "bd",
    "aprox",
    "núm",
    "pág",
    "ud",
    "uds",
    "ecc",
    "jr",
    "sr",
    "inc",
    "corp",
    "co",
    "ltd",
    "llc",
    "plc",
    "bros",
    "etc",
    "al",
    "dept",
    "univ",
    "assn",
    "est",
    "ave",
    "blvd",
    "rd",
    "hwy",
    "mon",
    "tue",
    "tues",
    "wed",
    "thu",
    "thur",
    "thurs",
    "fri",
    "sat",
    "sun",
    "ariz",
    "calif",
    "colo",
    "conn",
    "fla",
    "ga",
    "ill",
    "ind",
    "kan",
    "ky",
    "la",
    "md",
    "mass",
    "mich",
    "minn",
    "miss",
    "mo",
    "mont",
    "neb",
    "nev",
    "okla",
    "ore",
    "pa",
    "tenn",
    "tex",
    "va",
    "vt",
    "wash",
    "wis",
    "wyo",
    NULL,
};

/* Words that commonly open a sentence, capitalised there. */
static const char *const starter[] = {
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "we",
    "i",
    "you",
    "but",
    "and",
    "in",
    "on",
    "at",
    "this",
    "that",
    "these",
    "those",
    "there",
    "his",
    "her",
    "its",
    "their",
    "our",
    "as",
    "if",
    "when",
    "while",
    "after",
    "before",
    "for",
    "of",
    "to",
    "with",
    "by",
    "from",
    "so",
    "yet",
    "or",
    "then",
    "however",
    "meanwhile",
    "also",
    "still",
    "some",
    "many",
    "most",
    "no",
    "not",
    "officials",
    "what",
    "why",
    "how",
    NULL,
};

static int
in_list(const char *const *list, const char *w, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	/* The first letter rules out nearly every entry, cheaply. */
	for (i = 0; list[i] != NULL; i++)
		if ((list[i][0] | 0x20) == (w[0] | 0x20) &&
		    strlen(list[i]) == n && strncasecmp(list[i], w, n) == 0)
			return 1;
	return 0;
}

enum stop_kind {
	STOP_PLAIN,   /* an ordinary word: the full stop ends */
	STOP_NEVER,   /* a title or initial: never ends */
	STOP_STARTER, /* ends only before a common sentence opener */
};

/* What the token ending at the full stop s[dot] is. */
static enum stop_kind
classify_before(const char *s, size_t dot)
{
	size_t b = dot, start, letters = 0, dots = 0, t;
	int32_t c;

	while (b > 0) {
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
	c = text_next(s, dot, &t);
	if (letters == 1 && text_is_upper(c))
		return STOP_NEVER; /* an initial: "J. Smith" */
	if (letters == 1 && text_is_lower(c))
		return STOP_STARTER; /* "z. B.", "p. ex.", "d. h." */
	if (in_list(title_abbrev, s + b, dot - b))
		return STOP_NEVER;
	if (in_list(other_abbrev, s + b, dot - b))
		return STOP_STARTER;
	return STOP_PLAIN;
}

/* Does the word at s[i] open a sentence (not lower case, not a digit
 * after an abbreviation)? Sets *common if it is a common opener. */
static int
opens_sentence(const char *s, size_t len, size_t i, int *common)
{
	size_t j, e;
	int32_t c;

	*common = 0;
	while (i < len) {
		j = i;
		c = text_next(s, len, &j);
		if (!text_is_open_quote(c))
			break;
		i = j;
	}
	if (i >= len)
		return 1;
	j = i;
	c = text_next(s, len, &j);
	if (text_is_lower(c))
		return 0;
	for (e = i; e < len && ((unsigned char)s[e] & 0x80 ||
				   text_is_word((unsigned char)s[e]));
	     e++)
		;
	*common = in_list(starter, s + i, e - i);
	return 1;
}

int
sent_split(const char *s, size_t len,
    int (*fn)(const struct span *sp, void *arg), void *arg)
{
	size_t i = 0, j, start = 0, end, k, t;
	struct span sp;
	int32_t c, d;
	int common = 0, brk, rc, ell, cjk;
	enum stop_kind kind;

	/* Leading white space belongs to no sentence. */
	while (i < len) {
		j = i;
		if (!text_is_space(text_next(s, len, &j)))
			break;
		i = j;
	}
	start = i;
	while (i < len) {
		k = i;
		c = text_next(s, len, &i);
		cjk = text_is_full_stop_cjk(c);
		if (c != '.' && c != '!' && c != '?' && c != 0x2026 && !cjk)
			continue;
		ell = c == 0x2026;
		kind = STOP_PLAIN;
		if (c == '.') {
			/* An ellipsis of full stops, or a single one. */
			while (i < len && s[i] == '.') {
				i++;
				ell = 1;
			}
			if (!ell)
				kind = classify_before(s, k);
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
		 * French guillemets after their space. */
		while (i < len) {
			j = i;
			d = text_next(s, len, &j);
			if (text_is_close_quote(d)) {
				i = j;
				continue;
			}
			if (!text_is_space(d) || d == '\n')
				break;
			while (j < len && text_is_space(d) && d != '\n')
				d = text_next(s, len, &j);
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
		/* A sentence break needs white space after it, but for 。！？,
		 * written without. */
		if (i < len && !cjk) {
			j = i;
			if (!text_is_space(text_next(s, len, &j)))
				continue;
		}
		for (t = i; t < len;) {
			j = t;
			if (!text_is_space(text_next(s, len, &j)))
				break;
			t = j;
		}
		if (t >= len)
			break; /* the block's end closes the last sentence */
		if (!cjk && !opens_sentence(s, len, t, &common))
			continue;
		switch (kind) {
		case STOP_NEVER:
			brk = 0;
			break;
		case STOP_STARTER:
			brk = common;
			break;
		default:
			brk = 1;
			break;
		}
		if (!brk)
			continue;
		sp.off = start;
		sp.len = end - start;
		if ((rc = fn(&sp, arg)) != 0)
			return rc;
		start = t;
		i = t;
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
		return fn(&sp, arg);
	}
	return 0;
}
