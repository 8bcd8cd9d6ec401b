/* Type-check macros of static types that become heap types. Record has a dealloc of its own that
 * nothing else stores: an exact Record is told by its dealloc, without the module state, and
 * is_record() passes the state lookup into the macro (only a subclass instance evaluates it).
 * record_value() raises the module's error as well, so it fetches the state as before; Tag sets
 * no dealloc (it inherits object's), so its check keeps the plain form. */
#include <Python.h>

static PyObject *ExactError;

typedef struct {
    PyObject_HEAD
    long value;
} RecordObject;

typedef struct {
    PyObject_HEAD
} TagObject;

static PyTypeObject Record_Type;
static PyTypeObject Tag_Type;

#define Record_Check(op) PyObject_TypeCheck(op, &Record_Type)
#define Tag_Check(op) PyObject_TypeCheck(op, &Tag_Type)

static PyObject *
Record_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    RecordObject *self;
    long value = 0;

    if (!PyArg_ParseTuple(args, "|l", &value))
        return NULL;
    self = (RecordObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->value = value;
    return (PyObject *)self;
}

static void
Record_dealloc(RecordObject *self)
{
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyTypeObject Record_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "exactmod.Record",              /* tp_name */
    sizeof(RecordObject),           /* tp_basicsize */
    0,                              /* tp_itemsize */
    (destructor)Record_dealloc,     /* tp_dealloc */
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_new = Record_new,
};

static PyTypeObject Tag_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "exactmod.Tag",
    .tp_basicsize = sizeof(TagObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_new = PyType_GenericNew,
};

static PyObject *
exactmod_is_record(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(Record_Check(obj));
}

static PyObject *
exactmod_record_value(PyObject *module, PyObject *obj)
{
    if (!Record_Check(obj)) {
        PyErr_SetString(ExactError, "not a Record");
        return NULL;
    }
    return PyLong_FromLong(((RecordObject *)obj)->value);
}

static PyObject *
exactmod_is_tag(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(Tag_Check(obj));
}

static PyMethodDef exactmod_methods[] = {
    {"is_record", exactmod_is_record, METH_O, NULL},
    {"record_value", exactmod_record_value, METH_O, NULL},
    {"is_tag", exactmod_is_tag, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef exactmod_module = {
    PyModuleDef_HEAD_INIT,
    "exactmod",
    NULL,
    -1,
    exactmod_methods
};

PyMODINIT_FUNC
PyInit_exactmod(void)
{
    PyObject *m;

    if (PyType_Ready(&Record_Type) < 0)
        return NULL;
    if (PyType_Ready(&Tag_Type) < 0)
        return NULL;
    m = PyModule_Create(&exactmod_module);
    if (m == NULL)
        return NULL;
    ExactError = PyErr_NewException("exactmod.error", NULL, NULL);
    if (ExactError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(ExactError);
    if (PyModule_AddObject(m, "error", ExactError) < 0) {
        Py_DECREF(ExactError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Record_Type);
    if (PyModule_AddObject(m, "Record", (PyObject *)&Record_Type) < 0) {
        Py_DECREF(&Record_Type);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Tag_Type);
    if (PyModule_AddObject(m, "Tag", (PyObject *)&Tag_Type) < 0) {
        Py_DECREF(&Tag_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
