#ifndef LZPACK_H
#define LZPACK_H

#include "blockalloc.h"

/* Defined in input.c; every codec call is given its address. */
extern BlockAlloc allocator;

unsigned char *lz_pack(const unsigned char *in, size_t n, size_t *outlen);
void lz_release(unsigned char *block);

#endif
