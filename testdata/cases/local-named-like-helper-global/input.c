#include <Python.h>

struct pair {
    long key;
    long rounds;
};

static long block_size;

#define helper_scale 3
#define TWICE(rounds) ((rounds) * 2)

long scaled(long key, long (*step)(long rounds));

static long
sum_pair(struct pair *p, long key)
{
    return p->key + p -> rounds + key;
}

static PyObject *
fastmath_total(PyObject *self, PyObject *noargs)
{
    struct pair pr = {1, 2};
    long total = sum_pair(&pr, 3) + pr.key + block_size + TWICE(helper_scale);
    if (total > 0) {
        long rounds = 2, helper_count = 1;
        total += rounds + helper_count;
    }
    for (long key = 0; key < 3; key++)
        total += key;
    return PyLong_FromLong(total);
}

static PyMethodDef fastmath_methods[] = {
    {"total", fastmath_total, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fastmath_def = {PyModuleDef_HEAD_INIT, "fastmath", NULL, -1, fastmath_methods};

PyMODINIT_FUNC
PyInit_fastmath(void)
{
    return PyModule_Create(&fastmath_def);
}
