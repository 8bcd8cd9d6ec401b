/* blobkit: chunked readers over bytes. Its type pointer, debug counters and setup helpers are
 * not static, as in many multi-file extensions, yet no file but their own names most of them. */
#include "blobkit.h"
#include "blobkit_state.h"
#include "reader.c"

static PyMethodDef blobkit_methods[] = {
    {"stats", blobkit_stats, METH_NOARGS, "allocation counters"},
    {"fail_after", blobkit_fail_after, METH_O, "make allocations fail after n of them (-1: never)"},
    {NULL, NULL, 0, NULL}
};

static int
blobkit_traverse(PyObject *module, visitproc visit, void *arg)
{
    blobkit_state *st = get_blobkit_state(module);
    Py_VISIT(st->ReaderType);
    return 0;
}

static int
blobkit_clear(PyObject *module)
{
    blobkit_state *st = get_blobkit_state(module);
    Py_CLEAR(st->ReaderType);
    return 0;
}

static void
blobkit_free(void *module)
{
    (void)blobkit_clear((PyObject *)module);
}

static int blobkit_exec(PyObject *m);

static PyModuleDef_Slot blobkit_slots[] = {
    {Py_mod_exec, (void *)blobkit_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef blobkit_module = {
    PyModuleDef_HEAD_INIT, "blobkit", "Chunked readers over bytes.", sizeof(blobkit_state), blobkit_methods,
    blobkit_slots,
    blobkit_traverse,
    blobkit_clear,
    blobkit_free
};

/* Fills the module: 0, or -1 with an exception set. */
int
blobkit_module_init(PyObject *m)
{
    if (PyModule_AddStringConstant(m, "__version__", "1.2") < 0)
        return -1;
    return reader_module_init(m);
}

static int
blobkit_exec(PyObject *m)
{
    blobkit_state *st = get_blobkit_state(m);
    st->blob_alloc_fail = -1;
    if (blobkit_module_init(m) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_blobkit(void)
{
    return PyModuleDef_Init(&blobkit_module);
}
