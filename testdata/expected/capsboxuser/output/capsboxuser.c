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
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* CapsBox(0), created through the API at import and handed out by zero() */
    PyObject *shared_zero;    /* was: static PyObject *shared_zero */
    PyTypeObject *Tally_Type; /* was: static PyTypeObject Tally_Type */
} capsboxuser_state;

static inline capsboxuser_state *
get_capsboxuser_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (capsboxuser_state *)state;
}

static int
capsboxuser_traverse(PyObject *module, visitproc visit, void *arg)
{
    capsboxuser_state *st = get_capsboxuser_state(module);
    Py_VISIT(st->shared_zero);
    Py_VISIT(st->Tally_Type);
    return 0;
}

static int
capsboxuser_clear(PyObject *module)
{
    capsboxuser_state *st = get_capsboxuser_state(module);
    Py_CLEAR(st->shared_zero);
    Py_CLEAR(st->Tally_Type);
    return 0;
}

static void
capsboxuser_free(void *module)
{
    (void)capsboxuser_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
capsboxuser_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                        PyTypeObject **type, int disallow_new)
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

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Tally_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return (&CapsBox_Type)->tp_traverse != NULL ? (&CapsBox_Type)->tp_traverse(self, visit, arg)
           : 0;
}

static PyType_Slot Tally_slots[] = {
    {Py_tp_doc, (void *)"A CapsBox that counts hits."},
    {Py_tp_traverse, (void *)Tally_traverse},
    {Py_tp_methods, (void *)Tally_methods},
    {Py_tp_getset, (void *)Tally_getset},
    {0, NULL},
};

static PyType_Spec Tally_spec = {
    .name = "capsboxuser.Tally",
    .basicsize = sizeof(TallyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tally_slots,
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
    capsboxuser_state *st = get_capsboxuser_state(self);
    Py_INCREF(st->shared_zero);
    return st->shared_zero;
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

static int capsboxuser_exec(PyObject *m);

static PyModuleDef_Slot capsboxuser_slots[] = {
    {Py_mod_exec, (void *)capsboxuser_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef usermodule = {
    PyModuleDef_HEAD_INIT, "capsboxuser", NULL, sizeof(capsboxuser_state), user_methods,
    capsboxuser_slots,
    capsboxuser_traverse,
    capsboxuser_clear,
    capsboxuser_free,
};

static int
capsboxuser_exec(PyObject *m)
{
    capsboxuser_state *st = get_capsboxuser_state(m);

    import_capsbox();

    if (capsboxuser_create_type(m, &Tally_spec, &CapsBox_Type, &st->Tally_Type, 0) < 0)
        return -1;

    st->shared_zero = CapsBox_FromLong(0);
    if (st->shared_zero == NULL)
        goto error;

    Py_INCREF(st->Tally_Type);
    if (PyModule_AddObject(m, "Tally", (PyObject *)st->Tally_Type) < 0) {
        Py_DECREF(st->Tally_Type);
        goto error;
    }
    return 0;

error:
    Py_CLEAR(st->shared_zero);
    return -1;
}

PyMODINIT_FUNC
PyInit_capsboxuser(void)
{
    return PyModuleDef_Init(&usermodule);
}
