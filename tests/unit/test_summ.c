/* test_summ.c: the engine end to end, as a caller sees it: what is chosen,
 * what never is, where it came from, and how bad input is answered. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "cluster.h"
#include "summ.h"
#include "tap.h"
#include "text.h"

/* Three reports of one (invented) event, as outlets write them: a
 * headline, a dateline, a caption, a link line, and paraphrases. */
static const char doc0[] =
    "Storm Shuts Harbor at Lindholm\n"
    "\n"
    "LINDHOLM (Coastal Wire) -- A winter storm tore two ferry piers from "
    "their moorings at Lindholm harbor on Monday, and the port authority "
    "closed the harbor to all traffic until further notice.\n"
    "\n"
    "Waves of up to six meters broke over the sea wall overnight, flooding "
    "the ticket hall and the fish market beside it.\n"
    "\n"
    "No one was hurt, the authority said, because the last ferry had "
    "docked two hours before the storm reached the coast.\n"
    "\n"
    "Engineers expect repairs to the piers to take at least three weeks, "
    "and island residents will rely on a temporary air bridge.\n"
    "\n"
    "Read more: How Lindholm rebuilt after the 1999 storm\n";

static const char doc1[] =
    "Lindholm harbor closed after storm wrecks ferry piers\n"
    "This picture taken on Monday shows the broken pier at Lindholm "
    "(COASTAL WIRE/AFP)\n"
    "The port authority closed Lindholm harbor on Monday after a winter "
    "storm tore two ferry piers from their moorings.\n"
    "Nobody was injured because the final ferry of the day had docked two "
    "hours before the storm arrived, officials said.\n"
    "The fishing fleet stayed in port, and the fishermen's union warned "
    "that a long closure would cost its members their winter catch.\n"
    "Mayor Ingrid Sol said the town would ask the government for "
    "emergency funds to rebuild the piers before the summer season.\n";

static const char doc2[] =
    "OSLO: Island residents cut off from the mainland by the Lindholm "
    "harbor closure will be flown out by helicopter from Wednesday, the "
    "transport ministry said.\n"
    "The ministry said the air bridge would carry up to 400 passengers a "
    "day while engineers repair the two ferry piers wrecked by the "
    "storm.\n"
    "Mayor Ingrid Sol welcomed the flights but said the town needed the "
    "ferries back within a month.\n"
    "Original Source: www.example.org\n";

static struct summ_doc docs[3];

/* d[0, n): the texts, undated, nothing else set. */
static void
undated(struct summ_doc *d, const char *const *text, size_t n)
{
	size_t i;

	memset(d, 0, n * sizeof(*d));
	for (i = 0; i < n; i++) {
		d[i].text = text[i];
		d[i].text_len = strlen(text[i]);
		d[i].date = SUMM_NO_DATE;
	}
}

static void
setup(void)
{
	const char *const t[3] = {doc0, doc1, doc2};

	undated(docs, t, 3);
}

static int
run(const struct summ_opts *o, struct summ_result **r, struct summ_error *e)
{
	return summ_run(docs, 3, o, r, e);
}

/* Is the chosen sentence exactly these bytes of its document? */
static int
chose(const struct summ_result *r, const char *sentence)
{
	const struct summ_sentence *s;
	size_t i, n = strlen(sentence);

	for (i = 0; i < summ_result_count(r); i++) {
		s = summ_result_sentence(r, i);
		if (s->length == n &&
		    memcmp(docs[s->doc].text + s->offset, sentence, n) == 0)
			return 1;
	}
	return 0;
}

static int
chose_containing(const struct summ_result *r, const char *needle)
{
	const struct summ_sentence *s;
	size_t i, k, n = strlen(needle);

	for (i = 0; i < summ_result_count(r); i++) {
		s = summ_result_sentence(r, i);
		for (k = 0; k + n <= s->length; k++)
			if (memcmp(docs[s->doc].text + s->offset + k, needle,
				n) == 0)
				return 1;
	}
	return 0;
}

static void
test_summary(void)
{
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	const struct summ_sentence *s;
	const char *p;
	size_t i;
	int offsets = 1;

	summ_opts_init(&o);
	o.amount = 4;
	ok(run(&o, &r, &e) == 0, "a three-article cluster summarizes");
	if (r == NULL)
		return;
	ok(summ_result_count(r) == 4, "four sentences as asked (%zu)",
	    summ_result_count(r));
	for (i = 0; i < summ_result_count(r); i++) {
		s = summ_result_sentence(r, i);
		p = docs[s->doc].text + s->offset;
		/* Every offset points at a whole sentence: a capital first,
		 * a full stop last, and the text is inside the document. */
		if (s->offset + s->length > docs[s->doc].text_len ||
		    !(p[0] >= 'A' && p[0] <= 'Z') || p[s->length - 1] != '.')
			offsets = 0;
		printf("#   [%zu:%zu] %.*s\n", s->doc, s->index, (int)s->length,
		    p);
	}
	ok(offsets, "offsets and lengths frame whole sentences");
	ok(!chose_containing(r, "Storm Shuts Harbor") &&
		!chose_containing(r, "picture taken") &&
		!chose_containing(r, "Read more") &&
		!chose_containing(r, "Original Source") &&
		!chose_containing(r, "Coastal Wire") &&
		!chose_containing(r, "OSLO:"),
	    "no headline, caption, dateline or link line");
	ok(!(chose_containing(r, "No one was hurt") &&
	       chose_containing(r, "Nobody was injured")),
	    "the same fact from two outlets is not chosen twice");
	ok(!(chose_containing(r, "A winter storm tore") &&
	       chose_containing(r, "after a winter storm tore")),
	    "nor is the event itself");
	summ_result_free(r);

	/* The first article alone, all of it: the lead without its
	 * dateline, and nothing but prose. */
	o.amount = 1000;
	o.order = SUMM_ORDER_INPUT;
	ok(summ_run(docs, 1, &o, &r, &e) == 0 && r != NULL, "one article");
	if (r == NULL)
		return;
	s = summ_result_sentence(r, 0);
	is_span(docs[0].text + s->offset, s->length,
	    "A winter storm tore two ferry piers from their moorings at "
	    "Lindholm harbor on Monday, and the port authority closed the "
	    "harbor to all traffic until further notice.",
	    "the lead comes first, without its dateline");
	ok(summ_result_count(r) >= 3 && summ_result_count(r) <= 4,
	    "three or four sentences of prose, no furniture (%zu)",
	    summ_result_count(r));
	summ_result_free(r);
}

static void
test_budgets(void)
{
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	const struct summ_sentence *s;
	size_t i, words = 0, bytes = 0, n;
	int rc;

	summ_opts_init(&o);
	o.unit = SUMM_WORDS;
	o.amount = 3;
	rc = run(&o, &r, &e);
	ok(rc == SUMM_EBUDGET && r == NULL,
	    "a budget smaller than any sentence is an error, not a crash");
	ok(strlen(e.message) > 0, "with a message: %s", e.message);

	o.amount = 60;
	ok(run(&o, &r, &e) == 0, "60 words");
	for (i = 0; r != NULL && i < summ_result_count(r); i++)
		words += summ_result_sentence(r, i)->words;
	ok(words <= 60 && words >= 30,
	    "fill 60 words without passing it "
	    "(%zu)",
	    words);
	summ_result_free(r);

	o.unit = SUMM_BYTES;
	o.amount = 300;
	ok(run(&o, &r, &e) == 0, "300 bytes");
	for (i = 0; r != NULL && i < summ_result_count(r); i++)
		bytes += summ_result_sentence(r, i)->length + (i > 0);
	ok(bytes <= 300,
	    "bytes, with one space between sentences, fit "
	    "(%zu)",
	    bytes);
	summ_result_free(r);

	o.unit = SUMM_SENTENCES;
	o.amount = 1000;
	ok(run(&o, &r, &e) == 0, "a budget larger than the cluster");
	n = r ? summ_result_count(r) : 0;
	ok(n > 4 && n < summ_result_stats(r)->candidates,
	    "gives every sentence but the repeats (%zu of %zu)", n,
	    summ_result_stats(r)->candidates);
	for (i = 1; r != NULL && i < n; i++)
		if (summ_result_sentence(r, i)->score >
		    summ_result_sentence(r, 0)->score)
			break;
	ok(n > 0 && i == n, "undated: the best sentence leads");
	for (i = 2; r != NULL && i < n; i++) {
		s = summ_result_sentence(r, i);
		if (s->doc < summ_result_sentence(r, i - 1)->doc)
			break;
	}
	ok(i >= n, "and the rest follow in input order");
	summ_result_free(r);

	o.unit = SUMM_RATIO;
	o.amount = 0.25;
	ok(run(&o, &r, &e) == 0 && r != NULL &&
		summ_result_count(r) <=
		    (summ_result_stats(r)->candidates + 3) / 4,
	    "a ratio of the candidates");
	summ_result_free(r);

	o.unit = SUMM_SENTENCES;
	o.amount = 0;
	ok(run(&o, &r, &e) == SUMM_EINVAL, "a zero budget is refused");
	o.amount = -1;
	ok(run(&o, &r, &e) == SUMM_EINVAL, "a negative one too");
	o.unit = SUMM_RATIO;
	o.amount = 1.5;
	ok(run(&o, &r, &e) == SUMM_EINVAL, "and a ratio over 1");
}

