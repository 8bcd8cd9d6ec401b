/* tally: the init's whole head is chosen by #ifndef of the file's own Python 2 flag (defined only
 * under #if PY_MAJOR_VERSION == 2), and each branch goes on after the body's { with the module's
 * creation and its error return, as fastcache's init does (self-written). The Python 3 branch's
 * statements stay in the exec's body; the Python 2 branch goes. */
#include <Python.h>

#if PY_MAJOR_VERSION == 2
#define TALLY_PY2
#endif

typedef struct {
    PyObject_HEAD
    long count;
} TallyObject;

static PyObject *
Tally_add(TallyObject *self, PyObject *unused)
{
    self->count++;
    return PyLong_FromLong(self->count);
}

static PyMethodDef Tally_methods[] = {
    {"add", (PyCFunction)Tally_add, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Tally_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "tally.Tally",
    sizeof(TallyObject),
};

static PyMethodDef tally_methods[] = {
    {NULL, NULL, 0, NULL}
};

#ifndef TALLY_PY2
static struct PyModuleDef tally_module = {
    PyModuleDef_HEAD_INIT, "tally", "Counting.", -1, tally_methods
};
#endif

#ifndef PyMODINIT_FUNC
#define PyMODINIT_FUNC void
#endif
#ifndef TALLY_PY2
PyMODINIT_FUNC PyInit_tally(void) {
    PyObject *m = PyModule_Create(&tally_module);
#define TALLY_INIT_ERROR return NULL
#else
PyMODINIT_FUNC inittally(void) {
    PyObject *m = Py_InitModule3("tally", tally_methods, "Counting.");
#define TALLY_INIT_ERROR return
#endif
    if (m == NULL)
        TALLY_INIT_ERROR;

    Tally_Type.tp_flags = Py_TPFLAGS_DEFAULT;
    Tally_Type.tp_methods = Tally_methods;
    Tally_Type.tp_new = PyType_GenericNew;
    if (PyType_Ready(&Tally_Type) < 0)
        TALLY_INIT_ERROR;
    Py_INCREF(&Tally_Type);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&Tally_Type) < 0) {
        Py_DECREF(&Tally_Type);
        Py_DECREF(m);
        TALLY_INIT_ERROR;
    }
#ifndef TALLY_PY2
    return m;
#endif
}
