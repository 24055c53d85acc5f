/*
 * terms.c: tokenization and stemming. Every distinct folded word is stemmed
 * once per call and cached, so the per-token cost is one hash lookup; and
 * a thread keeps the words of its earlier calls, with their stems, in a
 * table of fixed size, which also numbers a call's words and stems.
 */
#include <sys/mman.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <libstemmer.h>

#include "summ.h"
#include "arena.h"
#include "lang.h"
#include "terms.h"
#include "text.h"

#define WORD_MAX 256  /* bytes of a folded word; longer ones are not terms */
#define RAW      0xff /* the language byte of a pair of CJK characters */

/*
 * Stems of words seen by earlier calls on this thread, for the words a call
 * keeps apart from the table of words (below): a table of fixed
 * size, each word in one of the two slots of its set (hash bits), a newer
 * word pushing out the older of the two. Stemming is a pure function of
 * language and word, so a hit changes nothing but the time: news repeats
 * its vocabulary from cluster to cluster, and a lookup costs a fraction of
 * Snowball's rules. Two ways, not one: with one, the few words of a
 * cluster that share a slot pushed each other out at every call (340 of
 * the 2,258 words of a ten-article cluster).
 */
#define STEM_WORD  29 /* longer words are stemmed every time */
#define STEM_TABLE (2 * STEM_SETS * sizeof(struct stem_slot))

/* A stem is kept with its hash in t->stems, so that a hit interns it
 * without hashing it again; a stem longer than st is not kept. */
struct stem_slot {        /* 64 bytes, one cache line */
	unsigned char li; /* language index + 1; 0: empty */
	unsigned char wlen, slen;
	char w[STEM_WORD], st[STEM_WORD - 5];
	uint64_t sh; /* dict_hash(st, slen) */
};
_Static_assert(sizeof(struct stem_slot) == 64, "a slot, a cache line");

/*
 * The words of earlier calls on this thread, each with its stem and the
 * number and term it had in the call that read it last: a call finds a
 * word it has read before in one probe, and one it has not mostly there
 * too, its term the stem interned, with no table of its own to fill. A
 * slot is this call's if it bears the call's mark; of another, it is a
 * word this call has not read yet, and its place is free. It is the stem
 * table of the words it holds: one probe, not two tables of 2 MiB, for a
 * word new to the call. One call at a time owns the table: another made
 * on the thread while it lives keeps its words apart, in a dict, as the
 * owner keeps those of more than 16 bytes and those whose set has two of
 * its own words already; their stems are in the stem table.
 */
#define WORD_BITS 14
#define WORD_SETS (1 << WORD_BITS) /* of two slots: 2 MiB */
#define STEM_FAR  0xff /* a slot's slen: the stem is not kept there */

/* The stem is kept too, if of up to 16 bytes: the first time a call
 * reads the word, its term is found without the table of stems. */
struct word_slot {          /* 64 bytes, a cache line */
	uint64_t lo, hi;    /* the key, zero-padded to 16 bytes */
	uint64_t kg;        /* its length | the mark of its call << 32 */
	uint32_t slot;      /* in that call, its number */
	int32_t term;       /* and its term id, -1 if none */
	char st[16];        /* the stem, zero-padded */
	uint64_t sh;        /* dict_hash(st, slen) */
	unsigned char slen; /* 0: no term; STEM_FAR: not kept */
	unsigned char base; /* the default language of the call that wrote it */
};
_Static_assert(sizeof(struct word_slot) == 64, "a slot, a cache line");

#define WORD_TABLE (2 * WORD_SETS * sizeof(struct word_slot))

/*
 * And the stems, with the term id each had in the call that found it last,
 * so that a word new to the call finds its term in one probe, not in a
 * dict of the call's own to fill (the key copied, the arrays grown). Its
 * slots say nothing to a later call, which only finds them free by their
 * mark: a table of a call's stems that needs no clearing, small to stay
 * in the cache (a call of 10 articles has some 1,700 stems; those of a
 * set with two of the call's own are kept apart). A call's stems stay
 * where they are until it ends: terms_stem points there.
 */
#define MARK_SETS  2048 /* of two slots: 128 KiB */
#define MARK_TABLE (2 * MARK_SETS * sizeof(struct stem_mark))

struct stem_mark {       /* 32 bytes, two a cache line: a set */
	uint64_t lo, hi; /* the stem, zero-padded to 16 bytes */
	uint64_t kg;     /* its length | the mark of its call << 32 */
	uint32_t term;   /* in that call */
	uint32_t unused;
};
_Static_assert(sizeof(struct stem_mark) == 32, "two slots a cache line");

struct word_cache {
	uint32_t gen; /* the last call's mark; 0 is no call's */
	int busy;     /* a call owns the tables */
	struct word_slot *slot;
	struct stem_mark *marks;
};

static pthread_key_t stem_key, word_key;

static void
word_cache_free(void *p)
{
	struct word_cache *c = p;

	free(c->slot);
	free(c->marks);
	free(c);
}
static pthread_once_t stem_once = PTHREAD_ONCE_INIT;
static int stem_keyed;

static void
stem_key_init(void)
{
	stem_keyed = pthread_key_create(&stem_key, free) == 0 &&
		     pthread_key_create(&word_key, word_cache_free) == 0;
}

/* This thread's table, made on first use; NULL if it cannot be. */
static struct stem_slot *
stem_cache(void)
{
	struct stem_slot *c;

	if (pthread_once(&stem_once, stem_key_init) != 0 || !stem_keyed)
		return NULL;
	if ((c = pthread_getspecific(stem_key)) != NULL)
		return c;
	/* A slot a cache line, a set two lines side by side. */
	if ((c = aligned_alloc(STEM_TABLE, STEM_TABLE)) == NULL)
		return NULL;
	memset(c, 0, STEM_TABLE);
	if (pthread_setspecific(stem_key, c) != 0) {
		free(c);
		return NULL;
	}
	return c;
}

/* The set of two slots where the word of hash h in language li lives. */
static struct stem_slot *
stem_set(const struct terms *t, uint64_t h, size_t li)
{
	return &t->cache[2 * ((h + li) & (STEM_SETS - 1))];
}

/* This thread's table of words, made on first use; NULL if it cannot be. */
static struct word_cache *
word_cache(void)
{
	struct word_cache *c;

	if (pthread_once(&stem_once, stem_key_init) != 0 || !stem_keyed)
		return NULL;
	if ((c = pthread_getspecific(word_key)) != NULL)
		return c;
	if ((c = calloc(1, sizeof(*c))) == NULL)
		return NULL;
	/*
	 * One huge page where the kernel has them (a hint, nothing if not):
	 * in 4 KiB pages nearly every lookup of a word new to a call would
	 * also miss the TLB.
	 */
	if ((c->slot = aligned_alloc(WORD_TABLE, WORD_TABLE)) == NULL ||
	    (c->marks = aligned_alloc(64, MARK_TABLE)) == NULL) {
		word_cache_free(c);
		return NULL;
	}
#ifdef MADV_HUGEPAGE
	(void)madvise(c->slot, WORD_TABLE, MADV_HUGEPAGE);
#endif
	memset(c->slot, 0, WORD_TABLE);
	memset(c->marks, 0, MARK_TABLE);
	if (pthread_setspecific(word_key, c) != 0) {
		word_cache_free(c);
		return NULL;
	}
	return c;
}

