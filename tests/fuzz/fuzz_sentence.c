/* fuzz_sentence: the splitter on any valid UTF-8. Sentences come in order,
 * do not overlap, stay inside the text and neither start nor end with
 * white space. */
#include <stdint.h>
#include <stdlib.h>

#include "summ.h"
#include "sentence.h"
#include "text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct check {
	const char *s;
	size_t len, end;
};

static int
each(const struct span *sp, void *arg)
{
	struct check *c = arg;
	size_t j = sp->off, start;

	if (sp->len == 0 || sp->off < c->end || sp->off > c->len ||
	    sp->len > c->len - sp->off)
		abort();
	if (text_is_space(text_next(c->s, c->len, &j)) ||
	    text_is_space(text_prev(c->s, sp->off + sp->len, &start)))
		abort();
	c->end = sp->off + sp->len;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct check c = {(const char *)data, size, 0};

	if (summ_utf8_check(c.s, size, NULL) != 0)
		return 0;
	sent_split(c.s, size, each, &c);
	return 0;
}
