/* test_terms.c: words become the same term when a reader would say they
 * are the same word. */
#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "dict.h"
#include "lang.h"
#include "tap.h"
#include "terms.h"

static struct terms t;

static size_t
scan(const char *s, struct tokens *tok)
{
	memset(tok, 0, sizeof(*tok));
	if (terms_scan(&t, t.lang, s, strlen(s), tok) != 0)
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

/* The code of the language s is detected as. */
static const char *
detect(const char *s)
{
	const struct lang *l = NULL;

	if (terms_detect(&t, s, strlen(s), &l) != 0 || l == NULL)
		return "?";
	return l->code;
}

/* The terms of s read as the language code. */
static size_t
scan_in(const char *code, const char *s, struct tokens *tok)
{
	memset(tok, 0, sizeof(*tok));
	if (terms_scan(&t, lang_find(code), s, strlen(s), tok) != 0)
		return SIZE_MAX;
	return tok->n;
}

static int
same_in(const char *code, const char *x, const char *y)
{
	struct tokens a, b;

	if (scan_in(code, x, &a) != scan_in(code, y, &b) || a.n == 0)
		return 0;
	return memcmp(a.id, b.id, a.n * sizeof(*a.id)) == 0;
}

static void
languages(void)
{
	static const struct {
		const char *code, *text;
	} seen[] = {
	    {"en", "The council said on Monday that the bridge would open "
		   "in the spring after two years of work."},
	    {"de", "Der Stadtrat hat am Montag beschlossen, dass die Brücke "
		   "nach zwei Jahren im Frühjahr für den Verkehr öffnet."},
	    {"fr", "Le conseil a annoncé lundi que le pont sera ouvert au "
		   "printemps après deux ans de travaux."},
	    {"es", "El ayuntamiento dijo el lunes que el puente se abrirá en "
		   "primavera tras dos años de obras."},
	    {"it", "Il consiglio ha detto lunedì che il ponte sarà aperto in "
		   "primavera dopo due anni di lavori."},
	    {"pt", "A câmara disse na segunda-feira que a ponte será aberta "
		   "na primavera após dois anos de obras."},
	    {"nl", "De gemeenteraad heeft maandag gezegd dat de brug in het "
		   "voorjaar na twee jaar werk opengaat."},
	    {"sv", "Kommunen sade på måndagen att bron öppnar i vår efter två "
		   "års arbete och att den är klar."},
	    {"ru", "Городской совет в понедельник заявил, что мост откроют "
		   "весной после двух лет работ."},
	    {"el", "Το δημοτικό συμβούλιο ανακοίνωσε ότι η γέφυρα θα ανοίξει "
		   "την άνοιξη."},
	    {"ar", "قال المجلس يوم الاثنين إن الجسر سيفتح في الربيع بعد عامين "
		   "من العمل."},
	    {"zh", "市议会周一表示，大桥将在两年施工后于春季通车。"},
	    {"ja",
		"市議会は月曜日、橋は二年間の工事を経て春に開通すると発表した。"},
	    {"ko",
		"시의회는 월요일 다리가 2년 공사 끝에 봄에 개통한다고 밝혔다."},
	    {"he", "מועצת העיר הודיעה ביום שני כי הגשר ייפתח באביב."},
	};
	struct tokens tok;
	size_t i, good = 0;

	for (i = 0; i < sizeof(seen) / sizeof(seen[0]); i++) {
		const char *got = detect(seen[i].text);

		if (strcmp(got, seen[i].code) == 0)
			good++;
		else
			printf("#   %s read as %s\n", seen[i].code, got);
	}
	ok(good == sizeof(seen) / sizeof(seen[0]),
	    "the language of one sentence in each of %zu languages is "
	    "detected (%zu right)",
	    sizeof(seen) / sizeof(seen[0]), good);
	ok(strcmp(detect("1234 5678 !!"), "en") == 0,
	    "text with no letters is taken as English");

	ok(same_in("de", "Brücken", "Brücke"),
	    "German: Brücken and Brücke are one term");
	ok(scan_in("de", "der die das und nicht", &tok) == 0,
	    "German stopwords are not terms");
	ok(same_in("fr", "ponts", "pont"), "French: ponts and pont");
	ok(scan_in("fr", "le la les et dans", &tok) == 0,
	    "French stopwords are not terms");
	ok(same_in("es", "puentes", "puente"), "Spanish: puentes and puente");
	ok(same_in("ru", "мосты", "мост"), "Russian: мосты and мост");
	ok(scan_in("ru", "и в на что", &tok) == 0,
	    "Russian stopwords are not terms");
	ok(scan_in("zh", "新桥通车", &tok) == 3,
	    "Chinese: four characters are three pairs (%zu)", tok.n);
	ok(same_in("zh", "新桥", "新桥") && scan_in("zh", "桥", &tok) == 1,
	    "a lone character is a term of its own");
	ok(scan_in("ja", "東京で会議", &tok) == 4,
	    "Japanese kana and kanji pair alike (%zu)", tok.n);
	ok(scan_in("zh", "2028年起", &tok) == 2,
	    "digits beside Han are a word of their own (%zu)", tok.n);
	ok(!same_in("de", "die", "die") && same_in("en", "die", "die"),
	    "stopwords are per language: German die, English die");
}

/*
 * The script is the one most of a text's first 1,000 letters are written
 * in, counted exactly, however the count is taken (ASCII runs are counted
 * sixteen bytes at a time): n Cyrillic letters, then enough ASCII ones
 * ('x', in words of five) to pass the cap. No stopword of any language,
 * so the script alone decides.
 */
static const char *
script_split(size_t ncyr, size_t skew)
{
	static char text[8192];
	size_t len = 0, i;

	for (i = 0; i < ncyr; i++) {
		memcpy(text + len, "\xd0\xb6", 2); /* zhe */
		len += 2;
		if (i % 7 == 6)
			text[len++] = ' ';
	}
	text[len++] = ' ';
	/* skew spaces first: where the 16-byte steps fall moves */
	for (i = 0; i < skew; i++)
		text[len++] = ' ';
	for (i = 0; i < 2000; i++) {
		text[len++] = 'x';
		if (i % 5 == 4)
			text[len++] = ' ';
	}
	text[len] = '\0';
	return detect(text);
}

/* The other way round: n ASCII letters in words of five between brackets
 * and signs next to the letters' codes ("[xxxxx] {xxxxx} @xxxxx`", none a
 * letter), then Cyrillic ones. */
static const char *
script_split_ascii_first(size_t nlat)
{
	static const char sign[] = "[]{}@`";
	static char text[8192];
	size_t len = 0, i;

	for (i = 0; i < nlat; i++) {
		if (i % 5 == 0)
			text[len++] = sign[(i / 5) % 6];
		text[len++] = 'x';
		if (i % 5 == 4)
			text[len++] = ' ';
	}
	text[len++] = ' ';
	for (i = 0; i < 2000; i++) {
		memcpy(text + len, "\xd0\xb6", 2);
		len += 2;
		if (i % 7 == 6)
			text[len++] = ' ';
	}
	text[len] = '\0';
	return detect(text);
}

static void
script_cap(void)
{
	size_t skew, right = 0;
	char en[2048];
	size_t len = 0, i;

	for (skew = 0; skew < 16; skew++)
		right += strcmp(script_split(501, skew), "ru") == 0 &&
			 strcmp(script_split(499, skew), "en") == 0;
	ok(right == 16,
	    "501 Cyrillic letters of the first 1,000 make it Russian, 499 do "
	    "not, wherever the ASCII letters after them fall (%zu of 16)",
	    right);
	ok(strcmp(script_split_ascii_first(499), "ru") == 0 &&
		strcmp(script_split_ascii_first(501), "en") == 0,
	    "ASCII letters first: 501 of the first 1,000 make it Latin, 499 "
	    "do not; brackets and signs beside them are no letters");
	/* English stopwords early, then a long run of Dutch: the first 100
	 * words decide, and a quarter of them English is English. */
	for (i = 0; i < 25; i++) {
		memcpy(en + len, "the xx ", 7);
		len += 7;
	}
	for (i = 0; i < 150; i++) {
		memcpy(en + len, "het een ", 8);
		len += 8;
	}
	en[len] = '\0';
	ok(strcmp(detect(en), "en") == 0,
	    "25 English stopwords in the first 100 words: English (%s)",
	    detect(en));
	memcpy(en, "qqq", 3); /* 24 stopwords left in the first 100 words */
	ok(strcmp(detect(en), "nl") == 0, "24 and the rest Dutch: Dutch (%s)",
	    detect(en));
}

/*
 * Stems found again in the thread's table of earlier calls are the stems
 * Snowball gives: made-up words, so that the first pass stems them all,
 * read by three calls in turn, English, German, English.
 */
static void
stems_remembered(void)
{
	static const char *const root[] = {"blark", "zomp", "frandle", "quib",
	    "snorv", "trelk", "vapp", "glorm", "plinth", "wuzz"};
	static const char *const end[] = {"", "s", "ing", "ings", "ed",
	    "ational", "ness", "ly", "ies", "er", "ers", "ation"};
	char text[8192], stem[3][120][32];
	size_t len = 0, i, k, pass, n[3] = {0}, differ = 0, lost = 0, lens;
	size_t german = 0;
	struct arena a;
	struct terms u;
	struct tokens tok;
	const char *st;

	for (i = 0; i < 10; i++)
		for (k = 0; k < 12; k++)
			len += (size_t)snprintf(text + len, sizeof(text) - len,
			    "%s%s ", root[i], end[k]);
	for (pass = 0; pass < 3; pass++) {
		arena_init(&a, 0);
		if (terms_init(&u, &a, "en", 0) != 0)
			break;
		memset(&tok, 0, sizeof(tok));
		if (terms_scan(&u, lang_find(pass == 1 ? "de" : "en"), text,
			len, &tok) != 0)
			break;
		for (i = 0; i < tok.n && i < 120; i++) {
			st = terms_stem(&u, tok.id[i], &lens);
			snprintf(stem[pass][i], sizeof(stem[0][0]), "%.*s",
			    (int)lens, st);
		}
		n[pass] = tok.n;
		terms_fini(&u);
		arena_release(&a);
	}
	for (i = 0; pass == 3 && i < 120; i++) {
		differ += strcmp(stem[0][i], stem[2][i]) != 0;
		lost += strlen(stem[0][i]) == 0;
		german += strcmp(stem[0][i], stem[1][i]) != 0;
	}
	ok(pass == 3 && n[0] == 120 && n[2] == 120 && differ == 0 && lost == 0,
	    "a word stems alike afresh and from the table of earlier calls "
	    "(%zu terms, %zu differ)",
	    n[2], differ);
	ok(german > 0 && strcmp(stem[2][2], "blark") == 0,
	    "and by its own language's rules (%zu of %zu stem otherwise in "
	    "German; \"blarking\" -> \"%s\")",
	    german, n[1], stem[2][2]);
}

/* The stems of the words of text, read in a call of its own, into
 * st[0, 3); 0 if there are not three. */
static int
three_stems(const char *text, char st[3][32])
{
	struct arena a;
	struct terms u;
	struct tokens tok;
	const char *p;
	size_t i, n;
	int rc;

	arena_init(&a, 0);
	memset(&tok, 0, sizeof(tok));
	if ((rc = terms_init(&u, &a, "en", 0)) == 0)
		rc = terms_scan(&u, lang_find("en"), text, strlen(text), &tok);
	for (i = 0; rc == 0 && i < 3 && tok.n == 3; i++) {
		p = terms_stem(&u, tok.id[i], &n);
		snprintf(st[i], sizeof(st[i]), "%.*s", (int)n, p);
	}
	terms_fini(&u);
	arena_release(&a);
	return rc == 0 && tok.n == 3;
}

/*
 * Three made-up words that share a set of the thread's table of stems
 * (two slots), read by calls in six orders: each is found in one slot or
 * the other, or was pushed out and is stemmed again, and its stem is the
 * one Snowball gave it the first time.
 */
static void
stems_shared_set(void)
{
	static const int order[6][3] = {
	    {0, 1, 2}, {2, 1, 0}, {1, 0, 2}, {0, 2, 1}, {2, 0, 1}, {1, 2, 0}};
	char w[3][32], word[32], text[128], ref[3][32], st[3][32];
	size_t found = 0, k, n, set = 0, r, wrong = 0;
	unsigned v;

	for (v = 0; v < 456976 && found < 3; v++) {
		n = (size_t)snprintf(word, sizeof(word), "qz%c%c%c%cering",
		    'a' + v % 26, 'a' + v / 26 % 26, 'a' + v / 676 % 26,
		    'a' + v / 17576 % 26);
		if (found == 0)
			set = dict_hash(word, n) % STEM_SETS;
		if (dict_hash(word, n) % STEM_SETS == set)
			memcpy(w[found++], word, n + 1);
	}
	snprintf(text, sizeof(text), "%s %s %s", w[0], w[1], w[2]);
	if (found < 3 || !three_stems(text, ref)) {
		ok(0, "three words of one set (found %zu)", found);
		return;
	}
	for (r = 0; r < 6; r++) {
		snprintf(text, sizeof(text), "%s %s %s", w[order[r][0]],
		    w[order[r][1]], w[order[r][2]]);
		if (!three_stems(text, st)) {
			wrong++;
			continue;
		}
		for (k = 0; k < 3; k++)
			wrong += strcmp(st[k], ref[order[r][k]]) != 0;
	}
	ok(wrong == 0 && strcmp(ref[0], ref[1]) != 0 &&
		strncmp(ref[0], w[0], strlen(ref[0])) == 0,
	    "words that share a set of the stem table keep their stems "
	    "(%s -> %s; %zu wrong)",
	    w[0], ref[0], wrong);
}

/*
 * Words where the tokenizer's ASCII fast path hands over to the general
 * one: each must come out as if the fast path were not there.
 */
static void
edges(void)
{
	struct tokens tok;
	char w[300];
	size_t len;
	const char *stem;

	ok(scan("rose 3.5 percent", &tok) == 3, "3.5 is one number");
	stem = terms_stem(&t, tok.id[1], &len);
	is_span(stem, len, "3.5", "and keeps its point");
	ok(scan("at 5 o'clock", &tok) == 2 && !same_terms("o'clock", "clock"),
	    "an apostrophe between letters joins them");
	ok(scan("'quoted' words'", &tok) == 2 &&
		same_terms("'quoted' words'", "quoted words"),
	    "a quote mark at a word's edge is no part of it");
	ok(scan("CAF\xc3\x89TERIA", &tok) == 1 &&
		same_terms("CAF\xc3\x89TERIA", "caf\xc3\xa9teria"),
	    "a word that goes on past ASCII is one word");
	ok(scan("end.", &tok) == 1 && scan("x5", &tok) == 1,
	    "words at the end of the text");
	ok(scan("govern\xc2\xadment pro\xe2\x80\x8bgram\xe2\x80\x8d"
		"mes wa\xe2\x81\xa0ter",
	       &tok) == 3 &&
		same_terms("govern\xc2\xadment pro\xe2\x80\x8bgram\xe2\x80"
			   "\x8dmes wa\xe2\x81\xa0ter",
		    "government programmes water"),
	    "a soft hyphen, zero width space, joiner or word joiner inside "
	    "a word leaves it one word, the term it is without");
	ok(scan("\xe0\xb8\x81\xe0\xb8\xb2\xe0\xb8\xa3\xe2\x80\x8b\xe0"
		"\xb8\x84\xe0\xb8\xb2",
	       &tok) > 0 &&
		same_terms("\xe0\xb8\x81\xe0\xb8\xb2\xe0\xb8\xa3\xe2\x80"
			   "\x8b\xe0\xb8\x84\xe0\xb8\xb2",
		    "\xe0\xb8\x81\xe0\xb8\xb2\xe0\xb8\xa3 \xe0\xb8\x84\xe0"
		    "\xb8\xb2"),
	    "in Thai, a zero width space parts words, as a space does");
	memset(w, 'q', sizeof(w));
	w[256] = '\0';
	ok(scan(w, &tok) == 1, "a word of 256 letters is a term");
	w[256] = 'q';
	w[257] = '\0';
	ok(scan(w, &tok) == 0, "a longer one is none");
}

/* Long words, read sixteen bytes at a time: folded the same at every
 * length, and split at exactly the bytes beside the letters and digits. */
/*
 * One text of 1,500 made-up words, each its own term (its stem the word
 * itself), between stopwords: the arrays a scan fills and the table of
 * terms by word grow many times over in a fresh instance, and every word
 * still maps to its own stem, the same in a second scan, backwards.
 */
static void
many_words(void)
{
	static const char cons[] = "bcdfgmnprt";
	static char text[16384], back[16384], word[1500][8];
	struct arena a;
	struct terms u;
	struct tokens tok, tok2;
	size_t i, n = 0, m = 0, len;
	size_t right = 0, same = 0;
	const char *st;

	for (i = 0; i < 1500; i++) {
		snprintf(word[i], sizeof(word[i]), "%c%co%c%ck", cons[i % 10],
		    cons[i / 10 % 10], cons[i / 100 % 10], cons[i / 1000 % 10]);
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s ",
		    word[i], i % 3 == 0 ? " the" : "");
	}
	for (i = 0; i < 1500; i++)
		m += (size_t)snprintf(
		    back + m, sizeof(back) - m, "%s ", word[1499 - i]);
	arena_init(&a, 0);
	memset(&tok, 0, sizeof(tok));
	memset(&tok2, 0, sizeof(tok2));
	if (terms_init(&u, &a, "en", 16) != 0 ||
	    terms_scan(&u, u.lang, text, n, &tok) != 0 ||
	    terms_scan(&u, u.lang, back, m, &tok2) != 0) {
		ok(0, "1,500 words scanned");
		terms_fini(&u);
		arena_release(&a);
		return;
	}
	for (i = 0; i < tok.n && i < 1500; i++) {
		st = terms_stem(&u, tok.id[i], &len);
		right +=
		    len == strlen(word[i]) && memcmp(st, word[i], len) == 0;
	}
	for (i = 0; i < tok2.n && i < 1500 && tok.n == 1500; i++)
		same += tok2.id[i] == tok.id[1499 - i];
	ok(tok.n == 1500 && tok.nall == 2000 && right == 1500,
	    "1,500 words and 500 stopwords in one scan: each word its own "
	    "term (%zu terms, %zu words, %zu right)",
	    tok.n, tok.nall, right);
	ok(tok2.n == 1500 && same == 1500,
	    "read again backwards, each word the same term (%zu of %zu)", same,
	    tok2.n);
	terms_fini(&u);
	arena_release(&a);
}

