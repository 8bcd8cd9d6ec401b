/*
 * gf256: arithmetic in GF(2^8), the field of Reed-Solomon style codes.
 * Private to the galois extension (no include guard: every file includes it once).
 */

#include <stddef.h>

typedef unsigned char gf_elem;

#include "galois_state.h"

/* Builds the tables; call before any other function here. */
void gf_setup(galois_state *st);

gf_elem gf_mul(galois_state *st, gf_elem a, gf_elem b);
gf_elem gf_inverse(galois_state *st, gf_elem a);
void gf_scale(galois_state *st, gf_elem *dst, const gf_elem *src, gf_elem c, size_t n);
