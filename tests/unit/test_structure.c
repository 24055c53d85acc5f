/* test_structure.c: headlines, datelines, captions, bylines and link lines
 * are told apart from prose. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "structure.h"
#include "tap.h"

static void
kind_is(const char *s, int first, enum block_kind want, const char *name)
{
	enum block_kind k = struct_classify(s, strlen(s), first);

	ok(k == want, "%s (kind %d, want %d)", name, (int)k, (int)want);
}

static void
dateline_is(const char *s, const char *rest)
{
	size_t n = struct_dateline(s, strlen(s));

	is_span(s + n, strlen(s) - n, rest, "dateline of \"%.30s\"", s);
}

/*
 * A caption's cue is found wherever it falls in a block: blocks are
 * searched sixteen bytes at a time, and the cue may start in any of them
 * or in the few bytes after the last, up to the block's very end.
 */
static void
cues_anywhere(void)
{
	static const char *const cue[] = {"Getty Images", "File photo",
	    "FILE PHOTO", "picture taken", "Caption:"};
	static const char pad[] = "Boats lie on the quay after the storm of "
				  "the week before last ";
	char block[256];
	size_t k, at, missed = 0, wrong = 0;

	for (k = 0; k < 2 * sizeof(cue) / sizeof(cue[0]); k++)
		for (at = 0; at < sizeof(pad) - 1; at++) {
			/* The cue inside the block, then at its very end. */
			snprintf(block, sizeof(block), "%.*s%s%s", (int)at, pad,
			    cue[k / 2], k % 2 ? "" : " by the harbour.");
			missed += struct_classify(block, strlen(block), 0) !=
				  BLOCK_CAPTION;
			/* One letter changed, the cue is gone. */
			block[at + 1] ^= 0x20;
			wrong += struct_classify(block, strlen(block), 0) ==
				 BLOCK_CAPTION;
		}
	ok(missed == 0 && wrong == 0,
	    "a caption cue is found at every offset (%zu missed, %zu "
	    "false)",
	    missed, wrong);
}

/* Does fn say yes to every line of yes[] and no to every line of no[]? */
static void
judge(int (*fn)(const char *, size_t), const char *const *yes,
    const char *const *no, const char *what)
{
	size_t i, missed = 0, wrong = 0;

	for (i = 0; yes[i] != NULL; i++)
		missed += !fn(yes[i], strlen(yes[i]));
	for (i = 0; no[i] != NULL; i++)
		wrong += fn(no[i], strlen(no[i]));
	ok(missed == 0 && wrong == 0, "%s found (%zu missed, %zu wrongly)",
	    what, missed, wrong);
}

/* Web addresses: in any case, and not what only looks a little like one. */
static void
addresses(void)
{
	static const char *const yes[] = {"More at http://example.org/a.",
	    "See HTTPS://EXAMPLE.ORG today.", "Visit www.example.org.",
	    "Visit WWW.Example.Org for more.", "https://x.y", NULL};
	static const char *const no[] = {"The score was 3:2 at the break.",
	    "He said: http is a protocol.", "The www is the web.",
	    "Shares rose 5.2 percent.", "http:/x and www", NULL};

	judge(struct_web_address, yes, no, "web addresses");
}

/* Notes to editors and readers inside prose; prose that only looks like
 * one stays. */
static void
notices(void)
{
	static const char *const yes[] = {
	    "(Story will move in the ``a'' category.)",
	    "Story has moved in the ``e'' category.",
	    "(Story can end here. Optional add follows.)",
	    "Address questions to Garden Q&A, The Times, or by e-mail.",
	    "--Europe: J. Doe in Paris at 1-2-3; fax, 4-5-6; telex, 282-942.",
	    "(EDS: This feature can be easily localized.)",
	    "If stories will move after 8 p.m., an ETA will be given.",
	    "Photo and graphics information can be found at the end.",
	    "All times are Eastern unless otherwise noted.",
	    "Or call the desk for more information at 404-526-5456.",
	    "Call the desk: 404-526-5456", "(Harbor News Service) ETA: 6 p.m.",
	    "Sports stories will have an E.T.A. of 9:30 p.m.",
	    "Read it at www.example.org.",
	    "EDITOR'S NOTE -- Jane Doe covers the harbor for the paper.",
	    "Editor\xe2\x80\x99s note: This story contains strong language.",
	    "This story has been updated to give the mayor's full title.",
	    "This article was originally published on our partner site.",
	    "A version of this article appears in print on page A8.",
	    "Correction: An earlier version misspelled the port's name.",
	    "The views expressed in this column are the writer's own.",
	    "Listen to this article, 4 minutes.",
	    "Image caption, Boats lie on their sides after the storm.",
	    "Media caption, The moment the sea wall gave way.",
	    "Our Standards: The Harbor News Trust Principles.",
	    "We use cookies to personalise content and ads.",
	    "By continuing to use this site you agree to our policy.",
	    "By continuing you agree to our use of cookies.",
	    "Manage your choices here; see our Cookie Policy.",
	    "Click Accept all cookies to go on reading.",
	    "Editor's note: This story\nhas been updated.",
	    "This story  has been updated with the mayor's reply.",
	    "Sign up for our morning newsletter, free to your inbox.",
	    "Get our free breaking news alerts by email.",
	    "Follow us on Facebook for the latest updates.",
	    "Additional reporting by Jane Doe in Port Ellis.",
	    "Writing by Jane Doe; Editing by John Roe.",
	    "Reporting by Jane Doe and John Roe Editing by Max Poe.",
	    "(Globe correspondent Jane Doe contributed to this report.)",
	    "(Globe correspondent Jane Doe contributed to\nthis report.)",
	    "The Harbor News Service contributed\r\n  reporting.",
	    "This is a developing story and will be updated.",
	    "Please refresh the page for the latest version.",
	    "Have your say in the comments below.",
	    "If you value our journalism, please consider a donation.",
	    "You have reached your limit of free articles this month.",
	    "Please enable JavaScript to view this content.",
	    "This video can not be played on your device.",
	    "The Associated Press receives support from foundations.",
	    "AP is solely responsible for all content.",
	    "To publish a ``separate-buy'' feature article, it must be "
	    "purchased.",
	    "To publish this article, it must be purchased from the Harbor "
	    "News syndicate.",
	    NULL};
	static const char *const no[] = {
	    "The story will move readers to tears, critics said.",
	    "Stories of the flood spread along the coast.",
	    "The editors said the telescope cost $2 million.",
	    "Questions to the minister went unanswered.",
	    "Dial 911 or 112, the ministry said.",
	    "The vote was 404-526 in the House.",
	    "Serial 1404-526-5456 was the part's number.",
	    "Pete Saletan and the BETA team said the ETAs were late.",
	    "Reporting by the Harbor News showed the sea wall was cracked.",
	    "Writing by hand is a lost art, the teacher said.",
	    "Editing by committee slowed the bill, aides said.",
	    "The views expressed by the mayor drew a rebuke.",
	    "By continuing to use coal, the plant broke its promise.",
	    "This story has a happy ending, the captain said.",
	    "Our standards are high, the harbor master said.",
	    "Jane Doe contributed to this report, which the board read.",
	    "The storm contributed to the report's delay.",
	    "The storm contributed to this\nreport's delay.",
	    "Jane Doe contributed to thisreport.",
	    "This is a developing country, the minister said.",
	    "If you value our harbor, vote yes, the mayor said.",
	    "The Associated Press reported the storm first.",
	    "Please refrain from fishing, the harbor master said.",
	    "By continuing the talks, the union kept the ferries running.",
	    "The bakery sold cookies to pay for the new sea wall.",
	    "Regulators studied the use of cookies by advertisers.",
	    "To publish the survey, the harbor board must first vote.",
	    "To publish is to risk, the editor said; the paper was not for sale.",
	    NULL};

	judge(struct_notice, yes, no, "notices to editors and readers");
}

/* Lines in capitals and a transcript's lines are no sentences, though
 * they end as one; the near misses are. */
