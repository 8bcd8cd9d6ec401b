/* capsbox -- a mutable boxed integer, exported to other extensions through
 * a C-API capsule (see capsbox_api.h).
 */
#define PY_SSIZE_T_CLEAN
#define CAPSBOX_MODULE
#include "capsbox_api.h"
#include <structmember.h>
#include <limits.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *CapsBoxError;                      /* was: static PyObject *CapsBoxError */
    /* statistics, reported by capsbox.stats() */
    unsigned long boxes_created;                 /* was: static unsigned long boxes_created */
    /* was: static void *PyCapsBox_API[PyCapsBox_API_pointers] (the exported C-API table) */
    void *PyCapsBox_API[PyCapsBox_API_pointers];
} capsbox_state;

static inline capsbox_state *
get_capsbox_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (capsbox_state *)state;
}

static int
capsbox_traverse(PyObject *module, visitproc visit, void *arg)
{
    capsbox_state *st = get_capsbox_state(module);
    Py_VISIT(st->CapsBoxError);
    return 0;
}

static int
capsbox_clear(PyObject *module)
{
    capsbox_state *st = get_capsbox_state(module);
    Py_CLEAR(st->CapsBoxError);
    return 0;
}

static void
capsbox_free(void *module)
{
    (void)capsbox_clear((PyObject *)module);
}

/* The legacy C-API's module: the main interpreter's first one (set in exec, never freed). */
static capsbox_state *capsbox_main_state = NULL;

static capsbox_state *
capsbox_legacy_state(void)
{
    if (capsbox_main_state == NULL || PyInterpreterState_Get() != PyInterpreterState_Main()) {
        PyErr_SetString(PyExc_RuntimeError,
                        "capsbox C-API: this function works in the main interpreter only");
        return NULL;
    }
    return capsbox_main_state;
}

static int CapsBox_Add_impl(capsbox_state *st, PyObject *box, long delta);
static PyObject *CapsBox_FromLong_impl(capsbox_state *st, long value);

/* ------------------------------------------------------------ C API */

/* Creation function: gets neither a module nor a type, but needs both the
 * type object and (through boxes_created) the module's bookkeeping. */
static PyObject *
CapsBox_FromLong_impl(capsbox_state *st, long value)
{
    PyCapsBoxObject *self = PyObject_New(PyCapsBoxObject, &CapsBox_Type);
    if (self == NULL)
        return NULL;
    self->value = value;
    self->version = 0;
    st->boxes_created++;
    return (PyObject *)self;
}

/* For the C-API table: the main interpreter's module (pyext-isolate). */
static PyObject *
CapsBox_FromLong(long value)
{
    capsbox_state *st = capsbox_legacy_state();
    if (st == NULL)
        return NULL;
    return CapsBox_FromLong_impl(st, value);
}

static long
CapsBox_AsLong(PyObject *box)
{
    if (!CapsBox_Check(box)) {
        PyErr_Format(PyExc_TypeError, "expected a capsbox.CapsBox, got %.200s",
                     Py_TYPE(box)->tp_name);
        return -1;
    }
    return ((PyCapsBoxObject *)box)->value;
}

static int
CapsBox_Add_impl(capsbox_state *st, PyObject *box, long delta)
{
    PyCapsBoxObject *b = (PyCapsBoxObject *)box;

    if (!CapsBox_Check(box)) {
        PyErr_SetString(PyExc_TypeError, "CapsBox_Add() needs a CapsBox");
        return -1;
    }
    if ((delta > 0 && b->value > LONG_MAX - delta) ||
        (delta < 0 && b->value < LONG_MIN - delta)) {
        PyErr_Format(st->CapsBoxError, "%ld + %ld does not fit in a C long",
                     b->value, delta);
        return -1;
    }
    b->value += delta;
    b->version++;
    return 0;
}

/* For the C-API table: the main interpreter's module (pyext-isolate). */
static int
CapsBox_Add(PyObject *box, long delta)
{
    capsbox_state *st = capsbox_legacy_state();
    if (st == NULL)
        return -1;
    return CapsBox_Add_impl(st, box, delta);
}

/* For callers that have no state: the module loads once per process (pyext-isolate). */
static int
CapsBox_Add_main(PyObject *box, long delta)
{
    if (capsbox_main_state == NULL)
        return CapsBox_Add(box, delta);
    return CapsBox_Add_impl(capsbox_main_state, box, delta);
}

/* ------------------------------------------------------------ type */

static PyObject *
capsbox_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"value", NULL};
    long value = 0;
    PyCapsBoxObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|l:CapsBox", kwlist, &value))
        return NULL;
    self = (PyCapsBoxObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->value = value;
    return (PyObject *)self;
}

static PyObject *
capsbox_repr(PyCapsBoxObject *self)
{
    return PyUnicode_FromFormat("%s(%ld)", Py_TYPE(self)->tp_name, self->value);
}