static void
test_errors(void)
{
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	struct summ_doc bad[2], empty[2];
	static const char broken[] = "A fine start.\nThen \xc0\xaf a bad byte.";

	summ_opts_init(&o);
	ok(summ_run(docs, 0, &o, &r, &e) == SUMM_EEMPTY, "no documents");

	memset(empty, 0, sizeof(empty));
	empty[0].text = "";
	empty[1].text = "   \n\n  ";
	empty[1].text_len = 7;
	empty[0].date = empty[1].date = SUMM_NO_DATE;
	ok(summ_run(empty, 2, &o, &r, &e) == SUMM_EEMPTY,
	    "empty documents: nothing to summarize");
	ok(strstr(e.message, "no document") != NULL, "says so: %s", e.message);

	bad[0] = docs[0];
	bad[1] = docs[1];
	bad[1].text = broken;
	bad[1].text_len = sizeof(broken) - 1;
	ok(summ_run(bad, 2, &o, &r, &e) == SUMM_EUTF8 && e.doc == 1 &&
		e.offset == 19,
	    "invalid UTF-8 names document 1, byte 19 (%zu, %zu)", e.doc,
	    e.offset);
	ok(strstr(e.message, "byte 19") != NULL, "message: %s", e.message);

	bad[1] = docs[1];
	bad[1].text = "Headline only";
	bad[1].text_len = 13;
	ok(summ_run(bad, 2, &o, &r, &e) == 0 && r != NULL,
	    "a document with no sentence does not spoil the cluster");
	summ_result_free(r);
	r = NULL;

	o.deadline = 1; /* long past */
	ok(summ_run(docs, 3, &o, &r, &e) == SUMM_ETIME && r == NULL,
	    "past its deadline: SUMM_ETIME, no result");
	o.deadline = 0;

	o.max_memory = 4096;
	ok(summ_run(docs, 3, &o, &r, &e) == SUMM_ENOMEM && r == NULL,
	    "over the memory cap: an error");
	ok(strstr(e.message, "memory cap") != NULL, "message: %s", e.message);
}

static void
test_determinism_and_order(void)
{
	struct summ_opts o;
	struct summ_result *a = NULL, *b = NULL;
	struct summ_error e;
	size_t i, n;
	int same = 1;

	summ_opts_init(&o);
	o.amount = 3;
	run(&o, &a, &e);
	run(&o, &b, &e);
	n = a ? summ_result_count(a) : 0;
	same = b != NULL && n == summ_result_count(b);
	for (i = 0; same && i < n; i++)
		same = memcmp(summ_result_sentence(a, i),
			   summ_result_sentence(b, i),
			   sizeof(struct summ_sentence)) == 0;
	ok(same && n == 3, "the same input gives the same output");
	summ_result_free(a);
	summ_result_free(b);

	/* Date the last article first: chronological order follows. */
	docs[0].date = 2000;
	docs[1].date = 3000;
	docs[2].date = 1000;
	o.amount = 6;
	run(&o, &a, &e);
	n = a ? summ_result_count(a) : 0;
	ok(n > 1 && summ_result_sentence(a, 0)->doc == 2,
	    "the earliest article's sentence comes first");
	for (i = 1, same = 1; i < n; i++)
		if (docs[summ_result_sentence(a, i)->doc].date <
		    docs[summ_result_sentence(a, i - 1)->doc].date)
			same = 0;
	ok(same, "and dates never go backwards");
	summ_result_free(a);

	/* Only a fourth article is dated, and it gives no sentence: the
	 * order is still a timeline (the undated after the dated, in input
	 * order), not the best sentence first. */
	{
		struct summ_doc four[4];

		memcpy(four, docs, sizeof(docs));
		four[0].date = four[1].date = four[2].date = SUMM_NO_DATE;
		memset(&four[3], 0, sizeof(four[3]));
		four[3].text = "Later.";
		four[3].text_len = 6;
		four[3].date = 5000;
		o.amount = 6;
		a = NULL;
		summ_run(four, 4, &o, &a, &e);
		n = a ? summ_result_count(a) : 0;
		for (i = 1, same = 1; i < n; i++)
			if (summ_result_sentence(a, i)->doc <
				summ_result_sentence(a, i - 1)->doc ||
			    (summ_result_sentence(a, i)->doc ==
				    summ_result_sentence(a, i - 1)->doc &&
				summ_result_sentence(a, i)->index <
				    summ_result_sentence(a, i - 1)->index))
				same = 0;
		ok(n > 1 && same,
		    "a dated article without a chosen sentence: the undated "
		    "ones in input order");
		summ_result_free(a);
	}

	o.order = SUMM_ORDER_SCORE;
	run(&o, &a, &e);
	n = a ? summ_result_count(a) : 0;
	for (i = 1, same = 1; i < n; i++)
		if (summ_result_sentence(a, i)->score >
		    summ_result_sentence(a, i - 1)->score)
			same = 0;
	ok(n > 1 && same, "score order is best first");
	summ_result_free(a);
	docs[0].date = docs[1].date = docs[2].date = SUMM_NO_DATE;
}

static void
test_duplicates_and_query(void)
{
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	struct summ_doc twice[3];
	size_t i, j, n;
	int dup = 0;

	summ_opts_init(&o);
	o.amount = 10;
	twice[0] = docs[0];
	twice[1] = docs[0];
	twice[2] = docs[1];
	ok(summ_run(twice, 3, &o, &r, &e) == 0, "a cluster with an article "
						"sent twice");
	n = r ? summ_result_count(r) : 0;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++)
			if (summ_result_sentence(r, i)->length ==
				summ_result_sentence(r, j)->length &&
			    memcmp(twice[summ_result_sentence(r, i)->doc].text +
				       summ_result_sentence(r, i)->offset,
				twice[summ_result_sentence(r, j)->doc].text +
				    summ_result_sentence(r, j)->offset,
				summ_result_sentence(r, i)->length) == 0)
				dup = 1;
	ok(!dup, "never repeats a sentence");
	summ_result_free(r);

	o.amount = 2;
	o.query = "fishermen winter catch union";
	o.query_len = strlen(o.query);
	ok(run(&o, &r, &e) == 0 && r != NULL, "a query");
	ok(r != NULL &&
		chose(r, "The fishing fleet stayed in port, and the "
			 "fishermen's union warned that a long closure would "
			 "cost its members their winter catch."),
	    "brings the sentence it asks about into a short summary");
	summ_result_free(r);
}

/* s with a soft hyphen after every third letter of each word of seven or
 * more, as a site's hyphenation hints put them ("Lin\xc2\xaddho\xc2\xadlm");
 * to be freed. */
static char *
hyphenated(const char *s)
{
	char *out = malloc(3 * strlen(s) + 1), *o = out;
	size_t i, n;

	if (out == NULL)
		return NULL;
	while (*s != '\0') {
		for (n = 0; (s[n] >= 'a' && s[n] <= 'z') ||
			    (s[n] >= 'A' && s[n] <= 'Z');
		     n++)
			;
		for (i = 0; i < n; i++) {
			if (n >= 7 && i > 0 && i % 3 == 0) {
				memcpy(o, "\xc2\xad", 2);
				o += 2;
			}
			*o++ = s[i];
		}
		if (n == 0)
			*o++ = *s++;
		s += n;
	}
	*o = '\0';
	return out;
}

/* s[0, n) without its soft hyphens into out (room for n + 1). */
static void
unhyphenated(const char *s, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (i + 1 < n && memcmp(s + i, "\xc2\xad", 2) == 0)
			i++;
		else
			*out++ = s[i];
	*out = '\0';
}

/* A German report from the wire and the same from a site that sent it
 * with soft hyphens, as German sites hyphenate their long words, and
 * another report: an invisible hint is no break in a word, so the site's
 * copy repeats the wire's sentences and is never chosen beside them. */
static void
test_soft_hyphens(void)
{
	static const char wire[] =
	    "Die Bundesregierung hat am Mittwoch beschlossen, die F\xc3\xb6rderung "
	    "erneuerbarer Energien deutlich auszuweiten. Der "
	    "Wirtschaftsminister k\xc3\xbcndigte an, dass die Ausschreibungen "
	    "f\xc3\xbcr Windkraftanlagen verdoppelt werden sollen. "
	    "Umweltverb\xc3\xa4nde begr\xc3\xbc\xc3\x9ften die Entscheidung, "
	    "forderten aber zus\xc3\xa4tzliche Investitionen in die Stromnetze. "
	    "Die Opposition kritisierte die Pl\xc3\xa4ne als unzureichend und "
	    "verwies auf steigende Strompreise.\n";
	static const char other[] =
	    "Die Landesregierung in M\xc3\xbcnchen erwartet in diesem Jahr "
	    "h\xc3\xb6here Steuereinnahmen als urspr\xc3\xbcnglich geplant. Der "
	    "Finanzminister will einen Teil des Geldes in die Sanierung von "
	    "Schulen und Krankenh\xc3\xa4usern stecken. Kommunale "
	    "Spitzenverb\xc3\xa4nde fordern eine st\xc3\xa4rkere Beteiligung der "
	    "St\xc3\xa4\x64te an den zus\xc3\xa4tzlichen Einnahmen.\n";
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	struct summ_doc d[3];
	const struct summ_sentence *a, *b;
	const char *const t[3] = {wire, other, wire};
	char *site = hyphenated(wire), x[1024], y[1024];
	size_t i, j, n, twice = 0;

	if (site == NULL || strstr(site, "Bun\xc2\xad") == NULL) {
		ok(0, "soft hyphens: no copy");
		free(site);
		return;
	}
	summ_opts_init(&o);
	o.amount = 8;
	undated(d, t, 3);
	d[2].text = site;
	d[2].text_len = strlen(site);
	ok(summ_run(d, 3, &o, &r, &e) == 0, "a copy with soft hyphens");
	n = r != NULL ? summ_result_count(r) : 0;
	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			a = summ_result_sentence(r, i);
			b = summ_result_sentence(r, j);
			if (a->length >= sizeof(x) || b->length >= sizeof(y))
				continue;
			unhyphenated(d[a->doc].text + a->offset, a->length, x);
			unhyphenated(d[b->doc].text + b->offset, b->length, y);
			twice += strcmp(x, y) == 0;
		}
	ok(n > 0 && twice == 0,
	    "no sentence is chosen twice, with and without soft hyphens "
	    "(%zu of %zu twice)",
	    twice, n);
	summ_result_free(r);
	free(site);
}