/* No table for t: a set that holds no word, where every probe misses, so
 * that its words are kept apart, in its dicts. */
static void
words_apart(struct terms *t)
{
	static const struct word_slot none[2];
	static const struct stem_mark no_stem[2];

	t->wtab = (struct word_slot *)none;
	t->wmask = 0;
	t->stab = (struct stem_mark *)no_stem;
	t->smask = 0;
}

/* The thread's table of words for t, with a mark of its own, if no other
 * call owns it; else none. */
static void
words_claim(struct terms *t)
{
	struct word_cache *c = word_cache();

	words_apart(t);
	if (c == NULL || c->busy)
		return;
	if (++c->gen == 0) {
		/* Marks wrapped: an old slot could bear the new one. */
		memset(c->slot, 0, WORD_TABLE);
		memset(c->marks, 0, MARK_TABLE);
		c->gen = 1;
	}
	c->busy = 1;
	t->wc = c;
	t->wtab = c->slot;
	t->wmask = WORD_SETS - 1;
	t->stab = c->marks;
	t->smask = MARK_SETS - 1;
	t->wgen = (uint64_t)c->gen << 32;
}

static void
words_release(struct terms *t)
{
	if (t->wc != NULL)
		t->wc->busy = 0;
	t->wc = NULL;
}

void
terms_apart(struct terms *t)
{
	words_release(t);
	words_apart(t);
}

void
terms_thread(struct terms *t)
{
	t->cache = stem_cache();
}

/*
 * The set of two slots of the table of words (wtab, wmask its sets - 1)
 * where the key lo, hi of n bytes lives. Any function of the key would
 * do, a slot being found by its key: a multiplicative hash, the set its
 * top bits (those that all of the key's bits reach), costs half of
 * dict_mix, and the table is looked up for every word read.
 */
static inline struct word_slot *
word_home(
    struct word_slot *wtab, size_t wmask, uint64_t lo, uint64_t hi, size_t n)
{
	const uint64_t k = 0x9e3779b97f4a7c15ULL;
	uint64_t h = ((lo * k) ^ hi ^ n) * k;

	return &wtab[2 * ((h >> (64 - WORD_BITS)) & wmask)];
}

/*
 * Words are looked up at least AHEAD words after they are read. This
 * thread's table of words is large, so a lookup tends to miss the caches;
 * read ahead, a word's set is fetched (prefetched) while the words before
 * it are looked up, and the misses overlap instead of each waiting on the
 * one before (looked up at once, AHEAD 1, 3.5 % fewer instructions were 5
 * % more time). They are looked up in batches, when RING wait (all but
 * the last AHEAD) and at the span's end: the loop that reads plain ASCII
 * words makes no call, so that its constants stay in registers, and the
 * loop that looks them up keeps the tokens' ends in registers.
 */
#define AHEAD 8
#define RING  32 /* places for the words read and not looked up yet */
_Static_assert(RING > AHEAD && (RING & (RING - 1)) == 0, "a ring of 2^k");

/*
 * A word read ahead. Its key: for the default language (most text) the
 * folded word itself, else the language's index (or RAW) and then the
 * word; the two cannot meet, since a folded word begins with a letter or
 * a digit: no byte below '0', nor 0xff. A key of up to 16 bytes is lo and
 * hi; a longer one is in k.
 */
struct aword {
	uint64_t lo, hi;       /* the key zero-padded, if kn <= 16 */
	struct word_slot *set; /* its set in the table of words */
	size_t li, kn;
	char *k;      /* the key, if folded there (not by ascii_words) */
	char pad[16]; /* to 64 bytes: a place's offset is a shift */
};
_Static_assert(sizeof(struct aword) == 64, "a place a cache line");

struct ahead {
	struct tokens *tok;
	size_t n, done; /* words read, words looked up */
	struct aword w[RING];
	char k[RING][WORD_MAX + 1]; /* by place: keys folded in memory */
};
_Static_assert(LANG_MAX <= '0', "a language's index is no word's first byte");

/*
 * Every language's word lists, made once for the process and only read
 * after: a call looks words up in them, and never pays to load them.
 * Keys are the language's index, then the folded word.
 */
static struct lists {
	struct arena arena;
	struct dict stop;
	struct dict lean;            /* words that lean back */
	struct dict ask;             /* words a brief asks with */
	struct dict vote;            /* every stopword, no language byte */
	struct dict english;         /* English stopwords, no language
					byte: a table small enough to stay
					in the cache */
	uint64_t langs_of[VOTE_MAX]; /* by id in vote: its languages */
	int ok;                      /* made: read with acquire */
} lists;
static pthread_mutex_t lists_lock = PTHREAD_MUTEX_INITIALIZER;

/* The key of the folded word w of language li, in buf; its length. */
static size_t
list_key(char *buf, size_t li, const char *w, size_t n)
{
	buf[0] = (char)li;
	memcpy(buf + 1, w, n);
	return n + 1;
}

static int
list_add(struct dict *d, size_t li, const char *list)
{
	char key[WORD_MAX + 1];
	const char *w;
	size_t at = 0, n;

	while (list != NULL && (w = lang_word(list, &at, &n)) != NULL)
		if (n <= WORD_MAX &&
		    dict_intern(d, key, list_key(key, li, w, n)) < 0)
			return -1;
	return 0;
}

static int
lists_fill(void)
{
	const struct lang *l;
	const char *w;
	size_t li, at, n;
	int64_t id;

	if (dict_init(&lists.stop, &lists.arena, 8192) != 0 ||
	    dict_init(&lists.lean, &lists.arena, 512) != 0 ||
	    dict_init(&lists.ask, &lists.arena, 512) != 0 ||
	    dict_init(&lists.vote, &lists.arena, VOTE_MAX) != 0 ||
	    dict_init(&lists.english, &lists.arena, 256) != 0)
		return -1;
	l = lang_find("en");
	for (at = 0; (w = lang_word(l->stopwords, &at, &n)) != NULL;)
		if (dict_intern(&lists.english, w, n) < 0)
			return -1;
	for (li = 0; li < lang_count(); li++) {
		l = lang_at(li);
		if (list_add(&lists.stop, li, l->stopwords) != 0 ||
		    list_add(&lists.lean, li, l->anaphora) != 0 ||
		    list_add(&lists.ask, li, l->asks) != 0)
			return -1;
		for (at = 0; (w = lang_word(l->stopwords, &at, &n)) != NULL;) {
			if ((id = dict_intern(&lists.vote, w, n)) < 0 ||
			    id >= VOTE_MAX)
				return -1;
			lists.langs_of[id] |= 1ULL << li;
		}
	}
	return 0;
}

