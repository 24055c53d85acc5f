/*
 * summ.c: the public API and the pipeline that runs the stages in order:
 * validate, find structure and sentences, tokenize, weigh, score, select,
 * order. It owns the call's arena; nothing it allocates outlives the call
 * except the result.
 */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "summ.h"
#include "arena.h"
#include "cluster.h"
#include "dict.h"
#include "idf.h"
#include "lang.h"
#include "sentence.h"
#include "structure.h"
#include "terms.h"
#include "text.h"

#define SENT_MAX_WORDS 80 /* longer "sentences" are failed splits or lists */
/*
 * In Chinese and Japanese each character counts as a word, and a word
 * takes about two: as long a sentence is some 160 characters. A news
 * lead of a hundred is common there, and a lead is what a summary wants.
 */
#define SENT_MAX_CHARS 160
/*
 * Text with no sentence a summary could take, such as a transcript
 * written without full stops, is read again loosely: a run of words with
 * no mark at its end may be chosen, and a run longer than LOOSE_MAX words
 * is cut into pieces, at a comma, semicolon or colon once a piece has
 * LOOSE_MIN words, else at LOOSE_MAX.
 */
#define LOOSE_MIN  12
#define LOOSE_MAX  30
#define SUMM_LOOSE 1 /* attempt(): read again, loosely */

struct summ_result {
	size_t n;
	struct summ_sentence *s;
	struct summ_stats stats;
	const char **doc_lang; /* by document */
	const char *lang;
};

const char *
summ_strerror(int code)
{
	switch (code) {
	case SUMM_OK:
		return "success";
	case SUMM_ENOMEM:
		return "out of memory";
	case SUMM_EINVAL:
		return "invalid argument";
	case SUMM_EUTF8:
		return "invalid UTF-8";
	case SUMM_EEMPTY:
		return "nothing to summarize";
	case SUMM_ELIMIT:
		return "input too large";
	case SUMM_EBUDGET:
		return "budget smaller than any sentence";
	case SUMM_ETIME:
		return "deadline exceeded";
	default:
		return "unknown error";
	}
}

void
summ_opts_init(struct summ_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->unit = SUMM_SENTENCES;
	o->amount = 5;
	o->order = SUMM_ORDER_CHRONOLOGICAL;
	o->w_centroid = 1.0;
	o->w_centrality = 1.0;
	o->w_position = 0;
	o->w_title = 0.5;
	o->w_query = 1.0;
	o->redundancy = 0.3;
	o->diversity = 0;
	o->coverage = -1;   /* 0.65, or 0.6 with a query */
	o->cost_scale = -1; /* 0.4, or 0.5 with a query */
	o->dependent = 0.3;
	o->min_words = 6;
}

static int
fail(struct summ_error *err, int code, size_t doc, size_t off, const char *msg)
{
	if (err != NULL) {
		err->code = code;
		err->doc = doc;
		err->offset = off;
		snprintf(err->message, sizeof(err->message), "%s",
		    msg != NULL ? msg : summ_strerror(code));
	}
	return code;
}

static int
check_opts(const struct summ_opts *o)
{
	if (o->amount != o->amount || o->amount <= 0)
		return 0;
	switch (o->unit) {
	case SUMM_SENTENCES:
	case SUMM_WORDS:
	case SUMM_BYTES:
		return o->amount >= 1 && o->amount <= 1e12;
	case SUMM_RATIO:
		return o->amount <= 1;
	default:
		return 0;
	}
}

struct scan {
	struct cluster *cl;
	struct tokens tok;
	struct dict seen; /* hashes of sentences so far: exact duplicates */
	uint32_t doc;
	const char *text;
	size_t base; /* the block's offset in the document */
	int inquote; /* a quotation opened earlier in the block is still open */
	int asis;    /* the block reads as it is (struct block's plain) */
	int piece;   /* a loose reading's piece, never cut again */
	char *plain; /* a sentence of a text with tags, without them */
	size_t plain_cap;
};

/* Does the sentence open with a word that refers back ("He", "This",
 * "Он")? The first word, past quotation marks, brackets and spaces,
 * folded as terms are. */
