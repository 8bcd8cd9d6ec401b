/* The module's static types listed in a function-level static table of the init helper, which
 * readies and adds every type in a loop over it (py-lmdb's shape). The types become heap types
 * created in exec, and the table a local array of the helper filled from the state's pointers. */
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
kind_of(PyObject *module, PyObject *obj)
{
    const char *name = Py_TYPE(obj)->tp_name;
    const char *dot = strrchr(name, '.');

    return PyUnicode_FromString(dot != NULL ? dot + 1 : name);
}

static PyMethodDef typetbl_methods[] = {
    {"kind_of", kind_of, METH_O, "The short name of obj's type."},
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
