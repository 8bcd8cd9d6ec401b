#ifndef LZPACK_H
#define LZPACK_H

#include "blockalloc.h"
#include "lzpack_state.h"

unsigned char *lz_pack(lzpack_state *st, const unsigned char *in, size_t n, size_t *outlen);
void lz_release(lzpack_state *st, unsigned char *block);

#endif