static void
not_sentences(void)
{
	static const struct {
		const char *s;
		enum block_kind want;
		const char *name;
	} c[] = {
	    {"WHAT DID THE INSPECTORS FIND AT THE PIER?", BLOCK_HEADING,
		"a question in capitals is a subheading"},
	    {"THE PIER WAS CLOSED ON MONDAY.", BLOCK_HEADING,
		"and so is a sentence in capitals"},
	    {"NATO AND THE EU MET IN OSLO on Monday.", BLOCK_TEXT,
		"a sentence with a lower-case word is prose"},
	    {"\xc3\x89T\xc3\x89 SANS FIN POUR LES P\xc3\x8a"
	     "CHEURS.",
		BLOCK_HEADING, "capitals past ASCII count too"},
	    {"UN VOTES.", BLOCK_TEXT,
		"two words in capitals are a short sentence, not a heading"},
	    {"1:57 CO-PILOT I trust the engines.", BLOCK_HEADING,
		"a transcript line: a time code and a speaker"},
	    {"0:02:10 ATC: Descend to four thousand.", BLOCK_HEADING,
		"a speaker of three capitals before a colon"},
	    {"10:30 EST The ferry left the pier.", BLOCK_TEXT,
		"a time and its zone are no speaker"},
	    {"9:15 P.M. The last ferry docked.", BLOCK_TEXT, "nor is P.M."},
	    {"Q. What closed the harbor?", BLOCK_HEADING,
		"a question of questions and answers"},
	    {"Q. Who closed the harbor? A. The port authority did.", BLOCK_TEXT,
		"but not with its answer"},
	};
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		kind_is(c[i].s, 0, c[i].want, c[i].name);
}

struct want_block {
	enum block_kind kind;
	const char *text;
};

/* The blocks of doc are want[], each its kind and its exact bytes. */
static void
blocks_are(const char *name, const char *doc, const struct want_block *want,
    size_t nwant)
{
	struct arena a;
	struct block *b;
	size_t n = 0, i, len = strlen(doc);
	char *text = malloc(len > 0 ? len : 1);
	int same;

	/* A copy of the bytes alone, no NUL after them: a read past the
	 * text's end is the sanitizer's to catch. */
	if (text == NULL) {
		ok(0, "%s: out of memory", name);
		return;
	}
	memcpy(text, doc, len);
	arena_init(&a, 0);
	same = struct_blocks(text, len, &a, &b, &n) == 0 && n == nwant;
	for (i = 0; same && i < n; i++)
		same = b[i].kind == want[i].kind &&
		       b[i].len == strlen(want[i].text) &&
		       memcmp(text + b[i].off, want[i].text, b[i].len) == 0;
	ok(same, "%s: %zu blocks", name, nwant);
	for (i = 0; !same && i < n; i++)
		printf("#   [%zu] kind %d \"%.*s\"\n", i, (int)b[i].kind,
		    (int)b[i].len, text + b[i].off);
	arena_release(&a);
	free(text);
}

#define BLOCKS(name, doc, ...)                                         \
	do {                                                           \
		static const struct want_block w_[] = {__VA_ARGS__};   \
		blocks_are(name, doc, w_, sizeof(w_) / sizeof(w_[0])); \
	} while (0)

/*
 * Text wrapped at a width goes on across its line breaks, however few
 * its lines and however many of them end a sentence; a headline, a
 * subheading, "Read more:" and a dateline's line stay apart.
 */
/* An archive's article: particulars never text, paragraph tags parting
 * wrapped paragraphs, whatever a tag does to the lines' widths. */
/* Markdown, as a page turned into text carries it: a paragraph a line. */
static void
markdown(void)
{
	BLOCKS("headings in Markdown are never prose, and stand apart",
	    "# The storm is over.\n"
	    "Ferries sail again from Lindholm on Monday, the port said.\n"
	    "## Repairs\n"
	    "Engineers will work on the two piers for three weeks.\n"
	    "### What the mayor said.\n"
	    "#hashtag lines are no headings, and neither is #1 here.\n",
	    {BLOCK_TITLE, "# The storm is over."},
	    {BLOCK_TEXT,
		"Ferries sail again from Lindholm on Monday, the port said."},
	    {BLOCK_HEADING, "## Repairs"},
	    {BLOCK_TEXT,
		"Engineers will work on the two piers for three weeks."},
	    {BLOCK_HEADING, "### What the mayor said."},
	    {BLOCK_TEXT,
		"#hashtag lines are no headings, and neither is #1 here."});
	/* The widest line, unfinished, runs into the next one as prose
	 * broken for want of room would: not a heading, nor into one (an
	 * unfinished line is never prose: it only has to stay apart). */
	BLOCKS("a long heading does not run into the paragraph under it",
	    "Ferries sail again from Lindholm, the port said.\n"
	    "## The long road back for the harbor after the worst storm in "
	    "fifty years\n"
	    "Engineers will work on the two piers for three weeks.\n",
	    {BLOCK_TEXT, "Ferries sail again from Lindholm, the port said."},
	    {BLOCK_HEADING, "## The long road back for the harbor after the "
			    "worst storm in fifty years"},
	    {BLOCK_TEXT,
		"Engineers will work on the two piers for three weeks."});
	BLOCKS("nor does a paragraph run into a heading",
	    "Ferries sail again from Lindholm, the port said.\n"
	    "The mayor thanked the crews who cleared the quay of wreckage "
	    "through cold nights, and\n"
	    "## Reaction\n"
	    "Engineers will work on the two piers for three weeks.\n",
	    {BLOCK_TEXT, "Ferries sail again from Lindholm, the port said."},
	    {BLOCK_HEADING,
		"The mayor thanked the crews who cleared the quay of "
		"wreckage through cold nights, and"},
	    {BLOCK_HEADING, "## Reaction"},
	    {BLOCK_TEXT,
		"Engineers will work on the two piers for three weeks."});
	/* A page's notes, under it or right under a paragraph; a
	 * transcript's speaker or an update's time in brackets is no
	 * reference, whose target is an address. */
	BLOCKS("a reference's or a footnote's definition is never prose",
	    "Ferries sail again from Lindholm[^1], the [port][1] said.\n"
	    "[^1]: The council counted more than four hundred volunteers "
	    "over the three weeks.\n\n"
	    "    The second count, in May, found five hundred of them.\n\n"
	    "[1]: https://example.org/port \"Port authority\"\n"
	    "[map]: /maps/harbour.png\n"
	    "[Reporter]: What did the minister say about the port today?\n"
	    "[UPDATE 3:45 p.m.]: The minister said the port would open.\n"
	    "[Engineers] will work on the two piers for three weeks.\n",
	    {BLOCK_TEXT,
		"Ferries sail again from Lindholm[^1], the [port][1] said."},
	    {BLOCK_LINK, "[^1]: The council counted more than four hundred "
			 "volunteers over the three weeks."},
	    {BLOCK_LINK,
		"The second count, in May, found five hundred of them."},
	    {BLOCK_LINK, "[1]: https://example.org/port \"Port authority\""},
	    {BLOCK_LINK, "[map]: /maps/harbour.png"},
	    {BLOCK_TEXT, "[Reporter]: What did the minister say about the "
			 "port today?"},
	    {BLOCK_TEXT, "[UPDATE 3:45 p.m.]: The minister said the port "
			 "would open."},
	    {BLOCK_TEXT,
		"[Engineers] will work on the two piers for three weeks."});
	BLOCKS("nor does wrapped text run into one",
	    "Ferries sail again from Lindholm on Monday, the port authority\n"
	    "said, after three weeks of repairs to the piers and quay.[^1]\n"
	    "[^1]: The council counted four hundred volunteers over three\n"
	    "weeks.\n",
	    {BLOCK_TEXT, "Ferries sail again from Lindholm on Monday, the "
			 "port authority\nsaid, after three weeks of repairs "
			 "to the piers and quay.[^1]"},
	    {BLOCK_LINK, "[^1]: The council counted four hundred volunteers "
			 "over three\nweeks."});
	/* A quotation wrapped over lines each under "> " is one paragraph;
	 * one inside another loses both marks. */
	BLOCKS("a quotation wrapped under its marks, and one inside another",
	    "Storm hits the coast\n\n"
	    "> The storm was the strongest to hit the region in decades, and "
	    "officials\n"
	    "> warned that the damage would take months to repair.\n\n"
	    "> > Officials said the coast guard rescued twelve people.\n",
	    {BLOCK_TITLE, "Storm hits the coast"},
	    {BLOCK_TEXT, "The storm was the strongest to hit the region in "
			 "decades, and officials\n> warned that the damage "
			 "would take months to repair."},
	    {BLOCK_TEXT,
		"Officials said the coast guard rescued twelve people."});
	/* A line is as wide as it reads: with its links' targets counted,
	 * the caption is the widest line, and the paragraph under it
	 * went on it. */
	BLOCKS("a caption full of links does not run into the paragraph "
	       "under it",
	    "Ferries return to Lindholm harbor\n"
	    "Boats at the [pier](https://example.org/photos/lindholm-pier-2026"
	    ".jpg) in [Lindholm](https://example.org/places/lindholm) on "
	    "Monday (COASTAL WIRE/AFP)\n"
	    "The port authority opened the harbor again on Monday after a "
	    "week of repairs.\n"
	    "The first ferry left for the islands at dawn, the port said.\n"
	    "> \"We are back in business,\" said the harbor master.\n",
	    {BLOCK_TITLE, "Ferries return to Lindholm harbor"},
	    {BLOCK_CAPTION,
		"Boats at the [pier](https://example.org/photos/lindholm-pier-"
		"2026.jpg) in [Lindholm](https://example.org/places/lindholm) "
		"on Monday (COASTAL WIRE/AFP)"},
	    {BLOCK_TEXT, "The port authority opened the harbor again on "
			 "Monday after a week of repairs."},
	    {BLOCK_TEXT,
		"The first ferry left for the islands at dawn, the port said."},
	    {BLOCK_TEXT, "\"We are back in business,\" said the harbor "
			 "master."});
}

