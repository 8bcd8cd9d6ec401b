/* Run-length packing into blocks from the module's allocator. */
#include <Python.h>
#include "lzpack.h"

unsigned char *
lz_pack(const unsigned char *in, size_t n, size_t *outlen)
{
    unsigned char *out = (unsigned char *)allocator.Alloc(&allocator, 2 * n);
    size_t i = 0, o = 0;

    if (out == NULL)
        return NULL;
    while (i < n) {
        size_t run = 1;
        while (i + run < n && in[i + run] == in[i] && run < 255)
            run++;
        out[o++] = (unsigned char)run;
        out[o++] = in[i];
        i += run;
    }
    *outlen = o;
    return out;
}

void
lz_release(unsigned char *block)
{
    allocator.Free(&allocator, block);
}
