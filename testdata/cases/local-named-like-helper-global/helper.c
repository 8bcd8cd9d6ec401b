#include <Python.h>

PyObject *key = NULL;
long rounds = 16;
long helper_count = 0;
long helper_scale = 1;

int
block_size(int n)
{
    return n * 16;
}

int
helper_blocks(void)
{
    helper_count++;
    return block_size(2) + rounds + helper_scale;
}