static void
markup(void)
{
	BLOCKS("particulars over three lines, and before prose on a line",
	    "<DOC>\n<DOCNO>NYT1</DOCNO> Storm Shuts Harbor\n<DATELINE>\n"
	    "LINDHOLM\n</DATELINE>\n<TEXT>\n<P>\nThe harbor closed on "
	    "Monday.\n</P>\n</TEXT>\n</DOC>\n",
	    {BLOCK_TITLE, "Storm Shuts Harbor"},
	    {BLOCK_TEXT, "The harbor closed on Monday."});
	BLOCKS("a page of HTML on one line: a block a paragraph",
	    "<html><body><h1>Storm Shuts Harbor</h1><p>The harbor closed on "
	    "Monday. It may open on Friday.</p><p>Repairs will take three "
	    "weeks, engineers said.</p></body></html>\n",
	    {BLOCK_TITLE, "Storm Shuts Harbor"},
	    {BLOCK_TEXT, "The harbor closed on Monday. It may open on Friday."},
	    {BLOCK_TEXT, "Repairs will take three weeks, engineers said."});
	BLOCKS("scripts, styles and comments are no text, on lines of "
	       "their own or inside one",
	    "<html><head><title>Storm Shuts Harbor</title>\n<style>\np { "
	    "margin: 0 }\n</style>\n<script type=\"text/javascript\">\n"
	    "// Counts page views. Do not remove this block.\nvar v = 1;\n"
	    "</SCRIPT >\n</head><body>\n<p>The harbor closed on Monday.</p>"
	    "<script>document.write(\"Share this story with a friend.\");"
	    "</script><p>Repairs will take three weeks.</p>\n<!-- ad slot\n"
	    "Advertisement. Buy a boat today.\n-->\n<noscript>Turn on "
	    "scripts to see the map.</noscript>\n<p>Ferries stay "
	    "docked.</p>\n</body></html>\n",
	    {BLOCK_TITLE, "Storm Shuts Harbor"},
	    {BLOCK_TEXT, "The harbor closed on Monday."},
	    {BLOCK_TEXT, "Repairs will take three weeks."},
	    {BLOCK_TEXT, "Ferries stay docked."});
	/* Inside a sentence a comment is left to the sentence: hidden, it
	 * would cut the sentence in two (and the first half taken for a
	 * headline). "<!-->" is an empty comment, not one running on. */
	BLOCKS("a comment inside a sentence, and empty comments",
	    "<p>The harbor closed on Monday <!-- updated --> after the storm, "
	    "officials said.</p><!-->\n<p>Ferries stay docked until "
	    "Friday.</p><!--->\n<p>Repairs will take three weeks. --> "
	    "Engineers said so.</p>\n",
	    {BLOCK_TEXT, "The harbor closed on Monday <!-- updated --> after "
			 "the storm, officials said."},
	    {BLOCK_TEXT, "Ferries stay docked until Friday."},
	    {BLOCK_TEXT, "Repairs will take three weeks. --> Engineers said "
			 "so."});
	/* Prose that names both tags is no page: nothing between is lost. */
	BLOCKS("plain text that names <script> and </script>",
	    "The attackers hid a <script> tag in the page.\n\nVisitors saw "
	    "nothing.\n\nThe fix added the missing </script> end tag.\n",
	    {BLOCK_TEXT, "The attackers hid a <script> tag in the page."},
	    {BLOCK_TEXT, "Visitors saw nothing."},
	    {BLOCK_TEXT, "The fix added the missing </script> end tag."});
	/* Read as it reads: a dateline with a link in it is a dateline,
	 * and a paragraph with a link is prose, not a line of links. */
	BLOCKS("links inside a dateline and a short paragraph",
	    "<p>AMMAN, <a href=\"https://example.org/jordan\">Jordan</a> (AP) "
	    "-- Two athletes lost their medals on Friday.</p>\n<p>The "
	    "<a href=\"https://example.org/ioc\">committee</a> said so.</p>\n",
	    {BLOCK_TEXT, "Two athletes lost their medals on Friday."},
	    {BLOCK_TEXT,
		"The <a href=\"https://example.org/ioc\">committee</a> "
		"said so."});
	/* Without its end tag it is no element: prose may name one. */
	BLOCKS("an unclosed <script> in prose stays text",
	    "The attackers hid a <script> tag in the page. Visitors saw "
	    "nothing.\n\nThe bank fixed the flaw on Monday.\n",
	    {BLOCK_TEXT, "The attackers hid a <script> tag in the page. "
			 "Visitors saw nothing."},
	    {BLOCK_TEXT, "The bank fixed the flaw on Monday."});
	/* Wrapped at 72 with the tags: "weekend.</P>" did not fit on the
	 * line before, though "weekend." alone would have. */
	BLOCKS("paragraphs wrapped with their <P> tags, no blank line between",
	    "<P>The harbor authority said on Monday that the storm had "
	    "damaged two\npiers and that the ferries to the islands would "
	    "not run again before the\nweekend.</P>\n<P>Engineers worked "
	    "through the night to clear the wreckage from the\nwater so that "
	    "the fishing boats could get out to sea again on\nTuesday.</P>\n"
	    "<P>Fishermen said they had lost a week of work to the storm and "
	    "asked\nthe town council for emergency help with the cost of "
	    "repairs to their\nboats.</P>\n",
	    {BLOCK_TEXT, "The harbor authority said on Monday that the storm "
			 "had damaged two\npiers and that the ferries to the "
			 "islands would not run again before the\nweekend."},
	    {BLOCK_TEXT, "Engineers worked through the night to clear the "
			 "wreckage from the\nwater so that the fishing boats "
			 "could get out to sea again on\nTuesday."},
	    {BLOCK_TEXT, "Fishermen said they had lost a week of work to the "
			 "storm and asked\nthe town council for emergency "
			 "help with the cost of repairs to their\nboats."});
}

