/* _levels: log levels and a threshold filter. Once built for Python 2 and 3: the init function's
 * whole header is a macro, and so is the creation of the module. */
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
  PyObject *LevelError;     /* was: static PyObject *LevelError */
  PyTypeObject *FilterType; /* was: static PyTypeObject FilterType */
} _levels_state;

static struct PyModuleDef levels_module;

static inline _levels_state *
get__levels_state(PyObject *module)
{
  void *state = PyModule_GetState(module);
  assert(state != NULL);
  return (_levels_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline _levels_state *
_levels_get_state_by_type(PyTypeObject *type)
{
  PyObject *module = PyType_GetModuleByDef(type, &levels_module);
  return module == NULL ? NULL : get__levels_state(module);
}

static int
_levels_traverse(PyObject *module, visitproc visit, void *arg)
{
  _levels_state *st = get__levels_state(module);
  Py_VISIT(st->LevelError);
  Py_VISIT(st->FilterType);
  return 0;
}

static int
_levels_clear(PyObject *module)
{
  _levels_state *st = get__levels_state(module);
  Py_CLEAR(st->LevelError);
  Py_CLEAR(st->FilterType);
  return 0;
}

static void
_levels_free(void *module)
{
  (void)_levels_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
_levels_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    int threshold;
} FilterObject;

/* The state of `self`, a FilterObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline _levels_state *
_levels_get_state_of_FilterObject(FilterObject *self)
{
  if (self->module_state == NULL)
    self->module_state = _levels_get_state_by_type(Py_TYPE(self));
  return (_levels_state *)self->module_state;
}

static int
Filter_init(FilterObject *self, PyObject *args, PyObject *kwds)
{
    int threshold = 0;

    if (!PyArg_ParseTuple(args, "|i", &threshold))
        return -1;
    if (threshold < 0 || threshold > 50) {
        _levels_state *st = _levels_get_state_of_FilterObject(self);
        if (st == NULL)
          return -1;
        PyErr_Format(st->LevelError, "no level %d", threshold);
        return -1;
    }
    self->threshold = threshold;
    return 0;
}

static PyObject *
Filter_passes(FilterObject *self, PyObject *arg)
{
    long level = PyLong_AsLong(arg);

    if (level == -1 && PyErr_Occurred())
        return NULL;
    return PyBool_FromLong(level >= self->threshold);
}

static PyMethodDef Filter_methods[] = {
    {"passes", (PyCFunction)Filter_passes, METH_O, "Whether a record of this level passes."},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Filter_traverse(PyObject *self, visitproc visit, void *arg)
{
  Py_VISIT(Py_TYPE(self));
  return 0;
}

static PyType_Slot Filter_slots[] = {
  {Py_tp_doc, (void *)"Passes records at or above a level."},
  {Py_tp_traverse, (void *)Filter_traverse},
  {Py_tp_methods, (void *)Filter_methods},
  {Py_tp_init, (void *)Filter_init},
  {Py_tp_new, (void *)PyType_GenericNew},
  {0, NULL},
};

static PyType_Spec Filter_spec = {
  .name = "_levels.Filter",
  .basicsize = sizeof(FilterObject),
  .itemsize = 0,
  .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
           Py_TPFLAGS_IMMUTABLETYPE,
  .slots = Filter_slots,
};

static PyObject *
levels_check(PyObject *self, PyObject *arg)
{
    long level = PyLong_AsLong(arg);

    if (level == -1 && PyErr_Occurred())
        return NULL;
    if (level % 10 != 0 || level < 0 || level > 50) {
        _levels_state *st = get__levels_state(self);
        PyErr_Format(st->LevelError, "no level %ld", level);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef LevelsMethods[] = {
    {"check", levels_check, METH_O, "Raise LevelError unless the level is a known one."},
    {NULL, NULL, 0, NULL}
};

#if PY_MAJOR_VERSION >= 3
  #define LEVELS_INIT_ERROR NULL
static int _levels_exec(PyObject *m);

static PyModuleDef_Slot _levels_slots[] = {
  {Py_mod_exec, (void *)_levels_exec},
#ifdef Py_mod_multiple_interpreters
  {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
  {0, NULL},
};

  static struct PyModuleDef levels_module = {
    PyModuleDef_HEAD_INIT,
    "_levels",
    NULL,
    sizeof(_levels_state),
    LevelsMethods,
    _levels_slots,
    _levels_traverse,
    _levels_clear,
    _levels_free
  };

  #define LEVELS_PROTOTYPE_HEADER PyObject * PyInit__levels (void)
  #define LEVELS_MODULE_CREATOR PyModule_Create (&levels_module)
#else
  #define LEVELS_INIT_ERROR
  #define LEVELS_PROTOTYPE_HEADER void init_levels (void)
  #define LEVELS_MODULE_CREATOR Py_InitModule ("_levels", LevelsMethods)
#endif

static int
_levels_exec(PyObject *m)
{
  _levels_state *st = get__levels_state(m);

  if (_levels_create_type(m, &Filter_spec, NULL, &st->FilterType, 0) < 0)
    return -1;
  Py_INCREF (st->FilterType);
  PyModule_AddObject (m, "Filter", (PyObject *) st->FilterType);

  PyModule_AddIntConstant (m, "DEBUG", 10);
  PyModule_AddIntConstant (m, "ERROR", 40);

  st->LevelError = PyErr_NewException ("_levels.LevelError", PyExc_ValueError, NULL);
  Py_INCREF (st->LevelError);
  PyModule_AddObject (m, "LevelError", st->LevelError);

#if PY_MAJOR_VERSION >= 3
  return 0;
#endif
}

LEVELS_PROTOTYPE_HEADER
{
  return PyModuleDef_Init(&levels_module);
}
