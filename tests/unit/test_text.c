/* test_text.c: UTF-8 validation, folding of words into terms, counting. */
#include <stdint.h>

#include "summ.h"
#include "tap.h"
#include "text.h"

static void
bad_utf8(const char *buf, size_t len, size_t want, const char *name)
{
	size_t at = SIZE_MAX;
	int rc = summ_utf8_check(buf, len, &at);

	ok(rc == SUMM_EUTF8 && at == want, "%s rejected at byte %zu (got %zu)",
	    name, want, at);
}

static void
fold_is(const char *in, const char *want)
{
	char buf[64];
	size_t n = text_fold(in, strlen(in), buf, sizeof(buf));

	is_span(buf, n, want, "fold(\"%s\")", in);
}

/*
 * Words are counted many bytes at a time where the text is ASCII: the count
 * must not depend on where those steps fall, on which white space parts
 * the words, or on a letter outside ASCII among them.
 */

/* Of the texts in[0, all), how many text_unmark does not read as want;
 * each one that it reads otherwise is printed. */
static size_t
unmark_wrong(const char *const *in, const char *const *want, size_t all)
{
	char out[128];
	size_t k, n, bad = 0;

	for (k = 0; k < all; k++) {
		n = text_unmark(in[k], strlen(in[k]), out);
		if (n != strlen(want[k]) || memcmp(out, want[k], n) != 0) {
			fprintf(stderr, "# %zu: %.*s\n", k, (int)n, out);
			bad++;
		}
	}
	return bad;
}
static void
count_words_everywhere(void)
{
	static const char *const gap[] = {" ", "\t", "\n", "  ", "\r\n", " \v"};
	char text[2048];
	size_t len = 0, words = 0, want, got, off, bad = 0, i, k;

	for (i = 0; len + 64 < sizeof(text); i++) {
		for (k = 0; k < i % 19 + 1; k++)
			text[len++] = (char)('a' + (i + k) % 26);
		if (i % 7 == 3) {
			memcpy(text + len, "\xc3\xa9", 2); /* é inside a word */
			len += 2;
		}
		words++;
		memcpy(text + len, gap[i % 6], strlen(gap[i % 6]));
		len += strlen(gap[i % 6]);
	}
	for (off = 0; off < 40; off++) {
		got = text_count_words(text + off, len - off);
		if (off == 0 && got != words)
			bad++;
		/* The words of text[off, len) are the words of text[0, len)
		 * less those that end before off. */
		for (k = 0, want = words; k < off; k++)
			if (text[k] != ' ' && text[k] != '\t' &&
			    text[k] != '\n' && text[k] != '\r' &&
			    text[k] != '\v' &&
			    (text[k + 1] == ' ' || text[k + 1] == '\t' ||
				text[k + 1] == '\n' || text[k + 1] == '\r' ||
				text[k + 1] == '\v'))
				want--;
		if (got != want)
			bad++;
	}
	ok(bad == 0, "%zu words counted alike from every offset (%zu wrong)",
	    words, bad);
	ok(text_count_words_max(text, len, 5) > 5 &&
		text_count_words_max(text, len, 5) < words,
	    "a count with a limit stops soon after it");
}

