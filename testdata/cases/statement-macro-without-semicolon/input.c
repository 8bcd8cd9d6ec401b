/* A project's own release-the-GIL macros, used without semicolons the way Py_BEGIN_ALLOW_THREADS
 * is. Read as C, `MYLIB_BEGIN_THREADS` looks like the type of a declaration; the parse must not
 * lose its braces there, or the type defined further down would silently be missed. */
#include <Python.h>

#define MYLIB_BEGIN_THREADS { PyThreadState *_mylib_save = PyEval_SaveThread();
#define MYLIB_END_THREADS PyEval_RestoreThread(_mylib_save); }

typedef struct {
    PyObject_HEAD
    long total;
} AdderObject;

static long
slow_sum(long n)
{
    long i, s = 0;
    for (i = 0; i < n; i++)
        s += i;
    return s;
}

static PyObject *
Adder_add(AdderObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg), s;
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (n > 0) {
        MYLIB_BEGIN_THREADS
        (void)slow_sum(1);
        s = slow_sum(n);
        MYLIB_END_THREADS
        self->total += s;
    }
    return PyLong_FromLong(self->total);
}

static PyMethodDef Adder_methods[] = {
    {"add", (PyCFunction)Adder_add, METH_O, "Add 0 + 1 + ... + (n - 1) to the total."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject AdderType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "stmtmac.Adder",
    .tp_basicsize = sizeof(AdderObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Adder_methods,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef stmtmac_module = {
    PyModuleDef_HEAD_INIT, "stmtmac", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_stmtmac(void)
{
    PyObject *m;
    if (PyType_Ready(&AdderType) < 0)
        return NULL;
    m = PyModule_Create(&stmtmac_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&AdderType);
    if (PyModule_AddObject(m, "Adder", (PyObject *)&AdderType) < 0) {
        Py_DECREF(&AdderType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
