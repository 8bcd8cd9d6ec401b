/* A palette of named colours: the names and values live in palette-entries.h, one
 * `add_colour(...) JOINER` line each, a list the build regenerates. The init includes it inside
 * an `if (` so that the first colour that fails stops the chain. */
#include <Python.h>

static PyObject *PaletteError;

static int
add_colour(PyObject *mod, const char *name, unsigned long rgb)
{
    PyObject *value = PyLong_FromUnsignedLong(rgb);

    if (value == NULL)
        return -1;
    if (PyModule_AddObject(mod, name, value) < 0) {
        Py_DECREF(value);
        return -1;
    }
    return 0;
}

static PyObject *
palette_channel(PyObject *self, PyObject *args)
{
    unsigned long rgb;
    int shift;

    if (!PyArg_ParseTuple(args, "ki", &rgb, &shift))
        return NULL;
    if (shift != 0 && shift != 8 && shift != 16) {
        PyErr_Format(PaletteError, "no channel at shift %d", shift);
        return NULL;
    }
    return PyLong_FromUnsignedLong((rgb >> shift) & 0xff);
}

static PyMethodDef palette_methods[] = {
    {"channel", palette_channel, METH_VARARGS, "channel(rgb, shift) -> one byte of rgb"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef palette_module = {
    PyModuleDef_HEAD_INIT,
    "palette",
    "Named colours.",
    -1,
    palette_methods
};

PyMODINIT_FUNC
PyInit_palette(void)
{
    PyObject *mod;

    mod = PyModule_Create(&palette_module);
    if (mod == NULL)
        return NULL;

    PaletteError = PyErr_NewException("palette.PaletteError", PyExc_ValueError, NULL);
    if (PaletteError == NULL) {
        Py_DECREF(mod);
        return NULL;
    }
    Py_INCREF(PaletteError);
    if (PyModule_AddObject(mod, "PaletteError", PaletteError) < 0) {
        Py_DECREF(PaletteError);
        Py_DECREF(mod);
        return NULL;
    }

    if ( /* one add_colour() per line, joined by || */
#define JOINER ||
#include "palette-entries.h"
#undef JOINER
        PyModule_AddIntConstant(mod, "COUNT", 5) < 0) {
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
