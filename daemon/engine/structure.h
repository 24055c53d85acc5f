/*
 * structure.h: an article's layout. Splits a document into blocks (lines
 * or paragraphs) and says which blocks are prose and which are headlines,
 * captions, bylines, links or other furniture that must never be output.
 */
#ifndef STRUCTURE_H
#define STRUCTURE_H

#include <stddef.h>

struct arena;

enum block_kind {
	BLOCK_TEXT = 0,
	BLOCK_TITLE,   /* the article's headline: a feature, never output */
	BLOCK_HEADING, /* a subheading or other line that is not a sentence */
	BLOCK_CAPTION,
	BLOCK_BYLINE,
	BLOCK_LINK, /* "Read more:", "Original Source:", URLs, copyright */
	BLOCK_JUNK, /* no letters at all: rules, lone dashes */
};

struct block {
	size_t off; /* in the document; past any dateline for BLOCK_TEXT */
	size_t len;
	enum block_kind kind;
	/* No entity or mark in it, nor a tag in a text with tags: it reads
	 * as it is, and so do its sentences (struct_as_read need not
	 * look). */
	int plain;
};

/*
 * Split text into blocks. A document whose lines are hard-wrapped prose
 * is split at blank lines only; otherwise every line is a block.
 */
int struct_blocks(const char *text, size_t len, struct arena *a,
    struct block **out, size_t *nout);
/* The kind of one trimmed block; first says it opens the document (of
 * mixed case: in a document all in capitals, struct_blocks does not take
 * a line in capitals for a subheading). */
enum block_kind struct_classify(const char *s, size_t len, int first);
/*
 * Does a sentence end inside s: a full stop, question or exclamation mark
 * after a word of three lower-case letters or more ("morning. The"), then
 * a space and a capital? A heading so, short and with no mark at its end,
 * may be an article cut off ("The council opened a bridge on Monday
 * morning. The council"); abbreviations before a name ("U.S. Senate",
 * "Mr. Kim", "Gen. Lee") end no word of three lower-case letters.
 */
int struct_cut_short(const char *s, size_t len);
/*
 * s as a reader sees it, in *v and *vlen: s itself, or, if it may read
 * otherwise (text_has_marks: an entity, Markdown's marks, a '<' where the
 * text is marked up), a copy as text_unmark reads it, made in *buf (grown
 * in a as needed, *cap its size). SUMM_ENOMEM if the copy has no room.
 */
int struct_as_read(const char *s, size_t len, int marked, struct arena *a,
    char **buf, size_t *cap, const char **v, size_t *vlen);
/* Bytes of dateline ("WASHINGTON (AP) --", "PYONGYANG:") at s's start. */
size_t struct_dateline(const char *s, size_t len);
/* Does s give a web address ("http://", "https://", "www.", any case)? */
int struct_web_address(const char *s, size_t len);
/* Is s a note to editors or readers rather than news: one that opens
 * "Story will move in", "Address questions to" and the like, a telephone
 * or telex number, an ETA, a web address? */
int struct_notice(const char *s, size_t len);

#endif
