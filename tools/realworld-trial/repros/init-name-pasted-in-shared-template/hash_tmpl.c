/* Self-written: a template shared by several hash modules. Each module file defines MODULE_NAME
 * and includes this file; the init function's name is pasted from PyInit_ and that macro. */
#ifndef PY_SSIZE_T_CLEAN
#define PY_SSIZE_T_CLEAN
#endif
#include <Python.h>

#define _STR(x) #x
#define _XSTR(x) _STR(x)
#define _PASTE(x, y) x##y
#define _PASTE2(x, y) _PASTE(x, y)
#define _MODULE_NAME _PASTE2(PyInit_, MODULE_NAME)
#define _MODULE_STRING _XSTR(MODULE_NAME)

typedef struct {
    PyObject_HEAD
    hash_state st;
} ALGobject;

static PyTypeObject ALGtype;

static PyObject *
ALG_digest(ALGobject *self, PyObject *unused)
{
    return PyLong_FromUnsignedLong(hash_digest(&self->st));
}

static PyMethodDef ALG_methods[] = {
    {"digest", (PyCFunction)ALG_digest, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject ALGtype = {
    PyVarObject_HEAD_INIT(NULL, 0)
    _MODULE_STRING,             /* tp_name */
    sizeof(ALGobject),          /* tp_basicsize */
    0,                          /* tp_itemsize */
    (destructor)PyObject_Del,   /* tp_dealloc */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    Py_TPFLAGS_DEFAULT,         /* tp_flags */
    0, 0, 0, 0, 0, 0, 0,
    ALG_methods,                /* tp_methods */
};

static PyObject *
ALG_new(PyObject *self, PyObject *args)
{
    const char *data = NULL;
    Py_ssize_t len = 0;
    ALGobject *new = PyObject_New(ALGobject, &ALGtype);
    if (new == NULL)
        return NULL;
    if (!PyArg_ParseTuple(args, "|y#", &data, &len)) {
        Py_DECREF(new);
        return NULL;
    }
    hash_init(&new->st);
    if (data)
        hash_update(&new->st, (const unsigned char *)data, len);
    return (PyObject *)new;
}

static PyMethodDef ALG_functions[] = {
    {"new", ALG_new, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "hashes." _MODULE_STRING, NULL, -1, ALG_functions
};

PyMODINIT_FUNC
_MODULE_NAME (void)
{
    PyObject *m;
    if (PyType_Ready(&ALGtype) < 0)
        return NULL;
    m = PyModule_Create(&moduledef);
    if (m == NULL)
        return NULL;
    PyModule_AddIntConstant(m, "digest_size", DIGEST_SIZE);
    return m;
}
