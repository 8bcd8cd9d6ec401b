/* verify fixture: multi-phase, per-interpreter GIL claimed, nothing shared among the module's
   attributes -- but a function caches an object in a C global on first call. Only the smoke
   script's state_probe() can expose it. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *
registry(PyObject *module, PyObject *unused)
{
    static PyObject *cache = NULL;   /* one dict for the whole process */
    if (cache == NULL) {
        cache = PyDict_New();
        if (cache == NULL)
            return NULL;
    }
    Py_INCREF(cache);
    return cache;
}

static PyMethodDef vhidden_methods[] = {
    {"registry", registry, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyModuleDef_Slot vhidden_slots[] = {
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef vhidden_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "vhidden",
    .m_size = 0,
    .m_methods = vhidden_methods,
    .m_slots = vhidden_slots,
};

PyMODINIT_FUNC
PyInit_vhidden(void)
{
    return PyModuleDef_Init(&vhidden_module);
}
