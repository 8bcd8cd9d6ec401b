#include <Python.h>
#include "cipher_state.h"

long rounds = 16;
long helper_scale = 1;

int
block_size(int n)
{
    return n * 16;
}

int
helper_blocks(cipher_state *st)
{
    st->helper_count++;
    return block_size(2) + rounds + helper_scale;
}