/* Two outlets quote an official on the main fact; the third tells it in
 * its own words. */
static const char *const quoting[] = {
    "\"The dam at Varna burst on Sunday and flooded the valley,\" the "
    "governor said.\nRescue teams reached three villages by boat on "
    "Monday.\n",
    "\"The dam at Varna burst on Sunday and flooded the valley,\" a police "
    "spokesman told reporters.\nSchools in the valley will stay closed "
    "this week.\n",
    "After days of heavy rain, the old dam at Varna burst on Sunday evening "
    "and water flooded the valley below it.\nEngineers had warned about "
    "cracks in the dam last year.\n",
};

/* The same, but the first outlet's quote runs on: its second sentence,
 * the main fact, opens with no quotation mark of its own. */
static const char *const running[] = {
    "The governor spoke in the square at noon.\n\n\"We did what we could. "
    "The dam at Varna burst on Sunday and flooded the valley. Now we "
    "rebuild,\" she said.\n",
    "\"The dam at Varna burst on Sunday and flooded the valley,\" a police "
    "spokesman told reporters.\nSchools in the valley will stay closed "
    "this week.\n",
    "After days of heavy rain, the old dam at Varna burst on Sunday evening "
    "and water flooded the valley below it.\nEngineers had warned about "
    "cracks in the dam last year.\n",
};

/* The same with typographic quotation marks, the quote opening after
 * more than sixteen bytes of its paragraph: marks are looked for sixteen
 * bytes a step. */
static const char *const running_curly[] = {
    "The governor spoke in the square at noon, and then: \xe2\x80\x9cWe "
    "did what we could. The dam at Varna burst on Sunday and flooded the "
    "valley. Now we rebuild,\xe2\x80\x9d she said.\n",
    "\xe2\x80\x9cThe dam at Varna burst on Sunday and flooded the "
    "valley,\xe2\x80\x9d a police spokesman told reporters.\nSchools in "
    "the valley will stay closed this week.\n",
    "After days of heavy rain, the old dam at Varna burst on Sunday evening "
    "and water flooded the valley below it.\nEngineers had warned about "
    "cracks in the dam last year.\n",
};

/* A fourth report on the storm, with words a brief asks with. */
static const char doc3[] =
    "The losses include nets, traps and two trawlers, according to "
    "information from the fishermen's union.\n";

static const char *
text_of(const struct summ_doc *d, const struct summ_sentence *s)
{
	return d[s->doc].text + s->offset;
}

static void
test_quotes_and_asks(void)
{
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	struct summ_doc four[4], q[3];
	const struct summ_sentence *s;
	size_t i, n;
	int found = 0;
	double fq = -1;

	undated(q, quoting, 3);
	summ_opts_init(&o);
	o.unit = SUMM_WORDS;
	o.amount = 25;
	ok(summ_run(q, 3, &o, &r, &e) == 0, "a cluster that quotes");
	s = r != NULL && summ_result_count(r) > 0 ? summ_result_sentence(r, 0)
						  : NULL;
	ok(s != NULL && summ_result_count(r) == 1 && s->doc == 2,
	    "tells the main fact in an outlet's words, not a quote of it");
	summ_result_free(r);
	undated(q, running, 3);
	ok(summ_run(q, 3, &o, &r, &e) == 0, "a cluster whose quote runs on");
	s = r != NULL && summ_result_count(r) > 0 ? summ_result_sentence(r, 0)
						  : NULL;
	ok(s != NULL && summ_result_count(r) == 1 && s->doc == 2,
	    "nor a sentence in the middle of a quote (doc %d)",
	    s != NULL ? (int)s->doc : -1);
	summ_result_free(r);
	undated(q, running_curly, 3);
	ok(summ_run(q, 3, &o, &r, &e) == 0 && summ_result_count(r) == 1 &&
		summ_result_sentence(r, 0)->doc == 2,
	    "nor with typographic marks, the quote opening mid-paragraph");
	summ_result_free(r);

	memset(four, 0, sizeof(four));
	memcpy(four, docs, sizeof(docs));
	four[3].text = doc3;
	four[3].text_len = strlen(doc3);
	four[3].date = SUMM_NO_DATE;
	/* "Discuss", "include", "information", "regarding" name no topic:
	 * the sentence that says "include" and "information" is not made
	 * relevant by them. */
	o.unit = SUMM_RATIO;
	o.amount = 1;
	o.query = "Discuss the harbor. Include information regarding piers.";
	o.query_len = strlen(o.query);
	ok(summ_run(four, 4, &o, &r, &e) == 0, "a query with a brief's words");
	n = r ? summ_result_count(r) : 0;
	for (i = 0; i < n; i++) {
		s = summ_result_sentence(r, i);
		if (strncmp(text_of(four, s), "The losses include", 18) == 0) {
			found = 1;
			fq = s->features.query;
		}
	}
	ok(found && fq == 0,
	    "a brief's words do not make a sentence relevant "
	    "(query feature %g)",
	    fq);
	summ_result_free(r);
}

/*
 * Four reports of a flood, each opening with the water in the market
 * square and closing, after six details of its own, with the engineers at
 * the levee. Both facts are in every report; the later one has more pairs
 * of words, but a fact the reports tell first is likelier in a reader's
 * summary (the concept model), so a one-sentence summary tells it.
 */
static const char *const flood[] = {
    "Floodwater from the Soline river reached the old market square of "
    "Varenne on Tuesday morning. A baker on Rue Haute moved her ovens "
    "upstairs overnight. School buses were parked on the hill above the "
    "cemetery. The fire brigade pumped water out of the hospital basement. "
    "Volunteers filled sandbags at the football ground until dawn. A farmer "
    "lost forty sheep in the lower meadows. Trains to the coast were "
    "cancelled for the rest of the week. Engineers from the regional water "
    "board inspected the cracked levee near the paper mill and the railway "
    "bridge.\n",
    "On Tuesday floodwater from the Soline river reached the old market "
    "square of Varenne, residents said. Shops near the harbour closed their "
    "shutters before noon. The town hall opened its gymnasium to families "
    "who left their homes. Several cars floated down the avenue of plane "
    "trees. A choir cancelled its concert in the flooded church. Police "
    "closed the road to the airport in both directions. Drinking water was "
    "handed out in plastic bottles at the station. Engineers from the "
    "regional water board later inspected the cracked levee near the paper "
    "mill and the railway bridge.\n",
    "Floodwater from the Soline river reached the old market square of "
    "Varenne on Tuesday, the mayor said. An elderly couple was rescued from "
    "a roof by a fishing boat. The museum carried its paintings to the top "
    "floor. Farmers on the plain moved cattle to higher fields. Electricity "
    "failed in three districts for six hours. A supermarket gave away bread "
    "that would otherwise spoil. The prefect asked people to avoid travel "
    "after dark. Two engineers from the regional water board inspected the "
    "cracked levee near the paper mill and the railway bridge.\n",
    "By Tuesday floodwater from the Soline river had reached the old market "
    "square of Varenne. Rain had fallen for nine days in the mountains "
    "upstream. A campsite by the river was evacuated in the night. "
    "Insurance companies sent assessors to the town on Wednesday. Children "
    "watched the brown water from the bridge railings. The bakery "
    "cooperative lent its vans to the rescue teams. Forecasters expect the "
    "river to fall slowly by the weekend. Engineers from the regional water "
    "board also inspected the cracked levee near the paper mill and the "
    "railway bridge.\n",
};

/* Where r's sentences come from, in their order (document, offset), into
 * buf; how many. */
static size_t
sources_of(const struct summ_result *r, uint64_t *buf, size_t max)
{
	const struct summ_sentence *s;
	size_t i, n = r != NULL ? summ_result_count(r) : 0;

	for (i = 0; i < n && i < max; i++) {
		s = summ_result_sentence(r, i);
		buf[i] = (uint64_t)s->doc << 32 | s->offset;
	}
	return n;
}

/* A query the reports say nothing of asks for nothing in them: the
 * summary without it, not one the query's settings choose. */
static void
test_query_absent(void)
{
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	struct summ_doc d[4];
	uint64_t a[16], b[16];
	size_t na, nb, words;

	undated(d, flood, 4);
	for (words = 20; words <= 120; words += 20) {
		summ_opts_init(&o);
		o.unit = SUMM_WORDS;
		o.amount = (double)words;
		ok(summ_run(d, 4, &o, &r, &e) == 0, "%zu words", words);
		na = sources_of(r, a, 16);
		summ_result_free(r);
		o.query = "Zanzibar volcano eruption";
		o.query_len = strlen(o.query);
		ok(summ_run(d, 4, &o, &r, &e) == 0, "with a query");
		nb = sources_of(r, b, 16);
		summ_result_free(r);
		ok(na > 0 && na == nb && na <= 16 &&
			memcmp(a, b, na * sizeof(*a)) == 0,
		    "%zu words: a query of nothing in the reports gives the "
		    "same sentences (%zu, %zu)",
		    words, na, nb);
	}
}

