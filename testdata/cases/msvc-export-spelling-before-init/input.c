/* An init head preceded by MSVC's old export spelling under #ifdef _MSC_VER, as
 * py2-era extensions wrote it. */
#include <Python.h>

static PyObject *MError;

static int lib_ready(void) { return 0; }

static PyObject *
fail(PyObject *self, PyObject *noargs)
{
    PyErr_SetString(MError, "failed on purpose");
    return NULL;
}

static PyMethodDef methods[] = {
    {"fail", fail, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
static PyModuleDef def = { PyModuleDef_HEAD_INIT, "lzolike", NULL, -1, methods };
#endif

#ifdef _MSC_VER
_declspec(dllexport)
#endif
#if PY_MAJOR_VERSION >= 3
PyMODINIT_FUNC PyInit_lzolike(void)
#else
void initlzolike(void)
#endif
{
    PyObject *m, *d;

    if (lib_ready() != 0)
#if PY_MAJOR_VERSION >= 3
        return NULL;
#else
        return;
#endif

#if PY_MAJOR_VERSION >= 3
    m = PyModule_Create(&def);
#else
    m = Py_InitModule("lzolike", methods);
#endif
    d = PyModule_GetDict(m);
    MError = PyErr_NewException("lzolike.error", NULL, NULL);
    if (MError == NULL || PyDict_SetItemString(d, "error", MError) < 0) {
#if PY_MAJOR_VERSION >= 3
        Py_DECREF(m);
        return NULL;
#else
        return;
#endif
    }
#if PY_MAJOR_VERSION >= 3
    return m;
#endif
}
