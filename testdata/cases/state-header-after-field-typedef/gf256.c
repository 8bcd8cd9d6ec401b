/* Log and antilog tables of GF(2^8) over x^8 + x^4 + x^3 + x^2 + 1. */

#include "gf256.h"

#include <string.h>

#define GF_POLY 0x11d

static gf_elem exp_table[510];  /* exponent -> element, doubled so sums need no modulo */
static int log_table[256];      /* element -> exponent (log of 0 unused) */
static gf_elem inverses[256];   /* multiplicative inverses, inverses[0] unused */
static int tables_ready = 0;

void
gf_setup(void)
{
    int i, x = 1;

    if (tables_ready)
        return;
    memset(log_table, 0, sizeof(log_table));
    for (i = 0; i < 255; i++) {
        exp_table[i] = (gf_elem)x;
        log_table[x] = i;
        x <<= 1;
        if (x & 0x100)
            x ^= GF_POLY;
    }
    for (i = 255; i < 510; i++)
        exp_table[i] = exp_table[i - 255];
    inverses[0] = 0;
    for (i = 1; i < 256; i++)
        inverses[i] = exp_table[255 - log_table[i]];
    tables_ready = 1;
}

gf_elem
gf_mul(gf_elem a, gf_elem b)
{
    if (a == 0 || b == 0)
        return 0;
    return exp_table[log_table[a] + log_table[b]];
}

gf_elem
gf_inverse(gf_elem a)
{
    return inverses[a];
}

void
gf_scale(gf_elem *dst, const gf_elem *src, gf_elem c, size_t n)
{
    size_t i;

    for (i = 0; i < n; i++)
        dst[i] = gf_mul(src[i], c);
}