/*
 * The lists, made by the first call that needs them. Not pthread_once: a
 * first call that runs out of memory would leave every later call failing
 * for the life of the process; here the next call tries again.
 */
static int
lists_make(void)
{
	int ok;

	if (__atomic_load_n(&lists.ok, __ATOMIC_ACQUIRE))
		return 0;
	if (pthread_mutex_lock(&lists_lock) != 0)
		return -1;
	if (!lists.ok) {
		arena_init(&lists.arena, 0);
		if (lists_fill() == 0)
			__atomic_store_n(&lists.ok, 1, __ATOMIC_RELEASE);
		else {
			/* The dicts are made again by the next try; ok is
			 * not written, as other threads read it unlocked. */
			arena_release(&lists.arena);
			memset(lists.langs_of, 0, sizeof(lists.langs_of));
		}
	}
	ok = lists.ok;
	pthread_mutex_unlock(&lists_lock);
	return ok ? 0 : -1;
}

/* Is the folded word w, of language li, in the list d? */
static int
listed(const struct dict *d, size_t li, const char *w, size_t n)
{
	char key[WORD_MAX + 1];

	return n <= WORD_MAX && dict_find(d, key, list_key(key, li, w, n)) >= 0;
}

/* Make a language ready: its stemmer. */
static int
lang_ready(struct terms *t, size_t li)
{
	const struct lang *l = lang_at(li);

	if (t->ready[li])
		return 0;
	if (l->stemmer != NULL &&
	    (t->stemmer[li] = sb_stemmer_new(l->stemmer, NULL)) == NULL)
		return SUMM_ENOMEM;
	t->ready[li] = 1;
	return 0;
}

int
terms_init(struct terms *t, struct arena *a, const char *code, size_t expect)
{
	int rc;

	memset(t, 0, sizeof(*t));
	t->arena = a;
	if ((t->lang = lang_find(code)) == NULL)
		return SUMM_EINVAL;
	t->base = lang_index(t->lang);
	t->cache = stem_cache(); /* none: every word is stemmed */
	if (lists_make() != 0)
		return SUMM_ENOMEM;
	words_claim(t);
	/* Stems are fewer than words ("said", "says" and "saying" are one):
	 * three in four in ten articles, two in three in 500; five in six
	 * leaves room to spare. With the table of words, few are apart. */
	if ((rc = dict_init(
		 &t->words, a, t->wc != NULL ? expect / 16 : expect)) != 0 ||
	    (rc = dict_init(&t->stems, a,
		 t->wc != NULL ? expect / 16 : expect / 6 * 5)) != 0 ||
	    (rc = lang_ready(t, lang_index(t->lang))) != 0) {
		words_release(t);
		return rc;
	}
	return 0;
}

void
terms_fini(struct terms *t)
{
	size_t i;

	for (i = 0; i < LANG_MAX; i++)
		if (t->stemmer[i] != NULL)
			sb_stemmer_delete(t->stemmer[i]);
	memset(t->stemmer, 0, sizeof(t->stemmer));
	words_release(t);
}

int
terms_leans(
    const struct terms *t, const struct lang *lang, const char *w, size_t n)
{
	(void)t;
	return listed(&lists.lean, lang_index(lang), w, n);
}

int
terms_asks(
    const struct terms *t, const struct lang *lang, const char *w, size_t n)
{
	(void)t;
	return listed(&lists.ask, lang_index(lang), w, n);
}

size_t
terms_count(const struct terms *t)
{
	return t->nterms;
}

const char *
terms_stem(const struct terms *t, uint32_t id, size_t *len)
{
	*len = t->slens[id];
	return t->skeys[id];
}

/* Room for one more term id, the stem of st kept at its place. */
static int
term_add(struct terms *t, const char *st, size_t slen)
{
	size_t ncap;
	const char **k;
	uint32_t *l;

	if (t->nterms >= TERMS_STOP)
		return SUMM_ELIMIT;
	if (t->nterms == t->scap) {
		ncap = t->scap ? t->scap * 2 : 1024;
		if ((k = arena_grow(t->arena, t->skeys, t->scap, ncap,
			 sizeof(*k))) == NULL)
			return SUMM_ENOMEM;
		t->skeys = k;
		if ((l = arena_grow(t->arena, t->slens, t->scap, ncap,
			 sizeof(*l))) == NULL)
			return SUMM_ENOMEM;
		t->slens = l;
		t->scap = ncap;
	}
	t->skeys[t->nterms] = st;
	t->slens[t->nterms] = (uint32_t)slen;
	return 0;
}

/* The term id of a stem kept apart, in t->stems. */
static __attribute__((noinline)) int64_t
stem_apart(struct terms *t, const char *st, size_t slen, uint64_t sh)
{
	size_t known = t->stems.count, ncap;
	uint32_t *p;
	int64_t d;
	int rc;

	if ((d = dict_intern_hashed(&t->stems, st, slen, sh)) < 0)
		return d;
	if (t->stems.count > known) {
		if ((size_t)d >= t->stcap) {
			ncap = t->stcap ? t->stcap * 2 : 64;
			if ((p = arena_grow(t->arena, t->sterm, t->stcap, ncap,
				 sizeof(*p))) == NULL)
				return SUMM_ENOMEM;
			t->sterm = p;
			t->stcap = ncap;
		}
		if ((rc = term_add(t, t->stems.keys[d], slen)) != 0)
			return rc;
		t->sterm[d] = t->nterms++;
	}
	return t->sterm[d];
}

/*
 * The term id of the stem st of slen bytes (1 to WORD_MAX), of hash sh; lo
 * and hi its bytes zero-padded, if it has up to 16: found among this
 * call's stems of the table, else numbered there, in a place no stem of
 * this call holds, or else kept apart.
 */
static int64_t
stem_number(struct terms *t, const char *st, size_t slen, uint64_t sh,
    uint64_t lo, uint64_t hi)
{
	struct stem_mark *set = &t->stab[2 * ((sh >> 32) & t->smask)], *e;
	uint64_t kg = slen | t->wgen, mine = t->wgen >> 32;
	int rc;

	if (slen > 16 || t->wc == NULL)
		return stem_apart(t, st, slen, sh);
	if (set[0].lo == lo && set[0].hi == hi && set[0].kg == kg)
		return set[0].term;
	if (set[1].lo == lo && set[1].hi == hi && set[1].kg == kg)
		return set[1].term;
	if (set[0].kg >> 32 != mine) {
		/* The newer first; the older, if not this call's, out. */
		if (set[1].kg >> 32 != mine)
			set[1] = set[0];
		e = &set[0];
	} else if (set[1].kg >> 32 != mine)
		e = &set[1];
	else
		return stem_apart(t, st, slen, sh);
	e->lo = lo;
	e->hi = hi;
	e->kg = 0; /* no stem's, until it is numbered */
	if ((rc = term_add(t, (const char *)&e->lo, slen)) != 0)
		return rc;
	e->kg = kg;
	e->term = t->nterms;
	return t->nterms++;
}

