/* fuzz_config: the config parser on any bytes: it accepts or names a line,
 * what it accepts stays within every key's range, and config_print()
 * writes it as a file that reads back as the same settings (summd -t). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Print c and read it back: the same settings, or abort. */
static void
round_trip(const struct config *c)
{
	struct config back;
	char err[512], *buf = NULL;
	size_t len = 0;
	FILE *f;

	if ((f = open_memstream(&buf, &len)) == NULL)
		return;
	if (config_print(c, f, err, sizeof(err)) != 0)
		abort(); /* a file's values can always be written in one */
	fclose(f);
	if ((f = fmemopen(buf, len, "r")) == NULL) {
		free(buf);
		return;
	}
	config_defaults(&back);
	if (config_parse(&back, f, "back.conf", err, sizeof(err)) != 0 ||
	    memcmp(&back, c, sizeof(back)) != 0)
		abort();
	fclose(f);
	free(buf);
}

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
	else
		round_trip(&c);
	fclose(f);
	return 0;
}
