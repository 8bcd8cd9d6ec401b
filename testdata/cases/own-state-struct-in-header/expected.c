/*
 * linebuf: splits a byte stream into lines. Its exception already lives in a state struct that its
 * header defines, while the splitter type (another file) and a cached separator are still static.
 */
#include "linebuf.h"

static int linebuf_traverse(PyObject *m, visitproc visit, void *arg) {
    struct linebuf_ModuleState *st = get_linebuf_state(m);

    Py_VISIT(st->separator);
    Py_VISIT(st->Splitter_Type);
    Py_VISIT(LB_STATE(m)->ParseError);
    return 0;
}

static int linebuf_clear(PyObject *m) {
    struct linebuf_ModuleState *st = get_linebuf_state(m);

    Py_CLEAR(st->separator);
    Py_CLEAR(st->Splitter_Type);
    Py_CLEAR(LB_STATE(m)->ParseError);
    return 0;
}

static PyObject *
count_lines(PyObject *self, PyObject *data)
{
    char *buf;
    Py_ssize_t len, i, n = 0;

    if (PyBytes_AsStringAndSize(data, &buf, &len) < 0)
        return NULL;
    for (i = 0; i < len; i++)
        if (buf[i] == '\n')
            n++;
    if (len > 0 && buf[len - 1] != '\n') {
        PyErr_SetString(LB_STATE(self)->ParseError, "data does not end with a newline");
        return NULL;
    }
    return PyLong_FromSsize_t(n);
}

static PyMethodDef linebuf_methods[] = {
    {"count_lines", count_lines, METH_O, "count the complete lines of a bytes object"},
    {NULL, NULL, 0, NULL}
};

static int linebuf_clear(PyObject *);

static void linebuf_free(void *module)
{
    (void)linebuf_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int linebuf_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                               PyTypeObject **type, int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

static int linebuf_exec(PyObject *m);

static PyModuleDef_Slot linebuf_slots[] = {
    {Py_mod_exec, (void *)linebuf_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef linebuf_module = {
    PyModuleDef_HEAD_INIT,
    "linebuf",
    NULL,
    sizeof(struct linebuf_ModuleState), /* m_size */
    linebuf_methods,
    linebuf_slots,
    linebuf_traverse,
    linebuf_clear,
    linebuf_free
};

static int linebuf_exec(PyObject *m)
{
    struct linebuf_ModuleState *st = get_linebuf_state(m);

    if (linebuf_create_type(m, &Splitter_spec, NULL, &st->Splitter_Type, 0) < 0)
        return -1;
    LB_STATE(m)->ParseError = PyErr_NewException("linebuf.ParseError", PyExc_ValueError, NULL);
    if (LB_STATE(m)->ParseError == NULL)
        return -1;
    Py_INCREF(LB_STATE(m)->ParseError);
    if (PyModule_AddObject(m, "ParseError", LB_STATE(m)->ParseError) < 0) {
        Py_DECREF(LB_STATE(m)->ParseError);
        return -1;
    }
    Py_INCREF(st->Splitter_Type);
    if (PyModule_AddObject(m, "Splitter", (PyObject *)st->Splitter_Type) < 0) {
        Py_DECREF(st->Splitter_Type);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC PyInit_linebuf(void)
{
    return PyModuleDef_Init(&linebuf_module);
}
