/*
 * pathbox: keeps a path in the platform's own encoding. The function that makes a box declares
 * its buffer per platform, so its declarations end with an #endif right above the allocation,
 * which comes first (its fields start empty, so that an error path can drop it).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

typedef struct {
    PyObject_HEAD
    PyObject *path;     /* the path as given */
    Py_ssize_t length;  /* its length in the platform's encoding */
} PathBox;

static void
PathBox_dealloc(PathBox *self)
{
    Py_XDECREF(self->path);
    PyObject_Del(self);
}

static PyObject *
PathBox_length(PathBox *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromSsize_t(self->length);
}

static PyMethodDef PathBox_methods[] = {
    {"length", (PyCFunction)PathBox_length, METH_NOARGS, "The length in the platform's encoding."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject PathBox_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "pathbox.PathBox",            /* tp_name */
    sizeof(PathBox),              /* tp_basicsize */
    0,                            /* tp_itemsize */
    (destructor)PathBox_dealloc,  /* tp_dealloc */
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    Py_TPFLAGS_DEFAULT,           /* tp_flags */
    "A path kept in the platform's encoding.",  /* tp_doc */
    0, 0, 0, 0, 0, 0,
    PathBox_methods,              /* tp_methods */
};

static PyObject *
pathbox_open(PyObject *module, PyObject *args)
{
    PyObject *path;
    PathBox *box;
#ifdef _WIN32
    wchar_t *raw;
#else
    PyObject *raw;
#endif

    box = PyObject_New(PathBox, &PathBox_Type);
    if (box == NULL) {
        return NULL;
    }
    box->path = NULL;
    box->length = 0;
    if (!PyArg_ParseTuple(args, "U:open", &path)) {
        Py_DECREF(box);
        return NULL;
    }
    Py_INCREF(path);
    box->path = path;
#ifdef _WIN32
    raw = PyUnicode_AsWideCharString(path, &box->length);
    if (raw == NULL) {
        Py_DECREF(box);
        return NULL;
    }
    PyMem_Free(raw);
#else
    raw = PyUnicode_EncodeFSDefault(path);
    if (raw == NULL) {
        Py_DECREF(box);
        return NULL;
    }
    box->length = PyBytes_GET_SIZE(raw);
    Py_DECREF(raw);
#endif
    return (PyObject *)box;
}

static PyMethodDef pathbox_methods[] = {
    {"open", pathbox_open, METH_VARARGS, "Keep a path in a new box."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef pathbox_module = {
    PyModuleDef_HEAD_INIT, "pathbox", NULL, -1, pathbox_methods
};

PyMODINIT_FUNC
PyInit_pathbox(void)
{
    PyObject *m;

    if (PyType_Ready(&PathBox_Type) < 0) {
        return NULL;
    }
    m = PyModule_Create(&pathbox_module);
    if (m == NULL) {
        return NULL;
    }
    Py_INCREF(&PathBox_Type);
    if (PyModule_AddObject(m, "PathBox", (PyObject *)&PathBox_Type) < 0) {
        Py_DECREF(&PathBox_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
