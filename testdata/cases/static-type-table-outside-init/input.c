/* The module's static types listed in tables: one at file scope that an argument check indexes by
 * kind at run time, one in the init helper that readies and adds every type in a loop. The helper's
 * table alone could become a local array filled from the state, but the file-scope one is read by a
 * module function: heap types are made per module, so that table cannot stay one per process, the
 * types stay static with it, and the findings say what to do by hand. */
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

static PyTypeObject *kind_types[] = {
    &Box_Type,
    &Crate_Type
};

static PyObject *
is_kind(PyObject *module, PyObject *args)
{
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

static struct PyModuleDef typetbl_module = {
    PyModuleDef_HEAD_INIT, "typetbl", NULL, -1, typetbl_methods
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

PyMODINIT_FUNC
PyInit_typetbl(void)
{
    PyObject *mod = PyModule_Create(&typetbl_module);

    if (mod == NULL) {
        return NULL;
    }
    if (add_types(mod) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    if (PyModule_AddIntConstant(mod, "KIND_BOX", KIND_BOX) < 0 ||
        PyModule_AddIntConstant(mod, "KIND_CRATE", KIND_CRATE) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
