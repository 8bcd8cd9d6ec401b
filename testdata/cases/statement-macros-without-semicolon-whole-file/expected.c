/* A prologue that declares its locals and calls into Python, and an epilogue with the labels,
 * used as statements without semicolons; the call they wrap is chosen per configuration, in
 * #ifdef / #else branches around the whole use or inside its argument list. Read as C, each use
 * runs into the #else line, and the type defined after these functions must still be seen. */
#include <Python.h>
#include "pyext_isolate_compat.h"

#define HOOK_PROLOGUE(call)      \
    PyObject *res, *out = NULL;  \
    res = (call);                \
    if (res == NULL)             \
        goto done;               \
    if (res == Py_None) {        \
        out = PyLong_FromLong(-1); \
        goto release;            \
    }

#define HOOK_EPILOGUE            \
release:                         \
    Py_DECREF(res);              \
done:                            \
    return out;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *hook;           /* was: static PyObject *hook */
    PyTypeObject *Tally_Type; /* was: static PyTypeObject Tally_Type */
} hookcall_state;

static inline hookcall_state *
get_hookcall_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (hookcall_state *)state;
}

static int
hookcall_traverse(PyObject *module, visitproc visit, void *arg)
{
    hookcall_state *st = get_hookcall_state(module);
    Py_VISIT(st->hook);
    Py_VISIT(st->Tally_Type);
    return 0;
}

static int
hookcall_clear(PyObject *module)
{
    hookcall_state *st = get_hookcall_state(module);
    Py_CLEAR(st->hook);
    Py_CLEAR(st->Tally_Type);
    return 0;
}

static void
hookcall_free(void *module)
{
    (void)hookcall_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
hookcall_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static PyObject *
hookcall_set_hook(PyObject *module, PyObject *fn)
{
    hookcall_state *st = get_hookcall_state(module);
    Py_INCREF(fn);
    Py_XSETREF(st->hook, fn);
    Py_RETURN_NONE;
}

static PyObject *
hookcall_measure(PyObject *module, PyObject *args)
{
    hookcall_state *st = get_hookcall_state(module);
    const char *text;
    if (!PyArg_ParseTuple(args, "s", &text))
        return NULL;
#ifdef HOOKCALL_BYTES
    HOOK_PROLOGUE(PyObject_CallFunction(st->hook, "y", text))
#else
    HOOK_PROLOGUE(PyObject_CallFunction(st->hook, "s", text))
#endif
    out = PyLong_FromSsize_t(PyObject_Length(res));
    HOOK_EPILOGUE
}

static PyObject *
hookcall_pair(PyObject *module, PyObject *args)
{
    hookcall_state *st = get_hookcall_state(module);
    const char *a, *b;
    if (!PyArg_ParseTuple(args, "ss", &a, &b))
        return NULL;
    HOOK_PROLOGUE(PyObject_CallFunction(st->hook,
#ifdef HOOKCALL_BYTES
                                        "yy",
#else
                                        "ss",
#endif
                                        a, b))
    Py_INCREF(res);
    out = res;
    HOOK_EPILOGUE
}

static PyMethodDef hookcall_methods[] = {
    {"set_hook", hookcall_set_hook, METH_O, NULL},
    {"measure", hookcall_measure, METH_VARARGS, NULL},
    {"pair", hookcall_pair, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

typedef struct {
    PyObject_HEAD
    long calls;
} TallyObject;

static PyObject *
Tally_bump(TallyObject *self, PyObject *unused)
{
    return PyLong_FromLong(++self->calls);
}

static PyMethodDef Tally_methods[] = {
    {"bump", (PyCFunction)Tally_bump, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Tally_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Tally_slots[] = {
    {Py_tp_traverse, (void *)Tally_traverse},
    {Py_tp_methods, (void *)Tally_methods},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Tally_spec = {
    .name = "hookcall.Tally",
    .basicsize = sizeof(TallyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tally_slots,
};

static int hookcall_exec(PyObject *m);

static PyModuleDef_Slot hookcall_slots[] = {
    {Py_mod_exec, (void *)hookcall_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef hookcall_module = {
    PyModuleDef_HEAD_INIT, "hookcall", NULL, sizeof(hookcall_state), hookcall_methods,
    hookcall_slots,
    hookcall_traverse,
    hookcall_clear,
    hookcall_free,
};

static int
hookcall_exec(PyObject *m)
{
    hookcall_state *st = get_hookcall_state(m);
    if (hookcall_create_type(m, &Tally_spec, NULL, &st->Tally_Type, 0) < 0)
        return -1;
    Py_INCREF(st->Tally_Type);
    if (PyModule_AddObject(m, "Tally", (PyObject *)st->Tally_Type) < 0) {
        Py_DECREF(st->Tally_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_hookcall(void)
{
    return PyModuleDef_Init(&hookcall_module);
}