static void
long_words(void)
{
	static const char *const word[] = {
	    "Abcdefghijklmno",                  /* 15 */
	    "ABCDEFGHIJKLMNOP",                 /* 16 */
	    "AbCdEfGhIjKlMnOpQ",                /* 17 */
	    "Zyxwvutsrqponmlkjihgfedcbazyxwv",  /* 31 */
	    "ZYXWVUTSRQPONMLKJIHGFEDCBAZYXWVU", /* 32 */
	    "A1B2C3D4E5F6G7H8I9J0",             /* letters and digits */
	};
	static const char splitters[] = "@[`{/:";
	char lower[64], text[128];
	struct tokens tok;
	size_t i, k, n;
	int folded = 1, split = 1;

	for (i = 0; i < sizeof(word) / sizeof(word[0]); i++) {
		n = strlen(word[i]);
		for (k = 0; k <= n; k++)
			lower[k] = (char)(word[i][k] >= 'A' && word[i][k] <= 'Z'
					      ? word[i][k] + 32
					      : word[i][k]);
		snprintf(text, sizeof(text), "%s, and", word[i]);
		if (scan(text, &tok) != 1 || !same_terms(word[i], lower) ||
		    !same_terms(text, lower))
			folded = 0;
	}
	ok(folded, "words of 15 to 32 letters are one term each, in any case");
	for (i = 0; splitters[i] != '\0'; i++) {
		/* The mark inside the first sixteen bytes, text beyond. */
		snprintf(text, sizeof(text),
		    "Mississippi%criverbank boats on the river", splitters[i]);
		if (scan(text, &tok) != 4 ||
		    !same_terms(
			text, "mississippi riverbank boats on the river"))
			split = 0;
	}
	ok(split, "'@', '[', '`', '{', '/' and ':' end a word");
	ok(scan("1234567890123456,789 units sold", &tok) == 3 &&
		!same_terms("1234567890123456,789", "1234567890123456 789"),
	    "a comma after sixteen digits still joins them");
	ok(scan("Abcdefghijklmnopq'rstu", &tok) == 1 &&
		same_terms("Abcdefghijklmnopq'rstu", "abcdefghijklmnopq'rstu"),
	    "an apostrophe after sixteen letters still joins");
	ok(scan("Supercalifragilistic\xc3\xa9 rules", &tok) == 2 &&
		same_terms("SUPERCALIFRAGILISTIC\xc3\x89",
		    "supercalifragilistic\xc3\xa9"),
	    "a long word that goes on past ASCII is one word");
}

