/* A module that still builds for Python 2 and 3 names every step of its init through argument-less
 * macros of its own: the init function (INIT_RLE), the creation of the module (CREATE_RLE, an
 * object-like macro around PyModule_Create) and both returns (RETURN_RLE, RETURN_ERROR). */
#define PY_SSIZE_T_CLEAN 1
#include <Python.h>

static PyObject *RleError;

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
  Py_XDECREF(self->pending);
  Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Encoder_feed(EncoderObject *self, PyObject *arg)
{
  if (!PyBytes_Check(arg)) {
    PyErr_SetString(RleError, "Encoder.feed() takes bytes");
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

static PyTypeObject EncoderType = {
  PyVarObject_HEAD_INIT(NULL, 0)
  "rle.Encoder",                  /* tp_name */
  sizeof(EncoderObject),          /* tp_basicsize */
  0,                              /* tp_itemsize */
  (destructor)Encoder_dealloc,    /* tp_dealloc */
  0,                              /* tp_vectorcall_offset */
  0,                              /* tp_getattr */
  0,                              /* tp_setattr */
  0,                              /* tp_as_async */
  0,                              /* tp_repr */
  0,                              /* tp_as_number */
  0,                              /* tp_as_sequence */
  0,                              /* tp_as_mapping */
  0,                              /* tp_hash */
  0,                              /* tp_call */
  0,                              /* tp_str */
  0,                              /* tp_getattro */
  0,                              /* tp_setattro */
  0,                              /* tp_as_buffer */
  Py_TPFLAGS_DEFAULT,             /* tp_flags */
  "Incremental run-length encoder.", /* tp_doc */
  0,                              /* tp_traverse */
  0,                              /* tp_clear */
  0,                              /* tp_richcompare */
  0,                              /* tp_weaklistoffset */
  0,                              /* tp_iter */
  0,                              /* tp_iternext */
  Encoder_methods,                /* tp_methods */
  0,                              /* tp_members */
  Encoder_getset,                 /* tp_getset */
  0,                              /* tp_base */
  0,                              /* tp_dict */
  0,                              /* tp_descr_get */
  0,                              /* tp_descr_set */
  0,                              /* tp_dictoffset */
  0,                              /* tp_init */
  0,                              /* tp_alloc */
  Encoder_new,                    /* tp_new */
};

static PyObject *
rle_decode(PyObject *self, PyObject *arg)
{
  const char *src;
  Py_ssize_t size, i, total = 0;
  PyObject *out;
  char *dst;

  if (!PyBytes_Check(arg)) {
    PyErr_SetString(RleError, "decode() takes bytes");
    return NULL;
  }
  src = PyBytes_AS_STRING(arg);
  size = PyBytes_GET_SIZE(arg);
  if (size % 2 != 0) {
    PyErr_SetString(RleError, "truncated run-length data");
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
#define RETURN_ERROR  return NULL

static struct PyModuleDef rle_module = {
  PyModuleDef_HEAD_INIT,
  "rle",          /* m_name */
  rle_doc,        /* m_doc */
  -1,             /* m_size */
  rle_methods,    /* m_methods */
  NULL,           /* m_reload */
  NULL,           /* m_traverse */
  NULL,           /* m_clear */
  NULL            /* m_free */
};
#else
#define INIT_RLE      initrle
#define CREATE_RLE    Py_InitModule3("rle", rle_methods, rle_doc)
#define RETURN_RLE    return
#define RETURN_ERROR  return
#endif

PyMODINIT_FUNC INIT_RLE(void) {
  PyObject *m = CREATE_RLE;
  if (m == NULL) {
    RETURN_ERROR;
  }

  RleError = PyErr_NewException("rle.Error", NULL, NULL);
  if (RleError == NULL) {
    goto fail;
  }
  Py_INCREF(RleError);
  if (PyModule_AddObject(m, "Error", RleError) < 0) {
    Py_DECREF(RleError);
    goto fail;
  }

  if (PyType_Ready(&EncoderType) < 0) {
    goto fail;
  }
  Py_INCREF(&EncoderType);
  if (PyModule_AddObject(m, "Encoder", (PyObject *)&EncoderType) < 0) {
    Py_DECREF(&EncoderType);
    goto fail;
  }

  if (PyModule_AddIntConstant(m, "MAX_RUN", 255) < 0) {
    goto fail;
  }
  RETURN_RLE;

fail:
  Py_DECREF(m);
  RETURN_ERROR;
}
