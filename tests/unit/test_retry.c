/*
 * test_retry.c: a call that runs out of memory fails with SUMM_ENOMEM and
 * leaves nothing behind that fails the next call. malloc is wrapped
 * (-Wl,--wrap=malloc): while `starved` is set, the engine's every malloc
 * fails. The first call of the process is the one starved, since what the
 * engine makes once (its stopword lists) is made then.
 */
#include <stdlib.h>
#include <string.h>

#include "summ.h"
#include "tap.h"

void *__real_malloc(size_t n);
void *__wrap_malloc(size_t n);

static int starved;

void *
__wrap_malloc(size_t n)
{
	return starved ? NULL : __real_malloc(n);
}

static int
summarize(size_t *count)
{
	static const char text[] =
	    "The storm broke the harbor wall at Port Ellis on Monday night. "
	    "Fishing boats were thrown onto the quay by the waves. "
	    "The harbor master said the wall would take a year to mend. "
	    "No one was hurt, the town's mayor said on Tuesday.";
	struct summ_doc doc = {0};
	struct summ_opts opts;
	struct summ_result *res = NULL;
	struct summ_error err;
	int rc;

	doc.text = text;
	doc.text_len = sizeof(text) - 1;
	doc.date = SUMM_NO_DATE;
	summ_opts_init(&opts);
	opts.unit = SUMM_SENTENCES;
	opts.amount = 2;
	rc = summ_run(&doc, 1, &opts, &res, &err);
	*count = rc == 0 ? summ_result_count(res) : 0;
	if (rc == 0)
		summ_result_free(res);
	return rc;
}

int
main(void)
{
	size_t n;
	int rc;

	starved = 1;
	rc = summarize(&n);
	starved = 0;
	ok(rc == SUMM_ENOMEM, "a call with no memory fails with ENOMEM (%d)",
	    rc);
	rc = summarize(&n);
	ok(rc == 0 && n == 2,
	    "the next call, with memory, summarizes (rc %d, %zu sentences)", rc,
	    n);
	return tap_done();
}