/*
 * A table compares keys only when their hashes agree. Pairs of keys whose
 * hashes agree as far as a table of 16 slots looks (the high 32 bits, a
 * slot's tag, and the low 4, their first slot), found by a birthday search
 * among up to three million keys of each length, one length for each way the
 * comparison reads (a few bytes, overlapping words of 4 and of 8, longer):
 * each must stay two keys. If dict_hash changes, search again.
 */
static void
keys_that_collide(void)
{
	static const char *const pair[][2] = {
	    {"S/&", "^CK"},
	    {"abkwfw", "achydo"},
	    {"lkgctsrkzirmk", "lzquxpovnlnmt"},
	    {"zauzyobijbcbreabfsnwopzdvloigw",
		"eqknaaxrbjhuzrlikehkdanngbhvdk"},
	};
	struct arena a;
	struct dict d;
	const char *k1, *k2;
	uint64_t h1, h2;
	int64_t id1, id2;
	size_t i, n;

	for (i = 0; i < sizeof(pair) / sizeof(pair[0]); i++) {
		k1 = pair[i][0];
		k2 = pair[i][1];
		n = strlen(k1);
		h1 = dict_hash(k1, n);
		h2 = dict_hash(k2, n);
		ok(h1 >> 32 == h2 >> 32 && (h1 & 15) == (h2 & 15),
		    "keys of %zu bytes whose hashes agree in a small table", n);
		arena_init(&a, 0);
		if (dict_init(&d, &a, 1) != 0 || d.mask != 15) {
			ok(0, "a dict of 16 slots");
			arena_release(&a);
			continue;
		}
		id1 = dict_intern(&d, k1, n);
		id2 = dict_intern(&d, k2, n);
		ok(id1 >= 0 && id2 >= 0 && id1 != id2 &&
			dict_find(&d, k1, n) == id1 &&
			dict_find(&d, k2, n) == id2,
		    "are two keys");
		arena_release(&a);
	}
}

