/* blockstat.h -- counters of the block splitter, kept as pre-GCC 10 code kept them: the header
 * holds their tentative definitions, blockstat.c the initialized ones (C makes them one object). */
#ifndef BLOCKSTAT_H
#define BLOCKSTAT_H

#include <Python.h>

#define BLOCKSTAT_COUNT(st, n, tail) \
    do { \
        st->total_split += (n); \
        if (tail) \
            st->tail_splits++; \
        else \
            st->exact_splits++; \
    } while (0)

#endif /* BLOCKSTAT_H */
