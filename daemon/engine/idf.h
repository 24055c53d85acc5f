/*
 * idf.h: the background IDF model behind struct summ_idf, as the engine
 * reads it. The public functions are in summ.h.
 */
#ifndef IDF_H
#define IDF_H

#include <stddef.h>
#include <stdint.h>

struct summ_idf;

uint64_t idf_docs(const struct summ_idf *idf);
uint64_t idf_df(const struct summ_idf *idf, const char *stem, size_t len);

#endif