/* The same, the stem's bytes from st itself. */
static int64_t
stem_term(struct terms *t, const char *st, size_t slen, uint64_t sh)
{
	uint64_t lo = 0, hi = 0;

	if (slen <= 16)
		dict_key16(st, slen, &lo, &hi);
	return stem_number(t, st, slen, sh, lo, hi);
}

/* A word's stem noted in e, its slot of the table of words, if any. */
static void
stem_note(struct word_slot *e, const char *st, size_t slen, uint64_t sh)
{
	if (e == NULL)
		return;
	if (slen > sizeof(e->st)) {
		e->slen = STEM_FAR;
		return;
	}
	memset(e->st, 0, sizeof(e->st));
	if (slen > 0) /* none: st may be NULL */
		memcpy(e->st, st, slen);
	e->slen = (unsigned char)slen;
	e->sh = sh;
}

/* The term id of a folded word: -1 for stopwords and single letters. A
 * pair of CJK characters (li RAW) is a term as it is. h is the hash of
 * the word's key. Its stem is noted in e, the word's slot of the table
 * of words, if not NULL. */
static int64_t
terms_of_word(struct terms *t, size_t li, const char *w, size_t n, uint64_t h,
    struct word_slot *e)
{
	const sb_symbol *st;
	struct stem_slot *set, *slot;
	size_t k;
	uint64_t sh;
	int stlen;

	if (li == RAW)
		goto itself;
	if (n == 1 && !(w[0] >= '0' && w[0] <= '9')) {
		stem_note(e, NULL, 0, 0);
		return -1;
	}
	/* A word of the table of words has its stem there. */
	set = t->cache != NULL && e == NULL && n <= STEM_WORD
		  ? stem_set(t, h, li)
		  : NULL;
	for (k = 0; set != NULL && k < 2; k++) {
		slot = &set[k];
		if (slot->li == li + 1 && slot->wlen == n &&
		    (n <= 16 ? dict_same_short(slot->w, w, n)
			     : memcmp(slot->w, w, n) == 0)) {
			/* As an earlier call found it: a stem, or none. */
			stem_note(e, slot->st, slot->slen, slot->sh);
			if (slot->slen == 0)
				return -1;
			return stem_term(t, slot->st, slot->slen, slot->sh);
		}
	}
	if (listed(&lists.stop, li, w, n)) {
		stlen = 0;
		st = NULL;
	} else if (t->stemmer[li] == NULL) {
		goto itself;
	} else {
		st = sb_stemmer_stem(
		    t->stemmer[li], (const sb_symbol *)w, (int)n);
		if (st == NULL)
			return SUMM_ENOMEM;
		stlen = sb_stemmer_length(t->stemmer[li]);
		if (stlen <= 0 || (size_t)stlen > WORD_MAX) {
			stem_note(e, NULL, 0, 0);
			return -1;
		}
		if (listed(&lists.stop, li, (const char *)st, (size_t)stlen))
			stlen = 0; /* a stopword once stemmed */
	}
	sh = stlen > 0 ? dict_hash((const char *)st, (size_t)stlen) : 0;
	if (set != NULL && (size_t)stlen <= sizeof(slot->st)) {
		/* The newer first; the older of the two is pushed out. */
		set[1] = set[0];
		slot = &set[0];
		slot->li = (unsigned char)(li + 1);
		slot->wlen = (unsigned char)n;
		slot->slen = (unsigned char)stlen;
		memcpy(slot->w, w, n);
		if (stlen > 0)
			memcpy(slot->st, st, (size_t)stlen);
		slot->sh = sh;
	}
	stem_note(e, (const char *)st, (size_t)stlen, sh);
	if (stlen == 0)
		return -1;
	return stem_term(t, (const char *)st, (size_t)stlen, sh);
itself:
	sh = dict_hash(w, n);
	stem_note(e, w, n, sh);
	return stem_term(t, w, n, sh);
}

/* The term id of the stem kept in the word's slot e: zero-padded there. */
static int64_t
word_stem(struct terms *t, const struct word_slot *e)
{
	uint64_t lo, hi;

	memcpy(&lo, e->st, 8);
	memcpy(&hi, e->st + 8, 8);
	return stem_number(t, e->st, e->slen, e->sh, lo, hi);
}

/* Is the slot e that of the key of w? */
static inline int
word_is(const struct word_slot *e, const struct aword *w)
{
	return e->lo == w->lo && e->hi == w->hi && (uint32_t)e->kg == w->kn;
}

/* The slot of the table of words for w, new to this call: its own, or the
 * place of a word this call has not read; NULL if neither. */
static struct word_slot *
word_place(struct terms *t, const struct aword *w)
{
	struct word_slot *set = w->set;
	uint64_t mine = t->wgen >> 32;

	if (t->wc == NULL || w->kn > 16)
		return NULL;
	if (word_is(&set[0], w))
		return &set[0];
	if (word_is(&set[1], w))
		return &set[1];
	if (set[0].kg >> 32 != mine) {
		/* The newer first; the older of the two, if not this
		 * call's, pushed out. */
		if (set[1].kg >> 32 != mine)
			set[1] = set[0];
		return &set[0];
	}
	return set[1].kg >> 32 != mine ? &set[1] : NULL;
}

/* Room for the word of id d among those kept apart. */
static int
apart_grow(struct terms *t, size_t d)
{
	size_t ncap;
	uint32_t *ws;
	int32_t *wt;

	if (d < t->wcap)
		return 0;
	ncap = t->wcap ? t->wcap * 2 : 64;
	ws = arena_grow(t->arena, t->wslot, t->wcap, ncap, sizeof(*ws));
	if (ws == NULL)
		return SUMM_ENOMEM;
	t->wslot = ws;
	wt = arena_grow(t->arena, t->wterm, t->wcap, ncap, sizeof(*wt));
	if (wt == NULL)
		return SUMM_ENOMEM;
	t->wterm = wt;
	t->wcap = ncap;
	return 0;
}

/* The number and term of a word not found in this call's slots of the
 * table of words: new to the table, or kept apart (e NULL). Apart from
 * word_first, whose common case saves fewer registers without it. */
static __attribute__((noinline)) int
word_new(struct terms *t, const struct aword *w, struct word_slot *e,
    uint32_t *slot, int32_t *term)
{
	char short_key[16];
	const char *key = w->kn > 16 ? w->k : short_key;
	const char *k = w->li == t->base ? key : key + 1;
	size_t n = w->li == t->base ? w->kn : w->kn - 1, known;
	/* The key's hash, for the dict and the table of stems. */
	uint64_t h =
	    w->kn > 16 ? dict_hash(w->k, w->kn) : dict_mix(w->lo, w->hi, w->kn);
	int64_t id, d;
	int rc;

	memcpy(short_key, &w->lo, 8);
	memcpy(short_key + 8, &w->hi, 8);

	if (e != NULL) {
		if ((id = terms_of_word(t, w->li, k, n, h, e)) < -1) {
			/* Its stem may be half noted: no word's now. */
			memset(e, 0, sizeof(*e));
			return (int)id;
		}
		e->lo = w->lo;
		e->hi = w->hi;
		e->kg = w->kn | t->wgen;
		e->base = (unsigned char)t->base;
		e->slot = *slot = t->nwords++;
		e->term = *term = (int32_t)id;
		return 0;
	}
	known = t->words.count;
	if ((d = dict_intern_hashed(&t->words, key, w->kn, h)) < 0)
		return (int)d;
	if (t->words.count > known) {
		if ((id = terms_of_word(t, w->li, k, n, h, NULL)) < -1)
			return (int)id;
		if ((rc = apart_grow(t, (size_t)d)) != 0)
			return rc;
		t->wslot[d] = t->nwords++;
		t->wterm[d] = (int32_t)id;
	}
	*slot = t->wslot[d];
	*term = t->wterm[d];
	return 0;
}

