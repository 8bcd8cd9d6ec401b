/* blockstat.h -- counters of the block splitter, kept as pre-GCC 10 code kept them: the header
 * holds their tentative definitions, blockstat.c the initialized ones (C makes them one object). */
#ifndef BLOCKSTAT_H
#define BLOCKSTAT_H

#include <Python.h>

/* Bytes split since import, and the block size new splits use. */
Py_ssize_t total_split;
Py_ssize_t block_size;
/* Splits that ended on a block boundary, and those that left a tail. */
long exact_splits, tail_splits;

#define BLOCKSTAT_COUNT(n, tail) \
    do { \
        total_split += (n); \
        if (tail) \
            tail_splits++; \
        else \
            exact_splits++; \
    } while (0)

#endif /* BLOCKSTAT_H */
