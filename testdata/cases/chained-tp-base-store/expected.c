/* paints: a Paint base type with two subtypes, and a Shade type whose truth test is plugged in at
 * run time. The init sets the bases of several types in one chained store each, the way old code
 * wrote it for compilers that reject &PyBaseObject_Type in a static initializer. Shade stays a
 * static type (its number methods change at run time), so its link of the chain stays. */
#include <Python.h>
#include "pyext_isolate_compat.h"

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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *PaintType; /* was: static PyTypeObject PaintType */
    PyTypeObject *WarmType;  /* was: static PyTypeObject WarmType */
    PyTypeObject *CoolType;  /* was: static PyTypeObject CoolType */
} paints_state;

static inline paints_state *
get_paints_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (paints_state *)state;
}

static int
paints_traverse(PyObject *module, visitproc visit, void *arg)
{
    paints_state *st = get_paints_state(module);
    Py_VISIT(st->PaintType);
    Py_VISIT(st->WarmType);
    Py_VISIT(st->CoolType);
    return 0;
}

static int
paints_clear(PyObject *module)
{
    paints_state *st = get_paints_state(module);
    Py_CLEAR(st->PaintType);
    Py_CLEAR(st->WarmType);
    Py_CLEAR(st->CoolType);
    return 0;
}

static void
paints_free(void *module)
{
    (void)paints_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
paints_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Paint_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return (&PyBaseObject_Type)->tp_traverse != NULL
           ? (&PyBaseObject_Type)->tp_traverse(self, visit, arg) : 0;
}

static PyType_Slot Paint_slots[] = {
    {Py_tp_traverse, (void *)Paint_traverse},
    {Py_tp_methods, (void *)Paint_methods},
    {Py_tp_init, (void *)Paint_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Paint_spec = {
    .name = "paints.Paint",
    .basicsize = sizeof(PaintObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Paint_slots,
};

static PyType_Slot Warm_slots[] = {
    {Py_tp_traverse, (void *)Paint_traverse},
    {0, NULL},
};

static PyType_Spec Warm_spec = {
    .name = "paints.Warm",
    .basicsize = sizeof(PaintObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Warm_slots,
};

static PyType_Slot Cool_slots[] = {
    {Py_tp_traverse, (void *)Paint_traverse},
    {0, NULL},
};

static PyType_Spec Cool_spec = {
    .name = "paints.Cool",
    .basicsize = sizeof(PaintObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Cool_slots,
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
    paints_state *st = get_paints_state(module);
    PaintObject *p = PyObject_GC_New(PaintObject, st->WarmType);
    if (p == NULL)
        return NULL;
    p->hue = PyLong_AsLong(arg);
    if (p->hue == -1 && PyErr_Occurred()) {
        Py_DECREF(p);
        return NULL;
    }
    PyObject_GC_Track((PyObject *)p);
    return (PyObject *)p;
}

static PyMethodDef paints_methods[] = {
    {"warm", paints_warm, METH_O, "A warm paint of the given hue."},
    {NULL, NULL, 0, NULL}
};

static int paints_exec(PyObject *m);

static PyModuleDef_Slot paints_slots[] = {
    {Py_mod_exec, (void *)paints_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef paints_module = {
    PyModuleDef_HEAD_INIT, "paints", "Paints and shades.", sizeof(paints_state), paints_methods,
    paints_slots,
    paints_traverse,
    paints_clear,
    paints_free
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int paints_loaded_once = 0;

static int
paints_exec(PyObject *m)
{
    paints_state *st = get_paints_state(m);

    if (paints_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "paints cannot be loaded more than once per process");
        return -1;
    }
    ShadeType.tp_base =
        &PyBaseObject_Type;
    Shade_as_number.nb_bool = (inquiry)Shade_bool;
    if (paints_create_type(m, &Paint_spec, &PyBaseObject_Type, &st->PaintType, 0) < 0)
        return -1;
    if (paints_create_type(m, &Warm_spec, st->PaintType, &st->WarmType, 0) < 0)
        return -1;
    if (paints_create_type(m, &Cool_spec, st->PaintType, &st->CoolType, 0) < 0)
        return -1;
    if (PyType_Ready(&ShadeType) < 0)
        return -1;

    Py_INCREF(st->PaintType);
    if (PyModule_AddObject(m, "Paint", (PyObject *)st->PaintType) < 0) {
        Py_DECREF(st->PaintType);
        return -1;
    }
    Py_INCREF(st->CoolType);
    if (PyModule_AddObject(m, "Cool", (PyObject *)st->CoolType) < 0) {
        Py_DECREF(st->CoolType);
        return -1;
    }
    Py_INCREF(&ShadeType);
    if (PyModule_AddObject(m, "Shade", (PyObject *)&ShadeType) < 0) {
        Py_DECREF(&ShadeType);
        return -1;
    }
    paints_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_paints(void)
{
    return PyModuleDef_Init(&paints_module);
}
