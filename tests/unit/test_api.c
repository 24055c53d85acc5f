/* test_api.c: POST /v1/summarize as a client sees it: the sentences are the
 * documents' own bytes, and each kind of bad request gets its documented
 * status, error code and field. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "api.h"
#include "jsonw.h"
#include "tap.h"

/* Two reports of one (invented) event, a day apart. */
static const char bridge0[] =
    "The river council of Marrow opened a new footbridge across the "
    "Tessel on Saturday morning. More than two thousand people walked "
    "across the bridge in its first hour, the council said. The bridge "
    "cost eleven million euros and took three years to build. Local shops "
    "reported their busiest weekend since the flood of 2019.";

static const char bridge1[] =
    "Marrow will open its long delayed footbridge over the Tessel this "
    "weekend, officials announced on Friday. The project ran two years "
    "late after engineers found weak soil under the eastern bank. Critics "
    "said the eleven million euro price was far too high for a small "
    "town.\nThe mayor defended the cost and said the bridge would bring "
    "visitors back to\nthe old town.";

static const char *const texts[] = {bridge0, bridge1};

/* A request for the two reports; date0/date1/id0 may be NULL. */
static char *
request(const char *id0, const char *date0, const char *date1,
    const char *extra_key, cJSON *extra)
{
	cJSON *root = cJSON_CreateObject(), *docs, *d;
	const char *dates[2] = {date0, date1};
	char *s;
	int i;

	docs = cJSON_AddArrayToObject(root, "documents");
	for (i = 0; i < 2; i++) {
		d = cJSON_CreateObject();
		if (i == 0 && id0 != NULL)
			cJSON_AddStringToObject(d, "id", id0);
		if (dates[i] != NULL)
			cJSON_AddStringToObject(d, "date", dates[i]);
		cJSON_AddStringToObject(d, "text", texts[i]);
		cJSON_AddItemToArray(docs, d);
	}
	if (extra_key != NULL)
		cJSON_AddItemToObject(root, extra_key, extra);
	s = cJSON_PrintUnformatted(root);
	cJSON_Delete(root);
	return s;
}

static cJSON *
length_of(const char *unit, double n)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddNumberToObject(o, unit, n);
	return o;
}

/* Call the API; the reply parsed, or NULL if it is not JSON. */
static cJSON *
call(const char *body, size_t len, const struct api_limits *lim,
    struct api_reply *r)
{
	if (api_summarize(body, len, lim, r) != 0 || r->body == NULL)
		return NULL;
	if (strlen(r->body) != r->len)
		return NULL;
	return cJSON_ParseWithLength(r->body, r->len);
}

static const char *
str(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

static double
num(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);

	return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

/* The answer's first sentence, or NULL. */
static const cJSON *
first_sentence(const cJSON *answer)
{
	return cJSON_GetArrayItem(
	    cJSON_GetObjectItemCaseSensitive(answer, "sentences"), 0);
}

static int
same(const char *a, const char *b)
{
	return a != NULL && b != NULL && strcmp(a, b) == 0;
}

/* Does the reply carry this error? field NULL: null or absent. */
static void
error_is(const char *name, const char *body, size_t len,
    const struct api_limits *lim, int status, const char *code,
    const char *field)
{
	struct api_reply r;
	cJSON *j = call(body, len, lim, &r);
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(j, "error");
	const cJSON *f = cJSON_GetObjectItemCaseSensitive(e, "field");
	const char *msg = str(e, "message");
	int good;

	good = j != NULL && r.status == status && same(str(e, "code"), code) &&
	       msg != NULL && *msg != '\0' &&
	       (field == NULL ? f == NULL || cJSON_IsNull(f)
			      : same(str(e, "field"), field));
	ok(good, "%s: %d %s %s", name, status, code,
	    field != NULL ? field : "(no field)");
	if (!good)
		printf("#   got %d %s\n", r.status,
		    r.body != NULL ? r.body : "(null)");
	cJSON_Delete(j);
	api_reply_free(&r);
}

#define ERR(name, body, status, code, field) \
	error_is(name, body, sizeof(body) - 1, NULL, status, code, field)

/* The document a sentence came from, by its id in the answer. */
static int
doc_of(const cJSON *s, const char *const *ids)
{
	const char *id = str(s, "document");

	if (same(id, ids[0]))
		return 0;
	if (same(id, ids[1]))
		return 1;
	return -1;
}

/* The sentences' texts, each run of whitespace one space, joined. */
static int
summary_matches(const cJSON *answer)
{
	const cJSON *s;
	const char *sum = str(answer, "summary"), *t;
	char want[2048];
	size_t n = 0;
	int gap;

	cJSON_ArrayForEach(
	    s, cJSON_GetObjectItemCaseSensitive(answer, "sentences"))
	{
		if ((t = str(s, "text")) == NULL)
			return 0;
		gap = n > 0;
		for (; *t != '\0' && n + 2 < sizeof(want); t++) {
			if (*t == ' ' || *t == '\n') {
				gap = 1;
				continue;
			}
			if (gap)
				want[n++] = ' ';
			gap = 0;
			want[n++] = *t;
		}
	}
	want[n] = '\0';
	return same(sum, want);
}

static void
test_answer(void)
{
	static const char *const ids[] = {"marrow-sat", "1"};
	struct api_reply r;
	cJSON *j, *s, *stats;
	const char *t;
	char *body = request(
	    "marrow-sat", NULL, NULL, "length", length_of("sentences", 3));
	size_t off, len, n = 0;
	int exact = 1, d;

	j = call(body, strlen(body), NULL, &r);
	ok(j != NULL && r.status == 200, "a valid request gets 200 (%d)",
	    r.status);
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(j, "sentences"))
	{
		n++;
		d = doc_of(s, ids);
		t = str(s, "text");
		off = (size_t)num(s, "offset");
		len = (size_t)num(s, "length");
		if (d < 0 || t == NULL || strlen(t) != len ||
		    off + len > strlen(texts[d]) ||
		    memcmp(texts[d] + off, t, len) != 0 ||
		    num(s, "index") < 0 || num(s, "score") < 0 ||
		    cJSON_GetObjectItemCaseSensitive(s, "features") != NULL)
			exact = 0;
	}
	ok(n == 3, "three sentences as asked (%zu)", n);
	ok(exact,
	    "each sentence is its document's bytes at offset/length, named "
	    "by id (or index), with no features unasked");
	ok(summary_matches(j),
	    "the summary is the sentences joined by one space");
	stats = cJSON_GetObjectItemCaseSensitive(j, "stats");
	ok(same(str(j, "language"), "en") && num(stats, "documents") == 2 &&
		num(stats, "sentences") >= num(stats, "candidates") &&
		num(stats, "candidates") >= 3 && num(stats, "elapsed_ms") >= 0,
	    "language and stats");
	ok(r.documents == 2 && r.bytes == strlen(bridge0) + strlen(bridge1),
	    "the reply counts documents and bytes for the metrics");
	cJSON_Delete(j);
	api_reply_free(&r);
	free(body);
}

