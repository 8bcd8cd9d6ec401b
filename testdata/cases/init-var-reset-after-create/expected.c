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

static int blocks_exec(PyObject *m);

static PyModuleDef_Slot blocks_slots[] = {
    {Py_mod_exec, (void *)blocks_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef blocks_module = {PyModuleDef_HEAD_INIT, "blocks", NULL, 0, NULL, blocks_slots};

static int
blocks_exec(PyObject *m)
{
    if (m) {
        if (setup_constants(m) < 0) {
            return -1;
        }
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_blocks(void)
{
    return PyModuleDef_Init(&blocks_module);
}
