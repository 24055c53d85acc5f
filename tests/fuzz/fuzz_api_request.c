/* fuzz_api_request: request bytes -> validated engine input -> reply. Any
 * input must give a reply with a status and a JSON body, and never a 500.
 * A request that is answered must read as a reference parser (cJSON)
 * reads it: each sentence is its document's text, as cJSON reads it, at
 * its offset; and the same request parsed and written again by cJSON
 * gets the same answer, its timings aside. As a stored cluster's summary
 * options, the same bytes are taken or answered 4xx. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The reply's JSON without its timings; NULL if it is not JSON. */
static cJSON *
answer(const struct api_reply *r)
{
	cJSON *j = cJSON_ParseWithLength(r->body, r->len);

	cJSON_DeleteItemFromObjectCaseSensitive(j, "stats");
	return j;
}

/* Is each sentence of the answer its document's bytes at its offset, the
 * documents as cJSON reads the request (in)? Ids need not be unique (and
 * an id may be another document's index): one document of the name must
 * hold it. */
static int
sentences_exact(const cJSON *in, const cJSON *a)
{
	const cJSON *docs = cJSON_GetObjectItemCaseSensitive(in, "documents");
	const cJSON *s, *d, *id, *text, *name, *t, *off;
	char idx[32];
	int i, found;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(a, "sentences"))
	{
		name = cJSON_GetObjectItemCaseSensitive(s, "document");
		t = cJSON_GetObjectItemCaseSensitive(s, "text");
		off = cJSON_GetObjectItemCaseSensitive(s, "offset");
		if (!cJSON_IsString(name) || !cJSON_IsString(t) ||
		    !cJSON_IsNumber(off))
			return 0;
		found = 0;
		i = 0;
		cJSON_ArrayForEach(d, docs)
		{
			id = cJSON_GetObjectItemCaseSensitive(d, "id");
			snprintf(idx, sizeof(idx), "%d", i++);
			text = cJSON_GetObjectItemCaseSensitive(d, "text");
			if (strcmp(name->valuestring,
				cJSON_IsString(id) ? id->valuestring : idx) ==
				0 &&
			    cJSON_IsString(text) &&
			    off->valuedouble + (double)strlen(t->valuestring) <=
				(double)strlen(text->valuestring) &&
			    memcmp(text->valuestring + (size_t)off->valuedouble,
				t->valuestring, strlen(t->valuestring)) == 0)
				found = 1;
		}
		if (!found)
			return 0;
	}
	return 1;
}

/* body, answered with 200 in r, read by cJSON and written again. */
static void
same_again(const uint8_t *data, size_t size, const struct api_limits *lim,
    const struct api_reply *r)
{
	cJSON *in = cJSON_ParseWithLength((const char *)data, size), *a, *b;
	char *again = cJSON_PrintUnformatted(in);
	struct api_reply r2;

	a = answer(r);
	if (in != NULL && a != NULL && !sentences_exact(in, a))
		abort();
	cJSON_Delete(a);
	cJSON_Delete(in);
	if (again == NULL)
		return; /* out of memory */
	if (api_summarize(again, strlen(again), lim, &r2) != 0) {
		free(again);
		return;
	}
	a = answer(r);
	b = answer(&r2);
	if (a == NULL || b == NULL || !cJSON_Compare(a, b, 1))
		abort();
	cJSON_Delete(a);
	cJSON_Delete(b);
	api_reply_free(&r2);
	free(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct api_limits lim = {0};
	struct api_reply r;

	lim.max_documents = 64;
	lim.max_doc_bytes = 64 * 1024;
	lim.max_sentences = 50;
	lim.max_memory = 64 * 1024 * 1024;
	if (api_summarize((const char *)data, size, &lim, &r) != 0)
		return 0; /* out of memory: allowed */
	if (r.body == NULL || r.status < 200 || r.status == 500 ||
	    r.status > 599)
		abort();
	if (r.status == 200)
		same_again(data, size, &lim, &r);
	api_reply_free(&r);
	/* The same bytes as a stored cluster's summary options ("since"
	 * read from its digits): taken, or a 4xx. */
	switch (api_cluster_check((const char *)data, size, &lim, &r)) {
	case 1:
		if (r.body == NULL || r.status < 400 || r.status > 499)
			abort();
		api_reply_free(&r);
		break;
	default:
		break;
	}
	return 0;
}