/* Hard-wrapped text: the sentences keep their line breaks, the summary
 * reads as one line. */
static void
test_wrapped(void)
{
	static const char body[] =
	    "{\"documents\":[{\"text\":\"Marrow will open its long delayed "
	    "footbridge over the Tessel this\\nweekend, officials announced "
	    "on Friday. The project ran two years late\\nafter engineers "
	    "found weak soil under the eastern bank. Critics said\\nthe "
	    "eleven million euro price was far too high for a small town. "
	    "The\\nmayor defended the cost and said the bridge would bring "
	    "visitors back.\"}]}";
	struct api_reply r;
	cJSON *j, *s;
	const char *sum;
	int breaks = 0;

	j = call(body, sizeof(body) - 1, NULL, &r);
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(j, "sentences"))
	    breaks += str(s, "text") != NULL && strchr(str(s, "text"), '\n');
	sum = str(j, "summary");
	ok(r.status == 200 && breaks > 0 && sum != NULL &&
		strchr(sum, '\n') == NULL && summary_matches(j),
	    "sentences keep their line breaks; the summary has spaces");
	cJSON_Delete(j);
	api_reply_free(&r);
}

/* Paragraphs ended by '\r' alone (a word processor's), U+2029, U+2028,
 * NEL or '\v': the headline is left out of the summary, as after "\n",
 * not read as the first words of its first sentence. */
static void
test_line_breaks(void)
{
	static const char *const seps[] = {
	    "\\n", "\\r", "\\r\\r", "\\u2029", "\\u2028", "\\u0085", "\\u000b"};
	static const char fmt[] =
	    "{\"documents\":[{\"text\":\"Marrow Opens Its Footbridge%s"
	    "The river council of Marrow opened a new footbridge across the "
	    "Tessel on Saturday morning.%sMore than two thousand people "
	    "walked across the bridge in its first hour, the council said."
	    "\"}],\"length\":{\"sentences\":2},\"order\":\"input\"}";
	char body[512];
	struct api_reply r;
	cJSON *j;
	const char *sum, *first;
	size_t i;

	for (i = 0; i < sizeof(seps) / sizeof(seps[0]); i++) {
		snprintf(body, sizeof(body), fmt, seps[i], seps[i]);
		j = call(body, strlen(body), NULL, &r);
		sum = str(j, "summary");
		first = str(first_sentence(j), "text");
		ok(r.status == 200 && sum != NULL && first != NULL &&
			strstr(sum, "Footbridge") == NULL &&
			strncmp(first, "The river council", 17) == 0 &&
			summary_matches(j),
		    "paragraphs parted by %s: the headline is not in the "
		    "summary",
		    seps[i]);
		cJSON_Delete(j);
		api_reply_free(&r);
	}
}

/* A full stop in an image's alt text or a link's title, inside a
 * sentence of a page: the summary shows the sentence without the tag,
 * not the tag's halves as text ("<img src=... alt=\"Waves hit the
 * pier."). */
static void
test_tag_stops(void)
{
	static const char body[] =
	    "{\"documents\":[{\"text\":\"<p>The harbor authority closed the "
	    "port on Monday <img src=\\\"pier.jpg\\\" alt=\\\"Waves break over "
	    "the pier. Photo: Jan Dell\\\"> after the storm damaged two piers, "
	    "officials said.</p><p>Ferries will stay docked until Friday at "
	    "the earliest, <a href=\\\"/f\\\" title=\\\"Ferry times. Read "
	    "more.\\\">the authority said</a>.</p>\"}],"
	    "\"length\":{\"sentences\":4},\"order\":\"input\"}";
	struct api_reply r;
	cJSON *j;
	const char *sum;

	j = call(body, sizeof(body) - 1, NULL, &r);
	sum = str(j, "summary");
	ok(r.status == 200 && sum != NULL &&
		same(sum, "The harbor authority closed the port on Monday "
			  "after the storm damaged two piers, officials "
			  "said. Ferries will stay docked until Friday at "
			  "the earliest, the authority said.") &&
		cJSON_GetArraySize(
		    cJSON_GetObjectItemCaseSensitive(j, "sentences")) == 2,
	    "full stops inside tags: the summary is the two sentences, "
	    "without the tags (got \"%s\")",
	    sum != NULL ? sum : "");
	cJSON_Delete(j);
	api_reply_free(&r);
}

/* Tags of more than 256 bytes inside sentences, as word processors'
 * exports and tracked links have them: the summary shows the sentences
 * without them, and the one with the link is not lost. */
static void
test_long_tags(void)
{
	static const char fmt[] =
	    "{\"documents\":[{\"text\":\"<p>The harbor authority closed the "
	    "port on Monday after the storm damaged <span style=\\\"%s\\\">two "
	    "piers</span>, officials said.</p><p>Ferries will stay docked "
	    "until Friday at the earliest, <a href=\\\"https://example.org/"
	    "ferries?%s\\\">the authority said</a>.</p>\"}],"
	    "\"length\":{\"sentences\":4},\"order\":\"input\"}";
	char style[400], query[400], body[2048];
	struct api_reply r;
	cJSON *j;
	const char *sum;
	size_t i;

	for (i = 0, style[0] = '\0'; strlen(style) < 300; i++)
		snprintf(style + strlen(style), sizeof(style) - strlen(style),
		    "margin-%zu: 0; ", i);
	for (i = 0, query[0] = '\0'; strlen(query) < 300; i++)
		snprintf(query + strlen(query), sizeof(query) - strlen(query),
		    "utm_%zu=newsletter&", i);
	snprintf(body, sizeof(body), fmt, style, query);
	j = call(body, strlen(body), NULL, &r);
	sum = str(j, "summary");
	ok(r.status == 200 && sum != NULL &&
		same(sum, "The harbor authority closed the port on Monday "
			  "after the storm damaged two piers, officials "
			  "said. Ferries will stay docked until Friday at "
			  "the earliest, the authority said."),
	    "tags of 300 bytes inside sentences: the summary is the two "
	    "sentences without them (got \"%.200s\")",
	    sum != NULL ? sum : "");
	cJSON_Delete(j);
	api_reply_free(&r);
}