/* The number and term of a word not found in this call's slots of the
 * table of words: most often left there by an earlier call, with its
 * stem. Out of terms_word, which runs for every word and is inlined. */
static __attribute__((noinline)) int
word_first(
    struct terms *t, const struct aword *w, uint32_t *slot, int32_t *term)
{
	struct word_slot *e;
	int64_t id;

	if (t->nwords >= TERMS_STOP)
		return SUMM_ELIMIT;
	/* A key of the default language is the word alone: one left by a
	 * call of another default language is another language's word. */
	if ((e = word_place(t, w)) == NULL || !word_is(e, w) ||
	    e->slen == STEM_FAR || e->base != t->base)
		return word_new(t, w, e, slot, term);
	/* Left by an earlier call, with its stem. */
	if ((id = e->slen == 0 ? -1 : word_stem(t, e)) < -1)
		return (int)id; /* the slot is as it was */
	e->kg = w->kn | t->wgen;
	e->slot = *slot = t->nwords++;
	e->term = *term = (int32_t)id;
	return 0;
}

/* Room for one more id in *ids (*cap of them, all taken). */
static __attribute__((noinline)) int
ids_grow(struct terms *t, uint32_t **ids, size_t *cap)
{
	size_t ncap = *cap ? *cap * 2 : 64;
	uint32_t *p = arena_grow(t->arena, *ids, *cap, ncap, sizeof(*p));

	if (p == NULL)
		return SUMM_ENOMEM;
	*ids = p;
	*cap = ncap;
	return 0;
}

/* Look up the words read ahead, oldest first, all but the last keep:
 * each one's term, or that it is none. Room is made first for all of
 * them, so that the loop tests none. */
static __attribute__((noinline)) int
words_look(struct terms *t, struct ahead *ah, size_t keep)
{
	struct tokens *tok = ah->tok;
	const struct aword *w;
	const struct word_slot *set;
	size_t d, end, more;
	uint64_t hash, wgen = t->wgen;
	uint32_t *all, *ids, slot;
	int32_t id;
	int rc = 0;

	if (ah->n - ah->done <= keep)
		return 0;
	end = ah->n - keep;
	more = end - ah->done;
	while (tok->allcap - tok->nall < more)
		if ((rc = ids_grow(t, &tok->all, &tok->allcap)) != 0)
			return rc;
	while (tok->cap - tok->n < more)
		if ((rc = ids_grow(t, &tok->id, &tok->cap)) != 0)
			return rc;
	hash = tok->hash;
	all = tok->all + tok->nall;
	ids = tok->id + tok->n;
	for (d = ah->done; d < end; d++) {
		w = &ah->w[d % RING];
		set = w->set;
		/* A word this call has read before: one of the set's two
		 * slots, of its length and mark. */
		if (set[0].lo == w->lo && set[0].hi == w->hi &&
		    set[0].kg == (w->kn | wgen)) {
			slot = set[0].slot;
			id = set[0].term;
		} else if (set[1].lo == w->lo && set[1].hi == w->hi &&
			   set[1].kg == (w->kn | wgen)) {
			slot = set[1].slot;
			id = set[1].term;
		} else if ((rc = word_first(t, w, &slot, &id)) != 0)
			break;
		/* The sentence's hash, a word a step: one folded word, one
		 * slot. */
		hash = (hash ^ ((uint64_t)slot + 1)) * 0x100000001b3ULL;
		*all++ = id >= 0 ? (uint32_t)id : TERMS_STOP | slot;
		if (id >= 0)
			*ids++ = (uint32_t)id;
	}
	ah->done = d;
	tok->hash = hash;
	tok->nall = (size_t)(all - tok->all);
	tok->n = (size_t)(ids - tok->id);
	return rc;
}

/* Where the next word of language li is to be folded: its place among
 * those read ahead, so that it is written once, not copied there. */
static void
word_begin(struct terms *t, struct ahead *ah, size_t li, char **buf)
{
	struct aword *w = &ah->w[ah->n % RING];

	w->li = li;
	w->k = ah->k[ah->n % RING];
	if (li == t->base) {
		w->kn = 0;
		*buf = w->k;
	} else {
		w->kn = 1; /* the language's byte */
		w->k[0] = (char)li;
		*buf = w->k + 1;
	}
}

/* The place of the next word. */
static inline struct aword *
word_next(struct ahead *ah)
{
	return &ah->w[ah->n % RING];
}

/* The next word is keyed in its place: it is read, and the words
 * waiting looked up if it took the last place. */
static inline __attribute__((always_inline)) int
word_read(struct terms *t, struct ahead *ah)
{
	if (++ah->n - ah->done < RING)
		return 0;
	return words_look(t, ah, AHEAD);
}

/* w's key noted and its slots prefetched. */
static inline __attribute__((always_inline)) void
word_set_key(struct terms *t, struct aword *w, uint64_t lo, uint64_t hi)
{
	w->lo = lo;
	w->hi = hi;
	w->set = word_home(t->wtab, t->wmask, lo, hi, w->kn);
	__builtin_prefetch(w->set);
	__builtin_prefetch(w->set + 1);
}

/* The word of n bytes is in place: keyed, hashed and its slots
 * prefetched now, looked up AHEAD words later. Without this call the
 * place is taken again by the next word. */
static inline __attribute__((always_inline)) int
word_end(struct terms *t, struct ahead *ah, size_t n)
{
	struct aword *w = word_next(ah);
	uint64_t lo, hi;

	w->kn += n;
	/* k has room for 16 bytes whatever the word's length. */
	if (w->kn > 16) {
		/* No slot's: kept apart. */
		word_set_key(t, w, 0, 0);
	} else {
		dict_pad16(w->k, w->kn, &lo, &hi);
		word_set_key(t, w, lo, hi);
	}
	return word_read(t, ah);
}

/* Has s[0, n) a character of a script written without spaces? */
static int
has_cjk(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n)
		if ((unsigned char)s[i] < 0xe0)
			i += 1; /* ASCII, or 2 bytes: nothing below U+0800 */
		else if (text_is_cjk(text_next(s, n, &i)))
			return 1;
	return 0;
}

static int
fold_word(struct terms *t, size_t li, const char *s, size_t n, struct ahead *ah)
{
	char *buf;
	size_t k;

	word_begin(t, ah, li, &buf);
	if ((k = text_fold(s, n, buf, WORD_MAX)) > 0)
		return word_end(t, ah, k);
	return 0;
}