static void
wrapped(void)
{
	BLOCKS("three short wrapped paragraphs",
	    "The town council of Orn voted on Monday to rebuild the old mill "
	    "that\nburned down last week, at a cost of two million euros.\n\n"
	    "The mayor said work would begin in the spring and take two "
	    "years. The\nmill, built in 1820, was the oldest building in the "
	    "valley.\n\nFire crews from three towns fought the blaze for six "
	    "hours on Tuesday\nnight. No one was hurt, the fire service "
	    "said.\n",
	    {BLOCK_TEXT, "The town council of Orn voted on Monday to rebuild "
			 "the old mill that\nburned down last week, at a cost "
			 "of two million euros."},
	    {BLOCK_TEXT, "The mayor said work would begin in the spring and "
			 "take two years. The\nmill, built in 1820, was the "
			 "oldest building in the valley."},
	    {BLOCK_TEXT, "Fire crews from three towns fought the blaze for six "
			 "hours on Tuesday\nnight. No one was hurt, the fire "
			 "service said."});
	/* Wrapped as fmt(1) does, evening out the lines: "older" ends a
	 * line with room for "than" after it. */
	BLOCKS("a paragraph wrapped short of its width",
	    "The harbor authority of Lindholm said on Monday that the storm "
	    "damaged\ntwo of the three piers, and that its ferries were "
	    "older\nthan the piers and would not run again before the "
	    "weekend, when\nengineers expect to have finished the first "
	    "repairs to the docks.\n\nFishermen said they had lost a week "
	    "of work to the storm and asked the\ntown council for help with "
	    "the cost of repairs to their boats, which\nthe council will "
	    "discuss at its meeting on Thursday evening in the\nold town "
	    "hall.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the storm damaged\ntwo of the three piers, and that "
			 "its ferries were older\nthan the piers and would "
			 "not run again before the weekend, when\nengineers "
			 "expect to have finished the first repairs to the "
			 "docks."},
	    {BLOCK_TEXT, "Fishermen said they had lost a week of work to the "
			 "storm and asked the\ntown council for help with the "
			 "cost of repairs to their boats, which\nthe council "
			 "will discuss at its meeting on Thursday evening in "
			 "the\nold town hall."});
	BLOCKS("a headline over wrapped text, with no blank line between",
	    "Storm damage closes Lindholm harbor piers for a week\nThe "
	    "harbor authority of Lindholm said on Monday that the storm "
	    "damaged\ntwo of the three piers, and that its ferries would not "
	    "run again\nbefore the weekend, when engineers expect to have "
	    "finished the first\nrepairs to the docks and the ferry "
	    "ramps.\n",
	    {BLOCK_TITLE, "Storm damage closes Lindholm harbor piers for a "
			  "week"},
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the storm damaged\ntwo of the three piers, and that "
			 "its ferries would not run again\nbefore the "
			 "weekend, when engineers expect to have finished the "
			 "first\nrepairs to the docks and the ferry ramps."});
	BLOCKS("a wrapped first line that breaks off in a comma goes on",
	    "After two weeks of storms on the coast of Lindholm and Orn,\n"
	    "Harbor engineers said on Monday that the piers would need a "
	    "month\nof repairs, and that the ferries to the outer islands "
	    "would not run\nagain before the end of the month at the very "
	    "earliest, they said.\n",
	    {BLOCK_TEXT, "After two weeks of storms on the coast of Lindholm "
			 "and Orn,\nHarbor engineers said on Monday that the "
			 "piers would need a month\nof repairs, and that the "
			 "ferries to the outer islands would not run\nagain "
			 "before the end of the month at the very earliest, "
			 "they said."});
	BLOCKS("a wrapped first line that opens with a dateline goes on",
	    "LINDHOLM (AP) -- The harbor authority said on Monday that\n"
	    "Storm Anna had damaged two of the three piers, and that the "
	    "ferries\nto the outer islands would not run again before the "
	    "weekend, when\nengineers expect to have finished the first "
	    "repairs to the docks.\n",
	    {BLOCK_TEXT, "The harbor authority said on Monday that\nStorm "
			 "Anna had damaged two of the three piers, and that "
			 "the ferries\nto the outer islands would not run "
			 "again before the weekend, when\nengineers expect to "
			 "have finished the first repairs to the docks."});
	/* Short of the width by nature: each item apart, and the line
	 * after the list too; under a full line, an item that opens as
	 * no sentence's line does stays apart. */
	BLOCKS("a list's items inside wrapped text stay apart",
	    "The harbor authority of Lindholm said on Monday that the storm "
	    "damaged\ntwo of the three piers, and that the ferries to the "
	    "outer islands would\nnot run again before the weekend. Engineers "
	    "listed what must be done:\n* clear the wreckage from the water "
	    "by the north pier\n* rebuild the ferry ramp that the waves tore "
	    "away\n* check every mooring post along the harbor front\nThe "
	    "council will discuss the cost of the repairs at its meeting "
	    "on\nThursday evening, and the mayor said the town would ask for "
	    "help.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the storm damaged\ntwo of the three piers, and that "
			 "the ferries to the outer islands would\nnot run "
			 "again before the weekend. Engineers listed what must "
			 "be done:"},
	    {BLOCK_HEADING, "* clear the wreckage from the water by the north "
			    "pier"},
	    {BLOCK_HEADING,
		"* rebuild the ferry ramp that the waves tore away"},
	    {BLOCK_HEADING,
		"* check every mooring post along the harbor front"},
	    {BLOCK_TEXT, "The council will discuss the cost of the repairs at "
			 "its meeting on\nThursday evening, and the mayor said "
			 "the town would ask for help."});
	BLOCKS("a numbered item under a full line of wrapped text",
	    "The harbor authority of Lindholm said on Monday that the storm "
	    "damaged\ntwo of the three piers, and that the ferries to the "
	    "outer islands would\nnot run again before the weekend. Engineers "
	    "listed what must be done:\n1. Clear the wreckage from the water "
	    "by the north pier.\n2. Rebuild the ferry ramp that the waves "
	    "tore away.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the storm damaged\ntwo of the three piers, and that "
			 "the ferries to the outer islands would\nnot run "
			 "again before the weekend. Engineers listed what must "
			 "be done:"},
	    {BLOCK_TEXT, "1. Clear the wreckage from the water by the north "
			 "pier."},
	    {BLOCK_TEXT, "2. Rebuild the ferry ramp that the waves tore "
			 "away."});
	/* A number that goes on a sentence opens no item: the line after
	 * it, short of the width as a balanced wrap leaves it, goes on. */
	BLOCKS("a number going on a sentence is no item to the line after",
	    "The harbor authority of Lindholm said on Monday that the storm "
	    "damaged\ntwo of the three piers, and that its staff of engineers "
	    "fell from 67 to\n55. In that time, the repairs to the docks fell "
	    "behind by\n8 weeks as the storms grew worse, and the ferries to "
	    "the outer islands\nwould not run again before the weekend, the "
	    "harbor master said.\n",
	    {BLOCK_TEXT,
		"The harbor authority of Lindholm said on Monday that the "
		"storm damaged\ntwo of the three piers, and that its staff of "
		"engineers fell from 67 to\n55. In that time, the repairs to "
		"the docks fell behind by\n8 weeks as the storms grew worse, "
		"and the ferries to the outer islands\nwould not run again "
		"before the weekend, the harbor master said."});
	/* Nor does a day after its month's full stop, which ends no
	 * sentence (DUC 2004's layout: paragraphs set in three columns). */
	BLOCKS("a day after its month is no item",
	    "   The harbor authority of Lindholm said on Monday that the "
	    "storm\ndamaged two of the three old piers, which sank to the "
	    "seabed on Aug.\n12. An inquiry ended on Tuesday when the "
	    "engineers concluded that the\npiers could not be raised again "
	    "before the winter.\n"
	    "   Ferries will sail again from the outer islands in three "
	    "weeks, the\nharbor master said on Tuesday.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday "
			 "that the storm\ndamaged two of the three old piers, "
			 "which sank to the seabed on Aug.\n12. An inquiry "
			 "ended on Tuesday when the engineers concluded that "
			 "the\npiers could not be raised again before the "
			 "winter."},
	    {BLOCK_TEXT, "Ferries will sail again from the outer islands in "
			 "three weeks, the\nharbor master said on Tuesday."});
	/* A dash under a line that ends no sentence goes on it, short of
	 * the width as a balanced wrap leaves it. */
	BLOCKS("a dash going on a sentence short of the width",
	    "The harbor authority of Lindholm said on Monday that the storm "
	    "damaged\ntwo of the three piers and the ferry ramp, which it had "
	    "rebuilt\n-- at a cost of three million crowns -- only last "
	    "spring, and that\nthe ferries to the outer islands would not run "
	    "before the weekend.\nEngineers said the repairs would take three "
	    "weeks or more to finish.\n",
	    {BLOCK_TEXT,
		"The harbor authority of Lindholm said on Monday that the "
		"storm damaged\ntwo of the three piers and the ferry ramp, "
		"which it had rebuilt\n-- at a cost of three million crowns "
		"-- only last spring, and that\nthe ferries to the outer "
		"islands would not run before the weekend.\nEngineers said "
		"the repairs would take three weeks or more to finish."});
	/* An indent opens a paragraph: the first line is no headline. A
	 * line is as wide as its indent and its words: "Thursday" did not
	 * fit after "repairs on", so the line goes on. */
	BLOCKS("indented paragraphs, their first lines as wide as their "
	       "indents",
	    "   If the harbor authority closes the north pier on\n"
	    "Thursday, as planned, the ferries to the outer islands will\n"
	    "not run again before the weekend.\n"
	    "   Engineers said the storm had damaged two of the three\n"
	    "piers and torn away the ferry ramp, and that the repairs\n"
	    "would take three weeks or more.\n"
	    "   The council will discuss the costs of repairs on\n"
	    "Thursday evening, and the mayor said the town would ask\n"
	    "the government for help.\n"
	    "   Fishermen who use the piers every day said they would\n"
	    "lose a month of work, and some of them asked whether the\n"
	    "town could find them another quay.\n"
	    "   The ferry company said it would run a smaller boat from\n"
	    "the south harbor until the ramp is rebuilt, though it could\n"
	    "carry no cars.\n",
	    {BLOCK_TEXT,
		"If the harbor authority closes the north pier on\n"
		"Thursday, as planned, the ferries to the outer islands will\n"
		"not run again before the weekend."},
	    {BLOCK_TEXT,
		"Engineers said the storm had damaged two of the three\n"
		"piers and torn away the ferry ramp, and that the repairs\n"
		"would take three weeks or more."},
	    {BLOCK_TEXT,
		"The council will discuss the costs of repairs on\n"
		"Thursday evening, and the mayor said the town would ask\n"
		"the government for help."},
	    {BLOCK_TEXT,
		"Fishermen who use the piers every day said they would\n"
		"lose a month of work, and some of them asked whether the\n"
		"town could find them another quay."},
	    {BLOCK_TEXT,
		"The ferry company said it would run a smaller boat from\n"
		"the south harbor until the ramp is rebuilt, though it could\n"
		"carry no cars."});
	/* Where indents open paragraphs, a line without one goes on, though
	 * it opens with a label as a dateline does, after a full line that
	 * ends a sentence. */
	BLOCKS("a label in capitals inside an indented paragraph",
	    "   The harbor authority of Lindholm said on Monday that\n"
	    "the storm damaged two of the three piers and the ferry ramp. The\n"
	    "ferries to the outer islands will not run again before the weekend.\n"
	    "NORWAY: In Bergen the storm tore the roofs from a dozen houses on\n"
	    "the quay, and the fishing boats stayed in the harbor all week long.\n"
	    "   The council will discuss the costs of the repairs on Thursday\n"
	    "evening, and the mayor said the town would ask for help.\n",
	    {BLOCK_TEXT,
		"The harbor authority of Lindholm said on Monday that\n"
		"the storm damaged two of the three piers and the ferry ramp. "
		"The\nferries to the outer islands will not run again before "
		"the weekend.\nNORWAY: In Bergen the storm tore the roofs from "
		"a dozen houses on\nthe quay, and the fishing boats stayed in "
		"the harbor all week long."},
	    {BLOCK_TEXT,
		"The council will discuss the costs of the repairs on "
		"Thursday\nevening, and the mayor said the town would ask for "
		"help."});
	/* With no indents, a dateline after a finished sentence opens the
	 * next story, though the line before is full. */
	BLOCKS("a dateline under a finished sentence, no indents",
	    "The harbor authority of Lindholm said on Monday that the storm "
	    "had\ndamaged two of the three piers and the ferry ramp, and that "
	    "the boats\nto the outer islands would not run again before the "
	    "coming weekend.\nOSLO (AP) -- Ferries stopped across the fjords "
	    "on Monday as the storm\nmoved north, and the coast guard warned "
	    "the fishing boats to stay in\nthe harbors until the wind had "
	    "dropped, the police in Bergen said.\n",
	    {BLOCK_TEXT,
		"The harbor authority of Lindholm said on Monday that the "
		"storm had\ndamaged two of the three piers and the ferry ramp, "
		"and that the boats\nto the outer islands would not run again "
		"before the coming weekend."},
	    {BLOCK_TEXT,
		"Ferries stopped across the fjords on Monday as the "
		"storm\nmoved north, and the coast guard warned the fishing "
		"boats to stay in\nthe harbors until the wind had dropped, the "
		"police in Bergen said."});
	/* Not wrapped throughout (each line ends a sentence), a line that
	 * opens in lower case goes on a full one that only looked finished. */
	BLOCKS("a line in lower case under an abbreviation",
	    "   Nov. 22 -- The boy, his mother and 12 others left Cuba for the "
	    "U.S.\naboard a small boat.\n   Nov. 25 -- The boy was rescued "
	    "at sea two or three days later.\n   Nov. 26 -- A great-uncle was "
	    "granted custody of the boy.\n",
	    {BLOCK_TEXT, "Nov. 22 -- The boy, his mother and 12 others left "
			 "Cuba for the U.S.\naboard a small boat."},
	    {BLOCK_TEXT,
		"Nov. 25 -- The boy was rescued at sea two or three days "
		"later."},
	    {BLOCK_TEXT, "Nov. 26 -- A great-uncle was granted custody of the "
			 "boy."});
	/* An item's own line that runs on in lower case goes on it, short
	 * of the width; the next item and the prose after stay apart. */
	BLOCKS("an item wrapped short of the width",
	    "The harbor authority of Lindholm said on Monday that the storm "
	    "damaged\ntwo of the three piers. Engineers listed what must be "
	    "done first:\n* clear the wreckage from the water by the north "
	    "pier and\nthe south pier before the ferries to the islands run "
	    "again\n* rebuild the ferry ramp that the waves tore away last "
	    "night\nThe council will discuss the cost of the repairs at its "
	    "meeting on\nThursday evening, and the mayor said the town would "
	    "ask for help.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the storm damaged\ntwo of the three piers. "
			 "Engineers listed what must be done first:"},
	    {BLOCK_HEADING, "* clear the wreckage from the water by the north "
			    "pier and\nthe south pier before the ferries to "
			    "the islands run again"},
	    {BLOCK_HEADING,
		"* rebuild the ferry ramp that the waves tore away last night"},
	    {BLOCK_TEXT, "The council will discuss the cost of the repairs at "
			 "its meeting on\nThursday evening, and the mayor said "
			 "the town would ask for help."});
	/* Wrapped counting a tab as one column: the tab-indented lines, eight
	 * columns wider, do not set the width, so the line before "_ were
	 * hired" is full. */
	BLOCKS("paragraphs opening in a tab counted as one column",
	    "\tThe harbor authority of Lindholm said on Monday that the storm\n"
	    "damaged two of the three piers, and that the ferries would not "
	    "run\nbefore the weekend.\n"
	    "\tEngineers listed the repairs that must be done first, and two "
	    "of\nthe town's own builders _ Ada Berg and Nils Holm of the "
	    "harbor guild\n_ were hired for them.\n"
	    "\tThe council will discuss the cost of the repairs at its meeting "
	    "on\nThursday evening, and the mayor said the town would ask the\n"
	    "government for help.\n"
	    "\tFishermen who use the piers every day said they would lose a "
	    "month\nof work, and some of them asked whether the town could "
	    "find them\nanother quay.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the storm\ndamaged two of the three piers, and that "
			 "the ferries would not run\nbefore the weekend."},
	    {BLOCK_TEXT,
		"Engineers listed the repairs that must be done "
		"first, and two of\nthe town's own builders _ Ada Berg "
		"and Nils Holm of the harbor guild\n_ were hired for "
		"them."},
	    {BLOCK_TEXT, "The council will discuss the cost of the repairs at "
			 "its meeting on\nThursday evening, and the mayor said "
			 "the town would ask the\ngovernment for help."},
	    {BLOCK_TEXT,
		"Fishermen who use the piers every day said they would "
		"lose a month\nof work, and some of them asked whether "
		"the town could find them\nanother quay."});
	/* A number at a line's start goes on a sentence broken off in a
	 * comma: "50." is Ada Holmberg's age, no item. */
	BLOCKS("a number under a line that breaks off goes on",
	    "The harbor authority of Lindholm said on Monday that the storm\n"
	    "damaged two of the three piers, and the ferries will not run.\n\n"
	    "''I think the north pier took the worst of it,'' agreed Ada "
	    "Holmberg,\n50. ''We know the ferries cannot use it.''\n\n"
	    "The council will discuss the cost of the repairs at its meeting\n"
	    "on Thursday evening, and the mayor said the town would ask for\n"
	    "help from the government in the capital.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the storm\ndamaged two of the three piers, and the "
			 "ferries will not run."},
	    {BLOCK_TEXT, "''I think the north pier took the worst of it,'' "
			 "agreed Ada Holmberg,\n50. ''We know the ferries "
			 "cannot use it.''"},
	    {BLOCK_TEXT, "The council will discuss the cost of the repairs at "
			 "its meeting\non Thursday evening, and the mayor said "
			 "the town would ask for\nhelp from the government in "
			 "the capital."});
	/* Too few lines to call wrapped: the first line goes on only as
	 * prose, here from its dateline. */
	BLOCKS("three lines under a dateline",
	    "LINDHOLM, March 3 (Harbor News) -- The harbor authority of "
	    "Lindholm on\nMonday closed both ferry piers after the storm "
	    "damaged them, and said\nthat the ferries would not run before "
	    "the weekend.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm on\nMonday closed "
			 "both ferry piers after the storm damaged them, and "
			 "said\nthat the ferries would not run before the "
			 "weekend."});
	/* A last line set in by one blank, no line end after it: its
	 * first word is read within the text. */
	BLOCKS("a last line set in by a blank, at the text's very end",
	    "The harbor authority of Lindholm said on Monday that the\nstorm "
	    "damaged two of the three piers and tore away the\nramp, and "
	    "that the ferries would not run before the\n weekend",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the\nstorm damaged two of the three piers and tore "
			 "away the\nramp, and that the ferries would not run "
			 "before the\n weekend"});
	/* A dash may run a sentence on ("a small number\n-- that ..."),
	 * but not after a colon, a finished sentence or another item. */
	BLOCKS("dashed items under a full line of wrapped text",
	    "The harbor authority of Lindholm said on Monday that the storm "
	    "damaged\ntwo of the three piers, and that the ferries to the "
	    "outer islands would\nnot run again before the weekend. Engineers "
	    "listed what must be done:\n- clear the wreckage from the water "
	    "by the north pier and the south quay\n- rebuild the ferry ramp that the "
	    "waves tore away from its old mooring\n- Check every mooring post "
	    "along the harbor front before the ferries run.\n-- Pay the "
	    "divers who searched the harbor floor for the lost anchor chains.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the storm damaged\ntwo of the three piers, and that "
			 "the ferries to the outer islands would\nnot run "
			 "again before the weekend. Engineers listed what must "
			 "be done:"},
	    {BLOCK_HEADING, "- clear the wreckage from the water by the north "
			    "pier and the south quay"},
	    {BLOCK_HEADING, "- rebuild the ferry ramp that the waves tore away "
			    "from its old mooring"},
	    {BLOCK_TEXT, "Check every mooring post along the harbor front "
			 "before the ferries run."},
	    {BLOCK_TEXT, "Pay the divers who searched the harbor floor for "
			 "the lost anchor chains."});
	BLOCKS("a dash under a full line runs its sentence on",
	    "The harbor authority of Lindholm said on Monday that the storm "
	    "damaged\ntwo of the three piers, and that the ferries to the "
	    "outer islands would\nnot run again before the weekend, a "
	    "setback for a town of a small number\n-- that nonetheless "
	    "matters to the fishermen who use the piers each day.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the storm damaged\ntwo of the three piers, and that "
			 "the ferries to the outer islands would\nnot run "
			 "again before the weekend, a setback for a town of a "
			 "small number\n-- that nonetheless matters to the "
			 "fishermen who use the piers each day."});
	/* Paragraphs opening in three spaces, no blank line between, as
	 * the wires' archives come. */
	BLOCKS("a photo's credit in brackets ends its wrapped caption",
	    "The harbor authority of Lindholm said on Monday that the storm "
	    "damaged\ntwo of the three piers, and that the ferries to the "
	    "outer islands would\nnot run again before the weekend.\n   "
	    "(HT12) LINDHOLM -- Oct. 28, 1998 -- HARBOR-STORM, 10-28 -- "
	    "Fishermen\nlook at the wreckage of the north pier on Monday "
	    "after the storm of the\nweekend tore it from its posts and threw "
	    "it onto the rocks of the bay.\n(Anna Berg/Harbor Times Photo)\n"
	    "   Engineers worked through the night to clear the wreckage from "
	    "the\nwater so that the fishing boats could get out to sea again "
	    "by Tuesday.\n",
	    {BLOCK_TEXT, "The harbor authority of Lindholm said on Monday that "
			 "the storm damaged\ntwo of the three piers, and that "
			 "the ferries to the outer islands would\nnot run "
			 "again before the weekend."},
	    {BLOCK_CAPTION,
		"(HT12) LINDHOLM -- Oct. 28, 1998 -- HARBOR-STORM, 10-28 "
		"-- Fishermen\nlook at the wreckage of the north pier on "
		"Monday after the storm of the\nweekend tore it from its "
		"posts and threw it onto the rocks of the bay.\n(Anna "
		"Berg/Harbor Times Photo)"},
	    {BLOCK_TEXT, "Engineers worked through the night to clear the "
			 "wreckage from the\nwater so that the fishing boats "
			 "could get out to sea again by Tuesday."});
	BLOCKS("a photo's credit wrapped inside its brackets ends its caption",
	    "The ferry company of Lindholm said on Tuesday that its two boats "
	    "would\nstay in the south harbor until the engineers had rebuilt "
	    "the ramp.\n   (HT12) LINDHOLM -- Oct. 28, 1998 -- HARBOR-STORM, "
	    "10-28 -- Fishermen\nlook at the wreckage of the north pier on "
	    "Monday after the storm of the\nweekend tore it from its posts and "
	    "threw it onto the rocks. (Anna B.\nBerg/Harbor Times Photo)\n"
	    "   Divers searched the harbor floor for the anchor chains of the "
	    "ferries\nthat the waves had torn loose, and found all but two of "
	    "them by noon.\n",
	    {BLOCK_TEXT,
		"The ferry company of Lindholm said on Tuesday that its "
		"two boats would\nstay in the south harbor until the "
		"engineers had rebuilt the ramp."},
	    {BLOCK_CAPTION,
		"(HT12) LINDHOLM -- Oct. 28, 1998 -- HARBOR-STORM, 10-28 "
		"-- Fishermen\nlook at the wreckage of the north pier on "
		"Monday after the storm of the\nweekend tore it from its "
		"posts and threw it onto the rocks. (Anna B.\nBerg/Harbor "
		"Times Photo)"},
	    {BLOCK_TEXT,
		"Divers searched the harbor floor for the anchor chains "
		"of the ferries\nthat the waves had torn loose, and "
		"found all but two of them by noon."});
	BLOCKS("three wrapped paragraphs, every line indented alike",
	    "  The town council of Orn voted on Monday to rebuild the old "
	    "mill that\n  burned down last week, at a cost of two million "
	    "euros.\n\n  The mayor said work would begin in the spring and "
	    "take two years. The\n  mill, built in 1820, was the oldest "
	    "building in the valley.\n\n  Fire crews from three towns "
	    "fought the blaze for six hours on Tuesday\n  night. No one was "
	    "hurt, the fire service said.\n",
	    {BLOCK_TEXT, "The town council of Orn voted on Monday to rebuild "
			 "the old mill that\n  burned down last week, at a "
			 "cost of two million euros."},
	    {BLOCK_TEXT, "The mayor said work would begin in the spring and "
			 "take two years. The\n  mill, built in 1820, was the "
			 "oldest building in the valley."},
	    {BLOCK_TEXT, "Fire crews from three towns fought the blaze for six "
			 "hours on Tuesday\n  night. No one was hurt, the fire "
			 "service said."});
	BLOCKS("two wrapped lines",
	    "The mill burned down on Tuesday night. Crews fought\nthe fire "
	    "for hours, the chief said on Wednesday.\n",
	    {BLOCK_TEXT, "The mill burned down on Tuesday night. Crews "
			 "fought\nthe fire for hours, the chief said on "
			 "Wednesday."});
	BLOCKS("a headline as long as the text's lines",
	    "Harbor storm leaves thousands without power for days\nPower "
	    "went out across the town, officials said on Tuesday.\n",
	    {BLOCK_TITLE, "Harbor storm leaves thousands without power for "
			  "days"},
	    {BLOCK_TEXT, "Power went out across the town, officials said on "
			 "Tuesday."});
	BLOCKS("a subheading between wrapped paragraphs",
	    "The harbor authority said on Monday that the storm had\n"
	    "damaged two piers and that ferries would not run before\n"
	    "the weekend, when engineers expect to finish repairs.\n"
	    "Repairs and costs\n"
	    "Engineers worked through the night to clear the wreckage\n"
	    "from the water so that fishing boats could get out again\n"
	    "to sea, the authority said in a statement on Tuesday.\n"
	    "Read more: Storm damage along the coast in pictures today\n",
	    {BLOCK_TEXT, "The harbor authority said on Monday that the storm "
			 "had\ndamaged two piers and that ferries would not "
			 "run before\nthe weekend, when engineers expect to "
			 "finish repairs."},
	    {BLOCK_HEADING, "Repairs and costs"},
	    {BLOCK_TEXT, "Engineers worked through the night to clear the "
			 "wreckage\nfrom the water so that fishing boats could "
			 "get out again\nto sea, the authority said in a "
			 "statement on Tuesday."},
	    {BLOCK_LINK, "Read more: Storm damage along the coast in "
			 "pictures today"});
	BLOCKS("a wrapped photo caption is one caption",
	    "The ferry crew rescued two anglers from the rocks on Sunday "
	    "and\nbrought them to the harbor, where medics checked them over. "
	    "(Anna\nBerg/Harbor Times Photo)\n",
	    {BLOCK_CAPTION,
		"The ferry crew rescued two anglers from the rocks "
		"on Sunday and\nbrought them to the harbor, where "
		"medics checked them over. (Anna\nBerg/Harbor Times "
		"Photo)"});
	BLOCKS("a slug-like line inside a wrapped paragraph",
	    "Researchers at the harbor institute bred the animals for three "
	    "years.\nThe team placed one altered animal in a pen, known among "
	    "the staff as\nGS _ in a cage with a normal one, and compared "
	    "their behavior.\n",
	    {BLOCK_TEXT, "Researchers at the harbor institute bred the animals "
			 "for three years."},
	    {BLOCK_TEXT, "The team placed one altered animal in a pen, known "
			 "among the staff as\nGS _ in a cage with a normal "
			 "one, and compared their behavior."});
	BLOCKS("a first line that opens a bracket goes on",
	    "(Margaret Lund is a contributing writer for The Harbor "
	    "Times\nMagazine.)\n",
	    {BLOCK_TEXT, "(Margaret Lund is a contributing writer for The "
			 "Harbor Times\nMagazine.)"});
}