static void
test_explain(void)
{
	struct api_reply r;
	cJSON *j, *s, *f, *v;
	char *body = request(NULL, NULL, NULL, "explain", cJSON_CreateTrue());
	int all = 1, n = 0;

	j = call(body, strlen(body), NULL, &r);
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(j, "sentences"))
	{
		f = cJSON_GetObjectItemCaseSensitive(s, "features");
		n = 0;
		cJSON_ArrayForEach(v, f)
		{
			if (!cJSON_IsNumber(v) || v->valuedouble < 0 ||
			    v->valuedouble > 1)
				all = 0;
			n++;
		}
		if (n != 5 || num(f, "centroid") < 0 || num(f, "query") < 0)
			all = 0;
	}
	ok(r.status == 200 && all,
	    "explain: five features in [0, 1] on every sentence");
	cJSON_Delete(j);
	api_reply_free(&r);
	free(body);
}

/* The document of each sentence, in answer order, as "0101...". */
static void
doc_sequence(const char *body, char *seq, size_t size)
{
	static const char *const ids[] = {"0", "1"};
	struct api_reply r;
	cJSON *j = call(body, strlen(body), NULL, &r), *s;
	size_t n = 0;

	cJSON_ArrayForEach(s,
	    cJSON_GetObjectItemCaseSensitive(j, "sentences")) if (n + 1 < size)
	    seq[n++] = (char)('0' + doc_of(s, ids));
	seq[n] = '\0';
	cJSON_Delete(j);
	api_reply_free(&r);
}

/* Is seq all of one document's sentences, then all of the other's? */
static int
grouped(const char *seq, char first)
{
	size_t i = 0;

	while (seq[i] == first)
		i++;
	if (i == 0 || seq[i] == '\0')
		return 0;
	while (seq[i] != '\0' && seq[i] != first)
		i++;
	return seq[i] == '\0';
}

static void
test_order(void)
{
	char seq[64], *body;

	/* Saturday's report given first but dated later: Friday's first. */
	body = request(NULL, "2025-03-22T10:00:00Z", "2025-03-21", "length",
	    length_of("sentences", 8));
	doc_sequence(body, seq, sizeof(seq));
	ok(grouped(seq, '1'), "chronological: the earlier date first (%s)",
	    seq);
	free(body);

	body = request(NULL, "2025-03-20T10:00:00Z", "2025-03-21", "length",
	    length_of("sentences", 8));
	doc_sequence(body, seq, sizeof(seq));
	ok(grouped(seq, '0'), "chronological: swapped dates swap (%s)", seq);
	free(body);

	/* 23:30 at UTC-5 is 04:30 UTC the next day: after 01:00 UTC. */
	body = request(NULL, "2025-03-22T01:00:00+00:00",
	    "2025-03-21T23:30:00-05:00", "length", length_of("sentences", 8));
	doc_sequence(body, seq, sizeof(seq));
	ok(grouped(seq, '0'), "chronological: zone offsets count (%s)", seq);
	free(body);

	body = request(NULL, "2025-03-22", "2025-03-21", "order",
	    cJSON_CreateString("input"));
	doc_sequence(body, seq, sizeof(seq));
	ok(seq[0] == '0', "order input: dates do not matter (%s)", seq);
	free(body);
}

/* Whitespace-separated words of s. */
static size_t
words_of(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s != '\0'; s++)
		if (*s == ' ')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	return n;
}

/*
 * A words or bytes budget holds for the summary as it is shown: a
 * sentence as read (its tags left out, its entities decoded), doubled
 * spaces one, a line or paragraph separator (U+2028, U+2029) a space, as
 * ASCII white space is. Its sentences[].text is still the bytes.
 */
static void
test_budget_shown(void)
{
	static const char tags[] =
	    "{\"documents\":[{\"text\":\"<p>The port authority closed "
	    "<a href=\\\"/news/lindholm\\\" title=\\\"Harbor news\\\">Lindholm "
	    "harbor</a> on Monday after a storm.</p>\\n<p>Nobody was injured "
	    "in the storm, the harbor master said on Tuesday.</p>\"}],"
	    "\"length\":{\"words\":12}}";
	static const char spaces[] =
	    "{\"documents\":[{\"text\":\"The  port  authority  closed  the "
	    "harbor on Monday\\u2028after a winter storm tore two piers. "
	    "Nobody was hurt.\"}],\"length\":{\"bytes\":91}}";
	static const char accents[] =
	    "{\"documents\":[{\"text\":\"Caf\\u00e9  \\u00e9t\\u00e9  owners "
	    "met  on Monday to plan the summer.\"}],\"length\":{\"bytes\":"
	    "200}}";
	struct api_reply r;
	const char *sum;
	cJSON *j;

	/* Squeezed in place, a character of several bytes moves back over
	 * bytes of its own: copied as such (memmove), not memcpy. */
	j = call(accents, sizeof(accents) - 1, NULL, &r);
	sum = str(j, "summary");
	ok(r.status == 200 && sum != NULL &&
		strcmp(sum,
		    "Caf\xc3\xa9 \xc3\xa9t\xc3\xa9 owners met on Monday "
		    "to plan the summer.") == 0,
	    "white space squeezed before characters of several bytes (%s)",
	    sum ? sum : "none");
	cJSON_Delete(j);
	api_reply_free(&r);
	j = call(tags, sizeof(tags) - 1, NULL, &r);
	sum = str(j, "summary");
	ok(r.status == 200 && sum != NULL && words_of(sum) <= 12 &&
		strchr(sum, '<') == NULL && strstr(sum, "Lindholm harbor"),
	    "a words budget holds for the summary, which shows a sentence "
	    "without its tags (%zu words: %s)",
	    sum ? words_of(sum) : 0, sum ? sum : "none");
	cJSON_Delete(j);
	api_reply_free(&r);
	j = call(spaces, sizeof(spaces) - 1, NULL, &r);
	sum = str(j, "summary");
	ok(r.status == 200 && sum != NULL && strlen(sum) <= 91 &&
		strlen(sum) > 60 && strstr(sum, "Monday after") != NULL,
	    "a bytes budget counts the summary's bytes, white space "
	    "squeezed (%d, %zu bytes: %s)",
	    r.status, sum ? strlen(sum) : 0, sum ? sum : "none");
	cJSON_Delete(j);
	api_reply_free(&r);
}