static int
leans_back(
    const struct terms *t, const struct lang *lang, const char *s, size_t len)
{
	char w[64];
	size_t i = 0, start = 0, end, j, k, n;
	int32_t c = 0;
	int ascii;

	while (i < len) {
		start = i;
		if (text_is_word(c = text_next(s, len, &i)))
			break;
	}
	if (!text_is_word(c))
		return 0;
#ifdef __SSE2__
	/* Most first words are ASCII and shorter than 16 bytes: told and
	 * folded in one step, where 16 bytes from the word on are there. */
	if (len - start >= 16 && (n = text_fold16(s + start, w)) < 16 &&
	    (unsigned char)s[start + n] < 0x80)
		return terms_leans(t, lang, w, n);
#endif
	/* Else read and folded in one pass, a byte at a time. One that runs
	 * into a byte past ASCII is read again, by characters. */
	for (end = start, n = 0; end < len && (unsigned char)s[end] < 0x80 &&
				 text_is_word((unsigned char)s[end]);
	     end++, n++)
		if (n < sizeof(w))
			w[n] = (char)(s[end] >= 'A' && s[end] <= 'Z'
					  ? s[end] + ('a' - 'A')
					  : s[end]);
	if (end == len || (unsigned char)s[end] < 0x80)
		return n < sizeof(w) && terms_leans(t, lang, w, n);
	ascii = c < 0x80;
	for (end = i; end < len; end = j) {
		j = end;
		if (!text_is_word(c = text_next(s, len, &j)))
			break;
		ascii &= c < 0x80;
	}
	n = end - start;
	if (ascii) {
		if (n >= sizeof(w))
			return 0;
		for (k = 0; k < n; k++)
			w[k] = (char)(s[start + k] >= 'A' && s[start + k] <= 'Z'
					  ? s[start + k] + ('a' - 'A')
					  : s[start + k]);
	} else if ((n = text_fold(s + start, n, w, sizeof(w))) == 0)
		return 0;
	return terms_leans(t, lang, w, n);
}

/*
 * Does the sentence end by announcing words that come after it ("Ming Pao
 * quoted Cheung as saying.")? Alone it tells nothing: never chosen. A
 * report that ends so tells what was said before it: "Malaria affects 40
 * percent of the world's population, the agency quoted the WHO as
 * saying." is chosen; so the sentence leans ahead only if fewer than
 * ANNOUNCE_WORDS words come before its last comma or closing quotation
 * mark ("On Monday, Ming Pao quoted ..."). (One that ends in a colon does
 * not end as a sentence, so is not chosen either.)
 */
#define ANNOUNCE_WORDS 4

/* Does s[0, i) end in a comma or a closing quotation mark: '"', "''" or
 * U+201D? */
static int
ends_clause(const char *s, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;

	return u[i - 1] == ',' || u[i - 1] == '"' ||
	       (i >= 2 && u[i - 1] == '\'' && u[i - 2] == '\'') ||
	       (i >= 3 && u[i - 3] == 0xe2 && u[i - 2] == 0x80 &&
		   u[i - 1] == 0x9d);
}

static int
leans_ahead(const char *s, size_t len)
{
	static const char tail[] = " as saying";
	size_t n = sizeof(tail) - 1, i, words = 0;
	char c;

	while (len > 0 &&
	       (s[len - 1] == '.' || s[len - 1] == ' ' || s[len - 1] == '\n'))
		len--;
	if (len < n)
		return 0;
	for (i = 0; i < n; i++) {
		c = s[len - n + i];
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (c != tail[i])
			return 0;
	}
	/* Back to the last comma or closing quotation mark ("''", '"',
	 * U+201D), then the words before it. */
	for (i = len - n; i > 0 && !ends_clause(s, i); i--)
		;
	for (; i > 0 && words < ANNOUNCE_WORDS; i--)
		words +=
		    !text_is_blank_ascii((unsigned char)s[i - 1]) &&
		    (i == 1 || text_is_blank_ascii((unsigned char)s[i - 2]));
	return words < ANNOUNCE_WORDS;
}

/*
 * Does the sentence open with a quotation mark? Someone's words, alone,
 * mostly lean on who said them and when, which the sentence does not say.
 * Quotation marks only: text_is_open_quote also takes brackets and "¿".
 */
static int
opens_quote(const char *s, size_t len)
{
	static const char *const marks[] = {"\"", "``", "''", "\u201c",
	    "\u201e", "\u00ab", "\u2018", "\u300c", "\u300e"};
	size_t i, n;

	while (len > 0 && (*s == ' ' || *s == '\t' || *s == '\n')) {
		s++;
		len--;
	}
	/* Most sentences open with a letter: no mark to look for. */
	if (len == 0 ||
	    ((unsigned char)*s < 0x80 && text_is_word((unsigned char)*s)))
		return 0;
	for (i = 0; i < sizeof(marks) / sizeof(marks[0]); i++) {
		n = strlen(marks[i]);
		if (len > n && memcmp(s, marks[i], n) == 0)
			return 1;
	}
	return 0;
}

