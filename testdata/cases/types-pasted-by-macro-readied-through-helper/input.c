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

static struct PyModuleDef flags_module = {
    PyModuleDef_HEAD_INIT, "flags", NULL, -1, NULL
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

PyMODINIT_FUNC
PyInit_flags(void)
{
    PyObject *m = PyModule_Create(&flags_module);

    if (m == NULL)
        return NULL;
    if (add_flag_type(m, &Flag_Color_Type, "Color") < 0 ||
        add_flag_type(m, &Flag_Shape_Type, "Shape") < 0 ||
        add_flag_type(m, &Flag_Size_Type, "Size") < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
