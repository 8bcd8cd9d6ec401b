/* A module that still builds for Python 2 and 3 through its own init macros (the MOD_INIT /
 * MOD_DEF idiom): the init function's name, the module def and the return values all hide in
 * macros, so nothing of it reads as PyInit_<name> + PyModule_Create before preprocessing. */
#include <Python.h>

#if PY_MAJOR_VERSION >= 3
#define MOD_ERROR_VAL NULL
#define MOD_SUCCESS_VAL(val) val
#define MOD_INIT(name) PyMODINIT_FUNC PyInit_##name(void)
#define MOD_DEF(ob, name, doc, methods) \
    static struct PyModuleDef moduledef = { \
        PyModuleDef_HEAD_INIT, name, doc, -1, methods, }; \
    ob = PyModule_Create(&moduledef);
#else
#define MOD_ERROR_VAL
#define MOD_SUCCESS_VAL(val)
#define MOD_INIT(name) void init##name(void)
#define MOD_DEF(ob, name, doc, methods) \
    ob = Py_InitModule3(name, methods, doc);
#endif

static PyObject *ChecksumError;

typedef struct {
    PyObject_HEAD
    unsigned long sum;
} AdlerObject;

static PyObject *
Adler_update(AdlerObject *self, PyObject *arg)
{
    Py_buffer view;
    unsigned long a = self->sum & 0xffff, b = (self->sum >> 16) & 0xffff;
    Py_ssize_t i;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    for (i = 0; i < view.len; i++) {
        a = (a + ((unsigned char *)view.buf)[i]) % 65521;
        b = (b + a) % 65521;
    }
    PyBuffer_Release(&view);
    self->sum = (b << 16) | a;
    Py_RETURN_NONE;
}

static PyObject *
Adler_digest(AdlerObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromUnsignedLong(self->sum);
}

static PyMethodDef Adler_methods[] = {
    {"update", (PyCFunction)Adler_update, METH_O, "Add bytes to the checksum."},
    {"digest", (PyCFunction)Adler_digest, METH_NOARGS, "The checksum so far."},
    {NULL, NULL, 0, NULL},
};

static int
Adler_init(AdlerObject *self, PyObject *args, PyObject *kwds)
{
    self->sum = 1;
    return 0;
}

static PyTypeObject AdlerType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "checksum.Adler32",              /* tp_name */
    sizeof(AdlerObject),             /* tp_basicsize */
    0,                               /* tp_itemsize */
    0,                               /* tp_dealloc */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, /* tp_flags */
    "Running Adler-32 checksum.",    /* tp_doc */
    0, 0, 0, 0, 0, 0,
    Adler_methods,                   /* tp_methods */
    0, 0, 0, 0, 0, 0, 0,
    (initproc)Adler_init,            /* tp_init */
    0,                               /* tp_alloc */
    PyType_GenericNew,               /* tp_new */
};

static PyObject *
checksum_verify(PyObject *self, PyObject *args)
{
    unsigned long expected, actual;
    if (!PyArg_ParseTuple(args, "kk", &expected, &actual))
        return NULL;
    if (expected != actual) {
        PyErr_Format(ChecksumError, "checksum mismatch: %lx != %lx", expected, actual);
        return NULL;
    }
    Py_RETURN_TRUE;
}

static PyMethodDef checksum_methods[] = {
    {"verify", checksum_verify, METH_VARARGS, "Raise ChecksumError unless both sums agree."},
    {NULL, NULL, 0, NULL},
};

PyDoc_STRVAR(checksum_doc, "Running checksums.");

MOD_INIT(checksum)
{
    PyObject *m;

    if (PyType_Ready(&AdlerType) < 0)
        return MOD_ERROR_VAL;

    MOD_DEF(m, "checksum", checksum_doc, checksum_methods)
    if (m == NULL)
        return MOD_ERROR_VAL;

    ChecksumError = PyErr_NewException("checksum.ChecksumError", NULL, NULL);
    if (ChecksumError == NULL)
        return MOD_ERROR_VAL;
    Py_INCREF(ChecksumError);
    if (PyModule_AddObject(m, "ChecksumError", ChecksumError) < 0)
        return MOD_ERROR_VAL;
    Py_INCREF(&AdlerType);
    if (PyModule_AddObject(m, "Adler32", (PyObject *)&AdlerType) < 0)
        return MOD_ERROR_VAL;
    return MOD_SUCCESS_VAL(m);
}
