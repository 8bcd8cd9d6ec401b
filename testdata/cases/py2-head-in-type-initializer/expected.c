/* Types written for Python 2 and 3 at once: the head of each positional initializer is chosen by a
 * version #if (brotli, pycurl and pycosat write it this way). No supported version compiles the
 * Python 2 branch. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#if PY_MAJOR_VERSION >= 3
#define IS_PY3K
#endif

typedef struct {
    PyObject_HEAD
    int level;
} CompressorObject;

typedef struct {
    PyObject_HEAD
    long count;
} CounterObject;

static PyObject *
compressor_level(CompressorObject *self, PyObject *noargs)
{
    return PyLong_FromLong(self->level);
}

static int
compressor_init(CompressorObject *self, PyObject *args, PyObject *kwds)
{
    self->level = 11;
    if (!PyArg_ParseTuple(args, "|i", &self->level))
        return -1;
    return 0;
}

static PyMethodDef compressor_methods[] = {
    {"level", (PyCFunction)compressor_level, METH_NOARGS, NULL},
    {NULL}
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
  PyTypeObject *CompressorType; /* was: static PyTypeObject CompressorType */
  PyTypeObject *CounterType;    /* was: static PyTypeObject CounterType */
} brmod_state;

static inline brmod_state *
get_brmod_state(PyObject *module)
{
  void *state = PyModule_GetState(module);
  assert(state != NULL);
  return (brmod_state *)state;
}

static int
brmod_traverse(PyObject *module, visitproc visit, void *arg)
{
  brmod_state *st = get_brmod_state(module);
  Py_VISIT(st->CompressorType);
  Py_VISIT(st->CounterType);
  return 0;
}

static int
brmod_clear(PyObject *module)
{
  brmod_state *st = get_brmod_state(module);
  Py_CLEAR(st->CompressorType);
  Py_CLEAR(st->CounterType);
  return 0;
}

static void
brmod_free(void *module)
{
  (void)brmod_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
brmod_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                  int disallow_new)
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
      /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Compressor_traverse(PyObject *self, visitproc visit, void *arg)
{
  Py_VISIT(Py_TYPE(self));
  return 0;
}

static PyType_Slot Compressor_slots[] = {
  {Py_tp_traverse, (void *)Compressor_traverse},
  {Py_tp_methods, (void *)compressor_methods},
  {Py_tp_init, (void *)compressor_init},
  {Py_tp_new, (void *)PyType_GenericNew},
  {0, NULL},
};

static PyType_Spec Compressor_spec = {
  .name = "brmod.Compressor",
  .basicsize = sizeof(CompressorObject),
  .itemsize = 0,
  .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
  .slots = Compressor_slots,
};

static PyObject *
counter_next(CounterObject *self)
{
    if (self->count >= 3)
        return NULL;
    return PyLong_FromLong(self->count++);
}

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Counter_traverse(PyObject *self, visitproc visit, void *arg)
{
  Py_VISIT(Py_TYPE(self));
  return 0;
}

static PyType_Slot Counter_slots[] = {
  {Py_tp_traverse, (void *)Counter_traverse},
  {Py_tp_iter, (void *)PyObject_SelfIter},
  {Py_tp_iternext, (void *)counter_next},
  {Py_tp_new, (void *)PyType_GenericNew},
  {0, NULL},
};

static PyType_Spec Counter_spec = {
  .name = "brmod.Counter",
  .basicsize = sizeof(CounterObject),
  .itemsize = 0,
  .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
  .slots = Counter_slots,
};

static int brmod_exec(PyObject *m);

static PyModuleDef_Slot brmod_slots[] = {
  {Py_mod_exec, (void *)brmod_exec},
#ifdef Py_mod_multiple_interpreters
  {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
  {0, NULL},
};

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "brmod", NULL, sizeof(brmod_state), NULL, brmod_slots, brmod_traverse, brmod_clear, brmod_free};

static int
brmod_exec(PyObject *m)
{
    brmod_state *st = get_brmod_state(m);
    if (brmod_create_type(m, &Compressor_spec, NULL, &st->CompressorType, 0) < 0)
        return -1;
    if (brmod_create_type(m, &Counter_spec, NULL, &st->CounterType, 0) < 0)
        return -1;
    Py_INCREF(st->CompressorType);
    PyModule_AddObject(m, "Compressor", (PyObject *)st->CompressorType);
    Py_INCREF(st->CounterType);
    PyModule_AddObject(m, "Counter", (PyObject *)st->CounterType);
    return 0;
}

PyMODINIT_FUNC
PyInit_brmod(void)
{
  return PyModuleDef_Init(&def);
}
