/*
 * sentence.h: sentence segmentation of one block of prose, with the byte
 * offset and length of every sentence in the original text.
 */
#ifndef SENTENCE_H
#define SENTENCE_H

#include <stddef.h>

struct span {
	size_t off;
	size_t len;
	int last; /* the rest of the block, after its last break */
};

/*
 * Call fn for each sentence of s[0, len), trimmed of white space; offsets
 * are relative to s. Stops and returns fn's value when it is non-zero.
 * Only the last call, if it has the block's end, has last set.
 */
int sent_split(const char *s, size_t len,
    int (*fn)(const struct span *sp, void *arg), void *arg);

/* Does s[0, len) end in a full stop that ends no sentence, after a title,
 * a month or an initial ("Gov.", "Aug.", "J.")? */
int sent_never_ends(const char *s, size_t len);
/* 1 if the word lists are in the order their binary search needs, and
 * no abbreviation is longer than the split looks for: for the unit
 * tests. */
int sent_lists_sorted(void);

#endif