static void
test_lengths(void)
{
	struct api_reply r;
	cJSON *j, *s;
	char *body;
	double prev = 1e9, total = 0;
	int sorted = 1;

	body = request(NULL, NULL, NULL, "order", cJSON_CreateString("score"));
	j = call(body, strlen(body), NULL, &r);
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(j, "sentences"))
	{
		if (num(s, "score") > prev)
			sorted = 0;
		prev = num(s, "score");
	}
	ok(r.status == 200 && sorted, "order score: scores do not rise");
	cJSON_Delete(j);
	api_reply_free(&r);
	free(body);

	body = request(NULL, NULL, NULL, "length", length_of("bytes", 200));
	j = call(body, strlen(body), NULL, &r);
	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(j, "sentences"))
	    total += num(s, "length");
	ok(r.status == 200 && total > 0 && total <= 200,
	    "length bytes: the sentences fit 200 bytes (%g)", total);
	cJSON_Delete(j);
	api_reply_free(&r);
	free(body);

	test_budget_shown();

	body = request(NULL, NULL, NULL, "length", length_of("ratio", 0.5));
	j = call(body, strlen(body), NULL, &r);
	ok(r.status == 200, "length ratio 0.5 gets 200 (%d)", r.status);
	cJSON_Delete(j);
	api_reply_free(&r);
	free(body);

	body = request(NULL, NULL, NULL, "query",
	    cJSON_CreateString("cost of the bridge"));
	j = call(body, strlen(body), NULL, &r);
	ok(r.status == 200, "a query gets 200 (%d)", r.status);
	cJSON_Delete(j);
	api_reply_free(&r);
	free(body);
}

#define DOC       "{\"text\":\"The council opened the new bridge on a sunny day.\"}"
#define REQ(rest) "{\"documents\":[" DOC "]" rest "}"

static void
test_malformed(void)
{
	char *body = request(NULL, NULL, NULL, NULL, NULL), *deep;
	size_t len = strlen(body), i;
	/* Where the JSON ends names the field it ends in. */
	const struct {
		size_t at;
		const char *field;
	} cuts[] = {{0, NULL}, {1, NULL}, {2, NULL}, {14, "documents"},
	    {15, "documents[0]"}, {40, "documents[0].text"},
	    {len - 40, "documents[1].text"}, {len - 2, "documents[1]"},
	    {len - 1, "documents"}};
	char name[64];

	for (i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		snprintf(name, sizeof(name), "cut at byte %zu of %zu",
		    cuts[i].at, len);
		error_is(name, body, cuts[i].at, NULL, 400, "invalid_json",
		    cuts[i].field);
	}
	free(body);
	ERR("trailing junk", REQ("") " x", 400, "invalid_json", NULL);
	ERR("two values", REQ("") "{}", 400, "invalid_json", NULL);
	ERR("a byte order mark", "\xef\xbb\xbf" REQ(""), 400, "invalid_utf8",
	    NULL);
	ERR("a raw newline in a string",
	    "{\"documents\":[{\"text\":\"a\nb\"}]}", 400, "invalid_json",
	    "documents[0].text");
	ERR("a plus sign on a number", REQ(",\"length\":{\"sentences\":+2}"),
	    400, "invalid_json", "length.sentences");
	ERR("a leading zero", REQ(",\"length\":{\"sentences\":02}"), 400,
	    "invalid_json", "length.sentences");
	ERR("single quotes", "{'documents':[]}", 400, "invalid_json", NULL);
	ERR("a trailing comma", REQ(","), 400, "invalid_json", NULL);
	ERR("a bad escape", "{\"documents\":[{\"text\":\"a\\x\"}]}", 400,
	    "invalid_json", "documents[0].text");
	/* A key with escapes is named as the schema names it, not raw. */
	ERR("a bad escape under an escaped key",
	    "{\"documents\":[{\"t\\u0065xt\":\"a\\x\"}]}", 400, "invalid_json",
	    "documents[0].text");
	ERR("bad UTF-8 under an escaped key",
	    "{\"documents\":[{\"t\\u0065xt\":\"a\xff\"}]}", 400, "invalid_utf8",
	    "documents[0].text");
	ERR("an empty body", "", 400, "invalid_json", NULL);
	/* Strings are read sixteen bytes a step: what a string may not
	 * hold is found past the first sixteen, and what it may is kept. */
	ERR("a raw tab after sixteen bytes",
	    "{\"documents\":[{\"text\":\"0123456789abcdef\tand sixteen more "
	    "bytes\"}]}",
	    400, "invalid_json", "documents[0].text");
	{
		static const char tab[] =
		    "{\"documents\":[{\"text\":\"0123456789abcdef\tand sixteen "
		    "more bytes\"}]}";
		struct api_reply r;
		cJSON *j = call(tab, sizeof(tab) - 1, NULL, &r);
		const char *msg = str(
		    cJSON_GetObjectItemCaseSensitive(j, "error"), "message");

		ok(r.status == 400 && msg != NULL &&
			strstr(msg, "control character 0x09") != NULL,
		    "and the message names the character (%s)",
		    msg != NULL ? msg : "none");
		cJSON_Delete(j);
		api_reply_free(&r);
	}
	ERR("a bad escape after thirty bytes",
	    "{\"documents\":[{\"text\":\"0123456789abcdef0123456789abcd"
	    "\\x and sixteen more bytes\"}]}",
	    400, "invalid_json", "documents[0].text");
	{
		static const char quay[] =
		    "{\"documents\":[{\"text\":\"The caf\xc3\xa9 on the "
		    "quay \xe2\x80\x94 \\\"the old one\\\", as they say "
		    "\xe2\x80\x94 opened again on Monday after the "
		    "storm.\"}]}";
		struct api_reply r;
		cJSON *j = call(quay, sizeof(quay) - 1, NULL, &r);
		const cJSON *s = first_sentence(j);
		const char *t = str(s, "text");

		ok(r.status == 200 && t != NULL &&
			strstr(t, "caf\xc3\xa9 on the quay \xe2\x80\x94 "
				  "\"the old one\"") != NULL,
		    "a long string with bytes past ASCII and escaped quotes "
		    "is read whole");
		cJSON_Delete(j);
		api_reply_free(&r);
	}

	/* 1000 levels: refused before any recursion. */
	if ((deep = malloc(2001)) == NULL) {
		ok(0, "nesting 1000 deep: no memory for the test");
		return;
	}
	memset(deep, '[', 1000);
	memset(deep + 1000, ']', 1000);
	deep[2000] = '\0';
	error_is("nesting 1000 deep", deep, 2000, NULL, 400, "too_deep",
	    "[0][0][0][0]");
	memcpy(deep, "{\"documents\":", 13);
	deep[1999] = '}';
	error_is("nesting 1000 deep inside documents", deep, 2000, NULL, 400,
	    "too_deep", "documents[0][0][0]");
	free(deep);
	ERR("a wrong type at depth 4 is a type error",
	    "{\"documents\":[{\"text\":[1]}]}", 400, "invalid_type",
	    "documents[0].text");
}

