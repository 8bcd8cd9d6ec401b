/* A callable type whose positional initializer, flags and struct pick
 * vectorcall by a project header's flag used by value
 * (`#if FAST_USE_VECTORCALL`, `#if A && !B`, `#elif C`). */
#include <Python.h>
#include "structmember.h"
#include <stddef.h> /* offsetof */
#include "fastcompat.h"
#include "pyext_isolate_compat.h"

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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_XDECREF(self->func);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
  PyTypeObject *Caller_Type; /* was: static PyTypeObject Caller_Type */
} fast_state;

static inline fast_state *
get_fast_state(PyObject *module)
{
  void *state = PyModule_GetState(module);
  assert(state != NULL);
  return (fast_state *)state;
}

static int
fast_traverse(PyObject *module, visitproc visit, void *arg)
{
  fast_state *st = get_fast_state(module);
  Py_VISIT(st->Caller_Type);
  return 0;
}

static int
fast_clear(PyObject *module)
{
  fast_state *st = get_fast_state(module);
  Py_CLEAR(st->Caller_Type);
  return 0;
}

static void
fast_free(void *module)
{
  (void)fast_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
fast_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                 PyTypeObject **type, int disallow_new)
{
  PyObject *bases = NULL;
  if (base != NULL) {
    bases = PyTuple_Pack(1, (PyObject *)base);
    if (bases == NULL)
      return -1;
  }
  *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
  Py_XDECREF(bases);
  if (*type == NULL) {
    if (!PyErr_Occurred()) {
      /* CPython (3.12, 3.13) loses the error when it cannot copy the type's
       * name */
      PyErr_NoMemory();
    }
    return -1;
  }
#if PY_VERSION_HEX < 0x030A0000
  if (disallow_new) {
    (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
  }
#else
  (void)disallow_new;
#endif
  return 0;
}

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
Caller_traverse(PyObject *self, visitproc visit, void *arg)
{
  Py_VISIT(Py_TYPE(self));
  return 0;
}

static PyMemberDef Caller_members[] = {
  {"__vectorcalloffset__", T_PYSSIZET, offsetof(CallerObject, vectorcall),
   READONLY, NULL},
  {NULL},
};

static PyType_Slot Caller_slots[] = {
  {Py_tp_dealloc, (void *)caller_dealloc},
  {Py_tp_call, (void *)PyVectorcall_Call},
  {Py_tp_traverse, (void *)Caller_traverse},
  {Py_tp_new, (void *)caller_new},
  {Py_tp_members, (void *)Caller_members},
  {0, NULL},
};

static PyType_Spec Caller_spec = {
  .name = "fast.Caller",
  .basicsize = sizeof(CallerObject),
  .itemsize = 0,
  .flags = Py_TPFLAGS_DEFAULT
#if FAST_USE_VECTORCALL
#if FAST_USE_UNDERSCORE_VECTORCALL
    | _Py_TPFLAGS_HAVE_VECTORCALL
#else
    | Py_TPFLAGS_HAVE_VECTORCALL
#endif
#endif
    | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
  .slots = Caller_slots,
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

static int fast_exec(PyObject *m);

static PyModuleDef_Slot fast_slots[] = {
  {Py_mod_exec, (void *)fast_exec},
#ifdef Py_mod_multiple_interpreters
  {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
  {0, NULL},
};

static struct PyModuleDef fast_module = {
    PyModuleDef_HEAD_INIT, "fast", NULL, sizeof(fast_state), fast_methods,
    fast_slots,
    fast_traverse,
    fast_clear,
    fast_free};

static int
fast_exec(PyObject *m)
{
    fast_state *st = get_fast_state(m);
    if (fast_create_type(m, &Caller_spec, NULL, &st->Caller_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Caller_Type);
    if (PyModule_AddObject(m, "Caller", (PyObject *)st->Caller_Type) < 0) {
        Py_DECREF(st->Caller_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_fast(void)
{
  return PyModuleDef_Init(&fast_module);
}
