/*
 * linebuf: splits a byte stream into lines. Its exception already lives in a state struct that its
 * header defines, while the splitter type (another file) and a cached separator are still static.
 */
#include "linebuf.h"

static int linebuf_traverse(PyObject *m, visitproc visit, void *arg) {
    Py_VISIT(LB_STATE(m)->ParseError);
    return 0;
}

static int linebuf_clear(PyObject *m) {
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

static struct PyModuleDef linebuf_module = {
    PyModuleDef_HEAD_INIT,
    "linebuf",
    NULL,
    sizeof(struct linebuf_ModuleState), /* m_size */
    linebuf_methods,
    NULL,
    linebuf_traverse,
    linebuf_clear,
    NULL
};

PyMODINIT_FUNC PyInit_linebuf(void)
{
    PyObject *m;

    if (PyType_Ready(&Splitter_Type) < 0)
        return NULL;
    m = PyModule_Create(&linebuf_module);
    if (m == NULL)
        return NULL;
    LB_STATE(m)->ParseError = PyErr_NewException("linebuf.ParseError", PyExc_ValueError, NULL);
    if (LB_STATE(m)->ParseError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(LB_STATE(m)->ParseError);
    if (PyModule_AddObject(m, "ParseError", LB_STATE(m)->ParseError) < 0) {
        Py_DECREF(LB_STATE(m)->ParseError);
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(&Splitter_Type);
    if (PyModule_AddObject(m, "Splitter", (PyObject *)&Splitter_Type) < 0) {
        Py_DECREF(&Splitter_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
