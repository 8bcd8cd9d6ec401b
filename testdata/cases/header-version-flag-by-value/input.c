/* A callable type whose positional initializer, flags and struct pick
 * vectorcall by a project header's flag used by value
 * (`#if FAST_USE_VECTORCALL`, `#if A && !B`, `#elif C`). */
#include <Python.h>
#include <stddef.h> /* offsetof */
#include "fastcompat.h"

typedef struct {
    PyObject_HEAD
    PyObject *func;
#if FAST_USE_VECTORCALL
    vectorcallfunc vectorcall;
#endif
} CallerObject;

#if FAST_USE_VECTORCALL
static PyObject *caller_vectorcall(PyObject *obj, PyObject *const *args,
                                   size_t nargsf, PyObject *kwnames);
#endif

static PyObject *
caller_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    CallerObject *self;
    PyObject *func;
    if (!PyArg_ParseTuple(args, "O:Caller", &func))
        return NULL;
    self = (CallerObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(func);
    self->func = func;
#if FAST_USE_VECTORCALL
    self->vectorcall = caller_vectorcall;
#endif
    return (PyObject *)self;
}

static void
caller_dealloc(CallerObject *self)
{
    Py_XDECREF(self->func);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

#if FAST_USE_VECTORCALL && !FAST_USE_UNDERSCORE_VECTORCALL
static PyObject *
caller_vectorcall(PyObject *obj, PyObject *const *args, size_t nargsf,
                  PyObject *kwnames)
{
    PyObject *func = ((CallerObject *)obj)->func;
    return PyObject_Vectorcall(func, args, nargsf, kwnames);
}
#elif FAST_USE_VECTORCALL
static PyObject *
caller_vectorcall(PyObject *obj, PyObject *const *args, size_t nargsf,
                  PyObject *kwnames)
{
    PyObject *func = ((CallerObject *)obj)->func;
    return _PyObject_Vectorcall(func, args, nargsf, kwnames);
}
#else
static PyObject *
caller_call(CallerObject *self, PyObject *args, PyObject *kwargs)
{
    return PyObject_Call(self->func, args, kwargs);
}
#endif

static PyTypeObject Caller_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "fast.Caller",                     /* tp_name */
    sizeof(CallerObject),              /* tp_basicsize */
    0,                                 /* tp_itemsize */
    (destructor)caller_dealloc,        /* tp_dealloc */
#if FAST_USE_VECTORCALL
    offsetof(CallerObject, vectorcall), /* tp_vectorcall_offset */
#else
    (printfunc)0,                      /* tp_print */
#endif
    0,                                 /* tp_getattr */
    0,                                 /* tp_setattr */
    0,                                 /* tp_as_async */
    0,                                 /* tp_repr */
    0,                                 /* tp_as_number */
    0,                                 /* tp_as_sequence */
    0,                                 /* tp_as_mapping */
    0,                                 /* tp_hash */
#if FAST_USE_VECTORCALL
    (ternaryfunc)PyVectorcall_Call,    /* tp_call */
#else
    (ternaryfunc)caller_call,          /* tp_call */
#endif
    0,                                 /* tp_str */
    0,                                 /* tp_getattro */
    0,                                 /* tp_setattro */
    0,                                 /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT
#if FAST_USE_VECTORCALL
  #if FAST_USE_UNDERSCORE_VECTORCALL
        | _Py_TPFLAGS_HAVE_VECTORCALL
  #else
        | Py_TPFLAGS_HAVE_VECTORCALL
  #endif
#endif
    ,                                  /* tp_flags */
    0,                                 /* tp_doc */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    caller_new,                        /* tp_new */
};

static PyObject *
fast_implementation(PyObject *self, PyObject *unused)
{
#if FAST_PYPY
    return PyUnicode_FromString("pypy");
#else
    return PyUnicode_FromString("cpython");
#endif
}

static PyMethodDef fast_methods[] = {
    {"implementation", fast_implementation, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fast_module = {
    PyModuleDef_HEAD_INIT, "fast", NULL, -1, fast_methods};

PyMODINIT_FUNC
PyInit_fast(void)
{
    PyObject *m;
    if (PyType_Ready(&Caller_Type) < 0)
        return NULL;
    m = PyModule_Create(&fast_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Caller_Type);
    if (PyModule_AddObject(m, "Caller", (PyObject *)&Caller_Type) < 0) {
        Py_DECREF(&Caller_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
