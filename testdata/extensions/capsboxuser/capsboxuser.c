/*
 * capsboxuser -- consumer of the capsbox C API.
 *
 * Shows the usual consumer pattern: the header keeps the imported table in
 * a C global (PyCapsBox_API), import_capsbox() fills it in PyInit, and the
 * module subclasses the provider's type in C.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "capsbox_api.h"

/* CapsBox(0), created through the API at import and handed out by zero() */
static PyObject *shared_zero = NULL;

/* --- Tally: a CapsBox that also counts how often it was hit ----------- */

typedef struct {
    PyCapsBoxObject box;
    Py_ssize_t hits;
} TallyObject;

static PyObject *
Tally_hit(TallyObject *self, PyObject *Py_UNUSED(ignored))
{
    if (CapsBox_Add((PyObject *)self, 1) < 0)
        return NULL;
    self->hits++;
    return PyLong_FromSsize_t(self->hits);
}

static PyObject *
Tally_get_hits(TallyObject *self, void *closure)
{
    return PyLong_FromSsize_t(self->hits);
}

static PyMethodDef Tally_methods[] = {
    {"hit", (PyCFunction)Tally_hit, METH_NOARGS, "add one and count the hit"},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef Tally_getset[] = {
    {"hits", (getter)Tally_get_hits, NULL, "number of hit() calls", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static PyTypeObject Tally_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "capsboxuser.Tally",
    .tp_basicsize = sizeof(TallyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "A CapsBox that counts hits.",
    .tp_methods = Tally_methods,
    .tp_getset = Tally_getset,
    /* .tp_base = &CapsBox_Type, set in PyInit: only known after import */
};

/* --- module functions ------------------------------------------------- */

static PyObject *
user_make(PyObject *self, PyObject *args)
{
    long v;
    if (!PyArg_ParseTuple(args, "l:make", &v))
        return NULL;
    return CapsBox_FromLong(v);
}

static PyObject *
user_double(PyObject *self, PyObject *box)
{
    long v = CapsBox_AsLong(box);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    if (CapsBox_Add(box, v) < 0)
        return NULL;
    Py_INCREF(box);
    return box;
}

static PyObject *
user_is_box(PyObject *self, PyObject *obj)
{
    return PyBool_FromLong(CapsBox_Check(obj));
}

static PyObject *
user_zero(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    Py_INCREF(shared_zero);
    return shared_zero;
}

static PyObject *
user_total(PyObject *self, PyObject *iterable)
{
    PyObject *it, *item;
    long total = 0;

    it = PyObject_GetIter(iterable);
    if (it == NULL)
        return NULL;
    while ((item = PyIter_Next(it)) != NULL) {
        long v = CapsBox_AsLong(item);
        Py_DECREF(item);
        if (v == -1 && PyErr_Occurred())
            break;
        total += v;
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(total);
}

static PyMethodDef user_methods[] = {
    {"make", user_make, METH_VARARGS, "make(v) -> CapsBox, via CapsBox_FromLong"},
    {"double", user_double, METH_O, "double(box) -> box, via CapsBox_AsLong/CapsBox_Add"},
    {"is_box", user_is_box, METH_O, NULL},
    {"zero", user_zero, METH_NOARGS, "the shared CapsBox(0)"},
    {"total", user_total, METH_O, "sum of the values of an iterable of boxes"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef usermodule = {
    PyModuleDef_HEAD_INIT, "capsboxuser", NULL, -1, user_methods,
};

PyMODINIT_FUNC
PyInit_capsboxuser(void)
{
    PyObject *m;

    import_capsbox();

    Tally_Type.tp_base = &CapsBox_Type;
    if (PyType_Ready(&Tally_Type) < 0)
        return NULL;

    m = PyModule_Create(&usermodule);
    if (m == NULL)
        return NULL;

    shared_zero = CapsBox_FromLong(0);
    if (shared_zero == NULL)
        goto error;

    Py_INCREF(&Tally_Type);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&Tally_Type) < 0) {
        Py_DECREF(&Tally_Type);
        goto error;
    }
    return m;

error:
    Py_CLEAR(shared_zero);
    Py_DECREF(m);
    return NULL;
}
