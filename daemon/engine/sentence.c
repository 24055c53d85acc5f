/*
 * sentence.c: where sentences end. A full stop ends a sentence unless the
 * word before it is a title, an initial, a known abbreviation or a dotted
 * acronym that the next word does not look like a new sentence after.
 */
#include <string.h>
#include <strings.h>

#include "sentence.h"
#include "text.h"

/* A word of a list, with its length in bytes. */
struct word {
	const char *w;
	size_t n;
};
/* clang-format off */
#define W(s) {(s), sizeof(s) - 1}
/* clang-format on */

/* Words that a name follows: a full stop after them never ends. */
static const struct word title_abbrev[] = {
    W("mr"),
    W("mrs"),
    W("ms"),
    W("messrs"),
    W("mmes"),
    W("dr"),
    W("prof"),
    W("sen"),
    W("rep"),
    W("reps"),
    W("gov"),
    W("gen"),
    W("col"),
    W("lt"),
    W("sgt"),
    W("capt"),
    W("cmdr"),
    W("adm"),
    W("maj"),
    W("brig"),
    W("cpl"),
    W("pvt"),
    W("rev"),
    W("hon"),
    W("pres"),
    W("supt"),
    W("insp"),
    W("det"),
    W("fr"),
    W("st"),
    W("mt"),
    W("ft"),
    W("no"),
    W("nos"),
    W("vol"),
    W("pp"),
    W("fig"),
    W("vs"),
    W("v"),
    W("cf"),
    W("approx"),
    W("jan"),
    W("feb"),
    W("mar"),
    W("apr"),
    W("jun"),
    W("jul"),
    W("aug"),
    W("sep"),
    W("sept"),
    W("oct"),
    W("nov"),
    W("dec"),
    /* German, French, Spanish, Italian, Portuguese titles */
    W("hr"),
    W("mme"),
    W("mlle"),
    W("sra"),
    W("srta"),
    W("dra"),
    W("dña"),
    W("sig"),
    W("sigg"),
    W("dott"),
    {NULL, 0},
};

/* Abbreviations that can also end a sentence ("... Acme Inc. The ..."). */
static const struct word other_abbrev[] = {
    /* German, French, Spanish, Italian */
    W("bzw"),
    W("ca"),
    W("usw"),
    W("vgl"),
    W("evtl"),
    W("ggf"),
    W("inkl"),
    W("nr"),
    W("str"),
    W("ex"),
    W("env"),
    W("av"),
    W("bd"),
    W("aprox"),
    W("núm"),
    W("pág"),
    W("ud"),
    W("uds"),
    W("ecc"),
    W("jr"),
    W("sr"),
    W("inc"),
    W("corp"),
    W("co"),
    W("ltd"),
    W("llc"),
    W("plc"),
    W("bros"),
    W("etc"),
    W("al"),
    W("dept"),
    W("univ"),
    W("assn"),
    W("est"),
    W("ave"),
    W("blvd"),
    W("rd"),
    W("hwy"),
    W("mon"),
    W("tue"),
    W("tues"),
    W("wed"),
    W("thu"),
    W("thur"),
    W("thurs"),
    W("fri"),
    W("sat"),
    W("sun"),
    W("ariz"),
    W("calif"),
    W("colo"),
    W("conn"),
    W("fla"),
    W("ga"),
    W("ill"),
    W("ind"),
    W("kan"),
    W("ky"),
    W("la"),
    W("md"),
    W("mass"),
    W("mich"),
    W("minn"),
    W("miss"),
    W("mo"),
    W("mont"),
    W("neb"),
    W("nev"),
    W("okla"),
    W("ore"),
    W("pa"),
    W("tenn"),
    W("tex"),
    W("va"),
    W("vt"),
    W("wash"),
    W("wis"),
    W("wyo"),
    {NULL, 0},
};

/* Words that commonly open a sentence, capitalised there. */
static const struct word starter[] = {
    W("the"),
    W("a"),
    W("an"),
    W("he"),
    W("she"),
    W("it"),
    W("they"),
    W("we"),
    W("i"),
    W("you"),
    W("but"),
    W("and"),
    W("in"),
    W("on"),
    W("at"),
    W("this"),
    W("that"),
    W("these"),
    W("those"),
    W("there"),
    W("his"),
    W("her"),
    W("its"),
    W("their"),
    W("our"),
    W("as"),
    W("if"),
    W("when"),
    W("while"),
    W("after"),
    W("before"),
    W("for"),
    W("of"),
    W("to"),
    W("with"),
    W("by"),
    W("from"),
    W("so"),
    W("yet"),
    W("or"),
    W("then"),
    W("however"),
    W("meanwhile"),
    W("also"),
    W("still"),
    W("some"),
    W("many"),
    W("most"),
    W("no"),
    W("not"),
    W("officials"),
    W("what"),
    W("why"),
    W("how"),
    {NULL, 0},
};

static int
in_list(const struct word *list, const char *w, size_t n)
{
	size_t i;

	if (n == 0)
		return 0;
	/* The length and the first letter rule out nearly every entry. */
	for (i = 0; list[i].w != NULL; i++)
		if (list[i].n == n && (list[i].w[0] | 0x20) == (w[0] | 0x20) &&
		    strncasecmp(list[i].w, w, n) == 0)
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
		/* ASCII that ends nothing is passed over undecoded. */
		while (i < len && (unsigned char)s[i] < 0x80 && s[i] != '.' &&
		       s[i] != '!' && s[i] != '?')
			i++;
		if (i == len)
			break;
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