#ifdef __SSE2__
/* Which of the 16 bytes at p may begin a quotation mark: bit k for p[k]. */
static unsigned
quote_bytes16(const unsigned char *p)
{
	__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);

	return (unsigned)_mm_movemask_epi8(
	    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
			     _mm_cmpeq_epi8(v, _mm_set1_epi8('`'))),
		_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')),
		    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xc2)),
			_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xe2))))));
}
#endif

/*
 * The first byte of s[p, e) that may begin a quotation mark ('"', '`',
 * '\'', or the lead byte of U+00AB/U+00BB and U+201C/U+201D); e if none.
 * Most text has none: on SSE2, sixteen bytes are looked at a step, and
 * the last few in one step too, of the 16 that end the text.
 */
static const unsigned char *
next_quote_byte(
    const unsigned char *s, const unsigned char *p, const unsigned char *e)
{
	static const unsigned char hot[256] = {
	    ['"'] = 1, ['`'] = 1, ['\''] = 1, [0xc2] = 1, [0xe2] = 1};
#ifdef __SSE2__
	unsigned m;

	for (; e - p >= 16; p += 16)
		if ((m = quote_bytes16(p)) != 0)
			return p + __builtin_ctz(m);
	if (p < e && e - s >= 16) {
		m = quote_bytes16(e - 16) >> (16 - (e - p));
		return m != 0 ? p + __builtin_ctz(m) : e;
	}
#else
	(void)s;
#endif
	while (p < e && !hot[*p])
		p++;
	return p;
}

/*
 * Is a quotation open after s, given whether one was open before it? A
 * speaker's words often run on for sentences after the one that opens
 * them; those sentences open with no mark of their own.
 */
static int
quote_open_after(const char *s, size_t len, int open)
{
	const unsigned char *p = (const unsigned char *)s, *e = p + len;

	for (; p < e; p++) {
		p = next_quote_byte((const unsigned char *)s, p, e);
		if (p == e)
			break;
		if (*p == '"')
			open = !open;
		else if (*p == '`' && p + 1 < e && p[1] == '`')
			open = 1, p++;
		else if (*p == '\'' && p + 1 < e && p[1] == '\'')
			open = 0, p++;
		else if (*p == 0xe2 && p + 2 < e && p[1] == 0x80 &&
			 (p[2] == 0x9c || p[2] == 0x9d))
			open = p[2] == 0x9c, p += 2; /* U+201C, U+201D */
		else if (*p == 0xc2 && p + 1 < e &&
			 (p[1] == 0xab || p[1] == 0xbb))
			open = p[1] == 0xab, p++; /* U+00AB, U+00BB */
	}
	return open;
}

/*
 * s[0, len) as a reader sees it, in *v and *vlen: without its tags in a
 * text with tags ("the <a href=...>ministry</a> said") and Markdown's
 * marks ("the [ministry](https://...) said"), its entities as characters
 * ("&quot;", "&#8217;"); s itself if it has none of them.
 */
static int
as_read(
    struct scan *sc, const char *s, size_t len, const char **v, size_t *vlen)
{
	return struct_as_read(s, len, sc->cl->terms.markup, sc->cl->arena,
	    &sc->plain, &sc->plain_cap, v, vlen);
}

/* Is l written without spaces between words? */
static int
spaceless(const struct lang *l)
{
	return l->script == SCRIPT_HAN || l->script == SCRIPT_KANA ||
	       l->script == SCRIPT_THAI;
}

static int add_sentence(const struct span *, void *);

/*
 * s[0, len), at off in its block and longer than LOOSE_MAX words, as
 * pieces of a loose reading. Words are counted here between spaces, which
 * text_count_words may count more of ("S『h" is two there): a piece is
 * added as it is, never cut again.
 */
static int
add_pieces(struct scan *sc, const char *s, size_t off, size_t len)
{
	struct span sp;
	size_t i = 0, j, start = SIZE_MAX, end = 0, words = 0;
	int32_t c, last = 0;
	int rc = 0;

	sc->piece = 1;
	while (i < len && rc == 0) {
		j = i;
		c = text_next(s, len, &j);
		if (!text_is_space(c)) {
			if (start == SIZE_MAX)
				start = i;
			last = c;
			end = i = j;
			/* At a word's end: count it, and cut here? */
			if (i < len && !text_is_space(text_next(s, len, &j)))
				continue;
			words++;
			if (words < LOOSE_MAX &&
			    (words < LOOSE_MIN ||
				(last != ',' && last != ';' && last != ':')))
				continue;
			sp.off = off + start;
			sp.len = end - start;
			sp.last = 0;
			rc = add_sentence(&sp, sc);
			start = SIZE_MAX;
			words = 0;
			continue;
		}
		i = j;
	}
	if (rc == 0 && start != SIZE_MAX) {
		sp.off = off + start;
		sp.len = end - start;
		sp.last = 0;
		rc = add_sentence(&sp, sc);
	}
	sc->piece = 0;
	return rc;
}