static void
test_utf8(void)
{
	static const char overlong[] =
	    "{\"documents\":[" DOC ",{\"text\":\"Caf\xc0\xaf in town.\"}]}";
	struct api_reply r;
	cJSON *j;
	const char *msg;
	char at[32];

	ERR("\\ud800 alone", "{\"documents\":[{\"text\":\"x\\ud800\"}]}", 400,
	    "invalid_utf8", "documents[0].text");
	ERR("\\ud800 before a plain escape",
	    "{\"documents\":[{\"text\":\"x\\ud800\\n\"}]}", 400, "invalid_utf8",
	    "documents[0].text");
	ERR("reversed surrogates",
	    "{\"documents\":[{\"text\":\"x\\udc00\\ud800\"}]}", 400,
	    "invalid_utf8", "documents[0].text");
	ERR("\\u0000", "{\"documents\":[{\"text\":\"x\\u0000y\"}]}", 400,
	    "invalid_utf8", "documents[0].text");
	ERR("a bad escape in the query", REQ(",\"query\":\"\\udfff\""), 400,
	    "invalid_utf8", "query");
	ERR("overlong UTF-8 in documents[1].text", overlong, 400,
	    "invalid_utf8", "documents[1].text");
	j = call(overlong, sizeof(overlong) - 1, NULL, &r);
	msg = str(cJSON_GetObjectItemCaseSensitive(j, "error"), "message");
	snprintf(at, sizeof(at), "%zu",
	    (size_t)((const char *)memchr(overlong, 0xc0, sizeof(overlong)) -
		     overlong));
	ok(msg != NULL && strstr(msg, at) != NULL,
	    "the message names the byte offset %s", at);
	cJSON_Delete(j);
	api_reply_free(&r);
	ERR("bad UTF-8 in a title",
	    "{\"documents\":[{\"title\":\"\xff\",\"text\":\"a\"}]}", 400,
	    "invalid_utf8", "documents[0].title");
	ERR("bad UTF-8 outside strings", REQ("\xff"), 400, "invalid_utf8",
	    NULL);
	ERR("a surrogate pair is fine, nothing to summarize",
	    "{\"documents\":[{\"text\":\"\\ud83d\\ude00\"}]}", 422,
	    "nothing_to_summarize", NULL);
}

/* s as a JSON string's content with every byte but letters, digits and
 * spaces escaped: the short escapes where JSON has one, else \uXXXX (a
 * surrogate pair past U+FFFF). */
static char *
escape_all(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	char *out = malloc(strlen(s) * 12 + 1), *w = out;
	unsigned cp, n, k;

	while (out != NULL && *u != '\0') {
		if ((*u >= 'a' && *u <= 'z') || (*u >= 'A' && *u <= 'Z') ||
		    (*u >= '0' && *u <= '9') || *u == ' ') {
			*w++ = (char)*u++;
			continue;
		}
		if (strchr("\"\\/\b\f\n\r\t", *u) != NULL) {
			*w++ = '\\';
			*w++ = "\"\\/bfnrt"[strchr("\"\\/\b\f\n\r\t", *u) -
					    "\"\\/\b\f\n\r\t"];
			u++;
			continue;
		}
		n = *u < 0x80 ? 0 : *u < 0xe0 ? 1 : *u < 0xf0 ? 2 : 3;
		cp = n == 0 ? *u : *u & (0x3f >> n);
		for (k = 1; k <= n; k++)
			cp = cp << 6 | (u[k] & 0x3f);
		u += n + 1;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			w += sprintf(w, "\\u%04X\\u%04x", 0xd800 + (cp >> 10),
			    0xdc00 + (cp & 0x3ff));
		} else
			w += sprintf(w, "\\u%04x", cp);
	}
	if (out != NULL)
		*w = '\0';
	return out;
}

/* Escapes in strings and keys mean what they stand for: a body with
 * every character escaped gets the answer the plain body gets, and its
 * sentences are the article's bytes, quotes, slashes, accents and all. */
static void
test_escapes(void)
{
	static const char text[] =
	    "The caf\xc3\xa9 \"Blue/Green\" in Marrow opened\ton Saturday; "
	    "its owner, Zo\xc3\xab Tessel, called it a\\the \xe4\xb8\xad "
	    "heart of town \xf0\x9f\x98\x80 at the opening. More than two "
	    "thousand people came to the caf\xc3\xa9 on its first day, the "
	    "owner said.\r\nThe caf\xc3\xa9 cost two million euros and took "
	    "three years to build, the council of Marrow said.";
	static const char plain[] =
	    "{\"documents\":[{\"id\":\"a/b\",\"text\":\"%s\"}],"
	    "\"length\":{\"sentences\":2}}";
	static const char escaped[] =
	    "{\"\\u0064ocuments\":[{\"\\u0069d\":\"a\\/b\",\"te\\u0078t\":"
	    "\"%s\"}],\"len\\u0067th\":{\"sentence\\u0073\":2}}";
	struct api_reply ra, rb;
	cJSON *a, *b, *sa, *tj = cJSON_CreateString(text);
	const cJSON *sb;
	char *qt = cJSON_PrintUnformatted(tj), *esc = escape_all(text);
	char *ba = NULL, *bb = NULL;
	const char *t;
	size_t n = 0, off;
	int same_answer = 1, exact = 1;

	if (qt == NULL || esc == NULL ||
	    (ba = malloc(strlen(qt) + sizeof(plain))) == NULL ||
	    (bb = malloc(strlen(esc) + sizeof(escaped))) == NULL)
		abort();
	/* qt is the text in quotes, as cJSON writes it: quotes dropped. */
	qt[strlen(qt) - 1] = '\0';
	sprintf(ba, plain, qt + 1);
	sprintf(bb, escaped, esc);
	ok(strstr(bb, "\\uD83D\\ude00") != NULL && strstr(bb, "\\u00e9") &&
		strstr(bb, "\\\"") && strstr(bb, "\\/") && strstr(bb, "\\t"),
	    "the escaped body has short, \\u and surrogate-pair escapes");
	a = call(ba, strlen(ba), NULL, &ra);
	b = call(bb, strlen(bb), NULL, &rb);
	ok(a != NULL && b != NULL && ra.status == 200 && rb.status == 200,
	    "both bodies are answered (%d, %d)", ra.status, rb.status);
	sb = first_sentence(b);
	cJSON_ArrayForEach(sa, cJSON_GetObjectItemCaseSensitive(a, "sentences"))
	{
		t = str(sb, "text");
		off = (size_t)num(sb, "offset");
		if (t == NULL || !same(str(sa, "text"), t) ||
		    num(sa, "offset") != num(sb, "offset"))
			same_answer = 0;
		if (t == NULL || !same(str(sb, "document"), "a/b") ||
		    off + strlen(t) > strlen(text) ||
		    memcmp(text + off, t, strlen(t)) != 0)
			exact = 0;
		sb = sb != NULL ? sb->next : NULL;
		n++;
	}
	ok(n == 2 && same_answer && sb == NULL,
	    "the escaped body gets the plain body's two sentences");
	ok(n == 2 && exact,
	    "each is the article's own bytes at its offset, from document "
	    "\"a/b\"");
	ok(strstr(rb.body, "\"text\":\"The caf\xc3\xa9 \\\"Blue/Green\\\"") !=
		NULL,
	    "the first sentence reads as the article wrote it");
	cJSON_Delete(a);
	cJSON_Delete(b);
	cJSON_Delete(tj);
	api_reply_free(&ra);
	api_reply_free(&rb);
	free(qt);
	free(esc);
	free(ba);
	free(bb);
}

