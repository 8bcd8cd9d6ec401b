/* A transparent wrapper: arithmetic on a Wrapper forwards to the wrapped object.
 * The number slots are written once, as macros expanded per operator. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    PyObject *target;
} WrapperObject;

static PyTypeObject WrapperType;

#define Wrapper_Check(op) PyObject_TypeCheck((op), &WrapperType)
#define Wrapper_TARGET(op) (((WrapperObject *)(op))->target)

static PyObject *
Wrapper_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *target;
    WrapperObject *self;

    if (!PyArg_ParseTuple(args, "O:Wrapper", &target))
        return NULL;
    self = (WrapperObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(target);
    self->target = target;
    return (PyObject *)self;
}

static int
Wrapper_traverse(WrapperObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->target);
    return 0;
}

static int
Wrapper_clear(WrapperObject *self)
{
    Py_CLEAR(self->target);
    return 0;
}

static void
Wrapper_dealloc(WrapperObject *self)
{
    PyObject_GC_UnTrack(self);
    Wrapper_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Unwrap whichever operand is a Wrapper and apply the operation. */
static PyObject *
forward2(PyObject *left, PyObject *right, binaryfunc op)
{
    if (Wrapper_Check(left))
        return op(Wrapper_TARGET(left), right);
    if (Wrapper_Check(right))
        return op(left, Wrapper_TARGET(right));
    Py_RETURN_NOTIMPLEMENTED;
}

static PyObject *
forward2_inplace(PyObject *self, PyObject *other, binaryfunc op)
{
    PyObject *result = op(Wrapper_TARGET(self), other);

    if (result == Wrapper_TARGET(self)) {
        /* really done in place: keep the wrapper */
        Py_DECREF(result);
        Py_INCREF(self);
        return self;
    }
    return result;
}

#define WRAP_BINARY(NAME, OP) \
    static PyObject *wrap_##NAME(PyObject *left, PyObject *right) \
    { return forward2(left, right, OP); }

#define WRAP_INPLACE(NAME, OP) \
    static PyObject *wrap_i##NAME(PyObject *self, PyObject *other) \
    { return forward2_inplace(self, other, OP); }

#define WRAP_UNARY(NAME, OP) \
    static PyObject *wrap_##NAME(PyObject *self) \
    { return OP(Wrapper_TARGET(self)); }

WRAP_BINARY(add, PyNumber_Add)
WRAP_BINARY(sub, PyNumber_Subtract)
WRAP_BINARY(mul, PyNumber_Multiply)

WRAP_INPLACE(add, PyNumber_InPlaceAdd)
WRAP_INPLACE(sub, PyNumber_InPlaceSubtract)

WRAP_UNARY(neg, PyNumber_Negative)
WRAP_UNARY(abs, PyNumber_Absolute)

static PyNumberMethods Wrapper_as_number = {
    .nb_add = wrap_add,
    .nb_subtract = wrap_sub,
    .nb_multiply = wrap_mul,
    .nb_negative = wrap_neg,
    .nb_absolute = wrap_abs,
    .nb_inplace_add = wrap_iadd,
    .nb_inplace_subtract = wrap_isub,
};

static PyObject *
Wrapper_unwrap(WrapperObject *self, PyObject *Py_UNUSED(ignored))
{
    Py_INCREF(self->target);
    return self->target;
}

static PyMethodDef Wrapper_methods[] = {
    {"unwrap", (PyCFunction)Wrapper_unwrap, METH_NOARGS, "Return the wrapped object."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject WrapperType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "wrapops.Wrapper",
    .tp_basicsize = sizeof(WrapperObject),
    .tp_dealloc = (destructor)Wrapper_dealloc,
    .tp_as_number = &Wrapper_as_number,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Forward arithmetic to a wrapped object.",
    .tp_traverse = (traverseproc)Wrapper_traverse,
    .tp_clear = (inquiry)Wrapper_clear,
    .tp_methods = Wrapper_methods,
    .tp_new = Wrapper_new,
};

static PyObject *
wrapops_is_wrapper(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(Wrapper_Check(obj));
}

static PyMethodDef wrapops_methods[] = {
    {"is_wrapper", wrapops_is_wrapper, METH_O, "Whether obj is a Wrapper."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef wrapopsmodule = {
    PyModuleDef_HEAD_INIT,
    "wrapops",
    "Wrappers that forward arithmetic.",
    -1,
    wrapops_methods,
};

PyMODINIT_FUNC
PyInit_wrapops(void)
{
    PyObject *m;

    if (PyType_Ready(&WrapperType) < 0)
        return NULL;
    m = PyModule_Create(&wrapopsmodule);
    if (m == NULL)
        return NULL;
    Py_INCREF(&WrapperType);
    if (PyModule_AddObject(m, "Wrapper", (PyObject *)&WrapperType) < 0) {
        Py_DECREF(&WrapperType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