/* A text of made-up words, n of them distinct, each read twice, among
 * stopwords and some words too long for the table of words: into text,
 * the first or the second half first. */
static size_t
made_up(char *text, size_t cap, size_t n, int second)
{
	static const char cons[] = "bcdfgmnprt";
	size_t i, k, len = 0;

	for (k = 0; k < 2 * n; k++) {
		i = (k % n + (second ? n / 2 : 0)) % n;
		len += (size_t)snprintf(text + len, cap - len,
		    "%c%co%c%c%cin%s %s ", cons[i % 10], cons[i / 10 % 10],
		    cons[i / 100 % 10], cons[i / 1000 % 10],
		    cons[i / 10000 % 10],
		    i % 7 == 0 ? "gfollowedbylongtail" : "",
		    i % 3 == 0 ? "the" : "and");
	}
	return len;
}

/* Do two calls' scans of s give the same words, numbers and terms? */
static int
scans_alike(struct terms *u, struct terms *v, const struct lang *lang,
    const char *s, size_t len)
{
	struct tokens a, b;
	const char *x, *y;
	size_t i, m, n;

	memset(&a, 0, sizeof(a));
	memset(&b, 0, sizeof(b));
	if (terms_scan(u, lang, s, len, &a) != 0 ||
	    terms_scan(v, lang, s, len, &b) != 0 ||
	    terms_count(u) != terms_count(v))
		return 0;
	for (i = 0; i < terms_count(u); i++) {
		x = terms_stem(u, (uint32_t)i, &m);
		y = terms_stem(v, (uint32_t)i, &n);
		if (m != n || memcmp(x, y, n) != 0)
			return 0;
	}
	return a.n == b.n && a.nall == b.nall && a.hash == b.hash &&
	       memcmp(a.id, b.id, a.n * sizeof(*a.id)) == 0 &&
	       memcmp(a.all, b.all, a.nall * sizeof(*a.all)) == 0;
}