static void
test_types(void)
{
	ERR("body an array", "[]", 400, "invalid_type", NULL);
	ERR("documents an object", "{\"documents\":{}}", 400, "invalid_type",
	    "documents");
	ERR("a document a string", "{\"documents\":[\"text\"]}", 400,
	    "invalid_type", "documents[0]");
	ERR("text a number", "{\"documents\":[" DOC ",{\"text\":5}]}", 400,
	    "invalid_type", "documents[1].text");
	ERR("text null", "{\"documents\":[{\"text\":null}]}", 400,
	    "invalid_type", "documents[0].text");
	ERR("id a number", "{\"documents\":[{\"id\":7,\"text\":\"a\"}]}", 400,
	    "invalid_type", "documents[0].id");
	ERR("title an array", "{\"documents\":[{\"title\":[],\"text\":\"a\"}]}",
	    400, "invalid_type", "documents[0].title");
	ERR("date a number",
	    "{\"documents\":[{\"date\":20250321,\"text\":\"a\"}]}", 400,
	    "invalid_type", "documents[0].date");
	ERR("length a number", REQ(",\"length\":5"), 400, "invalid_type",
	    "length");
	ERR("length.sentences a string",
	    REQ(",\"length\":{\"sentences\":\"5\"}"), 400, "invalid_type",
	    "length.sentences");
	ERR("length.words true", REQ(",\"length\":{\"words\":true}"), 400,
	    "invalid_type", "length.words");
	ERR("length.bytes an array", REQ(",\"length\":{\"bytes\":[]}"), 400,
	    "invalid_type", "length.bytes");
	ERR("length.ratio a string", REQ(",\"length\":{\"ratio\":\"half\"}"),
	    400, "invalid_type", "length.ratio");
	ERR("language a number", REQ(",\"language\":1"), 400, "invalid_type",
	    "language");
	ERR("query an object", REQ(",\"query\":{}"), 400, "invalid_type",
	    "query");
	ERR("order true", REQ(",\"order\":true"), 400, "invalid_type", "order");
	ERR("explain a string", REQ(",\"explain\":\"yes\""), 400,
	    "invalid_type", "explain");
}

static void
test_values(void)
{
	ERR("sentences 2.5", REQ(",\"length\":{\"sentences\":2.5}"), 400,
	    "invalid_value", "length.sentences");
	ERR("sentences 1e999", REQ(",\"length\":{\"sentences\":1e999}"), 400,
	    "invalid_value", "length.sentences");
	ERR("sentences -3", REQ(",\"length\":{\"sentences\":-3}"), 400,
	    "invalid_value", "length.sentences");
	ERR("sentences 0", REQ(",\"length\":{\"sentences\":0}"), 400,
	    "invalid_value", "length.sentences");
	ERR("words 2^63", REQ(",\"length\":{\"words\":9223372036854775808}"),
	    400, "invalid_value", "length.words");
	ERR("bytes -1e999", REQ(",\"length\":{\"bytes\":-1e999}"), 400,
	    "invalid_value", "length.bytes");
	ERR("ratio 0", REQ(",\"length\":{\"ratio\":0}"), 400, "invalid_value",
	    "length.ratio");
	ERR("ratio 1.5", REQ(",\"length\":{\"ratio\":1.5}"), 400,
	    "invalid_value", "length.ratio");
	ERR("order random", REQ(",\"order\":\"random\""), 400, "invalid_value",
	    "order");
	ERR("month 13",
	    "{\"documents\":[" DOC
	    ",{\"date\":\"2025-13-01\",\"text\":\"a\"}]}",
	    400, "invalid_value", "documents[1].date");
	ERR("29 February 2025",
	    "{\"documents\":[{\"date\":\"2025-02-29\",\"text\":\"a\"}]}", 400,
	    "invalid_value", "documents[0].date");
	ERR("a date in words",
	    "{\"documents\":[{\"date\":\"yesterday\",\"text\":\"a\"}]}", 400,
	    "invalid_value", "documents[0].date");
	ERR("a date with junk after it",
	    "{\"documents\":[{\"date\":\"2025-03-21Tnoon\",\"text\":\"a\"}]}",
	    400, "invalid_value", "documents[0].date");
	ERR("an empty id", "{\"documents\":[{\"text\":\"a\",\"id\":\"\"}]}",
	    400, "invalid_value", "documents[0].id");
	ERR("an id of 299 bytes",
	    "{\"documents\":[{\"text\":\"a\",\"id\":\""
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012345678901234567890123"
	    "0123456789012345678901234567890123456789012\"}]}",
	    400, "invalid_value", "documents[0].id");
	ERR("a 64-character number",
	    REQ(",\"length\":{\"sentences\":1."
		"00000000000000000000000000000000000"
		"00000000000000000000000000000}"),
	    400, "invalid_value", "length.sentences");
}

