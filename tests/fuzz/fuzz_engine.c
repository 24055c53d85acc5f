/* fuzz_engine: bytes -> a one-document cluster -> a summary whose offsets
 * stay inside the document and frame whole sentences, within its budget. */
#include <stdint.h>
#include <stdlib.h>

#include "summ.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct summ_doc doc = {0};
	struct summ_opts o;
	struct summ_result *r = NULL;
	struct summ_error e;
	const struct summ_sentence *s;
	size_t i, bad, words = 0;
	int rc;

	doc.text = (const char *)data;
	doc.text_len = size;
	doc.date = SUMM_NO_DATE;
	summ_opts_init(&o);
	o.unit = SUMM_WORDS;
	o.amount = 60;
	o.max_memory = 256 * 1024 * 1024;
	rc = summ_run(&doc, 1, &o, &r, &e);
	if (summ_utf8_check(doc.text, size, &bad) != 0) {
		if (rc != SUMM_EUTF8 || e.offset != bad)
			abort();
		return 0;
	}
	if (rc != 0) {
		if (rc != SUMM_EEMPTY && rc != SUMM_EBUDGET &&
		    rc != SUMM_ENOMEM)
			abort();
		return 0;
	}
	for (i = 0; i < summ_result_count(r); i++) {
		s = summ_result_sentence(r, i);
		if (s->doc != 0 || s->length == 0 || s->offset > size ||
		    s->length > size - s->offset)
			abort();
		words += s->words;
	}
	if (words > o.amount)
		abort();
	summ_result_free(r);
	return 0;
}
