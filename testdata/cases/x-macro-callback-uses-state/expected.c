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

static PyObject *
palette_check(PyObject *module, PyObject *arg)
{
    long v = PyLong_AsLong(arg);

    if (v == -1 && PyErr_Occurred())
        return NULL;
    if (v < 0 || v > 2) {
        palette_state *st = get_palette_state(module);
        PyErr_Format(st->PaletteError, "no colour numbered %ld", v);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef palette_methods[] = {
    {"check", palette_check, METH_O, "Raise PaletteError unless the number names a colour."},
    {NULL, NULL, 0, NULL}
};

static int palette_exec(PyObject *m);

static PyModuleDef_Slot palette_slots[] = {
    {Py_mod_exec, (void *)palette_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef palettemodule = {
    PyModuleDef_HEAD_INIT,
    "palette",
    "Colours and their errors.",
    sizeof(palette_state),
    palette_methods,
    palette_slots,
    palette_traverse,
    palette_clear,
    palette_free,
};

static int
palette_exec(PyObject *m)
{
    palette_state *st = get_palette_state(m);
    PyObject *sub;

    st->PaletteError = PyErr_NewException("palette.PaletteError", NULL, NULL);
    if (st->PaletteError == NULL)
        goto fail;
    Py_INCREF(st->PaletteError);
    if (PyModule_AddObject(m, "PaletteError", st->PaletteError) < 0) {
        Py_DECREF(st->PaletteError);
        goto fail;
    }
#define ADD_COLOR(NUM, NAME, STR) \
    if (PyModule_AddIntConstant(m, #NAME, NUM) < 0) \
        goto fail; \
    sub = PyErr_NewException("palette." #NAME "Error", st->PaletteError, NULL); \
    if (sub == NULL) \
        goto fail; \
    if (PyModule_AddObject(m, #NAME "Error", sub) < 0) { \
        Py_DECREF(sub); \
        goto fail; \
    }
    COLOR_MAP(ADD_COLOR)
#undef ADD_COLOR
    return 0;

fail:
    return -1;
}

PyMODINIT_FUNC
PyInit_palette(void)
{
    return PyModuleDef_Init(&palettemodule);
}
