/* The init function reports a failed setup by resetting its module variable and returning it at
 * the end (zstandard's backend does so): `return m;` is not always the module it created. Nothing
 * but that return follows the reset, so the reset is where the exec returns -1. */
#include <Python.h>

static int
setup_constants(PyObject *m)
{
    if (PyModule_AddIntConstant(m, "BLOCK_SIZE", 4096) < 0)
        return -1;
    return PyModule_AddStringConstant(m, "FORMAT", "v2");
}

static struct PyModuleDef blocks_module = {PyModuleDef_HEAD_INIT, "blocks", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_blocks(void)
{
    PyObject *m = PyModule_Create(&blocks_module);
    if (m) {
        if (setup_constants(m) < 0) {
            Py_DECREF(m);
            m = NULL;
        }
    }
    return m;
}