int
main(void)
{
	static const char good[] =
	    "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d \xf0\x9f\x98\x80";
	size_t at;

	ok(summ_utf8_check("", 0, &at) == 0, "empty text is valid UTF-8");
	ok(summ_utf8_check(good, sizeof(good) - 1, &at) == 0,
	    "accents, curly quotes and an emoji are valid");
	bad_utf8("ab\xc0\xaf", 4, 2, "overlong C0 AF");
	bad_utf8("x\xe0\x80\xaf", 4, 1, "overlong E0 80 AF");
	bad_utf8("\xed\xa0\x80", 3, 0, "surrogate ED A0 80");
	bad_utf8("ok \xf4\x90\x80\x80", 7, 3, "past U+10FFFF");
	bad_utf8("\xf8\x88\x80\x80\x80", 5, 0, "5-byte form");
	bad_utf8("\xfc\x84\x80\x80\x80\x80", 6, 0, "6-byte form");
	bad_utf8("abc\x80", 4, 3, "lone continuation byte");
	bad_utf8("abc\xe2\x82", 5, 3, "sequence cut at the end");
	bad_utf8("a\xff", 2, 1, "byte FF");

	fold_is("Korea", "korea");
	fold_is("Korea\xe2\x80\x99s", "korea's"); /* typographic apostrophe */
	fold_is("\xc3\x89"
		"COLE",
	    "\xc3\xa9"
	    "cole");                                        /* É -> é */
	fold_is("e\xcc\x81t\xc3\xa9", "\xc3\xa9t\xc3\xa9"); /* NFD = NFC */
	fold_is("\xef\xac\x81re", "fire");                  /* ligature fi */
	fold_is("\xef\xbc\xa1\xef\xbc\xa2", "ab");          /* full-width */
	fold_is("STRASSE", "strasse");
	fold_is("Stra\xc3\x9f"
		"e",
	    "strasse"); /* ß case-folds to ss */

	ok(text_count_words("  one two\tthree\nfour ", 21) == 4,
	    "words are counted between white space");
	ok(text_count_words("a\xc2\xa0"
			    "b",
	       4) == 2,
	    "a no-break space separates words");
	count_words_everywhere();
	ok(text_ends_sentence("He left.\xe2\x80\x9d", 11),
	    "a quoted full stop ends a sentence");
	ok(!text_ends_sentence("Visits by Russian officials", 27),
	    "a heading does not end like a sentence");
	ok(text_is_space(0x00a0) && text_is_space(0x2009),
	    "NBSP and thin space are white space");
	ok(text_is_dash(0x2014) && text_is_dash('-') && !text_is_dash('_'),
	    "em dash and hyphen are dashes");
	ok(text_tag("<P>x", 4) == 3 && text_tag("</TEXT>", 7) == 7 &&
		text_tag("<br/>", 5) == 5 && text_tag("<!-- a -->", 10) == 10 &&
		text_tag("<a href=\"x\">y", 13) == 12,
	    "markup tags are found whole");
	ok(text_tag("< p>", 4) == 0 && text_tag("<3 you>", 7) == 0 &&
		text_tag("<p", 2) == 0 && text_tag("<p <b>", 6) == 0 &&
		text_tag("</>", 3) == 0,
	    "a '<' in prose, or an unclosed one, opens no tag");
	ok(text_tag("<jane@example.org> wrote", 24) == 0 &&
		text_tag("<http://example.org/>", 21) == 0 &&
		text_tag("<p class=\"x\">", 13) == 13 &&
		text_tag("<DATE_TIME>", 11) == 11,
	    "an address in angle brackets is no tag; a tag's name may have "
	    "'_', and attributes");
	ok(text_markup_head("<P>\n <b>The end.</b>", 20) == 8 &&
		text_markup_tail("<P>\n <b>The end.</b>", 20) == 4 &&
		text_markup_head("  The end.", 10) == 0 &&
		text_markup_tail("5 < 6 and 7 > 2", 15) == 0 &&
		text_markup_head("<P></P>", 7) == 7,
	    "tags and white space at either end are measured, white space "
	    "alone is not markup");
	{
		static const char *const in[] = {
		    "the <a href=\"https://example.org/x\">ministry</a> said",
		    "<b>Ottey</b>'s coach", "5 < 6 <3 you", "<p>a</p><p>b</p>",
		    "AT&amp;T &quot;won&quot;", "Korea&#8217;s&nbsp;test",
		    "&#x201C;Yes&#X201d;", "&foo; &#0; &#xD800; &#1114112; & x",
		    "&amp;lt; &lt;b&gt;"};
		static const char *const want[] = {"the ministry said",
		    "Ottey's coach", "5 < 6 <3 you", "ab", "AT&T \"won\"",
		    "Korea\xe2\x80\x99s\xc2\xa0test",
		    "\xe2\x80\x9cYes\xe2\x80\x9d",
		    "&foo; &#0; &#xD800; &#1114112; & x", "&lt; <b>"};
		char out[64];
		size_t k, n, bad = 0, all = sizeof(in) / sizeof(in[0]);

		for (k = 0; k < all; k++) {
			n = text_unmark(in[k], strlen(in[k]), out);
			bad += n != strlen(want[k]) ||
			       memcmp(out, want[k], n) != 0;
		}
		ok(bad == 0,
		    "text as read: without its tags, entities decoded once, "
		    "no character from a bad one (%zu of %zu wrong)",
		    bad, all);
	}
	{
		static const char *const in[] = {
		    "the [ministry](https://example.org/a_(b)) said",
		    "**Kim**'s *new* __test__ ![Kim](https://x.org/k.jpg)done",
		    "[**Lee**, 40](/p/lee) [note] (x) [a](b c) [a]( )",
		    "cited.[[1]](https://w.org/a#c-1) [Best Pic](2006) [[a] [b]](/x)",
		    "2 * 3 and 5*3, * item, snake__case, ___ _No_ ***x***",
		    "**\"Yes\"** (*a*) *b", "a ** b **c ** [x\n\n](y) \\*",
		    "_No salmon stock _ in a cage; _Aurora_ sailed, _x.\n y_",
		    "$1.2 billion* and *NSYNC, _a.\n\nb_ *c_ __d__ **_e_**",
		    "> a and\n> > b, 5 > 4,\n>c"};
		static const char *const want[] = {"the ministry said",
		    "Kim's new test done", "Lee, 40 [note] (x) [a](b c) [a]( )",
		    "cited.[1] [Best Pic](2006) [a] [b]",
		    "2 * 3 and 5*3, * item, snake__case, ___ No x",
		    "\"Yes\" (a) *b", "a ** b **c ** [x\n\n](y) *",
		    "_No salmon stock _ in a cage; Aurora sailed, x.\n y",
		    "$1.2 billion* and *NSYNC, _a.\n\nb_ *c_ d e",
		    "> a and\nb, 5 > 4,\n>c"};
		size_t all = sizeof(in) / sizeof(in[0]),
		       bad = unmark_wrong(in, want, all);

		ok(bad == 0,
		    "Markdown as read: a link's words without its target, no "
		    "image, no emphasis marks; dashes, rules, products, items, "
		    "footnotes and a mark without its pair as written (%zu of "
		    "%zu wrong)",
		    bad, all);
	}
	{
		/* A link's title, a reference's label, a footnote's mark:
		 * each as nothing, and what only looks like one as written. */
		static const char *const in[] = {
		    "the [harbour](https://x.org/h \"Harbour plan\") and "
		    "[port](/p 'Port') and [pier](/q (Pier)) reopened",
		    "[quay](/k\n  \"The \\\" quay\") [a](/x \"T\" x) "
		    "[b](/y \"T\n\nU\") [c](/z \"T",
		    "[port authority][1] and [chamber][] said, [x] [1] or "
		    "![map][2]shown",
		    "trees.[^1] She [^note-2]left [^] [^a b] [^x",
		    "[the [1] wall](/w \"Wall (2)\") [Best](2006 \"x\")",
		    "century.[1][2] It [12][a] [x](/a (t[y](/b) z",
		    "he said \\[sic\\] of snake\\_case, 1\\. C:\\path \\\\ \\"};
		static const char *const want[] = {
		    "the harbour and port and pier reopened",
		    "quay [a](/x \"T\" x) [b](/y \"T\n\nU\") [c](/z \"T",
		    "port authority and chamber said, [x] [1] or shown",
		    "trees. She left [^] [^a b] [^x",
		    "the [1] wall [Best](2006 \"x\")",
		    "century.[1][2] It [12][a] [x](/a (ty z",
		    "he said [sic] of snake_case, 1. C:\\path \\ \\"};
		size_t all = sizeof(in) / sizeof(in[0]),
		       bad = unmark_wrong(in, want, all);

		ok(bad == 0,
		    "Markdown's link titles, reference links and footnote marks "
		    "read as nothing; a title not closed, or a blank line in "
		    "it, leaves the link as written, and so does a number "
		    "before a label; an escape reads as the mark it keeps "
		    "(%zu of %zu wrong)",
		    bad, all);
		ok(!text_has_marks("a _ b _ c", 9, 1) &&
			text_has_marks("_a_", 3, 0) &&
			text_has_marks("a __b__", 7, 0) &&
			text_has_marks("x](y)", 5, 0) &&
			text_has_marks("1\\. x", 5, 0) &&
			!text_has_marks("5 < 6", 5, 0) &&
			text_has_marks("5 < 6", 5, 1),
		    "a copy is made for marks, not for the wires' dashes, and "
		    "for '<' only where the text has tags");
	}
	{
		/* Each place in the copy maps back to the bytes that read
		 * as the copy up to it. */
		static const char s[] = "<b>AT&amp;T</b> rose &#8217;<i>9</i>% "
					"&quot;Ja&#x20AC;&lt; x";
		char plain[64], back[64];
		size_t n = text_unmark(s, sizeof(s) - 1, plain), k, to, m;
		size_t bad = 0;

		for (k = 0; k <= n; k++) {
			if (k < n && ((unsigned char)plain[k] & 0xc0) == 0x80)
				continue; /* inside a character */
			to = text_marked_offset(s, sizeof(s) - 1, k);
			m = text_unmark(s, to, back);
			bad += m != k || memcmp(back, plain, k) != 0;
		}
		ok(bad == 0,
		    "every place in the text as read maps back to its bytes "
		    "(%zu wrong)",
		    bad);
	}
	{
		/* The copy's bytes map back to where they are written,
		 * before the marks that open them (a sentence cut there
		 * keeps its link whole), past the target before them. */
		static const char s[] = "said ![x](y.jpg)[the **ministry**]("
					"https://x.org/a) on Monday";
		char plain[64];
		size_t n = text_unmark(s, sizeof(s) - 1, plain);

		ok(n == 27 &&
			memcmp(plain, "said the ministry on Monday", 27) == 0 &&
			text_marked_offset(s, sizeof(s) - 1, 5) ==
			    (size_t)(strstr(s, "![x]") - s) &&
			text_marked_offset(s, sizeof(s) - 1, 9) ==
			    (size_t)(strstr(s, "**ministry") - s) &&
			text_marked_offset(s, sizeof(s) - 1, 21) ==
			    (size_t)(strstr(s, "Monday") - s),
		    "a link's words and those after it map back to where they "
		    "are written, marks and all (%.*s)",
		    (int)n, plain);
	}
	return tap_done();
}
