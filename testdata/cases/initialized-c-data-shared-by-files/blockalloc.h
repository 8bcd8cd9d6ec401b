/* The allocator interface the codec is written against (kept apart from the module's own header). */
#ifndef BLOCKALLOC_H
#define BLOCKALLOC_H

#include <stddef.h>

typedef struct BlockAlloc {
    void *(*Alloc)(struct BlockAlloc *p, size_t size);
    void (*Free)(struct BlockAlloc *p, void *address);
} BlockAlloc;

#endif
