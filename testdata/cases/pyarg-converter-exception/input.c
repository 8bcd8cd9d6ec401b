/* Packing settings checked by PyArg "O&" converters that raise the module's own exception. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef enum { PACK_FAST = 0, PACK_SMALL = 1, PACK_RAW = 2 } pack_mode;

static PyObject *PackError;

typedef struct {
    PyObject_HEAD
    pack_mode mode;
    int level;
} PackerObject;

static int mode_converter(PyObject *o, pack_mode *mode) {
  long v;

  if (!PyLong_Check(o)) {
    PyErr_SetString(PackError, "mode must be an int");
    return 0;
  }
  v = PyLong_AsLong(o);
  if (v != PACK_FAST && v != PACK_SMALL && v != PACK_RAW) {
    PyErr_Format(PackError, "unknown mode %ld", v);
    return 0;
  }
  *mode = (pack_mode)v;
  return 1;
}

static int level_converter(PyObject *o, int *level) {
  long v = PyLong_AsLong(o);

  if (v == -1 && PyErr_Occurred()) {
    return 0;
  }
  if (v < 0 || v > 9) {
    PyErr_Format(PackError, "level %ld is out of range 0..9", v);
    return 0;
  }
  *level = (int)v;
  return 1;
}

/* Holds a reference to the label until the parse is over; released again if a later argument fails. */
static int label_converter(PyObject *o, PyObject **label) {
  if (o == NULL) {
    Py_CLEAR(*label);
    return 1;
  }
  if (!PyUnicode_Check(o) || PyUnicode_GetLength(o) == 0) {
    PyErr_SetString(PackError, "label must be a non-empty str");
    return 0;
  }
  Py_INCREF(o);
  *label = o;
  return Py_CLEANUP_SUPPORTED;
}

static int Packer_init(PackerObject *self, PyObject *args, PyObject *kwds) {
  static char *kwlist[] = {"mode", "level", NULL};
  pack_mode mode = PACK_FAST;
  int level = 6;

  if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O&O&:Packer", kwlist,
                                   &mode_converter, &mode,
                                   &level_converter, &level)) {
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

static PyTypeObject PackerType = {
  PyVarObject_HEAD_INIT(NULL, 0)
  .tp_name = "packset.Packer",
  .tp_basicsize = sizeof(PackerObject),
  .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
  .tp_doc = "Packing settings.",
  .tp_methods = Packer_methods,
  .tp_init = (initproc)Packer_init,
  .tp_new = PyType_GenericNew,
};

/* tag(label, level): label and level as a str, label first. */
static PyObject *packset_tag(PyObject *module, PyObject *args) {
  PyObject *label = NULL;
  int level = 0;
  PyObject *res;

  if (!PyArg_ParseTuple(args, "O&O&:tag", label_converter, &label, level_converter, &level)) {
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

static struct PyModuleDef packset_module = {
  PyModuleDef_HEAD_INIT,
  "packset",
  "Packing settings.",
  -1,
  packset_methods
};

PyMODINIT_FUNC PyInit_packset(void) {
  PyObject *m;

  if (PyType_Ready(&PackerType) < 0) {
    return NULL;
  }
  m = PyModule_Create(&packset_module);
  if (m == NULL) {
    return NULL;
  }
  PackError = PyErr_NewException("packset.PackError", NULL, NULL);
  if (PackError == NULL) {
    Py_DECREF(m);
    return NULL;
  }
  Py_INCREF(PackError);
  if (PyModule_AddObject(m, "PackError", PackError) < 0) {
    Py_DECREF(PackError);
    Py_DECREF(m);
    return NULL;
  }
  Py_INCREF(&PackerType);
  if (PyModule_AddObject(m, "Packer", (PyObject *)&PackerType) < 0) {
    Py_DECREF(&PackerType);
    Py_DECREF(m);
    return NULL;
  }
  return m;
}
