/*
 * flags: one int subclass per C enum, each defined by a macro that pastes its name together;
 * init readies them through a helper's parameter, so no PyType_Ready names one.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyLongObject base;
} FlagObject;

#define DEFINE_FLAG_TYPE(n) \
    static PyTypeObject Flag_##n##_Type = { \
        PyVarObject_HEAD_INIT(NULL, 0) \
        "flags." #n, \
        sizeof(FlagObject), \
    };

DEFINE_FLAG_TYPE(Color);
DEFINE_FLAG_TYPE(Shape);
DEFINE_FLAG_TYPE(Size);

static int flags_exec(PyObject *m);

static PyModuleDef_Slot flags_slots[] = {
    {Py_mod_exec, (void *)flags_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef flags_module = {
    PyModuleDef_HEAD_INIT, "flags", NULL, 0, NULL,
    flags_slots
};

static int
add_flag_type(PyObject *m, PyTypeObject *type, const char *name)
{
    type->tp_base = &PyLong_Type;
    type->tp_flags = Py_TPFLAGS_DEFAULT;
    if (PyType_Ready(type) < 0)
        return -1;
    Py_INCREF(type);
    return PyModule_AddObject(m, name, (PyObject *)type);
}

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module
 * loads once per process. */
static int flags_loaded_once = 0;

static int
flags_exec(PyObject *m)
{

    if (flags_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "flags cannot be loaded more than once per process");
        return -1;
    }
    if (add_flag_type(m, &Flag_Color_Type, "Color") < 0 ||
        add_flag_type(m, &Flag_Shape_Type, "Shape") < 0 ||
        add_flag_type(m, &Flag_Size_Type, "Size") < 0)
        return -1;
    flags_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_flags(void)
{
    return PyModuleDef_Init(&flags_module);
}