/* A query's entities are read as the articles' are: "&amp;" is "&",
 * not a word "amp" that makes every sentence seem less relevant. */
static void
test_query_entities(void)
{
	static const char *const q[] = {
	    "Soline flood &amp; levee", "Soline flood & levee"};
	struct summ_opts o;
	struct summ_result *r[2] = {NULL, NULL};
	struct summ_error e;
	struct summ_doc d[4];
	const struct summ_sentence *a, *b;
	size_t i, k, same = 0, n = 0;

	undated(d, flood, 4);
	for (k = 0; k < 2; k++) {
		summ_opts_init(&o);
		o.amount = 3;
		o.query = q[k];
		o.query_len = strlen(q[k]);
		ok(summ_run(d, 4, &o, &r[k], &e) == 0, "query \"%s\"", q[k]);
	}
	if (r[0] != NULL && r[1] != NULL &&
	    (n = summ_result_count(r[0])) == summ_result_count(r[1]))
		for (i = 0; i < n; i++) {
			a = summ_result_sentence(r[0], i);
			b = summ_result_sentence(r[1], i);
			same += a->doc == b->doc && a->offset == b->offset &&
				a->features.query > 0 &&
				a->features.query == b->features.query;
		}
	ok(n == 3 && same == n,
	    "\"&amp;\" in a query: the sentences and their query scores "
	    "of \"&\" (%zu of %zu)",
	    same, n);
	summ_result_free(r[0]);
	summ_result_free(r[1]);
}

static void
test_first_told(void)
{
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	struct summ_doc d[4];
	const struct summ_sentence *s;

	undated(d, flood, 4);
	summ_opts_init(&o);
	o.amount = 1;
	ok(summ_run(d, 4, &o, &r, &e) == 0, "four reports of a flood");
	s = r != NULL && summ_result_count(r) == 1 ? summ_result_sentence(r, 0)
						   : NULL;
	ok(s != NULL && s->index == 0,
	    "one sentence tells what the reports tell first (sentence %d)",
	    s != NULL ? (int)s->index : -1);
	summ_result_free(r);
}

/* Three short reports of a flood, and a feature on one family it hit that
 * names the family in every sentence. */
static const char *const tolvik[] = {
    "The river Maren burst its banks at Tolvik on Saturday, flooding four "
    "hundred homes in the lower town.\n"
    "Rescue crews moved more than a thousand residents to the sports hall "
    "overnight.\n"
    "The regional council said the water would take a week to recede.\n",
    "Floodwater from the river Maren filled four hundred homes in the "
    "lower town of Tolvik on Saturday.\n"
    "More than a thousand residents spent the night in the sports hall "
    "after rescue crews moved them.\n",
    "Tolvik counted the damage on Sunday after the river Maren flooded "
    "four hundred homes.\n"
    "The regional council asked the government for help to repair the "
    "homes before winter.\n",
    "For three generations the Varga family has baked bread in the lower "
    "town.\n"
    "Anna Varga opened the Varga bakery with her husband Josef Varga in "
    "1961.\n"
    "Her grandson Peter Varga still bakes Anna Varga's rye bread at four "
    "every morning.\n"
    "On Saturday the Varga bakery stood in a meter of water, and Peter "
    "Varga carried the sourdough starter upstairs.\n"
    "Anna Varga, now 88, watched from the window as Peter Varga and his "
    "sister Eva Varga saved the family recipe book.\n"
    "The Varga family says the bakery will open again, as it did after "
    "the fire of 1979.\n"
    "Eva Varga has started a collection for the bakery's new ovens.\n",
};

/* Every sentence of the first n articles of tolvik, with its features. */
static struct summ_result *
every_sentence(struct summ_doc *d, size_t first, size_t n)
{
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;

	undated(d, tolvik + first, n);
	summ_opts_init(&o);
	o.amount = 100;
	o.redundancy = 1.01; /* nothing is a repeat */
	o.coverage = 0;
	o.min_words = 1;
	if (summ_run(d, n, &o, &r, &e) != 0)
		return NULL;
	return r;
}

/*
 * What one article tells of itself is not the cluster's topic: the
 * family's name sums high in the centroid (a term's weights over the
 * sentences) and links the feature's sentences to each other in the
 * LexRank graph. Weighed by how many articles tell it, and linked only
 * across articles, what the reports share ranks first on both.
 */
static void
test_one_article_story(void)
{
	struct summ_doc d[4];
	struct summ_result *r;
	const struct summ_sentence *s;
	double lead = 2, feature = -1, shared = 2, own = -1, c;
	size_t i, n;
	int distinct = 0;

	r = every_sentence(d, 0, 4);
	n = r != NULL ? summ_result_count(r) : 0;
	ok(n == 14, "every sentence of the four articles (%zu)", n);
	for (i = 0; i < n; i++) {
		s = summ_result_sentence(r, i);
		if (s->doc == 3) {
			if (s->features.centroid > feature)
				feature = s->features.centroid;
			if (s->features.centrality > own)
				own = s->features.centrality;
			continue;
		}
		/* The reports' opening sentences: what all three tell. */
		if (s->index == 0 && s->features.centroid < lead)
			lead = s->features.centroid;
		if (s->features.centrality < shared)
			shared = s->features.centrality;
	}
	ok(n > 0 && lead > feature,
	    "centroid: each report's lead above every sentence of the "
	    "feature (%.3f, %.3f)",
	    lead, feature);
	ok(n > 0 && shared > own,
	    "LexRank: each report's sentence above every sentence of the "
	    "feature (%.3f, %.3f)",
	    shared, own);
	summ_result_free(r);

	/* Alone, the feature's sentences are linked to each other. */
	r = every_sentence(d, 3, 1);
	n = r != NULL ? summ_result_count(r) : 0;
	for (i = 0, c = -1; i < n; i++) {
		s = summ_result_sentence(r, i);
		distinct += c >= 0 && s->features.centrality != c;
		c = s->features.centrality;
	}
	ok(n == 7 && distinct > 0,
	    "one article alone: its sentences not all as central (%zu, %d)", n,
	    distinct);
	summ_result_free(r);
}

/* Chinese counts a character a word, and a news lead of a hundred
 * characters (some 60 words) is a sentence to choose; a run-on of nearly
 * two hundred is not. */
static void
test_cjk_long(void)
{
	static const char *const text[] = {
	    "据市气象台介绍，受今年第十五号台风影响，本市东部沿海地区自昨"
	    "天傍晚起普遍出现大风和强降雨天气，部分街道积水超过半米，全市"
	    "共有三百多个航班被取消，四条地铁线路一度暂停运营，市政府已于"
	    "今天凌晨启动防汛二级应急响应。"
	    "目前，数千名抢修人员正在连夜清理倒伏的树木和积水。"
	    "气象部门预计，台风将于明天上午减弱为热带风暴并逐渐远离本市。"
	    "市民政局表示，全市已开放一百二十个临时避难场所，累计转移安置"
	    "沿海低洼地区群众两万余人，各安置点均配备了饮用水、食品、药品"
	    "和床铺，并安排医护人员二十四小时值守，目前没有接到人员伤亡的"
	    "报告，相关工作仍在有序进行之中，有关部门提醒市民，在台风完全"
	    "离开以前，尽量不要外出，远离海边、河道和危险建筑，注意收听天"
	    "气预报和预警信息，如遇紧急情况请及时拨打救助电话，切勿擅自返"
	    "回低洼地区或者前往海边观看风浪。",
	};
	const struct summ_stats *st = NULL;
	struct summ_result *r = NULL;
	struct summ_error e;
	struct summ_opts o;
	struct summ_doc d;

	summ_opts_init(&o);
	o.amount = 1;
	undated(&d, text, 1);
	ok(summ_run(&d, 1, &o, &r, &e) == 0 && r != NULL,
	    "a Chinese article with a long lead");
	st = r != NULL ? summ_result_stats(r) : NULL;
	ok(st != NULL && st->sentences == 4 && st->candidates == 3,
	    "its 105-character lead a candidate, its 196-character run-on "
	    "not (%zu sentences, %zu candidates)",
	    st ? st->sentences : 0, st ? st->candidates : 0);
	summ_result_free(r);
}

/* A table's terms, order aside: how many, a sum of their hashes, and
 * whether a piece of an entity ("amp", "nbsp", "8217") is among them. */
struct bag {
	size_t n;
	uint64_t sum;
	int entity;
};

static int
bag_add(const char *term, size_t len, uint64_t df, void *arg)
{
	struct bag *b = arg;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	(void)df;
	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)term[i]) * 0x100000001b3ULL;
	b->n++;
	b->sum += h;
	b->entity |= (len == 3 && memcmp(term, "amp", 3) == 0) ||
		     (len == 4 && memcmp(term, "nbsp", 4) == 0) ||
		     (len == 4 && memcmp(term, "8217", 4) == 0);
	return 0;
}

/* A page's entities count as their characters: its terms are those of
 * the same text written plainly. */
