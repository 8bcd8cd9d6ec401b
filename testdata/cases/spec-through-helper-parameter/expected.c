/* Two heap types from specs, both created by one helper that gets the spec as a parameter;
 * their methods raise the module's exception. */
#include <Python.h>
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *BoxError; /* was: static PyObject *BoxError */
} box_state;

static struct PyModuleDef boxmodule;

static inline box_state *
get_box_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (box_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline box_state *
box_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &boxmodule);
    return module == NULL ? NULL : get_box_state(module);
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline box_state *
box_get_state_of_type(PyTypeObject *type)
{
    void *state = PyType_GetModuleState(type);
    assert(state != NULL);
    return (box_state *)state;
}

static int
box_traverse(PyObject *module, visitproc visit, void *arg)
{
    box_state *st = get_box_state(module);
    Py_VISIT(st->BoxError);
    return 0;
}

static int
box_clear(PyObject *module)
{
    box_state *st = get_box_state(module);
    Py_CLEAR(st->BoxError);
    return 0;
}

static void
box_free(void *module)
{
    (void)box_clear((PyObject *)module);
}

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    long value;
} BoxObject;

/* The state of `self`, a BoxObject of this module's types or of a subclass: kept in the object
 * once looked up. */
static inline box_state *
box_get_state_of_BoxObject(BoxObject *self)
{
    if (self->module_state == NULL)
        self->module_state = box_get_state_by_type(Py_TYPE(self));
    return (box_state *)self->module_state;
}

static PyObject *
Box_check(BoxObject *self, PyObject *Py_UNUSED(ignored))
{
    if (self->value < 0) {
        box_state *st = box_get_state_of_BoxObject(self);
        if (st == NULL)
            return NULL;
        PyErr_SetString(st->BoxError, "negative box");
        return NULL;
    }
    return PyLong_FromLong(self->value);
}

static int
Box_init(BoxObject *self, PyObject *args, PyObject *kwds)
{
    if (!PyArg_ParseTuple(args, "l", &self->value))
        return -1;
    return 0;
}

static PyMethodDef Box_methods[] = {
    {"check", (PyCFunction)Box_check, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Box_slots[] = {
    {Py_tp_init, Box_init},
    {Py_tp_methods, Box_methods},
    {0, NULL}
};

/* Subclassable: its methods find the module through the MRO. */
static PyType_Spec Box_spec = {
    "box.Box", sizeof(BoxObject), 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, Box_slots
};

static PyObject *
Crate_open(BoxObject *self, PyObject *Py_UNUSED(ignored))
{
    box_state *st = box_get_state_of_type(Py_TYPE(self));
    PyErr_Format(st->BoxError, "crate %ld is sealed", self->value);
    return NULL;
}

static PyMethodDef Crate_methods[] = {
    {"open", (PyCFunction)Crate_open, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Crate_slots[] = {
    {Py_tp_init, Box_init},
    {Py_tp_methods, Crate_methods},
    {0, NULL}
};

static PyType_Spec Crate_spec = {
    "box.Crate", sizeof(BoxObject), 0, Py_TPFLAGS_DEFAULT, Crate_slots
};

static int
add_type(PyObject *module, const char *name, PyType_Spec *spec)
{
    PyObject *type = PyType_FromModuleAndSpec(module, spec, NULL);
    if (type == NULL) {
        /* 3.12 and 3.13 can fail to copy the name without setting MemoryError */
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        return -1;
    }
    if (PyModule_AddObject(module, name, type) < 0) {
        Py_XDECREF(type);
        return -1;
    }
    return 0;
}

static int box_exec(PyObject *module);

static PyModuleDef_Slot box_slots[] = {
    {Py_mod_exec, (void *)box_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef boxmodule = {
    PyModuleDef_HEAD_INIT, "box", NULL, sizeof(box_state), NULL,
    box_slots,
    box_traverse,
    box_clear,
    box_free
};

static int
box_exec(PyObject *module)
{
    box_state *st = get_box_state(module);
    st->BoxError = PyErr_NewException("box.BoxError", NULL, NULL);
    if (st->BoxError == NULL || PyModule_AddObject(module, "BoxError", st->BoxError) < 0)
        return -1;
    Py_INCREF(st->BoxError);
    if (add_type(module, "Box", &Box_spec) < 0)
        return -1;
    if (add_type(module, "Crate", &Crate_spec) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_box(void)
{
    return PyModuleDef_Init(&boxmodule);
}
