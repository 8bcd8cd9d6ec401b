/* Self-written: a static type's tp_init calls a helper that finds the module with PyState_FindModule. */
#include <Python.h>

typedef struct {
    PyObject *defaults;
} enc_state;

typedef struct {
    PyObject_HEAD
    PyObject *table;
} EncoderObject;

static struct PyModuleDef enc_module;

static PyObject *
default_table(void)
{
    PyObject *m = PyState_FindModule(&enc_module);
    enc_state *st;
    if (m == NULL)
        return NULL;
    st = (enc_state *)PyModule_GetState(m);
    return Py_NewRef(st->defaults);
}

static int
Encoder_init(EncoderObject *self, PyObject *args, PyObject *kwargs)
{
    PyObject *t = default_table();
    if (t == NULL)
        return -1;
    Py_XSETREF(self->table, t);
    return 0;
}

static void
Encoder_dealloc(EncoderObject *self)
{
    Py_XDECREF(self->table);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject Encoder_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "enc.Encoder",
    .tp_basicsize = sizeof(EncoderObject),
    .tp_dealloc = (destructor)Encoder_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_init = (initproc)Encoder_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef enc_module = {
    PyModuleDef_HEAD_INIT, "enc", NULL, sizeof(enc_state), NULL
};

PyMODINIT_FUNC
PyInit_enc(void)
{
    PyObject *m;
    enc_state *st;
    if (PyType_Ready(&Encoder_Type) < 0)
        return NULL;
    m = PyModule_Create(&enc_module);
    if (m == NULL)
        return NULL;
    st = (enc_state *)PyModule_GetState(m);
    st->defaults = PyDict_New();
    if (st->defaults == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Encoder_Type);
    if (PyModule_AddObject(m, "Encoder", (PyObject *)&Encoder_Type) < 0) {
        Py_DECREF(&Encoder_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
