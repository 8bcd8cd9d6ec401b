/* Digest types declared first and defined by one definition macro each (pysha3 and CPython's
 * _sha3 write SHA3_TYPE(SHA3_224type, "_sha3.sha3_224", ...)). The tool does not expand the macro,
 * so it names it instead of calling the types "mutable C globals". */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    int bits;
} DigestObject;

static PyTypeObject Digest224type;
static PyTypeObject Digest256type;

static PyObject *
digest_bits(DigestObject *self, PyObject *noargs)
{
    return PyLong_FromLong(self->bits);
}

static PyMethodDef digest_methods[] = {
    {"bits", (PyCFunction)digest_bits, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyObject *
new_digest(PyObject *module, PyObject *arg)
{
    long bits = PyLong_AsLong(arg);
    DigestObject *d;
    if (bits == -1 && PyErr_Occurred())
        return NULL;
    d = PyObject_New(DigestObject, bits == 224 ? &Digest224type : &Digest256type);
    if (d != NULL)
        d->bits = (int)bits;
    return (PyObject *)d;
}

#define DIGEST_TYPE(type_obj, type_name, type_methods) \
    static PyTypeObject type_obj = {                   \
        PyVarObject_HEAD_INIT(NULL, 0)                 \
        .tp_name = type_name,                          \
        .tp_basicsize = sizeof(DigestObject),          \
        .tp_flags = Py_TPFLAGS_DEFAULT,                \
        .tp_methods = type_methods,                    \
    }

DIGEST_TYPE(Digest224type, "digestmod.digest224", digest_methods);
DIGEST_TYPE(Digest256type, "digestmod.digest256", digest_methods);

static PyMethodDef methods[] = {
    {"new", new_digest, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static int digestmod_exec(PyObject *module);

static PyModuleDef_Slot digestmod_slots[] = {
    {Py_mod_exec, (void *)digestmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "digestmod", NULL, 0, methods, digestmod_slots};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int digestmod_loaded_once = 0;

static int
digestmod_exec(PyObject *Py_UNUSED(module))
{
    if (digestmod_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "digestmod cannot be loaded more than once per process");
        return -1;
    }
    if (PyType_Ready(&Digest224type) < 0 || PyType_Ready(&Digest256type) < 0)
        return -1;
    digestmod_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_digestmod(void)
{
    return PyModuleDef_Init(&def);
}
