/* Packing settings checked by PyArg "O&" converters that raise the module's own exception. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef enum { PACK_FAST = 0, PACK_SMALL = 1, PACK_RAW = 2 } pack_mode;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
  PyObject *PackError;      /* was: static PyObject *PackError */
  PyTypeObject *PackerType; /* was: static PyTypeObject PackerType */
} packset_state;

static struct PyModuleDef packset_module;

static inline packset_state *get_packset_state(PyObject *module) {
  void *state = PyModule_GetState(module);
  assert(state != NULL);
  return (packset_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline packset_state *packset_get_state_by_type(PyTypeObject *type) {
  PyObject *module = PyType_GetModuleByDef(type, &packset_module);
  return module == NULL ? NULL : get_packset_state(module);
}

static int packset_traverse(PyObject *module, visitproc visit, void *arg) {
  packset_state *st = get_packset_state(module);
  Py_VISIT(st->PackError);
  Py_VISIT(st->PackerType);
  return 0;
}

static int packset_clear(PyObject *module) {
  packset_state *st = get_packset_state(module);
  Py_CLEAR(st->PackError);
  Py_CLEAR(st->PackerType);
  return 0;
}

static void packset_free(void *module) {
  (void)packset_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int packset_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                               PyTypeObject **type, int disallow_new) {
  PyObject *bases = NULL;
  if (base != NULL) {
    bases = PyTuple_Pack(1, (PyObject *)base);
    if (bases == NULL) {
      return -1;
    }
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
    pack_mode mode;
    int level;
} PackerObject;

/* The state of `self`, a PackerObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline packset_state *packset_get_state_of_PackerObject(PackerObject *self) {
  if (self->module_state == NULL) {
    self->module_state = packset_get_state_by_type(Py_TYPE(self));
  }
  return (packset_state *)self->module_state;
}

static int mode_converter(packset_state *st, PyObject *o, pack_mode *mode) {
  long v;

  if (!PyLong_Check(o)) {
    PyErr_SetString(st->PackError, "mode must be an int");
    return 0;
  }
  v = PyLong_AsLong(o);
  if (v != PACK_FAST && v != PACK_SMALL && v != PACK_RAW) {
    PyErr_Format(st->PackError, "unknown mode %ld", v);
    return 0;
  }
  *mode = (pack_mode)v;
  return 1;
}

/* The argument parser calls mode_converter() through this, with the state (pyext-isolate). */
typedef struct {
  packset_state *st;
  pack_mode *out;
} mode_converter_arg;

static int mode_converter_with_state(PyObject *o, void *arg) {
  mode_converter_arg *a = (mode_converter_arg *)arg;
  return mode_converter(a->st, o, a->out);
}

static int level_converter(packset_state *st, PyObject *o, int *level) {
  long v = PyLong_AsLong(o);

  if (v == -1 && PyErr_Occurred()) {
    return 0;
  }
  if (v < 0 || v > 9) {
    PyErr_Format(st->PackError, "level %ld is out of range 0..9", v);
    return 0;
  }
  *level = (int)v;
  return 1;
}

/* The argument parser calls level_converter() through this, with the state (pyext-isolate). */
typedef struct {
  packset_state *st;
  int *out;
} level_converter_arg;

static int level_converter_with_state(PyObject *o, void *arg) {
  level_converter_arg *a = (level_converter_arg *)arg;
  return level_converter(a->st, o, a->out);
}

/* Holds a reference to the label until the parse is over; released again if a later argument fails. */
static int label_converter(packset_state *st, PyObject *o, PyObject **label) {
  if (o == NULL) {
    Py_CLEAR(*label);
    return 1;
  }
  if (!PyUnicode_Check(o) || PyUnicode_GetLength(o) == 0) {
    PyErr_SetString(st->PackError, "label must be a non-empty str");
    return 0;
  }
  Py_INCREF(o);
  *label = o;
  return Py_CLEANUP_SUPPORTED;
}

/* The argument parser calls label_converter() through this, with the state (pyext-isolate). */
typedef struct {
  packset_state *st;
  PyObject **out;
} label_converter_arg;

static int label_converter_with_state(PyObject *o, void *arg) {
  label_converter_arg *a = (label_converter_arg *)arg;
  return label_converter(a->st, o, a->out);
}

static int Packer_init(PackerObject *self, PyObject *args, PyObject *kwds) {
  packset_state *st = packset_get_state_of_PackerObject(self);
  static char *kwlist[] = {"mode", "level", NULL};
  pack_mode mode = PACK_FAST;
  int level = 6;

  if (st == NULL) {
    return -1;
  }
  if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O&O&:Packer", kwlist,
                                   &mode_converter_with_state, &(mode_converter_arg){st, &mode},
                                   &level_converter_with_state, &(level_converter_arg){st, &level})) {
    return -1;
  }
  self->mode = mode;
  self->level = level;
  return 0;
}

static PyObject *Packer_settings(PackerObject *self, PyObject *Py_UNUSED(ignored)) {
  return Py_BuildValue("(ii)", (int)self->mode, self->level);
}

static PyMethodDef Packer_methods[] = {
  {"settings", (PyCFunction)Packer_settings, METH_NOARGS, "Return (mode, level)."},
  {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int Packer_traverse(PyObject *self, visitproc visit, void *arg) {
  Py_VISIT(Py_TYPE(self));
  return 0;
}

static PyType_Slot Packer_slots[] = {
  {Py_tp_doc, (void *)"Packing settings."},
  {Py_tp_traverse, (void *)Packer_traverse},
  {Py_tp_methods, (void *)Packer_methods},
  {Py_tp_init, (void *)Packer_init},
  {Py_tp_new, (void *)PyType_GenericNew},
  {0, NULL},
};

static PyType_Spec Packer_spec = {
  .name = "packset.Packer",
  .basicsize = sizeof(PackerObject),
  .itemsize = 0,
  .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
           Py_TPFLAGS_IMMUTABLETYPE,
  .slots = Packer_slots,
};

/* tag(label, level): label and level as a str, label first. */
static PyObject *packset_tag(PyObject *module, PyObject *args) {
  packset_state *st = get_packset_state(module);
  PyObject *label = NULL;
  int level = 0;
  PyObject *res;

  if (!PyArg_ParseTuple(args, "O&O&:tag", label_converter_with_state, &(label_converter_arg){st, &label}, level_converter_with_state, &(level_converter_arg){st, &level})) {
    return NULL;
  }
  res = PyUnicode_FromFormat("%U:%d", label, level);
  Py_DECREF(label);
  return res;
}

static PyMethodDef packset_methods[] = {
  {"tag", packset_tag, METH_VARARGS, "Format a label with a level."},
  {NULL, NULL, 0, NULL}
};

static int packset_exec(PyObject *m);

static PyModuleDef_Slot packset_slots[] = {
  {Py_mod_exec, (void *)packset_exec},
#ifdef Py_mod_multiple_interpreters
  {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
  {0, NULL},
};

static struct PyModuleDef packset_module = {
  PyModuleDef_HEAD_INIT,
  "packset",
  "Packing settings.",
  sizeof(packset_state),
  packset_methods,
  packset_slots,
  packset_traverse,
  packset_clear,
  packset_free
};

static int packset_exec(PyObject *m) {
  packset_state *st = get_packset_state(m);

  if (packset_create_type(m, &Packer_spec, NULL, &st->PackerType, 0) < 0) {
    return -1;
  }
  st->PackError = PyErr_NewException("packset.PackError", NULL, NULL);
  if (st->PackError == NULL) {
    return -1;
  }
  Py_INCREF(st->PackError);
  if (PyModule_AddObject(m, "PackError", st->PackError) < 0) {
    Py_DECREF(st->PackError);
    return -1;
  }
  Py_INCREF(st->PackerType);
  if (PyModule_AddObject(m, "Packer", (PyObject *)st->PackerType) < 0) {
    Py_DECREF(st->PackerType);
    return -1;
  }
  return 0;
}

PyMODINIT_FUNC PyInit_packset(void) {
  return PyModuleDef_Init(&packset_module);
}