static void
test_schema(void)
{
	ERR("an unknown top-level key", REQ(",\"lenght\":{\"sentences\":2}"),
	    400, "unknown_field", "lenght");
	ERR("an unknown document key", "{\"documents\":[{\"txt\":\"a\"}]}", 400,
	    "unknown_field", "documents[0].txt");
	ERR("an unknown length key", REQ(",\"length\":{\"sentence\":2}"), 400,
	    "unknown_field", "length.sentence");
	ERR("keys are case-sensitive", REQ(",\"Order\":\"score\""), 400,
	    "unknown_field", "Order");
	ERR("a duplicate top-level key",
	    REQ(",\"order\":\"score\",\"order\":\"input\""), 400,
	    "duplicate_key", "order");
	ERR("a duplicate document key",
	    "{\"documents\":[{\"text\":\"a\",\"text\":\"b\"}]}", 400,
	    "duplicate_key", "documents[0].text");
	ERR("no text", "{\"documents\":[" DOC ",{\"title\":\"a\"}]}", 400,
	    "missing_field", "documents[1].text");
	ERR("length with no key", REQ(",\"length\":{}"), 400, "invalid_length",
	    "length");
	ERR("length with two keys",
	    REQ(",\"length\":{\"sentences\":2,\"words\":50}"), 400,
	    "invalid_length", "length");
	{
		/* null for an optional field is as if it were left out */
		static const char b[] =
		    REQ(",\"length\":{\"words\":20,\"sentences\":null}");
		struct api_reply r;
		cJSON *j = call(b, sizeof(b) - 1, NULL, &r);

		ok(r.status == 200, "length {words: 20, sentences: null}: %d",
		    r.status);
		cJSON_Delete(j);
		api_reply_free(&r);
	}
	ERR("no documents key", "{\"length\":{\"sentences\":2}}", 422,
	    "no_documents", "documents");
	ERR("documents null", "{\"documents\":null}", 422, "no_documents",
	    "documents");
	ERR("documents empty", "{\"documents\":[]}", 422, "no_documents",
	    "documents");
	ERR("language xx", REQ(",\"language\":\"xx\""), 422,
	    "unsupported_language", "language");
	ERR("sentences over the limit", REQ(",\"length\":{\"sentences\":1001}"),
	    422, "length_too_large", "length.sentences");
	ERR("nothing that can be summarized",
	    "{\"documents\":[{\"text\":\"Yes.\"},{\"text\":\"\"}]}", 422,
	    "nothing_to_summarize", NULL);
	ERR("a length smaller than any sentence",
	    REQ(",\"length\":{\"bytes\":10}"), 422, "length_too_small",
	    "length");
}

static void
test_limits(void)
{
	static const char three[] = "{\"documents\":[" DOC "," DOC "," DOC "]}";
	static const char sizes[] =
	    "{\"documents\":[{\"text\":\"Short.\"}," DOC "]}";
	struct api_limits lim;
	char *body;

	memset(&lim, 0, sizeof(lim));
	lim.max_documents = 2;
	error_is("three documents, two allowed", three, sizeof(three) - 1, &lim,
	    413, "too_many_documents", "documents");
	lim.max_documents = 3;
	lim.max_doc_bytes = 20;
	error_is("a text over max_doc_bytes", sizes, sizeof(sizes) - 1, &lim,
	    413, "document_too_large", "documents[1].text");
	body = "{\"documents\":[{\"title\":\"Ten bytes.\",\"text\":\"Short.\"},"
	       "{\"title\":\"Fifteen bytes..\",\"text\":\"Short.\"}]}";
	error_is("a title and text over max_doc_bytes together", body,
	    strlen(body), &lim, 413, "document_too_large",
	    "documents[1].title");
	memset(&lim, 0, sizeof(lim));
	lim.max_sentences = 2;
	body = request(NULL, NULL, NULL, "length", length_of("sentences", 3));
	error_is("a configured sentence limit", body, strlen(body), &lim, 422,
	    "length_too_large", "length.sentences");
	memset(&lim, 0, sizeof(lim));
	lim.max_memory = 4096;
	error_is("over the memory cap", body, strlen(body), &lim, 413,
	    "too_large", NULL);
	free(body);
}

static void
test_error_reply(void)
{
	struct api_reply r;
	cJSON *j = NULL;

	ok(api_error(404, "not_found", "no \"such\" route", NULL, &r) == 0 &&
		(j = cJSON_ParseWithLength(r.body, r.len)) != NULL,
	    "api_error makes JSON");
	ok(r.status == 404 &&
		same(str(cJSON_GetObjectItemCaseSensitive(j, "error"),
			 "message"),
		    "no \"such\" route") &&
		cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(j, "error"), "field")),
	    "its message is escaped, and field is null when none applies");
	cJSON_Delete(j);
	api_reply_free(&r);
	api_reply_free(&r);
	api_reply_free(NULL);
}

/* The answer's writer (jsonw.h): what it writes is JSON that means what
 * was written, every byte of a string and six decimals of a number. */
static void
test_writer(void)
{
	static const double xs[] = {0, 1, 2.5, 1e-6, 4e-7, -3.25, 0.1 + 0.2,
	    1234567.891234, 0.9999996, -0.0000004};
	char all[200], *s;
	size_t i, n = 0, len;
	struct jsonw w;
	cJSON *j, *a;
	int same_num = 1;

	/* Every ASCII byte but NUL, and characters of two to four bytes. */
	for (i = 1; i < 0x80; i++)
		all[n++] = (char)i;
	memcpy(all + n, "caf\xc3\xa9 \xe4\xb8\xad \xf0\x9f\x98\x80", 14);
	n += 14;
	jsonw_init(&w);
	jsonw_open(&w, '{');
	jsonw_key(&w, "s\"\n");
	jsonw_str(&w, all, n);
	jsonw_key(&w, "x");
	jsonw_open(&w, '[');
	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
		jsonw_fixed6(&w, xs[i]);
	jsonw_fixed6(&w, NAN);
	jsonw_fixed6(&w, INFINITY);
	jsonw_uint(&w, UINT64_MAX);
	jsonw_close(&w, ']');
	jsonw_close(&w, '}');
	s = jsonw_finish(&w, &len);
	j = s != NULL ? cJSON_ParseWithLength(s, len) : NULL;
	a = cJSON_GetObjectItemCaseSensitive(j, "x");
	for (i = 0; s != NULL && i < len && (unsigned char)s[i] >= 0x20; i++)
		;
	ok(j != NULL && s != NULL && strlen(s) == len && i == len,
	    "the writer's text parses as JSON, with no control character "
	    "left raw");
	ok(str(j, "s\"\n") != NULL && strlen(str(j, "s\"\n")) == n &&
		memcmp(str(j, "s\"\n"), all, n) == 0,
	    "a string of every ASCII control and mark, and UTF-8, reads back "
	    "byte for byte (its key escaped too)");
	for (i = 0; i < sizeof(xs) / sizeof(xs[0]); i++)
		if (!cJSON_IsNumber(cJSON_GetArrayItem(a, (int)i)) ||
		    fabs(cJSON_GetArrayItem(a, (int)i)->valuedouble -
			 floor(xs[i] * 1e6 + 0.5) / 1e6) > 1e-9)
			same_num = 0;
	ok(same_num && cJSON_GetArraySize(a) == 13,
	    "numbers read back to six decimals");
	ok(cJSON_IsNull(cJSON_GetArrayItem(a, 10)) &&
		cJSON_IsNull(cJSON_GetArrayItem(a, 11)) && s != NULL &&
		strstr(s, ",0.000001,0,-3.25,") != NULL &&
		strstr(s, ",1,0,null,null,") != NULL &&
		strstr(s, ",18446744073709551615]") != NULL,
	    "no exponent, no trailing zero, no minus zero; null for what is "
	    "not finite; whole numbers to 20 digits");
	cJSON_Delete(j);
	free(s);
}

