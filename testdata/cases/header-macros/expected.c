/* A module whose spellings all come from its own header: the init head and module creation
 * (Python 2/3 macros), the head of its type, pragma macros around a switch, the storage class of
 * a helper, and the type check. The header's macros are read before this file is parsed, so all
 * of it converts. */
#include "tally.h"
#include "pyext_isolate_compat.h"

static PyObject *
apply_op(TallyObject *self, tally_op op, long n)
{
    TALLY_SWITCH_BEGIN
    switch (op) {
    case TALLY_ADD:
        self->count += n;
        break;
    case TALLY_SUB:
        self->count -= n;
        break;
    default:
        self->count = 0;
        break;
    }
    TALLY_SWITCH_END
    return PyLong_FromLong(self->count);
}

static PyObject *
Tally_add(TallyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    return apply_op(self, TALLY_ADD, n);
}

static PyObject *
Tally_sub(TallyObject *self, PyObject *arg)
{
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    return apply_op(self, TALLY_SUB, n);
}

static PyObject *
Tally_reset(TallyObject *self, PyObject *Py_UNUSED(ignored))
{
    return apply_op(self, TALLY_RESET, 0);
}

static PyMethodDef Tally_methods[] = {
    {"add", (PyCFunction)Tally_add, METH_O, "Add n."},
    {"sub", (PyCFunction)Tally_sub, METH_O, "Subtract n."},
    {"reset", (PyCFunction)Tally_reset, METH_NOARGS, "Back to zero."},
    {NULL, NULL, 0, NULL},
};

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *TallyType; /* was: PyTypeObject TallyType */
} tally_state;

static inline tally_state *
get_tally_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tally_state *)state;
}

static int
tally_traverse(PyObject *module, visitproc visit, void *arg)
{
    tally_state *st = get_tally_state(module);
    Py_VISIT(st->TallyType);
    return 0;
}

static int
tally_clear(PyObject *module)
{
    tally_state *st = get_tally_state(module);
    Py_CLEAR(st->TallyType);
    return 0;
}

static void
tally_free(void *module)
{
    (void)tally_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tally_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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
Tally_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Tally_slots[] = {
    {Py_tp_doc, (void *)"A running count."},
    {Py_tp_traverse, (void *)Tally_traverse},
    {Py_tp_methods, (void *)Tally_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Tally_spec = {
    .name = "tally.Tally",
    .basicsize = sizeof(TallyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tally_slots,
};

TALLY_LOCAL int
is_tally(tally_state *st, PyObject *obj)
{
    return Tally_Check(st, obj);
}

static PyObject *
tally_count_of(PyObject *module, PyObject *obj)
{
    tally_state *st = get_tally_state(module);
    if (!is_tally(st, obj)) {
        PyErr_SetString(PyExc_TypeError, "not a Tally");
        return NULL;
    }
    return PyLong_FromLong(((TallyObject *)obj)->count);
}

static PyMethodDef tally_methods[] = {
    {"count_of", tally_count_of, METH_O, "The count of a Tally."},
    {NULL, NULL, 0, NULL},
};

static int tally_exec(PyObject *m);

static PyModuleDef_Slot tally_slots[] = {
    {Py_mod_exec, (void *)tally_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "tally", "Running counts.", sizeof(tally_state), tally_methods,
    tally_slots,
    tally_traverse,
    tally_clear,
    tally_free
};

static int
tally_exec(PyObject *m)
{
    tally_state *st = get_tally_state(m);

    if (tally_create_type(m, &Tally_spec, NULL, &st->TallyType, 0) < 0)
        return -1;
    Py_INCREF(st->TallyType);
    if (PyModule_AddObject(m, "Tally", (PyObject *)st->TallyType) < 0) {
        Py_DECREF(st->TallyType);
        return -1;
    }
    return 0;
}

MOD_INIT(tally)
{
    return PyModuleDef_Init(&moduledef);
}