static int
add_sentence(const struct span *sp, void *arg)
{
	struct scan *sc = arg;
	struct cluster *cl = sc->cl;
	struct cdoc *d = &cl->doc[sc->doc];
	const char *s = sc->text + sc->base + sp->off, *v;
	struct sent *se;
	size_t ncap, j, off = sp->off, len = sp->len, n, vlen, known;
	int64_t dup;
	int rc;

	/* Tags at either end are no part of the sentence ("<P>The ...",
	 * "... Act.</P>"), and a sentence of tags alone is none. */
	if (len > 0 && *s == '<' && (n = text_markup_head(s, len)) > 0) {
		s += n;
		off += n;
		len -= n;
	}
	if (len > 0 && s[len - 1] == '>')
		len -= text_markup_tail(s, len);
	if (len == 0)
		return 0;
	if (cl->loose && !sc->piece && !spaceless(d->lang) &&
	    text_count_words_max(s, len, LOOSE_MAX) > LOOSE_MAX)
		return add_pieces(sc, s, off, len);
	/* Tags and entities inside it stay in its bytes, but it is read,
	 * counted and judged as a reader sees it; in a plain block, as it
	 * is, without a look for them. */
	v = s;
	vlen = len;
	if (!sc->asis && (rc = as_read(sc, s, len, &v, &vlen)) != 0)
		return rc;
	if (cl->nsent == cl->sent_cap) {
		ncap = cl->sent_cap ? cl->sent_cap * 2 : 256;
		if (ncap > UINT32_MAX)
			return SUMM_ELIMIT;
		cl->sent = arena_grow(
		    cl->arena, cl->sent, cl->sent_cap, ncap, sizeof(*cl->sent));
		if (cl->sent == NULL)
			return SUMM_ENOMEM;
		cl->sent_cap = ncap;
	}
	se = &cl->sent[cl->nsent];
	memset(se, 0, sizeof(*se));
	se->doc = sc->doc;
	se->index = d->nsent;
	se->off = sc->base + off;
	se->len = len;
	if ((rc = terms_scan(&cl->terms, d->lang, v, vlen, &sc->tok)) != 0)
		return rc;
	if ((rc = tfidf_vec(cl, sc->tok.id, sc->tok.n, &se->v)) != 0)
		return rc;
	se->words = (uint32_t)text_count_words(v, vlen);
	/* What a words or bytes budget counts is what the summary shows
	 * (summ_shown): the sentence as read, white space squeezed. */
	se->shown = cl->opts->unit == SUMM_BYTES ? summ_squeeze(v, vlen, NULL)
						 : se->words;
	se->hash = sc->tok.hash;
	se->dependent = leans_back(&cl->terms, d->lang, v, vlen);
	se->quoted = sc->inquote || opens_quote(v, vlen);
	/* A quotation open after the block's last sentence is open in no
	 * sentence: the next block starts with none. */
	if (!sp->last)
		sc->inquote = quote_open_after(v, vlen, sc->inquote);
	j = 0;
	se->cand =
	    se->words >= cl->opts->min_words &&
	    se->words <=
		(spaceless(d->lang) ? SENT_MAX_CHARS : SENT_MAX_WORDS) &&
	    se->v.n > 0 &&
	    (cl->loose ? !struct_notice(v, vlen)
		       /* Thai ends a sentence with a space (sentence.c). */
		       : (text_ends_stop(v, vlen) ||
			     d->lang->script == SCRIPT_THAI) &&
			     !struct_notice(v, vlen) && !leans_ahead(v, vlen) &&
			     !text_is_lower(text_next(v, vlen, &j)));
	if (se->cand) {
		/* One probe: an id below the count was there before. */
		known = sc->seen.count;
		if ((dup = dict_intern(&sc->seen, (const char *)&se->hash,
			 sizeof(se->hash))) < 0)
			return (int)dup;
		if ((size_t)dup < known)
			se->cand = 0;
	}
	if (se->cand) {
		se->pos = d->ncand++;
		cl->ncand++;
	}
	/* Its concepts once it is known whether it is a candidate, and of
	 * which rank: a concept's first rank is counted here. */
	if ((rc = concept_sentence(cl, sc->tok.all, sc->tok.nall, se)) != 0)
		return rc;
	d->nsent++;
	cl->nsent++;
	return 0;
}