static void
test_idf_entities(void)
{
	static const char plain[] =
	    "Tom & Jerry\xe2\x80\x99s caf\xc3\xa9 opened\xc2\xa0on Monday. "
	    "The caf\xc3\xa9 sells coffee.";
	static const char page[] =
	    "<p>Tom &amp; Jerry&#8217;s caf&#233; opened&nbsp;on "
	    "Monday.</p><p>The caf&#233; sells coffee.</p>";
	struct summ_idf *a = NULL, *b = NULL;
	struct bag pa = {0, 0, 0}, pb = {0, 0, 0};

	ok(summ_idf_new(&a) == 0 && summ_idf_new(&b) == 0 &&
		summ_idf_add_text(a, plain, strlen(plain)) == 0 &&
		summ_idf_add_text(b, page, strlen(page)) == 0,
	    "learns from a text and from its web page");
	summ_idf_foreach(a, bag_add, &pa);
	summ_idf_foreach(b, bag_add, &pb);
	ok(pb.n > 5 && pa.n == pb.n && pa.sum == pb.sum && !pb.entity,
	    "the page gives the text's %zu terms (%zu, entity pieces %d)", pa.n,
	    pb.n, pb.entity);
	summ_idf_free(a);
	summ_idf_free(b);
}

struct feed {
	struct summ_idf *idf;
	const char *text;
	int rc;
};

static void *
feed(void *arg)
{
	struct feed *f = arg;

	f->rc = summ_idf_add_text(f->idf, f->text, strlen(f->text));
	return NULL;
}

/* A model fed on a thread that has ended, then on this one, has the words
 * of one fed on one thread (a thread's memo of stems is freed with it:
 * read under ASan or valgrind, the suite's other runs). */
static void
test_idf_threads(void)
{
	static const char one[] = "The harbor closed after the storm. "
				  "Ferries stopped running for the week.";
	static const char two[] = "Repairs to the damaged piers began on "
				  "Monday, engineers said.";
	struct summ_idf *a = NULL, *b = NULL;
	struct bag pa = {0, 0, 0}, pb = {0, 0, 0};
	struct feed f = {NULL, one, -1};
	pthread_t th;
	int fed;

	fed = summ_idf_new(&a) == 0 && summ_idf_new(&b) == 0 &&
	      summ_idf_add_text(a, one, strlen(one)) == 0 &&
	      summ_idf_add_text(a, two, strlen(two)) == 0;
	f.idf = b;
	fed = fed && pthread_create(&th, NULL, feed, &f) == 0 &&
	      pthread_join(th, NULL) == 0 && f.rc == 0 &&
	      summ_idf_add_text(b, two, strlen(two)) == 0;
	ok(fed, "a model fed on a thread that has ended, then on this one");
	summ_idf_foreach(a, bag_add, &pa);
	summ_idf_foreach(b, bag_add, &pb);
	ok(pa.n > 8 && pa.n == pb.n && pa.sum == pb.sum,
	    "has the terms of one fed on one thread (%zu, %zu)", pa.n, pb.n);
	summ_idf_free(a);
	summ_idf_free(b);
}

static void
test_idf(void)
{
	struct summ_idf *idf = NULL;
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;

	ok(summ_idf_new(&idf) == 0, "a background IDF table");
	ok(summ_idf_add_text(idf, doc0, strlen(doc0)) == 0 &&
		summ_idf_add_text(idf, doc1, strlen(doc1)) == 0,
	    "learns from articles");
	ok(summ_idf_docs(idf) == 2, "counting documents");
	ok(summ_idf_add_text(idf, "\xff", 1) == SUMM_EUTF8,
	    "refuses invalid UTF-8");
	summ_opts_init(&o);
	o.idf = idf;
	ok(run(&o, &r, &e) == 0 && r != NULL && summ_result_count(r) == 5,
	    "and is used by summ_run");
	summ_result_free(r);
	summ_idf_free(idf);
	summ_idf_free(NULL);
	summ_result_free(NULL);
	ok(1, "freeing NULL is a no-op");
}

static void
test_update(void)
{
	struct summ_doc d[4];
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	size_t i, n, fresh = 0;

	memcpy(d, docs, sizeof(docs));
	d[0].seen = d[1].seen = 1;
	summ_opts_init(&o);
	o.amount = 3;
	ok(summ_run(d, 3, &o, &r, &e) == 0 && r != NULL,
	    "an update summary: two articles seen, one new");
	n = r != NULL ? summ_result_count(r) : 0;
	for (i = 0; i < n; i++)
		fresh += summ_result_sentence(r, i)->doc == 2;
	ok(n > 0 && fresh == n,
	    "takes its sentences from the new article "
	    "only (%zu of %zu)",
	    fresh, n);
	summ_result_free(r);
	r = NULL;

	/* The new article again, now beside a copy the reader has seen. */
	d[3] = d[2];
	d[2].seen = 1;
	d[3].seen = 0;
	ok(summ_run(d, 4, &o, &r, &e) == 0 && r != NULL &&
		summ_result_count(r) == 0,
	    "a new article that only repeats what was seen adds nothing");
	summ_result_free(r);
	r = NULL;

	d[3].seen = 1;
	ok(summ_run(d, 4, &o, &r, &e) == 0 && r != NULL &&
		summ_result_count(r) == 0,
	    "nor does a cluster with no new article");
	summ_result_free(r);
}

/*
 * The same fact in other words: a new article that retells, reworded, what
 * an article the reader has seen told, beside facts of its own. Its
 * retelling is the cluster's most central sentence, yet not chosen.
 */
static void
test_update_reworded(void)
{
	static const char *const text[] = {
	    "Floodwater from the Alder River swept through the mill district "
	    "of Norrby on Tuesday night. Two hundred homes lost power, the "
	    "utility said.",
	    "The Alder River flooded the mill district of Norrby on Tuesday "
	    "night. A footbridge near the old tannery was closed.",
	    "On Tuesday night the swollen Alder River flooded the whole mill "
	    "district of Norrby, officials said. Volunteers filled sandbags "
	    "in the school gym until dawn. The mayor asked residents to boil "
	    "their tap water for a week. Buses will run on the hill road "
	    "instead of the river road.",
	};
	struct summ_doc d[3];
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	const struct summ_sentence *s;
	size_t i, n, retold = 0, fresh = 0;

	undated(d, text, 3);
	d[0].seen = d[1].seen = 1;
	summ_opts_init(&o);
	o.amount = 2;
	ok(summ_run(d, 3, &o, &r, &e) == 0 && r != NULL,
	    "an update summary of a retold fact");
	n = r != NULL ? summ_result_count(r) : 0;
	for (i = 0; i < n; i++) {
		s = summ_result_sentence(r, i);
		fresh += s->doc == 2;
		retold += s->doc == 2 && s->index == 0;
	}
	ok(n == 2 && fresh == 2 && retold == 0,
	    "takes two of the new article's own facts, not its retelling "
	    "of the seen one (%zu of %zu new, %zu retold)",
	    fresh, n, retold);
	summ_result_free(r);
}

/*
 * The cluster's own IDF is the IDF of its sentences taken as documents: a
 * background table built from the same sentences, one document each, must
 * give every sentence the same score, to the bit.
 */
static void
test_idf_own(void)
{
	static const char *const sent[3][3] = {
	    {"The harbor council voted on Monday to rebuild the north pier.",
		"Work on the pier will begin in the spring and cost the town "
		"four million crowns.",
		"Fishermen said the old pier had been unsafe for years."},
	    {"The town will rebuild its north pier after a vote of the "
	     "harbor council.",
		"The council said the work would take two years.",
		"A ferry will use the south pier while the work goes on."},
	    {"Four million crowns will be spent on the north pier, the "
	     "harbor council said.",
		"Some fishermen want a new breakwater as well.",
		"The mayor said the town would ask the state for help with the "
		"cost."},
	};
	char text[3][512];
	const char *texts[3];
	struct summ_doc d[3];
	struct summ_opts o;
	struct summ_result *a = NULL, *b = NULL;
	struct summ_idf *idf = NULL;
	struct summ_error e;
	size_t i, k, n, same = 0;
	int built = summ_idf_new(&idf) == 0;

	for (i = 0; i < 3; i++) {
		snprintf(text[i], sizeof(text[i]), "%s %s %s", sent[i][0],
		    sent[i][1], sent[i][2]);
		texts[i] = text[i];
		for (k = 0; k < 3 && built; k++)
			built = summ_idf_add_text(
				    idf, sent[i][k], strlen(sent[i][k])) == 0;
	}
	undated(d, texts, 3);
	summ_opts_init(&o);
	o.amount = 3;
	o.order = SUMM_ORDER_SCORE;
	ok(built && summ_run(d, 3, &o, &a, &e) == 0,
	    "a cluster of nine sentences, and a table of them");
	o.idf = idf;
	ok(summ_run(d, 3, &o, &b, &e) == 0, "summarized again with the table");
	n = a != NULL && b != NULL &&
		    summ_result_count(a) == summ_result_count(b)
		? summ_result_count(a)
		: 0;
	for (i = 0; i < n; i++) {
		const struct summ_sentence *x = summ_result_sentence(a, i),
					   *y = summ_result_sentence(b, i);

		same += x->doc == y->doc && x->index == y->index &&
			x->score == y->score &&
			x->features.centroid == y->features.centroid &&
			x->features.centrality == y->features.centrality;
	}
	ok(n == 3 && same == 3,
	    "the same sentences with the same scores, to the bit (%zu of %zu)",
	    same, n);
	summ_result_free(a);
	summ_result_free(b);
	summ_idf_free(idf);
}

