/* A module that still builds for Python 2 and 3 names every step of its init through argument-less
 * macros of its own: the init function (INIT_RLE), the creation of the module (CREATE_RLE, an
 * object-like macro around PyModule_Create) and both returns (RETURN_RLE, RETURN_ERROR). */
#define PY_SSIZE_T_CLEAN 1
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
  PyObject *RleError;        /* was: static PyObject *RleError */
  PyTypeObject *EncoderType; /* was: static PyTypeObject EncoderType */
} rle_state;

static inline rle_state *
get_rle_state(PyObject *module)
{
  void *state = PyModule_GetState(module);
  assert(state != NULL);
  return (rle_state *)state;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline rle_state *
rle_get_state_of_type(PyTypeObject *type)
{
  void *state = PyType_GetModuleState(type);
  assert(state != NULL);
  return (rle_state *)state;
}

static int
rle_traverse(PyObject *module, visitproc visit, void *arg)
{
  rle_state *st = get_rle_state(module);
  Py_VISIT(st->RleError);
  Py_VISIT(st->EncoderType);
  return 0;
}

static int
rle_clear(PyObject *module)
{
  rle_state *st = get_rle_state(module);
  Py_CLEAR(st->RleError);
  Py_CLEAR(st->EncoderType);
  return 0;
}

static void
rle_free(void *module)
{
  (void)rle_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
rle_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                int disallow_new)
{
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
  PyObject *pending;
  Py_ssize_t runs;
} EncoderObject;

static PyObject *
rle_run_length_encode(const char *data, Py_ssize_t size, Py_ssize_t *runs)
{
  PyObject *out = PyBytes_FromStringAndSize(NULL, size * 2);
  char *dst;
  Py_ssize_t i = 0, n = 0;

  if (out == NULL) {
    return NULL;
  }
  dst = PyBytes_AS_STRING(out);
  while (i < size) {
    Py_ssize_t j = i;
    while (j < size && data[j] == data[i] && j - i < 255) {
      j++;
    }
    dst[n++] = (char)(j - i);
    dst[n++] = data[i];
    (*runs)++;
    i = j;
  }
  if (_PyBytes_Resize(&out, n) < 0) {
    return NULL;
  }
  return out;
}

static PyObject *
Encoder_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
  EncoderObject *self = (EncoderObject *)type->tp_alloc(type, 0);
  if (self == NULL) {
    return NULL;
  }
  self->pending = PyBytes_FromStringAndSize(NULL, 0);
  if (self->pending == NULL) {
    Py_DECREF(self);
    return NULL;
  }
  self->runs = 0;
  return (PyObject *)self;
}

static void
Encoder_dealloc(EncoderObject *self)
{
  PyTypeObject *tp = Py_TYPE(self);
  PyObject_GC_UnTrack(self);
  Py_XDECREF(self->pending);
  Py_TYPE(self)->tp_free((PyObject *)self);
  Py_DECREF(tp);
}

static PyObject *
Encoder_feed(EncoderObject *self, PyObject *arg)
{
  if (!PyBytes_Check(arg)) {
    rle_state *st = rle_get_state_of_type(Py_TYPE(self));
    PyErr_SetString(st->RleError, "Encoder.feed() takes bytes");
    return NULL;
  }
  PyBytes_Concat(&self->pending, arg);
  if (self->pending == NULL) {
    return NULL;
  }
  Py_RETURN_NONE;
}

static PyObject *
Encoder_finish(EncoderObject *self, PyObject *Py_UNUSED(ignored))
{
  return rle_run_length_encode(PyBytes_AS_STRING(self->pending),
                               PyBytes_GET_SIZE(self->pending), &self->runs);
}

static PyObject *
Encoder_get_runs(EncoderObject *self, void *closure)
{
  return PyLong_FromSsize_t(self->runs);
}

static PyMethodDef Encoder_methods[] = {
  {"feed", (PyCFunction)Encoder_feed, METH_O, "Add bytes to encode."},
  {"finish", (PyCFunction)Encoder_finish, METH_NOARGS, "Encode what was fed."},
  {NULL, NULL, 0, NULL}
};

