/* fuzz_api_request: request bytes -> validated engine input -> reply. Any
 * input must give a reply with a status and a JSON body, and never a 500. */
#include <stdint.h>
#include <stdlib.h>

#include "api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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
	api_reply_free(&r);
	return 0;
}
