/* test_terms.c: words become the same term when a reader would say they
 * are the same word. */
#include "arena.h"
#include "tap.h"
#include "terms.h"

static struct terms t;

static size_t
scan(const char *s, struct tokens *tok)
{
	memset(tok, 0, sizeof(*tok));
	if (terms_scan(&t, s, strlen(s), tok) != 0)
		return SIZE_MAX;
	return tok->n;
}

static int
same_terms(const char *x, const char *y)
{
	struct tokens a, b;

	if (scan(x, &a) != scan(y, &b))
		return 0;
	return a.n == 0 || memcmp(a.id, b.id, a.n * sizeof(*a.id)) == 0;
}

int
main(void)
{
	struct arena a;
	struct tokens tok;
	size_t len;
	const char *stem;

	arena_init(&a, 0);
	ok(terms_init(&t, &a, "en") == 0, "English loads");
	{
		struct terms u;

		ok(terms_init(&u, &a, "xx") != 0,
		    "an unknown language is refused");
	}

	ok(scan("the and of said would", &tok) == 0,
	    "stopwords and reporting verbs are not terms");
	ok(scan("Missiles missile", &tok) == 2 && tok.id[0] == tok.id[1],
	    "plural and singular stem alike");
	ok(same_terms("Korea\xe2\x80\x99s", "Korea's"),
	    "typographic and straight apostrophes are one word");
	ok(same_terms("Korea's leader", "korea leader"),
	    "the possessive is stemmed away");
	ok(scan("test-fired", &tok) == 2, "a hyphenated word is two terms");
	ok(same_terms("test-fired", "tests fired"), "and each part stems");
	ok(scan("10,000 troops", &tok) == 2, "10,000 is one number");
	stem = terms_stem(&t, tok.id[0], &len);
	is_span(stem, len, "10,000", "and keeps its digits");
	ok(same_terms("\xef\xac\x81re", "fire"), "NFKC: the fi ligature");
	ok(same_terms("CAF\xc3\x89", "cafe\xcc\x81"),
	    "case and composition do not matter");
	ok(scan("a b c", &tok) == 0, "single letters are not terms");

	scan("The cat sat.", &tok);
	{
		uint64_t h = tok.hash;

		scan("the CAT  sat", &tok);
		ok(tok.hash == h, "the duplicate hash ignores case and "
				  "punctuation");
		scan("the cat sat down", &tok);
		ok(tok.hash != h, "and sees a different word");
		ok(tok.words == 4, "stopwords count as words (%zu)", tok.words);
	}
	terms_fini(&t);
	arena_release(&a);
	return tap_done();
}