/*
 * Lines end as other systems end them, not only with '\n': "\r\n"
 * (Windows), '\r' alone (a word processor's paragraph mark, old Mac OS),
 * '\v' (Word's line break), NEL, U+2028 and U+2029. A headline so ended
 * is still no part of the text, and paragraphs stay apart.
 */
static void
line_breaks(void)
{
	static const char *const seps[] = {"\n", "\r\n", "\n\n", "\r", "\r\r",
	    "\r\r\n", "\v", "\xc2\x85", "\xe2\x80\xa8", "\xe2\x80\xa9",
	    "\xe2\x80\xa9\xe2\x80\xa9"};
	static const struct want_block want[] = {
	    {BLOCK_TITLE, "Harbor Reopens After Storm"},
	    {BLOCK_TEXT, "The harbor reopened on Monday after the storm. "
			 "Ferries ran again on Tuesday."},
	    {BLOCK_TEXT, "Repairs took a week and cost two million euros, "
			 "the authority said."},
	};
	char doc[512], name[64];
	size_t i;

	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		snprintf(doc, sizeof(doc), "%s%s%s%s%s%s", want[0].text,
		    seps[i], want[1].text, seps[i], want[2].text, seps[i]);
		snprintf(name, sizeof(name), "lines ended by separator %zu", i);
		blocks_are(name, doc, want, 3);
	}
	/* Hard-wrapped: a line break goes on, a paragraph's does not. */
	BLOCKS("wrapped with U+2028, paragraphs parted by U+2029",
	    "The harbor authority said on Monday that the storm had\xe2\x80\xa8"
	    "damaged two piers and that ferries would not run before\xe2\x80"
	    "\xa8the weekend, when engineers expect to finish repairs.\xe2\x80"
	    "\xa9"
	    "Engineers worked through the night to clear the wreckage"
	    "\xe2\x80\xa8"
	    "from the water so that fishing boats could get out "
	    "again\xe2\x80\xa8to sea, the authority said in a statement.",
	    {BLOCK_TEXT, "The harbor authority said on Monday that the storm "
			 "had\xe2\x80\xa8"
			 "damaged two piers and that ferries "
			 "would not run before\xe2\x80\xa8the weekend, when "
			 "engineers expect to finish repairs."},
	    {BLOCK_TEXT, "Engineers worked through the night to clear the "
			 "wreckage\xe2\x80\xa8"
			 "from the water so that fishing "
			 "boats could get out again\xe2\x80\xa8to sea, the "
			 "authority said in a statement."});
}