/* The order candidates are ranked in, as qsort would give it. */
static int
cmp_rank_ref(const void *a, const void *b)
{
	const struct rank *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return (x->id > y->id) - (x->id < y->id);
}

/*
 * rank_sort against qsort, on arrays of every size up to a few runs of 16
 * and on large ones: scores from a few values (many ties, some negative),
 * ids in order, as select_sentences fills the array (rank_sort is stable,
 * and so ties go by id).
 */
static void
test_rank_sort(void)
{
	static const size_t sizes[] = {
	    0, 1, 2, 15, 16, 17, 31, 32, 33, 47, 48, 49, 100, 257, 1000, 4099};
	static struct rank a[4099], b[4099], tmp[4099];
	size_t i, k, n, good = 0;
	unsigned seed = 12345;

	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		n = sizes[k];
		for (i = 0; i < n; i++) {
			a[i].id = (uint32_t)i;
			seed = seed * 1103515245u + 12345u;
			a[i].score = (double)((seed >> 16) % 7) / 3.0 - 0.5;
		}
		memcpy(b, a, n * sizeof(*a));
		qsort(b, n, sizeof(*b), cmp_rank_ref);
		rank_sort(a, tmp, n);
		for (i = 0; i < n; i++)
			if (a[i].id != b[i].id || a[i].score != b[i].score)
				break;
		good += i == n;
	}
	ok(good == sizeof(sizes) / sizeof(sizes[0]),
	    "candidates ranked best first, ties by id, as qsort ranks them, "
	    "for %zu sizes from 0 to 4,099 (%zu right)",
	    sizeof(sizes) / sizeof(sizes[0]), good);
}

/* A sentence that points readers to a web address is never chosen, even
 * when every sentence may be. (Alone on its line it is a link line, which
 * structure.c drops: here each shares its paragraph with a sentence.) */
static void
test_addresses(void)
{
	static const char *const text[] = {
	    "The ferry to Lindholm will run again on Friday, the harbor "
	    "master said. Timetables and fares for winter crossings are "
	    "posted at http://example.org/ferry from today.\n",
	    "Storm damage closed both piers at the harbor for three days. "
	    "Readers will find photographs of the damaged piers at "
	    "www.example.org this week.\n",
	};
	struct summ_doc d[2];
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	const struct summ_sentence *s;
	size_t i, k, n, found = 0;

	undated(d, text, 2);
	summ_opts_init(&o);
	o.amount = 4;
	ok(summ_run(d, 2, &o, &r, &e) == 0, "a cluster with web addresses");
	n = r != NULL ? summ_result_count(r) : 0;
	for (i = 0; i < n; i++) {
		s = summ_result_sentence(r, i);
		for (k = 0; k + 11 <= s->length; k++)
			if (memcmp(d[s->doc].text + s->offset + k,
				"example.org", 11) == 0) {
				found++;
				break;
			}
	}
	ok(n > 0 && found == 0,
	    "no sentence giving a web address is chosen (%zu of %zu)", found,
	    n);
	summ_result_free(r);
}

/*
 * A sentence that only announces the words of the next ("... quoted the
 * harbor master as saying.") tells nothing alone: never chosen, even when
 * every other sentence is; nor when the words before its last comma only
 * say when ("On Monday, ..."). A report that ends by naming its source
 * ("..., the Courier quoted the harbor master as saying.") tells what was
 * said before it: it may be chosen.
 */
static void
test_announces(void)
{
	static const char *const text[] = {
	    "Storm damage closed both ferry piers at Lindholm harbor on "
	    "Monday. The Lindholm Courier quoted the harbor master as "
	    "saying. \"The piers will be closed for three weeks.\"\n",
	    "Both ferry piers at Lindholm harbor stay closed after the storm, "
	    "the harbor master told the Lindholm Courier on Monday.\n",
	    "The ferry ramp torn away by the waves will be rebuilt before the "
	    "piers open, the Courier quoted the town engineer as saying. On "
	    "Monday, the Courier quoted the mayor as saying. \"We will rebuild "
	    "the ramp first.\"\n",
	};
	struct summ_doc d[3];
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	const struct summ_sentence *s;
	size_t i, n, found = 0, report = 0;

	undated(d, text, 3);
	summ_opts_init(&o);
	o.amount = 8;
	o.redundancy = 1; /* nothing passed over as a repeat */
	ok(summ_run(d, 3, &o, &r, &e) == 0, "a cluster with an announcement");
	n = r != NULL ? summ_result_count(r) : 0;
	for (i = 0; i < n; i++) {
		s = summ_result_sentence(r, i);
		if (s->doc == 2 && s->offset == 0)
			report++;
		else
			found +=
			    s->length >= 6 &&
			    memcmp(d[s->doc].text + s->offset + s->length - 6,
				"aying.", 6) == 0;
	}
	ok(n == 5 && found == 0,
	    "a sentence announcing the next is never chosen (%zu of %zu)",
	    found, n);
	ok(report == 1, "a report ending \"as saying.\" is chosen");
	summ_result_free(r);
}

/*
 * A sentence that opens with a word leaning on the one before loses its
 * share of its score: in Russian as in English, behind a typographic
 * quotation mark too. With the whole score at stake (dependent = 1), such
 * a sentence scores 0 and the others do not.
 */
static void
test_leans_back(void)
{
	static const char *const text[] = {
	    "\u041c\u043e\u0441\u0442 \u0447\u0435\u0440\u0435\u0437 "
	    "\u0440\u0435\u043a\u0443 \u0437\u0430\u043a\u0440\u044b\u043b\u0438 "
	    "\u0432 \u043f\u043e\u043d\u0435\u0434\u0435\u043b\u044c\u043d\u0438\u043a "
	    "\u043f\u043e\u0441\u043b\u0435 \u0448\u0442\u043e\u0440\u043c\u0430. "
	    "\u041e\u043d \u043e\u0442\u043a\u0440\u043e\u0435\u0442\u0441\u044f "
	    "\u0447\u0435\u0440\u0435\u0437 \u0442\u0440\u0438 "
	    "\u043d\u0435\u0434\u0435\u043b\u0438 \u043f\u043e\u0441\u043b\u0435 "
	    "\u0440\u0435\u043c\u043e\u043d\u0442\u0430.\n",
	    "The ferry piers at Lindholm were closed on Monday after the storm. "
	    "\u201cThey will open again in three weeks,\u201d the harbor master "
	    "said on Tuesday.\n",
	};
	struct summ_doc d[2];
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	const struct summ_sentence *s;
	size_t i, n, zero = 0, leaning = 0;
	const char *p;

	undated(d, text, 2);
	summ_opts_init(&o);
	o.amount = 4;
	o.coverage = 0;
	o.redundancy = 1;
	o.dependent = 1;
	ok(summ_run(d, 2, &o, &r, &e) == 0, "a cluster in Russian and English");
	n = r != NULL ? summ_result_count(r) : 0;
	for (i = 0; i < n; i++) {
		s = summ_result_sentence(r, i);
		p = d[s->doc].text + s->offset;
		/* "\u041e\u043d" (He), or a quotation mark then "They" */
		if (memcmp(p, "\u041e\u043d ", 5) == 0 ||
		    memcmp(p, "\u201cThey", 7) == 0) {
			leaning++;
			zero += s->score == 0;
		} else
			zero += s->score == 0 ? 10 : 0;
	}
	ok(n == 4 && leaning == 2 && zero == 2,
	    "the two leaning sentences score 0, the others do not (%zu of "
	    "%zu, %zu leaning)",
	    zero, n, leaning);
	summ_result_free(r);
}

/* s copied to t, without its NUL; the end of the copy. (sprintf here made
 * gcc's format-overflow check, with sanitizers and -O3, see a NULL.) */
static char *
put(char *t, const char *s)
{
	size_t n = strlen(s);

	memcpy(t, s, n);
	return t + n;
}

/*
 * A cluster too large for the whole LexRank graph (over 20,000 sentences:
 * only each article's most central ones enter it): the fact every article
 * tells is still the summary, and every sentence chosen has a centrality.
 */
static void
test_large(void)
{
	enum { NDOC = 2100, NSENT = 9, WORDS = 8, POOL = 3000 };
	static const char dam[] =
	    "The dam on the Lindholm river burst on Sunday and flooded the "
	    "valley below it. ";
	static const char *const syl[] = {"ka", "lo", "mi", "ne", "ru", "sa",
	    "to", "vi", "ze", "po", "du", "fe", "gi", "ha", "ju", "be"};
	struct summ_doc *d = calloc(NDOC, sizeof(*d));
	char *buf = malloc((size_t)NDOC * 1024), *t;
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	const struct summ_sentence *s;
	uint32_t x = 7;
	size_t i, k, w, v;

	if (d == NULL || buf == NULL)
		abort();
	for (i = 0; i < NDOC; i++) {
		t = buf + i * 1024;
		d[i].text = t;
		d[i].date = SUMM_NO_DATE;
		t = put(t, dam);
		for (k = 0; k < NSENT; k++) {
			for (w = 0; w < WORDS; w++) {
				x = x * 1103515245u + 12345u;
				v = (x >> 8) % POOL;
				t = put(t, w == 0 ? "Qu" : "");
				t = put(t, syl[v % 16]);
				t = put(t, syl[v / 16 % 16]);
				t = put(t, syl[v / 256 % 16]);
				t = put(t, w + 1 < WORDS ? " " : ". ");
			}
		}
		d[i].text_len = (size_t)(t - d[i].text);
	}
	summ_opts_init(&o);
	o.amount = 1;
	ok(summ_run(d, NDOC, &o, &r, &e) == 0 && summ_result_count(r) == 1,
	    "a cluster of %d articles (%s)", NDOC,
	    r != NULL ? "summarized" : e.message);
	s = r != NULL ? summ_result_sentence(r, 0) : NULL;
	ok(s != NULL && s->length >= 20 &&
		memcmp(d[s->doc].text + s->offset, dam, 20) == 0 &&
		s->features.centrality > 0,
	    "its summary is the fact every article tells, with a centrality");
	summ_result_free(r);
	free(buf);
	free(d);
}

