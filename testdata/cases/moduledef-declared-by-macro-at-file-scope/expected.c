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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *PortError; /* was: static PyObject *PortError */
} ports_state;

static inline ports_state *
get_ports_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (ports_state *)state;
}

static int
ports_traverse(PyObject *module, visitproc visit, void *arg)
{
    ports_state *st = get_ports_state(module);
    Py_VISIT(st->PortError);
    return 0;
}

static int
ports_clear(PyObject *module)
{
    ports_state *st = get_ports_state(module);
    Py_CLEAR(st->PortError);
    return 0;
}

static void
ports_free(void *module)
{
    (void)ports_clear((PyObject *)module);
}

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
    ports_state *st = get_ports_state(self);
    const char *name = PyUnicode_AsUTF8(arg);
    size_t i;

    if (name == NULL)
        return NULL;
    for (i = 0; i < sizeof(well_known) / sizeof(well_known[0]); i++) {
        if (strcmp(well_known[i].name, name) == 0)
            return PyLong_FromLong(well_known[i].port);
    }
    PyErr_Format(st->PortError, "unknown service '%s'", name);
    return NULL;
}

static PyMethodDef ports_methods[] = {
    {"lookup", ports_lookup, METH_O, "Port number of a well-known service."},
    {NULL, NULL, 0, NULL}
};

static int ports_exec(PyObject *m);

static PyModuleDef_Slot ports_slots[] = {
    {Py_mod_exec, (void *)ports_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "ports", "Well-known service ports.", sizeof(ports_state), ports_methods,
    ports_slots,
    ports_traverse,
    ports_clear,
    ports_free
};

static int
ports_exec(PyObject *m)
{
    ports_state *st = get_ports_state(m);

    st->PortError = PyErr_NewException("ports.PortError", PyExc_LookupError, NULL);
    if (st->PortError == NULL)
        return -1;
    Py_INCREF(st->PortError);
    if (PyModule_AddObject(m, "PortError", st->PortError) < 0) {
        Py_DECREF(st->PortError);
        return -1;
    }
    if (PyModule_AddIntConstant(m, "COUNT", (long)(sizeof(well_known) / sizeof(well_known[0]))) < 0)
        return -1;

    return 0;
}

MODULE_INIT(ports)
{
    return PyModuleDef_Init(&moduledef);
}
