/*
 * gf256: arithmetic in GF(2^8), the field of Reed-Solomon style codes.
 * Private to the galois extension (no include guard: every file includes it once).
 */

#include <stddef.h>

typedef unsigned char gf_elem;

/* Builds the tables; call before any other function here. */
void gf_setup(void);

gf_elem gf_mul(gf_elem a, gf_elem b);
gf_elem gf_inverse(gf_elem a);
void gf_scale(gf_elem *dst, const gf_elem *src, gf_elem c, size_t n);