/*
 * A word with CJK characters in it: each run of them gives the pairs of
 * adjacent characters (a run of one, that character), as bigram models of
 * Chinese and Japanese retrieval do; the rest are ordinary words.
 */
static int
cjk_word(struct terms *t, size_t li, const char *s, size_t n, struct ahead *ah)
{
	size_t i = 0, a, b, c2, k;
	int rc;

	while (i < n) {
		a = i;
		if (!text_is_cjk(text_next(s, n, &i))) {
			for (b = i; b < n; b = k) {
				k = b;
				if (text_is_cjk(text_next(s, n, &k)))
					break;
			}
			if ((rc = fold_word(t, li, s + a, b - a, ah)) != 0)
				return rc;
			i = b;
			continue;
		}
		/* s[a, i) is a CJK character; pair it with the next. */
		c2 = i;
		if (c2 < n) {
			k = c2;
			if (text_is_cjk(text_next(s, n, &k)))
				c2 = k;
		}
		if (c2 > i) {
			if ((rc = fold_word(t, RAW, s + a, c2 - a, ah)) != 0)
				return rc;
		} else {
			/* The last of a run: alone only if the run was. */
			if (a > 0 && text_is_cjk(text_prev(s, a, &b)))
				continue;
			if ((rc = fold_word(t, RAW, s + a, i - a, ah)) != 0)
				return rc;
		}
	}
	return 0;
}

#ifdef __SSE2__
/* The letters and digits from s[*j], in the text's last 15 bytes,
 * folded into buf[*k...] (room for 16) in one step as well: from a copy
 * of the 16 that end the text, zeros after them, which are no letters.
 * Every sentence ends with such a word. */
static int
fold_tail(const char *s, size_t len, size_t *j, char *buf, size_t *k)
{
	char tail[32];
	unsigned n;

	memcpy(tail, s + len - 16, 16);
	memset(tail + 16, 0, 16);
	n = text_fold16(tail + 16 - (len - *j), buf + *k);
	*j += n;
	*k += n;
	return *j < len;
}

/* The letters and digits from s[*j] folded into buf[*k...], sixteen bytes
 * a step while a whole step is letters and digits and buf has room for
 * it (cap bytes); *j and *k moved past them. Most words take one step.
 * 1 if s[*j] is then a byte that is no ASCII letter or digit, 0 if that
 * is not known. Inline in both callers: a call for every word would cost
 * more than the tail's step saves. */
static inline __attribute__((always_inline)) int
fold_run(const char *s, size_t len, size_t *j, char *buf, size_t *k, size_t cap)
{
	unsigned n;

	while (len - *j >= 16 && *k + 16 <= cap) {
		n = text_fold16(s + *j, buf + *k);
		*j += n;
		*k += n;
		if (n < 16)
			return 1;
	}
	if (len >= 16 && *j < len && *k + 16 <= cap)
		return fold_tail(s, len, j, buf, k);
	return 0;
}
#endif

/* The bytes that end a run of spaces and punctuation in ascii_words, by
 * what they are: 1 an ASCII letter or digit, 2 '<' (0x3c), 3 a byte past
 * ASCII; 0 the bytes skipped. */
enum { SKIP, STOP_WORD, STOP_TAG, STOP_WIDE };
/* clang-format off */
static const unsigned char skip_stops[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 2, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
	3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3,
};
/* clang-format on */

/* The bytes that may join a word of ASCII letters and digits to more, or
 * go on with it past ASCII: an apostrophe (0x27), a comma (0x2c) or point
 * (0x2e) after a digit, and every byte past ASCII. */
/* clang-format off */
static const unsigned char word_joins[256] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};
/* clang-format on */

/* Does the byte b after a word whose last folded byte is last join it to
 * more? One test for the bytes after most words; the digit before a comma
 * or point is looked at only after one. */
static inline int
word_joined(unsigned char b, char last)
{
	return word_joins[b] &&
	       ((b != ',' && b != '.') || (last >= '0' && last <= '9'));
}

/*
 * How many of the 16 bytes at s, from the first, are ASCII letters or
 * digits (16 if SSE2 is not at hand); if fewer than 16, those are w's key,
 * folded and zero-padded in a register and written to lo and hi from
 * there, not stored, read back and padded.
 */
