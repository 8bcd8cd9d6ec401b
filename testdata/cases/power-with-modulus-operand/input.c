/* A number type whose nb_power may be called with its object as the modulus only
 * (pow(2, 10, ModInt(1000))), and that raises the module's own error. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long value;
} ModIntObject;

static PyTypeObject ModInt_Type;
static PyObject *ModError;

static long
as_long(PyObject *o, int *ok)
{
    if (PyObject_TypeCheck(o, &ModInt_Type)) {
        *ok = 1;
        return ((ModIntObject *)o)->value;
    }
    if (PyLong_Check(o)) {
        long v = PyLong_AsLong(o);
        *ok = !(v == -1 && PyErr_Occurred());
        return v;
    }
    *ok = 0;
    return 0;
}

static PyObject *
modint_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long v;
    ModIntObject *self;

    if (!PyArg_ParseTuple(args, "l", &v)) {
        return NULL;
    }
    self = (ModIntObject *)type->tp_alloc(type, 0);
    if (self != NULL) {
        self->value = v;
    }
    return (PyObject *)self;
}

static PyObject *
modint_power(PyObject *base, PyObject *exp, PyObject *mod)
{
    int ok_b, ok_e, ok_m = 1;
    long b = as_long(base, &ok_b);
    long e = as_long(exp, &ok_e);
    long m = mod == Py_None ? 0 : as_long(mod, &ok_m);
    long r = 1;

    if (!ok_b || !ok_e || !ok_m) {
        if (PyErr_Occurred()) {
            return NULL;
        }
        Py_RETURN_NOTIMPLEMENTED;
    }
    if (e < 0 || (mod != Py_None && m <= 0)) {
        PyErr_SetString(ModError, "negative exponent or modulus");
        return NULL;
    }
    while (e-- > 0) {
        r = m ? (r * b) % m : r * b;
    }
    return PyLong_FromLong(r);
}

static PyObject *
modint_int(ModIntObject *self)
{
    return PyLong_FromLong(self->value);
}

static PyNumberMethods modint_as_number = {
    .nb_power = modint_power,
    .nb_int = (unaryfunc)modint_int,
};

static PyTypeObject ModInt_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "modnum.ModInt",
    .tp_basicsize = sizeof(ModIntObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_as_number = &modint_as_number,
    .tp_new = modint_new,
};

static struct PyModuleDef modnum_module = {
    PyModuleDef_HEAD_INIT,
    "modnum",
    NULL,
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_modnum(void)
{
    PyObject *m;

    if (PyType_Ready(&ModInt_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&modnum_module);
    if (m == NULL) {
        return NULL;
    }
    ModError = PyErr_NewException("modnum.ModError", PyExc_ValueError, NULL);
    if (ModError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(ModError);
    if (PyModule_AddObject(m, "ModError", ModError) < 0) {
        Py_DECREF(ModError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&ModInt_Type);
    if (PyModule_AddObject(m, "ModInt", (PyObject *)&ModInt_Type) < 0) {
        Py_DECREF(&ModInt_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
