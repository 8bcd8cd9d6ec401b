/* A function-level static table of the module's types in a module function, indexed by a kind
 * Python passes in at run time. Heap types are made per module, so that table cannot stay one per
 * process, nor become a local array filled once in exec: the types stay static with it, and the
 * findings say what to do by hand (the init helper's own table alone would convert). */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long size;
} BoxObject;

typedef struct {
    PyObject_HEAD
    long weight;
} CrateObject;

static PyTypeObject Box_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "typetbl.Box",
    .tp_basicsize = sizeof(BoxObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static PyTypeObject Crate_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "typetbl.Crate",
    .tp_basicsize = sizeof(CrateObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

enum kind { KIND_BOX, KIND_CRATE };

static PyObject *
is_kind(PyObject *module, PyObject *args)
{
    static PyTypeObject *kind_types[] = {&Box_Type, &Crate_Type};
    PyObject *obj;
    int kind;

    if (!PyArg_ParseTuple(args, "Oi", &obj, &kind)) {
        return NULL;
    }
    if (kind < KIND_BOX || kind > KIND_CRATE) {
        PyErr_SetString(PyExc_ValueError, "unknown kind");
        return NULL;
    }
    return PyBool_FromLong(Py_TYPE(obj) == kind_types[kind]);
}

static PyMethodDef typetbl_methods[] = {
    {"is_kind", is_kind, METH_VARARGS, "Whether obj is exactly of the kind's type."},
    {NULL, NULL, 0, NULL}
};

static int typetbl_exec(PyObject *mod);

static PyModuleDef_Slot typetbl_slots[] = {
    {Py_mod_exec, (void *)typetbl_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef typetbl_module = {
    PyModuleDef_HEAD_INIT, "typetbl", NULL, 0, typetbl_methods,
    typetbl_slots
};

static int
add_types(PyObject *mod)
{
    static PyTypeObject *types[] = {
        &Box_Type,
        &Crate_Type,
        NULL
    };
    int i;

    for (i = 0; types[i] != NULL; i++) {
        const char *name = strrchr(types[i]->tp_name, '.') + 1;

        if (PyType_Ready(types[i]) < 0) {
            return -1;
        }
        Py_INCREF(types[i]);
        if (PyModule_AddObject(mod, name, (PyObject *)types[i]) < 0) {
            Py_DECREF(types[i]);
            return -1;
        }
    }
    return 0;
}

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int typetbl_loaded_once = 0;

static int
typetbl_exec(PyObject *mod)
{

    if (typetbl_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "typetbl cannot be loaded more than once per process");
        return -1;
    }
    if (add_types(mod) < 0) {
        return -1;
    }
    if (PyModule_AddIntConstant(mod, "KIND_BOX", KIND_BOX) < 0 ||
        PyModule_AddIntConstant(mod, "KIND_CRATE", KIND_CRATE) < 0) {
        return -1;
    }
    typetbl_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_typetbl(void)
{
    return PyModuleDef_Init(&typetbl_module);
}
