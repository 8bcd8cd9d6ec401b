/* A function-level static table of the module's types in the init function itself, ended by NULL:
 * the loop checks each name, readies the type and adds it under its short name (cffi's shape). The
 * types become heap types created first in exec, and the table a local array filled from the state. */
#include <Python.h>
#include <string.h>

typedef struct {
    PyObject_HEAD
    double x, y;
} PointObject;

typedef struct {
    PyObject_HEAD
    double radius;
} CircleObject;

static PyObject *
Point_norm1(PointObject *self, PyObject *unused)
{
    return PyFloat_FromDouble((self->x < 0 ? -self->x : self->x) + (self->y < 0 ? -self->y : self->y));
}

static PyMethodDef Point_methods[] = {
    {"norm1", (PyCFunction)Point_norm1, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Point_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "shapes.Point",                 /* tp_name */
    sizeof(PointObject),            /* tp_basicsize */
    0,                              /* tp_itemsize */
    0,                              /* tp_dealloc */
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
    0,                              /* tp_doc */
    0,                              /* tp_traverse */
    0,                              /* tp_clear */
    0,                              /* tp_richcompare */
    0,                              /* tp_weaklistoffset */
    0,                              /* tp_iter */
    0,                              /* tp_iternext */
    Point_methods,                  /* tp_methods */
    0,                              /* tp_members */
    0,                              /* tp_getset */
    0,                              /* tp_base */
    0,                              /* tp_dict */
    0,                              /* tp_descr_get */
    0,                              /* tp_descr_set */
    0,                              /* tp_dictoffset */
    0,                              /* tp_init */
    0,                              /* tp_alloc */
    PyType_GenericNew,              /* tp_new */
};

static PyTypeObject Circle_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shapes.Circle",
    .tp_basicsize = sizeof(CircleObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A circle.",
    .tp_new = PyType_GenericNew,
};

static PyObject *
make_point(PyObject *module, PyObject *args)
{
    double x, y;
    PointObject *p;

    if (!PyArg_ParseTuple(args, "dd", &x, &y))
        return NULL;
    p = PyObject_New(PointObject, &Point_Type);
    if (p == NULL)
        return NULL;
    p->x = x;
    p->y = y;
    return (PyObject *)p;
}

static PyMethodDef shapes_methods[] = {
    {"make_point", make_point, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef shapes_module = {
    PyModuleDef_HEAD_INIT,
    "shapes",
    NULL,
    -1,
    shapes_methods,
    NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit_shapes(void)
{
    PyObject *m;
    int i;
    static PyTypeObject *all_types[] = {
        &Point_Type,
        &Circle_Type,
        NULL
    };

    m = PyModule_Create(&shapes_module);
    if (m == NULL)
        return NULL;

    /* ready every type and add it to the module */
    for (i = 0; all_types[i] != NULL; i++) {
        PyTypeObject *tp = all_types[i];
        PyObject *tpo = (PyObject *)tp;
        if (strncmp(tp->tp_name, "shapes.", 7) != 0) {
            PyErr_Format(PyExc_ImportError,
                         "'%s' is an ill-formed type name", tp->tp_name);
            Py_DECREF(m);
            return NULL;
        }
        if (PyType_Ready(tp) < 0) {
            Py_DECREF(m);
            return NULL;
        }
        Py_INCREF(tpo);
        if (PyModule_AddObject(m, tp->tp_name + 7, tpo) < 0) {
            Py_DECREF(tpo);
            Py_DECREF(m);
            return NULL;
        }
    }
    return m;
}
