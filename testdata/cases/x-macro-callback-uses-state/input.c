/*
 * palette: one exception per colour, made in init by an X-macro. COLOR_MAP(XX) calls XX with
 * each colour's number and names; the callback given to it is a macro defined just for that
 * expansion, and it uses the module's base exception.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define COLOR_MAP(XX) \
    XX(0, RED, "red") \
    XX(1, GREEN, "green") \
    XX(2, BLUE, "blue")

static PyObject *PaletteError;

static PyObject *
palette_check(PyObject *module, PyObject *arg)
{
    long v = PyLong_AsLong(arg);

    if (v == -1 && PyErr_Occurred())
        return NULL;
    if (v < 0 || v > 2) {
        PyErr_Format(PaletteError, "no colour numbered %ld", v);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef palette_methods[] = {
    {"check", palette_check, METH_O, "Raise PaletteError unless the number names a colour."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef palettemodule = {
    PyModuleDef_HEAD_INIT,
    "palette",
    "Colours and their errors.",
    -1,
    palette_methods,
};

PyMODINIT_FUNC
PyInit_palette(void)
{
    PyObject *m, *sub;

    m = PyModule_Create(&palettemodule);
    if (m == NULL)
        return NULL;
    PaletteError = PyErr_NewException("palette.PaletteError", NULL, NULL);
    if (PaletteError == NULL)
        goto fail;
    Py_INCREF(PaletteError);
    if (PyModule_AddObject(m, "PaletteError", PaletteError) < 0) {
        Py_DECREF(PaletteError);
        goto fail;
    }
#define ADD_COLOR(NUM, NAME, STR) \
    if (PyModule_AddIntConstant(m, #NAME, NUM) < 0) \
        goto fail; \
    sub = PyErr_NewException("palette." #NAME "Error", PaletteError, NULL); \
    if (sub == NULL) \
        goto fail; \
    if (PyModule_AddObject(m, #NAME "Error", sub) < 0) { \
        Py_DECREF(sub); \
        goto fail; \
    }
    COLOR_MAP(ADD_COLOR)
#undef ADD_COLOR
    return m;

fail:
    Py_DECREF(m);
    return NULL;
}