/* s[0, n) with each word of four letters or more that opens with a
 * capital as a link, as pages carry names: "<a href=...>Lindholm</a>". */
static size_t
linked(const char *s, size_t n, char *out, size_t cap)
{
	size_t i = 0, j, k = 0;

	while (i < n) {
		for (j = i; j < n && ((s[j] >= 'a' && s[j] <= 'z') ||
					 (s[j] >= 'A' && s[j] <= 'Z'));
		     j++)
			;
		if (j - i >= 4 && s[i] >= 'A' && s[i] <= 'Z')
			k += (size_t)snprintf(out + k, cap - k,
			    "<a href=\"https://example.org/topics/%.*s.html\" "
			    "class=\"topic\">%.*s</a>",
			    (int)(j - i), s + i, (int)(j - i), s + i);
		else if (j > i)
			k += (size_t)snprintf(
			    out + k, cap - k, "%.*s", (int)(j - i), s + i);
		else
			out[k++] = s[j++];
		i = j;
	}
	return k;
}

/* doc, each line of it inside <p> and </p> (style 0: on lines of their
 * own; 1: inline; 2: inline, with names as links), in a DUC-style
 * envelope of tags: as archives and pasted pages carry articles. */
static char *
marked_up(const char *doc, int style)
{
	size_t n = strlen(doc), cap = 32 * n + 256, k = 0;
	char *out = malloc(cap);
	const char *line = doc, *nl;

	if (out == NULL)
		return NULL;
	k += (size_t)snprintf(
	    out + k, cap - k, "<DOC>\n<DOCNO> X1 </DOCNO>\n<TEXT>\n");
	for (; *line != '\0'; line = nl + 1) {
		if ((nl = strchr(line, '\n')) == NULL)
			nl = line + strlen(line);
		if (nl > line && style == 2) {
			k += (size_t)snprintf(out + k, cap - k, "<p>");
			k +=
			    linked(line, (size_t)(nl - line), out + k, cap - k);
			k += (size_t)snprintf(out + k, cap - k, "</p>\n");
		} else if (nl > line)
			k += (size_t)snprintf(out + k, cap - k,
			    style ? "<p>%.*s</p>\n" : "<P>\n%.*s\n</P>\n",
			    (int)(nl - line), line);
		if (*nl == '\0')
			break;
	}
	snprintf(out + k, cap - k, "</TEXT>\n</DOC>\n");
	return out;
}

static void
test_markup(void)
{
	const char *const plain[3] = {doc0, doc1, doc2};
	struct summ_doc marked[3];
	struct summ_opts o;
	struct summ_result *r = NULL, *m = NULL;
	struct summ_error e;
	const struct summ_sentence *a, *b;
	static const char *const name[3] = {"line", "inline", "link"};
	char *text[3], seen[1024];
	size_t i, same, n;
	int style, clean;

	summ_opts_init(&o);
	o.unit = SUMM_SENTENCES;
	o.amount = 4;
	ok(run(&o, &r, &e) == 0, "the plain cluster: four sentences");
	for (style = 0; style < 3 && r != NULL; style++) {
		for (i = 0; i < 3; i++)
			text[i] = marked_up(plain[i], style);
		undated(marked, (const char *const *)text, 3);
		ok(summ_run(marked, 3, &o, &m, &e) == 0,
		    "the same cluster in markup (%s tags) is summarized",
		    name[style]);
		same = clean = 0;
		for (i = 0; m != NULL && i < summ_result_count(r) &&
			    summ_result_count(m) == summ_result_count(r);
		     i++) {
			a = summ_result_sentence(r, i);
			b = summ_result_sentence(m, i);
			/* Links stay in a sentence's bytes: read without. */
			n = b->length < sizeof(seen)
				? text_unmark(
				      text[b->doc] + b->offset, b->length, seen)
				: 0;
			same += a->length == n &&
				memcmp(plain[a->doc] + a->offset, seen, n) == 0;
			clean +=
			    style == 2
				? b->length > 0 &&
				      text[b->doc][b->offset] != '<' &&
				      text[b->doc][b->offset + b->length - 1] !=
					  '>'
				: memchr(text[b->doc] + b->offset, '<',
				      b->length) == NULL;
		}
		ok(same == summ_result_count(r) && same == (size_t)clean,
		    "%s tags: the same %zu sentences as the plain text, each "
		    "traced to its bytes without a tag at its ends (%zu same)",
		    name[style], summ_result_count(r), same);
		summ_result_free(m);
		m = NULL;
		for (i = 0; i < 3; i++)
			free(text[i]);
	}
	summ_result_free(r);
}

/*
 * doc in Markdown, as a page turned into text carries it: its headline
 * (a first line that ends in no full stop) under "# ", an image after its
 * first line, names of four letters or more by turns as links (with a
 * title), in bold and as reference links, "storm" in italics, "Read
 * more:" a link, the paragraph on engineers a quotation ("> "), a
 * footnote's mark after each paragraph's full stop and the footnote and
 * a reference defined under the text.
 */
static char *
in_markdown(const char *doc)
{
	size_t n = strlen(doc), cap = 16 * n + 256, k = 0, i = 0, j;
	char *out = malloc(cap);
	int name = 0, head = 1;

	if (out == NULL)
		return NULL;
	while (i < n) {
		if (i == 0 || doc[i - 1] == '\n') {
			if (i == 0 && doc[strcspn(doc, "\n") - 1] != '.')
				k += (size_t)snprintf(out + k, cap - k, "# ");
			else if (strncmp(doc + i, "Engineers", 9) == 0)
				k += (size_t)snprintf(out + k, cap - k, "> ");
			else if (strncmp(doc + i, "Read more: ", 11) == 0) {
				j = strcspn(doc + i, "\n");
				k += (size_t)snprintf(out + k, cap - k,
				    "Read more: [%.*s](https://example.org/"
				    "more)",
				    (int)(j - 11), doc + i + 11);
				i += j;
				continue;
			}
		}
		for (j = i; j < n && ((doc[j] >= 'a' && doc[j] <= 'z') ||
					 (doc[j] >= 'A' && doc[j] <= 'Z'));
		     j++)
			;
		if (j - i >= 4 && doc[i] >= 'A' && doc[i] <= 'Z')
			k += (size_t)snprintf(out + k, cap - k,
			    name % 3 == 0 ? "[%.*s](https://example.org/t/%.*s "
					    "\"More on it\")"
			    : name % 3 == 1 ? "**%.*s**"
					    : "[%.*s][%.*s]",
			    (int)(j - i), doc + i, (int)(j - i), doc + i),
			    name++;
		else if (j < n && doc[j] == '\n' && j > 0 &&
			 doc[j - 1] == '.') {
			k += (size_t)snprintf(out + k, cap - k, "[^1]\n");
			j++;
		} else if (j - i == 5 && strncmp(doc + i, "storm", 5) == 0)
			k += (size_t)snprintf(out + k, cap - k, "*storm*");
		else if (j > i)
			k += (size_t)snprintf(
			    out + k, cap - k, "%.*s", (int)(j - i), doc + i);
		else
			out[k++] = doc[j++];
		if (head && doc[j - 1] == '\n') {
			head = 0;
			k += (size_t)snprintf(out + k, cap - k,
			    "![The broken pier](https://example.org/p.jpg)\n");
		}
		i = j;
	}
	k += (size_t)snprintf(out + k, cap - k,
	    "\n\n[^1]: The council counted the damage for three weeks, "
	    "its report said.\n[Lindholm]: https://example.org/lindholm\n");
	out[k] = '\0';
	return out;
}

/* The plain cluster in Markdown: the same sentences, each traced to its
 * bytes and shown without a mark; at 4 sentences, and at 20, which is
 * every sentence that may be chosen (the quotation's too, the image and
 * the links' line none). */
static void
test_markdown(void)
{
	const char *const plain[3] = {doc0, doc1, doc2};
	static const size_t amount[2] = {4, 20};
	struct summ_doc md[3];
	struct summ_opts o;
	struct summ_result *r, *m;
	struct summ_error e;
	const struct summ_sentence *a, *b;
	char *text[3], seen[1024];
	size_t i, k, same, n;

	for (i = 0; i < 3; i++)
		text[i] = in_markdown(plain[i]);
	undated(md, (const char *const *)text, 3);
	for (k = 0; k < 2; k++) {
		summ_opts_init(&o);
		o.unit = SUMM_SENTENCES;
		o.amount = amount[k];
		r = m = NULL;
		ok(run(&o, &r, &e) == 0 && summ_run(md, 3, &o, &m, &e) == 0,
		    "the cluster in Markdown is summarized (%zu sentences)",
		    amount[k]);
		for (same = i = 0;
		     m != NULL && r != NULL && i < summ_result_count(r) &&
		     summ_result_count(m) == summ_result_count(r);
		     i++) {
			a = summ_result_sentence(r, i);
			b = summ_result_sentence(m, i);
			n = b->length < sizeof(seen)
				? summ_shown(text[b->doc] + b->offset,
				      b->length, 0, seen)
				: 0;
			same += a->length == n &&
				memcmp(plain[a->doc] + a->offset, seen, n) == 0;
		}
		ok(r != NULL && same == summ_result_count(r),
		    "Markdown: the same %zu sentences as the plain text, "
		    "shown without links' targets or marks (%zu same)",
		    r != NULL ? summ_result_count(r) : 0, same);
		summ_result_free(r);
		summ_result_free(m);
	}
	for (i = 0; i < 3; i++)
		free(text[i]);
}

