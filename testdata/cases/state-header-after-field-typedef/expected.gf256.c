/* Log and antilog tables of GF(2^8) over x^8 + x^4 + x^3 + x^2 + 1. */

#include "gf256.h"

#include <string.h>
#include "galois_state.h"

#define GF_POLY 0x11d

void
gf_setup(galois_state *st)
{
    int i, x = 1;

    if (st->tables_ready)
        return;
    memset(st->log_table, 0, sizeof(st->log_table));
    for (i = 0; i < 255; i++) {
        st->exp_table[i] = (gf_elem)x;
        st->log_table[x] = i;
        x <<= 1;
        if (x & 0x100)
            x ^= GF_POLY;
    }
    for (i = 255; i < 510; i++)
        st->exp_table[i] = st->exp_table[i - 255];
    st->inverses[0] = 0;
    for (i = 1; i < 256; i++)
        st->inverses[i] = st->exp_table[255 - st->log_table[i]];
    st->tables_ready = 1;
}

gf_elem
gf_mul(galois_state *st, gf_elem a, gf_elem b)
{
    if (a == 0 || b == 0)
        return 0;
    return st->exp_table[st->log_table[a] + st->log_table[b]];
}

gf_elem
gf_inverse(galois_state *st, gf_elem a)
{
    return st->inverses[a];
}

void
gf_scale(galois_state *st, gf_elem *dst, const gf_elem *src, gf_elem c, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        dst[i] = gf_mul(st, src[i], c);
}
