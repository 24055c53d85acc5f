/* fuzz_config: the config parser on any bytes: it accepts or names a line,
 * and what it accepts stays within every key's range. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	char err[512];
	FILE *f;

	if (size == 0 || (f = fmemopen((void *)data, size, "r")) == NULL)
		return 0;
	config_defaults(&c);
	if (config_parse(&c, f, "fuzz.conf", err, sizeof(err)) != 0) {
		if (strncmp(err, "fuzz.conf:", 10) != 0)
			abort();
	} else if (c.threads < 1 || c.threads > 256 || c.queue_depth < 1 ||
		   c.socket_mode > 0777 || c.max_body < 1024)
		abort();
	fclose(f);
	return 0;
}