/* A quotation written with entities, in text without tags (a feed that
 * escapes its quotes): the sentence ends at the entity, and is judged as
 * it reads, so it may be chosen. */
static void
test_entities(void)
{
	static const char *const text[2] = {
	    "The mayor said on Monday &quot;we will rebuild the harbor by "
	    "the end of this year.&quot; The council met on Tuesday.\n",
	    "The mayor told reporters &quot;we will rebuild the harbor by the "
	    "end of this year.&quot; Repairs began at once.\n"};
	struct summ_doc d[2];
	struct summ_opts o;
	struct summ_result *r = NULL;
	const struct summ_sentence *s = NULL;
	struct summ_error e;

	summ_opts_init(&o);
	o.unit = SUMM_SENTENCES;
	o.amount = 1;
	undated(d, text, 2);
	ok(summ_run(d, 2, &o, &r, &e) == 0 && summ_result_count(r) == 1 &&
		(s = summ_result_sentence(r, 0))->length > 9 &&
		memcmp(text[s->doc] + s->offset, "The mayor", 9) == 0 &&
		memcmp(text[s->doc] + s->offset + s->length - 11, "year.&quot;",
		    11) == 0,
	    "a quotation closed by &quot; is a sentence, and chosen");
	summ_result_free(r);
}

/*
 * Transcripts written without full stops: no sentence a strict reading
 * takes, so the text is read loosely. The summary is pieces of it, each
 * whole words at their offsets, none over 30 words, cut at a comma once
 * long enough; text with full stops is not read so.
 */
static void
test_unmarked(void)
{
	static const char *const talk[] = {
	    "good evening and welcome to the council meeting of marrow "
	    "tonight we vote on the new footbridge over the river tessel "
	    "the bridge would cost eleven million euros and take three years "
	    "to build the engineers say the soil under the eastern bank is "
	    "weak so the foundations must go deeper than planned the mayor "
	    "says the bridge will bring visitors back to the old town and "
	    "the shops along the river support it",
	    "thank you all for coming tonight, the vote on the footbridge "
	    "over the tessel passed by nine votes to four, the eleven million "
	    "euro price was the main worry of the critics, two members asked "
	    "for a cheaper design and a smaller budget, the work on the bridge "
	    "starts in the spring and the foundations on the eastern bank come "
	    "first, the soil there is weak and the mayor thanked the "
	    "engineers"};
	static const char marks[] =
	    "tor S\xe3\x80\x8eh mt tom _ tor S\xe3\x80\x8eh mt tom _ tor "
	    "S\xe3\x80\x8eh mt tom _ tor S\xe3\x80\x8eh mt tom _ tor "
	    "S\xe3\x80\x8eh mt tom _ tor S\xe3\x80\x8eh mt tom _ tor "
	    "S\xe3\x80\x8eh mt tom _ tor S\xe3\x80\x8eh mt tom";
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	struct summ_doc d[2];
	const struct summ_sentence *s;
	size_t i, n = 0, words = 0, most = 0;
	int whole = 1, comma = 0;
	const char *t;

	memset(d, 0, sizeof(d));
	for (i = 0; i < 2; i++) {
		d[i].text = talk[i];
		d[i].text_len = strlen(talk[i]);
		d[i].date = SUMM_NO_DATE;
	}
	summ_opts_init(&o);
	o.unit = SUMM_WORDS;
	o.amount = 60;
	ok(summ_run(d, 2, &o, &r, &e) == 0 && r != NULL,
	    "a transcript without full stops is summarized (%s)",
	    r == NULL ? e.message : "ok");
	for (i = 0; r != NULL && i < summ_result_count(r); i++) {
		s = summ_result_sentence(r, i);
		t = talk[s->doc];
		n++;
		words += s->words;
		most = s->words > most ? s->words : most;
		/* Whole words: a space or the text's end on either side. */
		if (s->length == 0 || s->offset + s->length > strlen(t) ||
		    (s->offset > 0 && t[s->offset - 1] != ' ') ||
		    t[s->offset] == ' ' ||
		    (t[s->offset + s->length] != '\0' &&
			t[s->offset + s->length] != ' ') ||
		    t[s->offset + s->length - 1] == ' ')
			whole = 0;
		comma |= t[s->offset + s->length - 1] == ',';
	}
	ok(n > 0 && whole && words <= 60 && most <= 30,
	    "pieces of whole words, at most 30 each, 60 in all (%zu pieces, "
	    "%zu words, longest %zu)",
	    n, words, most);
	summ_result_free(r);
	r = NULL;
	/* All of it, to see where the pieces end: at a comma once twelve
	 * words long, at 30 words, or at the text's end. */
	o.unit = SUMM_SENTENCES;
	o.amount = 100;
	ok(summ_run(d, 2, &o, &r, &e) == 0 && r != NULL, "all the pieces");
	for (i = 0; r != NULL && i < summ_result_count(r); i++) {
		s = summ_result_sentence(r, i);
		t = talk[s->doc] + s->offset + s->length;
		if (t[-1] == ',' && s->words >= 12)
			comma++;
		else if (s->words != 30 && *t != '\0')
			whole = 0;
	}
	ok(whole,
	    "each piece ends at a comma after twelve words, at 30 words or "
	    "at the end");
	ok(comma > 0, "pieces end at commas (%d)", comma);
	summ_result_free(r);
	r = NULL;

	/* Words that the tokenizer parts at a CJK mark ("S『h", two words
	 * to it, one between spaces): a piece was cut again and again until
	 * the stack ran out (found by fuzz_engine). */
	memset(d, 0, sizeof(d));
	d[0].text = marks;
	d[0].text_len = strlen(marks);
	d[0].date = SUMM_NO_DATE;
	o.unit = SUMM_WORDS;
	o.amount = 60;
	ok(summ_run(d, 1, &o, &r, &e) == 0 && r != NULL,
	    "a run of words with CJK marks inside them is read loosely, "
	    "once (%s)",
	    r == NULL ? e.message : "ok");
	summ_result_free(r);
	r = NULL;
}

/*
 * An article cut off after a sentence or two, short enough to look like a
 * headline (no mark at its end): its sentences are summarized, not
 * refused as "nothing to summarize". A headline with an abbreviation in
 * it is no such article, and a text of headlines alone stays refused.
 */
static void
test_cut_short(void)
{
	static const char *const cut[] = {
	    "The council opened a new bridge over the river on Monday "
	    "morning. The council",
	    "The council opened a new bridge over the river on Monday "
	    "morning. Traffic was light in the first hours of the day. Th"};
	static const char heads[] = "U.S. Senate votes on the new bridge\n\n"
				    "Mr. Kim visits the river town\n";
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	struct summ_doc d;
	const struct summ_sentence *s;
	size_t i, k, whole;
	int rc;

	summ_opts_init(&o);
	o.amount = 5;
	for (i = 0; i < 2; i++) {
		memset(&d, 0, sizeof(d));
		d.text = cut[i];
		d.text_len = strlen(cut[i]);
		d.date = SUMM_NO_DATE;
		rc = summ_run(&d, 1, &o, &r, &e);
		/* Its whole sentences, each where it stands, and no more:
		 * the fragment at the end is none. */
		for (k = 0, whole = 0; rc == 0 && k < summ_result_count(r);
		     k++) {
			s = summ_result_sentence(r, k);
			whole += (s->offset == 0 && s->length == 65) ||
				 (s->offset == 66 && s->length == 48);
		}
		ok(rc == 0 && summ_result_count(r) == i + 1 && whole == i + 1,
		    "an article cut off after %zu sentence%s: %s summarized "
		    "(%s)",
		    i + 1, i ? "s" : "", i ? "they are" : "it is",
		    rc == 0 ? "ok" : e.message);
		summ_result_free(r);
		r = NULL;
	}
	memset(&d, 0, sizeof(d));
	d.text = heads;
	d.text_len = strlen(heads);
	d.date = SUMM_NO_DATE;
	ok(summ_run(&d, 1, &o, &r, &e) == SUMM_EEMPTY,
	    "headlines alone, abbreviations in them: still nothing to "
	    "summarize");
	summ_result_free(r);
}

int
main(void)
{
	setup();
	test_summary();
	test_budgets();
	test_errors();
	test_determinism_and_order();
	test_duplicates_and_query();
	test_query_absent();
	test_query_entities();
	test_soft_hyphens();
	test_quotes_and_asks();
	test_first_told();
	test_one_article_story();
	test_idf();
	test_idf_entities();
	test_idf_threads();
	test_cjk_long();
	test_update();
	test_update_reworded();
	test_rank_sort();
	test_idf_own();
	test_addresses();
	test_announces();
	test_leans_back();
	test_large();
	test_markup();
	test_markdown();
	test_entities();
	test_unmarked();
	test_cut_short();
	return tap_done();
}
