/* Python 2/3 compatibility macros split the module's setup in two: MODULE_DEF(...) declares the
 * module def at file scope (nothing on Python 2), and MODULE_CREATE(...) in the init creates the
 * module from it (Py_InitModule3 on Python 2). */
#include <Python.h>

#if PY_MAJOR_VERSION >= 3
#define MODULE_ERROR            NULL
#define MODULE_RETURN(v)        return (v)
#define MODULE_INIT(name)       PyMODINIT_FUNC PyInit_##name(void)
#define MODULE_DEF(name, doc, methods)                      \
    static struct PyModuleDef moduledef = {                 \
        PyModuleDef_HEAD_INIT, (name), (doc), -1, (methods), };
#define MODULE_CREATE(obj, name, doc, methods)              \
    obj = PyModule_Create(&moduledef);
#else
#define MODULE_ERROR
#define MODULE_RETURN(v)
#define MODULE_INIT(name)       void init##name(void)
#define MODULE_DEF(name, doc, methods)
#define MODULE_CREATE(obj, name, doc, methods)              \
    obj = Py_InitModule3((name), (methods), (doc));
#endif

static PyObject *PortError;

static const struct {
    const char *name;
    int port;
} well_known[] = {
    {"ftp", 21},
    {"ssh", 22},
    {"smtp", 25},
    {"http", 80},
    {"https", 443},
};

static PyObject *
ports_lookup(PyObject *self, PyObject *arg)
{
    const char *name = PyUnicode_AsUTF8(arg);
    size_t i;

    if (name == NULL)
        return NULL;
    for (i = 0; i < sizeof(well_known) / sizeof(well_known[0]); i++) {
        if (strcmp(well_known[i].name, name) == 0)
            return PyLong_FromLong(well_known[i].port);
    }
    PyErr_Format(PortError, "unknown service '%s'", name);
    return NULL;
}

static PyMethodDef ports_methods[] = {
    {"lookup", ports_lookup, METH_O, "Port number of a well-known service."},
    {NULL, NULL, 0, NULL}
};

MODULE_DEF("ports", "Well-known service ports.", ports_methods);

MODULE_INIT(ports)
{
    PyObject *m;

    MODULE_CREATE(m, "ports", "Well-known service ports.", ports_methods);
    if (!m)
        return MODULE_ERROR;

    PortError = PyErr_NewException("ports.PortError", PyExc_LookupError, NULL);
    if (PortError == NULL) {
        Py_DECREF(m);
        return MODULE_ERROR;
    }
    Py_INCREF(PortError);
    if (PyModule_AddObject(m, "PortError", PortError) < 0) {
        Py_DECREF(PortError);
        Py_DECREF(m);
        return MODULE_ERROR;
    }
    if (PyModule_AddIntConstant(m, "COUNT", (long)(sizeof(well_known) / sizeof(well_known[0]))) < 0) {
        Py_DECREF(m);
        return MODULE_ERROR;
    }

    MODULE_RETURN(m);
}
