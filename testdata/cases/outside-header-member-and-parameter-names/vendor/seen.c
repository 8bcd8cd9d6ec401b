#include <stdlib.h>
#include "seen.h"

struct seen_set *seen_new(void)
{
    return calloc(1, sizeof(struct seen_set));
}

int seen_has(const struct seen_set *s, long value)
{
    for (long i = 0; i < s->length; i++)
        if (s->items[i] == value)
            return 1;
    return 0;
}

int seen_add(struct seen_set *s, long value)
{
    if (seen_has(s, value))
        return 0;
    if (s->length == s->capacity) {
        long cap = s->capacity ? 2 * s->capacity : 8;
        long *items = realloc(s->items, cap * sizeof(long));
        if (items == NULL)
            return -1;
        s->items = items;
        s->capacity = cap;
    }
    s->items[s->length++] = value;
    return 1;
}