static PyGetSetDef Encoder_getset[] = {
  {"runs", (getter)Encoder_get_runs, NULL, "Runs written so far.", NULL},
  {NULL, NULL, NULL, NULL, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Encoder_traverse(PyObject *self, visitproc visit, void *arg)
{
  Py_VISIT(Py_TYPE(self));
  return 0;
}

static PyType_Slot Encoder_slots[] = {
  {Py_tp_dealloc, (void *)Encoder_dealloc},
  {Py_tp_doc, (void *)"Incremental run-length encoder."},
  {Py_tp_traverse, (void *)Encoder_traverse},
  {Py_tp_methods, (void *)Encoder_methods},
  {Py_tp_getset, (void *)Encoder_getset},
  {Py_tp_new, (void *)Encoder_new},
  {0, NULL},
};

static PyType_Spec Encoder_spec = {
  .name = "rle.Encoder",
  .basicsize = sizeof(EncoderObject),
  .itemsize = 0,
  .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
  .slots = Encoder_slots,
};

static PyObject *
rle_decode(PyObject *self, PyObject *arg)
{
  const char *src;
  Py_ssize_t size, i, total = 0;
  PyObject *out;
  char *dst;

  if (!PyBytes_Check(arg)) {
    rle_state *st = get_rle_state(self);
    PyErr_SetString(st->RleError, "decode() takes bytes");
    return NULL;
  }
  src = PyBytes_AS_STRING(arg);
  size = PyBytes_GET_SIZE(arg);
  if (size % 2 != 0) {
    rle_state *st = get_rle_state(self);
    PyErr_SetString(st->RleError, "truncated run-length data");
    return NULL;
  }
  for (i = 0; i < size; i += 2) {
    total += (unsigned char)src[i];
  }
  out = PyBytes_FromStringAndSize(NULL, total);
  if (out == NULL) {
    return NULL;
  }
  dst = PyBytes_AS_STRING(out);
  for (i = 0; i < size; i += 2) {
    memset(dst, src[i + 1], (unsigned char)src[i]);
    dst += (unsigned char)src[i];
  }
  return out;
}

static PyMethodDef rle_methods[] = {
  {"decode", rle_decode, METH_O, "Decode run-length encoded bytes."},
  {NULL, NULL, 0, NULL}
};

PyDoc_STRVAR(rle_doc, "Run-length encoding.");

#if PY_MAJOR_VERSION >= 3
#define INIT_RLE      PyInit_rle
#define CREATE_RLE    PyModule_Create(&rle_module)
#define RETURN_RLE    return m
#define RETURN_ERROR  return -1

static int rle_exec(PyObject *m);

static PyModuleDef_Slot rle_slots[] = {
  {Py_mod_exec, (void *)rle_exec},
#ifdef Py_mod_multiple_interpreters
  {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
  {0, NULL},
};

static struct PyModuleDef rle_module = {
  PyModuleDef_HEAD_INIT,
  "rle",          /* m_name */
  rle_doc,        /* m_doc */
  sizeof(rle_state), /* m_size */
  rle_methods,    /* m_methods */
  rle_slots,      /* m_slots */
  rle_traverse,   /* m_traverse */
  rle_clear,      /* m_clear */
  rle_free        /* m_free */
};
#else
#define INIT_RLE      initrle
#define CREATE_RLE    Py_InitModule3("rle", rle_methods, rle_doc)
#define RETURN_RLE    return
#define RETURN_ERROR  return
#endif

static int rle_exec(PyObject *m) {
  rle_state *st = get_rle_state(m);

  st->RleError = PyErr_NewException("rle.Error", NULL, NULL);
  if (st->RleError == NULL) {
    goto fail;
  }
  Py_INCREF(st->RleError);
  if (PyModule_AddObject(m, "Error", st->RleError) < 0) {
    Py_DECREF(st->RleError);
    goto fail;
  }

  if (rle_create_type(m, &Encoder_spec, NULL, &st->EncoderType, 0) < 0) {
    goto fail;
  }
  Py_INCREF(st->EncoderType);
  if (PyModule_AddObject(m, "Encoder", (PyObject *)st->EncoderType) < 0) {
    Py_DECREF(st->EncoderType);
    goto fail;
  }

  if (PyModule_AddIntConstant(m, "MAX_RUN", 255) < 0) {
    goto fail;
  }
  return 0;

fail:
  RETURN_ERROR;
}

PyMODINIT_FUNC
INIT_RLE(void)
{
  return PyModuleDef_Init(&rle_module);
}
