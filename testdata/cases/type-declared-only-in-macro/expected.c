/* Two static types, each declared and defined only inside a family of definition macros
 * (pyblake2's DECL_BLAKE2_WRAPPER(name) shape): no `static PyTypeObject FooType;` is visible outside them. */
#include <Python.h>

#define DECL_COUNTER_STRUCT(name)   \
    static PyTypeObject name##Type; \
    typedef struct {                \
        PyObject_HEAD               \
        long n;                     \
    } name##Object;

#define DECL_COUNTER_METHODS(name)                                  \
    static PyObject *                                               \
    name##_bump(name##Object *self, PyObject *noargs)               \
    {                                                               \
        return PyLong_FromLong(++self->n);                          \
    }                                                               \
    static PyMethodDef name##_methods[] = {                         \
        {"bump", (PyCFunction)name##_bump, METH_NOARGS, NULL},      \
        {NULL, NULL, 0, NULL}                                       \
    };

#define DECL_COUNTER_TYPE(name)                         \
    static PyTypeObject name##Type = {                  \
        PyVarObject_HEAD_INIT(NULL, 0)                  \
        "counters." #name,                                     \
        sizeof(name##Object),                           \
        0,                                              \
        0,                                              \
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,       \
        Py_TPFLAGS_DEFAULT,                             \
        0, 0, 0, 0, 0, 0, 0,                            \
        name##_methods,                                 \
    };                                                  \
    static PyObject *                                   \
    new_##name(PyObject *self, PyObject *noargs)        \
    {                                                   \
        name##Object *o = PyObject_New(name##Object, &name##Type); \
        if (o != NULL) o->n = 0;                        \
        return (PyObject *)o;                           \
    }

#define DECL_COUNTER(name)      \
    DECL_COUNTER_STRUCT(name)   \
    DECL_COUNTER_METHODS(name)  \
    DECL_COUNTER_TYPE(name)

DECL_COUNTER(up)
DECL_COUNTER(down)

static PyMethodDef methods[] = {
    {"up", new_up, METH_NOARGS, NULL},
    {"down", new_down, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int counters_exec(PyObject *module);

static PyModuleDef_Slot counters_slots[] = {
    {Py_mod_exec, (void *)counters_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef def = { PyModuleDef_HEAD_INIT, "counters", NULL, 0, methods, counters_slots };

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int counters_loaded_once = 0;

static int
counters_exec(PyObject *Py_UNUSED(module))
{
    if (counters_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "counters cannot be loaded more than once per process");
        return -1;
    }
    if (PyType_Ready(&upType) < 0)
        return -1;
    if (PyType_Ready(&downType) < 0)
        return -1;
    counters_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_counters(void)
{
    return PyModuleDef_Init(&def);
}