/*
 * The thread's table of words: a call that owns it numbers words as one
 * that keeps them all apart (another call made while it lives), whether
 * they are new to the table or left in it by an earlier call, and with
 * more words than it has room for.
 */
static void
words_table(void)
{
	static char text[1 << 22];
	struct arena a;
	struct terms u, v;
	size_t round, len;
	int owned = 1, alike = 1;

	for (round = 0; round < 2; round++) {
		arena_init(&a, 0);
		if (terms_init(&u, &a, "en", 0) != 0 ||
		    terms_init(&v, &a, "en", 0) != 0) {
			ok(0, "two calls made");
			return;
		}
		owned &= u.wc != NULL && v.wc == NULL;
		len = made_up(text, sizeof(text), round ? 40000 : 3000, round);
		alike &= scans_alike(&u, &v, u.lang, text, len);
		alike &= scans_alike(&u, &v, lang_find("de"), text, len / 2);
		alike &= scans_alike(&u, &v, u.lang, text + len / 3, len / 3);
		terms_fini(&v);
		terms_fini(&u);
		arena_release(&a);
	}
	ok(owned, "the first call owns the thread's table of words, the "
		  "second not");
	ok(alike, "and both number words and terms alike, each term the "
		  "same stem");

	/* A call that keeps its words apart (a model of document
	 * frequencies, which outlives its call) leaves the table free for
	 * the next one, and numbers as it does. */
	arena_init(&a, 0);
	owned = terms_init(&u, &a, "en", 0) == 0;
	if (owned) {
		terms_apart(&u);
		owned = u.wc == NULL && terms_init(&v, &a, "en", 0) == 0;
	}
	if (!owned) {
		ok(0, "two calls made, the first apart");
		return;
	}
	ok(v.wc != NULL, "after terms_apart the next call owns the table");
	len = made_up(text, sizeof(text), 3000, 2);
	ok(scans_alike(&u, &v, u.lang, text, len),
	    "and both number words and terms alike");
	terms_fini(&v);
	terms_fini(&u);
	arena_release(&a);

	/* A word's key in the table is the word alone in the call's default
	 * language: one left by a German call is a German word, not to be
	 * taken for the English one by the next call. */
	len = (size_t)snprintf(text, sizeof(text), "%s",
	    "The runners were running to the houses and the stores, "
	    "the die was cast, and the winds blew. ");
	len += made_up(text + len, sizeof(text) - len, 3000, 0);
	arena_init(&a, 0);
	owned = terms_init(&u, &a, "de", 0) == 0 && u.wc != NULL;
	if (owned) {
		struct tokens tok;

		memset(&tok, 0, sizeof(tok));
		owned = terms_scan(&u, u.lang, text, len, &tok) == 0;
		terms_fini(&u);
	}
	owned = owned && terms_init(&u, &a, "en", 0) == 0 && u.wc != NULL &&
		terms_init(&v, &a, "en", 0) == 0 && v.wc == NULL;
	ok(owned && scans_alike(&u, &v, u.lang, text, len),
	    "after a German call on the thread, an English one numbers and "
	    "stems its words as one that keeps them apart");
	if (owned) {
		terms_fini(&v);
		terms_fini(&u);
	}
	arena_release(&a);
}

int
main(void)
{
	struct arena a;
	struct tokens tok;
	size_t len;
	const char *stem;

	arena_init(&a, 0);
	ok(terms_init(&t, &a, "en", 0) == 0, "English loads");
	{
		struct terms u;

		ok(terms_init(&u, &a, "xx", 0) != 0,
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
	edges();
	long_words();
	many_words();
	keys_that_collide();

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
	languages();
	script_cap();
	stems_remembered();
	stems_shared_set();
	terms_fini(&t);
	arena_release(&a);
	words_table();
	return tap_done();
}
