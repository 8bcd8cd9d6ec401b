/* A palette of named colours: the names and values live in palette-entries.h, one
 * `add_colour(...) JOINER` line each, a list the build regenerates. The init includes it inside
 * an `if (` so that the first colour that fails stops the chain. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *PaletteError; /* was: static PyObject *PaletteError */
} palette_state;

static inline palette_state *
get_palette_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (palette_state *)state;
}

static int
palette_traverse(PyObject *module, visitproc visit, void *arg)
{
    palette_state *st = get_palette_state(module);
    Py_VISIT(st->PaletteError);
    return 0;
}

static int
palette_clear(PyObject *module)
{
    palette_state *st = get_palette_state(module);
    Py_CLEAR(st->PaletteError);
    return 0;
}

static void
palette_free(void *module)
{
    (void)palette_clear((PyObject *)module);
}

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
        palette_state *st = get_palette_state(self);
        PyErr_Format(st->PaletteError, "no channel at shift %d", shift);
        return NULL;
    }
    return PyLong_FromUnsignedLong((rgb >> shift) & 0xff);
}

static PyMethodDef palette_methods[] = {
    {"channel", palette_channel, METH_VARARGS, "channel(rgb, shift) -> one byte of rgb"},
    {NULL, NULL, 0, NULL}
};

static int palette_exec(PyObject *mod);

static PyModuleDef_Slot palette_slots[] = {
    {Py_mod_exec, (void *)palette_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef palette_module = {
    PyModuleDef_HEAD_INIT,
    "palette",
    "Named colours.",
    sizeof(palette_state),
    palette_methods,
    palette_slots,
    palette_traverse,
    palette_clear,
    palette_free
};

static int
palette_exec(PyObject *mod)
{
    palette_state *st = get_palette_state(mod);

    st->PaletteError = PyErr_NewException("palette.PaletteError", PyExc_ValueError, NULL);
    if (st->PaletteError == NULL)
        return -1;
    Py_INCREF(st->PaletteError);
    if (PyModule_AddObject(mod, "PaletteError", st->PaletteError) < 0) {
        Py_DECREF(st->PaletteError);
        return -1;
    }

    if ( /* one add_colour() per line, joined by || */
#define JOINER ||
#include "palette-entries.h"
#undef JOINER
        PyModule_AddIntConstant(mod, "COUNT", 5) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_palette(void)
{
    return PyModuleDef_Init(&palette_module);
}