int
cluster_expired(const struct cluster *cl)
{
	struct timespec t;
	uint64_t now;

	if (cl->opts->deadline == 0)
		return 0;
	clock_gettime(CLOCK_MONOTONIC, &t);
	now = (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
	return now >= cl->opts->deadline ? SUMM_ETIME : 0;
}

static int
scan_doc(struct scan *sc, size_t i)
{
	struct cluster *cl = sc->cl;
	const struct summ_doc *doc = &cl->docs[i];
	struct cdoc *d = &cl->doc[i];
	struct block *b;
	size_t nb, k, vlen;
	const char *v;
	int rc, titled = 0;

	sc->doc = (uint32_t)i;
	sc->text = doc->text;
	cl->terms.markup = memchr(doc->text, '<', doc->text_len) != NULL;
	d->first = (uint32_t)cl->nsent;
	d->lang = cl->terms.lang;
	if (cl->detect &&
	    (rc = terms_detect(&cl->terms, doc->text,
		 doc->text_len < 20000 ? doc->text_len : 20000, &d->lang)) != 0)
		return rc;
	if (doc->title != NULL && doc->title_len > 0) {
		if ((rc = as_read(sc, doc->title, doc->title_len, &v, &vlen)) !=
			0 ||
		    (rc = terms_scan(&cl->terms, d->lang, v, vlen, &sc->tok)) !=
			0 ||
		    (rc = tfidf_vec(cl, sc->tok.id, sc->tok.n, &d->title)) != 0)
			return rc;
		titled = 1;
	}
	if ((rc = struct_blocks(
		 doc->text, doc->text_len, cl->arena, &b, &nb)) != 0)
		return rc;
	for (k = 0; k < nb; k++) {
		/* A short block with no mark at its end is a heading, but
		 * one that ends a sentence inside may be an article cut off
		 * ("... on Monday morning. The council"): read as text when
		 * the cluster had no sentence to take without it. */
		if ((b[k].kind == BLOCK_TITLE || b[k].kind == BLOCK_HEADING) &&
		    struct_cut_short(doc->text + b[k].off, b[k].len)) {
			cl->cut = 1;
			if (cl->loose)
				b[k].kind = BLOCK_TEXT;
		}
		if (b[k].kind == BLOCK_TITLE && !titled) {
			/* A detected headline: a feature, never output. */
			if ((rc = as_read(sc, doc->text + b[k].off, b[k].len,
				 &v, &vlen)) != 0 ||
			    (rc = terms_scan(&cl->terms, d->lang, v, vlen,
				 &sc->tok)) != 0 ||
			    (rc = tfidf_vec(
				 cl, sc->tok.id, sc->tok.n, &d->title)) != 0)
				return rc;
			titled = 1;
		}
		if (b[k].kind != BLOCK_TEXT)
			continue;
		sc->base = b[k].off;
		sc->inquote = 0;
		sc->asis = b[k].plain;
		if ((rc = sent_split(doc->text + b[k].off, b[k].len,
			 add_sentence, sc)) != 0)
			return rc;
	}
	return 0;
}

/* The sentence frequency of every term. */
static int
count_terms(struct cluster *cl)
{
	uint32_t k;
	size_t i;
	struct sent *s;

	cl->nterms = terms_count(&cl->terms);
	cl->sf = arena_calloc(cl->arena, cl->nterms + 1, sizeof(*cl->sf));
	if (cl->sf == NULL)
		return SUMM_ENOMEM;
	for (i = 0; i < cl->nsent; i++)
		for (s = &cl->sent[i], k = 0; k < s->v.n; k++)
			cl->sf[s->v.term[k]]++;
	return 0;
}

/*
 * A query none of whose terms the articles tell of ("Zanzibar" of a
 * harbor's storm) asks for nothing in them: the summary is the one asked
 * without it, not one chosen by the query's settings with no sentence
 * nearer the query than another.
 */
static void
query_or_none(struct cluster *cl)
{
	uint32_t k;

	for (k = 0; k < cl->query.n; k++)
		if (cl->sf[cl->query.term[k]] > 0)
			return;
	cl->query.n = 0;
}

static void
score(struct cluster *cl)
{
	const struct summ_opts *o = cl->opts;
	struct sent *s;
	size_t i;

	for (i = 0; i < cl->nsent; i++) {
		s = &cl->sent[i];
		s->f[F_POSITION] = s->cand ? 1.0 / (1.0 + s->pos / 2.0) : 0;
		s->f[F_TITLE] = tfidf_cosine(&s->v, &cl->doc[s->doc].title);
		s->f[F_QUERY] = tfidf_cosine(&s->v, &cl->query);
		s->score = o->w_centroid * s->f[F_CENTROID] +
			   o->w_centrality * s->f[F_CENTRALITY] +
			   o->w_position * s->f[F_POSITION] +
			   o->w_title * s->f[F_TITLE] +
			   o->w_query * s->f[F_QUERY];
		if (s->dependent)
			s->score *= 1 - o->dependent;
	}
}

/* The language most of the chosen sentences (ids), or if none most of
 * the documents, are in; on a tie, the one that reached the count first. */
static const struct lang *
majority(const struct cluster *cl, const uint32_t *ids, size_t n)
{
	size_t votes[LANG_MAX] = {0}, i, li, best = 0;
	const struct lang *l;

	for (i = 0; i < (n > 0 ? n : cl->ndocs); i++) {
		l = cl->doc[n > 0 ? cl->sent[ids[i]].doc : i].lang;
		li = lang_index(l);
		if (++votes[li] > votes[best])
			best = li;
	}
	return lang_at(best);
}

static int
make_result(
    struct cluster *cl, const uint32_t *ids, size_t n, struct summ_result **out)
{
	struct summ_result *r;
	struct summ_sentence *o;
	const struct sent *s;
	size_t i;

	if ((r = calloc(1, sizeof(*r))) == NULL)
		return SUMM_ENOMEM;
	if ((r->s = calloc(n + 1, sizeof(*r->s))) == NULL ||
	    (r->doc_lang = calloc(cl->ndocs, sizeof(*r->doc_lang))) == NULL) {
		free(r->s);
		free(r);
		return SUMM_ENOMEM;
	}
	for (i = 0; i < cl->ndocs; i++)
		r->doc_lang[i] = cl->doc[i].lang->code;
	r->lang = majority(cl, ids, n)->code;
	for (i = 0; i < n; i++) {
		s = &cl->sent[ids[i]];
		o = &r->s[i];
		o->doc = s->doc;
		o->index = s->index;
		o->offset = s->off;
		o->length = s->len;
		o->words = s->words;
		o->score = s->score;
		o->features.centroid = s->f[F_CENTROID];
		o->features.centrality = s->f[F_CENTRALITY];
		o->features.position = s->f[F_POSITION];
		o->features.title = s->f[F_TITLE];
		o->features.query = s->f[F_QUERY];
	}
	r->n = n;
	r->stats.documents = cl->ndocs;
	r->stats.sentences = cl->nsent;
	r->stats.candidates = cl->ncand;
	r->stats.terms = cl->nterms;
	r->stats.edges = cl->edges;
	r->stats.memory = cl->arena->used;
	*out = r;
	return 0;
}

/*
 * The query, decoded, without the words it asks with ("Discuss", "Include
 * information regarding"): they name no topic, yet no stopword list drops
 * them, and a sentence that says "including" would be taken as relevant.
 */
static const char *
query_topic(struct cluster *cl, size_t *len)
{
	const char *q = cl->opts->query;
	size_t n = cl->opts->query_len, i = 0, start, k;
	char *out, w[64];

	/* Its entities as the characters they stand for, as the articles'
	 * are read: "Procter &amp; Gamble" asks of no word "amp". */
	if (memchr(q, '&', n) != NULL &&
	    (out = arena_alloc(cl->arena, n)) != NULL) {
		n = text_decode(q, n, out);
		q = out;
	}
	*len = n;
	if (cl->lang->asks == NULL || (out = arena_alloc(cl->arena, n)) == NULL)
		return q;
	memcpy(out, q, n);
	while (i < n) {
		start = i;
		if (!text_is_word(text_next(q, n, &i)))
			continue;
		for (k = i; i < n && text_is_word(text_next(q, n, &k)); i = k)
			;
		k = text_fold(q + start, i - start, w, sizeof(w));
		if (k > 0 && terms_asks(&cl->terms, cl->lang, w, k))
			memset(out + start, ' ', i - start);
	}
	return out;
}

static int
run(struct cluster *cl, struct summ_result **out, struct summ_error *err)
{
	struct scan sc;
	uint32_t *ids;
	const char *q;
	size_t i, n, qlen;
	int rc;

	memset(&sc, 0, sizeof(sc));
	sc.cl = cl;
	/* News runs near 130 bytes a sentence; a pair of adjacent words
	 * is new about every 10 bytes of a cluster of ten articles. */
	if ((rc = dict_init(&sc.seen, cl->arena, cl->bytes / 130)) != 0 ||
	    (rc = concept_init(cl, cl->bytes / 10)) != 0)
		return fail(err, rc, SIZE_MAX, SIZE_MAX, NULL);
	cl->doc = arena_calloc(cl->arena, cl->ndocs, sizeof(*cl->doc));
	cl->sent_cap = cl->bytes / 130 + 64;
	cl->sent = arena_alloc(cl->arena, cl->sent_cap * sizeof(*cl->sent));
	if (cl->doc == NULL || cl->sent == NULL)
		return fail(err, SUMM_ENOMEM, SIZE_MAX, SIZE_MAX, NULL);
	for (i = 0; i < cl->ndocs; i++)
		if ((rc = scan_doc(&sc, i)) != 0 ||
		    (rc = cluster_expired(cl)) != 0)
			return fail(err, rc, rc == SUMM_ETIME ? SIZE_MAX : i,
			    SIZE_MAX, NULL);
	if (cl->ncand == 0)
		return fail(err, SUMM_EEMPTY, SIZE_MAX, SIZE_MAX,
		    "no document has a sentence that could be summarized");
	cl->lang = majority(cl, NULL, 0);
	cl->terms.markup = 0;
	if (cl->opts->query != NULL && cl->opts->query_len > 0) {
		q = query_topic(cl, &qlen);
		if ((rc = terms_scan(&cl->terms, cl->lang, q, qlen, &sc.tok)) !=
			0 ||
		    (rc = tfidf_vec(cl, sc.tok.id, sc.tok.n, &cl->query)) != 0)
			return fail(err, rc, SIZE_MAX, SIZE_MAX, NULL);
	}
	if ((rc = count_terms(cl)) != 0)
		return fail(err, rc, SIZE_MAX, SIZE_MAX, NULL);
	query_or_none(cl);
	if ((rc = tfidf_weigh(cl)) != 0 || (rc = concept_weigh(cl)) != 0 ||
	    (rc = cluster_expired(cl)) != 0 || (rc = graph_centroid(cl)) != 0 ||
	    (rc = graph_lexrank(cl)) != 0)
		return fail(err, rc, SIZE_MAX, SIZE_MAX, NULL);
	score(cl);
	if ((rc = cluster_expired(cl)) != 0 ||
	    (rc = select_sentences(cl, &ids, &n)) != 0)
		return fail(err, rc, SIZE_MAX, SIZE_MAX, NULL);
	/* An update summary may find nothing new: that is an answer. */
	for (i = 0; i < cl->ndocs && !cl->docs[i].seen; i++)
		;
	if (n == 0 && i == cl->ndocs)
		return fail(err, SUMM_EBUDGET, SIZE_MAX, SIZE_MAX,
		    "the length asked for is smaller than any sentence");
	if ((rc = order_sentences(cl, ids, n)) != 0 ||
	    (rc = make_result(cl, ids, n, out)) != 0)
		return fail(err, rc, SIZE_MAX, SIZE_MAX, NULL);
	return 0;
}

/*
 * One reading of the cluster, strict or loose, in an arena of its own.
 * SUMM_LOOSE: a strict reading found sentences but no candidate, or
 * none but in headings that may be articles cut off.
 */
static int
attempt(const struct summ_doc *docs, size_t ndocs, const struct summ_opts *opts,
    size_t bytes, int loose, struct summ_result **out, struct summ_error *err)
{
	struct cluster cl;
	struct arena arena;
	int rc;

	arena_init(&arena, opts->max_memory);
	memset(&cl, 0, sizeof(cl));
	cl.arena = &arena;
	cl.docs = docs;
	cl.ndocs = ndocs;
	cl.opts = opts;
	cl.bytes = bytes;
	cl.loose = loose;
	cl.detect =
	    opts->language == NULL || strcmp(opts->language, "auto") == 0;
	/* Distinct words grow about as the root of the text's length
	 * (Heaps' law): 2,300 in ten news articles (53 KB), 22,000 in 500
	 * (2.1 MB). A table that is presized too small grows. */
	if ((rc = terms_init(&cl.terms, &arena,
		 cl.detect ? "en" : opts->language,
		 (size_t)(12 * sqrt((double)bytes)))) != 0)
		rc = fail(err, rc, SIZE_MAX, SIZE_MAX, NULL);
	else if ((rc = run(&cl, out, err)) == SUMM_EEMPTY && !loose &&
		 (cl.nsent > 0 || cl.cut))
		rc = SUMM_LOOSE;
	terms_fini(&cl.terms);
	arena_release(&arena);
	return rc;
}

int
summ_run(const struct summ_doc *docs, size_t ndocs,
    const struct summ_opts *opts, struct summ_result **out,
    struct summ_error *err)
{
	size_t i, bad, bytes;
	char msg[96];
	int rc;

	if (opts == NULL || out == NULL || (docs == NULL && ndocs > 0))
		return fail(err, SUMM_EINVAL, SIZE_MAX, SIZE_MAX, NULL);
	if (!check_opts(opts))
		return fail(err, SUMM_EINVAL, SIZE_MAX, SIZE_MAX,
		    "length must be a positive count, or a ratio in (0, 1]");
	if (opts->language != NULL && strcmp(opts->language, "auto") != 0 &&
	    lang_find(opts->language) == NULL)
		return fail(
		    err, SUMM_EINVAL, SIZE_MAX, SIZE_MAX, "unknown language");
	if (ndocs == 0)
		return fail(
		    err, SUMM_EEMPTY, SIZE_MAX, SIZE_MAX, "no documents");
	if (ndocs > UINT32_MAX - 1)
		return fail(err, SUMM_ELIMIT, SIZE_MAX, SIZE_MAX, NULL);
	for (i = 0, bytes = 0; i < ndocs; i++) {
		if (docs[i].text == NULL && docs[i].text_len > 0)
			return fail(err, SUMM_EINVAL, i, SIZE_MAX, NULL);
		bytes += docs[i].text_len;
		if (summ_utf8_check(docs[i].text, docs[i].text_len, &bad)) {
			snprintf(msg, sizeof(msg),
			    "document %zu: invalid UTF-8 at byte %zu", i, bad);
			return fail(err, SUMM_EUTF8, i, bad, msg);
		}
		if (docs[i].title != NULL &&
		    summ_utf8_check(docs[i].title, docs[i].title_len, &bad)) {
			snprintf(msg, sizeof(msg),
			    "document %zu: invalid UTF-8 in title at byte %zu",
			    i, bad);
			return fail(err, SUMM_EUTF8, i, bad, msg);
		}
	}
	if (opts->query != NULL &&
	    summ_utf8_check(opts->query, opts->query_len, &bad))
		return fail(
		    err, SUMM_EUTF8, SIZE_MAX, bad, "query: invalid UTF-8");

	rc = attempt(docs, ndocs, opts, bytes, 0, out, err);
	/* Sentences, but none a summary could take (no full stops): read
	 * again, loosely, from the start. */
	if (rc == SUMM_LOOSE)
		rc = attempt(docs, ndocs, opts, bytes, 1, out, err);
	if (rc == SUMM_ENOMEM && opts->max_memory != 0 && err != NULL)
		snprintf(err->message, sizeof(err->message),
		    "the request needs more than the memory cap of %zu bytes",
		    opts->max_memory);
	return rc;
}

size_t
summ_result_count(const struct summ_result *r)
{
	return r->n;
}

const struct summ_sentence *
summ_result_sentence(const struct summ_result *r, size_t i)
{
	return i < r->n ? &r->s[i] : NULL;
}

const struct summ_stats *
summ_result_stats(const struct summ_result *r)
{
	return &r->stats;
}

const char *
summ_result_doc_language(const struct summ_result *r, size_t i)
{
	return i < r->stats.documents ? r->doc_lang[i] : NULL;
}

const char *
summ_result_language(const struct summ_result *r)
{
	return r->lang;
}

size_t
summ_squeeze(const char *text, size_t len, char *out)
{
	size_t i = 0, j, n = 0;
	int gap = 0;

	while (i < len) {
		/* ASCII other than white space, as it is, a byte at a time:
		 * no character to decode. */
		if ((unsigned char)text[i] < 0x80 &&
		    !text_is_space((unsigned char)text[i])) {
			if (gap && out != NULL)
				out[n] = ' ';
			n += gap;
			gap = 0;
			if (out != NULL)
				out[n] = text[i];
			n++;
			i++;
			continue;
		}
		j = i;
		if (text_is_space(text_next(text, len, &j))) {
			gap = n > 0;
			i = j;
			continue;
		}
		if (gap && out != NULL)
			out[n] = ' ';
		n += gap;
		gap = 0;
		if (out != NULL)
			memmove(out + n, text + i, j - i); /* out may be text */
		n += j - i;
		i = j;
	}
	/* A space at the end is none: the sentences are trimmed. */
	return n;
}

size_t
summ_shown(const char *s, size_t len, int marked, char *out)
{
	size_t n;

	/* As the engine reads it (struct_as_read): an entity is no shorter
	 * than its character, a tag than nothing, so out has room. */
	if (text_has_marks(s, len, marked))
		n = text_unmark(s, len, out);
	else {
		memcpy(out, s, len);
		n = len;
	}
	return summ_squeeze(out, n, out);
}

int
summ_has_words(const char *text, size_t len)
{
	size_t i = 0;

	while (i < len)
		if (text_is_word(text_next(text, len, &i)))
			return 1;
	return 0;
}

int
summ_language_known(const char *code)
{
	return code != NULL && lang_find(code) != NULL;
}

void
summ_result_free(struct summ_result *r)
{
	if (r == NULL)
		return;
	free(r->doc_lang);
	free(r->s);
	free(r);
}
