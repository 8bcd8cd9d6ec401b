/* blobkit: chunked readers over bytes. Its type pointer, debug counters and setup helpers are
 * not static, as in many multi-file extensions, yet no file but their own names most of them. */
#include "blobkit.h"
#include "reader.c"

static PyMethodDef blobkit_methods[] = {
    {"stats", blobkit_stats, METH_NOARGS, "allocation counters"},
    {"fail_after", blobkit_fail_after, METH_O, "make allocations fail after n of them (-1: never)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef blobkit_module = {
    PyModuleDef_HEAD_INIT, "blobkit", "Chunked readers over bytes.", -1, blobkit_methods
};

/* Fills the module: 0, or -1 with an exception set. */
int
blobkit_module_init(PyObject *m)
{
    if (PyModule_AddStringConstant(m, "__version__", "1.2") < 0)
        return -1;
    return reader_module_init(m);
}

PyMODINIT_FUNC
PyInit_blobkit(void)
{
    PyObject *m = PyModule_Create(&blobkit_module);
    if (m == NULL)
        return NULL;
    if (blobkit_module_init(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