/*
 * A megabyte of '\r' between two paragraphs: one break, a blank line, read
 * in one pass. A reading that looked past each '\r' for a '\n' would read
 * the run again at each: minutes for this text (a worker held past the
 * request's deadline), which the test's time limit fails.
 */
static void
carriage_run(void)
{
	const char *para = "The harbor reopened on Monday after the storm.";
	size_t run = 1000000, n = 2 * strlen(para) + run, k;
	struct arena a;
	struct block *b;
	char *doc;

	if ((doc = malloc(n + 1)) == NULL) {
		ok(0, "carriage run: no memory");
		return;
	}
	memcpy(doc, para, strlen(para));
	memset(doc + strlen(para), '\r', run);
	memcpy(doc + strlen(para) + run, para, strlen(para) + 1);
	arena_init(&a, 0);
	ok(struct_blocks(doc, n, &a, &b, &k) == 0 && k == 2 && b[0].off == 0 &&
		b[1].off == strlen(para) + run,
	    "a megabyte of '\\r' parts two paragraphs (%zu blocks)", k);
	arena_release(&a);
	free(doc);
}

int
main(void)
{
	struct arena a;
	struct block *b;
	size_t n;
	const char *doc;

	addresses();
	notices();
	not_sentences();
	line_breaks();
	carriage_run();

	kind_is("Storm Closes Harbor as Ferries Stay Docked", 1, BLOCK_TITLE,
	    "a first line without a full stop is the headline");
	kind_is("What the inspectors found", 0, BLOCK_HEADING,
	    "a later one is a subheading");
	kind_is("The storm closed the harbor on Monday.", 1, BLOCK_TEXT,
	    "a first line that is a sentence is prose");
	kind_is("The harbor closed on Monday after the storm. Engineers "
		"listed what must be done:",
	    0, BLOCK_TEXT, "a sentence before a list's colon is prose");
	kind_is("The harbor closed on Monday after the storm.\nEngineers "
		"listed what must be done:",
	    0, BLOCK_TEXT, "and so across a line break");
	kind_is("Dr. Lind Explains What U.S. Ports Must Do:", 0, BLOCK_HEADING,
	    "a subheading with stops in it ends in a colon");
	kind_is("Jane Doe writes for the Harbor News. E-mail: "
		"jdoe(AT)example.com",
	    0, BLOCK_HEADING, "a note on the writer is no prose");
	kind_is("Read more: Ferry operators count the cost", 0, BLOCK_LINK,
	    "Read more: lines");
	kind_is("Original Source: www.example.org", 0, BLOCK_LINK,
	    "Original Source: lines");
	kind_is("Full coverage at https://example.org/storm.", 0, BLOCK_LINK,
	    "a short line with a URL");
	kind_is("-", 0, BLOCK_JUNK, "a lone dash");
	kind_is("* * *", 0, BLOCK_JUNK, "a rule of asterisks");
	kind_is("This picture taken on May 2 shows the pier at dawn "
		"(HARBOR NEWS/AFP)",
	    0, BLOCK_CAPTION, "a photo caption with a credit");
	kind_is("Waves break over the sea wall. (AP Photo/Jan Dell)", 0,
	    BLOCK_CAPTION, "an AP Photo credit");
	kind_is("(HT12) HARBOR -- May 2, 2025 -- Fishermen mend nets on the "
		"quay. (Jan Dell/Harbor Times Photo)",
	    0, BLOCK_CAPTION, "a wire photo block with its credit");
	cues_anywhere();
	kind_is("By Maria Lind, Harbor Times", 0, BLOCK_BYLINE, "a byline");
	kind_is("Photos of the pier showed waves reaching the cafe windows.", 0,
	    BLOCK_TEXT, "prose that mentions photos stays prose");
	kind_is("By Tuesday the water had gone down and the ferries ran "
		"again on the usual timetable.",
	    0, BLOCK_TEXT, "prose that opens with By stays prose");

	dateline_is("WASHINGTON (AP) -- The bill passed.", "The bill passed.");
	dateline_is("PINE RIDGE, S.D. (AP) -- Rain fell.", "Rain fell.");
	dateline_is("VAIL, Colo. (AP) -- A road closed.", "A road closed.");
	dateline_is("PHOENIX _ Mothers learned.", "Mothers learned.");
	dateline_is(
	    "NEW YORK, March 3 (Reuters) - Stocks rose.", "Stocks rose.");
	dateline_is("OSLO \xe2\x80\x94 Ferries stopped.", "Ferries stopped.");
	dateline_is("PYONGYANG: The test was held.", "The test was held.");
	dateline_is("date 2025-03-21 PYONGYANG: The test was held.",
	    "The test was held.");
	dateline_is("KCNA said the test worked.", "KCNA said the test worked.");
	dateline_is("US troops -- mostly marines -- left.",
	    "US troops -- mostly marines -- left.");
	dateline_is(
	    "North Korea said: it works.", "North Korea said: it works.");
	dateline_is("AMMAN, Jordan (AP) -- Two athletes lost their medals.",
	    "Two athletes lost their medals.");
	dateline_is("SAN JUAN, Puerto Rico (AP) -- The storm passed.",
	    "The storm passed.");
	dateline_is("IBM, Microsoft -- and Apple -- agreed.",
	    "IBM, Microsoft -- and Apple -- agreed.");
	dateline_is(
	    "AUSTIN, Texas _ The governor spoke.", "The governor spoke.");
	dateline_is("NORFOLK, West Virginia _ Rain fell.", "Rain fell.");
	dateline_is("IBM, Microsoft _ and Apple _ agreed.",
	    "IBM, Microsoft _ and Apple _ agreed.");
	/* A country, no agency: the sentence after it opens in capitals. */
	dateline_is("CARACAS, Venezuela _ With his victory, Chavez spoke.",
	    "With his victory, Chavez spoke.");
	dateline_is("PHNOM PENH, Cambodia _ Politicians rushed.",
	    "Politicians rushed.");
	dateline_is("CARACAS, Venezuela (AP) _Oil ministers met.",
	    "Oil ministers met.");
	/* A slug wrapped over two lines, as DUC 2004's layout leaves it. */
	dateline_is("HARBOR'S NO. 1 STORM OF THE\nCENTURY _ ``Since its "
		    "earliest days ...''",
	    "``Since its earliest days ...''");

	arena_init(&a, 0);
	doc = "The council listed its plans.\n\n_ Repair the north pier.\n\n"
	      "-- Dredge the channel.\n\n\xe2\x80\xa2 Reopen the ferry.\n\n"
	      "-10 degrees was the low.\n\n_Paint the sheds.\n\n"
	      "--Open the market.\n\n-Clear the silt.\n";
	ok(struct_blocks(doc, strlen(doc), &a, &b, &n) == 0 && n == 8 &&
		strncmp(doc + b[1].off, "Repair", 6) == 0 &&
		strncmp(doc + b[2].off, "Dredge", 6) == 0 &&
		strncmp(doc + b[3].off, "Reopen", 6) == 0 &&
		strncmp(doc + b[4].off, "-10 degrees", 11) == 0 &&
		strncmp(doc + b[5].off, "Paint", 5) == 0 &&
		strncmp(doc + b[6].off, "Open", 4) == 0 &&
		strncmp(doc + b[7].off, "Clear", 5) == 0,
	    "a list item's mark is not part of its sentence");
	doc = "Harbor Reopens\n\nThe harbor reopened on Monday. Ferries ran.\n"
	      "-\nRead more: storms\n";
	ok(struct_blocks(doc, strlen(doc), &a, &b, &n) == 0 && n == 4,
	    "one block per line when lines are paragraphs (got %zu)", n);
	ok(n == 4 && b[0].kind == BLOCK_TITLE && b[1].kind == BLOCK_TEXT &&
		b[2].kind == BLOCK_JUNK && b[3].kind == BLOCK_LINK,
	    "title, text, junk, link");
	doc = "The harbor authority said on Monday that the storm had\n"
	      "damaged two piers and that ferries would not run before\n"
	      "the weekend, when engineers expect to finish repairs to\n"
	      "the main landing stage and the ticket hall beside it.\n"
	      "\n"
	      "Engineers worked through the night to clear the wreckage\n"
	      "from the water so that fishing boats could get out again\n"
	      "to sea, the authority said in a statement on its website.\n";
	ok(struct_blocks(doc, strlen(doc), &a, &b, &n) == 0 && n == 2,
	    "hard-wrapped prose is split at blank lines only (got %zu)", n);
	ok(n == 2 && b[0].kind == BLOCK_TEXT && b[1].kind == BLOCK_TEXT,
	    "both paragraphs are prose");
	doc = "FERRY-STRIKE _ LINDHOLM _ As the strike enters its third week, "
	      "the islanders fly to the mainland.\n";
	ok(struct_blocks(doc, strlen(doc), &a, &b, &n) == 0 && n == 1 &&
		b[0].kind == BLOCK_TEXT &&
		strncmp(doc + b[0].off, "As the strike", 13) == 0,
	    "a budget's slug and its dateline are both left out (\"%.12s\")",
	    n == 1 ? doc + b[0].off : "");
	doc = "FERRIES STOP AS STORM HITS\n\nTHE HARBOR CLOSED ON MONDAY.\n\n"
	      "ENGINEERS WILL REPAIR THE PIERS.\n";
	ok(struct_blocks(doc, strlen(doc), &a, &b, &n) == 0 && n == 3 &&
		b[0].kind == BLOCK_TITLE && b[1].kind == BLOCK_TEXT &&
		b[2].kind == BLOCK_TEXT,
	    "in a document all in capitals, sentences in capitals are prose");
	arena_release(&a);
	wrapped();
	markup();
	markdown();
	return tap_done();
}
