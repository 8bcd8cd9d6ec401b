/* paints: a Paint base type with two subtypes, and a Shade type whose truth test is plugged in at
 * run time. The init sets the bases of several types in one chained store each, the way old code
 * wrote it for compilers that reject &PyBaseObject_Type in a static initializer. Shade stays a
 * static type (its number methods change at run time), so its link of the chain stays. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long hue;
} PaintObject;

static PyObject *
Paint_hue(PaintObject *self, PyObject *noargs)
{
    return PyLong_FromLong(self->hue);
}

static int
Paint_init(PaintObject *self, PyObject *args, PyObject *kwds)
{
    if (!PyArg_ParseTuple(args, "|l", &self->hue))
        return -1;
    return 0;
}

static PyMethodDef Paint_methods[] = {
    {"hue", (PyCFunction)Paint_hue, METH_NOARGS, "The hue, in degrees."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject PaintType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "paints.Paint",
    .tp_basicsize = sizeof(PaintObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_methods = Paint_methods,
    .tp_init = (initproc)Paint_init,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject WarmType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "paints.Warm",
    .tp_basicsize = sizeof(PaintObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

static PyTypeObject CoolType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "paints.Cool",
    .tp_basicsize = sizeof(PaintObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

static int
Shade_bool(PaintObject *self)
{
    return self->hue != 0;
}

static PyNumberMethods Shade_as_number;

static PyTypeObject ShadeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "paints.Shade",
    .tp_basicsize = sizeof(PaintObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_as_number = &Shade_as_number,
    .tp_init = (initproc)Paint_init,
    .tp_new = PyType_GenericNew,
};

static PyObject *
paints_warm(PyObject *module, PyObject *arg)
{
    PaintObject *p = PyObject_New(PaintObject, &WarmType);
    if (p == NULL)
        return NULL;
    p->hue = PyLong_AsLong(arg);
    if (p->hue == -1 && PyErr_Occurred()) {
        Py_DECREF(p);
        return NULL;
    }
    return (PyObject *)p;
}

static PyMethodDef paints_methods[] = {
    {"warm", paints_warm, METH_O, "A warm paint of the given hue."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef paints_module = {
    PyModuleDef_HEAD_INIT, "paints", "Paints and shades.", -1, paints_methods
};

PyMODINIT_FUNC
PyInit_paints(void)
{
    PyObject *m;

    PaintType.tp_base = ShadeType.tp_base =
        &PyBaseObject_Type;
    WarmType.tp_base = CoolType.tp_base = &PaintType;
    Shade_as_number.nb_bool = (inquiry)Shade_bool;
    if (PyType_Ready(&PaintType) < 0)
        return NULL;
    if (PyType_Ready(&WarmType) < 0)
        return NULL;
    if (PyType_Ready(&CoolType) < 0)
        return NULL;
    if (PyType_Ready(&ShadeType) < 0)
        return NULL;

    m = PyModule_Create(&paints_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&PaintType);
    if (PyModule_AddObject(m, "Paint", (PyObject *)&PaintType) < 0) {
        Py_DECREF(&PaintType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&CoolType);
    if (PyModule_AddObject(m, "Cool", (PyObject *)&CoolType) < 0) {
        Py_DECREF(&CoolType);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&ShadeType);
    if (PyModule_AddObject(m, "Shade", (PyObject *)&ShadeType) < 0) {
        Py_DECREF(&ShadeType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