static inline __attribute__((always_inline)) size_t
word_fold16(const char *s, struct aword *w, uint64_t *lo, uint64_t *hi)
{
#ifdef __SSE2__
	/* At 16 - k, the mask of the first k bytes of sixteen. */
	static const unsigned char key_ones[32] = {255, 255, 255, 255, 255, 255,
	    255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
	__m128i f, key;
	size_t k = text_fold16v(s, &f);

	key = _mm_and_si128(
	    f, _mm_loadu_si128(
		   (const __m128i *)(const void *)(key_ones + 16 - k)));
	/* lo and hi in one store: they are side by side. */
	_mm_storeu_si128((__m128i *)(void *)&w->lo, key);
	*lo = (uint64_t)_mm_cvtsi128_si64(key);
	*hi = (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(key, key));
	return k;
#else
	(void)s;
	(void)w;
	*lo = *hi = 0;
	return 16;
#endif
}

/* The word of the default language base folded into w in k bytes, its
 * set in the table of words set: keyed, and its slots prefetched. */
static inline __attribute__((always_inline)) void
word_keyed(struct aword *w, size_t base, size_t k, struct word_slot *set)
{
	w->li = base;
	w->kn = k;
	w->set = set;
	__builtin_prefetch(set);
	__builtin_prefetch(set + 1);
}

/* word_fold16 for a word at s[j] in the last 15 bytes of s[0, len), len
 * at least 16: from a copy of the 16 that end s, zeros after them, which
 * are no letters. The word's length, up to len - j (16 without SSE2). */
static inline size_t
word_fold_tail(const char *s, size_t len, size_t j, struct aword *w,
    uint64_t *lo, uint64_t *hi)
{
	char tail[32];

	memcpy(tail, s + len - 16, 16);
	memset(tail + 16, 0, 16);
	return word_fold16(tail + 16 - (len - j), w, lo, hi);
}

/* What ascii_words stops at. */
enum plain {
	PLAIN_END,  /* the span's end */
	PLAIN_FULL, /* RING words wait to be looked up */
	PLAIN_TAG,  /* a '<' in a text with tags */
	PLAIN_WORD, /* an ASCII word for ascii_word: near the span's end,
		       of sixteen bytes or more, or not of the default
		       language */
	PLAIN_NONE  /* what the general path must decide: a byte past
		       ASCII, or a word that goes on past ASCII or that an
		       apostrophe or a digit's comma or point may join to
		       more */
};

/*
 * The fast path of terms_scan, for the common case: ASCII bytes that are
 * no word character, skipped, then words of the default language of
 * ASCII letters and digits that end plainly inside their first sixteen
 * bytes, each folded in a register and keyed there (not stored, read back
 * and padded), and so on to what it cannot take (*i there). No call: the
 * constants of the fold stay in registers.
 */
static enum plain
ascii_words(struct terms *t, size_t li, const char *s, size_t len, size_t *i,
    struct ahead *ah)
{
	struct word_slot *wtab = t->wtab;
	struct aword *w;
	size_t j = *i, k, n = ah->n, full = ah->done + RING;
	size_t wmask = t->wmask, base = t->base;
	/* The bytes a word needs before the span's end to be folded here:
	 * sixteen, or more than any has if it is of another language. */
	size_t room = li == base ? 16 : SIZE_MAX;
	unsigned char b = (unsigned char)s[j], c;
	int markup = t->markup;
	uint64_t lo, hi;
	enum plain rc;

	for (;;) {
		/* Spaces, punctuation and tags: one test a byte. A
		 * letter, a digit, a byte past ASCII and '<' stop the
		 * inner loop, and only '<' goes on. */
		for (;;) {
			while ((c = skip_stops[b]) == SKIP) {
				if (++j == len) {
					rc = PLAIN_END;
					goto out;
				}
				b = (unsigned char)s[j];
			}
			if (c == STOP_WORD)
				break;
			if (c == STOP_WIDE) {
				rc = PLAIN_NONE;
				goto out;
			}
			if (markup) {
				rc = PLAIN_TAG;
				goto out;
			}
			if (++j == len) {
				rc = PLAIN_END;
				goto out;
			}
			b = (unsigned char)s[j];
		}
		/* Folded into the next place, which is taken only if
		 * the word ends plainly. */
		w = &ah->w[n % RING];
		if (len - j < room) {
			/* In the span's last fifteen bytes (every span ends
			 * with such a word): folded from a copy of its last
			 * sixteen, zeros after them. */
			if (li != base || len < 16 ||
			    (k = word_fold_tail(s, len, j, w, &lo, &hi)) ==
				16) {
				rc = PLAIN_WORD;
				goto out;
			}
			if (j + k < len && word_joined((unsigned char)s[j + k],
					       s[j + k - 1])) {
				rc = PLAIN_NONE;
				goto out;
			}
			word_keyed(
			    w, base, k, word_home(wtab, wmask, lo, hi, k));
			n++;
			if ((j += k) == len) {
				rc = PLAIN_END;
				goto out;
			}
			b = (unsigned char)s[j];
			if (n == full) {
				rc = PLAIN_FULL;
				goto out;
			}
			continue;
		}
		if ((k = word_fold16(s + j, w, &lo, &hi)) == 16) {
			rc = PLAIN_WORD;
			goto out;
		}
		/* Then j + k < len, and k is short of WORD_MAX; the byte
		 * before the end is a digit as folded iff it is one in s. */
		b = (unsigned char)s[j + k];
		if (word_joined(b, s[j + k - 1])) {
			rc = PLAIN_NONE;
			goto out;
		}
		word_keyed(w, base, k, word_home(wtab, wmask, lo, hi, k));
		j += k;
		if (++n == full) {
			rc = PLAIN_FULL;
			goto out;
		}
	}
out:
	*i = j;
	ah->n = n;
	return rc;
}

/*
 * An ASCII word from s[*i] (a letter or a digit) that ascii_words leaves:
 * folded a step of sixteen bytes at a time, then a byte at a time.
 * Returns 0 with *i past it, a negative error, or 1 with *i where the
 * general path must decide: a word that goes on past ASCII or that an
 * apostrophe or a digit's comma or point may join to more.
 */
static int
ascii_word(struct terms *t, size_t li, const char *s, size_t len, size_t *i,
    struct ahead *ah)
{
	char *buf;
	size_t j = *i, k = 0;
	unsigned char b = (unsigned char)s[j];
	int ended = 0;

	word_begin(t, ah, li, &buf);
#ifdef __SSE2__
	if ((ended = fold_run(s, len, &j, buf, &k, WORD_MAX)) != 0)
		b = (unsigned char)s[j];
#endif
	for (; !ended && j < len && k < WORD_MAX; j++) {
		b = (unsigned char)s[j];
		if (b >= 'A' && b <= 'Z')
			b += 'a' - 'A';
		else if (!((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9')))
			break;
		buf[k++] = (char)b;
	}
	if (j < len && (k == WORD_MAX || word_joined(b, buf[k - 1])))
		return 1; /* *i: the word's start */
	*i = j;
	return word_end(t, ah, k);
}

/*
 * Is c a mark a word may hold unseen: a soft hyphen (where a line may
 * break, as sites hyphenate long words: "Bundes\u00adregierung"), a zero
 * width space, joiner or word joiner? The word goes on across it, and the
 * fold (text_fold, as NFKC_Casefold) drops it: the word is the same term
 * as without it.
 */
static int
unseen(int32_t c)
{
	return c == 0x00ad || c == 0x200b || c == 0x200d || c == 0x2060;
}

int
terms_scan(struct terms *t, const struct lang *lang, const char *s, size_t len,
    struct tokens *tok)
{
	size_t i = 0, start, end, j, li = lang_index(lang);
	struct ahead ah;
	int32_t c, d;
	int rc, wide;

	if ((rc = lang_ready(t, li)) != 0)
		return rc;
	tok->n = 0;
	tok->nall = 0;
	tok->words = 0;
	tok->hash = 0xcbf29ce484222325ULL;
	ah.tok = tok;
	ah.n = ah.done = 0;
	while (i < len) {
		switch (ascii_words(t, li, s, len, &i, &ah)) {
		case PLAIN_END:
			continue;
		case PLAIN_FULL:
			if ((rc = words_look(t, &ah, AHEAD)) != 0)
				return rc;
			continue;
		case PLAIN_TAG:
			j = text_tag(s + i, len - i);
			i += j > 0 ? j : 1;
			continue;
		case PLAIN_WORD:
			if ((rc = ascii_word(t, li, s, len, &i, &ah)) <= 0) {
				if (rc < 0)
					return rc;
				continue;
			}
			break;
		case PLAIN_NONE:
			break;
		}
		start = i;
		c = text_next(s, len, &i);
		if (!text_is_word(c))
			continue;
		/* A word: word characters, joined by an apostrophe between
		 * letters ("Korea's"), a comma or point between digits, or
		 * a mark no reader sees inside a word of a spaced script. */
		end = i;
		wide = c >= 0x0e00;
		while (end < len) {
			j = end;
			d = text_next(s, len, &j);
			if (text_is_word(d)) {
				end = j;
				c = d;
				wide |= c >= 0x0e00;
				continue;
			}
			if (j < len &&
			    (text_is_apostrophe(d) || unseen(d) ||
				((d == ',' || d == '.') && text_is_digit(c)))) {
				size_t k = j;
				int32_t e = text_next(s, len, &k);

				if (text_is_word(e) &&
				    (text_is_apostrophe(d) ||
					text_is_digit(e) ||
					(unseen(d) && !wide && e < 0x0e00))) {
					end = k;
					c = e;
					continue;
				}
			}
			break;
		}
		i = end;
		rc = wide && has_cjk(s + start, end - start)
			 ? cjk_word(t, li, s + start, end - start, &ah)
			 : fold_word(t, li, s + start, end - start, &ah);
		if (rc != 0)
			return rc;
	}
	if ((rc = words_look(t, &ah, 0)) != 0)
		return rc;
	/* Each word looked up is one of all, stopword or not. */
	tok->words = tok->nall;
	return 0;
}

/* The next word of s from *i (letters and digits only), folded into buf;
 * 0 at the end. Inline in the English check's loop, which runs it for
 * some 70 words of every document: a call a word saved and restored six
 * registers and kept *i in memory. */
static inline __attribute__((always_inline)) size_t
next_word(const char *s, size_t len, size_t *i, char *buf, size_t cap)
{
	size_t start, j, k;
	unsigned char b;

	while (*i < len) {
		start = *i;
		/* ASCII letters and digits, folded as they are read, unless
		 * the word goes on past ASCII: then the general way. */
		b = (unsigned char)s[start];
		if (b < 0x80 && !text_is_word(b)) {
			(*i)++;
			continue;
		}
		j = start;
		k = 0;
#ifdef __SSE2__
		fold_run(s, len, &j, buf, &k, cap);
#endif
		for (; j < len; j++, k++) {
			b = (unsigned char)s[j];
			if (b >= 0x80 || !text_is_word(b))
				break;
			if (k < cap)
				buf[k] =
				    (char)(b >= 'A' && b <= 'Z' ? b + 32 : b);
		}
		if (j > start && (j == len || b < 0x80)) {
			*i = j;
			if (k <= cap)
				return k;
			continue; /* too long to be a word */
		}
		if (!text_is_word(text_next(s, len, i)))
			continue;
		for (j = *i; *i < len; *i = j)
			if (!text_is_word(text_next(s, len, &j)))
				break;
		if ((j = text_fold(s + start, *i - start, buf, cap)) > 0)
			return j;
	}
	return 0;
}

/* next_word into buf (WORD_MAX bytes) and the word's dict_hash in *h. A
 * word of ASCII letters and digits that ends, before a byte of ASCII,
 * inside the sixteen bytes from its start (most words) is folded and
 * hashed in registers, as in ascii_words. */
static inline __attribute__((always_inline)) size_t
next_word_hashed(const char *s, size_t len, size_t *i, char *buf, uint64_t *h)
{
	size_t n;
#ifdef __SSE2__
	static const unsigned char key_ones[32] = {255, 255, 255, 255, 255, 255,
	    255, 255, 255, 255, 255, 255, 255, 255, 255, 255};
	unsigned char b;
	__m128i f, key;

	while (
	    *i < len && (b = (unsigned char)s[*i]) < 0x80 && !text_is_word(b))
		(*i)++;
	if (len - *i >= 16 && (n = text_fold16v(s + *i, &f)) > 0 && n < 16 &&
	    (unsigned char)s[*i + n] < 0x80) {
		key = _mm_and_si128(
		    f, _mm_loadu_si128(
			   (const __m128i *)(const void *)(key_ones + 16 - n)));
		_mm_storeu_si128((__m128i *)(void *)buf, key);
		*h = dict_mix((uint64_t)_mm_cvtsi128_si64(key),
		    (uint64_t)_mm_cvtsi128_si64(_mm_unpackhi_epi64(key, key)),
		    n);
		*i += n;
		return n;
	}
#endif
	n = next_word(s, len, i, buf, WORD_MAX);
	*h = n > 0 ? dict_hash_padded(buf, n) : 0;
	return n;
}

/* Is s plainly English: a quarter of its first 100 words English
 * stopwords? (News copy runs near a half.) Most input is, and this needs
 * no table of every language. */
static int
plainly_english(const char *s, size_t len)
{
	char buf[WORD_MAX];
	size_t i = 0, n, words = 0, hits = 0;
	uint64_t h;

	/* At 25 hits the answer is yes, however many words follow. The
	 * word is looked up as it is, without a key copied for it: buf
	 * has room for the 16 bytes a short key's hash reads. */
	while (hits < 25 && words < 100 &&
	       (n = next_word_hashed(s, len, &i, buf, &h)) > 0) {
		words++;
		hits += dict_find_hashed(&lists.english, buf, n, h) >= 0;
	}
	return words > 0 && hits * 4 >= words;
}

/* Count the stopwords of each language among the first words of s. */
static int
vote(const char *s, size_t len, const enum script *scripts, size_t nscripts,
    const struct lang **out)
{
	char buf[WORD_MAX];
	size_t hits[LANG_MAX] = {0}, i = 0, n, li, k, best, words = 0;
	int64_t id;

	while (
	    words < 300 && (n = next_word(s, len, &i, buf, sizeof(buf))) > 0) {
		words++;
		if ((id = dict_find(&lists.vote, buf, n)) >= 0)
			for (li = 0; li < lang_count(); li++)
				if (lists.langs_of[id] & (1ULL << li))
					hits[li]++;
	}
	best = SIZE_MAX;
	for (li = 0; li < lang_count(); li++) {
		for (k = 0; k < nscripts; k++)
			if (lang_at(li)->script == scripts[k])
				break;
		if (k < nscripts && hits[li] > 0 &&
		    (best == SIZE_MAX || hits[li] > hits[best]))
			best = li;
	}
	if (best != SIZE_MAX)
		*out = lang_at(best);
	return 0;
}

int
terms_detect(
    struct terms *t, const char *s, size_t len, const struct lang **out)
{
	static const enum script alphabets[] = {SCRIPT_LATIN, SCRIPT_CYRILLIC};
	static const enum script devanagari[] = {SCRIPT_DEVANAGARI};
	size_t kana;
	int yiddish;

	(void)t; /* initialised: the lists are made */

	switch (lang_script(s, len, &yiddish, &kana)) {
	case SCRIPT_CYRILLIC:
		*out = lang_find("ru");
		return vote(s, len, alphabets, 2, out);
	case SCRIPT_DEVANAGARI:
		*out = lang_find("hi");
		return vote(s, len, devanagari, 1, out);
	case SCRIPT_GREEK:
		*out = lang_find("el");
		return 0;
	case SCRIPT_ARMENIAN:
		*out = lang_find("hy");
		return 0;
	case SCRIPT_HEBREW:
		*out = lang_find(yiddish ? "yi" : "he");
		return 0;
	case SCRIPT_ARABIC:
		*out = lang_find("ar");
		return 0;
	case SCRIPT_TAMIL:
		*out = lang_find("ta");
		return 0;
	case SCRIPT_THAI:
		*out = lang_find("th");
		return 0;
	case SCRIPT_HANGUL:
		*out = lang_find("ko");
		return 0;
	case SCRIPT_HAN:
		*out = lang_find("zh");
		return 0;
	case SCRIPT_KANA:
		*out = lang_find("ja");
		return 0;
	default:
		*out = lang_find("en");
		if (plainly_english(s, len))
			return 0;
		return vote(s, len, alphabets, 2, out);
	}
}
