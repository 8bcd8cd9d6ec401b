/* Tells methods from class methods by the name of a code object's first local, the way a
 * profiler labels frames. The helpers have one definition per Python version. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *SELF_NAME = NULL;
static PyObject *CLS_NAME = NULL;
static PyObject *VARNAMES_ATTR = NULL;

#if PY_VERSION_HEX >= 0x030b0000
static PyObject *
local_names(PyCodeObject *code)
{
    return PyCode_GetVarnames(code);
}
#else
static PyObject *
local_names(PyCodeObject *code)
{
    return PyObject_GetAttr((PyObject *)code, VARNAMES_ATTR);
}
#endif

#if PY_VERSION_HEX >= 0x030b0000
static const char *
kind_of_code(PyCodeObject *code)
{
    PyObject *names = local_names(code);
    const char *kind = "function";

    if (names == NULL) {
        return NULL;
    }
    if (PyTuple_GET_SIZE(names) > 0 && code->co_argcount > 0) {
        PyObject *first = PyTuple_GET_ITEM(names, 0);
        if (PyUnicode_Compare(first, SELF_NAME) == 0) {
            kind = "method";
        } else if (PyUnicode_Compare(first, CLS_NAME) == 0) {
            kind = "classmethod";
        }
    }
    Py_DECREF(names);
    return kind;
}
#else
static const char *
kind_of_code(PyCodeObject *code)
{
    PyObject *names = local_names(code);
    const char *kind = "function";

    if (names == NULL) {
        return NULL;
    }
    if (PyTuple_Check(names) && PyTuple_GET_SIZE(names) > 0 && code->co_argcount > 0) {
        if (PyUnicode_Compare(PyTuple_GET_ITEM(names, 0), SELF_NAME) == 0) {
            kind = "method";
        } else if (PyUnicode_Compare(PyTuple_GET_ITEM(names, 0), CLS_NAME) == 0) {
            kind = "classmethod";
        }
    }
    Py_DECREF(names);
    return kind;
}
#endif

static PyObject *
code_kind(PyObject *module, PyObject *arg)
{
    const char *kind;

    if (PyFunction_Check(arg)) {
        arg = PyFunction_GET_CODE(arg);
    }
    if (!PyCode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "expected a function or a code object");
        return NULL;
    }
    kind = kind_of_code((PyCodeObject *)arg);
    if (kind == NULL) {
        return NULL;
    }
    return PyUnicode_FromString(kind);
}

static PyMethodDef framekind_methods[] = {
    {"code_kind", code_kind, METH_O, "Return 'method', 'classmethod' or 'function'."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef framekind_module = {
    PyModuleDef_HEAD_INIT,
    "framekind",
    "Labels code objects the way a profiler labels frames.",
    -1,
    framekind_methods
};

PyMODINIT_FUNC
PyInit_framekind(void)
{
    PyObject *m;

    SELF_NAME = PyUnicode_InternFromString("self");
    if (SELF_NAME == NULL) {
        return NULL;
    }
    CLS_NAME = PyUnicode_InternFromString("cls");
    if (CLS_NAME == NULL) {
        return NULL;
    }
    VARNAMES_ATTR = PyUnicode_InternFromString("co_varnames");
    if (VARNAMES_ATTR == NULL) {
        return NULL;
    }
    m = PyModule_Create(&framekind_module);
    return m;
}
