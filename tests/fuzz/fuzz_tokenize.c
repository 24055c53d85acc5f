/* fuzz_tokenize: words to terms on any valid UTF-8: every term id is one
 * the dictionary gave out, and the same text gives the same terms. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "summ.h"
#include "arena.h"
#include "terms.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct arena a;
	struct terms t;
	struct tokens x, y;
	const struct lang *lang;
	size_t i;

	if (summ_utf8_check((const char *)data, size, NULL) != 0)
		return 0;
	arena_init(&a, 256 * 1024 * 1024);
	memset(&x, 0, sizeof(x));
	memset(&y, 0, sizeof(y));
	if (terms_init(&t, &a, "en", size) != 0)
		abort();
	/* The language the text looks like: its stemmer and stopwords. */
	if (terms_detect(&t, (const char *)data, size, &lang) != 0)
		abort();
	if (terms_scan(&t, lang, (const char *)data, size, &x) == 0 &&
	    terms_scan(&t, lang, (const char *)data, size, &y) == 0) {
		if (x.n != y.n || x.hash != y.hash ||
		    (x.n > 0 && memcmp(x.id, y.id, x.n * sizeof(*x.id)) != 0))
			abort();
		for (i = 0; i < x.n; i++)
			if (x.id[i] >= terms_count(&t))
				abort();
	}
	terms_fini(&t);
	arena_release(&a);
	return 0;
}