static PyObject *
capsbox_add_method(PyObject *self, PyObject *args)
{
    long delta = 1;

    if (!PyArg_ParseTuple(args, "|l:add", &delta))
        return NULL;
    if (CapsBox_Add_main(self, delta) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
capsbox_reduce(PyCapsBoxObject *self, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("O(l)", Py_TYPE(self), self->value);
}

static PyObject *
capsbox_int(PyCapsBoxObject *self)
{
    return PyLong_FromLong(self->value);
}

static PyObject *
capsbox_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!CapsBox_Check(a) || !CapsBox_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    Py_RETURN_RICHCOMPARE(((PyCapsBoxObject *)a)->value,
                          ((PyCapsBoxObject *)b)->value, op);
}

static PyNumberMethods capsbox_as_number = {
    .nb_int = (unaryfunc)capsbox_int,
    .nb_index = (unaryfunc)capsbox_int,
};

static PyMethodDef capsbox_methods[] = {
    {"add", capsbox_add_method, METH_VARARGS, "add(delta=1)"},
    {"__reduce__", (PyCFunction)capsbox_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyMemberDef capsbox_members[] = {
    {"value", T_LONG, offsetof(PyCapsBoxObject, value), READONLY, "current value"},
    {"version", T_ULONG, offsetof(PyCapsBoxObject, version), READONLY,
     "number of changes so far"},
    {NULL}
};

static PyTypeObject CapsBox_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "capsbox.CapsBox",
    .tp_basicsize = sizeof(PyCapsBoxObject),
    .tp_repr = (reprfunc)capsbox_repr,
    .tp_as_number = &capsbox_as_number,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "CapsBox(value=0)\n--\n\nA mutable boxed C long.",
    .tp_richcompare = capsbox_richcompare,
    .tp_methods = capsbox_methods,
    .tp_members = capsbox_members,
    .tp_new = capsbox_new,
};

/* ------------------------------------------------------------ module */

static PyObject *
capsbox_box(PyObject *module, PyObject *arg)
{
    capsbox_state *st = get_capsbox_state(module);
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return CapsBox_FromLong_impl(st, v);
}

static PyObject *
capsbox_stats(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    capsbox_state *st = get_capsbox_state(module);

    return Py_BuildValue("{s:k}", "created", st->boxes_created);
}

static PyMethodDef module_methods[] = {
    {"box", capsbox_box, METH_O, "box(int) -> CapsBox (through the C API)"},
    {"stats", capsbox_stats, METH_NOARGS, "counters of the C API"},
    {NULL, NULL, 0, NULL}
};

static int capsbox_exec(PyObject *m);

static PyModuleDef_Slot capsbox_slots[] = {
    {Py_mod_exec, (void *)capsbox_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef capsboxmodule = {
    PyModuleDef_HEAD_INIT,
    "capsbox",
    "Boxed integers with a C API.",
    sizeof(capsbox_state),
    module_methods,
    capsbox_slots, capsbox_traverse, capsbox_clear, capsbox_free
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int capsbox_loaded_once = 0;

static int
capsbox_exec(PyObject *m)
{
    capsbox_state *st = get_capsbox_state(m);
    PyObject *c_api_object;

    if (capsbox_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "capsbox cannot be loaded more than once per process");
        return -1;
    }
    if (PyType_Ready(&CapsBox_Type) < 0)
        return -1;

    st->CapsBoxError = PyErr_NewException("capsbox.OverflowError", PyExc_OverflowError, NULL);
    if (st->CapsBoxError == NULL)
        return -1;
    Py_INCREF(st->CapsBoxError);
    if (PyModule_AddObject(m, "OverflowError", st->CapsBoxError) < 0) {
        Py_DECREF(st->CapsBoxError);
        Py_CLEAR(st->CapsBoxError);
        return -1;
    }

    Py_INCREF(&CapsBox_Type);
    if (PyModule_AddObject(m, "CapsBox", (PyObject *)&CapsBox_Type) < 0) {
        Py_DECREF(&CapsBox_Type);
        return -1;
    }

    /* Initialize the C API pointer array */
    st->PyCapsBox_API[PyCapsBox_Type_NUM] = (void *)&CapsBox_Type;
    st->PyCapsBox_API[CapsBox_FromLong_NUM] = (void *)CapsBox_FromLong;
    st->PyCapsBox_API[CapsBox_AsLong_NUM] = (void *)CapsBox_AsLong;
    st->PyCapsBox_API[CapsBox_Add_NUM] = (void *)CapsBox_Add;

    /* Create a Capsule containing the API pointer array's address */
    /* pyext-isolate: the main interpreter's first module serves consumers that cache the table. */
    if (capsbox_main_state == NULL && PyInterpreterState_Get() == PyInterpreterState_Main()) {
        capsbox_main_state = st;
        Py_INCREF(m); /* kept alive until exit */
    }
    c_api_object = PyCapsule_New((void *)st->PyCapsBox_API, PyCapsBox_CAPSULE_NAME, NULL);

    if (PyModule_AddObject(m, "_C_API", c_api_object) < 0) {
        Py_XDECREF(c_api_object);
        return -1;
    }
    capsbox_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_capsbox(void)
{
    return PyModuleDef_Init(&capsboxmodule);
}