/* A transcript without full stops: a summary of its pieces, not 422. */
static void
test_unmarked(void)
{
	static const char body[] =
	    "{\"documents\":[{\"text\":\"good evening and welcome to the "
	    "council meeting of marrow tonight we vote on the new footbridge "
	    "over the river tessel the bridge would cost eleven million euros "
	    "and take three years to build the engineers say the soil under "
	    "the eastern bank is weak\"}],\"length\":{\"words\":30}}";
	struct api_reply r;
	cJSON *j = call(body, sizeof(body) - 1, NULL, &r);
	const cJSON *s = first_sentence(j);

	ok(j != NULL && r.status == 200 && str(s, "text") != NULL &&
		strncmp(str(s, "text"), "good evening", 12) == 0,
	    "a transcript without full stops: 200 and a piece of it (%d)",
	    r.status);
	cJSON_Delete(j);
	api_reply_free(&r);
}

struct number_case {
	const char *text;
	int taken;
};

/* Each case's number as the value of field (the body pre, the number,
 * post) in a stored cluster's summary options: taken, or 400
 * invalid_value naming field. */
static void
check_numbers(const char *pre, const char *post, const char *field,
    const struct number_case *cases, size_t n)
{
	struct api_reply r;
	const cJSON *e;
	cJSON *j;
	char body[128];
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		snprintf(
		    body, sizeof(body), "%s%s%s", pre, cases[i].text, post);
		rc = api_cluster_check(body, strlen(body), NULL, &r);
		j = rc == 1 ? cJSON_ParseWithLength(r.body, r.len) : NULL;
		e = cJSON_GetObjectItemCaseSensitive(j, "error");
		if (cases[i].taken)
			ok(rc == 0, "%s %s is taken (%d)", field, cases[i].text,
			    rc);
		else
			ok(rc == 1 && r.status == 400 &&
				same(str(e, "code"), "invalid_value") &&
				same(str(e, "field"), field),
			    "%s %s: 400 invalid_value %s (%d %d)", field,
			    cases[i].text, field, rc, rc == 1 ? r.status : 0);
		cJSON_Delete(j);
		if (rc == 1)
			api_reply_free(&r);
	}
}

/* since, in a stored cluster's summary: a whole number from 0 to 2^53, as
 * its text says, not as the double it rounds to (2^53 + 1 was taken as
 * 2^53, 5.0000000000000001 as 5). */
/* A language as callers tag it: "en-US" or "EN" is English, the answer
 * says "en"; a tag of no known language, or no tag, is still refused. */
static void
test_language_tags(void)
{
	static const char *const good[] = {
	    "en", "EN", "en-US", "en_GB", "En-Latn-US", "en-gb-oxendict"};
	static const char *const bad[] = {
	    "xx-US", "en-", "en--US", "en-toolongtag", "en US", "e", "-en"};
	struct api_reply r;
	char *body;
	cJSON *j;
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		body = request(
		    NULL, NULL, NULL, "language", cJSON_CreateString(good[i]));
		j = call(body, strlen(body), NULL, &r);
		ok(j != NULL && r.status == 200 &&
			same(str(j, "language"), "en"),
		    "language \"%s\": 200, read as English (%d)", good[i],
		    r.status);
		cJSON_Delete(j);
		api_reply_free(&r);
		free(body);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		body = request(
		    NULL, NULL, NULL, "language", cJSON_CreateString(bad[i]));
		j = call(body, strlen(body), NULL, &r);
		ok(r.status == 422, "language \"%s\": 422 (%d)", bad[i],
		    r.status);
		cJSON_Delete(j);
		api_reply_free(&r);
		free(body);
	}
}

static void
test_since(void)
{
	static const struct number_case cases[] = {
	    {"0", 1},
	    {"-0", 1},
	    {"12", 1},
	    {"12.0", 1},
	    {"1.2e1", 1},
	    {"1200e-2", 1},
	    {"0.05E+2", 1},
	    {"100", 1},
	    {"0.0", 1},
	    {"1000e-3", 1},
	    {"9007199254740992000e-3", 1},
	    {"10.50", 0},
	    {"1e19", 0},
	    {"9007199254740992", 1},
	    {"9.007199254740992e15", 1},
	    {"9007199254740993", 0},
	    {"9007199254740992.5", 0},
	    {"9007199254740991.5", 0},
	    {"9.007199254740993e15", 0},
	    {"9007199254740994", 0},
	    {"18446744073709551617", 0},
	    {"5.0000000000000001", 0},
	    {"1.5", 0},
	    {"-1", 0},
	    {"1e400", 0},
	    {"1e-400", 0},
	};

	check_numbers("{\"since\":", "}", "since", cases,
	    sizeof(cases) / sizeof(cases[0]));
}

/* The counts of length, read from their digits as since is: a double
 * makes 2.0000000000000001 into 2 and 0.99999999999999999 into 1. */
static void
test_counts(void)
{
	static const struct number_case cases[] = {
	    {"2", 1},
	    {"2.0", 1},
	    {"2e0", 1},
	    {"0.2E1", 1},
	    {"1e12", 1},
	    {"1000000000000", 1},
	    {"1000000000001", 0},
	    {"2.0000000000000001", 0},
	    {"0.99999999999999999", 0},
	    {"1.5", 0},
	    {"0", 0},
	    {"-0", 0},
	    {"-2", 0},
	    {"1e400", 0},
	};

	check_numbers("{\"length\":{\"words\":", "}}", "length.words", cases,
	    sizeof(cases) / sizeof(cases[0]));
}

int
main(void)
{
	test_writer();
	test_answer();
	test_wrapped();
	test_line_breaks();
	test_tag_stops();
	test_long_tags();
	test_explain();
	test_order();
	test_lengths();
	test_malformed();
	test_utf8();
	test_escapes();
	test_types();
	test_values();
	test_schema();
	test_limits();
	test_error_reply();
	test_unmarked();
	test_language_tags();
	test_since();
	test_counts();
	return tap_done();
}
